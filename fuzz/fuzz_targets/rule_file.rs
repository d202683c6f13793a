//! The rule-file loader on arbitrary TOML: a rule file is either loaded
//! or rejected with a located error, never a panic.
#![no_main]
use acelint::rules::{data::DataFiles, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static BUILTIN: OnceLock<RuleSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut rules = BUILTIN.get_or_init(|| RuleSet::builtin().expect("built-in rules load")).clone();
    if let Err(e) = rules.add_file("fuzz.toml", text, DataFiles::builtin()) {
        assert!(e.span.start <= text.len() && e.span.end <= text.len(), "error span inside the file");
    }
});
