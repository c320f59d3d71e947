use crate::util::{assumption, computecost, provider, results_json, results_of, scenario, stats, stdout_of};
use computecost::model::Pricing;
use computecost::sim::Metric;
use predicates::prelude::*;

const METRICS: [Metric; 9] = [
    Metric::MonthlyCost,
    Metric::CostPerUnit,
    Metric::GpuHours,
    Metric::TtftMs,
    Metric::LatencyE2eMs,
    Metric::MarginAfter,
    Metric::MarginImprovementPp,
    Metric::NetSaving,
    Metric::PaybackMonths,
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
    assert_eq!(v.schema_version, computecost::analysis::SCHEMA_VERSION);
    assert_eq!(v.scenario.name, "Support assistant on Llama-3-70B");
    assert_eq!((v.scenario.samples, v.scenario.seed), (10_000, 42));
    assert_eq!(v.comparisons.len(), 55, "every pair of the 11 feasible providers");
    for c in &v.comparisons {
        assert_eq!(c.metric, "monthly_cost");
        assert!((0.0..=1.0).contains(&c.p_a_cheaper) && c.median_ratio > 0.0);
    }
    let aws = provider(&v, "aws");
    assert!(aws.p_slo_met.is_some() && aws.p_margin_improves.is_some());
    for metric in METRICS {
        let s = stats(&v, "aws", metric);
        let q = [s.p5, s.p25, s.p50, s.p75, s.p95];
        assert!(q.windows(2).all(|w| w[0] <= w[1]), "{metric:?}: {q:?}");
        assert!(s.sd >= 0.0, "{metric:?}");
    }
    let cost = stats(&v, "aws", Metric::MonthlyCost);
    assert!(cost.p5 < cost.p95);
    // The mean cost lines add up to the mean monthly cost.
    let sum = aws.breakdown.unwrap().total();
    assert!((sum - cost.mean).abs() < 1e-9 * cost.mean, "{sum} vs {}", cost.mean);
    // A token API has no GPU: no GPU fields, no sizing, no GPU-hours.
    let api = provider(&v, "deepinfra");
    assert_eq!(api.pricing, Pricing::PerToken);
    assert!(api.gpu.is_none() && api.price_per_gpu_hour.is_none() && api.detail.is_none());
    assert!(api.metrics.as_ref().unwrap().get(Metric::GpuHours).is_none());
}

#[test]
fn token_apis_write_no_gpu_fields_into_results_json() {
    // A `null` or a 0 where a GPU figure would be reads as a figure; the fields are absent instead.
    let text = stdout_of(computecost().args(["run", "--point", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let api = v["providers"].as_array().unwrap().iter().find(|p| p["id"] == "deepinfra").unwrap();
    for key in ["gpu", "gpu_name", "gpu_short", "price_per_gpu_hour", "detail"] {
        assert!(api.get(key).is_none(), "token API has `{key}`: {}", api[key]);
    }
    assert_eq!(api["pricing"], "per_token");
}

#[test]
fn a_point_run_has_the_same_shape_with_equal_percentiles() {
    let v = results_of(computecost().args(["run", "--point", "--format", "json"]).arg(scenario("chat-assistant.toml")));
    assert_eq!(v.scenario.samples, 1);
    let aws = provider(&v, "aws");
    assert!(aws.feasible && aws.gpu.as_deref() == Some("h100-sxm-80gb"));
    assert_eq!(aws.kind.as_str(), "centralized");
    for metric in METRICS {
        let s = stats(&v, "aws", metric);
        // A deterministic run: every percentile is the value.
        assert_eq!((s.p5, s.p25, s.p75), (s.p95, s.p50, s.p50), "{metric:?}");
    }
    // The breakdown adds up to the monthly cost.
    let (sum, total) = (aws.breakdown.unwrap().total(), stats(&v, "aws", Metric::MonthlyCost).p50);
    assert!((sum - total).abs() < 1e-6 * total, "{sum} vs {total}");
    assert!(!v.warnings.is_empty());
}

#[test]
fn csv_has_one_row_per_provider_with_percentile_columns() {
    let text = stdout_of(computecost().args(["run", "--format", "csv"]).arg(scenario("chat-assistant.toml")));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "monthly_cost_usd_p50"));
    assert!(headers.iter().any(|h| h == "seed") && headers.iter().any(|h| h == "p_cheapest"));
    assert!(headers.iter().any(|h| h == "ttft_p95_ms_p95"));
    assert_eq!(reader.records().count(), 11);
}

#[test]
fn markdown_is_a_table_a_memo_can_paste() {
    let text = stdout_of(computecost().args(["run", "--format", "md"]).arg(scenario("chat-assistant.toml")));
    assert!(text.starts_with("## Support assistant on Llama-3-70B"));
    assert!(text.lines().any(|l| l.starts_with("|") && l.contains("---")), "no separator row");
    assert!(text.contains("| hyperbolic"));
}

#[test]
fn out_writes_the_four_files_and_they_agree_with_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = stdout_of(
        computecost().args(["run", "--format", "json", "--out"]).arg(dir.path()).arg(scenario("fine-tune.toml")),
    );
    let folder = dir.path().join("fine-tune");
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["breakdown.csv", "focus.csv", "results.json", "summary.csv"]);
    let written = std::fs::read_to_string(folder.join("results.json")).unwrap();
    assert_eq!(written, stdout);
    let breakdown = std::fs::read_to_string(folder.join("breakdown.csv")).unwrap();
    assert!(breakdown.starts_with("id,name,kind,samples,seed,feasible,compute_usd,verification_usd"));
    assert_eq!(breakdown.lines().count(), 6);
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
    let text = std::fs::read_to_string(scenario("chat-assistant.toml"))
        .unwrap()
        .replace("input_tokens = 1000", "input_tokns = 1000");
    std::fs::write(&path, &text).unwrap();
    let line = text[..text.find("input_tokns").unwrap()].matches('\n').count() + 1;
    computecost()
        .arg("run")
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!("bad.toml:{line}:1")))
        .stderr(predicate::str::contains("did you mean `input_tokens`?"));
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
    let tokens = assumption(&v, "workload.input_tokens");
    assert_eq!(tokens.from, "scenario");
    assert!(tokens.location.contains("chat-assistant.toml:"));
    // batch_size = "auto" is not a number: no assumption, and the results say which batch each provider used.
    assert!(v.assumptions.iter().all(|a| a.path != "workload.batch_size"));
    let price = assumption(&v, "providers.aws.price_per_gpu_hour");
    assert_eq!((price.from.as_str(), price.value), ("catalog", 6.88));
    assert_eq!(price.as_of, "2026-08-22");
    assert!(price.source.starts_with("https://"));
    let util = assumption(&v, "providers.ionet.utilization");
    assert_eq!(util.from, "default");
    assert_eq!(util.location, "provider.utilization.serving");
    // Training-only terms are not listed for an inference workload.
    assert!(v.assumptions.iter().all(|x| !x.path.ends_with("checkpoint_write_gbs_per_gpu")));
}

#[test]
fn horizon_totals_follow_horizon_months_and_the_adoption_ramp() {
    // The flagship adopts over 6 months: E(12) = 12 − 6/2 = 9 months of full spend; E(24) = 21. Its
    // net saving over H is G·E(H) − other·H − upfront (docs/MODEL.md, "Horizon totals").
    let at = |months: &str| {
        let set = format!("scenario.horizon_months={months}");
        results_of(computecost().args(["run", "--point", "--format", "json", "--set", &set]))
    };
    let (twelve, two_years) = (at("12"), at("24"));
    for r in [&twelve, &two_years] {
        let months = r.scenario.horizon_months;
        for p in r.providers.iter().filter(|p| p.feasible) {
            // Owned GPUs are bought at the start: paid every month, adoption or not.
            let adopted = if p.kind.as_str() == "owned" { months } else { months - 3.0 };
            let m = p.metrics.as_ref().unwrap();
            let monthly = m.get(Metric::MonthlyCost).unwrap().p50;
            let horizon = m.get(Metric::HorizonCost).unwrap().p50;
            assert!(
                (horizon - monthly * adopted).abs() < 1e-6 * horizon,
                "{}: {horizon} vs {monthly} × {adopted}",
                p.id
            );
        }
    }
    // Owned: savings ramp (9 months' worth in 12) but the GPUs are paid all 12 months, so with no other AI
    // costs N = G·9 − C·12 − 150,000 = net·9 − 3·C − 150,000.
    let (c, g) =
        (stats(&twelve, "own-h100", Metric::MonthlyCost).p50, stats(&twelve, "own-h100", Metric::NetSaving).p50);
    let owned_net = stats(&twelve, "own-h100", Metric::HorizonNetSaving).p50;
    assert!((owned_net - (9.0 * g - 3.0 * c - 150_000.0)).abs() < 1e-6 * owned_net.abs(), "{owned_net}");
    let net = |r: &computecost::analysis::Results| stats(r, "aws", Metric::HorizonNetSaving).p50;
    let monthly_net = stats(&twelve, "aws", Metric::NetSaving).p50;
    // Twelve more months at full adoption add twelve months of net saving.
    assert!((net(&two_years) - net(&twelve) - 12.0 * monthly_net).abs() < 1e-6 * net(&two_years));
    // Without a business section the horizon cost is the monthly cost times the months; a training run priced
    // per run has no horizon.
    let batch =
        results_of(computecost().args(["run", "--point", "--format", "json"]).arg(scenario("batch-gpu-hours.toml")));
    let p = &batch.providers[0];
    let m = p.metrics.as_ref().unwrap();
    let ratio = m.get(Metric::HorizonCost).unwrap().p50 / m.get(Metric::MonthlyCost).unwrap().p50;
    assert!((ratio - batch.scenario.horizon_months).abs() < 1e-9);
    assert!(m.get(Metric::HorizonNetSaving).is_none());
    // A one-year reservation is paid for its whole term: over 6 months it costs 12 months, where the same
    // GPUs on demand cost 6 (docs/MODEL.md, "Horizon totals").
    let half = results_of(
        computecost()
            .args(["run", "--point", "--format", "json", "--set", "scenario.horizon_months=6"])
            .arg(scenario("batch-gpu-hours.toml")),
    );
    let months_paid = |id: &str| {
        let m = provider(&half, id).metrics.as_ref().unwrap();
        m.get(Metric::HorizonCost).unwrap().p50 / m.get(Metric::MonthlyCost).unwrap().p50
    };
    assert!((months_paid("aws-a100-reserved") - 12.0).abs() < 1e-9, "{}", months_paid("aws-a100-reserved"));
    assert!((months_paid("aws-a100") - 6.0).abs() < 1e-9);
    let run = results_of(computecost().args(["run", "--point", "--format", "json"]).arg(scenario("fine-tune.toml")));
    assert!(
        run.scenario.per_run
            && run.providers.iter().all(|p| p.metrics.as_ref().is_none_or(|m| m.get(Metric::HorizonCost).is_none()))
    );
}
