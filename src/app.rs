//! Runs a command and turns its result into an exit code:
//! 0 clean, 1 findings at or above the fail level, 2 usage, configuration
//! or I/O error. Settings come from `acelint.toml` (see `config`), and
//! command-line flags override them.

use crate::baseline;
use crate::check::{self, Outcome};
use crate::cli::{
    BaselineArgs, CheckArgs, Cli, Command, ConfigArgs, ExplainArgs, ExportArgs, ListFormat, RulesArgs, SchemaArgs,
    StackArgs,
};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::exclude::Exclude;
use crate::load::{InputError, Origin};
use crate::options;
use crate::overwrite;
use crate::render::{self, full::Style, Format};
use crate::report::{self, print, Outputs};
use crate::rules::RuleSet;
use crate::schema::Schemas;
use crate::setup::{self, Setup};
use clap::{CommandFactory, FromArgMatches};
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

const NO_FILES: &str =
    "error: no record files found (acelint reads *.json, *.jsonl and *.ndjson, or files named explicitly)";

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = Cli::command().color(crate::color::for_clap(&args, |k| std::env::var_os(k)));
    let cli = match command.try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN });
        }
    };
    crate::color::set(cli.color);
    let code = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Stack(args) => run_stack(&args),
        Command::Rules(args) => run_rules(&args),
        Command::Explain(args) => run_explain(&args),
        Command::Baseline(args) => run_baseline(&args),
        Command::Config(args) => run_config(&args),
        Command::Init => crate::init::run(),
        Command::Export(args) => run_export(&args),
        Command::Schema(args) => run_schema(&args),
    };
    ExitCode::from(code.unwrap_or_else(|message| {
        if !message.is_empty() {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
        }
        EXIT_ERROR
    }))
}

fn run_check(args: &CheckArgs) -> Result<u8, String> {
    check_stdin_filename(args)?;
    let config = setup::find_config(&args.rule_args)?;
    let exclude = options::exclusions(&config, &args.exclude, &args.extend_exclude)?;
    let paths = options::named_paths(args, &exclude);
    let (setup, found) = load_while_finding(config, args, &paths, &exclude);
    let setup = setup?;
    let mut opts = options::build(&setup, &paths, &args.corpus, &args.today, exclude)?;
    if paths.is_empty() {
        // The paths named are excluded, not gone: `--output-file` is never
        // one of them, nor the config or a rule file.
        overwrite::check_records(Vec::new(), args, &setup, &None, &mut opts)?;
        return empty_report(all_named_excluded(args), args, &setup, &opts);
    }
    options::check_flags(&mut opts, args);
    let baseline_path = baseline::load_for_check(args, &setup.config, &mut opts)?;
    let found_any = !found.0.is_empty();
    let records = overwrite::check_records(found.0, args, &setup, &baseline_path, &mut opts)?;
    if found_any && records.is_empty() && found.1.is_empty() {
        return empty_report(only_not_records(args), args, &setup, &opts);
    }
    let outputs = Outputs::of(args)?;
    opts.keep_sources = outputs.keep_sources(args);
    let outcome = check::run_on(&opts, &setup.rules, (records, found.1));
    report::run_problems(&outcome, &opts, args, &setup.config);
    if outcome.files.is_empty() {
        return empty_report(nothing_checked(&outcome, &paths, &opts.exclude, args)?, args, &setup, &opts);
    }
    if let (Some(path), Some(stale)) = (&baseline_path, &outcome.stale_baseline) {
        baseline::report_stale(path, stale, opts.baseline.as_ref(), args.prune, args.quiet || args.silent)?;
    }
    let fail_level = fail_level(args, &setup.config);
    outputs.write_file(args, &outcome, &setup.rules, fail_level)?;
    let render_started = std::time::Instant::now();
    if !args.silent {
        outputs.print_console(args, &outcome, &setup.rules, fail_level, &console_style(args))?;
    }
    report::timings(&outcome, args, render_started);
    // `--exit-zero` forgives findings, not files that went unchecked.
    let fails = |d: &Diagnostic| d.severity >= fail_level && (!args.exit_zero || always_reported(&setup.rules, d));
    let code = exit_code(&outcome, fails);
    // The process ends next: freeing every profile, finding and compiled
    // rule one by one would only keep the run waiting.
    std::mem::forget(outcome);
    std::mem::forget(setup);
    Ok(code)
}

fn check_stdin_filename(args: &CheckArgs) -> Result<(), String> {
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p == "-") {
        return Err("error: --stdin-filename names standard input, which is read only with `-` among the paths \
                    (acelint check - --stdin-filename NAME < FILE)"
            .into());
    }
    Ok(())
}

/// The setup and the files found. Finding the files takes about as long as
/// compiling the rules, and does not depend on them: both at once, and the
/// record schema after the files are found, while the rules may still be
/// compiling.
fn load_while_finding(
    config: Config,
    args: &CheckArgs,
    paths: &[String],
    exclude: &Exclude,
) -> (Result<Setup, String>, (Vec<Origin>, Vec<InputError>)) {
    rayon::join(
        || setup::load_with(config, &args.rule_args),
        || {
            let found = crate::load::collect(paths, args.stdin_filename.as_deref(), exclude);
            crate::schema::SCHEMAS.warm();
            found
        },
    )
}

/// The report of a run with nothing to check, where a tool reads it: the
/// `--output-file`, and standard output in JSON, SARIF or JUnit (an empty
/// log, a suite of no tests), so a CI step that uploads or parses it finds
/// one, as after any clean run. The text formats say nothing more than the
/// note: pre-commit stays quiet. Returns `code`, the run's exit code.
fn empty_report(code: u8, args: &CheckArgs, setup: &Setup, opts: &check::Options) -> Result<u8, String> {
    let outputs = Outputs::of(args)?;
    let outcome = check::run_on(opts, &setup.rules, (Vec::new(), Vec::new()));
    let fail_level = fail_level(args, &setup.config);
    outputs.write_file(args, &outcome, &setup.rules, fail_level)?;
    let for_tools = matches!(outputs.console, Format::Json | Format::Sarif | Format::Junit);
    if for_tools && !args.silent {
        outputs.print_console(args, &outcome, &setup.rules, fail_level, &console_style(args))?;
    }
    Ok(code)
}

/// pre-commit names only changed files: all of them excluded is a commit
/// with nothing to check, not a mistake.
fn all_named_excluded(args: &CheckArgs) -> u8 {
    if !args.quiet && !args.silent {
        eprintln!("note: every path named is excluded (--force-exclude); nothing to check");
    }
    EXIT_CLEAN
}

/// Every file named or found is the baseline or the `--output-file`
/// report, which are never records: pre-commit naming only the changed
/// baseline has nothing to check, as when every path is excluded.
fn only_not_records(args: &CheckArgs) -> u8 {
    if !args.quiet && !args.silent {
        eprintln!("note: the only files found are the baseline or the report, never read as records; nothing to check");
    }
    EXIT_CLEAN
}

/// No file checked: clean when the exclusions left everything out (a
/// directory of archived records left out on purpose is not a typo'd
/// path), an error otherwise, already said when files could not be read.
fn nothing_checked(outcome: &Outcome, paths: &[String], exclude: &Exclude, args: &CheckArgs) -> Result<u8, String> {
    if !outcome.input_errors.is_empty() {
        return Err(String::new());
    }
    if !options::all_excluded(paths, args.stdin_filename.as_deref(), exclude) {
        return Err(NO_FILES.into());
    }
    if !args.quiet && !args.silent {
        eprintln!("note: every record file under the paths named is excluded; nothing to check");
    }
    Ok(EXIT_CLEAN)
}

/// `--fail-level`, else the config's `fail-level`, else errors only.
fn fail_level(args: &CheckArgs, config: &Config) -> Severity {
    match args.fail_level {
        Some(l) => l.into(),
        None => config.str("fail-level").and_then(Severity::parse).unwrap_or(Severity::Error),
    }
}

/// The full report on the console, coloured as `--color` and the
/// environment say (see `color`), its long lines cut to the terminal.
fn console_style(args: &CheckArgs) -> Style {
    Style { color: crate::color::stdout(), quiet: args.quiet, columns: terminal_columns() }
}

/// Room beside a cut line for miette's gutter (` 12345 │ `) and the
/// ellipses at its ends, so the line does not wrap on the terminal.
const GUTTER: usize = 11;

/// Narrower than this, a window shows too little around a label to place
/// it; the terminal wraps the line instead.
const MIN_COLUMNS: usize = 60;

/// How wide a line of the console's report may be: the terminal's width
/// when standard output is one, else the width a file or a CI log gets.
fn terminal_columns() -> usize {
    match terminal_size::terminal_size_of(std::io::stdout()) {
        Some((terminal_size::Width(w), _)) => usize::from(w).saturating_sub(GUTTER).max(MIN_COLUMNS),
        None => render::full::DEFAULT_COLUMNS,
    }
}

/// Whether a finding is one of a file's read and parse errors, which no
/// setting switches off.
fn always_reported(rules: &RuleSet, d: &Diagnostic) -> bool {
    rules.get(&d.name).is_some_and(|r| r.always_reported())
}

fn run_stack(args: &StackArgs) -> Result<u8, String> {
    let setup = setup::load(&args.rule_args)?;
    let mut opts = options::without_exclusion_flags(&setup, &args.paths, &args.corpus, &args.today)?;
    // A stack shows every record of a customer it lists with the verdict
    // the reviewer would give it, corpus records included; it lists the
    // customers of the records named.
    opts.judge_corpus = true;
    let collected = crate::load::collect(&opts.paths, opts.stdin_filename.as_deref(), &opts.exclude);
    let named: std::collections::HashSet<PathBuf> = collected.0.iter().map(Origin::identity).collect();
    let outcome = check::run_on(&opts, &setup.rules, collected);
    let is_named = |file: &str| named.contains(&Origin::Path(file.into()).identity());
    // A corpus file that cannot be read is a warning, as in `check`: it is
    // said below, with what it leaves out of the stack.
    let input_errors: Vec<&InputError> = outcome.input_errors.iter().filter(|e| is_named(&e.path)).collect();
    report::input_errors(input_errors.iter().copied());
    report::corpus_problems(&outcome, &opts, &args.corpus, &setup.config);
    if outcome.files.is_empty() && outcome.input_errors.is_empty() {
        return Err(NO_FILES.into());
    }
    let unread = warn_unread(&outcome, &setup.rules);
    let settings = crate::corpus::Settings::from_rules(&setup.rules);
    let report = crate::corpus::stack::build(&outcome, &setup.rules, &settings, &is_named);
    print(&match args.output_format {
        ListFormat::Text => crate::corpus::stack::text(&report),
        ListFormat::Json => crate::corpus::stack::json(&report),
    })?;
    // A record that could not be read leaves its customer's totals too
    // low: exit as `check` would (which a corpus file does not fail).
    Ok(if !input_errors.is_empty() {
        EXIT_ERROR
    } else if unread.iter().any(|d| is_named(&d.location.file)) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Warns of each record that could not be read, and so is missing from its
/// customer's stack; returns their findings.
fn warn_unread<'o>(outcome: &'o Outcome, rules: &RuleSet) -> Vec<&'o Diagnostic> {
    let unread: Vec<&Diagnostic> = outcome.diagnostics.iter().filter(|d| always_reported(rules, d)).collect();
    for d in &unread {
        let at = format!("{}:{}:{}", d.location.file, d.location.line, d.location.column);
        eprintln!("warning: {}: {} (not in the stack)", render::sanitize(&at), render::sanitize(&d.message));
    }
    unread
}

fn run_baseline(args: &BaselineArgs) -> Result<u8, String> {
    let setup = setup::load(&args.rule_args)?;
    let mut opts = options::without_exclusion_flags(&setup, &args.paths, &[], &args.today)?;
    opts.keep_held = true;
    let output = baseline::output_path(args, &setup.config);
    let found = crate::load::collect(&opts.paths, opts.stdin_filename.as_deref(), &opts.exclude);
    let records = overwrite::baseline_records(found.0, &output, &setup, &args.rule_args)?;
    let outcome = check::run_on(&opts, &setup.rules, (records, found.1));
    report::input_errors(&outcome.input_errors);
    if !outcome.input_errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    // An empty baseline of nothing checked would hide the mistake.
    if outcome.files.is_empty() {
        return Err(NO_FILES.into());
    }
    let keyed: Vec<_> = outcome.diagnostics.iter().map(|d| (d.clone(), outcome.baseline_keys(d))).collect();
    baseline::write_new(&keyed, &output, args.force)?;
    Ok(EXIT_CLEAN)
}

/// The exit code once the report is out; `fails` says which findings fail
/// the run.
fn exit_code(outcome: &Outcome, fails: impl Fn(&Diagnostic) -> bool) -> u8 {
    if !outcome.input_errors.is_empty() {
        return EXIT_ERROR;
    }
    if outcome.records == 0 && outcome.diagnostics.is_empty() {
        eprintln!("error: no records found");
        return EXIT_ERROR;
    }
    if outcome.diagnostics.iter().any(fails) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn run_config(args: &ConfigArgs) -> Result<u8, String> {
    let setup = setup::load(&args.rule_args)?;
    // Shown only once a check would accept it: its globs compile, its
    // date parses and its suppressions name rules.
    options::without_exclusion_flags(&setup, &[], &[], &None)?;
    print(&crate::init::describe(&setup.config, &setup.rules, &args.rule_args))?;
    Ok(EXIT_CLEAN)
}

fn run_rules(args: &RulesArgs) -> Result<u8, String> {
    let rules = setup::load(&args.rule_args)?.rules;
    let out = match args.output_format {
        ListFormat::Text => crate::rules::listing::text(&rules),
        ListFormat::Json => crate::rules::listing::json(&rules),
    };
    print(&out)?;
    Ok(EXIT_CLEAN)
}

fn run_explain(args: &ExplainArgs) -> Result<u8, String> {
    let rules = setup::load(&args.rule_args)?.rules;
    let wanted = args.rule.trim();
    let rule = rules.find(wanted).ok_or_else(|| {
        let names = rules.iter().map(|r| r.name.as_ref());
        match crate::suggest::closest(&args.rule, names) {
            Some(s) => format!("error: no rule `{}`; did you mean `{s}`?", args.rule),
            None => format!("error: no rule `{}` (`acelint rules` lists them)", args.rule),
        }
    })?;
    print(&crate::rules::listing::explain(rule))?;
    Ok(EXIT_CLEAN)
}

fn run_export(args: &ExportArgs) -> Result<u8, String> {
    let setup = setup::load(&args.rule_args)?;
    let opts = options::without_exclusion_flags(&setup, std::slice::from_ref(&args.path), &[], &args.today)?;
    crate::export::run(args, &opts, setup.rules)
}

fn run_schema(args: &SchemaArgs) -> Result<u8, String> {
    let text = Schemas::bundled(&args.name).ok_or_else(|| {
        format!(
            "error: no schema `{}`; choose draft-record, opportunity, funding, suppressions, rules or config",
            args.name
        )
    })?;
    print(&format!("{text}\n"))?;
    Ok(EXIT_CLEAN)
}
