//! The `check` pipeline: load → parse → schema → record rules → corpus
//! rules → suppress, producing diagnostics for the renderers. Files are
//! processed in parallel; results are sorted so output is deterministic.

mod file;
mod outcome;
mod timings;

pub use outcome::Outcome;
pub use timings::Timings;

use crate::baseline::Baseline;
use crate::corpus::{self, Profile, Settings};
use crate::diagnostic::{Diagnostic, RecordId};
use crate::load::{self, InputError, Origin};
use crate::locate;
use crate::rules::{Context, RuleSet};
use crate::suppress::{self, Allow, ConfigSuppressions};
use file::{check_file, FileOutcome, Shared};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::sync::Arc;
use std::time::Instant;
use timings::slowest;

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

pub fn run(opts: &Options, rules: &RuleSet) -> Outcome {
    run_on(opts, rules, load::collect(&opts.paths, opts.stdin_filename.as_deref(), &opts.exclude))
}

/// `run` on the files `load::collect` found for `opts.paths`: the command
/// line walks the directories while it compiles the rules. Every file goes
/// through the per-file stage in parallel (`file::check_file`); then, in
/// order: the merge, the cross-record rules, suppressions, the baseline.
pub fn run_on(opts: &Options, rules: &RuleSet, collected: (Vec<Origin>, Vec<InputError>)) -> Outcome {
    let (named, mut input_errors) = collected;
    let load::Corpus { origins: corpus, errors, walk_errors, unmatched } = load::corpus(&opts.corpus);
    input_errors.extend(errors);
    let origins = inputs(named, corpus, opts.judge_corpus);
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
    let mut out = Outcome::new(&origins, opts.keep_sources, walk_errors, unmatched);
    let allows = out.merge(outcomes, rules, &mut input_errors);
    out.timings = timings;
    out.timings.slowest_rules = slowest(rules, ctx.rule_nanos.as_deref());
    let mut diagnostics = cross_record(&mut out, rules, &settings, &allows);
    let started = Timings::add(&out.timings.corpus_wall, started);
    (out.suppressed, out.unused_config_allows) = suppress(&mut diagnostics, &out, &allows, opts, rules);
    drop_deferred(&mut diagnostics);
    drop_yielding_suppressed(&mut out.suppressed, &diagnostics, deferred_to);
    if let Some(baseline) = &opts.baseline {
        apply_baseline(baseline.clone(), &mut diagnostics, &mut out, rules);
    }
    if !opts.keep_held {
        drop_held(&mut diagnostics);
        drop_yielding_suppressed(&mut out.suppressed, &diagnostics, held_by);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.diagnostics = diagnostics;
    if opts.keep_sources {
        out.restore_reported_texts();
    }
    out.input_errors = input_errors;
    Timings::add(&out.timings.finish_wall, started);
    out
}

/// The files to read, each with whether its findings are reported, in
/// path order. A corpus file that is also named (however spelt, or sent
/// on stdin under its name) is read once, as named: never compared with
/// itself.
fn inputs(named: Vec<Origin>, corpus: Vec<Origin>, judge_corpus: bool) -> Vec<(Origin, bool)> {
    let mut origins: Vec<(Origin, bool)> = named.into_iter().map(|o| (o, true)).collect();
    if !corpus.is_empty() {
        let named: FxHashSet<std::path::PathBuf> = origins.iter().map(|(o, _)| o.identity()).collect();
        origins.extend(corpus.into_iter().filter(|c| !named.contains(&c.identity())).map(|c| (c, judge_corpus)));
    }
    load::sort_by_origin(&mut origins, |(o, _)| o, |(o, report)| (o.sort_key(), *report));
    origins
}

/// The allows the records hold, and the rules a typo held back, gathered
/// by the merge for `suppress::apply`.
struct Allows {
    checked: Vec<Allow>,
    /// Allows of corpus records (they cover pairs reported elsewhere).
    corpus: Vec<Allow>,
    /// (file name, rule) per rule a typo held back.
    held_back: Vec<(Arc<str>, Arc<str>)>,
}

impl Outcome {
    fn new(
        origins: &[(Origin, bool)],
        keep_sources: bool,
        walk_errors: Vec<InputError>,
        unmatched: Vec<usize>,
    ) -> Outcome {
        Outcome {
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
            keep_restored: keep_sources,
            diagnostics: Vec::new(),
            input_errors: Vec::new(),
            corpus_problems: walk_errors
                .into_iter()
                .map(|e| InputError { message: format!("{} (looking for corpus files)", e.message), ..e })
                .collect(),
            corpus_unmatched: unmatched,
            notes: Vec::new(),
        }
    }

    /// Takes in every file's outcome, in path order. A corpus file's
    /// findings are not reported; what kept its records out of the
    /// comparison is a corpus problem.
    fn merge(&mut self, outcomes: Vec<FileOutcome>, rules: &RuleSet, input_errors: &mut Vec<InputError>) -> Allows {
        // Sized up front: growing by doubling would briefly hold two copies
        // of every profile, the largest thing kept (peak memory at 100k
        // records).
        self.profiles.reserve_exact(outcomes.iter().map(|o| o.profiles.len()).sum());
        self.diagnostics.reserve_exact(outcomes.iter().filter(|o| o.report).map(|o| o.diagnostics.len()).sum());
        let mut allows = Allows { checked: Vec::new(), corpus: Vec::new(), held_back: Vec::new() };
        for o in outcomes {
            allows.held_back.extend(o.held_back.into_iter().map(|rule| (o.source.name.clone(), rule)));
            self.files.push(o.source);
            self.dropped.push(o.dropped);
            self.restored.push(std::sync::OnceLock::new());
            self.reported.push(o.report);
            self.ranges.push(o.ranges);
            if o.report { &mut allows.checked } else { &mut allows.corpus }.extend(o.allows);
            self.profiles.extend(o.profiles);
            if o.report {
                input_errors.extend(o.io_error);
                self.records += o.records;
                self.diagnostics.extend(o.diagnostics);
                self.notes.extend(o.notes);
            } else {
                self.corpus_problems.extend(unread_corpus_records(&o.diagnostics, rules));
            }
        }
        allows
    }
}

/// The record findings with the cross-record rules' findings added. The
/// records' allows naming the other record of a pair go along: a zeroed
/// record whose pair with the record kept first is allowed is reported
/// against the next one (see `corpus::PairAllows`).
fn cross_record(out: &mut Outcome, rules: &RuleSet, settings: &Settings, allows: &Allows) -> Vec<Diagnostic> {
    let use_case = |p: &Profile| out.use_case(p);
    let pairs = suppress::PairsAllowed::new(allows.checked.iter().chain(&allows.corpus), rules);
    let findings = corpus::check(&out.profiles, rules, settings, &use_case, &pairs);
    let resolved = locate::resolve_all(findings, &*out);
    let mut diagnostics = std::mem::take(&mut out.diagnostics);
    diagnostics.extend(resolved);
    diagnostics
}

/// Applies the records' allows and the config's, adding a finding for
/// each allow that suppressed nothing; returns what was suppressed and the
/// config allows that suppressed nothing.
fn suppress(
    diagnostics: &mut Vec<Diagnostic>,
    out: &Outcome,
    allows: &Allows,
    opts: &Options,
    rules: &RuleSet,
) -> (Vec<suppress::Suppressed>, Vec<String>) {
    let file_index = out.index_by_name();
    let partner_id = |file: &str, record: usize| {
        let id = RecordId { file: *file_index.get(file)?, index: record };
        out.profile(id).and_then(|p| p.partner_id.clone())
    };
    let (suppressed, unused, config) = suppress::apply(
        diagnostics,
        (&allows.checked, &allows.corpus),
        &opts.suppressions,
        rules,
        suppress::Checked {
            files: &out.files,
            reported: &out.reported,
            exclude: &opts.exclude,
            not_records: &opts.not_records,
            profiles: out.profiles.len(),
            held_back: &allows.held_back,
        },
        &partner_id,
    );
    diagnostics.extend(unused);
    (suppressed, config)
}

/// Moves the findings the baseline records into `out.baselined`, and keeps
/// what is left of the baseline (its stale entries) in `out.stale_baseline`.
fn apply_baseline(mut baseline: Baseline, diagnostics: &mut Vec<Diagnostic>, out: &mut Outcome, rules: &RuleSet) {
    let mut keyed: Vec<crate::baseline::Keyed> =
        std::mem::take(diagnostics).into_iter().map(|d| (out.baseline_keys(&d), d)).map(|(k, d)| (d, k)).collect();
    out.baselined = baseline.absorb(&mut keyed);
    let checked = out.files.iter().zip(&out.reported).filter(|(_, r)| **r).map(|(f, _)| &*f.name);
    // A file counts as loaded for cross-record entries only when some
    // record of it reached the cross-record rules (one that failed to
    // parse compared with nothing).
    let profiled: FxHashSet<usize> = out.profiles.iter().map(|p| p.id.file).collect();
    let loaded = out.files.iter().enumerate().filter(|(i, _)| profiled.contains(i)).map(|(_, f)| &*f.name);
    let ran = |code: &str| rules.get(code).is_some_and(|r| r.enabled);
    baseline.keep_checked(checked, loaded, ran, |code| rules.get(code).is_some_and(|r| r.kind == "corpus"));
    out.stale_baseline = Some(baseline);
    *diagnostics = keyed.into_iter().map(|(d, _)| d).collect();
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
    drop_yielding(diagnostics, deferred_to);
}

/// Leaves out a finding held back by a schema finding of its record (a
/// misspelt key, a value of the wrong type; see `rules::hold`) while that
/// finding is reported: after suppressions, so allowing the typo away, or
/// switching its rule off for the file, shows what it held back; and after
/// the baseline, so a baselined typo holds nothing back (the baseline,
/// written with `keep_held`, records what it held) and what is new there
/// is reported.
fn drop_held(diagnostics: &mut Vec<Diagnostic>) {
    drop_yielding(diagnostics, held_by);
}

/// What a finding that defers gives way to: its rule, at its own place.
fn deferred_to(d: &Diagnostic) -> Option<(&Arc<str>, Option<&str>)> {
    Some((d.defers_to.as_ref()?, d.location.pointer.as_deref()))
}

/// What a held finding gives way to: the schema finding that holds it.
fn held_by(d: &Diagnostic) -> Option<(&Arc<str>, Option<&str>)> {
    d.held_by.as_ref().map(|h| (&h.rule, Some(h.pointer.as_str())))
}

type Yields = fn(&Diagnostic) -> Option<(&Arc<str>, Option<&str>)>;
type Place = (Arc<str>, (usize, Option<usize>, Option<String>));

/// Leaves out each finding that `yields_to` says gives way to another of
/// its record (that one's rule and pointer) while that one is reported.
fn drop_yielding(diagnostics: &mut Vec<Diagnostic>, yields_to: Yields) {
    if diagnostics.iter().all(|d| yields_to(d).is_none()) {
        return;
    }
    let standing = standing(diagnostics.iter(), yields_to);
    diagnostics.retain(|d| !gives_way(d, &standing, yields_to));
}

/// Leaves out of the suppressed findings each that gives way to one
/// reported: without its allow it would not have been reported either, so
/// neither SARIF nor `--statistics` shows it as allowed away. (One that
/// gives way to a finding allowed too would be reported but for its own
/// allow: it stays.)
fn drop_yielding_suppressed(suppressed: &mut Vec<suppress::Suppressed>, reported: &[Diagnostic], yields_to: Yields) {
    if suppressed.iter().all(|s| yields_to(&s.diagnostic).is_none()) {
        return;
    }
    let standing = standing(reported.iter(), yields_to);
    suppressed.retain(|s| !gives_way(&s.diagnostic, &standing, yields_to));
}

fn place(d: &Diagnostic, at: Option<&str>) -> (usize, Option<usize>, Option<String>) {
    (d.file_index, d.location.record, at.map(str::to_string))
}

/// The rule and place of each finding that gives way to none.
fn standing<'d>(all: impl Iterator<Item = &'d Diagnostic>, yields_to: Yields) -> FxHashSet<Place> {
    all.filter(|d| yields_to(d).is_none()).map(|d| (d.name.clone(), place(d, d.location.pointer.as_deref()))).collect()
}

fn gives_way(d: &Diagnostic, standing: &FxHashSet<Place>, yields_to: Yields) -> bool {
    yields_to(d).is_some_and(|(rule, at)| standing.contains(&(rule.clone(), place(d, at))))
}
