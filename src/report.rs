//! Where a check's report goes: the findings on standard output in the
//! console's format, a copy in `--output-file` in the file's, and on
//! standard error what the findings cannot say (notes, files that could not
//! be read, a corpus that leaves the cross-record checks short).

use crate::check::{self, Outcome};
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::render::{self, full::Style, Format};
use crate::rules::RuleSet;
use crate::source::SourceFile;
use std::io::Write;
use std::path::Path;

/// The report's formats: the console's, and the file's with `--output-file`.
pub struct Outputs {
    pub console: Format,
    pub file: Option<Format>,
}

impl Outputs {
    /// `--output-format` is the file's format with `--output-file`, and the
    /// console keeps the format it has without a format named.
    pub fn of(args: &CheckArgs) -> Result<Outputs, String> {
        let default_format =
            if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") { Format::Github } else { Format::Full };
        let file = args.output_file.as_ref().map(|_| args.output_format.unwrap_or(default_format));
        let console = match args.output_format {
            Some(f) if file.is_none() => f,
            _ => default_format,
        };
        // The table of counts replaces the findings on the console only; a
        // format for tools keeps its findings. A format named for the console
        // that cannot show the table is a mistake; the default one gives way.
        if args.statistics && file.is_none() {
            if let Some(f) = args.output_format.filter(|f| !matches!(f, Format::Full | Format::Concise)) {
                return Err(format!(
                    "error: --statistics prints a table of counts in place of the findings; it goes with --output-format full or concise, not {}",
                    clap::ValueEnum::to_possible_value(&f).map_or_else(String::new, |v| v.get_name().to_string())
                ));
            }
        }
        Ok(Outputs { console, file })
    }

    /// Only the full report shows source excerpts; without it, the text of
    /// files is let go as soon as their findings are located.
    pub fn keep_sources(&self, args: &CheckArgs) -> bool {
        (self.console == Format::Full && !args.statistics && !args.silent) || self.file == Some(Format::Full)
    }

    /// The report in `--output-file`, if any. A file is read later, by a
    /// tool or in an editor: never coloured, and whole whatever the console
    /// shows.
    pub fn write_file(
        &self,
        args: &CheckArgs,
        outcome: &Outcome,
        rules: &RuleSet,
        fail_level: Severity,
    ) -> Result<(), String> {
        let (Some(path), Some(format)) = (&args.output_file, self.file) else { return Ok(()) };
        let style = Style { color: false, quiet: false, columns: render::full::DEFAULT_COLUMNS };
        let report = render_as(format, outcome, rules, fail_level, &style);
        crate::write::atomic(Path::new(path), report.as_bytes(), true).map_err(|e| crate::write::failed(path, &e))
    }

    /// The console's report on standard output: the findings (or the
    /// `--statistics` table), and the counts unless `--quiet`.
    pub fn print_console(
        &self,
        args: &CheckArgs,
        outcome: &Outcome,
        rules: &RuleSet,
        fail_level: Severity,
        style: &Style,
    ) -> Result<(), String> {
        if self.console == Format::Json {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            return written(render::json::write(outcome, &mut stdout).and_then(|()| stdout.flush()));
        }
        let text = match args.statistics {
            true => render::statistics(outcome, !args.quiet),
            false => render_as(self.console, outcome, rules, fail_level, style),
        };
        if self.console == Format::Github {
            if let Err(warning) = render::github::write_step_summary(outcome) {
                if !args.quiet {
                    eprintln!("{warning}");
                }
            }
        }
        print(&text)
    }
}

/// The report in `format`; `style` for the text reports (colour for the
/// full one, `--quiet` for all), `fail_level` for JUnit, whose failures
/// are the findings that fail the run.
fn render_as(format: Format, outcome: &Outcome, rules: &RuleSet, fail_level: Severity, style: &Style) -> String {
    match format {
        Format::Full => render::full::render(outcome, style),
        Format::Concise => render::concise::render(outcome, !style.quiet, style.color),
        Format::Json => render::json::render(outcome),
        Format::Sarif => render::sarif::render(outcome, rules),
        Format::Github => render::github::render(outcome, rules, !style.quiet),
        Format::Junit => render::junit::render(outcome, rules, fail_level),
    }
}

/// Writes to standard output; a closed pipe (`acelint … | head`) ends the
/// output quietly instead of panicking.
pub fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    written(stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()))
}

/// A failed write to standard output (a full disk behind `> file`) is an
/// error: the report the exit code speaks for is not there. A closed pipe
/// is not: the reader (`| head`) has what it wanted.
fn written(result: std::io::Result<()>) -> Result<(), String> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("error: cannot write to standard output: {}", crate::load::io_message(&e)))
        }
        _ => Ok(()),
    }
}

/// What the run has to say besides its findings, on standard error: its
/// notes and the files it could not read; unless `--quiet`, what leaves the
/// corpus short and the config's allows that allow nothing.
pub fn run_problems(outcome: &Outcome, opts: &check::Options, args: &CheckArgs, config: &Config) {
    for note in &outcome.notes {
        eprintln!("note: {}", render::sanitize(note));
    }
    input_errors(&outcome.input_errors);
    if args.quiet || args.silent {
        return;
    }
    corpus_problems(outcome, opts, &args.corpus, config);
    for unused in &outcome.unused_config_allows {
        eprintln!("warning: {}: {unused}", config.source());
    }
}

/// `--timings` and `--rule-timings`, on standard error.
pub fn timings(outcome: &Outcome, args: &CheckArgs, render_started: std::time::Instant) {
    if args.silent {
        return;
    }
    if args.timings {
        eprintln!("{} render-wall={:.1}", outcome.timings.line(), render_started.elapsed().as_secs_f64() * 1e3);
    }
    if let Some(rules) = outcome.timings.rules_line() {
        eprintln!("{rules}");
    }
}

pub fn input_errors<'e>(errors: impl IntoIterator<Item = &'e crate::load::InputError>) {
    for e in errors {
        eprintln!("error: {}: {}", render::sanitize(&e.path), e.message);
    }
}

/// Warns of what leaves the cross-record checks short: a corpus glob that
/// matches nothing, a corpus file that cannot be read or parsed. A CI gate
/// comparing against nothing would otherwise pass silently; the exit code
/// stays that of the findings, since corpus files are not checked.
pub fn corpus_problems(outcome: &Outcome, opts: &check::Options, flags: &[String], config: &Config) {
    for &i in &outcome.corpus_unmatched {
        let Some((glob, base)) = opts.corpus.get(i) else { continue };
        // `options::build` puts the command line's globs first, then the config's.
        let named = match i.checked_sub(flags.len()) {
            None => format!("--corpus `{glob}`"),
            Some(n) => config_corpus(config, n, glob),
        };
        let hint = match base.join(glob).is_dir() {
            true => format!("; `{}/**` loads the records under that directory", glob.trim_end_matches('/')),
            false => String::new(),
        };
        eprintln!("warning: {} matches no record file (*.json, *.jsonl, *.ndjson){hint}", render::sanitize(&named));
    }
    for e in &outcome.corpus_problems {
        eprintln!("warning: {}: {}", render::sanitize(&e.path), render::sanitize(&e.message));
    }
}

/// The config's corpus glob `i`, named at its line and column.
fn config_corpus(config: &Config, i: usize, glob: &str) -> String {
    let file = SourceFile::new(config.source(), config.text.as_str());
    let (line, col) = file.line_col(config.spans.value(&format!("/corpus/{i}")).start);
    format!("{}:{line}:{col}: corpus glob `{glob}`", config.source())
}
