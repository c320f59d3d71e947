//! results.json: the machine contract later issues and scripts rely on.

use crate::analysis::Results;
use std::io::{self, Write};

/// Writes `results` as pretty JSON. Non-finite numbers (a payback that never comes) become `null`.
pub fn write(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, results).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn results_json_reads_back_into_the_same_results() {
        let catalog = Catalog::builtin().unwrap();
        for file in ["chat-assistant.toml", "fine-tune.toml"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(file);
            let s = crate::scenario::load(&path, &catalog).unwrap();
            let opts = crate::sim::SimOptions { samples: 500, ..Default::default() };
            let results = crate::analysis::monte_carlo(&s, &catalog, &opts, &|_| {});
            let mut text = Vec::new();
            write(&results, &mut text).unwrap();
            let back: Results = serde_json::from_slice(&text).unwrap();
            // Exact to the bit: serde_json's `float_roundtrip` parses what it wrote.
            assert_eq!(back, results, "{file}");
        }
    }
}
