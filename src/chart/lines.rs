//! One line per provider: colour by kind, a dash pattern to tell providers of one kind apart, and a
//! legend drawn outside the plot (where no line can run under it). Shared by the CDF and sweep charts.

use super::theme::{self, INK, MUTED, Size};
use crate::catalog::ProviderKind;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Solid, dashed, dotted, long-dashed (dash, gap at 700 px): four patterns per kind.
const PATTERNS: [(f64, f64); 4] = [(0.0, 0.0), (12.0, 6.0), (3.0, 5.0), (22.0, 7.0)];

/// A provider's line style: kind colour and dash pattern.
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    /// Colour of the provider's kind.
    pub color: RGBColor,
    /// Dash and gap at 700 px (0, 0: solid).
    pub pattern: (f64, f64),
}

/// The pen of each provider: the n-th provider of a kind gets the n-th pattern.
pub fn pens(kinds: &[ProviderKind]) -> Vec<Pen> {
    let mut seen: Vec<ProviderKind> = Vec::new();
    kinds
        .iter()
        .map(|k| {
            let within_kind = seen.iter().filter(|s| *s == k).count();
            seen.push(*k);
            Pen { color: theme::kind_color(*k), pattern: PATTERNS[within_kind % PATTERNS.len()] }
        })
        .collect()
}

/// Length of a legend sample at 700 px.
const SAMPLE: f64 = 36.0;

/// The width the legend needs: its longest label plus the sample and padding.
pub fn legend_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, labels: &[String], size: Size) -> i32 {
    let style = theme::text(size.font(14.0), INK);
    let widest = labels.iter().filter_map(|l| area.estimate_text_size(l, &style).ok()).map(|(w, _)| w as i32).max();
    widest.unwrap_or(0) + size.px(SAMPLE + 8.0 + 24.0)
}

/// Draws `points` with `pen`.
pub fn draw_line<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: Vec<(f64, f64)>,
    pen: Pen,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = pen.color.stroke_width(size.px(3.0).max(1) as u32);
    if pen.pattern.0 == 0.0 {
        chart.draw_series(LineSeries::new(points, style))?;
    } else {
        let (d, g) = (size.px(pen.pattern.0), size.px(pen.pattern.1));
        chart.draw_series(DashedLineSeries::new(points, d, g, style))?;
    }
    Ok(())
}

/// One legend entry: a label and its pen, or `None` for a provider drawn without a line (infeasible).
pub type Entry = (String, Option<Pen>);

/// Draws the legend as a column starting at `(x, y)` (top left).
pub fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    (x, y): (i32, i32),
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let sample = size.px(SAMPLE);
    let row = size.px(24.0);
    let label_style = theme::text(size.font(14.0), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let muted_style = theme::text(size.font(14.0), MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (label, pen)) in entries.iter().enumerate() {
        let y = y + i as i32 * row;
        let Some(pen) = pen else {
            root.draw_text(label, &muted_style, (x, y))?;
            continue;
        };
        let style = pen.color.stroke_width(size.px(3.0).max(1) as u32);
        let (d, g) = if pen.pattern.0 == 0.0 { (sample, 0) } else { (size.px(pen.pattern.0), size.px(pen.pattern.1)) };
        let mut start = 0;
        while start < sample {
            root.draw(&PathElement::new(vec![(x + start, y), (x + (start + d).min(sample), y)], style))?;
            start += d + g.max(1);
        }
        root.draw_text(label, &label_style, (x + sample + size.px(8.0), y))?;
    }
    Ok(())
}
