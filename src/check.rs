//! The `check` pipeline: load → parse → schema → record rules → corpus
//! rules → suppress, producing diagnostics for the renderers. Files are
//! processed in parallel; results are sorted so output is deterministic.

use crate::baseline::Baseline;
use crate::corpus::{self, Profile, Settings};
use crate::diagnostic::{Anchor, Diagnostic, Finding, RecordId};
use crate::json;
use crate::load::{self, InputError, Layout, Origin, ReadError};
use crate::locate::{self, RecordTexts};
use crate::record::Record;
use crate::rules::{Context, RuleSet};
use crate::schema::SCHEMAS;
use crate::services;
use crate::source::SourceFile;
use crate::suppress::{self, Allow, ConfigSuppressions};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

pub struct Options {
    pub paths: Vec<String>,
    /// Globs of record files loaded for cross-record comparison only, each
    /// with the directory it is relative to.
    pub corpus: Vec<(String, std::path::PathBuf)>,
    pub stdin_filename: Option<String>,
    pub max_file_size: u64,
    pub today: crate::date::Date,
    pub verbose: bool,
    /// Project-wide allows and per-file ignores from the config.
    pub suppressions: ConfigSuppressions,
    /// Findings recorded here are not reported.
    pub baseline: Option<Baseline>,
    /// Keep the findings a typo holds back (see `rules::hold`): a baseline
    /// records them, so a later run that finds the typo baselined tells
    /// them from new ones.
    pub keep_held: bool,
    /// Keep the text of files with findings, for the `full` report's
    /// excerpts; other outputs need only the resolved positions.
    pub keep_sources: bool,
    /// Time each record rule (`--rule-timings`).
    pub rule_timings: bool,
    /// What directory walks leave out (`exclude`, `extend-exclude`).
    pub exclude: crate::exclude::Exclude,
    /// Files a walk finds that the run never reads as records (the
    /// baseline, the `--output-file` report), by `Origin::identity`.
    pub not_records: Vec<std::path::PathBuf>,
    /// Judge corpus records as fully as the records checked (`stack`):
    /// their own findings, and their pairs with each other, count too.
    /// `check` reports neither, since it checks only what it was given.
    pub judge_corpus: bool,
}

impl Options {
    /// Options for checking `paths` with nothing configured.
    pub fn new(paths: Vec<String>, today: crate::date::Date) -> Options {
        Options {
            paths,
            corpus: Vec::new(),
            stdin_filename: None,
            max_file_size: 256 * 1024 * 1024,
            today,
            verbose: false,
            suppressions: ConfigSuppressions::default(),
            baseline: None,
            keep_held: false,
            keep_sources: true,
            rule_timings: false,
            exclude: crate::exclude::Exclude::default(),
            not_records: Vec::new(),
            judge_corpus: false,
        }
    }
}

/// Where the time goes, for `--timings` and the benchmark: CPU time summed
/// over threads for the per-record stages, wall time for the others.
#[derive(Debug, Default)]
pub struct Timings {
    pub read_split: AtomicU64,
    pub parse: AtomicU64,
    pub schema: AtomicU64,
    pub record_rules: AtomicU64,
    pub profile: AtomicU64,
    pub locate: AtomicU64,
    /// Records without a finding of their own (schema or record rules),
    /// and the CPU time their parse and their record rules took: what it
    /// costs to check a clean record against what it costs to parse it.
    pub clean_records: AtomicU64,
    pub clean_parse: AtomicU64,
    pub clean_rules: AtomicU64,
    /// Wall time of the parallel per-file stage.
    pub files_wall: AtomicU64,
    pub corpus_wall: AtomicU64,
    pub finish_wall: AtomicU64,
    /// The record rules that took the most CPU time (name, ms), slowest
    /// first, when they were timed.
    pub slowest_rules: Vec<(Arc<str>, f64)>,
}

impl Timings {
    fn add(counter: &AtomicU64, since: Instant) -> Instant {
        Timings::add_taken(counter, since).0
    }

    /// `add`, also returning the nanoseconds added.
    fn add_taken(counter: &AtomicU64, since: Instant) -> (Instant, u64) {
        let now = Instant::now();
        let taken = (now - since).as_nanos() as u64;
        counter.fetch_add(taken, Ordering::Relaxed);
        (now, taken)
    }

    fn add_clean_record(&self, parse: u64, rules: u64) {
        self.clean_records.fetch_add(1, Ordering::Relaxed);
        self.clean_parse.fetch_add(parse, Ordering::Relaxed);
        self.clean_rules.fetch_add(rules, Ordering::Relaxed);
    }

    /// One line of milliseconds per stage.
    pub fn line(&self) -> String {
        let ms = |c: &AtomicU64| c.load(Ordering::Relaxed) as f64 / 1e6;
        format!(
            "timings (ms): files-wall={:.1} [cpu: read+split={:.1} parse={:.1} schema={:.1} record-rules={:.1} corpus-profile={:.1} locate={:.1}] corpus-wall={:.1} suppress+baseline-wall={:.1} clean-records={} [cpu: clean-parse={:.1} clean-record-rules={:.1}]",
            ms(&self.files_wall),
            ms(&self.read_split),
            ms(&self.parse),
            ms(&self.schema),
            ms(&self.record_rules),
            ms(&self.profile),
            ms(&self.locate),
            ms(&self.corpus_wall),
            ms(&self.finish_wall),
            self.clean_records.load(Ordering::Relaxed),
            ms(&self.clean_parse),
            ms(&self.clean_rules)
        )
    }

    /// The slowest rules as one line, when rules were timed.
    pub fn rules_line(&self) -> Option<String> {
        let rules: Vec<String> = self.slowest_rules.iter().map(|(name, ms)| format!("{name}={ms:.1}")).collect();
        (!rules.is_empty()).then(|| format!("slowest rules (cpu ms): {}", rules.join(" ")))
    }
}

/// Everything a run found, ready to render.
pub struct Outcome {
    pub timings: Timings,
    /// Every file read, in path order (corpus-only files included, for
    /// showing the other side of a cross-record finding).
    pub files: Vec<Arc<SourceFile>>,
    /// Whether each file was named (its findings are reported).
    pub reported: Vec<bool>,
    pub records: usize,
    /// What the cross-record stage knows of every draft record.
    pub profiles: Vec<Profile>,
    /// Byte ranges of each file's records.
    pub ranges: Vec<Vec<Range<usize>>>,
    /// Findings removed by allows and per-file ignores.
    pub suppressed: Vec<Diagnostic>,
    /// Findings covered by the baseline.
    pub baselined: Vec<Diagnostic>,
    /// What is left of the baseline after matching: its stale entries.
    pub stale_baseline: Option<Baseline>,
    /// Config allows that suppressed nothing.
    pub unused_config_allows: Vec<String>,
    /// Where each file came from, and whether its text was let go.
    origins: Vec<Origin>,
    /// Whether a text read again is kept (for the `full` report's excerpts).
    keep_restored: bool,
    dropped: Vec<bool>,
    restored: Vec<std::sync::OnceLock<Arc<SourceFile>>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Problems that make the exit code 2 (missing paths, unreadable files).
    pub input_errors: Vec<InputError>,
    /// Corpus files (and directories) that could not be read or parsed:
    /// context, not checked inputs, so warnings that leave the exit code
    /// alone; the path holds the line and column where there is one.
    pub corpus_problems: Vec<InputError>,
    /// Indices into `Options::corpus` of the globs that matched no file.
    pub corpus_unmatched: Vec<usize>,
    /// `--verbose` notes: which kind each record was taken for.
    pub notes: Vec<String>,
}

struct FileOutcome {
    source: Arc<SourceFile>,
    /// The text was let go (see `Outcome::source`).
    dropped: bool,
    report: bool,
    allows: Vec<Allow>,
    /// Rules a typo in one of its records held back (see `rules::hold`).
    held_back: Vec<Arc<str>>,
    ranges: Vec<Range<usize>>,
    profiles: Vec<Profile>,
    records: usize,
    diagnostics: Vec<Diagnostic>,
    io_error: Option<InputError>,
    notes: Vec<String>,
}

pub fn run(opts: &Options, rules: &RuleSet) -> Outcome {
    run_on(opts, rules, load::collect(&opts.paths, opts.stdin_filename.as_deref(), &opts.exclude))
}

/// `run` on the files `load::collect` found for `opts.paths`: the command
/// line walks the directories while it compiles the rules.
pub fn run_on(opts: &Options, rules: &RuleSet, collected: (Vec<Origin>, Vec<InputError>)) -> Outcome {
    let (named, mut input_errors) = collected;
    let load::Corpus { origins: corpus, errors, walk_errors, unmatched } = load::corpus(&opts.corpus);
    input_errors.extend(errors);
    let mut origins: Vec<(Origin, bool)> = named.into_iter().map(|o| (o, true)).collect();
    // A corpus file that is also named (however spelt, or sent on stdin
    // under its name) is read once, as named: never compared with itself.
    if !corpus.is_empty() {
        let named: FxHashSet<std::path::PathBuf> = origins.iter().map(|(o, _)| o.identity()).collect();
        let judged = opts.judge_corpus;
        origins.extend(corpus.into_iter().filter(|c| !named.contains(&c.identity())).map(|c| (c, judged)));
    }
    load::sort_by_origin(&mut origins, |(o, _)| o, |(o, report)| (o.sort_key(), *report));
    let settings = Settings::from_rules(rules);
    let ctx = Context::new(opts.today, opts.rule_timings.then(|| rules.rule_counters()));
    let timings = Timings::default();
    let started = Instant::now();
    let outcomes: Vec<FileOutcome> = origins
        .par_iter()
        .enumerate()
        .map(|(i, (origin, report))| {
            let run = Shared { opts, rules, ctx: &ctx, settings: &settings, timings: &timings };
            check_file(i, origin, *report, &run)
        })
        .collect();
    let started = Timings::add(&timings.files_wall, started);
    let mut out = Outcome {
        timings: Timings::default(),
        files: Vec::new(),
        reported: Vec::new(),
        records: 0,
        profiles: Vec::new(),
        ranges: Vec::new(),
        suppressed: Vec::new(),
        baselined: Vec::new(),
        stale_baseline: None,
        unused_config_allows: Vec::new(),
        origins: origins.iter().map(|(o, _)| o.clone()).collect(),
        dropped: Vec::new(),
        restored: Vec::new(),
        keep_restored: opts.keep_sources,
        diagnostics: Vec::new(),
        input_errors: Vec::new(),
        corpus_problems: walk_errors
            .into_iter()
            .map(|e| InputError { message: format!("{} (looking for corpus files)", e.message), ..e })
            .collect(),
        corpus_unmatched: unmatched,
        notes: Vec::new(),
    };
    // Sized up front: growing by doubling would briefly hold two copies of
    // every profile, the largest thing kept (peak memory at 100k records).
    out.profiles.reserve_exact(outcomes.iter().map(|o| o.profiles.len()).sum());
    out.diagnostics.reserve_exact(outcomes.iter().filter(|o| o.report).map(|o| o.diagnostics.len()).sum());
    let (mut allows, mut corpus_allows) = (Vec::new(), Vec::new());
    let mut held_back: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    for o in outcomes {
        held_back.extend(o.held_back.into_iter().map(|rule| (o.source.name.clone(), rule)));
        out.files.push(o.source);
        out.dropped.push(o.dropped);
        out.restored.push(std::sync::OnceLock::new());
        out.reported.push(o.report);
        out.ranges.push(o.ranges);
        if o.report { &mut allows } else { &mut corpus_allows }.extend(o.allows);
        out.profiles.extend(o.profiles);
        if o.report {
            input_errors.extend(o.io_error);
            out.records += o.records;
            out.diagnostics.extend(o.diagnostics);
            out.notes.extend(o.notes);
        } else {
            out.corpus_problems.extend(unread_corpus_records(&o.diagnostics, rules));
        }
    }
    out.timings = timings;
    out.timings.slowest_rules = slowest(rules, ctx.rule_nanos.as_deref());
    let use_case = |p: &Profile| out.use_case(p);
    let findings = corpus::check(&out.profiles, rules, &settings, &use_case);
    let resolved = locate::resolve_all(findings, &out);
    let mut diagnostics = std::mem::take(&mut out.diagnostics);
    diagnostics.extend(resolved);
    let file_index = out.index_by_name();
    let partner_id = |file: &str, record: usize| {
        let id = RecordId { file: *file_index.get(file)?, index: record };
        out.profile(id).and_then(|p| p.partner_id.clone())
    };
    let started = Timings::add(&out.timings.corpus_wall, started);
    let (suppressed, unused, unused_config) = suppress::apply(
        &mut diagnostics,
        (&allows, &corpus_allows),
        &opts.suppressions,
        rules,
        suppress::Checked {
            files: &out.files,
            reported: &out.reported,
            exclude: &opts.exclude,
            not_records: &opts.not_records,
            profiles: out.profiles.len(),
            held_back: &held_back,
        },
        &partner_id,
    );
    diagnostics.extend(unused);
    drop_deferred(&mut diagnostics);
    if let Some(mut baseline) = opts.baseline.clone() {
        let mut keyed: Vec<crate::baseline::Keyed> =
            diagnostics.into_iter().map(|d| (out.baseline_keys(&d), d)).map(|(k, d)| (d, k)).collect();
        out.baselined = baseline.absorb(&mut keyed);
        let checked = out.files.iter().zip(&out.reported).filter(|(_, r)| **r).map(|(f, _)| &*f.name);
        // A file counts as loaded for cross-record entries only when some
        // record of it reached the cross-record rules (one that failed to
        // parse compared with nothing).
        let profiled: rustc_hash::FxHashSet<usize> = out.profiles.iter().map(|p| p.id.file).collect();
        let loaded = out.files.iter().enumerate().filter(|(i, _)| profiled.contains(i)).map(|(_, f)| &*f.name);
        let ran = |code: &str| rules.get(code).is_some_and(|r| r.enabled);
        baseline.keep_checked(checked, loaded, ran, |code| rules.get(code).is_some_and(|r| r.kind == "corpus"));
        out.stale_baseline = Some(baseline);
        diagnostics = keyed.into_iter().map(|(d, _)| d).collect();
    }
    if !opts.keep_held {
        drop_held(&mut diagnostics);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.diagnostics = diagnostics;
    if opts.keep_sources {
        out.restore_reported_texts();
    }
    out.suppressed = suppressed;
    out.unused_config_allows = unused_config;
    out.input_errors = input_errors;
    Timings::add(&out.timings.finish_wall, started);
    out
}

/// What kept a corpus file's records out of the comparison: its read and
/// parse errors (the rules that are always reported), not its other
/// findings, which are never looked at.
fn unread_corpus_records(diagnostics: &[Diagnostic], rules: &RuleSet) -> Vec<InputError> {
    diagnostics
        .iter()
        .filter(|d| rules.get(&d.name).is_some_and(|r| r.always_reported()))
        .map(|d| InputError {
            path: format!("{}:{}:{}", d.location.file, d.location.line, d.location.column),
            message: format!("{} (corpus file, not compared)", d.message),
        })
        .collect()
}

/// Leaves out a finding that defers to another rule's (`defers_to`) when
/// that rule's finding at the same place of the same record is reported:
/// after suppressions, so what defers is shown whenever what it defers to
/// is allowed, and before the baseline, which hides findings that still
/// stand (a baselined finding keeps what defers to it out, as it did when
/// the baseline was written).
fn drop_deferred(diagnostics: &mut Vec<Diagnostic>) {
    drop_yielding(diagnostics, |d| Some((d.defers_to.as_ref()?, d.location.pointer.as_deref())));
}

/// Leaves out a finding held back by a schema finding of its record (a
/// misspelt key, a value of the wrong type; see `rules::hold`) while that
/// finding is reported: after suppressions, so allowing the typo away, or
/// switching its rule off for the file, shows what it held back; and after
/// the baseline, so a baselined typo holds nothing back (the baseline,
/// written with `keep_held`, records what it held) and what is new there
/// is reported.
fn drop_held(diagnostics: &mut Vec<Diagnostic>) {
    drop_yielding(diagnostics, |d| d.held_by.as_ref().map(|h| (&h.rule, Some(h.pointer.as_str()))));
}

/// Leaves out each finding that `yields_to` says gives way to another of
/// its record (that one's rule and pointer) while that one is reported.
fn drop_yielding(
    diagnostics: &mut Vec<Diagnostic>,
    yields_to: impl Fn(&Diagnostic) -> Option<(&Arc<str>, Option<&str>)>,
) {
    if diagnostics.iter().all(|d| yields_to(d).is_none()) {
        return;
    }
    let place = |d: &Diagnostic, at: Option<&str>| (d.file_index, d.location.record, at.map(str::to_string));
    let reported: FxHashSet<_> = diagnostics
        .iter()
        .filter(|d| yields_to(d).is_none())
        .map(|d| (d.name.clone(), place(d, d.location.pointer.as_deref())))
        .collect();
    diagnostics.retain(|d| yields_to(d).is_none_or(|(rule, at)| !reported.contains(&(rule.clone(), place(d, at)))));
}

/// The ten rules with the most CPU time, from the per-rule counters.
fn slowest(rules: &RuleSet, nanos: Option<&[AtomicU64]>) -> Vec<(Arc<str>, f64)> {
    let Some(nanos) = nanos else { return Vec::new() };
    let mut all: Vec<(Arc<str>, f64)> =
        rules.iter().zip(nanos).map(|(r, n)| (r.name.clone(), n.load(Ordering::Relaxed) as f64 / 1e6)).collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.into_iter().filter(|(_, ms)| *ms > 0.0).take(10).collect()
}

impl Outcome {
    /// File name → index; when two inputs share a name (stdin given the
    /// name of a file), the first one, as a search in path order would.
    fn index_by_name(&self) -> FxHashMap<&str, usize> {
        let mut map = FxHashMap::default();
        for (i, f) in self.files.iter().enumerate() {
            map.entry(&*f.name).or_insert(i);
        }
        map
    }

    /// The profile of a draft record (profiles are in record order).
    pub fn profile(&self, id: RecordId) -> Option<&Profile> {
        self.profiles.binary_search_by_key(&id, |p| p.id).ok().map(|i| &self.profiles[i])
    }

    /// What a baseline may know a diagnostic by, the key a new baseline
    /// records first. A finding moved onto the checked record is known
    /// first by the finding it stands in for, because that is what a run
    /// checking both records of the pair reports and baselines; then by
    /// itself, as baselines written before moved findings kept that one
    /// recorded them.
    pub fn baseline_keys(&self, d: &Diagnostic) -> Vec<crate::baseline::Key> {
        let known = |d: &Diagnostic| (d.location.file.clone(), self.fingerprints(d));
        crate::baseline::keys(d.unmoved.as_deref().into_iter().chain([d]).map(known).collect())
    }

    /// The baseline fingerprints of a diagnostic, best first (see `baseline`).
    pub fn fingerprints(&self, d: &Diagnostic) -> Vec<String> {
        let record = d.location.record;
        let identity = record
            .and_then(|i| self.profile(RecordId { file: d.file_index, index: i })?.partner_id.clone())
            .unwrap_or_else(|| record.map_or_else(|| "file".into(), |i| format!("record {i}")));
        let value = record.zip(d.location.pointer.as_deref()).and_then(|(i, ptr)| {
            let source = self.source(d.file_index);
            let text = source.text.get(self.ranges.get(d.file_index)?.get(i)?.clone())?;
            let spans = json::locate(text, ptr)?;
            serde_json::from_str::<serde_json::Value>(&text[spans.value]).ok()
        });
        crate::baseline::fingerprints(d, &identity, value.as_ref())
    }
}

impl RecordTexts for Outcome {
    fn file(&self, file: usize) -> Arc<SourceFile> {
        self.source(file)
    }
    fn range(&self, anchor: &Anchor) -> Range<usize> {
        self.ranges[anchor.record.file][anchor.record.index].clone()
    }
}

impl Outcome {
    /// A file's text. The text of a file without findings is not kept (so
    /// memory stays bounded by the files with findings, not the input);
    /// the rare cross-record finding that needs it reads it again.
    pub fn source(&self, file: usize) -> Arc<SourceFile> {
        if !self.dropped[file] {
            return self.files[file].clone();
        }
        let read = || {
            let text = load::read(&self.origins[file], u64::MAX / 2).unwrap_or_default();
            Arc::new(SourceFile::new(self.files[file].name.clone(), text))
        };
        // Without excerpts to show, a text read again is not kept: memory
        // stays bounded by the profiles, at the cost of a read per use.
        if !self.keep_restored {
            return read();
        }
        self.restored[file].get_or_init(read).clone()
    }

    /// Puts back the text of every file that ended up with a diagnostic,
    /// for the renderers.
    fn restore_reported_texts(&mut self) {
        let by_name = self.index_by_name();
        let mut needed: Vec<usize> = self.diagnostics.iter().map(|d| d.file_index).collect();
        needed.extend(
            self.diagnostics
                .iter()
                .flat_map(|d| d.related.iter())
                .filter_map(|r| by_name.get(&*r.location.file).copied()),
        );
        needed.sort_unstable();
        needed.dedup();
        for i in needed {
            if self.dropped[i] {
                self.files[i] = self.source(i);
                self.dropped[i] = false;
            }
        }
    }

    /// A record's use-case text, read back from its source (no re-parse of
    /// the record: the locator finds the string and only it is decoded).
    pub fn use_case(&self, p: &Profile) -> String {
        let source = self.source(p.id.file);
        // A text read again may have changed on disk meanwhile: never slice blindly.
        let Some(text) = source.text.get(self.ranges[p.id.file][p.id.index].clone()) else { return String::new() };
        corpus::profile::TEXT_FIELDS
            .iter()
            .filter_map(|ptr| json::locate(text, ptr))
            .filter_map(|s| serde_json::from_str::<String>(&text[s.value]).ok())
            .collect::<Vec<_>>()
            .join(" ")
    }
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

/// What every file's check shares.
struct Shared<'a> {
    opts: &'a Options,
    rules: &'a RuleSet,
    ctx: &'a Context,
    settings: &'a Settings,
    timings: &'a Timings,
}

fn check_file(index: usize, origin: &Origin, report: bool, run: &Shared<'_>) -> FileOutcome {
    let Shared { opts, rules, ctx, settings, timings } = *run;
    // Use cases are shingled only for a rule that compares them.
    let shingle = settings.similar.is_some().then_some(settings.shingle);
    let mut clock = Instant::now();
    let name: Arc<str> = origin.display_name().into();
    let load::Text { text, invalid } = match load::read_text(origin, opts.max_file_size) {
        Ok(text) => text,
        Err(e) => return unreadable(index, name, report, e, rules),
    };
    let source = Arc::new(SourceFile::new(name, text));
    let mut diagnostics = Vec::new();
    let mut notes = Vec::new();
    let file_diag = |name: &str, span: Range<usize>, message: String, help: Option<String>| {
        rules.file_diagnostic(name, index, &source, span, message, help)
    };
    // Most files hold one record object: parse it whole and skip the
    // splitting pass. Anything else (JSON Lines in a .json file, text after
    // the record, broken JSON) goes through `split`, which tells them apart.
    clock = Timings::add(&timings.read_split, clock);
    let mut whole = load::single_object(&source, load::jsonl_hint(origin))
        .and_then(|r| json::parse_record(&source.text[r.clone()]).ok().map(|p| (r, p)));
    let whole_parse;
    (clock, whole_parse) = Timings::add_taken(&timings.parse, clock);
    let layout = match &whole {
        Some((r, _)) => Layout::Records(vec![r.clone()]),
        None => load::split(&source, load::jsonl_hint(origin)),
    };
    let ranges = match layout {
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
            diagnostics.extend(parse_diagnostic(&file_diag, &source.text, offset, message, too_deep));
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
    clock = Timings::add(&timings.read_split, clock);
    let mut findings: Vec<Finding> = Vec::new();
    // Sized to the file: most files hold one record, and a vector grown
    // from empty starts at four profiles, the largest thing kept per
    // record until the cross-record stage (peak memory at 100k records).
    let mut profiles = Vec::with_capacity(ranges.len());
    let mut allows = Vec::new();
    // Rules a typo in one of the file's records held back.
    let mut held_back = Vec::new();
    let mut parsed = 0;
    let mut unique_keys = vec![false; ranges.len()];
    for (i, range) in ranges.iter().enumerate() {
        let id = RecordId { file: index, index: i };
        // A line of JSON Lines that was not UTF-8 is lost, as a line of
        // invalid JSON is; the others are still checked.
        if let Some(bad) = load::invalid_in(&invalid, range) {
            let help = Some("save the file as UTF-8".into());
            diagnostics.extend(file_diag("invalid-utf8", bad.at..bad.at, bad.message(), help));
            continue;
        }
        let text = &source.text[range.clone()];
        let (result, mut parse_taken) = match whole.take() {
            Some((_, parsed)) => (Ok(parsed), whole_parse),
            None => (json::parse_record(text), 0),
        };
        let taken;
        (clock, taken) = Timings::add_taken(&timings.parse, clock);
        parse_taken += taken;
        let p = match result {
            Ok(p) => p,
            Err(e) => {
                let offset = load::error_offset(&source, range.start, e.line, e.column);
                diagnostics.extend(parse_diagnostic(&file_diag, &source.text, offset, e.message, e.too_deep));
                continue;
            }
        };
        if !p.value.is_object() {
            let help = "each record is an object with `Opportunity` and `Funding`, or a bare CreateOpportunity body";
            let d = file_diag(
                "not-a-record",
                range.start..range.start + 1,
                format!("record {i} is not a JSON object"),
                Some(help.into()),
            );
            // Which record it is, as for any finding inside one.
            diagnostics.extend(d.map(|mut d| {
                d.location.record = Some(i);
                d
            }));
            continue;
        }
        unique_keys[i] = !p.has_duplicate_keys;
        if p.has_duplicate_keys {
            diagnostics.extend(duplicate_key_diagnostics(
                rules,
                RecordId { file: index, index: i },
                &source,
                range.start,
                text,
            ));
        }
        let record = Record::new(id, range.clone(), p.value, p.has_nulls);
        if opts.verbose {
            notes.push(format!("{}: record {} taken as a {}", source.name, i, record.kind.as_str()));
        }
        parsed += 1;
        profiles.extend(Profile::of(&record, source.name.clone(), report, &services::DEFAULT, shingle));
        clock = Timings::add(&timings.profile, clock);
        // A corpus record's allows are read too: they cover a pair reported
        // on the checked record (see `suppress::apply`).
        if record.value.get("x-acelint").is_some() {
            let texts = FileRecords { source: &source, ranges: &ranges, unique_keys: &unique_keys };
            allows.extend(suppress::record_allows(&record.value, index, i, |ptr| {
                locate::place(&Anchor::value(id, ptr), &texts)
            }));
        }
        if report {
            let before = findings.len();
            let unreadable = SCHEMAS.validate(&record, rules, &mut findings);
            clock = Timings::add(&timings.schema, clock);
            rules.check_record(&record, text, ctx, &unreadable, &mut findings);
            if !unreadable.is_empty() {
                let reading: Vec<&crate::rules::Rule> = rules.reading(&unreadable, record.kind).collect();
                let held = |a: &Allow| reading.iter().any(|r| r.matches(&a.rule));
                allows.iter_mut().filter(|a| a.record == i && held(a)).for_each(|a| a.held_back = true);
                held_back.extend(reading.iter().map(|r| r.name.clone()));
            }
            let rules_taken;
            (clock, rules_taken) = Timings::add_taken(&timings.record_rules, clock);
            // A repeated key is a finding of the record's too (reported
            // with the file's diagnostics).
            if findings.len() == before && unique_keys[i] {
                timings.add_clean_record(parse_taken, rules_taken);
            }
        }
    }
    let texts = FileRecords { source: &source, ranges: &ranges, unique_keys: &unique_keys };
    diagnostics.extend(locate::resolve_all(findings, &texts));
    Timings::add(&timings.locate, clock);
    // A clean file's text is not needed downstream: let it go, so memory
    // follows the files with findings rather than the whole input.
    let dropped =
        (diagnostics.is_empty() || !opts.keep_sources) && allows.is_empty() && matches!(origin, Origin::Path(_));
    let source = if dropped {
        let name = source.name.clone();
        if let Ok(file) = Arc::try_unwrap(source) {
            load::recycle(file.text);
        }
        Arc::new(SourceFile::new(name, ""))
    } else {
        source
    };
    FileOutcome {
        source,
        dropped,
        report,
        allows,
        held_back,
        ranges,
        profiles,
        records: parsed,
        diagnostics,
        io_error: None,
        notes,
    }
}

fn parse_diagnostic(
    file_diag: &impl Fn(&str, Range<usize>, String, Option<String>) -> Option<Diagnostic>,
    text: &str,
    offset: usize,
    message: String,
    too_deep: bool,
) -> Option<Diagnostic> {
    if too_deep {
        file_diag(
            "nested-too-deeply",
            offset..offset + 1,
            "the JSON is nested too deeply (acelint reads up to 127 levels)".into(),
            Some("a record needs only a few levels; this input is broken or not a record".into()),
        )
    } else if let Some((span, message, help)) = json::parse::number_out_of_range(text, offset, &message) {
        file_diag("invalid-json", span, message, Some(help))
    } else {
        let (span, message, help) = json::parse::syntax_error(text, offset, &message);
        file_diag("invalid-json", span, message, help)
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
            let key = &source.text[second.clone()];
            let mut diag = rules.file_diagnostic(
                "duplicate-key",
                id.file,
                source,
                second,
                format!("duplicate key {key}: the earlier value is silently discarded"),
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
