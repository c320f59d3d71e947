//! The errors a command can end with, and the exit status each maps to.

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
    #[error("{0}")]
    Chart(String),
    /// Options that do not fit together.
    #[error("{0}")]
    Usage(String),
    /// The inputs made a result too large (or too small) for a number: nothing is written.
    #[error("{0}")]
    Overflow(String),
    /// An input could not be read (the message names it).
    #[error("{0}")]
    Io(String),
    /// Writing to stdout failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// The exit status this error ends the process with.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Scenario(ScenarioError::Read { source, .. }) | Error::Catalog(CatalogError::Read { source, .. }) => {
                if source.is_bad_input() {
                    ExitStatus::BadInput
                } else {
                    ExitStatus::Failure
                }
            }
            Error::Scenario(ScenarioError::Invalid(_))
            | Error::Catalog(CatalogError::Invalid(_))
            | Error::Usage(_)
            | Error::Overflow(_) => ExitStatus::BadInput,
            Error::Write(crate::report::WriteError::Interrupted { signal }) => ExitStatus::Interrupted(*signal),
            _ => ExitStatus::Failure,
        }
    }

    /// A closed pipe (`computecost run | head`) is not a failure (as ripgrep treats it).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if broken_pipe(e))
    }
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
