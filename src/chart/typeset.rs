//! Text for the PNG charts, laid out glyph by glyph from the embedded font.
//!
//! plotters 0.3.7 rasterises ab_glyph text without each glyph's left side bearing and rounds the pen
//! position per glyph, so "lambda" renders as "lamb da". [`Typeset`] wraps a backend and draws text
//! itself: fractional pen positions, kerning, side bearings, and the same box (advance width × font
//! height) for measuring and drawing, so labels placed from a measurement land where they are drawn.
//!
//! For SVG, text stays text; only its size is corrected. plotters writes `font-size = size / 1.24`, while
//! a PNG glyph run of size `s` is `s / 1.164` px per em in DejaVu Sans (ascent − descent = 1.164 em), so
//! the SVG would print text 6% smaller than the PNG. [`Resized`] hands the SVG backend the size that gives
//! both the same em.

use super::theme;
use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters::prelude::DrawingBackend;
use plotters::style::FontStyle;
use plotters_backend::text_anchor::{self, HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontFamily, FontTransform,
};
use std::sync::OnceLock;

/// The parsed embedded faces, regular and bold.
fn faces() -> &'static (FontRef<'static>, FontRef<'static>) {
    static FACES: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();
    FACES.get_or_init(|| {
        // Both files are embedded at build time; every chart test would fail if either were corrupt.
        let parse = |bytes| FontRef::try_from_slice(bytes).expect("embedded font parses");
        (parse(theme::REGULAR), parse(theme::BOLD))
    })
}

fn face(style: FontStyle) -> &'static FontRef<'static> {
    let (regular, bold) = faces();
    if matches!(style, FontStyle::Bold) { bold } else { regular }
}

/// Pen positions of each glyph of `text`, and the advance width of the whole run, in px.
fn layout(font: &FontRef<'static>, size: f32, text: &str) -> (Vec<(GlyphId, f32)>, f32) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut pen = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        glyphs.push((id, pen));
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
    (glyphs, pen)
}

/// The box `text` occupies: advance width × font size (ascent to descent), in whole px.
fn measure(style: FontStyle, size: f64, text: &str) -> (u32, u32) {
    let (_, width) = layout(face(style), size as f32, text);
    (width.ceil() as u32, size.ceil() as u32)
}

/// plotters' SVG backend writes `font-size` as the style's size over this.
const SVG_SIZE_DIVISOR: f64 = 1.24;

/// A text style whose size is replaced, everything else passed through.
struct Resized<'a, S> {
    inner: &'a S,
    size: f64,
}

impl<S: BackendTextStyle> BackendTextStyle for Resized<'_, S> {
    type FontError = S::FontError;

    fn color(&self) -> BackendColor {
        self.inner.color()
    }

    fn size(&self) -> f64 {
        self.size
    }

    fn transform(&self) -> FontTransform {
        self.inner.transform()
    }

    fn style(&self) -> FontStyle {
        self.inner.style()
    }

    fn anchor(&self) -> text_anchor::Pos {
        self.inner.anchor()
    }

    fn family(&self) -> FontFamily<'_> {
        self.inner.family()
    }

    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.inner.layout_box(text)
    }

    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        self.inner.draw(text, pos, draw)
    }
}

/// The SVG size that gives a run of plotters size `size` the same em as the PNG.
fn svg_size(style: FontStyle, size: f64) -> f64 {
    let font = face(style);
    let height_in_em = f64::from(font.height_unscaled() / font.units_per_em().unwrap_or(2048.0));
    size * SVG_SIZE_DIVISOR / height_in_em
}

/// A backend whose text is measured from the embedded font and, when `raster`, drawn by us.
pub struct Typeset<B> {
    inner: B,
    raster: bool,
}

impl<B: DrawingBackend> Typeset<B> {
    /// Wraps a bitmap backend: text is measured and rasterised here.
    pub fn raster(inner: B) -> Self {
        Typeset { inner, raster: true }
    }

    /// Wraps a vector backend: text is measured here and written as text by `inner`.
    pub fn vector(inner: B) -> Self {
        Typeset { inner, raster: false }
    }
}

impl<B: DrawingBackend> DrawingBackend for Typeset<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(measure(style.style(), style.size(), text))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if !self.raster {
            let resized = Resized { inner: style, size: svg_size(style.style(), style.size()) };
            return self.inner.draw_text(text, &resized, pos);
        }
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let font = face(style.style());
        let size = style.size() as f32;
        let scaled = font.as_scaled(PxScale::from(size));
        let (glyphs, width) = layout(font, size, text);
        let anchor = style.anchor();
        let dx = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let dy = match anchor.v_pos {
            VPos::Top => 0.0,
            VPos::Center => -size / 2.0,
            VPos::Bottom => -size,
        };
        let baseline = scaled.ascent();
        let transform = style.transform();
        let (w, h) = self.get_size();
        let mut result = Ok(());
        for (id, pen) in glyphs {
            let glyph = id.with_scale_and_position(PxScale::from(size), point(pen + dx, baseline + dy));
            let Some(outline) = scaled.outline_glyph(glyph) else { continue };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                if result.is_err() || coverage <= 0.0 {
                    return;
                }
                let (x, y) = transform.transform(bounds.min.x as i32 + gx as i32, bounds.min.y as i32 + gy as i32);
                let (x, y) = (pos.0 + x, pos.1 + y);
                if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                    let alpha = color.alpha * f64::from(coverage.min(1.0));
                    result = self.inner.draw_pixel((x, y), BackendColor { alpha, rgb: color.rgb });
                }
            });
            if result.is_err() {
                break;
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_includes_kerning_and_grows_with_text() {
        let (a, h) = measure(FontStyle::Normal, 14.0, "lambda");
        let (b, _) = measure(FontStyle::Normal, 14.0, "lambda lambda");
        assert_eq!(h, 14);
        assert!(a > 30 && a < 60, "{a}");
        assert!(b > 2 * a, "{a} {b}");
        let (bold, _) = measure(FontStyle::Bold, 14.0, "lambda");
        assert!(bold > a, "bold is wider: {bold} vs {a}");
    }

    #[test]
    fn svg_text_gets_the_em_of_the_png() {
        // DejaVu Sans: ascent 0.928 em + descent 0.236 em = 1.164 em per unit of ab_glyph scale.
        let size = svg_size(FontStyle::Normal, 14.0);
        let em_svg = size / SVG_SIZE_DIVISOR;
        assert!((em_svg - 14.0 / 1.164).abs() < 0.01, "{em_svg}");
    }

    #[test]
    fn pen_positions_increase_with_side_bearings_kept() {
        let (glyphs, width) = layout(face(FontStyle::Normal), 20.0, "AV");
        let (alone, _) = layout(face(FontStyle::Normal), 20.0, "A");
        let (_, a_width) = layout(face(FontStyle::Normal), 20.0, "A");
        assert_eq!(glyphs.len(), 2);
        assert_eq!(alone[0].1, 0.0);
        // DejaVu Sans kerns "AV" tighter than the two advances.
        assert!(glyphs[1].1 < a_width, "{} vs {a_width}", glyphs[1].1);
        assert!(width > a_width);
    }
}
