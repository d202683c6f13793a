//! `acelint.toml`: found by walking up from the current directory (or named
//! with `--config`, or ignored with `--isolated`), validated against
//! `schemas/config.schema.json`, every mistake reported at its line and
//! column with a "did you mean". Command-line flags override it.

use crate::rules::RuleFileError;
use crate::schema::SCHEMAS;
use crate::tomlspan;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "acelint.toml";

/// A loaded configuration; every path in it is resolved against `dir`.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from; `None` when no file applies.
    pub path: Option<PathBuf>,
    pub dir: PathBuf,
    pub value: Value,
    /// Where each key and value is, for errors found after loading.
    pub spans: tomlspan::SpanMap,
    pub text: String,
}

impl Config {
    /// The configuration that applies: `--config PATH`, else `acelint.toml`
    /// in the current directory or the nearest parent, else none.
    pub fn find(explicit: Option<&str>, isolated: bool) -> Result<Config, RuleFileError> {
        if isolated {
            return Ok(Config::none());
        }
        let path = match explicit {
            Some(p) => Some(PathBuf::from(p)),
            None => discover(&std::env::current_dir().unwrap_or_default()),
        };
        match path {
            Some(p) => Config::load(&p),
            None => Ok(Config::none()),
        }
    }

    fn none() -> Config {
        Config {
            path: None,
            dir: PathBuf::from("."),
            value: Value::Object(Default::default()),
            spans: Default::default(),
            text: String::new(),
        }
    }

    pub fn load(path: &Path) -> Result<Config, RuleFileError> {
        let name = crate::load::display_path(path);
        let text = std::fs::read_to_string(path).map_err(|e| RuleFileError {
            file: name.clone(),
            text: String::new(),
            span: 0..0,
            message: format!("cannot read the config file: {}", crate::load::io_message(&e)),
            help: None,
        })?;
        let fail = |span, message, help| RuleFileError { file: name.clone(), text: text.clone(), span, message, help };
        let (value, spans) = tomlspan::parse(&text).map_err(|e| fail(e.span, e.message, None))?;
        if let Some(e) = SCHEMAS.check_document("config", &value).into_iter().next() {
            let span = if e.target == crate::diagnostic::Target::Key {
                spans.key(&e.pointer)
            } else {
                spans.value(&e.pointer)
            };
            return Err(fail(span, e.message, e.help));
        }
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        Ok(Config { path: Some(path.to_path_buf()), dir, value, spans, text })
    }

    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        self.value.get(key)?.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key)?.as_str()
    }

    /// A path from the config, resolved against the config's directory.
    pub fn resolve(&self, p: &str) -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.dir.join(p)
        }
    }

    /// An error at a pointer of the config file.
    pub fn error(&self, pointer: &str, message: String) -> RuleFileError {
        RuleFileError { span: self.spans.value(pointer), ..self.error_at_key(pointer, message) }
    }

    /// An error about a table key itself (a `per-file-ignores` glob).
    pub fn error_at_key(&self, pointer: &str, message: String) -> RuleFileError {
        RuleFileError {
            file: self.source(),
            text: self.text.clone(),
            span: self.spans.key(pointer),
            message,
            help: None,
        }
    }

    /// The config's `[rule.NAME]` tables as rule overrides.
    pub fn rule_changes(&self) -> Vec<crate::rules::file::Override> {
        let Some(table) = self.value.get("rule").and_then(Value::as_object) else { return Vec::new() };
        table
            .iter()
            .map(|(name, change)| {
                let s = |k: &str| change.get(k).and_then(Value::as_str).map(str::to_string);
                crate::rules::file::Override {
                    rule: name.clone(),
                    severity: s("severity").as_deref().and_then(crate::diagnostic::Severity::parse),
                    enabled: change.get("enabled").and_then(Value::as_bool),
                    check: change.get("check").cloned(),
                    message: s("message"),
                    help: s("help"),
                    pointer: crate::json::pointer::join("/rule", name),
                }
            })
            .collect()
    }

    /// Where a setting came from, for `acelint config`.
    pub fn source(&self) -> String {
        self.path.as_ref().map_or_else(|| "default".into(), |p| crate::load::display_path(p))
    }
}

/// `acelint.toml` in `start` or its nearest parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}
