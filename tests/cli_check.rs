//! End-to-end tests of `acelint check`: the binary is run on fixture files
//! and its reports are checked for exact places (line:column, where columns
//! count characters), rule codes, exit codes and output formats.
//!
//! Fixtures live in `tests/fixtures/check/`. Most are
//! `examples/clean-stack/portfolio.json` with one planted mistake, so each
//! test asserts on the finding it is about and tolerates findings that later
//! record rules may add. Variants whose bytes matter (CRLF line endings, a
//! BOM) are written into a temporary directory from a fixture at run time, so
//! no editor or Git setting can normalise them away.
//!
//! Every run passes `--today 2026-11-24` (date rules stay reproducible) and
//! `--isolated` (no `acelint.toml` found around the checkout changes results).

mod common;

use assert_cmd::Command;
use common::TODAY;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

/// A near-miss industry's help: the suggestion, then AWS's own wording.
const INDUSTRY_HELP: &str = "did you mean `Computers and Electronics`?\nAWS rejects this with: \"Field Customer.Account.Industry must be one of the following values: …\"";

/// The crate root: tests run from there, so paths print as `tests/fixtures/…`.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path relative to the crate root, as acelint prints it.
fn fixture(name: &str) -> String {
    format!("tests/fixtures/check/{name}")
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(root().join(fixture(name))).expect("fixture exists")
}

/// `acelint check --isolated ARGS`, run in `dir` with plain output.
fn acelint_undated_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = common::acelint(dir, &["check", "--isolated"]);
    cmd.args(args);
    cmd
}

/// `acelint check --isolated --today 2026-11-24 ARGS`, run in `dir`.
fn acelint_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = acelint_undated_in(dir, &["--today", TODAY]);
    cmd.args(args);
    cmd
}

/// `acelint check …` run from the crate root.
fn acelint(args: &[&str]) -> Command {
    acelint_in(root(), args)
}

/// One run with `--output-format json`, its report parsed.
struct Run {
    code: i32,
    report: Value,
    stderr: String,
}

impl Run {
    fn diagnostics(&self) -> &[Value] {
        self.report["diagnostics"].as_array().expect("`diagnostics` is an array")
    }

    /// The diagnostics of one rule, by name.
    fn named(&self, name: &str) -> Vec<&Value> {
        self.diagnostics().iter().filter(|d| d["name"] == name).collect()
    }

    /// The single diagnostic of one rule; fails listing everything otherwise.
    fn only(&self, name: &str) -> &Value {
        let found = self.named(name);
        assert_eq!(found.len(), 1, "expected exactly one `{name}` in {:#}", self.report["diagnostics"]);
        found[0]
    }

    fn summary(&self, key: &str) -> u64 {
        self.report["summary"][key].as_u64().unwrap_or_else(|| panic!("summary.{key} in {:#}", self.report))
    }
}

fn run_cmd(mut cmd: Command) -> Run {
    let out = cmd.output().expect("acelint runs");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let report =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stdout is not a JSON report ({e}):\n{stdout}"));
    Run {
        code: out.status.code().expect("acelint exited (no signal)"),
        report,
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// `acelint check --output-format json ARGS` from the crate root.
fn check_json(args: &[&str]) -> Run {
    check_json_in(root(), args)
}

fn check_json_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = acelint_in(dir, &["--output-format", "json"]);
    cmd.args(args);
    run_cmd(cmd)
}

/// `acelint check --output-format json -` with `input` on standard input.
fn check_json_stdin(input: &str, extra: &[&str]) -> Run {
    let mut cmd = acelint(&["--output-format", "json", "-"]);
    cmd.args(extra).write_stdin(input.to_owned());
    run_cmd(cmd)
}

/// Where a diagnostic starts and ends: (line, column, end_line, end_column).
fn span(d: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| d[k].as_u64().unwrap_or_else(|| panic!("`{k}` is a number in {d:#}"));
    (n("line"), n("column"), n("end_line"), n("end_column"))
}

/// Asserts a diagnostic's code, span and pointer.
fn assert_at(d: &Value, code: &str, at: (u64, u64, u64, u64), pointer: &str) {
    assert_eq!(d["code"], code, "code of {d:#}");
    assert_eq!(span(d), at, "span of {d:#}");
    assert_eq!(d["pointer"], pointer, "pointer of {d:#}");
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("acelint-cli-check-").tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent dir");
    }
    std::fs::write(path, text).expect("write temp file");
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

// ---------------------------------------------------------------------------
// Schema errors: one fixture per kind, each labelled where the fix goes.
// ---------------------------------------------------------------------------

#[test]
fn wrong_type_is_reported_on_the_value() {
    let run = check_json(&[&fixture("schema/wrong-type.json")]);
    let d = run.only("wrong-type");
    assert_at(d, "ACE013", (69, 20, 69, 24), "/Funding/Company/Engineers");
    assert_eq!(d["message"], "`Engineers` must be an integer, found a string");
    assert_eq!(d["help"], "drop the quotes: `15`");
    assert_eq!(run.code, 1);
}

#[test]
fn missing_top_level_field_is_reported_on_the_parent_objects_key() {
    let run = check_json(&[&fixture("schema/missing-field.json")]);
    let d = run.only("missing-field");
    assert_at(d, "ACE010", (2, 3, 2, 16), "/Opportunity");
    assert_eq!(d["message"], "`Opportunity` is missing the required field `ClientToken`");
    assert_eq!(d["help"], "add `\"ClientToken\"` here");
}

#[test]
fn missing_nested_field_is_reported_on_the_enclosing_objects_key() {
    let run = check_json(&[&fixture("schema/missing-nested-field.json")]);
    let d = run.only("missing-field");
    assert_at(d, "ACE010", (13, 7, 13, 16), "/Opportunity/Customer/Account");
    assert_eq!(d["message"], "`Opportunity.Customer.Account` is missing the required field `CompanyName`");
}

#[test]
fn invalid_enum_value_suggests_the_allowed_spelling() {
    let run = check_json(&[&fixture("schema/invalid-value.json")]);
    let d = run.only("invalid-value");
    assert_at(d, "ACE012", (17, 21, 17, 46), "/Opportunity/Customer/Account/Industry");
    assert_eq!(d["message"], "`Computers & Electronics` is not an allowed value for `Industry`");
    assert_eq!(d["help"], INDUSTRY_HELP);
}

#[test]
fn pattern_mismatch_is_reported_on_the_array_item() {
    let run = check_json(&[&fixture("schema/pattern-mismatch.json")]);
    let d = run.only("pattern-mismatch");
    assert_at(d, "ACE014", (58, 9, 58, 22), "/Opportunity/RelatedEntityIdentifiers/Solutions/0");
    assert_eq!(d["message"], "`SOL-0031842` is not a valid `Solutions[0]`");
    assert_eq!(d["help"], "write a partner solution id (`S-` and digits) or `Other`, such as `S-0012345`");
}

#[test]
fn invalid_length_is_reported_on_the_value() {
    let run = check_json(&[&fixture("schema/invalid-length.json")]);
    let d = run.only("invalid-length");
    assert_at(d, "ACE015", (4, 20, 4, 22), "/Opportunity/ClientToken");
    assert_eq!(d["message"], "`ClientToken` is 0 characters long; it must be at least 1");
}

#[test]
fn invalid_list_size_is_reported_on_the_lists_key() {
    let run = check_json(&[&fixture("schema/invalid-list-size.json")]);
    let d = run.only("invalid-list-size");
    assert_at(d, "ACE016", (12, 5, 12, 11), "/Opportunity/Tags");
    assert_eq!(d["message"], "`Tags` has 0 items; it must have at least 1");
}

#[test]
fn unknown_field_is_reported_on_the_key_with_a_suggestion() {
    let run = check_json(&[&fixture("schema/unknown-field.json")]);
    let unknown = run.named("unknown-field");
    assert_eq!(unknown.len(), 2, "{:#}", run.report);
    let misspelt = unknown[0];
    assert_at(misspelt, "ACE011", (15, 9, 15, 21), "/Opportunity/Customer/Account/WebsiteURL");
    assert_eq!(misspelt["message"], "unknown field `WebsiteURL` in `Opportunity.Customer.Account`");
    assert_eq!(misspelt["help"], "did you mean `WebsiteUrl`?");
    let stray = unknown[1];
    assert_at(stray, "ACE011", (64, 5, 64, 20), "/Funding/InternalNotes");
    assert_eq!(stray["message"], "unknown field `InternalNotes` in `Funding`");
    assert_eq!(stray["help"], "remove it: AWS's API and SDKs reject parameters they do not know");
}

/// The codes of the findings, in report order.
fn codes(run: &Run) -> Vec<String> {
    run.diagnostics().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

/// The clean stack's Activate Portfolio record, as written.
fn portfolio() -> String {
    std::fs::read_to_string(root().join("examples/clean-stack/portfolio.json")).unwrap()
}

/// `record` changed by `edit`, written to `dir/name` and checked.
fn check_edited(dir: &std::path::Path, name: &str, record: &str, edit: impl FnOnce(&mut Value)) -> Run {
    let mut v: Value = serde_json::from_str(record).unwrap();
    edit(&mut v);
    write(dir, name, &serde_json::to_string_pretty(&v).unwrap());
    check_json_in(dir, &[name])
}

#[test]
fn an_unknown_key_with_an_empty_name_is_named_in_words() {
    let record = portfolio();
    let dir = temp_dir();
    write(dir.path(), "empty.json", &record.replacen("\"Catalog\": \"AWS\",", "\"Catalog\": \"AWS\", \"\": 1,", 1));
    let run = check_json_in(dir.path(), &["empty.json"]);
    let d = run.only("unknown-field");
    assert_eq!(d["message"], "unknown field with an empty name in `Opportunity`");
    assert_eq!(d["pointer"], "/Opportunity/");
}

#[test]
fn a_misspelt_required_key_is_one_finding_not_two() {
    let record = portfolio();
    let text = record.replacen("\"Catalog\"", "\"catalog\"", 1);
    let dir = temp_dir();
    write(dir.path(), "misspelt.json", &text);
    let run = check_json_in(dir.path(), &["misspelt.json"]);
    let unknown = run.only("unknown-field");
    assert_eq!(unknown["help"], "did you mean `Catalog`?");
    assert!(run.named("missing-field").is_empty(), "renaming the key fixes both: {:#}", run.report);
    // With unknown-field switched off, the missing field is reported after all.
    let run = check_json_in(dir.path(), &["misspelt.json", "--ignore", "unknown-field"]);
    assert_eq!(run.named("missing-field").len(), 1, "{:#}", run.report);
    // A key that is no misspelling of it leaves the missing field reported.
    let text = record.replacen("\"Catalog\"", "\"Zzz\"", 1);
    write(dir.path(), "other.json", &text);
    let run = check_json_in(dir.path(), &["other.json"]);
    assert_eq!(run.named("missing-field").len(), 1, "{:#}", run.report);
}

#[test]
fn a_misspelt_key_or_a_wrong_type_is_one_finding_not_a_cascade() {
    let record = portfolio();
    let dir = temp_dir();
    // The whole opportunity under a misspelt key: its missing fields, and
    // the use case that never names the itemized services, are all the
    // one misspelling; so with the key's value null.
    write(dir.path(), "top.json", &record.replacen("\"Opportunity\"", "\"Oportunity\"", 1));
    let run = check_json_in(dir.path(), &["top.json"]);
    assert_eq!(codes(&run), ["ACE011"], "{:#}", run.report);
    assert_eq!(run.only("unknown-field")["help"], "did you mean `Opportunity`?");
    let run = check_edited(dir.path(), "null.json", &record, |v| {
        v.as_object_mut().unwrap().remove("Opportunity");
        v["Oportunity"] = Value::Null;
    });
    assert_eq!(codes(&run), ["ACE011"], "{:#}", run.report);
    // A value of the wrong type in place of an object: one finding too.
    let run = check_edited(dir.path(), "typed.json", &record, |v| {
        v["Opportunity"]["Customer"] = Value::from("Kestrelpoint");
    });
    assert_eq!(codes(&run), ["ACE013"], "{:#}", run.report);
    // A list of nulls is blank only because of its items: the item's type
    // is the one finding, not the list "missing" as well.
    let run = check_edited(dir.path(), "null-item.json", &record, |v| {
        v["Opportunity"]["Project"]["ExpectedCustomerSpend"] = serde_json::json!([null]);
    });
    assert_eq!(codes(&run), ["ACE013"], "{:#}", run.report);
    assert_eq!(run.only("wrong-type")["pointer"], "/Opportunity/Project/ExpectedCustomerSpend/0");
    // A field with a list of values, given another type: not also a value
    // outside the list.
    let run = check_edited(dir.path(), "enum.json", &record, |v| {
        v["Funding"]["Program"] = Value::from(5);
        v["Opportunity"]["PrimaryNeedsFromAws"] = serde_json::json!([5]);
    });
    assert_eq!(codes(&run), ["ACE013", "ACE013"], "{:#}", run.report);
}

#[test]
fn what_a_typo_holds_back_is_only_what_reads_the_field() {
    let record = portfolio();
    let dir = temp_dir();
    // `Titel`: the rule's check for `Title` waits, its check for the
    // missing `CustomerUseCase` does not; nor does a rule on other fields.
    let text = record
        .replacen("\"Title\"", "\"Titel\"", 1)
        .replacen("\"CustomerUseCase\": \"Containers & Serverless\",", "", 1)
        .replacen("\"10001\"", "\"1000\"", 1);
    write(dir.path(), "title.json", &text);
    let run = check_json_in(dir.path(), &["title.json"]);
    assert_eq!(run.only("unknown-field")["pointer"], "/Opportunity/Project/Titel");
    let missing = run.only("project-fields-required");
    assert!(missing["message"].as_str().unwrap().contains("CustomerUseCase"), "{:#}", run.report);
    assert_eq!(codes(&run).len(), 3, "the postal code is still judged: {:#}", run.report);
    // A typo on one spend line holds back what that line (or a sum over
    // the lines) would say, not what another line says.
    let run = check_edited(dir.path(), "lines.json", &record, |v| {
        let lines = v["Funding"]["ProjectedSpend"].as_array_mut().unwrap();
        lines[0]["Product"] = Value::from("AmazonKinesisDataStreams");
        let last = lines.last_mut().unwrap().as_object_mut().unwrap();
        let product = last.remove("Product").unwrap();
        last.insert("Prodcut".into(), product);
    });
    assert_eq!(run.only("unknown-field")["pointer"], "/Funding/ProjectedSpend/4/Prodcut");
    assert_eq!(run.only("unknown-spend-product")["pointer"], "/Funding/ProjectedSpend/0/Product");
    // A wrong type inside a field a check requires holds back what it says
    // of that field only: another field it requires is still missing.
    let run = check_edited(dir.path(), "inside.json", &record, |v| {
        v["Funding"]["ProjectedSpend"][0]["MonthlyUsd"] = Value::from("1250");
        v["Funding"].as_object_mut().unwrap().remove("RequestedAmountUsd");
    });
    assert_eq!(run.only("wrong-type")["pointer"], "/Funding/ProjectedSpend/0/MonthlyUsd");
    let missing = run.only("credit-request-incomplete");
    assert!(missing["message"].as_str().unwrap().contains("RequestedAmountUsd"), "{:#}", run.report);
}

#[test]
fn unknown_field_set_to_null_is_still_unknown_and_known_nulls_are_absent() {
    // AWS treats a null member as absent, so a known key set to null passes;
    // an unknown key is rejected whatever its value.
    let text = read_fixture("schema/unknown-field.json")
        .replace(r#""WebsiteURL": "https://www.kestrelpoint.io","#, r#""WebsiteURL": null,"#)
        .replace(r#""InternalNotes": "ask the PDM about the Q1 pool","#, r#""InternalNotes": null,"#)
        .replace(r#""Opportunity": {"#, r#""Opportunity": { "SoftwareRevenue": null, "Marketing": null,"#);
    let dir = temp_dir();
    write(dir.path(), "nulls.json", &text);
    let run = check_json_in(dir.path(), &["nulls.json"]);
    let unknown = run.named("unknown-field");
    assert_eq!(unknown.len(), 2, "{:#}", run.report);
    assert_at(unknown[0], "ACE011", (15, 9, 15, 21), "/Opportunity/Customer/Account/WebsiteURL");
    assert_eq!(unknown[0]["help"], "did you mean `WebsiteUrl`?");
    assert_at(unknown[1], "ACE011", (64, 5, 64, 20), "/Funding/InternalNotes");
    let schema_findings: Vec<&Value> =
        run.diagnostics().iter().filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("ACE0"))).collect();
    assert_eq!(schema_findings.len(), 2, "known keys set to null are absent, not wrong: {schema_findings:#?}");
}

#[test]
fn unknown_null_key_in_a_bare_bodys_suppressions_is_reported() {
    let body: Value = serde_json::from_str(&read_fixture("bare/create-opportunity.json")).unwrap();
    let mut body = body.as_object().unwrap().clone();
    body.insert("x-acelint".into(), serde_json::json!({ "allow": [], "alow": null }));
    let dir = temp_dir();
    write(dir.path(), "bare.json", &serde_json::to_string_pretty(&body).unwrap());
    let run = check_json_in(dir.path(), &["bare.json"]);
    let d = run.only("unknown-field");
    assert_eq!(d["pointer"], "/x-acelint/alow");
    assert_eq!(d["help"], "did you mean `allow`?");
}

#[test]
fn impossible_calendar_date_is_an_invalid_format() {
    let run = check_json(&[&fixture("schema/invalid-format.json")]);
    let d = run.only("invalid-format");
    assert_at(d, "ACE017", (65, 19, 65, 31), "/Funding/FilingDate");
    assert_eq!(d["message"], "`2027-02-30` is not a valid date (YYYY-MM-DD)");
    assert_eq!(d["help"], "write a real calendar date as YYYY-MM-DD");
}

#[test]
fn number_below_minimum_is_out_of_range() {
    let run = check_json(&[&fixture("schema/out-of-range.json")]);
    let d = run.only("out-of-range");
    assert_at(d, "ACE018", (75, 32, 75, 34), "/Funding/Company/AwsSpendHistoryMonths");
    assert_eq!(d["message"], "`AwsSpendHistoryMonths` is -3; it must be at least 0");
}

// ---------------------------------------------------------------------------
// Positions: arrays, JSON Lines, multi-byte text, CRLF, BOM.
// ---------------------------------------------------------------------------

#[test]
fn position_inside_the_second_element_of_an_array_file() {
    let run = check_json(&[&fixture("positions/array-second-element.json")]);
    let d = run.only("invalid-value");
    assert_at(d, "ACE012", (134, 23, 134, 48), "/Opportunity/Customer/Account/Industry");
    assert_eq!(run.summary("records"), 2);
}

#[test]
fn position_on_the_third_line_of_a_json_lines_file() {
    let run = check_json(&[&fixture("positions/third-line.jsonl")]);
    let d = run.only("unknown-field");
    assert_at(d, "ACE011", (3, 1917, 3, 1932), "/Funding/InternalNotes");
    assert_eq!(run.summary("records"), 3);
}

#[test]
fn columns_count_characters_after_multibyte_text_on_the_same_line() {
    // `"Segmnt"` follows `Zürich Café 東京` on line 13: it starts at
    // character 52 but at byte 58.
    let run = check_json(&[&fixture("positions/multibyte-same-line.json")]);
    let d = run.only("unknown-field");
    assert_at(d, "ACE011", (13, 52, 13, 60), "/Opportunity/Customer/Account/Segmnt");
}

#[test]
fn crlf_line_endings_give_the_same_positions_as_lf() {
    let dir = temp_dir();
    write(dir.path(), "crlf.json", &crlf(&read_fixture("schema/unknown-field.json")));
    let run = check_json_in(dir.path(), &["crlf.json"]);
    let unknown = run.named("unknown-field");
    assert_eq!(unknown.len(), 2, "{:#}", run.report);
    assert_at(unknown[0], "ACE011", (15, 9, 15, 21), "/Opportunity/Customer/Account/WebsiteURL");
    assert_at(unknown[1], "ACE011", (64, 5, 64, 20), "/Funding/InternalNotes");
}

#[test]
fn bom_file_is_accepted_and_line_one_columns_are_not_shifted() {
    let dir = temp_dir();
    let text = read_fixture("positions/one-line-bare.json");
    write(dir.path(), "plain.json", &text);
    write(dir.path(), "bom.json", &format!("\u{feff}{text}"));
    for name in ["plain.json", "bom.json"] {
        let run = check_json_in(dir.path(), &[name]);
        assert_eq!(run.diagnostics().len(), 1, "{name}: only the planted mistake: {:#}", run.report);
        assert_at(run.only("unknown-field"), "ACE011", (1, 20, 1, 27), "/Stage");
        assert_eq!(run.summary("records"), 1, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Duplicate keys and invalid JSON.
// ---------------------------------------------------------------------------

#[test]
fn duplicate_key_is_reported_on_the_second_occurrence_with_the_first_related() {
    let run = check_json(&[&fixture("duplicate-key.json")]);
    let d = run.only("duplicate-key");
    assert_at(d, "ACE002", (7, 5, 7, 13), "/Opportunity/Origin");
    assert_eq!(d["message"], "duplicate key \"Origin\": the earlier value is silently discarded");
    let related = d["related"].as_array().expect("related is an array");
    assert_eq!(related.len(), 1, "{d:#}");
    assert_eq!(related[0]["file"], fixture("duplicate-key.json"));
    assert_eq!(span(&related[0]), (5, 5, 5, 13));
    assert_eq!(related[0]["message"], "first occurrence");
}

#[test]
fn duplicate_key_in_a_later_array_element_is_placed_in_the_file() {
    let run = check_json(&[&fixture("positions/duplicate-key-in-second-element.json")]);
    let d = run.only("duplicate-key");
    assert_at(d, "ACE002", (3, 42, 3, 51), "/Catalog");
    assert_eq!(span(&d["related"][0]), (3, 4, 3, 13));
}

#[test]
fn invalid_json_is_located_and_other_files_are_still_checked() {
    let broken = fixture("invalid-json/trailing-comma.json");
    let run = check_json(&[&broken, &fixture("schema/wrong-type.json")]);
    let d = run.only("invalid-json");
    assert_eq!(d["code"], "ACE001");
    assert_eq!(d["file"], broken);
    // serde_json notices the trailing comma at the closing brace; the
    // finding is on the comma itself.
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(21), Some(32)));
    assert!(d["message"].as_str().unwrap().starts_with("invalid JSON: "), "{d:#}");
    assert_eq!(run.only("wrong-type")["file"], fixture("schema/wrong-type.json"));
    assert_eq!(run.summary("files"), 2);
    assert_eq!(run.summary("records"), 1);
    assert_eq!(run.code, 1);
}

#[test]
fn invalid_json_in_a_crlf_file_is_located_like_in_an_lf_file() {
    let dir = temp_dir();
    write(dir.path(), "crlf.json", &crlf(&read_fixture("invalid-json/trailing-comma.json")));
    let run = check_json_in(dir.path(), &["crlf.json"]);
    let d = run.only("invalid-json");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(21), Some(32)));
}

#[test]
fn trailing_comma_is_reported_as_a_trailing_comma() {
    let run = check_json(&[&fixture("invalid-json/trailing-comma.json")]);
    let d = run.only("invalid-json");
    assert_eq!(d["message"], "invalid JSON: a comma after the last member");
    assert_eq!(d["help"], "remove it: JSON allows no comma before a closing `}` or `]`");
}

#[test]
fn invalid_json_lines_line_does_not_hide_the_other_lines() {
    let file = fixture("invalid-json/broken-second-line.jsonl");
    let run = check_json(&[&file]);
    let broken = run.only("invalid-json");
    assert_eq!((broken["line"].as_u64(), broken["column"].as_u64()), (Some(2), Some(104)));
    assert_eq!(broken["message"], "invalid JSON: expected `,` or `}`");
    let d = run.only("wrong-type");
    assert_at(d, "ACE013", (3, 404, 3, 416), "/Customer/Account/AwsAccountId");
    assert_eq!(run.summary("records"), 2);
}

// ---------------------------------------------------------------------------
// Standard input.
// ---------------------------------------------------------------------------

#[test]
fn stdin_is_reported_as_stdin_by_default() {
    let run = check_json_stdin(&read_fixture("schema/invalid-value.json"), &[]);
    let d = run.only("invalid-value");
    assert_eq!(d["file"], "<stdin>");
    assert_eq!(span(d), (17, 21, 17, 46));
    assert_eq!(run.code, 1);
}

#[test]
fn stdin_filename_names_standard_input_in_reports() {
    let run =
        check_json_stdin(&read_fixture("schema/invalid-value.json"), &["--stdin-filename", "drafts/kestrel.json"]);
    let d = run.only("invalid-value");
    assert_eq!(d["file"], "drafts/kestrel.json");
    assert_eq!(span(d), (17, 21, 17, 46));
}

#[test]
fn stdin_filename_ending_in_jsonl_reads_json_lines() {
    let run =
        check_json_stdin(&read_fixture("positions/third-line.jsonl"), &["--stdin-filename", "drafts/stack.jsonl"]);
    assert_at(run.only("unknown-field"), "ACE011", (3, 1917, 3, 1932), "/Funding/InternalNotes");
    assert_eq!(run.summary("records"), 3);
}

/// `--stdin-filename` names standard input, which is read only with `-`:
/// given without it, the flag would be silently ignored.
#[test]
fn stdin_filename_without_dash_is_an_error() {
    let file = fixture("schema/invalid-value.json");
    acelint(&[&file, "--stdin-filename", "drafts/kestrel.json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--stdin-filename").and(predicate::str::contains("`-`")));
    // Without any path (`.` by default) too.
    let dir = temp_dir();
    std::fs::write(dir.path().join("a.json"), read_fixture("schema/invalid-value.json")).unwrap();
    acelint_in(dir.path(), &["--stdin-filename", "a.json"]).assert().code(2).stdout("");
}

// ---------------------------------------------------------------------------
// Exit codes.
// ---------------------------------------------------------------------------

#[test]
fn clean_stack_exits_0_without_diagnostics() {
    let run = check_json(&["examples/clean-stack/"]);
    assert_eq!(run.diagnostics(), &[] as &[Value], "{:#}", run.report);
    assert_eq!(run.code, 0);
    assert_eq!((run.summary("files"), run.summary("records")), (3, 3));
}

#[test]
fn clean_stack_full_output_is_the_summary_line_only() {
    acelint(&["examples/clean-stack/", "--output-format", "full"])
        .assert()
        .code(0)
        .stdout("no problems in 3 files (3 records)\n")
        .stderr("");
}

#[test]
fn errors_exit_1() {
    acelint(&[&fixture("schema/invalid-value.json")]).assert().code(1);
}

#[test]
fn warnings_alone_exit_0_unless_fail_level_is_warning() {
    let run = check_json(&[&fixture("warnings-only.json")]);
    assert!(run.summary("warnings") > 0, "{:#}", run.report);
    assert_eq!(run.summary("errors"), 0, "{:#}", run.report);
    assert_eq!(run.code, 0);
    acelint(&[&fixture("warnings-only.json"), "--fail-level", "warning"]).assert().code(1);
    acelint(&[&fixture("warnings-only.json"), "--fail-level", "error"]).assert().code(0);
}

#[test]
fn fail_level_warning_still_exits_0_when_clean() {
    acelint(&["examples/clean-stack/", "--fail-level", "warning"]).assert().code(0);
}

#[test]
fn missing_path_exits_2() {
    acelint(&["does-not-exist.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: does-not-exist.json: no such file or directory"));
}

#[test]
fn missing_path_exits_2_even_when_other_files_are_checked() {
    acelint(&["does-not-exist.json", &fixture("schema/invalid-value.json"), "--output-format", "concise"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("invalid-value.json:17:21: error[ACE012]"));
}

#[test]
fn directory_without_record_files_exits_2() {
    let dir = temp_dir();
    write(dir.path(), "notes.txt", &read_fixture("schema/wrong-type.json"));
    write(dir.path(), "README.md", "# drafts\n");
    acelint_in(dir.path(), &["."]).assert().code(2).stdout("").stderr(predicate::str::contains(
        "error: no record files found (acelint reads *.json, *.jsonl and *.ndjson, or files named explicitly)",
    ));
}

#[test]
fn file_with_an_empty_array_is_an_empty_file() {
    let dir = temp_dir();
    write(dir.path(), "empty.json", "[]\n");
    acelint_in(dir.path(), &["empty.json", "--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("empty.json:1:1: error[ACE004] empty-file"));
}

#[test]
fn unparsable_today_exits_2() {
    acelint_undated_in(root(), &["examples/clean-stack/", "--today", "garbage"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--today expects a calendar date as YYYY-MM-DD, got `garbage`"));
}

// ---------------------------------------------------------------------------
// Output formats.
// ---------------------------------------------------------------------------

#[test]
fn concise_output_is_one_line_per_finding_then_the_summary() {
    let file = fixture("schema/invalid-value.json");
    acelint(&[&file, "--output-format", "concise"]).assert().code(1).stdout(format!(
        "{file}:17:21: error[ACE012] invalid-value: `Computers & Electronics` is not an allowed value for `Industry`\n\
         1 error in 1 file (1 record)\n"
    ));
}

#[test]
fn concise_lines_have_the_documented_shape() {
    let out = acelint(&["examples/structural-mistakes.json", "--output-format", "concise"]).assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let finding = regex::Regex::new(
        r"^examples/structural-mistakes\.json:\d+:\d+: (error|warning|info)\[ACE\d{3}\] [a-z0-9-]+: \S.*$",
    )
    .unwrap();
    let summary = regex::Regex::new(r"^\d+ errors?(, \d+ warnings?)?(, \d+ infos?)? in 1 file \(1 record\)$").unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let (last, findings) = lines.split_last().expect("output is not empty");
    assert!(summary.is_match(last), "summary line: {last}");
    for line in findings {
        assert!(finding.is_match(line), "finding line: {line}");
    }
    for expected in [
        "examples/structural-mistakes.json:2:3: error[ACE010] missing-field: ",
        "examples/structural-mistakes.json:20:7: error[ACE002] duplicate-key: ",
        "examples/structural-mistakes.json:21:7: error[ACE011] unknown-field: ",
        "examples/structural-mistakes.json:76:5: error[ACE011] unknown-field: ",
    ] {
        assert!(findings.iter().any(|l| l.starts_with(expected)), "no line starting {expected:?} in\n{stdout}");
    }
}

#[test]
fn concise_summary_counts_findings_files_and_records() {
    acelint(&[
        &fixture("schema/wrong-type.json"),
        &fixture("positions/array-second-element.json"),
        "--output-format",
        "concise",
    ])
    .assert()
    .code(1)
    .stdout(predicate::str::ends_with("\n2 errors in 2 files (3 records)\n"));
    acelint(&[&fixture("warnings-only.json"), "--output-format", "concise"])
        .assert()
        .stdout(predicate::str::ends_with("\n1 warning in 1 file (1 record)\n"));
}

#[test]
fn json_report_has_the_documented_shape() {
    let run = check_json(&[&fixture("duplicate-key.json")]);
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&run.report), ["diagnostics", "summary", "version"]);
    assert_eq!(run.report["version"], "1");
    assert_eq!(keys(&run.report["summary"]), ["errors", "files", "infos", "records", "warnings"]);
    assert_eq!(
        run.report["summary"],
        serde_json::json!({ "files": 1, "records": 1, "errors": 1, "warnings": 0, "infos": 0 })
    );
    let d = run.only("duplicate-key");
    assert_eq!(
        keys(d),
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "file",
            "help",
            "line",
            "message",
            "name",
            "pointer",
            "record",
            "related",
            "severity"
        ]
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["help"], "keep one of the two members");
    assert_eq!(
        keys(&d["related"][0]),
        ["column", "end_column", "end_line", "file", "line", "message", "pointer", "record"]
    );
}

#[test]
fn json_report_counts_every_severity() {
    let run = check_json(&["examples/structural-mistakes.json"]);
    let count = |sev: &str| run.diagnostics().iter().filter(|d| d["severity"] == sev).count() as u64;
    assert_eq!(run.summary("errors"), count("error"));
    assert_eq!(run.summary("warnings"), count("warning"));
    assert_eq!(run.summary("infos"), count("info"));
    assert!(run.summary("errors") > 0);
}

#[test]
fn full_output_on_structural_mistakes() {
    let out = acelint(&["examples/structural-mistakes.json", "--output-format", "full"]).assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!(stdout);
}

#[test]
fn full_is_the_default_output_format() {
    let full = acelint(&["examples/structural-mistakes.json", "--output-format", "full"]).output().unwrap();
    let default = acelint(&["examples/structural-mistakes.json"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&default.stdout), String::from_utf8_lossy(&full.stdout));
}

#[test]
fn full_output_to_a_pipe_is_plain_and_ends_with_the_summary() {
    // Without NO_COLOR: a pipe alone must turn colour and box drawing off.
    let mut cmd = Command::cargo_bin("acelint").unwrap();
    cmd.current_dir(root()).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("FORCE_COLOR");
    let out =
        cmd.args(["check", "--isolated", "--today", TODAY, "examples/structural-mistakes.json"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no escape codes when stdout is not a terminal:\n{stdout}");
    let box_drawing = |c: char| ('\u{2500}'..='\u{257f}').contains(&c);
    assert!(!stdout.chars().any(box_drawing), "no box drawing when stdout is not a terminal:\n{stdout}");
    assert_eq!(stdout.lines().last(), Some("9 errors, 1 warning in 1 file (1 record)"));
}

#[test]
fn findings_are_sorted_by_file_then_line_then_column() {
    let dir = temp_dir();
    let record = read_fixture("schema/unknown-field.json");
    for name in ["b.json", "a.json", "c/a.json"] {
        write(dir.path(), name, &record);
    }
    // Named out of order, and checked in parallel: the report is still sorted.
    let run = check_json_in(dir.path(), &["c", "b.json", "a.json"]);
    let keys: Vec<(String, u64, u64)> = run
        .diagnostics()
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let files: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.0.as_str()).collect();
    assert_eq!(files.len(), 3, "{keys:?}");
}

#[test]
fn full_output_header_counts_characters_after_multibyte_text() {
    let file = fixture("positions/multibyte-same-line.json");
    acelint(&[&file, "--output-format", "full"]).assert().stdout(predicate::str::contains(format!("[{file}:13:52]")));
}

#[test]
fn full_output_header_is_not_shifted_by_a_bom() {
    let dir = temp_dir();
    write(dir.path(), "bom.json", &format!("\u{feff}{}", read_fixture("positions/one-line-bare.json")));
    acelint_in(dir.path(), &["bom.json", "--output-format", "full"])
        .assert()
        .stdout(predicate::str::contains("[bom.json:1:20]"));
}

// ---------------------------------------------------------------------------
// Record kinds: draft records and bare CreateOpportunity bodies.
// ---------------------------------------------------------------------------

#[test]
fn verbose_says_which_kind_each_record_was_taken_for() {
    let bare = fixture("bare/create-opportunity.json");
    acelint(&["--verbose", "examples/drafts-array.json", &bare]).assert().code(0).stderr(
        predicate::str::contains("note: examples/drafts-array.json: record 0 taken as a draft record\n")
            .and(predicate::str::contains("note: examples/drafts-array.json: record 1 taken as a draft record\n"))
            .and(predicate::str::contains(format!("note: {bare}: record 0 taken as a bare CreateOpportunity body\n"))),
    );
}

#[test]
fn without_verbose_there_are_no_notes() {
    acelint(&["examples/drafts-array.json"]).assert().code(0).stderr("");
}

#[test]
fn clean_bare_body_passes_without_funding() {
    let run = check_json(&[&fixture("bare/create-opportunity.json")]);
    assert_eq!(run.diagnostics(), &[] as &[Value], "{:#}", run.report);
    assert_eq!(run.code, 0);
    assert_eq!(run.summary("records"), 1);
}

#[test]
fn bare_body_is_validated_against_the_opportunity_schema() {
    let run = check_json(&[&fixture("bare/create-opportunity-invalid-industry.json")]);
    let d = run.only("invalid-value");
    assert_at(d, "ACE012", (17, 19, 17, 44), "/Customer/Account/Industry");
    assert_eq!(d["help"], INDUSTRY_HELP);
    assert!(
        run.diagnostics().iter().all(|d| !d["pointer"].as_str().unwrap_or("").starts_with("/Funding")),
        "no credit-request findings on a bare body: {:#}",
        run.report
    );
}

// ---------------------------------------------------------------------------
// Directory walking.
// ---------------------------------------------------------------------------

#[test]
fn directory_walk_honours_gitignore_and_picks_record_extensions_only() {
    let dir = temp_dir();
    let d = dir.path();
    write(d, ".gitignore", "ignored.json\n");
    write(d, "good.json", &read_fixture("bare/create-opportunity.json"));
    write(d, "ignored.json", &read_fixture("schema/invalid-value.json"));
    write(d, "notes.txt", &read_fixture("schema/wrong-type.json"));
    write(d, "record.yaml", "Catalog: AWS\n");
    write(d, "sub/stack.jsonl", &read_fixture("positions/third-line.jsonl"));
    let run = check_json_in(d, &[".", "--verbose"]);
    assert_eq!((run.summary("files"), run.summary("records")), (2, 4), "{:#}", run.report);
    assert!(run.stderr.contains("note: good.json: record 0 taken as"), "{}", run.stderr);
    assert!(run.stderr.contains("note: sub/stack.jsonl: record 2 taken as"), "{}", run.stderr);
    assert!(!run.stderr.contains("ignored.json"), "{}", run.stderr);
    assert!(!run.stderr.contains("notes.txt"), "{}", run.stderr);
    let files: Vec<&Value> = run.diagnostics().iter().map(|d| &d["file"]).collect();
    assert_eq!(files, ["sub/stack.jsonl"], "{:#}", run.report);
    assert_eq!(run.code, 1);
}

#[test]
fn file_with_another_extension_named_explicitly_is_checked() {
    let dir = temp_dir();
    write(dir.path(), "notes.txt", &read_fixture("schema/wrong-type.json"));
    let run = check_json_in(dir.path(), &["notes.txt"]);
    let d = run.only("wrong-type");
    assert_eq!(d["file"], "notes.txt");
    assert_eq!(span(d), (69, 20, 69, 24));
}

#[test]
fn stdin_named_like_a_file_keeps_the_excerpts_of_both() {
    // Two inputs with one display name: the cross-record finding's related
    // location resolves to the first (standard input), with its excerpt.
    let dir = root().join("tests/fixtures/rules/account-id-mismatch/fail-transposed-account-id");
    let stdin = std::fs::read(dir.join("portfolio.json")).unwrap();
    let out = acelint_in(
        &dir,
        &["--stdin-filename", "portfolio.json", "-", "bedrock-poc.json", "build.json", "portfolio.json"],
    )
    .write_stdin(stdin)
    .output()
    .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("account-id-mismatch"), "{text}");
    assert!(!text.contains("Failed to read"), "{text}");
}

#[test]
fn timings_report_stages_and_the_slowest_rules() {
    let out = acelint(&["--timings", "--output-format", "json", "examples/clean-stack"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("timings (ms): files-wall="), "{stderr}");
    assert!(!stderr.contains("slowest rules"), "rules are timed only when asked: {stderr}");
    // The three records of the clean stack have no finding of their own;
    // a record with one is not counted among the clean.
    assert!(stderr.contains(" clean-records=3 [cpu: clean-parse="), "{stderr}");
    let mixed =
        acelint(&["--timings", "--output-format", "json", "examples/structural-mistakes.json"]).output().unwrap();
    assert!(String::from_utf8_lossy(&mixed.stderr).contains(" clean-records=0 "), "{mixed:?}");
    // A key written twice is a finding of the record's, too.
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string("examples/clean-stack/portfolio.json").unwrap();
    let twice = clean.replacen(
        "\"Origin\": \"Partner Referral\",",
        "\"Origin\": \"Partner Referral\", \"Origin\": \"Partner Referral\",",
        1,
    );
    assert_ne!(clean, twice);
    std::fs::write(dir.path().join("twice.json"), twice).unwrap();
    let out = acelint(&["--timings", "--output-format", "json"]).arg(dir.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(" clean-records=0 "), "{out:?}");
    let out = acelint(&["--rule-timings", "--output-format", "json", "examples/clean-stack"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let rules =
        stderr.lines().find(|l| l.starts_with("slowest rules (cpu ms): ")).unwrap_or_else(|| panic!("{stderr}"));
    let timed: Vec<&str> = rules["slowest rules (cpu ms): ".len()..].split(' ').collect();
    assert!((1..=10).contains(&timed.len()), "{rules}");
    for t in timed {
        let (name, ms) = t.split_once('=').unwrap_or_else(|| panic!("{rules}"));
        assert!(name.contains('-') && ms.parse::<f64>().is_ok(), "{rules}");
    }
    let plain = acelint(&["--output-format", "json", "examples/clean-stack"]).output().unwrap();
    assert!(plain.stderr.is_empty(), "nothing on stderr without --timings");
}

#[test]
fn fifty_thousand_a_month_at_series_a_is_an_error_not_a_stretch() {
    // The reviewer calls $50K/month at Series A implausible: past the band
    // is a warning, this far past it an error.
    let out = acelint(&["--output-format", "concise", "--select", "spend-implausible-for-stage"])
        .arg("tests/fixtures/rules/spend-implausible-for-stage/fail-series-a-50k-month.json")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("error[ACE201] spend-implausible-for-stage: projects $50,000/month"), "{stdout}");
    let out = acelint(&["--output-format", "concise", "--select", "spend-implausible-for-stage"])
        .arg("tests/fixtures/rules/spend-implausible-for-stage/fail-series-a-16k-month-just-over-band.json")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("warning[ACE201]"), "just over the band is a warning");
}

#[test]
fn a_quoted_match_stops_at_its_last_word() {
    // ACE216's pattern ends on the space or punctuation after the offering
    // it names; the message quotes the words, not the space.
    let run = check_json(&[
        "--select",
        "competitor-product",
        "tests/fixtures/rules/competitor-product/fail-third-person-operates-a-gpu-cloud.json",
    ]);
    let message = run.only("competitor-product")["message"].as_str().unwrap().to_string();
    assert!(message.ends_with("(\"operates a GPU cloud\")"), "{message}");
}

/// The report that asked for negations: a partner saying the startup is
/// not a competitor is not told it reads as one.
#[test]
fn a_use_case_denying_competition_is_not_a_competitor() {
    let text = std::fs::read_to_string(root().join("examples/clean-stack/build-for-startups.json")).unwrap();
    let with = |sentence: &str| {
        let mut record: Value = serde_json::from_str(&text).unwrap();
        let problem = &mut record["Opportunity"]["Project"]["CustomerBusinessProblem"];
        *problem = Value::String(format!("{} {sentence}", problem.as_str().unwrap()));
        check_json_stdin(&record.to_string(), &["--select", "competitor-product"])
    };
    let run =
        with("Kestrelpoint does not compete with AWS and never resells GPU capacity; it is not a cloud provider.");
    assert!(run.named("competitor-product").is_empty(), "{:#}", run.report);
    let run = with("Kestrelpoint competes with AWS and resells GPU capacity.");
    assert_eq!(run.named("competitor-product").len(), 1, "{:#}", run.report);
}

#[test]
fn a_negated_match_is_passed_over_for_the_next_one() {
    // ACE216's negations: "does not compete with AWS" is denied, and the
    // finding points at the match after it in the same sentence.
    let run = check_json(&[
        "--select",
        "competitor-product",
        "tests/fixtures/rules/competitor-product/fail-second-match-after-a-negated-one.json",
    ]);
    let d = run.only("competitor-product");
    assert!(d["message"].as_str().unwrap().ends_with("(\"resells GPU capacity\")"), "{d}");
    assert_eq!(span(d), (27, 789, 27, 809));
}

/// Opportunity members written beside `Funding` at a draft's top level are
/// misplaced, not unknown: the help says where they go, not "remove it"
/// (which would delete the opportunity), and a typo still gets its "did
/// you mean".
#[test]
fn opportunity_members_at_a_drafts_top_level_are_told_where_they_go() {
    let input = r#"{"Catalog": "AWS", "Project": {}, "Funding": {"Program": "MAP"}, "Oportunity": {}}"#;
    let run = check_json_stdin(input, &["--select", "ACE011"]);
    let help: Vec<(String, String)> = run
        .diagnostics()
        .iter()
        .map(|d| (d["pointer"].as_str().unwrap().to_string(), d["help"].as_str().unwrap_or_default().to_string()))
        .collect();
    let of = |ptr: &str| help.iter().find(|(p, _)| p == ptr).map(|(_, h)| h.as_str()).unwrap_or("(none)");
    assert_eq!(of("/Catalog"), "`Catalog` belongs inside `Opportunity` in a draft record: move it there");
    assert_eq!(of("/Project"), "`Project` belongs inside `Opportunity` in a draft record: move it there");
    assert_eq!(of("/Oportunity"), "did you mean `Opportunity`?");
    // Deeper fields: the nearest objects that hold them, a list's items
    // marked.
    let input = r#"{"Funding": {}, "Title": "x", "Stage": "Seed", "MonthlyUsd": 3}"#;
    let run = check_json_stdin(input, &["--select", "ACE011"]);
    let help: Vec<&str> = run.diagnostics().iter().map(|d| d["help"].as_str().unwrap()).collect();
    assert_eq!(
        help,
        [
            "`Title` belongs inside `Opportunity.Project` in a draft record: move it there",
            "`Stage` belongs inside `Opportunity.LifeCycle` or `Funding.Company` in a draft record: move it there",
            "`MonthlyUsd` belongs inside `Funding.ProjectedSpend[]` in a draft record: move it there",
        ]
    );
}
