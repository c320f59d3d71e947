//! A two-input sweep as a heat map: which provider is cheapest at each grid point (one colour per
//! provider, its id written in the cell), or the ratio of two providers' medians (blue below 1, red
//! above, on a log scale from ½ to 2).

use super::theme::{self, Frame, INK, MUTED, Size};
use crate::analysis::sweep::Grid;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// No provider can run the workload.
const NONE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// ColorBrewer RdBu ends (colour-blind safe): ratio ½ and 2.
const BLUE: (f64, f64, f64) = (33.0, 102.0, 172.0);
const RED: (f64, f64, f64) = (178.0, 24.0, 43.0);

/// What to draw.
pub struct HeatMap<'a> {
    /// Title, subtitle, footer.
    pub frame: Frame,
    /// The grid.
    pub grid: &'a Grid,
    /// Column axis title.
    pub x_title: String,
    /// Row axis title.
    pub y_title: String,
    /// How the column input reads.
    pub x_units: Box<dyn Fn(f64) -> String + 'a>,
    /// How the row input reads.
    pub y_units: Box<dyn Fn(f64) -> String + 'a>,
}

/// The colour of a ratio: white at 1, blue toward ½ and below, red toward 2 and above.
pub fn ratio_color(r: f64) -> RGBColor {
    let t = (r.log2()).clamp(-1.0, 1.0);
    let (end, w) = if t < 0.0 { (BLUE, -t) } else { (RED, t) };
    let mix = |e: f64| (255.0 + (e - 255.0) * w).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// Dark text on light cells, white on dark ones (relative luminance, WCAG 2.1).
fn ink_on(c: RGBColor) -> RGBColor {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2);
    if l > 0.35 { INK } else { WHITE }
}

/// Draws the heat map.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    h: &HeatMap<'_>,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, &h.frame, size)?;
    let g = h.grid;
    let (nx, ny) = (g.x.values.len(), g.y.values.len());
    // Room for the longest legend entry, at most 40% of the chart.
    let names: Vec<String> = g
        .providers
        .iter()
        .zip(&g.looks)
        .map(|((_, kind), (label, _))| format!("{label} ({})", kind.as_str()))
        .collect();
    let legend_width = super::lines::legend_width(&area, &names, size)
        .clamp(size.px(190.0), (0.4 * area.dim_in_pixel().0 as f64) as i32);
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(size.px(60.0))
        .y_label_area_size(size.px(110.0))
        .margin_top(size.px(10.0))
        .margin_right(legend_width)
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(&h.x_title)
        .y_desc(&h.y_title)
        .axis_desc_style(theme::text(size.font(16.0), INK))
        .axis_style(MUTED)
        .draw()?;
    let (cell_w, _) = {
        let (a, _) = chart.backend_coord(&(0.0, 0.0));
        let (b, _) = chart.backend_coord(&(1.0, 0.0));
        (b - a, 0)
    };
    let text_size = size.font(13.0).min(f64::from(cell_w.max(1)) / 4.0);
    // Winners in order of first appearance (row by row), each in its look from every other chart.
    let looks = super::style::looks(&g.looks.iter().map(|(_, w)| *w).collect::<Vec<_>>());
    let index = |id: &str| g.providers.iter().position(|(p, _)| p == id);
    let label = |id: &str| index(id).map_or(id.to_string(), |k| g.looks[k].0.clone());
    let mut winners: Vec<&str> = Vec::new();
    for id in g.cheapest.iter().flatten().flatten() {
        if !winners.contains(&id.as_str()) {
            winners.push(id);
        }
    }
    let color_of = |id: &Option<String>| match id {
        Some(id) => index(id).map_or(NONE, |k| looks[k].color),
        None => NONE,
    };
    for row in 0..ny {
        for col in 0..nx {
            let (fill, text) = match &g.ratio {
                Some(ratio) => match ratio[row][col] {
                    Some(r) => (ratio_color(r), format!("{r:.2}")),
                    None => (NONE, "—".into()),
                },
                None => {
                    let id = &g.cheapest[row][col];
                    (color_of(id), id.as_deref().map_or("none".into(), label))
                }
            };
            let (x, y) = (col as f64, row as f64);
            chart.draw_series(std::iter::once(Rectangle::new([(x, y), (x + 1.0, y + 1.0)], fill.filled())))?;
            chart.draw_series(std::iter::once(Rectangle::new([(x, y), (x + 1.0, y + 1.0)], WHITE.stroke_width(1))))?;
            let style = theme::text(text_size, ink_on(fill)).pos(Pos::new(HPos::Center, VPos::Center));
            let (w, _) = root.estimate_text_size(&text, &style)?;
            if (w as i32) < cell_w - 4 {
                let (px, py) = chart.backend_coord(&(x + 0.5, y + 0.5));
                root.draw_text(&text, &style, (px, py))?;
            }
        }
    }
    // Tick labels at cell centres, thinned so they do not collide.
    let tick = theme::text(size.font(13.0), INK);
    let every = |n: usize| n.div_ceil(8).max(1);
    for (col, v) in g.x.values.iter().enumerate().step_by(every(nx)) {
        let (px, py) = chart.backend_coord(&(col as f64 + 0.5, 0.0));
        root.draw_text(
            &(h.x_units)(*v),
            &tick.clone().pos(Pos::new(HPos::Center, VPos::Top)),
            (px, py + size.px(6.0)),
        )?;
    }
    for (row, v) in g.y.values.iter().enumerate().step_by(every(ny)) {
        let (px, py) = chart.backend_coord(&(0.0, row as f64 + 0.5));
        root.draw_text(
            &(h.y_units)(*v),
            &tick.clone().pos(Pos::new(HPos::Right, VPos::Center)),
            (px - size.px(6.0), py),
        )?;
    }
    // Legend to the right: providers that win somewhere, or the ratio scale.
    let (right, top) = chart.backend_coord(&(nx as f64, ny as f64));
    let x = right + size.px(20.0);
    let swatch = size.px(14.0);
    let style = theme::text(size.font(14.0), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let entries: Vec<(String, RGBColor)> = match &g.pair {
        Some((a, b)) => [0.5, 0.75, 1.0, 1.5, 2.0]
            .iter()
            .map(|r| {
                let who = if *r < 1.0 {
                    format!(" ({a} cheaper)")
                } else if *r > 1.0 {
                    format!(" ({b} cheaper)")
                } else {
                    String::new()
                };
                (format!("{r:.2}{who}"), ratio_color(*r))
            })
            .collect(),
        None => winners
            .iter()
            .map(|id| {
                let kind = g.providers.iter().find(|(p, _)| p == id).map_or("", |(_, k)| k.as_str());
                (format!("{} ({kind})", label(id)), color_of(&Some(id.to_string())))
            })
            .collect(),
    };
    for (i, (label, color)) in entries.iter().enumerate() {
        let y = top + size.px(10.0) + i as i32 * size.px(24.0);
        root.draw(&Rectangle::new([(x, y - swatch / 2), (x + swatch, y + swatch / 2)], color.filled()))?;
        root.draw(&Rectangle::new([(x, y - swatch / 2), (x + swatch, y + swatch / 2)], MUTED.stroke_width(1)))?;
        root.draw_text(label, &style, (x + swatch + size.px(8.0), y))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_colours_are_white_at_one_and_saturate_at_a_factor_two() {
        assert_eq!(ratio_color(1.0), RGBColor(255, 255, 255));
        assert_eq!(ratio_color(0.5), RGBColor(33, 102, 172));
        assert_eq!(ratio_color(4.0), RGBColor(178, 24, 43));
        assert_eq!(ink_on(RGBColor(255, 255, 255)), INK);
        assert_eq!(ink_on(RGBColor(0x33, 0x22, 0x88)), WHITE);
    }
}
