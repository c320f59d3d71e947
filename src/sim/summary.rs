//! What a run of a scenario found, before any presentation: per provider the counts, the statistics of
//! every metric, the mean cost lines and margin steps, the cost quantiles; per compared pair the paired
//! counts. A Monte Carlo run and the point estimate (one trial at the medians) both end here;
//! `analysis` turns a summary into results.

use super::metric::Metric;
use crate::model::{CostBreakdown, Infeasible, MarginBridge, Outcome};
use serde::de::{Deserialize, Deserializer};

/// A statistic read back from results.json: `null` is how JSON writes an infinity, such as a payback that
/// never comes.
pub fn infinite_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Option::<f64>::deserialize(d).map(|v| v.unwrap_or(f64::INFINITY))
}

/// Summary statistics of one metric over the trials (all equal for a deterministic run).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// Mean.
    #[serde(deserialize_with = "infinite_if_null")]
    pub mean: f64,
    /// Standard deviation.
    #[serde(deserialize_with = "infinite_if_null")]
    pub sd: f64,
    /// 5th percentile.
    #[serde(deserialize_with = "infinite_if_null")]
    pub p5: f64,
    /// 25th percentile.
    #[serde(deserialize_with = "infinite_if_null")]
    pub p25: f64,
    /// Median.
    #[serde(deserialize_with = "infinite_if_null")]
    pub p50: f64,
    /// 75th percentile.
    #[serde(deserialize_with = "infinite_if_null")]
    pub p75: f64,
    /// 95th percentile.
    #[serde(deserialize_with = "infinite_if_null")]
    pub p95: f64,
}

impl Stats {
    /// Statistics of a single value.
    pub fn point(value: f64) -> Stats {
        Stats { mean: value, sd: 0.0, p5: value, p25: value, p50: value, p75: value, p95: value }
    }
}

/// Which pairs of providers a run compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairScope {
    /// Every pair (up to 50 providers, [`super::ALL_PAIRS_UP_TO`]).
    EveryPair,
    /// Each provider against the cheapest centralized provider and against the cheapest other one, at
    /// the point estimate (over 50 providers): the headline's pair is among them.
    AgainstCheapest,
}

/// What one provider did over the trials.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderSummary {
    /// Trials in which it could run the workload.
    pub feasible: u64,
    /// Trials in which it could not.
    pub infeasible: u64,
    /// The earliest trial's reason for infeasibility.
    pub first_reason: Option<Infeasible>,
    /// Feasible trials meeting the latency objectives.
    pub slo_met: u64,
    /// Trials whose training run ends by its deadline.
    pub on_time: u64,
    /// Feasible trials in which the margin improves.
    pub margin_up: u64,
    /// Trials in which it was the cheapest feasible provider ([`cheapest_shares`]).
    pub cheapest: f64,
    /// Statistics of every metric with values, in [`Metric::ALL`] order.
    pub metrics: Vec<(Metric, Option<Stats>)>,
    /// Mean monthly cost by line over the feasible trials.
    pub breakdown: CostBreakdown,
    /// Mean margin steps over the feasible trials (with a business).
    pub margin_bridge: Option<MarginBridge>,
    /// Monthly cost at the 1st, 2nd, … 99th percentile.
    pub cost_quantiles: Vec<f64>,
}

impl ProviderSummary {
    /// Share of trials in which it could run the workload.
    pub fn p_feasible(&self) -> f64 {
        self.feasible as f64 / (self.feasible + self.infeasible).max(1) as f64
    }

    /// Whether it is shown as able to run the workload: feasible in at least half the trials.
    pub fn feasible(&self) -> bool {
        self.feasible > 0 && self.p_feasible() >= 0.5
    }
}

/// The paired comparison of two providers over the trials in which both could run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairSummary {
    /// The first provider's index.
    pub a: usize,
    /// The second's (`a < b`).
    pub b: usize,
    /// Trials in which both could run.
    pub both: u64,
    /// Of those, trials in which `a` cost less.
    pub a_cheaper: u64,
    /// Of those, trials in which they cost the same.
    pub ties: u64,
    /// Median of `cost(a) / cost(b)` ([`cost_ratio`]).
    pub median_ratio: f64,
}

impl PairSummary {
    /// Probability that `a` costs less than `b`, ties counted half.
    pub fn p_a_cheaper(&self) -> f64 {
        (self.a_cheaper as f64 + 0.5 * self.ties as f64) / self.both.max(1) as f64
    }
}

/// What a run of a scenario found.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Trials (1 for the point estimate).
    pub samples: u64,
    /// Seed of the random streams (0 for the point estimate).
    pub seed: u64,
    /// One per provider, in scenario order.
    pub providers: Vec<ProviderSummary>,
    /// The pairs compared.
    pub pairs: Vec<PairSummary>,
    /// Which pairs those are.
    pub pair_scope: PairScope,
    /// Every provider evaluated at the point value of every input: the sizing a result explains.
    pub point: Vec<Result<Outcome, Infeasible>>,
}

/// `a / b` for a paired comparison, with equal costs (two APIs at $0 included) a ratio of 1 rather than
/// 0/0 = NaN (issue 13).
pub fn cost_ratio(a: f64, b: f64) -> f64 {
    if a == b { 1.0 } else { a / b }
}

/// Each provider's share of "cheapest" in one trial: the feasible provider(s) of the lowest monthly cost
/// share 1 equally; the others get 0.
pub fn cheapest_shares(costs: &[Option<f64>]) -> Vec<f64> {
    let best = costs.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let winners = costs.iter().filter(|c| **c == Some(best)).count();
    costs.iter().map(|c| if *c == Some(best) { 1.0 / winners as f64 } else { 0.0 }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_costs_have_a_ratio_of_one() {
        assert_eq!(cost_ratio(0.0, 0.0), 1.0);
        assert_eq!(cost_ratio(3.0, 6.0), 0.5);
        assert_eq!(cost_ratio(1.0, 0.0), f64::INFINITY);
    }

    #[test]
    fn ties_for_cheapest_share_the_trial_and_infeasible_providers_get_nothing() {
        assert_eq!(cheapest_shares(&[Some(3.0), None, Some(2.0), Some(2.0)]), vec![0.0, 0.0, 0.5, 0.5]);
        assert_eq!(cheapest_shares(&[None, None]), vec![0.0, 0.0]);
    }
}
