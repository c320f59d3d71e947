//! Charts, drawn with plotters from the analyses' results: each as SVG and PNG, in one embedded font
//! and one colour-blind-safe palette, so a PNG is the same on every machine.

mod axis;
mod bars;
mod breakdown;
mod bridge;
mod cdf;
mod heatmap;
mod latency;
mod lines;
mod report;
pub mod style;
mod sweep;
pub mod theme;
mod tornado;
mod typeset;
mod units;
mod whatif;

use crate::analysis::RunInfo;
use crate::base::format;
use plotters::coord::Shift;
use plotters::prelude::*;
pub use report::render_all;
use theme::Frame;
pub use theme::Size;
use thiserror::Error;
use typeset::Typeset;
pub use whatif::{render_grid, render_sweep, render_tornado, slug};

/// Every chart `report` can draw, by file stem.
pub const NAMES: [&str; 9] =
    ["cost", "unit-cost", "breakdown", "latency", "wall-clock", "margin", "margin-bridge", "cost-cdf", "tornado"];

/// A chart could not be drawn or encoded.
#[derive(Debug, Error)]
#[error("cannot draw chart {chart}: {message}")]
pub struct ChartError {
    /// Which chart.
    pub chart: String,
    /// What went wrong.
    pub message: String,
}

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem, e.g. `cost`.
    pub name: String,
    /// Title, for the memo's heading and image alt text.
    pub title: String,
    /// How to read it, for the memo.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
    /// The PNG file.
    pub png: Vec<u8>,
}

/// Something that draws itself on any plotters backend.
pub(crate) trait Draw {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        size: Size,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>;
}

fn encode_png(rgb: &[u8], size: Size) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size.width, size.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Refuses to draw from a number that is not finite: plotters panics or loops forever on a range with a
/// NaN or an infinity in it (issue 13). Callers pass every value a chart scales its axes by.
fn finite(chart: &str, values: impl IntoIterator<Item = f64>) -> Result<(), ChartError> {
    match values.into_iter().find(|v| !v.is_finite()) {
        Some(v) => Err(ChartError {
            chart: chart.to_string(),
            message: format!("a value to draw is {v}, not a finite number"),
        }),
        None => Ok(()),
    }
}

/// Draws `chart` twice: into an SVG string and into an RGB buffer encoded as PNG.
fn render(name: &str, frame: &Frame, caption: String, chart: &impl Draw, size: Size) -> Result<Chart, ChartError> {
    let title = frame.title.clone();
    let fail = |message: String| ChartError { chart: name.to_string(), message };
    let mut svg = String::new();
    {
        let root = Typeset::vector(SVGBackend::with_string(&mut svg, (size.width, size.height))).into_drawing_area();
        chart.draw(&root, size).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    let mut rgb = vec![0u8; size.width as usize * size.height as usize * 3];
    {
        let root = Typeset::raster(BitMapBackend::with_buffer(&mut rgb, (size.width, size.height))).into_drawing_area();
        chart.draw(&root, size).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    let png = encode_png(&rgb, size).map_err(fail)?;
    Ok(Chart { name: name.to_string(), title, caption, svg, png })
}

/// The subtitle's start (trials, seed, catalog date) and the footer (version, file, overrides) of `run`.
fn run_lines(run: &RunInfo) -> (String, String) {
    let how = if run.samples > 1 {
        format!(
            "{} trials · seed {} · catalog as of {}",
            format::thousands(run.samples as f64),
            run.seed,
            run.catalog_date
        )
    } else {
        format!("point estimate (every input at its median) · catalog as of {}", run.catalog_date)
    };
    let sets = match run.overrides.len() {
        0 => String::new(),
        1 => format!(" · --set {}", run.overrides[0]),
        n => format!(" · {n} --set overrides (see the memo)"),
    };
    (how, format!("computecost {} · {} · {}{sets}", run.version, run.file, run.workload))
}

/// The frame of a chart of `run`: `title` with the scenario's name, the run line plus `extra`.
fn frame_for(run: &RunInfo, title: &str, extra: &str, legend: Vec<theme::Key>) -> Frame {
    let (how, footer) = run_lines(run);
    Frame { title: format!("{title}: {}", run.name), subtitle: format!("{how}{extra}"), footer, legend }
}
