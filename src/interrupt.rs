//! SIGINT (Ctrl-C) and SIGTERM. Until files are written a run has nothing to clean up, so it stops at
//! once with exit code 128 + the signal (130, 143). While a bundle is being written (waiting for the
//! folder's lock, staging, renaming), the signal is only recorded: the writer checks [`requested`] between
//! steps, puts back the earlier report and removes its staging, then the command ends with the same exit
//! code. This is the only process-wide state in computecost, and only the binary installs it (Unix only:
//! elsewhere the operating system's default applies).

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

/// SIGINT's number.
pub const SIGINT: i32 = 2;
/// SIGTERM's number.
pub const SIGTERM: i32 = 15;

/// The exit code after `signal`: 128 + its number, as shells report it.
pub fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(1)
}

/// The signal's name for messages.
pub fn name(signal: i32) -> &'static str {
    match signal {
        SIGINT => "SIGINT (Ctrl-C)",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
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

/// Marks the start (`true`) or the end (`false`) of writing files.
pub fn set_writing(on: bool) {
    state().writing = on;
}

/// The signal that came while files were being written, if any.
pub fn requested() -> Option<i32> {
    state().requested
}
