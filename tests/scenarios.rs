use crate::util::{computecost, provider, results_json, scenario, stats};
use computecost::sim::Metric;

#[test]
fn every_shipped_scenario_runs_in_every_format() {
    let dir = std::fs::read_dir(scenario("")).unwrap();
    let mut count = 0;
    for entry in dir {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        count += 1;
        for format in ["table", "csv", "json", "md"] {
            computecost().args(["run", "--format", format]).arg(&path).assert().success();
        }
    }
    assert!(count >= 4, "only {count} scenarios");
}

#[test]
fn an_infeasible_provider_is_a_result_with_its_reason() {
    // A full fine-tune of the 70B model: 8 H100s cannot hold it, the RTX 4090 fleets train QLoRA.
    let v = crate::util::results_of(
        computecost()
            .args(["run", "--format", "json", "--set", "workload.method=\"full\""])
            .arg(scenario("fine-tune.toml")),
    );
    let aws = provider(&v, "aws");
    assert!(!aws.feasible);
    assert!(aws.infeasible_reason.as_deref().unwrap().contains("does not fit"));
    assert!(aws.infeasible_reason.as_deref().unwrap().contains("LoRA would fit"));
    assert!(aws.metrics.is_none());
    assert!(provider(&v, "akash-4090-diloco").feasible);
}

#[test]
fn a_gpu_without_a_sourced_peak_is_infeasible_not_guessed() {
    let v = results_json("batch-gpu-hours.toml");
    let rtx3090 = provider(&v, "runpod-3090");
    assert!(!rtx3090.feasible);
    assert!(rtx3090.infeasible_reason.as_deref().unwrap().contains("not sourced"));
}

#[test]
fn decentralized_training_takes_longer_than_the_cluster() {
    let v = results_json("fine-tune.toml");
    let hours = |id: &str| stats(&v, id, Metric::WallClockHours).p50;
    assert!(hours("akash-4090") > hours("aws"));
    assert!(hours("akash-4090-diloco") > hours("aws"));
    assert!(provider(&v, "akash-4090").breakdown.unwrap().failures > 0.0);
}

#[test]
fn fhe_costs_orders_of_magnitude_more_and_misses_the_objective() {
    let v = results_json("private-inference.toml");
    let cost = |id: &str| stats(&v, id, Metric::MonthlyCost).p50;
    assert!(cost("fhe") > 1000.0 * cost("plain"));
    assert_eq!(provider(&v, "fhe").slo_met, Some(false));
    assert!(cost("tee") > cost("plain"));
    assert!(provider(&v, "tee").breakdown.unwrap().privacy > 0.0);
}
