//! `where` on the holder of a checked field: only the values whose holder
//! (the object the field's last name is in, such as one projected line)
//! meets the condition are checked, the condition's paths read relative
//! to that holder.

use super::View;
use crate::rules::decode::{Params, Result};
use crate::rules::expr::{Condition, Scope};
use crate::rules::path::Path;
use serde_json::Value;

#[derive(Debug)]
pub struct HolderWhere {
    holder: Path,
    name: String,
    condition: Condition,
}

impl HolderWhere {
    /// The check's `where` for `field`, if it has one.
    pub fn decode(field: &Path, p: &Params<'_>) -> Result<Option<HolderWhere>> {
        let Some(w) = p.get("where") else { return Ok(None) };
        let (holder, name) = field.split_last().ok_or_else(|| {
            p.error("where", "`where` needs a `field` ending in a member name, whose holder it tests")
        })?;
        Ok(Some(HolderWhere { holder, name, condition: Condition::decode(w, &p.ptr("where"), p)? }))
    }

    /// The values `bad` flags among those whose holder meets the
    /// condition, with their pointers. The value first (usually cheap),
    /// the condition only for a flagged one, and pointers only once
    /// something is flagged: most records pass.
    pub fn flagged<'v>(&self, view: View<'v>, bad: impl Fn(&Value) -> bool) -> Vec<(String, &'v Value)> {
        let fails = |h: &Value| h.get(&self.name).is_some_and(&bad) && self.condition.holds(Scope::Element(h));
        if !view.values(&self.holder).iter().any(|h| fails(h)) {
            return Vec::new();
        }
        self.holder
            .select(view.value, view.kind)
            .into_iter()
            .filter(|(_, h)| fails(h))
            .filter_map(|(ptr, h)| h.get(&self.name).map(|v| (crate::json::pointer::join(&ptr, &self.name), v)))
            .collect()
    }
}
