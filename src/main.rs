//! The `computecost` binary: everything happens in the library's `run`.

use std::process::ExitCode;

fn main() -> ExitCode {
    computecost::commands::interrupt::install();
    // stderr stays unlocked: the progress bar writes to it from worker threads, and holding its lock
    // here for the whole run would deadlock them (issue 4 regression test `progress_bar_on_a_terminal`).
    let status = computecost::run(std::env::args_os(), &mut std::io::stdout().lock(), &mut std::io::stderr());
    ExitCode::from(status.code())
}
