//! One line per provider in its look (`style`): colour, dash pattern, and its mark on the line; a legend
//! drawn outside the plot (where no line can run under it), and labels placed at the lines themselves.
//! Shared by the CDF and sweep charts.

use super::style::Look;
use super::theme::{self, INK, MUTED, Size};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A provider's line style: its look's colour and dash pattern.
pub type Pen = Look;

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
        super::style::draw_mark(root, pen.mark, (x + sample / 2, y), super::style::mark_radius(size), pen.color)?;
        root.draw_text(label, &label_style, (x + sample + size.px(8.0), y))?;
    }
    Ok(())
}

/// Text in ink at `(x, y)` (left, centre; the mark beside it carries the colour) over a white box, so the grid and other lines do not cross it.
pub fn draw_boxed_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = theme::bold(size.font(13.0), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let (w, h) = root.estimate_text_size(text, &style)?;
    let pad = size.px(3.0);
    root.draw(&Rectangle::new(
        [(x - pad, y - h as i32 / 2 - pad), (x + w as i32 + pad, y + h as i32 / 2 + pad)],
        WHITE.mix(0.85).filled(),
    ))?;
    root.draw_text(text, &style, (x, y))
}

/// Spreads label positions `ys` (pixels, any order) so that no two are closer than `gap`, moving each as
/// little as it can and keeping their order; the result stays within `(top, bottom)` where it fits.
pub fn spread(ys: &[i32], gap: i32, (top, bottom): (i32, i32)) -> Vec<i32> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by_key(|&i| ys[i]);
    let mut placed = vec![0; ys.len()];
    let mut last = top - gap;
    for &i in &order {
        let y = ys[i].max(last + gap);
        placed[i] = y;
        last = y;
    }
    // Pushed past the bottom: move the run back up.
    let mut next = bottom + gap;
    for &i in order.iter().rev() {
        if placed[i] > next - gap {
            placed[i] = next - gap;
        }
        next = placed[i];
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::spread;

    #[test]
    fn labels_are_spread_apart_in_order_and_within_bounds() {
        assert_eq!(spread(&[100, 105, 300], 20, (0, 500)), vec![100, 120, 300]);
        assert_eq!(spread(&[490, 495], 20, (0, 500)), vec![480, 500]);
        assert_eq!(spread(&[50, 10], 20, (0, 500)), vec![50, 10]);
    }
}
