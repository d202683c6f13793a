//! Baselines: adopt acelint on an existing record set and fail only on new
//! findings. Entries are fingerprints that survive reformatting and line
//! moves (rule + record identity + pointer + a hash of the offending value,
//! never a line number), counted per file and rule like ESLint's bulk
//! suppressions.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    /// File → rule code → fingerprint → how many findings it stands for.
    pub files: BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>,
}

impl Baseline {
    pub fn read(path: &std::path::Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{} is not an acelint baseline: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!("{}: baseline version {} is not supported (expected 1)", path.display(), b.version));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn of(diagnostics: &[(Diagnostic, String)]) -> Baseline {
        let mut b = Baseline { version: 1, files: BTreeMap::new() };
        for (d, fp) in diagnostics {
            *b.files
                .entry(d.location.file.to_string())
                .or_default()
                .entry(d.code.to_string())
                .or_default()
                .entry(fp.clone())
                .or_default() += 1;
        }
        b
    }

    /// Removes the diagnostics the baseline covers (each entry absorbs at
    /// most its count) and returns them; what remains in `self` afterwards
    /// is stale.
    pub fn absorb(&mut self, diagnostics: &mut Vec<(Diagnostic, String)>) -> Vec<Diagnostic> {
        let mut absorbed = Vec::new();
        diagnostics.retain(|(d, fp)| {
            let slot = self
                .files
                .get_mut(&*d.location.file)
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
