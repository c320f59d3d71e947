//! Command-line definitions (clap). Nothing here computes; `commands` turns these into calls.

use crate::base::defaults::{DEFAULT_MAX_AGE_DAYS, DEFAULT_SAMPLES, DEFAULT_SEED, MAX_GRID_STEPS, MAX_STEPS};
use crate::catalog::ProviderKind;
use crate::report::Format;
use crate::sim::Metric;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "What an AI workload costs on centralized clouds, GPU marketplaces and decentralized GPU \
networks: cost, latency and margin, side by side, every figure traceable.";

const EXIT_CODES: &str = "\
Exit codes: 0 success, 1 runtime or I/O failure (a file that cannot be read or written, a folder another
run keeps locked), 2 bad input or usage (the message names the file, line and column, or the option),
130 after Ctrl-C and 143 after SIGTERM (an earlier report is left as it was).

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
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage, 130/143 after Ctrl-C/SIGTERM.

Examples:
  computecost run scenarios/chat-assistant.toml
  computecost run scenarios/chat-assistant.toml --samples 100000 --seed 7
  computecost run scenarios/fine-tune.toml --format json
  computecost run scenarios/chat-assistant.toml --point       # every input at its median
  computecost run --set workload.requests_per_month=6e7 --set providers.ionet.price_per_gpu_hour=4.2
  computecost run --set 'business.labor_savings={dist=\"uniform\",low=0.02,high=0.14}'
  computecost run scenarios/private-inference.toml --out output   # writes output/private-inference/
  computecost run --catalog my-quotes.toml          # your own prices (README, \"Your own prices\")
  computecost run --today 2026-11-25 --max-age-days 90             # flag offers older than 90 days")]
    Run(RunArgs),
    /// Write the memo bundle: memo.md, summary.csv, breakdown.csv, results.json and charts (SVG + PNG).
    #[command(after_help = "\
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage, 130/143 after Ctrl-C/SIGTERM.

Examples:
  computecost report                                    # the flagship, into output/chat-assistant/
  computecost report scenarios/fine-tune.toml --out reports --samples 100000
  computecost report scenarios/chat-assistant.toml --width 1600 --height 900")]
    Report(ReportArgs),
    /// List the catalog (offers, GPUs or models) with sources, dates and origins; stale offers are marked.
    #[command(after_help = "\
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage, 130/143 after Ctrl-C/SIGTERM.

Examples:
  computecost providers                       # every offer
  computecost providers --gpu h100 --kind decentralized
  computecost providers --list gpus --format csv
  computecost providers --list models --format json
  computecost providers --list tokens --kind decentralized   # token APIs
  computecost providers --catalog my-quotes.toml     # your entries beside the built-in ones, with origins")]
    Providers(ProvidersArgs),
    /// Move one input across a range and rerun at each value: each provider's result, the break-evens
    /// where two providers' medians cross, and a chart; with --param2, a grid over two inputs.
    #[command(after_help = "\
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage, 130/143 after Ctrl-C/SIGTERM.

Examples:
  computecost sweep --param workload.requests_per_month --from 5e6 --to 1e8 --log --steps 20
  computecost sweep --param providers.ionet.price_per_gpu_hour --from 1 --to 6 --pair ionet,lambda
  computecost sweep --param workload.requests_per_month --from 5e6 --to 1e8 --log \\
      --param2 providers.vast.price_per_gpu_hour --from2 1 --to2 5
  computecost sweep scenarios/fine-tune.toml --param workload.training_tokens --from 1e9 --to 1e11 --log \\
      --metric wall_clock_hours --format csv")]
    Sweep(SweepArgs),
    /// Which uncertain input matters most: a tornado of p5→p95 swings and rank correlations.
    #[command(after_help = "\
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage, 130/143 after Ctrl-C/SIGTERM.

Examples:
  computecost sensitivity                                   # cheapest vs cheapest centralized, monthly cost
  computecost sensitivity --provider aws --metric ttft_p95_ms
  computecost sensitivity scenarios/fine-tune.toml --pair vast,aws --format csv")]
    Sensitivity(SensitivityArgs),
    /// Check scenario files without running them: every problem with file:line:column and a hint.
    #[command(after_help = "\
Exit codes: 0 every file is valid, 1 a file cannot be read (missing, no permission), 2 at least one is
not valid (each problem is printed to stderr).

Examples:
  computecost validate scenarios/*.toml
  computecost validate my.toml --set workload.requests_per_month=6e7")]
    Validate(ValidateArgs),
    /// Compare two scenarios: the inputs that differ and what that does to each provider's results.
    #[command(after_help = "\
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage, 130/143 after Ctrl-C/SIGTERM.

Examples:
  computecost diff scenarios/chat-assistant.toml my-variant.toml
  computecost diff a.toml b.toml --format json --samples 20000")]
    Diff(DiffArgs),
    /// Show how one provider's result is computed: every cost line and latency term with its formula, the
    /// numbers substituted, their units, and where each input came from.
    #[command(after_help = "\
Exit codes: 0 success, 2 bad input or usage.

Examples:
  computecost explain --provider aws                        # the flagship's AWS line, step by step
  computecost explain --provider vast --metric ttft_p95_ms  # only the steps TTFT depends on
  computecost explain scenarios/fine-tune.toml --provider ionet --format md > ionet.md
  computecost explain --provider akash --set workload.requests_per_month=6e7 --format json")]
    Explain(ExplainArgs),
    /// Write a commented starter scenario to edit: inference, training, gpu-hours, privacy or verification.
    #[command(after_help = "\
Exit codes: 0 success, 1 I/O failure, 2 the file exists (use --force) or bad usage.

Examples:
  computecost init                                  # inference.toml in the current folder
  computecost init training --out my-run.toml
  computecost init verification --out - | less      # print it instead
  computecost init privacy --out private.toml --force")]
    Init(InitArgs),
    /// Print a shell completion script: bash, zsh or fish.
    #[command(after_help = "\
Exit codes: 0 success, 2 bad usage.

Examples:
  computecost completions bash > ~/.local/share/bash-completion/completions/computecost
  computecost completions zsh > ~/.zfunc/_computecost       # with fpath+=~/.zfunc in ~/.zshrc
  computecost completions fish > ~/.config/fish/completions/computecost.fish")]
    Completions(CompletionsArgs),
}

/// Options shared by every command that simulates a scenario.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Monte Carlo trials (at most 10,000,000). Time grows linearly with N; memory does not (statistics
    /// stream into fixed-precision histograms).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SAMPLES)]
    pub samples: u64,
    /// Seed of the random streams; the same seed gives byte-identical output on any number of threads.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Evaluate every input at its median instead of sampling (a deterministic point estimate).
    #[arg(long, conflicts_with = "samples")]
    pub point: bool,
    /// Worker threads (default: one per core; at most 1,024). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// No progress bar and no "wrote ..." messages.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Default for SimArgs {
    fn default() -> Self {
        SimArgs { samples: DEFAULT_SAMPLES, seed: DEFAULT_SEED, point: false, threads: None, quiet: false }
    }
}

/// The scenario a command reads, and the changes made to it on the command line.
#[derive(Debug, Clone, Default, Args)]
pub struct ScenarioArgs {
    /// Scenario file (TOML). Default: the built-in flagship, scenarios/chat-assistant.toml.
    pub scenario: Option<PathBuf>,
    /// Change one input for this command only: PATH=VALUE, where VALUE is any TOML value (a number, a
    /// "string", a {dist=...} table). Repeatable. e.g. --set workload.requests_per_month=6e7
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = crate::scenario::overrides::parse_arg)]
    pub set: Vec<String>,
    /// Your own catalog and the age check of its figures.
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

/// Catalogs beyond the built-in one, and how old a price may be before it is flagged.
#[derive(Debug, Clone, Args)]
pub struct CatalogArgs {
    /// A catalog file (TOML with `[[offers]]`, `[[gpus]]`, `[[models]]`, `[[token_offers]]` tables, or a CSV with the header of the
    /// built-in offers.csv, gpus.csv, models.csv or token_prices.csv). New ids extend the catalog; existing ids are
    /// overridden field by field. Every entry needs `source` and `as_of`. Repeatable: later files win.
    #[arg(long = "catalog", value_name = "FILE")]
    pub catalog_files: Vec<PathBuf>,
    /// Warn about offers whose `as_of` is more than this many days before today (docs/MODEL.md, "Catalog").
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_MAX_AGE_DAYS)]
    pub max_age_days: u32,
    /// The date prices are aged against, YYYY-MM-DD (default: today, from the system clock). Fix it to
    /// reproduce a report byte for byte.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<String>,
}

impl Default for CatalogArgs {
    fn default() -> Self {
        CatalogArgs { catalog_files: Vec::new(), max_age_days: DEFAULT_MAX_AGE_DAYS, today: None }
    }
}

/// A `YYYY-MM-DD` calendar date.
fn parse_date(s: &str) -> Result<String, String> {
    match crate::base::date::day_number(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(format!("`{s}` is not a date YYYY-MM-DD")),
    }
}

/// `computecost run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario and its overrides.
    #[command(flatten)]
    pub input: ScenarioArgs,
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
    /// The scenario and its overrides.
    #[command(flatten)]
    pub input: ScenarioArgs,
    /// Sampling options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Folder for the bundle: files go to `DIR/<scenario-stem>/`; nothing else is touched.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Chart size.
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// Chart size.
#[derive(Debug, Clone, Copy, Args)]
pub struct ChartArgs {
    /// Chart width, px (PNG and SVG).
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(800..=4000))]
    pub width: u32,
    /// Chart height, px (PNG and SVG).
    #[arg(long, default_value_t = 700, value_parser = clap::value_parser!(u32).range(500..=3000))]
    pub height: u32,
}

impl ChartArgs {
    /// The chart size.
    pub fn size(self) -> crate::chart::Size {
        crate::chart::Size { width: self.width, height: self.height }
    }
}

/// Output formats of the what-if commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TableFormat {
    /// Aligned table for a terminal.
    #[default]
    Table,
    /// CSV.
    Csv,
    /// JSON.
    Json,
}

/// `A,B`: two provider ids.
fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && a.trim() != b.trim() => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!("expected two different provider ids as A,B (e.g. vast,lambda), found `{s}`")),
    }
}

/// `computecost sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario and its overrides.
    #[command(flatten)]
    pub input: ScenarioArgs,
    /// The input to move: a dotted path as for --set (`workload.requests_per_month`,
    /// `providers.<id>.price_per_gpu_hour`, `business.labor_savings`...).
    #[arg(long, value_name = "PATH")]
    pub param: String,
    /// First value.
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub from: f64,
    /// Last value.
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    pub to: f64,
    /// Values from A to B, both included.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(2..=MAX_STEPS as i64))]
    pub steps: u32,
    /// Space the values evenly on a log scale (A and B positive).
    #[arg(long)]
    pub log: bool,
    /// The metric compared.
    #[arg(long, value_enum, default_value_t = Metric::MonthlyCost)]
    pub metric: Metric,
    /// Report where these two providers cross (A,B); with --param2, map the ratio A/B.
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub pair: Option<(String, String)>,
    /// A second input, for a grid (heat map) of the cheapest provider or of the --pair ratio.
    #[arg(long, value_name = "PATH", requires_all = ["from2", "to2"])]
    pub param2: Option<String>,
    /// First value of the second input.
    #[arg(long, value_name = "A", allow_negative_numbers = true, requires = "param2")]
    pub from2: Option<f64>,
    /// Last value of the second input.
    #[arg(long, value_name = "B", allow_negative_numbers = true, requires = "param2")]
    pub to2: Option<f64>,
    /// Values of the second input.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(2..=MAX_GRID_STEPS as i64))]
    pub steps2: u32,
    /// Space the second input's values on a log scale.
    #[arg(long)]
    pub log2: bool,
    /// Sampling options (each step runs this many trials).
    #[command(flatten)]
    pub sim: SimArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
    /// Folder for the CSV, JSON and chart: `DIR/<scenario-stem>/`.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Chart size.
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// `computecost sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The scenario and its overrides.
    #[command(flatten)]
    pub input: ScenarioArgs,
    /// The metric explained.
    #[arg(long, value_enum, default_value_t = Metric::MonthlyCost)]
    pub metric: Metric,
    /// Explain this provider's metric.
    #[arg(long, value_name = "ID", conflicts_with = "pair")]
    pub provider: Option<String>,
    /// Explain the difference A − B (default: the cheapest provider against the cheapest of the other
    /// class, centralized against marketplace or decentralized).
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub pair: Option<(String, String)>,
    /// Sampling options (the trials behind the rank correlations and the default pair).
    #[command(flatten)]
    pub sim: SimArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
    /// Folder for the CSV, JSON and chart: `DIR/<scenario-stem>/`.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Chart size.
    #[command(flatten)]
    pub chart: ChartArgs,
}

/// `computecost explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The scenario and its overrides.
    #[command(flatten)]
    pub input: ScenarioArgs,
    /// The provider explained (its `id` in the scenario).
    #[arg(long, value_name = "ID")]
    pub provider: String,
    /// Keep only the steps this metric depends on (default: every step).
    #[arg(long, value_enum)]
    pub metric: Option<Metric>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: ExplainFormat,
}

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExplainFormat {
    /// A listing for a terminal.
    #[default]
    Table,
    /// A Markdown block a memo can quote.
    Md,
    /// JSON.
    Json,
}

/// `computecost init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Which starter scenario.
    #[arg(value_enum, default_value_t = Template::Inference)]
    pub template: Template,
    /// Where to write it (default: `<template>.toml` in the current folder; `-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The starter scenarios of `init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// Serving a model: requests, tokens, latency objectives, a business.
    Inference,
    /// Training or fine-tuning: tokens, GPUs, churn, deadline.
    Training,
    /// Batch work in GPU-hours of a reference GPU.
    GpuHours,
    /// Plain serving against a GPU TEE and FHE.
    Privacy,
    /// A decentralized network with spot checks and replication.
    Verification,
}

impl Template {
    /// Every template.
    pub const ALL: [Template; 5] =
        [Template::Inference, Template::Training, Template::GpuHours, Template::Privacy, Template::Verification];

    /// Its name on the command line and its default file stem.
    pub fn name(self) -> &'static str {
        match self {
            Template::Inference => "inference",
            Template::Training => "training",
            Template::GpuHours => "gpu-hours",
            Template::Privacy => "privacy",
            Template::Verification => "verification",
        }
    }
}

/// `computecost completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells `completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// `computecost validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files.
    #[arg(required = true, value_name = "SCENARIO")]
    pub files: Vec<PathBuf>,
    /// Check the files with these overrides applied (as for run).
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = crate::scenario::overrides::parse_arg)]
    pub set: Vec<String>,
    /// Your own catalog and the age check of its figures.
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Print each file's warnings (thin evidence, price ranges, stale prices) too.
    #[arg(long)]
    pub warnings: bool,
}

/// `computecost diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first scenario.
    pub a: PathBuf,
    /// The second scenario.
    pub b: PathBuf,
    /// Change an input of both scenarios (as for run).
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = crate::scenario::overrides::parse_arg)]
    pub set: Vec<String>,
    /// Your own catalog and the age check of its figures.
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Sampling options (both scenarios run the same trials).
    #[command(flatten)]
    pub sim: SimArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
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
    /// Serverless token APIs (prices per million tokens).
    Tokens,
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
    /// Your own catalog and the age check of its figures (stale offers are marked).
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_shows_an_example_in_its_help() {
        for sub in Cli::command().get_subcommands() {
            let help = sub.get_after_help().map(ToString::to_string).unwrap_or_default();
            assert!(help.contains("Examples:\n  computecost "), "`{}` --help has no example", sub.get_name());
        }
    }
}
