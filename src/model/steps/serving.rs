//! The steps of serving a model: one replica, the fleet over a month, latency at the busiest hour, token APIs.

use super::{COST, FAILURES, MONTH, PRIVACY, VERIFICATION};
use crate::model::trace::{MONEY, What, what};

const REPLICA: &str = "inference-one-replica";
const LATENCY: &str = "inference-latency";
const CHOICE: &str = "inference-batch-and-parallelism";

// Inference: one replica.
/// The step: weights in memory.
pub const WEIGHTS: What = what("sizing", "weights in memory", "W", "P · q_w", "B", REPLICA);
/// The step: KV cache per token.
pub const KV_TOKEN: What = what("sizing", "KV cache per token", "kv_tok", "kv_bf16 · q_kv / 2", "B", REPLICA);
/// The step: KV cache of one request at its longest.
pub const KV_SEQUENCE: What =
    what("sizing", "KV cache of one request at its longest", "kv_seq", "(T_in + T_out) · kv_tok", "B", REPLICA);
/// The step: largest batch the KV cache holds.
pub const BATCH_MAX: What = what(
    "sizing",
    "largest batch the KV cache holds",
    "b_max",
    "⌊(g · M · (1 − r) − W) / kv_seq⌋",
    "sequences",
    REPLICA,
);
/// The step: GPUs per replica.
pub const CHOSEN: What = what(
    "sizing",
    "GPUs per replica",
    "g",
    "fixed batch: smallest power of two ≤ g_max whose b_max holds it; auto: the cheapest that meets the objectives",
    "GPUs",
    CHOICE,
);
/// The step: batch used.
pub const BATCH_USED: What = what(
    "sizing",
    "batch used",
    "b",
    "fixed: min(batch, b_max); auto: the largest whose TPOT p95 and service meet the objectives",
    "sequences",
    CHOICE,
);
/// The step: GPUs per instance of the shape rented.
pub const SHAPE: What = what(
    "sizing",
    "GPUs per instance of the shape rented",
    "shape",
    "the offer's shape (≥ g) that bills the fewest GPU-hours",
    "GPUs",
    MONTH,
);
/// The step: dense peak of the GPU in the matmul precision.
pub const PEAK: What =
    what("sizing", "dense peak of the GPU in the matmul precision", "F", "F_table · 10¹²", "FLOP/s", REPLICA);
/// The step: prefill time of one request.
pub const PREFILL: What = what(
    "sizing",
    "prefill time of one request",
    "t_pf",
    "(2 · P_active · T_in · (1 − hit) + 2 · layers · d_att · T_in² · (1 − hit²)) / (g · F · MFU)",
    "s",
    REPLICA,
);
/// The step: tensor-parallel communication of one prefill.
pub const PREFILL_COMM: What = what(
    "sizing",
    "tensor-parallel all-reduces of one prefill",
    "t_pf,ar",
    "2 · layers · (α + 2 · (g − 1)/g · T_in · (1 − hit) · h · 2 / (η_ar · BW_link))",
    "s",
    REPLICA,
);
/// The step: average KV cache of a decoding request.
pub const KV_AVERAGE: What =
    what("sizing", "average KV cache of a decoding request", "kv_avg", "(T_in + T_out / 2) · kv_tok", "B", REPLICA);
/// The step: decode step, memory-bound.
pub const STEP_MEMORY: What =
    what("sizing", "decode step, memory-bound", "t_mem", "(W_read + b · kv_avg) / (g · BW · MBU)", "s", REPLICA);
/// The step: experts a decode step's batch is routed to.
pub const EXPERTS_READ: What =
    what("sizing", "distinct experts a decode step reads", "E_d", "E · (1 − (1 − k_e/E)^b)", "experts", REPLICA);
/// The step: weights one decode step reads.
pub const WEIGHTS_READ: What = what(
    "sizing",
    "weights one decode step reads",
    "W_read",
    "W (dense); (P_shared + E_d · P_e) · q_w (mixture of experts)",
    "B",
    REPLICA,
);
/// The step: tensor-parallel communication of one decode step.
pub const STEP_COMM: What = what(
    "sizing",
    "tensor-parallel all-reduces of one decode step",
    "t_ar",
    "2 · layers · (α + 2 · (g − 1)/g · b · h · 2 / (η_ar · BW_link))",
    "s",
    REPLICA,
);
/// The step: decode step, compute-bound.
pub const STEP_COMPUTE: What = what(
    "sizing",
    "decode step, compute-bound",
    "t_comp",
    "b · (2 · P_active + 4 · layers · d_att · (T_in + T_out/2)) / (g · F · MFU)",
    "s",
    REPLICA,
);
/// The step: one batch through prefill and decode (sequential).
pub const CYCLE_SEQUENTIAL: What = what(
    "sizing",
    "one batch through prefill and decode (sequential)",
    "cycle_s",
    "b · (t_pf + t_pf,ar) + T_out · (max(t_mem, t_comp) + t_ar)",
    "s",
    REPLICA,
);
/// The step: one batch through prefill and decode (chunked prefill).
pub const CYCLE_CHUNKED: What = what(
    "sizing",
    "one batch through prefill and decode (chunked prefill)",
    "cycle_c",
    "max(T_out · (t_mem + t_ar), b · (t_pf + t_pf,ar) + T_out · (t_comp + t_ar))",
    "s",
    REPLICA,
);
/// The step: the cycle between the two rules, after serving efficiency.
pub const CYCLE: What = what(
    "sizing",
    "one batch through prefill and decode",
    "cycle",
    "(φ · cycle_c + (1 − φ) · cycle_s) / eff",
    "s",
    REPLICA,
);
/// The step: what one prefill stalls decoding.
pub const STALL: What = what(
    "sizing",
    "decode time one prefill stalls",
    "stall",
    "max(0, cycle · eff − cycle_s + b · (t_pf + t_pf,ar)) / (b · eff)",
    "s",
    REPLICA,
);

// Inference: serving a month.
/// The step: arrival rate.
pub const ARRIVALS: What = what("serving", "arrival rate", "λ", "N_req / (h_mo · 3600)", "req/s", MONTH);
/// The step: privacy time multiplier.
pub const PRIVACY_MULTIPLIER: What =
    what("serving", "privacy time multiplier", "m_p", "1 + overhead (TEE) or slowdown (FHE)", "×", PRIVACY);
/// The step: privacy × attestation time multiplier.
pub const TIME_MULTIPLIER: What =
    what("serving", "privacy × attestation time multiplier", "m", "m_p · (1 + attestation overhead)", "×", PRIVACY);
/// The step: arrival rate at the busiest hour.
pub const PEAK_ARRIVALS: What =
    what("serving", "arrival rate at the busiest hour", "λ_peak", "λ · s_peak", "req/s", MONTH);
/// The step: requests per second per replica.
pub const THROUGHPUT: What = what("serving", "requests per second per replica", "X", "b / (cycle · m)", "req/s", MONTH);
/// The step: output tokens per second per GPU (what serving benchmarks report).
pub const TOKENS_PER_GPU: What =
    what("serving", "output tokens per second per GPU", "tok/s/GPU", "X · T_out / g", "tok/s", MONTH);
/// The step: replicas the load needs at the busiest hour.
pub const REPLICAS: What = what(
    "serving",
    "replicas the busiest hour's load needs",
    "replicas_load",
    "max(n_min, ⌈λ_peak / (X · u)⌉)",
    "replicas",
    MONTH,
);
/// The step: replicas running at the busiest hour.
pub const REPLICAS_SLO: What = what(
    "serving",
    "replicas running at the busiest hour",
    "replicas",
    "fewest ≥ replicas_load whose W_95 keeps TTFT and end-to-end p95 within their objectives",
    "replicas",
    MONTH,
);
/// The step: instances running at the busiest hour.
pub const INSTANCES: What = what(
    "serving",
    "instances running at the busiest hour",
    "instances",
    "⌈replicas / ⌊shape / g⌋⌉ (or ⌈g / shape⌉ linked instances per replica)",
    "instances",
    MONTH,
);
/// The step: GPU-hours billed.
pub const HOURS_BILLED: What = what(
    "serving",
    "GPU-hours billed",
    "H_fleet",
    "static: 24 · max_h instances_h; autoscale: Σ runs ⌈(L + lag)/G⌉·G; × shape · h_mo / 24",
    "GPU-h",
    MONTH,
);
/// The step: GPU-hours of the work itself.
pub const HOURS_WORK: What = what(
    "serving",
    "GPU-hours of the work itself",
    "H",
    "H_fleet − (H_p − H_1) − (H_m − H_p): the fleet without the replicas privacy and attestation add",
    "GPU-h",
    MONTH,
);
/// The step: GPU-hours the load needs with the privacy multiplier.
pub const HOURS_PRIVATE: What = what(
    "serving",
    "GPU-hours the load needs with the privacy multiplier",
    "H_p",
    "H_fleet of max(n_min, ⌈λ_h / (b / (cycle · m_p) · u)⌉) replicas",
    "GPU-h",
    PRIVACY,
);
/// The step: GPU-hours of verification.
pub const HOURS_VERIFICATION: What = what(
    "serving",
    "GPU-hours of verification",
    "H_v",
    "replication: (k − 1) · H_p; spot check: rate · f · demand hours; zk: proofs; attestation: extra TEE time",
    "GPU-h",
    VERIFICATION,
);
/// The step: GPU-hours lost to failures.
pub const HOURS_FAILURES: What = what(
    "serving",
    "GPU-hours lost to failures",
    "H_f",
    "λ_f · (H_fleet + H_v) · g · (R / 60 + cycle · m / 7200)",
    "GPU-h",
    FAILURES,
);
/// The step: GPUs needed at once.
pub const GPUS_AT_ONCE: What = what("serving", "GPUs needed at once", "G", "instances · shape · k", "GPUs", MONTH);

// Token APIs.
const TOKENS: &str = "token-apis";
/// The step: requests per minute at the busiest hour.
pub const TOKEN_RPM: What = what(
    "serving",
    "requests per minute at the busiest hour",
    "rpm",
    "N_req · s_peak / (h_mo · 60)",
    "req/min",
    TOKENS,
);
/// The step: compute.
pub const TOKENS_COST: What = what(
    COST,
    "tokens bought (compute)",
    "compute",
    "N_req · (T_in · (1 − hit) · p_in + T_in · hit · p_cached + T_out · p_out) / 10⁶",
    MONEY,
    TOKENS,
);
/// The step: median time to first token.
pub const API_TTFT_P50: What = what("latency", "median time to first token", "TTFT_50", "ttft", "s", TOKENS);
/// The step: p95 time to first token.
pub const API_TTFT_P95: What = what("latency", "p95 time to first token", "TTFT_95", "ttft · ratio", "s", TOKENS);
/// The step: time per output token.
pub const API_TPOT: What = what("latency", "time per output token", "TPOT", "1 / speed", "s", TOKENS);
/// The step: median end-to-end latency.
pub const API_E2E_P50: What =
    what("latency", "median end-to-end latency", "E2E_50", "TTFT_50 + T_out / speed", "s", TOKENS);
/// The step: p95 end-to-end latency.
pub const API_E2E_P95: What =
    what("latency", "p95 end-to-end latency", "E2E_95", "TTFT_95 + T_out / speed", "s", TOKENS);

// Inference latency.
/// The step: batch slots.
pub const SLOTS: What = what("latency", "batch slots at the busiest hour", "c", "replicas · b", "slots", LATENCY);
/// The step: service time of a slot.
pub const SERVICE: What = what("latency", "service time of a slot", "S", "cycle · m", "s", LATENCY);
/// The step: slot occupancy.
pub const LOAD: What =
    what("latency", "slot occupancy at the busiest hour", "ρ", "λ_peak · S / c", "fraction", LATENCY);
/// The step: median queueing wait.
pub const WAIT_P50: What =
    what("latency", "median queueing wait", "W_50", "ln(C_erl / 0.5) / (c/S − λ_peak), 0 if C_erl ≤ 0.5", "s", LATENCY);
/// The step: 95th-percentile queueing wait.
pub const WAIT_P95: What = what(
    "latency",
    "95th-percentile queueing wait",
    "W_95",
    "ln(C_erl / 0.05) / (c/S − λ_peak), 0 if C_erl ≤ 0.05",
    "s",
    LATENCY,
);
/// The step: proof time the answer waits for (synchronous zk).
pub const PROOF: What = what(
    "latency",
    "proof time the answer waits for (synchronous zk)",
    "t_zk",
    "rate_zk · P_active[B] · (T_in + T_out) / 2048",
    "s",
    VERIFICATION,
);
/// The step: median time to first token.
pub const TTFT_P50: What =
    what("latency", "median time to first token", "TTFT_50", "RTT + W_50 + t_pf · m + t_zk", "s", LATENCY);
/// The step: p95 time to first token.
pub const TTFT_P95: What =
    what("latency", "p95 time to first token", "TTFT_95", "RTT + W_95 + t_pf · m + t_zk", "s", LATENCY);
/// The step: median end-to-end latency.
pub const E2E_P50: What = what("latency", "median end-to-end latency", "E2E_50", "RTT + W_50 + S + t_zk", "s", LATENCY);
/// The step: p95 end-to-end latency.
pub const E2E_P95: What = what("latency", "p95 end-to-end latency", "E2E_95", "RTT + W_95 + S + t_zk", "s", LATENCY);
/// The step: median time per output token.
pub const TPOT: What = what("latency", "median time per output token", "TPOT_50", "S / T_out", "s", LATENCY);
/// The step: output tokens per second per user (one request's streaming speed).
pub const TOKENS_PER_USER: What =
    what("latency", "output tokens per second per user", "tok/s/user", "1 / TPOT_50", "tok/s", LATENCY);
/// The step: 95th-percentile time per output token.
pub const TPOT_P95: What = what(
    "latency",
    "95th-percentile time per output token",
    "TPOT_95",
    "(S + 1.645 · √b · stall · m) / T_out",
    "s",
    LATENCY,
);
