//! Loading scenarios: what resolves, and what each mistake reports, with its line and column.

use super::*;
use crate::base::diagnostic::Source;
use crate::model::{Privacy, Verification, WorkloadInputs};

const MINIMAL: &str = r#"
[scenario]
name = "t"

[workload]
kind = "inference"
model = "llama-3-8b"
requests_per_month = 1000000
input_tokens = 500
output_tokens = 100
batch_size = 16

[[providers]]
id = "aws"
offer = "aws-p5-h100-od-2026"
"#;

fn load(text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let catalog = Catalog::builtin().unwrap();
    match parse(&Source::new("t.toml", text), "t", &catalog) {
        Ok(s) => Ok(s),
        Err(ScenarioError::Invalid(d)) => Err(d),
        Err(e) => panic!("unexpected error {e}"),
    }
}

/// The single diagnostic of `text`, which must fail.
fn one_error(text: &str) -> Diagnostic {
    let mut d = load(text).expect_err("should fail");
    assert_eq!(d.len(), 1, "{d:#?}");
    d.remove(0)
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn minimal_scenario_resolves_with_catalog_and_defaults() {
    let s = load(MINIMAL).unwrap();
    let p = &s.providers[0];
    assert_eq!(p.gpu.as_ref().unwrap().id, "h100-sxm-80gb");
    assert_eq!(p.inputs.gpu().unwrap().price_per_gpu_hour.value, 6.88);
    assert!(
        matches!(&p.inputs.gpu().unwrap().price_per_gpu_hour.origin, Origin::Catalog { offer, .. } if offer == "aws-p5-h100-od-2026")
    );
    assert_eq!(p.inputs.gpu().unwrap().utilization.value, 0.88);
    assert!(
        matches!(&p.inputs.gpu().unwrap().utilization.origin, Origin::Default { key } if key == "provider.utilization.serving")
    );
    let WorkloadInputs::Inference(w) = &s.workload_inputs else { panic!() };
    assert_eq!(
        w.batch_size.as_ref().unwrap().origin,
        Origin::Scenario { line: line_of(MINIMAL, "batch_size"), column: 14 }
    );
    assert_eq!(s.meta.currency, "USD");
    assert_eq!(s.meta.horizon_months, 12.0);
}

#[test]
fn inline_fields_override_the_offer() {
    let text = format!("{MINIMAL}price_per_gpu_hour = 3.5\nutilization = 0.8\n");
    let s = load(&text).unwrap();
    assert_eq!(s.providers[0].inputs.gpu().unwrap().price_per_gpu_hour.value, 3.5);
    assert_eq!(s.providers[0].inputs.gpu().unwrap().utilization.value, 0.8);
}

#[test]
fn unknown_key_points_at_it_and_suggests_the_field() {
    let text = MINIMAL.replace("batch_size = 16", "batch_sise = 16");
    let d = one_error(&text);
    assert_eq!((d.line, d.column), (line_of(&text, "batch_sise"), 1));
    assert!(d.message.contains("unknown field `batch_sise`"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `batch_size`?"));
}

#[test]
fn unknown_provider_key_is_located_in_the_array_of_tables() {
    let text = format!("{MINIMAL}utilisation = 0.5\n");
    let d = one_error(&text);
    assert_eq!(d.line, line_of(&text, "utilisation"));
    assert_eq!(d.help.as_deref(), Some("did you mean `utilization`?"));
}

#[test]
fn broken_toml_reports_line_and_column() {
    let text = MINIMAL.replace("input_tokens = 500", "input_tokens = = 500");
    let d = one_error(&text);
    assert_eq!(d.line, line_of(&text, "input_tokens"));
    assert!(d.column > 1);
}

#[test]
fn wrong_type_is_refused() {
    let text = MINIMAL.replace("input_tokens = 500", "input_tokens = \"many\"");
    let d = one_error(&text);
    assert_eq!(d.line, line_of(&text, "input_tokens"));
    assert!(d.message.contains("number"), "{}", d.message);
}

#[test]
fn fraction_out_of_range_says_how_to_write_it() {
    let text = format!("{MINIMAL}utilization = 50\n");
    let d = one_error(&text);
    assert_eq!((d.line, d.column), (line_of(&text, "utilization = 50"), 15));
    assert!(d.message.contains("`utilization` must be a fraction"), "{}", d.message);
    assert!(d.help.unwrap().contains("0.50"));
}

#[test]
fn unknown_model_gpu_and_offer_suggest_the_nearest() {
    let d = one_error(&MINIMAL.replace("llama-3-8b", "llama3-8b"));
    assert_eq!(d.message, "unknown model `llama3-8b`");
    assert!(d.help.unwrap().contains("llama-3-8b"));
    let d = one_error(&MINIMAL.replace("aws-p5-h100-od-2026", "aws-p5-h100-od-2025"));
    assert!(d.message.contains("unknown offer"));
    assert!(d.help.unwrap().contains("aws-p5-h100-od-2026"));
    let text = MINIMAL
        .replace("offer = \"aws-p5-h100-od-2026\"", "kind = \"centralized\"\ngpu = \"h100\"\nprice_per_gpu_hour = 2");
    let d = one_error(&text);
    assert_eq!(d.message, "unknown GPU `h100`");
}

#[test]
fn missing_required_field_names_it() {
    let d = one_error(&MINIMAL.replace("output_tokens = 100\n", ""));
    assert_eq!(d.message, "missing field `output_tokens` in [workload]");
    assert_eq!(d.line, line_of(MINIMAL, "kind = \"inference\""));
}

#[test]
fn field_of_another_workload_kind_is_refused() {
    let text = MINIMAL.replace("batch_size = 16", "batch_size = 16\ntraining_tokens = 1e9");
    let d = one_error(&text);
    assert_eq!(d.message, "`training_tokens` does not apply to a inference workload");
}

#[test]
fn duplicate_provider_ids_point_at_the_second() {
    let text = format!("{MINIMAL}\n[[providers]]\nid = \"aws\"\noffer = \"lambda-h100-sxm-8x-od-2026\"\n");
    let d = one_error(&text);
    assert_eq!(d.message, "duplicate provider id `aws`");
    assert_eq!(d.line, text.lines().count() - 1);
}

#[test]
fn no_providers_is_an_error() {
    let text = MINIMAL.split("[[providers]]").next().unwrap();
    assert_eq!(one_error(text).message, "the scenario has no `[[providers]]`");
}

#[test]
fn several_problems_are_all_reported() {
    let text =
        MINIMAL.replace("batch_size = 16", "batch_size = 0").replace("output_tokens = 100", "output_tokens = -1");
    assert_eq!(load(&text).unwrap_err().len(), 2);
}

#[test]
fn nan_and_infinity_are_refused() {
    let d = one_error(&MINIMAL.replace("input_tokens = 500", "input_tokens = nan"));
    assert!(d.message.contains("finite"), "{}", d.message);
    let d = one_error(&MINIMAL.replace("input_tokens = 500", "input_tokens = inf"));
    assert!(d.message.contains("finite"), "{}", d.message);
}

#[test]
fn other_currency_needs_a_rate_and_converts_catalog_prices() {
    let d = one_error(&MINIMAL.replace("name = \"t\"", "name = \"t\"\ncurrency = \"EUR\""));
    assert!(d.message.contains("usd_to_currency"));
    let s = load(&MINIMAL.replace("name = \"t\"", "name = \"t\"\ncurrency = \"EUR\"\nusd_to_currency = 0.5")).unwrap();
    assert_eq!(s.providers[0].inputs.gpu().unwrap().price_per_gpu_hour.value, 3.44);
}

#[test]
fn verification_and_privacy_take_their_defaults() {
    let text = format!("{MINIMAL}verification = {{ kind = \"replication\" }}\nprivacy = {{ kind = \"tee\" }}\n");
    let s = load(&text).unwrap();
    assert!(
        matches!(&s.providers[0].inputs.gpu().unwrap().verification, Verification::Replication { factor } if factor.value == 2.0)
    );
    // The TEE default is pert(0.01, 0.04, 0.08): its median 0.0413 is the point value, the prior comes along.
    assert!(matches!(&s.providers[0].inputs.gpu().unwrap().privacy,
        Privacy::Tee { overhead } if overhead.value == 0.0413 && overhead.dist.is_some()));
}

#[test]
fn spot_check_needs_a_rate_and_parameters_must_fit_the_mode() {
    let d = one_error(&format!("{MINIMAL}verification = {{ kind = \"spot_check\" }}\n"));
    assert!(d.message.contains("missing field `rate`"));
    assert!(d.help.unwrap().contains("sampling rate"));
    let d = one_error(&format!("{MINIMAL}verification = {{ kind = \"replication\", rate = 0.1 }}\n"));
    assert_eq!(d.message, "`rate` does not apply to verification kind `replication`");
}

#[test]
fn offer_for_another_gpu_needs_an_explicit_price() {
    let d = one_error(&format!("{MINIMAL}gpu = \"a100-sxm-80gb\"\n"));
    assert!(d.message.contains("prices GPU `h100-sxm-80gb`"), "{}", d.message);
}

#[test]
fn thin_defaults_become_warnings_naming_their_users() {
    let s = load(MINIMAL).unwrap();
    let thin: Vec<&Warning> =
        s.warnings.iter().filter(|w| w.code == crate::base::warning::WarningKind::ThinDefault).collect();
    assert!(thin.iter().any(|w| w.message.contains("provider.utilization.serving") && w.message.contains("aws")));
    // Training-only defaults are not reported for an inference workload.
    assert!(!thin.iter().any(|w| w.message.contains("checkpoint_write")));
    assert!(thin.iter().all(|w| !w.detail.is_empty()));
}

#[test]
fn every_example_scenario_and_the_flagship_load() {
    let catalog = Catalog::builtin().unwrap();
    flagship(&catalog).unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        load_file(&path, &catalog);
    }
}

fn load_file(path: &std::path::Path, catalog: &Catalog) {
    if let Err(e) = super::load(path, catalog) {
        panic!("{}: {e}", path.display());
    }
}

#[test]
fn tee_default_depends_on_the_training_gpu_count() {
    let training = |gpus: u32| {
        format!(
            "[scenario]\nname = \"t\"\n[workload]\nkind = \"training\"\nmodel = \"llama-3-8b\"\n\
             training_tokens = 1e9\ngpus = {gpus}\n[[providers]]\nid = \"a\"\noffer = \"aws-p5-h100-od-2026\"\n\
             privacy = {{ kind = \"tee\" }}\n"
        )
    };
    let overhead = |gpus| match &load(&training(gpus)).unwrap().providers[0].inputs.gpu().unwrap().privacy {
        Privacy::Tee { overhead } => overhead.value,
        other => panic!("{other:?}"),
    };
    assert_eq!(overhead(1), 0.25);
    assert_eq!(overhead(8), 9.08);
}

#[test]
fn a_distribution_resolves_to_its_median_and_keeps_its_spread() {
    let text = MINIMAL
        .replace("requests_per_month = 1000000", "requests_per_month = { dist = \"uniform\", low = 1e6, high = 3e6 }");
    let s = load(&text).unwrap();
    let WorkloadInputs::Inference(w) = &s.workload_inputs else { panic!() };
    assert_eq!(w.requests_per_month.value, 2e6);
    assert_eq!(w.requests_per_month.dist.as_ref().unwrap().to_string(), "uniform(1,000,000, 3,000,000)");
}

#[test]
fn an_error_inside_a_distribution_table_names_its_line() {
    let text = r#"
[scenario]
name = "t"

[workload]
kind = "inference"
model = "llama-3-8b"
input_tokens = 500
output_tokens = 100
batch_size = 16

[workload.requests_per_month]
dist = "lognormal"
p5 = 3e6
p95 = 1e6

[[providers]]
id = "aws"
offer = "aws-p5-h100-od-2026"
"#;
    let d = one_error(text);
    assert_eq!((d.line, d.column), (line_of(text, "p95 = 1e6"), 1), "{d}");
    assert!(d.message.contains("`p95` (1000000) must be above `p5` (3000000)"), "{}", d.message);
    assert_eq!(d.line_text, "p95 = 1e6");
}

#[test]
fn distribution_mistakes_are_named_precisely() {
    let with = |q: &str| MINIMAL.replace("batch_size = 16", &format!("batch_size = {q}"));
    let d = one_error(&with("{ dist = \"unifrom\", low = 8, high = 32 }"));
    assert!(d.message.contains("unknown distribution `unifrom` (did you mean `uniform`?)"), "{}", d.message);
    assert_eq!(d.column, with("").lines().find(|l| l.starts_with("batch_size")).unwrap().len() + 10);
    let d = one_error(&with("{ dist = \"uniform\", low = 8, mode = 16, high = 32 }"));
    assert!(d.message.contains("`mode` is not a parameter of `uniform`; it takes low, high"), "{}", d.message);
    let d = one_error(&with("{ dist = \"triangular\", low = 8, high = 32 }"));
    assert!(d.message.contains("`triangular` needs `low`, `mode`, `high`"), "{}", d.message);
    let d = one_error(&with("{ low = 8, high = 32 }"));
    assert!(d.message.contains("needs `dist`"), "{}", d.message);
}

#[test]
fn a_distribution_must_respect_the_field_range() {
    let text = format!("{MINIMAL}utilization = {{ dist = \"normal\", mean = 0.5, sd = 0.1 }}\n");
    let d = one_error(&text);
    assert!(d.message.contains("must be a fraction greater than 0 and at most 1"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("truncate the normal with `min` and `max`"));
    let ok = format!("{MINIMAL}utilization = {{ dist = \"normal\", mean = 0.5, sd = 0.1, min = 0.2, max = 0.9 }}\n");
    assert!(load(&ok).is_ok());
}

#[test]
fn catalog_price_ranges_become_distributions_in_the_scenario_currency() {
    let text = MINIMAL
        .replace("aws-p5-h100-od-2026", "akash-h100-bids-2026-09")
        .replace("name = \"t\"", "name = \"t\"\ncurrency = \"EUR\"\nusd_to_currency = 0.5");
    let s = load(&text).unwrap();
    let price = &s.providers[0].inputs.gpu().unwrap().price_per_gpu_hour;
    assert_eq!(
        price.dist.as_ref().unwrap().spec(),
        &crate::base::dist::DistSpec::Triangular { low: 1.02, mode: 1.28, high: 1.58 }
    );
    assert!(matches!(&price.origin, Origin::Catalog { note: Some(n), .. } if n.contains("triangular")));
}

#[test]
fn the_training_mfu_prior_depends_on_the_model_by_hand() {
    // docs/MODEL.md, "Training": prior_70B = lognormal(median 0.4984, p5 0.3347, p95 0.7422), b = 0.05,
    // MoE factor 0.3329. Llama-3-8B: (8.03/70)^0.05 = 0.89739 → median 0.44726, p5 0.30036, p95 0.66604;
    // Llama 3.1 405B: × 1.09185 → 0.54418; DeepSeek-V3 (37B active, MoE): 0.4984 · (37/70)^0.05 · 0.3329
    // = 0.16071. FP8 compute adds the FP8 speedup (median 1.315); BF16 keeps 1.
    let mfu = |model: &str, precision: &str| {
        let text = format!(
            "[scenario]\nname = \"t\"\n[workload]\nkind = \"training\"\nmodel = \"{model}\"\ntraining_tokens = 1e9\n\
             gpus = 64\ncompute_precision = \"{precision}\"\n[[providers]]\nid = \"a\"\noffer = \"lambda-h100-sxm-8x-od-2026\"\n"
        );
        match load(&text).unwrap().workload_inputs {
            WorkloadInputs::Training(t) => (t.mfu, t.fp8_speedup),
            _ => panic!("training"),
        }
    };
    let (small, speed) = mfu("llama-3-8b", "bf16");
    assert!((small.value - 0.447_26).abs() < 1e-4, "{}", small.value);
    let d = small.dist.unwrap();
    assert!((d.quantile(0.05) - 0.300_36).abs() < 1e-4 && (d.quantile(0.95) - 0.666_04).abs() < 1e-4);
    assert_eq!(speed.value, 1.0);
    let (large, speed) = mfu("llama-3.1-405b", "fp8");
    assert!((large.value - 0.544_18).abs() < 1e-4, "{}", large.value);
    assert!((speed.value - 1.315).abs() < 1e-9 && speed.dist.is_some());
    let (moe, _) = mfu("deepseek-v3", "bf16");
    assert!((moe.value - 0.160_71).abs() < 1e-4, "{}", moe.value);
}
