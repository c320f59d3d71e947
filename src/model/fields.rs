//! The facts of every input field, in one table: its unit, its natural range, its limits, and which
//! workloads and providers read it. Resolution, the assumptions list, what-if charts, user catalogs and
//! docs/MODEL.md ("Input limits", checked by a test) all read this table.

use super::WorkloadKind;
use crate::base::format;

/// The natural range of a number, before its limits.
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

/// The unit of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Money in the scenario currency, with what it is per (`/month`, `/GPU-h`, or nothing).
    Money(&'static str),
    /// A fraction, shown as a percentage.
    Fraction,
    /// Anything else, with its unit.
    Plain(&'static str),
}

impl Unit {
    /// The unit as written in results.json: `USD/month`, `fraction`, `ms`.
    pub fn name(self, currency: &str) -> String {
        match self {
            Unit::Money(per) => format!("{currency}{per}"),
            Unit::Fraction => "fraction".into(),
            Unit::Plain(u) => u.into(),
        }
    }

    /// A value for people: `$6.88/GPU-h`, `22.5%`, `2,000 ms`, `2.3e-5 failures/GPU-h`.
    pub fn show(self, v: f64, currency: &str) -> String {
        match self {
            Unit::Money(per) => format!("{}{per}", self.show_bare(v, currency)),
            Unit::Plain("") => self.show_bare(v, currency),
            Unit::Plain("×") => format!("{}×", self.show_bare(v, currency)),
            Unit::Plain(u) => format!("{} {u}", self.show_bare(v, currency)),
            Unit::Fraction => self.show_bare(v, currency),
        }
    }

    /// A distribution parameter for people: like [`Unit::show`] without the unit after the number.
    pub fn show_bare(self, v: f64, currency: &str) -> String {
        match self {
            Unit::Money(_) => format::money(v, currency),
            Unit::Fraction => format::percent(v),
            Unit::Plain(_) if v == v.trunc() && v.abs() < 1e15 => format::thousands(v),
            Unit::Plain(_) if v != 0.0 && v.abs() < 1e-3 => format!("{v:.2e}").replace(".00e", "e"),
            Unit::Plain(_) => format::number(v),
        }
    }
}

/// Where a field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `[scenario]`.
    Scenario,
    /// `[workload]`.
    Workload,
    /// `[business]`.
    Business,
    /// A provider renting GPUs.
    Gpu,
    /// A provider's `verification = { … }` (GPU rentals).
    Verification,
    /// A provider's `privacy = { … }` (GPU rentals).
    Privacy,
    /// A token API provider.
    Token,
    /// Any provider's fees.
    Fees,
    /// A column of a catalog only (GPU specs, model sizes, instance shapes).
    Catalog,
}

/// The facts of one input field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its path below its section, as the model's inputs name it: `price_per_gpu_hour`,
    /// `verification.rate` (written `rate` inside `verification = { … }`).
    pub path: &'static str,
    /// Where it is written.
    pub section: Section,
    /// Its unit; `None` for a setting that is not a number (a precision, a model id).
    pub unit: Option<Unit>,
    /// Its natural range (numbers only).
    pub check: Option<Check>,
    /// The largest value accepted and its unit in words: far above any real figure, so a value past it
    /// is a typo or a unit slip. Money limits are in USD and scale with `usd_to_currency`.
    pub max: Option<(f64, &'static str)>,
    /// The smallest value accepted, for inputs that divide a quantity.
    pub min: Option<(f64, &'static str)>,
    /// Counts whole things: a fixed value must be whole.
    pub whole: bool,
    /// A volume of work the cost per unit divides by (a month of none has no cost per unit).
    pub volume: bool,
    /// The workloads that read it.
    pub workloads: &'static [WorkloadKind],
}

impl Field {
    /// Its name as written in its table of the file: the last part of its path.
    pub fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// Whether a workload of `kind` reads it.
    pub fn read_by(&self, kind: WorkloadKind) -> bool {
        self.workloads.contains(&kind)
    }
}

use WorkloadKind::{GpuHours as G, Inference as I, Training as T};
const ALL: &[WorkloadKind] = &[I, T, G];
const MODEL_BASED: &[WorkloadKind] = &[I, T];
const NONE: &[WorkloadKind] = &[];

const fn number(
    path: &'static str,
    section: Section,
    unit: Unit,
    check: Check,
    workloads: &'static [WorkloadKind],
) -> Field {
    Field {
        path,
        section,
        unit: Some(unit),
        check: Some(check),
        max: None,
        min: None,
        whole: false,
        volume: false,
        workloads,
    }
}

const fn setting(path: &'static str, section: Section, workloads: &'static [WorkloadKind]) -> Field {
    Field { path, section, unit: None, check: None, max: None, min: None, whole: false, volume: false, workloads }
}

impl Field {
    const fn max(mut self, max: f64, unit: &'static str) -> Field {
        self.max = Some((max, unit));
        self
    }

    const fn min(mut self, min: f64, unit: &'static str) -> Field {
        self.min = Some((min, unit));
        self
    }

    const fn whole(mut self) -> Field {
        self.whole = true;
        self
    }

    const fn volume(mut self) -> Field {
        self.volume = true;
        self
    }
}

use Check::{AtLeastOne, Efficiency, Fraction, NonNegative, Positive, Reserve};
use Section::{Business, Catalog, Fees, Gpu, Privacy, Scenario, Token, Verification, Workload};
use Unit::{Fraction as Share, Money, Plain};

/// Every input field. docs/MODEL.md, "Input limits", lists the limits.
pub const FIELDS: &[Field] = &[
    number("usd_to_currency", Scenario, Plain("units/USD"), Positive, ALL)
        .max(1e6, "units per USD")
        .min(1e-6, "units per USD"),
    number("horizon_months", Scenario, Plain("months"), Positive, ALL).max(600.0, "months"),
    // [workload]
    setting("model", Workload, MODEL_BASED),
    setting("weight_precision", Workload, &[I]),
    setting("kv_precision", Workload, &[I]),
    setting("compute_precision", Workload, MODEL_BASED),
    setting("overlap", Workload, &[I]),
    setting("gpus_per_replica", Workload, &[I]).max(1e4, "GPUs"),
    setting("reference_gpu", Workload, &[G]),
    setting("scale_by", Workload, &[G]),
    number("requests_per_month", Workload, Plain("requests/month"), Positive, &[I])
        .max(1e13, "requests a month")
        .volume(),
    number("input_tokens", Workload, Plain("tokens"), Positive, &[I]).max(1e7, "tokens").min(1e-3, "tokens"),
    number("output_tokens", Workload, Plain("tokens"), AtLeastOne, &[I]).max(1e7, "tokens"),
    number("cache_hit_fraction", Workload, Share, Fraction, &[I]),
    number("batch_size", Workload, Plain("sequences"), AtLeastOne, &[I]).max(1e5, "sequences").whole(),
    setting("demand", Workload, &[I]),
    number("demand.peak_to_average", Workload, Plain("× average"), AtLeastOne, &[I])
        .max(24.0, "× average (all of a day's demand in one hour)"),
    number("prefill_overlap", Workload, Share, Fraction, &[I]),
    number("allreduce_latency_us", Workload, Plain("µs"), NonNegative, &[I]).max(1e6, "µs (a second)"),
    number("link_efficiency", Workload, Share, Efficiency, &[I]).min(1e-3, "0.1%"),
    number("latency_slo_ms", Workload, Plain("ms"), Positive, &[I]).max(8.64e7, "ms (a day)"),
    number("ttft_slo_ms", Workload, Plain("ms"), Positive, &[I]).max(8.64e7, "ms (a day)"),
    number("tpot_slo_ms", Workload, Plain("ms"), Positive, &[I]).max(8.64e7, "ms (a day)"),
    number("mfu", Workload, Share, Efficiency, MODEL_BASED).min(1e-3, "0.1%"),
    number("mbu", Workload, Share, Efficiency, &[I]).min(1e-3, "0.1%"),
    number("serving_efficiency", Workload, Share, Efficiency, &[I]).min(1e-3, "0.1%"),
    number("memory_reserve_fraction", Workload, Share, Reserve, MODEL_BASED),
    number("min_replicas", Workload, Plain("replicas"), NonNegative, &[I]).max(1e6, "replicas").whole(),
    number("bytes_per_token", Workload, Plain("bytes/token"), Positive, MODEL_BASED)
        .max(1e6, "bytes")
        .min(1e-3, "bytes"),
    number("training_tokens", Workload, Plain("tokens"), Positive, &[T]).max(1e16, "tokens"),
    number("gpus", Workload, Plain("GPUs"), AtLeastOne, &[T]).max(1e6, "GPUs").whole(),
    number("fp8_speedup", Workload, Plain("×"), AtLeastOne, &[T]).max(2.0, "× (FP8 peak over BF16 peak)"),
    number("state_bytes_per_param", Workload, Plain("bytes/parameter"), Positive, &[T]).max(1e3, "bytes"),
    number("runs_per_month", Workload, Plain("runs/month"), Positive, &[T]).max(1e4, "runs").volume(),
    number("deadline_days", Workload, Plain("days"), Positive, &[T]).max(3650.0, "days"),
    setting("method", Workload, &[T]),
    setting("sharding", Workload, &[T]),
    setting("sync", Workload, &[T]),
    setting("checkpointing", Workload, &[T]),
    setting("lora_targets", Workload, &[T]),
    number("lora_rank", Workload, Plain("rank"), AtLeastOne, &[T]).max(65_536.0, "rank").whole(),
    number("batch_tokens", Workload, Plain("tokens"), AtLeastOne, &[T]).max(1e9, "tokens"),
    number("sequence_length", Workload, Plain("tokens"), AtLeastOne, &[T]).max(1e7, "tokens").whole(),
    number("diloco_inner_steps", Workload, Plain("steps"), AtLeastOne, &[T]).max(1e6, "steps").whole(),
    number("gpu_hours_per_month", Workload, Plain("GPU-h/month"), Positive, &[G]).max(1e10, "GPU-hours").volume(),
    number("egress_gb_per_month", Workload, Plain("GB/month"), NonNegative, &[G]).max(1e10, "GB"),
    number("storage_gb", Workload, Plain("GB"), NonNegative, &[G]).max(1e10, "GB"),
    // [business]
    number("revenue_per_month", Business, Money("/month"), Positive, ALL)
        .max(1e13, "USD a month")
        .min(1.0, "scenario currency"),
    number("operational_costs_per_month", Business, Money("/month"), NonNegative, ALL).max(1e13, "USD a month"),
    number("labor_costs_per_month", Business, Money("/month"), NonNegative, ALL).max(1e13, "USD a month"),
    number("operational_savings", Business, Share, Fraction, ALL),
    number("labor_savings", Business, Share, Fraction, ALL),
    number("adoption_months", Business, Plain("months"), NonNegative, ALL).max(600.0, "months"),
    number("other_ai_costs_per_month", Business, Money("/month"), NonNegative, ALL).max(1e12, "USD a month"),
    number("implementation_cost", Business, Money(""), NonNegative, ALL).max(1e13, "USD"),
    // A provider renting GPUs.
    setting("gpu", Gpu, ALL),
    setting("verification", Verification, ALL),
    setting("privacy", Privacy, ALL),
    number("price_per_gpu_hour", Gpu, Money("/GPU-h"), Positive, ALL).max(1_000.0, "USD per GPU-hour"),
    number("utilization", Gpu, Share, Efficiency, ALL).min(1e-3, "0.1%"),
    number("capacity_gpus", Gpu, Plain("GPUs"), Positive, MODEL_BASED).max(1e7, "GPUs").whole(),
    number("rtt_ms", Gpu, Plain("ms"), NonNegative, &[I]).max(1e5, "ms"),
    number("failure_rate_per_gpu_hour", Gpu, Plain("failures/GPU-h"), NonNegative, ALL)
        .max(10.0, "failures per GPU-hour"),
    number("restart_minutes", Gpu, Plain("min"), NonNegative, ALL).max(1e5, "minutes"),
    number("egress_per_gb", Gpu, Money("/GB"), NonNegative, ALL).max(100.0, "USD per GB"),
    number("storage_per_gb_month", Gpu, Money("/GB-month"), NonNegative, ALL).max(100.0, "USD per GB-month"),
    number("pue", Gpu, Plain("x IT power"), Positive, ALL).min(1.0, "no facility overhead").max(5.0, "x IT power"),
    number("grid_kg_co2e_per_kwh", Gpu, Plain("kg CO2e/kWh"), NonNegative, ALL).max(2.0, "kg CO2e per kWh"),
    number("idle_power_fraction", Gpu, Share, Fraction, ALL),
    number("network_gbs_per_gpu", Gpu, Plain("GB/s per GPU"), Positive, &[T]).max(1e4, "GB/s").min(1e-6, "GB/s"),
    number("availability", Gpu, Share, Efficiency, &[T]).min(1e-2, "1%"),
    number("checkpoint_write_gbs_per_gpu", Gpu, Plain("GB/s per GPU"), Positive, &[T])
        .max(1e4, "GB/s")
        .min(1e-3, "GB/s"),
    number("max_gpus_per_replica", Gpu, Plain("GPUs"), AtLeastOne, MODEL_BASED).max(1e4, "GPUs").whole(),
    setting("instance_shapes", Gpu, &[I]),
    setting("instances_linked", Gpu, &[I]),
    setting("provisioning", Gpu, &[I]),
    number("scale_up_minutes", Gpu, Plain("min"), NonNegative, &[I]).max(1e4, "minutes"),
    number("billing_minutes", Gpu, Plain("min"), NonNegative, &[I]).max(5.256e5, "minutes (a year)"),
    number("verification.factor", Verification, Plain("×"), AtLeastOne, ALL).max(100.0, "×"),
    number("verification.rate", Verification, Share, Fraction, ALL),
    number("verification.recompute_fraction", Verification, Share, Fraction, ALL),
    number(
        "verification.prove_gpu_seconds_per_bparam_2k",
        Verification,
        Plain("GPU-s per B params per 2k tokens"),
        Positive,
        MODEL_BASED,
    )
    .max(1e9, "GPU-seconds"),
    number("verification.overhead", Verification, Share, NonNegative, ALL).max(100.0, "× extra GPU time (10,000%)"),
    number("privacy.overhead", Privacy, Share, NonNegative, ALL).max(100.0, "× extra GPU time (10,000%)"),
    number("privacy.slowdown", Privacy, Plain("×"), AtLeastOne, ALL).max(1e9, "×"),
    // Owned hardware (`kind = "owned"`).
    setting("owned", Gpu, ALL),
    number("owned.gpu_price", Gpu, Money(""), Positive, ALL).max(1e7, "USD per GPU"),
    number("owned.server_price", Gpu, Money(""), NonNegative, ALL).max(1e8, "USD per server"),
    number("owned.gpus_per_server", Gpu, Plain("GPUs"), AtLeastOne, ALL).max(1e3, "GPUs").whole(),
    number("owned.amortisation_months", Gpu, Plain("months"), Positive, ALL).min(1.0, "month").max(600.0, "months"),
    number("owned.residual_fraction", Gpu, Share, Fraction, ALL),
    number("owned.server_watts", Gpu, Plain("W"), NonNegative, ALL).max(1e6, "W"),
    number("owned.electricity_per_kwh", Gpu, Money("/kWh"), NonNegative, ALL).max(10.0, "USD per kWh"),
    number("owned.colocation_per_kw_month", Gpu, Money("/kW-month"), NonNegative, ALL).max(1e4, "USD per kW-month"),
    number("owned.staff_per_server_month", Gpu, Money("/server-month"), NonNegative, ALL).max(1e7, "USD a month"),
    // A token API.
    number("input_usd_per_mtok", Token, Money("/M tokens"), NonNegative, &[I]).max(1_000.0, "USD per million tokens"),
    number("output_usd_per_mtok", Token, Money("/M tokens"), NonNegative, &[I]).max(1_000.0, "USD per million tokens"),
    number("cached_input_usd_per_mtok", Token, Money("/M tokens"), NonNegative, &[I])
        .max(1_000.0, "USD per million tokens"),
    number("ttft_ms", Token, Plain("ms"), Positive, &[I]).max(8.64e7, "ms (a day)"),
    number("ttft_p95_ratio", Token, Plain("×"), AtLeastOne, &[I]).max(1e3, "×"),
    number("output_tokens_per_s", Token, Plain("tokens/s"), Positive, &[I])
        .max(1e6, "tokens per second")
        .min(1e-3, "tokens per second"),
    number("rate_limit_rpm", Token, Plain("requests/min"), Positive, &[I]).max(1e9, "requests per minute"),
    // Any provider.
    number("fixed_monthly_fee", Fees, Money("/month"), NonNegative, ALL).max(1e9, "USD a month"),
    number("fee_fraction", Fees, Share, Fraction, ALL),
    // Catalog columns only (user catalogs are checked against these; price columns share the provider
    // fields' limits).
    number("gpus_per_instance", Catalog, Plain("GPUs"), AtLeastOne, NONE).max(1e4, "GPUs"),
    number("memory_gb", Catalog, Plain("GB"), Positive, NONE).max(1e4, "GB").min(1e-3, "GB"),
    number("memory_bandwidth_tbs", Catalog, Plain("TB/s"), Positive, NONE).max(1e3, "TB/s").min(1e-3, "TB/s"),
    number("bf16_dense_tflops", Catalog, Plain("TFLOP/s"), Positive, NONE).max(1e6, "TFLOP/s").min(1e-3, "TFLOP/s"),
    number("fp8_dense_tflops", Catalog, Plain("TFLOP/s"), Positive, NONE).max(1e6, "TFLOP/s").min(1e-3, "TFLOP/s"),
    number("tdp_w", Catalog, Plain("W"), Positive, NONE).max(1e5, "W"),
    number("interconnect_gbs", Catalog, Plain("GB/s"), NonNegative, NONE).max(1e5, "GB/s"),
    number("params_b", Catalog, Plain("billion parameters"), Positive, NONE)
        .max(1e5, "billion parameters")
        .min(1e-6, "billion parameters"),
    number("active_params_b", Catalog, Plain("billion parameters"), Positive, NONE)
        .max(1e5, "billion parameters")
        .min(1e-6, "billion parameters"),
    number("context_length", Catalog, Plain("tokens"), AtLeastOne, NONE).max(1e9, "tokens"),
    number("kv_bytes_per_token_bf16", Catalog, Plain("B"), Positive, NONE).max(1e9, "bytes"),
    number("experts", Catalog, Plain("experts"), AtLeastOne, NONE).max(1e5, "experts"),
    number("experts_per_token", Catalog, Plain("experts"), AtLeastOne, NONE).max(1e5, "experts"),
];

/// The field at `path` (`price_per_gpu_hour`, `verification.rate`).
pub fn field(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}

/// The field part of an input path: `providers.aws.verification.rate` → `verification.rate`,
/// `workload.mfu` → `mfu`.
pub fn path_of(input: &str) -> &str {
    match input.split_once('.') {
        Some(("providers", rest)) => rest.split_once('.').map_or(rest, |(_, f)| f),
        Some((_, f)) => f,
        None => input,
    }
}

/// The field of a provider, workload or business input path (`providers.aws.verification.rate`,
/// `workload.mfu`), or of a sampling variable named after a shared default (`default
/// provider.utilization.serving`).
pub fn field_of_input(path: &str) -> Option<&'static Field> {
    let Some(key) = path.strip_prefix("default ") else { return field(path_of(path)) };
    // A default's key names its section and field and may add qualifiers: `privacy.tee.overhead.inference`
    // is `privacy.overhead`, `provider.utilization.serving` is `utilization`.
    let segments: Vec<&str> = key.split('.').collect();
    let numeric = |f: &&Field| f.unit.is_some();
    segments
        .iter()
        .skip(1)
        .find_map(|s| field(&format!("{}.{s}", segments[0])).filter(numeric))
        .or_else(|| segments.windows(2).find_map(|pair| field(&pair.join(".")).filter(numeric)))
        .or_else(|| segments.iter().find_map(|s| field(s).filter(numeric)))
}

/// The unit of an input path or sampling variable ([`field_of_input`]).
pub fn unit_of_input(path: &str) -> Option<Unit> {
    field_of_input(path)?.unit
}

/// The largest value of the field at `path`, and its unit in words.
pub fn limit(path: &str) -> Option<(f64, &'static str)> {
    field(path)?.max
}

/// The smallest value of the field at `path`, and its unit in words.
pub fn minimum(path: &str) -> Option<(f64, &'static str)> {
    field(path)?.min
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_numbers_have_a_range_and_a_unit() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert!(FIELDS[..i].iter().all(|g| g.path != f.path), "{} twice", f.path);
            assert_eq!(f.unit.is_some(), f.check.is_some(), "{}", f.path);
        }
    }

    #[test]
    fn inputs_and_defaults_find_their_field() {
        assert_eq!(field_of_input("providers.aws.verification.rate").unwrap().path, "verification.rate");
        assert_eq!(field_of_input("workload.mfu").unwrap().unit, Some(Unit::Fraction));
        assert_eq!(field_of_input("default provider.utilization.serving").unwrap().path, "utilization");
        assert_eq!(field_of_input("default privacy.tee.overhead.inference").unwrap().path, "privacy.overhead");
        assert_eq!(field_of_input("default business.labor_savings.measured").unwrap().path, "labor_savings");
        assert!(field_of_input("workload.no_such_field").is_none());
        assert_eq!(field_of_input("workload.demand.peak_to_average").unwrap().path, "demand.peak_to_average");
        assert_eq!(field_of_input("default workload.demand.peak_to_average").unwrap().path, "demand.peak_to_average");
    }

    #[test]
    fn units_show_values_for_people() {
        assert_eq!(field("price_per_gpu_hour").unwrap().unit.unwrap().show(6.88, "USD"), "$6.88/GPU-h");
        assert_eq!(field("labor_savings").unwrap().unit.unwrap().show(0.225, "USD"), "22.5%");
        assert_eq!(
            field("failure_rate_per_gpu_hour").unwrap().unit.unwrap().show(2.3e-5, "USD"),
            "2.30e-5 failures/GPU-h"
        );
        assert_eq!(field("ttft_slo_ms").unwrap().unit.unwrap().show(2000.0, "USD"), "2,000 ms");
        assert_eq!(field("revenue_per_month").unwrap().unit.unwrap().name("EUR"), "EUR/month");
        assert_eq!(field("min_replicas").unwrap().unit.unwrap().show(1.0, "USD"), "1 replicas");
        assert_eq!(path_of("providers.aws.verification.rate"), "verification.rate");
        assert_eq!(path_of("workload.mfu"), "mfu");
        assert_eq!(unit_of_input("default privacy.fhe.slowdown"), Some(Unit::Plain("×")));
    }

    #[test]
    fn model_md_lists_every_input_limit() {
        let doc = include_str!("../../docs/MODEL.md");
        let section = &doc[doc.find("## Input limits").expect("an Input limits section")..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
        for f in FIELDS.iter().filter(|f| f.max.is_some() || f.min.is_some()) {
            let row = section
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", f.path)))
                .unwrap_or_else(|| panic!("docs/MODEL.md, Input limits, lacks {}", f.path));
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let read = |cell: &str| (!cell.is_empty()).then(|| cell.replace(',', "").parse::<f64>().unwrap());
            assert_eq!(read(cells[2]), f.min.map(|m| m.0), "smallest {} in docs/MODEL.md", f.path);
            assert_eq!(read(cells[3]), f.max.map(|m| m.0), "largest {} in docs/MODEL.md", f.path);
        }
    }
}
