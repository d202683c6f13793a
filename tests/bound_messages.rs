//! A range finding's message names the bound it crossed, and a value just
//! past that bound never reads as the bound itself: "50% … billed through
//! AWS Marketplace" as an error, when exactly 50% is a warning, tells the
//! reader nothing. Each fixture sits just past a bound.

mod common;

use common::{acelint, repo, Run, TODAY};

/// The severity and message of each finding `rule` reports on its fixture
/// `name`.
fn findings(rule: &str, name: &str) -> Vec<(String, String)> {
    let file = repo(&format!("tests/fixtures/rules/{rule}/{name}"));
    let path = file.to_str().unwrap();
    let args = ["check", "--isolated", "--today", TODAY, "--output-format", "json", "--select", rule, path];
    let run = Run::of(acelint(file.parent().unwrap(), &args));
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    run.diagnostics()
        .iter()
        .filter(|d| d["name"] == rule)
        .map(|d| (text(&d["severity"]), text(&d["message"])))
        .collect()
}

fn messages(rule: &str, name: &str) -> Vec<String> {
    findings(rule, name).into_iter().map(|(_, message)| message).collect()
}

fn assert_says(rule: &str, name: &str, expected: &[&str]) {
    let found = messages(rule, name);
    assert_eq!(found.len(), 1, "{rule} on {name}: {found:?}");
    for words in expected {
        assert!(found[0].contains(words), "{rule} on {name}: `{}` does not say `{words}`", found[0]);
    }
}

#[test]
fn a_map_share_just_past_the_hard_limit_is_not_shown_as_the_limit() {
    assert_says(
        "amount-outside-program-band",
        "fail-map-mobilize-asks-50.2-percent.json",
        &["asks 50.2% of the migration's cost", "above the 50% limit", "MAP funds up to 25%"],
    );
}

#[test]
fn an_ask_past_the_band_names_the_limit_crossed() {
    assert_says(
        "amount-outside-program-band",
        "fail-build-for-startups-60k.json",
        &["asks $60,000", "above the $50,000 limit", "$5,000–$25,000"],
    );
}

#[test]
fn months_just_past_the_hard_limit_are_not_shown_as_the_limit() {
    assert_says(
        "credits-out-of-proportion",
        "fail-portfolio-100k-at-2080-month-48.1-months.json",
        &["48.1 months", "more than the 48-month limit"],
    );
}

#[test]
fn a_marketplace_share_just_past_half_is_not_shown_as_half() {
    assert_says(
        "marketplace-spend",
        "fail-portfolio-marketplace-50.01-percent.json",
        &["50.01% of the projection", "more than the 50% limit"],
    );
}

#[test]
fn a_cloudwatch_share_just_under_the_minimum_is_not_shown_as_the_minimum() {
    assert_says(
        "missing-observability-spend",
        "fail-cloudwatch-1.98-percent.json",
        &["CloudWatch is 1.98% of the projection", "below the 2% minimum"],
    );
}

/// No AWS-billed spend leaves the months ratio without a value; any ask is
/// past every limit, so the rule says so as an error instead of nothing.
#[test]
fn an_ask_against_no_aws_billed_spend_is_an_error() {
    for name in ["fail-portfolio-100k-only-marketplace-lines.json", "fail-portfolio-100k-every-line-zero.json"] {
        let found = findings("credits-out-of-proportion", name);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        let (severity, message) = &found[0];
        assert_eq!(severity, "error", "{name}: {message}");
        assert!(message.contains("the ask ($100,000) has no AWS-billed spend to cover"), "{name}: {message}");
    }
}
