//! Placeholder: being written.

use crate::check::Outcome;
use crate::rules::RuleSet;

pub fn render(_outcome: &Outcome, _rules: &RuleSet) -> String {
    String::from("junit output is not available yet\n")
}
