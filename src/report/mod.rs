//! Outputs: the terminal table, CSV, JSON and Markdown, and the files a run writes under `--out`.
//! Formatters write to any `impl Write`; only [`Bundle::write`] touches the file system, all or nothing.

pub mod accuracy;
pub mod brief;
mod bundle;
pub mod color;
mod csv;
pub mod diff;
pub mod explain;
mod fleet;
mod focus;
pub mod grid;
pub mod headline;
mod html;
mod json;
mod markdown;
pub mod memo;
pub mod sensitivity;
pub mod sweep;
pub mod table;
pub mod transaction;

pub use bundle::Bundle;
pub use transaction::WriteError;

use crate::analysis::Results;
use std::io::{self, Write};
use std::path::Path;

/// Output formats of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned table for a terminal.
    Table,
    /// summary.csv on stdout.
    Csv,
    /// results.json on stdout.
    Json,
    /// A Markdown section.
    Md,
    /// FinOps FOCUS rows of the forecast.
    Focus,
}

/// Renders `results` in `format`.
pub fn render(results: &Results, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => {
            let mut text = Vec::new();
            table::write(results, &mut text)?;
            out.write_all(color::stdout(&String::from_utf8_lossy(&text)).as_bytes())
        }
        Format::Csv => csv::write_summary(results, out),
        Format::Json => json::write(results, out),
        Format::Md => markdown::write(results, out),
        Format::Focus => focus::write(results, out),
    }
}

/// Writes `bytes` to the file `path` atomically: a temporary file in the same folder, then a rename, so a
/// reader never sees a half-written file and a failure leaves the old file intact (`init`).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |source| WriteError::Io { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".computecost-").suffix(".tmp");
    // tempfile creates 0600 files; a scenario is meant to be shared, so give it the usual 0644.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
