//! What every simulating command shares: loading the scenario with its overrides, and running it (point
//! estimate or Monte Carlo) on the requested threads with one progress bar across all its runs.

use crate::analysis::{self, Results};
use crate::catalog::Catalog;
use crate::cli::{ScenarioArgs, SimArgs};
use crate::error::Error;
use crate::scenario::{self, Scenario};
use crate::sim::{self, SimOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The built-in catalog and the scenario the arguments name (the flagship without one), overrides applied.
pub fn load(input: &ScenarioArgs) -> Result<(Catalog, Scenario), Error> {
    let catalog = Catalog::builtin()?;
    let scenario = load_in(input, &[], &catalog)?;
    Ok((catalog, scenario))
}

/// The scenario the arguments name with their overrides and then `extra` ones (a sweep's value).
pub fn load_in(input: &ScenarioArgs, extra: &[String], catalog: &Catalog) -> Result<Scenario, Error> {
    let sets: Vec<String> = input.set.iter().chain(extra).cloned().collect();
    Ok(match &input.scenario {
        Some(path) => scenario::load_with(path, &sets, catalog)?,
        None => scenario::flagship_with(&sets, catalog)?,
    })
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
            return Err(Error::Usage("--samples must be at least 1 (or use --point)".into()));
        }
        let pool = match args.threads {
            Some(threads) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads.max(1))
                    .build()
                    .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?,
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

    /// The results of `scenario`: a point estimate or a Monte Carlo run.
    pub fn results(&self, scenario: &Scenario, catalog: &Catalog) -> Results {
        if self.point {
            self.tick(1);
            return analysis::point(scenario, catalog);
        }
        let run = || sim::run(scenario, catalog, &self.opts, &|n| self.tick(n));
        match &self.pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
