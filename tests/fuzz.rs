//! Mutated scenarios: the shipped examples with lines deleted, numbers swapped for -1, 0, 1e308, nan or a
//! string, text truncated or garbage inserted. Whatever the mutation, computecost must not panic, must
//! exit 0, 1 or 2, must say why when it refuses, must leave no file behind when it refuses, and must never
//! write a non-finite number.
//!
//! Runs in-process (`computecost::run`), so a panic is caught and reported with its input.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// The shipped scenarios, read once.
fn examples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// One mutation of a scenario's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Delete line `n` (mod the line count).
    DeleteLine(usize),
    /// Replace the `n`-th number with a token.
    Number(usize, &'static str),
    /// Cut the text at byte fraction `f`.
    Truncate(f64),
    /// Insert a garbage line before line `n`.
    Garbage(usize, &'static str),
    /// Duplicate line `n`.
    Duplicate(usize),
    /// Two mutations in a row.
    Both(Box<Mutation>, Box<Mutation>),
}

const TOKENS: [&str; 10] = [
    "-1",
    "0",
    "1e308",
    "nan",
    "inf",
    "-inf",
    "\"text\"",
    "1e-300",
    "0.5",
    "{ dist = \"uniform\", low = 2, high = 1 }",
];
const GARBAGE: [&str; 8] =
    ["]]", "= 3", "[workload]", "x = ", "\"unterminated", "[[providers]]", "id = 7", "\u{1F600} = 1"];

fn leaf() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), prop::sample::select(&TOKENS[..])).prop_map(|(n, t)| Mutation::Number(n, t)),
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (any::<usize>(), prop::sample::select(&GARBAGE[..])).prop_map(|(n, g)| Mutation::Garbage(n, g)),
        any::<usize>().prop_map(Mutation::Duplicate),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => leaf(),
        1 => (leaf(), leaf()).prop_map(|(a, b)| Mutation::Both(Box::new(a), Box::new(b))),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
        }
        Mutation::Number(i, token) => {
            // The i-th number after an `=` (or inside an inline table).
            let mut seen = 0;
            let count: usize = lines.iter().map(|l| numbers(l).len()).sum();
            if count > 0 {
                let target = i % count;
                for line in &mut lines {
                    let found = numbers(line);
                    if target < seen + found.len() {
                        let (start, end) = found[target - seen];
                        line.replace_range(start..end, token);
                        break;
                    }
                    seen += found.len();
                }
            }
        }
        Mutation::Truncate(f) => {
            let mut at = (text.len() as f64 * f) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return text[..at].to_string();
        }
        Mutation::Garbage(i, g) => lines.insert(i % (lines.len() + 1), (*g).to_string()),
        Mutation::Duplicate(i) => {
            if !lines.is_empty() {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
        }
        Mutation::Both(a, b) => return apply(&apply(text, a), b),
    }
    lines.join("\n")
}

/// Byte ranges of the numbers in `line` that follow `=` (skipping comments and strings).
fn numbers(line: &str) -> Vec<(usize, usize)> {
    let code = line.split('#').next().unwrap_or("");
    let Some(eq) = code.find('=') else { return Vec::new() };
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = eq + 1;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += 1;
            }
        } else if c.is_ascii_digit() || (c == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let start = i;
            i += 1;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"._-+".contains(&bytes[i])) {
                i += 1;
            }
            out.push((start, i));
            continue;
        }
        i += 1;
    }
    out
}

/// Every number in a JSON value is finite (serde_json cannot hold others; this checks it parsed at all).
fn all_finite(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n.as_f64().is_some_and(f64::is_finite),
        serde_json::Value::Array(a) => a.iter().all(all_finite),
        serde_json::Value::Object(o) => o.values().all(all_finite),
        _ => true,
    }
}

/// Runs `computecost <args>` in-process; returns (exit code, stdout, stderr), or the panic message.
fn run(args: &[&str]) -> Result<(u8, String, String), String> {
    let mut argv = vec!["computecost"];
    argv.extend_from_slice(args);
    let result = std::panic::catch_unwind(|| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = computecost::run(argv.clone(), &mut out, &mut err);
        (status.code(), String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    });
    result.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// Checks one mutated scenario under `command`.
fn check(text: &str, command: &[&str]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mutated.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let mut args: Vec<&str> = command.to_vec();
    let (file_s, out_s) = (file.to_str().unwrap(), out.to_str().unwrap());
    args.insert(1, file_s);
    args.extend(["--out", out_s]);
    let (code, stdout, stderr) =
        run(&args).map_err(|p| TestCaseError::fail(format!("panic: {p}\n--- input ---\n{text}")))?;
    prop_assert!(code <= 2, "exit {code}");
    if code != 0 {
        prop_assert!(stderr.contains("error"), "refused without a message:\n{text}");
        prop_assert!(!out.exists(), "a refused run left files in --out:\n{text}");
        return Ok(());
    }
    // Accepted: only finite numbers anywhere.
    if command.contains(&"json") {
        let v: serde_json::Value =
            serde_json::from_str(&stdout).map_err(|e| TestCaseError::fail(format!("bad JSON: {e}")))?;
        prop_assert!(all_finite(&v));
    }
    for entry in walk(&out) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        match entry.extension().and_then(|e| e.to_str()) {
            Some("csv") => {
                let mut reader = csv::Reader::from_reader(text.as_bytes());
                for record in reader.records() {
                    let record = record.map_err(|e| TestCaseError::fail(format!("bad CSV: {e}")))?;
                    for field in &record {
                        let non_finite = field.parse::<f64>().is_ok_and(|v| !v.is_finite());
                        prop_assert!(!non_finite, "`{field}` in {}", entry.display());
                    }
                }
            }
            Some("json") => {
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}")))?;
                prop_assert!(all_finite(&v));
            }
            Some("md" | "svg") => {
                for bad in ["NaN", "inf%", "$inf", "∞"] {
                    prop_assert!(!text.contains(bad), "{bad} in {}", entry.display());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() { files.extend(walk(&p)) } else { files.push(p) }
    }
    files
}

/// A runner of `cases` cases (or `COMPUTECOST_FUZZ_CASES`), on a fixed seed so CI is reproducible;
/// `COMPUTECOST_FUZZ_RANDOM=1` explores new cases instead.
fn runner(cases: u32) -> TestRunner {
    let cases = std::env::var("COMPUTECOST_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    if std::env::var("COMPUTECOST_FUZZ_RANDOM").is_ok_and(|v| v == "1") {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }
}

/// Runs `body` with a deadline: a hang fails the test with the input being tried instead of stalling CI.
fn with_deadline(seconds: u64, body: impl FnOnce(Arc<Mutex<String>>) + Send + 'static) {
    let current = Arc::new(Mutex::new(String::new()));
    let (done, finished) = mpsc::channel();
    let shared = Arc::clone(&current);
    let worker = std::thread::spawn(move || {
        body(shared);
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(seconds)) {
        Ok(()) => worker.join().unwrap(),
        // The body panicked (a failed case): re-raise its panic.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(p) = worker.join() {
                std::panic::resume_unwind(p)
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("no answer within {seconds} s; the input being tried:\n{}", current.lock().unwrap())
        }
    }
}

#[test]
fn mutated_scenarios_never_panic_or_leave_files() {
    with_deadline(600, |current| {
        let examples = examples();
        // 2,000 cases: point estimates as JSON and Monte Carlo with a few trials, writing their data files.
        let mut runner = runner(2_000);
        let strategy = (0..examples.len(), mutation(), any::<bool>());
        runner
            .run(&strategy, |(i, m, sampled)| {
                let text = apply(&examples[i], &m);
                current.lock().unwrap().clone_from(&text);
                if sampled {
                    check(&text, &["run", "--samples", "40", "--format", "csv", "-q"])
                } else {
                    check(&text, &["run", "--point", "--format", "json", "-q"])
                }
            })
            .unwrap();
    });
}

#[test]
fn mutated_scenarios_render_reports_or_refuse_cleanly() {
    // Charts are the slow part: fewer cases, each a whole report.
    with_deadline(600, |current| {
        let examples = examples();
        let mut runner = runner(24);
        runner
            .run(&(0..examples.len(), mutation()), |(i, m)| {
                let text = apply(&examples[i], &m);
                current.lock().unwrap().clone_from(&text);
                check(&text, &["report", "--samples", "30", "-q"])
            })
            .unwrap();
    });
}

#[test]
fn mutations_do_what_they_say() {
    let text = "a = 1\nb = \"x 2\" # 3\nc = { low = -4, high = 5e6 }";
    assert_eq!(numbers("c = { low = -4, high = 5e6 }"), vec![(12, 14), (23, 26)]);
    assert_eq!(apply(text, &Mutation::Number(0, "nan")), "a = nan\nb = \"x 2\" # 3\nc = { low = -4, high = 5e6 }");
    assert_eq!(apply(text, &Mutation::Number(2, "0")), "a = 1\nb = \"x 2\" # 3\nc = { low = -4, high = 0 }");
    assert_eq!(apply(text, &Mutation::DeleteLine(1)), "a = 1\nc = { low = -4, high = 5e6 }");
    assert_eq!(apply(text, &Mutation::Truncate(0.0)), "");
}
