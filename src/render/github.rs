//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice`
//! line per finding, which GitHub shows as an annotation on the file.
//!
//! GitHub shows only 10 annotations of each kind per step, so
//! [`write_step_summary`] also appends every finding (up to a cap) to the
//! job summary.

use super::{sanitize, Summary};
use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleSet;
use std::fmt::Write;

/// Findings listed in the step summary; the rest are counted.
const SUMMARY_ROWS: usize = 200;

/// `summary`: end with the counts (not with `--quiet`).
pub fn render(outcome: &Outcome, _rules: &RuleSet, summary: bool) -> String {
    let mut out = String::new();
    for d in &outcome.diagnostics {
        out.push_str(&annotation(d));
        out.push('\n');
    }
    if summary {
        let _ = writeln!(out, "{}", Summary::of(outcome).line());
    }
    out
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`.
/// Columns only on a one-line range: GitHub ignores them otherwise.
fn annotation(d: &Diagnostic) -> String {
    let l = &d.location;
    let mut props = vec![("file", l.file.to_string()), ("line", l.line.to_string())];
    if l.line == l.end_line {
        props.push(("col", l.column.to_string()));
    }
    props.push(("endLine", l.end_line.to_string()));
    if l.line == l.end_line {
        props.push(("endColumn", l.end_column.to_string()));
    }
    props.push(("title", format!("{} {}", d.code, d.name)));
    let props: Vec<String> = props.iter().map(|(k, v)| format!("{k}={}", escape_property(&sanitize(v)))).collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message = format!("{message}\n{help}");
    }
    // `sanitize` first: a record's ESC sequences would otherwise recolour
    // the log; then the escaping keeps every finding on one command line.
    format!("::{} {}::{}", command(d.severity), props.join(","), escape_data(&sanitize(&message)))
}

/// Escapes a command's message: `%`, CR and LF, so record text can neither
/// end the command early nor start a new one.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value: as the message, plus `:` and `,`, which
/// separate properties from each other and from the message.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Appends a Markdown summary to `$GITHUB_STEP_SUMMARY`, when set; a
/// failure is a warning, which the caller prints unless `--quiet`.
pub fn write_step_summary(outcome: &Outcome) -> Result<(), String> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    use std::io::Write as _;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(step_summary(outcome, SUMMARY_ROWS).as_bytes()));
    written.map_err(|e| format!("warning: cannot write the step summary to {}: {e}", path.to_string_lossy()))
}

/// Counts by severity, then a table of findings (at most `cap` rows).
fn step_summary(outcome: &Outcome, cap: usize) -> String {
    let s = Summary::of(outcome);
    let mut out = format!("## acelint\n\n{}\n\n", s.line());
    out.push_str("| Severity | Count |\n|---|---:|\n");
    let _ = write!(out, "| error | {} |\n| warning | {} |\n| info | {} |\n", s.errors, s.warnings, s.infos);
    if outcome.diagnostics.is_empty() {
        out.push('\n');
        return out;
    }
    out.push_str("\n| Location | Code | Rule | Message |\n|---|---|---|---|\n");
    for d in outcome.diagnostics.iter().take(cap) {
        let l = &d.location;
        let _ = writeln!(
            out,
            "| {}:{} | {} | {} | {} |",
            cell(&l.file),
            l.line,
            cell(&d.code),
            cell(&d.name),
            cell(&d.message)
        );
    }
    let more = outcome.diagnostics.len().saturating_sub(cap);
    if more > 0 {
        let _ = writeln!(out, "\n…and {more} more {} (see the step log).", super::agree(more, "finding", "findings"));
    }
    out.push('\n');
    out
}

/// Text in a Markdown table cell: `|` would end the cell and a newline the
/// row; `<`, `>` and `&` would be read as HTML, and a backslash could
/// escape the next character. A `code span` becomes `<code>`: in a Markdown
/// code span an entity or `<br>` would show as typed.
fn cell(s: &str) -> String {
    let text = sanitize(s);
    let parts: Vec<&str> = text.split('`').collect();
    // With an odd number of backticks the last one opens no span.
    let spans = (parts.len() - 1) / 2 * 2;
    let mut out = String::with_capacity(s.len());
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && i <= spans {
            out.push_str("<code>");
            // Markdown still reads emphasis and links inside `<code>`.
            escape_cell(part, &mut out, |c| match c {
                '|' => Some("&#124;"),
                '*' => Some("&#42;"),
                '_' => Some("&#95;"),
                '[' => Some("&#91;"),
                ']' => Some("&#93;"),
                '~' => Some("&#126;"),
                '\\' => Some("&#92;"),
                _ => None,
            });
            out.push_str("</code>");
        } else {
            if i > spans {
                out.push_str("\\`");
            }
            escape_cell(part, &mut out, |c| match c {
                '|' => Some("\\|"),
                '\\' => Some("\\\\"),
                _ => None,
            });
        }
    }
    out
}

/// Pushes `s` with HTML's special characters as entities, newlines as
/// `<br>`, and what `markdown` says of the others.
fn escape_cell(s: &str, out: &mut String, markdown: impl Fn(char) -> Option<&'static str>) {
    for c in s.chars() {
        match (markdown(c), c) {
            (Some(escaped), _) => out.push_str(escaped),
            (None, '\n') => out.push_str("<br>"),
            (None, '<') => out.push_str("&lt;"),
            (None, '>') => out.push_str("&gt;"),
            (None, '&') => out.push_str("&amp;"),
            (None, c) => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_message_data() {
        assert_eq!(escape_data("50% off\r\nnext: a, b"), "50%25 off%0D%0Anext: a, b");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn escapes_property_values() {
        assert_eq!(escape_property("a:b,c%d\r\ne"), "a%3Ab%2Cc%25d%0D%0Ae");
        assert_eq!(escape_property("ACE302 similar-use-case"), "ACE302 similar-use-case");
    }

    fn diagnostic(line: usize, end_line: usize) -> Diagnostic {
        use crate::diagnostic::Location;
        Diagnostic {
            code: "ACE011".into(),
            name: "unknown-field".into(),
            severity: Severity::Info,
            message: "unknown field `a\r\nb`".into(),
            help: Some("remove it".into()),
            location: Location {
                file: "d/x,y.json".into(),
                line,
                column: 3,
                end_line,
                end_column: 9,
                span: 0..0,
                pointer: None,
                record: None,
            },
            file_index: 0,
            related: Vec::new(),
            defers_to: None,
            held_by: None,
            unmoved: None,
        }
    }

    #[test]
    fn annotation_has_columns_only_on_one_line() {
        assert_eq!(
            annotation(&diagnostic(4, 4)),
            "::notice file=d/x%2Cy.json,line=4,col=3,endLine=4,endColumn=9,title=ACE011 unknown-field::\
             unknown field `a\\u{d}%0Ab`%0Aremove it"
        );
        assert_eq!(
            annotation(&diagnostic(4, 5)),
            "::notice file=d/x%2Cy.json,line=4,endLine=5,title=ACE011 unknown-field::\
             unknown field `a\\u{d}%0Ab`%0Aremove it"
        );
    }

    #[test]
    fn markdown_cells_stay_in_their_cell() {
        assert_eq!(cell("a|b\nc <x> & \\"), "a\\|b<br>c &lt;x&gt; &amp; \\\\");
        assert_eq!(
            cell("`Computers & Electronics` is not an allowed value for `a|b`"),
            "<code>Computers &amp; Electronics</code> is not an allowed value for <code>a&#124;b</code>"
        );
        assert_eq!(cell("`x` and a stray `"), "<code>x</code> and a stray \\`");
        assert_eq!(cell("`Amazon*EC2*_x_`"), "<code>Amazon&#42;EC2&#42;&#95;x&#95;</code>");
    }
}
