//! The model's inputs, generic over the number type `N`.
//!
//! A resolved scenario holds `N = scenario::Param` (a quantity with its origin); one evaluation of the model
//! takes `N = f64`. `map` turns one into the other field by field and hands the callback each field's
//! name, so sampling, `explain` and the assumptions list all walk the same fields.

mod provider;

pub use provider::{
    Autoscale, Fees, GpuTerms, Ownership, Pricing, Privacy, ProviderInputs, Terms, TokenTerms, Verification,
};
use serde::Serialize;

/// Bytes per parameter or per KV element, and the matmul peak the prefill and decode run at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// 16-bit brain float: 2 bytes.
    Bf16,
    /// 8-bit float: 1 byte.
    Fp8,
    /// 4-bit integer weights: 0.5 byte (matmuls run in BF16).
    Int4,
}

impl Precision {
    /// Bytes per stored element.
    pub fn bytes(self) -> f64 {
        match self {
            Precision::Bf16 => 2.0,
            Precision::Fp8 => 1.0,
            Precision::Int4 => 0.5,
        }
    }

    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Bf16 => "bf16",
            Precision::Fp8 => "fp8",
            Precision::Int4 => "int4",
        }
    }
}

/// How prefill and decode share a replica's GPUs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OverlapMode {
    /// Prefill and decode run in turn: a batch of b requests takes `b·t_pf + T_out·t_step`.
    Sequential,
    /// Chunked prefill: prefill compute hides under memory-bound decode steps (vLLM V1's default).
    Chunked,
}

impl OverlapMode {
    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            OverlapMode::Sequential => "sequential",
            OverlapMode::Chunked => "chunked",
        }
    }
}

/// Where the default savings fractions of `[business]` come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SavingsPreset {
    /// The article under test: uniform 15–30% operational and 20–40% labor savings.
    #[default]
    Article,
    /// A low case built from independent measurements (docs/MODEL.md, "Business").
    Measured,
}

impl SavingsPreset {
    /// Its name in files.
    pub fn as_str(self) -> &'static str {
        match self {
            SavingsPreset::Article => "article",
            SavingsPreset::Measured => "measured",
        }
    }

    /// The other preset.
    pub fn other(self) -> SavingsPreset {
        match self {
            SavingsPreset::Article => SavingsPreset::Measured,
            SavingsPreset::Measured => SavingsPreset::Article,
        }
    }

    /// The defaults.toml key of a savings field under this preset.
    pub fn default_key(self, field: &str) -> String {
        match self {
            SavingsPreset::Article => format!("business.{field}"),
            SavingsPreset::Measured => format!("business.{field}.measured"),
        }
    }
}

/// What the `gpu_hours` workload scales by when the provider's GPU is not the reference GPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScaleBy {
    /// Dense BF16 peak FLOP/s (compute-bound jobs).
    Flops,
    /// Memory bandwidth (memory-bound jobs).
    Bandwidth,
}

/// The three kinds of workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkloadKind {
    /// Serving requests.
    Inference,
    /// A training run.
    Training,
    /// Generic GPU-hours.
    GpuHours,
}

impl WorkloadKind {
    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Inference => "inference",
            WorkloadKind::Training => "training",
            WorkloadKind::GpuHours => "gpu_hours",
        }
    }
}

/// Inputs of an inference workload (per month, per request).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InferenceInputs<N> {
    /// Requests per month.
    pub requests_per_month: N,
    /// Prompt tokens per request.
    pub input_tokens: N,
    /// Generated tokens per request.
    pub output_tokens: N,
    /// Fraction of input tokens served from the prefix cache (no prefill compute).
    pub cache_hit_fraction: N,
    /// Concurrent sequences per replica; `None` = chosen per provider and trial to meet the objectives at the
    /// lowest cost (`batch_size = "auto"`).
    pub batch_size: Option<N>,
    /// End-to-end p95 latency objective, ms.
    pub latency_slo_ms: Option<N>,
    /// Time-to-first-token p95 objective, ms.
    pub ttft_slo_ms: Option<N>,
    /// Time-per-output-token objective, ms.
    pub tpot_slo_ms: Option<N>,
    /// Prefill MFU, fraction of the dense peak of `compute_precision`.
    pub mfu: N,
    /// Decode MBU, fraction of peak memory bandwidth.
    pub mbu: N,
    /// Multiplier on throughput for what the roofline does not see.
    pub serving_efficiency: N,
    /// Fraction of GPU memory kept free of weights and KV cache.
    pub memory_reserve_fraction: N,
    /// Replicas kept running whatever the load.
    pub min_replicas: N,
    /// Bytes of response per output token (egress).
    pub bytes_per_token: N,
    /// Demand at the busiest hour over the day's average (unused when the scenario gives 24 hours).
    pub peak_to_average: N,
    /// How far prefill hides under decode with chunked prefill: 0 = serial, 1 = fully hidden.
    pub prefill_overlap: N,
    /// Latency of one tensor-parallel all-reduce, µs.
    pub allreduce_latency_us: N,
    /// Fraction of the GPU-to-GPU link bandwidth an all-reduce achieves.
    pub link_efficiency: N,
}

impl<N> InferenceInputs<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> InferenceInputs<M> {
        InferenceInputs {
            requests_per_month: f("requests_per_month", &self.requests_per_month),
            input_tokens: f("input_tokens", &self.input_tokens),
            output_tokens: f("output_tokens", &self.output_tokens),
            cache_hit_fraction: f("cache_hit_fraction", &self.cache_hit_fraction),
            batch_size: self.batch_size.as_ref().map(|v| f("batch_size", v)),
            latency_slo_ms: self.latency_slo_ms.as_ref().map(|v| f("latency_slo_ms", v)),
            ttft_slo_ms: self.ttft_slo_ms.as_ref().map(|v| f("ttft_slo_ms", v)),
            tpot_slo_ms: self.tpot_slo_ms.as_ref().map(|v| f("tpot_slo_ms", v)),
            mfu: f("mfu", &self.mfu),
            mbu: f("mbu", &self.mbu),
            serving_efficiency: f("serving_efficiency", &self.serving_efficiency),
            memory_reserve_fraction: f("memory_reserve_fraction", &self.memory_reserve_fraction),
            min_replicas: f("min_replicas", &self.min_replicas),
            bytes_per_token: f("bytes_per_token", &self.bytes_per_token),
            peak_to_average: f("demand.peak_to_average", &self.peak_to_average),
            prefill_overlap: f("prefill_overlap", &self.prefill_overlap),
            allreduce_latency_us: f("allreduce_latency_us", &self.allreduce_latency_us),
            link_efficiency: f("link_efficiency", &self.link_efficiency),
        }
    }
}

/// Inputs of a training (or fine-tuning) run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingInputs<N> {
    /// Training tokens D.
    pub training_tokens: N,
    /// GPUs requested for the run.
    pub gpus: N,
    /// Model FLOPs utilization, fraction of the dense BF16 peak.
    pub mfu: N,
    /// Throughput of FP8 training over BF16 at the same MFU (1 for BF16 compute).
    pub fp8_speedup: N,
    /// Bytes of weights, gradients and optimizer state per parameter.
    pub state_bytes_per_param: N,
    /// Runs per month; `None` = figures per run only.
    pub runs_per_month: Option<N>,
    /// Latest acceptable wall-clock, days.
    pub deadline_days: Option<N>,
    /// Fraction of GPU memory kept free of training state.
    pub memory_reserve_fraction: N,
    /// Bytes of dataset per token (storage).
    pub bytes_per_token: N,
    /// Tokens per optimizer step of one model replica (the global batch; a DiLoCo worker's local batch).
    pub batch_tokens: N,
    /// Tokens per training sequence.
    pub sequence_length: N,
    /// Inner steps between DiLoCo synchronisations.
    pub diloco_inner_steps: N,
    /// LoRA rank.
    pub lora_rank: N,
}

impl<N> TrainingInputs<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> TrainingInputs<M> {
        TrainingInputs {
            training_tokens: f("training_tokens", &self.training_tokens),
            gpus: f("gpus", &self.gpus),
            mfu: f("mfu", &self.mfu),
            fp8_speedup: f("fp8_speedup", &self.fp8_speedup),
            state_bytes_per_param: f("state_bytes_per_param", &self.state_bytes_per_param),
            runs_per_month: self.runs_per_month.as_ref().map(|v| f("runs_per_month", v)),
            deadline_days: self.deadline_days.as_ref().map(|v| f("deadline_days", v)),
            memory_reserve_fraction: f("memory_reserve_fraction", &self.memory_reserve_fraction),
            bytes_per_token: f("bytes_per_token", &self.bytes_per_token),
            batch_tokens: f("batch_tokens", &self.batch_tokens),
            sequence_length: f("sequence_length", &self.sequence_length),
            diloco_inner_steps: f("diloco_inner_steps", &self.diloco_inner_steps),
            lora_rank: f("lora_rank", &self.lora_rank),
        }
    }
}

/// Inputs of a generic batch workload measured in GPU-hours of a reference GPU.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GpuHoursInputs<N> {
    /// GPU-hours per month on the reference GPU.
    pub gpu_hours_per_month: N,
    /// Data sent out per month, GB.
    pub egress_gb_per_month: N,
    /// Data stored, GB.
    pub storage_gb: N,
}

impl<N> GpuHoursInputs<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> GpuHoursInputs<M> {
        GpuHoursInputs {
            gpu_hours_per_month: f("gpu_hours_per_month", &self.gpu_hours_per_month),
            egress_gb_per_month: f("egress_gb_per_month", &self.egress_gb_per_month),
            storage_gb: f("storage_gb", &self.storage_gb),
        }
    }
}

/// The workload's numeric inputs, by kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkloadInputs<N> {
    /// Serving requests.
    Inference(InferenceInputs<N>),
    /// A training run.
    Training(TrainingInputs<N>),
    /// Generic GPU-hours.
    GpuHours(GpuHoursInputs<N>),
}

impl<N> WorkloadInputs<N> {
    /// Which kind of workload these inputs describe.
    pub fn kind(&self) -> WorkloadKind {
        match self {
            WorkloadInputs::Inference(_) => WorkloadKind::Inference,
            WorkloadInputs::Training(_) => WorkloadKind::Training,
            WorkloadInputs::GpuHours(_) => WorkloadKind::GpuHours,
        }
    }

    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> WorkloadInputs<M> {
        match self {
            WorkloadInputs::Inference(w) => WorkloadInputs::Inference(w.map(f)),
            WorkloadInputs::Training(w) => WorkloadInputs::Training(w.map(f)),
            WorkloadInputs::GpuHours(w) => WorkloadInputs::GpuHours(w.map(f)),
        }
    }
}

/// The business the AI workload serves (money per month in the scenario currency).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BusinessInputs<N> {
    /// Revenue per month.
    pub revenue_per_month: N,
    /// Operational costs per month, labor excluded.
    pub operational_costs_per_month: N,
    /// Labor costs per month.
    pub labor_costs_per_month: N,
    /// Fraction of operational costs AI removes at full adoption.
    pub operational_savings: N,
    /// Fraction of labor costs AI removes at full adoption.
    pub labor_savings: N,
    /// Months of linear ramp to full adoption.
    pub adoption_months: N,
    /// AI costs beyond the modelled compute, per month.
    pub other_ai_costs_per_month: N,
    /// One-time cost of putting the AI in place.
    pub implementation_cost: N,
}

impl<N> BusinessInputs<N> {
    /// Maps every numeric field through `f(name, value)`.
    pub fn map<M>(&self, f: &mut impl FnMut(&'static str, &N) -> M) -> BusinessInputs<M> {
        BusinessInputs {
            revenue_per_month: f("revenue_per_month", &self.revenue_per_month),
            operational_costs_per_month: f("operational_costs_per_month", &self.operational_costs_per_month),
            labor_costs_per_month: f("labor_costs_per_month", &self.labor_costs_per_month),
            operational_savings: f("operational_savings", &self.operational_savings),
            labor_savings: f("labor_savings", &self.labor_savings),
            adoption_months: f("adoption_months", &self.adoption_months),
            other_ai_costs_per_month: f("other_ai_costs_per_month", &self.other_ai_costs_per_month),
            implementation_cost: f("implementation_cost", &self.implementation_cost),
        }
    }
}
