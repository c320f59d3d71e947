//! How a chart's values read, on axis ticks and on value labels.

use crate::base::format;
use crate::base::format::Quantity;

/// The units of a chart's value axis.
#[derive(Debug, Clone)]
pub enum Units {
    /// Money in the named currency.
    Money(String),
    /// A fraction shown as a percentage.
    Percent,
    /// Hours.
    Hours,
    /// Milliseconds.
    Millis,
    /// Percentage points.
    Pp,
    /// Months.
    Months,
    /// A plain number.
    Count,
}

impl Units {
    /// The units of a metric's quantity.
    pub fn of(q: Quantity, currency: &str) -> Units {
        match q {
            Quantity::Money => Units::Money(currency.to_string()),
            Quantity::Fraction => Units::Percent,
            Quantity::Hours => Units::Hours,
            Quantity::Millis => Units::Millis,
            Quantity::Pp => Units::Pp,
            Quantity::Months => Units::Months,
            Quantity::Count | Quantity::Rate => Units::Count,
        }
    }

    /// The unit for an axis title: `USD`, `%`, `hours`.
    pub fn name(&self) -> String {
        match self {
            Units::Money(currency) => currency.clone(),
            Units::Percent => "%".into(),
            Units::Hours => "hours".into(),
            Units::Millis => "time".into(),
            Units::Pp => "percentage points".into(),
            Units::Months => "months".into(),
            Units::Count => "count".into(),
        }
    }

    /// A value label: `$12,479`, `47.3%`, `52.6 h`.
    pub fn label(&self, v: f64) -> String {
        match self {
            Units::Money(currency) => format::money(v, currency),
            Units::Percent => format::percent(v),
            Units::Hours => format::hours(v),
            Units::Millis => format::millis(v),
            Units::Pp => format::pp(v),
            Units::Months => format::months(v),
            Units::Count => format::number(v),
        }
    }

    /// An axis tick: `$20,000`, `$0.50`, `40%`, `150`.
    pub fn tick(&self, v: f64) -> String {
        match self {
            Units::Money(currency) => format::money_tick(v, currency),
            Units::Percent => format!("{}%", format::tick(v * 100.0)),
            Units::Hours | Units::Count | Units::Months => format::tick(v),
            Units::Millis => format::duration_tick(v),
            Units::Pp if v > 0.0 => format!("+{}", format::tick(v)),
            Units::Pp => format::tick(v),
        }
    }
}
