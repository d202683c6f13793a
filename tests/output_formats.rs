//! The machine formats through the binary: SARIF (validated against the
//! official schema), GitHub workflow commands and the step summary, JUnit
//! XML, and `--output-file`. Every run works on copies of `examples/`
//! records in a temporary directory, with `--isolated` (no config from the
//! machine) and a fixed `--today`.

mod common;

use assert_cmd::Command;
use common::{write, TODAY};
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

fn example(name: &str) -> String {
    std::fs::read_to_string(common::repo("examples").join(name)).unwrap()
}

/// `acelint check` in `dir`, with no GitHub environment leaking in from a
/// CI runner that executes the tests.
fn acelint(dir: &Path) -> Command {
    common::acelint(dir, &["check", "--isolated", "--today", TODAY])
}

fn stdout(c: &mut Command) -> String {
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

/// A record set with errors, warnings, an info and cross-record findings:
/// two copies of one record (duplicate program, same use case, each with
/// `related` pointing at the other), the structural mistakes (a duplicate
/// key, with the first occurrence as `related`), and the Portfolio record
/// with its CloudWatch line swapped for S3 (an info), in a folder whose name
/// needs percent-encoding in a URI.
fn mixed() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.json", &example("clean-stack/build-for-startups.json"));
    // A copy with a token of its own: the pair is about the workload.
    let copy = example("clean-stack/build-for-startups.json");
    write(d, "b.json", &copy.replace("39c8d2c7-d1a6-4841-85f1-d2618c247ea5", "0b8f5c8e-2d61-4a0e-9d5e-7f1c3a2b4d99"));
    write(d, "structural-mistakes.json", &example("structural-mistakes.json"));
    let portfolio = example("clean-stack/portfolio.json");
    assert!(portfolio.contains("\"Product\": \"AmazonCloudWatch\""));
    write(
        d,
        "more records/info 1.json",
        &portfolio.replace("\"Product\": \"AmazonCloudWatch\"", "\"Product\": \"AmazonS3\""),
    );
    dir
}

fn sarif_of(dir: &Path) -> Value {
    serde_json::from_str(&stdout(acelint(dir).args(["--output-format", "sarif", "."]))).unwrap()
}

/// The official SARIF 2.1.0 schema. It lives in the shared reference
/// folder beside the repository; `tests/fixtures/output/` holds a copy of
/// the same public file (OASIS, sarif-schema-2.1.0.json, errata 01) for
/// checkouts without it.
fn sarif_schema() -> Value {
    let shared = common::repo("").join("../shared/reference/sarif/sarif-schema-2.1.0.json");
    let copy = common::repo("").join("tests/fixtures/output/sarif-schema-2.1.0.json");
    let path = if shared.exists() { shared } else { copy };
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A validator for the schema's draft (4), checking formats. Draft 4 knows
/// no `uri-reference` format (the schema uses it for artifact locations), so
/// that one is checked here, strictly, after RFC 3986.
fn sarif_validator(schema: &Value) -> jsonschema::Validator {
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_format("uri-reference", is_uri_reference)
        .build(schema)
        .unwrap()
}

fn is_uri_reference(s: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?#%".contains(c);
    let pct_ok = s
        .match_indices('%')
        .all(|(i, _)| s.get(i + 1..i + 3).is_some_and(|h| h.chars().all(|c| c.is_ascii_hexdigit())));
    let scheme = s.split_once(':').map(|(head, _)| head).filter(|h| {
        h.starts_with(|c: char| c.is_ascii_alphabetic())
            && h.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    // Without a scheme, a `:` before the first `/` would read as one.
    let relative_ok = scheme.is_some() || !s.split('/').next().unwrap_or_default().contains(':');
    s.chars().all(allowed) && pct_ok && s.matches('#').count() <= 1 && relative_ok
}

#[test]
fn the_schema_copy_matches_the_shared_reference() {
    let shared = common::repo("").join("../shared/reference/sarif/sarif-schema-2.1.0.json");
    if let Ok(text) = std::fs::read(shared) {
        assert_eq!(
            std::fs::read(common::repo("").join("tests/fixtures/output/sarif-schema-2.1.0.json")).unwrap(),
            text
        );
    }
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let dir = mixed();
    let sarif = sarif_of(dir.path());
    let schema = sarif_schema();
    let validator = sarif_validator(&schema);
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let levels: Vec<&str> =
        sarif["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["level"].as_str().unwrap()).collect();
    for level in ["error", "warning", "note"] {
        assert!(levels.contains(&level), "no {level} result in {levels:?}");
    }
}

#[test]
fn the_schema_check_is_real() {
    let dir = mixed();
    let mut sarif = sarif_of(dir.path());
    let validator = sarif_validator(&sarif_schema());
    assert!(validator.is_valid(&sarif));
    let uri = "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri";
    for bad in ["a b.json", "%zz.json", "a#b#c", "1:x.json", "a\\b.json"] {
        *sarif.pointer_mut(uri).unwrap() = bad.into();
        assert!(!validator.is_valid(&sarif), "{bad:?} is not a URI reference");
    }
    *sarif.pointer_mut(uri).unwrap() = "a%20b.json".into();
    sarif["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&sarif));
}

/// The portfolio example with a postal code AWS refuses (ACE110) and, as
/// `extra`, members added first in the record.
fn bad_postal_code(extra: &str) -> String {
    let record = example("clean-stack/portfolio.json");
    let bad = record.replacen("\"PostalCode\": \"10001\"", "\"PostalCode\": \"1001\"", 1).replacen(
        '{',
        &format!("{{{extra}"),
        1,
    );
    assert_ne!(bad, record);
    bad
}

/// SARIF's results of a run in `dir`, and its exit code.
fn sarif_run(dir: &Path, args: &[&str]) -> (Value, Option<i32>) {
    let out = common::acelint(
        dir,
        &[&["check", "--today", TODAY, "--select", "ACE110", "--output-format", "sarif"], args].concat(),
    )
    .output()
    .unwrap();
    let doc: Value = serde_json::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let errors: Vec<String> =
        sarif_validator(&sarif_schema()).iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (doc["runs"][0]["results"].clone(), out.status.code())
}

/// A finding allowed away or baselined is in SARIF with its suppression
/// (code scanning shows it dismissed, not fixed): a record's allow is
/// `inSource`, at the allow, the config's allows, per-file ignores and the
/// baseline `external`; a reason is the justification. The exit code and
/// every other format leave them out.
#[test]
fn sarif_keeps_suppressed_and_baselined_findings_with_their_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let allow = r#" "x-acelint": { "allow": [{ "rule": "postal-code-format", "reason": "a PO box the API takes" }] },"#;
    write(d, "records/in-record.json", &bad_postal_code(allow));
    write(d, "records/by-config.json", &bad_postal_code(""));
    write(d, "records/per-file.json", &bad_postal_code(""));
    write(
        d,
        "acelint.toml",
        "per-file-ignores = { \"records/per-file.json\" = [\"ACE110\"] }\n\n[[allow]]\nrule = \"ACE110\"\nreason = \"checked with the PDM\"\npath = \"records/by-config.json\"\n",
    );
    let (results, code) = sarif_run(d, &["records"]);
    assert_eq!(code, Some(0));
    let of = |file: &str| {
        let uri = format!("records/{file}");
        let found: Vec<&Value> = results
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri.as_str())
            .collect();
        assert_eq!(found.len(), 1, "{file}: {results:#}");
        assert_eq!(found[0]["ruleId"], "ACE110");
        found[0]["suppressions"].as_array().unwrap().clone()
    };
    let in_record = of("in-record.json");
    assert_eq!(in_record.len(), 1);
    assert_eq!(in_record[0]["kind"], "inSource");
    assert_eq!(in_record[0]["justification"], "a PO box the API takes");
    let region = &in_record[0]["location"]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(1), Some(38)), "{region}");
    let by_config = of("by-config.json");
    assert_eq!(
        (&by_config[0]["kind"], &by_config[0]["justification"]),
        (&"external".into(), &"checked with the PDM".into())
    );
    let per_file = of("per-file.json");
    assert_eq!(per_file[0]["kind"], "external");
    assert!(per_file[0].get("justification").is_none());
    // The other formats report nothing.
    for format in ["json", "concise", "junit"] {
        let out = common::acelint(
            d,
            &["check", "--today", TODAY, "--select", "ACE110", "--output-format", format, "records"],
        )
        .output()
        .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert!(!text.contains("ACE110") && !text.contains("postal-code-format"), "{format}: {text}");
    }

    // Baselined: `external`, and still no exit 1.
    std::fs::remove_file(d.join("acelint.toml")).unwrap();
    let base = common::acelint(d, &["baseline", "--today", TODAY, "--isolated", "--select", "ACE110", "records"])
        .output()
        .unwrap();
    assert_eq!(base.status.code(), Some(0), "{}", String::from_utf8_lossy(&base.stderr));
    let (results, code) = sarif_run(d, &["--isolated", "--baseline", "acelint-baseline.json", "records"]);
    assert_eq!(code, Some(0));
    let kinds: Vec<(&str, &str)> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap(),
                r["suppressions"][0]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("records/by-config.json", "external"),
            ("records/in-record.json", "inSource"),
            ("records/per-file.json", "external")
        ]
    );
    // Without the baseline, the two findings it covered are reported.
    let (results, code) = sarif_run(d, &["--isolated", "records"]);
    assert_eq!(code, Some(1));
    assert_eq!(results.as_array().unwrap().iter().filter(|r| r.get("suppressions").is_none()).count(), 2);
}

/// A finding that gives way to another reported at its place (the
/// company name a rule requires, where the schema's missing-field says it)
/// would not be reported without its allow either: SARIF does not list it
/// as allowed away, nor does `--statistics` count it. Once what it defers
/// to is allowed too, its own allow is what keeps it out.
#[test]
fn sarif_lists_no_allowed_finding_that_another_finding_stands_for() {
    let dir = tempfile::tempdir().unwrap();
    let record = |allowed: &str| {
        format!(
            r#"{{"Opportunity": {{"Customer": {{"Account": {{"Industry": "Other"}}}}}}, "x-acelint": {{"allow": [{allowed}]}}}}"#
        )
    };
    let allow = |rule: &str| format!(r#"{{"rule": "{rule}", "reason": "r"}}"#);
    let suppressed = |results: &Value| -> Vec<String> {
        let all = results.as_array().unwrap().iter();
        all.filter(|r| r.get("suppressions").is_some()).map(|r| r["ruleId"].as_str().unwrap().to_string()).collect()
    };
    write(dir.path(), "r.json", &record(&allow("ACE100")));
    let run = |extra: &[&str]| {
        let args =
            [&["check", "--isolated", "--today", TODAY, "--select", "ACE010,ACE100"], extra, &["r.json"]].concat();
        String::from_utf8(common::acelint(dir.path(), &args).output().unwrap().stdout).unwrap()
    };
    let sarif: Value = serde_json::from_str(&run(&["--output-format", "sarif"])).unwrap();
    assert_eq!(suppressed(&sarif["runs"][0]["results"]), Vec::<String>::new());
    let statistics = run(&["--statistics"]);
    assert!(!statistics.contains("ACE100"), "{statistics}");

    write(dir.path(), "r.json", &record(&format!("{}, {}", allow("ACE100"), allow("ACE010"))));
    let sarif: Value = serde_json::from_str(&run(&["--output-format", "sarif"])).unwrap();
    let listed = suppressed(&sarif["runs"][0]["results"]);
    assert!(listed.contains(&"ACE100".to_string()) && listed.contains(&"ACE010".to_string()), "{listed:?}");
}

/// A partner's own rule has no page on acelint's site: its descriptor has
/// no `helpUri` and its help points at `explain` alone.
#[test]
fn sarif_gives_no_acelint_page_to_a_users_own_rule() {
    let dir = mixed();
    write(
        dir.path(),
        "team.toml",
        "[ruleset]\nname = \"team\"\n\n[[rules]]\ncode = \"TEAM01\"\nname = \"title-says-platform\"\n\
         severity = \"warning\"\nsummary = \"x\"\n\
         check = { kind = \"pattern\", field = \"/Opportunity/Project/Title\", must-not-match = \"zzz\" }\n",
    );
    let out = stdout(acelint(dir.path()).args(["--rules", "team.toml", "--output-format", "sarif", "."]));
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().clone();
    let team = rules.iter().find(|r| r["id"] == "TEAM01").expect("the user's rule is described");
    assert!(team.get("helpUri").is_none(), "{team}");
    let help = team["help"]["text"].as_str().unwrap();
    assert!(help.ends_with("Run `acelint explain title-says-platform`"), "{help}");
    assert!(!team["help"]["markdown"].as_str().unwrap().contains("acelint.dev"));
    let own = rules.iter().find(|r| r["name"] == "similar-use-case").unwrap();
    assert_eq!(own["helpUri"], "https://acelint.dev/rules/similar-use-case");
}

#[test]
fn sarif_describes_the_tool_rules_and_results() {
    let dir = mixed();
    let sarif = sarif_of(dir.path());
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "acelint");
    assert_eq!(driver["informationUri"], "https://acelint.dev");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(!rule[field]["text"].as_str().unwrap().trim().is_empty(), "{field} of {}", rule["id"]);
        }
        assert_eq!(rule["helpUri"], format!("https://acelint.dev/rules/{}", rule["name"].as_str().unwrap()));
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let similar = rules.iter().find(|r| r["name"] == "similar-use-case").unwrap();
    assert!(similar["id"].as_str().unwrap().starts_with("ACE"));

    let results = run["results"].as_array().unwrap();
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1 && region["endColumn"].as_u64().unwrap() >= 1);
        let fp = r["partialFingerprints"]["acelintFingerprint/v1"].as_str().unwrap();
        assert!(fp.len() == 16 && fp.chars().all(|c| c.is_ascii_hexdigit()));
    }
    let fps: std::collections::HashSet<&str> =
        results.iter().map(|r| r["partialFingerprints"]["acelintFingerprint/v1"].as_str().unwrap()).collect();
    assert_eq!(fps.len(), results.len(), "fingerprints are unique within a run");

    // The cross-record finding: message with help, pointer, and the other record.
    let dup = results.iter().find(|r| r["ruleId"] == *rule_code(rules, "duplicate-program")).unwrap();
    let loc = &dup["locations"][0];
    assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"], "b.json");
    assert_eq!(loc["logicalLocations"][0]["fullyQualifiedName"], "/Funding/Program");
    assert_eq!(loc["logicalLocations"][0]["kind"], "property");
    assert!(dup["message"]["text"].as_str().unwrap().contains("\na customer gets each program once"));
    let rel = &dup["relatedLocations"][0];
    assert_eq!(rel["id"], 0);
    assert_eq!(rel["physicalLocation"]["artifactLocation"]["uri"], "a.json");
    assert!(!rel["message"]["text"].as_str().unwrap().is_empty());

    let uris: Vec<&str> = results
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&"more%20records/info%201.json"), "{uris:?}");
}

/// A finding about a whole record has the empty pointer, which names
/// nothing: its logical location keeps that exact pointer and names the
/// record (as the message and the JSON output count it), of kind `value`,
/// as a JSON Lines line that is no record may be any value.
#[test]
fn sarif_names_the_record_a_whole_record_finding_is_about() {
    let dir = tempfile::tempdir().unwrap();
    // The Portfolio record with its CloudWatch line swapped for S3: a
    // finding inside a record beside the whole-record one.
    let portfolio = example("clean-stack/portfolio.json").replace("\"AmazonCloudWatch\"", "\"AmazonS3\"");
    let record: Value = serde_json::from_str(&portfolio).unwrap();
    write(dir.path(), "drafts.jsonl", &format!("{record}\n\"TODO\"\n"));
    let sarif = sarif_of(dir.path());
    let errors: Vec<String> =
        sarif_validator(&sarif_schema()).iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let whole = results.iter().find(|r| r["ruleId"] == *rule_code(rules, "not-a-record")).expect("not-a-record");
    let region = &whole["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(
        whole["locations"][0]["logicalLocations"],
        serde_json::json!([{ "name": "record 1", "fullyQualifiedName": "", "kind": "value" }])
    );
    // A place inside a record is still named by its pointer alone.
    let inside: Vec<&Value> = results.iter().filter(|r| !std::ptr::eq(*r, whole)).collect();
    assert!(!inside.is_empty(), "{results:?}");
    for r in inside {
        let logical = &r["locations"][0]["logicalLocations"][0];
        assert!(logical["fullyQualifiedName"].as_str().unwrap().starts_with('/'), "{logical}");
        assert!(logical.get("name").is_none(), "{logical}");
    }
}

fn rule_code<'a>(rules: &'a [Value], name: &str) -> &'a Value {
    &rules.iter().find(|r| r["name"] == name).unwrap()["id"]
}

/// (rule, file, fingerprint) of every result, and the start lines.
fn identities(sarif: &Value) -> (Vec<(String, String, String)>, Vec<u64>) {
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let mut ids: Vec<(String, String, String)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["acelintFingerprint/v1"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    ids.sort();
    let lines = results.iter().map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap());
    (ids, lines.collect())
}

#[test]
fn sarif_fingerprints_survive_reformatting_and_line_moves() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record = example("clean-stack/build-for-startups.json");
    write(d, "a.json", &record);
    write(d, "b.json", &record);
    let before = sarif_of(d);
    // Compact, keys re-ordered, and pushed down three lines.
    let compact = serde_json::to_string(&serde_json::from_str::<Value>(&record).unwrap()).unwrap();
    write(d, "b.json", &format!("\n\n\n{compact}\n"));
    let after = sarif_of(d);
    let (ids_before, lines_before) = identities(&before);
    let (ids_after, lines_after) = identities(&after);
    assert!(ids_before.iter().any(|(_, file, _)| file == "b.json"));
    assert_eq!(ids_before, ids_after);
    assert_ne!(lines_before, lines_after);
}

#[test]
fn output_file_gets_the_format_and_the_console_keeps_the_full_report() {
    let dir = mixed();
    let out =
        acelint(dir.path()).args(["--output-format", "sarif", "--output-file", "results.sarif", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let console = String::from_utf8(out.stdout).unwrap();
    assert!(serde_json::from_str::<Value>(&console).is_err(), "the console shows the human report");
    assert!(console.contains("duplicate-program"));
    assert!(console.contains("errors,"), "{console}");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.sarif")).unwrap()).unwrap();
    assert_eq!(file["version"], "2.1.0");
    assert!(!file["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// The report never replaces a file being checked: named as a record
/// (however spelt, or through a link), as the file standard input stands
/// for, as the baseline, or found in a walked directory.
#[test]
fn output_file_that_is_an_input_is_refused() {
    let dir = mixed();
    let d = dir.path();
    let before = std::fs::read(d.join("a.json")).unwrap();
    let baseline = "{\"version\": 1, \"files\": {}}";
    std::fs::write(d.join("base.json"), baseline).unwrap();
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["a.json", "--output-file", "a.json"],
        vec!["b.json", "./a.json", "--output-file", "more records/../a.json"],
        vec!["-", "--stdin-filename", "a.json", "--output-file", "a.json"],
        vec![".", "--output-file", "a.json"],
        vec!["a.json", "--baseline", "base.json", "--output-file", "base.json"],
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("a.json"), d.join("link.json")).unwrap();
        std::fs::hard_link(d.join("a.json"), d.join("more records/hard.json")).unwrap();
        runs.push(vec!["link.json", "--output-file", "a.json"]);
        runs.push(vec!["more records/hard.json", "--output-file", "a.json"]);
    }
    for args in runs {
        let mut c = acelint(d);
        c.args(["--output-format", "json"]).args(&args);
        if args[0] == "-" {
            c.write_stdin(before.clone());
        }
        let out = c.output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(err.contains("error: --output-file") && err.contains("would replace it"), "{args:?}: {err}");
        assert_eq!(std::fs::read(d.join("a.json")).unwrap(), before, "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(d.join("base.json")).unwrap(), baseline);
}

/// Nor does it replace what the run reads besides the records it checks:
/// the config found, a rule file the config names, a corpus record.
#[test]
fn output_file_that_the_run_reads_besides_records_is_refused() {
    let dir = mixed();
    let d = dir.path();
    let config = "rules = [\"team.toml\"]\n";
    let rules = "[ruleset]\nname = \"team\"\n";
    write(d, "acelint.toml", config);
    write(d, "team.toml", rules);
    write(d, "drafts/good.json", &example("clean-stack/portfolio.json"));
    let check = |args: &[&str]| {
        let out = common::acelint(d, &["check", "--today", TODAY, "a.json", "--output-format", "json"])
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    for (output, what) in [
        ("acelint.toml", "the config file"),
        ("team.toml", "a rule file"),
        ("drafts/good.json", "a corpus file (--corpus)"),
    ] {
        let (code, err) = check(&["--corpus", "drafts/*.json", "--output-file", output]);
        assert_eq!(code, Some(2), "{output}: {err}");
        assert!(err.contains(&format!("{output} is {what}; writing there would replace it")), "{err}");
    }
    assert_eq!(std::fs::read_to_string(d.join("acelint.toml")).unwrap(), config);
    assert_eq!(std::fs::read_to_string(d.join("team.toml")).unwrap(), rules);
    assert_eq!(std::fs::read_to_string(d.join("drafts/good.json")).unwrap(), example("clean-stack/portfolio.json"));
    // An earlier report may be replaced, as in a walked directory.
    let earlier_report = ["--corpus", "drafts/*.json", "--output-file", "drafts/report.json"];
    assert_eq!(check(&earlier_report).0, Some(0));
    assert_eq!(check(&earlier_report).0, Some(0));
}

/// A report written into a directory that is checked is not read as a
/// record by the next run, in either JSON format a directory walk picks up.
#[test]
fn output_file_in_a_walked_directory_is_not_read_as_a_record() {
    for format in ["json", "sarif"] {
        let dir = mixed();
        let run = || {
            acelint(dir.path()).args(["--output-format", format, "--output-file", "report.json", "."]).output().unwrap()
        };
        let (first, second) = (run(), run());
        assert_eq!(first.status.code(), Some(1), "{format}");
        assert_eq!(second.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&second.stderr));
        let console = String::from_utf8(second.stdout).unwrap();
        assert_eq!(console, String::from_utf8(first.stdout).unwrap(), "{format}");
        assert!(!console.contains("report.json") && console.contains("in 4 files (4 records)"), "{console}");
        let report = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
        assert!(!report.contains("report.json"), "{format}: {report}");
    }
}

/// The console is coloured on a terminal; the file never is. `script`
/// (util-linux) runs acelint on a pseudo-terminal.
#[cfg(target_os = "linux")]
#[test]
fn output_file_never_gets_colour() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to run acelint on a terminal");
        return;
    }
    let dir = mixed();
    let bin = assert_cmd::cargo::cargo_bin("acelint");
    let command = format!(
        "'{}' check --isolated --today {TODAY} structural-mistakes.json --output-file report.txt",
        bin.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qc", &command, "/dev/null"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    let console = String::from_utf8_lossy(&out.stdout);
    assert!(console.contains('\u{1b}'), "the console is a terminal, and coloured:\n{console}");
    let file = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(file.contains("structural-mistakes.json") && !file.contains('\u{1b}'), "{file}");
}

/// On GitHub Actions the console keeps its annotations and the step
/// summary while `--output-file` gets the SARIF.
#[test]
fn actions_keep_annotations_and_the_step_summary_with_an_output_file() {
    let dir = mixed();
    let summary = dir.path().join("summary.md");
    let out = acelint(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["--output-format", "sarif", "--output-file", "results.sarif", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let console = String::from_utf8(out.stdout).unwrap();
    assert!(console.lines().any(|l| l.starts_with("::error file=b.json,")), "{console}");
    assert!(std::fs::read_to_string(&summary).unwrap().starts_with("## acelint\n"));
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.sarif")).unwrap()).unwrap();
    assert_eq!(file["version"], "2.1.0");

    // Off Actions, the console keeps the full report.
    let out =
        acelint(dir.path()).args(["--output-format", "github", "--output-file", "out.txt", "."]).output().unwrap();
    let console = String::from_utf8(out.stdout).unwrap();
    assert!(!console.contains("::error") && console.contains("duplicate-program"), "{console}");
    assert!(std::fs::read_to_string(dir.path().join("out.txt")).unwrap().starts_with("::"));
}

/// `--output-file -` would write a file named `-`: it is a usage error
/// that says how to print the report on standard output, and writes
/// nothing.
#[test]
fn output_file_dash_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.json", &example("clean-stack/portfolio.json"));
    let out = acelint(dir.path()).args(["--output-format", "json", "--output-file", "-", "r.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--output-format alone"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(!dir.path().join("-").exists());
    // A file of that name, said as a path, is still a file.
    acelint(dir.path()).args(["--output-format", "json", "--output-file", "./-", "r.json"]).assert().code(0);
    assert!(dir.path().join("-").exists());
}

/// A key holding the Unicode line and paragraph separators (U+2028,
/// U+2029), which editors and browsers break lines at: every format of
/// one line per finding shows them as escapes, never raw.
#[test]
fn line_separators_are_escaped_in_one_line_formats() {
    let dir = tempfile::tempdir().unwrap();
    let record = example("clean-stack/portfolio.json");
    let odd = record.replacen("\"Funding\": {", "\"Funding\": {\n    \"Bad\\u2028Key\\u2029\": 1,", 1);
    assert_ne!(odd, record);
    write(dir.path(), "sep.json", &odd);
    for format in ["concise", "github", "junit", "full"] {
        let out = stdout(acelint(dir.path()).args(["--output-format", format, "sep.json"]));
        assert!(!out.contains('\u{2028}') && !out.contains('\u{2029}'), "{format}:\n{out}");
        assert!(out.contains("Bad\\u{2028}Key\\u{2029}"), "{format}:\n{out}");
    }
    let concise = stdout(acelint(dir.path()).args(["--output-format", "concise", "sep.json"]));
    assert_eq!(concise.lines().count(), 2, "one finding, one summary line:\n{concise}");
    // The machine formats keep the key as it is.
    let json: Value =
        serde_json::from_str(&stdout(acelint(dir.path()).args(["--output-format", "json", "sep.json"]))).unwrap();
    assert!(json["diagnostics"][0]["message"].as_str().unwrap().contains("Bad\u{2028}Key\u{2029}"));
}

/// `--statistics` prints its table whatever the default format; only a
/// format named for the console that cannot show it is refused.
#[test]
fn statistics_with_the_format_implied_by_actions() {
    let dir = mixed();
    let out = acelint(dir.path()).env("GITHUB_ACTIONS", "true").args(["--statistics", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let console = String::from_utf8(out.stdout).unwrap();
    assert!(console.starts_with("code ") && console.contains("duplicate-program"), "{console}");
    assert!(!console.contains("::error"), "{console}");
    let out = acelint(dir.path()).args(["--statistics", "--output-format", "github", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("not github"));
    // With --output-file, the named format goes to the file and the console
    // shows the table.
    let out = acelint(dir.path())
        .args(["--statistics", "--output-format", "sarif", "--output-file", "r.sarif", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("code "));
}

/// A file whose name and whose finding's message hold every character the
/// workflow-command syntax gives a meaning to.
fn awkward() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let record = example("clean-stack/bedrock-poc.json");
    assert!(record.contains("\"Funding\": {"));
    let record = record.replacen("\"Funding\": {", "\"Funding\": {\n    \"Odd\\nKey: a, b 100%\": 1,", 1);
    write(dir.path(), "odd:name,50%.json", &record);
    dir
}

#[test]
fn github_annotations_escape_properties_and_message() {
    let dir = awkward();
    let out = stdout(acelint(dir.path()).args(["--output-format", "github", "."]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "one annotation and the summary line:\n{out}");
    let a = lines[0];
    assert!(a.starts_with("::error file=odd%3Aname%2C50%25.json,line="), "{a}");
    assert!(a.contains(",col=5,endLine="), "{a}");
    assert!(
        a.contains(",title=ACE011 unknown-field::unknown field `Odd%0AKey: a, b 100%25` in `Funding`%0Aremove it"),
        "{a}"
    );
    assert_eq!(lines[1], "1 error in 1 file (1 record)");
}

#[test]
fn github_is_chosen_on_actions_and_appends_the_step_summary() {
    let dir = mixed();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = stdout(acelint(dir.path()).env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", &summary).arg("."));
    let lines: Vec<&str> = out.lines().collect();
    let (annotations, last) = lines.split_at(lines.len() - 1);
    assert!(annotations
        .iter()
        .all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")));
    assert!(annotations.iter().any(|l| l.starts_with("::notice ")));
    assert!(last[0].ends_with("in 4 files (4 records)"), "{}", last[0]);

    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n## acelint\n"), "{md}");
    assert!(md.contains("| Severity | Count |"));
    assert!(md.contains("| info | 1 |"));
    assert!(md.contains("| b.json:62 | ACE303 | duplicate-program | Build for Startups is already requested"), "{md}");
    let rows = md.lines().filter(|l| l.starts_with("| ") && l.contains(".json:")).count();
    assert_eq!(rows, annotations.len());
}

#[test]
fn step_summary_lists_at_most_200_findings() {
    let dir = tempfile::tempdir().unwrap();
    let record = example("structural-mistakes.json");
    let many = format!("[{}]", vec![record.as_str(); 20].join(","));
    write(dir.path(), "many.json", &many);
    let summary = dir.path().join("summary.md");
    let out = stdout(acelint(dir.path()).args(["--output-format", "github", "."]).env("GITHUB_STEP_SUMMARY", &summary));
    let findings = out.lines().filter(|l| l.starts_with("::")).count();
    assert!(findings > 200, "{findings}");
    let md = std::fs::read_to_string(&summary).unwrap();
    let rows = md.lines().filter(|l| l.starts_with("| many.json:")).count();
    assert_eq!(rows, 200);
    assert!(md.contains(&format!("…and {} more findings", findings - 200)), "{md}");
}

/// A step summary that cannot be written is a warning, which `-q` leaves
/// out as it does every other.
#[test]
fn quiet_leaves_out_the_step_summary_warning() {
    let dir = mixed();
    let summary = dir.path().join("a-directory");
    std::fs::create_dir(&summary).unwrap();
    for (quiet, warned) in [(&[][..], true), (&["-q"][..], false)] {
        let out = acelint(dir.path())
            .args([&["--output-format", "github", "."], quiet].concat())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.contains("warning: cannot write the step summary"), warned, "{quiet:?}: {stderr}");
        assert!(String::from_utf8(out.stdout).unwrap().contains("::error"), "{quiet:?}");
    }
}

#[test]
fn no_step_summary_without_github_format() {
    let dir = mixed();
    let summary = dir.path().join("summary.md");
    acelint(dir.path())
        .args(["--output-format", "concise", "."])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(!summary.exists());
}

/// A record set for JUnit: two files with findings on one record each, a
/// clean array of two records, a finding whose text holds control
/// characters and markup, and an empty file (a finding on no record).
fn junit_set() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.json", &example("clean-stack/build-for-startups.json"));
    // A copy with a token of its own: the pair is about the workload.
    let copy = example("clean-stack/build-for-startups.json");
    write(d, "b.json", &copy.replace("39c8d2c7-d1a6-4841-85f1-d2618c247ea5", "0b8f5c8e-2d61-4a0e-9d5e-7f1c3a2b4d99"));
    write(d, "drafts-array.json", &example("drafts-array.json"));
    // A Bedrock POC asking past its program's band: warnings beside the
    // errors, and a stack beyond its band once the duplicate is zeroed.
    let bedrock = example("clean-stack/bedrock-poc.json").replacen(
        "\"RequestedAmountUsd\": 25000",
        "\"RequestedAmountUsd\": 75000",
        1,
    );
    write(
        d,
        "ctrl.json",
        &bedrock.replacen("\"Funding\": {", "\"Funding\": {\n    \"Bad\\u0007\\u001bKey<&>\\\"'\": 1,", 1),
    );
    write(d, "empty.json", "");
    dir
}

#[test]
fn junit_is_well_formed_with_a_suite_per_file_and_a_case_per_record() {
    let dir = junit_set();
    let xml = stdout(acelint(dir.path()).args(["--output-format", "junit", "."]));
    let root = xml::parse(&xml);
    assert_eq!(root.name, "testsuites");
    let suites: Vec<&xml::Element> = root.children.iter().collect();
    let names: Vec<&str> = suites.iter().map(|s| s.attr("name")).collect();
    assert_eq!(names, ["a.json", "b.json", "ctrl.json", "drafts-array.json", "empty.json"]);
    let counts = |name: &str| {
        let s = suites.iter().find(|s| s.attr("name") == name).unwrap();
        assert_eq!(s.attr("tests").parse::<usize>().unwrap(), s.children.len());
        let failing = s.children.iter().filter(|c| c.children.iter().any(|f| f.name == "failure")).count();
        assert_eq!(s.attr("failures").parse::<usize>().unwrap(), failing);
        let failures = s.children.iter().flat_map(|c| &c.children).filter(|f| f.name == "failure").count();
        (s.children.len(), failing, failures)
    };
    assert_eq!(counts("drafts-array.json"), (2, 0, 0));
    assert_eq!(counts("b.json"), (1, 1, 2));
    // ctrl.json is the same customer as a.json and b.json, so cross-record
    // rules may add findings to its one record.
    assert!(matches!(counts("ctrl.json"), (1, 1, n) if n >= 1));
    assert_eq!(counts("empty.json"), (1, 1, 1));
    let total: usize = suites.iter().map(|s| s.children.len()).sum();
    assert_eq!(root.attr("tests").parse::<usize>().unwrap(), total);

    let b = suites.iter().find(|s| s.attr("name") == "b.json").unwrap();
    let case = &b.children[0];
    assert!(case.attr("name").starts_with("record 0 ("), "{}", case.attr("name"));
    assert_eq!(case.attr("classname"), "b.json");
    let dup = case.children.iter().find(|f| f.attr("message").starts_with("duplicate-program: ")).unwrap();
    assert_eq!(dup.attr("type"), "error[ACE303]");
    assert!(dup.text.starts_with("b.json:62:5: "), "{}", dup.text);
    assert!(dup.text.contains("\nhelp: a customer gets each program once"));

    let empty = suites.iter().find(|s| s.attr("name") == "empty.json").unwrap();
    assert_eq!(empty.children[0].attr("name"), "file");
}

#[test]
fn junit_escapes_markup_and_replaces_control_characters() {
    let dir = junit_set();
    let xml = stdout(acelint(dir.path()).args(["--output-format", "junit", "ctrl.json"]));
    assert!(!xml.contains('\u{7}') && !xml.contains('\u{1b}'));
    let root = xml::parse(&xml);
    let failure = &root.children[0].children[0].children[0];
    assert_eq!(failure.attr("message"), "unknown-field: unknown field `Bad\\u{7}\\u{1b}Key<&>\"'` in `Funding`");
    assert!(failure.text.contains("`Bad\\u{7}\\u{1b}Key<&>\"'`"), "{}", failure.text);
}

/// A finding on a whole record (a JSON Lines line that is not an object)
/// has the empty JSON pointer: its `at:` says so in words, where it printed
/// nothing after the colon.
#[test]
fn junit_names_the_whole_record_for_the_empty_pointer() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "drafts.jsonl", "\"TODO\"\n");
    let xml = stdout(acelint(dir.path()).args(["--output-format", "junit", "drafts.jsonl"]));
    let root = xml::parse(&xml);
    let case = &root.children[0].children[0];
    assert_eq!(case.attr("name"), "record 0");
    let failure = &case.children[0];
    assert_eq!(failure.attr("type"), "error[ACE005]");
    let at: Vec<&str> = failure.text.lines().filter(|l| l.starts_with("at:")).collect();
    assert_eq!(at, ["at: the whole record"], "{}", failure.text);
}

/// Only findings at or above the fail level are failures, so a run that
/// exits 0 shows no failed test; the others are listed in the test case's
/// `<system-out>`. The Portfolio record with an S3 line has no error, an
/// info and (as the rules stand) warnings: the JSON report says which.
#[test]
fn junit_failures_are_the_findings_at_or_above_the_fail_level() {
    let dir = mixed();
    let json = stdout(acelint(dir.path()).args(["--output-format", "json", "more records"]));
    let report: Value = serde_json::from_str(&json).unwrap();
    let rank = |s: &str| ["info", "warning", "error"].iter().position(|l| *l == s).unwrap();
    let severities: Vec<usize> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| rank(d["severity"].as_str().unwrap())).collect();
    assert!(!severities.contains(&2) && severities.contains(&0), "{json}");
    for level in ["error", "warning", "info"] {
        let failing = severities.iter().filter(|&&s| s >= rank(level)).count();
        let out = acelint(dir.path())
            .args(["--output-format", "junit", "--fail-level", level, "more records"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(i32::from(failing > 0)), "{level}");
        let root = xml::parse(&String::from_utf8(out.stdout).unwrap());
        let failed = if failing > 0 { "1" } else { "0" };
        assert_eq!((root.attr("tests"), root.attr("failures")), ("1", failed), "{level}");
        assert_eq!(root.children[0].attr("failures"), failed, "{level}");
        let case = &root.children[0].children[0];
        let failures: Vec<_> = case.children.iter().filter(|c| c.name == "failure").collect();
        assert_eq!(failures.len(), failing, "{level}");
        for f in &failures {
            let severity = f.attr("type").split_once('[').unwrap().0;
            assert!(rank(severity) >= rank(level) && f.attr("type").ends_with(']'), "{level}: {}", f.attr("type"));
            assert!(f.text.starts_with("more records/info 1.json:"), "{}", f.text);
        }
        let listed = case.children.iter().find(|c| c.name == "system-out").map_or("", |c| c.text.as_str());
        let below = severities.len() - failing;
        let entries = listed.split("\n\n").filter(|e| !e.is_empty()).collect::<Vec<_>>();
        assert_eq!(entries.len(), below, "{level}: {listed}");
        for e in entries {
            let severity = e.split_once('[').unwrap().0;
            assert!(rank(severity) < rank(level), "{level}: {e}");
            assert!(e.contains("] ") && e.contains(": more records/info 1.json:"), "{e}");
        }
    }
}

#[test]
fn snapshots_of_github_and_junit() {
    let dir = junit_set();
    let github =
        stdout(acelint(dir.path()).args(["--output-format", "github", "b.json", "a.json", "ctrl.json", "empty.json"]));
    insta::assert_snapshot!("github", github);
    let junit =
        stdout(acelint(dir.path()).args(["--output-format", "junit", "b.json", "a.json", "ctrl.json", "empty.json"]));
    insta::assert_snapshot!("junit", junit);
}

/// Just enough of an XML parser to prove the output well formed (one root,
/// balanced tags, quoted attributes, known entities, only characters XML 1.0
/// allows) and to read it back, without a dependency.
mod xml {
    #[derive(Debug, Default)]
    pub struct Element {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<Element>,
        pub text: String,
    }

    impl Element {
        pub fn attr(&self, name: &str) -> &str {
            self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_else(|| {
                panic!("<{}> has no {name}", self.name);
            })
        }
    }

    pub fn parse(xml: &str) -> Element {
        for c in xml.chars() {
            let ok = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
            assert!(ok, "character U+{:04X} is not allowed in XML 1.0", c as u32);
        }
        let mut rest = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").expect("XML declaration");
        let mut stack = vec![Element::default()];
        while let Some(i) = rest.find('<') {
            let text = unescape(&rest[..i]);
            stack.last_mut().unwrap().text.push_str(&text);
            let end = i + rest[i..].find('>').expect("unclosed tag");
            let tag = &rest[i + 1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let done = stack.pop().unwrap();
                assert_eq!(done.name, name, "mismatched closing tag");
                stack.last_mut().expect("closing tag without opening").children.push(done);
                continue;
            }
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let element = open(tag);
            if empty {
                stack.last_mut().unwrap().children.push(element);
            } else {
                stack.push(element);
            }
        }
        assert!(rest.trim().is_empty(), "text after the root element");
        assert_eq!(stack.len(), 1, "unclosed elements");
        let mut top = stack.pop().unwrap();
        assert!(top.text.trim().is_empty(), "text outside the root element");
        assert_eq!(top.children.len(), 1, "exactly one root element");
        top.children.pop().unwrap()
    }

    fn open(tag: &str) -> Element {
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "bad name {name:?}"
        );
        let mut element = Element { name: name.to_string(), ..Element::default() };
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                return element;
            }
            let (key, after) = attrs.split_once("=\"").expect("attribute without a quoted value");
            let (value, after) = after.split_once('"').expect("unterminated attribute value");
            assert!(!element.attrs.iter().any(|(k, _)| k == key), "attribute {key} twice");
            element.attrs.push((key.to_string(), unescape(value)));
            attrs = after;
        }
    }

    fn unescape(s: &str) -> String {
        assert!(!s.contains('<'), "raw < in {s:?}");
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = i + rest[i..].find(';').expect("unterminated entity");
            let entity = &rest[i + 1..end];
            out.push(match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let n = entity.strip_prefix('#').expect("unknown entity").parse::<u32>().unwrap();
                    char::from_u32(n).unwrap()
                }
            });
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

#[test]
fn json_names_the_record_of_a_finding_in_a_file_of_many() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The Portfolio record with its CloudWatch line swapped for S3: a
    // finding inside a record beside the whole-record one.
    let portfolio = example("clean-stack/portfolio.json").replace("\"AmazonCloudWatch\"", "\"AmazonS3\"");
    let record: Value = serde_json::from_str(&portfolio).unwrap();
    let mut second = record.clone();
    second["Funding"]["Company"]["Stage"] = "Series Z".into();
    let lines = [record.to_string(), second.to_string().replacen("{", "{\"Funding\": {},", 1), "{\"broken\": ".into()];
    write(d, "drafts.jsonl", &(lines.join("\n") + "\n"));
    let out = acelint(d).args(["--output-format", "json", "drafts.jsonl"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let of = |name: &str| diagnostics.iter().find(|x| x["name"] == name).unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(of("invalid-value")["record"], 1, "{report:#}");
    let duplicate = of("duplicate-key");
    assert_eq!((duplicate["line"].as_u64(), &duplicate["record"]), (Some(2), &Value::from(1)));
    assert_eq!(duplicate["related"][0]["record"], 1, "the first occurrence is in the same record");
    // A line that cannot be parsed is still the file's record 2 (JUnit's
    // test case for it agrees), with no value to point into.
    let broken = of("invalid-json");
    assert_eq!((&broken["record"], &broken["pointer"]), (&Value::from(2), &Value::Null), "{report:#}");
    assert_eq!(report["summary"]["records"], 2, "no value was read from the broken line");
    let out = acelint(d).args(["--output-format", "sarif", "drafts.jsonl"]).output().unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let broken = results.iter().find(|r| r["ruleId"] == "ACE001").unwrap_or_else(|| panic!("{sarif:#}"));
    assert_eq!(broken["locations"][0]["logicalLocations"][0]["name"], "record 2", "{sarif:#}");
}

/// A backslash is a character of a file name on Linux, not a separator:
/// `dir\a.json` is shown as it is in every report (SARIF percent-encodes
/// it), is told apart from `dir/a.json`, and a baseline written for it
/// matches it again.
#[cfg(target_os = "linux")]
#[test]
fn a_backslash_in_a_file_name_is_shown_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "dir\\a.json", &example("structural-mistakes.json"));
    write(d, "dir/a.json", &example("structural-mistakes.json"));
    let json: Value = serde_json::from_str(&stdout(acelint(d).args([".", "--output-format", "json"]))).unwrap();
    let mut files: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|x| x["file"].as_str().unwrap()).collect();
    files.sort_unstable();
    files.dedup();
    assert_eq!(files, ["dir/a.json", "dir\\a.json"], "two files, each under its own name");
    let concise = stdout(acelint(d).args(["dir\\a.json", "--output-format", "concise"]));
    assert!(concise.lines().next().unwrap().starts_with("dir\\a.json:"), "{concise}");
    let full = stdout(acelint(d).args(["dir\\a.json"]));
    assert!(full.contains(",-[dir\\a.json:2:3]"), "{full}");
    let sarif: Value =
        serde_json::from_str(&stdout(acelint(d).args(["dir\\a.json", "--output-format", "sarif"]))).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "dir%5Ca.json");
    // A baseline names it as it is, and the next run matches it.
    let base = common::acelint(d, &["baseline", "--isolated", "--today", TODAY, "dir\\a.json"]).output().unwrap();
    assert_eq!(base.status.code(), Some(0), "{}", String::from_utf8_lossy(&base.stderr));
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("acelint-baseline.json")).unwrap()).unwrap();
    let names: Vec<&String> = written["files"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["dir\\a.json"]);
    let out = acelint(d).args(["dir\\a.json", "--baseline", "acelint-baseline.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
