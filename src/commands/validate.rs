//! `computecost validate`: load every file the way a run would, and report every problem without running.

use crate::cli::ValidateArgs;
use crate::commands::error::{Error, Usage};
use crate::scenario::{self, ScenarioError};
use std::io::Write;

/// Runs `computecost validate`: an error when any file cannot be read or has problems.
pub fn run(args: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let catalog = super::engine::catalog(&args.catalog)?;
    let mut failed = 0;
    let mut unreadable = Vec::new();
    for path in &args.files {
        match scenario::load_with(path, &args.set, &catalog) {
            Ok(mut s) => {
                if let Err(e) = super::engine::check_prices(&mut s, &args.catalog, &catalog) {
                    failed += 1;
                    writeln!(err, "{}: error: {e}\n", path.display())?;
                    continue;
                }
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
            Err(e @ ScenarioError::Read { .. }) if !e.is_bad_input() => unreadable.push(e),
            Err(e @ ScenarioError::Read { .. }) => {
                failed += 1;
                writeln!(err, "error: {e}\n")?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    // A file the system would not read is an I/O failure (exit 1), not an invalid file (exit 2): the
    // last one is returned, the others printed.
    let last = unreadable.pop();
    for e in &unreadable {
        writeln!(err, "error: {e}\n")?;
    }
    match (failed, last) {
        (0, None) => Ok(()),
        (0, Some(e)) => Err(e.into()),
        (_, last) => {
            if let Some(e) = last {
                writeln!(err, "error: {e}\n")?;
            }
            Err(Usage::InvalidFiles { failed, total: args.files.len() }.into())
        }
    }
}
