//! `computecost diff A B`: what changes between two scenarios, and what that does to the results.

use super::engine::{Engine, load_in};
use crate::analysis::diff;
use crate::cli::{DiffArgs, ScenarioArgs, TableFormat};
use crate::commands::error::Error;
use crate::report::diff as out;
use std::io::Write;

/// Runs `computecost diff`.
pub fn run(args: &DiffArgs, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = super::engine::catalog(&args.catalog)?;
    let input = |path: &std::path::PathBuf| ScenarioArgs {
        scenario: Some(path.clone()),
        set: args.set.clone(),
        catalog: args.catalog.clone(),
    };
    let (a, b) = (load_in(&input(&args.a), &[], &catalog)?, load_in(&input(&args.b), &[], &catalog)?);
    let engine = Engine::new(&args.sim, 2)?;
    let d = diff::diff(&engine.results(&a, &catalog)?, &engine.results(&b, &catalog)?);
    drop(engine);
    match args.format {
        TableFormat::Table => out::write_table(&d, out)?,
        TableFormat::Md => {
            crate::report::table::set_markdown(true);
            out::write_table(&d, out)?;
        }
        TableFormat::Csv => out::write_csv(&d, out)?,
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &d).map_err(|e| Error::Output(e.into()))?;
            writeln!(out)?;
        }
    }
    Ok(())
}
