//! Charts of `seams report` (docs/output.md), drawn with plotters.
//!
//! Each chart is a function from a plain description (labels, numbers, colours: no `Org`, no
//! metric) to a [`Scene`], a display list in logical pixels; the scene is then rendered to SVG
//! (plotters' SVG backend) and to PNG (plotters' bitmap backend, any scale). Text is drawn and
//! measured with DejaVu Sans embedded in the binary ([`font`]), so output needs no system font
//! and is byte-identical from run to run.
//!
//! * [`journey`]: the journey seam chart (swimlanes by team, grouped by silo, the journey as a
//!   path, each seam marked, the line of visibility);
//! * [`matrix`]: the silo × silo handoff heatmap;
//! * [`bars`]: horizontal bars (bottlenecks by betweenness, articulation points marked);
//! * [`stacked`]: vertical stacked bars (units per customer distance, by silo);
//! * [`flow`]: the seam map (flows between silos or teams along the journeys, by position).

pub mod bars;
pub mod flow;
pub mod font;
pub mod journey;
pub mod matrix;
pub mod palette;
pub mod scene;
pub mod stacked;

pub use palette::Color;
pub use scene::{Align, Scene, Shape};

/// Outer margin of every chart, in logical pixels.
pub const MARGIN: f64 = 24.0;

pub use crate::text::{compact, hours, number};

/// "Nice" axis ticks from 0 to at least `max`: a step of 1, 2 or 5 × 10^k giving 3–6 ticks.
pub fn ticks(max: f64) -> Vec<f64> {
    if max <= 0.0 || !max.is_finite() {
        return vec![0.0, 1.0];
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| max / s <= 5.0)
        .unwrap_or(10.0 * mag);
    let n = (max / step).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// A tick label: as many decimals as the step needs, no more.
pub fn tick_label(v: f64, step: f64) -> String {
    let decimals = (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6) as usize;
    if decimals == 0 {
        number(v)
    } else {
        format!("{v:.decimals$}")
    }
}

/// Draws a legend key (about 16 × 12 pixels) with its left edge at x, centred on y.
pub type DrawKey = dyn Fn(&mut Scene, f64, f64);

/// A legend entry: its text and the key drawn before it.
pub type LegendItem<'a> = (String, &'a DrawKey);

/// A column of legend entries laid out in rows that wrap at `max_x`: each entry is drawn by
/// `draw_key` (a 16 × 12 key at the given left/centre-y) followed by its text.
pub fn legend_row(scene: &mut Scene, x0: f64, y: f64, max_x: f64, items: &[LegendItem<'_>]) -> f64 {
    let em = 11.5;
    let (mut x, mut y) = (x0, y);
    for (label, key) in items {
        let w = 22.0 + font::measure(label, em, false);
        if x > x0 && x + w > max_x {
            x = x0;
            y += 22.0;
        }
        key(scene, x, y);
        scene.text(
            x + 22.0,
            y + 4.0,
            label,
            em,
            false,
            Color::MUTED,
            Align::Left,
        );
        x += w + 22.0;
    }
    y + 12.0
}

/// The title block shared by the bar, stacked-bar and matrix charts: the title, the subtitle
/// and an optional note, each cut to the chart's width, one under the other.
pub struct Header {
    lines: Vec<(f64, String, f64, bool, Color)>,
    /// Baseline of the last line: what follows is laid out below it.
    pub bottom: f64,
}

impl Header {
    /// Lays out the block for a chart `width` wide.
    pub fn new(title: &str, subtitle: &str, note: Option<&str>, width: f64) -> Header {
        let max = width - 2.0 * MARGIN;
        let mut y = MARGIN + 18.0;
        let mut lines = vec![(
            y,
            font::ellipsize(title, 20.0, true, max),
            20.0,
            true,
            Color::INK,
        )];
        y += 24.0;
        lines.push((
            y,
            font::ellipsize(subtitle, 12.5, false, max),
            12.5,
            false,
            Color::MUTED,
        ));
        if let Some(note) = note {
            y += 19.0;
            lines.push((
                y,
                font::ellipsize(note, 12.0, false, max),
                12.0,
                false,
                Color::FAINT,
            ));
        }
        Header { lines, bottom: y }
    }

    /// Draws the block at the left margin.
    pub fn draw(&self, s: &mut Scene) {
        for (y, t, em, bold, c) in &self.lines {
            s.text(MARGIN, *y, t, *em, *bold, *c, Align::Left);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(19370.0), "19,370");
        assert_eq!(number(-0.7124), "−0.712");
        assert_eq!(number(0.4181), "0.418");
        assert_eq!(number(241.0), "241");
        assert_eq!(number(37.1), "37.1");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(0.02113), "0.0211");
        assert_eq!(number(0.0082), "0.0082");
        assert_eq!(compact(38000.0), "38k");
        assert_eq!(compact(2690.0), "2,690");
        assert_eq!(compact(1_250_000.0), "1.2M");
        assert_eq!(hours(0.5), "0.5 h");
        assert_eq!(hours(26.0), "26 h");
        assert_eq!(hours(120.4), "120.4 h");
    }

    #[test]
    fn ticks_cover_the_range() {
        let t = ticks(0.418);
        assert_eq!(t.first(), Some(&0.0));
        assert!(*t.last().unwrap() >= 0.418);
        assert!(t.len() >= 3 && t.len() <= 7, "{t:?}");
        let t = ticks(16.0);
        assert!(*t.last().unwrap() >= 16.0 && t.len() <= 7, "{t:?}");
        assert_eq!(tick_label(0.1, 0.1), "0.1");
        assert_eq!(tick_label(0.25, 0.05), "0.25");
        assert_eq!(tick_label(0.2, 0.1), "0.2");
        assert_eq!(tick_label(5.0, 5.0), "5");
    }
}
