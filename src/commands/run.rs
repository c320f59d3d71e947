//! `computecost run`: evaluate every provider of a scenario and show them side by side.

use crate::analysis;
use crate::catalog::Catalog;
use crate::cli::RunArgs;
use crate::error::Error;
use crate::report;
use crate::scenario;
use std::io::Write;

/// Runs `computecost run`.
pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let catalog = Catalog::builtin()?;
    let scenario = match &args.scenario {
        Some(path) => scenario::load(path, &catalog)?,
        None => scenario::flagship(&catalog)?,
    };
    let results = analysis::point(&scenario, &catalog);
    if let Some(dir) = &args.out {
        let files = report::write_bundle(&results, dir, &scenario.stem)
            .map_err(|source| Error::Write { path: dir.join(&scenario.stem), source })?;
        for f in files {
            writeln!(err, "wrote {}", f.display())?;
        }
    }
    report::render(&results, args.format, out)?;
    Ok(())
}
