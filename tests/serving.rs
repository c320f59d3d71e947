//! Serving as it is bought and used (issue 15): queueing at the busiest hour, the TPOT objective with a fixed
//! and an "auto" batch, throughput and token-API speeds in results.json.

use crate::util::{computecost, provider, results_of, scenario, stats};
use computecost::analysis::Results;
use computecost::sim::Metric;

fn point(sets: &[String]) -> Results {
    let mut cmd = computecost();
    cmd.args(["run", "--point", "--format", "json"]).arg(scenario("chat-assistant.toml"));
    for s in sets {
        cmd.args(["--set", s]);
    }
    results_of(&mut cmd)
}

fn trials(sets: &[&str]) -> Results {
    let mut cmd = computecost();
    cmd.args(["run", "--format", "json", "--samples", "2000", "--seed", "5"]).arg(scenario("chat-assistant.toml"));
    for s in sets {
        cmd.args(["--set", s]);
    }
    results_of(&mut cmd)
}

/// A fleet pinned at 4 replicas of batch 64 on 4 GPUs, demand flat over the day, no latency objectives, and
/// every replica's capacity usable: load is the only thing that changes.
fn fixed_fleet(requests: f64) -> Vec<String> {
    [
        "workload.batch_size=64",
        "workload.gpus_per_replica=4",
        "workload.min_replicas=4",
        "workload.demand.peak_to_average=1",
        "workload.ttft_slo_ms=86400000",
        "workload.tpot_slo_ms=86400000",
        "providers.lambda.utilization=1",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("workload.requests_per_month={requests}")])
    .collect()
}

#[test]
fn ttft_tail_grows_with_load_at_a_fixed_fleet() {
    // The replica's throughput does not depend on load: read it once, then load the 4 replicas from 30% to
    // 95% of their capacity.
    let probe = point(&fixed_fleet(1e6));
    let per_replica = stats(&probe, "lambda", Metric::RequestsPerSPerReplica).p50;
    let capacity_per_month = 4.0 * per_replica * 730.0 * 3600.0;
    let mut ratios = Vec::new();
    for load in [0.3, 0.6, 0.8, 0.9, 0.95] {
        let r = point(&fixed_fleet(load * capacity_per_month));
        assert_eq!(provider(&r, "lambda").detail.unwrap().replicas_peak, 4, "the fleet stays at 4 replicas");
        let p50 = stats(&r, "lambda", Metric::TtftMs).p50;
        let p95 = stats(&r, "lambda", Metric::TtftP95Ms).p50;
        ratios.push((load, p95 / p50));
    }
    for pair in ratios.windows(2) {
        assert!(pair[1].1 >= pair[0].1, "TTFT p95/p50 falls with load: {ratios:?}");
    }
    let at_90 = ratios.iter().find(|(l, _)| *l == 0.9).unwrap().1;
    assert!(at_90 > 1.2, "TTFT p95/p50 at 90% peak utilization is {at_90}: {ratios:?}");
    assert!(ratios[0].1 < 1.01, "at 30% nobody waits: {ratios:?}");
}

/// The GPU providers of the flagship.
const RENTED: [&str; 8] = ["aws", "gcp", "lambda", "coreweave", "ionet", "akash", "hyperbolic", "vast"];

#[test]
fn a_fixed_batch_misses_a_tight_tpot_objective_and_auto_meets_it_at_a_price() {
    let fixed = trials(&["workload.batch_size=64", "workload.tpot_slo_ms=20"]);
    for id in RENTED {
        let p = provider(&fixed, id);
        assert!(p.p_slo_met.unwrap() < 1.0, "{id}: batch 64 meets a 20 ms TPOT p95 in every trial");
    }
    let auto = trials(&["workload.tpot_slo_ms=20"]);
    let loose = trials(&["workload.tpot_slo_ms=86400000"]);
    for id in RENTED {
        let p = provider(&auto, id);
        if p.p_feasible < 1.0 {
            continue; // capacity-limited trials are reported apart
        }
        // Issue 15 asked for 99%. Since the fitted priors (issue 16), 20 ms is out of reach of any batch in
        // about 2% of trials: batch 1 on 8 GPUs decodes in 250 · (t_mem + t_ar) ≈ 20.2 ms a token when the
        // MBU draw is near its p5 (0.42) and the all-reduce latency near its p95 (46 µs).
        assert!(p.p_slo_met.unwrap() >= 0.98, "{id}: auto meets the objective in {:?}", p.p_slo_met);
        let tight = stats(&auto, id, Metric::CostPerUnit).p50;
        let free = stats(&loose, id, Metric::CostPerUnit).p50;
        assert!(tight > free, "{id}: ${tight} per 1M tokens with a 20 ms TPOT objective, ${free} without");
        assert!(stats(&auto, id, Metric::TpotP95Ms).p95 <= 20.0 + 1e-9, "{id}");
    }
}

#[test]
fn throughput_metrics_and_token_api_speeds_reach_results_json() {
    let r = point(&[]);
    for id in RENTED {
        let per_gpu = stats(&r, id, Metric::OutputTokensPerSPerGpu).p50;
        let per_user = stats(&r, id, Metric::OutputTokensPerSPerUser).p50;
        let per_replica = stats(&r, id, Metric::RequestsPerSPerReplica).p50;
        let d = provider(&r, id).detail.unwrap();
        // Per GPU = requests/s per replica × output tokens / GPUs per replica; per user = 1 / median TPOT.
        assert!((per_gpu - per_replica * 250.0 / f64::from(d.gpus_per_replica)).abs() < 1e-6 * per_gpu, "{id}");
        assert!((per_user - 1000.0 / stats(&r, id, Metric::TpotMs).p50).abs() < 1e-6 * per_user, "{id}");
        assert!(d.instance_gpus >= d.gpus_per_replica && d.instances_peak >= 1, "{id}: {d:?}");
    }
    // `explain` derives the same figure step by step, and the table shows it.
    let vast = stats(&r, "vast", Metric::OutputTokensPerSPerGpu).p50;
    let mut cmd = computecost();
    cmd.args(["explain", "--provider", "vast", "--metric", "output_tokens_per_s_per_gpu"]);
    let out = cmd.arg(scenario("chat-assistant.toml")).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.trim_start().starts_with("tok/s/GPU")).expect("a tok/s/GPU step");
    let shown: f64 = line.split_whitespace().rev().nth(1).unwrap().replace(',', "").parse().unwrap();
    assert!((shown - vast).abs() <= 0.01 * vast, "explain {shown} vs results.json {vast}");
    assert!(text.contains("= X · T_out / g"), "{text}");
    let mut cmd = computecost();
    let out = cmd.args(["run", "--point"]).arg(scenario("chat-assistant.toml")).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("tok/s/GPU") && table.contains("TPOT p95"), "{table}");
    // A token API has no GPU or replica: those metrics are absent, its speed is per user.
    let api = provider(&r, "deepinfra").metrics.as_ref().unwrap();
    assert!(api.get(Metric::OutputTokensPerSPerGpu).is_none() && api.get(Metric::RequestsPerSPerReplica).is_none());
    assert!(api.get(Metric::OutputTokensPerSPerUser).is_some());
    // Groq publishes its speed: a Groq offer carries it (330 tok/s for 70B), with its source.
    let mut cmd = computecost();
    cmd.args(["run", "--point", "--format", "json"]).arg(scenario("build-vs-buy.toml"));
    let bvb = results_of(&mut cmd);
    if let Some(groq) = bvb.providers.iter().find(|p| p.offer.as_deref().is_some_and(|o| o.starts_with("groq-"))) {
        let speed = groq.metrics.as_ref().unwrap().get(Metric::OutputTokensPerSPerUser).unwrap().p50;
        assert_eq!(speed, 330.0);
        let a =
            bvb.assumptions.iter().find(|a| a.path == format!("providers.{}.output_tokens_per_s", groq.id)).unwrap();
        assert!(a.source.contains("kickllm") && a.from == "catalog", "{a:?}");
    } else {
        panic!("build-vs-buy.toml has no Groq provider");
    }
}

#[test]
fn energy_per_token_is_near_ml_energy() {
    // ML.ENERGY v3: Llama 3.1 8B on one H100 at batch 64, 0.12 J per output token (GPU energy, vLLM 0.11.1).
    // The model, fully busy, draws the TDP: J per token = 700 W / output tokens per second per GPU. Its
    // TDP is an upper bound, so the model may sit above the measurement, by less than 2×.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.toml");
    std::fs::write(
        &path,
        "[scenario]\nname = \"ML.ENERGY check\"\n[workload]\nkind = \"inference\"\nmodel = \"llama-3-8b\"\n\
         requests_per_month = 1e7\ninput_tokens = 1000\noutput_tokens = 1000\nbatch_size = 64\ngpus_per_replica = 1\n\
         [[providers]]\nid = \"h100\"\nkind = \"centralized\"\ngpu = \"h100-sxm-80gb\"\nprice_per_gpu_hour = 2.0\npue = 1.0\n",
    )
    .unwrap();
    let r = crate::util::results_of(computecost().args(["run", "--point", "--format", "json"]).arg(&path));
    let p = &r.providers[0];
    let tps = p.detail.as_ref().unwrap().output_tokens_per_s_per_gpu;
    let joules = 700.0 / tps;
    assert!((0.12..0.24).contains(&joules), "{joules} J per output token vs 0.12 measured");
    // Every GPU provider of the flagship reports energy; token APIs do not.
    let flagship = crate::util::results_of(computecost().args(["run", "--point", "--format", "json"]));
    for p in &flagship.providers {
        let e = p.metrics.as_ref().unwrap().get(Metric::EnergyKwh);
        assert_eq!(e.is_some(), p.gpu.is_some(), "{}", p.id);
        if let Some(e) = e {
            let co2 = p.metrics.as_ref().unwrap().get(Metric::Co2eKg).unwrap().p50;
            assert!((co2 / e.p50 - 0.367).abs() < 1e-9, "{}: CO2e = kWh × 0.367", p.id);
        }
    }
}
