//! Time lost to failures in a checkpointed job: Young/Daly.

/// Daly's optimum compute time between checkpoints, hours.
///
/// # Formula
/// For `δ < 2M`: `τ = √(2δM)·[1 + ⅓·√(δ/2M) + ⅑·(δ/2M)] − δ`, else `τ = M`, with `δ` the checkpoint write time
/// and `M` the job's mean time between failures. Reference: J. T. Daly, "A higher order estimate of the
/// optimum checkpoint interval for restart dumps", *Future Generation Computer Systems* 22(3), 2006;
/// first order: J. W. Young, *CACM* 17(9), 1974 (`√(2δM)`).
pub fn daly_interval(delta_h: f64, mtbf_h: f64) -> f64 {
    if delta_h >= 2.0 * mtbf_h {
        return mtbf_h;
    }
    let x = delta_h / (2.0 * mtbf_h);
    (2.0 * delta_h * mtbf_h).sqrt() * (1.0 + x.sqrt() / 3.0 + x / 9.0) - delta_h
}

/// Expected wall-clock (hours) of a job needing `solve_h` hours of failure-free compute.
///
/// # Formula
/// `T = M·e^{R/M}·(e^{(τ+δ)/M} − 1)·T_s/τ` with restart time `R` and τ from [`daly_interval`] (Daly 2006,
/// eq. 20). No failures (`M = ∞`) gives `T = T_s`: no checkpoint is needed. `δ → 0` gives the limit
/// `e^{R/M}·T_s`.
pub fn daly_wall_clock(solve_h: f64, delta_h: f64, mtbf_h: f64, restart_h: f64) -> f64 {
    if !mtbf_h.is_finite() {
        return solve_h;
    }
    let restart_factor = (restart_h / mtbf_h).exp();
    if delta_h <= 0.0 {
        return restart_factor * solve_h;
    }
    let tau = daly_interval(delta_h, mtbf_h);
    mtbf_h * restart_factor * ((tau + delta_h) / mtbf_h).exp_m1() * solve_h / tau
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_approaches_young_for_rare_failures() {
        // δ = 0.1 h, M = 1000 h: Young √(2·0.1·1000) = 14.142 h; Daly's terms add under 1%.
        let tau = daly_interval(0.1, 1000.0);
        let young = (2.0f64 * 0.1 * 1000.0).sqrt();
        assert!((tau - young).abs() / young < 0.01, "{tau} vs {young}");
    }

    #[test]
    fn wall_clock_worked_by_hand() {
        // δ = 0.1 h, M = 10 h, R = 0.2 h, T_s = 100 h.
        // x = 0.005; τ = √2·(1 + 0.0707107/3 + 0.005/9) − 0.1 = 1.414214·1.024126 − 0.1 = 1.348333 h
        // T = 10·e^{0.02}·(e^{0.1448333} − 1)·100/1.348333 = 10·1.020201·0.155852·74.1657 = 117.92 h
        let t = daly_wall_clock(100.0, 0.1, 10.0, 0.2);
        assert!((t - 117.92).abs() < 0.02, "{t}");
    }

    #[test]
    fn no_failures_means_no_loss() {
        assert_eq!(daly_wall_clock(50.0, 0.2, f64::INFINITY, 0.3), 50.0);
    }

    #[test]
    fn wall_clock_grows_as_failures_get_more_frequent() {
        let mut last = 100.0;
        for mtbf in [1000.0, 100.0, 10.0, 1.0] {
            let t = daly_wall_clock(100.0, 0.05, mtbf, 0.2);
            assert!(t > last, "M={mtbf}: {t} <= {last}");
            last = t;
        }
    }
}
