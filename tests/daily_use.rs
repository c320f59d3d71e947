//! Daily use: `explain`, user catalogs, stale-figure warnings, `init` and shell completions.

use crate::util::{assumption, computecost, provider, read_results, results_of, scenario, stats, stdout_of};
use computecost::analysis::Results;
use computecost::base::warning::WarningKind;
use computecost::model::Pricing;
use computecost::sim::Metric;
use std::path::PathBuf;

/// Every shipped example scenario.
fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(scenario(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// JSON output other than results.json (explain, providers, diff).
fn json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).expect("JSON output")
}

/// `run --point --format json` with `args`, read back.
fn point(args: &[&str]) -> Results {
    results_of(computecost().args(["run", "--point", "--format", "json"]).args(args))
}

#[test]
fn explain_cost_lines_add_up_to_what_run_prints_for_every_provider() {
    for path in examples() {
        let run = results_of(computecost().args(["run", "--point", "--format", "json"]).arg(&path));
        for p in &run.providers {
            let id = p.id.as_str();
            let e = json(computecost().args(["explain", "--format", "json", "--provider", id]).arg(&path));
            if p.feasible {
                let lines: f64 = e["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["section"] == "cost")
                    .map(|s| s["value"].as_f64().unwrap())
                    .sum();
                // The lines add up to the headline cost: a month's, or a run's when the scenario prices runs.
                let monthly = stats(&run, id, run.headline_cost()).p50;
                assert!(
                    (lines - monthly).abs() <= 1e-9 * monthly,
                    "{} {id}: explain lines {lines} vs run {monthly}",
                    path.display()
                );
            } else {
                assert_eq!(e["infeasible"].as_str(), p.infeasible_reason.as_deref(), "{} {id}", path.display());
            }
        }
    }
}

#[test]
fn explain_under_uncertainty_says_it_is_the_median_trial_and_names_origins() {
    let text = stdout_of(computecost().args(["explain", "--provider", "aws"]));
    assert!(text.contains("median trial"), "{text}");
    // A scenario line, a catalog offer with its date, and a documented default with its anchor.
    assert!(text.contains("from scenario scenarios/chat-assistant.toml:27:22"), "{text}");
    assert!(text.contains("from catalog offer aws-p5-h100-od-2026, price_per_gpu_hour_usd"), "{text}");
    assert!(text.contains("(as of 2026-08-22)"), "{text}");
    assert!(text.contains("`provider.utilization.serving` (docs/MODEL.md#defaults)"), "{text}");
    assert!(text.contains("t_pf"));
}

#[test]
fn explain_shows_a_set_override_as_the_origin() {
    let e = json(computecost().args([
        "explain",
        "--provider",
        "aws",
        "--format",
        "json",
        "--set",
        "providers.aws.price_per_gpu_hour=5",
    ]));
    let price = e["inputs"].as_array().unwrap().iter().find(|r| r["symbol"] == "price").unwrap();
    assert_eq!(price["from"], "override");
    assert_eq!(price["value"], 5.0);
}

#[test]
fn explain_md_is_a_quotable_block_and_unknown_providers_are_refused() {
    let md =
        stdout_of(computecost().args(["explain", "--provider", "vast", "--format", "md", "--metric", "monthly_cost"]));
    assert!(md.starts_with("## How the Vast.ai"), "{md}");
    assert!(md.contains("| `compute` |") && !md.contains("TTFT_95"), "{md}");
    let out = computecost().args(["explain", "--provider", "vastt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `vast`?"), "{err}");
}

#[test]
fn the_memo_appendix_explains_the_headline_providers() {
    let dir = tempfile::tempdir().unwrap();
    computecost().args(["report", "--samples", "300", "-q", "--out"]).arg(dir.path()).assert().success();
    let memo = std::fs::read_to_string(dir.path().join("chat-assistant/memo.md")).unwrap();
    let appendix = &memo[memo.find("## Appendix: how the headline figures are computed").expect("appendix")..];
    let results = read_results(&dir.path().join("chat-assistant/results.json"));
    // The headline compares the cheapest provider with the cheapest of another way: io.net's token API
    // against the owned H100s.
    for id in ["ionet-api", "own-h100"] {
        let name = &provider(&results, id).name;
        assert!(appendix.contains(&format!("### How the {name} figure is computed")), "{id}");
    }
}

/// Writes `text` to `name` in a fresh folder.
fn file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

const QUOTE: &str = r#"# Our negotiated price.
[[offers]]
id = "lambda-h100-sxm-8x-od-2026"
price_per_gpu_hour_usd = 2.00
source = "quote from Lambda sales, 2026-11-20"
as_of = "2026-11-20"
"#;

#[test]
fn a_user_quote_moves_the_result_by_exactly_the_price_difference() {
    let (_dir, quote) = file("quotes.toml", QUOTE);
    let before = point(&[]);
    let after = point(&["--catalog", quote.to_str().unwrap()]);
    let old_price = provider(&before, "lambda").price_per_gpu_hour.unwrap();
    assert_eq!(provider(&after, "lambda").price_per_gpu_hour, Some(2.0));
    // Every GPU-hour (compute and failures) is billed at the new price; nothing else changes.
    let hours = stats(&before, "lambda", Metric::GpuHours).p50;
    let cost = |r: &Results, id: &str| stats(r, id, Metric::MonthlyCost).p50;
    let expected = cost(&before, "lambda") + hours * (2.0 - old_price);
    assert!((cost(&after, "lambda") - expected).abs() < 1e-6 * expected, "{} vs {expected}", cost(&after, "lambda"));
    assert_eq!(cost(&before, "aws"), cost(&after, "aws"), "other providers untouched");
    // The assumption now cites the quote.
    assert_eq!(assumption(&after, "providers.lambda.price_per_gpu_hour").source, "quote from Lambda sales, 2026-11-20");
}

#[test]
fn a_csv_catalog_adds_an_offer_that_providers_lists_with_its_origin() {
    let (_dir, csv) = file(
        "quotes.csv",
        "id,provider,kind,gpu,price_per_gpu_hour_usd,source,as_of\n\
         acme-h100,Acme GPU,marketplace,h100-sxm-80gb,1.85,\"quote from Acme, 2026-11-20\",2026-11-20\n",
    );
    let list = json(computecost().args(["providers", "--format", "json", "--catalog"]).arg(&csv));
    let acme = list.as_array().unwrap().iter().find(|o| o["id"] == "acme-h100").expect("new offer listed");
    assert_eq!(acme["origin"], format!("{}:2", csv.display()));
    assert_eq!(acme["price_per_gpu_hour_usd"], 1.85);
    let aws = list.as_array().unwrap().iter().find(|o| o["id"] == "aws-p5-h100-od-2026").unwrap();
    assert_eq!(aws["origin"], "built-in");
}

#[test]
fn a_catalog_entry_without_a_source_is_refused_with_its_location() {
    let (_dir, toml) = file(
        "bad.toml",
        "# quotes\n[[offers]]\nid = \"acme\"\nprovider = \"Acme\"\nkind = \"marketplace\"\ngpu = \"h100-sxm-80gb\"\n\
         price_per_gpu_hour_usd = 1.85\nas_of = \"2026-11-20\"\n",
    );
    let out = computecost().args(["run", "--point", "--catalog"]).arg(&toml).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2:1", toml.display())), "{err}");
    assert!(err.contains("has no `source`"), "{err}");
    assert!(out.stdout.is_empty());

    let (_dir, csv) = file(
        "bad.csv",
        "id,provider,kind,gpu,price_per_gpu_hour_usd,source,as_of\nacme,Acme,marketplace,h100-sxm-80gb,1.85,,2026-11-20\n",
    );
    let out = computecost().args(["providers", "--catalog"]).arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2:42", csv.display())), "{err}");
}

#[test]
fn a_stale_price_is_flagged_on_a_late_day_and_not_on_an_early_one() {
    // Hyperbolic's offer is dated 2026-05-25; 180 days later is 2026-11-21.
    let late = point(&["--today", "2026-11-25"]);
    let stale: Vec<&str> =
        late.warnings.iter().filter(|w| w.code == WarningKind::StaleFigure).map(|w| w.message.as_str()).collect();
    assert!(stale.iter().any(|m| m.contains("hyperbolic-h100-2026-05")), "{stale:?}");
    let table = stdout_of(computecost().args(["run", "--point", "--today", "2026-11-25"]));
    assert!(table.contains("Stale price: offer `hyperbolic-h100-2026-05` is 184 days old"), "{table}");

    let early = point(&["--today", "2026-11-21"]);
    let stale_hyperbolic = |w: &&computecost::base::warning::Warning| {
        w.code == WarningKind::StaleFigure && w.message.contains("hyperbolic-h100")
    };
    assert!(!early.warnings.iter().any(|w| stale_hyperbolic(&w)), "{:?}", early.warnings);
    // A looser limit clears the late warnings too.
    let loose = point(&["--today", "2026-11-25", "--max-age-days", "500"]);
    assert!(loose.warnings.iter().all(|w| w.code != WarningKind::StaleFigure));
}

#[test]
fn the_memo_lists_stale_prices_among_its_caveats_and_reproduces_the_day() {
    let dir = tempfile::tempdir().unwrap();
    computecost()
        .args(["report", "--samples", "300", "-q", "--today", "2026-11-25", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let memo = std::fs::read_to_string(dir.path().join("chat-assistant/memo.md")).unwrap();
    let caveats = &memo[memo.find("## Caveats").unwrap()..memo.find("## Reproduce").unwrap()];
    assert!(caveats.contains("**Stale price**: offer `hyperbolic-h100-2026-05`"), "{caveats}");
    assert!(memo.contains("--today 2026-11-25"), "the reproduce command fixes the day");
}

#[test]
fn every_init_template_is_written_and_runs_as_written() {
    let dir = tempfile::tempdir().unwrap();
    for t in ["inference", "training", "gpu-hours", "privacy", "verification"] {
        let out = stdout_of(computecost().current_dir(dir.path()).args(["init", t]));
        let path = dir.path().join(format!("{t}.toml"));
        assert!(out.contains(&format!("computecost run {t}.toml")), "{out}");
        stdout_of(computecost().args(["validate"]).arg(&path));
        let results = results_of(computecost().args(["run", "--samples", "200", "--format", "json"]).arg(&path));
        assert!(results.providers.iter().any(|p| p.feasible), "{t}");
    }
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, "# my work\n").unwrap();
    let out = computecost().args(["init", "training", "--out"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# my work\n", "the file is untouched");
    computecost().args(["init", "training", "--force", "--out"]).arg(&path).assert().success();
    assert!(std::fs::read_to_string(&path).unwrap().contains("kind = \"training\""));
    let printed = stdout_of(computecost().args(["init", "privacy", "--out", "-"]));
    assert!(printed.contains("kind = \"fhe\""));
}

#[test]
fn completions_name_the_subcommands_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(computecost().args(["completions", shell]));
        for sub in ["explain", "init", "sweep", "catalog", "max-age-days"] {
            assert!(script.contains(sub), "{shell} completions lack {sub}");
        }
    }
    computecost().args(["completions", "powershell"]).assert().code(2);
}

#[test]
fn validate_and_diff_read_user_catalogs_too() {
    let (_dir, quote) = file("quotes.toml", QUOTE);
    let out = stdout_of(
        computecost()
            .args(["validate", "--warnings", "--today", "2026-11-25", "--catalog"])
            .arg(&quote)
            .arg(scenario("chat-assistant.toml")),
    );
    assert!(out.contains("ok ") && out.contains("offer `hyperbolic-h100-2026-05` is 184 days old"), "{out}");
    let d = json(
        computecost()
            .args(["diff", "--point", "--format", "json", "--catalog"])
            .arg(&quote)
            .arg(scenario("chat-assistant.toml"))
            .arg(scenario("chat-assistant.toml")),
    );
    assert!(d.is_object());
}

/// Median margin improvement of `id` in a point run with extra arguments.
fn improvement(id: &str, extra: &[&str]) -> f64 {
    stats(&point(extra), id, Metric::MarginImprovementPp).p50
}

#[test]
fn switching_the_savings_preset_moves_the_margin_by_the_expected_amount() {
    // Flagship: O = 800,000, L = 600,000, R = 2,000,000. Article medians 22.5% and 30%; measured medians
    // 0 and 8.4%: Δ = 100 · (800,000 · 0.225 + 600,000 · 0.216) / 2,000,000 = 15.48 pp, the same for every
    // provider because the compute cost does not change.
    for id in ["vast", "aws"] {
        let article = improvement(id, &[]);
        let measured = improvement(id, &["--set", "business.savings=\"measured\""]);
        assert!((article - measured - 15.48).abs() < 1e-9, "{id}: {article} − {measured}");
        assert_eq!(improvement(id, &["--set", "business.savings=\"article\""]), article, "article is the default");
    }
    // An explicit fraction wins over the preset.
    let pinned =
        improvement("aws", &["--set", "business.savings=\"measured\"", "--set", "business.labor_savings=0.30"]);
    let expected = improvement("aws", &[]) - 100.0 * 800_000.0 * 0.225 / 2_000_000.0;
    assert!((pinned - expected).abs() < 1e-9, "{pinned} vs {expected}");
}

#[test]
fn the_memo_shows_the_margin_under_both_presets_and_what_the_evidence_found() {
    let dir = tempfile::tempdir().unwrap();
    computecost().args(["report", "--samples", "300", "-q", "--out"]).arg(dir.path()).assert().success();
    let memo = std::fs::read_to_string(dir.path().join("chat-assistant/memo.md")).unwrap();
    assert!(memo.contains("| `article` (this memo) |") && memo.contains("| `measured` |"), "{memo}");
    assert!(memo.contains("**What independent studies found about AI savings**"));
}

#[test]
fn a_token_api_costs_tokens_times_price_by_hand() {
    // build-vs-buy.toml at its 5M requests: DeepInfra $0.30 in / $0.40 out per M tokens:
    // 5e6 × (1,000 × 0.30 + 250 × 0.40) / 1e6 = $2,000 a month; 6.25e9 tokens → $0.32 per 1M.
    let r = point(&[scenario("build-vs-buy.toml").to_str().unwrap()]);
    let d = provider(&r, "deepinfra");
    assert_eq!(d.pricing, Pricing::PerToken);
    assert!((stats(&r, "deepinfra", Metric::MonthlyCost).p50 - 2_000.0).abs() < 1e-9);
    assert!((stats(&r, "deepinfra", Metric::CostPerUnit).p50 - 0.32).abs() < 1e-12);
    assert!(d.metrics.as_ref().unwrap().get(Metric::GpuHours).is_none(), "a token API bills no GPU-hours");
    let price = assumption(&r, "providers.deepinfra.input_usd_per_mtok");
    assert_eq!(price.as_of, "2025-08-23");
    assert!(!price.source.is_empty());
}

#[test]
fn the_build_vs_buy_break_even_matches_a_hand_calculation() {
    // The cheapest self-hosted option is io.net at $2.49 (vast's range, widened for its age, now has a
    // higher median). At 5M requests io.net sits on its floor (one 4-GPU replica all month), C_floor; at a
    // break-even it runs n whole replicas, n × C_floor. Together charges 1,250 tokens × $0.88 / 10⁶ = $0.0011
    // a request, so self-hosting wins above C_floor / 0.0011 requests (one replica); Groq,
    // (1,000 × 0.59 + 250 × 0.79) / 10⁶, only once two replicas are needed: 2 × C_floor / 0.0007875.
    let r = point(&[scenario("build-vs-buy.toml").to_str().unwrap()]);
    let floor = stats(&r, "ionet", Metric::MonthlyCost).p50;
    let found = r.scenario.build_vs_buy.as_ref().unwrap();
    for (api, per_request, replicas) in
        [("together", 0.0011, 1.0), ("groq", 0.0007875, 2.0), ("bedrock", 0.003525, 1.0)]
    {
        let b = found.iter().find(|b| b.api == api).unwrap();
        let at = b.requests_per_month.unwrap();
        let hand = replicas * floor / per_request;
        assert!((at - hand).abs() / hand < 0.005, "{api}: {at} vs {hand}");
        assert_eq!(b.self_hosted.as_deref(), Some("ionet"));
    }
    let never = found.iter().find(|b| b.api == "deepinfra").unwrap();
    assert!(never.requests_per_month.is_none(), "renting GPUs at 50% utilization never beats $0.32/M");
    let dir = tempfile::tempdir().unwrap();
    computecost()
        .args(["report", "--point", "-q", "--today", "2026-11-30", "--out"])
        .arg(dir.path())
        .arg(scenario("build-vs-buy.toml"))
        .assert()
        .success();
    let memo = std::fs::read_to_string(dir.path().join("build-vs-buy/memo.md")).unwrap();
    // 7,274.65 / 0.003525 = 2.0637 million.
    assert!(memo.contains("> **Self-hosting beats bedrock above 2.06 million requests a month (on ionet)"), "{memo}");
}

#[test]
fn token_api_mistakes_are_located() {
    let (_dir, path) = file(
        "t.toml",
        "[scenario]\nname = \"t\"\nheadline = \"build_vs_buy\"\n[workload]\nkind = \"inference\"\nmodel = \"llama-3-8b\"\n\
         requests_per_month = 1e6\ninput_tokens = 100\noutput_tokens = 100\nbatch_size = 8\n\
         [[providers]]\nid = \"api\"\noffer = \"deepinfra-llama3-70b-2025\"\n\
         [[providers]]\nid = \"api2\"\npricing = \"per_token\"\nkind = \"centralized\"\ninput_usd_per_mtok = 1\n\
         output_usd_per_mtok = 1\nprice_per_gpu_hour = 2\n",
    );
    let out = computecost().args(["validate"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("serves Meta-Llama-3-70B-Instruct (llama-3-70b), but the workload's model is `llama-3-8b`"),
        "{err}"
    );
    assert!(err.contains("t.toml:13:9"), "{err}");
    assert!(err.contains("`price_per_gpu_hour` does not apply to a provider priced per token"), "{err}");
    assert!(err.contains("needs both token APIs and GPU providers"), "{err}");
}

#[test]
fn the_flagship_memo_shows_token_apis_beside_gpus() {
    let r = point(&[]);
    assert!(r.providers.iter().any(|p| p.pricing == Pricing::PerToken && p.gpu.is_none()));
    assert!(r.providers.iter().any(|p| p.gpu.as_deref() == Some("h100-sxm-80gb")));
    let memo = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/output/chat-assistant/memo.md")).unwrap();
    assert!(memo.contains("| token API   "), "the committed memo's table");
}
