//! Writing a set of files into one folder all or nothing, one writer at a time (issue 13).
//!
//! A run that is interrupted, fails half way, or races another run must leave the folder with the whole
//! earlier set of its files or the whole new one, never a mix, and must not touch files it does not own
//! (a sweep's beside a report's). The protocol:
//!
//! 1. **Lock.** `.computecost.lock` in the folder is locked (`flock`) for the whole write; a second writer
//!    waits up to [`LOCK_WAIT`] (or `COMPUTECOST_LOCK_TIMEOUT_SECS`) and then gives up naming the lock.
//!    The holder deletes the file before unlocking, and a waiter that locked a deleted file tries again,
//!    so no lock file is left behind.
//! 2. **Recover.** A `.computecost-txn/` left by a killed run is undone first (step 5).
//! 3. **Stage.** Every new file is written under `.computecost-txn/new/`, then the journal
//!    (`.computecost-txn/journal`, the list of files and of files to remove) is renamed into place.
//! 4. **Commit.** For each file, the earlier version moves to `.computecost-txn/old/` and the new one
//!    into place; files to remove move to `old/` too. Deleting the journal is the commit point; the
//!    staging folder goes after it.
//! 5. **Roll back** (a failed rename, a signal, or a journal found at start): each file is put back from
//!    what `new/` and `old/` still hold. Which step a file had reached is read from the folder itself, so
//!    rolling back after a crash needs nothing but the journal.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file in the folder.
pub const LOCK_FILE: &str = ".computecost.lock";

/// The staging folder in the folder.
pub const STAGING_DIR: &str = ".computecost-txn";

/// How long a writer waits for another to finish: 30 s, far longer than any bundle takes to write.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Environment variable overriding [`LOCK_WAIT`], in seconds.
pub const LOCK_WAIT_VAR: &str = "COMPUTECOST_LOCK_TIMEOUT_SECS";

/// Why a set of files could not be written. Nothing of the set was written.
#[derive(Debug)]
pub enum WriteError {
    /// The file system refused an operation on `path`.
    Io {
        /// The file or folder at fault.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Another writer held the folder's lock for longer than the wait.
    Locked {
        /// The lock file.
        lock: PathBuf,
        /// How long this run waited.
        waited: Duration,
    },
    /// A signal came while writing; the earlier files were put back.
    Interrupted {
        /// Its number.
        signal: i32,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Io { path, source } => write!(f, "cannot write {}: {source}", path.display()),
            WriteError::Locked { lock, waited } => write!(
                f,
                "another computecost is writing into the same folder: {} stayed locked for {} s \
                 (wait longer with {LOCK_WAIT_VAR}=SECONDS)",
                lock.display(),
                waited.as_secs()
            ),
            WriteError::Interrupted { signal } => {
                write!(
                    f,
                    "interrupted by {}: the earlier files were left as they were",
                    crate::base::signal::name(*signal)
                )
            }
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Attaches the path to an I/O error.
fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Whether `name` is a path of ordinary components inside a folder (`charts/cost.png`), never `..`, a
/// root or a prefix: what a bundle may name.
pub fn is_inside(name: &str) -> bool {
    !name.is_empty() && Path::new(name).components().all(|c| matches!(c, Component::Normal(_)))
}

/// What asks whether a signal came (the command layer's signal handler, or anything in tests).
pub type Interrupted<'a> = &'a dyn Fn() -> Option<i32>;

/// The files to write into one folder (paths relative to it) and the files of the same owner to remove.
pub struct Transaction<'a> {
    /// The folder.
    pub folder: &'a Path,
    /// Relative path and content of every file.
    pub files: &'a [(String, Vec<u8>)],
    /// Relative paths to remove if present (an earlier run's charts this one does not draw).
    pub remove: &'a [String],
}

impl Transaction<'_> {
    /// Writes every file and removes the others, all or nothing; returns the paths written.
    pub fn run(&self, interrupted: Interrupted<'_>) -> Result<Vec<PathBuf>, WriteError> {
        let mut created = Vec::new();
        let result = self.locked(interrupted, &mut created);
        if result.is_err() {
            // Folders this run created and left empty go too: a failed run leaves nothing new.
            for dir in created.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
        }
        result
    }

    fn locked(&self, interrupted: Interrupted<'_>, created: &mut Vec<PathBuf>) -> Result<Vec<PathBuf>, WriteError> {
        for name in self.files.iter().map(|(n, _)| n).chain(self.remove) {
            if !is_inside(name) {
                let path = self.folder.join(name);
                let source = io::Error::new(io::ErrorKind::InvalidInput, "not a path inside the output folder");
                return Err(WriteError::Io { path, source });
            }
        }
        create_dirs(self.folder, created).map_err(at(self.folder))?;
        let lock = Lock::acquire(self.folder, interrupted)?;
        let result = recover(self.folder).and_then(|()| self.stage_and_commit(interrupted));
        lock.release();
        result
    }

    fn stage_and_commit(&self, interrupted: Interrupted<'_>) -> Result<Vec<PathBuf>, WriteError> {
        let staging = self.folder.join(STAGING_DIR);
        let journal =
            Journal { files: self.files.iter().map(|(n, _)| n.clone()).collect(), remove: self.remove.to_vec() };
        let staged = stage(&staging, self.files, &journal);
        let staged = staged.and_then(|()| match interrupted() {
            Some(signal) => Err(WriteError::Interrupted { signal }),
            None => Ok(()),
        });
        if let Err(e) = staged {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        match commit(self.folder, &journal, interrupted) {
            Ok(written) => Ok(written),
            Err(e) => {
                // Put the earlier files back; if even that fails, the journal stays for the next run.
                roll_back(self.folder, &journal).map_err(|_| roll_back_failed(&e))?;
                Err(e)
            }
        }
    }
}

/// The error of a commit whose roll-back failed too: the next run finishes the roll-back.
fn roll_back_failed(e: &WriteError) -> WriteError {
    let source = io::Error::other(format!("{e}; the earlier files will be put back by the next run"));
    WriteError::Io { path: PathBuf::from(STAGING_DIR), source }
}

/// Creates `dir` and its missing parents, recording each one it creates (outermost first). A folder that
/// another run creates at the same moment is fine.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(d.to_path_buf());
        at = d.parent();
    }
    missing.reverse();
    create_missing(missing, created)
}

/// Creates `missing` folders, outermost first, recording those this call created: one that appeared
/// since it was found missing (another run's) is fine, where a check-then-create failed with "File exists"
/// (issue 13).
fn create_missing(missing: Vec<PathBuf>, created: &mut Vec<PathBuf>) -> io::Result<()> {
    for d in missing {
        match fs::create_dir(&d) {
            Ok(()) => created.push(d),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The folder's lock, held while writing.
struct Lock {
    path: PathBuf,
    file: fs::File,
}

impl Lock {
    /// Locks the folder, waiting for another writer up to the lock wait.
    fn acquire(folder: &Path, interrupted: Interrupted<'_>) -> Result<Lock, WriteError> {
        let path = folder.join(LOCK_FILE);
        let wait = std::env::var(LOCK_WAIT_VAR)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .map_or(LOCK_WAIT, Duration::from_secs);
        let open = || fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(at(&path));
        let start = Instant::now();
        let mut file = open()?;
        loop {
            if let Some(signal) = interrupted() {
                return Err(WriteError::Interrupted { signal });
            }
            match file.try_lock() {
                Ok(()) if same_file(&file, &path) => return Ok(Lock { path, file }),
                // Locked a file its holder deleted on the way out: lock the new one.
                Ok(()) => {
                    file = open()?;
                    continue;
                }
                Err(fs::TryLockError::WouldBlock) => {}
                Err(fs::TryLockError::Error(e)) => return Err(WriteError::Io { path, source: e }),
            }
            if start.elapsed() >= wait {
                return Err(WriteError::Locked { lock: path, waited: start.elapsed() });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Deletes the lock file, then unlocks it (by closing it).
    fn release(self) {
        let _ = fs::remove_file(&self.path);
        drop(self.file);
    }
}

/// Whether the open `file` is still the one at `path`.
fn same_file(file: &fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The list of files a commit moves: the journal's lines are `+name` (write) and `-name` (remove).
#[derive(Debug, Clone, PartialEq)]
struct Journal {
    files: Vec<String>,
    remove: Vec<String>,
}

impl Journal {
    fn text(&self) -> String {
        let adds = self.files.iter().map(|f| format!("+{f}\n"));
        adds.chain(self.remove.iter().map(|f| format!("-{f}\n"))).collect()
    }

    /// The journal's entries; a line of another shape, or a path that leaves the folder, is ignored.
    fn parse(text: &str) -> Journal {
        let (mut files, mut remove) = (Vec::new(), Vec::new());
        for line in text.lines() {
            match line.split_at_checked(1) {
                Some(("+", name)) if is_inside(name) => files.push(name.to_string()),
                Some(("-", name)) if is_inside(name) => remove.push(name.to_string()),
                _ => {}
            }
        }
        Journal { files, remove }
    }
}

/// Writes `path` and flushes it to disk, creating its folder.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(at(parent))?;
    }
    let mut file = fs::File::create(path).map_err(at(path))?;
    file.write_all(bytes).map_err(at(path))?;
    file.sync_all().map_err(at(path))
}

/// Writes every file under `staging/new/`, then the journal.
fn stage(staging: &Path, files: &[(String, Vec<u8>)], journal: &Journal) -> Result<(), WriteError> {
    fs::create_dir(staging).map_err(at(staging))?;
    for (name, bytes) in files {
        write_synced(&staging.join("new").join(name), bytes)?;
    }
    let tmp = staging.join("journal.tmp");
    write_synced(&tmp, journal.text().as_bytes())?;
    let path = staging.join("journal");
    fs::rename(&tmp, &path).map_err(at(&path))
}

/// Moves `from` to `to`, creating `to`'s folder.
fn move_file(from: &Path, to: &Path) -> Result<(), WriteError> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(at(parent))?;
    }
    fs::rename(from, to).map_err(at(to))
}

/// Whether something (a file, a folder, a link) is at `path`.
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Moves every staged file into place and every removed file aside.
fn commit(folder: &Path, journal: &Journal, interrupted: Interrupted<'_>) -> Result<Vec<PathBuf>, WriteError> {
    let staging = folder.join(STAGING_DIR);
    // A folder where a file goes would fail half way: find it before anything moves.
    for name in &journal.files {
        let target = folder.join(name);
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            let source = io::Error::new(io::ErrorKind::IsADirectory, "a folder is in the way of this file");
            return Err(WriteError::Io { path: target, source });
        }
    }
    let check = || interrupted().map_or(Ok(()), |signal| Err(WriteError::Interrupted { signal }));
    let mut written = Vec::with_capacity(journal.files.len());
    for name in &journal.files {
        check()?;
        let target = folder.join(name);
        if present(&target) {
            move_file(&target, &staging.join("old").join(name))?;
        }
        move_file(&staging.join("new").join(name), &target)?;
        written.push(target);
    }
    for name in &journal.remove {
        check()?;
        let target = folder.join(name);
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            move_file(&target, &staging.join("old").join(name))?;
        }
    }
    check()?;
    // The commit point: without a journal, a staging folder is only rubbish to clear.
    let journal_path = staging.join("journal");
    fs::remove_file(&journal_path).map_err(at(&journal_path))?;
    let _ = fs::remove_dir_all(&staging);
    Ok(written)
}

/// Puts back the earlier version of every file of `journal`, from what the staging folder holds, and
/// removes the staging folder.
fn roll_back(folder: &Path, journal: &Journal) -> Result<(), WriteError> {
    let staging = folder.join(STAGING_DIR);
    for name in journal.files.iter().rev() {
        let (target, new, old) = (folder.join(name), staging.join("new").join(name), staging.join("old").join(name));
        match (present(&new), present(&old)) {
            // The new file is in place: put the earlier one back over it, or remove it if there was none.
            (false, true) | (true, true) => move_file(&old, &target)?,
            (false, false) => {
                if present(&target) {
                    fs::remove_file(&target).map_err(at(&target))?;
                }
            }
            // Not reached: the earlier file (if any) never moved.
            (true, false) => {}
        }
    }
    for name in &journal.remove {
        let old = staging.join("old").join(name);
        if present(&old) {
            move_file(&old, &folder.join(name))?;
        }
    }
    fs::remove_dir_all(&staging).map_err(at(&staging))
}

/// Undoes what a killed run left: a staging folder without a journal is removed; with one, its files
/// are rolled back.
fn recover(folder: &Path) -> Result<(), WriteError> {
    let staging = folder.join(STAGING_DIR);
    if !present(&staging) {
        return Ok(());
    }
    match fs::read_to_string(staging.join("journal")) {
        Ok(text) => roll_back(folder, &Journal::parse(&text)),
        Err(_) => fs::remove_dir_all(&staging).map_err(at(&staging)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn never() -> Option<i32> {
        None
    }

    fn files(tag: &str) -> Vec<(String, Vec<u8>)> {
        ["memo.md", "results.json", "charts/cost.svg"]
            .iter()
            .map(|n| (n.to_string(), format!("{tag} {n}").into_bytes()))
            .collect()
    }

    /// Every file of the folder (relative path → content), staging and lock included.
    fn listing(dir: &Path) -> Vec<(String, String)> {
        fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
            for e in fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(base, &p, out);
                } else {
                    let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                    out.push((rel, fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    fn write(folder: &Path, files: &[(String, Vec<u8>)], remove: &[String]) -> Result<Vec<PathBuf>, WriteError> {
        Transaction { folder, files, remove }.run(&never)
    }

    #[test]
    fn a_write_replaces_its_files_and_leaves_other_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("out/flagship");
        write(&folder, &files("old"), &[]).unwrap();
        fs::write(folder.join("sweep-x.csv"), "not ours").unwrap();
        fs::write(folder.join("charts/margin.svg"), "stale chart").unwrap();
        let written = write(&folder, &files("new"), &["charts/margin.svg".into()]).unwrap();
        assert_eq!(written.len(), 3);
        let want: Vec<(String, String)> = vec![
            ("charts/cost.svg".into(), "new charts/cost.svg".into()),
            ("memo.md".into(), "new memo.md".into()),
            ("results.json".into(), "new results.json".into()),
            ("sweep-x.csv".into(), "not ours".into()),
        ];
        assert_eq!(listing(&folder), want, "no lock, no staging, the stale chart gone, the sweep untouched");
    }

    #[test]
    fn a_failed_rename_puts_every_earlier_file_back_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("r");
        write(&folder, &files("old"), &[]).unwrap();
        let before = listing(&folder);
        // A folder where results.json goes: found before anything moves.
        fs::remove_file(folder.join("results.json")).unwrap();
        fs::create_dir(folder.join("results.json")).unwrap();
        let err = write(&folder, &files("new"), &[]).unwrap_err();
        assert!(err.to_string().contains("results.json"), "{err}");
        let mut expected = before.clone();
        expected.retain(|(n, _)| n != "results.json");
        assert_eq!(listing(&folder), expected);
        // A failure in the middle of the renames (a read-only charts folder) is rolled back.
        fs::remove_dir(folder.join("results.json")).unwrap();
        write(&folder, &files("old"), &[]).unwrap();
        let journal = Journal { files: files("new").into_iter().map(|(n, _)| n).collect(), remove: vec![] };
        stage(&folder.join(STAGING_DIR), &files("new"), &journal).unwrap();
        fs::remove_file(folder.join(STAGING_DIR).join("new/charts/cost.svg")).unwrap();
        let err = commit(&folder, &journal, &never).unwrap_err();
        assert!(err.to_string().contains("cost.svg"), "{err}");
        roll_back(&folder, &journal).unwrap();
        assert_eq!(listing(&folder), before);
    }

    #[test]
    fn a_signal_during_the_renames_puts_the_earlier_files_back() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("r");
        write(&folder, &files("old"), &["charts/margin.svg".into()]).unwrap();
        fs::write(folder.join("charts/margin.svg"), "old margin").unwrap();
        let before = listing(&folder);
        for after in 0..5 {
            // The signal comes after `after` checks: before, between and after the renames.
            let calls = Cell::new(0);
            let signal = || {
                calls.set(calls.get() + 1);
                (calls.get() > after + 1).then_some(15)
            };
            let t = Transaction { folder: &folder, files: &files("new"), remove: &["charts/margin.svg".into()] };
            let err = t.run(&signal).unwrap_err();
            assert!(matches!(err, WriteError::Interrupted { signal: 15 }), "{err}");
            assert_eq!(listing(&folder), before, "signal after {after} checks");
        }
    }

    #[test]
    fn a_killed_run_is_undone_by_the_next_one() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("r");
        write(&folder, &files("old"), &[]).unwrap();
        let before = listing(&folder);
        let journal = Journal { files: files("new").into_iter().map(|(n, _)| n).collect(), remove: vec![] };
        // Killed while staging: no journal yet.
        fs::create_dir_all(folder.join(STAGING_DIR).join("new")).unwrap();
        fs::write(folder.join(STAGING_DIR).join("new/memo.md"), "half").unwrap();
        recover(&folder).unwrap();
        assert_eq!(listing(&folder), before);
        // Killed after two of three renames: memo.md and results.json are new, charts/cost.svg is old.
        stage(&folder.join(STAGING_DIR), &files("new"), &journal).unwrap();
        let staging = folder.join(STAGING_DIR);
        for name in ["memo.md", "results.json"] {
            move_file(&folder.join(name), &staging.join("old").join(name)).unwrap();
            move_file(&staging.join("new").join(name), &folder.join(name)).unwrap();
        }
        assert!(fs::read_to_string(folder.join("memo.md")).unwrap().starts_with("new"));
        write(&folder, &files("third"), &[]).unwrap();
        assert!(listing(&folder).iter().all(|(_, c)| c.starts_with("third")), "{:?}", listing(&folder));
        // And recovery on its own gives back the complete earlier set.
        stage(&staging, &files("fourth"), &journal).unwrap();
        move_file(&folder.join("memo.md"), &staging.join("old/memo.md")).unwrap();
        move_file(&staging.join("new/memo.md"), &folder.join("memo.md")).unwrap();
        recover(&folder).unwrap();
        assert!(listing(&folder).iter().all(|(_, c)| c.starts_with("third")), "{:?}", listing(&folder));
    }

    #[test]
    fn a_second_writer_waits_for_the_lock_then_gives_up_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("r");
        fs::create_dir_all(&folder).unwrap();
        let held = Lock::acquire(&folder, &never).unwrap();
        let calls = Cell::new(0);
        let give_up = || {
            calls.set(calls.get() + 1);
            (calls.get() > 3).then_some(2)
        };
        let err = Lock::acquire(&folder, &give_up).map(|_| ()).unwrap_err();
        assert!(matches!(err, WriteError::Interrupted { signal: 2 }), "a signal stops the wait: {err}");
        held.release();
        assert!(!folder.join(LOCK_FILE).exists(), "the holder deletes the lock file");
        let again = Lock::acquire(&folder, &never).unwrap();
        again.release();
    }

    #[test]
    fn a_folder_another_run_created_meanwhile_is_fine_and_not_claimed() {
        let dir = tempfile::tempdir().unwrap();
        let (theirs, ours) = (dir.path().join("a"), dir.path().join("a/b"));
        fs::create_dir(&theirs).unwrap();
        let mut created = Vec::new();
        create_missing(vec![theirs.clone(), ours.clone()], &mut created).unwrap();
        assert_eq!(created, vec![ours], "only the folder this run made is removed if it fails");
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        for bad in ["../memo.md", "/etc/passwd", "", "charts/../../x", "."] {
            assert!(!is_inside(bad), "{bad}");
        }
        let dir = tempfile::tempdir().unwrap();
        let files = vec![("../escape.md".to_string(), b"x".to_vec())];
        assert!(write(&dir.path().join("r"), &files, &[]).is_err());
        assert!(!dir.path().join("escape.md").exists());
        assert_eq!(
            Journal::parse("+memo.md\n+../x\n-charts/a.svg\nrubbish\n"),
            Journal { files: vec!["memo.md".into()], remove: vec!["charts/a.svg".into()] }
        );
    }
}
