//! `computecost prices import`: a price file users have, written as a catalog file `--catalog` reads.

use crate::catalog::CatalogError;
use crate::catalog::import::{self, Format, Options};
use crate::cli::{ImportArgs, PriceFormat, PricesAction, PricesArgs};
use crate::commands::engine;
use crate::commands::error::{Error, Usage};
use clap::ValueEnum;
use std::io::Write;

/// Runs `computecost prices`.
pub fn run(args: &PricesArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    match &args.action {
        PricesAction::Import(a) => import_file(a, out, err),
    }
}

/// Reads the file, refuses it whole on any located problem, and writes the catalog atomically.
fn import_file(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let catalog = engine::catalog(&args.catalog)?;
    let today = engine::today(&args.catalog);
    let source = engine::data_file(&args.file)?;
    let name = source.name.clone();
    let opts = Options {
        as_of: args.as_of.clone(),
        source: args.source.clone(),
        provider: args.provider.clone(),
        kind: args.kind.map(super::args::kind),
        skip_unknown_gpus: args.skip_unknown_gpus,
        gpu_aliases: args.gpu_alias.clone(),
        today: today.clone(),
    };
    let format = match args.format {
        PriceFormat::Skypilot => Format::Skypilot,
        PriceFormat::Gpuhunt => Format::Gpuhunt,
        PriceFormat::Openrouter => Format::Openrouter,
        PriceFormat::Litellm => Format::Litellm,
        PriceFormat::Focus => Format::Focus,
    };
    let imported = import::import(format, &source, &catalog, &opts).map_err(CatalogError::Invalid)?;
    let skipped: Vec<String> = imported
        .skipped
        .iter()
        .map(|s| {
            let examples = if s.examples.is_empty() { String::new() } else { format!(": {}", s.examples.join(", ")) };
            format!("{} skipped, {}{examples}", s.rows, s.reason)
        })
        .collect();
    if imported.offers.is_empty() && imported.token_offers.is_empty() {
        let skipped = if skipped.is_empty() { "none usable".to_string() } else { skipped.join("; ") };
        return Err(Usage::NothingImported { file: name, rows: imported.rows, skipped }.into());
    }
    let header = format!(
        "Imported by `computecost prices import --format {}` from {name} on {today}: {} GPU offer(s), {} token offer(s)\n\
         from {} row(s).{}\nUse it with: computecost run SCENARIO --catalog THIS_FILE",
        args.format.to_possible_value().map_or_else(String::new, |v| v.get_name().to_string()),
        imported.offers.len(),
        imported.token_offers.len(),
        imported.rows,
        skipped.iter().map(|s| format!("\n{s}")).collect::<String>()
    );
    let toml = import::to_toml(&imported, &header);
    writeln!(
        err,
        "imported {} GPU offer(s) and {} token offer(s) from {} row(s) of {name}",
        imported.offers.len(),
        imported.token_offers.len(),
        imported.rows
    )?;
    for s in &skipped {
        writeln!(err, "  {s}")?;
    }
    engine::write_text(&args.out, args.force, &toml, "computecost providers --catalog", out, err)
}
