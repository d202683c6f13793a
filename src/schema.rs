//! The schema stage: the embedded JSON Schemas, compiled once, and the
//! translation of validation errors into findings that point at the key or
//! value at fault and say what to change.

use crate::diagnostic::{Anchor, Finding, RecordId, Target};
use crate::json::pointer;
use crate::record::{Record, RecordKind};
use crate::rules::hold::Unreadable;
use crate::rules::{aws, RuleSet};
use crate::suggest;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::sync::{LazyLock, OnceLock};

/// The schema documents compiled into the binary, by `$id`.
pub const DOCUMENTS: &[(&str, &str)] = &[
    ("draft-record", include_str!("../schemas/draft-record.schema.json")),
    ("opportunity", include_str!("../schemas/opportunity.schema.json")),
    ("funding", include_str!("../schemas/funding.schema.json")),
    ("suppressions", include_str!("../schemas/suppressions.schema.json")),
    ("rules", include_str!("../schemas/rules.schema.json")),
    ("config", include_str!("../schemas/config.schema.json")),
];

const ID_PREFIX: &str = "https://acelint.dev/schemas/";

/// The other documents a schema `$ref`s by file name (`funding.schema.json`).
fn file_refs(v: &Value) -> Vec<String> {
    match v {
        Value::Object(m) => {
            let own = m.get("$ref").and_then(Value::as_str).and_then(|r| r.split('#').next()).filter(|f| !f.is_empty());
            own.map(str::to_string).into_iter().chain(m.values().flat_map(file_refs)).collect()
        }
        Value::Array(a) => a.iter().flat_map(file_refs).collect(),
        _ => Vec::new(),
    }
}

/// Keys a bare body may carry for acelint's sake; the API never sees them.
const BARE_METADATA: &[&str] = &["$schema", "x-acelint"];

/// The member names a schema object declares (its `properties`).
fn properties(schema: &Value) -> Vec<&str> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Whether `at` is below one of the `DRAFT_ONLY` members of a bare body.
fn inside_draft_only(at: &str) -> bool {
    DRAFT_ONLY.iter().any(|k| at.strip_prefix('/').and_then(|a| a.strip_prefix(k)).is_some_and(|r| r.starts_with('/')))
}

/// Members the opportunity schema allows for a draft's `Opportunity` that a
/// `CreateOpportunity` body cannot carry: the associations, made with
/// `AssociateOpportunity` once the opportunity exists. The SDKs reject them
/// in the body as any unknown parameter.
const DRAFT_ONLY: &[&str] = &["RelatedEntityIdentifiers"];

pub struct Schemas {
    pub documents: Vec<(String, Value)>,
    registry: jsonschema::Registry<'static>,
    /// One validator per document, in `DOCUMENTS` order, each compiled on
    /// first use: a run needs two or three of the six, and compiling the
    /// record schema can overlap with loading the rules (`warm`).
    validators: Vec<OnceLock<Validator>>,
}

pub static SCHEMAS: LazyLock<Schemas> = LazyLock::new(Schemas::load);

/// A value of the wrong type is one finding: `"Program": 5` is not also
/// outside the list of programs.
fn without_enum_beside_type(errors: Vec<ValidationError<'_>>) -> Vec<ValidationError<'_>> {
    let mistyped: Vec<String> = errors
        .iter()
        .filter(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }))
        .map(|e| e.instance_path().as_str().to_string())
        .collect();
    if mistyped.is_empty() {
        return errors;
    }
    let beside_type = |e: &ValidationError<'_>| {
        matches!(e.kind(), ValidationErrorKind::Enum { .. }) && mistyped.iter().any(|p| p == e.instance_path().as_str())
    };
    errors.into_iter().filter(|e| !beside_type(e)).collect()
}

impl Schemas {
    fn load() -> Schemas {
        // The documents are part of the binary and covered by tests: a
        // failure here is a build defect, not a user error.
        let documents: Vec<(String, Value)> = DOCUMENTS
            .iter()
            .map(|(name, text)| {
                let v: Value = serde_json::from_str(text).expect("embedded schema is valid JSON");
                (Schemas::id(name), v)
            })
            .collect();
        let registry = jsonschema::Registry::new()
            .extend(documents.iter().map(|(id, v)| (id.clone(), v.clone())))
            .and_then(|b| b.prepare())
            .expect("embedded schemas register");
        let validators = documents.iter().map(|_| OnceLock::new()).collect();
        Schemas { documents, registry, validators }
    }

    /// The place of an embedded document in `DOCUMENTS` (and `documents`).
    fn index(name: &str) -> usize {
        DOCUMENTS.iter().position(|(n, _)| *n == name).expect("known schema name")
    }

    /// An embedded document, parsed.
    fn document(&self, name: &str) -> &Value {
        &self.documents[Schemas::index(name)].1
    }

    fn validator(&self, name: &str) -> &Validator {
        let i = Schemas::index(name);
        self.validators[i].get_or_init(|| {
            let (id, schema) = &self.documents[i];
            jsonschema::draft202012::options()
                .with_registry(&self.registry)
                .should_validate_formats(true)
                .build(schema)
                .unwrap_or_else(|e| panic!("embedded schema {id} compiles: {e}"))
        })
    }

    /// Compiles the validator of draft records now, so that a thread with
    /// nothing else to do pays for it before the first record waits on it.
    pub fn warm(&self) {
        self.validator("draft-record");
    }

    /// The `$id` of an embedded document.
    pub fn id(name: &str) -> String {
        format!("{ID_PREFIX}{name}.schema.json")
    }

    /// Validates a document (a rule file, a config file) against one of the
    /// embedded schemas.
    pub fn check_document(&self, name: &str, value: &Value) -> Vec<Explained> {
        let v = self.validator(name);
        if v.is_valid(value) {
            return Vec::new();
        }
        let unknown_help = format!("remove it (`acelint schema {name}` shows every key this file takes)");
        v.iter_errors(value)
            .flat_map(|e| self.explain(&e, ""))
            .map(|mut e| {
                if e.rule == "unknown-field" && e.help.is_none() {
                    e.help = Some(unknown_help.clone());
                }
                e
            })
            .collect()
    }

    /// The JSON text of an embedded schema document (for `acelint schema`).
    pub fn text(name: &str) -> Option<&'static str> {
        DOCUMENTS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// A schema document that stands on its own, for an editor or another
    /// validator: the documents it `$ref`s by file name are embedded under
    /// `$defs`, each with its own `$id`, so the references resolve inside
    /// the one file (JSON Schema 2020-12's bundling).
    pub fn bundled(name: &str) -> Option<String> {
        let mut root: Value = serde_json::from_str(Schemas::text(name)?).ok()?;
        let mut embedded = serde_json::Map::new();
        let mut pending = vec![root.clone()];
        while let Some(doc) = pending.pop() {
            for file in file_refs(&doc) {
                let other = DOCUMENTS.iter().find(|(n, _)| format!("{n}.schema.json") == file);
                if let (Some((_, text)), false) =
                    (other, embedded.contains_key(&file) || file == format!("{name}.schema.json"))
                {
                    let other: Value = serde_json::from_str(text).ok()?;
                    pending.push(other.clone());
                    embedded.insert(file, other);
                }
            }
        }
        if embedded.is_empty() {
            // As written, in its author's order.
            return Some(Schemas::text(name)?.trim_end().to_string());
        }
        let defs = root.as_object_mut()?.entry("$defs").or_insert_with(|| Value::Object(Default::default()));
        defs.as_object_mut()?.extend(embedded);
        serde_json::to_string_pretty(&root).ok()
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

    /// Runs the schema for the record's kind and appends findings. Returns
    /// the fields its findings make unreadable as written: those present
    /// only under a misspelt key (see `misspelt_fields`) and values of the
    /// wrong type. What the record rules say of them is held back while
    /// these findings are reported (see `rules::hold`).
    pub fn validate(&self, record: &Record, rules: &RuleSet, out: &mut Vec<Finding>) -> Vec<Unreadable> {
        let value = &record.value;
        let validator = match record.kind {
            RecordKind::Draft => self.validator("draft-record"),
            RecordKind::Bare => self.validator("opportunity"),
        };
        // Inside a member a bare body may not hold, the member itself is the
        // finding (see `draft_only_members`).
        let errors: Vec<ValidationError<'_>> = if validator.is_valid(value) {
            Vec::new()
        } else {
            let outside_draft_only = |err: &ValidationError<'_>| {
                !(record.kind == RecordKind::Bare && inside_draft_only(err.instance_path().as_str()))
            };
            let errors: Vec<ValidationError<'_>> = validator.iter_errors(value).filter(outside_draft_only).collect();
            without_enum_beside_type(errors)
        };
        let mut unreadable: Vec<Unreadable> = errors.iter().flat_map(|err| self.misspelt_fields(err)).collect();
        // What the rules would say of `"Customer": "Kestrelpoint"` is noise
        // beside "`Customer` must be an object".
        for err in errors.iter().filter(|err| matches!(err.kind(), ValidationErrorKind::Type { .. })) {
            let at = err.instance_path().as_str();
            unreadable.push(Unreadable::new(at, "wrong-type", at.to_string()));
        }
        // Before the errors are translated: `"Oportunity": null` holds back
        // the missing `Opportunity` as a misspelt object does.
        if !record.nulls.is_empty() {
            unreadable.extend(self.unknown_null_members(validator, (value, ""), record, rules, out));
        }
        for err in &errors {
            let start = out.len();
            let explained = self.explain(err, "").into_iter().map(|e| at_null_member(e, err, &record.nulls)).collect();
            self.translate(explained, record.id, record.kind, rules, out);
            // A required key present only misspelt: the unknown key's "did
            // you mean" says what to change.
            if let ValidationErrorKind::Required { property } = err.kind() {
                let at = pointer::join(err.instance_path().as_str(), property.as_str().unwrap_or_default());
                let field: Vec<String> = pointer::tokens(&at).collect();
                if let Some(u) = unreadable.iter().find(|u| u.field == field) {
                    out[start..].iter_mut().for_each(|f| f.held_by = Some(u.by.clone()));
                }
            }
        }
        if record.kind == RecordKind::Bare {
            self.draft_only_members(record, rules, out);
            if let Some(allow) = value.get("x-acelint") {
                let suppressions = self.validator("suppressions");
                if !suppressions.is_valid(allow) {
                    for err in suppressions.iter_errors(allow) {
                        self.translate(self.explain(&err, "/x-acelint"), record.id, record.kind, rules, out);
                    }
                }
                // The opportunity schema does not read a bare body's
                // `x-acelint`: its null members are the suppressions schema's.
                if record.nulls.iter().any(|p| p.starts_with("/x-acelint/")) {
                    self.unknown_null_members(suppressions, (allow, "/x-acelint"), record, rules, out);
                }
            }
        }
        unreadable
    }

    /// A bare body's members that only a draft may hold, as unknown fields
    /// (a `null` one too: the SDKs reject the key whatever its value).
    fn draft_only_members(&self, record: &Record, rules: &RuleSet, out: &mut Vec<Finding>) {
        for key in DRAFT_ONLY {
            let at = pointer::join("", key);
            if record.value.get(*key).is_none() && !record.nulls.contains(&at) {
                continue;
            }
            let e = Explained {
                rule: "unknown-field",
                pointer: at,
                target: Target::Key,
                message: format!("unknown field `{key}`: a `CreateOpportunity` body cannot carry it"),
                help: Some(format!(
                    "associate these after creation with `AssociateOpportunity`, or lint a draft record, whose \
                     `Opportunity` may hold `{key}`"
                )),
            };
            self.translate(vec![e], record.id, record.kind, rules, out);
        }
    }

    /// Null members are validated as absent, which would also let a
    /// misspelt key pass whenever its value is `null` (the SDKs reject an
    /// unknown parameter whatever its value). Put those under `base` back
    /// in a copy of `value` (the record's value there) and keep only what
    /// the schema says of their keys being unknown. Returns the fields such
    /// a key misspells (see `misspelt_fields`).
    fn unknown_null_members(
        &self,
        validator: &Validator,
        (value, base): (&Value, &str),
        record: &Record,
        rules: &RuleSet,
        out: &mut Vec<Finding>,
    ) -> Vec<Unreadable> {
        let nulls: Vec<&str> =
            record.nulls.iter().filter_map(|p| p.strip_prefix(base)).filter(|p| p.starts_with('/')).collect();
        let mut probe = value.clone();
        for at in &nulls {
            let (Some((parent, _)), Some(key)) = (at.rsplit_once('/'), pointer::tokens(at).last()) else { continue };
            if let Some(Value::Object(members)) = probe.pointer_mut(parent) {
                members.insert(key, Value::Null);
            }
        }
        let mut unreadable = Vec::new();
        for err in validator.iter_errors(&probe) {
            if matches!(err.kind(), ValidationErrorKind::AdditionalProperties { .. }) {
                let unknown =
                    self.explain(&err, base).into_iter().filter(|e| record.nulls.contains(&e.pointer)).collect();
                self.translate(unknown, record.id, record.kind, rules, out);
                // `"Oportunity": null` leaves the opportunity unreadable too
                // (the rules read a record's own fields, not `x-acelint`).
                if base.is_empty() {
                    let misspelt = self.misspelt_fields(&err).into_iter();
                    unreadable.extend(misspelt.filter(|u| record.nulls.contains(&u.by.pointer)));
                }
            }
        }
        unreadable
    }

    fn translate(
        &self,
        explained: Vec<Explained>,
        record: RecordId,
        kind: RecordKind,
        rules: &RuleSet,
        out: &mut Vec<Finding>,
    ) {
        for e in explained {
            let bare_metadata = kind == RecordKind::Bare
                && e.rule == "unknown-field"
                && BARE_METADATA.iter().any(|k| e.pointer == pointer::join("", k));
            if bare_metadata {
                continue;
            }
            let help = e.help.or_else(|| {
                (e.rule == "unknown-field")
                    .then(|| "remove it: AWS's API and SDKs reject parameters they do not know".into())
            });
            let anchor = Anchor { record, pointer: e.pointer, target: e.target };
            out.extend(rules.finding(e.rule, anchor, e.message, help));
        }
    }

    /// The fields an unknown-key error's keys are misspellings of (`catalog`
    /// for `Catalog`), where the object lacks them, each held by the
    /// unknown key's finding.
    fn misspelt_fields(&self, err: &ValidationError<'_>) -> Vec<Unreadable> {
        let ValidationErrorKind::AdditionalProperties { unexpected } = err.kind() else { return Vec::new() };
        let (Some(schema), Some(object)) = (self.keyword_parent(err), err.instance().as_object()) else {
            return Vec::new();
        };
        let known = properties(schema);
        unexpected
            .iter()
            .filter_map(|key| Some((key, suggest::closest(key, known.iter().copied())?)))
            .filter(|(_, field)| !object.contains_key(*field))
            .map(|(key, field)| {
                let at = err.instance_path().as_str();
                Unreadable::new(&pointer::join(at, field), "unknown-field", pointer::join(at, key))
            })
            .collect()
    }

    /// What a validation error means, in acelint's words: which check, where
    /// (one entry per unknown key), the message and what to change.
    pub fn explain(&self, err: &ValidationError<'_>, base: &str) -> Vec<Explained> {
        let at = format!("{base}{}", err.instance_path().as_str());
        if let ValidationErrorKind::AdditionalProperties { unexpected } = err.kind() {
            return self.unknown_fields(err, unexpected, &at);
        }
        let (rule, target, message, help) = explain_one(err, &at);
        vec![Explained { rule, pointer: at, target, message, help }]
    }

    /// One finding per unknown key, each at the key.
    fn unknown_fields(&self, err: &ValidationError<'_>, unexpected: &[String], at: &str) -> Vec<Explained> {
        let known = self.keyword_parent(err).map(properties).unwrap_or_default();
        let path = pointer::dotted(at);
        let where_ = if path.is_empty() { String::new() } else { format!(" in `{path}`") };
        let explain = |key: &String| Explained {
            rule: "unknown-field",
            pointer: pointer::join(at, key),
            target: Target::Key,
            message: match key.is_empty() {
                true => format!("unknown field with an empty name{where_}"),
                false => format!("unknown field {}{where_}", quote_text(key)),
            },
            // Without a near miss, what to say depends on the document.
            help: self
                .home_of(key, at, &known)
                .or_else(|| suggest::closest(key, known.iter().copied()).map(|s| format!("did you mean `{s}`?"))),
        };
        unexpected.iter().map(explain).collect()
    }

    /// Where a key unknown at a draft record's top level belongs, when it
    /// is a field of the opportunity or of the credit request (the nearest
    /// places that hold it: `Title` in `Opportunity.Project`): a
    /// CreateOpportunity body given a `Funding` key reads as a draft, and
    /// "remove it" would delete the opportunity's fields one by one.
    fn home_of(&self, key: &str, at: &str, known: &[&str]) -> Option<String> {
        if !at.is_empty() || !known.contains(&"Funding") {
            return None;
        }
        let starts = [("Opportunity", self.document("opportunity")), ("Funding", self.document("funding"))];
        let homes = holders_of(key, &starts);
        // A name many objects share (`Name`) says little about where it goes.
        let (first, others) = homes.split_first().filter(|_| homes.len() <= 3)?;
        let mut places = format!("`{first}`");
        for other in others {
            places.push_str(&format!(" or `{other}`"));
        }
        Some(format!("`{key}` belongs inside {places} in a draft record: move it there"))
    }
}

/// The dotted paths of the nearest objects, from each named root schema,
/// whose `properties` hold `key`: the roots first, then one level down, and
/// so on (a `$ref` read in the root's own document, a list's `items`
/// looked through), to the first level that has any.
fn holders_of(key: &str, roots: &[(&str, &Value)]) -> Vec<String> {
    let mut level: Vec<(String, &Value, &Value)> = roots.iter().map(|(name, s)| (name.to_string(), *s, *s)).collect();
    for _ in 0..6 {
        let found: Vec<String> =
            level.iter().filter(|(_, node, _)| properties(node).contains(&key)).map(|(p, _, _)| p.clone()).collect();
        if !found.is_empty() {
            return found;
        }
        level = level
            .iter()
            .flat_map(|(path, node, doc)| {
                let members = node.get("properties").and_then(Value::as_object).into_iter().flatten();
                members.map(move |(name, member)| {
                    let (node, list) = resolved(member, doc);
                    let items = if list { "[]" } else { "" };
                    (format!("{path}.{name}{items}"), node, *doc)
                })
            })
            .collect();
    }
    Vec::new()
}

/// A schema node with its `$ref` (into its own document's `$defs`) and a
/// list's `items` followed, and whether it is a list's item.
fn resolved<'s>(node: &'s Value, doc: &'s Value) -> (&'s Value, bool) {
    let (mut node, mut list) = (node, false);
    for _ in 0..4 {
        if let Some(target) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            node = doc.pointer(target).unwrap_or(node);
        } else if let Some(items) = node.get("items") {
            (node, list) = (items, true);
        } else {
            break;
        }
    }
    (node, list)
}

/// One problem's rule, target, message and help; `at` is its pointer.
type Explanation = (&'static str, Target, String, Option<String>);

/// Every kind but an unknown key, which `unknown_fields` explains: one
/// finding at `at`.
fn explain_one(err: &ValidationError<'_>, at: &str) -> Explanation {
    let field = field_name(at);
    match err.kind() {
        ValidationErrorKind::Required { property } => missing_field(property.as_str().unwrap_or_default(), at),
        ValidationErrorKind::Enum { options } => invalid_value(err.instance(), options, &field, at),
        ValidationErrorKind::Type { kind } => wrong_type(err.instance(), kind, &field),
        ValidationErrorKind::Pattern { pattern } => pattern_mismatch(err.instance(), pattern, &field, at),
        ValidationErrorKind::MinLength { limit } => invalid_length(err, "at least", *limit, &field, at),
        ValidationErrorKind::MaxLength { limit } => invalid_length(err, "at most", *limit, &field, at),
        ValidationErrorKind::MinItems { limit } => invalid_list_size(err.instance(), "at least", *limit, &field),
        ValidationErrorKind::MaxItems { limit } => invalid_list_size(err.instance(), "at most", *limit, &field),
        ValidationErrorKind::Format { format } => invalid_format(err.instance(), format),
        ValidationErrorKind::Minimum { limit } => out_of_range(err.instance(), "at least", limit, &field),
        ValidationErrorKind::Maximum { limit } => out_of_range(err.instance(), "at most", limit, &field),
        ValidationErrorKind::ExclusiveMinimum { limit } => out_of_range(err.instance(), "greater than", limit, &field),
        ValidationErrorKind::ExclusiveMaximum { limit } => out_of_range(err.instance(), "less than", limit, &field),
        ValidationErrorKind::UniqueItems => repeated_items(&field),
        _ => ("schema-violation", Target::Value, plain_message(err), None),
    }
}

/// A required member written as `null` is as missing to the API as an
/// absent one, but the finding points at the `null` the record holds, not
/// at the object around it, and says so.
fn at_null_member(e: Explained, err: &ValidationError<'_>, nulls: &[String]) -> Explained {
    let ValidationErrorKind::Required { property } = err.kind() else { return e };
    let prop = property.as_str().unwrap_or_default();
    let Some(at) = crate::record::null_member(nulls, &e.pointer, prop) else { return e };
    let help = aws_help(format!("give `{prop}` a value: `null` counts as missing"), "required", &at);
    let message = format!("`{}` is null, and it is a required field", pointer::dotted(&at));
    Explained { pointer: at, target: Target::Value, message, help: Some(help), ..e }
}

/// A required member absent from the object at `at`.
fn missing_field(prop: &str, at: &str) -> Explanation {
    let path = pointer::dotted(at);
    let message = match path.is_empty() {
        true => format!("missing required field `{prop}`"),
        false => format!("`{path}` is missing the required field `{prop}`"),
    };
    let help = aws_help(format!("add `\"{prop}\"` here"), "required", &pointer::join(at, prop));
    ("missing-field", Target::Key, message, Some(help))
}

/// A value outside the schema's `enum`: the near miss, else the list while
/// it is short enough to read.
fn invalid_value(found: &Value, options: &Value, field: &str, at: &str) -> Explanation {
    let options: Vec<&str> =
        options.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let help = match found.as_str().and_then(|s| suggest::closest(s, options.iter().copied())) {
        Some(s) => format!("did you mean `{s}`?"),
        None if options.len() <= 8 => format!("allowed values: {}", list(&options)),
        None => format!("one of {} allowed values; `acelint schema` lists them", options.len()),
    };
    let message = format!("{} is not an allowed value for `{field}`", quote(found));
    ("invalid-value", Target::Value, message, Some(aws_help(help, "enum", at)))
}

/// A value the schema's `pattern` refuses; `\S` is how the schemas say
/// "not blank" (a suppression's reason).
fn pattern_mismatch(found: &Value, pattern: &str, field: &str, at: &str) -> Explanation {
    if pattern == r"\S" {
        let help = format!("write the `{field}`: it may not be empty or only spaces");
        return ("pattern-mismatch", Target::Value, format!("`{field}` is blank"), Some(help));
    }
    let message = format!("{} is not a valid `{field}`", quote(found));
    ("pattern-mismatch", Target::Value, message, Some(aws_help(pattern_help(pattern, found), "pattern", at)))
}

fn invalid_format(found: &Value, format: &str) -> Explanation {
    let message = format!("{} is not a valid {}", quote(found), format_name(format));
    ("invalid-format", Target::Value, message, Some(format_help(format).into()))
}

/// A list whose schema wants each item once, at its key.
fn repeated_items(field: &str) -> Explanation {
    let message = format!("`{field}` lists the same item more than once");
    ("schema-violation", Target::Key, message, Some("keep each item once".into()))
}

fn wrong_type(found: &Value, expected: &TypeKind, field: &str) -> Explanation {
    let want = match expected {
        TypeKind::Single(t) => article(&t.to_string()),
        TypeKind::Multiple(ts) => ts.iter().map(|t| article(&t.to_string())).collect::<Vec<_>>().join(" or "),
    };
    let message = format!("`{field}` must be {want}, found {}", json_type(found));
    ("wrong-type", Target::Value, message, Some(type_help(found, &want)))
}

/// A string shorter than `minLength` (`bound` "at least") or longer than
/// `maxLength` ("at most").
fn invalid_length(err: &ValidationError<'_>, bound: &str, limit: u64, field: &str, at: &str) -> Explanation {
    let len = err.instance().as_str().map_or(0, |s| s.chars().count());
    let message = format!("`{field}` is {len} characters long; it must be {bound} {limit}");
    let help = aws_help(format!("write {bound} {limit} characters"), err.kind().keyword(), at);
    ("invalid-length", Target::Value, message, Some(help))
}

/// A list with fewer than `minItems` or more than `maxItems` items, at its
/// key: the items are not at fault one by one.
fn invalid_list_size(found: &Value, bound: &str, limit: u64, field: &str) -> Explanation {
    let len = found.as_array().map_or(0, Vec::len);
    let s = if len == 1 { "" } else { "s" };
    ("invalid-list-size", Target::Key, format!("`{field}` has {len} item{s}; it must have {bound} {limit}"), None)
}

/// A number past a bound; `rel` says which side of `limit` it must be.
fn out_of_range(found: &Value, rel: &str, limit: &Value, field: &str) -> Explanation {
    let message = format!("`{field}` is {}; it must be {rel} {}", number_text(found), number_text(limit));
    ("out-of-range", Target::Value, message, None)
}

/// One schema problem, explained.
pub struct Explained {
    /// The core rule it belongs to (`unknown-field`, …).
    pub rule: &'static str,
    pub pointer: String,
    pub target: Target,
    pub message: String,
    pub help: Option<String>,
}

/// A schema pattern in words (`rules/data/formats.json`).
struct FormatWords {
    pattern: String,
    says: String,
    example: String,
    /// What to say of a value that passes once lowercased, and the
    /// pattern compiled to find out.
    lowercase: Option<(String, regex::Regex)>,
}

/// What to write for a value the schema's `pattern` refused: the format in
/// words, with an example, where `rules/data/formats.json` has them; for a
/// value whose only fault is its capitals, that, with the value lowercased.
fn pattern_help(pattern: &str, found: &Value) -> String {
    static FORMATS: LazyLock<Vec<FormatWords>> = LazyLock::new(|| {
        let data = crate::rules::data::DataFiles::builtin().load("data/formats.json").ok();
        let entries = data.as_ref().and_then(|d| d.get("formats")?.as_array().cloned()).unwrap_or_default();
        let text = |e: &Value, k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
        let words = |e: &Value| {
            let pattern = text(e, "pattern")?;
            let lowercase = text(e, "lowercase").zip(regex::Regex::new(&pattern).ok());
            Some(FormatWords { says: text(e, "says")?, example: text(e, "example")?, lowercase, pattern })
        };
        entries.iter().filter_map(words).collect()
    });
    let Some(f) = FORMATS.iter().find(|f| f.pattern == pattern) else {
        return format!("the value must match `{pattern}`");
    };
    if let (Some((advice, re)), Some(s)) = (&f.lowercase, found.as_str()) {
        let lower = s.to_lowercase();
        if lower != s && re.is_match(&lower) {
            return format!("{advice}: {}", quote_text(&lower));
        }
    }
    format!("write {}, such as `{}`", f.says, f.example)
}

/// `help`, followed by AWS's wording of the rejection when it is known for
/// this keyword and field.
fn aws_help(help: String, keyword: &str, at: &str) -> String {
    match aws::schema_message(keyword, at) {
        Some(message) => aws::quote(Some(help), message),
        None => help,
    }
}

/// The field a message names: the last key, with the indices after it
/// (`BaselineCredits[0]` for an item of the list, not the list).
fn field_name(ptr: &str) -> String {
    let tokens: Vec<String> = pointer::tokens(ptr).collect();
    let is_index = |t: &String| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let Some(key) = tokens.iter().rposition(|t| !is_index(t)) else { return "record".into() };
    let indices: String = tokens[key + 1..].iter().map(|i| format!("[{i}]")).collect();
    format!("{}{indices}", tokens[key])
}

/// A number as messages print numbers (grouped digits past 10^15, never
/// `1e20`); any other value as JSON.
fn number_text(v: &Value) -> String {
    v.as_f64().map_or_else(|| v.to_string(), crate::rules::template::plain)
}

/// A value for a message, shortened so a 2,000-character paragraph does not
/// fill the screen.
pub fn quote(v: &Value) -> String {
    match v {
        Value::String(s) => quote_text(s),
        other => quote_text(&other.to_string()),
    }
}

/// Text from the record (a value, a key) for a message, shortened as
/// `quote` shortens a value: a key of 100,000 characters is no name to
/// print in full.
pub fn quote_text(s: &str) -> String {
    format!("`{}`", shorten(s, QUOTED_CHARS))
}

/// The most characters of a record's text a message quotes.
pub const QUOTED_CHARS: usize = 78;

pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Validators compile on first use: every embedded document must
    /// compile, whether or not a test happens to need it.
    #[test]
    fn every_embedded_schema_compiles() {
        for (name, _) in DOCUMENTS {
            SCHEMAS.validator(name);
        }
    }

    /// A format put in words must be a pattern of the schemas (or a schema
    /// update leaves it behind), and its example must pass it.
    #[test]
    fn every_format_in_words_is_a_schema_pattern_its_example_passes() {
        let data = crate::rules::data::DataFiles::builtin().load("data/formats.json").unwrap();
        let formats = data["formats"].as_array().unwrap();
        assert!(!formats.is_empty());
        for f in formats {
            let pattern = f["pattern"].as_str().unwrap();
            let quoted = serde_json::to_string(pattern).unwrap();
            assert!(DOCUMENTS.iter().any(|(_, text)| text.contains(&quoted)), "{pattern} is in no schema");
            let example = f["example"].as_str().unwrap();
            assert!(regex::Regex::new(pattern).unwrap().is_match(example), "{example} does not match {pattern}");
            assert!(pattern_help(pattern, &Value::Null).contains(example));
        }
    }

    /// An email address whose only fault is its capitals is told so, with
    /// the address to write; any other bad address gets the format.
    #[test]
    fn an_address_failing_only_for_its_capitals_is_told_so() {
        let data = crate::rules::data::DataFiles::builtin().load("data/formats.json").unwrap();
        let email = data["formats"].as_array().unwrap().iter().find(|f| f.get("lowercase").is_some()).unwrap();
        let pattern = email["pattern"].as_str().unwrap();
        let help = pattern_help(pattern, &Value::from("Jane.Doe@Northwind.example.com"));
        assert!(help.starts_with("the address has uppercase letters"), "{help}");
        assert!(help.ends_with("`jane.doe@northwind.example.com`"), "{help}");
        let help = pattern_help(pattern, &Value::from("Jane Doe <jane@example.com>"));
        assert!(help.starts_with("write an email address in lowercase"), "{help}");
    }
}
