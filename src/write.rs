//! How acelint writes files it makes or replaces (`--output-file`, `init`,
//! `baseline`; the GitHub step summary is appended to, as Actions asks):
//! to a temporary file in the same directory, renamed into place, so a
//! crash never leaves a half-written file; and never over an existing file
//! unless the command was asked to replace it. A device or a pipe
//! (`/dev/stdout`, `>(gzip > r.gz)`) is written into, never replaced, and a
//! symbolic link is followed: the link stays, its target gets the report.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The message for a file that could not be written, named as `shown`.
pub fn failed(shown: &str, e: &std::io::Error) -> String {
    format!("error: cannot write {shown}: {}", crate::load::io_message(e))
}

pub fn atomic(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    if !overwrite && path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "the file exists; acelint does not overwrite it",
        ));
    }
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
        return f.write_all(bytes).and_then(|()| f.flush());
    }
    let target: PathBuf = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let path = target.as_path();
    let tmp = stage(path, bytes)?;
    let result = if !overwrite && path.exists() {
        Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the file appeared meanwhile; not overwritten"))
    } else {
        std::fs::rename(&tmp, path)
    };
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes new files all or none (`init`): each to a temporary file beside
/// it first, then each renamed into place; when one cannot be written or
/// renamed (a full disk, a name taken meanwhile), those already in place
/// are removed again, so a failure leaves none of them. A name that is
/// taken, even by a dangling symbolic link, is never written over. The
/// error names the file that failed.
pub fn new_files(files: &[(&Path, &[u8])]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged = Vec::new();
    for &(path, bytes) in files {
        match stage(path, bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                remove_all(staged.iter().map(|(tmp, _)| tmp.as_path()));
                return Err((path.to_path_buf(), e));
            }
        }
    }
    for i in 0..staged.len() {
        let (tmp, path) = &staged[i];
        if let Err(e) = place(tmp, path) {
            remove_all(staged[..i].iter().map(|(_, placed)| *placed));
            remove_all(staged[i..].iter().map(|(tmp, _)| tmp.as_path()));
            return Err((path.to_path_buf(), e));
        }
    }
    Ok(())
}

/// Undoes what `new_files` did so far; what cannot be removed stays (the
/// error that stopped it is the one to report).
fn remove_all<'a>(paths: impl Iterator<Item = &'a Path>) {
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}

/// `bytes` in a new temporary file beside `path`, on disk; its path.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let tmp = dir.join(format!(".{name}.acelint-{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Renames a staged file to `path`, which must not exist (a dangling link
/// counts: `exists` follows links and would miss it).
fn place(tmp: &Path, path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the name is taken; not overwritten"));
    }
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::{atomic, new_files};

    #[test]
    fn writes_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        atomic(&p, b"one", false).unwrap();
        assert!(atomic(&p, b"two", false).is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
        atomic(&p, b"three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "three");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_link_and_into_a_device() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let (target, link) = (dir.path().join("target.txt"), dir.path().join("link.txt"));
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        atomic(&link, b"new", true).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // A device is written into: /dev/full says it is full, and stays a device.
        let full = std::path::Path::new("/dev/full");
        if std::fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
            let e = atomic(full, b"report", true).unwrap_err();
            assert_eq!(e.raw_os_error(), Some(28), "{e}");
            assert!(std::fs::metadata(full).unwrap().file_type().is_char_device());
        }
    }

    #[test]
    fn new_files_are_written_all_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        new_files(&[(&a, b"a"), (&b, b"b")]).unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "b");
        // The second cannot be staged (no such directory): nothing is left.
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("missing/b.txt"));
        let (failed, _) = new_files(&[(&a, b"a"), (&b, b"b")]).unwrap_err();
        assert_eq!(failed, b);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written, no temporary file");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_placed_before_one_that_cannot_be_is_removed_again() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        std::os::unix::fs::symlink(dir.path().join("nowhere/b.txt"), &b).unwrap();
        let (failed, e) = new_files(&[(&a, b"a"), (&b, b"b")]).unwrap_err();
        assert_eq!((failed, e.kind()), (b.clone(), std::io::ErrorKind::AlreadyExists));
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("b.txt")], "only the link that was there");
    }
}
