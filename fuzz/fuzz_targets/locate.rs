//! The pointer → span locator on arbitrary text and pointers: never a
//! panic, and on valid JSON a span that parses back to the pointed value.
#![no_main]
use acelint::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (text, pointer) = input;
    let spans = json::locate(text, pointer);
    let _ = json::duplicate_keys(text);
    if let (Some(spans), Ok(doc)) = (spans, serde_json::from_str::<serde_json::Value>(text)) {
        if let Some(expected) = doc.pointer(pointer) {
            let found: serde_json::Value = serde_json::from_str(&text[spans.value]).expect("span parses");
            // Duplicate keys: the locator returns the last one, as serde_json keeps.
            assert_eq!(&found, expected);
        }
    }
});
