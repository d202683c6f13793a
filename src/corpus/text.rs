//! Use-case text similarity at scale: word shingles compared by Jaccard,
//! exactly within small groups and through MinHash with banded LSH within
//! large ones (candidates first, then exact verification).

use crate::services::{ServiceIndex, Token};
use crate::words;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// The shingle set of a use-case text: lowercased alphanumeric words, with
/// every AWS service name replaced by one placeholder word (so a paragraph
/// reused with the services swapped still matches) and every number by
/// another (so "40 million" and "60 million" do not make texts differ),
/// then the hashes of each run of `k` words, sorted and deduplicated.
pub fn shingle_set(text: &str, services: &ServiceIndex, k: usize) -> Vec<Shingle> {
    let mut words = Words::default();
    words.text(text, services.mentions_ranges(text));
    words.shingles(k)
}

/// A hashed run of words. Thirty-two bits: narrower hashes collide often
/// enough to change which pairs the banded search puts in one bucket, and
/// so which near-duplicates are reported.
pub type Shingle = u32;

const SERVICE_WORD: u64 = 0x5EC0_5EC0_5EC0_5EC0;
const NUMBER_WORD: u64 = 0x0123_4567_89AB_CDEF;

/// The words of one or more texts read as one, hashed, service names
/// masked: what shingles are made of.
#[derive(Debug)]
pub struct Words(Vec<u64>);

thread_local! {
    /// The buffer of the last `Words` dropped on this thread, for the next
    /// one: a profile per record then costs no allocation for its words.
    static SPARE: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A buffer of more words than this (64k words, half a megabyte of text)
/// is let go.
const SPARE_LIMIT: usize = 1 << 19;

impl Default for Words {
    fn default() -> Words {
        Words(crate::spare::take(&SPARE))
    }
}

impl Drop for Words {
    fn drop(&mut self) {
        crate::spare::give_back(&SPARE, std::mem::take(&mut self.0), SPARE_LIMIT);
    }
}

impl Words {
    /// Adds `text`, whose service names are at `services` (in order; a
    /// range starting inside the previous one is skipped, as a name that
    /// several service groups claim comes once per group).
    pub fn text(&mut self, text: &str, services: impl IntoIterator<Item = Range<usize>>) {
        let mut at = 0;
        for m in services {
            if m.start < at {
                continue;
            }
            self.plain(&text[at..m.start]);
            self.0.push(SERVICE_WORD);
            at = m.end;
        }
        self.plain(&text[at..]);
    }

    /// Adds what a service scan of `text` read: the same words as `text`
    /// finds, when `text` is ASCII (the scan's words are runs of ASCII
    /// letters, digits and `_`, and `_` separates words here).
    pub fn token(&mut self, text: &str, token: &Token) {
        match token {
            Token::Alias(..) => self.0.push(SERVICE_WORD),
            Token::Word(range, word) if word.underscore => self.plain(&text[range.clone()]),
            Token::Word(_, word) => self.0.push(if word.digits { NUMBER_WORD } else { word.hash }),
        }
    }

    /// Adds the words of a text with no service names in it.
    fn plain(&mut self, text: &str) {
        if !text.is_ascii() {
            return self.unicode(text);
        }
        let bytes = text.as_bytes();
        for range in words::spans(bytes, words::ALNUM) {
            let word = words::read(bytes, range);
            self.0.push(if word.digits { NUMBER_WORD } else { word.hash });
        }
    }

    fn unicode(&mut self, text: &str) {
        let mut lower = String::new();
        for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            let digits = w.bytes().all(|b| b.is_ascii_digit());
            self.0.push(if digits { NUMBER_WORD } else { words::hash_lowercase(lower.as_bytes()) });
        }
    }

    /// The hashes of each run of `k` words, sorted and deduplicated.
    pub fn shingles(&self, k: usize) -> Vec<Shingle> {
        let words = &self.0;
        let k = k.max(1).min(words.len().max(1));
        let mut out: Vec<Shingle> = words
            .windows(k)
            .map(|w| {
                let h = w.iter().fold(k as u64, |h, &x| words::mix(h, x));
                let h = finish(h);
                (h ^ (h >> 32)) as Shingle
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out.shrink_to_fit();
        out
    }
}

/// Spreads every input bit over the output (MurmurHash3's finaliser), so
/// the 32 bits kept of a shingle hash are all good ones.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Jaccard similarity of two sorted, deduplicated sets.
pub fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    // Without branches on the comparison, which the processor cannot
    // predict: this merge is most of the cross-record stage.
    while i < a.len() && j < b.len() {
        let order = a[i].cmp(&b[j]);
        common += usize::from(order.is_eq());
        i += usize::from(order.is_le());
        j += usize::from(order.is_ge());
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

/// Parameters of the LSH candidate search.
#[derive(Debug, Clone, Copy)]
pub struct Lsh {
    pub bands: usize,
    pub rows: usize,
    /// A bucket larger than this pairs each member with its first member
    /// only, instead of with every other: a cluster of hundreds of copies
    /// is still found, at a cost that grows with its size, not its square.
    pub max_bucket: usize,
}

impl Default for Lsh {
    fn default() -> Lsh {
        Lsh { bands: 32, rows: 4, max_bucket: 200 }
    }
}

/// MinHash signature with `n` multiply-shift hash functions from fixed seeds.
pub fn minhash(set: &[Shingle], n: usize) -> Vec<u32> {
    let mut sig = vec![u32::MAX; n];
    for &x in set {
        for (i, slot) in sig.iter_mut().enumerate() {
            let (a, b) = seed(i);
            let h = ((a.wrapping_mul(u64::from(x)).wrapping_add(b)) >> 32) as u32;
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

/// Deterministic odd multipliers and offsets (splitmix64 of the index).
fn seed(i: usize) -> (u64, u64) {
    let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut next = || {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut y = z;
        y = (y ^ (y >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        y = (y ^ (y >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        y ^ (y >> 31)
    };
    (next() | 1, next())
}

/// Pairs `(i, j)` with `i < j` whose Jaccard similarity is at least
/// `threshold`: every pair when there are at most `exact_limit` sets,
/// otherwise LSH candidates verified exactly (see `lsh_candidates` for
/// `every`). Sorted, deterministic.
pub fn similar_pairs(
    sets: &[&[Shingle]],
    threshold: f64,
    exact_limit: usize,
    lsh: Lsh,
    every: &[bool],
) -> Vec<(usize, usize, f64)> {
    let candidates = if sets.len() <= exact_limit { all_pairs(sets.len()) } else { lsh_candidates(sets, lsh, every) };
    let mut out: Vec<(usize, usize, f64)> = candidates
        .into_iter()
        .filter_map(|(i, j)| {
            let s = jaccard(sets[i], sets[j]);
            (s >= threshold).then_some((i, j, s))
        })
        .collect();
    out.sort_by_key(|p| (p.0, p.1));
    out
}

fn all_pairs(n: usize) -> Vec<(usize, usize)> {
    (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect()
}

/// The pairs of sets that share a band of their MinHash signatures. In a
/// bucket past `max_bucket`, a set `every` names (a record holding a pair
/// allow, whose pair with the bucket's first may be cleared) is paired with
/// each member still, as the first is: its next pair is then found too.
pub fn lsh_candidates(sets: &[&[Shingle]], lsh: Lsh, every: &[bool]) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let k = lsh.bands * lsh.rows;
    let sigs: Vec<Vec<u32>> = sets.par_iter().map(|s| minhash(s, k)).collect();
    let mut pairs = Vec::new();
    for band in 0..lsh.bands {
        let mut buckets: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (doc, sig) in sigs.iter().enumerate() {
            if sets[doc].is_empty() {
                continue;
            }
            let mut h = FxHasher::default();
            sig[band * lsh.rows..(band + 1) * lsh.rows].hash(&mut h);
            buckets.entry(h.finish()).or_default().push(doc);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            // Members are in document order: the first is the earliest.
            let firsts = if members.len() > lsh.max_bucket { 1 } else { members.len() };
            for (x, &i) in members[..firsts].iter().enumerate() {
                for &j in &members[x + 1..] {
                    pairs.push((i, j));
                }
            }
            for &i in members[firsts..].iter().filter(|&&i| every[i]) {
                pairs.extend(members[1..].iter().filter(|&&j| j != i).map(|&j| (i.min(j), i.max(j))));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The longest run of words two texts share (for showing what was reused).
pub fn longest_shared_passage(a: &str, b: &str) -> String {
    let mut ids = FxHashMap::default();
    let (wa, na) = passage_words(a, &mut ids);
    let (_, nb) = passage_words(b, &mut ids);
    // A shared run of n words holds shared runs of every shorter length, so
    // the longest length is found by bisection: a few passes over both
    // texts, where comparing every pair of positions grew with the square
    // of their length (seconds for a pasted novel-length use case).
    let (mut shared, mut unshared) = (0, na.len().min(nb.len()) + 1);
    while unshared - shared > 1 {
        let mid = shared + (unshared - shared) / 2;
        match first_shared_run(&na, &nb, mid) {
            Some(_) => shared = mid,
            None => unshared = mid,
        }
    }
    match first_shared_run(&na, &nb, shared) {
        Some(start) if shared > 0 => wa[start..start + shared].join(" "),
        _ => String::new(),
    }
}

/// The words of a text as written, and as numbers: the same normalised
/// word, the same id. Words that normalise to nothing (a lone dash) are
/// `BLANK` and never match.
fn passage_words<'t>(t: &'t str, ids: &mut FxHashMap<String, u32>) -> (Vec<&'t str>, Vec<u32>) {
    let raw: Vec<&str> = t.split_whitespace().collect();
    let numbered = raw
        .iter()
        .map(|w| {
            let norm = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            if norm.is_empty() {
                return BLANK;
            }
            let next = ids.len() as u32;
            *ids.entry(norm).or_insert(next)
        })
        .collect();
    (raw, numbered)
}

const BLANK: u32 = u32::MAX;

/// Where the first run of `len` words of `a` that `b` holds too starts.
/// The first in `a` is the one quoted: it reads best beside the record.
fn first_shared_run(a: &[u32], b: &[u32], len: usize) -> Option<usize> {
    if len == 0 {
        return Some(0);
    }
    // `b`'s windows sorted by hash: one allocation, where a map of lists
    // made one per window.
    let mut in_b: Vec<(u64, usize)> = window_hashes(b, len).map(|(j, h)| (h, j)).collect();
    in_b.sort_unstable();
    // Equal hashes are compared word by word: a collision costs time only.
    let same = |i: usize, j: usize| a[i..i + len] == b[j..j + len];
    let shared = |i: usize, h: u64| {
        let from = in_b.partition_point(|&(x, _)| x < h);
        in_b[from..].iter().take_while(|&&(x, _)| x == h).any(|&(_, j)| same(i, j))
    };
    window_hashes(a, len).find(|&(i, h)| shared(i, h)).map(|(i, _)| i)
}

/// The start and rolling hash of every window of `len` words that holds no
/// `BLANK` word.
fn window_hashes(words: &[u32], len: usize) -> impl Iterator<Item = (usize, u64)> + '_ {
    const BASE: u64 = 0x9E37_79B9_7F4A_7C15;
    let drop = BASE.wrapping_pow(len as u32);
    let (mut hash, mut blanks) = (0u64, 0usize);
    words.iter().enumerate().filter_map(move |(i, &w)| {
        hash = hash.wrapping_mul(BASE).wrapping_add(u64::from(w));
        blanks += usize::from(w == BLANK);
        if i >= len {
            let old = words[i - len];
            hash = hash.wrapping_sub(u64::from(old).wrapping_mul(drop));
            blanks -= usize::from(old == BLANK);
        }
        (i + 1 >= len && blanks == 0).then(|| (i + 1 - len, hash))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str, services: &[Range<usize>]) -> Vec<Shingle> {
        let mut words = Words::default();
        words.text(text, services.iter().cloned());
        words.shingles(2)
    }

    #[test]
    fn a_name_reported_for_several_groups_is_masked_once() {
        assert_eq!(
            masked("runs on Aurora at scale", std::slice::from_ref(&(8..14))),
            masked("runs on Aurora at scale", &[8..14, 8..14])
        );
    }

    #[test]
    fn one_scan_finds_the_words_that_reading_the_text_does() {
        let idx = &*crate::services::DEFAULT;
        let pieces = [
            "Aurora",
            "PostgreSQL",
            "s3",
            "S3_bucket",
            "_",
            "__x",
            "a_b_",
            "ECS",
            "on",
            "Fargate",
            "2024",
            "4o",
            "AbCdEfGhIjK",
            "12345678901",
            "x",
            "-",
            ", ",
            "\n",
            "  ",
            "_Kinesis_",
            "Amazon",
            "Bedrock",
            "lambda",
            "aws",
        ];
        let mut state = 7u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state = seed(state as usize).0;
                text.push_str(pieces[(state >> 7) as usize % pieces.len()]);
                text.push_str([" ", "", ".", "  \n"][(state >> 3) as usize % 4]);
            }
            let mut scanned = Words::default();
            let found = idx.scan(&text, |t| scanned.token(&text, t));
            let mut read = Words::default();
            read.text(&text, found.into_iter().map(|(_, r)| r));
            assert_eq!(scanned.0, read.0, "{text:?}");
        }
    }

    #[test]
    fn a_word_hashes_alike_in_ascii_and_in_unicode_text() {
        let mut ascii = Words::default();
        ascii.text("Stream 42 ALPHANUMERICS x", []);
        let mut unicode = Words::default();
        unicode.text("Stream 42 ALPHANUMERICS x é", []);
        assert_eq!(ascii.0[..], unicode.0[..4]);
        assert_eq!(ascii.0[1], NUMBER_WORD);
        assert_ne!(ascii.0[0], ascii.0[3]);
    }

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard::<u32>(&[], &[]), 0.0);
    }

    #[test]
    fn numbers_and_service_names_do_not_separate_texts() {
        let idx = &*crate::services::DEFAULT;
        let a = shingle_set("About 40 million events land in Kinesis, then Athena.", idx, 3);
        let b = shingle_set("about 60 MILLION events land in MSK, then Redshift!", idx, 3);
        assert_eq!(a, b);
        assert_ne!(a, shingle_set("About 40 million rows land in Kinesis, then Athena.", idx, 3));
        assert!(shingle_set("", idx, 3).is_empty());
        assert_eq!(shingle_set("one two", idx, 3).len(), 1);
    }

    #[test]
    fn lsh_finds_near_duplicates_among_many() {
        let idx = &*crate::services::DEFAULT;
        let text = |seed: usize| -> Vec<String> {
            (0..120).map(|i| format!("w{}", super::seed(seed * 1000 + i).0 % 5000)).collect()
        };
        let mut docs: Vec<Vec<Shingle>> = (0..300).map(|s| shingle_set(&text(s).join(" "), idx, 3)).collect();
        let mut dup = text(7);
        dup[60] = "changed".into();
        docs.push(shingle_set(&dup.join(" "), idx, 3));
        let sets: Vec<&[Shingle]> = docs.iter().map(Vec::as_slice).collect();
        let fast = similar_pairs(&sets, 0.5, 10, Lsh::default(), &[false; 301]);
        let exact = similar_pairs(&sets, 0.5, usize::MAX, Lsh::default(), &[false; 301]);
        assert_eq!(fast.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(), vec![(7, 300)]);
        assert_eq!(fast.len(), exact.len());
    }

    #[test]
    fn lsh_finds_a_cluster_larger_than_a_bucket() {
        let idx = &*crate::services::DEFAULT;
        let words: Vec<String> = (0..120).map(|i| format!("w{}", super::seed(i).0 % 5000)).collect();
        let docs: Vec<Vec<Shingle>> = (0..300)
            .map(|n| {
                let mut copy = words.clone();
                copy[n % 120] = format!("edit{n}");
                shingle_set(&copy.join(" "), idx, 3)
            })
            .collect();
        let sets: Vec<&[Shingle]> = docs.iter().map(Vec::as_slice).collect();
        let lsh = Lsh { max_bucket: 50, ..Lsh::default() };
        let pairs = similar_pairs(&sets, 0.5, 10, lsh, &[false; 300]);
        let paired: std::collections::BTreeSet<usize> = pairs.iter().flat_map(|p| [p.0, p.1]).collect();
        assert_eq!(paired.len(), 300, "every copy is paired with some other");
        assert!(pairs.len() < 300 * 299 / 2 / 4, "without comparing every pair: {}", pairs.len());
        // A copy holding a pair allow is paired with the others of its
        // buckets too, so its pair after the first is found.
        let mut every = [false; 300];
        every[150] = true;
        let with = similar_pairs(&sets, 0.5, 10, lsh, &every);
        let of = |pairs: &[(usize, usize, f64)]| pairs.iter().filter(|p| p.0 == 150 || p.1 == 150).count();
        assert!(of(&with) > of(&pairs) && of(&with) > 150, "{} then {}", of(&pairs), of(&with));
        assert!(pairs.iter().all(|p| with.contains(p)), "the others' pairs stay");
    }

    #[test]
    fn longest_passage() {
        assert_eq!(longest_shared_passage("We run the API on ECS.", "They run the API on EKS."), "run the API on");
        // The first longest run wins; case and punctuation do not separate words.
        assert_eq!(longest_shared_passage("a b x c d", "c d y a b"), "a b");
        assert_eq!(longest_shared_passage("Data, then more", "data then"), "Data, then");
        assert_eq!(longest_shared_passage("- - -", "- - -"), "");
        assert_eq!(longest_shared_passage("a - b c", "a - b c"), "b c", "a dash breaks a run");
        assert_eq!(longest_shared_passage("", "x"), "");
    }

    /// The passage is the first longest run of `a`, as the quadratic search
    /// over all pairs of word positions finds it.
    #[test]
    fn longest_passage_is_the_first_longest_run() {
        fn naive(a: &[&str], b: &[&str]) -> String {
            let norm = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            let (mut best, mut at) = (0, 0);
            for i in 0..a.len() {
                for j in 0..b.len() {
                    let n = (0..(a.len() - i).min(b.len() - j))
                        .take_while(|&k| !norm(a[i + k]).is_empty() && norm(a[i + k]) == norm(b[j + k]))
                        .count();
                    // Ends first, as a run ending earlier in `a` comes first.
                    if n > best || (n == best && n > 0 && i + n < at + best) {
                        (best, at) = (n, i);
                    }
                }
            }
            a[at..at + best].join(" ")
        }
        let vocabulary = ["a", "B", "b.", "c", "-", "d", "E", "e", "f"];
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        for round in 0..2000 {
            // Mostly short texts, where every length is tried; some long.
            let most = if round % 10 == 0 { 60 } else { 14 };
            let a: Vec<&str> = (0..next(most)).map(|_| vocabulary[next(vocabulary.len())]).collect();
            let b: Vec<&str> = (0..next(most)).map(|_| vocabulary[next(vocabulary.len())]).collect();
            assert_eq!(longest_shared_passage(&a.join(" "), &b.join(" ")), naive(&a, &b), "{a:?} / {b:?}");
        }
    }
}
