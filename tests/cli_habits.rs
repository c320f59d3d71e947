//! Habits of well-kept command-line tools (issue 20): tables that fit the terminal, `--wide` for all of
//! them.

use crate::util::{computecost, scenario, stdout_of};

/// Every line of `out`, with the width it takes on a terminal.
fn widest(out: &str) -> (usize, String) {
    out.lines().map(|l| (l.chars().count(), l.to_string())).max().unwrap_or_default()
}

#[test]
fn tables_fit_columns_and_wide_shows_every_column() {
    let dir = tempfile::tempdir().unwrap();
    let flagship = scenario("chat-assistant.toml");
    let variant = dir.path().join("variant.toml");
    let text = std::fs::read_to_string(&flagship).unwrap();
    std::fs::write(&variant, text.replace("input_tokens = 1000", "input_tokens = 800")).unwrap();
    let sweep =
        ["sweep", "--param", "workload.requests_per_month", "--from", "5e6", "--to", "8e7", "--log", "--steps", "4"];
    let commands: Vec<Vec<String>> = vec![
        vec!["run".into(), "--samples".into(), "300".into()],
        vec!["providers".into()],
        vec!["providers".into(), "--list".into(), "tokens".into()],
        sweep.iter().map(ToString::to_string).chain(["--samples".into(), "300".into()]).collect(),
        vec!["sensitivity".into(), "--samples".into(), "300".into()],
        vec![
            "diff".into(),
            "--samples".into(),
            "300".into(),
            flagship.display().to_string(),
            variant.display().to_string(),
        ],
    ];
    for args in &commands {
        let out = stdout_of(computecost().env("COLUMNS", "100").args(args));
        let (width, line) = widest(&out);
        assert!(width <= 100, "`computecost {}` prints a line of {width} columns:\n{line}", args.join(" "));
    }
    // The run table left columns out to fit, and says which; --wide brings them back.
    let narrow = stdout_of(computecost().env("COLUMNS", "100").args(["run", "--samples", "300"]));
    let header = |out: &str| out.lines().find(|l| l.trim_start().starts_with("Provider")).unwrap_or("").to_string();
    assert!(narrow.contains("Left out to fit 100 columns:") && !header(&narrow).contains("TTFT p95"), "{narrow}");
    let wide = stdout_of(computecost().env("COLUMNS", "100").args(["run", "--samples", "300", "--wide"]));
    assert!(header(&wide).contains("TTFT p95") && !wide.contains("Left out") && widest(&wide).0 > 100);
    // Piped without COLUMNS (scripts), nothing is left out.
    let piped = stdout_of(computecost().args(["run", "--samples", "300"]));
    assert!(header(&piped).contains("TTFT p95") && !piped.contains("Left out"));
}
