//! SIGINT (Ctrl-C) and SIGTERM. Until files are written a run has nothing to clean up, so it stops at
//! once with exit code 128 + the signal (130, 143). While a bundle is being written (waiting for the
//! folder's lock, staging, renaming), the signal is only recorded: the writer asks whether one came between
//! steps, puts back the earlier report and removes its staging, then the command ends with the same exit
//! code. This is the only process-wide state in computecost, and only the binary installs it (Unix only:
//! elsewhere the operating system's default applies).

use crate::base::signal::{SIGINT, SIGTERM, exit_code, name};
use std::sync::Mutex;

/// Whether files are being written, and the signal that came meanwhile.
struct State {
    writing: bool,
    requested: Option<i32>,
}

static STATE: Mutex<State> = Mutex::new(State { writing: false, requested: None });

fn state() -> std::sync::MutexGuard<'static, State> {
    // A panic while holding this lock leaves plain data behind; keep going with it.
    STATE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Installs the handler (the binary calls this once; a second call does nothing).
pub fn install() {
    #[cfg(unix)]
    {
        use std::sync::Once;
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    // Holding the state's lock while exiting keeps a writer from starting meanwhile.
                    let mut s = state();
                    if s.writing {
                        s.requested = Some(signal);
                    } else {
                        eprintln!("\ninterrupted by {}: nothing was written", name(signal));
                        std::process::exit(i32::from(exit_code(signal)));
                    }
                }
            });
        });
    }
}

/// Runs `write` (given how to ask whether a signal came) with signals deferred: a signal during it is
/// recorded for `write` to act on, not acted on at once.
pub fn while_writing<T>(write: impl FnOnce(&dyn Fn() -> Option<i32>) -> T) -> T {
    state().writing = true;
    let result = write(&|| state().requested);
    state().writing = false;
    result
}
