//! Queueing for a free batch slot: the Erlang C (M/M/c) formula.
//!
//! A replica serving a batch of `b` sequences has `b` slots; `c` slots in total across replicas serve
//! requests arriving at rate λ, each holding a slot for the service time `S`. The offered load is `a = λ·S`.

use statrs::function::gamma::{gamma_ur, ln_gamma};

/// Probability that an arriving request must wait (Erlang C) with `servers` slots and offered load `load`.
///
/// # Formula
/// `B = Poisson(c; a).pmf / Poisson(c; a).cdf` (Erlang B), then `C = B / (1 − ρ(1 − B))`, `ρ = a/c`.
/// The Poisson CDF is the regularized upper incomplete gamma `Q(c+1, a)`, which keeps the formula
/// O(1) and stable for thousands of slots. Reference: Kleinrock, *Queueing Systems* vol. 1 (1975), §3.5.
pub fn erlang_c(servers: f64, load: f64) -> f64 {
    if load <= 0.0 || servers <= 0.0 {
        return if load > 0.0 { 1.0 } else { 0.0 };
    }
    if load >= servers {
        return 1.0;
    }
    let c = servers.trunc();
    let ln_pmf = c * load.ln() - load - ln_gamma(c + 1.0);
    let cdf = gamma_ur(c + 1.0, load);
    let b = (ln_pmf.exp() / cdf).clamp(0.0, 1.0);
    let rho = load / c;
    (b / (1.0 - rho * (1.0 - b))).clamp(0.0, 1.0)
}

/// An upper bound on `ln C(c, a)`, or `None` when it does not apply (`c < a + 1`).
///
/// # Formula
/// For `c ≥ a + 1` the Poisson CDF at `c` is at least ½, so `B ≤ 2·pmf(c)`, and Stirling's lower bound on
/// `c!` (`ln c! ≥ c·ln c − c + ½·ln(2πc)`, Robbins 1955) gives
/// `ln C ≤ ln 2 − c·(ρ − 1 − ln ρ) − ½·ln(2πc·(1 − ρ)²)`, the last two terms in one logarithm.
pub fn ln_erlang_c_bound(servers: f64, load: f64) -> Option<f64> {
    let c = servers.trunc();
    (load > 0.0 && c >= load + 1.0).then(|| {
        let rho = load / c;
        let gap = 1.0 - rho;
        std::f64::consts::LN_2 - c * (rho - 1.0 - rho.ln()) - 0.5 * (std::f64::consts::TAU * c * gap * gap).ln()
    })
}

/// Waiting-time quantiles of an M/M/c queue: the waits (s) that fractions `qs` of requests do not exceed.
///
/// # Formula
/// `P(W > t) = C · exp(−(c/S − λ)·t)`, so the q-quantile is `ln(C/(1−q)) / (c/S − λ)` when `C > 1 − q`,
/// else 0; infinite when the queue cannot drain (`c/S ≤ λ`). `service_s` is S, `arrival_per_s` is λ.
/// When [`ln_erlang_c_bound`] shows `C ≤ 1 − q` for every asked `q`, every wait is 0 and the exact Erlang C
/// (two gamma functions, about 200 ns) is skipped: most serving trials have hundreds of slots at
/// moderate load.
pub fn wait_quantiles<const N: usize>(servers: f64, service_s: f64, arrival_per_s: f64, qs: [f64; N]) -> [f64; N] {
    let load = arrival_per_s * service_s;
    let smallest_tail = qs.iter().fold(1.0_f64, |m, q| m.min(1.0 - q));
    if ln_erlang_c_bound(servers, load).is_some_and(|b| b <= smallest_tail.ln()) {
        return [0.0; N];
    }
    let c = erlang_c(servers, load);
    let drain = servers.trunc() / service_s - arrival_per_s;
    qs.map(|q| {
        if c <= 1.0 - q {
            0.0
        } else if drain <= 0.0 {
            f64::INFINITY
        } else {
            (c / (1.0 - q)).ln() / drain
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Erlang C by the textbook sum, for small c.
    fn erlang_c_by_sum(c: u32, a: f64) -> f64 {
        let mut sum = 0.0;
        let mut term = 1.0;
        for k in 0..c {
            if k > 0 {
                term *= a / f64::from(k);
            }
            sum += term;
        }
        let top = term * a / f64::from(c) * f64::from(c) / (f64::from(c) - a);
        top / (sum + top)
    }

    #[test]
    fn two_servers_unit_load_is_one_third() {
        // c = 2, a = 1: top = (a^2/2!)·c/(c−a) = 0.5·2 = 1; sum_{k<2} a^k/k! = 2; C = 1/3.
        assert!((erlang_c(2.0, 1.0) - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn matches_the_textbook_sum() {
        for c in 1..40 {
            for &rho in &[0.1, 0.5, 0.8, 0.95] {
                let a = rho * f64::from(c);
                let want = erlang_c_by_sum(c, a);
                let got = erlang_c(f64::from(c), a);
                assert!((got - want).abs() < 1e-9, "c={c} a={a}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn limits() {
        assert_eq!(erlang_c(10.0, 0.0), 0.0);
        assert_eq!(erlang_c(10.0, 10.0), 1.0);
        assert_eq!(erlang_c(0.0, 1.0), 1.0);
        // Many slots at moderate load almost never wait.
        assert!(erlang_c(5000.0, 2500.0) < 1e-100);
    }

    #[test]
    fn single_server_wait_quantile_by_hand() {
        // M/M/1, S = 1 s, λ = 0.5/s: C = ρ = 0.5, drain = 1 − 0.5 = 0.5/s.
        // p95: ln(0.5/0.05)/0.5 = 2·ln 10 = 4.6052 s; p50: C = 0.5 is not > 0.5, so 0.
        let [p50, p95] = wait_quantiles(1.0, 1.0, 0.5, [0.5, 0.95]);
        assert!((p95 - 2.0 * 10f64.ln()).abs() < 1e-12);
        assert_eq!(p50, 0.0);
    }

    #[test]
    fn the_bound_holds_so_skipping_changes_nothing() {
        for c in [2u32, 10, 64, 128, 512, 4096] {
            for rho in [0.05, 0.3, 0.5, 0.6, 0.7, 0.85, 0.95, 0.99] {
                let a = rho * f64::from(c);
                let exact = erlang_c(f64::from(c), a);
                if let Some(bound) = ln_erlang_c_bound(f64::from(c), a) {
                    assert!(exact.ln() <= bound + 1e-12, "c={c} ρ={rho}: ln C = {} > {bound}", exact.ln());
                }
                // The quantiles with and without the shortcut agree: compute the exact ones by hand.
                let drain = f64::from(c) - a;
                let want = [0.5, 0.95].map(|q| if exact <= 1.0 - q { 0.0 } else { (exact / (1.0 - q)).ln() / drain });
                assert_eq!(wait_quantiles(f64::from(c), 1.0, a, [0.5, 0.95]), want, "c={c} ρ={rho}");
            }
        }
    }
}
