//! `mentions`: AWS services named in free text (through names and common
//! aliases from a data file) compared with the services itemized in the
//! projection. Modes:
//! - `named-not-itemized`: a service the text names that no line itemizes;
//! - `itemized-not-named`: an itemized service the text never names;
//! - `min-named`: fewer than `min` distinct services named at all.
//!
//! The alias file maps a service group to its names and product ids:
//! `{ "aurora": { "name": "Amazon Aurora", "aliases": ["Aurora"], "products": ["AmazonRDSAuroraforPostgreSQL", …] } }`.
//! A group's `loose-aliases` ("Inspector", "Config") are words too common
//! to say a service is named, but enough to say an itemized line of it is
//! described: `itemized-not-named` alone reads them, and only for a line
//! no alias describes.
//!
//! `elsewhere-phrases` ("funded under", "another record") say a service
//! belongs to another record or workload: in `named-not-itemized`, a
//! service named only in sentences holding one (or in list items whose
//! heading holds one) is left alone, since itemizing it here would count
//! it twice.

use super::{Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{phrase_regex, whole_words, Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use crate::services::ServiceIndex;
use regex::Regex;
use serde_json::Value;
use std::ops::Range;
use std::sync::Arc;

pub const VARS: &[&str] = &["field", "service", "alias", "count", "min", "named"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    NamedNotItemized,
    ItemizedNotNamed,
    MinNamed(usize),
}

#[derive(Debug)]
pub struct Mentions {
    text: Vec<Path>,
    itemized: Vec<Path>,
    mode: Mode,
    services: Arc<ServiceIndex>,
    /// Groups this check leaves alone (`except-groups`, by key).
    except: Vec<usize>,
    /// `elsewhere-phrases`: words that put a service in another record's
    /// workload (see the module's documentation).
    elsewhere: Option<Regex>,
}

/// A service group named in a text: the first words naming it that count.
struct Named<'v> {
    group: usize,
    /// The text and where in it the alias is.
    at: &'v Value,
    range: Range<usize>,
}

impl<'v> Named<'v> {
    fn alias(&self) -> &'v str {
        self.at.as_str().map_or("", |s| &s[self.range.clone()])
    }
}

impl Mentions {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let text = p.paths("text")?;
        if text.is_empty() {
            return Err(p.missing("text"));
        }
        let itemized = p.paths("itemized")?;
        let mode = match p.req_str("mode")? {
            "named-not-itemized" => Mode::NamedNotItemized,
            "itemized-not-named" => Mode::ItemizedNotNamed,
            "min-named" => Mode::MinNamed(p.count("min")?.ok_or_else(|| p.missing("min"))? as usize),
            other => {
                return Err(p.error(
                    "mode",
                    format!("unknown mode `{other}` (named-not-itemized, itemized-not-named, min-named)"),
                ))
            }
        };
        if !matches!(mode, Mode::MinNamed(_)) && itemized.is_empty() {
            return Err(p.missing("itemized"));
        }
        let services = match p.str("aliases-from")? {
            None => crate::services::DEFAULT.clone(),
            Some(file) => {
                let data = p.data.load(file).map_err(|m| p.error("aliases-from", m))?;
                Arc::new(ServiceIndex::from_json(&data).map_err(|m| p.error("aliases-from", format!("`{file}`: {m}")))?)
            }
        };
        let except = p
            .strings("except-groups")?
            .unwrap_or_default()
            .iter()
            .map(|key| {
                services.group_index(key).ok_or_else(|| {
                    let hint = crate::suggest::hint(key, services.groups.iter().map(|g| g.key.as_str()));
                    p.error("except-groups", format!("no service group `{key}` in the alias file{hint}"))
                })
            })
            .collect::<Result<_>>()?;
        let elsewhere = match p.strings("elsewhere-phrases")? {
            None => None,
            Some(_) if mode != Mode::NamedNotItemized => {
                return Err(p.error("elsewhere-phrases", "`elsewhere-phrases` goes only with mode `named-not-itemized`"))
            }
            Some(phrases) => Some(phrase_regex(&phrases).map_err(|m| p.error("elsewhere-phrases", m))?),
        };
        Ok(Mentions { text, itemized, mode, services, except, elsewhere })
    }

    /// Whether the sentence around `range` of `s`, or the heading of its
    /// list item, says the service there belongs to another record (holds
    /// an `elsewhere-phrases` phrase). Each part is searched apart: a
    /// phrase across the two would be words the text never put together.
    fn elsewhere(&self, s: &str, range: &Range<usize>) -> bool {
        let Some(re) = &self.elsewhere else { return false };
        crate::words::sentence_around(s, range.clone()).parts().any(|part| {
            let part = &s[part];
            re.find_iter(part).any(|m| whole_words(part, m.range()))
        })
    }

    /// Whether a text of the record holds one of the group's loose aliases
    /// as whole words, in any case. Read only for a line about to be
    /// reported, so it may lowercase the texts.
    fn loosely_named(&self, view: View<'_>, group: usize) -> bool {
        let loose = &self.services.groups[group].loose_aliases;
        !loose.is_empty()
            && self.text.iter().flat_map(|p| view.values(p).to_vec()).filter_map(Value::as_str).any(|s| {
                let lower = s.to_lowercase();
                loose.iter().any(|alias| crate::words::contains_phrase(&lower, alias))
            })
    }

    /// Groups named in the text fields, each once, at the first words
    /// naming it that `counts`. A text names a handful, so a list beats a
    /// hash map. Pointers are built only for what gets reported.
    fn named<'v>(&self, view: View<'v>, counts: impl Fn(usize, &str, &Range<usize>) -> bool) -> Vec<Named<'v>> {
        let mut found: Vec<Named<'v>> = Vec::new();
        for path in &self.text {
            for &v in view.values(path).iter() {
                let Some(s) = v.as_str() else { continue };
                for (group, range) in view.memo.mentions(&self.services, s).iter() {
                    if !found.iter().any(|n| n.group == *group) && counts(*group, s, range) {
                        found.push(Named { group: *group, at: v, range: range.clone() });
                    }
                }
            }
        }
        found
    }

    /// The pointer of a text value the paths selected.
    fn pointer_of(&self, view: View<'_>, paths: &[Path], target: &Value) -> String {
        paths
            .iter()
            .flat_map(|p| p.select(view.value, view.kind))
            .find(|(_, v)| std::ptr::eq(*v, target))
            .map(|(ptr, _)| ptr)
            .unwrap_or_default()
    }

    /// The itemized product ids, read from the record's resolved paths in
    /// place (not copied out path by path).
    fn itemized<'v>(&self, view: View<'v>) -> Vec<(&'v Value, &'v str)> {
        let mut out = Vec::new();
        for path in &self.itemized {
            out.extend(view.values(path).iter().filter_map(|&v| Some((v, v.as_str()?))));
        }
        out
    }

    fn hit(&self, view: View<'_>, paths: &[Path], at: &Value) -> Hit {
        let ptr = self.pointer_of(view, paths, at);
        let field = crate::json::pointer::tokens(&ptr).last().unwrap_or_default();
        Hit::at(ptr, Target::Value).arg("field", Arg::Text(field))
    }
}

impl Mentions {
    /// `min-named`: one finding on the whole first text, which names too
    /// few services: it is about all of it.
    fn min_named(&self, view: View<'_>, min: usize) -> Vec<Hit> {
        let named = self.named(view, |_, _, _| true);
        if named.len() >= min {
            return Vec::new();
        }
        let Some((ptr, _)) = self.text.iter().find_map(|p| p.select(view.value, view.kind).into_iter().next()) else {
            return Vec::new();
        };
        let mut names: Vec<&str> = named.iter().map(|n| self.services.groups[n.group].name.as_str()).collect();
        names.sort_unstable();
        vec![Hit::at(ptr, Target::Value)
            .arg("count", Arg::Num(named.len() as f64))
            .arg("min", Arg::Num(min as f64))
            .arg("named", Arg::Text(if names.is_empty() { "none".into() } else { names.join(", ") }))]
    }

    /// `named-not-itemized`: one finding per service, at the words that
    /// name it.
    fn named_not_itemized(&self, view: View<'_>) -> Vec<Hit> {
        // The groups the itemized products bill through, looked up once
        // per product rather than once per product and group.
        let billed: Vec<usize> = self
            .itemized(view)
            .into_iter()
            .flat_map(|(_, id)| self.services.groups_of_product(id).iter().copied())
            .collect();
        // A service said to be another record's does not count as named
        // here; only a service about to be reported is read for that.
        let named = self.named(view, |g, s, range| billed.contains(&g) || !self.elsewhere(s, range));
        let mut missing: Vec<&Named> = named
            .iter()
            .filter(|n| !self.services.groups[n.group].products.is_empty())
            .filter(|n| !billed.contains(&n.group) && !self.except.contains(&n.group))
            .collect();
        missing.sort_by(|a, b| self.services.groups[a.group].name.cmp(&self.services.groups[b.group].name));
        missing
            .into_iter()
            .map(|n| {
                let mut hit = self.hit(view, &self.text, n.at);
                hit.target = Target::Text { start: n.range.start, end: n.range.end };
                hit.arg("service", Arg::Text(self.services.groups[n.group].name.clone()))
                    .arg("alias", Arg::Text(n.alias().to_string()))
            })
            .collect()
    }

    /// `itemized-not-named`: one finding per itemized line, at the line.
    fn itemized_not_named(&self, view: View<'_>) -> Vec<Hit> {
        let named = self.named(view, |_, _, _| true);
        self.itemized(view)
            .into_iter()
            .filter(|(_, id)| {
                let groups = self.services.groups_of_product(id);
                !groups.is_empty()
                    && !groups.iter().any(|g| self.except.contains(g) || named.iter().any(|n| n.group == *g))
                    && !groups.iter().any(|&g| self.loosely_named(view, g))
            })
            .map(|(at, id)| self.hit(view, &self.itemized, at).arg("service", Arg::Text(id.to_string())))
            .collect()
    }
}

impl Check for Mentions {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        match self.mode {
            Mode::MinNamed(min) => self.min_named(view, min),
            Mode::NamedNotItemized => self.named_not_itemized(view),
            Mode::ItemizedNotNamed => self.itemized_not_named(view),
        }
    }
}
