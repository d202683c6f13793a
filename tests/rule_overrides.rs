//! Changing existing rules through the binary: `enabled` in a rule file's
//! `[[overrides]]` and in acelint.toml's `[rule.NAME]` switches a rule off
//! (or on), a selector naming the rule on the command line has the last
//! word, and a `check` of the wrong shape (a table for a list of checks)
//! stops the run at its line and column.

mod common;

use assert_cmd::Command;
use common::TODAY;
use predicates::str::contains;
use std::path::{Path, PathBuf};

const RULE: &str = "[ACE240]";

/// The binary, without `--isolated` (some tests name or find a config).
fn bin() -> Command {
    common::acelint(&common::repo(""), &[])
}

/// The binary with `sub` and, so no stray acelint.toml applies, `--isolated`.
fn acelint(sub: &[&str]) -> Command {
    let mut c = bin();
    c.args(sub).arg("--isolated");
    c
}

fn fixture(name: &str) -> PathBuf {
    common::repo("").join("tests/fixtures/overrides").join(name)
}

/// A record on which `vague-use-case` (ACE240) reports: one service named.
fn vague() -> PathBuf {
    common::repo("").join("tests/fixtures/rules/vague-use-case/fail-one-service-named.json")
}

/// The concise report of `check` with the given arguments on `vague()`,
/// run in `dir` (where an acelint.toml may be found) or, without one,
/// with `--isolated` unless the arguments name a `--config`.
fn check(dir: Option<&Path>, args: &[&str]) -> String {
    let mut cmd = bin();
    cmd.args(["check", "--today", TODAY, "--output-format", "concise"]).args(args);
    match dir {
        Some(dir) => cmd.current_dir(dir),
        None if args.contains(&"--config") => &mut cmd,
        None => cmd.arg("--isolated"),
    };
    let out = cmd.arg(vague()).output().unwrap();
    assert_ne!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn check_isolated(args: &[&str]) -> String {
    check(None, args)
}

/// The line of `acelint rules` for `vague-use-case`.
fn listed(out: &[u8]) -> String {
    let text = String::from_utf8_lossy(out);
    text.lines().find(|l| l.contains("vague-use-case")).unwrap_or_default().to_string()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_fixture_triggers_the_rule() {
    assert!(check_isolated(&[]).contains(RULE));
}

#[test]
fn enabled_false_in_an_override_file_switches_the_rule_off() {
    let rules = fixture("disable.toml");
    let report = check_isolated(&["--rules", path_str(&rules)]);
    assert!(!report.contains(RULE), "{report}");

    let out = acelint(&["rules", "--rules", path_str(&rules)]).output().unwrap();
    assert!(listed(&out.stdout).ends_with("(off)"), "{}", listed(&out.stdout));
    let out = acelint(&["rules", "--output-format", "json", "--rules", path_str(&rules)]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = list.as_array().unwrap().iter().find(|r| r["name"] == "vague-use-case").unwrap();
    assert_eq!(entry["enabled"], false);
    // Every other rule stays on.
    assert_eq!(list.as_array().unwrap().iter().filter(|r| r["enabled"] == false).count(), 1);
}

#[test]
fn selectors_naming_the_rule_have_the_last_word_over_enabled() {
    let rules = fixture("disable.toml");
    let rules = path_str(&rules);
    for on in [["--extend-select", "vague-use-case"], ["--extend-select", "ACE240"], ["--extend-select", "ACE24"]] {
        let report = check_isolated(&["--rules", rules, on[0], on[1]]);
        assert!(report.contains(RULE), "{on:?} turns it on again: {report}");
    }
    let report = check_isolated(&["--rules", rules, "--select", "ACE2"]);
    assert!(report.contains(RULE), "--select by prefix turns it on again: {report}");
    // `ALL` on the command line asks for every rule, this one too.
    for all in [["--select", "ALL"], ["--extend-select", "ALL"]] {
        let report = check_isolated(&["--rules", rules, all[0], all[1]]);
        assert!(report.contains(RULE), "{all:?}: {report}");
    }
    // An `--ignore` of other rules says nothing about this one: the explicit
    // `enabled = false` stands.
    let report = check_isolated(&["--rules", rules, "--ignore", "ACE1"]);
    assert!(!report.contains(RULE), "{report}");
    // `--ignore` naming the rule beats a `--extend-select` naming it.
    let report = check_isolated(&["--rules", rules, "--extend-select", "ACE240", "--ignore", "vague-use-case"]);
    assert!(!report.contains(RULE), "{report}");
    let out = acelint(&["rules", "--rules", rules, "--extend-select", "vague-use-case"]).output().unwrap();
    assert!(!listed(&out.stdout).ends_with("(off)"), "{}", listed(&out.stdout));
}

#[test]
fn enabled_false_in_the_config_switches_the_rule_off() {
    let config = fixture("config-off/acelint.toml");
    let config = path_str(&config);
    let report = check(None, &["--config", config]);
    assert!(!report.contains(RULE), "{report}");
    let out = bin().args(["rules", "--config", config]).output().unwrap();
    assert!(listed(&out.stdout).ends_with("(off)"), "{}", listed(&out.stdout));

    // Found by running in its directory, too.
    let report = check(Some(&fixture("config-off")), &[]);
    assert!(!report.contains(RULE), "{report}");

    // `acelint config` shows the rule off, and where the change came from.
    let out = bin().current_dir(fixture("config-off")).arg("config").output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("rule ACE240 (vague-use-case) severity warning, off  # rules/credit-programs.toml (changed by acelint.toml)"), "{shown}");
    // One rule fewer than there are.
    let counts = shown.lines().find_map(|l| l.strip_prefix("rules enabled    = ")).unwrap_or_else(|| panic!("{shown}"));
    let (on, of) = counts.split_once(" of ").unwrap();
    assert_eq!(on.parse::<usize>().unwrap() + 1, of.trim().parse::<usize>().unwrap(), "{counts}");

    // The command line has the last word.
    let report = check(None, &["--config", config, "--extend-select", "vague-use-case"]);
    assert!(report.contains(RULE), "{report}");
    bin()
        .current_dir(fixture("config-off"))
        .args(["config", "--extend-select", "vague-use-case"])
        .assert()
        .success()
        .stdout(contains("extend-select    = [\"vague-use-case\"]"))
        .stdout(contains("rule ACE240 (vague-use-case) severity warning, on  #"));
}

#[test]
fn enabled_true_switches_on_a_rule_the_selection_leaves_off() {
    let config = fixture("config-on-despite-select/acelint.toml");
    let config = path_str(&config);
    let report = check(None, &["--config", config]);
    assert!(report.contains(RULE), "{report}");
    assert!(!report.contains("[ACE242]"), "`select = [\"ACE1\"]` leaves the other ACE2 rules off: {report}");
    let report = check(None, &["--config", config, "--ignore", "ACE240"]);
    assert!(!report.contains(RULE), "--ignore naming the rule switches it off: {report}");
    let report = check(None, &["--config", config, "--ignore", "ALL", "--extend-select", "ACE1"]);
    assert!(!report.contains(RULE), "`--ignore ALL` switches it off too: {report}");
    // A `--select` on the command line replaces the whole selection.
    let report = check(None, &["--config", config, "--select", "ACE1"]);
    assert!(!report.contains(RULE), "`--select ACE1` leaves it out: {report}");
}

#[test]
fn enabled_outranks_selectors_in_the_same_config_but_not_on_the_command_line() {
    let config = fixture("config-off-despite-prefix/acelint.toml");
    let config = path_str(&config);
    let report = check(None, &["--config", config]);
    assert!(!report.contains(RULE), "`select = [\"ACE2\"]` in the file does not undo `enabled = false`: {report}");
    let report = check(None, &["--config", config, "--select", "ACE2"]);
    assert!(report.contains(RULE), "`--select ACE2` on the command line does: {report}");
    // A rule the command line selects runs whatever the config says: its
    // `ignore` and its `enabled = false` alike (the command line overrides
    // the config, as in Ruff); a command line that does not name it leaves
    // both in force.
    let config = fixture("config-ignore-and-off/acelint.toml");
    let report = check(None, &["--config", path_str(&config), "--select", "ACE240"]);
    assert!(report.contains(RULE), "{report}");
    let report = check(None, &["--config", path_str(&config), "--extend-select", "ACE1"]);
    assert!(!report.contains(RULE), "{report}");
}

#[test]
fn a_table_for_a_list_of_checks_is_an_error_with_the_list_that_works() {
    let rules = fixture("table-on-list.toml");
    let out = acelint(&["check", "--today", TODAY, "--rules", path_str(&rules)]).arg(vague()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("table-on-list.toml:7:9: the check of `vague-use-case` is a list of 3 tables"), "{err}");
    assert!(err.contains("`check = [{}, { min = 1 }]` changes only item 2 (the `mentions` check)"), "{err}");

    let config = fixture("config-table-on-list/acelint.toml");
    let out = bin().args(["check", "--today", TODAY, "--config", path_str(&config)]).arg(vague()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("acelint.toml:2:1: the check of `vague-use-case` is a list of 3 tables"), "{err}");

    // What the message suggests works: only the second table changes.
    let rules = fixture("change-one-item.toml");
    let report = check_isolated(&["--rules", path_str(&rules)]);
    assert!(!report.contains(RULE), "one service named is now enough: {report}");
    acelint(&["explain", "vague-use-case", "--rules", path_str(&rules)])
        .assert()
        .success()
        .stdout(contains("Kind: pattern+mentions"))
        .stdout(contains("must-not-match = "))
        .stdout(contains("min = 1"));
}

#[test]
fn a_list_for_a_single_check_changes_it_as_its_first_item() {
    let rules = fixture("list-on-table.toml");
    let record = common::repo("").join("tests/fixtures/rules/business-problem-brief/pass-50-chars.json");
    let out = acelint(&["check", "--today", TODAY, "--output-format", "concise", "--select", "ACE123"])
        .arg("--rules")
        .arg(&rules)
        .arg(&record)
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("[ACE123]"), "min = 900 applies: {report}");
    acelint(&["explain", "business-problem-brief", "--rules", path_str(&rules)])
        .assert()
        .success()
        .stdout(contains("Kind: range"))
        .stdout(contains("min = 900"));
}

/// `explain` shows the severity findings get: after a rule file's
/// `[[overrides]]` or the config's `[rule.NAME]`, the overridden one, with
/// the default beside it; without an override, the default alone.
#[test]
fn explain_shows_the_overridden_severity_with_the_default() {
    let line = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines().find(|l| l.contains("Kind:")).unwrap_or_default().to_string()
    };
    let plain = line(acelint(&["explain", "business-problem-brief"]).output().unwrap());
    assert!(plain.starts_with("Severity: warning   Kind: range"), "{plain}");
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("raise.toml");
    std::fs::write(&rules, "[ruleset]\nname = \"t\"\n\n[[overrides]]\nrule = \"ACE123\"\nseverity = \"error\"\n")
        .unwrap();
    let raised = line(acelint(&["explain", "ACE123", "--rules", path_str(&rules)]).output().unwrap());
    assert!(raised.starts_with("Severity: error (overridden; the default is warning)   Kind: range"), "{raised}");
    std::fs::write(dir.path().join("acelint.toml"), "[rule.business-problem-brief]\nseverity = \"info\"\n").unwrap();
    let lowered = line(bin().current_dir(dir.path()).args(["explain", "business-problem-brief"]).output().unwrap());
    assert!(lowered.starts_with("Severity: info (overridden; the default is warning)"), "{lowered}");
}
