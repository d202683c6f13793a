//! `path:line:col: severity[CODE] name: message`, one line per finding,
//! the form editors' problem matchers and grep understand.

use super::{sanitize_line, Summary};
use crate::check::Outcome;
use std::fmt::Write;

/// `summary`: end with the counts (not with `--quiet`).
pub fn render(outcome: &Outcome, summary: bool) -> String {
    let mut out = String::new();
    for d in &outcome.diagnostics {
        let l = &d.location;
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}: {}",
            sanitize_line(&l.file),
            l.line,
            l.column,
            d.severity,
            d.code,
            d.name,
            sanitize_line(&d.message)
        );
    }
    if summary {
        let _ = writeln!(out, "{}", Summary::of(outcome).line());
    }
    out
}
