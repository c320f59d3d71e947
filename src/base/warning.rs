//! Warnings: things a reader of a result must know that are not errors (thin evidence, capped batches...).
//! They travel with results into the table footer, results.json and the memo's caveats.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a warning is about: its stable code in results.json (snake_case) for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    // In alphabetical order of their codes: warnings are sorted by code, as they were when codes were
    // strings.
    /// The KV cache holds fewer sequences than the requested batch.
    BatchCapped,
    /// The provider has fewer GPUs than the run asks for.
    GpusCapped,
    /// The provider cannot run the workload in some trials.
    PartlyInfeasible,
    /// An offer publishes only a price range.
    PriceRangeOnly,
    /// A catalog figure is older than the age limit.
    StaleFigure,
    /// A documented default with weak evidence was used.
    ThinDefault,
}

/// One warning, with a stable code for scripts and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Warning {
    /// What it is about.
    pub code: WarningKind,
    /// What to know, in one sentence.
    pub message: String,
    /// Where it comes from or how to act on it; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Warning {
    /// A warning without detail.
    pub fn new(code: WarningKind, message: impl Into<String>) -> Self {
        Warning { code, message: message.into(), detail: String::new() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
