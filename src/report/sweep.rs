//! Sweeps on the terminal, as CSV and as JSON.

use super::table::{RULED, finish, new_table, wrap};
use crate::analysis::sweep::SLO_SHARE;
use crate::analysis::sweep::{Grid, Sweep};
use crate::base::format;
use crate::model::fields::{Unit, path_of, unit_of_input};
use crate::sim::Stats;
use std::io::{self, Write};

fn finite(v: f64) -> String {
    if v.is_finite() { format!("{v}") } else { String::new() }
}

/// How a value of the swept input reads: `30,000,000`, `$2.50/GPU-h`, `30.0%`.
fn input_value(path: &str, v: f64, currency: &str) -> String {
    unit_of_input(path).unwrap_or(Unit::Plain("")).show_bare(v, currency)
}

/// A value to 3 significant figures, as break-evens are reported: `2.41e7` for large and small values.
pub fn three_sig(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        return format!("{v:.2e}");
    }
    let decimals = if a == 0.0 { 0 } else { (2 - a.log10().floor() as i32).max(0) as usize };
    format!("{v:.decimals$}")
}

/// The sweep's run line: trials, seed, catalog date.
fn run_line(s: &crate::analysis::RunInfo) -> String {
    let how = if s.samples > 1 {
        format!(
            "{} trials per step, seed {}, the same trials at every step",
            format::thousands(s.samples as f64),
            s.seed
        )
    } else {
        "point estimates (every input at its median)".into()
    };
    format!("{how} · catalog as of {} · {}", s.catalog_date, s.file)
}

/// The break-even sentences.
pub fn break_even_lines(s: &Sweep) -> Vec<String> {
    let cur = &s.scenario.currency;
    let what = s.metric.title(&s.scenario.unit);
    s.break_evens
        .iter()
        .map(|b| {
            let at = three_sig(b.at);
            let shown = input_value(&s.axis.path, b.at, cur);
            let value = format::quantity(s.metric.quantity(), b.value, cur);
            let mut line = format!(
                "{} = {at} ({shown}): {} has the lower {what} below, {} above ({value} there)",
                s.axis.path, b.below, b.above
            );
            if b.cheapest_changes {
                line += "; the cheapest provider changes here";
            }
            if !b.converged {
                line += "; approximate: a provider cannot run the workload inside the bracket";
            }
            line
        })
        .collect()
}

/// Where along the sweep a provider stops (or starts) being able to run the workload, or meeting the
/// latency objectives.
pub fn limit_lines(s: &Sweep) -> Vec<String> {
    let cur = &s.scenario.currency;
    let mut lines = Vec::new();
    for (k, (id, _)) in s.providers.iter().enumerate() {
        for i in 1..s.axis.values.len() {
            let (before, now) = (&s.cells[i - 1][k], &s.cells[i][k]);
            let at = input_value(&s.axis.path, s.axis.values[i], cur);
            match (before.stats.is_some(), now.stats.is_some()) {
                (true, false) => lines.push(format!(
                    "{id} cannot run the workload from {at} on: {}",
                    now.infeasible_reason.as_deref().unwrap_or("infeasible")
                )),
                (false, true) => lines.push(format!("{id} can run the workload from {at} on")),
                _ => {}
            }
            let missed = |c: &crate::analysis::sweep::Cell| c.p_slo_met.is_some_and(|p| p < SLO_SHARE);
            if now.stats.is_some() && before.stats.is_some() && missed(now) != missed(before) {
                lines.push(if missed(now) {
                    format!("{id} misses the latency objectives (in more than 5% of trials) from {at} on")
                } else {
                    format!("{id} meets the latency objectives again from {at} on")
                });
            }
        }
    }
    lines
}

/// Writes the sweep as a table: one row per step, one column per provider's median.
pub fn write_table(s: &Sweep, out: &mut dyn Write) -> io::Result<()> {
    let run = &s.scenario;
    let cur = &run.currency;
    let what = s.metric.title(&run.unit);
    writeln!(out, "{}: {what} as {} moves", run.name, s.axis.path)?;
    writeln!(out, "{}", super::table::fit_text(&run_line(run)))?;
    for arg in &run.overrides {
        writeln!(out, "with --set {arg}")?;
    }
    writeln!(out)?;
    let mut header = vec![path_of(&s.axis.path).to_string()];
    header.extend(s.providers.iter().map(|(id, _)| id.clone()));
    header.push("cheapest".into());
    let mut rows = Vec::new();
    let mut missed = false;
    for (i, v) in s.axis.values.iter().enumerate() {
        let mut row = vec![input_value(&s.axis.path, *v, cur)];
        for cell in &s.cells[i] {
            row.push(match cell.stats {
                Some(st) => {
                    let slo = cell.p_slo_met.is_some_and(|p| p < SLO_SHARE);
                    missed |= slo;
                    format!("{}{}", format::quantity(s.metric.quantity(), st.p50, cur), if slo { " !" } else { "" })
                }
                None => "—".into(),
            });
        }
        row.push(s.cheapest[i].clone().unwrap_or_else(|| "none".into()));
        rows.push(row);
    }
    let mut numeric = vec![true; s.providers.len() + 1];
    numeric.push(false);
    // A narrow terminal loses first the providers that are never cheapest, the dearest first.
    let dearest =
        |k: usize| s.cells.iter().filter_map(|c| c[k].stats.map(|st| st.p50)).fold(f64::NEG_INFINITY, f64::max);
    let mut order: Vec<usize> = (0..s.providers.len())
        .filter(|&k| s.cheapest.iter().all(|c| c.as_deref() != Some(s.providers[k].0.as_str())))
        .collect();
    order.sort_by(|&a, &b| dearest(b).total_cmp(&dearest(a)));
    let drop: Vec<&str> = order.iter().map(|&k| s.providers[k].0.as_str()).collect();
    let (table, dropped) = super::table::fitted_table(header, rows, numeric, &drop);
    writeln!(out, "{table}")?;
    if let Some(note) = super::table::dropped_note(&dropped) {
        writeln!(out, "{note}")?;
    }
    writeln!(out)?;
    let median = if run.samples > 1 { "Cells are medians" } else { "Cells are point estimates" };
    let mut legend = format!("{median} of {what}; — cannot run the workload");
    if missed {
        legend += "; ! misses the latency objectives in more than 5% of trials";
    }
    writeln!(out, "{}", wrap(&(legend + "."), 100, "  "))?;
    for l in limit_lines(s) {
        writeln!(out, "{}", wrap(&format!("- {l}"), 100, "  "))?;
    }
    let lines = break_even_lines(s);
    if lines.is_empty() {
        writeln!(out, "No break-even: no two medians cross where the cheapest provider changes.")?;
    } else {
        writeln!(out, "Break-evens (medians cross; bisection to 3 significant figures):")?;
        for l in lines {
            writeln!(out, "{}", wrap(&format!("- {l}"), 100, "  "))?;
        }
    }
    if let Some(found) = &run.build_vs_buy {
        writeln!(out, "Build or buy (every other input at its median; docs/MODEL.md, \"Token APIs\"):")?;
        for b in found {
            let line = match (b.requests_per_month, b.always) {
                (_, true) => format!("{}: self-hosting is cheaper at every volume searched", b.api),
                (Some(n), _) => format!(
                    "{}: self-hosting ({}) is cheaper above {} requests a month",
                    b.api,
                    b.self_hosted.as_deref().unwrap_or("—"),
                    format::thousands(n)
                ),
                (None, _) => format!("{}: self-hosting is never cheaper below 10 billion requests a month", b.api),
            };
            writeln!(out, "{}", wrap(&format!("- {line}"), 100, "  "))?;
        }
    }
    Ok(())
}

/// Writes the sweep as CSV: one row per step and provider.
pub fn write_csv(s: &Sweep, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let metric = s.metric.name();
    w.write_record([
        s.axis.path.as_str(),
        "provider",
        "kind",
        "metric",
        "p_feasible",
        "mean",
        "p5",
        "p25",
        "p50",
        "p75",
        "p95",
        "p_slo_met",
        "cheapest",
        "samples",
        "seed",
    ])?;
    for (i, v) in s.axis.values.iter().enumerate() {
        for ((id, kind), cell) in s.providers.iter().zip(&s.cells[i]) {
            let st = |f: fn(&Stats) -> f64| cell.stats.as_ref().map_or(String::new(), |x| finite(f(x)));
            w.write_record([
                finite(*v),
                id.clone(),
                kind.as_str().to_string(),
                metric.to_string(),
                finite(cell.p_feasible),
                st(|x| x.mean),
                st(|x| x.p5),
                st(|x| x.p25),
                st(|x| x.p50),
                st(|x| x.p75),
                st(|x| x.p95),
                cell.p_slo_met.map_or(String::new(), finite),
                (s.cheapest[i].as_deref() == Some(id)).to_string(),
                s.scenario.samples.to_string(),
                s.scenario.seed.to_string(),
            ])?;
        }
    }
    w.flush()
}

/// Writes the grid as a table: rows are the second input, columns the first.
pub fn write_grid_table(g: &Grid, out: &mut dyn Write) -> io::Result<()> {
    let run = &g.scenario;
    let cur = &run.currency;
    let what = g.metric.title(&run.unit);
    match &g.pair {
        Some((a, b)) => writeln!(out, "{}: median {what} of {a} / {b}", run.name)?,
        None => writeln!(out, "{}: the provider with the lowest median {what}", run.name)?,
    }
    writeln!(out, "{}", super::table::fit_text(&run_line(run)))?;
    writeln!(out, "rows: {} · columns: {}", g.y.path, g.x.path)?;
    writeln!(out)?;
    let mut header = vec![format!("{} \\ {}", path_of(&g.y.path), path_of(&g.x.path))];
    header.extend(g.x.values.iter().map(|v| input_value(&g.x.path, *v, cur)));
    let mut table = new_table(header, RULED);
    for (r, yv) in g.y.values.iter().enumerate().rev() {
        let mut row = vec![input_value(&g.y.path, *yv, cur)];
        for c in 0..g.x.values.len() {
            row.push(match &g.ratio {
                Some(ratio) => ratio[r][c].map_or("—".into(), |x| format!("{x:.2}")),
                None => g.cheapest[r][c].clone().unwrap_or_else(|| "—".into()),
            });
        }
        table.add_row(row);
    }
    writeln!(out, "{}", finish(&table))
}

/// Writes the grid as CSV: one row per point.
pub fn write_grid_csv(g: &Grid, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([g.x.path.as_str(), g.y.path.as_str(), "cheapest", "ratio", "metric", "samples", "seed"])?;
    for (r, yv) in g.y.values.iter().enumerate() {
        for (c, xv) in g.x.values.iter().enumerate() {
            let ratio = g.ratio.as_ref().and_then(|m| m[r][c]).map_or(String::new(), finite);
            w.write_record([
                finite(*xv),
                finite(*yv),
                g.cheapest[r][c].clone().unwrap_or_default(),
                ratio,
                g.metric.name().to_string(),
                g.scenario.samples.to_string(),
                g.scenario.seed.to_string(),
            ])?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::three_sig;

    #[test]
    fn three_significant_figures() {
        assert_eq!(three_sig(24_137_000.0), "2.41e7");
        assert_eq!(three_sig(2.4137), "2.41");
        assert_eq!(three_sig(241.37), "241");
        assert_eq!(three_sig(0.024137), "0.0241");
        assert_eq!(three_sig(0.00024137), "2.41e-4");
        assert_eq!(three_sig(0.0), "0");
    }
}
