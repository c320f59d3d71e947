//! Why a provider cannot run a workload: a result of the model, not a failure of it.

use super::Method;
use serde::Serialize;

/// Why a provider cannot run the workload.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Infeasible {
    /// Weights (+ KV cache of one request) or training state do not fit in the GPUs allowed.
    DoesNotFit {
        /// Memory needed, GB.
        need_gb: f64,
        /// Usable memory of the largest allowed replica, GB.
        have_gb: f64,
        /// GPUs in that replica.
        gpus: u32,
    },
    /// A request is longer than the model's context.
    ContextTooLong {
        /// Tokens per request (input + output).
        tokens: f64,
        /// Model context, tokens.
        context: u32,
    },
    /// More GPUs are needed at once than the provider can supply.
    Capacity {
        /// GPUs needed at once.
        need_gpus: f64,
        /// Provider capacity, GPUs.
        capacity_gpus: f64,
    },
    /// A catalog figure the model needs is not sourced.
    MissingFigure {
        /// Which figure.
        what: &'static str,
    },
    /// Demand is above a token API's rate limit.
    RateLimit {
        /// Average requests per minute the month needs.
        need_rpm: f64,
        /// The limit.
        limit_rpm: f64,
    },
    /// No way of running the training fits its state and activations in the GPUs.
    TrainingDoesNotFit {
        /// Memory per GPU of the way that needs least, GB.
        need_gb: f64,
        /// Usable memory per GPU, GB.
        have_gb: f64,
        /// GPUs in the run.
        gpus: u32,
        /// The lighter method that would fit, if one would.
        fits_with: Option<Method>,
    },
    /// Failures come faster than checkpoints and restarts can keep up with.
    NoProgress {
        /// Mean time between failures of the job, hours.
        mtbf_hours: f64,
    },
}

impl std::fmt::Display for Infeasible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Infeasible::DoesNotFit { need_gb, have_gb, gpus } => {
                write!(f, "does not fit: needs {need_gb:.0} GB, {gpus} GPU(s) give {have_gb:.0} GB usable")
            }
            Infeasible::ContextTooLong { tokens, context } => {
                write!(f, "request of {tokens:.0} tokens exceeds the model context of {context}")
            }
            Infeasible::Capacity { need_gpus, capacity_gpus } => {
                write!(f, "needs {need_gpus:.0} GPUs at once; provider capacity is {capacity_gpus:.0}")
            }
            Infeasible::MissingFigure { what } => write!(f, "catalog figure not sourced: {what}"),
            Infeasible::RateLimit { need_rpm, limit_rpm } => {
                write!(f, "needs {need_rpm:.0} requests per minute on average; the API's rate limit is {limit_rpm:.0}")
            }
            Infeasible::TrainingDoesNotFit { need_gb, have_gb, gpus, fits_with } => {
                write!(
                    f,
                    "does not fit: needs {need_gb:.1} GB per GPU at best on {gpus} GPU(s), {have_gb:.1} GB usable"
                )?;
                match fits_with {
                    Some(m) => write!(f, "; {} would fit", m.title()),
                    None => write!(f, "; neither LoRA nor QLoRA would fit"),
                }
            }
            Infeasible::NoProgress { mtbf_hours } => write!(
                f,
                "no progress: the job fails every {mtbf_hours:.2} h, faster than it can checkpoint and restart"
            ),
        }
    }
}
