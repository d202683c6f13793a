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
    /// When to colour the console: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR or CLICOLOR_FORCE colour off a terminal), always or never. --output-file is never coloured
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check record files and directories
    #[command(
        after_help = "Examples:\n  acelint check examples/\n  acelint check drafts/*.json --output-format concise\n  cat record.json | acelint check - --stdin-filename record.json\n  acelint check records/ --select ACE1 --ignore unknown-field --fail-level warning"
    )]
    Check(CheckArgs),
    /// Show each customer's stack of records and what the reviewer is likely to approve, trim, zero or reject
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
    /// Record the current findings in a baseline file, so that only new ones fail
    #[command(
        after_help = "Examples:\n  acelint baseline records/\n  acelint check records/ --baseline acelint-baseline.json"
    )]
    Baseline(BaselineArgs),
    /// Print the effective settings and where each came from
    Config(ConfigArgs),
    /// Write a commented acelint.toml and a sample draft record here
    Init,
    /// Print a record's CreateOpportunity request body (or its CreateBenefitApplication body)
    ///
    /// A record with errors is refused (exit 1, the errors on standard error). AWS's own checks
    /// (the schema's, ACE001-ACE019, and the submission rules) always run at their default
    /// severity, whatever --select, --ignore, the config or an allow say. A field the API does
    /// not know is never sent: one allowed away is left out of the body and named on standard
    /// error; any other refuses the record.
    #[command(
        after_help = "Examples:\n  acelint export drafts/portfolio.json > create.json\n  aws partnercentral-selling create-opportunity --cli-input-json file://create.json\n  acelint export drafts/portfolio.json --benefit-application --benefit-id ben-0123456789abcd"
    )]
    Export(ExportArgs),
    /// Print a JSON Schema of the record format, a rule file or acelint.toml (for editors)
    #[command(
        after_help = "Examples:\n  acelint schema > draft-record.schema.json\n  acelint schema opportunity\n  acelint schema rules > rules.schema.json\n  acelint schema config"
    )]
    Schema(SchemaArgs),
}

#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// Use this config file instead of discovering acelint.toml
    #[arg(long, value_name = "PATH", value_parser = path)]
    pub config: Option<String>,
    /// Ignore every config file
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Extra rule file(s) to load after the defaults (repeatable)
    #[arg(long = "rules", value_name = "PATH", value_parser = path)]
    pub rules: Vec<String>,
    /// Rules to run, by code, code prefix (ACE1), name or ALL; replaces the selection of acelint.toml. Files that cannot be read or parsed (ACE001, ACE003-ACE008) are always reported
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        long_help = "Rules to run, by code (ACE011), code prefix (ACE1), name (unknown-field) or ALL, in any case; \
                     replaces the default selection and the select, extend-select and ignore lists of acelint.toml, \
                     as in Ruff. Where --select and --ignore both match a rule, the more specific entry wins (a code \
                     or name over a prefix, a longer prefix over a shorter one, ALL last), --ignore when equally \
                     specific.\n\nThe rules that say a file could not be read or parsed (ACE001 invalid-json, \
                     ACE003-ACE008) are always reported, whatever --select, --ignore, per-file-ignores or the \
                     config say."
    )]
    pub select: Vec<String>,
    /// Rules to add to the selection; a rule named here runs even if acelint.toml ignores it
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,
    /// Rules to switch off (more specific --select entries win); ACE001 and ACE003-ACE008 (unreadable or unparsable files) cannot be switched off
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input
    #[arg(value_name = "PATH", default_value = ".", value_parser = path)]
    pub paths: Vec<String>,
    /// Output format [default: full; github when GITHUB_ACTIONS=true]
    #[arg(long, value_enum)]
    pub output_format: Option<Format>,
    /// Write the --output-format report to this file (never coloured); the console keeps its default report (full; github when GITHUB_ACTIONS=true). Not a file being checked, nor `-`: --output-format alone prints on standard output
    #[arg(long, value_name = "PATH", value_parser = output_path)]
    pub output_file: Option<String>,
    /// Lowest severity that makes the exit code 1 [default: error]
    #[arg(long, value_enum)]
    pub fail_level: Option<Level>,
    /// Name to show for standard input (the path `-`) in messages
    #[arg(long, value_name = "NAME", value_parser = file_name)]
    pub stdin_filename: Option<String>,
    /// Fix "today" for date rules (YYYY-MM-DD), for reproducible results
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Largest file read, in bytes [default: 268435456]
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: Option<u64>,
    /// Report only findings not recorded in this baseline file
    #[arg(long, value_name = "FILE", value_parser = path)]
    pub baseline: Option<String>,
    /// Rewrite the baseline (--baseline, or the config's `baseline`) without
    /// its stale entries
    #[arg(long)]
    pub prune: bool,
    /// Show counts per rule (reported, suppressed, baselined) instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// Print the time spent in each stage to standard error
    #[arg(long)]
    pub timings: bool,
    /// Time every record rule and print the ten slowest to standard error (the timing itself costs a few percent)
    #[arg(long)]
    pub rule_timings: bool,
    /// Also load record files matching GLOB for cross-record comparison; their own findings are not reported, and a pair with a checked record is reported on the checked one (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub corpus: Vec<String>,
    /// Say which kind each record was taken for (draft record or bare body)
    #[arg(long, short)]
    pub verbose: bool,
    /// Print only the findings: no summary line, hint, note or warning (stale baseline entries, unused config allows, corpus problems). Errors that make the exit code 2 are still printed
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print nothing (no report, --statistics or --timings, no GitHub step summary) but the errors that make the exit code 2; the exit code tells the rest. --output-file is still written
    #[arg(long, short = 's', conflicts_with_all = ["verbose", "quiet"])]
    pub silent: bool,
    /// Exit with 0 even when findings reach --fail-level. A file that could not be parsed (ACE001, ACE003-ACE007) still exits 1: it was not checked. A file that cannot be read (ACE008), usage and config errors still exit 2
    #[arg(long)]
    pub exit_zero: bool,
    /// Leave out files and directories matching GLOB when walking directories, in place of the config's `exclude` (repeatable). A GLOB without `/` matches a name at any depth; one with `/` is relative to the working directory
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Like --exclude, but added to the config's `exclude` and `extend-exclude` (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub extend_exclude: Vec<String>,
    /// Apply the exclusions to paths named on the command line too (and to --stdin-filename), as a pre-commit hook needs; without it, a file named is checked even if excluded
    #[arg(long)]
    pub force_exclude: bool,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Args, Debug)]
pub struct StackArgs {
    /// Files or directories of records
    #[arg(value_name = "PATH", default_value = ".", value_parser = path)]
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
pub struct BaselineArgs {
    /// Files or directories of records
    #[arg(value_name = "PATH", default_value = ".", value_parser = path)]
    pub paths: Vec<String>,
    /// The baseline file to write [default: the config's `baseline`, else
    /// acelint-baseline.json]
    #[arg(long, short, value_name = "FILE", value_parser = path)]
    pub output: Option<String>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
    /// Fix "today" for date rules (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The draft record file (its first record, or the one given with --record)
    #[arg(value_parser = path)]
    pub path: String,
    /// Which record of the file (0-based)
    #[arg(long, default_value_t = 0)]
    pub record: usize,
    /// Print a CreateBenefitApplication body whose BenefitApplicationDetails is the Funding half
    #[arg(long)]
    pub benefit_application: bool,
    /// The benefit to apply for (`ben-…` or an ARN), required with --benefit-application
    #[arg(long, value_name = "ID", requires = "benefit_application")]
    pub benefit_id: Option<String>,
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
    /// Which schema: draft-record (records), opportunity and funding (its two halves), suppressions (x-acelint), rules (rule files) or config (acelint.toml)
    #[arg(
        default_value = "draft-record",
        value_parser = clap::builder::PossibleValuesParser::new(crate::schema::DOCUMENTS.iter().map(|(name, _)| *name))
    )]
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, following NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE
    #[default]
    Auto,
    /// Always colour, even into a pipe
    Always,
    /// Never colour
    Never,
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

/// A name for standard input that messages can show: a finding at `:2:3`
/// names no file.
fn file_name(s: &str) -> Result<String, String> {
    match s.trim().is_empty() {
        true => Err("the name is empty; give the file name standard input stands for".into()),
        false => Ok(s.to_string()),
    }
}

/// The report's file. `-` is no file here (a file of that name would be
/// written, where standard output was meant), and the report already goes
/// to standard output.
fn output_path(s: &str) -> Result<String, String> {
    match s {
        "-" => Err("`-` is not a file: to print the report on standard output, give --output-format alone".into()),
        s => path(s),
    }
}

/// A path as given: an empty one would be read as the working directory
/// (`.`), and a message about it would blame that.
fn path(s: &str) -> Result<String, String> {
    match s.is_empty() {
        true => Err("the path is empty".into()),
        false => Ok(s.to_string()),
    }
}
