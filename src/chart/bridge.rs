//! A waterfall from the margin before AI, through the savings and the AI's costs, to the margin after, for
//! one provider. Means over the trials, so the steps add up exactly.

use super::theme::{self, Frame, GRID, INK, MUTED, Size, okabe_ito};
use crate::base::format;
use crate::model::MarginBridge;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Totals (before, after): dark neutral.
const TOTAL: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Steps that raise the margin.
const UP: RGBColor = okabe_ito::SKY;
/// Steps that lower it.
const DOWN: RGBColor = okabe_ito::VERMILLION;

/// The bridge's legend.
pub fn legend() -> Vec<(String, RGBColor)> {
    vec![("margin".into(), TOTAL), ("raises it".into(), UP), ("lowers it".into(), DOWN)]
}

/// Draws the waterfall of `bridge`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    bridge: &MarginBridge,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, frame, size)?;
    let (before, steps, after) = (bridge.before, bridge.values(), bridge.after());
    // Each bar spans (from, to) in margin units; totals start at zero.
    let mut bars = vec![("margin before AI".to_string(), 0.0, before, TOTAL)];
    let mut level = before;
    for (name, step) in MarginBridge::STEPS.iter().zip(steps) {
        bars.push((name.to_string(), level, level + step, if step >= 0.0 { UP } else { DOWN }));
        level += step;
    }
    bars.push(("margin after AI".to_string(), 0.0, after, TOTAL));
    let lo = bars.iter().flat_map(|b| [b.1, b.2]).fold(0.0_f64, f64::min);
    let hi = bars.iter().flat_map(|b| [b.1, b.2]).fold(0.0_f64, f64::max);
    let span = (hi - lo).max(1e-9);
    let n = bars.len();
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(size.px(56.0))
        .y_label_area_size(size.px(76.0))
        .margin_top(size.px(10.0))
        .margin_right(size.px(10.0))
        .build_cartesian_2d(0.0..n as f64, lo - if lo < 0.0 { 0.08 * span } else { 0.0 }..hi + 0.12 * span)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(7)
        .y_label_formatter(&|v| format!("{}%", format::tick(v * 100.0)))
        .y_desc("share of revenue (%)")
        .axis_desc_style(theme::text(size.font(16.0), INK))
        .y_label_style(theme::text(size.font(14.0), INK))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .draw()?;
    let name_style = theme::text(size.font(15.0), INK).pos(Pos::new(HPos::Center, VPos::Top));
    let value_style = theme::bold(size.font(15.0), INK).pos(Pos::new(HPos::Center, VPos::Bottom));
    let connector = MUTED.stroke_width(1);
    let bottom = chart.y_range().start;
    for (i, (name, from, to, color)) in bars.iter().enumerate() {
        let x = i as f64;
        chart.draw_series(std::iter::once(Rectangle::new([(x + 0.18, *from), (x + 0.82, *to)], color.filled())))?;
        if i + 1 < n {
            chart.draw_series(std::iter::once(PathElement::new(vec![(x + 0.82, *to), (x + 1.18, *to)], connector)))?;
        }
        let is_total = i == 0 || i + 1 == n;
        let label = match (is_total, to - from) {
            (true, _) => format::percent(*to),
            (false, 0.0) => "none".to_string(),
            (false, step) => format::pp(100.0 * step),
        };
        let (px, py) = chart.backend_coord(&(x + 0.5, from.max(*to)));
        root.draw_text(&label, &value_style, (px, py - size.px(6.0)))?;
        let (px, py) = chart.backend_coord(&(x + 0.5, bottom));
        root.draw_text(name, &name_style, (px, py + size.px(10.0)))?;
    }
    Ok(())
}
