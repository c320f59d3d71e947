//! Side-by-side comparison of every provider in a scenario.

use super::metric::{Metric, unit_of_work};
use super::results::{Metrics, ProviderResult, Results, RunInfo, Stats};
use crate::base::warning::{Warning, WarningKind};
use crate::catalog::Catalog;
use crate::model::{self, Infeasible, Outcome, WorkloadSetup};
use crate::scenario::Scenario;

/// Every provider evaluated at the point value of every input.
pub fn point_outcomes(scenario: &Scenario) -> Vec<Result<Outcome, Infeasible>> {
    let workload = scenario.point_workload();
    let business = scenario.point_business();
    scenario
        .providers
        .iter()
        .map(|p| {
            let setup = p.setup();
            model::evaluate(&scenario.workload, &workload, setup, &p.point_inputs(), business.as_ref())
        })
        .collect()
}

/// The deterministic comparison: one evaluation per provider, every percentile equal to the value.
pub fn point(scenario: &Scenario, catalog: &Catalog) -> Results {
    let outcomes = point_outcomes(scenario);
    let kind = scenario.workload_inputs.kind();
    let has_business = scenario.business.is_some();
    let providers: Vec<ProviderResult> = scenario
        .providers
        .iter()
        .zip(&outcomes)
        .map(|(p, outcome)| {
            let base = ProviderResult {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind,
                gpu: p.gpu_id(),
                gpu_name: p.gpu_name(),
                gpu_short: p.gpu_short(),
                offer: p.offer.clone(),
                price_per_gpu_hour: p.inputs.price_per_gpu_hour.value,
                feasible: false,
                infeasible_reason: None,
                p_feasible: 0.0,
                slo_met: None,
                p_slo_met: None,
                p_margin_improves: None,
                p_cheapest: 0.0,
                metrics: None,
                breakdown: None,
                margin_bridge: None,
                detail: None,
                monthly_cost_quantiles: None,
                warnings: Vec::new(),
            };
            match outcome {
                Err(reason) => ProviderResult { infeasible_reason: Some(reason.to_string()), ..base },
                Ok(o) => {
                    let metrics = Metric::ALL
                        .iter()
                        .map(|&m| (m, m.applies(kind, has_business).then(|| m.of(o).map(Stats::point)).flatten()))
                        .collect();
                    let yes = |b: bool| if b { 1.0 } else { 0.0 };
                    ProviderResult {
                        feasible: true,
                        p_feasible: 1.0,
                        slo_met: o.latency.map(|l| l.slo_met),
                        p_slo_met: o.latency.map(|l| yes(l.slo_met)),
                        p_margin_improves: o.margin.map(|m| yes(m.improvement_pp() > 0.0)),
                        metrics: Some(Metrics(metrics)),
                        breakdown: Some(o.cost),
                        margin_bridge: o.margin.map(|m| m.bridge),
                        detail: Some(o.detail),
                        monthly_cost_quantiles: Some(vec![o.monthly_cost; 99]),
                        warnings: outcome_warnings(&p.id, o),
                        ..base
                    }
                }
            }
        })
        .collect();
    // The cheapest at the point values gets the whole probability (ties share it).
    let mut providers: Vec<ProviderResult> = providers;
    let best = providers.iter().filter(|p| p.feasible).map(point_cost).fold(f64::INFINITY, f64::min);
    let winners = providers.iter().filter(|p| p.feasible && point_cost(p) == best).count();
    for p in providers.iter_mut().filter(|p| p.feasible) {
        if point_cost(p) == best {
            p.p_cheapest = 1.0 / winners as f64;
        }
    }
    Results {
        scenario: run_info(scenario, catalog, 1, 0),
        providers,
        comparisons: Vec::new(),
        pair_scope: super::PairScope::EveryPair,
        assumptions: super::assumptions(scenario, catalog),
        warnings: scenario.warnings.clone(),
    }
}

fn point_cost(p: &ProviderResult) -> f64 {
    p.metrics.as_ref().and_then(|m| m.get(Metric::MonthlyCost)).map_or(f64::INFINITY, |s| s.p50)
}

/// What describes a run of `scenario`.
pub fn run_info(scenario: &Scenario, catalog: &Catalog, samples: u64, seed: u64) -> RunInfo {
    let kind = scenario.workload_inputs.kind();
    let model = scenario.model.as_ref().map(|m| m.id.clone());
    RunInfo {
        name: scenario.meta.name.clone(),
        description: scenario.meta.description.clone(),
        file: scenario.file.clone(),
        overrides: scenario.overrides.clone(),
        currency: scenario.meta.currency.clone(),
        workload: kind.as_str().to_string(),
        model,
        workload_summary: workload_summary(scenario),
        objectives: objectives(scenario),
        unit: unit_of_work(kind).to_string(),
        horizon_months: scenario.meta.horizon_months,
        samples,
        seed,
        catalog_date: catalog.newest_as_of().to_string(),
        catalogs: catalog.files.clone(),
        savings_preset: scenario.savings.map(|(p, _)| p.as_str().to_string()),
        build_vs_buy: (scenario.meta.headline == crate::scenario::file::Headline::BuildVsBuy)
            .then(|| super::build_buy::break_evens(scenario)),
        price_check: scenario.price_check.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The latency objectives of an inference workload.
fn objectives(scenario: &Scenario) -> super::Objectives {
    match &scenario.workload_inputs {
        crate::model::WorkloadInputs::Inference(w) => super::Objectives {
            ttft_p95_ms: w.ttft_slo_ms.as_ref().map(|p| p.value),
            e2e_p95_ms: w.latency_slo_ms.as_ref().map(|p| p.value),
            tpot_ms: w.tpot_slo_ms.as_ref().map(|p| p.value),
        },
        _ => super::Objectives::default(),
    }
}

/// The workload in one line: each input as written (a number, or its distribution).
fn workload_summary(scenario: &Scenario) -> String {
    use crate::base::format::{number, thousands};
    use crate::model::WorkloadInputs;
    use crate::scenario::Param;
    let shown = |p: &Param, f: fn(f64) -> String| p.dist.as_ref().map_or_else(|| f(p.value), ToString::to_string);
    let model = scenario.model.as_ref().map_or("", |m| m.id.as_str());
    let reference = scenario.reference_gpu.as_ref().map_or("", |g| g.name.as_str());
    match (&scenario.workload, &scenario.workload_inputs) {
        (WorkloadSetup::Inference(s), WorkloadInputs::Inference(w)) => format!(
            "{model} ({} weights, {} KV, {} prefill) · {} requests/month · {} in / {} out tokens · batch {}",
            s.weight_precision.as_str(),
            s.kv_precision.as_str(),
            s.overlap.as_str(),
            shown(&w.requests_per_month, thousands),
            shown(&w.input_tokens, thousands),
            shown(&w.output_tokens, thousands),
            shown(&w.batch_size, thousands),
        ),
        (WorkloadSetup::Training(_), WorkloadInputs::Training(w)) => format!(
            "{model} · {} training tokens · {} GPUs · {} run(s)/month",
            shown(&w.training_tokens, number),
            shown(&w.gpus, thousands),
            shown(&w.runs_per_month, number)
        ),
        (WorkloadSetup::GpuHours(s), WorkloadInputs::GpuHours(w)) => format!(
            "{} GPU-hours/month measured on {reference} (scaled by {})",
            shown(&w.gpu_hours_per_month, thousands),
            match s.scale_by {
                crate::model::ScaleBy::Flops => "BF16 FLOP/s",
                crate::model::ScaleBy::Bandwidth => "memory bandwidth",
            }
        ),
        _ => String::new(),
    }
}

/// Warnings a single outcome raises.
fn outcome_warnings(id: &str, o: &Outcome) -> Vec<Warning> {
    let mut w = Vec::new();
    if o.detail.batch_capped {
        w.push(Warning::new(
            WarningKind::BatchCapped,
            format!(
                "{id}: the KV cache of {} GPU(s) holds {} sequences, fewer than the requested batch; {} used",
                o.detail.gpus_per_replica, o.detail.batch_max, o.detail.batch
            ),
        ));
    }
    if o.detail.gpus_capped {
        w.push(Warning::new(
            WarningKind::GpusCapped,
            format!("{id}: capacity allows only {} GPUs; the run takes longer", o.detail.gpus_per_replica),
        ));
    }
    w
}
