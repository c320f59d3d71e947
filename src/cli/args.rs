//! The arguments of each subcommand, and the groups of options several share.

use super::values::{
    CatalogTable, ExplainFormat, KindArg, ListFormat, MetricArg, PriceFormat, PricingArg, RunFormat, Shell,
    TableFormat, Template, parse_date, parse_pair, parse_set,
};
use crate::base::defaults::{DEFAULT_MAX_AGE_DAYS, DEFAULT_SAMPLES, DEFAULT_SEED, MAX_GRID_STEPS, MAX_STEPS};
use clap::Args;
use std::path::PathBuf;

/// Options shared by every command that simulates a scenario.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Monte Carlo trials (at most 10,000,000). Time grows linearly with N; memory barely does (statistics
    /// stream into histograms of fixed relative precision, whose range widens with the extremes seen: about
    /// 45 MB at 100,000 trials, 75 MB at 10,000,000).
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
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set)]
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
    /// Refuse (exit 2) any offer older than --max-age-days that the command uses or lists, instead of
    /// warning: for checks in an analyst's CI.
    #[arg(long)]
    pub strict_prices: bool,
}

impl Default for CatalogArgs {
    fn default() -> Self {
        CatalogArgs { catalog_files: Vec::new(), max_age_days: DEFAULT_MAX_AGE_DAYS, today: None, strict_prices: false }
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
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
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
    pub fn size(self) -> (u32, u32) {
        (self.width, self.height)
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
    #[arg(long, value_enum, default_value_t = MetricArg::MonthlyCost)]
    pub metric: MetricArg,
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
    /// Sampling (each step runs this many trials) and outputs.
    #[command(flatten)]
    pub output: WhatIfOutput,
}

/// What the what-if commands (`sweep`, `sensitivity`) share: sampling, the format on stdout, and where
/// their CSV, JSON and chart go.
#[derive(Debug, Args)]
pub struct WhatIfOutput {
    /// Sampling options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
    /// Also write the CSV, JSON and chart under `DIR/<scenario-stem>/` (atomically); without it nothing is
    /// written.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
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
    #[arg(long, value_enum, default_value_t = MetricArg::MonthlyCost)]
    pub metric: MetricArg,
    /// Explain this provider's metric.
    #[arg(long, value_name = "ID", conflicts_with = "pair")]
    pub provider: Option<String>,
    /// Explain the difference A − B (default: the cheapest provider against the cheapest of another way:
    /// rent on a cloud, rent on a marketplace or network, own, buy tokens).
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub pair: Option<(String, String)>,
    /// Sampling (the trials behind the rank correlations and the default pair) and outputs.
    #[command(flatten)]
    pub output: WhatIfOutput,
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
    pub metric: Option<MetricArg>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: ExplainFormat,
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

/// `computecost accuracy`.
#[derive(Debug, Args)]
pub struct AccuracyArgs {
    /// A file of cases in the shape of the built-in ones (default: the built-in cases, docs/ACCURACY.md).
    #[arg(long, value_name = "FILE")]
    pub cases: Option<PathBuf>,
    /// Your own catalog, its `[[defaults]]` included (say, what `calibrate` wrote).
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Monte Carlo trials per case.
    #[arg(long, value_name = "N", default_value_t = ACCURACY_SAMPLES)]
    pub samples: u64,
    /// Seed of the random streams.
    #[arg(long, value_name = "S", default_value_t = ACCURACY_SEED)]
    pub seed: u64,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    /// Instead of the record, print the priors the stated method fits on the fit half, as `[[defaults]]`
    /// entries a catalog file accepts.
    #[arg(long)]
    pub refit: bool,
}

/// Trials per case of `accuracy` (what docs/ACCURACY.md records).
pub const ACCURACY_SAMPLES: u64 = 4_000;

/// Seed of `accuracy`.
pub const ACCURACY_SEED: u64 = 7;

/// `computecost calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Your measurements: a CSV with the header
    /// `id,kind,model,gpu,gpus,precision,kv_precision,input_tokens,output_tokens,tokens,regime,measured,unit`
    /// (docs/ACCURACY.md, "Calibrate to your own numbers").
    #[arg(value_name = "MEASUREMENTS.csv")]
    pub file: PathBuf,
    /// Where to write the fitted `[[defaults]]` (a catalog file for `--catalog`); `-` for stdout.
    #[arg(long, value_name = "FILE", default_value = "calibrated.toml")]
    pub out: PathBuf,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The catalog the fit starts from, and the date the entries carry.
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

/// `computecost completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `computecost validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files.
    #[arg(required = true, value_name = "SCENARIO")]
    pub files: Vec<PathBuf>,
    /// Check the files with these overrides applied (as for run).
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set)]
    pub set: Vec<String>,
    /// Your own catalog and the age check of its figures.
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Print each file's warnings (thin evidence, price ranges, stale prices) too.
    #[arg(long)]
    pub warnings: bool,
    /// `table` (default) for people; `json` for editors and CI: one object per file with `valid`,
    /// `providers`, `warnings` and `errors` (each with `line`, `column`, `message`, `help`) on stdout;
    /// `csv` a row per problem (or per valid file); `md` a table to paste into a review.
    #[arg(long, value_enum, default_value_t)]
    pub format: ValidateFormat,
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ValidateFormat {
    /// A line per file, problems on stderr.
    #[default]
    Table,
    /// One JSON array on stdout: a record per file.
    Json,
    /// CSV on stdout: a row per problem, and one per file without any.
    Csv,
    /// A Markdown table on stdout: a row per problem, and one per file without any.
    Md,
}

/// `computecost diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first scenario.
    pub a: PathBuf,
    /// The second scenario.
    pub b: PathBuf,
    /// Change an input of both scenarios (as for run).
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set)]
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
    pub kind: Option<KindArg>,
    /// Only offers priced this way (`reserved` takes every commitment term).
    #[arg(long, value_enum)]
    pub pricing: Option<PricingArg>,
    /// Only offers whose region contains this text (e.g. us-east, eu).
    #[arg(long, value_name = "TEXT")]
    pub region: Option<String>,
    /// Only token APIs serving a model whose id or name contains this text (e.g. llama-3-70b); `--list tokens`.
    #[arg(long, value_name = "TEXT")]
    pub model: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Your own catalog and the age check of its figures (stale offers are marked).
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

/// `computecost prices`.
#[derive(Debug, Args)]
pub struct PricesArgs {
    /// What to do with prices.
    #[command(subcommand)]
    pub action: PricesAction,
}

/// `computecost prices` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum PricesAction {
    /// Turn a price file you have (a SkyPilot or gpuhunt catalog, an OpenRouter or LiteLLM price list, a
    /// FOCUS bill) into a catalog file for `--catalog`, each entry with its source and date.
    #[command(after_help = "\
Exit codes: 0 success, 1 I/O failure, 2 bad input (named by file, line and column), nothing to import, or
the output exists (use --force). Nothing is written on error.

Examples:
  computecost prices import --format skypilot catalogs/v8/lambda/vms.csv --as-of 2026-11-20 \\
      --skip-unknown-gpus --out lambda.toml
  computecost prices import --format gpuhunt vastai.csv --as-of 2026-11-28 --out vast.toml
  computecost prices import --format openrouter models.json --as-of 2026-11-29 --out openrouter.toml
  computecost prices import --format focus october-bill.csv --out paid.toml    # what you actually pay
  computecost run my.toml --catalog paid.toml")]
    Import(ImportArgs),
}

/// `computecost prices import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The price file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Its format.
    #[arg(long, value_enum)]
    pub format: PriceFormat,
    /// The day the file was downloaded or committed (YYYY-MM-DD); required for every format but `focus`,
    /// whose rows carry their charge periods.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<String>,
    /// The source every entry cites (default: the format and the file's path). A URL a reader can open is best.
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// The provider's name (default: from the file's folder for skypilot, its name for gpuhunt, each row's
    /// provider otherwise).
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// The provider's kind (default: the catalog's kind for a known provider, else centralized).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Leave out rows whose GPU the catalog does not know (default: refuse the file, naming each).
    #[arg(long)]
    pub skip_unknown_gpus: bool,
    /// A GPU name of the file and the catalog GPU it is, NAME=ID (repeatable).
    #[arg(long, value_name = "NAME=ID", value_parser = parse_alias)]
    pub gpu_alias: Vec<(String, String)>,
    /// Where to write the catalog file; `-` for stdout.
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub out: PathBuf,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Catalog files whose GPUs and models the import may name, and the date.
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

/// `NAME=ID` of `--gpu-alias`.
fn parse_alias(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, id)) if !name.trim().is_empty() && !id.trim().is_empty() => {
            Ok((name.trim().to_string(), id.trim().to_string()))
        }
        _ => Err(format!("expected NAME=ID (a GPU name of the file and a catalog GPU id), found \"{s}\"")),
    }
}
