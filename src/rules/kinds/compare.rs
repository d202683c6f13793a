//! `compare`: two fields or aggregates against each other, such as the
//! monthly spend in the opportunity and the sum of the itemized projection.
//! `op` is one of eq, ne, lt, le, gt, ge; `tolerance` (a fraction of the
//! larger side) is slack every `op` allows: `eq` passes within it, `ne`
//! needs more than it, and the orderings accept a left side that far past
//! the right.

use super::{Check, Hit, View};
use crate::diagnostic::Target;
use crate::rules::decode::{Params, Result};
use crate::rules::expr::Expr;
use crate::rules::path::Path;
use crate::rules::template::Arg;
use crate::rules::Context;

pub const VARS: &[&str] = &["left", "right", "difference", "tolerance"];

#[derive(Debug, Clone, Copy)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug)]
pub struct Compare {
    left: Expr,
    right: Expr,
    op: Op,
    tolerance: f64,
    at: Option<Path>,
}

impl Compare {
    pub fn decode(p: &Params<'_>) -> Result<Self> {
        let expr = |k: &str| Expr::decode(p.get(k).ok_or_else(|| p.missing(k))?, &p.ptr(k), p);
        let op = match p.str("op")?.unwrap_or("eq") {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "lt" => Op::Lt,
            "le" => Op::Le,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            other => return Err(p.error("op", format!("unknown comparison `{other}` (eq, ne, lt, le, gt, ge)"))),
        };
        let tolerance = p.num("tolerance")?.unwrap_or(0.0);
        if !(0.0..1.0).contains(&tolerance) {
            return Err(p.error("tolerance", "tolerance is a fraction between 0 and 1"));
        }
        Ok(Compare { left: expr("left")?, right: expr("right")?, op, tolerance, at: p.path("at")? })
    }
}

impl Check for Compare {
    fn run(&self, view: View<'_>, _: &Context) -> Vec<Hit> {
        let (Some(l), Some(r)) = (self.left.eval(view.scope()), self.right.eval(view.scope())) else {
            return Vec::new();
        };
        let slack = self.tolerance * l.abs().max(r.abs());
        let ok = match self.op {
            Op::Eq => (l - r).abs() <= slack + 1e-9,
            Op::Ne => (l - r).abs() > slack + 1e-9,
            Op::Lt => l < r + slack,
            Op::Le => l <= r + slack,
            Op::Gt => l + slack > r,
            Op::Ge => l + slack >= r,
        };
        if ok {
            return Vec::new();
        }
        let anchor = self.at.as_ref().or(self.left.anchor()).or(self.right.anchor());
        let Some(pointer) = anchor.and_then(|p| p.prefix_pointer(view.kind)) else { return Vec::new() };
        vec![Hit::at(pointer, Target::Value)
            .arg("left", Arg::Num(l))
            .arg("right", Arg::Num(r))
            .arg("difference", Arg::Num((l - r).abs()))
            .arg("tolerance", Arg::Num(self.tolerance))]
    }
}
