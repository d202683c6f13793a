//! `acelint export`: the request bodies a partner submits with the AWS CLI
//! (`--cli-input-json`): `CreateOpportunity` from a record, or
//! `CreateBenefitApplication` with the `Funding` half as its details. A
//! record with errors is refused, with the reasons.
//!
//! The selection, `ignore`, `per-file-ignores` and allows shape what
//! `check` reports, not what AWS's API accepts: export runs the API's own
//! checks (the schema and the submission rules) whatever they say, so an
//! allowed or unselected API error still refuses the record. A key the
//! API does not know is never sent: one allowed away (a note kept in the
//! draft) is left out of the body, and said on standard error; any other
//! refuses the record, since it may be a misspelt field.

use crate::check::{self, Options};
use crate::cli::ExportArgs;
use crate::diagnostic::{Diagnostic, Severity};
use crate::record::{Record, RecordKind};
use crate::rules::{Rule, RuleSet};
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::sync::Arc;

/// Keys that are acelint's or are set after creation, never sent on create.
const NOT_SENT: &[&str] = &["$schema", "x-acelint", "RelatedEntityIdentifiers"];

/// The rule that finds keys AWS's API does not know.
const UNKNOWN_FIELD: &str = "unknown-field";

/// The rule files whose rules are AWS's API's own checks: the record
/// schema (core) and the submission rules. The other files are a
/// reviewer's judgement, which the run's selection and allows still rule.
const API_RULE_FILES: &[&str] = &["rules/core.toml", "rules/aws-submission.toml"];

pub fn run(args: &ExportArgs, opts: &Options, mut rules: RuleSet) -> Result<u8, String> {
    let chosen = enable_api_rules(&mut rules)?;
    let rules = &rules;
    if std::path::Path::new(&args.path).is_dir() {
        return Err(format!("error: {} is a directory; export reads one record file", args.path));
    }
    if let Some(id) = &args.benefit_id {
        check_benefit_id(id)?;
    }
    let outcome = check::run(opts, rules);
    if let Some(e) = outcome.input_errors.first() {
        return Err(format!("error: {}: {}", e.path, e.message));
    }
    if holds_no_record(&outcome) {
        return Err(format!(
            "error: {} holds no record to export; write a draft record in it, or name the file that holds one",
            args.path
        ));
    }
    // Said before any finding: "record 7 has 1 error" about a file-wide
    // finding would hide that there is no record 7. A file's one value that
    // is not a record has no range, and is counted as record 0 all the same.
    let count = outcome.ranges.first().map_or(0, Vec::len).max(outcome.records);
    if count > 0 && args.record >= count {
        return Err(no_such_record(&args.path, args.record, count));
    }
    // The record's own errors, and those of the file that fall inside it
    // (a broken line of a JSON Lines file stops only its own record).
    let record = outcome.ranges.first().and_then(|r| r.get(args.record)).cloned();
    let concerns = |d: &crate::diagnostic::Diagnostic| match (d.location.record, &record) {
        (Some(r), _) => r == args.record,
        (None, Some(range)) => range.contains(&d.location.span.start),
        (None, None) => true,
    };
    let gate = gate(&outcome, rules, &chosen, concerns);
    let errors = gate.refused;
    if !errors.is_empty() {
        // A file that could not be split into records has no record N to
        // speak of: its errors are the file's.
        let whose = match count {
            0 => format!("{} cannot be read as records: it", args.path),
            _ => format!("{} record {}", args.path, args.record),
        };
        eprintln!(
            "error: {whose} has {}; fix {} before exporting:",
            crate::render::count(errors.len(), "error", "errors"),
            if errors.len() == 1 { "it" } else { "them" }
        );
        for d in errors {
            eprintln!(
                "  {}:{}:{}: [{}] {}",
                d.location.file,
                d.location.line,
                d.location.column,
                d.code,
                crate::render::sanitize(&d.message)
            );
        }
        if gate.overruled {
            eprintln!("note: AWS's API checks the schema and its submission rules whatever the selection, ignores and allows say");
        }
        return Ok(crate::app::EXIT_FINDINGS);
    }
    // `source` reads a clean file's text again: the check let it go.
    let file = (!outcome.files.is_empty()).then(|| outcome.source(0));
    let (Some(file), Some(range)) = (file, outcome.ranges.first().and_then(|r| r.get(args.record))) else {
        return Err(no_such_record(&args.path, args.record, count));
    };
    let text = file.text.get(range.clone()).ok_or_else(|| format!("error: {} changed while it was read", args.path))?;
    let mut parsed = crate::json::parse_record(text).map_err(|e| format!("error: {}", e.message))?;
    leave_out(&mut parsed.value, &gate.left_out, &args.path);
    let record = Record::new(
        crate::diagnostic::RecordId { file: 0, index: args.record },
        range.clone(),
        parsed.value,
        parsed.has_nulls,
    );
    let body = if args.benefit_application {
        benefit_application(&record, args.benefit_id.as_deref())?
    } else {
        create_opportunity(&record)
    };
    crate::report::print(&format!("{}\n", serde_json::to_string_pretty(&body).unwrap_or_default()))?;
    Ok(crate::app::EXIT_CLEAN)
}

/// Switches on every API rule at no less than the severity its file gives
/// it; returns the rules the run had chosen itself, by name.
fn enable_api_rules(rules: &mut RuleSet) -> Result<HashSet<Arc<str>>, String> {
    let chosen = rules.iter().filter(|r| r.enabled).map(|r| r.name.clone()).collect();
    let forced: Vec<crate::rules::file::Override> = rules
        .iter()
        .filter(|r| is_api_rule(r))
        .map(|r| crate::rules::file::Override {
            rule: r.name.to_string(),
            severity: Some(r.severity.max(r.default_severity)),
            enabled: Some(true),
            check: None,
            message: None,
            help: None,
            pointer: String::new(),
        })
        .collect();
    for o in &forced {
        rules.apply_override(o, "acelint export").map_err(|e| format!("error: {}", e.message))?;
    }
    Ok(chosen)
}

/// Whether a rule is one of AWS's API's own checks. `unused-allow` is
/// acelint's, about the allows, and `core.toml` only hosts it.
fn is_api_rule(rule: &Rule) -> bool {
    let file = rule.origin.split(" (changed").next().unwrap_or_default();
    rule.acelint_own && API_RULE_FILES.contains(&file) && rule.name.as_ref() != "unused-allow"
}

/// What the check says about the record exported.
struct Gate<'o> {
    /// The errors that refuse it.
    refused: Vec<&'o Diagnostic>,
    /// Some of them were allowed, ignored or not selected by the run.
    overruled: bool,
    /// The pointers of unknown keys allowed away (by the record, the
    /// config or `per-file-ignores`): left out of the body.
    left_out: Vec<String>,
}

/// Sorts the errors about the record (`concerns`): those the run reports,
/// and the API's own that its allows or selection set aside.
fn gate<'o>(
    outcome: &'o check::Outcome,
    rules: &RuleSet,
    chosen: &HashSet<Arc<str>>,
    concerns: impl Fn(&Diagnostic) -> bool,
) -> Gate<'o> {
    let mut gate = Gate { refused: Vec::new(), overruled: false, left_out: Vec::new() };
    let errors = |list: &'o [Diagnostic]| list.iter().filter(|d| d.severity == Severity::Error && concerns(d));
    let suppressed = outcome.suppressed.iter().map(|s| &s.diagnostic);
    // An unknown key of a rule switched off is refused, not left out:
    // nothing says it is meant, and a misspelt field left out would be a
    // required field missing with no finding of its own (see `rules::hold`).
    for d in errors(&outcome.diagnostics) {
        gate.overruled |= !chosen.contains(&d.name);
        gate.refused.push(d);
    }
    let api = |d: &&Diagnostic| rules.get(&d.name).is_some_and(is_api_rule);
    for d in suppressed.filter(|d| d.severity == Severity::Error && concerns(d)).filter(api) {
        match (d.name.as_ref(), &d.location.pointer) {
            (UNKNOWN_FIELD, Some(p)) => gate.left_out.push(p.clone()),
            _ => {
                gate.overruled = true;
                gate.refused.push(d);
            }
        }
    }
    gate.refused.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    gate
}

/// Takes the unknown keys at `pointers` out of the record, saying each.
fn leave_out(record: &mut Value, pointers: &[String], path: &str) {
    for pointer in pointers {
        let Some((parent, key)) = pointer.rsplit_once('/') else { continue };
        let key = key.replace("~1", "/").replace("~0", "~");
        if let Some(object) = record.pointer_mut(parent).and_then(Value::as_object_mut) {
            if object.remove(&key).is_some() {
                let shown = crate::render::sanitize(pointer);
                eprintln!("note: {path}: left {shown} out of the body: AWS's API does not know the field");
            }
        }
    }
}

/// `--record` past the file's records, with the indexes it takes (from 0,
/// as `--record` and the findings count): every record of the file, a line
/// that cannot be read included, has one.
fn no_such_record(path: &str, index: usize, count: usize) -> String {
    match count {
        0 => format!("error: {path} has no record {index}"),
        1 => format!("error: {path} has no record {index}; it has 1 record (--record 0)"),
        _ => format!("error: {path} has no record {index}; it has {count} records (--record 0 to {})", count - 1),
    }
}

/// Whether the file is empty of records (nothing but whitespace, `[]`, or
/// blank lines): there is no record to have errors, so it is said as an
/// input error, not as "record 0 has 1 error" of a record that is not there.
fn holds_no_record(outcome: &check::Outcome) -> bool {
    outcome.diagnostics.iter().any(|d| d.name.as_ref() == "empty-file")
}

/// A benefit is named as AWS's model allows: `ben-` and 14 lowercase
/// letters or digits, or an ARN.
fn check_benefit_id(id: &str) -> Result<(), String> {
    let ben = id
        .strip_prefix("ben-")
        .is_some_and(|rest| rest.len() == 14 && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if ben || id.strip_prefix("arn:").is_some_and(|rest| !rest.is_empty()) {
        Ok(())
    } else {
        Err(format!("error: --benefit-id `{id}` is neither `ben-` and 14 lowercase letters or digits nor an ARN"))
    }
}

/// The `CreateOpportunity` request body.
pub fn create_opportunity(record: &Record) -> Value {
    let mut body: Map<String, Value> = record.opportunity().and_then(Value::as_object).cloned().unwrap_or_default();
    body.retain(|k, _| !NOT_SENT.contains(&k.as_str()));
    Value::Object(body)
}

/// The `CreateBenefitApplication` request body for the record's `Funding`.
fn benefit_application(record: &Record, benefit_id: Option<&str>) -> Result<Value, String> {
    if record.kind != RecordKind::Draft {
        return Err("error: a bare CreateOpportunity body has no `Funding` to apply for".into());
    }
    let benefit =
        benefit_id.ok_or("error: --benefit-application needs --benefit-id (the `ben-…` id or ARN of the benefit)")?;
    let opp = record.opportunity().cloned().unwrap_or_default();
    let funding = record.funding().cloned().unwrap_or_default();
    let s = |v: &Value, p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    // The benefit call needs its own idempotency token; derive it from the
    // opportunity's so re-exporting gives the same body.
    let token: String = format!("{}-benefit", s(&opp, "/ClientToken").unwrap_or_default()).chars().take(64).collect();
    let mut body = json!({
        "Catalog": s(&opp, "/Catalog").unwrap_or_else(|| "AWS".into()),
        "ClientToken": token,
        "BenefitIdentifier": benefit,
        "FulfillmentTypes": ["CREDITS"],
        "BenefitApplicationDetails": funding,
    });
    if let Some(name) = s(&funding, "/Workload/Name") {
        body["Name"] = Value::String(name);
    }
    if let Some(objective) = s(&funding, "/Workload/Objective") {
        body["Description"] = Value::String(objective.chars().take(1000).collect());
    }
    Ok(body)
}
