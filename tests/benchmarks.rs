//! The serving model against published benchmarks (benchmarks/cases.toml): every `test` case lies inside the
//! p5-p95 band of output tokens/s per GPU of the scenario that reproduces it.

use crate::util::{computecost, results_of, stats};
use computecost::sim::Metric;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    file: String,
    role: String,
    published: f64,
    unit: String,
    gpus: u32,
    regime: String,
    source: String,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benchmarks")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(dir().join("cases.toml")).unwrap();
    toml::from_str::<Cases>(&text).unwrap().case
}

/// The p5, p50 and p95 of output tokens/s per GPU for the one provider of a benchmark scenario.
fn band(file: &str) -> (f64, f64, f64) {
    let results = results_of(
        computecost().args(["run", "--format", "json", "--samples", "4000", "--seed", "7"]).arg(dir().join(file)),
    );
    let id = &results.providers[0].id;
    let s = stats(&results, id, Metric::OutputTokensPerSPerGpu);
    (s.p5, s.p50, s.p95)
}

#[test]
fn every_case_says_what_it_measured_and_where() {
    let cases = cases();
    assert_eq!(cases.iter().filter(|c| c.role == "test").count(), 3, "three benchmark tests");
    for c in &cases {
        assert!(dir().join(&c.file).is_file(), "{} missing", c.file);
        assert!(c.unit.contains("per system of") && c.gpus >= 1 && c.published > 0.0, "{c:?}");
        assert!(!c.regime.is_empty() && c.source.contains("perf-overview"), "{c:?}");
        assert!(matches!(c.role.as_str(), "test" | "calibration"), "{c:?}");
    }
}

#[test]
fn published_throughput_lies_inside_the_p5_p95_band() {
    let mut misses = Vec::new();
    for c in cases().iter().filter(|c| c.role == "test") {
        let per_gpu = c.published / f64::from(c.gpus);
        let (p5, p50, p95) = band(&c.file);
        eprintln!("{}: published {per_gpu:.0} tok/s/GPU; model p5 {p5:.0}, p50 {p50:.0}, p95 {p95:.0}", c.file);
        if !(p5..=p95).contains(&per_gpu) {
            misses.push(format!("{}: {per_gpu:.0} outside {p5:.0}-{p95:.0}", c.file));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}
