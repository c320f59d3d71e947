//! The audit trail of one evaluation: every intermediate quantity with its formula and the numbers that
//! went into it. The model records into a [`Trace`]; the simulation passes [`Off`], whose `on()` is a
//! constant `false`, so the recording compiles away and costs nothing in the hot loop.

use serde::Serialize;

/// The unit of a step's value: money is shown in the scenario currency.
pub const MONEY: &str = "money";

/// One step of a computation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The part of the model: `sizing`, `gpu-hours`, `cost`, `latency`, `margin`.
    pub section: &'static str,
    /// What it is, for people: `prefill time of one request`.
    pub name: &'static str,
    /// Its symbol in docs/MODEL.md: `t_pf`.
    pub symbol: &'static str,
    /// How it is computed, in the symbols of docs/MODEL.md.
    pub formula: &'static str,
    /// The values substituted, symbol by symbol.
    pub terms: Vec<(&'static str, f64)>,
    /// The result.
    pub value: f64,
    /// Its unit (`s`, `GPU-h`, [`MONEY`]...).
    pub unit: &'static str,
    /// The docs/MODEL.md section that derives it (a heading anchor).
    pub anchor: &'static str,
}

/// Where steps go.
pub trait Trace {
    /// Whether steps are wanted at all.
    fn on(&self) -> bool;
    /// Keeps one step.
    fn record(&mut self, step: Step);
}

/// No trace: the simulation's choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct Off;

impl Trace for Off {
    #[inline(always)]
    fn on(&self) -> bool {
        false
    }

    #[inline(always)]
    fn record(&mut self, _: Step) {}
}

/// Every step, in the order the model computed them.
#[derive(Debug, Clone, Default)]
pub struct Steps(pub Vec<Step>);

impl Trace for Steps {
    fn on(&self) -> bool {
        true
    }

    fn record(&mut self, step: Step) {
        self.0.push(step);
    }
}

/// What a step is, apart from its numbers.
#[derive(Debug, Clone, Copy)]
pub struct What {
    /// Section.
    pub section: &'static str,
    /// Name for people.
    pub name: &'static str,
    /// Symbol.
    pub symbol: &'static str,
    /// Formula.
    pub formula: &'static str,
    /// Unit of the value.
    pub unit: &'static str,
    /// docs/MODEL.md anchor.
    pub anchor: &'static str,
}

/// Records `value` as the step `what`, computed from `terms`, when `t` is on.
#[inline(always)]
pub fn step<T: Trace>(t: &mut T, what: What, terms: &[(&'static str, f64)], value: f64) {
    if t.on() {
        t.record(Step {
            section: what.section,
            name: what.name,
            symbol: what.symbol,
            formula: what.formula,
            terms: terms.to_vec(),
            value,
            unit: what.unit,
            anchor: what.anchor,
        });
    }
}

/// A step description.
pub const fn what(
    section: &'static str,
    name: &'static str,
    symbol: &'static str,
    formula: &'static str,
    unit: &'static str,
    anchor: &'static str,
) -> What {
    What { section, name, symbol, formula, unit, anchor }
}
