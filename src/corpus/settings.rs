//! Parameters of the cross-record rules, read from their rule-file entries
//! (`check = { kind = "corpus", … }` in `rules/cross-record.toml`). Decoded
//! when a rule file is loaded, so a bad threshold is reported at its line.

use super::text::Lsh;
use crate::rules::decode::{Params, Result};
use crate::rules::RuleSet;

#[derive(Debug, Clone)]
pub struct Overlap {
    pub min_jaccard: f64,
    pub min_shared: usize,
    /// Also a double count: this share of the zeroed record's list is in
    /// the other's (a record whose every service the anchor already has).
    pub min_overlap: Option<f64>,
    /// Kinds of spend every workload has (monitoring, networking, object
    /// storage, security plumbing): they neither make nor break a pair.
    pub supporting: Vec<String>,
    /// A record made (nearly) only of supporting kinds is a workload too
    /// (SOC 2 control work is security plumbing): it double-counts a record
    /// that already itemizes them. `None` leaves such records alone.
    pub supporting_workload: Option<SupportingWorkload>,
    /// A customer of more records than this has its records compared
    /// through an index of kinds of spend, each zeroed record reported once.
    pub exact_limit: usize,
}

/// When a record of supporting kinds repeats another's (`min-supporting-*`).
#[derive(Debug, Clone)]
pub struct SupportingWorkload {
    /// The share of the zeroed record's kinds that are supporting, at least.
    pub min_share: f64,
    /// The share of the zeroed record's kinds the kept record has, at least.
    pub min_overlap: f64,
    /// Kinds shared, at least: two lists of one or two lines say too little.
    pub min_shared: usize,
}

#[derive(Debug, Clone)]
pub struct Similar {
    pub min_similarity: f64,
    pub exact_limit: usize,
    pub lsh: Lsh,
}

#[derive(Debug, Clone)]
pub struct Band {
    /// What one workload of each program supports.
    pub caps: Vec<(String, f64)>,
    pub tolerance: f64,
    /// What a customer reaches in all, by funding stage, when none of its
    /// records names an institutional investor.
    pub stage_caps: Vec<(String, f64)>,
    /// `Investors` entries that name no investor (`N/A`, `Bootstrapped`),
    /// folded (`names::fold`).
    pub not_investors: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub overlap: Option<Overlap>,
    pub similar: Option<Similar>,
    pub band: Option<Band>,
    pub window_days: Option<i64>,
    /// Programs that anchor a stack (filed first, kept on a collision).
    pub anchors: Vec<String>,
    /// Programs that add to an anchor.
    pub additive: Vec<String>,
    /// Programs never filed through ACE: their records take no part in
    /// the cross-record rules.
    pub unfiled: Vec<String>,
    /// Word-shingle length for use-case similarity.
    pub shingle: usize,
    /// Workload names that name no workload (`same-workload`), as
    /// `names::fold` reads them.
    pub placeholder_workloads: Vec<String>,
    /// How `baseline-refiled` reads a credit program's name.
    pub credit_names: CreditNames,
}

/// What a baseline source or a program name may hold besides the name of
/// the credits (`baseline-refiled`), lowercased: words after which the
/// rest only remarks on where the credits came from (`via`), and words
/// that end a name without naming another program (`credits`).
#[derive(Debug, Clone, Default)]
pub struct CreditNames {
    pub remarks: Vec<String>,
    pub suffixes: Vec<String>,
}

/// How many records of one customer are compared pair by pair when a rule
/// file leaves `exact-limit` out (the built-in rules set it).
pub const EXACT_LIMIT: usize = 64;

/// The corpus rules and the parameters each takes.
pub const RULES: &[(&str, &[&str])] = &[
    (
        "overlapping-services",
        &[
            "min-jaccard",
            "min-shared",
            "min-overlap",
            "supporting",
            "min-supporting-share",
            "min-supporting-overlap",
            "min-supporting-shared",
            "exact-limit",
        ],
    ),
    ("similar-use-case", &["min-similarity", "shingle", "exact-limit", "bands", "rows", "max-bucket"]),
    ("duplicate-program", &[]),
    ("same-workload", &["placeholders", "placeholders-from", "placeholders-field"]),
    ("account-id-mismatch", &[]),
    ("reused-client-token", &[]),
    (
        "baseline-refiled",
        &[
            "source-remarks",
            "source-remarks-from",
            "source-remarks-field",
            "name-suffixes",
            "name-suffixes-from",
            "name-suffixes-field",
        ],
    ),
    (
        "additive-before-anchor",
        &[
            "anchor-programs",
            "additive-programs",
            "unfiled-programs",
            "unfiled-programs-from",
            "unfiled-programs-field",
        ],
    ),
    ("stack-not-same-window", &["window-days"]),
    (
        "stack-exceeds-band",
        &[
            "workload-caps",
            "tolerance",
            "caps-without-investor",
            "not-investors",
            "not-investors-from",
            "not-investors-field",
        ],
    ),
];

/// Checks a corpus rule's parameters at load time.
pub fn validate(name: &str, p: &Params<'_>) -> Result<()> {
    let Some((_, keys)) = RULES.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = RULES.iter().map(|(n, _)| *n).collect();
        return Err(
            p.error("kind", format!("`{name}` is not a cross-record rule acelint implements ({})", names.join(", ")))
        );
    };
    for key in p.map.keys().filter(|k| *k != "kind") {
        if !keys.contains(&key.as_str()) {
            return Err(p.error(key, format!("`{name}` has no parameter `{key}` (it takes: {})", keys.join(", "))));
        }
    }
    let mut s = Settings::empty();
    apply(&mut s, name, p)
}

impl Settings {
    fn empty() -> Settings {
        Settings {
            overlap: None,
            similar: None,
            band: None,
            window_days: None,
            anchors: Vec::new(),
            additive: Vec::new(),
            unfiled: Vec::new(),
            shingle: 3,
            placeholder_workloads: Vec::new(),
            credit_names: CreditNames::default(),
        }
    }

    /// Whether a record of `program` is compared with the customer's
    /// others: the reviewer never sees a program that is not filed
    /// through ACE.
    pub fn compares(&self, program: Option<&str>) -> bool {
        !program.is_some_and(|p| self.unfiled.iter().any(|u| u == p))
    }

    /// The settings of the enabled corpus rules.
    pub fn from_rules(rules: &RuleSet) -> Settings {
        let mut s = Settings::empty();
        let data = crate::rules::data::DataFiles::builtin();
        // The program roles are shared by several rules; read them first.
        for rule in rules.iter().filter(|r| r.kind == "corpus") {
            if let Ok(p) = Params::new("", &rule.params, &data) {
                if rule.name.as_ref() == "additive-before-anchor" || rule.enabled {
                    let _ = apply(&mut s, &rule.name, &p).map(|_| ());
                }
            }
        }
        for rule in rules.iter().filter(|r| r.kind == "corpus" && !r.enabled) {
            match rule.name.as_ref() {
                "overlapping-services" => s.overlap = None,
                "similar-use-case" => s.similar = None,
                "stack-exceeds-band" => s.band = None,
                "stack-not-same-window" => s.window_days = None,
                _ => {}
            }
        }
        s
    }
}

/// A table of name → dollar amount (`workload-caps`), if the rule sets it.
fn dollars(p: &Params<'_>, key: &str) -> Result<Option<Vec<(String, f64)>>> {
    let Some(v) = p.get(key) else { return Ok(None) };
    let table = v.as_object().ok_or_else(|| p.error(key, format!("`{key}` is a table of names and dollar amounts")))?;
    let amount = |(k, v): (&String, &serde_json::Value)| match v.as_f64() {
        Some(x) if x >= 0.0 => Ok((k.clone(), x)),
        _ => Err(p.error(key, format!("`{k}` needs a dollar amount"))),
    };
    table.iter().map(amount).collect::<Result<Vec<_>>>().map(Some)
}

fn fraction(p: &Params<'_>, key: &str) -> Result<f64> {
    let x = p.num(key)?.ok_or_else(|| p.missing(key))?;
    if !(0.0..=1.0).contains(&x) {
        return Err(p.error(key, format!("`{key}` is a fraction between 0 and 1")));
    }
    Ok(x)
}

fn count(p: &Params<'_>, key: &str, default: usize) -> Result<usize> {
    match p.num(key)? {
        None => Ok(default),
        Some(x) if x >= 1.0 && x.fract() == 0.0 => Ok(x as usize),
        Some(_) => Err(p.error(key, format!("`{key}` is a whole number of at least 1"))),
    }
}

/// A list of names (given inline, or `KEY-from` a data file), folded as
/// `names::fold` reads them; each must hold a letter or digit.
fn folded_names(p: &Params<'_>, key: &str) -> Result<Vec<String>> {
    let listed = p.get(key).and_then(serde_json::Value::as_array);
    if let Some(other) = listed.and_then(|l| l.iter().find(|v| !v.is_string())) {
        return Err(p.error(key, format!("`{other}` is not a name with a letter or digit in it")));
    }
    let names = p.strings(key)?.unwrap_or_default();
    names
        .iter()
        .map(|name| match crate::names::fold(name) {
            folded if folded.is_empty() => {
                Err(p.error(key, format!("`{name}` is not a name with a letter or digit in it")))
            }
            folded => Ok(folded),
        })
        .collect()
}

/// A list of single words (`baseline-refiled`), lowercased: the rule
/// compares a name word by word.
fn single_words(p: &Params<'_>, key: &str) -> Result<Vec<String>> {
    let words = p.strings(key)?.unwrap_or_default();
    match words.iter().find(|w| w.split_whitespace().count() != 1) {
        Some(w) => Err(p.error(key, format!("`{w}` is not one word: `{key}` lists single words"))),
        None => Ok(words.iter().map(|w| w.trim().to_lowercase()).collect()),
    }
}

/// `min-supporting-share` turns the comparison of supporting records on;
/// without it the other two keys are read but change nothing.
fn supporting_workload(p: &Params<'_>) -> Result<Option<SupportingWorkload>> {
    let min_overlap = p.get("min-supporting-overlap").map(|_| fraction(p, "min-supporting-overlap")).transpose()?;
    let min_shared = count(p, "min-supporting-shared", 1)?;
    let Some(min_share) = p.get("min-supporting-share").map(|_| fraction(p, "min-supporting-share")).transpose()?
    else {
        return Ok(None);
    };
    Ok(Some(SupportingWorkload { min_share, min_overlap: min_overlap.unwrap_or(1.0), min_shared }))
}

fn apply(s: &mut Settings, name: &str, p: &Params<'_>) -> Result<()> {
    match name {
        "overlapping-services" => {
            let min_overlap = p.get("min-overlap").map(|_| fraction(p, "min-overlap")).transpose()?;
            let supporting = p.strings("supporting")?.unwrap_or_default();
            let services = &*crate::services::DEFAULT;
            if let Some(unknown) = supporting.iter().find(|k| !services.spend_kinds().any(|s| s == k.as_str())) {
                let hint = crate::suggest::hint(unknown, services.spend_kinds());
                return Err(p.error("supporting", format!("`{unknown}` is not a kind of spend{hint}")));
            }
            s.overlap = Some(Overlap {
                min_jaccard: fraction(p, "min-jaccard")?,
                min_shared: count(p, "min-shared", 1)?,
                min_overlap,
                supporting,
                supporting_workload: supporting_workload(p)?,
                exact_limit: count(p, "exact-limit", EXACT_LIMIT)?,
            })
        }
        "similar-use-case" => {
            let lsh = Lsh {
                bands: count(p, "bands", 32)?,
                rows: count(p, "rows", 4)?,
                max_bucket: count(p, "max-bucket", 200)?,
            };
            s.shingle = count(p, "shingle", 3)?;
            s.similar = Some(Similar {
                min_similarity: fraction(p, "min-similarity")?,
                exact_limit: count(p, "exact-limit", EXACT_LIMIT)?,
                lsh,
            });
        }
        "additive-before-anchor" => {
            s.anchors = p.strings("anchor-programs")?.ok_or_else(|| p.missing("anchor-programs"))?;
            s.additive = p.strings("additive-programs")?.ok_or_else(|| p.missing("additive-programs"))?;
            s.unfiled = p.strings("unfiled-programs")?.unwrap_or_default();
        }
        "stack-not-same-window" => s.window_days = Some(count(p, "window-days", 6)? as i64),
        "same-workload" => {
            s.placeholder_workloads = folded_names(p, "placeholders")?;
        }
        "baseline-refiled" => {
            s.credit_names = CreditNames {
                remarks: single_words(p, "source-remarks")?,
                suffixes: single_words(p, "name-suffixes")?,
            };
        }
        "stack-exceeds-band" => {
            let caps = dollars(p, "workload-caps")?.ok_or_else(|| p.missing("workload-caps"))?;
            let stage_caps = dollars(p, "caps-without-investor")?.unwrap_or_default();
            let tolerance = p.num("tolerance")?.unwrap_or(0.0);
            if !(0.0..1.0).contains(&tolerance) {
                return Err(p.error("tolerance", "`tolerance` is a fraction from 0 up to 1 (0.1 lets the total pass what the workloads support by 10%)"));
            }
            let not_investors = folded_names(p, "not-investors")?;
            s.band = Some(Band { caps, tolerance, stage_caps, not_investors });
        }
        _ => {}
    }
    Ok(())
}
