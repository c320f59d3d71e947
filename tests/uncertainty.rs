use crate::util::{Terminal, computecost, on_a_terminal, scenario, stdout_of};
use computecost::base::diagnostic::Source;
use computecost::catalog::Catalog;
use computecost::scenario::parse;
use computecost::sim::SimOptions;
use predicates::prelude::*;

fn json(args: &[&str]) -> String {
    stdout_of(
        computecost()
            .args(["run", "--format", "json", "--samples", "3000"])
            .args(args)
            .arg(scenario("chat-assistant.toml")),
    )
}

#[test]
fn the_same_seed_gives_identical_json_on_one_and_two_threads() {
    let one = json(&["--threads", "1", "--seed", "7"]);
    let two = json(&["--threads", "2", "--seed", "7"]);
    assert_eq!(one, two);
    let other = json(&["--threads", "2", "--seed", "8"]);
    assert_ne!(one, other);
    assert!(other.contains("\"seed\": 8"));
}

#[test]
fn zero_samples_is_refused_and_point_conflicts_with_samples() {
    computecost()
        .args(["run", "--samples", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--samples must be at least 1"));
    computecost().args(["run", "--point", "--samples", "10"]).assert().code(2);
}

/// Two providers that differ only by a 5% higher price, on an uncertain workload.
const TWINS: &str = r#"
[scenario]
name = "twins"
[workload]
kind = "inference"
model = "llama-3-8b"
requests_per_month = { dist = "lognormal", p5 = 2e6, p95 = 6e7 }
input_tokens = { dist = "uniform", low = 300, high = 3000 }
output_tokens = 200
batch_size = 32
[[providers]]
id = "cheap"
kind = "decentralized"
gpu = "h100-sxm-80gb"
price_per_gpu_hour = 2.00
utilization = 0.5
[[providers]]
id = "dear"
kind = "decentralized"
gpu = "h100-sxm-80gb"
price_per_gpu_hour = 2.10
utilization = 0.5
"#;

#[test]
fn common_random_numbers_make_paired_comparisons_sharp() {
    // With common random numbers both providers see the same demand, tokens and shared defaults in every
    // trial, so the one priced 5% lower is cheaper in every trial. Without them, each provider's cost moves
    // with its own demand draw, which swamps the 5% gap and blurs the answer towards a coin toss (not all
    // the way: in low-demand trials both sit at the one-replica floor, where demand does not matter).
    let catalog = Catalog::builtin().unwrap();
    let s = parse(&Source::new("twins.toml", TWINS), "twins", &catalog).unwrap();
    let p_cheaper = |crn: bool| {
        let opts = SimOptions { samples: 20_000, seed: 1, crn };
        let r = computecost::analysis::monte_carlo(&s, &catalog, &opts, &|_| {});
        r.comparisons[0].p_a_cheaper
    };
    let (with, without) = (p_cheaper(true), p_cheaper(false));
    assert_eq!(with, 1.0);
    assert!(without > 0.5 && without < 0.85, "without CRN {without}");
}

#[test]
fn shared_defaults_are_one_draw_for_all_their_users() {
    // Without a scenario value, both twins take the uncertain default utilization, uniform(0.3, 0.7). It is
    // one draw per trial for both, so the cheaper one still wins every trial; drawn per provider it would
    // lose often, since utilization moves the cost by up to 2.3x.
    let text = TWINS.replace("utilization = 0.5\n", "");
    assert!(!text.contains("utilization"));
    let catalog = Catalog::builtin().unwrap();
    let s = parse(&Source::new("twins.toml", text), "twins", &catalog).unwrap();
    let r =
        computecost::analysis::monte_carlo(&s, &catalog, &SimOptions { samples: 5_000, seed: 3, crn: true }, &|_| {});
    assert_eq!(r.comparisons[0].p_a_cheaper, 1.0);
    assert!((r.comparisons[0].median_ratio - 2.0 / 2.1).abs() < 1e-3, "{}", r.comparisons[0].median_ratio);
}

#[test]
fn progress_bar_on_a_terminal() {
    // Regression: main.rs held the stderr lock for the whole run, so the bar's first draw from a worker
    // thread deadlocked once a run passed half a second. The run must finish, and show its progress.
    let Some((code, tty)) = on_a_terminal(Terminal::Stderr, &["run", "--samples", "400000", "--format", "json"], &[])
    else {
        eprintln!("python3 not available: skipping the terminal test");
        return;
    };
    assert_eq!(code, 0);
    assert!(tty.contains("trials"), "no progress bar on the terminal: {tty:?}");
    let (code, tty) =
        on_a_terminal(Terminal::Stderr, &["run", "--samples", "400000", "--format", "json", "--quiet"], &[])
            .expect("python3");
    assert_eq!((code, tty.as_str()), (0, ""), "--quiet must keep the terminal clean");
}

/// A GPU-hours scenario with `n` providers: a cheap model, so the run's own bookkeeping dominates.
fn many_gpu_hour_providers(n: usize) -> String {
    let mut s = String::from(
        "[scenario]\nname = \"memory\"\n\n[workload]\nkind = \"gpu_hours\"\nreference_gpu = \"a100-sxm-80gb\"\n\
         gpu_hours_per_month = 2000\n",
    );
    let offers = ["lambda-h100-sxm-8x-od-2026", "vast-rtx4090-cheapest-verified-2026-10", "akash-a100-80-page-2026-09"];
    for i in 0..n {
        s += &format!("\n[[providers]]\nid = \"p{i}\"\noffer = \"{}\"\n", offers[i % offers.len()]);
    }
    s
}

#[test]
#[cfg(target_os = "linux")]
fn peak_memory_does_not_grow_with_the_trials() {
    // Every chunk of 1,024 trials leaves its moments (about 0.75 kB per provider) until they are merged in
    // chunk order; merged batch by batch, they no longer pile up over a run (sim::BATCH_CHUNKS).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.toml");
    std::fs::write(&file, many_gpu_hour_providers(16)).unwrap();
    let peak = |samples: &str| {
        let (code, peak) = crate::util::peak_memory(&[
            "run",
            file.to_str().unwrap(),
            "--samples",
            samples,
            "--threads",
            "2",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0);
        peak
    };
    let small = peak("200000");
    let large = peak("2000000");
    assert!(large < small + (16 << 20), "{} MB at 2e5 trials, {} MB at 2e6", small >> 20, large >> 20);
}

#[test]
fn shared_batch_searches_give_each_provider_its_own_outcome() {
    // The providers of one trial share batch searches (same GPU, shapes and latency inputs); every
    // outcome must be what evaluating the provider alone gives, over many trials of every example.
    let catalog = Catalog::builtin().unwrap();
    for name in ["chat-assistant.toml", "verifiable-inference.toml", "private-inference.toml", "build-vs-buy.toml"] {
        let s = computecost::scenario::load(&scenario(name), &catalog).unwrap();
        let plan = computecost::sim::Plan::new(&s);
        let mut rng = computecost::sim::chunk_rng(3, 0);
        let mut values = vec![0.0; plan.vars.len()];
        let mut searches = computecost::model::Searches::default();
        let mut shared_hits = 0;
        for _ in 0..200 {
            plan.draw(&mut rng, &mut values);
            let w = plan.workload(&values);
            let biz = plan.business(&values);
            searches.clear();
            for (k, p) in s.providers.iter().enumerate() {
                let terms = plan.provider(k, &values);
                let alone = computecost::model::evaluate(&s.workload, &w, p.setup(), &terms, biz.as_ref());
                let shared = computecost::model::evaluate_shared(
                    &s.workload,
                    &w,
                    p.setup(),
                    &terms,
                    biz.as_ref(),
                    &mut searches,
                );
                assert_eq!(alone, shared, "{name} {}", p.id);
            }
            shared_hits += s.providers.iter().filter(|p| p.gpu.is_some()).count() - searches.len();
        }
        if name == "chat-assistant.toml" {
            assert!(shared_hits > 0, "no provider of the flagship shared a search");
        }
    }
}
