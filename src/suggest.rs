//! "Did you mean" for keys, enum values and product identifiers.

/// Folds case, `&`/`and` and punctuation so `Computers & Electronics`
/// meets `Computers and Electronics` and `Dynamo DB` meets `DynamoDB`.
fn fold(s: &str) -> String {
    let folded: String = s.to_lowercase().replace('&', "and").chars().filter(|c| c.is_alphanumeric()).collect();
    // `CloudWatch` is `AmazonCloudWatch`: the vendor prefix carries no meaning.
    for prefix in ["amazon", "aws"] {
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
            let jw = strsim::jaro_winkler(&w, f);
            // The edit distance is at least the difference in length.
            let near = w_chars.abs_diff(f.chars().count()) <= 2 && strsim::levenshtein(&w, f) <= 2;
            if near && w.len() > 3 {
                1.0 + jw / 10.0
            } else if jw >= 0.88 {
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

#[cfg(test)]
mod tests {
    use super::closest;

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
    }
}
