//! Rule selection as Ruff does it: `--select` replaces the default set,
//! `--extend-select` adds to it, `--ignore` removes; each entry is a code
//! (`ACE011`), a code prefix (`ACE1`), a name (`unknown-field`) or `ALL`.
//!
//! An explicit `enabled` (an override's or a config `[rule.NAME]`'s; the
//! last one applied wins) is weighed against the selection like this, the
//! first line that applies deciding:
//!
//! 1. `--ignore` naming the rule (by code, code prefix or name) switches it
//!    off;
//! 2. `--select` or `--extend-select` naming the rule switches it on;
//! 3. the explicit `enabled`, `true` or `false`;
//! 4. the selection as for any other rule: on when selected (an empty
//!    `select` selects every rule) or extended, and not ignored.
//!
//! Files set defaults and the command line decides: selectors in
//! `acelint.toml` rank below an explicit `enabled` (which names one rule),
//! selectors on the command line above it. `ALL` never names a rule, so it
//! never undoes an explicit `enabled`. A rule without an explicit `enabled`
//! is selected exactly as before (step 4).

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
            let names = |list: &[String]| list.iter().any(|s| !is_all(s) && matches(rule, s));
            rule.enabled = match self.explicit_enabled.get(&i) {
                None => by_selection,
                Some(_) if names(cli.ignore) => false,
                Some(_) if names(cli.select) || names(cli.extend) => true,
                Some(&explicit) => explicit,
            };
        }
        Ok(())
    }
}

fn is_all(selector: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
}

fn matches(rule: &Rule, selector: &str) -> bool {
    is_all(selector) || *rule.name == *selector || rule.code.starts_with(&selector.to_ascii_uppercase())
}
