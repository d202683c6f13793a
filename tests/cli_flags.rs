//! The flags a Ruff user reaches for, through the binary: `--exit-zero`,
//! `--quiet` and `--silent`, `--color` with `NO_COLOR`, `FORCE_COLOR` and
//! `CLICOLOR_FORCE`, and `--exclude`, `--extend-exclude`,
//! `--force-exclude` with the config's `exclude` and `extend-exclude`.
//!
//! Each test builds a project in a temporary directory: the clean stack
//! under `records/`, and the example with structural mistakes (which fails
//! the run) where a test needs findings.

mod common;

use assert_cmd::Command;
use common::{clean_stack, repo, write, Run, TODAY};
use serde_json::Value;
use std::path::Path;

const ESC: &str = "\u{1b}[";

/// Puts the record with structural mistakes at `rel` in the project.
fn add_bad(dir: &Path, rel: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(repo("examples/structural-mistakes.json"), path).unwrap();
}

/// `acelint ARGS` in `dir` with no colour variable at all: the tests of
/// colour set their own.
fn acelint(dir: &Path, args: &[&str]) -> Command {
    let mut c = common::acelint(dir, args);
    c.env_remove("NO_COLOR");
    c
}

/// `acelint check --today … ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Command {
    let mut c = acelint(dir, &["check", "--today", TODAY]);
    c.args(args);
    c
}

/// The files with findings, and the count of files checked, of a JSON report.
fn checked(dir: &Path, args: &[&str]) -> (Vec<String>, u64) {
    let mut all = vec!["--output-format", "json"];
    all.extend(args);
    let out = Run::of(check(dir, &all));
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|_| panic!("{}", out.stderr));
    let mut files: Vec<String> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap().to_string()).collect();
    files.dedup();
    (files, v["summary"]["files"].as_u64().unwrap())
}

// --exit-zero

#[test]
fn exit_zero_exits_0_on_findings_and_still_reports_them() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let plain = Run::of(check(dir.path(), &["--isolated", "--output-format", "concise"]));
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    let zero = Run::of(check(dir.path(), &["--isolated", "--output-format", "concise", "--exit-zero"]));
    assert_eq!(zero.code, 0, "{}", zero.stderr);
    assert_eq!(zero.stdout, plain.stdout, "the same report");
    assert!(zero.stdout.contains("error[ACE011]"), "{}", zero.stdout);
    // And whatever the fail level asks for.
    check(dir.path(), &["--isolated", "--exit-zero", "--fail-level", "info"]).assert().code(0);
}

#[test]
fn exit_zero_still_fails_on_a_file_that_could_not_be_parsed() {
    let dir = clean_stack();
    write(dir.path(), "records/broken.json", "{\"Opportunity\": \n");
    let out = Run::of(check(dir.path(), &["--isolated", "--output-format", "concise", "--exit-zero"]));
    assert!(out.stdout.contains("[ACE001]"), "{}", out.stdout);
    assert_eq!(out.code, 1, "an unparsable file was not checked: {}", out.stdout);
}

#[test]
fn exit_zero_still_exits_2_on_usage_config_and_io_errors() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    check(dir.path(), &["--isolated", "--exit-zero", "records/missing.json"]).assert().code(2);
    check(dir.path(), &["--isolated", "--exit-zero", "--select", "NOPE999"]).assert().code(2);
    write(dir.path(), "acelint.toml", "fail-levle = \"error\"\n");
    check(dir.path(), &["--exit-zero"]).assert().code(2);
}

// --quiet and --silent

#[test]
fn quiet_prints_the_findings_without_the_hint_and_summary() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    for format in ["full", "concise"] {
        let plain = Run::of(check(dir.path(), &["--isolated", "--output-format", format]));
        let quiet = Run::of(check(dir.path(), &["--isolated", "--output-format", format, "-q"]));
        assert_eq!(quiet.code, plain.code);
        assert!(plain.stdout.contains("in 4 files (4 records)"), "{}", plain.stdout);
        assert!(!quiet.stdout.contains("in 4 files"), "{format}: {}", quiet.stdout);
        assert!(!quiet.stdout.contains("acelint explain"), "{format}: {}", quiet.stdout);
        assert!(quiet.stdout.contains("ACE011"), "{format}: the findings stay: {}", quiet.stdout);
        assert!(plain.stdout.starts_with(&quiet.stdout), "{format}: the same findings, then nothing");
    }
}

#[test]
fn quiet_prints_nothing_for_a_clean_run() {
    let dir = clean_stack();
    let out = Run::of(check(dir.path(), &["--isolated", "--quiet"]));
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "", ""));
}

#[test]
fn quiet_drops_the_warnings_and_notes_that_are_not_findings() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let config = "[[allow]]\nrule = \"marketplace-spend\"\nreason = \"EDP\"\npath = \"records/portfolio.json\"\n";
    write(dir.path(), "acelint.toml", config);
    acelint(dir.path(), &["baseline", "records", "--today", TODAY]).assert().code(0);
    // The mistakes fixed: the baseline's entries for the file go stale.
    std::fs::copy(repo("examples/clean-stack/portfolio.json"), dir.path().join("records/bad.json")).unwrap();
    let args = ["--baseline", "acelint-baseline.json", "--output-format", "concise", "records"];
    let plain = Run::of(check(dir.path(), &args));
    assert!(plain.stderr.contains("suppressed nothing"), "{}", plain.stderr);
    assert!(plain.stderr.contains("no longer match"), "{}", plain.stderr);
    let quiet = Run::of(check(dir.path(), &[&args[..], &["-q"]].concat()));
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.code, plain.code);
    // Pruning under --silent prunes without a word.
    let before = std::fs::read_to_string(dir.path().join("acelint-baseline.json")).unwrap();
    let silent = Run::of(check(dir.path(), &[&args[..], &["--silent", "--prune"]].concat()));
    assert_eq!((silent.stdout.as_str(), silent.stderr.as_str()), ("", ""));
    assert_ne!(std::fs::read_to_string(dir.path().join("acelint-baseline.json")).unwrap(), before, "pruned");
}

#[test]
fn the_corpus_hint_for_a_directory_has_one_slash() {
    let dir = clean_stack();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let out = Run::of(check(dir.path(), &["--isolated", "records", "--corpus", "drafts/"]));
    assert!(out.stderr.contains("`drafts/**` loads the records"), "{}", out.stderr);
}

#[test]
fn quiet_statistics_keep_the_table_without_the_summary() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let out = Run::of(check(dir.path(), &["--isolated", "--statistics", "-q"]));
    assert!(out.stdout.starts_with("code "), "{}", out.stdout);
    assert!(out.stdout.contains("unknown-field"), "{}", out.stdout);
    assert!(!out.stdout.contains("records)"), "{}", out.stdout);
}

#[test]
fn silent_prints_nothing_but_still_exits_1_and_writes_the_output_file() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let out = Run::of(check(
        dir.path(),
        &[
            "--isolated",
            "--silent",
            "--statistics",
            "--timings",
            "--output-file",
            "report.json",
            "--output-format",
            "json",
        ],
    ));
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (1, "", ""));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert!(report["summary"]["errors"].as_u64().unwrap() > 0);
    let out = Run::of(check(dir.path(), &["--isolated", "-s", "records/bad.json"]));
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (1, "", ""));
}

#[test]
fn silent_and_quiet_still_print_the_errors_behind_exit_2() {
    let dir = clean_stack();
    for flag in ["-s", "-q"] {
        let out = Run::of(check(dir.path(), &["--isolated", flag, "records/missing.json"]));
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains("records/missing.json"), "{flag}: {}", out.stderr);
    }
}

#[test]
fn quiet_silent_and_verbose_exclude_each_other() {
    let dir = clean_stack();
    for flags in [["-q", "-v"], ["-s", "-v"], ["-q", "-s"]] {
        let out = Run::of(check(dir.path(), &["--isolated", flags[0], flags[1]]));
        assert_eq!(out.code, 2, "{flags:?}");
        assert!(out.stderr.contains("cannot be used with"), "{flags:?}: {}", out.stderr);
    }
}

// --color

/// The full report of a failing file, in a pipe, with `vars` set.
fn colored(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> bool {
    let mut c = check(dir, &["--isolated", "records/bad.json", "--output-format", "full"]);
    c.args(args);
    for (k, v) in vars {
        c.env(k, v);
    }
    let out = Run::of(c);
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.stdout.contains(ESC)
}

#[test]
fn color_follows_the_flag_then_the_environment() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let d = dir.path();
    assert!(!colored(d, &[], &[]), "a pipe gets no colour");
    assert!(colored(d, &["--color", "always"], &[]));
    assert!(colored(d, &[], &[("FORCE_COLOR", "1")]));
    assert!(!colored(d, &[], &[("FORCE_COLOR", "0")]));
    assert!(colored(d, &[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(d, &[], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]), "NO_COLOR wins over FORCE_COLOR");
    assert!(colored(d, &[], &[("FORCE_COLOR", "1"), ("NO_COLOR", "")]), "an empty NO_COLOR is not set");
    assert!(colored(d, &["--color", "always"], &[("NO_COLOR", "1")]), "the flag wins over NO_COLOR");
    assert!(!colored(d, &["--color", "never"], &[("FORCE_COLOR", "1")]), "the flag wins over FORCE_COLOR");
    assert!(!colored(d, &["--color", "auto"], &[]));
}

#[test]
fn color_is_global_and_colours_config_errors_on_stderr() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let out = Run::of(acelint(dir.path(), &["--color", "always", "check", "records/bad.json", "--isolated"]));
    assert!(out.stdout.contains(ESC), "before the command: {}", out.stdout);
    write(dir.path(), "acelint.toml", "fail-levle = \"error\"\n");
    let out = Run::of(acelint(dir.path(), &["check", "records", "--color", "always"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(ESC), "{}", out.stderr);
    let out = Run::of(acelint(dir.path(), &["check", "records", "--color", "never"]));
    assert!(out.stderr.contains("fail-levle") && !out.stderr.contains(ESC), "{}", out.stderr);
}

#[test]
fn color_governs_the_help_and_usage_errors_clap_prints() {
    let dir = clean_stack();
    let d = dir.path();
    let help = Run::of(acelint(d, &["check", "--help", "--color", "always"]));
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains(ESC), "{}", help.stdout);
    let usage = |args: &[&str], vars: &[(&str, &str)]| {
        let mut c = acelint(d, args);
        c.envs(vars.iter().copied());
        let out = Run::of(c);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("--badflag"), "{}", out.stderr);
        out.stderr.contains(ESC)
    };
    assert!(usage(&["--color", "always", "check", "--badflag"], &[]));
    assert!(!usage(&["check", "--badflag"], &[]), "not a terminal");
    assert!(usage(&["check", "--badflag"], &[("FORCE_COLOR", "1")]));
    assert!(!usage(&["check", "--badflag", "--color=never"], &[("FORCE_COLOR", "1")]));
}

#[test]
fn the_concise_report_colours_the_place_and_the_severity() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let concise = |color: &str| {
        let args = ["--isolated", "records/bad.json", "--output-format", "concise", "--color", color];
        Run::of(check(dir.path(), &args)).stdout
    };
    let plain = concise("never");
    assert!(plain.starts_with("records/bad.json:") && !plain.contains(ESC), "{plain}");
    let coloured = concise("always");
    assert!(coloured.contains("\u{1b}[1mrecords/bad.json:"), "{coloured}");
    assert!(coloured.contains("\u{1b}[1;31merror[ACE"), "{coloured}");
    let stripped = coloured.replace("\u{1b}[0m", "").replace("\u{1b}[1m", "").replace("\u{1b}[1;31m", "");
    let stripped = stripped.replace("\u{1b}[1;33m", "").replace("\u{1b}[1;36m", "");
    assert_eq!(stripped, plain, "the same text, only coloured");
}

#[test]
fn output_file_is_never_coloured() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/bad.json");
    let mut c =
        check(dir.path(), &["--isolated", "records/bad.json", "--color", "always", "--output-file", "report.txt"]);
    c.env("FORCE_COLOR", "1");
    let out = Run::of(c);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains(ESC), "the console is coloured");
    let file = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(file.contains("ACE011"), "{file}");
    assert!(!file.contains(ESC), "{file}");
}

// --exclude, --extend-exclude, --force-exclude and the config's keys

#[test]
fn exclude_leaves_out_a_name_at_any_depth_in_a_walk() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/2024/archive/bad.json");
    add_bad(dir.path(), "records/old.draft.json");
    let (files, _) = checked(dir.path(), &["--isolated"]);
    assert_eq!(files, ["records/2024/archive/bad.json", "records/old.draft.json"]);
    let (files, n) = checked(dir.path(), &["--isolated", "--exclude", "archive", "--exclude", "*.draft.json"]);
    assert_eq!((files.len(), n), (0, 3), "{files:?}");
    check(dir.path(), &["--isolated", "--exclude", "archive", "--extend-exclude", "*.draft.json"]).assert().code(0);
}

#[test]
fn a_flag_glob_with_a_slash_is_relative_to_the_working_directory() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/archive/bad.json");
    let (files, _) = checked(dir.path(), &["--isolated", "--exclude", "records/archive/*"]);
    assert!(files.is_empty(), "{files:?}");
    // From `records/`, the same glob names `records/records/archive`.
    let (files, _) = checked(&dir.path().join("records"), &["--isolated", "--exclude", "records/archive/*"]);
    assert_eq!(files, ["archive/bad.json"]);
    let (files, _) = checked(&dir.path().join("records"), &["--isolated", "--exclude", "archive/*"]);
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn config_globs_are_relative_to_the_config_and_exclude_flag_replaces_only_exclude() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/archive/bad.json");
    add_bad(dir.path(), "records/drafts/bad.json");
    write(dir.path(), "acelint.toml", "exclude = [\"records/archive/**\"]\nextend-exclude = [\"drafts\"]\n");
    let sub = dir.path().join("records");
    let (files, n) = checked(&sub, &[]);
    assert_eq!((files.len(), n), (0, 3), "from a subdirectory, the config's globs still apply: {files:?}");
    // --exclude replaces the config's `exclude`; its `extend-exclude` stays.
    let (files, _) = checked(&sub, &["--exclude", "nothing-here"]);
    assert_eq!(files, ["archive/bad.json"]);
    // --extend-exclude adds to both.
    let (files, n) = checked(&sub, &["--extend-exclude", "portfolio.json"]);
    assert_eq!((files.len(), n), (0, 2), "{files:?}");
}

#[test]
fn a_path_named_is_checked_unless_force_exclude() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/archive/bad.json");
    let d = dir.path();
    let args = ["--isolated", "--exclude", "archive"];
    check(d, &[&args[..], &["records/archive/bad.json"]].concat()).assert().code(1);
    check(d, &[&args[..], &["records/archive"]].concat()).assert().code(1);
    // A file below an excluded directory, named: excluded with --force-exclude.
    let out = Run::of(check(d, &[&args[..], &["--force-exclude", "records/archive/bad.json"]].concat()));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    assert!(out.stderr.contains("excluded"), "{}", out.stderr);
    let out = Run::of(check(d, &[&args[..], &["--force-exclude", "-q", "records/archive"]].concat()));
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "", ""));
    // The paths not excluded are still checked.
    let (files, n) =
        checked(d, &[&args[..], &["--force-exclude", "records/archive/bad.json", "records/portfolio.json"]].concat());
    assert_eq!((files.len(), n), (0, 1), "{files:?}");
}

#[test]
fn force_exclude_applies_to_the_name_of_standard_input() {
    let dir = clean_stack();
    let bad = std::fs::read_to_string(repo("examples/structural-mistakes.json")).unwrap();
    let args = ["--isolated", "--exclude", "archive", "-", "--stdin-filename", "archive/x.json"];
    let mut c = check(dir.path(), &args);
    c.write_stdin(bad.clone());
    c.assert().code(1);
    let mut c = check(dir.path(), &[&args[..], &["--force-exclude"]].concat());
    c.write_stdin(bad);
    c.assert().code(0);
}

#[test]
fn force_exclude_reads_the_config() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/archive/bad.json");
    write(dir.path(), "acelint.toml", "extend-exclude = [\"archive\"]\n");
    check(dir.path(), &["records/archive/bad.json"]).assert().code(1);
    check(dir.path(), &["--force-exclude", "records/archive/bad.json"]).assert().code(0);
}

#[test]
fn acelintignore_still_applies_beside_exclude() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/archive/bad.json");
    add_bad(dir.path(), "records/ignored/bad.json");
    write(dir.path(), "records/.acelintignore", "ignored/\n");
    let (files, n) = checked(dir.path(), &["--isolated", "--exclude", "archive"]);
    assert_eq!((files.len(), n), (0, 3), "{files:?}");
}

#[test]
fn a_bad_exclude_glob_is_an_error_at_its_place() {
    let dir = clean_stack();
    let out = Run::of(check(dir.path(), &["--isolated", "--exclude", "a[", "--exit-zero"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid --exclude glob `a[`"), "{}", out.stderr);
    write(dir.path(), "acelint.toml", "fail-level = \"error\"\nextend-exclude = [\"ok\", \"b[\"]\n");
    let out = Run::of(check(dir.path(), &[]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid config acelint.toml:2:"), "{}", out.stderr);
    // `acelint config` shows only a config a check would accept.
    let shown = Run::of(acelint(dir.path(), &["config"]));
    assert_eq!(shown.code, 2, "{}", shown.stdout);
    assert!(shown.stderr.contains("invalid config acelint.toml:2:"), "{}", shown.stderr);
    write(dir.path(), "acelint.toml", "exclued = [\"archive\"]\n");
    let out = Run::of(check(dir.path(), &[]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("exclude"), "a suggestion: {}", out.stderr);
}

#[test]
fn baseline_and_config_follow_the_configs_exclusions() {
    let dir = clean_stack();
    add_bad(dir.path(), "records/archive/bad.json");
    write(dir.path(), "acelint.toml", "exclude = [\"archive\"]\n");
    let baseline = |args: &[&str], file: &str| {
        let out =
            Run::of(acelint(dir.path(), &[&["baseline", "records", "--today", TODAY, "-o", file], args].concat()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        std::fs::read_to_string(dir.path().join(file)).unwrap()
    };
    assert!(baseline(&["--isolated"], "all.json").contains("archive/bad.json"));
    assert!(!baseline(&[], "configured.json").contains("archive"));
    let out = Run::of(acelint(dir.path(), &["config"]));
    let line = out.stdout.lines().find(|l| l.starts_with("exclude ")).unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(line.contains("[\"archive\"]") && line.contains("acelint.toml"), "{line}");
    let line = out.stdout.lines().find(|l| l.starts_with("extend-exclude ")).unwrap();
    assert!(line.contains("default"), "{line}");
}

/// `--force` replaces an earlier baseline, never a record the run checks,
/// the config or a rule file.
#[test]
fn baseline_force_never_replaces_an_input() {
    let dir = clean_stack();
    let d = dir.path();
    write(d, "acelint.toml", "rules = [\"team.toml\"]\n");
    write(d, "team.toml", "[ruleset]\nname = \"team\"\n");
    let record = std::fs::read(d.join("records/portfolio.json")).unwrap();
    for (target, what) in [
        ("records/portfolio.json", "a record file being checked"),
        ("acelint.toml", "the config file"),
        ("team.toml", "a rule file"),
    ] {
        let before = std::fs::read(d.join(target)).unwrap();
        let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "--force", "-o", target]));
        assert_eq!(out.code, 2, "{target}: {}", out.stderr);
        assert!(out.stderr.contains(&format!("{target} is {what};")), "{}", out.stderr);
        assert_eq!(std::fs::read(d.join(target)).unwrap(), before, "{target}");
    }
    assert_eq!(std::fs::read(d.join("records/portfolio.json")).unwrap(), record);
    // An earlier baseline among the records is replaced, as asked.
    for _ in 0..2 {
        let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "--force", "-o", "records/b.json"]));
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
}

/// Nor a corpus record, nor a record outside the paths checked: `--force`
/// replaces only a file that reads as a baseline.
#[test]
fn baseline_force_replaces_only_a_baseline() {
    let dir = clean_stack();
    let d = dir.path();
    write(d, "acelint.toml", "corpus = [\"**/*.json\"]\n");
    let record = std::fs::read_to_string(d.join("records/portfolio.json")).unwrap();
    write(d, "r2/x.json", &record);
    write(d, "outside.json", &record);
    for target in ["r2/x.json", "outside.json"] {
        let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "--force", "-o", target]));
        assert_eq!(out.code, 2, "{target}: {}", out.stderr);
        assert!(out.stderr.contains("not an acelint baseline (--force replaces only a baseline)"), "{}", out.stderr);
        assert_eq!(std::fs::read_to_string(d.join(target)).unwrap(), record, "{target}");
    }
    // Without --force the record is refused for what it is, not with a
    // hint to force it.
    let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "-o", "outside.json"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!out.stderr.contains("use --force"), "{}", out.stderr);
}

/// What is left of a baseline that no longer reads as one (a merge
/// conflict, a newer version, an empty file) is replaced with `--force`:
/// regenerating it is the usual way out. A record with conflict markers
/// is still kept.
#[test]
fn baseline_force_replaces_a_broken_baseline_but_not_a_broken_record() {
    let dir = clean_stack();
    let d = dir.path();
    let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let good = std::fs::read_to_string(d.join("acelint-baseline.json")).unwrap();
    let conflict = format!("<<<<<<< HEAD\n{good}=======\n{good}>>>>>>> main\n");
    let newer = good.replacen("\"version\": 1", "\"version\": 2", 1);
    for broken in [conflict.as_str(), newer.as_str(), ""] {
        write(d, "acelint-baseline.json", broken);
        let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "--force"]));
        assert_eq!(out.code, 0, "{broken}: {}", out.stderr);
        assert_eq!(std::fs::read_to_string(d.join("acelint-baseline.json")).unwrap(), good);
    }
    // Another tool's JSON with the same two keys is kept.
    let package = r#"{"name": "app", "version": "1.0.0", "files": ["dist"]}"#;
    write(d, "package.json", package);
    let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "--force", "-o", "package.json"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(d.join("package.json")).unwrap(), package);
    let record = std::fs::read_to_string(d.join("records/portfolio.json")).unwrap();
    let conflicted = format!("<<<<<<< HEAD\n{record}=======\n{record}>>>>>>> main\n");
    write(d, "merging.json", &conflicted);
    let out = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "--force", "-o", "merging.json"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(d.join("merging.json")).unwrap(), conflicted);
}

/// The corpus `init` writes holds every file a walk reads: a JSON Lines
/// record is compared with the file pre-commit names, as in a full run.
#[test]
fn init_corpus_takes_json_lines_records_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    acelint(d, &["init"]).assert().code(0);
    let sample: Value = common::read_json(&d.join("draft-record.json"));
    for name in ["copy.jsonl", "copy.ndjson"] {
        write(d, name, &format!("{sample}\n"));
        let out = Run::of(check(d, &["--force-exclude", "--output-format", "concise", "draft-record.json"]));
        assert_eq!(out.code, 1, "{name}: {}", out.stdout);
        assert!(out.stdout.contains(&format!("[ACE310] reused-client-token: {name} record 0")), "{}", out.stdout);
        std::fs::remove_file(d.join(name)).unwrap();
    }
}

/// The sample `init` writes is filed today and closes ahead of today,
/// whatever the date: clean on the system's own date, with no --today.
#[test]
fn init_sample_is_dated_from_today_and_clean_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    acelint(d, &["init"]).assert().code(0);
    let sample = common::read_json(&d.join("draft-record.json"));
    let today = acelint::date::Date::today();
    assert_eq!(sample["Funding"]["FilingDate"], today.to_string());
    let close = acelint::date::Date::parse(sample["Opportunity"]["LifeCycle"]["TargetCloseDate"].as_str().unwrap());
    assert!(close.is_some_and(|c| c > today), "{sample}");
    let out = Run::of(acelint(d, &["check", "."]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

/// `--exit-zero` forgives findings, not files left unchecked: one that
/// cannot be parsed gives 1, one that cannot be read 2, as README says.
#[cfg(unix)]
#[test]
fn exit_zero_keeps_1_for_an_unparsed_file_and_2_for_an_unread_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "broken.json", "{");
    std::os::unix::fs::symlink("nowhere.json", d.join("dangling.json")).unwrap();
    assert_eq!(Run::of(check(d, &["--exit-zero", "--isolated", "broken.json"])).code, 1);
    let unread = Run::of(check(d, &["--exit-zero", "--isolated", "dangling.json"]));
    assert_eq!(unread.code, 2, "{}", unread.stdout);
    assert!(unread.stdout.contains("[ACE008]"), "{}", unread.stdout);
    let readme = std::fs::read_to_string(repo("README.md")).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(readme.contains(
        "(`ACE001`, `ACE003`–`ACE007`) still gives 1, and one that could not be read (`ACE008`) still gives 2."
    ));
}

#[test]
fn init_writes_a_config_that_documents_exclusions_and_loads() {
    let dir = tempfile::tempdir().unwrap();
    acelint(dir.path(), &["init"]).assert().code(0);
    let text = std::fs::read_to_string(dir.path().join("acelint.toml")).unwrap();
    assert!(text.contains("# extend-exclude = ["), "{text}");
    // Uncommented, the example is a valid config.
    std::fs::write(dir.path().join("acelint.toml"), text.replace("# extend-exclude", "extend-exclude")).unwrap();
    check(dir.path(), &["."]).assert().code(0);
}

#[test]
fn a_named_directory_whose_files_are_all_excluded_is_a_note_not_an_error() {
    let dir = clean_stack();
    add_bad(dir.path(), "drafts/old/bad.json");
    write(dir.path(), "acelint.toml", "extend-exclude = [\"drafts/old/**\"]\n");
    let out = Run::of(check(dir.path(), &["drafts/old"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("every record file under the paths named is excluded"), "{}", out.stderr);
    // An empty directory is still a mistake worth exit 2.
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    assert_eq!(Run::of(check(dir.path(), &["empty"])).code, 2);
}

/// pre-commit naming only the changed baseline (or a directory holding
/// only it) has nothing to check: a note and 0, with a corpus configured
/// or not, and no summary of nothing beside an error.
#[test]
fn a_run_that_names_only_the_baseline_is_a_note_not_an_error() {
    let dir = clean_stack();
    let d = dir.path();
    std::fs::create_dir(d.join("b")).unwrap();
    let made = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "-o", "b/records-baseline.json"]));
    assert_eq!(made.code, 0, "{}", made.stderr);
    for config in ["", "corpus = [\"records/*.json\"]\n"] {
        write(d, "acelint.toml", &format!("baseline = \"b/records-baseline.json\"\n{config}"));
        for args in [&["--force-exclude", "--output-format", "concise", "b/records-baseline.json"][..], &["b"][..]] {
            let out = Run::of(check(d, args));
            assert_eq!(out.code, 0, "{config}{args:?}: {}", out.stderr);
            assert!(out.stdout.is_empty(), "{}", out.stdout);
            assert!(out.stderr.contains("nothing to check") && !out.stderr.contains("error"), "{}", out.stderr);
        }
    }
    // A directory holding no file at all is still a mistake.
    std::fs::create_dir_all(d.join("empty")).unwrap();
    assert_eq!(Run::of(check(d, &["empty"])).code, 2);
    // A report a tool reads is still written, empty: SARIF to a file, JSON
    // on standard output.
    let sarif = ["--force-exclude", "--output-format", "sarif", "--output-file", "r.sarif", "b/records-baseline.json"];
    let out = Run::of(check(d, &sarif));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log: Value = common::read_json(&d.join("r.sarif"));
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()), "{log}");
    let out = Run::of(check(d, &["--force-exclude", "--output-format", "json", "b/records-baseline.json"]));
    assert_eq!((out.code, &out.json()["summary"]["files"]), (0, &Value::from(0)), "{}", out.stdout);
}

/// Every path named excluded still writes the empty report, but never over
/// a path named (excluded, it is still a record) nor over the config.
#[test]
fn an_excluded_run_never_writes_its_report_over_an_input() {
    let dir = clean_stack();
    let d = dir.path();
    write(d, ".acelintignore", "records/portfolio.json\n");
    write(d, "acelint.toml", "fail-level = \"error\"\n");
    let before = std::fs::read_to_string(d.join("records/portfolio.json")).unwrap();
    for target in ["records/portfolio.json", "acelint.toml"] {
        let kept = std::fs::read_to_string(d.join(target)).unwrap();
        let args = ["--force-exclude", "--output-format", "json", "--output-file", target, "records/portfolio.json"];
        let out = Run::of(check(d, &args));
        assert_eq!(out.code, 2, "{target}: {}", out.stderr);
        assert!(out.stderr.contains("writing there would replace it"), "{}", out.stderr);
        assert_eq!(std::fs::read_to_string(d.join(target)).unwrap(), kept, "{target}");
    }
    assert_eq!(std::fs::read_to_string(d.join("records/portfolio.json")).unwrap(), before);
    let out = Run::of(check(
        d,
        &["--force-exclude", "--output-file", "r.json", "--output-format", "json", "records/portfolio.json"],
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(common::read_json(&d.join("r.json"))["summary"]["files"], 0);
}

#[test]
fn force_exclude_never_leaves_out_the_project_by_its_own_name() {
    let dir = clean_stack();
    let project_name = dir.path().file_name().unwrap().to_str().unwrap().to_string();
    add_bad(dir.path(), "records/bad.json");
    write(dir.path(), "acelint.toml", &format!("extend-exclude = [\"{project_name}\"]\n"));
    let out = Run::of(check(dir.path(), &["--force-exclude", "."]));
    assert_eq!(out.code, 1, "the project is checked: {}", out.stderr);
}

#[cfg(unix)]
#[test]
fn an_anchored_exclude_matches_a_path_reached_through_a_symbolic_link() {
    let dir = clean_stack();
    add_bad(dir.path(), "drafts/old/b.json");
    let link = tempfile::tempdir().unwrap();
    let linked = link.path().join("proj");
    std::os::unix::fs::symlink(dir.path(), &linked).unwrap();
    // The working directory resolves the link; the path named keeps it, as
    // `"$PWD/drafts"` does in a shell.
    let named = linked.join("drafts");
    let out = Run::of(check(&linked, &["--isolated", "--exclude", "drafts/old", named.to_str().unwrap()]));
    assert_eq!(out.code, 0, "drafts/old is excluded: {}{}", out.stdout, out.stderr);
}

/// A baseline saved with a byte-order mark is read; a broken one is named
/// at its line and column, and left as it is.
#[test]
fn baseline_with_a_bom_is_read_and_a_broken_one_located() {
    let dir = clean_stack();
    let d = dir.path();
    write(d, "bom.json", "\u{feff}{\"version\": 1, \"files\": {}}");
    let out = Run::of(check(d, &["--isolated", "records", "--baseline", "bom.json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    write(d, "broken.json", "{\"version\": 1,\n  \"files\": {\n}");
    let out = Run::of(check(d, &["--isolated", "records", "--baseline", "broken.json"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("error: broken.json:3:1: not an acelint baseline ("), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(d.join("broken.json")).unwrap(), "{\"version\": 1,\n  \"files\": {\n}");
}

/// A baseline that is missing, or is not one, names the command that
/// writes it where the run looks for it.
#[test]
fn a_missing_or_broken_baseline_names_the_command_that_writes_it() {
    let dir = clean_stack();
    let d = dir.path();
    write(d, "acelint.toml", "baseline = \"b/acelint-baseline.json\"\n");
    let out = Run::of(check(d, &["records"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let hint = "write it with `acelint baseline -o b/acelint-baseline.json`";
    assert!(out.stderr.contains(hint), "{}", out.stderr);
    write(d, "notes.json", "[1,");
    let out = Run::of(check(d, &["records", "--baseline", "notes.json"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("move this one away and write one with `acelint baseline -o notes.json`"),
        "{}",
        out.stderr
    );
    // The hints work: each command writes the baseline the check then reads.
    std::fs::create_dir(d.join("b")).unwrap();
    for (path, args) in [("b/acelint-baseline.json", &[][..]), ("notes.json", &["--baseline", "notes.json"][..])] {
        std::fs::remove_file(d.join("notes.json")).unwrap_or_default();
        let made = Run::of(acelint(d, &["baseline", "records", "--today", TODAY, "-o", path]));
        assert_eq!(made.code, 0, "{}", made.stderr);
        assert_eq!(Run::of(check(d, &[&["records"], args].concat())).code, 0);
    }
}

/// A count beyond what acelint ever writes (an edit, a corrupt file) is
/// refused at its line and column, never summed into a wrapped-around
/// number of stale entries or a crash; the file is left as it is.
#[test]
fn a_baseline_count_past_its_cap_is_refused_at_its_place() {
    let dir = clean_stack();
    let d = dir.path();
    let entries = |counts: &str| {
        format!("{{\"version\": 1,\n  \"files\": {{\"records/portfolio.json\": {{\"ACE010\": {counts}}}}}}}\n")
    };
    for (counts, shown) in [
        ("{\"00\": 18446744073709551615}", "integer `18446744073709551615`"),
        ("{\"00\": 18446744073709551615, \"01\": 1}", "integer `18446744073709551615`"),
        ("{\"00\": 4294967296}", "integer `4294967296`"),
        ("{\"00\": 18446744073709551616}", "floating point"),
        ("{\"00\": -1}", "integer `-1`"),
    ] {
        let text = entries(counts);
        write(d, "big.json", &text);
        let out = Run::of(check(d, &["--isolated", "records", "--baseline", "big.json"]));
        assert_eq!(out.code, 2, "{counts}: {}", out.stderr);
        assert!(out.stderr.starts_with("error: big.json:2:"), "{counts}: {}", out.stderr);
        assert!(out.stderr.contains(shown), "{counts}: {}", out.stderr);
        assert!(
            out.stderr.contains("expected a count of findings, a whole number from 0 to 4294967295"),
            "{}",
            out.stderr
        );
        assert_eq!(std::fs::read_to_string(d.join("big.json")).unwrap(), text);
    }
    // The cap itself is a count like any other.
    write(d, "big.json", &entries("{\"00\": 4294967295, \"01\": 4294967295}"));
    let out = Run::of(check(d, &["--isolated", "records", "--baseline", "big.json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("8589934590 entries in big.json no longer match"), "{}", out.stderr);
}

/// `export --record N` past the file's records says which indexes there
/// are (from 0, as `--help` and the findings count), before any finding:
/// the file-wide error of a broken line is not "record 5's". Exit 2, as
/// for any other input that cannot be exported.
#[test]
fn export_record_out_of_range_lists_the_records_there_are() {
    let dir = clean_stack();
    let d = dir.path();
    let line = |name: &str| serde_json::to_string(&common::read_json(&d.join("records").join(name))).unwrap();
    let portfolio = line("portfolio.json");
    write(d, "k.jsonl", &format!("{portfolio}\n{{\"broken\": \n{}\n", line("build-for-startups.json")));
    write(d, "one.json", &portfolio);
    // A file's one value that is not a record is still record 0.
    write(d, "scalar.json", "42");
    let export = |file: &str, record: &str| {
        Run::of(acelint(d, &["export", file, "--record", record, "--today", TODAY, "--isolated"]))
    };
    for (file, record, want) in [
        ("k.jsonl", "3", "error: k.jsonl has no record 3; it has 3 records (--record 0 to 2)\n"),
        ("k.jsonl", "5", "error: k.jsonl has no record 5; it has 3 records (--record 0 to 2)\n"),
        ("one.json", "1", "error: one.json has no record 1; it has 1 record (--record 0)\n"),
        ("scalar.json", "1", "error: scalar.json has no record 1; it has 1 record (--record 0)\n"),
    ] {
        let out = export(file, record);
        assert_eq!((out.code, out.stderr.as_str()), (2, want), "{file} --record {record}");
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
    // In range, the last record still exports, and the broken line stops only itself.
    assert_eq!(export("k.jsonl", "2").code, 0);
    assert_eq!(export("one.json", "0").code, 0);
    let broken = export("k.jsonl", "1");
    assert_eq!(broken.code, 1);
    assert!(broken.stderr.contains("k.jsonl record 1 has 1 error"), "{}", broken.stderr);
    let scalar = export("scalar.json", "0");
    assert_eq!(scalar.code, 1);
    assert!(scalar.stderr.contains("scalar.json record 0 has 1 error"), "{}", scalar.stderr);
}

/// A file that cannot be split into records has no record to name: its
/// syntax error is the file's, whatever `--record` asks for.
#[test]
fn export_of_an_unreadable_file_names_the_file_not_a_record() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.json", "{\"Opportunity\": ");
    for record in ["0", "7"] {
        let out = Run::of(acelint(dir.path(), &["export", "broken.json", "--record", record, "--isolated"]));
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr.starts_with("error: broken.json cannot be read as records: it has 1 error; fix it"),
            "--record {record}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("record 7"), "{}", out.stderr);
    }
}

/// A rule file named in the config and again with `--rules` (as
/// `explain --rules` is often run) is loaded once, not refused for
/// defining its own rules twice; a second file defining the same code still
/// is.
#[test]
fn a_rule_file_named_twice_is_loaded_once() {
    let dir = clean_stack();
    let d = dir.path();
    write(d, "acelint.toml", "rules = [\"team.toml\"]\n");
    let rule = "[[rules]]\ncode = \"XYZ001\"\nname = \"title-present\"\nseverity = \"info\"\nsummary = \"x\"\ncheck = { kind = \"required\", field = \"/Opportunity/Project/Title\" }\n";
    write(d, "team.toml", &format!("[ruleset]\nname = \"team\"\n{rule}"));
    let out = Run::of(acelint(d, &["explain", "XYZ001", "--rules", "team.toml"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("title-present"), "{}", out.stdout);
    let out = Run::of(acelint(d, &["explain", "XYZ001", "--rules", "./team.toml"]));
    assert_eq!(out.code, 0, "another spelling of the same path: {}", out.stderr);
    write(d, "copy.toml", &format!("[ruleset]\nname = \"copy\"\n{rule}"));
    let out = Run::of(acelint(d, &["explain", "XYZ001", "--rules", "copy.toml"]));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("already defined in team.toml"), "{}", out.stderr);
}
