//! `computecost sensitivity`: which uncertain input matters most, as a table and a tornado chart.

use super::engine::{Engine, load};
use super::sweep::{check_pair, check_provider};
use crate::analysis::run_info;
use crate::analysis::sensitivity::{self, Target};
use crate::chart;
use crate::cli::{SensitivityArgs, TableFormat};
use crate::commands::error::{Error, Usage};
use crate::report::{Bundle, sensitivity as out};
use std::io::Write;

/// Runs `computecost sensitivity`.
pub fn run(args: &SensitivityArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(&args.input)?;
    check_pair(&scenario, &args.pair)?;
    let target = match (&args.provider, &args.pair) {
        (Some(id), _) => {
            check_provider(&scenario, "--provider", id)?;
            Target::Provider { id: id.clone() }
        }
        (None, Some((a, b))) => Target::Pair { a: a.clone(), b: b.clone() },
        (None, None) => {
            let results = Engine::new(&args.output.sim, 1)?.results(&scenario, &catalog)?;
            sensitivity::key_target(&results).ok_or(Usage::NothingToExplain)?
        }
    };
    let samples = if args.output.sim.point { 0 } else { args.output.sim.samples };
    let run = run_info(&scenario, &catalog, if args.output.sim.point { 1 } else { samples }, args.output.sim.seed);
    let s =
        sensitivity::analyse(&scenario, run, super::args::metric(args.metric), target, samples, args.output.sim.seed)
            .map_err(|source| Usage::UnknownProvider { option: "--pair", source })?;
    let name = match &s.target {
        Target::Provider { id } => format!("tornado-{}-{id}", s.metric.name()),
        Target::Pair { a, b } => format!("tornado-{}-{a}-vs-{b}", s.metric.name()),
    };
    let chart = chart::render_tornado(&s, &chart::slug(&name), super::args::size(args.output.chart))?;
    let mut csv = Vec::new();
    out::write_csv(&s, &mut csv)?;
    let mut json = serde_json::to_vec_pretty(&s).map_err(|e| Error::Output(e.into()))?;
    json.push(b'\n');
    let mut text = Vec::new();
    match args.output.format {
        TableFormat::Table => out::write_table(&s, &mut text)?,
        TableFormat::Md => {
            crate::report::table::set_markdown(true);
            out::write_table(&s, &mut text)?;
        }
        TableFormat::Csv => text.clone_from(&csv),
        TableFormat::Json => text.clone_from(&json),
    }
    let mut bundle = Bundle::new();
    bundle.add(&format!("{}.csv", chart.name), csv);
    bundle.add(&format!("{}.json", chart.name), json);
    bundle.add_chart(&chart);
    if let Some(dir) = &args.output.out {
        let folder = dir.join(&scenario.stem);
        let files = super::engine::write(&bundle, &folder)?;
        if !args.output.sim.quiet {
            writeln!(err, "wrote {} files to {}", files.len(), folder.display())?;
        }
    }
    out.write_all(&text)?;
    Ok(())
}
