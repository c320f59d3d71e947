//! `computecost run`: evaluate every provider of a scenario and show them side by side.

use super::engine::{Engine, load};
use crate::cli::RunArgs;
use crate::commands::error::Error;
use crate::report;
use std::io::Write;

/// Runs `computecost run`.
pub fn run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(&args.input)?;
    let results = Engine::new(&args.sim, 1)?.results(&scenario, &catalog)?;
    if let Some(dir) = &args.out {
        let bundle = report::Bundle::data(&results)?;
        let files = super::engine::write(&bundle, &dir.join(&scenario.stem))?;
        if !args.sim.quiet {
            for f in files {
                writeln!(err, "wrote {}", f.display())?;
            }
        }
    }
    report::render(&results, super::args::format(args.format), out)?;
    Ok(())
}
