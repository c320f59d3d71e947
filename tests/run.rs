use crate::util::{computecost, provider, results_json, scenario, stdout_of};
use predicates::prelude::*;

const METRIC_KEYS: [&str; 9] = [
    "monthly_cost",
    "cost_per_unit",
    "gpu_hours",
    "ttft_ms",
    "latency_e2e_ms",
    "margin_after",
    "margin_improvement_pp",
    "net_saving",
    "payback_months",
];

#[test]
fn no_arguments_runs_the_flagship() {
    let text = stdout_of(&mut computecost());
    assert!(text.starts_with("Support assistant on Llama-3-70B"), "{text}");
    for id in ["aws", "gcp", "lambda", "coreweave", "ionet", "akash", "hyperbolic", "vast"] {
        assert!(text.contains(&format!(" {id} ")), "missing {id}");
    }
    assert!(text.contains("◀ cheapest"));
    assert!(text.contains("Thin evidence"));
}

#[test]
fn table_flags_kinds_cheapest_and_slo_misses() {
    let text = stdout_of(computecost().arg("run").arg(scenario("verifiable-inference.toml")));
    let cheapest = text.lines().find(|l| l.contains("◀ cheapest")).unwrap();
    assert!(cheapest.contains("decentralized"));
    // In a simulation the SLO column is the share of trials meeting the objectives.
    let zk = text.lines().find(|l| l.trim_start().starts_with("zk-sync")).unwrap();
    assert!(zk.trim_end().ends_with("0%"), "{zk}");
    assert!(text.contains("Latency objectives met in fewer than 95% of trials by: zk-sync (0%)."), "{text}");
    // A point estimate says MISSED.
    let point = stdout_of(computecost().args(["run", "--point"]).arg(scenario("verifiable-inference.toml")));
    let zk = point.lines().find(|l| l.trim_start().starts_with("zk-sync")).unwrap();
    assert!(zk.contains("MISSED"), "{zk}");
}

#[test]
fn json_has_the_documented_shape() {
    let v = results_json("chat-assistant.toml");
    assert_eq!(v["scenario"]["name"], "Support assistant on Llama-3-70B");
    assert_eq!((v["scenario"]["samples"].as_u64(), v["scenario"]["seed"].as_u64()), (Some(10_000), Some(42)));
    let comparisons = v["comparisons"].as_array().unwrap();
    assert_eq!(comparisons.len(), 45, "every pair of the 10 feasible providers");
    for c in comparisons {
        assert_eq!(c["metric"], "monthly_cost");
        let p = c["p_a_cheaper"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p) && c["median_ratio"].as_f64().unwrap() > 0.0);
    }
    let aws = provider(&v, "aws");
    for key in ["p_feasible", "p_slo_met", "p_margin_improves", "p_cheapest"] {
        assert!(aws[key].is_number(), "{key}");
    }
    for key in METRIC_KEYS {
        let s = &aws["metrics"][key];
        let q: Vec<f64> = ["p5", "p25", "p50", "p75", "p95"].iter().map(|k| s[*k].as_f64().unwrap()).collect();
        assert!(q.windows(2).all(|w| w[0] <= w[1]), "{key}: {q:?}");
        assert!(s["mean"].is_number() && s["sd"].as_f64().unwrap() >= 0.0, "{key}");
    }
    assert!(aws["metrics"]["monthly_cost"]["p5"].as_f64() < aws["metrics"]["monthly_cost"]["p95"].as_f64());
    // The mean cost lines add up to the mean monthly cost.
    let sum: f64 = aws["breakdown"].as_object().unwrap().values().map(|x| x.as_f64().unwrap()).sum();
    let mean = aws["metrics"]["monthly_cost"]["mean"].as_f64().unwrap();
    assert!((sum - mean).abs() < 1e-9 * mean, "{sum} vs {mean}");
}

#[test]
fn a_point_run_has_the_same_shape_with_equal_percentiles() {
    let text =
        stdout_of(computecost().args(["run", "--point", "--format", "json"]).arg(scenario("chat-assistant.toml")));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["scenario"]["samples"], 1);
    assert!(v["comparisons"].as_array().is_some());
    let aws = provider(&v, "aws");
    for key in ["id", "name", "kind", "gpu", "feasible", "infeasible_reason", "metrics", "breakdown"] {
        assert!(aws.get(key).is_some(), "provider has no {key}");
    }
    assert_eq!(aws["kind"], "centralized");
    assert_eq!(aws["feasible"], true);
    for key in METRIC_KEYS {
        let stats = &aws["metrics"][key];
        for stat in ["mean", "p5", "p25", "p50", "p75", "p95"] {
            assert!(stats[stat].is_number(), "{key}.{stat} = {}", stats[stat]);
        }
        // A deterministic run: every percentile is the value.
        assert_eq!(stats["p5"], stats["p95"], "{key}");
    }
    for line in ["compute", "verification", "privacy", "failures", "egress", "storage", "fees"] {
        assert!(aws["breakdown"][line].is_number(), "breakdown.{line}");
    }
    // The breakdown adds up to the monthly cost.
    let sum: f64 = aws["breakdown"].as_object().unwrap().values().map(|x| x.as_f64().unwrap()).sum();
    let total = aws["metrics"]["monthly_cost"]["p50"].as_f64().unwrap();
    assert!((sum - total).abs() < 1e-6 * total, "{sum} vs {total}");
    assert!(!v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn csv_has_one_row_per_provider_with_percentile_columns() {
    let text = stdout_of(computecost().args(["run", "--format", "csv"]).arg(scenario("chat-assistant.toml")));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "monthly_cost_usd_p50"));
    assert!(headers.iter().any(|h| h == "seed") && headers.iter().any(|h| h == "p_cheapest"));
    assert!(headers.iter().any(|h| h == "ttft_p95_ms_p95"));
    assert_eq!(reader.records().count(), 10);
}

#[test]
fn markdown_is_a_table_a_memo_can_paste() {
    let text = stdout_of(computecost().args(["run", "--format", "md"]).arg(scenario("chat-assistant.toml")));
    assert!(text.starts_with("## Support assistant on Llama-3-70B"));
    assert!(text.lines().any(|l| l.starts_with("|") && l.contains("---")), "no separator row");
    assert!(text.contains("| hyperbolic"));
}

#[test]
fn out_writes_the_three_files_and_they_agree_with_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = stdout_of(
        computecost().args(["run", "--format", "json", "--out"]).arg(dir.path()).arg(scenario("fine-tune.toml")),
    );
    let folder = dir.path().join("fine-tune");
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["breakdown.csv", "results.json", "summary.csv"]);
    let written = std::fs::read_to_string(folder.join("results.json")).unwrap();
    assert_eq!(written, stdout);
    let breakdown = std::fs::read_to_string(folder.join("breakdown.csv")).unwrap();
    assert!(breakdown.starts_with("id,name,kind,samples,seed,feasible,compute_usd,verification_usd"));
    assert_eq!(breakdown.lines().count(), 7);
}

#[test]
fn running_twice_gives_identical_output() {
    let run = || stdout_of(computecost().args(["run", "--format", "json"]).arg(scenario("chat-assistant.toml")));
    assert_eq!(run(), run());
}

#[test]
fn a_missing_file_is_an_io_failure_and_exits_1() {
    computecost()
        .args(["run", "no/such/file.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read scenario no/such/file.toml"));
}

#[test]
fn a_bad_scenario_exits_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let text =
        std::fs::read_to_string(scenario("chat-assistant.toml")).unwrap().replace("batch_size = 64", "batch_sise = 64");
    std::fs::write(&path, &text).unwrap();
    let line = text[..text.find("batch_sise").unwrap()].matches('\n').count() + 1;
    computecost()
        .arg("run")
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!("bad.toml:{line}:1")))
        .stderr(predicate::str::contains("did you mean `batch_size`?"));
}

#[test]
fn a_bad_scenario_writes_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[scenario]\nname = 1\n").unwrap();
    computecost().args(["run", "--out"]).arg(dir.path().join("out")).arg(&path).assert().code(2);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    computecost().args(["run", "--format", "xml"]).assert().code(2);
    computecost().arg("--help").assert().code(0).stdout(predicate::str::contains("Exit codes"));
    computecost().args(["run", "--help"]).assert().code(0).stdout(predicate::str::contains("Examples:"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_computecost"))
        .args(["providers"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
}

#[test]
fn json_traces_every_input_to_its_origin() {
    let v = results_json("chat-assistant.toml");
    let a = v["assumptions"].as_array().unwrap();
    let find = |path: &str| a.iter().find(|x| x["path"] == path).unwrap_or_else(|| panic!("no {path}"));
    let batch = find("workload.batch_size");
    assert_eq!(batch["from"], "scenario");
    assert!(batch["where"].as_str().unwrap().contains("chat-assistant.toml:"));
    let price = find("providers.aws.price_per_gpu_hour");
    assert_eq!((price["from"].as_str(), price["value"].as_f64()), (Some("catalog"), Some(6.88)));
    assert_eq!(price["as_of"], "2026-01-21");
    assert!(price["source"].as_str().unwrap().starts_with("https://"));
    let util = find("providers.ionet.utilization");
    assert_eq!(util["from"], "default");
    assert_eq!(util["where"], "provider.utilization.serving");
    // Training-only terms are not listed for an inference workload.
    assert!(a.iter().all(|x| !x["path"].as_str().unwrap().ends_with("checkpoint_write_gbs_per_gpu")));
}
