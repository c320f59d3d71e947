//! The files of one command's output, rendered in memory and written all or nothing
//! ([`super::transaction`]): a failure while rendering writes nothing, and a failure, a signal or another
//! run while writing leaves the earlier files as they were.

use super::transaction::{Interrupted, Transaction, WriteError};
use super::{Results, csv, json, memo};
use std::io;
use std::path::{Path, PathBuf};

/// Files rendered in memory, written only once everything rendered.
#[derive(Debug, Default)]
pub struct Bundle {
    files: Vec<(String, Vec<u8>)>,
    /// Files of the same kind an earlier run wrote that this one does not (an old chart), to remove.
    remove: Vec<String>,
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

    /// summary.csv, breakdown.csv, results.json and focus.csv (the forecast as FinOps FOCUS rows).
    pub fn data(results: &Results) -> io::Result<Bundle> {
        let mut bundle = Bundle::default();
        let mut buf = Vec::new();
        csv::write_summary(results, &mut buf)?;
        bundle.add("summary.csv", std::mem::take(&mut buf));
        csv::write_breakdown(results, &mut buf)?;
        bundle.add("breakdown.csv", std::mem::take(&mut buf));
        json::write(results, &mut buf)?;
        bundle.add("results.json", std::mem::take(&mut buf));
        super::focus::write(results, &mut buf)?;
        bundle.add("focus.csv", buf);
        Ok(bundle)
    }

    /// The data files, every chart as SVG and PNG under `charts/`, the sensitivity table, memo.md and
    /// memo.html (the same memo as one self-contained page); an
    /// earlier report's charts that this one does not draw (a scenario that lost its business section
    /// has no margin chart) are removed with the same write, so the folder never shows a stale chart.
    pub fn full(results: &Results, charts: &[crate::chart::Chart], extras: &memo::Extras<'_>) -> io::Result<Bundle> {
        let mut bundle = Bundle::data(results)?;
        for c in charts {
            bundle.add_chart(c);
        }
        if let Some(s) = extras.sensitivity {
            let mut csv = Vec::new();
            super::sensitivity::write_csv(s, &mut csv)?;
            bundle.add("sensitivity.csv", csv);
        }
        let mut memo = Vec::new();
        memo::write(results, charts, extras, &mut memo)?;
        let markdown = String::from_utf8_lossy(&memo).into_owned();
        bundle.add("memo.md", memo);
        bundle.add("memo.html", super::html::page(&markdown, charts, &results.scenario.name).into_bytes());
        for name in crate::chart::NAMES {
            for ext in ["png", "svg"] {
                let file = format!("charts/{name}.{ext}");
                if !bundle.files.iter().any(|(f, _)| *f == file) {
                    bundle.remove.push(file);
                }
            }
        }
        Ok(bundle)
    }

    /// Adds a file at `path` (relative to the folder the bundle is written to).
    pub fn add(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.push((path.to_string(), bytes));
    }

    /// Writes every file under `folder` (creating it) all or nothing, one writer at a time; returns the
    /// paths written. When `interrupted` reports a signal, the earlier files are put back.
    pub fn write(&self, folder: &Path, interrupted: Interrupted<'_>) -> Result<Vec<PathBuf>, WriteError> {
        Transaction { folder, files: &self.files, remove: &self.remove }.run(interrupted)
    }
}
