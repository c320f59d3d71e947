//! The comparison as a Markdown section a memo can paste.

use super::grid;
use super::table::render_whole;
use crate::analysis::Results;
use comfy_table::presets;
use std::io::{self, Write};

/// Writes the comparison as Markdown: title, summary, table, notes, legend.
pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let s = &results.scenario;
    writeln!(out, "## {}\n", s.name)?;
    if !s.description.is_empty() {
        writeln!(out, "{}\n", s.description)?;
    }
    write_body(results, out)
}

/// The section without its title: workload line, table, notes and the provider legend.
pub fn write_body(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let s = &results.scenario;
    writeln!(out, "{} · money in {} · catalog as of {}\n", s.workload_summary, s.currency, s.catalog_date)?;
    if !s.overrides.is_empty() {
        let sets: Vec<String> = s.overrides.iter().map(|a| format!("`--set {a}`")).collect();
        writeln!(out, "Overrides: {}\n", sets.join(", "))?;
    }
    writeln!(out, "{}\n", render_whole(&grid::comparison(results), presets::ASCII_MARKDOWN, false))?;
    for note in grid::notes(results) {
        writeln!(out, "- {note}")?;
    }
    writeln!(out)?;
    for line in grid::legend(results) {
        match line.split_once(" = ") {
            Some((id, name)) => writeln!(out, "- `{id}` = {name}")?,
            None => writeln!(out, "- {line}")?,
        }
    }
    Ok(())
}
