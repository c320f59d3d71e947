//! Training: `6·P·D` FLOPs, GPU-hours at an MFU, wall-clock with failures (Young/Daly), cost lines.
//! docs/MODEL.md, "Training".

use super::lines::{GpuHours, gpu_cost_lines, trace_fees, trace_multipliers, trace_total};
use super::overheads::{attestation_multiplier, privacy_multiplier, replication_factor, zk_prove_seconds};
use super::reliability::daly_wall_clock;
use super::steps::{self as st};
use super::trace::{Trace, step};
use super::{
    Detail, Fees, GpuSpec, GpuTerms, Infeasible, Outcome, TrainingInputs, TrainingSetup, Verification, peak_flops,
};

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

/// Evaluates a training run on one provider.
///
/// # Formula
/// (docs/MODEL.md, "Training")
/// - `N = min(gpus, capacity / replication)`; state `S = state_bytes·P` must fit `N·M·(1 − reserve)`.
/// - `FLOPs = 6·P_active·D`; `T_s = FLOPs / (N·F·MFU·s·η) / 3600` h, `F` the dense BF16 peak (the MFU basis
///   whatever the precision), `s` the FP8 speedup (1 for BF16), `η` = interconnect efficiency when `N`
///   exceeds one node, else 1; privacy multiplies `T_s`.
/// - job MTBF `M = 1 / (λ·N)`, checkpoint write `δ = S / (N·bw)`, restart `R`; wall-clock from Daly.
/// - lines per run: compute `N·T_s·price`, privacy `N·(T_s·m − T_s)·price`, failures `N·(T − T_s·m)·price`,
///   verification per mode; monthly = runs × per-run + storage + fees.
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
    let wanted = w.gpus.max(1.0).floor();
    let available = p.capacity_gpus.map_or(wanted, |c| (c / copies).floor());
    if available < 1.0 {
        return Err(Infeasible::Capacity { need_gpus: copies, capacity_gpus: p.capacity_gpus.unwrap_or(0.0) });
    }
    let n = wanted.min(available);
    let state = w.state_bytes_per_param * model.params_b * 1e9;
    if t.on() {
        // Without a capacity there is no limit to show (an ∞ in a memo reads as a bug).
        match p.capacity_gpus {
            Some(capacity) => step(t, st::TRAIN_GPUS, &[("gpus", wanted), ("capacity", capacity), ("k", copies)], n),
            None => step(t, st::TRAIN_GPUS, &[("gpus", wanted), ("k", copies)], n),
        }
        step(t, st::TRAIN_STATE, &[("state_bytes", w.state_bytes_per_param), ("P", model.params_b * 1e9)], state);
    }
    let usable = n * gpu.memory_gb * 1e9 * (1.0 - w.memory_reserve_fraction);
    if state > usable {
        return Err(Infeasible::DoesNotFit { need_gb: state / 1e9, have_gb: usable / 1e9, gpus: n as u32 });
    }
    let multi_node = n > p.max_gpus_per_replica;
    let eta = if multi_node { p.interconnect_efficiency } else { 1.0 };
    let flops = 6.0 * model.active_params_b * 1e9 * w.training_tokens;
    let solve_h = flops / (n * flops_peak * w.mfu * w.fp8_speedup * eta) / 3600.0;
    let time_multiplier = privacy_multiplier(&p.privacy) * attestation_multiplier(&p.verification);
    let private_h = solve_h * privacy_multiplier(&p.privacy);
    let protected_h = solve_h * time_multiplier;
    if t.on() {
        step(t, st::TRAIN_FLOPS, &[("P_active", model.active_params_b * 1e9), ("D", w.training_tokens)], flops);
        step(t, st::PEAK, &[("F_table", flops_peak / 1e12)], flops_peak);
        step(
            t,
            st::TRAIN_ETA,
            &[("N", n), ("g_max", p.max_gpus_per_replica), ("η_link", p.interconnect_efficiency)],
            eta,
        );
        let terms =
            [("FLOPs", flops), ("N", n), ("F", flops_peak), ("MFU", w.mfu), ("s_fp8", w.fp8_speedup), ("η", eta)];
        step(t, st::TRAIN_SOLVE, &terms, solve_h);
        if time_multiplier != 1.0 {
            trace_multipliers(t, p, privacy_multiplier(&p.privacy), time_multiplier);
            step(t, st::TRAIN_PROTECTED, &[("T_s", solve_h), ("m", time_multiplier)], protected_h);
        }
    }

    let rate = p.failure_rate_per_gpu_hour * n;
    let mtbf_h = if rate > 0.0 { 1.0 / rate } else { f64::INFINITY };
    let delta_h = state / (n * p.checkpoint_write_gbs_per_gpu * 1e9) / 3600.0;
    let wall_h = daly_wall_clock(protected_h, delta_h, mtbf_h, p.restart_minutes / 60.0);
    if t.on() {
        step(t, st::TRAIN_MTBF, &[("λ_f", p.failure_rate_per_gpu_hour), ("N", n)], mtbf_h);
        let ckpt = [("state", state), ("N", n), ("ckpt_write", p.checkpoint_write_gbs_per_gpu)];
        step(t, st::TRAIN_CHECKPOINT, &ckpt, delta_h);
        let terms = [("M_j", mtbf_h), ("R", p.restart_minutes), ("δ", delta_h), ("T_m", protected_h)];
        step(t, st::TRAIN_WALL, &terms, wall_h);
    }
    if !wall_h.is_finite() || wall_h > NO_PROGRESS_FACTOR * protected_h {
        return Err(Infeasible::NoProgress { mtbf_hours: mtbf_h });
    }
    if let Some(deadline) = w.deadline_days
        && wall_h / 24.0 > deadline
    {
        return Err(Infeasible::Deadline { wall_clock_days: wall_h / 24.0, deadline_days: deadline });
    }

    let verification_gpu_h = match &p.verification {
        Verification::None => 0.0,
        Verification::Replication { factor } => (factor - 1.0) * n * wall_h,
        Verification::SpotCheck { rate, recompute_fraction } => rate * recompute_fraction * n * private_h,
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, .. } => {
            zk_prove_seconds(*prove_gpu_seconds_per_bparam_2k, model.active_params_b, w.training_tokens) / 3600.0
        }
        Verification::TeeAttestation { .. } => n * (protected_h - private_h),
    };
    let runs = w.runs_per_month;
    // The trained weights leave once per run (BF16); the dataset and one checkpoint stay stored.
    let egress_gb = runs * model.params_b * 2.0;
    let storage_gb = state / 1e9 + w.training_tokens * w.bytes_per_token / 1e9;
    // Per-run GPU-hours by what they are for, times the runs in a month.
    let hours = GpuHours {
        plain: runs * n * solve_h,
        private: runs * n * private_h,
        verification: runs * verification_gpu_h,
        failures: runs * n * (wall_h - protected_h),
    };
    if t.on() {
        step(t, st::TRAIN_HOURS, &[("runs", runs), ("N", n), ("T_s", solve_h)], hours.plain);
        if hours.private != hours.plain {
            let terms = [("runs", runs), ("N", n), ("T_s", solve_h), ("m_p", privacy_multiplier(&p.privacy))];
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
        let terms = [("runs", runs), ("N", n), ("T", wall_h), ("T_m", protected_h)];
        step(t, st::TRAIN_HOURS_FAILURES, &terms, hours.failures);
    }
    let cost = gpu_cost_lines(t, p, fees, hours, egress_gb * p.egress_per_gb, storage_gb * p.storage_per_gb_month);
    if t.on() {
        let egress_terms = [("runs", runs), ("P", model.params_b * 1e9), ("egress_price", p.egress_per_gb)];
        step(t, st::TRAIN_EGRESS, &egress_terms, cost.egress);
        let storage_terms = [
            ("state", state),
            ("D", w.training_tokens),
            ("bytes_tok", w.bytes_per_token),
            ("storage_price", p.storage_per_gb_month),
        ];
        step(t, st::TRAIN_STORAGE, &storage_terms, cost.storage);
        trace_fees(t, fees, &cost);
        trace_total(t, &cost);
    }
    let monthly_cost = cost.total();
    let cost_per_unit = if runs > 0.0 { monthly_cost / runs } else { 0.0 };
    step(t, st::PER_RUN, &[("C", monthly_cost), ("runs", runs)], cost_per_unit);
    Ok(Outcome {
        cost,
        monthly_cost,
        cost_per_unit,
        gpu_hours: Some(runs * (n * wall_h + verification_gpu_h)),
        latency: None,
        margin: None,
        detail: Detail {
            gpus_per_replica: n as u32,
            wall_clock_hours: wall_h,
            goodput: protected_h / wall_h,
            units_per_month: runs,
            gpus_capped: n < wanted,
            compute_precision: Some(setup.compute_precision),
            ..Detail::default()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::{Precision, Privacy};

    fn run(gpus: f64, failure_rate: f64) -> Result<Outcome, Infeasible> {
        let catalog = Catalog::builtin().unwrap();
        let setup =
            TrainingSetup { model: catalog.model("llama-3-8b").unwrap().spec(), compute_precision: Precision::Bf16 };
        let w = TrainingInputs {
            training_tokens: 1e9,
            gpus,
            mfu: 0.4,
            fp8_speedup: 1.0,
            state_bytes_per_param: 16.0,
            runs_per_month: 1.0,
            deadline_days: None,
            memory_reserve_fraction: 0.1,
            bytes_per_token: 4.0,
        };
        let mut p = crate::model::inference::tests::terms(2.0);
        p.failure_rate_per_gpu_hour = failure_rate;
        evaluate(
            &setup,
            &w,
            &catalog.gpu("h100-sxm-80gb").unwrap().spec(),
            &p,
            &crate::model::inference::tests::no_fees(),
            &mut crate::model::trace::Off,
        )
    }

    #[test]
    fn six_p_d_gpu_hours_by_hand() {
        // FLOPs = 6 × 8.03e9 × 1e9 = 4.818e19. 8 × 989.5e12 × 0.4 = 3.1664e15 FLOP/s.
        // T_s = 4.818e19 / 3.1664e15 / 3600 = 4.2266 h; GPU-hours = 8 × 4.2266 = 33.813; compute = $67.63.
        let out = run(8.0, 0.0).unwrap();
        let solve_h: f64 = 4.818e19 / 3.1664e15 / 3600.0;
        assert!((solve_h - 4.2266).abs() < 1e-4);
        assert!((out.detail.wall_clock_hours - solve_h).abs() < 1e-9);
        assert!((out.gpu_hours.unwrap() - 8.0 * solve_h).abs() < 1e-9);
        assert!((out.cost.compute - 2.0 * 8.0 * solve_h).abs() < 1e-9);
        assert_eq!(out.cost.failures, 0.0);
    }

    #[test]
    fn fp8_speeds_a_run_up_by_its_measured_factor_not_by_the_peaks() {
        // MFU is stated on the BF16 peak: FP8 at the same MFU and a speedup of 1.3 takes 1/1.3 of the BF16
        // GPU-hours (33.813 / 1.3 = 26.010), where scaling by the FP8 peak would have halved them.
        let catalog = Catalog::builtin().unwrap();
        let model = catalog.model("llama-3-8b").unwrap().spec();
        let gpu = catalog.gpu("h100-sxm-80gb").unwrap().spec();
        let p = crate::model::inference::tests::terms(2.0);
        let fees = crate::model::inference::tests::no_fees();
        let hours = |precision: Precision, speedup: f64| {
            let setup = TrainingSetup { model, compute_precision: precision };
            let w = TrainingInputs {
                training_tokens: 1e9,
                gpus: 8.0,
                mfu: 0.4,
                fp8_speedup: speedup,
                state_bytes_per_param: 16.0,
                runs_per_month: 1.0,
                deadline_days: None,
                memory_reserve_fraction: 0.1,
                bytes_per_token: 4.0,
            };
            let mut q = p.clone();
            q.failure_rate_per_gpu_hour = 0.0;
            evaluate(&setup, &w, &gpu, &q, &fees, &mut crate::model::trace::Off).unwrap().gpu_hours.unwrap()
        };
        let bf16 = hours(Precision::Bf16, 1.0);
        let fp8 = hours(Precision::Fp8, 1.3);
        assert!((bf16 - 33.813).abs() < 1e-3, "{bf16}");
        assert!((fp8 - 33.813 / 1.3).abs() < 1e-3, "{fp8}");
        assert!(fp8 > 0.5 * bf16 * 1.2);
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
    fn state_that_does_not_fit_is_infeasible() {
        // 16 B × 8.03e9 = 128.5 GB > 1 × 80 GB × 0.9 = 72 GB.
        assert!(matches!(run(1.0, 0.0), Err(Infeasible::DoesNotFit { gpus: 1, .. })));
    }

    #[test]
    fn multi_gpu_tee_training_is_far_dearer() {
        let catalog = Catalog::builtin().unwrap();
        let setup =
            TrainingSetup { model: catalog.model("llama-3-8b").unwrap().spec(), compute_precision: Precision::Bf16 };
        let w = TrainingInputs {
            training_tokens: 1e9,
            gpus: 8.0,
            mfu: 0.4,
            fp8_speedup: 1.0,
            state_bytes_per_param: 16.0,
            runs_per_month: 1.0,
            deadline_days: None,
            memory_reserve_fraction: 0.1,
            bytes_per_token: 4.0,
        };
        let mut p = crate::model::inference::tests::terms(2.0);
        p.privacy = Privacy::Tee { overhead: 7.68 };
        let out = evaluate(
            &setup,
            &w,
            &catalog.gpu("h100-sxm-80gb").unwrap().spec(),
            &p,
            &crate::model::inference::tests::no_fees(),
            &mut crate::model::trace::Off,
        )
        .unwrap();
        assert!((out.cost.privacy / out.cost.compute - 7.68).abs() < 1e-9);
    }
}
