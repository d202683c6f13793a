//! Conditions (`when`, `where`) and numeric expressions (sums, ratios…)
//! that rule parameters are built from.

use super::decode::{compile_regex, DecodeError, Params, Result};
use super::path::{Path, Resolved};
use crate::record::RecordKind;
use regex::Regex;
use rustc_hash::FxHashSet;
use serde_json::Value;
use std::borrow::Cow;

/// A test on a record: `{ field = "/…", equals = … }`, combined with
/// `all`, `any` and `not`.
#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test { subject: Subject, test: Test },
}

/// What a test looks at: a field, or a computed value such as the share of
/// the projection that is Bedrock.
#[derive(Debug, Clone)]
pub enum Subject {
    Field(Path),
    Value(Box<Expr>),
}

#[derive(Debug, Clone)]
pub enum Test {
    Equals(Value),
    In(Members),
    Exists(bool),
    Matches(Regex),
    Contains(Value),
    AtLeast(f64),
    AtMost(f64),
    Above(f64),
    Below(f64),
}

/// Where a condition's fields are read: the record, or one list element.
#[derive(Clone, Copy)]
pub enum Scope<'s, 'v> {
    Record(&'s Resolved<'v>),
    Element(&'v Value),
}

impl<'s, 'v> Scope<'s, 'v> {
    pub fn values(&self, path: &Path) -> Cow<'s, [&'v Value]> {
        match *self {
            Scope::Record(r) => r.values(path),
            Scope::Element(v) => Cow::Owned(path.values_in(v)),
        }
    }

    fn get(&self, path: &Path) -> Option<&'v Value> {
        self.values(path).first().copied()
    }

    fn prefix_value(&self, path: &Path) -> Option<&'v Value> {
        match *self {
            Scope::Record(r) => r.prefix_value(path),
            Scope::Element(v) => path.prefix_value(v, RecordKind::Draft),
        }
    }
}

const TESTS: &[&str] =
    &["equals", "in", "in-from", "exists", "matches", "contains", "at-least", "at-most", "above", "below"];

impl Condition {
    pub fn decode(value: &Value, at: &str, p: &Params<'_>) -> Result<Condition> {
        let node = Params::new(at, value, p.data)?;
        let combinator = |key: &str| -> Result<Option<Vec<Condition>>> {
            let Some(v) = node.get(key) else { return Ok(None) };
            let items = v.as_array().ok_or_else(|| node.error(key, "expected a list of conditions"))?;
            items
                .iter()
                .enumerate()
                .map(|(i, c)| Condition::decode(c, &format!("{}/{i}", node.ptr(key)), p))
                .collect::<Result<_>>()
                .map(Some)
        };
        if let Some(all) = combinator("all")? {
            return Ok(Condition::All(all));
        }
        if let Some(any) = combinator("any")? {
            return Ok(Condition::Any(any));
        }
        if let Some(inner) = node.get("not") {
            return Ok(Condition::Not(Box::new(Condition::decode(inner, &node.ptr("not"), p)?)));
        }
        let subject =
            match (node.path("field")?, node.get("value")) {
                (Some(path), None) => Subject::Field(path),
                (None, Some(v)) => Subject::Value(Box::new(Expr::decode(v, &node.ptr("value"), p)?)),
                _ => return Err(DecodeError {
                    pointer: at.to_string(),
                    message:
                        "a condition needs `field` or `value` (with a test such as `equals`), or `all`, `any` or `not`"
                            .into(),
                }),
            };
        let num = |k: &str| node.num(k).map(|n| n.unwrap_or_default());
        let test = if let Some(v) = node.get("equals") {
            Test::Equals(v.clone())
        } else if let Some(v) = node.get("in") {
            Test::In(Members::new(v.as_array().ok_or_else(|| node.error("in", "expected a list"))?.clone()))
        } else if node.has("in-from") {
            Test::In(Members::of_strings(node.strings("in")?.unwrap_or_default()))
        } else if node.has("exists") {
            Test::Exists(node.bool("exists", true)?)
        } else if let Some(re) = node.str("matches")? {
            Test::Matches(
                compile_regex(re, node.bool("case-insensitive", false)?).map_err(|m| node.error("matches", m))?,
            )
        } else if let Some(v) = node.get("contains") {
            Test::Contains(v.clone())
        } else if node.has("at-least") {
            Test::AtLeast(num("at-least")?)
        } else if node.has("at-most") {
            Test::AtMost(num("at-most")?)
        } else if node.has("above") {
            Test::Above(num("above")?)
        } else if node.has("below") {
            Test::Below(num("below")?)
        } else {
            return Err(DecodeError {
                pointer: at.to_string(),
                message: format!("a condition on `field` needs one of: {}", TESTS.join(", ")),
            });
        };
        Ok(Condition::Test { subject, test })
    }

    pub fn holds(&self, scope: Scope<'_, '_>) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(scope)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(scope)),
            Condition::Not(c) => !c.holds(scope),
            Condition::Test { subject: Subject::Field(field), test } => {
                let values = scope.values(field);
                match test {
                    Test::Exists(want) => values.iter().any(|v| !is_blank(v)) == *want,
                    _ => values.iter().any(|v| test.passes(v)),
                }
            }
            Condition::Test { subject: Subject::Value(expr), test } => match (expr.eval(scope), test) {
                (n, Test::Exists(want)) => n.is_some() == *want,
                (Some(n), t) => t.passes(&Value::from(n)),
                (None, _) => false,
            },
        }
    }
}

impl Test {
    fn passes(&self, v: &Value) -> bool {
        match self {
            Test::Equals(want) => v == want,
            Test::In(members) => members.contains(v),
            Test::Exists(_) => true,
            Test::Matches(re) => v.as_str().is_some_and(|s| re.is_match(s)),
            Test::Contains(want) => v.as_array().is_some_and(|a| a.contains(want)),
            Test::AtLeast(n) => number(v).is_some_and(|x| x >= *n),
            Test::AtMost(n) => number(v).is_some_and(|x| x <= *n),
            Test::Above(n) => number(v).is_some_and(|x| x > *n),
            Test::Below(n) => number(v).is_some_and(|x| x < *n),
        }
    }
}

/// The values an `in` test accepts. Strings are looked up in a set: an
/// `in-from` list (countries without postal codes) runs to dozens.
#[derive(Debug, Clone)]
pub struct Members {
    strings: FxHashSet<String>,
    others: Vec<Value>,
}

impl Members {
    fn new(values: Vec<Value>) -> Members {
        let (mut strings, mut others) = (FxHashSet::default(), Vec::new());
        for v in values {
            match v {
                Value::String(s) => {
                    strings.insert(s);
                }
                other => others.push(other),
            }
        }
        Members { strings, others }
    }

    /// The members of an `in-from` data list, all strings.
    fn of_strings(strings: Vec<String>) -> Members {
        Members { strings: strings.into_iter().collect(), others: Vec::new() }
    }

    fn contains(&self, v: &Value) -> bool {
        match v {
            Value::String(s) => self.strings.contains(s.as_str()),
            other => self.others.contains(other),
        }
    }
}

/// An empty string, list or object counts as absent for `exists`.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A number, or a string holding one (`ExpectedCustomerSpend.Amount` is a
/// decimal string in AWS's API).
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.trim();
            // Thousands separators are rare: copy only when there are some.
            let parsed = if s.contains(',') { s.replace(',', "").parse::<f64>() } else { s.parse::<f64>() };
            parsed.ok().filter(|x| x.is_finite())
        }
        _ => None,
    }
}

/// A numeric expression over a record.
#[derive(Debug, Clone)]
pub enum Expr {
    Const(f64),
    Field(Path),
    Sum { path: Path, filter: Option<Filter> },
    Count { path: Path, filter: Option<Filter> },
    Length(Path),
    Ratio(Box<Expr>, Box<Expr>),
    Product(Box<Expr>, Box<Expr>),
    Difference(Box<Expr>, Box<Expr>),
    Max(Vec<Expr>),
}

impl Expr {
    pub fn decode(value: &Value, at: &str, p: &Params<'_>) -> Result<Expr> {
        let err = |m: &str| DecodeError { pointer: at.to_string(), message: m.to_string() };
        match value {
            Value::Number(n) => Ok(Expr::Const(n.as_f64().unwrap_or_default())),
            Value::String(s) => Path::parse(s).map(Expr::Field).map_err(|m| err(&m)),
            Value::Object(_) => {
                let node = Params::new(at, value, p.data)?;
                let condition = node.get("where").map(|w| Condition::decode(w, &node.ptr("where"), p)).transpose()?;
                let filter = |path: &Path| condition.map(|condition| Filter { condition, parent: path.split_last() });
                let pair = |key: &str| -> Result<Option<(Box<Expr>, Box<Expr>)>> {
                    let Some(v) = node.get(key) else { return Ok(None) };
                    match v.as_array().map(Vec::as_slice) {
                        Some([a, b]) => Ok(Some((
                            Box::new(Expr::decode(a, &format!("{}/0", node.ptr(key)), p)?),
                            Box::new(Expr::decode(b, &format!("{}/1", node.ptr(key)), p)?),
                        ))),
                        _ => Err(node.error(key, "expected a list of two expressions")),
                    }
                };
                if let Some(path) = node.path("sum")? {
                    Ok(Expr::Sum { filter: filter(&path), path })
                } else if let Some(path) = node.path("count")? {
                    Ok(Expr::Count { filter: filter(&path), path })
                } else if let Some(path) = node.path("length")? {
                    Ok(Expr::Length(path))
                } else if let Some((a, b)) = pair("ratio")? {
                    Ok(Expr::Ratio(a, b))
                } else if let Some((a, b)) = pair("product")? {
                    Ok(Expr::Product(a, b))
                } else if let Some((a, b)) = pair("difference")? {
                    Ok(Expr::Difference(a, b))
                } else if let Some(v) = node.get("max") {
                    let items = v.as_array().ok_or_else(|| node.error("max", "expected a list"))?;
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, e)| Expr::decode(e, &format!("{}/{i}", node.ptr("max")), p))
                        .collect::<Result<_>>()
                        .map(Expr::Max)
                } else {
                    Err(err("an expression is a number, a path, or a table with one of: sum, count, length, ratio, product, difference, max"))
                }
            }
            _ => Err(err("expected a number, a path or an expression table")),
        }
    }

    /// The value, or `None` when a field it needs is absent (a rule on a
    /// missing value stays silent; `required` rules report absence).
    pub fn eval(&self, scope: Scope<'_, '_>) -> Option<f64> {
        match self {
            Expr::Const(n) => Some(*n),
            Expr::Field(p) => scope.get(p).and_then(number),
            Expr::Sum { path, filter } => {
                let items = filtered(path, filter, scope);
                // An empty list sums to 0; an absent one has no sum.
                let present = !items.is_empty() || scope.prefix_value(path).is_some();
                present.then(|| items.iter().filter_map(|x| number(x)).sum())
            }
            Expr::Count { path, filter } => Some(filtered(path, filter, scope).len() as f64),
            Expr::Length(p) => scope.get(p).map(|x| match x {
                Value::String(s) => s.chars().count() as f64,
                Value::Array(a) => a.len() as f64,
                _ => 0.0,
            }),
            Expr::Ratio(a, b) => {
                let d = b.eval(scope)?;
                (d != 0.0).then_some(a.eval(scope)? / d)
            }
            Expr::Product(a, b) => Some(a.eval(scope)? * b.eval(scope)?),
            Expr::Difference(a, b) => Some(a.eval(scope)? - b.eval(scope)?),
            Expr::Max(es) => es.iter().filter_map(|e| e.eval(scope)).reduce(f64::max),
        }
    }

    /// The path an expression is "about", for placing a finding.
    pub fn anchor(&self) -> Option<&Path> {
        match self {
            Expr::Field(p) | Expr::Length(p) => Some(p),
            Expr::Sum { path, .. } | Expr::Count { path, .. } => path.split_last().map(|_| path),
            Expr::Ratio(a, _) | Expr::Product(a, _) | Expr::Difference(a, _) => a.anchor(),
            Expr::Max(es) => es.iter().find_map(Expr::anchor),
            Expr::Const(_) => None,
        }
    }
}

/// A sum's or count's `where`: a condition on each element of the list
/// holding the summed field, and that list's path (split once, at load).
#[derive(Debug, Clone)]
pub struct Filter {
    condition: Condition,
    /// The path without its last token, and that token.
    parent: Option<(Path, String)>,
}

/// The values a sum or count ranges over. A `where` condition is read
/// relative to each list element: for `/Funding/ProjectedSpend/*/MonthlyUsd`
/// the element is the `ProjectedSpend` entry.
fn filtered<'s, 'v>(path: &Path, filter: &Option<Filter>, scope: Scope<'s, 'v>) -> Cow<'s, [&'v Value]> {
    let Some(filter) = filter else { return scope.values(path) };
    let Some((parent, last)) = &filter.parent else { return Cow::Owned(Vec::new()) };
    let kept = scope
        .values(parent)
        .iter()
        .filter(|el| filter.condition.holds(Scope::Element(el)))
        .filter_map(|el| el.get(last))
        .collect();
    Cow::Owned(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_hold_strings_and_other_values() {
        let members = Members::new(vec![json!("US"), json!("CA"), json!(3), json!(true)]);
        assert!(members.contains(&json!("US")) && members.contains(&json!("CA")));
        assert!(!members.contains(&json!("us")) && !members.contains(&json!("GB")));
        assert!(members.contains(&json!(3)) && members.contains(&json!(true)));
        assert!(!members.contains(&json!("3")) && !members.contains(&json!(4)) && !members.contains(&json!(null)));
        let listed = Members::of_strings(vec!["AO".into(), "AG".into()]);
        assert!(listed.contains(&json!("AO")) && !listed.contains(&json!("US")) && !listed.contains(&json!(1)));
    }
}
