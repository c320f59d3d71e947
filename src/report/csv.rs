//! summary.csv (one row per provider, statistics as columns) and breakdown.csv (cost lines).
//! Money columns carry the currency in their name; fractions stay fractions.

use crate::analysis::Results;
use crate::model::CostBreakdown;
use crate::sim::Metric;
use std::io::{self, Write};

fn finite(v: f64) -> String {
    if v.is_finite() { format!("{v}") } else { String::new() }
}

fn column_stem(metric: Metric, currency: &str) -> String {
    if metric.is_money() { format!("{}_{}", metric.name(), currency.to_lowercase()) } else { metric.name().to_string() }
}

/// Writes summary.csv.
pub fn write_summary(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let cur = &results.scenario.currency;
    let mut header: Vec<String> = [
        "id",
        "name",
        "kind",
        "gpu",
        "offer",
        "samples",
        "seed",
        "feasible",
        "p_feasible",
        "infeasible_reason",
        "p_slo_met",
        "p_margin_improves",
        "p_cheapest",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    for m in Metric::ALL {
        for stat in ["mean", "sd", "p5", "p25", "p50", "p75", "p95"] {
            header.push(format!("{}_{stat}", column_stem(m, cur)));
        }
    }
    w.write_record(&header)?;
    for p in &results.providers {
        let opt = |v: Option<f64>| v.map_or(String::new(), finite);
        let mut row = vec![
            p.id.clone(),
            p.name.clone(),
            p.kind.to_string(),
            p.gpu.clone().unwrap_or_default(),
            p.offer.clone().unwrap_or_default(),
            results.scenario.samples.to_string(),
            results.scenario.seed.to_string(),
            p.feasible.to_string(),
            finite(p.p_feasible),
            p.infeasible_reason.clone().unwrap_or_default(),
            opt(p.p_slo_met),
            opt(p.p_margin_improves),
            finite(p.p_cheapest),
        ];
        for m in Metric::ALL {
            match p.metrics.as_ref().and_then(|ms| ms.get(m)) {
                Some(s) => row.extend([s.mean, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95].map(finite)),
                None => row.extend(std::iter::repeat_n(String::new(), 7)),
            }
        }
        w.write_record(&row)?;
    }
    w.flush()
}

/// Writes breakdown.csv: mean monthly cost by line.
pub fn write_breakdown(results: &Results, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let cur = results.scenario.currency.to_lowercase();
    let mut header: Vec<String> =
        ["id", "name", "kind", "samples", "seed", "feasible"].iter().map(ToString::to_string).collect();
    header.extend(CostBreakdown::LINES.iter().map(|l| format!("{l}_{cur}")));
    header.push(format!("total_{cur}"));
    w.write_record(&header)?;
    for p in &results.providers {
        let s = &results.scenario;
        let mut row = vec![
            p.id.clone(),
            p.name.clone(),
            p.kind.to_string(),
            s.samples.to_string(),
            s.seed.to_string(),
            p.feasible.to_string(),
        ];
        match &p.breakdown {
            Some(b) => {
                row.extend(b.values().map(finite));
                row.push(finite(b.total()));
            }
            None => row.extend(std::iter::repeat_n(String::new(), CostBreakdown::LINES.len() + 1)),
        }
        w.write_record(&row)?;
    }
    w.flush()
}
