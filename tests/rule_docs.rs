//! Keeps each built-in rule's `[rules.docs]` true to what the rule does,
//! where a reader of `acelint explain` would otherwise be misled: a rule
//! whose `range` check has a hard bound reports an error past it, whatever
//! its severity, and its docs must say so.

use std::path::Path;
use toml::{Table, Value};

/// The `[[rules]]` tables of the built-in rule files.
fn builtin_rules() -> Vec<Table> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no rule files in {}", dir.display());
    let mut rules = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let table: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let list = table.get("rules").and_then(Value::as_array).cloned().unwrap_or_default();
        rules.extend(list.into_iter().filter_map(|r| r.as_table().cloned()));
    }
    rules
}

/// The check tables of a rule (`check` is a table or a list of them).
fn checks(rule: &Table) -> Vec<&Table> {
    match rule.get("check") {
        Some(Value::Table(t)) => vec![t],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_table).collect(),
        _ => Vec::new(),
    }
}

/// Whether a `range` check has a `hard-max` or `hard-min`, fixed or in a band.
fn has_hard_bound(check: &Table) -> bool {
    let hard = |t: &Table| t.contains_key("hard-max") || t.contains_key("hard-min");
    let bands = check.get("bands").and_then(Value::as_table);
    check.get("kind").and_then(Value::as_str) == Some("range")
        && (hard(check) || bands.is_some_and(|b| b.values().filter_map(Value::as_table).any(hard)))
}

#[test]
fn a_rule_that_escalates_past_a_hard_bound_says_so_in_its_docs() {
    let mut silent = Vec::new();
    for rule in builtin_rules() {
        let severity = rule.get("severity").and_then(Value::as_str).unwrap_or_default();
        if severity == "error" || !checks(&rule).into_iter().any(has_hard_bound) {
            continue;
        }
        let what = rule.get("docs").and_then(|d| d.get("what")).and_then(Value::as_str).unwrap_or_default();
        if !what.contains("error") {
            let field = |k: &str| rule.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            silent.push(format!("{} ({})", field("code"), field("name")));
        }
    }
    assert!(silent.is_empty(), "docs that never say the rule reports an error past its hard bound: {silent:?}");
}
