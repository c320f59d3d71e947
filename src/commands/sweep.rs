//! `computecost sweep`: one input across a range (or two across a grid), with break-evens and a chart.

use super::engine::{Engine, load_in};
use crate::analysis::Results;
use crate::analysis::sweep::{self, Axis};
use crate::chart;
use crate::cli::{SweepArgs, TableFormat};
use crate::commands::error::{Error, Usage};
use crate::report::{Bundle, sweep as out};
use crate::scenario::Scenario;
use std::io::Write;

/// `PATH=VALUE` for a swept value, written so TOML reads it back exactly (`3e7` → `30000000.0`).
fn set(path: &str, v: f64) -> String {
    format!("{path}={v:?}")
}

/// Checks that `pair` names providers of `scenario`.
pub(super) fn check_pair(scenario: &Scenario, pair: &Option<(String, String)>) -> Result<(), Error> {
    let Some((a, b)) = pair else { return Ok(()) };
    check_provider(scenario, "--pair", a)?;
    check_provider(scenario, "--pair", b)
}

/// A usage error, with the nearest id, when `id` (given with `option`) is not a provider of `scenario`.
pub(super) fn check_provider(scenario: &Scenario, option: &'static str, id: &str) -> Result<(), Error> {
    crate::analysis::UnknownProvider::find(scenario, id)
        .map(|_| ())
        .map_err(|source| Usage::UnknownProvider { option, source }.into())
}

/// Runs `computecost sweep`.
pub fn run(args: &SweepArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let catalog = super::engine::catalog(&args.input.catalog)?;
    // The range must make sense, the scenario as given must load, and the swept path must accept a
    // number, before any work.
    let axis = Axis::new(&args.param, args.from, args.to, args.steps as usize, args.log).map_err(Usage::from)?;
    let base = load_in(&args.input, &[set(&args.param, args.from)], &catalog)?;
    check_pair(&base, &args.pair)?;
    let engine = Engine::new(&args.output.sim, 0)?;
    let pair = args.pair.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
    let mut bundle = Bundle::new();
    // Everything is rendered before anything is written; stdout last, so a failure prints nothing.
    let mut text = Vec::new();
    match (&args.param2, args.from2, args.to2) {
        (Some(param2), Some(from2), Some(to2)) => {
            load_in(&args.input, &[set(param2, from2)], &catalog)?;
            let y = Axis::new(param2, from2, to2, args.steps2 as usize, args.log2).map_err(Usage::from)?;
            let runs = (axis.values.len() * y.values.len()) as u64;
            engine.budget(runs, "this grid")?;
            engine.expect(runs);
            let mut evaluate = |xv: f64, yv: f64| -> Result<Results, Error> {
                let s = load_in(&args.input, &[set(&args.param, xv), set(param2, yv)], &catalog)?;
                engine.results(&s, &catalog)
            };
            let mut grid = sweep::grid(axis, y, super::args::metric(args.metric), pair, &mut evaluate)?;
            grid.scenario.overrides = args.input.set.clone();
            drop(engine);
            let chart = chart::render_grid(&grid, super::args::size(args.output.chart))?;
            let mut csv = Vec::new();
            out::write_grid_csv(&grid, &mut csv)?;
            let json = serde_json::to_vec_pretty(&grid).map_err(|e| Error::Output(e.into()))?;
            bundle.add(&format!("{}.csv", chart.name), csv.clone());
            bundle.add(&format!("{}.json", chart.name), json.clone());
            bundle.add_chart(&chart);
            match args.output.format {
                TableFormat::Table => out::write_grid_table(&grid, &mut text)?,
                TableFormat::Md => {
                    crate::report::table::set_markdown(true);
                    out::write_grid_table(&grid, &mut text)?;
                }
                TableFormat::Csv => text = csv,
                TableFormat::Json => text = json,
            }
        }
        _ => {
            engine.budget(axis.values.len() as u64, "this sweep")?;
            engine.expect(axis.values.len() as u64);
            let mut evaluate = |v: f64| -> Result<Results, Error> {
                let s = load_in(&args.input, &[set(&args.param, v)], &catalog)?;
                engine.results(&s, &catalog)
            };
            let mut sweep = sweep::sweep(axis, super::args::metric(args.metric), pair, &mut evaluate)?;
            // The swept value is not one of the user's overrides.
            sweep.scenario.overrides = args.input.set.clone();
            // Sweeping the volume of a scenario with token APIs and GPUs answers build or buy.
            let apis = base.providers.iter().filter(|p| p.inputs.tokens().is_some()).count();
            if args.param == "workload.requests_per_month" && apis > 0 && apis < base.providers.len() {
                sweep.scenario.build_vs_buy = Some(crate::analysis::build_buy::break_evens(&base));
            }
            drop(engine);
            let chart = chart::render_sweep(&sweep, super::args::size(args.output.chart))?;
            let mut csv = Vec::new();
            out::write_csv(&sweep, &mut csv)?;
            let json = serde_json::to_vec_pretty(&sweep).map_err(|e| Error::Output(e.into()))?;
            bundle.add(&format!("{}.csv", chart.name), csv.clone());
            bundle.add(&format!("{}.json", chart.name), json.clone());
            bundle.add_chart(&chart);
            match args.output.format {
                TableFormat::Table => out::write_table(&sweep, &mut text)?,
                TableFormat::Md => {
                    crate::report::table::set_markdown(true);
                    out::write_table(&sweep, &mut text)?;
                }
                TableFormat::Csv => text = csv,
                TableFormat::Json => text = json,
            }
        }
    }
    if let Some(dir) = &args.output.out {
        let folder = dir.join(&base.stem);
        let files = super::engine::write(&bundle, &folder)?;
        if !args.output.sim.quiet {
            writeln!(err, "wrote {} files to {}", files.len(), folder.display())?;
        }
    }
    out.write_all(&text)?;
    if args.output.format == TableFormat::Json {
        writeln!(out)?;
    }
    Ok(())
}
