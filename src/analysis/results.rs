//! The results of a run, in the shape of results.json: what every report and chart reads.

use crate::base::warning::Warning;
use crate::catalog::ProviderKind;
use crate::model::{CostBreakdown, Detail, MarginBridge, Pricing};
use crate::sim::summary::infinite_if_null;
use crate::sim::{Metric, PairScope, Stats};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The metrics of one provider, serialized as a map in [`Metric::ALL`] order; `null` where not applicable.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metrics(pub Vec<(Metric, Option<Stats>)>);

impl Metrics {
    /// The statistics of `metric`, if it applies.
    pub fn get(&self, metric: Metric) -> Option<&Stats> {
        self.0.iter().find(|(m, _)| *m == metric).and_then(|(_, s)| s.as_ref())
    }
}

impl<'de> Deserialize<'de> for Metrics {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut by_name = std::collections::BTreeMap::<String, Option<Stats>>::deserialize(d)?;
        Ok(Metrics(Metric::ALL.iter().map(|m| (*m, by_name.remove(m.name()).flatten())).collect()))
    }
}

impl Serialize for Metrics {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (metric, stats) in &self.0 {
            map.serialize_entry(metric.name(), stats)?;
        }
        map.end()
    }
}

/// One provider's result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProviderResult {
    /// Id from the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Short name for charts (`io.net`, `io.net API`, or the scenario's `name`), unique in the run.
    pub label: String,
    /// Centralized, marketplace or decentralized.
    pub kind: ProviderKind,
    /// How it charges: GPUs rented by the hour or tokens from a serverless API.
    pub pricing: Pricing,
    /// Catalog GPU id (absent for a token API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<String>,
    /// GPU product name (absent for a token API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_name: Option<String>,
    /// GPU name without vendor words, for tables and charts (absent for a token API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_short: Option<String>,
    /// Catalog offer id, if any.
    pub offer: Option<String>,
    /// The model a token API serves, as its offer names it (absent for GPUs, which run the workload's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub served_model: Option<String>,
    /// Price per GPU-hour used (point value, scenario currency; absent for a token API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_gpu_hour: Option<f64>,
    /// Whether the provider can run the workload.
    pub feasible: bool,
    /// Why not, when it cannot.
    pub infeasible_reason: Option<String>,
    /// Share of trials in which it can.
    pub p_feasible: f64,
    /// Whether the latency objectives hold at the point inputs (inference with a feasible provider).
    pub slo_met: Option<bool>,
    /// Share of feasible trials meeting the latency objectives.
    pub p_slo_met: Option<f64>,
    /// Share of all trials whose training run ends by the deadline (training with `deadline_days`).
    #[serde(default)]
    pub p_on_time: Option<f64>,
    /// Share of feasible trials in which the margin improves.
    pub p_margin_improves: Option<f64>,
    /// Share of all trials in which this provider is the cheapest feasible one.
    pub p_cheapest: f64,
    /// Metric statistics (`null` when infeasible).
    pub metrics: Option<Metrics>,
    /// Mean monthly cost by line (`null` when infeasible).
    pub breakdown: Option<CostBreakdown>,
    /// Mean steps from margin before to margin after AI, fractions of revenue (`null` without a business
    /// or when infeasible).
    pub margin_bridge: Option<MarginBridge>,
    /// Sizing at the point inputs (absent for a token API, which has no GPUs to size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
    /// Monthly cost at the 1st, 2nd, … 99th percentile (the cost distribution; `null` when infeasible).
    pub monthly_cost_quantiles: Option<Vec<f64>>,
    /// Warnings that concern this provider's result.
    pub warnings: Vec<Warning>,
}

impl ProviderResult {
    /// Whether it is a serverless token API rather than rented GPUs.
    pub fn is_token_api(&self) -> bool {
        self.pricing == Pricing::PerToken
    }

    /// Its GPU without vendor words, or `token API`: for tables and charts.
    pub fn gpu_label(&self) -> &str {
        self.gpu_short.as_deref().unwrap_or("token API")
    }
}

/// What describes the run itself.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunInfo {
    /// Scenario name.
    pub name: String,
    /// The question it answers.
    pub description: String,
    /// Scenario file.
    pub file: String,
    /// `--set PATH=VALUE` overrides applied to the file.
    pub overrides: Vec<String>,
    /// Currency of every money figure.
    pub currency: String,
    /// inference, training or gpu_hours.
    pub workload: String,
    /// Catalog model id, for model workloads.
    pub model: Option<String>,
    /// The workload in one line (model, volume, sizes).
    pub workload_summary: String,
    /// What `cost_per_unit` is per.
    pub unit: String,
    /// Months the cumulative figures cover.
    pub horizon_months: f64,
    /// Costs are per training run: no `runs_per_month`, so no monthly figures.
    pub per_run: bool,
    /// The training deadline, days.
    pub deadline_days: Option<f64>,
    /// The latency objectives, ms (inference).
    pub objectives: Objectives,
    /// Monte Carlo trials (1 = deterministic point estimate).
    pub samples: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Newest `as_of` date in the catalog.
    pub catalog_date: String,
    /// Build or buy: the volume above which self-hosting beats each token API (when the scenario asks).
    pub build_vs_buy: Option<Vec<super::build_buy::ApiBreakEven>>,
    /// The savings preset of the business (`article` or `measured`), when the scenario has one.
    pub savings_preset: Option<String>,
    /// User catalog files merged into the built-in one, in order.
    pub catalogs: Vec<String>,
    /// The day offers were aged against, and the limit (absent when not checked).
    pub price_check: Option<crate::scenario::PriceCheck>,
    /// computecost version.
    pub version: String,
}

/// Latency objectives at their point values, ms.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Objectives {
    /// Time to first token, p95.
    pub ttft_p95_ms: Option<f64>,
    /// End-to-end latency, p95.
    pub e2e_p95_ms: Option<f64>,
    /// Time per output token.
    pub tpot_ms: Option<f64>,
}

/// A paired comparison of two providers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Comparison {
    /// First provider id.
    pub a: String,
    /// Second provider id.
    pub b: String,
    /// Metric compared.
    pub metric: String,
    /// Probability that `a` costs less than `b` (share of trials).
    pub p_a_cheaper: f64,
    /// Median of `a / b` (infinite, written `null`, when `b` costs nothing in most trials).
    #[serde(deserialize_with = "infinite_if_null")]
    pub median_ratio: f64,
}

/// One input of the run and where it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Assumption {
    /// Dotted path: `workload.batch_size`, `providers.aws.price_per_gpu_hour`.
    pub path: String,
    /// Value used (money in the scenario currency, fractions as fractions): the median when uncertain.
    pub value: f64,
    /// Unit of `value`: `USD/month`, `fraction`, `ms`…
    pub unit: String,
    /// The distribution it was drawn from, in file units and file syntax (`null` when fixed).
    pub distribution: Option<crate::base::dist::DistSpec>,
    /// `scenario`, `catalog` or `default`.
    pub from: String,
    /// `file:line:column`, the offer id and column, or the default's key.
    #[serde(rename = "where")]
    pub location: String,
    /// The source of a catalog figure or default (empty for scenario inputs).
    pub source: String,
    /// Its date.
    pub as_of: String,
}

/// The shape of results.json: bumped by every change of its shape (docs/REPORT.md, "results.json").
/// 1: the first versioned shape (token APIs without GPU fields, `pricing`, `pair_scope`).
/// 2: serving as rented (issue 15): metrics `tpot_p95_ms`, `output_tokens_per_s_per_gpu`,
/// `output_tokens_per_s_per_user`, `requests_per_s_per_replica`; `detail` gains `replicas_peak`,
/// `instance_gpus`, `instances_peak`, `gpu_hours_billed`, `autoscaled`, `peak_to_average` and the throughput
/// figures, and `replicas` is the day's average of whole replicas.
/// 3: training priced per run. 4: horizon totals and energy metrics.
/// 5: owned hardware: provider `kind` `owned`, assumptions `from` `derived`.
/// 6: a token API's `served_model`. 7: each provider's chart `label`.
pub const SCHEMA_VERSION: u32 = 7;

/// Everything a run produced.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Results {
    /// The shape of this file ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The run.
    pub scenario: RunInfo,
    /// One entry per provider, in scenario order.
    pub providers: Vec<ProviderResult>,
    /// Paired comparisons of feasible providers.
    pub comparisons: Vec<Comparison>,
    /// Which pairs `comparisons` covers.
    pub pair_scope: PairScope,
    /// Every input with its origin.
    pub assumptions: Vec<Assumption>,
    /// Things to know about the inputs and results.
    pub warnings: Vec<Warning>,
}

impl Results {
    /// The cost comparisons lead with: monthly, or per run ([`Metric::headline_cost`]).
    pub fn headline_cost(&self) -> Metric {
        Metric::headline_cost(self.scenario.per_run)
    }

    /// Feasible providers, cheapest first by median headline cost.
    pub fn ranked(&self) -> Vec<&ProviderResult> {
        let mut feasible: Vec<&ProviderResult> = self.providers.iter().filter(|p| p.feasible).collect();
        let headline = self.headline_cost();
        let cost =
            |p: &ProviderResult| p.metrics.as_ref().and_then(|m| m.get(headline)).map_or(f64::INFINITY, |s| s.p50);
        feasible.sort_by(|a, b| cost(a).total_cmp(&cost(b)).then_with(|| a.id.cmp(&b.id)));
        feasible
    }
}
