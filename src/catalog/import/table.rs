//! A CSV file read by column name, each cell with where it sits (for file:line:column errors).

use crate::base::diagnostic::{Diagnostic, Source};
use crate::catalog::csv_cells::csv_field;
use std::ops::Range;

/// The rows of a CSV file and the position of each named column.
pub(super) struct Table<'a> {
    source: &'a Source,
    header: Vec<String>,
    rows: Vec<(usize, csv::StringRecord)>,
}

/// One row: its cells by column name.
pub(super) struct Row<'t, 'a> {
    table: &'t Table<'a>,
    start: usize,
    record: &'t csv::StringRecord,
    /// The row's line in the file.
    pub line: usize,
}

impl<'a> Table<'a> {
    /// Reads `source` as CSV whose header must hold every column of `required`; a file without them is
    /// refused at its first line, naming what is missing.
    pub(super) fn read(source: &'a Source, what: &str, required: &[&str]) -> Result<Self, Vec<Diagnostic>> {
        let text = source.text.as_str();
        let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&text.as_bytes()[text_start..]);
        let first_line = 0..text.find('\n').unwrap_or(text.len()).max(1);
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
            Err(e) => return Err(vec![source.diagnostic(first_line, format!("cannot read the CSV header: {e}"))]),
        };
        let missing: Vec<&str> = required.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
        if !missing.is_empty() {
            return Err(vec![
                source
                    .diagnostic(first_line, format!("this is not a {what}: no column {}", missing.join(", ")))
                    .with_help(format!("a {what} has the columns {}", required.join(", "))),
            ]);
        }
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let start = text_start + r.position().map_or(0, |p| p.byte() as usize);
                    if r.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    rows.push((start, r));
                }
                Err(e) => {
                    let at = text_start + e.position().map_or(0, |p| p.byte() as usize);
                    problems.push(source.diagnostic(at..at + 1, format!("malformed CSV row: {e}")));
                }
            }
        }
        if problems.is_empty() { Ok(Table { source, header, rows }) } else { Err(problems) }
    }

    /// Whether the header has `column`.
    pub(super) fn has(&self, column: &str) -> bool {
        self.header.iter().any(|h| h == column)
    }

    /// The rows, in file order.
    pub(super) fn rows(&self) -> impl Iterator<Item = Row<'_, 'a>> {
        self.rows.iter().map(|(start, record)| Row {
            table: self,
            start: *start,
            record,
            line: self.source.line_col(*start).0,
        })
    }
}

impl Row<'_, '_> {
    fn index(&self, column: &str) -> Option<usize> {
        self.table.header.iter().position(|h| h == column)
    }

    /// The cell of `column`, trimmed ("" when the column or the cell is missing).
    pub(super) fn get(&self, column: &str) -> &str {
        self.index(column).and_then(|i| self.record.get(i)).map_or("", str::trim)
    }

    /// Where the cell of `column` sits (the row's start when the column is missing).
    pub(super) fn span(&self, column: &str) -> Range<usize> {
        match self.index(column) {
            Some(i) => csv_field(&self.table.source.text, self.start, i),
            None => self.start..self.start + 1,
        }
    }

    /// An error about the cell of `column`.
    pub(super) fn error(&self, column: &str, message: impl Into<String>) -> Diagnostic {
        self.table.source.diagnostic(self.span(column), message)
    }

    /// The cell of `column` as a finite number (`None` when empty); an error names the cell otherwise.
    pub(super) fn number(&self, column: &str) -> Result<Option<f64>, Diagnostic> {
        let cell = self.get(column);
        if cell.is_empty() {
            return Ok(None);
        }
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self.error(column, format!("`{column}` must be a number, found \"{cell}\""))),
        }
    }
}
