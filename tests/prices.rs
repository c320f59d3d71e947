//! `prices import` from the command line: the catalog it writes is one `--catalog` reads, nothing is
//! written on error, and the exit codes are the documented ones. The importers' arithmetic is tested in
//! `src/catalog/import/tests.rs`.

use crate::util::computecost;
use std::path::PathBuf;

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(path)
}

#[test]
fn an_imported_catalog_prices_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nebius.toml");
    let status = computecost()
        .args(["prices", "import", "--format", "skypilot", "--as-of", "2026-05-18", "--today", "2026-11-29"])
        .arg(data("skypilot/nebius/vms.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("imported 13 GPU offer(s)") && stderr.contains("2 skipped, no GPU"), "{stderr}");
    // A scenario provider on the imported Nebius H100 offer is billed at $2.95 per GPU-hour (23.60 / 8).
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"imported\"\n[workload]\nkind = \"gpu_hours\"\nreference_gpu = \"h100-sxm-80gb\"\n\
         gpu_hours_per_month = 1000\n[[providers]]\nid = \"nebius\"\noffer = \"nebius-gpu-h100-sxm-8gpu-128vcpu-1600gb-eu-north1-od\"\n",
    )
    .unwrap();
    let run = computecost()
        .args(["run", "--point", "--format", "json", "--today", "2026-11-29", "--catalog"])
        .arg(&out)
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let nebius = &v["providers"][0];
    assert_eq!(nebius["price_per_gpu_hour"].as_f64(), Some(2.95));
    let compute = nebius["breakdown"]["compute"].as_f64().unwrap();
    assert!((compute - 2950.0).abs() < 1e-9, "1,000 GPU-hours × $2.95 = $2,950 of compute, got {compute}");
}

#[test]
fn nothing_is_written_when_the_file_has_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lambda.toml");
    let run = computecost()
        .args(["prices", "import", "--format", "skypilot", "--as-of", "2026-11-20"])
        .arg(data("skypilot/lambda/vms.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("GPU \"V100\" is not in the catalog") && stderr.contains("vms.csv:3:13"), "{stderr}");
    assert!(!out.exists(), "an import with an error writes nothing");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary file is left either");
    // Without --as-of an undated format is refused; an existing output is not overwritten without --force.
    let run = computecost().args(["prices", "import", "--format", "gpuhunt"]).arg(data("vastai.csv")).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--as-of"));
    std::fs::write(&out, "keep me").unwrap();
    let run = computecost()
        .args(["prices", "import", "--format", "gpuhunt", "--as-of", "2026-11-28"])
        .arg(data("vastai.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
}

#[test]
fn a_file_with_nothing_to_import_says_why() {
    let run = computecost()
        .args(["prices", "import", "--format", "focus"])
        .arg(data("focus-spec-per-token.csv"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no offer to import from 2 row(s)") && stderr.contains("model not in the catalog"),
        "{stderr}"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn strict_prices_make_a_stale_offer_an_error() {
    // The flagship on 2026-11-29 uses offers older than 180 days: warned about by default, refused
    // (exit 2, each named) with --strict-prices, by run, validate and providers alike.
    let flagship = crate::util::scenario("chat-assistant.toml");
    let lenient = computecost().args(["run", "--point", "--today", "2026-11-29"]).arg(&flagship).output().unwrap();
    assert!(lenient.status.success());
    for args in [
        vec!["run", "--point", "--today", "2026-11-29", "--strict-prices"],
        vec!["validate", "--today", "2026-11-29", "--strict-prices"],
    ] {
        let strict = computecost().args(&args).arg(&flagship).output().unwrap();
        assert_eq!(strict.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&strict.stderr);
        assert!(stderr.contains("--strict-prices: ") && stderr.contains("days old (as of"), "{args:?}: {stderr}");
    }
    let listed = computecost().args(["providers", "--today", "2026-11-29", "--strict-prices"]).output().unwrap();
    assert_eq!(listed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&listed.stderr).contains("stale offer(s)"));
    // With a limit no offer exceeds, the same commands pass.
    let generous = ["--today", "2026-11-29", "--strict-prices", "--max-age-days", "100000"];
    assert!(computecost().args(["run", "--point"]).args(generous).arg(&flagship).output().unwrap().status.success());
    assert!(computecost().arg("providers").args(generous).output().unwrap().status.success());
}

#[test]
fn the_forecast_as_focus_rows_has_the_specs_columns_and_reads_back() {
    let args = ["run", "--samples", "2000", "--today", "2026-11-29"];
    let focus = crate::util::stdout_of(computecost().args(args).args(["--format", "focus"]));
    let results = crate::util::results_of(computecost().args(args).args(["--format", "json"]));
    let mut reader = csv::Reader::from_reader(focus.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    // Every column of the FOCUS specification's own example export (FOCUS 1.3) is present.
    let spec = std::fs::read_to_string(data("focus-spec-per-token.csv")).unwrap();
    for column in spec.lines().next().unwrap().split(',') {
        assert!(header.iter().any(|h| h == column), "missing FOCUS column {column}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let feasible: Vec<_> = results.providers.iter().filter(|p| p.feasible).collect();
    assert_eq!(rows.len(), feasible.len() * 5, "five percentiles per feasible provider");
    for p in feasible {
        let p50 =
            rows.iter().find(|r| &r[col("x_ProviderId")] == p.id.as_str() && &r[col("x_Quantile")] == "0.5").unwrap();
        let want = p.metrics.as_ref().unwrap().get(computecost::sim::Metric::MonthlyCost).unwrap().p50;
        let got: f64 = p50[col("EffectiveCost")].parse().unwrap();
        assert!((got - want).abs() <= 0.005, "{}: {got} vs {want}", p.id);
        assert_eq!(&p50[col("BilledCost")], &p50[col("EffectiveCost")]);
        assert_eq!(
            (&p50[col("ChargePeriodStart")], &p50[col("ChargePeriodEnd")]),
            ("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")
        );
        assert_eq!(&p50[col("BillingCurrency")], "USD");
    }
}

/// The catalog refresh of 2026-11 (issue 19, "done when"): against 2026-11-29, every offer is at most 180
/// days old or marked `newest_available` with the date checked, the sources consulted and the reason, and
/// at most 15% of the offers are so marked.
#[test]
fn the_built_in_catalog_is_current_on_its_refresh_date() {
    let out = computecost().args(["providers", "--format", "csv", "--today", "2026-11-29"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut csv = csv::Reader::from_reader(out.stdout.as_slice());
    let head = csv.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (id, as_of, kept) = (col("id"), col("as_of"), col("newest_available"));
    let (mut offers, mut marked) = (0, 0);
    for row in csv.records() {
        let row = row.unwrap();
        offers += 1;
        let age = computecost::base::date::days_between(&row[as_of], "2026-11-29").unwrap();
        if age > 180 {
            let why = &row[kept];
            let checked = why.strip_prefix("checked ").and_then(|r| r.get(..10)).unwrap_or("");
            assert!(
                computecost::base::date::days_between(checked, "2026-11-30").is_some_and(|d| d >= 0) && why.len() > 60,
                "offer {} is {age} days old and not marked newest_available with a date, sources and reason: {why:?}",
                &row[id]
            );
            marked += 1;
        }
    }
    assert!(offers >= 80, "{offers} offers");
    assert!(marked * 100 <= offers * 15, "{marked} of {offers} offers kept as newest available: over 15%");
}
