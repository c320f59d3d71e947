//! Sweeps: one input moved across a range (or two across a grid), the scenario rerun at each value with
//! the same seed, and the points where two providers' medians cross found by bisection.
//!
//! Every step reruns the same trials: the swept input is fixed at each step, so the set of uncertain
//! variables, and the draws each trial makes, are the same at every step (common random numbers across
//! steps). Differences between steps are the input's effect, not sampling noise.

use super::bisect::Side;
use super::results::{ProviderResult, Results, RunInfo};
use crate::catalog::ProviderKind;
use crate::sim::Metric;
use crate::sim::Stats;
use serde::Serialize;

/// Relative width at which bisection stops: the break-even is then known to 3 significant figures.
pub const BISECTION_TOLERANCE: f64 = 5e-4;

/// A step misses the latency objectives when fewer than this share of its trials meet them.
pub const SLO_SHARE: f64 = 0.95;

/// Bisection steps at most, whatever the tolerance.
pub const MAX_BISECTIONS: usize = 40;

/// Why a sweep's range makes no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AxisError {
    /// Fewer than two steps.
    #[error("a sweep needs at least 2 steps, found {steps}")]
    TooFewSteps {
        /// The steps asked for.
        steps: usize,
    },
    /// Equal or non-finite ends.
    #[error("--from and --to must be two different finite numbers, found {from} and {to}")]
    Ends {
        /// The first value.
        from: f64,
        /// The last value.
        to: f64,
    },
    /// A log scale over ends that are not both positive.
    #[error("a --log sweep needs positive ends, found {from} and {to}")]
    LogEnds {
        /// The first value.
        from: f64,
        /// The last value.
        to: f64,
    },
}

/// The values a swept input takes: `steps` points from `from` to `to`, evenly spaced or, with `log`,
/// evenly spaced in the logarithm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    /// Dotted path of the input (`workload.requests_per_month`).
    pub path: String,
    /// The values, in order.
    pub values: Vec<f64>,
    /// Whether the values are spaced on a log scale.
    pub log: bool,
}

impl Axis {
    /// `steps` values from `from` to `to` (inclusive); `steps` ≥ 2, and both ends positive with `log`.
    pub fn new(path: &str, from: f64, to: f64, steps: usize, log: bool) -> Result<Axis, AxisError> {
        if steps < 2 {
            return Err(AxisError::TooFewSteps { steps });
        }
        if !(from.is_finite() && to.is_finite()) || from == to {
            return Err(AxisError::Ends { from, to });
        }
        if log && (from <= 0.0 || to <= 0.0) {
            return Err(AxisError::LogEnds { from, to });
        }
        let at = |i: usize| {
            let t = i as f64 / (steps - 1) as f64;
            if log { (from.ln() + t * (to.ln() - from.ln())).exp() } else { from + t * (to - from) }
        };
        // Twelve significant figures: a log step's last bits are float noise (19999999.999999978), not a value.
        let tidy = |v: f64| {
            if v == 0.0 || !v.is_finite() {
                return v;
            }
            let scale = 10f64.powi(11 - v.abs().log10().floor() as i32);
            (v * scale).round() / scale
        };
        let mut values: Vec<f64> = (0..steps).map(|i| tidy(at(i))).collect();
        // Land exactly on the ends the user typed.
        values[0] = from;
        values[steps - 1] = to;
        Ok(Axis { path: path.to_string(), values, log })
    }

    /// The point between `a` and `b`: arithmetic, or geometric on a log axis.
    fn mid(&self, a: f64, b: f64) -> f64 {
        if self.log { (a * b).sqrt() } else { 0.5 * (a + b) }
    }
}

/// One provider at one step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Share of trials in which it can run the workload.
    pub p_feasible: f64,
    /// The metric over its feasible trials (`null` when infeasible).
    pub stats: Option<Stats>,
    /// Share of feasible trials meeting the latency objectives (inference with objectives).
    pub p_slo_met: Option<f64>,
    /// Why it cannot run the workload, when it cannot.
    pub infeasible_reason: Option<String>,
}

impl Cell {
    fn of(p: &ProviderResult, metric: Metric) -> Cell {
        Cell {
            p_feasible: p.p_feasible,
            stats: if p.feasible { p.metrics.as_ref().and_then(|m| m.get(metric)).copied() } else { None },
            p_slo_met: p.p_slo_met,
            infeasible_reason: if p.feasible { None } else { p.infeasible_reason.clone() },
        }
    }

    /// The median, when feasible.
    pub fn p50(&self) -> Option<f64> {
        self.stats.map(|s| s.p50)
    }
}

/// Where two providers' medians cross.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    /// The provider cheaper (lower metric) below the crossing.
    pub below: String,
    /// The provider cheaper above it.
    pub above: String,
    /// The input's value at the crossing (bisection midpoint).
    pub at: f64,
    /// The metric's median there (of `below`, equal to `above`'s within the tolerance).
    pub value: f64,
    /// Whether the cheapest provider of the sweep changes here.
    pub cheapest_changes: bool,
    /// Whether bisection reached [`BISECTION_TOLERANCE`] (false: a provider turned infeasible inside the
    /// bracket, or the medians did not settle).
    pub converged: bool,
}

/// A one-input sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    /// The run (of the first step).
    pub scenario: RunInfo,
    /// The swept input.
    pub axis: Axis,
    /// The metric compared.
    pub metric: Metric,
    /// Provider ids and kinds, in scenario order.
    pub providers: Vec<(String, ProviderKind)>,
    /// Each provider's chart label and way, in the same order (for the chart's looks).
    #[serde(skip)]
    pub looks: Vec<(String, super::ways::Way)>,
    /// `cells[step][provider]`.
    pub cells: Vec<Vec<Cell>>,
    /// The cheapest provider at each step (lowest median metric), when any is feasible.
    pub cheapest: Vec<Option<String>>,
    /// Where the cheapest provider changes because two medians cross (or where the `--pair` crosses), in
    /// order of the input.
    pub break_evens: Vec<BreakEven>,
}

/// The lowest feasible median in `cells`, as an index.
fn lowest(cells: &[Cell]) -> Option<usize> {
    cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.p50().map(|v| (i, v)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
        .map(|(i, _)| i)
}

/// Runs the sweep: `evaluate(value)` gives the results with the input at `value`. Break-evens are found
/// where the cheapest provider changes from one step to the next because their medians cross, or, with
/// `pair`, wherever that pair's medians cross.
pub fn sweep<E>(
    axis: Axis,
    metric: Metric,
    pair: Option<(&str, &str)>,
    evaluate: &mut dyn FnMut(f64) -> Result<Results, E>,
) -> Result<Sweep, E> {
    let mut runs = Vec::with_capacity(axis.values.len());
    for &v in &axis.values {
        runs.push(evaluate(v)?);
    }
    let first = &runs[0];
    let providers: Vec<(String, ProviderKind)> = first.providers.iter().map(|p| (p.id.clone(), p.kind)).collect();
    let cells: Vec<Vec<Cell>> =
        runs.iter().map(|r| r.providers.iter().map(|p| Cell::of(p, metric)).collect()).collect();
    let cheapest: Vec<Option<String>> = cells.iter().map(|c| lowest(c).map(|i| providers[i].0.clone())).collect();
    let index = |id: &str| providers.iter().position(|(p, _)| p == id);
    let wanted = pair.and_then(|(a, b)| Some((index(a)?, index(b)?)));
    let mut break_evens = Vec::new();
    for step in 0..axis.values.len() - 1 {
        let (here, next) = (&cells[step], &cells[step + 1]);
        let low = [lowest(here), lowest(next)];
        for a in 0..providers.len() {
            for b in a + 1..providers.len() {
                let changes =
                    low[0] != low[1] && [low[0], low[1]].contains(&Some(a)) && [low[0], low[1]].contains(&Some(b));
                let relevant = match wanted {
                    Some((x, y)) => (a, b) == (x.min(y), x.max(y)),
                    None => changes,
                };
                let (Some(a0), Some(b0), Some(a1), Some(b1)) =
                    (here[a].p50(), here[b].p50(), next[a].p50(), next[b].p50())
                else {
                    continue;
                };
                let (d0, d1) = (a0 - b0, a1 - b1);
                if !relevant || d0 == 0.0 || (d1 != 0.0 && d0.signum() == d1.signum()) {
                    continue;
                }
                let (lo, hi) = (axis.values[step], axis.values[step + 1]);
                // Equal medians at the next step: the crossing is that step.
                let found =
                    if d1 == 0.0 { (hi, a1, true) } else { bisect(&axis, (lo, hi), d0, a, b, metric, evaluate)? };
                let (below, above) = if d0 < 0.0 { (a, b) } else { (b, a) };
                break_evens.push(BreakEven {
                    below: providers[below].0.clone(),
                    above: providers[above].0.clone(),
                    at: found.0,
                    value: found.1,
                    cheapest_changes: changes,
                    converged: found.2,
                });
            }
        }
    }
    break_evens.sort_by(|x, y| x.at.total_cmp(&y.at));
    let looks = first.providers.iter().map(|p| (p.label.clone(), super::ways::Way::of(p))).collect();
    Ok(Sweep { scenario: first.scenario.clone(), axis, metric, providers, looks, cells, cheapest, break_evens })
}

/// Bisects `(lo, hi)` for the value where `p50(a) − p50(b)` changes sign (`d_lo` is its sign at `lo`).
/// Returns the crossing, the metric there, and whether the tolerance was reached.
fn bisect<E>(
    axis: &Axis,
    (lo, hi): (f64, f64),
    d_lo: f64,
    a: usize,
    b: usize,
    metric: Metric,
    evaluate: &mut dyn FnMut(f64) -> Result<Results, E>,
) -> Result<(f64, f64, bool), E> {
    let mut value = f64::NAN;
    let mut side = |x: f64| -> Result<Side, E> {
        let r = evaluate(x)?;
        let (Some(pa), Some(pb)) = (Cell::of(&r.providers[a], metric).p50(), Cell::of(&r.providers[b], metric).p50())
        else {
            // A provider cannot run the workload inside the bracket: the bracket's middle is reported.
            value = f64::NAN;
            return Ok(Side::Undefined);
        };
        value = pa;
        let d = pa - pb;
        Ok(if d == 0.0 {
            Side::On
        } else if d.signum() == d_lo.signum() {
            Side::Low
        } else {
            Side::High
        })
    };
    let found =
        super::bisect::bisect((lo, hi), &|x, y| axis.mid(x, y), BISECTION_TOLERANCE, MAX_BISECTIONS, &mut side)?;
    Ok((found.last, value, found.converged))
}

/// A two-input sweep: at each grid point, the cheapest provider and, with a pair, the ratio of their
/// medians.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// The run (of the first point).
    pub scenario: RunInfo,
    /// The first input (columns).
    pub x: Axis,
    /// The second input (rows).
    pub y: Axis,
    /// The metric compared.
    pub metric: Metric,
    /// Provider ids and kinds, in scenario order.
    pub providers: Vec<(String, ProviderKind)>,
    /// Each provider's chart label and way, in the same order (for the chart's looks).
    #[serde(skip)]
    pub looks: Vec<(String, super::ways::Way)>,
    /// `cheapest[row][column]`: the cheapest provider's id, `null` when none is feasible.
    pub cheapest: Vec<Vec<Option<String>>>,
    /// The pair compared, if any.
    pub pair: Option<(String, String)>,
    /// `ratio[row][column]`: median of the first over median of the second, with a pair.
    pub ratio: Option<Vec<Vec<Option<f64>>>>,
}

/// Runs the grid: `evaluate(x, y)` gives the results with the inputs at `x` and `y`.
pub fn grid<E>(
    x: Axis,
    y: Axis,
    metric: Metric,
    pair: Option<(&str, &str)>,
    evaluate: &mut dyn FnMut(f64, f64) -> Result<Results, E>,
) -> Result<Grid, E> {
    let mut scenario = None;
    let mut providers = Vec::new();
    let mut looks = Vec::new();
    let mut cheapest = Vec::with_capacity(y.values.len());
    let mut ratio = Vec::with_capacity(y.values.len());
    for &yv in &y.values {
        let mut row = Vec::with_capacity(x.values.len());
        let mut ratio_row = Vec::with_capacity(x.values.len());
        for &xv in &x.values {
            let r = evaluate(xv, yv)?;
            let cells: Vec<Cell> = r.providers.iter().map(|p| Cell::of(p, metric)).collect();
            if scenario.is_none() {
                providers = r.providers.iter().map(|p| (p.id.clone(), p.kind)).collect();
                looks = r.providers.iter().map(|p| (p.label.clone(), super::ways::Way::of(p))).collect();
                scenario = Some(r.scenario.clone());
            }
            row.push(lowest(&cells).map(|i| providers[i].0.clone()));
            let p50 = |id: &str| providers.iter().position(|(p, _)| p == id).and_then(|i| cells[i].p50());
            ratio_row.push(pair.and_then(|(a, b)| Some(p50(a)? / p50(b)?)));
        }
        cheapest.push(row);
        ratio.push(ratio_row);
    }
    Ok(Grid {
        scenario: scenario.expect("an axis has at least two values"),
        x,
        y,
        metric,
        providers,
        looks,
        cheapest,
        pair: pair.map(|(a, b)| (a.to_string(), b.to_string())),
        ratio: pair.map(|_| ratio),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_space_linearly_or_logarithmically_and_hit_their_ends() {
        let lin = Axis::new("x", 10.0, 20.0, 3, false).unwrap();
        assert_eq!(lin.values, vec![10.0, 15.0, 20.0]);
        let log = Axis::new("x", 1.0, 100.0, 3, true).unwrap();
        assert!((log.values[1] - 10.0).abs() < 1e-12);
        assert_eq!(log.values[2], 100.0);
        assert!(Axis::new("x", 0.0, 10.0, 3, true).is_err());
        assert!(Axis::new("x", 1.0, 1.0, 3, false).is_err());
        assert!(Axis::new("x", 1.0, 2.0, 1, false).is_err());
        assert_eq!(log.mid(1.0, 100.0), 10.0);
        // Log steps carry no float noise into files and axes: 1e7..8e7 in four steps is exactly 2e7 and 4e7
        // (e^(ln 1e7 + ln 8/3) computes to 19999999.999999978 before tidying).
        let volume = Axis::new("x", 1e7, 8e7, 4, true).unwrap();
        assert_eq!(volume.values, vec![1e7, 2e7, 4e7, 8e7]);
    }
}
