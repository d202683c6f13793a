//! The machine-readable report: one stable JSON document.
//!
//! ```json
//! { "version": "1", "summary": { "files", "records", "errors", "warnings", "infos" },
//!   "diagnostics": [ { "code", "name", "severity", "message", "help", "file", "line",
//!     "column", "end_line", "end_column", "pointer", "record", "related": [ { "file",
//!     "line", "column", "end_line", "end_column", "pointer", "record", "message" } ] } ] }
//! ```

use super::Summary;
use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Related, Severity};
use serde::Serialize;

/// Bumped only when a field changes meaning or disappears.
pub const FORMAT_VERSION: &str = "1";

#[derive(Serialize)]
struct Report<'a> {
    version: &'static str,
    summary: Summary,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    pointer: Option<&'a str>,
    record: Option<usize>,
    related: &'a [Related],
}

fn entry(d: &Diagnostic) -> Entry<'_> {
    let l = &d.location;
    Entry {
        code: &d.code,
        name: &d.name,
        severity: d.severity,
        message: &d.message,
        help: d.help.as_deref(),
        file: &l.file,
        line: l.line,
        column: l.column,
        end_line: l.end_line,
        end_column: l.end_column,
        pointer: l.pointer.as_deref(),
        record: l.record,
        related: &d.related,
    }
}

pub fn render(outcome: &Outcome) -> String {
    let mut out = Vec::new();
    let _ = write(outcome, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The report written as it is serialised: a run with many findings never
/// holds the whole document in memory.
pub fn write(outcome: &Outcome, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let report = Report {
        version: FORMAT_VERSION,
        summary: Summary::of(outcome),
        diagnostics: outcome.diagnostics.iter().map(entry).collect(),
    };
    // serde_json escapes every control character, so no record text can
    // break the document or a terminal that displays it.
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}
