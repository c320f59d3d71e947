//! Generic batch work given in GPU-hours of a reference GPU. docs/MODEL.md, "GPU-hours workloads".

use super::lines::{GpuHours, gpu_cost_lines, trace_fees, trace_multipliers, trace_total};
use super::overheads::{attestation_multiplier, privacy_multiplier};
use super::steps::{self as st};
use super::trace::{Trace, step};
use super::{
    Detail, Fees, GpuHoursInputs, GpuHoursSetup, GpuSpec, GpuTerms, Infeasible, Outcome, ScaleBy, Verification,
};

/// Evaluates a GPU-hours workload on one provider.
///
/// # Formula
/// `H = H_ref / s / u` with speed ratio `s = F_gpu / F_ref` (or `BW_gpu / BW_ref`) and utilization `u`;
/// privacy multiplies `H`; failures cost `λ·H·R` (each failure loses a restart); egress and storage from
/// the given volumes. Cost per unit is per reference GPU-hour.
pub fn evaluate<T: Trace>(
    setup: &GpuHoursSetup,
    w: &GpuHoursInputs<f64>,
    gpu: &GpuSpec,
    p: &GpuTerms<f64>,
    fees: &Fees<f64>,
    t: &mut T,
) -> Result<Outcome, Infeasible> {
    let (speed, own, reference) = match setup.scale_by {
        ScaleBy::Flops => {
            let own = gpu.bf16_dense_tflops.ok_or(Infeasible::MissingFigure { what: "BF16 peak of this GPU" })?;
            let reference = setup
                .reference_gpu
                .bf16_dense_tflops
                .ok_or(Infeasible::MissingFigure { what: "BF16 peak of the reference GPU" })?;
            (own / reference, ("F", own * 1e12), ("F_ref", reference * 1e12))
        }
        ScaleBy::Bandwidth => {
            let (own, reference) = (gpu.memory_bandwidth_tbs, setup.reference_gpu.memory_bandwidth_tbs);
            (own / reference, ("BW", own * 1e12), ("BW_ref", reference * 1e12))
        }
    };
    step(t, st::SPEED, &[own, reference], speed);
    let plain_h = w.gpu_hours_per_month / speed / p.utilization;
    let private_h = plain_h * privacy_multiplier(&p.privacy);
    let verification_h = match &p.verification {
        Verification::None | Verification::Zk { .. } => 0.0,
        Verification::Replication { factor } => (factor - 1.0) * private_h,
        Verification::SpotCheck { rate, recompute_fraction } => rate * recompute_fraction * private_h,
        Verification::TeeAttestation { .. } => private_h * (attestation_multiplier(&p.verification) - 1.0),
    };
    let serving_h = private_h + verification_h;
    let failure_h = p.failure_rate_per_gpu_hour * serving_h * p.restart_minutes / 60.0;
    if t.on() {
        let m_p = privacy_multiplier(&p.privacy);
        let m = m_p * attestation_multiplier(&p.verification);
        step(t, st::BATCH_HOURS, &[("H_ref", w.gpu_hours_per_month), ("s", speed), ("u", p.utilization)], plain_h);
        if m != 1.0 {
            trace_multipliers(t, p, m_p, m);
        }
        if m_p != 1.0 {
            step(t, st::BATCH_PRIVATE, &[("H", plain_h), ("m_p", m_p)], private_h);
        }
        if verification_h != 0.0 {
            step(t, st::HOURS_VERIFICATION, &[("H_p", private_h)], verification_h);
        }
        let terms = [
            ("λ_f", p.failure_rate_per_gpu_hour),
            ("H_p", private_h),
            ("H_v", verification_h),
            ("R", p.restart_minutes),
        ];
        step(t, st::BATCH_FAILURES, &terms, failure_h);
    }
    let hours = GpuHours { plain: plain_h, private: private_h, verification: verification_h, failures: failure_h };
    let egress = w.egress_gb_per_month * p.egress_per_gb;
    let cost = gpu_cost_lines(t, p, fees, hours, egress, w.storage_gb * p.storage_per_gb_month);
    let monthly_cost = cost.total();
    let cost_per_unit = if w.gpu_hours_per_month > 0.0 { monthly_cost / w.gpu_hours_per_month } else { 0.0 };
    if t.on() {
        step(
            t,
            st::BATCH_EGRESS,
            &[("egress_gb", w.egress_gb_per_month), ("egress_price", p.egress_per_gb)],
            cost.egress,
        );
        step(
            t,
            st::BATCH_STORAGE,
            &[("storage_gb", w.storage_gb), ("storage_price", p.storage_per_gb_month)],
            cost.storage,
        );
        trace_fees(t, fees, &cost);
        trace_total(t, &cost);
        step(t, st::PER_REF_HOUR, &[("C", monthly_cost), ("H_ref", w.gpu_hours_per_month)], cost_per_unit);
    }
    Ok(Outcome {
        cost,
        monthly_cost,
        cost_per_unit,
        gpu_hours: Some(serving_h + failure_h),
        latency: None,
        margin: None,
        detail: Detail { units_per_month: w.gpu_hours_per_month, goodput: 1.0, ..Detail::default() },
        horizon: None,
        energy: None,
    })
}
