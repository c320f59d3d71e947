//! The accuracy record as a terminal table, CSV, JSON and the Markdown of docs/ACCURACY.md; fitted
//! defaults as the `[[defaults]]` tables of a catalog file.

use super::table::{RULED, finish, new_table, wrap};
use crate::analysis::accuracy::{CaseResult, Group, Record};
use crate::base::dist::DistSpec;
use crate::base::format;
use crate::catalog::DefaultEntry;
use crate::catalog::cases::Case;
use comfy_table::CellAlignment;
use std::fmt::Write as _;

/// The goals for the test half (reported, not gated).
pub const GOAL_COVERAGE: f64 = 0.9;
/// Goal: median `|ln(p50 / published)|` of the test half.
pub const GOAL_LOG_ERROR: f64 = 0.15;
/// Goal: median `p95 / p5` of the test half.
pub const GOAL_WIDTH: f64 = 2.5;
/// The floor CI holds the test half to: coverage.
pub const FLOOR_COVERAGE: f64 = 0.75;
/// The floor CI holds the test half to: median `|ln(p50 / published)|`.
pub const FLOOR_LOG_ERROR: f64 = 0.25;
/// The floor CI holds the test half to: cases.
pub const FLOOR_CASES: usize = 15;
/// How much worse than recorded one case's `|ln(p50 / published)|` may get before CI fails.
pub const CASE_TOLERANCE: f64 = 0.05;

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), format::number)
}

fn ratio(r: &CaseResult) -> String {
    r.log_error.map_or_else(|| "—".to_string(), |e| format!("{:.2}", e.exp()))
}

fn pct(v: f64) -> String {
    if v.is_finite() { format!("{:.0}%", 100.0 * v) } else { "—".into() }
}

fn num2(v: f64) -> String {
    if v.is_finite() { format!("{v:.2}") } else { "—".into() }
}

/// Per-case rows: id, split, unit, published, p5, p50, p95, inside, p50 ÷ published.
fn case_rows(record: &Record) -> Vec<[String; 9]> {
    record
        .cases
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                r.split.as_str().to_string(),
                r.unit.to_string(),
                format::number(r.published),
                opt(r.p5),
                opt(r.p50),
                opt(r.p95),
                match (&r.infeasible, r.inside) {
                    (Some(_), _) => "cannot run".into(),
                    (None, true) => "yes".into(),
                    (None, false) => "NO".into(),
                },
                ratio(r),
            ]
        })
        .collect()
}

const CASE_HEADER: [&str; 9] = ["case", "split", "unit", "published", "p5", "p50", "p95", "inside", "p50 ÷ published"];
const GROUP_HEADER: [&str; 7] =
    ["group", "cases", "inside", "coverage (95% interval)", "median |ln err|", "P90 |ln err|", "median p95/p5"];

fn group_row(g: &Group) -> [String; 7] {
    [
        g.name.clone(),
        g.n.to_string(),
        g.inside.to_string(),
        format!("{} ({}–{})", pct(g.coverage), pct(g.coverage_interval.0), pct(g.coverage_interval.1)),
        num2(g.median_abs_log_error),
        num2(g.p90_abs_log_error),
        format!("{}×", num2(g.median_width)),
    ]
}

/// The record for a terminal.
pub fn table(record: &Record) -> String {
    let mut t = new_table(CASE_HEADER.iter().map(|s| s.to_string()).collect(), RULED);
    for row in case_rows(record) {
        t.add_row(row.to_vec());
    }
    for i in 3..9 {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut g = new_table(GROUP_HEADER.iter().map(|s| s.to_string()).collect(), RULED);
    for group in &record.groups {
        g.add_row(group_row(group).to_vec());
    }
    let mut out = format!(
        "Accuracy against {} published figures ({} trials per case, seed {}): docs/ACCURACY.md\n\n{}\n\n{}\n",
        record.cases.len(),
        record.samples,
        record.seed,
        finish(&t),
        finish(&g)
    );
    if let Some(test) = record.group("test") {
        let _ = writeln!(out, "\n{}", wrap(&headline(test), 100, "  "));
    }
    out
}

/// One sentence on the test half.
pub fn headline(test: &Group) -> String {
    format!(
        "Out of sample (test half, {} cases): {} inside the model's p5–p95 band ({} to {} at 95%), median error of \
         the median {:.0}% (|ln| {:.2}), P90 {:.0}%, median band width {:.2}×.",
        test.n,
        pct(test.coverage),
        pct(test.coverage_interval.0),
        pct(test.coverage_interval.1),
        100.0 * (test.median_abs_log_error.exp() - 1.0),
        test.median_abs_log_error,
        100.0 * (test.p90_abs_log_error.exp() - 1.0),
        test.median_width
    )
}

/// The record as CSV: one row per case.
pub fn csv(record: &Record) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header =
        ["id", "kind", "split", "gpu", "model", "unit", "published", "p5", "p50", "p95", "inside", "log_error"];
    let _ = w.write_record(header);
    let num = |v: Option<f64>| v.map_or_else(String::new, |x| format!("{x}"));
    for r in &record.cases {
        let _ = w.write_record([
            r.id.clone(),
            r.kind.as_str().into(),
            r.split.as_str().into(),
            r.gpu.clone(),
            r.model.clone(),
            r.unit.into(),
            format!("{}", r.published),
            num(r.p5),
            num(r.p50),
            num(r.p95),
            r.inside.to_string(),
            num(r.log_error),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The record as JSON.
pub fn json(record: &Record) -> String {
    serde_json::to_string_pretty(record).unwrap_or_default() + "\n"
}

fn md_table<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> String {
    let mut out = format!("| {} |\n|{}\n", header.join(" | "), "---|".repeat(N));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// docs/ACCURACY.md: the method, the record and every case with its source.
pub fn markdown(record: &Record, cases: &[Case]) -> String {
    let mut out = String::from(
        "# Accuracy\n\n<!-- Generated by `computecost accuracy --format md`; a test fails when this file is stale. -->\n\n",
    );
    if let Some(test) = record.group("test") {
        let _ = writeln!(out, "**{}**\n", headline(test));
        let goal = |ok: bool| if ok { "met" } else { "not met" };
        let _ = writeln!(
            out,
            "Goals for the test half (reported, not gated): coverage ≥ {} ({}), median |ln error| ≤ {} ({}), median band \
             width ≤ {}× ({}). CI's floor: at least {} test cases, coverage ≥ {}, median |ln error| ≤ {}, and no case \
             worse than recorded below by more than {} in |ln error|.\n",
            pct(GOAL_COVERAGE),
            goal(test.coverage >= GOAL_COVERAGE),
            GOAL_LOG_ERROR,
            goal(test.median_abs_log_error <= GOAL_LOG_ERROR),
            GOAL_WIDTH,
            goal(test.median_width <= GOAL_WIDTH),
            FLOOR_CASES,
            pct(FLOOR_COVERAGE),
            FLOOR_LOG_ERROR,
            CASE_TOLERANCE
        );
    }
    out.push_str(METHOD);
    let _ = writeln!(
        out,
        "\n## Record\n\n{} cases, {} Monte Carlo trials each, seed {} (`computecost accuracy --samples {} --seed {}`).\n",
        record.cases.len(),
        record.samples,
        record.seed,
        record.samples,
        record.seed
    );
    out.push_str(&md_table(GROUP_HEADER, record.groups.iter().map(group_row)));
    for split in ["test", "fit"] {
        if let Some(g) = record.group(split)
            && !g.misses.is_empty()
        {
            let _ = writeln!(out, "\nOutside their band ({split} half): {}.", g.misses.join(", "));
        }
    }
    out.push_str("\n## Cases\n\n");
    out.push_str(&md_table(CASE_HEADER, case_rows(record).into_iter()));
    out.push_str("\n## Sources\n\n");
    for c in cases {
        let _ = writeln!(out, "- `{}` ({}, {}): {} {}", c.id, c.as_of, c.published_unit, c.source, c.note);
    }
    out
}

const METHOD: &str = "## Method

`computecost accuracy` runs every case of `src/catalog/data/accuracy.toml` through the model as a scenario
that states only what the case's source states (model, GPU and count, precision, lengths or tokens; for
serving, the memory the engine held back) and leaves every other input at the tool's default prior. It
reports where the published figure falls in the model's p5–p95 band and `p50 ÷ published`. Coverage is
the share of cases inside their band, with a Wilson 95% interval; errors are `|ln(p50 / published)|`.

**The split.** Written in `accuracy.toml` before any prior was fitted: within each kind (serving,
training), the cases sorted by id alternate fit, test, fit, ... A unit test recomputes it, and another
fails when any default's `source` names a test case.

**The fit** (`computecost accuracy --refit`, fit half only; `computecost calibrate` runs the same method on
your own measurements):
- Serving: the medians of the prefill MFU (`workload.mfu.inference`), the decode MBU (`workload.mbu`) and
  the mixture-of-experts serving efficiency (`workload.serving_efficiency.moe`) minimize the sum of
  absolute log errors of the point estimate over the fit cases (least absolute deviations, so one case
  from an older software stack does not drag every prior; coordinate descent from 0.4, 0.7 and 0.5,
  golden-section search in log space). Each prior is then uniform over `median · (1 ± w)`, capped at 1,
  `w` the smallest multiple of 5% that puts at least 90% of the fit cases inside their band.
- Training: each fit case's implied MFU (the MFU, on the dense BF16 peak, at which the point estimate
  equals the published figure; FP8 runs at the median FP8 speedup) is fitted by least absolute deviations
  as `ln MFU = a + b · ln(P_active / 70B) + d · [mixture of experts]` (a grid over `b` and `d` in steps of
  0.005, the intercept the median residual). The prior of a dense 70B model is lognormal with median
  `e^a` and p5/p95 at `± 1.645 k s`, `s` = 1.4826 × the median absolute deviation of the residuals and `k`
  the smallest multiple of 0.1 from 1 that puts at least 90% of the fit cases inside their band; a model
  of `P_active` parameters gets it times `(P_active / 70B)^b`, a mixture of experts times `e^d` too.
- Nothing else is fitted: the FP8 training speedup, the all-reduce and link terms, the prefill overlap and
  the memory reserve keep their sourced priors (docs/MODEL.md, \"Defaults\"). A unit test checks that the
  built-in defaults are exactly what `--refit` prints.

**The MFU basis.** Training MFU is on the dense BF16 peak whatever the precision; FP8 speeds a run up by
`workload.fp8_training_speedup` (1.13–1.50, measured pairs), not by the 2× of the peaks. Serving's prefill
MFU is on the peak of the matmul precision (FP8 weights on a GPU with FP8: the FP8 peak).

## Calibrate to your own numbers

Benchmark your engine on your GPUs, write one row per measurement in a CSV with the header
`id,kind,model,gpu,gpus,precision,kv_precision,input_tokens,output_tokens,tokens,regime,measured,unit`, and
run `computecost calibrate my-benchmarks.csv`. Serving rows give `measured` output tokens/s of the system
of `gpus` GPUs at offline maximum throughput (unit `output tokens/s per system`); training rows give
tokens/s per GPU (`regime` `benchmark`) or GPU-hours of a whole run (`regime` `whole run`), with `tokens`.
The same method as above fits the efficiencies your rows vary and writes them as `[[defaults]]` entries
(`calibrated.toml`, source = your file and its row count); `computecost run SCENARIO --catalog
calibrated.toml` uses them, and `computecost accuracy --catalog calibrated.toml` shows what they do to the
published cases. A bad row is refused with its file, line and column.

**What the model still misses.** Whole pretraining runs on H100 (the Llama 3 model cards) take more
GPU-hours than steady-state throughput implies (evaluation, restarts beyond the failure model, data and
long-context phases): the model puts them at 0.35–0.6 of the published hours, while the A100 runs of
Llama 2 fall within 20%. One prior spans benchmarks and whole runs, so its band is wide. The MI300X figures
(vLLM 0.6, 2024) are 2.6–3× below the model: the roofline does not know how mature a software stack is.
There are no latency or cost cases yet: published TTFT and ITL figures rarely state the load they were
measured at.
";

/// `entries` as the `[[defaults]]` tables of a catalog file, each value and distribution in TOML.
pub fn defaults_toml(entries: &[DefaultEntry], header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    for e in entries {
        let _ = writeln!(out, "\n[[defaults]]");
        let _ = writeln!(out, "key = {}", quoted(&e.key));
        let _ = writeln!(out, "value = {}", e.value);
        if let Some(d) = &e.dist {
            let _ = writeln!(out, "dist = {}", dist_toml(d));
        }
        let _ = writeln!(out, "unit = {}", quoted(&e.unit));
        let _ = writeln!(out, "source = {}", quoted(&e.source));
        let _ = writeln!(out, "as_of = {}", quoted(&e.as_of));
        if e.thin {
            let _ = writeln!(out, "thin = true");
        }
        if !e.note.is_empty() {
            let _ = writeln!(out, "note = {}", quoted(&e.note));
        }
    }
    out
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn dist_toml(d: &DistSpec) -> String {
    match d {
        DistSpec::Uniform { low, high } => format!("{{ dist = \"uniform\", low = {low}, high = {high} }}"),
        DistSpec::Lognormal { p5, p95 } => format!("{{ dist = \"lognormal\", p5 = {p5}, p95 = {p95} }}"),
        DistSpec::Triangular { low, mode, high } => {
            format!("{{ dist = \"triangular\", low = {low}, mode = {mode}, high = {high} }}")
        }
        DistSpec::Pert { low, mode, high } => {
            format!("{{ dist = \"pert\", low = {low}, mode = {mode}, high = {high} }}")
        }
        DistSpec::Normal { mean, sd, min, max } => {
            let mut s = format!("{{ dist = \"normal\", mean = {mean}, sd = {sd}");
            if let Some(m) = min {
                let _ = write!(s, ", min = {m}");
            }
            if let Some(m) = max {
                let _ = write!(s, ", max = {m}");
            }
            s + " }"
        }
        DistSpec::Choice { values, weights } => {
            let list = |v: &[f64]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
            format!("{{ dist = \"choice\", values = [{}], weights = [{}] }}", list(values), list(weights))
        }
    }
}
