//! `path:line:col: severity[CODE] name: message`, one line per finding,
//! the form editors' problem matchers and grep understand.

use super::{sanitize_line, Summary};
use crate::check::Outcome;
use crate::color::{paint, severity_style};
use std::fmt::Write;

/// `summary`: end with the counts (not with `--quiet`). `color`: the place
/// in bold and the severity and code in the severity's colour, as Ruff
/// colours its concise lines.
pub fn render(outcome: &Outcome, summary: bool, color: bool) -> String {
    let mut out = String::new();
    for d in &outcome.diagnostics {
        let l = &d.location;
        let place = format!("{}:{}:{}:", sanitize_line(&l.file), l.line, l.column);
        let kind = format!("{}[{}]", d.severity, d.code);
        let _ = writeln!(
            out,
            "{} {} {}: {}",
            paint(&place, "1", color),
            paint(&kind, severity_style(d.severity), color),
            d.name,
            sanitize_line(&d.message)
        );
    }
    if summary {
        let _ = writeln!(out, "{}", Summary::of(outcome).line());
    }
    out
}
