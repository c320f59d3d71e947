//! `computecost validate`: load every file the way a run would, and report every problem without running.

use crate::cli::ValidateArgs;
use crate::commands::error::Error;
use crate::scenario::{self, ScenarioError};
use std::io::Write;

/// Runs `computecost validate`; `Err(Error::Invalid)` when any file has problems.
pub fn run(args: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let catalog = super::engine::catalog(&args.catalog)?;
    let mut failed = 0;
    let mut unreadable = Vec::new();
    for path in &args.files {
        match scenario::load_with(path, &args.set, &catalog) {
            Ok(mut s) => {
                super::engine::check_prices(&mut s, &args.catalog);
                let warnings = s.warnings.len();
                writeln!(out, "ok {}: {} provider(s), {} warning(s)", path.display(), s.providers.len(), warnings)?;
                if args.warnings {
                    for w in &s.warnings {
                        writeln!(out, "  warning: {}", w.message)?;
                    }
                }
            }
            Err(e @ ScenarioError::Invalid(_)) => {
                failed += 1;
                writeln!(err, "{e}\n")?;
            }
            Err(ScenarioError::Read { path, source }) if !source.is_bad_input() => {
                unreadable.push(format!("cannot read scenario {path}: {source}"));
            }
            Err(e @ ScenarioError::Read { .. }) => {
                failed += 1;
                writeln!(err, "error: {e}\n")?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    if failed > 0 {
        for message in &unreadable {
            writeln!(err, "error: {message}\n")?;
        }
        return Err(Error::Usage(format!("{failed} of {} file(s) invalid", args.files.len())));
    }
    // A file the system would not read is an I/O failure (exit 1), not an invalid file.
    if let Some(first) = unreadable.first() {
        for message in &unreadable[1..] {
            writeln!(err, "error: {message}\n")?;
        }
        return Err(Error::Io(first.clone()));
    }
    Ok(())
}
