//! Output formats. Each renderer only formats [`Diagnostic`]s; none of them
//! looks at records or re-reads files.

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
mod window;

use crate::check::Outcome;
use crate::diagnostic::Severity;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with labels, help and the rule code (miette)
    Full,
    /// One line per finding: path:line:col: severity[CODE] name: message
    Concise,
    /// One JSON document (see the README for its fields)
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// GitHub Actions workflow-command annotations
    Github,
    /// JUnit XML: one test case per record, a failure per finding at or above the fail level
    Junit,
}

/// Counts of findings by severity.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Summary {
        let files = outcome.reported.iter().filter(|r| **r).count();
        let mut s = Summary { files, records: outcome.records, ..Summary::default() };
        for d in &outcome.diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// `3 errors, 1 warning in 2 files (12 records)`.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(count(self.errors, "error", "errors"));
        }
        if self.warnings > 0 {
            parts.push(count(self.warnings, "warning", "warnings"));
        }
        if self.infos > 0 {
            parts.push(count(self.infos, "info", "infos"));
        }
        let found = if parts.is_empty() { "no problems".to_string() } else { parts.join(", ") };
        format!("{found} in {} ({})", count(self.files, "file", "files"), count(self.records, "record", "records"))
    }
}

/// `1 entry`, `3 entries`: a count and its noun in agreement.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", agree(n, one, many))
}

/// The word that agrees with a count: `one` for 1, else `many` (a noun's
/// two numbers, or a verb's: "matches", "match").
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `--statistics`: counts per rule, reported and suppressed; `summary`
/// ends the table with the counts of files and records.
pub fn statistics(outcome: &Outcome, summary: bool) -> String {
    use std::collections::BTreeMap;
    let mut rows: BTreeMap<(&str, &str), [usize; 3]> = BTreeMap::new();
    let suppressed: Vec<&crate::diagnostic::Diagnostic> = outcome.suppressed.iter().map(|s| &s.diagnostic).collect();
    let groups = [outcome.diagnostics.iter().collect(), suppressed, outcome.baselined.iter().collect()];
    for (col, list) in groups.iter().enumerate() {
        for d in list {
            rows.entry((&d.code, &d.name)).or_default()[col] += 1;
        }
    }
    let mut out = format!("{:<7} {:<32} {:>8} {:>10} {:>9}\n", "code", "rule", "reported", "suppressed", "baselined");
    for ((code, name), [r, s, b]) in &rows {
        let _ = writeln!(out, "{code:<7} {name:<32} {r:>8} {s:>10} {b:>9}");
    }
    let total = |i: usize| rows.values().map(|c| c[i]).sum::<usize>();
    let _ = writeln!(out, "{:<40} {:>8} {:>10} {:>9}", "total", total(0), total(1), total(2));
    if summary {
        let _ = writeln!(out, "{}", Summary::of(outcome).line());
    }
    out
}

/// Record text shown on a terminal: control characters (ESC, BEL, a bare
/// CR that could overwrite a line, C1 controls) become visible escapes, so
/// a record cannot move the cursor, recolour the screen or forge output.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, |c| is_unsafe(c) || is_invisible(c))
}

/// `sanitize` for output of one line per finding: a line feed (a key may
/// hold one) is escaped too, so a finding never spills onto a second line.
pub fn sanitize_line(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, |c| c == '\n' || is_unsafe(c) || is_invisible(c))
}

fn escape(s: &str, unsafe_char: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Controls, the bidirectional marks and overrides that can make text read
/// in another order than it is, and the Unicode line and paragraph
/// separators, which editors, browsers and some terminals break lines at
/// (a finding would spill onto a line of its own, or forge one).
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Characters that print as nothing or as a plain space: the spaces other
/// than ASCII's (a no-break space), and the zero-width and other format
/// characters (soft hyphen, byte order mark, joiners). A value pasted from
/// a word processor would otherwise read as right in a message that calls
/// it wrong (`Series\u{a0}A` is not `Series A`). Source excerpts keep
/// them: there they sit under a label that points at them.
fn is_invisible(c: char) -> bool {
    (c.is_whitespace() && !c.is_ascii())
        || matches!(
            c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{180e}' | '\u{200b}'..='\u{200d}'
                | '\u{2060}'..='\u{2064}' | '\u{feff}'
        )
}

/// The same text with every unsafe character replaced by `?` bytes of the
/// same length, so byte offsets into it stay valid for source excerpts. A
/// byte order mark becomes spaces, so it is not echoed; a carriage return
/// survives only before a line feed (alone, it would move the cursor).
pub fn mask_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let bytes = s.as_bytes();
    let masked = |i: usize, c: char| match c {
        '\r' => bytes.get(i + 1) != Some(&b'\n'),
        '\u{feff}' => true,
        c => is_unsafe(c),
    };
    if !s.char_indices().any(|(i, c)| masked(i, c)) {
        return s.into();
    }
    s.char_indices()
        .map(|(i, c)| match c {
            '\u{feff}' => "   ".to_string(),
            c if masked(i, c) => "?".repeat(c.len_utf8()),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(sanitize("a\u{1b}[2Jb\r0 errors"), "a\\u{1b}[2Jb\\u{d}0 errors");
        let masked = mask_controls("x\u{1b}y\u{85}z");
        assert_eq!(masked.len(), "x\u{1b}y\u{85}z".len());
        assert!(!masked.contains('\u{1b}'));
        // One line per finding: a line feed in a key is escaped there only.
        assert_eq!(sanitize("new\nline"), "new\nline");
        assert_eq!(sanitize_line("new\nline\u{1b}"), "new\\u{a}line\\u{1b}");
        assert_eq!(sanitize_line("a\u{2028}b\u{2029}c"), "a\\u{2028}b\\u{2029}c");
    }

    #[test]
    fn summary_line() {
        let s = Summary { files: 2, records: 12, errors: 3, warnings: 1, infos: 0 };
        assert_eq!(s.line(), "3 errors, 1 warning in 2 files (12 records)");
        assert_eq!(Summary { files: 1, records: 1, ..Summary::default() }.line(), "no problems in 1 file (1 record)");
        let s = Summary { files: 0, records: 0, errors: 1, warnings: 2, infos: 1 };
        assert_eq!(s.line(), "1 error, 2 warnings, 1 info in 0 files (0 records)");
    }

    #[test]
    fn counts_agree_with_their_words() {
        assert_eq!(count(1, "entry", "entries"), "1 entry");
        assert_eq!(count(0, "entry", "entries"), "0 entries");
        assert_eq!(count(2, "finding", "findings"), "2 findings");
        assert_eq!(agree(1, "matches", "match"), "matches");
        assert_eq!(agree(3, "matches", "match"), "match");
    }
}
