//! AWS's own wording of a rejection, quoted in a finding's help so that a
//! partner recognises the error they would have received: a rule's
//! `aws-message`, or for a schema finding the entry of
//! `rules/data/aws-messages.json` for the keyword and field that failed.

use super::path::Path;
use crate::record::RecordKind;
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

/// (JSON Schema keyword, field, message) from the data file.
static SCHEMA_MESSAGES: LazyLock<Vec<(String, Path, String)>> = LazyLock::new(|| {
    let Ok(data) = super::data::DataFiles::builtin().load("data/aws-messages.json") else { return Vec::new() };
    let entries = data.get("messages").and_then(Value::as_array).into_iter().flatten();
    entries
        .filter_map(|e| {
            let s = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
            Some((s("keyword")?, Path::parse(&s("field")?).ok()?, s("message")?))
        })
        .collect()
});

/// AWS's message for a schema `keyword` failing at `pointer`, in a draft
/// record or a bare CreateOpportunity body (no pointer is valid in both).
pub fn schema_message(keyword: &str, pointer: &str) -> Option<&'static str> {
    let at = |field: &Path| [RecordKind::Draft, RecordKind::Bare].iter().any(|&k| field.selects_pointer(pointer, k));
    SCHEMA_MESSAGES.iter().find(|(k, field, _)| k == keyword && at(field)).map(|(_, _, m)| m.as_str())
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
        assert_eq!(schema_message("enum", "/Opportunity/Project/ExpectedCustomerSpend/3/CurrencyCode"), None);
        assert_eq!(schema_message("enum", "/Project/ExpectedCustomerSpend/0/Frequency"), Some(frequency), "bare");
        assert_eq!(schema_message("required", "/Funding/Catalog"), None);
        assert_eq!(schema_message("required", "/OpportunityCatalog"), None);
    }

    /// Each entry names a field of the record schema and a keyword that
    /// field has, so a schema change cannot leave a message on nothing.
    #[test]
    fn every_schema_message_sits_on_a_keyword_of_the_schema() {
        use crate::schema::{Schemas, SCHEMAS};
        let raw = super::super::data::DataFiles::builtin().load("data/aws-messages.json").unwrap();
        assert_eq!(SCHEMA_MESSAGES.len(), raw["messages"].as_array().unwrap().len(), "every entry decodes");
        let root = Schemas::id("draft-record");
        for (keyword, field, _) in SCHEMA_MESSAGES.iter() {
            let found = if keyword == "required" {
                let (parent, name) = field.split_last().unwrap();
                parent
                    .schema_nodes(&SCHEMAS.documents, &root)
                    .iter()
                    .any(|n| n["required"].as_array().is_some_and(|r| r.iter().any(|x| x == name.as_str())))
            } else {
                field.schema_nodes(&SCHEMAS.documents, &root).iter().any(|n| n.get(keyword.as_str()).is_some())
            };
            assert!(found, "`{keyword}` at {} is not in the record schema", field.text);
        }
    }

    #[test]
    fn quote_follows_the_help() {
        assert_eq!(quote(Some("fix it".into()), "No."), "fix it\nAWS rejects this with: \"No.\"");
        assert_eq!(quote(None, "No."), "AWS rejects this with: \"No.\"");
    }
}
