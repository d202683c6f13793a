//! Runs a command and turns its result into an exit code:
//! 0 clean, 1 findings at or above the fail level, 2 usage, configuration
//! or I/O error. Settings come from `acelint.toml` (see `config`), and
//! command-line flags override them.

use crate::baseline::Baseline;
use crate::check::{self, Outcome};
use crate::cli::{
    BaselineArgs, CheckArgs, Cli, Command, ConfigArgs, ExplainArgs, ExportArgs, ListFormat, RuleArgs, RulesArgs,
    SchemaArgs, StackArgs,
};
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::Severity;
use crate::exclude::Exclude;
use crate::render::{self, Format};
use crate::rules::data::DataFiles;
use crate::rules::{RuleFileError, RuleSet, Selectors};
use crate::schema::Schemas;
use crate::source::SourceFile;
use crate::suppress::ConfigSuppressions;
use clap::{CommandFactory, FromArgMatches};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

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

/// Colour as `--color` and the environment say (see `color`).
fn use_color() -> bool {
    crate::color::stdout()
}

fn err_color() -> bool {
    crate::color::stderr()
}

/// The config and rule set a command runs with.
pub struct Setup {
    pub config: Config,
    pub rules: RuleSet,
}

/// A rule file's text; a byte that is not UTF-8 is reported at its line
/// and column, as any other mistake in the file.
/// A file that cannot be read is reported by `unreadable`, which knows
/// where the file was named.
fn read_rule_file(path: &Path, name: &str, unreadable: impl FnOnce(String) -> String) -> Result<String, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| unreadable(format!("cannot read rule file {name}: {}", crate::load::io_message(&e))))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        format!("error: invalid rule file {name}:{line}:{column}: not UTF-8 text (save the file as UTF-8)")
    })
}

/// Loads the config, then the rules: defaults, the config's rule files,
/// `--rules` files, the config's `[rule.NAME]` changes, and the selection:
/// the config's `select`, `extend-select` and `ignore`, then the command
/// line's, which override them as in Ruff (see `rules/select.rs`). The
/// config's selectors, `per-file-ignores` and `[[allow]]` rules are checked
/// here, so a misspelt one is reported at its line and column.
pub fn setup(args: &RuleArgs) -> Result<Setup, String> {
    setup_with(find_config(args)?, args)
}

fn find_config(args: &RuleArgs) -> Result<Config, String> {
    Config::find(args.config.as_deref(), args.isolated).map_err(|e| file_error("config", &e))
}

/// `setup` with the config found: `check` reads its exclusions before
/// walking the directories, while the rules compile.
fn setup_with(config: Config, args: &RuleArgs) -> Result<Setup, String> {
    let mut rules = RuleSet::builtin().map_err(|e| file_error("rule file", &e))?;
    // Each with where the config names it, so a missing file is reported there.
    let config_rules = config.strings("rules").unwrap_or_default().into_iter().enumerate();
    let config_rules = config_rules.map(|(i, p)| (config.resolve(&p), Some(format!("/rules/{i}"))));
    for (path, named_at) in config_rules.chain(args.rules.iter().map(|p| (p.into(), None))) {
        let name = crate::load::display_path(&path);
        let text = read_rule_file(&path, &name, |reason| match &named_at {
            Some(at) => file_error("config", &config.error(at, reason)),
            None => format!("error: {reason}"),
        })?;
        rules.add_file(&name, &text, DataFiles::beside(&path)).map_err(|e| file_error("rule file", &e))?;
    }
    for change in config.rule_changes() {
        rules
            .apply_override(&change, &config.source())
            .map_err(|e| file_error("config", &config.error(&e.pointer, e.message)))?;
        if change.enabled == Some(false) {
            if let Some(rule) = rules.get(&change.rule).filter(|r| r.always_reported()) {
                let message =
                    format!("`{}` ({}) cannot be switched off: {}", rule.name, rule.code, rules.always_reported_note());
                return Err(file_error("config", &config.error(&format!("{}/enabled", change.pointer), message)));
            }
        }
    }
    check_config_selectors(&config, &rules)?;
    let strings = |key: &str| config.strings(key).unwrap_or_default();
    let (select, extend, ignore) = (strings("select"), strings("extend-select"), strings("ignore"));
    let from_config = Selectors { select: &select, extend: &extend, ignore: &ignore };
    let cli = Selectors { select: &args.select, extend: &args.extend_select, ignore: &args.ignore };
    rules.select(from_config, cli)?;
    Ok(Setup { config, rules })
}

/// Checks every rule selector of the config against the rules, with the
/// place of a wrong one: `select`, `extend-select`, `ignore`,
/// `per-file-ignores` and the `rule` of each `[[allow]]`.
fn check_config_selectors(config: &Config, rules: &RuleSet) -> Result<(), String> {
    use crate::json::pointer::join;
    let fail = |pointer: &str, message: String, help: Option<String>| {
        let mut e = config.error(pointer, message);
        e.help = help;
        file_error("config", &e)
    };
    for (key, ignoring) in [("select", false), ("extend-select", false), ("ignore", true)] {
        for (i, s) in config.strings(key).unwrap_or_default().iter().enumerate() {
            rules
                .check_selector(s, &format!("`{key}`"), ignoring)
                .map_err(|m| fail(&join(&join("", key), &i.to_string()), m, None))?;
        }
    }
    let per_file = config.value.get("per-file-ignores").and_then(|v| v.as_object());
    for (glob, list) in per_file.into_iter().flatten() {
        let at = join(&join("", "per-file-ignores"), glob);
        for (i, s) in list.as_array().into_iter().flatten().enumerate() {
            let s = s.as_str().unwrap_or_default();
            rules
                .check_selector(s, &format!("per-file-ignores for `{glob}`"), true)
                .map_err(|m| fail(&join(&at, &i.to_string()), m, None))?;
        }
    }
    let allows = config.value.get("allow").and_then(|v| v.as_array());
    for (i, allow) in allows.into_iter().flatten().enumerate() {
        let Some(rule) = allow.get("rule").and_then(|r| r.as_str()) else { continue };
        let at = format!("/allow/{i}/rule");
        if !rules.iter().any(|r| r.matches(rule)) {
            let hint = crate::suggest::hint(rule, rules.iter().map(|r| r.name.as_ref()));
            let message = format!("this allow names `{rule}`, which is not a rule{hint}");
            return Err(fail(&at, message, Some("`acelint rules` lists the rules".into())));
        }
        if let Some(r) = rules.iter().find(|r| r.always_reported() && r.matches(rule)) {
            let message = format!(
                "`{rule}` would allow `{}` ({}), which cannot be suppressed: {}",
                r.name,
                r.code,
                rules.always_reported_note()
            );
            let help = "name the rules to allow by code or name, or use `per-file-ignores`, which leaves these on";
            return Err(fail(&at, message, Some(help.into())));
        }
    }
    Ok(())
}

fn file_error(what: &str, e: &RuleFileError) -> String {
    // A file that cannot be read as text has no line to point at (an empty
    // one still has 1:1).
    if e.text.is_empty() && std::fs::read_to_string(&e.file).is_err() {
        return format!("error: {}: {}\n", e.file, render::sanitize(&e.message));
    }
    let file = SourceFile::new(e.file.as_str(), e.text.as_str());
    let (line, col) = file.line_col(e.span.start);
    let head = format!("error: invalid {what} {}:{line}:{col}: {}\n", e.file, render::sanitize(&e.message));
    head + &render::full::render_source_error(&file, e.span.clone(), &e.message, e.help.as_deref(), err_color())
}

fn parse_today(flag: &Option<String>, config: &Config) -> Result<Date, String> {
    let (given, source) = match (flag.as_deref(), config.str("today")) {
        (Some(s), _) => (s, "--today"),
        (None, Some(s)) => (s, "the config's `today`"),
        (None, None) => return Ok(Date::today()),
    };
    Date::parse(given).ok_or_else(|| format!("error: {source} expects a calendar date as YYYY-MM-DD, got `{given}`"))
}

/// Check options from the config, overridden by flags where given;
/// `exclude` is compiled by the caller, which may need it first.
fn options(
    setup: &Setup,
    paths: &[String],
    corpus: &[String],
    today: &Option<String>,
    exclude: Exclude,
) -> Result<check::Options, String> {
    let c = &setup.config;
    let mut opts = check::Options::new(paths.to_vec(), parse_today(today, c)?);
    // A glob that does not compile stops the run before it starts, at
    // the place it is written.
    for g in corpus {
        globset::Glob::new(g).map_err(|e| format!("error: invalid --corpus glob `{g}`: {}", e.kind()))?;
    }
    let from_config = c.strings("corpus").unwrap_or_default();
    for (i, g) in from_config.iter().enumerate() {
        globset::Glob::new(g)
            .map_err(|e| file_error("config", &c.error(&format!("/corpus/{i}"), e.kind().to_string())))?;
    }
    opts.corpus = corpus.iter().map(|g| (g.clone(), ".".into())).collect();
    opts.corpus.extend(from_config.into_iter().map(|g| (g, c.dir.clone())));
    opts.max_file_size = c.value.get("max-file-size").and_then(|v| v.as_u64()).unwrap_or(DEFAULT_MAX_FILE_SIZE);
    opts.exclude = exclude;
    opts.suppressions = ConfigSuppressions::from_config(c).map_err(|e| file_error("config", &e))?;
    canonical_suppressions(&mut opts.suppressions, &setup.rules);
    Ok(opts)
}

/// The config's exclusions alone, for the commands without exclusion flags.
fn config_exclusions(setup: &Setup) -> Result<Exclude, String> {
    exclusions(&setup.config, &[], &[])
}

/// What directory walks leave out: `--exclude` in place of the config's
/// `exclude` (as in Ruff), and the config's and the command line's
/// `extend-exclude`. A glob that does not compile stops the run, at the
/// place it is written.
fn exclusions(c: &Config, exclude: &[String], extend: &[String]) -> Result<Exclude, String> {
    let mut out = Exclude::default();
    let configured = |out: &mut Exclude, key: &str| {
        out.add(&c.strings(key).unwrap_or_default(), &c.dir)
            .map_err(|(i, why)| file_error("config", &c.error(&format!("/{key}/{i}"), why)))
    };
    let flagged = |out: &mut Exclude, flag: &str, globs: &[String]| {
        out.add(globs, Path::new(".")).map_err(|(i, why)| format!("error: invalid {flag} glob `{}`: {why}", globs[i]))
    };
    if exclude.is_empty() {
        configured(&mut out, "exclude")?;
    } else {
        flagged(&mut out, "--exclude", exclude)?;
    }
    configured(&mut out, "extend-exclude")?;
    flagged(&mut out, "--extend-exclude", extend)?;
    Ok(out)
}

/// Writes the config's suppressions in the terms `suppress` matches
/// exactly: each `per-file-ignores` selector becomes the names of the rules
/// it selects, leaving out those a file's read and parse errors are
/// reported by (they cannot be switched off); an allow's rule name written
/// in another case or between spaces becomes the name. `setup` has checked every selector.
fn canonical_suppressions(s: &mut ConfigSuppressions, rules: &RuleSet) {
    for (_, selectors) in &mut s.per_file {
        let names = rules
            .iter()
            .filter(|r| !r.always_reported() && selectors.iter().any(|sel| r.matches(sel)))
            .map(|r| r.name.to_string())
            .collect();
        *selectors = names;
    }
    for allow in &mut s.allows {
        if let Some(r) = rules.iter().find(|r| r.name.eq_ignore_ascii_case(allow.rule.trim())) {
            allow.rule = r.name.to_string();
        }
    }
}

const NO_FILES: &str =
    "error: no record files found (acelint reads *.json, *.jsonl and *.ndjson, or files named explicitly)";

/// The paths to check: those named, less what `--force-exclude` leaves
/// out (standard input by its `--stdin-filename`).
fn named_paths(args: &CheckArgs, exclude: &Exclude) -> Vec<String> {
    let excluded = |p: &String| {
        let name = if p == "-" { args.stdin_filename.as_deref() } else { Some(p.as_str()) };
        args.force_exclude && name.is_some_and(|n| exclude.excludes_named(Path::new(n)))
    };
    args.paths.iter().filter(|p| !excluded(p)).cloned().collect()
}

/// Whether the walk found nothing only because of the exclusions: a
/// directory of archived records left out on purpose is not a typo'd path.
fn all_excluded(paths: &[String], stdin_name: Option<&str>, exclude: &Exclude) -> bool {
    !exclude.is_empty() && !crate::load::collect(paths, stdin_name, &Exclude::default()).0.is_empty()
}

fn run_check(args: &CheckArgs) -> Result<u8, String> {
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p == "-") {
        return Err("error: --stdin-filename names standard input, which is read only with `-` among the paths \
                    (acelint check - --stdin-filename NAME < FILE)"
            .into());
    }
    let config = find_config(&args.rule_args)?;
    let exclude = exclusions(&config, &args.exclude, &args.extend_exclude)?;
    let paths = named_paths(args, &exclude);
    // Finding the files takes about as long as compiling the rules, and
    // does not depend on them: both at once, and the record schema after
    // the files are found, while the rules may still be compiling.
    let (setup, collected) = rayon::join(
        || setup_with(config, &args.rule_args),
        || {
            let found = crate::load::collect(&paths, args.stdin_filename.as_deref(), &exclude);
            crate::schema::SCHEMAS.warm();
            found
        },
    );
    let setup = setup?;
    let mut opts = options(&setup, &paths, &args.corpus, &args.today, exclude)?;
    if paths.is_empty() {
        // pre-commit names only changed files: all of them excluded is a
        // commit with nothing to check, not a mistake.
        if !args.quiet && !args.silent {
            eprintln!("note: every path named is excluded (--force-exclude); nothing to check");
        }
        return Ok(EXIT_CLEAN);
    }
    opts.stdin_filename = args.stdin_filename.clone();
    opts.verbose = args.verbose;
    if let Some(max) = args.max_file_size {
        opts.max_file_size = max;
    }
    let baseline_path = args.baseline.clone().map(Into::into).or_else(|| configured_baseline(&setup.config));
    if args.prune && baseline_path.is_none() {
        return Err("error: --prune needs a baseline: --baseline FILE, or `baseline` in acelint.toml".into());
    }
    if let Some(path) = &baseline_path {
        opts.baseline = Some(Baseline::read(path).map_err(|e| format!("error: {e}"))?);
    }
    // Never records, though a walk of the project finds them.
    let skipped = baseline_path.iter().cloned().chain(args.output_file.iter().map(std::path::PathBuf::from));
    opts.not_records = skipped.map(|p| crate::load::Origin::Path(p).identity()).collect();
    let mut collected = (without(collected.0, baseline_path.as_deref()), collected.1);
    if let Some(output) = &args.output_file {
        let output = Path::new(output);
        collected.0 = without_output_file(
            collected.0,
            output,
            args,
            &inputs_besides_records(&setup, &args.rule_args, &baseline_path),
        )?;
        refuse_corpus_output(output, &opts.corpus)?;
    }
    let default_format =
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") { Format::Github } else { Format::Full };
    // `--output-format` is the file's format with `--output-file`, and the
    // console keeps the format it has without a format named.
    let file_format = args.output_file.as_ref().map(|_| args.output_format.unwrap_or(default_format));
    let console = match args.output_format {
        Some(f) if file_format.is_none() => f,
        _ => default_format,
    };
    // The table of counts replaces the findings on the console only; a
    // format for tools keeps its findings. A format named for the console
    // that cannot show the table is a mistake; the default one gives way.
    if args.statistics && file_format.is_none() {
        if let Some(f) = args.output_format.filter(|f| !matches!(f, Format::Full | Format::Concise)) {
            return Err(format!(
                "error: --statistics prints a table of counts in place of the findings; it goes with --output-format full or concise, not {}",
                clap::ValueEnum::to_possible_value(&f).map_or_else(String::new, |v| v.get_name().to_string())
            ));
        }
    }
    // Only the full report shows source excerpts; without it, the text of
    // files is let go as soon as their findings are located.
    opts.keep_sources =
        (console == Format::Full && !args.statistics && !args.silent) || file_format == Some(Format::Full);
    opts.rule_timings = args.rule_timings;
    let rules = &setup.rules;
    let outcome = check::run_on(&opts, rules, collected);
    for note in &outcome.notes {
        eprintln!("note: {}", render::sanitize(note));
    }
    report_input_errors(&outcome.input_errors);
    let quiet = args.quiet || args.silent;
    if !quiet {
        report_corpus_problems(&outcome, &opts, &args.corpus, &setup.config);
    }
    for unused in outcome.unused_config_allows.iter().filter(|_| !quiet) {
        eprintln!("warning: {}: {unused}", setup.config.source());
    }
    if outcome.files.is_empty() {
        if outcome.input_errors.is_empty() && all_excluded(&paths, args.stdin_filename.as_deref(), &opts.exclude) {
            if !quiet {
                eprintln!("note: every record file under the paths named is excluded; nothing to check");
            }
            return Ok(EXIT_CLEAN);
        }
        return Err(if outcome.input_errors.is_empty() { NO_FILES.into() } else { String::new() });
    }
    if let (Some(path), Some(stale)) = (&baseline_path, &outcome.stale_baseline) {
        report_stale(path, stale, opts.baseline.as_ref(), args.prune, quiet)?;
    }
    let fail_level = match args.fail_level {
        Some(l) => l.into(),
        None => setup.config.str("fail-level").and_then(Severity::parse).unwrap_or(Severity::Error),
    };
    if let (Some(path), Some(format)) = (&args.output_file, file_format) {
        // A file is read later, by a tool or in an editor: never coloured,
        // and whole whatever the console shows.
        let report =
            render_as(format, &outcome, rules, fail_level, &render::full::Style { color: false, quiet: false });
        crate::write::atomic(Path::new(path), report.as_bytes(), true)
            .map_err(|e| format!("error: cannot write {path}: {}", crate::load::io_message(&e)))?;
    }
    let render_started = std::time::Instant::now();
    if !args.silent {
        print_console(console, &outcome, rules, fail_level, args)?;
    }
    if args.timings && !args.silent {
        eprintln!("{} render-wall={:.1}", outcome.timings.line(), render_started.elapsed().as_secs_f64() * 1e3);
    }
    if let Some(rules) = outcome.timings.rules_line().filter(|_| !args.silent) {
        eprintln!("{rules}");
    }
    // `--exit-zero` forgives findings, not files that went unchecked.
    let code = exit_code(&outcome, |d| {
        d.severity >= fail_level && (!args.exit_zero || rules.get(&d.name).is_some_and(|r| r.always_reported()))
    });
    // The process ends next: freeing every profile, finding and compiled
    // rule one by one would only keep the run waiting.
    std::mem::forget(outcome);
    std::mem::forget(setup);
    Ok(code)
}

/// Says how many baseline entries are stale, or prunes them; `quiet`
/// prunes without saying so.
fn report_stale(
    path: &Path,
    stale: &Baseline,
    original: Option<&Baseline>,
    prune: bool,
    quiet: bool,
) -> Result<(), String> {
    let n = stale.stale_count();
    if n == 0 || (quiet && !prune) {
        return Ok(());
    }
    let shown = crate::load::display_path(path);
    if prune {
        let pruned = original.map(|b| b.pruned(stale)).unwrap_or_default();
        crate::write::atomic(path, pruned.to_json().as_bytes(), true)
            .map_err(|e| format!("error: cannot write {shown}: {}", crate::load::io_message(&e)))?;
        if !quiet {
            eprintln!("note: removed {} from {shown}", render::count(n, "stale entry", "stale entries"));
        }
    } else {
        eprintln!(
            "note: {} in {shown} no longer {} a finding (run with --prune to remove {})",
            render::count(n, "entry", "entries"),
            render::agree(n, "matches", "match"),
            render::agree(n, "it", "them")
        );
    }
    Ok(())
}

/// The console's report on standard output: the findings (or the
/// `--statistics` table), and the counts unless `--quiet`.
fn print_console(
    console: Format,
    outcome: &Outcome,
    rules: &RuleSet,
    fail_level: Severity,
    args: &CheckArgs,
) -> Result<(), String> {
    if console == Format::Json {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        return written(render::json::write(outcome, &mut stdout).and_then(|()| stdout.flush()));
    }
    let text = if args.statistics {
        render::statistics(outcome, !args.quiet)
    } else {
        render_as(console, outcome, rules, fail_level, &render::full::Style { color: use_color(), quiet: args.quiet })
    };
    if console == Format::Github {
        render::github::write_step_summary(outcome);
    }
    print(&text)
}

/// The report in `format`; `style` for the text reports (colour for the
/// full one, `--quiet` for all), `fail_level` for JUnit, whose failures
/// are the findings that fail the run.
fn render_as(
    format: Format,
    outcome: &Outcome,
    rules: &RuleSet,
    fail_level: Severity,
    style: &render::full::Style,
) -> String {
    match format {
        Format::Full => render::full::render(outcome, style),
        Format::Concise => render::concise::render(outcome, !style.quiet, style.color),
        Format::Json => render::json::render(outcome),
        Format::Sarif => render::sarif::render(outcome, rules),
        Format::Github => render::github::render(outcome, rules, !style.quiet),
        Format::Junit => render::junit::render(outcome, rules, fail_level),
    }
}

fn report_input_errors<'e>(errors: impl IntoIterator<Item = &'e crate::load::InputError>) {
    for e in errors {
        eprintln!("error: {}: {}", render::sanitize(&e.path), e.message);
    }
}

/// Warns of what leaves the cross-record checks short: a corpus glob that
/// matches nothing, a corpus file that cannot be read or parsed. A CI gate
/// comparing against nothing would otherwise pass silently; the exit code
/// stays that of the findings, since corpus files are not checked.
fn report_corpus_problems(outcome: &Outcome, opts: &check::Options, flags: &[String], config: &Config) {
    for &i in &outcome.corpus_unmatched {
        let Some((glob, base)) = opts.corpus.get(i) else { continue };
        // `options` puts the command line's globs first, then the config's.
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

/// The exit code once the report is out; `fails` says which findings fail
/// the run.
fn exit_code(outcome: &Outcome, fails: impl Fn(&crate::diagnostic::Diagnostic) -> bool) -> u8 {
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

fn run_stack(args: &StackArgs) -> Result<u8, String> {
    let setup = setup(&args.rule_args)?;
    let mut opts = options(&setup, &args.paths, &args.corpus, &args.today, config_exclusions(&setup)?)?;
    // A stack shows every record of a customer it lists with the verdict
    // the reviewer would give it, corpus records included; it lists the
    // customers of the records named.
    opts.judge_corpus = true;
    let collected = crate::load::collect(&opts.paths, opts.stdin_filename.as_deref(), &opts.exclude);
    let named: std::collections::HashSet<PathBuf> = collected.0.iter().map(crate::load::Origin::identity).collect();
    let outcome = check::run_on(&opts, &setup.rules, collected);
    let is_named = |file: &str| named.contains(&crate::load::Origin::Path(file.into()).identity());
    // A corpus file that cannot be read is a warning, as in `check`: it is
    // said below, with what it leaves out of the stack.
    let input_errors: Vec<&crate::load::InputError> =
        outcome.input_errors.iter().filter(|e| is_named(&e.path)).collect();
    report_input_errors(input_errors.iter().copied());
    report_corpus_problems(&outcome, &opts, &args.corpus, &setup.config);
    if outcome.files.is_empty() && outcome.input_errors.is_empty() {
        return Err(NO_FILES.into());
    }
    // A record that could not be read is missing from its customer's stack,
    // whose totals are then too low: say so, and exit as `check` would
    // (which a corpus file does not fail).
    let unread: Vec<&crate::diagnostic::Diagnostic> =
        outcome.diagnostics.iter().filter(|d| setup.rules.get(&d.name).is_some_and(|r| r.always_reported())).collect();
    for d in &unread {
        let at = format!("{}:{}:{}", d.location.file, d.location.line, d.location.column);
        eprintln!("warning: {}: {} (not in the stack)", render::sanitize(&at), render::sanitize(&d.message));
    }
    let settings = crate::corpus::Settings::from_rules(&setup.rules);
    let report = crate::corpus::stack::build(&outcome, &setup.rules, &settings, &is_named);
    print(&match args.output_format {
        ListFormat::Text => crate::corpus::stack::text(&report),
        ListFormat::Json => crate::corpus::stack::json(&report),
    })?;
    Ok(if !input_errors.is_empty() {
        EXIT_ERROR
    } else if unread.iter().any(|d| is_named(&d.location.file)) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// The config's `baseline`, relative to the config's directory.
fn configured_baseline(config: &crate::config::Config) -> Option<std::path::PathBuf> {
    config.str("baseline").map(|b| config.resolve(b))
}

/// The files found, without the baseline file: it is JSON, but never a
/// record, whatever it is called.
fn without(mut found: Vec<crate::load::Origin>, baseline: Option<&Path>) -> Vec<crate::load::Origin> {
    if let Some(baseline) = baseline {
        found.retain(|o| !is_file(o, baseline));
    }
    found
}

/// Whether a file found is `path` (see `same_file`). Names first: most
/// files are told apart without asking the file system.
fn is_file(found: &crate::load::Origin, path: &Path) -> bool {
    matches!(found, crate::load::Origin::Path(p) if p.file_name() == path.file_name() && same_file(p, path))
}

/// The files found, without `--output-file`, which is never an input.
/// Named as a record to check (or as the file standard input stands for),
/// the baseline, a rule file or the config, it is refused: the report
/// would replace that file. Found in a walked directory, it is the report
/// of an earlier run and is left out of this one, unless it holds
/// something else (a record), which is refused as well.
fn without_output_file(
    mut found: Vec<crate::load::Origin>,
    output: &Path,
    args: &CheckArgs,
    others: &[(PathBuf, &'static str)],
) -> Result<Vec<crate::load::Origin>, String> {
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

fn run_baseline(args: &BaselineArgs) -> Result<u8, String> {
    let setup = setup(&args.rule_args)?;
    let mut opts = options(&setup, &args.paths, &[], &args.today, config_exclusions(&setup)?)?;
    opts.keep_held = true;
    let output = match &args.output {
        Some(path) => path.into(),
        None => configured_baseline(&setup.config).unwrap_or_else(|| "acelint-baseline.json".into()),
    };
    let found = crate::load::collect(&opts.paths, opts.stdin_filename.as_deref(), &opts.exclude);
    // `--force` replaces an earlier baseline, never a file the run reads.
    let inputs = inputs_besides_records(&setup, &args.rule_args, &None);
    if let Some((_, what)) = inputs.iter().find(|(p, _)| same_file(p, &output)) {
        return Err(refuse_output("the baseline", &output, what));
    }
    if found.0.iter().any(|o| is_file(o, &output)) && Baseline::read(&output).is_err() {
        return Err(refuse_output("the baseline", &output, "a record file being checked"));
    }
    let outcome = check::run_on(&opts, &setup.rules, (without(found.0, Some(&output)), found.1));
    report_input_errors(&outcome.input_errors);
    if !outcome.input_errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    // An empty baseline of nothing checked would hide the mistake.
    if outcome.files.is_empty() {
        return Err(NO_FILES.into());
    }
    let keyed: Vec<_> = outcome.diagnostics.iter().map(|d| (d.clone(), outcome.baseline_keys(d))).collect();
    let baseline = Baseline::of(&keyed, &output);
    let shown = crate::load::display_path(&output);
    crate::write::atomic(&output, baseline.to_json().as_bytes(), args.force).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AlreadyExists { " (use --force to replace it)" } else { "" };
        format!("error: cannot write {shown}: {}{hint}", crate::load::io_message(&e))
    })?;
    let written = baseline.findings();
    eprintln!("wrote {} to {shown}", render::count(written, "finding", "findings"));
    // A file that could not be read or parsed fails every check until it
    // is fixed: say so now rather than at the next gate.
    let left_out = keyed.len().saturating_sub(written);
    if left_out > 0 {
        eprintln!(
            "warning: {} left out: a file that cannot be read or parsed is never baselined (`acelint check` reports it until it is fixed)",
            render::count(left_out, "finding", "findings")
        );
    }
    Ok(EXIT_CLEAN)
}

fn run_config(args: &ConfigArgs) -> Result<u8, String> {
    let setup = setup(&args.rule_args)?;
    // Shown only once a check would accept it: its globs compile, its
    // date parses and its suppressions name rules.
    options(&setup, &[], &[], &None, config_exclusions(&setup)?)?;
    print(&crate::init::describe(&setup.config, &setup.rules, &args.rule_args))?;
    Ok(EXIT_CLEAN)
}

fn run_rules(args: &RulesArgs) -> Result<u8, String> {
    let rules = setup(&args.rule_args)?.rules;
    let out = match args.output_format {
        ListFormat::Text => crate::rules::listing::text(&rules),
        ListFormat::Json => crate::rules::listing::json(&rules),
    };
    print(&out)?;
    Ok(EXIT_CLEAN)
}

fn run_explain(args: &ExplainArgs) -> Result<u8, String> {
    let rules = setup(&args.rule_args)?.rules;
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
    let setup = setup(&args.rule_args)?;
    let opts = options(&setup, std::slice::from_ref(&args.path), &[], &args.today, config_exclusions(&setup)?)?;
    crate::export::run(args, &opts, &setup.rules)
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
