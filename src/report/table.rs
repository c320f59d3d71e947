//! The side-by-side table for a terminal.

use super::grid::{self, Grid};
use crate::analysis::Results;
use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};
use std::io::{self, Write};

/// Rules above and below the table and under the header; none between rows.
pub const RULED: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// Width notes are wrapped to.
const NOTE_WIDTH: usize = 100;

/// Greedy word wrap of `text` to `width` columns, continuation lines indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
        } else if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

/// An empty table with `header`, ruled, that never wraps cells.
pub fn new_table(header: Vec<String>, style: TableStyle) -> Table {
    let mut table = Table::new();
    table.load_style(style);
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(header);
    table
}

/// The table as text without trailing spaces.
pub fn finish(table: &Table) -> String {
    table.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

/// Renders `grid` with `style`, numbers right-aligned; `stacked` puts each band on a second line.
pub fn render_grid(grid: &Grid, style: TableStyle, stacked: bool) -> String {
    let mut table = new_table(grid.header.clone(), style);
    for row in &grid.rows {
        table.add_row(row.iter().map(|c| if stacked { c.stacked() } else { c.inline() }).collect::<Vec<_>>());
    }
    for (i, numeric) in grid.numeric.iter().enumerate() {
        if *numeric && let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    finish(&table)
}

/// Writes the comparison table with its title and notes.
pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let s = &results.scenario;
    writeln!(out, "{}", s.name)?;
    writeln!(out, "{}", s.workload_summary)?;
    writeln!(out, "money in {} · catalog as of {} · {}", s.currency, s.catalog_date, s.file)?;
    for arg in &s.overrides {
        writeln!(out, "with --set {arg}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", render_grid(&grid::comparison(results), RULED, true))?;
    writeln!(out)?;
    for note in grid::notes(results) {
        writeln!(out, "{}", wrap(&note, NOTE_WIDTH, "  "))?;
    }
    writeln!(out)?;
    for line in grid::legend(results) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}
