//! Command-line interface (clap): the commands and their flags.

use crate::diagnostic::Severity;
use crate::render::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "acelint",
    version,
    about = "A fast, exacting linter for AWS ACE opportunity records and the credit requests filed with them",
    long_about = "acelint checks draft ACE opportunity records before a partner files them: \
                  AWS's API field rules, the credit reviewer's checks (spend plausible for the \
                  stage, eval plans, Marketplace spend, vague use cases) and, across records, \
                  double-counted workloads.\n\nExit codes: 0 no finding at or above the fail level; \
                  1 such findings; 2 usage, configuration or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check record files and directories
    #[command(
        after_help = "Examples:\n  acelint check examples/\n  acelint check drafts/*.json --output-format concise\n  cat record.json | acelint check - --stdin-filename record.json\n  acelint check records/ --select ACE1 --ignore unknown-field --fail-level warning"
    )]
    Check(CheckArgs),
    /// Show each customer's stack of records and what the reviewer is likely to approve, trim or zero
    #[command(
        after_help = "Examples:\n  acelint stack examples/clean-stack/\n  acelint stack drafts/ --output-format json"
    )]
    Stack(StackArgs),
    /// List every rule with its code, name, severity and kind
    #[command(after_help = "Examples:\n  acelint rules\n  acelint rules --output-format json")]
    Rules(RulesArgs),
    /// Show a rule's documentation and its current parameters
    #[command(after_help = "Examples:\n  acelint explain ACE011\n  acelint explain unknown-field")]
    Explain(ExplainArgs),
    /// Print a JSON Schema of the record format (for editors)
    #[command(after_help = "Examples:\n  acelint schema > draft-record.schema.json\n  acelint schema opportunity")]
    Schema(SchemaArgs),
}

#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// Extra rule file(s) to load after the defaults (repeatable)
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<String>,
    /// Rules to run, by code, code prefix (ACE1) or name; replaces the default selection
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Rules to add to the selection
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,
    /// Rules to switch off
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "full")]
    pub output_format: Format,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "error")]
    pub fail_level: Level,
    /// Name to show for standard input in messages
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Fix "today" for date rules (YYYY-MM-DD), for reproducible results
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Largest file read, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Also load record files matching GLOB for cross-record comparison; their own findings are not reported (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub corpus: Vec<String>,
    /// Say which kind each record was taken for (draft record or bare body)
    #[arg(long, short)]
    pub verbose: bool,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Args, Debug)]
pub struct StackArgs {
    /// Files or directories of records
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    /// Also load record files matching GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub corpus: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub output_format: ListFormat,
    /// Fix "today" for date rules (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub output_format: ListFormat,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (ACE011) or name (unknown-field)
    pub rule: String,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which schema: draft-record (default), opportunity, funding or suppressions
    #[arg(default_value = "draft-record")]
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Severity {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}
