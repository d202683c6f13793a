//! The human report: miette's graphical rendering with the source excerpt,
//! a label on the key or value at fault, the rule code and `help:`.
//! Colour and box drawing only on a terminal without `NO_COLOR`.

use super::window::Source;
pub use super::window::MAX_COLUMNS as DEFAULT_COLUMNS;
use super::{mask_controls, sanitize, Summary};
use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{IndexedSource, SourceFile};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::borrow::Cow;
use std::fmt;

/// miette reports are `std::error::Error`s whose text is their message.
macro_rules! message_error {
    ($t:ident) => {
        impl fmt::Debug for $t<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.message)
            }
        }
        impl fmt::Display for $t<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.message)
            }
        }
        impl std::error::Error for $t<'_> {}
    };
}

pub struct Style {
    pub color: bool,
    /// Findings only (`--quiet`): no hint, no summary line.
    pub quiet: bool,
    /// The width a source line may take before it is cut to windows around
    /// its labels: the terminal's on a console, `DEFAULT_COLUMNS` elsewhere.
    pub columns: usize,
}

/// Messages and help are wrapped at most this wide: prose lines much
/// longer are hard to read, whatever room the terminal has.
const MESSAGE_COLUMNS: usize = 100;

/// The width messages and help wrap at, for a report whose source lines
/// are cut at `columns`: the same, on a terminal too narrow for
/// `MESSAGE_COLUMNS`, so the message does not wrap a second time on the
/// terminal, unlike the excerpt under it; else `MESSAGE_COLUMNS`, as off
/// a console (`DEFAULT_COLUMNS` is wider).
fn message_columns(columns: usize) -> usize {
    columns.min(MESSAGE_COLUMNS)
}

/// miette's renderer as both reports use it: messages wrapped at
/// `message_columns`, and a word longer than a line (a URL in AWS's
/// message) left whole, so it can still be copied or clicked.
fn handler(color: bool, columns: usize) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::none() };
    GraphicalReportHandler::new_themed(theme)
        .with_width(message_columns(columns))
        .with_links(false)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

pub fn render(outcome: &Outcome, style: &Style) -> String {
    let handler = handler(style.color, style.columns);
    let masked: Vec<Cow<'_, str>> = outcome.files.iter().map(|f| mask_controls(&f.text)).collect();
    let sources: Vec<IndexedSource<'_>> =
        outcome.files.iter().zip(&masked).map(|(file, shown)| IndexedSource::new(file, shown)).collect();
    let mut out = String::new();
    for (i, d) in outcome.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // A file that could not be read, or holds nothing, has no line to
        // show: an empty frame under the message would only look broken.
        if sources[d.file_index].file.text.is_empty() {
            without_excerpt(&mut out, d);
            continue;
        }
        let report = Report::new(d, &sources, style.columns);
        let mut rendered = String::new();
        match handler.render_report(&mut rendered, &report) {
            Ok(()) => out.push_str(&without_trailing_space(rendered)),
            Err(_) => without_excerpt(&mut out, d),
        }
    }
    if style.quiet {
        return out;
    }
    // The summary line ends the report, where a terminal leaves the eye.
    if let Some(d) = outcome.diagnostics.first() {
        out.push_str(&format!(
            "(`acelint explain {}` documents a rule: what it checks, why, and how to fix it)\n",
            d.code
        ));
    }
    out.push_str(&Summary::of(outcome).line());
    out.push('\n');
    out
}

/// The report of a finding miette could not draw: header, location, help.
fn without_excerpt(out: &mut String, d: &Diagnostic) {
    use std::fmt::Write;
    let l = &d.location;
    let _ = writeln!(out, "{}[{}] {}: {}", d.severity, d.code, d.name, sanitize(&d.message));
    let _ = writeln!(out, "  --> {}:{}:{}", sanitize(&l.file), l.line, l.column);
    for r in &d.related {
        let _ = writeln!(
            out,
            "  note: {}:{}:{}: {}",
            sanitize(&r.location.file),
            r.location.line,
            r.location.column,
            sanitize(&r.message)
        );
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "  help: {}", sanitize(h));
    }
}

/// One diagnostic as miette sees it.
struct Report<'a> {
    d: &'a Diagnostic,
    message: String,
    help: Option<String>,
    source: Source<'a>,
    labels: Vec<LabeledSpan>,
    /// Related locations in other files, shown as nested notes.
    elsewhere: Vec<Note<'a>>,
}

struct Note<'a> {
    message: String,
    source: Source<'a>,
    span: LabeledSpan,
}

fn file_of<'a>(sources: &'a [IndexedSource<'a>], name: &str) -> Option<&'a IndexedSource<'a>> {
    sources.iter().find(|s| &*s.file.name == name)
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, sources: &'a [IndexedSource<'a>], columns: usize) -> Report<'a> {
        let (here, there): (Vec<_>, Vec<_>) = d.related.iter().partition(|r| r.location.file == d.location.file);
        let spans: Vec<_> =
            std::iter::once(&d.location.span).chain(here.iter().map(|r| &r.location.span)).cloned().collect();
        let (source, spans) = Source::new(&sources[d.file_index], &spans, columns);
        let texts = std::iter::once(d.name.to_string()).chain(here.iter().map(|r| sanitize(&r.message).into_owned()));
        let labels = texts
            .zip(&spans)
            .enumerate()
            .map(|(i, (text, s))| match i {
                0 => LabeledSpan::new_primary_with_span(Some(text), s.clone()),
                _ => LabeledSpan::new_with_span(Some(text), s.clone()),
            })
            .collect();
        let elsewhere = there
            .iter()
            .filter_map(|r| {
                let file = file_of(sources, &r.location.file)?;
                let (source, spans) = Source::new(file, std::slice::from_ref(&r.location.span), columns);
                let text = sanitize(&r.message).into_owned();
                Some(Note {
                    message: format!("related: {text}"),
                    source,
                    span: LabeledSpan::new_with_span(Some(text), spans[0].clone()),
                })
            })
            .collect();
        Report {
            d,
            message: sanitize(&d.message).into_owned(),
            help: d.help.as_deref().map(|h| sanitize(h).into_owned()),
            source,
            labels,
            elsewhere,
        }
    }
}

message_error!(Report);

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}[{}]", self.d.severity, self.d.code)))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(self.elsewhere.iter().map(|n| n as &dyn miette::Diagnostic)))
    }
}

message_error!(Note);

impl miette::Diagnostic for Note<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.span.clone())))
    }
}

/// miette heads a related note with `Advice: ` and the note's code, which
/// a note has none of: the line would end in a space.
fn without_trailing_space(report: String) -> String {
    match report.contains("\nAdvice: \n") {
        true => report.replace("\nAdvice: \n", "\nAdvice:\n"),
        false => report,
    }
}

/// Renders a standalone error with a source excerpt (a broken rule file or
/// config), reusing the same handler and the same control-character masking.
pub fn render_source_error(
    file: &SourceFile,
    span: std::ops::Range<usize>,
    message: &str,
    help: Option<&str>,
    color: bool,
) -> String {
    let shown = mask_controls(&file.text);
    let whole = IndexedSource::new(file, &shown);
    let (source, spans) = Source::new(&whole, &[span], DEFAULT_COLUMNS);
    let d = Standalone {
        message: sanitize(message).into_owned(),
        help: help.map(|h| sanitize(h).into_owned()),
        source,
        span: LabeledSpan::new_primary_with_span(None, spans[0].clone()),
    };
    let mut out = String::new();
    let handler = handler(color, DEFAULT_COLUMNS);
    if handler.render_report(&mut out, &d).is_err() {
        out = format!("{}: {}\n", file.name, d.message);
    }
    out
}

struct Standalone<'a> {
    message: String,
    help: Option<String>,
    source: Source<'a>,
    span: LabeledSpan,
}

message_error!(Standalone);

impl miette::Diagnostic for Standalone<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.span.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widest line of a standalone error whose message and help are
    /// long prose, rendered for source lines cut at `columns`.
    fn widest_line(columns: usize) -> usize {
        let file = SourceFile::new("c.toml", "fail-level = \"loud\"\n");
        let prose = "the value is not one of the levels acelint knows, so the run stops before any file is read ";
        let whole = IndexedSource::new(&file, &file.text);
        let value = 13..19;
        let d = Standalone {
            message: prose.repeat(3),
            help: Some(prose.repeat(2)),
            source: Source::new(&whole, std::slice::from_ref(&value), columns).0,
            span: LabeledSpan::new_primary_with_span(None, value.clone()),
        };
        let mut out = String::new();
        handler(false, columns).render_report(&mut out, &d).unwrap();
        out.lines().map(textwrap::core::display_width).max().unwrap()
    }

    #[test]
    fn messages_wrap_to_a_narrow_terminal_and_at_100_columns_elsewhere() {
        assert!((90..=MESSAGE_COLUMNS).contains(&widest_line(DEFAULT_COLUMNS)));
        assert!((90..=MESSAGE_COLUMNS).contains(&widest_line(150)));
        assert!((50..=60).contains(&widest_line(60)), "{}", widest_line(60));
    }
}
