//! `computecost accuracy`: every published case run as a scenario, and the record over the fit and test
//! halves; `--refit` prints the priors the stated method fits on the fit half.

use crate::analysis::accuracy::{self, fit};
use crate::base::diagnostic::Source;
use crate::catalog::CatalogError;
use crate::catalog::cases::{self, Case, Split};
use crate::cli::{AccuracyArgs, RunFormat};
use crate::commands::engine;
use crate::commands::error::Error;
use crate::report::accuracy as render;
use crate::sim::SimOptions;
use std::io::Write;

/// The date the built-in refit's entries carry (the day the split rule and the fit were written).
pub const REFIT_AS_OF: &str = "2026-11-30";

/// The cases the arguments name: a file, or the built-in set.
pub fn load_cases(args: &AccuracyArgs) -> Result<Vec<Case>, Error> {
    let Some(path) = &args.cases else { return Ok(cases::builtin()) };
    let name = crate::base::text::printable(&path.display().to_string()).into_owned();
    let text = crate::base::input::read_text(path, crate::base::input::MAX_CATALOG_BYTES)
        .map_err(|source| CatalogError::Read { path: name.clone(), source })?;
    Ok(cases::parse(&Source::new(name, text)).map_err(CatalogError::Invalid)?)
}

/// Runs `computecost accuracy`.
pub fn run(args: &AccuracyArgs, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = engine::catalog(&args.catalog)?;
    let cases = load_cases(args)?;
    if args.refit {
        let fit_half: Vec<&Case> = cases.iter().filter(|c| c.split == Split::Fit).collect();
        let label =
            if args.cases.is_some() { "the fit half of the cases file" } else { "the fit half of accuracy.toml" };
        let fitted = fit::fit(&fit_half, &catalog, label, REFIT_AS_OF)?;
        let header = format!(
            "Priors fitted by `computecost accuracy --refit` on {} fit cases ({} serving, {} training).\n\
             Median |ln(point / published)| over them: {:.3} before, {:.3} after.",
            fit_half.len(),
            fitted.serving,
            fitted.training,
            fitted.before,
            fitted.after
        );
        out.write_all(render::defaults_toml(&fitted.entries, &header).as_bytes())?;
        return Ok(());
    }
    if args.format == RunFormat::Focus {
        return Err(super::error::Usage::Filter(
            "--format focus writes a run's forecast; accuracy prints table, csv, json or md",
        )
        .into());
    }
    let opts = SimOptions { samples: args.samples.max(1), seed: args.seed, crn: true };
    let record = accuracy::record(&cases, &catalog, &opts);
    let text = match args.format {
        RunFormat::Table => render::table(&record),
        RunFormat::Csv => render::csv(&record),
        RunFormat::Json => render::json(&record),
        RunFormat::Md | RunFormat::Focus => render::markdown(&record, &cases),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}
