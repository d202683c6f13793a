//! TOML (rule files, the config file) read into a `serde_json::Value`
//! together with the byte span of every key and value, so that a schema
//! error or a bad regex in a rule file is reported at its line and column.

use crate::json::pointer;
use rustc_hash::FxHashMap;
use serde_json::{Map, Number, Value};
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    /// Pointer → (key span, value span).
    spans: FxHashMap<String, (Option<Range<usize>>, Range<usize>)>,
}

impl SpanMap {
    /// The span of the value at `ptr`, or of the nearest ancestor that has one.
    pub fn value(&self, ptr: &str) -> Range<usize> {
        self.find(ptr).map(|(_, v)| v.clone()).unwrap_or(0..0)
    }

    /// The span of the key at `ptr` (the value's for array items).
    pub fn key(&self, ptr: &str) -> Range<usize> {
        self.find(ptr).map(|(k, v)| k.clone().unwrap_or_else(|| v.clone())).unwrap_or(0..0)
    }

    fn find(&self, ptr: &str) -> Option<&(Option<Range<usize>>, Range<usize>)> {
        let mut p = ptr;
        loop {
            if let Some(s) = self.spans.get(p) {
                return Some(s);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

#[derive(Debug)]
pub struct TomlError {
    pub message: String,
    pub span: Range<usize>,
}

pub fn parse(text: &str) -> Result<(Value, SpanMap), TomlError> {
    let table = DeTable::parse(text)
        .map_err(|e| TomlError { message: e.message().trim_end().to_string(), span: e.span().unwrap_or(0..0) })?;
    let mut spans = SpanMap::default();
    let value = convert_table(table.get_ref(), "", &mut spans);
    spans.spans.insert(String::new(), (None, table.span()));
    Ok((value, spans))
}

fn convert_table(table: &DeTable<'_>, at: &str, spans: &mut SpanMap) -> Value {
    let mut map = Map::new();
    for (key, value) in table {
        let ptr = pointer::join(at, key.get_ref());
        let v = convert(value, &ptr, spans);
        spans.spans.insert(ptr, (Some(key.span()), value.span()));
        map.insert(key.get_ref().to_string(), v);
    }
    Value::Object(map)
}

fn convert(value: &Spanned<DeValue<'_>>, at: &str, spans: &mut SpanMap) -> Value {
    match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let text = i.to_string().replace('_', "");
            text.parse::<i64>().map(Into::into).unwrap_or_else(|_| Value::String(text))
        }
        DeValue::Float(f) => {
            let text = f.to_string().replace('_', "");
            text.parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::String(text), Value::Number)
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let ptr = pointer::join(at, &i.to_string());
                    let v = convert(item, &ptr, spans);
                    spans.spans.insert(ptr, (None, item.span()));
                    v
                })
                .collect(),
        ),
        DeValue::Table(t) => convert_table(t, at, spans),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_keys_and_values() {
        let text = "[[rules]]\nname = \"x\"\nparams = { max = 1_000 }\n";
        let (v, spans) = parse(text).unwrap();
        assert_eq!(v["rules"][0]["params"]["max"], 1000);
        assert_eq!(&text[spans.key("/rules/0/name")], "name");
        assert_eq!(&text[spans.value("/rules/0/name")], "\"x\"");
        assert_eq!(&text[spans.value("/rules/0/params/max")], "1_000");
        assert_eq!(&text[spans.value("/rules/0/params/max/nothing")], "1_000");
    }

    #[test]
    fn syntax_errors_have_a_span() {
        let e = parse("a = \n").err().unwrap();
        assert!(!e.message.is_empty());
        assert!(e.span.start <= 5);
    }
}
