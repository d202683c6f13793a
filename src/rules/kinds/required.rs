//! `required`: a field that must be present (and not blank).

use super::{Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{DecodeError, Params, Result};
use crate::rules::expr::{is_blank, Condition, Scope};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;

pub const VARS: &[&str] = &["field"];

/// One or more fields (`field` is a path or a list of paths), each
/// reported on its own when missing.
#[derive(Debug)]
pub struct Required {
    fields: Vec<(Path, String)>,
    allow_blank: bool,
    /// Also report when the object that should hold the field is itself
    /// missing (at its nearest present ancestor).
    if_parent_missing: bool,
    /// Only the holders this condition holds for (paths relative to the
    /// holder) must have the field: `where = { field = "/EstimationUrl",
    /// exists = false }` exempts the one list item that has a URL.
    holder_where: Option<Condition>,
}

impl Required {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let paths = p.paths("field")?;
        if paths.is_empty() {
            return Err(p.missing("field"));
        }
        let fields = paths
            .iter()
            .map(|f| {
                f.split_last().ok_or_else(|| DecodeError {
                    pointer: p.ptr("field"),
                    message: format!("`{}`: `required` needs a path ending in a field name", f.text),
                })
            })
            .collect::<Result<_>>()?;
        let holder_where = p.get("where").map(|w| Condition::decode(w, &p.ptr("where"), p)).transpose()?;
        // A missing holder is tested as an empty one: `exists = false`
        // holds for it, `equals` does not.
        let empty = serde_json::Value::Object(serde_json::Map::new());
        let if_parent_missing =
            p.bool("if-parent-missing", true)? && holder_where.as_ref().is_none_or(|c| c.holds(Scope::Element(&empty)));
        Ok(Required { fields, allow_blank: p.bool("allow-blank", false)?, if_parent_missing, holder_where })
    }
}

impl Required {
    fn present(&self, v: Option<&serde_json::Value>) -> bool {
        v.is_some_and(|v| self.allow_blank || !is_blank(v))
    }

    /// Whether `holder` has what it must: it is no object, it holds the
    /// field, or the `where` condition exempts it. The condition is tested
    /// last: most holders have the field, and then it need not run.
    fn satisfied(&self, holder: &serde_json::Value, name: &str) -> bool {
        !holder.is_object()
            || self.present(holder.get(name))
            || self.holder_where.as_ref().is_some_and(|c| !c.holds(Scope::Element(holder)))
    }

    /// Whether every field is there, found without building pointers
    /// (most records pass).
    fn all_present(&self, view: View<'_>) -> bool {
        self.fields.iter().all(|(parent, name)| {
            let parents = view.values(parent);
            if parents.is_empty() {
                return !self.if_parent_missing || parent.has_wildcard();
            }
            parents.iter().all(|obj| self.satisfied(obj, name))
        })
    }
}

/// Whether the draft-record schema requires `key` in what `holder`
/// selects: then a record without it already has the schema's finding.
fn schema_requires(holder: &Path, key: &str) -> bool {
    crate::rules::file::draft_schema_nodes(holder).iter().any(|node| {
        node.get("required").and_then(serde_json::Value::as_array).is_some_and(|r| r.iter().any(|k| k == key))
    })
}

/// A finding of a key the schema requires of `holder` says what the
/// schema's own finding at the same place says (`{}` lacks `Opportunity`:
/// once, not once per rule about what it would hold), so it defers to it.
fn defer(hit: Hit, holder: &Path, key: &str) -> Hit {
    Hit { defers_to: schema_requires(holder, key).then_some("missing-field"), ..hit }
}

/// A finding on the member `key` absent from the object at `ptr`: on the
/// object, or, when the record wrote the member as `null` (which the API
/// takes as missing), on that `null`, saying so, as the schema's finding
/// does (so a finding deferring to it meets it there). `holder` says the
/// `null` is the object that should hold the field, not the field.
fn absent_member(ptr: String, key: &str, nulls: &[String], holder: bool) -> Hit {
    match crate::record::null_member(nulls, &ptr, key) {
        None => Hit::at(ptr, Target::Key),
        Some(at) => {
            let note = match holder {
                true => format!("`{key}` is written as `null`"),
                false => "it is written as `null`".to_string(),
            };
            Hit { note: Some(note), ..Hit::at(at, Target::Value) }
        }
    }
}

impl Check for Required {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        if self.all_present(view) {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (parent, name) in &self.fields {
            let parents = parent.select(view.value, view.kind);
            if parents.is_empty() && self.if_parent_missing {
                // The holder is missing: report at its nearest present
                // ancestor, when the path has no wildcard to iterate.
                if let Some((ptr, holder, key)) = parent.first_missing(view.value, view.kind) {
                    let shown = format!("{}.{name}", parent.text.rsplit('/').next().unwrap_or_default());
                    let hit = absent_member(ptr, &key, view.nulls, true).arg("field", Arg::Text(shown));
                    hits.push(defer(hit, &holder, &key));
                }
                continue;
            }
            for (ptr, obj) in parents {
                if self.satisfied(obj, name) {
                    continue;
                }
                // Point at the blank value when there is one, else at the
                // member's `null` or the object that lacks the member.
                let hit = match obj.get(name) {
                    Some(_) => Hit::at(crate::json::pointer::join(&ptr, name), Target::Key),
                    None => defer(absent_member(ptr, name, view.nulls, false), parent, name),
                };
                hits.push(hit.arg("field", Arg::Text(name.clone())));
            }
        }
        hits
    }
}
