//! The charts of the memo: everything `render_all` draws from one run's [`Results`].

use super::style::{self, Look};
use super::theme::{Frame, Key};
use super::units::Units;
use super::{Chart, ChartError, Draw, Size, bars, breakdown, bridge, cdf, frame_for, latency, render};
use crate::analysis::ways::Way;
use crate::analysis::{ProviderResult, Results};
use crate::base::format;
use crate::sim::Metric;
use crate::sim::Stats;
use plotters::coord::Shift;
use plotters::prelude::*;

impl Draw for bars::Bars {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        bars::draw(root, self, size)
    }
}

struct BreakdownChart {
    frame: Frame,
    x_title: String,
    rows: Vec<breakdown::Row>,
    units: Units,
}

impl Draw for BreakdownChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        breakdown::draw(root, &self.frame, &self.x_title, &self.rows, &self.units, size)
    }
}

struct LatencyChart {
    frame: Frame,
    panels: Vec<latency::Panel>,
}

impl Draw for LatencyChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        latency::draw(root, &self.frame, &self.panels, size)
    }
}

struct CdfChart {
    frame: Frame,
    x_title: String,
    curves: Vec<cdf::Curve>,
    units: Units,
}

impl Draw for CdfChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        cdf::draw(root, &self.frame, &self.x_title, &self.curves, &self.units, size)
    }
}

struct BridgeChart {
    frame: Frame,
    bridge: crate::model::MarginBridge,
}

impl Draw for BridgeChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        bridge::draw(root, &self.frame, &self.bridge, size)
    }
}

// How to read each chart: the memo prints these under the images.
const COST_CAPTION: &str = "Median monthly cost per provider, cheapest first; whiskers span the 5th to the 95th percentile \
of the trials. Each provider keeps its colour on every chart; the mark before its name says how it gets \
the work done (circle: rents on a cloud, triangle: on a marketplace or network, square: owns the GPUs, \
diamond: buys tokens). Infeasible providers keep their row with the reason; a fleet larger than the \
16,384 GPUs Meta pretrained Llama 3 405B on is marked impractical.";
const BREAKDOWN_CAPTION: &str = "Median monthly cost, as on the cost chart, split into compute, verification, privacy, failures, \
egress, storage and fees in the shares the lines take of the mean (means add up, medians do not); the label gives \
the total and the share spent beyond compute. A bar more than ten times the next is drawn off the scale.";
const LATENCY_CAPTION: &str = "Latency over the trials: boxes span the 25th–75th percentile, whiskers the 5th–95th, the thick \
line is the median; dashed lines are the objectives. A panel switches to a log axis when its \
values span more than 30×.";
const WALL_CLOCK_CAPTION: &str = "Median wall-clock of one training run, failures and restarts included, with the 5th–95th \
percentile of the trials.";
const CDF_CAPTION: &str = "Share of trials at or below each monthly cost: a curve further left is cheaper, a steeper one \
more certain; where two curves cross, neither provider is cheaper in every case.";
const MARGIN_CAPTION: &str = "Operating margin at full adoption per provider (median, 5th–95th percentile); the dashed line \
is the margin before AI.";
const MARGIN_BOTH_CAPTION: &str = "Operating margin at full adoption per provider: the bar and whisker under the scenario's \
savings preset (median, 5th–95th percentile), the hollow mark and thin grey whisker under the other preset, on the same \
trials; the dashed line is the margin before AI. The gap between the two is what the savings claim is worth.";
const BRIDGE_CAPTION: &str = "Each step is a mean over the trials, so the steps add up.";

/// Provider rows in the comparison's order: feasible ones cheapest first, then infeasible ones.
fn ordered(results: &Results) -> Vec<&ProviderResult> {
    let mut rows = results.ranked();
    rows.extend(results.providers.iter().filter(|p| !p.feasible));
    rows
}

fn stats(p: &ProviderResult, metric: Metric) -> Option<&Stats> {
    p.metrics.as_ref().and_then(|m| m.get(metric))
}

fn note(p: &ProviderResult) -> Option<String> {
    (!p.feasible).then(|| format!("infeasible: {}", p.infeasible_reason.as_deref().unwrap_or("unknown")))
}

/// The GPUs of `p`'s fleet at the busiest hour at the point inputs (`None` for a token API).
fn peak_gpus(p: &ProviderResult) -> Option<f64> {
    p.detail.as_ref().map(|d| d.replicas_peak as f64 * d.gpus_per_replica as f64)
}

/// "impractical: 62,981 GPUs at peak" for a fleet larger than [`IMPRACTICAL_FLEET_GPUS`].
fn impractical(p: &ProviderResult) -> Option<String> {
    peak_gpus(p)
        .filter(|g| *g > IMPRACTICAL_FLEET_GPUS)
        .map(|g| format!("impractical: {} GPUs at peak", format::thousands(g)))
}

/// A fleet above this many GPUs is marked impractical on the charts: more than Meta used to pretrain
/// Llama 3 405B, 16,384 H100s (Llama Team, The Llama 3 Herd of Models, arXiv:2407.21783, 2024).
pub const IMPRACTICAL_FLEET_GPUS: f64 = 16_384.0;

/// Every chart `results` supports, in memo order; `other_preset` is the same run under the other savings
/// preset, drawn beside it on the margin chart.
pub fn render_all(results: &Results, other_preset: Option<&Results>, size: Size) -> Result<Vec<Chart>, ChartError> {
    // A payback that never comes is infinite by design; the charts show it as "never".
    let drawn = results.providers.iter().flat_map(|p| {
        let metrics = p.metrics.iter().flat_map(|m| &m.0).filter(|(m, _)| *m != Metric::PaybackMonths);
        let stats = metrics.filter_map(|(_, s)| *s).flat_map(|s| [s.mean, s.p5, s.p25, s.p50, s.p75, s.p95]);
        let lines = p.breakdown.iter().flat_map(|b| b.values());
        let bridge = p.margin_bridge.iter().flat_map(|b| b.values().into_iter().chain([b.before]));
        let quantiles = p.monthly_cost_quantiles.iter().flatten().copied();
        stats.chain(lines).chain(bridge).chain(quantiles)
    });
    super::finite("the memo's charts", drawn)?;
    let run = &results.scenario;
    let sym = format::currency_prefix(&run.currency).trim().to_string();
    let money = Units::Money(run.currency.clone());
    let bands = if run.samples > 1 { " · median, whiskers from the 5th to the 95th percentile" } else { "" };
    let frame = |title: &str, extra: &str, legend: Vec<Key>| frame_for(run, title, extra, legend);
    let rows = ordered(results);
    let ways: Vec<Way> = results.providers.iter().map(Way::of).collect();
    let looks = style::looks(&ways);
    let look =
        |p: &ProviderResult| -> Look { looks[results.providers.iter().position(|q| q.id == p.id).unwrap_or_default()] };
    let kind_legend = || style::way_keys(&ways);
    let bar_rows = |metric: Metric| -> Vec<bars::Row> {
        rows.iter()
            .map(|p| bars::Row {
                label: p.label.clone(),
                look: look(p),
                band: stats(p, metric).map(|s| (s.p5, s.p50, s.p95)),
                second: None,
                note: note(p),
                flag: impractical(p),
            })
            .collect()
    };
    let mut charts = Vec::new();

    // A training workload without runs_per_month is priced per run: every cost chart says so.
    let basis = if run.per_run { "cost per run" } else { "monthly cost" };
    let per_basis = |text: &str| text.replace("monthly cost", basis);
    let cost = bars::Bars {
        frame: frame(if run.per_run { "Cost per run" } else { "Monthly cost" }, bands, kind_legend()),
        x_title: format!("{basis} ({})", run.currency),
        rows: bar_rows(results.headline_cost()),
        units: money.clone(),
        reference: None,
    };
    charts.push(render("cost", &cost.frame, per_basis(COST_CAPTION), &cost, size)?);

    let unit = bars::Bars {
        frame: frame(&format!("Cost per {}", run.unit), bands, kind_legend()),
        x_title: format!("{sym} per {} ({})", run.unit, run.currency),
        rows: bar_rows(Metric::CostPerUnit),
        units: money.clone(),
        reference: None,
    };
    charts.push(render(
        "unit-cost",
        &unit.frame,
        format!("Median cost per {} per provider, with the 5th–95th percentile of the trials.", run.unit),
        &unit,
        size,
    )?);

    // The same statistic as the cost chart: each line's share of the mean, scaled to the median total.
    let at_median = |p: &ProviderResult| {
        let median = stats(p, results.headline_cost()).map(|s| s.p50)?;
        p.breakdown.map(|b| {
            let total = b.total();
            let k = if total > 0.0 { median / total } else { 0.0 };
            b.map(|v| v * k)
        })
    };
    let breakdown = BreakdownChart {
        frame: frame("Where the money goes", &format!(" · median {basis} by line"), kind_legend()),
        x_title: format!("median {basis} ({})", run.currency),
        rows: rows
            .iter()
            .map(|p| breakdown::Row {
                label: p.label.clone(),
                look: look(p),
                lines: at_median(p),
                note: note(p),
                flag: impractical(p),
            })
            .collect(),
        units: money.clone(),
    };
    charts.push(render("breakdown", &breakdown.frame, per_basis(BREAKDOWN_CAPTION), &breakdown, size)?);

    if rows.iter().any(|p| stats(p, Metric::TtftP95Ms).is_some()) {
        let panel = |heading: &str, metric: Metric, objective: Option<f64>| latency::Panel {
            heading: heading.to_string(),
            rows: rows
                .iter()
                .map(|p| latency::Row { label: p.label.clone(), look: look(p), stats: stats(p, metric).copied() })
                .collect(),
            objective,
        };
        let chart = LatencyChart {
            frame: frame("Latency", " · boxes: 25th–75th, whiskers: 5th–95th percentile of the trials", kind_legend()),
            panels: vec![
                panel("time to first token (p95)", Metric::TtftP95Ms, run.objectives.ttft_p95_ms),
                panel("time per output token (p95)", Metric::TpotP95Ms, run.objectives.tpot_ms),
                panel("end-to-end (p95)", Metric::LatencyE2eP95Ms, run.objectives.e2e_p95_ms),
            ],
        };
        charts.push(render("latency", &chart.frame, LATENCY_CAPTION.into(), &chart, size)?);
    }
    if rows.iter().any(|p| stats(p, Metric::WallClockHours).is_some()) {
        let chart = bars::Bars {
            frame: frame("Wall-clock per run", bands, kind_legend()),
            x_title: "wall-clock of one run (hours)".into(),
            rows: bar_rows(Metric::WallClockHours),
            units: Units::Hours,
            reference: None,
        };
        charts.push(render("wall-clock", &chart.frame, WALL_CLOCK_CAPTION.into(), &chart, size)?);
    }
    // The margin charts, when there is a business: per provider, then the bridge on the cheapest.
    if let Some((best, bridge)) = results.ranked().first().and_then(|p| p.margin_bridge.map(|b| (*p, b))) {
        let before = bridge.before;
        let presets =
            run.savings_preset.as_deref().zip(other_preset.and_then(|o| o.scenario.savings_preset.as_deref()));
        let mut margin_rows = bar_rows(Metric::MarginAfter);
        if let Some(other) = other_preset {
            // Bar rows follow `rows`, provider for provider.
            for (row, p) in margin_rows.iter_mut().zip(&rows) {
                let theirs = other.providers.iter().find(|q| q.id == p.id);
                row.second = theirs.and_then(|q| stats(q, Metric::MarginAfter)).map(|s| (s.p5, s.p50, s.p95));
            }
        }
        let (title, extra) = match presets {
            Some((here, there)) => (
                "Operating margin after AI, under both savings presets".to_string(),
                format!("{bands} · bars: {here} savings, hollow marks: {there}"),
            ),
            None => ("Operating margin after AI".to_string(), bands.to_string()),
        };
        let chart = bars::Bars {
            frame: frame(&title, &extra, kind_legend()),
            x_title: "operating margin at full adoption (% of revenue)".into(),
            rows: margin_rows,
            units: Units::Percent,
            reference: Some((before, format!("before AI {}", format::percent(before)))),
        };
        let caption = if presets.is_some() { MARGIN_BOTH_CAPTION } else { MARGIN_CAPTION };
        charts.push(render("margin", &chart.frame, caption.into(), &chart, size)?);
        let on = format!("on {} ({}), the cheapest at p50", best.id, best.kind.as_str());
        let chart = BridgeChart {
            frame: frame(
                "Margin bridge",
                &format!(" · means over the trials · {on}"),
                bridge::legend().into_iter().map(Key::from).collect(),
            ),
            bridge,
        };
        let caption = format!("From the margin before AI to the margin after, {on}. {BRIDGE_CAPTION}");
        charts.push(render("margin-bridge", &chart.frame, caption, &chart, size)?);
    }

    let curves: Vec<cdf::Curve> = rows
        .iter()
        .map(|p| cdf::Curve { label: p.label.clone(), look: look(p), quantiles: p.monthly_cost_quantiles.clone() })
        .collect();
    let cdf = CdfChart {
        frame: frame(
            &format!("Distribution of {basis}"),
            " · each curve runs from the 1st to the 99th percentile",
            kind_legend(),
        ),
        x_title: format!("{basis} ({})", run.currency),
        curves,
        units: money,
    };
    charts.push(render("cost-cdf", &cdf.frame, per_basis(CDF_CAPTION), &cdf, size)?);
    Ok(charts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::scenario;

    fn charts_of(file: &str) -> Vec<Chart> {
        let catalog = Catalog::builtin().unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(file);
        let s = scenario::load(&path, &catalog).unwrap();
        render_all(&crate::analysis::point(&s, &catalog), None, Size { width: 800, height: 500 }).unwrap()
    }

    #[test]
    fn each_workload_gets_its_charts_and_every_name_is_known() {
        let names = |charts: Vec<Chart>| charts.into_iter().map(|c| c.name).collect::<Vec<_>>();
        let chat = names(charts_of("chat-assistant.toml"));
        assert_eq!(chat, ["cost", "unit-cost", "breakdown", "latency", "margin", "margin-bridge", "cost-cdf"]);
        let training = names(charts_of("fine-tune.toml"));
        assert!(training.iter().any(|n| n == "wall-clock") && !training.iter().any(|n| n == "latency"), "{training:?}");
        let batch = names(charts_of("batch-gpu-hours.toml"));
        assert_eq!(batch, ["cost", "unit-cost", "breakdown", "cost-cdf"]);
        for name in chat.iter().chain(&training).chain(&batch) {
            assert!(
                super::super::NAMES.contains(&name.as_str()),
                "{name} is not in NAMES: a rerun would not clean it up"
            );
        }
    }

    #[test]
    fn a_value_that_is_not_finite_is_refused_before_plotters_sees_it() {
        // Plotters loops forever on a NaN range and panics on an infinite one (issue 13).
        let catalog = Catalog::builtin().unwrap();
        let s = scenario::flagship(&catalog).unwrap();
        for bad in [f64::NAN, f64::INFINITY] {
            let mut results = crate::analysis::point(&s, &catalog);
            results.providers[2].breakdown.as_mut().unwrap().compute = bad;
            let err = render_all(&results, None, Size { width: 800, height: 500 }).unwrap_err();
            assert!(err.to_string().contains("not a finite number"), "{err}");
        }
    }

    #[test]
    fn point_estimates_say_so_in_the_subtitle() {
        let charts = charts_of("chat-assistant.toml");
        assert!(charts[0].svg.contains("point estimate (every input at its median)"));
        assert!(!charts[0].svg.contains("whiskers"), "a point estimate has no whiskers to explain");
    }
}
