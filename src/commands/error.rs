//! The errors a command can end with, and the exit status each maps to.

use crate::base::defaults::{MAX_SAMPLES, MAX_TOTAL_TRIALS};
use crate::base::format::thousands;
use crate::catalog::CatalogError;
use crate::scenario::ScenarioError;
use thiserror::Error;

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done.
    Success,
    /// 1: a runtime or I/O failure.
    Failure,
    /// 2: bad input or usage.
    BadInput,
    /// 128 + the signal's number: stopped by SIGINT (130) or SIGTERM (143).
    Interrupted(i32),
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::BadInput => 2,
            ExitStatus::Interrupted(signal) => crate::base::signal::exit_code(signal),
        }
    }
}

/// Why a command failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The scenario could not be read or is invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The built-in catalog is broken (a bug).
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// Files could not be written (nothing was), or a signal stopped the writing.
    #[error(transparent)]
    Write(#[from] crate::report::WriteError),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] crate::chart::ChartError),
    /// Options that do not fit together, or a value no option accepts.
    #[error(transparent)]
    Usage(#[from] Usage),
    /// The inputs made a result too large (or too small) for a number: nothing is written.
    #[error(
        "{provider}'s {what} is not a finite number: the inputs overflow the model. Inputs at extreme \
         magnitudes: {suspects}"
    )]
    Overflow {
        /// The provider.
        provider: String,
        /// The figure (a metric's name, `cost breakdown`...).
        what: String,
        /// The inputs at extreme magnitudes, or `none stands out`.
        suspects: String,
    },
    /// Priors could not be fitted to the measurements given.
    #[error("cannot fit: {0}")]
    Fit(#[from] crate::analysis::accuracy::fit::FitError),
    /// Writing to stdout failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// The exit status this error ends the process with.
    pub fn exit_status(&self) -> ExitStatus {
        let bad_input = |yes: bool| if yes { ExitStatus::BadInput } else { ExitStatus::Failure };
        match self {
            Error::Scenario(e) => bad_input(e.is_bad_input()),
            Error::Catalog(CatalogError::Read { source, .. }) => bad_input(source.is_bad_input()),
            Error::Catalog(CatalogError::Invalid(_)) | Error::Usage(_) | Error::Overflow { .. } | Error::Fit(_) => {
                ExitStatus::BadInput
            }
            Error::Write(crate::report::WriteError::Interrupted { signal }) => ExitStatus::Interrupted(*signal),
            _ => ExitStatus::Failure,
        }
    }

    /// Whether the message carries its own `error:` header (located diagnostics do, one per problem).
    pub fn has_header(&self) -> bool {
        matches!(self, Error::Scenario(ScenarioError::Invalid(_)) | Error::Catalog(CatalogError::Invalid(_)))
    }

    /// A closed pipe (`computecost run | head`) is not a failure (as ripgrep treats it).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if broken_pipe(e))
    }
}

/// Options that do not fit together, or values no option accepts.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Usage {
    /// `--samples 0`.
    #[error("--samples must be at least 1 (or use --point)")]
    NoSamples,
    /// More trials than one run may take.
    #[error(
        "--samples {} is above the maximum of {} trials a run (about 10 s for the flagship on 2 cores)",
        thousands(*given as f64),
        thousands(MAX_SAMPLES as f64)
    )]
    TooManySamples {
        /// The trials asked for.
        given: u64,
    },
    /// The thread pool could not start.
    #[error("cannot start {threads} threads: {message}")]
    Threads {
        /// Threads asked for.
        threads: u16,
        /// Why not.
        message: String,
    },
    /// A sweep or grid whose runs together take too many trials.
    #[error(
        "{what}: {runs} runs × {} trials = {} trials, above the maximum of {} for one command (about 20 s on the \
         flagship); use fewer steps or --samples {}",
        thousands(*samples as f64),
        thousands(*trials as f64),
        thousands(MAX_TOTAL_TRIALS as f64),
        thousands((MAX_TOTAL_TRIALS / (*runs).max(1)) as f64)
    )]
    TrialBudget {
        /// `this sweep`, `this grid`.
        what: &'static str,
        /// Runs.
        runs: u64,
        /// Trials a run.
        samples: u64,
        /// Their product.
        trials: u64,
    },
    /// An option names a provider the scenario does not have.
    #[error("{option}: {source}")]
    UnknownProvider {
        /// The option (`--pair`, `--provider`).
        option: &'static str,
        /// Which id, and the scenario's.
        source: crate::analysis::UnknownProvider,
    },
    /// A sweep's range makes no sense.
    #[error(transparent)]
    Axis(#[from] crate::analysis::sweep::AxisError),
    /// `init` would overwrite a file.
    #[error("{} already exists: nothing was written (use --force to overwrite it, or --out another file)", path.display())]
    FileExists {
        /// The file.
        path: std::path::PathBuf,
    },
    /// A filter of `providers` that the listed table has nothing to filter by.
    #[error("{0}")]
    Filter(&'static str),
    /// `validate` found invalid files (each was printed).
    #[error("{failed} of {total} file(s) invalid")]
    InvalidFiles {
        /// Invalid files.
        failed: usize,
        /// Files checked.
        total: usize,
    },
    /// `--strict-prices` and offers older than the age limit.
    #[error(
        "--strict-prices: {} stale offer(s):\n  {}\nupdate the catalog, bring current quotes with --catalog, or raise --max-age-days",
        offers.len(),
        offers.join("\n  ")
    )]
    StalePrices {
        /// One line per stale offer.
        offers: Vec<String>,
    },
    /// `prices import` found no row it could turn into an offer.
    #[error("{file}: no offer to import from {rows} row(s) ({skipped}); nothing was written")]
    NothingImported {
        /// The file read.
        file: String,
        /// Rows read.
        rows: usize,
        /// Why rows were skipped.
        skipped: String,
    },
    /// No provider can run the workload, so there is nothing for `sensitivity` to explain.
    #[error("no provider can run this workload: nothing to explain")]
    NothingToExplain,
}

/// Whether `e`, or the error it wraps (a CSV or JSON writer's, which wrap the writer's own), is a closed
/// pipe.
fn broken_pipe(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    if e.kind() == BrokenPipe {
        return true;
    }
    let Some(inner) = e.get_ref() else { return false };
    if let Some(io) = inner.downcast_ref::<std::io::Error>() {
        return broken_pipe(io);
    }
    if let Some(json) = inner.downcast_ref::<serde_json::Error>() {
        return json.io_error_kind() == Some(BrokenPipe);
    }
    if let Some(csv) = inner.downcast_ref::<csv::Error>()
        && let csv::ErrorKind::Io(io) = csv.kind()
    {
        return broken_pipe(io);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{self, Write};

    /// A writer whose reader has gone.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_recognised_through_json_and_csv_writers() {
        let json = serde_json::to_writer(Closed, &vec![1; 10_000]).unwrap_err();
        assert!(Error::Output(io::Error::from(json)).is_broken_pipe());
        let json = serde_json::to_writer(Closed, &vec![1; 10_000]).unwrap_err();
        assert!(Error::Output(io::Error::other(json)).is_broken_pipe(), "wrapped as `other`");
        let mut w = csv::Writer::from_writer(Closed);
        let csv: io::Error = match w.write_record(["a"; 10_000]) {
            Err(e) => e.into(),
            Ok(()) => w.flush().unwrap_err(),
        };
        assert!(Error::Output(csv).is_broken_pipe());
        assert!(!Error::Output(io::Error::other("disk full")).is_broken_pipe());
    }
}
