//! The globs of `per-file-ignores` and `[[allow]] path`, through the
//! binary: relative to the config file's directory wherever acelint runs
//! (the config's directory, a subdirectory, another directory with
//! `--config`), for paths written relative, absolute or as the
//! `--stdin-filename`, and written as `exclude` globs are.
//!
//! Each project holds a record with one `invalid-value` finding (an
//! unknown `Stage`) at paths chosen so that a glob read from the wrong
//! directory matches the wrong file.

mod common;

use assert_cmd::Command;
use common::TODAY;
use serde_json::Value;
use std::path::{Path, PathBuf};

const RULE: &str = "invalid-value";
/// Matched from the config's directory; the decoy matches it only from
/// `drafts/`.
const LEGACY: &str = "drafts/legacy/x.json";
const DECOY: &str = "drafts/drafts/legacy/y.json";

/// A record with exactly one `invalid-value` finding.
fn bad_record() -> String {
    let path = common::repo("examples/clean-stack/portfolio.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["Funding"]["Company"]["Stage"] = "Series Z".into();
    serde_json::to_string_pretty(&v).unwrap()
}

/// A project with `config` as its `acelint.toml` and the bad record at
/// each of `files`.
fn project(config: &str, files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("acelint.toml"), config).unwrap();
    for f in files {
        let path = dir.path().join(f);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bad_record()).unwrap();
    }
    dir
}

fn acelint(cwd: &Path, args: &[&str]) -> Command {
    let mut c = common::acelint(cwd, args);
    c.args(["--today", TODAY, "--output-format", "json"]);
    c
}

/// The files, from the project's root, that `invalid-value` is reported
/// in when acelint runs in `cwd` with `args`.
fn reported(root: &Path, cwd: &Path, args: &[&str], stdin: Option<String>) -> Vec<String> {
    let mut c = acelint(cwd, args);
    if let Some(text) = stdin {
        c.write_stdin(text);
    }
    let out = c.output().unwrap();
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    let mut files: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"] == RULE)
        .map(|d| from_root(root, &cwd.join(d["file"].as_str().unwrap())))
        .collect();
    files.sort();
    files
}

/// `path` from `root`, with forward slashes, resolved without the file
/// system: standard input's name need not exist.
fn from_root(root: &Path, path: &Path) -> String {
    let mut abs = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                abs.pop();
            }
            c => abs.push(c),
        }
    }
    abs.strip_prefix(root).unwrap_or(&abs).to_string_lossy().replace('\\', "/")
}

/// The project's directory as the binary sees it, symbolic links resolved.
fn canonical(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().canonicalize().unwrap()
}

fn per_file_ignores(glob: &str) -> String {
    format!("[per-file-ignores]\n\"{glob}\" = [\"{RULE}\"]\n")
}

fn allow(glob: &str) -> String {
    format!("[[allow]]\nrule = \"{RULE}\"\nreason = \"migrated as is\"\npath = \"{glob}\"\n")
}

fn abs(dir: &Path, rel: &str) -> String {
    dir.join(rel).to_string_lossy().into_owned()
}

#[test]
fn from_the_config_directory_a_glob_matches_paths_from_it() {
    let dir = project(&per_file_ignores("drafts/legacy/*.json"), &[LEGACY, DECOY]);
    let root = &canonical(&dir);
    assert_eq!(reported(root, root, &["check", "drafts"], None), [DECOY]);
}

#[test]
fn from_a_subdirectory_a_glob_still_matches_paths_from_the_config() {
    let dir = project(&per_file_ignores("drafts/legacy/*.json"), &[LEGACY, DECOY]);
    let root = &canonical(&dir);
    let drafts = root.join("drafts");
    assert_eq!(reported(root, &drafts, &["check", "."], None), [DECOY]);
    assert_eq!(reported(root, &drafts, &["check", "legacy/"], None), Vec::<String>::new());
    // `drafts/legacy/y.json` from here is the decoy: the glob is not read
    // from the working directory.
    assert_eq!(reported(root, &drafts, &["check", "drafts/legacy/y.json"], None), [DECOY]);
    assert_eq!(reported(root, &drafts.join("legacy"), &["check", "x.json", "../drafts"], None), [DECOY]);
}

#[test]
fn an_allow_path_is_relative_to_the_config_too() {
    let dir = project(&allow("drafts/legacy/*.json"), &[LEGACY, DECOY]);
    let root = &canonical(&dir);
    let drafts = root.join("drafts");
    assert_eq!(reported(root, &drafts, &["check", "."], None), [DECOY]);
    let out = acelint(&drafts, &["check", "drafts"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("suppressed nothing"), "the allow had no file of its own to look at: {stderr}");
    assert_eq!(reported(root, root, &["check", "drafts"], None), [DECOY]);
}

#[test]
fn absolute_paths_and_another_directory_with_config() {
    let dir = project(&per_file_ignores("drafts/legacy/*.json"), &[LEGACY, DECOY]);
    let root = &canonical(&dir);
    let elsewhere = tempfile::tempdir().unwrap();
    let config = abs(root, "acelint.toml");
    let (legacy, decoy) = (abs(root, LEGACY), abs(root, DECOY));
    assert_eq!(reported(root, &root.join("drafts"), &["check", &legacy, &decoy], None), [DECOY]);
    let args = ["check", "--config", &config, &legacy, &decoy];
    assert_eq!(reported(root, elsewhere.path(), &args, None), [DECOY]);
    // A relative --config and paths with `..` in them.
    let dir_args = ["check", "--config", "../acelint.toml", "../drafts/legacy", "./drafts/../drafts/legacy"];
    assert_eq!(reported(root, &root.join("drafts"), &dir_args, None), [DECOY]);
}

#[test]
fn standard_input_is_matched_by_its_name_from_the_working_directory() {
    let dir = project(&per_file_ignores("drafts/legacy/*.json"), &[]);
    let root = &canonical(&dir);
    let drafts = root.join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    let stdin = |name: &str| reported(root, &drafts, &["check", "-", "--stdin-filename", name], Some(bad_record()));
    assert_eq!(stdin("legacy/x.json"), Vec::<String>::new());
    assert_eq!(stdin("drafts/legacy/y.json"), [DECOY]);
    assert_eq!(stdin(&abs(root, DECOY)), [DECOY]);
}

#[test]
fn globs_are_written_as_exclude_globs_are() {
    let files =
        ["archive/a.json", "records/archive/b.json", "records/legacy-c.json", "legacy-d.json", "records/e.json"];
    let config = [
        "[per-file-ignores]",
        // A name, at any depth, and a directory with everything below it.
        &format!("\"archive\" = [\"{RULE}\"]"),
        &format!("\"legacy-*.json\" = [\"{RULE}\"]"),
    ]
    .join("\n");
    let dir = project(&config, &files);
    let root = &canonical(&dir);
    assert_eq!(reported(root, root, &["check", "."], None), ["records/e.json"]);
    assert_eq!(reported(root, &root.join("records"), &["check", "."], None), ["records/e.json"]);
    // `./` and a trailing `/` are how people write a path from the config.
    let dir = project(&per_file_ignores("./records/archive/"), &files);
    let root = &canonical(&dir);
    let rest = ["archive/a.json", "legacy-d.json", "records/e.json", "records/legacy-c.json"];
    assert_eq!(reported(root, &root.join("records"), &["check", ".."], None), rest);
}

/// A glob that does not compile stops the run at its line and column, as
/// an `exclude` glob does.
#[test]
fn a_bad_glob_is_an_error_at_its_place() {
    let dir = project("[per-file-ignores]\n\"drafts/[x.json\" = [\"ACE2\"]\n", &[LEGACY]);
    let out = acelint(dir.path(), &["check", "drafts"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("acelint.toml:2:1: invalid glob `drafts/[x.json` in per-file-ignores"), "{err}");
    let dir = project("[[allow]]\nrule = \"invalid-value\"\nreason = \"legacy\"\npath = \"drafts/{x\"\n", &[LEGACY]);
    let out = acelint(dir.path(), &["check", "drafts"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("acelint.toml:4:8: invalid glob `drafts/{x` in [[allow]]"), "{err}");
}
