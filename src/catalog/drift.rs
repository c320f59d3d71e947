//! Prices drift: how far an offer's price moves in a year, fitted on the offers whose price was observed on
//! more than one date (the offer itself plus its `price_history.csv` entries). docs/MODEL.md, "Price drift".

use super::Catalog;
use crate::base::date::days_between;

/// The fitted spread of log-price changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftFit {
    /// Standard deviation of the change in ln(price) over one year.
    pub sigma_per_sqrt_year: f64,
    /// Consecutive pairs of observations used.
    pub pairs: usize,
    /// Offers with at least two observations.
    pub offers: usize,
}

/// The drift fitted on the catalog's price histories, or `None` without any offer observed twice.
///
/// # Formula
/// Per offer, observations sorted by date; for each consecutive pair, `d = ln(p₂/p₁)` over `Δt` years
/// (days / 365.25). Prices taken as a driftless random walk in log price, `d ~ N(0, σ²·Δt)`, whose maximum
/// likelihood estimate is `σ² = (1/n)·Σ d²/Δt` over the `n` pairs (pairs on the same day are left out).
pub fn fit(catalog: &Catalog) -> Option<DriftFit> {
    let (mut sum, mut pairs, mut offers) = (0.0, 0usize, 0usize);
    for offer in &catalog.offers {
        let Some(price) = offer.price_per_gpu_hour_usd else { continue };
        let mut points: Vec<(&str, f64)> = catalog
            .price_history
            .iter()
            .filter(|h| h.offer == offer.id)
            .map(|h| (h.as_of.as_str(), h.price_per_gpu_hour_usd))
            .collect();
        if points.is_empty() {
            continue;
        }
        points.push((offer.as_of.as_str(), price));
        points.sort_by(|a, b| a.0.cmp(b.0));
        offers += 1;
        for w in points.windows(2) {
            let Some(days) = days_between(w[0].0, w[1].0).filter(|d| *d > 0) else { continue };
            let d = (w[1].1 / w[0].1).ln();
            sum += d * d / (days as f64 / 365.25);
            pairs += 1;
        }
    }
    (pairs > 0).then(|| DriftFit { sigma_per_sqrt_year: (sum / pairs as f64).sqrt(), pairs, offers })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drift_is_fitted_by_hand() {
        // price_history.csv and the offers it extends (Δt in years of 365.25 days):
        //   p5   12.29 (2023-12-13) -> 12.29 (2025-06-04): d = 0,                          d²/Δt = 0
        //   p5   12.29 (2025-06-04) -> 6.88 (2026-08-22):  ln(6.88/12.29)    = −0.58017, d²/Δt = 0.336594 / 1.21561 = 0.276894
        //   p4d  4.0966 -> 2.7447 (2023-12-13 -> 2026-01-21): ln = −0.40049,           d²/Δt = 0.160389 / 2.10815 = 0.076080
        //   p4de 5.1207 -> 3.4309 (same dates):                ln = −0.40047,           d²/Δt = 0.160375 / 2.10815 = 0.076074
        //   RunPod 3.29 -> 3.49 (2026-08-19 -> 09-25):         ln =  0.05901,           d²/Δt = 0.003483 / 0.101300 = 0.034380
        //   RunPod 3.49 -> 3.99 (2026-09-25 -> 11-09):         ln =  0.13389,           d²/Δt = 0.017926 / 0.123203 = 0.145503
        //   Lambda PCIe 1.99 -> 3.29 (2023-06-15 -> 2026-09-25): ln = 0.50275,         d²/Δt = 0.252758 / 3.27995 = 0.077062
        //   σ² = 0.685993 / 7 = 0.097999, σ = 0.31305 per √year.
        let f = fit(&Catalog::builtin().unwrap()).unwrap();
        assert_eq!((f.pairs, f.offers), (7, 5));
        assert!((f.sigma_per_sqrt_year - 0.31305).abs() < 2e-4, "{f:?}");
    }

    #[test]
    fn every_history_entry_is_an_earlier_sourced_price_of_a_catalog_offer() {
        let c = Catalog::builtin().unwrap();
        for h in &c.price_history {
            let offer = c.offer(&h.offer).unwrap_or_else(|| panic!("history of unknown offer {}", h.offer));
            assert!(h.as_of < offer.as_of, "{}: a history entry of {} is not earlier than the offer", h.offer, h.as_of);
            assert!(h.price_per_gpu_hour_usd > 0.0 && crate::catalog::openable_source(&h.source), "{}", h.offer);
        }
    }

    #[test]
    fn the_default_is_the_fit() {
        let c = Catalog::builtin().unwrap();
        let f = fit(&c).unwrap();
        let d = c.default_entry("provider.price_drift_per_sqrt_year").unwrap();
        assert_eq!(d.value, (f.sigma_per_sqrt_year * 1e4).round() / 1e4, "refit: defaults.toml must hold the fit");
    }
}
