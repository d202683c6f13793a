//! The check kinds a rule file can use, one module each. Each decodes its
//! parameters into a typed struct once, at load (regexes compiled, data
//! files read), and then runs on records.

mod allowed;
mod compare;
mod dates;
mod forbidden;
mod lookup;
mod mentions;
mod pattern;
mod range;
mod required;

use super::decode::{Params, Result};
use super::template::Arg;
use super::Context;
use crate::diagnostic::{Severity, Target};
use crate::record::RecordKind;
use serde_json::Value;

/// The record as checks see it.
#[derive(Clone, Copy)]
pub struct View<'v> {
    pub value: &'v Value,
    pub kind: RecordKind,
}

/// One violation found by a check.
#[derive(Debug)]
pub struct Hit {
    pub pointer: String,
    pub target: Target,
    /// Values the message template may quote.
    pub args: Vec<(&'static str, Arg)>,
    /// A stronger severity than the rule's default (a hard limit crossed).
    pub severity: Option<Severity>,
}

impl Hit {
    pub fn at(pointer: String, target: Target) -> Hit {
        Hit { pointer, target, args: Vec::new(), severity: None }
    }

    pub fn arg(mut self, name: &'static str, value: Arg) -> Hit {
        self.args.push((name, value));
        self
    }
}

pub trait Check: Send + Sync + std::fmt::Debug {
    fn run(&self, view: View<'_>, ctx: &Context) -> Vec<Hit>;
}

/// Every kind, with the template variables its hits provide.
pub const KINDS: &[(&str, &[&str])] = &[
    ("required", required::VARS),
    ("forbidden", forbidden::VARS),
    ("allowed-values", allowed::VARS),
    ("pattern", pattern::VARS),
    ("lookup-pattern", lookup::VARS),
    ("range", range::VARS),
    ("compare", compare::VARS),
    ("date", dates::VARS),
    ("mentions", mentions::VARS),
];

pub fn compile(kind: &str, p: &Params<'_>) -> Result<Box<dyn Check>> {
    Ok(match kind {
        "required" => Box::new(required::Required::decode(p)?),
        "forbidden" => Box::new(forbidden::Forbidden::decode(p)?),
        "allowed-values" => Box::new(allowed::Allowed::decode(p)?),
        "pattern" => Box::new(pattern::Pattern::decode(p)?),
        "lookup-pattern" => Box::new(lookup::Lookup::decode(p)?),
        "range" => Box::new(range::Range::decode(p)?),
        "compare" => Box::new(compare::Compare::decode(p)?),
        "date" => Box::new(dates::DateCheck::decode(p)?),
        "mentions" => Box::new(mentions::Mentions::decode(p)?),
        other => {
            let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
            let hint = crate::suggest::closest(other, names.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(p.error("kind", format!("unknown check kind `{other}`{hint} (kinds: {})", names.join(", "))));
        }
    })
}

/// The text of a value for messages, shortened so a paragraph does not
/// fill the screen.
pub fn text(v: &Value) -> Arg {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Arg::Text(crate::schema::shorten(&s, 80))
}
