//! Rule files: TOML, checked against `schemas/rules.schema.json`, then
//! decoded into typed rules whose checks are compiled once. Every mistake
//! (bad TOML, unknown check kind, missing field, a regex that does not
//! compile, a path the record schema cannot match) is reported at its line
//! and column; no rule is ever skipped silently.

use super::data::DataFiles;
use super::decode::{DecodeError, Params};
use super::expr::Condition;
use super::hold::{OnItems, PathsRead};
use super::kinds;
use super::path::Path;
use super::template::Template;
use super::{CheckEntry, Rule};
use crate::diagnostic::Severity;
use crate::record::RecordKind;
use crate::schema::{Schemas, SCHEMAS};
use crate::tomlspan::{self, SpanMap};
use serde_json::Value;
use std::ops::Range;
use std::sync::Arc;

/// The default rule files, compiled into the binary, in load order.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("rules/core.toml", include_str!("../../rules/core.toml")),
    ("rules/aws-submission.toml", include_str!("../../rules/aws-submission.toml")),
    ("rules/credit-programs.toml", include_str!("../../rules/credit-programs.toml")),
    ("rules/cross-record.toml", include_str!("../../rules/cross-record.toml")),
];

/// A broken rule file: where, and what is wrong.
#[derive(Debug)]
pub struct RuleFileError {
    pub file: String,
    pub text: String,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Docs {
    pub what: String,
    pub why: String,
    pub fails: String,
    pub passes: String,
}

/// A change to an existing rule, from `[[overrides]]`.
pub struct Override {
    pub rule: String,
    pub severity: Option<Severity>,
    pub enabled: Option<bool>,
    pub check: Option<Value>,
    pub message: Option<String>,
    pub help: Option<String>,
    /// Where the override sits, for errors.
    pub pointer: String,
}

pub struct ParsedFile {
    pub rules: Vec<Rule>,
    pub overrides: Vec<Override>,
    pub spans: SpanMap,
}

/// Variables every message template may use besides the kind's own.
const COMMON_VARS: &[&str] = &["pointer"];

pub fn parse(name: &str, text: &str, data: DataFiles) -> Result<ParsedFile, RuleFileError> {
    let fail = |span: Range<usize>, message: String, help: Option<String>| RuleFileError {
        file: name.to_string(),
        text: text.to_string(),
        span,
        message,
        help,
    };
    let (value, spans) = tomlspan::parse(text).map_err(|e| fail(e.span, e.message, None))?;
    if let Some(e) = SCHEMAS.check_document("rules", &value).into_iter().next() {
        let span =
            if e.target == crate::diagnostic::Target::Key { spans.key(&e.pointer) } else { spans.value(&e.pointer) };
        return Err(fail(span, e.message, e.help));
    }
    let decode_err = |e: DecodeError| fail(spans.value(&e.pointer), e.message, None);
    let default_effect =
        value.pointer("/ruleset/default-effect").and_then(Value::as_str).and_then(super::Effect::parse);
    // Decoding compiles the rules' regexes, most of loading a rule file:
    // the rules are decoded in parallel, and the first mistake in the
    // file's order is the one reported.
    use rayon::prelude::*;
    let raw: Vec<&Value> = value.get("rules").and_then(Value::as_array).into_iter().flatten().collect();
    let decoded: Vec<_> =
        raw.par_iter().enumerate().map(|(i, raw)| decode_rule(raw, &format!("/rules/{i}"), name, &data)).collect();
    let mut rules = Vec::with_capacity(decoded.len());
    for rule in decoded {
        let mut rule = rule.map_err(decode_err)?;
        rule.default_effect = default_effect;
        rules.push(rule);
    }
    let mut overrides = Vec::new();
    for (i, raw) in value.get("overrides").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let s = |k: &str| raw.get(k).and_then(Value::as_str).map(str::to_string);
        overrides.push(Override {
            rule: s("rule").unwrap_or_default(),
            severity: s("severity").as_deref().and_then(Severity::parse),
            enabled: raw.get("enabled").and_then(Value::as_bool),
            check: raw.get("check").cloned(),
            message: s("message"),
            help: s("help"),
            pointer: format!("/overrides/{i}"),
        });
    }
    Ok(ParsedFile { rules, overrides, spans })
}

fn decode_rule(raw: &Value, at: &str, origin: &str, data: &DataFiles) -> Result<Rule, DecodeError> {
    let p = Params::new(at, raw, data)?;
    let params = p.get("check").cloned().unwrap_or(Value::Null);
    let kind = kind_of(&params);
    let docs = p.get("docs").map(|d| {
        let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        Docs { what: s("what"), why: s("why"), fails: s("fails"), passes: s("passes") }
    });
    let applies = match p.get("applies-to").and_then(Value::as_array) {
        Some(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(|k| if k == "bare" { RecordKind::Bare } else { RecordKind::Draft })
            .collect(),
        None => vec![RecordKind::Draft, RecordKind::Bare],
    };
    let when = p.get("when").map(|w| Condition::decode(w, &p.ptr("when"), &p)).transpose()?;
    let mut when_reads = PathsRead::default();
    if let Some(w) = p.get("when") {
        check_paths(w, &p.ptr("when"), Place { deciding: true, ..Place::default() }, &mut when_reads)?;
    }
    let severity = p.str("severity")?.and_then(Severity::parse).unwrap_or(Severity::Error);
    let mut rule = Rule {
        code: p.req_str("code")?.into(),
        name: p.req_str("name")?.into(),
        severity,
        default_severity: severity,
        enabled: true,
        summary: p.str("summary")?.unwrap_or_default().to_string(),
        kind,
        docs: docs.unwrap_or_default(),
        origin: origin.to_string(),
        // By how the file was loaded, not by its name: a user's file may be
        // called `core.toml` too.
        acelint_own: data.is_builtin(),
        applies,
        when,
        when_written: p.get("when").cloned(),
        when_reads,
        checks: Vec::new(),
        message: None,
        help: None,
        aws_message: p.str("aws-message")?.map(str::to_string),
        defers_to: p.str("defers-to")?.map(Arc::from),
        params,
        data: data.clone(),
        effect: p.str("effect")?.and_then(super::Effect::parse),
        default_effect: None,
    };
    compile(&mut rule, &p.ptr("check"))?;
    rule.message = p.str("message")?.map(|m| template(&rule.kind, m, &p.ptr("message"))).transpose()?;
    rule.help = p.str("help")?.map(|m| template(&rule.kind, m, &p.ptr("help"))).transpose()?;
    Ok(rule)
}

/// The kind of a check table, or of a list of them (`range+required`).
fn kind_of(params: &Value) -> String {
    let one = |v: &Value| v.get("kind").and_then(Value::as_str).unwrap_or("builtin").to_string();
    match params {
        // Each kind once, in order: a list of `required` tables is `required`.
        Value::Array(items) => {
            let mut kinds: Vec<String> = Vec::new();
            for kind in items.iter().map(one) {
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            kinds.join("+")
        }
        other => one(other),
    }
}

/// Compiles (or recompiles, after an override) a rule's checks. `check` is
/// one table or a list of them, each with an optional `when`, `message`,
/// `help` and `aws-message` of its own.
pub fn compile(rule: &mut Rule, at: &str) -> Result<(), DecodeError> {
    rule.kind = kind_of(&rule.params);
    if rule.kind == "builtin" {
        // Checked in code, and only acelint's own files name such rules:
        // in a user's file the rule would never fire.
        if !rule.acelint_own {
            let p = Params::new(at, &rule.params, &rule.data)?;
            return Err(p.error("kind", "`builtin` is for acelint's own rules, whose check is in code: give this rule a check kind (`acelint rules` lists the kinds in use; rules/README.md documents them)"));
        }
        if let Some(key) = rule.params.as_object().and_then(|m| m.keys().find(|k| *k != "kind")) {
            let p = Params::new(at, &rule.params, &rule.data)?;
            return Err(p.error(key, format!("`{}` is checked in code and takes no parameters", rule.name)));
        }
        // Nothing of an earlier compile may linger.
        rule.checks.clear();
        return Ok(());
    }
    if rule.kind == "corpus" {
        let p = Params::new(at, &rule.params, &rule.data)?;
        return crate::corpus::settings::validate(&rule.name, &p);
    }
    let tables: Vec<(String, &Value)> = match &rule.params {
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (format!("{at}/{i}"), v)).collect(),
        other => vec![(at.to_string(), other)],
    };
    let mut checks = Vec::new();
    for (at, table) in &tables {
        let p = Params::new(at.clone(), table, &rule.data)?;
        let kind = p.req_str("kind")?;
        let when = p.get("when").map(|w| Condition::decode(w, &p.ptr("when"), &p)).transpose()?;
        let message = p.str("message")?.map(|m| template(kind, m, &p.ptr("message"))).transpose()?;
        let help = p.str("help")?.map(|m| template(kind, m, &p.ptr("help"))).transpose()?;
        let aws_message = p.str("aws-message")?.map(str::to_string);
        let check = Arc::from(kinds::compile(kind, &p)?);
        let (below_message, below_help) = below_wording(kind, &p)?;
        checks.push(CheckEntry {
            check,
            when,
            reads: PathsRead::default(),
            message,
            help,
            aws_message,
            below_message,
            below_help,
        });
    }
    // After decoding, so a misspelt key (`wehre`) is named as such rather
    // than as the path it holds.
    for ((at, table), entry) in tables.iter().zip(&mut checks) {
        check_paths(table, at, Place::default(), &mut entry.reads)?;
    }
    rule.checks = checks;
    Ok(())
}

/// A `range` check's own wording for a value below its bounds: `below =
/// { message, help }`. Above the band the reviewer trims padding; below it
/// the record leaves services out or asks more than its workload uses, and
/// one template cannot say both.
fn below_wording(kind: &str, p: &Params<'_>) -> Result<(Option<Template>, Option<Template>), DecodeError> {
    let Some(v) = p.get("below") else { return Ok((None, None)) };
    let b = Params::new(p.ptr("below"), v, p.data)?;
    b.only("`below`", &["message", "help"])?;
    let message = b.str("message")?.map(|m| template(kind, m, &b.ptr("message"))).transpose()?;
    let help = b.str("help")?.map(|m| template(kind, m, &b.ptr("help"))).transpose()?;
    Ok((message, help))
}

/// A message template for a rule whose checks are of `kinds` (`a+b`): it
/// may use any variable one of them provides.
pub fn template(kinds: &str, src: &str, at: &str) -> Result<Template, DecodeError> {
    let vars: Vec<&str> = kinds
        .split('+')
        .filter_map(kinds::find)
        .flat_map(|k| k.vars.iter().copied())
        .chain(COMMON_VARS.iter().copied())
        .collect();
    let template = Template::parse(src, &vars).map_err(|message| DecodeError { pointer: at.to_string(), message })?;
    // A quoted field that no record can have would print `(absent)` forever.
    if let Some(path) = template.fields().find(|p| !fits_draft_record(p)) {
        return Err(DecodeError {
            pointer: at.to_string(),
            message: format!("`{{{}}}` cannot match any field of a draft record (see `acelint schema`)", path.text),
        });
    }
    Ok(template)
}

/// The draft-record schema's nodes (`$ref`s followed) that `path` can
/// select: what a rule's path is checked against.
pub fn draft_schema_nodes(path: &Path) -> Vec<&'static Value> {
    path.schema_nodes(&SCHEMAS.documents, &Schemas::id("draft-record"))
}

fn fits_draft_record(path: &Path) -> bool {
    path.fits_schema(&SCHEMAS.documents, &Schemas::id("draft-record"))
}

/// Keys whose string values are record paths (or expressions that may be).
const PATH_KEYS: &[&str] = &[
    "field",
    "key",
    "at",
    "of",
    "after",
    "text",
    "itemized",
    "own-program",
    "bands-by",
    "sum",
    "count",
    "length",
    "value",
    "left",
    "right",
    "values-at",
];
const EXPR_LISTS: &[&str] = &["ratio", "product", "difference", "max"];

/// Where in a rule's tables `check_paths` is.
#[derive(Clone, Copy, Default)]
struct Place<'p> {
    /// Inside a `where`: its paths are relative to the items these record
    /// paths select.
    items: Option<&'p [Path]>,
    /// Under an odd number of `not`s.
    negated: bool,
    /// In a `when`: what it reads decides whether the check runs.
    deciding: bool,
}

/// Every path a rule names must be able to match the draft-record schema:
/// a misspelt path would otherwise make a rule that never fires. The
/// paths go to `reads`.
fn check_paths(v: &Value, at: &str, place: Place<'_>, reads: &mut PathsRead) -> Result<(), DecodeError> {
    let map = match v {
        Value::Object(map) => map,
        // A list of check tables (or of conditions): each item on its own.
        Value::Array(list) => {
            for (i, item) in list.iter().enumerate() {
                check_paths(item, &format!("{at}/{i}"), place, reads)?;
            }
            return Ok(());
        }
        _ => return Ok(()),
    };
    let absolute = place.items.is_none();
    // A `required` check reports a field when its value is blank, and an
    // `exists = false` test (or `exists = true` under a `not`) holds then,
    // as does an `every` test: each judges the value with everything
    // inside it.
    let required = absolute && map.get("kind").and_then(Value::as_str) == Some("required");
    let flag = |key: &str| map.get(key).and_then(Value::as_bool);
    let holds_when_blank = absolute
        && (flag("exists").is_some_and(|exists| exists == place.negated)
            || (flag("every") == Some(true) && !place.negated));
    let mut here_paths = Vec::new();
    for (key, child) in map {
        let here = crate::json::pointer::join(at, key);
        for (ptr, s) in path_strings(key, child, &here) {
            if s.is_empty() {
                return Err(DecodeError {
                    pointer: ptr,
                    message: "an empty path selects nothing: write one such as `/Opportunity/Project/Title`".into(),
                });
            }
            if !s.starts_with('/') {
                continue;
            }
            match place.items {
                None => {
                    let path = Path::parse(s).map_err(|message| DecodeError { pointer: ptr.clone(), message })?;
                    if !fits_draft_record(&path) {
                        return Err(DecodeError {
                            pointer: ptr,
                            message: format!("`{s}` cannot match any field of a draft record (see `acelint schema`)"),
                        });
                    }
                    if key == "field" && required {
                        reads.required.push(path.clone());
                    }
                    if key == "field" && holds_when_blank {
                        reads.blank_tests.push(path.clone());
                    }
                    here_paths.push(path);
                }
                Some(items) => {
                    if let Ok(path) = Path::parse(s) {
                        reads.on_items.push(OnItems { items: items.to_vec(), path });
                    }
                }
            }
        }
    }
    for (key, child) in map {
        let here = crate::json::pointer::join(at, key);
        let inner = match key.as_str() {
            // `where` conditions test the items of the paths beside them.
            "where" if absolute => Place { items: Some(here_paths.as_slice()), negated: false, ..place },
            "not" => Place { negated: !place.negated, ..place },
            "when" => Place { deciding: true, ..place },
            _ => place,
        };
        check_paths(child, &here, inner, reads)?;
    }
    match place.deciding {
        true => reads.deciding.extend(here_paths),
        false => reads.record.extend(here_paths),
    }
    if absolute {
        check_enum_values(map, at)?;
    }
    Ok(())
}

/// The strings a key holds that may be record paths, with their pointers.
fn path_strings<'v>(key: &str, child: &'v Value, here: &str) -> Vec<(String, &'v str)> {
    if !PATH_KEYS.contains(&key) && !EXPR_LISTS.contains(&key) {
        return Vec::new();
    }
    match child {
        Value::Array(items) => {
            items.iter().enumerate().filter_map(|(i, x)| Some((format!("{here}/{i}"), x.as_str()?))).collect()
        }
        other => other.as_str().map(|s| (here.to_string(), s)).into_iter().collect(),
    }
}

/// Values compared with a field the schema lists the values of must be
/// among them: `equals = "Activate Portfolo"` would make a condition that
/// never holds, and a band named for no stage one that never applies.
fn check_enum_values(map: &serde_json::Map<String, Value>, at: &str) -> Result<(), DecodeError> {
    let paths = |key: &str| -> Vec<Path> {
        let texts = match map.get(key) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        texts.into_iter().filter_map(|t| Path::parse(t).ok()).collect()
    };
    let unknown = |ptr: String, value: &str, allowed: &[&str], of: &[Path]| {
        let hint = crate::suggest::hint(value, allowed.iter().copied());
        let fields: Vec<String> = of.iter().map(|p| format!("`{}`", p.text)).collect();
        DecodeError {
            pointer: ptr,
            message: format!("`{value}` is not a value {} can hold{hint}", fields.join(" or ")),
        }
    };
    let fields = paths("field");
    if let Some(allowed) = enum_of(&fields) {
        let here = |k: &str| crate::json::pointer::join(at, k);
        let mut compared: Vec<(String, &str)> = Vec::new();
        if let Some(Value::String(v)) = map.get("equals") {
            compared.push((here("equals"), v));
        }
        if let Some(Value::Array(items)) = map.get("in") {
            compared.extend(
                items.iter().enumerate().filter_map(|(i, v)| Some((format!("{}/{i}", here("in")), v.as_str()?))),
            );
        }
        if let Some((ptr, v)) = compared.into_iter().find(|(_, v)| !allowed.contains(v)) {
            return Err(unknown(ptr, v, &allowed, &fields));
        }
    }
    let bands_by = paths("bands-by");
    if let (Some(allowed), Some(Value::Object(bands))) = (enum_of(&bands_by), map.get("bands")) {
        // A band is named by one value (which may hold " / " itself, as
        // `Security / Compliance` does) or by values joined with " / ".
        for name in bands.keys().filter(|k| *k != "default" && !allowed.contains(&k.as_str())) {
            if let Some(part) = name.split(" / ").find(|part| !allowed.contains(part)) {
                let ptr = crate::json::pointer::join(&crate::json::pointer::join(at, "bands"), name);
                return Err(unknown(ptr, part, &allowed, &bands_by));
            }
        }
    }
    Ok(())
}

/// Every value the schema allows at the paths, when each place they can
/// reach lists its values (`None` when one does not, or for no path).
pub(super) fn enum_of(paths: &[Path]) -> Option<Vec<&'static str>> {
    let mut all = Vec::new();
    for path in paths {
        let nodes = draft_schema_nodes(path);
        if nodes.is_empty() {
            return None;
        }
        for node in nodes {
            all.extend(node.get("enum")?.as_array()?.iter().filter_map(Value::as_str));
        }
    }
    (!all.is_empty()).then_some(all)
}
