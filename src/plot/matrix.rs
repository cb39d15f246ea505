//! The silo matrix: handoff volume from each silo (rows) to each silo (columns), as a heatmap
//! with every value printed. The diagonal (work that stays inside a silo) is framed; cells
//! with no handoff at all stay white, so the gaps between silos show as holes.

use super::font::{ellipsize, measure, wrap};
use super::palette::{ramp, Color};
use super::scene::{Align, Scene};
use super::{compact, Header, MARGIN};

/// Everything the matrix shows.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixChart {
    /// Title.
    pub title: String,
    /// Line under the title.
    pub subtitle: String,
    /// A note on aggregation, if any.
    pub note: Option<String>,
    /// Row and column labels (the same silos in the same order).
    pub labels: Vec<String>,
    /// Colour of each silo (a chip beside its row label).
    pub colors: Vec<Color>,
    /// values[row][col] = volume from row silo to column silo.
    pub values: Vec<Vec<f64>>,
    /// The last row and column sum the silos not shown (kept off the colour scale).
    pub other_last: bool,
    /// Column labels when the columns are not the rows (a silo × community table), and
    /// whether the last column sums the ones not shown (kept off the colour scale, as
    /// `other_last` keeps the last row); no diagonal is framed. None: the columns are the
    /// rows' silos.
    pub columns: Option<(Vec<String>, bool)>,
    /// (column caption, row caption, what the values count) instead of ("receives →",
    /// "hands over ↓", "volume").
    pub captions: Option<(String, String, String)>,
}

const ROW_LABEL_W: f64 = 250.0;
/// The widest the chart is drawn: the page's width, so its text shows at full size.
const MAX_WIDTH: f64 = 1280.0;

/// Lays out the chart.
pub fn draw(chart: &MatrixChart) -> Scene {
    let k = chart.labels.len();
    let col_labels = chart.columns.as_ref().map_or(&chart.labels, |c| &c.0);
    let square = chart.columns.is_none();
    let kc = col_labels.len();
    let (col_caption, row_caption, counted) = match &chart.captions {
        Some((c, r, v)) => (c.as_str(), r.as_str(), v.as_str()),
        None => ("receives →", "hands over ↓", "volume"),
    };
    let (cw, ch): (f64, f64) = match k.max(kc) {
        0..=6 => (116.0, 50.0),
        7..=8 => (100.0, 48.0),
        _ => (86.0, 38.0),
    };
    let head_em = if k > 8 { 11.0 } else { 11.5 };
    let grid_x = MARGIN + ROW_LABEL_W + 12.0;
    // At most the page's width (1,280), so the page never shrinks the chart's text: many
    // columns get narrower (their labels wrap and shorten to fit).
    let cw = cw.min(((MAX_WIDTH - grid_x - MARGIN) / kc.max(1) as f64).floor());
    let width = (grid_x + kc as f64 * cw + MARGIN).max(760.0);
    let col_lines: Vec<Vec<String>> = col_labels
        .iter()
        .map(|l| wrap(l, head_em, true, cw - 6.0, 3))
        .collect();
    let head_lines = col_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;

    let header = Header::new(&chart.title, &chart.subtitle, chart.note.as_deref(), width);
    let y = header.bottom;
    let caption_y = y + 30.0;
    let grid_y = caption_y + 12.0 + head_lines * 14.0 + 8.0;
    let grid_bottom = grid_y + k as f64 * ch;
    let legend_y = grid_bottom + 34.0;
    let height = legend_y + 30.0 + MARGIN;

    let mut s = Scene::new(width as u32, height.ceil() as u32);
    header.draw(&mut s);
    s.text(
        grid_x,
        caption_y,
        col_caption,
        11.5,
        false,
        Color::FAINT,
        Align::Left,
    );
    s.text(
        MARGIN,
        grid_y - 8.0,
        row_caption,
        11.5,
        false,
        Color::FAINT,
        Align::Left,
    );

    // The colour scale spans the named silos; a summed "other" row and column (flagged by
    // `other_last`) are clamped to it rather than washing every other cell out.
    let named = if chart.other_last {
        k.saturating_sub(1)
    } else {
        k
    };
    let named_cols = match &chart.columns {
        None => named,
        Some((_, true)) => kc.saturating_sub(1),
        Some((_, false)) => kc,
    };
    let max = chart
        .values
        .iter()
        .take(named)
        .flat_map(|r| r.iter().take(named_cols))
        .copied()
        .fold(0.0f64, f64::max);
    let max = if max > 0.0 {
        max
    } else {
        chart
            .values
            .iter()
            .flatten()
            .copied()
            .fold(0.0f64, f64::max)
    };
    // Column labels, bottom-aligned above the grid.
    for (j, lines) in col_lines.iter().enumerate() {
        let x = grid_x + (j as f64 + 0.5) * cw;
        let first = grid_y - 8.0 - (lines.len() as f64 - 1.0) * 14.0;
        for (l, line) in lines.iter().enumerate() {
            s.text(
                x,
                first + l as f64 * 14.0,
                line,
                head_em,
                true,
                Color::INK,
                Align::Center,
            );
        }
    }
    for i in 0..k {
        let y = grid_y + i as f64 * ch;
        let color = chart.colors.get(i).copied().unwrap_or(Color::OTHER);
        s.rect(MARGIN, y + ch / 2.0 - 6.0, 12.0, 12.0, color);
        let label = ellipsize(&chart.labels[i], 12.5, true, ROW_LABEL_W - 22.0);
        s.text(
            MARGIN + 20.0,
            y + ch / 2.0 + 4.5,
            &label,
            12.5,
            true,
            Color::INK,
            Align::Left,
        );
        for j in 0..kc {
            let x = grid_x + j as f64 * cw;
            let v = chart
                .values
                .get(i)
                .and_then(|r| r.get(j))
                .copied()
                .unwrap_or(0.0);
            let fill = if v > 0.0 && max > 0.0 {
                ramp(0.08 + 0.92 * (v / max).min(1.0).sqrt())
            } else {
                Color::WHITE
            };
            s.rect(x, y, cw, ch, Color(0xd9, 0xd9, 0xd9));
            s.rect(x + 1.0, y + 1.0, cw - 2.0, ch - 2.0, fill);
            if square && i == j {
                s.frame(x + 1.0, y + 1.0, cw - 2.0, ch - 2.0, 2.5, Color::INK);
            }
            let text = compact(v);
            let ink = if v > 0.0 {
                fill.text_on()
            } else {
                Color::FAINT
            };
            let em = if measure(&text, 13.0, v > 0.0) > cw - 10.0 {
                11.0
            } else {
                13.0
            };
            s.text(
                x + cw / 2.0,
                y + ch / 2.0 + em * 0.36,
                &text,
                em,
                v > 0.0,
                ink,
                Align::Center,
            );
        }
    }
    // Legend: the ramp, and the diagonal frame.
    let lx = MARGIN;
    s.text(
        lx,
        legend_y + 4.0,
        counted,
        11.5,
        false,
        Color::MUTED,
        Align::Left,
    );
    let rx = lx + measure(counted, 11.5, false) + 10.0;
    let rw = 180.0;
    let steps = 36;
    for t in 0..steps {
        let f = t as f64 / (steps - 1) as f64;
        s.rect(
            rx + f * (rw - rw / steps as f64),
            legend_y - 6.0,
            rw / steps as f64 + 0.5,
            12.0,
            ramp(0.08 + 0.92 * f),
        );
    }
    s.text(
        rx,
        legend_y + 22.0,
        "little",
        10.5,
        false,
        Color::FAINT,
        Align::Left,
    );
    s.text(
        rx + rw,
        legend_y + 22.0,
        &compact(max),
        10.5,
        false,
        Color::FAINT,
        Align::Right,
    );
    let fx = rx + rw + 36.0;
    let zx = if square {
        s.rect(fx, legend_y - 7.0, 18.0, 14.0, Color::WHITE);
        s.frame(fx, legend_y - 7.0, 18.0, 14.0, 2.5, Color::INK);
        s.text(
            fx + 26.0,
            legend_y + 4.0,
            "inside one silo",
            11.5,
            false,
            Color::MUTED,
            Align::Left,
        );
        fx + 26.0 + measure("inside one silo", 11.5, false) + 28.0
    } else {
        fx
    };
    s.rect(zx, legend_y - 7.0, 18.0, 14.0, Color(0xd9, 0xd9, 0xd9));
    s.rect(zx + 1.0, legend_y - 6.0, 16.0, 12.0, Color::WHITE);
    s.text(
        zx + 26.0,
        legend_y + 4.0,
        if square {
            "0: no handoff at all"
        } else {
            "0: none"
        },
        11.5,
        false,
        Color::MUTED,
        Align::Left,
    );
    s
}
