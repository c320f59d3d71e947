//! How a chart's values read, on axis ticks and on value labels.

use crate::report::format;

/// The units of a chart's value axis.
#[derive(Debug, Clone)]
pub enum Units {
    /// Money in the named currency.
    Money(String),
    /// A fraction shown as a percentage.
    Percent,
    /// Hours.
    Hours,
}

impl Units {
    /// A value label: `$12,479`, `47.3%`, `52.6 h`.
    pub fn label(&self, v: f64) -> String {
        match self {
            Units::Money(currency) => format::money(v, currency),
            Units::Percent => format::percent(v),
            Units::Hours => format::hours(v),
        }
    }

    /// An axis tick: `$20,000`, `$0.50`, `40%`, `150`.
    pub fn tick(&self, v: f64) -> String {
        match self {
            Units::Money(currency) => format::money_tick(v, currency),
            Units::Percent => format!("{}%", format::tick(v * 100.0)),
            Units::Hours => format::tick(v),
        }
    }
}
