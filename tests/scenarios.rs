use crate::util::{computecost, provider, results_json, scenario};

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
    let v = results_json("fine-tune.toml");
    let akash = provider(&v, "akash");
    assert_eq!(akash["feasible"], false);
    assert!(akash["infeasible_reason"].as_str().unwrap().contains("does not fit"));
    assert!(akash["metrics"].is_null());
    assert_eq!(provider(&v, "aws")["feasible"], true);
}

#[test]
fn a_gpu_without_a_sourced_peak_is_infeasible_not_guessed() {
    let v = results_json("batch-gpu-hours.toml");
    let salad = provider(&v, "salad-3090");
    assert_eq!(salad["feasible"], false);
    assert!(salad["infeasible_reason"].as_str().unwrap().contains("not sourced"));
}

#[test]
fn decentralized_training_takes_longer_than_the_cluster() {
    let v = results_json("fine-tune.toml");
    let hours = |id: &str| provider(&v, id)["metrics"]["wall_clock_hours"]["p50"].as_f64().unwrap();
    assert!(hours("ionet") > hours("aws"));
    assert!(provider(&v, "ionet")["breakdown"]["failures"].as_f64().unwrap() > 0.0);
}

#[test]
fn fhe_costs_orders_of_magnitude_more_and_misses_the_objective() {
    let v = results_json("private-inference.toml");
    let cost = |id: &str| provider(&v, id)["metrics"]["monthly_cost"]["p50"].as_f64().unwrap();
    assert!(cost("fhe") > 1000.0 * cost("plain"));
    assert_eq!(provider(&v, "fhe")["slo_met"], false);
    assert!(cost("tee") > cost("plain"));
    assert!(provider(&v, "tee")["breakdown"]["privacy"].as_f64().unwrap() > 0.0);
}
