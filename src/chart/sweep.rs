//! A sweep: each provider's median (line) and 5th–95th percentile (band) against the swept input, the
//! break-evens marked, steps that miss the latency objectives drawn hollow, and infeasible steps as gaps
//! with a cross on the axis.
//!
//! Ten overlapping bands cannot be read, so only the providers that matter are drawn in their looks and
//! labelled at their line's end: every provider cheapest at some step or in a break-even, then the
//! cheapest at the middle step up to [`HIGHLIGHTED`]. The rest are thin grey lines without bands, named
//! in one line beside the plot.

use super::axis;
use super::bars::LOG_SPAN;
use super::lines::{self, Entry, Pen};
use super::theme::{self, Frame, INK, MARK, MUTED, Size};
use super::units::Units;
use crate::analysis::sweep::{SLO_SHARE, Sweep};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// At least this many providers are drawn in colour (more when more are cheapest somewhere).
pub const HIGHLIGHTED: usize = 5;

/// The providers drawn in colour, by index: those cheapest at some step or named in a break-even, then
/// the cheapest at the middle step until there are [`HIGHLIGHTED`].
pub fn highlighted(s: &Sweep) -> Vec<usize> {
    let index = |id: &str| s.providers.iter().position(|(p, _)| p == id);
    let mut picked: Vec<usize> = Vec::new();
    let named = s.cheapest.iter().flatten().map(String::as_str);
    let crossing = s.break_evens.iter().flat_map(|b| [b.below.as_str(), b.above.as_str()]);
    for k in named.chain(crossing).filter_map(index) {
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    let middle = &s.cells[s.cells.len() / 2];
    let mut by_cost: Vec<usize> = (0..s.providers.len()).filter(|k| middle[*k].stats.is_some()).collect();
    by_cost.sort_by(|a, b| {
        middle[*a]
            .stats
            .map(|x| x.p50)
            .unwrap_or(f64::INFINITY)
            .total_cmp(&middle[*b].stats.map(|x| x.p50).unwrap_or(f64::INFINITY))
    });
    for k in by_cost {
        if picked.len() >= HIGHLIGHTED {
            break;
        }
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    picked.sort_unstable();
    picked
}

/// What to draw: the sweep and how its values read.
pub struct SweepChart<'a> {
    /// Title, subtitle, footer, legend.
    pub frame: Frame,
    /// The sweep.
    pub sweep: &'a Sweep,
    /// X axis title (the input with its unit).
    pub x_title: String,
    /// How the swept input reads.
    pub x_units: Box<dyn Fn(f64) -> String + 'a>,
    /// Y axis title.
    pub y_title: String,
    /// How the metric reads.
    pub y_units: Units,
}

/// Draws the sweep.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &SweepChart<'_>,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let area = theme::draw_frame(root, &c.frame, size)?;
    let s = c.sweep;
    let values: Vec<f64> =
        s.cells.iter().flatten().filter_map(|cell| cell.stats).flat_map(|st| [st.p5, st.p50, st.p95]).collect();
    let y_lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let y_hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (y_lo, y_hi) = if y_lo.is_finite() && y_hi > y_lo { (y_lo, y_hi) } else { (0.0, y_hi.max(1.0)) };
    let (first, last) = (s.axis.values[0], s.axis.values[s.axis.values.len() - 1]);
    let (x0, x1) = (first.min(last), first.max(last));
    let (x0, x1) = if s.axis.log { axis::log_range(x0, x1) } else { (x0, x1) };
    let labels: Vec<String> = s.looks.iter().map(|(l, _)| l.clone()).chain(marker_labels()).collect();
    let mut builder = ChartBuilder::on(&area);
    builder
        .x_label_area_size(size.px(56.0))
        .y_label_area_size(size.px(84.0))
        .margin_right(lines::legend_width(&area, &labels, size))
        .margin_top(size.px(26.0));
    let y_log = y_lo > 0.0 && y_hi / y_lo > LOG_SPAN;
    let (y0, y1) = if y_log {
        axis::log_range(y_lo / 1.2, y_hi * 1.2)
    } else {
        let pad = 0.06 * (y_hi - y_lo);
        (if y_lo >= 0.0 { (y_lo - pad).max(0.0) } else { y_lo - pad }, y_hi + pad)
    };
    let y_title = if y_log { axis::log_title(&c.y_title) } else { c.y_title.clone() };
    match (s.axis.log, y_log) {
        (false, false) => plot(root, builder.build_cartesian_2d(x0..x1, y0..y1)?, c, &y_title, false, size),
        (true, false) => {
            plot(root, builder.build_cartesian_2d((x0..x1).log_scale(), y0..y1)?, c, &y_title, false, size)
        }
        (false, true) => plot(root, builder.build_cartesian_2d(x0..x1, (y0..y1).log_scale())?, c, &y_title, true, size),
        (true, true) => {
            plot(root, builder.build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())?, c, &y_title, true, size)
        }
    }
}

fn marker_labels() -> [String; 3] {
    ["● median, objectives met".into(), "○ misses the objectives".into(), "× cannot run".into()]
}

fn plot<DB, X, Y>(
    root: &DrawingArea<DB, Shift>,
    mut chart: ChartContext<'_, DB, Cartesian2d<X, Y>>,
    c: &SweepChart<'_>,
    y_title: &str,
    y_log: bool,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let s = c.sweep;
    let (x_lo, x_hi) = (chart.x_range().start, chart.x_range().end);
    let (y_lo, y_hi) = (chart.y_range().start, chart.y_range().end);
    {
        let mut mesh = chart.configure_mesh();
        if s.axis.log {
            mesh.disable_x_mesh();
        }
        if y_log {
            mesh.disable_y_mesh();
        }
        mesh.x_labels(if s.axis.log { 0 } else { 7 })
            .y_labels(if y_log { 0 } else { 7 })
            .x_label_formatter(&|v| if s.axis.log { String::new() } else { (c.x_units)(*v) })
            .y_label_formatter(&|v| if y_log { String::new() } else { c.y_units.tick(*v) })
            .x_desc(&c.x_title)
            .y_desc(y_title)
            .axis_desc_style(theme::text(size.font(16.0), INK))
            .label_style(theme::text(size.font(14.0), INK))
            .light_line_style(WHITE)
            .bold_line_style(theme::GRID)
            .axis_style(MUTED)
            .draw()?;
    }
    let tick_style = theme::text(size.font(14.0), INK);
    if s.axis.log {
        for v in axis::log_ticks(x_lo, x_hi, 8) {
            chart.draw_series(std::iter::once(PathElement::new(vec![(v, y_lo), (v, y_hi)], theme::GRID)))?;
            let (px, py) = chart.backend_coord(&(v, y_lo));
            root.draw_text(
                &(c.x_units)(v),
                &tick_style.pos(Pos::new(HPos::Center, VPos::Top)),
                (px, py + size.px(8.0)),
            )?;
        }
    }
    if y_log {
        for v in axis::log_ticks(y_lo, y_hi, 8) {
            chart.draw_series(std::iter::once(PathElement::new(vec![(x_lo, v), (x_hi, v)], theme::GRID)))?;
            let (px, py) = chart.backend_coord(&(x_lo, v));
            root.draw_text(
                &c.y_units.tick(v),
                &tick_style.pos(Pos::new(HPos::Right, VPos::Center)),
                (px - size.px(8.0), py),
            )?;
        }
    }
    let looks = super::style::looks(&s.looks.iter().map(|(_, w)| *w).collect::<Vec<_>>());
    let shown = highlighted(s);
    let grey = RGBColor(0xBB, 0xBB, 0xBB);
    let xs = &s.axis.values;
    // The others first and thin, then the bands, then the highlighted lines over every band.
    for k in (0..s.providers.len()).filter(|k| !shown.contains(k)) {
        for run in feasible_runs(s, k) {
            let points: Vec<(f64, f64)> = run.iter().map(|&i| (xs[i], stat(s, i, k).p50)).collect();
            chart.draw_series(LineSeries::new(points, grey.stroke_width(size.px(1.5).max(1) as u32)))?;
        }
    }
    for &k in &shown {
        for run in feasible_runs(s, k) {
            let upper: Vec<(f64, f64)> = run.iter().map(|&i| (xs[i], stat(s, i, k).p95)).collect();
            let lower: Vec<(f64, f64)> = run.iter().rev().map(|&i| (xs[i], stat(s, i, k).p5)).collect();
            let polygon: Vec<(f64, f64)> = upper.into_iter().chain(lower).collect();
            chart.draw_series(std::iter::once(Polygon::new(polygon, looks[k].color.mix(0.10).filled())))?;
        }
    }
    let radius = size.px(4.0).max(2);
    let mut ends: Vec<(usize, (i32, i32))> = Vec::new();
    for &k in &shown {
        let pen = looks[k];
        for run in feasible_runs(s, k) {
            let points: Vec<(f64, f64)> = run.iter().map(|&i| (xs[i], stat(s, i, k).p50)).collect();
            lines::draw_line(&mut chart, points, pen, size)?;
        }
        if let Some(last) = feasible_runs(s, k).last().and_then(|r| r.last().copied()) {
            ends.push((k, chart.backend_coord(&(xs[last], stat(s, last, k).p50))));
        }
        for (i, &x) in xs.iter().enumerate() {
            let cell = &s.cells[i][k];
            match cell.stats {
                Some(st) => {
                    let (px, py) = chart.backend_coord(&(x, st.p50));
                    let missed = cell.p_slo_met.is_some_and(|p| p < SLO_SHARE);
                    root.draw(&Circle::new((px, py), radius, WHITE.filled()))?;
                    let style = if missed { pen.color.stroke_width(2) } else { pen.color.filled() };
                    root.draw(&Circle::new((px, py), radius, style))?;
                }
                None => {
                    let (px, py) = chart.backend_coord(&(x, y_lo));
                    let r = radius;
                    let style = pen.color.stroke_width(2);
                    root.draw(&PathElement::new(vec![(px - r, py - r - 2 * r), (px + r, py + r - 2 * r)], style))?;
                    root.draw(&PathElement::new(vec![(px - r, py + r - 2 * r), (px + r, py - r - 2 * r)], style))?;
                }
            }
        }
    }
    // Each highlighted line named at its end, with its mark, the names spread so none overlap.
    let (right, top) = chart.backend_coord(&(x_hi, y_hi));
    let (_, bottom) = chart.backend_coord(&(x_hi, y_lo));
    let ys = lines::spread(&ends.iter().map(|(_, p)| p.1).collect::<Vec<_>>(), size.px(20.0), (top, bottom));
    for ((k, _), y) in ends.iter().zip(ys) {
        let r = super::style::mark_radius(size);
        super::style::draw_mark(root, looks[*k].mark, (right + size.px(8.0) + r, y), r, looks[*k].color)?;
        lines::draw_boxed_label(root, &s.looks[*k].0, (right + size.px(14.0) + 2 * r, y), size)?;
    }
    // Break-evens: a dashed line each, labels staggered down from the top.
    let label_style = theme::bold(size.font(13.0), MARK).pos(Pos::new(HPos::Left, VPos::Top));
    for (n, be) in s.break_evens.iter().enumerate() {
        chart.draw_series(DashedLineSeries::new(
            vec![(be.at, y_lo), (be.at, y_hi)],
            size.px(6.0),
            size.px(4.0),
            MARK.stroke_width(size.px(2.0).max(1) as u32),
        ))?;
        let (px, top) = chart.backend_coord(&(be.at, y_hi));
        let text = format!("{} = {} at {}", be.below, be.above, (c.x_units)(be.at));
        let (w, _) = root.estimate_text_size(&text, &label_style)?;
        let (right, _) = chart.backend_coord(&(x_hi, y_hi));
        let x = if px + size.px(6.0) + w as i32 > right { px - size.px(6.0) - w as i32 } else { px + size.px(6.0) };
        root.draw_text(&text, &label_style, (x, top - size.px(22.0) + (n as i32 % 4) * size.px(18.0)))?;
    }
    // Below the names: the grey ones, then what the point styles mean.
    let others: Vec<&str> =
        (0..s.providers.len()).filter(|k| !shown.contains(k)).map(|k| s.looks[k].0.as_str()).collect();
    let mut entries: Vec<Entry> = Vec::new();
    if !others.is_empty() {
        entries.push((format!("grey: {} others", others.len()), None));
    }
    entries.extend(marker_labels().into_iter().map(|l| (l, None::<Pen>)));
    let below = bottom - size.px(24.0) * entries.len() as i32;
    lines::draw_legend(root, &entries, (right + size.px(14.0), below), size)
}

fn stat(s: &Sweep, step: usize, k: usize) -> crate::sim::Stats {
    s.cells[step][k].stats.expect("feasible_runs only yields feasible steps")
}

/// Runs of consecutive steps at which provider `k` is feasible.
fn feasible_runs(s: &Sweep, k: usize) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    for (i, row) in s.cells.iter().enumerate() {
        if row[k].stats.is_some() {
            current.push(i);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}
