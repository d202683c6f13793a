//! A parsed record and the typed view of it that rules and the corpus read.

use crate::diagnostic::RecordId;
use crate::json::pointer;
use crate::services::{ServiceIndex, Token};
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// What a record was taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// `{ "Opportunity": …, "Funding": … }`: API and credit-program checks.
    Draft,
    /// A bare `CreateOpportunity` body (top-level `Catalog`): API checks only.
    Bare,
}

impl RecordKind {
    /// A record with `Opportunity` or `Funding` is a draft; one with a
    /// top-level `Catalog` is a bare body. Anything else is validated as a
    /// draft, whose schema then says what is missing (and suggests a
    /// spelling for a near miss such as `Oportunity`).
    pub fn detect(value: &Value) -> RecordKind {
        let has = |k: &str| value.get(k).is_some();
        if !has("Opportunity") && !has("Funding") && has("Catalog") {
            RecordKind::Bare
        } else {
            RecordKind::Draft
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Draft => "draft record",
            RecordKind::Bare => "bare CreateOpportunity body",
        }
    }
}

/// One record, parsed.
#[derive(Debug)]
pub struct Record {
    pub id: RecordId,
    /// Byte range of the record in its file.
    pub range: Range<usize>,
    pub kind: RecordKind,
    /// The record with null members removed (AWS treats null as absent).
    pub value: Value,
    /// Pointers of the null members removed: their keys must still be keys
    /// the schema knows.
    pub nulls: Vec<String>,
    pub memo: Memo,
}

/// Services named in one text: (service group, byte range of the name).
pub type Mentions = Rc<[(usize, Range<usize>)]>;

/// What several checks (and the cross-record profile) derive from the same
/// text of a record, worked out once per record. Keyed by the text's
/// address, so the record's value must not be changed once anything has
/// been memoised (nothing does: checks and profiles only read it).
#[derive(Debug, Default)]
pub struct Memo {
    mentions: RefCell<FxHashMap<(usize, usize, usize), Mentions>>,
}

impl Memo {
    fn key(index: &ServiceIndex, text: &str) -> (usize, usize, usize) {
        (index as *const ServiceIndex as usize, text.as_ptr() as usize, text.len())
    }

    /// The services `index` finds named in `text`, a string of this record.
    pub fn mentions(&self, index: &ServiceIndex, text: &str) -> Mentions {
        let key = Memo::key(index, text);
        self.mentions.borrow_mut().entry(key).or_insert_with(|| index.scan(text, |_| {}).into()).clone()
    }

    /// Reads `text` for `mentions` now, unless it was read before, and
    /// hands `token` each service name and other word on the way: whoever
    /// needs the words as well reads the text once. `false` when the text
    /// had been read before (and `token` saw nothing).
    pub fn scan(&self, index: &ServiceIndex, text: &str, token: impl FnMut(&Token)) -> bool {
        let key = Memo::key(index, text);
        let mut memo = self.mentions.borrow_mut();
        if memo.contains_key(&key) {
            return false;
        }
        memo.insert(key, index.scan(text, token).into());
        true
    }
}

impl Record {
    /// A record of a parsed value; `has_nulls` says whether any value in it
    /// is `null` (when none is, there are no null members to remove).
    pub fn new(id: RecordId, range: Range<usize>, mut value: Value, has_nulls: bool) -> Record {
        let kind = RecordKind::detect(&value);
        let nulls = if has_nulls { strip_nulls(&mut value) } else { Vec::new() };
        Record { id, range, kind, value, nulls, memo: Memo::default() }
    }

    /// The opportunity half (the whole record for a bare body).
    pub fn opportunity(&self) -> Option<&Value> {
        match self.kind {
            RecordKind::Draft => self.value.get("Opportunity"),
            RecordKind::Bare => Some(&self.value),
        }
    }

    pub fn funding(&self) -> Option<&Value> {
        match self.kind {
            RecordKind::Draft => self.value.get("Funding"),
            RecordKind::Bare => None,
        }
    }

    /// The partner's own id for the record, when it carries one.
    pub fn partner_id(&self) -> Option<&str> {
        self.opportunity()?.get("PartnerOpportunityIdentifier")?.as_str()
    }
}

/// The pointer of the member `key` of the object at `parent` when the
/// record wrote it as `null` (`nulls` are `strip_nulls`' pointers): absent
/// to the checks, but written there, where a finding about it belongs.
pub fn null_member(nulls: &[String], parent: &str, key: &str) -> Option<String> {
    let member = crate::json::pointer::join(parent, key);
    nulls.contains(&member).then_some(member)
}

/// Removes object members whose value is null, at every depth, and returns
/// their pointers. Nulls inside arrays stay: there they are values, and the
/// schema judges them.
pub fn strip_nulls(v: &mut Value) -> Vec<String> {
    fn strip(v: &mut Value, at: &mut String, removed: &mut Vec<String>) {
        let len = at.len();
        match v {
            Value::Object(map) => {
                map.retain(|key, v| {
                    if v.is_null() {
                        removed.push(pointer::join(at, key));
                    }
                    !v.is_null()
                });
                for (key, v) in map.iter_mut() {
                    pointer::push(at, key);
                    strip(v, at, removed);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    pointer::push(at, &i.to_string());
                    strip(v, at, removed);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut removed = Vec::new();
    strip(v, &mut String::new(), &mut removed);
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn detects_kinds() {
        assert_eq!(RecordKind::detect(&json!({"Opportunity": {}, "Funding": {}})), RecordKind::Draft);
        assert_eq!(RecordKind::detect(&json!({"Catalog": "AWS"})), RecordKind::Bare);
        assert_eq!(RecordKind::detect(&json!({"Oportunity": {}})), RecordKind::Draft);
    }

    #[test]
    fn strips_member_nulls_only() {
        let mut v = json!({"a": null, "b": {"c": null, "d": 1}, "e": [null, {"f/g": null}]});
        let removed = strip_nulls(&mut v);
        assert_eq!(v, json!({"b": {"d": 1}, "e": [null, {}]}));
        assert_eq!(removed, ["/a", "/b/c", "/e/1/f~1g"]);
    }
}
