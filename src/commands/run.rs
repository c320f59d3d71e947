//! `computecost run`: evaluate every provider of a scenario and show them side by side.

use super::engine::{Engine, load};
use crate::cli::RunArgs;
use crate::error::Error;
use crate::report;
use std::io::Write;

/// Runs `computecost run`.
pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(&args.input)?;
    let results = Engine::new(&args.sim, 1)?.results(&scenario, &catalog)?;
    if let Some(dir) = &args.out {
        let files = report::write_bundle(&results, dir, &scenario.stem)?;
        if !args.sim.quiet {
            for f in files {
                writeln!(err, "wrote {}", f.display())?;
            }
        }
    }
    report::render(&results, args.format, out)?;
    Ok(())
}
