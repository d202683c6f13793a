//! Rule files through the binary: every kind of mistake stops the run with
//! exit code 2 at the file, line and column of the mistake; a user's file
//! can add a rule and change an existing one; `rules` and `explain` list
//! and document them.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use std::path::{Path, PathBuf};

/// The binary with `sub` and, so no stray acelint.toml applies, `--isolated`.
fn acelint(sub: &[&str]) -> Command {
    let mut c = common::acelint(&common::repo(""), sub);
    c.arg("--isolated");
    c
}

fn example(name: &str) -> PathBuf {
    common::repo("examples/clean-stack").join(name)
}

/// Writes `text` as a rule file and returns (dir, path).
fn rule_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// `check --output-format concise` of a clean record with the rule file.
fn check_with(rules: &Path) -> std::process::Output {
    acelint(&["check", "--today", "2026-11-24", "--output-format", "concise"])
        .arg("--rules")
        .arg(rules)
        .arg(example("portfolio.json"))
        .output()
        .unwrap()
}

/// The stderr of a run stopped by a broken rule file (exit 2, no report).
fn stopped(rules: &Path) -> String {
    let out = check_with(rules);
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "no report on a broken rule file");
    String::from_utf8(out.stderr).unwrap()
}

/// Runs `check` on a clean record with the rule file; returns stderr.
fn broken(text: &str) -> String {
    let (_dir, path) = rule_file(text);
    stopped(&path)
}

const HEAD: &str = "[ruleset]\nname = \"team\"\n\n[[rules]]\ncode = \"TEAM01\"\nname = \"title-names-workload\"\nseverity = \"warning\"\nsummary = \"x\"\n";

#[test]
fn bad_toml_is_located() {
    let err = broken("[ruleset]\nname = \"team\"\n[[rules]\n");
    assert!(err.contains("team.toml:3:"), "{err}");
}

#[test]
fn unknown_check_kind_is_located_with_a_suggestion() {
    let err = broken(&format!("{HEAD}check = {{ kind = \"patern\", field = \"/Opportunity/Project/Title\" }}\n"));
    assert!(err.contains("team.toml:9:"), "{err}");
    assert!(err.contains("did you mean `pattern`?"), "{err}");
}

#[test]
fn missing_rule_field_is_located() {
    let err = broken("[ruleset]\nname = \"team\"\n\n[[rules]]\ncode = \"TEAM01\"\nname = \"x\"\nseverity = \"warning\"\ncheck = { kind = \"required\", field = \"/Opportunity/Project/Title\" }\n");
    assert!(err.contains("team.toml:4:"), "{err}");
    assert!(err.contains("summary"), "{err}");
}

#[test]
fn missing_check_parameter_is_located() {
    let err = broken(&format!("{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\" }}\n"));
    assert!(err.contains("team.toml:9:"), "{err}");
    assert!(err.contains("must-match"), "{err}");
}

#[test]
fn regex_that_does_not_compile_is_located() {
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-match = \"(unclosed\" }}\n"
    ));
    assert!(err.contains("team.toml:9:80"), "{err}");
    assert!(err.contains("invalid regular expression"), "{err}");
}

#[test]
fn path_that_cannot_match_the_schema_is_located() {
    let err = broken(&format!("{HEAD}check = {{ kind = \"required\", field = \"/Opportunity/Project/Tilte\" }}\n"));
    assert!(err.contains("team.toml:9:38"), "{err}");
    assert!(err.contains("cannot match any field"), "{err}");
}

#[test]
fn paths_in_a_list_of_checks_are_checked_too() {
    // In a check table of a list, in its `when`, and in an override's list.
    let err = broken(&format!("{HEAD}[[rules.check]]\nkind = \"required\"\nfield = \"/Opportunity/Project/Tilte\"\n"));
    assert!(err.contains("team.toml:11:9"), "{err}");
    assert!(err.contains("cannot match any field"), "{err}");
    let err = broken(&format!(
        "{HEAD}[[rules.check]]\nwhen = {{ field = \"/Funding/Programme\", exists = true }}\nkind = \"required\"\nfield = \"/Opportunity/Project/Title\"\n"
    ));
    assert!(err.contains("team.toml:10:18"), "{err}");
    let err = broken(
        "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"spend-implausible-for-stage\"\ncheck = [ { bands-by = \"/Funding/Programme\" } ]\n",
    );
    assert!(err.contains("team.toml:5:24"), "{err}");
}

#[test]
fn misspelt_parameter_is_located_with_a_suggestion() {
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must_match = \"x\" }}\n"
    ));
    assert!(err.contains("did you mean `must-match`?"), "{err}");
}

#[test]
fn unknown_template_variable_is_located() {
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-match = \"x\" }}\nmessage = \"{{nope}}\"\n"
    ));
    assert!(err.contains("team.toml:10:"), "{err}");
    assert!(err.contains("unknown variable"), "{err}");
}

#[test]
fn quoted_field_that_cannot_match_the_schema_is_located() {
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-match = \"x\" }}\nhelp = \"stage {{/Funding/Company/Stag}}\"\n"
    ));
    assert!(err.contains("team.toml:10:"), "{err}");
    assert!(err.contains("`{/Funding/Company/Stag}` cannot match any field"), "{err}");
}

#[test]
fn range_bounds_apply_where_no_band_matches() {
    // The example is an Activate Portfolio record: no band of its program.
    let (_dir, path) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"range\", value = {{ length = \"/Opportunity/Project/Title\" }}, bands-by = \"/Funding/Program\", bands = {{ \"MAP\" = {{ max = 500 }} }}, max = 10 }}\nmessage = \"title of {{value}} characters, outside {{min}} to {{max}}\"\n"
    ));
    let out = check_with(&path);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("title of 67 characters, outside (none) to 10"), "{stdout}");
}

#[test]
fn a_count_of_years_must_be_whole_and_in_range() {
    for years in ["1.5", "-1", "1e17"] {
        let err = broken(&format!(
            "{HEAD}check = {{ kind = \"date\", field = \"/Funding/FilingDate\", before-years-ahead = {years} }}\n"
        ));
        assert!(err.contains("team.toml:9:"), "{years}: {err}");
        assert!(err.contains("expected a whole number from 0 to 10000"), "{years}: {err}");
    }
}

#[test]
fn duplicate_code_is_rejected() {
    let err = broken("[ruleset]\nname = \"team\"\n\n[[rules]]\ncode = \"ACE101\"\nname = \"mine\"\nseverity = \"warning\"\nsummary = \"x\"\ncheck = { kind = \"required\", field = \"/Opportunity/Project/Title\" }\n");
    assert!(err.contains("team.toml:5:"), "{err}");
    assert!(err.contains("already defined"), "{err}");
}

#[test]
fn user_file_adds_a_rule_and_overrides_a_threshold() {
    let (_dir, path) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-match = \"(?i)pipeline\" }}\nmessage = \"title `{{value}}` does not name the pipeline\"\n\n[[overrides]]\nrule = \"business-problem-brief\"\nseverity = \"error\"\ncheck = {{ min = 900 }}\n"
    ));
    let out = check_with(&path);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("warning[TEAM01] title-names-workload: title `Production scheduling platform"), "{stdout}");
    assert!(
        stdout.contains("error[ACE123] business-problem-brief:"),
        "the override raised severity and threshold: {stdout}"
    );
    acelint(&["explain", "business-problem-brief"])
        .arg("--rules")
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("min = 900"))
        .stdout(contains("changed by"));
}

#[test]
fn each_check_of_a_list_may_quote_its_own_aws_message() {
    let (_dir, path) = rule_file(&format!(
        "{HEAD}aws-message = \"rule-wide\"\n[[rules.check]]\nkind = \"pattern\"\nfield = \"/Opportunity/Project/Title\"\nmust-match = \"(?i)pipeline\"\naws-message = \"Title is not a pipeline.\"\n[[rules.check]]\nkind = \"pattern\"\nfield = \"/Funding/Workload/Name\"\nmust-match = \"(?i)pipeline\"\n"
    ));
    let out = acelint(&["check", "--today", "2026-11-24", "--output-format", "json", "--select", "TEAM01"])
        .arg("--rules")
        .arg(&path)
        .arg(example("portfolio.json"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let helps: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["help"].as_str().unwrap()).collect();
    assert_eq!(helps, ["AWS rejects this with: \"Title is not a pipeline.\"", "AWS rejects this with: \"rule-wide\""]);
}

#[test]
fn rules_lists_every_rule_and_json_is_parseable() {
    acelint(&["rules"]).assert().success().stdout(contains("ACE110  postal-code-format")).stdout(contains("ACE302"));
    let out = acelint(&["rules", "--output-format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(list.len() > 90);
    assert!(list.iter().all(|r| r["code"].is_string() && r["name"].is_string() && r["summary"].is_string()));
    let codes: Vec<&str> = list.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "listed in code order: {codes:?}");
    let text = String::from_utf8(acelint(&["rules"]).output().unwrap().stdout).unwrap();
    let text_codes: Vec<&str> = text.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(text_codes, codes, "the text lists them in the same order");
}

#[test]
fn explain_shows_docs_parameters_and_suggests_on_typos() {
    acelint(&["explain", "ACE201"])
        .assert()
        .success()
        .stdout(contains("spend-implausible-for-stage"))
        .stdout(contains("Why it matters"))
        .stdout(contains("Activate Portfolio / Series A"));
    // A rule's own condition is shown: ACE111 runs only for countries
    // without postal codes.
    acelint(&["explain", "ACE111"])
        .assert()
        .success()
        .stdout(contains("Runs only when\n    {\"field\":\"/Opportunity/Customer/Account/Address/CountryCode\",\"in-from\":\"data/no-postal-code.json\"}"));
    acelint(&["explain", "postal-code-fromat"]).assert().code(2).stderr(contains("did you mean `postal-code-format`?"));
}

#[test]
fn select_ignore_and_prefixes() {
    let run = |args: &[&str]| {
        let out = acelint(&["check", "--today", "2026-11-24", "--output-format", "concise"])
            .args(args)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/structural-mistakes.json"))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let only_aws = run(&["--select", "ACE1"]);
    assert!(only_aws.contains("[ACE153]") && !only_aws.contains("[ACE011]"), "{only_aws}");
    let ignored = run(&["--ignore", "unknown-field,ACE0"]);
    assert!(
        !ignored.contains("[ACE011]") && !ignored.contains("[ACE002]") && ignored.contains("[ACE153]"),
        "{ignored}"
    );
    let extended = run(&["--select", "ACE153", "--extend-select", "duplicate-key"]);
    assert!(
        extended.contains("[ACE153]") && extended.contains("[ACE002]") && !extended.contains("[ACE011]"),
        "{extended}"
    );
    acelint(&["check", "--select", "no-such-rule", "."]).assert().code(2).stderr(contains("selects no rule"));
}

#[test]
fn a_user_alias_file_is_used_and_checked() {
    let rule = format!(
        "{HEAD}check = {{ kind = \"mentions\", text = \"/Opportunity/Project/CustomerBusinessProblem\", mode = \"min-named\", min = 1, aliases-from = \"aliases.json\" }}\nmessage = \"names {{named}}\"\n"
    );
    let (dir, path) = rule_file(&rule);
    let aliases =
        |alias: &str| format!("{{ \"engine\": {{ \"name\": \"Zebra Engine\", \"aliases\": [\"{alias}\"] }} }}");
    std::fs::write(dir.path().join("aliases.json"), aliases("Zebra  Engine")).unwrap();
    let stdout = String::from_utf8(check_with(&path).stdout).unwrap();
    assert!(stdout.contains("warning[TEAM01] title-names-workload: names none"), "{stdout}");

    std::fs::write(dir.path().join("aliases.json"), aliases(".NET")).unwrap();
    let stderr = stopped(&path);
    assert!(stderr.contains("team.toml:9:"), "{stderr}");
    assert!(stderr.contains("must start and end with a letter, digit or `_`"), "{stderr}");
}

// Conditions and expressions: a table with a misspelt or unknown key, or
// with two tests at once, stops the run at the key's line (never a
// condition that silently tests something else); correct ones, and a
// `count` of list items filtered by `where`, work.

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
    assert!(err.contains("in-from (with in-field, folded)"), "every test is listed: {err}");
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
    // In a check too: its keys are decoded before its paths are matched
    // against the schema, so the misspelt key is what is named.
    let check = when.replace("when = { value", "check = { kind = \"range\", value").replace("above = 2", "max = 2");
    let err = broken(&format!("{HEAD}{check}\n"));
    assert!(err.contains("team.toml:9:"), "{err}");
    assert!(err.contains("an expression has no key `wehre`; did you mean `where`?"), "{err}");
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
    assert!(stdout.contains("warning[TEAM01] title-names-workload: 4 Amazon services"), "{stdout}");

    // The same rule under a `when` that does not hold reports nothing.
    let (_dir, path) = rule_file(&format!(
        "{HEAD}when = {{ field = \"/Funding/Program\", in = [\"MAP\", \"Build for Startups\"] }}\ncheck = {{ kind = \"range\", value = {{ count = \"/Funding/ProjectedSpend/*\" }}, max = 2 }}\n"
    ));
    let out = check_with(&path);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!stdout.contains("TEAM01"), "{stdout}");
}

/// The portfolio example with `spend` as its expected-spend entries.
fn with_expected_spend(dir: &Path, spend: serde_json::Value) -> PathBuf {
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    record["Opportunity"]["Project"]["ExpectedCustomerSpend"] = spend;
    let path = dir.join("record.json");
    std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    path
}

#[test]
fn required_where_exempts_the_holders_it_does_not_hold_for() {
    let (dir, rules) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"required\", field = \"/Opportunity/Project/ExpectedCustomerSpend/*/Amount\", where = {{ field = \"/EstimationUrl\", exists = false }} }}\nmessage = \"no amount\"\n"
    ));
    let url = "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef01234567";
    let base = serde_json::json!({ "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS" });
    let mut with_url = base.clone();
    with_url["EstimationUrl"] = url.into();
    let record = with_expected_spend(dir.path(), serde_json::json!([with_url, base]));
    let out = acelint(&["check", "--today", "2026-11-24", "--output-format", "json", "--select", "TEAM01"])
        .arg("--rules")
        .arg(&rules)
        .arg(&record)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pointers: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["pointer"].as_str()).collect();
    // Only the entry without an estimate lacks its amount.
    assert_eq!(pointers, ["/Opportunity/Project/ExpectedCustomerSpend/1"], "{report:#}");
}

#[test]
fn required_under_a_wildcard_says_nothing_when_the_list_is_missing() {
    let (dir, rules) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"required\", field = \"/Opportunity/Project/ExpectedCustomerSpend/*/Amount\" }}\nmessage = \"no amount\"\n"
    ));
    // A null member counts as absent.
    let record = with_expected_spend(dir.path(), serde_json::Value::Null);
    acelint(&["check", "--today", "2026-11-24", "--output-format", "concise", "--select", "TEAM01"])
        .arg("--rules")
        .arg(&rules)
        .arg(&record)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("TEAM01").not());
}

#[test]
fn typos_that_would_make_a_rule_never_fire_are_load_errors() {
    let flag = "check = { kind = \"flag\", at = \"/Funding/Program\" }\n";
    let cases = [
        // A value the field's schema does not list, in a condition.
        (
            format!("{HEAD}when = {{ field = \"/Funding/Program\", equals = \"Activate Portfolo\" }}\n{flag}"),
            "team.toml:9:47",
            "did you mean `Activate Portfolio`?",
        ),
        (
            format!("{HEAD}when = {{ field = \"/Funding/Company/Stage\", in = [\"Seed\", \"Series-A\"] }}\n{flag}"),
            "team.toml:9:58",
            "`Series-A` is not a value `/Funding/Company/Stage` can hold; did you mean `Series A`?",
        ),
        // A band named for no stage, and a band with a misspelt bound.
        (
            "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"spend-implausible-for-stage\"\ncheck = [{ bands = { \"Activate Portfolio / Series-A\" = { max = 100 } } }]\n".into(),
            "team.toml:5:56",
            "did you mean `Series A`?",
        ),
        (
            format!("{HEAD}check = {{ kind = \"range\", value = \"/Funding/RequestedAmountUsd\", bands-by = \"/Funding/Program\", bands = {{ MAP = {{ mx = 5 }} }} }}\n"),
            "team.toml:9:",
            "a band has no key `mx`",
        ),
        (format!("{HEAD}check = {{ kind = \"pattern\", field = \"\", must-match = \"a\" }}\n"), "team.toml:9:37", "an empty path"),
        // `builtin` names acelint's own code-checked rules only.
        (format!("{HEAD}check = {{ kind = \"builtin\" }}\n"), "team.toml:9:18", "give this rule a check kind"),
        (
            "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"ACE001\"\ncheck = { foo = 1 }\n".into(),
            "team.toml:5:",
            "is checked in code and takes no parameters",
        ),
        ("".into(), "team.toml:1:1", "missing required field `ruleset`"),
        // Settings that would report everything or turn a check around.
        (
            format!("{HEAD}check = {{ kind = \"allowed-values\", field = \"/Funding/Program\", values = [] }}\n"),
            "team.toml:9:",
            "the list of allowed values is empty",
        ),
        (
            format!("{HEAD}check = {{ kind = \"allowed-values\", field = \"/Funding/Program\", values = [\"MAP\"], values-at = \"/Funding/Workload/Name\" }}\n"),
            "team.toml:9:",
            "give the allowed values one way",
        ),
        (
            format!("{HEAD}check = {{ kind = \"allowed-values\", field = \"/Funding/Program\", values-at = \"/Funding/Nope\" }}\n"),
            "team.toml:9:",
            "`/Funding/Nope` cannot match any field of a draft record",
        ),
        (
            "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"stack-exceeds-band\"\ncheck = { tolerance = -1 }\n".into(),
            "team.toml:5:",
            "`tolerance` is a fraction",
        ),
        (
            "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"same-workload\"\ncheck = { placeholders = [\"TBD\", true] }\n".into(),
            "team.toml:5:",
            "`true` is not a name with a letter or digit in it",
        ),
        (
            "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"same-workload\"\ncheck = { placeholders = [\"?\"] }\n".into(),
            "team.toml:5:",
            "is not a name with a letter or digit in it",
        ),
        (
            "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"stack-exceeds-band\"\ncheck = { not-investors = [\"N/A\", 1] }\n".into(),
            "team.toml:5:",
            "`1` is not a name with a letter or digit in it",
        ),
        (
            "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"baseline-refiled\"\ncheck = { source-remarks = [\"via\", \"courtesy of\"] }\n".into(),
            "team.toml:5:",
            "`courtesy of` is not one word",
        ),
    ];
    for (text, at, message) in cases {
        let err = broken(&text);
        assert!(err.contains(at) && err.contains(message), "{text}\n{err}");
    }
}

#[test]
fn a_missing_section_is_reported_once_not_by_every_rule_below_it() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("empty.json");
    std::fs::write(&record, "{}").unwrap();
    let out = acelint(&["check", "--today", "2026-11-24", "--output-format", "json"]).arg(&record).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["name"].as_str()).collect();
    assert_eq!(names, ["missing-field", "missing-field"], "{report:#}");
    // Without the schema's finding, the rules below the section speak.
    let out = acelint(&["check", "--today", "2026-11-24", "--output-format", "concise", "--select", "ACE101"])
        .arg(&record)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("industry-required"));
}

#[test]
fn a_rule_file_that_is_not_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    std::fs::write(&path, b"[ruleset]\nname = \"t\xe9am\"\n").unwrap();
    let err = stopped(&path);
    assert!(err.contains("team.toml:2:10: not UTF-8 text"), "{err}");
}

#[test]
fn required_where_tests_a_missing_holder_as_an_empty_one() {
    // The example record has no `Marketing`: a `where` that needs a value
    // there does not hold, so nothing is required of it.
    let (_dir, rules) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"required\", field = \"/Opportunity/Marketing/CampaignName\", where = {{ field = \"/Source\", equals = \"Marketing Activity\" }} }}\n"
    ));
    let out = check_with(&rules);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("TEAM01"), "{}", String::from_utf8_lossy(&out.stdout));
    let (_dir, rules) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"required\", field = \"/Opportunity/Marketing/CampaignName\", where = {{ field = \"/Source\", exists = false }} }}\n"
    ));
    let out = check_with(&rules);
    assert!(String::from_utf8_lossy(&out.stdout).contains("TEAM01"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_band_named_by_one_value_holding_a_slash_loads() {
    let (_dir, rules) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"range\", value = {{ length = \"/Opportunity/Project/Title\" }}, bands-by = \"/Opportunity/LifeCycle/ClosedLostReason\", bands = {{ \"Legal / Tax / Regulatory\" = {{ max = 10 }} }} }}\n"
    ));
    assert_eq!(check_with(&rules).status.code(), Some(0));
}

#[test]
fn a_deferring_finding_shows_wherever_what_it_defers_to_is_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("empty.json");
    std::fs::write(&record, "{}").unwrap();
    let names = |args: &[&str]| {
        let out = acelint(&["check", "--today", "2026-11-24", "--output-format", "json"])
            .args(args)
            .arg(&record)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(!names(&[]).contains(&"industry-required".to_string()));
    assert!(names(&["--ignore", "missing-field"]).contains(&"industry-required".to_string()));
    // A suppression of the schema's finding brings the deferring one back too.
    let mut allowed: serde_json::Value = serde_json::json!({});
    allowed["x-acelint"] = serde_json::json!({ "allow": [{ "rule": "missing-field", "reason": "drafting" }] });
    std::fs::write(&record, allowed.to_string()).unwrap();
    assert!(names(&[]).contains(&"industry-required".to_string()));
    // A baselined finding still stands: what defers to it stays out, and
    // a baseline written from a run covers the next run.
    std::fs::write(&record, "{}").unwrap();
    let baseline = dir.path().join("baseline.json");
    let output = format!("--output={}", baseline.display());
    acelint(&["baseline", "--today", "2026-11-24", &output]).arg(&record).assert().success();
    assert_eq!(names(&["--baseline", baseline.to_str().unwrap()]), Vec::<String>::new());
}

#[test]
fn an_account_id_the_model_refuses_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(example("portfolio.json")).unwrap();
    let codes = |id: &str| {
        let record = dir.path().join("portfolio.json");
        std::fs::write(&record, example.replace("\"418297553016\"", &format!("\"{id}\""))).unwrap();
        let out =
            acelint(&["check", "--today", "2026-11-24", "--output-format", "json"]).arg(&record).output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut codes: Vec<String> =
            report["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
        codes.sort();
        codes
    };
    // Too long for the model's pattern: its `pattern-mismatch` says it.
    assert_eq!(codes("41829755301677"), ["ACE014"]);
    // The model takes an alias of up to twelve word characters; a credit
    // request needs the twelve digits.
    assert_eq!(codes("acme_prod"), ["ACE114"]);
    assert!(codes("418297553016").is_empty());
}

#[test]
fn explain_says_what_a_rule_defers_to() {
    acelint(&["explain", "ACE142"]).assert().success().stdout(contains("Defers to\n    pattern-mismatch"));
}

#[test]
fn defers_to_must_name_a_rule() {
    let err = broken(&format!(
        "{HEAD}defers-to = \"missing-feild\"\ncheck = {{ kind = \"required\", field = \"/Opportunity/Project/Title\" }}\n"
    ));
    assert!(err.contains("team.toml:9:13") && err.contains("did you mean `missing-field`?"), "{err}");
}

/// (pointer, help) of each finding of `select` on a rule fixture, with
/// `extra` arguments.
fn helps(fixture: &str, select: &str, extra: &[&str]) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules").join(fixture);
    let out = acelint(&["check", "--today", "2026-11-24", "--output-format", "json", "--select", select])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    report["diagnostics"].as_array().unwrap().iter().map(|d| (text(&d["pointer"]), text(&d["help"]))).collect()
}

#[test]
fn each_finding_quotes_the_aws_message_for_its_own_case() {
    let quoted = |helps: &[(String, String)], pointer: &str| -> String {
        let (_, help) = helps.iter().find(|(p, _)| p == pointer).unwrap_or_else(|| panic!("{pointer}: {helps:?}"));
        help.split_once("AWS rejects this with: ").map(|(_, m)| m.to_string()).unwrap_or_default()
    };
    let none = helps("marketing-none-details/fail-none-with-everything.json", "ACE161", &[]);
    assert!(quoted(&none, "/Opportunity/Marketing/CampaignName").contains("Field Marketing.CampaignName must be null"));
    assert!(
        quoted(&none, "/Opportunity/Marketing/UseCases").starts_with("\"marketing.useCases , marketing.campaignName")
    );
    assert!(quoted(&none, "/Opportunity/Marketing/AwsFundingUsed").starts_with("\"marketing.useCases"));
    assert_eq!(quoted(&none, "/Opportunity/Marketing/Channels"), "");
    let activity = helps("marketing-activity-details/fail-marketing-activity-no-funding.json", "ACE160", &[]);
    assert!(activity.iter().any(|(_, h)| h.contains("marketing.awsFundingUsed is required")), "{activity:?}");
    let channels = helps("marketing-activity-details/fail-marketing-activity-no-channels.json", "ACE160", &[]);
    assert!(channels.iter().all(|(_, h)| !h.contains("AWS rejects")), "{channels:?}");
    // With the schema's own finding switched off, so the rule's shows.
    let off = ["--ignore", "pattern-mismatch"];
    let zero = helps("expected-spend-amount/fail-zero.json", "ACE125", &off);
    assert!(zero.iter().all(|(_, h)| h.contains("cannot be blank or 0")), "{zero:?}");
    let malformed = helps("expected-spend-amount/fail-three-decimals.json", "ACE125", &off);
    assert!(malformed.iter().all(|(_, h)| h.contains("Please provide a value in")), "{malformed:?}");
    let past = helps("target-close-date-range/fail-in-the-past.json", "ACE142", &off);
    assert!(past.iter().all(|(_, h)| h.contains("Invalid date selection")), "{past:?}");
    let form = helps("target-close-date-range/fail-single-digit-month.json", "ACE142", &off);
    assert!(form.iter().all(|(_, h)| h.contains("does not match the required format: YYYY-MM-DD")), "{form:?}");
    for found in [&zero, &malformed, &past, &form] {
        assert_eq!(found.len(), 1);
    }
}

#[test]
fn allowed_values_where_checks_only_the_holders_it_holds_for() {
    let (_dir, rules) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"allowed-values\", field = \"/Funding/ProjectedSpend/*/Product\", values = [\"AmazonECSonAWSFargate\"], where = {{ field = \"/Product\", matches = \"^Amazon\" }} }}\nmessage = \"`{{value}}` is not on the team's list\"\n"
    ));
    let out = check_with(&rules);
    let report = String::from_utf8_lossy(&out.stdout);
    let flagged: Vec<&str> = report.lines().filter(|l| l.contains("TEAM01")).collect();
    assert_eq!(flagged.len(), 3, "{report}");
    assert!(flagged.iter().any(|l| l.contains("`AmazonCloudWatch`")), "{report}");
    assert!(!report.contains("ElasticLoadBalancingELB"), "its holder fails `where`: {report}");
    // `where` tests the holder of a named member, not of a list item.
    let (_dir, rules) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"allowed-values\", field = \"/Opportunity/RelatedEntityIdentifiers/AwsProducts/*\", values = [\"x\"], where = {{ field = \"/a\", exists = true }} }}\n"
    ));
    assert!(stopped(&rules).contains("`where` needs a `field` ending in a member name"));
}

#[test]
fn an_unknown_service_group_in_except_groups_is_located_with_a_suggestion() {
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"mentions\", text = \"/Opportunity/Project/CustomerBusinessProblem\", itemized = \"/Funding/ProjectedSpend/*/Product\", mode = \"named-not-itemized\", except-groups = [\"datasnyc\"] }}\n"
    ));
    assert!(err.contains("team.toml:9:"), "{err}");
    assert!(err.contains("no service group `datasnyc`") && err.contains("did you mean `datasync`?"), "{err}");
}

#[test]
fn elsewhere_phrases_go_only_with_named_not_itemized_and_must_not_be_empty() {
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"mentions\", text = \"/Opportunity/Project/CustomerBusinessProblem\", itemized = \"/Funding/ProjectedSpend/*/Product\", mode = \"itemized-not-named\", elsewhere-phrases = [\"funded under\"] }}\n"
    ));
    assert!(err.contains("team.toml:9:") && err.contains("goes only with mode `named-not-itemized`"), "{err}");
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"mentions\", text = \"/Opportunity/Project/CustomerBusinessProblem\", itemized = \"/Funding/ProjectedSpend/*/Product\", mode = \"named-not-itemized\", elsewhere-phrases = [] }}\n"
    ));
    assert!(err.contains("the phrase list is empty"), "{err}");
}

/// A `pattern` rule's negations: a mistake in them stops the run at its
/// key, like any other parameter's.
#[test]
fn negation_mistakes_are_located() {
    let check = |extra: &str| {
        format!("{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-not-match = \"GPU cloud\", {extra} }}\n")
    };
    let cases = [
        ("negations = [\"not\"], negation-windw = 2", "team.toml:9:135", "did you mean `negation-window`?"),
        ("negations = [\"not\"], negation-window = -1", "team.toml:9:136", "expected a whole number from 0 to 10000"),
        ("negations = [\"not\"], negation-window = 0", "team.toml:9:136", "a window of 0 words negates nothing"),
        ("negation-window = 2", "team.toml:9:115", "`negation-window` goes only with `negations`"),
        ("negation-exceptions = [\"only\"]", "team.toml:9:119", "`negation-exceptions` goes only with `negations`"),
        ("negations = []", "team.toml:9:109", "the phrase list is empty"),
        ("negations-from = \"data/nope.json\"", "team.toml:9:114", "no data file `data/nope.json`"),
        (
            "negations-from = \"data/negations.json\", negations-field = \"phrases\"",
            "team.toml:9:114",
            "`data/negations.json` has no list `phrases`",
        ),
        // Without its field, the file's list names would be the negations.
        (
            "negations-from = \"data/negations.json\"",
            "team.toml:9:114",
            "holds named lists (exceptions, negations): name one with `negations-field`",
        ),
    ];
    for (extra, at, message) in cases {
        let err = broken(&check(extra));
        assert!(err.contains(at) && err.contains(message), "{extra}\n{err}");
    }
    let err = broken(&format!(
        "{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-match = \"pipeline\", negations = [\"not\"] }}\n"
    ));
    assert!(err.contains("team.toml:9:") && err.contains("only with `must-not-match` or `phrases`"), "{err}");
}

#[test]
fn a_negations_file_that_is_not_json_is_located() {
    let (dir, path) = rule_file(&format!(
        "{HEAD}check = {{ kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-not-match = \"GPU cloud\", negations-from = \"data/negations.json\" }}\n"
    ));
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/negations.json"), "{ \"negations\": [\"not\", ] }").unwrap();
    let err = stopped(&path);
    assert!(err.contains("team.toml:9:114") && err.contains("is not valid JSON"), "{err}");
}

/// An override's inline `negations` replace the built-in file's for that
/// rule: with only "never", "does not compete with AWS" is reported again,
/// "never resells GPU capacity" still is not.
#[test]
fn inline_negations_override_the_data_file() {
    let record =
        common::repo("tests/fixtures/rules/competitor-product/pass-negated-compete-resell-cloud-provider.json");
    let run = |rules: Option<&Path>| {
        let mut cmd = acelint(&["check", "--today", "2026-11-24", "--output-format", "concise", "--select", "ACE216"]);
        if let Some(rules) = rules {
            cmd.arg("--rules").arg(rules);
        }
        String::from_utf8(cmd.arg(&record).output().unwrap().stdout).unwrap()
    };
    assert!(!run(None).contains("ACE216"), "{}", run(None));
    let (_dir, path) = rule_file(
        "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"competitor-product\"\ncheck = { negations = [\"never\"] }\n",
    );
    let stdout = run(Some(&path));
    let found: Vec<&str> = stdout.lines().filter(|l| l.contains("ACE216")).collect();
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(found[0].ends_with("(\"compete with AWS\")"), "{stdout}");
}

#[test]
fn a_supporting_share_that_is_no_fraction_is_located() {
    let err = broken(
        "[ruleset]\nname = \"team\"\n\n[[overrides]]\nrule = \"overlapping-services\"\ncheck = { min-supporting-share = 1.5 }\n",
    );
    assert!(err.contains("team.toml:6:"), "{err}");
    assert!(err.contains("`min-supporting-share` is a fraction between 0 and 1"), "{err}");
}

/// `program-phrases` name one program's records: read on a record of any
/// other program, not on one of that program (the example is a Portfolio
/// record, whose second sentence names every service it runs on).
#[test]
fn program_phrases_give_services_away_on_other_programs_records_only() {
    let rule = |phrases: &str| {
        format!(
            "{HEAD}check = {{ kind = \"mentions\", text = \"/Opportunity/Project/CustomerBusinessProblem\", itemized = \"/Funding/ProjectedSpend/*/BilledThrough\", mode = \"named-not-itemized\", elsewhere-phrases = [\"funded under\"], program-phrases = {phrases}, own-program = \"/Funding/Program\" }}\nmessage = \"names {{service}}\"\n"
        )
    };
    let findings = |phrases: &str| {
        let (_dir, rules) = rule_file(&rule(phrases));
        let out = check_with(&rules);
        assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        let report = String::from_utf8_lossy(&out.stdout).to_string();
        report.lines().filter(|l| l.contains("TEAM01")).count()
    };
    assert!(findings("{ MAP = [\"background workers\"] }") == 0, "another program's phrase gives them away");
    assert!(findings("{ \"Activate Portfolio\" = [\"background workers\"] }") > 0, "its own program's does not");

    // With no general phrase, a record of the only program listed would
    // have none to read: an empty list, refused at load as any is.
    let err =
        broken(&rule("{ MAP = [\"x\"] }").replace("elsewhere-phrases = [\"funded under\"]", "elsewhere-phrases = []"));
    assert!(err.contains("team.toml:9:") && err.contains("the phrase list is empty"), "{err}");
    // A program `own-program` cannot hold would match no record.
    let err = broken(&rule("{ \"Activate Portfolo\" = [\"x\"] }"));
    assert!(err.contains("team.toml:9:") && err.contains("`Activate Portfolo` is not a value"), "{err}");
    assert!(err.contains("did you mean `Activate Portfolio`?"), "{err}");
    let err = broken(&rule("{ MAP = [\"x\"] }").replace(", own-program = \"/Funding/Program\"", ""));
    assert!(err.contains("team.toml:9:") && err.contains("missing parameter `own-program`"), "{err}");
    let err = broken(&rule("[\"x\"]"));
    assert!(err.contains("expected a table of program names"), "{err}");
    let err = broken(&rule("{ MAP = [\"x\"] }").replace("/Funding/Program", "/Funding/Programme"));
    assert!(err.contains("cannot match any field of a draft record"), "{err}");
}

/// Two records of one customer: a Portfolio record holding `source` as
/// baseline, and a record filing `program`.
fn baseline_pair(dir: &Path, source: &str, program: &str) {
    let mut holder: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    holder["Funding"]["BaselineCredits"] = serde_json::json!([{ "Source": source, "AmountUsd": 5000 }]);
    let mut filer: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("build-for-startups.json")).unwrap()).unwrap();
    filer["Funding"]["Program"] = program.into();
    std::fs::write(dir.join("holder.json"), holder.to_string()).unwrap();
    std::fs::write(dir.join("filer.json"), filer.to_string()).unwrap();
}

/// The rule names a `check --output-format json` of `dir` reports.
fn reported_names(dir: &Path, rules: Option<&Path>) -> Vec<String> {
    let mut cmd = acelint(&["check", "--today", "2026-11-24", "--output-format", "json"]);
    if let Some(rules) = rules {
        cmd.arg("--rules").arg(rules);
    }
    let out = cmd.arg(dir).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["diagnostics"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn baseline_remark_words_come_from_the_rule_and_can_be_changed() {
    let records = tempfile::tempdir().unwrap();
    baseline_pair(records.path(), "Build for Startups courtesy of Northgate", "Build for Startups");
    let names = reported_names(records.path(), None);
    assert!(!names.contains(&"baseline-refiled".to_string()), "`courtesy` is no built-in remark: {names:?}");
    let (_dir, path) = rule_file(
        "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"baseline-refiled\"\ncheck = { source-remarks = [\"via\", \"courtesy\"] }\n",
    );
    let names = reported_names(records.path(), Some(&path));
    assert!(names.contains(&"baseline-refiled".to_string()), "{names:?}");
}

#[test]
fn records_of_unfiled_programs_stay_out_of_the_cross_record_rules() {
    let records = tempfile::tempdir().unwrap();
    // A Founders record beside a Portfolio record holding Founders: only
    // the program is reported, not a refiled baseline nor an overlap.
    baseline_pair(records.path(), "Activate Founders", "Activate Founders");
    let names = reported_names(records.path(), None);
    assert!(names.contains(&"not-ace-filed-program".to_string()), "{names:?}");
    assert!(names.iter().all(|n| !n.starts_with("baseline") && !n.contains("similar")), "{names:?}");
    // With the list emptied, the record is compared again.
    let (_dir, path) = rule_file(
        "[ruleset]\nname = \"team\"\n[[overrides]]\nrule = \"additive-before-anchor\"\ncheck = { unfiled-programs = [] }\n",
    );
    let names = reported_names(records.path(), Some(&path));
    assert!(names.contains(&"baseline-refiled".to_string()), "{names:?}");
}
