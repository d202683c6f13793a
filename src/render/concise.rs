//! `path:line:col: severity[CODE] name: message`, one line per finding,
//! the form editors' problem matchers and grep understand.

use super::{sanitize, Summary};
use crate::check::Outcome;
use std::fmt::Write;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for d in &outcome.diagnostics {
        let l = &d.location;
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}: {}",
            sanitize(&l.file),
            l.line,
            l.column,
            d.severity,
            d.code,
            d.name,
            sanitize(&d.message)
        );
    }
    let _ = writeln!(out, "{}", Summary::of(outcome).line());
    out
}
