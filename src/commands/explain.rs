//! `computecost explain`: one provider's result, step by step, with the origin of every input.

use super::engine::load;
use super::sweep::check_provider;
use crate::analysis::explain::explain;
use crate::cli::{ExplainArgs, ExplainFormat};
use crate::commands::error::Error;
use crate::report::explain as out;
use std::io::Write;

/// Runs `computecost explain`.
pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(&args.input)?;
    // `explain` finds no provider only when the id is not in the scenario: say which ids are.
    let Some(e) = explain(&scenario, &catalog, &args.provider, args.metric.map(super::args::metric)) else {
        return check_provider(&scenario, "--provider", &args.provider);
    };
    let mut text = Vec::new();
    match args.format {
        ExplainFormat::Table => out::write_table(&e, &mut text)?,
        ExplainFormat::Md => out::write_markdown(&e, "##", &mut text)?,
        ExplainFormat::Csv => out::write_csv(&e, &mut text)?,
        ExplainFormat::Json => out::write_json(&e, &mut text)?,
    }
    out.write_all(&text)?;
    Ok(())
}
