//! Source text of one input file, with a line index built on first use.
//!
//! The index serves two needs: turning byte offsets into line:column, and
//! giving miette the excerpt around a label without rescanning the file from
//! byte 0 for every label (which costs seconds on a large array file).

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::{Arc, OnceLock};

const BOM: &str = "\u{feff}";

#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user wrote it (or the `--stdin-filename`).
    pub name: Arc<str>,
    /// Owned as read: a file's text is never shared apart from the file.
    pub text: String,
    lines: OnceLock<Lines>,
}

/// Where lines start, and which lines are pure ASCII (whose columns are
/// byte differences, so locating many findings on one long minified line
/// stays linear).
#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
    /// Per line; empty when the whole text is ASCII (the usual case).
    ascii: Vec<bool>,
}

impl Lines {
    fn is_ascii(&self, line: usize) -> bool {
        self.ascii.get(line).copied().unwrap_or(true)
    }
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<String>) -> SourceFile {
        SourceFile { name: name.into(), text: text.into(), lines: OnceLock::new() }
    }

    /// Byte length of a leading UTF-8 byte order mark, 0 or 3.
    pub fn bom_len(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| {
            let starts = line_starts(self.text.as_bytes());
            let ascii = if self.text.is_ascii() {
                Vec::new()
            } else {
                let line_end = |i: usize| starts.get(i + 1).copied().unwrap_or(self.text.len());
                (0..starts.len()).map(|i| self.text.as_bytes()[starts[i]..line_end(i)].is_ascii()).collect()
            };
            Lines { starts, ascii }
        })
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.lines().starts
    }

    /// 1-based line and character column of a byte offset. A BOM is not a
    /// column, as no editor shows it.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = line_index(starts, offset);
        let mut start = starts[line];
        if line == 0 {
            start = start.max(self.bom_len().min(offset));
        }
        let column =
            if self.lines().is_ascii(line) { offset - start } else { self.text[start..offset].chars().count() };
        (line + 1, column + 1)
    }

    /// The byte offset of a 1-based line and byte column, as serde_json reports them.
    pub fn offset_of(&self, line: usize, byte_column: usize) -> usize {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        floor_char_boundary(&self.text, (start + byte_column.saturating_sub(1)).min(self.text.len()))
    }
}

/// Offsets at which lines start. A line ends at `\n` (so also at `\r\n`);
/// a lone `\r` does not end one, as serde_json counts lines, so parse
/// errors and findings agree.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    // Counted first: the iterator cannot tell its length, and growing the
    // vector step by step cost more than the second (vectorised) pass.
    let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    starts
}

/// The 0-based line holding byte `offset`, given the offsets at which
/// lines start (`SourceFile::line_starts`).
pub fn line_index(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).max(1) - 1
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A miette source backed by the line index. It yields the same contents as
/// miette's own `str` implementation, at the cost of a binary search.
pub struct IndexedSource<'a> {
    pub file: &'a SourceFile,
    /// The text shown: the file's text, or a copy with control characters
    /// masked so a record cannot drive the terminal.
    pub shown: &'a str,
    /// For the report's windows (`render::window`): how many of the lines
    /// before each line are too wide to show whole, counted once per file
    /// so no finding looks at every line between its labels.
    pub(crate) wide_before: OnceLock<Vec<u32>>,
}

impl<'a> IndexedSource<'a> {
    pub fn new(file: &'a SourceFile, shown: &'a str) -> IndexedSource<'a> {
        IndexedSource { file, shown, wide_before: OnceLock::new() }
    }
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let lines = Excerpt { text: self.shown.as_bytes(), starts: self.file.line_starts(), numbers: None };
        lines.read_span(&self.file.name, span, before, after, |offset| self.file.line_col(offset).1 - 1)
    }
}

/// Lines of text as miette reads them: `starts` are where lines start in
/// `text`, and `numbers` the 0-based line of the file each one is (`None`:
/// the lines are the file's own, from its first). A view that leaves out
/// lines no excerpt shows stands one line in `text` for each run of them,
/// numbered as the first of the run.
pub struct Excerpt<'t> {
    pub text: &'t [u8],
    pub starts: &'t [usize],
    pub numbers: Option<&'t [usize]>,
}

impl<'t> Excerpt<'t> {
    fn number(&self, line: usize) -> usize {
        self.numbers.map_or(line, |n| n[line])
    }

    /// The contents miette's own `str` source would give for `span` with
    /// `before` and `after` lines of context. `column` is the 0-based
    /// column of an offset in the file, which miette shows in the header.
    pub fn read_span(
        &self,
        name: &str,
        span: &SourceSpan,
        before: usize,
        after: usize,
        column: impl Fn(usize) -> usize,
    ) -> Result<Box<dyn SpanContents<'t> + 't>, MietteError> {
        let (text, starts) = (self.text, self.starts);
        let offset = span.offset();
        if offset > text.len() || offset + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let line_of = |o: usize| line_index(starts, o);
        let start_line = line_of(offset);
        let last = (offset + span.len()).saturating_sub(1).max(offset);
        let end_line = line_of(last.min(text.len().saturating_sub(1)));
        let first = start_line.saturating_sub(before);
        // miette shows this column in the report's header: count characters
        // (after a BOM), as every other column acelint reports does.
        let (from, column) = if before == 0 { (offset, column(offset)) } else { (starts[first], 0) };
        let to = if after == 0 {
            (offset + span.len()).max(from).min(text.len())
        } else {
            starts.get(end_line + after + 1).copied().unwrap_or(text.len())
        };
        // miette counts the line breaks up to the end of the excerpt.
        let line_count = starts.partition_point(|&s| s <= to).saturating_sub(1);
        Ok(Box::new(MietteSpanContents::new_named(
            crate::render::sanitize(name).into_owned(),
            &text[from..to],
            (from, to - from).into(),
            self.number(first),
            column,
            self.number(line_count),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_skips_bom() {
        let f = SourceFile::new("x", "\u{feff}{\"a\": \"é\", \"b\": 1}\r\n{}");
        let b = f.text.find("\"b\"").unwrap();
        assert_eq!(f.line_col(b), (1, 12));
        let second = f.text.rfind('{').unwrap();
        assert_eq!(f.line_col(second), (2, 1));
        assert_eq!(f.line_col(3), (1, 1));
    }

    #[test]
    fn lone_carriage_return_does_not_end_a_line() {
        let f = SourceFile::new("x", "a\rb\nc");
        assert_eq!(f.line_col(2), (1, 3));
        assert_eq!(f.line_col(4), (2, 1));
    }

    #[test]
    fn indexed_source_matches_miette_builtin() {
        let text = "{\n  \"a\": 1,\n  \"b\": [\n    2,\n    3\n  ]\n}\n";
        let file = SourceFile::new("t.json", text);
        let indexed = IndexedSource::new(&file, text);
        for (off, len) in [(0, 1), (4, 3), (16, 3), (23, 10), (38, 1), (text.len() - 1, 1), (text.len(), 0)] {
            for (b, a) in [(0, 0), (1, 1), (2, 3)] {
                let span: SourceSpan = (off, len).into();
                let ours = indexed.read_span(&span, b, a).unwrap();
                let theirs = text.read_span(&span, b, a).unwrap();
                assert_eq!(ours.data(), theirs.data(), "data at {off}+{len} ctx {b}/{a}");
                assert_eq!(ours.span(), theirs.span(), "span at {off}+{len} ctx {b}/{a}");
                assert_eq!(ours.line(), theirs.line(), "line at {off}+{len} ctx {b}/{a}");
                assert_eq!(ours.column(), theirs.column(), "column at {off}+{len} ctx {b}/{a}");
                assert_eq!(ours.line_count(), theirs.line_count(), "count at {off}+{len} ctx {b}/{a}");
            }
        }
    }
}
