//! Conditions in user rule files through the binary: a condition table with
//! a misspelt or unknown key, or with two tests at once, stops the run with
//! exit code 2 at the file, line and column of the key (never a condition
//! that silently tests something else); a correct condition, and a `count`
//! of list items filtered by `where`, work.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The binary with `sub` and, so no stray acelint.toml applies, `--isolated`.
fn acelint(sub: &[&str]) -> Command {
    let mut c = Command::cargo_bin("acelint").unwrap();
    c.env("NO_COLOR", "1").args(sub).arg("--isolated");
    c
}

/// An Activate Portfolio record whose projection names five services,
/// four of them `Amazon…`.
fn portfolio() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-stack/portfolio.json")
}

/// Writes `text` as a rule file and returns (dir, path).
fn rule_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// `check --output-format concise` of the record with the rule file, only
/// the file's own rules selected.
fn check_with(rules: &Path) -> std::process::Output {
    acelint(&["check", "--today", "2026-11-24", "--output-format", "concise", "--select", "TEAM"])
        .arg("--rules")
        .arg(rules)
        .arg(portfolio())
        .output()
        .unwrap()
}

/// The stderr of a run the rule file stops (exit 2, no report).
fn broken(text: &str) -> String {
    let (_dir, path) = rule_file(text);
    let out = check_with(&path);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(out.stdout.is_empty(), "no report on a broken rule file");
    stderr
}

/// The rule file's head: one rule, up to line 8; line 9 is the next.
const HEAD: &str = "[ruleset]\nname = \"team\"\n\n[[rules]]\ncode = \"TEAM01\"\nname = \"portfolio-services\"\nseverity = \"warning\"\nsummary = \"x\"\n";

const FLAG: &str = "check = { kind = \"flag\", at = \"/Funding\" }\n";

/// The 1-based column where `needle` starts in `line`.
fn column(line: &str, needle: &str) -> usize {
    line.find(needle).unwrap() + 1
}

#[test]
fn misspelt_key_in_a_rule_condition_is_located_with_a_suggestion() {
    // `equls` beside a test that would otherwise have run alone.
    let when = "when = { field = \"/Funding/Program\", exists = true, equls = \"MAP\" }";
    let err = broken(&format!("{HEAD}{when}\n{FLAG}"));
    // The mistake's line, at its value (as for a misspelt check parameter).
    let at = format!("team.toml:9:{}", column(when, "\"MAP\""));
    assert!(err.contains(&at), "{at}: {err}");
    assert!(err.contains("a condition has no key `equls`; did you mean `equals`?"), "{err}");
    assert!(err.contains("in-from (with in-field)"), "every test is listed: {err}");
}

#[test]
fn misspelt_key_in_a_check_condition_is_located_with_a_suggestion() {
    let check = "check = { kind = \"flag\", at = \"/Funding\", when = { field = \"/Funding/Program\", matches = \"^activate\", case-insenstive = true } }";
    let err = broken(&format!("{HEAD}{check}\n"));
    let at = format!("team.toml:9:{}", column(check, "true"));
    assert!(err.contains(&at), "{at}: {err}");
    assert!(err.contains("a condition has no key `case-insenstive`; did you mean `case-insensitive`?"), "{err}");
}

#[test]
fn misspelt_key_in_a_where_condition_is_located_with_a_suggestion() {
    let check = "check = { kind = \"range\", value = { count = \"/Funding/ProjectedSpend/*\", where = { field = \"/Product\", machtes = \"^Amazon\" } }, max = 2 }";
    let err = broken(&format!("{HEAD}{check}\n"));
    let at = format!("team.toml:9:{}", column(check, "\"^Amazon\""));
    assert!(err.contains(&at), "{at}: {err}");
    assert!(err.contains("a condition has no key `machtes`; did you mean `matches`?"), "{err}");
}

#[test]
fn misspelt_where_of_an_expression_is_located_with_a_suggestion() {
    let when = "when = { value = { count = \"/Funding/ProjectedSpend/*\", wehre = { field = \"/Product\", matches = \"^Amazon\" } }, above = 2 }";
    let err = broken(&format!("{HEAD}{when}\n{FLAG}"));
    let at = format!("team.toml:9:{}", column(when, "{ field"));
    assert!(err.contains(&at), "{at}: {err}");
    assert!(err.contains("an expression has no key `wehre`; did you mean `where`?"), "{err}");
    // In a check, the paths are checked first: the misspelt `where` makes
    // its relative path an absolute one that no record has. Still a stop
    // at the mistake's line.
    let check = when.replace("when = { value", "check = { kind = \"range\", value").replace("above = 2", "max = 2");
    let err = broken(&format!("{HEAD}{check}\n"));
    assert!(err.contains("team.toml:9:"), "{err}");
}

#[test]
fn condition_with_two_tests_is_rejected() {
    let when = "when = { field = \"/Funding/Program\", equals = \"MAP\", matches = \"^Activate\" }";
    let err = broken(&format!("{HEAD}{when}\n{FLAG}"));
    let at = format!("team.toml:9:{}", column(when, "\"^Activate\""));
    assert!(err.contains(&at), "{at}: {err}");
    assert!(err.contains("this condition has two tests, `equals` and `matches`"), "{err}");
    assert!(err.contains("`all = [...]`"), "{err}");
}

#[test]
fn combinator_with_a_test_beside_it_is_rejected() {
    let when = "when = { all = [{ field = \"/Funding/Program\", equals = \"MAP\" }], exists = true }";
    let err = broken(&format!("{HEAD}{when}\n{FLAG}"));
    assert!(err.contains("team.toml:9:"), "{err}");
    assert!(err.contains("`all` and `exists` cannot share a condition"), "{err}");
}

#[test]
fn correct_conditions_and_a_filtered_count_still_work() {
    // A rule-wide `when` that holds, and a count of the items `where` keeps.
    let (_dir, path) = rule_file(&format!(
        "{HEAD}when = {{ all = [{{ field = \"/Funding/Program\", equals = \"Activate Portfolio\" }}, {{ not = {{ field = \"/Funding/Program\", matches = \"^map\", case-insensitive = true }} }}] }}\ncheck = {{ kind = \"range\", value = {{ count = \"/Funding/ProjectedSpend/*\", where = {{ field = \"/Product\", matches = \"^Amazon\" }} }}, max = 2 }}\nmessage = \"{{value}} Amazon services\"\n"
    ));
    let out = check_with(&path);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("warning[TEAM01] portfolio-services: 4 Amazon services"), "{stdout}");

    // The same rule under a `when` that does not hold reports nothing.
    let (_dir, path) = rule_file(&format!(
        "{HEAD}when = {{ field = \"/Funding/Program\", in = [\"MAP\", \"Build for Startups\"] }}\ncheck = {{ kind = \"range\", value = {{ count = \"/Funding/ProjectedSpend/*\" }}, max = 2 }}\n"
    ));
    let out = check_with(&path);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!stdout.contains("TEAM01"), "{stdout}");
}
