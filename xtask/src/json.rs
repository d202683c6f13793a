//! A minimal JSON tree that keeps key order and allows duplicate keys (a
//! planted mistake), with a pretty and a one-line writer.

use std::fmt::Write;

pub enum J {
    S(String),
    I(i64),
    B(bool),
    A(Vec<J>),
    O(Vec<(&'static str, J)>),
}

pub fn s(x: impl Into<String>) -> J {
    J::S(x.into())
}

pub fn strs<S: AsRef<str>>(xs: &[S]) -> J {
    J::A(xs.iter().map(|x| J::S(x.as_ref().to_string())).collect())
}

impl J {
    /// The member `key` of an object (the first one).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        match self {
            J::O(m) => m.iter_mut().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a path of object keys.
    pub fn at(&mut self, path: &[&str]) -> Option<&mut J> {
        path.iter().try_fold(self, |v, k| v.get_mut(k))
    }

    pub fn remove(&mut self, key: &str) -> Option<J> {
        match self {
            J::O(m) => m.iter().position(|(k, _)| *k == key).map(|i| m.remove(i).1),
            _ => None,
        }
    }

    pub fn rename(&mut self, key: &str, to: &'static str) -> bool {
        match self {
            J::O(m) => m.iter_mut().find(|(k, _)| *k == key).map(|e| e.0 = to).is_some(),
            _ => false,
        }
    }

    /// Pretty-printed with `indent` spaces per level, starting at `level`.
    pub fn write_pretty(&self, out: &mut String, indent: usize, level: usize) {
        match self {
            J::A(items) if !items.is_empty() => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, indent * (level + 1));
                    v.write_pretty(out, indent, level + 1);
                }
                newline(out, indent * level);
                out.push(']');
            }
            J::O(members) if !members.is_empty() => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, indent * (level + 1));
                    string(out, k);
                    out.push_str(": ");
                    v.write_pretty(out, indent, level + 1);
                }
                newline(out, indent * level);
                out.push('}');
            }
            _ => self.write_compact(out),
        }
    }

    /// On one line (JSON Lines).
    pub fn write_compact(&self, out: &mut String) {
        match self {
            J::S(x) => string(out, x),
            J::I(n) => {
                let _ = write!(out, "{n}");
            }
            J::B(b) => out.push_str(if *b { "true" } else { "false" }),
            J::A(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_compact(out);
                }
                out.push(']');
            }
            J::O(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    string(out, k);
                    out.push(':');
                    v.write_compact(out);
                }
                out.push('}');
            }
        }
    }
}

fn newline(out: &mut String, spaces: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', spaces));
}

fn string(out: &mut String, x: &str) {
    out.push('"');
    for c in x.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
