//! The side-by-side table for a terminal.

use super::grid::{self, Grid};
use crate::analysis::Results;
use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The width tables are fitted to, in columns; 0 = as wide as they are. Set once per command by the
/// command line (the terminal's width, `COLUMNS`, or none with `--wide`): a presentation setting, not an
/// input of any result.
static WIDTH: AtomicUsize = AtomicUsize::new(0);

/// Tables printed as Markdown (`--format md`): whole, in the Markdown preset.
static MARKDOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Fits the tables printed from now on to `width` columns (`None`: as wide as they are).
pub fn set_width(width: Option<usize>) {
    WIDTH.store(width.unwrap_or(0), Ordering::Relaxed);
}

/// Prints the tables from now on as Markdown (whole, never fitted) or not.
pub fn set_markdown(on: bool) {
    MARKDOWN.store(on, Ordering::Relaxed);
}

/// What ends a line that titles the table under it: a blank line in Markdown, where a table must start a
/// block of its own, nothing on a terminal, where the title sits on the table.
pub fn title_end() -> &'static str {
    if MARKDOWN.load(Ordering::Relaxed) { "\n" } else { "" }
}

/// The width tables are fitted to, if any (none for Markdown).
pub fn width() -> Option<usize> {
    Some(WIDTH.load(Ordering::Relaxed)).filter(|w| *w > 0 && !MARKDOWN.load(Ordering::Relaxed))
}

/// Columns of the comparison table given up first when it does not fit, least telling first; the
/// provider, its cost and the cheapest marker always stay.
const DROP_FIRST: [&str; 16] = [
    "tok/s/GPU",
    "GPU-h/month",
    "GPU-h/run",
    "E2E p95",
    "TTFT p95",
    "Goodput",
    "Payback",
    "Margin after",
    "GPUs",
    "Kind",
    "TPOT p95",
    "SLO",
    "P(SLO)",
    "Δ margin",
    "P(cheapest)",
    "Wall-clock",
];

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

/// `text` wrapped to the width set by [`set_width`] (continuation lines indented two spaces), or as is.
pub fn fit_text(text: &str) -> String {
    match width() {
        Some(w) => wrap(text, w, "  "),
        None => text.to_string(),
    }
}

/// An empty table with `header`, ruled; it wraps cells only to fit the width set by [`set_width`].
pub fn new_table(header: Vec<String>, style: TableStyle) -> Table {
    let mut table = Table::new();
    if MARKDOWN.load(Ordering::Relaxed) {
        table.load_style(comfy_table::presets::ASCII_MARKDOWN);
    } else {
        table.load_style(style);
    }
    match width() {
        Some(w) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(u16::try_from(w).unwrap_or(u16::MAX));
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(header);
    table
}

/// The table as text without trailing spaces.
pub fn finish(table: &Table) -> String {
    table.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

/// Renders `grid` with `style`, numbers right-aligned; `stacked` puts each band on a second line.
pub fn render_grid(grid: &Grid, style: TableStyle, stacked: bool) -> String {
    render_fitted(grid, style, stacked).0
}

/// Renders `grid` within the width set by [`set_width`], giving up the least telling columns first
/// (`DROP_FIRST`); returns the text and the titles of the columns left out.
pub fn render_fitted(grid: &Grid, style: TableStyle, stacked: bool) -> (String, Vec<String>) {
    render_fitted_dropping(grid, style, stacked, &DROP_FIRST)
}

/// A table of plain cells within the set width, giving up the columns named in `drop` first (in that
/// order); a numbers-right-aligned table with the titles of the columns left out.
pub fn fitted_table(
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: Vec<bool>,
    drop: &[&str],
) -> (String, Vec<String>) {
    let rows = rows.into_iter().map(|r| r.into_iter().map(super::grid::Cell::text).collect()).collect();
    render_fitted_dropping(&Grid { header, rows, numeric }, RULED, false, drop)
}

/// A built table within the set width, giving up the columns named in `drop` first; a column is
/// right-aligned when every cell of it reads as a number.
pub fn fit(table: &Table, drop: &[&str]) -> (String, Vec<String>) {
    let header: Vec<String> = table.header().map(|h| h.cell_iter().map(|c| c.content()).collect()).unwrap_or_default();
    let rows: Vec<Vec<String>> = table.row_iter().map(|r| r.cell_iter().map(|c| c.content()).collect()).collect();
    let looks_numeric = |s: &str| {
        s.is_empty()
            || s == "—"
            || s.trim_start_matches(['$', '+', '-', '€', '£']).starts_with(|c: char| c.is_ascii_digit())
    };
    let numeric = (0..header.len())
        .map(|i| rows.iter().all(|r| r.get(i).is_none_or(|c| looks_numeric(c))) && !rows.is_empty())
        .collect();
    fitted_table(header, rows, numeric, drop)
}

/// The note under a table that left columns out to fit.
pub fn dropped_note(dropped: &[String]) -> Option<String> {
    (!dropped.is_empty()).then(|| {
        let note = format!(
            "Left out to fit {} columns: {} (`--wide` or a wider terminal shows them; `--format csv` has every \
             figure).",
            width().unwrap_or_default(),
            dropped.join(", ")
        );
        wrap(&note, width().unwrap_or(NOTE_WIDTH).min(NOTE_WIDTH), "  ")
    })
}

fn render_fitted_dropping(grid: &Grid, style: TableStyle, stacked: bool, drop: &[&str]) -> (String, Vec<String>) {
    let full = render_unwrapped(grid, style, stacked);
    let Some(limit) = width() else { return (full, Vec::new()) };
    let wide = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let (mut grid, mut text, mut dropped) = (grid.clone(), full, Vec::new());
    for title in drop {
        if wide(&text) <= limit {
            break;
        }
        if let Some(i) = grid.header.iter().position(|h| h == title || h.starts_with(&format!("{title} "))) {
            dropped.push(grid.header.remove(i));
            grid.numeric.remove(i);
            for row in &mut grid.rows {
                row.remove(i);
            }
            text = render_unwrapped(&grid, style, stacked);
        }
    }
    if wide(&text) > limit {
        // Still too wide (long names): let the table wrap its cells.
        let mut table = new_table(grid.header.clone(), style);
        fill(&mut table, &grid, stacked);
        text = finish(&table);
    }
    (text, dropped)
}

/// `grid` as one line per row, however wide.
pub fn render_whole(grid: &Grid, style: TableStyle, stacked: bool) -> String {
    render_unwrapped(grid, style, stacked)
}

/// `grid` as one line per row, however wide.
fn render_unwrapped(grid: &Grid, style: TableStyle, stacked: bool) -> String {
    let mut table = new_table(grid.header.clone(), style);
    table.set_content_arrangement(ContentArrangement::Disabled);
    fill(&mut table, grid, stacked);
    finish(&table)
}

/// Adds `grid`'s rows to `table`, numbers right-aligned.
fn fill(table: &mut Table, grid: &Grid, stacked: bool) {
    for row in &grid.rows {
        table.add_row(row.iter().map(|c| if stacked { c.stacked() } else { c.inline() }).collect::<Vec<_>>());
    }
    for (i, numeric) in grid.numeric.iter().enumerate() {
        if *numeric && let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Writes the comparison table with its title and notes.
pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let s = &results.scenario;
    writeln!(out, "{}", fit_text(&s.name))?;
    writeln!(out, "{}", fit_text(&s.workload_summary))?;
    writeln!(out, "{}", fit_text(&format!("money in {} · catalog as of {} · {}", s.currency, s.catalog_date, s.file)))?;
    for arg in &s.overrides {
        writeln!(out, "with --set {arg}")?;
    }
    writeln!(out)?;
    let (table, dropped) = render_fitted(&grid::comparison(results), RULED, true);
    writeln!(out, "{table}")?;
    if let Some(note) = dropped_note(&dropped) {
        writeln!(out, "{note}")?;
    }
    writeln!(out)?;
    for note in grid::notes(results) {
        writeln!(out, "{}", wrap(&note, NOTE_WIDTH, "  "))?;
    }
    writeln!(out)?;
    for line in grid::legend(results) {
        writeln!(out, "{}", fit_text(&format!("  {line}")))?;
    }
    Ok(())
}
