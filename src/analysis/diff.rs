//! Two scenarios side by side: the inputs that differ, and what that does to each provider's results.

use super::results::{Assumption, ProviderResult, Results, RunInfo};
use crate::catalog::ProviderKind;
use crate::model::fields::{Unit, unit_of_input};
use crate::sim::Metric;
use serde::Serialize;
use std::collections::BTreeMap;

/// One input or setting that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputChange {
    /// Dotted path (`workload.requests_per_month`, `providers.ionet.gpu`).
    pub path: String,
    /// In the first scenario (`null`: absent).
    pub a: Option<String>,
    /// In the second.
    pub b: Option<String>,
}

/// A metric in both scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricChange {
    /// The metric.
    pub metric: Metric,
    /// Median in the first scenario (`null`: not available, e.g. infeasible).
    pub a: Option<f64>,
    /// Median in the second.
    pub b: Option<f64>,
    /// `b − a`.
    pub delta: Option<f64>,
    /// `(b − a) / |a|`, as a fraction.
    pub relative: Option<f64>,
}

/// One provider in both scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderChange {
    /// Provider id.
    pub id: String,
    /// Its kind (in the second scenario if present there).
    pub kind: ProviderKind,
    /// Present in the first scenario.
    pub in_a: bool,
    /// Present in the second.
    pub in_b: bool,
    /// Feasible in the first (at least half the trials).
    pub feasible_a: bool,
    /// Feasible in the second.
    pub feasible_b: bool,
    /// Share of trials meeting the latency objectives, first and second.
    pub p_slo_met: (Option<f64>, Option<f64>),
    /// The compared metrics.
    pub metrics: Vec<MetricChange>,
}

/// The difference between two runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The first run.
    pub a: RunInfo,
    /// The second run.
    pub b: RunInfo,
    /// Inputs and settings that differ, in path order.
    pub inputs: Vec<InputChange>,
    /// Every provider of either scenario, in the order of the first then the new ones.
    pub providers: Vec<ProviderChange>,
}

/// An input as compared, in its unit: its value, or its distribution with its median.
fn shown(a: &Assumption, currency: &str) -> String {
    let unit = unit_of_input(&a.path).unwrap_or(Unit::Plain(""));
    match &a.distribution {
        Some(d) => {
            format!("{} (median {})", d.display_with(&|v| unit.show_bare(v, currency)), unit.show(a.value, currency))
        }
        None => unit.show(a.value, currency),
    }
}

/// The settings that are not numbers: model and workload, and each provider's offer, GPU and kind.
fn settings(r: &Results) -> BTreeMap<String, String> {
    let mut s = BTreeMap::new();
    // The summary's first part is the workload's fixed setup (model, precisions, overlap); its numbers are
    // compared one by one as inputs.
    let setup = r.scenario.workload_summary.split(" · ").next().unwrap_or("").to_string();
    s.insert("workload.kind".to_string(), r.scenario.workload.to_string());
    s.insert("workload.setup".to_string(), setup);
    s.insert("scenario.currency".to_string(), r.scenario.currency.clone());
    for p in &r.providers {
        s.insert(format!("providers.{}.gpu", p.id), p.gpu.clone().unwrap_or_else(|| "token API".into()));
        s.insert(format!("providers.{}.kind", p.id), p.kind.as_str().to_string());
        if let Some(o) = &p.offer {
            s.insert(format!("providers.{}.offer", p.id), o.clone());
        }
    }
    s
}

/// The metrics a diff compares for a workload of this run.
fn compared(r: &Results) -> Vec<Metric> {
    let has = |m: Metric| r.providers.iter().any(|p| p.metrics.as_ref().and_then(|x| x.get(m)).is_some());
    [
        Metric::MonthlyCost,
        Metric::CostPerUnit,
        Metric::GpuHours,
        Metric::TtftP95Ms,
        Metric::LatencyE2eP95Ms,
        Metric::WallClockHours,
        Metric::MarginAfter,
        Metric::PaybackMonths,
    ]
    .into_iter()
    .filter(|m| has(*m))
    .collect()
}

fn p50(p: Option<&ProviderResult>, m: Metric) -> Option<f64> {
    p.filter(|p| p.feasible).and_then(|p| p.metrics.as_ref()).and_then(|x| x.get(m)).map(|s| s.p50)
}

/// Compares two runs.
pub fn diff(a: &Results, b: &Results) -> Diff {
    let mut inputs = Vec::new();
    let index = |r: &Results| -> BTreeMap<String, String> {
        let cur = r.scenario.currency.as_str();
        let mut m: BTreeMap<String, String> = r.assumptions.iter().map(|x| (x.path.clone(), shown(x, cur))).collect();
        m.extend(settings(r));
        m
    };
    let (ia, ib) = (index(a), index(b));
    let paths: std::collections::BTreeSet<&String> = ia.keys().chain(ib.keys()).collect();
    for path in paths {
        let (x, y) = (ia.get(path), ib.get(path));
        if x != y {
            inputs.push(InputChange { path: path.clone(), a: x.cloned(), b: y.cloned() });
        }
    }
    let mut ids: Vec<&str> = a.providers.iter().map(|p| p.id.as_str()).collect();
    ids.extend(b.providers.iter().map(|p| p.id.as_str()).filter(|id| !a.providers.iter().any(|p| p.id == *id)));
    let metrics: Vec<Metric> = {
        let mut m = compared(a);
        for x in compared(b) {
            if !m.contains(&x) {
                m.push(x);
            }
        }
        m
    };
    let providers = ids
        .into_iter()
        .map(|id| {
            let (pa, pb) = (a.providers.iter().find(|p| p.id == id), b.providers.iter().find(|p| p.id == id));
            ProviderChange {
                id: id.to_string(),
                kind: pb.or(pa).map_or(ProviderKind::Centralized, |p| p.kind),
                in_a: pa.is_some(),
                in_b: pb.is_some(),
                feasible_a: pa.is_some_and(|p| p.feasible),
                feasible_b: pb.is_some_and(|p| p.feasible),
                p_slo_met: (pa.and_then(|p| p.p_slo_met), pb.and_then(|p| p.p_slo_met)),
                metrics: metrics
                    .iter()
                    .map(|&m| {
                        let (x, y) = (p50(pa, m), p50(pb, m));
                        let delta = x.zip(y).map(|(x, y)| y - x);
                        let relative = x.zip(delta).and_then(|(x, d)| (x != 0.0 && x.is_finite()).then(|| d / x.abs()));
                        MetricChange { metric: m, a: x, b: y, delta, relative }
                    })
                    .collect(),
            }
        })
        .collect();
    Diff { a: a.scenario.clone(), b: b.scenario.clone(), inputs, providers }
}
