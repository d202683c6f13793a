//! "Did you mean" for keys, enum values and product identifiers.

/// The vendor's names, which a product or program name may start with or
/// not (`AmazonCloudWatch`, `AWS Activate Portfolio`), lowercased.
pub const VENDOR_PREFIXES: [&str; 2] = ["amazon", "aws"];

/// Folds case, `&`/`and` and punctuation so `Computers & Electronics`
/// meets `Computers and Electronics` and `Dynamo DB` meets `DynamoDB`.
fn fold(s: &str) -> String {
    let folded: String = s.to_lowercase().replace('&', "and").chars().filter(|c| c.is_alphanumeric()).collect();
    // `CloudWatch` is `AmazonCloudWatch`: the vendor prefix carries no meaning.
    for prefix in VENDOR_PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix).filter(|r| r.len() >= 2) {
            return rest.to_string();
        }
    }
    folded
}

/// The candidate closest to `word`, if any is close enough to be a likely
/// typo: the same letters once folded, a prefix match on a long word, or a
/// Jaro-Winkler score of 0.88 or more, or an edit distance of at most 2.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    best(word, candidates.into_iter().map(|c| (c, fold(c))))
}

/// `; did you mean `x`?` for the closest candidate, or nothing: the tail
/// of an error message about a misspelt key, rule or value.
pub fn hint<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
}

/// Candidates folded once, for a long list consulted on every finding of a
/// rule (AWS's 522 product identifiers).
#[derive(Debug, Default)]
pub struct Folded {
    items: Vec<(String, String)>,
}

impl Folded {
    pub fn new<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Folded {
        Folded { items: candidates.into_iter().map(|c| (c.to_string(), fold(c))).collect() }
    }

    /// What `closest` would answer for these candidates.
    pub fn closest(&self, word: &str) -> Option<&str> {
        best(word, self.items.iter().map(|(c, f)| (c.as_str(), f.as_str())))
    }
}

/// The Jaro-Winkler score from which a candidate counts as a likely typo.
const CLOSE: f64 = 0.88;

fn best<'a, F: AsRef<str>>(word: &str, candidates: impl Iterator<Item = (&'a str, F)>) -> Option<&'a str> {
    let w = fold(word);
    if w.is_empty() {
        return None;
    }
    let w_chars = w.chars().count();
    let mut best: Option<(f64, &'a str)> = None;
    for (c, f) in candidates {
        let f = f.as_ref();
        let score = if f == w {
            2.0
        } else if w.len() >= 8 && (f.starts_with(&w) || w.starts_with(f)) {
            1.5
        } else {
            let f_chars = f.chars().count();
            // The edit distance is at least the difference in length.
            let near_length = w_chars.abs_diff(f_chars) <= 2;
            if !near_length && !jaro_winkler_may_reach(w_chars, f_chars, CLOSE) {
                continue;
            }
            let jw = strsim::jaro_winkler(&w, f);
            // Two edits on a short word leave little of it; one (a swap
            // counts as one: `mni` for `min`) is still a typo.
            let edits = if near_length { strsim::osa_distance(&w, f) } else { usize::MAX };
            let near = edits <= 2 && w.len() > 3 || edits <= 1 && w_chars >= 3;
            if near {
                1.0 + jw / 10.0
            } else if jw >= CLOSE {
                jw
            } else {
                continue;
            }
        };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether strings of these lengths (in characters) can have a
/// Jaro-Winkler similarity of `threshold` (at least 0.7). Jaro counts
/// matching characters, at most the shorter length, and Winkler's prefix
/// bonus adds at most `0.4 × (1 − jaro)`: most of AWS's product names are
/// ruled out by their length alone, without the quadratic comparison.
fn jaro_winkler_may_reach(a: usize, b: usize, threshold: f64) -> bool {
    let (short, long) = (a.min(b) as f64, a.max(b) as f64);
    let jaro_bound = (1.0 + short / long + 1.0) / 3.0;
    0.6 * jaro_bound + 0.4 >= threshold - 1e-9
}

#[cfg(test)]
mod tests {
    use super::{closest, jaro_winkler_may_reach};

    #[test]
    fn the_length_bound_never_rules_out_a_close_pair() {
        let mut state = 11u64;
        let mut word = |len: usize| -> String {
            (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    b"aabc"[(state >> 62) as usize] as char
                })
                .collect()
        };
        let mut close = 0;
        for n in 0..20_000 {
            let (a, b) = (word(1 + n % 13), word(1 + n / 13 % 17));
            let jw = strsim::jaro_winkler(&a, &b);
            if jw >= 0.7 {
                close += 1;
                assert!(jaro_winkler_may_reach(a.len(), b.len(), jw), "{a} {b} {jw}");
            }
        }
        assert!(close > 1000, "{close}");
    }

    #[test]
    fn typical_slips() {
        let industries = ["Computers and Electronics", "Consumer Goods", "Software and Internet"];
        assert_eq!(closest("Computers & Electronics", industries), Some("Computers and Electronics"));
        let keys = ["CustomerBusinessProblem", "CustomerUseCase", "Title"];
        assert_eq!(closest("CustomerBuisnessProblem", keys), Some("CustomerBusinessProblem"));
        let products = ["AmazonKinesisDataStreamsKDS", "AmazonKinesisVideoStreams", "AmazonS3"];
        assert_eq!(closest("AmazonKinesisDataStreams", products), Some("AmazonKinesisDataStreamsKDS"));
        assert_eq!(closest("Zebra", keys), None);
        let watch = ["AmazonCloudWatch", "CloudWatchOmni", "AmazonCloudWatchRUM"];
        assert_eq!(closest("CloudWatch", watch), Some("AmazonCloudWatch"));
        // A short key with two letters swapped, or one wrong; not two edits.
        let params = ["value", "at", "min", "max", "hard-min"];
        assert_eq!(closest("mni", params), Some("min"));
        assert_eq!(closest("mix", params), Some("min"));
        assert_eq!(closest("amx", params), Some("max"));
        assert_eq!(closest("xyz", params), None);
        assert_eq!(closest("ta", params), None);
    }
}
