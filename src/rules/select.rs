//! Rule selection as Ruff does it: `--select` replaces the default set,
//! `--extend-select` adds to it, `--ignore` removes; each entry is a code
//! (`ACE011`), a code prefix (`ACE1`), a name (`unknown-field`) or `ALL`.

use super::{Rule, RuleSet};

impl RuleSet {
    pub fn select(&mut self, select: &[String], extend: &[String], ignore: &[String]) -> Result<(), String> {
        for s in select.iter().chain(extend).chain(ignore) {
            if !self.rules.iter().any(|r| matches(r, s)) {
                let names = self.rules.iter().map(|r| r.name.as_ref());
                let hint =
                    crate::suggest::closest(s, names).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                return Err(format!("error: `{s}` selects no rule{hint} (`acelint rules` lists them)"));
            }
        }
        self.screen = Default::default();
        for rule in &mut self.rules {
            let selected = if select.is_empty() { true } else { select.iter().any(|s| matches(rule, s)) };
            let extended = extend.iter().any(|s| matches(rule, s));
            let ignored = ignore.iter().any(|s| matches(rule, s));
            rule.enabled = (selected || extended) && !ignored;
        }
        Ok(())
    }
}

fn matches(rule: &Rule, selector: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || *rule.name == *selector
        || rule.code.starts_with(&selector.to_ascii_uppercase())
}
