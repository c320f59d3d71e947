//! The list of every input a run used, with its unit, its distribution and where it came from: the
//! scenario line, the catalog offer, or the documented default with its source.

use super::results::Assumption;
use crate::catalog::Catalog;
use crate::scenario::{Origin, Param, Scenario};

/// The unit of an input, by field name (the last part of its path).
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
    /// The unit of field `field` (`price_per_gpu_hour`, `verification.rate`…).
    pub fn of(field: &str) -> Unit {
        match field {
            "revenue_per_month"
            | "operational_costs_per_month"
            | "labor_costs_per_month"
            | "other_ai_costs_per_month"
            | "fixed_monthly_fee" => Unit::Money("/month"),
            "implementation_cost" => Unit::Money(""),
            "price_per_gpu_hour" => Unit::Money("/GPU-h"),
            "input_usd_per_mtok" | "output_usd_per_mtok" | "cached_input_usd_per_mtok" => Unit::Money("/M tokens"),
            "ttft_ms" => Unit::Plain("ms"),
            "ttft_p95_ratio" => Unit::Plain("×"),
            "output_tokens_per_s" => Unit::Plain("tokens/s"),
            "rate_limit_rpm" => Unit::Plain("requests/min"),
            "egress_per_gb" => Unit::Money("/GB"),
            "storage_per_gb_month" => Unit::Money("/GB-month"),
            "cache_hit_fraction"
            | "mfu"
            | "mbu"
            | "serving_efficiency"
            | "memory_reserve_fraction"
            | "operational_savings"
            | "labor_savings"
            | "utilization"
            | "fee_fraction"
            | "verification.rate"
            | "verification.recompute_fraction"
            | "verification.overhead"
            | "interconnect_efficiency"
            | "privacy.overhead" => Unit::Fraction,
            "requests_per_month" => Unit::Plain("requests/month"),
            "input_tokens" | "output_tokens" | "training_tokens" => Unit::Plain("tokens"),
            "batch_size" => Unit::Plain("sequences"),
            "ttft_slo_ms" | "tpot_slo_ms" | "latency_slo_ms" | "rtt_ms" => Unit::Plain("ms"),
            "min_replicas" => Unit::Plain("replicas"),
            "bytes_per_token" => Unit::Plain("bytes/token"),
            "adoption_months" => Unit::Plain("months"),
            "failure_rate_per_gpu_hour" => Unit::Plain("failures/GPU-h"),
            "restart_minutes" => Unit::Plain("min"),
            "max_gpus_per_replica" | "capacity_gpus" | "gpus" => Unit::Plain("GPUs"),
            "state_bytes_per_param" => Unit::Plain("bytes/parameter"),
            "runs_per_month" => Unit::Plain("runs/month"),
            "deadline_days" => Unit::Plain("days"),
            "checkpoint_write_gbs_per_gpu" => Unit::Plain("GB/s per GPU"),
            "privacy.slowdown" | "verification.factor" => Unit::Plain("×"),
            "verification.prove_gpu_seconds_per_bparam_2k" => Unit::Plain("GPU-s per B params per 2k tokens"),
            "gpu_hours_per_month" => Unit::Plain("GPU-h/month"),
            "egress_gb_per_month" => Unit::Plain("GB/month"),
            "storage_gb" => Unit::Plain("GB"),
            _ => Unit::Plain(""),
        }
    }

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
        use crate::base::format;
        match self {
            Unit::Money(_) => format::money(v, currency),
            Unit::Fraction => format::percent(v),
            Unit::Plain(_) if v == v.trunc() && v.abs() < 1e15 => format::thousands(v),
            Unit::Plain(_) if v != 0.0 && v.abs() < 1e-3 => format!("{v:.2e}").replace(".00e", "e"),
            Unit::Plain(_) => format::number(v),
        }
    }
}

/// The field part of an input path: `providers.aws.verification.rate` → `verification.rate`.
pub fn field_of(path: &str) -> &str {
    match path.split_once('.') {
        Some(("providers", rest)) => rest.split_once('.').map_or(rest, |(_, f)| f),
        Some((_, f)) => f,
        None => path,
    }
}

/// The unit of an uncertain input named as a sampling variable: a dotted path, or `default <key>` for a
/// default shared by several providers (`default provider.utilization.serving` → utilization's unit).
pub fn unit_of_input(label: &str) -> Unit {
    let Some(key) = label.strip_prefix("default ") else { return Unit::of(field_of(label)) };
    let segments: Vec<&str> = key.split('.').collect();
    let known = |u: &Unit| *u != Unit::Plain("");
    segments
        .iter()
        .map(|s| Unit::of(s))
        .find(known)
        .or_else(|| segments.iter().map(|s| Unit::of(&format!("{}.{s}", segments[0]))).find(known))
        .unwrap_or(Unit::Plain(""))
}

fn assumption(path: String, p: &Param, file: &str, currency: &str, catalog: &Catalog) -> Assumption {
    let (from, location, source, as_of) = match &p.origin {
        Origin::Scenario { line, column } => {
            ("scenario", format!("{file}:{line}:{column}"), String::new(), String::new())
        }
        Origin::Catalog { offer, field, source, as_of, note } => {
            let location = match note {
                Some(n) => format!("offer {offer}, {field} ({n})"),
                None => format!("offer {offer}, {field}"),
            };
            ("catalog", location, source.clone(), as_of.clone())
        }
        Origin::Override { arg } => ("override", format!("--set {arg}"), String::new(), String::new()),
        Origin::Default { key } => {
            let entry = catalog.default_entry(key).ok();
            let source = entry.map_or(String::new(), |e| e.source.clone());
            let as_of = entry.map_or(String::new(), |e| e.as_of.clone());
            ("default", key.clone(), source, as_of)
        }
    };
    let unit = Unit::of(field_of(&path)).name(currency);
    let distribution = p.dist.as_ref().map(|d| d.spec().clone());
    Assumption { path, value: p.value, unit, distribution, from: from.to_string(), location, source, as_of }
}

/// Every input of `scenario` the model reads, in file order: workload, business, then each provider.
pub fn assumptions(scenario: &Scenario, catalog: &Catalog) -> Vec<Assumption> {
    let file = scenario.file.as_str();
    let cur = scenario.meta.currency.as_str();
    let mut out = Vec::new();
    scenario
        .workload_inputs
        .map(&mut |name, p| out.push(assumption(format!("workload.{name}"), p, file, cur, catalog)));
    if let Some(b) = &scenario.business {
        b.map(&mut |name, p| out.push(assumption(format!("business.{name}"), p, file, cur, catalog)));
    }
    let kind = scenario.workload_inputs.kind();
    for provider in &scenario.providers {
        provider.inputs.map(&mut |name, p| {
            let field = name.split('.').next().unwrap_or(name);
            if kind.uses_provider_field(field) {
                out.push(assumption(format!("providers.{}.{name}", provider.id), p, file, cur, catalog));
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::scenario;

    #[test]
    fn every_input_of_every_example_has_a_unit() {
        let catalog = Catalog::builtin().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let s = scenario::load(&path, &catalog).unwrap();
            for a in assumptions(&s, &catalog) {
                assert!(!a.unit.is_empty(), "{}: {} has no unit", path.display(), a.path);
            }
        }
    }

    #[test]
    fn fields_and_units_read_for_people() {
        assert_eq!(field_of("providers.aws.verification.rate"), "verification.rate");
        assert_eq!(field_of("workload.mfu"), "mfu");
        assert_eq!(Unit::of("price_per_gpu_hour").show(6.88, "USD"), "$6.88/GPU-h");
        assert_eq!(Unit::of("labor_savings").show(0.3, "USD"), "30.0%");
        assert_eq!(Unit::of("ttft_slo_ms").show(2000.0, "USD"), "2,000 ms");
        assert_eq!(Unit::of("revenue_per_month").name("EUR"), "EUR/month");
        assert_eq!(Unit::of("min_replicas").show(1.0, "USD"), "1 replicas");
        assert_eq!(Unit::of("failure_rate_per_gpu_hour").show(2.3e-5, "USD"), "2.30e-5 failures/GPU-h");
        assert_eq!(Unit::of("restart_minutes").show(12.5, "USD"), "12.5 min");
        assert_eq!(unit_of_input("default provider.utilization.serving"), Unit::Fraction);
        assert_eq!(unit_of_input("default privacy.fhe.slowdown"), Unit::Plain("×"));
        assert_eq!(unit_of_input("providers.aws.price_per_gpu_hour"), Unit::Money("/GPU-h"));
    }
}
