//! The metrics every result reports, with their names, units and how to read them off an [`Outcome`].

use crate::base::format::Quantity;
use crate::model::{Outcome, WorkloadKind};
use serde::{Deserialize, Serialize};

/// One reported metric. The `name` is the key in results.json and the column stem in CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Total cost per month (currency).
    MonthlyCost,
    /// Cost per unit of work: per 1M tokens, per run, per reference GPU-hour (currency).
    CostPerUnit,
    /// GPU-hours billed per month.
    GpuHours,
    /// Median time to first token (ms).
    TtftMs,
    /// 95th-percentile time to first token (ms).
    TtftP95Ms,
    /// Median end-to-end latency (ms).
    LatencyE2eMs,
    /// 95th-percentile end-to-end latency (ms).
    LatencyE2eP95Ms,
    /// Median time per output token (ms).
    TpotMs,
    /// 95th-percentile time per output token (ms).
    TpotP95Ms,
    /// Output tokens per second per GPU at the batch used (capacity, what serving benchmarks report).
    OutputTokensPerSPerGpu,
    /// Output tokens per second one request sees while decoding (1 / median TPOT).
    OutputTokensPerSPerUser,
    /// Requests per second one replica completes at the batch used.
    RequestsPerSPerReplica,
    /// Margin after AI at full adoption (fraction of revenue).
    MarginAfter,
    /// Margin change (percentage points).
    MarginImprovementPp,
    /// Savings minus AI costs per month (currency).
    NetSaving,
    /// Months to pay back the implementation cost.
    PaybackMonths,
    /// Wall-clock of one training run (hours).
    WallClockHours,
    /// GPU-hours billed per training run.
    GpuHoursPerRun,
    /// Share of a training run's wall-clock the fleet computes at full speed.
    Goodput,
    /// AI cost over `scenario.horizon_months` (currency).
    HorizonCost,
    /// Cumulative net saving after `scenario.horizon_months`, implementation cost paid (currency).
    HorizonNetSaving,
    /// Energy at the meter per month (per run when priced per run), kWh.
    EnergyKwh,
    /// Emissions per month (per run when priced per run), kg CO₂e.
    Co2eKg,
    /// Energy per unit of work (per 1M tokens, per run, per reference GPU-hour), Wh.
    EnergyWhPerUnit,
}

impl Metric {
    /// Every metric, in report order.
    pub const ALL: [Metric; 24] = [
        Metric::MonthlyCost,
        Metric::CostPerUnit,
        Metric::GpuHours,
        Metric::TtftMs,
        Metric::TtftP95Ms,
        Metric::LatencyE2eMs,
        Metric::LatencyE2eP95Ms,
        Metric::TpotMs,
        Metric::TpotP95Ms,
        Metric::OutputTokensPerSPerGpu,
        Metric::OutputTokensPerSPerUser,
        Metric::RequestsPerSPerReplica,
        Metric::MarginAfter,
        Metric::MarginImprovementPp,
        Metric::NetSaving,
        Metric::PaybackMonths,
        Metric::WallClockHours,
        Metric::GpuHoursPerRun,
        Metric::Goodput,
        Metric::HorizonCost,
        Metric::HorizonNetSaving,
        Metric::EnergyKwh,
        Metric::Co2eKg,
        Metric::EnergyWhPerUnit,
    ];

    /// Its position in [`Metric::ALL`].
    pub fn index(self) -> usize {
        // The variants are declared in the order of `ALL` (a test checks it).
        self as usize
    }

    /// Key in results.json.
    pub fn name(self) -> &'static str {
        match self {
            Metric::MonthlyCost => "monthly_cost",
            Metric::CostPerUnit => "cost_per_unit",
            Metric::GpuHours => "gpu_hours",
            Metric::TtftMs => "ttft_ms",
            Metric::TtftP95Ms => "ttft_p95_ms",
            Metric::LatencyE2eMs => "latency_e2e_ms",
            Metric::LatencyE2eP95Ms => "latency_e2e_p95_ms",
            Metric::TpotMs => "tpot_ms",
            Metric::TpotP95Ms => "tpot_p95_ms",
            Metric::OutputTokensPerSPerGpu => "output_tokens_per_s_per_gpu",
            Metric::OutputTokensPerSPerUser => "output_tokens_per_s_per_user",
            Metric::RequestsPerSPerReplica => "requests_per_s_per_replica",
            Metric::MarginAfter => "margin_after",
            Metric::MarginImprovementPp => "margin_improvement_pp",
            Metric::NetSaving => "net_saving",
            Metric::PaybackMonths => "payback_months",
            Metric::WallClockHours => "wall_clock_hours",
            Metric::GpuHoursPerRun => "gpu_hours_per_run",
            Metric::Goodput => "goodput",
            Metric::HorizonCost => "horizon_cost",
            Metric::HorizonNetSaving => "horizon_net_saving",
            Metric::EnergyKwh => "energy_kwh",
            Metric::Co2eKg => "co2e_kg",
            Metric::EnergyWhPerUnit => "energy_wh_per_unit",
        }
    }

    /// Whether the metric is money in the scenario currency.
    pub fn is_money(self) -> bool {
        self.quantity() == Quantity::Money
    }

    /// What kind of number it is, for formatting.
    pub fn quantity(self) -> Quantity {
        match self {
            Metric::MonthlyCost
            | Metric::CostPerUnit
            | Metric::NetSaving
            | Metric::HorizonCost
            | Metric::HorizonNetSaving => Quantity::Money,
            Metric::GpuHours | Metric::GpuHoursPerRun => Quantity::Count,
            Metric::TtftMs
            | Metric::TtftP95Ms
            | Metric::LatencyE2eMs
            | Metric::LatencyE2eP95Ms
            | Metric::TpotMs
            | Metric::TpotP95Ms => Quantity::Millis,
            Metric::OutputTokensPerSPerGpu
            | Metric::OutputTokensPerSPerUser
            | Metric::RequestsPerSPerReplica
            | Metric::EnergyKwh
            | Metric::Co2eKg
            | Metric::EnergyWhPerUnit => Quantity::Rate,
            Metric::MarginAfter | Metric::Goodput => Quantity::Fraction,
            Metric::MarginImprovementPp => Quantity::Pp,
            Metric::PaybackMonths => Quantity::Months,
            Metric::WallClockHours => Quantity::Hours,
        }
    }

    /// A name for people, with `unit` the unit of work: `monthly cost`, `cost per 1M tokens`, `TTFT p95`.
    pub fn title(self, unit: &str) -> String {
        match self {
            Metric::MonthlyCost => "monthly cost".into(),
            Metric::CostPerUnit => format!("cost per {unit}"),
            Metric::GpuHours => "GPU-hours per month".into(),
            Metric::TtftMs => "TTFT (median request)".into(),
            Metric::TtftP95Ms => "TTFT p95".into(),
            Metric::LatencyE2eMs => "end-to-end latency (median request)".into(),
            Metric::LatencyE2eP95Ms => "end-to-end latency p95".into(),
            Metric::TpotMs => "time per output token (median)".into(),
            Metric::TpotP95Ms => "time per output token p95".into(),
            Metric::OutputTokensPerSPerGpu => "output tokens/s per GPU".into(),
            Metric::OutputTokensPerSPerUser => "output tokens/s per user".into(),
            Metric::RequestsPerSPerReplica => "requests/s per replica".into(),
            Metric::MarginAfter => "margin after AI".into(),
            Metric::MarginImprovementPp => "margin change".into(),
            Metric::NetSaving => "net saving per month".into(),
            Metric::PaybackMonths => "payback".into(),
            Metric::WallClockHours => "wall-clock per run".into(),
            Metric::GpuHoursPerRun => "GPU-hours per run".into(),
            Metric::Goodput => "goodput".into(),
            Metric::HorizonCost => "cost over the horizon".into(),
            Metric::HorizonNetSaving => "net saving over the horizon".into(),
            Metric::EnergyKwh => "energy per month (kWh)".into(),
            Metric::Co2eKg => "emissions per month (kg CO2e)".into(),
            Metric::EnergyWhPerUnit => format!("energy per {unit} (Wh)"),
        }
    }

    /// Whether the metric exists for this workload kind (given a business section or not).
    pub fn applies(self, kind: WorkloadKind, has_business: bool) -> bool {
        match self {
            Metric::TtftMs
            | Metric::TtftP95Ms
            | Metric::LatencyE2eMs
            | Metric::LatencyE2eP95Ms
            | Metric::TpotMs
            | Metric::TpotP95Ms
            | Metric::OutputTokensPerSPerGpu
            | Metric::OutputTokensPerSPerUser
            | Metric::RequestsPerSPerReplica => kind == WorkloadKind::Inference,
            Metric::MarginAfter
            | Metric::MarginImprovementPp
            | Metric::NetSaving
            | Metric::PaybackMonths
            | Metric::HorizonNetSaving => has_business,
            Metric::WallClockHours | Metric::GpuHoursPerRun | Metric::Goodput => kind == WorkloadKind::Training,
            Metric::MonthlyCost
            | Metric::CostPerUnit
            | Metric::GpuHours
            | Metric::HorizonCost
            | Metric::EnergyKwh
            | Metric::Co2eKg
            | Metric::EnergyWhPerUnit => true,
        }
    }

    /// The value in `outcome`, in the unit of the name (ms, fraction, pp, months...). `None` when the metric
    /// does not apply; `Some(∞)` for a payback that never comes.
    pub fn of(self, o: &Outcome) -> Option<f64> {
        let ms = |s: f64| s * 1000.0;
        match self {
            // Without `runs_per_month` a training run's "monthly" figures hold one run's (the comparisons rank
            // by them); results leave them out (analysis::compare).
            Metric::MonthlyCost => Some(o.monthly_cost),
            Metric::CostPerUnit => Some(o.cost_per_unit),
            Metric::GpuHours => o.gpu_hours,
            Metric::TtftMs => o.latency.map(|l| ms(l.ttft_p50_s)),
            Metric::TtftP95Ms => o.latency.map(|l| ms(l.ttft_p95_s)),
            Metric::LatencyE2eMs => o.latency.map(|l| ms(l.e2e_p50_s)),
            Metric::LatencyE2eP95Ms => o.latency.map(|l| ms(l.e2e_p95_s)),
            Metric::TpotMs => o.latency.map(|l| ms(l.tpot_s)),
            Metric::TpotP95Ms => o.latency.map(|l| ms(l.tpot_p95_s)),
            // Capacity figures of rented replicas; a token API has no GPU or replica to measure.
            Metric::OutputTokensPerSPerGpu => o.gpu_hours.and(o.latency).map(|_| o.detail.output_tokens_per_s_per_gpu),
            Metric::OutputTokensPerSPerUser => o.latency.map(|_| o.detail.output_tokens_per_s_per_user),
            Metric::RequestsPerSPerReplica => o.gpu_hours.and(o.latency).map(|_| o.detail.requests_per_s_per_replica),
            Metric::MarginAfter => o.margin.map(|m| m.after()),
            Metric::MarginImprovementPp => o.margin.map(|m| m.improvement_pp()),
            Metric::NetSaving => o.margin.map(|m| m.net_saving),
            Metric::PaybackMonths => o.margin.map(|m| m.payback_months.unwrap_or(f64::INFINITY)),
            Metric::HorizonCost => o.horizon.map(|h| h.cost),
            Metric::HorizonNetSaving => o.horizon.and_then(|h| h.net_saving),
            Metric::EnergyKwh => o.energy.map(|e| e.kwh),
            Metric::Co2eKg => o.energy.map(|e| e.co2e_kg),
            Metric::EnergyWhPerUnit => o.energy.map(|e| e.wh_per_unit),
            Metric::WallClockHours => (o.detail.wall_clock_hours > 0.0).then_some(o.detail.wall_clock_hours),
            Metric::GpuHoursPerRun => (o.detail.wall_clock_hours > 0.0).then_some(o.detail.gpu_hours_per_run),
            Metric::Goodput => (o.detail.wall_clock_hours > 0.0).then_some(o.detail.goodput),
        }
    }

    /// The cost a comparison leads with: the monthly cost, or the cost per run of a training workload
    /// without `runs_per_month` (a run may last longer than a month).
    pub fn headline_cost(per_run: bool) -> Metric {
        if per_run { Metric::CostPerUnit } else { Metric::MonthlyCost }
    }

    /// Whether the metric is a figure per month, which a workload priced per run does not report.
    pub fn monthly(self) -> bool {
        matches!(self, Metric::MonthlyCost | Metric::GpuHours | Metric::EnergyKwh | Metric::Co2eKg)
    }
}

/// The unit of work that `cost_per_unit` is priced per.
pub fn unit_of_work(kind: WorkloadKind) -> &'static str {
    match kind {
        WorkloadKind::Inference => "1M tokens",
        WorkloadKind::Training => "training run",
        WorkloadKind::GpuHours => "reference GPU-hour",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_the_position_in_all() {
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(m.index(), i, "{}", m.name());
        }
    }
}
