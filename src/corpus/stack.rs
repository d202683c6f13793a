//! `acelint stack`: each customer's stack of records, with what the
//! reviewer is likely to do with each (approve, trim, zero, or reject at
//! the API) and why, from the findings of the same run.

use super::{customers, Profile, Settings};
use crate::check::Outcome;
use crate::diagnostic::RecordId;
use crate::render::sanitize_line;
use crate::rules::template::money;
use crate::rules::{Effect, RuleSet};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
pub struct Report {
    pub customers: Vec<Customer>,
}

#[derive(Serialize)]
pub struct Customer {
    pub company: String,
    pub account_id: Option<String>,
    pub total_ask: f64,
    /// What the records not zeroed as duplicates support together.
    pub supported: f64,
    /// The funding stage whose cap (a company without an institutional
    /// investor) holds `supported` below what the workloads support.
    pub capped_by_stage: Option<String>,
    pub records: Vec<Entry>,
}

#[derive(Serialize)]
pub struct Entry {
    pub file: String,
    pub record: usize,
    pub partner_id: Option<String>,
    pub program: Option<String>,
    pub ask: Option<f64>,
    pub workload: Option<String>,
    pub filing_date: Option<String>,
    pub verdict: Effect,
    pub reasons: Vec<Reason>,
}

impl Entry {
    /// The record as messages name it.
    fn label(&self) -> String {
        super::profile::label(&self.file, self.record, self.partner_id.as_deref())
    }
}

#[derive(Serialize, Clone)]
pub struct Reason {
    pub code: String,
    pub name: String,
    pub effect: Effect,
    pub message: String,
}

/// The stacks of the customers that have a record in a file `is_named`.
pub fn build(outcome: &Outcome, rules: &RuleSet, settings: &Settings, is_named: &dyn Fn(&str) -> bool) -> Report {
    let profiles = &outcome.profiles;
    let reasons = reasons(outcome, rules);
    let mut out = Vec::new();
    for group in customers(profiles) {
        let mut members: Vec<&Profile> = group.iter().map(|&i| &profiles[i]).collect();
        members.sort_by_key(|p| (p.filing, p.id));
        if !members.iter().any(|p| is_named(&p.file)) {
            continue;
        }
        let records: Vec<Entry> = members.iter().map(|p| entry(p, &reasons)).collect();
        // What `stack-exceeds-band` counts: each distinct workload's ask,
        // up to its program's cap and the company's stage; a record that
        // repeats another's workload adds nothing.
        let kept: Vec<&Profile> = members
            .iter()
            .zip(&records)
            .filter(|(_, e)| !e.reasons.iter().any(|r| super::DUPLICATE_RULES.contains(&r.name.as_str())))
            .map(|(p, _)| *p)
            .collect();
        let (supported, stage) = settings.band.as_ref().map_or((0.0, None), |band| super::stack_supported(&kept, band));
        out.push(Customer {
            company: members.iter().find_map(|p| p.company.clone()).unwrap_or_else(|| "(no company name)".into()),
            account_id: members.iter().find_map(|p| p.account_id.clone()),
            // From 0.0: an empty `sum` of floats is -0.0, which JSON shows.
            total_ask: members.iter().filter_map(|p| p.requested).fold(0.0, |a, b| a + b),
            supported,
            capped_by_stage: stage,
            records,
        });
    }
    Report { customers: out }
}

/// Each reported finding with an effect, as a reason of the record it is
/// about. `check` reports a pair whose zeroed record came only through
/// `--corpus` on the checked record; in a stack it belongs, in its own
/// words, to the record the reviewer zeroes or trims (`unmoved`).
fn reasons(outcome: &Outcome, rules: &RuleSet) -> FxHashMap<RecordId, Vec<Reason>> {
    let mut out: FxHashMap<RecordId, Vec<Reason>> = FxHashMap::default();
    for d in &outcome.diagnostics {
        let effect = rules.get(&d.name).map_or(Effect::None, |r| r.effect_of(d.severity));
        let about = d.unmoved.as_deref().unwrap_or(d);
        let Some(index) = about.location.record.filter(|_| effect != Effect::None) else { continue };
        let reason =
            Reason { code: d.code.to_string(), name: d.name.to_string(), effect, message: about.message.clone() };
        out.entry(RecordId { file: about.file_index, index }).or_default().push(reason);
    }
    out
}

fn entry(p: &Profile, reasons: &FxHashMap<RecordId, Vec<Reason>>) -> Entry {
    let reasons: Vec<Reason> = reasons.get(&p.id).cloned().unwrap_or_default();
    Entry {
        file: p.file.to_string(),
        record: p.id.index,
        partner_id: p.partner_id.clone(),
        program: p.program.clone(),
        ask: p.requested,
        workload: p.workload.clone(),
        filing_date: p.filing.map(|d| d.to_string()),
        verdict: reasons.iter().map(|r| r.effect).max().unwrap_or(Effect::Approve).max(Effect::Approve),
        reasons,
    }
}

pub fn text(report: &Report) -> String {
    let mut out = String::new();
    if report.customers.is_empty() {
        out.push_str("no draft records with a credit request\n");
    }
    for c in &report.customers {
        let account = c.account_id.as_deref().map(|a| format!(" (account {a})")).unwrap_or_default();
        let supports = match &c.capped_by_stage {
            None => "distinct workloads support".to_string(),
            Some(stage) => super::uninvested(&sanitize_line(stage)),
        };
        let _ = writeln!(
            out,
            "{}{account}: {}, asking {}; {supports} about {}",
            sanitize_line(&c.company),
            crate::render::count(c.records.len(), "record", "records"),
            money(c.total_ask),
            money(c.supported)
        );
        for e in &c.records {
            let _ = writeln!(
                out,
                "  {:<8} {:<20} {:>10}  {:<40} {}",
                e.verdict.as_str(),
                column(e.program.as_deref().unwrap_or("-"), 20),
                e.ask.map(money).unwrap_or_else(|| "-".into()),
                column(e.workload.as_deref().unwrap_or("-"), 40),
                sanitize_line(&e.label())
            );
            for r in &e.reasons {
                let _ = writeln!(
                    out,
                    "             {} [{}] {}: {}",
                    r.effect.as_str(),
                    r.code,
                    r.name,
                    sanitize_line(&r.message)
                );
            }
        }
        out.push('\n');
    }
    out
}

/// A table cell of at most `width` characters, on one line: a control
/// character (a tab too) is escaped, and a longer text is cut with `…`.
fn column(s: &str, width: usize) -> String {
    let flat: String = sanitize_line(s).replace('\t', "\\u{9}");
    if flat.chars().count() <= width {
        return flat;
    }
    let mut cut: String = flat.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::column;

    #[test]
    fn a_cell_stays_on_its_line_and_in_its_width() {
        assert_eq!(column("Core\tplatform\nv2", 40), "Core\\u{9}platform\\u{a}v2");
        assert_eq!(column("Customer-facing support assistant on Bedrock", 20), "Customer-facing sup…");
        assert_eq!(column("Core platform", 20), "Core platform");
    }
}
