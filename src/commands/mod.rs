//! One module per subcommand: turns parsed arguments into library calls and writes the output.

mod providers;
mod report;
mod run;

use crate::cli::{Cli, Command, RunArgs};
use crate::error::Error;
use std::io::Write;

/// Runs the parsed command line, writing results to `out`.
pub fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    match cli.command {
        Some(Command::Run(args)) => run::run(&args, out, err),
        Some(Command::Providers(args)) => providers::run(&args, out),
        Some(Command::Report(args)) => report::run(&args, out, err),
        None => {
            let args = RunArgs {
                scenario: None,
                sim: crate::cli::SimArgs::default(),
                format: crate::report::Format::Table,
                out: None,
            };
            run::run(&args, out, err)
        }
    }
}
