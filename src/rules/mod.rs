//! The rule set: every rule's metadata (code, name, severity, docs) and,
//! for rules defined in rule files, the compiled check. Built-in checks
//! (parse and schema) are documented in `rules/core.toml` and go through
//! the same selection and severity overrides as file-defined rules.

pub mod aws;
pub mod data;
pub mod decode;
pub mod expr;
pub mod file;
pub mod hold;
pub mod kinds;
pub mod listing;
pub mod path;
mod screen;
pub mod select;
pub mod template;

use crate::date::Date;
use crate::diagnostic::{Anchor, Diagnostic, Finding, RecordId, Severity};
use crate::locate;
use crate::record::{Record, RecordKind};
use crate::source::SourceFile;
use data::DataFiles;
use expr::Condition;
use hold::{PathsRead, Unreadable};
use kinds::{Check, View};
use rustc_hash::FxHashMap;
use screen::ScreenCell;
use std::ops::Range;
use std::sync::Arc;
use template::Template;

pub use file::{Docs, RuleFileError};
pub use select::Selectors;

/// What the AWS reviewer (or API) does with a record that has a finding of
/// a rule: the `effect` of the rule in its rule file. Ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// No bearing on the award (style, information).
    None,
    Approve,
    /// The award is cut.
    Trim,
    /// The record is silently zeroed.
    Zero,
    /// AWS's API or the credit form refuses the record.
    Reject,
}

impl Effect {
    pub fn parse(s: &str) -> Option<Effect> {
        Some(match s {
            "none" => Effect::None,
            "trim" => Effect::Trim,
            "zero" => Effect::Zero,
            "reject" => Effect::Reject,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Effect::None => "none",
            Effect::Approve => "approve",
            Effect::Trim => "trim",
            Effect::Zero => "zero",
            Effect::Reject => "reject",
        }
    }
}

/// What a record-rule evaluation may depend on besides the record.
pub struct Context {
    pub today: Date,
    /// CPU nanoseconds per rule (by index in the set), for `--timings`;
    /// `None` when not asked for (timing every rule is not free).
    pub rule_nanos: Option<Arc<[std::sync::atomic::AtomicU64]>>,
    /// Records checked so far. The `must-not-match` screen (see `screen`)
    /// is built once this many have gone without: it costs as much to
    /// build as it saves on a few hundred records, so a run on a few files
    /// (a pre-commit hook's) never builds it. It changes no finding.
    pub records_checked: std::sync::atomic::AtomicUsize,
}

/// How many records a run checks unscreened before it builds the screen.
pub const SCREEN_AFTER_RECORDS: usize = 200;

impl Context {
    pub fn new(today: Date, rule_nanos: Option<Arc<[std::sync::atomic::AtomicU64]>>) -> Context {
        Context { today, rule_nanos, records_checked: Default::default() }
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub code: Arc<str>,
    pub name: Arc<str>,
    /// The severity findings get: the defining file's, or an override's.
    pub severity: Severity,
    /// The severity the defining file gave, which `explain` shows beside
    /// an overridden one.
    pub default_severity: Severity,
    pub enabled: bool,
    pub summary: String,
    pub kind: String,
    pub docs: Docs,
    /// The file that defined the rule (and the last one that changed it).
    pub origin: String,
    /// Defined by one of acelint's own rule files, which alone may name
    /// rules checked in code (`builtin`).
    pub acelint_own: bool,
    pub applies: Vec<RecordKind>,
    pub when: Option<Condition>,
    /// `when` as written, for `explain`.
    pub when_written: Option<serde_json::Value>,
    /// The paths `when` reads (see `hold`).
    pub when_reads: PathsRead,
    /// The compiled checks (none for built-in rules).
    pub checks: Vec<CheckEntry>,
    pub message: Option<Template>,
    pub help: Option<Template>,
    /// AWS's own wording of the rejection, quoted in the help.
    pub aws_message: Option<String>,
    /// `defers-to`: the rule whose finding at the same place already says
    /// what this rule's would (see `Finding::defers_to`).
    pub defers_to: Option<Arc<str>>,
    /// The check's parameters as written (after overrides), for `explain`.
    pub params: serde_json::Value,
    pub data: DataFiles,
    /// What the reviewer does on a finding (see [`Effect`]); `None` here
    /// means the rule file's `default-effect` applies to errors.
    pub effect: Option<Effect>,
    pub default_effect: Option<Effect>,
}

impl Rule {
    /// The effect of one finding of this rule at the given severity.
    pub fn effect_of(&self, severity: Severity) -> Effect {
        match (self.effect, self.default_effect) {
            (Some(e), _) => e,
            (None, Some(d)) if severity == Severity::Error => d,
            _ => Effect::None,
        }
    }
}

/// One compiled check of a rule, with its own condition and wording.
#[derive(Debug, Clone)]
pub struct CheckEntry {
    pub check: Arc<dyn Check>,
    pub when: Option<Condition>,
    /// The paths the check (its `when` too) reads (see `hold`).
    pub reads: PathsRead,
    pub message: Option<Template>,
    pub help: Option<Template>,
    /// AWS's wording for this check's finding, over the rule's own.
    pub aws_message: Option<String>,
    /// A `range`'s wording for a value below its bounds (`below = {
    /// message, help }`), over the check's and the rule's.
    pub below_message: Option<Template>,
    pub below_help: Option<Template>,
}

#[derive(Debug, Default, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_key: FxHashMap<String, usize>,
    /// An explicit `enabled` from an override or `[rule.NAME]`, by rule
    /// index (the last one given wins); the selection respects it (see
    /// `select.rs` for the precedence).
    explicit_enabled: FxHashMap<usize, bool>,
    /// Built on first use, from the rules as they are then; every change
    /// to the rules resets it.
    screen: Arc<ScreenCell>,
}

impl RuleSet {
    /// The default rule set compiled into the binary.
    pub fn builtin() -> Result<RuleSet, RuleFileError> {
        // Decoding compiles a few hundred regexes, the larger part of
        // start-up: the files are decoded in parallel, then added in order.
        use rayon::prelude::*;
        let parsed: Vec<_> =
            file::BUILTIN_FILES.par_iter().map(|(name, text)| file::parse(name, text, DataFiles::builtin())).collect();
        let mut set = RuleSet::default();
        for ((name, text), parsed) in file::BUILTIN_FILES.iter().zip(parsed) {
            set.add_parsed(name, text, parsed?)?;
        }
        Ok(set)
    }

    /// Adds a rule file: its new rules, and its overrides of existing ones.
    pub fn add_file(&mut self, name: &str, text: &str, data: DataFiles) -> Result<(), RuleFileError> {
        let parsed = file::parse(name, text, data)?;
        self.add_parsed(name, text, parsed)
    }

    fn add_parsed(&mut self, name: &str, text: &str, parsed: file::ParsedFile) -> Result<(), RuleFileError> {
        let fail = |ptr: &str, message: String| RuleFileError {
            file: name.to_string(),
            text: text.to_string(),
            span: parsed.spans.value(ptr),
            message,
            help: None,
        };
        let parsed_count = parsed.rules.len();
        for (i, rule) in parsed.rules.into_iter().enumerate() {
            for key in [&rule.code, &rule.name] {
                if let Some(existing) = self.get(key) {
                    let field = if key == &rule.code { "code" } else { "name" };
                    return Err(RuleFileError {
                        help: Some(format!("to change it, add an `[[overrides]]` entry with `rule = \"{key}\"`")),
                        ..fail(
                            &format!("/rules/{i}/{field}"),
                            format!("rule `{key}` is already defined in {}", existing.origin),
                        )
                    });
                }
            }
            self.insert(rule);
        }
        // A rule defers to one loaded before it or in the same file.
        let new = self.rules.len() - parsed_count..self.rules.len();
        for (i, rule) in self.rules[new].iter().enumerate() {
            if let Some(to) = rule.defers_to.as_deref().filter(|to| self.get(to).is_none()) {
                let names = self.rules.iter().map(|r| r.name.as_ref());
                let hint = crate::suggest::hint(to, names);
                return Err(fail(&format!("/rules/{i}/defers-to"), format!("`defers-to` names no rule `{to}`{hint}")));
            }
        }
        for o in &parsed.overrides {
            self.apply_override(o, name).map_err(|e| fail(&e.pointer, e.message))?;
        }
        Ok(())
    }

    /// Changes an existing rule (from a rule file's `[[overrides]]` or the
    /// config's `[rule.NAME]`); `source` names the file that changed it.
    pub fn apply_override(&mut self, o: &file::Override, source: &str) -> Result<(), decode::DecodeError> {
        let Some(&i) = self.by_key.get(&o.rule) else {
            let names = self.rules.iter().map(|r| r.name.as_ref());
            let hint = crate::suggest::hint(&o.rule, names);
            return Err(decode::DecodeError {
                pointer: format!("{}/rule", o.pointer),
                message: format!("no rule `{}` to change{hint}", o.rule),
            });
        };
        if self.rules[i].always_reported() && o.severity.is_some_and(|s| s < Severity::Error) {
            return Err(decode::DecodeError {
                pointer: format!("{}/severity", o.pointer),
                message: format!(
                    "`{}` ({}) is always an error: a file acelint cannot read or parse was not checked at all, \
                     and a gate must not pass it",
                    self.rules[i].name, self.rules[i].code
                ),
            });
        }
        self.screen = Arc::default();
        let rule = &mut self.rules[i];
        rule.origin = format!("{} (changed by {source})", rule.origin.split(" (changed").next().unwrap_or_default());
        if let Some(s) = o.severity {
            rule.severity = s;
        }
        if let Some(e) = o.enabled {
            rule.enabled = e;
            self.explicit_enabled.insert(i, e);
        }
        if let Some(changes) = &o.check {
            let at = format!("{}/check", o.pointer);
            merge_check(&mut rule.params, changes, &o.rule)
                .map_err(|message| decode::DecodeError { pointer: at.clone(), message })?;
            file::compile(rule, &at)?;
        }
        let kind = rule.kind.clone();
        if let Some(m) = &o.message {
            rule.message = Some(file::template(&kind, m, &format!("{}/message", o.pointer))?);
        }
        if let Some(h) = &o.help {
            rule.help = Some(file::template(&kind, h, &format!("{}/help", o.pointer))?);
        }
        Ok(())
    }

    fn insert(&mut self, rule: Rule) {
        self.screen = Arc::default();
        let i = self.rules.len();
        self.by_key.insert(rule.code.to_string(), i);
        self.by_key.insert(rule.name.to_string(), i);
        self.rules.push(rule);
    }

    pub fn get(&self, code_or_name: &str) -> Option<&Rule> {
        self.by_key.get(code_or_name).map(|&i| &self.rules[i])
    }

    /// The rule of this code or name, in any case (as a user may type it).
    pub fn find(&self, code_or_name: &str) -> Option<&Rule> {
        self.get(code_or_name).or_else(|| {
            let is = |s: &str| s.eq_ignore_ascii_case(code_or_name);
            self.rules.iter().find(|r| is(&r.code) || is(&r.name))
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// A finding of the named rule, or `None` when the rule is switched off;
    /// the rule's `aws-message` is quoted after `help`.
    pub fn finding(&self, name: &str, at: Anchor, message: String, help: Option<String>) -> Option<Finding> {
        let rule = self.get(name).filter(|r| r.enabled)?;
        Some(Finding {
            code: rule.code.clone(),
            name: rule.name.clone(),
            severity: rule.severity,
            message,
            help: match &rule.aws_message {
                Some(aws) => Some(aws::quote(help, aws)),
                None => help,
            },
            at,
            related: Vec::new(),
            defers_to: None,
            held_by: None,
            unmoved: None,
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
            defers_to: None,
            held_by: None,
            unmoved: None,
        })
    }

    /// Runs every enabled record rule on one record; `text` is its source.
    /// `unreadable` holds the fields the schema's findings say cannot be
    /// read as written (`/Opportunity` when the key is `Oportunity`,
    /// `/Opportunity/Customer` when it is a string): the findings of the
    /// checks that read them are marked as held back by those findings.
    pub fn check_record(
        &self,
        record: &Record,
        text: &str,
        ctx: &Context,
        unreadable: &[Unreadable],
        out: &mut Vec<Finding>,
    ) {
        let paths = path::Resolved::new(&record.value, record.kind);
        let checked = ctx.records_checked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let screened = match checked >= SCREEN_AFTER_RECORDS {
            true => self.screen.get(&self.rules).map(|s| s.scan(&paths)),
            false => None,
        };
        let screened = screened.unwrap_or_default();
        let source = kinds::RecordText::new(text);
        let view = View {
            value: &record.value,
            kind: record.kind,
            memo: &record.memo,
            paths: &paths,
            source: &source,
            nulls: &record.nulls,
        };
        let holds = |w: &Option<Condition>| w.as_ref().is_none_or(|w| w.holds(view.scope()));
        let rules = self.rules.iter().enumerate().filter(|(_, r)| r.enabled && r.applies.contains(&record.kind));
        for (i, rule) in rules {
            let started = ctx.rule_nanos.as_ref().map(|_| std::time::Instant::now());
            // A check the screen found nothing for is skipped before its
            // conditions, which may search the same texts; a rule with
            // nothing else to run, before its own. A rule whose `when`
            // fails still costs its condition: timed too.
            let live = || rule.checks.iter().enumerate().filter(|(k, _)| !screened.silent(i, *k)).map(|(_, e)| e);
            if live().next().is_some() && holds(&rule.when) {
                for entry in live().filter(|e| holds(&e.when)) {
                    let held = match unreadable {
                        [] => Vec::new(),
                        _ => hold::holders(unreadable, &[&rule.when_reads, &entry.reads], record.kind),
                    };
                    for hit in entry.check.run(view, ctx) {
                        let mut finding = rule.finding_for(record.id, entry, hit, view);
                        finding.held_by = hold::held_by(&held, &finding.at.pointer).cloned();
                        out.push(finding);
                    }
                }
            }
            if let (Some(nanos), Some(started)) = (&ctx.rule_nanos, started) {
                nanos[i].fetch_add(started.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    /// Whether the `must-not-match` screen has been built (by a run of more
    /// than `SCREEN_AFTER_RECORDS` records) and holds patterns.
    pub fn screen_built(&self) -> bool {
        self.screen.built()
    }

    /// The rules that read one of the `unreadable` fields of a record of
    /// this kind: what they would say of it is held back, and so is the
    /// verdict on allows for them (see `suppress::apply`).
    pub fn reading<'r>(&'r self, unreadable: &'r [Unreadable], kind: RecordKind) -> impl Iterator<Item = &'r Rule> {
        self.rules.iter().filter(move |r| {
            r.checks.iter().any(|e| !hold::holders(unreadable, &[&r.when_reads, &e.reads], kind).is_empty())
        })
    }

    /// A zeroed counter per rule, for `Context::rule_nanos`.
    pub fn rule_counters(&self) -> Arc<[std::sync::atomic::AtomicU64]> {
        self.rules.iter().map(|_| std::sync::atomic::AtomicU64::new(0)).collect()
    }
}

impl Rule {
    fn finding_for<'r>(&'r self, record: RecordId, entry: &'r CheckEntry, hit: kinds::Hit, view: View<'_>) -> Finding {
        let mut args = hit.args;
        args.push(("pointer", template::Arg::Text(crate::json::pointer::dotted(&hit.pointer))));
        let is_below = hit.below;
        let below = |t: &'r Option<Template>| t.as_ref().filter(|_| is_below);
        let mut message = match below(&entry.below_message).or(entry.message.as_ref()).or(self.message.as_ref()) {
            Some(t) => t.render(&args, view.value, view.kind),
            None => self.summary.clone(),
        };
        if let Some(note) = hit.note {
            message = format!("{message}: {note}");
        }
        let help = below(&entry.below_help).or(entry.help.as_ref()).or(self.help.as_ref());
        // A template that ends with an argument left empty (no suggestion)
        // would leave a trailing space.
        let rendered = help.map(|t| t.render(&args, view.value, view.kind).trim_end().to_string());
        let mut help = rendered.filter(|h| !h.is_empty());
        if let Some(aws) = entry.aws_message.as_ref().or(self.aws_message.as_ref()) {
            help = Some(aws::quote(help, aws));
        }
        Finding {
            code: self.code.clone(),
            name: self.name.clone(),
            severity: hit.severity.map_or(self.severity, |s| s.max(self.severity)),
            message,
            help,
            at: Anchor { record, pointer: hit.pointer, target: hit.target },
            related: Vec::new(),
            defers_to: hit.defers_to.map(Arc::from).or_else(|| self.defers_to.clone()),
            held_by: None,
            unmoved: None,
        }
    }
}

/// Merges an override's `check` into a rule's: a table into a table, a
/// list into a list item by item (`{}` leaves an item as it is). A list
/// given for a single table treats the table as a list of one, so
/// `[{ min = 80 }]` changes it and further items add checks. A table given
/// for a list is an error: merged as any other value it would replace the
/// whole list, and the rule would lose its checks without a word.
fn merge_check(base: &mut serde_json::Value, changes: &serde_json::Value, rule: &str) -> Result<(), String> {
    use serde_json::Value;
    match (&mut *base, changes) {
        (Value::Array(items), Value::Object(table)) if items.iter().all(Value::is_object) => {
            Err(table_for_list(rule, items, table))
        }
        (Value::Object(_), Value::Array(_)) => {
            let mut list = Value::Array(vec![base.take()]);
            merge(&mut list, changes);
            *base = match list {
                Value::Array(mut one) if one.len() == 1 => one.pop().unwrap_or_default(),
                more => more,
            };
            Ok(())
        }
        _ => {
            merge(base, changes);
            Ok(())
        }
    }
}

/// The error for a table override of a list of checks, with the list that
/// changes the item the table seems meant for (the first one that has all
/// its keys, else the first).
fn table_for_list(
    rule: &str,
    items: &[serde_json::Value],
    table: &serde_json::Map<String, serde_json::Value>,
) -> String {
    let target = items
        .iter()
        .position(|item| item.as_object().is_some_and(|item| table.keys().all(|k| item.contains_key(k))))
        .unwrap_or(0);
    let kind = items[target].get("kind").and_then(serde_json::Value::as_str).unwrap_or("builtin");
    // toml writes a value inline (`{ min = 80 }`); a long one is elided.
    let shown = toml::Value::try_from(table)
        .ok()
        .map(|t| t.to_string())
        .filter(|t| t.len() <= 100)
        .unwrap_or_else(|| "{ ... }".into());
    let list: Vec<&str> = (0..=target).map(|i| if i == target { shown.as_str() } else { "{}" }).collect();
    format!(
        "the check of `{rule}` is a list of {n} tables, which a table would replace whole; give a list, merged \
         item by item, with `{{}}` for an item to leave unchanged: `check = [{list}]` changes only item {pos} \
         (the `{kind}` check)",
        n = items.len(),
        list = list.join(", "),
        pos = target + 1,
    )
}

/// Keys whose value is a condition.
const CONDITION_KEYS: &[&str] = &["when", "where"];

/// Merges override parameters into a rule's, table by table.
fn merge(base: &mut serde_json::Value, changes: &serde_json::Value) {
    use serde_json::Value;
    match (base, changes) {
        (Value::Object(b), Value::Object(c)) => {
            for (k, v) in c {
                // A condition is one test: merged key by key, a new test
                // would sit beside the old one. It is replaced whole.
                if CONDITION_KEYS.contains(&k.as_str()) {
                    b.insert(k.clone(), v.clone());
                } else {
                    merge(b.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        // A list of checks changes item by item.
        (Value::Array(b), Value::Array(c)) if b.iter().all(Value::is_object) => {
            for (i, v) in c.iter().enumerate() {
                match b.get_mut(i) {
                    Some(slot) => merge(slot, v),
                    None => b.push(v.clone()),
                }
            }
        }
        (b, c) => *b = c.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::merge_check;
    use serde_json::json;

    #[test]
    fn a_condition_is_replaced_whole() {
        let mut check = json!({ "kind": "a", "when": { "field": "/X", "exists": true } });
        merge_check(&mut check, &json!({ "when": { "field": "/Y", "equals": 1 } }), "r").unwrap();
        assert_eq!(check, json!({ "kind": "a", "when": { "field": "/Y", "equals": 1 } }));
    }

    #[test]
    fn an_empty_table_leaves_an_item_of_a_list_unchanged() {
        let mut list = json!([{ "kind": "a", "min": 1 }, { "kind": "b", "min": 2 }]);
        merge_check(&mut list, &json!([{}, { "min": 80 }]), "r").unwrap();
        assert_eq!(list, json!([{ "kind": "a", "min": 1 }, { "kind": "b", "min": 80 }]));
    }

    #[test]
    fn a_list_for_a_table_merges_into_it_as_its_first_item() {
        let mut table = json!({ "kind": "range", "min": 50 });
        merge_check(&mut table, &json!([{ "min": 80 }]), "r").unwrap();
        assert_eq!(table, json!({ "kind": "range", "min": 80 }));
        merge_check(&mut table, &json!([{}, { "kind": "flag" }]), "r").unwrap();
        assert_eq!(table, json!([{ "kind": "range", "min": 80 }, { "kind": "flag" }]));
    }

    #[test]
    fn a_table_for_a_list_is_refused_and_the_list_kept() {
        let before = json!([{ "kind": "a" }, { "kind": "b", "bands": {} }]);
        let mut list = before.clone();
        let err = merge_check(&mut list, &json!({ "bands": { "Seed / A": { "max": 9 } } }), "r").unwrap_err();
        assert_eq!(list, before);
        assert!(
            err.contains("`check = [{}, { bands = { \"Seed / A\" = { max = 9 } } }]` changes only item 2"),
            "{err}"
        );
    }
}
