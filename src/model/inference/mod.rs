//! Inference: a replica's roofline timings, the fleet a day of demand needs on whole instances, its cost
//! lines and latency at the busiest hour. docs/MODEL.md, "Inference".

mod choose;
pub mod fleet;
pub mod latency;
pub mod replica;

use super::lines::{GpuHours, gpu_cost_lines, per_mtok, trace_fees, trace_multipliers, trace_total};
use super::overheads::{attestation_multiplier, privacy_multiplier, replication_factor, zk_prove_seconds};
use super::steps::{self as st};
use super::trace::{Trace, step};
use super::{
    DemandShape, Detail, Fees, GpuSpec, GpuTerms, HOURS_PER_MONTH, Infeasible, InferenceInputs, InferenceSetup,
    Latency, Outcome, Verification,
};
pub use choose::Searches;
use fleet::{HOURS, Packing, Policy, Profile};
pub use replica::Replica;
use replica::{Physics, timing};

/// What stays the same for every replica size and batch a provider is tried at.
#[derive(Debug, Clone, Copy)]
struct Context<'a> {
    setup: &'a InferenceSetup,
    w: &'a InferenceInputs<f64>,
    p: &'a GpuTerms<f64>,
    ph: Physics,
    /// The day hour by hour, when the policy needs it (autoscale) or the scenario gives it.
    profile: Option<Profile>,
    /// The busiest hour's demand over the day's average.
    peak: f64,
    /// Average arrival rate, requests/s.
    arrival: f64,
    /// Privacy time multiplier.
    m_privacy: f64,
    /// Privacy × attestation time multiplier.
    m_total: f64,
    /// Proof time a synchronous zk answer waits for, s.
    proof_s: f64,
    policy: Policy,
    fees: &'a Fees<f64>,
}

/// A fleet on one packing: replicas and instances hour by hour, and what they are billed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fleet {
    /// Replicas running each hour.
    replicas: [u32; HOURS],
    /// GPU-hours billed per month.
    gpu_hours: f64,
}

impl Fleet {
    /// Replicas at the busiest hour.
    fn peak(&self) -> u32 {
        self.replicas.iter().copied().max().unwrap_or(0)
    }
}

/// One way to serve the month: a replica on a packing, its fleets and latency.
#[derive(Debug, Clone, Copy)]
struct Plan {
    replica: Replica,
    packing: Packing,
    /// The fleet actually run (full time multiplier, replicas added for the objectives).
    fleet: Fleet,
    latency: Latency,
}

/// Evaluates an inference workload on one provider. docs/MODEL.md, "Inference: serving a month".
pub fn evaluate<T: Trace>(
    setup: &InferenceSetup,
    w: &InferenceInputs<f64>,
    gpu: &GpuSpec,
    p: &GpuTerms<f64>,
    fees: &Fees<f64>,
    searches: &mut Searches,
    t: &mut T,
) -> Result<Outcome, Infeasible> {
    let ph = replica::physics(setup, w, gpu)?;
    let m_privacy = privacy_multiplier(&p.privacy);
    let proof_s = match &p.verification {
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, synchronous: true } => zk_prove_seconds(
            *prove_gpu_seconds_per_bparam_2k,
            setup.model.active_params_b,
            w.input_tokens + w.output_tokens,
        ),
        _ => 0.0,
    };
    let policy = match &p.autoscale {
        None => Policy::Static,
        Some(a) => Policy::Autoscale { lag_h: a.scale_up_minutes / 60.0, billing_h: a.billing_minutes / 60.0 },
    };
    // A static fleet of the default shape needs only the peak, which is the ratio itself.
    let hourly = matches!(setup.demand, DemandShape::Hourly(_)) || policy != Policy::Static;
    let profile = hourly.then(|| fleet::profile(&setup.demand, w.peak_to_average));
    let peak = profile.as_ref().map_or(w.peak_to_average.clamp(1.0, HOURS as f64), fleet::peak_of);
    let cx = Context {
        setup,
        w,
        p,
        ph,
        profile,
        peak,
        arrival: w.requests_per_month / (HOURS_PER_MONTH * 3600.0),
        m_privacy,
        m_total: m_privacy * attestation_multiplier(&p.verification),
        proof_s,
        policy,
        fees,
    };
    let key = choose::SearchKey::of(&cx);
    let (g, b, packing) = choose::choose(&cx, key, searches)?;
    if t.on() {
        // A trace records every step of this provider's own plan.
        let plan = plan(&cx, g, b, packing, t);
        let hours = counterfactual_hours(&cx, &plan);
        return month(&cx, &plan, hours, t);
    }
    let (plan, hours) = searches.plan(&cx, key, (g, b, packing), || {
        let plan = plan(&cx, g, b, packing, &mut super::trace::Off);
        let hours = counterfactual_hours(&cx, &plan);
        (plan, hours)
    });
    month(&cx, plan, hours, t)
}

/// Replicas running each hour at time multiplier `m`, each hour's at least the fewest whose p95 wait is within
/// `budget` (∞: the load alone); a static fleet runs the busiest hour's all day.
///
/// # Formula
/// `n_h = max(n_min, ⌈λ·s_h / (X · u)⌉)`, `X = b / (cycle · m)` requests/s per replica, `s_h` the hour's
/// demand over the day's average, `u` the fraction of capacity scheduling leaves usable; then replicas are
/// added while `W_95(n_h·b, S, λ·s_h) > budget`.
fn replicas(cx: &Context, r: &Replica, m: f64, budget: f64) -> [u32; HOURS] {
    match (&cx.profile, cx.policy) {
        (Some(p), Policy::Autoscale { .. }) => p.map(|s| replicas_at(cx, r, m, budget, s)),
        _ => [replicas_at(cx, r, m, budget, cx.peak); HOURS],
    }
}

/// Replicas running in an hour of demand `s` × the day's average ([`replicas`]).
fn replicas_at(cx: &Context, r: &Replica, m: f64, budget: f64, s: f64) -> u32 {
    let service = r.cycle_s * m;
    let per_replica = f64::from(r.batch) / service * cx.p.utilization;
    let floor = cx.w.min_replicas.max(0.0) as u32;
    let arrival = cx.arrival * s;
    // Saturating cast: a need past u32::MAX replicas is caught by the capacity check or the GPU limit.
    let load = floor.max((arrival / per_replica).ceil() as u32);
    latency::replicas_for_wait(load, r.batch, service, arrival, budget)
}

/// [`billed_gpu_hours`] of [`replicas`], without building the day hour by hour for a static fleet (which
/// runs the busiest hour's all day).
fn fleet_gpu_hours(cx: &Context, r: &Replica, m: f64, budget: f64, packing: &Packing) -> f64 {
    match (&cx.profile, cx.policy) {
        (Some(_), Policy::Autoscale { .. }) => billed_gpu_hours(cx, packing, &replicas(cx, r, m, budget)),
        _ => static_gpu_hours(packing, replicas_at(cx, r, m, budget, cx.peak)),
    }
}

/// GPU-hours per month of `n` replicas all day on `packing`.
fn static_gpu_hours(packing: &Packing, n: u32) -> f64 {
    24.0 * f64::from(packing.instances(n)) * f64::from(packing.shape) * HOURS_PER_MONTH / HOURS as f64
}

/// The busiest hour (the profile's, or 14:00 for the default cosine).
fn peak_hour(cx: &Context) -> usize {
    cx.profile.as_ref().map_or(14, |p| (0..HOURS).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(0))
}

/// GPU-hours per month billed for `replicas[h]` replicas in hour `h` on `packing` under the policy.
fn billed_gpu_hours(cx: &Context, packing: &Packing, replicas: &[u32; HOURS]) -> f64 {
    let per_day = match cx.policy {
        // The busiest hour's instances all day (`instance_hours_per_day`), without packing every hour.
        Policy::Static => return static_gpu_hours(packing, replicas.iter().copied().max().unwrap_or(0)),
        Policy::Autoscale { .. } => fleet::instance_hours_per_day(&replicas.map(|n| packing.instances(n)), cx.policy),
    };
    per_day * f64::from(packing.shape) * HOURS_PER_MONTH / HOURS as f64
}

/// A replica of `g` GPUs at batch `b` on `packing` and the fleet it needs: all that choosing between them
/// compares (no queueing latency yet).
struct Sized {
    replica: Replica,
    packing: Packing,
    fixed: latency::Fixed,
    unreachable: Option<super::Unreachable>,
    fleet: Fleet,
}

/// The GPU-hours billed for the load alone (no replicas added for the objectives): a lower bound on what
/// [`size`] bills, since replicas are only ever added to the load's and billing grows with replicas.
fn load_gpu_hours(cx: &Context, replica: &Replica, packing: &Packing) -> f64 {
    fleet_gpu_hours(cx, replica, cx.m_total, f64::INFINITY, packing)
}

/// The replica timings and the fleet of replicas of `g` GPUs at batch `b` on `packing`.
fn size<T: Trace>(cx: &Context, g: u32, b: u32, packing: Packing, t: &mut T) -> Sized {
    size_replica(cx, timing(cx.setup, cx.w, &cx.ph, g, b, packing.shape, t), packing)
}

/// [`size`] for a replica already timed.
fn size_replica(cx: &Context, replica: Replica, packing: Packing) -> Sized {
    let fixed = latency::fixed(cx.w, &replica, cx.m_total, cx.p.rtt_ms, cx.proof_s);
    let unreachable = latency::unreachable(cx.w, &fixed);
    let budget = if unreachable.is_some() { f64::INFINITY } else { latency::wait_budget(cx.w, &fixed) };
    let replicas = replicas(cx, &replica, cx.m_total, budget);
    let gpu_hours = billed_gpu_hours(cx, &packing, &replicas);
    Sized { replica, packing, fixed, unreachable, fleet: Fleet { replicas, gpu_hours } }
}

/// The fleet, GPU-hours and latency of replicas of `g` GPUs at batch `b` on `packing`.
fn plan<T: Trace>(cx: &Context, g: u32, b: u32, packing: Packing, t: &mut T) -> Plan {
    if t.on() {
        step(t, st::CHOSEN, &[("g_max", cx.p.max_gpus_per_replica)], f64::from(g));
        let asked = cx.w.batch_size.map_or(f64::from(b), |want| want);
        step(t, st::BATCH_USED, &[("batch", asked)], f64::from(b));
        step(t, st::SHAPE, &[("g", f64::from(g))], f64::from(packing.shape));
    }
    let Sized { replica, packing, fixed, unreachable, fleet } = size(cx, g, b, packing, t);
    let peak = fleet.replicas[peak_hour(cx)];
    let (_, mut lat) = latency::at_load(&fixed, peak, b, cx.arrival * cx.peak);
    lat.unreachable = unreachable;
    lat = super::lines::with_objectives(cx.w, lat);
    Plan { replica, packing, fleet, latency: lat }
}

/// GPU-hours of the load alone (no wait budget) at the three time multipliers: without overheads, with
/// privacy, with privacy and attestation; the differences are the privacy and attestation lines.
fn counterfactual_hours(cx: &Context, plan: &Plan) -> (f64, f64, f64) {
    let hours = |m: f64| fleet_gpu_hours(cx, &plan.replica, m, f64::INFINITY, &plan.packing);
    let loaded = hours(cx.m_total);
    let private = if cx.m_privacy == cx.m_total { loaded } else { hours(cx.m_privacy) };
    let plain = if cx.m_privacy == 1.0 { private } else { hours(1.0) };
    (plain, private, loaded)
}

/// The month's cost lines, latency and detail of the chosen plan, recorded into the trace.
fn month<T: Trace>(cx: &Context, plan: &Plan, hours: (f64, f64, f64), t: &mut T) -> Result<Outcome, Infeasible> {
    let (w, p) = (cx.w, cx.p);
    let r = &plan.replica;
    let g = f64::from(r.gpus);
    let b = f64::from(r.batch);
    let service = r.cycle_s * cx.m_total;
    // The fleet's hours split by what they are for: the work (with the headroom the objectives add), the
    // privacy multiplier's extra replicas, the attestation's.
    let (plain_h, private_h, loaded_h) = hours;
    let privacy_extra = private_h - plain_h;
    let attestation_h = loaded_h - private_h;
    let work_h = cx.arrival / (b / (r.cycle_s * cx.m_privacy) * p.utilization) * g * HOURS_PER_MONTH;
    let private_fleet_h = plan.fleet.gpu_hours - attestation_h;
    let verification_h = match &p.verification {
        Verification::None => 0.0,
        Verification::Replication { factor } => (factor - 1.0) * private_fleet_h,
        Verification::SpotCheck { rate, recompute_fraction } => rate * recompute_fraction * work_h,
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, .. } => {
            let per_request = zk_prove_seconds(
                *prove_gpu_seconds_per_bparam_2k,
                cx.setup.model.active_params_b,
                w.input_tokens + w.output_tokens,
            );
            w.requests_per_month * per_request / 3600.0
        }
        Verification::TeeAttestation { .. } => attestation_h,
    };
    let serving_h = private_fleet_h + verification_h;
    let failure_h = p.failure_rate_per_gpu_hour * serving_h * g * (p.restart_minutes / 60.0 + service / 7200.0);
    let copies = replication_factor(&p.verification);
    let peak_replicas = plan.fleet.peak();
    let gpus_at_once = plan.packing.gpus(peak_replicas) * copies;
    let mean_replicas = plan.fleet.replicas.iter().map(|&n| f64::from(n)).sum::<f64>() / HOURS as f64;
    if t.on() {
        trace_month(cx, plan, (plain_h, private_h, loaded_h), (work_h, verification_h, failure_h, gpus_at_once), t);
    }
    if let Some(capacity) = p.capacity_gpus
        && gpus_at_once > capacity
    {
        return Err(Infeasible::Capacity { need_gpus: gpus_at_once, capacity_gpus: capacity });
    }
    let hours = GpuHours {
        plain: plan.fleet.gpu_hours - privacy_extra - attestation_h,
        private: private_fleet_h,
        verification: verification_h,
        failures: failure_h,
    };
    let egress_gb = w.requests_per_month * w.output_tokens * w.bytes_per_token / 1e9;
    let weights_gb = cx.setup.model.params_b * cx.setup.weight_precision.bytes();
    let (egress, storage) = (egress_gb * p.egress_per_gb, weights_gb * p.storage_per_gb_month);
    let cost = gpu_cost_lines(t, p, cx.fees, hours, egress, storage);
    if t.on() {
        let egress_terms = [
            ("N_req", w.requests_per_month),
            ("T_out", w.output_tokens),
            ("bytes_tok", w.bytes_per_token),
            ("egress_price", p.egress_per_gb),
        ];
        step(t, st::EGRESS_INFERENCE, &egress_terms, cost.egress);
        let storage_terms = [("W", weights_gb * 1e9), ("storage_price", p.storage_per_gb_month)];
        step(t, st::STORAGE_INFERENCE, &storage_terms, cost.storage);
        trace_fees(t, cx.fees, &cost);
        trace_total(t, &cost);
    }
    let monthly_cost = cost.total();
    let cost_per_unit = per_mtok(t, w, monthly_cost);
    let per_replica_rps = b / service;
    Ok(Outcome {
        cost,
        monthly_cost,
        cost_per_unit,
        gpu_hours: Some(serving_h + failure_h),
        latency: Some(plan.latency),
        margin: None,
        detail: Detail {
            gpus_per_replica: r.gpus,
            batch: r.batch,
            batch_max: r.batch_max,
            replicas: mean_replicas,
            replicas_peak: peak_replicas,
            instance_gpus: plan.packing.shape,
            instances_peak: plan.packing.instances(peak_replicas),
            gpu_hours_billed: plan.fleet.gpu_hours,
            autoscaled: cx.policy != Policy::Static,
            peak_to_average: cx.peak,
            tokens_per_s_per_replica: per_replica_rps * w.output_tokens,
            output_tokens_per_s_per_gpu: per_replica_rps * w.output_tokens / g,
            output_tokens_per_s_per_user: 1.0 / plan.latency.tpot_s,
            requests_per_s_per_replica: per_replica_rps,
            decode_memory_bound: r.memory_bound(),
            wall_clock_hours: 0.0,
            goodput: 1.0,
            units_per_month: w.requests_per_month * (w.input_tokens + w.output_tokens),
            batch_capped: w.batch_size.is_some_and(|want| r.batch < want.max(1.0) as u32),
            gpus_capped: false,
            compute_precision: Some(r.compute_precision),
            ..Detail::default()
        },
        horizon: None,
        energy: None,
    })
}

/// Records the month's steps: arrivals, multipliers, replicas at the busiest hour, instances, GPU-hours,
/// latency.
fn trace_month<T: Trace>(
    cx: &Context,
    plan: &Plan,
    (plain_h, private_h, loaded_h): (f64, f64, f64),
    (work_h, verification_h, failure_h, gpus): (f64, f64, f64, f64),
    t: &mut T,
) {
    let (w, p) = (cx.w, cx.p);
    let r = &plan.replica;
    let (g, b) = (f64::from(r.gpus), f64::from(r.batch));
    let peak = cx.peak;
    step(t, st::ARRIVALS, &[("N_req", w.requests_per_month), ("h_mo", HOURS_PER_MONTH)], cx.arrival);
    step(t, st::PEAK_ARRIVALS, &[("λ", cx.arrival), ("s_peak", peak)], cx.arrival * peak);
    if cx.m_total != 1.0 {
        trace_multipliers(t, p, cx.m_privacy, cx.m_total);
    }
    let service = r.cycle_s * cx.m_total;
    step(t, st::THROUGHPUT, &[("b", b), ("cycle", r.cycle_s), ("m", cx.m_total)], b / service);
    let per_gpu = [("X", b / service), ("T_out", w.output_tokens), ("g", g)];
    step(t, st::TOKENS_PER_GPU, &per_gpu, b / service * w.output_tokens / g);
    let load = replicas(cx, r, cx.m_total, f64::INFINITY)[peak_hour(cx)];
    let load_terms =
        [("λ_peak", cx.arrival * peak), ("X", b / service), ("u", p.utilization), ("n_min", w.min_replicas)];
    step(t, st::REPLICAS, &load_terms, f64::from(load));
    let running = plan.fleet.replicas[peak_hour(cx)];
    step(t, st::REPLICAS_SLO, &[("replicas_load", f64::from(load))], f64::from(running));
    let packing = &plan.packing;
    let terms = [("replicas", f64::from(running)), ("g", g), ("shape", f64::from(packing.shape))];
    step(t, st::INSTANCES, &terms, f64::from(packing.instances(running)));
    let billed = [
        ("instances", f64::from(packing.instances(running))),
        ("shape", f64::from(packing.shape)),
        ("h_mo", HOURS_PER_MONTH),
    ];
    step(t, st::HOURS_BILLED, &billed, plan.fleet.gpu_hours);
    let work = [("H_fleet", plan.fleet.gpu_hours), ("H_p", private_h), ("H_1", plain_h), ("H_m", loaded_h)];
    let extra = (private_h - plain_h) + (loaded_h - private_h);
    step(t, st::HOURS_WORK, &work, plan.fleet.gpu_hours - extra);
    if private_h != plain_h {
        step(t, st::HOURS_PRIVATE, &[("m_p", cx.m_privacy)], private_h);
    }
    if verification_h != 0.0 {
        step(t, st::HOURS_VERIFICATION, &verification_terms(p, private_h, work_h), verification_h);
    }
    let failure_terms = [
        ("λ_f", p.failure_rate_per_gpu_hour),
        ("H_fleet", plan.fleet.gpu_hours),
        ("H_v", verification_h),
        ("g", g),
        ("R", p.restart_minutes),
        ("cycle", r.cycle_s),
        ("m", cx.m_total),
    ];
    step(t, st::HOURS_FAILURES, &failure_terms, failure_h);
    if p.capacity_gpus.is_some() || replication_factor(&p.verification) != 1.0 {
        step(
            t,
            st::GPUS_AT_ONCE,
            &[
                ("instances", f64::from(packing.instances(running))),
                ("shape", f64::from(packing.shape)),
                ("k", replication_factor(&p.verification)),
            ],
            gpus,
        );
    }
    trace_latency(cx, plan, t);
}

/// Records the latency steps at the busiest hour.
fn trace_latency<T: Trace>(cx: &Context, plan: &Plan, t: &mut T) {
    let r = &plan.replica;
    let b = f64::from(r.batch);
    let fixed = latency::fixed(cx.w, r, cx.m_total, cx.p.rtt_ms, cx.proof_s);
    let running = plan.fleet.replicas[peak_hour(cx)];
    let arrival = cx.arrival * cx.peak;
    let ([w50, w95], lat) = latency::at_load(&fixed, running, r.batch, arrival);
    let slots = f64::from(running) * b;
    step(t, st::SLOTS, &[("replicas", f64::from(running)), ("b", b)], slots);
    step(t, st::SERVICE, &[("cycle", r.cycle_s), ("m", cx.m_total)], fixed.service_s);
    step(t, st::LOAD, &[("λ_peak", arrival), ("S", fixed.service_s), ("c", slots)], arrival * fixed.service_s / slots);
    let queue = [("c", slots), ("S", fixed.service_s), ("λ_peak", arrival)];
    step(t, st::WAIT_P50, &queue, w50);
    step(t, st::WAIT_P95, &queue, w95);
    if cx.proof_s > 0.0 {
        let terms = [
            ("P_active", cx.setup.model.active_params_b * 1e9),
            ("T_in", cx.w.input_tokens),
            ("T_out", cx.w.output_tokens),
        ];
        step(t, st::PROOF, &terms, cx.proof_s);
    }
    let rtt = fixed.rtt_s;
    let ttft = |wait: (&'static str, f64)| {
        [("RTT", rtt), wait, ("t_pf", r.prefill_s), ("m", cx.m_total), ("t_zk", cx.proof_s)]
    };
    step(t, st::TTFT_P50, &ttft(("W_50", w50)), lat.ttft_p50_s);
    step(t, st::TTFT_P95, &ttft(("W_95", w95)), lat.ttft_p95_s);
    let e2e = |wait: (&'static str, f64)| [("RTT", rtt), wait, ("S", fixed.service_s), ("t_zk", cx.proof_s)];
    step(t, st::E2E_P50, &e2e(("W_50", w50)), lat.e2e_p50_s);
    step(t, st::E2E_P95, &e2e(("W_95", w95)), lat.e2e_p95_s);
    step(t, st::TPOT, &[("S", fixed.service_s), ("T_out", cx.w.output_tokens)], lat.tpot_s);
    step(t, st::TOKENS_PER_USER, &[("TPOT_50", lat.tpot_s)], 1.0 / lat.tpot_s);
    let p95 =
        [("S", fixed.service_s), ("b", b), ("stall", r.stall_s), ("m", cx.m_total), ("T_out", cx.w.output_tokens)];
    step(t, st::TPOT_P95, &p95, lat.tpot_p95_s);
}

/// The values a verification mode's extra GPU-hours are computed from.
fn verification_terms(p: &GpuTerms<f64>, private_h: f64, work_h: f64) -> Vec<(&'static str, f64)> {
    match &p.verification {
        Verification::Replication { factor } => vec![("k", *factor), ("H_p", private_h)],
        Verification::SpotCheck { rate, recompute_fraction } => {
            vec![("rate", *rate), ("f", *recompute_fraction), ("demand GPU-h", work_h)]
        }
        Verification::Zk { prove_gpu_seconds_per_bparam_2k, .. } => vec![("rate_zk", *prove_gpu_seconds_per_bparam_2k)],
        Verification::TeeAttestation { overhead } => vec![("overhead_att", *overhead)],
        Verification::None => Vec::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
