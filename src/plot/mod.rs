//! Charts of `seams report` (SPEC §4 "Charts"), drawn with plotters.
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
//! * [`stacked`]: vertical stacked bars (units per customer distance, by silo).

pub mod bars;
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

/// A number for a chart or a report: integers with thousands separators (`19,370`), others
/// with up to 3 significant decimals (`0.418`, `241.5`), a true minus sign (`−0.712`).
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    let neg = x < 0.0;
    let a = x.abs();
    let body = if a.fract() == 0.0 && a < 1e15 {
        group(a as u64)
    } else if a >= 1000.0 {
        group(a.round() as u64)
    } else if a >= 100.0 {
        trim(format!("{a:.1}"))
    } else if a >= 10.0 {
        trim(format!("{a:.2}"))
    } else if a >= 0.1 || a == 0.0 {
        trim(format!("{a:.3}"))
    } else {
        // Small values keep three significant digits (0.0211, not 0.021).
        let decimals = (2.0 - a.log10().floor()).min(12.0) as usize;
        trim(format!("{a:.decimals$}"))
    };
    if neg && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{body}")
    } else {
        body
    }
}

/// A short number for tight places: `38k`, `1.2M`, otherwise [`number`].
pub fn compact(x: f64) -> String {
    let a = x.abs();
    let sign = if x < 0.0 { "−" } else { "" };
    if a >= 1e6 {
        format!("{sign}{}M", trim(format!("{:.1}", a / 1e6)))
    } else if a >= 1e5 {
        format!("{sign}{}k", (a / 1e3).round() as u64)
    } else if a >= 1e4 {
        format!("{sign}{}k", trim(format!("{:.1}", a / 1e3)))
    } else {
        number(x)
    }
}

/// Hours for a seam badge: `0.5 h`, `26 h`, `120 h`.
pub fn hours(h: f64) -> String {
    if h < 10.0 {
        format!("{} h", trim(format!("{h:.1}")))
    } else {
        format!("{} h", compact(h.round()))
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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
        assert_eq!(hours(120.4), "120 h");
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
