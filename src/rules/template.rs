//! Message templates: `{value}`, `{min:usd}`, `{/Funding/Company/Stage}`.
//! Parsed once at load, so an unknown variable is a rule-file error rather
//! than a broken message at run time.

use super::path::Path;
use crate::record::RecordKind;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Var { name: String, format: Format },
    Field { path: Path, format: Format },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    /// `$200,000`
    Usd,
    /// `12,500`
    Int,
    /// `45%` from 0.45
    Percent,
}

/// A value a check hands to the template.
#[derive(Debug, Clone)]
pub enum Arg {
    Num(f64),
    Text(String),
}

impl Template {
    /// Parses a template; `vars` are the names the check provides.
    pub fn parse(src: &str, vars: &[&str]) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = src.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => inner.push(c),
                            None => return Err(format!("unclosed `{{` in message template `{src}`")),
                        }
                    }
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(placeholder(&inner, vars)?);
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template { parts })
    }

    /// The check's variables this template shows: what a number must read
    /// differently from (see `sharp`).
    fn shown<'a>(&self, args: &'a [(&'a str, Arg)]) -> Vec<(&'a str, Arg)> {
        let used = |n: &str| self.parts.iter().any(|p| matches!(p, Part::Var { name, .. } if name == n));
        args.iter().filter(|(n, _)| used(n)).cloned().collect()
    }

    /// The record fields the template quotes (`{/Funding/Company/Stage}`).
    pub fn fields(&self) -> impl Iterator<Item = &Path> {
        self.parts.iter().filter_map(|p| match p {
            Part::Field { path, .. } => Some(path),
            _ => None,
        })
    }

    pub fn render(&self, args: &[(&str, Arg)], record: &Value, kind: RecordKind) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Var { name, format } => match args.iter().find(|(n, _)| n == name) {
                    Some((_, Arg::Num(n))) => out.push_str(&sharp(*n, name, *format, &self.shown(args))),
                    Some((_, arg)) => write_arg(&mut out, arg, *format),
                    None => out.push('?'),
                },
                Part::Field { path, format } => match path.get(record, kind) {
                    // A decimal string (`ExpectedCustomerSpend.Amount`) takes
                    // a number format as a number would.
                    Some(v @ Value::String(s)) => match super::expr::number(v) {
                        Some(n) if *format != Format::Plain => write_arg(&mut out, &Arg::Num(n), *format),
                        _ => write_arg(&mut out, &Arg::Text(s.clone()), *format),
                    },
                    Some(v) => match super::expr::number(v) {
                        Some(n) => write_arg(&mut out, &Arg::Num(n), *format),
                        None => out.push_str(&v.to_string()),
                    },
                    None => out.push_str("(absent)"),
                },
            }
        }
        out
    }
}

fn placeholder(inner: &str, vars: &[&str]) -> Result<Part, String> {
    let (name, fmt) = inner.split_once(':').unwrap_or((inner, ""));
    let format = match fmt {
        "" => Format::Plain,
        "usd" => Format::Usd,
        "int" => Format::Int,
        "pct" => Format::Percent,
        other => return Err(format!("unknown format `{other}` in `{{{inner}}}` (use usd, int or pct)")),
    };
    if name.starts_with('/') {
        return Ok(Part::Field { path: Path::parse(name)?, format });
    }
    if !vars.contains(&name) {
        return Err(format!("unknown variable `{{{name}}}`; this check provides: {}", vars.join(", ")));
    }
    Ok(Part::Var { name: name.to_string(), format })
}

fn write_arg(out: &mut String, arg: &Arg, format: Format) {
    match (arg, format) {
        (Arg::Num(n), Format::Usd) => out.push_str(&money(*n)),
        (Arg::Num(n), Format::Int) => out.push_str(&grouped(*n)),
        (Arg::Num(n), Format::Percent) => out.push_str(&percent(*n)),
        (Arg::Num(n), Format::Plain) => out.push_str(&plain(*n)),
        (Arg::Text(s), _) => out.push_str(s),
    }
}

/// `n` as `format` writes it, with as many more decimals (up to six) as it
/// takes to read differently from the other numbers of the message: a
/// value of 0.79998 below a bound of 0.8 is not "0.8", and 0.4% of
/// Marketplace spend is not "0%".
fn sharp(n: f64, name: &str, format: Format, args: &[(&str, Arg)]) -> String {
    let text = |x: f64, extra: usize| number_text(x, format, extra);
    let mut extra = 0;
    while extra < 6
        && args.iter().any(|(other, a)| {
            *other != name && matches!(a, Arg::Num(m) if *m != n && text(*m, extra) == text(n, extra))
        })
    {
        extra += 1;
    }
    text(n, extra)
}

/// A number as `format` writes it, with `extra` more decimals than usual.
fn number_text(n: f64, format: Format, extra: usize) -> String {
    match (format, extra) {
        (_, 0) | (Format::Usd, _) => {
            let mut out = String::new();
            write_arg(&mut out, &Arg::Num(n), format);
            out
        }
        _ if !n.is_finite() || n.abs() >= 1e15 => plain(n),
        (Format::Percent, _) => format!("{}%", decimals(n * 100.0, extra)),
        (Format::Int, _) => decimals(n, extra),
        (Format::Plain, _) => decimals(n, 2 + extra),
    }
}

/// `n` with at most `places` decimals, the integer part grouped.
fn decimals(n: f64, places: usize) -> String {
    let fixed = format!("{:.*}", places, n.abs());
    let fixed = fixed.trim_end_matches('0').trim_end_matches('.');
    let (int, frac) = fixed.split_once('.').map_or((fixed, ""), |(i, f)| (i, f));
    let sign = if n < 0.0 && fixed.bytes().any(|b| b.is_ascii_digit() && b != b'0') { "-" } else { "" };
    let int = grouped(int.parse::<f64>().unwrap_or(0.0));
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// `$200,000`; `-$5,000`; `$4,950.50` (cents when there are any, so a
/// value never reads as the round bound it missed); `$0.004` for an amount
/// under half a cent, which cents would show as `$0`.
pub fn money(n: f64) -> String {
    // A sum of amounts near f64's limit overflows: say so, not `$inf`.
    if n.is_nan() {
        return "an amount too large to add up".into();
    }
    if n.is_infinite() {
        return format!("{}more than $1.8e308", if n < 0.0 { "-" } else { "" });
    }
    let sign = if n < 0.0 && n.abs() >= SMALLEST_SHOWN { "-" } else { "" };
    let cents = (n.abs() * 100.0).round();
    if cents == 0.0 && n != 0.0 {
        return format!("{sign}${}", decimals(n.abs(), 6));
    }
    // Past 10^15 cents an f64 no longer holds every cent.
    if cents % 100.0 == 0.0 || cents >= 1e15 {
        return format!("{sign}${}", grouped(n.abs()));
    }
    format!("{sign}${}.{:02}", grouped((cents / 100.0).trunc()), (cents % 100.0) as u64)
}

/// The least amount `money` shows apart from zero: its sixth decimal.
const SMALLEST_SHOWN: f64 = 5e-7;

/// `0.456` → `46%`; `12.5` → `1,250%`.
pub fn percent(x: f64) -> String {
    format!("{}%", grouped(x * 100.0))
}

/// A number without a needless `.0`, two decimals at most.
pub fn plain(n: f64) -> String {
    // Sixteen digits and more are unreadable without separators.
    if !n.is_finite() || n.abs() >= 1e15 {
        return grouped(n);
    }
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `1234567.8` → `1,234,568`; `1.23e16` → `12,300,000,000,000,000`;
/// `2.0202e304` as `2.02e304`, not as 305 digits (past 10^21, as
/// JavaScript does; three digits tell such a figure well enough).
pub fn grouped(n: f64) -> String {
    if !n.is_finite() {
        return format!("{n}");
    }
    if n.abs() >= 1e21 {
        let s = format!("{n:.2e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        return format!("{}e{exponent}", mantissa.trim_end_matches('0').trim_end_matches('.'));
    }
    let digits = integer_digits(n);
    let mut out = String::with_capacity(digits.len() * 4 / 3 + 1);
    if n < 0.0 && digits != "0" {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The digits of `|n|` rounded to an integer. Past 2^53 an f64 no longer
/// holds every integer: its shortest round-trip digits, then zeros, so a
/// 40-digit amount reads as the 17 digits an f64 keeps of it rather than
/// with digits the input never had (which `{:.0}` would print).
fn integer_digits(n: f64) -> String {
    let n = n.abs();
    if n < 9_007_199_254_740_992.0 {
        (n.round() as u64).to_string()
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(money(-100_000.0), "-$100,000");
        assert_eq!(money(0.5), "$0.50");
        assert_eq!(money(4950.499), "$4,950.50");
        assert_eq!(money(-1234.05), "-$1,234.05");
        assert_eq!(money(99.999), "$100");
    }

    #[test]
    fn huge_numbers_print_as_grouped_digits_up_to_10_to_the_21() {
        assert_eq!(money(1.23e16), "$12,300,000,000,000,000");
        assert_eq!(money(-1.23e16), "-$12,300,000,000,000,000");
        assert_eq!(money(1e308), "$1e308");
        // What a sum of such amounts overflows to.
        assert_eq!(money(f64::INFINITY), "more than $1.8e308");
        assert_eq!(money(f64::NEG_INFINITY), "-more than $1.8e308");
        assert_eq!(money(f64::NAN), "an amount too large to add up");
        assert_eq!(money(-2.5e21), "-$2.5e21");
        assert_eq!(grouped(999_999_999_999_999_900_000.0), "999,999,999,999,999,900,000");
        assert_eq!(money(9_007_199_254_740_993.0), "$9,007,199,254,740,992");
        // Past 2^53: the 17 digits an f64 keeps, then zeros.
        assert_eq!(money(123_456_789_012_345_678_901.0), "$123,456,789,012,345,680,000");
        // Past 10^21 the digits an f64 keeps, with their exponent, not a
        // line of zeros.
        assert_eq!(money(1234567890123456789012345678901234567890.0), "$1.23e39");
        assert_eq!(money(f64::MAX), "$1.8e308");
        assert_eq!(plain(2.0202020202020203e304), "2.02e304");
        assert_eq!(grouped(1e20), "100,000,000,000,000,000,000");
        assert_eq!(percent(1e18), "100,000,000,000,000,000,000%");
        assert_eq!(plain(1e15), "1,000,000,000,000,000");
        assert_eq!(plain(999_999_999_999_999.0), "999999999999999");
        assert_eq!(grouped(-0.4), "0");
        let t = Template::parse("{value:usd} at {value:int} ({value})", &["value"]).unwrap();
        assert_eq!(
            t.render(&[("value", Arg::Num(1.23e16))], &json!({}), RecordKind::Draft),
            "$12,300,000,000,000,000 at 12,300,000,000,000,000 (12,300,000,000,000,000)"
        );
        let field = Template::parse("{/Funding/MonthlyUsd:usd}", &[]).unwrap();
        let rec = json!({"Funding": {"MonthlyUsd": 1e20}});
        assert_eq!(field.render(&[], &rec, RecordKind::Draft), "$100,000,000,000,000,000,000");
        let rec = json!({"Funding": {"MonthlyUsd": 1e308}});
        assert_eq!(field.render(&[], &rec, RecordKind::Draft), "$1e308");
    }

    #[test]
    fn fractions_of_a_cent_are_not_zero() {
        assert_eq!(money(0.004), "$0.004");
        assert_eq!(money(-0.000125), "-$0.000125");
        assert_eq!(money(0.005), "$0.01");
        assert_eq!(money(12.3456), "$12.35");
        // Below a millionth of a dollar there is nothing left to show.
        assert_eq!(money(-1e-9), "$0");
        assert_eq!(money(-0.0), "$0");
    }

    #[test]
    fn a_value_never_reads_as_the_bound_it_missed() {
        let t = Template::parse(
            "{value}× against {min}×; {share:pct} over {limit:pct}; {n:int} of {max:int}",
            &["value", "min", "share", "limit", "n", "max"],
        )
        .unwrap();
        let args = [
            ("value", Arg::Num(0.79998)),
            ("min", Arg::Num(0.8)),
            ("share", Arg::Num(0.004)),
            ("limit", Arg::Num(0.0)),
            ("n", Arg::Num(24.46)),
            ("max", Arg::Num(24.0)),
        ];
        assert_eq!(t.render(&args, &json!({}), RecordKind::Draft), "0.79998× against 0.8×; 0.4% over 0%; 24.5 of 24");
        // Apart already: as usual.
        let args =
            [("value", Arg::Num(0.5)), ("min", Arg::Num(0.8)), ("share", Arg::Num(0.456)), ("limit", Arg::Num(0.1))];
        assert!(t.render(&args, &json!({}), RecordKind::Draft).starts_with("0.5× against 0.8×; 46% over 10%"));
        assert_eq!(money(1.2345678901234568e29), "$1.23e29");
        assert_eq!(plain(2.494076545703953e25), "2.49e25");
        assert_eq!(percent(0.456), "46%");
        assert_eq!(percent(12.5), "1,250%");
        assert_eq!(grouped(-1234567.8), "-1,234,568");
    }

    #[test]
    fn renders_variables_fields_and_formats() {
        let t = Template::parse(
            "projects {value:usd}/month at {/Funding/Company/Stage} ({{ok}}) {ratio:pct}",
            &["value", "ratio"],
        )
        .unwrap();
        let rec = json!({"Funding": {"Company": {"Stage": "Series A"}}});
        let s = t.render(&[("value", Arg::Num(200000.0)), ("ratio", Arg::Num(0.456))], &rec, RecordKind::Draft);
        assert_eq!(s, "projects $200,000/month at Series A ({ok}) 46%");
    }

    #[test]
    fn a_decimal_string_takes_a_number_format() {
        let t = Template::parse("{/Amount:usd} / {/Amount} / {/Name:usd}", &[]).unwrap();
        let rec = json!({"Amount": "6,000", "Name": "Acme"});
        assert_eq!(t.render(&[], &rec, RecordKind::Draft), "$6,000 / 6,000 / Acme");
    }

    #[test]
    fn rejects_unknown_names_and_formats() {
        assert!(Template::parse("{nope}", &["value"]).is_err());
        assert!(Template::parse("{value:eur}", &["value"]).is_err());
        assert!(Template::parse("{value", &["value"]).is_err());
    }
}
