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
    /// `every`: each value the field selects, not only one, must pass.
    Test {
        subject: Subject,
        test: Test,
        every: bool,
    },
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
        match *self {
            Scope::Record(r) => r.get(path),
            Scope::Element(v) => {
                let mut first = None;
                path.any_in(v, &mut |x| {
                    first = Some(x);
                    true
                });
                first
            }
        }
    }

    /// Whether any value the path selects passes `test`. In an element,
    /// without collecting the values first: conditions on list items run
    /// once per item.
    fn any(&self, path: &Path, mut test: impl FnMut(&'v Value) -> bool) -> bool {
        match *self {
            Scope::Record(r) => r.values(path).iter().any(|&v| test(v)),
            Scope::Element(v) => path.any_in(v, &mut test),
        }
    }

    fn prefix_value(&self, path: &Path) -> Option<&'v Value> {
        match *self {
            Scope::Record(r) => r.prefix_value(path),
            Scope::Element(v) => path.prefix_value(v, RecordKind::Draft),
        }
    }
}

/// The tests a condition can make, in the order the rule-file reference
/// lists them, each with its decoder. Decoding, the check for unknown keys
/// and every message that lists the tests read this one table.
const TESTS: &[(&str, DecodeTest)] = &[
    ("equals", |n, k| Ok(Test::Equals(n.get(k).cloned().unwrap_or_default()))),
    ("in", |n, k| {
        let list = n.get(k).and_then(Value::as_array).ok_or_else(|| n.error(k, "expected a list"))?;
        Ok(Test::In(Members::new(list.clone())))
    }),
    // `strings("in")` reads `in-from` and `in-field`: `in` is absent here.
    ("in-from", |n, _| {
        let listed = n.strings("in")?.unwrap_or_default();
        Ok(Test::In(match n.bool("folded", false)? {
            true => Members::folded(listed),
            false => Members::of_strings(listed),
        }))
    }),
    ("exists", |n, k| Ok(Test::Exists(n.bool(k, true)?))),
    ("matches", |n, k| {
        let re = compile_regex(n.req_str(k)?, n.bool("case-insensitive", false)?).map_err(|m| n.error(k, m))?;
        Ok(Test::Matches(re))
    }),
    ("contains", |n, k| Ok(Test::Contains(n.get(k).cloned().unwrap_or_default()))),
    ("at-least", |n, k| Ok(Test::AtLeast(n.num(k)?.unwrap_or_default()))),
    ("at-most", |n, k| Ok(Test::AtMost(n.num(k)?.unwrap_or_default()))),
    ("above", |n, k| Ok(Test::Above(n.num(k)?.unwrap_or_default()))),
    ("below", |n, k| Ok(Test::Below(n.num(k)?.unwrap_or_default()))),
];

/// Decodes the test named by the key from a condition table.
type DecodeTest = fn(&Params<'_>, &str) -> Result<Test>;

/// Keys that refine one test, and that test.
const TEST_OPTIONS: &[(&str, &str)] =
    &[("in-field", "in-from"), ("folded", "in-from"), ("case-insensitive", "matches")];

/// The key that makes a test of a field hold for each value it selects.
const EVERY: &str = "every";

/// Keys that make a condition out of other conditions.
const COMBINATORS: &[&str] = &["all", "any", "not"];

/// Keys naming what a test looks at.
const SUBJECTS: &[&str] = &["field", "value"];

/// Every key a condition table may hold.
fn condition_keys() -> impl Iterator<Item = &'static str> + Clone {
    COMBINATORS
        .iter()
        .chain(SUBJECTS)
        .copied()
        .chain(TESTS.iter().map(|(t, _)| *t))
        .chain(TEST_OPTIONS.iter().map(|(o, _)| *o))
        .chain([EVERY])
}

/// The tests, each with the keys that refine it, and `every`:
/// `equals, in, in-from (with in-field, folded), …`.
fn describe_tests() -> String {
    let described: Vec<String> = TESTS
        .iter()
        .map(|(test, _)| {
            let options: Vec<&str> = TEST_OPTIONS.iter().filter(|(_, t)| t == test).map(|(o, _)| *o).collect();
            match options.is_empty() {
                true => test.to_string(),
                false => format!("{test} (with {})", options.join(", ")),
            }
        })
        .collect();
    format!("{}; and `{EVERY} = true` for a test every value of a `field` must pass", described.join(", "))
}

/// Why a condition table with two heads (tests or combinators) is refused,
/// and how to write what it meant.
fn two_heads(first: &str, second: &str, only_tests: bool) -> String {
    if only_tests {
        format!(
            "this condition has two tests, `{first}` and `{second}`; a condition makes one test: write one condition per test and combine them with `all = [...]` (every one holds) or `any = [...]` (at least one holds)"
        )
    } else {
        format!(
            "`{first}` and `{second}` cannot share a condition: a condition is `all`, `any` or `not`, or one test; combine conditions with `all = [...]` or `any = [...]`"
        )
    }
}

impl Condition {
    pub fn decode(value: &Value, at: &str, p: &Params<'_>) -> Result<Condition> {
        let node = Params::new(at, value, p.data)?;
        if let Some((key, hint)) = node.unknown_key(condition_keys()) {
            return Err(node.error(
                key,
                format!(
                    "a condition has no key `{key}`{hint} (it takes `all`, `any` or `not`, or `field` or `value` with one test: {})",
                    describe_tests()
                ),
            ));
        }
        // What the table is: one combinator, or one test.
        let combinators: Vec<(&str, &Value)> =
            COMBINATORS.iter().filter_map(|&k| node.get(k).map(|v| (k, v))).collect();
        let tests: Vec<(&str, DecodeTest)> = TESTS.iter().copied().filter(|(t, _)| node.has(t)).collect();
        let heads: Vec<&str> = combinators.iter().map(|(k, _)| *k).chain(tests.iter().map(|(t, _)| *t)).collect();
        if let [first, second, ..] = heads[..] {
            return Err(node.error(second, two_heads(first, second, combinators.is_empty())));
        }
        match combinators.first() {
            Some(&(combinator, inner)) => Condition::decode_combined(&node, combinator, inner, p),
            None => Condition::decode_test(&node, tests.first().copied(), p),
        }
    }

    /// `all = [...]`, `any = [...]` or `not = {...}`.
    fn decode_combined(node: &Params<'_>, combinator: &str, inner: &Value, p: &Params<'_>) -> Result<Condition> {
        if let Some(other) = node.map.keys().find(|k| *k != combinator) {
            return Err(node.error(
                other,
                format!("a condition with `{combinator}` takes no other key; `{other}` belongs in a condition inside `{combinator}`"),
            ));
        }
        if combinator == "not" {
            return Ok(Condition::Not(Box::new(Condition::decode(inner, &node.ptr("not"), p)?)));
        }
        let items = inner.as_array().ok_or_else(|| node.error(combinator, "expected a list of conditions"))?;
        let conditions = items
            .iter()
            .enumerate()
            .map(|(i, c)| Condition::decode(c, &format!("{}/{i}", node.ptr(combinator)), p))
            .collect::<Result<_>>()?;
        Ok(if combinator == "all" { Condition::All(conditions) } else { Condition::Any(conditions) })
    }

    /// One test (`equals`, `in`…, maybe with its options) of a `field` or
    /// a `value`.
    fn decode_test(node: &Params<'_>, test: Option<(&str, DecodeTest)>, p: &Params<'_>) -> Result<Condition> {
        for &(option, owner) in TEST_OPTIONS {
            if node.has(option) && test.map(|(t, _)| t) != Some(owner) {
                return Err(node.error(option, format!("`{option}` works only with the test `{owner}`")));
            }
        }
        let at = || node.at.clone();
        let subject = match (node.path("field")?, node.get("value")) {
            (Some(path), None) => Subject::Field(path),
            (None, Some(v)) => Subject::Value(Box::new(Expr::decode(v, &node.ptr("value"), p)?)),
            (Some(_), Some(_)) => {
                return Err(node.error("value", "a condition tests `field` or `value`, not both"));
            }
            (None, None) => {
                return Err(DecodeError {
                    pointer: at(),
                    message: match test {
                        Some((test, _)) => format!("`{test}` needs `field` (a path) or `value` (an expression) to test"),
                        None => "a condition needs `field` or `value` (with a test such as `equals`), or `all`, `any` or `not`".into(),
                    },
                });
            }
        };
        let Some((name, decode)) = test else {
            let on = if matches!(subject, Subject::Field(_)) { "field" } else { "value" };
            return Err(DecodeError {
                pointer: at(),
                message: format!("a condition on `{on}` needs one test: {}", describe_tests()),
            });
        };
        let every = node.bool(EVERY, false)?;
        if every && name == "exists" {
            return Err(node.error(EVERY, "`every` does not go with `exists`, which already holds for a field only when no value it selects is there (`exists = false`)"));
        }
        if every && matches!(subject, Subject::Value(_)) {
            return Err(node.error(EVERY, "`every` tests each value a `field` selects; a `value` is one number"));
        }
        Ok(Condition::Test { subject, test: decode(node, name)?, every })
    }

    pub fn holds(&self, scope: Scope<'_, '_>) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(scope)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(scope)),
            Condition::Not(c) => !c.holds(scope),
            Condition::Test { subject: Subject::Field(field), test, every } => match test {
                Test::Exists(want) => scope.any(field, |v| !is_blank(v)) == *want,
                // Blank values are skipped as `exists` skips them: a list of
                // blanks, or no list, holds.
                _ if *every => !scope.any(field, |v| !is_blank(v) && !test.passes(v)),
                _ => scope.any(field, |v| test.passes(v)),
            },
            Condition::Test { subject: Subject::Value(expr), test, .. } => match (expr.eval(scope), test) {
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
    /// `folded`: the listed names, folded (`names::fold`), that a string
    /// made of them only matches.
    folded: Option<Vec<String>>,
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
        Members { strings, others, folded: None }
    }

    /// The members of an `in-from` data list, all strings.
    fn of_strings(strings: Vec<String>) -> Members {
        Members { strings: strings.into_iter().collect(), others: Vec::new(), folded: None }
    }

    /// An `in-from` list compared without case or punctuation, a string
    /// made of its names only (`N/A - bootstrapped`), or of no letter or
    /// digit at all (`-`), being one of them.
    fn folded(names: Vec<String>) -> Members {
        let folded = names.iter().map(|n| crate::names::fold(n)).filter(|k| !k.is_empty()).collect();
        Members { folded: Some(folded), ..Members::of_strings(Vec::new()) }
    }

    fn contains(&self, v: &Value) -> bool {
        match (v, &self.folded) {
            // A string of punctuation only (`-`) folds to nothing, and
            // names nothing either.
            (Value::String(s), Some(names)) => crate::names::only_placeholders(&crate::names::fold(s), names),
            (_, Some(_)) => false,
            (Value::String(s), None) => self.strings.contains(s.as_str()),
            (other, None) => self.others.contains(other),
        }
    }
}

/// What counts as absent for `exists` and `required`: `null`, a blank
/// string, and a list or object that holds nothing else (`[]`, `[""]`,
/// `{ "Name": " " }`): a placeholder is not a value.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        // Blank when no character survives trimming the start (trimming
        // the end too would find the same).
        Value::String(s) => s.trim_start().is_empty(),
        Value::Array(a) => a.iter().all(is_blank),
        Value::Object(o) => o.values().all(is_blank),
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

/// The operations of an expression table, one per table.
const OPERATIONS: &[&str] = &["sum", "count", "length", "ratio", "product", "difference", "max"];

/// A numeric expression over a record.
#[derive(Debug, Clone)]
pub enum Expr {
    Const(f64),
    Field(Path),
    /// `item_field`: for a sum of a field of each list item, the items'
    /// path and the field (see `Path::item_field`).
    /// `id` numbers the aggregate for a record's memo (see
    /// `path::number_aggregate`).
    Sum {
        id: u32,
        path: Path,
        filter: Option<Filter>,
        item_field: Option<(Path, String)>,
    },
    Count {
        id: u32,
        path: Path,
        filter: Option<Filter>,
    },
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
            Value::Object(_) => Expr::decode_table(&Params::new(at, value, p.data)?, p),
            _ => Err(err("expected a number, a path or an expression table")),
        }
    }

    /// `{ sum = "/…", where = … }`, `{ ratio = [a, b] }`…: one operation,
    /// and `where` for a `sum` or `count`.
    fn decode_table(node: &Params<'_>, p: &Params<'_>) -> Result<Expr> {
        if let Some((key, hint)) = node.unknown_key(OPERATIONS.iter().copied().chain(["where"])) {
            return Err(node.error(
                key,
                format!(
                    "an expression has no key `{key}`{hint} (it takes one of: {}; and `where` with `sum` or `count`)",
                    OPERATIONS.join(", ")
                ),
            ));
        }
        let ops: Vec<&str> = OPERATIONS.iter().copied().filter(|op| node.has(op)).collect();
        let op = match ops[..] {
            [op] => op,
            [] => {
                return Err(DecodeError {
                    pointer: node.at.clone(),
                    message: format!(
                        "an expression is a number, a path, or a table with one of: {}",
                        OPERATIONS.join(", ")
                    ),
                })
            }
            [first, second, ..] => {
                return Err(node.error(
                    second,
                    format!(
                        "this expression has both `{first}` and `{second}`; a table computes one of them: nest expressions, as in `{{ ratio = [{{ {first} = … }}, {{ {second} = … }}] }}`"
                    ),
                ))
            }
        };
        if node.has("where") && op != "sum" && op != "count" {
            return Err(node.error("where", format!("`where` filters the items of a `sum` or `count`, not a `{op}`")));
        }
        let condition = node.get("where").map(|w| Condition::decode(w, &node.ptr("where"), p)).transpose()?;
        let filter = |path: &Path| condition.map(|condition| Filter { condition, parent: path.split_last() });
        let pair = |key: &str| -> Result<(Box<Expr>, Box<Expr>)> {
            match node.get(key).and_then(Value::as_array).map(Vec::as_slice) {
                Some([a, b]) => Ok((
                    Box::new(Expr::decode(a, &format!("{}/0", node.ptr(key)), p)?),
                    Box::new(Expr::decode(b, &format!("{}/1", node.ptr(key)), p)?),
                )),
                _ => Err(node.error(key, "expected a list of two expressions")),
            }
        };
        let path = |key: &str| node.req_path(key);
        // The same table read against the same data files is the same
        // aggregate, whichever rule holds it.
        let id = || super::path::number_aggregate(format!("{:?} {}", p.data, Value::Object(node.map.clone())));
        Ok(match op {
            "sum" => {
                let path = path(op)?;
                Expr::Sum { id: id(), filter: filter(&path), item_field: path.item_field(), path }
            }
            "count" => {
                let path = path(op)?;
                Expr::Count { id: id(), filter: filter(&path), path }
            }
            "length" => Expr::Length(path(op)?),
            "ratio" => pair(op).map(|(a, b)| Expr::Ratio(a, b))?,
            "product" => pair(op).map(|(a, b)| Expr::Product(a, b))?,
            "difference" => pair(op).map(|(a, b)| Expr::Difference(a, b))?,
            "max" => {
                let items = node.get(op).and_then(Value::as_array).ok_or_else(|| node.error(op, "expected a list"))?;
                let exprs = items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| Expr::decode(e, &format!("{}/{i}", node.ptr(op)), p))
                    .collect::<Result<_>>()?;
                Expr::Max(exprs)
            }
            other => return Err(node.error(other, format!("`{other}` is not implemented"))),
        })
    }

    /// The value, or `None` when a field it needs is absent (a rule on a
    /// missing value stays silent; `required` rules report absence).
    pub fn eval(&self, scope: Scope<'_, '_>) -> Option<f64> {
        match (self, scope) {
            (Expr::Sum { id, .. } | Expr::Count { id, .. }, Scope::Record(record)) => {
                record.aggregate(*id, || self.compute(scope))
            }
            _ => self.compute(scope),
        }
    }

    fn compute(&self, scope: Scope<'_, '_>) -> Option<f64> {
        match self {
            Expr::Const(n) => Some(*n),
            Expr::Field(p) => scope.get(p).and_then(number),
            Expr::Sum { path, filter, item_field: Some((items, field)), .. } => {
                // An item without the field (left out, or `null`) leaves the
                // sum unknown rather than smaller, as a value that is not a
                // number does: the schema reports it missing.
                let holds = |item: &Value| filter.as_ref().is_none_or(|f| f.condition.holds(Scope::Element(item)));
                let listed = scope.values(items);
                let total: Option<f64> = listed
                    .iter()
                    .filter(|item| holds(item))
                    .map(|item| item.get(field.as_str()).and_then(number))
                    .sum();
                // An empty list sums to 0; an absent one has no sum.
                total.filter(|_| !listed.is_empty() || scope.prefix_value(path).is_some())
            }
            Expr::Sum { path, filter, item_field: None, .. } => {
                let (count, total) = with_items(path, filter, scope, |items| {
                    let mut count = 0;
                    // A value that is not a number (`"abc"`, a 400-digit
                    // amount) leaves the sum unknown rather than smaller:
                    // the schema reports the value itself.
                    let total: Option<f64> = items.inspect(|_| count += 1).map(number).sum();
                    (count, total)
                });
                // An empty list sums to 0; an absent one has no sum.
                let present = count > 0 || scope.prefix_value(path).is_some();
                total.filter(|_| present)
            }
            Expr::Count { path, filter, .. } => Some(with_items(path, filter, scope, |items| items.count()) as f64),
            Expr::Length(p) => scope.get(p).map(|x| match x {
                Value::String(s) => s.chars().count() as f64,
                Value::Array(a) => a.len() as f64,
                _ => 0.0,
            }),
            Expr::Ratio(a, b) => {
                // A side that overflowed (a sum past f64's range) makes no
                // share: `inf` over `inf` is no number, `x` over `inf` no 0%.
                let d = b.eval(scope).filter(|d| *d != 0.0 && d.is_finite())?;
                a.eval(scope).filter(|n| n.is_finite()).map(|n| n / d)
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
            Expr::Sum { path, .. } | Expr::Count { path, .. } => Some(path),
            Expr::Ratio(a, _) | Expr::Product(a, _) | Expr::Difference(a, _) => a.anchor(),
            Expr::Max(es) => es.iter().find_map(Expr::anchor),
            Expr::Const(_) => None,
        }
    }
}

/// A sum's or count's `where`: a condition on each item of the list the
/// path ranges over (split once, at load).
#[derive(Debug, Clone)]
pub struct Filter {
    condition: Condition,
    /// For a path ending in a field (`/list/*/Field`): the path to the
    /// items, and that field. `None` for a path ending in a wildcard
    /// (`/list/*`): the selected values are the items.
    parent: Option<(Path, String)>,
}

/// Hands `f` the values a sum or count ranges over, as they are found (a
/// sum or a count needs no list of them). A `where` condition is read
/// relative to each list item: for `/Funding/ProjectedSpend/*/MonthlyUsd`
/// and for `/Funding/ProjectedSpend/*` the item is the `ProjectedSpend`
/// entry. An item the condition holds for gives its field (items without
/// it are left out), or, for a path ending in `*`, itself.
fn with_items<'v, R>(
    path: &Path,
    filter: &Option<Filter>,
    scope: Scope<'_, 'v>,
    f: impl FnOnce(&mut dyn Iterator<Item = &'v Value>) -> R,
) -> R {
    let Some(filter) = filter else { return f(&mut scope.values(path).iter().copied()) };
    let holds = |item: &&'v Value| filter.condition.holds(Scope::Element(item));
    match &filter.parent {
        Some((parent, last)) => {
            f(&mut scope.values(parent).iter().copied().filter(holds).filter_map(|item| item.get(last)))
        }
        None => f(&mut scope.values(path).iter().copied().filter(holds)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::data::DataFiles;
    use serde_json::json;

    #[test]
    fn placeholders_are_blank_and_values_are_not() {
        for blank in
            [json!(null), json!("  "), json!([]), json!([""]), json!([null, " "]), json!({}), json!({ "Name": "" })]
        {
            assert!(is_blank(&blank), "{blank}");
        }
        for value in [json!(0), json!(false), json!("x"), json!(["", "Example Ventures"]), json!({ "Caching": true })] {
            assert!(!is_blank(&value), "{value}");
        }
    }

    /// Decodes a rule's `when` (a condition at `/when`).
    fn when(condition: Value) -> Result<Condition> {
        let rule = json!({ "when": condition });
        let data = DataFiles::builtin();
        let p = Params::new("", &rule, &data).unwrap();
        Condition::decode(&rule["when"], &p.ptr("when"), &p)
    }

    /// Decodes a check's `value` (an expression at `/value`).
    fn value(expr: Value) -> Result<Expr> {
        let check = json!({ "value": expr });
        let data = DataFiles::builtin();
        let p = Params::new("", &check, &data).unwrap();
        Expr::decode(&check["value"], &p.ptr("value"), &p)
    }

    fn error(r: Result<impl std::fmt::Debug>) -> (String, String) {
        let e = r.expect_err("a decode error");
        (e.pointer, e.message)
    }

    fn spend() -> Value {
        json!({ "Funding": { "ProjectedSpend": [
            { "Product": "AmazonBedrock", "MonthlyUsd": 500, "BilledThrough": "AWS Marketplace" },
            { "Product": "AmazonEC2", "MonthlyUsd": 300 },
            { "Product": "AmazonBedrockAgents", "BilledThrough": "AWS Marketplace" },
            { "Product": "AmazonS3", "MonthlyUsd": 200, "BilledThrough": "AWS" },
        ] } })
    }

    fn eval(expr: &Expr, record: &Value) -> Option<f64> {
        let resolved = Resolved::new(record, RecordKind::Draft);
        expr.eval(Scope::Record(&resolved))
    }

    #[test]
    fn count_with_where_over_items_counts_the_items_it_holds_for() {
        let record = spend();
        let marketplace = json!({ "field": "/BilledThrough", "equals": "AWS Marketplace" });
        let count = |path: &str| eval(&value(json!({ "count": path, "where": marketplace })).unwrap(), &record);
        // Before: a path ending in `*` has no field to split off, and the
        // count was always 0.
        assert_eq!(count("/Funding/ProjectedSpend/*"), Some(2.0));
        // Items without the field are left out: the count is of values.
        assert_eq!(count("/Funding/ProjectedSpend/*/MonthlyUsd"), Some(1.0));
        let bedrock = json!({ "count": "/Funding/ProjectedSpend/*", "where": { "field": "/Product", "matches": "^AmazonBedrock" } });
        assert_eq!(eval(&value(bedrock).unwrap(), &record), Some(2.0));
        let all = value(json!({ "count": "/Funding/ProjectedSpend/*" })).unwrap();
        assert_eq!(eval(&all, &record), Some(4.0));
        let none = value(
            json!({ "count": "/Funding/ProjectedSpend/*", "where": { "field": "/Product", "equals": "AmazonRDS" } }),
        );
        assert_eq!(eval(&none.unwrap(), &record), Some(0.0));
        assert_eq!(
            eval(&value(json!({ "count": "/Funding/ProjectedSpend/*", "where": marketplace })).unwrap(), &json!({})),
            Some(0.0)
        );
    }

    /// Equal aggregates in different rules share one number, so a record
    /// computes their value once; a different filter or data directory is
    /// another aggregate.
    #[test]
    fn equal_aggregates_share_a_record_value() {
        let id = |e: &Expr| match e {
            Expr::Sum { id, .. } | Expr::Count { id, .. } => *id,
            _ => panic!("not an aggregate"),
        };
        let marketplace = json!({ "not": { "field": "/BilledThrough", "equals": "AWS Marketplace" } });
        let sum = json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd", "where": marketplace });
        let (a, b) = (value(sum.clone()).unwrap(), value(sum.clone()).unwrap());
        assert_eq!(id(&a), id(&b));
        let plain = value(json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd" })).unwrap();
        assert_ne!(id(&a), id(&plain));
        let check = json!({ "value": sum });
        let elsewhere = DataFiles::beside(std::path::Path::new("/tmp/user-rules/extra.toml"));
        let p = Params::new("", &check, &elsewhere).unwrap();
        assert_ne!(id(&Expr::decode(&check["value"], "/value", &p).unwrap()), id(&a));
        // The shared value is the value: computed once, read by both.
        let record = spend();
        let resolved = Resolved::new(&record, RecordKind::Draft);
        let first = a.eval(Scope::Record(&resolved));
        assert_eq!(first, Some(500.0));
        assert_eq!(b.eval(Scope::Record(&resolved)), first);
        assert_eq!(plain.eval(Scope::Record(&resolved)), None, "a line without its amount: no sum");
    }

    #[test]
    fn sum_and_count_read_where_relative_to_the_same_items() {
        let record = spend();
        let marketplace = json!({ "field": "/BilledThrough", "equals": "AWS Marketplace" });
        // A Marketplace line without its amount leaves their sum unknown,
        // not 500: the schema reports the amount missing.
        let sum = value(json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd", "where": marketplace })).unwrap();
        assert_eq!(eval(&sum, &record), None);
        let all = value(json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd" })).unwrap();
        assert_eq!(eval(&all, &record), None);
        let not_marketplace = json!({ "not": marketplace });
        let sum = value(json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd", "where": not_marketplace })).unwrap();
        assert_eq!(eval(&sum, &record), Some(500.0));
        let count = value(json!({ "count": "/Funding/ProjectedSpend/*", "where": not_marketplace })).unwrap();
        assert_eq!(eval(&count, &record), Some(2.0));
        // A `value` condition inside `where` reads the item too.
        let big = json!({ "count": "/Funding/ProjectedSpend/*", "where": { "value": "/MonthlyUsd", "at-least": 300 } });
        assert_eq!(eval(&value(big).unwrap(), &record), Some(2.0));
    }

    #[test]
    fn a_count_over_items_places_its_finding_at_the_list() {
        let count =
            value(json!({ "count": "/Funding/ProjectedSpend/*", "where": { "field": "/Product", "equals": "x" } }));
        let anchor = count.unwrap().anchor().map(|p| p.prefix_pointer(RecordKind::Draft));
        assert_eq!(anchor, Some(Some("/Funding/ProjectedSpend".to_string())));
        let sum = value(json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd" })).unwrap();
        assert_eq!(sum.anchor().map(|p| p.text.as_str()), Some("/Funding/ProjectedSpend/*/MonthlyUsd"));
    }

    #[test]
    fn every_condition_shape_decodes() {
        let field = "/Funding/Program";
        for (test, sample) in [
            ("equals", json!("MAP")),
            ("in", json!(["MAP", "Activate Portfolio"])),
            ("in-from", json!("data/no-postal-code.json")),
            ("exists", json!(false)),
            ("matches", json!("^MAP")),
            ("contains", json!("MAP")),
            ("at-least", json!(1)),
            ("at-most", json!(1)),
            ("above", json!(1)),
            ("below", json!(1.5)),
        ] {
            assert!(TESTS.iter().any(|(t, _)| *t == test), "{test}");
            when(json!({ "field": field, test: sample.clone() })).unwrap_or_else(|e| panic!("{test}: {e:?}"));
            when(json!({ "value": { "length": field }, test: sample })).unwrap_or_else(|e| panic!("{test}: {e:?}"));
        }
        assert_eq!(TESTS.len(), 10, "a new test needs a sample above");
        when(json!({ "field": field, "matches": "^map", "case-insensitive": true })).unwrap();
        when(json!({ "field": field, "in-from": "data/not-investors.json", "in-field": "names" })).unwrap();
        let test = json!({ "field": field, "equals": "MAP" });
        when(json!({ "all": [test, { "any": [test, { "not": test }] }] })).unwrap();
        when(json!({ "value": { "sum": "/Funding/ProjectedSpend/*/MonthlyUsd", "where": test }, "above": 0 })).unwrap();
    }

    #[test]
    fn an_unknown_condition_key_is_an_error_at_that_key() {
        let (at, message) = error(when(json!({ "field": "/Funding/Program", "equls": "MAP" })));
        assert_eq!(at, "/when/equls");
        assert!(message.starts_with("a condition has no key `equls`; did you mean `equals`?"), "{message}");
        // Even beside a test that would have run in its place.
        let (at, message) =
            error(when(json!({ "field": "/Funding/Program", "equals": "MAP", "matches": "x", "bogus": 1 })));
        assert_eq!(at, "/when/bogus");
        assert!(message.starts_with("a condition has no key `bogus` (it takes"), "{message}");
        let (at, message) =
            error(when(json!({ "field": "/Funding/Program", "matches": "^map", "case_insensitive": true })));
        assert_eq!(at, "/when/case_insensitive");
        assert!(message.contains("did you mean `case-insensitive`?"), "{message}");
        // Inside `all`, `not` and an expression's `where`.
        let (at, _) = error(when(json!({ "all": [{ "not": { "field": "/Funding/Program", "equal": 1 } }] })));
        assert_eq!(at, "/when/all/0/not/equal");
        let (at, message) = error(value(
            json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd", "where": { "field": "/Product", "matchs": "^A" } }),
        ));
        assert_eq!(at, "/value/where/matchs");
        assert!(message.contains("did you mean `matches`?"), "{message}");
    }

    #[test]
    fn the_listed_tests_are_every_test_and_option() {
        let (_, message) = error(when(json!({ "field": "/Funding/Program" })));
        assert_eq!(
            message,
            "a condition on `field` needs one test: equals, in, in-from (with in-field, folded), exists, matches (with case-insensitive), contains, at-least, at-most, above, below; and `every = true` for a test every value of a `field` must pass"
        );
        let (_, unknown) = error(when(json!({ "field": "/Funding/Program", "nope": 1 })));
        for key in condition_keys() {
            assert!(message.contains(key) || COMBINATORS.contains(&key) || SUBJECTS.contains(&key), "{key}");
            assert!(unknown.contains(key), "{key}: {unknown}");
        }
    }

    #[test]
    fn a_condition_with_two_tests_is_an_error() {
        let (at, message) = error(when(json!({ "field": "/Funding/Program", "equals": "MAP", "matches": "^M" })));
        assert_eq!(at, "/when/matches");
        assert!(message.starts_with("this condition has two tests, `equals` and `matches`;"), "{message}");
        assert!(message.contains("`all = [...]`") && message.contains("`any = [...]`"), "{message}");
        let (at, message) = error(when(json!({ "all": [], "not": { "field": "/Funding/Program", "equals": 1 } })));
        assert_eq!(at, "/when/not");
        assert!(message.starts_with("`all` and `not` cannot share a condition"), "{message}");
        let (at, message) = error(when(json!({ "any": [], "field": "/Funding/Program" })));
        assert_eq!(at, "/when/field");
        assert!(message.contains("`field` belongs in a condition inside `any`"), "{message}");
        let (at, message) =
            error(when(json!({ "field": "/Funding/Program", "equals": "MAP", "case-insensitive": true })));
        assert_eq!(at, "/when/case-insensitive");
        assert_eq!(message, "`case-insensitive` works only with the test `matches`");
        let (at, message) = error(when(json!({ "field": "/Funding/Program", "value": 1, "equals": 1 })));
        assert_eq!((at.as_str(), message.as_str()), ("/when/value", "a condition tests `field` or `value`, not both"));
        let (at, message) = error(when(json!({ "above": 1 })));
        assert_eq!(at, "/when");
        assert!(message.starts_with("`above` needs `field`"), "{message}");
    }

    #[test]
    fn an_expression_table_takes_one_operation_and_known_keys() {
        let (at, message) = error(value(
            json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd", "wher": { "field": "/Product", "equals": "x" } }),
        ));
        assert_eq!(at, "/value/wher");
        assert!(message.starts_with("an expression has no key `wher`; did you mean `where`?"), "{message}");
        let (at, message) = error(value(
            json!({ "sum": "/Funding/ProjectedSpend/*/MonthlyUsd", "count": "/Funding/ProjectedSpend/*" }),
        ));
        assert_eq!(at, "/value/count");
        assert!(message.starts_with("this expression has both `sum` and `count`"), "{message}");
        let (at, message) = error(value(json!({ "ratio": [1, 2], "where": { "field": "/Product", "equals": "x" } })));
        assert_eq!(at, "/value/where");
        assert_eq!(message, "`where` filters the items of a `sum` or `count`, not a `ratio`");
        let (at, message) = error(value(json!({})));
        assert_eq!(at, "/value");
        assert!(message.ends_with("sum, count, length, ratio, product, difference, max"), "{message}");
    }

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

    #[test]
    fn folded_members_ignore_case_and_punctuation_and_take_runs_of_names() {
        let folded = Members::folded(vec!["None".into(), "N/A".into(), "friends & family".into()]);
        for yes in ["none", "N/A.", " n a ", "None - n/a", "Friends and Family", "-", "—", ""] {
            assert!(folded.contains(&json!(yes)), "{yes}");
        }
        for no in ["Founders Fund", "nonesuch", "friends"] {
            assert!(!folded.contains(&json!(no)), "{no}");
        }
        assert!(!folded.contains(&json!(null)) && !folded.contains(&json!(["none"])));
    }

    /// `every` holds when each value that is there passes, and so when
    /// none is: a list of blanks, an empty list, or no list.
    #[test]
    fn every_value_must_pass_and_blanks_are_skipped() {
        let condition = json!({ "field": "/Funding/Company/Investors/*", "in": ["N/A", "None"], "every": true });
        let c = when(condition).unwrap();
        let holds = |investors: Value| {
            let record = json!({ "Opportunity": {}, "Funding": { "Company": { "Investors": investors } } });
            let paths = Resolved::new(&record, RecordKind::Draft);
            c.holds(Scope::Record(&paths))
        };
        assert!(holds(json!(["N/A"])) && holds(json!(["N/A", "None", " "])));
        assert!(holds(json!([])) && holds(json!([""])) && holds(json!(null)));
        assert!(!holds(json!(["N/A", "Example Ventures"])) && !holds(json!(["Example Ventures"])));
        // Without `every`, one passing value is enough.
        let any = when(json!({ "field": "/Funding/Company/Investors/*", "in": ["N/A"] })).unwrap();
        let record =
            json!({ "Opportunity": {}, "Funding": { "Company": { "Investors": ["N/A", "Example Ventures"] } } });
        assert!(any.holds(Scope::Record(&Resolved::new(&record, RecordKind::Draft))));
    }

    #[test]
    fn every_goes_with_a_field_and_a_test_other_than_exists() {
        let (at, message) = error(when(json!({ "field": "/Funding/Program", "exists": false, "every": true })));
        assert_eq!(at, "/when/every");
        assert!(message.starts_with("`every` does not go with `exists`"), "{message}");
        let (at, message) =
            error(when(json!({ "value": { "length": "/Funding/Program" }, "above": 1, "every": true })));
        assert_eq!(at, "/when/every");
        assert!(message.contains("a `value` is one number"), "{message}");
        let (at, message) = error(when(json!({ "field": "/Funding/Program", "in": ["MAP"], "folded": true })));
        assert_eq!(at, "/when/folded");
        assert!(message.contains("`folded` works only with the test `in-from`"), "{message}");
        when(json!({ "field": "/Funding/Program", "in-from": "data/not-investors.json", "in-field": "names", "folded": true, "every": true })).unwrap();
    }
}
