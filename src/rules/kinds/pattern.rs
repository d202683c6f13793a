//! `pattern`: a regex a text field must match (`must-match`) or must not
//! (`must-not-match`), or a list of phrases it must not contain. A
//! forbidden match that a negation just before it denies ("does not
//! compete with AWS") is no match: the regex has no look-behind to say so.

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
    /// Words that deny a forbidden match they stand just before.
    negations: Option<Negations>,
}

/// `negations`: phrases that, ending within `window` words before a
/// forbidden match in its clause, make it no match.
#[derive(Debug)]
struct Negations {
    phrases: Regex,
    window: usize,
    /// Words after which a negation denies nothing, folded to lower case:
    /// "not only resells", "can't wait to resell".
    exceptions: Vec<String>,
}

/// Words a negation reaches over by default: "does not compete", "does
/// not directly compete", "will never again resell".
const DEFAULT_WINDOW: usize = 3;

/// What ends the clause a negation speaks in: sentence and clause marks,
/// a line break (list items), brackets and dashes. A comma too: "not
/// only a scheduling app, we resell GPU capacity" keeps its finding; the
/// price is a parenthetical ("does not, however, compete") left reported.
const CLAUSE_ENDS: &[char] = &['.', ';', '!', '?', ':', ',', '\n', '(', ')', '\u{2013}', '\u{2014}'];

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
        let negations = Negations::decode(p, must_not_match.is_some())?;
        Ok(Pattern {
            fields,
            must_match,
            must_not_match,
            fold_case,
            phrases: is_phrases,
            whole_record,
            quote_group,
            negations,
        })
    }
}

impl Negations {
    fn decode(p: &Params<'_>, forbids: bool) -> Result<Option<Self>> {
        let Some(mut phrases) = p.strings("negations")? else {
            let alone =
                ["negation-window", "negation-exceptions", "negation-exceptions-from"].into_iter().find(|k| p.has(k));
            return match alone {
                Some(k) => Err(p.error(k, format!("`{k}` goes only with `negations`"))),
                None => Ok(None),
            };
        };
        let key = if p.has("negations") { "negations" } else { "negations-from" };
        if !forbids {
            return Err(p.error(key, "`negations` go only with `must-not-match` or `phrases`"));
        }
        // Typed text has either apostrophe: "doesn't" and "doesn’t".
        let curly: Vec<String> =
            phrases.iter().filter(|n| n.contains(['\'', '\u{2019}'])).map(|n| n.replace('\'', "\u{2019}")).collect();
        let straight: Vec<String> = curly.iter().map(|n| n.replace('\u{2019}', "'")).collect();
        phrases.extend(curly.into_iter().chain(straight));
        let window = match p.count("negation-window")? {
            Some(n) if n < 1.0 => return Err(p.error("negation-window", "a window of 0 words negates nothing")),
            Some(n) => n as usize,
            None => DEFAULT_WINDOW,
        };
        let phrases = phrase_regex(&phrases).map_err(|m| p.error(key, m))?;
        let exceptions = p.strings("negation-exceptions")?.unwrap_or_default();
        let exceptions = exceptions.iter().map(|w| w.to_lowercase()).collect();
        Ok(Some(Negations { phrases, window, exceptions }))
    }

    /// Whether a negation ends within the `window` words before `start`,
    /// in the clause `start` is in.
    fn deny(&self, s: &str, start: usize) -> bool {
        let before = &s[..start];
        let clause = before.rfind(CLAUSE_ENDS).map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
        let reach = window_start(&before[clause..], self.window) + clause;
        self.phrases
            .find_iter(&before[clause..])
            .map(|m| clause + m.start()..clause + m.end())
            // A negation hyphenated onto the next word makes an adjective
            // ("a not-for-profit resells"): it denies nothing further on.
            .any(|m| {
                m.end > reach
                    && whole_words(s, m.clone())
                    && !s[m.end..].starts_with('-')
                    && !self.excepted(&s[m.end..])
            })
    }

    /// Whether the word after a negation takes the denial back: "not only
    /// resells GPU capacity" still resells it.
    fn excepted(&self, after: &str) -> bool {
        let next = after.split_whitespace().next().unwrap_or_default();
        let word = next.trim_end_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        self.exceptions.contains(&word)
    }
}

/// Where the last `n` words of `text` start (its start when it has fewer):
/// a word is a run of non-space characters with a letter or digit in it,
/// so a dash or a bullet is none.
fn window_start(text: &str, n: usize) -> usize {
    let words = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric));
    let nth_last = words.rev().nth(n - 1);
    nth_last.map_or(0, |w| w.as_ptr() as usize - text.as_ptr() as usize)
}

/// Where to look for a match after one at `at` that does not count: past
/// the word it starts in, so that a later match overlapping it is still
/// found but a suffix of the same word is not ("resells", then "sells").
fn past_word(s: &str, at: usize) -> usize {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let rest = &s[at..];
    let first = rest.chars().next().map_or(1, char::len_utf8);
    let skip = match rest.chars().next().is_some_and(word) {
        true => rest.find(|c: char| !word(c)).unwrap_or(rest.len()),
        false => first,
    };
    at + skip
}

impl Pattern {
    /// The first match of `must_not_match` in `s` that counts: as whole
    /// words for phrases, and not denied by a negation. `quoted` and `bad`
    /// both read this one, so the finding and its quote agree.
    fn forbidden<'s>(&self, s: &'s str) -> Option<regex::Match<'s>> {
        let re = self.must_not_match.as_ref()?;
        let mut at = 0;
        while let Some(m) = re.find_at(s, at) {
            let whole = !self.phrases || whole_words(s, m.range());
            if whole && !self.negations.as_ref().is_some_and(|n| n.deny(s, self.quote_start(s, m))) {
                return Some(m);
            }
            if m.start() >= s.len() {
                return None;
            }
            at = past_word(s, m.start());
        }
        None
    }

    /// Where a match's quoted words start: a negation denies those words,
    /// so a word the regex reads before them to tell a case apart (the
    /// `no` of "no plans to add AI" left out) is not counted as one.
    fn quote_start(&self, s: &str, m: regex::Match<'_>) -> usize {
        self.quote_of(s, m).start()
    }

    /// The `quote` group of a match when the regex names one, else the
    /// whole match.
    fn quote_of<'s>(&self, s: &'s str, m: regex::Match<'s>) -> regex::Match<'s> {
        let group = self.quote_group.then(|| self.must_not_match.as_ref()?.captures_at(s, m.start())?.name("quote"));
        group.flatten().unwrap_or(m)
    }

    /// Where the words `{match}` quotes are in `s`: the `quote` group of
    /// the first match when the regex names one, else the whole match. A
    /// pattern may end on the space after its last word, or on what
    /// follows a `quote` group (Rust's regex has no look-ahead), or start
    /// on the spaces before its first (`^\s*none`): the quote is the words.
    fn quoted(&self, s: &str) -> Option<std::ops::Range<usize>> {
        let found = self.quote_of(s, self.forbidden(s)?);
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
    /// Negations only take matches away, so the screen's "may match" holds.
    fn screen(&self) -> Option<Screenable<'_>> {
        let re = self.must_not_match.as_ref().filter(|_| self.must_match.is_none())?;
        if self.fields.iter().any(Path::reads_every_string) {
            return None;
        }
        let flags = if self.fold_case { "(?i)" } else { "" };
        Some(Screenable { fields: &self.fields, pattern: format!("{flags}{}", re.as_str()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::data::DataFiles;
    use serde_json::{json, Value};

    fn decode(params: Value) -> Result<Pattern> {
        Pattern::decode(&Params::new("", &params, &DataFiles::builtin())?)
    }

    /// A rule forbidding "compete with AWS" and "resells GPU capacity",
    /// denied by the built-in negations within `window` words.
    fn competitor(window: Option<u64>) -> Pattern {
        let mut params = json!({
            "field": "/Opportunity/Project/Title",
            "must-not-match": r"(?P<quote>\bcompete with AWS|\bresells GPU capacity)(?:\s|[.,;]|$)",
            "case-insensitive": true,
            "negations-from": "data/negations.json",
            "negations-field": "negations",
        });
        if let Some(n) = window {
            params["negation-window"] = json!(n);
        }
        decode(params).unwrap()
    }

    fn quote(p: &Pattern, s: &str) -> Option<String> {
        p.quoted(s).map(|r| s[r].to_string())
    }

    #[test]
    fn the_window_counts_words_with_a_letter_or_digit() {
        let text = "we - do not  really";
        assert_eq!(&text[window_start(text, 1)..], "really");
        assert_eq!(&text[window_start(text, 2)..], "not  really");
        assert_eq!(&text[window_start(text, 4)..], text);
        assert_eq!(window_start(text, 9), 0);
        assert_eq!(window_start("", 3), 0);
    }

    #[test]
    fn a_negation_denies_a_match_it_ends_within_the_window_of() {
        let p = competitor(None);
        for denied in [
            "Kestrelpoint does not compete with AWS.",
            "It never resells GPU capacity",
            "it does not directly compete with AWS",
            "Kestrelpoint doesn\u{2019}t resell or resells GPU capacity",
            "NEVER resells GPU capacity",
            "no longer resells GPU capacity",
            "does not, and never resells GPU capacity",
        ] {
            assert_eq!(quote(&p, denied), None, "{denied}");
            assert!(!p.bad(denied), "{denied}");
        }
        for reported in [
            "We do not use Azure. We resells GPU capacity",
            "not only a scheduling app, it resells GPU capacity",
            "we do not really want to compete with AWS",
            "Notably it resells GPU capacity",
            "a cannot-fail service resells GPU capacity",
            "- we do not use Azure\n- resells GPU capacity",
        ] {
            assert!(p.bad(reported), "{reported}");
            assert!(quote(&p, reported).is_some(), "{reported}");
        }
    }

    #[test]
    fn the_first_match_not_denied_is_the_one_reported() {
        let p = competitor(None);
        let s = "It does not compete with AWS, but it resells GPU capacity.";
        let at = p.quoted(s).unwrap();
        assert_eq!(&s[at.clone()], "resells GPU capacity");
        assert_eq!(at.start, s.find("resells").unwrap());
        assert_eq!(quote(&p, "It does not compete with AWS; it does not resells GPU capacity."), None);
    }

    /// "Not only" and "can't wait to" deny nothing when the rule lists
    /// those next words as exceptions.
    #[test]
    fn an_exception_after_a_negation_takes_the_denial_back() {
        let field = "/Opportunity/Project/Title";
        let rule = |exceptions: serde_json::Value| {
            let mut params =
                json!({ "field": field, "must-not-match": "(?i)resells? GPU capacity", "negations": ["not", "can't"] });
            params["negation-exceptions"] = exceptions;
            decode(params).unwrap()
        };
        let with = rule(json!(["only", "Wait"]));
        assert!(with.forbidden("it not only resells GPU capacity").is_some());
        assert!(with.forbidden("we can't wait to resell GPU capacity").is_some());
        assert!(with.forbidden("it does not resell GPU capacity").is_none());
        let without = rule(json!([]));
        assert!(without.forbidden("it not only resells GPU capacity").is_none());
    }

    #[test]
    fn the_window_is_a_parameter() {
        let s = "we do not really want to compete with AWS";
        assert!(competitor(None).bad(s));
        assert!(!competitor(Some(5)).bad(s));
        assert!(competitor(Some(1)).bad("does not directly compete with AWS"));
    }

    #[test]
    fn without_negations_every_match_counts() {
        let p = decode(json!({ "field": "/Opportunity/Project/Title", "must-not-match": "compete with AWS" })).unwrap();
        assert!(p.bad("does not compete with AWS"));
    }

    #[test]
    fn phrases_take_negations_too() {
        let p = decode(json!({
            "field": "/Opportunity/Project/Title",
            "phrases": ["various workloads"],
            "negations": ["not"],
        }))
        .unwrap();
        assert!(!p.bad("one pipeline, not various workloads"));
        assert_eq!(quote(&p, "not various workloads; various workloads").as_deref(), Some("various workloads"));
    }

    #[test]
    fn a_match_after_one_that_does_not_count_is_found_but_not_a_suffix_of_its_word() {
        assert_eq!(past_word("resells GPU", 0), 7);
        assert_eq!(past_word("a  b", 1), 2);
        assert_eq!(past_word("é", 0), 2);
        let p =
            decode(json!({ "field": "/Opportunity/Project/Title", "must-not-match": "sells", "negations": ["never"] }))
                .unwrap();
        assert!(!p.bad("never resells"));
    }

    #[test]
    fn negation_parameters_are_checked() {
        let field = "/Opportunity/Project/Title";
        let err = |v: Value| decode(v).unwrap_err();
        let e = err(json!({ "field": field, "must-not-match": "x", "negations": ["not"], "negation-window": 0 }));
        assert_eq!(
            (e.pointer.as_str(), e.message.as_str()),
            ("/negation-window", "a window of 0 words negates nothing")
        );
        let e = err(json!({ "field": field, "must-not-match": "x", "negations": ["not"], "negation-window": -1 }));
        assert!(e.message.contains("whole number"), "{}", e.message);
        let e = err(json!({ "field": field, "must-not-match": "x", "negation-window": 3 }));
        assert!(e.message.contains("goes only with `negations`"), "{}", e.message);
        let e = err(json!({ "field": field, "must-match": "x", "negations": ["not"] }));
        assert!(e.message.contains("only with `must-not-match` or `phrases`"), "{}", e.message);
        let e = err(json!({ "field": field, "must-not-match": "x", "negations": [] }));
        assert!(e.message.contains("the phrase list is empty"), "{}", e.message);
        let e = err(json!({ "field": field, "must-not-match": "x", "negations-from": "data/nope.json" }));
        assert_eq!(e.pointer, "/negations-from");
        let e = err(
            json!({ "field": field, "must-not-match": "x", "negations-from": "data/negations.json", "negations-field": "words" }),
        );
        assert_eq!(e.message, "`data/negations.json` has no list `words`");
    }
}
