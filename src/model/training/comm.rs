//! Traffic of a training step over the links it crosses: GPU links inside a node, the network between
//! nodes. docs/MODEL.md, "Training communication".

use super::memory::Params;
use super::plan::Sharding;

/// Bytes per value of DiLoCo's outer all-reduce (int8, INTELLECT-1, arXiv:2412.01152 §3).
pub const OUTER_BYTES_PER_PARAM: f64 = 1.0;

/// GPU link of the fabrics the training MFU prior was measured on, each direction, B/s: H100 SXM NVLink 4,
/// 900 GB/s both ways (MLPerf v4.1 system descriptions: 18 NVLink 4 links, 900 GB/s;
/// https://github.com/scaleway/docs-content/pull/5834).
pub const REFERENCE_LINK: f64 = 450e9;

/// Network between nodes of those fabrics per GPU, B/s: 400 Gb/s InfiniBand (Llama 3 Herd of Models,
/// arXiv:2407.21783; MLPerf v4.1 DGX-H100: 8 × 400 Gb InfiniBand).
pub const REFERENCE_NETWORK: f64 = 50e9;

/// Bytes one GPU sends over each kind of link.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Traffic {
    /// Over GPU-to-GPU links inside a node.
    pub intra: f64,
    /// Over the network between nodes.
    pub network: f64,
}

impl Traffic {
    /// Seconds the traffic takes at `intra` and `network` bytes per second per GPU (each direction).
    pub fn seconds(&self, intra: f64, network: f64) -> f64 {
        let over = |bytes: f64, speed: f64| if bytes > 0.0 { bytes / speed } else { 0.0 };
        over(self.intra, intra) + over(self.network, network)
    }

    /// Seconds the traffic takes beyond what it would on the reference fabric, link by link (never less
    /// than zero): the MFU prior already pays for the traffic at the reference speed.
    ///
    /// # Formula
    /// `V_link · max(0, 1/BW_link − 1/BW_ref,link) + V_net · max(0, 1/BW_net − 1/BW_ref,net)`.
    pub fn excess_seconds(&self, intra: f64, network: f64) -> f64 {
        let extra = |bytes: f64, speed: f64, reference: f64| {
            if bytes > 0.0 { bytes * (1.0 / speed - 1.0 / reference).max(0.0) } else { 0.0 }
        };
        extra(self.intra, intra, REFERENCE_LINK) + extra(self.network, network, REFERENCE_NETWORK)
    }
}

/// The fleet's layout: GPUs, GPUs per node, nodes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// GPUs in the run.
    pub gpus: f64,
    /// GPUs per node.
    pub per_node: f64,
    /// Nodes.
    pub nodes: f64,
}

impl Layout {
    /// `gpus` GPUs in nodes of at most `node_size`.
    pub fn new(gpus: f64, node_size: f64) -> Layout {
        let per_node = gpus.min(node_size).max(1.0);
        Layout { gpus, per_node, nodes: (gpus / per_node).ceil() }
    }
}

/// `(k − 1) / k`: the share of a collective's data each of `k` members exchanges.
fn ring(k: f64) -> f64 {
    if k > 1.0 { (k - 1.0) / k } else { 0.0 }
}

/// Per-GPU traffic of an all-reduce of `bytes` over the whole fleet, hierarchical (within nodes, then
/// one shard per GPU between nodes, as NCCL does).
///
/// # Formula
/// intra `2·(g − 1)/g · V`; network `2·(n − 1)/n · V / g` (Patarasuk & Yuan, bandwidth-optimal all-reduce:
/// a ring member sends `2·(k − 1)/k` of the data).
pub fn all_reduce(bytes: f64, l: Layout) -> Traffic {
    Traffic { intra: 2.0 * ring(l.per_node) * bytes, network: 2.0 * ring(l.nodes) * bytes / l.per_node }
}

/// Per-GPU traffic of an all-gather or a reduce-scatter of `bytes` over the whole fleet: half an
/// all-reduce.
pub fn gather(bytes: f64, l: Layout) -> Traffic {
    Traffic { intra: ring(l.per_node) * bytes, network: ring(l.nodes) * bytes / l.per_node }
}

/// Per-GPU traffic of one synchronous optimizer step.
///
/// # Formula
/// With `W` the weight bytes and `G` the gradient bytes: data parallel, ZeRO-1 and ZeRO-2 all-reduce the
/// gradients (reduce-scatter + all-gather, the same volume; ZeRO §7); ZeRO-3 all-gathers the weights for
/// the forward and the backward pass and reduce-scatters the gradients (`2·W + G` gathered; 1.5× data
/// parallel for full training, ZeRO §7.2.2); hybrid does ZeRO-3 inside a node and all-reduces each GPU's
/// gradient shard `G/g` between nodes.
pub fn step_traffic(p: &Params, sharding: Sharding, l: Layout) -> Traffic {
    let (w, g) = (p.weight_bytes(), p.gradient_bytes());
    match sharding {
        Sharding::Dp | Sharding::Zero1 | Sharding::Zero2 => all_reduce(g, l),
        Sharding::Zero3 => gather(2.0 * w + g, l),
        Sharding::Hybrid => {
            let inside = Layout { gpus: l.per_node, per_node: l.per_node, nodes: 1.0 };
            let between = Layout { gpus: l.nodes, per_node: 1.0, nodes: l.nodes };
            Traffic { intra: gather(2.0 * w + g, inside).intra, network: all_reduce(g / l.per_node, between).network }
        }
    }
}

/// Per-GPU traffic of one inner step of a DiLoCo worker (one node): its sharding inside the node only.
pub fn inner_traffic(p: &Params, sharding: Sharding, l: Layout) -> Traffic {
    let node = Layout { gpus: l.per_node, per_node: l.per_node, nodes: 1.0 };
    Traffic { network: 0.0, ..step_traffic(p, sharding, node) }
}

/// Per-GPU traffic of one DiLoCo outer step: the trainable parameters' change all-reduced in int8 between
/// the nodes, each GPU carrying its shard.
///
/// # Formula
/// network `2·(n − 1)/n · P_t · 1 B / g` (int8 all-reduce, INTELLECT-1 §3).
pub fn outer_traffic(p: &Params, l: Layout) -> Traffic {
    let between = Layout { gpus: l.nodes, per_node: 1.0, nodes: l.nodes };
    let network = all_reduce(p.trainable * OUTER_BYTES_PER_PARAM / l.per_node, between).network;
    Traffic { intra: 0.0, network }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diloco_outer_step_traffic_by_hand() {
        // INTELLECT-1: 10B parameters in int8 = 10 GB; 14 nodes of 8 GPUs. Each GPU carries 10/8 = 1.25 GB
        // in a ring of 14: 2 × 13/14 × 1.25 GB = 2.3214 GB. At 2 Gb/s per node (0.03125 GB/s per GPU):
        // 74.3 s; at 5 Gb/s 29.7 s.
        let p = Params { trainable: 10e9, frozen: 0.0, frozen_bytes: 0.0 };
        let t = outer_traffic(&p, Layout::new(112.0, 8.0));
        assert!((t.network / 1e9 - 2.321_428_6).abs() < 1e-6, "{}", t.network);
        assert!((t.seconds(1.0, 2e9 / 8.0 / 8.0) - 74.285_7).abs() < 1e-3);
        // One node: nothing to synchronise.
        assert_eq!(outer_traffic(&p, Layout::new(8.0, 8.0)).network, 0.0);
    }

    #[test]
    fn step_traffic_by_sharding_by_hand() {
        // Full training of 70.55B parameters: W = G = 141.1 GB. 64 GPUs in 8 nodes of 8.
        let p = Params { trainable: 70.55e9, frozen: 0.0, frozen_bytes: 0.0 };
        let l = Layout::new(64.0, 8.0);
        // Data parallel: all-reduce of G: intra 2 × 7/8 × 141.1 = 246.925 GB; network 2 × 7/8 × 141.1 / 8 = 30.866.
        let dp = step_traffic(&p, Sharding::Dp, l);
        assert!((dp.intra / 1e9 - 246.925).abs() < 1e-6 && (dp.network / 1e9 - 30.865_625).abs() < 1e-6);
        // ZeRO-3 gathers 3 × 141.1 = 423.3 GB: intra 7/8 × 423.3 = 370.3875; network 7/8 × 423.3 / 8 = 46.298.
        let z3 = step_traffic(&p, Sharding::Zero3, l);
        assert!((z3.network / 1e9 - 46.298_437_5).abs() < 1e-6, "{}", z3.network);
        // Hybrid keeps the gathers inside the node and sends the gradient shards: 2 × 7/8 × 141.1 / 8.
        let hy = step_traffic(&p, Sharding::Hybrid, l);
        assert!((hy.intra / 1e9 - 370.387_5).abs() < 1e-6 && (hy.network / 1e9 - 30.865_625).abs() < 1e-6);
        // LoRA: the frozen 141.1 GB are gathered by ZeRO-3 over the network, hybrid keeps them inside.
        let lora = Params { trainable: 65.536e6, frozen: 70.55e9, frozen_bytes: 2.0 };
        assert!(
            step_traffic(&lora, Sharding::Zero3, l).network > 100.0 * step_traffic(&lora, Sharding::Hybrid, l).network
        );
    }
}
