//! computecost: what an AI workload costs on centralized clouds, GPU marketplaces and decentralized GPU
//! networks, how fast it runs, how sure we are, and what it does to margins.
//!
//! The crate is a library with a thin binary: [`run`] takes the command line and two writers, so tests
//! call it in-process. Its layers import only to their left (docs/ARCHITECTURE.md; a test keeps it so):
//! `base` → `model` → `catalog` → `scenario` → `sim` → `analysis` → `chart` → `report` → `cli` →
//! `commands`.

#![warn(missing_docs)]

pub mod analysis;
pub mod base;
pub mod catalog;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod model;
pub mod report;
pub mod scenario;
pub mod sim;

use clap::Parser;
pub use commands::error::{Error, ExitStatus};
use std::ffi::OsString;
use std::io::Write;

/// Runs the command line `args` (program name first), writing results to `out` and messages to `err`.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are answers (stdout, 0); anything else is a usage error (stderr, 2).
            return if e.use_stderr() {
                let _ = write!(err, "{}", e.render());
                ExitStatus::BadInput
            } else {
                let _ = write!(out, "{}", e.render());
                ExitStatus::Success
            };
        }
    };
    match commands::dispatch(cli, out, err) {
        Ok(()) => ExitStatus::Success,
        Err(e) if e.is_broken_pipe() => ExitStatus::Success,
        Err(e) => {
            let text = if e.has_header() { e.to_string() } else { format!("error: {e}") };
            let _ = writeln!(err, "{}", report::color::stderr(&text));
            e.exit_status()
        }
    }
}
