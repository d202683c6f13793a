//! `forbidden`: a field that must be absent (or blank), on every holder or
//! only on those a `where` picks.

use super::holder::HolderWhere;
use super::{text, Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{Params, Result};
use crate::rules::expr::is_blank;
use crate::rules::path::Path;
use crate::rules::Context;

pub const VARS: &[&str] = &["field", "value"];

#[derive(Debug)]
pub struct Forbidden {
    /// Each field, with the `where` its holder must meet to be checked.
    fields: Vec<(Path, Option<HolderWhere>)>,
}

impl Forbidden {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let paths = p.paths("field")?;
        if paths.is_empty() {
            return Err(p.missing("field"));
        }
        let fields =
            paths.into_iter().map(|f| HolderWhere::decode(&f, p).map(|w| (f, w))).collect::<Result<Vec<_>>>()?;
        Ok(Forbidden { fields })
    }
}

impl Check for Forbidden {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        let present = |v: &serde_json::Value| !is_blank(v);
        self.fields
            .iter()
            .flat_map(|(f, w)| match w {
                Some(w) => w.flagged(view, present),
                None => view.flagged(f, present),
            })
            .map(|(ptr, v)| {
                let name = crate::json::pointer::tokens(&ptr).last().unwrap_or_default();
                Hit::at(ptr, Target::Key).arg("field", super::Arg::Text(name)).arg("value", text(v))
            })
            .collect()
    }
}
