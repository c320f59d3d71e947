//! `computecost validate`: load every file the way a run would, and report every problem without running.

use crate::cli::{ValidateArgs, ValidateFormat};
use crate::commands::error::{Error, Usage};
use crate::scenario::{self, ScenarioError};
use serde_json::{Value, json};
use std::io::Write;

/// One file's record in `--format json`.
fn record(file: &str, providers: Option<usize>, warnings: &[String], errors: Vec<Value>) -> Value {
    json!({ "file": file, "valid": errors.is_empty(), "providers": providers, "warnings": warnings, "errors": errors })
}

/// A problem without a place in the file (a price too old, a file that cannot be read).
fn whole_file(message: String) -> Value {
    json!({ "line": null, "column": null, "message": message, "help": null })
}

/// Runs `computecost validate`: an error when any file cannot be read or has problems.
pub fn run(args: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let catalog = super::engine::catalog(&args.catalog)?;
    if args.format != ValidateFormat::Table {
        return records(args, &catalog, out);
    }
    let mut failed = 0;
    let mut unreadable = Vec::new();
    for path in &args.files {
        match scenario::load_with(path, &args.set, &catalog) {
            Ok(mut s) => {
                if let Err(e) = super::engine::check_prices(&mut s, &args.catalog, &catalog) {
                    failed += 1;
                    writeln!(err, "{}: error: {e}\n", path.display())?;
                    continue;
                }
                let warnings = s.warnings.len();
                writeln!(out, "ok {}: {} provider(s), {} warning(s)", path.display(), s.providers.len(), warnings)?;
                if args.warnings {
                    for w in &s.warnings {
                        writeln!(out, "  warning: {}", w.message)?;
                    }
                }
            }
            Err(e @ ScenarioError::Invalid(_)) => {
                failed += 1;
                writeln!(err, "{e}\n")?;
            }
            Err(e @ ScenarioError::Read { .. }) if !e.is_bad_input() => unreadable.push(e),
            Err(e @ ScenarioError::Read { .. }) => {
                failed += 1;
                writeln!(err, "error: {e}\n")?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    // A file the system would not read is an I/O failure (exit 1), not an invalid file (exit 2): the
    // last one is returned, the others printed.
    let last = unreadable.pop();
    for e in &unreadable {
        writeln!(err, "error: {e}\n")?;
    }
    match (failed, last) {
        (0, None) => Ok(()),
        (0, Some(e)) => Err(e.into()),
        (_, last) => {
            if let Some(e) = last {
                writeln!(err, "error: {e}\n")?;
            }
            Err(Usage::InvalidFiles { failed, total: args.files.len() }.into())
        }
    }
}

/// `validate --format json|csv|md`: a record per file on stdout, whatever its state; the exit code as for
/// a table (2 when a file is invalid, 1 when one cannot be read).
fn records(args: &ValidateArgs, catalog: &crate::catalog::Catalog, out: &mut dyn Write) -> Result<(), Error> {
    let (mut records, mut failed, mut unreadable) = (Vec::new(), 0, None);
    for path in &args.files {
        let file = path.display().to_string();
        match scenario::load_with(path, &args.set, catalog) {
            Ok(mut s) => {
                let warnings: Vec<String> = s.warnings.iter().map(|w| w.message.clone()).collect();
                let errors = match super::engine::check_prices(&mut s, &args.catalog, catalog) {
                    Ok(()) => Vec::new(),
                    Err(e) => vec![whole_file(e.to_string())],
                };
                failed += usize::from(!errors.is_empty());
                records.push(record(&file, Some(s.providers.len()), &warnings, errors));
            }
            Err(ScenarioError::Invalid(diagnostics)) => {
                failed += 1;
                let errors = diagnostics
                    .iter()
                    .map(|d| json!({ "line": d.line, "column": d.column, "message": d.message, "help": d.help }))
                    .collect();
                records.push(record(&file, None, &[], errors));
            }
            Err(e @ ScenarioError::Read { .. }) => {
                if e.is_bad_input() {
                    failed += 1;
                } else {
                    unreadable = Some(e.to_string());
                }
                records.push(record(&file, None, &[], vec![whole_file(e.to_string())]));
            }
            Err(e) => return Err(e.into()),
        }
    }
    match args.format {
        ValidateFormat::Csv => write_rows(&records, out, false)?,
        ValidateFormat::Md => write_rows(&records, out, true)?,
        _ => {
            serde_json::to_writer_pretty(&mut *out, &records).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
    }
    match (failed, unreadable) {
        (0, None) => Ok(()),
        (0, Some(message)) => Err(Error::Output(std::io::Error::other(message))),
        _ => Err(Usage::InvalidFiles { failed, total: args.files.len() }.into()),
    }
}

/// The records as rows: one per problem, one per file without any (`file, valid, providers, warnings, line,
/// column, message, help`), as CSV or as a Markdown table.
fn write_rows(records: &[Value], out: &mut dyn Write, markdown: bool) -> std::io::Result<()> {
    let header = ["file", "valid", "providers", "warnings", "line", "column", "message", "help"];
    let cell = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in records {
        let head = [cell(&r["file"]), cell(&r["valid"]), cell(&r["providers"])];
        let warnings = r["warnings"].as_array().map_or(0, Vec::len).to_string();
        let errors = r["errors"].as_array().cloned().unwrap_or_default();
        if errors.is_empty() {
            rows.push(head.iter().cloned().chain([warnings.clone()]).chain(vec![String::new(); 4]).collect());
        }
        for e in &errors {
            let problem = ["line", "column", "message", "help"].map(|k| cell(&e[k]));
            rows.push(head.iter().cloned().chain([warnings.clone()]).chain(problem).collect());
        }
    }
    if markdown {
        let escape = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(header.len()))?;
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        return Ok(());
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    w.flush()
}
