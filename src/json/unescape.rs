//! A record's source text with its escape sequences decoded, so that every
//! string of the record appears in it byte for byte. Checks that only need
//! to know whether a pattern occurs in any string search this text once
//! instead of each string apart.

use std::borrow::Cow;

/// The text with `\n`, `\"`, `\u00e9`… replaced by what they stand for;
/// borrowed when there is no escape. `None` for an escape a parsed record
/// cannot hold (a lone surrogate, a bad digit): then there is nothing to
/// gain, and callers search the strings one by one.
pub fn unescape(text: &str) -> Option<Cow<'_, str>> {
    unescape_with(text, &mut String::new())
}

/// `unescape`, decoding into the buffer taken from `spare` when there are
/// escapes, so a caller decoding text after text can reuse one buffer.
pub fn unescape_with<'t>(text: &'t str, spare: &mut String) -> Option<Cow<'t, str>> {
    let bytes = text.as_bytes();
    let Some(first) = memchr::memchr(b'\\', bytes) else { return Some(Cow::Borrowed(text)) };
    let mut out = std::mem::take(spare);
    out.clear();
    out.reserve(text.len());
    let mut rest = text;
    let mut at = first;
    loop {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let (decoded, used) = escape(tail)?;
        out.push(decoded);
        rest = &tail[used..];
        match memchr::memchr(b'\\', rest.as_bytes()) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// Where the bytes `decoded` of a string value lie in its source
/// `literal` (the quoted JSON string as written, escapes and all): the
/// parsed string and its source differ by every escape before and inside
/// the range. `None` when `literal` is not a string literal, holds an
/// escape JSON cannot, or is shorter than the range.
pub fn raw_range(literal: &str, decoded: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let body = literal.strip_prefix('"')?;
    // Source offset (after the opening quote) and decoded offset, walked
    // together one character or one escape at a time.
    let (mut raw, mut out) = (0, 0);
    let mut start = None;
    loop {
        if start.is_none() && out == decoded.start {
            start = Some(raw);
        }
        if out == decoded.end {
            return Some(start? + 1..raw + 1);
        }
        let rest = &body[raw..];
        let (c, used) = match rest.chars().next()? {
            '"' => return None,
            '\\' => escape(&rest[1..]).map(|(c, used)| (c, used + 1))?,
            c => (c, c.len_utf8()),
        };
        raw += used;
        out += c.len_utf8();
        // A range that starts or ends inside a character is not one the
        // parsed string has.
        if out > decoded.end || (start.is_none() && out > decoded.start) {
            return None;
        }
    }
}

/// One escape after its backslash: the character and the bytes it took.
fn escape(s: &str) -> Option<(char, usize)> {
    let c = match *s.as_bytes().first()? {
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'u' => return unicode(s),
        _ => return None,
    };
    Some((c, 1))
}

/// `uXXXX`, or a surrogate pair `uD83D\uDE00`.
fn unicode(s: &str) -> Option<(char, usize)> {
    let hex = |from: usize| u32::from_str_radix(s.get(from..from + 4)?, 16).ok();
    let high = hex(1)?;
    if !(0xD800..0xDC00).contains(&high) {
        return char::from_u32(high).map(|c| (c, 5));
    }
    let low = s.get(5..7).filter(|p| *p == "\\u").and_then(|_| hex(7))?;
    if !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map(|c| (c, 11))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_escape() {
        assert!(matches!(unescape(r#"{"a": "plain"}"#), Some(Cow::Borrowed(_))));
        let text = r#"{"a": "one\ntwo \"q\" \\ \/ caf\u00e9 \ud83d\ude00 {{x}}"}"#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let decoded = unescape(text).unwrap();
        assert!(decoded.contains(value["a"].as_str().unwrap()), "{decoded}");
    }

    #[test]
    fn raw_range_steps_over_escapes() {
        let literal = r#""caf\u00e9 \"AI\" later\nS3""#;
        let value: String = serde_json::from_str(literal).unwrap();
        for words in ["caf\u{e9}", "\"AI\" later", "S3", "later\nS3"] {
            let at = value.find(words).unwrap();
            let raw = raw_range(literal, at..at + words.len()).unwrap();
            let back: String = serde_json::from_str(&format!("\"{}\"", &literal[raw.clone()])).unwrap();
            assert_eq!(back, words, "{raw:?}");
        }
        assert_eq!(raw_range(r#""plain text""#, 6..10), Some(7..11));
        assert_eq!(raw_range(r#""short""#, 2..9), None);
        assert_eq!(raw_range("12", 0..1), None);
        // Inside the two bytes of `é`.
        assert_eq!(raw_range(r#""é""#, 1..2), None);
    }

    #[test]
    fn gives_up_on_what_json_cannot_hold() {
        assert!(unescape(r#""\ud83d""#).is_none());
        assert!(unescape(r#""\ud83d\u0041""#).is_none());
        assert!(unescape(r#""\x41""#).is_none());
        assert!(unescape(r#""\u12""#).is_none());
        assert!(unescape("\"\\").is_none());
    }
}
