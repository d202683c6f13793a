//! What the cross-record stage keeps of each draft record: who the customer
//! is, what is asked, when, for which workload, which kinds of spend, and a
//! shingle set of the use-case text. Built in the parallel per-file stage,
//! so the corpus stage never touches JSON again.

use super::text::{Shingle, Words};
use crate::date::Date;
use crate::diagnostic::RecordId;
use crate::record::{Record, RecordKind};
use crate::rules::expr::number;
use crate::services::ServiceIndex;
use serde_json::Value;
use std::sync::{Arc, LazyLock};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone)]
pub struct Profile {
    pub id: RecordId,
    pub file: Arc<str>,
    /// Findings on this record are reported (its file was named); records
    /// loaded only through `--corpus` are compared but not reported.
    pub report: bool,
    pub partner_id: Option<String>,
    /// A hash of `Opportunity.ClientToken` (trimmed), which AWS takes as
    /// one request body's: a hundred thousand profiles hold no token text.
    pub client_token: Option<u64>,
    pub account_id: Option<String>,
    pub company: Option<String>,
    pub company_key: Option<String>,
    pub domain: Option<String>,
    pub program: Option<String>,
    pub stage: Option<String>,
    /// `Company.Investors`, each entry folded (`names::fold`), blanks left
    /// out: whether one names an investor is the settings' to say.
    pub investors: Vec<String>,
    pub requested: Option<f64>,
    pub filing: Option<Date>,
    pub workload: Option<String>,
    /// The team that owns the workload (`Workload.Owner`).
    pub owner: Option<String>,
    /// Distinct kinds of spend (products ∪ AwsProducts, Marketplace lines excluded), sorted.
    pub spend_kinds: Vec<String>,
    /// Word-shingle hashes of title + use case + workload objective, with
    /// service names masked; empty when no rule compares use cases.
    pub shingles: Vec<Shingle>,
    pub baseline: Vec<(String, usize)>,
}

/// Texts compared between records, in the order they are joined.
pub const TEXT_FIELDS: &[&str] =
    &["/Opportunity/Project/Title", "/Opportunity/Project/CustomerBusinessProblem", "/Funding/Workload/Objective"];

impl Profile {
    /// The profile of a draft record; `shingle` is the shingle length when
    /// use cases are compared (reading the texts is most of a profile's cost).
    pub fn of<'v>(
        record: &'v Record,
        file: Arc<str>,
        report: bool,
        services: &ServiceIndex,
        shingle: Option<usize>,
    ) -> Option<Profile> {
        if record.kind != RecordKind::Draft {
            return None;
        }
        // Each field is looked up from its section, found once: key
        // lookups were a tenth of a profile's cost.
        let v = &record.value;
        let opportunity = v.get("Opportunity");
        let account = at(opportunity, "/Customer/Account");
        let funding = v.get("Funding");
        let text = |section: Option<&'v Value>, p: &str| at(section, p).and_then(Value::as_str);
        let s = |section: Option<&'v Value>, p: &str| text(section, p).map(str::to_string);
        let spend = at(funding, "/ProjectedSpend").and_then(Value::as_array);
        let mut kinds: Vec<&str> = spend
            .into_iter()
            .flatten()
            .filter(|line| line.get("BilledThrough").and_then(Value::as_str) != Some("AWS Marketplace"))
            .filter_map(|line| line.get("Product").and_then(Value::as_str))
            .chain(
                at(opportunity, "/RelatedEntityIdentifiers/AwsProducts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str),
            )
            .map(|p| services.spend_kind(p))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        let baseline = at(funding, "/BaselineCredits")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, b)| b.get("Source").and_then(Value::as_str).map(|s| (s.to_string(), i)))
            .collect();
        let company = s(account, "/CompanyName");
        Some(Profile {
            id: record.id,
            file,
            report,
            partner_id: record.partner_id().map(str::to_string),
            client_token: text(opportunity, "/ClientToken").map(str::trim).filter(|t| !t.is_empty()).map(token_hash),
            account_id: text(account, "/AwsAccountId").map(|a| a.trim().to_string()),
            company_key: company.as_deref().map(company_key).filter(|k| !k.is_empty()),
            company,
            domain: text(account, "/WebsiteUrl").and_then(domain),
            program: s(funding, "/Program"),
            stage: s(funding, "/Company/Stage"),
            investors: investors(at(funding, "/Company/Investors")),
            requested: at(funding, "/RequestedAmountUsd").and_then(number),
            filing: text(funding, "/FilingDate").and_then(Date::parse),
            workload: s(funding, "/Workload/Name"),
            owner: s(funding, "/Workload/Owner"),
            spend_kinds: kinds.into_iter().map(str::to_string).collect(),
            shingles: shingle.map(|k| shingles(record, services, k)).unwrap_or_default(),
            baseline,
        })
    }

    /// How the record is named in messages: file, index, partner id.
    pub fn label(&self) -> String {
        self.label_with(&[])
    }

    /// The label with more about the record in the same parentheses:
    /// `a.json record 0 (CLP-2026-0412, Activate Portfolio)`, never two
    /// parenthesised groups in a row.
    pub fn label_with(&self, more: &[&str]) -> String {
        let about: Vec<&str> = self.partner_id.as_deref().into_iter().chain(more.iter().copied()).collect();
        label_about(&self.file, self.id.index, &about)
    }
}

/// `records/a.json record 0 (CLP-2026-0412)`: a record named in messages.
/// Never `a.json:0`, which reads as a line number.
pub fn label(file: &str, index: usize, partner_id: Option<&str>) -> String {
    label_about(file, index, partner_id.as_slice())
}

fn label_about(file: &str, index: usize, about: &[&str]) -> String {
    match about {
        [] => format!("{file} record {index}"),
        _ => format!("{file} record {index} ({})", about.join(", ")),
    }
}

/// The shingles of the record's `TEXT_FIELDS` read as one. An ASCII text is
/// read once for both its words and its service names (which checks then
/// reuse).
fn shingles(record: &Record, services: &ServiceIndex, k: usize) -> Vec<Shingle> {
    let mut words = Words::default();
    for t in TEXT_FIELDS.iter().filter_map(|p| at(Some(&record.value), p).and_then(Value::as_str)) {
        if !(t.is_ascii() && record.memo.scan(services, t, |token| words.token(t, token))) {
            words.text(t, record.memo.mentions(services, t).iter().map(|(_, r)| r.clone()));
        }
    }
    words.shingles(k)
}

/// The value at a pointer made of plain keys (no `~` escapes, no array
/// indices) below `v`, without the allocations of `Value::pointer`.
fn at<'v>(v: Option<&'v Value>, pointer: &str) -> Option<&'v Value> {
    pointer.split('/').skip(1).try_fold(v?, |v, key| v.get(key))
}

/// Legal-form suffixes that do not distinguish companies (data:
/// `rules/data/company-suffixes.json`).
static SUFFIXES: LazyLock<Vec<String>> = LazyLock::new(|| builtin_list("data/company-suffixes.json", "suffixes"));

/// The entries of `Company.Investors` (a list, or one name), folded; an
/// entry with no letter or digit names no one.
fn investors(list: Option<&Value>) -> Vec<String> {
    let entries = match list {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(one)) => vec![one.as_str()],
        _ => Vec::new(),
    };
    entries.into_iter().map(crate::names::fold).filter(|k| !k.is_empty()).collect()
}

/// A list of strings from one of acelint's own data files.
fn builtin_list(file: &str, field: &str) -> Vec<String> {
    crate::rules::data::DataFiles::builtin().strings(file, Some(field)).unwrap_or_default()
}

/// A client token as profiles keep it: 64 bits of SipHash tell a million
/// tokens apart (any two collide with odds of about 1 in 10^19).
fn token_hash(token: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut h);
    h.finish()
}

/// `Northwind Analytics, Inc.` and `northwind analytics` are one company.
pub fn company_key(name: &str) -> String {
    let words = name_words(name);
    let mut end = words.len();
    while end > 1 && SUFFIXES.iter().any(|s| *s == words[end - 1]) {
        end -= 1;
    }
    words[..end].join(" ")
}

/// A name's words, lowercased, without punctuation or accents: `Société
/// Générale` in either Unicode form is `societe generale`. A dotted
/// abbreviation is one word (`B.V.` is `bv`, as the suffix list has it).
fn name_words(name: &str) -> Vec<String> {
    let plain: String = name.nfkd().filter(|&c| !is_combining_mark(c)).collect::<String>().to_lowercase();
    let mut words = Vec::new();
    for token in plain.split_whitespace() {
        match dotted_abbreviation(token) {
            Some(word) => words.push(word),
            None => {
                words.extend(token.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string))
            }
        }
    }
    words
}

/// `s.p.a.`, `(b.v.)`, `j.p`: two or more single letters, each followed
/// by a dot (the last one's may be missing), joined into one word.
fn dotted_abbreviation(token: &str) -> Option<String> {
    let core = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '.').trim_matches('.');
    let letters: Vec<&str> = core.split('.').collect();
    let single = |l: &&str| l.chars().count() == 1 && l.chars().all(char::is_alphabetic);
    (letters.len() >= 2 && letters.iter().all(single)).then(|| letters.concat())
}

/// Sites where each company's page is told apart by its path (data:
/// `rules/data/shared-hosts.json`).
static SHARED_HOSTS: LazyLock<Vec<String>> = LazyLock::new(|| builtin_list("data/shared-hosts.json", "hosts"));

/// What identifies the company on the web: `https://www.Northwind.io/about`
/// → `northwind.io`; on a shared site, the page's path too
/// (`linkedin.com/company/northwind`), and nothing for the bare site.
pub fn domain(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let (address, _) = rest.split_once(['?', '#']).unwrap_or((rest, ""));
    let (host, path) = address.split_once('/').unwrap_or((address, ""));
    let host = host.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if !host.contains('.') {
        return None;
    }
    if !SHARED_HOSTS.contains(&host) {
        return Some(host);
    }
    let path = path.trim_end_matches('/').to_lowercase();
    (!path.is_empty()).then(|| format!("{host}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_names_and_domains() {
        assert_eq!(company_key("Northwind Analytics, Inc."), "northwind analytics");
        assert_eq!(company_key("NORTHWIND ANALYTICS LLC"), "northwind analytics");
        assert_eq!(company_key("Co"), "co");
        // Accents, either Unicode form, and dotted legal forms.
        assert_eq!(company_key("Société Générale de Logiciels SAS"), "societe generale de logiciels");
        assert_eq!(
            company_key("Socie\u{301}te\u{301} Ge\u{301}ne\u{301}rale de Logiciels"),
            "societe generale de logiciels"
        );
        assert_eq!(company_key("Nordlicht Software B.V."), "nordlicht software");
        assert_eq!(company_key("Nordlicht Software (B.V.)"), "nordlicht software");
        assert_eq!(company_key("Lumenfield S.p.A."), "lumenfield");
        assert_eq!(company_key("J.P. Hollis Robotics"), "jp hollis robotics");
        // A dot inside a word still splits it, as any punctuation does.
        assert_eq!(company_key("Acme.ai Inc."), "acme ai");
        assert_eq!(domain("https://www.Northwind.io/about?x=1").as_deref(), Some("northwind.io"));
        assert_eq!(domain("northwind.io:8443").as_deref(), Some("northwind.io"));
        assert_eq!(domain("n/a"), None);
        assert_eq!(
            domain("https://www.LinkedIn.com/company/Northwind/?trk=x").as_deref(),
            Some("linkedin.com/company/northwind")
        );
        assert_eq!(domain("https://linkedin.com/"), None);
    }

    #[test]
    fn texts_are_shingled_only_when_asked() {
        let value = serde_json::json!({
            "Opportunity": { "Project": { "Title": "Claims triage",
                "CustomerBusinessProblem": "Adjusters read every claim by hand before routing it to a team." } },
            "Funding": { "Program": "Bedrock POC" }
        });
        let record = Record::new(RecordId { file: 0, index: 0 }, 0..0, value, false);
        let of = |k| Profile::of(&record, "a.json".into(), true, &crate::services::DEFAULT, k).unwrap();
        let (with, without) = (of(Some(3)), of(None));
        assert!(with.shingles.len() > 5, "{:?}", with.shingles);
        assert!(without.shingles.is_empty());
        assert_eq!(without.program.as_deref(), Some("Bedrock POC"), "the rest of the profile is still read");
    }
}
