//! Horizontal bars, one per unit, coloured by silo, with a marker for some rows (bottlenecks:
//! betweenness, articulation points marked).

use super::font::{ellipsize, measure};
use super::palette::Color;
use super::scene::{Align, Scene};
use super::{legend_row, number, tick_label, ticks, DrawKey, Header, LegendItem, MARGIN};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The unit's name.
    pub label: String,
    /// Its silo's name (second line of the label).
    pub sublabel: String,
    /// The value.
    pub value: f64,
    /// Bar colour (the silo's).
    pub color: Color,
    /// Draw the marker after the value.
    pub marked: bool,
}

/// Everything the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Title.
    pub title: String,
    /// Line under the title.
    pub subtitle: String,
    /// A note on what was left out, if anything.
    pub note: Option<String>,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// What the marker means (legend).
    pub marker_label: String,
    /// Colour legend: (silo, colour).
    pub legend: Vec<(String, Color)>,
    /// Caption of the value axis.
    pub axis_label: String,
}

const WIDTH: f64 = 1100.0;
const LABEL_W: f64 = 250.0;
const ROW_H: f64 = 36.0;
const BAR_H: f64 = 20.0;

/// Lays out the chart.
pub fn draw(chart: &BarChart) -> Scene {
    let width = WIDTH;
    let x0 = MARGIN + LABEL_W + 14.0;
    let x1 = width - MARGIN - 110.0;
    let max = chart.bars.iter().map(|b| b.value).fold(0.0f64, f64::max);
    let ticks = ticks(max);
    let top_tick = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let step = if ticks.len() > 1 {
        ticks[1] - ticks[0]
    } else {
        1.0
    };
    let xv = |v: f64| x0 + (x1 - x0) * (v / top_tick);

    let header = Header::new(&chart.title, &chart.subtitle, chart.note.as_deref(), width);
    let y = header.bottom;
    // Legend under the header (measured on a probe to know its height).
    let legend_top = y + 28.0;
    let mut probe = Scene::new(width as u32, 10);
    let legend_bottom = legend(&mut probe, chart, legend_top, width);
    let axis_y = legend_bottom + 30.0;
    let rows_top = axis_y + 10.0;
    let rows_bottom = rows_top + chart.bars.len().max(1) as f64 * ROW_H;
    let height = rows_bottom + 44.0 + MARGIN;

    let mut s = Scene::new(width as u32, height.ceil() as u32);
    header.draw(&mut s);
    legend(&mut s, chart, legend_top, width);
    // Grid and tick labels (top), axis caption (bottom).
    for &t in &ticks {
        let x = xv(t);
        s.vline(x, rows_top, rows_bottom, 1.0, Color::GRID);
        s.text(
            x,
            axis_y,
            &tick_label(t, step),
            11.0,
            false,
            Color::FAINT,
            Align::Center,
        );
    }
    s.vline(x0, rows_top, rows_bottom, 1.5, Color::FAINT);
    let caption = ellipsize(&chart.axis_label, 11.5, false, x1 - x0);
    s.text(
        (x0 + x1) / 2.0,
        rows_bottom + 26.0,
        &caption,
        11.5,
        false,
        Color::MUTED,
        Align::Center,
    );

    for (i, b) in chart.bars.iter().enumerate() {
        let y = rows_top + i as f64 * ROW_H;
        let mid = y + ROW_H / 2.0;
        let label = ellipsize(&b.label, 12.5, true, LABEL_W - 4.0);
        s.text(
            x0 - 12.0,
            mid - 1.0,
            &label,
            12.5,
            true,
            Color::INK,
            Align::Right,
        );
        let sub = ellipsize(&b.sublabel, 10.5, false, LABEL_W - 4.0);
        s.text(
            x0 - 12.0,
            mid + 12.0,
            &sub,
            10.5,
            false,
            b.color.for_text(),
            Align::Right,
        );
        let end = xv(b.value.max(0.0));
        s.rect(x0, mid - BAR_H / 2.0, (end - x0).max(1.5), BAR_H, b.color);
        let value = number(b.value);
        s.text(
            end + 8.0,
            mid + 4.5,
            &value,
            12.0,
            false,
            Color::INK,
            Align::Left,
        );
        if b.marked {
            let mx = end + 8.0 + measure(&value, 12.0, false) + 14.0;
            s.diamond(mx, mid, 7.0, Color::INK);
        }
    }
    s
}

fn legend(s: &mut Scene, chart: &BarChart, top: f64, width: f64) -> f64 {
    let chips: Vec<Box<DrawKey>> = chart
        .legend
        .iter()
        .map(|(_, c)| {
            let c = *c;
            Box::new(move |s: &mut Scene, x: f64, y: f64| s.rect(x + 2.0, y - 6.0, 12.0, 12.0, c))
                as Box<DrawKey>
        })
        .collect();
    let marker = |s: &mut Scene, x: f64, y: f64| s.diamond(x + 8.0, y, 7.0, Color::INK);
    let mut items: Vec<LegendItem> = chart
        .legend
        .iter()
        .zip(&chips)
        .map(|((l, _), f)| (ellipsize(l, 11.5, false, 220.0), f.as_ref()))
        .collect();
    if chart.bars.iter().any(|b| b.marked) {
        items.push((chart.marker_label.clone(), &marker));
    }
    legend_row(s, MARGIN, top, width - MARGIN, &items)
}
