//! Memory per GPU of a training run: weights, gradients and optimizer state as the method and the sharding
//! leave them on one GPU, and activations as checkpointing leaves them. docs/MODEL.md, "Training memory".

use super::plan::{Checkpointing, LoraTargets, Method, Sharding};
use crate::model::ModelSpec;

/// Bytes per BF16 value (weights, gradients, activations).
pub const BF16_BYTES: f64 = 2.0;

/// Bytes per frozen weight under QLoRA: 4-bit NF4 plus 0.127 bits of double-quantized constants.
///
/// # Formula
/// `(4 + 0.127) / 8` = 0.5159 B; Dettmers et al., QLoRA, arXiv:2305.14314, §2 ("Double Quantization"
/// brings the constants from 0.5 to 0.127 bits per parameter).
pub const QLORA_BYTES_PER_WEIGHT: f64 = (4.0 + 0.127) / 8.0;

/// Sequences per GPU per micro-step: the smallest, since gradient accumulation makes up the batch.
pub const MICRO_BATCH_SEQUENCES: f64 = 1.0;

/// Activation bytes per token per unit of width per layer kept by a transformer layer (16-bit).
///
/// # Formula
/// `s·b·h·(34 + 5·a·s/h)` bytes per layer without recomputation, the `5·a·s/h` term being the attention
/// scores; Korthikanti et al., Reducing Activation Recomputation in Large Transformer Models,
/// arXiv:2205.05198, §4.1, eq. 1.
pub const ACTIVATION_BYTES_PER_TOKEN_WIDTH: f64 = 34.0;

/// The parameters a run trains and holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Parameters trained (every one for full training, the adapters for LoRA).
    pub trainable: f64,
    /// Parameters held frozen (the base model under LoRA and QLoRA).
    pub frozen: f64,
    /// Bytes per frozen parameter.
    pub frozen_bytes: f64,
}

impl Params {
    /// Bytes of every weight, trainable ones in BF16.
    pub fn weight_bytes(&self) -> f64 {
        BF16_BYTES * self.trainable + self.frozen_bytes * self.frozen
    }

    /// Bytes of the gradients (BF16, trainable parameters only).
    pub fn gradient_bytes(&self) -> f64 {
        BF16_BYTES * self.trainable
    }
}

/// The parameters of `method` on `model`.
///
/// # Formula
/// Full: trainable = P. LoRA/QLoRA: trainable = `L · r · Σ (d_in + d_out)` over the target projections
/// (Hu et al., arXiv:2106.09685, §4: a rank-r adapter of a `d_in × d_out` matrix has `r·(d_in + d_out)`
/// parameters); frozen = P at 2 B (LoRA) or 0.516 B (QLoRA).
pub fn params(model: &ModelSpec, method: Method, rank: f64, targets: LoraTargets) -> Params {
    let total = model.params_b * 1e9;
    match method {
        Method::Full => Params { trainable: total, frozen: 0.0, frozen_bytes: 0.0 },
        Method::Lora | Method::Qlora => {
            let frozen_bytes = if method == Method::Lora { BF16_BYTES } else { QLORA_BYTES_PER_WEIGHT };
            Params { trainable: lora_params(model, rank, targets), frozen: total, frozen_bytes }
        }
    }
}

/// LoRA adapter parameters of `model` at `rank` on `targets`.
///
/// # Formula
/// `L · r · (q·(h + d_q) + k·(h + d_kv) + v·(h + d_kv) + o·(d_q + h))`, `d_q` = heads × head dimension,
/// `d_kv` = KV bytes per token at BF16 / (2 · 2 · L) (keys and values, 2 bytes each).
pub fn lora_params(model: &ModelSpec, rank: f64, targets: LoraTargets) -> f64 {
    let h = f64::from(model.hidden_size);
    let layers = f64::from(model.layers);
    let d_q = f64::from(model.attention_heads) * f64::from(model.head_dim);
    let d_kv = model.kv_bytes_per_token_bf16 / (4.0 * layers);
    let on = |b: bool| if b { 1.0 } else { 0.0 };
    let per_rank =
        on(targets.q) * (h + d_q) + on(targets.k) * (h + d_kv) + on(targets.v) * (h + d_kv) + on(targets.o) * (d_q + h);
    layers * rank * per_rank
}

/// Activation bytes one GPU holds for a micro-batch of one sequence of `seq` tokens.
///
/// # Formula
/// With `sbh = s · b · h` (b = 1 sequence), per Korthikanti et al. (arXiv:2205.05198, §4–5):
/// none `L · sbh · (34 + 5·a·s/h)`; selective `L · sbh · 34`; full `2 · sbh · L + 34 · sbh` (each layer's
/// input kept, one layer's activations rebuilt at a time).
pub fn activation_bytes(model: &ModelSpec, seq: f64, checkpointing: Checkpointing) -> f64 {
    let h = f64::from(model.hidden_size);
    let layers = f64::from(model.layers);
    let a = f64::from(model.attention_heads);
    let sbh = seq * MICRO_BATCH_SEQUENCES * h;
    match checkpointing {
        Checkpointing::None => layers * sbh * (ACTIVATION_BYTES_PER_TOKEN_WIDTH + 5.0 * a * seq / h),
        Checkpointing::Selective => layers * sbh * ACTIVATION_BYTES_PER_TOKEN_WIDTH,
        Checkpointing::Full => BF16_BYTES * sbh * layers + ACTIVATION_BYTES_PER_TOKEN_WIDTH * sbh,
    }
}

/// What one GPU holds, bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// Weights (trainable and frozen).
    pub weights: f64,
    /// Gradients.
    pub gradients: f64,
    /// Optimizer state.
    pub optimizer: f64,
    /// Activations.
    pub activations: f64,
}

impl Memory {
    /// Everything.
    pub fn total(&self) -> f64 {
        self.weights + self.gradients + self.optimizer + self.activations
    }
}

/// Memory per GPU when `params` are trained with `state_bytes` per trainable parameter (weights, gradients
/// and optimizer together) on `gpus` GPUs of `per_node` per node.
///
/// # Formula
/// Weights `W = 2·P_t + q_f·P_f`, gradients `G = 2·P_t`, optimizer `O = (state_bytes − 4)·P_t`; each divided
/// by the GPUs it is sharded over (Rajbhandari et al., ZeRO, arXiv:1910.02054, Fig. 1): data parallel none;
/// ZeRO-1 `O/N`; ZeRO-2 `(G + O)/N`; ZeRO-3 `(W + G + O)/N`; hybrid `(W + G + O)/g` (g GPUs per node).
pub fn per_gpu(params: &Params, state_bytes: f64, sharding: Sharding, gpus: f64, per_node: f64, act: f64) -> Memory {
    let weights = params.weight_bytes();
    let gradients = params.gradient_bytes();
    let optimizer = (state_bytes - 2.0 * BF16_BYTES).max(0.0) * params.trainable;
    let (w, g, o) = match sharding {
        Sharding::Dp => (1.0, 1.0, 1.0),
        Sharding::Zero1 => (1.0, 1.0, gpus),
        Sharding::Zero2 => (1.0, gpus, gpus),
        Sharding::Zero3 => (gpus, gpus, gpus),
        Sharding::Hybrid => (per_node, per_node, per_node),
    };
    Memory { weights: weights / w, gradients: gradients / g, optimizer: optimizer / o, activations: act }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn llama_70b() -> ModelSpec {
        Catalog::builtin().unwrap().model("llama-3-70b").unwrap().spec()
    }

    #[test]
    fn lora_rank_16_on_attention_of_llama_3_70b_by_hand() {
        // h = 8192, d_q = 64 × 128 = 8192, d_kv = 327,680 / (4 × 80) = 1024.
        // Per layer per rank: q 16,384 + k 9,216 + v 9,216 + o 16,384 = 51,200; × 80 layers × 16 = 65,536,000.
        let p = lora_params(&llama_70b(), 16.0, LoraTargets::ATTENTION);
        assert_eq!(p, 65_536_000.0);
        // Its state at 16 B per parameter: 1.049 GB, against 141.1 GB of frozen BF16 weights.
        let lora = params(&llama_70b(), Method::Lora, 16.0, LoraTargets::ATTENTION);
        assert!((lora.weight_bytes() - (2.0 * 65_536_000.0 + 2.0 * 70.55e9)).abs() < 1.0);
        let q = params(&llama_70b(), Method::Qlora, 16.0, LoraTargets::ATTENTION);
        assert!((q.frozen_bytes * q.frozen / 1e9 - 36.395).abs() < 1e-3, "{}", q.frozen_bytes * q.frozen / 1e9);
    }

    #[test]
    fn zero3_memory_of_a_70b_full_fine_tune_on_8_and_64_gpus_by_hand() {
        // 16 B × 70.55e9 = 1,128.8 GB of state; ZeRO-3 over 8 GPUs: 141.1 GB each (does not fit in 80 GB);
        // over 64: 17.64 GB each.
        let p = params(&llama_70b(), Method::Full, 16.0, LoraTargets::ATTENTION);
        let on = |n: f64| per_gpu(&p, 16.0, Sharding::Zero3, n, 8.0, 0.0).total() / 1e9;
        assert!((on(8.0) - 141.1).abs() < 1e-9, "{}", on(8.0));
        assert!((on(64.0) - 17.6375).abs() < 1e-9, "{}", on(64.0));
        // ZeRO-1 over 64 keeps weights and gradients whole: 4 × 70.55 + 12 × 70.55 / 64 = 295.43 GB.
        let z1 = per_gpu(&p, 16.0, Sharding::Zero1, 64.0, 8.0, 0.0).total() / 1e9;
        assert!((z1 - 295.428_125).abs() < 1e-6, "{z1}");
        // Hybrid shards inside the 8-GPU node only: the same as ZeRO-3 over 8.
        assert_eq!(per_gpu(&p, 16.0, Sharding::Hybrid, 64.0, 8.0, 0.0).total(), on(8.0) * 1e9);
    }

    #[test]
    fn activation_memory_with_and_without_checkpointing_by_hand() {
        // Llama 3 70B, one sequence of 8,192 tokens: sbh = 8192 × 8192 = 67,108,864.
        // Full: 2 × sbh × 80 + 34 × sbh = 10.737 GB + 2.282 GB = 13.019 GB.
        // Selective: 80 × 34 × sbh = 182.54 GB. None adds 5·a·s/h = 5 × 64 × 8192 / 8192 = 320 per layer:
        // 80 × sbh × 354 = 1,900.52 GB.
        let m = llama_70b();
        let sbh = 8192.0 * 8192.0;
        assert!((activation_bytes(&m, 8192.0, Checkpointing::Full) - (160.0 + 34.0) * sbh).abs() < 1.0);
        assert!((activation_bytes(&m, 8192.0, Checkpointing::Full) / 1e9 - 13.019).abs() < 1e-3);
        assert!((activation_bytes(&m, 8192.0, Checkpointing::Selective) / 1e9 - 182.536).abs() < 1e-3);
        assert!((activation_bytes(&m, 8192.0, Checkpointing::None) / 1e9 - 1900.523).abs() < 1e-3);
    }
}
