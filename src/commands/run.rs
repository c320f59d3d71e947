//! `computecost run`: evaluate every provider of a scenario and show them side by side.

use crate::analysis::{self, Results};
use crate::catalog::Catalog;
use crate::cli::{RunArgs, SimArgs};
use crate::error::Error;
use crate::report;
use crate::scenario::{self, Scenario};
use crate::sim::{self, SimOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs `computecost run`.
pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(args.scenario.as_deref())?;
    let results = simulate(&scenario, &catalog, &args.sim)?;
    if let Some(dir) = &args.out {
        let files = report::write_bundle(&results, dir, &scenario.stem)
            .map_err(|source| Error::Write { path: dir.join(&scenario.stem), source })?;
        if !args.sim.quiet {
            for f in files {
                writeln!(err, "wrote {}", f.display())?;
            }
        }
    }
    report::render(&results, args.format, out)?;
    Ok(())
}

/// The built-in catalog and the scenario at `path`, or the flagship without one.
pub(super) fn load(path: Option<&std::path::Path>) -> Result<(Catalog, Scenario), Error> {
    let catalog = Catalog::builtin()?;
    let scenario = match path {
        Some(path) => scenario::load(path, &catalog)?,
        None => scenario::flagship(&catalog)?,
    };
    Ok((catalog, scenario))
}

/// Results of `scenario` as the sampling options ask: a point estimate or a Monte Carlo run, with a
/// progress bar on a terminal when the run takes more than half a second.
pub(super) fn simulate(scenario: &Scenario, catalog: &Catalog, args: &SimArgs) -> Result<Results, Error> {
    if args.point {
        return Ok(analysis::point(scenario, catalog));
    }
    if args.samples == 0 {
        return Err(Error::Usage("--samples must be at least 1 (or use --point)".into()));
    }
    let opts = SimOptions { samples: args.samples, seed: args.seed, crn: true };
    let bar = ProgressBar::with_draw_target(Some(args.samples), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} trials {wide_bar} {eta}").expect("template parses"),
    );
    let show = !args.quiet && std::io::stderr().is_terminal();
    let shown = AtomicBool::new(false);
    let start = Instant::now();
    let progress = |n: u64| {
        bar.inc(n);
        if show && !shown.load(Ordering::Relaxed) && start.elapsed() > Duration::from_millis(500) {
            shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    };
    let results = match args.threads {
        Some(threads) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?
            .install(|| sim::run(scenario, catalog, &opts, &progress)),
        None => sim::run(scenario, catalog, &opts, &progress),
    };
    bar.finish_and_clear();
    Ok(results)
}
