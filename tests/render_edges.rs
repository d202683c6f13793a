//! Edges of the human report and of the words in messages: excerpts of
//! long lines (JSON Lines, minified files) cut to a window around each
//! label, amounts too large for scientific notation to be readable, a
//! number out of range, and counts that agree with their nouns.

mod common;

use common::{write, Run, TODAY};
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

const MAX_WIDTH: usize = 130;

fn acelint(dir: &Path, args: &[&str]) -> Run {
    Run::of(common::acelint(dir, args))
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check", "--isolated", "--today", TODAY];
    all.extend(args);
    acelint(dir, &all)
}

fn tmp() -> TempDir {
    tempfile::tempdir().unwrap()
}

/// A record on one line, about 2 KB long; `early` goes into `Opportunity`
/// near the start of the line, `late` into `Funding` at its end.
fn minified(early: &str, late: &str) -> String {
    let prose = "Kestrelpoint sells a multi-tenant scheduling and dispatch platform to regional field-service firms. "
        .repeat(18);
    format!(
        r#"{{"Opportunity":{{"Catalog":"AWS",{early}"Project":{{"Title":"Scheduling platform","CustomerBusinessProblem":"{prose}"}}}},"Funding":{{"Program":"Activate Portfolio","RequestedAmountUsd":100000{late}}}}}"#
    )
}

/// The 1-based character column of `needle` on 1-based line `line`.
fn column_of(text: &str, line: usize, needle: &str) -> usize {
    let l = text.lines().nth(line - 1).unwrap();
    l[..l.find(needle).unwrap()].chars().count() + 1
}

fn width(s: &str) -> usize {
    textwrap::core::display_width(s)
}

/// The excerpt line of source line `line` shows `needle`, and the next
/// line's first caret sits under its first character.
fn assert_caret_under(out: &str, line: usize, needle: &str) {
    let lines: Vec<&str> = out.lines().collect();
    let prefix = format!(" {line} | ");
    let at = lines
        .iter()
        .position(|l| l.starts_with(&prefix) && l.contains(needle))
        .unwrap_or_else(|| panic!("no excerpt of line {line} showing {needle}:\n{out}"));
    let shown = lines[at];
    let marks = lines[at + 1];
    let text_col = width(&shown[..shown.find(needle).unwrap()]);
    let caret_col = width(&marks[..marks.find('^').unwrap_or_else(|| panic!("no caret under:\n{shown}\n{out}"))]);
    assert_eq!(caret_col, text_col, "caret not under {needle}:\n{shown}\n{marks}");
}

fn assert_narrow(out: &str) {
    for l in out.lines().filter(|l| l.contains(" | ")) {
        assert!(width(l) <= MAX_WIDTH, "{} columns: {l}", width(l));
    }
}

#[test]
fn json_lines_excerpt_is_a_window_around_the_label() {
    let d = tmp();
    let clean = minified("", "");
    let text = format!("{clean}\n{}\n{clean}\n", minified("", r#","Yy":2"#));
    write(d.path(), "drafts.jsonl", &text);
    let r = check(d.path(), &["drafts.jsonl", "--select", "unknown-field"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let column = column_of(&text, 2, r#""Yy""#);
    assert!(column > 1000, "the label is far along the line");
    assert!(r.stdout.contains(&format!("[drafts.jsonl:2:{column}]")), "{}", r.stdout);
    assert_caret_under(&r.stdout, 2, r#""Yy""#);
    assert_narrow(&r.stdout);
    // The context lines show their start, cut.
    assert!(r.stdout.contains(" 1 | {\"Opportunity\":{\"Catalog\":\"AWS\",\"Project\""), "{}", r.stdout);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn labels_far_apart_on_one_line_are_each_shown() {
    let d = tmp();
    let text = minified("", "");
    let text = format!("{},\"Opportunity\":{{}}}}", &text[..text.len() - 1]);
    write(d.path(), "dup.json", &text);
    let r = check(d.path(), &["dup.json", "--select", "duplicate-key"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains(&format!("[dup.json:1:{}]", text.rfind("\"Opportunity\"").unwrap() + 1)), "{}", r.stdout);
    let excerpt = r.stdout.lines().find(|l| l.starts_with(" 1 | ")).unwrap();
    assert_eq!(excerpt.matches("\"Opportunity\"").count(), 2, "{excerpt}");
    assert!(excerpt.contains('…'), "{excerpt}");
    let marks = r.stdout.lines().find(|l| l.contains('^')).unwrap();
    assert_eq!(marks.matches("^^^^^^|^^^^^^").count(), 2, "{marks}");
    let opening = |s: &str, nth: usize| width(&s[..s.match_indices("\"Opportunity\"").nth(nth).unwrap().0]);
    let caret = |nth: usize| width(&marks[..marks.match_indices("^^^^^^|").nth(nth).unwrap().0]);
    assert_eq!((caret(0), caret(1)), (opening(excerpt, 0), opening(excerpt, 1)), "{excerpt}\n{marks}");
    assert!(r.stdout.contains("first occurrence"), "{}", r.stdout);
    assert_narrow(&r.stdout);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn windows_cut_between_characters_and_count_tabs() {
    let d = tmp();
    // Wide and multi-byte characters and tabs all around the labels, so
    // each cut falls among them.
    let noise = "é日本🙂 ".repeat(60);
    let text = minified(&format!("\t\"Ww\":\t\"{noise}\",\t\t\"Zz\":\t\"{noise}\",\t"), "");
    write(d.path(), "wide.json", &text);
    let r = check(d.path(), &["wide.json", "--select", "unknown-field"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let column = column_of(&text, 1, r#""Zz""#);
    assert!(r.stdout.contains(&format!("[wide.json:1:{column}]")), "{}", r.stdout);
    assert_caret_under(&r.stdout, 1, r#""Zz""#);
    assert_caret_under(&r.stdout, 1, r#""Ww""#);
    assert_narrow(&r.stdout);
}

#[test]
fn a_long_value_shows_its_two_ends() {
    let d = tmp();
    let title = "Ab".repeat(1500);
    let text = minified("", "").replace("\"Title\":\"Scheduling platform\"", &format!("\"Title\":\"{title}\""));
    write(d.path(), "title.json", &text);
    let r = check(d.path(), &["title.json", "--select", "invalid-length"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let excerpt = r.stdout.lines().find(|l| l.starts_with(" 1 | ")).unwrap();
    assert!(excerpt.contains("\"Title\":\"AbAb") && excerpt.contains("AbAb\",\"Cust"), "{excerpt}");
    assert_caret_under(&r.stdout, 1, "\"AbAb");
    assert_narrow(&r.stdout);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn a_line_beyond_16_kib_still_gets_an_excerpt() {
    let d = tmp();
    let text = minified("", "").replace("dispatch platform", &"dispatch platform ".repeat(1200));
    let text = format!("{},\"Zz\":1}}", &text[..text.len() - 1]);
    assert!(text.len() > 20_000);
    write(d.path(), "huge.json", &text);
    let r = check(d.path(), &["huge.json", "--select", "unknown-field"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains(&format!("[huge.json:1:{}]", column_of(&text, 1, "\"Zz\""))), "{}", r.stdout);
    assert_caret_under(&r.stdout, 1, "\"Zz\"");
    assert_narrow(&r.stdout);
}

#[test]
fn a_pretty_printed_long_line_is_cut_around_its_label() {
    let d = tmp();
    let prose = "Frostline makes wireless temperature sensors for walk-in coolers. ".repeat(10);
    let text = format!(
        "{{\n  \"Opportunity\": {{\n    \"Catalog\": \"AWS\",\n    \"Zz\": \"{prose}\",\n    \"Project\": {{}}\n  }}\n}}\n"
    );
    write(d.path(), "pretty.json", &text);
    let r = check(d.path(), &["pretty.json", "--select", "unknown-field"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let excerpt = r.stdout.lines().find(|l| l.starts_with(" 4 | ")).unwrap();
    assert!(excerpt.starts_with(" 4 |     \"Zz\": \"Frostline") && excerpt.ends_with('…'), "{excerpt}");
    assert_caret_under(&r.stdout, 4, "\"Zz\"");
    assert_narrow(&r.stdout);
}

/// The fixture `vague-use-case/fail-compute-and-storage-phrasing.json`
/// with its use case one line of about 1,900 characters (under the limit
/// of 2,000), `words` in it after `before` sentences of its 19.
fn long_use_case(before: usize, words: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/vague-use-case/fail-compute-and-storage-phrasing.json");
    let record = std::fs::read_to_string(path).unwrap();
    let sentence = "Technicians stream engine telemetry through Kinesis into S3, where Glue jobs shape it for Athena. ";
    let text = format!("{}{words}{}", sentence.repeat(before), sentence.repeat(19 - before));
    let old = "Kestrelpoint will use AWS for compute and storage as the analytics add-on grows, with Kinesis, Glue, Athena and S3 covering its various inference and data needs.";
    assert!(record.contains(old));
    record.replace(old, text.trim_end())
}

#[test]
fn a_phrase_in_a_long_use_case_is_shown_in_a_window() {
    let d = tmp();
    let words = "Kestrelpoint will use AWS for compute and storage as the add-on grows. ";
    // At the start, in the middle and at the end of the paragraph.
    for before in [0, 19, 10] {
        write(d.path(), "long.json", &long_use_case(before, words));
        let r = check(d.path(), &["long.json", "--select", "vague-use-case"]);
        assert!(r.stdout.contains("warning[ACE240]"), "{}\n{}", r.stdout, r.stderr);
        assert_caret_under(&r.stdout, 27, "AWS for compute and storage");
        assert_narrow(&r.stdout);
        if before == 10 {
            insta::assert_snapshot!(r.stdout);
        }
    }
}

#[test]
fn a_number_out_of_range_is_explained_on_the_whole_number() {
    let d = tmp();
    let text = format!("{}\n{}\n", minified("", ""), minified("", "").replace(":100000", ":1e400"));
    write(d.path(), "big.jsonl", &text);
    let r = check(d.path(), &["big.jsonl", "--output-format", "json"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let diag = doc["diagnostics"].as_array().unwrap().iter().find(|d| d["name"] == "invalid-json").unwrap();
    let column = column_of(&text, 2, "1e400") as u64;
    assert_eq!((diag["line"].as_u64(), diag["column"].as_u64()), (Some(2), Some(column)), "{diag}");
    assert_eq!((diag["end_line"].as_u64(), diag["end_column"].as_u64()), (Some(2), Some(column + 5)), "{diag}");
    let message = diag["message"].as_str().unwrap();
    assert!(message.contains("number 1e400 is out of range"), "{message}");
    assert!(diag["help"].as_str().unwrap().contains("plain digits"), "{diag}");
}

#[test]
fn huge_amounts_print_as_grouped_digits() {
    let d = tmp();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-stack/portfolio.json");
    let mut record: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    record["Funding"]["RequestedAmountUsd"] = serde_json::json!(1.23e16);
    record["Funding"]["ProjectedSpend"][0]["MonthlyUsd"] = serde_json::json!(1e20);
    write(d.path(), "huge.json", &serde_json::to_string_pretty(&record).unwrap());
    // Below the schema's minimum: the schema stage words this one.
    record["Funding"]["RequestedAmountUsd"] = serde_json::json!(-1e20);
    write(d.path(), "negative.json", &serde_json::to_string_pretty(&record).unwrap());
    let r = check(d.path(), &["huge.json", "negative.json", "--output-format", "json"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let messages: Vec<&str> =
        doc["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("$12,300,000,000,000,000")), "{messages:#?}");
    assert!(
        messages.iter().any(|m| m.contains("`RequestedAmountUsd` is -100,000,000,000,000,000,000;")),
        "{messages:#?}"
    );
    let scientific = regex::Regex::new(r"\d\.?\d*e[+-]?\d").unwrap();
    for m in &messages {
        assert!(!scientific.is_match(m), "scientific notation in: {m}");
    }
}

/// The clean example record with `n` unknown fields: `n` findings.
fn with_unknown_fields(n: usize) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-stack/portfolio.json");
    let text = std::fs::read_to_string(path).unwrap();
    let fields: String = (0..n).map(|i| format!("\n  \"Zz{i}\": 1,")).collect();
    text.replacen('{', &format!("{{{fields}"), 1)
}

#[test]
fn stale_baseline_counts_agree() {
    let d = tmp();
    let run = |args: &[&str]| acelint(d.path(), args);
    write(d.path(), "r.json", &with_unknown_fields(1));
    let made = run(&["baseline", "r.json", "--isolated", "--today", TODAY]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(made.stderr.contains("wrote 1 finding to"), "{}", made.stderr);
    write(d.path(), "r.json", &with_unknown_fields(0));
    let stale = check(d.path(), &["r.json", "--baseline", "acelint-baseline.json"]);
    assert!(
        stale
            .stderr
            .contains("1 entry in acelint-baseline.json no longer matches a finding (run with --prune to remove it)"),
        "{}",
        stale.stderr
    );
    let pruned = check(d.path(), &["r.json", "--baseline", "acelint-baseline.json", "--prune"]);
    assert!(pruned.stderr.contains("removed 1 stale entry from acelint-baseline.json"), "{}", pruned.stderr);

    write(d.path(), "r.json", &with_unknown_fields(2));
    let made = run(&["baseline", "r.json", "--isolated", "--today", TODAY, "--force"]);
    assert!(made.stderr.contains("wrote 2 findings to"), "{}", made.stderr);
    // A file that does not parse is counted as left out, not as written.
    write(d.path(), "broken.json", "{\"Opportunity\": ");
    let made = run(&["baseline", "r.json", "broken.json", "--isolated", "--today", TODAY, "--force"]);
    assert!(made.stderr.contains("wrote 2 findings to"), "{}", made.stderr);
    assert!(made.stderr.contains("warning: 1 finding left out"), "{}", made.stderr);
    std::fs::remove_file(d.path().join("broken.json")).unwrap();
    // Nothing to baseline is a mistake, as nothing to check is.
    std::fs::create_dir(d.path().join("empty")).unwrap();
    let none = run(&["baseline", "empty", "--isolated", "--today", TODAY, "--output", "empty.json"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(none.stderr.contains("no record files found"), "{}", none.stderr);
    assert!(!d.path().join("empty.json").exists());
    write(d.path(), "r.json", &with_unknown_fields(0));
    let stale = check(d.path(), &["r.json", "--baseline", "acelint-baseline.json"]);
    assert!(
        stale
            .stderr
            .contains("2 entries in acelint-baseline.json no longer match a finding (run with --prune to remove them)"),
        "{}",
        stale.stderr
    );
}

/// A JSON Lines file of 501 records: Kestrelpoint's Portfolio record on
/// line 301 and again on line 501, other customers' records on the rest.
/// (miette counted lines from the file's start, and so joined the excerpts
/// of labels on lines 301 and 501, but not those of lines 1 and 201.)
fn one_customer_twice_far_apart() -> String {
    let record = common::read_json(&common::repo("examples/clean-stack/portfolio.json"));
    let other = |i: u64| {
        let mut other = record.clone();
        let account = &mut other["Opportunity"]["Customer"]["Account"];
        account["CompanyName"] = format!("Filler {i} Corp").into();
        account["WebsiteUrl"] = format!("https://www.filler{i}.example").into();
        account["AwsAccountId"] = format!("{:012}", 100_000_000_000u64 + i).into();
        other["Opportunity"]["ClientToken"] = format!("00000000-0000-4000-8000-{i:012}").into();
        other["Opportunity"]["PartnerOpportunityIdentifier"] = format!("CLP-2026-F{i:04}").into();
        other.to_string()
    };
    let mut again = record.clone();
    again["Opportunity"]["ClientToken"] = "00000000-0000-4000-8000-999999999999".into();
    again["Opportunity"]["PartnerOpportunityIdentifier"] = "CLP-2026-9999".into();
    let mut lines: Vec<String> = (0..300).map(other).collect();
    lines.push(record.to_string());
    lines.extend((300..499).map(other));
    lines.push(again.to_string());
    lines.join("\n") + "\n"
}

/// The source line numbers the report's excerpts show, in order.
fn excerpt_line_numbers(out: &str) -> Vec<usize> {
    out.lines().filter_map(|l| l.split_once(" | ")).filter_map(|(n, _)| n.trim().parse().ok()).collect()
}

#[test]
fn labels_far_apart_in_one_file_get_an_excerpt_each() {
    let d = tmp();
    write(d.path(), "drafts.jsonl", &one_customer_twice_far_apart());
    let r = check(d.path(), &["drafts.jsonl", "--output-format", "full", "--select", "duplicate-program"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout.matches("duplicate-program").count(), 1, "one finding, with its label:\n{}", r.stdout);
    assert!(r.stdout.contains("the first Activate Portfolio record"), "the related label:\n{}", r.stdout);
    // Each label with a line either side, none of the 197 lines between.
    assert_eq!(excerpt_line_numbers(&r.stdout), [300, 301, 302, 500, 501], "{}", r.stdout);
    assert!(r.stdout.contains("[drafts.jsonl:301:") && r.stdout.contains("[drafts.jsonl:501:"), "{}", r.stdout);
    assert!(r.stdout.lines().count() < 30, "{}", r.stdout);
    assert_narrow(&r.stdout);
}

/// A value at fault that runs for thousands of lines (an export wrapped in
/// one array too many) is labelled on its first line in the full report,
/// not drawn whole; the JSON report keeps the whole span.
#[test]
fn a_label_over_many_lines_is_drawn_on_its_first() {
    let dir = tmp();
    let items: Vec<Value> = (0..3000).map(|i| serde_json::json!({ "x": i })).collect();
    let text = serde_json::to_string_pretty(&serde_json::json!([items])).unwrap();
    let lines = text.lines().count();
    write(dir.path(), "nested.json", &text);
    let full = check(dir.path(), &["nested.json", "--output-format", "full"]);
    assert_eq!(full.code, 1, "{}", full.stderr);
    assert!(full.stdout.contains("not-a-record"), "{}", full.stdout);
    assert!(full.stdout.lines().count() < 30, "{} lines:\n{}", full.stdout.lines().count(), full.stdout);
    let json = check(dir.path(), &["nested.json", "--output-format", "json"]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    let finding = &report["diagnostics"][0];
    assert_eq!((finding["code"].as_str(), finding["end_line"].as_u64()), (Some("ACE005"), Some(lines as u64 - 1)));
}

/// A note on another file (the first record of a duplicate program) is
/// headed `Advice:` with no space after it: no line of the report ends in
/// one.
#[test]
fn a_related_note_in_another_file_has_no_trailing_space() {
    let dir = tmp();
    let record = std::fs::read_to_string(common::repo("examples/clean-stack/portfolio.json")).unwrap();
    write(dir.path(), "a.json", &record);
    write(dir.path(), "b.json", &record);
    let run = check(dir.path(), &["--select", "duplicate-program", "a.json", "b.json"]);
    assert!(run.stdout.contains("\nAdvice:\n  > related: "), "{}", run.stdout);
    let trailing: Vec<&str> = run.stdout.lines().filter(|l| l.ends_with(' ')).collect();
    assert!(trailing.is_empty(), "{trailing:?}");
}
