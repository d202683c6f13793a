//! Runs a command and turns its result into an exit code:
//! 0 clean, 1 findings at or above the fail level, 2 usage, configuration
//! or I/O error.

use crate::check::{self, Outcome};
use crate::cli::{CheckArgs, Cli, Command, ExplainArgs, ListFormat, RuleArgs, RulesArgs, SchemaArgs, StackArgs};
use crate::date::Date;
use crate::diagnostic::Severity;
use crate::render::{self, Format};
use crate::rules::data::DataFiles;
use crate::rules::{RuleFileError, RuleSet};
use crate::schema::Schemas;
use crate::source::SourceFile;
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN });
        }
    };
    let code = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Stack(args) => run_stack(&args),
        Command::Rules(args) => run_rules(&args),
        Command::Explain(args) => run_explain(&args),
        Command::Schema(args) => run_schema(&args),
    };
    ExitCode::from(code.unwrap_or_else(|message| {
        eprint!("{message}");
        if !message.ends_with('\n') {
            eprintln!();
        }
        EXIT_ERROR
    }))
}

/// Colour only for a terminal, and never with `NO_COLOR` set.
fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn err_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The default rules, the user's rule files, then the selection.
pub fn load_rules(args: &RuleArgs) -> Result<RuleSet, String> {
    let mut set = RuleSet::builtin().map_err(|e| rule_file_error(&e))?;
    for path in &args.rules {
        let text = std::fs::read_to_string(path).map_err(|e| format!("error: cannot read rule file {path}: {e}"))?;
        set.add_file(path, &text, DataFiles::beside(std::path::Path::new(path))).map_err(|e| rule_file_error(&e))?;
    }
    set.select(&args.select, &args.extend_select, &args.ignore)?;
    Ok(set)
}

fn rule_file_error(e: &RuleFileError) -> String {
    let file = SourceFile::new(e.file.as_str(), e.text.as_str());
    let (line, col) = file.line_col(e.span.start);
    let head = format!("error: invalid rule file {}:{line}:{col}: {}\n", e.file, render::sanitize(&e.message));
    head + &render::full::render_source_error(&file, e.span.clone(), &e.message, e.help.as_deref(), err_color())
}

fn parse_today(today: &Option<String>) -> Result<Date, String> {
    match today {
        Some(s) => Date::parse(s).ok_or_else(|| format!("error: --today expects a date as YYYY-MM-DD, got `{s}`")),
        None => Ok(Date::today()),
    }
}

fn run_stack(args: &StackArgs) -> Result<u8, String> {
    let rules = load_rules(&args.rule_args)?;
    let opts = check::Options {
        paths: args.paths.clone(),
        corpus: args.corpus.clone(),
        stdin_filename: None,
        max_file_size: 256 * 1024 * 1024,
        today: parse_today(&args.today)?,
        verbose: false,
    };
    let outcome = check::run(&opts, &rules);
    report_input_errors(&outcome);
    let report = crate::corpus::stack::build(&outcome, &rules, &crate::corpus::Settings::from_rules(&rules));
    print!(
        "{}",
        match args.output_format {
            ListFormat::Text => crate::corpus::stack::text(&report),
            ListFormat::Json => crate::corpus::stack::json(&report),
        }
    );
    Ok(if outcome.input_errors.is_empty() { EXIT_CLEAN } else { EXIT_ERROR })
}

fn report_input_errors(outcome: &Outcome) {
    for e in &outcome.input_errors {
        eprintln!("error: {}: {}", render::sanitize(&e.path), e.message);
    }
}

fn run_check(args: &CheckArgs) -> Result<u8, String> {
    let rules = load_rules(&args.rule_args)?;
    let today = parse_today(&args.today)?;
    let opts = check::Options {
        paths: args.paths.clone(),
        corpus: args.corpus.clone(),
        stdin_filename: args.stdin_filename.clone(),
        max_file_size: args.max_file_size,
        today,
        verbose: args.verbose,
    };
    let outcome = check::run(&opts, &rules);
    for note in &outcome.notes {
        eprintln!("note: {}", render::sanitize(note));
    }
    report_input_errors(&outcome);
    if outcome.files.is_empty() {
        return Err(if outcome.input_errors.is_empty() {
            "error: no record files found (acelint reads *.json and *.jsonl, or files named explicitly)".into()
        } else {
            String::new()
        });
    }
    let text = match args.output_format {
        Format::Full => render::full::render(&outcome, &render::full::Style { color: use_color() }),
        Format::Concise => render::concise::render(&outcome),
        Format::Json => render::json::render(&outcome),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    Ok(exit_code(&outcome, args.fail_level.into()))
}

fn exit_code(outcome: &Outcome, fail_level: Severity) -> u8 {
    if !outcome.input_errors.is_empty() {
        return EXIT_ERROR;
    }
    if outcome.records == 0 && outcome.diagnostics.is_empty() {
        eprintln!("error: no records found");
        return EXIT_ERROR;
    }
    if outcome.diagnostics.iter().any(|d| d.severity >= fail_level) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn run_rules(args: &RulesArgs) -> Result<u8, String> {
    let rules = load_rules(&args.rule_args)?;
    let out = match args.output_format {
        ListFormat::Text => crate::rules::listing::text(&rules),
        ListFormat::Json => crate::rules::listing::json(&rules),
    };
    print!("{out}");
    Ok(EXIT_CLEAN)
}

fn run_explain(args: &ExplainArgs) -> Result<u8, String> {
    let rules = load_rules(&args.rule_args)?;
    let rule = rules.get(&args.rule).ok_or_else(|| {
        let names = rules.iter().map(|r| r.name.as_ref());
        match crate::suggest::closest(&args.rule, names) {
            Some(s) => format!("error: no rule `{}`; did you mean `{s}`?", args.rule),
            None => format!("error: no rule `{}` (`acelint rules` lists them)", args.rule),
        }
    })?;
    print!("{}", crate::rules::listing::explain(rule));
    Ok(EXIT_CLEAN)
}

fn run_schema(args: &SchemaArgs) -> Result<u8, String> {
    let text = Schemas::text(&args.name).ok_or_else(|| {
        format!("error: no schema `{}`; choose draft-record, opportunity, funding or suppressions", args.name)
    })?;
    print!("{text}");
    Ok(EXIT_CLEAN)
}
