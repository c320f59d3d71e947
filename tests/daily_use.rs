//! Daily use: `explain`, user catalogs, stale-figure warnings, `init` and shell completions.

use crate::util::{computecost, provider, scenario, stdout_of};
use std::path::PathBuf;

/// Every shipped example scenario.
fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(scenario(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

fn json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).expect("JSON output")
}

#[test]
fn explain_cost_lines_add_up_to_what_run_prints_for_every_provider() {
    for path in examples() {
        let run = json(computecost().args(["run", "--point", "--format", "json"]).arg(&path));
        for p in run["providers"].as_array().unwrap() {
            let id = p["id"].as_str().unwrap();
            let e = json(computecost().args(["explain", "--format", "json", "--provider", id]).arg(&path));
            if p["feasible"] == true {
                let lines: f64 = e["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["section"] == "cost")
                    .map(|s| s["value"].as_f64().unwrap())
                    .sum();
                let monthly = p["metrics"]["monthly_cost"]["p50"].as_f64().unwrap();
                assert!(
                    (lines - monthly).abs() <= 1e-9 * monthly,
                    "{} {id}: explain lines {lines} vs run {monthly}",
                    path.display()
                );
            } else {
                assert_eq!(e["infeasible"], p["infeasible_reason"], "{} {id}", path.display());
            }
        }
    }
}

#[test]
fn explain_under_uncertainty_says_it_is_the_median_trial_and_names_origins() {
    let text = stdout_of(computecost().args(["explain", "--provider", "aws"]));
    assert!(text.contains("median trial"), "{text}");
    // A scenario line, a catalog offer with its date, and a documented default with its anchor.
    assert!(text.contains("from scenario scenarios/chat-assistant.toml:25:22"), "{text}");
    assert!(text.contains("from catalog offer aws-p5-h100-od-2026, price_per_gpu_hour_usd"), "{text}");
    assert!(text.contains("(as of 2026-01-21)"), "{text}");
    assert!(text.contains("`provider.utilization.serving` (docs/MODEL.md#defaults)"), "{text}");
    assert!(text.contains("t_pf"));
}

#[test]
fn explain_shows_a_set_override_as_the_origin() {
    let e = json(computecost().args([
        "explain",
        "--provider",
        "aws",
        "--format",
        "json",
        "--set",
        "providers.aws.price_per_gpu_hour=5",
    ]));
    let price = e["inputs"].as_array().unwrap().iter().find(|r| r["symbol"] == "price").unwrap();
    assert_eq!(price["from"], "override");
    assert_eq!(price["value"], 5.0);
}

#[test]
fn explain_md_is_a_quotable_block_and_unknown_providers_are_refused() {
    let md =
        stdout_of(computecost().args(["explain", "--provider", "vast", "--format", "md", "--metric", "monthly_cost"]));
    assert!(md.starts_with("## How the Vast.ai"), "{md}");
    assert!(md.contains("| `compute` |") && !md.contains("TTFT_95"), "{md}");
    let out = computecost().args(["explain", "--provider", "vastt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `vast`?"), "{err}");
}

#[test]
fn the_memo_appendix_explains_the_headline_providers() {
    let dir = tempfile::tempdir().unwrap();
    computecost().args(["report", "--samples", "300", "-q", "--out"]).arg(dir.path()).assert().success();
    let memo = std::fs::read_to_string(dir.path().join("chat-assistant/memo.md")).unwrap();
    let appendix = &memo[memo.find("## Appendix: how the headline figures are computed").expect("appendix")..];
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("chat-assistant/results.json")).unwrap()).unwrap();
    for id in ["vast", "lambda"] {
        let name = provider(&results, id)["name"].as_str().unwrap().to_string();
        assert!(appendix.contains(&format!("### How the {name} figure is computed")), "{id}");
    }
}
