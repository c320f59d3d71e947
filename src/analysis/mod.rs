//! Analyses over the model: side-by-side comparison, sweeps and break-evens, sensitivity, scenario diff.

pub mod accuracy;
pub mod assumptions;
pub mod bisect;
pub mod build_buy;
mod compare;
pub mod diff;
pub mod explain;
pub mod results;
pub mod sensitivity;
pub mod stale;
pub mod sweep;
pub mod ways;

pub use assumptions::assumptions;
pub use compare::{monte_carlo, point, results, run_info};

/// A provider id a scenario does not have, with the nearest one it does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no provider `{id}` in this scenario{}; providers: {}", self.hint(), ids.join(", "))]
pub struct UnknownProvider {
    /// The id asked for.
    pub id: String,
    /// The scenario's ids.
    pub ids: Vec<String>,
}

impl UnknownProvider {
    /// The index of provider `id` in `scenario`.
    pub fn find(scenario: &crate::scenario::Scenario, id: &str) -> Result<usize, UnknownProvider> {
        scenario.providers.iter().position(|p| p.id == id).ok_or_else(|| UnknownProvider {
            id: id.to_string(),
            ids: scenario.providers.iter().map(|p| p.id.clone()).collect(),
        })
    }

    fn hint(&self) -> String {
        crate::base::text::suggest(&self.id, self.ids.iter().map(String::as_str))
            .first()
            .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"))
    }
}
pub use results::{Assumption, Comparison, Metrics, Objectives, ProviderResult, Results, RunInfo, SCHEMA_VERSION};
