//! `range`: a number (a field or an expression) within bounds, optionally
//! chosen by other fields' values: bands per stage, per program. Crossing
//! a `hard-min`/`hard-max` raises the finding to an error.
//!
//! ```toml
//! check = { kind = "range", value = { sum = "/Funding/ProjectedSpend/*/MonthlyUsd" },
//!           bands-by = "/Funding/Company/Stage",
//!           bands = { "Series A" = { min = 3000, max = 15000, hard-max = 50000 } } }
//! ```
//! A band is looked up by the `bands-by` values joined with ` / `, then by
//! each value alone, then `default`; when none matches, the top-level
//! bounds (if any) apply.

use super::{Check, Hit, View};
use crate::diagnostic::{Severity, Target};
use crate::rules::decode::{DecodeError, Params, Result};
use crate::rules::expr::Expr;
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;
use serde_json::Value;
use std::borrow::Cow;

pub const VARS: &[&str] = &["value", "min", "max", "limit", "band", "direction"];

#[derive(Debug, Clone, Copy, Default)]
struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
    hard_min: Option<f64>,
    hard_max: Option<f64>,
}

#[derive(Debug)]
pub struct Range {
    value: Expr,
    at: Option<Path>,
    fixed: Bounds,
    bands_by: Vec<Path>,
    bands: Vec<(String, Bounds)>,
}

impl Bounds {
    fn any(&self) -> bool {
        self.min.or(self.max).or(self.hard_min).or(self.hard_max).is_some()
    }
}

/// The keys of a band.
const BOUNDS: &[&str] = &["min", "max", "hard-min", "hard-max"];

fn bounds(p: &Params<'_>) -> Result<Bounds> {
    let b =
        Bounds { min: p.num("min")?, max: p.num("max")?, hard_min: p.num("hard-min")?, hard_max: p.num("hard-max")? };
    if let (Some(lo), Some(hi)) = (b.min, b.max) {
        if lo > hi {
            return Err(p.error("min", format!("min ({lo}) is above max ({hi})")));
        }
    }
    Ok(b)
}

impl Range {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let value = Expr::decode(p.get("value").ok_or_else(|| p.missing("value"))?, &p.ptr("value"), p)?;
        let bands_by = p.paths("bands-by")?;
        let mut bands = Vec::new();
        if let Some(v) = p.get("bands") {
            let table = v.as_object().ok_or_else(|| p.error("bands", "expected a table of bands"))?;
            for (key, b) in table {
                let at = crate::json::pointer::join(&p.ptr("bands"), key);
                let band = Params::new(at, b, p.data)?;
                band.only("a band", BOUNDS)?;
                bands.push((key.clone(), bounds(&band)?));
            }
            if bands_by.is_empty() {
                return Err(p.error("bands", "`bands` needs `bands-by`: the field(s) whose value picks the band"));
            }
        }
        let fixed = bounds(p)?;
        if !fixed.any() && bands.is_empty() {
            return Err(DecodeError {
                pointer: p.at.clone(),
                message: "a range needs `min`, `max`, `hard-min`, `hard-max` or `bands`".into(),
            });
        }
        Ok(Range { value, at: p.path("at")?, fixed, bands_by, bands })
    }

    /// The band the record falls in (its name and bounds), borrowed: this
    /// runs for every record, a finding for few.
    fn band(&self, view: View<'_>) -> Option<(&str, Bounds)> {
        if self.bands.is_empty() {
            return Some(("", self.fixed));
        }
        let find = |k: &str| self.bands.iter().find(|(name, _)| name == k).map(|(name, b)| (name.as_str(), *b));
        let fallback = || find("default").or_else(|| self.fixed.any().then_some(("", self.fixed)));
        if let [by] = self.bands_by.as_slice() {
            // One field: its value is the whole key and the only key; no
            // list of keys to build (an absent value joins to "").
            let key = view.get(by).map_or(Cow::Borrowed(""), band_key);
            return find(&key).or_else(fallback);
        }
        let keys: Vec<Cow<'_, str>> = self.bands_by.iter().filter_map(|p| view.get(p)).map(band_key).collect();
        let exact = match keys.as_slice() {
            [one] => find(one),
            _ => find(&keys.join(" / ")),
        };
        exact.or_else(|| keys.iter().find_map(|k| find(k))).or_else(fallback)
    }
}

/// A `bands-by` value as a band name: a string as it is, another value as
/// JSON.
fn band_key(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s.as_str()),
        other => Cow::Owned(other.to_string()),
    }
}

impl Check for Range {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        let Some(value) = self.value.eval(view.scope()) else { return Vec::new() };
        let Some((band, b)) = self.band(view) else { return Vec::new() };
        let (limit, direction, severity) = if b.hard_max.is_some_and(|m| value > m) {
            (b.hard_max, "above", Some(Severity::Error))
        } else if b.hard_min.is_some_and(|m| value < m) {
            (b.hard_min, "below", Some(Severity::Error))
        } else if b.max.is_some_and(|m| value > m) {
            (b.max, "above", None)
        } else if b.min.is_some_and(|m| value < m) {
            (b.min, "below", None)
        } else {
            return Vec::new();
        };
        let anchor = self.at.as_ref().or(self.value.anchor());
        let Some(pointer) = anchor.and_then(|p| p.prefix_pointer(view.kind)) else { return Vec::new() };
        // A side without a bound reads `(none)` rather than `NaN`.
        let num = |x: Option<f64>| x.map_or_else(|| Arg::Text("(none)".into()), Arg::Num);
        let mut hit = Hit::at(pointer, Target::Value)
            .arg("value", Arg::Num(value))
            .arg("min", num(b.min.or(b.hard_min)))
            .arg("max", num(b.max.or(b.hard_max)))
            .arg("limit", num(limit))
            .arg("band", Arg::Text(band.to_string()))
            .arg("direction", Arg::Text(direction.into()));
        hit.severity = severity;
        hit.below = direction == "below";
        vec![hit]
    }
}
