//! Ctrl-C. Until files are written a run has nothing to clean up, so it stops at once. While a bundle's
//! files are being staged it stops before renaming any of them, so the staged files are dropped and an
//! earlier report stays as it was; once renaming starts (a few renames) it finishes first. This is the
//! only process-wide state in computecost, and only the binary installs it.

use std::sync::atomic::{AtomicBool, Ordering};

/// Files are being staged or renamed.
static WRITING: AtomicBool = AtomicBool::new(false);
/// Ctrl-C came while writing.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Exit status of an interrupted run: a runtime failure (`--help`, "Exit codes").
pub const EXIT_CODE: i32 = 1;

/// Installs the handler (the binary calls this once; a second call does nothing).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if WRITING.load(Ordering::SeqCst) {
            REQUESTED.store(true, Ordering::SeqCst);
        } else {
            eprintln!("\ninterrupted: nothing was written");
            std::process::exit(EXIT_CODE);
        }
    });
}

/// Marks the start (`true`) or the end (`false`) of writing files.
pub fn set_writing(on: bool) {
    WRITING.store(on, Ordering::SeqCst);
}

/// Whether Ctrl-C came while files were being written.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
