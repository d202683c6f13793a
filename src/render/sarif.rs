//! SARIF 2.1.0, the format GitHub code scanning and other viewers read.
//!
//! One run: the tool with every rule of the rule set as a reporting
//! descriptor, then one result per diagnostic, suppressed and baselined
//! ones included, with their `suppressions`. GitHub requires non-empty
//! `shortDescription`, `fullDescription` and `help` texts on each rule and
//! tracks alerts across commits by `partialFingerprints`, so those are always
//! filled. The document is built with `serde_json`, which escapes every
//! control character a record might hold.

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::rules::{Rule, RuleSet};
use crate::suppress::SuppressedBy;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// The `id` of the official schema (OASIS errata 01), which GitHub accepts.
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const HOME: &str = "https://acelint.dev";

pub fn render(outcome: &Outcome, rules: &RuleSet) -> String {
    let descriptors: Vec<&Rule> = rules.iter().collect();
    let index: HashMap<&str, usize> = descriptors.iter().enumerate().map(|(i, r)| (&*r.code, i)).collect();
    let mut seen = HashMap::new();
    let results: Vec<Value> = every_result(outcome)
        .into_iter()
        .map(|(d, suppression)| {
            let key = fingerprint_key(d);
            // Two findings with the same key would share a fingerprint and be
            // merged into one alert; the occurrence number keeps them apart
            // (results are sorted, so it is deterministic).
            let n = seen.entry(key.clone()).and_modify(|n| *n += 1).or_insert(0usize);
            let mut r = result(d, index.get(&*d.code).copied(), fingerprint(&key, *n));
            if let Some(s) = suppression {
                r["suppressions"] = json!([s]);
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "acelint",
                "informationUri": HOME,
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
            }},
            // acelint counts columns in characters; SARIF's default is UTF-16
            // code units, which would shift every column after an emoji.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The findings reported, then those allowed away or baselined, each with
/// its `suppression`, in one order: code scanning shows a suppressed
/// result as dismissed, where a result left out would read as fixed. The
/// order and the occurrence numbers of fingerprints do not depend on which
/// findings are suppressed, so an alert keeps its fingerprint when it is
/// allowed or baselined.
fn every_result(outcome: &Outcome) -> Vec<(&Diagnostic, Option<Value>)> {
    let reported = outcome.diagnostics.iter().map(|d| (d, None));
    let suppressed = outcome.suppressed.iter().map(|s| (&s.diagnostic, Some(suppression(&s.by))));
    let baselined = outcome.baselined.iter().map(|d| (d, Some(json!({ "kind": "external", "status": "accepted" }))));
    let mut all: Vec<_> = reported.chain(suppressed).chain(baselined).collect();
    all.sort_by(|(a, _), (b, _)| a.sort_key().cmp(&b.sort_key()));
    all
}

/// A suppression as SARIF states it: an allow in the record is `inSource`
/// (the record is the file analysed), with the allow's place; the config's
/// allows and per-file ignores are `external`, as is the baseline. A
/// reason becomes the `justification`.
fn suppression(by: &SuppressedBy) -> Value {
    let (kind, reason, at) = match by {
        SuppressedBy::Record { at, reason } => ("inSource", reason, Some(at)),
        SuppressedBy::Config { reason } => ("external", reason, None),
        SuppressedBy::PerFile => ("external", &None, None),
    };
    let mut s = json!({ "kind": kind, "status": "accepted" });
    if let Some(reason) = reason {
        s["justification"] = reason.as_str().into();
    }
    if let Some(at) = at {
        s["location"] = location(at, None, None);
    }
    s
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule's reporting descriptor. Empty docs fall back to the summary (and
/// that to the name), as GitHub rejects empty description texts.
fn descriptor(r: &Rule) -> Value {
    let or_summary = |s: &str| {
        [s, &r.summary, &r.name].into_iter().map(str::trim).find(|t| !t.is_empty()).unwrap_or_default().to_string()
    };
    let mut d = json!({
        "id": &*r.code,
        "name": &*r.name,
        "shortDescription": { "text": or_summary(&r.summary) },
        "fullDescription": { "text": or_summary(&r.docs.what) },
        "help": { "text": help_text(r), "markdown": help_markdown(r) },
        "defaultConfiguration": { "level": level(r.severity) },
    });
    if let Some(page) = rule_page(r) {
        d["helpUri"] = page.into();
    }
    if !r.enabled {
        d["defaultConfiguration"]["enabled"] = false.into();
    }
    d
}

/// One part of a rule's help: why it matters, AWS's wording, then what a
/// failing and a passing record look like (the "what to do").
enum Section<'a> {
    Prose(&'a str),
    Aws(&'a str),
    Example(&'static str, &'a str),
}

fn help_sections(r: &Rule) -> Vec<Section<'_>> {
    let mut sections = vec![Section::Prose(r.docs.why.trim())];
    if let Some(aws) = &r.aws_message {
        sections.push(Section::Aws(aws.trim()));
    }
    sections.push(Section::Example("Fails", r.docs.fails.trim()));
    sections.push(Section::Example("Passes", r.docs.passes.trim()));
    sections.retain(|s| !matches!(s, Section::Prose(b) | Section::Aws(b) | Section::Example(_, b) if b.is_empty()));
    sections
}

fn help_text(r: &Rule) -> String {
    let mut out = String::new();
    for section in help_sections(r) {
        let _ = match section {
            Section::Prose(body) => write!(out, "{body}\n\n"),
            Section::Aws(body) => write!(out, "{}\n\n", crate::rules::aws::quoted(body)),
            Section::Example(title, body) => write!(out, "{title}:\n{body}\n\n"),
        };
    }
    let _ = write!(out, "Run `acelint explain {}`", r.name);
    if let Some(page) = rule_page(r) {
        let _ = write!(out, " or see {page}");
    }
    out
}

fn help_markdown(r: &Rule) -> String {
    let mut out = String::new();
    for section in help_sections(r) {
        let _ = match section {
            Section::Prose(body) => write!(out, "{body}\n\n"),
            Section::Aws(body) => write!(out, "{}\n\n", crate::rules::aws::quoted(body)),
            Section::Example(title, body) => write!(out, "**{title}**\n\n```json\n{body}\n```\n\n"),
        };
    }
    let _ = write!(out, "Run `acelint explain {}`", r.name);
    if let Some(page) = rule_page(r) {
        let _ = write!(out, " or see [the rule's page]({page})");
    }
    out.push('.');
    out
}

/// The rule's page on acelint's site: only acelint's own rules have one; a
/// partner's rule file documents its rules through `explain` alone.
fn rule_page(r: &Rule) -> Option<String> {
    r.acelint_own.then(|| format!("{HOME}/rules/{}", r.name))
}

fn result(d: &Diagnostic, rule_index: Option<usize>, fingerprint: String) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text = format!("{text}\n{help}");
    }
    let mut r = json!({
        "ruleId": &*d.code,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location(&d.location, None, None)],
        "partialFingerprints": { "acelintFingerprint/v1": fingerprint },
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = i.into();
    }
    if !d.related.is_empty() {
        let related: Vec<Value> =
            d.related.iter().enumerate().map(|(i, rel)| location(&rel.location, Some(i), Some(&rel.message))).collect();
        r["relatedLocations"] = related.into();
    }
    r
}

fn location(l: &Location, id: Option<usize>, message: Option<&str>) -> Value {
    let mut loc = Map::new();
    if let Some(id) = id {
        loc.insert("id".into(), id.into());
    }
    loc.insert(
        "physicalLocation".into(),
        json!({
            "artifactLocation": { "uri": artifact_uri(&l.file) },
            "region": {
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column,
            },
        }),
    );
    if let Some(logical) = logical_location(l) {
        loc.insert("logicalLocations".into(), json!([logical]));
    }
    if let Some(m) = message {
        loc.insert("message".into(), json!({ "text": m }));
    }
    Value::Object(loc)
}

/// The place in the record, named by its JSON pointer. The root's pointer
/// is empty, which names nothing to a reader: it is kept (every logical
/// location's `fullyQualifiedName` is the exact pointer, for tools that
/// resolve it) and given a `name`, the record as the JSON output and JUnit
/// count it, and the kind `value`, as a record found wanting may be any
/// JSON value (`"TODO"` on a JSON Lines line), not only an object.
fn logical_location(l: &Location) -> Option<Value> {
    let Some(pointer) = l.pointer.as_deref() else {
        // A JSON Lines line that cannot be parsed is still its record,
        // with no value in it to name.
        return l.record.map(|i| json!({ "name": format!("record {i}") }));
    };
    if !pointer.is_empty() {
        return Some(json!({ "fullyQualifiedName": pointer, "kind": json_kind(pointer) }));
    }
    let name = l.record.map_or_else(|| "record".to_string(), |i| format!("record {i}"));
    Some(json!({ "name": name, "fullyQualifiedName": pointer, "kind": "value" }))
}

/// SARIF's kind for what a non-empty pointer names, from the kinds it
/// gives data formats: an item of a list (`/ProjectedSpend/2`) is an
/// `element`, a member of an object a `property` (`member` is for the
/// members of a class).
fn json_kind(pointer: &str) -> &'static str {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    match !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        true => "element",
        false => "property",
    }
}

/// The file as a URI reference: relative paths stay relative (GitHub
/// resolves them against the repository root), absolute ones become
/// `file:` URIs. Everything but unreserved characters and `/` is
/// percent-encoded, so a space, `#`, `?` or a `:` in a first segment
/// (which would read as a scheme) cannot change the meaning; so is a `\`
/// where it is part of a file name (everywhere but Windows).
pub fn artifact_uri(path: &str) -> String {
    let path = crate::load::forward_slashes(path.to_string());
    let b = path.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
        return format!("file:///{}:{}", &path[..1], percent_encode(&path[2..]));
    }
    if let Some(rest) = path.strip_prefix('/') {
        return format!("file:///{}", percent_encode(rest.trim_start_matches('/')));
    }
    percent_encode(path.strip_prefix("./").unwrap_or(&path))
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// What identifies a finding apart from where its lines are: rule, file,
/// record, pointer and message. No line or column, so reformatting a record
/// or adding lines above it keeps the alert.
fn fingerprint_key(d: &Diagnostic) -> Vec<String> {
    let l = &d.location;
    vec![
        d.code.to_string(),
        l.file.to_string(),
        l.record.map_or_else(|| "file".to_string(), |i| i.to_string()),
        l.pointer.clone().unwrap_or_default(),
        d.message.clone(),
    ]
}

/// The fields' stable hash, with the occurrence number when it is not the first.
fn fingerprint(fields: &[String], occurrence: usize) -> String {
    let n = occurrence.to_string();
    let mut parts: Vec<&[u8]> = fields.iter().map(|f| f.as_bytes()).collect();
    if occurrence > 0 {
        parts.push(n.as_bytes());
    }
    crate::baseline::stable_hash(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_names_a_property_or_an_element() {
        assert_eq!(json_kind("/Funding/Program"), "property");
        assert_eq!(json_kind("/Funding/ProjectedSpend/2"), "element");
        assert_eq!(json_kind("/Funding/ProjectedSpend/2/MonthlyUsd"), "property");
        assert_eq!(json_kind("/Opportunity/Project/"), "property");
    }

    #[test]
    fn uris_are_relative_references_with_percent_encoding() {
        assert_eq!(artifact_uri("records/a b.json"), "records/a%20b.json");
        assert_eq!(artifact_uri("./x#1?.json"), "x%231%3F.json");
        assert_eq!(artifact_uri("c:odd.json"), "c%3Aodd.json");
        assert_eq!(artifact_uri("dir/c:odd.json"), "dir/c%3Aodd.json");
        assert_eq!(artifact_uri("/tmp/r.json"), "file:///tmp/r.json");
        if cfg!(windows) {
            assert_eq!(artifact_uri("C:\\work\\r.json"), "file:///C:/work/r.json");
        } else {
            assert_eq!(artifact_uri("dir\\r.json"), "dir%5Cr.json", "one file name, not a directory");
        }
        assert_eq!(artifact_uri("données/é.json"), "donn%C3%A9es/%C3%A9.json");
        assert_eq!(artifact_uri("100%.json"), "100%25.json");
    }

    #[test]
    fn fingerprints_depend_on_fields_not_on_how_they_split() {
        let f = |v: &[&str], n| fingerprint(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), n);
        assert_eq!(f(&["ACE1", "a.json"], 0), f(&["ACE1", "a.json"], 0));
        assert_ne!(f(&["ACE1", "a.json"], 0), f(&["ACE1a", ".json"], 0));
        assert_ne!(f(&["ACE1", "a.json"], 0), f(&["ACE1", "a.json"], 1));
        assert_eq!(f(&[], 0).len(), 16);
    }
}
