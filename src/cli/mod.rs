//! Command-line definitions (clap), with their own enums: nothing here computes, and no library type
//! derives a clap trait. `commands` turns these arguments into library values and calls. Only `base`
//! (the shared defaults and plain parsing) is imported.

mod args;
mod values;

pub use args::*;
use clap::{Parser, Subcommand};
pub use values::*;

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
    /// Print tables as wide as they are; by default they fit the terminal (or `COLUMNS`), leaving out the
    /// least telling columns first.
    #[arg(long, global = true)]
    pub wide: bool,
    /// Colour on a terminal: errors, warnings and the cheapest row (`auto`: when printing to a terminal and
    /// `NO_COLOR` is not set).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// When to colour output, as `--color` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
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
  computecost sweep --param providers.ionet.price_per_gpu_hour --from 1 --to 6 --pair ionet,lambda \\
      --out sweeps                              # also writes the CSV, JSON and chart to sweeps/chat-assistant/
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
  computecost sensitivity --pair vast,lambda --out tornado   # also writes the CSV, JSON and chart
  computecost sensitivity scenarios/fine-tune.toml --pair vast,aws --format csv")]
    Sensitivity(SensitivityArgs),
    /// Check scenario files without running them: every problem with file:line:column and a hint.
    #[command(after_help = "\
Exit codes: 0 every file is valid, 1 a file cannot be read (missing, no permission), 2 at least one is
not valid (each problem is printed to stderr).

Examples:
  computecost validate scenarios/*.toml
  computecost validate my.toml --set workload.requests_per_month=6e7
  computecost validate scenarios/*.toml --format json     # a record per file, for editors and CI")]
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
    /// How close the model comes to published figures: every case of the benchmark set run as a scenario,
    /// where its figure falls in the p5–p95 band, and coverage and errors over the fit and test halves.
    #[command(after_help = "\
Exit codes: 0 success, 1 runtime or I/O failure, 2 bad input or usage.

Examples:
  computecost accuracy                                  # the record docs/ACCURACY.md is generated from
  computecost accuracy --format md > ACCURACY.md
  computecost accuracy --catalog calibrated.toml        # the record with your calibrated priors
  computecost accuracy --cases my-cases.toml --format csv
  computecost accuracy --refit                          # the priors the stated method fits on the fit half")]
    Accuracy(AccuracyArgs),
    /// Fit the efficiency priors to your own measurements and write them as `[[defaults]]` a catalog file
    /// holds; reports the error before and after.
    #[command(after_help = "\
Exit codes: 0 success, 1 I/O failure, 2 bad input (a bad row is named by file, line and column) or the
output exists (use --force).

Examples:
  computecost calibrate my-benchmarks.csv                       # writes calibrated.toml
  computecost calibrate my-benchmarks.csv --out - | less
  computecost run my.toml --catalog calibrated.toml             # use what it fitted")]
    Calibrate(CalibrateArgs),
    /// Prices you have, brought in: `prices import` turns a SkyPilot or gpuhunt catalog, an OpenRouter or
    /// LiteLLM price list, or a FOCUS bill into a catalog file for `--catalog` (docs/PRICES.md).
    #[command(after_help = "\
Exit codes: 0 success, 1 I/O failure, 2 bad input or usage.

Examples:
  computecost prices import --format skypilot catalogs/v8/nebius/vms.csv --as-of 2026-11-20 --out nebius.toml
  computecost prices import --format focus october-bill.csv --out paid.toml")]
    Prices(PricesArgs),
    /// Print a shell completion script: bash, zsh or fish.
    #[command(after_help = "\
Exit codes: 0 success, 2 bad usage.

Examples:
  computecost completions bash > ~/.local/share/bash-completion/completions/computecost
  computecost completions zsh > ~/.zfunc/_computecost       # with fpath+=~/.zfunc in ~/.zshrc
  computecost completions fish > ~/.config/fish/completions/computecost.fish")]
    Completions(CompletionsArgs),
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
