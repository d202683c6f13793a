//! `allowed-values`: a field whose value must be one of a list, given
//! inline (`values`), read from a data file (`values-from`), or found in
//! the record itself (`values-at`: the two halves of a record agree).

use super::holder::HolderWhere;
use super::{text, Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use crate::suggest::Folded;
use rustc_hash::FxHashSet;
use serde_json::Value;

pub const VARS: &[&str] = &["field", "value", "suggestion"];

#[derive(Debug)]
pub struct Allowed {
    field: Path,
    values: Values<Listed, Path>,
    ignore_case: bool,
    /// Only the values whose holder this condition holds for (paths
    /// relative to the holder) are checked: `where = { field =
    /// "/BilledThrough", exists = false }` skips the Marketplace lines.
    holder_where: Option<HolderWhere>,
}

/// Where the allowed values come from, in two stages: as the rule gives
/// them (`Values<Listed, Path>`), and as a record is checked against them
/// (`Here`), the path's values found in the record once, not per value.
#[derive(Debug)]
enum Values<L, A> {
    /// A list fixed at load (`values`, `values-from`).
    Listed(L),
    /// What a path selects in the record checked (`values-at`); a record
    /// in which it selects nothing is not checked.
    At(A),
}

type Here<'s, 'v> = Values<&'s Listed, std::borrow::Cow<'v, [&'v Value]>>;

/// A list of allowed values: folded for "did you mean", and as a set.
#[derive(Debug)]
struct Listed {
    folded: Folded,
    set: FxHashSet<String>,
}

impl Allowed {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let field = p.req_path("field")?;
        let ignore_case = p.bool("case-insensitive", false)?;
        let values = match (p.strings("values")?, p.get("values-at")) {
            (Some(_), Some(_)) => {
                return Err(
                    p.error("values-at", "give the allowed values one way: `values`, `values-from` or `values-at`")
                )
            }
            (Some(values), None) => {
                if values.is_empty() {
                    return Err(
                        p.error("values", "the list of allowed values is empty, so every value would be reported")
                    );
                }
                let set = values.iter().map(|v| fold(v, ignore_case).into_owned()).collect();
                Values::Listed(Listed { folded: Folded::new(values.iter().map(String::as_str)), set })
            }
            (None, Some(_)) => Values::At(p.req_path("values-at")?),
            (None, None) => return Err(p.missing("values`, `values-from` or `values-at")),
        };
        let holder_where = HolderWhere::decode(&field, p)?;
        Ok(Allowed { field, values, ignore_case, holder_where })
    }

    /// The values to check, with their pointers: all that `field` selects,
    /// or those whose holder `where` holds for.
    fn checked<'v>(&self, view: View<'v>, wrong: impl Fn(&Value) -> bool) -> Vec<(String, &'v Value)> {
        match &self.holder_where {
            Some(w) => w.flagged(view, wrong),
            None => view.flagged(&self.field, wrong),
        }
    }

    /// What values are tested against in this record; `None` when
    /// `values-at` selects nothing there.
    fn here<'s, 'v>(&'s self, view: View<'v>) -> Option<Here<'s, 'v>> {
        match &self.values {
            Values::Listed(listed) => Some(Values::Listed(listed)),
            // A handful of values: compared in place, nothing copied.
            Values::At(path) => Some(view.values(path)).filter(|found| !found.is_empty()).map(Values::At),
        }
    }

    fn allows(&self, here: &Here<'_, '_>, s: &str) -> bool {
        match here {
            Values::Listed(listed) => listed.set.contains(fold(s, self.ignore_case).as_ref()),
            Values::At(found) => {
                let s = fold(s, self.ignore_case);
                found.iter().filter_map(|v| text_of(v)).any(|t| fold(&t, self.ignore_case) == s)
            }
        }
    }
}

/// "Did you mean" among the allowed values.
fn closest(here: &Here<'_, '_>, s: &str) -> Option<String> {
    match here {
        Values::Listed(listed) => listed.folded.closest(s).map(str::to_string),
        Values::At(found) => {
            let texts: Vec<std::borrow::Cow<'_, str>> = found.iter().filter_map(|v| text_of(v)).collect();
            Folded::new(texts.iter().map(|t| t.as_ref())).closest(s).map(str::to_string)
        }
    }
}

/// `s` as values are compared: lowercased under `case-insensitive`.
fn fold(s: &str, ignore_case: bool) -> std::borrow::Cow<'_, str> {
    match ignore_case {
        true => s.to_lowercase().into(),
        false => s.into(),
    }
}

fn text_of(v: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match v {
        Value::String(s) => Some(s.as_str().into()),
        Value::Number(_) | Value::Bool(_) => Some(v.to_string().into()),
        _ => None,
    }
}

impl Check for Allowed {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        let Some(here) = self.here(view) else { return Vec::new() };
        let wrong = |v: &Value| text_of(v).is_some_and(|s| !self.allows(&here, &s));
        let mut hits = Vec::new();
        for (ptr, v) in self.checked(view, wrong) {
            let name = self.field.text.rsplit('/').find(|t| *t != "*").unwrap_or("");
            let s = text_of(v).unwrap_or_default();
            let suggestion = closest(&here, &s).map(|c| format!("Did you mean `{c}`?")).unwrap_or_default();
            hits.push(
                Hit::at(ptr, Target::Value)
                    .arg("field", Arg::Text(name.to_string()))
                    .arg("value", text(v))
                    .arg("suggestion", Arg::Text(suggestion)),
            );
        }
        hits
    }
}
