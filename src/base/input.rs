//! Reading an input file the way a careful tool must: only regular files, never more than a set size,
//! and text that is not UTF-8 refused with the line and column of the first bad byte. A device
//! (`/dev/zero`), a FIFO or a directory would otherwise read until memory runs out or block forever.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Largest scenario file read, bytes: a scenario of 2,000 providers (the most accepted) is about 1 MB.
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

/// Largest user catalog file read, bytes: a whole cloud's SkyPilot price list is a few tens of MB.
pub const MAX_CATALOG_BYTES: u64 = 256 << 20;

/// Why an input file could not be read.
#[derive(Debug)]
pub enum InputError {
    /// The operating system refused (missing file, permissions...): an I/O failure.
    Io(std::io::Error),
    /// Not a regular file (a directory, device, FIFO or socket).
    NotAFile {
        /// What it is instead.
        what: &'static str,
    },
    /// Larger than the limit.
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// Not UTF-8 text.
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
    },
}

impl InputError {
    /// Whether the file's content or kind is at fault (bad input) rather than the system (I/O failure).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, InputError::Io(_))
    }

    /// The message for reading `what` (`scenario`, `catalog`) at `path`: `path:line:column` first when the
    /// error has a place.
    pub fn describe(&self, what: &str, path: &str) -> String {
        match self {
            InputError::NotUtf8 { line, column } => {
                format!("{path}:{line}:{column}: the {what} is not UTF-8 text (save the file as UTF-8)")
            }
            other => format!("cannot read {what} {path}: {other}"),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "{e}"),
            InputError::NotAFile { what } => write!(f, "it is {what}, not a regular file"),
            InputError::TooLarge { limit } => {
                write!(f, "it is larger than {} MiB, the most read from one file", limit >> 20)
            }
            InputError::NotUtf8 { line, column } => {
                write!(f, "line {line}, column {column}: the text is not UTF-8 (save the file as UTF-8)")
            }
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// What a path that is not a regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Reads the regular file at `path` as UTF-8 text of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, InputError> {
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(InputError::Io)?;
    if !meta.is_file() {
        return Err(InputError::NotAFile { what: kind_of(&meta) });
    }
    let file = std::fs::File::open(path).map_err(InputError::Io)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    // One byte past the limit tells a file at the limit from a larger one (the file may grow after the
    // check above).
    file.take(limit + 1).read_to_end(&mut bytes).map_err(InputError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { limit });
    }
    text(bytes)
}

/// `bytes` as text, or where the first byte that is not UTF-8 sits.
pub fn text(bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let before = std::str::from_utf8(good).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        InputError::NotUtf8 { line, column }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_is_located() {
        let err = text(b"a = 1\nb = \"\xff\"\n".to_vec()).unwrap_err();
        assert!(matches!(err, InputError::NotUtf8 { line: 2, column: 6 }), "{err:?}");
        assert_eq!(text(b"ok\n".to_vec()).unwrap(), "ok\n");
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_text(dir.path(), 10), Err(InputError::NotAFile { what: "a directory" })));
        let file = dir.path().join("x.toml");
        std::fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_text(&file, 10).unwrap(), "0123456789");
        assert!(matches!(read_text(&file, 9), Err(InputError::TooLarge { limit: 9 })));
        assert!(matches!(read_text(&dir.path().join("missing"), 10), Err(InputError::Io(_))));
        #[cfg(unix)]
        assert!(matches!(read_text(Path::new("/dev/zero"), 10), Err(InputError::NotAFile { what: "a device" })));
    }
}
