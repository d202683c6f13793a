//! Reading typed parameters out of a rule's TOML (as JSON values), with
//! every error tied to the pointer of the offending key, so the loader can
//! report it at its line and column.

use super::data::DataFiles;
use super::path::Path;
use regex::Regex;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};
use std::sync::{LazyLock, Mutex};

#[derive(Debug)]
pub struct DecodeError {
    pub pointer: String,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, DecodeError>;

/// A rule's parameter table, with the pointer it sits at in the file.
pub struct Params<'a> {
    pub at: String,
    pub map: &'a Map<String, Value>,
    pub data: &'a DataFiles,
}

/// The longest pattern a rule file may define; with the `regex` crate's
/// linear-time matching this bounds the cost of any rule.
pub const MAX_PATTERN_LEN: usize = 20_000;

impl<'a> Params<'a> {
    pub fn new(at: impl Into<String>, value: &'a Value, data: &'a DataFiles) -> Result<Params<'a>> {
        let at = at.into();
        match value.as_object() {
            Some(map) => Ok(Params { at, map, data }),
            None => Err(DecodeError { pointer: at, message: "expected a table".into() }),
        }
    }

    pub fn ptr(&self, key: &str) -> String {
        crate::json::pointer::join(&self.at, key)
    }

    pub fn error(&self, key: &str, message: impl Into<String>) -> DecodeError {
        DecodeError { pointer: self.ptr(key), message: message.into() }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// An error at the first key of the table that is not one of `known`
    /// (`what` names the table), with a "did you mean".
    pub fn only(&self, what: &str, known: &[&str]) -> Result<()> {
        match self.unknown_key(known.iter().copied()) {
            None => Ok(()),
            Some((key, hint)) => {
                Err(self.error(key, format!("{what} has no key `{key}`{hint} (it takes: {})", known.join(", "))))
            }
        }
    }

    /// The first key of the table that is not one of `known`, with a "did
    /// you mean" for it: a misspelt key would otherwise be ignored, and
    /// the table silently mean something else.
    pub fn unknown_key<'k>(&self, known: impl Iterator<Item = &'k str> + Clone) -> Option<(&'a str, String)> {
        let key = self.map.keys().find(|k| !known.clone().any(|known| known == k.as_str()))?;
        Some((key.as_str(), crate::suggest::hint(key, known)))
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub fn str(&self, key: &str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error(key, "expected a string")),
        }
    }

    pub fn req_str(&self, key: &str) -> Result<&'a str> {
        self.str(key)?.ok_or_else(|| self.missing(key))
    }

    pub fn missing(&self, key: &str) -> DecodeError {
        DecodeError { pointer: self.at.clone(), message: format!("missing parameter `{key}`") }
    }

    pub fn num(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| self.error(key, "expected a number")),
        }
    }

    /// A count of years, days or items: a whole number from 0 to 10,000
    /// (more years than that would carry a date past the calendar).
    pub fn count(&self, key: &str) -> Result<Option<f64>> {
        match self.num(key)? {
            Some(n) if !(0.0..=10_000.0).contains(&n) || n.fract() != 0.0 => {
                Err(self.error(key, "expected a whole number from 0 to 10000"))
            }
            n => Ok(n),
        }
    }

    pub fn bool(&self, key: &str, default: bool) -> Result<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.error(key, "expected true or false")),
        }
    }

    pub fn path(&self, key: &str) -> Result<Option<Path>> {
        self.str(key)?.map(|s| Path::parse(s).map_err(|m| self.error(key, m))).transpose()
    }

    pub fn req_path(&self, key: &str) -> Result<Path> {
        self.path(key)?.ok_or_else(|| self.missing(key))
    }

    /// A list of paths, or a single path.
    pub fn paths(&self, key: &str) -> Result<Vec<Path>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![Path::parse(s).map_err(|m| self.error(key, m))?]),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let at = format!("{}/{i}", self.ptr(key));
                    let s = v
                        .as_str()
                        .ok_or_else(|| DecodeError { pointer: at.clone(), message: "expected a path".into() })?;
                    Path::parse(s).map_err(|message| DecodeError { pointer: at, message })
                })
                .collect(),
            Some(_) => Err(self.error(key, "expected a path or a list of paths")),
        }
    }

    pub fn regex(&self, key: &str, case_insensitive: bool) -> Result<Option<Regex>> {
        let Some(src) = self.str(key)? else { return Ok(None) };
        compile_regex(src, case_insensitive).map(Some).map_err(|m| self.error(key, m))
    }

    /// Strings given inline (`key`) or read from a data file (`key-from`).
    pub fn strings(&self, key: &str) -> Result<Option<Vec<String>>> {
        if let Some(v) = self.get(key) {
            let items = v.as_array().ok_or_else(|| self.error(key, "expected a list"))?;
            let items = items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect();
            return Ok(Some(items));
        }
        let from = format!("{key}-from");
        let Some(file) = self.str(&from)? else { return Ok(None) };
        let field_key = format!("{key}-field");
        let field = self.str(&field_key)?;
        self.data.strings_named_by(file, field, &format!("`{field_key}`")).map(Some).map_err(|m| self.error(&from, m))
    }
}

/// A rule file's regex. The rule set's screen (`rules::screen`) rebuilds
/// `must-not-match` patterns from their source and the case flag alone: a
/// builder option added here must be added there too.
///
/// Compiling is most of loading the rule set, and rules share regexes (a
/// negation list, a product prefix): each source is compiled once per
/// process, and the rules holding it share the compiled program.
pub fn compile_regex(src: &str, case_insensitive: bool) -> std::result::Result<Regex, String> {
    type Compiled = FxHashMap<(String, bool), std::result::Result<Regex, String>>;
    static COMPILED: LazyLock<Mutex<Compiled>> = LazyLock::new(Default::default);
    let key = (src.to_string(), case_insensitive);
    // A poisoned lock only means another thread panicked mid-insert; the
    // map itself is still whole.
    if let Some(done) = COMPILED.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return done.clone();
    }
    let compiled = compile_uncached(src, case_insensitive);
    COMPILED.lock().unwrap_or_else(|e| e.into_inner()).insert(key, compiled.clone());
    compiled
}

fn compile_uncached(src: &str, case_insensitive: bool) -> std::result::Result<Regex, String> {
    if src.len() > MAX_PATTERN_LEN {
        return Err(format!("pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}", src.len()));
    }
    regex::RegexBuilder::new(src)
        .case_insensitive(case_insensitive)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| format!("invalid regular expression: {}", e.to_string().lines().last().unwrap_or("")))
}

/// Whether a match of the regex inside a string is also a match inside any
/// text that holds the string verbatim between quotes, such as a record's
/// source without escapes: true unless the regex anchors to the start or
/// end of the text or of a line. (Word boundaries carry over: a quote is
/// no word character, just as the edge of the string is none.)
pub fn matches_within(re: &Regex) -> bool {
    regex_syntax::Parser::new().parse(re.as_str()).is_ok_and(|hir| !hir.properties().look_set().contains_anchor())
}

/// One case-insensitive regex matching any of the phrases as whole words:
/// a phrase that starts or ends with a letter or digit does not match
/// inside a longer word there; one that starts or ends with punctuation
/// (`etc.`, `(TBD)`) matches wherever that punctuation is.
pub fn phrase_regex(phrases: &[String]) -> std::result::Result<Regex, String> {
    if phrases.is_empty() {
        return Err("the phrase list is empty: give at least one phrase".into());
    }
    let mut alternatives = Vec::new();
    for phrase in phrases {
        let phrase = phrase.trim();
        let (Some(first), Some(last)) = (phrase.chars().next(), phrase.chars().last()) else {
            return Err("an empty phrase would match every text".into());
        };
        let body = phrase.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"\s+");
        alternatives.push(format!("{}{body}{}", word_edge(first), word_edge(last)));
    }
    compile_regex(&format!("(?:{})", alternatives.join("|")), true)
}

/// The word boundary for a phrase that starts or ends with `c`: ASCII
/// only, since a Unicode `\b` makes the regex engine leave its fast
/// automaton on any non-ASCII text. It lets through matches next to a
/// non-ASCII letter (`test` in `testée`), and has none for a non-ASCII
/// letter edge: `whole_words` judges those after the search.
fn word_edge(c: char) -> &'static str {
    if c.is_ascii_alphanumeric() || c == '_' {
        r"(?-u:\b)"
    } else {
        ""
    }
}

/// Whether the match of a phrase at `range` of `text` stands as whole
/// words: an edge of it that is a letter, digit or `_` is not next to
/// another one.
pub fn whole_words(text: &str, range: std::ops::Range<usize>) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let found = &text[range.clone()];
    let joined_before =
        found.chars().next().is_some_and(word) && text[..range.start].chars().next_back().is_some_and(word);
    let joined_after =
        found.chars().next_back().is_some_and(word) && text[range.end..].chars().next().is_some_and(word);
    !joined_before && !joined_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_as_whole_words_at_letter_edges_only() {
        let list = |ps: &[&str]| phrase_regex(&ps.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        let re = list(&["TBD", "etc.", "(later)", "C++", "étude", "to  be\tdone"]).unwrap();
        let finds = |text: &str| re.find_iter(text).any(|m| whole_words(text, m.range()));
        for hit in
            ["it is tbd.", "S3, etc. and more", "the plan (later) is", "we use C++ here", "une étude", "to be done"]
        {
            assert!(finds(hit), "{hit}");
        }
        for miss in ["TBDs", "xTBD", "etcetera", "préétude", "to bedone", "TBDé", "éTBD"] {
            assert!(!finds(miss), "{miss}");
        }
        assert!(list(&[]).unwrap_err().contains("empty"));
        assert!(list(&["TBD", "  "]).unwrap_err().contains("empty phrase"));
    }

    #[test]
    fn anchored_patterns_cannot_be_searched_within_other_text() {
        let within = |src: &str| matches_within(&compile_regex(src, true).unwrap());
        assert!(within(r"\{\{[^{}]*\}\}"));
        assert!(within(r"(?-u:\b)(?:tbd|to\s+be\s+decided)(?-u:\b)"));
        assert!(!within("^Other$"));
        assert!(!within(r"(?m)end$"));
        assert!(!within(r"\Astart"));
    }
}
