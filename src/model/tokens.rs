//! Serverless token APIs: the month's tokens times the price per token, latency from the provider's
//! time to first token and output speed, and its rate limit as capacity. docs/MODEL.md, "Token APIs".

use super::lines::{fees, per_mtok, trace_fees, trace_total, with_objectives};
use super::steps::{self as st};
use super::trace::{Trace, step};
use super::{CostBreakdown, Detail, Fees, HOURS_PER_MONTH, Infeasible, InferenceInputs, Latency, Outcome, TokenTerms};

/// Evaluates an inference workload bought from a token API.
///
/// # Formula
/// (docs/MODEL.md, "Token APIs")
/// - `tokens = N_req · (T_in · (1 − hit) · p_in + T_in · hit · p_cached + T_out · p_out) / 10⁶`
/// - `TTFT_50 = ttft`, `TTFT_95 = ttft · ratio`, `TPOT = 1 / speed`, `E2E_q = TTFT_q + T_out / speed`
/// - infeasible when the busiest hour's `N_req · s_peak / (730 · 60)` requests per minute exceed the rate limit
///   (an API follows demand, so it bills tokens, not the peak; its limit meets the peak).
pub fn evaluate<T: Trace>(
    w: &InferenceInputs<f64>,
    api: &TokenTerms<f64>,
    f: &Fees<f64>,
    peak: f64,
    t: &mut T,
) -> Result<Outcome, Infeasible> {
    let per_minute = w.requests_per_month * peak / (HOURS_PER_MONTH * 60.0);
    if let Some(limit) = api.rate_limit_rpm {
        let terms = [("N_req", w.requests_per_month), ("s_peak", peak), ("h_mo", HOURS_PER_MONTH)];
        step(t, st::TOKEN_RPM, &terms, per_minute);
        if per_minute > limit {
            return Err(Infeasible::RateLimit { need_rpm: per_minute, limit_rpm: limit });
        }
    }
    let cached_price = api.cached_input_usd_per_mtok.unwrap_or(api.input_usd_per_mtok);
    let hit = w.cache_hit_fraction;
    let input = w.requests_per_month * w.input_tokens * (1.0 - hit) * api.input_usd_per_mtok / 1e6;
    let cached = w.requests_per_month * w.input_tokens * hit * cached_price / 1e6;
    let output = w.requests_per_month * w.output_tokens * api.output_usd_per_mtok / 1e6;
    let tokens = input + cached + output;
    if t.on() {
        let terms = [
            ("N_req", w.requests_per_month),
            ("T_in", w.input_tokens),
            ("hit", hit),
            ("p_in", api.input_usd_per_mtok),
            ("p_cached", cached_price),
            ("T_out", w.output_tokens),
            ("p_out", api.output_usd_per_mtok),
        ];
        step(t, st::TOKENS_COST, &terms, tokens);
    }
    let cost = CostBreakdown { compute: tokens, fees: fees(f, tokens), ..Default::default() };
    let monthly_cost = cost.total();
    let units = w.requests_per_month * (w.input_tokens + w.output_tokens);
    if t.on() {
        trace_fees(t, f, &cost);
        trace_total(t, &cost);
    }
    let cost_per_unit = per_mtok(t, w, monthly_cost);

    let ttft = api.ttft_ms / 1000.0;
    let decode = w.output_tokens / api.output_tokens_per_s;
    let lat = Latency {
        ttft_p50_s: ttft,
        ttft_p95_s: ttft * api.ttft_p95_ratio,
        e2e_p50_s: ttft + decode,
        e2e_p95_s: ttft * api.ttft_p95_ratio + decode,
        tpot_s: 1.0 / api.output_tokens_per_s,
        tpot_p95_s: 1.0 / api.output_tokens_per_s,
        slo_met: true,
        unreachable: None,
    };
    if t.on() {
        step(t, st::API_TTFT_P50, &[("ttft", api.ttft_ms / 1000.0)], lat.ttft_p50_s);
        step(t, st::API_TTFT_P95, &[("ttft", ttft), ("ratio", api.ttft_p95_ratio)], lat.ttft_p95_s);
        step(t, st::API_TPOT, &[("speed", api.output_tokens_per_s)], lat.tpot_s);
        let e2e = |first: (&'static str, f64)| [first, ("T_out", w.output_tokens), ("speed", api.output_tokens_per_s)];
        step(t, st::API_E2E_P50, &e2e(("TTFT_50", lat.ttft_p50_s)), lat.e2e_p50_s);
        step(t, st::API_E2E_P95, &e2e(("TTFT_95", lat.ttft_p95_s)), lat.e2e_p95_s);
    }
    Ok(Outcome {
        cost,
        monthly_cost,
        cost_per_unit,
        gpu_hours: None,
        latency: Some(with_objectives(w, lat)),
        margin: None,
        detail: Detail {
            units_per_month: units,
            goodput: 1.0,
            peak_to_average: peak,
            output_tokens_per_s_per_user: api.output_tokens_per_s,
            ..Detail::default()
        },
        horizon: None,
        energy: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::inference::tests::workload;
    use crate::model::trace::Off;

    fn api(input: f64, output: f64) -> TokenTerms<f64> {
        TokenTerms {
            input_usd_per_mtok: input,
            output_usd_per_mtok: output,
            cached_input_usd_per_mtok: None,
            ttft_ms: 400.0,
            ttft_p95_ratio: 2.0,
            output_tokens_per_s: 50.0,
            rate_limit_rpm: None,
        }
    }

    #[test]
    fn cost_is_tokens_times_price_by_hand() {
        // 1e7 requests × 1,000 in × $0.30/M = $3,000; × 250 out × $0.40/M = $1,000; total $4,000.
        let out =
            evaluate(&workload(32.0), &api(0.30, 0.40), &crate::model::inference::tests::no_fees(), 1.0, &mut Off)
                .unwrap();
        assert!((out.cost.compute - 4_000.0).abs() < 1e-9, "{}", out.cost.compute);
        assert!((out.monthly_cost - 4_000.0).abs() < 1e-9);
        assert_eq!(out.gpu_hours, None);
        // 1.25e10 tokens: $4,000 / 12,500 = $0.32 per 1M.
        assert!((out.cost_per_unit - 0.32).abs() < 1e-12);
    }

    #[test]
    fn cached_input_is_priced_separately() {
        // Half the input hits the cache at $0.10/M: 1e7 × 1,000 × (0.5 × 0.30 + 0.5 × 0.10) / 1e6 = $2,000.
        let mut w = workload(32.0);
        w.cache_hit_fraction = 0.5;
        let mut a = api(0.30, 0.40);
        a.cached_input_usd_per_mtok = Some(0.10);
        let out = evaluate(&w, &a, &crate::model::inference::tests::no_fees(), 1.0, &mut Off).unwrap();
        assert!((out.cost.compute - 3_000.0).abs() < 1e-9, "{}", out.cost.compute);
    }

    #[test]
    fn latency_comes_from_ttft_and_output_speed() {
        // TTFT 400 ms, p95 800 ms; 250 tokens at 50 tok/s = 5 s; E2E p95 = 5.8 s; TPOT 20 ms.
        let lat = evaluate(&workload(32.0), &api(0.3, 0.4), &crate::model::inference::tests::no_fees(), 1.0, &mut Off)
            .unwrap()
            .latency
            .unwrap();
        assert!((lat.ttft_p95_s - 0.8).abs() < 1e-12 && (lat.e2e_p95_s - 5.8).abs() < 1e-12);
        assert!((lat.tpot_s - 0.02).abs() < 1e-12);
    }

    #[test]
    fn a_rate_limit_below_demand_is_infeasible() {
        // 1e7 requests a month = 1e7 / 43,800 min = 228.3 per minute on average; 342.5 at a 1.5× peak.
        let mut a = api(0.3, 0.4);
        a.rate_limit_rpm = Some(200.0);
        let err = evaluate(&workload(32.0), &a, &crate::model::inference::tests::no_fees(), 1.0, &mut Off).unwrap_err();
        assert!(matches!(err, Infeasible::RateLimit { limit_rpm, .. } if limit_rpm == 200.0), "{err:?}");
        a.rate_limit_rpm = Some(300.0);
        assert!(evaluate(&workload(32.0), &a, &crate::model::inference::tests::no_fees(), 1.0, &mut Off).is_ok());
        let peak = evaluate(&workload(32.0), &a, &crate::model::inference::tests::no_fees(), 1.5, &mut Off);
        assert!(matches!(peak, Err(Infeasible::RateLimit { need_rpm, .. }) if (need_rpm - 342.47).abs() < 0.01));
    }
}
