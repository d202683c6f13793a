//! `export` sends only what AWS's API knows, and gates on the API's own
//! checks whatever the selection, ignores and allows say.

mod common;

use common::{acelint, repo, write, Run, TODAY};
use serde_json::{json, Value};
use tempfile::TempDir;

/// A project holding `r.json`: the clean sample record changed by `edit`,
/// and `acelint.toml` holding `config`.
fn project(edit: impl FnOnce(&mut Value), config: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut record = common::read_json(&repo("examples/clean-stack/portfolio.json"));
    edit(&mut record);
    write(dir.path(), "r.json", &serde_json::to_string_pretty(&record).unwrap());
    write(dir.path(), "acelint.toml", config);
    dir
}

fn allow(record: &mut Value, rule: &str, pointer: &str) {
    record["x-acelint"] = json!({ "allow": [{ "rule": rule, "pointer": pointer, "reason": "kept for the team" }] });
}

fn export(dir: &TempDir, extra: &[&str]) -> Run {
    let mut args = vec!["export", "r.json", "--today", TODAY];
    args.extend_from_slice(extra);
    Run::of(acelint(dir.path(), &args))
}

const BENEFIT: &[&str] = &["--benefit-application", "--benefit-id", "ben-0123456789abcd"];

#[test]
fn an_allowed_unknown_funding_field_is_left_out_of_the_benefit_body_and_said() {
    let dir = project(
        |r| {
            r["Funding"]["InternalNotes"] = json!("ask PDM about margin target 40%");
            allow(r, "unknown-field", "/Funding/InternalNotes");
        },
        "",
    );
    let run = export(&dir, BENEFIT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("InternalNotes"), "{}", run.stdout);
    assert!(run.stdout.contains("BenefitApplicationDetails"), "{}", run.stdout);
    assert!(run.stderr.contains("left /Funding/InternalNotes out of the body"), "{}", run.stderr);
}

#[test]
fn an_allowed_unknown_project_field_is_left_out_of_the_create_body() {
    let dir = project(
        |r| {
            r["Opportunity"]["Project"]["InternalNotes"] = json!("margin target 40%");
            allow(r, "unknown-field", "/Opportunity/Project/InternalNotes");
        },
        "",
    );
    let run = export(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(body["Project"].get("InternalNotes").is_none(), "{}", run.stdout);
    assert!(body["Project"].get("Title").is_some(), "{}", run.stdout);
    assert!(run.stderr.contains("/Opportunity/Project/InternalNotes"), "{}", run.stderr);
}

#[test]
fn an_unknown_field_ignored_by_the_config_refuses_the_record() {
    let dir =
        project(|r| r["Opportunity"]["Project"]["InternalNotes"] = json!("margin"), "ignore = [\"unknown-field\"]\n");
    let run = export(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("[ACE011]") && run.stderr.contains("InternalNotes"), "{}", run.stderr);
    assert!(run.stderr.contains("whatever the selection"), "{}", run.stderr);
}

#[test]
fn an_allow_does_not_let_an_api_error_through() {
    let dir = project(
        |r| {
            r["Opportunity"]["LifeCycle"]["TargetCloseDate"] = json!("2027-02-30");
            allow(r, "target-close-date-range", "/Opportunity/LifeCycle/TargetCloseDate");
        },
        "",
    );
    let run = export(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("[ACE142]"), "{}", run.stderr);
}

#[test]
fn a_selection_leaving_out_the_api_checks_does_not_let_their_errors_through() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo("examples/structural-mistakes.json"), dir.path().join("r.json")).unwrap();
    for selection in [&["--select", "ACE2"][..], &["--ignore", "ACE0,ACE1"][..]] {
        let run = export(&dir, &[&["--isolated"][..], selection].concat());
        assert_eq!(run.code, 1, "{selection:?}: {}", run.stdout);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        for expected in ["`ClientToken`", "2027-02-30", "`Annual`", "InternalNotes"] {
            assert!(run.stderr.contains(expected), "{selection:?}: {expected}: {}", run.stderr);
        }
    }
}

#[test]
fn a_clean_record_exports_with_no_note() {
    let dir = project(|_| {}, "");
    let run = export(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
