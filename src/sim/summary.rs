//! From a run's tallies to [`Results`]: statistics per metric, probabilities, paired comparisons, warnings.

use super::SimOptions;
use super::accumulate::{Moments, SLOTS_PER_PROVIDER, Tally};
use crate::analysis::{
    Comparison, Metric, Metrics, ProviderResult, Results, Stats, assumptions, point_outcomes, run_info,
};
use crate::base::warning::{Warning, WarningKind};
use crate::catalog::Catalog;
use crate::model::{CostBreakdown, MarginBridge};
use crate::scenario::Scenario;

/// Builds the results of a run from its tally and its ordered moment totals.
pub fn results(
    scenario: &Scenario,
    catalog: &Catalog,
    opts: &SimOptions,
    tally: &Tally,
    totals: &[Moments],
    pair_scope: crate::analysis::PairScope,
) -> Results {
    let kind = scenario.workload_inputs.kind();
    let has_business = scenario.business.is_some();
    let points = point_outcomes(scenario);
    let mut warnings = scenario.warnings.clone();
    let providers: Vec<ProviderResult> = scenario
        .providers
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let t = &tally.providers[k];
            let total = t.feasible + t.infeasible;
            let p_feasible = t.feasible as f64 / total.max(1) as f64;
            let feasible = t.feasible > 0 && p_feasible >= 0.5;
            let reason = t.first_reason.map(|(_, r)| r.to_string());
            let mut provider_warnings = Vec::new();
            if t.feasible > 0 && t.infeasible > 0 {
                provider_warnings.push(Warning::new(
                    WarningKind::PartlyInfeasible,
                    format!(
                        "{}: infeasible in {:.1}% of trials ({}); {}",
                        p.id,
                        100.0 * (1.0 - p_feasible),
                        reason.as_deref().unwrap_or("unknown"),
                        if feasible { "statistics cover the feasible trials" } else { "shown as infeasible" }
                    ),
                ));
            }
            let slots = &totals[k * SLOTS_PER_PROVIDER..(k + 1) * SLOTS_PER_PROVIDER];
            let metrics = feasible.then(|| {
                Metrics(
                    Metric::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, &m)| {
                            let h = &t.hists[i];
                            let stats = (m.applies(kind, has_business) && h.count() > 0).then(|| Stats {
                                mean: slots[i].mean(),
                                sd: slots[i].sd(),
                                p5: h.quantile(0.05),
                                p25: h.quantile(0.25),
                                p50: h.quantile(0.5),
                                p75: h.quantile(0.75),
                                p95: h.quantile(0.95),
                            });
                            (m, stats)
                        })
                        .collect(),
                )
            });
            let lines = &slots[Metric::ALL.len()..];
            let breakdown = feasible.then(|| CostBreakdown {
                compute: lines[0].mean(),
                verification: lines[1].mean(),
                privacy: lines[2].mean(),
                failures: lines[3].mean(),
                egress: lines[4].mean(),
                storage: lines[5].mean(),
                fees: lines[6].mean(),
            });
            let steps = &lines[CostBreakdown::LINES.len()..];
            let margin_bridge = (feasible && has_business).then(|| MarginBridge {
                before: steps[0].mean(),
                operational_savings: steps[1].mean(),
                labor_savings: steps[2].mean(),
                ai_compute: -steps[3].mean(),
                other_ai_costs: -steps[4].mean(),
            });
            let share = |n: u64| n as f64 / t.feasible.max(1) as f64;
            let point = points[k].as_ref().ok();
            ProviderResult {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind,
                gpu: p.gpu_id(),
                gpu_name: p.gpu_name(),
                gpu_short: p.gpu_short(),
                offer: p.offer.clone(),
                price_per_gpu_hour: p.inputs.price_per_gpu_hour.value,
                feasible,
                infeasible_reason: if feasible { None } else { reason },
                p_feasible,
                slo_met: feasible.then(|| point.and_then(|o| o.latency).map(|l| l.slo_met)).flatten(),
                p_slo_met: (feasible && kind == crate::model::WorkloadKind::Inference).then(|| share(t.slo_met)),
                p_margin_improves: (feasible && has_business).then(|| share(t.margin_up)),
                p_cheapest: t.cheapest / total.max(1) as f64,
                metrics,
                breakdown,
                margin_bridge,
                detail: point.map(|o| o.detail),
                monthly_cost_quantiles: feasible.then(|| {
                    let h = &t.hists[Metric::ALL.iter().position(|m| *m == Metric::MonthlyCost).unwrap_or(0)];
                    (1..100).map(|i| h.quantile(f64::from(i) / 100.0)).collect()
                }),
                warnings: provider_warnings,
            }
        })
        .collect();
    let comparisons = tally
        .pairs
        .iter()
        .filter(|t| providers[t.a].feasible && providers[t.b].feasible && t.both > 0)
        .map(|t| Comparison {
            a: providers[t.a].id.clone(),
            b: providers[t.b].id.clone(),
            metric: Metric::MonthlyCost.name().to_string(),
            p_a_cheaper: (t.a_cheaper as f64 + 0.5 * t.ties as f64) / t.both as f64,
            median_ratio: t.ratio.quantile(0.5),
        })
        .collect();
    warnings.sort();
    warnings.dedup();
    Results {
        scenario: run_info(scenario, catalog, opts.samples, opts.seed),
        providers,
        comparisons,
        pair_scope,
        assumptions: assumptions(scenario, catalog),
        warnings,
    }
}
