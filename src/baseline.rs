//! Baselines: adopt acelint on an existing record set and fail only on new
//! findings. Entries are fingerprints that survive reformatting and line
//! moves (rule + record identity + pointer + a hash of the offending value,
//! never a line number), counted per file and rule like ESLint's bulk
//! suppressions.

use crate::diagnostic::Diagnostic;
use crate::load::absolute;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    /// File (relative to the baseline's directory, `/`-separated) → rule
    /// code → fingerprint → how many findings it stands for.
    pub files: BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>,
    /// The directory the baseline's file names are relative to: where it
    /// is written, so a run from a subdirectory names the same files.
    #[serde(skip)]
    dir: PathBuf,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let mut b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{} is not an acelint baseline: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!("{}: baseline version {} is not supported (expected 1)", path.display(), b.version));
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
    pub fn of(diagnostics: &[(Diagnostic, String)], path: &Path) -> Baseline {
        let mut b = Baseline { version: 1, files: BTreeMap::new(), dir: directory_of(path) };
        for (d, fp) in diagnostics.iter().filter(|(d, _)| !always_reported(d)) {
            let file = b.key(&d.location.file);
            *b.files.entry(file).or_default().entry(d.code.to_string()).or_default().entry(fp.clone()).or_default() +=
                1;
        }
        b
    }

    /// Removes the diagnostics the baseline covers (each entry absorbs at
    /// most its count) and returns them; what remains in `self` afterwards
    /// is stale.
    pub fn absorb(&mut self, diagnostics: &mut Vec<(Diagnostic, String)>) -> Vec<Diagnostic> {
        let mut absorbed = Vec::new();
        diagnostics.retain(|(d, fp)| {
            if always_reported(d) {
                return true;
            }
            let file = self.entry_key(&d.location.file);
            let slot = self
                .files
                .get_mut(&file)
                .and_then(|rules| rules.get_mut(&*d.code))
                .and_then(|fps| fps.get_mut(fp))
                .filter(|n| **n > 0);
            match slot {
                Some(n) => {
                    *n -= 1;
                    absorbed.push(d.clone());
                    false
                }
                None => true,
            }
        });
        absorbed
    }

    /// Keeps the entries a run could have matched: those of the rules it
    /// ran (`ran`, by code) on the files it checked (shown as they are
    /// named from the current directory), and every entry of a file that
    /// no longer exists. After `absorb`, what is left of those is stale;
    /// an entry of a file the run did not read, or of a rule it did not
    /// run (`--select ACE1`), is not.
    pub fn keep_checked<'a>(&mut self, checked: impl IntoIterator<Item = &'a str>, ran: impl Fn(&str) -> bool) {
        let checked: std::collections::BTreeSet<String> = checked.into_iter().map(|f| self.entry_key(f)).collect();
        let dir = self.dir.clone();
        self.files.retain(|file, rules| {
            if !dir.join(file).exists() {
                return true;
            }
            rules.retain(|code, _| ran(code));
            checked.contains(file) && !rules.is_empty()
        });
    }

    /// Entries left over after `absorb`: findings that no longer occur.
    pub fn stale_count(&self) -> usize {
        self.files.values().flat_map(|r| r.values()).flat_map(|f| f.values()).sum()
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
        out
    }
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

/// A stable hex fingerprint of a finding: rule, record identity, pointer
/// and the offending value (canonical JSON, so formatting does not matter).
pub fn fingerprint(d: &Diagnostic, record_identity: &str, value: Option<&serde_json::Value>) -> String {
    // File-level findings have no value: their message identifies them.
    let value = value.map_or_else(|| d.message.clone(), |v| v.to_string());
    let pointer = d.location.pointer.as_deref().unwrap_or("");
    stable_hash(&[d.code.as_bytes(), record_identity.as_bytes(), pointer.as_bytes(), value.as_bytes()])
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
