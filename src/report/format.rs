//! Numbers for people (`base::format`), and a metric's value in its own unit.

pub use crate::base::format::*;

/// A metric's value in its own unit: `$12,479`, `128 ms`, `47.3%`, `+16.3 pp`, `2.3 mo`, `52.6 h`.
pub fn quantity(q: crate::analysis::metric::Quantity, v: f64, currency: &str) -> String {
    use crate::analysis::metric::Quantity;
    match q {
        Quantity::Money => money(v, currency),
        Quantity::Millis => millis(v),
        Quantity::Fraction => percent(v),
        Quantity::Pp => pp(v),
        Quantity::Months => months(v),
        Quantity::Hours => hours(v),
        Quantity::Count => number(v),
    }
}
