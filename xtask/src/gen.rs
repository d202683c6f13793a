//! `xtask gen`: a deterministic corpus of realistic draft records.
//!
//! Customers hold 1–4 records (a Portfolio anchor and additive records, or a
//! MAP migration), sharing account id, name and website. About 10% of
//! records carry one planted mistake, about 3% of multi-record customers
//! reuse a use-case paragraph with the service names swapped, about 2% name
//! the anchor's workload again on a second program, and files mix
//! one record each, JSON arrays of 2–20 records and JSON Lines.

use crate::json::{s, strs, J};
use crate::kinds::{self, kind, Ctx, KindId, SOURCES};
use crate::rng::Rng;
use crate::vocab::{self, Svc, VERTICALS};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Bumped whenever the output for a given seed changes, so stale corpora are
/// regenerated rather than reused.
pub const GEN_VERSION: u32 = 5;
pub const MANIFEST: &str = ".acelint-bench-manifest";

/// 2026-11-24, the benchmark's `--today`.
const TODAY: i64 = 20_781;

pub struct Summary {
    pub records: usize,
    pub files: usize,
    pub bytes: u64,
    pub planted: BTreeMap<&'static str, usize>,
    pub near_duplicates: usize,
}

#[derive(Clone)]
struct Customer {
    name: String,
    slug: String,
    domain: String,
    account: String,
    vertical: usize,
    country: usize,
    stage: &'static str,
    engineers: i64,
    investors: Vec<&'static str>,
    partner: usize,
    kinds: Vec<KindId>,
    near_dup: bool,
    /// The second record names the anchor's workload (double-counting).
    same_workload: bool,
    founders_credit: bool,
    first_record: usize,
    anchor_day: i64,
    region: &'static str,
}

#[derive(Clone, Copy, PartialEq)]
enum Layout {
    Single,
    Array,
    Lines,
}

struct Chunk {
    customers: std::ops::Range<usize>,
    layout: Layout,
    index: usize,
}

/// Customer countries: ISO code, regions with their postal formats, weight.
/// (state or region, postal code pattern: `#` a digit, `A` a letter)
type Regions = &'static [(&'static str, &'static str)];

const COUNTRIES: &[(&str, Regions, f64)] = &[
    (
        "US",
        &[
            ("New York", "100##"),
            ("California", "941##"),
            ("Texas", "787##"),
            ("Washington", "981##"),
            ("Massachusetts", "021##"),
            ("Illinois", "606##"),
            ("Colorado", "802##"),
            ("Georgia", "303##"),
            ("Minnesota", "554##"),
            ("Oregon", "972##"),
        ],
        55.0,
    ),
    ("GB", &[("England", "EC1A #BB"), ("Scotland", "EH# #AX"), ("England", "M# #AE")], 8.0),
    ("DE", &[("Berlin", "10###"), ("Bavaria", "80###"), ("Hamburg", "20###")], 8.0),
    ("IN", &[("Karnataka", "560###"), ("Maharashtra", "400###")], 6.0),
    ("CA", &[("Ontario", "M5V #K#"), ("British Columbia", "V6B #A#")], 5.0),
    ("AU", &[("New South Wales", "2###"), ("Victoria", "3###")], 4.0),
    ("FR", &[("Île-de-France", "75###")], 4.0),
    ("NL", &[("North Holland", "10## AB")], 3.0),
    ("SG", &[("Singapore", "0#####")], 3.0),
    ("SE", &[("Stockholm", "11# ##")], 2.0),
    ("JP", &[("Tokyo", "100-####")], 2.0),
];

const SUFFIX: &[(&str, &str)] = &[
    ("US", "Inc."),
    ("GB", "Ltd"),
    ("DE", "GmbH"),
    ("IN", "Pvt. Ltd."),
    ("CA", "Inc."),
    ("AU", "Pty Ltd"),
    ("FR", "SAS"),
    ("NL", "B.V."),
    ("SG", "Pte. Ltd."),
    ("SE", "AB"),
    ("JP", "K.K."),
];

const STAGES: &[(&str, f64, (i64, i64))] = &[
    ("Pre-seed", 8.0, (2, 6)),
    ("Seed", 30.0, (4, 15)),
    ("Series A", 35.0, (10, 35)),
    ("Series B", 19.0, (25, 80)),
    ("Series C+", 8.0, (60, 250)),
];

pub fn generate(records: usize, seed: u64, out: &Path) -> std::io::Result<Summary> {
    let known: HashSet<String> = product_ids();
    for s in vocab::SERVICES {
        assert!(known.contains(s.product), "{} is not in rules/data/aws_products.json", s.product);
    }
    let customers = plan_customers(records, seed);
    let chunks = plan_chunks(&customers, seed);
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out)?;
    for d in 0..=chunks.len() / 400 {
        std::fs::create_dir_all(out.join(format!("batch-{d:03}")))?;
    }
    let planted = Mutex::new(BTreeMap::new());
    let results: Vec<std::io::Result<(usize, u64)>> = chunks
        .par_iter()
        .map(|chunk| {
            let mut local = BTreeMap::new();
            let r = write_chunk(chunk, &customers, seed, out, &mut local);
            let mut p = planted.lock().expect("planted counts");
            for (k, v) in local {
                *p.entry(k).or_insert(0) += v;
            }
            r
        })
        .collect();
    let (mut files, mut bytes) = (0, 0);
    for r in results {
        let (f, b) = r?;
        files += f;
        bytes += b;
    }
    let planted = planted.into_inner().expect("planted counts");
    let near_duplicates = customers.iter().filter(|c| c.near_dup).count();
    let summary = Summary { records, files, bytes, planted, near_duplicates };
    std::fs::write(out.join(MANIFEST), manifest(records, seed, &summary))?;
    Ok(summary)
}

pub fn manifest(records: usize, seed: u64, s: &Summary) -> String {
    let planted: Vec<String> = s.planted.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "version={GEN_VERSION}\nrecords={records}\nseed={seed}\nfiles={}\nbytes={}\nnear-duplicate-customers={}\nplanted={}\n",
        s.files,
        s.bytes,
        s.near_duplicates,
        planted.join(",")
    )
}

/// The summary of an existing corpus, when it was made by this generator
/// version with this size and seed.
pub fn existing(dir: &Path, records: usize, seed: u64) -> Option<Summary> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let get = |k: &str| text.lines().find_map(|l| l.strip_prefix(&format!("{k}=")).map(str::to_string));
    let num = |k: &str| get(k).and_then(|v| v.parse::<u64>().ok());
    if num("version")? != u64::from(GEN_VERSION) || num("records")? != records as u64 || num("seed")? != seed {
        return None;
    }
    Some(Summary {
        records,
        files: num("files")? as usize,
        bytes: num("bytes")?,
        planted: BTreeMap::new(),
        near_duplicates: num("near-duplicate-customers")? as usize,
    })
}

fn product_ids() -> HashSet<String> {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../../rules/data/aws_products.json")).expect("aws_products.json parses");
    v.as_array()
        .expect("a list of products")
        .iter()
        .filter_map(|p| p.get("Identifier").and_then(|i| i.as_str()).map(str::to_string))
        .collect()
}

fn company_name(rng: &mut Rng) -> (String, String) {
    let n = 2 + rng.below(2);
    let mut base = String::new();
    for _ in 0..n {
        base.push_str(*rng.pick(vocab::SYLLABLES));
    }
    let mut c = base.chars();
    let base: String = c.next().map(|f| f.to_ascii_uppercase()).into_iter().chain(c).collect();
    let word = *rng.pick(vocab::NAME_WORDS);
    let display = if word.is_empty() { base } else { format!("{base} {word}") };
    let slug = display.to_lowercase().replace(' ', "");
    (display, slug)
}

fn plan_customers(records: usize, seed: u64) -> Vec<Customer> {
    let mut out = Vec::new();
    let mut names = HashSet::new();
    let mut accounts = HashSet::new();
    let mut total = 0;
    let country_w: Vec<f64> = COUNTRIES.iter().map(|c| c.2).collect();
    let stage_w: Vec<f64> = STAGES.iter().map(|s| s.1).collect();
    while total < records {
        let ci = out.len();
        let mut rng = Rng::derive(seed, 1, ci as u64);
        let (name, slug) = loop {
            let (n, s) = company_name(&mut rng);
            if names.insert(s.clone()) {
                break (n, s);
            }
        };
        let account = loop {
            let a = format!("{:012}", rng.range(100_000_000_000, 999_999_999_999));
            if accounts.insert(a.clone()) {
                break a;
            }
        };
        let country = rng.weighted(&country_w);
        let suffix = SUFFIX.iter().find(|s| s.0 == COUNTRIES[country].0).map_or("Inc.", |s| s.1);
        let tld = match COUNTRIES[country].0 {
            "US" | "CA" => *rng.pick(&["com", "io", "ai", "co"]),
            "GB" => "co.uk",
            "DE" => "de",
            "IN" => "in",
            "AU" => "com.au",
            "FR" => "fr",
            "NL" => "nl",
            "SG" => "sg",
            "SE" => "se",
            _ => "jp",
        };
        let domain = format!("{slug}.{tld}");
        let stage_i = rng.weighted(&stage_w);
        let (stage, _, (lo, hi)) = STAGES[stage_i];
        let n = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4][rng.below(20)].min(records - total);
        let kinds = stack(&mut rng, n);
        // Without an institutional investor a pre-seed company reaches
        // about $30K in all: only a customer of one record goes without.
        let investors = if stage == "Pre-seed" && rng.chance(0.5) && n == 1 {
            Vec::new()
        } else {
            rng.sample_between(vocab::INVESTORS, 1, 2)
        };
        out.push(Customer {
            name: format!("{name} {suffix}"),
            slug,
            domain,
            account,
            vertical: rng.below(VERTICALS.len()),
            country,
            stage,
            engineers: rng.range(lo, hi),
            investors,
            partner: rng.below(vocab::PARTNERS.len()),
            near_dup: n >= 2 && rng.chance(0.03),
            same_workload: n >= 2 && rng.chance(0.02),
            founders_credit: rng.chance(0.3),
            first_record: total,
            anchor_day: TODAY + rng.range(1, 120),
            region: *rng.pick(vocab::REGIONS),
            kinds,
        });
        total += n;
    }
    out
}

/// The programs of a customer's records, anchor first.
fn stack(rng: &mut Rng, n: usize) -> Vec<KindId> {
    use KindId::*;
    let additive = |rng: &mut Rng| *rng.pick(&[Pipeline, Pipeline, Soc2, Media]);
    match n {
        1 => vec![*rng.pick(&[
            Platform, Platform, Platform, Platform, Platform, Platform, Platform, Platform, Platform, Platform,
            Platform, Pipeline, Soc2, BedrockPoc, BedrockPoc, BedrockPoc, GenAi, GenAi, Migration, Migration,
        ])],
        2 => match rng.below(6) {
            0 => vec![Migration, BedrockPoc],
            1 | 2 => vec![Platform, BedrockPoc],
            _ => vec![Platform, additive(rng)],
        },
        3 => vec![Platform, additive(rng), BedrockPoc],
        _ => vec![Platform, additive(rng), BedrockPoc, Migration],
    }
}

fn plan_chunks(customers: &[Customer], seed: u64) -> Vec<Chunk> {
    let mut rng = Rng::derive(seed, 3, 0);
    let mut chunks = Vec::new();
    let mut i = 0;
    while i < customers.len() {
        let r = rng.unit();
        let layout = if r < 0.93 {
            Layout::Single
        } else if r < 0.975 {
            Layout::Array
        } else {
            Layout::Lines
        };
        let start = i;
        if layout == Layout::Single {
            i += 1;
        } else {
            let target = rng.range(2, 20) as usize;
            let mut n = 0;
            while i < customers.len() && (n < 2 || n + customers[i].kinds.len() <= target) {
                n += customers[i].kinds.len();
                i += 1;
                if n >= target {
                    break;
                }
            }
        }
        chunks.push(Chunk { customers: start..i, layout, index: chunks.len() });
    }
    chunks
}

fn write_chunk(
    chunk: &Chunk,
    customers: &[Customer],
    seed: u64,
    out: &Path,
    planted: &mut BTreeMap<&'static str, usize>,
) -> std::io::Result<(usize, u64)> {
    let dir = out.join(format!("batch-{:03}", chunk.index / 400));
    let single = chunk.layout == Layout::Single;
    let mut records: Vec<(String, J, Option<&'static str>)> = Vec::new();
    for c in &customers[chunk.customers.clone()] {
        for (slug, rec, err) in customer_records(c, seed, single) {
            if let Some(e) = err {
                *planted.entry(e).or_insert(0) += 1;
            }
            records.push((slug, rec, err));
        }
    }
    let mut files = 0;
    let mut bytes = 0u64;
    let mut write = |path: PathBuf, text: String| -> std::io::Result<()> {
        bytes += text.len() as u64;
        files += 1;
        std::fs::write(path, text)
    };
    match chunk.layout {
        Layout::Single => {
            for (slug, rec, err) in records {
                let mut text = String::with_capacity(12_000);
                let indent = if chunk.index % 4 == 3 { 4 } else { 2 };
                if err == Some("syntax-error") {
                    rec.write_pretty(&mut text, indent, 0);
                    // A trailing comma before the last closing brace.
                    let at = text.rfind('}').unwrap_or(text.len());
                    let at = text[..at].rfind(|c: char| !c.is_whitespace()).map_or(at, |i| i + 1);
                    text.insert(at, ',');
                } else {
                    rec.write_pretty(&mut text, indent, 0);
                }
                text.push('\n');
                write(dir.join(format!("{slug}.json")), text)?;
            }
        }
        Layout::Array => {
            let mut text = String::with_capacity(records.len() * 10_000);
            let arr = J::A(records.into_iter().map(|r| r.1).collect());
            arr.write_pretty(&mut text, 2, 0);
            text.push('\n');
            write(dir.join(format!("stack-{:06}.json", chunk.index)), text)?;
        }
        Layout::Lines => {
            let mut text = String::with_capacity(records.len() * 6_000);
            for (_, rec, _) in records {
                rec.write_compact(&mut text);
                text.push('\n');
            }
            let ext = if chunk.index.is_multiple_of(2) { "jsonl" } else { "ndjson" };
            write(dir.join(format!("export-{:06}.{ext}", chunk.index)), text)?;
        }
    }
    Ok((files, bytes))
}

fn civil(days: i64) -> (i64, i64, i64) {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn date(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn quarter(days: i64) -> String {
    let (y, m, _) = civil(days);
    format!("Q{} {y}", (m - 1) / 3 + 1)
}

fn uuid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next(), rng.next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

fn postal(rng: &mut Rng, pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.below(10) as u8),
            'A' => char::from(b'A' + rng.below(26) as u8),
            c => c,
        })
        .collect()
}

fn round_to(x: f64, to: f64) -> i64 {
    ((x / to).round() * to) as i64
}

/// Monthly spend and credit ask for a program at a stage.
fn spend_and_ask(id: KindId, stage: &str, rng: &mut Rng) -> (i64, i64) {
    let monthly = |rng: &mut Rng, lo: f64, hi: f64| round_to(rng.uniform(lo, hi), 10.0);
    match id {
        KindId::Platform => {
            let (lo, hi) = match stage {
                "Pre-seed" => (800.0, 3500.0),
                "Seed" => (1200.0, 7000.0),
                // The Portfolio band at Series A is $4K–$15K/month.
                "Series A" => (4000.0, 14_000.0),
                "Series B" => (9000.0, 40_000.0),
                _ => (16_000.0, 100_000.0),
            };
            let m = monthly(rng, lo, hi);
            let ask = if stage == "Pre-seed" {
                25_000
            } else {
                round_to(m as f64 * rng.uniform(15.0, 24.0), 5000.0).clamp(25_000, 100_000)
            };
            // Portfolio funds at most 24 months of the projection.
            (m.max((ask + 23) / 24), ask)
        }
        KindId::Pipeline | KindId::Soc2 | KindId::Media => {
            let m = monthly(rng, 800.0, 2500.0);
            (m, round_to(m as f64 * rng.uniform(8.0, 14.0), 1000.0).clamp(5000, 25_000))
        }
        KindId::BedrockPoc => {
            let m = monthly(rng, 1000.0, 3800.0);
            (m, round_to(m as f64 * rng.uniform(6.0, 12.0), 1000.0).clamp(10_000, 25_000))
        }
        KindId::GenAi => {
            let m = monthly(rng, 10_000.0, 60_000.0);
            (m, round_to(m as f64 * rng.uniform(10.0, 25.0), 10_000.0).clamp(150_000, 300_000))
        }
        KindId::Migration => {
            let m = monthly(rng, 6000.0, 40_000.0);
            (m, 0)
        }
    }
}

/// Splits `total` over the services by weight, in tens of dollars.
fn split_spend(total: i64, services: &[&Svc], rng: &mut Rng) -> Vec<i64> {
    let w: Vec<f64> = services.iter().map(|s| s.weight * rng.uniform(0.7, 1.3)).collect();
    let sum: f64 = w.iter().sum();
    let mut parts: Vec<i64> = w.iter().map(|x| round_to(total as f64 * x / sum, 10.0).max(20)).collect();
    let diff = total - parts.iter().sum::<i64>();
    let biggest = (0..parts.len()).max_by_key(|&i| parts[i]).unwrap_or(0);
    parts[biggest] = (parts[biggest] + diff).max(20);
    parts
}

fn contact(rng: &mut Rng, domain: &str, titles: &[&str]) -> J {
    let first = *rng.pick(vocab::FIRST_NAMES);
    let last = *rng.pick(vocab::LAST_NAMES);
    let ascii = |x: &str| -> String {
        x.chars()
            .map(|c| match c {
                'é' => 'e',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    J::O(vec![
        ("FirstName", s(first)),
        ("LastName", s(last)),
        ("Email", s(format!("{}.{}@{domain}", ascii(first), ascii(last)))),
        ("Phone", s(format!("+1{}", rng.range(2_000_000_000, 9_999_999_999)))),
        ("BusinessTitle", s(*rng.pick(titles))),
    ])
}

/// A customer's records: (file slug, record, planted mistake).
fn customer_records(c: &Customer, seed: u64, single_files: bool) -> Vec<(String, J, Option<&'static str>)> {
    let mut out = Vec::new();
    let mut used: Vec<&'static str> = Vec::new();
    let mut first_text: Option<(String, Vec<&'static str>)> = None;
    let mut first_workload: Option<String> = None;
    let v = &VERTICALS[c.vertical];
    for (i, &kid) in c.kinds.iter().enumerate() {
        let g = c.first_record + i;
        let mut rng = Rng::derive(seed, 2, g as u64);
        let k = kind(kid);
        let services = kinds::services(kid, &mut rng, &used);
        used.extend(services.iter().map(|s| s.key));
        let names: Vec<&'static str> = services.iter().map(|s| *rng.pick(s.names)).collect();
        let team = *rng.pick(k.teams);
        let source = *rng.pick(SOURCES);
        let (model, model_reason) = *rng.pick(&vocab::MODELS[..6]);
        let filing = if i == 0 { c.anchor_day } else { c.anchor_day + rng.range(0, 4) };
        let mut comps = rng.sample(vocab::COMPONENTS, 3);
        comps.resize(3, "core service");
        let q = quarter(filing + rng.range(90, 300));
        let ctx = Ctx {
            company: &c.name,
            v,
            team,
            region: c.region,
            stage: c.stage,
            source,
            model,
            n_eng: c.engineers,
            poc_days: *rng.pick(&[30, 45, 60, 60]),
            sample: *rng.pick(&[200, 300, 500, 1000]),
            quarter: &q,
            comps: [comps[0], comps[1], comps[2]],
            names: names.clone(),
        };
        let mut text = kinds::use_case(k, &ctx, &services, &mut rng);
        let mut near_dup = false;
        if c.near_dup && i == 1 {
            if let Some((t, old_names)) = &first_text {
                // The anchor's paragraph, services swapped for this record's.
                let mut swapped = t.clone();
                for (j, old) in old_names.iter().enumerate() {
                    swapped = swapped.replace(old, names[j % names.len()]);
                }
                text = swapped;
                near_dup = true;
            }
        }
        if i == 0 {
            first_text = Some((text.clone(), names.clone()));
        }
        let (monthly, ask) = spend_and_ask(kid, c.stage, &mut rng);
        let engineers = match kid {
            KindId::Platform => c.engineers.max(monthly / 2000 + 1),
            KindId::GenAi => c.engineers.max(monthly / 8000 + 1),
            _ => c.engineers,
        };
        let parts = split_spend(monthly, &services, &mut rng);
        let title = ctx.fill(*rng.pick(k.titles), &mut rng, "");
        let mut rec = build(
            c,
            k,
            &ctx,
            &mut rng,
            Fields {
                g,
                text,
                title,
                services: &services,
                parts: &parts,
                monthly,
                ask,
                engineers,
                filing,
                anchor: i == 0,
                model_reason,
            },
        );
        let workload = rec.at(&["Funding", "Workload", "Name"]);
        let mut err = None;
        if i == 0 {
            first_workload = match workload {
                Some(J::S(name)) => Some(name.clone()),
                _ => None,
            };
        }
        if near_dup {
            err = Some("near-duplicate-use-case");
        } else if let (true, 1, Some(name), Some(w)) = (c.same_workload, i, &first_workload, workload) {
            // Every customer's second record is under another program than its anchor.
            *w = s(name.clone());
            err = Some("same-workload");
        } else if rng.chance(0.10) {
            err = Some(plant(&mut rec, kid, &mut rng, single_files));
        } else if kid == KindId::Platform && rng.chance(0.04) {
            allow_marketplace(&mut rec, &mut rng);
        }
        let slug = format!("{}-{}-{}", c.slug, k.program.to_lowercase().replace(' ', "-"), g);
        out.push((slug, rec, err));
    }
    out
}

struct Fields<'a> {
    g: usize,
    text: String,
    title: String,
    services: &'a [&'static Svc],
    parts: &'a [i64],
    monthly: i64,
    ask: i64,
    engineers: i64,
    filing: i64,
    anchor: bool,
    model_reason: &'static str,
}

fn build(c: &Customer, k: &kinds::Kind, ctx: &Ctx<'_>, rng: &mut Rng, f: Fields<'_>) -> J {
    let (pname, pcode, ptier) = vocab::PARTNERS[c.partner];
    let (cc, regions, _) = COUNTRIES[c.country];
    let (state, pattern) = *rng.pick(regions);
    let products: Vec<&str> = f.services.iter().map(|s| s.product).collect();
    let mut history = Vec::new();
    let mut day = TODAY - rng.range(30, 90);
    for step in rng.sample_between(
        &[
            "Discovery call with the customer's CTO",
            "Architecture workshop with the engineering leads",
            "Pricing Calculator estimate reviewed with the customer's finance lead",
            "Partner review of the draft record",
            "Customer approved the scope of work",
            "Follow-up on open questions about data residency",
            "Second workshop on cost guardrails and budgets",
            "Customer shared last quarter's usage report",
        ],
        3,
        7,
    ) {
        day += rng.range(3, 12);
        history.push(J::O(vec![
            ("Value", s(step)),
            ("Time", s(format!("{}T{:02}:{:02}:00Z", date(day.min(TODAY - 1)), rng.range(8, 17), rng.range(0, 59)))),
        ]));
    }
    let opportunity = J::O(vec![
        ("Catalog", s("AWS")),
        ("ClientToken", s(uuid(rng))),
        ("Origin", s("Partner Referral")),
        ("OpportunityType", s("Net New Business")),
        ("NationalSecurity", s("No")),
        (
            "PrimaryNeedsFromAws",
            strs(&rng.sample_between(
                &[
                    "Co-Sell - Architectural Validation",
                    "Co-Sell - Technical Consultation",
                    "Co-Sell - Pricing Assistance",
                    "Co-Sell - Business Presentation",
                ],
                1,
                2,
            )),
        ),
        ("PartnerOpportunityIdentifier", s(format!("{pcode}-2026-{:06}", f.g))),
        (
            "Customer",
            J::O(vec![
                (
                    "Account",
                    J::O(vec![
                        ("CompanyName", s(&c.name)),
                        ("WebsiteUrl", s(format!("https://www.{}", c.domain))),
                        ("AwsAccountId", s(&c.account)),
                        ("Industry", s(ctx.v.industry)),
                        (
                            "Address",
                            J::O(vec![
                                ("CountryCode", s(cc)),
                                ("StateOrRegion", s(state)),
                                ("PostalCode", s(postal(rng, pattern))),
                            ]),
                        ),
                    ]),
                ),
                (
                    "Contacts",
                    J::A((0..rng.range(1, 2)).map(|_| contact(rng, &c.domain, vocab::CUSTOMER_TITLES)).collect()),
                ),
            ]),
        ),
        (
            "Project",
            J::O(vec![
                ("Title", s(&f.title)),
                ("CustomerBusinessProblem", s(&f.text)),
                ("CustomerUseCase", s(k.use_case)),
                ("DeliveryModels", strs(&["SaaS or PaaS"])),
                (
                    "SalesActivities",
                    strs(&rng.sample_between(
                        &[
                            "Conducted POC / Demo",
                            "In evaluation / planning stage",
                            "Agreed on solution to Business Problem",
                        ],
                        1,
                        2,
                    )),
                ),
                (
                    "ExpectedCustomerSpend",
                    J::A(vec![J::O(vec![
                        ("Amount", s(f.monthly.to_string())),
                        ("CurrencyCode", s("USD")),
                        ("Frequency", s("Monthly")),
                        ("TargetCompany", s("AWS")),
                    ])]),
                ),
                (
                    "CompetitorName",
                    s(*rng.pick(&["No Competition", "On-Prem", "Google Cloud Platform", "Microsoft Azure"])),
                ),
                (
                    "AdditionalComments",
                    s(*rng.pick(&[
                        "Customer prefers to file the whole stack in the same week.",
                        "Pricing estimate attached in the partner portal.",
                        "Customer's CTO is the technical sponsor.",
                        "Follow-up call booked with the PDM.",
                    ])),
                ),
            ]),
        ),
        (
            "LifeCycle",
            J::O(vec![
                ("Stage", s(*rng.pick(&["Prospect", "Prospect", "Qualified", "Technical Validation"]))),
                ("TargetCloseDate", s(date(f.filing + rng.range(60, 240)))),
                ("NextSteps", s("Confirm the filing date with the customer and share the final estimate")),
                ("NextStepsHistory", J::A(history)),
            ]),
        ),
        ("Marketing", J::O(vec![("Source", s("None"))])),
        (
            "OpportunityTeam",
            J::A((0..rng.range(1, 2)).map(|_| contact(rng, "partner.example", vocab::PARTNER_TITLES)).collect()),
        ),
        (
            "RelatedEntityIdentifiers",
            J::O(vec![
                ("AwsProducts", strs(&products)),
                ("Solutions", strs(&[format!("S-{:07}", rng.range(1000, 99_999))])),
            ]),
        ),
    ]);
    let mut company = vec![("Stage", s(c.stage)), ("Engineers", J::I(f.engineers)), ("Incorporated", J::B(true))];
    if !c.investors.is_empty() {
        company.push(("Investors", strs(&c.investors)));
    }
    company.push(("AwsSpendHistoryMonths", J::I(rng.range(0, 36))));
    let spend: Vec<J> = f
        .services
        .iter()
        .zip(f.parts)
        .map(|(svc, usd)| J::O(vec![("Product", s(svc.product)), ("MonthlyUsd", J::I(*usd))]))
        .collect();
    let mut funding = vec![("Program", s(k.program))];
    if k.id != KindId::Migration {
        funding.push(("RequestedAmountUsd", J::I(f.ask)));
    }
    funding.push(("FilingDate", s(date(f.filing))));
    funding.push(("EngagementType", s(if k.id == KindId::Migration { "Migrate" } else { "Build" })));
    funding.push(("Company", J::O(company)));
    funding.push((
        "Workload",
        J::O(vec![
            ("Name", s(ctx.fill(*rng.pick(k.names), rng, ""))),
            ("Objective", s(ctx.fill(*rng.pick(k.objectives), rng, ""))),
            ("Owner", s(ctx.team)),
        ]),
    ));
    funding.push(("ProjectedSpend", J::A(spend)));
    let annual = round_to(f.monthly as f64 * 12.0 * rng.uniform(1.0, 1.7), 1000.0);
    funding.push(("EstimatedAnnualSpendAfterCreditsUsd", J::I(annual)));
    funding.push(("ScopeOfWork", s(ctx.fill(*rng.pick(k.scope), rng, ""))));
    funding.push((
        "Partner",
        J::O(vec![
            ("Name", s(pname)),
            ("Tier", s(ptier)),
            ("Attestation", J::B(c.investors.is_empty() || rng.chance(0.7))),
        ]),
    ));
    if k.id == KindId::Migration {
        let cost = round_to(rng.uniform(300_000.0, 1_000_000.0), 10_000.0);
        let phase = *rng.pick(&["Mobilize", "Migrate"]);
        let share = if phase == "Mobilize" { rng.uniform(0.1, 0.22) } else { rng.uniform(0.2, 0.45) };
        funding.insert(1, ("RequestedAmountUsd", J::I(round_to(cost as f64 * share, 5000.0))));
        funding.push((
            "Migration",
            J::O(vec![("Source", s(ctx.source.0)), ("EstimatedCostUsd", J::I(cost)), ("Phase", s(phase))]),
        ));
    }
    if f.anchor && c.founders_credit {
        funding.push((
            "BaselineCredits",
            J::A(vec![J::O(vec![("Source", s("Activate Founders")), ("AmountUsd", J::I(5000))])]),
        ));
    }
    if matches!(k.id, KindId::BedrockPoc | KindId::GenAi) {
        funding.push(("GenAI", genai(k.id, ctx, rng, f.model_reason, f.monthly)));
    }
    J::O(vec![
        ("$schema", s("https://acelint.dev/schemas/draft-record.schema.json")),
        ("Opportunity", opportunity),
        ("Funding", J::O(funding)),
    ])
}

fn genai(id: KindId, ctx: &Ctx<'_>, rng: &mut Rng, reason: &str, monthly: i64) -> J {
    let (embed, embed_reason) = *rng.pick(&vocab::MODELS[6..]);
    let held = *rng.pick(&[150, 200, 300, 400]);
    let mut g = vec![
        ("Backbone", s("Amazon Bedrock")),
        (
            "Models",
            J::A(vec![
                J::O(vec![("Name", s(ctx.model)), ("Reason", s(reason))]),
                J::O(vec![("Name", s(embed)), ("Reason", s(embed_reason))]),
            ]),
        ),
        (
            "EvalPlan",
            J::O(vec![
                (
                    "Methodology",
                    s(format!(
                        "Each week {} newly closed {} are replayed through the assistant; two reviewers from the {} grade correctness and whether each cited passage supports the answer, and an automated judge scores groundedness against the retrieved text. A fixed held-out set of {held} items, never used for prompt tuning, is re-run weekly to catch regressions.",
                        ctx.sample,
                        ctx.v.docs,
                        ctx.team.to_lowercase()
                    )),
                ),
                ("SampleSize", J::I(ctx.sample)),
                ("Cadence", s("weekly")),
                ("HeldOutTestSet", J::B(true)),
                ("Metrics", strs(&rng.sample(&["groundedness", "answer correctness", "deflection rate", "p95 latency", "cost per answer"], 3))),
            ]),
        ),
    ];
    if id == KindId::BedrockPoc {
        g.push(("PocWindowDays", J::I(ctx.poc_days)));
    }
    let input = rng.range(50, 900) * 1_000_000 * if id == KindId::GenAi { 8 } else { 1 };
    g.push((
        "TokenProjection",
        J::O(vec![
            ("InputTokensPerMonth", J::I(input)),
            ("OutputTokensPerMonth", J::I(input / rng.range(8, 14))),
            ("PromptCaching", J::B(true)),
            ("BatchInference", J::B(rng.chance(0.3))),
        ]),
    ));
    g.push((
        "PostCreditTrajectory",
        s(format!(
            "If the POC passes, the assistant rolls out to every customer in {}; Bedrock spend grows to about ${} a month within a year, paid from the {} budget, with prompt caching and model routing holding the cost per answer steady.",
            ctx.quarter,
            kinds::thousands(round_to(monthly as f64 * rng.uniform(1.5, 3.0), 100.0)),
            ctx.team.to_lowercase()
        )),
    ));
    g.push((
        "CommercialSignal",
        s(format!(
            "{} design-partner {} signed letters of intent to pilot the assistant and pay for it in the paid plan.",
            rng.range(2, 6),
            ctx.v.customers
        )),
    ));
    J::O(g)
}

/// A Marketplace line the partner has reviewed: suppressed in the record,
/// with its reason (exercises the suppression stage).
fn allow_marketplace(rec: &mut J, rng: &mut Rng) {
    let usd = rng.range(3, 12) * 100;
    if let Some(J::A(lines)) = rec.at(&["Funding", "ProjectedSpend"]) {
        lines.push(J::O(vec![
            ("Product", s("Datadog")),
            ("MonthlyUsd", J::I(usd)),
            ("BilledThrough", s("AWS Marketplace")),
        ]));
    }
    if let Some(J::A(a)) = rec.at(&["Opportunity", "Project", "ExpectedCustomerSpend"]) {
        if let Some(v) = a.first_mut().and_then(|e| e.get_mut("Amount")) {
            if let J::S(x) = v {
                let n: i64 = x.parse().unwrap_or(0);
                *v = s((n + usd).to_string());
            }
        }
    }
    if let J::O(m) = rec {
        m.push((
            "x-acelint",
            J::O(vec![(
                "allow",
                J::A(vec![J::O(vec![
                    ("rule", s("marketplace-spend")),
                    ("reason", s("Datadog is billed through the customer's EDP commitment, reviewed with the PDM")),
                    ("pointer", s("/Funding/ProjectedSpend")),
                ])]),
            )]),
        ));
    }
}

/// Plants one realistic mistake; returns its name.
fn plant(rec: &mut J, kid: KindId, rng: &mut Rng, single_file: bool) -> &'static str {
    let genai = matches!(kid, KindId::BedrockPoc | KindId::GenAi);
    // The programs on which a brand-new account leans on the vouch.
    let vouched = !matches!(kid, KindId::Platform | KindId::Migration);
    loop {
        let choice = rng.below(19);
        let done: Option<&'static str> = match choice {
            0 => rec
                .at(&["Opportunity", "Customer", "Account", "Industry"])
                .map(|v| {
                    *v = s(*rng.pick(&["Computers & Electronics", "Software & Internet", "Fintech", "healthcare"]))
                })
                .map(|_| "bad-enum-industry"),
            1 => rec
                .at(&["Opportunity", "LifeCycle", "Stage"])
                .map(|v| *v = s(*rng.pick(&["Prospecting", "Qualification", "Closed Won"])))
                .map(|_| "bad-enum-stage"),
            2 => rec
                .at(&["Opportunity", "Project", "ExpectedCustomerSpend"])
                .and_then(|v| match v {
                    J::A(a) => a.first_mut().and_then(|e| e.get_mut("Frequency")),
                    _ => None,
                })
                .map(|v| *v = s("Annual"))
                .map(|_| "bad-enum-frequency"),
            3 => rec
                .at(&["Opportunity", "Project", "CustomerUseCase"])
                .map(|v| *v = s(*rng.pick(&["Containers and Serverless", "Generative AI", "Data & Analytics"])))
                .map(|_| "bad-use-case"),
            4 => {
                let (path, key, to): (&[&str], &str, &'static str) = *rng.pick(&[
                    (&["Opportunity", "Project"][..], "CustomerBusinessProblem", "CustomerBuisnessProblem"),
                    (&["Funding", "Company"][..], "Engineers", "Engineer"),
                    (&["Funding"][..], "RequestedAmountUsd", "RequestedAmountUSD"),
                    (&["Opportunity", "LifeCycle"][..], "TargetCloseDate", "TargetClosingDate"),
                    (&["Opportunity", "Customer", "Account", "Address"][..], "PostalCode", "Postcode"),
                ]);
                rec.at(path).map(|o| o.rename(key, to)).filter(|&b| b).map(|_| "misspelt-key")
            }
            5 => rec
                .at(&["Opportunity", "Customer", "Account", "Address", "PostalCode"])
                .map(|v| *v = s(*rng.pick(&["1000", "100O1", "ABC-12", "123456789"])))
                .map(|_| "bad-postal-code"),
            6 => {
                // Padding: every line ×12, kept consistent with the expected spend.
                let mut total = 0;
                if let Some(J::A(lines)) = rec.at(&["Funding", "ProjectedSpend"]) {
                    for l in lines {
                        if let Some(J::I(m)) = l.get_mut("MonthlyUsd") {
                            *m *= 12;
                            total += *m;
                        }
                    }
                }
                if let Some(J::A(a)) = rec.at(&["Opportunity", "Project", "ExpectedCustomerSpend"]) {
                    if let Some(v) = a.first_mut().and_then(|e| e.get_mut("Amount")) {
                        *v = s(total.to_string());
                    }
                }
                Some("implausible-spend")
            }
            7 if genai => rec.at(&["Funding", "GenAI"]).and_then(|g| g.remove("EvalPlan")).map(|_| "missing-eval-plan"),
            8 => rec
                .at(&["Opportunity", "Customer", "Account", "AwsAccountId"])
                .map(|v| {
                    if let J::S(a) = v {
                        a.push('7');
                    }
                })
                .map(|_| "account-id-13-digits"),
            9 => {
                if let Some(J::A(a)) = rec.at(&["Opportunity", "Project", "ExpectedCustomerSpend"]) {
                    if let Some(v) = a.first_mut().and_then(|e| e.get_mut("Amount")) {
                        if let J::S(x) = v {
                            let n: i64 = x.parse().unwrap_or(1000);
                            *v = s((n * 3 / 2).to_string());
                        }
                    }
                }
                Some("spend-sources-disagree")
            }
            10 => rec
                .at(&["Opportunity", "LifeCycle", "TargetCloseDate"])
                .map(|v| *v = s(*rng.pick(&["2027-02-30", "2027-13-01", "2027-04-31"])))
                .map(|_| "impossible-date"),
            11 => {
                if let Some(J::O(m)) = rec.at(&["Opportunity", "Project"]) {
                    m.insert(0, ("Title", s("Draft title")));
                }
                Some("duplicate-key")
            }
            12 => {
                if let Some(J::A(lines)) = rec.at(&["Funding", "ProjectedSpend"]) {
                    let vendor = *rng.pick(&["Datadog", "Snowflake", "MongoDB Atlas", "Confluent Cloud"]);
                    lines.push(J::O(vec![
                        ("Product", s(vendor)),
                        ("MonthlyUsd", J::I(rng.range(3, 12) * 100)),
                        ("BilledThrough", s("AWS Marketplace")),
                    ]));
                }
                Some("marketplace-spend")
            }
            13 => {
                if let Some(J::A(p)) = rec.at(&["Opportunity", "RelatedEntityIdentifiers", "AwsProducts"]) {
                    p.push(s(*rng.pick(&["AmazonKinesisDataStreams", "AmazonEC2", "AmazonRDS", "AWSAurora"])));
                }
                Some("unknown-product")
            }
            14 if genai => rec
                .at(&["Funding", "GenAI", "Backbone"])
                .map(|v| *v = s(*rng.pick(&["OpenAI", "Azure OpenAI", "Vertex AI"])))
                .map(|_| "non-aws-backbone"),
            15 => rec.at(&["Funding", "Company", "Incorporated"]).map(|v| *v = J::B(false)).map(|_| "unincorporated"),
            16 if single_file && rng.chance(0.3) => Some("syntax-error"),
            17 => {
                let key = *rng.pick(&["EstimatedAnnualSpendAfterCreditsUsd", "ScopeOfWork"]);
                rec.at(&["Funding"]).and_then(|f| f.remove(key)).map(|_| "missing-deal-size")
            }
            18 if vouched => {
                if let Some(months) = rec.at(&["Funding", "Company", "AwsSpendHistoryMonths"]) {
                    *months = J::I(0);
                }
                if let Some(attested) = rec.at(&["Funding", "Partner", "Attestation"]) {
                    *attested = J::B(false);
                }
                rec.at(&["Funding", "Company"]).and_then(|c| c.remove("Investors"));
                Some("new-account-without-vouch")
            }
            _ => None,
        };
        if let Some(d) = done {
            return d;
        }
    }
}

/// A use-case text as the similarity stage sees it (title, business problem
/// and workload objective), with the service names it uses.
pub struct SampleText {
    pub text: String,
    pub names: Vec<&'static str>,
}

/// `n` independent use-case texts of random customers and workloads.
pub fn sample_texts(n: usize, seed: u64) -> Vec<SampleText> {
    (0..n)
        .into_par_iter()
        .map(|i| {
            let mut rng = Rng::derive(seed, 7, i as u64);
            let (name, _) = company_name(&mut rng);
            let company = format!("{name} Inc.");
            let k = rng.pick(kinds::KINDS);
            let services = kinds::services(k.id, &mut rng, &[]);
            let names: Vec<&'static str> = services.iter().map(|s| *rng.pick(s.names)).collect();
            let mut comps = rng.sample(vocab::COMPONENTS, 3);
            comps.resize(3, "core service");
            let q = quarter(TODAY + rng.range(90, 400));
            let stage = STAGES[rng.below(STAGES.len())].0;
            let ctx = Ctx {
                company: &company,
                v: rng.pick(VERTICALS),
                team: *rng.pick(k.teams),
                region: *rng.pick(vocab::REGIONS),
                stage,
                source: *rng.pick(SOURCES),
                model: rng.pick(vocab::MODELS).0,
                n_eng: rng.range(3, 80),
                poc_days: 60,
                sample: 500,
                quarter: &q,
                comps: [comps[0], comps[1], comps[2]],
                names: names.clone(),
            };
            let body = kinds::use_case(k, &ctx, &services, &mut rng);
            let title = ctx.fill(*rng.pick(k.titles), &mut rng, "");
            let objective = ctx.fill(*rng.pick(k.objectives), &mut rng, "");
            SampleText { text: format!("{title} \n {body} \n {objective}"), names }
        })
        .collect()
}
