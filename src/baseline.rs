//! Baselines: adopt acelint on an existing record set and fail only on new
//! findings. Entries are fingerprints that survive reformatting and line
//! moves (rule + record identity + pointer + a hash of what the finding is
//! about, never a line number), counted per file and rule like ESLint's
//! bulk suppressions. A cross-record entry also names the other files whose
//! records its findings compare, so that it is judged stale only by a run
//! that loaded them.

use crate::check::Options;
use crate::cli::{BaselineArgs, CheckArgs};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::absolute;
use crate::render::{agree, count};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a baseline entry names: a file (as shown from the current
/// directory) and a fingerprint of a finding in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub file: Arc<str>,
    pub fingerprint: String,
}

/// A finding with the keys a baseline may know it by, the one a new
/// baseline records first.
pub type Keyed = (Diagnostic, Vec<Key>);

/// File → rule code → fingerprint → how many findings it stands for
/// (see `Baseline::files`).
pub type Counts = BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>;

/// File → rule code → fingerprint → other files (see `Baseline::pairs`).
pub type Pairs = BTreeMap<String, BTreeMap<String, BTreeMap<String, BTreeSet<String>>>>;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    /// File (relative to the baseline's directory, `/`-separated) → rule
    /// code → fingerprint → how many findings it stands for.
    #[serde(deserialize_with = "read_counts")]
    pub files: Counts,
    /// For the entries of cross-record findings, as in `files`: file →
    /// rule code → fingerprint → the other files (named as in `files`)
    /// holding the records its findings compare with, empty when they are
    /// in the entry's own file. Absent from baselines without such entries
    /// and from those written before it existed (see `keep_checked`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pairs: Pairs,
    /// The directory the baseline's file names are relative to: where it
    /// is written, so a run from a subdirectory names the same files.
    #[serde(skip)]
    dir: PathBuf,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let shown = crate::load::display_path(path);
        // `-o`: a `--baseline` path is not where a bare `acelint baseline`
        // writes, and a record in its place is never replaced (`overwrite`).
        let write_one = format!("`acelint baseline -o {shown}`");
        let text = std::fs::read_to_string(path).map_err(|e| {
            let hint = match e.kind() {
                std::io::ErrorKind::NotFound => format!("; write it with {write_one}"),
                _ => String::new(),
            };
            format!("cannot read baseline {shown}: {}{hint}", crate::load::io_message(&e))
        })?;
        // An editor on Windows may have saved it with a byte-order mark.
        let json = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut b: Baseline = serde_json::from_str(json).map_err(|e| {
            let (line, column, what) = (e.line(), e.column().max(1), crate::json::parse::serde_message(&e));
            format!(
                "{shown}:{line}:{column}: not an acelint baseline ({what}); name the file `acelint baseline` wrote, \
                 or move this one away and write one with {write_one}"
            )
        })?;
        if b.version != 1 {
            return Err(format!("{shown}: baseline version {} is not supported (expected 1)", b.version));
        }
        b.dir = directory_of(path);
        Ok(b)
    }

    /// How the baseline names the file a diagnostic shows as `shown`
    /// (relative to the current directory).
    fn key(&self, shown: &str) -> String {
        relative_to(&self.dir, &absolute(Path::new(shown)))
    }

    /// The entry a file's findings are under: named from the baseline's
    /// directory, or, in a baseline written before that, as shown from the
    /// directory it was written in (which was then where acelint ran).
    fn entry_key(&self, shown: &str) -> String {
        let key = self.key(shown);
        if self.files.contains_key(&key) || !self.files.contains_key(shown) {
            key
        } else {
            shown.to_string()
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// A baseline of these findings, to be written at `path`.
    pub fn of(diagnostics: &[Keyed], path: &Path) -> Baseline {
        let mut b = Baseline { version: 1, files: BTreeMap::new(), pairs: BTreeMap::new(), dir: directory_of(path) };
        for (d, keys) in diagnostics.iter().filter(|(d, _)| !always_reported(d)) {
            let Some(Key { file, fingerprint }) = keys.first() else { continue };
            let file = b.key(file);
            if compares_records(d) {
                let others = files_of(d).map(|f| b.key(f)).filter(|f| *f != file).collect::<Vec<_>>();
                let rules = b.pairs.entry(file.clone()).or_default();
                rules.entry(d.code.to_string()).or_default().entry(fingerprint.clone()).or_default().extend(others);
            }
            let count = b.files.entry(file).or_default().entry(d.code.to_string()).or_default();
            *count.entry(fingerprint.clone()).or_default() += 1;
        }
        b
    }

    /// How many findings the baseline stands for.
    pub fn findings(&self) -> usize {
        self.counts()
    }

    /// The sum of every entry's count. Counts are capped where they are
    /// read ([`MAX_COUNT`]); saturating keeps even a baseline of billions of
    /// entries from wrapping.
    fn counts(&self) -> usize {
        let all = self.files.values().flat_map(|rules| rules.values()).flat_map(|fps| fps.values());
        all.fold(0, |sum, n| sum.saturating_add(*n))
    }

    /// Removes the diagnostics the baseline covers (each entry absorbs at
    /// most its count) and returns them; what remains in `self` afterwards
    /// is stale.
    pub fn absorb(&mut self, diagnostics: &mut Vec<Keyed>) -> Vec<Diagnostic> {
        let mut absorbed = Vec::new();
        // Every finding's first key before any finding's second, so that a
        // fallback never takes the entry of a finding known by it first.
        let most = diagnostics.iter().map(|(_, keys)| keys.len()).max().unwrap_or(0);
        for k in 0..most {
            diagnostics.retain(|(d, keys)| {
                let taken = !always_reported(d) && keys.get(k).is_some_and(|key| self.take(&d.code, key));
                if taken {
                    absorbed.push(d.clone());
                }
                !taken
            });
        }
        absorbed
    }

    /// Takes one finding of rule `code` off the entry `key` names, if it has one left.
    fn take(&mut self, code: &str, key: &Key) -> bool {
        let file = self.entry_key(&key.file);
        let slot = self
            .files
            .get_mut(&file)
            .and_then(|rules| rules.get_mut(code))
            .and_then(|fps| fps.get_mut(&key.fingerprint))
            .filter(|n| **n > 0);
        slot.map(|n| *n -= 1).is_some()
    }

    /// Keeps the entries a run could have matched: those of the rules it
    /// ran (`ran`, by code) on the files it checked (shown as they are
    /// named from the current directory), and every entry of a file that
    /// no longer exists. Of those, a cross-record entry (of a rule that
    /// `compares` records) is kept only when the run loaded (checked, or
    /// read through `--corpus`: `loaded`) every other file its records are
    /// in, or that file no longer exists; one from a baseline that does not
    /// say which files those are (written before `pairs`) never is. After
    /// `absorb`, what is left of those is stale; an entry of a file the run
    /// did not read, of a rule it did not run (`--select ACE1`), or
    /// comparing a record the run did not load, is not.
    pub fn keep_checked<'a>(
        &mut self,
        checked: impl IntoIterator<Item = &'a str>,
        loaded: impl IntoIterator<Item = &'a str>,
        ran: impl Fn(&str) -> bool,
        compares: impl Fn(&str) -> bool,
    ) {
        let checked: BTreeSet<String> = checked.into_iter().map(|f| self.entry_key(f)).collect();
        let loaded: BTreeSet<String> = loaded.into_iter().map(|f| self.key(f)).collect();
        let dir = self.dir.clone();
        let gone = |file: &str| !dir.join(file).exists();
        let pairs = &self.pairs;
        self.files.retain(|file, rules| {
            if gone(file) {
                return true;
            }
            if !checked.contains(file) {
                return false;
            }
            rules.retain(|code, fps| {
                if !ran(code) {
                    return false;
                }
                let others = |fp: &String| pairs.get(file).and_then(|r| r.get(code)).and_then(|f| f.get(fp));
                fps.retain(|fp, _| match others(fp) {
                    Some(others) => others.iter().all(|o| loaded.contains(o) || gone(o)),
                    None => !compares(code),
                });
                !fps.is_empty()
            });
            !rules.is_empty()
        });
    }

    /// Entries left over after `absorb`: findings that no longer occur.
    pub fn stale_count(&self) -> usize {
        self.counts()
    }

    /// The baseline without what `remaining` (the state after `absorb`) says is stale.
    pub fn pruned(&self, remaining: &Baseline) -> Baseline {
        let mut out = self.clone();
        for (file, rules) in &remaining.files {
            for (rule, fps) in rules {
                for (fp, left) in fps {
                    if let Some(n) = out.files.get_mut(file).and_then(|r| r.get_mut(rule)).and_then(|f| f.get_mut(fp)) {
                        *n -= (*left).min(*n);
                    }
                }
            }
        }
        for rules in out.files.values_mut() {
            for fps in rules.values_mut() {
                fps.retain(|_, n| *n > 0);
            }
            rules.retain(|_, fps| !fps.is_empty());
        }
        out.files.retain(|_, rules| !rules.is_empty());
        // What the entries left compare with, and nothing of those removed.
        let files = &out.files;
        out.pairs.retain(|file, rules| {
            rules.retain(|code, fps| {
                fps.retain(|fp, _| files.get(file).and_then(|r| r.get(code)).is_some_and(|f| f.contains_key(fp)));
                !fps.is_empty()
            });
            !rules.is_empty()
        });
        out
    }
}

/// The most findings one entry may stand for. acelint never writes more
/// than a file holds, and a file of 256 MiB holds far fewer; the cap keeps
/// any sum of counts (the findings a baseline stands for, those stale)
/// within a `usize`, so an edited or corrupt count is refused where it is
/// written rather than wrapping around to a wrong total.
pub const MAX_COUNT: u64 = u32::MAX as u64;

/// One entry's count, read as a whole number from 0 to [`MAX_COUNT`]; the
/// JSON reader puts the line and column of a wrong one in its error.
struct Count(usize);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a count of findings, a whole number from 0 to {MAX_COUNT}")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Count, E> {
                let fits = usize::try_from(n).ok().filter(|_| n <= MAX_COUNT);
                fits.map(Count).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
            }
        }
        d.deserialize_u64(Visitor)
    }
}

/// `Baseline::files` with every count checked (see [`Count`]).
fn read_counts<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Counts, D::Error> {
    let files = BTreeMap::<String, BTreeMap<String, BTreeMap<String, Count>>>::deserialize(d)?;
    let counts = |fps: BTreeMap<String, Count>| fps.into_iter().map(|(fp, Count(n))| (fp, n)).collect();
    let rules = |rules: BTreeMap<String, BTreeMap<String, Count>>| {
        rules.into_iter().map(|(code, fps)| (code, counts(fps))).collect()
    };
    Ok(files.into_iter().map(|(file, r)| (file, rules(r))).collect())
}

/// A file that cannot be read or parsed was not checked at all: it is
/// never written to a baseline nor matched by one, so a broken file cannot
/// pass a gate because it was broken when the baseline was made.
fn always_reported(d: &Diagnostic) -> bool {
    crate::rules::select::ALWAYS_REPORTED.contains(&d.name.as_ref())
}

/// The absolute directory a file path is in.
fn directory_of(path: &Path) -> PathBuf {
    let mut dir = absolute(path);
    dir.pop();
    dir
}

/// `file` as a path from `dir` (both absolute), `/`-separated, with `..`
/// where `file` is outside `dir`.
fn relative_to(dir: &Path, file: &Path) -> String {
    let (mut d, mut f) = (dir.components().peekable(), file.components().peekable());
    while d.peek().is_some() && d.peek() == f.peek() {
        d.next();
        f.next();
    }
    let up = d.map(|_| "..".to_string());
    let down = f.map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect::<Vec<_>>().join("/")
}

/// Whether a finding compares its record with another (a cross-record
/// finding): it names a place in another record.
pub fn compares_records(d: &Diagnostic) -> bool {
    let own = (&d.location.file, d.location.record);
    d.unmoved.is_some() || d.related.iter().any(|r| (&r.location.file, r.location.record) != own)
}

/// Every file a finding names: its own, its related locations', and those
/// of the finding it stands in for.
fn files_of(d: &Diagnostic) -> impl Iterator<Item = &str> {
    let related = d.related.iter().map(|r| &*r.location.file);
    let unmoved = d.unmoved.as_deref().into_iter().flat_map(|u| files_of(u).collect::<Vec<_>>());
    std::iter::once(&*d.location.file).chain(related).chain(unmoved)
}

/// The stable hex fingerprints a finding is known by, the one a new
/// baseline records first: rule, record identity, pointer and a hash of
/// what the finding is about (canonical JSON, so formatting does not
/// matter).
///
/// That is the offending `value` at the pointer when it is one value (a
/// string, number, boolean or null). A record finding on an object or an
/// array is about a member the object lacks (`missing-field` points at the
/// object without it) or about something of the whole its message states
/// (a count, a share, a sum): its message says which, so it is the message
/// that is hashed, and an edit elsewhere in the object or array leaves the
/// fingerprint alone. Such a finding is then also known by the hash of the
/// whole object or array, as baselines written before recorded it. A
/// cross-record finding keeps the hash of its value, whatever it is: its
/// message names the other record by a path from the current directory.
/// A finding without a value (file-level, or one whose pointer names
/// nothing) is known by its message. A finding on some `words` of a string
/// (a phrase a pattern forbids, a service named) is known by those words,
/// so that an edit elsewhere in a paragraph keeps it, and another finding
/// of the same rule on the same paragraph is not taken for it; then by the
/// whole string, as baselines written before recorded it.
pub fn fingerprints(
    d: &Diagnostic,
    record_identity: &str,
    value: Option<&serde_json::Value>,
    words: Option<&str>,
) -> Vec<String> {
    let pointer = d.location.pointer.as_deref().unwrap_or("");
    let hash = |about: &str| {
        stable_hash(&[d.code.as_bytes(), record_identity.as_bytes(), pointer.as_bytes(), about.as_bytes()])
    };
    match value {
        None => vec![hash(&d.message)],
        Some(v) if words.is_some() => vec![hash(&format!("words {}", words.unwrap_or(""))), hash(&v.to_string())],
        Some(v @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) if !compares_records(d) => {
            vec![hash(&d.message), hash(&v.to_string())]
        }
        Some(v) => vec![hash(&v.to_string())],
    }
}

/// The keys of a finding known in each of `files` (its file and its
/// fingerprints, best first; the finding it stands in for first): every
/// file's best fingerprint before any file's next one, so that an older
/// way of knowing a finding is tried last.
pub fn keys(files: Vec<(Arc<str>, Vec<String>)>) -> Vec<Key> {
    let most = files.iter().map(|(_, fps)| fps.len()).max().unwrap_or(0);
    (0..most)
        .flat_map(|k| {
            let at = |(file, fps): &(Arc<str>, Vec<String>)| {
                fps.get(k).map(|fp| Key { file: file.clone(), fingerprint: fp.clone() })
            };
            files.iter().filter_map(at).collect::<Vec<_>>()
        })
        .collect()
}

/// FNV-1a over length-prefixed fields, as 16 hex digits. Length prefixes
/// keep `["ab", "c"]` and `["a", "bc"]` apart; FNV is stable across Rust
/// versions and platforms (unlike std's hasher), which anything written to
/// a committed file or uploaded to code scanning needs.
pub fn stable_hash(fields: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in fields {
        eat(&(f.len() as u64).to_le_bytes());
        eat(f);
    }
    format!("{h:016x}")
}

/// The baseline a check compares with (`--baseline`, else the config's
/// `baseline`), read into `opts`; its path, for stale entries.
pub fn load_for_check(args: &CheckArgs, config: &Config, opts: &mut Options) -> Result<Option<PathBuf>, String> {
    let path = args.baseline.clone().map(Into::into).or_else(|| configured(config));
    if args.prune && path.is_none() {
        return Err("error: --prune needs a baseline: --baseline FILE, or `baseline` in acelint.toml".into());
    }
    if let Some(path) = &path {
        opts.baseline = Some(Baseline::read(path).map_err(|e| format!("error: {e}"))?);
    }
    Ok(path)
}

/// Where `acelint baseline` writes: `--output`, else the config's
/// `baseline`, else `acelint-baseline.json`.
pub fn output_path(args: &BaselineArgs, config: &Config) -> PathBuf {
    match &args.output {
        Some(path) => path.into(),
        None => configured(config).unwrap_or_else(|| "acelint-baseline.json".into()),
    }
}

/// The config's `baseline`, relative to the config's directory.
fn configured(config: &Config) -> Option<PathBuf> {
    config.str("baseline").map(|b| config.resolve(b))
}

/// Writes the baseline of `keyed` to `output` and says how many findings
/// it holds, and how many it cannot.
pub fn write_new(keyed: &[Keyed], output: &Path, force: bool) -> Result<(), String> {
    let baseline = Baseline::of(keyed, output);
    let shown = crate::load::display_path(output);
    crate::write::atomic(output, baseline.to_json().as_bytes(), force).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AlreadyExists { " (use --force to replace it)" } else { "" };
        format!("{}{hint}", crate::write::failed(&shown, &e))
    })?;
    let written = baseline.findings();
    eprintln!("wrote {} to {shown}", count(written, "finding", "findings"));
    // A file that could not be read or parsed fails every check until it
    // is fixed: say so now rather than at the next gate.
    let left_out = keyed.len().saturating_sub(written);
    if left_out > 0 {
        eprintln!(
            "warning: {} left out: a file that cannot be read or parsed is never baselined (`acelint check` reports it until it is fixed)",
            count(left_out, "finding", "findings")
        );
    }
    Ok(())
}

/// Says how many baseline entries are stale, or prunes them; `quiet`
/// prunes without saying so.
pub fn report_stale(
    path: &Path,
    stale: &Baseline,
    original: Option<&Baseline>,
    prune: bool,
    quiet: bool,
) -> Result<(), String> {
    let n = stale.stale_count();
    if n == 0 || (quiet && !prune) {
        return Ok(());
    }
    let shown = crate::load::display_path(path);
    if prune {
        let pruned = original.map(|b| b.pruned(stale)).unwrap_or_default();
        crate::write::atomic(path, pruned.to_json().as_bytes(), true).map_err(|e| crate::write::failed(&shown, &e))?;
        if !quiet {
            eprintln!("note: removed {} from {shown}", count(n, "stale entry", "stale entries"));
        }
    } else {
        eprintln!(
            "note: {} in {shown} no longer {} a finding (run with --prune to remove {})",
            count(n, "entry", "entries"),
            agree(n, "matches", "match"),
            agree(n, "it", "them")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, Related, Severity};

    fn finding(message: &str) -> Diagnostic {
        let location = Location {
            file: "a.json".into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            span: 0..0,
            pointer: None,
            record: None,
        };
        Diagnostic {
            code: "ACE302".into(),
            name: "similar-use-case".into(),
            severity: Severity::Warning,
            message: message.into(),
            help: None,
            location,
            file_index: 0,
            related: Vec::new(),
            defers_to: None,
            held_by: None,
            unmoved: None,
        }
    }

    fn key(file: &str, fingerprint: &str) -> Key {
        Key { file: file.into(), fingerprint: fingerprint.into() }
    }

    /// A baseline beside where the tests run, holding `fingerprint` once in `file`.
    fn holding(file: &str, fingerprint: &str) -> Baseline {
        let mut b = Baseline {
            version: 1,
            files: BTreeMap::new(),
            pairs: BTreeMap::new(),
            dir: directory_of(Path::new("b.json")),
        };
        b.files.entry(file.into()).or_default().entry("ACE302".into()).or_default().insert(fingerprint.into(), 1);
        b
    }

    #[test]
    fn a_finding_is_matched_by_any_of_its_keys_and_written_by_its_first() {
        let mut keyed = vec![(finding("moved"), vec![key("b.json", "1"), key("a.json", "2")])];
        assert_eq!(Baseline::of(&keyed, Path::new("b.json")), holding("b.json", "1"));
        let mut b = holding("a.json", "2");
        assert_eq!(b.absorb(&mut keyed).len(), 1);
        assert!(keyed.is_empty());
        assert_eq!(b.stale_count(), 0);
    }

    #[test]
    fn a_finding_on_an_object_is_known_by_its_message_then_by_the_object() {
        let mut d = finding("`Project` has no `CustomerUseCase`");
        d.location.pointer = Some("/Opportunity/Project".into());
        d.location.record = Some(0);
        let (before, after) = (serde_json::json!({ "Title": "a" }), serde_json::json!({ "Title": "a v2" }));
        let (before, after) =
            (fingerprints(&d, "CLP-1", Some(&before), None), fingerprints(&d, "CLP-1", Some(&after), None));
        assert_eq!(before.len(), 2);
        assert_eq!(before[0], after[0], "an edit elsewhere in the object leaves the fingerprint alone");
        assert_ne!(before[1], after[1], "as baselines written before knew it, by the whole object");
        let other = Diagnostic { message: "`Project` has no `Title`".into(), ..d.clone() };
        assert_ne!(fingerprints(&other, "CLP-1", Some(&serde_json::json!({})), None)[0], before[0]);
        let one = fingerprints(&d, "CLP-1", Some(&serde_json::json!("a")), None);
        assert_eq!(one.len(), 1, "a single value is what its finding is about");
    }

    #[test]
    fn a_cross_record_finding_on_an_array_is_known_by_the_array() {
        let mut d = finding("shares 3 of its 3 main kinds of spend with b.json record 0");
        (d.location.pointer, d.location.record) = (Some("/Funding/ProjectedSpend".into()), Some(0));
        let mut related = Related { location: d.location.clone(), message: "the other record".into() };
        related.location.file = "b.json".into();
        d.related.push(related);
        assert!(compares_records(&d));
        let (a, b) = (serde_json::json!([1]), serde_json::json!([2]));
        assert_eq!(fingerprints(&d, "CLP-1", Some(&a), None).len(), 1);
        assert_ne!(fingerprints(&d, "CLP-1", Some(&a), None), fingerprints(&d, "CLP-1", Some(&b), None));
    }

    #[test]
    fn every_files_best_fingerprint_is_tried_before_any_older_one() {
        let keys = keys(vec![("z.json".into(), vec!["1".into(), "2".into()]), ("k.json".into(), vec!["3".into()])]);
        assert_eq!(keys, [key("z.json", "1"), key("k.json", "3"), key("z.json", "2")]);
    }

    #[test]
    fn a_second_key_never_takes_the_entry_of_a_finding_it_is_the_first_key_of() {
        let mut keyed = vec![
            (finding("moved"), vec![key("b.json", "1"), key("a.json", "2")]),
            (finding("own"), vec![key("a.json", "2")]),
        ];
        let absorbed = holding("a.json", "2").absorb(&mut keyed);
        assert_eq!(absorbed.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(), ["own"]);
        assert_eq!(keyed[0].0.message, "moved");
    }
}
