//! What every command runs with: the config, found or named, and the rule
//! set built from the defaults, the rule files and the config's changes,
//! with the selection applied. A mistake in the config or a rule file is
//! reported at its line and column (`file_error`).

use crate::cli::RuleArgs;
use crate::config::Config;
use crate::render;
use crate::rules::data::DataFiles;
use crate::rules::{RuleFileError, RuleSet, Selectors};
use crate::source::SourceFile;
use std::path::Path;

/// The config and rule set a command runs with.
pub struct Setup {
    pub config: Config,
    pub rules: RuleSet,
}

/// A rule file's text; a byte that is not UTF-8 is reported at its line
/// and column, as any other mistake in the file.
/// A file that cannot be read is reported by `unreadable`, which knows
/// where the file was named.
fn read_rule_file(path: &Path, name: &str, unreadable: impl FnOnce(String) -> String) -> Result<String, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| unreadable(format!("cannot read rule file {name}: {}", crate::load::io_message(&e))))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        format!("error: invalid rule file {name}:{line}:{column}: not UTF-8 text (save the file as UTF-8)")
    })
}

/// Loads the config, then the rules: defaults, the config's rule files,
/// `--rules` files, the config's `[rule.NAME]` changes, and the selection:
/// the config's `select`, `extend-select` and `ignore`, then the command
/// line's, which override them as in Ruff (see `rules/select.rs`). The
/// config's selectors, `per-file-ignores` and `[[allow]]` rules are checked
/// here, so a misspelt one is reported at its line and column.
pub fn load(args: &RuleArgs) -> Result<Setup, String> {
    load_with(find_config(args)?, args)
}

pub fn find_config(args: &RuleArgs) -> Result<Config, String> {
    Config::find(args.config.as_deref(), args.isolated).map_err(|e| file_error("config", &e))
}

/// `load` with the config found: `check` reads its exclusions before
/// walking the directories, while the rules compile.
pub fn load_with(config: Config, args: &RuleArgs) -> Result<Setup, String> {
    let mut rules = RuleSet::builtin().map_err(|e| file_error("rule file", &e))?;
    add_rule_files(&mut rules, &config, args)?;
    apply_rule_changes(&mut rules, &config)?;
    check_config_selectors(&config, &rules)?;
    let strings = |key: &str| config.strings(key).unwrap_or_default();
    let (select, extend, ignore) = (strings("select"), strings("extend-select"), strings("ignore"));
    let from_config = Selectors { select: &select, extend: &extend, ignore: &ignore };
    let cli = Selectors { select: &args.select, extend: &args.extend_select, ignore: &args.ignore };
    rules.select(from_config, cli)?;
    Ok(Setup { config, rules })
}

/// The config's rule files, then `--rules` files. A file named twice (in
/// the config and again with `--rules`, as `explain --rules` is often
/// run) is loaded once: loaded again, each of its rules would clash with
/// itself.
fn add_rule_files(rules: &mut RuleSet, config: &Config, args: &RuleArgs) -> Result<(), String> {
    // Each with where the config names it, so a missing file is reported there.
    let config_rules = config.strings("rules").unwrap_or_default().into_iter().enumerate();
    let config_rules = config_rules.map(|(i, p)| (config.resolve(&p), Some(format!("/rules/{i}"))));
    let mut loaded: Vec<std::path::PathBuf> = Vec::new();
    for (path, named_at) in config_rules.chain(args.rules.iter().map(|p| (p.into(), None))) {
        let same_file = std::fs::canonicalize(&path).ok();
        if same_file.as_ref().is_some_and(|p| loaded.contains(p)) {
            continue;
        }
        loaded.extend(same_file);
        let name = crate::load::display_path(&path);
        let text = read_rule_file(&path, &name, |reason| match &named_at {
            Some(at) => file_error("config", &config.error(at, reason)),
            None => format!("error: {reason}"),
        })?;
        rules.add_file(&name, &text, DataFiles::beside(&path)).map_err(|e| file_error("rule file", &e))?;
    }
    Ok(())
}

/// The config's `[rule.NAME]` changes; switching off a rule that is always
/// reported is refused at its `enabled`.
fn apply_rule_changes(rules: &mut RuleSet, config: &Config) -> Result<(), String> {
    for change in config.rule_changes() {
        rules
            .apply_override(&change, &config.source())
            .map_err(|e| file_error("config", &config.error(&e.pointer, e.message)))?;
        if change.enabled == Some(false) {
            if let Some(rule) = rules.get(&change.rule).filter(|r| r.always_reported()) {
                let message =
                    format!("`{}` ({}) cannot be switched off: {}", rule.name, rule.code, rules.always_reported_note());
                return Err(file_error("config", &config.error(&format!("{}/enabled", change.pointer), message)));
            }
        }
    }
    Ok(())
}

/// Checks every rule selector of the config against the rules, with the
/// place of a wrong one: `select`, `extend-select`, `ignore`,
/// `per-file-ignores` and the `rule` of each `[[allow]]`.
fn check_config_selectors(config: &Config, rules: &RuleSet) -> Result<(), String> {
    use crate::json::pointer::join;
    let fail = |pointer: &str, message: String, help: Option<String>| {
        let mut e = config.error(pointer, message);
        e.help = help;
        file_error("config", &e)
    };
    for (key, ignoring) in [("select", false), ("extend-select", false), ("ignore", true)] {
        for (i, s) in config.strings(key).unwrap_or_default().iter().enumerate() {
            rules
                .check_selector(s, &format!("`{key}`"), ignoring)
                .map_err(|m| fail(&join(&join("", key), &i.to_string()), m, None))?;
        }
    }
    let per_file = config.value.get("per-file-ignores").and_then(|v| v.as_object());
    for (glob, list) in per_file.into_iter().flatten() {
        let at = join(&join("", "per-file-ignores"), glob);
        for (i, s) in list.as_array().into_iter().flatten().enumerate() {
            let s = s.as_str().unwrap_or_default();
            rules
                .check_selector(s, &format!("per-file-ignores for `{glob}`"), true)
                .map_err(|m| fail(&join(&at, &i.to_string()), m, None))?;
        }
    }
    let allows = config.value.get("allow").and_then(|v| v.as_array());
    for (i, allow) in allows.into_iter().flatten().enumerate() {
        let Some(rule) = allow.get("rule").and_then(|r| r.as_str()) else { continue };
        let at = format!("/allow/{i}/rule");
        if !rules.iter().any(|r| r.matches(rule)) {
            let hint = crate::suggest::hint(rule, rules.iter().map(|r| r.name.as_ref()));
            let message = format!("this allow names `{rule}`, which is not a rule{hint}");
            return Err(fail(&at, message, Some("`acelint rules` lists the rules".into())));
        }
        if let Some(r) = rules.iter().find(|r| r.always_reported() && r.matches(rule)) {
            let message = format!(
                "`{rule}` would allow `{}` ({}), which cannot be suppressed: {}",
                r.name,
                r.code,
                rules.always_reported_note()
            );
            let help = "name the rules to allow by code or name, or use `per-file-ignores`, which leaves these on";
            return Err(fail(&at, message, Some(help.into())));
        }
    }
    Ok(())
}

pub fn file_error(what: &str, e: &RuleFileError) -> String {
    // A file that cannot be read as text has no line to point at (an empty
    // one still has 1:1).
    if e.text.is_empty() && std::fs::read_to_string(&e.file).is_err() {
        return format!("error: {}: {}\n", e.file, render::sanitize(&e.message));
    }
    let file = SourceFile::new(e.file.as_str(), e.text.as_str());
    let (line, col) = file.line_col(e.span.start);
    let head = format!("error: invalid {what} {}:{line}:{col}: {}\n", e.file, render::sanitize(&e.message));
    head + &render::full::render_source_error(
        &file,
        e.span.clone(),
        &e.message,
        e.help.as_deref(),
        crate::color::stderr(),
    )
}
