//! Bad input: one case per class of mistake, each with its exit code and its message, snapshot-tested
//! (tests/snapshots/). The messages were read once by hand; a change to any of them shows up as a diff.

use crate::util::computecost;
use std::path::Path;

/// A scenario that is valid, for the cases to break.
const BASE: &str = r#"[scenario]
name = "Bad input probe"

[workload]
kind = "inference"
model = "llama-3-8b"
requests_per_month = 1_000_000
input_tokens = 500
output_tokens = 200
batch_size = 16

[business]
revenue_per_month = 100_000
operational_costs_per_month = 40_000
labor_costs_per_month = 30_000

[[providers]]
id = "aws"
offer = "aws-p5-h100-od-2026"

[[providers]]
id = "ionet"
offer = "ionet-h100-page-2026"
"#;

/// `BASE` with `from` replaced by `to` (which must occur).
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from:?} is not in the base scenario");
    BASE.replacen(from, to, 1)
}

/// Adds `line` to the ionet provider.
fn ionet(line: &str) -> String {
    with("offer = \"ionet-h100-page-2026\"", &format!("offer = \"ionet-h100-page-2026\"\n{line}"))
}

/// Every case: a name (the snapshot's), the file's text, and the exit code expected.
fn cases() -> Vec<(&'static str, String, i32)> {
    vec![
        // Broken TOML.
        ("toml_unclosed_header", with("[workload]", "[workload"), 2),
        ("toml_missing_value", with("batch_size = 16", "batch_size ="), 2),
        ("toml_unterminated_string", with("name = \"Bad input probe\"", "name = \"Bad input probe"), 2),
        ("toml_duplicate_key", with("batch_size = 16", "batch_size = 16\nbatch_size = 8"), 2),
        ("toml_garbage_line", with("[business]", "this is not toml\n[business]"), 2),
        ("toml_bare_word_value", with("model = \"llama-3-8b\"", "model = llama-3-8b"), 2),
        ("toml_empty_file", String::new(), 2),
        ("toml_truncated", BASE[..BASE.find("input_tokens").unwrap() + 5].to_string(), 2),
        // Keys and types.
        ("unknown_key", with("batch_size", "batch_sise"), 2),
        ("unknown_section", with("[business]", "[bussiness]"), 2),
        ("wrong_type_string", with("batch_size = 16", "batch_size = \"sixteen\""), 2),
        ("wrong_type_bool", with("input_tokens = 500", "input_tokens = true"), 2),
        ("wrong_type_array", with("input_tokens = 500", "input_tokens = [500]"), 2),
        ("missing_model", with("model = \"llama-3-8b\"\n", ""), 2),
        ("missing_name", with("name = \"Bad input probe\"\n", ""), 2),
        ("missing_kind", with("kind = \"inference\"\n", ""), 2),
        ("missing_provider_id", with("id = \"ionet\"\n", ""), 2),
        ("unknown_workload_kind", with("kind = \"inference\"", "kind = \"inferance\""), 2),
        // Values out of range.
        ("negative_price", ionet("price_per_gpu_hour = -2"), 2),
        ("zero_price", ionet("price_per_gpu_hour = 0"), 2),
        ("zero_output_tokens", with("output_tokens = 200", "output_tokens = 0"), 2),
        ("negative_requests", with("requests_per_month = 1_000_000", "requests_per_month = -5"), 2),
        ("zero_capacity", ionet("capacity_gpus = 0"), 2),
        ("zero_revenue", with("revenue_per_month = 100_000", "revenue_per_month = 0"), 2),
        ("fraction_written_as_percent", ionet("utilization = 45"), 2),
        (
            "negative_fraction",
            with("labor_costs_per_month = 30_000", "labor_costs_per_month = 30_000\nlabor_savings = -0.2"),
            2,
        ),
        ("fractional_batch", with("batch_size = 16", "batch_size = 2.5"), 2),
        // Distributions.
        (
            "dist_out_of_order",
            with(
                "requests_per_month = 1_000_000",
                "requests_per_month = { dist = \"triangular\", low = 3e6, mode = 2e6, high = 1e6 }",
            ),
            2,
        ),
        (
            "dist_unknown",
            with(
                "requests_per_month = 1_000_000",
                "requests_per_month = { dist = \"gaussian\", mean = 1e6, sd = 1e5 }",
            ),
            2,
        ),
        (
            "dist_missing_param",
            with("requests_per_month = 1_000_000", "requests_per_month = { dist = \"uniform\", low = 1e6 }"),
            2,
        ),
        ("dist_negative_support", ionet("price_per_gpu_hour = { dist = \"normal\", mean = 2, sd = 1 }"), 2),
        // NaN, infinities, absurd magnitudes.
        ("nan", with("requests_per_month = 1_000_000", "requests_per_month = nan"), 2),
        ("infinity", with("requests_per_month = 1_000_000", "requests_per_month = inf"), 2),
        (
            "nan_in_dist",
            with(
                "requests_per_month = 1_000_000",
                "requests_per_month = { dist = \"uniform\", low = nan, high = 2e6 }",
            ),
            2,
        ),
        ("absurd_price", ionet("price_per_gpu_hour = 5000"), 2),
        ("absurd_requests", with("requests_per_month = 1_000_000", "requests_per_month = 1e15"), 2),
        ("absurd_tokens_1e308", with("input_tokens = 500", "input_tokens = 1e308"), 2),
        ("efficiency_below_minimum", with("batch_size = 16", "batch_size = 16\nmfu = 1e-300"), 2),
        ("absurd_dist_tail", ionet("price_per_gpu_hour = { dist = \"lognormal\", p5 = 1, p95 = 900 }"), 2),
        // Catalog ids.
        ("unknown_offer", with("offer = \"ionet-h100-page-2026\"", "offer = \"ionet-h100-page\""), 2),
        ("unknown_model", with("model = \"llama-3-8b\"", "model = \"llama-3-8\""), 2),
        (
            "unknown_gpu",
            with(
                "offer = \"ionet-h100-page-2026\"",
                "gpu = \"h100-sxm\"\nprice_per_gpu_hour = 2\nkind = \"decentralized\"",
            ),
            2,
        ),
        ("bad_currency", with("name = \"Bad input probe\"", "name = \"Bad input probe\"\ncurrency = \"dollars\""), 2),
        // Providers.
        ("duplicate_provider_id", with("id = \"ionet\"", "id = \"aws\""), 2),
        ("empty_provider_list", BASE[..BASE.find("[[providers]]").unwrap()].to_string(), 2),
        // Valid but infeasible: a result, not an error.
        (
            "infeasible_is_not_an_error",
            with("model = \"llama-3-8b\"", "model = \"llama-3.1-405b\"").replace(
                "offer = \"ionet-h100-page-2026\"",
                "offer = \"ionet-h100-page-2026\"\nmax_gpus_per_replica = 1",
            ),
            0,
        ),
    ]
}

#[test]
fn every_bad_scenario_gets_a_located_message_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for (name, text, code) in cases {
        std::fs::write(dir.path().join("case.toml"), &text).unwrap();
        let out = computecost().current_dir(dir.path()).args(["validate", "case.toml"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name}: {stderr}");
        if code == 0 {
            assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok case.toml"), "{name}");
            // And running it reports the provider infeasible, with exit 0.
            let run = computecost().current_dir(dir.path()).args(["run", "case.toml", "--point"]).output().unwrap();
            assert_eq!(run.status.code(), Some(0));
            assert!(String::from_utf8_lossy(&run.stdout).contains("ionet is infeasible"), "{name}");
            continue;
        }
        // Every message points into the file and names what was expected.
        assert!(stderr.contains("--> case.toml:"), "{name}: not located\n{stderr}");
        insta::assert_snapshot!(name, stderr);
    }
}

#[test]
fn command_line_mistakes_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.toml"), BASE).unwrap();
    std::fs::write(dir.path().join("binary.toml"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("samples_above_the_maximum", vec!["run", "ok.toml", "--samples", "50000000"]),
        ("samples_zero", vec!["run", "ok.toml", "--samples", "0"]),
        ("threads_zero", vec!["run", "ok.toml", "--threads", "0"]),
        (
            "sweep_over_budget",
            vec![
                "sweep",
                "ok.toml",
                "--param",
                "workload.batch_size",
                "--from",
                "1",
                "--to",
                "64",
                "--steps",
                "200",
                "--samples",
                "1000000",
            ],
        ),
        (
            "sweep_steps_above_the_maximum",
            vec!["sweep", "ok.toml", "--param", "workload.batch_size", "--from", "1", "--to", "64", "--steps", "500"],
        ),
        ("set_unknown_path", vec!["run", "ok.toml", "--point", "--set", "workload.batch_sise=8"]),
        ("not_utf8", vec!["validate", "binary.toml"]),
        ("a_folder_as_scenario", vec!["validate", "."]),
        ("unknown_command", vec!["runn"]),
    ];
    for (name, args) in cases {
        let out = computecost().current_dir(dir.path()).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains("error"), "{name}: {stderr}");
        insta::assert_snapshot!(name, stderr);
        // Nothing was written.
        assert!(!dir.path().join("output").exists(), "{name} wrote output/");
    }
    assert!(!Path::new(dir.path()).join("output").exists());
}
