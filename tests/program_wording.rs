//! What a credit-program finding says must be true of the record's own
//! program, and say why a line counts: run through the binary on the rule
//! fixtures, reading each finding's severity, message and help.

mod common;

use common::{acelint, repo, Run, TODAY};
use serde_json::Value;

/// The findings `rule` reports on its fixture `name` (under
/// `tests/fixtures/rules/{dir}/`), with every other rule switched off.
fn findings(dir: &str, name: &str, rule: &str) -> Vec<Value> {
    let file = repo(&format!("tests/fixtures/rules/{dir}/{name}"));
    let path = file.to_str().unwrap();
    let args = ["check", "--isolated", "--today", TODAY, "--output-format", "json", "--select", rule, path];
    let run = Run::of(acelint(file.parent().unwrap(), &args));
    run.diagnostics().into_iter().filter(|d| d["name"] == rule).collect()
}

fn text<'v>(d: &'v Value, key: &str) -> &'v str {
    d[key].as_str().unwrap_or_default()
}

// --- Marketplace listings --------------------------------------------------

/// `AWSMarketplaceSaas` with no `BilledThrough` is Marketplace spend: the
/// share counts it, and the line says why.
#[test]
fn a_marketplace_listing_counts_as_marketplace_spend_and_says_why() {
    let found = findings(
        "marketplace-spend",
        "fail-portfolio-marketplace-saas-product-without-billed-through.json",
        "marketplace-spend",
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    let share = found.iter().find(|d| d["pointer"] == "/Funding/ProjectedSpend").expect("the share");
    assert_eq!(text(share, "severity"), "error");
    assert!(text(share, "message").starts_with("50.3% of the projection"), "{share}");
    let line = found.iter().find(|d| d["pointer"] == "/Funding/ProjectedSpend/5/Product").expect("the line");
    assert!(
        text(line, "message")
            .contains("`AWSMarketplaceSaas` is an AWS Marketplace listing, so this line is Marketplace spend"),
        "{line}"
    );
}

/// Marked `BilledThrough: "AWS Marketplace"` as well, the line is counted
/// once (exactly half: a warning, not the error of a share over half) and
/// needs no word of its own.
#[test]
fn a_marketplace_listing_billed_through_marketplace_counts_once() {
    let found = findings(
        "marketplace-spend",
        "fail-portfolio-marketplace-saas-billed-through-marketplace-counts-once.json",
        "marketplace-spend",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(text(&found[0], "severity"), "warning");
    assert!(text(&found[0], "message").starts_with("50% of the projection"), "{}", found[0]);
}

#[test]
fn build_for_startups_never_funds_a_marketplace_listing() {
    let found =
        findings("marketplace-spend", "fail-build-for-startups-marketplace-ami-product.json", "marketplace-spend");
    let never = found.iter().find(|d| text(d, "severity") == "error").expect("the never-funds error");
    assert!(text(never, "message").contains("$150/month of this projection is Marketplace"), "{never}");
    assert!(found.iter().any(|d| text(d, "message").contains("`AWSMarketplaceAMI` is an AWS Marketplace listing")));
}

/// Credits do not pay a Marketplace listing: $100K over the $3,950 billed
/// by AWS is 25 months, past Portfolio's 24 (over the $5,950 with the
/// listing it would be 17).
#[test]
fn a_marketplace_listing_is_left_out_of_the_months_credits_cover() {
    let found = findings(
        "credits-out-of-proportion",
        "fail-portfolio-marketplace-saas-product-left-out.json",
        "credits-out-of-proportion",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(text(&found[0], "message").contains("would cover 25 months"), "{}", found[0]);
}

// --- What each program funds -----------------------------------------------

/// The share's cost is said for the record's program: Activate credits are
/// not what a Bedrock POC or MAP record asks for.
#[test]
fn the_marketplace_share_says_what_the_program_funds() {
    let says = |name: &str, words: &str| {
        let found = findings("marketplace-spend", name, "marketplace-spend");
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        let message = text(&found[0], "message");
        assert!(message.contains(words), "{name}: {message}");
        assert!(!message.contains("Activate"), "{name}: {message}");
    };
    says("fail-bedrock-poc-with-datadog-line.json", "Bedrock POC credits are earmarked for Bedrock");
    says("fail-map-with-datadog-line.json", "MAP funds the migration onto AWS");
    let portfolio = findings("marketplace-spend", "fail-portfolio-with-datadog-line.json", "marketplace-spend");
    assert!(text(&portfolio[0], "message").contains("Activate credits do not reliably cover it"));
}

/// The months limit carries its unit, and the help gives the program's
/// own reason: Portfolio's 18–24 months only on a Portfolio record.
#[test]
fn the_months_finding_names_its_unit_and_the_program_s_own_reason() {
    let cases = [
        (
            "fail-portfolio-100k-at-3400-month-29-months.json",
            "Activate Portfolio is sized to at most about 24 months",
            "Portfolio is sized to 18–24 months",
        ),
        (
            "fail-build-for-startups-25k-at-900-month.json",
            "Build for Startups is sized to at most about 25 months",
            "6–12 month window",
        ),
        (
            "fail-bedrock-poc-25k-at-950-month-26-months.json",
            "Bedrock POC is sized to at most about 25 months",
            "about 60 days",
        ),
    ];
    for (name, message, help) in cases {
        let found = findings("credits-out-of-proportion", name, "credits-out-of-proportion");
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert!(text(&found[0], "message").ends_with(message), "{name}: {}", found[0]);
        assert!(text(&found[0], "help").contains(help), "{name}: {}", found[0]);
        if !name.contains("portfolio") {
            assert!(!text(&found[0], "help").contains("18–24"), "{name}: {}", found[0]);
        }
    }
}

// --- A projection below its band -------------------------------------------

/// Below the band the message names the minimum and the help says what a
/// low projection means; above it, the padding advice stays.
#[test]
fn a_projection_below_the_band_gets_its_own_wording() {
    let dir = "spend-implausible-for-stage";
    let low = findings(dir, "fail-series-a-3999-month-below-portfolio-band.json", dir);
    assert_eq!(low.len(), 1, "{low:#?}");
    assert!(
        text(&low[0], "message").contains("below the $4,000 minimum for Activate Portfolio / Series A"),
        "{}",
        low[0]
    );
    assert!(text(&low[0], "help").contains("leaves services out"), "{}", low[0]);
    assert!(!text(&low[0], "help").contains("inflated"), "{}", low[0]);
    let high = findings(dir, "fail-series-a-16k-month-just-over-band.json", dir);
    assert_eq!(high.len(), 1, "{high:#?}");
    assert!(text(&high[0], "message").contains("above the $15,000 limit"), "{}", high[0]);
    assert!(text(&high[0], "help").contains("inflated projections get the award trimmed"), "{}", high[0]);
}

/// `below` is a `range`'s: another kind refuses it, and a misspelt key in
/// it is named, not ignored.
#[test]
fn below_wording_is_a_range_s_and_its_keys_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |check: &str| {
        format!(
            "[ruleset]\nname = \"t\"\n[[rules]]\ncode = \"XYZ001\"\nname = \"t-rule\"\nseverity = \"warning\"\nsummary = \"s\"\ncheck = {check}\n"
        )
    };
    let load = |text: &str| {
        common::write(dir.path(), "r.toml", text);
        Run::of(acelint(dir.path(), &["rules", "--isolated", "--rules", "r.toml"]))
    };
    let ok = load(&rule(
        "{ kind = \"range\", value = \"/Funding/RequestedAmountUsd\", min = 1, below = { help = \"ask more than {limit:usd}\" } }",
    ));
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let typo =
        load(&rule("{ kind = \"range\", value = \"/Funding/RequestedAmountUsd\", min = 1, below = { hlep = \"x\" } }"));
    assert_eq!(typo.code, 2);
    assert!(typo.stderr.contains("has no key `hlep`"), "{}", typo.stderr);
    let other = load(&rule("{ kind = \"required\", field = \"/Funding/Program\", below = { help = \"x\" } }"));
    assert_eq!(other.code, 2);
    assert!(other.stderr.contains("no parameter `below`"), "{}", other.stderr);
}

// --- An email address with capitals ----------------------------------------

/// AWS's email pattern is lowercase only: an address failing for its
/// capitals alone is told so, with the address to write, and AWS's own
/// message is still quoted.
#[test]
fn an_email_address_with_capitals_is_told_to_be_lowercase() {
    let found = findings("pattern-mismatch", "fail-email-with-capitals.json", "pattern-mismatch");
    assert_eq!(found.len(), 1, "{found:#?}");
    let help = text(&found[0], "help");
    assert!(help.starts_with("the address has uppercase letters, which AWS's pattern does not take"), "{help}");
    assert!(help.contains("`jane.doe@northwind.example.com`"), "{help}");
    assert!(help.contains("AWS rejects this with: \"Value at 'customer.contacts.1.member.email'"), "{help}");
    assert!(!help.contains("[a-z0-9"), "{help}");
}
