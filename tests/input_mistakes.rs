//! Mistakes in the input a person makes by hand: a pretty-printed record
//! saved as `.jsonl`, JSON Lines cut short, whitespace JSON does not allow,
//! syntax from other languages, an empty path, a huge key or number. Each
//! case runs the real binary.

mod common;

use common::{acelint, repo, write, Run, TODAY};
use serde_json::Value;
use std::path::Path;

fn check(dir: &Path, args: &[&str]) -> Run {
    let base = ["check", "--today", TODAY, "--output-format", "json"];
    Run::of(acelint(dir, &[&base[..], args].concat()))
}

/// (code, line, column) of each diagnostic.
fn places(run: &Run) -> Vec<(String, u64, u64)> {
    let place = |d: &Value| {
        (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
    };
    run.diagnostics().iter().map(place).collect()
}

fn at(code: &str, line: u64, column: u64) -> (String, u64, u64) {
    (code.to_string(), line, column)
}

// --- a .jsonl file: JSON Lines, or one pretty-printed document -------------

/// One pretty-printed record whose array items are compact objects, each
/// on a line of its own: the last of them is a whole object on its line.
fn pretty_with_compact_items() -> String {
    let text = std::fs::read_to_string(repo("examples/structural-mistakes.json")).unwrap();
    assert!(text.contains("\n      { \"Product\": \"AmazonCloudWatch\", \"MonthlyUsd\": 400 }\n"));
    text
}

#[test]
fn a_pretty_record_in_a_jsonl_file_is_read_as_in_a_json_file_even_with_compact_items() {
    let dir = tempfile::tempdir().unwrap();
    let text = pretty_with_compact_items();
    write(dir.path(), "sm.json", &text);
    write(dir.path(), "sm.jsonl", &text);
    let json = check(dir.path(), &["sm.json", "--isolated"]);
    let jsonl = check(dir.path(), &["sm.jsonl", "--isolated"]);
    assert!(!places(&json).is_empty());
    assert_eq!(places(&jsonl), places(&json), "{}", jsonl.stdout);
    assert_eq!(jsonl.json()["summary"]["records"], 1, "{}", jsonl.stdout);
}

#[test]
fn a_broken_pretty_record_in_a_jsonl_file_is_one_error_at_its_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let text = pretty_with_compact_items().replacen("\"Catalog\": \"AWS\",", "\"Catalog\": \"AWS\",,", 1);
    let line = 1 + text[..text.find(",,").unwrap()].matches('\n').count() as u64;
    write(dir.path(), "broken.jsonl", &text);
    let run = check(dir.path(), &["broken.jsonl", "--isolated"]);
    let found = places(&run);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_eq!((found[0].0.as_str(), found[0].1), ("ACE001", line), "{}", run.stdout);
}

#[test]
fn json_lines_whose_first_line_is_cut_short_report_each_broken_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"Opportunity\": \r\n{\"a\":\"é\",\r\n[\"x\",]\r\n{\"b\": tru}\r\n";
    write(dir.path(), "cut.jsonl", text);
    let run = check(dir.path(), &["cut.jsonl", "--isolated"]);
    let expected = [at("ACE001", 1, 15), at("ACE001", 2, 9), at("ACE001", 3, 5), at("ACE001", 4, 7)];
    assert_eq!(places(&run), expected, "{}", run.stdout);
}

// --- whitespace that JSON does not allow -----------------------------------

#[test]
fn a_json_lines_line_is_trimmed_of_json_whitespace_only() {
    let dir = tempfile::tempdir().unwrap();
    let record = r#"{"Opportunity":{"Catalog":"AWZ"}}"#;
    // Blank lines of JSON whitespace are skipped; a no-break space, an
    // ideographic space, a form feed or a line separator is a character
    // JSON does not allow, reported where it stands.
    let text = format!("{record}\n \t\r\n\u{a0}\n\u{3000} {record}\n{record}\u{a0}\n\u{c}\n\u{2028}\n{record}\n");
    write(dir.path(), "ws.jsonl", &text);
    let run = check(dir.path(), &["ws.jsonl", "--isolated", "--select", "ACE001,ACE148"]);
    let expected = [
        at("ACE148", 1, 27),
        at("ACE001", 3, 1),
        at("ACE001", 4, 1),
        at("ACE001", 5, 34),
        at("ACE001", 6, 1),
        at("ACE001", 7, 1),
        at("ACE148", 8, 27),
    ];
    assert_eq!(places(&run), expected, "{}", run.stdout);
    // The same bytes in a .json file are the same mistake.
    write(dir.path(), "nbsp.json", &format!("\u{a0}{record}\n"));
    let run = check(dir.path(), &["nbsp.json", "--isolated", "--select", "ACE001,ACE148"]);
    assert_eq!(places(&run), [at("ACE001", 1, 1)], "{}", run.stdout);
}
