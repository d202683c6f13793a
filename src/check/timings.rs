//! Where a run's time goes, for `--timings` and the benchmark.

use crate::rules::RuleSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

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
    pub(super) fn add(counter: &AtomicU64, since: Instant) -> Instant {
        Timings::add_taken(counter, since).0
    }

    /// `add`, also returning the nanoseconds added.
    pub(super) fn add_taken(counter: &AtomicU64, since: Instant) -> (Instant, u64) {
        let now = Instant::now();
        let taken = (now - since).as_nanos() as u64;
        counter.fetch_add(taken, Ordering::Relaxed);
        (now, taken)
    }

    pub(super) fn add_clean_record(&self, parse: u64, rules: u64) {
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

/// The ten rules with the most CPU time, from the per-rule counters.
pub(super) fn slowest(rules: &RuleSet, nanos: Option<&[AtomicU64]>) -> Vec<(Arc<str>, f64)> {
    let Some(nanos) = nanos else { return Vec::new() };
    let mut all: Vec<(Arc<str>, f64)> =
        rules.iter().zip(nanos).map(|(r, n)| (r.name.clone(), n.load(Ordering::Relaxed) as f64 / 1e6)).collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.into_iter().filter(|(_, ms)| *ms > 0.0).take(10).collect()
}
