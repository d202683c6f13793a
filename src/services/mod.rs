//! AWS services as people write them: the service groups of
//! `rules/data/service-aliases.json` (names, aliases, the ACE product ids
//! that bill for them, and the kind of spend they count as). Used to find
//! services named in free text and to compare records' service sets.

mod finder;

use finder::Finder;
pub use finder::Token;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

#[derive(Debug)]
pub struct Group {
    pub key: String,
    pub name: String,
    pub products: Vec<String>,
    /// The kind of spend, for service-overlap comparisons.
    pub spend: String,
    /// Words that describe an itemized line of the group without naming
    /// the service for sure (`Inspector`), lowercased.
    pub loose_aliases: Vec<String>,
}

#[derive(Debug)]
pub struct ServiceIndex {
    pub groups: Vec<Group>,
    /// Each alias (single spaces; lowercased unless it is cased) with its
    /// groups, in the finder's order.
    aliases: Vec<Alias>,
    /// Product id → the most specific group that bills it.
    product_group: FxHashMap<String, usize>,
    /// Product id → every group that bills it.
    product_groups: FxHashMap<String, Vec<usize>>,
    finder: Finder,
}

/// The index built from the default alias file.
pub static DEFAULT: LazyLock<Arc<ServiceIndex>> = LazyLock::new(|| {
    let data = crate::rules::data::DataFiles::builtin().load(DEFAULT_FILE).expect("built-in alias file loads");
    Arc::new(ServiceIndex::from_json(&data).expect("built-in alias file is valid"))
});

pub const DEFAULT_FILE: &str = "data/service-aliases.json";

/// An alias as the finder reads it: its words (lowercased unless `cased`,
/// which then match only in that letter case) and the groups it names.
#[derive(Debug)]
struct Alias {
    words: String,
    cased: bool,
    groups: Vec<usize>,
}

/// A service found in text.
pub struct Mention<'t> {
    pub group: usize,
    pub text: &'t str,
    pub range: Range<usize>,
}

impl ServiceIndex {
    pub fn from_json(v: &Value) -> Result<ServiceIndex, String> {
        let table = v.as_object().ok_or("the alias file must be a JSON object of service groups")?;
        let mut groups = Vec::new();
        let mut alias_groups: FxHashMap<(String, bool), Vec<usize>> = FxHashMap::default();
        // Keys starting with `_` (comments) and non-tables are not groups.
        for (key, g) in table.iter().filter(|(k, g)| !k.starts_with('_') && g.is_object()) {
            let strings = |f: &str| -> Vec<String> {
                g.get(f)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                    .unwrap_or_default()
            };
            let i = groups.len();
            for alias in strings("aliases") {
                alias_groups.entry((normalize(&alias), false)).or_default().push(i);
            }
            // A word that is a service only as written: "Transcribe", not
            // the verb "transcribe".
            for alias in strings("cased-aliases") {
                alias_groups.entry((single_spaced(&alias), true)).or_default().push(i);
            }
            let text = |f: &str| g.get(f).and_then(Value::as_str).map(str::to_string);
            groups.push(Group {
                key: key.clone(),
                name: text("name").unwrap_or_else(|| key.clone()),
                products: strings("products"),
                spend: text("spend").unwrap_or_else(|| key.clone()),
                loose_aliases: strings("loose-aliases").iter().map(|a| normalize(a)).collect(),
            });
        }
        if alias_groups.is_empty() {
            return Err("the alias file defines no aliases".into());
        }
        let mut product_group: FxHashMap<String, usize> = FxHashMap::default();
        let mut product_groups: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, g) in groups.iter().enumerate() {
            for p in &g.products {
                product_groups.entry(p.clone()).or_default().push(i);
                let better = product_group.get(p).is_none_or(|&j| groups[j].products.len() > g.products.len());
                if better {
                    product_group.insert(p.clone(), i);
                }
            }
        }
        // Longest aliases first, so "Aurora PostgreSQL" wins over "Aurora".
        let mut aliases: Vec<Alias> =
            alias_groups.into_iter().map(|((words, cased), groups)| Alias { words, cased, groups }).collect();
        aliases
            .sort_by(|a, b| b.words.len().cmp(&a.words.len()).then(a.words.cmp(&b.words)).then(b.cased.cmp(&a.cased)));
        let names: Vec<String> = aliases.iter().map(|a| a.words.clone()).collect();
        let cased: Vec<bool> = aliases.iter().map(|a| a.cased).collect();
        let finder = Finder::with_case(&names, &cased)?;
        Ok(ServiceIndex { groups, aliases, product_group, product_groups, finder })
    }

    /// Every service named in `text`, in order.
    pub fn mentions<'t>(&self, text: &'t str) -> Vec<Mention<'t>> {
        self.scan(text, |_| {})
            .into_iter()
            .map(|(group, range)| Mention { group, text: &text[range.clone()], range })
            .collect()
    }

    /// The services named in `text` as (group, byte range), in order, read
    /// in one pass that also hands each name and each other word to `token`.
    pub fn scan(&self, text: &str, mut token: impl FnMut(&Token)) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        self.finder.scan(text, |t| {
            if let Token::Alias(alias, range) = &t {
                out.extend(self.aliases[*alias].groups.iter().map(|&group| (group, range.clone())));
            }
            token(&t);
        });
        out
    }

    /// The index of the group with this key.
    pub fn group_index(&self, key: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.key == key)
    }

    /// The groups that bill through a product id, in file order.
    pub fn groups_of_product(&self, product: &str) -> &[usize] {
        self.product_groups.get(product).map_or(&[], Vec::as_slice)
    }

    /// Every kind of spend the groups count as (`relational-database`, `vpc`…).
    pub fn spend_kinds(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|g| g.spend.as_str())
    }

    /// The kind of spend a product counts as; an unknown product is its own kind.
    pub fn spend_kind<'a>(&'a self, product: &'a str) -> &'a str {
        self.product_group.get(product).map_or(product, |&g| self.groups[g].spend.as_str())
    }

    /// Every alias, normalised, in the finder's order.
    pub fn alias_names(&self) -> impl Iterator<Item = &str> {
        self.aliases.iter().map(|a| a.words.as_str())
    }

    /// Where services are named in `text` (the byte ranges only).
    pub fn mentions_ranges<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.finder.find_all(text).into_iter().map(|(_, r)| r)
    }
}

fn normalize(s: &str) -> String {
    single_spaced(s).to_lowercase()
}

/// `s` with each run of whitespace one space, ends trimmed.
pub(crate) fn single_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::DEFAULT;

    #[test]
    fn finds_aliases_and_kinds_of_spend() {
        let idx = &*DEFAULT;
        let found: Vec<&str> =
            idx.mentions("runs on ECS on Fargate with Aurora PostgreSQL and S3").iter().map(|m| m.text).collect();
        assert!(found.contains(&"Aurora PostgreSQL"), "{found:?}");
        assert_eq!(idx.spend_kind("AmazonRDSforPostgreSQL"), idx.spend_kind("AmazonRDSAuroraforPostgreSQL"));
        assert_ne!(idx.spend_kind("AmazonDynamoDB"), idx.spend_kind("AmazonRDSAuroraforPostgreSQL"));
        assert_eq!(idx.spend_kind("Datadog"), "Datadog");
        let found: Vec<_> = idx.mentions_ranges("Kinesis feeds Athena.").collect();
        assert_eq!(found, vec![0..7, 14..20]);
    }

    /// A product id no ACE product has would never match an itemized line,
    /// and a group without an alias is never named.
    #[test]
    fn built_in_groups_name_ace_products_and_have_aliases() {
        let data = crate::rules::data::DataFiles::builtin();
        let known = data.strings("data/aws_products.json", Some("Identifier")).unwrap();
        let aliases = data.load(super::DEFAULT_FILE).unwrap();
        for (key, group) in aliases.as_object().unwrap().iter().filter(|(k, _)| !k.starts_with('_')) {
            assert!(group["aliases"].as_array().is_some_and(|a| !a.is_empty()), "{key} has no alias");
            for product in group["products"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()) {
                assert!(known.iter().any(|k| k == product), "{key}: `{product}` is not an ACE product id");
            }
        }
    }

    /// Words two groups share are one mention of each, at the same words;
    /// a common English word stays unnamed ("connect", "pinpoint").
    #[test]
    fn shared_words_name_both_groups_and_plain_words_none() {
        let idx = &*DEFAULT;
        let named = |text: &str| -> Vec<(String, String)> {
            idx.mentions(text).iter().map(|m| (idx.groups[m.group].key.clone(), m.text.to_string())).collect()
        };
        let found = named("runs on ECS on Fargate");
        let both = ["ecs", "fargate"].map(|k| (k.to_string(), "ECS on Fargate".to_string()));
        assert_eq!(found, both);
        let found =
            named("AWS IoT Core, Timestream for InfluxDB, Amazon Managed Grafana and AWS IoT Device Management");
        let keys: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["iotcore", "timestream", "grafana", "iotdevicemanagement"]);
        assert!(named("we connect devices, pinpoint faults and forecast demand").is_empty());
        // Cased: the service as written, not the verb.
        let keys: Vec<String> = named("Transcribe and Comprehend; we transcribe").into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["transcribe", "comprehend"]);
    }
}
