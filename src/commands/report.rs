//! `computecost report`: the memo bundle for a scenario.

use super::run::{load, simulate};
use crate::chart::{self, Size};
use crate::cli::ReportArgs;
use crate::error::Error;
use crate::report::Bundle;
use std::io::Write;

/// Runs `computecost report`.
pub fn run(args: &ReportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(args.scenario.as_deref())?;
    let results = simulate(&scenario, &catalog, &args.sim)?;
    let charts = chart::render_all(&results, Size { width: args.width, height: args.height })
        .map_err(|e| Error::Chart(e.to_string()))?;
    let bundle = Bundle::full(&results, &charts).map_err(Error::Output)?;
    let folder = args.out.join(&scenario.stem);
    let files = bundle.write(&folder).map_err(|source| Error::Write { path: folder.clone(), source })?;
    bundle.remove_stale_charts(&folder).map_err(|source| Error::Write { path: folder.clone(), source })?;
    if !args.sim.quiet {
        writeln!(err, "wrote {} files to {}", files.len(), folder.display())?;
    }
    writeln!(out, "{}", folder.join("memo.md").display())?;
    Ok(())
}
