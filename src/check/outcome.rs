//! What a run found, ready to render: the diagnostics, and what the
//! renderers and the baseline read back (file texts, record ranges,
//! profiles).

use super::Timings;
use crate::baseline::Baseline;
use crate::corpus::{self, Profile};
use crate::diagnostic::{Anchor, Diagnostic, RecordId};
use crate::json;
use crate::load::{self, InputError, Origin};
use crate::locate::RecordTexts;
use crate::source::SourceFile;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

/// Everything a run found, ready to render.
pub struct Outcome {
    pub timings: Timings,
    /// Every file read, in path order (corpus-only files included, for
    /// showing the other side of a cross-record finding).
    pub files: Vec<Arc<SourceFile>>,
    /// Whether each file was named (its findings are reported).
    pub reported: Vec<bool>,
    pub records: usize,
    /// What the cross-record stage knows of every draft record.
    pub profiles: Vec<Profile>,
    /// Byte ranges of each file's records.
    pub ranges: Vec<Vec<Range<usize>>>,
    /// Findings removed by allows and per-file ignores, with what removed
    /// each.
    pub suppressed: Vec<crate::suppress::Suppressed>,
    /// Findings covered by the baseline.
    pub baselined: Vec<Diagnostic>,
    /// What is left of the baseline after matching: its stale entries.
    pub stale_baseline: Option<Baseline>,
    /// Config allows that suppressed nothing.
    pub unused_config_allows: Vec<String>,
    /// Where each file came from, and whether its text was let go.
    pub(super) origins: Vec<Origin>,
    /// Whether a text read again is kept (for the `full` report's excerpts).
    pub(super) keep_restored: bool,
    pub(super) dropped: Vec<bool>,
    pub(super) restored: Vec<std::sync::OnceLock<Arc<SourceFile>>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Problems that make the exit code 2 (missing paths, unreadable files).
    pub input_errors: Vec<InputError>,
    /// Corpus files (and directories) that could not be read or parsed:
    /// context, not checked inputs, so warnings that leave the exit code
    /// alone; the path holds the line and column where there is one.
    pub corpus_problems: Vec<InputError>,
    /// Indices into `Options::corpus` of the globs that matched no file.
    pub corpus_unmatched: Vec<usize>,
    /// `--verbose` notes: which kind each record was taken for.
    pub notes: Vec<String>,
}

impl Outcome {
    /// File name → index; when two inputs share a name (stdin given the
    /// name of a file), the first one, as a search in path order would.
    pub(super) fn index_by_name(&self) -> FxHashMap<&str, usize> {
        let mut map = FxHashMap::default();
        for (i, f) in self.files.iter().enumerate() {
            map.entry(&*f.name).or_insert(i);
        }
        map
    }

    /// The profile of a draft record (profiles are in record order).
    pub fn profile(&self, id: RecordId) -> Option<&Profile> {
        self.profiles.binary_search_by_key(&id, |p| p.id).ok().map(|i| &self.profiles[i])
    }

    /// What a baseline may know a diagnostic by, the key a new baseline
    /// records first. A finding moved onto the checked record is known
    /// first by the finding it stands in for, because that is what a run
    /// checking both records of the pair reports and baselines; then by
    /// itself, as baselines written before moved findings kept that one
    /// recorded them.
    pub fn baseline_keys(&self, d: &Diagnostic) -> Vec<crate::baseline::Key> {
        let known = |d: &Diagnostic| (d.location.file.clone(), self.fingerprints(d));
        crate::baseline::keys(d.unmoved.as_deref().into_iter().chain([d]).map(known).collect())
    }

    /// The baseline fingerprints of a diagnostic, best first (see `baseline`).
    pub fn fingerprints(&self, d: &Diagnostic) -> Vec<String> {
        let record = d.location.record;
        let identity = record
            .and_then(|i| self.profile(RecordId { file: d.file_index, index: i })?.partner_id.clone())
            .unwrap_or_else(|| record.map_or_else(|| "file".into(), |i| format!("record {i}")));
        let found = record.zip(d.location.pointer.as_deref()).and_then(|(i, ptr)| {
            let source = self.source(d.file_index);
            let range = self.ranges.get(d.file_index)?.get(i)?.clone();
            let text = source.text.get(range.clone())?;
            let at = json::locate(text, ptr)?.value;
            let value = serde_json::from_str::<serde_json::Value>(&text[at.clone()]).ok()?;
            let at = range.start + at.start..range.start + at.end;
            let words = words_within(&source.text, &at, &d.location.span);
            Some((value, words))
        });
        let (value, words) = found.unzip();
        crate::baseline::fingerprints(d, &identity, value.as_ref(), words.flatten().as_deref())
    }
}

impl RecordTexts for Outcome {
    fn file(&self, file: usize) -> Arc<SourceFile> {
        self.source(file)
    }
    fn range(&self, anchor: &Anchor) -> Range<usize> {
        self.ranges[anchor.record.file][anchor.record.index].clone()
    }
}

impl Outcome {
    /// A file's text. The text of a file without findings is not kept (so
    /// memory stays bounded by the files with findings, not the input);
    /// the rare cross-record finding that needs it reads it again.
    pub fn source(&self, file: usize) -> Arc<SourceFile> {
        if !self.dropped[file] {
            return self.files[file].clone();
        }
        let read = || {
            let text = load::read(&self.origins[file], u64::MAX / 2).unwrap_or_default();
            Arc::new(SourceFile::new(self.files[file].name.clone(), text))
        };
        // Without excerpts to show, a text read again is not kept: memory
        // stays bounded by the profiles, at the cost of a read per use.
        if !self.keep_restored {
            return read();
        }
        self.restored[file].get_or_init(read).clone()
    }

    /// Puts back the text of every file that ended up with a diagnostic,
    /// for the renderers.
    pub(super) fn restore_reported_texts(&mut self) {
        let by_name = self.index_by_name();
        let mut needed: Vec<usize> = self.diagnostics.iter().map(|d| d.file_index).collect();
        needed.extend(
            self.diagnostics
                .iter()
                .flat_map(|d| d.related.iter())
                .filter_map(|r| by_name.get(&*r.location.file).copied()),
        );
        needed.sort_unstable();
        needed.dedup();
        for i in needed {
            if self.dropped[i] {
                self.files[i] = self.source(i);
                self.dropped[i] = false;
            }
        }
    }

    /// A record's use-case texts with their pointers, read back from its
    /// source (no re-parse of the record: the locator finds each string and
    /// only it is decoded).
    pub fn use_case(&self, p: &Profile) -> corpus::UseCase {
        let source = self.source(p.id.file);
        // A text read again may have changed on disk meanwhile: never slice blindly.
        let Some(text) = source.text.get(self.ranges[p.id.file][p.id.index].clone()) else { return Vec::new() };
        corpus::profile::TEXT_FIELDS
            .iter()
            .filter_map(|ptr| json::locate(text, ptr).map(|s| (*ptr, s)))
            .filter_map(|(ptr, s)| serde_json::from_str::<String>(&text[s.value]).ok().map(|t| (ptr, t)))
            .collect()
    }
}

/// The words a finding labels inside a string value (`value` and `label`
/// are byte ranges of `text`), decoded: `None` when the label is the whole
/// value, or the value is not a string.
fn words_within(text: &str, value: &Range<usize>, label: &Range<usize>) -> Option<String> {
    let inside = value.start < label.start && label.end < value.end;
    if !inside || !text[value.clone()].starts_with('"') {
        return None;
    }
    let raw = text.get(label.clone())?;
    Some(json::unescape::unescape(&format!("\"{raw}\"")).map_or_else(|| raw.to_string(), |w| w.into_owned()))
}
