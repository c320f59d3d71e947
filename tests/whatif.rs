//! What-if analysis: `--set` overrides, sweeps and break-evens, sensitivity, diff.

use crate::util::{assumption, computecost, provider, results_of, scenario, stats, stdout_of};
use computecost::analysis::Results;
use computecost::base::dist::DistSpec;
use computecost::sim::Metric;
use serde_json::Value;

/// `run ARGS --format json --point`, read back.
fn point_json(args: &[&str]) -> Results {
    results_of(computecost().args(["run", "--point", "--format", "json"]).args(args))
}

#[test]
fn set_changes_nested_paths_and_records_where_the_value_came_from() {
    let base = point_json(&[]);
    let set =
        point_json(&["--set", "workload.requests_per_month=6e7", "--set", "providers.ionet.verification.rate=0.5"]);
    let requests = assumption(&set, "workload.requests_per_month");
    assert_eq!(requests.value, 6e7);
    assert_eq!(requests.from, "override");
    assert_eq!(requests.location, "--set workload.requests_per_month=6e7");
    // Triple the demand: more GPU-hours, in whole 8-GPU p5 instance-months (8 · 730 = 5,840 GPU-hours).
    let gpu_h = |r: &Results, id: &str| stats(r, id, Metric::GpuHours).p50;
    let ratio = gpu_h(&set, "aws") / gpu_h(&base, "aws");
    assert!((1.5..=4.0).contains(&ratio), "GPU-hours ×{ratio}");
    let instance_months = gpu_h(&set, "aws") / 5_840.0;
    assert!((instance_months - instance_months.round()).abs() < 1e-3, "{instance_months} p5 instance-months");
    // A field inside an inline table: only ionet's verification changes.
    assert_eq!(assumption(&set, "providers.ionet.verification.rate").value, 0.5);
    assert_eq!(assumption(&set, "providers.akash.verification.rate").value, 0.05);
    let verification = |r: &Results, id: &str| provider(r, id).breakdown.unwrap().verification;
    let v = verification(&set, "ionet") / verification(&base, "ionet");
    assert!((20.0..40.0).contains(&v), "rate ×10 at ×3 demand: verification ×{v}");
    assert_eq!(set.scenario.overrides.len(), 2);
}

#[test]
fn set_accepts_a_distribution_and_a_bare_string() {
    let r = point_json(&[
        "--set",
        r#"providers.ionet.price_per_gpu_hour={dist="uniform",low=1.5,high=2.2}"#,
        "--set",
        "workload.overlap=sequential",
    ]);
    let price = assumption(&r, "providers.ionet.price_per_gpu_hour");
    assert_eq!(price.distribution, Some(DistSpec::Uniform { low: 1.5, high: 2.2 }));
    assert!((price.value - 1.85).abs() < 1e-12, "the median");
    assert!(r.scenario.workload_summary.contains("sequential prefill"), "{:?}", r.scenario);
    // Works on a file too, not just the flagship.
    let f = results_of(
        computecost()
            .args(["run", "--point", "--format", "json"])
            .arg(scenario("fine-tune.toml"))
            .args(["--set", "workload.training_tokens=2e10"]),
    );
    assert_eq!(assumption(&f, "workload.training_tokens").value, 2e10);
}

#[test]
fn unknown_paths_and_ids_exit_2_with_the_nearest_valid_path() {
    let out = computecost().args(["run", "--point", "--set", "workload.requests_per_mont=6e7"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown field `requests_per_mont`"), "{err}");
    assert!(err.contains("--> --set argument"), "{err}");
    assert!(err.contains("did you mean `workload.requests_per_month`?"), "{err}");

    let out =
        computecost().args(["run", "--point", "--set", "providers.ionet-h100.price_per_gpu_hour=2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no provider `ionet-h100`") && err.contains("did you mean `ionet"), "{err}");

    let out = computecost().args(["run", "--point", "--set", "bussiness.labor_savings=0.1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `business.labor_savings`?"));

    let out = computecost().args(["run", "--set", "workload.batch_size"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected PATH=VALUE"));
}

#[test]
fn a_bad_override_value_is_located_in_its_argument() {
    let out = computecost().args(["run", "--point", "--set", "workload.batch_size=-4"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("batch_size") && err.contains("--> --set argument, column 21"), "{err}");
    assert!(err.contains("1 | workload.batch_size=-4"), "{err}");
}

/// Two providers of the same A100 offer with known costs: `reserved` pays a fixed 5,000 a month and 1.20
/// per GPU-hour, `on-demand` 3.70 per GPU-hour. Everything else is zero, so cost = fixed + hours × price.
const BREAK_EVEN: &str = r#"
[scenario]
name = "Break-even by hand"

[workload]
kind = "gpu_hours"
reference_gpu = "a100-sxm-80gb"
gpu_hours_per_month = 1000
egress_gb_per_month = 0
storage_gb = 0

[[providers]]
id = "reserved"
offer = "aws-p4de-a100-80-od-2026"
price_per_gpu_hour = 1.20
fixed_monthly_fee = 5000
utilization = 1
failure_rate_per_gpu_hour = 0

[[providers]]
id = "on-demand"
offer = "aws-p4de-a100-80-od-2026"
price_per_gpu_hour = 3.70
utilization = 1
failure_rate_per_gpu_hour = 0
"#;

fn sweep_json(args: &[&str], file: &std::path::Path) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout_of(
        computecost().arg("sweep").arg(file).args(args).args(["--format", "json", "-q", "--out"]).arg(dir.path()),
    );
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn sweep_finds_a_break_even_worked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("break-even.toml");
    std::fs::write(&file, BREAK_EVEN).unwrap();
    // 5,000 + 1.20·H = 3.70·H  →  H* = 5,000 / 2.50 = 2,000 GPU-hours a month.
    let expected = 5000.0 / (3.70 - 1.20);
    for extra in [&["--point"][..], &["--samples", "300"][..]] {
        let mut args =
            vec!["--param", "workload.gpu_hours_per_month", "--from", "300", "--to", "5000", "--steps", "12"];
        args.extend_from_slice(extra);
        let s = sweep_json(&args, &file);
        let be = s["break_evens"].as_array().unwrap();
        assert_eq!(be.len(), 1, "{be:?}");
        let at = be[0]["at"].as_f64().unwrap();
        assert!((at / expected - 1.0).abs() < 1e-3, "break-even {at}, by hand {expected}");
        assert_eq!((be[0]["below"].as_str(), be[0]["above"].as_str()), (Some("on-demand"), Some("reserved")));
        assert_eq!(be[0]["cheapest_changes"], true);
        // Its cost there: 3.70 × 2,000 = 7,400.
        assert!((be[0]["value"].as_f64().unwrap() / 7400.0 - 1.0).abs() < 2e-3);
        // A step's cells are the formula's values: 5,000 + 1.2·300 at the first step.
        let first = &s["cells"][0][0]["stats"]["p50"];
        assert!((first.as_f64().unwrap() - 5360.0).abs() < 1e-6, "{first}");
    }
    // On a log axis, with --pair naming the same two.
    let s = sweep_json(
        &[
            "--param",
            "workload.gpu_hours_per_month",
            "--from",
            "100",
            "--to",
            "1e5",
            "--log",
            "--point",
            "--pair",
            "reserved,on-demand",
        ],
        &file,
    );
    let at = s["break_evens"][0]["at"].as_f64().unwrap();
    assert!((at / expected - 1.0).abs() < 1e-3, "log axis: {at}");
}

#[test]
fn sweep_writes_its_table_csv_json_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(
        computecost()
            .args([
                "sweep",
                "--param",
                "providers.ionet.price_per_gpu_hour",
                "--from",
                "1",
                "--to",
                "8",
                "--steps",
                "8",
            ])
            .args(["--samples", "2000", "--pair", "ionet,lambda", "-q", "--out"])
            .arg(dir.path()),
    );
    assert!(out.contains("Break-evens") && out.contains("ionet has the lower monthly cost below, lambda"), "{out}");
    let folder = dir.path().join("chat-assistant");
    for f in ["sweep-providers-ionet-price_per_gpu_hour.csv", "sweep-providers-ionet-price_per_gpu_hour.json"] {
        assert!(folder.join(f).is_file(), "{f}");
    }
    let png = std::fs::read(folder.join("charts/sweep-providers-ionet-price_per_gpu_hour.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let svg = std::fs::read_to_string(folder.join("charts/sweep-providers-ionet-price_per_gpu_hour.svg")).unwrap();
    assert!(svg.contains("ionet = lambda at $"), "break-even not marked");
    assert!(svg.contains("providers.ionet.price_per_gpu_hour (USD/GPU-h)"), "x axis title");
    let csv = std::fs::read_to_string(folder.join("sweep-providers-ionet-price_per_gpu_hour.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 8 * 11, "one row per step and provider");
    // Each step's trials are the same: the providers whose inputs do not move have the same median at
    // every step.
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("sweep-providers-ionet-price_per_gpu_hour.json")).unwrap(),
    )
    .unwrap();
    let lambda = json["providers"].as_array().unwrap().iter().position(|p| p[0] == "lambda").unwrap();
    let medians: Vec<f64> =
        json["cells"].as_array().unwrap().iter().map(|row| row[lambda]["stats"]["p50"].as_f64().unwrap()).collect();
    assert!(medians.windows(2).all(|w| w[0] == w[1]), "common random numbers across steps: {medians:?}");
}

#[test]
fn sweep_shows_capacity_limits_and_a_grid() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(
        computecost()
            .args(["sweep", "--param", "workload.requests_per_month", "--from", "1e7", "--to", "8e7", "--steps", "5"])
            .args(["--samples", "1000", "-q", "--out"])
            .arg(dir.path()),
    );
    assert!(out.contains("akash cannot run the workload from"), "{out}");
    let grid = stdout_of(
        computecost()
            .args(["sweep", "--param", "workload.requests_per_month", "--from", "1e7", "--to", "8e7", "--steps", "3"])
            .args(["--param2", "providers.ionet-api.output_usd_per_mtok", "--from2", "0.1", "--to2", "10"])
            .args(["--steps2", "3"])
            .args(["--samples", "500", "--format", "json", "-q", "--out"])
            .arg(dir.path()),
    );
    let g: Value = serde_json::from_str(&grid).unwrap();
    let cheapest = g["cheapest"].as_array().unwrap();
    assert_eq!(cheapest.len(), 3);
    // The io.net token API at $0.10 per million output tokens wins everywhere; at $10 it never does.
    assert!(cheapest[0].as_array().unwrap().iter().all(|c| c == "ionet-api"), "{cheapest:?}");
    assert!(cheapest[2].as_array().unwrap().iter().all(|c| c != "ionet-api"), "{cheapest:?}");
    assert!(
        dir.path()
            .join(
                "chat-assistant/charts/sweep-workload-requests_per_month-by-providers-ionet-api-output_usd_per_mtok.png"
            )
            .is_file()
    );
}

#[test]
fn sweep_refuses_bad_ranges_and_unknown_paths() {
    let bad = |args: &[&str]| {
        let out = computecost()
            .arg("sweep")
            .args(args)
            .args(["--point", "-q", "--out", "/nonexistent-never-written"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(
        bad(&["--param", "workload.requests_per_mont", "--from", "1", "--to", "2"])
            .contains("did you mean `workload.requests_per_month`?")
    );
    assert!(bad(&["--param", "workload.requests_per_month", "--from", "0", "--to", "2", "--log"]).contains("positive"));
    assert!(
        bad(&["--param", "workload.requests_per_month", "--from", "1e6", "--to", "2e6", "--steps", "1"])
            .contains("--steps")
    );
    assert!(
        bad(&["--param", "workload.requests_per_month", "--from", "1e6", "--to", "2e6", "--pair", "vast,lamda"])
            .contains("did you mean `lambda`?")
    );
}

/// One provider whose price spans 1–100 $/GPU-h while its other uncertain inputs barely move.
const PLANTED: &str = r#"
[scenario]
name = "Planted dominant input"

[workload]
kind = "gpu_hours"
reference_gpu = "a100-sxm-80gb"
gpu_hours_per_month = { dist = "uniform", low = 990, high = 1010 }
egress_gb_per_month = 0
storage_gb = 0

[[providers]]
id = "only"
offer = "aws-p4de-a100-80-od-2026"
price_per_gpu_hour = { dist = "uniform", low = 1, high = 100 }
utilization = { dist = "uniform", low = 0.9, high = 1.0 }
failure_rate_per_gpu_hour = 0
"#;

#[test]
fn sensitivity_ranks_a_planted_dominant_input_first_with_swings_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("planted.toml");
    std::fs::write(&file, PLANTED).unwrap();
    let text = stdout_of(
        computecost()
            .arg("sensitivity")
            .arg(&file)
            .args(["--samples", "4000", "--format", "json", "-q", "--out"])
            .arg(dir.path()),
    );
    let s: Value = serde_json::from_str(&text).unwrap();
    let inputs = s["inputs"].as_array().unwrap();
    assert_eq!(inputs[0]["input"], "providers.only.price_per_gpu_hour", "{inputs:?}");
    assert_eq!(inputs.len(), 3);
    // cost = H · price / u. Medians: H = 1,000, u = 0.95, price = 50.5. The price's p5 and p95 are
    // 1 + 99·0.05 = 5.95 and 1 + 99·0.95 = 95.05: swing = 1,000 · (95.05 − 5.95) / 0.95 = 93,789.47.
    let swing = inputs[0]["swing"].as_f64().unwrap();
    assert!((swing - 1000.0 * (95.05 - 5.95) / 0.95).abs() < 1e-6 * swing, "{swing}");
    assert!((s["base"].as_f64().unwrap() - 1000.0 * 50.5 / 0.95).abs() < 1e-6);
    assert!(inputs[0]["rank_correlation"].as_f64().unwrap() > 0.9);
    // Utilization lowers the cost as it rises.
    let u = inputs.iter().find(|i| i["input"] == "providers.only.utilization").unwrap();
    assert!(u["rank_correlation"].as_f64().unwrap() < 0.0);
    assert!(u["at_high"].as_f64().unwrap() < u["at_low"].as_f64().unwrap());
    assert!(dir.path().join("planted/charts/tornado-monthly_cost-only.png").is_file());
}

#[test]
fn sensitivity_of_the_flagship_explains_the_key_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(computecost().args(["sensitivity", "--samples", "2000", "-q", "--out"]).arg(dir.path()));
    // The headline's pair: io.net's token API against the owned H100s, whose fleet moves in whole servers;
    // what leads is what decides one server or two.
    assert!(out.starts_with("What moves ionet-api − own-h100 monthly cost"), "{out}");
    let first_row = out.lines().find(|l| l.contains("workload.") || l.contains("providers.")).unwrap();
    let steps = ["requests_per_month", "allreduce_latency_us", "mfu", "prefill_overlap", "peak_to_average", "mbu"];
    assert!(steps.iter().any(|s| first_row.contains(s)), "{first_row}");
    let gpus = stdout_of(
        computecost()
            .args(["sensitivity", "--pair", "vast,lambda", "--samples", "2000", "-q", "--today", "2026-11-30", "--out"])
            .arg(dir.path()),
    );
    // The physics, the demand and the two prices lead (lambda's catalog price of 2026-09-25 is widened by the
    // price drift for its age on the pinned day). Utilization, once the top input of every tornado, is now only
    // what scheduling leaves (issue 15).
    let first_row =
        gpus.lines().find(|l| l.contains("(default)") || l.contains("providers.") || l.contains("workload.")).unwrap();
    let leaders =
        ["mfu", "prefill_overlap", "requests_per_month", "peak_to_average", "vast.price", "lambda.price", "mbu"];
    assert!(leaders.iter().any(|l| first_row.contains(l)), "{first_row}");
    assert!(!first_row.contains("utilization"), "{first_row}");
    let bad = computecost().args(["sensitivity", "--point", "--provider", "lamda"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean `lambda`?"));
}

#[test]
fn diff_names_every_changed_input_and_its_effect() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(scenario("chat-assistant.toml")).unwrap();
    let variant = base
        .replace(
            "requests_per_month = { dist = \"triangular\", low = 15_000_000, mode = 20_000_000, high = 30_000_000 }",
            "requests_per_month = 40_000_000",
        )
        .replace("input_tokens = 1000", "input_tokens = 800");
    assert_ne!(variant, base, "the flagship's lines changed: update this test");
    let file = dir.path().join("variant.toml");
    std::fs::write(&file, variant).unwrap();
    let text = stdout_of(computecost().arg("diff").arg(scenario("chat-assistant.toml")).arg(&file).args([
        "--point",
        "--format",
        "json",
        "--set",
        "business.labor_savings=0.1",
    ]));
    let d: Value = serde_json::from_str(&text).unwrap();
    let paths: Vec<&str> = d["inputs"].as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["workload.input_tokens", "workload.requests_per_month"], "--set applies to both sides");
    let aws = d["providers"].as_array().unwrap().iter().find(|p| p["id"] == "aws").unwrap();
    let cost = &aws["metrics"][0];
    assert_eq!(cost["metric"], "monthly_cost");
    assert!(cost["b"].as_f64().unwrap() > cost["a"].as_f64().unwrap(), "twice the demand costs more");
    let akash = d["providers"].as_array().unwrap().iter().find(|p| p["id"] == "akash").unwrap();
    assert_eq!((akash["feasible_a"].as_bool(), akash["feasible_b"].as_bool()), (Some(true), Some(false)));
    let table = stdout_of(computecost().arg("diff").arg(scenario("chat-assistant.toml")).arg(&file).arg("--point"));
    assert!(table.contains("2 input(s) differ") && table.contains("akash cannot run the workload in B"), "{table}");
}

/// `sweep` and `sensitivity` print their table and write nothing unless given `--out` (issue 20): following
/// the README inside the repository must leave the committed example alone.
#[test]
fn sweep_and_sensitivity_write_files_only_when_given_out() {
    let dir = tempfile::tempdir().unwrap();
    let flagship = crate::util::scenario("chat-assistant.toml");
    let sweep = ["sweep", "--param", "workload.requests_per_month", "--from", "1e7", "--to", "2e7", "--steps", "2"];
    let sensitivity = ["sensitivity", "--pair", "vast,lambda"];
    for args in [&sweep[..], &sensitivity[..]] {
        let out = computecost()
            .current_dir(dir.path())
            .args(args)
            .args(["--samples", "200", "-q"])
            .arg(&flagship)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
        let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(written.is_empty(), "{args:?} wrote {written:?} without --out");
    }
    let out = computecost()
        .current_dir(dir.path())
        .args(sensitivity)
        .args(["--samples", "200", "-q", "--out", "tornado"])
        .arg(&flagship)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("tornado/chat-assistant").read_dir().unwrap().count() >= 3);
}

/// Printed numbers never read `-0.0 pp`, `-0.00` or `+$0.000000000000`, and a change of a margin is in
/// percentage points (issue 20).
#[test]
fn diff_and_sensitivity_print_no_negative_zeros_or_float_residue() {
    let dir = tempfile::tempdir().unwrap();
    let flagship = crate::util::scenario("chat-assistant.toml");
    let text = std::fs::read_to_string(&flagship).unwrap();
    let variant = dir.path().join("variant.toml");
    std::fs::write(&variant, text.replace("input_tokens = 1000", "input_tokens = 800")).unwrap();
    let diff = stdout_of(computecost().args(["diff", "--samples", "300"]).arg(&flagship).arg(&variant));
    let sens = stdout_of(computecost().args(["sensitivity", "--samples", "300", "--pair", "vast,lambda"]));
    for (name, out) in [("diff", &diff), ("sensitivity", &sens)] {
        for bad in ["-0.0 pp", "-0.00 ", "-0.0%", "$0.0000000", "+0 ", "-$0 "] {
            assert!(!out.contains(bad), "{name} prints {bad:?}:\n{out}");
        }
    }
    let margin = &diff[diff.find("margin after AI").expect("a margin section")..];
    let row = margin.lines().find(|l| l.trim_start().starts_with("aws ")).unwrap();
    assert!(row.contains(" pp") && row.trim_end().ends_with('—'), "{row}");
}
