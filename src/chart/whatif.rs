//! The charts of the what-if commands: a sweep, a two-input grid, a tornado.

use super::heatmap::{self, HeatMap};
use super::sweep::{self as sweep_chart, SweepChart};
use super::tornado::{self, Tornado};
use super::units::Units;
use super::{Chart, ChartError, Draw, Size, frame_for, render};
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::sweep::{Grid, Sweep};
use crate::base::format;
use crate::model::fields::{Unit, path_of, unit_of_input};
use plotters::coord::Shift;
use plotters::prelude::*;

impl Draw for SweepChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        sweep_chart::draw(root, self, size)
    }
}

impl Draw for HeatMap<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        heatmap::draw(root, self, size)
    }
}

impl Draw for Tornado<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        tornado::draw(root, self, size)
    }
}

/// A file-name slug of an input path: `workload.requests_per_month` → `workload-requests_per_month`.
pub fn slug(path: &str) -> String {
    path.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '-' }).collect()
}

/// How values of the input at `path` read, and its axis title.
fn input_axis(path: &str, currency: &str, log: bool) -> (String, impl Fn(f64) -> String + use<>) {
    let unit = unit_of_input(path).unwrap_or(Unit::Plain(""));
    let name = unit.name(currency);
    let title = match (name.is_empty(), log) {
        (true, false) => path.to_string(),
        (true, true) => format!("{path} (log scale)"),
        (false, false) => format!("{path} ({name})"),
        (false, true) => format!("{path} ({name}, log scale)"),
    };
    let currency = currency.to_string();
    (title, move |v: f64| match unit {
        Unit::Money(_) => format::money_tick(v, &currency),
        Unit::Fraction => format!("{}%", format::tick(v * 100.0)),
        Unit::Plain(_) => format::tick(v),
    })
}

/// The chart of a one-input sweep: `sweep-<input>`.
pub fn render_sweep(s: &Sweep, size: Size) -> Result<Chart, ChartError> {
    let cells = s.cells.iter().flatten().filter_map(|c| c.stats).flat_map(|st| [st.p5, st.p50, st.p95]);
    super::finite("the sweep", s.axis.values.iter().copied().chain(cells))?;
    let run = &s.scenario;
    let (x_title, x_units) = input_axis(&s.axis.path, &run.currency, s.axis.log);
    let y_units = Units::of(s.metric.quantity(), &run.currency);
    let what = s.metric.title(&run.unit);
    let bands = if run.samples > 1 { "median (line) and 5th–95th percentile (band)" } else { "point estimates" };
    let chart = SweepChart {
        frame: frame_for(
            run,
            &format!("{} against {}", crate::base::text::capitalized(&what), path_of(&s.axis.path)),
            &format!(" · {bands}"),
            super::style::way_keys(&s.looks.iter().map(|(_, w)| *w).collect::<Vec<_>>()),
        ),
        sweep: s,
        x_title,
        x_units: Box::new(x_units),
        y_title: format!("{what} ({})", y_units.name()),
        y_units,
    };
    let caption = format!(
        "Each provider's {what} as `{}` moves from {} to {}, every step on the same trials. Dashed vertical \
         lines mark break-evens; hollow points miss the latency objectives in more than 5% of trials; a cross \
         on the axis marks a step where the provider cannot run the workload.",
        s.axis.path,
        (chart.x_units)(s.axis.values[0]),
        (chart.x_units)(*s.axis.values.last().expect("two values at least"))
    );
    render(&format!("sweep-{}", slug(&s.axis.path)), &chart.frame, caption, &chart, size)
}

/// The chart of a two-input sweep: `sweep-<x>-by-<y>`.
pub fn render_grid(g: &Grid, size: Size) -> Result<Chart, ChartError> {
    let ratios = g.ratio.iter().flatten().flatten().flatten().copied();
    super::finite("the grid", g.x.values.iter().chain(&g.y.values).copied().chain(ratios))?;
    let run = &g.scenario;
    // Grid values are not round numbers: 3 significant figures, in the input's unit.
    let (x_title, _) = input_axis(&g.x.path, &run.currency, g.x.log);
    let (y_title, _) = input_axis(&g.y.path, &run.currency, g.y.log);
    let (xu, yu) =
        (unit_of_input(&g.x.path).unwrap_or(Unit::Plain("")), unit_of_input(&g.y.path).unwrap_or(Unit::Plain("")));
    let currency = run.currency.clone();
    let x_units = move |v: f64| xu.show_bare(v, &currency);
    let currency = run.currency.clone();
    let y_units = move |v: f64| yu.show_bare(v, &currency);
    let (title, extra) = match &g.pair {
        Some((a, b)) => (
            format!("{a} / {b} by {} and {}", path_of(&g.x.path), path_of(&g.y.path)),
            format!(" · ratio of the medians of {}", g.metric.title(&run.unit)),
        ),
        None => (
            format!("Cheapest provider by {} and {}", path_of(&g.x.path), path_of(&g.y.path)),
            format!(" · lowest median {}", g.metric.title(&run.unit)),
        ),
    };
    let chart = HeatMap {
        frame: frame_for(run, &title, &extra, Vec::new()),
        grid: g,
        x_title,
        y_title,
        x_units: Box::new(x_units),
        y_units: Box::new(y_units),
    };
    let caption = match &g.pair {
        Some((a, b)) => format!(
            "The median {} of {a} divided by that of {b} at each point of the grid: below 1 (blue) {a} is \
             cheaper, above 1 (red) {b} is.",
            g.metric.title(&run.unit)
        ),
        None => "The provider with the lowest median at each point of the grid.".to_string(),
    };
    let name = format!("sweep-{}-by-{}", slug(&g.x.path), slug(&g.y.path));
    render(&name, &chart.frame, caption, &chart, size)
}

/// The tornado chart of a sensitivity analysis, named `name`.
pub fn render_tornado(s: &Sensitivity, name: &str, size: Size) -> Result<Chart, ChartError> {
    let effects = s.inputs.iter().flat_map(|e| [Some(e.low), Some(e.high), e.at_low, e.at_high, Some(e.swing)]);
    super::finite(name, s.base.into_iter().chain(effects.flatten()))?;
    let run = &s.scenario;
    let units = Units::of(s.metric.quantity(), &run.currency);
    let chart = Tornado {
        frame: frame_for(
            run,
            &format!("What moves {}", s.target_title()),
            " · each input from its 5th to its 95th percentile, the others at their medians",
            tornado::legend().into_iter().map(super::theme::Key::from).collect(),
        ),
        sensitivity: s,
        units,
    };
    let caption = format!(
        "How far {} moves when one uncertain input goes from its 5th to its 95th percentile while every other \
         input stays at its median; the longest bars matter most. The vertical line is the value with every \
         input at its median; ρ is the rank correlation of the input with the result over the trials.",
        s.target_title()
    );
    let notes = tornado::notes(&s.inputs, s.base, &chart.units);
    let caption = if notes.is_empty() { caption } else { format!("{caption} {}", notes.join(" ")) };
    render(name, &chart.frame, caption, &chart, size)
}
