//! Input limits: the largest (and, for inputs that divide, the smallest) value each numeric field of a
//! scenario or a catalog accepts. docs/MODEL.md, "Input limits", lists them; a test keeps the two in step.

/// The natural range of a numeric field, before its limits: what a scenario value or a catalog column
/// must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// > 0.
    Positive,
    /// ≥ 0.
    NonNegative,
    /// In [0, 1].
    Fraction,
    /// In (0, 1].
    Efficiency,
    /// In [0, 1).
    Reserve,
    /// ≥ 1.
    AtLeastOne,
}

impl Check {
    /// Whether `v` is in the range.
    pub fn holds(self, v: f64) -> bool {
        match self {
            Check::Positive => v > 0.0,
            Check::NonNegative => v >= 0.0,
            Check::Fraction => (0.0..=1.0).contains(&v),
            Check::Efficiency => v > 0.0 && v <= 1.0,
            Check::Reserve => (0.0..1.0).contains(&v),
            Check::AtLeastOne => v >= 1.0,
        }
    }

    /// The range in words, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            Check::Positive => "a number greater than 0",
            Check::NonNegative => "a number of at least 0",
            Check::Fraction => "a fraction between 0 and 1",
            Check::Efficiency => "a fraction greater than 0 and at most 1",
            Check::Reserve => "a fraction of at least 0 and below 1",
            Check::AtLeastOne => "a number of at least 1",
        }
    }
}

/// The largest value each input accepts, by field name. Far above any real figure, so a value past one is
/// a typo or a unit slip (a price per instance instead of per GPU, a count with extra zeros), and stopping
/// it keeps every sum finite. Money limits are in USD and scale with `usd_to_currency`.
/// docs/MODEL.md, "Input limits".
pub const LIMITS: &[(&str, f64, &str)] = &[
    ("price_per_gpu_hour", 1_000.0, "USD per GPU-hour"),
    ("egress_per_gb", 100.0, "USD per GB"),
    ("storage_per_gb_month", 100.0, "USD per GB-month"),
    ("fixed_monthly_fee", 1e9, "USD a month"),
    ("revenue_per_month", 1e13, "USD a month"),
    ("operational_costs_per_month", 1e13, "USD a month"),
    ("labor_costs_per_month", 1e13, "USD a month"),
    ("other_ai_costs_per_month", 1e12, "USD a month"),
    ("implementation_cost", 1e13, "USD"),
    ("requests_per_month", 1e13, "requests a month"),
    ("input_tokens", 1e7, "tokens"),
    ("output_tokens", 1e7, "tokens"),
    ("batch_size", 1e5, "sequences"),
    ("latency_slo_ms", 8.64e7, "ms (a day)"),
    ("ttft_slo_ms", 8.64e7, "ms (a day)"),
    ("tpot_slo_ms", 8.64e7, "ms (a day)"),
    ("rtt_ms", 1e5, "ms"),
    ("min_replicas", 1e6, "replicas"),
    ("bytes_per_token", 1e6, "bytes"),
    ("training_tokens", 1e16, "tokens"),
    ("gpus", 1e6, "GPUs"),
    ("state_bytes_per_param", 1e3, "bytes"),
    ("runs_per_month", 1e4, "runs"),
    ("deadline_days", 3650.0, "days"),
    ("gpu_hours_per_month", 1e10, "GPU-hours"),
    ("egress_gb_per_month", 1e10, "GB"),
    ("storage_gb", 1e10, "GB"),
    ("capacity_gpus", 1e7, "GPUs"),
    ("max_gpus_per_replica", 1e4, "GPUs"),
    ("failure_rate_per_gpu_hour", 10.0, "failures per GPU-hour"),
    ("restart_minutes", 1e5, "minutes"),
    ("checkpoint_write_gbs_per_gpu", 1e4, "GB/s"),
    ("adoption_months", 600.0, "months"),
    ("horizon_months", 600.0, "months"),
    ("usd_to_currency", 1e6, "units per USD"),
    ("slowdown", 1e9, "×"),
    ("factor", 100.0, "×"),
    ("prove_gpu_seconds_per_bparam_2k", 1e9, "GPU-seconds"),
    ("input_usd_per_mtok", 1_000.0, "USD per million tokens"),
    ("output_usd_per_mtok", 1_000.0, "USD per million tokens"),
    ("cached_input_usd_per_mtok", 1_000.0, "USD per million tokens"),
    ("ttft_ms", 8.64e7, "ms (a day)"),
    ("ttft_p95_ratio", 1e3, "×"),
    ("output_tokens_per_s", 1e6, "tokens per second"),
    ("rate_limit_rpm", 1e9, "requests per minute"),
    ("overhead", 100.0, "× extra GPU time (10,000%)"),
    ("gpus_per_replica", 1e4, "GPUs"),
    // Catalog columns (user catalogs are checked against these too; prices share the scenario's names).
    ("gpus_per_instance", 1e4, "GPUs"),
    ("memory_gb", 1e4, "GB"),
    ("memory_bandwidth_tbs", 1e3, "TB/s"),
    ("bf16_dense_tflops", 1e6, "TFLOP/s"),
    ("fp8_dense_tflops", 1e6, "TFLOP/s"),
    ("tdp_w", 1e5, "W"),
    ("interconnect_gbs", 1e5, "GB/s"),
    ("params_b", 1e5, "billion parameters"),
    ("active_params_b", 1e5, "billion parameters"),
    ("context_length", 1e9, "tokens"),
    ("kv_bytes_per_token_bf16", 1e9, "bytes"),
];

/// The smallest value accepted by inputs that divide a quantity: an efficiency of 1e-300 would make a
/// month cost more than any number can hold. docs/MODEL.md, "Input limits".
pub const MINIMA: &[(&str, f64, &str)] = &[
    ("mfu", 1e-3, "0.1%"),
    ("mbu", 1e-3, "0.1%"),
    ("serving_efficiency", 1e-3, "0.1%"),
    ("utilization", 1e-3, "0.1%"),
    ("interconnect_efficiency", 1e-3, "0.1%"),
    ("checkpoint_write_gbs_per_gpu", 1e-3, "GB/s"),
    ("revenue_per_month", 1.0, "scenario currency"),
    ("usd_to_currency", 1e-6, "units per USD"),
    ("input_tokens", 1e-3, "tokens"),
    ("bytes_per_token", 1e-3, "bytes"),
    ("output_tokens_per_s", 1e-3, "tokens per second"),
    ("memory_gb", 1e-3, "GB"),
    ("memory_bandwidth_tbs", 1e-3, "TB/s"),
    ("bf16_dense_tflops", 1e-3, "TFLOP/s"),
    ("fp8_dense_tflops", 1e-3, "TFLOP/s"),
    ("params_b", 1e-6, "billion parameters"),
    ("active_params_b", 1e-6, "billion parameters"),
];

/// The largest value of field `name` and its unit.
pub fn limit(name: &str) -> Option<(f64, &'static str)> {
    LIMITS.iter().find(|(n, _, _)| *n == name).map(|(_, max, unit)| (*max, *unit))
}

/// The smallest value of field `name` and its unit.
pub fn minimum(name: &str) -> Option<(f64, &'static str)> {
    MINIMA.iter().find(|(n, _, _)| *n == name).map(|(_, min, unit)| (*min, *unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_md_lists_every_input_limit() {
        let doc = include_str!("../../docs/MODEL.md");
        let section = &doc[doc.find("## Input limits").expect("an Input limits section")..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
        for (name, _, _) in LIMITS.iter().chain(MINIMA) {
            assert!(section.contains(&format!("| `{name}` |")), "docs/MODEL.md, Input limits, lacks {name}");
        }
    }
}
