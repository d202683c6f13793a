//! Every rule ships fixtures: `tests/fixtures/rules/<rule-name>/` holds at
//! least one `fail*` input that must trigger the rule and one `pass*` input
//! that must not (a near miss, ideally). A `fail*`/`pass*` entry is a record
//! file or a directory of them (for cross-record rules). A rule without
//! fixtures fails this test, so no rule ships untested.

use acelint::check::{self, Options};
use acelint::date::Date;
use acelint::rules::select::Selectors;
use acelint::rules::RuleSet;
use std::path::{Path, PathBuf};

/// Rules whose trigger cannot be a file on disk; each is covered elsewhere.
const EXEMPT: &[(&str, &str)] = &[
    ("unreadable-file", "needs file permissions; tests/bad_input.rs"),
    ("file-too-large", "needs --max-file-size; tests/bad_input.rs"),
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Names of the rules that fire on `path`.
fn fired(path: &Path, rules: &RuleSet) -> Vec<String> {
    let opts = Options::new(vec![path.to_string_lossy().into_owned()], Date::parse("2026-11-24").unwrap());
    check::run(&opts, rules).diagnostics.into_iter().map(|d| d.name.to_string()).collect()
}

fn entries(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    out.retain(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)));
    out.sort();
    out
}

#[test]
fn every_rule_fires_on_its_failing_fixtures_and_not_on_its_passing_ones() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    // A finding that defers to another rule's at the same place is left
    // out where that one is reported (`defers-to`, and a missing key the
    // schema requires): a failing fixture shows the rule fires with those
    // rules off, as it does for a user who switched them off.
    let targets: Vec<String> = rules
        .iter()
        .filter_map(|r| r.defers_to.as_deref().map(str::to_string))
        .chain(["missing-field".to_string()])
        .collect();
    let mut undeferred = RuleSet::builtin().expect("built-in rules load");
    undeferred.select(Selectors { ignore: &targets, ..Selectors::default() }, Selectors::default()).unwrap();
    let mut problems = Vec::new();
    for rule in rules.iter() {
        if EXEMPT.iter().any(|(n, _)| *n == &*rule.name) {
            continue;
        }
        let dir = fixtures_dir().join(&*rule.name);
        let (fails, passes) = (entries(&dir, "fail"), entries(&dir, "pass"));
        if fails.is_empty() || passes.is_empty() {
            problems.push(format!(
                "{} ({}): needs fail* and pass* fixtures in {}",
                rule.name,
                rule.code,
                dir.display()
            ));
            continue;
        }
        let failing_set = if targets.iter().any(|t| *t == *rule.name) { &rules } else { &undeferred };
        for f in &fails {
            if !fired(f, failing_set).iter().any(|n| *n == *rule.name) {
                problems.push(format!("{}: did not fire on {}", rule.name, f.display()));
            }
        }
        for p in &passes {
            if fired(p, &rules).iter().any(|n| *n == *rule.name) {
                problems.push(format!("{}: fired on {}, which must pass", rule.name, p.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{} fixture problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn fixture_directories_all_name_a_rule() {
    let rules = RuleSet::builtin().unwrap();
    let stray: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| rules.get(name).is_none())
        .collect();
    assert!(stray.is_empty(), "fixture folders for unknown rules: {stray:?}");
}

/// The pattern screen (built for runs of many files) only skips searches
/// that cannot match: a run over every fixture at once, screened, finds
/// on each record what a run on its file alone, unscreened, finds.
#[test]
fn the_pattern_screen_changes_no_finding() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let today = Date::parse("2026-11-24").unwrap();
    let root = fixtures_dir();
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.path()) {
            match path.is_dir() {
                true => dirs.push(path),
                false => files.push(path),
            }
        }
    }

    // Cross-record findings depend on which records run together: compare
    // each record's own findings.
    let own = |d: &acelint::diagnostic::Diagnostic| !d.code.starts_with("ACE3");
    let key = |d: &acelint::diagnostic::Diagnostic| {
        (d.location.file.to_string(), d.code.to_string(), d.location.pointer.clone(), d.message.clone())
    };
    let all = check::run(&Options::new(vec![root.to_string_lossy().into_owned()], today), &rules);
    assert!(all.records > 2 * acelint::rules::SCREEN_AFTER_RECORDS, "{} records are mostly unscreened", all.records);
    assert!(rules.screen_built(), "the screen was not built");
    let mut screened: Vec<_> = all.diagnostics.iter().filter(|d| own(d)).map(key).collect();
    let mut alone = Vec::new();
    for f in &files {
        let run = check::run(&Options::new(vec![f.to_string_lossy().into_owned()], today), &rules);
        alone.extend(run.diagnostics.iter().filter(|d| own(d)).map(key));
    }
    screened.sort();
    alone.sort();
    assert!(screened.len() > 500, "{} findings", screened.len());
    assert_eq!(screened, alone);
}
