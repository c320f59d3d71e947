//! Overlaid cumulative distributions of monthly cost: for each provider, the share of trials at or below
//! each cost, in its look (`style`). Each curve is labelled on itself, its mark at its median: the
//! cheapest at the top, each next one lower down, so labels stagger instead of piling up where every
//! curve ends. Infeasible providers are listed beside the plot.

use super::axis;
use super::bars::LOG_SPAN;
use super::lines;
use super::theme::{self, Frame, Size};
use super::units::Units;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// One provider's curve: its cost at the 1st…99th percentile.
#[derive(Debug, Clone)]
pub struct Curve {
    /// Provider label.
    pub label: String,
    /// Its look.
    pub look: super::style::Look,
    /// Cost at percentiles 1..=99 (`None`: infeasible, listed in the legend only).
    pub quantiles: Option<Vec<f64>>,
}

/// Draws the curves.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    x_title: &str,
    curves: &[Curve],
    units: &Units,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, frame, size)?;
    let all = curves.iter().filter_map(|c| c.quantiles.as_ref()).flatten().copied();
    let (lo, hi) = all.fold((f64::INFINITY, 0.0_f64), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo.is_finite() && hi > lo { (lo, hi) } else { (0.0, hi.max(1.0)) };
    let labels: Vec<String> = curves.iter().map(legend_label).collect();
    let legend_width = lines::legend_width(&area, &labels, size) - size.px(36.0);
    let mut builder = ChartBuilder::on(&area);
    builder
        .x_label_area_size(size.px(56.0))
        .y_label_area_size(size.px(70.0))
        .margin_right(legend_width)
        .margin_top(size.px(10.0));
    if lo > 0.0 && hi / lo > LOG_SPAN {
        let (x0, x1) = axis::log_range(lo / 1.2, hi * 1.2);
        let mut chart = builder.build_cartesian_2d((x0..x1).log_scale(), 0.0..100.0)?;
        let title = axis::log_title(x_title);
        axis::draw_mesh(&mut chart, &mesh(units, &title, 0), size)?;
        let ticks: Vec<(f64, String)> = axis::log_ticks(x0, x1, 9).into_iter().map(|v| (v, units.tick(v))).collect();
        axis::draw_x_ticks(root, &mut chart, &ticks, 14.0, size)?;
        lines(root, &mut chart, curves, size)
    } else {
        let pad = 0.04 * (hi - lo);
        let mut chart = builder.build_cartesian_2d((lo - pad).max(0.0)..hi + pad, 0.0..100.0)?;
        axis::draw_mesh(&mut chart, &mesh(units, x_title, 7), size)?;
        lines(root, &mut chart, curves, size)
    }
}

fn legend_label(curve: &Curve) -> String {
    if curve.quantiles.is_some() { curve.label.clone() } else { format!("{} (infeasible)", curve.label) }
}

fn mesh<'a>(units: &'a Units, x_title: &'a str, x_labels: usize) -> axis::Mesh<'a> {
    let y_title = Some("share of trials at or below (%)");
    axis::Mesh { x_title, x_labels, x_tick: Box::new(|v| units.tick(v)), y_title, font: 16.0 }
}

/// Draws each curve with its mark at the median and its label on it, and the infeasible ones beside.
fn lines<DB: DrawingBackend, X: Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, RangedCoordf64>>,
    curves: &[Curve],
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut drawn: Vec<(&Curve, &Vec<f64>)> = Vec::new();
    let mut infeasible = Vec::new();
    for curve in curves {
        let Some(quantiles) = &curve.quantiles else {
            infeasible.push(legend_label(curve));
            continue;
        };
        let points: Vec<(f64, f64)> = quantiles.iter().enumerate().map(|(i, q)| (*q, (i + 1) as f64)).collect();
        lines::draw_line(chart, points, curve.look, size)?;
        drawn.push((curve, quantiles));
    }
    // Cheapest median first: it takes the highest label, the dearest the lowest.
    // The median of each curve (its 50th of 99 percentiles, or its middle if it has fewer).
    let median = |q: &[f64]| q.get(49).or(q.get(q.len() / 2)).copied().unwrap_or(0.0);
    drawn.retain(|(_, q)| !q.is_empty());
    drawn.sort_by(|a, b| median(a.1).total_cmp(&median(b.1)));
    let n = drawn.len();
    let r = super::style::mark_radius(size);
    let mut at = Vec::with_capacity(n);
    for (k, (_, q)) in drawn.iter().enumerate() {
        let level = if n > 1 { 88.0 - 76.0 * k as f64 / (n - 1) as f64 } else { 70.0 };
        let index = (level.round() as usize).clamp(1, 99) - 1;
        let index = index.min(q.len() - 1);
        at.push(chart.backend_coord(&(q[index], (index + 1) as f64)));
    }
    // Each curve's mark where its label points, on the curve; the label to its right.
    for ((curve, _), (x, y)) in drawn.iter().zip(&at) {
        super::style::draw_mark(root, curve.look.mark, (*x, *y), r, curve.look.color)?;
    }
    let (top, bottom) =
        (chart.backend_coord(&(chart.x_range().start, 100.0)).1, chart.backend_coord(&(chart.x_range().start, 0.0)).1);
    let ys = lines::spread(
        &at.iter().map(|p| p.1).collect::<Vec<_>>(),
        size.px(20.0),
        (top + size.px(8.0), bottom - size.px(8.0)),
    );
    for ((curve, _), ((x, _), y)) in drawn.iter().zip(at.iter().zip(ys)) {
        lines::draw_boxed_label(root, &curve.label, (x + r + size.px(6.0), y), size)?;
    }
    let (right, top) = chart.backend_coord(&(chart.x_range().end, 100.0));
    let entries: Vec<lines::Entry> = infeasible.into_iter().map(|l| (l, None)).collect();
    lines::draw_legend(root, &entries, (right + size.px(24.0), top + size.px(8.0)), size)
}
