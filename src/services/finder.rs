//! Finds service names in free text, word by word. An alias matches as
//! whole words, ignoring ASCII case, with any run of whitespace where the
//! alias has a space (`Aurora  PostgreSQL` across a line break counts);
//! at one position the longest alias wins. This is what one big regex
//! alternation of the aliases did, at a fraction of its cost: most words
//! of a paragraph are rejected by a two-byte table before any lookup.

use rustc_hash::FxHashMap;
use std::ops::Range;

/// A piece of an alias: a word (ASCII letters, digits, `_`), a run of
/// whitespace, or one other character taken literally.
#[derive(Debug, PartialEq)]
enum Piece {
    Word(Vec<u8>),
    Space,
    Char(char),
}

/// What `Finder::scan` reads: an alias (its index) or another word (a run
/// of ASCII letters, digits and `_`), with its byte range.
#[derive(Debug, PartialEq)]
pub enum Token {
    Alias(usize, Range<usize>),
    Word(Range<usize>),
}

#[derive(Debug)]
pub struct Finder {
    /// Aliases as pieces, longest first.
    aliases: Vec<Vec<Piece>>,
    /// Lowercased first word → the aliases starting with it, longest first.
    by_first: FxHashMap<Vec<u8>, Vec<usize>>,
    /// Bit (first byte, second byte or 0) of every first word: a quick "no".
    starts: Vec<u64>,
    /// Bit (length, last byte) of every first word: a second quick "no".
    ends: Vec<u64>,
    longest_first_word: usize,
}

/// ASCII letters, digits and `_`: what a regex's ASCII `\b` counts as word.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

fn is_word(b: u8) -> bool {
    WORD[b as usize]
}

fn start_bit(word: &[u8]) -> usize {
    let second = word.get(1).map_or(0, u8::to_ascii_lowercase);
    (word[0].to_ascii_lowercase() as usize) << 8 | second as usize
}

fn end_bit(word: &[u8]) -> usize {
    word.len().min(63) << 8 | word[word.len() - 1].to_ascii_lowercase() as usize
}

fn set(bits: &mut [u64], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

fn has(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

fn pieces(alias: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = alias.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii() && is_word(c as u8) {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek().filter(|(_, d)| d.is_ascii() && is_word(*d as u8)) {
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(Piece::Word(alias[i..end].to_ascii_lowercase().into_bytes()));
        } else if c.is_whitespace() {
            while chars.peek().is_some_and(|(_, d)| d.is_whitespace()) {
                chars.next();
            }
            out.push(Piece::Space);
        } else {
            out.push(Piece::Char(c));
        }
    }
    out
}

impl Finder {
    /// A finder for `aliases` (normalised, in priority order: the first
    /// that matches at a position wins). Each must start and end with a
    /// letter, digit or `_`, as a whole-word match needs.
    pub fn new(aliases: &[String]) -> Result<Finder, String> {
        let mut finder = Finder {
            aliases: Vec::new(),
            by_first: FxHashMap::default(),
            starts: vec![0; 1 << 10],
            ends: vec![0; 1 << 8],
            longest_first_word: 0,
        };
        for (i, alias) in aliases.iter().enumerate() {
            let p = pieces(alias);
            let (Some(Piece::Word(first)), Some(Piece::Word(_))) = (p.first(), p.last()) else {
                return Err(format!("alias `{alias}` must start and end with a letter, digit or `_`"));
            };
            let bit = start_bit(first);
            set(&mut finder.starts, bit);
            let bit = end_bit(first);
            set(&mut finder.ends, bit);
            finder.longest_first_word = finder.longest_first_word.max(first.len());
            finder.by_first.entry(first.clone()).or_default().push(i);
            finder.aliases.push(p);
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
        let mut lower = vec![0u8; self.longest_first_word];
        let mut i = 0;
        while i < bytes.len() {
            if !is_word(bytes[i]) {
                i += 1;
                continue;
            }
            let end = word_end(bytes, i);
            let word = &bytes[i..end];
            let found = (word.len() <= self.longest_first_word
                && has(&self.starts, start_bit(word))
                && has(&self.ends, end_bit(word)))
            .then(|| {
                let lower = &mut lower[..word.len()];
                lower.copy_from_slice(word);
                lower.make_ascii_lowercase();
                let candidates = self.by_first.get(&lower[..])?;
                candidates.iter().find_map(|&a| Some((a, self.match_at(text, i, &self.aliases[a])?)))
            })
            .flatten();
            match found {
                Some((alias, to)) => {
                    token(Token::Alias(alias, i..to));
                    i = to;
                }
                None => {
                    token(Token::Word(i..end));
                    i = end;
                }
            }
        }
    }

    /// Where `alias` ends if it matches at `at` (a word start).
    fn match_at(&self, text: &str, mut at: usize, alias: &[Piece]) -> Option<usize> {
        let bytes = text.as_bytes();
        for piece in alias {
            match piece {
                Piece::Word(w) => {
                    let end = word_end(bytes, at);
                    if !bytes[at..end].eq_ignore_ascii_case(w) {
                        return None;
                    }
                    at = end;
                }
                Piece::Space => {
                    let rest = &text[at..];
                    let trimmed = rest.trim_start();
                    if trimmed.len() == rest.len() {
                        return None;
                    }
                    at += rest.len() - trimmed.len();
                }
                Piece::Char(c) => {
                    let next = text[at..].chars().next()?;
                    if !next.eq_ignore_ascii_case(c) {
                        return None;
                    }
                    at += next.len_utf8();
                }
            }
        }
        Some(at)
    }
}

fn word_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| !is_word(b)).map_or(bytes.len(), |n| from + n)
}

#[cfg(test)]
mod tests {
    use super::Finder;

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
    fn long_words_are_fine() {
        let long = "a".repeat(100);
        assert_eq!(found(&[&long], &format!("x {long} y")), [long]);
        assert!(found(&["s3"], &"b".repeat(200)).is_empty());
    }

    #[test]
    fn rejects_aliases_that_cannot_match_as_words() {
        assert!(Finder::new(&[".NET".to_string()]).is_err());
        assert!(Finder::new(&["C++".to_string()]).is_err());
    }
}
