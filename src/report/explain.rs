//! `explain` output: the steps of one provider's result as a terminal listing, a Markdown block a memo can
//! quote, CSV for a spreadsheet, or JSON.

use super::table::wrap;
use crate::analysis::explain::{Explanation, MODEL_DOC};
use crate::base::format;
use crate::model::trace::{MONEY, Step};
use std::io::{self, Write};

/// Width of wrapped lines in the terminal listing.
const WIDTH: usize = 110;
/// Indent of a step's formula and values under its name.
const INDENT: &str = "                ";
/// Indent of their continuation lines.
const CONTINUED: &str = "                    ";

/// Five significant figures with separators: precise enough to redo the arithmetic by hand.
fn figures(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        return if v > 0.0 { "∞".into() } else { "—".into() };
    }
    if v == v.trunc() && a < 1e15 {
        return format::thousands(v);
    }
    if !(1e-3..1e9).contains(&a) {
        let text = format!("{v:.4e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let decimals = (4 - a.log10().floor() as i32).clamp(0, 8) as usize;
    let text = format!("{v:.decimals$}");
    match text.split_once('.') {
        Some((whole, frac)) => {
            let whole: f64 = whole.parse().unwrap_or(0.0);
            let sign = if v < 0.0 && whole == 0.0 { "-" } else { "" };
            format!("{sign}{}.{frac}", format::thousands(whole))
        }
        None => format::thousands(v),
    }
}

/// A value in `unit` for people, scaled to a readable unit.
pub fn show(v: f64, unit: &str, currency: &str) -> String {
    match unit {
        MONEY => {
            let prefix = format::currency_prefix(currency);
            let sign = if v < 0.0 { "-" } else { "" };
            let a = v.abs();
            if a >= 100.0 || a == 0.0 {
                let cents = format!("{a:.2}");
                let (whole, frac) = cents.split_once('.').unwrap_or((&cents, "00"));
                format!("{sign}{prefix}{}.{frac}", format::thousands(whole.parse().unwrap_or(0.0)))
            } else if a < 1e-4 {
                format!("{sign}{prefix}{}", figures(a))
            } else {
                // Prices keep their published digits: $6.88, $0.023, $0.5619.
                let text = format!("{a:.4}");
                let trimmed = text.trim_end_matches('0');
                let decimals = trimmed.split_once('.').map_or(0, |(_, f)| f.len());
                format!("{sign}{prefix}{trimmed}{}", "0".repeat(2usize.saturating_sub(decimals)))
            }
        }
        "fraction" => format!("{}%", figures(v * 100.0)),
        "s" if v.abs() < 1.0 => format!("{} ms", figures(v * 1000.0)),
        "B" if v.abs() >= 1e9 => format!("{} GB", figures(v / 1e9)),
        "B" if v.abs() >= 1e6 => format!("{} MB", figures(v / 1e6)),
        "B/s" => format!("{} TB/s", figures(v / 1e12)),
        "FLOP/s" => format!("{} TFLOP/s", figures(v / 1e12)),
        "params" => format!("{} B params", figures(v / 1e9)),
        "×" => format!("{}×", figures(v)),
        "" => figures(v),
        other => format!("{} {other}", figures(v)),
    }
}

/// `text` indented under a step, wrapped.
fn block(text: &str) -> String {
    format!("{INDENT}{}", wrap(text, WIDTH - INDENT.len(), CONTINUED))
}

/// `P_active = 70.55 B params, T_in = 1,000 tokens`.
fn terms(e: &Explanation, step: &Step) -> String {
    step.terms
        .iter()
        .map(|(sym, v)| format!("{sym} = {}", show(*v, e.term_unit(sym), &e.currency)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the explanation is of, and the median-trial note.
fn preamble(e: &Explanation) -> Vec<String> {
    let mut lines = vec![
        format!(
            "{} ({}, {}{})",
            e.name,
            e.provider,
            e.gpu,
            e.offer.as_ref().map_or(String::new(), |o| format!(", offer {o}"))
        ),
        format!("scenario: {} · {} · money in {}", e.scenario, e.file, e.currency),
    ];
    for arg in &e.overrides {
        lines.push(format!("with --set {arg}"));
    }
    if let Some(m) = e.metric {
        lines.push(format!("steps that {m} depends on"));
    }
    if e.median_trial {
        lines.push(
            "This is the median trial: every uncertain input at its median (as `run --point`). The Monte Carlo \
             median of a result differs, because results are not linear in the inputs; `run` gives percentiles."
                .into(),
        );
    }
    lines
}

/// The closing line: the total, or why the provider is infeasible.
fn conclusion(e: &Explanation) -> String {
    match (&e.infeasible, e.monthly_cost) {
        (Some(reason), _) => format!("Infeasible: {reason}. The steps above are those computed before it stopped."),
        (None, Some(total)) => {
            let lines: Vec<String> =
                e.cost_lines().filter(|l| l.value != 0.0).map(|l| show(l.value, MONEY, &e.currency)).collect();
            format!("Monthly cost = {} = {}", lines.join(" + "), show(total, MONEY, &e.currency))
        }
        (None, None) => String::new(),
    }
}

/// The terminal listing.
pub fn write_table(e: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    for line in preamble(e) {
        writeln!(out, "{}", wrap(&line, WIDTH, ""))?;
    }
    let mut section = "";
    for step in &e.steps {
        if step.section != section {
            section = step.section;
            writeln!(out, "\n{}", section.to_uppercase())?;
        }
        let value = show(step.value, step.unit, &e.currency);
        let head = format!("  {:<13} {}", step.symbol, step.name);
        writeln!(out, "{head:<78} {value:>18}")?;
        writeln!(out, "{}", block(&format!("= {}   ({MODEL_DOC}#{})", step.formula, step.anchor)))?;
        if !step.terms.is_empty() {
            writeln!(out, "{}", block(&format!("with {}", terms(e, step))))?;
        }
    }
    writeln!(out, "\n{}", wrap(&conclusion(e), WIDTH, "  "))?;
    writeln!(out, "\nINPUTS (where each came from)")?;
    for r in &e.inputs {
        let median = if r.uncertain { " (median)" } else { "" };
        let value = show(r.value, r.unit, &e.currency);
        writeln!(out, "  {:<13} {:<44} {:>24}{median}", r.symbol, r.meaning, value)?;
        writeln!(out, "{}", block(&format!("from {} {}", r.from, r.location)))?;
        if !r.source.is_empty() {
            writeln!(out, "{}", block(&format!("source: {} (as of {})", r.source, r.as_of)))?;
        }
    }
    Ok(())
}

/// Escapes `|` for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A Markdown block a memo can quote: steps and inputs as tables.
pub fn write_markdown(e: &Explanation, heading: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{heading} How the {} figure is computed\n", e.name)?;
    for line in preamble(e) {
        writeln!(out, "{line}  ")?;
    }
    writeln!(out)?;
    writeln!(out, "| step | what | formula | with | value | {MODEL_DOC} |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for s in &e.steps {
        writeln!(
            out,
            "| `{}` | {} | `{}` | {} | {} | #{} |",
            s.symbol,
            cell(s.name),
            cell(s.formula),
            cell(&terms(e, s)),
            show(s.value, s.unit, &e.currency),
            s.anchor
        )?;
    }
    writeln!(out, "\n{}\n", conclusion(e))?;
    writeln!(out, "| input | what | value | from | source | as of |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for r in &e.inputs {
        let median = if r.uncertain { " (median)" } else { "" };
        writeln!(
            out,
            "| `{}` | {} | {}{median} | {} {} | {} | {} |",
            r.symbol,
            cell(r.meaning),
            show(r.value, r.unit, &e.currency),
            r.from,
            cell(&r.location),
            cell(&r.source),
            r.as_of
        )?;
    }
    Ok(())
}

/// JSON.
/// Writes the explanation as CSV: a row per step (`kind` `step`: section, symbol, name, formula, the values
/// substituted, value, unit, the MODEL.md anchor) then a row per input (`kind` `input`: symbol, meaning,
/// value, unit, origin, where, source, as_of). Values are plain numbers in `unit`, money in the currency.
pub fn write_csv(e: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header = [
        "provider",
        "kind",
        "section",
        "symbol",
        "name",
        "formula",
        "substituted",
        "value",
        "unit",
        "from",
        "where",
        "source",
        "as_of",
    ];
    w.write_record(header)?;
    let unit = |u: &str| if u == MONEY { e.currency.clone() } else { u.to_string() };
    for s in &e.steps {
        let substituted: Vec<String> = s.terms.iter().map(|(sym, v)| format!("{sym} = {v}")).collect();
        w.write_record([
            e.provider.as_str(),
            "step",
            s.section,
            s.symbol,
            s.name,
            s.formula,
            &substituted.join("; "),
            &s.value.to_string(),
            &unit(s.unit),
            "",
            s.anchor,
            "",
            "",
        ])?;
    }
    for i in &e.inputs {
        w.write_record([
            e.provider.as_str(),
            "input",
            "",
            i.symbol,
            i.meaning,
            "",
            "",
            &i.value.to_string(),
            &unit(i.unit),
            &i.from,
            &i.location,
            &i.source,
            &i.as_of,
        ])?;
    }
    w.flush()
}

/// Writes the explanation as JSON.
pub fn write_json(e: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, e)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_in_scaled_units() {
        assert_eq!(show(34_064.9, MONEY, "USD"), "$34,064.90");
        assert_eq!(show(0.08912, "s", "USD"), "89.120 ms");
        assert_eq!(show(7.1304, "s", "USD"), "7.1304 s");
        assert_eq!(show(141.1e9, "B", "USD"), "141.10 GB");
        assert_eq!(show(989.5e12, "FLOP/s", "USD"), "989.50 TFLOP/s");
        assert_eq!(show(0.4, "fraction", "USD"), "40%");
        assert_eq!(show(4951.3, "GPU-h", "USD"), "4,951.3 GPU-h");
        assert_eq!(show(70.55e9, "params", "USD"), "70.550 B params");
        assert_eq!(show(-1234.5, MONEY, "EUR"), "-€1,234.50");
        assert_eq!(show(0.023, MONEY, "USD"), "$0.023");
        assert_eq!(show(6.88, MONEY, "USD"), "$6.88");
        assert_eq!(show(2.3e-5, "failures/GPU-h", "USD"), "2.3e-5 failures/GPU-h");
    }
}
