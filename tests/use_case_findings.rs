//! Where the use-case rules point, and how many findings a record gets
//! from them, through the binary: a phrase or a service name is labelled
//! at its words inside the paragraph (line:column on the words, the
//! field's pointer kept), a finding about the whole text on the whole
//! value; a record without a use case gets one finding, not one per line.

mod common;

use common::{acelint, repo, Run, TODAY};
use serde_json::Value;
use std::path::Path;

/// The JSON diagnostics of `check --isolated --select RULES` on `file`.
fn check(file: &Path, select: &str) -> Vec<Value> {
    let dir = file.parent().unwrap();
    let file = file.to_str().unwrap();
    let args = ["check", "--isolated", "--today", TODAY, "--output-format", "json", "--select", select, file];
    Run::of(acelint(dir, &args)).diagnostics()
}

fn fixture(rule: &str, name: &str) -> std::path::PathBuf {
    repo(&format!("tests/fixtures/rules/{rule}/{name}"))
}

/// The text a diagnostic's line:column to end_line:end_column covers in
/// `source` (columns count characters, the end is exclusive).
fn labelled(source: &str, d: &Value) -> String {
    let at = |line: &Value, column: &Value| {
        let (line, column) = (line.as_u64().unwrap() as usize, column.as_u64().unwrap() as usize);
        let start: usize = source.split_inclusive('\n').take(line - 1).map(str::len).sum();
        let rest = &source[start..];
        start + rest.char_indices().nth(column - 1).map_or(rest.len(), |(i, _)| i)
    };
    source[at(&d["line"], &d["column"])..at(&d["end_line"], &d["end_column"])].to_string()
}

/// The words a message quotes: `… ("words")`.
fn quoted(message: &str) -> &str {
    let start = message.find("(\"").expect("a quote") + 2;
    let end = message[start..].find("\")").expect("a closing quote") + start;
    &message[start..end]
}

fn only<'d>(diagnostics: &'d [Value], name: &str) -> Vec<&'d Value> {
    diagnostics.iter().filter(|d| d["name"] == name).collect()
}

#[test]
fn a_generic_phrase_is_labelled_at_its_words() {
    let file = fixture("vague-use-case", "fail-compute-and-storage-phrasing.json");
    let source = std::fs::read_to_string(&file).unwrap();
    let found = check(&file, "vague-use-case");
    let phrases: Vec<_> = only(&found, "vague-use-case")
        .into_iter()
        .filter(|d| d["message"].as_str().unwrap().contains("generic"))
        .collect();
    assert!(!phrases.is_empty(), "{found:?}");
    for d in phrases {
        let words = quoted(d["message"].as_str().unwrap());
        assert_eq!(labelled(&source, d), words, "{d}");
        assert!(
            d["pointer"].as_str().unwrap().starts_with("/Opportunity/Project/")
                || d["pointer"] == "/Funding/Workload/Objective"
        );
        assert_eq!(d["line"], d["end_line"]);
    }
}

#[test]
fn too_few_services_named_is_about_the_whole_text() {
    let file = fixture("vague-use-case", "fail-one-service-named.json");
    let source = std::fs::read_to_string(&file).unwrap();
    let found = check(&file, "vague-use-case");
    let d = found.iter().find(|d| d["message"].as_str().unwrap().contains("AWS service(s)")).expect("min-named");
    let text = labelled(&source, d);
    assert!(text.starts_with('"') && text.ends_with('"'), "{text}");
    assert_eq!(d["pointer"], "/Opportunity/Project/CustomerBusinessProblem");
}

#[test]
fn a_service_not_itemized_is_labelled_at_its_name() {
    let file = fixture("services-not-itemized", "fail-elasticache-named-not-itemized.json");
    let source = std::fs::read_to_string(&file).unwrap();
    let found = check(&file, "services-not-itemized");
    let [d] = only(&found, "services-not-itemized")[..] else { panic!("{found:?}") };
    assert_eq!(labelled(&source, d), "ElastiCache");
    assert_eq!(d["pointer"], "/Opportunity/Project/CustomerBusinessProblem");
}

#[test]
fn general_infrastructure_framing_is_labelled_at_the_words_quoted() {
    let dir = repo("tests/fixtures/rules/generic-build-for-startups");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        if !entry.file_name().unwrap().to_str().unwrap().starts_with("fail") {
            continue;
        }
        let source = std::fs::read_to_string(&entry).unwrap();
        for d in only(&check(&entry, "generic-build-for-startups"), "generic-build-for-startups") {
            assert_eq!(labelled(&source, d), quoted(d["message"].as_str().unwrap()), "{}: {d}", entry.display());
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen} findings");
}

/// Escapes before and inside the words: the label still covers them as
/// written in the file.
#[test]
fn escapes_in_the_text_do_not_shift_the_label() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        std::fs::read_to_string(fixture("services-not-itemized", "fail-elasticache-named-not-itemized.json")).unwrap();
    let key = "\"CustomerBusinessProblem\": \"";
    assert!(original.contains(key));
    let escaped = original
        .replace(key, &format!("{key}Caf\\u00e9 \\\"Kestrel\\\" says:\\n\\t"))
        .replace("ElastiCache holds", "Elasti\\u0043ache holds");
    let file = dir.path().join("record.json");
    std::fs::write(&file, &escaped).unwrap();
    let found = check(&file, "services-not-itemized");
    let [d] = only(&found, "services-not-itemized")[..] else { panic!("{found:?}") };
    assert_eq!(labelled(&escaped, d), "Elasti\\u0043ache");
    assert!(d["message"].as_str().unwrap().contains("(\"ElastiCache\")"), "{d}");
}

#[test]
fn a_service_another_record_funds_is_not_asked_for() {
    let file = fixture("services-not-itemized", "pass-eks-funded-under-map-record.json");
    assert!(only(&check(&file, "services-not-itemized"), "services-not-itemized").is_empty());
    // Named for this workload as well: reported, at the mention that counts.
    let file = fixture("services-not-itemized", "fail-eks-also-named-for-this-workload.json");
    let source = std::fs::read_to_string(&file).unwrap();
    let found = check(&file, "services-not-itemized");
    let [d] = only(&found, "services-not-itemized")[..] else { panic!("{found:?}") };
    assert_eq!(labelled(&source, d), "EKS");
    let before = &source[..source.find("runs on EKS").unwrap()];
    assert_eq!(d["line"].as_u64().unwrap() as usize, before.lines().count());
}

/// Words two service groups share ("ECS Fargate" names ECS and Fargate)
/// are one mention: one finding, naming both, labelled at the words.
#[test]
fn words_naming_two_services_are_one_finding() {
    let file = fixture("services-not-itemized", "fail-ecs-fargate-named-once-not-itemized.json");
    let source = std::fs::read_to_string(&file).unwrap();
    let found = check(&file, "services-not-itemized");
    let fargate: Vec<_> = only(&found, "services-not-itemized")
        .into_iter()
        .filter(|d| d["message"].as_str().unwrap().contains("Fargate"))
        .collect();
    let [d] = fargate[..] else { panic!("{found:?}") };
    assert!(d["message"].as_str().unwrap().contains("names Amazon ECS and AWS Fargate (\"ECS Fargate\")"), "{d}");
    assert_eq!(labelled(&source, d), "ECS Fargate");
}

/// A phrase naming a program's record gives its sentence's services away
/// on a record of another program only: on the Bedrock POC, "which our
/// Portfolio record covers" does; the same text on a Portfolio record
/// speaks of the record itself.
#[test]
fn a_record_of_another_program_takes_the_services_it_is_said_to_cover() {
    for name in [
        "pass-platform-our-portfolio-record-covers.json",
        "pass-platform-covered-by-the-portfolio-credits.json",
        "pass-platform-the-portfolio-request-pays-for.json",
    ] {
        let found = check(&fixture("services-not-itemized", name), "services-not-itemized");
        assert!(only(&found, "services-not-itemized").is_empty(), "{name}: {found:?}");
    }
    let file = fixture("services-not-itemized", "fail-our-portfolio-record-on-a-portfolio-record.json");
    let found = check(&file, "services-not-itemized");
    assert_eq!(only(&found, "services-not-itemized").len(), 2, "{found:?}");
}

#[test]
fn a_missing_use_case_is_one_finding() {
    for name in [
        "pass-no-use-case-left-to-project-fields-required.json",
        "pass-blank-use-case-left-to-project-fields-required.json",
    ] {
        let file = fixture("itemized-services-not-described", name);
        let found = check(&file, "ACE1,ACE2");
        assert!(only(&found, "itemized-services-not-described").is_empty(), "{found:?}");
        let about: Vec<_> = only(&found, "project-fields-required")
            .into_iter()
            .filter(|d| d["message"].as_str().unwrap().contains("CustomerBusinessProblem"))
            .collect();
        assert_eq!(about.len(), 1, "{name}: {found:?}");
    }
}

#[test]
fn spend_in_euros_is_said_not_compared() {
    let file = fixture("spend-sources-not-compared", "fail-expected-spend-in-eur.json");
    let found = check(&file, "ACE1,ACE2");
    assert!(only(&found, "spend-sources-disagree").is_empty(), "{found:?}");
    let [d] = only(&found, "spend-sources-not-compared")[..] else { panic!("{found:?}") };
    assert_eq!(d["severity"], "info");
    assert_eq!(d["pointer"], "/Opportunity/Project/ExpectedCustomerSpend/0/CurrencyCode");
    // A currency AWS does not take: that is the finding, not the comparison.
    let file = fixture("spend-sources-not-compared", "pass-gbp-left-to-expected-spend-currency.json");
    let found = check(&file, "ACE1,ACE2");
    let names: Vec<_> = found.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["expected-spend-currency"], "{found:?}");
}

/// `services-not-itemized` leaves alone a service named in a sentence that
/// gives it to another record: `etc.` before a capitalised word ends that
/// sentence, and so does a list item, so the services named before it are
/// reported and the one the next sentence or item gives away is not. A
/// heading ending in `:` still gives away every item of its list, but an
/// item gives away nothing of the items after it.
#[test]
fn services_given_away_are_read_by_sentence_and_list_item() {
    let reported = |name: &str| {
        let file = fixture("services-not-itemized", name);
        let source = std::fs::read_to_string(&file).unwrap();
        let found = check(&file, "services-not-itemized");
        found.iter().map(|d| labelled(&source, d)).collect::<Vec<_>>()
    };
    assert_eq!(reported("fail-redshift-before-etc-ending-a-sentence.json"), ["Redshift", "Athena"]);
    assert_eq!(reported("fail-redshift-in-a-list-item-beside-a-funded-one.json"), ["Redshift"]);
    // An item is read with its heading, not with the items between them.
    assert_eq!(reported("fail-redshift-in-a-list-item-after-a-funded-one.json"), ["Redshift"]);
    assert!(reported("pass-eks-in-a-list-item-funded-under-map-record.json").is_empty());
    assert!(reported("pass-list-under-out-of-scope-heading.json").is_empty());
}
