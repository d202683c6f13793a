//! Inputs at the edges of loading: corpus globs that reach outside the
//! working directory, `--force-exclude` and the ignore files, one file
//! named through a symbolic link beside itself, and JSON Lines with a line
//! that is not UTF-8.

mod common;

use common::{acelint, at, clean_stack, repo, write, Run, TODAY};
use serde_json::Value;
use std::path::Path;

fn check(dir: &Path, args: &[&str]) -> Run {
    let base = ["check", "--today", TODAY, "--output-format", "json"];
    Run::of(acelint(dir, &[&base[..], args].concat()))
}

fn codes(run: &Run) -> Vec<String> {
    run.diagnostics().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

// --- corpus globs outside the working directory ---------------------------

/// `a/p.json` and `b/p2.json`: one record filed twice, in sibling folders.
fn siblings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let record = std::fs::read_to_string(repo("examples/clean-stack/portfolio.json")).unwrap();
    write(dir.path(), "a/p.json", &record);
    write(dir.path(), "b/p2.json", &record);
    dir
}

#[test]
fn a_corpus_glob_reaches_a_sibling_directory_and_keeps_its_spelling() {
    let dir = siblings();
    let run = check(&dir.path().join("a"), &["p.json", "--isolated", "--corpus", "../b/*.json"]);
    assert!(!run.stderr.contains("matches no record file"), "{}", run.stderr);
    let dup = run.diagnostics();
    let dup = with_code(&dup, "ACE303");
    assert_eq!(dup.len(), 1, "{}", run.stdout);
    assert!(dup[0]["message"].as_str().unwrap().contains("in ../b/p2.json record 0"), "{}", dup[0]);
    assert_eq!(run.code, 1);
}

#[test]
fn an_absolute_corpus_glob_outside_the_working_directory_matches() {
    let dir = siblings();
    let root = dir.path().canonicalize().unwrap();
    let glob = format!("{}/b/*.json", root.display());
    let run = check(&dir.path().join("a"), &["p.json", "--isolated", "--corpus", &glob]);
    assert!(!run.stderr.contains("matches no record file"), "{}", run.stderr);
    let diagnostics = run.diagnostics();
    let dup = with_code(&diagnostics, "ACE303");
    assert_eq!(dup.len(), 1, "{}", run.stdout);
    let named = format!("in {}/b/p2.json record 0", root.display());
    assert!(dup[0]["message"].as_str().unwrap().contains(&named), "{}", dup[0]);
}

#[test]
fn a_config_corpus_glob_reaches_above_the_config_directory() {
    let dir = siblings();
    write(dir.path(), "a/acelint.toml", "corpus = [\"../b/*.json\"]\n");
    let run = check(&dir.path().join("a"), &["p.json"]);
    assert!(!run.stderr.contains("matches no record file"), "{}", run.stderr);
    assert_eq!(with_code(&run.diagnostics(), "ACE303").len(), 1, "{}", run.stdout);
    // From elsewhere, the glob is still read from the config's directory.
    let run = check(dir.path(), &["a/p.json", "--config", "a/acelint.toml"]);
    assert!(!run.stderr.contains("matches no record file"), "{}", run.stderr);
    assert_eq!(with_code(&run.diagnostics(), "ACE303").len(), 1, "{}", run.stdout);
}

#[test]
fn a_corpus_glob_under_a_missing_directory_is_unmatched_not_a_walk_error() {
    let dir = siblings();
    let run = check(&dir.path().join("a"), &["p.json", "--isolated", "--corpus", "../missing/*.json"]);
    assert!(run.stderr.contains("warning: --corpus `../missing/*.json` matches no record file"), "{}", run.stderr);
    assert!(!run.stderr.contains("looking for corpus files"), "{}", run.stderr);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn two_corpus_globs_reaching_one_file_load_it_once() {
    let dir = siblings();
    let root = dir.path().canonicalize().unwrap();
    let absolute = format!("{}/b/*.json", root.display());
    let args = ["p.json", "--isolated", "--corpus", "../b/*.json", "--corpus", &absolute, "--corpus", "../*/p2.json"];
    let run = check(&dir.path().join("a"), &args);
    assert_eq!(with_code(&run.diagnostics(), "ACE303").len(), 1, "{}", run.stdout);
}

// --- --force-exclude and the ignore files ---------------------------------

/// `a/archive/y.json`, an empty record, with `.acelintignore` naming
/// `archive` at the top.
fn ignored_archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/archive/y.json", "{}\n");
    write(dir.path(), ".acelintignore", "archive\n");
    dir
}

/// Exit 0 and the JSON report of no file, as for a run with nothing to
/// check.
fn assert_nothing_checked(run: &Run) {
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["summary"]["files"], 0, "{}", run.stdout);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);
}

#[test]
fn force_exclude_leaves_out_a_file_acelintignore_covers() {
    let dir = ignored_archive();
    let run = check(dir.path(), &["a/archive/y.json", "--isolated"]);
    assert_eq!(run.code, 1, "named without --force-exclude, it is checked: {}", run.stderr);
    let run = check(dir.path(), &["a/archive/y.json", "--isolated", "--force-exclude"]);
    assert_nothing_checked(&run);
    assert!(run.stderr.contains("every path named is excluded"), "{}", run.stderr);
    // The directory named, and from a directory below the ignore file.
    let run = check(dir.path(), &["a/archive", "--isolated", "--force-exclude"]);
    assert_nothing_checked(&run);
    let run = check(&dir.path().join("a"), &["archive/y.json", "--isolated", "--force-exclude"]);
    assert_nothing_checked(&run);
    // Standard input named after such a file.
    let mut c = acelint(dir.path(), &["check", "-", "--stdin-filename", "a/archive/new.json", "--isolated"]);
    c.arg("--force-exclude").write_stdin("{}\n");
    let run = Run::of(c);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "the text report stays quiet: {}", run.stderr);
}

#[test]
fn force_exclude_agrees_with_a_walk_on_gitignore_and_its_negations() {
    let dir = ignored_archive();
    write(dir.path(), "a/keep/z.json", "{}\n");
    write(dir.path(), "a/keep/k.json", "{}\n");
    write(dir.path(), "a/keep/.gitignore", "*.json\n!k.json\n");
    let walked = check(dir.path(), &["a", "--isolated"]);
    let files: std::collections::BTreeSet<String> =
        walked.diagnostics().iter().map(|d| d["file"].as_str().unwrap().to_string()).collect();
    assert_eq!(files.into_iter().collect::<Vec<_>>(), ["a/keep/k.json"], "{}", walked.stdout);
    let named = ["a/keep/z.json", "a/keep/k.json", "a/archive/y.json", "--isolated", "--force-exclude"];
    let run = check(dir.path(), &named);
    let files: std::collections::BTreeSet<String> =
        run.diagnostics().iter().map(|d| d["file"].as_str().unwrap().to_string()).collect();
    assert_eq!(files.into_iter().collect::<Vec<_>>(), ["a/keep/k.json"], "{}", run.stdout);
}

#[test]
fn force_exclude_does_not_leave_out_the_directory_it_runs_in() {
    // A walk of `.` from inside an ignored directory checks its files:
    // so does a file named from there.
    let dir = ignored_archive();
    let run = check(&dir.path().join("a/archive"), &["y.json", "--isolated", "--force-exclude"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = check(&dir.path().join("a/archive"), &[".", "--isolated"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

// --- one file reached through a symbolic link ------------------------------

#[cfg(unix)]
#[test]
fn a_link_named_beside_its_target_is_checked_once() {
    let dir = clean_stack();
    std::os::unix::fs::symlink("records/portfolio.json", dir.path().join("link.json")).unwrap();
    let run = check(dir.path(), &["records", "link.json", "--isolated"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stdout);
    assert_eq!((run.code, &run.json()["summary"]["files"]), (0, &Value::from(3)), "{}", run.stderr);
    // As a corpus file, the target is not compared with the link named.
    let run = check(dir.path(), &["link.json", "--isolated", "--corpus", "records/*.json"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_linked_directory_named_beside_its_target_is_walked_once() {
    let dir = clean_stack();
    std::os::unix::fs::symlink("records", dir.path().join("same")).unwrap();
    let run = check(dir.path(), &["records", "same", "--isolated"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stdout);
    assert_eq!(run.json()["summary"]["files"], 3, "{}", run.stdout);
}

// --- JSON Lines with bytes that are not UTF-8 ------------------------------

const AWZ: &[u8] = b"{\"Opportunity\":{\"Catalog\":\"AWZ\"}}\n";
const AWQ: &[u8] = b"{\"Opportunity\":{\"Catalog\":\"AWQ\"}}\n";

fn raw(dir: &Path, name: &str, bytes: &[&[u8]]) {
    std::fs::write(dir.join(name), bytes.concat()).unwrap();
}

#[test]
fn a_line_of_json_lines_that_is_not_utf8_loses_only_that_line() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["bad.jsonl", "bad.ndjson", "lines.json"] {
        raw(dir.path(), name, &[AWZ, b"{\"x\":\"\xff\"}\n", AWQ]);
        let run = check(dir.path(), &[name, "--isolated", "--select", "ACE148"]);
        assert_eq!(run.places(), [at("ACE148", 1, 27), at("ACE003", 2, 7), at("ACE148", 3, 27)], "{name}");
        assert_eq!(run.json()["summary"]["records"], 2, "{name}");
        let bad = &run.diagnostics()[1];
        assert_eq!(bad["name"], "invalid-utf8");
        assert!(bad["message"].as_str().unwrap().contains("bad byte at offset 40"), "{bad}");
        assert_eq!(run.code, 1);
    }
}

#[test]
fn a_json_lines_file_whose_first_line_is_cut_short_keeps_its_other_lines() {
    let dir = tempfile::tempdir().unwrap();
    raw(dir.path(), "cut.jsonl", &[b"{\"Opportunity\": {\"Title\": \"unterminat\n", AWZ, AWQ]);
    let run = check(dir.path(), &["cut.jsonl", "--isolated", "--select", "ACE001,ACE148"]);
    assert_eq!(run.places(), [at("ACE001", 1, 37), at("ACE148", 2, 27), at("ACE148", 3, 27)]);
    assert!(run.diagnostics()[0]["message"].as_str().unwrap().contains("the line ends"), "{}", run.stdout);
    // One pretty-printed record is still read as one document.
    raw(dir.path(), "pretty.jsonl", &[b"{\n  \"Opportunity\": {\"Catalog\": \"AWZ\"}\n}\n"]);
    let run = check(dir.path(), &["pretty.jsonl", "--isolated", "--select", "ACE148"]);
    assert_eq!(run.places(), [at("ACE148", 2, 30)]);
}

#[test]
fn each_bad_line_is_reported_once_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    // Two bad bytes on line 1, a valid character then a truncated
    // sequence on line 3, and a sequence cut short by the end of the file.
    raw(
        dir.path(),
        "x.jsonl",
        &[b"{\"x\":\"\xff\xfe\"}\n", AWZ, b"{\"x\":\"\xc3\xa9\xc3(\xff\"}\n", b"{\"x\":\"\xe2\x82"],
    );
    let run = check(dir.path(), &["x.jsonl", "--isolated", "--select", "ACE148"]);
    let expected = [at("ACE003", 1, 7), at("ACE148", 2, 27), at("ACE003", 3, 8), at("ACE003", 4, 7)];
    assert_eq!(run.places(), expected, "{}", run.stdout);
    // With a byte order mark, which is not counted as a column.
    raw(dir.path(), "bom.jsonl", &[b"\xef\xbb\xbf{\"x\":\"\xff\"}\n", AWZ]);
    let run = check(dir.path(), &["bom.jsonl", "--isolated", "--select", "ACE148"]);
    assert_eq!(run.places(), [at("ACE003", 1, 7), at("ACE148", 2, 27)], "{}", run.stdout);
}

#[test]
fn a_bad_line_on_standard_input_is_lost_alone_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = acelint(dir.path(), &["check", "-", "--stdin-filename", "draft.jsonl", "--isolated"]);
    c.args(["--select", "ACE148", "--output-format", "json"]).write_stdin([AWZ, b"{\"x\":\"\xff\"}\n", AWQ].concat());
    let run = Run::of(c);
    assert_eq!(run.places(), [at("ACE148", 1, 27), at("ACE003", 2, 7), at("ACE148", 3, 27)], "{}", run.stderr);
}

#[test]
fn a_record_or_array_that_is_not_utf8_is_still_one_error_for_the_file() {
    let dir = tempfile::tempdir().unwrap();
    raw(dir.path(), "single.json", &[b"{\"Opportunity\":{\"Catalog\":\"AWZ\",\"x\":\"\xff\"}}\n"]);
    raw(dir.path(), "array.json", &[b"[{\"Opportunity\":{\"Catalog\":\"AWZ\"}},\n{\"x\":\"\xff\"}]\n"]);
    // A `.jsonl` file holding one pretty-printed record is that record.
    raw(dir.path(), "pretty.jsonl", &[b"{\n\"Opportunity\":{\"Catalog\":\"AWZ\",\"x\":\"\xff\"}\n}\n"]);
    // Broken on its first line, a `.json` file is not taken for JSON Lines.
    raw(dir.path(), "first.json", &[b"{\xff}\n", AWZ]);
    // UTF-16 is the wrong encoding for the whole file.
    raw(dir.path(), "utf16.jsonl", &[b"\xff\xfe{\x00}\x00\n\x00"]);
    for (name, line, column) in [
        ("single.json", 1, 38),
        ("array.json", 2, 7),
        ("pretty.jsonl", 2, 37),
        ("first.json", 1, 2),
        ("utf16.jsonl", 1, 1),
    ] {
        let run = check(dir.path(), &[name, "--isolated", "--select", "ACE148"]);
        assert_eq!(run.places(), [at("ACE003", line, column)], "{name}: {}", run.stdout);
        assert!(run.diagnostics()[0]["message"].as_str().unwrap().starts_with("the file is"), "{name}");
        assert_eq!(run.json()["summary"]["records"], 0, "{name}");
    }
}

#[test]
fn force_exclude_leaves_out_a_hidden_path_a_walk_skips() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".archive/x.json", "{}\n");
    let run = check(dir.path(), &[".", "--isolated"]);
    assert!(run.stderr.contains("no record files found"), "a walk skips the hidden directory: {}", run.stderr);
    let run = check(dir.path(), &[".archive/x.json", "--isolated"]);
    assert_eq!(run.code, 1, "named, it is checked: {}", run.stderr);
    let run = check(dir.path(), &[".archive/x.json", "--isolated", "--force-exclude"]);
    assert_nothing_checked(&run);
    // From inside it, nothing on the way is hidden.
    let run = check(&dir.path().join(".archive"), &["x.json", "--isolated", "--force-exclude"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

// --- members written as `null` --------------------------------------------

/// A required member written as `null` is missing to the API, and the
/// finding points at the `null` (line and column of the value), once: the
/// rules that require the same field defer to it there as they do for an
/// absent key.
#[test]
fn a_required_member_written_null_is_reported_at_the_null() {
    let dir = tempfile::tempdir().unwrap();
    let record = std::fs::read_to_string(repo("examples/clean-stack/portfolio.json")).unwrap();
    let nulled = record.replacen("\"CompanyName\": \"Kestrelpoint Inc.\"", "\"CompanyName\": null", 1);
    assert_ne!(nulled, record, "the example names its company");
    write(dir.path(), "r.json", &nulled);
    let run = check(dir.path(), &["r.json", "--isolated"]);
    assert_eq!(codes(&run), ["ACE010"], "{}", run.stdout);
    let d = &run.diagnostics()[0];
    assert_eq!(d["pointer"], "/Opportunity/Customer/Account/CompanyName");
    assert!(d["message"].as_str().unwrap().contains("is null"), "{d}");
    let line = nulled.lines().position(|l| l.contains("\"CompanyName\": null")).unwrap() + 1;
    let column = nulled.lines().nth(line - 1).unwrap().find("null").unwrap() + 1;
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line as u64), Some(column as u64)), "{d}");

    // A whole section written as `null`: each at its own `null`, and the
    // rules requiring fields inside it defer to that finding, as they do
    // when the section is absent.
    write(dir.path(), "s.json", r#"{"Opportunity": null, "Funding": null}"#);
    let run = check(dir.path(), &["s.json", "--isolated"]);
    assert_eq!(run.places(), [at("ACE010", 1, 17), at("ACE010", 1, 34)], "{}", run.stdout);
}

/// A field a rule requires (and the schema does not) written as `null`:
/// the rule's finding is on the `null`, not on its key, and says it is
/// written so; an absent one is still on the object that lacks it. A
/// section written as `null` is named where the fields it should hold are
/// required.
#[test]
fn a_rule_required_field_written_null_is_reported_at_the_null_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let message = |run: &Run| run.diagnostics()[0]["message"].as_str().unwrap().to_string();
    write(dir.path(), "n.json", r#"{"Opportunity":{"LifeCycle":{"TargetCloseDate":null}}}"#);
    let run = check(dir.path(), &["n.json", "--isolated", "--select", "ACE141"]);
    assert_eq!(run.places(), [at("ACE141", 1, 48)], "{}", run.stdout);
    assert_eq!(message(&run), "`LifeCycle.TargetCloseDate` is missing: it is written as `null`");

    write(dir.path(), "i.json", r#"{"Opportunity":{"Customer":{"Account":{"Industry": null}}}}"#);
    let run = check(dir.path(), &["i.json", "--isolated", "--select", "ACE101"]);
    assert_eq!(run.places(), [at("ACE101", 1, 52)], "{}", run.stdout);
    assert_eq!(message(&run), "`Customer.Account` has no `Industry`: it is written as `null`");

    write(dir.path(), "f.json", r#"{"Funding": {"RequestedAmountUsd": null}}"#);
    let run = check(dir.path(), &["f.json", "--isolated", "--select", "ACE209"]);
    let on_null = with_code(&run.diagnostics(), "ACE209")
        .into_iter()
        .find(|d| d["pointer"] == "/Funding/RequestedAmountUsd")
        .cloned()
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert_eq!(on_null["message"], "the credit request has no `RequestedAmountUsd`: it is written as `null`");
    assert_eq!((on_null["line"].as_u64(), on_null["column"].as_u64()), (Some(1), Some(36)));

    write(dir.path(), "a.json", r#"{"Opportunity":{"Customer":{"Account":null}}}"#);
    let run = check(dir.path(), &["a.json", "--isolated", "--select", "ACE101"]);
    assert_eq!(run.places(), [at("ACE101", 1, 39)], "{}", run.stdout);
    assert_eq!(message(&run), "`Customer.Account` has no `Industry`: `Account` is written as `null`");

    // Absent, not null: on the object, and the message as the rule wrote it.
    write(dir.path(), "m.json", r#"{"Opportunity":{"LifeCycle":{}}}"#);
    let run = check(dir.path(), &["m.json", "--isolated", "--select", "ACE141"]);
    assert_eq!(run.places(), [at("ACE141", 1, 17)], "{}", run.stdout);
    assert_eq!(message(&run), "`LifeCycle.TargetCloseDate` is missing");
}
