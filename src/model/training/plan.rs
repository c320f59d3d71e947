//! How a training run is carried out: what is trained, how its state is split over the fleet, how often
//! the fleet synchronises and what is recomputed. docs/MODEL.md, "How a run is carried out".

use serde::{Deserialize, Serialize};

/// What is trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Every parameter, with mixed-precision Adam state.
    #[default]
    Full,
    /// Low-rank adapters on frozen BF16 weights (Hu et al., arXiv:2106.09685).
    Lora,
    /// Low-rank adapters on frozen 4-bit NF4 weights (Dettmers et al., arXiv:2305.14314).
    Qlora,
}

impl Method {
    /// As written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Full => "full",
            Method::Lora => "lora",
            Method::Qlora => "qlora",
        }
    }

    /// For people: `full fine-tune`, `LoRA`, `QLoRA`.
    pub fn title(self) -> &'static str {
        match self {
            Method::Full => "full training",
            Method::Lora => "LoRA",
            Method::Qlora => "QLoRA",
        }
    }
}

/// How weights, gradients and optimizer state are split over the GPUs (Rajbhandari et al., ZeRO,
/// arXiv:1910.02054; hybrid = FSDP's HYBRID_SHARD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sharding {
    /// Plain data parallel: every GPU holds the whole state.
    Dp,
    /// Optimizer state sharded over the fleet.
    Zero1,
    /// Optimizer state and gradients sharded over the fleet.
    Zero2,
    /// Everything sharded over the fleet (FSDP FULL_SHARD).
    Zero3,
    /// Everything sharded within a node, nodes in data parallel (FSDP HYBRID_SHARD).
    Hybrid,
}

impl Sharding {
    /// Every sharding, in the order the tool tries them (least traffic first).
    pub const ALL: [Sharding; 5] = [Sharding::Dp, Sharding::Hybrid, Sharding::Zero1, Sharding::Zero2, Sharding::Zero3];

    /// As written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Sharding::Dp => "dp",
            Sharding::Zero1 => "zero1",
            Sharding::Zero2 => "zero2",
            Sharding::Zero3 => "zero3",
            Sharding::Hybrid => "hybrid",
        }
    }

    /// For people.
    pub fn title(self) -> &'static str {
        match self {
            Sharding::Dp => "data parallel",
            Sharding::Zero1 => "ZeRO-1",
            Sharding::Zero2 => "ZeRO-2",
            Sharding::Zero3 => "ZeRO-3 over the fleet",
            Sharding::Hybrid => "ZeRO-3 within each node",
        }
    }

    /// Whether a low-communication (DiLoCo) run can use it: each worker is one node, so state may be split
    /// only inside a node.
    pub fn within_node(self) -> bool {
        matches!(self, Sharding::Dp | Sharding::Hybrid)
    }
}

/// How often the fleet synchronises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sync {
    /// Every optimizer step (the usual data-parallel training).
    #[default]
    Step,
    /// Every `H` inner steps, outer gradients all-reduced in int8 (DiLoCo, arXiv:2311.08105; INTELLECT-1,
    /// arXiv:2412.01152).
    Diloco,
}

impl Sync {
    /// As written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Sync::Step => "step",
            Sync::Diloco => "diloco",
        }
    }
}

/// Which activations are recomputed in the backward pass (Korthikanti et al., arXiv:2205.05198).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Checkpointing {
    /// Every activation kept.
    None,
    /// Attention scores recomputed (what FlashAttention does anyway).
    Selective,
    /// Only each layer's input kept; the forward pass runs twice.
    Full,
}

impl Checkpointing {
    /// Every option, least recomputation first.
    pub const ALL: [Checkpointing; 3] = [Checkpointing::None, Checkpointing::Selective, Checkpointing::Full];

    /// As written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Checkpointing::None => "none",
            Checkpointing::Selective => "selective",
            Checkpointing::Full => "full",
        }
    }
}

/// The projections of each layer LoRA adapts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoraTargets {
    /// Query projection.
    pub q: bool,
    /// Key projection.
    pub k: bool,
    /// Value projection.
    pub v: bool,
    /// Output projection.
    pub o: bool,
}

impl LoraTargets {
    /// q, k, v and o: the attention projections.
    pub const ATTENTION: LoraTargets = LoraTargets { q: true, k: true, v: true, o: true };
}

/// The choices a provider's run is made with: the workload's, or the provider's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PlanChoice {
    /// What is trained; `None` = the workload's.
    pub method: Option<Method>,
    /// How state is split; `None` = the workload's (or chosen).
    pub sharding: Option<Sharding>,
    /// How often the fleet synchronises; `None` = the workload's.
    pub sync: Option<Sync>,
}

/// How one run was carried out (the tool's choice where the scenario left it open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// What is trained.
    pub method: Method,
    /// How state is split.
    pub sharding: Sharding,
    /// How often the fleet synchronises.
    pub sync: Sync,
    /// What is recomputed.
    pub checkpointing: Checkpointing,
    /// GPUs of a node each layer is split over (tensor and sequence parallelism; 1 = none).
    pub tensor_parallel: u32,
}

impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sync = match self.sync {
            Sync::Step => "",
            Sync::Diloco => ", DiLoCo across nodes",
        };
        let ckpt = match self.checkpointing {
            Checkpointing::None => "",
            Checkpointing::Selective => ", selective recomputation",
            Checkpointing::Full => ", full activation checkpointing",
        };
        let tp = if self.tensor_parallel > 1 {
            format!(", layers split over {} GPUs", self.tensor_parallel)
        } else {
            String::new()
        };
        write!(f, "{}, {}{tp}{sync}{ckpt}", self.method.title(), self.sharding.title())
    }
}
