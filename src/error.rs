//! The errors a command can end with, and the exit status each maps to.

use crate::catalog::CatalogError;
use crate::scenario::ScenarioError;
use std::path::PathBuf;
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
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::BadInput => 2,
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
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A chart could not be drawn.
    #[error("{0}")]
    Chart(String),
    /// Options that do not fit together.
    #[error("{0}")]
    Usage(String),
    /// The inputs made a result too large (or too small) for a number: nothing is written.
    #[error("{0}")]
    Overflow(String),
    /// Writing to stdout failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// The exit status this error ends the process with.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Scenario(ScenarioError::Invalid(_) | ScenarioError::Read { .. })
            | Error::Catalog(CatalogError::Invalid(_) | CatalogError::Read { .. })
            | Error::Usage(_)
            | Error::Overflow(_) => ExitStatus::BadInput,
            _ => ExitStatus::Failure,
        }
    }

    /// A closed pipe (`computecost run | head`) is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
