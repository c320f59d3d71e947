//! Request latency at the busiest hour: the queue for a batch slot (Erlang C over the replicas running then),
//! prefill, decode and what other requests' prefills add to a token's time. docs/MODEL.md, "Inference:
//! latency".

use super::super::queueing::wait_quantiles;
use super::super::{InferenceInputs, Latency, Objective, Unreachable};
use super::replica::Replica;

/// The z-score of the 95th percentile of a normal distribution.
const Z95: f64 = 1.644_853_626_951_472_2;

/// The parts of a request's latency that do not depend on how many replicas run, s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed {
    /// Network round trip.
    pub rtt_s: f64,
    /// Prefill of the request, time multiplier included.
    pub prefill_s: f64,
    /// A slot's service time (prefill and decode of its batch), time multiplier included.
    pub service_s: f64,
    /// Proof time the answer waits for (synchronous zk).
    pub proof_s: f64,
    /// Median time per output token.
    pub tpot_s: f64,
    /// 95th-percentile time per output token.
    pub tpot_p95_s: f64,
}

/// The fixed parts of the latency of replica `r` under time multiplier `m`.
///
/// # Formula
/// `S = cycle · m`, `TPOT_50 = S / T_out`; the prefills that land while a request decodes are Poisson with
/// mean `b` (one per slot turnover), so the p95 request sees `N_95 = b + 1.645·√b` of them:
/// `TPOT_95 = (S + (N_95 − b) · stall · m) / T_out`.
pub fn fixed(w: &InferenceInputs<f64>, r: &Replica, m: f64, rtt_ms: f64, proof_s: f64) -> Fixed {
    let b = f64::from(r.batch);
    let service_s = r.cycle_s * m;
    Fixed {
        rtt_s: rtt_ms / 1000.0,
        prefill_s: r.prefill_s * m,
        service_s,
        proof_s,
        tpot_s: service_s / w.output_tokens,
        tpot_p95_s: (service_s + Z95 * b.sqrt() * r.stall_s * m) / w.output_tokens,
    }
}

/// The first objective that no replica count can meet, with the best this replica can do.
///
/// The objectives that queueing affects (TTFT and end-to-end) are met at some replica count as long as
/// their part without waiting is within them; the time per output token does not depend on replicas.
pub fn unreachable(w: &InferenceInputs<f64>, f: &Fixed) -> Option<Unreachable> {
    let ms = |s: f64| s * 1000.0;
    let checks = [
        (Objective::Tpot, w.tpot_slo_ms, ms(f.tpot_p95_s)),
        (Objective::Ttft, w.ttft_slo_ms, ms(f.rtt_s + f.prefill_s + f.proof_s)),
        (Objective::EndToEnd, w.latency_slo_ms, ms(f.rtt_s + f.service_s + f.proof_s)),
    ];
    checks.into_iter().find_map(|(objective, slo, best_ms)| {
        slo.filter(|&slo| best_ms > slo).map(|objective_ms| Unreachable { objective, best_ms, objective_ms })
    })
}

/// How far the fixed parts are within the objectives, relative to each: `min (objective − best) / objective`
/// over those set (∞ when none is); negative exactly when [`unreachable`] finds one missed.
pub fn slack(w: &InferenceInputs<f64>, f: &Fixed) -> f64 {
    let ms = |s: f64| s * 1000.0;
    [
        (w.tpot_slo_ms, ms(f.tpot_p95_s)),
        (w.ttft_slo_ms, ms(f.rtt_s + f.prefill_s + f.proof_s)),
        (w.latency_slo_ms, ms(f.rtt_s + f.service_s + f.proof_s)),
    ]
    .into_iter()
    .filter_map(|(slo, best)| slo.map(|slo| (slo - best) / slo))
    .fold(f64::INFINITY, f64::min)
}

/// The longest p95 queueing wait the TTFT and end-to-end objectives allow (∞ when neither is set).
pub fn wait_budget(w: &InferenceInputs<f64>, f: &Fixed) -> f64 {
    let ttft = w.ttft_slo_ms.map_or(f64::INFINITY, |slo| slo / 1000.0 - (f.rtt_s + f.prefill_s + f.proof_s));
    let e2e = w.latency_slo_ms.map_or(f64::INFINITY, |slo| slo / 1000.0 - (f.rtt_s + f.service_s + f.proof_s));
    ttft.min(e2e)
}

/// Most replicas added for the objectives beyond what the load needs: past this the queue is long gone, so
/// a budget still missed is missed for another reason (a wait the arithmetic cannot bring to 0).
const MAX_EXTRA_REPLICAS: u32 = 10_000;

/// The fewest replicas from `at_least` whose p95 wait at arrival rate `arrival` is within `budget`.
///
/// # Formula
/// The smallest `n ≥ at_least` with `W_95(c = n·b, S, λ) ≤ budget` (Erlang C, [`wait_quantiles`]).
pub fn replicas_for_wait(at_least: u32, b: u32, service_s: f64, arrival: f64, budget: f64) -> u32 {
    if arrival <= 0.0 || budget.is_infinite() {
        return at_least;
    }
    let mut n = at_least.max(1);
    while n < at_least.saturating_add(MAX_EXTRA_REPLICAS) && !wait_within(n, b, service_s, arrival, budget) {
        n += 1;
    }
    n
}

/// Whether the p95 wait of `n` replicas of batch `b` is within `budget`.
///
/// # Formula
/// `W_95 = ln(C / 0.05) / (c/S − λ)` when `C > 0.05`, and `C ≤ 1`, so a queue that drains fast enough,
/// `(c/S − λ) · budget ≥ ln 20`, meets the budget whatever `C` is; only closer cases compute Erlang C.
fn wait_within(n: u32, b: u32, service_s: f64, arrival: f64, budget: f64) -> bool {
    let slots = f64::from(n) * f64::from(b);
    let drain = slots / service_s - arrival;
    if budget >= 0.0 && drain * budget >= 20f64.ln() {
        return true;
    }
    let [w95] = wait_quantiles(slots, service_s, arrival, [0.95]);
    w95 <= budget
}

/// Latency of a request at arrival rate `arrival` with `replicas` replicas running.
///
/// # Formula
/// `TTFT_q = RTT + W_q + t_pf·m + t_zk`, `E2E_q = RTT + W_q + S + t_zk`, `W_q` the Erlang C wait of `c =
/// replicas·b` slots of service time `S` at rate `λ` (docs/MODEL.md, "Inference: latency").
pub fn at_load(f: &Fixed, replicas: u32, b: u32, arrival: f64) -> ([f64; 2], Latency) {
    let slots = f64::from(replicas) * f64::from(b);
    let [w50, w95] = if arrival > 0.0 { wait_quantiles(slots, f.service_s, arrival, [0.5, 0.95]) } else { [0.0; 2] };
    let first = f.rtt_s + f.prefill_s + f.proof_s;
    let whole = f.rtt_s + f.service_s + f.proof_s;
    let lat = Latency {
        ttft_p50_s: first + w50,
        ttft_p95_s: first + w95,
        e2e_p50_s: whole + w50,
        e2e_p95_s: whole + w95,
        tpot_s: f.tpot_s,
        tpot_p95_s: f.tpot_p95_s,
        slo_met: true,
        unreachable: None,
    };
    ([w50, w95], lat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Precision;

    fn replica(b: u32, cycle_s: f64, stall_s: f64) -> Replica {
        Replica {
            gpus: 4,
            batch: b,
            batch_max: 100,
            prefill_s: 0.1,
            step_memory_s: 0.02,
            step_compute_s: 0.01,
            step_comm_s: 0.0,
            cycle_s,
            stall_s,
            compute_precision: Precision::Bf16,
        }
    }

    #[test]
    fn tpot_p95_adds_the_extra_prefills_of_a_busy_window() {
        // b = 64, cycle 7 s, stall 0.02 s, T_out 250: TPOT_50 = 28 ms; N_95 − b = 1.645·8 = 13.16 prefills of
        // 20 ms = 0.2632 s more: TPOT_95 = 7.2632 / 250 = 29.05 ms.
        let w = crate::model::inference::tests::workload(64.0);
        let f = fixed(&w, &replica(64, 7.0, 0.02), 1.0, 40.0, 0.0);
        assert!((f.tpot_s - 0.028).abs() < 1e-12);
        assert!((f.tpot_p95_s - (7.0 + Z95 * 8.0 * 0.02) / 250.0).abs() < 1e-12);
        assert!((f.tpot_p95_s * 1000.0 - 29.05).abs() < 0.01);
    }

    #[test]
    fn erlang_c_at_the_busiest_hour_by_hand() {
        // One replica of batch 1 (M/M/1), S = 1 s, λ = 0.5/s: C = 0.5, W_95 = ln(0.5/0.05)/0.5 = 4.605 s,
        // W_50 = 0 (C is not above 0.5). TTFT_95 = RTT 0.04 + 4.605 + prefill 0.1.
        let w = crate::model::inference::tests::workload(1.0);
        let f = fixed(&w, &replica(1, 1.0, 0.0), 1.0, 40.0, 0.0);
        let ([w50, w95], lat) = at_load(&f, 1, 1, 0.5);
        assert_eq!(w50, 0.0);
        assert!((w95 - 2.0 * 10f64.ln()).abs() < 1e-12);
        assert!((lat.ttft_p95_s - (0.04 + 2.0 * 10f64.ln() + 0.1)).abs() < 1e-12);
        // A second replica brings the p95 wait under 1 s: c = 2, a = 0.5: C = (a²/2!·c/(c − a)) / (1 + a +
        // a²/2!·c/(c − a)) = 0.16667/1.66667 = 0.1, W_95 = ln(0.1/0.05)/(2 − 0.5) = 0.462 s.
        assert_eq!(replicas_for_wait(1, 1, 1.0, 0.5, 1.0), 2);
        let ([_, w95], _) = at_load(&f, 2, 1, 0.5);
        assert!((w95 - 2f64.ln() / 1.5).abs() < 1e-9, "{w95}");
    }

    #[test]
    fn an_objective_below_the_fixed_part_is_unreachable() {
        let mut w = crate::model::inference::tests::workload(64.0);
        w.tpot_slo_ms = Some(20.0);
        w.latency_slo_ms = None;
        let f = fixed(&w, &replica(64, 7.0, 0.02), 1.0, 40.0, 0.0);
        let miss = unreachable(&w, &f).unwrap();
        assert_eq!(miss.objective, Objective::Tpot);
        assert!((miss.objective_ms - 20.0).abs() < 1e-12 && miss.best_ms > 29.0);
        w.tpot_slo_ms = Some(30.0);
        assert!(unreachable(&w, &f).is_none());
    }
}
