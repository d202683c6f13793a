//! `pattern`: a regex a text field must match (`must-match`) or must not
//! (`must-not-match`), or a list of phrases it must not contain.

use super::{text, Check, Hit, Screenable, View};
use crate::diagnostic::Target;
use crate::rules::decode::{matches_within, phrase_regex, whole_words, Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use regex::Regex;

pub const VARS: &[&str] = &["field", "value", "match"];

#[derive(Debug)]
pub struct Pattern {
    fields: Vec<Path>,
    must_match: Option<Regex>,
    must_not_match: Option<Regex>,
    /// Whether `must_not_match` folds case (for the screen's copy of it).
    fold_case: bool,
    /// `must_not_match` holds phrases, whose matches count only as whole
    /// words (see `whole_words`).
    phrases: bool,
    /// Reads every string (`/**`) and only forbids a pattern that can be
    /// looked for in the record's source text at once (see `RecordText`).
    whole_record: bool,
    /// `must_not_match` names the words to quote `(?P<quote>…)`: it reads
    /// on past them to see what follows (the regex has no look-ahead).
    quote_group: bool,
}

impl Pattern {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let fields = p.paths("field")?;
        if fields.is_empty() {
            return Err(p.missing("field"));
        }
        let ci = p.bool("case-insensitive", false)?;
        let must_match = p.regex("must-match", ci)?;
        let mut must_not_match = p.regex("must-not-match", ci)?;
        let mut fold_case = ci;
        let mut is_phrases = false;
        if let Some(phrases) = p.strings("phrases")? {
            fold_case = true;
            is_phrases = true;
            if must_not_match.is_some() {
                return Err(p.error("phrases", "give `phrases` or `must-not-match`, not both"));
            }
            must_not_match = Some(phrase_regex(&phrases).map_err(|m| p.error("phrases", m))?);
        }
        if must_match.is_none() && must_not_match.is_none() {
            return Err(p.missing("must-match`, `must-not-match` or `phrases"));
        }
        let whole_record = must_match.is_none()
            && must_not_match.as_ref().is_some_and(matches_within)
            && fields.iter().any(Path::reads_every_string);
        let quote_group =
            !is_phrases && must_not_match.as_ref().is_some_and(|re| re.capture_names().any(|n| n == Some("quote")));
        Ok(Pattern { fields, must_match, must_not_match, fold_case, phrases: is_phrases, whole_record, quote_group })
    }
}

impl Pattern {
    /// The first match of `must_not_match` in `s`.
    fn forbidden<'s>(&self, s: &'s str) -> Option<regex::Match<'s>> {
        let re = self.must_not_match.as_ref()?;
        if self.phrases {
            re.find_iter(s).find(|m| whole_words(s, m.range()))
        } else {
            re.find(s)
        }
    }

    /// Where the words `{match}` quotes are in `s`: the `quote` group of
    /// the first match when the regex names one, else the whole match. A
    /// pattern may end on the space after its last word, or on what
    /// follows a `quote` group (Rust's regex has no look-ahead), or start
    /// on the spaces before its first (`^\s*none`): the quote is the words.
    fn quoted(&self, s: &str) -> Option<std::ops::Range<usize>> {
        let m = self.forbidden(s)?;
        let group = self.quote_group.then(|| self.must_not_match.as_ref()?.captures_at(s, m.start())?.name("quote"));
        let found = group.flatten().unwrap_or(m);
        let words = found.as_str().trim_start();
        let start = found.end() - words.len();
        Some(start..start + words.trim_end().len())
    }

    fn bad(&self, s: &str) -> bool {
        // `is_match` first: most texts hold no match at all.
        let forbidden = self.must_not_match.as_ref().is_some_and(|re| re.is_match(s)) && self.forbidden(s).is_some();
        forbidden || self.must_match.as_ref().is_some_and(|re| !re.is_match(s))
    }
}

impl Check for Pattern {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        if !view.screened.may_match(self) {
            return Vec::new();
        }
        // One search of the source instead of one per string: a pattern
        // absent from the record's text is absent from all its strings.
        let forbidden = self.must_not_match.as_ref().filter(|_| self.whole_record);
        if forbidden.is_some_and(|re| view.source.unescaped().is_some_and(|text| !re.is_match(text))) {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for path in &self.fields {
            for (ptr, v) in view.flagged(path, |v| v.as_str().is_some_and(|s| self.bad(s))) {
                let s = v.as_str().unwrap_or_default();
                let found = self.quoted(s);
                // A forbidden match is about its words: the finding points
                // at them. A string that fails `must-match` is wrong as a
                // whole.
                let target = match &found {
                    Some(words) if !words.is_empty() => Target::Text { start: words.start, end: words.end },
                    _ => Target::Value,
                };
                let quote = found.map(|words| s[words].to_string()).unwrap_or_default();
                let name = crate::json::pointer::tokens(&ptr).last().unwrap_or_default();
                hits.push(
                    Hit::at(ptr, target)
                        .arg("field", Arg::Text(name))
                        .arg("value", text(v))
                        .arg("match", Arg::Text(quote)),
                );
            }
        }
        hits
    }

    /// A pattern that must not match is screened, unless it reads every
    /// string of the record (`/**`): the screen is for a few long texts.
    fn screen(&self) -> Option<Screenable<'_>> {
        let re = self.must_not_match.as_ref().filter(|_| self.must_match.is_none())?;
        if self.fields.iter().any(Path::reads_every_string) {
            return None;
        }
        let flags = if self.fold_case { "(?i)" } else { "" };
        Some(Screenable { fields: &self.fields, pattern: format!("{flags}{}", re.as_str()) })
    }
}
