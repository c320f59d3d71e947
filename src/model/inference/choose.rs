//! Choosing the tensor-parallel degree, the batch and the instance shape of a provider's replicas: the
//! cheapest that meets the latency objectives (`batch_size = "auto"`), or the scenario's fixed batch on the
//! smallest replica that holds it. docs/MODEL.md, "Inference: batch and parallelism".

use super::super::Infeasible;
use super::super::trace::Off;
use super::fleet::{self, Packing, Policy};
use super::replica::timing;
use super::replica::{Degree, batch_max};
use super::{Context, latency, load_gpu_hours, size_replica};

/// What a batch search reads besides the trial's workload: providers of one trial that agree on all of it
/// (the same GPU on the same instance shapes, the same latency inputs) find the same batches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct SearchKey {
    gpu: [u64; 6],
    instances: crate::model::Instances,
    g_max: u64,
    m_total: u64,
    rtt_ms: u64,
    proof_s: u64,
    /// What sizing a fleet on each candidate reads besides: utilization and the scaling policy.
    utilization: u64,
    policy: [u64; 3],
}

impl SearchKey {
    /// The key of `cx`'s search.
    pub(super) fn of(cx: &Context) -> SearchKey {
        let ph = &cx.ph;
        SearchKey {
            gpu: [ph.flops, ph.bandwidth, ph.memory, ph.link, ph.weights, ph.kv_seq].map(f64::to_bits),
            instances: cx.p.instances,
            g_max: cx.p.max_gpus_per_replica.to_bits(),
            m_total: cx.m_total.to_bits(),
            rtt_ms: cx.p.rtt_ms.to_bits(),
            proof_s: cx.proof_s.to_bits(),
            utilization: cx.p.utilization.to_bits(),
            policy: match cx.policy {
                Policy::Static => [0, 0, 0],
                Policy::Autoscale { lag_h, billing_h } => [1, lag_h.to_bits(), billing_h.to_bits()],
            },
        }
    }
}

/// The batch searches of one trial, shared by its providers. The caller clears it when the workload's
/// inputs change (a new trial); the model stays a function of its arguments.
#[derive(Debug, Default)]
pub struct Searches {
    found: Vec<(SearchKey, Vec<Candidate>)>,
    /// Chosen plans with their GPU-hours at the three time multipliers, by search, privacy multiplier and
    /// choice: providers that choose alike share the fleet and its queueing.
    plans: Vec<(PlanKey, super::Plan, (f64, f64, f64))>,
    /// The batch each GPU and degree found last, kept across trials as where the next search starts: it
    /// changes how many timings a search takes, never what it finds.
    hints: Hints,
}

/// Per GPU (its key's figures) and tensor-parallel degree, the batch its last search found.
type Hints = Vec<(([u64; 6], u32), u32)>;

/// What a chosen plan and its counterfactual hours read besides the trial's workload.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PlanKey {
    search: SearchKey,
    m_privacy: u64,
    choice: (u32, u32, Packing),
}

/// A replica size, batch and packing with the GPU-hours its fleet is billed and its TPOT p95: what the
/// choice compares (at the provider's own price).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    g: u32,
    b: u32,
    packing: Packing,
    gpu_hours: f64,
    tpot_p95_s: f64,
}

impl Searches {
    /// Forgets every search (the next trial's workload differs).
    pub fn clear(&mut self) {
        self.found.clear();
        self.plans.clear();
    }

    /// The plan of `choice` and its hours at the three time multipliers, computed by `make` unless a provider
    /// of this trial with the same inputs chose it already.
    pub(super) fn plan(
        &mut self,
        cx: &Context,
        search: SearchKey,
        choice: (u32, u32, Packing),
        make: impl FnOnce() -> (super::Plan, (f64, f64, f64)),
    ) -> (&super::Plan, (f64, f64, f64)) {
        let key = PlanKey { search, m_privacy: cx.m_privacy.to_bits(), choice };
        let i = match self.plans.iter().position(|(k, _, _)| *k == key) {
            Some(i) => i,
            None => {
                let (plan, hours) = make();
                self.plans.push((key, plan, hours));
                self.plans.len() - 1
            }
        };
        let (_, plan, hours) = &self.plans[i];
        (plan, *hours)
    }

    /// Searches held: the distinct GPUs, shapes and latency inputs seen since the last [`Searches::clear`].
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// Whether no search is held.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

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
pub(super) fn choose(cx: &Context, key: SearchKey, searches: &mut Searches) -> Result<(u32, u32, Packing), Infeasible> {
    let found = match searches.found.iter().position(|(k, _)| *k == key) {
        Some(i) => &searches.found[i].1,
        None => {
            let sized = candidates(cx, key.gpu, &holding(cx)?, &mut searches.hints);
            searches.found.push((key, sized));
            &searches.found[searches.found.len() - 1].1
        }
    };
    let mut best: Option<(f64, f64, (u32, u32, Packing))> = None;
    for c in found {
        let key = (c.gpu_hours * cx.p.price_per_gpu_hour, c.tpot_p95_s);
        let better = best.as_ref().is_none_or(|(spend, tpot, _)| {
            key.0 < *spend * (1.0 - 1e-12) || (key.0 <= *spend * (1.0 + 1e-12) && key.1 < *tpot)
        });
        if better {
            best = Some((key.0, key.1, (c.g, c.b, c.packing)));
        }
    }
    Ok(best.map(|(_, _, c)| c).expect("every holding degree has a packing"))
}

/// The degrees the offer's instances can place whose memory holds at least one request, with their largest
/// batch; an error naming the memory needed when none does.
fn holding(cx: &Context) -> Result<Vec<(u32, u32)>, Infeasible> {
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
    Ok(holding)
}

/// Every replica size and batch worth pricing (the fixed batch, or each degree's largest batch meeting the
/// objectives), on every packing that can be cheapest, with its fleet's GPU-hours.
fn candidates(cx: &Context, gpu: [u64; 6], holding: &[(u32, u32)], hints: &mut Hints) -> Vec<Candidate> {
    let sizes: Vec<(u32, u32)> = match cx.w.batch_size {
        Some(want) => {
            let want = (want.max(1.0) as u32).max(1);
            let (g, b_max) = holding.iter().copied().find(|&(_, b)| b >= want).unwrap_or(holding[holding.len() - 1]);
            vec![(g, want.min(b_max))]
        }
        None => auto(cx, gpu, holding, hints),
    };
    let mut timed = Vec::new();
    for (g, b) in sizes {
        // A static fleet on instances of exactly `g` GPUs bills the fewest GPUs any packing can: no other shape
        // need be priced. (Autoscaled, a shared larger instance can bill fewer cold starts.)
        let exact = cx.policy == Policy::Static && cx.p.instances.shapes().any(|s| s == g);
        let packings = fleet::packings(cx.p.instances, g).filter(|p| !exact || p.shape == g);
        for packing in packings {
            let replica = timing(cx.setup, cx.w, &cx.ph, g, b, packing.shape, &mut Off);
            let bound = load_gpu_hours(cx, &replica, &packing);
            timed.push((g, b, packing, replica, bound));
        }
    }
    // Sized exactly (the objectives' replicas, Erlang C) cheapest bound first; a candidate whose bound is
    // above the cheapest exact fleet found cannot be chosen at any price, so it is left out. The rest keep
    // their order, on which ties are decided.
    let mut order: Vec<usize> = (0..timed.len()).collect();
    order.sort_by(|&i, &j| timed[i].4.total_cmp(&timed[j].4));
    let mut sized: Vec<Option<Candidate>> = vec![None; timed.len()];
    let mut cheapest = f64::INFINITY;
    for i in order {
        let (g, b, packing, replica, bound) = timed[i];
        if bound > cheapest * (1.0 + PRUNE_MARGIN) {
            continue;
        }
        let s = size_replica(cx, replica, packing);
        cheapest = cheapest.min(s.fleet.gpu_hours);
        sized[i] = Some(Candidate { g, b, packing, gpu_hours: s.fleet.gpu_hours, tpot_p95_s: s.fixed.tpot_p95_s });
    }
    sized.into_iter().flatten().collect()
}

/// How far above the cheapest fleet a candidate's lower bound must be to be left out: far beyond the 10⁻¹²
/// within which [`choose`] calls two spends equal, so rounding in `hours × price` cannot revive it.
const PRUNE_MARGIN: f64 = 1e-9;

/// For each degree, the largest batch that meets the objectives; batch 1 on the degree that misses them
/// least when none does.
fn auto(cx: &Context, gpu: [u64; 6], holding: &[(u32, u32)], hints: &mut Hints) -> Vec<(u32, u32)> {
    let shape_of = |g: u32| fleet::packings(cx.p.instances, g).next().map_or(g, |p| p.shape);
    let fixed = |d: &Degree, b: u32| {
        let r = d.at(cx.setup, cx.w, &cx.ph, b, &mut Off);
        latency::fixed(cx.w, &r, cx.m_total, cx.p.rtt_ms, cx.proof_s)
    };
    let mut meeting = Vec::new();
    let mut closest: Option<(f64, u32)> = None;
    for &(g, b_max) in holding {
        let degree = Degree::new(cx.w, &cx.ph, g, shape_of(g));
        let check = |b: u32| {
            let f = fixed(&degree, b);
            (latency::unreachable(cx.w, &f).is_none(), latency::slack(cx.w, &f))
        };
        let slot = hints.iter().position(|(k, _)| *k == (gpu, g));
        // Batch 1: its slack, or `None` (and the degree a candidate for "closest") when even it misses.
        let one = || {
            let at_one = fixed(&degree, 1);
            match latency::unreachable(cx.w, &at_one) {
                Some(m) => {
                    let ratio = m.best_ms / m.objective_ms;
                    if closest.is_none_or(|(r, _)| ratio < r) {
                        closest = Some((ratio, g));
                    }
                    None
                }
                None => Some(latency::slack(cx.w, &at_one)),
            }
        };
        let found = largest_meeting_from(b_max, slot.map(|i| hints[i].1), one, check);
        if let Some(b) = found {
            match slot {
                Some(i) => hints[i].1 = b,
                None => hints.push(((gpu, g), b)),
            }
            meeting.push((g, b));
        }
    }
    if meeting.is_empty() {
        meeting.extend(closest.map(|(_, g)| (g, 1)));
    }
    meeting
}

/// The largest `b` in `[1, b_max]` for which `check(b).0` holds, given that it holds at 1 (with slack
/// `slack_one`) and, once false, stays false; `check(b).1` is a slack that falls with `b` (≥ 0 where it
/// holds) to guess where.
///
/// # Formula
/// A bracketing search: `lo` holds, `hi` does not; the next guess interpolates the slack linearly between
/// them (regula falsi), or bisects when the last guess did not halve the bracket, so it takes at most about
/// twice the steps of bisection and, the slack being close to linear in `b`, usually three or four.
fn largest_meeting(b_max: u32, slack_one: f64, mut check: impl FnMut(u32) -> (bool, f64)) -> u32 {
    if b_max <= 1 {
        return 1;
    }
    let (holds, slack_max) = check(b_max);
    if holds {
        return b_max;
    }
    bracket((1, slack_one), (b_max, slack_max), check)
}

/// [`largest_meeting`], first trying `hint` (the answer of a similar search): when it holds and `hint + 1`
/// does not, two checks settle it; otherwise the bracket starts narrower. The answer is the same. `one()`
/// checks batch 1, giving its slack or `None` when even it misses (then so does every batch, and the result
/// is `None`); a hint that holds proves batch 1 does (latency grows with the batch), so `one` is not called.
fn largest_meeting_from(
    b_max: u32,
    hint: Option<u32>,
    one: impl FnOnce() -> Option<f64>,
    mut check: impl FnMut(u32) -> (bool, f64),
) -> Option<u32> {
    let at_hint = hint.filter(|&h| h > 1 && h < b_max).map(|h| (h, check(h)));
    if let Some((h, (true, _))) = at_hint {
        return Some(largest_from_holding(b_max, h, check));
    }
    let slack_one = one()?;
    Some(match at_hint {
        Some((h, (_, s_h))) => bracket((1, slack_one), (h, s_h), check),
        None => largest_meeting(b_max, slack_one, check),
    })
}

/// The largest `b` in `[h, b_max]` for which `check(b).0` holds, given that it holds at `h` (`1 < h < b_max`).
fn largest_from_holding(b_max: u32, h: u32, mut check: impl FnMut(u32) -> (bool, f64)) -> u32 {
    let (next, s_next) = check(h + 1);
    if !next {
        return h;
    }
    if h + 1 == b_max {
        return b_max;
    }
    let (top, s_max) = check(b_max);
    if top {
        return b_max;
    }
    bracket((h + 1, s_next), (b_max, s_max), check)
}

/// The largest `b` in `[lo, hi)` for which `check(b).0` holds, given that it holds at `lo` and not at `hi`
/// (with their slacks).
fn bracket(
    (mut lo, mut s_lo): (u32, f64),
    (mut hi, mut s_hi): (u32, f64),
    mut check: impl FnMut(u32) -> (bool, f64),
) -> u32 {
    let mut bisect = false;
    while hi - lo > 1 {
        let width = hi - lo;
        let guess = if bisect || !(s_lo.is_finite() && s_hi.is_finite() && s_lo > s_hi) {
            lo + width / 2
        } else {
            let step = (f64::from(width) * s_lo / (s_lo - s_hi)).round();
            lo + (step.max(1.0) as u32).min(width - 1)
        };
        let (holds, slack) = check(guess);
        if holds {
            bisect = guess - lo < width.div_ceil(2);
            (lo, s_lo) = (guess, slack);
        } else {
            bisect = hi - guess < width.div_ceil(2);
            (hi, s_hi) = (guess, slack);
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::{largest_meeting, largest_meeting_from};

    /// The answer by walking up from 1.
    fn walk(b_max: u32, holds: impl Fn(u32) -> bool) -> u32 {
        (1..=b_max).take_while(|&b| holds(b)).last().unwrap_or(1)
    }

    #[test]
    fn the_bracketing_search_finds_what_a_walk_finds_in_few_steps() {
        // Slack shapes: linear, concave, a √b bump, a kink, a step; thresholds across the range.
        let shapes: [fn(f64) -> f64; 5] = [
            |b| b,
            |b| b * b,
            |b| b + 3.0 * b.sqrt(),
            |b| if b < 40.0 { b } else { 40.0 + 10.0 * (b - 40.0) },
            |b| (b / 17.0).floor(),
        ];
        for (i, shape) in shapes.iter().enumerate() {
            for b_max in [1u32, 2, 3, 7, 64, 358, 1061] {
                for limit in [1.0_f64, 2.5, 10.0, 33.3, 100.0, 357.0, 5000.0] {
                    let limit = limit.max(shape(1.0));
                    let mut calls = 0;
                    let slack_one = (limit - shape(1.0)) / limit;
                    let found = largest_meeting(b_max, slack_one, |b| {
                        calls += 1;
                        let v = shape(f64::from(b));
                        (v <= limit, (limit - v) / limit)
                    });
                    let want = walk(b_max, |b| shape(f64::from(b)) <= limit);
                    assert_eq!(found, want, "shape {i}, b_max {b_max}, limit {limit}");
                    // Never worse than about twice bisection (1 + 2·⌈log2 b_max⌉ calls).
                    assert!(calls <= 1 + 2 * (32 - b_max.leading_zeros()), "shape {i}: {calls} calls");
                    if i == 0 && b_max == 1061 {
                        assert!(calls <= 4, "linear slack took {calls} calls");
                    }
                }
            }
        }
        // Starting from a hint finds the same batch, in two checks when the hint is the answer.
        for b_max in [2u32, 3, 64, 358, 1061] {
            for limit in [1.0_f64, 2.5, 33.3, 357.0, 5000.0] {
                let want = walk(b_max, |b| f64::from(b) <= limit);
                for hint in [None, Some(1), Some(2), Some(want), Some(want + 1), Some(b_max / 2), Some(b_max - 1)] {
                    let mut calls = 0;
                    let one = || Some((limit - 1.0) / limit);
                    let found = largest_meeting_from(b_max, hint, one, |b| {
                        calls += 1;
                        (f64::from(b) <= limit, (limit - f64::from(b)) / limit)
                    })
                    .unwrap();
                    assert_eq!(found, want, "b_max {b_max}, limit {limit}, hint {hint:?}");
                    if hint == Some(want) && want > 1 && want < b_max {
                        assert_eq!(calls, 2, "b_max {b_max}, limit {limit}");
                    }
                }
            }
        }
        // A batch limit near u32::MAX (a tiny model on a large GPU) neither overflows nor walks.
        let mut calls = 0;
        let found = largest_meeting(u32::MAX, 1.0, |b| {
            calls += 1;
            (b <= 3_000_000_000, (3e9 - f64::from(b)) / 3e9)
        });
        assert_eq!(found, 3_000_000_000);
        assert!(calls <= 65, "{calls} calls");
    }
}
