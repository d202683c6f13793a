//! Field paths in rule files: JSON pointers written against a draft record
//! (`/Opportunity/Customer/Account/Industry`), where a `*` token stands for
//! every item of an array (or member of an object) and a final `**` for
//! every string anywhere below. On a bare `CreateOpportunity` body the
//! `/Opportunity` prefix maps to the root and `/Funding` paths select nothing.

use crate::json::pointer;
use crate::record::RecordKind;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub text: String,
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Key(String),
    Any,
    Deep,
}

impl Path {
    pub fn parse(text: &str) -> Result<Path, String> {
        if !text.is_empty() && !text.starts_with('/') {
            return Err(format!("`{text}` is not a JSON pointer: it must start with `/`"));
        }
        let tokens: Vec<Token> = pointer::tokens(text)
            .map(|t| match t.as_str() {
                "*" => Token::Any,
                "**" => Token::Deep,
                _ => Token::Key(t),
            })
            .collect();
        if tokens.iter().rev().skip(1).any(|t| *t == Token::Deep) {
            return Err(format!("`{text}`: `**` may only end a path"));
        }
        Ok(Path { text: text.to_string(), tokens })
    }

    /// Every value the path selects in a record, with its actual pointer.
    pub fn select<'v>(&self, root: &'v Value, kind: RecordKind) -> Vec<(String, &'v Value)> {
        let Some(tokens) = self.for_kind(kind) else { return Vec::new() };
        let mut out = Vec::new();
        walk(root, tokens, String::new(), &mut out);
        out
    }

    /// The selected values without their pointers: what conditions and
    /// expressions need, at no cost of building pointer strings.
    pub fn values<'v>(&self, root: &'v Value, kind: RecordKind) -> Vec<&'v Value> {
        let Some(tokens) = self.for_kind(kind) else { return Vec::new() };
        let mut out = Vec::new();
        walk_values(root, tokens, &mut out);
        out
    }

    /// Values relative to an element, without pointers.
    pub fn values_in<'v>(&self, element: &'v Value) -> Vec<&'v Value> {
        let mut out = Vec::new();
        walk_values(element, &self.tokens, &mut out);
        out
    }

    /// The first selected value, for paths without wildcards.
    pub fn get<'v>(&self, root: &'v Value, kind: RecordKind) -> Option<&'v Value> {
        self.values(root, kind).into_iter().next()
    }

    /// The path without its last token, and that token (for "required").
    pub fn split_last(&self) -> Option<(Path, String)> {
        let (last, parent) = self.tokens.split_last()?;
        let Token::Key(name) = last else { return None };
        let text = self.text[..self.text.rfind('/').unwrap_or(0)].to_string();
        Some((Path { text, tokens: parent.to_vec() }, name.clone()))
    }

    /// The pointer of the path's part before its first wildcard, as it is
    /// in a record of this kind: where a finding about a sum is placed.
    pub fn prefix_pointer(&self, kind: RecordKind) -> Option<String> {
        let tokens = self.for_kind(kind)?;
        let mut out = String::new();
        for t in tokens {
            match t {
                Token::Key(k) => pointer::push(&mut out, k),
                _ => break,
            }
        }
        Some(out)
    }

    /// The value `prefix_pointer` names, found without building it; `None`
    /// when the path starts with a wildcard or the prefix is absent.
    pub fn prefix_value<'v>(&self, root: &'v Value, kind: RecordKind) -> Option<&'v Value> {
        let tokens = self.for_kind(kind)?;
        let keys: Vec<&str> =
            tokens.iter().map_while(|t| if let Token::Key(k) = t { Some(k.as_str()) } else { None }).collect();
        if keys.is_empty() {
            return None;
        }
        keys.iter().try_fold(root, |v, k| match v {
            Value::Array(a) => a.get(k.parse::<usize>().ok()?),
            _ => v.get(*k),
        })
    }

    /// For a path without wildcards that selects nothing: the pointer of
    /// its longest prefix present in the record.
    pub fn nearest_present(&self, root: &Value, kind: RecordKind) -> Option<String> {
        let tokens = self.for_kind(kind)?;
        let mut at = String::new();
        let mut v = root;
        for t in tokens {
            let Token::Key(k) = t else { return None };
            match v.get(k.as_str()) {
                Some(child) => {
                    pointer::push(&mut at, k);
                    v = child;
                }
                None => break,
            }
        }
        Some(at)
    }

    fn for_kind(&self, kind: RecordKind) -> Option<&[Token]> {
        match (kind, self.tokens.first()) {
            (RecordKind::Draft, _) => Some(&self.tokens),
            (RecordKind::Bare, Some(Token::Key(k))) if k == "Opportunity" => Some(&self.tokens[1..]),
            (RecordKind::Bare, Some(Token::Deep) | None) => Some(&self.tokens),
            (RecordKind::Bare, _) => None,
        }
    }

    /// Whether the path can match anything the draft-record schema allows;
    /// a typo in a rule file's path would otherwise silently never fire.
    pub fn fits_schema(&self, schemas: &[(String, Value)], root_id: &str) -> bool {
        let Some((_, root)) = schemas.iter().find(|(id, _)| id == root_id) else { return false };
        fits(root, root_id, &self.tokens, schemas)
    }
}

fn walk<'v>(v: &'v Value, tokens: &[Token], at: String, out: &mut Vec<(String, &'v Value)>) {
    let Some((first, rest)) = tokens.split_first() else {
        out.push((at, v));
        return;
    };
    match first {
        Token::Key(k) => {
            let child = match v {
                Value::Object(m) => m.get(k),
                Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            if let Some(c) = child {
                walk(c, rest, pointer::join(&at, k), out);
            }
        }
        Token::Any => match v {
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    walk(c, rest, pointer::join(&at, &i.to_string()), out);
                }
            }
            Value::Object(m) => {
                for (k, c) in m {
                    walk(c, rest, pointer::join(&at, k), out);
                }
            }
            _ => {}
        },
        Token::Deep => strings(v, at, out),
    }
}

/// `walk` without pointers.
fn walk_values<'v>(v: &'v Value, tokens: &[Token], out: &mut Vec<&'v Value>) {
    let Some((first, rest)) = tokens.split_first() else {
        out.push(v);
        return;
    };
    match (first, v) {
        (Token::Key(k), Value::Object(m)) => m.get(k).into_iter().for_each(|c| walk_values(c, rest, out)),
        (Token::Key(k), Value::Array(a)) => {
            k.parse::<usize>().ok().and_then(|i| a.get(i)).into_iter().for_each(|c| walk_values(c, rest, out))
        }
        (Token::Any, Value::Array(a)) => a.iter().for_each(|c| walk_values(c, rest, out)),
        (Token::Any, Value::Object(m)) => m.values().for_each(|c| walk_values(c, rest, out)),
        (Token::Deep, _) => string_values(v, out),
        _ => {}
    }
}

fn string_values<'v>(v: &'v Value, out: &mut Vec<&'v Value>) {
    match v {
        Value::String(_) => out.push(v),
        Value::Array(a) => a.iter().for_each(|c| string_values(c, out)),
        Value::Object(m) => m.values().for_each(|c| string_values(c, out)),
        _ => {}
    }
}

fn strings<'v>(v: &'v Value, at: String, out: &mut Vec<(String, &'v Value)>) {
    match v {
        Value::String(_) => out.push((at, v)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| strings(c, pointer::join(&at, &i.to_string()), out)),
        Value::Object(m) => m.iter().for_each(|(k, c)| strings(c, pointer::join(&at, k), out)),
        _ => {}
    }
}

/// Follows tokens through `properties`, `items` and `$ref`s of the schema.
fn fits(schema: &Value, doc: &str, tokens: &[Token], schemas: &[(String, Value)]) -> bool {
    let Some((schema, doc)) = deref(schema, doc, schemas, 0) else { return false };
    let doc = doc.as_str();
    let Some((first, rest)) = tokens.split_first() else { return true };
    let props = schema.get("properties").and_then(Value::as_object);
    let items = schema.get("items");
    match first {
        Token::Deep => true,
        Token::Any => {
            items.is_some_and(|i| fits(i, doc, rest, schemas))
                || props.is_some_and(|p| p.values().any(|s| fits(s, doc, rest, schemas)))
        }
        Token::Key(k) => {
            props.and_then(|p| p.get(k)).is_some_and(|s| fits(s, doc, rest, schemas))
                || (k.parse::<usize>().is_ok() && items.is_some_and(|i| fits(i, doc, rest, schemas)))
        }
    }
}

fn deref<'s>(
    schema: &'s Value,
    doc: &str,
    schemas: &'s [(String, Value)],
    depth: usize,
) -> Option<(&'s Value, String)> {
    let Some(r) = schema.get("$ref").and_then(Value::as_str) else { return Some((schema, doc.to_string())) };
    if depth > 16 {
        return None;
    }
    let (file, fragment) = r.split_once('#').unwrap_or((r, ""));
    let target_doc = if file.is_empty() {
        doc.to_string()
    } else {
        let base = &doc[..doc.rfind('/').map_or(0, |i| i + 1)];
        format!("{base}{file}")
    };
    let (_, root) = schemas.iter().find(|(id, _)| *id == target_doc)?;
    deref(root.pointer(fragment)?, &target_doc, schemas, depth + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn selects_with_wildcards_and_kinds() {
        let v = json!({"Opportunity": {"Project": {"ExpectedCustomerSpend": [{"Amount": "1"}, {"Amount": "2"}]}}});
        let p = Path::parse("/Opportunity/Project/ExpectedCustomerSpend/*/Amount").unwrap();
        let got: Vec<_> = p.select(&v, RecordKind::Draft).into_iter().map(|(ptr, _)| ptr).collect();
        assert_eq!(
            got,
            [
                "/Opportunity/Project/ExpectedCustomerSpend/0/Amount",
                "/Opportunity/Project/ExpectedCustomerSpend/1/Amount"
            ]
        );
        let bare = &v["Opportunity"];
        assert_eq!(p.select(bare, RecordKind::Bare)[0].0, "/Project/ExpectedCustomerSpend/0/Amount");
        assert!(Path::parse("/Funding/Program").unwrap().select(bare, RecordKind::Bare).is_empty());
        let deep = Path::parse("/**").unwrap();
        assert_eq!(deep.select(&v, RecordKind::Draft).len(), 2);
    }

    #[test]
    fn rejects_bad_paths() {
        assert!(Path::parse("Opportunity").is_err());
        assert!(Path::parse("/**/x").is_err());
    }
}
