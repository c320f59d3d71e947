//! The scenario file exactly as written: every field optional where the catalog or a default can fill it,
//! unknown keys refused, spans kept for the checks that come after deserialization.

use super::quantity::{BatchFile, Quantity};
use crate::catalog::ProviderKind;
use crate::model::{Checkpointing, Method, OverlapMode, Precision, Pricing, ScaleBy, Sharding, Sync, WorkloadKind};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// A whole scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// `[scenario]`: name and settings.
    pub scenario: MetaFile,
    /// `[workload]`: what runs.
    pub workload: WorkloadFile,
    /// `[business]`: the business the AI serves (optional).
    pub business: Option<Spanned<BusinessFile>>,
    /// `[[providers]]`: where it could run.
    #[serde(default)]
    pub providers: Vec<ProviderFile>,
}

/// `[scenario]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaFile {
    /// Short name shown in titles.
    pub name: String,
    /// The question the scenario answers, with its sources.
    #[serde(default)]
    pub description: String,
    /// ISO currency code of every money figure in the file (default USD).
    pub currency: Option<Spanned<String>>,
    /// Units of the scenario currency per US dollar (catalog prices are USD).
    pub usd_to_currency: Option<Quantity>,
    /// Months the cumulative figures cover.
    pub horizon_months: Option<Quantity>,
    /// What the memo's headline answers: `cheapest` (default) or `build_vs_buy`.
    pub headline: Option<Spanned<Headline>>,
}

/// The question a memo's headline answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Headline {
    /// The cheapest provider against the cheapest of another way (rent on a cloud or a network, own, buy
    /// tokens).
    #[default]
    Cheapest,
    /// The volume above which self-hosting beats each token API.
    BuildVsBuy,
}

/// A sharding as written: one of the model's, or `auto` (the fastest that fits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShardingFile {
    /// The fastest that fits.
    Auto,
    /// Data parallel.
    Dp,
    /// ZeRO-1.
    Zero1,
    /// ZeRO-2.
    Zero2,
    /// ZeRO-3 over the fleet.
    Zero3,
    /// ZeRO-3 within each node.
    Hybrid,
}

impl ShardingFile {
    /// The sharding, `None` for `auto`.
    pub fn sharding(self) -> Option<Sharding> {
        match self {
            ShardingFile::Auto => None,
            ShardingFile::Dp => Some(Sharding::Dp),
            ShardingFile::Zero1 => Some(Sharding::Zero1),
            ShardingFile::Zero2 => Some(Sharding::Zero2),
            ShardingFile::Zero3 => Some(Sharding::Zero3),
            ShardingFile::Hybrid => Some(Sharding::Hybrid),
        }
    }
}

/// Checkpointing as written: one of the model's, or `auto` (the least recomputation that fits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckpointingFile {
    /// The least recomputation that fits.
    Auto,
    /// Nothing recomputed.
    None,
    /// Attention recomputed.
    Selective,
    /// Every layer recomputed.
    Full,
}

impl CheckpointingFile {
    /// The choice, `None` for `auto`.
    pub fn checkpointing(self) -> Option<Checkpointing> {
        match self {
            CheckpointingFile::Auto => None,
            CheckpointingFile::None => Some(Checkpointing::None),
            CheckpointingFile::Selective => Some(Checkpointing::Selective),
            CheckpointingFile::Full => Some(Checkpointing::Full),
        }
    }
}

/// `[workload]`: one flat table for all kinds; fields of another kind are refused during resolution.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadFile {
    /// inference, training or gpu_hours.
    pub kind: Spanned<WorkloadKind>,
    /// Catalog model id (inference, training).
    pub model: Option<Spanned<String>>,
    /// Requests per month (inference).
    pub requests_per_month: Option<Quantity>,
    /// Prompt tokens per request (inference).
    pub input_tokens: Option<Quantity>,
    /// Generated tokens per request (inference).
    pub output_tokens: Option<Quantity>,
    /// Fraction of input tokens served from the prefix cache (inference).
    pub cache_hit_fraction: Option<Quantity>,
    /// Concurrent sequences per replica, or `"auto"` (inference).
    pub batch_size: Option<BatchFile>,
    /// Demand over the day: `{ peak_to_average = … }` or `{ hourly = [24 numbers] }` (inference).
    pub demand: Option<Spanned<DemandFile>>,
    /// How far prefill hides under decode with chunked prefill, 0–1 (inference).
    pub prefill_overlap: Option<Quantity>,
    /// Latency of one tensor-parallel all-reduce, µs (inference).
    pub allreduce_latency_us: Option<Quantity>,
    /// Fraction of GPU-to-GPU bandwidth an all-reduce achieves (inference).
    pub link_efficiency: Option<Quantity>,
    /// End-to-end p95 objective, ms (inference).
    pub latency_slo_ms: Option<Quantity>,
    /// Time-to-first-token p95 objective, ms (inference).
    pub ttft_slo_ms: Option<Quantity>,
    /// Time-per-output-token objective, ms (inference).
    pub tpot_slo_ms: Option<Quantity>,
    /// Bytes per weight: bf16, fp8, int4 (inference).
    pub weight_precision: Option<Spanned<Precision>>,
    /// Bytes per KV element: bf16, fp8 (inference).
    pub kv_precision: Option<Spanned<Precision>>,
    /// Matmul precision: bf16, fp8 (inference, training).
    pub compute_precision: Option<Spanned<Precision>>,
    /// sequential or chunked (inference).
    pub overlap: Option<Spanned<OverlapMode>>,
    /// GPUs per replica (inference).
    pub gpus_per_replica: Option<Spanned<u32>>,
    /// Prefill MFU (inference) or training MFU.
    pub mfu: Option<Quantity>,
    /// Decode MBU (inference).
    pub mbu: Option<Quantity>,
    /// Throughput multiplier for what the roofline misses (inference).
    pub serving_efficiency: Option<Quantity>,
    /// Memory kept free of weights and KV (inference, training).
    pub memory_reserve_fraction: Option<Quantity>,
    /// Replicas always running (inference).
    pub min_replicas: Option<Quantity>,
    /// Bytes per token for egress and datasets (inference, training).
    pub bytes_per_token: Option<Quantity>,
    /// Training tokens D (training).
    pub training_tokens: Option<Quantity>,
    /// GPUs requested (training).
    pub gpus: Option<Quantity>,
    /// FP8 training throughput over BF16 at the same MFU (training with FP8 compute).
    pub fp8_speedup: Option<Quantity>,
    /// Optimizer state bytes per parameter (training).
    pub state_bytes_per_param: Option<Quantity>,
    /// Runs per month (training).
    pub runs_per_month: Option<Quantity>,
    /// Latest acceptable wall-clock, days (training).
    pub deadline_days: Option<Quantity>,
    /// What is trained: full, lora, qlora (training).
    pub method: Option<Spanned<Method>>,
    /// How state is split: auto, dp, zero1, zero2, zero3, hybrid (training).
    pub sharding: Option<Spanned<ShardingFile>>,
    /// How often the fleet synchronises: step, diloco (training).
    pub sync: Option<Spanned<Sync>>,
    /// What is recomputed: auto, none, selective, full (training).
    pub checkpointing: Option<Spanned<CheckpointingFile>>,
    /// LoRA rank (training with lora or qlora).
    pub lora_rank: Option<Quantity>,
    /// Projections LoRA adapts, among q, k, v, o (training with lora or qlora).
    pub lora_targets: Option<Spanned<Vec<String>>>,
    /// Tokens per optimizer step of one replica (training).
    pub batch_tokens: Option<Quantity>,
    /// Tokens per training sequence (training).
    pub sequence_length: Option<Quantity>,
    /// Inner steps between DiLoCo synchronisations (training with diloco).
    pub diloco_inner_steps: Option<Quantity>,
    /// Catalog GPU the hours were measured on (gpu_hours).
    pub reference_gpu: Option<Spanned<String>>,
    /// GPU-hours per month on the reference GPU (gpu_hours).
    pub gpu_hours_per_month: Option<Quantity>,
    /// flops or bandwidth (gpu_hours).
    pub scale_by: Option<Spanned<ScaleBy>>,
    /// Data sent out per month, GB (gpu_hours).
    pub egress_gb_per_month: Option<Quantity>,
    /// Data stored, GB (gpu_hours).
    pub storage_gb: Option<Quantity>,
}

/// The span of a value, if given.
fn at<T>(v: &Option<Spanned<T>>) -> Option<Range<usize>> {
    v.as_ref().map(Spanned::span)
}

/// The span of a number, if given.
fn at_q(q: &Option<Quantity>) -> Option<Range<usize>> {
    q.as_ref().map(|q| q.span.clone())
}

/// The fields given, by name (as model::fields names them), with where each is written.
fn given(fields: Vec<(&'static str, Option<Range<usize>>)>) -> Vec<(&'static str, Range<usize>)> {
    fields.into_iter().filter_map(|(name, span)| Some((name, span?))).collect()
}

impl WorkloadFile {
    /// Every field the file gives, in file-schema order, with its span.
    pub fn given(&self) -> Vec<(&'static str, Range<usize>)> {
        given(vec![
            ("model", at(&self.model)),
            ("requests_per_month", at_q(&self.requests_per_month)),
            ("input_tokens", at_q(&self.input_tokens)),
            ("output_tokens", at_q(&self.output_tokens)),
            ("cache_hit_fraction", at_q(&self.cache_hit_fraction)),
            ("batch_size", self.batch_size.as_ref().map(BatchFile::span)),
            ("demand", at(&self.demand)),
            ("prefill_overlap", at_q(&self.prefill_overlap)),
            ("allreduce_latency_us", at_q(&self.allreduce_latency_us)),
            ("link_efficiency", at_q(&self.link_efficiency)),
            ("latency_slo_ms", at_q(&self.latency_slo_ms)),
            ("ttft_slo_ms", at_q(&self.ttft_slo_ms)),
            ("tpot_slo_ms", at_q(&self.tpot_slo_ms)),
            ("weight_precision", at(&self.weight_precision)),
            ("kv_precision", at(&self.kv_precision)),
            ("compute_precision", at(&self.compute_precision)),
            ("overlap", at(&self.overlap)),
            ("gpus_per_replica", at(&self.gpus_per_replica)),
            ("mfu", at_q(&self.mfu)),
            ("mbu", at_q(&self.mbu)),
            ("serving_efficiency", at_q(&self.serving_efficiency)),
            ("memory_reserve_fraction", at_q(&self.memory_reserve_fraction)),
            ("min_replicas", at_q(&self.min_replicas)),
            ("bytes_per_token", at_q(&self.bytes_per_token)),
            ("training_tokens", at_q(&self.training_tokens)),
            ("gpus", at_q(&self.gpus)),
            ("fp8_speedup", at_q(&self.fp8_speedup)),
            ("state_bytes_per_param", at_q(&self.state_bytes_per_param)),
            ("runs_per_month", at_q(&self.runs_per_month)),
            ("deadline_days", at_q(&self.deadline_days)),
            ("method", at(&self.method)),
            ("sharding", at(&self.sharding)),
            ("sync", at(&self.sync)),
            ("checkpointing", at(&self.checkpointing)),
            ("lora_rank", at_q(&self.lora_rank)),
            ("lora_targets", at(&self.lora_targets)),
            ("batch_tokens", at_q(&self.batch_tokens)),
            ("sequence_length", at_q(&self.sequence_length)),
            ("diloco_inner_steps", at_q(&self.diloco_inner_steps)),
            ("reference_gpu", at(&self.reference_gpu)),
            ("gpu_hours_per_month", at_q(&self.gpu_hours_per_month)),
            ("scale_by", at(&self.scale_by)),
            ("egress_gb_per_month", at_q(&self.egress_gb_per_month)),
            ("storage_gb", at_q(&self.storage_gb)),
        ])
    }
}

/// `demand = { … }`: the day's shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandFile {
    /// Demand at the busiest hour over the day's average.
    pub peak_to_average: Option<Quantity>,
    /// Demand in each hour 00–23, relative (any scale).
    pub hourly: Option<Spanned<Vec<f64>>>,
}

/// How a provider's fleet follows demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provisioning {
    /// Enough replicas for the busiest hour, all month.
    Static,
    /// Whole instances hour by hour.
    Autoscale,
}

/// `[business]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessFile {
    /// Where the default savings come from: `article` (default) or `measured`.
    pub savings: Option<Spanned<crate::model::SavingsPreset>>,
    /// Revenue per month.
    pub revenue_per_month: Option<Quantity>,
    /// Operational costs per month, labor excluded.
    pub operational_costs_per_month: Option<Quantity>,
    /// Labor costs per month.
    pub labor_costs_per_month: Option<Quantity>,
    /// Fraction of operational costs cut at full adoption.
    pub operational_savings: Option<Quantity>,
    /// Fraction of labor costs cut at full adoption.
    pub labor_savings: Option<Quantity>,
    /// Months of ramp to full adoption.
    pub adoption_months: Option<Quantity>,
    /// Other AI costs per month.
    pub other_ai_costs_per_month: Option<Quantity>,
    /// One-time implementation cost.
    pub implementation_cost: Option<Quantity>,
}

/// One `[[providers]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderFile {
    /// Unique id within the scenario.
    pub id: Spanned<String>,
    /// Display name.
    pub name: Option<String>,
    /// Catalog offer id supplying defaults for everything below.
    pub offer: Option<Spanned<String>>,
    /// centralized, marketplace or decentralized.
    pub kind: Option<Spanned<ProviderKind>>,
    /// Catalog GPU id.
    pub gpu: Option<Spanned<String>>,
    /// Price per GPU-hour.
    pub price_per_gpu_hour: Option<Quantity>,
    /// Fraction of provisioned GPU time doing work.
    pub utilization: Option<Quantity>,
    /// Most GPUs obtainable at once.
    pub capacity_gpus: Option<Quantity>,
    /// Network round trip, ms.
    pub rtt_ms: Option<Quantity>,
    /// Failures per GPU-hour.
    pub failure_rate_per_gpu_hour: Option<Quantity>,
    /// Restart time, minutes.
    pub restart_minutes: Option<Quantity>,
    /// Egress price per GB.
    pub egress_per_gb: Option<Quantity>,
    /// Storage price per GB-month.
    pub storage_per_gb_month: Option<Quantity>,
    /// Power usage effectiveness of the provider's data centres.
    pub pue: Option<Quantity>,
    /// Grid emissions, kg CO₂e per kWh.
    pub grid_kg_co2e_per_kwh: Option<Quantity>,
    /// Idle power as a fraction of TDP.
    pub idle_power_fraction: Option<Quantity>,
    /// Fixed fees per month.
    pub fixed_monthly_fee: Option<Quantity>,
    /// Fee as a fraction of GPU spend.
    pub fee_fraction: Option<Quantity>,
    /// GPUs of this provider's training fleet (training; default: the workload's `gpus`).
    pub gpus: Option<Quantity>,
    /// What this provider's run trains: full, lora, qlora (training; default: the workload's).
    pub method: Option<Spanned<Method>>,
    /// How this provider's run splits its state (training; default: the workload's).
    pub sharding: Option<Spanned<ShardingFile>>,
    /// How often this provider's fleet synchronises: step or diloco (training; default: the workload's).
    pub sync: Option<Spanned<Sync>>,
    /// Network between nodes per GPU, each direction, GB/s (training).
    pub network_gbs_per_gpu: Option<Quantity>,
    /// Share of the fleet working over a run (training).
    pub availability: Option<Quantity>,
    /// Checkpoint write bandwidth per GPU, GB/s.
    pub checkpoint_write_gbs_per_gpu: Option<Quantity>,
    /// Most GPUs per replica.
    pub max_gpus_per_replica: Option<Quantity>,
    /// GPUs per instance of each shape rented (replaces the offer's).
    pub instance_shapes: Option<Spanned<Vec<u32>>>,
    /// Instances are linked, so a replica may span several.
    pub instances_linked: Option<Spanned<bool>>,
    /// `static` (default: sized for the busiest hour) or `autoscale` (hour by hour).
    pub provisioning: Option<Spanned<Provisioning>>,
    /// Autoscale: minutes from deciding to add an instance to its serving.
    pub scale_up_minutes: Option<Quantity>,
    /// Autoscale: minutes an instance's run is billed in.
    pub billing_minutes: Option<Quantity>,
    /// How results are checked.
    pub verification: Option<VerificationFile>,
    /// How data is kept private.
    pub privacy: Option<PrivacyFile>,
    /// What owning the GPUs costs (`kind = "owned"` only).
    pub owned: Option<OwnedFile>,
    /// `per_gpu_hour` (default) or `per_token` (a serverless token API).
    pub pricing: Option<Spanned<Pricing>>,
    /// Token API: price per million input tokens.
    pub input_usd_per_mtok: Option<Quantity>,
    /// Token API: price per million output tokens.
    pub output_usd_per_mtok: Option<Quantity>,
    /// Token API: price per million cached input tokens.
    pub cached_input_usd_per_mtok: Option<Quantity>,
    /// Token API: median time to first token, ms.
    pub ttft_ms: Option<Quantity>,
    /// Token API: p95 TTFT over the median.
    pub ttft_p95_ratio: Option<Quantity>,
    /// Token API: output tokens per second of one stream.
    pub output_tokens_per_s: Option<Quantity>,
    /// Token API: requests per minute allowed.
    pub rate_limit_rpm: Option<Quantity>,
}

impl ProviderFile {
    /// Every term the file gives (its prices, use, network, verification, privacy, fees), with its span.
    pub fn given(&self) -> Vec<(&'static str, Range<usize>)> {
        given(vec![
            ("gpu", at(&self.gpu)),
            ("price_per_gpu_hour", at_q(&self.price_per_gpu_hour)),
            ("utilization", at_q(&self.utilization)),
            ("capacity_gpus", at_q(&self.capacity_gpus)),
            ("rtt_ms", at_q(&self.rtt_ms)),
            ("failure_rate_per_gpu_hour", at_q(&self.failure_rate_per_gpu_hour)),
            ("restart_minutes", at_q(&self.restart_minutes)),
            ("egress_per_gb", at_q(&self.egress_per_gb)),
            ("storage_per_gb_month", at_q(&self.storage_per_gb_month)),
            ("pue", at_q(&self.pue)),
            ("grid_kg_co2e_per_kwh", at_q(&self.grid_kg_co2e_per_kwh)),
            ("idle_power_fraction", at_q(&self.idle_power_fraction)),
            ("fixed_monthly_fee", at_q(&self.fixed_monthly_fee)),
            ("fee_fraction", at_q(&self.fee_fraction)),
            ("gpus", at_q(&self.gpus)),
            ("method", at(&self.method)),
            ("sharding", at(&self.sharding)),
            ("sync", at(&self.sync)),
            ("network_gbs_per_gpu", at_q(&self.network_gbs_per_gpu)),
            ("availability", at_q(&self.availability)),
            ("checkpoint_write_gbs_per_gpu", at_q(&self.checkpoint_write_gbs_per_gpu)),
            ("max_gpus_per_replica", at_q(&self.max_gpus_per_replica)),
            ("instance_shapes", at(&self.instance_shapes)),
            ("instances_linked", at(&self.instances_linked)),
            ("provisioning", at(&self.provisioning)),
            ("scale_up_minutes", at_q(&self.scale_up_minutes)),
            ("billing_minutes", at_q(&self.billing_minutes)),
            ("verification", self.verification.as_ref().map(|v| v.kind.span())),
            ("privacy", self.privacy.as_ref().map(|p| p.kind.span())),
            ("owned", self.owned.as_ref().and_then(OwnedFile::first_span)),
            ("input_usd_per_mtok", at_q(&self.input_usd_per_mtok)),
            ("output_usd_per_mtok", at_q(&self.output_usd_per_mtok)),
            ("cached_input_usd_per_mtok", at_q(&self.cached_input_usd_per_mtok)),
            ("ttft_ms", at_q(&self.ttft_ms)),
            ("ttft_p95_ratio", at_q(&self.ttft_p95_ratio)),
            ("output_tokens_per_s", at_q(&self.output_tokens_per_s)),
            ("rate_limit_rpm", at_q(&self.rate_limit_rpm)),
        ])
    }
}

/// `owned = { gpu_price = ..., ... }`: what owning the GPUs costs; a field left out takes its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnedFile {
    /// Purchase price of one GPU.
    pub gpu_price: Option<Quantity>,
    /// Purchase price of one server without GPUs.
    pub server_price: Option<Quantity>,
    /// GPUs per server.
    pub gpus_per_server: Option<Quantity>,
    /// Months the purchase is spread over.
    pub amortisation_months: Option<Quantity>,
    /// Value left at the end, fraction of the purchase.
    pub residual_fraction: Option<Quantity>,
    /// Server power without GPUs, W.
    pub server_watts: Option<Quantity>,
    /// Electricity price per kWh.
    pub electricity_per_kwh: Option<Quantity>,
    /// Colocation per kW of IT power per month.
    pub colocation_per_kw_month: Option<Quantity>,
    /// Staff and support per server per month.
    pub staff_per_server_month: Option<Quantity>,
}

impl OwnedFile {
    /// Its fields by name, as `owned.<name>` paths say them.
    pub fn fields(&self) -> [(&'static str, Option<&Quantity>); 9] {
        [
            ("gpu_price", self.gpu_price.as_ref()),
            ("server_price", self.server_price.as_ref()),
            ("gpus_per_server", self.gpus_per_server.as_ref()),
            ("amortisation_months", self.amortisation_months.as_ref()),
            ("residual_fraction", self.residual_fraction.as_ref()),
            ("server_watts", self.server_watts.as_ref()),
            ("electricity_per_kwh", self.electricity_per_kwh.as_ref()),
            ("colocation_per_kw_month", self.colocation_per_kw_month.as_ref()),
            ("staff_per_server_month", self.staff_per_server_month.as_ref()),
        ]
    }

    /// Where the first field it gives is written.
    pub fn first_span(&self) -> Option<Range<usize>> {
        self.fields().into_iter().find_map(|(_, q)| q.map(|q| q.span.clone()))
    }
}

/// Verification modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationKind {
    /// Trusted.
    None,
    /// k independent copies.
    Replication,
    /// A fraction of work re-executed.
    SpotCheck,
    /// Zero-knowledge proofs.
    Zk,
    /// Attested TEE.
    TeeAttestation,
}

/// `verification = { kind = ..., ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationFile {
    /// The mode.
    pub kind: Spanned<VerificationKind>,
    /// Copies (replication).
    pub factor: Option<Quantity>,
    /// Fraction checked (spot_check).
    pub rate: Option<Quantity>,
    /// Cost of a check as a fraction of the work (spot_check).
    pub recompute_fraction: Option<Quantity>,
    /// Proving GPU-seconds per billion active parameters per 2,048 tokens (zk).
    pub prove_gpu_seconds_per_bparam_2k: Option<Quantity>,
    /// Answer waits for the proof (zk).
    pub synchronous: Option<bool>,
    /// Extra GPU time (tee_attestation).
    pub overhead: Option<Quantity>,
}

/// Privacy modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyKind {
    /// Plain.
    None,
    /// GPU TEE.
    Tee,
    /// Fully homomorphic encryption.
    Fhe,
}

/// `privacy = { kind = ..., ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyFile {
    /// The mode.
    pub kind: Spanned<PrivacyKind>,
    /// Extra GPU time (tee).
    pub overhead: Option<Quantity>,
    /// Compute multiplier (fhe).
    pub slowdown: Option<Quantity>,
}
