//! ASCII words read eight bytes at a time, for the two readers of free
//! text that go word by word (the service-name finder and the use-case
//! shingler): one hash per word, shared by both, that ignores case.

use std::ops::Range;

const LANES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

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

    #[test]
    fn digits_and_underscores() {
        assert!(word("2024").digits && !word("4o").digits && !word("_").digits);
        assert!(word("S3_bucket").underscore && word("_").underscore && !word("S3bucket").underscore);
        assert!(word("abcdefghijklmnop_").underscore);
    }
}
