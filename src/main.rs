//! The `computecost` binary: everything happens in the library's `run`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let status = computecost::run(std::env::args_os(), &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(status.code())
}
