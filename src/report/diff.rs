//! Scenario diffs on the terminal, as CSV and as JSON.

use super::table::{RULED, finish, new_table, wrap};
use crate::analysis::diff::Diff;
use crate::base::format;
use comfy_table::CellAlignment;
use std::io::{self, Write};

fn finite(v: f64) -> String {
    if v.is_finite() { format!("{v}") } else { String::new() }
}

/// Writes the diff: changed inputs, then each provider's medians in both scenarios.
pub fn write_table(d: &Diff, out: &mut dyn Write) -> io::Result<()> {
    let cur = &d.b.currency;
    writeln!(out, "A: {} ({})", d.a.name, d.a.file)?;
    writeln!(out, "B: {} ({})", d.b.name, d.b.file)?;
    let how = if d.a.samples > 1 {
        format!("{} trials each, seed {}", format::thousands(d.a.samples as f64), d.a.seed)
    } else {
        "point estimates".into()
    };
    writeln!(out, "{how} · medians compared")?;
    writeln!(out)?;
    if d.inputs.is_empty() {
        writeln!(out, "No input differs.")?;
    } else {
        writeln!(out, "{} input(s) differ:{}", d.inputs.len(), super::table::title_end())?;
        let mut table = new_table(vec!["input".into(), "A".into(), "B".into()], RULED);
        for c in &d.inputs {
            let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".into());
            table.add_row(vec![c.path.clone(), side(&c.a), side(&c.b)]);
        }
        writeln!(out, "{}", finish(&table))?;
    }
    writeln!(out)?;
    let metrics: Vec<_> = d.providers.first().map(|p| p.metrics.iter().map(|m| m.metric).collect()).unwrap_or_default();
    for (i, metric) in metrics.iter().enumerate() {
        let q = metric.quantity();
        let show = |v: Option<f64>| v.map_or("—".to_string(), |v| format::quantity(q, v, cur));
        let header = ["provider", "A", "B", "B − A", "change"];
        let mut table = new_table(header.iter().map(ToString::to_string).collect(), RULED);
        for p in &d.providers {
            let m = &p.metrics[i];
            table.add_row(vec![
                p.id.clone(),
                show(m.a),
                show(m.b),
                m.delta.map_or("—".into(), |x| difference(q, x, cur)),
                // A change of a share is its difference in points; a relative change of it would mislead.
                match (q, m.relative) {
                    (format::Quantity::Fraction, _) | (_, None) => "—".into(),
                    (_, Some(r)) => format!("{}%", format::signed(100.0 * r, 1)),
                },
            ]);
        }
        for c in 1..header.len() {
            if let Some(col) = table.column_mut(c) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        writeln!(out, "{} (median){}", metric.title(&d.b.unit), super::table::title_end())?;
        writeln!(out, "{}", finish(&table))?;
        writeln!(out)?;
    }
    let mut notes = Vec::new();
    for p in &d.providers {
        match (p.in_a, p.in_b) {
            (true, false) => notes.push(format!("{} is only in A", p.id)),
            (false, true) => notes.push(format!("{} is only in B", p.id)),
            _ => {}
        }
        if p.in_a && p.in_b && p.feasible_a != p.feasible_b {
            notes.push(format!(
                "{} {}",
                p.id,
                if p.feasible_b { "becomes feasible in B" } else { "cannot run the workload in B" }
            ));
        }
        if let (Some(x), Some(y)) = p.p_slo_met
            && x != y
        {
            let verdict = match (x >= 0.95, y >= 0.95) {
                (true, false) => "; now misses the objectives",
                (false, true) => "; now meets the objectives",
                _ => "",
            };
            notes.push(format!("{}: objectives met in {:.0}% → {:.0}% of trials{verdict}", p.id, 100.0 * x, 100.0 * y));
        }
    }
    if notes.is_empty() {
        writeln!(out, "No provider changes feasibility or meeting the objectives.")?;
    }
    for n in notes {
        writeln!(out, "{}", wrap(&format!("- {n}"), 100, "  "))?;
    }
    Ok(())
}

/// A difference with its sign: `+$1,200`, `-$300`, `0` when there is none; a difference of shares in
/// percentage points (`-0.4 pp`).
fn difference(q: format::Quantity, x: f64, cur: &str) -> String {
    if q == format::Quantity::Fraction {
        return format::pp(100.0 * x);
    }
    let s = format::quantity(q, x, cur);
    if s.starts_with('-') || s.starts_with('+') || s == "—" || x.abs() < 5e-10 { s } else { format!("+{s}") }
}

/// Writes the provider comparison as CSV: one row per provider and metric.
pub fn write_csv(d: &Diff, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["provider", "metric", "a", "b", "delta", "relative", "feasible_a", "feasible_b"])?;
    for p in &d.providers {
        for m in &p.metrics {
            w.write_record([
                p.id.clone(),
                m.metric.name().to_string(),
                m.a.map_or(String::new(), finite),
                m.b.map_or(String::new(), finite),
                m.delta.map_or(String::new(), finite),
                m.relative.map_or(String::new(), finite),
                p.feasible_a.to_string(),
                p.feasible_b.to_string(),
            ])?;
        }
    }
    w.flush()
}
