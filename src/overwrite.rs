//! The files a run writes (`--output-file`, the baseline) are never files
//! it reads: one named as an input is refused, and one a directory walk
//! finds is left out of the records when it holds an earlier report.

use crate::baseline::Baseline;
use crate::check::Options;
use crate::cli::{CheckArgs, RuleArgs};
use crate::load::Origin;
use crate::setup::Setup;
use std::path::{Path, PathBuf};

/// The records a check reads: those found, less the baseline and
/// `--output-file` (see `without_output_file`), which are never records,
/// in the corpus either, though a walk of the project finds them.
pub fn check_records(
    found: Vec<Origin>,
    args: &CheckArgs,
    setup: &Setup,
    baseline: &Option<PathBuf>,
    opts: &mut Options,
) -> Result<Vec<Origin>, String> {
    let skipped = baseline.iter().cloned().chain(args.output_file.iter().map(PathBuf::from));
    opts.not_records = skipped.map(|p| Origin::Path(p).identity()).collect();
    let found = without(found, baseline.as_deref());
    let Some(output) = args.output_file.as_deref().map(Path::new) else { return Ok(found) };
    let found = without_output_file(found, output, args, &inputs_besides_records(setup, &args.rule_args, baseline))?;
    refuse_corpus_output(output, &opts.corpus)?;
    Ok(found)
}

/// The records `acelint baseline` reads: those found, less the baseline it
/// writes. `--force` replaces an earlier baseline, never a file the run
/// reads, nor any other file: a record outside the paths checked (a corpus
/// record, another project's) is lost all the same.
pub fn baseline_records(
    found: Vec<Origin>,
    output: &Path,
    setup: &Setup,
    args: &RuleArgs,
) -> Result<Vec<Origin>, String> {
    let inputs = inputs_besides_records(setup, args, &None);
    if let Some((_, what)) = inputs.iter().find(|(p, _)| same_file(p, output)) {
        return Err(refuse_output("the baseline", output, what));
    }
    if std::fs::metadata(output).is_ok_and(|m| m.is_file()) && !replaceable_baseline(output) {
        let what = match found.iter().any(|o| is_file(o, output)) {
            true => "a record file being checked",
            false => "a file that is not an acelint baseline (--force replaces only a baseline)",
        };
        return Err(refuse_output("the baseline", output, what));
    }
    Ok(without(found, Some(output)))
}

/// Whether `--force` may replace the file at `path`: a baseline, or what
/// is left of one that no longer reads as one and holds nothing else: a
/// newer version's (a baseline's keys only, `files` a table), an empty
/// file, or one with a merge conflict in it that holds no record's keys.
/// Losing a record, or another tool's JSON, is worse than a refusal.
fn replaceable_baseline(path: &Path) -> bool {
    if Baseline::read(path).is_ok() {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    if text.trim().is_empty() {
        return true;
    }
    match serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')) {
        Ok(serde_json::Value::Object(top)) => {
            top.get("files").is_some_and(serde_json::Value::is_object)
                && top.keys().all(|k| k == "version" || k == "files")
        }
        Ok(_) => false,
        Err(_) => {
            let record_keys = ["\"Opportunity\"", "\"Funding\"", "\"Customer\"", "\"Project\"", "\"Catalog\""];
            let conflicted = text.lines().any(|l| l.starts_with("<<<<<<< ") || l == "<<<<<<<");
            conflicted && text.contains("\"files\"") && !record_keys.iter().any(|k| text.contains(k))
        }
    }
}

/// The files found, without the baseline file: it is JSON, but never a
/// record, whatever it is called.
fn without(mut found: Vec<Origin>, baseline: Option<&Path>) -> Vec<Origin> {
    if let Some(baseline) = baseline {
        found.retain(|o| !is_file(o, baseline));
    }
    found
}

/// Whether a file found is `path` (see `same_file`). Names first: most
/// files are told apart without asking the file system.
fn is_file(found: &Origin, path: &Path) -> bool {
    matches!(found, Origin::Path(p) if p.file_name() == path.file_name() && same_file(p, path))
}

/// The files found, without `--output-file`, which is never an input.
/// Named as a record to check (or as the file standard input stands for),
/// the baseline, a rule file or the config, it is refused: the report
/// would replace that file. Found in a walked directory, it is the report
/// of an earlier run and is left out of this one, unless it holds
/// something else (a record), which is refused as well.
fn without_output_file(
    mut found: Vec<Origin>,
    output: &Path,
    args: &CheckArgs,
    others: &[(PathBuf, &'static str)],
) -> Result<Vec<Origin>, String> {
    let refuse = |what: &str| refuse_output("--output-file", output, what);
    for p in &args.paths {
        let (named, what) = match p.as_str() {
            "-" => (args.stdin_filename.as_deref(), "the file standard input stands for (--stdin-filename)"),
            p => (Some(p), "a record file being checked"),
        };
        if named.is_some_and(|n| !Path::new(n).is_dir() && same_file(Path::new(n), output)) {
            return Err(refuse(what));
        }
    }
    if let Some((_, what)) = others.iter().find(|(p, _)| same_file(p, output)) {
        return Err(refuse(what));
    }
    if found.iter().any(|o| is_file(o, output)) {
        if !holds_report(output) {
            return Err(refuse("a record file in a directory being checked"));
        }
        found.retain(|o| !is_file(o, output));
    }
    Ok(found)
}

fn refuse_output(flag: &str, output: &Path, what: &str) -> String {
    let shown = crate::load::display_path(output);
    format!("error: {flag} {shown} is {what}; writing there would replace it (choose another file)")
}

/// The files a check reads besides records, with what each is: the
/// baseline, the config (named or found) and every rule file (named on the
/// command line or in the config).
fn inputs_besides_records(setup: &Setup, args: &RuleArgs, baseline: &Option<PathBuf>) -> Vec<(PathBuf, &'static str)> {
    let config = &setup.config;
    let mut inputs: Vec<(PathBuf, &str)> = baseline.iter().map(|b| (b.clone(), "the baseline")).collect();
    inputs.extend(config.path.iter().map(|p| (p.clone(), "the config file")));
    let config_rules = config.strings("rules").unwrap_or_default().into_iter().map(|r| config.resolve(&r));
    let cli_rules = args.rules.iter().map(PathBuf::from);
    inputs.extend(config_rules.chain(cli_rules).map(|p| (p, "a rule file")));
    inputs
}

/// A corpus file is another record, read for comparison: the report may
/// replace it only when it holds an earlier report (which, read as a
/// record, names no customer and is compared with nothing).
fn refuse_corpus_output(output: &Path, corpus: &[(String, PathBuf)]) -> Result<(), String> {
    if corpus.is_empty() || holds_report(output) {
        return Ok(());
    }
    match crate::load::corpus(corpus).origins.iter().any(|o| is_file(o, output)) {
        true => Err(refuse_output("--output-file", output, "a corpus file (--corpus)")),
        false => Ok(()),
    }
}

/// Whether two paths name one file: the same path, or (for files that
/// exist) one file reached through a symbolic or hard link.
fn same_file(a: &Path, b: &Path) -> bool {
    crate::load::absolute(a) == crate::load::absolute(b) || same_existing_file(a, b)
}
#[cfg(unix)]
fn same_existing_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    matches!((std::fs::metadata(a), std::fs::metadata(b)), (Ok(x), Ok(y)) if (x.dev(), x.ino()) == (y.dev(), y.ino()))
}

#[cfg(not(unix))]
fn same_existing_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Whether a file holds what `--output-file` leaves in a directory that is
/// walked for records: nothing, or acelint's JSON or SARIF report.
fn holds_report(path: &Path) -> bool {
    use serde::de::IgnoredAny;
    #[derive(serde::Deserialize)]
    struct Keys {
        #[serde(rename = "$schema")]
        schema: Option<IgnoredAny>,
        runs: Option<IgnoredAny>,
        summary: Option<IgnoredAny>,
        diagnostics: Option<IgnoredAny>,
    }
    let Ok(bytes) = std::fs::read(path) else { return false };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    serde_json::from_slice::<Keys>(&bytes)
        .is_ok_and(|k| (k.summary.is_some() && k.diagnostics.is_some()) || (k.schema.is_some() && k.runs.is_some()))
}
