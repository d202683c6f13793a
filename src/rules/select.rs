//! Rule selection as Ruff does it: `--select` replaces the default set,
//! `--extend-select` adds to it, `--ignore` removes; each entry is a code
//! (`ACE011`), a code prefix (`ACE1`), a name (`unknown-field`) or `ALL`,
//! codes and names in any case.
//!
//! The selection is worked out in layers, each on top of the one before:
//!
//! 1. every rule on;
//! 2. the `select`, `extend-select` and `ignore` lists of `acelint.toml`;
//! 3. an explicit `enabled` (an override's or a config `[rule.NAME]`'s;
//!    the last one applied wins), which names one rule and so outranks the
//!    config's lists;
//! 4. the command line's `--select`, `--extend-select` and `--ignore`.
//!
//! A layer that has a `select` list starts again from nothing (so a
//! `--select` replaces the config's lists and every `enabled`, as in Ruff);
//! otherwise it changes only the rules its entries match. Within a layer
//! the most specific entry matching a rule decides: a code or name before
//! a longer prefix before a shorter one before `ALL`, and an `ignore`
//! before a `select` or `extend-select` as specific. So
//! `--select ACE242 --ignore ACE2` keeps ACE242, `--select ACE2 --ignore
//! ACE242` drops it, and `--extend-select ACE242` runs it even when the
//! config ignores it.
//!
//! The rules that say a file could not be read or parsed (see
//! [`ALWAYS_REPORTED`]) are reported whatever the selection says, as Ruff
//! reports syntax errors.

use super::{Rule, RuleSet};

/// The rules that say a file could not be read or parsed: nothing else in
/// the file was checked, so the finding is always reported (the selection,
/// `per-file-ignores` and config allows leave them on).
pub const ALWAYS_REPORTED: &[&str] = &[
    "invalid-json",
    "invalid-utf8",
    "empty-file",
    "not-a-record",
    "nested-too-deeply",
    "file-too-large",
    "unreadable-file",
];

/// `select` (empty: not given), `extend-select` and `ignore` entries of one
/// source (the config or the command line).
#[derive(Debug, Default, Clone, Copy)]
pub struct Selectors<'a> {
    pub select: &'a [String],
    pub extend: &'a [String],
    pub ignore: &'a [String],
}

impl Rule {
    /// Whether the rule says a file could not be read or parsed, and so is
    /// reported whatever the selection says.
    pub fn always_reported(&self) -> bool {
        ALWAYS_REPORTED.contains(&self.name.as_ref())
    }

    /// Whether `selector` (a code, code prefix, name or `ALL`, in any case)
    /// names the rule.
    pub fn matches(&self, selector: &str) -> bool {
        self.specificity(selector).is_some()
    }

    fn specificity(&self, selector: &str) -> Option<usize> {
        specificity(&self.code, &self.name, selector)
    }
}

/// Whether `selector` names the rule of this code and name (suppressions
/// match findings with it, as the selection matches rules).
pub fn selects(code: &str, name: &str, selector: &str) -> bool {
    specificity(code, name, selector).is_some()
}

/// How specifically `selector` names the rule, `None` when it does not:
/// `ALL` 0, a code prefix its length, the code or the name the most.
/// Spaces around it are not part of it: `--select "ACE0, ACE1"` and
/// `select = [" ACE0"]` mean what they would without them.
fn specificity(code: &str, name: &str, selector: &str) -> Option<usize> {
    let selector = selector.trim();
    if selector.is_empty() {
        None
    } else if selector.eq_ignore_ascii_case("ALL") {
        Some(0)
    } else if name.eq_ignore_ascii_case(selector) || code.eq_ignore_ascii_case(selector) {
        Some(usize::MAX)
    } else if code.starts_with(&selector.to_ascii_uppercase()) {
        Some(selector.len())
    } else {
        None
    }
}

impl RuleSet {
    /// Checks one selector of `what` (`--select`, `ignore`, a
    /// `per-file-ignores` entry…): it is not empty and names at least one
    /// rule, and a selector that switches rules off (`ignoring`) names at
    /// least one that can be switched off. The message has no `error: `.
    pub fn check_selector(&self, selector: &str, what: &str, ignoring: bool) -> Result<(), String> {
        if selector.trim().is_empty() {
            return Err(format!(
                "empty rule selector in {what}; give a code (ACE011), a code prefix (ACE1), a name (unknown-field) \
                 or ALL"
            ));
        }
        let selector = selector.trim();
        let matched: Vec<&Rule> = self.rules.iter().filter(|r| r.matches(selector)).collect();
        if matched.is_empty() {
            let names = self.rules.iter().map(|r| r.name.as_ref());
            let hint = crate::suggest::hint(selector, names);
            return Err(format!("`{selector}` in {what} selects no rule{hint} (`acelint rules` lists them)"));
        }
        if ignoring && matched.iter().all(|r| r.always_reported()) {
            return Err(format!("`{selector}` in {what} cannot be switched off: {}", self.always_reported_note()));
        }
        Ok(())
    }

    /// Why a rule of [`ALWAYS_REPORTED`] cannot be switched off, with
    /// their codes.
    pub fn always_reported_note(&self) -> String {
        let codes: Vec<&str> = self.rules.iter().filter(|r| r.always_reported()).map(|r| r.code.as_ref()).collect();
        format!(
            "a file acelint cannot read or parse is always reported ({}), whatever the selection, \
             per-file-ignores or allows say",
            codes.join(", ")
        )
    }

    /// Switches rules on and off from the config's selectors and the
    /// command line's (see above).
    pub fn select(&mut self, config: Selectors<'_>, cli: Selectors<'_>) -> Result<(), String> {
        for (layer, prefix, file) in [(config, "", " of the config"), (cli, "--", "")] {
            for (key, list, ignoring) in [
                ("select", layer.select, false),
                ("extend-select", layer.extend, false),
                ("ignore", layer.ignore, true),
            ] {
                for s in list {
                    self.check_selector(s, &format!("`{prefix}{key}`{file}"), ignoring)
                        .map_err(|e| format!("error: {e}"))?;
                }
            }
        }
        if let Some(rule) = self
            .explicit_enabled
            .iter()
            .filter(|(_, on)| !**on)
            .map(|(&i, _)| &self.rules[i])
            .find(|r| r.always_reported())
        {
            return Err(format!(
                "error: `enabled = false` for `{}` ({}) in {}: it cannot be switched off: {}",
                rule.name,
                rule.code,
                rule.origin.split(" (changed by ").nth(1).map_or(rule.origin.as_str(), |s| s.trim_end_matches(')')),
                self.always_reported_note()
            ));
        }
        let mut on = vec![true; self.rules.len()];
        apply(&self.rules, &mut on, config);
        for (&i, &explicit) in &self.explicit_enabled {
            on[i] = explicit;
        }
        apply(&self.rules, &mut on, cli);
        self.screen = Default::default();
        for (rule, on) in self.rules.iter_mut().zip(on) {
            rule.enabled = on || rule.always_reported();
        }
        Ok(())
    }
}

/// Applies one layer of selectors to `on` (see the module's comment).
fn apply(rules: &[Rule], on: &mut [bool], layer: Selectors<'_>) {
    let restart = !layer.select.is_empty();
    for (rule, on) in rules.iter().zip(on.iter_mut()) {
        let best = |list: &[String]| list.iter().filter_map(|s| rule.specificity(s)).max();
        let selected = best(layer.select).max(best(layer.extend));
        let ignored = best(layer.ignore);
        *on = match (selected, ignored) {
            (None, None) => *on && !restart,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(s), Some(i)) => s > i,
        };
    }
}
