//! The side-by-side comparison as rows of text, and the notes under it. The terminal table and the Markdown
//! table render the same grid, so they cannot drift apart.

use super::format;
use crate::analysis::{Metric, ProviderResult, Results, Stats};
use crate::warning::Warning;

/// Header, rows and alignment of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column titles, with units.
    pub header: Vec<String>,
    /// One row per provider: feasible cheapest first, then infeasible.
    pub rows: Vec<Vec<String>>,
    /// Whether each column is right-aligned (numbers).
    pub numeric: Vec<bool>,
}

struct Column {
    title: String,
    numeric: bool,
    cell: Box<dyn Fn(&ProviderResult) -> String>,
}

/// A metric cell: the value, or `p50 (p5–p95)` when the trials spread.
pub fn stat_cell(stats: Option<&Stats>, fmt: &dyn Fn(f64) -> String) -> String {
    match stats {
        None => "—".into(),
        Some(s) if s.p5 == s.p95 => fmt(s.p50),
        Some(s) => format!("{} ({}–{})", fmt(s.p50), fmt(s.p5), fmt(s.p95)),
    }
}

fn metric_column(title: &str, metric: Metric, fmt: fn(f64, &str) -> String, currency: &str) -> Column {
    let currency = currency.to_string();
    Column {
        title: title.to_string(),
        numeric: true,
        cell: Box::new(move |p| {
            if !p.feasible {
                return if metric == Metric::MonthlyCost { "infeasible".into() } else { "—".into() };
            }
            let stats = p.metrics.as_ref().and_then(|m| m.get(metric));
            stat_cell(stats, &|v| fmt(v, &currency))
        }),
    }
}

/// "4× H100 SXM5 80GB": GPUs per replica (or per run) and the GPU without vendor words.
fn replica(p: &ProviderResult) -> String {
    let gpu = &p.gpu_short;
    match p.detail.map(|d| d.gpus_per_replica) {
        Some(g) if g > 0 => format!("{g}× {gpu}"),
        _ => gpu.to_string(),
    }
}

fn has(results: &Results, metric: Metric) -> bool {
    results.providers.iter().any(|p| p.metrics.as_ref().and_then(|m| m.get(metric)).is_some())
}

/// The comparison grid of `results`.
pub fn comparison(results: &Results) -> Grid {
    let cur = results.scenario.currency.as_str();
    let sym = format::currency_prefix(cur).trim().to_string();
    let unit = results.scenario.unit;
    let mut columns = vec![
        Column { title: "Provider".into(), numeric: false, cell: Box::new(|p| p.id.clone()) },
        Column { title: "Kind".into(), numeric: false, cell: Box::new(|p| p.kind.to_string()) },
        Column { title: "GPUs".into(), numeric: false, cell: Box::new(replica) },
        metric_column(&format!("{sym}/month"), Metric::MonthlyCost, format::money, cur),
        metric_column(&format!("{sym}/{unit}"), Metric::CostPerUnit, format::money, cur),
        metric_column("GPU-h/month", Metric::GpuHours, |v, _| format::number(v), cur),
    ];
    if has(results, Metric::WallClockHours) {
        columns.push(metric_column("Wall-clock", Metric::WallClockHours, |v, _| format::hours(v), cur));
    }
    if has(results, Metric::TtftP95Ms) {
        columns.push(metric_column("TTFT p95", Metric::TtftP95Ms, |v, _| format::millis(v), cur));
        columns.push(metric_column("E2E p95", Metric::LatencyE2eP95Ms, |v, _| format::millis(v), cur));
        columns.push(metric_column("TPOT", Metric::TpotMs, |v, _| format::millis(v), cur));
        columns.push(Column {
            title: "SLO".into(),
            numeric: false,
            cell: Box::new(|p| match p.slo_met {
                Some(true) => "met".into(),
                Some(false) => "MISSED".into(),
                None => "—".into(),
            }),
        });
    }
    if has(results, Metric::MarginAfter) {
        columns.push(metric_column("Margin after", Metric::MarginAfter, |v, _| format::percent(v), cur));
        columns.push(metric_column("Δ margin", Metric::MarginImprovementPp, |v, _| format::pp(v), cur));
        columns.push(metric_column("Payback", Metric::PaybackMonths, |v, _| format::months(v), cur));
    }
    let ranked = results.ranked();
    let cheapest = ranked.first().map(|p| p.id.clone());
    columns.push(Column {
        title: String::new(),
        numeric: false,
        cell: Box::new(move |p| if Some(&p.id) == cheapest.as_ref() { "◀ cheapest".into() } else { String::new() }),
    });
    let mut order: Vec<&ProviderResult> = ranked;
    order.extend(results.providers.iter().filter(|p| !p.feasible));
    Grid {
        header: columns.iter().map(|c| c.title.clone()).collect(),
        rows: order.iter().map(|p| columns.iter().map(|c| (c.cell)(p)).collect()).collect(),
        numeric: columns.iter().map(|c| c.numeric).collect(),
    }
}

/// The sentences under the table: verdict, objectives, infeasible providers, caveats, legend.
pub fn notes(results: &Results) -> Vec<String> {
    let cur = results.scenario.currency.as_str();
    let mut notes = Vec::new();
    let ranked = results.ranked();
    if let Some(best) = ranked.first() {
        let m = best.metrics.as_ref();
        let cost = m.and_then(|m| m.get(Metric::MonthlyCost)).map_or(f64::NAN, |s| s.p50);
        let unit = m.and_then(|m| m.get(Metric::CostPerUnit)).map_or(f64::NAN, |s| s.p50);
        notes.push(format!(
            "Cheapest: {} ({}) at {}/month, {} per {}.",
            best.id,
            best.kind,
            format::money(cost, cur),
            format::money(unit, cur),
            results.scenario.unit
        ));
    } else {
        notes.push("No provider can run this workload.".into());
    }
    let with_slo: Vec<&ProviderResult> = results.providers.iter().filter(|p| p.slo_met.is_some()).collect();
    if !with_slo.is_empty() {
        let missed: Vec<&str> = with_slo.iter().filter(|p| p.slo_met == Some(false)).map(|p| p.id.as_str()).collect();
        notes.push(if missed.is_empty() {
            format!("Latency objectives met by all {} feasible providers.", with_slo.len())
        } else {
            format!("Latency objectives MISSED by: {}.", missed.join(", "))
        });
    }
    for p in results.providers.iter().filter(|p| !p.feasible) {
        notes.push(format!("{} is infeasible: {}.", p.id, p.infeasible_reason.as_deref().unwrap_or("unknown")));
    }
    let mut thin = Vec::new();
    let all = results.warnings.iter().chain(results.providers.iter().flat_map(|p| p.warnings.iter()));
    for w in all {
        if w.code == "thin_default" {
            thin.push(thin_key(w));
        } else {
            notes.push(format!("Note: {}.", w.message.trim_end_matches('.')));
        }
    }
    if !thin.is_empty() {
        notes.push(format!(
            "Thin evidence behind {} default(s): {} (sources and caveats in results.json and docs/MODEL.md).",
            thin.len(),
            thin.join(", ")
        ));
    }
    notes.push(if results.scenario.samples <= 1 {
        "Point estimate: every input at its single value.".to_string()
    } else {
        format!(
            "{} trials, seed {}: cells show the median (5th–95th percentile).",
            format::thousands(results.scenario.samples as f64),
            results.scenario.seed
        )
    });
    notes
}

/// The key of a thin-default warning (`thin evidence: `key` = ...` → `key`).
fn thin_key(w: &Warning) -> String {
    w.message.split('`').nth(1).unwrap_or(&w.message).to_string()
}

/// One line per provider: id = name (offer), for readers who need the full offer.
pub fn legend(results: &Results) -> Vec<String> {
    results
        .providers
        .iter()
        .map(|p| match &p.offer {
            Some(o) => format!("{} = {} [{}]", p.id, p.name, o),
            None => format!("{} = {}", p.id, p.name),
        })
        .collect()
}
