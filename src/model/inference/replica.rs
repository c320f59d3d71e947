//! One replica: how many sequences its memory holds, and how long prefill and a decode step take at a given
//! tensor-parallel degree and batch. docs/MODEL.md, "Inference: one replica".

use super::super::steps::{self as st};
use super::super::trace::{Trace, step};
use super::super::{GpuSpec, Infeasible, InferenceInputs, InferenceSetup, OverlapMode, Precision, peak_flops};

/// Per-GPU scale-out bandwidth between linked instances, bytes/s per direction: 400 Gb/s InfiniBand/RoCE per
/// H100 GPU (Llama 3 Herd of Models, arXiv:2407.21783; MLPerf v4.1 DGX-H100: 8 × 400 Gb InfiniBand) = 50 GB/s.
pub const SCALEOUT_BYTES_PER_S: f64 = 50e9;

/// Bytes of one activation element moved by a tensor-parallel all-reduce (BF16 activations).
const ACTIVATION_BYTES: f64 = 2.0;

/// The figures of one model on one GPU that do not depend on the replica's size or batch.
#[derive(Debug, Clone, Copy)]
pub struct Physics {
    /// Dense peak FLOP/s in the matmul precision.
    pub flops: f64,
    /// Memory bandwidth, bytes/s.
    pub bandwidth: f64,
    /// Memory per GPU, bytes.
    pub memory: f64,
    /// Total parameters.
    pub params: f64,
    /// Parameters used per token.
    pub active: f64,
    /// Bytes of all weights.
    pub weights: f64,
    /// KV bytes per token.
    pub kv_tok: f64,
    /// KV bytes of one request at its longest.
    pub kv_seq: f64,
    /// Average KV bytes of a decoding request.
    pub kv_avg: f64,
    /// Attention width (query heads · head dimension).
    pub attention_width: f64,
    /// Transformer layers.
    pub layers: f64,
    /// Model width (all-reduce message per token).
    pub hidden: f64,
    /// Matmul precision used.
    pub compute_precision: Precision,
    /// GPU-to-GPU bandwidth per direction inside one instance, bytes/s.
    pub link: f64,
}

/// The timings of one replica of `gpus` GPUs at batch `batch`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Replica {
    /// GPUs per replica (tensor-parallel degree).
    pub gpus: u32,
    /// Concurrent sequences used.
    pub batch: u32,
    /// Largest batch the KV cache holds.
    pub batch_max: u32,
    /// Prefill time of one request, s (communication included).
    pub prefill_s: f64,
    /// Memory-bound time of one decode step, s.
    pub step_memory_s: f64,
    /// Compute-bound time of one decode step, s.
    pub step_compute_s: f64,
    /// Tensor-parallel communication of one decode step, s.
    pub step_comm_s: f64,
    /// Time for a batch of requests to go through prefill and all decode steps, s (a slot's service time).
    pub cycle_s: f64,
    /// The part of one prefill that stalls decoding, s (what other requests' prefills add to a TPOT).
    pub stall_s: f64,
    /// Matmul precision used.
    pub compute_precision: Precision,
}

impl Replica {
    /// Whether decode is limited by memory bandwidth rather than compute.
    pub fn memory_bound(&self) -> bool {
        self.step_memory_s >= self.step_compute_s
    }
}

/// The figures of `setup` on `gpu`; errors when the request is longer than the context or a peak is missing.
pub fn physics(setup: &InferenceSetup, w: &InferenceInputs<f64>, gpu: &GpuSpec) -> Result<Physics, Infeasible> {
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
    let kv_tok = model.kv_bytes_per_token_bf16 * setup.kv_precision.bytes() / Precision::Bf16.bytes();
    let params = model.params_b * 1e9;
    Ok(Physics {
        flops: peak_flops(gpu, compute_precision)?,
        bandwidth: gpu.memory_bandwidth_tbs * 1e12,
        memory: gpu.memory_gb * 1e9,
        params,
        active: model.active_params_b * 1e9,
        weights: params * setup.weight_precision.bytes(),
        kv_tok,
        kv_seq: seq_tokens * kv_tok,
        kv_avg: (w.input_tokens + w.output_tokens / 2.0) * kv_tok,
        attention_width: f64::from(model.attention_heads) * f64::from(model.head_dim),
        layers: f64::from(model.layers),
        hidden: f64::from(model.hidden_size),
        compute_precision,
        link: gpu.interconnect_gbs * 1e9 / 2.0,
    })
}

/// The largest batch whose KV cache fits next to the weights on `g` GPUs (0 when not even the weights fit).
///
/// # Formula
/// `b_max = ⌊(g · M · (1 − r) − W) / kv_seq⌋` (docs/MODEL.md, "Inference: one replica").
pub fn batch_max(ph: &Physics, w: &InferenceInputs<f64>, g: u32) -> u32 {
    let usable = f64::from(g) * ph.memory * (1.0 - w.memory_reserve_fraction) - ph.weights;
    // Casts truncate, which is floor for these non-negative values (and saturate at 0 and u32::MAX).
    (usable / ph.kv_seq).max(0.0) as u32
}

/// Weight bytes one decode step reads at batch `b`: all of a dense model; for a mixture of experts the
/// shared weights plus the experts the batch's tokens are routed to.
///
/// # Formula
/// `E_d(b) = E · (1 − (1 − k/E)^b)` distinct experts per layer for `b` tokens routed uniformly to `k` of `E`
/// experts each; `P_e = (P − P_active) / (E − k)` parameters per expert (over all layers),
/// `P_shared = P_active − k · P_e`; bytes read `(P_shared + E_d · P_e) · q_w`.
pub fn weights_read(setup: &InferenceSetup, ph: &Physics, b: f64) -> f64 {
    match setup.model.experts {
        Some(e) if e.total > e.per_token => {
            let (total, k) = (f64::from(e.total), f64::from(e.per_token));
            let per_expert = (ph.params - ph.active) / (total - k);
            let shared = (ph.active - k * per_expert).max(0.0);
            let distinct = expected_distinct_experts(total, k, b);
            (shared + distinct * per_expert) * setup.weight_precision.bytes()
        }
        _ => ph.weights,
    }
}

/// Expected number of distinct experts (of `total`, `k` per token) that `tokens` tokens are routed to.
///
/// # Formula
/// `E · (1 − (1 − k/E)^b)`: each expert is missed by one token with probability `1 − k/E`.
pub fn expected_distinct_experts(total: f64, k: f64, tokens: f64) -> f64 {
    total * (1.0 - (1.0 - k / total).powf(tokens))
}

/// Time of one tensor-parallel all-reduce of `bytes` over `g` GPUs.
///
/// # Formula
/// Ring all-reduce: `α + 2 · (g − 1)/g · bytes / (η · B)`, `B` the per-direction link bandwidth per GPU, `η`
/// the fraction of it NCCL achieves, `α` the latency of one all-reduce; 0 on one GPU.
pub fn all_reduce_s(g: f64, bytes: f64, link: f64, w: &InferenceInputs<f64>) -> f64 {
    if g <= 1.0 {
        return 0.0;
    }
    w.allreduce_latency_us * 1e-6 + 2.0 * (g - 1.0) / g * bytes / (w.link_efficiency * link)
}

/// The per-direction bandwidth a replica of `g` GPUs communicates over: the GPU links inside one instance,
/// the scale-out network when it spans instances of `shape` GPUs.
pub fn link_for(ph: &Physics, g: u32, shape: u32) -> f64 {
    if g > shape { ph.link.min(SCALEOUT_BYTES_PER_S) } else { ph.link }
}

/// Timings of a replica of `g` GPUs at batch `b` (1 ≤ b ≤ b_max).
///
/// # Formula
/// (docs/MODEL.md, "Inference: one replica")
/// - prefill `t_pf = (2·P_active·T_new + 2·L·d_att·(T_in² − (hit·T_in)²)) / (g·F·MFU) + 2·L·AR(T_new·h·2)`,
///   `T_new = T_in·(1 − hit)`
/// - decode step `t_mem = (W_read(b) + b·kv_avg) / (g·BW·MBU)`,
///   `t_comp = b·(2·P_active + 4·L·d_att·(T_in + T_out/2)) / (g·F·MFU)`, `t_ar = 2·L·AR(b·h·2)`
/// - sequential `cycle_s = b·t_pf + T_out·(max(t_mem, t_comp) + t_ar)`;
///   chunked `cycle_c = max(T_out·(t_mem + t_ar), b·t_pf + T_out·(t_comp + t_ar))`;
///   `cycle = (φ·cycle_c + (1 − φ)·cycle_s) / eff`, `φ` the prefill overlap (0 for a sequential engine)
/// - one prefill stalls decoding by `stall = max(0, cycle·eff − decode) / (b·eff)`, `decode = T_out·(max(t_mem,
///   t_comp) + t_ar) = cycle_s − b·t_pf`.
pub fn timing<T: Trace>(
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    ph: &Physics,
    g: u32,
    b: u32,
    shape: u32,
    t: &mut T,
) -> Replica {
    Degree::new(w, ph, g, shape).at(setup, w, ph, b, t)
}

/// What a replica of `g` GPUs on instances of `shape` GPUs costs whatever its batch: the prefill of one
/// request and the link it communicates over. A batch search computes it once per degree.
#[derive(Debug, Clone, Copy)]
pub struct Degree {
    /// GPUs per replica.
    pub gpus: u32,
    /// Per-direction link bandwidth, bytes/s.
    link: f64,
    /// Prefill compute of one request, s.
    prefill_compute: f64,
    /// Prefill all-reduces of one request, s.
    prefill_comm: f64,
    /// Largest batch the KV cache holds.
    pub batch_max: u32,
}

impl Degree {
    /// The batch-independent terms of [`timing`] for `g` GPUs on instances of `shape` GPUs.
    pub fn new(w: &InferenceInputs<f64>, ph: &Physics, g: u32, shape: u32) -> Degree {
        let gf = f64::from(g);
        let link = link_for(ph, g, shape);
        let (t_in, hit) = (w.input_tokens, w.cache_hit_fraction);
        let new_tokens = t_in * (1.0 - hit);
        let attention_prefill = 2.0 * ph.layers * ph.attention_width * (t_in * t_in - (hit * t_in) * (hit * t_in));
        let prefill_compute = (2.0 * ph.active * new_tokens + attention_prefill) / (gf * ph.flops * w.mfu);
        let prefill_comm = 2.0 * ph.layers * all_reduce_s(gf, new_tokens * ph.hidden * ACTIVATION_BYTES, link, w);
        Degree { gpus: g, link, prefill_compute, prefill_comm, batch_max: batch_max(ph, w, g) }
    }

    /// The timings of this replica at batch `b` (1 ≤ b ≤ b_max); see [`timing`].
    pub fn at<T: Trace>(
        &self,
        setup: &InferenceSetup,
        w: &InferenceInputs<f64>,
        ph: &Physics,
        b: u32,
        t: &mut T,
    ) -> Replica {
        let (g, link, prefill_compute, prefill_comm) = (self.gpus, self.link, self.prefill_compute, self.prefill_comm);
        let gf = f64::from(g);
        let bf = f64::from(b);
        let (t_in, t_out) = (w.input_tokens, w.output_tokens);
        let prefill_s = prefill_compute + prefill_comm;
        let read = weights_read(setup, ph, bf);
        let step_memory_s = (read + bf * ph.kv_avg) / (gf * ph.bandwidth * w.mbu);
        let per_token = 2.0 * ph.active + 4.0 * ph.layers * ph.attention_width * (t_in + t_out / 2.0);
        let step_compute_s = bf * per_token / (gf * ph.flops * w.mfu);
        let step_comm_s = 2.0 * ph.layers * all_reduce_s(gf, bf * ph.hidden * ACTIVATION_BYTES, link, w);
        let decode = t_out * (step_memory_s.max(step_compute_s) + step_comm_s);
        let sequential = bf * prefill_s + decode;
        let chunked =
            (t_out * (step_memory_s + step_comm_s)).max(bf * prefill_s + t_out * (step_compute_s + step_comm_s));
        let overlap = match setup.overlap {
            OverlapMode::Sequential => 0.0,
            OverlapMode::Chunked => w.prefill_overlap,
        };
        let cycle0 = overlap * chunked + (1.0 - overlap) * sequential;
        let cycle_s = cycle0 / w.serving_efficiency;
        let stall_s = ((cycle0 - decode) / bf).max(0.0) / w.serving_efficiency;
        if t.on() {
            let timing = (read, step_memory_s, step_compute_s);
            trace_timing(t, setup, w, ph, (gf, bf, link), (prefill_compute, prefill_comm), timing);
            let comm = [
                ("layers", ph.layers),
                ("g", gf),
                ("b", bf),
                ("h", ph.hidden),
                ("α", w.allreduce_latency_us),
                ("η_ar", w.link_efficiency),
                ("BW_link", link),
            ];
            step(t, st::STEP_COMM, &comm, step_comm_s);
            let cycle_terms = [
                ("b", bf),
                ("t_pf", prefill_compute),
                ("t_pf,ar", prefill_comm),
                ("T_out", t_out),
                ("t_mem", step_memory_s),
                ("t_comp", step_compute_s),
                ("t_ar", step_comm_s),
            ];
            step(t, st::CYCLE_SEQUENTIAL, &cycle_terms, sequential);
            if setup.overlap == OverlapMode::Chunked {
                step(t, st::CYCLE_CHUNKED, &cycle_terms, chunked);
            }
            let mix = [("φ", overlap), ("cycle_c", chunked), ("cycle_s", sequential), ("eff", w.serving_efficiency)];
            step(t, st::CYCLE, &mix, cycle_s);
            let stall_terms = [
                ("cycle", cycle_s),
                ("eff", w.serving_efficiency),
                ("cycle_s", sequential),
                ("b", bf),
                ("t_pf", prefill_compute),
                ("t_pf,ar", prefill_comm),
            ];
            step(t, st::STALL, &stall_terms, stall_s);
        }
        Replica {
            gpus: g,
            batch: b,
            batch_max: self.batch_max,
            prefill_s,
            step_memory_s,
            step_compute_s,
            step_comm_s,
            cycle_s,
            stall_s,
            compute_precision: ph.compute_precision,
        }
    }
}

/// Records the sizing and the prefill and decode-step terms of [`timing`].
fn trace_timing<T: Trace>(
    t: &mut T,
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    ph: &Physics,
    (g, b, link): (f64, f64, f64),
    (prefill_compute, prefill_comm): (f64, f64),
    (read, step_memory_s, step_compute_s): (f64, f64, f64),
) {
    let q_w = setup.weight_precision.bytes();
    step(t, st::WEIGHTS, &[("P", ph.params), ("q_w", q_w)], ph.weights);
    let kv_terms = [("kv_bf16", setup.model.kv_bytes_per_token_bf16), ("q_kv", setup.kv_precision.bytes())];
    step(t, st::KV_TOKEN, &kv_terms, ph.kv_tok);
    let (t_in, t_out) = (w.input_tokens, w.output_tokens);
    step(t, st::KV_SEQUENCE, &[("T_in", t_in), ("T_out", t_out), ("kv_tok", ph.kv_tok)], ph.kv_seq);
    let r = w.memory_reserve_fraction;
    let b_max = f64::from(batch_max(ph, w, g as u32));
    step(t, st::BATCH_MAX, &[("g", g), ("M", ph.memory), ("r", r), ("W", ph.weights), ("kv_seq", ph.kv_seq)], b_max);
    step(t, st::PEAK, &[("F_table", ph.flops / 1e12)], ph.flops);
    let hit = w.cache_hit_fraction;
    let prefill_terms = [
        ("P_active", ph.active),
        ("T_in", t_in),
        ("hit", hit),
        ("layers", ph.layers),
        ("d_att", ph.attention_width),
        ("g", g),
        ("F", ph.flops),
        ("MFU", w.mfu),
    ];
    step(t, st::PREFILL, &prefill_terms, prefill_compute);
    let comm_terms = [
        ("layers", ph.layers),
        ("g", g),
        ("T_in", t_in),
        ("h", ph.hidden),
        ("α", w.allreduce_latency_us),
        ("η_ar", w.link_efficiency),
        ("BW_link", link),
    ];
    step(t, st::PREFILL_COMM, &comm_terms, prefill_comm);
    step(t, st::KV_AVERAGE, &[("T_in", t_in), ("T_out", t_out), ("kv_tok", ph.kv_tok)], ph.kv_avg);
    if let Some(e) = setup.model.experts {
        let (total, k) = (f64::from(e.total), f64::from(e.per_token));
        let distinct = expected_distinct_experts(total, k, b);
        step(t, st::EXPERTS_READ, &[("E", total), ("k_e", k), ("b", b)], distinct);
    }
    step(t, st::WEIGHTS_READ, &[("W", ph.weights), ("b", b)], read);
    let memory_terms =
        [("W_read", read), ("b", b), ("kv_avg", ph.kv_avg), ("g", g), ("BW", ph.bandwidth), ("MBU", w.mbu)];
    step(t, st::STEP_MEMORY, &memory_terms, step_memory_s);
    let compute_terms =
        [("P_active", ph.active), ("b", b), ("layers", ph.layers), ("g", g), ("F", ph.flops), ("MFU", w.mfu)];
    step(t, st::STEP_COMPUTE, &compute_terms, step_compute_s);
}
