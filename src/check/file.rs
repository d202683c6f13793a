//! The per-file stage of `check`, run on every thread at once: read a
//! file, split it into records, and take each record through parse,
//! schema, record rules and its cross-record profile. `run_on` merges what
//! each file returns, in path order.

use super::{Options, Timings};
use crate::corpus::{Profile, Settings};
use crate::diagnostic::{Anchor, Diagnostic, Finding, RecordId};
use crate::json;
use crate::load::{self, InputError, Layout, Origin, ReadError};
use crate::locate::{self, RecordTexts};
use crate::record::Record;
use crate::rules::{Context, RuleSet};
use crate::schema::SCHEMAS;
use crate::services;
use crate::source::SourceFile;
use crate::suppress::{self, Allow};
use std::ops::Range;
use std::sync::Arc;
use std::time::Instant;

/// What one file's check hands to the merge.
pub(super) struct FileOutcome {
    pub(super) source: Arc<SourceFile>,
    /// The text was let go (see `Outcome::source`).
    pub(super) dropped: bool,
    pub(super) report: bool,
    pub(super) allows: Vec<Allow>,
    /// Rules a typo in one of its records held back (see `rules::hold`).
    pub(super) held_back: Vec<Arc<str>>,
    pub(super) ranges: Vec<Range<usize>>,
    pub(super) profiles: Vec<Profile>,
    /// The values read where a record stands (an item of an array of
    /// records, a line of JSON Lines, a file's one value), objects or not:
    /// a value that is not an object is reported as that record, with its
    /// index, so it is counted as one. A line that cannot be read is not:
    /// its finding names no record.
    pub(super) records: usize,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) io_error: Option<InputError>,
    pub(super) notes: Vec<String>,
}

/// What every file's check shares.
pub(super) struct Shared<'a> {
    pub(super) opts: &'a Options,
    pub(super) rules: &'a RuleSet,
    pub(super) ctx: &'a Context,
    pub(super) settings: &'a Settings,
    pub(super) timings: &'a Timings,
}

pub(super) fn check_file(index: usize, origin: &Origin, report: bool, run: &Shared<'_>) -> FileOutcome {
    let clock = Instant::now();
    let name: Arc<str> = origin.display_name().into();
    let load::Text { text, invalid } = match load::read_text(origin, run.opts.max_file_size) {
        Ok(text) => text,
        Err(e) => return unreadable(index, name, report, e, run.rules),
    };
    let mut file = FileCheck::new(run, index, report, SourceFile::new(name, text), clock);
    let mut whole = file.split(origin);
    for i in 0..file.ranges.len() {
        // A line of JSON Lines that was not UTF-8 is lost, as a line of
        // invalid JSON is; the others are still checked.
        match load::invalid_in(&invalid, &file.ranges[i]) {
            Some(bad) => {
                let help = Some("save the file as UTF-8".into());
                let before = file.diagnostics.len();
                file.diagnose("invalid-utf8", bad.at..bad.at, bad.message(), help);
                file.in_record(i, before);
            }
            None => file.record(i, whole.take()),
        }
    }
    file.finish(origin)
}

/// What to change in a value that stands where a record should: an item
/// of an array of records or a line of JSON Lines, and a file's one value.
const NOT_A_RECORD_HELP: &str = "replace the value with a record object (`Opportunity` and `Funding`, or a bare CreateOpportunity body), or remove it";
const NOT_A_RECORD_HELP_FILE: &str = "make the file a record object (`Opportunity` and `Funding`, or a bare CreateOpportunity body), or an array of them";

/// A record parsed whole before the file was split (see `FileCheck::split`),
/// with the nanoseconds its parse took.
type ParsedWhole = (json::Parsed, u64);

/// One file's check in progress: what its records have produced so far.
struct FileCheck<'a> {
    run: &'a Shared<'a>,
    index: usize,
    report: bool,
    source: Arc<SourceFile>,
    /// Where each stage's time is charged from.
    clock: Instant,
    ranges: Vec<Range<usize>>,
    /// Per record: parsed without a repeated key.
    unique_keys: Vec<bool>,
    diagnostics: Vec<Diagnostic>,
    findings: Vec<Finding>,
    profiles: Vec<Profile>,
    allows: Vec<Allow>,
    /// Rules a typo in one of the file's records held back.
    held_back: Vec<Arc<str>>,
    notes: Vec<String>,
    /// The values read where a record stands (see `FileOutcome::records`).
    values: usize,
}

impl<'a> FileCheck<'a> {
    fn new(run: &'a Shared<'a>, index: usize, report: bool, source: SourceFile, clock: Instant) -> FileCheck<'a> {
        FileCheck {
            run,
            index,
            report,
            source: Arc::new(source),
            clock,
            ranges: Vec::new(),
            unique_keys: Vec::new(),
            diagnostics: Vec::new(),
            findings: Vec::new(),
            profiles: Vec::new(),
            allows: Vec::new(),
            held_back: Vec::new(),
            notes: Vec::new(),
            values: 0,
        }
    }

    /// Finds the file's records (`self.ranges`), or reports why it holds
    /// none. Most files hold one record object: it is parsed whole, with no
    /// splitting pass, and returned. Anything else (JSON Lines in a .json
    /// file, text after the record, broken JSON) goes through
    /// `load::split`, which tells them apart.
    fn split(&mut self, origin: &Origin) -> Option<ParsedWhole> {
        let timings = self.run.timings;
        self.clock = Timings::add(&timings.read_split, self.clock);
        let whole = load::single_object(&self.source, load::jsonl_hint(origin))
            .and_then(|r| json::parse_record(&self.source.text[r.clone()]).ok().map(|p| (r, p)));
        let parse_taken;
        (self.clock, parse_taken) = Timings::add_taken(&timings.parse, self.clock);
        let layout = match &whole {
            Some((r, _)) => Layout::Records(vec![r.clone()]),
            None => load::split(&self.source, load::jsonl_hint(origin)),
        };
        self.ranges = match layout {
            Layout::Records(r) | Layout::Lines(r) => r,
            Layout::Empty => {
                let help = Some("add a record, or delete the file".into());
                self.diagnose("empty-file", 0..0, "the file holds no record".into(), help);
                Vec::new()
            }
            Layout::Broken { offset, message, too_deep } => {
                self.parse_error(offset, message, too_deep);
                Vec::new()
            }
            Layout::NotRecords { offset, found } => {
                // The file's one value stands where its record 0 would.
                let message = format!("expected a record object or an array of records, found {found}");
                let value =
                    offset..offset + self.source.text[offset..].trim_end_matches(json::parse::is_json_space).len();
                self.not_a_record(0, value, message, NOT_A_RECORD_HELP_FILE);
                self.values = 1;
                Vec::new()
            }
        };
        self.unique_keys = vec![false; self.ranges.len()];
        // Sized to the file: most files hold one record, and a vector grown
        // from empty starts at four profiles, the largest thing kept per
        // record until the cross-record stage (peak memory at 100k records).
        self.profiles.reserve_exact(self.ranges.len());
        self.clock = Timings::add(&timings.read_split, self.clock);
        whole.map(|(_, parsed)| (parsed, parse_taken))
    }

    /// Takes record `i` through parse, profile, allows, schema and record
    /// rules; `whole` is the record when `split` already parsed it.
    fn record(&mut self, i: usize, whole: Option<ParsedWhole>) {
        let Shared { opts, rules, ctx, settings, timings } = *self.run;
        let id = RecordId { file: self.index, index: i };
        let range = self.ranges[i].clone();
        let source = self.source.clone();
        let text = &source.text[range.clone()];
        let (result, mut parse_taken) = match whole {
            Some((parsed, taken)) => (Ok(parsed), taken),
            None => (json::parse_record(text), 0),
        };
        let taken;
        (self.clock, taken) = Timings::add_taken(&timings.parse, self.clock);
        parse_taken += taken;
        let p = match result {
            Ok(p) => p,
            Err(e) => {
                let offset = load::error_offset(&source, range.start, e.line, e.column);
                let before = self.diagnostics.len();
                self.parse_error(offset, e.message, e.too_deep);
                return self.in_record(i, before);
            }
        };
        self.values += 1;
        if !p.value.is_object() {
            return self.not_a_record(i, range, format!("record {i} is not a JSON object"), NOT_A_RECORD_HELP);
        }
        self.unique_keys[i] = !p.has_duplicate_keys;
        if p.has_duplicate_keys {
            self.diagnostics.extend(duplicate_key_diagnostics(rules, id, &source, range.start, text));
        }
        let record = Record::new(id, range, p.value, p.has_nulls);
        if opts.verbose {
            self.notes.push(format!("{}: record {} taken as a {}", source.name, i, record.kind.as_str()));
        }
        // Use cases are shingled only for a rule that compares them.
        let shingle = settings.similar.is_some().then_some(settings.shingle);
        let profile = Profile::of(&record, source.name.clone(), self.report, &services::DEFAULT, shingle);
        self.profiles.extend(profile.filter(|p| settings.compares(p.program.as_deref())));
        self.clock = Timings::add(&timings.profile, self.clock);
        // A corpus record's allows are read too: they cover a pair reported
        // on the checked record (see `suppress::apply`).
        if record.value.get("x-acelint").is_some() {
            let allows = suppress::record_allows(&record.value, self.index, i, |ptr| {
                locate::place(&Anchor::value(id, ptr), &self.texts())
            });
            self.allows.extend(allows);
        }
        if !self.report {
            return;
        }
        let before = self.findings.len();
        let unreadable = SCHEMAS.validate(&record, rules, &mut self.findings);
        self.clock = Timings::add(&timings.schema, self.clock);
        rules.check_record(&record, text, ctx, &unreadable, &mut self.findings);
        if !unreadable.is_empty() {
            self.hold_back(&record, &unreadable);
        }
        let rules_taken;
        (self.clock, rules_taken) = Timings::add_taken(&timings.record_rules, self.clock);
        // A repeated key is a finding of the record's too (reported with
        // the file's diagnostics).
        if self.findings.len() == before && self.unique_keys[i] {
            timings.add_clean_record(parse_taken, rules_taken);
        }
    }

    /// The rules that read a field of the record that could not be read
    /// (see `rules::hold`): their findings, and the verdict on allows for
    /// them, wait for the typo's.
    fn hold_back(&mut self, record: &Record, unreadable: &[crate::rules::hold::Unreadable]) {
        let reading: Vec<&crate::rules::Rule> = self.run.rules.reading(unreadable, record.kind).collect();
        let held = |a: &Allow| reading.iter().any(|r| r.matches(&a.rule));
        let i = record.id.index;
        self.allows.iter_mut().filter(|a| a.record == i && held(a)).for_each(|a| a.held_back = true);
        self.held_back.extend(reading.iter().map(|r| r.name.clone()));
    }

    /// A value that stands where record `i` should and is not one (at
    /// `value`, labelled whole, so the report shows what to replace): the
    /// finding is on the whole record, as for any finding inside one.
    fn not_a_record(&mut self, i: usize, value: Range<usize>, message: String, help: &str) {
        let help = Some(help.to_string());
        let d = self.run.rules.file_diagnostic("not-a-record", self.index, &self.source, value, message, help);
        self.diagnostics.extend(d.map(|d| d.on_whole_record(i)));
    }

    /// Marks the diagnostics from `before` on as record `i`'s: a line of
    /// JSON Lines that cannot be read is still the file's record `i`, for
    /// JSON and SARIF readers as for JUnit's test case of that record. It
    /// has no value, so no pointer.
    fn in_record(&mut self, i: usize, before: usize) {
        for d in &mut self.diagnostics[before..] {
            d.location.record = Some(i);
        }
    }

    /// A finding about the file's text rather than a record's value.
    fn diagnose(&mut self, name: &str, span: Range<usize>, message: String, help: Option<String>) {
        let d = self.run.rules.file_diagnostic(name, self.index, &self.source, span, message, help);
        self.diagnostics.extend(d);
    }

    /// JSON that cannot be read, at `offset` in the file.
    fn parse_error(&mut self, offset: usize, message: String, too_deep: bool) {
        if too_deep {
            let help = Some("a record needs only a few levels; this input is broken or not a record".into());
            let message = "the JSON is nested too deeply (acelint reads up to 127 levels)".into();
            self.diagnose("nested-too-deeply", offset..offset + 1, message, help);
        } else if let Some((span, message, help)) =
            json::parse::number_out_of_range(&self.source.text, offset, &message)
        {
            self.diagnose("invalid-json", span, message, Some(help));
        } else {
            let (span, message, help) = json::parse::syntax_error(&self.source.text, offset, &message);
            self.diagnose("invalid-json", span, message, help);
        }
    }

    fn texts(&self) -> FileRecords<'_> {
        FileRecords { source: &self.source, ranges: &self.ranges, unique_keys: &self.unique_keys }
    }

    /// Places the file's findings and lets its text go when nothing
    /// downstream needs it, so memory follows the files with findings
    /// rather than the whole input.
    fn finish(mut self, origin: &Origin) -> FileOutcome {
        let findings = std::mem::take(&mut self.findings);
        self.diagnostics.extend(locate::resolve_all(findings, &self.texts()));
        Timings::add(&self.run.timings.locate, self.clock);
        let dropped = (self.diagnostics.is_empty() || !self.run.opts.keep_sources)
            && self.allows.is_empty()
            && matches!(origin, Origin::Path(_));
        let source = if dropped { let_go(self.source) } else { self.source };
        FileOutcome {
            source,
            dropped,
            report: self.report,
            allows: self.allows,
            held_back: self.held_back,
            ranges: self.ranges,
            profiles: self.profiles,
            records: self.values,
            diagnostics: self.diagnostics,
            io_error: None,
            notes: self.notes,
        }
    }
}

/// The file without its text, which goes back to the thread's spare buffer.
fn let_go(source: Arc<SourceFile>) -> Arc<SourceFile> {
    let name = source.name.clone();
    if let Ok(file) = Arc::try_unwrap(source) {
        load::recycle(file.text);
    }
    Arc::new(SourceFile::new(name, ""))
}

/// One file's records with their texts, for resolving anchors.
struct FileRecords<'a> {
    source: &'a Arc<SourceFile>,
    ranges: &'a [Range<usize>],
    /// Per record: parsed without a repeated key.
    unique_keys: &'a [bool],
}

impl RecordTexts for FileRecords<'_> {
    fn file(&self, _: usize) -> Arc<SourceFile> {
        self.source.clone()
    }
    fn range(&self, anchor: &Anchor) -> Range<usize> {
        self.ranges[anchor.record.index].clone()
    }
    fn keys(&self, anchor: &Anchor) -> json::Keys {
        match self.unique_keys.get(anchor.record.index) {
            Some(true) => json::Keys::Unique,
            _ => json::Keys::MayRepeat,
        }
    }
}

fn duplicate_key_diagnostics(
    rules: &RuleSet,
    id: RecordId,
    source: &SourceFile,
    base: usize,
    text: &str,
) -> Vec<Diagnostic> {
    json::duplicate_keys(text)
        .into_iter()
        .filter_map(|d| {
            let second = base + d.second.start..base + d.second.end;
            let first = base + d.first.start..base + d.first.end;
            // The key as written, quotes and escapes kept, shortened as a
            // quoted value is.
            let raw = &source.text[second.clone()];
            let key = raw.strip_prefix('"').and_then(|k| k.strip_suffix('"')).unwrap_or(raw);
            let key = crate::schema::shorten(key, crate::schema::QUOTED_CHARS);
            let mut diag = rules.file_diagnostic(
                "duplicate-key",
                id.file,
                source,
                second,
                format!("duplicate key \"{key}\": the earlier value is silently discarded"),
                Some("keep one of the two members".into()),
            )?;
            diag.location.pointer = Some(d.pointer);
            diag.location.record = Some(id.index);
            let mut first = locate::location(source, first);
            first.pointer.clone_from(&diag.location.pointer);
            first.record = diag.location.record;
            diag.related.push(crate::diagnostic::Related { location: first, message: "first occurrence".into() });
            Some(diag)
        })
        .collect()
}

fn unreadable(index: usize, name: Arc<str>, report: bool, e: ReadError, rules: &RuleSet) -> FileOutcome {
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
                match size {
                    Some(size) => format!("the file is {size} bytes, over the {limit}-byte limit"),
                    None => format!("the input is larger than the {limit}-byte limit"),
                },
                Some("split the records over several files, or raise `--max-file-size`".into()),
            );
            (source, d, None)
        }
        ReadError::NotUtf8 { valid_up_to, prefix, utf16 } => {
            let source = Arc::new(SourceFile::new(name, prefix));
            let message = if utf16 {
                "the file is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8".to_string()
            } else {
                format!("the file is not valid UTF-8 (bad byte at offset {valid_up_to})")
            };
            let d = rules.file_diagnostic(
                "invalid-utf8",
                index,
                &source,
                valid_up_to..valid_up_to,
                message,
                Some("save the file as UTF-8".into()),
            );
            (source, d, None)
        }
    };
    FileOutcome {
        source,
        dropped: false,
        report,
        allows: Vec::new(),
        held_back: Vec::new(),
        ranges: Vec::new(),
        profiles: Vec::new(),
        records: 0,
        diagnostics: diagnostic.into_iter().collect(),
        io_error,
        notes: Vec::new(),
    }
}
