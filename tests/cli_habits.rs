//! Habits of well-kept command-line tools (issue 20): tables that fit the terminal, `--wide` for all of
//! them.

use crate::util::{Terminal, computecost, on_a_terminal, scenario, stdout_of};

/// Every line of `out`, with the width it takes on a terminal.
fn widest(out: &str) -> (usize, String) {
    out.lines().map(|l| (l.chars().count(), l.to_string())).max().unwrap_or_default()
}

/// The what-if commands on the flagship with `samples` trials: `sweep` (its arguments given), `sensitivity`,
/// and `diff` against a variant written into `dir` (800 input tokens instead of 1,000).
fn what_ifs(dir: &std::path::Path, sweep: &[&str], samples: &str) -> Vec<Vec<String>> {
    let flagship = scenario("chat-assistant.toml");
    let variant = dir.join("variant.toml");
    let text = std::fs::read_to_string(&flagship).unwrap();
    std::fs::write(&variant, text.replace("input_tokens = 1000", "input_tokens = 800")).unwrap();
    let owned = |args: &[&str]| args.iter().map(ToString::to_string).collect::<Vec<String>>();
    vec![
        owned(&[sweep, &["--samples", samples]].concat()),
        owned(&["sensitivity", "--samples", samples]),
        owned(&["diff", "--samples", samples, &flagship.display().to_string(), &variant.display().to_string()]),
    ]
}

#[test]
fn tables_fit_columns_and_wide_shows_every_column() {
    let dir = tempfile::tempdir().unwrap();
    let sweep =
        ["sweep", "--param", "workload.requests_per_month", "--from", "5e6", "--to", "8e7", "--log", "--steps", "4"];
    let mut commands: Vec<Vec<String>> = vec![
        vec!["run".into(), "--samples".into(), "300".into()],
        vec!["providers".into()],
        vec!["providers".into(), "--list".into(), "tokens".into()],
    ];
    commands.extend(what_ifs(dir.path(), &sweep, "300"));
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

#[test]
fn colour_on_a_terminal_honours_no_color_and_the_flag() {
    const ESC: char = '\u{1b}';
    // Into a pipe: no colour unless asked; asked, the cheapest row is green and a stale price yellow.
    let piped = stdout_of(computecost().args(["run", "--point"]));
    assert!(!piped.contains(ESC));
    let forced = stdout_of(computecost().args(["run", "--point", "--color", "always"]));
    assert!(forced.contains("\u{1b}[1;32m◀ cheapest") && forced.contains("\u{1b}[33mStale price:"), "{forced}");
    // Errors on stderr too.
    let bad = computecost().args(["run", "--color", "always", "no-such.toml"]).output().unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("\u{1b}[1;31merror:"));
    let Some((code, tty)) = on_a_terminal(Terminal::Stdout, &["run", "--point"], &[]) else {
        eprintln!("python3 not available: skipping the terminal part");
        return;
    };
    assert_eq!(code, 0);
    assert!(tty.contains(ESC), "no colour on a terminal");
    for (args, env) in
        [(&["run", "--point", "--color", "never"][..], &[][..]), (&["run", "--point"][..], &[("NO_COLOR", "1")][..])]
    {
        let (code, tty) = on_a_terminal(Terminal::Stdout, args, env).unwrap();
        assert!(code == 0 && !tty.contains(ESC), "{args:?} {env:?} coloured the terminal");
    }
}

/// `validate --format json` gives editors and CI a record per file: valid or not, and each problem with
/// its line and column (issue 20).
#[test]
fn validate_speaks_json_for_editors_and_ci() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[scenario]\nname = \"x\"\n[workload]\nkind = \"gpu_hours\"\nreference_gpu = \"h100-sxm-80gb\"\n\
         gpu_hours_per_month = 1000\n[[providers]]\nid = \"a\"\nkind = \"owned\"\ngpu = \"h100-sxm-80gb\"\nutilization = 45\n",
    )
    .unwrap();
    let out = computecost()
        .args(["validate", "--format", "json"])
        .arg(scenario("chat-assistant.toml"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (good, wrong) = (&records[0], &records[1]);
    assert_eq!((good["valid"].as_bool(), good["providers"].as_u64()), (Some(true), Some(11)));
    assert!(good["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("thin evidence")));
    assert_eq!(wrong["valid"].as_bool(), Some(false));
    let e = &wrong["errors"][0];
    assert_eq!((e["line"].as_u64(), e["column"].as_u64()), (Some(11), Some(15)));
    assert!(e["message"].as_str().unwrap().contains("utilization") && e["help"].as_str().is_some());
    // The same records as CSV and as a Markdown table: a row per problem, one per file without any.
    let run = |format: &str| {
        let out = computecost()
            .args(["validate", "--format", format])
            .arg(scenario("chat-assistant.toml"))
            .arg(&bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1 + wrong["errors"].as_array().unwrap().len(), "{csv}");
    assert_eq!((&rows[0][1], &rows[0][2]), ("true", "11"));
    assert_eq!((&rows[1][1], &rows[1][4], &rows[1][5]), ("false", "11", "15"));
    let md = run("md");
    assert!(md.starts_with("| file | valid |") && md.lines().nth(1).unwrap().starts_with("|---|"), "{md}");
    assert_eq!(md.lines().count(), 2 + rows.len(), "{md}");
}

/// `explain --format csv`: a row per step, then a row per input, the same figures as the JSON.
#[test]
fn explain_speaks_csv() {
    let run = |format: &str| stdout_of(computecost().args(["explain", "--provider", "own-h100", "--format", format]));
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let csv = run("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let steps = json["steps"].as_array().unwrap();
    let inputs = json["inputs"].as_array().unwrap();
    assert_eq!(rows.iter().filter(|r| &r[1] == "step").count(), steps.len());
    assert_eq!(rows.iter().filter(|r| &r[1] == "input").count(), inputs.len());
    for (row, step) in rows.iter().zip(steps) {
        assert_eq!(&row[3], step["symbol"].as_str().unwrap());
        let value: f64 = row[7].parse().unwrap();
        assert_eq!(value, step["value"].as_f64().unwrap(), "{}", &row[3]);
    }
}

/// Every command that prints results speaks Markdown too (issue 20): `--format md` gives the same lines
/// with each table in Markdown, whole (never fitted to a terminal).
#[test]
fn the_what_if_commands_and_providers_print_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = ["sweep", "--param", "workload.requests_per_month", "--from", "1e7", "--to", "2e7", "--steps", "2"];
    let mut commands = what_ifs(dir.path(), &sweep, "200");
    commands.push(vec!["providers".into()]);
    for args in &commands {
        let out = stdout_of(computecost().env("COLUMNS", "80").args(args).args(["--format", "md"]));
        let header =
            out.lines().position(|l| l.starts_with("|--")).unwrap_or_else(|| panic!("{args:?}: no table:\n{out}"));
        assert!(out.lines().nth(header - 1).is_some_and(|l| l.starts_with("| ")), "{args:?}");
        assert!(!out.contains('─') && !out.contains("Left out to fit"), "{args:?} printed a terminal table");
        // A Markdown table starts a block: a blank line (or nothing) above its header row.
        let lines: Vec<&str> = out.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.starts_with("|--") || l.starts_with("|:-") {
                let above = i.checked_sub(2).map(|k| lines[k]);
                assert!(
                    above.is_none_or(|a| a.trim().is_empty()),
                    "{args:?}: no blank line before the table at {i}:\n{out}"
                );
            }
        }
    }
}
