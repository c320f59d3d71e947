//! Box plots of per-trial latency (p5, p25, p50, p75, p95 over the trials) for TTFT and end-to-end, with
//! the objectives drawn as lines. A log axis when the values span more than 30×.

use super::axis;
use super::bars::label_width;
use super::theme::{self, Frame, INK, MARK, MUTED, Size};
use crate::base::format;
use crate::sim::Stats;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One provider's latency distribution for one metric.
#[derive(Debug, Clone)]
pub struct Row {
    /// Provider id.
    pub label: String,
    /// Its look.
    pub look: super::style::Look,
    /// Statistics over the trials (`None`: infeasible).
    pub stats: Option<Stats>,
}

/// One panel: a metric, its rows and its objective.
pub struct Panel {
    /// Panel heading.
    pub heading: String,
    /// Rows, top to bottom.
    pub rows: Vec<Row>,
    /// The objective, ms, if one is set.
    pub objective: Option<f64>,
}

/// Draws side-by-side panels of box plots.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    panels: &[Panel],
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, frame, size)?;
    let columns = area.split_evenly((1, panels.len().max(1)));
    for (panel, column) in panels.iter().zip(&columns) {
        draw_panel(root, column, panel, size)?;
    }
    Ok(())
}

/// The unit a panel's axis uses, chosen from its largest value (ms): its name and size in ms.
fn unit(largest_ms: f64) -> (&'static str, f64) {
    if largest_ms < 2_000.0 {
        ("milliseconds", 1.0)
    } else if largest_ms < 120_000.0 {
        ("seconds", 1_000.0)
    } else if largest_ms < 7_200_000.0 {
        ("minutes", 60_000.0)
    } else {
        ("hours", 3_600_000.0)
    }
}

fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let n = panel.rows.len().max(1);
    let values: Vec<f64> =
        panel.rows.iter().filter_map(|r| r.stats).flat_map(|s| [s.p5, s.p95]).chain(panel.objective).collect();
    let lo = values.iter().copied().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(0.0_f64, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > 0.0 { (lo, hi) } else { (1.0, 10.0) };
    let labels: Vec<String> = panel.rows.iter().map(|r| r.label.clone()).collect();
    let mut builder = ChartBuilder::on(area);
    builder
        .x_label_area_size(size.px(56.0))
        .y_label_area_size(label_width(root, &labels, size))
        .margin_right(size.px(16.0))
        .margin_top(size.px(30.0))
        .caption(&panel.heading, theme::bold(size.font(17.0), INK));
    let (name, per) = unit(hi);
    let fmt = move |v: f64| crate::base::format::tick(v / per);
    if hi / lo > 30.0 {
        let (x0, x1) = axis::log_range(lo / 2.5, hi * 2.5);
        let mut chart = builder.build_cartesian_2d((x0..x1).log_scale(), 0.0..n as f64)?;
        let mesh =
            axis::Mesh { x_title: "time (log scale)", x_labels: 0, x_tick: Box::new(fmt), y_title: None, font: 15.0 };
        axis::draw_mesh(&mut chart, &mesh, size)?;
        let ticks: Vec<(f64, String)> =
            axis::duration_ticks(x0, x1, 5).into_iter().map(|v| (v, format::duration_tick(v))).collect();
        axis::draw_x_ticks(root, &mut chart, &ticks, 13.0, size)?;
        boxes(root, &mut chart, panel, n, size)?;
    } else {
        let pad = 0.08 * (hi - lo).max(hi * 0.05);
        let mut chart = builder.build_cartesian_2d((lo - pad).max(0.0)..hi + pad, 0.0..n as f64)?;
        let mesh = axis::Mesh { x_title: name, x_labels: 5, x_tick: Box::new(fmt), y_title: None, font: 15.0 };
        axis::draw_mesh(&mut chart, &mesh, size)?;
        boxes(root, &mut chart, panel, n, size)?;
    }
    Ok(())
}

fn boxes<DB: DrawingBackend, X: Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, RangedCoordf64>>,
    panel: &Panel,
    n: usize,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let note_style = theme::text(size.font(13.0), MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    let (x_lo, x_hi) = (chart.x_range().start, chart.x_range().end);
    let stroke = size.px(2.0).max(1) as u32;
    for (i, row) in panel.rows.iter().enumerate() {
        let top = (n - i) as f64;
        let mid = top - 0.5;
        let (left, y) = chart.backend_coord(&(x_lo, mid));
        super::bars::draw_name(root, &row.label, &row.look, (left - size.px(10.0), y), 15.0, size)?;
        let Some(s) = row.stats else {
            root.draw_text("infeasible", &note_style, (left + size.px(8.0), y))?;
            continue;
        };
        let color = row.look.color;
        let clamp = |v: f64| v.clamp(x_lo, x_hi);
        chart.draw_series([
            PathElement::new(vec![(clamp(s.p5), mid), (clamp(s.p25), mid)], INK.stroke_width(stroke)),
            PathElement::new(vec![(clamp(s.p75), mid), (clamp(s.p95), mid)], INK.stroke_width(stroke)),
            PathElement::new(vec![(clamp(s.p5), mid - 0.15), (clamp(s.p5), mid + 0.15)], INK.stroke_width(stroke)),
            PathElement::new(vec![(clamp(s.p95), mid - 0.15), (clamp(s.p95), mid + 0.15)], INK.stroke_width(stroke)),
        ])?;
        chart.draw_series([
            Rectangle::new([(clamp(s.p25), top - 0.2), (clamp(s.p75), mid - 0.3)], color.mix(0.35).filled()),
            Rectangle::new([(clamp(s.p25), top - 0.2), (clamp(s.p75), mid - 0.3)], color.stroke_width(stroke)),
        ])?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(clamp(s.p50), top - 0.2), (clamp(s.p50), mid - 0.3)],
            color.stroke_width(stroke * 2),
        )))?;
    }
    if let Some(v) = panel.objective {
        chart.draw_series(DashedLineSeries::new(
            vec![(v, 0.0), (v, n as f64)],
            size.px(8.0),
            size.px(5.0),
            MARK.stroke_width(stroke),
        ))?;
        // Inside the plot, on whichever side of the line has more room.
        let (x, y) = chart.backend_coord(&(v, n as f64));
        let (left, _) = chart.backend_coord(&(x_lo, 0.0));
        let (right, _) = chart.backend_coord(&(x_hi, 0.0));
        let label = format!("objective {}", format::duration_tick(v));
        let (anchor, dx) = if x - left > right - x { (HPos::Right, -size.px(6.0)) } else { (HPos::Left, size.px(6.0)) };
        let style = theme::bold(size.font(13.0), MARK).pos(Pos::new(anchor, VPos::Top));
        root.draw_text(&label, &style, (x + dx, y + size.px(4.0)))?;
    }
    Ok(())
}
