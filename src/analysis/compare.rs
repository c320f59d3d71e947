//! Side-by-side comparison of every provider in a scenario: a run's summary made into results.

use super::results::{Comparison, Metrics, ProviderResult, Results, RunInfo};
use crate::base::warning::{Warning, WarningKind};
use crate::catalog::Catalog;
use crate::model::{Outcome, WorkloadKind, WorkloadSetup};
use crate::scenario::{Provider, Scenario};
use crate::sim::{Metric, ProviderSummary, Summary, unit_of_work};

/// The point estimate's results: every input at its median.
pub fn point(scenario: &Scenario, catalog: &Catalog) -> Results {
    results(scenario, catalog, &crate::sim::point::summary(scenario))
}

/// The results of a Monte Carlo run; `progress` is told how many trials each finished chunk held.
pub fn monte_carlo(
    scenario: &Scenario,
    catalog: &Catalog,
    opts: &crate::sim::SimOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Results {
    results(scenario, catalog, &crate::sim::run(scenario, opts, progress))
}

/// The results of a run (Monte Carlo or the point estimate) of `scenario`.
pub fn results(scenario: &Scenario, catalog: &Catalog, summary: &Summary) -> Results {
    let providers: Vec<ProviderResult> = scenario
        .providers
        .iter()
        .zip(&summary.providers)
        .zip(&summary.point)
        .map(|((p, s), point)| provider_result(scenario, p, s, point.as_ref().ok()))
        .collect();
    let comparisons = summary
        .pairs
        .iter()
        .filter(|t| providers[t.a].feasible && providers[t.b].feasible && t.both > 0)
        .map(|t| Comparison {
            a: providers[t.a].id.clone(),
            b: providers[t.b].id.clone(),
            metric: Metric::MonthlyCost.name().to_string(),
            p_a_cheaper: t.p_a_cheaper(),
            median_ratio: t.median_ratio,
        })
        .collect();
    let mut warnings = scenario.warnings.clone();
    warnings.sort();
    warnings.dedup();
    Results {
        schema_version: super::results::SCHEMA_VERSION,
        scenario: run_info(scenario, catalog, summary.samples, summary.seed),
        providers,
        comparisons,
        pair_scope: summary.pair_scope,
        assumptions: super::assumptions(scenario, catalog),
        warnings,
    }
}

/// One provider's result from its summary and its outcome at the point inputs (the sizing shown).
fn provider_result(scenario: &Scenario, p: &Provider, s: &ProviderSummary, point: Option<&Outcome>) -> ProviderResult {
    let kind = scenario.workload_inputs.kind();
    let has_business = scenario.business.is_some();
    let feasible = s.feasible();
    let p_feasible = s.p_feasible();
    let reason = s.first_reason.map(|r| r.to_string());
    let mut warnings = Vec::new();
    if s.feasible > 0 && s.infeasible > 0 {
        warnings.push(Warning::new(
            WarningKind::PartlyInfeasible,
            format!(
                "{}: infeasible in {} of trials ({}); {}",
                p.id,
                // A handful of trials in ten thousand is not "0.0%".
                if 1.0 - p_feasible < 0.001 {
                    "<0.1%".to_string()
                } else {
                    format!("{:.1}%", 100.0 * (1.0 - p_feasible))
                },
                reason.as_deref().unwrap_or("unknown"),
                if feasible { "statistics cover the feasible trials" } else { "shown as infeasible" }
            ),
        ));
    }
    if feasible && let Some(o) = point {
        warnings.extend(outcome_warnings(&p.id, o));
    }
    let share = |n: u64| n as f64 / s.feasible.max(1) as f64;
    let per_run = scenario.per_run();
    let shown = |m: Metric| m.applies(kind, has_business) && !(per_run && m.monthly());
    let metrics = s.metrics.iter().map(|(m, stats)| (*m, stats.filter(|_| shown(*m)))).collect();
    ProviderResult {
        id: p.id.clone(),
        name: p.name.clone(),
        label: p.label.clone(),
        kind: p.kind,
        pricing: p.inputs.pricing(),
        gpu: p.gpu.as_ref().map(|g| g.id.clone()),
        gpu_name: p.gpu.as_ref().map(|g| g.name.clone()),
        gpu_short: p.gpu.as_ref().map(|g| g.short_name().to_string()),
        offer: p.offer.clone(),
        served_model: p.served_model.clone(),
        price_per_gpu_hour: p.inputs.gpu().map(|g| g.price_per_gpu_hour.value),
        feasible,
        infeasible_reason: if feasible { None } else { reason },
        p_feasible,
        slo_met: feasible.then(|| point.and_then(|o| o.latency).map(|l| l.slo_met)).flatten(),
        p_slo_met: (feasible && kind == WorkloadKind::Inference).then(|| share(s.slo_met)),
        p_on_time: scenario.deadline_days().map(|_| s.on_time as f64 / (s.feasible + s.infeasible).max(1) as f64),
        p_margin_improves: (feasible && has_business).then(|| share(s.margin_up)),
        p_cheapest: s.cheapest / (s.feasible + s.infeasible).max(1) as f64,
        metrics: feasible.then_some(Metrics(metrics)),
        breakdown: feasible.then_some(s.breakdown),
        margin_bridge: if feasible && has_business { s.margin_bridge } else { None },
        detail: point.filter(|_| p.gpu.is_some()).map(|o| o.detail),
        monthly_cost_quantiles: feasible.then(|| s.cost_quantiles.clone()),
        warnings,
    }
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
        per_run: scenario.per_run(),
        deadline_days: scenario.deadline_days(),
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
            "{model} ({} weights, {} KV, {} prefill) · {} requests/month ({}) · {} in / {} out tokens · batch {}",
            s.weight_precision.as_str(),
            s.kv_precision.as_str(),
            s.overlap.as_str(),
            shown(&w.requests_per_month, thousands),
            match s.demand {
                crate::model::DemandShape::Hourly(_) => "24-hour profile".to_string(),
                crate::model::DemandShape::PeakToAverage =>
                    format!("peak {}× average", shown(&w.peak_to_average, number)),
            },
            shown(&w.input_tokens, thousands),
            shown(&w.output_tokens, thousands),
            w.batch_size.as_ref().map_or_else(|| "auto".to_string(), |b| shown(b, thousands)),
        ),
        (WorkloadSetup::Training(s), WorkloadInputs::Training(w)) => format!(
            "{model} · {} · {} training tokens · {} GPUs unless a provider says · {}",
            s.method.title(),
            shown(&w.training_tokens, number),
            shown(&w.gpus, thousands),
            w.runs_per_month
                .as_ref()
                .map_or_else(|| "per run".to_string(), |r| format!("{} run(s)/month", shown(r, number)))
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
