//! acelint's benchmark tasks.
//!
//! ```text
//! cargo run -p xtask --release -- gen --records N --seed S --out DIR
//! cargo run -p xtask --release -- bench [--sizes 10000,100000] [--runs 3] [--seed S] [--dir DIR]
//!                                       [--sim-texts 5000] [--sim-scale 100000] [--no-sim]
//!                                       [--select CODES]
//! cargo run -p xtask --release -- similarity --mode recall|scale --texts N [--seed S]
//! ```

// `*rng.pick(xs)` reads better than relying on auto-deref of `&&str`.
#![allow(clippy::explicit_auto_deref)]

mod bench;
mod gen;
mod json;
mod kinds;
mod rng;
mod sim;
mod vocab;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  xtask gen --records N [--seed S] --out DIR
  xtask bench [--sizes 10000,100000] [--runs 3] [--seed S] [--dir DIR] [--sim-texts N] [--sim-scale N] [--no-sim] [--select CODES]
  xtask similarity --mode recall|scale [--texts N] [--seed S]";

/// acelint's allocator (see its `src/main.rs`), so that the in-process
/// floors parse and validate on the same footing as the binary they are
/// compared with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub const DEFAULT_SEED: u64 = 20_261_124;

struct Args(Vec<String>);

impl Args {
    fn value(&mut self, flag: &str) -> Option<String> {
        let i = self.0.iter().position(|a| a == flag)?;
        if i + 1 >= self.0.len() {
            fail(&format!("{flag} needs a value"));
        }
        let v = self.0.remove(i + 1);
        self.0.remove(i);
        Some(v)
    }

    fn flag(&mut self, flag: &str) -> bool {
        let found = self.0.iter().position(|a| a == flag);
        if let Some(i) = found {
            self.0.remove(i);
        }
        found.is_some()
    }

    fn num<T: std::str::FromStr>(&mut self, flag: &str, default: T) -> T {
        match self.value(flag) {
            Some(v) => v.replace('_', "").parse().unwrap_or_else(|_| fail(&format!("{flag}: not a number: {v}"))),
            None => default,
        }
    }

    fn done(self) {
        if let Some(a) = self.0.first() {
            fail(&format!("unexpected argument {a}"));
        }
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("xtask: {msg}\n{USAGE}");
    std::process::exit(2)
}

fn main() -> ExitCode {
    let mut argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.is_empty() {
        fail("no task given");
    }
    let task = argv.remove(0);
    let mut args = Args(argv);
    let result = match task.as_str() {
        "gen" => {
            let records = args.num("--records", 2000usize);
            let seed = args.num("--seed", DEFAULT_SEED);
            let out = PathBuf::from(args.value("--out").unwrap_or_else(|| fail("gen needs --out DIR")));
            args.done();
            let started = std::time::Instant::now();
            gen::generate(records, seed, &out)
                .map(|s| {
                    let secs = started.elapsed().as_secs_f64();
                    println!(
                        "{} records in {} files, {:.1} MB, in {secs:.2} s -> {}",
                        s.records,
                        s.files,
                        s.bytes as f64 / 1e6,
                        out.display()
                    );
                    let planted: Vec<String> = s.planted.iter().map(|(k, v)| format!("{k} {v}")).collect();
                    println!("planted mistakes: {}", planted.join(", "));
                    println!("customers with a near-duplicate use case: {}", s.near_duplicates);
                })
                .map_err(|e| e.to_string())
        }
        "bench" => {
            let opts = bench::Opts {
                sizes: args
                    .value("--sizes")
                    .map(|s| {
                        s.split(',')
                            .map(|x| x.trim().replace('_', "").parse().unwrap_or_else(|_| fail("--sizes: numbers")))
                            .collect()
                    })
                    .unwrap_or_else(|| vec![10_000, 100_000]),
                runs: args.num("--runs", 3usize).max(1),
                seed: args.num("--seed", DEFAULT_SEED),
                dir: args.value("--dir").map(PathBuf::from),
                sim_texts: args.num("--sim-texts", 5000usize),
                sim_scale: args.num("--sim-scale", 100_000usize),
                no_sim: args.flag("--no-sim"),
                select: args.value("--select"),
            };
            args.done();
            bench::run(&opts)
        }
        "similarity" => {
            let mode = args.value("--mode").unwrap_or_else(|| "recall".into());
            let texts = args.num("--texts", 5000usize);
            let seed = args.num("--seed", DEFAULT_SEED);
            args.done();
            sim::run(&mode, texts, seed)
        }
        other => fail(&format!("unknown task {other}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
