//! Row types of the catalog data files. Column meanings and units are those of `../shared/reference/README.md`.

use serde::{Deserialize, Serialize};

/// Who runs the GPUs: a cloud, a marketplace of hosts, a decentralized network, or the user (owned hardware).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// A cloud that runs its own datacenters (AWS, GCP, Azure, Lambda, CoreWeave...).
    Centralized,
    /// A marketplace of third-party hosts (Vast.ai, RunPod Community, TensorDock...).
    Marketplace,
    /// A decentralized network (io.net, Akash, Hyperbolic...).
    Decentralized,
    /// GPUs the user buys and runs (in its own or a colocation data centre).
    Owned,
}

impl ProviderKind {
    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Centralized => "centralized",
            ProviderKind::Marketplace => "marketplace",
            ProviderKind::Decentralized => "decentralized",
            ProviderKind::Owned => "owned",
        }
    }
}

impl std::fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One GPU model (`gpus.csv`). Peak rates are dense (no sparsity).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Gpu {
    /// Stable key, e.g. `h100-sxm-80gb`.
    pub id: String,
    /// Product name.
    pub name: String,
    /// Maker.
    pub vendor: String,
    /// On-board memory, GB (10^9 bytes).
    pub memory_gb: f64,
    /// Peak memory bandwidth, TB/s.
    pub memory_bandwidth_tbs: f64,
    /// Peak dense BF16 tensor throughput, TFLOP/s; empty when not sourced.
    pub bf16_dense_tflops: Option<f64>,
    /// Peak dense FP8 tensor throughput, TFLOP/s; empty when the GPU has no FP8.
    pub fp8_dense_tflops: Option<f64>,
    /// Board power, W.
    pub tdp_w: Option<f64>,
    /// GPU-to-GPU link type.
    pub interconnect: String,
    /// Per-GPU GPU-to-GPU bandwidth, GB/s.
    pub interconnect_gbs: f64,
    /// Where the figures come from.
    pub source: String,
    /// Date of the source (or the date read).
    pub as_of: String,
    /// Derivations and caveats.
    pub note: String,
    /// Where the entry came from: `built-in`, or `file:line` of a user catalog.
    #[serde(skip_deserializing)]
    pub origin: String,
}

impl Gpu {
    /// The figures the model reads.
    pub fn spec(&self) -> crate::model::GpuSpec {
        crate::model::GpuSpec {
            memory_gb: self.memory_gb,
            memory_bandwidth_tbs: self.memory_bandwidth_tbs,
            bf16_dense_tflops: self.bf16_dense_tflops,
            fp8_dense_tflops: self.fp8_dense_tflops,
            interconnect_gbs: self.interconnect_gbs,
            tdp_w: self.tdp_w,
        }
    }

    /// The product name without vendor words: "NVIDIA GeForce RTX 4090 24GB" → "RTX 4090 24GB".
    pub fn short_name(&self) -> &str {
        ["NVIDIA ", "AMD ", "Instinct ", "GeForce "].iter().fold(self.name.as_str(), |n, w| n.trim_start_matches(w))
    }
}

/// One model architecture (`models.csv`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// Stable key, e.g. `llama-3-70b`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Total parameters, billions.
    pub params_b: f64,
    /// Parameters used per token, billions (= params_b for dense models).
    pub active_params_b: f64,
    /// Transformer layers.
    pub layers: u32,
    /// Model width.
    pub hidden_size: u32,
    /// Query heads.
    pub attention_heads: u32,
    /// Key/value heads.
    pub kv_heads: u32,
    /// Per-head dimension.
    pub head_dim: u32,
    /// Maximum context, tokens.
    pub context_length: u32,
    /// KV-cache bytes per token over all layers at BF16.
    pub kv_bytes_per_token_bf16: f64,
    /// Where the figures come from.
    pub source: String,
    /// Date of the source (or the date read).
    pub as_of: String,
    /// Derivations and caveats.
    pub note: String,
    /// Routed experts per layer (mixture of experts); empty for a dense model.
    #[serde(default)]
    pub experts: Option<u32>,
    /// Experts each token is routed to (mixture of experts).
    #[serde(default)]
    pub experts_per_token: Option<u32>,
    /// Where the entry came from: `built-in`, or `file:line` of a user catalog.
    #[serde(skip_deserializing)]
    pub origin: String,
}

impl Model {
    /// The figures the model reads.
    pub fn spec(&self) -> crate::model::ModelSpec {
        crate::model::ModelSpec {
            params_b: self.params_b,
            active_params_b: self.active_params_b,
            context_length: self.context_length,
            kv_bytes_per_token_bf16: self.kv_bytes_per_token_bf16,
            layers: self.layers,
            hidden_size: self.hidden_size,
            attention_heads: self.attention_heads,
            head_dim: self.head_dim,
            experts: match (self.experts, self.experts_per_token) {
                (Some(total), Some(per_token)) => Some(crate::model::Experts { total, per_token }),
                _ => None,
            },
        }
    }
}

/// One provider offer (`offers.csv`): a price per GPU-hour and the provider's terms. Prices are USD.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Offer {
    /// Stable key, e.g. `aws-p5-h100-od-2026`.
    pub id: String,
    /// Provider name.
    pub provider: String,
    /// Centralized, marketplace or decentralized.
    pub kind: ProviderKind,
    /// Catalog GPU id.
    pub gpu: String,
    /// GPUs in the instance the price was read from.
    pub gpus_per_instance: Option<u32>,
    /// Instance type or listing.
    pub instance_type: String,
    /// on_demand, spot, reserved_1y, community, secure.
    pub pricing_model: String,
    /// USD per GPU-hour; empty when only a range is published.
    pub price_per_gpu_hour_usd: Option<f64>,
    /// Low end of an observed range, USD per GPU-hour.
    pub price_low_usd: Option<f64>,
    /// High end of an observed range, USD per GPU-hour.
    pub price_high_usd: Option<f64>,
    /// Region of the price.
    pub region: String,
    /// Internet egress, USD per GB; empty when not sourced.
    pub egress_usd_per_gb: Option<f64>,
    /// Storage, USD per GB-month; empty when not sourced.
    pub storage_usd_per_gb_month: Option<f64>,
    /// Where the price comes from.
    pub source: String,
    /// Date of the price.
    pub as_of: String,
    /// Derivations and caveats.
    pub note: String,
    /// GPUs obtainable at once, where a source gives it.
    pub capacity_gpus: Option<f64>,
    /// GPUs per instance of each shape rented at this price, space-separated (`8`, `1 2 4 8`); empty when
    /// no source says (docs/MODEL.md, "Whole instances").
    #[serde(default)]
    pub instance_shapes: Option<String>,
    /// Whether instances are linked (InfiniBand or NVLink between nodes) so that one replica may span several.
    #[serde(default)]
    pub instances_linked: Option<bool>,
    /// Where the instance shapes come from.
    #[serde(default)]
    pub shapes_source: String,
    /// Why a stale price is kept: `checked YYYY-MM-DD: <sources consulted>; <reason>`; empty for a current one.
    #[serde(default)]
    pub newest_available: String,
    /// Where the entry came from: `built-in`, or `file:line` of a user catalog.
    #[serde(skip_deserializing)]
    pub origin: String,
}

impl Offer {
    /// The instance shapes the offer lists (empty when it lists none); an error names a value that is not a
    /// whole number of GPUs between 1 and [`crate::model::Instances::MAX_SHAPE`].
    pub fn shapes(&self) -> Result<Vec<u32>, String> {
        let Some(text) = self.instance_shapes.as_deref() else { return Ok(Vec::new()) };
        text.split_whitespace()
            .map(|s| match s.parse::<u32>() {
                Ok(g) if (1..=crate::model::Instances::MAX_SHAPE).contains(&g) => Ok(g),
                _ => Err(format!(
                    "instance shape `{s}` is not a whole number of GPUs from 1 to {}",
                    crate::model::Instances::MAX_SHAPE
                )),
            })
            .collect()
    }
}

/// An offer's price observed on an earlier date (`price_history.csv`): what price drift is fitted on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricePoint {
    /// The offer whose price this was.
    pub offer: String,
    /// When.
    pub as_of: String,
    /// USD per GPU-hour then.
    pub price_per_gpu_hour_usd: f64,
    /// Where it was read.
    pub source: String,
    /// Derivation.
    pub note: String,
}

/// A serverless token API's price for one model (token_prices.csv).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenOffer {
    /// Unique id.
    pub id: String,
    /// Provider name.
    pub provider: String,
    /// Centralized, marketplace or decentralized.
    pub kind: ProviderKind,
    /// The model as the provider names it.
    pub model: String,
    /// USD per million input tokens.
    pub input_usd_per_mtok: f64,
    /// USD per million output tokens.
    pub output_usd_per_mtok: f64,
    /// USD per million cached input tokens, where the source gives one.
    #[serde(default)]
    pub cached_input_usd_per_mtok: Option<f64>,
    /// Where the price comes from.
    pub source: String,
    /// When it was published or read.
    pub as_of: String,
    /// Notes.
    pub note: String,
    /// The catalog model of the same architecture and size (`llama-3-70b` for Llama 3, 3.1 and 3.3 70B).
    pub catalog_model: String,
    /// Median time to first token measured for this offer, ms, where a source gives it.
    #[serde(default)]
    pub ttft_ms: Option<f64>,
    /// Output tokens per second of one stream measured for this offer, where a source gives it.
    #[serde(default)]
    pub output_tokens_per_s: Option<f64>,
    /// Where the speed figures come from.
    #[serde(default)]
    pub speed_source: String,
    /// Date of the speed figures.
    #[serde(default)]
    pub speed_as_of: String,
    /// Where the entry came from: `built-in`, or `file:line` of a user catalog.
    #[serde(skip_deserializing)]
    pub origin: String,
}

/// A documented default (`defaults.toml`): the figure used when neither scenario nor offer gives one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultEntry {
    /// Key that outputs name as the origin, e.g. `provider.rtt_ms.decentralized`.
    pub key: String,
    /// The value, in `unit`.
    pub value: f64,
    /// Unit of `value`.
    pub unit: String,
    /// Where it comes from.
    pub source: String,
    /// Date of the source (or the date read).
    pub as_of: String,
    /// Caveats.
    #[serde(default)]
    pub note: String,
    /// Weak evidence: listed among the caveats of every result that uses it.
    #[serde(default)]
    pub thin: bool,
    /// The prior: what is known of the figure's spread (`value` is its median).
    #[serde(default)]
    pub dist: Option<crate::base::dist::DistSpec>,
    /// Where the entry came from: empty for the built-in file, or `file:line` of a user catalog.
    #[serde(skip)]
    pub origin: String,
}
