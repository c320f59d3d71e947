//! Old prices are less certain: the price of a provider priced from a catalog offer is widened by the drift
//! its age allows on the day of the run. docs/MODEL.md, "Price drift".

use super::{Origin, Param, Scenario};
use crate::base::date::days_between;
use crate::base::dist::{Dist, DistSpec};

/// The standard normal's 95th percentile: a band's p5 and p95 sit this many SDs from its median.
const Z95: f64 = 1.6448536269514722;

/// Widens every catalog GPU-hour price of `scenario` by `sigma` (SD of ln price per √year) × √(age in years)
/// on `today`; prices written in the scenario or set on the command line are the user's and stay as given.
///
/// # Formula
/// `s = σ·√(age / 365.25 days)`, `k = e^{1.645·s}`: a point price `p` becomes lognormal with p5 `p/k` and
/// p95 `p·k` (median `p`); a triangular or uniform range keeps its family with its ends moved to `low/k` and
/// `high·k`. The Param's value is the new median.
pub fn age_prices(scenario: &mut Scenario, today: &str, sigma: f64) {
    if sigma <= 0.0 {
        return;
    }
    for p in &mut scenario.providers {
        p.inputs = p.inputs.map(&mut |name, param| match name {
            "price_per_gpu_hour" => aged(param, today, sigma),
            _ => param.clone(),
        });
    }
}

/// `param` widened for its age, or as it was when it is not a dated catalog price.
fn aged(param: &Param, today: &str, sigma: f64) -> Param {
    let Origin::Catalog { as_of, note, .. } = &param.origin else { return param.clone() };
    let Some(days) = days_between(as_of, today).filter(|d| *d > 0) else { return param.clone() };
    let years = days as f64 / 365.25;
    let s = sigma * years.sqrt();
    let k = (Z95 * s).exp();
    let spec = match param.dist.as_ref().map(Dist::spec) {
        None => DistSpec::Lognormal { p5: param.value / k, p95: param.value * k },
        Some(DistSpec::Triangular { low, mode, high }) => {
            DistSpec::Triangular { low: low / k, mode: *mode, high: high * k }
        }
        Some(DistSpec::Uniform { low, high }) => DistSpec::Uniform { low: low / k, high: high * k },
        Some(_) => return param.clone(),
    };
    let lognormal = matches!(spec, DistSpec::Lognormal { .. });
    let Ok(dist) = Dist::new(spec) else { return param.clone() };
    let widened = format!(
        "widened for its age: {years:.2} years × drift {sigma:.3}/√year = ±{s:.3} in ln price (×{k:.3} at p5/p95)"
    );
    let mut origin = param.origin.clone();
    if let Origin::Catalog { note: n, .. } = &mut origin {
        *n = Some(match note {
            Some(old) => format!("{old}; {widened}"),
            None => widened,
        });
    }
    // A point price stays its own median exactly (the lognormal's median, e^μ, differs in the last bit).
    let value = if lognormal { param.value } else { dist.median() };
    Param { value, dist: Some(dist), origin }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog_price(value: f64, dist: Option<DistSpec>, as_of: &str) -> Param {
        Param {
            value,
            dist: dist.map(|d| Dist::new(d).unwrap()),
            origin: Origin::Catalog {
                offer: "o".into(),
                field: "price_per_gpu_hour_usd",
                source: "s".into(),
                as_of: as_of.into(),
                note: None,
            },
        }
    }

    #[test]
    fn a_year_old_price_widens_by_the_drift_worked_by_hand() {
        // σ = 0.3136, age 2025-11-30 → 2026-11-30 = 365 days = 0.99932 years: s = 0.3136 × 0.99966 = 0.313494;
        // k = e^(1.644854 × 0.313494) = e^0.515652 = 1.674735: $3.99 becomes lognormal p5 $2.3825, p95 $6.6822.
        let p = aged(&catalog_price(3.99, None, "2025-11-30"), "2026-11-30", 0.3136);
        let DistSpec::Lognormal { p5, p95 } = *p.dist.as_ref().unwrap().spec() else { panic!("{p:?}") };
        assert!((p5 - 2.3825).abs() < 1e-3 && (p95 - 6.6822).abs() < 1e-3, "{p5} {p95}");
        assert!((p.value - 3.99).abs() < 1e-9, "the median stays the published price");
        assert!(matches!(&p.origin, Origin::Catalog { note: Some(n), .. } if n.contains("1.00 years")));
        // A range keeps its family, its ends moved out by the same factor.
        let tri = DistSpec::Triangular { low: 2.0, mode: 2.5, high: 3.0 };
        let t = aged(&catalog_price(2.5, Some(tri), "2025-11-30"), "2026-11-30", 0.3136);
        let DistSpec::Triangular { low, mode, high } = *t.dist.as_ref().unwrap().spec() else { panic!() };
        assert!((low - 2.0 / 1.674735).abs() < 1e-3 && mode == 2.5 && (high - 3.0 * 1.674735).abs() < 1e-3);
    }

    #[test]
    fn todays_and_user_prices_stay_as_given() {
        let fresh = catalog_price(3.99, None, "2026-11-30");
        assert!(aged(&fresh, "2026-11-30", 0.3136).dist.is_none());
        let mut user = catalog_price(3.99, None, "2020-01-01");
        user.origin = Origin::Override { arg: "providers.x.price_per_gpu_hour=3.99".into() };
        assert!(aged(&user, "2026-11-30", 0.3136).dist.is_none());
    }
}
