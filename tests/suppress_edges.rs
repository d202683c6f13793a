//! When an allow is reported as suppressing nothing: only when the run gave
//! it every chance a fuller run would (its rules all ran, and every file it
//! covers was checked), so a `--select`, `--ignore` or pre-commit run never
//! asks to delete an allow a full run needs; and a config allow whose
//! `path` matches no record file at all is reported in every run.

mod common;

use common::{acelint, clean_stack, read_json, repo, write, Run, TODAY};
use serde_json::{json, Value};
use std::path::Path;

/// `check ARGS --today TODAY --output-format json` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check", "--today", TODAY, "--output-format", "json"];
    all.extend(args);
    Run::of(acelint(dir, &all))
}

fn names(run: &Run) -> Vec<String> {
    run.diagnostics().iter().map(|d| d["name"].as_str().unwrap_or_default().to_string()).collect()
}

fn unused_allows(run: &Run) -> usize {
    names(run).iter().filter(|n| *n == "unused-allow").count()
}

/// The clean portfolio record with a Datadog line billed through the
/// Marketplace (a `marketplace-spend` finding, ACE230).
fn with_marketplace_line() -> Value {
    let mut v = read_json(&repo("examples/clean-stack/portfolio.json"));
    v["Funding"]["ProjectedSpend"].as_array_mut().unwrap().push(json!({
        "Product": "Datadog", "MonthlyUsd": 100, "BilledThrough": "AWS Marketplace"
    }));
    v
}

fn put(dir: &Path, rel: &str, v: &Value) {
    write(dir, rel, &serde_json::to_string_pretty(v).unwrap());
}

/// A project whose `t.json` has the Marketplace line and an inline allow
/// for it (`rule` as given).
fn allowed_record(rule: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut v = with_marketplace_line();
    v["x-acelint"] = json!({ "allow": [ { "rule": rule, "reason": "billed through our EDP" } ] });
    put(dir.path(), "t.json", &v);
    dir
}

// ---------------------------------------------------------------------------
// Inline allows for rules this run does not run

#[test]
fn an_inline_allow_for_a_rule_the_command_line_leaves_out_is_not_unused() {
    let dir = allowed_record("marketplace-spend");
    let full = check(dir.path(), &["t.json"]);
    assert_eq!((full.code, names(&full)), (0, Vec::<String>::new()), "{}", full.stdout);
    for args in [
        &["--ignore", "ACE230"][..],
        &["--ignore", "marketplace-spend"],
        &["--ignore", "ACE2"],
        &["--select", "ACE0"],
        &["--select", "ACE1,ACE0"],
        &["--select", "ACE2", "--ignore", "ACE230"],
    ] {
        let run = check(dir.path(), &[&["t.json"][..], args].concat());
        assert_eq!(unused_allows(&run), 0, "{args:?}: {}", run.stdout);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stdout);
    }
}

#[test]
fn an_inline_allow_for_a_rule_the_config_leaves_out_is_not_unused() {
    let dir = allowed_record("ACE230");
    for config in [
        "ignore = [\"ACE230\"]\n",
        "select = [\"ACE0\", \"ACE1\"]\n",
        "[rule.marketplace-spend]\nenabled = false\n",
        "[per-file-ignores]\n\"t.json\" = [\"marketplace-spend\"]\n",
        "[per-file-ignores]\n\"*.json\" = [\"ACE2\"]\n",
    ] {
        write(dir.path(), "acelint.toml", config);
        let run = check(dir.path(), &["t.json"]);
        assert_eq!(unused_allows(&run), 0, "{config}: {}", run.stdout);
    }
    // `per-file-ignores` for another file leave the rule on here: without
    // the Marketplace line the allow is unused, and said so.
    let mut v = read_json(&dir.path().join("t.json"));
    v["Funding"]["ProjectedSpend"].as_array_mut().unwrap().pop();
    put(dir.path(), "t.json", &v);
    write(dir.path(), "acelint.toml", "[per-file-ignores]\n\"other.json\" = [\"ACE230\"]\n");
    assert_eq!(unused_allows(&check(dir.path(), &["t.json"])), 1);
    // Turned back on from the command line, the rule runs again.
    write(dir.path(), "acelint.toml", "ignore = [\"ACE230\"]\n");
    assert_eq!(unused_allows(&check(dir.path(), &["t.json"])), 0);
    assert_eq!(unused_allows(&check(dir.path(), &["t.json", "--extend-select", "ACE230"])), 1);
}

#[test]
fn an_inline_allow_naming_a_prefix_is_unused_only_when_every_rule_it_names_ran() {
    let dir = allowed_record("ACE2");
    let mut v = read_json(&dir.path().join("t.json"));
    v["Funding"]["ProjectedSpend"].as_array_mut().unwrap().pop();
    put(dir.path(), "t.json", &v);
    assert_eq!(unused_allows(&check(dir.path(), &["t.json"])), 1, "every ACE2 rule ran: nothing to allow");
    // `--ignore ACE230` leaves a rule the allow names out of the run.
    assert_eq!(unused_allows(&check(dir.path(), &["t.json", "--ignore", "ACE230"])), 0);
}

#[test]
fn an_inline_allow_on_a_record_with_a_misspelt_key_is_not_unused() {
    // The Marketplace line's `BilledThrough` misspelt: `marketplace-spend`
    // reads it, so it waits for the key to be fixed, and so does the
    // verdict on the allow for it.
    let dir = allowed_record("marketplace-spend");
    let text = std::fs::read_to_string(dir.path().join("t.json")).unwrap();
    write(dir.path(), "t.json", &text.replacen("\"BilledThrough\"", "\"BilledThruogh\"", 1));
    let run = check(dir.path(), &["t.json"]);
    assert_eq!(names(&run), ["unknown-field"], "{}", run.stdout);
}

#[test]
fn a_typo_allowed_away_or_switched_off_shows_what_it_held_back() {
    let dir = tempfile::tempdir().unwrap();
    let record = std::fs::read_to_string(repo("examples/clean-stack/portfolio.json")).unwrap();
    write(dir.path(), "top.json", &record.replacen("\"Opportunity\"", "\"Oportunity\"", 1));
    assert_eq!(names(&check(dir.path(), &["top.json"])), ["unknown-field"]);
    // What the typo held back: `Opportunity` missing, said once (the
    // use-case rules leave a record without a use case to that finding).
    let without = names(&check(dir.path(), &["top.json", "--ignore", "unknown-field"]));
    assert_eq!(without, ["missing-field"]);
    // Switched off for the file: the findings the typo held back are
    // reported, as they are without the rule.
    write(dir.path(), "acelint.toml", "[per-file-ignores]\n\"top.json\" = [\"unknown-field\"]\n");
    assert_eq!(names(&check(dir.path(), &["top.json"])), without);
    // Allowed away in the record: the same.
    let mut v: Value = serde_json::from_str(&record.replacen("\"Title\"", "\"Titel\"", 1)).unwrap();
    v["x-acelint"] = json!({ "allow": [ { "rule": "unknown-field", "reason": "renamed on export" } ] });
    put(dir.path(), "allowed.json", &v);
    assert_eq!(names(&check(dir.path(), &["allowed.json"])), ["project-fields-required"]);
}

#[test]
fn an_inline_allow_naming_no_rule_is_reported_whatever_the_selection() {
    let dir = allowed_record("marketplace-spnd");
    let run = check(dir.path(), &["t.json", "--select", "ACE0"]);
    let d = run.diagnostics();
    assert_eq!(unused_allows(&run), 1, "{}", run.stdout);
    assert!(d[0]["message"].as_str().unwrap().contains("not a rule"), "{}", run.stdout);
}

#[test]
fn per_file_ignores_and_config_allows_switch_off_unused_allow_itself() {
    let dir = allowed_record("marketplace-spend");
    let mut v = read_json(&dir.path().join("t.json"));
    v["Funding"]["ProjectedSpend"].as_array_mut().unwrap().pop();
    put(dir.path(), "t.json", &v);
    assert_eq!(unused_allows(&check(dir.path(), &["t.json"])), 1);
    write(dir.path(), "acelint.toml", "[per-file-ignores]\n\"t.json\" = [\"ACE020\"]\n");
    let run = check(dir.path(), &["t.json"]);
    assert_eq!((run.code, unused_allows(&run)), (0, 0), "{}", run.stdout);
    // A config allow for it suppresses it, and so is used.
    write(dir.path(), "acelint.toml", "[[allow]]\nrule = \"unused-allow\"\nreason = \"kept for next quarter\"\n");
    let run = check(dir.path(), &["t.json"]);
    assert_eq!(unused_allows(&run), 0, "{}", run.stdout);
    assert!(!run.stderr.contains("suppressed nothing"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Config allows

#[test]
fn a_config_allow_for_a_rule_the_run_leaves_out_is_not_unused() {
    let dir = clean_stack();
    write(dir.path(), "acelint.toml", "[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\n");
    let full = check(dir.path(), &["records"]);
    assert!(full.stderr.contains("suppressed nothing"), "nothing to allow in a full run: {}", full.stderr);
    for args in [&["--select", "ACE1"][..], &["--ignore", "ACE230"], &["--select", "ACE2", "--ignore", "ACE23"]] {
        let run = check(dir.path(), &[&["records"][..], args].concat());
        assert!(!run.stderr.contains("suppressed nothing"), "{args:?}: {}", run.stderr);
    }
    write(
        dir.path(),
        "acelint.toml",
        "ignore = [\"ACE230\"]\n[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\n",
    );
    let run = check(dir.path(), &["records"]);
    assert!(!run.stderr.contains("suppressed nothing"), "{}", run.stderr);
    // Every file it covers has the rule switched off by `per-file-ignores`.
    let config =
        "[per-file-ignores]\n\"records\" = [\"ACE23\"]\n[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\n";
    write(dir.path(), "acelint.toml", config);
    let run = check(dir.path(), &["records"]);
    assert!(!run.stderr.contains("suppressed nothing"), "{}", run.stderr);
}

#[test]
fn a_config_allow_for_a_rule_a_typo_holds_back_is_not_unused() {
    let dir = tempfile::tempdir().unwrap();
    let text = serde_json::to_string_pretty(&with_marketplace_line()).unwrap();
    write(dir.path(), "acelint.toml", "[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\n");
    write(dir.path(), "t.json", &text.replacen("\"BilledThrough\"", "\"BilledThruogh\"", 1));
    let run = check(dir.path(), &["t.json"]);
    assert_eq!(names(&run), ["unknown-field"], "{}", run.stdout);
    assert!(!run.stderr.contains("suppressed nothing"), "{}", run.stderr);
    // A typo in a field the rule does not read leaves the verdict as usual.
    write(dir.path(), "t.json", &text.replacen("\"BilledThrough\": \"AWS Marketplace\"", "\"Zzz\": 1", 1));
    let run = check(dir.path(), &["t.json"]);
    assert!(run.stderr.contains("suppressed nothing"), "{} {}", run.stdout, run.stderr);
}

/// The brief's project: `customers/acme/s.json` and `other/s.json`.
fn two_directories(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let clean = |f: &str| read_json(&repo(&format!("examples/clean-stack/{f}")));
    put(dir.path(), "customers/acme/s.json", &clean("portfolio.json"));
    put(dir.path(), "other/s.json", &clean("bedrock-poc.json"));
    write(dir.path(), "acelint.toml", config);
    dir
}

#[test]
fn a_config_allow_whose_path_matches_no_file_is_reported_in_every_run() {
    let dir = two_directories("[[allow]]\nrule = \"ACE142\"\nreason = \"never matches\"\npath = \"nowhere/**\"\n");
    let want = "the config's allow (rule = \"ACE142\", reason = \"never matches\") matches no record file: \
                path = \"nowhere/**\"";
    for args in [&["."][..], &["other/s.json"], &["customers", "--select", "ACE0"]] {
        let run = check(dir.path(), args);
        assert!(run.stderr.contains(want), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.matches("warning:").count(), 1, "{args:?}: {}", run.stderr);
        assert_eq!(run.code, 0, "a warning, not a finding: {args:?}");
    }
    // `--quiet` drops it, as it drops the other warnings.
    let run = check(dir.path(), &[".", "--quiet"]);
    assert_eq!(run.stderr, "");
}

#[test]
fn a_config_allow_whose_path_matches_only_excluded_files_is_not_reported() {
    let config = "extend-exclude = [\"other\"]\n[[allow]]\nrule = \"ACE142\"\nreason = \"r\"\npath = \"other/**\"\n";
    let dir = two_directories(config);
    let run = check(dir.path(), &["."]);
    assert_eq!(run.stderr, "", "`check other/s.json` reads it, and may need the allow");
}

#[test]
fn a_config_allow_is_unused_only_when_every_file_it_covers_was_checked() {
    let config = "[[allow]]\nrule = \"ACE142\"\nreason = \"scoped\"\npath = \"customers/**\"\n\n\
                  [[allow]]\nrule = \"ACE142\"\nreason = \"project-wide\"\n";
    let dir = two_directories(config);
    write(dir.path(), "customers/beta/s.json", &std::fs::read_to_string(dir.path().join("other/s.json")).unwrap());
    let scoped = "reason = \"scoped\") suppressed nothing";
    let wide = "reason = \"project-wide\") suppressed nothing";
    let full = check(dir.path(), &["."]);
    assert!(full.stderr.contains(scoped) && full.stderr.contains(wide), "{}", full.stderr);
    // Every file under `customers/` checked, but not `other/`.
    let customers = check(dir.path(), &["customers"]);
    assert!(customers.stderr.contains(scoped), "{}", customers.stderr);
    assert!(!customers.stderr.contains(wide), "`other/s.json` may need it: {}", customers.stderr);
    // A pre-commit hook naming one changed file says nothing of either.
    for args in [&["customers/acme/s.json"][..], &["other/s.json"], &["customers/acme/s.json", "other/s.json"]] {
        let hook = check(dir.path(), args);
        assert!(!hook.stderr.contains("suppressed nothing"), "{args:?}: {}", hook.stderr);
    }
    // From a subdirectory, paths are still read from the config's.
    let sub = Run::of(acelint(&dir.path().join("customers"), &["check", ".", "--today", TODAY]));
    assert!(sub.stderr.contains(scoped) && !sub.stderr.contains(wide), "{}", sub.stderr);
    // An excluded directory is not part of a full run: `check .` judges
    // the project-wide allow on the files it walks.
    let excluded = format!("extend-exclude = [\"other\"]\n{config}");
    write(dir.path(), "acelint.toml", &excluded);
    let run = check(dir.path(), &["."]);
    assert!(run.stderr.contains(scoped) && run.stderr.contains(wide), "{}", run.stderr);
}

#[test]
fn a_config_allow_covering_only_corpus_files_is_not_unused_in_a_hook() {
    let dir = clean_stack();
    let config = "corpus = [\"records/*.json\"]\n[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\n\
                  path = \"records/bedrock-poc.json\"\n";
    write(dir.path(), "acelint.toml", config);
    let full = check(dir.path(), &["records"]);
    assert!(full.stderr.contains("suppressed nothing"), "{}", full.stderr);
    let hook = check(dir.path(), &["records/portfolio.json"]);
    assert!(!hook.stderr.contains("suppressed nothing"), "read for comparison, not checked: {}", hook.stderr);
    assert!(!hook.stderr.contains("matches no record file"), "{}", hook.stderr);
}

#[test]
fn a_used_config_allow_is_never_reported() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "customers/acme/s.json", &with_marketplace_line());
    let config = "[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\npath = \"customers/acme/**\"\n";
    write(dir.path(), "acelint.toml", config);
    for args in [&["."][..], &["customers/acme/s.json"]] {
        let run = check(dir.path(), args);
        assert_eq!((run.code, names(&run), run.stderr.as_str()), (0, Vec::<String>::new(), ""), "{args:?}");
    }
}

#[test]
fn a_configured_baseline_in_the_project_does_not_keep_an_unused_allow_quiet() {
    let dir = clean_stack();
    let d = dir.path();
    write(d, "acelint.toml", "baseline = \"known.json\"\n[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\n");
    let made = Run::of(acelint(d, &["baseline", "records", "--today", TODAY]));
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(d.join("known.json").is_file());
    let run = Run::of(acelint(d, &["check", "records", "--today", TODAY, "--output-file", "report.json"]));
    assert!(run.stderr.contains("the config's allow (rule = \"marketplace-spend\""), "{}", run.stderr);
    // The report of that run is no record either, in the next.
    let run = Run::of(acelint(d, &["check", "records", "--today", TODAY, "--output-file", "report.json"]));
    assert!(run.stderr.contains("suppressed nothing"), "{}", run.stderr);
}

#[test]
fn a_cross_record_allow_is_judged_only_by_a_run_that_loaded_a_pair() {
    let dir = clean_stack();
    let d = dir.path();
    let path = d.join("records/bedrock-poc.json");
    let mut poc = read_json(&path);
    poc["x-acelint"] = json!({ "allow": [
        { "rule": "similar-use-case", "reason": "reviewed", "other": "portfolio.json" },
        { "rule": "ACE3", "reason": "reviewed" }
    ]});
    std::fs::write(&path, serde_json::to_string_pretty(&poc).unwrap()).unwrap();
    let unused = |args: &[&str]| {
        let run = Run::of(acelint(
            d,
            &[&["check", "--today", TODAY, "--isolated", "--output-format", "json"], args].concat(),
        ));
        run.diagnostics().iter().filter(|x| x["name"] == "unused-allow").count()
    };
    // Alone, the record is compared with nothing: neither allow is judged.
    assert_eq!(unused(&["records/bedrock-poc.json"]), 0);
    // With the other records loaded, both had their chance and suppressed nothing.
    assert_eq!(unused(&["records/bedrock-poc.json", "--corpus", "records/*.json"]), 2);
    assert_eq!(unused(&["records"]), 2);
}

#[test]
fn an_allow_for_git_ignored_records_still_matches_a_file() {
    let dir = clean_stack();
    let d = dir.path();
    let portfolio = std::fs::read_to_string(d.join("records/portfolio.json")).unwrap();
    write(d, "private/acme/a.json", &portfolio);
    write(d, ".gitignore", "private/\n");
    write(
        d,
        "acelint.toml",
        "[[allow]]\nrule = \"ACE142\"\nreason = \"kept out of git\"\npath = \"private/acme/**\"\n",
    );
    let run = Run::of(acelint(d, &["check", "records", "--today", TODAY]));
    assert!(!run.stderr.contains("matches no record file"), "{}", run.stderr);
    write(d, "acelint.toml", "[[allow]]\nrule = \"ACE142\"\nreason = \"typo\"\npath = \"privat/acme/**\"\n");
    let run = Run::of(acelint(d, &["check", "records", "--today", TODAY]));
    assert!(run.stderr.contains("matches no record file"), "{}", run.stderr);
}

#[test]
fn an_unused_allow_is_reported_at_the_rule_it_names() {
    let dir = clean_stack();
    let d = dir.path();
    let path = d.join("records/portfolio.json");
    let mut record = read_json(&path);
    record["x-acelint"] = json!({ "allow": [ { "rule": "marketplace-spend", "reason": "EDP" } ] });
    std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    let run = Run::of(acelint(d, &["check", "records/portfolio.json", "--today", TODAY, "--output-format", "json"]));
    let found: Vec<Value> = run.diagnostics().into_iter().filter(|x| x["name"] == "unused-allow").collect();
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_eq!(found[0]["pointer"], "/x-acelint/allow/0/rule");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().nth(found[0]["line"].as_u64().unwrap() as usize - 1).unwrap();
    let column = found[0]["column"].as_u64().unwrap() as usize;
    assert!(line[column - 1..].starts_with("\"marketplace-spend\""), "{line}");
    // A rule named in another case is still a rule, as it is when the
    // allow suppresses something.
    record["x-acelint"] = json!({ "allow": [ { "rule": "Marketplace-Spend", "reason": "EDP" } ] });
    std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    let run = Run::of(acelint(d, &["check", "records/portfolio.json", "--today", TODAY, "--output-format", "json"]));
    let found: Vec<Value> = run.diagnostics().into_iter().filter(|x| x["name"] == "unused-allow").collect();
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(found[0]["message"].as_str().unwrap().contains("suppressed nothing"), "{}", run.stdout);
}

/// An allow whose pointer is no JSON pointer (`Opportunity` without its
/// slash, the escape `~2`) is one finding, on the pointer: it suppresses
/// nothing and is not also called unused.
#[test]
fn an_allow_with_a_broken_pointer_is_reported_once() {
    for pointer in ["Funding/ProjectedSpend", "/Funding~2ProjectedSpend"] {
        let dir = tempfile::tempdir().unwrap();
        let mut v = with_marketplace_line();
        v["x-acelint"] = json!({ "allow": [ { "rule": "marketplace-spend", "reason": "EDP", "pointer": pointer } ] });
        put(dir.path(), "t.json", &v);
        let run = check(dir.path(), &["--isolated", "t.json"]);
        let found = names(&run);
        assert!(found.contains(&"pattern-mismatch".to_string()), "{pointer}: {found:?}");
        assert!(found.contains(&"marketplace-spend".to_string()), "{pointer}: suppressed nothing: {found:?}");
        assert_eq!(unused_allows(&run), 0, "{pointer}: {found:?}");
    }
}
