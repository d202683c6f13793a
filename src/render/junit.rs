//! JUnit XML, for CI systems that show test reports: a test suite per
//! file, a test case per record, a `<failure>` per finding at or above the
//! fail level (a finding that fails the run). Findings below it are listed
//! in the test case's `<system-out>`, which leaves the case passing, so a
//! run that exits 0 shows no failed test. Findings that belong to no record
//! (the file is empty, broken JSON) go on a test case named `file`.

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, RecordId, Severity};
use crate::rules::RuleSet;
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn render(outcome: &Outcome, _rules: &RuleSet, fail_level: Severity) -> String {
    let suites: Vec<Suite> = (0..outcome.files.len())
        .filter(|&i| outcome.reported.get(i).copied().unwrap_or(false))
        .map(|i| suite(outcome, i))
        .collect();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(|s| s.failures(fail_level)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"acelint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">");
    for s in &suites {
        write_suite(&mut out, s, fail_level);
    }
    out.push_str("</testsuites>\n");
    out
}

/// One file: its name and its test cases in order, each with its findings.
struct Suite<'a> {
    name: &'a str,
    cases: Vec<(String, Vec<&'a Diagnostic>)>,
}

impl Suite<'_> {
    /// Failed test cases (not findings), so `failures` never exceeds `tests`.
    fn failures(&self, fail_level: Severity) -> usize {
        self.cases.iter().filter(|(_, f)| f.iter().any(|d| d.severity >= fail_level)).count()
    }
}

fn suite(outcome: &Outcome, file: usize) -> Suite<'_> {
    let ranges = outcome.ranges.get(file).map(Vec::as_slice).unwrap_or_default();
    let mut by_case: BTreeMap<Option<usize>, Vec<&Diagnostic>> = BTreeMap::new();
    for d in outcome.diagnostics.iter().filter(|d| d.file_index == file) {
        // A duplicate key is reported before the record is parsed, with no
        // record index; its span still says which record it is in.
        let record = d.location.record.or_else(|| record_at(ranges, d.location.span.start));
        by_case.entry(record).or_default().push(d);
    }
    let records = ranges.len().max(by_case.keys().flatten().max().map_or(0, |&m| m + 1));
    let mut cases = Vec::new();
    if let Some(found) = by_case.remove(&None) {
        cases.push(("file".to_string(), found));
    }
    for i in 0..records {
        cases.push((case_name(outcome, file, i), by_case.remove(&Some(i)).unwrap_or_default()));
    }
    Suite { name: &outcome.files[file].name, cases }
}

/// The record whose range holds `offset`. Ranges are in file order, so a
/// binary search: a file of thousands of records is not scanned per finding.
fn record_at(ranges: &[std::ops::Range<usize>], offset: usize) -> Option<usize> {
    let i = ranges.partition_point(|r| r.start <= offset).checked_sub(1)?;
    ranges[i].contains(&offset).then_some(i)
}

/// `record 2 (CLP-2026-0413)`: the index, and the partner's own id when the
/// record is a draft that has one.
fn case_name(outcome: &Outcome, file: usize, index: usize) -> String {
    // By binary search (profiles are in record order): a search through
    // every profile per test case made a file of many records quadratic.
    let id = outcome.profile(RecordId { file, index }).and_then(|p| p.partner_id.as_deref());
    match id {
        Some(id) => format!("record {index} ({id})"),
        None => format!("record {index}"),
    }
}

fn write_suite(out: &mut String, s: &Suite, fail_level: Severity) {
    let name = escape(s.name);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
        s.cases.len(),
        s.failures(fail_level)
    );
    for (case, found) in &s.cases {
        let case = escape(case);
        if found.is_empty() {
            let _ = writeln!(out, "    <testcase name=\"{case}\" classname=\"{name}\"/>");
            continue;
        }
        let _ = writeln!(out, "    <testcase name=\"{case}\" classname=\"{name}\">");
        let (failing, passing): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            found.iter().partition(|d| d.severity >= fail_level);
        // `type` as the concise report writes it: `error[ACE303]`.
        for d in failing {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                escape(&format!("{}[{}]", d.severity, d.code)),
                escape(&format!("{}: {}", d.name, d.message)),
                escape(&failure_body(d))
            );
        }
        // Below the fail level: listed, one finding after another, but not
        // a failure.
        if !passing.is_empty() {
            let listed: Vec<String> =
                passing.iter().map(|d| format!("{}[{}] {}: {}", d.severity, d.code, d.name, failure_body(d))).collect();
            let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&listed.join("\n\n")));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
}

/// `path:line:col: message`, the help, and the other records involved.
fn failure_body(d: &Diagnostic) -> String {
    let l = &d.location;
    let mut body = format!("{}:{}:{}: {}", l.file, l.line, l.column, d.message);
    if let Some(p) = &l.pointer {
        let _ = write!(body, "\nat: {}", member(p));
    }
    if let Some(help) = &d.help {
        let _ = write!(body, "\nhelp: {help}");
    }
    for r in &d.related {
        let rl = &r.location;
        let _ = write!(body, "\nsee: {}:{}:{}: {}", rl.file, rl.line, rl.column, r.message);
    }
    body
}

/// Where in the record a finding is, for a reader of a CI page: the JSON
/// pointer, or words for the empty pointer (a finding on the whole value,
/// such as a JSON Lines line that is not an object), which printed as an
/// `at:` followed by nothing.
fn member(pointer: &str) -> &str {
    match pointer {
        "" => "the whole record",
        p => p,
    }
}

/// Escapes text for an XML attribute or element. Characters XML 1.0 does
/// not allow (most C0 controls, U+FFFE, U+FFFF), C1 controls and the
/// line and paragraph separators (U+2028, U+2029: a viewer showing the
/// message on one line would break it there) become a visible `\u{..}`; whitespace other than a space becomes a character
/// reference, so parsers do not fold it into a space inside attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_illegal_characters() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
        assert_eq!(escape("a\u{1b}[31m\u{0}b\u{85}\u{ffff}"), "a\\u{1b}[31m\\u{0}b\\u{85}\\u{ffff}");
        assert_eq!(escape("x\ty\r\nz"), "x&#9;y&#13;&#10;z");
        assert_eq!(escape("日本 ✓"), "日本 ✓");
    }

    #[test]
    fn the_empty_pointer_reads_as_the_whole_record() {
        assert_eq!(member(""), "the whole record");
        assert_eq!(member("/Funding/Program"), "/Funding/Program");
    }
}
