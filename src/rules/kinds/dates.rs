//! `date`: a `YYYY-MM-DD` field that must be a real date, and optionally not
//! in the past, not too far ahead (up to a limit, or strictly before one), after another date, or within some days
//! of another date. "Today" comes from `--today` or the clock.

use super::{text, Check, Hit, View};
use crate::date::Date;
use crate::diagnostic::Target;
use crate::rules::decode::{Params, Result};
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use serde_json::Value;

pub const VARS: &[&str] = &["field", "value", "today", "limit", "other", "problem"];

/// An upper bound ahead of today: the count, how it moves today, whether
/// the limit itself is refused, and the problem (worded only when it is one).
type Ahead = (Option<f64>, fn(Date, i64) -> Date, bool, fn(f64) -> String);

#[derive(Debug)]
pub struct DateCheck {
    field: Path,
    not_in_past: bool,
    max_years_ahead: Option<f64>,
    /// Strict: the date must come before today plus this many years.
    before_years_ahead: Option<f64>,
    max_days_ahead: Option<f64>,
    after: Option<Path>,
    within_days: Option<(f64, Path)>,
}

impl DateCheck {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let within_days = match (p.count("within-days")?, p.path("of")?) {
            (Some(n), Some(of)) => Some((n, of)),
            (None, None) => None,
            _ => return Err(p.error("within-days", "`within-days` and `of` go together")),
        };
        Ok(DateCheck {
            field: p.req_path("field")?,
            not_in_past: p.bool("not-in-past", false)?,
            max_years_ahead: p.count("max-years-ahead")?,
            before_years_ahead: p.count("before-years-ahead")?,
            max_days_ahead: p.count("max-days-ahead")?,
            after: p.path("after")?,
            within_days,
        })
    }

    fn problem(&self, d: Date, view: View<'_>, today: Date) -> Option<(String, Option<String>, String)> {
        let other_date = |p: &Path| view.get(p).and_then(|v| v.as_str()).and_then(Date::parse);
        if self.not_in_past && d < today {
            return Some(("is in the past".into(), Some(today.to_string()), String::new()));
        }
        let ahead: [Ahead; 3] = [
            (self.max_years_ahead, Date::add_years, false, |y| format!("is more than {y} years ahead")),
            (self.before_years_ahead, Date::add_years, true, |y| format!("is {y} years ahead or more")),
            (self.max_days_ahead, Date::add_days, false, |n| format!("is more than {n} days ahead")),
        ];
        for (count, add, strict, problem) in ahead {
            let Some(n) = count else { continue };
            let limit = add(today, n as i64);
            if d > limit || (strict && d == limit) {
                return Some((problem(n), Some(limit.to_string()), String::new()));
            }
        }
        if let Some(other) = self.after.as_ref().and_then(other_date) {
            if d < other {
                return Some((format!("is before {other}"), None, other.to_string()));
            }
        }
        if let Some((n, of)) = &self.within_days {
            if let Some(other) = other_date(of) {
                if (d.days() - other.days()).abs() as f64 > *n {
                    return Some((format!("is more than {n} days from {other}"), None, other.to_string()));
                }
            }
        }
        None
    }
}

impl Check for DateCheck {
    fn run(&self, view: View<'_>, ctx: &Context) -> Vec<Hit> {
        let mut hits = Vec::new();
        let wrong = |v: &Value| {
            v.as_str().is_some_and(|s| Date::parse(s).is_none_or(|d| self.problem(d, view, ctx.today).is_some()))
        };
        for (ptr, v) in view.flagged(&self.field, wrong) {
            let s = v.as_str().unwrap_or_default();
            let (problem, limit, other) = match Date::parse(s) {
                None => ("is not a real date in YYYY-MM-DD form".to_string(), None, String::new()),
                Some(d) => match self.problem(d, view, ctx.today) {
                    Some(p) => p,
                    None => continue,
                },
            };
            let name = crate::json::pointer::tokens(&ptr).last().unwrap_or_default();
            hits.push(
                Hit::at(ptr, Target::Value)
                    .arg("field", Arg::Text(name))
                    .arg("value", text(v))
                    .arg("today", Arg::Text(ctx.today.to_string()))
                    .arg("limit", Arg::Text(limit.unwrap_or_default()))
                    .arg("other", Arg::Text(other))
                    .arg("problem", Arg::Text(problem)),
            );
        }
        hits
    }
}
