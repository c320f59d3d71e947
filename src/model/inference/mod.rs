//! Inference: roofline throughput of a replica, the replicas a month of demand needs, cost lines and latency.
//! docs/MODEL.md, "Inference".

use super::lines::{GpuHours, gpu_cost_lines, per_mtok, trace_fees, trace_multipliers, trace_total, with_objectives};
use super::overheads::{attestation_multiplier, privacy_multiplier, replication_factor, zk_prove_seconds};
use super::queueing::wait_quantiles;
use super::steps::{self as st};
use super::trace::{Trace, step};
use super::{
    Detail, Fees, GpuSpec, GpuTerms, HOURS_PER_MONTH, Infeasible, InferenceInputs, InferenceSetup, Latency, Outcome,
    OverlapMode, Precision, Verification, peak_flops,
};

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
pub fn replica<T: Trace>(
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    gpu: &GpuSpec,
    max_gpus: f64,
    t: &mut T,
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
    let (cycle, cycle_what) = match setup.overlap {
        OverlapMode::Sequential => {
            (b * prefill_s + w.output_tokens * step_memory_s.max(step_compute_s), st::CYCLE_SEQUENTIAL)
        }
        OverlapMode::Chunked => {
            ((w.output_tokens * step_memory_s).max(b * prefill_s + w.output_tokens * step_compute_s), st::CYCLE_CHUNKED)
        }
    };
    if t.on() {
        let q_w = setup.weight_precision.bytes();
        step(t, st::WEIGHTS, &[("P", params), ("q_w", q_w)], weights);
        step(
            t,
            st::KV_TOKEN,
            &[("kv_bf16", model.kv_bytes_per_token_bf16), ("q_kv", setup.kv_precision.bytes())],
            kv_tok,
        );
        let (t_in, t_out) = (w.input_tokens, w.output_tokens);
        step(t, st::KV_SEQUENCE, &[("T_in", t_in), ("T_out", t_out), ("kv_tok", kv_tok)], kv_seq);
        step(t, st::REPLICA_GPUS, &[("batch", wanted), ("g_max", largest)], g);
        let m = memory;
        let r = w.memory_reserve_fraction;
        step(
            t,
            st::BATCH_MAX,
            &[("g", g), ("M", m), ("r", r), ("W", weights), ("kv_seq", kv_seq)],
            f64::from(batch_max),
        );
        step(t, st::BATCH, &[("batch", wanted), ("b_max", f64::from(batch_max))], b);
        step(t, st::PEAK, &[("F_table", flops / 1e12)], flops);
        let hit = w.cache_hit_fraction;
        let prefill_terms =
            [("P_active", active), ("T_in", t_in), ("hit", hit), ("g", g), ("F", flops), ("MFU", w.mfu)];
        step(t, st::PREFILL, &prefill_terms, prefill_s);
        step(t, st::KV_AVERAGE, &[("T_in", t_in), ("T_out", t_out), ("kv_tok", kv_tok)], kv_avg);
        let memory_terms = [("W", weights), ("b", b), ("kv_avg", kv_avg), ("g", g), ("BW", bandwidth), ("MBU", w.mbu)];
        step(t, st::STEP_MEMORY, &memory_terms, step_memory_s);
        let compute_terms = [("P_active", active), ("b", b), ("g", g), ("F", flops), ("MFU", w.mfu)];
        step(t, st::STEP_COMPUTE, &compute_terms, step_compute_s);
        let cycle_terms =
            [("b", b), ("t_pf", prefill_s), ("T_out", t_out), ("t_mem", step_memory_s), ("t_comp", step_compute_s)];
        step(t, cycle_what, &cycle_terms, cycle);
        step(t, st::CYCLE, &[("cycle₀", cycle), ("eff", w.serving_efficiency)], cycle / w.serving_efficiency);
    }
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
pub fn evaluate<T: Trace>(
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    gpu: &GpuSpec,
    p: &GpuTerms<f64>,
    fees: &Fees<f64>,
    t: &mut T,
) -> Result<Outcome, Infeasible> {
    let r = replica(setup, w, gpu, p.max_gpus_per_replica, t)?;
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
    let copies = replication_factor(&p.verification);
    let gpus_at_once = replicas_total.ceil() * g * copies;
    if t.on() {
        let cycle = r.cycle_s;
        let (u, n_min) = (p.utilization, w.min_replicas);
        step(t, st::ARRIVALS, &[("N_req", w.requests_per_month), ("h_mo", HOURS_PER_MONTH)], arrival);
        if time_total != 1.0 {
            trace_multipliers(t, p, time_privacy, time_total);
        }
        step(t, st::THROUGHPUT, &[("b", b), ("cycle", cycle)], b / cycle);
        let plain_replicas = plain_h / (g * HOURS_PER_MONTH);
        step(t, st::REPLICAS, &[("λ", arrival), ("X", b / cycle), ("u", u), ("n_min", n_min)], plain_replicas);
        step(t, st::HOURS_PLAIN, &[("replicas", plain_replicas), ("g", g), ("h_mo", HOURS_PER_MONTH)], plain_h);
        if time_privacy != 1.0 {
            let terms = [("λ", arrival), ("b", b), ("cycle", cycle), ("m_p", time_privacy), ("u", u), ("n_min", n_min)];
            step(t, st::HOURS_PRIVATE, &terms, private_h);
        }
        if verification_h != 0.0 {
            step(t, st::HOURS_VERIFICATION, &verification_terms(p, private_h, work_h), verification_h);
        }
        let failure_terms = [
            ("λ_f", p.failure_rate_per_gpu_hour),
            ("H_p", private_h),
            ("H_v", verification_h),
            ("g", g),
            ("R", p.restart_minutes),
            ("cycle", cycle),
            ("m", time_total),
        ];
        step(t, st::HOURS_FAILURES, &failure_terms, failure_h);
        if time_total != 1.0 {
            let terms = [("λ", arrival), ("b", b), ("cycle", cycle), ("m", time_total), ("u", u), ("n_min", n_min)];
            step(t, st::REPLICAS_FULL, &terms, replicas_total);
        }
        if p.capacity_gpus.is_some() || copies != 1.0 {
            step(t, st::GPUS_AT_ONCE, &[("replicas_m", replicas_total), ("g", g), ("k", copies)], gpus_at_once);
        }
    }
    if let Some(capacity) = p.capacity_gpus
        && gpus_at_once > capacity
    {
        return Err(Infeasible::Capacity { need_gpus: gpus_at_once, capacity_gpus: capacity });
    }

    let egress_gb = w.requests_per_month * w.output_tokens * w.bytes_per_token / 1e9;
    let weights_gb = setup.model.params_b * setup.weight_precision.bytes();
    let hours = GpuHours { plain: plain_h, private: private_h, verification: verification_h, failures: failure_h };
    let (egress, storage) = (egress_gb * p.egress_per_gb, weights_gb * p.storage_per_gb_month);
    let cost = gpu_cost_lines(t, p, fees, hours, egress, storage);
    if t.on() {
        let egress_terms = [
            ("N_req", w.requests_per_month),
            ("T_out", w.output_tokens),
            ("bytes_tok", w.bytes_per_token),
            ("egress_price", p.egress_per_gb),
        ];
        step(t, st::EGRESS_INFERENCE, &egress_terms, cost.egress);
        step(
            t,
            st::STORAGE_INFERENCE,
            &[("W", weights_gb * 1e9), ("storage_price", p.storage_per_gb_month)],
            cost.storage,
        );
        trace_fees(t, fees, &cost);
    }
    let monthly_cost = cost.total();
    let tokens = w.requests_per_month * (w.input_tokens + w.output_tokens);
    if t.on() {
        trace_total(t, &cost);
    }
    let cost_per_unit = per_mtok(t, w, monthly_cost);

    let latency = latency(w, p, &r, replicas_total, cycle_total, arrival, time_total, setup, t);
    Ok(Outcome {
        cost,
        monthly_cost,
        cost_per_unit,
        gpu_hours: Some(serving_h + failure_h),
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

/// The values a verification mode's extra GPU-hours are computed from.
fn verification_terms(p: &GpuTerms<f64>, private_h: f64, work_h: f64) -> Vec<(&'static str, f64)> {
    match &p.verification {
        Verification::Replication { factor } => vec![("k", *factor), ("H_p", private_h)],
        Verification::SpotCheck { rate, recompute_fraction } => {
            vec![("rate", *rate), ("f", *recompute_fraction), ("demand GPU-h", work_h)]
        }
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, .. } => vec![("rate_zk", *prove_gpu_seconds_per_bparam_2k)],
        Verification::TeeAttestation { overhead } => vec![("overhead_att", *overhead)],
        Verification::None => Vec::new(),
    }
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
fn latency<T: Trace>(
    w: &InferenceInputs<f64>,
    p: &GpuTerms<f64>,
    r: &Replica,
    replicas: f64,
    cycle_total: f64,
    arrival: f64,
    time_total: f64,
    setup: &InferenceSetup,
    t: &mut T,
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
    if t.on() {
        step(t, st::SLOTS, &[("replicas_m", replicas), ("b", f64::from(r.batch))], slots);
        step(t, st::SERVICE, &[("cycle", r.cycle_s), ("m", time_total)], cycle_total);
        step(t, st::LOAD, &[("λ", arrival), ("S", cycle_total), ("c", slots)], arrival * cycle_total / slots);
        let queue = [("c", slots), ("S", cycle_total), ("λ", arrival)];
        step(t, st::WAIT_P50, &queue, w50);
        step(t, st::WAIT_P95, &queue, w95);
        if proof > 0.0 {
            let terms =
                [("P_active", setup.model.active_params_b * 1e9), ("T_in", w.input_tokens), ("T_out", w.output_tokens)];
            step(t, st::PROOF, &terms, proof);
        }
        let ttft =
            |wait: (&'static str, f64)| [("RTT", rtt), wait, ("t_pf", r.prefill_s), ("m", time_total), ("t_zk", proof)];
        step(t, st::TTFT_P50, &ttft(("W_50", w50)), lat.ttft_p50_s);
        step(t, st::TTFT_P95, &ttft(("W_95", w95)), lat.ttft_p95_s);
        let e2e = |wait: (&'static str, f64)| [("RTT", rtt), wait, ("S", cycle_total), ("t_zk", proof)];
        step(t, st::E2E_P50, &e2e(("W_50", w50)), lat.e2e_p50_s);
        step(t, st::E2E_P95, &e2e(("W_95", w95)), lat.e2e_p95_s);
        step(t, st::TPOT, &[("S", cycle_total), ("T_out", w.output_tokens)], lat.tpot_s);
    }
    with_objectives(w, lat)
}

#[cfg(test)]
pub(crate) mod tests;
