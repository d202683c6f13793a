//! Resolves findings to places: a record's anchors become byte spans in its
//! file (through the JSON locator), then line and column. Only records with
//! findings are scanned, each once per anchor.

use crate::diagnostic::{Anchor, Diagnostic, Finding, Location, Related, Target};
use crate::json;
use crate::source::SourceFile;
use std::ops::Range;
use std::sync::Arc;

/// What the locator needs to know about a record: its file and byte range.
pub trait RecordTexts {
    fn file(&self, file: usize) -> Arc<SourceFile>;
    fn range(&self, anchor: &Anchor) -> Range<usize>;
}

pub fn resolve<T: RecordTexts>(finding: Finding, texts: &T) -> Diagnostic {
    let location = place(&finding.at, texts);
    let related = finding
        .related
        .iter()
        .map(|(anchor, message)| Related { location: place(anchor, texts), message: message.clone() })
        .collect();
    Diagnostic {
        code: finding.code,
        name: finding.name,
        severity: finding.severity,
        message: finding.message,
        help: finding.help,
        location,
        file_index: finding.at.record.file,
        related,
    }
}

pub fn place<T: RecordTexts>(anchor: &Anchor, texts: &T) -> Location {
    let file = texts.file(anchor.record.file);
    let range = texts.range(anchor);
    let text = &file.text[range.clone()];
    let span = span_in_record(text, &anchor.pointer, anchor.target);
    let span = range.start + span.start..range.start + span.end;
    let mut loc = location(&file, span);
    loc.pointer = Some(anchor.pointer.clone());
    loc.record = Some(anchor.record.index);
    loc
}

/// The span a label should cover. A pointer that no longer resolves (it
/// names a missing member) falls back to its nearest existing ancestor.
fn span_in_record(text: &str, pointer: &str, target: Target) -> Range<usize> {
    let mut p = pointer;
    loop {
        if let Some(spans) = json::locate(text, p) {
            let value = || {
                let v = spans.value.clone();
                // An object or array is labelled by its opening bracket only.
                if matches!(text.as_bytes().get(v.start), Some(b'{' | b'[')) {
                    v.start..v.start + 1
                } else {
                    v
                }
            };
            return match (target, &spans.key) {
                (Target::Key, Some(k)) => k.clone(),
                (Target::Value, Some(k))
                    if text.as_bytes().get(spans.value.start).is_some_and(|b| matches!(b, b'{' | b'[')) =>
                {
                    k.clone()
                }
                _ => value(),
            };
        }
        match p.rfind('/') {
            Some(i) => p = &p[..i],
            None => return 0..text.len().min(1),
        }
    }
}

/// A location for a byte span in a file.
pub fn location(file: &SourceFile, span: Range<usize>) -> Location {
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    Location { file: file.name.clone(), line, column, end_line, end_column, span, pointer: None, record: None }
}
