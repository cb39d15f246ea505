//! Vertical stacked bars: a count per category, split by series (customer distance: units per
//! number of hops, stacked by silo, with "unreachable" as its own bar set apart).

use super::font::ellipsize;
use super::palette::Color;
use super::scene::{Align, Scene};
use super::{legend_row, number, tick_label, ticks, DrawKey, Header, LegendItem, MARGIN};

/// One series (a silo).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Colour.
    pub color: Color,
    /// One value per category.
    pub values: Vec<f64>,
}

/// Everything the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedChart {
    /// Title.
    pub title: String,
    /// Line under the title.
    pub subtitle: String,
    /// A note on aggregation, if any.
    pub note: Option<String>,
    /// Category labels along x.
    pub categories: Vec<String>,
    /// How many trailing categories are set apart (e.g. 1 for "unreachable").
    pub set_apart: usize,
    /// The series, stacked bottom to top.
    pub series: Vec<Series>,
    /// Caption of the x axis.
    pub x_label: String,
    /// Caption of the y axis.
    pub y_label: String,
}

const PLOT_H: f64 = 300.0;

/// Lays out the chart.
pub fn draw(chart: &StackedChart) -> Scene {
    let k = chart.categories.len().max(1);
    let axis_w = 54.0;
    let x0 = MARGIN + axis_w;
    let gap = if chart.set_apart > 0 { 34.0 } else { 0.0 };
    // Fill a 900-pixel chart; many categories make it wider rather than cramped.
    let col = ((900.0 - x0 - MARGIN - gap) / k as f64).clamp(56.0, 200.0);
    let plot_w = col * k as f64 + gap;
    let width = (x0 + plot_w + MARGIN).max(900.0);
    let totals: Vec<f64> = (0..k)
        .map(|c| {
            chart
                .series
                .iter()
                .map(|s| s.values.get(c).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0f64, f64::max);
    let ticks = ticks(max);
    let top_tick = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let step = if ticks.len() > 1 {
        ticks[1] - ticks[0]
    } else {
        1.0
    };

    let header = Header::new(&chart.title, &chart.subtitle, chart.note.as_deref(), width);
    let y = header.bottom;
    let legend_top = y + 28.0;
    let mut probe = Scene::new(width as u32, 10);
    let legend_bottom = legend(&mut probe, chart, legend_top, width);
    let plot_top = legend_bottom + 34.0;
    let plot_bottom = plot_top + PLOT_H;
    let height = plot_bottom + 62.0 + MARGIN;
    let yv = |v: f64| plot_bottom - PLOT_H * (v / top_tick);
    let x_of = |c: usize| {
        let apart = chart.set_apart > 0 && c >= k - chart.set_apart;
        x0 + col * (c as f64 + 0.5) + if apart { gap } else { 0.0 }
    };

    let mut s = Scene::new(width as u32, height.ceil() as u32);
    header.draw(&mut s);
    legend(&mut s, chart, legend_top, width);
    for &t in &ticks {
        let y = yv(t);
        s.hline(x0, x0 + plot_w, y, 1.0, Color::GRID);
        s.text(
            x0 - 8.0,
            y + 4.0,
            &tick_label(t, step),
            11.0,
            false,
            Color::FAINT,
            Align::Right,
        );
    }
    s.text(
        MARGIN,
        plot_top - 14.0,
        &chart.y_label,
        11.5,
        false,
        Color::MUTED,
        Align::Left,
    );
    if chart.set_apart > 0 {
        let xs = x0 + col * (k - chart.set_apart) as f64 + gap / 2.0;
        s.dashed_vline(
            xs,
            plot_top - 4.0,
            plot_bottom + 30.0,
            1.0,
            (4.0, 4.0),
            Color::FAINT,
        );
    }
    let bar_w = (col * 0.55).min(84.0);
    for (c, &total) in totals.iter().enumerate() {
        let x = x_of(c);
        let mut base = 0.0;
        let mut largest: Option<(f64, Color)> = None;
        for series in &chart.series {
            let v = series.values.get(c).copied().unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            if largest.map_or(true, |(l, _)| v > l) {
                largest = Some((v, series.color));
            }
            let (ya, yb) = (yv(base + v), yv(base));
            // A white hairline keeps stacked neighbours apart where there is room for it.
            let h = if yb - ya > 4.0 {
                yb - ya - 1.0
            } else {
                yb - ya
            };
            s.rect(x - bar_w / 2.0, ya, bar_w, h, series.color);
            base += v;
        }
        // A bar too small to see gets a 3-pixel stub (its count is printed above it).
        if let Some((_, color)) = largest {
            if plot_bottom - yv(base) < 3.0 {
                s.rect(x - bar_w / 2.0, plot_bottom - 3.0, bar_w, 3.0, color);
            }
        }
        s.text(
            x,
            yv(total) - 7.0,
            &number(total),
            12.5,
            true,
            Color::INK,
            Align::Center,
        );
        let label = ellipsize(&chart.categories[c], 12.0, true, col - 4.0);
        s.text(
            x,
            plot_bottom + 20.0,
            &label,
            12.0,
            true,
            Color::INK,
            Align::Center,
        );
    }
    s.hline(x0, x0 + plot_w, plot_bottom, 1.5, Color::FAINT);
    let caption = ellipsize(&chart.x_label, 11.5, false, plot_w);
    s.text(
        x0 + plot_w / 2.0,
        plot_bottom + 44.0,
        &caption,
        11.5,
        false,
        Color::MUTED,
        Align::Center,
    );
    s
}

fn legend(s: &mut Scene, chart: &StackedChart, top: f64, width: f64) -> f64 {
    let chips: Vec<Box<DrawKey>> = chart
        .series
        .iter()
        .map(|sr| {
            let c = sr.color;
            Box::new(move |s: &mut Scene, x: f64, y: f64| s.rect(x + 2.0, y - 6.0, 12.0, 12.0, c))
                as Box<DrawKey>
        })
        .collect();
    let items: Vec<LegendItem> = chart
        .series
        .iter()
        .zip(&chips)
        .map(|(sr, f)| (ellipsize(&sr.label, 11.5, false, 220.0), f.as_ref()))
        .collect();
    legend_row(s, MARGIN, top, width - MARGIN, &items)
}
