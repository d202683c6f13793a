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
//! it twice. `program-phrases` name a program's record ("Portfolio
//! record", "Portfolio credits"): they give a service away on a record of
//! any other program (read at `own-program`), and on a record of that
//! program they speak of the record itself.
//!
//! Words that several groups share ("ECS Fargate" names ECS and Fargate)
//! are one mention: `named-not-itemized` reports them once, naming every
//! group they name that no line itemizes.

use super::{Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{phrase_regex, whole_words, DecodeError, Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use crate::services::ServiceIndex;
use regex::Regex;
use serde_json::Value;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

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
    /// `elsewhere-phrases` (and `program-phrases`): words that put a
    /// service in another record's workload (see the module's
    /// documentation).
    elsewhere: Option<Elsewhere>,
}

/// The phrases that give a service away, by the record's program: the
/// general ones with those naming every program but the record's own.
#[derive(Debug)]
struct Elsewhere {
    /// Where the record's program is (`own-program`), if phrases name one.
    program: Option<Path>,
    /// For a record of each program that `program-phrases` lists: its
    /// phrases, compiled when first needed. They are read only for a
    /// service about to be reported, and compiling them all was a third
    /// of loading the rule set.
    by_program: Vec<(String, Vec<String>, OnceLock<Regex>)>,
    /// For a record of any other program, or of none: every phrase.
    other: Regex,
}

impl Elsewhere {
    fn decode(p: &Params<'_>) -> Result<Option<Elsewhere>> {
        let general = p.strings("elsewhere-phrases")?;
        let programs = program_phrases(p)?;
        let program = p.path("own-program")?;
        match (&general, &programs, &program) {
            (None, None, None) => return Ok(None),
            (None, _, _) => return Err(p.missing("elsewhere-phrases")),
            (Some(_), Some(_), None) => return Err(p.missing("own-program")),
            (Some(_), None, Some(_)) => return Err(p.missing("program-phrases")),
            _ => {}
        }
        let general = general.unwrap_or_default();
        let programs = programs.unwrap_or_default();
        check_program_names(p, &programs, program.as_ref())?;
        let phrases = |own: Option<&str>| {
            let mut phrases = general.clone();
            for (_, list) in programs.iter().filter(|(name, _)| Some(name.as_str()) != own) {
                phrases.extend(list.iter().cloned());
            }
            phrases
        };
        let err = |m: String| p.error("elsewhere-phrases", m);
        // Every phrase at once: what compiles here, any subset of it
        // compiles too, unless the subset is empty, which no list may be
        // (`phrase_regex` says so before compiling anything).
        let other = phrase_regex(&phrases(None)).map_err(err)?;
        let mut by_program = Vec::new();
        for (name, _) in &programs {
            let own = phrases(Some(name));
            if own.is_empty() {
                phrase_regex(&own).map_err(err)?;
            }
            by_program.push((name.clone(), own, OnceLock::new()));
        }
        Ok(Some(Elsewhere { program, by_program, other }))
    }

    /// The phrases that give a service away on this record.
    fn regex(&self, view: View<'_>) -> &Regex {
        let own = self.program.as_ref().and_then(|p| view.get(p)).and_then(Value::as_str);
        match own.and_then(|own| self.by_program.iter().find(|(name, ..)| name == own)) {
            // A subset of `other`'s phrases, none empty (see `decode`):
            // the fallback is never taken.
            Some((_, phrases, re)) => re.get_or_init(|| phrase_regex(phrases).unwrap_or_else(|_| self.other.clone())),
            None => &self.other,
        }
    }
}

/// A program and the phrases naming its records.
type ProgramPhrases = (String, Vec<String>);

/// `program-phrases` given inline (a table of lists) or read from a data
/// file (`program-phrases-from`, the table under `program-phrases-field`):
/// each program with the phrases naming its records. Keys starting with
/// `_` are comments.
fn program_phrases(p: &Params<'_>) -> Result<Option<Vec<ProgramPhrases>>> {
    let (table, key) = match (p.get("program-phrases"), p.str("program-phrases-from")?) {
        (Some(inline), _) => (Arc::new(inline.clone()), "program-phrases"),
        (None, Some(file)) => {
            let data = p.data.load(file).map_err(|m| p.error("program-phrases-from", m))?;
            let data =
                match p.str("program-phrases-field")? {
                    Some(field) => Arc::new(data.get(field).cloned().ok_or_else(|| {
                        p.error("program-phrases-field", format!("`{file}` has no member `{field}`"))
                    })?),
                    None => data,
                };
            (data, "program-phrases-from")
        }
        (None, None) => return Ok(None),
    };
    let bad = || p.error(key, "expected a table of program names, each with a list of phrases");
    let map = table.as_object().ok_or_else(bad)?;
    let mut out = Vec::new();
    for (name, list) in map.iter().filter(|(name, _)| !name.starts_with('_')) {
        let list = list.as_array().ok_or_else(bad)?;
        let phrases = list.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(bad)).collect::<Result<_>>()?;
        out.push((name.clone(), phrases));
    }
    Ok(Some(out))
}

/// The programs `program-phrases` names must be values `own-program` can
/// hold: a misspelt one (`Activate Portfolo`) would match no record, and
/// its phrases would give services away on its own program's records.
fn check_program_names(p: &Params<'_>, programs: &[ProgramPhrases], own: Option<&Path>) -> Result<()> {
    let Some(allowed) = own.and_then(|path| crate::rules::file::enum_of(std::slice::from_ref(path))) else {
        return Ok(());
    };
    let Some((name, _)) = programs.iter().find(|(name, _)| !allowed.contains(&name.as_str())) else {
        return Ok(());
    };
    let hint = crate::suggest::hint(name, allowed.iter().copied());
    let message = format!("`{name}` is not a value `{}` can hold{hint}", own.map_or("", |path| &path.text));
    // Inline, the mistake is the table's key; from a data file, the
    // parameter that reads it.
    Err(match p.get("program-phrases") {
        Some(_) => DecodeError { pointer: crate::json::pointer::join(&p.ptr("program-phrases"), name), message },
        None => p.error("program-phrases-from", message),
    })
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
        let elsewhere = Elsewhere::decode(p)?;
        if elsewhere.is_some() && mode != Mode::NamedNotItemized {
            return Err(p.error("elsewhere-phrases", "`elsewhere-phrases` goes only with mode `named-not-itemized`"));
        }
        Ok(Mentions { text, itemized, mode, services, except, elsewhere })
    }

    /// Whether the sentence around `range` of `s`, or the heading of its
    /// list item, says the service there belongs to another record (holds
    /// an `elsewhere-phrases` phrase). Each part is searched apart: a
    /// phrase across the two would be words the text never put together.
    fn elsewhere(re: Option<&Regex>, s: &str, range: &Range<usize>) -> bool {
        let Some(re) = re else { return false };
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
        let elsewhere = self.elsewhere.as_ref().map(|e| e.regex(view));
        let named = self.named(view, |g, s, range| billed.contains(&g) || !Self::elsewhere(elsewhere, s, range));
        let missing: Vec<&Named> = named
            .iter()
            .filter(|n| !self.services.groups[n.group].products.is_empty())
            .filter(|n| !billed.contains(&n.group) && !self.except.contains(&n.group))
            .collect();
        let mut found: Vec<(String, &Named)> = Vec::new();
        for n in missing {
            let name = &self.services.groups[n.group].name;
            // Words several groups share are one mention: one finding names
            // every group they name.
            match found.iter_mut().find(|(_, m)| std::ptr::eq(m.at, n.at) && m.range == n.range) {
                Some((names, _)) => *names = format!("{names} and {name}"),
                None => found.push((name.clone(), n)),
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
            .into_iter()
            .map(|(names, n)| {
                let mut hit = self.hit(view, &self.text, n.at);
                hit.target = Target::Text { start: n.range.start, end: n.range.end };
                hit.arg("service", Arg::Text(names)).arg("alias", Arg::Text(n.alias().to_string()))
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
