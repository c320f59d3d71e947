//! One look for every chart: the embedded font, the palette, sizes, and the frame (title, subtitle, kind
//! legend, footer) that every chart is drawn inside.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::Once;

/// The embedded fonts: DejaVu Sans (Bitstream Vera licence, assets/fonts/LICENSE), so a PNG renders the
/// same on every machine and needs no system font.
pub(crate) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name charts ask for (the SVGs reference it too).
pub const FAMILY: &str = "DejaVu Sans";

static FONTS: Once = Once::new();

/// Registers the embedded fonts with plotters, once per process, before any text is laid out.
pub fn register_fonts() {
    FONTS.call_once(|| {
        // Both files are embedded and valid; a failure here is a build defect caught by every chart test.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD);
    });
}

/// Okabe & Ito's colour-blind-safe palette (Okabe and Ito, "Color Universal Design", 2008).
pub mod okabe_ito {
    use plotters::style::RGBColor;
    /// Orange.
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    /// Sky blue.
    pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    /// Bluish green.
    pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    /// Yellow.
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    /// Blue.
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    /// Vermillion.
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    /// Reddish purple.
    pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
}

/// Text and axes.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Subtitles, footers, infeasible rows.
pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Objective lines (latency SLOs, margin before AI): ink, as the providers take every palette colour.
pub const MARK: RGBColor = INK;

/// Chart dimensions and the text sizes that follow from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
}

impl Size {
    /// The default: readable in a memo at full column width.
    pub const DEFAULT: Size = Size { width: 1200, height: 700 };

    /// A font size scaled to the chart height (designed at 700 px).
    pub fn font(&self, px_at_700: f64) -> f64 {
        px_at_700 * f64::from(self.height) / 700.0
    }

    /// A length scaled to the chart height.
    pub fn px(&self, px_at_700: f64) -> i32 {
        (px_at_700 * f64::from(self.height) / 700.0).round() as i32
    }
}

/// A text style in the embedded family.
pub fn text(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

/// A bold text style in the embedded family.
pub fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size, FontStyle::Bold).into_font().color(&color)
}

/// What every chart says around its plot.
#[derive(Debug, Clone)]
pub struct Frame {
    /// What the chart shows, and of which scenario.
    pub title: String,
    /// Trials, seed, catalog date, how to read it.
    pub subtitle: String,
    /// Small print at the bottom (tool version, file).
    pub footer: String,
    /// Legend keys, drawn right-aligned on the footer line.
    pub legend: Vec<Key>,
}

/// One legend key: a label and a colour, drawn as a mark's shape or, without one, a square swatch.
#[derive(Debug, Clone)]
pub struct Key {
    /// What it stands for.
    pub label: String,
    /// Its colour.
    pub color: RGBColor,
    /// Its shape (`None`: a swatch).
    pub mark: Option<super::style::Mark>,
}

impl From<(String, RGBColor)> for Key {
    fn from((label, color): (String, RGBColor)) -> Key {
        Key { label, color, mark: None }
    }
}

/// Draws the frame on `root` and returns the area left for the plot.
pub fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    size: Size,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    register_fonts();
    root.fill(&WHITE)?;
    let margin = size.px(24.0);
    let room = size.width as i32 - 2 * margin;
    root.draw_text(&frame.title, &fitted(root, &frame.title, 26.0, 18.0, room, size, true)?, (margin, size.px(18.0)))?;
    let subtitle = fitted(root, &frame.subtitle, 15.0, 11.0, room, size, false)?;
    root.draw_text(&frame.subtitle, &subtitle, (margin, size.px(56.0)))?;
    let bottom = size.height as i32 - size.px(14.0);
    let footer_style = text(size.font(12.0), MUTED).pos(Pos::new(HPos::Left, VPos::Bottom));
    root.draw_text(&frame.footer, &footer_style, (margin, bottom))?;
    draw_swatches(root, &frame.legend, size.width as i32 - margin, bottom - size.px(8.0), size)?;
    Ok(root.margin(size.px(84.0), size.px(40.0), margin, margin))
}

/// The title (bold) or subtitle style at `px` (at 700 px high), shrunk toward `min_px` until `text` fits in
/// `room` pixels, so a long scenario name is never clipped.
fn fitted<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text_: &str,
    px: f64,
    min_px: f64,
    room: i32,
    size: Size,
    is_bold: bool,
) -> Result<TextStyle<'static>, DrawingAreaErrorKind<DB::ErrorType>> {
    let style = |p: f64| if is_bold { bold(size.font(p), INK) } else { text(size.font(p), MUTED) };
    let (w, _) = root.estimate_text_size(text_, &style(px))?;
    let scaled = if w as i32 > room { (px * f64::from(room) / f64::from(w)).max(min_px) } else { px };
    Ok(style(scaled))
}

/// Draws legend keys in a row that ends at `right`, centred on `y`.
pub fn draw_swatches<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    items: &[Key],
    right: i32,
    y: i32,
    size: Size,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = text(size.font(14.0), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let swatch = size.px(14.0);
    let mut x = right;
    for key in items.iter().rev() {
        let (w, _) = root.estimate_text_size(&key.label, &style)?;
        x -= w as i32;
        root.draw_text(&key.label, &style, (x, y))?;
        x -= swatch + size.px(6.0);
        match key.mark {
            Some(mark) => super::style::draw_mark(root, mark, (x + swatch / 2, y), swatch / 2, key.color)?,
            None => {
                root.draw(&Rectangle::new([(x, y - swatch / 2), (x + swatch, y + swatch / 2)], key.color.filled()))?
            }
        }
        x -= size.px(22.0);
    }
    Ok(())
}

/// `text` broken into lines no wider than `width` pixels in `style`, at spaces.
pub fn wrap_to<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text_: &str,
    style: &TextStyle<'_>,
    width: i32,
) -> Vec<String> {
    let fits = |s: &str| area.estimate_text_size(s, style).map_or(true, |(w, _)| w as i32 <= width);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text_.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if fits(&candidate) || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
