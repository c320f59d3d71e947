//! Efficiency priors fitted to published or measured figures by one stated method, the same for the
//! built-in defaults (`accuracy --refit`, fit half only) and a user's own numbers (`calibrate`).
//! docs/ACCURACY.md, "Method".

use super::{point_value, published, scenario};
use crate::base::dist::DistSpec;
use crate::catalog::cases::{Case, CaseKind};
use crate::catalog::{Catalog, DefaultEntry};
use crate::model::{MFU_REFERENCE_PARAMS_B, training_mfu_size_factor};
use crate::sim::SimOptions;

/// The z-score of the 95th percentile of a normal distribution.
const Z95: f64 = 1.644_853_626_951_472_2;

/// Coverage of the fitted cases the serving spread is widened to.
pub const TARGET_COVERAGE: f64 = 0.9;

/// Steps of the serving priors' relative half-width: 5%, 10%, ... 95%.
const WIDTH_STEP: f64 = 0.05;

/// Trials per case when the serving spread is calibrated.
const WIDTH_SAMPLES: u64 = 1_000;

/// Step of the grid over the training size exponent and the log of the MoE factor.
const GRID_STEP: f64 = 0.005;

/// The widest training spread tried, in multiples of the robust residual standard deviation.
const MAX_SPREAD_MULTIPLE: f64 = 5.0;

/// Rounds of coordinate descent over the serving efficiencies.
const ROUNDS: usize = 4;

/// What a fit produced.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The fitted defaults, ready for a catalog's `[[defaults]]`.
    pub entries: Vec<DefaultEntry>,
    /// Median `|ln(point / published)|` over the cases at the catalog's defaults, before the fit.
    pub before: f64,
    /// The same with the fitted defaults.
    pub after: f64,
    /// Serving cases fitted on.
    pub serving: usize,
    /// Training cases fitted on.
    pub training: usize,
}

/// Why a fit could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// No case to fit on.
    #[error("no case to fit on")]
    Empty,
    /// A case's scenario did not build or the model cannot run it.
    #[error("case `{id}`: {message}")]
    Case {
        /// Its id.
        id: String,
        /// What went wrong.
        message: String,
    },
}

/// Fits the efficiency priors on `cases`: serving MFU, MBU and (with mixture-of-experts cases) the MoE
/// serving efficiency; training MFU at 70B and its size exponent. `label` says what the cases are (it
/// goes into each entry's `source`), `as_of` dates the entries.
///
/// # Formula
/// - Serving: the medians minimize `Σ |ln(point_i / published_i)|` (coordinate descent, golden section in
///   log space); each prior is then uniform over `median · (1 ± w)` (capped at 1), `w` the smallest multiple
///   of 5% that puts at least 90% of the cases inside their p5–p95 band.
/// - Training: each case's implied MFU `m_i` (the MFU at which the point estimate equals the published
///   figure, bisection), then least absolute deviations `ln m_i = a + b · ln(P_active,i / 70B) + d · [MoE]`
///   (grid over b and d in steps of 0.005; 0 when the cases do not vary them); the prior is lognormal with
///   median `e^a` and p5/p95 `e^(a ∓ 1.645 k s)`, `s` = 1.4826 × the median absolute deviation of the
///   residuals, `k` the smallest multiple of 0.1 from 1 that puts 90% of the cases inside their band.
pub fn fit(cases: &[&Case], catalog: &Catalog, label: &str, as_of: &str) -> Result<Fitted, FitError> {
    if cases.is_empty() {
        return Err(FitError::Empty);
    }
    let serving: Vec<&Case> = cases.iter().copied().filter(|c| c.kind == CaseKind::Serving).collect();
    let training: Vec<&Case> = cases.iter().copied().filter(|c| c.kind == CaseKind::Training).collect();
    let mut entries = Vec::new();
    if !serving.is_empty() {
        entries.extend(fit_serving(&serving, catalog, label, as_of)?);
    }
    if !training.is_empty() {
        entries.extend(fit_training(&training, catalog, label, as_of)?);
    }
    let mut fitted = catalog.clone();
    for e in &entries {
        fitted.set_default(e.clone());
    }
    Ok(Fitted {
        before: median_abs_log_error(cases, catalog)?,
        after: median_abs_log_error(cases, &fitted)?,
        entries,
        serving: serving.len(),
        training: training.len(),
    })
}

/// Median `|ln(point / published)|` of `cases` under `catalog`.
pub fn median_abs_log_error(cases: &[&Case], catalog: &Catalog) -> Result<f64, FitError> {
    let mut errors =
        cases.iter().map(|c| Ok(log_error(c, &[], catalog)?.abs())).collect::<Result<Vec<f64>, FitError>>()?;
    Ok(super::quantile(&mut errors, 0.5))
}

/// `ln(point / published)` of `case` with `extra` workload lines.
fn log_error(case: &Case, extra: &[String], catalog: &Catalog) -> Result<f64, FitError> {
    let failed = |message: String| FitError::Case { id: case.id.clone(), message };
    let s = scenario(case, extra, catalog).map_err(failed)?;
    let value = point_value(case, &s, catalog).map_err(failed)?;
    Ok((value / published(case)).ln())
}

fn is_moe(case: &Case, catalog: &Catalog) -> bool {
    catalog.model(&case.model).is_some_and(|m| m.active_params_b < m.params_b)
}

/// The serving efficiencies a fit adjusts: default key, scenario field, bounds.
struct Knob {
    key: &'static str,
    field: &'static str,
    /// Where the descent starts, so the fit does not depend on the catalog it starts from.
    start: f64,
    low: f64,
    high: f64,
    moe_only: bool,
}

const KNOBS: [Knob; 3] = [
    Knob { key: "workload.mfu.inference", field: "mfu", start: 0.4, low: 0.05, high: 1.0, moe_only: false },
    Knob { key: "workload.mbu", field: "mbu", start: 0.7, low: 0.1, high: 1.0, moe_only: false },
    Knob {
        key: "workload.serving_efficiency.moe",
        field: "serving_efficiency",
        start: 0.5,
        low: 0.05,
        high: 1.0,
        moe_only: true,
    },
];

/// Workload lines fixing or spreading each knob for `case`.
fn lines(case: &Case, catalog: &Catalog, values: &[f64], width: Option<f64>) -> Vec<String> {
    KNOBS
        .iter()
        .zip(values)
        .filter(|(k, _)| !k.moe_only || is_moe(case, catalog))
        .map(|(k, &v)| match width {
            None => format!("{} = {v}", k.field),
            Some(w) => {
                let (lo, hi) = spread(v, w, k.high);
                format!("{} = {{ dist = \"uniform\", low = {lo}, high = {hi} }}", k.field)
            }
        })
        .collect()
}

/// `median · (1 ± w)`, the top capped at `cap`.
fn spread(median: f64, w: f64, cap: f64) -> (f64, f64) {
    (median * (1.0 - w), (median * (1.0 + w)).min(cap))
}

fn fit_serving(cases: &[&Case], catalog: &Catalog, label: &str, as_of: &str) -> Result<Vec<DefaultEntry>, FitError> {
    let with_moe = cases.iter().any(|c| is_moe(c, catalog));
    let mut values: Vec<f64> = KNOBS.iter().map(|k| k.start).collect();
    // Least absolute deviations: one case from an older software stack must not drag every prior.
    let loss = |values: &[f64]| -> Result<f64, FitError> {
        cases.iter().map(|c| Ok(log_error(c, &lines(c, catalog, values, None), catalog)?.abs())).sum()
    };
    for _ in 0..ROUNDS {
        for (i, knob) in KNOBS.iter().enumerate() {
            if knob.moe_only && !with_moe {
                continue;
            }
            let mut trial = values.clone();
            let mut at = |v: f64| -> Result<f64, FitError> {
                trial[i] = v;
                loss(&trial)
            };
            values[i] = golden_log(knob.low, knob.high, &mut at)?;
        }
    }
    // The spread: the smallest width that covers the target share of the fitted cases.
    let opts = SimOptions { samples: WIDTH_SAMPLES, seed: 7, crn: true };
    let mut width = WIDTH_STEP;
    while width < 1.0 - 1e-9 {
        let inside =
            cases.iter().filter(|c| covered(c, &lines(c, catalog, &values, Some(width)), catalog, &opts)).count();
        if inside as f64 >= TARGET_COVERAGE * cases.len() as f64 {
            break;
        }
        width += WIDTH_STEP;
    }
    let width = (width / WIDTH_STEP).round() * WIDTH_STEP;
    let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let mut out = Vec::new();
    for (knob, &value) in KNOBS.iter().zip(&values) {
        if knob.moe_only && !with_moe {
            continue;
        }
        let value = round4(value);
        let (low, high) = spread(value, width, knob.high);
        let (low, high) = (round4(low), round4(high));
        let base = catalog.default_entry(knob.key).ok();
        out.push(DefaultEntry {
            key: knob.key.to_string(),
            value: round4((low + high) / 2.0),
            unit: base.map_or_else(|| "fraction".to_string(), |b| b.unit.clone()),
            source: format!(
                "Fitted on {label} ({} serving cases: {}): medians minimizing the sum of absolute log errors of \
                 the point estimate ({value}), then uniform over ±{:.0}%, the smallest step of 5% that puts at least \
                 90% of those cases inside their p5-p95 band (docs/ACCURACY.md, \"Method\")",
                cases.len(),
                ids.join(", "),
                width * 100.0
            ),
            as_of: as_of.to_string(),
            note: String::new(),
            thin: cases.len() < 10,
            dist: Some(DistSpec::Uniform { low, high }),
            origin: String::new(),
        });
    }
    Ok(out)
}

/// The MFU at which `case`'s point estimate equals its published figure (bisection in log space).
fn implied_mfu(case: &Case, catalog: &Catalog) -> Result<f64, FitError> {
    let at = |m: f64| log_error(case, &[format!("mfu = {m}")], catalog);
    // Throughput grows with MFU; GPU-hours fall.
    let sign = if super::compared_unit(case) == "GPU-hours" { -1.0 } else { 1.0 };
    let (mut lo, mut hi) = (1e-3_f64.ln(), 0.0_f64);
    if sign * at(hi.exp())? < 0.0 {
        return Ok(1.0);
    }
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if sign * at(mid.exp())? < 0.0 { lo = mid } else { hi = mid }
    }
    Ok((0.5 * (lo + hi)).exp())
}

fn fit_training(cases: &[&Case], catalog: &Catalog, label: &str, as_of: &str) -> Result<Vec<DefaultEntry>, FitError> {
    // (ln size ratio, MoE indicator, ln implied MFU) of each case.
    let points: Vec<(f64, f64, f64)> = cases
        .iter()
        .map(|c| {
            let model = catalog.model(&c.model);
            let active = model.map_or(MFU_REFERENCE_PARAMS_B, |m| m.active_params_b);
            let moe = if is_moe(c, catalog) { 1.0 } else { 0.0 };
            Ok(((active / MFU_REFERENCE_PARAMS_B).ln(), moe, implied_mfu(c, catalog)?.ln()))
        })
        .collect::<Result<_, FitError>>()?;
    let sizes_vary = points.iter().any(|p| (p.0 - points[0].0).abs() > 1e-9);
    let moe_varies = points.iter().any(|p| p.1 != points[0].1);
    let residual = |a: f64, b: f64, d: f64, p: &(f64, f64, f64)| p.2 - a - b * p.0 - d * p.1;
    // Least absolute deviations: for given b and d the best intercept is the median residual; b and d by an
    // exhaustive grid, so the fit has one answer whatever the catalog it starts from.
    let intercept = |b: f64, d: f64| {
        let mut r: Vec<f64> = points.iter().map(|p| p.2 - b * p.0 - d * p.1).collect();
        super::quantile(&mut r, 0.5)
    };
    let loss = |b: f64, d: f64| {
        let a = intercept(b, d);
        points.iter().map(|p| residual(a, b, d, p).abs()).sum::<f64>()
    };
    // A term the cases cannot tell apart keeps the catalog's value.
    let catalog_value = |key: &str, or: f64| catalog.default_entry(key).map_or(or, |e| e.value);
    let grid = |lo: f64, hi: f64, on: bool, kept: f64| -> Vec<f64> {
        if on {
            (0..=((hi - lo) / GRID_STEP).round() as usize).map(|i| lo + i as f64 * GRID_STEP).collect()
        } else {
            vec![kept]
        }
    };
    let kept_b = catalog_value("workload.mfu.training.size_exponent", 0.0);
    let kept_d = catalog_value("workload.mfu.training.moe_factor", 1.0).max(1e-9).ln();
    let (mut b, mut d, mut best) = (kept_b, kept_d, f64::INFINITY);
    for &bb in &grid(-1.0, 1.0, sizes_vary, kept_b) {
        for &dd in &grid(-3.0, 0.5, moe_varies, kept_d) {
            let l = loss(bb, dd);
            if l < best - 1e-12 {
                (b, d, best) = (bb, dd, l);
            }
        }
    }
    let a = intercept(b, d);
    let mut r: Vec<f64> = points.iter().map(|p| residual(a, b, d, p)).collect();
    let centre = super::quantile(&mut r, 0.5);
    let mut abs: Vec<f64> = r.iter().map(|x| (x - centre).abs()).collect();
    // The robust standard deviation: 1.4826 × the median absolute deviation of the residuals.
    let s = if points.len() > 2 {
        1.4826 * super::quantile(&mut abs, 0.5)
    } else {
        // Too few points for a spread: keep the catalog's around the new median.
        match catalog.default_entry("workload.mfu.training").ok().and_then(|e| e.dist.clone()) {
            Some(DistSpec::Lognormal { p5, p95 }) => (p95 / p5).ln() / (2.0 * Z95),
            _ => 0.0,
        }
    };
    let median = a.exp();
    let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let make = |k: f64| -> Vec<DefaultEntry> {
        let how = format!(
            "Fitted on {label} ({} training cases: {}): each case's implied MFU on the dense BF16 peak (FP8 runs at \
             the FP8 speedup's median), least absolute deviations ln MFU = a + b ln(P_active / 70B) + d [MoE]; the \
             prior is lognormal with median e^a and p5/p95 at ±1.645 k s, s = 1.4826 x the median absolute deviation \
             of the residuals ({:.3}), k = {:.1} the smallest multiple of 0.1 from 1 that puts at least 90% of those \
             cases inside their p5-p95 band (docs/ACCURACY.md, \"Method\")",
            cases.len(),
            ids.join(", "),
            s,
            k
        );
        let mut entries = vec![
            DefaultEntry {
                key: "workload.mfu.training".into(),
                value: round4(median),
                unit: "fraction of the dense BF16 peak, dense model of 70B active parameters".into(),
                source: how.clone(),
                as_of: as_of.to_string(),
                note: "A user's own runs calibrate it: `computecost calibrate`".into(),
                thin: cases.len() < 10,
                // Cases the line fits exactly leave no spread to give.
                dist: (round4(median * (-Z95 * s * k).exp()) < round4(median * (Z95 * s * k).exp())).then(|| {
                    DistSpec::Lognormal {
                        p5: round4(median * (-Z95 * s * k).exp()),
                        p95: round4(median * (Z95 * s * k).exp()),
                    }
                }),
                origin: String::new(),
            },
            DefaultEntry {
                key: "workload.mfu.training.size_exponent".into(),
                value: round4(b),
                unit: "exponent".into(),
                source: how.clone(),
                as_of: as_of.to_string(),
                note: format!(
                    "The MFU prior of a model of P_active parameters is the 70B prior × (P_active / 70B)^b; e.g. 8B: \
                     × {:.3}",
                    training_mfu_size_factor(8.0, round4(b))
                ),
                thin: cases.len() < 10,
                dist: None,
                origin: String::new(),
            },
            DefaultEntry {
                key: "workload.mfu.training.moe_factor".into(),
                value: round4(d.exp()),
                unit: "x MFU".into(),
                source: how,
                as_of: as_of.to_string(),
                note: "Mixtures of experts: the MFU prior (on active parameters) times this factor, for the \
                       all-to-all and the small expert GEMMs"
                    .into(),
                thin: cases.len() < 10,
                dist: None,
                origin: String::new(),
            },
        ];
        // Terms the cases do not vary are left to the catalog.
        entries.retain(|e| match e.key.as_str() {
            "workload.mfu.training.size_exponent" => sizes_vary,
            "workload.mfu.training.moe_factor" => moe_varies,
            _ => true,
        });
        entries
    };
    // The spread: the smallest multiple that covers the target share of the fitted cases.
    let opts = SimOptions { samples: WIDTH_SAMPLES, seed: 7, crn: true };
    let mut k = 1.0_f64;
    loop {
        let entries = make(k);
        let mut trial = catalog.clone();
        for e in &entries {
            trial.set_default(e.clone());
        }
        let inside = cases.iter().filter(|c| covered(c, &[], &trial, &opts)).count();
        if inside as f64 >= TARGET_COVERAGE * cases.len() as f64 || k >= MAX_SPREAD_MULTIPLE || s == 0.0 {
            return Ok(entries);
        }
        k = ((k + 0.1) * 10.0).round() / 10.0;
    }
}

/// Whether `case`'s published figure lies inside the model's p5-p95 band under `catalog`.
fn covered(case: &Case, extra: &[String], catalog: &Catalog, opts: &SimOptions) -> bool {
    scenario(case, extra, catalog).is_ok_and(|s| {
        let r = crate::analysis::monte_carlo(&s, catalog, opts, &|_| {});
        super::band(case, &r).is_ok_and(|(lo, _, hi)| (lo..=hi).contains(&published(case)))
    })
}

/// `v` to four significant figures (what the defaults file records).
pub fn round4(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let digits = 3 - v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (v * scale).round() / scale
}

/// The minimum of `f` over `[low, high]` by golden-section search on `ln x`.
fn golden_log(low: f64, high: f64, f: &mut impl FnMut(f64) -> Result<f64, FitError>) -> Result<f64, FitError> {
    golden(low.ln(), high.ln(), &mut |x| f(x.exp())).map(f64::exp)
}

/// The minimum of `f` over `[low, high]` by golden-section search.
fn golden(low: f64, high: f64, f: &mut impl FnMut(f64) -> Result<f64, FitError>) -> Result<f64, FitError> {
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (low, high);
    let mut c = b - ratio * (b - a);
    let mut d = a + ratio * (b - a);
    let (mut fc, mut fd) = (f(c)?, f(d)?);
    for _ in 0..40 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - ratio * (b - a);
            fc = f(c)?;
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + ratio * (b - a);
            fd = f(d)?;
        }
    }
    Ok(0.5 * (a + b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_section_finds_a_minimum_in_log_space() {
        let mut f = |x: f64| Ok((x.ln() - 0.3f64.ln()).powi(2));
        assert!((golden_log(0.01, 1.0, &mut f).unwrap() - 0.3).abs() < 1e-6);
        assert_eq!(round4(0.123_456), 0.1235);
        assert_eq!(round4(1234.56), 1235.0);
    }
}
