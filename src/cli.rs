//! Command-line definitions (clap). Nothing here computes; `commands` turns these into calls.

use crate::catalog::ProviderKind;
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "What an AI workload costs on centralized clouds, GPU marketplaces and decentralized GPU \
networks: cost, latency and margin, side by side, every figure traceable.";

const EXIT_CODES: &str = "\
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage.

With no command, runs the built-in flagship scenario (scenarios/chat-assistant.toml).";

/// computecost command line.
#[derive(Debug, Parser)]
#[command(name = "computecost", version, about = ABOUT, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do (default: run the flagship scenario).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare every provider of a scenario side by side.
    #[command(after_help = "\
Examples:
  computecost run scenarios/chat-assistant.toml
  computecost run scenarios/chat-assistant.toml --samples 100000 --seed 7
  computecost run scenarios/fine-tune.toml --format json
  computecost run scenarios/chat-assistant.toml --point       # every input at its median
  computecost run scenarios/private-inference.toml --out output   # writes output/private-inference/")]
    Run(RunArgs),
    /// Write the memo bundle: memo.md, summary.csv, breakdown.csv, results.json and charts (SVG + PNG).
    #[command(after_help = "\
Examples:
  computecost report                                    # the flagship, into output/chat-assistant/
  computecost report scenarios/fine-tune.toml --out reports --samples 100000
  computecost report scenarios/chat-assistant.toml --width 1600 --height 900")]
    Report(ReportArgs),
    /// List the built-in catalog (offers, GPUs or models) with sources and dates.
    #[command(after_help = "\
Examples:
  computecost providers                       # every offer
  computecost providers --gpu h100 --kind decentralized
  computecost providers --list gpus --format csv
  computecost providers --list models --format json")]
    Providers(ProvidersArgs),
}

/// Options shared by every command that simulates a scenario.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Monte Carlo trials. Time grows linearly with N; memory does not (statistics stream into
    /// fixed-precision histograms).
    #[arg(long, value_name = "N", default_value_t = crate::sim::DEFAULT_SAMPLES)]
    pub samples: u64,
    /// Seed of the random streams; the same seed gives byte-identical output on any number of threads.
    #[arg(long, value_name = "S", default_value_t = crate::sim::DEFAULT_SEED)]
    pub seed: u64,
    /// Evaluate every input at its median instead of sampling (a deterministic point estimate).
    #[arg(long, conflicts_with = "samples")]
    pub point: bool,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no "wrote ..." messages.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Default for SimArgs {
    fn default() -> Self {
        SimArgs {
            samples: crate::sim::DEFAULT_SAMPLES,
            seed: crate::sim::DEFAULT_SEED,
            point: false,
            threads: None,
            quiet: false,
        }
    }
}

/// `computecost run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Default: the built-in flagship, scenarios/chat-assistant.toml.
    pub scenario: Option<PathBuf>,
    /// Sampling options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write summary.csv, breakdown.csv and results.json under `DIR/<scenario-stem>/` (atomically).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `computecost report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario file (TOML). Default: the built-in flagship, scenarios/chat-assistant.toml.
    pub scenario: Option<PathBuf>,
    /// Sampling options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Folder for the bundle: files go to `DIR/<scenario-stem>/`; nothing else is touched.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Chart width, px (PNG and SVG).
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(800..=4000))]
    pub width: u32,
    /// Chart height, px (PNG and SVG).
    #[arg(long, default_value_t = 700, value_parser = clap::value_parser!(u32).range(500..=3000))]
    pub height: u32,
}

/// Which catalog table `providers` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogTable {
    /// Provider offers (prices per GPU-hour).
    Offers,
    /// GPU specifications.
    Gpus,
    /// Model architectures.
    Models,
}

/// Formats of `providers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned table.
    Table,
    /// CSV with every column.
    Csv,
    /// JSON array with every field.
    Json,
}

/// `computecost providers`.
#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// Which table to list.
    #[arg(long, value_enum, default_value_t = CatalogTable::Offers)]
    pub list: CatalogTable,
    /// Only entries whose GPU id contains this text (e.g. h100, a100-sxm-80gb).
    #[arg(long)]
    pub gpu: Option<String>,
    /// Only offers of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<ProviderKind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
