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
    let w = fold(word);
    if w.is_empty() {
        return None;
    }
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let f = fold(c);
        let score = if f == w {
            2.0
        } else if w.len() >= 8 && (f.starts_with(&w) || w.starts_with(&f)) {
            1.5
        } else {
            let jw = strsim::jaro_winkler(&w, &f);
            let lev = strsim::levenshtein(&w, &f);
            if lev <= 2 && w.len() > 3 {
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
