//! `exclude` and `extend-exclude` (in `acelint.toml` or as flags): files
//! and directories a directory walk leaves out, as in Ruff. A glob with a
//! `/` is matched against the path from the directory it is relative to
//! (the config file's, or the working directory for flags); one without
//! is matched against the name of every file and directory, at any depth.
//! A path named on the command line is left out only with
//! `--force-exclude`: a pre-commit hook names every changed file.
//! `per-file-ignores` and `[[allow]] path` globs are read the same way.

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The globs written in one place, and the directory they are relative
/// to. `per-file-ignores` and `[[allow]] path` match files with these too,
/// so that a config glob means one thing wherever it is written.
#[derive(Debug, Clone)]
pub struct Globs {
    base: PathBuf,
    /// Globs with a `/`, matched against the path from `base`.
    anchored: GlobSet,
    /// Absolute globs, matched against the absolute path.
    rooted: GlobSet,
    /// Globs without a `/`, matched against the last component.
    names: GlobSet,
}

impl Globs {
    /// Globs relative to `base`. A glob that does not compile is returned
    /// by its index, with the reason.
    pub fn new(globs: &[String], base: &Path) -> Result<Globs, (usize, String)> {
        let (mut anchored, mut rooted, mut names) =
            (GlobSetBuilder::new(), GlobSetBuilder::new(), GlobSetBuilder::new());
        for (i, written) in globs.iter().enumerate() {
            // `archive/` and `./archive` are how people write `archive`:
            // paths found never end in `/` or hold a `.` component.
            let g = written.strip_prefix("./").unwrap_or(written);
            let g = g.strip_suffix('/').filter(|g| !g.is_empty()).unwrap_or(g);
            let glob = Glob::new(g).map_err(|e| (i, e.kind().to_string()))?;
            let set = if g.starts_with('/') {
                &mut rooted
            } else if g.contains('/') {
                &mut anchored
            } else {
                &mut names
            };
            set.add(glob);
        }
        // Each glob compiled above; only their size together can fail here.
        let build = |b: GlobSetBuilder| b.build().map_err(|e| (0, format!("the globs together: {e}")));
        let (anchored, rooted, names) = (build(anchored)?, build(rooted)?, build(names)?);
        // Resolved, as the working directory is: a config named through a
        // link has the same base as one found from the directory itself.
        let base = crate::load::absolute(base);
        let base = base.canonicalize().unwrap_or(base);
        Ok(Globs { base, anchored, rooted, names })
    }

    /// `abs` is absolute, as `load::absolute` makes it.
    fn matches(&self, abs: &Path) -> bool {
        let abs = self.seen_from_base(abs);
        abs.file_name().is_some_and(|n| self.names.is_match(n))
            || self.rooted.is_match(&abs)
            || abs.strip_prefix(&self.base).is_ok_and(|rel| self.anchored.is_match(rel))
    }

    /// `abs` spelt from `base` when it reaches a file there through a
    /// symbolic link (a shell's `$PWD` in a linked directory, macOS's
    /// `/tmp`): the base is the working directory or the config's as the
    /// system resolves it, so an anchored glob would otherwise never match.
    fn seen_from_base<'a>(&self, abs: &'a Path) -> Cow<'a, Path> {
        if abs.starts_with(&self.base) {
            return Cow::Borrowed(abs);
        }
        match (abs.parent(), abs.file_name()) {
            (Some(dir), Some(name)) => match resolved(dir).strip_prefix(&self.base) {
                Ok(rel) => Cow::Owned(self.base.join(rel).join(name)),
                Err(_) => Cow::Borrowed(abs),
            },
            _ => Cow::Borrowed(abs),
        }
    }

    /// Whether a path named from the working directory matches, or a
    /// directory it is in does, as a walk would have left it out with that
    /// directory. Only the directories below the base count, so that `tmp`
    /// does not cover a whole project that happens to live under `/tmp`.
    pub fn covers(&self, path: &Path) -> bool {
        self.covers_absolute(&crate::load::absolute(path))
    }

    fn covers_absolute(&self, abs: &Path) -> bool {
        let abs = self.seen_from_base(abs);
        // The base itself is the project (`check .`), never left out by
        // its own name.
        if *abs == self.base {
            return false;
        }
        let mut below = abs.ancestors().take_while(|a| a.starts_with(&self.base) && *a != self.base).peekable();
        match below.peek() {
            Some(_) => below.any(|a| self.matches(a)),
            None => self.matches(&abs),
        }
    }
}

thread_local! {
    /// Each directory `resolved` was asked about and what it resolved to:
    /// files come directory by directory, but sorted paths interleave them
    /// (`d/a.json`, `d/sub/b.json`, `d/z.json`), so one slot would miss.
    static RESOLVED: RefCell<HashMap<PathBuf, PathBuf>> = RefCell::new(HashMap::new());
}

/// `dir` with its symbolic links resolved (itself if it cannot be).
pub(crate) fn resolved(dir: &Path) -> PathBuf {
    RESOLVED.with_borrow_mut(|known| {
        if let Some(answer) = known.get(dir) {
            return answer.clone();
        }
        let answer = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        known.insert(dir.to_path_buf(), answer.clone());
        answer
    })
}

/// The ignore files a directory walk honours (see `load::walk_excluding`:
/// `.acelintignore`, `.ignore`, `.gitignore`, `.git/info/exclude` and
/// git's global excludes), read for a path named on the command line, so
/// that `--force-exclude` leaves out what a walk would have. Each
/// directory's files are read once.
#[derive(Debug, Default)]
struct IgnoreFiles {
    dirs: std::sync::Mutex<HashMap<PathBuf, Arc<DirIgnores>>>,
    global: std::sync::OnceLock<Gitignore>,
}

/// One directory's ignore files, each rooted at the directory.
#[derive(Debug)]
struct DirIgnores {
    acelint: Gitignore,
    ignore: Gitignore,
    git: Gitignore,
    git_exclude: Gitignore,
}

impl DirIgnores {
    fn read(dir: &Path) -> DirIgnores {
        // A missing or unreadable file matches nothing, as in a walk.
        let file = |path: PathBuf| {
            let mut b = GitignoreBuilder::new(dir);
            b.add(path);
            b.build().unwrap_or_else(|_| Gitignore::empty())
        };
        DirIgnores {
            acelint: file(dir.join(".acelintignore")),
            ignore: file(dir.join(".ignore")),
            git: file(dir.join(".gitignore")),
            git_exclude: file(dir.join(".git/info/exclude")),
        }
    }
}

impl IgnoreFiles {
    fn dir(&self, dir: &Path) -> Arc<DirIgnores> {
        let mut dirs = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
        dirs.entry(dir.to_path_buf()).or_insert_with(|| Arc::new(DirIgnores::read(dir))).clone()
    }

    /// Whether the files of the directories above `abs` ignore it, with the
    /// precedence of the `ignore` crate's walk: the deepest file of a kind
    /// that says anything about it decides for that kind (a `!pattern`
    /// takes it back), and `.acelintignore` outranks `.ignore`, which
    /// outranks the git files.
    fn ignores(&self, abs: &Path, is_dir: bool) -> bool {
        let mut kinds = [Match::None, Match::None, Match::None, Match::None];
        for dir in abs.ancestors().skip(1) {
            let files = self.dir(dir);
            let each = [&files.acelint, &files.ignore, &files.git, &files.git_exclude];
            for (kind, file) in kinds.iter_mut().zip(each) {
                if kind.is_none() {
                    *kind = file.matched(abs, is_dir).map(|_| ());
                }
            }
        }
        let global = self.global.get_or_init(|| Gitignore::global().0);
        let [acelint, ignore, git, git_exclude] = kinds;
        acelint.or(ignore).or(git).or(git_exclude).or(global.matched(abs, is_dir).map(|_| ())).is_ignore()
    }

    /// Whether a walk from the working directory would leave out the path
    /// named (absolute): it, or a directory it is in below the working
    /// directory, is ignored. As for the globs (`Globs::covers`), a path
    /// outside the working directory is judged by itself, and the working
    /// directory is never left out by its own name.
    fn covers(&self, abs: &Path) -> bool {
        let cwd = crate::load::cwd();
        if abs == cwd {
            return false;
        }
        let is_dir = std::fs::metadata(abs).is_ok_and(|m| m.is_dir());
        let mut dirs = abs.ancestors().skip(1).take_while(|a| a.starts_with(cwd) && *a != cwd);
        self.ignores(abs, is_dir) || dirs.any(|d| self.ignores(d, true))
    }
}

#[derive(Debug, Default)]
pub struct Exclude {
    groups: Vec<Globs>,
    ignore_files: IgnoreFiles,
}

impl Exclude {
    /// Adds globs relative to `base`. A glob that does not compile is
    /// returned by its index, with the reason.
    pub fn add(&mut self, globs: &[String], base: &Path) -> Result<(), (usize, String)> {
        if !globs.is_empty() {
            self.groups.push(Globs::new(globs, base)?);
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether a file or directory found in a walk is left out (a
    /// directory with everything below it).
    pub fn excludes(&self, path: &Path) -> bool {
        if self.groups.is_empty() {
            return false;
        }
        let abs = crate::load::absolute(path);
        self.groups.iter().any(|g| g.matches(&abs))
    }

    /// Whether a path named on the command line is left out with
    /// `--force-exclude`: it, or a directory it is in, matches a glob or
    /// is ignored by an ignore file, as a directory walk would leave it
    /// out (a pre-commit hook agrees with a full run).
    pub fn excludes_named(&self, path: &Path) -> bool {
        let abs = crate::load::absolute(path);
        self.groups.iter().any(|g| g.covers_absolute(&abs)) || self.ignore_files.covers(&abs) || hidden_below_cwd(&abs)
    }
}

/// Whether a file or directory on the way from the working directory to
/// `abs` is hidden (`.archive/x.json`): a walk of the working directory
/// skips it, as ripgrep does.
fn hidden_below_cwd(abs: &Path) -> bool {
    let Ok(below) = abs.strip_prefix(crate::load::cwd()) else { return false };
    below.components().any(|c| matches!(c, std::path::Component::Normal(n) if n.to_string_lossy().starts_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exclude(globs: &[&str], base: &str) -> Exclude {
        let mut e = Exclude::default();
        e.add(&globs.iter().map(|g| g.to_string()).collect::<Vec<_>>(), Path::new(base)).unwrap();
        e
    }

    #[test]
    fn a_name_matches_at_any_depth_and_a_path_from_its_base() {
        let e = exclude(&["archive", "drafts/*.json"], "/p");
        assert!(e.excludes(Path::new("/p/archive")));
        assert!(e.excludes(Path::new("/p/deep/archive")));
        assert!(e.excludes(Path::new("/p/drafts/a.json")));
        assert!(!e.excludes(Path::new("/p/deep/drafts/a.json")), "a path glob is anchored at its base");
        assert!(!e.excludes(Path::new("/p/records/a.json")));
    }

    #[test]
    fn trailing_slash_dot_slash_and_absolute_globs() {
        let e = exclude(&["archive/", "./old/*", "/abs/**"], "/p");
        assert!(e.excludes(Path::new("/p/x/archive")));
        assert!(e.excludes(Path::new("/p/old/a.json")));
        assert!(e.excludes(Path::new("/abs/a.json")));
    }

    #[test]
    fn a_named_path_is_excluded_by_a_directory_above_it_but_not_above_the_base() {
        let e = exclude(&["archive", "tmp"], "/tmp/p");
        assert!(e.excludes_named(Path::new("/tmp/p/archive/2024/a.json")));
        assert!(!e.excludes_named(Path::new("/tmp/p/records/a.json")), "`/tmp` is above the base");
        assert!(e.excludes_named(Path::new("/elsewhere/archive")), "outside the base, the path itself");
    }

    #[test]
    fn a_bad_glob_is_reported_by_its_index() {
        let mut e = Exclude::default();
        let err = e.add(&["ok".into(), "a[".into()], Path::new("/p")).unwrap_err();
        assert_eq!(err.0, 1);
        assert!(e.is_empty());
    }
}
