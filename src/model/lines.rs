//! The cost lines every workload shares: GPU time at the provider's price split by what it was for, fees,
//! and the monthly total, each recorded into the trace. docs/MODEL.md, "Egress, storage and fees".

use super::steps::{self as st};
use super::trace::{Trace, step};
use super::{CostBreakdown, Fees, GpuTerms, InferenceInputs, Latency, Privacy, Verification};

/// Fees line: fixed monthly fee plus a fraction of GPU spend.
pub(super) fn fees(fees: &Fees<f64>, spend: f64) -> f64 {
    fees.fixed_monthly_fee + fees.fee_fraction * spend
}

/// Records the privacy and attestation multipliers.
pub(super) fn trace_multipliers<T: Trace>(t: &mut T, p: &GpuTerms<f64>, privacy: f64, total: f64) {
    let privacy_terms: Vec<(&'static str, f64)> = match &p.privacy {
        Privacy::None => Vec::new(),
        Privacy::Tee { overhead } => vec![("overhead", *overhead)],
        Privacy::Fhe { slowdown } => vec![("slowdown", *slowdown)],
    };
    step(t, st::PRIVACY_MULTIPLIER, &privacy_terms, privacy);
    let attestation = match &p.verification {
        Verification::TeeAttestation { overhead } => *overhead,
        _ => 0.0,
    };
    step(t, st::TIME_MULTIPLIER, &[("m_p", privacy), ("overhead_att", attestation)], total);
}

/// GPU-hours per month by what they are for.
#[derive(Debug, Clone, Copy)]
pub(super) struct GpuHours {
    /// The work itself, without overheads.
    pub plain: f64,
    /// The work under the privacy multiplier.
    pub private: f64,
    /// Verification work.
    pub verification: f64,
    /// Time lost to failures.
    pub failures: f64,
}

impl GpuHours {
    /// Every figure times `k` (per-run hours times runs).
    pub fn times(self, k: f64) -> GpuHours {
        GpuHours {
            plain: self.plain * k,
            private: self.private * k,
            verification: self.verification * k,
            failures: self.failures * k,
        }
    }
}

/// The four GPU-time cost lines at the provider's price, plus egress, storage and fees.
pub(super) fn gpu_cost_lines<T: Trace>(
    t: &mut T,
    p: &GpuTerms<f64>,
    f: &Fees<f64>,
    h: GpuHours,
    egress: f64,
    storage: f64,
) -> CostBreakdown {
    let price = p.price_per_gpu_hour;
    let compute = h.plain * price;
    let privacy = (h.private - h.plain) * price;
    let verification = h.verification * price;
    let failures = h.failures * price;
    step(t, st::COMPUTE, &[("H", h.plain), ("price", price)], compute);
    if privacy != 0.0 {
        step(t, st::PRIVACY_COST, &[("H_p", h.private), ("H", h.plain), ("price", price)], privacy);
    }
    if verification != 0.0 {
        step(t, st::VERIFICATION_COST, &[("H_v", h.verification), ("price", price)], verification);
    }
    step(t, st::FAILURES_COST, &[("H_f", h.failures), ("price", price)], failures);
    CostBreakdown {
        compute,
        verification,
        privacy,
        failures,
        egress,
        storage,
        fees: fees(f, compute + privacy + verification + failures),
    }
}

/// Records the fees line.
pub(super) fn trace_fees<T: Trace>(t: &mut T, f: &Fees<f64>, cost: &CostBreakdown) {
    let terms = [
        ("fee_fixed", f.fixed_monthly_fee),
        ("fee_fraction", f.fee_fraction),
        ("compute", cost.compute),
        ("privacy", cost.privacy),
        ("verification", cost.verification),
        ("failures", cost.failures),
    ];
    step(t, st::FEES, &terms, cost.fees);
}

/// Cost per million tokens of an inference month, recorded into the trace.
#[inline]
pub(super) fn per_mtok<T: Trace>(t: &mut T, w: &InferenceInputs<f64>, monthly_cost: f64) -> f64 {
    let tokens = w.requests_per_month * (w.input_tokens + w.output_tokens);
    let per_mtok = if tokens > 0.0 { monthly_cost / (tokens / 1e6) } else { 0.0 };
    if !t.on() {
        return per_mtok;
    }
    let terms =
        [("C", monthly_cost), ("N_req", w.requests_per_month), ("T_in", w.input_tokens), ("T_out", w.output_tokens)];
    step(t, st::PER_MTOK, &terms, per_mtok);
    per_mtok
}

/// `lat` with `slo_met` set: the p95 end-to-end, time-to-first-token and time-per-output-token objectives
/// hold (each only if set).
#[inline]
pub(super) fn with_objectives(w: &InferenceInputs<f64>, lat: Latency) -> Latency {
    let e2e_ok = w.latency_slo_ms.is_none_or(|slo| lat.e2e_p95_s * 1000.0 <= slo);
    let ttft_ok = w.ttft_slo_ms.is_none_or(|slo| lat.ttft_p95_s * 1000.0 <= slo);
    let tpot_ok = w.tpot_slo_ms.is_none_or(|slo| lat.tpot_p95_s * 1000.0 <= slo);
    Latency { slo_met: e2e_ok && ttft_ok && tpot_ok, ..lat }
}

/// Records the monthly total from its lines.
pub(super) fn trace_total<T: Trace>(t: &mut T, cost: &CostBreakdown) {
    let terms: Vec<(&'static str, f64)> = CostBreakdown::LINES.into_iter().zip(cost.values()).collect();
    step(t, st::TOTAL, &terms, cost.total());
}
