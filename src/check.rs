//! The `check` pipeline: load → parse → schema → record rules → corpus
//! rules → suppress, producing diagnostics for the renderers. Files are
//! processed in parallel; results are sorted so output is deterministic.

use crate::diagnostic::{Anchor, Diagnostic, Finding, RecordId};
use crate::json;
use crate::load::{self, InputError, Layout, Origin, ReadError};
use crate::locate::{self, RecordTexts};
use crate::record::Record;
use crate::rules::{Context, RuleSet};
use crate::schema::SCHEMAS;
use crate::source::SourceFile;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::Arc;

pub struct Options {
    pub paths: Vec<String>,
    pub stdin_filename: Option<String>,
    pub max_file_size: u64,
    pub today: crate::date::Date,
    pub verbose: bool,
}

/// Everything a run found, ready to render.
pub struct Outcome {
    pub files: Vec<Arc<SourceFile>>,
    pub records: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Problems that make the exit code 2 (missing paths, unreadable files).
    pub input_errors: Vec<InputError>,
    /// `--verbose` notes: which kind each record was taken for.
    pub notes: Vec<String>,
}

struct FileOutcome {
    source: Arc<SourceFile>,
    records: usize,
    diagnostics: Vec<Diagnostic>,
    io_error: Option<InputError>,
    notes: Vec<String>,
}

pub fn run(opts: &Options, rules: &RuleSet) -> Outcome {
    let (origins, mut input_errors) = load::collect(&opts.paths, opts.stdin_filename.as_deref());
    let ctx = Context { today: opts.today };
    let outcomes: Vec<FileOutcome> =
        origins.par_iter().enumerate().map(|(i, origin)| check_file(i, origin, opts, rules, &ctx)).collect();
    let mut out =
        Outcome { files: Vec::new(), records: 0, diagnostics: Vec::new(), input_errors: Vec::new(), notes: Vec::new() };
    for o in outcomes {
        out.files.push(o.source);
        out.records += o.records;
        out.diagnostics.extend(o.diagnostics);
        out.notes.extend(o.notes);
        input_errors.extend(o.io_error);
    }
    out.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.input_errors = input_errors;
    out
}

/// One file's records with their texts, for resolving anchors.
struct FileRecords<'a> {
    source: &'a SourceFile,
    ranges: &'a [Range<usize>],
}

impl RecordTexts for FileRecords<'_> {
    fn file(&self, _: usize) -> &SourceFile {
        self.source
    }
    fn range(&self, anchor: &Anchor) -> Range<usize> {
        self.ranges[anchor.record.index].clone()
    }
}

fn check_file(index: usize, origin: &Origin, opts: &Options, rules: &RuleSet, ctx: &Context) -> FileOutcome {
    let name: Arc<str> = origin.display_name().into();
    let text = match load::read(origin, opts.max_file_size) {
        Ok(text) => text,
        Err(e) => return unreadable(index, name, e, rules),
    };
    let source = Arc::new(SourceFile::new(name, text));
    let mut diagnostics = Vec::new();
    let mut notes = Vec::new();
    let file_diag = |name: &str, span: Range<usize>, message: String, help: Option<String>| {
        rules.file_diagnostic(name, index, &source, span, message, help)
    };
    let ranges = match load::split(&source, load::jsonl_hint(origin)) {
        Layout::Records(r) | Layout::Lines(r) => r,
        Layout::Empty => {
            diagnostics.extend(file_diag(
                "empty-file",
                0..0,
                "the file holds no record".into(),
                Some("add a record, or delete the file".into()),
            ));
            Vec::new()
        }
        Layout::Broken { offset, message, too_deep } => {
            diagnostics.extend(parse_diagnostic(&file_diag, offset, message, too_deep));
            Vec::new()
        }
        Layout::NotRecords { offset, found } => {
            diagnostics.extend(file_diag(
                "not-a-record",
                offset..offset + 1,
                format!("expected a record object or an array of records, found {found}"),
                None,
            ));
            Vec::new()
        }
    };
    let mut findings: Vec<Finding> = Vec::new();
    let mut parsed = 0;
    for (i, range) in ranges.iter().enumerate() {
        let id = RecordId { file: index, index: i };
        let text = &source.text[range.clone()];
        let p = match json::parse_record(text) {
            Ok(p) => p,
            Err(e) => {
                let offset = load::error_offset(&source, range.start, e.line, e.column);
                diagnostics.extend(parse_diagnostic(&file_diag, offset, e.message, e.too_deep));
                continue;
            }
        };
        if !p.value.is_object() {
            diagnostics.extend(file_diag(
                "not-a-record",
                range.start..range.start + 1,
                format!("record {i} is not a JSON object"),
                Some(
                    "each record is an object with `Opportunity` and `Funding`, or a bare CreateOpportunity body"
                        .into(),
                ),
            ));
            continue;
        }
        if p.has_duplicate_keys {
            diagnostics.extend(duplicate_key_diagnostics(rules, index, &source, range.start, text));
        }
        let record = Record::new(id, range.clone(), p.value);
        if opts.verbose {
            notes.push(format!("{}: record {} taken as a {}", source.name, i, record.kind.as_str()));
        }
        parsed += 1;
        SCHEMAS.validate(&record, rules, &mut findings);
        rules.check_record(&record, ctx, &mut findings);
    }
    let texts = FileRecords { source: &source, ranges: &ranges };
    diagnostics.extend(findings.into_iter().map(|f| locate::resolve(f, &texts)));
    FileOutcome { source, records: parsed, diagnostics, io_error: None, notes }
}

fn parse_diagnostic(
    file_diag: &impl Fn(&str, Range<usize>, String, Option<String>) -> Option<Diagnostic>,
    offset: usize,
    message: String,
    too_deep: bool,
) -> Option<Diagnostic> {
    if too_deep {
        file_diag(
            "nested-too-deeply",
            offset..offset + 1,
            "the JSON is nested too deeply (more than 128 levels)".into(),
            Some("a record needs only a few levels; this input is broken or not a record".into()),
        )
    } else {
        file_diag("invalid-json", offset..offset, format!("invalid JSON: {message}"), None)
    }
}

fn duplicate_key_diagnostics(
    rules: &RuleSet,
    file: usize,
    source: &SourceFile,
    base: usize,
    text: &str,
) -> Vec<Diagnostic> {
    json::duplicate_keys(text)
        .into_iter()
        .filter_map(|d| {
            let second = base + d.second.start..base + d.second.end;
            let first = base + d.first.start..base + d.first.end;
            let key = &source.text[second.clone()];
            let mut diag = rules.file_diagnostic(
                "duplicate-key",
                file,
                source,
                second,
                format!("duplicate key {key}: the earlier value is silently discarded"),
                Some("keep one of the two members".into()),
            )?;
            diag.location.pointer = Some(d.pointer);
            diag.related.push(crate::diagnostic::Related {
                location: locate::location(source, first),
                message: "first occurrence".into(),
            });
            Some(diag)
        })
        .collect()
}

fn unreadable(index: usize, name: Arc<str>, e: ReadError, rules: &RuleSet) -> FileOutcome {
    let (source, diagnostic, io_error) = match e {
        ReadError::Io(message) => {
            let source = Arc::new(SourceFile::new(name.clone(), ""));
            let d = rules.file_diagnostic(
                "unreadable-file",
                index,
                &source,
                0..0,
                format!("cannot read the file: {message}"),
                None,
            );
            (source, d, Some(InputError { path: name.to_string(), message }))
        }
        ReadError::TooLarge { size, limit } => {
            let source = Arc::new(SourceFile::new(name, ""));
            let d = rules.file_diagnostic(
                "file-too-large",
                index,
                &source,
                0..0,
                format!("the file is {size} bytes, over the {limit}-byte limit"),
                Some("split the records over several files, or raise `--max-file-size`".into()),
            );
            (source, d, None)
        }
        ReadError::NotUtf8 { valid_up_to, prefix } => {
            let source = Arc::new(SourceFile::new(name, prefix));
            let d = rules.file_diagnostic(
                "invalid-utf8",
                index,
                &source,
                valid_up_to..valid_up_to,
                format!("the file is not valid UTF-8 (bad byte at offset {valid_up_to})"),
                Some("save the file as UTF-8".into()),
            );
            (source, d, None)
        }
    };
    FileOutcome { source, records: 0, diagnostics: diagnostic.into_iter().collect(), io_error, notes: Vec::new() }
}
