//! `mentions`: AWS services named in free text (through names and common
//! aliases from a data file) compared with the services itemized in the
//! projection. Modes:
//! - `named-not-itemized`: a service the text names that no line itemizes;
//! - `itemized-not-named`: an itemized service the text never names;
//! - `min-named`: fewer than `min` distinct services named at all.
//!
//! The alias file maps a service group to its names and product ids:
//! `{ "aurora": { "name": "Amazon Aurora", "aliases": ["Aurora"], "products": ["AmazonRDSAuroraforPostgreSQL", …] } }`.

use super::{Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{compile_regex, Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

pub const VARS: &[&str] = &["field", "service", "alias", "count", "min", "named"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    NamedNotItemized,
    ItemizedNotNamed,
    MinNamed(usize),
}

#[derive(Debug)]
struct Group {
    name: String,
    products: FxHashSet<String>,
}

#[derive(Debug)]
pub struct Mentions {
    text: Vec<Path>,
    itemized: Vec<Path>,
    mode: Mode,
    groups: Vec<Group>,
    /// Lowercased alias (single spaces) → group indices.
    alias_groups: FxHashMap<String, Vec<usize>>,
    finder: Regex,
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
            "min-named" => Mode::MinNamed(p.num("min")?.ok_or_else(|| p.missing("min"))? as usize),
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
        let file = p.str("aliases-from")?.unwrap_or("data/service-aliases.json");
        let data = p.data.load(file).map_err(|m| p.error("aliases-from", m))?;
        let table = data
            .as_object()
            .ok_or_else(|| p.error("aliases-from", format!("`{file}` must be a JSON object of service groups")))?;
        let mut groups = Vec::new();
        let mut alias_groups: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        // Keys starting with `_` (comments) and non-tables are not groups.
        for (key, g) in table.iter().filter(|(k, g)| !k.starts_with('_') && g.is_object()) {
            let strings = |f: &str| -> Vec<String> {
                g.get(f)
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                    .unwrap_or_default()
            };
            let i = groups.len();
            for alias in strings("aliases") {
                alias_groups.entry(normalize(&alias)).or_default().push(i);
            }
            let name = g.get("name").and_then(|v| v.as_str()).unwrap_or(key).to_string();
            groups.push(Group { name, products: strings("products").into_iter().collect() });
        }
        if alias_groups.is_empty() {
            return Err(p.error("aliases-from", format!("`{file}` defines no aliases")));
        }
        // Longest aliases first, so "Aurora PostgreSQL" wins over "Aurora".
        let mut aliases: Vec<&String> = alias_groups.keys().collect();
        aliases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternation: Vec<String> = aliases.iter().map(|a| regex::escape(a).replace(' ', r"\s+")).collect();
        let finder = compile_regex(&format!(r"\b(?:{})\b", alternation.join("|")), true)
            .map_err(|m| p.error("aliases-from", m))?;
        Ok(Mentions { text, itemized, mode, groups, alias_groups, finder })
    }

    /// Groups named in the text fields: group → (first alias seen, field pointer).
    fn named(&self, view: View<'_>) -> FxHashMap<usize, (String, String)> {
        let mut found = FxHashMap::default();
        for path in &self.text {
            for (ptr, v) in path.select(view.value, view.kind) {
                let Some(s) = v.as_str() else { continue };
                for m in self.finder.find_iter(s) {
                    for &g in self.alias_groups.get(&normalize(m.as_str())).into_iter().flatten() {
                        found.entry(g).or_insert_with(|| (m.as_str().to_string(), ptr.clone()));
                    }
                }
            }
        }
        found
    }

    fn itemized(&self, view: View<'_>) -> Vec<(String, String)> {
        self.itemized
            .iter()
            .flat_map(|p| p.select(view.value, view.kind))
            .filter_map(|(ptr, v)| v.as_str().map(|s| (ptr, s.to_string())))
            .collect()
    }
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl Check for Mentions {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        let named = self.named(view);
        match self.mode {
            Mode::MinNamed(min) => {
                if named.len() >= min {
                    return Vec::new();
                }
                let Some((ptr, _)) = self.text.iter().find_map(|p| p.select(view.value, view.kind).into_iter().next())
                else {
                    return Vec::new();
                };
                let mut names: Vec<&str> = named.keys().map(|&g| self.groups[g].name.as_str()).collect();
                names.sort_unstable();
                vec![Hit::at(ptr, Target::Value)
                    .arg("count", Arg::Num(named.len() as f64))
                    .arg("min", Arg::Num(min as f64))
                    .arg("named", Arg::Text(if names.is_empty() { "none".into() } else { names.join(", ") }))]
            }
            Mode::NamedNotItemized => {
                let items = self.itemized(view);
                let mut missing: Vec<(&usize, &(String, String))> = named
                    .iter()
                    .filter(|(&g, _)| !self.groups[g].products.is_empty())
                    .filter(|(&g, _)| !items.iter().any(|(_, id)| self.groups[g].products.contains(id)))
                    .collect();
                missing.sort_by(|a, b| self.groups[*a.0].name.cmp(&self.groups[*b.0].name));
                missing
                    .into_iter()
                    .map(|(&g, (alias, ptr))| {
                        let field = crate::json::pointer::tokens(ptr).last().unwrap_or_default();
                        Hit::at(ptr.clone(), Target::Value)
                            .arg("service", Arg::Text(self.groups[g].name.clone()))
                            .arg("alias", Arg::Text(alias.clone()))
                            .arg("field", Arg::Text(field))
                    })
                    .collect()
            }
            Mode::ItemizedNotNamed => self
                .itemized(view)
                .into_iter()
                .filter(|(_, id)| {
                    let groups: Vec<usize> =
                        (0..self.groups.len()).filter(|&g| self.groups[g].products.contains(id)).collect();
                    !groups.is_empty() && !groups.iter().any(|g| named.contains_key(g))
                })
                .map(|(ptr, id)| {
                    let field = crate::json::pointer::tokens(&ptr).last().unwrap_or_default();
                    Hit::at(ptr, Target::Value).arg("service", Arg::Text(id)).arg("field", Arg::Text(field))
                })
                .collect(),
        }
    }
}
