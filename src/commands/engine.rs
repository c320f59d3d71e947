//! What every simulating command shares: loading the scenario with its overrides, and running it (point
//! estimate or Monte Carlo) on the requested threads with one progress bar across all its runs.

use crate::analysis::{self, Results};
use crate::catalog::Catalog;
use crate::cli::{CatalogArgs, ScenarioArgs, SimArgs};
use crate::commands::error::{Error, Usage};
use crate::report::Bundle;
use crate::scenario::{self, PriceCheck, Scenario};
use crate::sim::{self, SimOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The catalog the arguments name and the scenario (the flagship without one), overrides applied and
/// prices aged.
pub fn load(input: &ScenarioArgs) -> Result<(Catalog, Scenario), Error> {
    let catalog = catalog(&input.catalog)?;
    let scenario = load_in(input, &[], &catalog)?;
    Ok((catalog, scenario))
}

/// The built-in catalog with the user's catalog files merged in.
pub fn catalog(args: &CatalogArgs) -> Result<Catalog, Error> {
    Ok(Catalog::with_files(&args.catalog_files, &today(args))?)
}

/// The day prices are aged against: `--today`, or the system clock's date (UTC). The only place the
/// clock is read.
pub fn today(args: &CatalogArgs) -> String {
    args.today.clone().unwrap_or_else(|| {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        crate::base::date::iso_date((secs / 86_400) as i64)
    })
}

/// A data file the user gives (measurements, a price list, a bill), read as text of at most a catalog's
/// size, under its printable name: errors and diagnostics then point into it.
pub fn data_file(path: &Path) -> Result<crate::base::diagnostic::Source, Error> {
    let name = crate::base::text::printable(&path.display().to_string()).into_owned();
    let text = crate::base::input::read_text(path, crate::base::input::MAX_CATALOG_BYTES)
        .map_err(|source| crate::catalog::CatalogError::Read { path: name.clone(), source })?;
    Ok(crate::base::diagnostic::Source::new(name, text))
}

/// Adds the stale-price warnings of `scenario` on the day the arguments say.
/// With `--strict-prices`, a stale offer is an error instead. Every catalog GPU price is then widened for
/// its age by the fitted price drift (docs/MODEL.md, "Price drift").
pub fn check_prices(scenario: &mut Scenario, args: &CatalogArgs, catalog: &Catalog) -> Result<(), Error> {
    let today = today(args);
    let stale = analysis::stale::stale_offers(scenario, &today, args.max_age_days);
    if args.strict_prices && !stale.is_empty() {
        let offers = stale.iter().map(|w| w.message.clone()).collect();
        return Err(Usage::StalePrices { offers }.into());
    }
    scenario.warnings.extend(stale);
    let drift = catalog.default_entry("provider.price_drift_per_sqrt_year")?.value;
    scenario::aging::age_prices(scenario, &today, drift);
    scenario.price_check = Some(PriceCheck { today, max_age_days: args.max_age_days });
    Ok(())
}

/// The scenario the arguments name with their overrides and then `extra` ones (a sweep's value).
pub fn load_in(input: &ScenarioArgs, extra: &[String], catalog: &Catalog) -> Result<Scenario, Error> {
    let sets: Vec<String> = input.set.iter().chain(extra).cloned().collect();
    let mut scenario = match &input.scenario {
        Some(path) => scenario::load_with(path, &sets, catalog)?,
        None => scenario::flagship_with(&sets, catalog)?,
    };
    check_prices(&mut scenario, &input.catalog, catalog)?;
    Ok(scenario)
}

/// Writes one text file the way `init`, `calibrate` and `prices import` do: to stdout when `path` is `-`,
/// else atomically, refusing to overwrite without `force`, then says where it went and what to run `next`
/// (with the path appended).
pub fn write_text(
    path: &Path,
    force: bool,
    text: &str,
    next: &str,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<(), Error> {
    if path.as_os_str() == "-" {
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    if path.exists() && !force {
        return Err(Usage::FileExists { path: path.to_path_buf() }.into());
    }
    crate::report::write_atomic(path, text.as_bytes())?;
    writeln!(err, "wrote {}", path.display())?;
    writeln!(out, "next: {next} {}", path.display())?;
    Ok(())
}

/// Writes `bundle` into `folder` all or nothing, with signals deferred until the earlier files are back
/// or the new ones all in place; returns the files written.
pub fn write(bundle: &Bundle, folder: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(super::interrupt::while_writing(|interrupted| bundle.write(folder, interrupted))?)
}

/// Runs scenarios as the sampling options ask, with a progress bar on a terminal once the work has
/// taken more than half a second.
pub struct Engine {
    point: bool,
    opts: SimOptions,
    pool: Option<rayon::ThreadPool>,
    bar: ProgressBar,
    show: bool,
    shown: AtomicBool,
    start: Instant,
}

impl Engine {
    /// An engine for `runs` runs (the bar's length; more may be added with [`Engine::expect`]).
    pub fn new(args: &SimArgs, runs: u64) -> Result<Engine, Error> {
        if !args.point && args.samples == 0 {
            return Err(Usage::NoSamples.into());
        }
        if !args.point && args.samples > crate::base::defaults::MAX_SAMPLES {
            return Err(Usage::TooManySamples { given: args.samples }.into());
        }
        let pool = match args.threads {
            Some(threads) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(usize::from(threads.max(1)))
                    .build()
                    .map_err(|e| Usage::Threads { threads, message: e.to_string() })?,
            ),
            None => None,
        };
        let per_run = if args.point { 1 } else { args.samples };
        let bar = ProgressBar::with_draw_target(Some(per_run * runs), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos}/{len} trials {wide_bar} {eta}").expect("template parses"),
        );
        Ok(Engine {
            point: args.point,
            opts: SimOptions { samples: args.samples, seed: args.seed, crn: true },
            pool,
            bar,
            show: !args.quiet && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            start: Instant::now(),
        })
    }

    /// Refuses `runs` runs when their trials together pass [`crate::base::defaults::MAX_TOTAL_TRIALS`].
    pub fn budget(&self, runs: u64, what: &'static str) -> Result<(), Error> {
        let trials = runs.saturating_mul(if self.point { 1 } else { self.opts.samples });
        if !self.point && trials > crate::base::defaults::MAX_TOTAL_TRIALS {
            return Err(Usage::TrialBudget { what, runs, samples: self.opts.samples, trials }.into());
        }
        Ok(())
    }

    /// Adds `runs` more runs to the bar's length.
    pub fn expect(&self, runs: u64) {
        self.bar.inc_length(runs * if self.point { 1 } else { self.opts.samples });
    }

    fn tick(&self, n: u64) {
        self.bar.inc(n);
        if self.show && !self.shown.load(Ordering::Relaxed) && self.start.elapsed() > Duration::from_millis(500) {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// The results of `scenario`: a point estimate or a Monte Carlo run; an error if any result is not a
    /// finite number.
    pub fn results(&self, scenario: &Scenario, catalog: &Catalog) -> Result<Results, Error> {
        let summary = if self.point {
            self.tick(1);
            sim::point::summary(scenario)
        } else {
            let run = || sim::run(scenario, &self.opts, &|n| self.tick(n));
            match &self.pool {
                Some(pool) => pool.install(run),
                None => run(),
            }
        };
        let results = analysis::results(scenario, catalog, &summary);
        finite(&results)?;
        Ok(results)
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Refuses results holding a number that is not finite (a payback that never comes is the one infinity
/// the model means), naming the inputs at extreme magnitudes as the likely cause.
fn finite(results: &Results) -> Result<(), Error> {
    use crate::sim::Metric;
    for p in &results.providers {
        let Some(metrics) = &p.metrics else { continue };
        let stats = |m: Metric| metrics.get(m).map(|s| vec![s.mean, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95]);
        // What else charts and tables read: the mean cost lines and margin steps, the cost quantiles.
        let others = [
            ("cost breakdown", p.breakdown.map(|b| b.values().to_vec())),
            ("margin bridge", p.margin_bridge.map(|b| b.values().into_iter().chain([b.before]).collect())),
            ("monthly cost quantiles", p.monthly_cost_quantiles.clone()),
        ];
        let checked =
            Metric::ALL.iter().filter(|m| **m != Metric::PaybackMonths).map(|m| (m.name(), stats(*m))).chain(others);
        for (what, values) in checked {
            let Some(values) = values else { continue };
            if values.iter().any(|v| !v.is_finite()) {
                let extreme: Vec<String> = results
                    .assumptions
                    .iter()
                    .filter(|a| a.value.abs() >= 1e9 || (a.value != 0.0 && a.value.abs() < 1e-6))
                    .map(|a| format!("{} = {:e}", a.path, a.value))
                    .collect();
                let suspects = if extreme.is_empty() { "none stands out".to_string() } else { extreme.join(", ") };
                return Err(Error::Overflow { provider: p.id.clone(), what: what.to_string(), suspects });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Metric;

    #[test]
    fn a_non_finite_result_is_refused_and_a_payback_of_never_is_not() {
        let catalog = Catalog::builtin().unwrap();
        let scenario = scenario::flagship(&catalog).unwrap();
        let mut results = analysis::results(&scenario, &catalog, &sim::point::summary(&scenario));
        let set = |r: &mut Results, metric: Metric, v: f64| {
            let metrics = r.providers[0].metrics.as_mut().unwrap();
            let stats = metrics.0.iter_mut().find(|(m, _)| *m == metric).unwrap().1.as_mut().unwrap();
            stats.p95 = v;
        };
        assert!(finite(&results).is_ok());
        set(&mut results, Metric::PaybackMonths, f64::INFINITY);
        assert!(finite(&results).is_ok(), "never paying back is a result");
        set(&mut results, Metric::MonthlyCost, f64::INFINITY);
        let err = finite(&results).unwrap_err().to_string();
        assert!(err.contains("aws's monthly_cost is not a finite number"), "{err}");
        assert_eq!(finite(&results).unwrap_err().exit_status(), crate::commands::error::ExitStatus::BadInput);
    }
}
