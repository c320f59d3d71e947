//! Colour on a terminal: errors in red, warnings in yellow, the cheapest row in green. Decided once per
//! command from `--color auto|always|never` and `NO_COLOR` (<https://no-color.org>): a presentation
//! setting, never part of a file.

use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT: AtomicBool = AtomicBool::new(false);
static STDERR: AtomicBool = AtomicBool::new(false);

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[1;32m";
const RESET: &str = "\x1b[0m";

/// Whether to colour stdout and stderr.
pub fn set(stdout: bool, stderr: bool) {
    STDOUT.store(stdout, Ordering::Relaxed);
    STDERR.store(stderr, Ordering::Relaxed);
}

/// `text` for stdout: the cheapest marker in green, warnings and stale prices in yellow, when stdout is
/// coloured.
pub fn stdout(text: &str) -> String {
    if !STDOUT.load(Ordering::Relaxed) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let warning = ["Stale price:", "Note:", "warning:", "Thin evidence"].iter().any(|w| line.starts_with(w));
        if warning {
            out.push_str(YELLOW);
            out.push_str(line.trim_end_matches('\n'));
            out.push_str(RESET);
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(&line.replace("◀ cheapest", &format!("{GREEN}◀ cheapest{RESET}")));
        }
    }
    out
}

/// `text` for stderr: `error:` in red and `warning:` in yellow at the start of a line, when stderr is
/// coloured.
pub fn stderr(text: &str) -> String {
    if !STDERR.load(Ordering::Relaxed) {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|line| {
            if let Some(rest) = line.strip_prefix("error:") {
                format!("{RED}error:{RESET}{rest}")
            } else if let Some(rest) = line.strip_prefix("warning:") {
                format!("{YELLOW}warning:{RESET}{rest}")
            } else {
                line.to_string()
            }
        })
        .collect()
}
