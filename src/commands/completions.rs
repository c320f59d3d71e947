//! `computecost completions`: shell completion scripts, generated from the command definitions.

use crate::cli::{Cli, CompletionsArgs, Shell};
use crate::commands::error::Error;
use clap::CommandFactory;
use std::io::Write;

/// Runs `computecost completions`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<(), Error> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    match args.shell {
        Shell::Bash => clap_complete::generate(clap_complete::Shell::Bash, &mut cmd, "computecost", &mut script),
        Shell::Zsh => clap_complete::generate(clap_complete::Shell::Zsh, &mut cmd, "computecost", &mut script),
        Shell::Fish => clap_complete::generate(clap_complete::Shell::Fish, &mut cmd, "computecost", &mut script),
    }
    out.write_all(&script)?;
    Ok(())
}
