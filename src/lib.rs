//! acelint: a linter for AWS ACE opportunity records.
//!
//! A record travels `load` → `json` (parse, duplicate keys) → `schema` →
//! `rules` (record rules) → `corpus` (across records) → `locate` (pointer →
//! line:column) → `suppress` and `baseline` → `render`.
//! `check` runs that pipeline; `app` wires it to the command line: `setup`
//! (config and rule set) and `options` (what a run takes from the config
//! and its flags) before it, `report` (where the findings go) after it, and
//! `overwrite` so that a file a run writes is never one it reads.

pub mod app;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod color;
pub mod config;
pub mod corpus;
pub mod date;
pub mod diagnostic;
pub mod exclude;
pub mod export;
pub mod init;
pub mod json;
pub mod load;
pub mod locate;
pub mod names;
pub mod options;
pub mod overwrite;
pub mod record;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod services;
pub mod setup;
pub mod source;
pub mod spare;
pub mod suggest;
pub mod suppress;
pub mod tomlspan;
pub mod words;
pub mod write;
