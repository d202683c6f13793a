//! `forbidden`: a field that must be absent (or blank).

use super::{text, Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{Params, Result};
use crate::rules::expr::is_blank;
use crate::rules::path::Path;
use crate::rules::Context;

pub const VARS: &[&str] = &["field", "value"];

#[derive(Debug)]
pub struct Forbidden {
    fields: Vec<Path>,
}

impl Forbidden {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let fields = p.paths("field")?;
        if fields.is_empty() {
            return Err(p.missing("field"));
        }
        Ok(Forbidden { fields })
    }
}

impl Check for Forbidden {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        self.fields
            .iter()
            .flat_map(|f| view.flagged(f, |v| !is_blank(v)))
            .map(|(ptr, v)| {
                let name = crate::json::pointer::tokens(&ptr).last().unwrap_or_default();
                Hit::at(ptr, Target::Key).arg("field", super::Arg::Text(name)).arg("value", text(v))
            })
            .collect()
    }
}
