//! Mutated inputs: the shipped scenarios, a user catalog (TOML and CSV) and `--set` values, with lines
//! deleted, numbers swapped for -1, 0, 1e308, nan or a string, text truncated or garbage inserted.
//! Whatever the mutation, computecost must not panic, must exit 0, 1 or 2, must say why when it refuses,
//! must leave no file behind when it refuses, and must never write a non-finite number. Accepted mutants
//! also go through `report` (charts included) and `sensitivity`, each under a deadline, so a hang fails.
//!
//! Runs in-process (`computecost::run`), so a panic is caught and reported with its input.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
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

/// Byte ranges of the numbers in `line`: after `=` (skipping comments and strings), or the fields of a CSV
/// record that parse as numbers.
fn numbers(line: &str) -> Vec<(usize, usize)> {
    let code = line.split('#').next().unwrap_or("");
    let Some(eq) = code.find('=') else {
        let mut out = Vec::new();
        let mut start = 0;
        for field in line.split(',') {
            if field.parse::<f64>().is_ok() {
                out.push((start, start + field.len()));
            }
            start += field.len() + 1;
        }
        return out;
    };
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

/// results.json read back into the library's own types, which fails on a `null` where a number belongs
/// (serde_json writes NaN as `null`); then every figure but a payback that never comes must be finite.
fn finite_results(text: &str) -> Result<(), String> {
    use computecost::analysis::Results;
    use computecost::sim::Metric;
    let r: Results = serde_json::from_str(text).map_err(|e| format!("results.json does not read back: {e}"))?;
    for p in &r.providers {
        let stats = p.metrics.iter().flat_map(|m| &m.0).filter(|(m, _)| *m != Metric::PaybackMonths);
        let stats = stats.filter_map(|(_, s)| *s).flat_map(|s| [s.mean, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95]);
        let lines = p.breakdown.iter().flat_map(|b| b.values());
        let bridge = p.margin_bridge.iter().flat_map(|b| b.values().into_iter().chain([b.before]));
        let quantiles = p.monthly_cost_quantiles.iter().flatten().copied();
        let shares = [p.p_feasible, p.p_cheapest].into_iter().chain(p.p_slo_met).chain(p.p_margin_improves);
        if let Some(v) = stats.chain(lines).chain(bridge).chain(quantiles).chain(shares).find(|v| !v.is_finite()) {
            return Err(format!("{}: a figure is {v}", p.id));
        }
    }
    for a in &r.assumptions {
        if !a.value.is_finite() {
            return Err(format!("assumption {} is {}", a.path, a.value));
        }
    }
    Ok(())
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

/// One mutated input: a scenario, and perhaps a user catalog (its file name and text) or a `--set`.
#[derive(Debug, Clone)]
struct Case {
    scenario: String,
    catalog: Option<(&'static str, String)>,
    set: Option<String>,
}

impl Case {
    fn scenario(text: String) -> Case {
        Case { scenario: text, catalog: None, set: None }
    }

    /// The input as shown when a case fails.
    fn shown(&self) -> String {
        match (&self.catalog, &self.set) {
            (Some((name, text)), _) => format!("--catalog {name}:\n{text}"),
            (None, Some(set)) => format!("--set {set:?}"),
            (None, None) => self.scenario.clone(),
        }
    }
}

/// Checks one mutated scenario under `command`.
fn check(text: &str, command: &[&str]) -> Result<(), TestCaseError> {
    check_case(&Case::scenario(text.to_string()), command).map(|_accepted| ())
}

/// Checks one case under `command`; returns whether it was accepted.
fn check_case(case: &Case, command: &[&str]) -> Result<bool, TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mutated.toml");
    std::fs::write(&file, &case.scenario).unwrap();
    let out = dir.path().join("out");
    let mut args: Vec<String> = command.iter().map(|a| a.to_string()).collect();
    args.insert(1, file.to_str().unwrap().to_string());
    args.extend(["--out".into(), out.to_str().unwrap().into(), "--today".into(), "2026-11-29".into()]);
    if let Some((name, text)) = &case.catalog {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        args.extend(["--catalog".into(), path.to_str().unwrap().into()]);
    }
    if let Some(set) = &case.set {
        args.extend(["--set".into(), set.clone()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let shown = case.shown();
    let (code, stdout, stderr) =
        run(&args).map_err(|p| TestCaseError::fail(format!("panic: {p}\n--- input ---\n{shown}")))?;
    prop_assert!(code <= 2, "exit {code}");
    if code != 0 {
        prop_assert!(stderr.contains("error"), "refused without a message:\n{shown}");
        prop_assert!(!out.exists(), "a refused run left files in --out:\n{shown}");
        return Ok(false);
    }
    // Accepted: only finite numbers anywhere.
    if command.contains(&"json") && command[0] == "run" {
        finite_results(&stdout).map_err(|e| TestCaseError::fail(format!("{e}\n--- input ---\n{shown}")))?;
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
                        prop_assert!(!non_finite, "`{field}` in {}:\n{shown}", entry.display());
                    }
                }
            }
            Some("json") if entry.ends_with("results.json") => {
                finite_results(&text).map_err(|e| TestCaseError::fail(format!("{e}\n--- input ---\n{shown}")))?;
            }
            Some("json") => {
                prop_assert!(
                    serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                    "bad JSON in {}",
                    entry.display()
                );
            }
            Some("md" | "svg") => {
                for bad in ["NaN", "inf%", "$inf", "∞"] {
                    let around = text.find(bad).map_or(String::new(), |at| excerpt(&text, at));
                    prop_assert!(!text.contains(bad), "{bad} in {}: …{around}…\n{shown}", entry.display());
                }
            }
            _ => {}
        }
    }
    Ok(true)
}

/// About 200 characters of `text` before byte `at` and 60 after, for a failure message.
fn excerpt(text: &str, at: usize) -> String {
    let before: String = text[..at].chars().rev().take(200).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(60).collect();
    format!("{before}{after}")
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
fn with_deadline<T: Send + 'static>(seconds: u64, body: impl FnOnce(Arc<Mutex<String>>) -> T + Send + 'static) -> T {
    let current = Arc::new(Mutex::new(String::new()));
    let (done, finished) = mpsc::channel();
    let shared = Arc::clone(&current);
    let worker = std::thread::spawn(move || {
        let value = body(shared);
        let _ = done.send(());
        value
    });
    match finished.recv_timeout(Duration::from_secs(seconds)) {
        Ok(()) => worker.join().unwrap(),
        // The body panicked (a failed case): re-raise its panic.
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(p) => std::panic::resume_unwind(p),
            Ok(value) => value,
        },
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

/// A user catalog touching every table, as TOML: the flagship reads the offers, GPU, model and token
/// offer it overrides.
const CATALOG_TOML: &str = r#"[[offers]]
id = "vast-h100-verified-median-2026-10"
price_per_gpu_hour_usd = 2.2
price_low_usd = 1.5
price_high_usd = 2.9
egress_usd_per_gb = 0.01
storage_usd_per_gb_month = 0.02
capacity_gpus = 64
source = "quote"
as_of = "2026-11-01"

[[offers]]
id = "acme-h200"
provider = "Acme"
kind = "decentralized"
gpu = "h200-sxm-141gb"
gpus_per_instance = 8
price_per_gpu_hour_usd = 2.5
source = "quote"
as_of = "2026-11-01"

[[gpus]]
id = "h100-sxm-80gb"
memory_gb = 80
memory_bandwidth_tbs = 3.35
bf16_dense_tflops = 989
fp8_dense_tflops = 1979
source = "datasheet"
as_of = "2026-01-01"

[[models]]
id = "llama-3-70b"
params_b = 70.6
active_params_b = 70.6
context_length = 8192
kv_bytes_per_token_bf16 = 327680
source = "config"
as_of = "2026-01-01"

[[token_offers]]
id = "ionet-llama33-70b"
input_usd_per_mtok = 0.13
output_usd_per_mtok = 0.38
cached_input_usd_per_mtok = 0.05
source = "quote"
as_of = "2026-11-01"
"#;

/// The same kind of catalog as CSV (offers).
const CATALOG_CSV: &str = "id,provider,kind,gpu,gpus_per_instance,price_per_gpu_hour_usd,price_low_usd,price_high_usd,egress_usd_per_gb,capacity_gpus,source,as_of
vast-h100-verified-median-2026-10,Vast.ai,marketplace,h100-sxm-80gb,8,2.2,1.5,2.9,0.01,64,quote,2026-11-01
lambda-h100-sxm-8x-od-2026,Lambda,centralized,h100-sxm-80gb,8,3.1,,,0,,quote,2026-11-01
";

/// Paths a `--set` may change, and values to put there.
const SET_PATHS: [&str; 14] = [
    "workload.requests_per_month",
    "workload.batch_size",
    "workload.input_tokens",
    "workload.tpot_slo_ms",
    "workload.gpus_per_replica",
    "workload.cache_hit_fraction",
    "providers.vast.price_per_gpu_hour",
    "providers.aws.utilization",
    "providers.akash.capacity_gpus",
    "providers.deepinfra.output_usd_per_mtok",
    "business.labor_savings",
    "business.revenue_per_month",
    "scenario.usd_to_currency",
    "scenario.horizon_months",
];
const SET_VALUES: [&str; 8] = [
    "{ dist = \"choice\", values = [1, 2], weights = [1e308, 1e308] }",
    "{ dist = \"lognormal\", p5 = 1e-300, p95 = 1e300 }",
    "2026-01-01",
    "[1, 2]",
    "true",
    "4294967295",
    "1\n[[providers]]\nid = \"x\"",
    "\"\\u001b[2J\"",
];

fn catalog_or_set() -> impl Strategy<Value = (u8, Mutation, usize, usize)> {
    (0..3u8, mutation(), 0..SET_PATHS.len(), 0..TOKENS.len() + SET_VALUES.len())
}

#[test]
fn mutated_catalogs_and_overrides_never_panic_or_leave_files() {
    with_deadline(600, |current| {
        let flagship = examples().into_iter().find(|t| t.contains("Support assistant")).unwrap();
        // 1,200 cases: a third TOML catalogs, a third CSV catalogs, a third `--set` values.
        let mut runner = runner(1_200);
        runner
            .run(&catalog_or_set(), |(kind, m, path, value)| {
                let mut case = Case::scenario(flagship.clone());
                match kind {
                    0 => case.catalog = Some(("mine.toml", apply(CATALOG_TOML, &m))),
                    1 => case.catalog = Some(("mine.csv", apply(CATALOG_CSV, &m))),
                    _ => {
                        let v = TOKENS.get(value).copied().unwrap_or_else(|| SET_VALUES[value - TOKENS.len()]);
                        case.set = Some(format!("{}={v}", SET_PATHS[path]));
                    }
                }
                current.lock().unwrap().clone_from(&case.shown());
                check_case(&case, &["run", "--point", "--format", "json", "-q"]).map(|_| ())
            })
            .unwrap();
    });
}

#[test]
fn accepted_mutants_draw_reports_and_tornadoes_in_time() {
    // Mutants of every kind until 50 are accepted; each then writes a whole report (charts included) and
    // a sensitivity analysis, each under a 20 s deadline: a chart that loops on a strange number fails here.
    let examples = examples();
    let flagship = examples.iter().find(|t| t.contains("Support assistant")).unwrap().clone();
    let mut runner = runner(1);
    let mut accepted = Vec::new();
    let strategy = (0..examples.len(), mutation(), catalog_or_set());
    for _ in 0..2_000 {
        if accepted.len() == 50 {
            break;
        }
        let (i, m, (kind, cm, path, value)) = strategy.new_tree(&mut runner).unwrap().current();
        let case = match kind {
            0 => Case { catalog: Some(("mine.toml", apply(CATALOG_TOML, &cm))), ..Case::scenario(flagship.clone()) },
            1 => Case { catalog: Some(("mine.csv", apply(CATALOG_CSV, &cm))), ..Case::scenario(flagship.clone()) },
            _ if value < TOKENS.len() => {
                Case { set: Some(format!("{}={}", SET_PATHS[path], TOKENS[value])), ..Case::scenario(flagship.clone()) }
            }
            _ => Case::scenario(apply(&examples[i], &m)),
        };
        if check_case(&case, &["run", "--point", "--format", "json", "-q"]).unwrap() {
            accepted.push(case);
        }
    }
    assert_eq!(accepted.len(), 50, "fewer than 50 accepted mutants in 2,000");
    for case in accepted {
        for command in [&["report", "--samples", "30", "-q"][..], &["sensitivity", "--samples", "60", "-q"][..]] {
            let (case, command): (Case, Vec<&'static str>) = (case.clone(), command.to_vec());
            with_deadline(20, move |current| {
                current.lock().unwrap().clone_from(&format!("{command:?} on {}", case.shown()));
                check_case(&case, &command).unwrap_or_else(|e| panic!("{e}"));
            });
        }
    }
}

#[test]
fn the_finiteness_check_fails_on_a_null_or_an_infinity_where_a_number_belongs() {
    let (code, json, _) = run(&["run", "--point", "--format", "json"]).unwrap();
    assert_eq!(code, 0);
    assert_eq!(finite_results(&json), Ok(()));
    // serde_json writes NaN as null: a null median cost, mean cost line or share is caught.
    for (field, replacement) in [
        ("\"p50\": ", "\"p50\": null, \"x\": "),
        ("\"compute\": ", "\"compute\": null, \"x\": "),
        ("\"p_cheapest\": ", "\"p_cheapest\": null, \"x\": "),
    ] {
        let broken = json.replacen(field, replacement, 1);
        assert!(finite_results(&broken).is_err(), "{field} null passed");
    }
}

#[test]
fn mutations_do_what_they_say() {
    let text = "a = 1\nb = \"x 2\" # 3\nc = { low = -4, high = 5e6 }";
    assert_eq!(numbers("c = { low = -4, high = 5e6 }"), vec![(12, 14), (23, 26)]);
    assert_eq!(numbers("x,8,,2.5,q"), vec![(2, 3), (5, 8)]);
    assert_eq!(apply(text, &Mutation::Number(0, "nan")), "a = nan\nb = \"x 2\" # 3\nc = { low = -4, high = 5e6 }");
    assert_eq!(apply(text, &Mutation::Number(2, "0")), "a = 1\nb = \"x 2\" # 3\nc = { low = -4, high = 0 }");
    assert_eq!(apply(text, &Mutation::DeleteLine(1)), "a = 1\nc = { low = -4, high = 5e6 }");
    assert_eq!(apply(text, &Mutation::Truncate(0.0)), "");
}
