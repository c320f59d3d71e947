//! Analyses over the model: side-by-side comparison, sweeps and break-evens, sensitivity, scenario diff.

pub mod assumptions;
pub mod build_buy;
mod compare;
pub mod diff;
pub mod explain;
pub mod metric;
pub mod results;
pub mod sensitivity;
pub mod stale;
pub mod sweep;

pub use assumptions::assumptions;
pub use compare::{point, point_outcomes, run_info};
pub use metric::{Metric, unit_of_work};
pub use results::{Assumption, Comparison, Metrics, Objectives, PairScope, ProviderResult, Results, RunInfo, Stats};
