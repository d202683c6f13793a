//! Parsing one record into a `serde_json::Value` while noticing duplicate
//! keys, which serde_json would otherwise resolve silently (last one wins).
//! The check rides along the parse, so a clean record costs one pass.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;

#[derive(Debug)]
pub struct Parsed {
    pub value: Value,
    /// Set when some object had a key twice; the locator then finds where.
    pub has_duplicate_keys: bool,
    /// Set when some value is `null` (most records hold none, and need no
    /// pass that removes null members).
    pub has_nulls: bool,
}

#[derive(Debug)]
pub struct ParseError {
    /// Byte offset in the parsed text where the error was detected.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub too_deep: bool,
}

/// Parses JSON text (one value, surrounding whitespace allowed).
pub fn parse_record(text: &str) -> Result<Parsed, ParseError> {
    let seen = Seen::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed { seen: &seen }.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match value {
        Ok(value) => Ok(Parsed { value, has_duplicate_keys: seen.dup.get(), has_nulls: seen.null.get() }),
        Err(e) => Err(to_parse_error(&e)),
    }
}

pub fn to_parse_error(e: &serde_json::Error) -> ParseError {
    let message = serde_message(e);
    let too_deep = message.contains("recursion limit exceeded");
    // serde_json words a lone surrogate escape as an unexpected end, or
    // calls a trailing surrogate "leading": say what is wrong instead.
    let message =
        if message.contains("hex escape") && (message.contains("surrogate") || message.contains("unexpected end")) {
            "invalid \\u escape: a lone UTF-16 surrogate (write the character itself, or a complete surrogate pair)"
                .to_string()
        } else {
            message
        };
    ParseError { line: e.line(), column: e.column(), message, too_deep }
}

/// serde_json's message without the " at line L column C" it appends:
/// acelint says where in its own words.
pub fn serde_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

/// JSON's whitespace: space, tab, line feed, carriage return (a form feed
/// or a no-break space, whitespace to Rust, is a syntax error).
pub fn is_json_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// serde_json's words for a number beyond what an f64 holds (`1e400`).
const OUT_OF_RANGE: &str = "number out of range";

/// A number too large to read, said plainly, on the whole number rather
/// than where serde_json stopped (its last digit): its span in `text`, the
/// message and a help. `at` is that stop, inside the number or just past it.
pub fn number_out_of_range(text: &str, at: usize, message: &str) -> Option<(std::ops::Range<usize>, String, String)> {
    if message != OUT_OF_RANGE {
        return None;
    }
    let bytes = text.as_bytes();
    let in_number = |b: &u8| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E');
    let at = at.min(bytes.len());
    let start = at - bytes[..at].iter().rev().take_while(|b| in_number(b)).count();
    let end = at + bytes[at..].iter().take_while(|b| in_number(b)).count();
    if start == end {
        return None;
    }
    // A thousand-digit number is named by its start.
    let number = &text[start..end];
    let shown = match number.get(..24) {
        Some(head) if number.len() > 32 => format!("{head}… ({} characters)", number.len()),
        _ => number.to_string(),
    };
    // Valid JSON (the grammar sets no limit): what is wrong is that
    // acelint cannot hold it.
    let message =
        format!("number {shown} is out of range: JSON allows it, but acelint reads numbers only up to about 1.8e308");
    let help = "AWS takes amounts up to 1000000000000000 (ExpectedCustomerSpend.Amount); write the \
                amount in plain digits, such as 100000 or 4950.50"
        .to_string();
    Some((start..end, message, help))
}

/// A syntax error in acelint's words: its span in `text`, the message and
/// what to change. serde_json stops where it noticed the mistake (the `}`
/// after a trailing comma, the end of a misspelt `true`); the span is put on
/// the mistake itself where it can be found. `at` is where it stopped.
pub fn syntax_error(text: &str, at: usize, message: &str) -> (std::ops::Range<usize>, String, Option<String>) {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let plain = |help: &str| (at..at, format!("invalid JSON: {message}"), Some(help.to_string()));
    if let Some(found) = foreign_syntax(text, at, message) {
        return found;
    }
    match message {
        "trailing comma" => {
            let before = bytes[..at].iter().rposition(|b| !b.is_ascii_whitespace());
            match before.filter(|&i| bytes[i] == b',') {
                Some(comma) => {
                    let closer = if bytes.get(at) == Some(&b']') { "the last item" } else { "the last member" };
                    let help = "remove it: JSON allows no comma before a closing `}` or `]`".to_string();
                    (comma..comma + 1, format!("invalid JSON: a comma after {closer}"), Some(help))
                }
                None => plain("remove the comma before the closing bracket"),
            }
        }
        "invalid number" => {
            let end = at + text[at..].find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len() - at);
            match text[..at].ends_with('-') && is_not_a_number(&text[at..end]) {
                true => not_a_number(text, at - 1..end),
                false => {
                    plain("write the number in digits, with an optional `-`, `.` and exponent: `1200`, `-3.5`, `2e6`")
                }
            }
        }
        "expected ident" => plain(WORDS_HELP),
        "key must be a string" => plain("put the key in double quotes: `\"Key\": value`"),
        "expected value" => plain("a value is missing here: a stray comma, or text in single quotes?"),
        "trailing characters" => {
            plain("the file goes on after its JSON; put one record per line in a `.jsonl` file, or several in an array")
        }
        m if m.starts_with("expected `,` or") => {
            plain("a comma is missing before this, or the value before it is not closed")
        }
        m if m.starts_with("EOF while parsing ") => {
            let inside = m.trim_start_matches("EOF while parsing ").replace("an array", "a list");
            let help = "close every `{`, `[` and string the JSON opens".to_string();
            // A line of JSON Lines ends before the file does.
            let after_line = bytes[at..].iter().position(|&b| b == b'\n').map_or(&[][..], |n| &bytes[at + n..]);
            let what = if after_line.iter().all(u8::is_ascii_whitespace) { "file" } else { "line" };
            (at..at, format!("invalid JSON: the {what} ends in the middle of {inside}"), Some(help))
        }
        m if m.contains("escape") || m.contains("code point") => match bad_escape(text, at) {
            Some(span) => (span, format!("invalid JSON: {message}"), Some(ESCAPE_HELP.into())),
            None => plain(ESCAPE_HELP),
        },
        m if m.starts_with("control character") => {
            plain("write it escaped in the string (`\\n` for a line break, `\\t` for a tab)")
        }
        _ => (at..at, format!("invalid JSON: {message}"), None),
    }
}

const WORDS_HELP: &str = "JSON's words are `true`, `false` and `null`, in lowercase; put text in double quotes";

type Explained = (std::ops::Range<usize>, String, Option<String>);

/// What stands at `at` when it is syntax of another language or a
/// character of another text format, which serde_json's words ("key must
/// be a string", "expected value") do not name: a comment, a word such as
/// Python's `True`, a byte order mark past the start, a space JSON does
/// not allow, a doubled comma.
fn foreign_syntax(text: &str, at: usize, message: &str) -> Option<Explained> {
    // Where a token was due: inside a string, a space or a `//` is text.
    let between_tokens =
        message.starts_with("expected") || matches!(message, "key must be a string" | "trailing characters");
    let rest = text.get(at..).filter(|_| between_tokens)?;
    let invalid = |span: std::ops::Range<usize>, what: &str, help: &str| {
        Some((span, format!("invalid JSON: {what}"), Some(help.to_string())))
    };
    if rest.starts_with("//") || rest.starts_with("/*") {
        let len = match rest.strip_prefix("/*") {
            Some(block) => block.find("*/").map_or(rest.len(), |end| end + 4),
            None => rest.find(['\r', '\n']).unwrap_or(rest.len()),
        };
        return invalid(at..at + len, "a comment", "remove it: JSON has no comments, neither `//` nor `/* */`");
    }
    let c = rest.chars().next()?;
    let span = at..at + c.len_utf8();
    if c == '\u{feff}' {
        let help = "remove it: a byte order mark may only start a file (were two files joined?)";
        let second = text[..at].trim_start_matches('\u{feff}').is_empty();
        let what = match second {
            true => "a second byte order mark (U+FEFF) at the start of the file",
            false => "a byte order mark (U+FEFF) in the middle of the file",
        };
        return invalid(span, what, help);
    }
    if c.is_whitespace() && !is_json_space(c) {
        let what = format!("{}, which JSON does not take for whitespace", space_name(c));
        return invalid(span, &what, "replace it with a plain space, or remove it");
    }
    let before = text[..at].trim_end_matches(is_json_space);
    if c == ',' && before.ends_with(',') {
        return invalid(span, "a repeated comma", "remove one of the commas");
    }
    if let Some(found) = foreign_quote_or_number(rest, at) {
        return Some(found);
    }
    match message {
        // A word serde_json began to read as `true`, `false` or `null`.
        "expected ident" => misspelt_word(text, at, true),
        // Any other word, such as Python's `True` or `None`, at its start.
        "expected value" => misspelt_word(text, at, false),
        _ => None,
    }
}

/// A string in quotes JSON does not take (curly quotes pasted from a
/// word processor, single quotes), or a number JSON cannot write (`NaN`,
/// `Infinity`, a leading `+`), starting at `at`.
fn foreign_quote_or_number(rest: &str, at: usize) -> Option<Explained> {
    let c = rest.chars().next()?;
    let (what, help) = match c {
        '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' | '\u{201e}' | '\u{ab}' | '\u{bb}' => (
            format!("a curly quote `{c}`"),
            "write straight double quotes `\"`: text pasted from a word processor often brings curly ones",
        ),
        '\'' => ("a single quote".to_string(), "put keys and text in double quotes: `\"Key\": \"text\"`"),
        '+' if rest[1..].starts_with(|d: char| d.is_ascii_digit()) => {
            ("a `+` before a number".to_string(), "remove it: a JSON number takes no `+` sign")
        }
        _ => {
            let sign = usize::from(rest.starts_with(['+', '-']));
            let word_len = sign + rest[sign..].find(|w: char| !w.is_ascii_alphanumeric()).unwrap_or(rest.len() - sign);
            let word = &rest[..word_len];
            if !is_not_a_number(&word[sign..]) {
                return None;
            }
            let (_, what, help) = not_a_number(rest, 0..word_len);
            return Some((at..at + word_len, what, help));
        }
    };
    Some((at..at + c.len_utf8(), format!("invalid JSON: {what}"), Some(help.to_string())))
}

/// `NaN`, `Infinity` or `inf`, in any case: numbers other languages write
/// and JSON cannot.
fn is_not_a_number(word: &str) -> bool {
    matches!(word.to_ascii_lowercase().as_str(), "nan" | "infinity" | "inf")
}

/// A NaN or an infinity, maybe signed, at `span` of `text`.
fn not_a_number(text: &str, span: std::ops::Range<usize>) -> Explained {
    let what = format!("invalid JSON: `{}` is not a JSON number", &text[span.clone()]);
    let help = "JSON has no NaN or infinity: write the number, or `null` where there is none";
    (span, what, Some(help.to_string()))
}

/// The word around `at` where serde_json stopped, said to be no JSON
/// value: any word when `any`, else only one that is JSON's in another
/// spelling (another word, such as `Nope`, keeps serde_json's words); a
/// NaN or an infinity is named as a number JSON cannot write.
fn misspelt_word(text: &str, at: usize, any: bool) -> Option<Explained> {
    let bytes = text.as_bytes();
    let start = at - bytes[..at].iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
    let end = at + bytes[at..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let word = &text[start..end];
    if is_not_a_number(word) {
        return Some(not_a_number(text, start..end));
    }
    let json = match word.to_ascii_lowercase().as_str() {
        "" => return None,
        w @ ("true" | "false" | "null") => w.to_string(),
        "none" | "nil" => "null".to_string(),
        _ if any => {
            return Some((start..end, format!("invalid JSON: `{word}` is not a JSON value"), Some(WORDS_HELP.into())))
        }
        _ => return None,
    };
    let help = format!("write `{json}`: {WORDS_HELP}");
    Some((start..end, format!("invalid JSON: `{word}` is not a JSON value"), Some(help)))
}

/// How a character that is whitespace elsewhere is called in a message.
fn space_name(c: char) -> String {
    let name = match c {
        '\u{a0}' => "a no-break space",
        '\u{c}' => "a form feed",
        '\u{b}' => "a vertical tab",
        '\u{3000}' => "an ideographic space",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        _ => "a space character",
    };
    format!("{name} (U+{:04X})", u32::from(c))
}

const ESCAPE_HELP: &str =
    "write the character itself, or escape it as JSON does: `\\n`, `\\\"`, `\\\\` or `\\u` and four hex digits";

/// The escape serde_json stopped in or just after (`at`): from its
/// backslash to the end of its `\uXXXX`. A leading surrogate followed by an
/// escape that does not complete it is named by the leading half.
fn bad_escape(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let from = at.saturating_sub(12);
    let mut start = from + bytes.get(from..at)?.iter().rposition(|&b| b == b'\\')?;
    let high_surrogate = |i: usize| {
        text.get(i..i + 6).is_some_and(|e| {
            e.starts_with("\\u") && u16::from_str_radix(&e[2..], 16).is_ok_and(|u| (0xD800..0xDC00).contains(&u))
        })
    };
    if start >= 6 && high_surrogate(start - 6) {
        start -= 6;
    }
    let mut end = (start + 6).min(at.max(start + 2)).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(start..end)
}

/// What the parse noticed on the way.
#[derive(Default)]
struct Seen {
    dup: Cell<bool>,
    null: Cell<bool>,
}

struct ValueSeed<'a> {
    seen: &'a Seen,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        self.seen.null.set(true);
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        self.seen.null.set(true);
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(ValueSeed { seen: self.seen })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value = access.next_value_seed(ValueSeed { seen: self.seen })?;
            if map.insert(key, value).is_some() {
                self.seen.dup.set(true);
            }
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_duplicates_at_any_depth() {
        assert!(!parse_record(r#"{"a":{"b":1,"c":2}}"#).unwrap().has_duplicate_keys);
        assert!(!parse_record(r#"{"a":{"b":1,"c":2}}"#).unwrap().has_nulls);
        assert!(parse_record(r#"{"a":[1,{"c":null}]}"#).unwrap().has_nulls);
        let p = parse_record(r#"{"a":{"b":1,"b":2}}"#).unwrap();
        assert!(p.has_duplicate_keys);
        assert_eq!(p.value["a"]["b"], 2, "last value wins, as serde_json does");
    }

    #[test]
    fn reports_position_and_depth() {
        let e = parse_record("{\n  \"a\": 1 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 10));
        assert!(!e.too_deep);
        let deep = "[".repeat(10_000);
        assert!(parse_record(&deep).unwrap_err().too_deep);
    }

    #[test]
    fn syntax_of_other_languages_is_named_on_its_whole_span() {
        let span = |text: &str, at: usize, message: &str| syntax_error(text, at, message).0;
        assert_eq!(span("{ // c\r\n}", 2, "key must be a string"), 2..6);
        assert_eq!(span("[1 /* a\n b */]", 3, "expected `,` or `]`"), 3..13);
        assert_eq!(span("[1 /* open", 3, "expected `,` or `]`"), 3..10);
        assert_eq!(span("{\"a\": None}", 6, "expected value"), 6..10);
        assert_eq!(span("{\"a\": nul\n}", 9, "expected ident"), 6..9);
        assert_eq!(span("{\"a\":\u{a0}1}", 5, "expected value"), 5..7);
        // Inside a string, a space or a comment is text.
        let (_, message, _) =
            syntax_error("\"a\u{c}\"", 2, "control character (\\u0000-\\u001F) found while parsing a string");
        assert!(message.contains("control character"), "{message}");
        // An unknown word after `expected value` keeps serde_json's words;
        // `NaN` is named as the number JSON cannot write.
        assert_eq!(syntax_error("[Nope]", 1, "expected value").1, "invalid JSON: expected value");
        assert_eq!(syntax_error("[NaN]", 1, "expected value").1, "invalid JSON: `NaN` is not a JSON number");
        assert_eq!(span("[-Infinity]", 2, "invalid number"), 1..10);
        assert_eq!(syntax_error("[-NaN]", 2, "invalid number").1, "invalid JSON: `-NaN` is not a JSON number");
        assert_eq!(syntax_error("[-information]", 2, "invalid number").1, "invalid JSON: invalid number");
        assert_eq!(syntax_error("[nan]", 3, "expected ident").1, "invalid JSON: `nan` is not a JSON number");
        for word in ["infinity", "+Infinity", "+inf", "NAN"] {
            let text = format!("[{word}]");
            let (span, message, _) = syntax_error(&text, 1, "expected value");
            assert_eq!((span, message), (1..1 + word.len(), format!("invalid JSON: `{word}` is not a JSON number")));
        }
        let (_, message, _) = syntax_error("\u{feff}\u{feff}{}", 3, "expected value");
        assert_eq!(message, "invalid JSON: a second byte order mark (U+FEFF) at the start of the file");
    }

    #[test]
    fn a_number_out_of_range_is_named_whole() {
        for (text, number) in [("{\"a\": 1e400}", "1e400"), ("[0, -2.5E+999]", "-2.5E+999")] {
            let e = parse_record(text).unwrap_err();
            let at = text.find(number).unwrap();
            // serde_json stops on the last digit.
            assert_eq!(e.column, at + number.len());
            let (span, message, help) = number_out_of_range(text, e.column - 1, &e.message).unwrap();
            assert_eq!(span, at..at + number.len());
            assert!(message.starts_with(&format!("number {number} is out of range")), "{message}");
            assert!(help.contains("plain digits"), "{help}");
        }
        let long = format!("[1{}]", "0".repeat(400));
        let e = parse_record(&long).unwrap_err();
        let (span, message, _) = number_out_of_range(&long, e.column - 1, &e.message).unwrap();
        assert_eq!(span, 1..402);
        assert!(message.contains("number 100000000000000000000000… (401 characters) is out of range"), "{message}");
        assert!(number_out_of_range("[1]", 1, "expected value").is_none());
        assert!(number_out_of_range("[]", 1, OUT_OF_RANGE).is_none());
        assert!(number_out_of_range("é1", 5, OUT_OF_RANGE).is_some());
    }
}
