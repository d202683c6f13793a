//! Keeps `rules/README.md`, the rule-file reference, true to the code.
//!
//! Rule authors read that page, not `src/rules/kinds/`, to learn what each
//! check kind takes. When a kind, a parameter or a template variable is
//! added to `KINDS` (or a kind's `VARS`) without a word in the reference,
//! this test names what is missing.

use acelint::rules::kinds::{COMMON_PARAMS, KINDS};

/// A `###` section of the reference: its heading and its text, up to the
/// next heading of level 1 to 3.
struct Section {
    heading: String,
    body: String,
}

/// The level-3 sections of a Markdown text. Lines inside fenced code
/// blocks (where a TOML comment starts with `#`) are never headings.
fn sections(markdown: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut open = false;
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        let level = line.len() - line.trim_start_matches('#').len();
        if !in_fence && (1..=3).contains(&level) && line[level..].starts_with(' ') {
            open = level == 3;
            if open {
                out.push(Section { heading: line[level..].trim().to_string(), body: String::new() });
            }
            continue;
        }
        if let (true, Some(section)) = (open, out.last_mut()) {
            section.body.push_str(line);
            section.body.push('\n');
        }
    }
    out
}

/// The kind a heading such as "`required`" names, if it names one.
fn kind_heading(heading: &str) -> Option<&str> {
    heading.strip_prefix('`')?.strip_suffix('`')
}

#[test]
fn the_rule_file_reference_documents_every_kind_parameter_and_variable() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md");
    let text = std::fs::read_to_string(path).expect("rules/README.md exists");
    let sections = sections(&text);
    let mut missing = Vec::new();

    for kind in KINDS {
        let Some(section) = sections.iter().find(|s| kind_heading(&s.heading) == Some(kind.name)) else {
            missing.push(format!("no section \"### `{}`\"", kind.name));
            continue;
        };
        for param in kind.params {
            if !section.body.contains(&format!("`{param}`")) {
                missing.push(format!("`{}`: parameter `{param}` is not mentioned", kind.name));
            }
        }
        for var in kind.vars {
            if !section.body.contains(&format!("`{{{var}}}`")) {
                missing.push(format!("`{}`: template variable `{{{var}}}` is not mentioned", kind.name));
            }
        }
    }

    match sections.iter().find(|s| s.heading == "Keys every check table takes") {
        None => missing.push("no section \"### Keys every check table takes\"".to_string()),
        Some(section) => {
            for key in COMMON_PARAMS {
                if !section.body.contains(&format!("`{key}`")) {
                    missing.push(format!("\"Keys every check table takes\": `{key}` is not mentioned"));
                }
            }
        }
    }

    let documented: Vec<&str> = sections.iter().filter_map(|s| kind_heading(&s.heading)).collect();
    for name in &documented {
        if !KINDS.iter().any(|k| k.name == *name) {
            missing.push(format!("section \"### `{name}`\" names no check kind"));
        }
    }
    let in_code: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
    if missing.is_empty() && documented != in_code {
        missing.push(format!("kind sections are in the order {documented:?}, not KINDS' {in_code:?}"));
    }

    assert!(missing.is_empty(), "rules/README.md is out of date:\n  {}", missing.join("\n  "));
}

/// Every built-in data file is named where the reference says which files
/// a rule file may use without shipping its own, and in the data folder's
/// own README.
#[test]
fn every_built_in_data_file_is_named_in_the_reference() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = std::fs::read_to_string(root.join("rules/README.md")).unwrap();
    let data_readme = std::fs::read_to_string(root.join("rules/data/README.md")).unwrap();
    let mut missing = Vec::new();
    for file in acelint::rules::data::builtin_files() {
        if !reference.contains(&format!("`{file}`")) {
            missing.push(format!("rules/README.md: `{file}`"));
        }
        let bare = file.trim_start_matches("data/");
        if !data_readme.contains(&format!("`{bare}`")) {
            missing.push(format!("rules/data/README.md: `{bare}`"));
        }
    }
    assert!(missing.is_empty(), "built-in data files not named:\n  {}", missing.join("\n  "));
}
