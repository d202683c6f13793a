//! Rule selection through the binary: the command line overrides
//! `acelint.toml` as in Ruff (more specific selectors win, `--select`
//! replaces the config's lists), the rules that say a file could not be read
//! or parsed cannot be switched off, and selectors in the config are checked
//! like those on the command line.
//!
//! Each test works in a temporary directory holding a copy of a fixture
//! record and, where it needs one, an `acelint.toml`.

mod common;

use common::{acelint, repo, TODAY};
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

/// A record with one finding of ACE242 (itemized-services-not-described),
/// a warning, and nothing else.
const ACE242_RECORD: &str =
    "tests/fixtures/rules/itemized-services-not-described/fail-redshift-itemized-not-described.json";

/// A record with one finding of ACE110 (postal-code-format).
const ACE110_RECORD: &str = "tests/fixtures/rules/postal-code-format/fail-us-four-digits.json";

/// A temporary project: `rec.json` (the ACE242 record) and, when given,
/// `acelint.toml`.
fn project(config: Option<&str>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo(ACE242_RECORD), dir.path().join("rec.json")).unwrap();
    if let Some(text) = config {
        std::fs::write(dir.path().join("acelint.toml"), text).unwrap();
    }
    dir
}

struct Report {
    code: Option<i32>,
    /// The codes of the findings, in report order.
    codes: Vec<String>,
    stderr: String,
}

impl Report {
    fn has(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }
}

/// `acelint check --today … --output-format json ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Report {
    let mut all = vec!["check", "--today", TODAY, "--output-format", "json"];
    all.extend(args);
    let out = acelint(dir, &all).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let codes = match serde_json::from_slice::<Value>(&out.stdout) {
        Ok(v) => v["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect(),
        Err(e) => panic!("acelint {all:?} printed no JSON report ({e}); exit {:?}: {stderr}", out.status.code()),
    };
    Report { code: out.status.code(), codes, stderr }
}

/// A `check` that must fail with exit code 2 before checking anything;
/// returns its standard error.
fn usage_error(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["check", "--today", TODAY];
    all.extend(args);
    let out = acelint(dir, &all).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "acelint {all:?}: {stderr}");
    assert!(out.stdout.is_empty(), "acelint {all:?} printed a report");
    stderr
}

// ---------------------------------------------------------------------------
// The command line overrides the config

#[test]
fn a_rule_named_on_the_command_line_runs_even_if_the_config_ignores_it() {
    let dir = project(Some("ignore = [\"ACE242\"]\n"));
    let d = dir.path();
    assert!(!check(d, &["rec.json"]).has("ACE242"), "the config's ignore applies");
    for args in [
        ["--select", "ACE242"],
        ["--select", "ace242"],
        ["--select", "ACE24"],
        ["--select", "ALL"],
        ["--extend-select", "ACE242"],
        ["--extend-select", "itemized-services-not-described"],
        ["--extend-select", "ACE2"],
        ["--extend-select", "ALL"],
    ] {
        let r = check(d, &["rec.json", args[0], args[1]]);
        assert!(r.has("ACE242"), "{args:?} runs ACE242 over the config's ignore: {:?} {}", r.codes, r.stderr);
        assert_eq!(r.code, Some(0), "a warning only: {}", r.stderr);
    }
    // A command line that says nothing about the rule leaves the config's
    // ignore in force.
    let r = check(d, &["rec.json", "--ignore", "ACE110"]);
    assert!(!r.has("ACE242"), "{:?}", r.codes);
    let r = check(d, &["rec.json", "--extend-select", "ACE1"]);
    assert!(!r.has("ACE242"), "{:?}", r.codes);
}

#[test]
fn a_command_line_select_replaces_the_config_lists() {
    let dir = project(Some("select = [\"ACE1\"]\nextend-select = [\"ACE3\"]\nignore = [\"ACE24\"]\n"));
    let d = dir.path();
    std::fs::copy(repo(ACE110_RECORD), d.join("postal.json")).unwrap();
    let r = check(d, &["rec.json", "postal.json"]);
    assert!(r.has("ACE110") && !r.has("ACE242"), "the config's selection: {:?}", r.codes);
    let r = check(d, &["rec.json", "postal.json", "--select", "ACE242"]);
    assert_eq!(r.codes, ["ACE242"], "only the command line's selection: {}", r.stderr);
}

#[test]
fn the_more_specific_selector_wins_and_ignore_wins_a_tie() {
    let dir = project(None);
    let d = dir.path();
    let on = |args: &[&str]| {
        let mut all = vec!["rec.json", "--isolated"];
        all.extend(args);
        let r = check(d, &all);
        assert_ne!(r.code, Some(2), "{args:?}: {}", r.stderr);
        r.has("ACE242")
    };
    assert!(on(&["--select", "ACE242", "--ignore", "ACE2"]), "a code beats a prefix");
    assert!(on(&["--select", "itemized-services-not-described", "--ignore", "ACE24"]), "a name beats a prefix");
    assert!(on(&["--select", "ACE24", "--ignore", "ACE2"]), "a longer prefix beats a shorter one");
    assert!(on(&["--select", "ACE2", "--ignore", "ALL"]), "a prefix beats ALL");
    assert!(!on(&["--select", "ACE2", "--ignore", "ACE242"]), "the ignore is more specific");
    assert!(!on(&["--select", "ACE242", "--ignore", "itemized-services-not-described"]), "a tie: ignore wins");
    assert!(!on(&["--select", "ACE24", "--ignore", "ACE24"]), "a tie: ignore wins");
    assert!(!on(&["--select", "ALL", "--ignore", "ALL"]), "a tie: ignore wins");
}

#[test]
fn selectors_within_the_config_follow_the_same_specificity() {
    let dir = project(Some("ignore = [\"ACE2\"]\nextend-select = [\"ACE242\"]\n"));
    assert!(check(dir.path(), &["rec.json"]).has("ACE242"));
    let dir = project(Some("select = [\"ACE2\"]\nignore = [\"ACE242\"]\n"));
    assert!(!check(dir.path(), &["rec.json"]).has("ACE242"));
}

/// Spaces around a selector are not part of it, as a list is often written
/// `"ACE1, ACE2"`: on the command line (alone or in a comma list) and in
/// the config's `select`, `ignore` and `per-file-ignores`.
#[test]
fn spaces_around_a_selector_are_ignored() {
    let dir = project(None);
    let d = dir.path();
    std::fs::copy(repo(ACE110_RECORD), d.join("postal.json")).unwrap();
    // Each with whether ACE110 runs; ACE242 runs in every one.
    for (args, ace110) in [
        (&["--select", " ACE242"][..], false),
        (&["--select", "ACE242 "], false),
        (&["--select", "ACE110, ACE242"], true),
        (&["--select", " ACE1 , itemized-services-not-described "], true),
        (&["--extend-select", " ACE242", "--ignore", "ACE11, ACE24"], false),
    ] {
        let mut all = vec!["rec.json", "postal.json", "--isolated"];
        all.extend(args);
        let r = check(d, &all);
        assert_ne!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert_eq!(r.has("ACE110"), ace110, "{args:?}: {:?}", r.codes);
        assert!(r.has("ACE242"), "{args:?}: {:?}", r.codes);
    }
    let dir = project(Some("select = [\" ACE2 \"]\nignore = [\"ACE110 \"]\n"));
    std::fs::copy(repo(ACE110_RECORD), dir.path().join("postal.json")).unwrap();
    let r = check(dir.path(), &["rec.json", "postal.json"]);
    assert_eq!(r.codes, ["ACE242"], "{}", r.stderr);
    let dir = project(Some("[per-file-ignores]\n\"rec.json\" = [\" ACE242\"]\n"));
    let r = check(dir.path(), &["rec.json"]);
    assert!(!r.has("ACE242") && r.code == Some(0), "{:?} {}", r.codes, r.stderr);
    // A selector that is only spaces is still empty.
    assert!(usage_error(dir.path(), &["rec.json", "--select", " "]).contains("empty rule selector"));
}

// ---------------------------------------------------------------------------
// Read and parse errors are always reported

/// A directory with a truncated JSON file, an empty file, a file that is not
/// UTF-8, and a good record (with an ACE242 warning).
fn broken_files(config: Option<&str>) -> TempDir {
    let dir = project(config);
    std::fs::write(dir.path().join("broken.json"), "{\"Opportunity\": {").unwrap();
    std::fs::write(dir.path().join("empty.json"), "").unwrap();
    std::fs::write(dir.path().join("latin1.json"), b"{\"Opportunity\": \"caf\xe9\"}").unwrap();
    dir
}

#[test]
fn read_and_parse_errors_are_reported_whatever_the_selection() {
    let dir = broken_files(None);
    let d = dir.path();
    for args in [
        &["--select", "ACE1"][..],
        &["--select", "ACE242"],
        &["--select", "duplicate-key"],
        &["--ignore", "ALL"],
        &["--ignore", "ACE0"],
        &["--select", "ACE1", "--ignore", "ACE00"],
    ] {
        let mut all = vec![".", "--isolated"];
        all.extend(args);
        let r = check(d, &all);
        for code in ["ACE001", "ACE003", "ACE004"] {
            assert!(r.has(code), "{args:?} still reports {code}: {:?} {}", r.codes, r.stderr);
        }
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
    }
    // One broken file alone: its finding, not "no problems".
    let out = acelint(d, &["check", "--isolated", "broken.json", "--select", "ACE1", "--output-format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("error[ACE001] invalid-json"), "{stdout}");
    assert!(!stdout.contains("no problems"), "{stdout}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no records found"));
    // `acelint rules` shows them on.
    let out = acelint(d, &["rules", "--isolated", "--select", "ACE1", "--output-format", "json"]).output().unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let enabled = |name: &str| list.as_array().unwrap().iter().find(|r| r["name"] == name).unwrap()["enabled"].clone();
    assert_eq!(enabled("invalid-json"), true);
    assert_eq!(enabled("unreadable-file"), true);
    assert_eq!(enabled("duplicate-key"), false, "a parse-stage lint is selected like any rule");
}

#[test]
fn read_and_parse_errors_are_reported_whatever_the_config_says() {
    for config in [
        "select = [\"ACE2\"]\n",
        "ignore = [\"ALL\"]\nextend-select = [\"ACE242\"]\n",
        "[per-file-ignores]\n\"*.json\" = [\"ALL\"]\n",
        "[per-file-ignores]\n\"*.json\" = [\"ACE0\", \"itemized-services-not-described\"]\n",
    ] {
        let dir = broken_files(Some(config));
        let r = check(dir.path(), &["."]);
        for code in ["ACE001", "ACE003", "ACE004"] {
            assert!(r.has(code), "{config}: {code} still reported: {:?} {}", r.codes, r.stderr);
        }
        assert_eq!(r.code, Some(1), "{config}: {}", r.stderr);
    }
    // The per-file ignore still suppresses the other rules.
    let dir = broken_files(Some("[per-file-ignores]\n\"*.json\" = [\"ALL\"]\n"));
    assert!(!check(dir.path(), &["."]).has("ACE242"));
}

#[test]
fn switching_off_a_read_or_parse_error_by_name_is_an_error() {
    let dir = broken_files(None);
    let d = dir.path();
    for args in [["--ignore", "ACE001"], ["--ignore", "invalid-json"], ["--ignore", "EMPTY-FILE"]] {
        let err = usage_error(d, &[".", "--isolated", args[0], args[1]]);
        assert!(err.contains("in `--ignore` cannot be switched off"), "{args:?}: {err}");
        assert!(err.contains("always reported"), "{err}");
    }
    let cases = [
        ("ignore = [\"invalid-utf8\"]\n", "acelint.toml:1:11"),
        ("[per-file-ignores]\n\"*.json\" = [\"empty-file\"]\n", "acelint.toml:2:13"),
        ("[rule.invalid-json]\nenabled = false\n", "acelint.toml:2:11"),
        ("[[allow]]\nrule = \"invalid-json\"\nreason = \"legacy\"\n", "acelint.toml:2:8"),
        ("[[allow]]\nrule = \"ALL\"\nreason = \"legacy\"\n", "acelint.toml:2:8"),
    ];
    for (config, at) in cases {
        let dir = broken_files(Some(config));
        let err = usage_error(dir.path(), &["."]);
        assert!(err.contains(&format!("error: invalid config {at}: ")), "{config}: {err}");
        assert!(err.contains("always reported"), "{config}: {err}");
    }
}

#[test]
fn the_help_says_which_rules_cannot_be_switched_off() {
    let dir = project(None);
    let out = acelint(dir.path(), &["check", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("always reported"), "{help}");
    assert!(help.contains("ACE003-ACE008"), "{help}");
}

// ---------------------------------------------------------------------------
// Selectors: case, empty, unknown

#[test]
fn codes_and_names_are_matched_in_any_case() {
    let dir = project(None);
    let d = dir.path();
    for rule in ["ace110", "ACE110", "Postal-Code-Format"] {
        acelint(d, &["explain", "--isolated", rule]).assert().success().stdout(contains("ACE110 (postal-code-format)"));
    }
    std::fs::copy(repo(ACE110_RECORD), d.join("postal.json")).unwrap();
    let r = check(d, &["postal.json", "--isolated", "--select", "ace110"]);
    assert_eq!(r.codes, ["ACE110"], "{}", r.stderr);
    let r = check(d, &["postal.json", "--isolated", "--select", "POSTAL-CODE-FORMAT"]);
    assert_eq!(r.codes, ["ACE110"], "{}", r.stderr);
    acelint(d, &["explain", "--isolated", "postal-code-fromat"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `postal-code-format`?"));
}

#[test]
fn an_empty_selector_is_an_error() {
    let dir = project(None);
    let d = dir.path();
    for args in [["--select", ""], ["--select", "ACE1,"], ["--extend-select", ""], ["--ignore", ""]] {
        let err = usage_error(d, &["rec.json", "--isolated", args[0], args[1]]);
        assert!(err.contains(&format!("empty rule selector in `{}`", args[0])), "{args:?}: {err}");
    }
}

#[test]
fn unknown_rules_in_the_config_are_errors_at_their_place() {
    let cases = [
        ("ignore = [\"ACE99\"]\n", "acelint.toml:1:11: `ACE99` in `ignore` selects no rule"),
        ("extend-select = [\"postal-code-fromat\"]\n", "did you mean `postal-code-format`?"),
        (
            "[per-file-ignores]\n\"*.json\" = [\"ACE99\"]\n",
            "acelint.toml:2:13: `ACE99` in per-file-ignores for `*.json` selects no rule",
        ),
        ("[per-file-ignores]\n\"*.json\" = [\"ACE242\", \"postal-code\"]\n", "acelint.toml:2:23: `postal-code`"),
        (
            "[[allow]]\nrule = \"aws-acount-id-digits\"\nreason = \"x\"\n",
            "acelint.toml:2:8: this allow names `aws-acount-id-digits`, which is not a rule; did you mean \
             `aws-account-id-digits`?",
        ),
    ];
    for (config, want) in cases {
        let dir = project(Some(config));
        let err = usage_error(dir.path(), &["rec.json"]);
        assert!(err.contains(want), "{config}: {err}");
        // Every command that loads the config says so, not only `check`.
        acelint(dir.path(), &["rules"]).assert().code(2);
    }
    // Known selectors, in any case, are accepted.
    let dir = project(Some(
        "[per-file-ignores]\n\"*.json\" = [\"Itemized-Services-Not-Described\"]\n\n[[allow]]\nrule = \"ACE11\"\nreason = \"x\"\n",
    ));
    let r = check(dir.path(), &["rec.json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.codes.is_empty(), "{:?}", r.codes);
}

#[test]
fn a_config_allow_in_another_case_still_suppresses() {
    let dir = project(Some("[[allow]]\nrule = \"Itemized-Services-Not-Described\"\nreason = \"reviewed\"\n"));
    let r = check(dir.path(), &["rec.json"]);
    assert!(r.codes.is_empty(), "{:?} {}", r.codes, r.stderr);
    assert!(!r.stderr.contains("suppressed nothing"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// `acelint schema`

#[test]
fn schema_help_lists_every_schema_and_each_one_prints() {
    let dir = project(None);
    let out = acelint(dir.path(), &["schema", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for name in ["draft-record", "opportunity", "funding", "suppressions", "rules", "config"] {
        assert!(help.contains(name), "`schema --help` names {name}: {help}");
        let out = acelint(dir.path(), &["schema", name]).output().unwrap();
        assert!(out.status.success(), "acelint schema {name}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v["$schema"].is_string(), "{name}");
    }
    acelint(dir.path(), &["schema", "rule"]).assert().code(2).stderr(contains("rules"));
}

#[test]
fn the_printed_record_schema_stands_on_its_own() {
    let dir = project(None);
    let out = acelint(dir.path(), &["schema", "draft-record"]).output().unwrap();
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Compiled with no way to fetch the documents it refers to: they are in it.
    let validator = jsonschema::validator_for(&schema).expect("the bundled schema compiles alone");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-stack/portfolio.json");
    let mut record: Value = serde_json::from_str(&std::fs::read_to_string(example).unwrap()).unwrap();
    assert!(validator.is_valid(&record));
    record["Funding"]["Program"] = Value::from("Activate Everything");
    assert!(!validator.is_valid(&record), "the embedded funding schema applies");
}

#[test]
fn record_allows_match_rules_in_any_case_and_never_by_an_empty_rule() {
    let dir = project(None);
    let allow = |rule: &str| {
        let mut record: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("rec.json")).unwrap()).unwrap();
        record["x-acelint"] = serde_json::json!({ "allow": [{ "rule": rule, "reason": "reviewed" }] });
        std::fs::write(dir.path().join("allowed.json"), record.to_string()).unwrap();
        check(dir.path(), &["--isolated", "allowed.json"])
    };
    assert!(!allow("Itemized-Services-Not-Described").has("ACE242"));
    let r = allow("");
    assert!(r.has("ACE242"), "an empty rule suppresses nothing: {:?}", r.codes);
}
