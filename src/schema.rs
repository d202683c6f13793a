//! The schema stage: the embedded JSON Schemas, compiled once, and the
//! translation of validation errors into findings that point at the key or
//! value at fault and say what to change.

use crate::diagnostic::{Anchor, Finding, RecordId};
use crate::json::pointer;
use crate::record::{Record, RecordKind};
use crate::rules::RuleSet;
use crate::suggest;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::sync::LazyLock;

/// The schema documents compiled into the binary, by `$id`.
pub const DOCUMENTS: &[(&str, &str)] = &[
    ("draft-record", include_str!("../schemas/draft-record.schema.json")),
    ("opportunity", include_str!("../schemas/opportunity.schema.json")),
    ("funding", include_str!("../schemas/funding.schema.json")),
    ("suppressions", include_str!("../schemas/suppressions.schema.json")),
];

const ID_PREFIX: &str = "https://acelint.dev/schemas/";

/// Keys a bare body may carry for acelint's sake; the API never sees them.
const BARE_METADATA: &[&str] = &["$schema", "x-acelint"];

pub struct Schemas {
    draft: Validator,
    bare: Validator,
    suppressions: Validator,
    documents: Vec<(String, Value)>,
}

pub static SCHEMAS: LazyLock<Schemas> = LazyLock::new(Schemas::compile);

impl Schemas {
    fn compile() -> Schemas {
        // The documents are part of the binary and covered by tests: a
        // failure here is a build defect, not a user error.
        let documents: Vec<(String, Value)> = DOCUMENTS
            .iter()
            .map(|(name, text)| {
                let v: Value = serde_json::from_str(text).expect("embedded schema is valid JSON");
                (format!("{ID_PREFIX}{name}.schema.json"), v)
            })
            .collect();
        let registry = jsonschema::Registry::new()
            .extend(documents.iter().map(|(id, v)| (id.clone(), v.clone())))
            .and_then(|b| b.prepare())
            .expect("embedded schemas register");
        let build = |name: &str| {
            let schema = &documents.iter().find(|(id, _)| id.ends_with(&format!("/{name}.schema.json"))).unwrap().1;
            jsonschema::draft202012::options()
                .with_registry(&registry)
                .should_validate_formats(true)
                .build(schema)
                .unwrap_or_else(|e| panic!("embedded schema {name} compiles: {e}"))
        };
        Schemas {
            draft: build("draft-record"),
            bare: build("opportunity"),
            suppressions: build("suppressions"),
            documents,
        }
    }

    /// The JSON text of an embedded schema document (for `acelint schema`).
    pub fn text(name: &str) -> Option<&'static str> {
        DOCUMENTS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// The schema node an error's keyword sits in, found through the
    /// keyword's absolute location (`…/funding.schema.json#/$defs/Company/additionalProperties`).
    fn keyword_parent(&self, err: &ValidationError<'_>) -> Option<&Value> {
        let uri = err.absolute_keyword_location()?.as_str().to_string();
        let (doc, fragment) = uri.split_once('#').unwrap_or((&uri, ""));
        let (_, root) = self.documents.iter().find(|(id, _)| id == doc)?;
        let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
        root.pointer(parent)
    }

    /// Runs the schema for the record's kind and appends findings.
    pub fn validate(&self, record: &Record, rules: &RuleSet, out: &mut Vec<Finding>) {
        let value = &record.value;
        let (validator, base) = match record.kind {
            RecordKind::Draft => (&self.draft, String::new()),
            RecordKind::Bare => (&self.bare, String::new()),
        };
        if !validator.is_valid(value) {
            for err in validator.iter_errors(value) {
                self.translate(&err, record.id, &base, record.kind, rules, out);
            }
        }
        if record.kind == RecordKind::Bare {
            if let Some(allow) = value.get("x-acelint") {
                if !self.suppressions.is_valid(allow) {
                    for err in self.suppressions.iter_errors(allow) {
                        self.translate(&err, record.id, "/x-acelint", record.kind, rules, out);
                    }
                }
            }
        }
    }

    fn translate(
        &self,
        err: &ValidationError<'_>,
        record: RecordId,
        base: &str,
        kind: RecordKind,
        rules: &RuleSet,
        out: &mut Vec<Finding>,
    ) {
        let at = format!("{base}{}", err.instance_path().as_str());
        let field = field_name(&at);
        let path = pointer::dotted(&at);
        let mut emit = |name: &str, anchor: Anchor, message: String, help: Option<String>| {
            if let Some(f) = rules.finding(name, anchor, message, help) {
                out.push(f);
            }
        };
        match err.kind() {
            ValidationErrorKind::Required { property } => {
                let prop = property.as_str().unwrap_or_default();
                let message = if path.is_empty() {
                    format!("missing required field `{prop}`")
                } else {
                    format!("`{path}` is missing the required field `{prop}`")
                };
                emit("missing-field", Anchor::key(record, at.clone()), message, Some(format!("add `\"{prop}\"` here")));
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known: Vec<&str> = self
                    .keyword_parent(err)
                    .and_then(|s| s.get("properties"))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for key in unexpected {
                    if kind == RecordKind::Bare && at.is_empty() && BARE_METADATA.contains(&key.as_str()) {
                        continue;
                    }
                    let where_ = if path.is_empty() { String::new() } else { format!(" in `{path}`") };
                    let help = match suggest::closest(key, known.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "remove it: AWS's API and SDKs reject parameters they do not know".into(),
                    };
                    emit(
                        "unknown-field",
                        Anchor::key(record, pointer::join(&at, key)),
                        format!("unknown field `{key}`{where_}"),
                        Some(help),
                    );
                }
            }
            ValidationErrorKind::Enum { options } => {
                let shown = quote(err.instance());
                let options: Vec<&str> =
                    options.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
                let help = match err.instance().as_str().and_then(|s| suggest::closest(s, options.iter().copied())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if options.len() <= 8 => format!("allowed values: {}", list(&options)),
                    None => format!("one of {} allowed values; `acelint schema` lists them", options.len()),
                };
                emit(
                    "invalid-value",
                    Anchor::value(record, at.clone()),
                    format!("{shown} is not an allowed value for `{field}`"),
                    Some(help),
                );
            }
            ValidationErrorKind::Type { kind: expected } => {
                let want = match expected {
                    TypeKind::Single(t) => article(&t.to_string()),
                    TypeKind::Multiple(ts) => {
                        ts.iter().map(|t| article(&t.to_string())).collect::<Vec<_>>().join(" or ")
                    }
                };
                let found = json_type(err.instance());
                emit(
                    "wrong-type",
                    Anchor::value(record, at.clone()),
                    format!("`{field}` must be {want}, found {found}"),
                    Some(type_help(err.instance(), &want)),
                );
            }
            ValidationErrorKind::Pattern { pattern } => emit(
                "pattern-mismatch",
                Anchor::value(record, at.clone()),
                format!("{} is not a valid `{field}`", quote(err.instance())),
                Some(format!("the value must match `{pattern}`")),
            ),
            ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MaxLength { limit } => {
                let len = err.instance().as_str().map_or(0, |s| s.chars().count());
                let bound =
                    if matches!(err.kind(), ValidationErrorKind::MinLength { .. }) { "at least" } else { "at most" };
                emit(
                    "invalid-length",
                    Anchor::value(record, at.clone()),
                    format!("`{field}` is {len} characters long; it must be {bound} {limit}"),
                    Some(format!("write {bound} {limit} characters")),
                );
            }
            ValidationErrorKind::MinItems { limit } | ValidationErrorKind::MaxItems { limit } => {
                let len = err.instance().as_array().map_or(0, Vec::len);
                let bound =
                    if matches!(err.kind(), ValidationErrorKind::MinItems { .. }) { "at least" } else { "at most" };
                emit(
                    "invalid-list-size",
                    Anchor::key(record, at.clone()),
                    format!(
                        "`{field}` has {len} item{}; it must have {bound} {limit}",
                        if len == 1 { "" } else { "s" }
                    ),
                    None,
                );
            }
            ValidationErrorKind::Format { format } => emit(
                "invalid-format",
                Anchor::value(record, at.clone()),
                format!("{} is not a valid {}", quote(err.instance()), format_name(format)),
                Some(format_help(format).into()),
            ),
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::Maximum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit }
            | ValidationErrorKind::ExclusiveMaximum { limit } => {
                let rel = match err.kind() {
                    ValidationErrorKind::Minimum { .. } => "at least",
                    ValidationErrorKind::Maximum { .. } => "at most",
                    ValidationErrorKind::ExclusiveMinimum { .. } => "greater than",
                    _ => "less than",
                };
                emit(
                    "out-of-range",
                    Anchor::value(record, at.clone()),
                    format!("`{field}` is {}; it must be {rel} {limit}", err.instance()),
                    None,
                );
            }
            _ => emit("schema-violation", Anchor::value(record, at.clone()), plain_message(err), None),
        }
    }
}

fn field_name(ptr: &str) -> String {
    pointer::tokens(ptr).filter(|t| !t.bytes().all(|b| b.is_ascii_digit())).last().unwrap_or_else(|| "record".into())
}

/// A value for a message, shortened so a 2,000-character paragraph does not
/// fill the screen.
pub fn quote(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    };
    shorten(&s, 80)
}

pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 2).collect();
    out.push_str("…`");
    out
}

fn list(items: &[&str]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn article(t: &str) -> String {
    match t {
        "integer" => "an integer".into(),
        "array" => "an array".into(),
        "object" => "an object".into(),
        other => format!("a {other}"),
    }
}

fn type_help(found: &Value, want: &str) -> String {
    match (found, want) {
        (Value::Number(n), "a string") => format!("quote it: `\"{n}\"`"),
        (Value::String(s), "a number" | "an integer") if s.trim().parse::<f64>().is_ok() => {
            format!("drop the quotes: `{}`", s.trim())
        }
        (_, "an array") => "wrap the value in `[ … ]`".into(),
        _ => format!("write {want} here"),
    }
}

fn format_name(f: &str) -> String {
    match f {
        "date" => "date (YYYY-MM-DD)".into(),
        "date-time" => "timestamp (RFC 3339, e.g. 2026-11-24T10:00:00Z)".into(),
        "email" => "e-mail address".into(),
        "uri" => "URI".into(),
        other => other.to_string(),
    }
}

fn format_help(f: &str) -> &'static str {
    match f {
        "date" => "write a real calendar date as YYYY-MM-DD",
        "date-time" => "write an RFC 3339 timestamp such as 2026-11-24T10:00:00Z",
        _ => "correct the value's format",
    }
}

/// jsonschema's own wording, without a trailing period, for the rare kinds
/// that have no tailored message.
fn plain_message(err: &ValidationError<'_>) -> String {
    err.to_string().trim_end_matches('.').to_string()
}
