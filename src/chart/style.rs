//! Each provider's look, the same on every chart of a run: a colour of its own (Okabe & Ito's
//! colour-blind-safe palette), a mark whose shape says which way it gets the work done (circle: rent on a
//! cloud; triangle: rent on a marketplace or network; square: own; diamond: buy tokens), and for lines a
//! dash pattern once the colours come round again. Looks are dealt in the scenario's provider order, so a
//! provider keeps its look from the cost chart to the CDF, the sweep and the heat map.

use super::theme::{self, INK, MUTED, Size};
use crate::analysis::ways::Way;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The providers' colours, most distinct first (Okabe and Ito, "Color Universal Design", 2008; black
/// is kept for text and objectives, yellow comes last as the faintest on white).
pub const COLORS: [RGBColor; 7] = [
    theme::okabe_ito::BLUE,
    theme::okabe_ito::ORANGE,
    theme::okabe_ito::GREEN,
    theme::okabe_ito::VERMILLION,
    theme::okabe_ito::SKY,
    theme::okabe_ito::PURPLE,
    theme::okabe_ito::YELLOW,
];

/// Solid, dashed, dotted, long-dashed (dash, gap at 700 px): the n-th time a colour is dealt.
pub const PATTERNS: [(f64, f64); 4] = [(0.0, 0.0), (12.0, 6.0), (3.0, 5.0), (22.0, 7.0)];

/// The shape of a provider's mark: which way it gets the work done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Rent GPUs on a cloud.
    Circle,
    /// Rent GPUs on a marketplace or a decentralized network.
    Triangle,
    /// Own the GPUs.
    Square,
    /// Buy tokens from a serverless API.
    Diamond,
}

impl Mark {
    /// The mark of a way.
    pub fn of(way: Way) -> Mark {
        match way {
            Way::Cloud => Mark::Circle,
            Way::Network => Mark::Triangle,
            Way::Owned => Mark::Square,
            Way::Tokens => Mark::Diamond,
        }
    }
}

/// How one provider is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Its colour: bars, lines, its mark.
    pub color: RGBColor,
    /// Its mark's shape (by way).
    pub mark: Mark,
    /// Its lines' dash and gap at 700 px (0, 0: solid).
    pub pattern: (f64, f64),
}

/// The looks of providers of these ways, in order: each takes the first colour, from its own place in the
/// palette round, that no provider of the same mark has yet, so no two providers share both colour and
/// mark (up to 28); a colour dealt again gets the next dash pattern, so no two lines look alike either.
pub fn looks(ways: &[Way]) -> Vec<Look> {
    let mut dealt: Vec<Look> = Vec::with_capacity(ways.len());
    for (i, way) in ways.iter().enumerate() {
        let mark = Mark::of(*way);
        let color = (0..COLORS.len())
            .map(|k| COLORS[(i + k) % COLORS.len()])
            .find(|c| !dealt.iter().any(|l| l.color == *c && l.mark == mark))
            .unwrap_or(COLORS[i % COLORS.len()]);
        let before = dealt.iter().filter(|l| l.color == color).count();
        dealt.push(Look { color, mark, pattern: PATTERNS[before % PATTERNS.len()] });
    }
    dealt
}

/// Draws `mark` centred on `(x, y)` with half-width `r`, filled with `color` and outlined in ink.
pub fn draw_mark<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    mark: Mark,
    (x, y): (i32, i32),
    r: i32,
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let outline = INK.stroke_width(1);
    let points: Vec<(i32, i32)> = match mark {
        Mark::Circle => {
            root.draw(&Circle::new((x, y), r, color.filled()))?;
            return root.draw(&Circle::new((x, y), r, outline));
        }
        Mark::Triangle => vec![(x, y - r - 1), (x + r + 1, y + r - 1), (x - r - 1, y + r - 1)],
        Mark::Square => {
            vec![(x - r + 1, y - r + 1), (x + r - 1, y - r + 1), (x + r - 1, y + r - 1), (x - r + 1, y + r - 1)]
        }
        Mark::Diamond => vec![(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)],
    };
    root.draw(&Polygon::new(points.clone(), color.filled()))?;
    let mut closed = points.clone();
    closed.push(points[0]);
    root.draw(&PathElement::new(closed, outline))
}

/// The mark's half-width at this size.
pub fn mark_radius(size: Size) -> i32 {
    size.px(7.0).max(3)
}

/// The legend of the marks of the ways present, in grey: what a shape means.
pub fn way_keys(ways: &[Way]) -> Vec<theme::Key> {
    [Way::Cloud, Way::Network, Way::Owned, Way::Tokens]
        .into_iter()
        .filter(|w| ways.contains(w))
        .map(|w| theme::Key { label: w.label().to_string(), color: MUTED, mark: Some(Mark::of(w)) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_providers_share_a_look() {
        // The flagship's order: four clouds, four networks, two token APIs, one owned fleet.
        let ways = [
            [Way::Cloud; 4].as_slice(),
            [Way::Network; 4].as_slice(),
            [Way::Tokens; 2].as_slice(),
            [Way::Owned].as_slice(),
        ]
        .concat();
        let l = looks(&ways);
        for (i, a) in l.iter().enumerate() {
            for b in &l[i + 1..] {
                assert!(a.color != b.color || a.mark != b.mark, "{a:?} and {b:?} share colour and mark");
                assert!(a.color != b.color || a.pattern != b.pattern, "{a:?} and {b:?} draw the same line");
            }
        }
        // Seven clouds take the seven colours; the eighth repeats the first with the next dash.
        let clouds = looks(&[Way::Cloud; 8]);
        assert_eq!(clouds[7].color, clouds[0].color);
        assert_eq!(clouds[7].pattern, PATTERNS[1]);
        // A provider keeps its look whatever follows it.
        assert_eq!(looks(&ways[..3]), l[..3]);
    }
}
