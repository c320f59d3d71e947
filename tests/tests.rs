//! Integration tests: the `computecost` binary as users run it. One module per feature; helpers in `util`.

mod util;

/// The shape of the code: one-way layers, short files.
mod architecture;

/// `run`: every format, `--out`, the no-argument flagship, exit codes and located errors.
mod run;

/// `providers`: the catalog, its filters and formats.
mod providers;

/// Every shipped scenario runs, and infeasible providers are reported as such.
mod scenarios;

/// The accuracy record against published figures, the fitted priors and `calibrate`.
mod accuracy;

/// Serving as bought and used: queueing at the busiest hour, objectives, throughput in results.json.
mod serving;

/// Training runs as runs: per-run results, fleets per provider, methods, links, availability, INTELLECT-1.
mod training;

/// Sampling: seeds, threads, common random numbers.
mod uncertainty;

/// `report`: the memo bundle, its charts, determinism and atomic writes.
mod report;

/// memo.html printed to PDF in headless Chromium (A4 and Letter).
mod browser;

/// What-if analysis: `--set`, sweeps, sensitivity, diff.
mod whatif;

/// Bad input: a snapshot table of mistakes and their messages.
mod bad_input;

/// Mutated scenarios (proptest): no panic, no stray files, no non-finite numbers.
mod fuzz;

/// Daily use: explain, user catalogs, stale figures, init, completions.
mod daily_use;

/// `prices import`: price files users have, turned into catalogs `--catalog` reads.
mod prices;

/// Owned hardware: a provider that buys its GPUs, billed at what owning them costs.
mod owned;

/// The README's commands, run in a copy of the repository, leave it clean.
mod readme_tour;

/// Command-line habits: tables that fit the terminal, colour, the same formats everywhere.
mod cli_habits;

/// Defects found by attacking the tool (issue 13): writes outside --out, partial reports, hangs, panics,
/// NaN, unbounded reads, control characters.
mod safety;
