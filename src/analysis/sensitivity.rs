//! Which uncertain input matters most: for each, the swing of one output when that input goes from its
//! 5th to its 95th percentile with every other input at its median (a tornado), and its rank
//! correlation with the output over Monte Carlo trials.
//!
//! The output is one provider's metric, or the difference between two providers' (`a − b`), the form of
//! the question "what decides whether the network beats the cloud?". docs/MODEL.md, "Sensitivity".

use super::results::RunInfo;
use crate::model;
use crate::scenario::Scenario;
use crate::sim::Metric;
use crate::sim::{CHUNK, Plan, chunk_rng};
use rayon::prelude::*;
use serde::Serialize;

/// At most this many trials feed the rank correlations (each trial's inputs are kept in memory).
pub const MAX_CORRELATION_TRIALS: u64 = 100_000;

/// Low and high percentiles of the swing.
pub const SWING_PERCENTILES: (f64, f64) = (0.05, 0.95);

/// What the analysis explains: one provider's metric, or the difference of two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// The metric of provider `id`.
    Provider {
        /// Provider id.
        id: String,
    },
    /// The metric of `a` minus that of `b`.
    Pair {
        /// First provider id.
        a: String,
        /// Second provider id.
        b: String,
    },
}

/// One input's effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputEffect {
    /// The input: a dotted path, or `default <key>` for a default shared by several providers.
    pub input: String,
    /// Its 5th percentile.
    pub low: f64,
    /// Its 95th percentile.
    pub high: f64,
    /// The output with the input at `low` (`null`: infeasible there).
    pub at_low: Option<f64>,
    /// The output with the input at `high`.
    pub at_high: Option<f64>,
    /// `|at_high − at_low|` (infinite when one end is infeasible).
    pub swing: f64,
    /// Spearman's rank correlation of the input with the output over the trials (`null` when the output
    /// does not vary).
    pub rank_correlation: Option<f64>,
    /// Where the difference of a pair changes sign as this input moves through its plausible range, every
    /// other input at its median (`null`: a single provider, or no crossing in that range).
    pub break_even: Option<BreakEven>,
}

/// The value of one input at which the two providers of a pair cost the same.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BreakEven {
    /// The input's value there.
    pub value: f64,
    /// Where that value sits in the input's distribution (0.5 = its median).
    pub percentile: f64,
}

/// The range a break-even is looked for in: the input's 1st to 99th percentile.
pub const BREAK_EVEN_PERCENTILES: (f64, f64) = (0.01, 0.99);

/// The sensitivity of one output to every uncertain input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The run.
    pub scenario: RunInfo,
    /// The metric.
    pub metric: Metric,
    /// Whose metric.
    pub target: Target,
    /// The output with every input at its median.
    pub base: Option<f64>,
    /// Inputs that move the output, largest swing first.
    pub inputs: Vec<InputEffect>,
    /// Uncertain inputs the target does not read (other providers').
    pub unrelated: Vec<String>,
    /// Inputs it reads that do not move this metric: no swing, and a rank correlation within sampling
    /// noise (`3/√n`).
    pub no_effect: Vec<String>,
    /// Trials behind the rank correlations (feasible for the target).
    pub trials: u64,
}

impl Sensitivity {
    /// `vast monthly cost`, or `vast − lambda monthly cost`.
    pub fn target_title(&self) -> String {
        let what = self.metric.title(&self.scenario.unit);
        match &self.target {
            Target::Provider { id } => format!("{id} {what}"),
            Target::Pair { a, b } => format!("{a} − {b} {what}"),
        }
    }
}

/// The comparison a memo leads with: the cheapest provider at p50 against the cheapest of another way
/// (`ways::rival`), or the cheapest alone.
pub fn key_target(results: &super::Results) -> Option<Target> {
    let best = *results.ranked().first()?;
    Some(match super::ways::rival(results) {
        Some(r) => Target::Pair { a: best.id.clone(), b: r.id.clone() },
        None => Target::Provider { id: best.id.clone() },
    })
}

/// The target's output for one set of variable values; `None` when a provider cannot run the workload.
fn output(scenario: &Scenario, plan: &Plan<'_>, metric: Metric, ks: &[usize], values: &[f64]) -> Option<f64> {
    let workload = plan.workload(values);
    let business = plan.business(values);
    let mut out = Vec::with_capacity(2);
    for &k in ks {
        let p = &scenario.providers[k];
        let setup = p.setup();
        let o =
            model::evaluate(&scenario.workload, &workload, setup, &plan.provider(k, values), business.as_ref()).ok()?;
        out.push(metric.of(&o)?);
    }
    match out.as_slice() {
        [v] => Some(*v),
        [a, b] => Some(a - b),
        _ => None,
    }
}

/// Average ranks (ties share the mean of their positions), 1-based.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            r[o] = mean;
        }
        i = j + 1;
    }
    r
}

/// Pearson's correlation; `None` when either side does not vary.
fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's rank correlation of `x` and `y`.
///
/// # Formula
/// Pearson's correlation of the average ranks (Spearman 1904; ties as in Kendall & Gibbons, *Rank
/// Correlation Methods*, 1990).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() < 3 {
        return None;
    }
    pearson(&ranks(x), &ranks(y))
}

/// Runs the analysis of `target`'s `metric` in `scenario`: the tornado at the medians, and rank
/// correlations over `min(samples, MAX_CORRELATION_TRIALS)` trials drawn as `sim::run` draws them.
pub fn analyse(
    scenario: &Scenario,
    run: RunInfo,
    metric: Metric,
    target: Target,
    samples: u64,
    seed: u64,
) -> Result<Sensitivity, super::UnknownProvider> {
    let index = |id: &str| super::UnknownProvider::find(scenario, id);
    let ks = match &target {
        Target::Provider { id } => vec![index(id)?],
        Target::Pair { a, b } => vec![index(a)?, index(b)?],
    };
    let plan = Plan::new(scenario);
    let medians: Vec<f64> = plan.vars.iter().map(|v| v.dist.median()).collect();
    let base = output(scenario, &plan, metric, &ks, &medians);
    let (lo_p, hi_p) = SWING_PERCENTILES;

    // Trials for the correlations, chunk by chunk with the simulation's streams.
    let n = samples.min(MAX_CORRELATION_TRIALS);
    let chunks: Vec<Vec<(Vec<f64>, f64)>> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut rng = chunk_rng(seed, c);
            let mut values = vec![0.0; plan.vars.len()];
            let trials = CHUNK.min(n - c * CHUNK);
            let mut kept = Vec::with_capacity(trials as usize);
            for _ in 0..trials {
                plan.draw(&mut rng, &mut values);
                if let Some(y) = output(scenario, &plan, metric, &ks, &values).filter(|y| y.is_finite()) {
                    kept.push((values.clone(), y));
                }
            }
            kept
        })
        .collect();
    let trials: Vec<(Vec<f64>, f64)> = chunks.into_iter().flatten().collect();
    let ys: Vec<f64> = trials.iter().map(|(_, y)| *y).collect();

    let mut inputs = Vec::new();
    let mut unrelated = Vec::new();
    let mut no_effect = Vec::new();
    let read = plan.read_by(&ks);
    let noise = 3.0 / (ys.len().max(1) as f64).sqrt();
    for (k, var) in plan.vars.iter().enumerate() {
        if !read[k] {
            unrelated.push(var.label.clone());
            continue;
        }
        let (low, high) = (var.dist.quantile(lo_p), var.dist.quantile(hi_p));
        let at = |x: f64| {
            let mut values = medians.clone();
            values[k] = x;
            output(scenario, &plan, metric, &ks, &values)
        };
        let (at_low, at_high) = (at(low), at(high));
        let swing = match (at_low, at_high) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => f64::INFINITY,
        };
        let xs: Vec<f64> = trials.iter().map(|(v, _)| v[k]).collect();
        let rank_correlation = spearman(&xs, &ys);
        if swing == 0.0 && rank_correlation.is_none_or(|r| r.abs() < noise) {
            no_effect.push(var.label.clone());
            continue;
        }
        let break_even = match target {
            Target::Pair { .. } => break_even(&|q| at(var.dist.quantile(q)), &|q| var.dist.quantile(q)),
            Target::Provider { .. } => None,
        };
        inputs.push(InputEffect {
            input: var.label.clone(),
            low,
            high,
            at_low,
            at_high,
            swing,
            rank_correlation,
            break_even,
        });
    }
    inputs.sort_by(|a, b| {
        b.swing
            .total_cmp(&a.swing)
            .then_with(|| {
                let r = |e: &InputEffect| e.rank_correlation.map_or(0.0, f64::abs);
                r(b).total_cmp(&r(a))
            })
            .then_with(|| a.input.cmp(&b.input))
    });
    Ok(Sensitivity { scenario: run, metric, target, base, inputs, unrelated, no_effect, trials: ys.len() as u64 })
}

/// The crossing nearest the median of a difference `gap(q)` read at the input's quantile `q`, within
/// [`BREAK_EVEN_PERCENTILES`].
///
/// # Formula
/// Bisection in quantile space (`analysis::bisect`), from the median towards whichever end of the range
/// lies on the other side of zero (the median's side first checked at the 1st percentile, then the 99th);
/// the crossing is `quantile(q*)` to a quantile tolerance of 1e-6. A difference that only touches zero,
/// or crosses and recrosses inside the range, is found only where the ends disagree with the median.
fn break_even(gap: &dyn Fn(f64) -> Option<f64>, value: &dyn Fn(f64) -> f64) -> Option<BreakEven> {
    use super::bisect::{Side, bisect};
    let mid = gap(0.5)?;
    if mid == 0.0 {
        return Some(BreakEven { value: value(0.5), percentile: 0.5 });
    }
    let (lo_q, hi_q) = BREAK_EVEN_PERCENTILES;
    let far = [lo_q, hi_q].into_iter().find(|&q| gap(q).is_some_and(|g| g.signum() != mid.signum()))?;
    let mut side = |q: f64| -> Result<Side, ()> {
        Ok(match gap(q) {
            None => Side::Undefined,
            Some(0.0) => Side::On,
            Some(g) if g.signum() == mid.signum() => Side::Low,
            Some(_) => Side::High,
        })
    };
    let b = bisect((0.5, far), &|a, b| 0.5 * (a + b), 1e-6, 60, &mut side).ok()?;
    if b.undefined {
        return None;
    }
    let q = 0.5 * (b.low + b.high);
    Some(BreakEven { value: value(q), percentile: q })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_break_even_is_the_crossing_nearest_the_median() {
        // gap(q) = q − 0.8 on an input worth 10·q: the pair costs the same at 8, the input's 80th percentile.
        let b = break_even(&|q| Some(q - 0.8), &|q| 10.0 * q).unwrap();
        assert!((b.percentile - 0.8).abs() < 1e-5 && (b.value - 8.0).abs() < 1e-4, "{b:?}");
        // Below the median too, towards the 1st percentile.
        let b = break_even(&|q| Some(0.2 - q), &|q| q).unwrap();
        assert!((b.percentile - 0.2).abs() < 1e-5, "{b:?}");
        // No crossing inside the 1st-99th percentile range: none.
        assert_eq!(break_even(&|q| Some(q + 0.1), &|q| q), None);
        assert_eq!(break_even(&|q| Some(q - 0.995), &|q| q), None);
        // A provider that cannot run the workload at the median: none.
        assert_eq!(break_even(&|_| None, &|q| q), None);
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 30.0, 20.0, 20.0]), vec![1.0, 4.0, 2.5, 2.5]);
    }

    #[test]
    fn spearman_by_hand() {
        // Monotone but not linear: rank correlation 1, Pearson below 1.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [1.0, 4.0, 9.0, 16.0, 100.0];
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        assert!(pearson(&x, &y).unwrap() < 0.95);
        // Reversed: −1. Worked example: ranks of y = [2, 1, 4, 3, 5] against 1..5:
        // d = [-1, 1, -1, 1, 0], Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8.
        let rev: Vec<f64> = y.iter().rev().copied().collect();
        assert!((spearman(&x, &rev).unwrap() + 1.0).abs() < 1e-12);
        let y2 = [2.0, 1.0, 4.0, 3.0, 5.0];
        assert!((spearman(&x, &y2).unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(spearman(&x, &[3.0; 5]), None);
    }
}
