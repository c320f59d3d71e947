//! The side-by-side comparison as rows of cells, and the notes under it. The terminal table and the
//! Markdown table render the same grid, so they cannot drift apart.

use crate::analysis::{ProviderResult, Results};
use crate::base::format;
use crate::base::warning::Warning;
use crate::catalog::ProviderKind;
use crate::sim::Metric;
use crate::sim::Stats;

/// One cell: the median (or the value) and, when the trials spread, the 5th–95th percentile band.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The median or value.
    pub main: String,
    /// `p5–p95`, when shown.
    pub band: Option<String>,
}

impl Cell {
    /// A cell of plain text, without a band.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell { main: s.into(), band: None }
    }

    /// The cell on one line: `main (band)`.
    pub fn inline(&self) -> String {
        match &self.band {
            Some(b) => format!("{} ({b})", self.main),
            None => self.main.clone(),
        }
    }

    /// The cell on two lines: the band under the median.
    pub fn stacked(&self) -> String {
        match &self.band {
            Some(b) => format!("{}\n{b}", self.main),
            None => self.main.clone(),
        }
    }
}

/// Header, rows and alignment of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column titles, with units.
    pub header: Vec<String>,
    /// One row per provider: feasible cheapest first, then infeasible.
    pub rows: Vec<Vec<Cell>>,
    /// Whether each column is right-aligned (numbers).
    pub numeric: Vec<bool>,
}

struct Column {
    title: String,
    numeric: bool,
    cell: Box<dyn Fn(&ProviderResult) -> Cell>,
}

/// A metric cell: the median, with the p5–p95 band when `band` and the trials spread.
pub fn stat_cell(stats: Option<&Stats>, fmt: &dyn Fn(f64) -> String, band: bool) -> Cell {
    match stats {
        None => Cell::text("—"),
        Some(s) if !band || s.p5 == s.p95 => Cell::text(fmt(s.p50)),
        Some(s) => Cell { main: fmt(s.p50), band: Some(range(&fmt(s.p5), &fmt(s.p95))) },
    }
}

/// `lo–hi` with a shared unit written once: `$7,120`, `$20,204` → `$7,120–20,204`; `+13.3 pp`,
/// `+21.5 pp` → `+13.3–+21.5 pp`.
pub fn range(lo: &str, hi: &str) -> String {
    let prefix = |s: &str| s.chars().take_while(|c| !c.is_ascii_digit() && *c != '+' && *c != '-').count();
    let suffix = |s: &str| s.chars().rev().take_while(|c| !c.is_ascii_digit()).count();
    let (pl, ph) = (prefix(lo), prefix(hi));
    let hi = if pl > 0 && lo.chars().take(pl).eq(hi.chars().take(ph)) {
        hi.chars().skip(ph).collect()
    } else {
        hi.to_string()
    };
    let (sl, sh) = (suffix(lo), suffix(&hi));
    let lo_chars: Vec<char> = lo.chars().collect();
    let hi_chars: Vec<char> = hi.chars().collect();
    let same_suffix = sl > 0 && lo_chars[lo_chars.len() - sl..] == hi_chars[hi_chars.len() - sh..];
    let lo: String = if same_suffix { lo_chars[..lo_chars.len() - sl].iter().collect() } else { lo.to_string() };
    format!("{lo}–{hi}")
}

fn metric_column(title: &str, metric: Metric, fmt: fn(f64, &str) -> String, currency: &str, band: bool) -> Column {
    let currency = currency.to_string();
    Column {
        title: title.to_string(),
        numeric: true,
        cell: Box::new(move |p| {
            if !p.feasible {
                return Cell::text(if metric == Metric::MonthlyCost { "infeasible" } else { "—" });
            }
            stat_cell(p.metrics.as_ref().and_then(|m| m.get(metric)), &|v| fmt(v, &currency), band)
        }),
    }
}

/// "4× H100 SXM5 80GB": GPUs per replica (or per run) and the GPU without vendor words.
fn replica(p: &ProviderResult) -> String {
    let gpus = match p.detail.map(|d| d.gpus_per_replica) {
        Some(g) if g > 0 => format!("{g}× {}", p.gpu_label()),
        _ => p.gpu_label().to_string(),
    };
    // A training run says how it is carried out: what is trained and how its state is split.
    match p.detail.and_then(|d| d.plan) {
        Some(plan) if plan.tensor_parallel > 1 => {
            format!("{gpus} {} {} tp{}", plan.method.as_str(), plan.sharding.as_str(), plan.tensor_parallel)
        }
        Some(plan) => format!("{gpus} {} {}", plan.method.as_str(), plan.sharding.as_str()),
        None => gpus,
    }
}

fn has(results: &Results, metric: Metric) -> bool {
    results.providers.iter().any(|p| p.metrics.as_ref().and_then(|m| m.get(metric)).is_some())
}

/// A probability as a whole percentage, with `<1%` and `>99%` at the ends.
pub fn percent0(p: f64) -> String {
    if p > 0.0 && p < 0.005 {
        "<1%".into()
    } else if p < 1.0 && p > 0.995 {
        ">99%".into()
    } else {
        format!("{:.0}%", 100.0 * p)
    }
}

/// The comparison grid of `results`.
pub fn comparison(results: &Results) -> Grid {
    let cur = results.scenario.currency.as_str();
    let sym = format::currency_prefix(cur).trim().to_string();
    let unit = results.scenario.unit.as_str();
    let sampled = results.scenario.samples > 1;
    let mut columns = vec![
        Column { title: "Provider".into(), numeric: false, cell: Box::new(|p| Cell::text(&p.id)) },
        Column { title: "Kind".into(), numeric: false, cell: Box::new(|p| Cell::text(p.kind.as_str())) },
        Column { title: "GPUs".into(), numeric: false, cell: Box::new(|p| Cell::text(replica(p))) },
    ];
    if !results.scenario.per_run {
        columns.push(metric_column(&format!("{sym}/month"), Metric::MonthlyCost, format::money, cur, true));
    }
    let per_unit = if results.scenario.per_run { format!("{sym}/run") } else { format!("{sym}/{unit}") };
    columns.push(metric_column(&per_unit, Metric::CostPerUnit, format::money, cur, true));
    if sampled {
        columns.push(Column {
            title: "P(cheapest)".into(),
            numeric: true,
            cell: Box::new(|p| Cell::text(if p.feasible { percent0(p.p_cheapest) } else { "—".into() })),
        });
    }
    if has(results, Metric::GpuHours) {
        columns.push(metric_column("GPU-h/month", Metric::GpuHours, |v, _| format::number(v), cur, false));
    }
    if has(results, Metric::GpuHoursPerRun) {
        columns.push(metric_column("GPU-h/run", Metric::GpuHoursPerRun, |v, _| format::number(v), cur, false));
    }
    if has(results, Metric::OutputTokensPerSPerGpu) {
        let tokens = |v: f64, _: &str| format::number(v);
        columns.push(metric_column("tok/s/GPU", Metric::OutputTokensPerSPerGpu, tokens, cur, false));
    }
    if has(results, Metric::WallClockHours) {
        columns.push(metric_column("Wall-clock", Metric::WallClockHours, |v, _| format::hours(v), cur, true));
        columns.push(metric_column("Goodput", Metric::Goodput, |v, _| format::percent(v), cur, false));
    }
    if let Some(days) = results.scenario.deadline_days {
        columns.push(Column {
            title: format!("P(≤{days} d)"),
            numeric: true,
            cell: Box::new(|p| Cell::text(p.p_on_time.map_or_else(|| "—".into(), percent0))),
        });
    }
    if has(results, Metric::TtftP95Ms) {
        columns.push(metric_column("TTFT p95", Metric::TtftP95Ms, |v, _| format::millis(v), cur, false));
        columns.push(metric_column("E2E p95", Metric::LatencyE2eP95Ms, |v, _| format::millis(v), cur, false));
        columns.push(metric_column("TPOT p95", Metric::TpotP95Ms, |v, _| format::millis(v), cur, false));
        columns.push(Column {
            title: if sampled { "P(SLO)".into() } else { "SLO".into() },
            numeric: sampled,
            cell: Box::new(move |p| match (sampled, p.p_slo_met, p.slo_met) {
                (true, Some(share), _) => Cell::text(percent0(share)),
                (false, _, Some(true)) => Cell::text("met"),
                (false, _, Some(false)) => Cell::text("MISSED"),
                _ => Cell::text("—"),
            }),
        });
    }
    if has(results, Metric::MarginAfter) {
        columns.push(metric_column("Margin after", Metric::MarginAfter, |v, _| format::percent(v), cur, false));
        columns.push(metric_column("Δ margin", Metric::MarginImprovementPp, |v, _| format::pp(v), cur, true));
        columns.push(metric_column("Payback", Metric::PaybackMonths, |v, _| format::months(v), cur, false));
    }
    let ranked = results.ranked();
    let cheapest = ranked.first().map(|p| p.id.clone());
    columns.push(Column {
        title: String::new(),
        numeric: false,
        cell: Box::new(move |p| Cell::text(if Some(&p.id) == cheapest.as_ref() { "◀ cheapest" } else { "" })),
    });
    let mut order: Vec<&ProviderResult> = ranked;
    order.extend(results.providers.iter().filter(|p| !p.feasible));
    Grid {
        header: columns.iter().map(|c| c.title.clone()).collect(),
        rows: order.iter().map(|p| columns.iter().map(|c| (c.cell)(p)).collect()).collect(),
        numeric: columns.iter().map(|c| c.numeric).collect(),
    }
}

/// The median of `metric` for `p` (NaN when absent).
pub fn median(p: &ProviderResult, metric: Metric) -> f64 {
    p.metrics.as_ref().and_then(|m| m.get(metric)).map_or(f64::NAN, |s| s.p50)
}

/// The probability that `a` costs less than `b`, from the paired comparisons.
pub fn p_cheaper(results: &Results, a: &str, b: &str) -> Option<(f64, f64)> {
    results.comparisons.iter().find_map(|c| {
        if c.a == a && c.b == b {
            Some((c.p_a_cheaper, c.median_ratio))
        } else if c.a == b && c.b == a {
            Some((1.0 - c.p_a_cheaper, 1.0 / c.median_ratio))
        } else {
            None
        }
    })
}

/// How each feasible training fleet runs (method, sharding, memory, links, availability) and its chance of
/// meeting the deadline.
fn training_notes(results: &Results) -> Vec<String> {
    let mut notes = Vec::new();
    for p in results.providers.iter().filter(|p| p.feasible) {
        let Some(d) = p.detail.filter(|d| d.plan.is_some()) else { continue };
        let plan = d.plan.map(|x| x.to_string()).unwrap_or_default();
        let away = if d.availability < 1.0 {
            format!(", {} of the fleet working on average", format::percent(d.availability))
        } else {
            String::new()
        };
        let links = if d.communication_efficiency < 0.995 {
            format!(
                "; {} of the failure-free run time waits on links",
                format::percent(1.0 - d.communication_efficiency)
            )
        } else {
            String::new()
        };
        notes.push(format!("{}: {plan}; {:.1} GB per GPU{links}{away}.", p.id, d.memory_per_gpu_gb));
    }
    if let Some(days) = results.scenario.deadline_days {
        let late: Vec<String> = results
            .providers
            .iter()
            .filter_map(|p| p.p_on_time.filter(|s| *s < 0.95).map(|s| format!("{} ({})", p.id, percent0(s))))
            .collect();
        if !late.is_empty() {
            notes.push(format!("Finishing within {days} days is not likely for: {}.", late.join(", ")));
        }
    }
    notes
}

/// The sentences under the table: verdict, paired comparison, objectives, infeasible providers, caveats.
pub fn notes(results: &Results) -> Vec<String> {
    let cur = results.scenario.currency.as_str();
    let sampled = results.scenario.samples > 1;
    let mut notes = Vec::new();
    let ranked = results.ranked();
    if let Some(best) = ranked.first() {
        let chance =
            if sampled { format!("; cheapest in {} of trials", percent0(best.p_cheapest)) } else { String::new() };
        if results.scenario.per_run {
            let wall = best.metrics.as_ref().and_then(|m| m.get(Metric::WallClockHours)).map(|s| s.p50);
            notes.push(format!(
                "Cheapest{}: {} ({}) at {} per run, {} wall-clock{chance}.",
                if sampled { " at the median" } else { "" },
                best.id,
                best.kind,
                format::money(median(best, Metric::CostPerUnit), cur),
                wall.map_or_else(|| "—".into(), format::hours),
            ));
        } else {
            notes.push(format!(
                "Cheapest{}: {} ({}) at {}/month, {} per {}{chance}.",
                if sampled { " at the median" } else { "" },
                best.id,
                best.kind,
                format::money(median(best, Metric::MonthlyCost), cur),
                format::money(median(best, Metric::CostPerUnit), cur),
                results.scenario.unit,
            ));
        }
        let centralized = ranked.iter().find(|p| p.kind == ProviderKind::Centralized);
        if let Some(c) = centralized.filter(|c| c.id != best.id)
            && let Some((p, ratio)) = p_cheaper(results, &best.id, &c.id)
        {
            notes.push(if sampled {
                format!(
                    "{} is cheaper than {} (the cheapest centralized cloud) in {} of trials; median cost ratio {:.2}.",
                    best.id,
                    c.id,
                    percent0(p),
                    ratio
                )
            } else {
                format!("{} costs {:.2}× what {} (the cheapest centralized cloud) costs.", best.id, ratio, c.id)
            });
        }
    } else {
        notes.push("No provider can run this workload.".into());
    }
    let with_slo: Vec<&ProviderResult> = results.providers.iter().filter(|p| p.p_slo_met.is_some()).collect();
    if !with_slo.is_empty() {
        let short: Vec<String> = with_slo
            .iter()
            .filter(|p| p.p_slo_met.is_some_and(|s| s < 0.95))
            .map(
                |p| if sampled { format!("{} ({})", p.id, percent0(p.p_slo_met.unwrap_or(0.0))) } else { p.id.clone() },
            )
            .collect();
        notes.push(if short.is_empty() {
            format!("Latency objectives met by all {} feasible providers.", with_slo.len())
        } else if sampled {
            format!("Latency objectives met in fewer than 95% of trials by: {}.", short.join(", "))
        } else {
            format!("Latency objectives MISSED by: {}.", short.join(", "))
        });
    }
    notes.extend(training_notes(results));
    for p in results.providers.iter().filter(|p| !p.feasible) {
        notes.push(format!("{} is infeasible: {}.", p.id, p.infeasible_reason.as_deref().unwrap_or("unknown")));
    }
    let mut thin = Vec::new();
    let all = results.warnings.iter().chain(results.providers.iter().flat_map(|p| p.warnings.iter()));
    for w in all {
        if w.code == crate::base::warning::WarningKind::ThinDefault {
            thin.push(thin_key(w));
        } else if w.code == crate::base::warning::WarningKind::StaleFigure {
            notes.push(format!("Stale price: {}.", w.message.trim_end_matches('.')));
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
    notes.push(if sampled {
        format!(
            "{} trials, seed {}: money and margin cells show the median with the 5th–95th percentile band \
             beneath; other cells show medians.",
            format::thousands(results.scenario.samples as f64),
            results.scenario.seed
        )
    } else {
        "Point estimate: every input at its median.".to_string()
    });
    notes
}

/// The default key a thin-evidence warning names (`thin evidence: `key` = ...` → `key`).
pub fn thin_key(w: &Warning) -> String {
    w.message.split('`').nth(1).unwrap_or(&w.message).to_string()
}

/// The value and the providers a thin-evidence warning names (`` `key` = 0 unit (used by a, b) ``), as
/// `scenario::resolve` writes it; `workload` and `business` stand for the whole scenario.
pub fn thin_use(w: &Warning) -> (Option<f64>, Vec<&str>) {
    let value = w.message.split("` = ").nth(1).and_then(|rest| rest.split(' ').next()).and_then(|v| v.parse().ok());
    let users = w
        .message
        .rsplit_once("(used by ")
        .map(|(_, rest)| rest.trim_end_matches(')').split(", ").collect())
        .unwrap_or_default();
    (value, users)
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

#[cfg(test)]
mod tests {
    use super::range;

    #[test]
    fn a_range_states_its_unit_once() {
        assert_eq!(range("$7,120", "$20,204"), "$7,120–20,204");
        assert_eq!(range("+13.3 pp", "+21.5 pp"), "+13.3–+21.5 pp");
        assert_eq!(range("90 ms", "1.20 s"), "90 ms–1.20 s");
        assert_eq!(range("2.0 mo", "never"), "2.0 mo–never");
        assert_eq!(range("-$1,200", "$3,400"), "-$1,200–$3,400");
    }
}
