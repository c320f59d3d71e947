//! The command line's own value types (formats, kinds, metrics, templates) and the parsers of its
//! arguments' syntax.

use clap::ValueEnum;

/// A `YYYY-MM-DD` calendar date.
pub(super) fn parse_date(s: &str) -> Result<String, String> {
    match crate::base::date::day_number(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(format!("`{s}` is not a date YYYY-MM-DD")),
    }
}

/// Output formats of the what-if commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TableFormat {
    /// Aligned table for a terminal.
    #[default]
    Table,
    /// CSV.
    Csv,
    /// JSON.
    Json,
    /// Markdown, to paste into a memo: the same lines, each table in Markdown.
    Md,
}

/// `A,B`: two provider ids.
pub(super) fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && a.trim() != b.trim() => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!("expected two different provider ids as A,B (e.g. vast,lambda), found `{s}`")),
    }
}

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExplainFormat {
    /// A listing for a terminal.
    #[default]
    Table,
    /// A Markdown block a memo can quote.
    Md,
    /// CSV: a row per step, then a row per input.
    Csv,
    /// JSON.
    Json,
}

/// The starter scenarios of `init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// Serving a model: requests, tokens, latency objectives, a business.
    Inference,
    /// Training or fine-tuning: tokens, GPUs, churn, deadline.
    Training,
    /// Batch work in GPU-hours of a reference GPU.
    GpuHours,
    /// Plain serving against a GPU TEE and FHE.
    Privacy,
    /// A decentralized network with spot checks and replication.
    Verification,
}

impl Template {
    /// Every template.
    pub const ALL: [Template; 5] =
        [Template::Inference, Template::Training, Template::GpuHours, Template::Privacy, Template::Verification];

    /// Its name on the command line and its default file stem.
    pub fn name(self) -> &'static str {
        match self {
            Template::Inference => "inference",
            Template::Training => "training",
            Template::GpuHours => "gpu-hours",
            Template::Privacy => "privacy",
            Template::Verification => "verification",
        }
    }
}

/// Shells `completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// Which catalog table `providers` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogTable {
    /// Provider offers (prices per GPU-hour).
    Offers,
    /// GPU specifications.
    Gpus,
    /// Model architectures.
    Models,
    /// Serverless token APIs (prices per million tokens).
    Tokens,
}

/// Formats of `providers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned table.
    Table,
    /// CSV with every column.
    Csv,
    /// JSON array with every field.
    Json,
    /// Markdown, to paste into a memo.
    Md,
}

/// Output formats of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    /// Aligned table for a terminal.
    Table,
    /// summary.csv on stdout.
    Csv,
    /// results.json on stdout.
    Json,
    /// A Markdown section.
    Md,
    /// FinOps FOCUS rows: each provider's cost at p5, p25, p50, p75 and p95 as a forecast charge (`run`).
    Focus,
}

/// Kinds of provider, as `--kind` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A cloud that runs its own datacenters.
    Centralized,
    /// A marketplace of third-party hosts.
    Marketplace,
    /// A decentralized network.
    Decentralized,
    /// GPUs the user owns.
    Owned,
}

/// Metrics, as `--metric` names them (kebab-case, or the results.json key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricArg {
    /// Total cost per month (currency).
    #[value(alias = "monthly_cost")]
    MonthlyCost,
    /// Cost per unit of work: per 1M tokens, per run, per reference GPU-hour (currency).
    #[value(alias = "cost_per_unit")]
    CostPerUnit,
    /// GPU-hours billed per month.
    #[value(alias = "gpu_hours")]
    GpuHours,
    /// Median time to first token (ms).
    #[value(alias = "ttft_ms")]
    TtftMs,
    /// 95th-percentile time to first token (ms).
    #[value(alias = "ttft_p95_ms")]
    TtftP95Ms,
    /// Median end-to-end latency (ms).
    #[value(alias = "latency_e2e_ms")]
    LatencyE2eMs,
    /// 95th-percentile end-to-end latency (ms).
    #[value(alias = "latency_e2e_p95_ms")]
    LatencyE2eP95Ms,
    /// Median time per output token (ms).
    #[value(alias = "tpot_ms")]
    TpotMs,
    /// 95th-percentile time per output token (ms).
    #[value(alias = "tpot_p95_ms")]
    TpotP95Ms,
    /// Output tokens per second per GPU.
    #[value(alias = "output_tokens_per_s_per_gpu")]
    OutputTokensPerSPerGpu,
    /// Output tokens per second per user.
    #[value(alias = "output_tokens_per_s_per_user")]
    OutputTokensPerSPerUser,
    /// Requests per second per replica.
    #[value(alias = "requests_per_s_per_replica")]
    RequestsPerSPerReplica,
    /// Margin after AI at full adoption (fraction of revenue).
    #[value(alias = "margin_after")]
    MarginAfter,
    /// Margin change (percentage points).
    #[value(alias = "margin_improvement_pp")]
    MarginImprovementPp,
    /// Savings minus AI costs per month (currency).
    #[value(alias = "net_saving")]
    NetSaving,
    /// Months to pay back the implementation cost.
    #[value(alias = "payback_months")]
    PaybackMonths,
    /// Wall-clock of one training run (hours).
    #[value(alias = "wall_clock_hours")]
    WallClockHours,
    /// GPU-hours billed per training run.
    #[value(alias = "gpu_hours_per_run")]
    GpuHoursPerRun,
    /// Share of a training run's wall-clock the fleet computes at full speed.
    #[value(alias = "goodput")]
    Goodput,
    /// AI cost over the scenario's horizon (currency).
    #[value(alias = "horizon_cost")]
    HorizonCost,
    /// Cumulative net saving after the horizon (currency).
    #[value(alias = "horizon_net_saving")]
    HorizonNetSaving,
    /// Energy at the meter per month, kWh.
    #[value(alias = "energy_kwh")]
    EnergyKwh,
    /// Emissions per month, kg CO2e.
    #[value(alias = "co2e_kg")]
    Co2eKg,
    /// Energy per unit of work, Wh.
    #[value(alias = "energy_wh_per_unit")]
    EnergyWhPerUnit,
}

/// Splits `PATH=VALUE` for `--set`: a non-empty path and value, on one line (a newline would smuggle
/// more TOML into the scenario, issue 13).
pub fn parse_set(arg: &str) -> Result<String, String> {
    if let Some((at, c)) = crate::base::text::first_control(arg, false) {
        return Err(format!(
            "a --set argument is one line without control characters; found {:?} at column {}",
            c,
            at + 1
        ));
    }
    match arg.split_once('=') {
        Some((path, value)) if !path.trim().is_empty() && !value.trim().is_empty() => Ok(arg.to_string()),
        _ => Err(format!(
            "expected PATH=VALUE, e.g. workload.requests_per_month=3e7 or \
             'providers.ionet.price_per_gpu_hour={{dist=\"uniform\",low=1.5,high=2.2}}', found `{arg}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_arguments_need_a_path_and_a_value_on_one_line() {
        assert!(parse_set("workload.batch_size=8").is_ok());
        assert!(parse_set("workload.batch_size").is_err());
        assert!(parse_set("=8").is_err());
        assert!(parse_set("workload.batch_size=").is_err());
        let injected = parse_set("scenario.name=\"x\"\n[[providers]]\nid=\"evil\"").unwrap_err();
        assert!(injected.contains("column 18"), "{injected}");
    }
}

/// How an offer is priced, as `providers --pricing` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PricingArg {
    /// On demand, by the hour.
    OnDemand,
    /// Spot or preemptible.
    Spot,
    /// A 1- or 3-year reservation or another commitment.
    Reserved,
    /// A marketplace's community hosts.
    Community,
    /// A marketplace's secure (datacenter) hosts.
    Secure,
}

/// A price file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PriceFormat {
    /// SkyPilot catalog v8 `vms.csv` (per instance-hour; on-demand and spot).
    Skypilot,
    /// dstack's gpuhunt catalog CSV (per instance-hour).
    Gpuhunt,
    /// OpenRouter `/api/v1/models` JSON (USD per token).
    Openrouter,
    /// LiteLLM `model_prices_and_context_window.json` (USD per token).
    Litellm,
    /// FinOps FOCUS 1.2/1.3 cost-and-usage CSV: the effective prices you paid.
    Focus,
}
