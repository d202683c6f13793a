//! ASCII words read eight bytes at a time, for the two readers of free
//! text that go word by word (the service-name finder and the use-case
//! shingler): one hash per word, shared by both, that ignores case.

use std::ops::Range;

const LANES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Which bytes make a word: ASCII letters and digits, and `_` or not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Class {
    underscore: bool,
}

/// ASCII letters, digits and `_`: what a regex's ASCII `\b` counts as word
/// (the service-name finder's words).
pub const WORD: Class = Class { underscore: true };

/// ASCII letters and digits (the shingler's words: `_` separates them).
pub const ALNUM: Class = Class { underscore: false };

impl Class {
    pub fn holds(self, b: u8) -> bool {
        b.is_ascii_alphanumeric() || (self.underscore && b == b'_')
    }

    /// The high bit of each byte of `x` set when that byte is of the
    /// class, eight bytes at once (each test is a subtraction whose
    /// borrow stays in its byte, as every byte is below 0x80 first).
    fn lanes(self, x: u64) -> u64 {
        let ascii = !x & HIGH;
        let low = x & !HIGH;
        let at_least = |lo: u8| ((low | HIGH) - LANES * u64::from(lo)) & HIGH;
        let digit = at_least(b'0') & !at_least(b'9' + 1);
        let folded = low | (LANES * 0x20);
        let at_least_folded = |lo: u8| ((folded | HIGH) - LANES * u64::from(lo)) & HIGH;
        let letter = at_least_folded(b'a') & !at_least_folded(b'z' + 1);
        let mut word = digit | letter;
        if self.underscore {
            // A byte of `low ^ "________"` is zero where the byte is `_`.
            let y = low ^ (LANES * u64::from(b'_'));
            let nonzero = (((y & !HIGH) + !HIGH) | y) & HIGH;
            word |= !nonzero & HIGH;
        }
        word & ascii
    }
}

/// Whether `phrase` occurs in `text` as whole words: not inside a longer
/// ASCII word (`config` is in "AWS Config rules", not in "configure").
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(|&b| WORD.holds(b));
    text.match_indices(phrase).any(|(at, _)| (at == 0 || !word(at - 1)) && !word(at + phrase.len()))
}

/// How a word of a text is read: its sentence, and the lines that
/// introduce its list when the sentence is a list item under a heading
/// ending in `:` (see `sentence_around`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub own: Range<usize>,
    /// The heading of the item's list, then the heading of the list that
    /// heading is an item of, and so on out.
    pub headings: Vec<Range<usize>>,
}

impl Sentence {
    /// The headings (if any), then the sentence: read apart, as they are
    /// not one run of the text when other items stand between them.
    pub fn parts(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.headings.iter().cloned().chain(std::iter::once(self.own.clone()))
    }
}

/// The sentence (or `;` clause, paragraph, or list item) of `text` that
/// holds `range`: from after the end mark before it to the end mark after
/// it. An end mark is
/// - `.`, `!` or `?` followed by whitespace or the end of the text, maybe
///   through closing marks (`record.) Redshift`, `record." Redshift`);
///   a dot inside a word (`Node.js`, `v2.1`) or after an abbreviation
///   (`e.g. EKS`, `U.S. region`, `etc. are`) is none, but `etc.` before a
///   capitalised word ends a sentence (`ECS, RDS, etc. Our MAP record`):
///   it ends lists, and the others (`e.g.`, `i.e.`, `vs.`) rarely do;
/// - `;`, with or without a space after it;
/// - a line break before a blank line (a paragraph break), or before a
///   list item (a line starting with a marker of `BULLETS` (`-`, `*`,
///   `•`, `–`…), `1.` or `1)`, and a space).
///
/// Any other line break is none: text wrapped by hand or a heading ending
/// in `:` ("Out of scope:\nEKS for the legacy API") goes on with its
/// sentence. A list item whose list such a heading introduces comes with
/// the heading as a part of its own (and with the heading of an outer list
/// when the heading is itself an item), so that "Out of scope:" speaks of
/// every item under it; the items between them are not read with it, as
/// what one item says is not about the next. A blank line between a
/// heading and its items ends the heading's reach, as it ends a sentence.
pub fn sentence_around(text: &str, range: Range<usize>) -> Sentence {
    let bytes = text.as_bytes();
    let (start, headings) = match (0..range.start.min(bytes.len())).rev().find(|&i| ends_at(bytes, i)) {
        Some(i) if bytes[i] == b'\n' && item_after(bytes, i) => (i + 1, headings(bytes, i)),
        Some(i) => (i + 1, Vec::new()),
        None => (0, Vec::new()),
    };
    let end = (range.end..bytes.len()).find(|&i| ends_at(bytes, i)).unwrap_or(bytes.len());
    Sentence { own: start..end, headings }
}

/// The headings of the item after the line break at `item`: its list's,
/// then, while a heading is itself an item, the heading of that item's
/// list, and so on out.
fn headings(bytes: &[u8], item: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = item;
    while let Some(end) = lead_in(bytes, at) {
        out.push(start_before(bytes, end)..end);
        let line = line_start(bytes, end);
        if line == 0 || !is_item_at(bytes, line) {
            break;
        }
        at = line - 1;
    }
    out
}

/// Where the line holding `at` starts.
fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1)
}

/// Where the sentence that goes on at `at` starts.
fn start_before(bytes: &[u8], at: usize) -> usize {
    (0..at).rev().find(|&i| ends_at(bytes, i)).map_or(0, |i| i + 1)
}

/// Whether `bytes[i]` ends a sentence (see `sentence_around`).
fn ends_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b';' => true,
        b'\n' => blank_line_after(bytes, i) || item_after(bytes, i),
        b'!' | b'?' => space_after_closers(bytes, i + 1),
        b'.' => {
            space_after_closers(bytes, i + 1)
                && !numbers_item(bytes, i)
                && (!after_abbreviation(bytes, i) || (ends_list(bytes, i) && capital_next(bytes, i + 1)))
        }
        _ => false,
    }
}

/// Whether whitespace or the end of the text follows `at`, past any closing
/// brackets and quotes: a sentence may end inside them.
fn space_after_closers(bytes: &[u8], at: usize) -> bool {
    bytes.get(past_closers(bytes, at)).is_none_or(|b| b.is_ascii_whitespace())
}

fn past_closers(bytes: &[u8], mut at: usize) -> usize {
    loop {
        match bytes.get(at..) {
            Some([b')' | b']' | b'"' | b'\'', ..]) => at += 1,
            // `’` and `”` in UTF-8.
            Some([0xE2, 0x80, 0x99 | 0x9D, ..]) => at += 3,
            _ => return at,
        }
    }
}

/// Whether the next word after `at` (past closing marks and whitespace)
/// starts with a capital letter, as a new sentence does.
fn capital_next(bytes: &[u8], at: usize) -> bool {
    let at = past_closers(bytes, at);
    let mut rest = &bytes[at.min(bytes.len())..];
    rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    // A sentence may open with a quote or a bracket: `etc. "Our …`.
    loop {
        let opener = match rest {
            [b'"' | b'\'' | b'(' | b'[', ..] => 1,
            // `‘` and `“` in UTF-8.
            [0xE2, 0x80, 0x98 | 0x9C, ..] => 3,
            _ => break,
        };
        rest = &rest[opener..];
    }
    rest.first().is_some_and(u8::is_ascii_uppercase)
}

/// Abbreviations whose dot a sentence goes on after. English rather than
/// rule data, as the sentence splitter they serve is: few, and no rule
/// would want another list.
const ABBREVIATIONS: &[&str] = &["approx", "cf", "eg", "esp", "etc", "ie", "incl", "vs"];

/// Abbreviations that end a list, and so often a sentence: their dot ends
/// one before a capitalised word.
const LIST_ENDS: &[&str] = &["etc"];

/// Whether the dot at `dot` ends a word of `LIST_ENDS`.
fn ends_list(bytes: &[u8], dot: usize) -> bool {
    let word = &bytes[word_before(bytes, dot)..dot];
    LIST_ENDS.iter().any(|a| a.as_bytes().eq_ignore_ascii_case(word))
}

/// Where the run of letters that ends at `end` starts.
fn word_before(bytes: &[u8], end: usize) -> usize {
    bytes[..end].iter().rposition(|b| !b.is_ascii_alphabetic()).map_or(0, |k| k + 1)
}

/// Whether the dot at `dot` ends an abbreviation: a word of
/// `ABBREVIATIONS`, or a single letter after another dot (the end of
/// `e.g.`, `i.e.`, `U.S.`; a lone `B.` in "plan B." still ends a sentence).
fn after_abbreviation(bytes: &[u8], dot: usize) -> bool {
    let start = word_before(bytes, dot);
    let word = &bytes[start..dot];
    (word.len() == 1 && start > 0 && bytes[start - 1] == b'.')
        || ABBREVIATIONS.iter().any(|a| a.as_bytes().eq_ignore_ascii_case(word))
}

/// Whether the line after the line break at `i` is blank (only spaces,
/// tabs or `\r` before the next line break).
fn blank_line_after(bytes: &[u8], i: usize) -> bool {
    bytes[i + 1..].iter().find(|&&b| !matches!(b, b' ' | b'\t' | b'\r')) == Some(&b'\n')
}

/// Whether the dot at `dot` is the marker of a numbered list item (`1. `
/// at a line's start): the item's line break ends the sentence before it,
/// and the item goes on with its list's heading (see `lead_in`).
fn numbers_item(bytes: &[u8], dot: usize) -> bool {
    let digits = bytes[..dot].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let number = dot - digits;
    let line = number - bytes[..number].iter().rev().take_while(|b| matches!(b, b' ' | b'\t')).count();
    (1..=3).contains(&digits) && (line == 0 || bytes[line - 1] == b'\n') && is_item_at(bytes, line)
}

/// Whether the line after the line break at `i` is a list item.
fn item_after(bytes: &[u8], i: usize) -> bool {
    is_item_at(bytes, i + 1)
}

/// Whether the line starting at `start` is a list item: it starts with a
/// marker (see `marker`), and a dash of `LIST_DASHES` marks one only in a
/// list: after a line ending in `:`, or beside a line with the same dash.
fn is_item_at(bytes: &[u8], start: usize) -> bool {
    let Some(mark) = marker(&bytes[start..]) else { return false };
    if !LIST_DASHES.iter().any(|d| mark == d.encode_utf8(&mut [0; 4]).as_bytes()) {
        return true;
    }
    let same = |line: &[u8]| marker(line) == Some(mark);
    let before = start.checked_sub(1).map(|end| &bytes[line_start(bytes, end)..end]);
    let after = bytes[start..].iter().position(|&b| b == b'\n').map(|k| &bytes[start + k + 1..]);
    before.is_some_and(|line| ends_in_colon(line) || same(line)) || after.is_some_and(same)
}

/// The marker `line` starts with, when it starts as a list item: maybe
/// indented, one of `BULLETS` or one to three digits and `.` or `)`, then a
/// space, a tab or a no-break space (which word processors put after a
/// bullet). A line that only starts with a dash or a number (`-5% a
/// month`, `2.5 TB`) has none.
fn marker(line: &[u8]) -> Option<&[u8]> {
    let line = &line[indent(line)..];
    let bullet = BULLETS.iter().find_map(|c| {
        let mut buf = [0; 4];
        let marker = c.encode_utf8(&mut buf).as_bytes();
        line.starts_with(marker).then_some(marker.len())
    });
    let len = match bullet {
        Some(n) => n,
        None => {
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            if !(1..=3).contains(&digits) || !matches!(line.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
    };
    matches!(line.get(len..), Some([b' ' | b'\t', ..] | [0xC2, 0xA0, ..])).then(|| &line[..len])
}

/// The characters that mark a list item, besides `1.` and `1)`: ASCII
/// markers, bullets, and the dashes word processors turn `-` into.
const BULLETS: &[char] = &['-', '*', '+', '\u{2022}', '\u{25E6}', '\u{25AA}', '\u{2023}', '\u{2013}', '\u{2014}'];

/// Dashes that mark an item only in a list (see `is_item_at`): alone, a
/// line that opens with one is prose wrapped before an aside ("our EKS
/// cluster\n— funded under our MAP record — stays").
const LIST_DASHES: &[char] = &['\u{2013}', '\u{2014}'];

/// Whether `line` ends in `:`, before any spaces (a no-break space too).
fn ends_in_colon(line: &[u8]) -> bool {
    let mut line = line.trim_ascii_end();
    while let Some(rest) = line.strip_suffix(&[0xC2, 0xA0]) {
        line = rest.trim_ascii_end();
    }
    line.ends_with(b":")
}

/// The spaces and tabs `line` starts with.
fn indent(line: &[u8]) -> usize {
    line.iter().take_while(|b| matches!(b, b' ' | b'\t')).count()
}

/// The end of the line that introduces the list whose item follows the
/// line break at `item`, when that line ends in `:`. Walking up, the items
/// of the same list and those nested deeper, and lines wrapped into them
/// (indented further), are passed; the first other line introduces the
/// list: a heading, or the item a nested list hangs from. `None` when it
/// does not end in `:`, or the list starts the text or a paragraph.
fn lead_in(bytes: &[u8], item: usize) -> Option<usize> {
    let depth = indent(&bytes[item + 1..]);
    let mut end = item;
    loop {
        let start = line_start(bytes, end);
        let line = &bytes[start..end];
        if line.trim_ascii().is_empty() {
            return None;
        }
        let inside = if is_item_at(bytes, start) { indent(line) >= depth } else { indent(line) > depth };
        if !inside {
            return ends_in_colon(line).then_some(end);
        }
        end = start.checked_sub(1)?;
    }
}

/// The byte ranges of the runs of `class` bytes in `bytes`, in order.
///
/// Read 64 bytes at a time into a bitmap, eight bytes a step and without a
/// branch per byte, and the runs taken from the bitmap's bits: a loop that
/// tests byte after byte mispredicts at both ends of every word, and that
/// was most of what reading a use-case text cost.
pub fn spans(bytes: &[u8], class: Class) -> Spans<'_> {
    Spans { bytes, class, block: 0, bits: block_bits(bytes, class, 0) }
}

pub struct Spans<'b> {
    bytes: &'b [u8],
    class: Class,
    /// Where the current block of 64 bytes starts.
    block: usize,
    /// Its word bytes not yet handed out, bit `k` for byte `block + k`.
    bits: u64,
}

/// Bit `k` set when `bytes[at + k]` is of `class`, for the 64 bytes from
/// `at` (none past the end).
fn block_bits(bytes: &[u8], class: Class, at: usize) -> u64 {
    let mut bits = 0;
    for lane in 0..8 {
        let from = at + 8 * lane;
        if from >= bytes.len() {
            break;
        }
        let n = (bytes.len() - from).min(8);
        // The flags at bits 7, 15, …, 63 gathered into one byte, byte k's
        // flag at bit k.
        let flags = (class.lanes(load(bytes, from, n)) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        // Zero padding past the end is no word byte.
        bits |= (flags & ((1u64 << n) - 1)) << (8 * lane);
    }
    bits
}

impl Iterator for Spans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        while self.bits == 0 {
            self.block += 64;
            if self.block >= self.bytes.len() {
                return None;
            }
            self.bits = block_bits(self.bytes, self.class, self.block);
        }
        let first = self.bits.trailing_zeros() as usize;
        let run = (!(self.bits >> first)).trailing_zeros() as usize;
        let start = self.block + first;
        if first + run < 64 {
            self.bits &= !(((1u64 << run) - 1) << first);
            return Some(start..start + run);
        }
        // The word runs on into the next blocks.
        loop {
            self.block += 64;
            if self.block >= self.bytes.len() {
                self.bits = 0;
                return Some(start..self.bytes.len());
            }
            let bits = block_bits(self.bytes, self.class, self.block);
            let run = (!bits).trailing_zeros() as usize;
            if run < 64 {
                self.bits = bits & !((1u64 << run) - 1);
                return Some(start..self.block + run);
            }
        }
    }
}

/// What reading a word tells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word {
    /// Equal for words equal but for ASCII case.
    pub hash: u64,
    /// Only ASCII digits.
    pub digits: bool,
    /// Holds a `_` (a word to a regex's `\b`, two words to the shingler).
    pub underscore: bool,
}

/// Reads the word at `range` of `bytes`, which holds only ASCII letters,
/// digits and `_`. Setting 0x20 in each byte folds case and keeps the
/// bytes apart (`_` becomes 0x7F, which no word holds).
#[inline]
pub fn read(bytes: &[u8], range: Range<usize>) -> Word {
    let (mut hash, mut letters, mut underscore) = (range.len() as u64, 0, false);
    let mut at = range.start;
    while at < range.end {
        let n = (range.end - at).min(8);
        let chunk = load(bytes, at, n);
        // A zero byte of `chunk ^ "________"` is a `_`; the zero padding
        // past the word cannot be one.
        let x = chunk ^ (LANES * u64::from(b'_'));
        underscore |= x.wrapping_sub(LANES) & !x & HIGH != 0;
        // Letters (and `_`) have 0x40 set, digits do not.
        letters |= chunk & (HIGH >> 1);
        hash = mix(hash, chunk | (LANES * 0x20) >> (8 * (8 - n)));
        at += 8;
    }
    Word { hash, digits: letters == 0, underscore }
}

/// The hash `read` gives a word of letters and digits, for such a word
/// already lowercased (any UTF-8; a `_` would hash apart from `read`'s).
pub fn hash_lowercase(word: &[u8]) -> u64 {
    word.chunks(8).fold(word.len() as u64, |h, c| mix(h, load(c, 0, c.len())))
}

/// FxHash's step: quick, and good enough for words, which a finaliser
/// mixes further where all bits count.
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517C_C1B7_2722_0A95)
}

/// The `n` (at most eight) bytes from `at`, little-endian, zero above.
/// One unaligned load where the text goes on for eight bytes: copying the
/// bytes into a buffer first costs a store-to-load stall per word.
fn load(bytes: &[u8], at: usize, n: usize) -> u64 {
    if let Some(eight) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        return if n >= 8 { x } else { x & ((1u64 << (8 * n)) - 1) };
    }
    bytes[at..at + n].iter().rev().fold(0, |x, &b| x << 8 | u64::from(b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sentence_ends_at_a_mark_before_a_space_or_a_line_break() {
        let text = "ECS runs the API; our EKS cluster (Node.js v2.1) stays. Kinesis feeds it!\nGlue too";
        let around = |word: &str| {
            let at = text.find(word).unwrap();
            &text[super::sentence_around(text, at..at + word.len()).own]
        };
        assert_eq!(around("ECS"), "ECS runs the API");
        assert_eq!(around("EKS"), " our EKS cluster (Node.js v2.1) stays");
        assert_eq!(around("Kinesis"), " Kinesis feeds it");
        assert_eq!(around("Glue"), "\nGlue too");
    }

    /// The reading of `text` around the first `word`: its heading (if
    /// any) and its sentence, joined by ` | ` to show they are apart.
    fn sentence(text: &str, word: &str) -> String {
        let at = text.find(word).unwrap();
        let parts: Vec<&str> = super::sentence_around(text, at..at + word.len()).parts().map(|r| &text[r]).collect();
        parts.join(" | ")
    }

    #[test]
    fn an_abbreviation_dot_ends_no_sentence() {
        for text in [
            "Services funded under our MAP record, e.g. EKS, are not in this projection.",
            "Services funded under our MAP record (i.e. EKS) are not in this projection.",
            "EKS in the U.S. region is funded under our MAP record.",
            "Legacy services such as EKS, Redshift etc. are funded under our MAP record.",
            "Our EKS cluster (approx. 40 nodes) is funded under our MAP record.",
            "EKS vs. ECS: EKS is funded under our MAP record.",
            "EKS (incl. its node groups) is funded under our MAP record.",
        ] {
            assert!(sentence(text, "EKS").contains("MAP record"), "{text:?}");
        }
        // A single letter ends a sentence unless it ends a dotted
        // abbreviation.
        assert_eq!(sentence("We chose plan B. EKS runs it.", "EKS"), " EKS runs it");
    }

    #[test]
    fn a_sentence_ends_inside_closing_marks_and_at_any_semicolon() {
        let texts = [
            "Our EKS cluster (funded under our MAP record.) Redshift holds the warehouse.",
            "The note reads \"EKS is funded under our MAP record.\" Redshift holds the warehouse.",
            "The note reads \u{201c}EKS is funded under our MAP record.\u{201d} Redshift holds the warehouse.",
            "EKS is funded under our MAP record;Redshift holds the warehouse.",
            "Is EKS funded under our MAP record?) Redshift holds the warehouse.",
        ];
        for text in texts {
            assert!(sentence(text, "EKS").contains("MAP record"), "{text:?}");
            assert!(!sentence(text, "Redshift").contains("MAP record"), "{text:?}");
        }
    }

    #[test]
    fn etc_before_a_capitalised_word_ends_a_sentence() {
        for text in [
            "We use ECS, RDS, etc. Our MAP record funds EKS.",
            "We use ECS, RDS, etc.\nOur MAP record funds EKS.",
            "We use (ECS, RDS, etc.) Our MAP record funds EKS.",
            "We use ECS, RDS, ETC. Our MAP record funds EKS.",
            "We use ECS, RDS, etc. \"Our MAP record funds EKS.\"",
            "We use ECS, RDS, etc. \u{201C}Our MAP record funds EKS.\u{201D}",
            "We use ECS, RDS, etc. (Our MAP record funds EKS.)",
        ] {
            assert!(!sentence(text, "ECS").contains("MAP record"), "{text:?}");
            assert!(sentence(text, "EKS").contains("MAP record"), "{text:?}");
        }
        // Before a lowercase word, and after the abbreviations that do not
        // end lists, a sentence goes on.
        for text in [
            "We use ECS, RDS, etc. funded under our MAP record.",
            "Services funded under our MAP record, i.e. ECS, stay out.",
            "Our MAP record funds what we use, e.g. ECS and EKS.",
            "Our MAP record covers RDS vs. ECS as a whole.",
        ] {
            assert!(sentence(text, "ECS").contains("MAP record"), "{text:?}");
        }
    }

    #[test]
    fn a_list_item_is_a_sentence_of_its_own() {
        let markers = [
            ("- ", "- "),
            ("* ", "* "),
            ("+ ", "+ "),
            ("\u{2022} ", "\u{2022} "),
            ("\u{2022}\u{a0}", "\u{2022}\u{a0}"),
            ("\u{25E6} ", "\u{25E6} "),
            ("\u{2013} ", "\u{2013} "),
            ("1. ", "2. "),
            ("1) ", "2) "),
        ];
        for (ecs, eks) in markers {
            for text in [
                format!("{ecs}ECS for the API\n{eks}EKS, funded under our MAP record\n"),
                format!("{ecs}EKS, funded under our MAP record\r\n  {eks}ECS for the API"),
                format!("We run these:\n{ecs}ECS for the API\n{eks}EKS, funded under our MAP record"),
            ] {
                assert!(!sentence(&text, "ECS").contains("MAP record"), "{text:?}");
                assert!(sentence(&text, "EKS").contains("MAP record"), "{text:?}");
            }
        }
        // A dash opens an item only in a list: after a line ending in `:`
        // or beside another item it opens; alone, it is an aside wrapped
        // onto its line.
        let wrapped =
            "The legacy API stays on our EKS cluster\n\u{2014} funded under our MAP record \u{2014} as it is.";
        assert!(sentence(wrapped, "EKS").contains("MAP record"), "{wrapped:?}");
        for text in [
            "Also in the account:\n\u{2013} Redshift for reporting\n\u{2013} EKS, funded under our MAP record",
            "We use these.\n\u{2013} Redshift for reporting\n\u{2013} EKS, funded under our MAP record",
        ] {
            assert!(!sentence(text, "Redshift").contains("MAP record"), "{text:?}");
        }
        // A line that starts like a marker but is none goes on.
        for text in
            ["Our MAP record funds\n-5% of ECS", "Our MAP record funds\n2.5 TB on ECS", "Our MAP record:\n*ECS*"]
        {
            assert!(sentence(text, "ECS").contains("MAP record"), "{text:?}");
        }
    }

    #[test]
    fn a_heading_ending_in_a_colon_speaks_of_every_item_under_it() {
        for text in [
            "Out of scope (funded under our MAP record):\n- EKS for the\n  legacy API\n- Redshift\n",
            "Out of scope (funded under our MAP record):\r\n1. EKS for the legacy API.\r\n2. Redshift\r\n",
            "Out of scope (funded under our MAP record):\n  1) EKS\n  2) Redshift",
        ] {
            assert!(sentence(text, "EKS").contains("MAP record"), "{text:?}");
            assert!(sentence(text, "Redshift").contains("MAP record"), "{text:?}");
        }
        // A nested list hangs from its item; the outer list goes on apart.
        let text =
            "- ECS for the API\n- Out of scope (funded under our MAP record):\n  - EKS\n  - Redshift\n- Glue jobs";
        for inside in ["EKS", "Redshift"] {
            assert!(sentence(text, inside).contains("MAP record"), "{inside}");
        }
        assert_eq!(sentence(text, "Glue"), "- Glue jobs");
        assert_eq!(sentence(text, "ECS"), "- ECS for the API");
        // The heading of an outer list speaks of the items of a list nested
        // under one of its items; so does a heading with a no-break space
        // after its colon.
        for text in [
            "Out of scope (funded under our MAP record):\n- Data platform:\n  - EKS\n  - Redshift",
            "Out of scope (funded under our MAP record):\u{a0}\n- EKS\n- Redshift",
        ] {
            for inside in ["EKS", "Redshift"] {
                assert!(sentence(text, inside).contains("MAP record"), "{inside} in {text:?}");
            }
        }
        // Without a colon, or after a blank line, the heading is a sentence apart.
        for text in
            ["Funded under our MAP record\n- ECS for the API", "Funded under our MAP record:\n\n- ECS for the API"]
        {
            assert!(!sentence(text, "ECS").contains("MAP record"), "{text:?}");
        }
    }

    #[test]
    fn an_item_is_read_with_its_heading_and_not_with_the_items_before_it() {
        for text in [
            "Services:\n- EKS, funded under our MAP record\n- ECS for the API",
            "Services:\r\n1. EKS, funded under our MAP record.\r\n2. ECS for the API",
            "Services:\n- EKS for the legacy API,\n  funded under our MAP record\n  - its node groups\n- ECS for the API",
            "We run:\n- ECS for the API\n- Out of scope:\n  - EKS, funded under our MAP record\n  - ECS workers",
        ] {
            assert!(sentence(text, "EKS").contains("MAP record"), "{text:?}");
            let at = text.rfind("ECS").unwrap();
            let reading = super::sentence_around(text, at..at + 3);
            assert!(reading.parts().all(|r| !text[r].contains("MAP record")), "{text:?}");
            assert!(reading.headings.first().is_some_and(|h| text[h.clone()].trim_end().ends_with(':')), "{text:?}");
        }
        // The heading and the item are two parts, each exactly its own.
        let text = "We run these. Services:\n- EKS, funded under our MAP record\n- ECS for the API";
        assert_eq!(sentence(text, "ECS"), " Services: | - ECS for the API");
        assert_eq!(sentence(text, "EKS"), " Services: | - EKS, funded under our MAP record");
        // A list without a heading ending in `:` has no heading part.
        let text = "- EKS, funded under our MAP record\n- ECS for the API";
        assert!(super::sentence_around(text, 37..40).headings.is_empty());
    }

    #[test]
    fn a_line_break_ends_a_sentence_only_after_an_end_mark_or_before_a_blank_line() {
        assert!(sentence("EKS is funded\nunder our MAP record.", "EKS").contains("under"));
        assert!(
            sentence("Out of scope (funded under our MAP record):\nEKS for the legacy API.", "EKS").contains("scope")
        );
        assert!(sentence("Out of scope:\r\nEKS for the legacy API.", "EKS").contains("scope"));
        assert_eq!(
            sentence("EKS is funded under our MAP record.\nRedshift holds it.", "Redshift"),
            "\nRedshift holds it"
        );
        assert_eq!(sentence("Out of scope\n\nRedshift holds it", "Redshift"), "\nRedshift holds it");
        assert_eq!(sentence("Out of scope\r\n \r\nRedshift holds it", "Redshift"), " \r\nRedshift holds it");
    }

    use super::*;

    fn word(s: &str) -> Word {
        read(s.as_bytes(), 0..s.len())
    }

    #[test]
    fn case_is_ignored_and_nothing_else() {
        assert_eq!(word("PostgreSQL").hash, word("postgresql").hash);
        assert_ne!(word("postgresql").hash, word("postgresq").hash);
        assert_ne!(word("a_b").hash, word("aab").hash);
        assert_eq!(word("ALPHANUMERICS").hash, hash_lowercase(b"alphanumerics"));
        // The same word inside a longer text (one load) and at its end.
        let text = "Kinesis feeds Athena";
        assert_eq!(read(text.as_bytes(), 0..7).hash, word("kinesis").hash);
        assert_eq!(read(text.as_bytes(), 14..20).hash, word("ATHENA").hash);
    }

    /// The runs a byte-by-byte reader finds.
    fn runs_one_by_one(bytes: &[u8], class: Class) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && class.holds(bytes[i]) {
                i += 1;
            }
            if i > start {
                out.push(start..i);
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn every_byte_is_classed_as_one_at_a_time_in_every_lane() {
        for class in [WORD, ALNUM] {
            for b in 0..=255u8 {
                for lane in 0..8 {
                    // The byte among neighbours of every kind.
                    let mut eight = [b'a', 0xFF, b'_', b'0', b' ', 0x7F, b'Z', b'@'];
                    eight[lane] = b;
                    let flags = class.lanes(u64::from_le_bytes(eight));
                    for (k, &x) in eight.iter().enumerate() {
                        assert_eq!(flags >> (8 * k + 7) & 1 == 1, class.holds(x), "{x:#x} in lane {k} of {eight:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn spans_are_the_runs_of_word_bytes_across_blocks() {
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let pieces: [&[u8]; 6] = [b"a", b"Word_9", b" ", b"--", &[b'x'; 70], "\u{e9}".as_bytes()];
        for _ in 0..2000 {
            let mut text = Vec::new();
            for _ in 0..next(40) {
                text.extend_from_slice(pieces[next(pieces.len())]);
            }
            for class in [WORD, ALNUM] {
                assert_eq!(spans(&text, class).collect::<Vec<_>>(), runs_one_by_one(&text, class), "{text:?}");
            }
        }
        assert_eq!(spans(b"", WORD).count(), 0);
        assert_eq!(spans(&[b'z'; 192], WORD).collect::<Vec<_>>(), vec![0..192]);
    }

    #[test]
    fn digits_and_underscores() {
        assert!(word("2024").digits && !word("4o").digits && !word("_").digits);
        assert!(word("S3_bucket").underscore && word("_").underscore && !word("S3bucket").underscore);
        assert!(word("abcdefghijklmnop_").underscore);
    }

    #[test]
    fn a_phrase_counts_only_as_whole_words() {
        assert!(super::contains_phrase("aws config rules", "config"));
        assert!(super::contains_phrase("config", "config"));
        assert!(super::contains_phrase("inspector, guardduty", "inspector"));
        assert!(!super::contains_phrase("we configure it", "config"));
        assert!(!super::contains_phrase("the app_config file", "config"));
        assert!(!super::contains_phrase("reconfig", "config"));
        assert!(super::contains_phrase("reconfig then config", "config"), "a later match counts");
    }
}
