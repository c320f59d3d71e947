//! Generic batch work given in GPU-hours of a reference GPU. docs/MODEL.md, "GPU-hours workloads".

use super::overheads::{attestation_multiplier, privacy_multiplier};
use super::{
    CostBreakdown, Detail, GpuHoursInputs, GpuHoursSetup, Infeasible, Outcome, ProviderInputs, ScaleBy, Verification,
    fees,
};
use crate::catalog::Gpu;

/// Evaluates a GPU-hours workload on one provider.
///
/// # Formula
/// `H = H_ref / s / u` with speed ratio `s = F_gpu / F_ref` (or `BW_gpu / BW_ref`) and utilization `u`;
/// privacy multiplies `H`; failures cost `λ·H·R` (each failure loses a restart); egress and storage from
/// the given volumes. Cost per unit is per reference GPU-hour.
pub fn evaluate(
    setup: &GpuHoursSetup,
    w: &GpuHoursInputs<f64>,
    gpu: &Gpu,
    p: &ProviderInputs<f64>,
) -> Result<Outcome, Infeasible> {
    let speed = match setup.scale_by {
        ScaleBy::Flops => {
            let own = gpu.bf16_dense_tflops.ok_or(Infeasible::MissingFigure { what: "BF16 peak of this GPU" })?;
            let reference = setup
                .reference_gpu
                .bf16_dense_tflops
                .ok_or(Infeasible::MissingFigure { what: "BF16 peak of the reference GPU" })?;
            own / reference
        }
        ScaleBy::Bandwidth => gpu.memory_bandwidth_tbs / setup.reference_gpu.memory_bandwidth_tbs,
    };
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
    let price = p.price_per_gpu_hour;
    let compute = plain_h * price;
    let privacy = (private_h - plain_h) * price;
    let verification = verification_h * price;
    let failures = failure_h * price;
    let cost = CostBreakdown {
        compute,
        verification,
        privacy,
        failures,
        egress: w.egress_gb_per_month * p.egress_per_gb,
        storage: w.storage_gb * p.storage_per_gb_month,
        fees: fees(p, compute + privacy + verification + failures),
    };
    let monthly_cost = cost.total();
    Ok(Outcome {
        cost,
        monthly_cost,
        cost_per_unit: if w.gpu_hours_per_month > 0.0 { monthly_cost / w.gpu_hours_per_month } else { 0.0 },
        gpu_hours: serving_h + failure_h,
        latency: None,
        margin: None,
        detail: Detail { units_per_month: w.gpu_hours_per_month, goodput: 1.0, ..Detail::default() },
    })
}
