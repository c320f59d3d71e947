//! Inference: roofline throughput of a replica, the replicas a month of demand needs, cost lines and latency.
//! docs/MODEL.md, "Inference".

use super::overheads::{attestation_multiplier, privacy_multiplier, replication_factor, zk_prove_seconds};
use super::queueing::wait_quantiles;
use super::{
    CostBreakdown, Detail, HOURS_PER_MONTH, Infeasible, InferenceInputs, InferenceSetup, Latency, Outcome, OverlapMode,
    Precision, ProviderInputs, Verification, fees, peak_flops,
};
use crate::catalog::Gpu;

/// How one replica of `g` GPUs performs at batch `b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Replica {
    /// GPUs per replica.
    pub gpus: u32,
    /// Concurrent sequences used.
    pub batch: u32,
    /// Largest batch the KV cache holds.
    pub batch_max: u32,
    /// Prefill time of one request, s.
    pub prefill_s: f64,
    /// Memory-bound time of one decode step at `batch`, s.
    pub step_memory_s: f64,
    /// Compute-bound time of one decode step at `batch`, s.
    pub step_compute_s: f64,
    /// Time for a batch of requests to go through prefill and all decode steps, s (a slot's service time).
    pub cycle_s: f64,
    /// Matmul precision used.
    pub compute_precision: Precision,
}

/// Picks the replica size and computes its roofline timings.
///
/// # Formula
/// (docs/MODEL.md, "Inference: one replica")
/// - KV per sequence at its longest `kv_seq = (T_in + T_out)·kv_tok`; batch that fits
///   `b_max = ⌊(g·M·(1 − reserve) − P·q_w) / kv_seq⌋`; `g` = smallest power of two ≤ max whose `b_max ≥` the
///   requested batch, else the largest that fits one sequence (batch capped).
/// - prefill `t_pf = 2·P_active·T_in·(1 − hit) / (g·F·MFU)`
/// - decode step `t_mem = (P·q_w + b·kv_avg) / (g·BW·MBU)`, `t_comp = 2·P_active·b / (g·F·MFU)`,
///   `kv_avg = (T_in + T_out/2)·kv_tok`
/// - sequential: `cycle = b·t_pf + T_out·max(t_mem, t_comp)`;
///   chunked: `cycle = max(T_out·t_mem, b·t_pf + T_out·t_comp)`; then `cycle /= serving_efficiency`.
pub fn replica(
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    gpu: &Gpu,
    max_gpus: f64,
) -> Result<Replica, Infeasible> {
    let model = &setup.model;
    let seq_tokens = w.input_tokens + w.output_tokens;
    if seq_tokens > f64::from(model.context_length) {
        return Err(Infeasible::ContextTooLong { tokens: seq_tokens, context: model.context_length });
    }
    let compute_precision = setup.compute_precision.unwrap_or(
        if setup.weight_precision == Precision::Fp8 && gpu.fp8_dense_tflops.is_some() {
            Precision::Fp8
        } else {
            Precision::Bf16
        },
    );
    let flops = peak_flops(gpu, compute_precision)?;
    let bandwidth = gpu.memory_bandwidth_tbs * 1e12;
    let memory = gpu.memory_gb * 1e9;
    let params = model.params_b * 1e9;
    let active = model.active_params_b * 1e9;
    let weights = params * setup.weight_precision.bytes();
    let kv_tok = model.kv_bytes_per_token_bf16 * setup.kv_precision.bytes() / Precision::Bf16.bytes();
    let kv_seq = seq_tokens * kv_tok;
    let usable = |g: u32| f64::from(g) * memory * (1.0 - w.memory_reserve_fraction) - weights;
    // Casts truncate, which is floor for these non-negative values (and saturate at 0 and u32::MAX).
    let batch_max_at = |g: u32| (usable(g) / kv_seq) as u32;
    let wanted = f64::from(w.batch_size.max(1.0) as u32);

    // Powers of two up to the per-replica limit, or the one size the scenario fixes.
    let largest = max_gpus.max(1.0);
    let candidates = (0..=6).map(|k| 1u32 << k).filter(|&g| f64::from(g) <= largest);
    let sizes = |fixed: Option<u32>| fixed.into_iter().chain(candidates.clone().filter(move |_| fixed.is_none()));
    let mut largest_fitting = None;
    let mut chosen = None;
    for g in sizes(setup.gpus_per_replica) {
        if batch_max_at(g) >= 1 {
            largest_fitting = Some(g);
            if chosen.is_none() && f64::from(batch_max_at(g)) >= wanted {
                chosen = Some(g);
            }
        }
    }
    let gpus = match (chosen, largest_fitting) {
        (Some(g), _) | (None, Some(g)) => g,
        (None, None) => {
            let g = sizes(setup.gpus_per_replica).last().unwrap_or(1);
            return Err(Infeasible::DoesNotFit {
                need_gb: (weights + kv_seq) / 1e9,
                have_gb: f64::from(g) * memory * (1.0 - w.memory_reserve_fraction) / 1e9,
                gpus: g,
            });
        }
    };
    let batch_max = batch_max_at(gpus);
    let batch = (wanted.min(f64::from(batch_max))) as u32;
    let b = f64::from(batch);
    let g = f64::from(gpus);

    let prefill_s = 2.0 * active * w.input_tokens * (1.0 - w.cache_hit_fraction) / (g * flops * w.mfu);
    let kv_avg = (w.input_tokens + w.output_tokens / 2.0) * kv_tok;
    let step_memory_s = (weights + b * kv_avg) / (g * bandwidth * w.mbu);
    let step_compute_s = 2.0 * active * b / (g * flops * w.mfu);
    let cycle = match setup.overlap {
        OverlapMode::Sequential => b * prefill_s + w.output_tokens * step_memory_s.max(step_compute_s),
        OverlapMode::Chunked => (w.output_tokens * step_memory_s).max(b * prefill_s + w.output_tokens * step_compute_s),
    };
    Ok(Replica {
        gpus,
        batch,
        batch_max,
        prefill_s,
        step_memory_s,
        step_compute_s,
        cycle_s: cycle / w.serving_efficiency,
        compute_precision,
    })
}

/// Replicas needed on average: demand over per-replica throughput at the target utilization, at least the floor.
fn replicas(arrival_per_s: f64, per_replica_per_s: f64, utilization: f64, min_replicas: f64) -> f64 {
    (arrival_per_s / (per_replica_per_s * utilization)).max(min_replicas)
}

/// Evaluates an inference workload on one provider. docs/MODEL.md, "Inference: serving a month".
pub fn evaluate(
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    gpu: &Gpu,
    p: &ProviderInputs<f64>,
) -> Result<Outcome, Infeasible> {
    let r = replica(setup, w, gpu, p.max_gpus_per_replica)?;
    let g = f64::from(r.gpus);
    let b = f64::from(r.batch);
    let arrival = w.requests_per_month / (HOURS_PER_MONTH * 3600.0);
    let time_privacy = privacy_multiplier(&p.privacy);
    let time_total = time_privacy * attestation_multiplier(&p.verification);
    let cycle_total = r.cycle_s * time_total;

    // GPU-hours with and without each time multiplier: the differences are the privacy and attestation lines.
    let hours = |multiplier: f64| {
        replicas(arrival, b / (r.cycle_s * multiplier), p.utilization, w.min_replicas) * g * HOURS_PER_MONTH
    };
    let plain_h = hours(1.0);
    let private_h = hours(time_privacy);
    let total_h = hours(time_total);
    let work_h = arrival / (b / (r.cycle_s * time_privacy) * p.utilization) * g * HOURS_PER_MONTH;
    let verification_h = match &p.verification {
        Verification::None => 0.0,
        Verification::Replication { factor } => (factor - 1.0) * private_h,
        Verification::SpotCheck { rate, recompute_fraction } => rate * recompute_fraction * work_h,
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, .. } => {
            let per_request = zk_prove_seconds(
                *prove_gpu_seconds_per_bparam_2k,
                setup.model.active_params_b,
                w.input_tokens + w.output_tokens,
            );
            w.requests_per_month * per_request / 3600.0
        }
        Verification::TeeAttestation { .. } => total_h - private_h,
    };
    // Attestation's extra time is in `verification_h`, so this is `total_h` plus any other verification work.
    let serving_h = private_h + verification_h;
    let failure_h = p.failure_rate_per_gpu_hour * serving_h * g * (p.restart_minutes / 60.0 + cycle_total / 7200.0);

    let replicas_total = replicas(arrival, b / cycle_total, p.utilization, w.min_replicas);
    let gpus_at_once = replicas_total.ceil() * g * replication_factor(&p.verification);
    if let Some(capacity) = p.capacity_gpus
        && gpus_at_once > capacity
    {
        return Err(Infeasible::Capacity { need_gpus: gpus_at_once, capacity_gpus: capacity });
    }

    let price = p.price_per_gpu_hour;
    let compute = plain_h * price;
    let privacy = (private_h - plain_h) * price;
    let verification = verification_h * price;
    let failures = failure_h * price;
    let egress_gb = w.requests_per_month * w.output_tokens * w.bytes_per_token / 1e9;
    let weights_gb = setup.model.params_b * setup.weight_precision.bytes();
    let cost = CostBreakdown {
        compute,
        verification,
        privacy,
        failures,
        egress: egress_gb * p.egress_per_gb,
        storage: weights_gb * p.storage_per_gb_month,
        fees: fees(p, compute + privacy + verification + failures),
    };
    let monthly_cost = cost.total();
    let tokens = w.requests_per_month * (w.input_tokens + w.output_tokens);

    let latency = latency(w, p, &r, replicas_total, cycle_total, arrival, time_total, setup);
    Ok(Outcome {
        cost,
        monthly_cost,
        cost_per_unit: if tokens > 0.0 { monthly_cost / (tokens / 1e6) } else { 0.0 },
        gpu_hours: serving_h + failure_h,
        latency: Some(latency),
        margin: None,
        detail: Detail {
            gpus_per_replica: r.gpus,
            batch: r.batch,
            batch_max: r.batch_max,
            replicas: replicas_total,
            tokens_per_s_per_replica: b * w.output_tokens / cycle_total,
            decode_memory_bound: r.step_memory_s >= r.step_compute_s,
            wall_clock_hours: 0.0,
            goodput: 1.0,
            units_per_month: tokens,
            batch_capped: r.batch < w.batch_size.max(1.0) as u32,
            gpus_capped: false,
            compute_precision: Some(r.compute_precision),
        },
    })
}

/// Request latency at the month's average load. docs/MODEL.md, "Inference: latency".
///
/// # Formula
/// `TTFT = RTT + W + t_pf·m (+ proof)`, `E2E = RTT + W + cycle·m (+ proof)`, `TPOT = cycle·m / T_out`, the proof
/// counting only when the answer waits for it (synchronous zk),
/// with `m` the privacy and
/// attestation time multiplier and `W` the Erlang C wait for one of `c = ⌈replicas⌉·b` slots of service
/// time `cycle·m`; p50/p95 are quantiles of `W`.
#[allow(clippy::too_many_arguments)]
fn latency(
    w: &InferenceInputs<f64>,
    p: &ProviderInputs<f64>,
    r: &Replica,
    replicas: f64,
    cycle_total: f64,
    arrival: f64,
    time_total: f64,
    setup: &InferenceSetup,
) -> Latency {
    let slots = replicas.ceil() * f64::from(r.batch);
    let rtt = p.rtt_ms / 1000.0;
    let [w50, w95] = if arrival > 0.0 { wait_quantiles(slots, cycle_total, arrival, [0.5, 0.95]) } else { [0.0; 2] };
    let proof = match &p.verification {
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, synchronous: true } => zk_prove_seconds(
            *prove_gpu_seconds_per_bparam_2k,
            setup.model.active_params_b,
            w.input_tokens + w.output_tokens,
        ),
        _ => 0.0,
    };
    let prefill = r.prefill_s * time_total;
    // A synchronously proven answer is withheld until the proof exists: its first token waits too.
    let lat = Latency {
        ttft_p50_s: rtt + w50 + prefill + proof,
        ttft_p95_s: rtt + w95 + prefill + proof,
        e2e_p50_s: rtt + w50 + cycle_total + proof,
        e2e_p95_s: rtt + w95 + cycle_total + proof,
        tpot_s: cycle_total / w.output_tokens,
        slo_met: true,
    };
    let e2e_ok = w.latency_slo_ms.is_none_or(|slo| lat.e2e_p95_s * 1000.0 <= slo);
    let ttft_ok = w.ttft_slo_ms.is_none_or(|slo| lat.ttft_p95_s * 1000.0 <= slo);
    Latency { slo_met: e2e_ok && ttft_ok, ..lat }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::Privacy;

    pub(crate) fn setup(overlap: OverlapMode, gpus: Option<u32>) -> InferenceSetup {
        let catalog = Catalog::builtin().unwrap();
        InferenceSetup {
            model: catalog.model("llama-3-70b").unwrap().clone(),
            weight_precision: Precision::Bf16,
            kv_precision: Precision::Bf16,
            compute_precision: None,
            overlap,
            gpus_per_replica: gpus,
        }
    }

    pub(crate) fn workload(batch: f64) -> InferenceInputs<f64> {
        InferenceInputs {
            requests_per_month: 1e7,
            input_tokens: 1000.0,
            output_tokens: 250.0,
            cache_hit_fraction: 0.0,
            batch_size: batch,
            latency_slo_ms: Some(10_000.0),
            ttft_slo_ms: None,
            tpot_slo_ms: None,
            mfu: 0.4,
            mbu: 0.7,
            serving_efficiency: 1.0,
            memory_reserve_fraction: 0.1,
            min_replicas: 1.0,
            bytes_per_token: 4.0,
        }
    }

    pub(crate) fn terms(price: f64) -> ProviderInputs<f64> {
        ProviderInputs {
            price_per_gpu_hour: price,
            utilization: 0.5,
            capacity_gpus: None,
            rtt_ms: 38.5,
            failure_rate_per_gpu_hour: 0.0,
            restart_minutes: 12.5,
            egress_per_gb: 0.09,
            storage_per_gb_month: 0.023,
            fixed_monthly_fee: 0.0,
            fee_fraction: 0.0,
            interconnect_efficiency: 1.0,
            checkpoint_write_gbs_per_gpu: 0.122,
            max_gpus_per_replica: 8.0,
            verification: Verification::None,
            privacy: Privacy::None,
        }
    }

    fn h100() -> Gpu {
        Catalog::builtin().unwrap().gpu("h100-sxm-80gb").unwrap().clone()
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn decode_step_llama3_70b_on_4_h100_by_hand() {
        // Weights 70.55e9 × 2 B = 141.1e9 B. KV at batch 1: (1000 + 250/2) × 327,680 B = 368.64e6 B.
        // t_mem = (141.1e9 + 368.64e6) / (4 × 3.35e12 × 0.7) = 141.46864e9 / 9.38e12 = 15.082 ms.
        // t_comp = 2 × 70.55e9 × 1 / (4 × 989.5e12 × 0.4) = 0.0891 ms, so decode is memory-bound.
        let r = replica(&setup(OverlapMode::Sequential, Some(4)), &workload(1.0), &h100(), 8.0).unwrap();
        assert_eq!((r.gpus, r.batch), (4, 1));
        assert!(close(r.step_memory_s, 141.46864e9 / 9.38e12, 1e-12), "{}", r.step_memory_s);
        assert!(close(r.step_compute_s, 141.1e9 / 1583.2e12, 1e-12));
        assert!((r.step_memory_s * 1000.0 - 15.082).abs() < 0.001);
    }

    #[test]
    fn batch_32_cycle_by_hand() {
        // b_max = ⌊(4 × 80e9 × 0.9 − 141.1e9) / (1250 × 327,680)⌋ = ⌊146.9e9 / 409.6e6⌋ = 358.
        // t_pf = 2 × 70.55e9 × 1000 / 1583.2e12 = 89.124 ms.
        // t_mem = (141.1e9 + 32 × 368.64e6) / 9.38e12 = 152.89648e9 / 9.38e12 = 16.300 ms.
        // t_comp = 2 × 70.55e9 × 32 / 1583.2e12 = 2.852 ms.
        // sequential: 32 × 0.089124 + 250 × 0.016300 = 2.85197 + 4.07507 = 6.92704 s.
        // chunked: max(250 × 0.016300, 2.85197 + 250 × 0.002852) = max(4.07507, 3.56497) = 4.07507 s.
        let seq = replica(&setup(OverlapMode::Sequential, Some(4)), &workload(32.0), &h100(), 8.0).unwrap();
        assert_eq!(seq.batch_max, 358);
        let t_pf = 141.1e12 / 1583.2e12;
        let t_mem = 152.89648e9 / 9.38e12;
        assert!(close(seq.cycle_s, 32.0 * t_pf + 250.0 * t_mem, 1e-12));
        assert!((seq.cycle_s - 6.92704).abs() < 1e-4, "{}", seq.cycle_s);
        let chunked = replica(&setup(OverlapMode::Chunked, Some(4)), &workload(32.0), &h100(), 8.0).unwrap();
        assert!(close(chunked.cycle_s, 250.0 * t_mem, 1e-12));
    }

    #[test]
    fn replica_size_is_the_smallest_that_holds_the_batch() {
        // 2 GPUs: 144e9 − 141.1e9 = 2.9e9 B → 7 sequences; 4 GPUs hold 358. Batch 4 fits on 2, 32 needs 4.
        let s = setup(OverlapMode::Chunked, None);
        assert_eq!(replica(&s, &workload(4.0), &h100(), 8.0).unwrap().gpus, 2);
        assert_eq!(replica(&s, &workload(32.0), &h100(), 8.0).unwrap().gpus, 4);
        // A batch larger than 8 GPUs hold is capped, not refused.
        let big = replica(&s, &workload(5000.0), &h100(), 8.0).unwrap();
        assert_eq!(big.gpus, 8);
        assert!(big.batch < 5000 && big.batch == big.batch_max);
    }

    #[test]
    fn model_that_does_not_fit_is_infeasible_with_its_reason() {
        // Llama-3.1-405B in BF16: 405.85e9 × 2 B = 811.7 GB of weights > 8 × 80 GB × 0.9 = 576 GB.
        let catalog = Catalog::builtin().unwrap();
        let mut s = setup(OverlapMode::Chunked, None);
        s.model = catalog.model("llama-3.1-405b").unwrap().clone();
        let err = replica(&s, &workload(1.0), &h100(), 8.0).unwrap_err();
        match err {
            Infeasible::DoesNotFit { gpus, need_gb, have_gb } => {
                assert_eq!(gpus, 8);
                // + KV of one 1,250-token request: 1250 × 516,096 B = 0.645 GB.
                assert!((need_gb - 812.34512).abs() < 1e-9, "{need_gb}");
                assert!((have_gb - 576.0).abs() < 1e-9);
            }
            other => panic!("expected DoesNotFit, got {other:?}"),
        }
    }

    #[test]
    fn month_of_serving_by_hand() {
        // λ = 1e7 / 2,628,000 s = 3.80518 req/s; per replica 32 / 6.92704 s = 4.61958 req/s;
        // replicas = 3.80518 / (4.61958 × 0.5) = 1.64742; GPU-hours = 1.64742 × 4 × 730 = 4810.5;
        // compute = 4810.5 × $4 = $19,242. Egress 1e7 × 250 × 4 B = 10 GB × $0.09 = $0.90.
        // Storage 141.1 GB × $0.023 = $3.2453. Tokens 1.25e10 → per 1M = total / 12,500.
        let out = evaluate(&setup(OverlapMode::Sequential, Some(4)), &workload(32.0), &h100(), &terms(4.0)).unwrap();
        let cycle: f64 = 32.0 * 141.1e12 / 1583.2e12 + 250.0 * 152.89648e9 / 9.38e12;
        let gpu_hours: f64 = 1e7 / 2_628_000.0 / (32.0 / cycle * 0.5) * 4.0 * 730.0;
        assert!((gpu_hours - 4810.5).abs() < 0.1, "{gpu_hours}");
        assert!(close(out.cost.compute, gpu_hours * 4.0, 1e-12));
        assert!(close(out.cost.egress, 0.9, 1e-12));
        assert!(close(out.cost.storage, 141.1 * 0.023, 1e-12));
        assert_eq!((out.cost.verification, out.cost.privacy, out.cost.failures, out.cost.fees), (0.0, 0.0, 0.0, 0.0));
        assert!(close(out.monthly_cost, out.cost.compute + 0.9 + 141.1 * 0.023, 1e-12));
        assert!(close(out.cost_per_unit, out.monthly_cost / 12_500.0, 1e-12));
        // 64 slots at load 26.36 never queue: latency is RTT + prefill, and RTT + cycle.
        let lat = out.latency.unwrap();
        assert!(close(lat.ttft_p95_s, 0.0385 + 141.1e12 / 1583.2e12, 1e-9));
        assert!(close(lat.e2e_p95_s, 0.0385 + cycle, 1e-9));
        assert!(lat.slo_met);
    }

    #[test]
    fn flagship_aws_line_by_hand() {
        // docs/MODEL.md "Worked example": 20M requests, batch 64, chunked, 4 H100, $6.88/GPU-h, failures
        // 1.97e-5 per GPU-hour with 12.5-min restarts. Cycle 7.130 s, replicas 1.696, 4,951.3 GPU-hours:
        // compute $34,064.90 + failures $0.56 + egress $1.80 + storage $3.25 = $34,070.51.
        let mut w = workload(64.0);
        w.requests_per_month = 2e7;
        let mut t = terms(6.88);
        t.failure_rate_per_gpu_hour = 1.97e-5;
        let out = evaluate(&setup(OverlapMode::Chunked, None), &w, &h100(), &t).unwrap();
        assert_eq!(out.detail.gpus_per_replica, 4);
        assert!((out.cost.compute - 34_064.90).abs() < 0.01, "{}", out.cost.compute);
        assert!((out.cost.failures - 0.5619).abs() < 1e-4, "{}", out.cost.failures);
        assert!((out.monthly_cost - 34_070.51).abs() < 0.01, "{}", out.monthly_cost);
        assert!((out.cost_per_unit - 1.3628).abs() < 1e-4);
    }

    #[test]
    fn cost_is_linear_in_price() {
        let s = setup(OverlapMode::Chunked, None);
        let a = evaluate(&s, &workload(32.0), &h100(), &terms(2.0)).unwrap();
        let b = evaluate(&s, &workload(32.0), &h100(), &terms(4.0)).unwrap();
        assert!(close(b.cost.compute, 2.0 * a.cost.compute, 1e-12));
        assert!(b.monthly_cost > a.monthly_cost);
    }

    #[test]
    fn replication_k_gives_k_times_compute() {
        let s = setup(OverlapMode::Sequential, Some(4));
        let mut t = terms(3.0);
        t.verification = Verification::Replication { factor: 3.0 };
        let out = evaluate(&s, &workload(32.0), &h100(), &t).unwrap();
        assert!(close(out.cost.verification, 2.0 * out.cost.compute, 1e-12));
    }

    #[test]
    fn tee_and_fhe_add_a_privacy_line_and_latency() {
        // Sequential mode needs 1.65 replicas, above the one-replica floor, so the TEE's 4% shows in full.
        let s = setup(OverlapMode::Sequential, Some(4));
        let plain = evaluate(&s, &workload(32.0), &h100(), &terms(3.0)).unwrap();
        let mut t = terms(3.0);
        t.privacy = Privacy::Tee { overhead: 0.04 };
        let tee = evaluate(&s, &workload(32.0), &h100(), &t).unwrap();
        assert!(close(tee.cost.privacy, 0.04 * tee.cost.compute, 1e-9));
        assert!(close(tee.cost.compute, plain.cost.compute, 1e-12));
        assert!(tee.latency.unwrap().e2e_p50_s > plain.latency.unwrap().e2e_p50_s);
        t.privacy = Privacy::Fhe { slowdown: 1e4 };
        let fhe = evaluate(&s, &workload(32.0), &h100(), &t).unwrap();
        assert!(fhe.cost.privacy > 1e3 * fhe.cost.compute);
        assert!(!fhe.latency.unwrap().slo_met);
    }

    #[test]
    fn capacity_below_need_is_infeasible() {
        let mut t = terms(2.0);
        t.capacity_gpus = Some(4.0);
        let err = evaluate(&setup(OverlapMode::Sequential, Some(4)), &workload(32.0), &h100(), &t).unwrap_err();
        // 1.65 replicas → 2 replicas × 4 GPUs = 8 > 4.
        assert_eq!(err, Infeasible::Capacity { need_gpus: 8.0, capacity_gpus: 4.0 });
    }

    #[test]
    fn failures_add_restart_and_retry_time() {
        // failure GPU-hours = λ_f × H × g × (R/60 + cycle/7200).
        let s = setup(OverlapMode::Sequential, Some(4));
        let mut t = terms(4.0);
        t.failure_rate_per_gpu_hour = 1e-3;
        let out = evaluate(&s, &workload(32.0), &h100(), &t).unwrap();
        let h = out.cost.compute / 4.0;
        let cycle: f64 = 32.0 * 141.1e12 / 1583.2e12 + 250.0 * 152.89648e9 / 9.38e12;
        let want = 1e-3 * h * 4.0 * (12.5 / 60.0 + cycle / 7200.0) * 4.0;
        assert!(close(out.cost.failures, want, 1e-9), "{} vs {want}", out.cost.failures);
    }
}
