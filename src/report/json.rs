//! results.json: the machine contract later issues and scripts rely on.

use crate::analysis::Results;
use std::io::{self, Write};

/// Writes `results` as pretty JSON. Non-finite numbers (a payback that never comes) become `null`.
pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, results).map_err(io::Error::other)?;
    writeln!(out)
}
