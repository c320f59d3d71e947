//! Overlaid cumulative distributions of monthly cost: for each provider, the share of trials at or below
//! each cost. Colour marks the kind; the dash pattern tells providers of one kind apart. The legend sits
//! outside the plot, where no curve can run under it, and lists infeasible providers as such.

use super::axis;
use super::bars::LOG_SPAN;
use super::lines;
use super::theme::{self, Frame, Size};
use super::units::Units;
use crate::catalog::ProviderKind;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// One provider's curve: its cost at the 1st…99th percentile.
#[derive(Debug, Clone)]
pub struct Curve {
    /// Provider id.
    pub label: String,
    /// Its kind.
    pub kind: ProviderKind,
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
    let legend_width = lines::legend_width(&area, &labels, size);
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

/// Draws each curve, and the legend to the right of the plot.
fn lines<DB: DrawingBackend, X: Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, RangedCoordf64>>,
    curves: &[Curve],
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let pens = lines::pens(&curves.iter().map(|c| c.kind).collect::<Vec<_>>());
    let mut entries = Vec::new();
    for (curve, pen) in curves.iter().zip(pens) {
        let Some(quantiles) = &curve.quantiles else {
            entries.push((legend_label(curve), None));
            continue;
        };
        let points: Vec<(f64, f64)> = quantiles.iter().enumerate().map(|(i, q)| (*q, (i + 1) as f64)).collect();
        lines::draw_line(chart, points, pen, size)?;
        entries.push((curve.label.clone(), Some(pen)));
    }
    let (right, top) = chart.backend_coord(&(chart.x_range().end, 100.0));
    lines::draw_legend(root, &entries, (right + size.px(24.0), top + size.px(8.0)), size)
}
