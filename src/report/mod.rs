//! Outputs: the terminal table, CSV, JSON and Markdown, and the files a run writes under `--out`.
//! Formatters write to any `impl Write`; only [`write_bundle`] touches the file system, atomically.

mod csv;
pub mod format;
pub mod grid;
mod json;
mod markdown;
pub mod table;

use crate::analysis::Results;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Output formats of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned table for a terminal.
    Table,
    /// summary.csv on stdout.
    Csv,
    /// results.json on stdout.
    Json,
    /// A Markdown section.
    Md,
}

/// Renders `results` in `format`.
pub fn render(results: &Results, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::write(results, out),
        Format::Csv => csv::write_summary(results, out),
        Format::Json => json::write(results, out),
        Format::Md => markdown::write(results, out),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then a rename, so a
/// reader never sees a half-written file and a failure leaves the old file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".computecost-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes summary.csv, breakdown.csv and results.json under `dir/<stem>/`; returns the files written.
/// Every file is rendered in memory first, so a rendering error writes nothing.
pub fn write_bundle(results: &Results, dir: &Path, stem: &str) -> io::Result<Vec<PathBuf>> {
    let folder = dir.join(stem);
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut buf = Vec::new();
    csv::write_summary(results, &mut buf)?;
    files.push(("summary.csv", std::mem::take(&mut buf)));
    csv::write_breakdown(results, &mut buf)?;
    files.push(("breakdown.csv", std::mem::take(&mut buf)));
    json::write(results, &mut buf)?;
    files.push(("results.json", buf));
    std::fs::create_dir_all(&folder)?;
    files
        .into_iter()
        .map(|(name, bytes)| {
            let path = folder.join(name);
            write_atomic(&path, &bytes).map(|()| path)
        })
        .collect()
}
