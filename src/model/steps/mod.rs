//! What each traced step of the model is (its name, symbol, formula, unit and docs/MODEL.md section), and
//! the glossary of the symbols its formulas use, with the input each symbol is read from.

use super::trace::{MONEY, What, what};

mod serving;
pub use serving::*;

const MONTH: &str = "inference-serving-a-month";
const TRAINING: &str = "training";
const TRAINING_MEMORY: &str = "training-memory";
const TRAINING_COMM: &str = "training-communication";
const GPU_HOURS: &str = "gpu-hours-workloads";
const VERIFICATION: &str = "verification";
const PRIVACY: &str = "privacy";
const FAILURES: &str = "failures-and-churn";
const EGRESS: &str = "egress-storage-and-fees";
const BUSINESS: &str = "business";
const ENERGY: &str = "energy";

/// The section of the cost lines: their values add up to the monthly cost.
pub const COST: &str = "cost";

// Cost lines (every workload).
/// The step: compute.
pub const COMPUTE: What = what(COST, "compute", "compute", "H · price", MONEY, MONTH);
/// The step: privacy.
pub const PRIVACY_COST: What = what(COST, "privacy", "privacy", "(H_p − H) · price", MONEY, PRIVACY);
/// The step: verification.
pub const VERIFICATION_COST: What = what(COST, "verification", "verification", "H_v · price", MONEY, VERIFICATION);
/// The step: failures.
pub const FAILURES_COST: What = what(COST, "failures", "failures", "H_f · price", MONEY, FAILURES);
/// The step: egress.
pub const EGRESS_INFERENCE: What =
    what(COST, "egress", "egress", "N_req · T_out · bytes_tok / 10⁹ · egress_price", MONEY, EGRESS);
/// The step: storage.
pub const STORAGE_INFERENCE: What = what(COST, "storage", "storage", "W / 10⁹ · storage_price", MONEY, EGRESS);
/// The step: fees.
pub const FEES: What = what(
    COST,
    "fees",
    "fees",
    "fee_fixed + fee_fraction · (compute + privacy + verification + failures)",
    MONEY,
    EGRESS,
);
/// The step: monthly cost.
pub const TOTAL: What = what(
    "total",
    "monthly cost",
    "C",
    "compute + verification + privacy + failures + egress + storage + fees",
    MONEY,
    MONTH,
);
/// The step: cost per 1M tokens.
pub const PER_MTOK: What =
    what("total", "cost per 1M tokens", "C_tok", "C / (N_req · (T_in + T_out) / 10⁶)", MONEY, MONTH);

// Training.
/// The step: GPUs obtained.
pub const TRAIN_GPUS: What = what("sizing", "GPUs obtained", "N", "min(gpus, ⌊capacity / k⌋)", "GPUs", TRAINING);
/// The step: nodes.
pub const TRAIN_NODES: What = what("sizing", "nodes", "n", "⌈N / g⌉, g = min(N, g_max)", "nodes", TRAINING);
/// The step: trainable parameters (full training).
pub const TRAIN_PARAMS_FULL: What = what("sizing", "trainable parameters", "P_t", "P", "params", TRAINING_MEMORY);
/// The step: trainable parameters (LoRA).
pub const TRAIN_PARAMS_LORA: What = what(
    "sizing",
    "trainable parameters (LoRA on q, k, v, o)",
    "P_t",
    "layers · rank · Σ (d_in + d_out) over the target projections",
    "params",
    TRAINING_MEMORY,
);
/// The step: weights, gradients and optimizer state per GPU.
pub const TRAIN_MEMORY_STATE: What = what(
    "sizing",
    "weights, gradients and optimizer state per GPU",
    "state/GPU",
    "(2·P_t + q_f·P_f) / s_w + 2·P_t / s_g + (state_bytes − 4)·P_t / s_o, s_x = 1, N or g by sharding",
    "B",
    TRAINING_MEMORY,
);
/// The step: activations per GPU.
pub const TRAIN_MEMORY_ACT: What = what(
    "sizing",
    "activations per GPU (one sequence)",
    "act",
    "none: layers·seq·h·(34 + 5·a_h·seq/h); selective: layers·seq·h·34; full: 2·seq·h·layers + 34·seq·h",
    "B",
    TRAINING_MEMORY,
);
/// The step: memory per GPU.
pub const TRAIN_MEMORY: What =
    what("sizing", "memory per GPU (must be ≤ M·(1 − r))", "mem", "state/GPU + act", "B", TRAINING_MEMORY);
/// The step: compute time of a step.
pub const TRAIN_STEP_COMPUTE: What =
    what("sizing", "compute per step", "t_c", "c · P_active · B / (GPUs · F · MFU · s_fp8)", "s", TRAINING);
/// The step: time of a step's traffic over GPU links.
pub const TRAIN_TRAFFIC_LINK: What = what(
    "sizing",
    "traffic time per step over GPU links, beyond the reference",
    "t_link",
    "V_link · max(0, 1/BW_link − 1/450 GB/s)",
    "s",
    TRAINING_COMM,
);
/// The step: time of a step's traffic over the network.
pub const TRAIN_TRAFFIC_NET: What = what(
    "sizing",
    "traffic time per step over the network, beyond the reference",
    "t_net",
    "V_net · max(0, 1/BW_net − 1/50 GB/s)",
    "s",
    TRAINING_COMM,
);
/// The step: time of a step.
pub const TRAIN_STEP: What = what("sizing", "time per step", "t_step", "t_c + t_link + t_net", "s", TRAINING_COMM);
/// The step: DiLoCo outer step.
pub const TRAIN_OUTER: What = what(
    "sizing",
    "DiLoCo outer all-reduce (int8)",
    "t_outer",
    "2 · (n − 1)/n · P_t · 1 B / g / (BW_net · 10⁹)",
    "s",
    TRAINING_COMM,
);
/// The step: failure-free run time, synchronous.
pub const TRAIN_RUN: What = what("sizing", "failure-free run time", "T_run", "D / B · t_step / 3600", "h", TRAINING);
/// The step: failure-free run time, DiLoCo.
pub const TRAIN_RUN_DILOCO: What = what(
    "sizing",
    "failure-free run time (DiLoCo)",
    "T_run",
    "D / (n · H_in · B) · (H_in · t_step + t_outer) / 3600",
    "h",
    TRAINING_COMM,
);
/// The step: communication efficiency.
pub const TRAIN_COMM_EFFICIENCY: What =
    what("sizing", "compute over run time", "η", "steps · t_c / (T_run · 3600)", "fraction", TRAINING_COMM);
/// The step: run time with the fleet's availability.
pub const TRAIN_AVAILABLE: What = what("sizing", "run time with GPUs away", "T_s", "T_run / a", "h", TRAINING);
/// The step: run time with privacy and attestation.
pub const TRAIN_PROTECTED: What =
    what("sizing", "run time with privacy and attestation", "T_m", "T_s · m", "h", TRAINING);
/// The step: job MTBF.
pub const TRAIN_MTBF: What = what("sizing", "job MTBF", "M_j", "1 / (λ_f · a · N)", "h", TRAINING);
/// The step: checkpoint write time.
pub const TRAIN_CHECKPOINT: What = what(
    "sizing",
    "checkpoint write time",
    "δ",
    "state_bytes · P_t / (a · N · ckpt_write · 10⁹) / 3600",
    "h",
    TRAINING,
);
/// The step: expected wall-clock (Young/Daly).
pub const TRAIN_WALL: What = what(
    "sizing",
    "expected wall-clock (Young/Daly)",
    "T",
    "M_j · e^{R/M_j} · (e^{(τ+δ)/M_j} − 1) · T_m / τ",
    "h",
    TRAINING,
);
/// The step: GPU-hours for the work.
pub const TRAIN_HOURS: What = what("serving", "GPU-hours for the work", "H", "runs · a · N · T_s", "GPU-h", TRAINING);
/// The step: GPU-hours with the privacy multiplier.
pub const TRAIN_HOURS_PRIVATE: What =
    what("serving", "GPU-hours with the privacy multiplier", "H_p", "runs · a · N · T_s · m_p", "GPU-h", PRIVACY);
/// The step: GPU-hours of verification.
pub const TRAIN_HOURS_VERIFICATION: What = what(
    "serving",
    "GPU-hours of verification",
    "H_v",
    "runs · (replication: (k − 1) · N · T; spot check: rate · f · N · T_s · m_p; zk: proofs; attestation: N · (T_m − T_s · m_p))",
    "GPU-h",
    VERIFICATION,
);
/// The step: GPU-hours lost to failures, checkpoints and restarts.
pub const TRAIN_HOURS_FAILURES: What = what(
    "serving",
    "GPU-hours lost to failures, checkpoints and restarts",
    "H_f",
    "runs · a · N · (T − T_m)",
    "GPU-h",
    FAILURES,
);
/// The step: egress.
pub const TRAIN_EGRESS: What = what(COST, "egress", "egress", "runs · P_t · 2 / 10⁹ · egress_price", MONEY, EGRESS);
/// The step: storage.
pub const TRAIN_STORAGE: What = what(
    COST,
    "storage",
    "storage",
    "(state_bytes · P_t + D · bytes_tok) / 10⁹ · storage_price · months",
    MONEY,
    EGRESS,
);
/// The step: cost per run.
pub const PER_RUN: What = what("total", "cost per run", "C_run", "C / runs", MONEY, TRAINING);

// GPU-hours workloads.
/// The step: speed relative to the reference GPU.
pub const SPEED: What = what(
    "sizing",
    "speed relative to the reference GPU",
    "s",
    "F / F_ref (flops) or BW / BW_ref (bandwidth)",
    "×",
    GPU_HOURS,
);
/// The step: GPU-hours for the work.
pub const BATCH_HOURS: What = what("serving", "GPU-hours for the work", "H", "H_ref / s / u", "GPU-h", GPU_HOURS);
/// The step: GPU-hours with privacy.
pub const BATCH_PRIVATE: What = what("serving", "GPU-hours with privacy", "H_p", "H · m_p", "GPU-h", PRIVACY);
/// The step: GPU-hours lost to failures.
pub const BATCH_FAILURES: What =
    what("serving", "GPU-hours lost to failures", "H_f", "λ_f · (H_p + H_v) · R / 60", "GPU-h", FAILURES);
/// The step: egress.
pub const BATCH_EGRESS: What = what(COST, "egress", "egress", "egress_gb · egress_price", MONEY, EGRESS);
/// The step: storage.
pub const BATCH_STORAGE: What = what(COST, "storage", "storage", "storage_gb · storage_price", MONEY, EGRESS);
/// The step: cost per reference GPU-hour.
pub const PER_REF_HOUR: What = what("total", "cost per reference GPU-hour", "C_h", "C / H_ref", MONEY, GPU_HOURS);

// Business.
/// The step: operational savings.
pub const SAVINGS_OPS: What = what("margin", "operational savings", "S_o", "O · s_o", MONEY, BUSINESS);
/// The step: labor savings.
pub const SAVINGS_LABOR: What = what("margin", "labor savings", "S_l", "L · s_l", MONEY, BUSINESS);
/// The step: net monthly saving.
pub const NET_SAVING: What = what("margin", "net monthly saving", "net", "S_o + S_l − C − X_ai", MONEY, BUSINESS);
/// The step: margin before AI.
pub const MARGIN_BEFORE: What = what("margin", "margin before AI", "m_0", "(Rev − O − L) / Rev", "fraction", BUSINESS);
/// The step: margin with AI.
pub const MARGIN_AFTER: What = what("margin", "margin with AI", "m_1", "m_0 + net / Rev", "fraction", BUSINESS);

// Energy (GPU providers with a TDP in the catalog).
/// The step: GPU-hours the work needs at full speed.
pub const BUSY_HOURS: What = what(
    "energy",
    "GPU-hours computing at full speed",
    "H_busy",
    "N_req / (X · 3600) · g (inference), H · goodput (training), H · u (GPU-hours work)",
    "GPU-h",
    ENERGY,
);
/// The step: share of billed GPU time spent computing.
pub const BUSY: What = what("energy", "share of billed GPU time busy", "busy", "H_busy / H", "fraction", ENERGY);
/// The step: average power of one GPU.
pub const GPU_POWER: What =
    what("energy", "average power per GPU", "P_gpu", "TDP · (f_idle + (1 − f_idle) · busy)", "W", ENERGY);
/// The step: energy per month at the meter.
pub const ENERGY_KWH: What = what("energy", "energy per month", "E_m", "H · P_gpu · PUE / 1000", "kWh", ENERGY);
/// The step: emissions per month.
pub const CO2E: What = what("energy", "emissions per month", "CO2e", "E_m · grid", "kg CO2e", ENERGY);

// Owned hardware (providers of kind `owned`).
const OWNED: &str = "owned-hardware";
/// The step: purchase per GPU.
pub const OWNED_CAPEX: What = what(
    "owned",
    "purchase per GPU, its share of the server included",
    "capex",
    "gpu_price + server_price / n_srv",
    MONEY,
    OWNED,
);
/// The step: amortisation per GPU-hour.
pub const OWNED_AMORTISATION: What =
    what("owned", "amortisation per GPU-hour", "amort", "capex · (1 − residual) / (months · h_mo)", MONEY, OWNED);
/// The step: average IT power of a GPU and its share of the server.
pub const OWNED_IT_POWER: What = what(
    "owned",
    "average IT power per GPU, server share included",
    "P_it",
    "TDP · (f_idle + (1 − f_idle) · u) + server_W / n_srv",
    "W",
    OWNED,
);
/// The step: electricity per GPU-hour.
pub const OWNED_POWER: What =
    what("owned", "electricity per GPU-hour", "power", "P_it · PUE / 1000 · kwh_price", MONEY, OWNED);
/// The step: colocation per GPU-hour.
pub const OWNED_COLOCATION: What =
    what("owned", "colocation per GPU-hour", "colo", "colo_kW · (TDP + server_W / n_srv) / 1000 / h_mo", MONEY, OWNED);
/// The step: staff and support per GPU-hour.
pub const OWNED_STAFF: What =
    what("owned", "staff and support per GPU-hour", "staff", "staff_srv / n_srv / h_mo", MONEY, OWNED);
/// The step: the owned price per GPU-hour.
pub const OWNED_PRICE: What =
    what("owned", "owned price per GPU-hour", "price", "amort + power + colo + staff", MONEY, OWNED);

/// Where the value of a symbol comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A workload field (`workload.<field>`).
    Workload(&'static str),
    /// A business field (`business.<field>`).
    Business(&'static str),
    /// A provider field (`providers.<id>.<field>`).
    Provider(&'static str),
    /// A figure of the provider's GPU in the catalog.
    Gpu,
    /// A figure of the reference GPU (GPU-hours workloads).
    ReferenceGpu,
    /// A figure of the model in the catalog.
    Model,
    /// A scenario choice that is not a number (precision, overlap mode).
    Setting(&'static str),
    /// A documented default (defaults.toml key).
    Default(&'static str),
}

/// One symbol of the formulas.
#[derive(Debug, Clone, Copy)]
pub struct Symbol {
    /// As written in formulas.
    pub symbol: &'static str,
    /// What it is.
    pub meaning: &'static str,
    /// Its unit (as in [`What::unit`]).
    pub unit: &'static str,
    /// Where it is read from.
    pub input: Input,
}

const fn sym(symbol: &'static str, meaning: &'static str, unit: &'static str, input: Input) -> Symbol {
    Symbol { symbol, meaning, unit, input }
}

/// Every input symbol a step's terms may name; symbols computed by earlier steps are not listed.
pub const GLOSSARY: &[Symbol] = &[
    sym("P", "parameters", "params", Input::Model),
    sym("P_active", "active parameters", "params", Input::Model),
    sym("layers", "transformer layers", "layers", Input::Model),
    sym("h", "model width", "values", Input::Model),
    sym("d_att", "attention width (query heads × head dimension)", "values", Input::Model),
    sym("E", "routed experts per layer", "experts", Input::Model),
    sym("k_e", "experts per token", "experts", Input::Model),
    sym("kv_bf16", "KV bytes per token at BF16", "B", Input::Model),
    sym("q_w", "bytes per weight", "B", Input::Setting("workload.weight_precision")),
    sym("q_kv", "bytes per KV element", "B", Input::Setting("workload.kv_precision")),
    sym("F_table", "dense peak, TFLOP/s, in the matmul precision", "TFLOP/s", Input::Gpu),
    sym("M", "memory per GPU", "B", Input::Gpu),
    sym("BW", "memory bandwidth per GPU", "B/s", Input::Gpu),
    sym("BW_link", "GPU link bandwidth per direction", "B/s", Input::Gpu),
    sym("F_ref", "dense BF16 peak of the reference GPU", "FLOP/s", Input::ReferenceGpu),
    sym("BW_ref", "memory bandwidth of the reference GPU", "B/s", Input::ReferenceGpu),
    sym("T_in", "input tokens per request", "tokens", Input::Workload("input_tokens")),
    sym("T_out", "output tokens per request", "tokens", Input::Workload("output_tokens")),
    sym("N_req", "requests per month", "requests/month", Input::Workload("requests_per_month")),
    sym("batch", "requested batch", "sequences", Input::Workload("batch_size")),
    sym("hit", "prefix-cache hit fraction", "fraction", Input::Workload("cache_hit_fraction")),
    sym("MFU", "model FLOP utilization", "fraction", Input::Workload("mfu")),
    sym("s_fp8", "FP8 training throughput over BF16 at one MFU", "×", Input::Workload("fp8_speedup")),
    sym("MBU", "memory bandwidth utilization", "fraction", Input::Workload("mbu")),
    sym("eff", "serving efficiency", "fraction", Input::Workload("serving_efficiency")),
    sym("r", "memory reserve", "fraction", Input::Workload("memory_reserve_fraction")),
    sym("n_min", "minimum replicas", "replicas", Input::Workload("min_replicas")),
    sym("bytes_tok", "bytes per token", "B", Input::Workload("bytes_per_token")),
    sym("s_peak", "busiest hour over the day's average", "×", Input::Workload("demand.peak_to_average")),
    sym("φ", "prefill hidden under decode", "fraction", Input::Workload("prefill_overlap")),
    sym("α", "latency of one all-reduce", "µs", Input::Workload("allreduce_latency_us")),
    sym("η_ar", "fraction of link bandwidth an all-reduce achieves", "fraction", Input::Workload("link_efficiency")),
    sym("D", "training tokens", "tokens", Input::Workload("training_tokens")),
    sym("gpus", "GPUs requested", "GPUs", Input::Workload("gpus")),
    sym("state_bytes", "training state per parameter", "B", Input::Workload("state_bytes_per_param")),
    sym("runs", "runs per month", "runs/month", Input::Workload("runs_per_month")),
    sym("H_ref", "reference GPU-hours per month", "GPU-h", Input::Workload("gpu_hours_per_month")),
    sym("egress_gb", "egress per month", "GB", Input::Workload("egress_gb_per_month")),
    sym("storage_gb", "storage", "GB", Input::Workload("storage_gb")),
    sym("price", "price per GPU-hour", MONEY, Input::Provider("price_per_gpu_hour")),
    sym("u", "utilization", "fraction", Input::Provider("utilization")),
    sym("capacity", "provider capacity", "GPUs", Input::Provider("capacity_gpus")),
    sym("RTT", "network round trip", "s", Input::Provider("rtt_ms")),
    sym("λ_f", "failures per GPU-hour", "failures/GPU-h", Input::Provider("failure_rate_per_gpu_hour")),
    sym("R", "restart time", "min", Input::Provider("restart_minutes")),
    sym("egress_price", "egress price", MONEY, Input::Provider("egress_per_gb")),
    sym("storage_price", "storage price per GB-month", MONEY, Input::Provider("storage_per_gb_month")),
    sym("fee_fixed", "fixed monthly fee", MONEY, Input::Provider("fixed_monthly_fee")),
    sym("fee_fraction", "fee as a fraction of GPU spend", "fraction", Input::Provider("fee_fraction")),
    sym("gpus_p", "GPUs of the provider's fleet", "GPUs", Input::Provider("gpus")),
    sym("a", "share of the fleet working", "fraction", Input::Provider("availability")),
    sym("BW_net", "network between nodes per GPU", "GB/s", Input::Provider("network_gbs_per_gpu")),
    sym("seq", "tokens per training sequence", "tokens", Input::Workload("sequence_length")),
    sym("B", "tokens per optimizer step", "tokens", Input::Workload("batch_tokens")),
    sym("H_in", "inner steps between DiLoCo synchronisations", "steps", Input::Workload("diloco_inner_steps")),
    sym("rank", "LoRA rank", "rank", Input::Workload("lora_rank")),
    sym("ckpt_write", "checkpoint write speed per GPU", "GB/s", Input::Provider("checkpoint_write_gbs_per_gpu")),
    sym("g_max", "GPUs per replica at most", "GPUs", Input::Provider("max_gpus_per_replica")),
    sym("TDP", "GPU board power at full load", "W", Input::Gpu),
    sym("f_idle", "idle power with a model loaded, share of TDP", "fraction", Input::Provider("idle_power_fraction")),
    sym("PUE", "facility power over IT power", "×", Input::Provider("pue")),
    sym("grid", "grid emissions", "kg CO2e/kWh", Input::Provider("grid_kg_co2e_per_kwh")),
    sym("k", "replication factor", "×", Input::Provider("verification.factor")),
    sym("rate", "spot-check rate", "fraction", Input::Provider("verification.rate")),
    sym("f", "recompute fraction", "fraction", Input::Provider("verification.recompute_fraction")),
    sym(
        "rate_zk",
        "zk proving rate",
        "GPU-s per B params per 2k tokens",
        Input::Provider("verification.prove_gpu_seconds_per_bparam_2k"),
    ),
    sym("overhead_att", "attestation overhead", "fraction", Input::Provider("verification.overhead")),
    sym("overhead", "TEE overhead", "fraction", Input::Provider("privacy.overhead")),
    sym("slowdown", "FHE slowdown", "×", Input::Provider("privacy.slowdown")),
    sym("h_mo", "hours per month", "h", Input::Default("hours_per_month")),
    sym("gpu_price", "purchase price per GPU", MONEY, Input::Provider("owned.gpu_price")),
    sym("server_price", "purchase price per server without GPUs", MONEY, Input::Provider("owned.server_price")),
    sym("n_srv", "GPUs per server", "GPUs", Input::Provider("owned.gpus_per_server")),
    sym("months", "amortisation period", "months", Input::Provider("owned.amortisation_months")),
    sym(
        "residual",
        "value left at the end, share of the purchase",
        "fraction",
        Input::Provider("owned.residual_fraction"),
    ),
    sym("server_W", "server power without GPUs", "W", Input::Provider("owned.server_watts")),
    sym("kwh_price", "electricity price", MONEY, Input::Provider("owned.electricity_per_kwh")),
    sym("colo_kW", "colocation per kW of IT power per month", MONEY, Input::Provider("owned.colocation_per_kw_month")),
    sym("staff_srv", "staff and support per server per month", MONEY, Input::Provider("owned.staff_per_server_month")),
    sym("p_in", "price per million input tokens", MONEY, Input::Provider("input_usd_per_mtok")),
    sym("p_out", "price per million output tokens", MONEY, Input::Provider("output_usd_per_mtok")),
    sym("p_cached", "price per million cached input tokens", MONEY, Input::Provider("cached_input_usd_per_mtok")),
    sym("ttft", "median time to first token", "s", Input::Provider("ttft_ms")),
    sym("ratio", "p95 over median TTFT", "×", Input::Provider("ttft_p95_ratio")),
    sym("speed", "output tokens per second", "tokens/s", Input::Provider("output_tokens_per_s")),
    sym("Rev", "revenue per month", MONEY, Input::Business("revenue_per_month")),
    sym("O", "operational costs per month", MONEY, Input::Business("operational_costs_per_month")),
    sym("L", "labor costs per month", MONEY, Input::Business("labor_costs_per_month")),
    sym("s_o", "operational savings", "fraction", Input::Business("operational_savings")),
    sym("s_l", "labor savings", "fraction", Input::Business("labor_savings")),
    sym("X_ai", "other AI costs per month", MONEY, Input::Business("other_ai_costs_per_month")),
];

/// The glossary entry of `symbol`, if it is an input.
pub fn input_symbol(symbol: &str) -> Option<&'static Symbol> {
    GLOSSARY.iter().find(|s| s.symbol == symbol)
}
