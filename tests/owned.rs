//! Owned hardware (issue 19, item 7): a provider of kind "owned" is billed at the price per GPU-hour its
//! purchase, power, colocation and staff come to, shown line by line in `explain`; its inputs are checked.

use crate::util::{assumption, computecost, provider, results_of, stats, stdout_of};
use computecost::sim::Metric;

/// A one-provider GPU-hours scenario on owned H100s with `owned` as written.
fn scenario(dir: &std::path::Path, provider: &str) -> std::path::PathBuf {
    let path = dir.join("owned.toml");
    std::fs::write(
        &path,
        format!(
            "[scenario]\nname = \"owned\"\n[workload]\nkind = \"gpu_hours\"\nreference_gpu = \"h100-sxm-80gb\"\n\
             gpu_hours_per_month = 1000\n[[providers]]\nid = \"own\"\n{provider}\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn an_owned_fleet_is_billed_at_its_derived_price() {
    let dir = tempfile::tempdir().unwrap();
    // Every cost written, worked by hand: capex 20,000 + 80,000 / 8 = $30,000 over 50 months of 730 h with
    // 10% resold: 30,000 · 0.9 / 36,500 = $0.739726/GPU-h. Power at u = 1: (700 + 4,000 / 8) W = 1.2 kW,
    // · PUE 1.5 · $0.10 = $0.18. Colocation $200/kW-month on 1.2 kW: 200 · 1.2 / 730 = $0.328767. Staff
    // $1,460/server-month: 1,460 / 8 / 730 = $0.25. Price $1.498493/GPU-h; 1,000 GPU-h at u = 1 bill
    // $1,498.49 a month.
    let path = scenario(
        dir.path(),
        "kind = \"owned\"\ngpu = \"h100-sxm-80gb\"\nutilization = 1\npue = 1.5\nfailure_rate_per_gpu_hour = 0\n\
         owned = { gpu_price = 20000, server_price = 80000, gpus_per_server = 8, amortisation_months = 50, \
         residual_fraction = 0.1, server_watts = 4000, electricity_per_kwh = 0.10, colocation_per_kw_month = 200, \
         staff_per_server_month = 1460 }",
    );
    let r = results_of(computecost().args(["run", "--point", "--format", "json"]).arg(&path));
    let own = provider(&r, "own");
    assert_eq!(own.kind.as_str(), "owned");
    assert!((own.price_per_gpu_hour.unwrap() - 1.498_493).abs() < 1e-5, "{:?}", own.price_per_gpu_hour);
    let cost = stats(&r, "own", Metric::MonthlyCost).mean;
    assert!((cost - 1_498.493).abs() < 0.01, "{cost}");
    let a = assumption(&r, "providers.own.price_per_gpu_hour");
    assert_eq!(a.from, "derived");
    assert!(a.location.contains("owned-hardware"), "{}", a.location);
    // explain shows the lines the price is made of.
    let text = stdout_of(computecost().args(["explain", "--provider", "own", "--metric", "monthly_cost"]).arg(&path));
    for line in ["purchase per GPU", "amortisation per GPU-hour", "electricity per GPU-hour", "colocation per GPU-hour"]
    {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    assert!(text.contains("$1.4985"), "{text}");
}

#[test]
fn the_defaults_price_an_owned_h100_and_their_sources_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(dir.path(), "kind = \"owned\"\ngpu = \"h100-sxm-80gb\"");
    let r = results_of(computecost().args(["run", "--point", "--format", "json"]).arg(&path));
    for key in ["owned.gpu_price.h100-sxm-80gb", "owned.colocation_per_kw_month", "owned.electricity_per_kwh"] {
        assert!(r.assumptions.iter().any(|a| a.location == key && !a.source.is_empty()), "{key} not cited");
    }
    let price = provider(&r, "own").price_per_gpu_hour.unwrap();
    // Within a factor of two of InferenceX's owned-H100 tier ($1.17/GPU-h, July 2026; a secondary figure
    // used as a check only, docs/MODEL.md "Owned hardware").
    assert!(price > 1.17 / 2.0 && price < 1.17 * 2.0, "{price}");
}

#[test]
fn owned_inputs_that_cannot_hold_are_refused_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("kind = \"owned\"\noffer = \"lambda-h100-sxm-8x-od-2026\"", "has no offer"),
        ("kind = \"owned\"\ngpu = \"h100-sxm-80gb\"\nprice_per_gpu_hour = 2", "derived from its `owned` costs"),
        (
            "kind = \"centralized\"\ngpu = \"h100-sxm-80gb\"\nprice_per_gpu_hour = 2\nowned = { gpu_price = 1 }",
            "kind \\\"owned\\\"",
        ),
        ("kind = \"owned\"\ngpu = \"l4\"", "no sourced `owned.gpu_price` for GPU `l4`"),
        ("kind = \"owned\"\ngpu = \"h100-sxm-80gb\"\nowned = { residual_fraction = 1.5 }", "residual_fraction"),
        ("kind = \"owned\"\ngpu = \"h100-sxm-80gb\"\nowned = { amortisation_months = 0 }", "amortisation_months"),
        ("kind = \"owned\"\ngpu = \"h100-sxm-80gb\"\nowned = { gpu_prize = 1 }", "gpu_prize"),
    ];
    for (provider, expected) in cases {
        let path = scenario(dir.path(), provider);
        let out = computecost().arg("validate").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{provider}");
        let err = String::from_utf8_lossy(&out.stderr);
        let expected = expected.replace("\\\"", "\"");
        assert!(err.contains(&expected) && err.contains("owned.toml:"), "{provider}: {err}");
    }
}

/// A user catalog's `[[defaults]]` for owned hardware pass the checks of the inputs they stand for (a
/// qualified key such as `owned.gpu_price.h100-sxm-80gb` included): refused at their line and column.
#[test]
fn owned_defaults_in_a_user_catalog_are_checked_like_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("owned.gpu_price.h100-sxm-80gb", "-1", "greater than 0"),
        ("owned.amortisation_months", "-1", "greater than 0"),
        ("owned.electricity_per_kwh", "1e300", "above the largest value accepted"),
        ("owned.residual_fraction", "1.5", "residual"),
    ];
    for (key, value, expected) in cases {
        let catalog = dir.path().join("quotes.toml");
        std::fs::write(
            &catalog,
            format!("[[defaults]]\nkey = \"{key}\"\nvalue = {value}\nsource = \"https://example.com/q\"\nas_of = \"2026-11-01\"\n"),
        )
        .unwrap();
        let out = computecost().args(["run", "--point", "--catalog"]).arg(&catalog).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{key} = {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected) && err.contains("quotes.toml:3:"), "{key} = {value}: {err}");
    }
}
