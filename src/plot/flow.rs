//! The seam map: how work flows between silos (or teams) along all the journeys.
//!
//! Each unit is a lane (tinted in its silo's colour, named on the left) holding one box, placed
//! left to right at where the unit typically acts in a journey (its mean normalised step
//! position: 0 the first step, 1 the last), so lanes ordered by position run from top left to
//! bottom right. The customer is a bar on each side: journeys start at the left one and end at
//! the right one. Arrows are flows, their width growing with the square root of the volume;
//! flows between silos are vermillion, flows inside a silo grey, the customer's ends muted.
//! Forward flows leave a box on the right and arrive on the left (upper half), flows back to an
//! earlier unit leave on the left and arrive on the right (lower half). The heaviest arrows carry
//! their volume where the label fits without touching another text or box.

use super::font::{ellipsize, measure};
use super::palette::Color;
use super::scene::{text_box, Align, Scene};
use super::{compact, legend_row, Header, LegendItem, MARGIN};

/// One unit (lane) of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its name (lane label).
    pub label: String,
    /// Second line of the lane label (its silo, or what it sums).
    pub sublabel: String,
    /// Silo colour.
    pub color: Color,
    /// Typical position in a journey, 0 (first step) to 1 (last step).
    pub position: f64,
    /// Text inside its box (its volume of steps).
    pub figure: String,
}

/// One end of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The customer, where journeys start (left bar).
    Start,
    /// The customer, where journeys end (right bar).
    Finish,
    /// A node (index into `nodes`).
    Node(usize),
}

/// One flow (arrow).
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Where it leaves (`Start` or a node).
    pub from: End,
    /// Where it arrives (`Finish` or a node).
    pub to: End,
    /// Its volume (sets the width).
    pub volume: f64,
    /// Between two silos (drawn in the seam colour).
    pub cross_silo: bool,
}

/// Everything the seam map shows.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowChart {
    /// Title.
    pub title: String,
    /// Line under the title.
    pub subtitle: String,
    /// What was left out or summed, if anything.
    pub note: Option<String>,
    /// Lanes from top to bottom.
    pub nodes: Vec<Node>,
    /// Arrows (any order; drawn lightest first).
    pub edges: Vec<Edge>,
    /// What a box is ("silo", "team"): used in the legend.
    pub unit_word: String,
    /// Arrows labelled with their volume (the heaviest ones, where the label fits).
    pub labelled: usize,
}

/// Width of the chart in logical pixels.
pub const WIDTH: f64 = 1280.0;
const LABEL_W: f64 = 236.0;
const LANE_H: f64 = 50.0;
const LANE_GAP: f64 = 4.0;
const BAR_W: f64 = 16.0;
const BOX_W: f64 = 112.0;
const BOX_H: f64 = 34.0;
const SIDE_GAP: f64 = 56.0;
const MAX_STROKE: f64 = 14.0;

/// Points of a cubic Bézier curve from p0 to p3 leaving along `t0` and arriving along `t3`
/// (unit tangents: (±1, 0) horizontal, (0, ±1) vertical).
fn curve(p0: (f64, f64), p3: (f64, f64), t0: (f64, f64), t3: (f64, f64)) -> Vec<(f64, f64)> {
    let span = if t0.0 != 0.0 {
        (p3.0 - p0.0).abs()
    } else {
        (p3.1 - p0.1).abs()
    };
    let d = (span / 2.0).max(30.0);
    let p1 = (p0.0 + t0.0 * d, p0.1 + t0.1 * d);
    let p2 = (p3.0 - t3.0 * d, p3.1 - t3.1 * d);
    let n = 28;
    (0..=n)
        .map(|i| {
            let t = f64::from(i) / f64::from(n);
            let u = 1.0 - t;
            let (a, b, c, e) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            (
                a * p0.0 + b * p1.0 + c * p2.0 + e * p3.0,
                a * p0.1 + b * p1.1 + c * p2.1 + e * p3.1,
            )
        })
        .collect()
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Lays out the chart.
pub fn draw(chart: &FlowChart) -> Scene {
    let width = WIDTH;
    let header = Header::new(&chart.title, &chart.subtitle, chart.note.as_deref(), width);
    let customer_y = header.bottom + 30.0;
    let axis_y = customer_y + 18.0;
    let lanes_top = axis_y + 14.0;
    let n = chart.nodes.len();
    let lane_y = |i: usize| lanes_top + i as f64 * (LANE_H + LANE_GAP);
    let lane_mid = |i: usize| lane_y(i) + LANE_H / 2.0;
    let lanes_bottom = lane_y(n.max(1)) - LANE_GAP;

    let left_bar = MARGIN + LABEL_W;
    let right_bar = width - MARGIN - BAR_W;
    let nx0 = left_bar + BAR_W + SIDE_GAP + BOX_W / 2.0;
    let nx1 = right_bar - SIDE_GAP - BOX_W / 2.0;
    let x_of = |i: usize| nx0 + chart.nodes[i].position.clamp(0.0, 1.0) * (nx1 - nx0);

    let legend_top = lanes_bottom + 34.0;
    let mut probe = Scene::new(width as u32, 10);
    let inside = chart
        .edges
        .iter()
        .any(|e| !e.cross_silo && matches!((e.from, e.to), (End::Node(_), End::Node(_))));
    let legend_bottom = legend(&mut probe, legend_top, width, &chart.unit_word, inside);
    let height = (legend_bottom + MARGIN).ceil();
    let mut s = Scene::new(width as u32, height as u32);
    header.draw(&mut s);

    // Customer captions and the position axis.
    s.text(
        left_bar,
        customer_y,
        "Customer: journeys start",
        11.5,
        true,
        Color::INK,
        Align::Left,
    );
    s.text(
        right_bar + BAR_W,
        customer_y,
        "journeys end: Customer",
        11.5,
        true,
        Color::INK,
        Align::Right,
    );
    let ticks = [
        (0.0, "first step", Align::Left),
        (0.5, "middle of the journey", Align::Center),
        (1.0, "last step", Align::Right),
    ];
    for (t, label, align) in ticks {
        let x = nx0 + t * (nx1 - nx0);
        let tx = match align {
            Align::Left => x - BOX_W / 2.0,
            Align::Right => x + BOX_W / 2.0,
            Align::Center => x,
        };
        s.text(tx, axis_y, label, 10.5, false, Color::MUTED, align);
    }

    // Lanes and the position guides.
    for (i, node) in chart.nodes.iter().enumerate() {
        let y = lane_y(i);
        s.rect(
            MARGIN,
            y,
            width - 2.0 * MARGIN,
            LANE_H,
            node.color.tint(0.12),
        );
        s.rect(MARGIN, y, 5.0, LANE_H, node.color);
        let label = ellipsize(&node.label, 13.0, true, LABEL_W - 26.0);
        s.text(
            MARGIN + 14.0,
            y + 21.0,
            &label,
            13.0,
            true,
            Color::INK,
            Align::Left,
        );
        let sub = ellipsize(&node.sublabel, 11.0, false, LABEL_W - 26.0);
        s.text(
            MARGIN + 14.0,
            y + 38.0,
            &sub,
            11.0,
            false,
            node.color.for_text(),
            Align::Left,
        );
    }
    for k in 0..=4 {
        let x = nx0 + f64::from(k) / 4.0 * (nx1 - nx0);
        s.dashed_vline(
            x,
            lanes_top,
            lanes_bottom,
            1.0,
            (3.0, 4.0),
            Color(0xc8, 0xc8, 0xc8),
        );
    }
    // The customer bars.
    s.rect(
        left_bar,
        lanes_top,
        BAR_W,
        lanes_bottom - lanes_top,
        Color::MUTED,
    );
    s.rect(
        right_bar,
        lanes_top,
        BAR_W,
        lanes_bottom - lanes_top,
        Color::MUTED,
    );

    // Arrows, lightest first so the heavy ones stay on top.
    let max = chart.edges.iter().map(|e| e.volume).fold(0.0f64, f64::max);
    let mut order: Vec<usize> = (0..chart.edges.len()).collect();
    order.sort_by(|&a, &b| {
        chart.edges[a]
            .volume
            .total_cmp(&chart.edges[b].volume)
            .then(b.cmp(&a))
    });
    let off = BOX_H * 0.27;
    let mut mids: Vec<(usize, Vec<(f64, f64)>)> = Vec::new();
    for &k in &order {
        let e = &chart.edges[k];
        let t = if max > 0.0 {
            (e.volume / max).sqrt()
        } else {
            0.0
        };
        let stroke = 1.5 + (MAX_STROKE - 1.5) * t;
        let color = match (e.from, e.to) {
            (End::Start, _) | (_, End::Finish) => Color::MUTED.tint(0.35 + 0.45 * t),
            _ if e.cross_silo => Color::SEAM.tint(0.45 + 0.55 * t),
            _ => Color::INK.tint(0.35 + 0.45 * t),
        };
        // Endpoints and directions: horizontal between boxes apart, vertical between boxes
        // stacked over each other (downwards on their right half, upwards on their left).
        let right = (1.0, 0.0);
        let (p0, t0, p3, t3) = match (e.from, e.to) {
            (End::Start, End::Node(b)) if b < n => (
                (left_bar + BAR_W, lane_mid(b)),
                right,
                (x_of(b) - BOX_W / 2.0, lane_mid(b)),
                right,
            ),
            (End::Node(a), End::Finish) if a < n => (
                (x_of(a) + BOX_W / 2.0, lane_mid(a)),
                right,
                (right_bar, lane_mid(a)),
                right,
            ),
            (End::Node(a), End::Node(b)) if a != b && a < n && b < n => {
                let (xa, xb) = (x_of(a), x_of(b));
                if (xb - xa).abs() < BOX_W + 24.0 {
                    let (ya, yb) = (lane_mid(a), lane_mid(b));
                    let down = yb > ya;
                    let (dx, dir, h) = if down {
                        (BOX_W / 4.0, 1.0, BOX_H / 2.0)
                    } else {
                        (-BOX_W / 4.0, -1.0, BOX_H / 2.0)
                    };
                    (
                        (xa + dx, ya + dir * h),
                        (0.0, dir),
                        (xb + dx, yb - dir * h),
                        (0.0, dir),
                    )
                } else if xb > xa {
                    (
                        (xa + BOX_W / 2.0, lane_mid(a) - off),
                        right,
                        (xb - BOX_W / 2.0, lane_mid(b) - off),
                        right,
                    )
                } else {
                    (
                        (xa - BOX_W / 2.0, lane_mid(a) + off),
                        (-1.0, 0.0),
                        (xb + BOX_W / 2.0, lane_mid(b) + off),
                        (-1.0, 0.0),
                    )
                }
            }
            _ => continue,
        };
        // The line stops at the arrowhead's base.
        let head_len = 7.0 + stroke * 0.7;
        let head_half = 4.0 + stroke * 0.55;
        let base = (p3.0 - t3.0 * head_len, p3.1 - t3.1 * head_len);
        let pts = curve(p0, base, t0, t3);
        mids.push((k, pts.clone()));
        s.line(pts, stroke, color);
        let (nx, ny) = (-t3.1 * head_half, t3.0 * head_half);
        s.polygon(
            vec![
                (base.0 + nx, base.1 + ny),
                (p3.0, p3.1),
                (base.0 - nx, base.1 - ny),
            ],
            color,
        );
    }

    // Boxes on top of the arrows.
    let mut blocked: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (i, node) in chart.nodes.iter().enumerate() {
        let (x, y) = (x_of(i), lane_mid(i));
        let (l, t) = (x - BOX_W / 2.0, y - BOX_H / 2.0);
        s.rect(l - 1.5, t - 1.5, BOX_W + 3.0, BOX_H + 3.0, Color::WHITE);
        s.rect(l, t, BOX_W, BOX_H, node.color);
        let fig = ellipsize(&node.figure, 11.5, true, BOX_W - 10.0);
        s.text(
            x,
            y + 4.2,
            &fig,
            11.5,
            true,
            node.color.text_on(),
            Align::Center,
        );
        blocked.push((l - 2.0, t - 2.0, l + BOX_W + 2.0, t + BOX_H + 2.0));
    }

    // Volume labels on the heaviest arrows, where they fit.
    let mut placed: Vec<(f64, f64, f64, f64)> =
        s.text_boxes().into_iter().map(|(_, b)| b).collect();
    let mut heavy: Vec<(usize, Vec<(f64, f64)>)> = mids;
    heavy.sort_by(|a, b| {
        chart.edges[b.0]
            .volume
            .total_cmp(&chart.edges[a.0].volume)
            .then(a.0.cmp(&b.0))
    });
    // Each label tries the middle of its arrow first, then points nearer either end.
    for (k, pts) in heavy.into_iter().take(chart.labelled) {
        let text = compact(chart.edges[k].volume);
        let em = 10.5;
        let last = pts.len().saturating_sub(1);
        let spot = [0.5, 0.38, 0.62, 0.26, 0.74]
            .into_iter()
            .map(|f| pts[((last as f64) * f).round() as usize])
            .find_map(|(mx, my)| {
                let y = my + em * 0.36;
                let bx = text_box(mx, y, &text, em, true, Align::Center);
                let pad = (bx.0 - 4.0, bx.1 - 2.0, bx.2 + 4.0, bx.3 + 2.0);
                let inside =
                    pad.0 >= 0.0 && pad.2 <= width && pad.1 >= lanes_top && pad.3 <= lanes_bottom;
                let free = !placed.iter().chain(&blocked).any(|&b| overlaps(pad, b));
                (inside && free).then_some((mx, my, y, pad))
            });
        let Some((mx, my, y, pad)) = spot else {
            continue;
        };
        let w = measure(&text, em, true) + 8.0;
        s.capsule(mx, my, w, 16.0, Color::WHITE);
        s.text(mx, y, &text, em, true, Color::INK, Align::Center);
        placed.push(pad);
    }

    legend(&mut s, legend_top, width, &chart.unit_word, inside);
    s
}

/// Draws the legend from `top`; returns its bottom.
fn legend(s: &mut Scene, top: f64, width: f64, unit_word: &str, inside_silo: bool) -> f64 {
    let between = |s: &mut Scene, x: f64, y: f64| s.hline(x, x + 16.0, y, 5.0, Color::SEAM);
    let inside = |s: &mut Scene, x: f64, y: f64| s.hline(x, x + 16.0, y, 5.0, Color::INK.tint(0.6));
    let customer =
        |s: &mut Scene, x: f64, y: f64| s.hline(x, x + 16.0, y, 5.0, Color::MUTED.tint(0.6));
    let node = |s: &mut Scene, x: f64, y: f64| s.rect(x, y - 6.0, 16.0, 12.0, Color::MUTED);
    let mut items: Vec<LegendItem> = vec![
        (
            format!("a {unit_word} at its typical place in the journey, with its steps"),
            &node,
        ),
        ("flow between silos (width: volume)".to_string(), &between),
    ];
    if inside_silo {
        items.push(("flow inside a silo".to_string(), &inside));
    }
    items.push(("journeys starting and ending".to_string(), &customer));
    legend_row(s, MARGIN, top, width - MARGIN, &items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> FlowChart {
        let node = |label: &str, position: f64| Node {
            label: label.to_string(),
            sublabel: "silo".to_string(),
            color: Color(0x33, 0x22, 0x88),
            position,
            figure: "1,200 steps".to_string(),
        };
        FlowChart {
            title: "Seam map".to_string(),
            subtitle: "How work flows".to_string(),
            note: None,
            nodes: vec![node("A", 0.0), node("B", 0.5), node("C", 1.0)],
            edges: vec![
                Edge {
                    from: End::Start,
                    to: End::Node(0),
                    volume: 10.0,
                    cross_silo: false,
                },
                Edge {
                    from: End::Node(0),
                    to: End::Node(1),
                    volume: 8.0,
                    cross_silo: true,
                },
                Edge {
                    from: End::Node(2),
                    to: End::Node(1),
                    volume: 2.0,
                    cross_silo: true,
                },
                Edge {
                    from: End::Node(2),
                    to: End::Finish,
                    volume: 10.0,
                    cross_silo: false,
                },
            ],
            unit_word: "silo".to_string(),
            labelled: 4,
        }
    }

    #[test]
    fn boxes_sit_at_their_position_and_arrows_point_the_way() {
        let s = draw(&chart());
        let boxes: Vec<(f64, f64)> = s
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                crate::plot::Shape::Rect { x, w, fill, .. }
                    if *fill == Color(0x33, 0x22, 0x88) && (*w - BOX_W).abs() < 1e-9 =>
                {
                    Some((*x, *x + *w))
                }
                _ => None,
            })
            .collect();
        assert_eq!(boxes.len(), 3);
        assert!(
            boxes[0].1 < boxes[1].0 && boxes[1].1 < boxes[2].0,
            "{boxes:?}"
        );
        // The backward arrow C → B leaves C on its left and arrives at B's right edge.
        let lines: Vec<&Vec<(f64, f64)>> = s
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                crate::plot::Shape::Line { points, .. } => Some(points),
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 4);
        let back = lines
            .iter()
            .find(|p| (p[0].0 - boxes[2].0).abs() < 1e-6)
            .expect("an arrow leaves C's left edge");
        assert!(
            back.last().unwrap().0 > boxes[1].1,
            "arrowhead beyond B's right edge"
        );
        // Labels: the volumes of the heaviest arrows that fit.
        let texts: Vec<String> = s.text_boxes().into_iter().map(|(t, _)| t).collect();
        assert!(texts.iter().any(|t| t == "8"), "{texts:?}");
    }
}
