//! `computecost report`: the memo bundle for a scenario.

use super::engine::{Engine, load, load_in};
use crate::analysis::explain::explain;
use crate::analysis::sensitivity::{self, Target};
use crate::chart;
use crate::cli::ReportArgs;
use crate::commands::error::{Error, Usage};
use crate::report::Bundle;
use crate::report::memo::Extras;
use std::io::Write;

/// Runs `computecost report`.
pub fn run(args: &ReportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(&args.input)?;
    let engine = Engine::new(&args.sim, 1)?;
    let results = engine.results(&scenario, &catalog)?;
    // The margin under the other savings preset, on the same trials, when a preset supplied the savings.
    let other_preset = match scenario.savings {
        Some((preset, true)) => {
            let set = format!("business.savings=\"{}\"", preset.other().as_str());
            let other = load_in(&args.input, &[set], &catalog)?;
            engine.expect(1);
            Some(engine.results(&other, &catalog)?)
        }
        _ => None,
    };
    let mut charts = chart::render_all(&results, other_preset.as_ref(), super::args::size(args.chart))?;
    // What moves the key comparison (the headline's), with the run's own trials.
    let samples = if args.sim.point { 0 } else { args.sim.samples };
    let sensitivity = match sensitivity::key_target(&results) {
        Some(target) => {
            let s = sensitivity::analyse(
                &scenario,
                results.scenario.clone(),
                results.headline_cost(),
                target,
                samples,
                args.sim.seed,
            )
            .map_err(|source| Usage::UnknownProvider { option: "--pair", source })?;
            charts.push(chart::render_tornado(&s, "tornado", super::args::size(args.chart))?);
            Some(s)
        }
        None => None,
    };
    // The memo's appendix explains the providers its headline compares.
    let headline_ids = match sensitivity.as_ref().map(|s| &s.target) {
        Some(Target::Pair { a, b }) => vec![a.clone(), b.clone()],
        Some(Target::Provider { id }) => vec![id.clone()],
        None => Vec::new(),
    };
    let explanations: Vec<_> = headline_ids.iter().filter_map(|id| explain(&scenario, &catalog, id, None)).collect();
    drop(engine);
    let extras =
        Extras { sensitivity: sensitivity.as_ref(), explanations: &explanations, other_preset: other_preset.as_ref() };
    let bundle = Bundle::full(&results, &charts, &extras).map_err(Error::Output)?;
    let folder = args.out.join(&scenario.stem);
    let files = super::engine::write(&bundle, &folder)?;
    if !args.sim.quiet {
        writeln!(err, "wrote {} files to {}", files.len(), folder.display())?;
    }
    writeln!(out, "{}", folder.join("memo.md").display())?;
    Ok(())
}
