//! Sensitivity analyses on the terminal, as CSV and as JSON.

use super::table::{RULED, finish, new_table, wrap};
use crate::analysis::sensitivity::Sensitivity;
use crate::base::format;
use crate::model::fields::{Unit, unit_of_input};
use comfy_table::CellAlignment;
use std::io::{self, Write};

fn finite(v: f64) -> String {
    if v.is_finite() { format!("{v}") } else { String::new() }
}

/// An input's name for people: defaults by their key.
pub fn input_name(label: &str) -> String {
    match label.strip_prefix("default ") {
        Some(key) => format!("{key} (default)"),
        None => label.to_string(),
    }
}

/// Writes the analysis as a table, largest swing first.
pub fn write_table(s: &Sensitivity, out: &mut dyn Write) -> io::Result<()> {
    let run = &s.scenario;
    let cur = &run.currency;
    let q = s.metric.quantity();
    let show = |v: Option<f64>| v.map_or("cannot run".to_string(), |v| format::quantity(q, v, cur));
    writeln!(out, "What moves {}: {}", s.target_title(), run.name)?;
    let how = if run.samples > 1 {
        format!("rank correlations over {} trials, seed {}", format::thousands(s.trials as f64), run.seed)
    } else {
        "no rank correlations (point estimate)".into()
    };
    let line = format!("with every input at its median: {} · {how} · {}", show(s.base), run.file);
    writeln!(out, "{}", super::table::fit_text(&line))?;
    for arg in &run.overrides {
        writeln!(out, "with --set {arg}")?;
    }
    writeln!(out)?;
    let header =
        ["input", "5th percentile", "95th percentile", "output at p5", "output at p95", "swing", "ρ", "break-even"];
    let mut table = new_table(header.iter().map(ToString::to_string).collect(), RULED);
    for e in &s.inputs {
        let unit = unit_of_input(&e.input).unwrap_or(Unit::Plain(""));
        table.add_row(vec![
            input_name(&e.input),
            unit.show_bare(e.low, cur),
            unit.show_bare(e.high, cur),
            show(e.at_low),
            show(e.at_high),
            if e.swing.is_finite() {
                format::quantity(q, e.swing, cur).trim_start_matches('+').to_string()
            } else {
                "—".into()
            },
            e.rank_correlation.map_or("—".into(), |r| format::signed(r, 2)),
            e.break_even
                .map_or("—".into(), |b| format!("{} (p{:.0})", unit.show_bare(b.value, cur), b.percentile * 100.0)),
        ]);
    }
    for i in 1..header.len() {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{}", finish(&table))?;
    writeln!(out)?;
    let note = format!(
        "Swing: how far the output moves when the input goes from its 5th to its 95th percentile with every \
         other input at its median. ρ: Spearman's rank correlation of the input with the output over the \
         trials. Break-even: the input's value at which the two providers cost the same (others at their \
         medians), where one lies between its 1st and 99th percentiles. Not shown: {} input(s) this output reads without moving ({}), and {} other providers' input(s).",
        s.no_effect.len(),
        if s.no_effect.is_empty() {
            "none".to_string()
        } else {
            s.no_effect.iter().map(|l| input_name(l)).collect::<Vec<_>>().join(", ")
        },
        s.unrelated.len()
    );
    writeln!(out, "{}", wrap(&note, 100, ""))
}

/// Writes the analysis as CSV: one row per input.
pub fn write_csv(s: &Sensitivity, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "input",
        "p5",
        "p95",
        "output_at_p5",
        "output_at_p95",
        "swing",
        "rank_correlation",
        "metric",
        "target",
        "base",
        "break_even",
        "break_even_percentile",
    ])?;
    for e in &s.inputs {
        w.write_record([
            e.input.clone(),
            finite(e.low),
            finite(e.high),
            e.at_low.map_or(String::new(), finite),
            e.at_high.map_or(String::new(), finite),
            finite(e.swing),
            e.rank_correlation.map_or(String::new(), finite),
            s.metric.name().to_string(),
            s.target_title(),
            s.base.map_or(String::new(), finite),
            e.break_even.map_or(String::new(), |b| finite(b.value)),
            e.break_even.map_or(String::new(), |b| finite(b.percentile)),
        ])?;
    }
    w.flush()
}
