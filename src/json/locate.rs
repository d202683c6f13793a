//! Maps JSON pointers back to byte ranges in the text a record was parsed
//! from. It scans only the path to the target, skipping siblings, and runs
//! only for records that have findings; clean records never pay for it.
//!
//! The text is expected to be valid JSON (it parsed), but nothing here
//! panics on invalid input: a malformed text yields `None`.

use super::pointer;
use std::ops::Range;

/// Where a node is: its key (for object members) and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spans {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// A key that occurs twice in one object: `second` repeats `first`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the member (which serde_json resolved to the last value).
    pub pointer: String,
    pub first: Range<usize>,
    pub second: Range<usize>,
}

/// Deeper than this the scanner gives up rather than recurse further; the
/// parser refuses such documents long before (its limit is 128).
const MAX_DEPTH: usize = 512;

/// Whether an object in the text may hold a key twice. The parser knows:
/// when no key repeats, the locator can stop at the first member of a name
/// instead of reading the rest of its object to find the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    Unique,
    MayRepeat,
}

pub fn locate(text: &str, ptr: &str) -> Option<Spans> {
    locate_with(text, ptr, Keys::MayRepeat)
}

pub fn locate_with(text: &str, ptr: &str, keys: Keys) -> Option<Spans> {
    let mut s = Scanner::new(text);
    s.ws();
    // Only a pointer to the root needs the root's end, which takes reading
    // the whole text; any other starts from where the root starts.
    let root = if ptr.is_empty() { s.value_range()? } else { s.i..s.i };
    let mut spans = Spans { key: None, value: root };
    for token in pointer::tokens(ptr) {
        s.i = spans.value.start;
        spans = match s.peek()? {
            b'{' if keys == Keys::Unique => s.first_member(&token)?,
            b'{' => s.member(&token)?,
            b'[' => s.element(token.parse().ok()?)?,
            _ => return None,
        };
    }
    Some(spans)
}

/// The spans of every node of a document, by pointer, built in one pass:
/// for a record with many findings, cheaper than locating each one.
/// A repeated key maps to its last occurrence, as `locate` does.
pub fn index(text: &str) -> rustc_hash::FxHashMap<String, Spans> {
    nodes(text).into_iter().map(|n| (n.pointer, Spans { key: n.key, value: n.value })).collect()
}

/// Every repeated key in the document, in text order.
pub fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    // Two members repeat a key when they share the parent object and the
    // pointer (the same parent and the same name).
    let mut first: rustc_hash::FxHashMap<(usize, String), Range<usize>> = Default::default();
    let mut out = Vec::new();
    for n in nodes(text) {
        let Some(key) = n.key else { continue };
        match first.get(&(n.parent, n.pointer.clone())) {
            Some(f) => out.push(DuplicateKey { pointer: n.pointer, first: f.clone(), second: key }),
            None => {
                first.insert((n.parent, n.pointer), key);
            }
        }
    }
    out
}

/// One node of a document: its pointer, where its parent's value starts,
/// its key (for object members) and its value.
struct Node {
    pointer: String,
    parent: usize,
    key: Option<Range<usize>>,
    value: Range<usize>,
}

/// Every node in text order (duplicates included); empty on malformed text
/// past the point where it stops being JSON.
fn nodes(text: &str) -> Vec<Node> {
    let mut s = Scanner::new(text);
    let mut out = Vec::new();
    s.ws();
    s.walk(String::new(), 0, None, 0, &mut out);
    out
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner { text, b: text.as_bytes(), i: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// A string starting at the cursor, quotes included.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.i;
        (self.peek()? == b'"').then_some(())?;
        self.i += 1;
        loop {
            let at = self.i + memchr::memchr2(b'"', b'\\', self.b.get(self.i..)?)?;
            if self.b[at] == b'\\' {
                self.i = at + 2;
            } else {
                self.i = at + 1;
                return Some(start..self.i);
            }
        }
    }

    /// The range of the value at the cursor, leaving the cursor after it.
    fn value_range(&mut self) -> Option<Range<usize>> {
        self.ws();
        let start = self.i;
        match self.peek()? {
            b'"' => self.string(),
            b'{' | b'[' => {
                // Skipping the values before the one sought is most of
                // locating a finding: a local cursor, strings by `memchr`.
                let (b, mut i, mut depth) = (self.b, start, 0usize);
                loop {
                    match *b.get(i)? {
                        b'"' => loop {
                            i += 1 + memchr::memchr2(b'"', b'\\', b.get(i + 1..)?)?;
                            if b[i] == b'"' {
                                break;
                            }
                            i += 1;
                        },
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i = i + 1;
                                return Some(start..self.i);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                while !matches!(self.peek(), None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')) {
                    self.i += 1;
                }
                (self.i > start).then_some(start..self.i)
            }
        }
    }

    /// The unescaped text of a key whose range (quotes included) is given.
    fn key_text(&self, r: &Range<usize>) -> Option<std::borrow::Cow<'a, str>> {
        let raw = self.text.get(r.clone())?;
        if raw.contains('\\') {
            serde_json::from_str::<String>(raw).ok().map(Into::into)
        } else {
            raw.get(1..raw.len() - 1).map(Into::into)
        }
    }

    /// Visits the members of the object at the cursor.
    fn members(&mut self, mut f: impl FnMut(&mut Self, Range<usize>) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        loop {
            self.ws();
            let key = self.string()?;
            self.eat(b':')?;
            self.ws();
            f(self, key)?;
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// The member named `name` of the object at the cursor; the last one
    /// when the key repeats, matching what the parser kept.
    fn member(&mut self, name: &str) -> Option<Spans> {
        let mut found = None;
        self.members(|s, key| {
            let value = s.value_range()?;
            if s.key_text(&key)? == name {
                found = Some(Spans { key: Some(key), value });
            }
            Some(())
        })?;
        found
    }

    /// The first member named `name` of the object at the cursor, for a
    /// text where no key repeats.
    fn first_member(&mut self, name: &str) -> Option<Spans> {
        self.eat(b'{')?;
        loop {
            self.ws();
            if self.peek()? == b'}' {
                return None;
            }
            let key = self.string()?;
            self.eat(b':')?;
            let value = self.value_range()?;
            if self.key_text(&key)? == name {
                return Some(Spans { key: Some(key), value });
            }
            self.eat(b',')?;
        }
    }

    fn element(&mut self, index: usize) -> Option<Spans> {
        self.eat(b'[')?;
        for n in 0.. {
            let value = self.value_range()?;
            if n == index {
                return Some(Spans { key: None, value });
            }
            self.eat(b',')?;
        }
        None
    }

    fn walk(
        &mut self,
        path: String,
        parent: usize,
        key: Option<Range<usize>>,
        depth: usize,
        out: &mut Vec<Node>,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        let start = self.i;
        // Reserve the node's place, so nodes come in text order.
        let at = out.len();
        out.push(Node { pointer: path.clone(), parent, key, value: start..start });
        match self.peek()? {
            b'{' => self.members(|s, k| {
                let name = s.key_text(&k)?;
                s.ws();
                s.walk(pointer::join(&path, &name), start, Some(k), depth + 1, out)
            })?,
            b'[' => {
                self.i += 1;
                self.ws();
                if self.peek()? == b']' {
                    self.i += 1;
                } else {
                    for n in 0.. {
                        self.walk(pointer::join(&path, &n.to_string()), start, None, depth + 1, out)?;
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b']' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
            }
            _ => {
                self.value_range()?;
            }
        }
        out[at].value = start..self.i;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'t>(text: &'t str, r: &Range<usize>) -> &'t str {
        &text[r.clone()]
    }

    #[test]
    fn finds_keys_and_values() {
        let t = r#"{ "a": {"b": [10, {"c~/": "x\"y"}], "d": null}, "e": -1.5e3 }"#;
        let s = locate(t, "/a/b/1/c~0~1").unwrap();
        assert_eq!(slice(t, s.key.as_ref().unwrap()), r#""c~/""#);
        assert_eq!(slice(t, &s.value), r#""x\"y""#);
        assert_eq!(slice(t, &locate(t, "/e").unwrap().value), "-1.5e3");
        assert_eq!(slice(t, &locate(t, "/a/b/0").unwrap().value), "10");
        assert_eq!(locate(t, "").unwrap().value, 0..t.len());
        assert!(locate(t, "/a/b/2").is_none());
        assert!(locate(t, "/zz").is_none());
    }

    #[test]
    fn escaped_keys_and_last_duplicate() {
        let t = r#"{"\u0041": 1, "A": 2}"#;
        let s = locate(t, "/A").unwrap();
        assert_eq!(slice(t, &s.value), "2");
        // Told that no key repeats, the locator stops at the first.
        assert_eq!(slice(t, &locate_with(t, "/A", Keys::Unique).unwrap().value), "1");
        assert!(locate_with(t, "/B", Keys::Unique).is_none());
        assert!(locate_with("{}", "/A", Keys::Unique).is_none());
        let d = duplicate_keys(t);
        assert_eq!(d.len(), 1);
        assert_eq!(slice(t, &d[0].first), r#""\u0041""#);
        assert_eq!(d[0].pointer, "/A");
    }

    #[test]
    fn duplicates_at_several_levels() {
        let t = r#"{"a": [{"x": 1, "x": 2}], "a": {"y": {"z": 1, "z": 2, "z": 3}}}"#;
        let d: Vec<_> = duplicate_keys(t).into_iter().map(|d| d.pointer).collect();
        assert_eq!(d, vec!["/a/0/x", "/a", "/a/y/z", "/a/y/z"]);
    }

    #[test]
    fn index_agrees_with_locate() {
        let t = r#"{ "a": {"b": [10, {"c~/": "x"}], "a": 1}, "e": [], "a": {"z": null} }"#;
        let idx = index(t);
        for p in ["", "/a", "/a/z", "/e"] {
            assert_eq!(idx.get(p), locate(t, p).as_ref(), "{p}");
        }
    }

    #[test]
    fn malformed_text_is_not_a_panic() {
        for t in ["", "{", "{\"a\"", "{\"a\":", "[1,", "\"abc", "{\"a\" 1}", "[", "{}}"] {
            let _ = locate(t, "/a");
            let _ = locate(t, "/0");
            let _ = duplicate_keys(t);
            let _ = index(t);
        }
    }
}
