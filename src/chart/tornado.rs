//! A tornado: one bar per uncertain input, from the output with that input at its 5th percentile to the
//! output at its 95th, around the output at the medians; the widest bars on top.

use super::axis;
use super::theme::{self, Frame, INK, MUTED, Size};
use super::units::Units;
use crate::analysis::sensitivity::{InputEffect, Sensitivity};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// At most this many inputs are drawn (the table and CSV list them all).
pub const MAX_BARS: usize = 12;

/// The input at its 5th percentile (Tol muted cyan), and at its 95th (Tol muted rose).
const LOW: RGBColor = RGBColor(0x88, 0xCC, 0xEE);
const HIGH: RGBColor = RGBColor(0xCC, 0x66, 0x77);

/// The tornado's legend.
pub fn legend() -> Vec<(String, RGBColor)> {
    vec![("input at its 5th percentile".into(), LOW), ("input at its 95th percentile".into(), HIGH)]
}

/// What to draw.
pub struct Tornado<'a> {
    /// Title, subtitle, footer, legend.
    pub frame: Frame,
    /// The analysis.
    pub sensitivity: &'a Sensitivity,
    /// How the output reads.
    pub units: Units,
}

/// A short label for an input: defaults by their key, with the scenario's paths as they are.
pub fn input_label(input: &str) -> String {
    match input.strip_prefix("default ") {
        Some(key) => format!("{key} (default)"),
        None => input.to_string(),
    }
}

/// What the bars alone would mislead about: several inputs moving the output by one identical step (a fleet
/// that changes by whole instances, which each of them flips), and an axis that magnifies a small effect.
pub fn notes(inputs: &[InputEffect], base: Option<f64>, units: &Units) -> Vec<String> {
    let bars: Vec<&InputEffect> =
        inputs.iter().filter(|e| e.at_low.is_some() && e.at_high.is_some()).take(MAX_BARS).collect();
    let mut notes = Vec::new();
    let widest = bars.iter().map(|e| e.swing).fold(0.0, f64::max);
    // Two bars tie when both ends agree to a thousandth of the wider swing.
    let same = |a: &InputEffect, b: &InputEffect| {
        let ends = |e: &InputEffect| {
            let (x, y) = (e.at_low.unwrap_or(0.0), e.at_high.unwrap_or(0.0));
            (x.min(y), x.max(y))
        };
        let tolerance = 1e-3 * a.swing.max(b.swing);
        let (a, b) = (ends(a), ends(b));
        (a.0 - b.0).abs() <= tolerance && (a.1 - b.1).abs() <= tolerance
    };
    let tied = |a: &&&InputEffect| a.swing >= 0.05 * widest && bars.iter().filter(|b| same(a, b)).count() >= 3;
    if let Some(step) = bars.iter().find(tied) {
        let n = bars.iter().filter(|b| same(step, b)).count();
        notes.push(format!(
            "{n} bars end at the same two values ({} and {}): a fleet that changes by whole instances, which \
             each of these inputs alone moves by one. Their order is a tie; ρ tells them apart.",
            units.label(step.at_low.unwrap_or(0.0)),
            units.label(step.at_high.unwrap_or(0.0)),
        ));
    }
    if let Some(base) = base.filter(|b| *b != 0.0 && widest > 0.0 && widest < 0.02 * b.abs()) {
        notes.push(format!(
            "The widest bar is {:.2}% of the value at the medians ({}): the axis magnifies small effects.",
            100.0 * widest / base.abs(),
            units.label(base)
        ));
    }
    notes
}

/// Draws the tornado.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Tornado<'_>,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, &t.frame, size)?;
    let s = t.sensitivity;
    let notes = notes(&s.inputs, s.base, &t.units);
    let note_style = theme::text(size.font(13.0), INK);
    let line = size.px(20.0);
    let width = area.dim_in_pixel().0 as i32 - size.px(20.0);
    let wrapped: Vec<String> = notes.iter().flat_map(|n| theme::wrap_to(&area, n, &note_style, width)).collect();
    let (area, note_area) = area.split_vertically(area.dim_in_pixel().1 as i32 - line * wrapped.len() as i32 - 4);
    for (i, l) in wrapped.iter().enumerate() {
        note_area.draw_text(l, &note_style, (size.px(10.0), 4 + line * i as i32))?;
    }
    let bars: Vec<&InputEffect> =
        s.inputs.iter().filter(|e| e.at_low.is_some() && e.at_high.is_some()).take(MAX_BARS).collect();
    let base = s.base.unwrap_or(0.0);
    let values = bars.iter().flat_map(|e| [e.at_low, e.at_high]).flatten().chain([base]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if hi > lo { (lo, hi) } else { (base - 1.0, base + 1.0) };
    let pad = 0.16 * (hi - lo);
    let n = bars.len().max(1);
    let label_style = theme::text(size.font(14.0), INK);
    let labels: Vec<String> = bars.iter().map(|e| input_label(&e.input)).collect();
    let widest = labels.iter().filter_map(|l| area.estimate_text_size(l, &label_style).ok()).map(|(w, _)| w).max();
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(size.px(56.0))
        .y_label_area_size(widest.unwrap_or(80) + size.px(18.0) as u32)
        .margin_top(size.px(10.0))
        .margin_right(size.px(70.0))
        .build_cartesian_2d(lo - pad..hi + pad, 0.0..n as f64)?;
    let x_title = format!("{} ({})", s.target_title(), t.units.name());
    let mesh =
        axis::Mesh { x_title: &x_title, x_labels: 7, x_tick: Box::new(|v| t.units.tick(v)), y_title: None, font: 16.0 };
    axis::draw_mesh(&mut chart, &mesh, size)?;
    let name_style = label_style.clone().pos(Pos::new(HPos::Right, VPos::Center));
    let value_style = theme::text(size.font(12.0), MUTED);
    let rho_style = theme::text(size.font(13.0), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let x_hi = chart.x_range().end;
    for (i, (e, label)) in bars.iter().zip(&labels).enumerate() {
        let top = (n - i) as f64;
        let mid = top - 0.5;
        let (left, y) = chart.backend_coord(&(lo - pad, mid));
        root.draw_text(label, &name_style, (left - size.px(10.0), y))?;
        let (Some(at_low), Some(at_high)) = (e.at_low, e.at_high) else { continue };
        for (v, color) in [(at_low, LOW), (at_high, HIGH)] {
            chart
                .draw_series(std::iter::once(Rectangle::new([(base, top - 0.18), (v, mid - 0.32)], color.filled())))?;
        }
        // Each end's value, outside the bar.
        for v in [at_low, at_high] {
            let (px, py) = chart.backend_coord(&(v, mid));
            let (anchor, dx) = if v >= base { (HPos::Left, size.px(4.0)) } else { (HPos::Right, -size.px(4.0)) };
            root.draw_text(&t.units.label(v), &value_style.clone().pos(Pos::new(anchor, VPos::Center)), (px + dx, py))?;
        }
        if let Some(rho) = e.rank_correlation {
            let (px, py) = chart.backend_coord(&(x_hi, mid));
            root.draw_text(&format!("ρ {}", crate::base::format::signed(rho, 2)), &rho_style, (px + size.px(8.0), py))?;
        }
    }
    if bars.iter().any(|e| e.rank_correlation.is_some()) {
        let (px, py) = chart.backend_coord(&(x_hi, n as f64));
        let style = theme::text(size.font(12.0), MUTED).pos(Pos::new(HPos::Left, VPos::Bottom));
        root.draw_text("ρ (rank)", &style, (px + size.px(8.0), py - size.px(2.0)))?;
    }
    chart.draw_series(std::iter::once(PathElement::new(vec![(base, 0.0), (base, n as f64)], INK.stroke_width(2))))?;
    let (px, py) = chart.backend_coord(&(base, n as f64));
    let style = theme::bold(size.font(13.0), INK).pos(Pos::new(HPos::Center, VPos::Bottom));
    root.draw_text(&format!("at the medians: {}", t.units.label(base)), &style, (px, py - size.px(2.0)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::format::Quantity;

    fn bar(input: &str, at_low: f64, at_high: f64) -> InputEffect {
        InputEffect {
            input: input.into(),
            low: 0.0,
            high: 1.0,
            at_low: Some(at_low),
            at_high: Some(at_high),
            swing: (at_high - at_low).abs(),
            rank_correlation: None,
            break_even: None,
        }
    }

    #[test]
    fn ties_and_magnified_axes_are_said() {
        let units = Units::of(Quantity::Money, "USD");
        // Three inputs each flipping one server: a tie, said once.
        let step = [bar("a", -9871.0, -2535.0), bar("b", -2535.0, -9871.0), bar("c", -9871.0, -2535.0)];
        let said = notes(&step, Some(-9871.0), &units);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("3 bars end at the same two values"), "{said:?}");
        // Two alike are no tie; near-zero bars that agree within dollars are not one either.
        assert!(notes(&step[..2], Some(-9871.0), &units).is_empty());
        let flat = [
            bar("a", -27188.0, -16907.0),
            bar("b", -21487.0, -21480.0),
            bar("c", -21487.0, -21487.0),
            bar("d", -21487.0, -21487.0),
        ];
        assert!(notes(&flat, Some(-21487.0), &units).is_empty());
        // A widest bar of $8 on $21,487 magnifies: said with its share.
        let small = [bar("a", -21491.0, -21483.0), bar("b", -21488.0, -21486.0)];
        let said = notes(&small, Some(-21487.0), &units);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("The widest bar is 0.04% of the value at the medians"), "{said:?}");
    }
}
