//! Mistakes in the input a person makes by hand: a pretty-printed record
//! saved as `.jsonl`, JSON Lines cut short, whitespace JSON does not allow,
//! syntax from other languages, an empty path, a huge key or number. Each
//! case runs the real binary.

mod common;

use common::{acelint, at, repo, write, Run, TODAY};
use std::path::Path;

fn check(dir: &Path, args: &[&str]) -> Run {
    let base = ["check", "--today", TODAY, "--output-format", "json"];
    Run::of(acelint(dir, &[&base[..], args].concat()))
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
    assert!(!json.places().is_empty());
    assert_eq!(jsonl.places(), json.places(), "{}", jsonl.stdout);
    assert_eq!(jsonl.json()["summary"]["records"], 1, "{}", jsonl.stdout);
}

#[test]
fn a_broken_pretty_record_in_a_jsonl_file_is_one_error_at_its_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let text = pretty_with_compact_items().replacen("\"Catalog\": \"AWS\",", "\"Catalog\": \"AWS\",,", 1);
    let line = 1 + text[..text.find(",,").unwrap()].matches('\n').count() as u64;
    write(dir.path(), "broken.jsonl", &text);
    let run = check(dir.path(), &["broken.jsonl", "--isolated"]);
    let found = run.places();
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
    assert_eq!(run.places(), expected, "{}", run.stdout);
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
    assert_eq!(run.places(), expected, "{}", run.stdout);
    // The same bytes in a .json file are the same mistake.
    write(dir.path(), "nbsp.json", &format!("\u{a0}{record}\n"));
    let run = check(dir.path(), &["nbsp.json", "--isolated", "--select", "ACE001,ACE148"]);
    assert_eq!(run.places(), [at("ACE001", 1, 1)], "{}", run.stdout);
}

// --- syntax of other languages ----------------------------------------------

/// The one diagnostic of `text` saved as `name`: (line, column, message, help).
fn one_error(dir: &Path, name: &str, text: &str) -> (u64, u64, String, String) {
    write(dir, name, text);
    let run = check(dir, &[name, "--isolated", "--select", "ACE001"]);
    let found = run.diagnostics();
    assert_eq!(found.len(), 1, "{name}: {}", run.stdout);
    let d = &found[0];
    let s = |key: &str| d[key].as_str().unwrap_or_default().to_string();
    (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), s("message"), s("help"))
}

#[test]
fn a_comment_is_named_as_one_wherever_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("first-line.json", "// draft for Acme\n{}\n", 1, 1),
        ("in-object.json", "{\n  \"a\": 1, // why\n  \"b\": 2\n}\n", 2, 11),
        ("after-value.json", "{\n  \"a\": 1 /* why */\n}\n", 2, 10),
        ("opening.json", "{ /* draft */ }\n", 1, 3),
        ("after-record.json", "{}\n/* end */\n", 2, 1),
        ("line.jsonl", "{}\n// two\n{}\n", 2, 1),
    ];
    for (name, text, line, column) in cases {
        let (l, c, message, help) = one_error(dir.path(), name, text);
        assert_eq!((l, c, message.as_str()), (line, column, "invalid JSON: a comment"), "{name}");
        assert!(help.contains("JSON has no comments"), "{name}: {help}");
    }
}

#[test]
fn python_words_are_named_with_their_json_spelling() {
    let dir = tempfile::tempdir().unwrap();
    for (word, json) in [("True", "true"), ("False", "false"), ("None", "null"), ("NULL", "null")] {
        let (line, column, message, help) = one_error(dir.path(), "py.json", &format!("{{\"a\": {word}}}"));
        assert_eq!((line, column), (1, 7), "{word}");
        assert_eq!(message, format!("invalid JSON: `{word}` is not a JSON value"));
        assert!(help.starts_with(&format!("write `{json}`")), "{word}: {help}");
    }
}

/// Quotes a word processor or another language writes, and numbers JSON
/// cannot write, are named on their own characters with what to write.
#[test]
fn foreign_quotes_and_numbers_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("{\"a\": \u{201c}x\u{201d}}", (7, "invalid JSON: a curly quote `\u{201c}`"), "straight double quotes"),
        ("{\u{201c}a\u{201d}: 1}", (2, "invalid JSON: a curly quote `\u{201c}`"), "straight double quotes"),
        ("{'a': 1}", (2, "invalid JSON: a single quote"), "double quotes"),
        ("{\"a\": +5}", (7, "invalid JSON: a `+` before a number"), "no `+` sign"),
        ("{\"a\": NaN}", (7, "invalid JSON: `NaN` is not a JSON number"), "no NaN or infinity"),
        ("{\"a\": -Infinity}", (7, "invalid JSON: `-Infinity` is not a JSON number"), "no NaN or infinity"),
        ("{\"a\": 1.}", (9, "invalid JSON: invalid number"), "in digits"),
    ];
    for (text, (column, message), help) in cases {
        let (line, found_column, found, found_help) = one_error(dir.path(), "q.json", text);
        assert_eq!((line, found_column, found.as_str()), (1, column, message), "{text}");
        assert!(found_help.contains(help), "{text}: {found_help}");
    }
    // Inside a string, a curly quote or an apostrophe is text.
    write(dir.path(), "fine.json", "{\"a\": \"it\u{2019}s 'quoted'\"}");
    let run = check(dir.path(), &["fine.json", "--isolated", "--select", "ACE001"]);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);
}

#[test]
fn a_byte_order_mark_past_the_start_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // Two files that each began with one, joined.
    let (line, column, message, help) = one_error(dir.path(), "joined.jsonl", "\u{feff}{}\n\u{feff}{}\n");
    assert_eq!((line, column), (2, 1));
    assert_eq!(message, "invalid JSON: a byte order mark (U+FEFF) in the middle of the file");
    assert!(help.contains("joined"), "{help}");
    let (line, column, message, _) = one_error(dir.path(), "joined.json", "[{},\n\u{feff}{}]\n");
    assert_eq!(
        (line, column, message.as_str()),
        (2, 1, "invalid JSON: a byte order mark (U+FEFF) in the middle of the file")
    );
}

#[test]
fn a_repeated_comma_is_named() {
    let dir = tempfile::tempdir().unwrap();
    for (text, column) in [("{\"a\": 1,, \"b\": 2}", 9), ("[{},\n,{}]", 1), ("{\"a\": [1, ,2]}", 11)] {
        let (line, c, message, help) = one_error(dir.path(), "commas.json", text);
        assert_eq!(
            (c, message.as_str(), help.as_str()),
            (column, "invalid JSON: a repeated comma", "remove one of the commas"),
            "{text}"
        );
        assert_eq!(line, 1 + text.matches('\n').count() as u64, "{text}");
    }
}

#[test]
fn a_space_json_does_not_allow_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (line, column, message, help) = one_error(dir.path(), "nbsp.json", "{\"a\":\u{a0}1}");
    assert_eq!((line, column), (1, 6));
    assert_eq!(message, "invalid JSON: a no-break space (U+00A0), which JSON does not take for whitespace");
    assert_eq!(help, "replace it with a plain space, or remove it");
    // Inside a string it is text, and a form feed there a control character.
    let (_, _, message, _) = one_error(dir.path(), "ff.json", "{\"a\": \"x\u{c}y\"}");
    assert!(message.contains("control character"), "{message}");
}

// --- an empty path ----------------------------------------------------------

#[test]
fn an_empty_path_is_a_usage_error_not_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.json", "{}\n");
    let cases: [&[&str]; 6] = [
        &["check", ""],
        &["check", "a.json", ""],
        &["check", "a.json", "--output-file", ""],
        &["check", "a.json", "--config", ""],
        &["baseline", "", "--output", "b.json"],
        &["export", ""],
    ];
    for args in cases {
        let run = Run::of(acelint(dir.path(), args));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("the path is empty"), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("ACE008") && !run.stdout.contains("ACE008"), "{args:?}: {}", run.stderr);
    }
}

// --- a huge key ---------------------------------------------------------------

#[test]
fn a_huge_key_is_cut_in_messages_as_a_huge_value_is() {
    let dir = tempfile::tempdir().unwrap();
    let key = "K".repeat(100_000);
    let text = format!("{{\"Opportunity\": {{\"Catalog\": \"AWS\", \"{key}\": 1, \"{key}\": 2}}}}\n");
    write(dir.path(), "key.json", &text);
    let run = check(dir.path(), &["key.json", "--isolated", "--select", "ACE002,ACE011"]);
    let found = run.diagnostics();
    let messages: Vec<&str> = found.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let cut = format!("{}…", "K".repeat(77));
    assert_eq!(messages[0], format!("duplicate key \"{cut}\": the earlier value is silently discarded"));
    assert_eq!(messages[1], format!("unknown field `{cut}` in `Opportunity`"));
    // The human report too stays small.
    let full = Run::of(acelint(
        dir.path(),
        &["check", "key.json", "--isolated", "--select", "ACE002,ACE011", "--today", TODAY],
    ));
    assert!(full.stdout.len() < 5_000, "{} bytes", full.stdout.len());
    // A short key is quoted whole.
    write(dir.path(), "short.json", "{\"Opportunity\": {\"Catalog\": \"AWS\", \"Tilte\": 1, \"Tilte\": 2}}\n");
    let run = check(dir.path(), &["short.json", "--isolated", "--select", "ACE002,ACE011"]);
    let found = run.diagnostics();
    assert_eq!(found[0]["message"], "duplicate key \"Tilte\": the earlier value is silently discarded");
    assert_eq!(found[1]["message"], "unknown field `Tilte` in `Opportunity`");
}

// --- a number past what acelint holds --------------------------------------------

#[test]
fn a_number_past_what_acelint_holds_is_out_of_range_not_invalid_json() {
    let dir = tempfile::tempdir().unwrap();
    for number in ["1e400", "-1e400"] {
        let text = format!("{{\"Funding\": {{\"RequestedAmountUsd\": {number}}}}}\n");
        let (line, column, message, help) = one_error(dir.path(), "big.json", &text);
        assert_eq!((line, column), (1, 1 + text.find(number).unwrap() as u64), "{number}");
        assert_eq!(
            message,
            format!(
                "number {number} is out of range: JSON allows it, but acelint reads numbers only up to about 1.8e308"
            )
        );
        assert!(help.contains("plain digits"), "{help}");
    }
}

// --- characters pasted from a word processor --------------------------------

#[test]
fn a_value_with_a_no_break_space_shows_the_space_on_the_terminal_and_keeps_it_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo("examples/clean-stack/portfolio.json")).unwrap();
    let pasted = text.replacen("\"Stage\": \"Series A\"", "\"Stage\": \"Series\u{a0}A\"", 1);
    assert_ne!(pasted, text);
    write(dir.path(), "pasted.json", &pasted);
    let out =
        acelint(dir.path(), &["check", "--today", TODAY, "--output-format", "concise", "pasted.json", "--isolated"])
            .output()
            .unwrap();
    let concise = String::from_utf8(out.stdout).unwrap();
    assert!(concise.contains("`Series\\u{a0}A` is not an allowed value for `Stage`"), "{concise}");
    let run = check(dir.path(), &["pasted.json", "--isolated"]);
    let stage = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["pointer"] == "/Funding/Company/Stage")
        .cloned()
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert_eq!(
        stage["message"], "`Series\u{a0}A` is not an allowed value for `Stage`",
        "the JSON report keeps the value"
    );
    assert_eq!(stage["help"], "did you mean `Series A`?", "{stage}");
}
