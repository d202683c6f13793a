//! Field paths in rule files: JSON pointers written against a draft record
//! (`/Opportunity/Customer/Account/Industry`), where a `*` token stands for
//! every item of an array (or member of an object) and a final `**` for
//! every string anywhere below. On a bare `CreateOpportunity` body the
//! `/Opportunity` prefix maps to the root and `/Funding` paths select nothing.

use super::hold::Reach;
use crate::json::pointer;
use crate::record::RecordKind;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub text: String,
    tokens: Vec<Token>,
    /// `prefixes[i]` numbers the path made of the first `i + 1` tokens, the
    /// same number in every rule that reads it, so a record resolves each
    /// prefix once (see `Resolved`).
    prefixes: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
        let prefixes = number_prefixes(&tokens);
        Ok(Path { text: text.to_string(), tokens, prefixes })
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

    /// Whether any value the path selects relative to an element passes
    /// `test`, found without collecting them: a `where` condition runs
    /// once per list item and rarely reads more than one field.
    pub fn any_in<'v>(&self, element: &'v Value, test: &mut impl FnMut(&'v Value) -> bool) -> bool {
        any_below(element, &self.tokens, test)
    }

    /// The first selected value, for paths without wildcards.
    pub fn get<'v>(&self, root: &'v Value, kind: RecordKind) -> Option<&'v Value> {
        self.values(root, kind).into_iter().next()
    }

    /// Whether the path holds a `*` or `**`.
    pub fn has_wildcard(&self) -> bool {
        self.tokens.iter().any(|t| !matches!(t, Token::Key(_)))
    }

    /// Whether the path ends in `**`, reading every string below.
    pub fn reads_every_string(&self) -> bool {
        self.tokens.last() == Some(&Token::Deep)
    }

    /// For a field of each item of a list (`/Funding/ProjectedSpend/*/MonthlyUsd`):
    /// the path to the items, and the field.
    pub fn item_field(&self) -> Option<(Path, String)> {
        self.split_last().filter(|(items, _)| items.tokens.last() == Some(&Token::Any))
    }

    /// The path without its last token, and that token (for "required").
    pub fn split_last(&self) -> Option<(Path, String)> {
        let (last, parent) = self.tokens.split_last()?;
        let Token::Key(name) = last else { return None };
        let text = self.text[..self.text.rfind('/').unwrap_or(0)].to_string();
        let prefixes = self.prefixes[..parent.len()].to_vec();
        Some((Path { text, tokens: parent.to_vec(), prefixes }, name.clone()))
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
    /// its longest prefix present in the record, and the first key missing
    /// below it with the draft-record path of its holder (`/Opportunity`
    /// and `Customer`). `None` for a path with a wildcard: an empty list
    /// has no item to point at.
    pub fn first_missing(&self, root: &Value, kind: RecordKind) -> Option<(String, Path, String)> {
        let tokens = self.for_kind(kind)?;
        if self.has_wildcard() {
            return None;
        }
        let skipped = self.tokens.len() - tokens.len();
        let mut at = String::new();
        let mut v = root;
        for (i, t) in tokens.iter().enumerate() {
            let Token::Key(k) = t else { return None };
            match v.get(k.as_str()) {
                Some(child) => {
                    pointer::push(&mut at, k);
                    v = child;
                }
                None => return Some((at, self.prefix(skipped + i), k.clone())),
            }
        }
        // Every key is there (the last holder is not an object).
        Some((at, self.prefix(self.tokens.len()), String::new()))
    }

    /// The path of the first `n` tokens of a key-only path.
    fn prefix(&self, n: usize) -> Path {
        let mut text = String::new();
        for t in &self.tokens[..n] {
            if let Token::Key(k) = t {
                pointer::push(&mut text, k);
            }
        }
        Path { text, tokens: self.tokens[..n].to_vec(), prefixes: Vec::new() }
    }

    fn for_kind(&self, kind: RecordKind) -> Option<&[Token]> {
        match (kind, self.tokens.first()) {
            (RecordKind::Draft, _) => Some(&self.tokens),
            (RecordKind::Bare, Some(Token::Key(k))) if k == "Opportunity" => Some(&self.tokens[1..]),
            (RecordKind::Bare, Some(Token::Deep) | None) => Some(&self.tokens),
            (RecordKind::Bare, _) => None,
        }
    }

    /// Whether a record of this kind's concrete `pointer` is one the path
    /// selects (`*` stands for any one token, a final `**` for the rest).
    pub fn selects_pointer(&self, pointer: &str, kind: RecordKind) -> bool {
        let Some(tokens) = self.for_kind(kind) else { return false };
        let mut given = pointer::tokens(pointer);
        for t in tokens {
            match (t, given.next()) {
                (Token::Deep, _) => return true,
                (Token::Any, Some(_)) => {}
                (Token::Key(k), Some(g)) if *k == g => {}
                _ => return false,
            }
        }
        given.next().is_none()
    }

    /// Whether the path reads the field at `pointer` (its tokens) or
    /// something below it, in a record of this kind, and how: through a
    /// `*` that stands for the item the field is in, or by name. A path
    /// ending in `**` never does: it reads whatever strings are there and
    /// demands none.
    pub fn reaches(&self, pointer: &[String], kind: RecordKind) -> Option<Reach> {
        reach(self.for_kind(kind)?, pointer)
    }

    /// How the path reaches a value that holds the field at `pointer` (a
    /// field strictly inside what the path selects): a value judged blank
    /// or not is judged with what is in it.
    pub fn reaches_within(&self, pointer: &[String], kind: RecordKind) -> Option<Reach> {
        let tokens = self.for_kind(kind)?;
        reach(tokens, pointer.get(..tokens.len()).filter(|_| pointer.len() > tokens.len())?)
    }

    /// The length of the pointer to the selected value that holds the
    /// field at `pointer` strictly inside it, if one does.
    pub fn holds_inside(&self, pointer: &[String], kind: RecordKind) -> Option<usize> {
        self.reaches_within(pointer, kind).map(|_| self.for_kind(kind).map_or(0, <[Token]>::len))
    }

    /// Whether the path, relative to the list items `items` select, reads
    /// the field at `pointer` (its tokens) or something below it on one of
    /// them (`/BilledThrough` on `/Funding/ProjectedSpend/*` reads
    /// `/Funding/ProjectedSpend/3/BilledThrough`, in item 3).
    pub fn reaches_on_item<'p>(
        &self,
        items: impl Iterator<Item = &'p Path> + Clone,
        pointer: &[String],
        kind: RecordKind,
    ) -> Option<Reach> {
        (1..pointer.len()).find_map(|split| {
            let (item, rest) = pointer.split_at(split);
            reach(&self.tokens, rest)?;
            items.clone().any(|p| p.reaches(item, kind).is_some()).then_some(Reach::Item(split))
        })
    }

    /// Whether the path can match anything the draft-record schema allows;
    /// a typo in a rule file's path would otherwise silently never fire.
    pub fn fits_schema(&self, schemas: &[(String, Value)], root_id: &str) -> bool {
        // Checked for every path of every rule at start-up: stop at the first.
        self.visit_schemas(schemas, root_id, &mut |_| true)
    }

    /// The schemas (`$ref`s followed) of what the path can select in a
    /// document of the schema `root_id`; empty when it can select nothing.
    pub fn schema_nodes<'s>(&self, schemas: &'s [(String, Value)], root_id: &str) -> Vec<&'s Value> {
        let mut out = Vec::new();
        self.visit_schemas(schemas, root_id, &mut |n| {
            out.push(n);
            false
        });
        out
    }

    /// Calls `f` on each schema the path ends at until it returns `true`;
    /// whether one did.
    fn visit_schemas<'s>(
        &self,
        schemas: &'s [(String, Value)],
        root_id: &str,
        f: &mut dyn FnMut(&'s Value) -> bool,
    ) -> bool {
        let Some((_, root)) = schemas.iter().find(|(id, _)| id == root_id) else { return false };
        visit_schemas(root, root_id, &self.tokens, schemas, f)
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
    match tokens.split_first() {
        None => out.push(v),
        Some((first, rest)) => each_child(v, first, &mut |c| walk_values(c, rest, out)),
    }
}

/// `walk_values` that stops at the first value passing `test`.
fn any_below<'v>(v: &'v Value, tokens: &[Token], test: &mut impl FnMut(&'v Value) -> bool) -> bool {
    let Some((first, rest)) = tokens.split_first() else { return test(v) };
    let mut passed = false;
    each_child(v, first, &mut |c| passed = passed || any_below(c, rest, test));
    passed
}

/// What one token selects below a value (for `**`, every string).
fn each_child<'v>(v: &'v Value, token: &Token, f: &mut impl FnMut(&'v Value)) {
    match (token, v) {
        (Token::Key(k), Value::Object(m)) => m.get(k).into_iter().for_each(f),
        (Token::Key(k), Value::Array(a)) => k.parse::<usize>().ok().and_then(|i| a.get(i)).into_iter().for_each(f),
        (Token::Any, Value::Array(a)) => a.iter().for_each(f),
        (Token::Any, Value::Object(m)) => m.values().for_each(f),
        (Token::Deep, _) => each_string(v, f),
        _ => {}
    }
}

fn each_string<'v>(v: &'v Value, f: &mut impl FnMut(&'v Value)) {
    match v {
        Value::String(_) => f(v),
        Value::Array(a) => a.iter().for_each(|c| each_string(c, f)),
        Value::Object(m) => m.values().for_each(|c| each_string(c, f)),
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

/// Numbers of the path prefixes ever parsed, so that equal prefixes in
/// different rules share one slot of a record's `Resolved`.
static PREFIXES: LazyLock<Mutex<FxHashMap<Vec<Token>, u32>>> = LazyLock::new(Mutex::default);
/// How many prefixes are numbered: the slots a `Resolved` needs.
static PREFIX_COUNT: AtomicUsize = AtomicUsize::new(0);

fn number_prefixes(tokens: &[Token]) -> Vec<u32> {
    let mut table = PREFIXES.lock().unwrap_or_else(|e| e.into_inner());
    (1..=tokens.len())
        .map(|n| {
            let next = table.len() as u32;
            let id = *table.entry(tokens[..n].to_vec()).or_insert(next);
            PREFIX_COUNT.store(table.len(), Ordering::Release);
            id
        })
        .collect()
}

/// Numbers of the aggregates (`sum`, `count`) ever decoded, by their
/// source and data files, so that rules computing the same one share its
/// value in a record's `Resolved`: eighteen rules sum the monthly
/// projection, most of them through the same `where` filter.
static AGGREGATES: LazyLock<Mutex<FxHashMap<String, u32>>> = LazyLock::new(Mutex::default);
/// How many aggregates are numbered: the values a `Resolved` keeps.
static AGGREGATE_COUNT: AtomicUsize = AtomicUsize::new(0);

/// The number of the aggregate whose source (with where its data files
/// are read from) is `key`.
pub fn number_aggregate(key: String) -> u32 {
    let mut table = AGGREGATES.lock().unwrap_or_else(|e| e.into_inner());
    let next = table.len() as u32;
    let id = *table.entry(key).or_insert(next);
    AGGREGATE_COUNT.store(table.len(), Ordering::Release);
    id
}

/// What a path prefix selects in one record.
#[derive(Debug, Default)]
enum Found<'v> {
    #[default]
    Nothing,
    One(&'v Value),
    Many(Vec<&'v Value>),
}

impl<'v> Found<'v> {
    /// Adds in place: a list grows where it is, not moved out and back
    /// for every value (a `*` over a long list pushes many).
    #[inline]
    fn push(&mut self, v: &'v Value) {
        match self {
            Found::Nothing => *self = Found::One(v),
            Found::One(a) => *self = Found::Many(vec![*a, v]),
            Found::Many(all) => all.push(v),
        }
    }

    fn as_slice(&self) -> &[&'v Value] {
        match self {
            Found::Nothing => &[],
            Found::One(v) => std::slice::from_ref(v),
            Found::Many(all) => all,
        }
    }
}

/// The values of one record's paths, each prefix looked up once and then
/// shared by every rule and condition that reads it. About a hundred rules
/// read some eighty paths with mostly common prefixes; walking each from
/// the root made key lookups the largest cost of checking a clean record.
pub struct Resolved<'v> {
    root: &'v Value,
    kind: RecordKind,
    slots: Box<[OnceCell<Found<'v>>]>,
    /// Each numbered aggregate's value, once computed (see
    /// `number_aggregate`).
    aggregates: Box<[OnceCell<Option<f64>>]>,
}

impl<'v> Resolved<'v> {
    pub fn new(root: &'v Value, kind: RecordKind) -> Resolved<'v> {
        let slots = (0..PREFIX_COUNT.load(Ordering::Acquire)).map(|_| OnceCell::new()).collect();
        let aggregates = (0..AGGREGATE_COUNT.load(Ordering::Acquire)).map(|_| OnceCell::new()).collect();
        Resolved { root, kind, slots, aggregates }
    }

    /// The value of aggregate `id` in this record, computed by `compute`
    /// the first time it is asked for (every time for one numbered after
    /// this record's values were made).
    pub fn aggregate(&self, id: u32, compute: impl FnOnce() -> Option<f64>) -> Option<f64> {
        match self.aggregates.get(id as usize) {
            Some(cell) => *cell.get_or_init(compute),
            None => compute(),
        }
    }

    /// Every value the path selects, as `Path::values` finds them.
    pub fn values(&self, path: &Path) -> Cow<'_, [&'v Value]> {
        match path.tokens.len() {
            0 => Cow::Borrowed(std::slice::from_ref(&self.root)),
            n => match self.found(path, n - 1) {
                Some(found) => Cow::Borrowed(found.as_slice()),
                // A path numbered after this record's slots were made.
                None => Cow::Owned(path.values(self.root, self.kind)),
            },
        }
    }

    pub fn get(&self, path: &Path) -> Option<&'v Value> {
        self.values(path).first().copied()
    }

    /// What `Path::prefix_value` finds.
    pub fn prefix_value(&self, path: &Path) -> Option<&'v Value> {
        let keys = path.tokens.iter().take_while(|t| matches!(t, Token::Key(_))).count();
        // On a bare body the leading `/Opportunity` is the root itself and
        // does not count as a key of the prefix.
        let skipped = path.tokens.len() - path.for_kind(self.kind)?.len();
        if keys <= skipped {
            return None;
        }
        match self.found(path, keys - 1) {
            Some(found) => found.as_slice().first().copied(),
            None => path.prefix_value(self.root, self.kind),
        }
    }

    /// The values of the path's first `i + 1` tokens, from the longest
    /// prefix already resolved; `None` when the path has no slot here.
    /// Most lookups find their slot filled: that check is inlined into the
    /// caller, and only a first lookup pays for the call that resolves.
    #[inline]
    fn found(&self, path: &Path, i: usize) -> Option<&Found<'v>> {
        let slot = self.slots.get(*path.prefixes.get(i)? as usize)?;
        match slot.get() {
            Some(found) => Some(found),
            None => self.resolve(path, i, slot),
        }
    }

    /// Fills the empty slot of the path's first `i + 1` tokens.
    #[inline(never)]
    fn resolve<'s>(&'s self, path: &Path, i: usize, slot: &'s OnceCell<Found<'v>>) -> Option<&'s Found<'v>> {
        let token = &path.tokens[i];
        let mut found = Found::Nothing;
        if i == 0 {
            match path.for_kind(self.kind) {
                None => {}
                // The `/Opportunity` of a bare body is the body itself.
                Some(rest) if rest.len() < path.tokens.len() => found.push(self.root),
                Some(_) => each_child(self.root, token, &mut |c| found.push(c)),
            }
        } else {
            for &v in self.found(path, i - 1)?.as_slice() {
                each_child(v, token, &mut |c| found.push(c));
            }
        }
        Some(slot.get_or_init(|| found))
    }
}

/// Follows tokens through `properties`, `items` and `$ref`s of the schema,
/// calling `f` on the schemas they end at until it returns `true`.
fn visit_schemas<'s>(
    schema: &'s Value,
    doc: &str,
    tokens: &[Token],
    schemas: &'s [(String, Value)],
    f: &mut dyn FnMut(&'s Value) -> bool,
) -> bool {
    let Some((schema, doc)) = deref(schema, doc, schemas, 0) else { return false };
    let doc = doc.as_str();
    let Some((first, rest)) = tokens.split_first() else { return f(schema) };
    let props = schema.get("properties").and_then(Value::as_object);
    let items = schema.get("items");
    let mut next = |s: &'s Value| visit_schemas(s, doc, rest, schemas, f);
    match first {
        Token::Deep => f(schema),
        Token::Any => items.into_iter().chain(props.into_iter().flat_map(|p| p.values())).any(next),
        Token::Key(k) => {
            props.and_then(|p| p.get(k)).is_some_and(&mut next)
                || (k.parse::<usize>().is_ok() && items.is_some_and(next))
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

/// Whether `tokens` run through all of `pointer`: as long as it at least,
/// each key equal to its token or a `*` (the first `*` naming the item the
/// field is in), and not ending in `**`.
fn reach(tokens: &[Token], pointer: &[String]) -> Option<Reach> {
    if tokens.len() < pointer.len() || tokens.last() == Some(&Token::Deep) {
        return None;
    }
    let mut how = Reach::Whole;
    for (i, (t, g)) in tokens.iter().zip(pointer).enumerate() {
        match t {
            Token::Any if how == Reach::Whole => how = Reach::Item(i + 1),
            Token::Any => {}
            Token::Key(k) if k == g => {}
            _ => return None,
        }
    }
    Some(how)
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
    fn a_path_reaches_the_fields_at_and_below_it() {
        let p = |t| Path::parse(t).unwrap();
        let at = |t: &str| -> Vec<String> { pointer::tokens(t).collect() };
        let draft = RecordKind::Draft;
        let spend = p("/Funding/ProjectedSpend/*/Product");
        assert_eq!(spend.reaches(&at("/Funding"), draft), Some(Reach::Whole));
        assert_eq!(spend.reaches(&at("/Funding/ProjectedSpend/2/Product"), draft), Some(Reach::Item(3)));
        assert_eq!(spend.reaches(&at("/Funding/ProjectedSpend/2/MonthlyUsd"), draft), None);
        assert_eq!(spend.reaches(&at("/Opportunity"), draft), None);
        // Above the field is not at it: `/Funding` does not read `Program`.
        assert_eq!(p("/Funding").reaches(&at("/Funding/Program"), draft), None);
        assert_eq!(p("/Opportunity/**").reaches(&at("/Opportunity/Project"), draft), None);
        assert_eq!(p("/Opportunity/**").reaches(&at("/Opportunity"), draft), None);
        let title = p("/Opportunity/Project/Title");
        assert_eq!(title.reaches(&at("/Project"), RecordKind::Bare), Some(Reach::Whole));
        assert_eq!(title.reaches(&at("/Opportunity"), RecordKind::Bare), None);
        let lines = [p("/Funding/ProjectedSpend/*/Product")];
        let billed = p("/BilledThrough");
        let on = |t: &str| billed.reaches_on_item(lines.iter(), &at(t), draft);
        assert_eq!(on("/Funding/ProjectedSpend/3/BilledThrough"), Some(Reach::Item(3)));
        assert_eq!(on("/Funding/ProjectedSpend/3/Product"), None);
        assert_eq!(on("/Funding/BaselineCredits/0/BilledThrough"), None);
    }

    #[test]
    fn resolved_paths_select_what_walking_selects() {
        let draft = json!({
            "Opportunity": {"Project": {"Title": "t", "Spend": [{"Amount": "1"}, {"Amount": "2"}, {}]}, "Tags": ["a", 3]},
            "Funding": {"Program": "MAP", "Lines": [{"Usd": 1}, {"Usd": 2}]}
        });
        let bare = draft["Opportunity"].clone();
        let texts = [
            "",
            "/Opportunity",
            "/Opportunity/Project/Title",
            "/Opportunity/Project/Spend/*/Amount",
            "/Opportunity/Project/Spend/1/Amount",
            "/Opportunity/Project/Spend/*",
            "/Opportunity/Tags/*",
            "/Opportunity/Missing/Deeper",
            "/Opportunity/**",
            "/Funding/Program",
            "/Funding/Lines/*/Usd",
            "/**",
            "/*",
            "/*/Program",
        ];
        let paths: Vec<Path> = texts.iter().map(|t| Path::parse(t).unwrap()).collect();
        for (root, kind) in [(&draft, RecordKind::Draft), (&bare, RecordKind::Bare)] {
            let resolved = Resolved::new(root, kind);
            // Twice each, in both orders, so prefixes are met both fresh and cached.
            for path in paths.iter().chain(paths.iter().rev()) {
                assert_eq!(resolved.values(path).to_vec(), path.values(root, kind), "{} on {kind:?}", path.text);
                assert_eq!(resolved.prefix_value(path), path.prefix_value(root, kind), "{} on {kind:?}", path.text);
            }
        }
    }

    #[test]
    fn rejects_bad_paths() {
        assert!(Path::parse("Opportunity").is_err());
        assert!(Path::parse("/**/x").is_err());
    }
}
