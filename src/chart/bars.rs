//! Horizontal bars with 5th–95th percentile whiskers, one row per provider: monthly cost, cost per unit,
//! margin after AI. Infeasible providers keep their row, with the reason instead of a bar.
//!
//! When the values span more than [`LOG_SPAN`]× (an FHE line next to plain serving), a linear axis would
//! flatten every other row to nothing, and a bar on a log axis has no honest length; the chart then
//! switches to dots (medians) and whiskers on a log axis and says so in the axis title.

use super::axis;
use super::style::Look;
use super::theme::{self, Frame, INK, MARK, MUTED, Size};
use super::units::Units;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One row: a provider and its statistic (`None`: infeasible, with `note` saying why).
#[derive(Debug, Clone)]
pub struct Row {
    /// Provider label.
    pub label: String,
    /// Its look (bar colour, the mark beside its name).
    pub look: Look,
    /// 5th percentile, median, 95th percentile.
    pub band: Option<(f64, f64, f64)>,
    /// The same under a second case (the other savings preset): a hollow mark and a thin whisker.
    pub second: Option<(f64, f64, f64)>,
    /// Shown instead of a bar.
    pub note: Option<String>,
    /// Said after the value (an impractical fleet).
    pub flag: Option<String>,
}

/// A bar chart.
pub struct Bars {
    /// Title, subtitle, footer, legend.
    pub frame: Frame,
    /// X axis title with unit.
    pub x_title: String,
    /// Rows, top to bottom.
    pub rows: Vec<Row>,
    /// How values read on ticks and labels.
    pub units: Units,
    /// A vertical reference line and its label (e.g. margin before AI).
    pub reference: Option<(f64, String)>,
}

/// The width of the label column, in px: the longest label, the mark before it, and padding.
pub fn label_width<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, labels: &[String], size: Size) -> u32 {
    let style = theme::text(size.font(16.0), INK);
    let widest = labels.iter().filter_map(|l| root.estimate_text_size(l, &style).ok()).map(|(w, _)| w).max();
    widest.unwrap_or(60) + size.px(16.0) as u32 + (2 * super::style::mark_radius(size) + size.px(10.0)) as u32
}

/// Draws a provider's name right-aligned at `(right, y)` and its mark before it.
pub fn draw_name<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    label: &str,
    look: &Look,
    (right, y): (i32, i32),
    font: f64,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let label_style = theme::text(size.font(font), INK).pos(Pos::new(HPos::Right, VPos::Center));
    root.draw_text(label, &label_style, (right, y))?;
    let (w, _) = root.estimate_text_size(label, &label_style)?;
    let r = super::style::mark_radius(size);
    super::style::draw_mark(root, look.mark, (right - w as i32 - size.px(6.0) - r, y), r, look.color)
}

/// Above this ratio of largest to smallest value the chart uses a log axis.
pub const LOG_SPAN: f64 = 50.0;

/// Draws `bars` on `root`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    bars: &Bars,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, &bars.frame, size)?;
    let n = bars.rows.len().max(1);
    let values: Vec<f64> =
        bars.rows.iter().flat_map(|r| r.band.into_iter().chain(r.second)).flat_map(|(a, b, c)| [a, b, c]).collect();
    let reference = bars.reference.as_ref().map(|(v, _)| *v);
    let lo = values.iter().chain(reference.iter()).copied().fold(0.0_f64, f64::min);
    let hi = values.iter().chain(reference.iter()).copied().fold(f64::MIN_POSITIVE, f64::max);
    let smallest = values.iter().copied().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
    let labels: Vec<String> = bars.rows.iter().map(|r| r.label.clone()).collect();
    let mut builder = ChartBuilder::on(&area);
    builder
        .x_label_area_size(size.px(56.0))
        .y_label_area_size(label_width(root, &labels, size))
        .margin_top(size.px(10.0))
        .margin_right(size.px(10.0));
    if lo >= 0.0 && smallest.is_finite() && hi / smallest > LOG_SPAN {
        // Room on the right for the labels: a fifth of the decades shown.
        let (x0, x1) = axis::log_range(smallest / 1.5, hi * (hi / smallest).powf(0.2));
        let mut chart = builder.build_cartesian_2d((x0..x1).log_scale(), 0.0..n as f64)?;
        let title = axis::log_title(&bars.x_title);
        axis::draw_mesh(&mut chart, &mesh(bars, &title, 0), size)?;
        let ticks: Vec<(f64, String)> =
            axis::log_ticks(x0, x1, 10).into_iter().map(|v| (v, bars.units.tick(v))).collect();
        axis::draw_x_ticks(root, &mut chart, &ticks, 14.0, size)?;
        rows(root, &mut chart, bars, n, None, size)
    } else {
        // Room on the right for the median labels printed past each whisker.
        let span = hi - lo;
        let (x0, x1) = (if lo < 0.0 { lo - 0.05 * span } else { 0.0 }, hi + 0.14 * span);
        let mut chart = builder.build_cartesian_2d(x0..x1, 0.0..n as f64)?;
        axis::draw_mesh(&mut chart, &mesh(bars, &bars.x_title, 7), size)?;
        rows(root, &mut chart, bars, n, Some(0.0_f64.max(x0)), size)
    }
}

fn mesh<'a>(bars: &'a Bars, x_title: &'a str, x_labels: usize) -> axis::Mesh<'a> {
    axis::Mesh { x_title, x_labels, x_tick: Box::new(|v| bars.units.tick(v)), y_title: None, font: 16.0 }
}

/// Draws every row: a bar from `base` to the median (or, with no `base`, a dot at the median), the
/// whisker, and the median's value past the whisker.
fn rows<DB: DrawingBackend, X: Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, RangedCoordf64>>,
    bars: &Bars,
    n: usize,
    base: Option<f64>,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let x_lo = chart.x_range().start;
    let value_style = theme::bold(size.font(14.0), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let note_style = theme::text(size.font(14.0), MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    let cap = 0.18;
    let radius = size.px(9.0).max(3);
    let whisker = INK.stroke_width(size.px(2.0).max(1) as u32);
    for (i, row) in bars.rows.iter().enumerate() {
        let top = (n - i) as f64;
        let mid = top - 0.5;
        let (left, y) = chart.backend_coord(&(x_lo, mid));
        draw_name(root, &row.label, &row.look, (left - size.px(10.0), y), 16.0, size)?;
        let Some((p5, p50, p95)) = row.band else {
            let text = row.note.clone().unwrap_or_else(|| "infeasible".into());
            root.draw_text(&text, &note_style, (left + size.px(8.0), y))?;
            continue;
        };
        let color = row.look.color;
        if let Some(base) = base {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(base, top - 0.22), (p50, mid - 0.28)],
                color.filled(),
            )))?;
        }
        chart.draw_series([
            PathElement::new(vec![(p5, mid), (p95, mid)], whisker),
            PathElement::new(vec![(p5, mid - cap), (p5, mid + cap)], whisker),
            PathElement::new(vec![(p95, mid - cap), (p95, mid + cap)], whisker),
        ])?;
        if base.is_none() {
            let (x, y) = chart.backend_coord(&(p50, mid));
            super::style::draw_mark(root, row.look.mark, (x, y), radius, color)?;
        }
        // The second case below the bar's middle: a thin grey whisker and a hollow mark at its median.
        let mut right = p95.max(p50).max(base.unwrap_or(p50));
        if let Some((q5, q50, q95)) = row.second {
            let low = mid - 0.3;
            let thin = MUTED.stroke_width(size.px(1.5).max(1) as u32);
            chart.draw_series([
                PathElement::new(vec![(q5, low), (q95, low)], thin),
                PathElement::new(vec![(q5, low - cap / 2.0), (q5, low + cap / 2.0)], thin),
                PathElement::new(vec![(q95, low - cap / 2.0), (q95, low + cap / 2.0)], thin),
            ])?;
            let (x, y) = chart.backend_coord(&(q50, low));
            super::style::draw_mark(root, row.look.mark, (x, y), radius.min(size.px(7.0)), WHITE)?;
            right = right.max(q95).max(q50);
        }
        // The median past the whisker (and past the dot), where nothing can cover it.
        let (x, y) = chart.backend_coord(&(right, mid));
        let (dot_x, _) = chart.backend_coord(&(p50, mid));
        let x = if base.is_none() { x.max(dot_x + radius) } else { x };
        let mut text = bars.units.label(p50);
        if let Some((_, q50, _)) = row.second {
            text += &format!(" / {}", bars.units.label(q50));
        }
        root.draw_text(&text, &value_style, (x + size.px(8.0), y))?;
        if let Some(flag) = &row.flag {
            // After the value when it fits, else before the whisker, over a white box.
            let style = theme::bold(size.font(14.0), MARK).pos(Pos::new(HPos::Left, VPos::Center));
            let (w, _) = root.estimate_text_size(&text, &value_style)?;
            let (fw, fh) = root.estimate_text_size(&format!("· {flag}"), &style)?;
            let (plot_right, _) = chart.backend_coord(&(chart.x_range().end, mid));
            let after = x + size.px(14.0) + w as i32;
            let (start, _) = chart.backend_coord(&(p5.min(p50), mid));
            let fits = after + fw as i32 <= plot_right;
            let fx = if fits { after } else { start - size.px(10.0) - fw as i32 };
            let flag = if fits { format!("· {flag}") } else { format!("{flag} ·") };
            let pad = size.px(3.0);
            let (fw, fh) = (fw as i32, fh as i32);
            root.draw(&Rectangle::new(
                [(fx - pad, y - fh / 2 - pad), (fx + fw + pad, y + fh / 2 + pad)],
                WHITE.filled(),
            ))?;
            root.draw_text(&flag, &style, (fx, y))?;
        }
    }
    if let Some((v, label)) = &bars.reference {
        chart.draw_series(DashedLineSeries::new(
            vec![(*v, 0.0), (*v, n as f64)],
            size.px(8.0),
            size.px(5.0),
            MARK.stroke_width(size.px(2.0).max(1) as u32),
        ))?;
        let (x, y) = chart.backend_coord(&(*v, n as f64));
        let style = theme::bold(size.font(14.0), MARK).pos(Pos::new(HPos::Left, VPos::Bottom));
        root.draw_text(label, &style, (x + size.px(6.0), y - size.px(2.0)))?;
    }
    Ok(())
}
