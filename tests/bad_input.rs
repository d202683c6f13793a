//! Hostile and broken input (issue "Robustness and safety").
//!
//! Every case runs the real binary with a 60 s timeout and asserts, besides
//! its expected outcome (a diagnostic with its code, name and line:column, or
//! exit 2 with a message on stderr), that acelint neither panicked nor hung.
//! Inputs are generated here, in temporary directories.

mod common;

use common::TODAY;
use serde_json::Value;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;
use tempfile::TempDir;

/// Catches a hang, not slowness: a debug build on a loaded 2-core machine
/// took several times its usual 3 s on the largest case here.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The parse-stage rules and their codes.
const PARSE_RULES: [(&str, &str); 8] = [
    ("invalid-json", "ACE001"),
    ("duplicate-key", "ACE002"),
    ("invalid-utf8", "ACE003"),
    ("empty-file", "ACE004"),
    ("not-a-record", "ACE005"),
    ("nested-too-deeply", "ACE006"),
    ("file-too-large", "ACE007"),
    ("unreadable-file", "ACE008"),
];

/// `--select` value for the parse stage alone.
const PARSE_ONLY: &str =
    "invalid-json,duplicate-key,invalid-utf8,empty-file,not-a-record,nested-too-deeply,file-too-large,unreadable-file";

/// Serialises the tests that take seconds of CPU (100 MB, 100k records), so
/// that they do not compete with each other for the timeout.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

// ---------------------------------------------------------------------------
// Running acelint

struct Run {
    what: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `acelint ARGS` in `dir`, feeding `stdin`; fails on a panic or a hang.
fn acelint_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = common::acelint(dir, args);
    cmd.timeout(TIMEOUT);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().expect("spawn acelint");
    let run = Run {
        what: format!("acelint {}", args.join(" ")),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        run.code.is_some(),
        "`{}` did not finish: killed after the {TIMEOUT:?} timeout (or by a signal); stderr:\n{}",
        run.what,
        tail(&run.stderr)
    );
    assert!(!run.stderr.contains("panicked"), "`{}` panicked:\n{}", run.what, tail(&run.stderr));
    assert_ne!(run.code, Some(101), "`{}` exited 101 (a panic):\n{}", run.what, tail(&run.stderr));
    run
}

/// `acelint check ARGS --output-format json --today 2026-11-24`.
fn check(dir: &Path, args: &[&str]) -> Run {
    check_stdin(dir, args, None)
}

fn check_stdin(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut all = vec!["check", "--output-format", "json", "--today", TODAY];
    all.extend_from_slice(args);
    acelint_in(dir, &all, stdin)
}

/// `acelint check ARGS --output-format FORMAT` (full or concise, NO_COLOR=1).
fn check_text(dir: &Path, format: &str, args: &[&str]) -> Run {
    let mut all = vec!["check", "--output-format", format, "--today", TODAY];
    all.extend_from_slice(args);
    acelint_in(dir, &all, None)
}

fn tail(s: &str) -> &str {
    let start = s.len().saturating_sub(3000);
    let start = (start..s.len()).find(|&i| s.is_char_boundary(i)).unwrap_or(s.len());
    &s[start..]
}

#[derive(Debug, Clone)]
struct Diag {
    name: String,
    file: String,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    /// Where the span ends: line, and the column just past it.
    end: (usize, usize),
    pointer: Option<String>,
    record: Option<u64>,
}

impl Run {
    fn exit(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "`{}`: exit code\nstdout:\n{}\nstderr:\n{}",
            self.what,
            tail(&String::from_utf8_lossy(&self.stdout)),
            tail(&self.stderr)
        );
        self
    }

    fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap_or_else(|e| panic!("`{}`: stdout is not UTF-8: {e}", self.what))
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "`{}`: stdout is not a JSON report ({e}):\n{}",
                self.what,
                tail(&String::from_utf8_lossy(&self.stdout))
            )
        })
    }

    fn records(&self) -> u64 {
        self.json()["summary"]["records"].as_u64().expect("summary.records")
    }

    fn files(&self) -> u64 {
        self.json()["summary"]["files"].as_u64().expect("summary.files")
    }

    /// Every diagnostic; a parse-stage rule must carry its own code.
    fn diags(&self) -> Vec<Diag> {
        let report = self.json();
        let list = report["diagnostics"].as_array().expect("diagnostics array");
        list.iter()
            .map(|d| {
                let s = |k: &str| d[k].as_str().unwrap_or_else(|| panic!("{k} in {d}")).to_string();
                let n = |k: &str| d[k].as_u64().unwrap_or_else(|| panic!("{k} in {d}")) as usize;
                let diag = Diag {
                    name: s("name"),
                    file: s("file"),
                    line: n("line"),
                    column: n("column"),
                    message: s("message"),
                    help: d["help"].as_str().map(str::to_string),
                    end: (n("end_line"), n("end_column")),
                    pointer: d["pointer"].as_str().map(str::to_string),
                    record: d["record"].as_u64(),
                };
                if let Some((_, code)) = PARSE_RULES.iter().find(|(name, _)| *name == diag.name) {
                    assert_eq!(d["code"], *code, "`{}`: code of {}", self.what, diag.name);
                }
                diag
            })
            .collect()
    }

    fn in_file(&self, file: &str) -> Vec<Diag> {
        self.diags().into_iter().filter(|d| d.file == file).collect()
    }

    /// The (name, line, column) of each diagnostic in `file`, in output order.
    fn places(&self, file: &str) -> Vec<(String, usize, usize)> {
        self.in_file(file).into_iter().map(|d| (d.name, d.line, d.column)).collect()
    }

    /// Asserts exactly these diagnostics, in this order, for `file`.
    fn expect(&self, file: &str, expected: &[(&str, usize, usize)]) -> &Run {
        let want: Vec<(String, usize, usize)> = expected.iter().map(|(n, l, c)| (n.to_string(), *l, *c)).collect();
        assert_eq!(self.places(file), want, "`{}`: diagnostics for {file}\nall: {:#?}", self.what, self.diags());
        self
    }

    /// The one diagnostic of `file`, asserted to be `name` at `line:column`.
    fn only(&self, file: &str, name: &str, line: usize, column: usize) -> Diag {
        self.expect(file, &[(name, line, column)]);
        self.in_file(file).remove(0)
    }
}

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write fixture");
}

/// 1-based line and character column of a byte offset, the way an editor
/// shows it: `\n`, `\r\n` and a lone `\r` end a line (the terminator belongs
/// to the line it ends), and a leading BOM is not a column.
fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let mut starts = vec![0];
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'\r' if text.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
            }
            b'\r' | b'\n' => {
                starts.push(i + 1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    let line = starts.iter().filter(|&&s| s <= offset).count();
    let mut start = starts[line - 1];
    if line == 1 && text.starts_with("\u{feff}".as_bytes()) {
        start = start.max(3.min(offset));
    }
    let chars = std::str::from_utf8(&text[start..offset]).expect("offset on a character boundary").chars().count();
    (line, chars + 1)
}

/// Where `needle` starts in `text` (its first occurrence), as line:column.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the fixture"));
    line_col(text.as_bytes(), at)
}

/// The clean example record: no findings at all.
fn clean_record() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-stack/portfolio.json");
    std::fs::read_to_string(path).expect("examples/clean-stack/portfolio.json")
}

/// The clean record with one unknown top-level field `Zz` on line 2, so a
/// file that is checked has exactly one finding: unknown-field at 2:3.
fn record_with_one_finding() -> String {
    let text = clean_record();
    assert!(text.starts_with("{\n"));
    format!("{{\n  \"Zz\": 1,\n{}", &text[2..])
}

/// Output meant for a terminal must not carry a raw control character that
/// could drive it (ESC, BEL, CSI, a bare CR, bidi overrides), nor a line
/// or paragraph separator that could break a line where it has none.
fn assert_terminal_safe(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    for (i, c) in text.char_indices() {
        let bad = (c.is_control() && c != '\n' && c != '\t')
            || matches!(
                c,
                '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            );
        assert!(!bad, "{what}: raw control character U+{:04X} at byte {i}:\n{}", c as u32, tail(&text[..i]));
    }
}

// ---------------------------------------------------------------------------
// Empty input

#[test]
fn empty_file() {
    let d = tmp();
    write(d.path(), "empty.json", "");
    let r = check(d.path(), &["empty.json"]);
    r.exit(1);
    let diag = r.only("empty.json", "empty-file", 1, 1);
    assert_eq!(diag.message, "the file holds no record");
    assert_eq!(r.records(), 0);
}

/// With no line to show, the full report names the file and says no more:
/// no empty excerpt frame under the message.
#[test]
fn nothing_to_show_is_reported_without_an_excerpt() {
    let d = tmp();
    write(d.path(), "empty.json", "");
    let r = check_text(d.path(), "full", &["empty.json", "missing.json"]);
    r.exit(2);
    let out = r.stdout_text();
    assert!(out.contains("error[ACE004] empty-file: the file holds no record\n  --> empty.json:1:1\n"), "{out}");
    assert!(
        out.contains(
            "error[ACE008] unreadable-file: cannot read the file: no such file or directory\n  --> missing.json:1:1\n"
        ),
        "{out}"
    );
    assert!(!out.contains(",-["), "{out}");
}

#[test]
fn whitespace_only_file() {
    let d = tmp();
    write(d.path(), "ws.json", " \n\t\r\n  \r\n\n");
    check(d.path(), &["ws.json"]).exit(1).only("ws.json", "empty-file", 1, 1);
}

#[test]
fn bom_alone() {
    let d = tmp();
    write(d.path(), "bom.json", "\u{feff}");
    check(d.path(), &["bom.json"]).exit(1).only("bom.json", "empty-file", 1, 1);
}

#[test]
fn form_feed_is_not_json_whitespace() {
    // A one-object file is parsed whole; a form feed before the object must
    // still be the syntax error it is (JSON allows space, tab, CR, LF only).
    let d = tmp();
    write(d.path(), "ff.json", format!("\x0c{}", clean_record()));
    check(d.path(), &["ff.json"]).exit(1).only("ff.json", "invalid-json", 1, 1);
    write(d.path(), "ff-after.json", format!("{}\x0c", clean_record()));
    assert_eq!(check(d.path(), &["ff-after.json"]).exit(1).json()["diagnostics"][0]["name"], "invalid-json");
}

#[test]
fn bom_then_whitespace() {
    let d = tmp();
    write(d.path(), "bom-ws.json", "\u{feff}\n  \n");
    check(d.path(), &["bom-ws.json"]).exit(1).only("bom-ws.json", "empty-file", 1, 1);
}

#[test]
fn empty_json_lines_file() {
    let d = tmp();
    write(d.path(), "blank.jsonl", "\n\n   \n");
    check(d.path(), &["blank.jsonl"]).exit(1).only("blank.jsonl", "empty-file", 1, 1);
}

#[test]
fn pretty_printed_record_in_a_json_lines_file_is_one_record() {
    let d = tmp();
    write(d.path(), "pretty.jsonl", record_with_one_finding());
    let r = check(d.path(), &["pretty.jsonl", "--select", "unknown-field"]);
    r.exit(1).only("pretty.jsonl", "unknown-field", 2, 3);
    assert_eq!(r.records(), 1);
    // A mistake in it is one error at its place, not one per line.
    write(d.path(), "broken.jsonl", record_with_one_finding().replacen("\"Zz\": 1,", "\"Zz\": 1,,", 1));
    check(d.path(), &["broken.jsonl"]).exit(1).only("broken.jsonl", "invalid-json", 2, 11);
    // Real JSON Lines with a broken line stay JSON Lines.
    write(d.path(), "lines.jsonl", "{\"Zz\": 1}\n{\"Zz\":\n");
    let r = check(d.path(), &["lines.jsonl", "--select", "unknown-field,invalid-json"]);
    let names: Vec<String> =
        r.json()["diagnostics"].as_array().unwrap().iter().map(|d| d["name"].to_string()).collect();
    assert_eq!(names, ["\"unknown-field\"", "\"invalid-json\""]);
}

#[test]
fn upper_case_extensions_are_walked() {
    let d = tmp();
    write(d.path(), "RECORD.JSON", record_with_one_finding());
    write(d.path(), "LINES.JSONL", "{\"Zz\": 1}\n");
    let r = check(d.path(), &[".", "--select", "unknown-field"]);
    assert_eq!(r.records(), 2);
}

#[test]
fn empty_standard_input() {
    let d = tmp();
    let r = check_stdin(d.path(), &["-", "--stdin-filename", "piped.json"], Some(b""));
    r.exit(1).only("piped.json", "empty-file", 1, 1);
}

#[test]
fn an_empty_name_for_standard_input_is_refused() {
    let d = tmp();
    for name in ["", "  "] {
        let r = check_stdin(d.path(), &["-", "--stdin-filename", name], Some(b"{}"));
        r.exit(2);
        assert!(r.stderr.contains("the name is empty"), "{}", r.stderr);
    }
}

#[test]
fn bom_is_not_a_column() {
    let d = tmp();
    write(d.path(), "bom-record.json", "\u{feff}{\"Zz\": 1}");
    let r = check(d.path(), &["bom-record.json", "--select", "unknown-field"]);
    r.exit(1).only("bom-record.json", "unknown-field", 1, 2);
    assert_eq!(r.records(), 1);
}

#[test]
fn empty_array_holds_no_record() {
    let d = tmp();
    write(d.path(), "none.json", "[]\n");
    write(d.path(), "good.json", clean_record());
    let r = check(d.path(), &["none.json", "good.json"]);
    r.exit(1).only("none.json", "empty-file", 1, 1);
}

// ---------------------------------------------------------------------------
// Truncation

/// A small record with every kind of token: nested objects and arrays, an
/// escape, a two-byte character, numbers, literals and empty containers.
const TRUNCATE_ME: &str = "{\n  \"Opportunity\": {\n    \"Catalog\": \"AWS\",\n    \"Project\": {\"Title\": \"Caf\\u00e9 \u{e9}\", \"Tags\": [1, -2.5e3, true, false, null]},\n    \"Empty\": {}, \"List\": []\n  },\n  \"Funding\": {\"RequestedAmountUsd\": 100000}\n}\n";

/// What a truncated file must produce: invalid-utf8 where a character was cut
/// in two, otherwise invalid-json at the last character, saying EOF (or, for
/// a number cut after `-`, `.`, `e`, "invalid number").
fn truncation_problem(file: &str, prefix: &[u8], jsonl_line: Option<usize>, got: &[Diag]) -> Option<String> {
    let (name, (line, col)) = match std::str::from_utf8(prefix) {
        Err(e) => ("invalid-utf8", line_col(prefix, e.valid_up_to())),
        Ok(text) => {
            // A JSON Lines line is parsed without its trailing whitespace;
            // a file cut after a line break is reported where the line
            // ends, before a CRLF's `\r` as before an LF.
            let text = match jsonl_line {
                Some(_) => text.trim_end(),
                None => text.strip_suffix('\n').map_or(text, |t| t.strip_suffix('\r').map_or(text, |_| t)),
            };
            let last = text.char_indices().last().map_or(0, |(i, _)| i);
            ("invalid-json", line_col(prefix, last))
        }
    };
    let matching: Vec<&Diag> = got.iter().filter(|d| d.name != "unknown-field").collect();
    let ok = matches!(matching.as_slice(), [d] if d.name == name && d.line == line && d.column == col
        && (name != "invalid-json"
            || d.message.starts_with("invalid JSON: the file ends in the middle of")
            || (d.message == "invalid JSON: invalid number"
                && std::str::from_utf8(prefix).is_ok_and(|t| t.trim_end().ends_with(['-', '+', '.', 'e', 'E'])))));
    let ok =
        ok && jsonl_line.is_none_or(|_| got.iter().any(|d| d.name == "unknown-field" && d.line == 1 && d.column == 2));
    (!ok).then(|| {
        let shown = String::from_utf8_lossy(&prefix[prefix.len().saturating_sub(24)..]);
        let got: Vec<String> =
            got.iter().map(|d| format!("{} {}:{} {}", d.name, d.line, d.column, d.message)).collect();
        format!("{file} (cut after …{shown:?}): expected {name} at {line}:{col}, got {got:?}")
    })
}

/// Cuts `text` after every byte before its final `}` or `]` and checks each cut.
fn truncate_everywhere(variant: &str, text: &str) {
    let d = tmp();
    let bytes = text.as_bytes();
    let end = bytes.iter().rposition(|&b| b == b'}' || b == b']').expect("closing bracket");
    for k in 1..=end {
        write(d.path(), &format!("{variant}-{k:04}.json"), &bytes[..k]);
    }
    let r = check(d.path(), &[".", "--select", PARSE_ONLY]);
    r.exit(1);
    assert_eq!(r.records(), 0, "no truncated file holds a record");
    assert_eq!(r.files(), end as u64);
    let diags = r.diags();
    let mut problems = Vec::new();
    for k in 1..=end {
        let file = format!("{variant}-{k:04}.json");
        let got: Vec<Diag> = diags.iter().filter(|d| d.file == file).cloned().collect();
        problems.extend(truncation_problem(&file, &bytes[..k], None, &got));
    }
    assert!(problems.is_empty(), "{} of {end} truncations wrong:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn truncated_record_at_every_position() {
    truncate_everywhere("lf", TRUNCATE_ME);
}

#[test]
fn truncated_crlf_record_at_every_position() {
    truncate_everywhere("crlf", &TRUNCATE_ME.replace('\n', "\r\n"));
}

#[test]
fn truncated_array_at_every_position() {
    let text = format!("[{},\n {{\"a\": [1, \"x\"]}}]\n", TRUNCATE_ME.trim_end());
    truncate_everywhere("array", &text);
}

#[test]
fn truncated_json_lines_line_at_every_position() {
    let d = tmp();
    let minified = serde_json::to_string(&serde_json::from_str::<Value>(TRUNCATE_ME).unwrap()).unwrap();
    let bytes = minified.as_bytes();
    let first = "{\"Zz\": 1}\n";
    let mut cuts = Vec::new();
    for k in 1..bytes.len() {
        let prefix = &bytes[..k];
        // Cuts that leave only whitespace at the end are the same line as a shorter cut.
        if prefix.last().is_some_and(u8::is_ascii_whitespace) {
            continue;
        }
        let mut content = first.as_bytes().to_vec();
        content.extend_from_slice(prefix);
        write(d.path(), &format!("cut-{k:04}.jsonl"), &content);
        cuts.push((k, content));
    }
    let select = format!("{PARSE_ONLY},unknown-field");
    let r = check(d.path(), &[".", "--select", &select]);
    r.exit(1);
    let diags = r.diags();
    let mut problems = Vec::new();
    for (k, content) in &cuts {
        let file = format!("cut-{k:04}.jsonl");
        let got: Vec<Diag> = diags.iter().filter(|d| d.file == file).cloned().collect();
        // A cut through a character loses only the line it cuts, as any
        // other cut does: the first line is still checked.
        problems.extend(truncation_problem(&file, content, Some(2), &got));
    }
    assert!(problems.is_empty(), "{} of {} truncations wrong:\n{}", problems.len(), cuts.len(), problems.join("\n"));
    assert_eq!(r.records(), cuts.len() as u64, "the first line of every file is still checked");
}

#[test]
fn truncated_inside_a_multibyte_character() {
    let d = tmp();
    // `é` is C3 A9; the file ends after C3.
    write(d.path(), "cut.json", b"{\"Title\": \"caf\xc3");
    let diag = check(d.path(), &["cut.json"]).exit(1).only("cut.json", "invalid-utf8", 1, 15);
    assert!(diag.message.contains("offset 14"), "{}", diag.message);
}

// ---------------------------------------------------------------------------
// Malformed JSON, one file each, all in one run

#[test]
fn malformed_json_syntax() {
    let cases: &[(&str, &[u8], usize, usize, &str)] = &[
        // On the comma itself, not where the parser noticed it.
        ("trailing-comma-object", b"{\"a\": 1,}", 1, 8, "a comma after the last member"),
        ("trailing-comma-array", b"[{}, ]", 1, 4, "a comma after the last item"),
        ("single-quotes", b"{'a': 1}", 1, 2, "a single quote"),
        ("unquoted-key", b"{a: 1}", 1, 2, "key must be a string"),
        ("number-key", b"{1: 2}", 1, 2, "key must be a string"),
        ("missing-colon", b"{\"a\" 1}", 1, 6, "expected `:`"),
        ("missing-comma", b"{\"a\": 1 \"b\": 2}", 1, 9, "expected `,` or `}`"),
        ("line-comment", b"// note\n{}", 1, 1, "a comment"),
        ("block-comment", b"{/* c */}", 1, 2, "a comment"),
        ("nan", b"{\"a\": NaN}", 1, 7, "`NaN` is not a JSON number"),
        ("infinity", b"{\"a\": Infinity}", 1, 7, "`Infinity` is not a JSON number"),
        ("negative-infinity", b"{\"a\": -Infinity}", 1, 7, "`-Infinity` is not a JSON number"),
        ("hex-number", b"{\"a\": 0x10}", 1, 8, "expected `,` or `}`"),
        ("plus-sign", b"{\"a\": +1}", 1, 7, "a `+` before a number"),
        ("leading-dot", b"{\"a\": .5}", 1, 7, "expected value"),
        ("trailing-dot", b"{\"a\": 1.}", 1, 9, "invalid number"),
        ("leading-zero", b"{\"a\": 01}", 1, 8, "invalid number"),
        ("bad-escape", b"{\"a\": \"\\x\"}", 1, 8, "invalid escape"),
        ("bad-unicode-escape", b"{\"a\": \"\\uZZZZ\"}", 1, 8, "invalid escape"),
        ("short-unicode-escape", b"{\"a\": \"\\u12\"}", 1, 8, "invalid escape"),
        ("capitalised-literal", b"{\"a\": True}", 1, 7, "`True` is not a JSON value"),
        ("undefined", b"undefined", 1, 1, "expected value"),
        ("close-then-open", b"}{", 1, 1, "expected value"),
        ("lone-close-bracket", b"]", 1, 1, "expected value"),
        ("comma-only", b",", 1, 1, "expected value"),
        ("mismatched-close", b"{]", 1, 2, "key must be a string"),
        ("mismatched-close-array", b"[}", 1, 2, "expected value"),
        ("extra-close", b"{\"a\": 1}}", 1, 9, "trailing characters"),
        ("two-records-one-line", b"{\"a\": 1} {\"b\": 2}", 1, 10, "trailing characters"),
        ("garbage-after-record", b"{\n  \"a\": 1\n}\n\nxyz\n", 5, 1, "trailing characters"),
        ("brace-after-record", b"{\n\"a\": 1\n}   }", 3, 5, "trailing characters"),
        (
            "double-bom",
            "\u{feff}\u{feff}{}".as_bytes(),
            1,
            1,
            "a second byte order mark (U+FEFF) at the start of the file",
        ),
        ("bom-then-open-array", "\u{feff}[".as_bytes(), 1, 1, "the file ends in the middle of a list"),
        ("nul-between-tokens", b"{\"a\":\x00 1}", 1, 6, "expected value"),
        ("only-nul-bytes", b"\x00\x00\x00\x00", 1, 1, "expected value"),
        ("escape-after-record", b"{\"a\": 1}\x1b[2J", 1, 9, "trailing characters"),
        // On the misspelt word.
        (
            "error-on-line-3-after-multibyte",
            "{\n  \"é\": \"ü\",\n  \"ö\": tru\n}".as_bytes(),
            3,
            8,
            "`tru` is not a JSON value",
        ),
    ];
    let d = tmp();
    for (name, bytes, ..) in cases {
        write(d.path(), &format!("{name}.json"), bytes);
    }
    let r = check(d.path(), &[".", "--select", PARSE_ONLY]);
    r.exit(1);
    assert_eq!(r.records(), 0);
    let mut problems = Vec::new();
    for (name, _, line, col, message) in cases {
        let file = format!("{name}.json");
        let got = r.in_file(&file);
        let want = format!("invalid JSON: {message}");
        if !matches!(got.as_slice(), [d] if d.name == "invalid-json" && d.line == *line && d.column == *col && d.message == want)
        {
            problems.push(format!("{file}: expected invalid-json at {line}:{col} `{want}`, got {got:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn trailing_garbage_after_a_multiline_record() {
    let d = tmp();
    let text = format!("{}\nThis line is not JSON\n", clean_record().trim_end());
    write(d.path(), "garbage.json", &text);
    let (line, _) = find(&text, "This line");
    let diag = check(d.path(), &["garbage.json"]).exit(1).only("garbage.json", "invalid-json", line, 1);
    assert_eq!(diag.message, "invalid JSON: trailing characters");
}

#[test]
fn trailing_garbage_after_a_one_line_record() {
    let d = tmp();
    write(d.path(), "garbage.json", "{\"Zz\": 1} trailing words\n");
    let diag = check(d.path(), &["garbage.json"]).exit(1).only("garbage.json", "invalid-json", 1, 11);
    assert_eq!(diag.message, "invalid JSON: trailing characters");
}

// ---------------------------------------------------------------------------
// Invalid UTF-8

#[test]
fn invalid_utf8_in_a_key() {
    let d = tmp();
    write(d.path(), "key.json", b"{\"Opportunity\": {\"Cat\xffalog\": \"AWS\"}}");
    let diag = check(d.path(), &["key.json"]).exit(1).only("key.json", "invalid-utf8", 1, 22);
    assert_eq!(diag.message, "the file is not valid UTF-8 (bad byte at offset 21)");
}

#[test]
fn invalid_utf8_in_a_value_after_multibyte_characters() {
    let d = tmp();
    // Line 3 holds `  "b": "xé` before the bad byte: 10 characters, 11 bytes.
    let mut bytes = "{\n  \"a\": \"é\",\n  \"b\": \"xé".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xfe\"\n}\n");
    write(d.path(), "value.json", &bytes);
    check(d.path(), &["value.json"]).exit(1).only("value.json", "invalid-utf8", 3, 11);
}

#[test]
fn latin1_file() {
    let d = tmp();
    write(d.path(), "latin1.json", b"{\r\n  \"CompanyName\": \"Soci\xe9t\xe9 G\xe9n\xe9rale\"\r\n}\r\n");
    check(d.path(), &["latin1.json"]).exit(1).only("latin1.json", "invalid-utf8", 2, 23);
}

#[test]
fn utf16_file() {
    let d = tmp();
    let mut bytes = vec![0xff, 0xfe];
    for u in "{\"a\": 1}".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    write(d.path(), "utf16.json", &bytes);
    let diag = check(d.path(), &["utf16.json"]).exit(1).only("utf16.json", "invalid-utf8", 1, 1);
    assert!(diag.message.contains("UTF-16"), "{}", diag.message);
}

#[test]
fn overlong_and_surrogate_utf8_encodings() {
    let d = tmp();
    // C0 AF is an overlong `/`; ED A0 80 encodes the surrogate U+D800.
    write(d.path(), "overlong.json", b"{\"a\": \"\xc0\xaf\"}");
    write(d.path(), "surrogate.json", b"{\"a\": \"\xed\xa0\x80\"}");
    let r = check(d.path(), &["overlong.json", "surrogate.json"]);
    r.exit(1).expect("overlong.json", &[("invalid-utf8", 1, 8)]).expect("surrogate.json", &[("invalid-utf8", 1, 8)]);
}

#[test]
fn invalid_utf8_after_a_bom() {
    let d = tmp();
    write(d.path(), "bom-bad.json", b"\xef\xbb\xbf\xff{}");
    check(d.path(), &["bom-bad.json"]).exit(1).only("bom-bad.json", "invalid-utf8", 1, 1);
}

#[test]
fn invalid_utf8_on_standard_input() {
    let d = tmp();
    let r = check_stdin(d.path(), &["-", "--stdin-filename", "in.json"], Some(b"{\"a\": \"\x80\"}"));
    r.exit(1).only("in.json", "invalid-utf8", 1, 8);
}

// ---------------------------------------------------------------------------
// `\u` escapes: lone surrogates, NUL

#[test]
fn lone_leading_surrogate_in_a_value() {
    let d = tmp();
    write(d.path(), "s.json", r#"{"a": "\ud800"}"#);
    let diag = check(d.path(), &["s.json"]).exit(1).only("s.json", "invalid-json", 1, 8);
    assert!(diag.message.starts_with("invalid JSON: "), "{}", diag.message);
}

#[test]
fn lone_trailing_surrogate_in_a_value() {
    let d = tmp();
    write(d.path(), "s.json", r#"{"a": "\udc00"}"#);
    check(d.path(), &["s.json"]).exit(1).only("s.json", "invalid-json", 1, 8);
}

#[test]
fn leading_surrogate_followed_by_a_non_surrogate_escape() {
    let d = tmp();
    write(d.path(), "s.json", r#"{"a": "\ud800\u0041"}"#);
    check(d.path(), &["s.json"]).exit(1).only("s.json", "invalid-json", 1, 8);
}

#[test]
fn lone_surrogate_in_a_key_of_a_multiline_record() {
    let d = tmp();
    write(d.path(), "s.json", "{\n  \"Opportunity\": {\n    \"\\ud800\": 1\n  }\n}\n");
    check(d.path(), &["s.json"]).exit(1).only("s.json", "invalid-json", 3, 6);
}

#[test]
fn valid_surrogate_pair_is_fine() {
    let d = tmp();
    write(d.path(), "pair.json", r#"{"Zz": "\ud83d\ude00"}"#);
    let r = check(d.path(), &["pair.json", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.exit(1).only("pair.json", "unknown-field", 1, 2);
    assert_eq!(r.records(), 1);
}

#[test]
fn lone_surrogate_messages_say_what_is_wrong() {
    let d = tmp();
    write(d.path(), "lead.json", r#"{"a": "\ud800"}"#);
    write(d.path(), "trail.json", r#"{"a": "\udc00"}"#);
    let r = check(d.path(), &["lead.json", "trail.json"]);
    let lead = r.only("lead.json", "invalid-json", 1, 8);
    assert!(lead.message.contains("surrogate"), "{}", lead.message);
    let trail = r.only("trail.json", "invalid-json", 1, 8);
    assert!(trail.message.contains("surrogate") && !trail.message.contains("leading"), "{}", trail.message);
}

#[test]
fn escaped_nul_is_text_not_an_error() {
    let d = tmp();
    write(d.path(), "nul.json", "{\"Zz\\u0000\": \"a\\u0000b\"}");
    let r = check(d.path(), &["nul.json", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    let diag = r.exit(1).only("nul.json", "unknown-field", 1, 2);
    assert!(diag.message.contains("Zz\u{0}"), "the JSON report keeps the key: {:?}", diag.message);
    let concise = check_text(d.path(), "concise", &["nul.json", "--select", "unknown-field"]);
    concise.exit(1);
    assert_terminal_safe("concise", &concise.stdout);
    assert!(concise.stdout_text().contains("Zz\\u{0}"), "{}", concise.stdout_text());
}

#[test]
fn raw_nul_in_a_json_lines_value() {
    let d = tmp();
    write(d.path(), "nul.jsonl", b"{\"Zz\": 1}\n{\"a\": \"\x00\"}\n");
    let r = check(d.path(), &["nul.jsonl", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.exit(1).expect("nul.jsonl", &[("unknown-field", 1, 2), ("invalid-json", 2, 8)]);
    assert_eq!(r.records(), 1);
}

#[test]
fn raw_control_character_in_a_string_is_located_on_it() {
    let d = tmp();
    // Each control character is at column 8 (line 1) or 7 (line 2).
    write(d.path(), "nul.json", b"{\"a\": \"\x00\"}");
    write(d.path(), "array.json", b"[{\"a\":\"\x00\"}]");
    write(d.path(), "tab.json", b"{\"a\": \"\t\"}");
    write(d.path(), "multiline.json", b"{\n\"a\": \"\x00\"}");
    write(d.path(), "escape.json", b"{\"Zz\x1b[5m\": 1}");
    let r = check(d.path(), &["."]);
    r.exit(1);
    r.expect("nul.json", &[("invalid-json", 1, 8)]);
    r.expect("array.json", &[("invalid-json", 1, 8)]);
    r.expect("tab.json", &[("invalid-json", 1, 8)]);
    r.expect("multiline.json", &[("invalid-json", 2, 7)]);
    r.expect("escape.json", &[("invalid-json", 1, 5)]);
}

// ---------------------------------------------------------------------------
// Size and depth

#[test]
fn string_of_100_mb_in_a_field() {
    let _guard = heavy();
    let d = tmp();
    let mut text = String::with_capacity(100_000_100);
    text.push_str("{\"Opportunity\": {\"Project\": {\"Title\": \"");
    text.extend(std::iter::repeat_n('a', 100_000_000));
    text.push_str("\"}}}");
    write(d.path(), "big.json", &text);
    drop(text);
    let r = check(d.path(), &["big.json", "--select", "invalid-length"]);
    let diag = r.exit(1).only("big.json", "invalid-length", 1, 39);
    assert_eq!(diag.pointer.as_deref(), Some("/Opportunity/Project/Title"));
    assert!(diag.message.contains("100000000 characters"), "{}", diag.message);
    assert!(r.stdout.len() < 10_000, "the report does not echo the value: {} bytes", r.stdout.len());
}

#[test]
fn string_of_100_mb_full_report_stays_small() {
    let _guard = heavy();
    let d = tmp();
    let mut text = String::with_capacity(100_000_100);
    text.push_str("{\"Opportunity\": {\"Project\": {\"Title\": \"");
    text.extend(std::iter::repeat_n('a', 100_000_000));
    text.push_str("\"}}}");
    write(d.path(), "big.json", &text);
    drop(text);
    let r = check_text(d.path(), "full", &["big.json"]);
    r.exit(1);
    assert!(r.stdout.len() < 1_000_000, "the full report is {} bytes", r.stdout.len());
}

#[test]
fn ten_thousand_nested_arrays() {
    let d = tmp();
    write(d.path(), "deep.json", format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)));
    let diag = check(d.path(), &["deep.json"]).exit(1).only("deep.json", "nested-too-deeply", 1, 129);
    assert!(diag.message.contains("127"), "{}", diag.message);
}

#[test]
fn ten_thousand_nested_objects() {
    let d = tmp();
    write(d.path(), "deep.json", format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)));
    let r = check(d.path(), &["deep.json"]);
    let diags = r.exit(1).in_file("deep.json");
    // The column (the 129th `{`) is asserted by the ignored nesting-limit test.
    assert!(matches!(diags.as_slice(), [d] if d.name == "nested-too-deeply" && d.line == 1), "{diags:?}");
    assert!(diags[0].message.contains("127"), "{}", diags[0].message);
}

#[test]
fn ten_thousand_unclosed_brackets() {
    let d = tmp();
    write(d.path(), "open.json", "[{\"a\":".repeat(10_000));
    let r = check(d.path(), &["open.json"]);
    let diags = r.exit(1).in_file("open.json");
    // The column (the 129th bracket) is asserted by the ignored nesting-limit test.
    assert!(matches!(diags.as_slice(), [d] if d.name == "nested-too-deeply" && d.line == 1), "{diags:?}");
}

#[test]
fn deep_line_among_good_json_lines() {
    let d = tmp();
    write(d.path(), "deep.jsonl", format!("{{\"Zz\": 1}}\n{}\n{{\"Zz\": 2}}\n", "[".repeat(10_000)));
    let r = check(d.path(), &["deep.jsonl", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.exit(1);
    // The column of the deep line is asserted by the ignored nesting-limit test.
    let lines: Vec<(String, usize)> = r.in_file("deep.jsonl").into_iter().map(|d| (d.name, d.line)).collect();
    let want = [("unknown-field", 1), ("nested-too-deeply", 2), ("unknown-field", 3)].map(|(n, l)| (n.to_string(), l));
    assert_eq!(lines, want);
    assert_eq!(r.records(), 2);
}

#[test]
fn nesting_just_under_the_limit_is_read() {
    let d = tmp();
    write(d.path(), "arrays.json", format!("{{\"Zz\": {}{}}}", "[".repeat(126), "]".repeat(126)));
    write(d.path(), "objects.json", format!("{}1{}", "{\"Zz\":".repeat(127), "}".repeat(127)));
    let r = check(d.path(), &[".", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.exit(1).expect("arrays.json", &[("unknown-field", 1, 2)]).expect("objects.json", &[("unknown-field", 1, 2)]);
    assert_eq!(r.records(), 2);
}

#[test]
fn object_nesting_limit_matches_the_message() {
    let d = tmp();
    write(d.path(), "o128.json", format!("{}1{}", "{\"a\":".repeat(128), "}".repeat(128)));
    write(d.path(), "o129.json", format!("{}1{}", "{\"a\":".repeat(129), "}".repeat(129)));
    write(d.path(), "a129.json", format!("{}{}", "[".repeat(129), "]".repeat(129)));
    write(d.path(), "o10k.json", format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)));
    write(d.path(), "open.json", "[{\"a\":".repeat(10_000));
    write(d.path(), "l129.jsonl", format!("{{}}\n{}{}\n", "[".repeat(129), "]".repeat(129)));
    let r = check(d.path(), &[".", "--select", PARSE_ONLY]);
    // serde_json reads 127 levels: the 128th container is where it stops,
    // which is what the message says ("up to 127 levels").
    r.expect("o128.json", &[("nested-too-deeply", 1, 127 * 5 + 1)]);
    r.expect("o129.json", &[("nested-too-deeply", 1, 127 * 5 + 1)]);
    r.expect("o10k.json", &[("nested-too-deeply", 1, 127 * 5 + 1)]);
    r.expect("a129.json", &[("nested-too-deeply", 1, 129)]);
    r.expect("l129.jsonl", &[("nested-too-deeply", 2, 128)]);
    // `[{"a":` is 6 characters and 2 levels: the 128th level is the `{` of the 64th.
    r.expect("open.json", &[("nested-too-deeply", 1, 63 * 6 + 2)]);
}

#[test]
fn array_of_100k_tiny_records() {
    let _guard = heavy();
    let d = tmp();
    let mut text = String::from("[");
    text.push_str(&vec!["{}"; 100_000].join(","));
    text.push(']');
    write(d.path(), "many.json", &text);
    let r = check_text(d.path(), "concise", &["many.json", "--select", "missing-field"]);
    r.exit(1);
    let out = r.stdout_text();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 200_001, "two missing fields per record, then the summary");
    assert_eq!(lines[0], "many.json:1:2: error[ACE010] missing-field: missing required field `Funding`");
    assert_eq!(lines[1], "many.json:1:2: error[ACE010] missing-field: missing required field `Opportunity`");
    // Record i starts at byte 1 + 3 i, column 2 + 3 i.
    assert_eq!(
        lines[199_999],
        format!("many.json:1:{}: error[ACE010] missing-field: missing required field `Opportunity`", 2 + 3 * 99_999)
    );
    assert_eq!(lines[200_000], "200000 errors in 1 file (100000 records)");
}

#[test]
fn ten_thousand_unknown_keys_in_one_object() {
    let _guard = heavy();
    let d = tmp();
    let keys: Vec<String> = (0..10_000).map(|i| format!("\"k{i}\":0")).collect();
    write(d.path(), "keys.json", format!("{{{}}}", keys.join(",")));
    let r = check(d.path(), &["keys.json", "--select", "unknown-field"]);
    r.exit(1);
    let diags = r.diags();
    assert_eq!(diags.len(), 10_000);
    assert_eq!(
        (diags[9_999].line, diags[9_999].column),
        (1, keys[..9_999].iter().map(|k| k.len() + 1).sum::<usize>() + 2)
    );
}

#[test]
fn many_distinct_keys_and_one_duplicate() {
    let d = tmp();
    let keys: Vec<String> = (0..10_000).map(|i| format!("\"k{i}\":0")).collect();
    let text = format!("{{{},\"k0\":1}}", keys.join(","));
    write(d.path(), "dup.json", &text);
    let column = text.rfind("\"k0\"").unwrap() + 1;
    check(d.path(), &["dup.json", "--select", "duplicate-key"]).exit(1).only("dup.json", "duplicate-key", 1, column);
}

#[test]
fn file_over_max_file_size() {
    let d = tmp();
    let text = clean_record();
    write(d.path(), "p.json", &text);
    let diag = check(d.path(), &["p.json", "--max-file-size", "100"]).exit(1).only("p.json", "file-too-large", 1, 1);
    assert_eq!(diag.message, format!("the file is {} bytes, over the 100-byte limit", text.len()));
}

#[test]
fn max_file_size_boundary() {
    let d = tmp();
    let text = clean_record();
    write(d.path(), "p.json", &text);
    let at = text.len().to_string();
    let under = (text.len() - 1).to_string();
    let r = check(d.path(), &["p.json", "--max-file-size", &at]);
    r.exit(0).expect("p.json", &[]);
    assert_eq!(r.records(), 1);
    check(d.path(), &["p.json", "--max-file-size", &under]).exit(1).only("p.json", "file-too-large", 1, 1);
    write(d.path(), "zero.json", "");
    check(d.path(), &["zero.json", "--max-file-size", "1"]).exit(1).only("zero.json", "empty-file", 1, 1);
    // No file can be read under a limit of 0 bytes: a usage error, as in the config.
    let r = check(d.path(), &["zero.json", "--max-file-size", "0"]);
    r.exit(2);
    assert!(r.stderr.contains("--max-file-size"), "{}", r.stderr);
}

#[test]
fn stdin_over_max_file_size() {
    let d = tmp();
    let text = clean_record();
    let r = check_stdin(d.path(), &["-", "--max-file-size", "100"], Some(text.as_bytes()));
    r.exit(1).only("<stdin>", "file-too-large", 1, 1);
}

#[test]
fn stdin_over_max_file_size_does_not_misstate_the_size() {
    let d = tmp();
    let text = clean_record();
    let r = check_stdin(d.path(), &["-", "--max-file-size", "100"], Some(text.as_bytes()));
    let diag = r.only("<stdin>", "file-too-large", 1, 1);
    assert!(!diag.message.contains("101 bytes"), "{}", diag.message);
}

#[test]
fn bad_max_file_size_values() {
    let d = tmp();
    write(d.path(), "p.json", "{}");
    for bad in ["-1", "abc", "1e9", ""] {
        let r = acelint_in(d.path(), &["check", "p.json", &format!("--max-file-size={bad}")], None);
        r.exit(2);
        assert!(r.stderr.contains("--max-file-size"), "{bad}: {}", r.stderr);
    }
}

// ---------------------------------------------------------------------------
// Numbers

/// The clean record with `RequestedAmountUsd` written as `number`.
fn with_amount(number: &str) -> (String, (usize, usize)) {
    let text =
        clean_record().replacen("\"RequestedAmountUsd\": 100000", &format!("\"RequestedAmountUsd\": {number}"), 1);
    let at = find(&text, &format!("\"RequestedAmountUsd\": {number}"));
    (text, (at.0, at.1 + "\"RequestedAmountUsd\": ".len()))
}

#[test]
fn amount_1e400_is_out_of_range() {
    let d = tmp();
    let (text, (line, col)) = with_amount("1e400");
    write(d.path(), "big.json", text);
    // On the whole number, though serde_json notices the overflow on its last digit.
    let diag = check(d.path(), &["big.json"]).exit(1).only("big.json", "invalid-json", line, col);
    assert!(diag.message.starts_with("number 1e400 is out of range: JSON allows it"), "{}", diag.message);
}

#[test]
fn amount_minus_zero() {
    let d = tmp();
    let (text, (line, col)) = with_amount("-0");
    write(d.path(), "zero.json", text);
    let r = check(d.path(), &["zero.json"]);
    r.exit(0);
    let diag = r.only("zero.json", "amount-outside-program-band", line, col);
    assert!(diag.message.starts_with("asks $0 from"), "{}", diag.message);
}

#[test]
fn amount_with_40_digits() {
    let d = tmp();
    let (text, (line, col)) = with_amount("1234567890123456789012345678901234567890");
    write(d.path(), "huge.json", text);
    let r = check(d.path(), &["huge.json"]);
    r.exit(1)
        .expect("huge.json", &[("amount-outside-program-band", line, col), ("credits-out-of-proportion", line, col)]);
}

#[test]
fn negative_amount_with_40_digits() {
    let d = tmp();
    let (text, (line, col)) = with_amount("-1234567890123456789012345678901234567890");
    write(d.path(), "neg.json", text);
    let r = check(d.path(), &["neg.json", "--select", "out-of-range"]);
    r.exit(1).only("neg.json", "out-of-range", line, col);
}

#[test]
fn amount_that_underflows_to_zero() {
    let d = tmp();
    let (text, (line, col)) = with_amount("1e-400");
    write(d.path(), "tiny.json", text);
    check(d.path(), &["tiny.json"]).exit(0).only("tiny.json", "amount-outside-program-band", line, col);
}

#[test]
fn amount_as_a_string() {
    let d = tmp();
    let (text, (line, col)) = with_amount("\"100000\"");
    write(d.path(), "string.json", text);
    check(d.path(), &["string.json"]).exit(1).only("string.json", "wrong-type", line, col);
}

#[test]
fn amount_with_40_digits_is_not_misquoted() {
    let d = tmp();
    let (text, _) = with_amount("1234567890123456789012345678901234567890");
    write(d.path(), "huge.json", text);
    for diag in check(d.path(), &["huge.json"]).diags() {
        assert!(!diag.message.contains("846996462118072609669120"), "{}", diag.message);
    }
}

// ---------------------------------------------------------------------------
// Duplicate keys

#[test]
fn duplicate_keys_at_several_levels() {
    let d = tmp();
    let text = "{\n  \"Opportunity\": {\"Catalog\": \"AWS\", \"Catalog\": \"Sandbox\",\n    \"Customer\": {\"Account\": {\"CompanyName\": \"A\", \"CompanyName\": \"B\"}}},\n  \"Funding\": {\"Program\": \"x\"},\n  \"Funding\": {\"Company\": {\"Engineers\": 1, \"Engineers\": 2, \"Engineers\": 3}},\n  \"Opportunity\": {}\n}\n";
    write(d.path(), "dup.json", text);
    let r = check(d.path(), &["dup.json", "--select", PARSE_ONLY]);
    r.exit(1).expect(
        "dup.json",
        &[
            ("duplicate-key", 2, 37),
            ("duplicate-key", 3, 50),
            ("duplicate-key", 5, 3),
            ("duplicate-key", 5, 43),
            ("duplicate-key", 5, 59),
            ("duplicate-key", 6, 3),
        ],
    );
    let pointers: Vec<String> = r.diags().into_iter().filter_map(|d| d.pointer).collect();
    assert_eq!(
        pointers,
        [
            "/Opportunity/Catalog",
            "/Opportunity/Customer/Account/CompanyName",
            "/Funding",
            "/Funding/Company/Engineers",
            "/Funding/Company/Engineers",
            "/Opportunity"
        ]
    );
    let related = &r.json()["diagnostics"][0]["related"][0];
    assert_eq!((related["line"].as_u64(), related["column"].as_u64()), (Some(2), Some(19)), "first occurrence");
}

#[test]
fn duplicate_keys_in_array_elements_and_escaped_keys() {
    let d = tmp();
    write(d.path(), "arr.json", r#"[{"a": 1, "a": 2}, {"b": {"c": [{"d": 1, "d": 2}]}}]"#);
    write(d.path(), "esc.json", r#"{"\u0041": 1, "A": 2}"#);
    let r = check(d.path(), &[".", "--select", PARSE_ONLY]);
    r.exit(1).expect("arr.json", &[("duplicate-key", 1, 11), ("duplicate-key", 1, 42)]);
    r.expect("esc.json", &[("duplicate-key", 1, 15)]);
    let ptrs: Vec<Option<String>> = r.diags().into_iter().map(|d| d.pointer).collect();
    assert_eq!(ptrs, [Some("/a".into()), Some("/b/c/0/d".into()), Some("/A".into())]);
}

// ---------------------------------------------------------------------------
// JSON Lines, line endings

#[test]
fn json_lines_with_bad_lines_among_good_ones() {
    let d = tmp();
    let text = "{\"Zz1\": 1}\n{\"Zz2\": \n\n  {\"Zz3\": 3}  \n[1]\n42\n{\"Zz4\": 4, \"Zz4\": 5}\n{\"Zz5\": [1,}\n{\"Zz6\": 6}\n";
    write(d.path(), "l.jsonl", text);
    write(d.path(), "l.json", text);
    let select = format!("{PARSE_ONLY},unknown-field");
    let r = check(d.path(), &["l.jsonl", "l.json", "--select", &select]);
    r.exit(1);
    let expected = [
        ("unknown-field", 1, 2),
        ("invalid-json", 2, 7),
        ("unknown-field", 4, 4),
        ("not-a-record", 5, 1),
        ("not-a-record", 6, 1),
        ("duplicate-key", 7, 12),
        ("unknown-field", 7, 12),
        ("invalid-json", 8, 12),
        ("unknown-field", 9, 2),
    ];
    r.expect("l.jsonl", &expected).expect("l.json", &expected);
    let not_records: Vec<(Option<u64>, Option<String>)> =
        r.diags().into_iter().filter(|d| d.name == "not-a-record").map(|d| (d.record, d.pointer)).collect();
    let line = |record| (Some(record), Some(String::new()));
    assert_eq!(not_records, [line(3), line(4), line(3), line(4)], "lines 5 and 6 of each file, whole");
    let ends: Vec<(usize, usize)> = r.diags().into_iter().filter(|d| d.name == "not-a-record").map(|d| d.end).collect();
    assert_eq!(ends, [(5, 4), (6, 3), (5, 4), (6, 3)], "`[1]` and `42`, each labelled whole");
    assert_eq!(r.records(), 2 * 6, "lines 1, 4, 5, 6, 7 and 9 of both files are records, objects or not");
}

#[test]
fn json_lines_with_a_real_record_and_a_broken_line() {
    let d = tmp();
    let record: Value = serde_json::from_str(&record_with_one_finding()).unwrap();
    let line = serde_json::to_string(&record).unwrap();
    let col = line.find("\"Zz\"").unwrap() + 1;
    write(d.path(), "mixed.jsonl", format!("{line}\n{{\"Opportunity\": \n"));
    let r = check(d.path(), &["mixed.jsonl"]);
    r.exit(1).expect("mixed.jsonl", &[("unknown-field", 1, col), ("invalid-json", 2, 15)]);
    assert_eq!(r.records(), 1, "a line that cannot be read names no record");
}

#[test]
fn crlf_line_endings() {
    let d = tmp();
    write(d.path(), "crlf.json", "{\r\n  \"Zz1\": 1,\r\n  \"Zz2\": 2,\r\n\r\n  \"Zz3\": tru\r\n}\r\n");
    write(d.path(), "crlf.jsonl", "{\"Zz1\": 1}\r\n{\"Zz2\": \r\n\r\n  {\"Zz3\": 3}  \r\n{\"Zz4\": 4}\r\n");
    write(d.path(), "crlf-ok.json", "{\r\n  \"Zz1\": 1,\r\n\r\n  \"Zz2\": 2\r\n}\r\n");
    let r = check(d.path(), &[".", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.exit(1);
    r.expect("crlf.json", &[("invalid-json", 5, 10)]);
    r.expect(
        "crlf.jsonl",
        &[("unknown-field", 1, 2), ("invalid-json", 2, 7), ("unknown-field", 4, 4), ("unknown-field", 5, 2)],
    );
    r.expect("crlf-ok.json", &[("unknown-field", 2, 3), ("unknown-field", 4, 3)]);
    let full = check_text(d.path(), "full", &["crlf-ok.json", "--select", "unknown-field"]);
    full.exit(1);
    assert!(full.stdout_text().contains(",-[crlf-ok.json:4:3]"), "{}", full.stdout_text());
    assert_terminal_safe("full report of a CRLF file", &full.stdout);
}

/// A file that ends inside its record just after a line break: reported
/// where the line ends, the same column for CRLF as for LF (the `\r` is
/// part of the break, not of the line).
#[test]
fn a_record_cut_after_a_crlf_is_reported_where_the_line_ends() {
    let d = tmp();
    write(d.path(), "lf.json", "{\"a\": 1\n");
    write(d.path(), "crlf.json", "{\"a\": 1\r\n");
    let r = check(d.path(), &[".", "--select", PARSE_ONLY]);
    r.exit(1).only("lf.json", "invalid-json", 1, 8);
    r.only("crlf.json", "invalid-json", 1, 8);
}

#[test]
fn mixed_lf_and_crlf_line_endings() {
    let d = tmp();
    write(d.path(), "mixed.json", "{\r\n  \"Zz1\": 1,\n  \"Zz2\": 2,\r\n\n  \"Zz3\": 3\r\n}\n");
    write(d.path(), "mixed-bad.json", "{\r\n  \"a\": 1,\n  \"b\": 2,\r\n\n  \"c\": tru\n}");
    write(d.path(), "mixed.jsonl", "{\"Zz1\": 1}\n{\"Zz2\": 2}\r\n\r\n{\"Zz3\": }\n{\"Zz4\": 4}");
    let r = check(d.path(), &[".", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.exit(1);
    r.expect("mixed.json", &[("unknown-field", 2, 3), ("unknown-field", 3, 3), ("unknown-field", 5, 3)]);
    r.expect("mixed-bad.json", &[("invalid-json", 5, 8)]);
    r.expect(
        "mixed.jsonl",
        &[("unknown-field", 1, 2), ("unknown-field", 2, 2), ("invalid-json", 4, 9), ("unknown-field", 5, 2)],
    );
}

#[test]
fn lone_cr_line_endings_in_a_clean_parse() {
    let d = tmp();
    // A lone CR is whitespace, not a line break: acelint counts lines as
    // serde_json and miette do (at LF), so every position agrees.
    write(d.path(), "cr.json", "{\r  \"a\": 1,\r  \"Zz\": 2\r}");
    let r = check(d.path(), &["cr.json", "--select", "unknown-field"]);
    r.exit(1).expect("cr.json", &[("unknown-field", 1, 5), ("unknown-field", 1, 15)]);
}

#[test]
fn lone_cr_line_endings_before_a_parse_error() {
    let d = tmp();
    // Lines end at LF only, so the error is on line 2 (after the only LF).
    write(d.path(), "cr.json", "{\r  \"a\": 1,\r  \"b\": 2,\n  \"c\": tru\n}");
    check(d.path(), &["cr.json"]).only("cr.json", "invalid-json", 2, 8);
}

// ---------------------------------------------------------------------------
// Top-level values that are not records

#[test]
fn scalar_top_level_values() {
    let d = tmp();
    let cases = [
        ("number.json", "42", "a number"),
        ("string.json", "\"x\"", "a string"),
        ("null.json", "null", "null"),
        ("bool.json", "\n\n  true\n", "a boolean"),
    ];
    for (name, text, _) in cases {
        write(d.path(), name, text);
    }
    let r = check(d.path(), &["."]);
    r.exit(1);
    assert_eq!(r.records(), 4, "each file's one value stands where its record 0 would, as its finding says");
    for (name, text, found) in cases {
        let line = if name == "bool.json" { (3, 3) } else { (1, 1) };
        let diag = r.only(name, "not-a-record", line.0, line.1);
        assert_eq!(diag.message, format!("expected a record object or an array of records, found {found}"));
        // The file's one value, where its record 0 would be, pointed at whole.
        assert_eq!((diag.record, diag.pointer.as_deref()), (Some(0), Some("")), "{name}");
        assert_eq!(diag.end, (line.0, line.1 + text.trim().len()), "{name}: the value labelled whole");
        let help = "make the file a record object (`Opportunity` and `Funding`, or a bare CreateOpportunity body), or an array of them";
        assert_eq!(diag.help.as_deref(), Some(help), "{name}");
    }
}

#[test]
fn a_value_that_is_not_a_record_is_labelled_whole_in_every_report() {
    let d = tmp();
    write(d.path(), "todo.json", "[\n  {\"Zz\": 1},\n  \"TODO\",\n  [1,\n   2]\n]\n");
    write(d.path(), "one.json", "\n  \"a draft, some day\"  \n\n");
    let r = check(d.path(), &["todo.json", "one.json", "--select", PARSE_ONLY]);
    r.exit(1);
    let spans: Vec<((usize, usize), (usize, usize))> =
        r.diags().into_iter().map(|d| ((d.line, d.column), d.end)).collect();
    assert_eq!(spans, [((2, 3), (2, 22)), ((3, 3), (3, 9)), ((4, 3), (5, 6))]);
    let helps: Vec<Option<String>> = r.diags().into_iter().map(|d| d.help).collect();
    let item = "replace the value with a record object (`Opportunity` and `Funding`, or a bare CreateOpportunity body), or remove it";
    let file = "make the file a record object (`Opportunity` and `Funding`, or a bare CreateOpportunity body), or an array of them";
    assert_eq!(helps, [Some(file.into()), Some(item.into()), Some(item.into())]);
    // The full report underlines the value and says what to change.
    let full = check_text(d.path(), "full", &["todo.json", "one.json", "--select", PARSE_ONLY]);
    let out = full.exit(1).stdout_text();
    assert!(out.contains("\n   :   ^^^|^^\n"), "`\"TODO\"` underlined whole:\n{out}");
    assert!(out.contains("\n   :   ^^^^^^^^^|^^^^^^^^^\n"), "the file's one value underlined whole:\n{out}");
    assert!(out.contains("help: replace the value") && out.contains("help: make the file"), "{out}");
    assert!(out.contains("in 2 files (4 records)"), "each value where a record stands is counted:\n{out}");
}

#[test]
fn array_containing_non_objects() {
    let d = tmp();
    write(d.path(), "mixed.json", "[{\"Zz\": 1}, \"TODO\", null, 3, [], true, [{}]]");
    let r = check(d.path(), &["mixed.json", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.exit(1).expect(
        "mixed.json",
        &[
            ("unknown-field", 1, 3),
            ("not-a-record", 1, 13),
            ("not-a-record", 1, 21),
            ("not-a-record", 1, 27),
            ("not-a-record", 1, 30),
            ("not-a-record", 1, 34),
            ("not-a-record", 1, 40),
        ],
    );
    assert_eq!(r.in_file("mixed.json")[1].message, "record 1 is not a JSON object");
    let records: Vec<Option<u64>> = r.in_file("mixed.json").iter().map(|d| d.record).collect();
    assert_eq!(records, [0, 1, 2, 3, 4, 5, 6].map(Some), "each finding names its record");
    let pointers: Vec<Option<String>> = r.in_file("mixed.json").into_iter().map(|d| d.pointer).collect();
    assert_eq!(pointers[0].as_deref(), Some("/Zz"));
    assert!(
        pointers[1..].iter().all(|p| p.as_deref() == Some("")),
        "an item that is not a record, whole: {pointers:?}"
    );
    assert_eq!(r.records(), 7, "the one object is checked, and each item stands where a record does");
}

// ---------------------------------------------------------------------------
// Paths: missing, special files, directories

#[test]
fn path_that_does_not_exist() {
    let d = tmp();
    let r = check(d.path(), &["nope.json"]);
    r.exit(2);
    assert!(r.stderr.contains("error: nope.json: no such file or directory"), "{}", r.stderr);
    // In the report too, where CI reads findings (as Ruff's E902).
    let d = r.only("nope.json", "unreadable-file", 1, 1);
    assert_eq!(d.message, "cannot read the file: no such file or directory");
}

#[test]
fn missing_path_beside_a_good_file() {
    let d = tmp();
    write(d.path(), "good.json", record_with_one_finding());
    let r = check(d.path(), &["nope.json", "good.json"]);
    r.exit(2).only("good.json", "unknown-field", 2, 3);
    r.only("nope.json", "unreadable-file", 1, 1);
    assert_eq!(r.records(), 1, "the good file is still checked");
    assert!(r.stderr.contains("error: nope.json: no such file or directory"), "{}", r.stderr);
}

#[test]
fn empty_directory() {
    let d = tmp();
    std::fs::create_dir(d.path().join("empty")).unwrap();
    let r = check(d.path(), &["empty"]);
    r.exit(2);
    assert!(r.stderr.contains("no record files found"), "{}", r.stderr);
}

#[test]
fn fifo_named_explicitly_is_read_and_skipped_in_a_walk() {
    let d = tmp();
    let made = std::process::Command::new("mkfifo").arg(d.path().join("fifo.json")).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Named, it is read to its end, as `acelint check <(…)` needs.
    let record =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-stack/portfolio.json")).unwrap();
    let fifo = d.path().join("fifo.json");
    let writer = std::thread::spawn(move || std::fs::write(fifo, record).unwrap());
    let r = check(d.path(), &["fifo.json"]);
    writer.join().unwrap();
    r.exit(0);
    assert_eq!(r.records(), 1, "{}", r.stderr);
    // Walked, it is skipped: nothing writes to it, and reading would hang.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clean-stack/portfolio.json"),
        d.path().join("good.json"),
    )
    .unwrap();
    let r = check(d.path(), &["."]);
    r.exit(0);
    assert_eq!(r.records(), 1, "only good.json: {}", r.stderr);
    // Past the limit, a pipe is refused as standard input is: its size is
    // unknown, so the refusal quotes no byte count read so far.
    let fifo = d.path().join("fifo.json");
    let writer = std::thread::spawn(move || {
        // The reader stops at the limit and closes the pipe: a broken pipe here is expected.
        let _ = std::fs::write(fifo, vec![b' '; 100_000]);
    });
    let r = check(d.path(), &["fifo.json", "--max-file-size", "1000"]);
    writer.join().unwrap();
    r.exit(1);
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.contains("\"ACE007\"") && out.contains("larger than the 1000-byte limit"), "{out}");
    assert!(!out.contains("1001"), "{out}");
}

#[cfg(unix)]
#[test]
fn symlink_loop_named_explicitly() {
    let d = tmp();
    std::os::unix::fs::symlink("b.json", d.path().join("a.json")).unwrap();
    std::os::unix::fs::symlink("a.json", d.path().join("b.json")).unwrap();
    let r = check(d.path(), &["a.json"]);
    r.exit(2);
    assert!(r.stderr.contains("error: a.json: ") && r.stderr.contains("symbolic links"), "{}", r.stderr);
}

/// Whether chmod 000 really keeps this process out (it does not for root).
fn permissions_enforced(path: &Path) -> bool {
    std::fs::read(path).is_err()
}

#[cfg(unix)]
#[test]
fn unreadable_file_named_explicitly() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    write(d.path(), "locked.json", "{}");
    let path = d.path().join("locked.json");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = check(d.path(), &["locked.json"]);
    if !permissions_enforced(&path) {
        // Running as root: mode 000 does not stop reading, so the file is
        // checked like any other. Only the no-panic/no-hang checks apply.
        r.exit(1);
        return;
    }
    r.exit(2);
    let diag = r.only("locked.json", "unreadable-file", 1, 1);
    assert_eq!(diag.message, "cannot read the file: permission denied");
    assert!(r.stderr.contains("error: locked.json: permission denied"), "{}", r.stderr);
}

/// A directory the walk cannot list is reported as unreadable, in the
/// report as well as on stderr, and the rest is still checked.
#[cfg(unix)]
#[test]
fn unlistable_directory_is_a_finding() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    write(d.path(), "good.json", record_with_one_finding());
    write(d.path(), "locked/inside.json", "{}");
    let locked = d.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = check(d.path(), &["."]);
    let enforced = std::fs::read_dir(&locked).is_err();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !enforced {
        // Running as root: the directory is listed like any other.
        r.exit(1);
        return;
    }
    r.exit(2);
    r.expect("locked", &[("unreadable-file", 1, 1)]);
    assert_eq!(r.records(), 1, "good.json is checked");
    assert!(r.stderr.contains("error: locked: permission denied"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn hostile_directory_still_checks_its_good_record() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let d = tmp();
    let dir = d.path().join("drafts");
    write(&dir, "good.json", record_with_one_finding());
    // A symlink loop, a link to the parent directory and a dangling link.
    symlink("loop2.json", dir.join("loop1.json")).unwrap();
    symlink("loop1.json", dir.join("loop2.json")).unwrap();
    symlink("..", dir.join("up")).unwrap();
    symlink("nowhere.json", dir.join("dangling.json")).unwrap();
    // A file nobody may read.
    write(&dir, "locked.json", "{\"Zz\": 1}");
    std::fs::set_permissions(dir.join("locked.json"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // A FIFO: reading it would block forever.
    let fifo = std::process::Command::new("mkfifo").arg(dir.join("fifo.json")).status().is_ok_and(|s| s.success());
    // A binary file with a .json name: an ELF-like header, then a byte that is not UTF-8.
    write(&dir, "x.json", b"\x7fELF\x02\x01\x01\x00\xff\xfe\x00\x1b[2J\x07");
    let r = check(d.path(), &["drafts", "--select", &format!("{PARSE_ONLY},unknown-field")]);
    r.expect("drafts/good.json", &[("unknown-field", 2, 3)]);
    r.expect("drafts/x.json", &[("invalid-utf8", 1, 9)]);
    for skipped in ["drafts/loop1.json", "drafts/loop2.json", "drafts/dangling.json", "drafts/fifo.json"] {
        r.expect(skipped, &[]);
    }
    assert!(fifo || cfg!(not(target_os = "linux")), "mkfifo failed");
    if permissions_enforced(&dir.join("locked.json")) {
        r.exit(2);
        r.expect("drafts/locked.json", &[("unreadable-file", 1, 1)]);
        assert_eq!(r.records(), 1, "good.json is checked");
        assert!(r.stderr.contains("error: drafts/locked.json: permission denied"), "{}", r.stderr);
    } else {
        // Running as root: mode 000 does not stop reading, so locked.json is
        // checked like good.json; no unreadable-file assertion is possible.
        r.exit(1);
        r.expect("drafts/locked.json", &[("unknown-field", 1, 2)]);
        assert_eq!(r.records(), 2);
    }
    // The same run, for a person: no raw ESC or BEL from x.json reaches the terminal.
    let full = check_text(d.path(), "full", &["drafts"]);
    assert_terminal_safe("full report of a binary file", &full.stdout);
    assert_terminal_safe("stderr", full.stderr.as_bytes());
}

#[test]
fn binary_file_that_is_valid_utf8() {
    let d = tmp();
    // Control bytes only: valid UTF-8, not JSON.
    write(d.path(), "x.json", b"\x00\x01\x1b[2J\x07\x1b]0;pwned\x07\x08\x7f");
    let r = check(d.path(), &["x.json"]);
    r.exit(1).only("x.json", "invalid-json", 1, 1);
    for format in ["full", "concise"] {
        let t = check_text(d.path(), format, &["x.json"]);
        t.exit(1);
        assert_terminal_safe(format, &t.stdout);
    }
}

// ---------------------------------------------------------------------------
// Terminal safety: control characters in record text

/// The clean record with ANSI sequences and other controls in text fields,
/// an enum value and a key, written as `\u` escapes (valid JSON).
fn ansi_record() -> String {
    let mut v: Value = serde_json::from_str(&clean_record()).unwrap();
    let opp = &mut v["Opportunity"];
    opp["Project"]["Title"] = "Evil \u{1b}[2J\u{1b}]0;title\u{7} \u{9b}31m \r0 errors \u{202e}txt.exe\u{2028}".into();
    opp["Customer"]["Account"]["Industry"] = "\u{1b}[31mSoftware\u{7}\u{8}\u{8}".into();
    opp["Customer"]["Account"]["CompanyName"] = "Acme\u{1b}[8m hidden\u{1b}[0m\r\n".into();
    opp["Customer"]["Account"]["Bad\u{1b}[1mKey\u{7}"] = 1.into();
    opp["Customer"]["Account"]["Address"]["CountryCode"] = "\u{1b}[2JUS".into();
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn ansi_sequences_in_fields_json_report_is_valid() {
    let d = tmp();
    let text = ansi_record();
    write(d.path(), "ansi.json", &text);
    let r = check(d.path(), &["ansi.json"]);
    r.exit(1);
    assert!(!r.stdout.contains(&0x1b) && !r.stdout.contains(&0x07), "JSON output escapes control characters");
    let diags = r.diags();
    let industry = find(&text, "\"\\u001b[31mSoftware");
    let key = find(&text, "\"Bad\\u001b[1mKey");
    let invalid = diags.iter().find(|d| d.name == "invalid-value" && d.message.contains("Software")).expect("industry");
    assert_eq!((invalid.line, invalid.column), industry);
    assert!(
        invalid.message.contains("\u{1b}[31mSoftware\u{7}"),
        "the JSON report keeps the value: {:?}",
        invalid.message
    );
    let unknown = diags.iter().find(|d| d.name == "unknown-field").expect("unknown key");
    assert_eq!((unknown.line, unknown.column), key);
}

#[test]
fn ansi_sequences_in_fields_concise_report_is_safe() {
    let d = tmp();
    write(d.path(), "ansi.json", ansi_record());
    let r = check_text(d.path(), "concise", &["ansi.json"]);
    r.exit(1);
    assert_terminal_safe("concise", &r.stdout);
    assert_terminal_safe("stderr", r.stderr.as_bytes());
    let out = r.stdout_text();
    assert!(out.contains("\\u{1b}[31mSoftware\\u{7}"), "escapes are shown visibly:\n{out}");
    assert!(out.contains("unknown field `Bad\\u{1b}[1mKey\\u{7}`"), "{out}");
}

#[test]
fn ansi_sequences_in_fields_full_report_is_safe() {
    let d = tmp();
    write(d.path(), "ansi.json", ansi_record());
    let r = check_text(d.path(), "full", &["ansi.json"]);
    r.exit(1);
    assert_terminal_safe("full", &r.stdout);
    assert_terminal_safe("stderr", r.stderr.as_bytes());
    assert!(r.stdout_text().contains("invalid-value"), "{}", r.stdout_text());
}

#[test]
fn raw_control_bytes_in_the_source_are_masked_in_excerpts() {
    let d = tmp();
    // Raw ESC, BEL and CSI (C2 9B): invalid JSON, but the file's text is
    // shown in the excerpt around the error.
    write(d.path(), "raw.json", "{\"Title\": \"a\u{1b}[2J\u{7}\u{9b}0m b\"}\n");
    write(d.path(), "after.json", "{\"Zz\": 1}\u{1b}]0;pwned\u{7}\n");
    for format in ["full", "concise"] {
        let r = check_text(d.path(), format, &["raw.json", "after.json"]);
        r.exit(1);
        assert_terminal_safe(format, &r.stdout);
    }
    let r = check(d.path(), &["raw.json", "after.json"]);
    r.exit(1).expect("after.json", &[("invalid-json", 1, 10)]);
    assert_eq!(r.in_file("raw.json").len(), 1);
}

#[test]
fn lone_cr_in_the_source_is_not_printed_raw() {
    let d = tmp();
    // Valid JSON: a lone CR is whitespace.
    write(d.path(), "cr.json", "{\"Zz\": 1,\r\"Zy\": 2}\n");
    let r = check_text(d.path(), "full", &["cr.json", "--select", "unknown-field"]);
    r.exit(1);
    assert!(r.stdout_text().contains(",-[cr.json:1:11]"), "{}", r.stdout_text());
    assert_terminal_safe("full", &r.stdout);
}

#[test]
fn control_characters_in_file_names_are_escaped() {
    let d = tmp();
    write(d.path(), "\u{1b}[2Jevil.json", "{\"Zz\": 1}");
    for format in ["full", "concise"] {
        let r = check_text(d.path(), format, &["."]);
        r.exit(1);
        assert_terminal_safe(format, &r.stdout);
        let mut args = vec!["check", "--output-format", format, "-", "--stdin-filename", "\u{1b}]0;t\u{7}.json"];
        args.extend(["--today", TODAY]);
        let r = acelint_in(d.path(), &args, Some(b"{\"Zz\": 1}"));
        r.exit(1);
        assert_terminal_safe(format, &r.stdout);
    }
}

#[test]
fn control_characters_in_a_missing_path_are_escaped_on_stderr() {
    let d = tmp();
    let r = check(d.path(), &["\u{1b}[2Jnope\u{7}.json"]);
    r.exit(2);
    assert_terminal_safe("stderr", r.stderr.as_bytes());
    assert!(r.stderr.contains("no such file or directory"), "{}", r.stderr);
}

#[test]
fn finding_past_column_65535_in_the_full_report() {
    let d = tmp();
    let text = format!("{{\"Pad\": \"{}\", \"Zzz\": 1}}", "a".repeat(70_000));
    write(d.path(), "wide.json", &text);
    let r = check_text(d.path(), "full", &["wide.json", "--select", "unknown-field"]);
    r.exit(1);
    assert!(r.stdout_text().contains("unknown field `Zzz`"));
}

#[test]
fn finding_past_column_65535_in_the_json_report() {
    let d = tmp();
    let text = format!("{{\"Pad\": \"{}\", \"Zzz\": 1}}", "a".repeat(70_000));
    write(d.path(), "wide.json", &text);
    let r = check(d.path(), &["wide.json", "--select", "unknown-field"]);
    r.exit(1).expect("wide.json", &[("unknown-field", 1, 2), ("unknown-field", 1, 70_013)]);
}

// ---------------------------------------------------------------------------
// Broken rule files (`--rules`)

#[test]
fn broken_rule_file_toml_syntax() {
    let d = tmp();
    write(d.path(), "a.json", "{}");
    write(d.path(), "bad.toml", "[ruleset]\nname = \"x\"\n\n[[rules]]\ncode = \"X1\"\nname = \n");
    let r = acelint_in(d.path(), &["check", "a.json", "--rules", "bad.toml", "--today", TODAY], None);
    r.exit(2);
    assert!(r.stderr.contains("error: invalid rule file bad.toml:6:8: "), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing is checked with a broken rule file");
}

#[test]
fn rule_file_missing_a_field() {
    let d = tmp();
    write(d.path(), "a.json", "{}");
    write(
        d.path(),
        "bad.toml",
        "[ruleset]\nname = \"x\"\n\n[[rules]]\ncode = \"ACE999\"\nname = \"zz\"\nseverity = \"error\"\ncheck = { kind = \"builtin\" }\n",
    );
    let r = acelint_in(d.path(), &["check", "a.json", "--rules", "bad.toml"], None);
    r.exit(2);
    assert!(r.stderr.contains("error: invalid rule file bad.toml:4:1: "), "{}", r.stderr);
    assert!(r.stderr.contains("summary"), "{}", r.stderr);
}

#[test]
fn rule_file_with_control_characters() {
    let d = tmp();
    write(d.path(), "a.json", "{}");
    write(d.path(), "bad.toml", "[ruleset]\nname = \"x\u{1b}[2J\u{7}\"\n");
    let r = acelint_in(d.path(), &["check", "a.json", "--rules", "bad.toml"], None);
    r.exit(2);
    assert!(r.stderr.contains("error: invalid rule file bad.toml:2:10: "), "{}", r.stderr);
    assert_terminal_safe("stderr", r.stderr.as_bytes());
}

#[test]
fn rule_file_not_utf8_or_missing() {
    let d = tmp();
    write(d.path(), "a.json", "{}");
    write(d.path(), "bad.toml", b"\xff\xfe[");
    let r = acelint_in(d.path(), &["check", "a.json", "--rules", "bad.toml"], None);
    r.exit(2);
    assert!(r.stderr.contains("error: invalid rule file bad.toml:1:1: not UTF-8 text"), "{}", r.stderr);
    let r = acelint_in(d.path(), &["check", "a.json", "--rules", "missing.toml"], None);
    r.exit(2);
    assert!(r.stderr.contains("error: cannot read rule file missing.toml: no such file"), "{}", r.stderr);
    // Named in the config, a missing rule file is shown where it is named.
    write(d.path(), "acelint.toml", "select = [\"ACE1\"]\nrules = [\"team.toml\", \"gone.toml\"]\n");
    write(d.path(), "team.toml", "[ruleset]\nname = \"team\"\n");
    let r = acelint_in(d.path(), &["check", "a.json"], None);
    r.exit(2);
    assert!(
        r.stderr.contains("error: invalid config acelint.toml:2:23: cannot read rule file gone.toml: no such file"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_invalid_corpus_glob_stops_the_run_before_any_report() {
    let d = tmp();
    write(d.path(), "a.json", "{}");
    let r = acelint_in(d.path(), &["check", "a.json", "--corpus", "drafts/[bad"], None);
    r.exit(2);
    assert!(r.stdout.is_empty(), "no report: {}", String::from_utf8_lossy(&r.stdout));
    assert!(r.stderr.contains("error: invalid --corpus glob `drafts/[bad`: "), "{}", r.stderr);
    write(d.path(), "acelint.toml", "corpus = [\"ok/*.json\", \"{a,b\"]\n");
    let r = acelint_in(d.path(), &["check", "a.json"], None);
    r.exit(2);
    assert!(r.stdout.is_empty(), "no report: {}", String::from_utf8_lossy(&r.stdout));
    assert!(r.stderr.contains("error: invalid config acelint.toml:1:24: "), "{}", r.stderr);
}

/// A report that cannot be written to standard output (a full disk behind
/// `> file`) is exit 2 with the reason, for every command that prints one:
/// the exit code must never vouch for a report that is not there.
#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_an_error() {
    use std::os::unix::fs::FileTypeExt;
    let full = Path::new("/dev/full");
    if !std::fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
        eprintln!("skipped: no /dev/full device");
        return;
    }
    let record = common::repo("examples/clean-stack/portfolio.json");
    let record = record.to_str().unwrap();
    let commands: [&[&str]; 5] = [
        &["check", "--isolated", "--today", TODAY, record, "--output-format", "json"],
        &["check", "--isolated", "--today", TODAY, record, "--output-format", "sarif"],
        &["schema"],
        &["export", "--isolated", record],
        &["rules", "--isolated"],
    ];
    for args in commands {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("acelint"))
            .args(args)
            .stdout(std::fs::OpenOptions::new().write(true).open(full).unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("cannot write to standard output: "), "{args:?}: {err}");
    }
}

/// Amounts at the edge of what a number holds: a sum that overflows is
/// "more than $1.8e308", never `$inf`, and makes no share (no "0% of the
/// projection"); an amount too long to read as a number leaves the sums it
/// is in unknown (its pattern finding says what is wrong), never `$0`.
#[test]
fn amounts_past_what_a_number_holds() {
    let d = tmp();
    let mut huge: Value = serde_json::from_str(&clean_record()).unwrap();
    for line in huge["Funding"]["ProjectedSpend"].as_array_mut().unwrap() {
        line["MonthlyUsd"] = serde_json::json!(1.7e308);
    }
    write(d.path(), "huge.json", serde_json::to_string_pretty(&huge).unwrap());
    let r = check(d.path(), &["huge.json", "--isolated"]);
    let found: Vec<(String, String)> =
        r.in_file("huge.json").iter().map(|x| (x.name.clone(), x.message.clone())).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "spend-implausible-for-stage");
    assert!(found[0].1.starts_with("projects more than $1.8e308/month, above"), "{}", found[0].1);
    let mut nines: Value = serde_json::from_str(&clean_record()).unwrap();
    nines["Opportunity"]["Project"]["ExpectedCustomerSpend"][0]["Amount"] = "9".repeat(400).into();
    write(d.path(), "nines.json", serde_json::to_string_pretty(&nines).unwrap());
    let r = check(d.path(), &["nines.json", "--isolated"]);
    let names: Vec<String> = r.in_file("nines.json").into_iter().map(|x| x.name).collect();
    assert_eq!(names, ["pattern-mismatch"]);
}
