//! The whole `check` pipeline on one file with arbitrary content.
#![no_main]
use acelint::check::{self, Options};
use acelint::date::Date;
use acelint::rules::RuleSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static RULES: OnceLock<RuleSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let rules = RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"));
    let dir = std::env::temp_dir().join(format!("acelint-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("record.json");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let opts = Options::new(vec![path.to_string_lossy().into_owned()], Date::parse("2026-11-24").unwrap());
    let outcome = check::run(&opts, rules);
    for d in &outcome.diagnostics {
        assert!(d.location.line >= 1 && d.location.column >= 1);
    }
    let _ = acelint::render::json::render(&outcome);
    let _ = acelint::render::concise::render(&outcome);
});
