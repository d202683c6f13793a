//! How acelint writes files it makes or replaces (`--output-file`, `init`,
//! `baseline`; the GitHub step summary is appended to, as Actions asks):
//! to a temporary file in the same directory, renamed into place, so a
//! crash never leaves a half-written file; and never over an existing file
//! unless the command was asked to replace it. A device or a pipe
//! (`/dev/stdout`, `>(gzip > r.gz)`) is written into, never replaced, and a
//! symbolic link is followed: the link stays, its target gets the report.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let tmp = dir.join(format!(".{name}.acelint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if !overwrite && path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file appeared meanwhile; not overwritten",
            ));
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::atomic;

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
}
