//! Analyses over the model: side-by-side comparison (and, later, sweeps, break-even, sensitivity, diff).

mod compare;
pub mod metric;
pub mod results;

pub use compare::{point, point_outcomes};
pub use metric::{Metric, unit_of_work};
pub use results::{Comparison, Metrics, ProviderResult, Results, RunInfo, Stats};
