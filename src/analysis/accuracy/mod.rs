//! How close the model comes to published figures: each case run as a scenario at the tool's defaults,
//! where its published figure falls in the band, and the record over the fit and test halves.
//! docs/ACCURACY.md.

pub mod fit;

use crate::base::diagnostic::Source;
use crate::catalog::Catalog;
use crate::catalog::cases::{Case, CaseKind, Regime, Split};
use crate::scenario::{self, Scenario};
use crate::sim::{Metric, SimOptions};
use serde::Serialize;

/// Requests a month given a serving case's scenario: offline throughput does not depend on demand.
const SERVING_REQUESTS: f64 = 1e6;

/// The batch asked of an offline serving case: the engine fills the KV cache, so the model caps it there.
const OFFLINE_BATCH: f64 = 1e5;

/// One case's result.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// The case.
    pub id: String,
    /// What it measured.
    pub kind: CaseKind,
    /// Fit or test.
    pub split: Split,
    /// GPU id.
    pub gpu: String,
    /// Model id.
    pub model: String,
    /// Unit of the compared figures.
    pub unit: &'static str,
    /// The published figure in `unit`.
    pub published: f64,
    /// The model's 5th, 50th and 95th percentiles in `unit` (absent when the model cannot run the case).
    pub p5: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Whether the published figure lies inside [p5, p95].
    pub inside: bool,
    /// `ln(p50 / published)`.
    pub log_error: Option<f64>,
    /// Why the model could not run it.
    pub infeasible: Option<String>,
    /// Where the figure comes from.
    pub source: String,
}

impl CaseResult {
    /// `p95 / p5`.
    pub fn width(&self) -> Option<f64> {
        self.p5.zip(self.p95).map(|(lo, hi)| hi / lo)
    }
}

/// The unit a case is compared in.
pub fn compared_unit(case: &Case) -> &'static str {
    match case.kind {
        CaseKind::Serving => "output tokens/s per GPU",
        CaseKind::Training if case.published_unit == "GPU-hours" => "GPU-hours",
        CaseKind::Training => "tokens/s per GPU",
    }
}

/// The published figure in the compared unit.
pub fn published(case: &Case) -> f64 {
    match case.kind {
        CaseKind::Serving => case.published / f64::from(case.gpus),
        CaseKind::Training => case.published,
    }
}

/// The scenario that reproduces a case: what its source states, every other input at the tool's default.
/// `extra` lines go into `[workload]` (fixed inputs a fit tries).
pub fn scenario_text(case: &Case, extra: &[String]) -> String {
    let mut w = vec![];
    let mut providers = vec![
        "[[providers]]".to_string(),
        "id = \"case\"".to_string(),
        format!("gpu = \"{}\"", case.gpu),
        "kind = \"centralized\"".to_string(),
        // The price does not enter throughput or GPU-hours.
        "price_per_gpu_hour = 1.0".to_string(),
    ];
    match case.kind {
        CaseKind::Serving => {
            w.push("kind = \"inference\"".to_string());
            w.push(format!("requests_per_month = {SERVING_REQUESTS}"));
            w.push(format!("input_tokens = {}", case.input_tokens.unwrap_or(1)));
            w.push(format!("output_tokens = {}", case.output_tokens.unwrap_or(1)));
            w.push(format!("batch_size = {OFFLINE_BATCH}"));
            w.push(format!("gpus_per_replica = {}", case.gpus));
            w.push(format!("weight_precision = \"{}\"", case.precision));
            w.push(format!("kv_precision = \"{}\"", case.kv_precision.as_deref().unwrap_or(&case.precision)));
            w.push("overlap = \"chunked\"".to_string());
            if let Some(r) = case.memory_reserve {
                w.push(if r.low < r.high {
                    format!("memory_reserve_fraction = {{ dist = \"uniform\", low = {}, high = {} }}", r.low, r.high)
                } else {
                    format!("memory_reserve_fraction = {}", r.low)
                });
            }
        }
        CaseKind::Training => {
            w.push("kind = \"training\"".to_string());
            w.push(format!("training_tokens = {:e}", case.tokens.unwrap_or(1e9)));
            w.push(format!("gpus = {}", case.gpus));
            w.push(format!("compute_precision = \"{}\"", case.precision));
            if case.regime == Some(Regime::Benchmark) {
                // A short benchmark sees no failure.
                providers.push("failure_rate_per_gpu_hour = 0".to_string());
            }
        }
    }
    w.push(format!("model = \"{}\"", case.model));
    w.extend(extra.iter().cloned());
    format!("[scenario]\nname = \"{}\"\n\n[workload]\n{}\n\n{}\n", case.id, w.join("\n"), providers.join("\n"))
}

/// The case's scenario parsed against `catalog`.
pub fn scenario(case: &Case, extra: &[String], catalog: &Catalog) -> Result<Scenario, String> {
    let source = Source::new(format!("case {}", case.id), scenario_text(case, extra));
    scenario::parse(&source, &case.id, catalog).map_err(|e| e.to_string())
}

/// The model's figure for `case` from one provider's metric statistics, in the compared unit:
/// (p5, p50, p95).
fn band(case: &Case, results: &super::Results) -> Result<(f64, f64, f64), String> {
    let p = &results.providers[0];
    if !p.feasible {
        return Err(p.infeasible_reason.clone().unwrap_or_else(|| "cannot run".into()));
    }
    let metric = match case.kind {
        CaseKind::Serving => Metric::OutputTokensPerSPerGpu,
        CaseKind::Training => Metric::GpuHoursPerRun,
    };
    let s = p.metrics.as_ref().and_then(|m| m.get(metric)).ok_or("no result")?;
    Ok(match (case.kind, compared_unit(case)) {
        (CaseKind::Training, "tokens/s per GPU") => {
            let tokens = case.tokens.unwrap_or(1.0);
            let tps = |hours: f64| tokens / (hours * 3600.0);
            (tps(s.p95), tps(s.p50), tps(s.p5))
        }
        _ => (s.p5, s.p50, s.p95),
    })
}

/// The model's value for `case` with every input at its median (the point estimate), in the compared unit.
pub fn point_value(case: &Case, scenario: &Scenario, catalog: &Catalog) -> Result<f64, String> {
    band(case, &super::point(scenario, catalog)).map(|(_, p50, _)| p50)
}

/// Runs one case: `samples` trials from `seed`.
pub fn run_case(case: &Case, catalog: &Catalog, opts: &SimOptions) -> CaseResult {
    let published = published(case);
    let outcome =
        scenario(case, &[], catalog).and_then(|s| band(case, &super::monte_carlo(&s, catalog, opts, &|_| {})));
    let (p5, p50, p95, infeasible) = match outcome {
        Ok((a, b, c)) => (Some(a), Some(b), Some(c), None),
        Err(e) => (None, None, None, Some(e)),
    };
    CaseResult {
        id: case.id.clone(),
        kind: case.kind,
        split: case.split,
        gpu: case.gpu.clone(),
        model: case.model.clone(),
        unit: compared_unit(case),
        published,
        p5,
        p50,
        p95,
        inside: p5.zip(p95).is_some_and(|(lo, hi)| lo <= published && published <= hi),
        log_error: p50.map(|m| (m / published).ln()),
        infeasible,
        source: case.source.clone(),
    }
}

/// Coverage and errors of a group of cases.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// What the group holds, e.g. `test · serving` or `fit · h100-sxm-80gb`.
    pub name: String,
    /// Cases in it.
    pub n: usize,
    /// Cases whose published figure lies inside the model's p5-p95 band.
    pub inside: usize,
    /// `inside / n`.
    pub coverage: f64,
    /// Wilson 95% interval on the coverage.
    pub coverage_interval: (f64, f64),
    /// Median of `|ln(p50 / published)|`.
    pub median_abs_log_error: f64,
    /// 90th percentile of `|ln(p50 / published)|`.
    pub p90_abs_log_error: f64,
    /// Median of `p95 / p5`.
    pub median_width: f64,
    /// The cases outside their band.
    pub misses: Vec<String>,
}

/// The Wilson score interval of `k` successes in `n` trials at 95%.
///
/// # Formula
/// `(p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)`, `z` = 1.96 (Wilson 1927).
pub fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (k, n, z) = (k as f64, n as f64, 1.959_964);
    let p = k / n;
    let centre = p + z * z / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z * z / n;
    (((centre - spread) / scale).max(0.0), ((centre + spread) / scale).min(1.0))
}

/// The `q` quantile of `values` (linear interpolation between order statistics; NaN when empty).
fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let at = q * (values.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    values[lo] + (values[hi] - values[lo]) * (at - lo as f64)
}

/// The record of `results` named `name`.
pub fn group(name: String, results: &[&CaseResult]) -> Group {
    let inside = results.iter().filter(|r| r.inside).count();
    let mut errors: Vec<f64> = results.iter().filter_map(|r| r.log_error.map(f64::abs)).collect();
    let mut widths: Vec<f64> = results.iter().filter_map(|r| r.width()).collect();
    Group {
        name,
        n: results.len(),
        inside,
        coverage: if results.is_empty() { f64::NAN } else { inside as f64 / results.len() as f64 },
        coverage_interval: wilson(inside, results.len()),
        median_abs_log_error: quantile(&mut errors, 0.5),
        p90_abs_log_error: quantile(&mut errors, 0.9),
        median_width: quantile(&mut widths, 0.5),
        misses: results.iter().filter(|r| !r.inside).map(|r| r.id.clone()).collect(),
    }
}

/// The accuracy record: every case and the groups over them.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Trials per case.
    pub samples: u64,
    /// Seed.
    pub seed: u64,
    /// Every case, in the file's order.
    pub cases: Vec<CaseResult>,
    /// Fit and test halves, each whole, by kind and by GPU.
    pub groups: Vec<Group>,
}

impl Record {
    /// The group named `name`.
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }
}

/// Runs every case and groups the results.
pub fn record(cases: &[Case], catalog: &Catalog, opts: &SimOptions) -> Record {
    use rayon::prelude::*;
    let results: Vec<CaseResult> = cases.par_iter().map(|c| run_case(c, catalog, opts)).collect();
    let mut groups = Vec::new();
    for split in [Split::Test, Split::Fit] {
        let half: Vec<&CaseResult> = results.iter().filter(|r| r.split == split).collect();
        groups.push(group(split.as_str().to_string(), &half));
        for kind in [CaseKind::Serving, CaseKind::Training] {
            let of: Vec<&CaseResult> = half.iter().copied().filter(|r| r.kind == kind).collect();
            if !of.is_empty() {
                groups.push(group(format!("{} · {}", split.as_str(), kind.as_str()), &of));
            }
        }
        let mut gpus: Vec<&str> = half.iter().map(|r| r.gpu.as_str()).collect();
        gpus.sort_unstable();
        gpus.dedup();
        for gpu in gpus {
            let of: Vec<&CaseResult> = half.iter().copied().filter(|r| r.gpu == gpu).collect();
            groups.push(group(format!("{} · {gpu}", split.as_str()), &of));
        }
    }
    Record { samples: opts.samples, seed: opts.seed, cases: results, groups }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wilson_interval_by_hand() {
        // 9 of 10: p = 0.9, z² = 3.8415; centre 0.9 + 0.19207 = 1.09207; spread 1.96·√(0.009 + 0.0096037)
        // = 0.26733; scale 1.38415: (0.59585, 0.98211).
        let (lo, hi) = wilson(9, 10);
        assert!((lo - 0.5958).abs() < 1e-3 && (hi - 0.9821).abs() < 1e-3, "{lo} {hi}");
        assert_eq!(wilson(0, 0), (0.0, 1.0));
        let (lo, hi) = wilson(10, 10);
        // 10 of 10: (1.19207 − 0.19207) / 1.38415 = 0.72246 and 1.
        assert!((hi - 1.0).abs() < 1e-9 && (lo - 0.7225).abs() < 1e-3, "{lo} {hi}");
    }

    #[test]
    fn a_case_scenario_states_only_what_the_source_gives() {
        let cases = crate::catalog::cases::builtin();
        let catalog = Catalog::builtin().unwrap();
        for c in &cases {
            let s = scenario(c, &[], &catalog).unwrap_or_else(|e| panic!("{}: {e}", c.id));
            assert_eq!(s.providers.len(), 1, "{}", c.id);
        }
        let serving = cases.iter().find(|c| c.kind == CaseKind::Serving).unwrap();
        let text = scenario_text(serving, &[]);
        assert!(text.contains("gpus_per_replica = 2") && text.contains("kv_precision = \"fp8\""), "{text}");
        assert!(!text.contains("mfu") && !text.contains("mbu"), "{text}");
    }
}
