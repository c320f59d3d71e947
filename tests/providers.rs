use crate::util::{computecost, stdout_of};
use predicates::prelude::*;

fn offers_json(args: &[&str]) -> Vec<serde_json::Value> {
    let text = stdout_of(computecost().arg("providers").args(args).args(["--format", "json"]));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn lists_every_offer_with_source_and_date() {
    let text = stdout_of(computecost().arg("providers"));
    let header = text.lines().nth(1).unwrap();
    for col in ["id", "provider", "kind", "gpu", "$/GPU-h", "as_of", "source"] {
        assert!(header.contains(col), "missing column {col}");
    }
    let all = offers_json(&[]);
    assert!(all.len() >= 12);
    assert!(all.iter().all(|o| o["source"].as_str().is_some_and(|s| !s.is_empty())));
    assert!(all.iter().all(|o| o["as_of"].as_str().is_some_and(|s| s.len() == 10)));
}

#[test]
fn filters_by_gpu_and_kind() {
    let h100 = offers_json(&["--gpu", "h100"]);
    assert!(!h100.is_empty());
    assert!(h100.iter().all(|o| o["gpu"].as_str().unwrap().contains("h100")));
    let dec = offers_json(&["--kind", "decentralized"]);
    assert!(!dec.is_empty());
    assert!(dec.iter().all(|o| o["kind"] == "decentralized"));
    let both = offers_json(&["--gpu", "h100", "--kind", "decentralized"]);
    assert!(both.len() < h100.len() && both.len() <= dec.len());
    assert!(both.iter().any(|o| o["provider"] == "io.net"));
}

#[test]
fn lists_gpus_and_models_as_csv() {
    let gpus = stdout_of(computecost().args(["providers", "--list", "gpus", "--format", "csv"]));
    assert!(gpus.starts_with("id,name,vendor,memory_gb"));
    assert!(gpus.contains("\nmi300x,"));
    let models = stdout_of(computecost().args(["providers", "--list", "models", "--format", "csv"]));
    assert!(models.contains("\nllama-3.1-405b,"));
}

#[test]
fn kind_filter_on_models_is_a_usage_error() {
    computecost()
        .args(["providers", "--list", "models", "--kind", "centralized"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: --kind filters offers only"));
}
