//! One module per subcommand: turns parsed arguments into library calls and writes the output.

mod accuracy;
mod args;
mod calibrate;
mod completions;
mod diff;
mod engine;
pub mod error;
mod explain;
mod init;
pub mod interrupt;
mod prices;
mod providers;
mod report;
mod run;
mod sensitivity;
mod sweep;
mod validate;

use crate::cli::{Cli, Command, RunArgs};
use crate::commands::error::Error;
use std::io::Write;

/// Runs the parsed command line, writing results to `out`.
pub fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    crate::report::table::set_width(table_width(cli.wide));
    // A command asking for Markdown turns it on; every command starts without it (in-process callers run
    // several).
    crate::report::table::set_markdown(false);
    let (stdout, stderr) = colour(cli.color);
    crate::report::color::set(stdout, stderr);
    match cli.command {
        Some(Command::Run(args)) => run::run(&args, out, err),
        Some(Command::Providers(args)) => providers::run(&args, out),
        Some(Command::Report(args)) => report::run(&args, out, err),
        Some(Command::Sweep(args)) => sweep::run(&args, out, err),
        Some(Command::Sensitivity(args)) => sensitivity::run(&args, out, err),
        Some(Command::Diff(args)) => diff::run(&args, out),
        Some(Command::Validate(args)) => validate::run(&args, out, err),
        Some(Command::Explain(args)) => explain::run(&args, out),
        Some(Command::Init(args)) => init::run(&args, out, err),
        Some(Command::Completions(args)) => completions::run(&args, out),
        Some(Command::Accuracy(args)) => accuracy::run(&args, out),
        Some(Command::Calibrate(args)) => calibrate::run(&args, out, err),
        Some(Command::Prices(args)) => prices::run(&args, out, err),
        None => {
            let args = RunArgs {
                input: crate::cli::ScenarioArgs::default(),
                sim: crate::cli::SimArgs::default(),
                format: crate::cli::RunFormat::Table,
                out: None,
            };
            run::run(&args, out, err)
        }
    }
}

/// The width tables fit: none with `--wide`; else `COLUMNS` when set (as ripgrep and cargo read it), else
/// the terminal's when stdout is one; none when piped, so scripts get every column.
fn table_width(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()) {
        return (columns >= 40).then_some(columns);
    }
    comfy_table::Table::new().width().map(usize::from)
}

/// Whether stdout and stderr are coloured: `--color always`/`never` as said; `auto` on a terminal unless
/// `NO_COLOR` is set to anything but the empty string (no-color.org).
fn colour(choice: crate::cli::ColorArg) -> (bool, bool) {
    use std::io::IsTerminal;
    match choice {
        crate::cli::ColorArg::Always => (true, true),
        crate::cli::ColorArg::Never => (false, false),
        crate::cli::ColorArg::Auto => {
            let allowed = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            (allowed && std::io::stdout().is_terminal(), allowed && std::io::stderr().is_terminal())
        }
    }
}
