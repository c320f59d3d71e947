//! Warnings: things a reader of a result must know that are not errors (thin evidence, capped batches...).
//! They travel with results into the table footer, results.json and the memo's caveats.

use serde::Serialize;
use std::fmt;

/// One warning, with a stable code for scripts and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// Stable identifier, e.g. `thin_default`, `batch_capped`.
    pub code: &'static str,
    /// What to know, in one sentence.
    pub message: String,
    /// Where it comes from or how to act on it; may be empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Warning {
    /// A warning without detail.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Warning { code, message: message.into(), detail: String::new() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
