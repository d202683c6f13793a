//! `acelint rules` and `acelint explain`: the rule catalogue for people and tools.

use super::{Rule, RuleSet};
use serde::Serialize;
use std::fmt::Write;

/// The rules in order of their codes, as a reader looks them up: the rule
/// files load in the order their checks must run, not in code order.
fn by_code(rules: &RuleSet) -> Vec<&super::Rule> {
    let mut all: Vec<&super::Rule> = rules.iter().collect();
    all.sort_by(|a, b| a.code.cmp(&b.code));
    all
}

pub fn text(rules: &RuleSet) -> String {
    let mut out = String::new();
    for r in by_code(rules) {
        let state = if r.enabled { "" } else { " (off)" };
        let _ = writeln!(
            out,
            "{:<7} {:<32} {:<8} {:<14} {}{state}",
            r.code,
            r.name,
            r.severity.as_str(),
            r.kind,
            r.summary
        );
    }
    out
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    kind: &'a str,
    enabled: bool,
    summary: &'a str,
    origin: &'a str,
}

pub fn json(rules: &RuleSet) -> String {
    let entries: Vec<Entry<'_>> = by_code(rules)
        .into_iter()
        .map(|r| Entry {
            code: &r.code,
            name: &r.name,
            severity: r.severity.as_str(),
            kind: &r.kind,
            enabled: r.enabled,
            summary: &r.summary,
            origin: &r.origin,
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&entries).unwrap_or_default();
    s.push('\n');
    s
}

pub fn explain(r: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}): {}", r.code, r.name, r.summary);
    let _ = writeln!(out, "\nSeverity: {}   Kind: {}   Defined in: {}", severity(r), r.kind, r.origin);
    if !r.enabled {
        let _ = writeln!(out, "This rule is switched off (by the selection, or by `enabled = false`).");
    }
    let sections = [("What it checks", &r.docs.what), ("Why it matters", &r.docs.why)];
    for (title, body) in sections {
        if !body.is_empty() {
            let _ = writeln!(out, "\n{title}\n{}", body.trim());
        }
    }
    if let Some(when) = &r.when_written {
        let _ = writeln!(out, "\nRuns only when\n    {}", serde_json::to_string(when).unwrap_or_default());
    }
    if let Some(aws) = &r.aws_message {
        let _ = writeln!(out, "\nAWS's message\n    {aws}");
    }
    if let Some(to) = &r.defers_to {
        let _ =
            writeln!(out, "\nDefers to\n    {to}: where it reports the same place, this rule's finding is left out");
    }
    let tables: Vec<&serde_json::Value> = match &r.params {
        serde_json::Value::Array(items) => items.iter().collect(),
        v @ serde_json::Value::Object(_) => vec![v],
        _ => Vec::new(),
    };
    if !tables.is_empty() {
        let _ = writeln!(out, "\nParameters (current values, after any overrides)");
    }
    for (i, table) in tables.iter().enumerate() {
        if tables.len() > 1 {
            let _ = writeln!(out, "  check {}:", i + 1);
        }
        for (k, v) in table.as_object().into_iter().flatten() {
            let _ = writeln!(out, "    {k} = {}", serde_json::to_string(v).unwrap_or_default());
        }
    }
    if !r.docs.fails.is_empty() {
        let _ = writeln!(out, "\nFails\n{}", indent(&r.docs.fails));
    }
    if !r.docs.passes.is_empty() {
        let _ = writeln!(out, "\nPasses\n{}", indent(&r.docs.passes));
    }
    out
}

/// The severity findings of the rule get, and the default when an
/// override changed it, so a reader of `explain` knows both.
fn severity(r: &Rule) -> String {
    if r.severity == r.default_severity {
        r.severity.to_string()
    } else {
        format!("{} (overridden; the default is {})", r.severity, r.default_severity)
    }
}

fn indent(s: &str) -> String {
    s.trim().lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}
