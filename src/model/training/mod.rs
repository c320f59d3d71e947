//! Training: how a run is carried out (method, sharding, synchronisation, recomputation), its memory per
//! GPU, its steps' compute and traffic over the provider's links, the fleet's availability, wall-clock
//! with failures (Young/Daly), and cost per run. docs/MODEL.md, "Training".

mod comm;
pub mod memory;
pub mod plan;

use super::lines::{GpuHours, gpu_cost_lines, trace_fees, trace_multipliers, trace_total};
use super::overheads::{attestation_multiplier, privacy_multiplier, replication_factor, zk_prove_seconds};
use super::reliability::daly_wall_clock;
use super::steps::{self as st};
use super::trace::{Trace, step};
use super::{
    Detail, Fees, GpuSpec, GpuTerms, HOURS_PER_MONTH, Infeasible, Outcome, TrainingInputs, TrainingSetup, Verification,
    peak_flops,
};
use comm::{Layout, Traffic};
use memory::{Memory, Params};
use plan::{Checkpointing, Method, Plan, Sharding, Sync};

/// Wall-clock beyond which a run is treated as making no progress (multiples of its failure-free time).
const NO_PROGRESS_FACTOR: f64 = 1e3;

/// Slowest GPU link (each direction, B/s) over which layers are split: NVLink-class. A100 SXM's NVLink 3
/// gives 300 GB/s, PCIe 4.0 x16 32 GB/s (gpus.csv); the published runs the MFU prior was fitted on split
/// layers over NVLink (Llama 3: tensor parallel 8, arXiv:2407.21783 §3.3).
pub const TENSOR_PARALLEL_MIN_LINK: f64 = 100e9;

/// Active parameters (billions) at which the default training MFU prior is stated.
pub const MFU_REFERENCE_PARAMS_B: f64 = 70.0;

/// How the default training MFU scales with model size.
///
/// # Formula
/// `(P_active / P_ref)^b`, `P_ref` = 70 B active parameters, `b` the fitted size exponent
/// (`workload.mfu.training.size_exponent`; docs/MODEL.md, "Training").
pub fn training_mfu_size_factor(active_params_b: f64, exponent: f64) -> f64 {
    (active_params_b / MFU_REFERENCE_PARAMS_B).powf(exponent)
}

/// One way of running the training and what it costs in memory and time (failure-free, whole fleet).
#[derive(Debug, Clone, Copy)]
struct Way {
    plan: Plan,
    params: Params,
    memory: Memory,
    /// Seconds of compute per step (an inner step under DiLoCo).
    compute_s: f64,
    /// Per-GPU traffic of a step.
    traffic: Traffic,
    /// Seconds a step takes: compute plus the traffic's time beyond the reference fabric's.
    step_s: f64,
    /// Seconds of an outer step.
    outer_s: f64,
    /// Failure-free run time with the whole fleet, seconds.
    run_s: f64,
    /// Run time of the steps' compute alone (recomputation included), seconds.
    hardware_run_s: f64,
    /// Run time of the model's FLOPs alone (no recomputation), seconds: the goodput's numerator.
    compute_run_s: f64,
}

/// The fleet and its links.
struct Fleet {
    layout: Layout,
    /// GPU link per GPU, each direction, B/s.
    intra: f64,
    /// Network per GPU, each direction, B/s.
    network: f64,
    /// Usable memory per GPU, B.
    usable: f64,
    /// FLOP/s per GPU at the run's MFU.
    flops: f64,
}

/// FLOPs per active parameter per token of `method`.
///
/// # Formula
/// Forward 2, backward 4 (activation and weight gradients, 2 each): 6 for full training (Kaplan et al.,
/// arXiv:2001.08361, §2.1); frozen weights need no weight gradient, so 4 under LoRA/QLoRA; full
/// checkpointing runs the forward pass again, +2.
pub fn flops_per_param_token(method: Method, checkpointing: Checkpointing) -> f64 {
    let base = if method == Method::Full { 6.0 } else { 4.0 };
    base + if checkpointing == Checkpointing::Full { 2.0 } else { 0.0 }
}

/// What one GPU holds under `plan`, given the run's `params` and the activations of one sequence `act`
/// (both unsplit), with the parameters and layout each data-parallel copy works on.
fn split_memory(w: &TrainingInputs<f64>, fleet: &Fleet, plan: Plan, params: &Params, act: f64) -> Split {
    let l = fleet.layout;
    // Tensor and sequence parallelism over `t` GPUs of a node split each layer's weights and activations
    // `t` ways (Korthikanti et al. §4.2); data-parallel sharding then acts on the `N/t` copies.
    let t = f64::from(plan.tensor_parallel);
    let params = Params { trainable: params.trainable / t, frozen: params.frozen / t, ..*params };
    let layout = Layout { gpus: l.gpus / t, per_node: l.per_node / t, nodes: l.nodes };
    let memory =
        memory::per_gpu(&params, w.state_bytes_per_param, plan.sharding, layout.gpus, layout.per_node, act / t);
    Split { params, layout, memory }
}

/// One GPU's share of a way of running: the parameters and layout of its data-parallel copy, its memory.
struct Split {
    params: Params,
    layout: Layout,
    memory: Memory,
}

/// The time of `plan` on `fleet`, its memory per GPU `split` already known (and fitting).
fn way(setup: &TrainingSetup, w: &TrainingInputs<f64>, fleet: &Fleet, plan: Plan, params: Params, split: Split) -> Way {
    let model = &setup.model;
    let Split { params: split, layout: l, memory } = split;
    let f = flops_per_param_token(plan.method, plan.checkpointing);
    let step_flops = f * model.active_params_b * 1e9 * w.batch_tokens;
    let model_flops = flops_per_param_token(plan.method, Checkpointing::None) * model.active_params_b * 1e9;
    let gpus = fleet.layout.gpus;
    let per_node = fleet.layout.per_node;
    let (compute_s, traffic, outer) = match plan.sync {
        Sync::Step => {
            (step_flops / (gpus * fleet.flops), comm::step_traffic(&split, plan.sharding, l), Traffic::default())
        }
        Sync::Diloco => (
            step_flops / (per_node * fleet.flops),
            comm::inner_traffic(&split, plan.sharding, l),
            comm::outer_traffic(&split, l),
        ),
    };
    // The MFU prior was measured on NVLink and InfiniBand fabrics, so it already pays for a step's traffic at
    // their speed; slower links (PCIe, the internet) add the difference, not hidden under compute.
    let step_s = compute_s + traffic.excess_seconds(fleet.intra, fleet.network);
    // DiLoCo's outer all-reduce blocks the workers (as in INTELLECT-1).
    let outer_s = outer.seconds(fleet.intra, fleet.network);
    let (run_s, hardware_run_s) = match plan.sync {
        Sync::Step => {
            let steps = w.training_tokens / w.batch_tokens;
            (steps * step_s, steps * compute_s)
        }
        Sync::Diloco => {
            let rounds = w.training_tokens / (fleet.layout.nodes * w.diloco_inner_steps * w.batch_tokens);
            (rounds * (w.diloco_inner_steps * step_s + outer_s), rounds * w.diloco_inner_steps * compute_s)
        }
    };
    // What the fleet would take computing the model's FLOPs alone: the goodput's numerator.
    let compute_run_s = w.training_tokens * model_flops / (gpus * fleet.flops);
    Way { plan, params, memory, compute_s, traffic, step_s, outer_s, run_s, hardware_run_s, compute_run_s }
}

/// The fastest way that fits with `method`, or the memory per GPU of the way that needs least.
fn best_way(
    setup: &TrainingSetup,
    w: &TrainingInputs<f64>,
    fleet: &Fleet,
    p: &GpuTerms<f64>,
    method: Method,
) -> Result<Way, f64> {
    let sync = p.plan.sync.unwrap_or(setup.sync);
    let sharding = p.plan.sharding.or(setup.sharding);
    // What the method trains and what a sequence's activations take do not depend on the way.
    let model = &setup.model;
    let params = memory::params(model, method, w.lora_rank, setup.lora_targets);
    let seq = w.sequence_length.min(f64::from(model.context_length));
    let acts = Checkpointing::ALL.map(|c| memory::activation_bytes(model, seq, c));
    let mut best: Option<Way> = None;
    let mut least = f64::INFINITY;
    // Layers split inside a node need NVLink-class links, whose traffic the MFU prior includes.
    let g = fleet.layout.per_node as u32;
    let splits: &[u32] = if fleet.intra >= TENSOR_PARALLEL_MIN_LINK && g > 1 { &[1, g] } else { &[1] };
    // Splitting layers only where nothing else fits or is faster: unsplit ways are tried first.
    for (&tp, s) in splits.iter().flat_map(|t| Sharding::ALL.into_iter().map(move |s| (t, s))) {
        // A DiLoCo worker is one node: its state may be split inside the node only (resolution refuses
        // an explicit sharding across nodes with DiLoCo).
        if sharding.is_some_and(|x| x != s) || (sync == Sync::Diloco && !s.within_node()) {
            continue;
        }
        for (c, act) in Checkpointing::ALL.into_iter().zip(acts) {
            if setup.checkpointing.is_some_and(|x| x != c) {
                continue;
            }
            let plan = Plan { method, sharding: s, sync, checkpointing: c, tensor_parallel: tp };
            let split = split_memory(w, fleet, plan, &params, act);
            let need = split.memory.total();
            least = least.min(need);
            // Only a way that fits is timed.
            if need > fleet.usable {
                continue;
            }
            let way = way(setup, w, fleet, plan, params, split);
            if best.is_none_or(|b| way.run_s < b.run_s) {
                best = Some(way);
            }
        }
    }
    best.ok_or(least)
}

/// Evaluates a training run on one provider.
///
/// # Formula
/// (docs/MODEL.md, "Training")
/// - `N = min(gpus, ⌊capacity / k⌋)` in nodes of `g = min(N, g_max)`; the way of running it (method,
///   sharding, checkpointing) is the fastest whose memory per GPU fits `M·(1 − r)`.
/// - step: compute `c·P_active·B / (N·F·MFU·s)` (DiLoCo: `g` GPUs per worker), traffic over the GPU link
///   and the network; a step takes the longer; `T_s = D/B · t_step` (DiLoCo: `D/(n·H·B) · (H·t_step +
///   t_outer)`).
/// - availability `a`: `T = T_s / a`, `a·N` GPUs working and billed.
/// - job MTBF `M = 1 / (λ·a·N)`, checkpoint write `δ = S / (a·N·bw)`, restart `R`; wall-clock from Daly.
/// - lines per run: compute `a·N·T·price`, privacy, failures and verification as before; monthly only with
///   `runs_per_month`.
pub fn evaluate<T: Trace>(
    setup: &TrainingSetup,
    w: &TrainingInputs<f64>,
    gpu: &GpuSpec,
    p: &GpuTerms<f64>,
    fees: &Fees<f64>,
    t: &mut T,
) -> Result<Outcome, Infeasible> {
    let model = &setup.model;
    // FP8 compute needs the GPU's FP8 peak (missing: infeasible); MFU is stated on the BF16 peak either way,
    // so FP8 speeds a run up by the measured `fp8_speedup`, not by the ratio of the peaks.
    peak_flops(gpu, setup.compute_precision)?;
    let flops_peak = peak_flops(gpu, super::Precision::Bf16)?;
    let copies = replication_factor(&p.verification);
    let wanted = p.gpus.unwrap_or(w.gpus).max(1.0).floor();
    let available = p.capacity_gpus.map_or(wanted, |c| (c / copies).floor());
    if available < 1.0 {
        return Err(Infeasible::Capacity { need_gpus: copies, capacity_gpus: p.capacity_gpus.unwrap_or(0.0) });
    }
    let n = wanted.min(available);
    let layout = Layout::new(n, p.max_gpus_per_replica);
    // GPUs sharing a node talk over their link; a catalog entry without one cannot time that traffic.
    if layout.per_node > 1.0 && gpu.interconnect_gbs <= 0.0 {
        return Err(Infeasible::MissingFigure { what: "GPU-to-GPU link bandwidth (interconnect_gbs) of this GPU" });
    }
    let fleet = Fleet {
        layout,
        intra: gpu.interconnect_gbs * 1e9 / 2.0,
        network: p.network_gbs_per_gpu * 1e9,
        usable: gpu.memory_gb * 1e9 * (1.0 - w.memory_reserve_fraction),
        flops: flops_peak * w.mfu * w.fp8_speedup,
    };
    let method = p.plan.method.unwrap_or(setup.method);
    let chosen = match best_way(setup, w, &fleet, p, method) {
        Ok(way) => way,
        Err(need) => {
            let lighter = [Method::Lora, Method::Qlora].into_iter().filter(|m| *m as u8 > method as u8);
            let fits_with = lighter.into_iter().find(|m| best_way(setup, w, &fleet, p, *m).is_ok());
            return Err(Infeasible::TrainingDoesNotFit {
                need_gb: need / 1e9,
                have_gb: fleet.usable / 1e9,
                gpus: n as u32,
                fits_with,
            });
        }
    };
    let a = p.availability;
    let working = a * n;
    // Only the trained state is checkpointed: frozen weights are on disk already.
    let state = w.state_bytes_per_param * chosen.params.trainable;
    if t.on() {
        trace_way(t, setup, w, p, &fleet, &chosen, copies, wanted, flops_peak);
    }
    let solve_h = chosen.run_s / a / 3600.0;
    let time_multiplier = privacy_multiplier(&p.privacy) * attestation_multiplier(&p.verification);
    let private_h = solve_h * privacy_multiplier(&p.privacy);
    let protected_h = solve_h * time_multiplier;
    if t.on() {
        step(t, st::TRAIN_AVAILABLE, &[("T_run", chosen.run_s / 3600.0), ("a", a)], solve_h);
        if time_multiplier != 1.0 {
            trace_multipliers(t, p, privacy_multiplier(&p.privacy), time_multiplier);
            step(t, st::TRAIN_PROTECTED, &[("T_s", solve_h), ("m", time_multiplier)], protected_h);
        }
    }

    let rate = p.failure_rate_per_gpu_hour * working;
    let mtbf_h = if rate > 0.0 { 1.0 / rate } else { f64::INFINITY };
    let delta_h = state / (working * p.checkpoint_write_gbs_per_gpu * 1e9) / 3600.0;
    let wall_h = daly_wall_clock(protected_h, delta_h, mtbf_h, p.restart_minutes / 60.0);
    if t.on() {
        step(t, st::TRAIN_MTBF, &[("λ_f", p.failure_rate_per_gpu_hour), ("a", a), ("N", n)], mtbf_h);
        let ckpt = [
            ("state_bytes", w.state_bytes_per_param),
            ("P_t", chosen.params.trainable),
            ("a", a),
            ("N", n),
            ("ckpt_write", p.checkpoint_write_gbs_per_gpu),
        ];
        step(t, st::TRAIN_CHECKPOINT, &ckpt, delta_h);
        let terms = [("M_j", mtbf_h), ("R", p.restart_minutes), ("δ", delta_h), ("T_m", protected_h)];
        step(t, st::TRAIN_WALL, &terms, wall_h);
    }
    if !wall_h.is_finite() || wall_h > NO_PROGRESS_FACTOR * protected_h {
        return Err(Infeasible::NoProgress { mtbf_hours: mtbf_h });
    }

    let verification_gpu_h = match &p.verification {
        Verification::None => 0.0,
        Verification::Replication { factor } => (factor - 1.0) * working * wall_h,
        Verification::SpotCheck { rate, recompute_fraction } => rate * recompute_fraction * working * private_h,
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, .. } => {
            zk_prove_seconds(*prove_gpu_seconds_per_bparam_2k, model.active_params_b, w.training_tokens) / 3600.0
        }
        Verification::TeeAttestation { .. } => working * (protected_h - private_h),
    };
    // Per run: the GPU-hours by what they are for; the trained weights (or adapters) leave once, in BF16.
    let per_run = GpuHours {
        plain: working * solve_h,
        private: working * private_h,
        verification: verification_gpu_h,
        failures: working * (wall_h - protected_h),
    };
    let egress_gb = chosen.params.gradient_bytes() / 1e9;
    let storage_gb = state / 1e9 + w.training_tokens * w.bytes_per_token / 1e9;
    let gpu_hours_per_run = per_run.private + per_run.verification + per_run.failures;
    let run_months = wall_h / HOURS_PER_MONTH;
    let (runs, hours, storage_months, fee_months) = match w.runs_per_month {
        Some(runs) => (runs, per_run.times(runs), 1.0, 1.0),
        None => (1.0, per_run, run_months, run_months),
    };
    if t.on() {
        step(t, st::TRAIN_HOURS, &[("runs", runs), ("a", a), ("N", n), ("T_s", solve_h)], hours.plain);
        if hours.private != hours.plain {
            let terms = [("runs", runs), ("a", a), ("N", n), ("T_s", solve_h), ("m_p", privacy_multiplier(&p.privacy))];
            step(t, st::TRAIN_HOURS_PRIVATE, &terms, hours.private);
        }
        if hours.verification != 0.0 {
            step(
                t,
                st::TRAIN_HOURS_VERIFICATION,
                &[("runs", runs), ("H_v per run", verification_gpu_h)],
                hours.verification,
            );
        }
        let terms = [("runs", runs), ("a", a), ("N", n), ("T", wall_h), ("T_m", protected_h)];
        step(t, st::TRAIN_HOURS_FAILURES, &terms, hours.failures);
    }
    let scaled_fees = Fees { fixed_monthly_fee: fees.fixed_monthly_fee * fee_months, fee_fraction: fees.fee_fraction };
    let cost = gpu_cost_lines(
        t,
        p,
        &scaled_fees,
        hours,
        runs * egress_gb * p.egress_per_gb,
        storage_gb * p.storage_per_gb_month * storage_months,
    );
    if t.on() {
        let egress_terms = [("runs", runs), ("P_t", chosen.params.trainable), ("egress_price", p.egress_per_gb)];
        step(t, st::TRAIN_EGRESS, &egress_terms, cost.egress);
        let storage_terms = [
            ("state_bytes", w.state_bytes_per_param),
            ("P_t", chosen.params.trainable),
            ("D", w.training_tokens),
            ("bytes_tok", w.bytes_per_token),
            ("storage_price", p.storage_per_gb_month),
            ("months", storage_months),
        ];
        step(t, st::TRAIN_STORAGE, &storage_terms, cost.storage);
        trace_fees(t, &scaled_fees, &cost);
        trace_total(t, &cost);
    }
    let total = cost.total();
    let cost_per_run = total / runs;
    step(t, st::PER_RUN, &[("C", total), ("runs", runs)], cost_per_run);
    let on_time = w.deadline_days.map(|d| wall_h / 24.0 <= d);
    Ok(Outcome {
        cost,
        monthly_cost: total,
        cost_per_unit: cost_per_run,
        gpu_hours: Some(runs * gpu_hours_per_run),
        latency: None,
        margin: None,
        detail: Detail {
            gpus_per_replica: n as u32,
            wall_clock_hours: wall_h,
            goodput: chosen.compute_run_s / 3600.0 / wall_h,
            gpu_hours_per_run,
            cost_per_run,
            per_run_only: w.runs_per_month.is_none(),
            plan: Some(chosen.plan),
            memory_per_gpu_gb: chosen.memory.total() / 1e9,
            availability: a,
            communication_efficiency: chosen.hardware_run_s / chosen.run_s,
            on_time,
            units_per_month: runs,
            gpus_capped: n < wanted,
            compute_precision: Some(setup.compute_precision),
            ..Detail::default()
        },
        horizon: None,
        energy: None,
    })
}

/// Records how the run is carried out: GPUs, the way chosen, its memory, a step's compute and traffic.
#[allow(clippy::too_many_arguments)]
fn trace_way<T: Trace>(
    t: &mut T,
    setup: &TrainingSetup,
    w: &TrainingInputs<f64>,
    p: &GpuTerms<f64>,
    fleet: &Fleet,
    way: &Way,
    copies: f64,
    wanted: f64,
    flops_peak: f64,
) {
    let l = fleet.layout;
    let n = l.gpus;
    let asked = if p.gpus.is_some() { "gpus_p" } else { "gpus" };
    match p.capacity_gpus {
        // Without a capacity there is no limit to show (an ∞ in a memo reads as a bug).
        Some(capacity) => step(t, st::TRAIN_GPUS, &[(asked, wanted), ("capacity", capacity), ("k", copies)], n),
        None => step(t, st::TRAIN_GPUS, &[(asked, wanted), ("k", copies)], n),
    }
    step(t, st::TRAIN_NODES, &[("N", n), ("g_max", p.max_gpus_per_replica)], l.nodes);
    let model = &setup.model;
    let layers = f64::from(model.layers);
    if way.plan.method == Method::Full {
        step(t, st::TRAIN_PARAMS_FULL, &[("P", model.params_b * 1e9)], way.params.trainable);
    } else {
        step(
            t,
            st::TRAIN_PARAMS_LORA,
            &[("rank", w.lora_rank), ("layers", layers), ("h", f64::from(model.hidden_size))],
            way.params.trainable,
        );
    }
    let m = way.memory;
    let state_terms = [
        ("P_t", way.params.trainable),
        ("P_f", way.params.frozen),
        ("q_f", way.params.frozen_bytes),
        ("state_bytes", w.state_bytes_per_param),
        ("N", n),
        ("g", l.per_node),
    ];
    step(t, st::TRAIN_MEMORY_STATE, &state_terms, m.weights + m.gradients + m.optimizer);
    let act_terms = [("seq", w.sequence_length), ("h", f64::from(model.hidden_size)), ("layers", layers)];
    step(t, st::TRAIN_MEMORY_ACT, &act_terms, m.activations);
    let mem_terms = [
        ("state/GPU", m.weights + m.gradients + m.optimizer),
        ("act", m.activations),
        ("M", fleet.usable / (1.0 - w.memory_reserve_fraction)),
        ("r", w.memory_reserve_fraction),
    ];
    step(t, st::TRAIN_MEMORY, &mem_terms, m.total());
    let c = flops_per_param_token(way.plan.method, way.plan.checkpointing);
    let workers = if way.plan.sync == Sync::Diloco { l.per_node } else { n };
    step(t, st::PEAK, &[("F_table", flops_peak / 1e12)], flops_peak);
    let terms = [
        ("c", c),
        ("P_active", model.active_params_b * 1e9),
        ("B", w.batch_tokens),
        ("GPUs", workers),
        ("F", flops_peak),
        ("MFU", w.mfu),
        ("s_fp8", w.fp8_speedup),
    ];
    step(t, st::TRAIN_STEP_COMPUTE, &terms, way.compute_s);
    let link = comm::Traffic { network: 0.0, ..way.traffic };
    let net = comm::Traffic { intra: 0.0, ..way.traffic };
    let link_s = link.excess_seconds(fleet.intra, fleet.network);
    let net_s = net.excess_seconds(fleet.intra, fleet.network);
    step(t, st::TRAIN_TRAFFIC_LINK, &[("V_link", way.traffic.intra), ("BW_link", fleet.intra)], link_s);
    step(t, st::TRAIN_TRAFFIC_NET, &[("V_net", way.traffic.network), ("BW_net", p.network_gbs_per_gpu)], net_s);
    step(t, st::TRAIN_STEP, &[("t_c", way.compute_s), ("t_link", link_s), ("t_net", net_s)], way.step_s);
    if way.plan.sync == Sync::Diloco {
        let terms =
            [("P_t", way.params.trainable), ("n", l.nodes), ("g", l.per_node), ("BW_net", p.network_gbs_per_gpu)];
        step(t, st::TRAIN_OUTER, &terms, way.outer_s);
        let terms = [
            ("D", w.training_tokens),
            ("n", l.nodes),
            ("H_in", w.diloco_inner_steps),
            ("B", w.batch_tokens),
            ("t_step", way.step_s),
            ("t_outer", way.outer_s),
        ];
        step(t, st::TRAIN_RUN_DILOCO, &terms, way.run_s / 3600.0);
    } else {
        step(
            t,
            st::TRAIN_RUN,
            &[("D", w.training_tokens), ("B", w.batch_tokens), ("t_step", way.step_s)],
            way.run_s / 3600.0,
        );
    }
    let eff_terms = [("T_compute", way.hardware_run_s / 3600.0), ("T_run", way.run_s / 3600.0)];
    step(t, st::TRAIN_COMM_EFFICIENCY, &eff_terms, way.hardware_run_s / way.run_s);
}

#[cfg(test)]
mod tests;
