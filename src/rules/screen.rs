//! One pass over a record's texts for every `must-not-match` pattern of the
//! rule set. Each pattern rule scanning the same long use-case text on its
//! own made regex search the largest share of checking a clean record; the
//! screen runs all of them together, once, and a check whose pattern
//! matched nowhere in the record is not run, nor are its conditions (some
//! of which search the same texts). A pattern that did match runs its own
//! search as before, so the screen can only skip work, never change a
//! finding.

use super::path::{Path, Resolved};
use super::Rule;
use regex::RegexSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// What a check offers to the screen: the fields it reads and the source of
/// the pattern that must not match them (case folding included).
pub struct Screenable<'c> {
    pub fields: &'c [Path],
    pub pattern: String,
}

#[derive(Debug)]
pub struct Screen {
    /// Per field some screened pattern reads: the patterns that read it.
    fields: Vec<FieldScreen>,
    /// Per rule (by index in the set), per check: its pattern's slot, if
    /// the check is screened.
    slots: Vec<Vec<Option<usize>>>,
    /// How many patterns are screened (slots `0..patterns`).
    patterns: usize,
}

/// A rule set's screen, built by the first thread to ask for it. Building
/// takes tens of milliseconds: meanwhile the other threads go on checking
/// records unscreened rather than wait for it.
#[derive(Debug, Default)]
pub struct ScreenCell {
    screen: OnceLock<Option<Screen>>,
    claimed: AtomicBool,
}

impl ScreenCell {
    /// The screen of `rules`, built now by the first caller; `None` while
    /// another thread builds it, or when nothing can be screened.
    pub fn get(&self, rules: &[Rule]) -> Option<&Screen> {
        if let Some(built) = self.screen.get() {
            return built.as_ref();
        }
        if self.claimed.swap(true, Ordering::AcqRel) {
            return None;
        }
        self.screen.get_or_init(|| Screen::build(rules)).as_ref()
    }

    /// Whether the screen has been built and holds patterns.
    pub fn built(&self) -> bool {
        self.screen.get().is_some_and(Option::is_some)
    }
}

/// The patterns that read one field, run together on its texts. A set per
/// field rather than one for every field: a pattern meant for a short
/// field (a model backbone) grows the automaton that reads the long
/// use-case texts, and its counted repetitions slowed that read by half.
#[derive(Debug)]
struct FieldScreen {
    path: Path,
    set: RegexSet,
    /// The slot of each of `set`'s patterns.
    slots: Vec<usize>,
}

/// The outcome of screening one record.
#[derive(Debug, Default)]
pub struct Screened<'s> {
    /// `None`: nothing was screened, every pattern may match.
    screen: Option<&'s Screen>,
    matched: Vec<bool>,
}

impl Screen {
    /// The screen of the enabled rules' checks; `None` when no check can be
    /// screened or a field's patterns together are too large for one
    /// automaton.
    pub fn build(rules: &[Rule]) -> Option<Screen> {
        let mut patterns: Vec<(String, &[Path])> = Vec::new();
        let mut slots: Vec<Vec<Option<usize>>> = rules.iter().map(|r| vec![None; r.checks.len()]).collect();
        for (rule, slots) in rules.iter().zip(&mut slots).filter(|(r, _)| r.enabled) {
            for (entry, slot) in rule.checks.iter().zip(slots) {
                let Some(s) = entry.check.screen() else { continue };
                if unicode_word_boundary(&s.pattern) {
                    continue;
                }
                *slot = Some(patterns.len());
                patterns.push((s.pattern, s.fields));
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let mut paths: Vec<&Path> = Vec::new();
        for path in patterns.iter().flat_map(|(_, fields)| fields.iter()) {
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
        let fields = paths.into_iter().map(|path| FieldScreen::build(path, &patterns)).collect::<Option<_>>()?;
        Some(Screen { fields, slots, patterns: patterns.len() })
    }

    /// Which patterns match any of their fields in a record.
    pub fn scan(&self, paths: &Resolved<'_>) -> Screened<'_> {
        let mut matched = vec![false; self.patterns];
        for field in &self.fields {
            for text in paths.values(&field.path).iter().filter_map(|v| v.as_str()) {
                // Most texts match no pattern: asking whether any matches
                // stops early and lets the set's literal prefilter skip
                // ahead, where naming every match reads the whole text in
                // the automaton.
                if !field.set.is_match(text) {
                    continue;
                }
                for i in field.set.matches(text).iter() {
                    matched[field.slots[i]] = true;
                }
            }
        }
        Screened { screen: Some(self), matched }
    }
}

impl FieldScreen {
    fn build(path: &Path, patterns: &[(String, &[Path])]) -> Option<FieldScreen> {
        let (slots, sources): (Vec<usize>, Vec<&str>) = patterns
            .iter()
            .enumerate()
            .filter(|(_, (_, fields))| fields.contains(path))
            .map(|(slot, (pattern, _))| (slot, pattern.as_str()))
            .unzip();
        let set = regex::RegexSetBuilder::new(sources).size_limit(1 << 24).dfa_size_limit(1 << 24).build().ok()?;
        Some(FieldScreen { path: path.clone(), set, slots })
    }
}

/// Whether the pattern holds a Unicode `\b` or `\B`. The regex engine's
/// fast automaton gives up on such a pattern at the first non-ASCII byte
/// of a text (an `é` in a name is enough) and falls back to its slowest
/// engine for the whole set; on its own, the pattern costs only its own
/// search.
fn unicode_word_boundary(pattern: &str) -> bool {
    // Parsing a long case-folded pattern is a large part of building the
    // screen; most patterns have no word boundary at all, or only the
    // ASCII ones that phrase lists and rule files are written with.
    if !may_hold_unicode_word_boundary(pattern) {
        return false;
    }
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| {
        let looks = hir.properties().look_set();
        looks.contains_word_unicode()
    })
}

/// `false` when the pattern's text alone shows it has no Unicode word
/// boundary: every escape that could be one (`\b`, `\B`, `\<`, `\>`,
/// `\b{start}`…) is absent or written as an ASCII group `(?-u:\b)` or
/// `(?-u:\B)`, where the `u` flag is off whatever surrounds it. `true`
/// means only "parse it to know".
fn may_hold_unicode_word_boundary(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(br"(?-u:\b)") || rest.starts_with(br"(?-u:\B)") {
            i += br"(?-u:\b)".len();
        } else if rest[0] == b'\\' {
            // An escape is two bytes; `\\b` is a backslash and a `b`.
            if rest.get(1).is_some_and(|c| matches!(c, b'b' | b'B' | b'<' | b'>')) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

impl Screened<'_> {
    /// Whether check `entry` of rule `rule` (indices in the rule set) has
    /// nothing to find in this record: it was screened, and its pattern
    /// matched nowhere.
    pub fn silent(&self, rule: usize, entry: usize) -> bool {
        let Some(screen) = self.screen else { return false };
        let slot = screen.slots.get(rule).and_then(|checks| checks.get(entry)).copied().flatten();
        slot.is_some_and(|i| !self.matched[i])
    }
}

#[cfg(test)]
mod tests {
    use super::{may_hold_unicode_word_boundary, unicode_word_boundary};

    #[test]
    fn only_unicode_word_boundaries_keep_a_pattern_out_of_the_screen() {
        assert!(unicode_word_boundary(r"(?i)^\s*(?:none|n/?a)\b"));
        assert!(unicode_word_boundary(r"\Bx"));
        assert!(!unicode_word_boundary(r"(?i)(?-u:\b)(?:tbd|later)(?-u:\b)"));
        assert!(!unicode_word_boundary(r"^Other$"));
    }

    /// The quick look at the text never says "no" where the parse says
    /// "yes".
    #[test]
    fn the_text_look_misses_no_unicode_word_boundary() {
        let cases = [
            r"\bword\b",
            r"(?i)x\B",
            r"\<w\>",
            r"\b{start}w",
            r"(?-u:\b)a(?-u:\B)b",
            r"(?-u:\b)a\b",
            r"\\b",
            r"\\\b",
            r"\(?-u:\b",
            r"[(](?-u:\b)",
            r"(?-u)\b(?u:\b)",
            r"(?x) (?-u:\b) a # \b",
            r"^Other$",
            r"\d+\.\d+",
        ];
        for pattern in cases {
            let parsed = regex_syntax::Parser::new()
                .parse(pattern)
                .is_ok_and(|hir| hir.properties().look_set().contains_word_unicode());
            assert!(!parsed || may_hold_unicode_word_boundary(pattern), "{pattern}");
            assert_eq!(unicode_word_boundary(pattern), parsed, "{pattern}");
        }
        assert!(!may_hold_unicode_word_boundary(r"(?i)(?-u:\b)(?:tbd|later)(?-u:\b)"));
        assert!(!may_hold_unicode_word_boundary(r"\\b"));
        // An escaped `(` opens no group: the `\b` after it is Unicode.
        assert!(may_hold_unicode_word_boundary(r"\(?-u:\b"));
    }
}
