//! Helpers shared by the integration tests.

use assert_cmd::Command;
use computecost::analysis::{Assumption, ProviderResult, Results};
use computecost::sim::{Metric, Stats};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The computecost binary built for these tests, its tables as wide as they are whatever the shell's
/// `COLUMNS` (tests/cli_habits.rs sets it where it is the point).
pub fn computecost() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_computecost"));
    cmd.env_remove("COLUMNS");
    cmd
}

/// Path of a shipped scenario.
pub fn scenario(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// stdout of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("binary runs");
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// results.json text read back into the library's own types (a `null` where a number belongs fails).
pub fn parse_results(text: &str) -> Results {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("results.json does not read back: {e}"))
}

/// The results.json the command prints (it must succeed).
pub fn results_of(cmd: &mut Command) -> Results {
    parse_results(&stdout_of(cmd))
}

/// `run SCENARIO --format json`, read back.
pub fn results_json(name: &str) -> Results {
    results_of(computecost().args(["run", "--format", "json"]).arg(scenario(name)))
}

/// The results.json file at `path`, read back.
pub fn read_results(path: &Path) -> Results {
    parse_results(&std::fs::read_to_string(path).unwrap())
}

/// The provider `id` of results.
pub fn provider<'a>(results: &'a Results, id: &str) -> &'a ProviderResult {
    results.providers.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no {id}"))
}

/// The statistics of `metric` for provider `id` (it must have them).
pub fn stats(results: &Results, id: &str, metric: Metric) -> Stats {
    *provider(results, id).metrics.as_ref().and_then(|m| m.get(metric)).unwrap_or_else(|| panic!("{id}: no {metric:?}"))
}

/// The assumption at `path`.
pub fn assumption<'a>(results: &'a Results, path: &str) -> &'a Assumption {
    results.assumptions.iter().find(|a| a.path == path).unwrap_or_else(|| panic!("no assumption {path}"))
}

/// Every file under `dir`, relative path (with `/`) → bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs the computecost binary with `args` and returns its exit code and its peak resident memory, in
/// bytes (Linux: `wait4`'s `ru_maxrss`, which covers only this child).
#[cfg(target_os = "linux")]
pub fn peak_memory(args: &[&str]) -> (i32, u64) {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_computecost"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("binary starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 writes into the two locals only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 failed");
    // The child was reaped by wait4; `child` must not wait for it again.
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    (code, usage.ru_maxrss as u64 * 1024)
}

/// Which of the binary's streams a test puts on a terminal.
#[derive(Debug, Clone, Copy)]
pub enum Terminal {
    /// stdout (colour, table width); stderr is discarded.
    Stdout,
    /// stderr (the progress bar); stdout is discarded.
    Stderr,
}

/// Runs the binary with one stream on a pseudo-terminal (through python3's `pty`) and `env` added (and
/// `NO_COLOR` removed), returning its exit code and what it wrote to the terminal; `None` when python3
/// cannot be started. Panics when the run does not finish within two minutes.
pub fn on_a_terminal(stream: Terminal, args: &[&str], env: &[(&str, &str)]) -> Option<(i32, String)> {
    const DRIVER: &str = r#"
import json, os, pty, signal, subprocess, sys
master, slave = pty.openpty()
tty = {"stdout": slave, "stderr": subprocess.DEVNULL} if sys.argv[1] == "stdout" else {"stdout": subprocess.DEVNULL, "stderr": slave}
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, **tty)
# A hung run is killed and ends the driver with no output.
signal.signal(signal.SIGALRM, lambda *_: (p.kill(), os._exit(1)))
signal.alarm(120)
os.close(slave)
out = b""
while True:
    try:
        data = os.read(master, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
print(json.dumps({"code": p.wait(), "tty": out.decode("utf-8", "replace")}))
"#;
    let which = match stream {
        Terminal::Stdout => "stdout",
        Terminal::Stderr => "stderr",
    };
    let mut cmd = std::process::Command::new("python3");
    cmd.arg("-c").arg(DRIVER).arg(which).arg(env!("CARGO_BIN_EXE_computecost")).args(args);
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS").envs(env.iter().copied());
    let out = cmd.output().ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("the run did not finish on a terminal: {}", String::from_utf8_lossy(&out.stderr)));
    Some((v["code"].as_i64().expect("exit code") as i32, v["tty"].as_str().expect("terminal text").to_string()))
}
