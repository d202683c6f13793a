//! Property tests of the pointer → span locator: for any generated JSON
//! document, written compactly or pretty-printed, the span the locator
//! returns for any pointer into it covers exactly that value (and, for an
//! object member, its key).

use acelint::json::{self, pointer};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        // Keys and strings with escapes, quotes, slashes, tildes and non-ASCII text.
        "[a-z~/\"\\\\é東\\u{1F600} \\n\\t]{0,8}".prop_map(Value::String),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z0-9~/é\"]{0,6}", inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every pointer in a value, with the value it names.
fn pointers(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    out.push((at.clone(), v.clone()));
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, pointer::join(&at, &i.to_string()), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                pointers(item, pointer::join(&at, k), out);
            }
        }
        _ => {}
    }
}

fn check_all(doc: &Value, text: &str) -> Result<(), TestCaseError> {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    for (ptr, expected) in all {
        let spans = json::locate(text, &ptr);
        prop_assert!(spans.is_some(), "no span for {ptr:?} in {text}");
        let spans = spans.unwrap();
        // These documents repeat no key: stopping at the first member of a
        // name finds the same spans.
        prop_assert_eq!(json::locate_with(text, &ptr, json::Keys::Unique), Some(spans.clone()), "{:?}", ptr);
        let found: Value = serde_json::from_str(&text[spans.value.clone()]).unwrap();
        prop_assert_eq!(&found, &expected, "value span of {:?}", ptr);
        if let Some(key) = spans.key {
            let name: String = serde_json::from_str(&text[key]).unwrap();
            prop_assert_eq!(Some(name), pointer::tokens(&ptr).last());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_cover_exactly_the_value_compact(doc in document()) {
        let text = serde_json::to_string(&doc).unwrap();
        check_all(&doc, &text)?;
    }

    #[test]
    fn spans_cover_exactly_the_value_pretty(doc in document(), crlf in any::<bool>()) {
        let mut text = serde_json::to_string_pretty(&doc).unwrap();
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        check_all(&doc, &text)?;
    }

    #[test]
    fn locator_never_panics_on_arbitrary_text(text in "\\PC{0,64}", ptr in "(/[a-z0-9~]{0,3}){0,4}") {
        let _ = json::locate(&text, &ptr);
        let _ = json::locate_with(&text, &ptr, json::Keys::Unique);
        let _ = json::duplicate_keys(&text);
    }
}
