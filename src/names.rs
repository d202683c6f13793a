//! Names as people write them in a record's free fields, compared the way
//! a reader does: without case or punctuation (`Core-platform` is `core
//! platform`), and with placeholders (`TBD`, `N/A`, `None`) telling
//! nothing.

/// A name's words, lowercased, without punctuation, one space apart; `&`
/// reads as `and`. `Core platform` and `core-platform` fold alike, and so
/// do `Search & ranking` and `search and ranking`.
pub fn fold(name: &str) -> String {
    let name = name.replace('&', " and ").to_lowercase();
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.join(" ")
}

/// Whether a folded name is made of `placeholders` (folded too) only, end
/// to end, however they split its words (`n a tbd` of `n a` and `tbd`); an
/// empty name is. A placeholder that starts a longer one does not hide it
/// (`to be` is not `to` followed by anything).
pub fn only_placeholders(key: &str, placeholders: &[String]) -> bool {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    // Most names are no placeholder at all, and say so at their first
    // word: no placeholder starts with it.
    let starts = |p: &String| p.split(' ').next() == words.first().copied();
    if !words.is_empty() && !placeholders.iter().any(starts) {
        return false;
    }
    // covered[i]: the words from i on are placeholders end to end.
    let mut covered = vec![false; words.len() + 1];
    covered[words.len()] = true;
    for i in (0..words.len()).rev() {
        covered[i] = placeholders.iter().any(|p| {
            let n = p.split(' ').count();
            words.get(i..i + n).is_some_and(|w| p.split(' ').eq(w.iter().copied())) && covered[i + n]
        });
    }
    covered[0]
}

#[cfg(test)]
mod tests {
    use super::{fold, only_placeholders};

    #[test]
    fn names_fold_without_case_or_punctuation() {
        assert_eq!(fold("Core-platform  (v2)"), "core platform v2");
        assert_eq!(fold("Search&ranking"), "search and ranking");
        assert_eq!(fold(" N/A. "), "n a");
    }

    #[test]
    fn a_name_of_placeholders_only_tells_nothing() {
        let placeholders: Vec<String> = ["tbd", "n a", "project"].map(String::from).to_vec();
        assert!(only_placeholders("", &placeholders));
        assert!(only_placeholders("tbd", &placeholders));
        assert!(only_placeholders("n a tbd", &placeholders));
        assert!(!only_placeholders("project phoenix", &placeholders));
        assert!(!only_placeholders("projects", &placeholders));
        assert!(!only_placeholders("tbd2", &placeholders));
        let overlapping: Vec<String> = ["to", "to be determined"].map(String::from).to_vec();
        assert!(only_placeholders("to be determined", &overlapping));
        assert!(!only_placeholders("to be", &overlapping));
    }
}
