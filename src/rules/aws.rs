//! AWS's own wording of a rejection, quoted in a finding's help so that a
//! partner recognises the error they would have received: a rule's
//! `aws-message`, or for a schema finding the entry of
//! `rules/data/aws-messages.json` for the keyword and field that failed.

use serde_json::Value;
use std::sync::LazyLock;

/// How AWS's message is introduced wherever acelint shows it.
pub fn quoted(aws: &str) -> String {
    format!("AWS rejects this with: \"{aws}\"")
}

/// `help`, then AWS's message on a line of its own.
pub fn quote(help: Option<String>, aws: &str) -> String {
    let quoted = quoted(aws);
    match help {
        Some(h) => format!("{h}\n{quoted}"),
        None => quoted,
    }
}

/// (JSON Schema keyword, field pattern, message) from the data file.
static SCHEMA_MESSAGES: LazyLock<Vec<(String, String, String)>> = LazyLock::new(|| {
    let Ok(data) = super::data::DataFiles::builtin().load("data/aws-messages.json") else { return Vec::new() };
    let entries = data.get("messages").and_then(Value::as_array).into_iter().flatten();
    entries
        .filter_map(|e| {
            let s = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
            Some((s("keyword")?, s("field")?, s("message")?))
        })
        .collect()
});

/// AWS's message for a schema `keyword` failing at `pointer`, a path in a
/// CreateOpportunity body or under a draft record's `/Opportunity`.
pub fn schema_message(keyword: &str, pointer: &str) -> Option<&'static str> {
    let path = pointer.strip_prefix("/Opportunity").filter(|p| p.is_empty() || p.starts_with('/')).unwrap_or(pointer);
    SCHEMA_MESSAGES.iter().find(|(k, field, _)| k == keyword && matches(field, path)).map(|(_, _, m)| m.as_str())
}

/// Whether `path` is `field`, where a `*` token of `field` stands for any
/// array index.
fn matches(field: &str, path: &str) -> bool {
    let (mut f, mut p) = (field.split('/'), path.split('/'));
    loop {
        match (f.next(), p.next()) {
            (None, None) => return true,
            (Some("*"), Some(t)) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_messages_match_bare_and_draft_paths_with_any_index() {
        let duns = "Field Customer.Account.Duns does not match the required format: must be exactly 9 digits.";
        assert_eq!(schema_message("pattern", "/Customer/Account/Duns"), Some(duns));
        assert_eq!(schema_message("pattern", "/Opportunity/Customer/Account/Duns"), Some(duns));
        assert_eq!(schema_message("required", "/Opportunity/Customer/Account/Duns"), None, "keyword matters");
        let frequency = "Project.ExpectedCustomerSpend.Frequency must be 'Monthly'.";
        assert_eq!(schema_message("enum", "/Opportunity/Project/ExpectedCustomerSpend/3/Frequency"), Some(frequency));
        assert_eq!(schema_message("enum", "/Opportunity/Project/ExpectedCustomerSpend/x/Frequency"), None);
        assert_eq!(schema_message("required", "/Funding/Catalog"), None);
        assert_eq!(schema_message("required", "/OpportunityCatalog"), None);
    }

    /// Each entry names a field of the opportunity schema and a keyword that
    /// field has, so a schema change cannot leave a message on nothing.
    #[test]
    fn every_schema_message_sits_on_a_keyword_of_the_schema() {
        let schema: Value = serde_json::from_str(crate::schema::Schemas::text("opportunity").unwrap()).unwrap();
        fn follow<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
            while let Some(r) = node.get("$ref").and_then(Value::as_str) {
                node = schema.pointer(r.trim_start_matches('#')).expect("a local $ref");
            }
            node
        }
        let resolve = |node| follow(&schema, node);
        let raw = super::super::data::DataFiles::builtin().load("data/aws-messages.json").unwrap();
        assert_eq!(SCHEMA_MESSAGES.len(), raw["messages"].as_array().unwrap().len(), "every entry decodes");
        for (keyword, field, _) in SCHEMA_MESSAGES.iter() {
            let tokens: Vec<&str> = field.split('/').skip(1).collect();
            let (last, parents) = tokens.split_last().unwrap();
            let mut node = resolve(&schema);
            for t in parents {
                node = resolve(if *t == "*" { &node["items"] } else { &node["properties"][*t] });
            }
            let found = if keyword == "required" {
                node["required"].as_array().is_some_and(|r| r.iter().any(|x| x == last))
            } else {
                resolve(&node["properties"][*last]).get(keyword.as_str()).is_some()
            };
            assert!(found, "`{keyword}` at {field} is not in the opportunity schema");
        }
    }

    #[test]
    fn quote_follows_the_help() {
        assert_eq!(quote(Some("fix it".into()), "No."), "fix it\nAWS rejects this with: \"No.\"");
        assert_eq!(quote(None, "No."), "AWS rejects this with: \"No.\"");
    }
}
