//! Numbers for people: money with separators, percentages from fractions, milliseconds, months.
//! Files keep base units and fractions; only these functions scale for display. Plain functions of
//! numbers, importing nothing of the crate.

/// The symbol (or code) shown before money in `currency`.
pub fn currency_prefix(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" => "¥".into(),
        other => format!("{other} "),
    }
}

/// `1234567.8` → `1,234,568`.
pub fn thousands(value: f64) -> String {
    let rounded = value.round();
    let negative = rounded < 0.0;
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if negative { format!("-{out}") } else { out }
}

/// Below this a shown number is 0: what is left of subtracting equal figures, not a quantity.
const NEGLIGIBLE: f64 = 5e-10;

/// Three significant figures for small values, separators for large ones.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let a = value.abs();
    if a < NEGLIGIBLE {
        return "0".into();
    }
    if a >= 1000.0 {
        thousands(value)
    } else if a >= 100.0 {
        format!("{value:.0}")
    } else if a >= 10.0 {
        format!("{value:.1}")
    } else if a >= 1.0 {
        format!("{value:.2}")
    } else {
        let decimals = (2 - a.log10().floor() as i32).clamp(2, 12) as usize;
        format!("{value:.decimals$}")
    }
}

/// Money in `currency`: `$12,345`, `$0.518`.
pub fn money(value: f64, currency: &str) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let prefix = currency_prefix(currency);
    if value <= -NEGLIGIBLE {
        format!("-{prefix}{}", number(-value))
    } else {
        format!("{prefix}{}", number(value.abs()))
    }
}

/// A fraction as a percentage: `0.3` → `30.0%`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".into();
    }
    format!("{:.1}%", fraction * 100.0)
}

/// Percentage points with a sign: `+12.3 pp`; `0.0 pp` when it rounds to zero (never `-0.0 pp`).
pub fn pp(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    format!("{} pp", signed(value, 1))
}

/// `value` with `decimals` decimals and its sign: `+0.54`, `-0.11`; no sign when it rounds to zero
/// (`0.00`, never `-0.00`).
pub fn signed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let s = format!("{:.decimals$}", value.abs());
    if s.bytes().all(|b| b == b'0' || b == b'.') {
        s
    } else if value < 0.0 {
        format!("-{s}")
    } else {
        format!("+{s}")
    }
}

/// Milliseconds: `128 ms`, `3.21 s`, `2.1 h`.
pub fn millis(ms: f64) -> String {
    if !ms.is_finite() {
        return "—".into();
    }
    if ms >= 3_600_000.0 {
        format!("{:.1} h", ms / 3_600_000.0)
    } else if ms >= 60_000.0 {
        format!("{:.1} min", ms / 60_000.0)
    } else if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// An axis tick: as few decimals as the value needs (at most four significant figures), separators from
/// 1,000: `0.5`, `150`, `12,000`.
pub fn tick(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let a = value.abs();
    if a >= 1000.0 {
        return thousands(value);
    }
    if a < 1e-9 {
        return "0".into();
    }
    let decimals = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{value:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

/// A duration axis tick from ms, in the largest unit it reaches: `100 ms`, `1 s`, `10 min`, `100 h`.
pub fn duration_tick(ms: f64) -> String {
    if ms >= 3_600_000.0 {
        format!("{} h", tick(ms / 3_600_000.0))
    } else if ms >= 60_000.0 {
        format!("{} min", tick(ms / 60_000.0))
    } else if ms >= 1000.0 {
        format!("{} s", tick(ms / 1000.0))
    } else {
        format!("{} ms", tick(ms))
    }
}

/// A money axis tick: `$0`, `$0.50`, `$1.25`, `$20,000` (cents shown in full when there are any).
pub fn money_tick(value: f64, currency: &str) -> String {
    let mut t = tick(value.abs());
    if let Some(dot) = t.find('.')
        && t.len() - dot == 2
    {
        t.push('0');
    }
    let sign = if value < 0.0 && t != "0" { "-" } else { "" };
    format!("{sign}{}{t}", currency_prefix(currency))
}

/// A number as a person reads it: `1e15` rather than sixteen digits, `17,874` rather than seventeen.
pub fn compact(v: f64) -> String {
    if v.abs() >= 1e7 {
        let short = format!("{v:e}");
        if short.split('e').next().is_some_and(|m| m.len() <= 4) { short } else { format!("{v:.2e}") }
    } else if v.fract() == 0.0 {
        thousands(v)
    } else {
        number(v)
    }
}

/// Months: `2.3 mo`, `never`; `at once` for 0 (nothing to pay back).
pub fn months(value: f64) -> String {
    if !value.is_finite() {
        "never".into()
    } else if value.abs() < 0.05 {
        "at once".into()
    } else {
        format!("{value:.1} mo")
    }
}

/// Hours: `52.6 h` or `3.1 days`.
pub fn hours(h: f64) -> String {
    if h >= 72.0 { format!("{:.1} days", h / 24.0) } else { format!("{h:.1} h") }
}

/// What kind of number a metric is: decides how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Money in the scenario currency.
    Money,
    /// Milliseconds.
    Millis,
    /// A fraction, shown as a percentage.
    Fraction,
    /// Percentage points.
    Pp,
    /// Months.
    Months,
    /// Hours.
    Hours,
    /// A plain count.
    Count,
    /// A rate per second (tokens/s, requests/s), its unit in the metric's title.
    Rate,
}

/// A metric's value in its own unit: `$12,479`, `128 ms`, `47.3%`, `+16.3 pp`, `2.3 mo`, `52.6 h`.
pub fn quantity(q: Quantity, v: f64, currency: &str) -> String {
    match q {
        Quantity::Money => money(v, currency),
        Quantity::Millis => millis(v),
        Quantity::Fraction => percent(v),
        Quantity::Pp => pp(v),
        Quantity::Months => months(v),
        Quantity::Hours => hours(v),
        Quantity::Count => number(v),
        Quantity::Rate if v.abs() >= 100.0 => thousands(v),
        Quantity::Rate => number(v),
    }
}

/// `1st`, `2nd`, `23rd`, `97th`, `11th`: a whole number as an English ordinal.
pub fn ordinal(n: f64) -> String {
    let n = n.round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_read_as_english() {
        let got: Vec<String> = [1.0, 2.0, 3.0, 4.0, 11.0, 12.0, 13.0, 21.0, 22.0, 97.0, 99.4].map(ordinal).to_vec();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "97th", "99th"]);
    }

    #[test]
    fn formats() {
        assert_eq!(thousands(1_234_567.8), "1,234,568");
        assert_eq!(thousands(-999.6), "-1,000");
        assert_eq!(money(34_071.2, "USD"), "$34,071");
        assert_eq!(money(0.5181, "USD"), "$0.518");
        assert_eq!(money(-1500.0, "EUR"), "-€1,500");
        assert_eq!(money(12.0, "CHF"), "CHF 12.0");
        assert_eq!(number(0.0123), "0.0123");
        assert_eq!(percent(0.30), "30.0%");
        assert_eq!(pp(16.29), "+16.3 pp");
        // Rounding to zero drops the sign; what is left of subtracting equal figures shows as 0.
        assert_eq!(pp(-0.04), "0.0 pp");
        assert_eq!(pp(-0.06), "-0.1 pp");
        assert_eq!(signed(-0.004, 2), "0.00");
        assert_eq!(signed(0.54, 2), "+0.54");
        assert_eq!(money(3.5e-13, "USD"), "$0");
        assert_eq!(money(-3.5e-13, "USD"), "$0");
        assert_eq!(months(0.0), "at once");
        assert_eq!(months(2.34), "2.3 mo");
        assert_eq!(millis(127.6), "128 ms");
        assert_eq!(millis(28.5), "28 ms");
        assert_eq!(millis(4.35), "4.3 ms");
        assert_eq!(millis(52_000.0), "52.0 s");
        assert_eq!(millis(2_566_300.0), "42.8 min");
        assert_eq!(millis(101_520_000.0), "28.2 h");
        assert_eq!(months(f64::INFINITY), "never");
        assert_eq!(hours(100.0), "4.2 days");
        assert_eq!(tick(0.30000000000000004), "0.3");
        assert_eq!(tick(150.0), "150");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(0.125), "0.125");
        assert_eq!(tick(20_000.0), "20,000");
        assert_eq!(money_tick(0.5, "USD"), "$0.50");
        assert_eq!(duration_tick(100.0), "100 ms");
        assert_eq!(duration_tick(600_000.0), "10 min");
        assert_eq!(duration_tick(3.6e8), "100 h");
        assert_eq!(money_tick(2.0, "USD"), "$2");
        assert_eq!(quantity(Quantity::Rate, 2102.4, "USD"), "2,102");
        assert_eq!(quantity(Quantity::Rate, 6.174, "USD"), "6.17");
        assert_eq!(money_tick(-1500.0, "EUR"), "-€1,500");
    }
}
