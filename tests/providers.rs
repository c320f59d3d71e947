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
        .stderr(predicate::str::starts_with("error: --kind, --pricing and --region filter offers only"));
}

#[test]
fn filters_by_pricing_region_and_model_and_names_gpus() {
    let all = offers_json(&[]);
    let spot = offers_json(&["--pricing", "spot"]);
    assert!(!spot.is_empty() && spot.len() < all.len());
    assert!(spot.iter().all(|o| o["pricing_model"] == "spot"));
    let reserved = offers_json(&["--pricing", "reserved"]);
    assert!(
        !reserved.is_empty() && reserved.iter().all(|o| o["pricing_model"].as_str().unwrap().starts_with("reserved"))
    );
    let east = offers_json(&["--region", "US-EAST"]);
    assert!(!east.is_empty() && east.iter().all(|o| o["region"].as_str().unwrap().to_lowercase().contains("us-east")));
    let tokens = offers_json(&["--list", "tokens", "--model", "llama-3.1-405b"]);
    assert!(!tokens.is_empty() && tokens.iter().all(|o| o["catalog_model"] == "llama-3.1-405b"));
    // Each filter refuses the tables it cannot filter, saying which it filters.
    computecost()
        .args(["providers", "--model", "llama-3-70b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--model filters token APIs"));
    computecost()
        .args(["providers", "--list", "tokens", "--region", "eu"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--pricing and --region filter GPU offers"));
    // The table names GPUs; CSV and JSON keep the ids a scenario uses.
    let table = stdout_of(computecost().args(["providers", "--gpu", "h100-sxm"]));
    assert!(table.contains("H100 SXM5 80GB"), "{table}");
}
