//! Published figures the model is measured against (`data/accuracy.toml`, or a user's file of the same
//! shape): each case's setup, its published outcome and whether priors may be fitted on it.
//! docs/ACCURACY.md.

use crate::base::diagnostic::{Diagnostic, Source};
use serde::{Deserialize, Serialize};

/// The built-in cases.
pub const ACCURACY_TOML: &str = include_str!("data/accuracy.toml");

/// What a case measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// Output tokens/s of a serving system at offline maximum throughput.
    Serving,
    /// Pre-training throughput or GPU-hours.
    Training,
}

impl CaseKind {
    /// Its name in files and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Serving => "serving",
            CaseKind::Training => "training",
        }
    }
}

/// Whether priors may be fitted on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Priors are fitted on it (in sample).
    Fit,
    /// Held out (out of sample).
    Test,
}

impl Split {
    /// Its name in files and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Fit => "fit",
            Split::Test => "test",
        }
    }
}

/// Whether a training figure is a short benchmark or a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Regime {
    /// Steady-state throughput of a short run: no failures.
    #[serde(rename = "benchmark")]
    Benchmark,
    /// A whole pretraining run: failures and restarts included.
    #[serde(rename = "whole run")]
    WholeRun,
}

/// A range of a setting the source gives as a range.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

/// One published figure and the setup that produced it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique id.
    pub id: String,
    /// What was measured.
    pub kind: CaseKind,
    /// Fit or test.
    pub split: Split,
    /// Catalog model id.
    pub model: String,
    /// Catalog GPU id.
    pub gpu: String,
    /// GPUs of the system (serving: the tensor-parallel degree; training: the job).
    pub gpus: u32,
    /// Weights (serving) or compute (training) precision: `bf16` or `fp8`.
    pub precision: String,
    /// KV-cache precision (serving).
    #[serde(default)]
    pub kv_precision: Option<String>,
    /// Input tokens per request (serving).
    #[serde(default)]
    pub input_tokens: Option<u32>,
    /// Output tokens per request (serving).
    #[serde(default)]
    pub output_tokens: Option<u32>,
    /// Training tokens of the run (training).
    #[serde(default)]
    pub tokens: Option<f64>,
    /// Benchmark or whole run (training).
    #[serde(default)]
    pub regime: Option<Regime>,
    /// Fraction of GPU memory held back from weights and KV, as the source's settings imply (serving).
    #[serde(default)]
    pub memory_reserve: Option<Range>,
    /// The published figure, in `published_unit`.
    pub published: f64,
    /// `output tokens/s per system`, `tokens/s per GPU` or `GPU-hours`.
    pub published_unit: String,
    /// Where the figure comes from (a pinned URL).
    pub source: String,
    /// Published or read (YYYY-MM-DD).
    pub as_of: String,
    /// What the source says of its setup.
    #[serde(default)]
    pub note: String,
}

/// The units a published figure may be in.
pub const UNITS: [&str; 3] = ["output tokens/s per system", "tokens/s per GPU", "GPU-hours"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CasesFile {
    case: Vec<Case>,
}

/// The built-in cases.
pub fn builtin() -> Vec<Case> {
    parse(&Source::new("accuracy.toml", ACCURACY_TOML)).expect("the built-in cases parse")
}

/// The cases of a file, each checked: an error names the file, line and column.
pub fn parse(source: &Source) -> Result<Vec<Case>, Vec<Diagnostic>> {
    let text = source.text.as_str();
    let file: CasesFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message =
            crate::base::diagnostic::plain_toml_message(e.message().trim(), text.get(span.clone()).unwrap_or(""));
        vec![source.diagnostic(span, message)]
    })?;
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for case in &file.case {
        let at = text.find(&format!("\"{}\"", case.id)).map_or(0..0, |i| i..i + case.id.len() + 2);
        if !seen.insert(case.id.clone()) {
            problems.push(source.diagnostic(at.clone(), format!("case id `{}` appears twice", case.id)));
        }
        for message in check(case) {
            problems.push(source.diagnostic(at.clone(), format!("case `{}`: {message}", case.id)));
        }
    }
    if problems.is_empty() { Ok(file.case) } else { Err(problems) }
}

/// What is wrong with one case (nothing when it is sound).
pub fn check(case: &Case) -> Vec<String> {
    let mut bad = Vec::new();
    if !UNITS.contains(&case.published_unit.as_str()) {
        bad.push(format!("the unit must be one of {}, found `{}`", UNITS.join(", "), case.published_unit));
    }
    if !(case.published.is_finite() && case.published > 0.0) {
        bad.push("the published or measured figure must be a positive number".to_string());
    }
    if case.gpus == 0 {
        bad.push("gpus must be at least 1".to_string());
    }
    if !["bf16", "fp8"].contains(&case.precision.as_str()) {
        bad.push(format!("precision must be bf16 or fp8, found `{}`", case.precision));
    }
    if crate::base::date::day_number(&case.as_of).is_none() {
        bad.push("as_of must be a date YYYY-MM-DD".to_string());
    }
    if case.source.trim().is_empty() {
        bad.push("it has no source".to_string());
    }
    match case.kind {
        CaseKind::Serving => {
            if case.input_tokens.is_none_or(|t| t == 0) || case.output_tokens.is_none_or(|t| t == 0) {
                bad.push("a serving case needs input_tokens and output_tokens (at least 1)".to_string());
            }
            if case.published_unit != UNITS[0] {
                bad.push(format!("a serving figure is in `{}`", UNITS[0]));
            }
        }
        CaseKind::Training => {
            if !case.tokens.is_some_and(|t| t.is_finite() && t > 0.0) || case.regime.is_none() {
                bad.push("a training case needs tokens and a regime (benchmark or whole run)".to_string());
            }
            if case.published_unit == UNITS[0] {
                bad.push("a training figure is in tokens/s per GPU or GPU-hours".to_string());
            }
        }
    }
    bad
}

/// One row of a measurements CSV (`calibrate`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    id: String,
    kind: CaseKind,
    model: String,
    gpu: String,
    gpus: u32,
    precision: String,
    #[serde(default)]
    kv_precision: Option<String>,
    #[serde(default)]
    input_tokens: Option<u32>,
    #[serde(default)]
    output_tokens: Option<u32>,
    #[serde(default)]
    tokens: Option<f64>,
    #[serde(default)]
    regime: Option<Regime>,
    measured: f64,
    unit: String,
}

/// The header a measurements CSV must have.
pub const MEASUREMENTS_HEADER: &str =
    "id,kind,model,gpu,gpus,precision,kv_precision,input_tokens,output_tokens,tokens,regime,measured,unit";

/// A user's measurements (CSV with [`MEASUREMENTS_HEADER`]) as cases to fit on, dated `today`; a bad row is
/// named by its line and column, an unknown model or GPU of `catalog` too.
pub fn from_measurements(source: &Source, catalog: &super::Catalog, today: &str) -> Result<Vec<Case>, Vec<Diagnostic>> {
    let text = source.text.as_str();
    let line_start =
        |line: usize| -> usize { text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum() };
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![source.diagnostic(0..0, format!("cannot read the header: {e}"))]),
    };
    if header.join(",") != MEASUREMENTS_HEADER {
        let end = text.find('\n').unwrap_or(text.len());
        return Err(vec![
            source
                .diagnostic(0..end, "this is not a measurements file")
                .with_help(format!("the first line must be: {MEASUREMENTS_HEADER}")),
        ]);
    }
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| line_start(p.line() as usize));
                problems.push(source.diagnostic(at..at, format!("cannot read this row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        let start = line_start(line);
        let field_at = |i: usize| -> std::ops::Range<usize> {
            let raw = &text[start..];
            let row_end = raw.find('\n').unwrap_or(raw.len());
            let mut offset = 0;
            for (k, part) in raw[..row_end].split(',').enumerate() {
                if k == i {
                    return start + offset..start + offset + part.len().max(1);
                }
                offset += part.len() + 1;
            }
            start..start + row_end.max(1)
        };
        let row: Row = match record.deserialize(Some(&csv::StringRecord::from(header.clone()))) {
            Ok(r) => r,
            Err(e) => {
                let field = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => err.field().map(|f| f as usize),
                    _ => None,
                };
                let at = field.map_or(start..start + 1, field_at);
                let name = field.and_then(|f| header.get(f)).map_or(String::new(), |h| format!(" `{h}`"));
                let reason = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
                    _ => e.to_string(),
                };
                problems.push(source.diagnostic(at, format!("bad value in column{name}: {reason}")));
                continue;
            }
        };
        let column = |name: &str| header.iter().position(|h| h == name).unwrap_or(0);
        if catalog.model(&row.model).is_none() {
            problems.push(
                source
                    .diagnostic(field_at(column("model")), format!("unknown model `{}`", row.model))
                    .with_help("`computecost providers --list models`; add yours with --catalog"),
            );
        }
        if catalog.gpu(&row.gpu).is_none() {
            problems.push(
                source
                    .diagnostic(field_at(column("gpu")), format!("unknown GPU `{}`", row.gpu))
                    .with_help("`computecost providers --list gpus`; add yours with --catalog"),
            );
        }
        let case = Case {
            id: row.id,
            kind: row.kind,
            split: Split::Fit,
            model: row.model,
            gpu: row.gpu,
            gpus: row.gpus,
            precision: row.precision,
            kv_precision: row.kv_precision,
            input_tokens: row.input_tokens,
            output_tokens: row.output_tokens,
            tokens: row.tokens,
            regime: row.regime,
            memory_reserve: None,
            published: row.measured,
            published_unit: row.unit,
            source: source.name.clone(),
            as_of: today.to_string(),
            note: String::new(),
        };
        for message in check(&case) {
            problems.push(source.diagnostic(start..start + 1, format!("row `{}`: {message}", case.id)));
        }
        cases.push(case);
    }
    if cases.is_empty() && problems.is_empty() {
        problems.push(source.diagnostic(0..0, "no measurement rows under the header"));
    }
    if problems.is_empty() { Ok(cases) } else { Err(problems) }
}

/// The split the rule gives each case, in the order given.
///
/// # Formula
/// Within each kind, the cases sorted by id alternate fit, test, fit, ... starting with fit (the rule
/// written in `accuracy.toml` before any prior was fitted).
pub fn split_by_rule(cases: &[Case]) -> Vec<Split> {
    let mut splits = vec![Split::Fit; cases.len()];
    for kind in [CaseKind::Serving, CaseKind::Training] {
        let mut of_kind: Vec<usize> = (0..cases.len()).filter(|&i| cases[i].kind == kind).collect();
        of_kind.sort_by(|&a, &b| cases[a].id.cmp(&cases[b].id));
        for (rank, i) in of_kind.into_iter().enumerate() {
            splits[i] = if rank % 2 == 0 { Split::Fit } else { Split::Test };
        }
    }
    splits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_cases_follow_their_split_rule_and_cover_what_the_record_needs() {
        let cases = builtin();
        assert!(cases.len() >= 30, "{} cases", cases.len());
        let rule = split_by_rule(&cases);
        for (case, split) in cases.iter().zip(&rule) {
            assert_eq!(case.split, *split, "{} is not where the rule puts it", case.id);
        }
        assert!(rule.iter().filter(|s| **s == Split::Test).count() >= 15);
        let catalog = crate::catalog::Catalog::builtin().unwrap();
        for gpu in ["h100-sxm-80gb", "h200-sxm-141gb", "a100-sxm-80gb", "b200-hgx", "mi300x"] {
            assert!(cases.iter().any(|c| c.gpu == gpu), "no case on {gpu}");
        }
        for c in &cases {
            assert!(catalog.gpu(&c.gpu).is_some() && catalog.model(&c.model).is_some(), "{}", c.id);
            assert!(c.source.starts_with("https://"), "{}", c.id);
        }
        let moe = |c: &&Case| catalog.model(&c.model).is_some_and(|m| m.active_params_b < m.params_b);
        for kind in [CaseKind::Serving, CaseKind::Training] {
            assert!(cases.iter().filter(|c| c.kind == kind).any(|c| moe(&c)), "no MoE {kind:?} case");
            assert!(cases.iter().filter(|c| c.kind == kind).any(|c| !moe(&c)), "no dense {kind:?} case");
        }
        assert!(cases.iter().any(|c| c.precision == "bf16") && cases.iter().any(|c| c.precision == "fp8"));
    }

    #[test]
    fn no_default_is_sourced_from_a_test_case() {
        let catalog = crate::catalog::Catalog::builtin().unwrap();
        let tests: Vec<String> = builtin().into_iter().filter(|c| c.split == Split::Test).map(|c| c.id).collect();
        let mut fitted = 0;
        for d in &catalog.defaults {
            for id in &tests {
                // Ids end at a comma, a parenthesis or a space in a source's list.
                let cited = [",", ")", " ", ":"].iter().any(|end| d.source.contains(&format!("{id}{end}")));
                assert!(!cited, "default `{}` cites test case `{id}`", d.key);
            }
            fitted += usize::from(d.source.contains("fit half of accuracy.toml"));
        }
        assert!(fitted >= 6, "the fitted priors say where they come from ({fitted})");
    }

    #[test]
    fn a_bad_case_file_is_refused_at_its_line() {
        let text = "[[case]]\nid = \"x\"\nkind = \"serving\"\nsplit = \"fit\"\nmodel = \"m\"\ngpu = \"g\"\ngpus = 1\n\
                    precision = \"fp16\"\npublished = 1.0\npublished_unit = \"tokens/s per GPU\"\nsource = \"s\"\n\
                    as_of = \"2026-01-01\"\n";
        let errors = parse(&Source::new("cases.toml", text)).unwrap_err();
        let all: Vec<String> = errors.iter().map(|d| d.message.clone()).collect();
        assert!(all.iter().any(|m| m.contains("precision must be bf16 or fp8")), "{all:?}");
        assert!(all.iter().any(|m| m.contains("needs input_tokens")), "{all:?}");
        let typo = text.replace("published =", "publisht =");
        let errors = parse(&Source::new("cases.toml", &typo)).unwrap_err();
        assert!(
            crate::base::diagnostic::render(&errors).contains("cases.toml:9:1"),
            "{}",
            crate::base::diagnostic::render(&errors)
        );
    }
}
