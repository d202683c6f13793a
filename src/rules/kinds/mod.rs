//! The check kinds a rule file can use, one module each. Each decodes its
//! parameters into a typed struct once, at load (regexes compiled, data
//! files read), and then runs on records.

mod allowed;
mod compare;
mod dates;
mod flag;
mod forbidden;
mod holder;
mod lookup;
mod mentions;
mod pattern;
mod range;
mod required;

use super::decode::{Params, Result};
use super::expr::Scope;
use super::path::{Path, Resolved};
pub use super::screen::Screenable;
use super::template::Arg;
use super::Context;
use crate::diagnostic::{Severity, Target};
use crate::record::{Memo, RecordKind};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::OnceCell;

/// The record as checks see it.
#[derive(Clone, Copy)]
pub struct View<'v> {
    pub value: &'v Value,
    pub kind: RecordKind,
    /// Facts about the record's texts shared between checks.
    pub memo: &'v Memo,
    /// The record's paths, each resolved once for all checks.
    pub paths: &'v Resolved<'v>,
    /// The record's source text.
    pub source: &'v RecordText<'v>,
    /// Pointers of the `null` members taken out of `value` (see
    /// `record::strip_nulls`): absent to the checks, but written there.
    pub nulls: &'v [String],
}

/// A record's source text, and the same with its escapes decoded, made on
/// first request: every string of the record appears in that byte for
/// byte, so a pattern absent from it is absent from all of them.
pub struct RecordText<'v> {
    text: &'v str,
    unescaped: OnceCell<Decoded>,
}

enum Decoded {
    /// The text had no escapes.
    Same,
    Owned(String),
    /// An escape no parsed record can hold.
    Unusable,
}

impl<'v> RecordText<'v> {
    pub fn new(text: &'v str) -> RecordText<'v> {
        RecordText { text, unescaped: OnceCell::new() }
    }

    /// `None` when the text holds an escape no parsed record can.
    pub fn unescaped(&self) -> Option<&str> {
        let decoded = self.unescaped.get_or_init(|| {
            SPARE.with_borrow_mut(|spare| match crate::json::unescape::unescape_with(self.text, spare) {
                Some(Cow::Borrowed(_)) => Decoded::Same,
                Some(Cow::Owned(text)) => Decoded::Owned(text),
                None => Decoded::Unusable,
            })
        });
        match decoded {
            Decoded::Same => Some(self.text),
            Decoded::Owned(text) => Some(text),
            Decoded::Unusable => None,
        }
    }
}

thread_local! {
    /// The buffer of the last record text decoded on this thread, for the
    /// next: one allocation per thread, not one per record.
    static SPARE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A buffer larger than this (a record of megabytes) is let go rather than
/// kept for the rest of the run.
const SPARE_LIMIT: usize = 1 << 20;

impl Drop for RecordText<'_> {
    fn drop(&mut self) {
        if let Some(Decoded::Owned(buffer)) = self.unescaped.take() {
            if buffer.capacity() <= SPARE_LIMIT {
                SPARE.set(buffer);
            }
        }
    }
}

impl<'v> View<'v> {
    /// Every value a path selects (as `Path::values`).
    pub fn values(&self, path: &Path) -> Cow<'v, [&'v Value]> {
        self.paths.values(path)
    }

    pub fn get(&self, path: &Path) -> Option<&'v Value> {
        self.paths.get(path)
    }

    /// The values a path selects that `bad` flags, with their pointers.
    /// Most records pass, so the values are tested first and pointers are
    /// built only when one is flagged.
    pub fn flagged(&self, path: &Path, bad: impl Fn(&'v Value) -> bool) -> Vec<(String, &'v Value)> {
        if !self.values(path).iter().any(|v| bad(v)) {
            return Vec::new();
        }
        path.select(self.value, self.kind).into_iter().filter(|(_, v)| bad(v)).collect()
    }

    /// Where conditions and expressions on the whole record read.
    pub fn scope(&self) -> Scope<'v, 'v> {
        Scope::Record(self.paths)
    }
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
    /// The rule whose finding at the same place would say the same (see
    /// `Finding::defers_to`); the rule's own `defers-to` otherwise.
    pub defers_to: Option<&'static str>,
    /// What the kind adds to the rule's message about this place, which a
    /// template written for the usual case cannot know (a required field
    /// is there, but written `null`).
    pub note: Option<String>,
    /// A value below its bounds (a `range`'s `min` or `hard-min`), worded
    /// by the check's `below` table where it has one.
    pub below: bool,
}

impl Hit {
    pub fn at(pointer: String, target: Target) -> Hit {
        Hit { pointer, target, args: Vec::new(), severity: None, defers_to: None, note: None, below: false }
    }

    pub fn arg(mut self, name: &'static str, value: Arg) -> Hit {
        self.args.push((name, value));
        self
    }
}

pub trait Check: Send + Sync + std::fmt::Debug {
    fn run(&self, view: View<'_>, ctx: &Context) -> Vec<Hit>;

    /// A check that only looks for a pattern in some fields offers it to
    /// the rule set's screen (see `screen`), which may then tell it that
    /// the pattern matches nowhere in a record.
    fn screen(&self) -> Option<Screenable<'_>> {
        None
    }
}

/// A check kind: its name, the template variables its hits provide, and
/// the parameters it reads (anything else in its table is a typo).
pub struct Kind {
    pub name: &'static str,
    pub vars: &'static [&'static str],
    pub params: &'static [&'static str],
}

const fn kind(name: &'static str, vars: &'static [&'static str], params: &'static [&'static str]) -> Kind {
    Kind { name, vars, params }
}

/// Keys every check table may carry besides its own parameters.
pub const COMMON_PARAMS: &[&str] = &["kind", "when", "message", "help", "aws-message"];

pub const KINDS: &[Kind] = &[
    kind("required", required::VARS, &["field", "allow-blank", "if-parent-missing", "where"]),
    kind("forbidden", forbidden::VARS, &["field", "where"]),
    kind(
        "allowed-values",
        allowed::VARS,
        &["field", "values", "values-from", "values-field", "values-at", "case-insensitive", "where"],
    ),
    kind(
        "pattern",
        pattern::VARS,
        &[
            "field",
            "must-match",
            "must-not-match",
            "phrases",
            "phrases-from",
            "phrases-field",
            "case-insensitive",
            "negations",
            "negations-from",
            "negations-field",
            "negation-window",
            "negation-exceptions",
            "negation-exceptions-from",
            "negation-exceptions-field",
        ],
    ),
    kind("lookup-pattern", lookup::VARS, &["field", "key", "table"]),
    kind("range", range::VARS, &["value", "at", "min", "max", "hard-min", "hard-max", "bands-by", "bands", "below"]),
    kind("compare", compare::VARS, &["left", "right", "op", "tolerance", "at"]),
    kind(
        "date",
        dates::VARS,
        &[
            "field",
            "not-in-past",
            "max-years-ahead",
            "before-years-ahead",
            "max-days-ahead",
            "after",
            "within-days",
            "of",
        ],
    ),
    kind(
        "mentions",
        mentions::VARS,
        &[
            "text",
            "itemized",
            "mode",
            "min",
            "aliases-from",
            "except-groups",
            "elsewhere-phrases",
            "elsewhere-phrases-from",
            "elsewhere-phrases-field",
            "program-phrases",
            "program-phrases-from",
            "program-phrases-field",
            "own-program",
        ],
    ),
    kind("flag", flag::VARS, &["at"]),
];

pub fn find(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

pub fn compile(kind: &str, p: &Params<'_>) -> Result<Box<dyn Check>> {
    if let Some(k) = find(kind) {
        for key in p.map.keys() {
            if !k.params.contains(&key.as_str()) && !COMMON_PARAMS.contains(&key.as_str()) {
                let known = k.params.iter().chain(COMMON_PARAMS).copied();
                let hint = crate::suggest::hint(key, known);
                return Err(p.error(
                    key,
                    format!("`{kind}` has no parameter `{key}`{hint} (it takes: {})", k.params.join(", ")),
                ));
            }
        }
    }
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
        "flag" => Box::new(flag::Flag::decode(p)?),
        other => {
            let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
            let hint = crate::suggest::hint(other, names.iter().copied());
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
