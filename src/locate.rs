//! Resolves findings to places: a record's anchors become byte spans in its
//! file (through the JSON locator), then line and column. Only records with
//! findings are scanned, each once per anchor.

use crate::diagnostic::{Anchor, Diagnostic, Finding, Location, Related, Target};
use crate::json;
use crate::source::SourceFile;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::Arc;

/// What the locator needs to know about a record: its file and byte range.
pub trait RecordTexts {
    fn file(&self, file: usize) -> Arc<SourceFile>;
    fn range(&self, anchor: &Anchor) -> Range<usize>;
    /// Whether a key may repeat in the record's objects (safe default:
    /// it may, and the locator reads each object to its end).
    fn keys(&self, _: &Anchor) -> json::Keys {
        json::Keys::MayRepeat
    }
}

/// Resolves many findings, scanning each record once (through a span
/// index) when it has enough findings for per-finding scans to add up.
pub fn resolve_all<T: RecordTexts + Sync>(findings: Vec<Finding>, texts: &T) -> Vec<Diagnostic> {
    let mut per_record: rustc_hash::FxHashMap<crate::diagnostic::RecordId, usize> = Default::default();
    for f in &findings {
        *per_record.entry(f.at.record).or_default() += 1;
    }
    let mut indexes: rustc_hash::FxHashMap<crate::diagnostic::RecordId, rustc_hash::FxHashMap<String, json::Spans>> =
        Default::default();
    for (&id, _) in per_record.iter().filter(|(_, &n)| n > INDEX_THRESHOLD) {
        let file = texts.file(id.file);
        let anchor = Anchor::key(id, "");
        indexes.insert(id, json::index(file.text.get(texts.range(&anchor)).unwrap_or_default()));
    }
    // In parallel: the cross-record stage resolves all its findings here,
    // reading the files of otherwise clean records again.
    findings
        .into_par_iter()
        .with_min_len(16)
        .map(|f| {
            let place = |a: &Anchor| match indexes.get(&a.record) {
                Some(idx) => place_with(a, texts, &|_: &str, p: &str| idx.get(p).cloned()),
                None => place(a, texts),
            };
            resolve(f, &place)
        })
        .collect()
}

fn resolve(f: Finding, place: &dyn Fn(&Anchor) -> Location) -> Diagnostic {
    let location = place(&f.at);
    let related = f.related.iter().map(|(a, m)| Related { location: place(a), message: m.clone() }).collect();
    Diagnostic {
        code: f.code,
        name: f.name,
        severity: f.severity,
        message: f.message,
        help: f.help,
        location,
        file_index: f.at.record.file,
        related,
        defers_to: f.defers_to,
        held_by: f.held_by,
        unmoved: f.unmoved.map(|u| Box::new(resolve(*u, place))),
    }
}

/// Past this many findings in one record, its spans are indexed at once.
const INDEX_THRESHOLD: usize = 16;

pub fn place<T: RecordTexts>(anchor: &Anchor, texts: &T) -> Location {
    let keys = texts.keys(anchor);
    place_with(anchor, texts, &|text: &str, p: &str| json::locate_with(text, p, keys))
}

fn place_with<T: RecordTexts>(
    anchor: &Anchor,
    texts: &T,
    lookup: &dyn Fn(&str, &str) -> Option<json::Spans>,
) -> Location {
    let file = texts.file(anchor.record.file);
    let range = texts.range(anchor);
    // The text may have been read again and changed since: never slice blindly.
    let text = file.text.get(range.clone()).unwrap_or_default();
    let span = span_in_record(text, &anchor.pointer, anchor.target, lookup);
    let span = range.start + span.start..range.start + span.end;
    let mut loc = location(&file, span);
    loc.pointer = Some(anchor.pointer.clone());
    loc.record = Some(anchor.record.index);
    loc
}

/// The span a label should cover. A pointer that no longer resolves (it
/// names a missing member) falls back to its nearest existing ancestor.
fn span_in_record(
    text: &str,
    pointer: &str,
    target: Target,
    lookup: &dyn Fn(&str, &str) -> Option<json::Spans>,
) -> Range<usize> {
    if let Target::Text { start, end } = target {
        if let Some(words) = words_in_value(text, pointer, start..end, lookup) {
            return words;
        }
    }
    let mut p = pointer;
    loop {
        if let Some(spans) = lookup(text, p) {
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
                (Target::Value | Target::Text { .. }, Some(k))
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

/// The source bytes of some words of the string at `pointer` (`words` is
/// a range of the string as parsed). `None` when the pointer names no
/// string there, as after an edit: the caller then labels what is left.
fn words_in_value(
    text: &str,
    pointer: &str,
    words: Range<usize>,
    lookup: &dyn Fn(&str, &str) -> Option<json::Spans>,
) -> Option<Range<usize>> {
    let value = lookup(text, pointer)?.value;
    let inner = json::unescape::raw_range(text.get(value.clone())?, words)?;
    Some(value.start + inner.start..value.start + inner.end)
}

/// A location for a byte span in a file.
pub fn location(file: &SourceFile, span: Range<usize>) -> Location {
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    Location { file: file.name.clone(), line, column, end_line, end_column, span, pointer: None, record: None }
}
