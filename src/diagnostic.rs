//! The one struct every stage produces and every renderer formats.
//!
//! Stages first emit [`Finding`]s anchored on a record and a JSON pointer;
//! [`crate::locate`] turns them into [`Diagnostic`]s with a file, a byte span
//! and line:column, scanning only the records that have findings.

use crate::rules::hold::Holder;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered so that `max()` gives the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which part of the JSON node at a pointer a label should cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The member's key (`"Industry"`), falling back to the value for array items.
    Key,
    /// The value itself; for objects and arrays only the opening bracket,
    /// so a label never spans a whole block.
    Value,
    /// Some words of a string value: the byte range `start..end` of the
    /// string as parsed (escapes decoded), such as the phrase a pattern
    /// forbids, so that line:column points at the words and not at the
    /// start of a paragraph. Where the value is no longer that string, the
    /// label falls back to the value as `Value` does.
    Text { start: usize, end: usize },
}

/// Identifies one record: the index of its file and its index in that file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordId {
    pub file: usize,
    pub index: usize,
}

/// A place inside a record, before it is resolved to line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub record: RecordId,
    pub pointer: String,
    pub target: Target,
}

impl Anchor {
    pub fn key(record: RecordId, pointer: impl Into<String>) -> Anchor {
        Anchor { record, pointer: pointer.into(), target: Target::Key }
    }
    pub fn value(record: RecordId, pointer: impl Into<String>) -> Anchor {
        Anchor { record, pointer: pointer.into(), target: Target::Value }
    }
}

/// A finding of the schema, rule or corpus stage, anchored in a record.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Arc<str>,
    pub name: Arc<str>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub at: Anchor,
    pub related: Vec<(Anchor, String)>,
    /// A rule whose finding at the same place says this one's cause: when
    /// that finding is reported, this one is left out (see
    /// `drop_deferred`).
    pub defers_to: Option<Arc<str>>,
    /// The schema finding in the same record that makes a field this
    /// finding reads unreadable (a misspelt key, a value of the wrong
    /// type): while that one is reported, this one is left out (see
    /// `rules::hold`).
    pub held_by: Option<Holder>,
    /// The finding this one stands in for: a cross-record finding about a
    /// record that came only through `--corpus` is put on the checked
    /// record of its pair, but baselines know it as it is when both
    /// records are checked (see `corpus::on_other`).
    pub unmoved: Option<Box<Finding>>,
}

/// A resolved position in a file. Lines and columns are 1-based; columns
/// count Unicode scalar values (characters), as editors do, not bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte range in the file as read (a BOM included).
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
    /// RFC 6901 pointer into the record; `None` for file-level problems.
    pub pointer: Option<String>,
    /// Which record of the file (0-based), when the problem is inside one:
    /// with `pointer`, what names the place in an array or JSON Lines file.
    pub record: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

/// A finding with its place resolved: what every renderer formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Arc<str>,
    pub name: Arc<str>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub location: Location,
    /// Index of the file in the run (for looking up its source text).
    pub file_index: usize,
    pub related: Vec<Related>,
    /// See `Finding::defers_to`.
    pub defers_to: Option<Arc<str>>,
    /// See `Finding::held_by`.
    pub held_by: Option<Holder>,
    /// See `Finding::unmoved`.
    pub unmoved: Option<Box<Diagnostic>>,
}

impl Diagnostic {
    /// The diagnostic put on the whole of record `index` (pointer `""`, as
    /// RFC 6901 names a whole document): for a value that stands where a
    /// record should and is not one, so that tools reading `record` and
    /// `pointer` find it as they find any other finding.
    pub fn on_whole_record(mut self, index: usize) -> Diagnostic {
        self.location.record = Some(index);
        self.location.pointer = Some(String::new());
        self
    }

    /// Sort key: file, line, column, then code, so output is deterministic.
    pub fn sort_key(&self) -> (usize, usize, usize, &str, &str) {
        (self.file_index, self.location.line, self.location.column, &self.code, &self.message)
    }
}
