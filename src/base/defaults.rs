//! The defaults and limits of a run that the command line shows and the library applies, in one place.

/// Trials when `--samples` is not given.
pub const DEFAULT_SAMPLES: u64 = 10_000;

/// Most trials of one run: 10,000,000 take about 10 s on the flagship on 2 cores (docs/PERFORMANCE.md);
/// more is refused rather than left to run for minutes.
pub const MAX_SAMPLES: u64 = 10_000_000;

/// Most trials one command may run in total across its runs (a sweep's steps, a grid's points), before
/// bisections: 20,000,000, about 20 s on the flagship.
pub const MAX_TOTAL_TRIALS: u64 = 20_000_000;

/// Seed when `--seed` is not given (printed in every output).
pub const DEFAULT_SEED: u64 = 42;

/// How old an offer may be, in days, before a warning says so: about six months.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 180;

/// Most steps of a one-input sweep.
pub const MAX_STEPS: u32 = 200;

/// Most steps on each axis of a two-input sweep.
pub const MAX_GRID_STEPS: u32 = 50;
