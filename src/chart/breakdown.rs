//! Stacked horizontal bars of the monthly cost by line: compute, verification, privacy, failures, egress,
//! storage, fees, each line's share of the mean scaled to the median (the cost chart's statistic). A bar
//! more than ten times the next is drawn off the scale, so one outlier does not flatten the others.
//!
//! The bars are coloured by cost line, not by provider, so the lines take a palette of their own (compute
//! neutral grey, the overheads from Paul Tol's colour-blind-safe "muted" scheme) and the provider's mark
//! stands beside its name.

use super::axis;
use super::bars::label_width;
use super::theme::{self, Frame, INK, MUTED, Size};
use super::units::Units;
use crate::model::CostBreakdown;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The colour of each cost line, in [`CostBreakdown::LINES`] order (Tol, "Colour Schemes", SRON
/// technical note, 2021: muted scheme).
pub const LINE_COLORS: [RGBColor; 7] = [
    RGBColor(0x99, 0x99, 0x99), // compute: neutral, it is the bulk of every bar
    RGBColor(0xCC, 0x66, 0x77), // verification: rose
    RGBColor(0x33, 0x22, 0x88), // privacy: indigo
    RGBColor(0xDD, 0xCC, 0x77), // failures: sand
    RGBColor(0x88, 0xCC, 0xEE), // egress: cyan
    RGBColor(0x11, 0x77, 0x33), // storage: green
    RGBColor(0x88, 0x22, 0x55), // fees: wine
];

/// One provider's row: its mean cost lines, or why it has none.
#[derive(Debug, Clone)]
pub struct Row {
    /// Provider label.
    pub label: String,
    /// Its look (the mark beside the name).
    pub look: super::style::Look,
    /// Monthly cost by line, as drawn (`None`: infeasible).
    pub lines: Option<CostBreakdown>,
    /// Shown instead of a bar.
    pub note: Option<String>,
    /// Said after the total (an impractical fleet).
    pub flag: Option<String>,
}

/// Draws the breakdown of `rows` (top to bottom).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    x_title: &str,
    rows: &[Row],
    units: &Units,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, frame, size)?;
    let n = rows.len().max(1);
    let hi = scale_end(rows);
    let outlier = rows.iter().any(|r| r.lines.is_some_and(|b| b.total() > hi));
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let swatch = size.px(12.0);
    let top_margin = size.px(36.0);
    // The cost-line legend sits above the plot; the frame's footer keeps the kind legend.
    let (area_w, _) = area.dim_in_pixel();
    theme::draw_swatches(
        &area,
        &legend().into_iter().map(theme::Key::from).collect::<Vec<_>>(),
        area_w as i32,
        size.px(10.0),
        size,
    )?;
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(size.px(56.0))
        .y_label_area_size(label_width(root, &labels, size) + (swatch + size.px(8.0)) as u32)
        .margin_top(top_margin)
        .build_cartesian_2d(0.0..hi * if outlier { 1.7 } else { 1.3 }, 0.0..n as f64)?;
    let mesh = axis::Mesh { x_title, x_labels: 7, x_tick: Box::new(|v| units.tick(v)), y_title: None, font: 16.0 };
    axis::draw_mesh(&mut chart, &mesh, size)?;
    let value_style = theme::text(size.font(14.0), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let note_style = theme::text(size.font(14.0), MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, row) in rows.iter().enumerate() {
        let top = (n - i) as f64;
        let mid = top - 0.5;
        let (left, y) = chart.backend_coord(&(0.0, mid));
        super::bars::draw_name(root, &row.label, &row.look, (left - size.px(10.0), y), 16.0, size)?;
        match &row.lines {
            Some(lines) => {
                let total = lines.total();
                // Off the scale: the bar keeps its shares but ends just past the axis's last tick.
                let off = total > hi;
                let k = if off { hi * 1.1 / total } else { 1.0 };
                let mut x = 0.0;
                for (value, color) in lines.values().iter().zip(LINE_COLORS) {
                    if *value > 0.0 {
                        chart.draw_series(std::iter::once(Rectangle::new(
                            [(x, top - 0.2), (x + value * k, mid - 0.3)],
                            color.filled(),
                        )))?;
                        x += value * k;
                    }
                }
                let (px, py) = chart.backend_coord(&(x, mid));
                let overheads = if total > 0.0 { 1.0 - lines.compute / total } else { 0.0 };
                let share =
                    if overheads < 0.0005 { "<0.1%".to_string() } else { crate::base::format::percent(overheads) };
                let mut label = if off {
                    format!("{} · off the scale", units.label(total))
                } else {
                    format!("{} · {share} beyond compute", units.label(total))
                };
                if let Some(flag) = &row.flag {
                    label += &format!(" · {flag}");
                }
                root.draw_text(&label, &value_style, (px + size.px(8.0), py))?;
            }
            None => {
                let text = row.note.clone().unwrap_or_else(|| "infeasible".into());
                root.draw_text(&text, &note_style, (left + size.px(8.0), y))?;
            }
        }
    }
    Ok(())
}

/// Where the value axis ends: the largest total, unless it is more than ten times the next, when the
/// next one sets the scale and the largest is drawn off it.
fn scale_end(rows: &[Row]) -> f64 {
    let mut totals: Vec<f64> = rows.iter().filter_map(|r| r.lines.map(|b| b.total())).collect();
    totals.sort_by(|a, b| b.total_cmp(a));
    match totals.as_slice() {
        [top, next, ..] if *next > 0.0 && *top > 10.0 * next => *next,
        [top, ..] => top.max(f64::MIN_POSITIVE),
        [] => f64::MIN_POSITIVE,
    }
}

/// The legend of cost lines.
pub fn legend() -> Vec<(String, RGBColor)> {
    CostBreakdown::LINES.iter().zip(LINE_COLORS).map(|(l, c)| (l.to_string(), c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(total: f64) -> Row {
        let lines = CostBreakdown { compute: total, ..CostBreakdown::default() };
        let look = crate::chart::style::looks(&[crate::analysis::ways::Way::Cloud])[0];
        Row { label: "p".into(), look, lines: Some(lines), note: None, flag: None }
    }

    #[test]
    fn an_outlier_more_than_ten_times_the_next_is_drawn_off_the_scale() {
        // An FHE fleet at $11 billion beside $7,000 and $5,000: the axis ends at the $7,000.
        assert_eq!(scale_end(&[row(11e9), row(7_000.0), row(5_000.0)]), 7_000.0);
        // Ten times exactly, or less, keeps everything on the scale.
        assert_eq!(scale_end(&[row(70_000.0), row(7_000.0)]), 70_000.0);
        assert_eq!(scale_end(&[row(3.0)]), 3.0);
    }
}
