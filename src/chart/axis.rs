//! Ticks for log axes. plotters places log-axis labels at raw powers of ten in base units ("0.000028
//! hours"); these put them at round values people read at a glance, and draw them.

use super::theme::{self, GRID, INK, MUTED, Size};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Values of the 1–2–5 sequence within `[lo, hi]`, thinned to at most `max`: first to powers of ten,
/// then to every second, third… power of ten.
pub fn log_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    let (first, last) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let in_range = |v: &f64| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9);
    let all: Vec<f64> =
        (first..=last).flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k))).filter(in_range).collect();
    if all.len() <= max {
        return all;
    }
    let decades: Vec<f64> = (first..=last).map(|k| 10f64.powi(k)).filter(in_range).collect();
    thin(decades, max)
}

/// Durations in ms at steps people use (1 ms, 10 ms, 100 ms, 1 s, 10 s, 1 min, 10 min, 1 h, 10 h, 100 h,
/// 1,000 h) within `[lo, hi]`, thinned to at most `max`; finer steps (2, 5, 20, 30…) when fewer than three
/// of those fall in range.
pub fn duration_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    const COARSE: [f64; 12] = [0.1, 1.0, 10.0, 100.0, 1e3, 1e4, 6e4, 6e5, 3.6e6, 3.6e7, 3.6e8, 3.6e9];
    const FINE: [f64; 30] = [
        0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 2e4, 3e4, 6e4, 1.2e5,
        3e5, 6e5, 1.2e6, 1.8e6, 3.6e6, 7.2e6, 1.8e7, 3.6e7, 7.2e7, 1.8e8,
    ];
    let within = |steps: &[f64]| -> Vec<f64> { steps.iter().copied().filter(|v| *v >= lo && *v <= hi).collect() };
    let coarse = within(&COARSE);
    if coarse.len() >= 3 { thin(coarse, max) } else { thin(within(&FINE), max) }
}

/// Most decades a log axis spans. plotters' log axis loops over its decades, and a lower end near zero
/// would make that loop endless; values below the floor are drawn at the axis's edge.
pub const MAX_DECADES: f64 = 12.0;

/// A log axis's range from the data's `(lo, hi)`: both positive and finite, at most [`MAX_DECADES`] apart.
pub fn log_range(lo: f64, hi: f64) -> (f64, f64) {
    let hi = if hi.is_finite() && hi > 0.0 { hi } else { 1.0 };
    let floor = hi / 10f64.powf(MAX_DECADES);
    let lo = if lo.is_finite() && lo > floor { lo.min(hi / 1.01) } else { floor };
    (lo, hi)
}

/// An axis title marked as log scale: `monthly cost (USD)` → `monthly cost (USD, log scale)`.
pub fn log_title(title: &str) -> String {
    match title.strip_suffix(')') {
        Some(open) if open.contains('(') => format!("{open}, log scale)"),
        _ => format!("{title} (log scale)"),
    }
}

/// Every k-th value, with k the smallest that leaves at most `max`.
fn thin(values: Vec<f64>, max: usize) -> Vec<f64> {
    let k = values.len().div_ceil(max.max(1)).max(1);
    values.into_iter().step_by(k).collect()
}

/// How a chart's axes read: the x title and ticks, and (for the CDF) a labelled y axis.
pub struct Mesh<'a> {
    /// X axis title with its unit.
    pub x_title: &'a str,
    /// X tick labels wanted (0 on a log axis: [`draw_x_ticks`] draws them).
    pub x_labels: usize,
    /// Formats an x tick.
    pub x_tick: Box<dyn Fn(f64) -> String + 'a>,
    /// Y axis title, when the y axis is numeric (rows of providers have none).
    pub y_title: Option<&'a str>,
    /// Axis-title font size at 700 px; tick labels are 2 px smaller.
    pub font: f64,
}

/// Draws the grid, axes, tick labels and axis titles of `chart`.
pub fn draw_mesh<DB: DrawingBackend, X: Ranged<ValueType = f64> + ValueFormatter<f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, RangedCoordf64>>,
    m: &Mesh<'_>,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut mesh = chart.configure_mesh();
    if m.x_labels == 0 {
        mesh.disable_x_mesh();
    }
    match m.y_title {
        Some(title) => mesh.y_labels(6).y_label_formatter(&|v| format!("{v:.0}%")).y_desc(title),
        None => mesh.disable_y_mesh().y_labels(0),
    };
    mesh.x_labels(m.x_labels)
        // plotters still labels one key point on a log axis with no labels asked for; blank it.
        .x_label_formatter(&|v| if m.x_labels == 0 { String::new() } else { (m.x_tick)(*v) })
        .x_desc(m.x_title)
        .axis_desc_style(theme::text(size.font(m.font), INK))
        .label_style(theme::text(size.font(m.font - 2.0), INK))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .draw()
}

/// Draws vertical grid lines and labels under the x axis at `ticks` (the mesh must draw no x labels).
pub fn draw_x_ticks<DB: DrawingBackend, X: Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, RangedCoordf64>>,
    ticks: &[(f64, String)],
    font: f64,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (y0, y1) = (chart.y_range().start, chart.y_range().end);
    let style = theme::text(size.font(font), INK).pos(Pos::new(HPos::Center, VPos::Top));
    for (v, label) in ticks {
        chart.draw_series(std::iter::once(PathElement::new(vec![(*v, y0), (*v, y1)], GRID)))?;
        let (x, y) = chart.backend_coord(&(*v, y0));
        root.draw_text(label, &style, (x, y + size.px(8.0)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_follow_one_two_five_then_thin_to_decades() {
        assert_eq!(log_ticks(3.0, 60.0, 8), vec![5.0, 10.0, 20.0, 50.0]);
        assert_eq!(log_ticks(1.0, 1e6, 8), vec![1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6]);
        assert_eq!(log_ticks(1.0, 1e9, 5), vec![1.0, 1e2, 1e4, 1e6, 1e8]);
        assert!(log_ticks(0.0, 10.0, 5).is_empty());
    }

    #[test]
    fn log_ranges_stay_positive_finite_and_bounded() {
        assert_eq!(log_range(1.0, 100.0), (1.0, 100.0));
        let (lo, hi) = log_range(0.0, 1e6);
        assert!(lo > 0.0 && hi / lo <= 1.0001e12, "{lo}");
        let (lo, hi) = log_range(5e-324, f64::INFINITY);
        assert!(lo > 0.0 && hi == 1.0 && lo.is_finite(), "{lo} {hi}");
        let (lo, hi) = log_range(7.0, 7.0);
        assert!(lo < hi);
    }

    #[test]
    fn log_titles_keep_one_pair_of_parentheses() {
        assert_eq!(log_title("monthly cost (USD)"), "monthly cost (USD, log scale)");
        assert_eq!(log_title("time"), "time (log scale)");
    }

    #[test]
    fn duration_ticks_use_human_steps() {
        assert_eq!(duration_ticks(50.0, 5e6, 8), vec![100.0, 1e3, 1e4, 6e4, 6e5, 3.6e6]);
        assert_eq!(duration_ticks(0.05, 5e9, 6).len(), 6);
        assert_eq!(duration_ticks(1500.0, 90_000.0, 6), vec![2e3, 5e3, 1e4, 2e4, 3e4, 6e4]);
    }
}
