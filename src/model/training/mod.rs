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
    Detail, Fees, GpuSpec, GpuTerms, HOURS_PER_MONTH, Infeasible, Outcome, TrainingInputs, TrainingSetup,
    Verification, peak_flops,
};
use comm::{Layout, Traffic};
use memory::{Memory, Params};
use plan::{Checkpointing, Method, Plan, Sharding, Sync};

/// Wall-clock beyond which a run is treated as making no progress (multiples of its failure-free time).
const NO_PROGRESS_FACTOR: f64 = 1e3;

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
    /// Seconds a step takes: compute, or the traffic where it takes longer.
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

/// The time of one way of running `setup` on `fleet`, whether or not it fits.
fn way(setup: &TrainingSetup, w: &TrainingInputs<f64>, fleet: &Fleet, plan: Plan) -> Way {
    let model = &setup.model;
    let l = fleet.layout;
    let params = memory::params(model, plan.method, w.lora_rank, setup.lora_targets);
    let seq = w.sequence_length.min(f64::from(model.context_length));
    let act = memory::activation_bytes(model, seq, plan.checkpointing);
    let memory = memory::per_gpu(&params, w.state_bytes_per_param, plan.sharding, l.gpus, l.per_node, act);
    let f = flops_per_param_token(plan.method, plan.checkpointing);
    let step_flops = f * model.active_params_b * 1e9 * w.batch_tokens;
    let model_flops = flops_per_param_token(plan.method, Checkpointing::None) * model.active_params_b * 1e9;
    let (compute_s, traffic, outer) = match plan.sync {
        Sync::Step => (step_flops / (l.gpus * fleet.flops), comm::step_traffic(&params, plan.sharding, l), Traffic::default()),
        Sync::Diloco => (
            step_flops / (l.per_node * fleet.flops),
            comm::inner_traffic(&params, plan.sharding, l),
            comm::outer_traffic(&params, l),
        ),
    };
    // Traffic overlaps compute (FSDP prefetch, bucketed all-reduce): a step takes the longer of the two.
    let step_s = compute_s.max(traffic.seconds(fleet.intra, fleet.network));
    // DiLoCo's outer all-reduce blocks the workers (as in INTELLECT-1).
    let outer_s = outer.seconds(fleet.intra, fleet.network);
    let (run_s, hardware_run_s) = match plan.sync {
        Sync::Step => {
            let steps = w.training_tokens / w.batch_tokens;
            (steps * step_s, steps * compute_s)
        }
        Sync::Diloco => {
            let rounds = w.training_tokens / (l.nodes * w.diloco_inner_steps * w.batch_tokens);
            (rounds * (w.diloco_inner_steps * step_s + outer_s), rounds * w.diloco_inner_steps * compute_s)
        }
    };
    // What the fleet would take computing the model's FLOPs alone: the goodput's numerator.
    let compute_run_s = w.training_tokens * model_flops / (l.gpus * fleet.flops);
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
    let mut best: Option<Way> = None;
    let mut least = f64::INFINITY;
    for s in Sharding::ALL {
        // A DiLoCo worker is one node: its state may be split inside the node only (resolution refuses
        // an explicit sharding across nodes with DiLoCo).
        if sharding.is_some_and(|x| x != s) || (sync == Sync::Diloco && !s.within_node()) {
            continue;
        }
        for c in Checkpointing::ALL {
            if setup.checkpointing.is_some_and(|x| x != c) {
                continue;
            }
            let way = way(setup, w, fleet, Plan { method, sharding: s, sync, checkpointing: c });
            let need = way.memory.total();
            least = least.min(need);
            if need <= fleet.usable && best.is_none_or(|b| way.run_s < b.run_s) {
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
        let ckpt = [("state_bytes", w.state_bytes_per_param), ("P_t", chosen.params.trainable), ("a", a), ("N", n), ("ckpt_write", p.checkpoint_write_gbs_per_gpu)];
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
            step(t, st::TRAIN_HOURS_VERIFICATION, &[("runs", runs), ("H_v per run", verification_gpu_h)], hours.verification);
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
        step(t, st::TRAIN_PARAMS_LORA, &[("rank", w.lora_rank), ("layers", layers), ("h", f64::from(model.hidden_size))], way.params.trainable);
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
    let mem_terms = [("state/GPU", m.weights + m.gradients + m.optimizer), ("act", m.activations), ("M", fleet.usable / (1.0 - w.memory_reserve_fraction)), ("r", w.memory_reserve_fraction)];
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
    step(t, st::TRAIN_TRAFFIC_LINK, &[("V_link", way.traffic.intra), ("BW_link", fleet.intra)], way.traffic.intra / fleet.intra);
    let net_s = if way.traffic.network > 0.0 { way.traffic.network / fleet.network } else { 0.0 };
    step(t, st::TRAIN_TRAFFIC_NET, &[("V_net", way.traffic.network), ("BW_net", p.network_gbs_per_gpu)], net_s);
    step(t, st::TRAIN_STEP, &[("t_c", way.compute_s), ("t_link", way.traffic.intra / fleet.intra), ("t_net", net_s)], way.step_s);
    if way.plan.sync == Sync::Diloco {
        let terms = [("P_t", way.params.trainable), ("n", l.nodes), ("g", l.per_node), ("BW_net", p.network_gbs_per_gpu)];
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
        step(t, st::TRAIN_RUN, &[("D", w.training_tokens), ("B", w.batch_tokens), ("t_step", way.step_s)], way.run_s / 3600.0);
    }
        let eff_terms = [("T_compute", way.hardware_run_s / 3600.0), ("T_run", way.run_s / 3600.0)];
    step(t, st::TRAIN_COMM_EFFICIENCY, &eff_terms, way.hardware_run_s / way.run_s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::inference::tests::{no_fees, terms};
    use crate::model::{LoraTargets, PlanChoice, Precision, Privacy};

    fn setup(model: &str, method: Method) -> TrainingSetup {
        let catalog = Catalog::builtin().unwrap();
        TrainingSetup {
            model: catalog.model(model).unwrap().spec(),
            compute_precision: Precision::Bf16,
            method,
            sharding: None,
            sync: Sync::Step,
            checkpointing: None,
            lora_targets: LoraTargets::ATTENTION,
        }
    }

    fn inputs(tokens: f64, gpus: f64) -> TrainingInputs<f64> {
        TrainingInputs {
            training_tokens: tokens,
            gpus,
            mfu: 0.4,
            fp8_speedup: 1.0,
            state_bytes_per_param: 16.0,
            runs_per_month: Some(1.0),
            deadline_days: None,
            memory_reserve_fraction: 0.1,
            bytes_per_token: 4.0,
            batch_tokens: 262_144.0,
            sequence_length: 4096.0,
            diloco_inner_steps: 500.0,
            lora_rank: 16.0,
        }
    }

    fn gpu(id: &str) -> GpuSpec {
        Catalog::builtin().unwrap().gpu(id).unwrap().spec()
    }

    fn run(gpus: f64, failure_rate: f64) -> Result<Outcome, Infeasible> {
        let mut p = terms(2.0);
        p.failure_rate_per_gpu_hour = failure_rate;
        evaluate(&setup("llama-3-8b", Method::Full), &inputs(1e9, gpus), &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off)
    }

    #[test]
    fn six_p_d_gpu_hours_by_hand() {
        // FLOPs = 6 × 8.03e9 × 1e9 = 4.818e19. 8 × 989.5e12 × 0.4 = 3.1664e15 FLOP/s.
        // T_s = 4.818e19 / 3.1664e15 / 3600 = 4.2266 h; GPU-hours = 8 × 4.2266 = 33.813; compute = $67.63.
        // One node: its NVLink traffic (data parallel, 2 × 7/8 × 16.06 GB per step at 450 GB/s = 0.062 s)
        // hides under a step's 15.9 s of compute, so the run is compute-bound.
        let out = run(8.0, 0.0).unwrap();
        let solve_h: f64 = 4.818e19 / 3.1664e15 / 3600.0;
        assert!((solve_h - 4.2266).abs() < 1e-4);
        assert!((out.detail.wall_clock_hours - solve_h).abs() < 1e-9);
        assert!((out.gpu_hours.unwrap() - 8.0 * solve_h).abs() < 1e-9);
        assert!((out.cost.compute - 2.0 * 8.0 * solve_h).abs() < 1e-9);
        assert_eq!(out.cost.failures, 0.0);
        assert_eq!(out.detail.goodput, 1.0);
        let plan = out.detail.plan.unwrap();
        // Data parallel does not fit (128.5 GB of state), ZeRO-3 within the node (16.06 GB) does.
        assert_eq!(plan.sharding, Sharding::Hybrid);
    }

    #[test]
    fn fp8_speeds_a_run_up_by_its_measured_factor_not_by_the_peaks() {
        // MFU is stated on the BF16 peak: FP8 at the same MFU and a speedup of 1.3 takes 1/1.3 of the BF16
        // GPU-hours (33.813 / 1.3 = 26.010), where scaling by the FP8 peak would have halved them.
        let hours = |precision: Precision, speedup: f64| {
            let s = TrainingSetup { compute_precision: precision, ..setup("llama-3-8b", Method::Full) };
            let w = TrainingInputs { fp8_speedup: speedup, ..inputs(1e9, 8.0) };
            let p = terms(2.0);
            evaluate(&s, &w, &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap().gpu_hours.unwrap()
        };
        let bf16 = hours(Precision::Bf16, 1.0);
        let fp8 = hours(Precision::Fp8, 1.3);
        assert!((bf16 - 33.813).abs() < 1e-3, "{bf16}");
        assert!((fp8 - 33.813 / 1.3).abs() < 1e-3, "{fp8}");
    }

    #[test]
    fn the_mfu_prior_scales_with_size_by_hand() {
        // Exponent 0.25: an 8B model gets (8/70)^0.25 = 0.58143 of the 70B prior, a 405B one
        // (405/70)^0.25 = 1.55092; at the reference size the factor is 1.
        assert!((training_mfu_size_factor(8.0, 0.25) - 0.581_43).abs() < 1e-5);
        assert!((training_mfu_size_factor(405.0, 0.25) - 1.550_92).abs() < 1e-5);
        assert_eq!(training_mfu_size_factor(70.0, 0.25), 1.0);
        assert_eq!(training_mfu_size_factor(8.0, 0.0), 1.0);
    }

    #[test]
    fn failures_lengthen_the_run() {
        let calm = run(8.0, 0.0).unwrap();
        let churn = run(8.0, 1e-2).unwrap();
        assert!(churn.detail.wall_clock_hours > calm.detail.wall_clock_hours);
        assert!(churn.cost.failures > 0.0 && churn.detail.goodput < 1.0);
    }

    #[test]
    fn a_full_70b_fine_tune_on_8_h100_names_the_method_that_fits() {
        // ZeRO-3 over 8 GPUs: 141.1 GB of state per GPU plus 6.51 GB of activations (full checkpointing,
        // 194 × 4096 × 8192 B), against 72 GB usable. LoRA's
        // frozen BF16 weights, 17.6 GB per GPU, fit.
        let w = inputs(1e9, 8.0);
        let p = terms(2.0);
        let full = evaluate(&setup("llama-3-70b", Method::Full), &w, &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off);
        match full {
            Err(Infeasible::TrainingDoesNotFit { need_gb, have_gb, gpus: 8, fits_with: Some(Method::Lora) }) => {
                assert!((need_gb - (141.1 + 194.0 * 4096.0 * 8192.0 / 1e9)).abs() < 1e-9, "{need_gb}");
                assert!((have_gb - 72.0).abs() < 1e-9);
            }
            other => panic!("{other:?}"),
        }
        let lora = evaluate(&setup("llama-3-70b", Method::Lora), &w, &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        assert_eq!(lora.detail.plan.unwrap().sharding, Sharding::Hybrid);
        assert!(lora.detail.memory_per_gpu_gb < 72.0);
        // LoRA does 4 FLOPs per parameter per token, not 6, plus 2 to recompute the forward pass: selective
        // recomputation would keep 80 × 34 × 4096 × 8192 B = 91.3 GB of activations, so it checkpoints fully.
        assert_eq!(lora.detail.plan.unwrap().checkpointing, Checkpointing::Full);
        let tokens_per_s = 1e9 / (lora.detail.wall_clock_hours * 3600.0);
        let expected = 8.0 * 989.5e12 * 0.4 / ((4.0 + 2.0) * 70.55e9);
        assert!((lora.detail.goodput - 4.0 / 6.0).abs() < 1e-9);
        assert!((tokens_per_s / expected - 1.0).abs() < 1e-9, "{tokens_per_s} vs {expected}");
    }

    #[test]
    fn wall_clock_under_an_availability_of_half_by_hand() {
        // Half the fleet away: the run takes twice as long; the GPU-hours billed (those working) stay.
        let mut p = terms(2.0);
        let full = run(8.0, 0.0).unwrap();
        p.availability = 0.5;
        let half = evaluate(&setup("llama-3-8b", Method::Full), &inputs(1e9, 8.0), &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        assert!((half.detail.wall_clock_hours - 2.0 * 4.2266).abs() < 1e-3, "{}", half.detail.wall_clock_hours);
        assert!((half.gpu_hours.unwrap() - full.gpu_hours.unwrap()).abs() < 1e-9);
        assert!((half.detail.goodput - 0.5).abs() < 1e-9);
    }

    #[test]
    fn sharded_training_over_internet_links_is_slow_and_diloco_is_not() {
        // 64 GPUs in 8 nodes at 0.05 GB/s per GPU. Llama 3 8B full training, ZeRO-3 or hybrid: each step's
        // gradient all-reduce between nodes, 2 × 7/8 × 16.06 GB / 8 = 3.513 GB per GPU, takes 70.3 s against
        // 0.50 s of compute; DiLoCo (500 inner steps) sends 2 × 7/8 × 8.03 GB / 8 every 500 steps.
        let mut p = terms(2.0);
        p.network_gbs_per_gpu = 0.05;
        let w = inputs(1e9, 64.0);
        let sync = evaluate(&setup("llama-3-8b", Method::Full), &w, &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        let diloco_setup = TrainingSetup { sync: Sync::Diloco, ..setup("llama-3-8b", Method::Full) };
        let diloco = evaluate(&diloco_setup, &w, &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        let compute_s: f64 = 6.0 * 8.03e9 * 262_144.0 / (64.0 * 989.5e12 * 0.4);
        assert!((compute_s - 0.4986).abs() < 1e-4, "{compute_s}");
        let link_s: f64 = 2.0 * 7.0 / 8.0 * 16.06e9 / 8.0 / 0.05e9;
        assert!(sync.detail.communication_efficiency < 0.05, "{:?} {}", sync.detail.plan, sync.detail.communication_efficiency);
        let plan = sync.detail.plan.unwrap();
        assert_ne!(plan.checkpointing, Checkpointing::Full, "{plan:?}");
        assert!((sync.detail.communication_efficiency - compute_s / (link_s + 2.0 * 7.0 / 8.0 * 16.06e9 / 450e9)).abs() < 1e-3);
        assert!(diloco.detail.communication_efficiency > 0.9, "{}", diloco.detail.communication_efficiency);
        assert_eq!(diloco.detail.plan.unwrap().sync, Sync::Diloco);
    }

    #[test]
    fn a_provider_fleet_and_method_override_the_workload() {
        let mut p = terms(2.0);
        p.gpus = Some(16.0);
        p.plan = PlanChoice { method: Some(Method::Qlora), sharding: None, sync: None };
        let out = evaluate(&setup("llama-3-70b", Method::Full), &inputs(1e9, 8.0), &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        assert_eq!(out.detail.gpus_per_replica, 16);
        assert_eq!(out.detail.plan.unwrap().method, Method::Qlora);
    }

    #[test]
    fn per_run_figures_without_runs_per_month() {
        // Without runs_per_month the lines cover one run: fixed fees and storage for the run's months.
        let mut p = terms(2.0);
        p.storage_per_gb_month = 0.1;
        let fees = Fees { fixed_monthly_fee: 730.0, fee_fraction: 0.0 };
        let w = TrainingInputs { runs_per_month: None, ..inputs(1e9, 8.0) };
        let out = evaluate(&setup("llama-3-8b", Method::Full), &w, &gpu("h100-sxm-80gb"), &p, &fees, &mut crate::model::trace::Off).unwrap();
        let months = out.detail.wall_clock_hours / HOURS_PER_MONTH;
        assert!(out.detail.per_run_only);
        assert!((out.cost.fees - 730.0 * months).abs() < 1e-9, "{}", out.cost.fees);
        let storage_gb = 16.0 * 8.03e9 / 1e9 + 4.0;
        assert!((out.cost.storage - storage_gb * 0.1 * months).abs() < 1e-9);
        assert_eq!(out.cost_per_unit, out.detail.cost_per_run);
    }

    #[test]
    fn a_deadline_gives_on_time_not_infeasible() {
        let w = TrainingInputs { deadline_days: Some(0.1), ..inputs(1e9, 8.0) };
        let p = terms(2.0);
        let out = evaluate(&setup("llama-3-8b", Method::Full), &w, &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        assert_eq!(out.detail.on_time, Some(false));
        let w = TrainingInputs { deadline_days: Some(1.0), ..inputs(1e9, 8.0) };
        let out = evaluate(&setup("llama-3-8b", Method::Full), &w, &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        assert_eq!(out.detail.on_time, Some(true));
    }

    #[test]
    fn multi_gpu_tee_training_is_far_dearer() {
        let mut p = terms(2.0);
        p.privacy = Privacy::Tee { overhead: 7.68 };
        let out = evaluate(&setup("llama-3-8b", Method::Full), &inputs(1e9, 8.0), &gpu("h100-sxm-80gb"), &p, &no_fees(), &mut crate::model::trace::Off).unwrap();
        assert!((out.cost.privacy / out.cost.compute - 7.68).abs() < 1e-9);
    }
}
