//! `lookup-pattern`: a field whose format depends on another field, with
//! the formats in a data table: postal codes by country, for instance.
//! The table maps a key (`US`) to `{ "patterns": [...], "message": "…" }`.

use super::{text, Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{compile_regex, Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use regex::Regex;
use rustc_hash::FxHashMap;
use serde_json::Value;

pub const VARS: &[&str] = &["field", "value", "key", "format", "aws"];

#[derive(Debug)]
pub struct Lookup {
    field: Path,
    key: Path,
    table: FxHashMap<String, Entry>,
}

#[derive(Debug)]
struct Entry {
    patterns: Vec<Regex>,
    format: String,
    message: String,
}

impl Lookup {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let field = p.req_path("field")?;
        let key = p.req_path("key")?;
        let name = p.req_str("table")?;
        let data = p.data.load(name).map_err(|m| p.error("table", m))?;
        let obj = data
            .as_object()
            .ok_or_else(|| p.error("table", format!("`{name}` must be a JSON object keyed by value")))?;
        let mut table = FxHashMap::default();
        // Many keys share a format (a hundred countries write four digits):
        // each distinct pattern is compiled once, which is most of loading.
        let mut compiled: FxHashMap<&str, Regex> = FxHashMap::default();
        for (k, entry) in obj {
            let patterns = entry
                .get("patterns")
                .and_then(|v| v.as_array())
                .ok_or_else(|| p.error("table", format!("`{name}`: entry `{k}` has no `patterns` list")))?
                .iter()
                .filter_map(|v| v.as_str())
                .map(|s| match compiled.get(s) {
                    Some(re) => Ok(re.clone()),
                    None => {
                        let re = compile_regex(s, false)
                            .map_err(|m| p.error("table", format!("`{name}`: entry `{k}`: {m}")))?;
                        Ok(compiled.entry(s).or_insert(re).clone())
                    }
                })
                .collect::<Result<Vec<_>>>()?;
            let get = |f: &str| entry.get(f).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            table.insert(k.clone(), Entry { patterns, format: get("format"), message: get("message") });
        }
        Ok(Lookup { field, key, table })
    }
}

impl Check for Lookup {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        let Some(key) = view.get(&self.key).and_then(|v| v.as_str()) else { return Vec::new() };
        let Some(entry) = self.table.get(key) else { return Vec::new() };
        let name = self.field.text.rsplit('/').next().unwrap_or("");
        let wrong = |v: &Value| v.as_str().is_some_and(|s| !entry.patterns.iter().any(|re| re.is_match(s.trim())));
        view.flagged(&self.field, wrong)
            .into_iter()
            .map(|(ptr, v)| {
                Hit::at(ptr, Target::Value)
                    .arg("field", Arg::Text(name.to_string()))
                    .arg("value", text(v))
                    .arg("key", Arg::Text(key.to_string()))
                    .arg("format", Arg::Text(entry.format.clone()))
                    .arg("aws", Arg::Text(entry.message.clone()))
            })
            .collect()
    }
}
