//! `computecost explain`: one provider's result, step by step, with the origin of every input.

use super::engine::load;
use crate::analysis::explain::explain;
use crate::cli::{ExplainArgs, ExplainFormat};
use crate::error::Error;
use crate::report::explain as out;
use std::io::Write;

/// Runs `computecost explain`.
pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<(), Error> {
    let (catalog, scenario) = load(&args.input)?;
    let Some(e) = explain(&scenario, &catalog, &args.provider, args.metric) else {
        let ids: Vec<&str> = scenario.providers.iter().map(|p| p.id.as_str()).collect();
        let hint = crate::catalog::suggest(&args.provider, ids.iter().copied())
            .first()
            .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
        return Err(Error::Usage(format!(
            "--provider: no provider `{}` in {}{hint}; providers: {}",
            args.provider,
            scenario.file,
            ids.join(", ")
        )));
    };
    let mut text = Vec::new();
    match args.format {
        ExplainFormat::Table => out::write_table(&e, &mut text)?,
        ExplainFormat::Md => out::write_markdown(&e, "##", &mut text)?,
        ExplainFormat::Json => out::write_json(&e, &mut text)?,
    }
    out.write_all(&text)?;
    Ok(())
}
