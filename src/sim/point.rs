//! The point estimate: every input at its median, one evaluation per provider, summarised as a run of
//! one trial so that it becomes results the same way a Monte Carlo run does.

use super::metric::Metric;
use super::summary::{PairScope, ProviderSummary, Stats, Summary, cheapest_shares};
use crate::model::{self, Infeasible, Outcome};
use crate::scenario::Scenario;

/// Every provider evaluated at the point value of every input.
pub fn outcomes(scenario: &Scenario) -> Vec<Result<Outcome, Infeasible>> {
    let workload = scenario.point_workload();
    let business = scenario.point_business();
    scenario
        .providers
        .iter()
        .map(|p| {
            model::evaluate(&scenario.workload, &workload, p.setup(), &p.point_inputs(), business.as_ref())
                .map(|o| o.with_horizon(scenario.meta.horizon_months, p.commitment_months))
        })
        .collect()
}

/// The deterministic run: one trial at the medians, every statistic equal to the value.
pub fn summary(scenario: &Scenario) -> Summary {
    let point = outcomes(scenario);
    let costs: Vec<Option<f64>> = point.iter().map(|o| o.as_ref().ok().map(|o| o.monthly_cost)).collect();
    let providers = point
        .iter()
        .zip(cheapest_shares(&costs))
        .map(|(outcome, cheapest)| match outcome {
            Err(reason) => ProviderSummary {
                feasible: 0,
                infeasible: 1,
                first_reason: Some(*reason),
                slo_met: 0,
                on_time: 0,
                margin_up: 0,
                cheapest,
                metrics: Metric::ALL.iter().map(|&m| (m, None)).collect(),
                breakdown: Default::default(),
                margin_bridge: None,
                cost_quantiles: Vec::new(),
            },
            Ok(o) => ProviderSummary {
                feasible: 1,
                infeasible: 0,
                first_reason: None,
                slo_met: u64::from(o.latency.is_some_and(|l| l.slo_met)),
                on_time: u64::from(o.detail.on_time == Some(true)),
                margin_up: u64::from(o.margin.is_some_and(|m| m.improvement_pp() > 0.0)),
                cheapest,
                metrics: Metric::ALL.iter().map(|&m| (m, m.of(o).map(Stats::point))).collect(),
                breakdown: o.cost,
                margin_bridge: o.margin.map(|m| m.bridge),
                cost_quantiles: vec![o.monthly_cost; 99],
            },
        })
        .collect();
    Summary { samples: 1, seed: 0, providers, pairs: Vec::new(), pair_scope: PairScope::EveryPair, point }
}
