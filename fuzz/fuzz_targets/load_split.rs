//! The record loader and splitter: any bytes, as a file, split into
//! records and each record parsed. Must never panic or hang.
#![no_main]
use acelint::{json, load, source::SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile::new("fuzz.json", text);
    for jsonl in [false, true] {
        if let load::Layout::Records(ranges) | load::Layout::Lines(ranges) = load::split(&file, jsonl) {
            for r in ranges {
                if let Ok(p) = json::parse_record(&file.text[r.clone()]) {
                    if p.has_duplicate_keys {
                        let _ = json::duplicate_keys(&file.text[r]);
                    }
                }
            }
        }
    }
    let _ = file.line_col(text.len() / 2);
});
