//! Whether the console gets colour: `--color`, else the environment's
//! conventions, else whether the stream is a terminal. A report written to
//! a file (`--output-file`) never asks: it is never coloured.

use crate::cli::ColorChoice;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// The `--color` of this run; set once, after the command line is parsed,
/// and read wherever the console is written (a config error is rendered
/// deep inside loading).
static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

pub fn set(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

pub fn stdout() -> bool {
    decide(CHOICE.get().copied().unwrap_or_default(), std::io::stdout().is_terminal(), |k| std::env::var_os(k))
}

pub fn stderr() -> bool {
    decide(CHOICE.get().copied().unwrap_or_default(), std::io::stderr().is_terminal(), |k| std::env::var_os(k))
}

/// `text` in the SGR style `sgr` (`"1"` bold, `"1;31"` bold red…) when
/// `on`, else as it is: for the reports that colour a few parts of a line
/// themselves, where miette's theme does not reach.
pub fn paint(text: &str, sgr: &str, on: bool) -> String {
    if on {
        format!("\u{1b}[{sgr}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// The style of a severity's name: red errors, yellow warnings, cyan
/// infos, as miette's theme draws them in the full report.
pub fn severity_style(severity: crate::diagnostic::Severity) -> &'static str {
    match severity {
        crate::diagnostic::Severity::Error => "1;31",
        crate::diagnostic::Severity::Warning => "1;33",
        crate::diagnostic::Severity::Info => "1;36",
    }
}

/// How clap colours what it prints while it parses (help, usage errors),
/// before `set` can be called: so `--color` is read from the raw
/// arguments. The last one before a `--` counts, as clap takes it; a value
/// clap will refuse counts as none (clap then says why). With `auto`, clap
/// follows the terminal, `NO_COLOR` and `CLICOLOR_FORCE` itself, but not
/// `FORCE_COLOR`, which acelint honours everywhere.
pub fn for_clap(args: &[OsString], env: impl Fn(&str) -> Option<OsString>) -> clap::ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut rest = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = rest.next() {
        let value = match arg {
            Some("--") => break,
            Some("--color") => rest.next().flatten(),
            Some(a) => a.strip_prefix("--color="),
            None => None,
        };
        if let Some(c) = value.and_then(|v| <ColorChoice as clap::ValueEnum>::from_str(v, false).ok()) {
            choice = c;
        }
    }
    match choice {
        ColorChoice::Always => clap::ColorChoice::Always,
        ColorChoice::Never => clap::ColorChoice::Never,
        ColorChoice::Auto if decide(ColorChoice::Auto, false, env) => clap::ColorChoice::Always,
        ColorChoice::Auto => clap::ColorChoice::Auto,
    }
}

/// `always` and `never` win over everything. With `auto`, a non-empty
/// `NO_COLOR` turns colour off (<https://no-color.org>, and it wins over
/// the variables that force colour, as in cargo and clap); `FORCE_COLOR`
/// (non-empty, not `0` or `false`) or `CLICOLOR_FORCE` (non-empty, not
/// `0`) turn it on off a terminal, for CI logs that render ANSI colour.
pub fn decide(choice: ColorChoice, terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |key: &str, off: &[&str]| env(key).is_some_and(|v| !v.is_empty() && !off.iter().any(|o| v == *o));
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR", &[]) => false,
        ColorChoice::Auto => terminal || set("FORCE_COLOR", &["0", "false"]) || set("CLICOLOR_FORCE", &["0"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment holding only `vars`.
    fn env<'v>(vars: &'v [(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + 'v {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.into())
    }

    fn auto(terminal: bool, vars: &[(&str, &str)]) -> bool {
        decide(ColorChoice::Auto, terminal, env(vars))
    }

    #[test]
    fn auto_follows_the_terminal_and_the_environment() {
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("NO_COLOR", "1")]));
        assert!(auto(true, &[("NO_COLOR", "")]), "an empty NO_COLOR is unset");
        assert!(auto(false, &[("FORCE_COLOR", "1")]));
        assert!(!auto(false, &[("FORCE_COLOR", "0")]));
        assert!(!auto(false, &[("FORCE_COLOR", "")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!auto(false, &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]), "NO_COLOR wins");
    }

    #[test]
    fn clap_is_told_the_last_color_flag_before_a_double_dash() {
        let clap = |args: &[&str], vars: &[(&str, &str)]| {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            for_clap(&args, env(vars))
        };
        assert_eq!(clap(&["acelint", "--help"], &[]), clap::ColorChoice::Auto);
        assert_eq!(clap(&["acelint", "--color", "never", "check", "--help"], &[]), clap::ColorChoice::Never);
        assert_eq!(clap(&["acelint", "check", "--color=always", "--bad"], &[]), clap::ColorChoice::Always);
        assert_eq!(clap(&["acelint", "--color=never", "--color", "always"], &[]), clap::ColorChoice::Always);
        assert_eq!(clap(&["acelint", "check", "--", "--color=never"], &[]), clap::ColorChoice::Auto);
        assert_eq!(clap(&["acelint", "--color", "sometimes"], &[]), clap::ColorChoice::Auto, "clap refuses it");
        assert_eq!(clap(&["acelint", "--color"], &[]), clap::ColorChoice::Auto);
        assert_eq!(clap(&["acelint", "--help"], &[("FORCE_COLOR", "1")]), clap::ColorChoice::Always);
        assert_eq!(clap(&["acelint", "--color", "never"], &[("FORCE_COLOR", "1")]), clap::ColorChoice::Never);
        assert_eq!(clap(&["acelint"], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]), clap::ColorChoice::Auto);
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let env = |k: &str| (k == "NO_COLOR").then(|| "1".into());
        assert!(decide(ColorChoice::Always, false, env));
        let env = |k: &str| (k == "FORCE_COLOR").then(|| "1".into());
        assert!(!decide(ColorChoice::Never, true, env));
    }
}
