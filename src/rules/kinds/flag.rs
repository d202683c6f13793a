//! `flag`: no test of its own; it reports whenever the rule's `when`
//! condition holds, at the `at` field (or its nearest present ancestor).
//! For rules that are a condition alone: "a Select-tier partner filing a
//! credit-bearing record".

use super::{text, Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;

pub const VARS: &[&str] = &["field", "value"];

#[derive(Debug)]
pub struct Flag {
    at: Path,
}

impl Flag {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        Ok(Flag { at: p.req_path("at")? })
    }
}

impl Check for Flag {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        let Some(pointer) = self.at.prefix_pointer(view.kind) else { return Vec::new() };
        let name = crate::json::pointer::tokens(&pointer).last().unwrap_or_default();
        let value = view.get(&self.at).map(text).unwrap_or(Arg::Text(String::new()));
        vec![Hit::at(pointer, Target::Key).arg("field", Arg::Text(name)).arg("value", value)]
    }
}
