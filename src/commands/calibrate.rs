//! `computecost calibrate`: the efficiency priors fitted to a user's own measurements, written as the
//! `[[defaults]]` of a catalog file.

use crate::analysis::accuracy::fit;
use crate::catalog::CatalogError;
use crate::catalog::cases::{self, Case};
use crate::cli::CalibrateArgs;
use crate::commands::engine;
use crate::commands::error::Error;
use crate::report::accuracy as render;
use std::io::Write;

/// Runs `computecost calibrate`.
pub fn run(args: &CalibrateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let catalog = engine::catalog(&args.catalog)?;
    let today = engine::today(&args.catalog);
    let source = engine::data_file(&args.file)?;
    let name = source.name.clone();
    let rows = cases::from_measurements(&source, &catalog, &today).map_err(CatalogError::Invalid)?;
    let refs: Vec<&Case> = rows.iter().collect();
    let label = format!("{} ({} rows)", name, rows.len());
    let fitted = fit::fit(&refs, &catalog, &label, &today)?;
    let header = format!(
        "Priors fitted by `computecost calibrate {name}` on {} rows ({} serving, {} training), {today}.\n\
         Median |ln(model / measured)| over them: {:.3} before, {:.3} after.\n\
         Use it with: computecost run SCENARIO --catalog THIS_FILE",
        rows.len(),
        fitted.serving,
        fitted.training,
        fitted.before,
        fitted.after
    );
    let toml = render::defaults_toml(&fitted.entries, &header);
    writeln!(
        err,
        "fitted {} default(s) on {} rows: median |ln error| {:.3} before, {:.3} after",
        fitted.entries.len(),
        rows.len(),
        fitted.before,
        fitted.after
    )?;
    engine::write_text(&args.out, args.force, &toml, "computecost run SCENARIO --catalog", out, err)
}
