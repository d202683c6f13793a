//! The partner's workflow through the binary: `stack`, `--corpus`, config
//! discovery and precedence, config errors, every suppression form,
//! baselines, `init`, `schema` and `export`.

mod common;

use common::{acelint, clean_stack, read_json, repo, TODAY};
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;

fn write(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

/// Names of the findings of a JSON report, with their file.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["check", "--today", TODAY, "--output-format", "json"];
    all.extend(args);
    let out = acelint(dir, &all).output().unwrap();
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap().to_string(), d["file"].as_str().unwrap().to_string()))
        .collect()
}

/// Sets the value at `pointer` in the record file `name` of the project.
fn set(dir: &Path, name: &str, pointer: &str, value: Value) {
    let path = dir.join("records").join(name);
    let mut record = read_json(&path);
    *record.pointer_mut(pointer).unwrap_or_else(|| panic!("{name} has {pointer}")) = value;
    write(&path, &record);
}

/// The Build for Startups record rewritten to repeat the Portfolio's paragraph.
fn double_count(dir: &Path) {
    let portfolio = read_json(&dir.join("records/portfolio.json"));
    let path = dir.join("records/build-for-startups.json");
    let mut bfs = read_json(&path);
    bfs["Opportunity"]["Project"]["CustomerBusinessProblem"] =
        portfolio["Opportunity"]["Project"]["CustomerBusinessProblem"].clone();
    write(&path, &bfs);
}

#[test]
fn stack_approves_the_clean_stack_and_zeroes_a_double_count() {
    let dir = clean_stack();
    let out = acelint(dir.path(), &["stack", "records", "--today", TODAY, "--isolated"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Kestrelpoint Inc. (account 418297553016): 3 records, asking $150,000"), "{text}");
    assert_eq!(text.matches("  approve ").count(), 3, "{text}");
    double_count(dir.path());
    let out = acelint(dir.path(), &["stack", "records", "--today", TODAY, "--isolated", "--output-format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let records = v["customers"][0]["records"].as_array().unwrap();
    let bfs = records.iter().find(|r| r["program"] == "Build for Startups").unwrap();
    assert_eq!(bfs["verdict"], "zero");
    assert!(bfs["reasons"].as_array().unwrap().iter().any(|r| r["name"] == "similar-use-case"));
    let portfolio = records.iter().find(|r| r["program"] == "Activate Portfolio").unwrap();
    assert_eq!(portfolio["verdict"], "approve", "the anchor is kept");
}

#[test]
fn stack_supports_a_small_ask_at_its_amount_not_its_programs_cap() {
    let dir = clean_stack();
    set(dir.path(), "build-for-startups.json", "/Funding/RequestedAmountUsd", serde_json::json!(10000));
    let out = acelint(dir.path(), &["stack", "records", "--today", TODAY, "--isolated"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // $100K + $10K + $25K: the $10K record supports $10K, as
    // `stack-exceeds-band` counts it, not the $25K cap of its program.
    assert!(text.contains("asking $135,000; distinct workloads support about $135,000"), "{text}");
}

#[test]
fn stack_and_stack_exceeds_band_agree_on_what_is_supported() {
    let dir = clean_stack();
    set(dir.path(), "build-for-startups.json", "/Funding/RequestedAmountUsd", serde_json::json!(40000));
    // A record zeroed for its own reasons still names a distinct workload.
    set(dir.path(), "bedrock-poc.json", "/Funding/GenAI/Backbone", serde_json::json!("Amazon SageMaker"));
    let out = acelint(dir.path(), &["stack", "records", "--today", TODAY, "--isolated"]).output().unwrap();
    let stack = String::from_utf8(out.stdout).unwrap();
    assert!(stack.contains("asking $165,000; distinct workloads support about $150,000"), "{stack}");
    let out = acelint(dir.path(), &["check", "records", "--today", TODAY, "--isolated", "--output-format", "concise"])
        .output()
        .unwrap();
    let check = String::from_utf8(out.stdout).unwrap();
    assert!(check.contains("support about $150,000"), "{check}");
}

#[test]
fn corpus_compares_with_every_record_but_reports_only_named_files() {
    let dir = clean_stack();
    double_count(dir.path());
    // Only the anchor is named: the copy's own findings are not reported,
    // but the pair is, on the anchor (tests/corpus_inputs.rs has the wording).
    let only_anchor = findings(dir.path(), &["records/portfolio.json", "--corpus", "records/*.json", "--isolated"]);
    assert!(only_anchor.iter().all(|(_, f)| f == "records/portfolio.json"), "{only_anchor:?}");
    assert!(only_anchor.contains(&("similar-use-case".into(), "records/portfolio.json".into())), "{only_anchor:?}");
    // The changed additive record alone still meets its anchor through the corpus.
    let changed =
        findings(dir.path(), &["records/build-for-startups.json", "--corpus", "records/*.json", "--isolated"]);
    assert!(changed.contains(&("similar-use-case".into(), "records/build-for-startups.json".into())), "{changed:?}");
    // Without the corpus there is nothing to compare it with.
    let alone = findings(dir.path(), &["records/build-for-startups.json", "--isolated"]);
    assert!(!alone.iter().any(|(n, _)| n == "similar-use-case"), "{alone:?}");
}

#[test]
fn config_is_discovered_from_a_subdirectory_and_flags_override_it() {
    let dir = clean_stack();
    double_count(dir.path());
    std::fs::write(dir.path().join("acelint.toml"), "corpus = [\"records/*.json\"]\nignore = [\"similar-use-case\"]\n")
        .unwrap();
    let sub = dir.path().join("records");
    // The config applies from a subdirectory: corpus found, similar-use-case ignored.
    let names: Vec<String> = findings(&sub, &["build-for-startups.json"]).into_iter().map(|(n, _)| n).collect();
    assert!(!names.contains(&"similar-use-case".to_string()), "{names:?}");
    // --select replaces the config's selection, its ignore too (src/rules/select.rs),
    // and the corpus the config names from its directory is compared...
    let names: Vec<String> =
        findings(&sub, &["build-for-startups.json", "--select", "ACE3"]).into_iter().map(|(n, _)| n).collect();
    assert!(names.iter().any(|n| n == "similar-use-case"), "{names:?}");
    // ...and --isolated ignores the file altogether: no corpus, so no pair.
    let names: Vec<String> =
        findings(&sub, &["build-for-startups.json", "--isolated"]).into_iter().map(|(n, _)| n).collect();
    assert!(!names.contains(&"similar-use-case".to_string()) && !names.is_empty(), "{names:?}");
    let with_corpus: Vec<String> =
        findings(&sub, &["build-for-startups.json", "--extend-select", "ALL"]).into_iter().map(|(n, _)| n).collect();
    assert!(
        with_corpus.contains(&"similar-use-case".to_string()),
        "a rule --extend-select names runs even if the config ignores it: {with_corpus:?}"
    );
    acelint(&sub, &["config"])
        .assert()
        .success()
        .stdout(contains("acelint.toml"))
        .stdout(contains("[\"similar-use-case\"]"));
}

#[test]
fn config_errors_are_located_with_a_suggestion() {
    let dir = clean_stack();
    std::fs::write(dir.path().join("acelint.toml"), "select = [\"ALL\"]\nfail-levl = \"warning\"\n").unwrap();
    acelint(dir.path(), &["check", "records"])
        .assert()
        .code(2)
        .stderr(contains("acelint.toml:2:1: unknown field `fail-levl`"))
        .stderr(contains("did you mean `fail-level`?"));
    std::fs::write(dir.path().join("acelint.toml"), "fail-level = \"fatal\"\n").unwrap();
    acelint(dir.path(), &["check", "records"]).assert().code(2).stderr(contains("acelint.toml:1:14"));
    std::fs::write(dir.path().join("acelint.toml"), "[rule.spend-implausible-for-stag]\nseverity = \"error\"\n")
        .unwrap();
    acelint(dir.path(), &["check", "records"])
        .assert()
        .code(2)
        .stderr(contains("acelint.toml:1:"))
        .stderr(contains("did you mean `spend-implausible-for-stage`?"));
}

#[test]
fn config_rule_parameters_and_fail_level() {
    let dir = clean_stack();
    // A partner's own, stricter band turns the clean Portfolio into a finding.
    std::fs::write(
        dir.path().join("acelint.toml"),
        "fail-level = \"warning\"\n[rule.spend-implausible-for-stage]\ncheck = [ { bands = { \"Activate Portfolio / Series A\" = { min = 0, max = 4000 } } } ]\n",
    )
    .unwrap();
    acelint(dir.path(), &["check", "records", "--today", TODAY, "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(contains("warning[ACE201] spend-implausible-for-stage: projects $4,950/month"));
    acelint(dir.path(), &["check", "records", "--today", TODAY, "--fail-level", "error"]).assert().code(0);
}

#[test]
fn in_record_allows_pointers_pairs_reasons_and_unused_allows() {
    let dir = clean_stack();
    double_count(dir.path());
    let path = dir.path().join("records/build-for-startups.json");
    let mut bfs = read_json(&path);
    bfs["x-acelint"] = serde_json::json!({ "allow": [
        { "rule": "similar-use-case", "reason": "reviewed with our PDM", "other": "records/portfolio.json" },
        { "rule": "vague-use-case", "reason": "no longer needed" },
        { "rule": "unknown-field", "reason": "narrowed elsewhere", "pointer": "/Funding/Nothing" },
        { "rule": "duplicate-program" }
    ]});
    write(&path, &bfs);
    let names = findings(dir.path(), &["records", "--isolated"]);
    let names: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"similar-use-case"), "allowed for this pair: {names:?}");
    assert_eq!(names.iter().filter(|n| **n == "unused-allow").count(), 2, "{names:?}");
    assert!(names.contains(&"missing-field"), "an allow without a reason is a finding: {names:?}");
    let out =
        acelint(dir.path(), &["check", "records", "--today", TODAY, "--isolated", "--statistics"]).output().unwrap();
    let stats = String::from_utf8(out.stdout).unwrap();
    assert!(stats.lines().any(|l| l.starts_with("ACE302") && l.split_whitespace().nth(3) == Some("1")), "{stats}");
    // A format for tools keeps its findings: the table is refused there.
    acelint(dir.path(), &["check", "records", "--isolated", "--statistics", "--output-format", "sarif"])
        .assert()
        .code(2)
        .stderr(contains("--statistics prints a table"));
}

#[test]
fn config_allows_and_per_file_ignores() {
    let dir = clean_stack();
    double_count(dir.path());
    std::fs::write(
        dir.path().join("acelint.toml"),
        "[[allow]]\nrule = \"ACE302\"\nreason = \"reviewed\"\npath = \"records/build-*.json\"\n\n[[allow]]\nrule = \"marketplace-spend\"\nreason = \"stale\"\n\n[per-file-ignores]\n\"records/build-*.json\" = [\"ACE24\"]\n",
    )
    .unwrap();
    let out = acelint(dir.path(), &["check", "records", "--today", TODAY, "--output-format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 0, "{v}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("suppressed nothing"), "the unused config allow is reported");
    // A run on other files only (a pre-commit hook on the changed ones)
    // does not call the scoped allow unused: it had nothing to look at.
    let out = acelint(dir.path(), &["check", "records/portfolio.json", "--today", TODAY]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("ACE302"), "{stderr}");
    // Nor the unscoped one: the files this run did not read may need it.
    assert!(!stderr.contains("marketplace-spend"), "{stderr}");
}

#[test]
fn baseline_create_check_survives_reformatting_and_prunes() {
    let dir = clean_stack();
    std::fs::copy(repo("examples/structural-mistakes.json"), dir.path().join("records/mistakes.json")).unwrap();
    acelint(dir.path(), &["baseline", "records", "--today", TODAY, "--isolated"]).assert().success();
    assert!(dir.path().join("acelint-baseline.json").exists());
    acelint(dir.path(), &["baseline", "records", "--today", TODAY, "--isolated"])
        .assert()
        .code(2)
        .stderr(contains("--force"));
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "records", "--today", TODAY, "--isolated", "--baseline", "acelint-baseline.json"];
        args.extend(extra);
        acelint(dir.path(), &args).output().unwrap()
    };
    assert_eq!(check(&[]).status.code(), Some(0), "every finding is in the baseline");
    // Reformat the file (other indentation, lines moved): still all baselined,
    // except the duplicate key, which reformatting through a parser removes.
    let text = std::fs::read_to_string(dir.path().join("records/mistakes.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    std::fs::write(
        dir.path().join("records/mistakes.json"),
        format!("\n\n{}", serde_json::to_string_pretty(&v).unwrap().replace("  ", "    ")),
    )
    .unwrap();
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 entry"), "the duplicate key's entry is stale");
    // A new finding fails.
    let mut v = v;
    v["Funding"]["Company"]["Stage"] = Value::String("Series Z".into());
    write(&dir.path().join("records/mistakes.json"), &v);
    assert_eq!(check(&[]).status.code(), Some(1));
    // --prune drops the stale entry.
    check(&["--prune"]);
    let out = check(&[]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("no longer match"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn init_writes_files_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    acelint(dir.path(), &["init"]).assert().success();
    assert!(dir.path().join("acelint.toml").exists() && dir.path().join("draft-record.json").exists());
    let before = std::fs::read(dir.path().join("acelint.toml")).unwrap();
    acelint(dir.path(), &["init"]).assert().code(2).stderr(contains("does not overwrite"));
    assert_eq!(std::fs::read(dir.path().join("acelint.toml")).unwrap(), before);
    acelint(dir.path(), &["check", "--today", TODAY]).assert().success().stdout(contains("no problems in 1 file"));
}

/// `init` writes both of its files or neither: a name taken by a dangling
/// symbolic link (which `exists` misses) is refused before anything is
/// written, and a report that cannot be printed comes after both files are
/// whole, never between them.
#[cfg(unix)]
#[test]
fn init_writes_both_files_or_neither() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink(d.join("gone/record.json"), d.join("draft-record.json")).unwrap();
    let out = acelint(d, &["init"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: draft-record.json already exists; acelint init does not overwrite"), "{stderr}");
    let names: Vec<_> = std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, [std::ffi::OsString::from("draft-record.json")], "nothing written");
    assert!(!d.join("acelint.toml").exists());

    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped the rest: no /dev/full device");
        return;
    }
    std::fs::remove_file(d.join("draft-record.json")).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("acelint"))
        .current_dir(d)
        .arg("init")
        .stdout(std::fs::OpenOptions::new().write(true).open(full).unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write to standard output"), "{stderr}");
    assert!(d.join("acelint.toml").exists() && d.join("draft-record.json").exists(), "both written before the report");
    acelint(d, &["check", "--today", TODAY]).assert().success().stdout(contains("no problems in 1 file"));
}

#[test]
fn schema_prints_each_document() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["draft-record", "opportunity", "funding", "suppressions", "rules", "config"] {
        let out = acelint(dir.path(), &["schema", name]).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v["$id"].as_str().unwrap().ends_with(&format!("{name}.schema.json")));
    }
    acelint(dir.path(), &["schema", "nope"]).assert().code(2);
}

#[test]
fn export_round_trips_through_the_opportunity_schema() {
    let dir = clean_stack();
    let mut portfolio = read_json(&dir.path().join("records/portfolio.json"));
    portfolio["x-acelint"] = serde_json::json!({ "allow": [ { "rule": "marketplace-spend", "reason": "r" } ] });
    portfolio["Funding"]["ProjectedSpend"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"Product": "Datadog", "MonthlyUsd": 1, "BilledThrough": "AWS Marketplace"}));
    write(&dir.path().join("records/portfolio.json"), &portfolio);
    let out =
        acelint(dir.path(), &["export", "records/portfolio.json", "--today", TODAY, "--isolated"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("schemas/opportunity.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap();
    assert!(validator.is_valid(&body), "{:?}", validator.iter_errors(&body).map(|e| e.to_string()).collect::<Vec<_>>());
    assert!(
        body.get("x-acelint").is_none()
            && body.get("RelatedEntityIdentifiers").is_none()
            && body.get("Funding").is_none()
    );
    let mut expected = portfolio["Opportunity"].clone();
    expected.as_object_mut().unwrap().remove("RelatedEntityIdentifiers");
    assert_eq!(body, expected, "no key added, none lost");
    // What export writes passes check as a bare body, and the associations
    // it leaves out would be an unknown parameter there.
    let round_trip = |body: &Value| {
        let mut c = acelint(dir.path(), &["check", "-", "--today", TODAY, "--isolated", "--output-format", "json"]);
        let out = c.write_stdin(serde_json::to_vec(body).unwrap()).output().unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let names: Vec<String> =
            report["diagnostics"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().into()).collect();
        (out.status.code(), names, report)
    };
    assert_eq!(round_trip(&body).0, Some(0), "{:#}", round_trip(&body).2);
    let mut with_associations = body.clone();
    with_associations["RelatedEntityIdentifiers"] = portfolio["Opportunity"]["RelatedEntityIdentifiers"].clone();
    let (code, names, report) = round_trip(&with_associations);
    assert_eq!((code, names), (Some(1), vec!["unknown-field".to_string()]), "{report:#}");
    assert_eq!(report["diagnostics"][0]["pointer"], "/RelatedEntityIdentifiers");
    // What is inside it is not judged again.
    with_associations["RelatedEntityIdentifiers"] = serde_json::json!({ "Solutions": 5 });
    let (code, names, report) = round_trip(&with_associations);
    assert_eq!((code, names), (Some(1), vec!["unknown-field".to_string()]), "{report:#}");

    let out = acelint(
        dir.path(),
        &[
            "export",
            "records/portfolio.json",
            "--benefit-application",
            "--benefit-id",
            "ben-0123456789abcd",
            "--today",
            TODAY,
            "--isolated",
        ],
    )
    .output()
    .unwrap();
    let app: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(app["BenefitApplicationDetails"], portfolio["Funding"]);
    assert_eq!(app["FulfillmentTypes"], serde_json::json!(["CREDITS"]));
    acelint(dir.path(), &["export", "records/portfolio.json", "--benefit-application", "--isolated"])
        .assert()
        .code(2)
        .stderr(contains("--benefit-id"));

    std::fs::copy(repo("examples/structural-mistakes.json"), dir.path().join("records/mistakes.json")).unwrap();
    acelint(dir.path(), &["export", "records/mistakes.json", "--today", TODAY, "--isolated"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("fix them before exporting"));
}

#[test]
fn export_reads_a_clean_record_whose_text_the_check_let_go() {
    let dir = clean_stack();
    let out =
        acelint(dir.path(), &["export", "records/bedrock-poc.json", "--today", TODAY, "--isolated"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    let record = read_json(&dir.path().join("records/bedrock-poc.json"));
    assert_eq!(body["Project"]["Title"], record["Opportunity"]["Project"]["Title"]);
}

#[test]
fn one_file_reached_two_ways_is_read_once_and_never_compared_with_itself() {
    let dir = clean_stack();
    std::fs::write(dir.path().join("acelint.toml"), "corpus = [\"records/*.json\"]\n").unwrap();
    let records = dir.path().join("records");
    // From a subdirectory: `..` names what the config's corpus glob finds
    // under another spelling.
    assert_eq!(findings(&records, &[".."]), Vec::<(String, String)>::new());
    // A directory and a file in it, spelt through the parent.
    assert_eq!(findings(&records, &[".", "../records/portfolio.json", "--isolated"]), Vec::<(String, String)>::new());
    // An editor sends the unsaved buffer on stdin under the file's name:
    // it stands in for the copy on disk that the corpus glob finds.
    let text = std::fs::read_to_string(records.join("portfolio.json")).unwrap();
    let out = acelint(
        dir.path(),
        &["check", "-", "--stdin-filename", "records/portfolio.json", "--today", TODAY, "--output-format", "concise"],
    )
    .write_stdin(text.clone())
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // Named beside its directory, the buffer still stands in for the file
    // on disk, whatever the disk copy says.
    std::fs::write(records.join("portfolio.json"), text.replacen("\"Funding\": {", "\"Funding\": { \"Typo\": 1,", 1))
        .unwrap();
    let out = acelint(
        dir.path(),
        &["check", "-", "records", "--stdin-filename", "records/portfolio.json", "--isolated", "--today", TODAY],
    )
    .write_stdin(text)
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_baseline_covers_the_files_a_run_checks_from_any_directory_and_keeps_the_others() {
    let dir = clean_stack();
    std::fs::copy(repo("examples/structural-mistakes.json"), dir.path().join("records/mistakes.json")).unwrap();
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    std::fs::write(dir.path().join("acelint.toml"), "baseline = \"ci/known.json\"\n").unwrap();
    // `baseline` writes where the config says, and the file is never
    // taken for a record, whatever it is called.
    acelint(dir.path(), &["baseline", ".", "--today", TODAY]).assert().success();
    let written = read_json(&dir.path().join("ci/known.json"));
    // Files are named from the baseline's own directory.
    assert!(written["files"]["../records/mistakes.json"].is_object(), "{written}");
    let run = |cwd: &Path, args: &[&str]| {
        let mut all = vec!["check", "--today", TODAY, "--output-format", "concise"];
        all.extend(args);
        acelint(cwd, &all).output().unwrap()
    };
    let out = run(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // From a subdirectory, the same files under other names.
    let records = dir.path().join("records");
    let out = run(&records, &["."]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("no longer match"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Checking one file neither reports nor prunes the other files' entries.
    let out = run(&records, &["portfolio.json", "--prune"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(read_json(&dir.path().join("ci/known.json")), written);
    // A baseline written before files were named from its directory (as
    // they were shown from where acelint ran) still covers them.
    let mut old_style = written.clone();
    let entries = old_style["files"].as_object_mut().unwrap();
    let moved: Vec<(String, Value)> =
        entries.iter().map(|(k, v)| (k.trim_start_matches("../").to_string(), v.clone())).collect();
    entries.clear();
    entries.extend(moved);
    write(&dir.path().join("ci/known.json"), &old_style);
    let out = run(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // The entries of a file that is gone are stale, and pruned.
    write(&dir.path().join("ci/known.json"), &written);
    std::fs::remove_file(records.join("mistakes.json")).unwrap();
    let out = run(dir.path(), &[".", "--prune"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(read_json(&dir.path().join("ci/known.json"))["files"].as_object().unwrap().is_empty());
    // Without a baseline anywhere, --prune has nothing to rewrite.
    acelint(dir.path(), &["check", ".", "--isolated", "--prune"])
        .assert()
        .code(2)
        .stderr(contains("--prune needs a baseline"));
}

#[test]
fn an_allow_cannot_hide_its_own_mistakes_and_names_the_other_record_from_anywhere() {
    let dir = clean_stack();
    double_count(dir.path());
    let path = dir.path().join("records/build-for-startups.json");
    let mut bfs = read_json(&path);
    bfs["Funding"]["Nothing"] = serde_json::json!(1);
    bfs["x-acelint"] = serde_json::json!({ "allow": [
        // `other` written from the record's own directory.
        { "rule": "similar-use-case", "reason": "reviewed with our PDM", "other": "./portfolio.json" },
        // A misspelt `pointer` would widen the allow to the whole record.
        { "rule": "unknown-field", "reason": "narrowed", "poinetr": "/Funding/Nothing" },
        { "rule": "vague-use-case", "reason": "   " }
    ]});
    write(&path, &bfs);
    let records = dir.path().join("records");
    let all = findings(&records, &[".", "--isolated"]);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"similar-use-case"), "allowed for this pair: {all:?}");
    assert!(names.contains(&"unknown-field"), "the misspelt key is reported: {all:?}");
    assert!(names.contains(&"pattern-mismatch"), "a blank reason is reported: {all:?}");
    let mut report = acelint(&records, &["check", ".", "--isolated", "--today", TODAY, "--output-format", "json"]);
    let report: Value = serde_json::from_slice(&report.output().unwrap().stdout).unwrap();
    let blank = report["diagnostics"].as_array().unwrap().iter().find(|d| d["name"] == "pattern-mismatch").unwrap();
    assert_eq!(blank["message"], "`reason` is blank", "said plainly, not as the pattern `\\S`");
    // From the project root, the same allow still names the pair.
    let all = findings(dir.path(), &["records", "--isolated"]);
    assert!(!all.iter().any(|(n, _)| n == "similar-use-case"), "{all:?}");
}

#[test]
fn stack_says_which_records_it_could_not_read_and_needs_some_files() {
    let dir = clean_stack();
    let records = dir.path().join("records");
    let line = |name: &str| serde_json::to_string(&read_json(&records.join(name))).unwrap();
    let jsonl = format!("{}\n{{\"broken\": \n{}\n", line("portfolio.json"), line("build-for-startups.json"));
    std::fs::write(dir.path().join("stack.jsonl"), jsonl).unwrap();
    let out = acelint(dir.path(), &["stack", "stack.jsonl", "--today", TODAY, "--isolated"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the stack is incomplete");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: stack.jsonl:2:10: invalid JSON") && stderr.contains("(not in the stack)"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 records, asking $125,000"));
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    acelint(dir.path(), &["stack", "empty", "--isolated"]).assert().code(2).stderr(contains("no record files found"));
}

#[test]
fn export_takes_one_file_and_refuses_a_record_only_for_its_own_errors() {
    let dir = clean_stack();
    let records = dir.path().join("records");
    acelint(dir.path(), &["export", "records", "--isolated"]).assert().code(2).stderr(contains("is a directory"));
    let line = |name: &str| serde_json::to_string(&read_json(&records.join(name))).unwrap();
    let jsonl = format!("{}\n{{\"broken\": \n{}\n", line("portfolio.json"), line("build-for-startups.json"));
    std::fs::write(dir.path().join("k.jsonl"), jsonl).unwrap();
    let export = |args: &[&str]| {
        let mut all = vec!["export", "k.jsonl", "--today", TODAY, "--isolated"];
        all.extend(args);
        acelint(dir.path(), &all).output().unwrap()
    };
    // The broken second line stops only itself.
    assert_eq!(export(&[]).status.code(), Some(0));
    assert_eq!(export(&["--record", "2"]).status.code(), Some(0));
    let out = export(&["--record", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("k.jsonl:2:10: [ACE001]"));
    // A benefit id as AWS's model spells it, and only with the benefit body.
    let out = export(&["--benefit-application", "--benefit-id", "ben-123"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither `ben-` and 14 lowercase letters or digits"));
    assert_eq!(export(&["--benefit-application", "--benefit-id", "ben-0123456789abcd"]).status.code(), Some(0));
    assert_eq!(export(&["--benefit-id", "ben-0123456789abcd"]).status.code(), Some(2));
}

/// A file without a record (empty, blank, `[]`, blank lines) has nothing
/// to export: an input error (exit 2) naming the file, as for a file that
/// does not exist, not "record 0 has 1 error" about a record that is not there.
#[test]
fn export_of_a_file_without_a_record_says_so() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("empty.json", ""), ("blank.json", " \n"), ("none.json", "[]"), ("lines.jsonl", "\n\n")] {
        std::fs::write(dir.path().join(name), text).unwrap();
        for args in [&["export", name, "--isolated"][..], &["export", name, "--isolated", "--record", "2"]] {
            let out = acelint(dir.path(), args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            let want = format!(
                "error: {name} holds no record to export; write a draft record in it, or name the file that holds one\n"
            );
            assert_eq!(stderr, want, "{args:?}");
            assert!(out.stdout.is_empty());
        }
    }
}

#[test]
fn config_shows_every_layer_of_the_selection_and_what_is_off() {
    let dir = clean_stack();
    std::fs::write(dir.path().join("acelint.toml"), "ignore = [\"ACE2\"]\nextend-select = [\"ACE242\"]\n").unwrap();
    let out = acelint(dir.path(), &["config", "--ignore", "ACE3"]).output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    let line = |start: &str, source: &str| shown.lines().any(|l| l.starts_with(start) && l.ends_with(source));
    assert!(line("ignore           = [\"ACE2\"]", "# acelint.toml"), "{shown}");
    assert!(line("ignore           = [\"ACE3\"]", "# command line"), "{shown}");
    assert!(line("extend-select    = [\"ACE242\"]", "# acelint.toml"), "{shown}");
    assert!(line("select           = (every rule)", "# default"), "an empty selection is every rule: {shown}");
    let off = shown.lines().find_map(|l| l.strip_prefix("rules off        = ")).unwrap_or_else(|| panic!("{shown}"));
    let off: Vec<&str> = off.split(", ").collect();
    assert!(off.contains(&"ACE201") && off.contains(&"ACE301") && !off.contains(&"ACE242"), "{off:?}");
}

#[test]
fn a_narrower_selection_neither_reports_nor_prunes_the_other_rules_entries() {
    let dir = clean_stack();
    std::fs::copy(repo("examples/structural-mistakes.json"), dir.path().join("records/mistakes.json")).unwrap();
    acelint(dir.path(), &["baseline", "records", "--today", TODAY, "--isolated"]).assert().success();
    let before = read_json(&dir.path().join("acelint-baseline.json"));
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "records", "--today", TODAY, "--isolated", "--baseline", "acelint-baseline.json"];
        args.extend(extra);
        acelint(dir.path(), &args).output().unwrap()
    };
    // (With `--select ACE1`, ACE114 would be new: it defers to ACE014,
    // which would not run, so it stands on its own.)
    let out = check(&["--select", "ACE2"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no longer match"), "rules that did not run are not stale");
    check(&["--select", "ACE2", "--prune"]);
    assert_eq!(read_json(&dir.path().join("acelint-baseline.json")), before, "--prune kept every entry");
    assert_eq!(check(&[]).status.code(), Some(0), "the full run still finds everything baselined");
}

#[test]
fn a_file_that_cannot_be_parsed_is_never_baselined() {
    let dir = clean_stack();
    std::fs::write(dir.path().join("records/broken.json"), "{\"a\": x}").unwrap();
    acelint(dir.path(), &["baseline", "records", "--today", TODAY, "--isolated"]).assert().success();
    let baseline = read_json(&dir.path().join("acelint-baseline.json"));
    assert!(baseline["files"].get("records/broken.json").is_none(), "{baseline:#}");
    acelint(dir.path(), &["check", "records", "--today", TODAY, "--isolated", "--baseline", "acelint-baseline.json"])
        .assert()
        .code(1)
        .stdout(contains("ACE001"));
}

#[test]
fn the_severity_of_a_parse_error_cannot_be_lowered() {
    let dir = clean_stack();
    std::fs::write(dir.path().join("acelint.toml"), "[rule.invalid-json]\nseverity = \"info\"\n").unwrap();
    acelint(dir.path(), &["check", "records", "--today", TODAY])
        .assert()
        .code(2)
        .stderr(contains("acelint.toml:2:12"))
        .stderr(contains("is always an error"));
    std::fs::remove_file(dir.path().join("acelint.toml")).unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        "[ruleset]\nname = \"mine\"\n\n[[overrides]]\nrule = \"ACE008\"\nseverity = \"warning\"\n",
    )
    .unwrap();
    acelint(dir.path(), &["check", "records", "--today", TODAY, "--rules", "mine.toml"])
        .assert()
        .code(2)
        .stderr(contains("is always an error"));
}

#[test]
fn a_config_that_cannot_be_read_is_named_without_a_line() {
    let dir = clean_stack();
    let out = acelint(dir.path(), &["check", "records", "--config", "nope.toml", "--today", TODAY]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr, "error: nope.toml: cannot read the config file: no such file or directory\n");
}
