//! The audit trail of one provider's result: every step the model took at the point inputs, with its
//! formula and numbers, and where every input came from.

use super::assumptions::assumptions;
use super::results::Assumption;
use crate::catalog::Catalog;
use crate::model;
use crate::model::steps::{COST, Input, input_symbol};
use crate::model::trace::{MONEY, Step, Steps};
use crate::scenario::{self, Scenario};
use crate::sim::Metric;
use serde::Serialize;

/// Where the model's documentation lives, for the links of steps and defaults.
pub const MODEL_DOC: &str = "docs/MODEL.md";

/// One input a step used, with its origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputRow {
    /// Its symbol in the formulas.
    pub symbol: &'static str,
    /// What it is.
    pub meaning: &'static str,
    /// Its value in the unit of `unit`.
    pub value: f64,
    /// Its unit (as in steps).
    pub unit: &'static str,
    /// `scenario`, `override`, `catalog`, `default` or `setting`.
    pub from: String,
    /// `file:line:column`, `--set ...`, the catalog entry, or the default's key and docs anchor.
    #[serde(rename = "where")]
    pub location: String,
    /// The source of a catalog figure or default.
    pub source: String,
    /// Its date.
    pub as_of: String,
    /// Whether it is uncertain in the scenario (then `value` is its median).
    pub uncertain: bool,
}

/// One provider's result, step by step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Scenario name.
    pub scenario: String,
    /// Scenario file.
    pub file: String,
    /// `--set` overrides applied.
    pub overrides: Vec<String>,
    /// Currency of money values.
    pub currency: String,
    /// Provider id.
    pub provider: String,
    /// Provider name.
    pub name: String,
    /// Its GPU.
    pub gpu: String,
    /// The catalog offer it came from.
    pub offer: Option<String>,
    /// The metric asked about, if any (steps are limited to those it depends on).
    pub metric: Option<&'static str>,
    /// Whether any input is uncertain: then every input is at its median (the median trial).
    pub median_trial: bool,
    /// The steps, in the order the model computed them.
    pub steps: Vec<Step>,
    /// The inputs the steps read, in order of first use.
    pub inputs: Vec<InputRow>,
    /// The monthly cost (the sum of the cost lines), if the provider is feasible.
    pub monthly_cost: Option<f64>,
    /// Why the provider cannot run the workload, if it cannot.
    pub infeasible: Option<String>,
}

/// The sections of steps a metric depends on.
fn sections(metric: Metric) -> &'static [&'static str] {
    match metric {
        Metric::MonthlyCost | Metric::CostPerUnit | Metric::GpuHours | Metric::HorizonCost => {
            &["sizing", "serving", "owned", COST, "total"]
        }
        Metric::EnergyKwh | Metric::Co2eKg | Metric::EnergyWhPerUnit => &["sizing", "serving", "energy"],
        Metric::TtftMs
        | Metric::TtftP95Ms
        | Metric::LatencyE2eMs
        | Metric::LatencyE2eP95Ms
        | Metric::TpotMs
        | Metric::TpotP95Ms
        | Metric::OutputTokensPerSPerGpu
        | Metric::OutputTokensPerSPerUser
        | Metric::RequestsPerSPerReplica => &["sizing", "serving", "latency"],
        Metric::MarginAfter
        | Metric::MarginImprovementPp
        | Metric::NetSaving
        | Metric::PaybackMonths
        | Metric::HorizonNetSaving => &["owned", COST, "total", "margin"],
        Metric::WallClockHours | Metric::Goodput => &["sizing"],
        Metric::GpuHoursPerRun => &["sizing", "serving"],
    }
}

/// Explains provider `id` of `scenario` at its point inputs; `None` when the scenario has no such provider.
pub fn explain(scenario: &Scenario, catalog: &Catalog, id: &str, metric: Option<Metric>) -> Option<Explanation> {
    let provider = scenario.providers.iter().find(|p| p.id == id)?;
    let workload = scenario.point_workload();
    let business = scenario.point_business();
    let setup = provider.setup();
    let mut steps = Steps::default();
    let outcome = model::evaluate_traced(
        &scenario.workload,
        &workload,
        setup,
        &provider.point_inputs(),
        business.as_ref(),
        &mut steps,
    );
    let mut steps = steps.0;
    if let Some(m) = metric {
        steps.retain(|s| sections(m).contains(&s.section));
    }
    let known = assumptions(scenario, catalog);
    let inputs = input_rows(scenario, catalog, provider, &steps, &known);
    let prefix = format!("providers.{id}.");
    let median_trial = known
        .iter()
        .any(|a| a.distribution.is_some() && (!a.path.starts_with("providers.") || a.path.starts_with(&prefix)));
    Some(Explanation {
        scenario: scenario.meta.name.clone(),
        file: scenario.file.clone(),
        overrides: scenario.overrides.clone(),
        currency: scenario.meta.currency.clone(),
        provider: provider.id.clone(),
        name: provider.name.clone(),
        gpu: provider.gpu.as_ref().map_or("token API".into(), |g| g.name.clone()),
        offer: provider.offer.clone(),
        metric: metric.map(Metric::name),
        median_trial,
        steps,
        inputs,
        monthly_cost: outcome.as_ref().ok().map(|o| o.monthly_cost),
        infeasible: outcome.err().map(|e| e.to_string()),
    })
}

/// The input symbols the steps read, in order of first use, each with its origin.
fn input_rows(
    scenario: &Scenario,
    catalog: &Catalog,
    provider: &scenario::Provider,
    steps: &[Step],
    known: &[Assumption],
) -> Vec<InputRow> {
    let mut rows: Vec<InputRow> = Vec::new();
    for (symbol, value) in steps.iter().flat_map(|s| s.terms.iter()) {
        if rows.iter().any(|r| r.symbol == *symbol) {
            continue;
        }
        let Some(entry) = input_symbol(symbol) else { continue };
        let row = |from: &str, location: String, source: String, as_of: String, uncertain| InputRow {
            symbol: entry.symbol,
            meaning: entry.meaning,
            value: *value,
            unit: entry.unit,
            from: from.to_string(),
            location,
            source,
            as_of,
            uncertain,
        };
        let assumed = |path: String| {
            known.iter().find(|a| a.path == path).map(|a| {
                let location = if a.from == "default" {
                    format!("`{}` ({MODEL_DOC}#defaults)", a.location)
                } else {
                    a.location.clone()
                };
                row(&a.from, location, a.source.clone(), a.as_of.clone(), a.distribution.is_some())
            })
        };
        let catalog_row = |kind: &str, id: &str, name: &str, source: &str, as_of: &str| {
            row("catalog", format!("{kind} {id} ({name})"), source.to_string(), as_of.to_string(), false)
        };
        let found = match entry.input {
            Input::Workload(f) => assumed(format!("workload.{f}")),
            Input::Business(f) => assumed(format!("business.{f}")),
            Input::Provider(f) => assumed(format!("providers.{}.{f}", provider.id)),
            Input::Gpu => provider.gpu.as_ref().map(|g| catalog_row("GPU", &g.id, &g.name, &g.source, &g.as_of)),
            Input::ReferenceGpu => {
                scenario.reference_gpu.as_ref().map(|g| catalog_row("GPU", &g.id, &g.name, &g.source, &g.as_of))
            }
            Input::Model => scenario.model.as_ref().map(|m| catalog_row("model", &m.id, &m.name, &m.source, &m.as_of)),
            Input::Setting(key) => Some(row(
                "setting",
                format!("{key} in {} (or its default, {MODEL_DOC}#inference-one-replica)", scenario.file),
                String::new(),
                String::new(),
                false,
            )),
            Input::Default(key) => catalog.default_entry(key).ok().map(|d| {
                row("default", format!("`{key}` ({MODEL_DOC}#defaults)"), d.source.clone(), d.as_of.clone(), false)
            }),
        };
        rows.extend(found);
    }
    rows
}

impl Explanation {
    /// The cost lines (section `cost`) in the order computed.
    pub fn cost_lines(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.section == COST)
    }

    /// The unit a term is in: an input's glossary unit, or the unit of the step that computed it.
    pub fn term_unit(&self, symbol: &str) -> &'static str {
        if let Some(s) = input_symbol(symbol) {
            return s.unit;
        }
        // Derived symbols whose step was skipped (no privacy, no verification) still have their unit.
        let fallback = match symbol {
            "compute" | "privacy" | "verification" | "failures" | "egress" | "storage" | "fees" => MONEY,
            "H_p" | "H_1" | "H_m" | "H_v" | "H_f" | "H_v per run" | "demand GPU-h" => "GPU-h",
            "m" | "m_p" => "×",
            "t_zk" => "s",
            "T_m" => "h",
            "replicas_m" => "replicas",
            "P_f" => "params",
            "q_f" | "V_link" | "V_net" => "B",
            "g" | "GPUs" => "GPUs",
            "c" => "FLOP/param/token",
            "T_compute" => "h",
            _ => "",
        };
        self.steps.iter().find(|s| s.symbol == symbol).map_or(fallback, |s| s.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagship() -> (Catalog, Scenario) {
        let catalog = Catalog::builtin().unwrap();
        let s = scenario::flagship_with(&[], &catalog).unwrap();
        (catalog, s)
    }

    #[test]
    fn cost_lines_add_up_to_the_point_monthly_cost_for_every_provider_of_every_example() {
        let catalog = Catalog::builtin().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let s = scenario::load(&path, &catalog).unwrap();
            let outcomes = crate::sim::point::outcomes(&s);
            for (p, outcome) in s.providers.iter().zip(outcomes) {
                let e = explain(&s, &catalog, &p.id, None).unwrap();
                match outcome {
                    Ok(o) => {
                        let sum: f64 = e.cost_lines().map(|l| l.value).sum();
                        assert!((sum - o.monthly_cost).abs() <= 1e-9 * o.monthly_cost.abs(), "{}: {sum}", p.id);
                        assert_eq!(e.monthly_cost, Some(o.monthly_cost));
                    }
                    Err(reason) => assert_eq!(e.infeasible, Some(reason.to_string())),
                }
            }
        }
    }

    #[test]
    fn flagship_aws_steps_match_the_worked_example() {
        // docs/MODEL.md "Worked example: the flagship's AWS line": at 20M requests "auto" serves batch 78 on
        // 4 GPUs, cycle 11.408 s, 2 replicas at the busiest hour on one p5 instance: 5,840 GPU-hours, $40,179.20.
        let catalog = Catalog::builtin().unwrap();
        let sets =
            ["workload.requests_per_month=2e7".to_string(), "providers.aws.failure_rate_per_gpu_hour=1.97e-5".into()];
        let s = scenario::flagship_with(&sets, &catalog).unwrap();
        let e = explain(&s, &catalog, "aws", None).unwrap();
        let value = |sym: &str| e.steps.iter().find(|s| s.symbol == sym).unwrap().value;
        assert!((value("cycle") - 11.408).abs() < 1e-3, "{}", value("cycle"));
        assert_eq!((value("g"), value("b"), value("shape")), (4.0, 78.0, 8.0));
        assert_eq!((value("replicas"), value("instances")), (2.0, 1.0));
        assert_eq!(value("H_fleet"), 5_840.0);
        assert!((value("TPOT_95") - 0.04955).abs() < 1e-5, "{}", value("TPOT_95"));
        assert!((value("compute") - 40_179.20).abs() < 0.01);
        assert!((value("C") - 40_184.91).abs() < 0.01, "{}", value("C"));
    }

    #[test]
    fn every_input_has_an_origin_and_catalog_figures_a_source() {
        let (catalog, s) = flagship();
        let e = explain(&s, &catalog, "vast", None).unwrap();
        assert!(e.median_trial, "the flagship is uncertain");
        for sym in ["price", "MFU", "u", "M", "P", "N_req", "h_mo"] {
            let row = e.inputs.iter().find(|r| r.symbol == sym).unwrap_or_else(|| panic!("no input {sym}"));
            assert!(!row.location.is_empty(), "{sym}");
            if row.from == "catalog" || row.from == "default" {
                assert!(!row.source.is_empty() && !row.as_of.is_empty(), "{sym}: {row:?}");
            }
        }
        let mfu = e.inputs.iter().find(|r| r.symbol == "MFU").unwrap();
        assert!(mfu.location.contains("#defaults") || mfu.location.contains(".toml:"), "{}", mfu.location);
    }

    #[test]
    fn a_metric_keeps_only_the_steps_it_depends_on() {
        let (catalog, s) = flagship();
        let all = explain(&s, &catalog, "aws", None).unwrap();
        let latency = explain(&s, &catalog, "aws", Some(Metric::TtftP95Ms)).unwrap();
        assert!(latency.steps.len() < all.steps.len());
        assert!(latency.steps.iter().all(|s| s.section != COST));
        assert!(latency.steps.iter().any(|s| s.symbol == "TTFT_95"));
        assert!(explain(&s, &catalog, "nope", None).is_none());
    }
}
