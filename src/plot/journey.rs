//! The journey seam chart: a service blueprint of one customer journey.
//!
//! Swimlanes are teams (grouped and tinted by silo, customer-facing lanes above the line of
//! visibility, backstage lanes below it); columns are the steps, labelled with their activity
//! underneath; the journey is an orthogonal path from step to step. Where the path changes
//! lane there is a seam: a badge on the crossing shows the wait before the next step, filled
//! vermillion (and the crossing drawn thick) when the seam is between silos, dashed when no
//! handoff channel is on record for it.

use super::font::{ellipsize, measure, wrap};
use super::palette::Color;
use super::scene::{Align, Scene};
use super::{hours, legend_row, LegendItem, MARGIN};

/// Which side of the line of visibility a lane is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    /// A customer-facing team (above the line of visibility).
    Front,
    /// A backstage team.
    Back,
    /// `customer_facing` is not recorded.
    Unknown,
    /// Several teams drawn as one lane (large journeys).
    Other,
}

/// One swimlane.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// The team's display name (shortened to fit).
    pub team: String,
    /// Its silo's display name.
    pub silo: String,
    /// Its silo's colour.
    pub color: Color,
    /// Side of the line of visibility.
    pub band: Band,
    /// Key of the silo group (lanes of one group are drawn together and spaced from others).
    pub group: usize,
}

/// One column of the chart: one step, or a run of consecutive steps by the same team.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Index into the lanes.
    pub lane: usize,
    /// What happens (the activity, or the team when none is given; a run's activities joined).
    pub label: String,
    /// The journey's step number (1-based) of the column's first step.
    pub number: usize,
    /// Consecutive steps drawn as this column (1 for a single step; more is shown as "×N").
    pub count: usize,
}

/// A seam between column `after` and column `after + 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct Seam {
    /// Index of the column handing over.
    pub after: usize,
    /// The two teams are in different silos.
    pub cross_silo: bool,
    /// Wait before the receiving step, when known.
    pub wait_hours: Option<f64>,
    /// Whether a handoff channel is on record (None: unknown).
    pub known_handoff: Option<bool>,
}

/// Everything the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyChart {
    /// The journey's name (title).
    pub journey: String,
    /// Counts shown beside the title: "11 steps · 9 seams · 6 between silos".
    pub counts: String,
    /// The line under the title.
    pub subtitle: String,
    /// A note on what was left out or aggregated, if anything.
    pub note: Option<String>,
    /// Lanes from top to bottom (front, back, unknown, other), each band grouped by silo.
    pub lanes: Vec<Lane>,
    /// The columns in order.
    pub steps: Vec<Step>,
    /// The seams in order.
    pub seams: Vec<Seam>,
}

/// Default width of the chart in logical pixels.
pub const WIDTH: f64 = 1280.0;
const LABEL_W: f64 = 236.0;
const LANE_H: f64 = 46.0;
const MIN_COL: f64 = 60.0;
const NODE_R: f64 = 11.0;
const LABEL_EM: f64 = 11.0;
const LABEL_LINE: f64 = 14.0;
const LABEL_LINES: usize = 6;
const PATH_W: f64 = 3.0;
const CROSS_W: f64 = 5.0;

fn band_caption(band: Band) -> &'static str {
    match band {
        Band::Front => "customer-facing",
        Band::Back => "line of visibility",
        Band::Unknown => "customer-facing not recorded",
        Band::Other => "other teams",
    }
}

/// Smallest text of the chart in logical pixels. The chart is drawn for the page's width
/// (`WIDTH`, shown at about 1:1 in the report), so this is its size at 100 % zoom.
pub const MIN_TEXT: f64 = 10.5;

/// Columns one row of the chart holds (every column at least 60 pixels wide): a journey with
/// more columns wraps onto further rows of one column fewer (the first slot of each row is
/// where the path comes in from the row above).
pub fn columns_per_row() -> usize {
    ((WIDTH - 2.0 * MARGIN - LABEL_W) / MIN_COL).floor() as usize
}

/// One row of a wrapped chart: its columns and where its lanes are.
struct Row {
    /// Columns `start..end`.
    start: usize,
    end: usize,
    /// Top of each lane shown in this row (None: no step of the row is in it).
    lane_y: Vec<Option<f64>>,
    /// Top of the first lane.
    top: f64,
    /// Band separators: (y, band below).
    separators: Vec<(f64, Band)>,
    /// Top of the activity labels.
    labels_top: f64,
}

/// Lays out the chart: one row of columns, or rows of [`columns_per_row`] − 1 columns when the
/// journey has more than [`columns_per_row`] columns. Each row shows the lanes its steps use
/// (and the lane the path comes in from); the path leaves a row at its right edge with an
/// arrow and comes in at the next row's left, where the seam between them is marked.
pub fn draw(chart: &JourneyChart) -> Scene {
    let width = WIDTH;
    let steps = &chart.steps;
    let n = steps.len().max(1);
    let plot_x0 = MARGIN + LABEL_W;
    let plot_w = width - MARGIN - plot_x0;
    let fit = columns_per_row().max(2);
    let wrapped = steps.len() > fit;
    let (per_row, col, lead) = if wrapped {
        (fit - 1, plot_w / fit as f64, 1.0)
    } else {
        (n, plot_w / n as f64, 0.0)
    };
    let x_of = |i: usize| plot_x0 + col * ((i % per_row) as f64 + lead + 0.5);
    let row_of = |i: usize| i / per_row;
    let rows_n = steps.len().div_ceil(per_row).max(1);

    // Header.
    let title_em = 20.0;
    let counts_em = 14.0;
    let counts_w = measure(&chart.counts, counts_em, false);
    let title = ellipsize(
        &chart.journey,
        title_em,
        true,
        (width - 2.0 * MARGIN - counts_w - 16.0).max(120.0),
    );
    let mut y = MARGIN + 18.0;
    let mut header: Vec<(f64, String, f64, bool, Color)> =
        vec![(y, title.clone(), title_em, true, Color::INK)];
    y += 24.0;
    let subtitle = ellipsize(&chart.subtitle, 12.5, false, width - 2.0 * MARGIN);
    header.push((y, subtitle, 12.5, false, Color::MUTED));
    if let Some(note) = &chart.note {
        y += 19.0;
        header.push((
            y,
            ellipsize(note, 12.0, false, width - 2.0 * MARGIN),
            12.0,
            false,
            Color::FAINT,
        ));
    }

    // Rows: the lanes each shows, their positions, the activity labels under them.
    let label_w = col - 5.0;
    let labels: Vec<Vec<String>> = steps
        .iter()
        .map(|s| wrap(&s.label, LABEL_EM, false, label_w, LABEL_LINES))
        .collect();
    let mut rows: Vec<Row> = Vec::with_capacity(rows_n);
    let mut top = y + 22.0;
    let mut labels_bottom = top;
    for r in 0..rows_n {
        let start = (r * per_row).min(steps.len());
        let end = ((r + 1) * per_row).min(steps.len());
        let mut used: Vec<usize> = if steps.is_empty() {
            (0..chart.lanes.len()).collect()
        } else {
            steps[start..end].iter().map(|s| s.lane).collect()
        };
        if r > 0 && start > 0 {
            used.push(steps[start - 1].lane);
        }
        used.retain(|&l| l < chart.lanes.len());
        used.sort_unstable();
        used.dedup();
        let mut lane_y = vec![None; chart.lanes.len()];
        let mut separators = Vec::new();
        let mut ly = top;
        for (k, &l) in used.iter().enumerate() {
            if k > 0 {
                let (prev, lane) = (&chart.lanes[used[k - 1]], &chart.lanes[l]);
                if prev.band != lane.band {
                    ly += 30.0;
                    separators.push((ly - 15.0, lane.band));
                } else if prev.group != lane.group {
                    ly += 8.0;
                } else {
                    ly += 2.0;
                }
            }
            lane_y[l] = Some(ly);
            ly += LANE_H;
        }
        let labels_top = ly + 16.0;
        let max_lines = labels[start..end]
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1)
            .max(1);
        labels_bottom = labels_top + max_lines as f64 * LABEL_LINE;
        rows.push(Row {
            start,
            end,
            lane_y,
            top,
            separators,
            labels_top,
        });
        top = labels_bottom + 40.0;
    }
    let lane_mid = |r: usize, l: usize| {
        rows[r]
            .lane_y
            .get(l)
            .copied()
            .flatten()
            .map_or(rows[r].top, |y| y + LANE_H / 2.0)
    };
    let runs = steps.iter().any(|s| s.count > 1);

    // Legend (measured first to know the height).
    let legend_top = labels_bottom + 26.0;
    let mut probe = Scene::new(width as u32, 10);
    let legend_bottom = legend(&mut probe, legend_top, width, runs, wrapped);
    let height = (legend_bottom + MARGIN).ceil();

    let mut s = Scene::new(width as u32, height as u32);
    // Printed, a wrapped chart is cut between its rows (the middle of the 40-pixel gap above
    // each row after the first), so each piece keeps the page's width.
    s.breaks = rows.iter().skip(1).map(|r| r.top - 20.0).collect();
    for (y, text, em, bold, color) in &header {
        s.text(MARGIN, *y, text, *em, *bold, *color, Align::Left);
    }
    s.text(
        MARGIN + measure(&title, title_em, true) + 14.0,
        MARGIN + 18.0,
        &chart.counts,
        counts_em,
        false,
        Color::MUTED,
        Align::Left,
    );

    for (r, row) in rows.iter().enumerate() {
        // Lanes: tint, silo strip, team and silo labels.
        for (i, lane) in chart.lanes.iter().enumerate() {
            let Some(y) = row.lane_y[i] else { continue };
            s.rect(
                MARGIN,
                y,
                width - 2.0 * MARGIN,
                LANE_H,
                lane.color.tint(0.14),
            );
            s.rect(MARGIN, y, 5.0, LANE_H, lane.color);
            let team = ellipsize(&lane.team, 13.0, true, LABEL_W - 26.0);
            s.text(
                MARGIN + 14.0,
                y + 20.0,
                &team,
                13.0,
                true,
                Color::INK,
                Align::Left,
            );
            let silo = ellipsize(&lane.silo, 11.0, false, LABEL_W - 26.0);
            s.text(
                MARGIN + 14.0,
                y + 36.0,
                &silo,
                11.0,
                false,
                lane.color.for_text(),
                Align::Left,
            );
        }
        // Column guides through the lanes and down to the labels.
        for i in row.start..row.end {
            s.vline(
                x_of(i),
                row.top,
                row.labels_top - 6.0,
                1.0,
                Color(0xd2, 0xd2, 0xd2),
            );
        }
        // Line of visibility and the other band separators, with their caption on a white
        // ground.
        for &(sy, band) in &row.separators {
            let dash = match band {
                Band::Back => (8.0, 5.0),
                _ => (2.0, 4.0),
            };
            s.dashed_hline(MARGIN, width - MARGIN, sy, 1.5, dash, Color::MUTED);
            let caption = band_caption(band);
            let w = measure(caption, MIN_TEXT, false);
            s.rect(MARGIN + 8.0, sy - 8.0, w + 12.0, 16.0, Color::WHITE);
            s.text(
                MARGIN + 14.0,
                sy + 4.0,
                caption,
                MIN_TEXT,
                false,
                Color::MUTED,
                Align::Left,
            );
        }
        // The path leaves a row that continues below at its right edge, with an arrow.
        if r + 1 < rows_n && row.end > row.start {
            let last = row.end - 1;
            let y = lane_mid(r, steps[last].lane);
            let x1 = width - MARGIN - 2.0;
            s.hline(x_of(last), x1 - 8.0, y, PATH_W, Color::INK);
            s.polygon(
                vec![(x1 - 11.0, y - 6.0), (x1, y), (x1 - 11.0, y + 6.0)],
                Color::INK,
            );
        }
    }

    // Where the path goes from column i to column i + 1: its row, the two ends and the x of
    // the crossing (the first slot of the row when i + 1 starts a row).
    let transition = |i: usize| {
        let r = row_of(i + 1);
        if row_of(i) == r {
            (r, x_of(i), x_of(i + 1), (x_of(i) + x_of(i + 1)) / 2.0)
        } else {
            (r, plot_x0, x_of(i + 1), plot_x0 + col * 0.5)
        }
    };
    // The path: horizontal runs along the lanes, a vertical crossing at each seam.
    let seam_at = |i: usize| chart.seams.iter().find(|m| m.after == i);
    for i in 0..steps.len().saturating_sub(1) {
        let (a, b) = (&steps[i], &steps[i + 1]);
        let (r, xa, xb, xm) = transition(i);
        let (ya, yb) = (lane_mid(r, a.lane), lane_mid(r, b.lane));
        if a.lane == b.lane {
            s.hline(xa, xb, ya, PATH_W, Color::INK);
            continue;
        }
        let seam = seam_at(i);
        let cross = seam.is_some_and(|m| m.cross_silo);
        let (vw, vc) = if cross {
            (CROSS_W, Color::SEAM)
        } else {
            (PATH_W, Color::INK)
        };
        s.hline(xa, xm + vw / 2.0, ya, PATH_W, Color::INK);
        s.hline(xm - vw / 2.0, xb, yb, PATH_W, Color::INK);
        if seam.is_some_and(|m| m.known_handoff == Some(false)) {
            s.dashed_vline(xm, ya, yb, vw, (7.0, 5.0), vc);
        } else {
            s.vline(xm, ya, yb, vw, vc);
        }
    }
    // Seam badges.
    let badge_room = col - 2.0 * NODE_R - 6.0;
    for m in &chart.seams {
        let i = m.after;
        if i + 1 >= steps.len() {
            continue;
        }
        let (r, _, _, xm) = transition(i);
        let ym = (lane_mid(r, steps[i].lane) + lane_mid(r, steps[i + 1].lane)) / 2.0;
        badge(&mut s, xm, ym, m.cross_silo, m.wait_hours, badge_room);
    }
    // Step nodes: a ring in the silo colour with the step number (a capsule for three
    // digits), and "×N" above a column of N steps.
    for (i, st) in steps.iter().enumerate() {
        let (x, y) = (x_of(i), lane_mid(row_of(i), st.lane));
        let ring = chart
            .lanes
            .get(st.lane)
            .map_or(Color::INK, |l| l.color.for_text());
        let num = st.number.to_string();
        let em = MIN_TEXT;
        if num.len() > 2 {
            let w = measure(&num, em, true) + 10.0;
            s.capsule(x, y, w, 2.0 * NODE_R, ring);
            s.capsule(x, y, w - 6.0, 2.0 * NODE_R - 6.0, Color::WHITE);
        } else {
            s.circle(x, y, NODE_R, ring);
            s.circle(x, y, NODE_R - 3.0, Color::WHITE);
        }
        s.text(x, y + em * 0.36, &num, em, true, Color::INK, Align::Center);
        if st.count > 1 {
            s.text(
                x,
                y - NODE_R - 3.0,
                &format!("×{}", st.count),
                MIN_TEXT,
                true,
                Color::MUTED,
                Align::Center,
            );
        }
    }
    // Activity labels under the columns.
    for row in &rows {
        s.text(
            MARGIN + 14.0,
            row.labels_top + LABEL_EM,
            "Activity at each step",
            11.0,
            true,
            Color::MUTED,
            Align::Left,
        );
        for (i, lines) in labels.iter().enumerate().take(row.end).skip(row.start) {
            for (k, line) in lines.iter().enumerate() {
                let y = row.labels_top + LABEL_EM + k as f64 * LABEL_LINE;
                s.text(x_of(i), y, line, LABEL_EM, false, Color::INK, Align::Center);
            }
        }
    }
    legend(&mut s, legend_top, width, runs, wrapped);
    s
}

/// The seam badge: the wait (or a small mark when unknown), vermillion for a seam between
/// silos, white with a dark rim inside a silo.
fn badge(s: &mut Scene, x: f64, y: f64, cross: bool, wait: Option<f64>, room: f64) {
    let (fill, rim, ink) = if cross {
        (Color::SEAM, Color::SEAM, Color::WHITE)
    } else {
        (Color::WHITE, Color::INK, Color::INK)
    };
    match wait {
        Some(h) => {
            let mut text = hours(h);
            let mut em = 11.0;
            if measure(&text, em, true) + 10.0 > room {
                em = MIN_TEXT;
            }
            if measure(&text, em, true) + 8.0 > room {
                text = text.trim_end_matches(" h").to_string();
            }
            let w = measure(&text, em, true) + 12.0;
            s.capsule(x, y, w + 3.0, 20.0 + 3.0, Color::WHITE);
            s.capsule(x, y, w, 20.0, rim);
            s.capsule(x, y, w - 3.0, 17.0, fill);
            s.text(x, y + em * 0.36, &text, em, true, ink, Align::Center);
        }
        None => {
            s.diamond(x, y, 8.5, Color::WHITE);
            s.diamond(x, y, 7.0, rim);
            s.diamond(x, y, 4.5, fill);
        }
    }
}

/// Draws the legend from `top`; returns its bottom. `runs`: some column stands for several
/// steps; `wrapped`: the chart has more than one row.
fn legend(s: &mut Scene, top: f64, width: f64, runs: bool, wrapped: bool) -> f64 {
    let node = |s: &mut Scene, x: f64, y: f64| {
        s.circle(x + 8.0, y, 8.0, Color::INK);
        s.circle(x + 8.0, y, 5.5, Color::WHITE);
    };
    let inside = |s: &mut Scene, x: f64, y: f64| {
        s.capsule(x + 8.0, y, 18.0, 14.0, Color::INK);
        s.capsule(x + 8.0, y, 15.0, 11.0, Color::WHITE);
    };
    let between = |s: &mut Scene, x: f64, y: f64| {
        s.capsule(x + 8.0, y, 18.0, 14.0, Color::SEAM);
    };
    let unknown = |s: &mut Scene, x: f64, y: f64| {
        s.diamond(x + 8.0, y, 6.5, Color::INK);
        s.diamond(x + 8.0, y, 4.0, Color::WHITE);
    };
    let dashed = |s: &mut Scene, x: f64, y: f64| {
        s.dashed_vline(x + 8.0, y - 9.0, y + 9.0, 4.0, (5.0, 3.0), Color::SEAM);
    };
    let visibility = |s: &mut Scene, x: f64, y: f64| {
        s.dashed_hline(x, x + 16.0, y, 1.5, (5.0, 3.0), Color::MUTED);
    };
    let repeat = |s: &mut Scene, x: f64, y: f64| {
        s.text(
            x + 8.0,
            y + 4.0,
            "×N",
            MIN_TEXT,
            true,
            Color::MUTED,
            Align::Center,
        );
    };
    let arrow = |s: &mut Scene, x: f64, y: f64| {
        s.hline(x, x + 8.0, y, PATH_W, Color::INK);
        s.polygon(
            vec![(x + 6.0, y - 5.0), (x + 16.0, y), (x + 6.0, y + 5.0)],
            Color::INK,
        );
    };
    let mut items: Vec<LegendItem> = vec![
        (
            "step (numbered), in the lane of the team doing it".to_string(),
            &node,
        ),
        (
            "seam inside a silo, with the wait before the next step".to_string(),
            &inside,
        ),
        ("seam between silos".to_string(), &between),
        ("wait not recorded".to_string(), &unknown),
        ("no handoff channel on record".to_string(), &dashed),
        (
            "line of visibility: customer-facing teams above, backstage below".to_string(),
            &visibility,
        ),
    ];
    if runs {
        items.push((
            "N consecutive steps of one team, drawn as one column".to_string(),
            &repeat,
        ));
    }
    if wrapped {
        items.push(("the journey continues on the next row".to_string(), &arrow));
    }
    legend_row(s, MARGIN, top, width - MARGIN, &items)
}
