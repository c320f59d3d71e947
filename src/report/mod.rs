//! Outputs: the terminal table, CSV, JSON and Markdown, and the files a run writes under `--out`.
//! Formatters write to any `impl Write`; only [`write_bundle`] touches the file system, atomically.

mod csv;
pub mod diff;
pub mod explain;
pub mod format;
pub mod grid;
mod json;
mod markdown;
pub mod memo;
pub mod sensitivity;
pub mod sweep;
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

/// A temporary file beside `path`, holding `bytes`, ready to be renamed over it.
fn stage(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".computecost-").suffix(".tmp");
    // tempfile creates 0600 files; a report is meant to be shared, so give it the usual 0644.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then a rename, so a
/// reader never sees a half-written file and a failure leaves the old file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Creates `dir` and its missing parents, recording each one it creates (outermost first).
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(d.to_path_buf());
        at = d.parent();
    }
    for d in missing.into_iter().rev() {
        std::fs::create_dir(&d)?;
        created.push(d);
    }
    Ok(())
}

/// Staging files older than this were left by a run that was killed (a run stages for milliseconds).
const STALE_STAGING: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes staging files a killed run left in `dir` (`.computecost-*.tmp`, older than ten minutes, so a
/// run writing the same folder at the same moment keeps its own).
fn remove_stale_staging(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old =
            entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|a| a > STALE_STAGING));
        if name.starts_with(".computecost-") && name.ends_with(".tmp") && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Files rendered in memory, written only once everything rendered: a failure while rendering writes
/// nothing, and every file is replaced atomically.
#[derive(Debug, Default)]
pub struct Bundle {
    files: Vec<(String, Vec<u8>)>,
}

impl Bundle {
    /// An empty bundle.
    pub fn new() -> Bundle {
        Bundle::default()
    }

    /// Adds a chart as `charts/<name>.svg` and `charts/<name>.png`.
    pub fn add_chart(&mut self, c: &crate::chart::Chart) {
        self.add(&format!("charts/{}.svg", c.name), c.svg.clone().into_bytes());
        self.add(&format!("charts/{}.png", c.name), c.png.clone());
    }

    /// summary.csv, breakdown.csv and results.json.
    pub fn data(results: &Results) -> io::Result<Bundle> {
        let mut bundle = Bundle::default();
        let mut buf = Vec::new();
        csv::write_summary(results, &mut buf)?;
        bundle.add("summary.csv", std::mem::take(&mut buf));
        csv::write_breakdown(results, &mut buf)?;
        bundle.add("breakdown.csv", std::mem::take(&mut buf));
        json::write(results, &mut buf)?;
        bundle.add("results.json", buf);
        Ok(bundle)
    }

    /// The data files, every chart as SVG and PNG under `charts/`, the sensitivity table, and memo.md.
    pub fn full(results: &Results, charts: &[crate::chart::Chart], extras: &memo::Extras<'_>) -> io::Result<Bundle> {
        let mut bundle = Bundle::data(results)?;
        for c in charts {
            bundle.add_chart(c);
        }
        if let Some(s) = extras.sensitivity {
            let mut csv = Vec::new();
            self::sensitivity::write_csv(s, &mut csv)?;
            bundle.add("sensitivity.csv", csv);
        }
        let mut memo = Vec::new();
        memo::write(results, charts, extras, &mut memo)?;
        bundle.add("memo.md", memo);
        Ok(bundle)
    }

    /// Adds a file at `path` (relative to the folder the bundle is written to).
    pub fn add(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.push((path.to_string(), bytes));
    }

    /// Writes every file under `folder` (creating it); returns the paths written. Every file is staged
    /// beside its target first and renamed only once all are staged, so a failure to create a folder or
    /// write a file (disk full, permissions) leaves an earlier report untouched.
    pub fn write(&self, folder: &Path) -> io::Result<Vec<PathBuf>> {
        crate::interrupt::set_writing(true);
        let mut created = Vec::new();
        let staged = self.stage_all(folder, &mut created);
        let result = match staged {
            Ok(staged) if !crate::interrupt::requested() => {
                staged.into_iter().map(|(tmp, path)| tmp.persist(&path).map(|_| path).map_err(|e| e.error)).collect()
            }
            // Interrupted while staging: the staged files are dropped (deleted), nothing is replaced.
            Ok(_) => Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted: nothing was written")),
            Err(e) => Err(e),
        };
        if result.is_err() {
            // Folders this write created and left empty go too: a failed run leaves nothing new.
            for dir in created.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
        }
        crate::interrupt::set_writing(false);
        result
    }

    /// Every file staged beside its target; the folders created on the way are pushed to `created`.
    fn stage_all(
        &self,
        folder: &Path,
        created: &mut Vec<PathBuf>,
    ) -> io::Result<Vec<(tempfile::NamedTempFile, PathBuf)>> {
        let mut staged = Vec::with_capacity(self.files.len());
        for (name, bytes) in &self.files {
            let path = folder.join(name);
            if let Some(parent) = path.parent() {
                create_dirs(parent, created)?;
                remove_stale_staging(parent);
            }
            staged.push((stage(&path, bytes)?, path));
        }
        Ok(staged)
    }

    /// Removes charts an earlier report wrote under `folder` that this bundle does not have (a scenario
    /// that lost its business section has no margin chart), so the folder never shows a stale chart.
    /// Only files named like computecost's charts are touched.
    pub fn remove_stale_charts(&self, folder: &Path) -> io::Result<()> {
        for name in crate::chart::NAMES {
            for ext in ["png", "svg"] {
                let file = format!("charts/{name}.{ext}");
                if !self.files.iter().any(|(f, _)| *f == file) {
                    match std::fs::remove_file(folder.join(&file)) {
                        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }
}

/// Writes summary.csv, breakdown.csv and results.json under `dir/<stem>/`; returns the files written.
pub fn write_bundle(results: &Results, dir: &Path, stem: &str) -> io::Result<Vec<PathBuf>> {
    Bundle::data(results)?.write(&dir.join(stem))
}
