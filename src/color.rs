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

    fn auto(terminal: bool, vars: &[(&str, &str)]) -> bool {
        decide(ColorChoice::Auto, terminal, |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.into()))
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
    fn the_flag_wins_over_the_environment() {
        let env = |k: &str| (k == "NO_COLOR").then(|| "1".into());
        assert!(decide(ColorChoice::Always, false, env));
        let env = |k: &str| (k == "FORCE_COLOR").then(|| "1".into());
        assert!(!decide(ColorChoice::Never, true, env));
    }
}
