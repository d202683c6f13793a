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
    let full = e.to_string();
    // serde_json appends " at line L column C"; keep the message alone.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
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
}
