//! Probability distributions for uncertain inputs, each sampled by inverting its CDF from one uniform draw.
//!
//! Inversion makes one mechanism serve sampling, quantiles (p5/p95 for sensitivity) and common random
//! numbers: the same uniform draw maps to the same quantile of every distribution, so changing a range
//! moves results smoothly instead of reshuffling them. statrs supplies the inverse normal CDF and the
//! inverse regularized incomplete beta function.

use serde::{Deserialize, Serialize, Serializer};
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::beta::inv_beta_reg;
use std::fmt;
use std::sync::Arc;

/// z of the 95th percentile of the standard normal: Φ⁻¹(0.95).
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// Points in a tabulated inverse CDF (PERT): the table has `TABLE_POINTS + 1` entries.
const TABLE_POINTS: usize = 4096;

/// A distribution as written in a file: its kind and parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistSpec {
    /// Every value in [low, high] equally likely.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// Triangular with the given mode.
    Triangular {
        /// Lower bound.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        high: f64,
    },
    /// PERT: a beta distribution on [low, high] with mean (low + 4·mode + high)/6.
    Pert {
        /// Lower bound.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        high: f64,
    },
    /// Normal, optionally truncated to [min, max].
    Normal {
        /// Mean (of the untruncated normal).
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// Lower truncation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Upper truncation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// Lognormal given by its 90% interval.
    Lognormal {
        /// 5th percentile.
        p5: f64,
        /// 95th percentile.
        p95: f64,
    },
    /// One of a few values with weights.
    Choice {
        /// The values.
        values: Vec<f64>,
        /// Their weights (equal when omitted).
        #[serde(default)]
        weights: Vec<f64>,
    },
}

/// What is wrong with a distribution's parameters: the parameter to point at and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistError {
    /// The parameter at fault (`None`: the distribution as a whole).
    pub param: Option<&'static str>,
    /// What is wrong and what is expected.
    pub message: String,
}

fn fail<T>(param: Option<&'static str>, message: impl Into<String>) -> Result<T, DistError> {
    Err(DistError { param, message: message.into() })
}

/// The precomputed inverse CDF.
#[derive(Debug, Clone)]
enum Inverse {
    Uniform {
        low: f64,
        width: f64,
    },
    Triangular {
        low: f64,
        high: f64,
        split: f64,
        left: f64,
        right: f64,
    },
    /// Quantiles at `i / TABLE_POINTS`, scaled to [low, low + width].
    Table {
        low: f64,
        width: f64,
        table: Arc<[f64]>,
    },
    Normal {
        mean: f64,
        sd: f64,
        lo: f64,
        span: f64,
        min: f64,
        max: f64,
    },
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    Choice {
        values: Arc<[f64]>,
        cumulative: Arc<[f64]>,
    },
}

/// A validated distribution, ready to sample.
#[derive(Debug, Clone)]
pub struct Dist {
    spec: DistSpec,
    inverse: Inverse,
}

impl Serialize for Dist {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(s)
    }
}

impl PartialEq for Dist {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

fn standard_normal() -> Normal {
    Normal::new(0.0, 1.0).expect("the standard normal is valid")
}

fn ordered(low: f64, mode: f64, high: f64) -> Result<(), DistError> {
    if low >= high {
        return fail(Some("high"), format!("`high` ({high}) must be above `low` ({low})"));
    }
    if !(low..=high).contains(&mode) {
        return fail(Some("mode"), format!("`mode` ({mode}) must lie between `low` ({low}) and `high` ({high})"));
    }
    Ok(())
}

/// Largest magnitude of a distribution parameter. Far above any input's limit, it keeps every derived
/// quantity (a PERT's shape, `4·(high − mode)`) finite.
pub const MAX_PARAMETER: f64 = 1e100;

impl Dist {
    /// Validates `spec` and precomputes its inverse CDF.
    pub fn new(spec: DistSpec) -> Result<Dist, DistError> {
        let finite = |name: &'static str, v: f64| {
            if !v.is_finite() {
                fail(Some(name), format!("`{name}` must be a finite number"))
            } else if v.abs() > MAX_PARAMETER {
                fail(Some(name), format!("`{name}` ({v:e}) is beyond ±1e100, the largest parameter accepted"))
            } else {
                Ok(())
            }
        };
        let inverse = match &spec {
            DistSpec::Uniform { low, high } => {
                finite("low", *low)?;
                finite("high", *high)?;
                if low >= high {
                    return fail(Some("high"), format!("`high` ({high}) must be above `low` ({low})"));
                }
                Inverse::Uniform { low: *low, width: high - low }
            }
            DistSpec::Triangular { low, mode, high } => {
                for (n, v) in [("low", low), ("mode", mode), ("high", high)] {
                    finite(n, *v)?;
                }
                ordered(*low, *mode, *high)?;
                Inverse::Triangular {
                    low: *low,
                    high: *high,
                    split: (mode - low) / (high - low),
                    left: (high - low) * (mode - low),
                    right: (high - low) * (high - mode),
                }
            }
            DistSpec::Pert { low, mode, high } => {
                for (n, v) in [("low", low), ("mode", mode), ("high", high)] {
                    finite(n, *v)?;
                }
                ordered(*low, *mode, *high)?;
                let width = high - low;
                let alpha = 1.0 + 4.0 * (mode - low) / width;
                let beta = 1.0 + 4.0 * (high - mode) / width;
                let table: Arc<[f64]> = (0..=TABLE_POINTS)
                    .map(|i| match i {
                        0 => 0.0,
                        i if i == TABLE_POINTS => 1.0,
                        i => inv_beta_reg(alpha, beta, i as f64 / TABLE_POINTS as f64),
                    })
                    .collect();
                Inverse::Table { low: *low, width, table }
            }
            DistSpec::Normal { mean, sd, min, max } => {
                finite("mean", *mean)?;
                finite("sd", *sd)?;
                if *sd < 0.0 {
                    return fail(Some("sd"), format!("`sd` must be at least 0, found {sd}"));
                }
                let (min_v, max_v) = (min.unwrap_or(f64::NEG_INFINITY), max.unwrap_or(f64::INFINITY));
                if min_v.is_nan() || max_v.is_nan() || min_v >= max_v {
                    return fail(Some("max"), format!("`max` ({max_v}) must be above `min` ({min_v})"));
                }
                let z = |x: f64| if *sd > 0.0 { (x - mean) / sd } else { (x - mean) * f64::INFINITY };
                let n = standard_normal();
                let lo = if min.is_some() { n.cdf(z(min_v)) } else { 0.0 };
                let hi = if max.is_some() { n.cdf(z(max_v)) } else { 1.0 };
                if *sd > 0.0 && hi - lo < 1e-12 {
                    return fail(
                        None,
                        format!("normal(mean = {mean}, sd = {sd}) has almost no probability in [{min_v}, {max_v}]"),
                    );
                }
                if *sd == 0.0 && !(min_v..=max_v).contains(mean) {
                    return fail(Some("mean"), format!("`mean` ({mean}) lies outside [{min_v}, {max_v}]"));
                }
                Inverse::Normal { mean: *mean, sd: *sd, lo, span: hi - lo, min: min_v, max: max_v }
            }
            DistSpec::Lognormal { p5, p95 } => {
                finite("p5", *p5)?;
                finite("p95", *p95)?;
                if *p5 <= 0.0 {
                    return fail(Some("p5"), format!("`p5` must be above 0 for a lognormal, found {p5}"));
                }
                if p95 <= p5 {
                    return fail(Some("p95"), format!("`p95` ({p95}) must be above `p5` ({p5})"));
                }
                let (a, b) = (p5.ln(), p95.ln());
                Inverse::Lognormal { mu: (a + b) / 2.0, sigma: (b - a) / (2.0 * Z95) }
            }
            DistSpec::Choice { values, weights } => {
                if values.is_empty() {
                    return fail(Some("values"), "`values` must list at least one value");
                }
                if values.iter().any(|v| !v.is_finite() || v.abs() > MAX_PARAMETER) {
                    return fail(Some("values"), "`values` must be finite numbers within ±1e100");
                }
                let weights: Vec<f64> = if weights.is_empty() { vec![1.0; values.len()] } else { weights.clone() };
                if weights.len() != values.len() {
                    return fail(
                        Some("weights"),
                        format!("`weights` has {} entries for {} values", weights.len(), values.len()),
                    );
                }
                if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
                    return fail(Some("weights"), "`weights` must be finite and at least 0");
                }
                // Scaled by the largest first: weights of 1e308 would sum to infinity and every share to 0,
                // so the last value would always be drawn (issue 13).
                let largest = weights.iter().copied().fold(0.0, f64::max);
                let weights: Vec<f64> = weights.iter().map(|w| if largest > 0.0 { w / largest } else { 0.0 }).collect();
                let total: f64 = weights.iter().sum();
                if total <= 0.0 {
                    return fail(Some("weights"), "`weights` must not all be 0");
                }
                let mut acc = 0.0;
                let cumulative: Arc<[f64]> = weights
                    .iter()
                    .map(|w| {
                        acc += w / total;
                        acc
                    })
                    .collect();
                Inverse::Choice { values: values.iter().copied().collect(), cumulative }
            }
        };
        let dist = Dist { spec, inverse };
        // A lognormal spanning hundreds of orders of magnitude overflows at its tails: refuse it here
        // rather than let a draw be infinite.
        let (lo, hi) = (dist.quantile(1e-9), dist.quantile(1.0 - 1e-9));
        if !lo.is_finite() || !hi.is_finite() {
            return fail(None, "its extreme percentiles overflow; give it a narrower range");
        }
        Ok(dist)
    }

    /// The parameters as written.
    pub fn spec(&self) -> &DistSpec {
        &self.spec
    }

    /// The value below which a fraction `u` of the mass lies (`0 < u < 1`).
    ///
    /// # Formula
    /// uniform `low + u·(high − low)`; triangular `low + √(u·(h−l)·(m−l))` below the mode's CDF,
    /// `high − √((1−u)·(h−l)·(h−m))` above; PERT: Beta(α, β) with `α = 1 + 4(m−l)/(h−l)`,
    /// `β = 1 + 4(h−m)/(h−l)`, scaled to [low, high], from a 4,097-point table of statrs's exact
    /// inverse (linear interpolation); normal `mean + sd·Φ⁻¹(Φ(a) + u·(Φ(b) − Φ(a)))` for truncation
    /// [a, b]; lognormal `exp(μ + σ·Φ⁻¹(u))` with `μ = (ln p5 + ln p95)/2`, `σ = (ln p95 − ln p5)/(2·1.6449)`;
    /// choice: the first value whose cumulative weight exceeds `u`.
    pub fn quantile(&self, u: f64) -> f64 {
        match &self.inverse {
            Inverse::Uniform { low, width } => low + u * width,
            Inverse::Triangular { low, high, split, left, right } => {
                if u < *split {
                    low + (u * left).sqrt()
                } else {
                    high - ((1.0 - u) * right).sqrt()
                }
            }
            Inverse::Table { low, width, table } => {
                let x = u.clamp(0.0, 1.0) * TABLE_POINTS as f64;
                let i = (x as usize).min(TABLE_POINTS - 1);
                let f = x - i as f64;
                low + width * (table[i] + f * (table[i + 1] - table[i]))
            }
            Inverse::Normal { mean, sd, lo, span, min, max } => {
                if *sd == 0.0 {
                    return *mean;
                }
                let p = (lo + u * span).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON);
                (mean + sd * standard_normal().inverse_cdf(p)).clamp(*min, *max)
            }
            Inverse::Lognormal { mu, sigma } => (mu + sigma * standard_normal().inverse_cdf(u)).exp(),
            Inverse::Choice { values, cumulative } => {
                let i = cumulative.partition_point(|&c| c <= u).min(values.len() - 1);
                values[i]
            }
        }
    }

    /// The median.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// Smallest and largest values the distribution can take (open ends as ±∞; a lognormal's lower end
    /// as the smallest positive number).
    pub fn support(&self) -> (f64, f64) {
        match &self.spec {
            DistSpec::Uniform { low, high }
            | DistSpec::Triangular { low, high, .. }
            | DistSpec::Pert { low, high, .. } => (*low, *high),
            DistSpec::Normal { mean, sd, min, max } => {
                if *sd == 0.0 {
                    (*mean, *mean)
                } else {
                    (min.unwrap_or(f64::NEG_INFINITY), max.unwrap_or(f64::INFINITY))
                }
            }
            DistSpec::Lognormal { .. } => (f64::MIN_POSITIVE, f64::INFINITY),
            DistSpec::Choice { values, .. } => (
                values.iter().copied().fold(f64::INFINITY, f64::min),
                values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            ),
        }
    }

    /// The same distribution with every value multiplied by `k > 0` (currency conversion).
    pub fn scaled(&self, k: f64) -> Dist {
        let s = |v: f64| v * k;
        let spec = match &self.spec {
            DistSpec::Uniform { low, high } => DistSpec::Uniform { low: s(*low), high: s(*high) },
            DistSpec::Triangular { low, mode, high } => {
                DistSpec::Triangular { low: s(*low), mode: s(*mode), high: s(*high) }
            }
            DistSpec::Pert { low, mode, high } => DistSpec::Pert { low: s(*low), mode: s(*mode), high: s(*high) },
            DistSpec::Normal { mean, sd, min, max } => {
                DistSpec::Normal { mean: s(*mean), sd: s(*sd), min: min.map(s), max: max.map(s) }
            }
            DistSpec::Lognormal { p5, p95 } => DistSpec::Lognormal { p5: s(*p5), p95: s(*p95) },
            DistSpec::Choice { values, weights } => {
                DistSpec::Choice { values: values.iter().map(|v| s(*v)).collect(), weights: weights.clone() }
            }
        };
        Dist::new(spec).expect("scaling a valid distribution by a positive factor keeps it valid")
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.spec.write_with(f, &super::format::number)
    }
}

impl DistSpec {
    /// The distribution with its parameters written by `g` (e.g. as percentages, or money). Weights of a
    /// `choice` are plain numbers whatever `g` is.
    pub fn display_with(&self, g: &dyn Fn(f64) -> String) -> String {
        let mut s = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_with(&mut s, g);
        s
    }

    fn write_with(&self, f: &mut dyn fmt::Write, g: &dyn Fn(f64) -> String) -> fmt::Result {
        match self {
            DistSpec::Uniform { low, high } => write!(f, "uniform({}, {})", g(*low), g(*high)),
            DistSpec::Triangular { low, mode, high } => {
                write!(f, "triangular({}, {}, {})", g(*low), g(*mode), g(*high))
            }
            DistSpec::Pert { low, mode, high } => write!(f, "pert({}, {}, {})", g(*low), g(*mode), g(*high)),
            DistSpec::Normal { mean, sd, min, max } => {
                write!(f, "normal(mean {}, sd {}", g(*mean), g(*sd))?;
                if let Some(m) = min {
                    write!(f, ", min {}", g(*m))?;
                }
                if let Some(m) = max {
                    write!(f, ", max {}", g(*m))?;
                }
                write!(f, ")")
            }
            DistSpec::Lognormal { p5, p95 } => write!(f, "lognormal(p5 {}, p95 {})", g(*p5), g(*p95)),
            DistSpec::Choice { values, weights } => {
                let v: Vec<String> = values.iter().map(|x| g(*x)).collect();
                if weights.is_empty() {
                    write!(f, "choice({})", v.join(", "))
                } else {
                    let w: Vec<String> = weights.iter().map(|x| super::format::number(*x)).collect();
                    write!(f, "choice({} weighted {})", v.join(", "), w.join(", "))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::Xoshiro256PlusPlus};
    use statrs::distribution::{Beta, LogNormal, Triangular, Uniform};

    fn dist(spec: DistSpec) -> Dist {
        Dist::new(spec).unwrap()
    }

    /// A test distribution and its exact CDF from statrs.
    type Case = (Dist, Box<dyn Fn(f64) -> f64>);

    fn cases() -> Vec<Case> {
        let normal = standard_normal();
        let trunc = move |x: f64| {
            let (lo, hi) = (normal.cdf((0.0 - 10.0) / 4.0), normal.cdf((12.0 - 10.0) / 4.0));
            (normal.cdf((x - 10.0) / 4.0) - lo) / (hi - lo)
        };
        let beta = Beta::new(1.0 + 4.0 * 0.5 / 3.0, 1.0 + 4.0 * 2.5 / 3.0).unwrap();
        let mu = (2f64.ln() + 50f64.ln()) / 2.0;
        let sigma = (50f64.ln() - 2f64.ln()) / (2.0 * Z95);
        let ln = LogNormal::new(mu, sigma).unwrap();
        let uni = Uniform::new(2.0, 5.0).unwrap();
        let tri = Triangular::new(1.0, 4.0, 1.5).unwrap();
        vec![
            (dist(DistSpec::Uniform { low: 2.0, high: 5.0 }), Box::new(move |x| uni.cdf(x))),
            (dist(DistSpec::Triangular { low: 1.0, mode: 1.5, high: 4.0 }), Box::new(move |x| tri.cdf(x))),
            (dist(DistSpec::Pert { low: 1.0, mode: 1.5, high: 4.0 }), Box::new(move |x| beta.cdf((x - 1.0) / 3.0))),
            (
                dist(DistSpec::Normal { mean: 3.0, sd: 0.5, min: None, max: None }),
                Box::new(move |x| normal.cdf((x - 3.0) / 0.5)),
            ),
            (dist(DistSpec::Normal { mean: 10.0, sd: 4.0, min: Some(0.0), max: Some(12.0) }), Box::new(trunc)),
            (dist(DistSpec::Lognormal { p5: 2.0, p95: 50.0 }), Box::new(move |x| ln.cdf(x))),
        ]
    }

    #[test]
    fn quantiles_invert_the_exact_cdf() {
        for (d, cdf) in cases() {
            for i in 1..200 {
                let u = f64::from(i) / 200.0;
                let back = cdf(d.quantile(u));
                // The PERT table interpolates linearly between 4,097 exact points.
                let tol = if matches!(d.spec(), DistSpec::Pert { .. }) { 2e-5 } else { 1e-9 };
                assert!((back - u).abs() < tol, "{d}: F(Q({u})) = {back}");
            }
        }
    }

    #[test]
    fn sampled_quantiles_match_the_exact_cdf_within_sampling_error() {
        // The empirical p-quantile of N draws has F(x̂_p) ≈ p ± √(p(1−p)/N); five standard errors make a
        // false failure about a one-in-a-million event.
        const N: usize = 200_000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        for (d, cdf) in cases() {
            let mut draws: Vec<f64> = (0..N).map(|_| d.quantile(rng.random::<f64>())).collect();
            draws.sort_by(f64::total_cmp);
            for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
                let x = draws[(p * N as f64) as usize];
                let se = (p * (1.0 - p) / N as f64).sqrt();
                assert!((cdf(x) - p).abs() < 5.0 * se, "{d}: F(q{p}) = {}", cdf(x));
            }
        }
    }

    #[test]
    fn lognormal_round_trips_its_interval() {
        let d = dist(DistSpec::Lognormal { p5: 1e3, p95: 1e6 });
        assert!((d.quantile(0.05) / 1e3 - 1.0).abs() < 1e-9);
        assert!((d.quantile(0.95) / 1e6 - 1.0).abs() < 1e-9);
        // The median of a lognormal given by p5/p95 is their geometric mean: √(1e3 · 1e6) = 31,622.8.
        assert!((d.median() / (1e3_f64 * 1e6).sqrt() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn pert_mean_is_low_plus_four_mode_plus_high_over_six() {
        // Mean = ∫₀¹ Q(u) du, by the midpoint rule over 100,000 points.
        for (l, m, h) in [(1.39, 2.2, 3.2), (0.0, 0.0, 1.0), (10.0, 18.0, 20.0)] {
            let d = dist(DistSpec::Pert { low: l, mode: m, high: h });
            let n = 100_000;
            let mean: f64 = (0..n).map(|i| d.quantile((f64::from(i) + 0.5) / f64::from(n))).sum::<f64>() / f64::from(n);
            let want = (l + 4.0 * m + h) / 6.0;
            assert!((mean - want).abs() < 1e-4 * (h - l), "pert({l},{m},{h}) mean {mean} vs {want}");
        }
    }

    #[test]
    fn choice_follows_its_weights() {
        let d = dist(DistSpec::Choice { values: vec![1.0, 2.0, 3.0], weights: vec![1.0, 0.0, 3.0] });
        assert_eq!(d.quantile(0.1), 1.0);
        assert_eq!(d.quantile(0.26), 3.0);
        assert_eq!(d.quantile(0.9999), 3.0);
        let huge = dist(DistSpec::Choice { values: vec![4.0, 8.0], weights: vec![1e308, 1e308] });
        assert_eq!((huge.quantile(0.4), huge.quantile(0.6)), (4.0, 8.0), "equal huge weights split evenly");
        let equal = dist(DistSpec::Choice { values: vec![4.0, 8.0], weights: vec![] });
        assert_eq!((equal.quantile(0.4), equal.quantile(0.6)), (4.0, 8.0));
    }

    #[test]
    fn bad_parameters_name_the_parameter() {
        let bad = [
            (DistSpec::Uniform { low: 2.0, high: 1.0 }, Some("high")),
            (DistSpec::Triangular { low: 0.0, mode: 3.0, high: 2.0 }, Some("mode")),
            (DistSpec::Pert { low: 1.0, mode: 1.0, high: 1.0 }, Some("high")),
            (DistSpec::Normal { mean: 0.0, sd: -1.0, min: None, max: None }, Some("sd")),
            (DistSpec::Normal { mean: 0.0, sd: 1.0, min: Some(2.0), max: Some(1.0) }, Some("max")),
            (DistSpec::Normal { mean: 0.0, sd: 1.0, min: Some(50.0), max: Some(60.0) }, None),
            (DistSpec::Lognormal { p5: 0.0, p95: 1.0 }, Some("p5")),
            (DistSpec::Lognormal { p5: 2.0, p95: 1.0 }, Some("p95")),
            (DistSpec::Choice { values: vec![], weights: vec![] }, Some("values")),
            (DistSpec::Choice { values: vec![1.0], weights: vec![-1.0] }, Some("weights")),
            (DistSpec::Choice { values: vec![1.0, 2.0], weights: vec![1.0] }, Some("weights")),
            (DistSpec::Uniform { low: f64::NAN, high: 1.0 }, Some("low")),
        ];
        for (spec, param) in bad {
            let err = Dist::new(spec.clone()).unwrap_err();
            assert_eq!(err.param, param, "{spec:?}: {}", err.message);
        }
    }

    #[test]
    fn zero_sd_is_a_point_mass_and_scaling_scales() {
        let d = dist(DistSpec::Normal { mean: 5.0, sd: 0.0, min: None, max: None });
        assert_eq!((d.quantile(0.01), d.quantile(0.99), d.support()), (5.0, 5.0, (5.0, 5.0)));
        let p = dist(DistSpec::Pert { low: 1.0, mode: 2.0, high: 4.0 }).scaled(0.5);
        assert_eq!(p.spec(), &DistSpec::Pert { low: 0.5, mode: 1.0, high: 2.0 });
        assert_eq!(p.to_string(), "pert(0.500, 1.00, 2.00)");
    }
}
