//! Rule files: TOML, checked against `schemas/rules.schema.json`, decoded
//! into typed rules. Every mistake is reported at its line and column.

use super::Rule;
use crate::diagnostic::Severity;
use crate::tomlspan;
use serde::Deserialize;
use std::ops::Range;

/// The default rule files, compiled into the binary.
pub const BUILTIN_FILES: &[(&str, &str)] = &[("rules/core.toml", include_str!("../../rules/core.toml"))];

/// A broken rule file: where, and what is wrong.
#[derive(Debug)]
pub struct RuleFileError {
    pub file: String,
    pub text: String,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub fails: String,
    #[serde(default)]
    pub passes: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawFile {
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawRule {
    code: String,
    name: String,
    severity: Severity,
    #[serde(default)]
    summary: String,
    check: serde_json::Value,
    #[serde(default)]
    docs: Docs,
}

pub fn parse(name: &str, text: &str) -> Result<Vec<Rule>, RuleFileError> {
    let err = |span: Range<usize>, message: String| RuleFileError {
        file: name.to_string(),
        text: text.to_string(),
        span,
        message,
        help: None,
    };
    let (value, spans) = tomlspan::parse(text).map_err(|e| err(e.span, e.message))?;
    let raw: RawFile = serde_json::from_value(value).map_err(|e| err(spans.value(""), e.to_string()))?;
    Ok(raw
        .rules
        .into_iter()
        .map(|r| Rule {
            code: r.code.into(),
            name: r.name.into(),
            severity: r.severity,
            enabled: true,
            summary: r.summary,
            kind: r.check.get("kind").and_then(|k| k.as_str()).unwrap_or("builtin").to_string(),
            docs: r.docs,
            origin: name.to_string(),
        })
        .collect())
}
