//! Analyses over the model: side-by-side comparison, sweeps and break-evens, sensitivity, scenario diff.

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

pub use assumptions::assumptions;
pub use compare::{monte_carlo, point, results, run_info};
pub use results::{Assumption, Comparison, Metrics, Objectives, ProviderResult, Results, RunInfo, SCHEMA_VERSION};
