//! Baseline entries through edits: an entry stands for a finding as long
//! as the edit does not touch what the finding is about (a missing field
//! stays baselined whatever else changes in its object), and an entry is
//! judged stale only by a run that could have produced its finding (a
//! cross-record entry needs both of its records loaded).

mod common;

use common::{acelint, clean_stack, read_json, write, Run, TODAY};
use serde_json::Value;
use std::path::Path;

const BASELINE: &str = "acelint-baseline.json";

fn record(dir: &Path, rel: &str) -> Value {
    read_json(&dir.join(rel))
}

/// Writes `value` at `rel`, indented by `indent` spaces (a change of
/// indent reformats every line).
fn put(dir: &Path, rel: &str, value: &Value, indent: usize) {
    let mut out = Vec::new();
    let pad = " ".repeat(indent);
    let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    serde::Serialize::serialize(value, &mut ser).unwrap();
    write(dir, rel, &String::from_utf8(out).unwrap());
}

/// Changes the record at `rel` with `edit`, keeping its indent (or not).
fn edit(dir: &Path, rel: &str, indent: usize, edit: impl FnOnce(&mut Value)) {
    let mut v = record(dir, rel);
    edit(&mut v);
    put(dir, rel, &v, indent);
}

fn baseline(dir: &Path, paths: &[&str]) {
    let run = Run::of(acelint(dir, &[&["baseline", "--today", TODAY, "--isolated", "--force"], paths].concat()));
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `check ARGS` with the JSON report.
fn plain_check(dir: &Path, args: &[&str]) -> Run {
    let base = ["check", "--today", TODAY, "--isolated", "--output-format", "json"];
    Run::of(acelint(dir, &[&base[..], args].concat()))
}

/// `check ARGS --baseline acelint-baseline.json` with the JSON report.
fn check(dir: &Path, args: &[&str]) -> Run {
    plain_check(dir, &[args, &["--baseline", BASELINE]].concat())
}

/// The baseline is as it was (`before`), and a run over every record
/// still finds each of its entries.
fn kept_and_still_matching(d: &Path, before: &str) {
    assert_eq!(std::fs::read_to_string(d.join(BASELINE)).unwrap(), before, "the entry is kept");
    let full = check(d, &["records"]);
    assert_eq!((full.code, codes(&full)), (0, Vec::<String>::new()), "{}", full.stdout);
}

fn codes(run: &Run) -> Vec<String> {
    run.diagnostics().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

/// The clean stack's portfolio record without `ClientToken` (ACE010) and
/// `Project.CustomerUseCase` (ACE120), baselined.
fn missing_fields() -> tempfile::TempDir {
    let dir = clean_stack();
    edit(dir.path(), "records/portfolio.json", 2, |v| {
        v["Opportunity"].as_object_mut().unwrap().remove("ClientToken");
        v["Opportunity"]["Project"].as_object_mut().unwrap().remove("CustomerUseCase");
    });
    let before = plain_check(dir.path(), &["records/portfolio.json", "--select", "ACE010,ACE120"]);
    assert_eq!(codes(&before), ["ACE010", "ACE120"], "{}", before.stdout);
    baseline(dir.path(), &["records/portfolio.json"]);
    dir
}

#[test]
fn an_entry_for_a_missing_field_survives_edits_elsewhere_in_its_object() {
    let dir = missing_fields();
    let d = dir.path();
    let clean = check(d, &["records/portfolio.json"]);
    assert_eq!((clean.code, codes(&clean).len()), (0, 0), "{}", clean.stdout);
    // A sibling of each missing member edited, and every line reindented.
    edit(d, "records/portfolio.json", 4, |v| {
        let title = v["Opportunity"]["Project"]["Title"].as_str().unwrap().to_string();
        v["Opportunity"]["Project"]["Title"] = Value::from(format!("{title} v2"));
        v["Opportunity"]["Origin"] = Value::from("Partner Referral");
    });
    let run = check(d, &["records/portfolio.json"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("no longer"), "nothing is stale: {}", run.stderr);
}

#[test]
fn a_missing_field_entry_survives_a_member_added_beside_it() {
    let dir = missing_fields();
    edit(dir.path(), "records/portfolio.json", 2, |v| {
        v["Opportunity"]["Project"]["AdditionalComments"] = Value::from("reviewed with the customer in November");
    });
    let run = check(dir.path(), &["records/portfolio.json"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stdout);
    assert!(!run.stderr.contains("no longer"), "{}", run.stderr);
}

#[test]
fn a_missing_field_entry_does_not_cover_another_field_missing_from_the_same_object() {
    let dir = missing_fields();
    edit(dir.path(), "records/portfolio.json", 2, |v| {
        v["Opportunity"]["Project"].as_object_mut().unwrap().remove("CustomerBusinessProblem");
    });
    let run = check(dir.path(), &["records/portfolio.json", "--select", "ACE120"]);
    let new = run.diagnostics();
    assert_eq!(new.len(), 1, "{}", run.stdout);
    assert!(new[0]["message"].as_str().unwrap().contains("CustomerBusinessProblem"), "{}", run.stdout);
}

#[test]
fn a_missing_field_entry_goes_stale_when_the_field_is_added() {
    let dir = missing_fields();
    let d = dir.path();
    edit(d, "records/portfolio.json", 2, |v| {
        v["Opportunity"]["ClientToken"] = Value::from("0f8a7c1e-5b7d-4d55-9a59-0c0c1b8f2f11");
    });
    let run = check(d, &["records/portfolio.json"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stdout);
    assert!(run.stderr.contains("1 entry in acelint-baseline.json no longer matches"), "{}", run.stderr);
    let pruned = check(d, &["records/portfolio.json", "--prune"]);
    assert_eq!(pruned.code, 0, "{}", pruned.stderr);
    let left = record(d, BASELINE);
    assert!(left["files"]["records/portfolio.json"].get("ACE010").is_none(), "{left:#}");
    assert!(left["files"]["records/portfolio.json"].get("ACE120").is_some(), "{left:#}");
}

/// FNV-1a over length-prefixed fields, as acelint fingerprints findings.
fn stable_hash(fields: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in fields {
        for b in (f.len() as u64).to_le_bytes().iter().chain(f.as_bytes()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The fingerprint baselines have always given a finding at `pointer` of
/// the record `identity`: a hash of the value there, as canonical JSON.
fn value_fingerprint(code: &str, identity: &str, doc: &Value, pointer: &str) -> String {
    stable_hash(&[code, identity, pointer, &doc.pointer(pointer).unwrap().to_string()])
}

#[test]
fn entries_of_findings_about_a_value_keep_the_fingerprint_they_always_had() {
    let dir = clean_stack();
    let d = dir.path();
    edit(d, "records/portfolio.json", 2, |v| v["Opportunity"]["Project"]["Title"] = Value::from(""));
    let run = plain_check(d, &["records/portfolio.json", "--select", "ACE120"]);
    let found = run.diagnostics();
    assert_eq!(found.len(), 1, "{}", run.stdout);
    let pointer = found[0]["pointer"].as_str().unwrap();
    assert_eq!(pointer, "/Opportunity/Project/Title", "a blank value is pointed at: {}", run.stdout);
    baseline(d, &["records/portfolio.json", "--select", "ACE120"]);
    let doc = record(d, "records/portfolio.json");
    let expected = value_fingerprint("ACE120", "CLP-2026-0412", &doc, pointer);
    let written = record(d, BASELINE);
    assert_eq!(written["files"]["records/portfolio.json"]["ACE120"][&expected], 1, "{written:#}");
}

#[test]
fn a_baseline_written_before_missing_fields_had_their_own_fingerprint_still_matches() {
    let dir = missing_fields();
    let d = dir.path();
    // What earlier versions wrote: a hash of the object lacking the member.
    let doc = record(d, "records/portfolio.json");
    let old = |code: &str, pointer: &str| value_fingerprint(code, "CLP-2026-0412", &doc, pointer);
    let text = serde_json::json!({ "version": 1, "files": { "records/portfolio.json": {
        "ACE010": { old("ACE010", "/Opportunity"): 1 },
        "ACE120": { old("ACE120", "/Opportunity/Project"): 1 } } } });
    write(d, BASELINE, &text.to_string());
    let run = check(d, &["records/portfolio.json"]);
    assert_eq!((run.code, codes(&run)), (0, Vec::<String>::new()), "{}", run.stdout);
    assert!(!run.stderr.contains("no longer"), "{}", run.stderr);
    // Written again, the baseline holds the new fingerprints, which survive edits.
    baseline(d, &["records/portfolio.json"]);
    edit(d, "records/portfolio.json", 2, |v| v["Opportunity"]["Origin"] = Value::from("Partner Referral"));
    let run = check(d, &["records/portfolio.json"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stdout);
}

/// The clean stack with the build-for-startups record under another AWS
/// account than the portfolio record of the same customer (ACE304 on
/// build-for-startups.json, naming portfolio.json), baselined.
fn account_mismatch() -> tempfile::TempDir {
    let dir = clean_stack();
    edit(dir.path(), "records/build-for-startups.json", 2, |v| {
        v["Opportunity"]["Customer"]["Account"]["AwsAccountId"] = Value::from("111122223333");
    });
    baseline(dir.path(), &["records"]);
    let written = record(dir.path(), BASELINE);
    assert!(written["files"]["records/build-for-startups.json"].get("ACE304").is_some(), "{written:#}");
    dir
}

#[test]
fn a_cross_record_entry_is_not_stale_on_a_run_without_its_other_record() {
    let dir = account_mismatch();
    let d = dir.path();
    let before = std::fs::read_to_string(d.join(BASELINE)).unwrap();
    let run = check(d, &["records/build-for-startups.json"]);
    assert_eq!((run.code, codes(&run)), (0, Vec::<String>::new()), "{}", run.stdout);
    assert!(!run.stderr.contains("no longer"), "not stale: {}", run.stderr);
    let pruned = check(d, &["records/build-for-startups.json", "--prune"]);
    assert_eq!(pruned.code, 0, "{}", pruned.stderr);
    assert!(!pruned.stderr.contains("removed"), "{}", pruned.stderr);
    kept_and_still_matching(d, &before);
}

#[test]
fn a_cross_record_entry_is_judged_when_its_other_record_comes_through_the_corpus() {
    let dir = account_mismatch();
    let d = dir.path();
    let hook = ["records/build-for-startups.json", "--corpus", "records/*.json"];
    let run = check(d, &hook);
    assert_eq!((run.code, codes(&run)), (0, Vec::<String>::new()), "still baselined: {}", run.stdout);
    assert!(!run.stderr.contains("no longer"), "{}", run.stderr);
    // The pair mended: with both records loaded, the entry is stale.
    edit(d, "records/build-for-startups.json", 2, |v| {
        v["Opportunity"]["Customer"]["Account"]["AwsAccountId"] = Value::from("418297553016");
    });
    let run = check(d, &hook);
    assert!(run.stderr.contains("1 entry in acelint-baseline.json no longer matches"), "{}", run.stderr);
    let pruned = check(d, &[&hook[..], &["--prune"]].concat());
    assert!(pruned.stderr.contains("removed 1 stale entry"), "{}", pruned.stderr);
    let left = record(d, BASELINE);
    assert!(left["files"].get("records/build-for-startups.json").is_none(), "{left:#}");
}

#[test]
fn a_cross_record_entry_is_stale_when_its_other_file_is_gone() {
    let dir = account_mismatch();
    let d = dir.path();
    std::fs::remove_file(d.join("records/portfolio.json")).unwrap();
    let run = check(d, &["records/build-for-startups.json"]);
    assert!(run.stderr.contains("1 entry in acelint-baseline.json no longer matches"), "{}", run.stderr);
}

#[test]
fn a_cross_record_entry_of_an_older_baseline_is_kept_by_a_run_without_its_other_record() {
    let dir = account_mismatch();
    let d = dir.path();
    // Earlier versions wrote the entries alone, without the records they compare.
    let mut written = record(d, BASELINE);
    let files = written["files"].clone();
    written = serde_json::json!({ "version": 1, "files": files });
    write(d, BASELINE, &written.to_string());
    let before = std::fs::read_to_string(d.join(BASELINE)).unwrap();
    let run = check(d, &["records/build-for-startups.json", "--prune"]);
    assert_eq!((run.code, codes(&run)), (0, Vec::<String>::new()), "{}", run.stdout);
    kept_and_still_matching(d, &before);
}

#[test]
fn a_cross_record_entry_of_two_records_in_one_file_is_judged_by_a_run_on_that_file() {
    let dir = clean_stack();
    let d = dir.path();
    let mut other = record(d, "records/build-for-startups.json");
    other["Opportunity"]["Customer"]["Account"]["AwsAccountId"] = Value::from("111122223333");
    let both = Value::Array(vec![record(d, "records/portfolio.json"), other]);
    put(d, "pair.json", &both, 2);
    baseline(d, &["pair.json"]);
    assert!(record(d, BASELINE)["files"]["pair.json"].get("ACE304").is_some());
    edit(d, "pair.json", 2, |v| {
        v[1]["Opportunity"]["Customer"]["Account"]["AwsAccountId"] = Value::from("418297553016")
    });
    let run = check(d, &["pair.json"]);
    assert!(run.stderr.contains("1 entry in acelint-baseline.json no longer matches"), "{}", run.stderr);
}

#[test]
fn a_cross_record_entry_is_kept_while_its_other_record_does_not_parse() {
    let dir = account_mismatch();
    let d = dir.path();
    // The other record's file is broken for a moment: its record reaches no
    // cross-record rule, so this run cannot judge the pair.
    write(d, "records/portfolio.json", "{ \"Opportunity\": ");
    let before = std::fs::read_to_string(d.join(BASELINE)).unwrap();
    for run in [&["records/build-for-startups.json", "--corpus", "records/*.json"][..], &["records"]] {
        let run = check(d, &[run, &["--prune"]].concat());
        assert!(!run.stderr.contains("no longer"), "{}", run.stderr);
        assert_eq!(std::fs::read_to_string(d.join(BASELINE)).unwrap(), before, "the entry is kept");
    }
}

#[test]
fn a_baselined_typo_holds_nothing_back_that_is_new() {
    // A misspelt `Investors` holds back what a rule reading the investors
    // would say; the baseline records all of it.
    let dir = clean_stack();
    edit(dir.path(), "records/portfolio.json", 2, |v| {
        let company = v["Funding"]["Company"].as_object_mut().unwrap();
        let investors = company.remove("Investors").unwrap();
        company.insert("Investor".into(), investors);
    });
    assert_eq!(codes(&plain_check(dir.path(), &["records/portfolio.json"])), ["ACE011"]);
    baseline(dir.path(), &["records/portfolio.json"]);
    assert_eq!(codes(&check(dir.path(), &["records/portfolio.json"])), Vec::<String>::new());
    // The company later reads as pre-seed: its ask past the pre-seed reach
    // without an investor is new. With the typo baselined, the typo holds
    // back nothing, so it is reported.
    edit(dir.path(), "records/portfolio.json", 2, |v| v["Funding"]["Company"]["Stage"] = "Pre-seed".into());
    let run = check(dir.path(), &["records/portfolio.json"]);
    assert!(codes(&run).contains(&"ACE217".to_string()), "{}", run.stdout);
}

/// The clean stack's portfolio record whose use case also names Redshift,
/// which it does not itemize (ACE241, on the word), baselined.
fn word_finding() -> tempfile::TempDir {
    let dir = clean_stack();
    edit(dir.path(), "records/portfolio.json", 2, |v| {
        let text = &mut v["Opportunity"]["Project"]["CustomerBusinessProblem"];
        *text = format!("{} We also plan to report on it with Amazon Redshift.", text.as_str().unwrap()).into();
    });
    let before = plain_check(dir.path(), &["records/portfolio.json", "--select", "ACE241"]);
    assert_eq!(codes(&before), ["ACE241"], "{}", before.stdout);
    baseline(dir.path(), &["records/portfolio.json"]);
    dir
}

fn rewrite_use_case(dir: &Path, change: impl FnOnce(&str) -> String) {
    edit(dir, "records/portfolio.json", 2, |v| {
        let text = &mut v["Opportunity"]["Project"]["CustomerBusinessProblem"];
        *text = change(text.as_str().unwrap()).into();
    });
}

#[test]
fn an_entry_for_words_in_a_paragraph_survives_edits_elsewhere_in_it() {
    let dir = word_finding();
    rewrite_use_case(dir.path(), |t| format!("Today, {t}"));
    let run = check(dir.path(), &["records/portfolio.json"]);
    assert_eq!((run.code, codes(&run)), (0, Vec::<String>::new()), "{}", run.stdout);
}

#[test]
fn an_entry_for_words_in_a_paragraph_does_not_stand_for_other_words_there() {
    let dir = word_finding();
    rewrite_use_case(dir.path(), |t| t.replace("Amazon Redshift", "Amazon Kinesis Data Streams"));
    let run = check(dir.path(), &["records/portfolio.json"]);
    assert_eq!(codes(&run), ["ACE241"], "{}", run.stdout);
    assert!(run.diagnostics()[0]["message"].as_str().unwrap().contains("Kinesis"), "{}", run.stdout);
}
