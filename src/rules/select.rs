//! Rule selection as Ruff does it: `--select` replaces the default set,
//! `--extend-select` adds to it, `--ignore` removes; each entry is a code
//! (`ACE011`), a code prefix (`ACE1`), a name (`unknown-field`) or `ALL`.
//!
//! An explicit `enabled` (an override's or a config `[rule.NAME]`'s; the
//! last one applied wins) sets a rule's default, and the command line has
//! the last word: when the command line speaks about the rule (it gives a
//! `--select` list, which replaces the whole selection as in Ruff, or an
//! `--extend-select` or `--ignore` entry matches the rule, `ALL`
//! included), the selection decides as for any other rule; otherwise the
//! explicit `enabled` does. So selectors in `acelint.toml` rank below an
//! explicit `enabled` (which names one rule), and a rule without one is
//! selected exactly as before.

use super::{Rule, RuleSet};

/// `select` (empty: every rule), `extend-select` and `ignore` entries.
#[derive(Debug, Default, Clone, Copy)]
pub struct Selectors<'a> {
    pub select: &'a [String],
    pub extend: &'a [String],
    pub ignore: &'a [String],
}

impl RuleSet {
    /// Switches rules on and off: `all` holds every source's selectors
    /// combined, `cli` those given on the command line (see above).
    pub fn select(&mut self, all: Selectors<'_>, cli: Selectors<'_>) -> Result<(), String> {
        let Selectors { select, extend, ignore } = all;
        for s in select.iter().chain(extend).chain(ignore) {
            if !self.rules.iter().any(|r| matches(r, s)) {
                let names = self.rules.iter().map(|r| r.name.as_ref());
                let hint =
                    crate::suggest::closest(s, names).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                return Err(format!("error: `{s}` selects no rule{hint} (`acelint rules` lists them)"));
            }
        }
        self.screen = Default::default();
        for (i, rule) in self.rules.iter_mut().enumerate() {
            let selected = if select.is_empty() { true } else { select.iter().any(|s| matches(rule, s)) };
            let extended = extend.iter().any(|s| matches(rule, s));
            let ignored = ignore.iter().any(|s| matches(rule, s));
            let by_selection = (selected || extended) && !ignored;
            let cli_decides = !cli.select.is_empty() || cli.extend.iter().chain(cli.ignore).any(|s| matches(rule, s));
            rule.enabled = match self.explicit_enabled.get(&i) {
                Some(&explicit) if !cli_decides => explicit,
                _ => by_selection,
            };
        }
        Ok(())
    }
}

fn matches(rule: &Rule, selector: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || *rule.name == *selector
        || rule.code.starts_with(&selector.to_ascii_uppercase())
}
