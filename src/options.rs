//! The options a check runs with: the config's settings, overridden by
//! flags where given. Globs are compiled here, so a bad one stops the run
//! before it starts, at the place it is written.

use crate::check::Options;
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::date::Date;
use crate::exclude::Exclude;
use crate::rules::RuleSet;
use crate::setup::{file_error, Setup};
use crate::suppress::ConfigSuppressions;
use std::path::Path;

const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

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
pub fn build(
    setup: &Setup,
    paths: &[String],
    corpus: &[String],
    today: &Option<String>,
    exclude: Exclude,
) -> Result<Options, String> {
    let c = &setup.config;
    let mut opts = Options::new(paths.to_vec(), parse_today(today, c)?);
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

/// `build` for the commands without exclusion flags: the config's
/// exclusions alone.
pub fn without_exclusion_flags(
    setup: &Setup,
    paths: &[String],
    corpus: &[String],
    today: &Option<String>,
) -> Result<Options, String> {
    build(setup, paths, corpus, today, exclusions(&setup.config, &[], &[])?)
}

/// What directory walks leave out: `--exclude` in place of the config's
/// `exclude` (as in Ruff), and the config's and the command line's
/// `extend-exclude`. A glob that does not compile stops the run, at the
/// place it is written.
pub fn exclusions(c: &Config, exclude: &[String], extend: &[String]) -> Result<Exclude, String> {
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

/// The paths to check: those named, less what `--force-exclude` leaves
/// out (standard input by its `--stdin-filename`).
pub fn named_paths(args: &CheckArgs, exclude: &Exclude) -> Vec<String> {
    let excluded = |p: &String| {
        let name = if p == "-" { args.stdin_filename.as_deref() } else { Some(p.as_str()) };
        args.force_exclude && name.is_some_and(|n| exclude.excludes_named(Path::new(n)))
    };
    args.paths.iter().filter(|p| !excluded(p)).cloned().collect()
}

/// Whether the walk found nothing only because of the exclusions: a
/// directory of archived records left out on purpose is not a typo'd path.
pub fn all_excluded(paths: &[String], stdin_name: Option<&str>, exclude: &Exclude) -> bool {
    !exclude.is_empty() && !crate::load::collect(paths, stdin_name, &Exclude::default()).0.is_empty()
}

/// What `check` alone takes from its flags, over the config's settings.
pub fn check_flags(opts: &mut Options, args: &CheckArgs) {
    opts.stdin_filename = args.stdin_filename.clone();
    opts.verbose = args.verbose;
    opts.rule_timings = args.rule_timings;
    if let Some(max) = args.max_file_size {
        opts.max_file_size = max;
    }
}
