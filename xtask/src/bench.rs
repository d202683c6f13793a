//! `xtask bench`: builds acelint release, generates (or reuses) the corpora
//! and reports, per size, the medians of several timed runs of
//! `acelint check DIR --output-format json --today 2026-11-24 --timings`
//! next to the in-process floors (read + parse, read + parse + schema) and
//! the similarity fast path's recall and cost.

use crate::gen;
use acelint::load::{self, Layout};
use acelint::schema::SCHEMAS;
use acelint::source::SourceFile;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub struct Opts {
    pub sizes: Vec<usize>,
    pub runs: usize,
    pub seed: u64,
    pub dir: Option<PathBuf>,
    pub sim_texts: usize,
    pub sim_scale: usize,
    pub no_sim: bool,
    /// Passed to `acelint check --select`: times a part of the rule set
    /// (`ACE0`, the parse and schema stage alone, is issue #2's `check`).
    pub select: Option<String>,
}

pub const TODAY: &str = "2026-11-24";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

/// What a child process cost: wall seconds, peak RSS (MB), exit code.
struct ChildRun {
    wall: f64,
    rss_mb: f64,
    code: i32,
}

/// Runs a command to completion, measuring its wall time and, through
/// `wait4`, its peak resident set.
fn timed(cmd: &mut Command) -> Result<ChildRun, String> {
    let started = Instant::now();
    let child = cmd.spawn().map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 only writes
    // into the two locals for the child we just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    if r != pid {
        return Err(format!("wait4 failed for {cmd:?}"));
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    Ok(ChildRun { wall, rss_mb: usage.ru_maxrss as f64 / 1024.0, code })
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// `cargo build --release -p acelint`; the path of the binary it built.
fn build_acelint() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("== cargo build --release -p acelint");
    let out = Command::new(cargo)
        .current_dir(root())
        .args(["build", "--release", "-p", "acelint", "--bin", "acelint", "--message-format=json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err("cargo build --release -p acelint failed".into());
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("executable").and_then(|e| e.as_str()).map(PathBuf::from))
        .next_back()
        .ok_or_else(|| "cargo did not report the acelint executable".into())
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(d) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "jsonl" | "ndjson")) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// Reads every file and drops what it read: the corpus is then in the
/// page cache, as it is for a partner who just edited or checked it out.
fn warm(files: &[PathBuf], pool: &rayon::ThreadPool) {
    pool.install(|| files.par_iter().for_each(|p| drop(std::fs::read(p))));
}

/// Reads every file, splits it into records the way acelint does, parses
/// each into a `serde_json::Value` and, with `schema`, validates it
/// against the draft-record schema. Returns (seconds, records, invalid).
fn floor(files: &[PathBuf], schema: bool, pool: &rayon::ThreadPool) -> (f64, usize, usize) {
    let started = Instant::now();
    let (records, invalid) = pool.install(|| {
        files
            .par_iter()
            .map(|p| {
                let Ok(text) = std::fs::read_to_string(p) else { return (0, 0) };
                let jsonl = matches!(p.extension().and_then(|x| x.to_str()), Some("jsonl" | "ndjson"));
                let file = SourceFile::new(p.to_string_lossy().as_ref(), text);
                let ranges = match load::split(&file, jsonl) {
                    Layout::Records(r) | Layout::Lines(r) => r,
                    _ => return (0, 0),
                };
                let mut n = (0, 0);
                for r in ranges {
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(&file.text[r]) else { continue };
                    n.0 += 1;
                    if schema && !SCHEMAS.check_document("draft-record", &v).is_empty() {
                        n.1 += 1;
                    }
                }
                n
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    (started.elapsed().as_secs_f64(), records, invalid)
}

/// The `--timings` line's fields, in order, as (name, ms).
fn parse_timings(stderr: &str) -> Vec<(String, f64)> {
    let Some(line) = stderr.lines().find(|l| l.starts_with("timings (ms):")) else { return Vec::new() };
    line["timings (ms):".len()..]
        .split_whitespace()
        .filter_map(|tok| {
            let tok = tok.trim_matches(|c| c == '[' || c == ']');
            let (k, v) = tok.split_once('=')?;
            Some((k.to_string(), v.trim_end_matches(']').parse().ok()?))
        })
        .collect()
}

struct SizeResult {
    size: usize,
    files: usize,
    mb: f64,
    wall: f64,
    walls: Vec<f64>,
    rss: f64,
    stages: Vec<(String, f64)>,
    parse_floor: f64,
    schema_floor: f64,
    invalid: usize,
    summary: String,
}

fn bench_size(exe: &Path, dir: &Path, size: usize, opts: &Opts, work: &Path) -> Result<SizeResult, String> {
    let files = corpus_files(dir);
    let bytes: u64 = files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum();
    let mb = bytes as f64 / 1e6;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().map_err(|e| e.to_string())?;
    // Compile the floor's schemas before timing anything.
    let _ = SCHEMAS.check_document("draft-record", &serde_json::json!({}));
    let out_path = work.join(format!("acelint-{size}.json"));
    let err_path = work.join(format!("acelint-{size}.stderr"));
    let (mut walls, mut rsss, mut stage_runs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut pf, mut sf, mut invalid) = (Vec::new(), Vec::new(), 0);
    // acelint and the floors take turns, each after the corpus is read
    // into the page cache again: the kernel reclaims a large corpus's pages
    // between runs, and a run that found them gone would time the disk.
    for run in 0..opts.runs {
        warm(&files, &pool);
        let out = std::fs::File::create(&out_path).map_err(|e| e.to_string())?;
        let err = std::fs::File::create(&err_path).map_err(|e| e.to_string())?;
        let r = timed(
            Command::new(exe)
                .args(["check"])
                .arg(dir)
                .args(["--output-format", "json", "--today", TODAY, "--timings", "--isolated"])
                .args(opts.select.iter().flat_map(|s| ["--select", s.as_str()]))
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err),
        )?;
        let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
        if r.code > 1 {
            return Err(format!("acelint exited with {} on {}:\n{stderr}", r.code, dir.display()));
        }
        eprintln!("   acelint run {}: {:.2} s, {:.0} MB", run + 1, r.wall, r.rss_mb);
        walls.push(r.wall);
        rsss.push(r.rss_mb);
        stage_runs.push(parse_timings(&stderr));
        warm(&files, &pool);
        pf.push(floor(&files, false, &pool).0);
        warm(&files, &pool);
        let (t, _, bad) = floor(&files, true, &pool);
        sf.push(t);
        invalid = bad;
    }
    let summary = std::fs::read_to_string(&out_path)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("summary").cloned())
        .map(|s| s.to_string())
        .unwrap_or_else(|| "(no JSON summary)".into());
    let mut stages = Vec::new();
    if let Some(first) = stage_runs.first() {
        for (i, (name, _)) in first.iter().enumerate() {
            let vals: Vec<f64> = stage_runs.iter().filter_map(|r| r.get(i).map(|x| x.1)).collect();
            stages.push((name.clone(), median(&vals)));
        }
    }
    Ok(SizeResult {
        size,
        files: files.len(),
        mb,
        wall: median(&walls),
        walls,
        rss: median(&rsss),
        stages,
        parse_floor: median(&pf),
        schema_floor: median(&sf),
        invalid,
        summary,
    })
}

/// A similarity child's JSON report and what it cost.
type SimRun = (serde_json::Value, ChildRun);

fn similarity(mode: &str, texts: usize, seed: u64) -> Result<SimRun, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = std::env::temp_dir().join(format!("xtask-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let out_path = dir.join(format!("{mode}.json"));
    let out = std::fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let r = timed(
        Command::new(exe)
            .args(["similarity", "--mode", mode, "--texts", &texts.to_string(), "--seed", &seed.to_string()])
            .stdout(out),
    )?;
    let text = std::fs::read_to_string(&out_path).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    let v = serde_json::from_str(text.trim()).map_err(|e| format!("similarity {mode}: {e}: {text}"))?;
    Ok((v, r))
}

pub fn run(opts: &Opts) -> Result<(), String> {
    let exe = build_acelint()?;
    let work = opts.dir.clone().unwrap_or_else(|| root().join("target").join("bench"));
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let mut results = Vec::new();
    for &size in &opts.sizes {
        let dir = work.join(format!("corpus-{size}-seed{}", opts.seed));
        match gen::existing(&dir, size, opts.seed) {
            Some(s) => eprintln!("== reusing {} ({} files, {:.0} MB)", dir.display(), s.files, s.bytes as f64 / 1e6),
            None => {
                eprintln!("== generating {size} records into {}", dir.display());
                let t = Instant::now();
                let s = gen::generate(size, opts.seed, &dir).map_err(|e| e.to_string())?;
                eprintln!("   {} files, {:.0} MB in {:.1} s", s.files, s.bytes as f64 / 1e6, t.elapsed().as_secs_f64());
            }
        }
        eprintln!(
            "== {size} records: {} runs of acelint and of each floor, in turn, each on a warm page cache",
            opts.runs
        );
        results.push(bench_size(&exe, &dir, size, opts, &work)?);
    }
    let sims = if opts.no_sim {
        None
    } else {
        eprintln!("== similarity: recall on {} texts, cost on {} texts", opts.sim_texts, opts.sim_scale);
        Some((similarity("recall", opts.sim_texts, opts.seed)?, similarity("scale", opts.sim_scale, opts.seed)?))
    };
    print!("{}", report(&results, sims.as_ref(), opts, &exe));
    Ok(())
}

fn report(results: &[SizeResult], sims: Option<&(SimRun, SimRun)>, opts: &Opts, exe: &Path) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\nacelint check DIR --output-format json --today {TODAY} --timings --isolated{}  ({}; median of {} runs, 2 threads, warm cache)",
        opts.select.as_ref().map(|s| format!(" --select {s}")).unwrap_or_default(),
        exe.display(),
        opts.runs
    );
    let _ = writeln!(
        o,
        "{:>8} {:>7} {:>7} {:>8} {:>10} {:>7} {:>8} {:>11} {:>11} {:>7} {:>7}",
        "records",
        "files",
        "MB",
        "wall s",
        "records/s",
        "MB/s",
        "RSS MB",
        "parse fl s",
        "+schema s",
        "×parse",
        "×schema"
    );
    for r in results {
        let _ = writeln!(
            o,
            "{:>8} {:>7} {:>7.1} {:>8.2} {:>10.0} {:>7.1} {:>8.0} {:>11.3} {:>11.3} {:>7.2} {:>7.2}",
            r.size,
            r.files,
            r.mb,
            r.wall,
            r.size as f64 / r.wall,
            r.mb / r.wall,
            r.rss,
            r.parse_floor,
            r.schema_floor,
            r.wall / r.parse_floor,
            r.wall / r.schema_floor
        );
    }
    for r in results {
        let runs: Vec<String> = r.walls.iter().map(|w| format!("{w:.2}")).collect();
        let _ = writeln!(o, "  {} runs: {} s; summary {}", r.size, runs.join(" "), r.summary);
        // The clean-record count is not a time; its own line below gives it.
        let stages: Vec<String> =
            r.stages.iter().filter(|(k, _)| k != "clean-records").map(|(k, v)| format!("{k}={v:.0}")).collect();
        let _ = writeln!(o, "  {} stages (ms, median): {}", r.size, stages.join(" "));
        let cpu: f64 = r
            .stages
            .iter()
            .filter(|(k, _)| {
                matches!(k.as_str(), "read+split" | "parse" | "schema" | "record-rules" | "corpus-profile" | "locate")
            })
            .map(|s| s.1)
            .sum();
        if cpu > 0.0 {
            let share: Vec<String> = r
                .stages
                .iter()
                .filter(|(k, _)| {
                    matches!(
                        k.as_str(),
                        "read+split" | "parse" | "schema" | "record-rules" | "corpus-profile" | "locate"
                    )
                })
                .map(|(k, v)| format!("{k} {:.0}%", 100.0 * v / cpu))
                .collect();
            let _ = writeln!(o, "  {} per-record CPU split: {}", r.size, share.join(", "));
        }
        let stage = |name: &str| r.stages.iter().find(|(k, _)| k == name).map(|s| s.1);
        if let (Some(n), Some(parse), Some(rules)) =
            (stage("clean-records"), stage("clean-parse"), stage("clean-record-rules"))
        {
            let _ = writeln!(
                o,
                "  {} clean records ({n:.0}, no finding of their own): record rules {rules:.0} ms CPU against their parse {parse:.0} ms = {:.2}×",
                r.size,
                rules / parse.max(1e-9)
            );
        }
        let _ = writeln!(o, "  {} floor: {} records fail the schema in-process", r.size, r.invalid);
    }
    if results.len() >= 2 {
        let (a, b) = (&results[0], &results[results.len() - 1]);
        let _ = writeln!(
            o,
            "linearity: {}→{} records ({:.1}× the records, {:.1}× the bytes): {:.2}× the time",
            a.size,
            b.size,
            b.size as f64 / a.size as f64,
            b.mb / a.mb,
            b.wall / a.wall
        );
    }
    if let Some(((rec, _), (scale, scale_run))) = sims {
        let f = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
        let _ = writeln!(
            o,
            "similarity (threshold 0.5, word 3-shingles, services masked, LSH 32×4):\n  recall {:.4} ({} of {} exact pairs; {} planted, {} of them ≥0.5) on {} texts; false positives {} (rate {:.2e} of unplanted pairs; exact finds {} unplanted)",
            f(rec, "recall"),
            f(rec, "lsh_found"),
            f(rec, "exact_pairs"),
            f(rec, "planted_pairs"),
            f(rec, "planted_pairs_above_threshold"),
            f(rec, "texts"),
            f(rec, "false_positives"),
            f(rec, "false_positive_rate"),
            f(rec, "exact_unplanted_pairs")
        );
        if let Some(bands) = rec.get("bands").and_then(|b| b.as_array()) {
            let s: Vec<String> = bands
                .iter()
                .map(|b| format!("[{:.1},{:.1}) {}/{}", f(b, "lo"), f(b, "hi").min(1.0), f(b, "found"), f(b, "pairs")))
                .collect();
            let _ = writeln!(o, "  recall by true Jaccard: {}", s.join("  "));
        }
        let _ = writeln!(
            o,
            "  {} LSH candidates before verification; LSH {:.3} s vs exact all-pairs {:.1} s",
            f(rec, "lsh_candidates"),
            f(rec, "lsh_seconds"),
            f(rec, "exact_seconds")
        );
        let _ = writeln!(
            o,
            "  at {} texts ({:.0} MB of text): mask+shingle {:.2} s, LSH+verify {:.2} s (MinHash alone {:.2} s), {} pairs ({} of {} planted found); peak RSS {:.0} MB (texts {:.0}, +shingles {:.0} MB, LSH extra {:.0} MB)",
            f(scale, "texts"),
            f(scale, "text_mb"),
            f(scale, "mask_shingle_seconds"),
            f(scale, "lsh_seconds"),
            f(scale, "minhash_seconds"),
            f(scale, "pairs"),
            f(scale, "planted_found"),
            f(scale, "planted"),
            scale_run.rss_mb,
            f(scale, "rss_after_texts_mb"),
            f(scale, "rss_after_shingles_mb") - f(scale, "rss_after_texts_mb"),
            f(scale, "lsh_extra_peak_mb")
        );
    }
    o
}
