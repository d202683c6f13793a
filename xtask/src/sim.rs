//! `xtask similarity`: the use-case similarity fast path measured against
//! the exact baseline, and its cost at scale. Texts are masked and shingled
//! the way `src/corpus/profile.rs` does it.

use crate::gen::{sample_texts, SampleText};
use crate::rng::Rng;
use acelint::corpus::text::{lsh_candidates, minhash, shingle_set, similar_pairs, Lsh, Shingle};
use rayon::prelude::*;
use std::collections::HashSet;
use std::time::Instant;

const THRESHOLD: f64 = 0.5;
const SHINGLE: usize = 3;

/// Word-substitution rates of the planted near-duplicates (after the
/// service names are swapped), spanning Jaccard from ~1 down to below 0.5.
const EDIT_RATES: &[f64] = &[0.0, 0.02, 0.05, 0.08, 0.12, 0.16, 0.2, 0.3];

/// Base texts plus near-duplicates of 3% of them; the planted pairs.
fn corpus(n: usize, seed: u64) -> (Vec<String>, Vec<(usize, usize)>) {
    let base_n = (n as f64 / 1.03).round() as usize;
    let base: Vec<SampleText> = sample_texts(base_n, seed);
    let mut rng = Rng::derive(seed, 8, 0);
    let mut texts: Vec<String> = base.iter().map(|t| t.text.clone()).collect();
    let mut planted = Vec::new();
    while texts.len() < n {
        let i = rng.below(base_n);
        let other = &base[rng.below(base_n)];
        // The same paragraph with the service names swapped…
        let mut t = base[i].text.clone();
        for (j, old) in base[i].names.iter().enumerate() {
            t = t.replace(old, other.names[j % other.names.len().max(1)]);
        }
        // …and some words edited.
        let rate = *rng.pick(EDIT_RATES);
        let donor: Vec<&str> = base[rng.below(base_n)].text.split(' ').collect();
        let edited: Vec<String> = t
            .split(' ')
            .map(|w| if rng.chance(rate) { donor[rng.below(donor.len())].to_string() } else { w.to_string() })
            .collect();
        planted.push((i, texts.len()));
        texts.push(edited.join(" "));
    }
    (texts, planted)
}

fn shingle_all(texts: &[String]) -> Vec<Vec<Shingle>> {
    let services = &*acelint::services::DEFAULT;
    texts.par_iter().map(|t| shingle_set(t, services, SHINGLE)).collect()
}

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

pub fn run(mode: &str, n: usize, seed: u64) -> Result<(), String> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().map_err(|e| e.to_string())?;
    pool.install(|| match mode {
        "recall" => recall(n, seed),
        "scale" => scale(n, seed),
        other => Err(format!("unknown --mode {other}")),
    })
}

fn recall(n: usize, seed: u64) -> Result<(), String> {
    let (texts, planted) = corpus(n, seed);
    let sets = shingle_all(&texts);
    let refs: Vec<&[Shingle]> = sets.iter().map(Vec::as_slice).collect();
    // No record holds a pair allow: each bucket is searched as in a run.
    let none = vec![false; refs.len()];
    let t = Instant::now();
    let fast = similar_pairs(&refs, THRESHOLD, 0, Lsh::default(), &none);
    let lsh_s = t.elapsed().as_secs_f64();
    let candidates = lsh_candidates(&refs, Lsh::default(), &none).len();
    let t = Instant::now();
    let exact = similar_pairs(&refs, THRESHOLD, usize::MAX, Lsh::default(), &none);
    let exact_s = t.elapsed().as_secs_f64();
    let key = |p: &(usize, usize, f64)| (p.0, p.1);
    let exact_set: HashSet<(usize, usize)> = exact.iter().map(key).collect();
    let fast_set: HashSet<(usize, usize)> = fast.iter().map(key).collect();
    let planted_set: HashSet<(usize, usize)> = planted.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    let found = exact_set.intersection(&fast_set).count();
    // Recall by similarity band of the true pairs.
    let band = |lo: f64, hi: f64| {
        let truth: Vec<_> = exact.iter().filter(|p| p.2 >= lo && p.2 < hi).collect();
        let hit = truth.iter().filter(|p| fast_set.contains(&key(p))).count();
        serde_json::json!({ "lo": lo, "hi": hi, "pairs": truth.len(), "found": hit })
    };
    let unplanted_pairs = (texts.len() * (texts.len() - 1) / 2 - planted_set.len()) as f64;
    let fast_unplanted = fast_set.difference(&planted_set).count();
    let exact_unplanted = exact_set.difference(&planted_set).count();
    let planted_above = planted_set.intersection(&exact_set).count();
    let out = serde_json::json!({
        "texts": texts.len(),
        "planted_pairs": planted_set.len(),
        "planted_pairs_above_threshold": planted_above,
        "exact_pairs": exact_set.len(),
        "lsh_pairs": fast_set.len(),
        "lsh_found": found,
        "recall": if exact_set.is_empty() { 1.0 } else { found as f64 / exact_set.len() as f64 },
        "bands": [band(0.5, 0.6), band(0.6, 0.7), band(0.7, 0.8), band(0.8, 1.01)],
        "lsh_candidates": candidates,
        "false_positives": fast_unplanted,
        "false_positive_rate": fast_unplanted as f64 / unplanted_pairs,
        "exact_unplanted_pairs": exact_unplanted,
        "lsh_seconds": lsh_s,
        "exact_seconds": exact_s,
    });
    println!("{out}");
    Ok(())
}

fn scale(n: usize, seed: u64) -> Result<(), String> {
    let (texts, planted) = corpus(n, seed);
    let text_bytes: usize = texts.iter().map(String::len).sum();
    let rss_texts = status_kb("VmRSS:");
    let t = Instant::now();
    let sets = shingle_all(&texts);
    let shingle_s = t.elapsed().as_secs_f64();
    let rss_sets = status_kb("VmRSS:");
    let refs: Vec<&[Shingle]> = sets.iter().map(Vec::as_slice).collect();
    // The signatures alone (similar_pairs computes them again), to split
    // the LSH time into MinHash and banding + verification.
    let lsh = Lsh::default();
    let t = Instant::now();
    let signatures: usize = refs.par_iter().map(|s| minhash(s, lsh.bands * lsh.rows).len()).sum();
    let minhash_s = t.elapsed().as_secs_f64();
    debug_assert_eq!(signatures, refs.len() * lsh.bands * lsh.rows);
    let t = Instant::now();
    let pairs = similar_pairs(&refs, THRESHOLD, 0, lsh, &vec![false; refs.len()]);
    let lsh_s = t.elapsed().as_secs_f64();
    let peak = status_kb("VmHWM:");
    let planted_set: HashSet<(usize, usize)> = planted.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    let found_planted = pairs.iter().filter(|p| planted_set.contains(&(p.0, p.1))).count();
    let shingle_bytes: usize = sets.iter().map(|s| std::mem::size_of_val(s.as_slice())).sum();
    let out = serde_json::json!({
        "texts": texts.len(),
        "text_mb": text_bytes as f64 / 1e6,
        "shingle_mb": shingle_bytes as f64 / 1e6,
        "signature_mb": (texts.len() * Lsh::default().bands * Lsh::default().rows * 4) as f64 / 1e6,
        "mask_shingle_seconds": shingle_s,
        "minhash_seconds": minhash_s,
        "lsh_seconds": lsh_s,
        "pairs": pairs.len(),
        "planted_found": found_planted,
        "planted": planted_set.len(),
        "rss_after_texts_mb": rss_texts as f64 / 1024.0,
        "rss_after_shingles_mb": rss_sets as f64 / 1024.0,
        "peak_rss_mb": peak as f64 / 1024.0,
        "lsh_extra_peak_mb": peak.saturating_sub(rss_sets) as f64 / 1024.0,
    });
    println!("{out}");
    Ok(())
}
