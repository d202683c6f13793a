//! Excerpts of long lines. A JSON Lines or minified file holds a record on
//! one line of kilobytes (or megabytes), and a use case is a paragraph on
//! one line of a pretty-printed file; the report shows a window of such a
//! line around each label instead, with `…` where the line is cut, as
//! rustc does. Positions in the header stay those of the file: only the
//! text miette draws is cut.

use crate::source::{line_index, Excerpt, IndexedSource};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::ops::Range;

/// Lines wider than this many columns are cut to windows about as wide,
/// unless the report is for a terminal, whose width the caller gives
/// (`full::Style::columns`): a CI log and a file read the same everywhere.
pub const MAX_COLUMNS: usize = 120;

/// A label's text kept whole up to this width; a longer one shows its
/// first and last `SPAN_END` columns around an ellipsis.
const LONG_SPAN: usize = 60;
const SPAN_END: usize = 24;

/// Context kept on each side of a label, however many share the line.
const MIN_PAD: usize = 8;

/// A finding's labels in one file share an excerpt when no more than this
/// many lines lie between their contexts (each label's lines with one more
/// on each side); farther apart, each gets an excerpt of its own, with its
/// own header. A few lines between cost about what a second excerpt's frame
/// would; more (a record of a JSON Lines file naming one 200 lines away)
/// would bury the labels in lines that have nothing to do with them.
const MAX_GAP: usize = 4;

/// Cut text shorter than this is shown rather than replaced by `…`.
const MIN_CUT: usize = 4;

const ELLIPSIS: &str = "…";

/// miette's tab stop: a tab takes at most this many columns.
const TAB: usize = 4;

/// The excerpt miette draws a finding from: the file as it is, or a view of
/// it with its long lines cut.
pub enum Source<'a> {
    Whole(&'a IndexedSource<'a>),
    Cut(View<'a>),
}

impl<'a> Source<'a> {
    /// The excerpt for labels at `spans` (byte ranges of the file), and the
    /// spans as miette is to see them.
    /// A line wider than `max_columns` is cut.
    pub fn new(
        source: &'a IndexedSource<'a>,
        spans: &[Range<usize>],
        max_columns: usize,
    ) -> (Source<'a>, Vec<Range<usize>>) {
        let spans: Vec<Range<usize>> = spans.iter().map(|s| drawn(source, s)).collect();
        match View::new(source, &spans, max_columns) {
            Some((view, spans)) => (Source::Cut(view), spans),
            None => (Source::Whole(source), spans),
        }
    }
}

/// A label over more lines than this is drawn on its first line only.
/// miette draws every line a label covers: a value at fault that runs for
/// thousands of lines (an export wrapped in one array too many, reported
/// whole by `not-a-record`) would fill the report with it. The other
/// formats keep the whole span.
const MAX_LABEL_LINES: usize = 8;

/// The part of `span` the report labels: all of it, or the start of its
/// first line when it covers more than `MAX_LABEL_LINES` lines.
fn drawn(source: &IndexedSource<'_>, span: &Range<usize>) -> Range<usize> {
    let starts = source.file.line_starts();
    let line_of = |offset: usize| line_index(starts, offset);
    let first = line_of(span.start);
    if line_of(last_byte(span)) - first < MAX_LABEL_LINES {
        return span.clone();
    }
    let line_end = starts.get(first + 1).map_or(span.end, |&next| next - 1).min(span.end);
    let shown = source.file.text.get(span.start..line_end).map_or(0, |t| t.trim_end().len());
    span.start..span.start + shown.max(1)
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let read = match self {
            Source::Whole(s) => s.read_span(span, before, after)?,
            Source::Cut(v) => v.read_span(span, before, after)?,
        };
        Ok(joined_near_only(read))
    }
}

/// The contents with the `line_count` that makes miette join two labels'
/// excerpts only when they are `MAX_GAP` lines apart or closer. miette
/// joins the excerpt of a label to the one before when the earlier one's
/// first line plus its `line_count` reaches the later one's first line;
/// its own sources count lines from the file's start, so every label in
/// the first half of a file joined every label after it, and the excerpt
/// showed every line between (1,467 of them, in a JSON Lines file of
/// 3,000 records). Here the count is the lines the excerpt covers, plus
/// the gap allowed. miette reads `line_count` for nothing else.
fn joined_near_only<'b>(read: Box<dyn SpanContents<'b> + 'b>) -> Box<dyn SpanContents<'b> + 'b> {
    let data = read.data();
    let lines = memchr::memchr_iter(b'\n', data).count() + usize::from(data.last().is_some_and(|&b| b != b'\n'));
    Box::new(MietteSpanContents::new_named(
        read.name().unwrap_or_default().to_string(),
        data,
        *read.span(),
        read.line(),
        read.column(),
        lines + MAX_GAP,
    ))
}

/// The lines an excerpt can show (those of the labels with one more on
/// each side, and those between labels whose excerpts miette joins), with
/// long ones cut.
pub struct View<'a> {
    source: &'a IndexedSource<'a>,
    text: String,
    starts: Vec<usize>,
    /// The 0-based line of the file each line of the view is. A run of
    /// lines no excerpt shows is one empty line, numbered as its first.
    numbers: Vec<usize>,
    /// Pieces of the file in the view: (offset in the view, range in the
    /// file), in order. Text between them is an ellipsis.
    pieces: Vec<(usize, Range<usize>)>,
}

impl<'a> View<'a> {
    /// `None` when no line from the first label's (less one) to the last
    /// label's (plus one) is to be cut: the file is then shown as it is.
    fn new(
        source: &'a IndexedSource<'a>,
        spans: &[Range<usize>],
        max_columns: usize,
    ) -> Option<(View<'a>, Vec<Range<usize>>)> {
        let shown = source.shown;
        let starts = source.file.line_starts();
        let clamp = |o: usize| crate::source::floor_char_boundary(shown, o.min(shown.len()));
        let spans: Vec<Range<usize>> = spans.iter().map(|s| clamp(s.start)..clamp(s.end.max(s.start))).collect();
        let line_of = |o: usize| line_index(starts, o);
        let first_line = line_of(spans.iter().map(|s| s.start).min()?).saturating_sub(1);
        let last_line = (line_of(spans.iter().map(last_byte).max()?) + 1).min(starts.len() - 1);
        if !any_wide(source, first_line..last_line + 1, max_columns) {
            return None;
        }
        let mut view =
            View { source, text: String::new(), starts: Vec::new(), numbers: Vec::new(), pieces: Vec::new() };
        let mut next_line = first_line;
        for read in read_lines(&spans, line_of, last_line) {
            if read.start > next_line {
                view.skip(next_line);
            }
            for i in read.clone() {
                let (start, end, next) = line_bounds(shown, starts, i);
                view.starts.push(view.text.len());
                view.numbers.push(i);
                let whole = start..end;
                let kept = if is_cut(&shown[whole.clone()], max_columns) {
                    windows(shown, whole.clone(), &anchors(shown, whole, &spans), max_columns)
                } else {
                    vec![whole]
                };
                view.push_line(start..end, &kept);
                view.push(end..next);
            }
            next_line = read.end;
        }
        let mapped = spans.iter().map(|s| view.offset(s.start)..view.offset(s.end)).collect();
        Some((view, mapped))
    }

    /// Stands one empty line for the lines from `line` on that no excerpt
    /// shows: copying (and cutting) every line between two far-apart labels
    /// made a report cost as much as the file per finding.
    fn skip(&mut self, line: usize) {
        self.starts.push(self.text.len());
        self.numbers.push(line);
        self.text.push('\n');
    }

    /// A line as its `kept` ranges, with an ellipsis for each cut.
    fn push_line(&mut self, line: Range<usize>, kept: &[Range<usize>]) {
        let mut at = line.start;
        for k in kept {
            if k.start > at {
                self.text.push_str(ELLIPSIS);
            }
            self.push(k.clone());
            at = k.end;
        }
        if at < line.end {
            self.text.push_str(ELLIPSIS);
        }
    }

    fn push(&mut self, range: Range<usize>) {
        self.pieces.push((self.text.len(), range.clone()));
        self.text.push_str(&self.source.shown[range]);
    }

    /// Where a file offset is in the view; an offset that was cut away
    /// goes to the ellipsis in its place.
    fn offset(&self, file: usize) -> usize {
        let i = self.pieces.partition_point(|(_, r)| r.start <= file).max(1) - 1;
        let (at, r) = &self.pieces[i];
        at + file.clamp(r.start, r.end) - r.start
    }

    /// Where a view offset is in the file: an ellipsis stands where the
    /// text around it was cut.
    fn file_offset(&self, view: usize) -> usize {
        let i = self.pieces.partition_point(|(at, _)| *at <= view).max(1) - 1;
        let (at, r) = &self.pieces[i];
        (r.start + view.saturating_sub(*at)).min(r.end)
    }
}

impl SourceCode for View<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let lines = Excerpt { text: self.text.as_bytes(), starts: &self.starts, numbers: Some(&self.numbers) };
        let file = self.source.file;
        lines.read_span(&file.name, span, before, after, |view| file.line_col(self.file_offset(view)).1 - 1)
    }
}

/// The last byte a span covers (its start when empty), as miette sees it.
fn last_byte(span: &Range<usize>) -> usize {
    span.end.saturating_sub(1).max(span.start)
}

/// The lines miette reads for labels at `spans`, as ranges of file lines,
/// in order: its `render_snippets` takes each label (by offset) with one
/// line of context either side, and joins it to the excerpt before when
/// that excerpt's first line plus its `line_count` reaches the label's
/// context, which `joined_near_only` makes mean at most `MAX_GAP` lines
/// between the two.
fn read_lines(spans: &[Range<usize>], line_of: impl Fn(usize) -> usize, last_line: usize) -> Vec<Range<usize>> {
    let mut sorted: Vec<&Range<usize>> = spans.iter().collect();
    sorted.sort_by_key(|s| s.start);
    let first = |s: &Range<usize>| line_of(s.start).saturating_sub(1);
    let last = |s: &Range<usize>| (line_of(last_byte(s)) + 1).min(last_line);
    let mut joined: Vec<Range<usize>> = Vec::new();
    for s in sorted {
        match joined.last_mut() {
            Some(left) if last(left) + 1 + MAX_GAP >= first(s) => left.end = left.end.max(s.end),
            _ => joined.push(s.clone()),
        }
    }
    let mut lines: Vec<Range<usize>> = Vec::new();
    for s in &joined {
        let read = first(s)..last(s) + 1;
        match lines.last_mut() {
            Some(prev) if read.start <= prev.end => prev.end = prev.end.max(read.end),
            _ => lines.push(read),
        }
    }
    lines
}

/// Where line `i` starts, where its text ends (before `\r\n` or `\n`),
/// and where the next line starts.
fn line_bounds(shown: &str, starts: &[usize], i: usize) -> (usize, usize, usize) {
    let next = starts.get(i + 1).copied().unwrap_or(shown.len());
    let text = &shown[starts[i]..next];
    let text = text.strip_suffix('\n').map_or(text, |t| t.strip_suffix('\r').unwrap_or(t));
    (starts[i], starts[i] + text.len(), next)
}

/// Whether any of `lines` is to be cut. Which lines are is counted once
/// per file, so the answer costs no look at the lines.
/// A run cuts every file to one width, so the count is made once, for the
/// first width asked.
fn any_wide(source: &IndexedSource, lines: Range<usize>, max_columns: usize) -> bool {
    let before = source.wide_before.get_or_init(|| {
        let starts = source.file.line_starts();
        let shown = source.shown;
        let mut before = Vec::with_capacity(starts.len() + 1);
        let mut wide = 0u32;
        before.push(0);
        for i in 0..starts.len() {
            let (start, end, _) = line_bounds(shown, starts, i);
            wide += u32::from(is_cut(&shown[start..end], max_columns));
            before.push(wide);
        }
        before
    });
    before[lines.end] > before[lines.start]
}

fn width(c: char) -> usize {
    match c {
        '\t' => TAB,
        c => textwrap::core::display_width(c.encode_utf8(&mut [0; 4])),
    }
}

/// Whether a line is shown in windows: any line too wide to read whole,
/// whatever it holds (members side by side, or one long string whose
/// words a label points at).
fn is_cut(line: &str, max_columns: usize) -> bool {
    wider_than(line, max_columns)
}

fn wider_than(text: &str, columns: usize) -> bool {
    // Each character takes at most TAB columns: most lines are told at once.
    text.len() > columns / TAB
        && text.chars().try_fold(0, |w, c| Some(w + width(c)).filter(|&w| w <= columns)).is_none()
}

/// The parts of `line` the labels at `spans` must show: each label's text on
/// the line, or the two ends of a long one.
fn anchors(text: &str, line: Range<usize>, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for s in spans {
        if s.start > line.end || last_byte(s) < line.start {
            continue;
        }
        let on_line = s.start.max(line.start)..s.end.min(line.end);
        if !wider_than(&text[on_line.clone()], LONG_SPAN) {
            out.push(on_line);
            continue;
        }
        if s.start >= line.start {
            out.push(on_line.start..right(text, on_line.start, line.end, SPAN_END).0);
        }
        if s.end <= line.end {
            out.push(left(text, on_line.end, line.start, SPAN_END).0..on_line.end);
        }
    }
    out
}

/// The ranges of `line` shown: the anchors with room around them, about
/// `max_columns` in all; a line without anchors shows its start.
fn windows(text: &str, line: Range<usize>, anchors: &[Range<usize>], max_columns: usize) -> Vec<Range<usize>> {
    let mut anchors = anchors.to_vec();
    if anchors.is_empty() {
        anchors.push(line.start..line.start);
    }
    anchors.sort_by_key(|a| a.start);
    let anchors = cover(text, merge(text, anchors), max_columns);
    let used: usize = anchors.iter().map(|a| columns(&text[a.clone()]) + 1).sum();
    let pad = (max_columns.saturating_sub(used + 1) / (2 * anchors.len())).max(MIN_PAD);
    let grown = anchors
        .iter()
        .map(|a| {
            // Room a line's edge leaves unused goes to the other side.
            let (start, spare) = left(text, a.start, line.start, pad);
            let (end, spare) = right(text, a.end, line.end, pad + spare);
            left(text, start, line.start, spare).0..end
        })
        .collect();
    merge(text, grown)
}

/// Sorted, disjoint anchors as the one stretch from the first to the last
/// when it fits in a window with its context and an ellipsis on each side:
/// labels near each other read better in one piece than in pieces cut
/// apart.
fn cover(text: &str, anchors: Vec<Range<usize>>, max_columns: usize) -> Vec<Range<usize>> {
    let (Some(first), Some(last)) = (anchors.first(), anchors.last()) else { return anchors };
    let all = first.start..last.end;
    match wider_than(&text[all.clone()], max_columns.saturating_sub(2 * (MIN_PAD + 1))) {
        true => anchors,
        false => vec![all],
    }
}

/// Sorted ranges, with those that overlap or lie closer than `MIN_CUT`
/// columns joined.
fn merge(text: &str, ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end || !wider_than(&text[last.end..r.start], MIN_CUT - 1) => {
                last.end = last.end.max(r.end);
            }
            _ => out.push(r),
        }
    }
    out
}

fn columns(text: &str) -> usize {
    text.chars().map(width).sum()
}

/// The offset up to `columns` columns left of `from`, not before `limit`,
/// and the columns left over.
fn left(text: &str, from: usize, limit: usize, columns: usize) -> (usize, usize) {
    let mut at = (from, columns);
    for (i, c) in text[limit..from].char_indices().rev() {
        match at.1.checked_sub(width(c)) {
            Some(rest) => at = (limit + i, rest),
            None => return (at.0, 0),
        }
    }
    at
}

/// The offset up to `columns` columns right of `from`, not after `limit`,
/// and the columns left over.
fn right(text: &str, from: usize, limit: usize, columns: usize) -> (usize, usize) {
    let mut at = (from, columns);
    for c in text[from..limit].chars() {
        match at.1.checked_sub(width(c)) {
            Some(rest) => at = (at.0 + c.len_utf8(), rest),
            None => return (at.0, 0),
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn view_of<'a>(source: &'a IndexedSource<'a>, spans: &[Range<usize>]) -> (View<'a>, Vec<Range<usize>>) {
        match Source::new(source, spans, MAX_COLUMNS) {
            (Source::Cut(view), spans) => (view, spans),
            (Source::Whole(_), _) => panic!("not cut"),
        }
    }

    /// A line of minified JSON: `n` members, each `"kI":"<filler>"`.
    fn minified(n: usize, filler: &str) -> String {
        let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":\"{filler}\"")).collect();
        format!("{{{}}}\n", members.join(","))
    }

    #[test]
    fn lines_that_fit_are_shown_whole() {
        // 120 columns and no more: the widest line shown whole.
        let text = format!("{{\n  \"a\": \"{}\",\n  \"b\": 1\n}}\n", "w".repeat(110));
        let file = SourceFile::new("p.json", text.clone());
        let source = IndexedSource::new(&file, &text);
        let b = text.find("\"b\"").unwrap();
        let key = b..b + 3;
        let (shown, spans) = Source::new(&source, std::slice::from_ref(&key), MAX_COLUMNS);
        assert!(matches!(shown, Source::Whole(_)) && spans == [key]);
    }

    #[test]
    fn a_window_keeps_the_label_and_the_true_column() {
        let text = minified(200, "abcdefgh");
        let file = SourceFile::new("m.json", text.clone());
        let source = IndexedSource::new(&file, &text);
        let at = text.find("\"k100\"").unwrap();
        let key = at..at + 6;
        let (view, spans) = view_of(&source, std::slice::from_ref(&key));
        assert_eq!(&view.text[spans[0].clone()], "\"k100\"");
        let line = view.text.lines().next().unwrap();
        assert!(line.starts_with('…') && line.ends_with('…') && line.chars().count() <= MAX_COLUMNS + 2, "{line}");
        let header = view.read_span(&(spans[0].start, 6).into(), 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (0, at));
        let context = view.read_span(&(spans[0].start, 6).into(), 1, 1).unwrap();
        assert_eq!(context.line(), 0);
    }

    #[test]
    fn cuts_fall_between_characters() {
        let text = minified(100, "é日本🙂\t");
        let file = SourceFile::new("u.json", text.clone());
        let source = IndexedSource::new(&file, &text);
        for at in text.match_indices("\"k").map(|(i, _)| i).step_by(7) {
            let key = at..at + 4;
            let (view, spans) = view_of(&source, std::slice::from_ref(&key));
            assert!(view.text[spans[0].clone()].starts_with("\"k"));
            for (_, r) in &view.pieces {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
            for v in view.text.char_indices().map(|(i, _)| i) {
                assert!(text.is_char_boundary(view.file_offset(v)));
            }
        }
    }

    #[test]
    fn offsets_map_both_ways() {
        let text = format!("{}{}", minified(150, "xyz"), minified(150, "uvw"));
        let file = SourceFile::new("j.jsonl", text.clone());
        let source = IndexedSource::new(&file, &text);
        let first = text.find("\"k3\"").unwrap();
        let second = text.rfind("\"k140\"").unwrap();
        let (view, spans) = view_of(&source, &[second..second + 6, first..first + 4]);
        assert_eq!(&view.text[spans[1].clone()], "\"k3\"");
        assert_eq!(&view.text[spans[0].clone()], "\"k140\"");
        for (at, r) in &view.pieces {
            for o in r.clone() {
                assert_eq!(view.file_offset(view.offset(o)), o);
                assert_eq!(view.offset(o), at + o - r.start);
            }
        }
        // Line numbers of the file, two lines in the view.
        assert_eq!(view.starts.len(), 3);
        let second_line = view.read_span(&(spans[0].start, 6).into(), 0, 0).unwrap();
        assert_eq!(second_line.line(), 1);
    }

    #[test]
    fn labels_on_one_line_each_get_a_window() {
        let text = minified(300, "abcdefgh");
        let file = SourceFile::new("m.json", text.clone());
        let source = IndexedSource::new(&file, &text);
        let spans: Vec<Range<usize>> =
            ["\"k1\"", "\"k150\"", "\"k299\""].iter().map(|k| text.find(k).unwrap()).map(|i| i..i + 4).collect();
        let (view, mapped) = view_of(&source, &spans);
        for (s, m) in spans.iter().zip(&mapped) {
            assert_eq!(&view.text[m.clone()], &text[s.clone()]);
        }
        assert_eq!(view.text.matches('…').count(), 2, "{}", view.text);
    }

    /// A pretty-printed record whose use case is one line: `before`, the
    /// labelled `words`, `after`; and the byte range of the words.
    fn paragraph(before: &str, words: &str, after: &str) -> (String, Range<usize>) {
        let head = "{\n  \"Project\": {\n    \"CustomerBusinessProblem\": \"";
        let text = format!("{head}{before}{words}{after}\",\n    \"Title\": \"T\"\n  }}\n}}\n");
        let at = head.len() + before.len();
        (text, at..at + words.len())
    }

    const PROSE: &str =
        "Kestrelpoint sells a multi-tenant scheduling and dispatch platform to regional field-service firms. ";

    const VAGUE: &str = "will use AWS for compute and storage";

    /// The use-case line as shown, with the labels' text in it, after
    /// checking the labels are the words of the file.
    fn shown_line(text: &str, labels: &[Range<usize>]) -> String {
        let file = SourceFile::new("p.json", text.to_string());
        let source = IndexedSource::new(&file, text);
        let (view, mapped) = view_of(&source, labels);
        for (l, m) in labels.iter().zip(&mapped) {
            assert_eq!(&view.text[m.clone()], &text[l.clone()]);
        }
        let line = view.text.lines().nth(1).unwrap().to_string();
        assert!(columns(&line) <= MAX_COLUMNS + 2, "{} columns: {line}", columns(&line));
        line
    }

    #[test]
    fn a_label_at_the_start_of_a_long_string_shows_the_line_start() {
        let (text, label) = paragraph("", VAGUE, &PROSE.repeat(20));
        let line = shown_line(&text, std::slice::from_ref(&label));
        assert!(line.starts_with("    \"CustomerBusinessProblem\": \"will use AWS"), "{line}");
        assert!(line.ends_with('…') && line.matches('…').count() == 1, "{line}");
    }

    #[test]
    fn a_label_in_the_middle_of_a_long_string_has_room_both_sides() {
        let (text, label) = paragraph(&PROSE.repeat(10), VAGUE, &PROSE.repeat(10));
        let line = shown_line(&text, std::slice::from_ref(&label));
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        let at = line.find(VAGUE).unwrap();
        let (before, after) = (columns(&line[..at]), columns(&line[at + VAGUE.len()..]));
        assert!(before.abs_diff(after) <= 2 && before > 30, "{line}");
        // The header keeps the file's column (1-based: the view's 0-based
        // column is the file's character count before the label).
        let file = SourceFile::new("p.json", text.clone());
        let source = IndexedSource::new(&file, &text);
        let (view, spans) = view_of(&source, std::slice::from_ref(&label));
        let header = view.read_span(&(spans[0].start, VAGUE.len()).into(), 0, 0).unwrap();
        let line_start = text[..label.start].rfind('\n').unwrap() + 1;
        assert_eq!((header.line(), header.column()), (2, label.start - line_start));
    }

    #[test]
    fn a_label_at_the_end_of_a_long_string_shows_the_line_end() {
        let (text, label) = paragraph(&PROSE.repeat(20), VAGUE, "");
        let line = shown_line(&text, std::slice::from_ref(&label));
        assert!(line.starts_with('…') && line.ends_with(&format!("{VAGUE}\",")), "{line}");
        assert_eq!(line.matches('…').count(), 1, "{line}");
    }

    #[test]
    fn a_window_in_multibyte_text_counts_columns_and_keeps_characters_whole() {
        let prose = "Über 日本の顧客 🙂 café\tprès ".repeat(60);
        let (text, label) = paragraph(&prose, "für Rechenleistung", &prose);
        let line = shown_line(&text, std::slice::from_ref(&label));
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert!(columns(&line) > MAX_COLUMNS - 20, "wide characters count twice: {line}");
        let file = SourceFile::new("p.json", text.clone());
        let source = IndexedSource::new(&file, &text);
        let (view, _) = view_of(&source, std::slice::from_ref(&label));
        for (_, r) in &view.pieces {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn a_label_wider_than_the_window_shows_its_two_ends() {
        let (text, words) = paragraph("", &PROSE.repeat(20), "");
        // The whole string, quotes included, as a finding on the value is.
        let label = words.start - 1..words.end + 1;
        let file = SourceFile::new("p.json", text.clone());
        let source = IndexedSource::new(&file, &text);
        let (view, spans) = view_of(&source, std::slice::from_ref(&label));
        let shown = &view.text[spans[0].clone()];
        assert!(shown.starts_with("\"Kestrelpoint sells") && shown.ends_with("firms. \""), "{shown}");
        assert_eq!(shown.matches('…').count(), 1, "{shown}");
        let line = view.text.lines().nth(1).unwrap();
        assert!(columns(line) <= MAX_COLUMNS + 2, "{line}");
    }

    #[test]
    fn labels_near_each_other_share_one_window() {
        let (text, first) = paragraph(&PROSE.repeat(10), VAGUE, &PROSE.repeat(10));
        let near = text[first.end..].find("dispatch").unwrap() + first.end;
        let line = shown_line(&text, &[near..near + 8, first.clone()]);
        assert_eq!(line.matches('…').count(), 2, "{line}");
        assert!(line.find(VAGUE).unwrap() < line.find("dispatch").unwrap(), "{line}");
    }

    #[test]
    fn labels_too_far_apart_for_one_window_each_get_one() {
        let (text, first) = paragraph(&PROSE.repeat(10), VAGUE, &PROSE.repeat(10));
        let far = text.rfind("dispatch").unwrap();
        let line = shown_line(&text, &[first.clone(), far..far + 8]);
        assert_eq!(line.matches('…').count(), 3, "{line}");
    }

    #[test]
    fn lines_between_labels_miette_shows_apart_are_left_out() {
        // Records on lines 2 and 60: miette shows each with its neighbours,
        // so lines 4 to 58 are one empty line.
        let text: String = (0..80).map(|i| minified(40, &format!("r{i}"))).collect();
        let file = SourceFile::new("j.jsonl", text.clone());
        let source = IndexedSource::new(&file, &text);
        let at = |line: usize| file.line_starts()[line] + 1;
        let (view, spans) = view_of(&source, &[at(2)..at(2) + 4, at(60)..at(60) + 4]);
        assert_eq!(view.numbers, [1, 2, 3, 4, 59, 60, 61]);
        let far = view.read_span(&(spans[1].start, 4).into(), 1, 1).unwrap();
        assert_eq!(far.line(), 59);
        // Lines 40 and 45 (0-based): two lines between their contexts, so
        // one excerpt, and every line between is in the view.
        let (view, _) = view_of(&source, &[at(40)..at(40) + 4, at(45)..at(45) + 4]);
        assert_eq!(view.numbers, (39..=46).collect::<Vec<_>>());
        // MAX_GAP lines between: still one; one more: two.
        let (view, _) = view_of(&source, &[at(40)..at(40) + 4, at(47)..at(47) + 4]);
        assert_eq!(view.numbers, (39..=48).collect::<Vec<_>>());
        let (view, _) = view_of(&source, &[at(40)..at(40) + 4, at(48)..at(48) + 4]);
        assert_eq!(view.numbers, [39, 40, 41, 42, 47, 48, 49]);
    }

    /// Labels on lines of a file, as miette sees them.
    struct Labelled<'a> {
        source: Source<'a>,
        spans: Vec<Range<usize>>,
    }

    impl std::fmt::Debug for Labelled<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("labels")
        }
    }
    impl std::fmt::Display for Labelled<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("labels")
        }
    }
    impl std::error::Error for Labelled<'_> {}
    impl miette::Diagnostic for Labelled<'_> {
        fn source_code(&self) -> Option<&dyn SourceCode> {
            Some(&self.source)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
            Some(Box::new(self.spans.iter().map(|s| miette::LabeledSpan::new_with_span(None, s.clone()))))
        }
    }

    /// The excerpts miette draws for labels on `lines` (0-based): the
    /// 1-based line of each one's header.
    fn excerpts_drawn(text: &str, lines: &[usize]) -> Vec<usize> {
        let file = SourceFile::new("t", text.to_string());
        let source = IndexedSource::new(&file, text);
        let spans: Vec<Range<usize>> = lines.iter().map(|&l| file.line_starts()[l] + 2).map(|o| o..o + 1).collect();
        let (source, spans) = Source::new(&source, &spans, MAX_COLUMNS);
        let mut out = String::new();
        let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::none());
        handler.render_report(&mut out, &Labelled { source, spans }).unwrap();
        let headers: Vec<usize> = out
            .lines()
            .filter_map(|l| l.split_once("[t:"))
            .map(|(_, at)| at.split(':').next().unwrap().parse().unwrap())
            .collect();
        let drawn = out.lines().filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit())).count();
        assert!(drawn <= 3 * lines.len() + MAX_GAP * (lines.len() - 1), "{out}");
        headers
    }

    #[test]
    fn far_apart_labels_are_shown_apart_whether_cut_or_whole() {
        let pretty: String = (0..3000).map(|i| format!("  \"k{i}\": {i},\n")).collect();
        let lines: String = (0..3000).map(|i| minified(40, &format!("r{i}"))).collect();
        for text in [pretty, lines] {
            assert_eq!(excerpts_drawn(&text, &[5, 2999]), [6, 3000]);
            assert_eq!(excerpts_drawn(&text, &[1000, 1200]), [1001, 1201]);
            assert_eq!(excerpts_drawn(&text, &[1000, 1003, 1200]), [1001, 1201]);
        }
    }
}
