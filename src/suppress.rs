//! Suppressions that stay honest: allows in a record (`x-acelint.allow`,
//! each with a reason, optionally narrowed to a pointer or, for a
//! cross-record finding, to the other record), project-wide allows and
//! per-file ignores from `acelint.toml`. An allow that suppressed nothing
//! is itself reported (`unused-allow`), as Ruff's RUF100 does.

use crate::config::Config;
use crate::corpus::Profile;
use crate::diagnostic::{Diagnostic, Finding, Location, RecordId};
use crate::exclude::{Exclude, Globs};
use crate::json::pointer;
use crate::rules::{RuleFileError, RuleSet};
use crate::source::SourceFile;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::path::Path;

/// One `x-acelint.allow` entry of a record.
#[derive(Debug, Clone)]
pub struct Allow {
    pub rule: String,
    pub reason: Option<String>,
    pub pointer: Option<String>,
    pub other: Option<String>,
    pub file_index: usize,
    pub record: usize,
    /// Where the entry is written, for `unused-allow`.
    pub location: Location,
    /// A rule the allow names reads a field of its record that a schema
    /// finding makes unreadable (see `rules::hold`): what it allows may
    /// come once that is fixed, so it is not reported unused.
    pub held_back: bool,
}

/// Reads a record's allows; `locate` gives the location of an entry.
pub fn record_allows(value: &Value, file_index: usize, record: usize, locate: impl Fn(&str) -> Location) -> Vec<Allow> {
    let Some(items) = value.pointer("/x-acelint/allow").and_then(Value::as_array) else { return Vec::new() };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let s = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_string);
            let pointer = s("pointer");
            // A pointer the schema refuses (`Opportunity`, `/a~2b`) is
            // reported there; the allow it narrows cannot be applied, nor
            // called unused.
            if pointer.as_deref().is_some_and(|p| !pointer::is_valid(p)) {
                return None;
            }
            Some(Allow {
                rule: s("rule")?,
                reason: s("reason").filter(|r| !r.trim().is_empty()),
                pointer,
                other: s("other"),
                file_index,
                record,
                // On the rule it names: an entry's `{` alone says little.
                location: locate(&format!("/x-acelint/allow/{i}/rule")),
                held_back: false,
            })
        })
        .collect()
}

/// A project-wide allow from the config.
#[derive(Debug, Clone)]
pub struct ConfigAllow {
    pub rule: String,
    pub path: Option<Globs>,
    pub pointer: Option<String>,
    /// `path` as written, for saying that it matches no file.
    pub written_path: Option<String>,
    pub reason: Option<String>,
    pub text: String,
}

/// What the config says to suppress.
#[derive(Debug, Clone, Default)]
pub struct ConfigSuppressions {
    pub allows: Vec<ConfigAllow>,
    pub per_file: Vec<(Globs, Vec<String>)>,
    /// The config's directory, whose record files an allow covers.
    pub dir: std::path::PathBuf,
}

impl ConfigSuppressions {
    /// The config's allows and per-file ignores; a glob that does not
    /// compile is an error at its line and column.
    pub fn from_config(c: &Config) -> Result<ConfigSuppressions, RuleFileError> {
        let mut out = ConfigSuppressions { dir: c.dir.clone(), ..ConfigSuppressions::default() };
        for (i, a) in c.value.get("allow").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let s = |k: &str| a.get(k).and_then(Value::as_str).map(str::to_string);
            let at = |why| c.error(&format!("/allow/{i}/path"), why);
            let path = s("path").map(|g| glob(&g, &c.dir, "[[allow]]").map_err(at)).transpose()?;
            out.allows.push(ConfigAllow {
                rule: s("rule").unwrap_or_default(),
                path,
                pointer: s("pointer"),
                written_path: s("path"),
                reason: s("reason").filter(|r| !r.trim().is_empty()),
                text: format!(
                    "rule = \"{}\", reason = \"{}\"",
                    s("rule").unwrap_or_default(),
                    s("reason").unwrap_or_default()
                ),
            });
        }
        for (written, rules) in c.value.get("per-file-ignores").and_then(Value::as_object).into_iter().flatten() {
            let mut ptr = "/per-file-ignores".to_string();
            pointer::push(&mut ptr, written);
            let scoped = glob(written, &c.dir, "per-file-ignores").map_err(|why| c.error_at_key(&ptr, why))?;
            let rules = rules.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect();
            out.per_file.push((scoped, rules));
        }
        Ok(out)
    }
}

/// One glob of the config, read as `exclude` reads its globs.
fn glob(written: &str, dir: &Path, key: &str) -> Result<Globs, String> {
    Globs::new(&[written.to_string()], dir).map_err(|(_, why)| format!("invalid glob `{written}` in {key}: {why}"))
}

/// Whether a config glob applies to a file named as diagnostics name it.
fn covers(globs: &Globs, file: &str) -> bool {
    globs.covers(Path::new(file))
}

fn rule_matches(d: &Diagnostic, selector: &str) -> bool {
    crate::rules::select::selects(&d.code, &d.name, selector)
}

fn under(ptr: Option<&str>, prefix: Option<&str>) -> bool {
    match (ptr, prefix) {
        (_, None) => true,
        (Some(p), Some(pre)) => p == pre || p.strip_prefix(pre).is_some_and(|rest| rest.starts_with('/')),
        (None, Some(_)) => false,
    }
}

/// Whether an allow's `other`, written in the record file `from`, names
/// the file `related`: a path from the record's own directory (`b.json`
/// beside it) or from where acelint runs (`records/b.json`), however spelt.
fn names_file(other: &str, from: &str, related: &str) -> bool {
    use crate::load::absolute;
    let target = absolute(Path::new(related));
    let beside = Path::new(from).parent().map(|dir| dir.join(other));
    absolute(Path::new(other)) == target || beside.is_some_and(|p| absolute(&p) == target)
}

/// Whether an allow's `other`, written in the record file `from`, names a
/// record of the file `file`: by its path (see `names_file`) or by the
/// record's `PartnerOpportunityIdentifier`, which `partner_id` gives (asked
/// only when the path does not name it).
fn names_record(other: &str, from: &str, file: &str, partner_id: impl FnOnce() -> Option<String>) -> bool {
    names_file(other, from, file) || partner_id().as_deref() == Some(other)
}

/// Whether a record's allow speaks for a finding of the rule `code`/`name`
/// at `pointer` on its record, whatever other record the finding names: it
/// gives a reason, names the rule (a code, a prefix or a name) and, when
/// narrowed, a place at or above `pointer`. What is wrong with the allows
/// themselves (a misspelt key, a blank reason) is never allowed away by them.
fn speaks_for(a: &Allow, code: &str, name: &str, pointer: Option<&str>) -> bool {
    a.reason.is_some()
        && !under(pointer, Some("/x-acelint"))
        && names_rule(a, code, name)
        && under(pointer, a.pointer.as_deref())
}

/// Whether an allow names the rule `code`/`name` (by code, prefix or name).
fn names_rule(a: &Allow, code: &str, name: &str) -> bool {
    crate::rules::select::selects(code, name, &a.rule)
}

/// The records' allows that name the other record of a pair (`other`,
/// with a reason), by record, for the cross-record stage: judged as
/// `suppression` will judge them (see `corpus::PairAllows`).
pub struct PairsAllowed<'a> {
    by_record: FxHashMap<RecordId, Vec<&'a Allow>>,
    rules: &'a RuleSet,
}

impl<'a> PairsAllowed<'a> {
    /// The pair allows among `allows` (those of checked records and of
    /// corpus records alike: a finding moved off a corpus record is judged
    /// by its allows).
    pub fn new(allows: impl IntoIterator<Item = &'a Allow>, rules: &'a RuleSet) -> PairsAllowed<'a> {
        let mut by_record: FxHashMap<RecordId, Vec<&'a Allow>> = FxHashMap::default();
        for a in allows.into_iter().filter(|a| a.other.is_some() && a.reason.is_some()) {
            by_record.entry(RecordId { file: a.file_index, index: a.record }).or_default().push(a);
        }
        PairsAllowed { by_record, rules }
    }

    /// The pair allows of `record` naming `rule`, each with its `other`.
    fn of(&self, rule: &str, record: RecordId) -> impl Iterator<Item = (&'a Allow, &'a str)> + '_ {
        let allows = self.by_record.get(&record).map_or(&[][..], Vec::as_slice);
        // Most records hold none: the rule is looked up only for one that does.
        let rule = if allows.is_empty() { None } else { self.rules.get(rule) };
        allows
            .iter()
            .copied()
            .filter(move |a| rule.is_some_and(|r| names_rule(a, &r.code, &r.name)))
            .filter_map(|a| Some((a, a.other.as_deref()?)))
    }
}

impl crate::corpus::PairAllows for PairsAllowed<'_> {
    fn held(&self, rule: &str, record: RecordId) -> bool {
        self.of(rule, record).next().is_some()
    }

    fn names(&self, rule: &str, zeroed: &Profile, kept: &Profile) -> bool {
        self.of(rule, zeroed.id)
            .any(|(_, other)| names_record(other, &zeroed.file, &kept.file, || kept.partner_id.clone()))
    }

    fn clears(&self, f: &Finding, zeroed: &Profile, kept: &Profile) -> bool {
        self.of(&f.name, zeroed.id).any(|(a, other)| {
            speaks_for(a, &f.code, &f.name, Some(&f.at.pointer))
                && names_record(other, &zeroed.file, &kept.file, || kept.partner_id.clone())
        })
    }
}

/// The record-level identity used by `other`: a file path or a partner id.
pub type PartnerIds<'a> = &'a dyn Fn(&str, usize) -> Option<String>;

/// What suppresses a diagnostic.
enum By {
    Record(usize),
    Config(usize),
    PerFile,
}

/// A finding an allow or a per-file ignore kept out of the report, and
/// what did: SARIF gives it with its suppression, so that code scanning
/// shows it dismissed rather than fixed.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub by: SuppressedBy,
}

#[derive(Debug, Clone)]
pub enum SuppressedBy {
    /// An `x-acelint` allow: where the entry is written, and its reason.
    Record { at: Location, reason: Option<String> },
    /// A config `[[allow]]`, and its reason.
    Config { reason: Option<String> },
    /// A `per-file-ignores` entry of the config.
    PerFile,
}

impl By {
    fn described(&self, allows: &[Allow], config: &ConfigSuppressions) -> SuppressedBy {
        match *self {
            By::Record(i) => SuppressedBy::Record { at: allows[i].location.clone(), reason: allows[i].reason.clone() },
            By::Config(i) => SuppressedBy::Config { reason: config.allows[i].reason.clone() },
            By::PerFile => SuppressedBy::PerFile,
        }
    }
}

/// What a run checked, to tell an allow that suppressed nothing from one
/// that had nothing to look at in this run.
pub struct Checked<'a> {
    /// Every file read: those checked and those read only as `--corpus`.
    pub files: &'a [std::sync::Arc<SourceFile>],
    /// Whether each file was checked (named, so its findings reported).
    pub reported: &'a [bool],
    /// What a walk of the project leaves out (`exclude`, `extend-exclude`).
    pub exclude: &'a Exclude,
    /// Files a walk finds that the run never reads as records.
    pub not_records: &'a [std::path::PathBuf],
    /// How many draft records reached the cross-record rules.
    pub profiles: usize,
    /// (file, rule): a typo in a record of the file held the rule back
    /// there (see `rules::hold`).
    pub held_back: &'a [(std::sync::Arc<str>, std::sync::Arc<str>)],
}

/// Removes suppressed diagnostics; returns the suppressed ones and the
/// `unused-allow` findings (and unused config allows, as text).
/// `corpus_allows` are those of records read only through `--corpus`: a
/// cross-record finding moved off such a record onto a checked one is
/// suppressed exactly as it would be where a full run reports it (see
/// `Finding::unmoved`): by them, the config's allows or `per-file-ignores`.
/// They are never reported as unused: their files are not checked.
///
/// An allow is reported unused only when this run gave it every chance a
/// fuller run would: every rule it names ran (none left out by the
/// selection or, for its file, by `per-file-ignores`) and, for a config
/// allow, every file of the project it covers was checked (see
/// `unused_config`). So a `--select`, `--ignore` or pre-commit run never
/// asks to delete an allow a full run needs.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    (allows, corpus_allows): (&[Allow], &[Allow]),
    config: &ConfigSuppressions,
    rules: &RuleSet,
    checked: Checked<'_>,
    partner_id: PartnerIds<'_>,
) -> (Vec<Suppressed>, Vec<Diagnostic>, Vec<String>) {
    let files = checked.files;
    let every: Vec<Allow> = allows.iter().chain(corpus_allows).cloned().collect();
    let mut used = vec![false; every.len()];
    let mut config_used = vec![false; config.allows.len()];
    let mut suppressed = Vec::new();
    diagnostics.retain(|d| {
        // Judged where a full run reports it: an allow on the checked
        // record would suppress nothing there, and be reported unused.
        let Some(by) = suppression(d.unmoved.as_deref().unwrap_or(d), &every, config, partner_id) else {
            return true;
        };
        match by {
            By::Record(i) => used[i] = true,
            By::Config(i) => config_used[i] = true,
            By::PerFile => {}
        }
        suppressed.push(Suppressed { diagnostic: d.clone(), by: by.described(&every, config) });
        false
    });
    // The corpus records' allows come last: never reported unused.
    let mut unused = Vec::new();
    let unused_allows = allows.iter().zip(&used[..allows.len()]).filter(|(a, used)| !**used && a.reason.is_some());
    for (a, _) in unused_allows.filter(|(a, _)| !a.held_back) {
        let Some(file) = files.get(a.file_index) else { continue };
        if !in_force(&a.rule, rules, config, Some(&file.name)) || !could_pair(a, rules, &checked) {
            continue;
        }
        let Some(d) = unused_allow(a, rules, files) else { continue };
        // `unused-allow` is a finding like any other: `per-file-ignores`
        // and the config's allows switch it off (the record's own allows
        // cannot: they never allow away what is wrong with themselves).
        match suppression(&d, &[], config, partner_id) {
            None => unused.push(d),
            Some(by) => {
                if let By::Config(i) = by {
                    config_used[i] = true;
                }
                suppressed.push(Suppressed { by: by.described(&[], config), diagnostic: d });
            }
        }
    }
    let unused_config = unused_config(config, &config_used, rules, &checked);
    (suppressed, unused, unused_config)
}

/// Whether a record's allow for a cross-record rule had a pair to
/// suppress in this run: another draft record reached the cross-record
/// rules (checked, or through `--corpus`), and the file its `other` names,
/// when that is a path, was loaded. A pre-commit run on one file without a
/// corpus compares its record with nothing.
fn could_pair(a: &Allow, rules: &RuleSet, checked: &Checked<'_>) -> bool {
    let cross_record = rules.iter().any(|r| r.kind == "corpus" && r.matches(&a.rule));
    if !cross_record {
        return true;
    }
    if checked.profiles < 2 {
        return false;
    }
    let Some(other) = &a.other else { return true };
    let own = &checked.files[a.file_index].name;
    // A partner id names no file: the records loaded are enough.
    let path_like = other.contains('/') || other.to_ascii_lowercase().ends_with(".json");
    !path_like || checked.files.iter().any(|f| names_file(other, own, &f.name))
}

/// Whether every rule `selector` names ran in this run (and, given a file,
/// is not switched off for it by `per-file-ignores`): an allow for a rule
/// the selection left out would suppress something in a run that has it.
/// A selector that names no rule is in force: the allow is a mistake.
fn in_force(selector: &str, rules: &RuleSet, config: &ConfigSuppressions, file: Option<&str>) -> bool {
    let ignored_for = |r: &crate::rules::Rule, file: &str| per_file_ignores(config, file, |s| r.matches(s));
    rules.iter().filter(|r| r.matches(selector)).all(|r| r.enabled && file.is_none_or(|f| !ignored_for(r, f)))
}

/// Whether `per-file-ignores` switches off, for `file`, a rule that
/// `selected` says one of its selectors names.
fn per_file_ignores(config: &ConfigSuppressions, file: &str, selected: impl Fn(&str) -> bool) -> bool {
    config.per_file.iter().any(|(g, sel)| covers(g, file) && sel.iter().any(|s| selected(s)))
}

/// The config's allows that suppressed nothing, as warnings. One is
/// reported only when its rules all ran and every record file it covers
/// was checked, as a walk of the config's directory finds them (leaving
/// out what `exclude` does): a run on some files (a pre-commit hook) or
/// on one directory of the project says nothing of the files it did not
/// read. A `path` that matches no record file at all, checked or not,
/// excluded or not, can suppress nothing in any run, and is reported as
/// such whatever the run checked (hidden and git-ignored files count).
fn unused_config(config: &ConfigSuppressions, used: &[bool], rules: &RuleSet, checked: &Checked<'_>) -> Vec<String> {
    use crate::load::absolute;
    let names: Vec<&str> =
        checked.files.iter().zip(checked.reported).filter(|(_, reported)| **reported).map(|(f, _)| &*f.name).collect();
    // The project's record files, walked once and only when an allow
    // needs them: with the run's `exclude`, and without it.
    let dir = absolute(&config.dir);
    let dir = dir.canonicalize().unwrap_or(dir);
    let identities = |origins: Vec<crate::load::Origin>| -> Vec<std::path::PathBuf> {
        origins.iter().map(crate::load::Origin::identity).filter(|id| !checked.not_records.contains(id)).collect()
    };
    // What a walk of the project finds, as `acelint check` would.
    let walked =
        |exclude: &Exclude| identities(crate::load::collect(&[dir.to_string_lossy().into_owned()], None, exclude).0);
    let project = std::cell::OnceCell::new();
    let everything = std::cell::OnceCell::new();
    let checked_ids = std::cell::OnceCell::new();
    let mut out = Vec::new();
    for (a, _) in config.allows.iter().zip(used).filter(|(_, used)| !**used) {
        let covered = |name: &str| a.path.as_ref().is_none_or(|p| covers(p, name));
        let covered_path = |p: &std::path::PathBuf| a.path.as_ref().is_none_or(|g| g.covers(p));
        let mut covered_checked = names.iter().copied().filter(|n| covered(n)).peekable();
        if let (Some(written), None) = (&a.written_path, covered_checked.peek()) {
            if !everything.get_or_init(|| identities(crate::load::every_record_file(&dir))).iter().any(covered_path) {
                out.push(format!(
                    "the config's allow ({}) matches no record file: path = \"{written}\" (paths are read from the \
                     config's directory)",
                    a.text
                ));
                continue;
            }
        }
        if !in_force(&a.rule, rules, config, None) {
            continue;
        }
        // What it allows may come once a typo in a file it covers is fixed.
        let held = |(file, rule): &(std::sync::Arc<str>, std::sync::Arc<str>)| {
            covered(file) && rules.get(rule).is_some_and(|r| r.matches(&a.rule))
        };
        if checked.held_back.iter().any(held) {
            continue;
        }
        // At least one file it covers was checked with its rules on.
        if !covered_checked.any(|n| in_force(&a.rule, rules, config, Some(n))) {
            continue;
        }
        let checked_ids: &rustc_hash::FxHashSet<std::path::PathBuf> =
            // As the walk names them: symbolic links resolved (see `Origin::identity`).
            checked_ids.get_or_init(|| names.iter().map(|n| crate::load::Origin::Path(n.into()).identity()).collect());
        let project = project.get_or_init(|| walked(checked.exclude));
        if project.iter().filter(|p| covered_path(p)).any(|p| !checked_ids.contains(p)) {
            continue;
        }
        out.push(format!("the config's allow ({}) suppressed nothing", a.text));
    }
    out
}

/// The allow or config setting that suppresses `d`, if one does.
fn suppression(
    d: &Diagnostic,
    allows: &[Allow],
    config: &ConfigSuppressions,
    partner_id: PartnerIds<'_>,
) -> Option<By> {
    let file = &d.location.file;
    let by_record = allows.iter().position(|a| {
        a.file_index == d.file_index
            && Some(a.record) == d.location.record
            && speaks_for(a, &d.code, &d.name, d.location.pointer.as_deref())
            && a.other.as_ref().is_none_or(|o| {
                d.related.iter().any(|r| {
                    let partner = || r.location.record.and_then(|i| partner_id(&r.location.file, i));
                    names_record(o, &d.location.file, &r.location.file, partner)
                })
            })
    });
    if let Some(i) = by_record {
        return Some(By::Record(i));
    }
    let by_config = config.allows.iter().position(|a| {
        rule_matches(d, &a.rule)
            && a.path.as_ref().is_none_or(|p| covers(p, file))
            && under(d.location.pointer.as_deref(), a.pointer.as_deref())
    });
    if let Some(i) = by_config {
        return Some(By::Config(i));
    }
    per_file_ignores(config, file, |s| rule_matches(d, s)).then_some(By::PerFile)
}

fn unused_allow(a: &Allow, rules: &RuleSet, files: &[std::sync::Arc<SourceFile>]) -> Option<Diagnostic> {
    // As the allow matches findings: a code, prefix or name, in any case.
    let known = rules.iter().any(|r| r.matches(&a.rule));
    let (message, help) = if known {
        let at = a.pointer.as_deref().map(|p| format!(" at `{}`", pointer::dotted(p))).unwrap_or_default();
        (
            format!("this allow for `{}`{at} suppressed nothing", a.rule),
            "remove it, so it cannot hide a future finding".to_string(),
        )
    } else {
        let hint = crate::suggest::hint(&a.rule, rules.iter().map(|r| r.name.as_ref()));
        (
            format!("this allow names `{}`, which is not a rule{hint}", a.rule),
            "`acelint rules` lists the rules".to_string(),
        )
    };
    let file = files.get(a.file_index)?;
    let mut d =
        rules.file_diagnostic("unused-allow", a.file_index, file, a.location.span.clone(), message, Some(help))?;
    d.location = a.location.clone();
    Some(d)
}
