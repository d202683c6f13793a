//! What the binary's tests share: the fixed date, paths into the
//! repository, a temporary project holding the clean stack, and running
//! acelint with no colour, GitHub or CI setting leaking in from the shell
//! that runs the tests.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The date every dated rule is judged on, so results do not drift.
pub const TODAY: &str = "2026-11-24";

/// The variables that change acelint's output when the shell sets them.
const AMBIENT: [&str; 5] = ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"];

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A temporary project whose `records/` holds copies of the clean stack.
pub fn clean_stack() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("records")).unwrap();
    for f in ["portfolio.json", "build-for-startups.json", "bedrock-poc.json"] {
        std::fs::copy(repo(&format!("examples/clean-stack/{f}")), dir.path().join("records").join(f)).unwrap();
    }
    dir
}

/// Writes `text` at `rel` under `dir`, making the folders on the way.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `acelint ARGS` in `dir`, without colour (`NO_COLOR=1`) and with no
/// other ambient variable; a test of colour removes `NO_COLOR` again.
pub fn acelint(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("acelint").unwrap();
    c.current_dir(dir);
    for var in AMBIENT {
        c.env_remove(var);
    }
    c.env("NO_COLOR", "1").args(args);
    c
}

/// What a finished run printed, and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs `c` to the end; a run killed by a signal fails the test.
    pub fn of(mut c: Command) -> Run {
        let out = c.output().unwrap();
        Run {
            code: out.status.code().expect("acelint exited (not killed by a signal)"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// The JSON report on stdout.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }

    /// The diagnostics of the JSON report.
    pub fn diagnostics(&self) -> Vec<Value> {
        self.json()["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// (code, line, column) of each diagnostic of the JSON report.
    pub fn places(&self) -> Vec<(String, u64, u64)> {
        let place = |d: &Value| {
            (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        };
        self.diagnostics().iter().map(place).collect()
    }
}

/// A place as `Run::places` gives it.
pub fn at(code: &str, line: u64, column: u64) -> (String, u64, u64) {
    (code.to_string(), line, column)
}
