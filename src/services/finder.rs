//! Finds service names in free text, word by word. An alias matches as
//! whole words, ignoring ASCII case (a cased one only as written), with
//! any run of whitespace where the alias has a space (`Aurora  PostgreSQL`
//! across a line break counts); at one position the longest alias wins. This is what one big regex
//! alternation of the aliases did, at a fraction of its cost: each word is
//! hashed once, and most are rejected by one bit of a small filter.

use crate::words::{self, Word};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// What `Finder::scan` reads: an alias (its index) or another word (a run
/// of ASCII letters, digits and `_`, as `words::read` reads it), with its
/// byte range.
#[derive(Debug, PartialEq)]
pub enum Token {
    Alias(usize, Range<usize>),
    Word(Range<usize>, Word),
}

#[derive(Debug)]
pub struct Finder {
    /// Each alias in the form `Window` gives the text: ASCII lowercased,
    /// one space for each run of whitespace.
    aliases: Vec<Vec<u8>>,
    /// For an alias that counts only in the letter case written, that
    /// form.
    exact: Vec<Option<String>>,
    /// Hash of a first word → the aliases starting with it, in
    /// priority order, each with the two bytes of its form that follow
    /// that word (`None` for an alias of one word).
    by_first: FxHashMap<u64, Vec<Candidate>>,
    /// Bit `filter_bit` of every first word: a quick "no".
    filter: [u64; FILTER_WORDS],
    longest_first_word: usize,
}

/// An alias (its index) and the two bytes of its form after its first
/// word, if it has more words.
type Candidate = (usize, Option<[u8; 2]>);

/// 4,096 bits: with about a hundred first words, one other word in forty
/// gets past the filter to a lookup.
const FILTER_WORDS: usize = 64;

#[inline]
fn is_word(b: u8) -> bool {
    words::WORD.holds(b)
}

/// Where a hash's bit of the filter is: the word, and the bit in it.
fn filter_bit(hash: u64) -> (usize, u64) {
    let bit = (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// `alias` as `Window` reads text: ASCII lowercased, each run of
/// whitespace one space.
fn normal_form(alias: &str) -> Vec<u8> {
    super::single_spaced(alias).to_ascii_lowercase().into_bytes()
}

impl Finder {
    /// A finder for `aliases`, none of them cased.
    #[cfg(test)]
    pub fn new(aliases: &[String]) -> Result<Finder, String> {
        Finder::with_case(aliases, &[])
    }

    /// A finder for `aliases` (normalised, in priority order: the first
    /// that matches at a position wins). Each must start and end with a
    /// letter, digit or `_`, as a whole-word match needs. Those `cased`
    /// marks (by index; any past its end are not) match only in the letter
    /// case they are written in ("Transcribe" the service, not
    /// "transcribe" the verb).
    pub fn with_case(aliases: &[String], cased: &[bool]) -> Result<Finder, String> {
        let mut finder = Finder {
            aliases: Vec::new(),
            exact: Vec::new(),
            by_first: FxHashMap::default(),
            filter: [0; FILTER_WORDS],
            longest_first_word: 0,
        };
        for (i, alias) in aliases.iter().enumerate() {
            let normal = normal_form(alias);
            let ends_in_words =
                normal.first().is_some_and(|&b| is_word(b)) && normal.last().is_some_and(|&b| is_word(b));
            if !ends_in_words {
                return Err(format!("alias `{alias}` must start and end with a letter, digit or `_`"));
            }
            let first_word = &normal[..word_end(&normal, 0)];
            let hash = words::read(first_word, 0..first_word.len()).hash;
            let (word, bit) = filter_bit(hash);
            finder.filter[word] |= bit;
            let follow = normal.get(first_word.len()..first_word.len() + 2).map(|f| [f[0], f[1]]);
            finder.by_first.entry(hash).or_default().push((i, follow));
            finder.longest_first_word = finder.longest_first_word.max(first_word.len());
            finder.aliases.push(normal);
            let exact = cased.get(i).copied().unwrap_or(false);
            finder.exact.push(exact.then(|| super::single_spaced(alias)));
        }
        Ok(finder)
    }

    /// Every alias found in `text`, left to right, without overlaps: (the
    /// alias's index, its byte range).
    pub fn find_all(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        self.scan(text, |token| {
            if let Token::Alias(alias, range) = token {
                out.push((alias, range));
            }
        });
        out
    }

    /// Reads `text` once, word by word, passing each alias found and each
    /// word outside them to `token`, in order.
    pub fn scan(&self, text: &str, mut token: impl FnMut(Token)) {
        let bytes = text.as_bytes();
        let mut window = Window::default();
        // Past the end of the last alias found: its other words are in it.
        let mut next = 0;
        for range in words::spans(bytes, words::WORD) {
            if range.start < next {
                continue;
            }
            let word = words::read(bytes, range.clone());
            // Most words start no alias: told here, without a call.
            let found = match self.may_start(range.len(), word.hash) {
                true => self.alias_at(text, range.clone(), word.hash, &mut window),
                false => None,
            };
            match found {
                Some((alias, to)) => {
                    token(Token::Alias(alias, range.start..to));
                    next = to;
                }
                None => token(Token::Word(range, word)),
            }
        }
    }

    /// Whether a word of `len` bytes hashing to `hash` may be the first
    /// word of an alias: `false` is sure.
    #[inline]
    fn may_start(&self, len: usize, hash: u64) -> bool {
        let (word, bit) = filter_bit(hash);
        len <= self.longest_first_word && self.filter[word] & bit != 0
    }

    /// The alias that matches at the word `first` of `text`, and where it
    /// ends.
    #[inline(never)]
    fn alias_at(&self, text: &str, first: Range<usize>, hash: u64, window: &mut Window) -> Option<(usize, usize)> {
        let candidates = self.by_first.get(&hash)?;
        // After "AWS" or "Amazon" come scores of aliases: comparing the
        // two bytes that follow the word first rules out nearly all of
        // them at once.
        let follow = Follow::read(text, first.end);
        window.start(first.start);
        candidates.iter().filter(|(_, f)| follow.allows(*f)).find_map(|&(a, _)| {
            let alias = &self.aliases[a];
            let end = match plain_match(text.as_bytes(), first.start, alias) {
                Some(decided) => decided,
                None => window.ends_match(text, alias),
            }?;
            let as_written = self.exact[a]
                .as_ref()
                .is_none_or(|exact| text[first.start..end].split_whitespace().eq(exact.split(' ')));
            as_written.then_some((a, end))
        })
    }
}

/// The two bytes the window would hold right after a text's word, read
/// from the text's bytes without the window: an alias of more words
/// matches there only if its form goes on with the same two.
enum Follow {
    Bytes([u8; 2]),
    /// The window would hold fewer than two bytes: the text ends there.
    Short,
    /// A non-ASCII character stands where only the window can tell
    /// whether it is whitespace.
    Unknown,
}

impl Follow {
    fn read(text: &str, at: usize) -> Follow {
        let bytes = text.as_bytes();
        let Some(&first) = bytes.get(at) else { return Follow::Short };
        if first >= 0x80 {
            return Follow::Unknown;
        }
        let second = if is_ascii_space(first) {
            // The window reads a run of whitespace as one space, and
            // keeps the bytes of a non-ASCII character as they are.
            match text[at..].trim_start().as_bytes().first() {
                Some(&b) => b.to_ascii_lowercase(),
                None => return Follow::Short,
            }
        } else {
            match bytes.get(at + 1) {
                Some(&b) if b >= 0x80 => return Follow::Unknown,
                Some(&b) if is_ascii_space(b) => b' ',
                Some(&b) => b.to_ascii_lowercase(),
                None => return Follow::Short,
            }
        };
        let first = if is_ascii_space(first) { b' ' } else { first.to_ascii_lowercase() };
        Follow::Bytes([first, second])
    }

    /// Whether an alias whose form goes on with `follow` after its first
    /// word may match here.
    fn allows(&self, follow: Option<[u8; 2]>) -> bool {
        match (self, follow) {
            (_, None) | (Follow::Unknown, _) => true,
            (Follow::Bytes(here), Some(f)) => *here == f,
            (Follow::Short, Some(_)) => false,
        }
    }
}

/// The ASCII bytes `char::is_whitespace` holds true of (`\x0B` too),
/// which the window reads as a space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// What `Window::ends_match` answers, decided on the text's bytes as they
/// are, where that is possible: most texts put one space between words,
/// and most candidates differ from the text within a few bytes, so the
/// window is seldom needed. `None` when whitespace other than one space
/// stands where the alias has a space (only the window can tell).
fn plain_match(bytes: &[u8], start: usize, alias: &[u8]) -> Option<Option<usize>> {
    let Some(text) = bytes.get(start..start + alias.len()) else {
        // The window never holds more bytes than the text from `start`.
        return Some(None);
    };
    for (k, (&t, &a)) in text.iter().zip(alias).enumerate() {
        let same = if a == b' ' {
            let single_space = t == b' ' && !bytes.get(start + k + 1).is_some_and(|&n| maybe_space(n));
            if !single_space && maybe_space(t) {
                return None;
            }
            single_space
        } else {
            // Byte for byte, ASCII case folded, as the window reads the
            // text where it holds no whitespace.
            t.to_ascii_lowercase() == a
        };
        if !same {
            return Some(None);
        }
    }
    let end = start + alias.len();
    Some((!bytes.get(end).is_some_and(|&b| is_word(b))).then_some(end))
}

/// Whether a byte may be (part of) whitespace: ASCII whitespace, or any
/// byte of a non-ASCII character (some of which are spaces).
fn maybe_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0B || b >= 0x80
}

/// The text from a word on, as aliases are compared with it: ASCII
/// lowercased, each run of whitespace one space; with the text offset of
/// each of its bytes. Read only as far as a comparison needs: most
/// candidates differ within a few bytes.
#[derive(Default)]
struct Window {
    bytes: Vec<u8>,
    offsets: Vec<usize>,
    /// Where reading goes on in the text.
    next: usize,
}

impl Window {
    fn start(&mut self, at: usize) {
        self.bytes.clear();
        self.offsets.clear();
        self.next = at;
    }

    /// Reads on until the window holds more than `len` bytes or the text
    /// ends.
    fn fill(&mut self, text: &str, len: usize) {
        while self.bytes.len() <= len {
            // Most of a text is ASCII letters and digits: those without
            // decoding a character.
            match text.as_bytes().get(self.next) {
                Some(&b) if b.is_ascii_alphanumeric() => {
                    self.offsets.push(self.next);
                    self.next += 1;
                    self.bytes.push(b.to_ascii_lowercase());
                    continue;
                }
                None => return,
                _ => {}
            }
            let Some(c) = text[self.next..].chars().next() else { return };
            let at = self.next;
            self.offsets.push(at);
            self.next += c.len_utf8();
            if c.is_whitespace() {
                let rest = &text[self.next..];
                self.next += rest.len() - rest.trim_start().len();
                self.bytes.push(b' ');
            } else if c.is_ascii() {
                self.bytes.push((c as u8).to_ascii_lowercase());
            } else {
                let mut utf8 = [0u8; 4];
                let encoded = c.encode_utf8(&mut utf8).as_bytes();
                self.bytes.extend_from_slice(encoded);
                self.offsets.extend(std::iter::repeat_n(at, encoded.len() - 1));
            }
        }
    }

    /// Where in the text `alias` ends if the window starts with it as
    /// whole words.
    fn ends_match(&mut self, text: &str, alias: &[u8]) -> Option<usize> {
        self.fill(text, alias.len());
        if !self.bytes.starts_with(alias) {
            return None;
        }
        match self.bytes.get(alias.len()) {
            Some(&next) if is_word(next) => None,
            Some(_) => Some(self.offsets[alias.len()]),
            None => Some(self.next),
        }
    }
}

#[inline]
fn word_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| !is_word(b)).map_or(bytes.len(), |n| from + n)
}

#[cfg(test)]
mod tests {
    use super::Finder;
    use std::ops::Range;

    fn found(aliases: &[&str], text: &str) -> Vec<String> {
        let aliases: Vec<String> = aliases.iter().map(|a| a.to_string()).collect();
        let f = Finder::new(&aliases).unwrap();
        f.find_all(text).into_iter().map(|(_, r)| text[r].to_string()).collect()
    }

    #[test]
    fn whole_words_longest_first_any_case_and_spacing() {
        let aliases = ["aurora postgresql", "aurora", "s3", "x-ray"];
        assert_eq!(found(&aliases, "Aurora\n  PostgreSQL, then aurora."), ["Aurora\n  PostgreSQL", "aurora"]);
        assert_eq!(found(&aliases, "S3_bucket S3s xS3 S3-based"), ["S3"]);
        assert_eq!(found(&aliases, "X-Ray traces; x-RAY"), ["X-Ray", "x-RAY"]);
        assert_eq!(found(&aliases, "Auroraé S3é"), ["Aurora", "S3"]);
        assert!(found(&aliases, "").is_empty());
    }

    #[test]
    fn finds_what_one_regex_of_all_aliases_finds() {
        let idx = &*crate::services::DEFAULT;
        let aliases: Vec<String> = idx.alias_names().map(str::to_string).collect();
        let finder = Finder::new(&aliases).unwrap();
        let alternation: Vec<String> = aliases.iter().map(|a| regex::escape(a).replace(' ', r"\s+")).collect();
        let regex = regex::Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alternation.join("|"))).unwrap();
        let words = [
            "Amazon",
            "S3",
            "aws",
            "Lambda",
            "glue",
            "Aurora",
            "PostgreSQL",
            "elastic",
            "load",
            "balancing",
            "x-ray",
            "Kinesis",
            "Data",
            "Streams",
            "s3x",
            "_s3",
            "ECS",
            "Fargate",
            "EKS",
            "the",
            "and",
            "ä",
            "2024",
            "Web",
            "Services",
            "Bedrock",
            "SageMaker",
            "Lambda",
            "CloudWatch",
            "Simple",
            "Queue",
        ];
        let gaps = [
            " ",
            "  ",
            "\n",
            "\t ",
            "\u{b}",
            "\u{a0}",
            "-",
            ", ",
            "",
            "_",
            ".",
            " é ",
            "\r\n",
            " \u{2003}",
            "\u{85}",
            "-\u{a0}",
            "- ",
        ];
        let mut state = 3u64;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let (mut found, mut across_space) = (0, 0);
        for _ in 0..10000 {
            let mut text = String::new();
            for _ in 0..next(16) {
                text.push_str(words[next(words.len())]);
                text.push_str(gaps[next(gaps.len())]);
            }
            let expected: Vec<Range<usize>> = regex.find_iter(&text).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> = finder.find_all(&text).into_iter().map(|(_, r)| r).collect();
            assert_eq!(got, expected, "{text:?}");
            found += got.len();
            across_space += got.iter().filter(|r| text[(*r).clone()].contains(char::is_whitespace)).count();
        }
        assert!(found > 3000 && across_space > 50, "{found} found, {across_space} across a space");
    }

    #[test]
    fn a_cased_alias_matches_only_as_written() {
        let aliases: Vec<String> = ["transcribe medical", "Transcribe"].map(String::from).to_vec();
        let f = Finder::with_case(&aliases, &[false, true]).unwrap();
        let found =
            |text: &str| -> Vec<String> { f.find_all(text).into_iter().map(|(_, r)| text[r].to_string()).collect() };
        assert_eq!(found("Transcribe turns calls into text; we transcribe notes"), ["Transcribe"]);
        assert_eq!(
            found("TRANSCRIBE, Transcribe Medical and transcribe  medical"),
            ["Transcribe Medical", "transcribe  medical"]
        );
    }

    #[test]
    fn long_words_are_fine() {
        let long = "a".repeat(100);
        assert_eq!(found(&[&long], &format!("x {long} y")), [long]);
        assert!(found(&["s3"], &"b".repeat(200)).is_empty());
    }

    #[test]
    fn rejects_aliases_that_cannot_match_as_words() {
        assert!(Finder::new(&[".NET".to_string()]).is_err());
        assert!(Finder::new(&["C++".to_string()]).is_err());
        assert!(Finder::new(&["  ".to_string()]).unwrap_err().contains("must start and end"));
    }
}
