//! `allowed-values`: a field whose value must be one of a list, given
//! inline (`values`) or read from a data file (`values-from`).

use super::{text, Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{Params, Result};
use crate::rules::expr::{Condition, Scope};
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
    /// The allowed values, for "did you mean".
    values: Folded,
    set: FxHashSet<String>,
    ignore_case: bool,
    /// Only the values whose holder this condition holds for (paths
    /// relative to the holder) are checked: `where = { field =
    /// "/BilledThrough", exists = false }` skips the Marketplace lines.
    holder_where: Option<(Path, String, Condition)>,
}

impl Allowed {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let field = p.req_path("field")?;
        let values = p.strings("values")?.ok_or_else(|| p.missing("values` or `values-from"))?;
        if values.is_empty() {
            return Err(p.error("values", "the list of allowed values is empty, so every value would be reported"));
        }
        let ignore_case = p.bool("case-insensitive", false)?;
        let set = values.iter().map(|v| if ignore_case { v.to_lowercase() } else { v.clone() }).collect();
        let values = Folded::new(values.iter().map(String::as_str));
        let holder_where = match p.get("where") {
            None => None,
            Some(w) => {
                let (holder, name) = field.split_last().ok_or_else(|| {
                    p.error("where", "`where` needs a `field` ending in a member name, whose holder it tests")
                })?;
                Some((holder, name, Condition::decode(w, &p.ptr("where"), p)?))
            }
        };
        Ok(Allowed { field, values, set, ignore_case, holder_where })
    }

    /// The values to check, with their pointers: all that `field` selects,
    /// or those whose holder `where` holds for.
    fn checked<'v>(&self, view: View<'v>, wrong: impl Fn(&Value) -> bool) -> Vec<(String, &'v Value)> {
        let Some((holder, name, condition)) = &self.holder_where else { return view.flagged(&self.field, wrong) };
        // The value first (a set lookup), the condition only for a wrong
        // one, and pointers only once something is wrong: most records pass.
        let fails = |h: &Value| h.get(name).is_some_and(&wrong) && condition.holds(Scope::Element(h));
        if !view.values(holder).iter().any(|h| fails(h)) {
            return Vec::new();
        }
        holder
            .select(view.value, view.kind)
            .into_iter()
            .filter(|(_, h)| fails(h))
            .filter_map(|(ptr, h)| h.get(name).map(|v| (crate::json::pointer::join(&ptr, name), v)))
            .collect()
    }

    fn allowed(&self, s: &str) -> bool {
        if self.ignore_case {
            self.set.contains(&s.to_lowercase())
        } else {
            self.set.contains(s)
        }
    }
}

impl Check for Allowed {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        fn text_of(v: &Value) -> Option<std::borrow::Cow<'_, str>> {
            match v {
                Value::String(s) => Some(s.as_str().into()),
                Value::Number(_) | Value::Bool(_) => Some(v.to_string().into()),
                _ => None,
            }
        }
        let wrong = |v: &Value| text_of(v).is_some_and(|s| !self.allowed(&s));
        let mut hits = Vec::new();
        for (ptr, v) in self.checked(view, wrong) {
            let name = self.field.text.rsplit('/').find(|t| *t != "*").unwrap_or("");
            let s = text_of(v).unwrap_or_default();
            let suggestion = self.values.closest(&s).map(|c| format!("Did you mean `{c}`?")).unwrap_or_default();
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
