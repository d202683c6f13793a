//! `acelint init` (a commented config and a sample record, never over an
//! existing file) and `acelint config` (the effective settings and where
//! each came from).

use crate::cli::RuleArgs;
use crate::config::{Config, FILE_NAME};
use crate::rules::RuleSet;
use std::fmt::Write;
use std::path::Path;

const SAMPLE_RECORD: &str = include_str!("../examples/clean-stack/portfolio.json");
const SAMPLE_NAME: &str = "draft-record.json";

/// The sample's dates as the example writes them. The sample is written
/// filed today and closing about seven months later, so that it is clean
/// the day it is written whenever that is (a fixed close date goes past).
const SAMPLE_FILED: &str = "\"FilingDate\": \"2026-12-01\"";
const SAMPLE_CLOSE: &str = "\"TargetCloseDate\": \"2036-06-30\"";
const CLOSE_AFTER_FILING_DAYS: i64 = 211;

const CONFIG_TEMPLATE: &str = r#"# acelint configuration. Command-line flags override every setting here.
# `acelint config` prints the effective settings; `acelint rules` lists the rules.

# Rules to run: codes (ACE110), code prefixes (ACE1), names (vague-use-case) or ALL.
# select = ["ALL"]
# extend-select = []
# ignore = ["missing-observability-spend"]

# Lowest severity that makes `acelint check` exit with 1: error, warning or info.
fail-level = "error"

# Every record file of the project, so cross-record checks (double-counted
# workloads, duplicate programs) see the whole set even when pre-commit
# passes only the changed files. Relative to this file. Globs match case
# exactly: add "**/*.JSON" if some of your record files are named so.
corpus = ["**/*.{json,jsonl,ndjson}"]

# Files and directories never checked when walking directories: a glob with `/`
# is relative to this file, one without matches a name at any depth. A file named
# on the command line is still checked unless --force-exclude is given (the
# pre-commit hook gives it). `.acelintignore` files work as well.
# extend-exclude = ["archive", "*.draft.json"]

# Extra rule files of your own (relative to this file).
# rules = ["acelint-rules.toml"]

# Fix "today" for date rules, for reproducible CI runs.
# today = "2026-12-01"

# Fail only on findings that are not in the baseline (`acelint baseline` writes it).
# baseline = "acelint-baseline.json"

# Largest record file read, in bytes; a larger one is reported (file-too-large), not read.
# max-file-size = 268435456

# Switch rules off for some files.
# [per-file-ignores]
# "archive/**" = ["ACE2", "stack-not-same-window"]

# Change a rule's severity or parameters, e.g. your own spend bands.
# [rule.spend-implausible-for-stage]
# severity = "error"
# check = [ { bands = { "Activate Portfolio / Seed" = { min = 0, max = 9000, hard-max = 40000 } } } ]

# Project-wide allows; a reason is required.
# [[allow]]
# rule = "marketplace-spend"
# reason = "Datadog is billed through our EDP, not Marketplace credits"
# path = "customers/acme/**"
"#;

/// Writes both files or neither: every name is checked before anything is
/// written, and a write that fails midway takes back what it wrote, so a
/// second run after fixing the cause starts from a clean directory rather
/// than refusing over a file the failed run left.
pub fn run() -> Result<u8, String> {
    let sample = sample_record(crate::date::Date::today());
    let files = [(FILE_NAME, CONFIG_TEMPLATE), (SAMPLE_NAME, sample.as_str())];
    // `symlink_metadata`: a dangling symbolic link takes the name too.
    let taken = |n: &&str| std::fs::symlink_metadata(n).is_ok();
    let existing: Vec<&str> = files.iter().map(|(n, _)| *n).filter(taken).collect();
    if !existing.is_empty() {
        return Err(format!(
            "error: {} already {}; acelint init does not overwrite files (move {} away, or run acelint init in another directory)",
            existing.join(" and "),
            crate::render::agree(existing.len(), "exists", "exist"),
            crate::render::agree(existing.len(), "it", "them")
        ));
    }
    let writes: Vec<(&Path, &[u8])> = files.iter().map(|(n, text)| (Path::new(n), text.as_bytes())).collect();
    crate::write::new_files(&writes).map_err(|(path, e)| {
        format!("error: cannot write {}: {}; acelint init wrote nothing", path.display(), crate::load::io_message(&e))
    })?;
    for (name, _) in files {
        crate::report::print(&format!("wrote {name}\n"))?;
    }
    crate::report::print(&format!("next: edit {SAMPLE_NAME}, then run `acelint check .`\n"))?;
    Ok(crate::app::EXIT_CLEAN)
}

/// The sample record, filed `today`.
fn sample_record(today: crate::date::Date) -> String {
    let close = today.add_days(CLOSE_AFTER_FILING_DAYS);
    SAMPLE_RECORD.replacen(SAMPLE_FILED, &format!("\"FilingDate\": \"{today}\""), 1).replacen(
        SAMPLE_CLOSE,
        &format!("\"TargetCloseDate\": \"{close}\""),
        1,
    )
}

/// The effective settings, one per line, with where each came from.
pub fn describe(config: &Config, rules: &RuleSet, args: &RuleArgs) -> String {
    let mut out = String::new();
    let file = config.source();
    let _ = writeln!(out, "config file: {}", config.path.as_ref().map_or("none".to_string(), |_| file.clone()));
    let list = |v: &[String]| format!("[{}]", v.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", "));
    let mut line = |key: &str, value: String, source: &str| {
        let _ = writeln!(out, "{key:<16} = {value:<40}  # {source}");
    };
    // Selection is layered as in Ruff (the command line's lists on top of
    // the config's) and rule files add up: each source on a line of its own.
    let lists = [
        ("select", &args.select),
        ("extend-select", &args.extend_select),
        ("ignore", &args.ignore),
        ("rules", &args.rules),
    ];
    for (key, cli) in lists {
        let from_config = config.strings(key);
        if let Some(v) = &from_config {
            // A command-line `--select` starts the selection afresh.
            let replaced = !args.select.is_empty() && key != "rules";
            line(key, list(v), &if replaced { format!("{file} (replaced by --select)") } else { file.clone() });
        }
        if !cli.is_empty() {
            line(key, list(cli), "command line");
        }
        if from_config.is_none() && cli.is_empty() {
            // Selecting nothing means every rule, as in Ruff.
            let shown = if key == "select" { "(every rule)".to_string() } else { list(&[]) };
            line(key, shown, "default");
        }
    }
    for key in ["corpus", "exclude", "extend-exclude", "baseline", "fail-level", "today", "max-file-size"] {
        match config.value.get(key) {
            Some(v) => line(key, v.to_string(), &file),
            None => line(key, default_of(key).into(), "default"),
        }
    }
    let enabled = rules.iter().filter(|r| r.enabled).count();
    let _ = writeln!(out, "rules enabled    = {enabled} of {}", rules.iter().count());
    let off: Vec<&str> = rules.iter().filter(|r| !r.enabled).map(|r| r.code.as_ref()).collect();
    if !off.is_empty() {
        let _ = writeln!(out, "rules off        = {}", off.join(", "));
    }
    for r in rules.iter().filter(|r| r.origin.contains("(changed by")) {
        let _ = writeln!(
            out,
            "rule {} ({}) severity {}, {}  # {}",
            r.code,
            r.name,
            r.severity,
            if r.enabled { "on" } else { "off" },
            r.origin
        );
    }
    let per_file = config.value.get("per-file-ignores").and_then(|v| v.as_object()).map_or(0, |m| m.len());
    let allows = config.value.get("allow").and_then(|v| v.as_array()).map_or(0, Vec::len);
    let _ = writeln!(
        out,
        "per-file-ignores = {}; allow = {}",
        crate::render::count(per_file, "glob", "globs"),
        crate::render::count(allows, "entry", "entries")
    );
    out
}

fn default_of(key: &str) -> &'static str {
    match key {
        "fail-level" => "\"error\"",
        "today" => "(the system date)",
        "max-file-size" => "268435456",
        _ => "(none)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_dated_from_the_day_it_is_written() {
        // The example must still hold the dates replaced, or the sample
        // would keep dates that go past.
        assert!(SAMPLE_RECORD.contains(SAMPLE_FILED) && SAMPLE_RECORD.contains(SAMPLE_CLOSE));
        let today = crate::date::Date::parse("2031-02-27").unwrap();
        let sample = sample_record(today);
        assert!(sample.contains("\"FilingDate\": \"2031-02-27\""), "{sample}");
        assert!(sample.contains("\"TargetCloseDate\": \"2031-09-26\""), "{sample}");
    }
}
