//! Reference data that rule files point at (`values-from = "data/…"`):
//! AWS's product list, postal formats, US states, sanctioned countries…
//! The default files are compiled in; a user's rule file may name its own,
//! relative to the rule file.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The data files under `rules/data/`, compiled into the binary.
const BUILTIN: &[(&str, &str)] = &[
    ("data/aws_products.json", include_str!("../../rules/data/aws_products.json")),
    ("data/marketplace-products.json", include_str!("../../rules/data/marketplace-products.json")),
    ("data/postal-codes.json", include_str!("../../rules/data/postal-codes.json")),
    ("data/no-postal-code.json", include_str!("../../rules/data/no-postal-code.json")),
    ("data/us-states.json", include_str!("../../rules/data/us-states.json")),
    ("data/sanctioned-countries.json", include_str!("../../rules/data/sanctioned-countries.json")),
    ("data/service-aliases.json", include_str!("../../rules/data/service-aliases.json")),
    ("data/company-suffixes.json", include_str!("../../rules/data/company-suffixes.json")),
    ("data/shared-hosts.json", include_str!("../../rules/data/shared-hosts.json")),
    ("data/not-investors.json", include_str!("../../rules/data/not-investors.json")),
    ("data/unfiled-programs.json", include_str!("../../rules/data/unfiled-programs.json")),
    ("data/elsewhere-phrases.json", include_str!("../../rules/data/elsewhere-phrases.json")),
    ("data/negations.json", include_str!("../../rules/data/negations.json")),
    ("data/formats.json", include_str!("../../rules/data/formats.json")),
    ("data/aws-messages.json", include_str!("../../rules/data/aws-messages.json")),
];

/// Where a rule file's data files are looked up.
#[derive(Debug, Clone, Default)]
pub struct DataFiles {
    /// The directory of a user's rule file; `None` for built-in rule files.
    dir: Option<PathBuf>,
}

impl DataFiles {
    pub fn builtin() -> DataFiles {
        DataFiles { dir: None }
    }

    /// Whether these are acelint's own data, for its own rule files.
    pub fn is_builtin(&self) -> bool {
        self.dir.is_none()
    }

    pub fn beside(rule_file: &Path) -> DataFiles {
        DataFiles { dir: Some(rule_file.parent().unwrap_or(Path::new(".")).to_path_buf()) }
    }

    /// Parses a data file: the user's directory first, then the defaults.
    pub fn load(&self, name: &str) -> Result<Arc<Value>, String> {
        if let Some(dir) = &self.dir {
            let path = dir.join(name);
            if path.exists() {
                let text =
                    std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                return serde_json::from_str(&text)
                    .map(Arc::new)
                    .map_err(|e| format!("{} is not valid JSON: {e}", path.display()));
            }
        }
        let (_, text) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| format!("no data file `{name}` (built-in files: {})", builtin_names()))?;
        serde_json::from_str(text).map(Arc::new).map_err(|e| format!("built-in {name} is not valid JSON: {e}"))
    }

    /// The strings a data file lists: an array of strings; an array of
    /// objects, taking `field` (or `code`) from each; or an object's keys.
    pub fn strings(&self, name: &str, field: Option<&str>) -> Result<Vec<String>, String> {
        self.strings_named_by(name, field, "a `-field` key")
    }

    /// `strings`, for a rule file whose key `field_key` names `field`: a
    /// mistake names the key to write.
    pub fn strings_named_by(&self, name: &str, field: Option<&str>, field_key: &str) -> Result<Vec<String>, String> {
        let v = self.load(name)?;
        let named = field.is_some();
        let field = field.unwrap_or("code");
        let out: Vec<String> = match &*v {
            Value::Array(items) => items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get(field).and_then(Value::as_str).map(str::to_string),
                    _ => None,
                })
                .collect(),
            // An object: the list under `field` if there is one, else its keys.
            Value::Object(map) => match map.get(field).and_then(Value::as_array) {
                Some(list) => list.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                // A field named but absent is a typo: its keys read as the
                // values would make the rule quietly mean something else.
                None if named => return Err(format!("`{name}` has no list `{field}`")),
                // An object of named lists needs one named: its keys are the
                // lists' names, never the values a rule means.
                None => match named_lists(map) {
                    lists if !lists.is_empty() => {
                        return Err(format!(
                            "`{name}` holds named lists ({}): name one with {field_key}",
                            lists.join(", ")
                        ))
                    }
                    _ => map.keys().filter(|k| !k.starts_with('_')).cloned().collect(),
                },
            },
            _ => Vec::new(),
        };
        if out.is_empty() {
            return Err(format!("`{name}` yields no values (for field `{field}`)"));
        }
        Ok(out)
    }
}

/// The keys of an object's members that are lists (its `_comment` aside).
fn named_lists(map: &serde_json::Map<String, Value>) -> Vec<&str> {
    map.iter().filter(|(k, v)| !k.starts_with('_') && v.is_array()).map(|(k, _)| k.as_str()).collect()
}

/// The names of the built-in data files, as rule files name them.
pub fn builtin_files() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

fn builtin_names() -> String {
    builtin_files().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Marketplace listings are AWS's own product ids, and no product
    /// of the `Marketplace` family is left out of them: a new one in a
    /// refreshed `aws_products.json` would otherwise pass for AWS spend.
    #[test]
    fn marketplace_products_are_aws_ids_and_cover_the_marketplace_family() {
        let files = DataFiles::builtin();
        let listed = files.strings("data/marketplace-products.json", Some("products")).unwrap();
        let products = files.load("data/aws_products.json").unwrap();
        let products = products.as_array().unwrap();
        let id = |p: &Value| p["Identifier"].as_str().unwrap_or_default().to_string();
        for l in &listed {
            assert!(products.iter().any(|p| id(p) == *l), "{l} is not in aws_products.json");
        }
        for p in products.iter().filter(|p| p["Family"] == "Marketplace") {
            assert!(listed.contains(&id(p)), "{} (family Marketplace) is not in marketplace-products.json", id(p));
        }
    }
}
