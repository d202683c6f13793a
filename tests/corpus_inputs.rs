//! Records loaded through `--corpus` (or the config's `corpus`), through
//! the binary: a cross-record finding reaches the checked record whichever
//! side of the pair it is on, a corpus glob or file that gives nothing is
//! said on stderr without changing the exit code, and `stack` names records
//! as messages do.

mod common;

use common::{clean_stack, read_json, repo, Run, TODAY};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn acelint(dir: &Path, args: &[&str]) -> Run {
    Run::of(common::acelint(dir, args))
}

/// `check` with a JSON report, a fixed date and no config.
fn check(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check", "--today", TODAY, "--isolated", "--output-format", "json"];
    all.extend(args);
    acelint(dir, &all)
}

/// The anchor rewritten to repeat the Build for Startups paragraph: the
/// earlier record edited into a copy of a later one.
fn anchor_copies_the_additive(dir: &Path) {
    let bfs = read_json(&dir.join("records/build-for-startups.json"));
    let path = dir.join("records/portfolio.json");
    let mut portfolio = read_json(&path);
    portfolio["Opportunity"]["Project"]["CustomerBusinessProblem"] =
        bfs["Opportunity"]["Project"]["CustomerBusinessProblem"].clone();
    std::fs::write(&path, serde_json::to_string_pretty(&portfolio).unwrap()).unwrap();
}

fn named<'a>(diagnostics: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["name"] == rule).collect()
}

fn related_files(d: &Value) -> Vec<&str> {
    d["related"].as_array().into_iter().flatten().filter_map(|r| r["file"].as_str()).collect()
}

#[test]
fn editing_the_kept_record_into_a_copy_of_a_corpus_record_is_reported_on_it() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    // Pre-commit passes the edited anchor alone; the rest is corpus.
    let run = check(dir.path(), &["records/portfolio.json", "--corpus", "records/*.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diagnostics = run.diagnostics();
    let similar = named(&diagnostics, "similar-use-case");
    assert_eq!(similar.len(), 1, "{diagnostics:#?}");
    let d = similar[0];
    assert_eq!(d["file"], "records/portfolio.json");
    assert_eq!(d["pointer"], "/Opportunity/Project/CustomerBusinessProblem");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("records/build-for-startups.json record 0"), "names the other record: {message}");
    assert!(!message.contains("portfolio.json"), "does not name itself: {message}");
    assert_eq!(related_files(d), ["records/build-for-startups.json"]);
    // Every finding is on the file checked.
    assert!(diagnostics.iter().all(|d| d["file"] == "records/portfolio.json"), "{diagnostics:#?}");
}

/// The Bedrock POC renamed to the anchor's workload, with the same team.
#[test]
fn one_workload_named_under_two_programs_is_reported_whichever_side_is_checked() {
    let dir = clean_stack();
    let path = dir.path().join("records/bedrock-poc.json");
    let mut poc = read_json(&path);
    poc["Funding"]["Workload"]["Name"] = "core scheduling & dispatch PLATFORM".into();
    poc["Funding"]["Workload"]["Owner"] = "Platform engineering".into();
    std::fs::write(&path, serde_json::to_string_pretty(&poc).unwrap()).unwrap();
    let full = check(dir.path(), &["records"]).diagnostics();
    let same = named(&full, "same-workload");
    assert_eq!(same.len(), 1, "{full:#?}");
    let d = same[0];
    assert_eq!(
        (&d["code"], &d["file"], &d["pointer"]),
        (&"ACE309".into(), &"records/bedrock-poc.json".into(), &"/Funding/Workload/Name".into())
    );
    assert_eq!(
        d["message"],
        "names the same workload as records/portfolio.json record 0 (CLP-2026-0412, Activate Portfolio): \"core scheduling & dispatch PLATFORM\", owned by Platform engineering"
    );
    assert_eq!(related_files(d), ["records/portfolio.json"]);
    // The anchor checked alone, the POC read through `--corpus`.
    let anchor = check(dir.path(), &["records/portfolio.json", "--corpus", "records/*.json"]).diagnostics();
    let moved = named(&anchor, "same-workload");
    assert_eq!(moved.len(), 1, "{anchor:#?}");
    assert_eq!(moved[0]["file"], "records/portfolio.json");
    assert!(moved[0]["message"].as_str().unwrap().starts_with("records/bedrock-poc.json record 0"), "{:#}", moved[0]);
    // Zeroed, the POC leaves the stack's sums: an ask past its program's
    // cap is not a stack beyond its band, and `stack` agrees.
    poc["Funding"]["RequestedAmountUsd"] = 60000.into();
    std::fs::write(&path, serde_json::to_string_pretty(&poc).unwrap()).unwrap();
    let full = check(dir.path(), &["records"]).diagnostics();
    assert_eq!(named(&full, "same-workload").len(), 1, "{full:#?}");
    assert!(named(&full, "stack-exceeds-band").is_empty(), "{full:#?}");
    let stack = acelint(dir.path(), &["stack", "records", "--today", TODAY, "--isolated"]);
    assert!(stack.stdout.contains("asking $185,000; distinct workloads support about $125,000"), "{}", stack.stdout);
    // Another team's workload of another name is its own.
    poc["Funding"]["Workload"]["Name"] = "Dispatch assistant POC".into();
    std::fs::write(&path, serde_json::to_string_pretty(&poc).unwrap()).unwrap();
    assert!(named(&check(dir.path(), &["records"]).diagnostics(), "same-workload").is_empty());
}

#[test]
fn with_both_records_checked_the_finding_stays_on_the_record_the_reviewer_zeroes() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    let diagnostics = check(dir.path(), &["records"]).diagnostics();
    let similar = named(&diagnostics, "similar-use-case");
    assert_eq!(similar.len(), 1, "{diagnostics:#?}");
    assert_eq!(similar[0]["file"], "records/build-for-startups.json", "the anchor is kept");
    // Named alone with the corpus, the zeroed record gets the same words.
    let alone = check(dir.path(), &["records/build-for-startups.json", "--corpus", "records/*.json"]).diagnostics();
    let alone = named(&alone, "similar-use-case");
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0]["message"], similar[0]["message"]);
    assert_eq!(alone[0]["help"], similar[0]["help"]);
}

#[test]
fn a_pair_allowed_on_the_zeroed_corpus_record_stays_allowed_on_the_checked_one() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    let path = dir.path().join("records/build-for-startups.json");
    let mut bfs = read_json(&path);
    bfs["x-acelint"] = serde_json::json!({ "allow": [
        { "rule": "similar-use-case", "reason": "reviewed with our PDM", "other": "portfolio.json" } ] });
    std::fs::write(&path, serde_json::to_string_pretty(&bfs).unwrap()).unwrap();
    let both = check(dir.path(), &["records"]).diagnostics();
    assert!(named(&both, "similar-use-case").is_empty(), "{both:#?}");
    assert!(named(&both, "unused-allow").is_empty(), "{both:#?}");
    let anchor = check(dir.path(), &["records/portfolio.json", "--corpus", "records/*.json"]).diagnostics();
    assert!(named(&anchor, "similar-use-case").is_empty(), "{anchor:#?}");
    assert!(named(&anchor, "unused-allow").is_empty(), "{anchor:#?}");
    // An allow naming another record does not cover this pair.
    bfs["x-acelint"]["allow"][0]["other"] = "bedrock-poc.json".into();
    std::fs::write(&path, serde_json::to_string_pretty(&bfs).unwrap()).unwrap();
    let anchor = check(dir.path(), &["records/portfolio.json", "--corpus", "records/*.json"]).diagnostics();
    assert_eq!(named(&anchor, "similar-use-case").len(), 1, "{anchor:#?}");
}

/// An allow on the record the reviewer keeps suppresses nothing of a pair
/// whose finding sits on the other record, checked: as in a full run,
/// where that allow would be reported unused.
#[test]
fn an_allow_on_the_kept_corpus_record_does_not_cover_the_zeroed_record_checked() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    let path = dir.path().join("records/portfolio.json");
    let mut portfolio = read_json(&path);
    portfolio["x-acelint"] =
        serde_json::json!({ "allow": [ { "rule": "similar-use-case", "reason": "another pair" } ] });
    std::fs::write(&path, serde_json::to_string_pretty(&portfolio).unwrap()).unwrap();
    let full = check(dir.path(), &["records"]).diagnostics();
    assert_eq!(named(&full, "similar-use-case").len(), 1, "{full:#?}");
    let zeroed = check(dir.path(), &["records/build-for-startups.json", "--corpus", "records/*.json"]);
    assert_eq!(named(&zeroed.diagnostics(), "similar-use-case").len(), 1, "{}", zeroed.stdout);
    assert_eq!(zeroed.code, 1);
}

/// `per-file-ignores` and the config's `[[allow]]` judge a moved finding by
/// the file a full run reports it on, the zeroed record's.
#[test]
fn config_suppressions_of_the_zeroed_file_cover_the_finding_moved_off_it() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::rename(dir.path().join("records/build-for-startups.json"), dir.path().join("old/bfs.json")).unwrap();
    let config = |text: &str| std::fs::write(dir.path().join("acelint.toml"), text).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["check", "--today", TODAY, "--output-format", "json"];
        all.extend(args);
        acelint(dir.path(), &all)
    };
    for suppression in [
        "[per-file-ignores]\n\"old/**\" = [\"ACE3\"]\n",
        "[[allow]]\nrule = \"similar-use-case\"\npath = \"old/**\"\nreason = \"reviewed\"\n",
    ] {
        config(&format!("corpus = [\"old/*.json\", \"records/*.json\"]\n{suppression}"));
        let full = run(&["records", "old"]);
        assert!(named(&full.diagnostics(), "similar-use-case").is_empty(), "{suppression}: {}", full.stdout);
        let hook = run(&["records/portfolio.json"]);
        assert!(named(&hook.diagnostics(), "similar-use-case").is_empty(), "{suppression}: {}", hook.stdout);
        assert!(!hook.stderr.contains("suppressed nothing"), "{suppression}: {}", hook.stderr);
    }
    // Without them the hook reports the pair on the checked record.
    config("corpus = [\"old/*.json\", \"records/*.json\"]\n");
    assert_eq!(named(&run(&["records/portfolio.json"]).diagnostics(), "similar-use-case").len(), 1);
}

/// The `fail*` directories of a cross-record rule's fixtures.
fn failing_stacks(rule: &str) -> Vec<PathBuf> {
    let dir = repo("tests/fixtures/rules").join(rule);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("fail")))
        .collect();
    out.sort();
    out
}

fn cross_record_rules() -> Vec<String> {
    let run = acelint(&repo(""), &["rules", "--output-format", "json", "--isolated"]);
    let rules: Value = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<String> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["code"].as_str().is_some_and(|c| c.starts_with("ACE3")))
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.len() >= 8, "{names:?}");
    names
}

/// For every cross-record rule and each of its failing stacks: a finding on
/// one record about another is, with only the other record checked, on
/// that one, naming the first, pointing at it, and not naming itself.
#[test]
fn every_cross_record_rule_reports_a_pair_on_whichever_record_is_checked() {
    let mut tried = 0;
    for rule in cross_record_rules() {
        for stack in failing_stacks(&rule) {
            let all = check(&stack, &["."]).diagnostics();
            for d in named(&all, &rule) {
                let (zeroed, others) = (d["file"].as_str().unwrap(), related_files(d));
                let Some(kept) = others.first().copied().filter(|k| *k != zeroed) else { continue };
                tried += 1;
                let place = format!("{rule} in {}: {zeroed} about {kept}", stack.display());
                let run = check(&stack, &[kept, "--corpus", "*.json"]);
                let moved = run.diagnostics();
                let moved: Vec<&Value> =
                    named(&moved, &rule).into_iter().filter(|m| related_files(m).first() == Some(&zeroed)).collect();
                assert_eq!(moved.len(), 1, "{place}: {}", run.stdout);
                let m = moved[0];
                assert_eq!(m["file"], kept, "{place}");
                let words = format!("{} {}", m["message"].as_str().unwrap(), m["help"].as_str().unwrap_or(""));
                assert!(words.contains(&format!("{zeroed} record")), "{place}: names the other record: {words}");
                assert!(!words.contains(&format!("{kept} record")), "{place}: does not name itself: {words}");
                let said = |v: &Value| (v["message"].clone(), v["help"].clone());
                assert_ne!(said(m), said(d), "{place}: worded from the checked record's side");
                let label = m["related"][0]["message"].as_str().unwrap();
                assert!(!label.is_empty(), "{place}");
                if m["severity"] == "error" {
                    assert_eq!(run.code, 1, "{place}: an error fails the run: {}", run.stderr);
                }
            }
        }
    }
    assert!(tried >= 8, "only {tried} pairs tried");
}

#[test]
fn stack_puts_a_reversed_finding_under_the_record_it_zeroes() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    let run = acelint(
        dir.path(),
        &["stack", "records/portfolio.json", "--corpus", "records/*.json", "--today", TODAY, "--isolated"],
    );
    let args = ["--corpus", "records/*.json", "--today", TODAY, "--isolated", "--output-format", "json"];
    let json = acelint(dir.path(), &[&["stack", "records/portfolio.json"][..], &args].concat()).json();
    let records = json["customers"][0]["records"].as_array().unwrap();
    let of = |program: &str| records.iter().find(|r| r["program"] == program).unwrap();
    let kept = of("Activate Portfolio");
    assert_ne!(kept["verdict"], "zero", "{}", run.stdout);
    let cross = ["similar-use-case", "stack-exceeds-band"];
    assert!(!kept["reasons"].as_array().unwrap().iter().any(|r| cross.iter().any(|c| r["name"] == *c)), "{kept:#}");
    // The zeroed record is the whole excess: the others are within the
    // band, and the innocent Bedrock record bears nothing.
    let poc = of("Bedrock POC");
    assert_eq!(poc["verdict"], "approve", "{poc:#}");
    assert!(records.iter().all(|r| r["reasons"].as_array().unwrap().iter().all(|x| x["name"] != "stack-exceeds-band")));
    let bfs = of("Build for Startups");
    assert_eq!(bfs["verdict"], "zero", "{}", run.stdout);
    let reason = bfs["reasons"].as_array().unwrap().iter().find(|r| r["name"] == "similar-use-case").unwrap();
    let message = reason["message"].as_str().unwrap();
    assert!(message.contains("records/portfolio.json record 0"), "worded from the zeroed record's side: {message}");
}

/// The verdicts of a stack do not depend on which of its records came
/// through `--corpus`: a pair of corpus records is judged, and so is a
/// corpus record on its own (a duplicate program zeroes the second Build
/// for Startups record, though the run names only the Portfolio record).
#[test]
fn stack_judges_corpus_records_as_it_judges_named_ones() {
    let dir = clean_stack();
    let d = dir.path();
    let bfs = std::fs::read_to_string(d.join("records/build-for-startups.json")).unwrap();
    let token = "39c8d2c7-d1a6-4841-85f1-d2618c247ea5";
    assert!(bfs.contains(token));
    let second = bfs.replace("CLP-2026-0413", "CLP-2026-0499").replace(token, "0b8f5c8e-2d61-4a0e-9d5e-7f1c3a2b4d99");
    std::fs::write(d.join("records/second-bfs.json"), second).unwrap();
    let stack = |args: &[&str]| {
        let all = [&["stack", "--today", TODAY, "--isolated", "--output-format", "json"][..], args].concat();
        acelint(d, &all).json()
    };
    let named = stack(&["records"]);
    let through_corpus = stack(&["records/portfolio.json", "--corpus", "records/*.json"]);
    assert_eq!(through_corpus, named);
    let verdicts: Vec<&str> =
        named["customers"][0]["records"].as_array().unwrap().iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    assert!(verdicts.contains(&"zero"), "{named:#}");
    // A customer with no record named is not listed.
    let none = stack(&["records/portfolio.json", "--corpus", "records/*.json", "--corpus", "other/*.json"]);
    assert_eq!(none["customers"].as_array().unwrap().len(), 1);
}

#[test]
fn two_companies_with_pages_on_one_shared_site_are_two_customers() {
    let dir = clean_stack();
    let d = dir.path();
    std::fs::remove_file(d.join("records/bedrock-poc.json")).unwrap();
    let edits = [
        ("portfolio.json", "Eps Analytics", "555555555555", "eps"),
        ("build-for-startups.json", "Zeta Robotics", "666666666666", "zeta"),
    ];
    for (file, company, account, page) in edits {
        let path = d.join("records").join(file);
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let a = &mut v["Opportunity"]["Customer"]["Account"];
        a["CompanyName"] = company.into();
        a["AwsAccountId"] = account.into();
        a["WebsiteUrl"] = format!("https://www.linkedin.com/company/{page}").into();
        std::fs::write(&path, v.to_string()).unwrap();
    }
    let run = acelint(d, &["check", "records", "--today", TODAY, "--isolated", "--output-format", "json"]);
    let names: Vec<String> = run.diagnostics().iter().map(|x| x["name"].as_str().unwrap().to_string()).collect();
    assert!(!names.iter().any(|n| n == "account-id-mismatch"), "{names:?}");
    assert_eq!(names.iter().filter(|n| *n == "website-on-shared-host").count(), 2, "{names:?}");
    let stack = acelint(d, &["stack", "records", "--today", TODAY, "--isolated", "--output-format", "json"]).json();
    assert_eq!(stack["customers"].as_array().unwrap().len(), 2, "{stack:#}");
}

#[test]
fn a_pre_seed_stack_without_an_investor_is_held_to_its_stage_cap() {
    let dir = repo("tests/fixtures/rules/stack-exceeds-band/fail-pre-seed-without-investor-asks-50k");
    let d = dir.as_path();
    let stack = acelint(d, &["stack", ".", "--today", TODAY, "--isolated"]);
    assert!(
        stack
            .stdout
            .contains("asking $50,000; a pre-seed company without an institutional investor reaches about $30,000"),
        "{}",
        stack.stdout
    );
    let json = acelint(d, &["stack", ".", "--today", TODAY, "--isolated", "--output-format", "json"]).json();
    assert_eq!(json["customers"][0]["capped_by_stage"], "Pre-seed");
    let check = acelint(d, &["check", ".", "--today", TODAY, "--isolated", "--output-format", "json"]);
    let band: Vec<serde_json::Value> =
        check.diagnostics().into_iter().filter(|x| x["name"] == "stack-exceeds-band").collect();
    assert_eq!(band.len(), 1, "{}", check.stdout);
    // The reviewer cuts the additive record first, not the anchor.
    assert!(band[0]["file"].as_str().unwrap().ends_with("build.json"), "{:#}", band[0]);
    assert!(band[0]["help"].as_str().unwrap().contains("`Funding.Company.Investors`"), "{:#}", band[0]);
}

#[test]
fn a_stack_with_no_ask_totals_zero_not_minus_zero() {
    let dir = clean_stack();
    let d = dir.path();
    for f in ["build-for-startups.json", "bedrock-poc.json"] {
        std::fs::remove_file(d.join("records").join(f)).unwrap();
    }
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("records/portfolio.json")).unwrap()).unwrap();
    v["Funding"].as_object_mut().unwrap().remove("RequestedAmountUsd");
    std::fs::write(d.join("records/portfolio.json"), v.to_string()).unwrap();
    let run = acelint(d, &["stack", "records", "--today", TODAY, "--isolated", "--output-format", "json"]);
    assert!(run.stdout.contains("\"total_ask\": 0.0"), "{}", run.stdout);
    assert!(run.stdout.contains("\"supported\": 0.0"), "{}", run.stdout);
}

#[test]
fn stack_names_records_as_messages_do_not_as_line_numbers() {
    let dir = clean_stack();
    let run = acelint(dir.path(), &["stack", "records", "--today", TODAY, "--isolated"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("records/portfolio.json record 0 (CLP-2026-0412)\n"), "{}", run.stdout);
    assert!(!run.stdout.contains(".json:0"), "{}", run.stdout);
}

#[test]
fn a_corpus_glob_that_matches_no_file_is_a_warning_that_keeps_the_exit_code() {
    let dir = clean_stack();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::write(dir.path().join("drafts/notes.txt"), "not a record").unwrap();
    let run = check(dir.path(), &["records", "--corpus", "drafts/*.json", "--corpus", "drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: --corpus `drafts/*.json` matches no record file"), "{}", run.stderr);
    assert!(run.stderr.contains("warning: --corpus `drafts` matches no record file"), "{}", run.stderr);
    assert!(run.stderr.contains("`drafts/**` loads the records under that directory"), "{}", run.stderr);
    // A glob that finds records says nothing.
    let quiet = check(dir.path(), &["records/portfolio.json", "--corpus", "records/*.json"]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
}

#[test]
fn a_config_corpus_glob_that_matches_no_file_is_named_where_it_is_written() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    std::fs::write(dir.path().join("acelint.toml"), "corpus = [\"records/*.json\",\n  \"archive/**/*.json\"]\n")
        .unwrap();
    let args = ["check", "records/portfolio.json", "--today", TODAY, "--output-format", "json"];
    let run = acelint(dir.path(), &args);
    let warning = "warning: acelint.toml:2:3: corpus glob `archive/**/*.json` matches no record file";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(!run.stderr.contains("records/*.json"), "{}", run.stderr);
    assert_eq!(named(&run.diagnostics(), "similar-use-case").len(), 1, "{}", run.stdout);
    assert_eq!(run.code, 1);
    // From a subdirectory the config's globs are read from its directory:
    // the records are found, the archive is not.
    let args = ["check", "portfolio.json", "--today", TODAY, "--output-format", "json"];
    let sub = acelint(&dir.path().join("records"), &args);
    assert!(sub.stderr.contains("corpus glob `archive/**/*.json` matches no record file"), "{}", sub.stderr);
    assert!(!sub.stderr.contains("records/*.json"), "{}", sub.stderr);
    assert_eq!(named(&sub.diagnostics(), "similar-use-case").len(), 1, "{}", sub.stdout);
}

#[test]
fn a_corpus_file_that_cannot_be_parsed_is_a_warning_not_a_finding() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    std::fs::write(dir.path().join("records/broken.json"), "{\n  \"Opportunity\": {,\n").unwrap();
    std::fs::write(dir.path().join("records/latin1.json"), b"{\"Opportunity\": \"caf\xe9\"}").unwrap();
    let run = check(dir.path(), &["records/build-for-startups.json", "--corpus", "records/*.json"]);
    let broken = "warning: records/broken.json:2:19: invalid JSON";
    assert!(run.stderr.contains(broken), "{}", run.stderr);
    assert!(run.stderr.contains("warning: records/latin1.json:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("(corpus file, not compared)"), "{}", run.stderr);
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
    let diagnostics = run.diagnostics();
    assert!(diagnostics.iter().all(|d| d["file"] == "records/build-for-startups.json"), "{diagnostics:#?}");
    // The other corpus files are still compared; the exit code is the findings'.
    assert_eq!(named(&diagnostics, "similar-use-case").len(), 1, "{diagnostics:#?}");
    assert_eq!(run.code, 1);
    // A clean file stays clean: the broken corpus file does not fail the run.
    let clean = clean_stack();
    std::fs::write(clean.path().join("records/broken.json"), "{").unwrap();
    let run = check(clean.path(), &["records/portfolio.json", "--corpus", "records/*.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: records/broken.json:"), "{}", run.stderr);
    assert_eq!(run.json()["summary"]["errors"], 0);
    // Too large to read (the Bedrock record is over 5,000 bytes, the anchor is not).
    let run =
        check(clean.path(), &["records/portfolio.json", "--corpus", "records/b*.json", "--max-file-size", "5000"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: records/bedrock-poc.json:1:1: the file is"), "{}", run.stderr);
}

#[test]
fn stack_warns_of_corpus_files_it_could_not_read() {
    let dir = clean_stack();
    std::fs::write(dir.path().join("records/broken.json"), "{").unwrap();
    let args = ["stack", "records/portfolio.json", "--corpus", "records/*.json", "--corpus", "none/*.json"];
    let run = acelint(dir.path(), &[&args[..], &["--today", TODAY, "--isolated"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: records/broken.json:"), "{}", run.stderr);
    assert!(run.stderr.contains("warning: --corpus `none/*.json` matches no record file"), "{}", run.stderr);
    assert!(run.stdout.contains("3 records"), "{}", run.stdout);
}

const BASELINE: &str = "acelint-baseline.json";

/// Two clean records of one customer: `kept.json`, the anchor the reviewer
/// keeps, and `zeroed.json`, the Build for Startups record.
fn two_records(dir: &Path) {
    std::fs::copy(repo("examples/clean-stack/portfolio.json"), dir.join("kept.json")).unwrap();
    std::fs::copy(repo("examples/clean-stack/build-for-startups.json"), dir.join("zeroed.json")).unwrap();
}

/// The anchor made to repeat the other record's use case: the reviewer
/// keeps it and zeroes `zeroed.json`.
fn kept_copies_the_use_case(dir: &Path) {
    let other = read_json(&dir.join("zeroed.json"));
    let path = dir.join("kept.json");
    let mut kept = read_json(&path);
    kept["Opportunity"]["Project"]["CustomerBusinessProblem"] =
        other["Opportunity"]["Project"]["CustomerBusinessProblem"].clone();
    std::fs::write(&path, serde_json::to_string_pretty(&kept).unwrap()).unwrap();
}

fn baseline_both(dir: &Path) {
    let run = acelint(dir, &["baseline", ".", "--today", TODAY, "--isolated"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `check` as the pre-commit hook runs it when `kept.json` changed.
fn pre_commit(dir: &Path, extra: &[&str]) -> Run {
    check(dir, &[&["kept.json", "--corpus", "zeroed.json", "--baseline", BASELINE][..], extra].concat())
}

#[test]
fn a_pair_baselined_by_a_full_run_is_not_new_when_only_the_kept_record_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    two_records(dir.path());
    kept_copies_the_use_case(dir.path());
    let unbaselined = check(dir.path(), &["kept.json", "--corpus", "zeroed.json"]).diagnostics();
    assert_eq!(named(&unbaselined, "similar-use-case")[0]["file"], "kept.json", "{unbaselined:#?}");
    baseline_both(dir.path());
    let before = std::fs::read_to_string(dir.path().join(BASELINE)).unwrap();
    let run = pre_commit(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);
    assert!(!run.stderr.contains("no longer"), "nothing is stale: {}", run.stderr);
    // Pruning from the hook keeps the pair's entry, and the full run after
    // it matches every entry as before.
    let pruned = pre_commit(dir.path(), &["--prune"]);
    assert_eq!((pruned.code, pruned.stderr.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(dir.path().join(BASELINE)).unwrap(), before);
    let full = check(dir.path(), &[".", "--baseline", BASELINE]);
    assert_eq!((full.code, full.stderr.as_str()), (0, ""), "{}", full.stdout);
    assert!(full.diagnostics().is_empty(), "{}", full.stdout);
}

#[test]
fn a_pair_the_baseline_lacks_is_new_when_only_the_kept_record_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    two_records(dir.path());
    baseline_both(dir.path());
    kept_copies_the_use_case(dir.path());
    let run = pre_commit(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diagnostics = run.diagnostics();
    let similar = named(&diagnostics, "similar-use-case");
    assert_eq!(similar.len(), 1, "{diagnostics:#?}");
    assert_eq!(similar[0]["file"], "kept.json");
}

#[test]
fn a_baseline_written_with_only_the_kept_record_checked_records_the_pair_as_a_full_run_does() {
    let dir = tempfile::tempdir().unwrap();
    two_records(dir.path());
    kept_copies_the_use_case(dir.path());
    std::fs::write(dir.path().join("acelint.toml"), "corpus = [\"zeroed.json\"]\n").unwrap();
    let run = acelint(dir.path(), &["baseline", "kept.json", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let baseline = read_json(&dir.path().join(BASELINE));
    assert!(baseline["files"]["zeroed.json"].get("ACE302").is_some(), "{baseline:#}");
    assert!(baseline["files"]["kept.json"].get("ACE302").is_none(), "{baseline:#}");
    let full = check(dir.path(), &[".", "--baseline", BASELINE]);
    assert_eq!((full.code, full.stderr.as_str()), (0, ""), "{}", full.stdout);
    let args = ["check", "kept.json", "--today", TODAY, "--output-format", "json", "--baseline", BASELINE];
    let hook = acelint(dir.path(), &args);
    assert_eq!((hook.code, hook.stderr.as_str()), (0, ""), "{}", hook.stdout);
}

/// For every cross-record rule and each of its failing stacks: a pair
/// baselined with every record checked stays baselined when only the other
/// record is checked and the finding moves onto it.
#[test]
fn every_cross_record_pair_baselined_by_a_full_run_stays_baselined_from_either_side() {
    let out = tempfile::tempdir().unwrap();
    let baseline = out.path().join(BASELINE);
    let baseline = baseline.to_str().unwrap();
    let mut tried = 0;
    for rule in cross_record_rules() {
        for stack in failing_stacks(&rule) {
            let args = ["baseline", ".", "--today", TODAY, "--isolated", "--force", "--output", baseline];
            let written = acelint(&stack, &args);
            assert_eq!(written.code, 0, "{}", written.stderr);
            for d in named(&check(&stack, &["."]).diagnostics(), &rule) {
                let (zeroed, others) = (d["file"].as_str().unwrap(), related_files(d));
                let Some(kept) = others.first().copied().filter(|k| *k != zeroed) else { continue };
                tried += 1;
                let run = check(&stack, &[kept, "--corpus", "*.json", "--baseline", baseline]);
                let place = format!("{rule} in {}: {zeroed} about {kept}", stack.display());
                assert!(named(&run.diagnostics(), &rule).is_empty(), "{place}: {}", run.stdout);
                assert!(!run.stderr.contains("no longer"), "{place}: {}", run.stderr);
            }
        }
    }
    assert!(tried >= 8, "only {tried} pairs tried");
}

/// `./records/*.json` and an absolute glob are two more spellings of the
/// same files, as they are for `--exclude`.
#[test]
fn a_corpus_glob_may_start_with_dot_slash_or_be_absolute() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    let absolute = format!("{}/records/*.json", dir.path().canonicalize().unwrap().display());
    for glob in ["./records/*.json", absolute.as_str()] {
        let run = check(dir.path(), &["records/portfolio.json", "--corpus", glob]);
        assert!(!run.stderr.contains("matches no record file"), "{glob}: {}", run.stderr);
        assert_eq!(named(&run.diagnostics(), "similar-use-case").len(), 1, "{glob}: {}", run.stdout);
    }
}

#[test]
fn a_stack_record_without_a_program_is_asked_to_name_one_not_to_ask_zero() {
    let dir = clean_stack();
    let path = dir.path().join("records/build-for-startups.json");
    let mut bfs = read_json(&path);
    bfs["Funding"].as_object_mut().unwrap().remove("Program");
    std::fs::write(&path, serde_json::to_string_pretty(&bfs).unwrap()).unwrap();
    let run = check(dir.path(), &["records"]);
    let band = run.diagnostics().into_iter().find(|d| d["name"] == "stack-exceeds-band");
    let band = band.unwrap_or_else(|| panic!("{}", run.stdout));
    assert_eq!(band["file"], "records/build-for-startups.json");
    let help = band["help"].as_str().unwrap();
    assert!(help.contains("name a program with a workload cap") && !help.contains("$0"), "{help}");
}

/// `dir/records/` as a customer of `fillers` Bedrock POC records (copies
/// of the clean stack's, each its own request) besides the Portfolio
/// anchor, and a Build for Startups record that itemizes the anchor's
/// containers and database.
fn large_customer(fillers: usize) -> tempfile::TempDir {
    let dir = clean_stack();
    let records = dir.path().join("records");
    let poc = read_json(&records.join("bedrock-poc.json"));
    for i in 0..fillers {
        let mut r = poc.clone();
        r["Opportunity"]["ClientToken"] = format!("00000000-0000-4000-8000-{i:012}").into();
        r["Opportunity"]["PartnerOpportunityIdentifier"] = format!("CLP-2027-{i:04}").into();
        std::fs::write(records.join(format!("poc-{i:03}.json")), serde_json::to_string_pretty(&r).unwrap()).unwrap();
    }
    let path = records.join("build-for-startups.json");
    let mut build = read_json(&path);
    let lines = [("AmazonECSonAWSFargate", 900), ("AmazonRDSAuroraforPostgreSQL", 600), ("AmazonCloudWatch", 100)];
    let spend: Vec<Value> =
        lines.iter().map(|(product, usd)| serde_json::json!({ "Product": product, "MonthlyUsd": usd })).collect();
    build["Funding"]["ProjectedSpend"] = spend.into();
    let products: Vec<&str> = lines.iter().map(|l| l.0).collect();
    build["Opportunity"]["RelatedEntityIdentifiers"]["AwsProducts"] = serde_json::json!(products);
    std::fs::write(&path, serde_json::to_string_pretty(&build).unwrap()).unwrap();
    dir
}

#[test]
fn a_customer_past_the_exact_limit_still_has_its_service_lists_compared() {
    // 70 Bedrock POC copies, the anchor and the build: past `exact-limit`
    // (64), where only texts used to be compared.
    let dir = large_customer(70);
    let run = check(dir.path(), &["records"]);
    let diagnostics = run.diagnostics();
    let overlaps = named(&diagnostics, "overlapping-services");
    assert_eq!(overlaps.len(), 1, "{overlaps:#?}");
    assert_eq!(overlaps[0]["file"], "records/build-for-startups.json");
    assert_eq!(related_files(overlaps[0]), ["records/portfolio.json"]);
    // The copies repeat each other's paragraph: each is reported once, not
    // once for every other copy (70 × 69 / 2 pairs).
    let similar = named(&diagnostics, "similar-use-case");
    assert_eq!(similar.len(), 70, "one for each copy the reviewer zeroes");
    let mut files: Vec<&str> = similar.iter().filter_map(|d| d["file"].as_str()).collect();
    files.sort_unstable();
    files.dedup();
    assert_eq!(files.len(), 70, "each record once: {files:?}");
}

/// `large_customer(fillers)` with a MAP record too, that itemizes the
/// build's services (the anchor's containers and database) and repeats its
/// paragraph: the build then repeats two records, the anchor and the MAP
/// record, and the MAP record the anchor.
fn customer_with_a_map_copy_of_the_build(fillers: usize) -> tempfile::TempDir {
    let dir = large_customer(fillers);
    let records = dir.path().join("records");
    let mut map = read_json(&records.join("build-for-startups.json"));
    map["Funding"]["Program"] = "MAP".into();
    map["Funding"]["Workload"]["Name"] = "Scheduling migration".into();
    map["Opportunity"]["ClientToken"] = "00000000-0000-4000-8000-00000000beef".into();
    map["Opportunity"]["PartnerOpportunityIdentifier"] = "CLP-2027-MAP1".into();
    std::fs::write(records.join("map.json"), serde_json::to_string_pretty(&map).unwrap()).unwrap();
    dir
}

/// A finding as its file, pointer, message and related (file, pointer)s.
type Seen = (String, String, String, Vec<(String, String)>);

/// The findings of `rule`, sorted.
fn findings_of(diagnostics: &[Value], rule: &str) -> Vec<Seen> {
    let mut out: Vec<_> = named(diagnostics, rule)
        .into_iter()
        .map(|d| {
            let related = d["related"].as_array().into_iter().flatten();
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (
                text(&d["file"]),
                text(&d["pointer"]),
                text(&d["message"]),
                related.map(|r| (text(&r["file"]), text(&r["pointer"]))).collect(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_record_repeating_two_others_is_reported_once_against_the_one_kept_first() {
    let dir = customer_with_a_map_copy_of_the_build(3);
    let diagnostics = check(dir.path(), &["records"]).diagnostics();
    let overlaps = findings_of(&diagnostics, "overlapping-services");
    let on = |file: &str| overlaps.iter().filter(|f| f.0 == file).collect::<Vec<_>>();
    // The build repeats the anchor and the MAP record: one finding, against the anchor.
    let build = on("records/build-for-startups.json");
    assert_eq!(build.len(), 1, "{overlaps:#?}");
    assert_eq!(build[0].3, [("records/portfolio.json".to_string(), "/Funding/ProjectedSpend".to_string())]);
    assert!(build[0].2.contains("Activate Portfolio"), "{}", build[0].2);
    // The MAP record repeats the anchor; nothing else overlaps.
    assert_eq!(on("records/map.json").len(), 1, "{overlaps:#?}");
    assert_eq!(overlaps.len(), 2, "{overlaps:#?}");
    // Four copies of one paragraph: three records zeroed, each once (not six
    // pairs); and the build, whose paragraph the MAP record repeats.
    let similar = findings_of(&diagnostics, "similar-use-case");
    assert_eq!(similar.len(), 4, "{similar:#?}");
    let mut files: Vec<&str> = similar.iter().map(|f| f.0.as_str()).collect();
    files.dedup();
    assert_eq!(files.len(), 4, "each record once: {files:?}");
}

/// A rule file in `dir` lowering both rules' `exact-limit` to 1, so that
/// any customer is compared through the indexes; its path.
fn index_mode(dir: &Path) -> String {
    let rules = dir.join("index-mode.toml");
    let overrides = "[ruleset]\nname = \"index-mode\"\n\n\
        [[overrides]]\nrule = \"overlapping-services\"\ncheck = { exact-limit = 1 }\n\n\
        [[overrides]]\nrule = \"similar-use-case\"\ncheck = { exact-limit = 1 }\n";
    std::fs::write(&rules, overrides).unwrap();
    rules.to_str().unwrap().to_string()
}

/// The same customer compared pair by pair (within `exact-limit`) and
/// through the indexes (`exact-limit` lowered by a rule file) gets the same
/// findings: the same record, pointer, message and related record.
#[test]
fn a_customer_gets_the_same_findings_on_either_side_of_the_exact_limit() {
    let dir = customer_with_a_map_copy_of_the_build(3);
    let rules = index_mode(dir.path());
    let exact = check(dir.path(), &["records"]);
    let indexed = check(dir.path(), &["--rules", &rules, "records"]);
    assert_eq!(indexed.code, exact.code, "{}", indexed.stderr);
    let (exact, indexed) = (exact.diagnostics(), indexed.diagnostics());
    for rule in ["overlapping-services", "similar-use-case"] {
        let found = findings_of(&exact, rule);
        assert!(!found.is_empty(), "{rule}");
        assert_eq!(findings_of(&indexed, rule), found, "{rule}");
    }
    assert_eq!(exact.len(), indexed.len(), "{exact:#?}\n{indexed:#?}");
}

#[test]
fn a_reused_use_case_is_pointed_at_in_its_text_on_both_records() {
    let dir = clean_stack();
    anchor_copies_the_additive(dir.path());
    let diagnostics = check(dir.path(), &["records"]).diagnostics();
    let similar = named(&diagnostics, "similar-use-case");
    assert_eq!(similar.len(), 1, "{diagnostics:#?}");
    let d = similar[0];
    let ptr = "/Opportunity/Project/CustomerBusinessProblem";
    assert_eq!(d["pointer"], ptr);
    // The label starts at the value (its opening quote), not at the key.
    let file = d["file"].as_str().unwrap();
    let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
    let (line, column) = value_position(&text, "\"CustomerBusinessProblem\": ");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line), Some(column)), "{d:#}");
    let related = &d["related"][0];
    assert_eq!(related["pointer"], ptr, "{related:#}");
    let other = std::fs::read_to_string(dir.path().join(related["file"].as_str().unwrap())).unwrap();
    let (line, column) = value_position(&other, "\"CustomerBusinessProblem\": ");
    assert_eq!((related["line"].as_u64(), related["column"].as_u64()), (Some(line), Some(column)), "{related:#}");
}

/// The 1-based line and column of what follows `key` in `text`.
fn value_position(text: &str, key: &str) -> (u64, u64) {
    let at = text.find(key).unwrap() + key.len();
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line as u64, column as u64)
}

#[test]
fn a_record_without_a_filing_date_is_not_kept_as_the_earlier_filing() {
    // Two additive records with the same ask on the same services: the
    // dated one was filed; the undated one is the one the reviewer zeroes.
    let dir = repo("tests/fixtures/rules/overlapping-services/fail-undated-record-zeroed-before-a-dated-one");
    let diagnostics = check(&dir, &["--select", "overlapping-services", "."]).diagnostics();
    let overlaps = named(&diagnostics, "overlapping-services");
    assert_eq!(overlaps.len(), 1, "{overlaps:#?}");
    assert_eq!(overlaps[0]["file"], "build-undated.json");
    assert_eq!(related_files(overlaps[0]), ["poc-dated-nov.json"]);
}

#[test]
fn a_build_on_the_anchors_and_a_map_records_services_is_reported_once_naming_the_anchor() {
    let dir = repo("tests/fixtures/rules/overlapping-services/fail-build-repeats-the-anchor-and-a-map-record");
    let diagnostics = check(&dir, &["--select", "overlapping-services", "."]).diagnostics();
    let overlaps = findings_of(&diagnostics, "overlapping-services");
    let pointer = "/Funding/ProjectedSpend".to_string();
    let against_anchor = vec![("portfolio.json".to_string(), pointer.clone())];
    let files: Vec<&str> = overlaps.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(files, ["build.json", "map.json"], "{overlaps:#?}");
    for f in &overlaps {
        assert_eq!((&f.1, &f.3), (&pointer, &against_anchor), "{f:#?}");
    }
    // The MAP record checked alone: the build's finding is about the
    // anchor, not about it, so nothing of the build's comes onto it.
    let alone = check(&dir, &["--select", "overlapping-services", "map.json", "--corpus", "*.json"]).diagnostics();
    let alone = findings_of(&alone, "overlapping-services");
    assert_eq!(alone.len(), 1, "{alone:#?}");
    assert_eq!((alone[0].0.as_str(), &alone[0].3), ("map.json", &against_anchor), "{alone:#?}");
}

/// The records of `fail-build-repeats-the-anchor-and-a-map-record` in a
/// temporary directory, the build holding allows for `rule`, one naming
/// each of `others` as the other record of its pair.
fn build_allowing(rule: &str, others: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = repo("tests/fixtures/rules/overlapping-services/fail-build-repeats-the-anchor-and-a-map-record");
    for f in ["build.json", "map.json", "portfolio.json"] {
        std::fs::copy(fixture.join(f), dir.path().join(f)).unwrap();
    }
    allow_pairs(&dir.path().join("build.json"), rule, others);
    dir
}

/// Gives the record at `path` allows for `rule`, one per pair with `others`.
fn allow_pairs(path: &Path, rule: &str, others: &[&str]) {
    let mut record = read_json(path);
    let allows: Vec<Value> = others
        .iter()
        .map(|other| serde_json::json!({ "rule": rule, "reason": "reviewed with our PDM", "other": other }))
        .collect();
    record["x-acelint"] = serde_json::json!({ "allow": allows });
    std::fs::write(path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
}

/// `check` of the overlapping services and the allows, pair by pair and
/// through the index (`exact-limit` lowered to 1): each with its name.
fn both_modes(dir: &Path, args: &[&str]) -> Vec<(&'static str, Vec<Value>)> {
    let rules = index_mode(dir);
    let select = ["--select", "overlapping-services,unused-allow"];
    let exact = check(dir, &[&select[..], args].concat());
    let indexed = check(dir, &[&["--rules", rules.as_str()][..], &select[..], args].concat());
    vec![("exact", exact.diagnostics()), ("indexed", indexed.diagnostics())]
}

const SPEND: &str = "/Funding/ProjectedSpend";

/// A finding's related locations, as `findings_of` gives them.
fn at(file: &str, pointer: &str) -> Vec<(String, String)> {
    vec![(file.to_string(), pointer.to_string())]
}

#[test]
fn a_pair_allowed_with_the_anchor_leaves_the_builds_overlap_with_the_map_record_reported() {
    // By path, and by the anchor's PartnerOpportunityIdentifier.
    for other in ["portfolio.json", "CLP-2026-0412"] {
        let dir = build_allowing("overlapping-services", &[other]);
        for (mode, diagnostics) in both_modes(dir.path(), &["."]) {
            let overlaps = findings_of(&diagnostics, "overlapping-services");
            let files: Vec<&str> = overlaps.iter().map(|f| f.0.as_str()).collect();
            assert_eq!(files, ["build.json", "map.json"], "{other}, {mode}: {overlaps:#?}");
            // The allow speaks for the pair with the anchor only: the MAP record is the next.
            assert_eq!(overlaps[0].3, at("map.json", SPEND), "{other}, {mode}: {overlaps:#?}");
            assert!(overlaps[0].2.contains("map.json record 0 (CLP-2026-0415, MAP)"), "{}", overlaps[0].2);
            assert_eq!(overlaps[1].3, at("portfolio.json", SPEND), "{other}, {mode}: {overlaps:#?}");
            // It suppressed the pair it names.
            assert!(named(&diagnostics, "unused-allow").is_empty(), "{other}, {mode}: {diagnostics:#?}");
        }
    }
    // Checked alone with the others as corpus, the MAP record gets the
    // build's finding about it, as a full run reports it on the build.
    let dir = build_allowing("overlapping-services", &["portfolio.json"]);
    for (mode, diagnostics) in both_modes(dir.path(), &["map.json", "--corpus", "*.json"]) {
        let overlaps = findings_of(&diagnostics, "overlapping-services");
        assert_eq!(overlaps.len(), 2, "{mode}: {overlaps:#?}");
        assert!(overlaps.iter().all(|f| f.0 == "map.json"), "{mode}: {overlaps:#?}");
        assert!(overlaps.iter().any(|f| f.3 == at("build.json", SPEND)), "{mode}: {overlaps:#?}");
    }
}

/// An allow for the pair with the MAP record, which the build repeats after
/// the anchor: the finding stays against the anchor, and the allow is not
/// unused. The pair it names was found, and its finding is what it
/// suppresses: it is reported the day the pair with the anchor is allowed,
/// or when a run loads the build and the MAP record without the anchor.
#[test]
fn a_pair_allowed_after_the_one_reported_leaves_the_finding_and_is_used() {
    let dir = build_allowing("overlapping-services", &["map.json"]);
    for (mode, diagnostics) in both_modes(dir.path(), &["."]) {
        let overlaps = findings_of(&diagnostics, "overlapping-services");
        assert_eq!(overlaps.len(), 2, "{mode}: {overlaps:#?}");
        assert!(overlaps.iter().all(|f| f.3 == at("portfolio.json", SPEND)), "{mode}: {overlaps:#?}");
        assert!(named(&diagnostics, "unused-allow").is_empty(), "{mode}: {diagnostics:#?}");
    }
    // Without the anchor, the pair it names is the build's first.
    std::fs::remove_file(dir.path().join("portfolio.json")).unwrap();
    for (mode, diagnostics) in both_modes(dir.path(), &["."]) {
        assert!(findings_of(&diagnostics, "overlapping-services").is_empty(), "{mode}: {diagnostics:#?}");
        assert!(named(&diagnostics, "unused-allow").is_empty(), "{mode}: {diagnostics:#?}");
    }
}

#[test]
fn allows_for_every_pair_of_a_record_leave_nothing_of_it() {
    let dir = build_allowing("overlapping-services", &["map.json", "portfolio.json"]);
    for (mode, diagnostics) in both_modes(dir.path(), &["."]) {
        let overlaps = findings_of(&diagnostics, "overlapping-services");
        let files: Vec<&str> = overlaps.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(files, ["map.json"], "{mode}: {overlaps:#?}");
        assert!(named(&diagnostics, "unused-allow").is_empty(), "{mode}: {diagnostics:#?}");
    }
    // An allow of the whole rule on the record still covers all its pairs.
    let path = dir.path().join("build.json");
    let mut build = read_json(&path);
    build["x-acelint"] = serde_json::json!({ "allow": [ { "rule": "ACE301", "reason": "reviewed" } ] });
    std::fs::write(&path, serde_json::to_string_pretty(&build).unwrap()).unwrap();
    for (mode, diagnostics) in both_modes(dir.path(), &["."]) {
        let overlaps = findings_of(&diagnostics, "overlapping-services");
        assert_eq!(overlaps.len(), 1, "{mode}: {overlaps:#?}");
        assert!(named(&diagnostics, "unused-allow").is_empty(), "{mode}: {diagnostics:#?}");
    }
}

/// `customer_with_a_map_copy_of_the_build` with the anchor repeating the
/// build's paragraph too: the build's use case repeats the anchor's (kept
/// first) and the MAP record's.
#[test]
fn a_use_case_pair_allowed_with_the_anchor_leaves_the_one_with_the_map_record_reported() {
    let dir = customer_with_a_map_copy_of_the_build(3);
    anchor_copies_the_additive(dir.path());
    let build = "records/build-for-startups.json";
    let rules = index_mode(dir.path());
    let run = |args: &[&str]| {
        let exact = check(dir.path(), &[args, &["records"]].concat()).diagnostics();
        let indexed = check(dir.path(), &[args, &["--rules", rules.as_str(), "records"]].concat()).diagnostics();
        [("exact", exact), ("indexed", indexed)]
    };
    let against = |diagnostics: &[Value]| -> Vec<String> {
        let of_build = findings_of(diagnostics, "similar-use-case").into_iter().filter(|f| f.0 == build);
        of_build.flat_map(|f| f.3).map(|r| r.0).collect()
    };
    for (mode, diagnostics) in run(&[]) {
        assert_eq!(against(&diagnostics), ["records/portfolio.json"], "{mode}: {diagnostics:#?}");
    }
    allow_pairs(&dir.path().join(build), "similar-use-case", &["portfolio.json"]);
    for (mode, diagnostics) in run(&[]) {
        assert_eq!(against(&diagnostics), ["records/map.json"], "{mode}: {diagnostics:#?}");
        assert!(named(&diagnostics, "unused-allow").is_empty(), "{mode}: {diagnostics:#?}");
    }
    // Named by the pair after it, the allow leaves the finding as it was, used.
    allow_pairs(&dir.path().join(build), "similar-use-case", &["map.json"]);
    for (mode, diagnostics) in run(&[]) {
        assert_eq!(against(&diagnostics), ["records/portfolio.json"], "{mode}: {diagnostics:#?}");
        assert!(named(&diagnostics, "unused-allow").is_empty(), "{mode}: {diagnostics:#?}");
    }
}

/// A pair allow narrowed to a place the finding is not at clears nothing:
/// the pair it names stays the one reported, and the allow is unused.
#[test]
fn a_pair_allow_pointing_elsewhere_clears_nothing() {
    // Naming the pair reported, or the one after it: either way the build
    // is reported once, against the anchor, and the allow is unused.
    for other in ["portfolio.json", "map.json"] {
        let dir = build_allowing("overlapping-services", &[other]);
        let path = dir.path().join("build.json");
        let mut build = read_json(&path);
        build["x-acelint"]["allow"][0]["pointer"] = "/Funding/Workload".into();
        std::fs::write(&path, serde_json::to_string_pretty(&build).unwrap()).unwrap();
        for (mode, diagnostics) in both_modes(dir.path(), &["."]) {
            let overlaps = findings_of(&diagnostics, "overlapping-services");
            assert_eq!(overlaps.len(), 2, "{other}, {mode}: {overlaps:#?}");
            assert!(overlaps.iter().all(|f| f.3 == at("portfolio.json", SPEND)), "{other}, {mode}: {overlaps:#?}");
            assert_eq!(named(&diagnostics, "unused-allow").len(), 1, "{other}, {mode}: {diagnostics:#?}");
        }
    }
}

/// The clean stack with the Build for Startups and the Bedrock POC renamed
/// to the anchor's workload: the anchor is kept, then the build (filed
/// before the POC), and both additive records are zeroed.
fn one_workload_under_three_programs() -> tempfile::TempDir {
    let dir = clean_stack();
    for f in ["build-for-startups.json", "bedrock-poc.json"] {
        let path = dir.path().join("records").join(f);
        let mut record = read_json(&path);
        record["Funding"]["Workload"]["Name"] = "core scheduling & dispatch PLATFORM".into();
        std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    }
    dir
}

const WORKLOAD: &str = "/Funding/Workload/Name";

/// `check` of `same-workload` and the allows: its findings, and the unused allows.
fn same_workload_run(dir: &Path, args: &[&str]) -> (Vec<Seen>, Vec<Value>) {
    let run = check(dir, &[&["--select", "same-workload,unused-allow"][..], args].concat());
    let diagnostics = run.diagnostics();
    let unused = named(&diagnostics, "unused-allow").into_iter().cloned().collect();
    (findings_of(&diagnostics, "same-workload"), unused)
}

/// Each finding's file and the file of its related record.
fn pairs(found: &[Seen]) -> Vec<(&str, &str)> {
    found.iter().map(|f| (f.0.as_str(), f.3.first().map_or("", |r| r.0.as_str()))).collect()
}

#[test]
fn a_same_workload_pair_allowed_with_the_kept_record_leaves_the_one_with_the_next_reported() {
    let dir = one_workload_under_three_programs();
    let (poc, build, anchor) =
        ("records/bedrock-poc.json", "records/build-for-startups.json", "records/portfolio.json");
    let (found, unused) = same_workload_run(dir.path(), &["records"]);
    assert_eq!(pairs(&found), [(poc, anchor), (build, anchor)], "{found:#?}");
    assert!(unused.is_empty(), "{unused:#?}");
    // By path, and by the anchor's PartnerOpportunityIdentifier.
    for other in ["portfolio.json", "CLP-2026-0412"] {
        allow_pairs(&dir.path().join(poc), "same-workload", &[other]);
        let (found, unused) = same_workload_run(dir.path(), &["records"]);
        // The allow speaks for the pair with the anchor only: the build is the next.
        assert_eq!(pairs(&found), [(poc, build), (build, anchor)], "{other}: {found:#?}");
        assert_eq!(found[0].1, WORKLOAD, "{found:#?}");
        let against_build =
            "names the same workload as records/build-for-startups.json record 0 (CLP-2026-0413, Build for Startups)";
        assert!(found[0].2.starts_with(against_build), "{}", found[0].2);
        assert_eq!(found[0].3, at(build, WORKLOAD), "{found:#?}");
        assert!(unused.is_empty(), "{other}: {unused:#?}");
    }
    // The build checked alone, the POC read through `--corpus`: the POC's
    // finding about the build goes on the build, as for the other rules.
    let (found, unused) = same_workload_run(dir.path(), &[build, "--corpus", "records/*.json"]);
    assert_eq!(pairs(&found), [(build, anchor), (build, poc)], "{found:#?}");
    assert!(unused.is_empty(), "{unused:#?}");
}

/// An allow naming the pair after the one reported leaves the finding
/// against the kept record, and is used: its pair was found.
#[test]
fn a_same_workload_pair_allowed_after_the_one_reported_leaves_the_finding_and_is_used() {
    let dir = one_workload_under_three_programs();
    let (poc, build, anchor) =
        ("records/bedrock-poc.json", "records/build-for-startups.json", "records/portfolio.json");
    allow_pairs(&dir.path().join(poc), "same-workload", &["build-for-startups.json"]);
    let (found, unused) = same_workload_run(dir.path(), &["records"]);
    assert_eq!(pairs(&found), [(poc, anchor), (build, anchor)], "{found:#?}");
    assert!(unused.is_empty(), "{unused:#?}");
    // Allowed with both, the POC has nothing left, and both allows are used.
    allow_pairs(&dir.path().join(poc), "same-workload", &["build-for-startups.json", "portfolio.json"]);
    let (found, unused) = same_workload_run(dir.path(), &["records"]);
    assert_eq!(pairs(&found), [(build, anchor)], "{found:#?}");
    assert!(unused.is_empty(), "{unused:#?}");
}

/// Two records of one program are `duplicate-program`'s: the POC's pair
/// with the anchor allowed, a build turned Bedrock POC is no next pair,
/// and the allow is still used.
#[test]
fn a_same_workload_pair_allowed_leaves_no_pair_with_a_record_of_the_same_program() {
    let dir = one_workload_under_three_programs();
    let (poc, build, anchor) =
        ("records/bedrock-poc.json", "records/build-for-startups.json", "records/portfolio.json");
    let path = dir.path().join(build);
    let mut record = read_json(&path);
    record["Funding"]["Program"] = "Bedrock POC".into();
    std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    allow_pairs(&dir.path().join(poc), "same-workload", &["portfolio.json"]);
    let (found, unused) = same_workload_run(dir.path(), &["records"]);
    assert_eq!(pairs(&found), [(build, anchor)], "{found:#?}");
    assert!(unused.is_empty(), "{unused:#?}");
}
