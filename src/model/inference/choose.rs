//! Choosing the tensor-parallel degree, the batch and the instance shape of a provider's replicas: the
//! cheapest that meets the latency objectives (`batch_size = "auto"`), or the scenario's fixed batch on the
//! smallest replica that holds it. docs/MODEL.md, "Inference: batch and parallelism".

use super::super::trace::Off;
use super::super::{Infeasible, Unreachable};
use super::fleet::{self, Packing};
use super::replica::{batch_max, timing};
use super::{Context, latency, plan};

/// Tensor-parallel degrees tried: powers of two up to 64 GPUs.
const DEGREES: [u32; 7] = [1, 2, 4, 8, 16, 32, 64];

/// The replica size, batch and packing to serve with.
///
/// # Formula
/// Degrees `g` are the powers of two up to `g_max` that the offer's instances can hold. A fixed batch takes the
/// smallest `g` whose `b_max` reaches it (else the largest that holds one request). `"auto"` takes, for each
/// `g`, the largest batch whose TPOT p95, prefill and service time meet the objectives (bisection: they grow
/// with the batch), prices each on every instance shape that holds it, and keeps the cheapest (ties: the lower
/// TPOT p95). When no batch meets them, it keeps batch 1 on the degree that comes closest.
pub(super) fn choose(cx: &Context) -> Result<(u32, u32, Packing), Infeasible> {
    let fixed = cx.setup.gpus_per_replica;
    let g_max = cx.p.max_gpus_per_replica.max(1.0);
    let degrees: Vec<u32> = match fixed {
        Some(g) => vec![g],
        None => DEGREES.into_iter().filter(|&g| f64::from(g) <= g_max).collect(),
    };
    let placeable: Vec<u32> = degrees.iter().copied().filter(|&g| fleet::fits(cx.p.instances, g)).collect();
    let holding: Vec<(u32, u32)> =
        placeable.iter().map(|&g| (g, batch_max(&cx.ph, cx.w, g))).filter(|&(_, b)| b >= 1).collect();
    if holding.is_empty() {
        let g = placeable.last().or(degrees.last()).copied().unwrap_or(1);
        return Err(Infeasible::DoesNotFit {
            need_gb: (cx.ph.weights + cx.ph.kv_seq) / 1e9,
            have_gb: f64::from(g) * cx.ph.memory * (1.0 - cx.w.memory_reserve_fraction) / 1e9,
            gpus: g,
        });
    }
    let candidates: Vec<(u32, u32)> = match cx.w.batch_size {
        Some(want) => {
            let want = (want.max(1.0) as u32).max(1);
            let (g, b_max) = holding.iter().copied().find(|&(_, b)| b >= want).unwrap_or(holding[holding.len() - 1]);
            vec![(g, want.min(b_max))]
        }
        None => auto(cx, &holding),
    };
    let mut best: Option<(f64, f64, (u32, u32, Packing))> = None;
    for (g, b) in candidates {
        for packing in fleet::packings(cx.p.instances, g) {
            let p = plan(cx, g, b, packing, &mut Off);
            let key = (p.spend(cx.p.price_per_gpu_hour), p.latency.tpot_p95_s);
            let better = best.as_ref().is_none_or(|(spend, tpot, _)| {
                key.0 < *spend * (1.0 - 1e-12) || (key.0 <= *spend * (1.0 + 1e-12) && key.1 < *tpot)
            });
            if better {
                best = Some((key.0, key.1, (g, b, packing)));
            }
        }
    }
    Ok(best.map(|(_, _, c)| c).expect("every holding degree has a packing"))
}

/// For each degree, the largest batch that meets the objectives; batch 1 on the degree that misses them
/// least when none does.
fn auto(cx: &Context, holding: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let shape_of = |g: u32| fleet::packings(cx.p.instances, g).next().map_or(g, |p| p.shape);
    let miss = |g: u32, b: u32| -> Option<Unreachable> {
        let r = timing(cx.setup, cx.w, &cx.ph, g, b, shape_of(g), &mut Off);
        latency::unreachable(cx.w, &latency::fixed(cx.w, &r, cx.m_total, cx.p.rtt_ms, cx.proof_s))
    };
    let mut meeting = Vec::new();
    let mut closest: Option<(f64, u32)> = None;
    for &(g, b_max) in holding {
        match miss(g, 1) {
            Some(m) => {
                let ratio = m.best_ms / m.objective_ms;
                if closest.is_none_or(|(r, _)| ratio < r) {
                    closest = Some((ratio, g));
                }
            }
            None => {
                // Largest b in [1, b_max] that meets them: the objectives hold at lo, not past hi.
                let (mut lo, mut hi) = (1u32, b_max);
                while lo < hi {
                    let mid = lo + (hi - lo).div_ceil(2);
                    if miss(g, mid).is_none() { lo = mid } else { hi = mid - 1 }
                }
                meeting.push((g, lo));
            }
        }
    }
    if meeting.is_empty() {
        meeting.extend(closest.map(|(_, g)| (g, 1)));
    }
    meeting
}
