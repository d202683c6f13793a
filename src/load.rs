//! From command-line paths to records: walking directories (honouring
//! `.gitignore`), reading files and standard input, and splitting a file
//! into records (one object, an array of objects, or JSON Lines).

use crate::json::parse::is_json_space;
use crate::source::SourceFile;
use crate::spare;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Extensions picked up when walking a directory.
const RECORD_EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson"];

/// acelint's own JSON files, never taken for records in a directory walk
/// (named explicitly, they are still read).
const OWN_FILES: &[&str] = &["acelint-baseline.json"];

/// A user-level problem with the inputs: reported, and the exit code is 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// Where a file's text comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Path(PathBuf),
    Stdin { name: String },
}

impl Origin {
    /// Bytes that sort as `Ord` sorts origins (paths component by
    /// component), for paths without a Windows prefix (`C:`), whose order
    /// depends on more than their bytes (see `sort_by_origin`). Comparing
    /// paths through `components()` made sorting a large tree's file list
    /// a visible share of a run.
    pub fn sort_key(&self) -> Vec<u8> {
        use std::path::Component;
        let mut key = Vec::new();
        match self {
            Origin::Path(p) => {
                key.push(0);
                for c in p.components() {
                    // The component kinds in `Component`'s order, each
                    // ended by a byte no component holds.
                    key.push(match c {
                        Component::Prefix(_) => 1,
                        Component::RootDir => 2,
                        Component::CurDir => 3,
                        Component::ParentDir => 4,
                        Component::Normal(_) => 5,
                    });
                    key.extend_from_slice(c.as_os_str().as_encoded_bytes());
                    key.push(0);
                }
            }
            Origin::Stdin { name } => {
                key.push(1);
                key.extend_from_slice(name.as_bytes());
            }
        }
        key
    }

    /// The file an origin reads, for telling two spellings of one file
    /// apart from two files: `../a.json` from `sub/` is `/p/a.json`, and so
    /// is `link.json` beside it when it is a symbolic link to it, or
    /// `recs/a.json` when `recs` is a link to `/p`. Standard input stands
    /// for the file it is named after, which an editor sends before saving.
    pub fn identity(&self) -> PathBuf {
        match self {
            Origin::Path(p) => resolved(&absolute(p)),
            Origin::Stdin { name } => resolved(&absolute(Path::new(name))),
        }
    }

    fn has_prefix(&self) -> bool {
        matches!(self, Origin::Path(p) if matches!(p.components().next(), Some(std::path::Component::Prefix(_))))
    }

    pub fn display_name(&self) -> String {
        match self {
            Origin::Path(p) => display_path(p),
            Origin::Stdin { name } => name.clone(),
        }
    }

    fn is_jsonl(&self) -> bool {
        let name = self.display_name().to_ascii_lowercase();
        name.ends_with(".jsonl") || name.ends_with(".ndjson")
    }
}

/// The working directory, asked once: it does not change during a run, and
/// asking costs a system call per file otherwise.
pub fn cwd() -> &'static Path {
    static CWD: std::sync::LazyLock<PathBuf> = std::sync::LazyLock::new(|| std::env::current_dir().unwrap_or_default());
    &CWD
}

/// Paths shown relative to the current directory, with forward slashes,
/// so output is the same on every machine.
pub fn display_path(p: &Path) -> String {
    let p = p.strip_prefix("./").unwrap_or(p);
    let rel = p.strip_prefix(cwd()).unwrap_or(p).to_string_lossy();
    // The working directory itself (`.`, or its absolute path).
    if rel.is_empty() {
        return ".".into();
    }
    forward_slashes(rel.into_owned())
}

/// A path with the platform's separator written `/`. Only Windows
/// separates with `\`; elsewhere it is a character a file name may hold
/// (`a\b.json` is one file), and must be shown as it is, or the name would
/// be a different path.
pub fn forward_slashes(path: String) -> String {
    if std::path::MAIN_SEPARATOR == '\\' && path.contains('\\') {
        path.replace('\\', "/")
    } else {
        path
    }
}

/// `p` from the current directory, absolute, with `.` and `..` resolved
/// without asking the file system.
pub fn absolute(p: &Path) -> PathBuf {
    tidy(&cwd().join(p))
}

/// An absolute path with its symbolic links resolved: those of its
/// directory (asked once per directory, as files come directory by
/// directory) and its own when it is a link. A path that cannot be
/// resolved (a file not saved yet, a dangling link) keeps its spelling
/// past what can.
fn resolved(abs: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(abs).is_ok_and(|m| m.file_type().is_symlink());
    if let Some(real) = is_link.then(|| abs.canonicalize().ok()).flatten() {
        return real;
    }
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => crate::exclude::resolved(dir).join(name),
        _ => abs.to_path_buf(),
    }
}

/// A path as the same file is named from the current directory, so a file
/// reached through the config's directory and through a command-line path
/// is recognised as one.
pub fn relative(p: &Path) -> PathBuf {
    let p = p.strip_prefix("./").unwrap_or(p);
    p.strip_prefix(cwd()).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf())
}

/// Sorts items as their `Ord` does. `key` must order items as `Ord` does
/// once their origins compare by `sort_key`, which holds unless a path has
/// a Windows prefix: then the plain sort is used.
pub fn sort_by_origin<T: Ord, K: Ord>(items: &mut [T], origin: impl Fn(&T) -> &Origin, key: impl FnMut(&T) -> K) {
    if items.iter().any(|t| origin(t).has_prefix()) {
        items.sort();
    } else {
        items.sort_by_cached_key(key);
    }
}

/// Expands the command-line paths into the sorted list of inputs; what
/// `exclude` matches is left out of the directories walked (a path named
/// is the caller's to leave out, with `--force-exclude`).
pub fn collect(
    paths: &[String],
    stdin_name: Option<&str>,
    exclude: &crate::exclude::Exclude,
) -> (Vec<Origin>, Vec<InputError>) {
    let mut origins = Vec::new();
    let mut errors = Vec::new();
    for arg in paths {
        if arg == "-" {
            origins.push(Origin::Stdin { name: stdin_name.unwrap_or("<stdin>").to_string() });
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            // Taken for a file: reading it fails the same way, and the
            // failure is then a finding of the report (`unreadable-file`)
            // as well as an error, as for a file that cannot be opened.
            Err(_) => origins.push(Origin::Path(path.strip_prefix("./").unwrap_or(path).to_path_buf())),
            Ok(meta) if meta.is_dir() => walk_excluding(path, exclude, &mut origins, &mut errors),
            // Named explicitly, a file is checked whatever its extension or
            // kind: a FIFO (`<(…)`, `/dev/stdin`) is read to its end, up to
            // the size limit, as ripgrep reads one. A directory walk skips
            // anything but regular files.
            Ok(_) => origins.push(Origin::Path(path.strip_prefix("./").unwrap_or(path).to_path_buf())),
        }
    }
    sort_by_origin(&mut origins, |o| o, Origin::sort_key);
    origins.dedup();
    // Two arguments may reach one file by two spellings (`.` and
    // `../here/a.json`): it is read once, under the first; standard input
    // named after a file stands in for it (an editor's unsaved buffer).
    if paths.len() > 1 {
        let mut seen: std::collections::HashSet<PathBuf> =
            origins.iter().filter(|o| matches!(o, Origin::Stdin { .. })).map(Origin::identity).collect();
        origins.retain(|o| matches!(o, Origin::Stdin { .. }) || seen.insert(o.identity()));
    }
    (origins, errors)
}

/// The record files matching `--corpus` globs (each searched from its
/// directory, honouring `.gitignore` like the directory walk).
#[derive(Debug, Default)]
pub struct Corpus {
    pub origins: Vec<Origin>,
    /// Globs that do not compile: the run stops.
    pub errors: Vec<InputError>,
    /// Directories the walk could not read: files may be missing from the
    /// comparison, but none is checked, so the run goes on.
    pub walk_errors: Vec<InputError>,
    /// Indices of the globs that match no record file, which would
    /// otherwise compare the checked files with nothing, silently.
    pub unmatched: Vec<usize>,
}

pub fn corpus(globs: &[(String, PathBuf)]) -> Corpus {
    let mut out = Corpus::default();
    for (n, (glob, base)) in globs.iter().enumerate() {
        // `./drafts/**` is how people write `drafts/**`: found paths hold
        // no `.` component.
        let written = glob.strip_prefix("./").unwrap_or(glob);
        let matcher = match globset::Glob::new(written) {
            Ok(g) => g.compile_matcher(),
            Err(e) => {
                out.errors.push(InputError { path: glob.clone(), message: format!("invalid glob: {e}") });
                continue;
            }
        };
        // Walked from the glob's own directory rather than from its base:
        // `../shared/*.json` and `/srv/records/*.json` name files the base
        // does not hold, and `records/**` need not list the whole project.
        let dir = literal_dir(written);
        let root = tidy(&base.join(dir));
        let mut found = Vec::new();
        // A directory that is not there matches nothing, which the caller
        // warns of; it is no walk error.
        if root.is_dir() {
            walk(&root, &mut found, &mut out.walk_errors);
        }
        let before = out.origins.len();
        let abs_root = absolute(&root);
        for o in found {
            if let Origin::Path(p) = o {
                // Matched as written: the glob's directory as the glob
                // spells it, then the path found below it.
                let abs = absolute(&p);
                let below = abs.strip_prefix(&abs_root).unwrap_or(&abs);
                if matcher.is_match(Path::new(dir).join(below)) {
                    out.origins.push(Origin::Path(p));
                }
            }
        }
        if out.origins.len() == before {
            out.unmatched.push(n);
        }
    }
    sort_by_origin(&mut out.origins, |o| o, Origin::sort_key);
    out.origins.dedup();
    // Two globs may reach one file by two spellings (`*.json` and
    // `../here/*.json`): it is loaded once, under the first.
    if globs.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        out.origins.retain(|o| seen.insert(o.identity()));
    }
    out.walk_errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.walk_errors.dedup();
    out
}

/// The directory every match of a glob is under: its leading components
/// that hold no glob syntax, but never its last one, which names the
/// files (`../b` of `../b/*.json`, `/srv` of `/srv/*.json`, nothing of
/// `**/*.json` or `a.json`).
fn literal_dir(glob: &str) -> &str {
    let syntax = glob.find(['*', '?', '[', ']', '{', '}', '\\']).unwrap_or(glob.len());
    match glob[..syntax].rfind('/') {
        Some(0) => "/",
        Some(end) => &glob[..end],
        None => "",
    }
}

/// `p` with `.` components dropped and each `..` taking off the component
/// before it, without asking the file system, as `absolute` does; a
/// leading `..` stays (`./../b` is `../b`, `/p/../shared` is `/shared`),
/// so that a path keeps the spelling it was given.
fn tidy(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            // `/..` is `/`.
            Component::ParentDir if out.has_root() => {}
            c => out.push(c),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

fn walk(root: &Path, out: &mut Vec<Origin>, errors: &mut Vec<InputError>) {
    walk_excluding(root, &crate::exclude::Exclude::default(), out, errors);
}

/// Whether a walk takes the file for a record file: its extension (`.JSON`
/// too: editors on case-insensitive file systems write either), and not
/// one of acelint's own files.
fn is_record_name(path: &Path) -> bool {
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
    let own = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| OWN_FILES.contains(&n));
    RECORD_EXTENSIONS.iter().any(|r| r.eq_ignore_ascii_case(ext)) && !own
}

/// Every record file below `root` that some run could name: hidden and
/// ignored ones included (`check private/` reads what `.gitignore` keeps
/// out of a walk), for telling a glob that can match none.
pub fn every_record_file(root: &Path) -> Vec<Origin> {
    let walk = ignore::WalkBuilder::new(root).standard_filters(false).follow_links(false).build();
    let files = walk.filter_map(Result::ok).filter(|e| e.file_type().is_some_and(|t| t.is_file()));
    files.filter(|e| is_record_name(e.path())).map(|e| Origin::Path(relative(e.path()))).collect()
}

/// The path of what a walk could not read (a directory without the right
/// to list it), when that is the error.
fn unlistable(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, err } if matches!(**err, ignore::Error::Io(_)) => Some(path),
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => unlistable(err),
        _ => None,
    }
}

/// `walk`, leaving out what `exclude` matches below `root` (an excluded
/// directory is not entered).
fn walk_excluding(root: &Path, exclude: &crate::exclude::Exclude, out: &mut Vec<Origin>, errors: &mut Vec<InputError>) {
    // Walked in parallel (listing a large tree is system calls, mostly);
    // the caller sorts what is found.
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(root)
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .add_custom_ignore_filename(".acelintignore")
        .threads(rayon::current_num_threads())
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let item = match entry {
                    // The root was named, and is walked whatever its name.
                    Ok(e) if e.depth() > 0 && exclude.excludes(e.path()) => return ignore::WalkState::Skip,
                    Ok(e) => {
                        let is_file = e.file_type().is_some_and(|t| t.is_file());
                        (is_file && is_record_name(e.path())).then(|| Ok(Origin::Path(relative(e.path()))))
                    }
                    // A directory the walk cannot list is taken for a file, as a
                    // missing path is: reading it fails the same way, and the
                    // failure is a finding of the report, not only a line on stderr.
                    Err(e) => Some(match unlistable(&e) {
                        Some(path) => Ok(Origin::Path(relative(path))),
                        None => Err(InputError { path: display_path(root), message: e.to_string() }),
                    }),
                };
                if let Some(item) = item {
                    let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
                    match item {
                        Ok(origin) => found.0.push(origin),
                        Err(error) => found.1.push(error),
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let (mut origins, mut walk_errors) = found.into_inner().unwrap_or_else(|p| p.into_inner());
    sort_by_origin(&mut origins, |o| o, Origin::sort_key);
    walk_errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.append(&mut origins);
    errors.append(&mut walk_errors);
}

/// An I/O error in a few plain words.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        std::io::ErrorKind::StorageFull => "no space left on device".into(),
        _ => e.to_string(),
    }
}

/// Why a file could not become text.
#[derive(Debug)]
pub enum ReadError {
    Io(String),
    /// `size` is unknown for standard input (reading stops past the limit).
    TooLarge {
        size: Option<u64>,
        limit: u64,
    },
    /// Not UTF-8: the valid prefix, for locating the bad byte, and
    /// whether the text starts with a UTF-16 byte-order mark (as Windows
    /// editors save "Unicode" text).
    NotUtf8 {
        valid_up_to: usize,
        prefix: String,
        utf16: bool,
    },
}

/// A file's text, as `read_text` gives it.
#[derive(Debug, Default)]
pub struct Text {
    pub text: String,
    /// Where the lines of a JSON Lines file held bytes that are not UTF-8,
    /// in order: each line's first (every bad sequence is U+FFFD in `text`).
    pub invalid: Vec<Invalid>,
}

/// A byte sequence that is not UTF-8 in a line of JSON Lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    /// Where it is in the text (at its U+FFFD).
    pub at: usize,
    /// Where it is in the file, as an editor's hex view counts.
    pub byte: usize,
}

impl Invalid {
    pub fn message(&self) -> String {
        format!("the line is not valid UTF-8 (bad byte at offset {}); the line is not checked", self.byte)
    }
}

/// The bad bytes of a record's range, if it holds any (see `Text`).
pub fn invalid_in<'a>(invalid: &'a [Invalid], range: &Range<usize>) -> Option<&'a Invalid> {
    let first = invalid.partition_point(|b| b.at < range.start);
    invalid.get(first).filter(|b| b.at < range.end)
}

/// The file's text: `read_text` without the index of its bad bytes (the
/// bad lines of JSON Lines stay, their bytes as U+FFFD).
pub fn read(origin: &Origin, max_bytes: u64) -> Result<String, ReadError> {
    read_text(origin, max_bytes).map(|t| t.text)
}

/// Reads a file whole. Text that is not UTF-8 is refused (`NotUtf8`),
/// unless the file is JSON Lines and the bad bytes are inside some of its
/// lines: each line is a record of its own, so only those lines are lost,
/// as a line of invalid JSON is (see `Text`).
pub fn read_text(origin: &Origin, max_bytes: u64) -> Result<Text, ReadError> {
    // Whether the bytes are the whole of a regular file, whose size a
    // refusal may then quote; a stream's is unknown past the limit.
    let (bytes, whole_file) = match origin {
        Origin::Stdin { .. } => {
            (read_capped(std::io::stdin().lock(), max_bytes).map_err(|e| ReadError::Io(io_message(&e)))?, false)
        }
        Origin::Path(p) => {
            // One open and one fstat: on a slow or virtual file system the
            // system calls per file cost as much as parsing a small record.
            let io = |e: std::io::Error| ReadError::Io(io_message(&e));
            let file = std::fs::File::open(p).map_err(io)?;
            let meta = file.metadata().map_err(io)?;
            let size = meta.len();
            if size > max_bytes {
                return Err(ReadError::TooLarge { size: Some(size), limit: max_bytes });
            }
            // A pipe or device named on the command line has no size to
            // trust: read as standard input is.
            let bytes =
                if meta.is_file() { read_sized(file, size as usize, max_bytes) } else { read_capped(file, max_bytes) };
            (bytes.map_err(io)?, meta.is_file())
        }
    };
    if bytes.len() as u64 > max_bytes {
        let size = whole_file.then_some(bytes.len() as u64);
        return Err(ReadError::TooLarge { size, limit: max_bytes });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Text { text, invalid: Vec::new() }),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            // UTF-16 is a whole file in the wrong encoding, not a bad line.
            if let Some(text) = (!utf16).then(|| lines_with_bad_bytes(&bytes, jsonl_hint(origin))).flatten() {
                return Ok(text);
            }
            let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
            Err(ReadError::NotUtf8 { valid_up_to, prefix, utf16 })
        }
    }
}

/// The text of a file that is not all UTF-8, when it is JSON Lines (as
/// `split` tells once each bad sequence is U+FFFD) and every bad sequence
/// is inside a line: `None` for one record or an array, whose one bad byte
/// leaves nothing to check.
fn lines_with_bad_bytes(bytes: &[u8], jsonl_hint: bool) -> Option<Text> {
    let (text, bad) = decode_lossy(bytes);
    let file = SourceFile::new("", text);
    let Layout::Lines(ranges) = split(&file, jsonl_hint) else { return None };
    // A line is reported by its first bad sequence.
    let mut invalid: Vec<Invalid> = Vec::new();
    for b in bad {
        // Both lists are in order: the line is found by bisection.
        let line = ranges.partition_point(|r| r.end <= b.at);
        if !ranges.get(line)?.contains(&b.at) {
            return None;
        }
        if invalid.last().is_none_or(|last| !ranges[line].contains(&last.at)) {
            invalid.push(b);
        }
    }
    Some(Text { text: file.text, invalid })
}

/// `bytes` as text with each maximal sequence that is not UTF-8 replaced by
/// U+FFFD (as `String::from_utf8_lossy` does), and where each was. No
/// line feed is ever part of such a sequence, so lines stay as they were,
/// and a bad sequence's column is that of its first byte.
fn decode_lossy(mut bytes: &[u8]) -> (String, Vec<Invalid>) {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut bad = Vec::new();
    let mut consumed = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                text.push_str(rest);
                return (text, bad);
            }
            Err(e) => {
                let (valid, after) = bytes.split_at(e.valid_up_to());
                // Valid by the error's own account.
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                bad.push(Invalid { at: text.len(), byte: consumed + valid.len() });
                text.push(char::REPLACEMENT_CHARACTER);
                // `None`: a sequence cut short by the end of the input.
                let skip = e.error_len().unwrap_or(after.len());
                consumed += valid.len() + skip;
                bytes = &after[skip..];
            }
        }
    }
}

/// Reads a file `fstat` said is `size` bytes long, up to the limit (and a
/// byte more, so a file that has grown since is still refused). Reading
/// into reserved, uninitialised capacity: zeroing the buffer first cost
/// about as much as a tenth of parsing the file.
fn read_sized(file: std::fs::File, size: usize, max_bytes: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = spare::take(&SPARE);
    // A spare much larger than this file is kept for a larger one: were
    // this file's text kept (it has findings), it would hold all of it.
    if buf.capacity() > 2 * size + (64 << 10) {
        SPARE.set(std::mem::take(&mut buf));
    }
    // `size + 1` so that a regular file ends in the buffer: the read that
    // tells the end then needs no room to grow into.
    buf.reserve_exact(size + 1);
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reads a stream of unknown length up to `max_bytes` and one byte more
/// (which tells the caller it is too large). The buffer doubles as it
/// fills, but never past that cap: `read_to_end`'s doubling would hold
/// up to twice the limit before the refusal.
fn read_capped(mut from: impl Read, max_bytes: u64) -> std::io::Result<Vec<u8>> {
    let cap = usize::try_from(max_bytes.saturating_add(1)).unwrap_or(usize::MAX);
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 64 << 10];
    while buf.len() < cap {
        let want = chunk.len().min(cap - buf.len());
        let n = match from.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.capacity() - buf.len() < n {
            let grown = (2 * buf.capacity()).max(buf.len() + n).min(cap);
            buf.reserve_exact(grown - buf.len());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf)
}

thread_local! {
    /// The text of the last file on this thread that was let go, whose
    /// buffer reads the next file: allocating a fresh buffer for every file
    /// made the allocator sort its free lists each time.
    static SPARE: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A buffer larger than this (a file of megabytes) is let go rather than
/// kept for the rest of the run.
const SPARE_LIMIT: usize = 1 << 20;

/// Hands a file's text back once nothing reads it, for the next `read` on
/// this thread.
pub fn recycle(text: String) {
    spare::give_back(&SPARE, text.into_bytes(), SPARE_LIMIT);
}

/// How a file's text divides into records.
#[derive(Debug, PartialEq, Eq)]
pub enum Layout {
    /// Byte ranges of the records, in file order.
    Records(Vec<Range<usize>>),
    /// JSON Lines: one range per non-blank line; each is parsed on its own
    /// so one bad line does not hide the others.
    Lines(Vec<Range<usize>>),
    /// Nothing but whitespace (and maybe a BOM).
    Empty,
    /// The file does not parse as a whole; the error is at this offset.
    Broken { offset: usize, message: String, too_deep: bool },
    /// The top-level value is a string, number, … rather than a record.
    NotRecords { offset: usize, found: &'static str },
}

pub fn split(file: &SourceFile, jsonl_hint: bool) -> Layout {
    let text = &file.text[..];
    let body_start = file.bom_len();
    let body = &text[body_start..];
    let Some(first) = body.find(|c: char| !is_json_space(c)) else {
        return Layout::Empty;
    };
    let first_at = body_start + first;
    if jsonl_hint {
        return split_jsonl(file, body_start, first_at);
    }
    split_document(file, body_start, first_at)
}

/// The records of a file holding one JSON document (a record, an array of
/// them, or broken JSON), which starts at `first_at`.
fn split_document(file: &SourceFile, body_start: usize, first_at: usize) -> Layout {
    match file.text.as_bytes()[first_at] {
        b'[' => split_array(file, body_start),
        b'{' => split_objects(file, body_start),
        _ => match serde_json::from_str::<serde_json::Value>(&file.text[body_start..]) {
            Ok(v) => Layout::NotRecords { offset: first_at, found: kind_name(&v) },
            Err(e) => broken(file, body_start, &e),
        },
    }
}

/// A `.jsonl` file: JSON Lines, or one document over several lines (a
/// record pretty-printed into the wrong kind of file). A first line that is
/// a whole value settles it as JSON Lines at the cost of parsing that line
/// alone, so a large file is not parsed twice. Otherwise the file is read
/// as one document, and kept as that when it parses: any line inside it,
/// such as a compact array item, may be a whole value on its own. A
/// document that does not parse is JSON Lines after all when most of its
/// later lines start a value at their first column, as records do and a
/// pretty-printed document's indented members do not: each bad line is
/// then an error of its own, and the good ones are still checked, unless
/// the first line is a lone `[`: an array of records, one per line.
fn split_jsonl(file: &SourceFile, body_start: usize, first_at: usize) -> Layout {
    let rest = &file.text[first_at..];
    let first_line = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
    if serde_json::from_str::<serde::de::IgnoredAny>(first_line).is_ok() {
        return Layout::Lines(lines(&file.text, body_start));
    }
    // A line of JSON Lines is a record; a lone `[` opens an array of them.
    let opens_an_array = first_line.trim_matches(is_json_space) == "[";
    match split_document(file, body_start, first_at) {
        Layout::Broken { .. } if !opens_an_array && lines_start_values(&rest[first_line.len()..]) => {
            Layout::Lines(lines(&file.text, body_start))
        }
        layout => layout,
    }
}

/// Whether most non-blank lines of `text` start, unindented, with `{` or
/// `[`: the shape of JSON Lines, whatever is wrong inside the lines.
fn lines_start_values(text: &str) -> bool {
    let (mut values, mut all) = (0usize, 0usize);
    for line in text.split('\n').filter(|l| !l.trim_matches(is_json_space).is_empty()) {
        all += 1;
        values += usize::from(line.starts_with(['{', '[']));
    }
    values * 2 > all
}

/// The range of a file's one record object, when the file looks like one
/// (starts with `{`, ends with `}`): a guess that parsing confirms.
pub fn single_object(file: &SourceFile, jsonl_hint: bool) -> Option<Range<usize>> {
    let rest = &file.text[file.bom_len()..];
    let at = file.bom_len() + (rest.len() - rest.trim_start_matches(is_json_space).len());
    let body = rest.trim_matches(is_json_space);
    (!jsonl_hint && body.starts_with('{') && body.ends_with('}')).then(|| at..at + body.len())
}

pub fn jsonl_hint(origin: &Origin) -> bool {
    origin.is_jsonl()
}

fn kind_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn broken(file: &SourceFile, body_start: usize, e: &serde_json::Error) -> Layout {
    // The splitting pass words some errors poorly ("key must be a string"
    // for a trailing comma); the value parser stops at the same place and
    // says what is wrong.
    let pe = match crate::json::parse_record(&file.text[body_start..]) {
        Err(better) => better,
        Ok(_) => crate::json::parse::to_parse_error(e),
    };
    let offset = error_offset(file, body_start, pe.line, pe.column);
    Layout::Broken { offset, message: pe.message, too_deep: pe.too_deep }
}

/// serde_json counts columns in bytes from the start of what it parsed.
pub fn error_offset(file: &SourceFile, base: usize, line: usize, column: usize) -> usize {
    let (base_line, _) = file.line_col(base);
    if column == 0 && line > 1 {
        // serde_json reports an error found on reading a line break as
        // column 0 of the next line: point at the end of the line instead,
        // before the `\r` of a CRLF, which is part of the line break.
        let next = file.offset_of(base_line + line - 1, 1);
        let end = next.saturating_sub(1);
        let end = if end > base && file.text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        return end.max(base);
    }
    if line <= 1 {
        crate::source::floor_char_boundary(&file.text, (base + column.saturating_sub(1)).min(file.text.len()))
    } else {
        file.offset_of(base_line + line - 1, column)
    }
}

fn split_array(file: &SourceFile, body_start: usize) -> Layout {
    let text = &file.text[..];
    let body = &text[body_start..];
    // A syntax-only pass that borrows each element: fast, and gives offsets.
    match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(body) {
        Ok(items) if items.is_empty() => Layout::Empty,
        Ok(items) => Layout::Records(
            items
                .iter()
                .map(|raw| {
                    let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
                    start..start + raw.get().len()
                })
                .collect(),
        ),
        Err(e) => broken(file, body_start, &e),
    }
}

fn split_objects(file: &SourceFile, body_start: usize) -> Layout {
    let text = &file.text[..];
    let body = &text[body_start..];
    let mut stream = serde_json::Deserializer::from_str(body).into_iter::<&serde_json::value::RawValue>();
    let first = match stream.next() {
        Some(Ok(raw)) => raw,
        Some(Err(e)) => return broken(file, body_start, &e),
        None => return Layout::Empty,
    };
    let start = first.get().as_ptr() as usize - text.as_ptr() as usize;
    let end = start + first.get().len();
    let rest = &text[end..];
    match rest.find(|c: char| !is_json_space(c)) {
        None => Layout::Records(std::iter::once(start..end).collect()),
        // More objects after a one-line first record: JSON Lines in a .json file.
        Some(_) if !text[start..end].contains('\n') => Layout::Lines(lines(text, body_start)),
        Some(_) => match stream.next() {
            Some(Err(e)) => broken(file, body_start, &e),
            _ => {
                let at = end + rest.find(|c: char| !is_json_space(c)).unwrap_or(0);
                Layout::Broken { offset: at, message: "trailing characters after the record".into(), too_deep: false }
            }
        },
    }
}

/// Non-blank lines, without their line terminators or the JSON whitespace
/// around them. Only JSON's: any other space (a no-break space, a form
/// feed) is a syntax error, reported where it stands as in a `.json` file.
fn lines(text: &str, body_start: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = body_start;
    let bytes = text.as_bytes();
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &text[start..end];
        let content = line.trim_start_matches(is_json_space);
        if !content.is_empty() {
            let lead = line.len() - content.len();
            out.push(start + lead..start + lead + content.trim_end_matches(is_json_space).len());
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_an_io_error_on_a_path_makes_it_unlistable() {
        use ignore::Error;
        use std::path::Path;
        let denied = || Box::new(Error::Io(std::io::ErrorKind::PermissionDenied.into()));
        let at = |err| Box::new(Error::WithPath { path: "d/locked".into(), err });
        let deep = Error::WithDepth { depth: 2, err: at(denied()) };
        assert_eq!(super::unlistable(&deep), Some(Path::new("d/locked")));
        // A bad line in an ignore file names the file, which is no record.
        let glob = Box::new(Error::Glob { glob: Some("[".into()), err: "unclosed".into() });
        let bad_line =
            Error::WithPath { path: ".gitignore".into(), err: Box::new(Error::WithLineNumber { line: 1, err: glob }) };
        assert_eq!(super::unlistable(&bad_line), None);
        assert_eq!(super::unlistable(&Error::Io(std::io::ErrorKind::PermissionDenied.into())), None);
    }

    #[test]
    fn the_working_directory_is_shown_as_a_dot() {
        assert_eq!(super::display_path(std::path::Path::new(".")), ".");
        assert_eq!(super::display_path(super::cwd()), ".");
        assert_eq!(super::display_path(std::path::Path::new("./a.json")), "a.json");
        let backslash = if cfg!(windows) { "dir/a.json" } else { "dir\\a.json" };
        assert_eq!(super::display_path(std::path::Path::new("dir\\a.json")), backslash);
    }

    #[test]
    fn a_capped_read_stops_one_byte_past_the_limit_without_holding_more() {
        let input = vec![b'x'; 300_000];
        let got = super::read_capped(&input[..], 150_000).unwrap();
        assert_eq!(got.len(), 150_001);
        assert!(got.capacity() <= 150_001, "capacity {}", got.capacity());
        let small = super::read_capped(&b"{}"[..], 150_000).unwrap();
        assert_eq!(small, b"{}");
    }

    #[test]
    fn sort_keys_sort_as_origins_do() {
        let paths = [
            "a", "a/b", "a-c", "a-c/x", "a/b/c", "a.json", "./a", "../a", "/a", "/a/b", ".hidden", "-dash", "a//b",
            "b", "B", "é", "a/./b", "a/b/", "+x", " x",
        ];
        let mut origins: Vec<Origin> = paths.iter().map(|p| Origin::Path(PathBuf::from(p))).collect();
        origins.push(Origin::Stdin { name: "<stdin>".into() });
        origins.push(Origin::Stdin { name: "a".into() });
        let mut by_ord = origins.clone();
        by_ord.sort();
        let mut by_key = origins;
        sort_by_origin(&mut by_key, |o| o, Origin::sort_key);
        assert_eq!(by_key, by_ord);
    }

    use super::*;

    fn layout(text: &str, jsonl: bool) -> Layout {
        split(&SourceFile::new("t", text), jsonl)
    }

    #[test]
    fn single_array_and_lines() {
        assert_eq!(layout(" {\"a\":1}\n", false), Layout::Records(vec![Range { start: 1, end: 8 }]));
        assert_eq!(layout("\u{feff}[{\"a\":1}, {}]", false), Layout::Records(vec![4..11, 13..15]));
        assert_eq!(layout("{\"a\":1}\n\n{\"b\":2}\r\n", false), Layout::Lines(vec![0..7, 9..16]));
        assert_eq!(layout("{\"a\":1}\nnot json\n", true), Layout::Lines(vec![0..7, 8..16]));
        assert_eq!(layout(" \n\t", false), Layout::Empty);
        assert_eq!(layout("\u{feff}", false), Layout::Empty);
    }

    #[test]
    fn a_jsonl_file_is_json_lines_unless_it_is_one_document() {
        // A compact item on a line of its own is no sign of JSON Lines.
        let pretty = "{\n  \"a\": [\n    {\"b\": 1}\n  ]\n}\n";
        assert_eq!(layout(pretty, true), Layout::Records(std::iter::once(0..pretty.len() - 1).collect()));
        let broken = "{\n  \"a\": [\n    {\"b\": 1},,\n    {\"b\": 2}\n  ]\n}\n";
        assert!(matches!(layout(broken, true), Layout::Broken { .. }));
        // A first line cut short among lines that each start a record.
        assert_eq!(layout("{\"a\":\n{\"b\":\n[1,]\n", true), Layout::Lines(vec![0..5, 6..11, 12..16]));
        assert_eq!(layout("// head\n{}\n{}\n", true), Layout::Lines(vec![0..7, 8..10, 11..13]));
        // A one-line first record settles it without reading further.
        assert_eq!(layout("{}\n{\n", true), Layout::Lines(vec![0..2, 3..4]));
        // An array of records one per line, with a mistake: one document.
        assert!(matches!(layout("[\n{\"a\": 1},\n{\"b\": 2},,\n]\n", true), Layout::Broken { .. }));
    }

    #[test]
    fn a_globs_literal_directory_is_where_its_matches_are() {
        assert_eq!(literal_dir("../b/*.json"), "../b");
        assert_eq!(literal_dir("/tmp/x/b/**/*.json"), "/tmp/x/b");
        assert_eq!(literal_dir("/*.json"), "/");
        assert_eq!(literal_dir("records/a.json"), "records");
        assert_eq!(literal_dir("rec*/a.json"), "");
        assert_eq!(literal_dir("{a,b}/x/*.json"), "");
        assert_eq!(literal_dir("a.json"), "");
        assert_eq!(literal_dir("**/*.json"), "");
    }

    #[test]
    fn tidy_resolves_dot_dot_but_keeps_a_leading_one() {
        let t = |p: &str| tidy(Path::new(p)).to_string_lossy().into_owned();
        assert_eq!(t("./../b"), "../b");
        assert_eq!(t("/p/../shared"), "/shared");
        assert_eq!(t("sub/../b"), "b");
        assert_eq!(t("../../b/./c"), "../../b/c");
        assert_eq!(t("/../x"), "/x");
        assert_eq!(t("./"), ".");
    }

    #[test]
    fn lossy_decoding_says_where_each_bad_sequence_was() {
        let (text, bad) = decode_lossy(b"a\xffb\xe2\x82(\n\xc3");
        assert_eq!(text, "a\u{fffd}b\u{fffd}(\n\u{fffd}");
        let at: Vec<(usize, usize)> = bad.iter().map(|b| (b.at, b.byte)).collect();
        assert_eq!(at, [(1, 1), (5, 3), (10, 7)]);
    }

    #[test]
    fn only_json_lines_keep_their_good_lines() {
        let text = lines_with_bad_bytes(b"{}\n{\"a\":\"\xff\xff\"}\n{}\n", true).unwrap();
        assert_eq!(text.invalid, [Invalid { at: 9, byte: 9 }]);
        assert!(lines_with_bad_bytes(b"{\"a\":\"\xff\"}", false).is_none());
        assert!(lines_with_bad_bytes(b"[{},\n{\"a\":\"\xff\"}]", false).is_none());
        assert!(lines_with_bad_bytes(b"{}\n{\"a\":\"\xff\"}\n", false).is_some());
    }

    #[test]
    fn broken_and_scalar_files() {
        match layout("{\n  \"a\": 1,\n}", false) {
            Layout::Broken { offset, .. } => assert_eq!(offset, 12),
            other => panic!("{other:?}"),
        }
        assert!(matches!(layout("42", false), Layout::NotRecords { found: "a number", .. }));
        assert!(matches!(layout("{\n\"a\": 1\n}\n}", false), Layout::Broken { .. }));
        match layout("{\n  \"a\": tru\n}", false) {
            Layout::Broken { offset, .. } => assert_eq!(offset, 12, "end of line 2, not line 3"),
            other => panic!("{other:?}"),
        }
    }
}
