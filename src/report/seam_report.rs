//! The seam report of `seams report`: everything `report.html` and `report.md` show, built once
//! from the model and the analysis — headline figures, the charts (laid out and rendered to SVG
//! and PNG), the sentences that say what each chart shows (generated from the data), and the
//! tables. The HTML ([`super::html`]) and Markdown ([`super::markdown`]) renderings only
//! format this; they hold no logic of their own, so the two always say the same thing.
//!
//! Besides picking and ordering (top journeys, top bars, "other" groups), the one figure
//! computed here is the silo × silo handoff volume of the silo matrix, a cross-tabulation of
//! the handoff graph's edges by silo for the chart.

use std::path::Path;

use serde::Serialize;

use super::summary::{headlines, Headlines};
use crate::error::SeamsError;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot::bars::{Bar, BarChart};
use crate::plot::journey::{self, Band, JourneyChart, Lane};
use crate::plot::matrix::MatrixChart;
use crate::plot::palette::{Color, CATEGORY};
use crate::plot::stacked::{Series, StackedChart};
use crate::plot::{self, Scene};
use crate::records::UnitId;
use crate::text::{hours, number, opt, percent, plural};

/// Limits of what the report draws and lists (large organisations are aggregated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportOptions {
    /// Journeys charted (the ones with the most seams × volume).
    pub max_journeys: usize,
    /// Lanes of one journey chart; more teams are drawn as one "other teams" lane.
    pub max_lanes: usize,
    /// Steps of one journey chart; later steps are left out (and the chart says so).
    pub max_steps: usize,
    /// Silos of the silo matrix; more are summed into "other silos".
    pub max_silos: usize,
    /// Bars of the bottleneck chart.
    pub max_bars: usize,
    /// Rows of each table.
    pub max_rows: usize,
    /// Device pixels per chart pixel in the PNG files.
    pub png_scale: f64,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            max_journeys: 12,
            max_lanes: 12,
            max_steps: 60,
            max_silos: 12,
            max_bars: 15,
            max_rows: 50,
            png_scale: 2.0,
        }
    }
}

/// A piece of running text; `strong` pieces are names and figures set in bold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// The text (a user string is kept as given; renderers escape it).
    pub text: String,
    /// Set in bold.
    pub strong: bool,
}

/// A sentence or paragraph made of spans.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rich(pub Vec<Span>);

impl Rich {
    fn new() -> Rich {
        Rich(Vec::new())
    }
    /// Plain text.
    fn t(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Span {
            text: text.into(),
            strong: false,
        });
        self
    }
    /// Bold text.
    fn b(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Span {
            text: text.into(),
            strong: true,
        });
        self
    }
    /// Items in bold, joined by commas and `conj` ("and", "or") in plain text.
    fn list(mut self, items: &[String], conj: &str) -> Rich {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self = self.t(if i + 1 == items.len() {
                    format!(" {conj} ")
                } else {
                    ", ".to_string()
                });
            }
            self = self.b(item.clone());
        }
        self
    }

    /// The plain text of the whole sentence.
    pub fn plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
}

/// One chart: its file name, what it shows, and its renderings.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File stem under `charts/` (ASCII, safe on every file system).
    pub file: String,
    /// Heading.
    pub title: String,
    /// Alternative text of the image.
    pub alt: String,
    /// Two or three sentences: what it shows and what to look at.
    pub text: Vec<Rich>,
    /// The laid-out chart.
    pub scene: Scene,
}

/// A headline figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    /// What it is.
    pub label: String,
    /// The figure or name.
    pub value: String,
    /// One line of context.
    pub detail: String,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Header.
    pub name: String,
    /// Right-aligned figures.
    pub numeric: bool,
    /// Identifiers: never wrapped.
    pub key: bool,
}

/// A table of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTable {
    /// Anchor id (ASCII).
    pub id: String,
    /// Heading.
    pub title: String,
    /// What it lists and in which order.
    pub intro: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows of formatted cells.
    pub rows: Vec<Vec<String>>,
    /// What was left out, if anything (the tool's own words, never a user string; `code`
    /// in backticks).
    pub note: Option<String>,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SeamReport {
    /// Page title.
    pub title: String,
    /// The organisation's name (its root unit's).
    pub org_name: String,
    /// What was analysed, in one line.
    pub subtitle: String,
    /// Headline figures.
    pub cards: Vec<Card>,
    /// The story in a few sentences.
    pub findings: Vec<Rich>,
    /// Introduction to the journey charts.
    pub journeys_text: Vec<Rich>,
    /// One chart per charted journey.
    pub journeys: Vec<Chart>,
    /// Silo matrix, bottlenecks, customer distance.
    pub charts: Vec<Chart>,
    /// The tables.
    pub tables: Vec<ReportTable>,
    /// How the figures were computed (the tool's own words, never a user string; `code` in
    /// backticks).
    pub method: Vec<String>,
    /// "seams 0.1.0".
    pub generator: String,
}

/// Display names and colours of units and silos.
struct Names<'a> {
    org: &'a Org,
    /// Position of each unit in `org.silos.list()`, `usize::MAX` for units that are no silo.
    slot: Vec<usize>,
    /// Colour of each silo, in `org.silos.list()` order.
    colors: Vec<Color>,
}

impl<'a> Names<'a> {
    fn new(org: &'a Org, a: &Analysis) -> Names<'a> {
        let list = org.silos.list();
        let mut slot = vec![usize::MAX; org.export.units.len()];
        for (i, &s) in list.iter().enumerate() {
            slot[s as usize] = i;
        }
        // Few silos: one colour each, in id order. Many: the busiest (by handoff volume, as
        // in the silo matrix; ties by id) get the colours, the rest share grey and are told
        // apart by their labels.
        let colors = if list.len() <= CATEGORY.len() {
            (0..list.len()).map(|i| CATEGORY[i]).collect()
        } else {
            let mut colors = vec![Color::OTHER; list.len()];
            for (rank, &i) in busiest_silos(a).iter().take(CATEGORY.len() - 1).enumerate() {
                colors[i] = CATEGORY[rank];
            }
            colors
        };
        Names { org, slot, colors }
    }

    /// A unit's name, or its id when it has none.
    fn unit(&self, u: UnitId) -> String {
        let unit = &self.org.export.units[u as usize];
        match &unit.name {
            Some(n) if !n.trim().is_empty() => n.clone(),
            _ => unit.id.clone(),
        }
    }

    fn id(&self, u: UnitId) -> String {
        self.org.unit_id(u).to_string()
    }

    fn node(&self, v: u32) -> String {
        self.unit(self.org.handoffs.unit(v))
    }

    fn silo_of(&self, u: UnitId) -> UnitId {
        self.org.silos.silo_of(u)
    }

    fn silo_name(&self, u: UnitId) -> String {
        self.unit(self.silo_of(u))
    }

    fn color_of_silo(&self, silo: UnitId) -> Color {
        self.slot
            .get(silo as usize)
            .and_then(|&i| self.colors.get(i))
            .copied()
            .unwrap_or(Color::OTHER)
    }

    fn color(&self, u: UnitId) -> Color {
        self.color_of_silo(self.silo_of(u))
    }
}

/// A file stem from a user string: lowercase ASCII letters, digits and single dashes, at most
/// 48 characters, never empty.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "journey".to_string()
    } else {
        out
    }
}

/// Silo indices (in `org.silos.list()` order) by total handoff volume, busiest first, ties by
/// id.
fn busiest_silos(a: &Analysis) -> Vec<usize> {
    let rows = &a.silo.silos;
    let total = |i: usize| rows[i].internal_volume + rows[i].external_volume;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&x, &y| total(y).total_cmp(&total(x)).then(x.cmp(&y)));
    order
}

/// The silo × silo volume matrix behind the silo matrix chart: the silos shown (by index in
/// `org.silos.list()`; `None` = "other silos") and volume[from][to].
struct SiloMatrix {
    shown: Vec<Option<usize>>,
    volume: Vec<Vec<f64>>,
    /// volume[from][to] over every silo (for the sentences); only for up to 400 silos.
    full: Option<Vec<Vec<f64>>>,
}

fn silo_matrix(org: &Org, a: &Analysis, names: &Names, max: usize) -> SiloMatrix {
    let list = org.silos.list();
    let k = list.len();
    let mut shown: Vec<Option<usize>> = if k <= max {
        (0..k).map(Some).collect()
    } else {
        // The silos with the most handoff volume (ties by id), then in id order.
        let mut top: Vec<usize> = busiest_silos(a).into_iter().take(max - 1).collect();
        top.sort_unstable();
        top.into_iter().map(Some).collect()
    };
    if k > max {
        shown.push(None);
    }
    let mut index = vec![shown.len() - 1; k];
    for (pos, s) in shown.iter().enumerate() {
        if let Some(i) = s {
            index[*i] = pos;
        }
    }
    let m = shown.len();
    let mut volume = vec![vec![0.0; m]; m];
    let want_full = k <= 400;
    let mut full = want_full.then(|| vec![vec![0.0; k]; k]);
    let g = &org.handoffs;
    let (offsets, targets, volumes) = (g.out_offsets(), g.out_targets(), g.out_volumes());
    let silo_slot = |v: u32| names.slot[names.silo_of(g.unit(v)) as usize];
    for v in 0..g.node_count() {
        let sa = silo_slot(v as u32);
        for e in offsets[v] as usize..offsets[v + 1] as usize {
            let sb = silo_slot(targets[e]);
            if sa == usize::MAX || sb == usize::MAX {
                continue;
            }
            volume[index[sa]][index[sb]] += volumes[e];
            if let Some(f) = full.as_mut() {
                f[sa][sb] += volumes[e];
            }
        }
    }
    SiloMatrix {
        shown,
        volume,
        full,
    }
}

/// Builds the report.
pub fn build(org: &Org, a: &Analysis, options: &ReportOptions) -> SeamReport {
    let names = Names::new(org, a);
    let h = headlines(org, a);
    let e = &org.export;
    let g = &org.handoffs;

    let roots = org.hierarchy.roots();
    let org_name = if roots.len() == 1 {
        names.unit(roots[0])
    } else {
        format!("an organisation of {} root units", roots.len())
    };
    let title = format!("Seam report: {org_name}");
    let subtitle = format!(
        "{} in the handoff graph · {} (hierarchy level {}) · {} · {}",
        plural(g.node_count(), "team", "teams"),
        plural(org.silos.list().len(), "silo", "silos"),
        org.silos.level,
        plural(g.edge_count(), "handoff channel", "handoff channels"),
        plural(e.journeys.len(), "customer journey", "customer journeys"),
    );

    let matrix = silo_matrix(org, a, &names, options.max_silos.max(2));
    let closed = most_closed_silo(a);
    let journey_order = journey_order(a);
    let top = a.bottleneck.ranking.first();

    let cards = cards(org, a, &names, &h, closed, &journey_order);
    let findings = findings(org, a, &names, &h, closed, &matrix, &journey_order);

    let charted: Vec<usize> = journey_order
        .iter()
        .copied()
        .take(options.max_journeys)
        .collect();
    let mut journeys_text = vec![Rich::new().t(
        "Each chart follows one customer journey step by step, left to right. Lanes are the teams \
         doing the steps, grouped and coloured by silo; customer-facing teams sit above the dashed \
         line of visibility, backstage teams below it. Every change of team is a seam, marked with \
         the wait before the next step; seams between silos are vermillion, and a dashed crossing \
         means no handoff channel is on record for it.",
    )];
    if e.journeys.len() > charted.len() {
        journeys_text.push(
            Rich::new()
                .t("Charted: the ")
                .b(number(charted.len() as f64))
                .t(format!(
                    " journeys with the most seams × volume, of {} in the export; the journeys table lists the first {}.",
                    number(e.journeys.len() as f64),
                    number(options.max_rows.min(e.journeys.len()) as f64)
                )),
        );
    }
    let seam_ranges = seam_ranges(a, e.journeys.len());
    let journeys: Vec<Chart> = charted
        .iter()
        .enumerate()
        .map(|(rank, &j)| journey_chart(org, a, &names, j, rank, &seam_ranges[j], options))
        .collect();

    let mut charts = Vec::new();
    if !org.silos.list().is_empty() {
        charts.push(matrix_chart(org, a, &names, &matrix, closed));
    }
    if top.is_some() {
        charts.push(bottleneck_chart(org, a, &names, options));
    }
    if g.node_count() > 0 {
        charts.push(distance_chart(org, a, &names, &h));
    }

    let tables = tables(org, a, &names, &journey_order, options);
    let mut method = vec![
        format!(
            "Silos are the units at depth {} of the reporting hierarchy ({}); a unit above that level that hands work over is its own silo.",
            org.silos.level,
            if org.silos.automatic {
                "chosen automatically: the shallowest level with at least two units"
            } else {
                "set with --silo-level"
            }
        ),
        "The handoff graph links teams that hand work to each other (handoffs.csv, or derived from consecutive journey steps); volumes are per period as exported, waits in hours.".to_string(),
        format!(
            "E-I index (Krackhardt & Stern) = (external − internal) / (external + internal) handoff volume: −1 means every handoff stays inside the silo. Betweenness is {}, with edge length = {}, normalised as networkx does.",
            h.betweenness_mode, h.weight
        ),
        "Customer distance counts handoffs from the customer in the undirected handoff graph; customer-facing teams and teams with a customer handoff are at 1. Congruence (after Cataldo et al.) is the share of required coordination — team pairs owning systems that depend on each other — that has any handoff.".to_string(),
        format!(
            "Tables show at most {} rows; `seams analyze DIR --out DIR` writes every table in full as CSV. The same export always gives a byte-identical report.",
            options.max_rows
        ),
    ];
    if e.journeys.is_empty() {
        method.push(
            "The export has no journeys.csv rows, so there are no journey charts.".to_string(),
        );
    }
    SeamReport {
        title,
        org_name,
        subtitle,
        cards,
        findings,
        journeys_text,
        journeys,
        charts,
        tables,
        method,
        generator: format!("seams {}", env!("CARGO_PKG_VERSION")),
    }
}

/// Index (in `org.silos.list()` order) of the silo with the lowest E-I (ties by id).
fn most_closed_silo(a: &Analysis) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, row) in a.silo.silos.iter().enumerate() {
        if let Some(ei) = row.ei_index {
            if best.map_or(true, |(_, b)| ei < b) {
                best = Some((i, ei));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// Journeys (indices into `a.seams.journeys`) by seams × volume, then cross-silo seams, then id.
fn journey_order(a: &Analysis) -> Vec<usize> {
    let js = &a.seams.journeys;
    let mut order: Vec<usize> = (0..js.len()).collect();
    order.sort_by(|&x, &y| {
        let (p, q) = (&js[x], &js[y]);
        (q.seams as f64 * q.volume)
            .total_cmp(&(p.seams as f64 * p.volume))
            .then(q.cross_silo_seams.cmp(&p.cross_silo_seams))
            .then(p.journey.cmp(&q.journey))
    });
    order
}

/// The journey with the most cross-silo seams (ties: more seams, then id).
fn most_cross_silo(a: &Analysis) -> Option<usize> {
    let js = &a.seams.journeys;
    (0..js.len()).filter(|&i| js[i].seams > 0).min_by(|&x, &y| {
        let (p, q) = (&js[x], &js[y]);
        q.cross_silo_seams
            .cmp(&p.cross_silo_seams)
            .then(q.seams.cmp(&p.seams))
            .then(p.journey.cmp(&q.journey))
    })
}

/// For each journey (by export index), the range of its seams in `a.seams.seams`.
fn seam_ranges(a: &Analysis, journeys: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = vec![0..0; journeys];
    let seams = &a.seams.seams;
    let mut i = 0;
    while i < seams.len() {
        let j = seams[i].journey;
        let start = i;
        while i < seams.len() && seams[i].journey == j {
            i += 1;
        }
        if j < journeys {
            ranges[j] = start..i;
        }
    }
    ranges
}

fn cards(
    org: &Org,
    a: &Analysis,
    names: &Names,
    h: &Headlines,
    closed: Option<usize>,
    journey_order: &[usize],
) -> Vec<Card> {
    let mut cards = vec![Card {
        label: "Silo E-I index, org-wide".to_string(),
        value: opt(h.ei_index),
        detail: format!(
            "−1 = all handoffs stay inside silos · modularity {}",
            opt(h.modularity)
        ),
    }];
    if let Some(i) = closed {
        let row = &a.silo.silos[i];
        cards.push(Card {
            label: "Most closed silo".to_string(),
            value: names.unit(row.silo),
            detail: format!(
                "E-I {} · {} of the handoffs it takes part in stay inside",
                opt(row.ei_index),
                percent(
                    row.internal_volume,
                    row.internal_volume + row.external_volume
                )
            ),
        });
    }
    if let Some(r) = a.bottleneck.ranking.first() {
        cards.push(Card {
            label: "Top bottleneck".to_string(),
            value: names.node(r.node),
            detail: format!(
                "betweenness {}{}",
                number(r.betweenness),
                if r.articulation_point {
                    " · articulation point"
                } else {
                    ""
                }
            ),
        });
    }
    cards.push(Card {
        label: "Single points of failure".to_string(),
        value: number(h.articulation_points as f64),
        detail: format!(
            "articulation points · {}",
            plural(h.bridges, "bridge", "bridges")
        ),
    });
    if let Some(j) = most_cross_silo(a) {
        let js = &a.seams.journeys[j];
        cards.push(Card {
            label: "Most divided journey".to_string(),
            value: org.export.journeys[js.journey].id.clone(),
            detail: format!("{} of {} seams cross silos", js.cross_silo_seams, js.seams),
        });
    } else if let Some(&j) = journey_order.first() {
        let js = &a.seams.journeys[j];
        cards.push(Card {
            label: "Busiest journey".to_string(),
            value: org.export.journeys[js.journey].id.clone(),
            detail: "no seams".to_string(),
        });
    }
    cards.push(Card {
        label: "Journey seams".to_string(),
        value: number(h.seams_total),
        detail: format!(
            "per period, weighted by volume · {} per journey",
            opt(h.mean_seams_per_journey)
        ),
    });
    cards.push(Card {
        label: "Farthest from the customer".to_string(),
        value: h
            .max_distance
            .map_or("n/a".to_string(), |m| plural(m as usize, "hop", "hops")),
        detail: {
            let far: Vec<String> = h
                .farthest
                .iter()
                .filter_map(|id| org.export.units.iter().position(|u| &u.id == id))
                .map(|u| names.unit(u as UnitId))
                .collect();
            let mut d = far.join(", ");
            if h.unreachable > 0 {
                if !d.is_empty() {
                    d.push_str(" · ");
                }
                d.push_str(&format!("{} unreachable", number(h.unreachable as f64)));
            }
            d
        },
    });
    cards.push(Card {
        label: "Conway congruence".to_string(),
        value: opt(h.congruence),
        detail: format!(
            "{} of {} required coordination · {}",
            h.actual_weight,
            h.required_weight,
            plural(h.gaps, "gap", "gaps")
        ),
    });
    cards
}

fn findings(
    org: &Org,
    a: &Analysis,
    names: &Names,
    h: &Headlines,
    closed: Option<usize>,
    matrix: &SiloMatrix,
    _journey_order: &[usize],
) -> Vec<Rich> {
    let mut out = Vec::new();
    let list = org.silos.list();
    if let Some(i) = closed {
        out.push(closed_silo_sentence(a, names, list, i, matrix));
    }
    if let Some(s) = bottleneck_sentence(a, names) {
        out.push(s);
    }
    if let Some(j) = most_cross_silo(a) {
        let js = &a.seams.journeys[j];
        let unknown: usize = a
            .seams
            .seams
            .iter()
            .filter(|s| s.journey == js.journey && s.known_handoff == Some(false))
            .count();
        let mut r = Rich::new()
            .t("The ")
            .b(org.export.journeys[js.journey].id.clone())
            .t(" journey crosses between silos ")
            .b(plural(js.cross_silo_seams, "time", "times"))
            .t(format!(
                " in {} over {} steps",
                plural(js.seams, "seam", "seams"),
                js.steps
            ));
        if unknown > 0 {
            r = r
                .t(", and ")
                .b(number(unknown as f64))
                .t(if unknown == 1 {
                    " of its seams has no handoff channel on record: the customer carries the work across."
                } else {
                    " of its seams have no handoff channel on record: the customer carries the work across."
                });
        } else {
            r = r.t(".");
        }
        out.push(r);
    }
    if let Some(m) = h.max_distance {
        let far: Vec<String> = h
            .farthest
            .iter()
            .filter_map(|id| org.export.units.iter().position(|u| &u.id == id))
            .map(|u| names.unit(u as UnitId))
            .collect();
        let mut r = Rich::new()
            .list(&far, "and")
            .t(if far.len() == 1 { " is" } else { " are" })
            .t(" the farthest from the customer, ")
            .b(plural(m as usize, "handoff", "handoffs"))
            .t(" away");
        let unreachable: Vec<String> = a
            .distance
            .unreachable
            .iter()
            .take(3)
            .map(|&v| names.node(v))
            .collect();
        if !unreachable.is_empty() {
            let more = a.distance.unreachable.len() - unreachable.len();
            r = r.t("; ").list(&unreachable, "and");
            if more > 0 {
                r = r.t(format!(" and {more} more"));
            }
            r = r.t(" cannot be reached from the customer at all.");
        } else {
            r = r.t(".");
        }
        out.push(r);
    }
    if let (Some(c), Some(&gi)) = (h.congruence, a.conway.gaps.first()) {
        let p = &a.conway.required[gi];
        out.push(
            Rich::new()
                .t("Conway congruence is ")
                .b(number(c))
                .t(": ")
                .b(number(h.gaps as f64))
                .t(if h.gaps == 1 {
                    " pair of teams owns systems that depend on each other but never hands work over; "
                } else {
                    " pairs of teams own systems that depend on each other but never hand work over; "
                })
                .t("the heaviest is ")
                .b(format!("{} ↔ {}", names.unit(p.team_a), names.unit(p.team_b)))
                .t(format!(" ({}).", plural(p.weight as usize, "dependency", "dependencies"))),
        );
    }
    out
}

/// "Digital is the most closed silo: E-I −0.712; 1,298 of its 1,516 … It exchanges no work
/// with A, B or C."
fn closed_silo_sentence(
    a: &Analysis,
    names: &Names,
    list: &[UnitId],
    i: usize,
    matrix: &SiloMatrix,
) -> Rich {
    let row = &a.silo.silos[i];
    let mut r = Rich::new()
        .b(names.unit(row.silo))
        .t(" is the most closed silo (E-I ")
        .b(opt(row.ei_index))
        .t(")")
        .t(format!(
            ": {} of the handoff volume it takes part in ({} of {}) stays inside",
            percent(
                row.internal_volume,
                row.internal_volume + row.external_volume
            ),
            number(row.internal_volume),
            number(row.internal_volume + row.external_volume)
        ));
    if let Some(full) = &matrix.full {
        let partners: Vec<usize> = (0..list.len())
            .filter(|&j| j != i && full[i][j] + full[j][i] > 0.0)
            .collect();
        let strangers: Vec<usize> = (0..list.len())
            .filter(|&j| j != i && full[i][j] + full[j][i] == 0.0)
            .collect();
        if partners.is_empty() {
            r = r.t("; it exchanges no work with any other silo.");
        } else if partners.len() <= 3 {
            let p: Vec<String> = partners.iter().map(|&j| names.unit(list[j])).collect();
            r = r
                .t("; all of its work with other silos goes through ")
                .list(&p, "and")
                .t(".");
        } else {
            r = r.t(format!("; it works with {} other silos.", partners.len()));
        }
        if !strangers.is_empty() && !partners.is_empty() {
            let shown: Vec<String> = strangers
                .iter()
                .take(4)
                .map(|&j| names.unit(list[j]))
                .collect();
            let more = strangers.len() - shown.len();
            r = r.t(" It exchanges no work at all with ").list(&shown, "or");
            if more > 0 {
                r = r.t(format!(" (or {more} more silos)"));
            }
            r = r.t(".");
        }
    } else {
        r = r.t(".");
    }
    r
}

fn bottleneck_sentence(a: &Analysis, names: &Names) -> Option<Rich> {
    let ranking = &a.bottleneck.ranking;
    let first = ranking.first()?;
    if first.betweenness <= 0.0 {
        return None;
    }
    let mut r = Rich::new()
        .b(names.node(first.node))
        .t(" is the team most work flows through: betweenness ")
        .b(number(first.betweenness));
    if let Some(second) = ranking.get(1).filter(|s| s.betweenness > 0.0) {
        let ratio = (first.betweenness / second.betweenness * 100.0).round() / 100.0;
        r = if ratio > 1.0 {
            r.t(format!(
                ", {}× the next ({}, {})",
                number(ratio),
                names.node(second.node),
                number(second.betweenness)
            ))
        } else {
            r.t(format!(", level with {}", names.node(second.node)))
        };
    }
    if first.articulation_point {
        r = r.t(". It is an articulation point: without it the handoff graph falls apart.");
    } else {
        r = r.t(".");
    }
    Some(r)
}

/// Lanes, steps and seams of one journey, aggregated to `max_lanes` lanes.
#[allow(clippy::too_many_arguments)]
fn journey_chart(
    org: &Org,
    a: &Analysis,
    names: &Names,
    j: usize,
    rank: usize,
    seams: &std::ops::Range<usize>,
    options: &ReportOptions,
) -> Chart {
    let js = &a.seams.journeys[j];
    let journey = &org.export.journeys[js.journey];
    let steps_all = &journey.steps;
    let shown_steps = steps_all.len().min(options.max_steps.max(2));
    let steps = &steps_all[..shown_steps];

    // Teams in order of first appearance, with their step counts.
    let mut teams: Vec<(UnitId, usize, usize)> = Vec::new(); // (team, first index, steps)
    for (i, s) in steps.iter().enumerate() {
        match teams.iter_mut().find(|t| t.0 == s.team) {
            Some(t) => t.2 += 1,
            None => teams.push((s.team, i, 1)),
        }
    }
    let max_lanes = options.max_lanes.max(2);
    let mut kept: Vec<(UnitId, usize, usize)> = teams.clone();
    let mut others = 0usize;
    if teams.len() > max_lanes {
        kept.sort_by(|x, y| y.2.cmp(&x.2).then(x.1.cmp(&y.1)));
        kept.truncate(max_lanes - 1);
        kept.sort_by_key(|t| t.1);
        others = teams.len() - kept.len();
    }
    // Silo order: first appearance in the journey.
    let mut silo_order: Vec<UnitId> = Vec::new();
    for s in steps {
        let silo = names.silo_of(s.team);
        if !silo_order.contains(&silo) {
            silo_order.push(silo);
        }
    }
    let band_of = |u: UnitId| match org.export.units[u as usize].customer_facing {
        Some(true) => Band::Front,
        Some(false) => Band::Back,
        None => Band::Unknown,
    };
    let mut lane_teams: Vec<(Band, usize, usize, UnitId)> = kept
        .iter()
        .map(|&(u, first, _)| {
            let silo = names.silo_of(u);
            let group = silo_order.iter().position(|&s| s == silo).unwrap_or(0);
            (band_of(u), group, first, u)
        })
        .collect();
    lane_teams.sort();
    // Silos grey in the org-wide colouring (many silos) borrow a colour no other silo of this
    // journey uses, in order of appearance; their lane labels name them either way.
    let mut journey_colors: Vec<(UnitId, Color)> = silo_order
        .iter()
        .map(|&s| (s, names.color_of_silo(s)))
        .collect();
    let mut spare = CATEGORY
        .iter()
        .copied()
        .filter(|c| !journey_colors.iter().any(|(_, x)| x == c))
        .collect::<Vec<_>>()
        .into_iter();
    for (_, c) in journey_colors.iter_mut() {
        if *c == Color::OTHER {
            if let Some(next) = spare.next() {
                *c = next;
            }
        }
    }
    let color_of = |u: UnitId| {
        let silo = names.silo_of(u);
        journey_colors
            .iter()
            .find(|(s, _)| *s == silo)
            .map_or(Color::OTHER, |(_, c)| *c)
    };
    let mut lanes: Vec<Lane> = lane_teams
        .iter()
        .map(|&(band, group, _, u)| Lane {
            team: names.unit(u),
            silo: names.silo_name(u),
            color: color_of(u),
            band,
            group,
        })
        .collect();
    let other_lane = (others > 0).then(|| {
        let mut silos: Vec<UnitId> = teams
            .iter()
            .filter(|t| !kept.iter().any(|k| k.0 == t.0))
            .map(|t| names.silo_of(t.0))
            .collect();
        silos.sort_unstable();
        silos.dedup();
        lanes.push(Lane {
            team: format!("{others} other teams"),
            silo: if silos.len() == 1 {
                names.unit(silos[0])
            } else {
                format!("{} silos", silos.len())
            },
            color: Color::OTHER,
            band: Band::Other,
            group: usize::MAX,
        });
        lanes.len() - 1
    });
    let lane_of = |u: UnitId| {
        lane_teams
            .iter()
            .position(|t| t.3 == u)
            .or(other_lane)
            .unwrap_or(0)
    };
    let chart_steps: Vec<journey::Step> = steps
        .iter()
        .map(|s| journey::Step {
            lane: lane_of(s.team),
            label: match &s.activity {
                Some(act) if !act.trim().is_empty() => act.clone(),
                _ => names.unit(s.team),
            },
        })
        .collect();
    let seam_list = &a.seams.seams[seams.clone()];
    let chart_seams: Vec<journey::Seam> = seam_list
        .iter()
        .filter(|s| s.step_index + 1 < shown_steps)
        .map(|s| journey::Seam {
            after: s.step_index,
            cross_silo: s.cross_silo,
            wait_hours: s.wait_hours,
            known_handoff: s.known_handoff,
        })
        .collect();

    let counts = format!(
        "{} · {} · {} between silos",
        plural(js.steps, "step", "steps"),
        plural(js.seams, "seam", "seams"),
        number(js.cross_silo_seams as f64)
    );
    let mut sub = vec![format!(
        "{} in {}",
        plural(js.distinct_teams, "team", "teams"),
        plural(js.distinct_silos, "silo", "silos")
    )];
    sub.push(format!(
        "{} the line of visibility",
        if js.visibility_crossings == 1 {
            "1 seam crosses".to_string()
        } else {
            format!("{} seams cross", js.visibility_crossings)
        }
    ));
    if let Some(w) = js.total_seam_wait {
        let mut t = format!("{} of waiting at seams", hours(w));
        if js.seam_waits_unknown > 0 {
            t.push_str(&format!(" ({} unknown)", js.seam_waits_unknown));
        }
        sub.push(t);
    }
    sub.push(format!(
        "{} {} per period",
        number(js.volume),
        if js.volume == 1.0 {
            "journey"
        } else {
            "journeys"
        }
    ));
    let mut notes = Vec::new();
    if shown_steps < steps_all.len() {
        notes.push(format!(
            "First {} of {} steps drawn; the seams table of `seams analyze` lists them all.",
            shown_steps,
            steps_all.len()
        ));
    }
    if others > 0 {
        notes.push(format!(
            "The {} teams with the most steps have a lane each; {} others share the bottom lane.",
            max_lanes - 1,
            others
        ));
    }
    let chart = JourneyChart {
        journey: journey.id.clone(),
        counts,
        subtitle: sub.join("  ·  "),
        note: (!notes.is_empty()).then(|| notes.join(" ")),
        lanes,
        steps: chart_steps,
        seams: chart_seams,
    };
    let scene = journey::draw(&chart);

    // The sentences.
    let mut text = vec![Rich::new()
        .b(plural(js.steps, "step", "steps"))
        .t(format!(
            " by {} in {}; ",
            plural(js.distinct_teams, "team", "teams"),
            plural(js.distinct_silos, "silo", "silos")
        ))
        .b(plural(js.seams, "seam", "seams"))
        .t(", ")
        .b(format!(
            "{} between silos",
            number(js.cross_silo_seams as f64)
        ))
        .t(format!(
            ", {} across the line of visibility.",
            number(js.visibility_crossings as f64)
        ))];
    if let Some(longest) = seam_list
        .iter()
        .filter(|s| s.wait_hours.is_some())
        .max_by(|x, y| {
            x.wait_hours
                .unwrap_or(0.0)
                .total_cmp(&y.wait_hours.unwrap_or(0.0))
                .then(y.step_index.cmp(&x.step_index))
        })
    {
        let step = &steps_all[longest.step_index + 1];
        let mut r = Rich::new()
            .t("The longest wait at a seam is ")
            .b(hours(longest.wait_hours.unwrap_or(0.0)))
            .t(format!(
                ", from {} to {} before step {}",
                names.unit(longest.from),
                names.unit(longest.to),
                longest.step_index + 2
            ));
        if let Some(act) = step.activity.as_ref().filter(|s| !s.trim().is_empty()) {
            r = r.t(format!(" (“{act}”)"));
        }
        r = r.t(".");
        text.push(r);
    }
    let unknown: Vec<String> = seam_list
        .iter()
        .filter(|s| s.known_handoff == Some(false))
        .map(|s| format!("{} → {}", names.unit(s.from), names.unit(s.to)))
        .collect();
    if !unknown.is_empty() {
        let shown: Vec<String> = unknown.iter().take(3).cloned().collect();
        let mut r = Rich::new()
            .b(plural(unknown.len(), "seam", "seams"))
            .t(if unknown.len() == 1 { " has" } else { " have" })
            .t(" no handoff channel on record (")
            .t(shown.join("; "));
        if unknown.len() > shown.len() {
            r = r.t(format!("; {} more", unknown.len() - shown.len()));
        }
        r = r.t("): nobody hands the work over, the customer carries it.");
        text.push(r);
    }
    Chart {
        file: format!("journey-{:02}-{}", rank + 1, slug(&journey.id)),
        title: format!("Journey: {}", journey.id),
        alt: format!(
            "Journey seam chart of {}: {}, {}, {} between silos.",
            journey.id,
            plural(js.steps, "step", "steps"),
            plural(js.seams, "seam", "seams"),
            js.cross_silo_seams
        ),
        text,
        scene,
    }
}

fn matrix_chart(
    org: &Org,
    a: &Analysis,
    names: &Names,
    m: &SiloMatrix,
    closed: Option<usize>,
) -> Chart {
    let list = org.silos.list();
    let labels: Vec<String> = m
        .shown
        .iter()
        .map(|s| match s {
            Some(i) => names.unit(list[*i]),
            None => format!("{} other silos", list.len() + 1 - m.shown.len()),
        })
        .collect();
    let colors: Vec<Color> = m
        .shown
        .iter()
        .map(|s| s.map_or(Color::OTHER, |i| names.colors[i]))
        .collect();
    let note = (m.shown.last() == Some(&None)).then(|| {
        format!(
            "The {} silos with the most handoff volume are shown; the other {} are summed in the last row and column.",
            m.shown.len() - 1,
            list.len() + 1 - m.shown.len()
        )
    });
    let chart = MatrixChart {
        title: "Handoffs between silos".to_string(),
        subtitle: "Handoff volume per period from each silo (row) to each silo (column); the framed diagonal stays inside one silo.".to_string(),
        note,
        labels,
        colors,
        values: m.volume.clone(),
        other_last: m.shown.last() == Some(&None),
    };
    let scene = plot::matrix::draw(&chart);
    let mut text = vec![Rich::new().t(
        "Rows hand work over and columns receive it. The framed diagonal is work that stays inside a silo; \
         a white cell is a pair of silos with no handoff at all, in that direction.",
    )];
    if let Some(i) = closed {
        text.push(closed_silo_sentence(a, names, list, i, m));
    }
    if let Some(full) = &m.full {
        let k = list.len();
        let pairs = k * k.saturating_sub(1) / 2;
        let silent = (0..k)
            .flat_map(|x| (x + 1..k).map(move |y| (x, y)))
            .filter(|&(x, y)| full[x][y] + full[y][x] == 0.0)
            .count();
        if pairs > 0 {
            text.push(
                Rich::new()
                    .b(format!(
                        "{} of the {} pairs of silos",
                        number(silent as f64),
                        number(pairs as f64)
                    ))
                    .t(" exchange no work in either direction; the org-wide E-I index is ")
                    .b(opt(a.silo.org_ei_index))
                    .t("."),
            );
        }
    }
    Chart {
        file: "silo-matrix".to_string(),
        title: "Silos: who hands work to whom".to_string(),
        alt: "Heatmap of handoff volume between silos, with every value printed.".to_string(),
        text,
        scene,
    }
}

fn bottleneck_chart(_org: &Org, a: &Analysis, names: &Names, options: &ReportOptions) -> Chart {
    let ranking = &a.bottleneck.ranking;
    let rows: Vec<&crate::metrics::bottleneck::BottleneckRow> =
        ranking.iter().take(options.max_bars).collect();
    let g_unit = |v: u32| names.org.handoffs.unit(v);
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| {
            let u = g_unit(r.node);
            Bar {
                label: names.unit(u),
                sublabel: names.silo_name(u),
                value: r.betweenness,
                color: names.color(u),
                marked: r.articulation_point,
            }
        })
        .collect();
    let mut legend: Vec<(String, Color)> = Vec::new();
    for r in &rows {
        let u = g_unit(r.node);
        let entry = (names.silo_name(u), names.color(u));
        if !legend.contains(&entry) {
            legend.push(entry);
        }
    }
    let note = (ranking.len() > rows.len()).then(|| {
        format!(
            "The top {} of {} ranked units; the bottlenecks table lists more.",
            rows.len(),
            number(ranking.len() as f64)
        )
    });
    let chart = BarChart {
        title: "Bottlenecks".to_string(),
        subtitle: "Betweenness: the share of shortest handoff routes between other teams that pass through each team.".to_string(),
        note,
        bars,
        marker_label: "articulation point: removing it splits the handoff graph".to_string(),
        legend,
        axis_label: "betweenness (0 = no route passes through, 1 = every route does)".to_string(),
    };
    let scene = plot::bars::draw(&chart);
    let mut text = vec![Rich::new().t(
        "A team with high betweenness is a broker: work between other teams has to pass through it, \
         so it sets the pace of everything that crosses it.",
    )];
    if let Some(s) = bottleneck_sentence(a, names) {
        text.push(s);
    }
    let aps: Vec<String> = a
        .bottleneck
        .articulation_points
        .iter()
        .take(5)
        .map(|&v| names.node(v))
        .collect();
    if !aps.is_empty() {
        let more = a.bottleneck.articulation_points.len() - aps.len();
        let mut r = Rich::new()
            .t("Diamonds mark articulation points, single points of failure: ")
            .list(&aps, "and");
        if more > 0 {
            r = r.t(format!(" and {more} more"));
        }
        text.push(r.t("."));
    }
    Chart {
        file: "bottlenecks".to_string(),
        title: "Bottlenecks: who everything waits on".to_string(),
        alt: "Horizontal bar chart of the units with the highest betweenness, coloured by silo."
            .to_string(),
        text,
        scene,
    }
}

fn distance_chart(org: &Org, a: &Analysis, names: &Names, h: &Headlines) -> Chart {
    let g = &org.handoffs;
    let d = &a.distance;
    let list = org.silos.list();
    let max = h.max_distance.unwrap_or(0) as usize;
    let has_unreachable = !d.unreachable.is_empty();
    let mut categories: Vec<String> = (1..=max).map(|k| k.to_string()).collect();
    if has_unreachable {
        categories.push("unreachable".to_string());
    }
    let cats = categories.len();
    // Series: coloured silos each, grey silos summed as "other silos".
    // One series per coloured silo (id order), then the grey ones summed, on top.
    let mut series_of_slot = vec![usize::MAX; list.len()];
    let mut series: Vec<Series> = Vec::new();
    for (i, &silo) in list.iter().enumerate() {
        if names.colors[i] != Color::OTHER {
            series.push(Series {
                label: names.unit(silo),
                color: names.colors[i],
                values: vec![0.0; cats],
            });
            series_of_slot[i] = series.len() - 1;
        }
    }
    let greys = names.colors.iter().filter(|&&c| c == Color::OTHER).count();
    if greys > 0 {
        series.push(Series {
            label: format!("{greys} other silos"),
            color: Color::OTHER,
            values: vec![0.0; cats],
        });
        for (i, slot) in series_of_slot.iter_mut().enumerate() {
            if names.colors[i] == Color::OTHER {
                *slot = series.len() - 1;
            }
        }
    }
    for v in 0..g.node_count() {
        let slot = names.slot[names.silo_of(g.unit(v as u32)) as usize];
        if slot == usize::MAX {
            continue;
        }
        let c = match d.customer_distance[v] {
            Some(k) if k >= 1 => k as usize - 1,
            Some(_) => continue,
            None => cats - 1,
        };
        series[series_of_slot[slot]].values[c] += 1.0;
    }
    series.retain(|s| s.values.iter().any(|&v| v > 0.0));
    let chart = StackedChart {
        title: "Distance from the customer".to_string(),
        subtitle: "Number of teams at each distance (handoffs from the customer), stacked by silo."
            .to_string(),
        note: None,
        categories,
        set_apart: usize::from(has_unreachable),
        series,
        x_label: "handoffs between the team and the customer".to_string(),
        y_label: "teams".to_string(),
    };
    let scene = plot::stacked::draw(&chart);
    let mut text = vec![Rich::new().t(
        "Customer-facing teams, and teams with a handoff from or to the customer, are 1 handoff away; \
         every further hop is one more team between this one and the people it serves.",
    )];
    if let Some(m) = h.max_distance {
        let far: Vec<String> = h
            .farthest
            .iter()
            .filter_map(|id| org.export.units.iter().position(|u| &u.id == id))
            .map(|u| names.unit(u as UnitId))
            .collect();
        let mut r = Rich::new()
            .t("The farthest ")
            .t(if far.len() == 1 { "is " } else { "are " })
            .list(&far, "and")
            .t(format!(
                ", {} away",
                plural(m as usize, "handoff", "handoffs")
            ));
        if has_unreachable {
            let names_u: Vec<String> = d
                .unreachable
                .iter()
                .take(3)
                .map(|&v| names.node(v))
                .collect();
            r = r
                .t("; the last bar, ")
                .b(plural(d.unreachable.len(), "team", "teams"))
                .t(format!(
                    " ({}{}), has no handoff path to the customer at all",
                    names_u.join(", "),
                    if d.unreachable.len() > 3 { ", …" } else { "" }
                ));
        }
        text.push(r.t("."));
    }
    if let Some((i, mean)) = d
        .silos
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.mean.map(|m| (i, m)))
        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
    {
        text.push(
            Rich::new()
                .t("By silo, ")
                .b(names.unit(list[i]))
                .t(" sits farthest on average, ")
                .b(format!("{} handoffs", number(mean)))
                .t(" from the customer."),
        );
    }
    Chart {
        file: "customer-distance".to_string(),
        title: "Distance from the customer".to_string(),
        alt:
            "Stacked bar chart of the number of teams at each distance from the customer, by silo."
                .to_string(),
        text,
        scene,
    }
}

fn col(name: &str, numeric: bool) -> Column {
    Column {
        name: name.to_string(),
        numeric,
        key: false,
    }
}

/// An identifier column (not wrapped at its dashes).
fn key(name: &str) -> Column {
    Column {
        name: name.to_string(),
        numeric: false,
        key: true,
    }
}

fn truncated(shown: usize, total: usize, what: &str) -> Option<String> {
    (total > shown).then(|| {
        format!(
            "{} of {} {what} shown; `seams analyze DIR --out DIR` writes them all.",
            number(shown as f64),
            number(total as f64)
        )
    })
}

fn tables(
    org: &Org,
    a: &Analysis,
    names: &Names,
    journey_order: &[usize],
    options: &ReportOptions,
) -> Vec<ReportTable> {
    let max = options.max_rows.max(1);
    let mut out = Vec::new();

    // Silos, most closed first.
    let mut order: Vec<usize> = (0..a.silo.silos.len()).collect();
    order.sort_by(|&x, &y| {
        let (p, q) = (&a.silo.silos[x], &a.silo.silos[y]);
        match (p.ei_index, q.ei_index) {
            (Some(u), Some(v)) => u.total_cmp(&v),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(x.cmp(&y))
    });
    out.push(ReportTable {
        id: "silos".to_string(),
        title: "Silos".to_string(),
        intro: "Most closed first (lowest E-I). Internal and external are handoff volumes per period; distances are handoffs from the customer over the silo's teams that can be reached.".to_string(),
        columns: vec![
            key("silo"),
            col("name", false),
            col("teams", true),
            col("internal", true),
            col("external", true),
            col("E-I", true),
            col("mean distance", true),
            col("max distance", true),
            col("unreachable", true),
        ],
        rows: order
            .iter()
            .take(max)
            .map(|&i| {
                let (row, dist) = (&a.silo.silos[i], &a.distance.silos[i]);
                vec![
                    names.id(row.silo),
                    names.unit(row.silo),
                    number(row.nodes as f64),
                    number(row.internal_volume),
                    number(row.external_volume),
                    opt(row.ei_index),
                    opt(dist.mean),
                    dist.max.map_or("n/a".to_string(), |m| m.to_string()),
                    dist.share_unreachable
                        .map_or("n/a".to_string(), |x| format!("{}%", number((1000.0 * x).round() / 10.0))),
                ]
            })
            .collect(),
        note: truncated(max.min(order.len()), order.len(), "silos"),
    });

    // Bottlenecks.
    let ranking = &a.bottleneck.ranking;
    let bmax = max.min(25);
    out.push(ReportTable {
        id: "bottlenecks".to_string(),
        title: "Bottlenecks".to_string(),
        intro: "Ranked by betweenness, then handoff volume; each row says why it ranks."
            .to_string(),
        columns: vec![
            col("#", true),
            key("unit"),
            col("name", false),
            key("silo"),
            col("betweenness", true),
            col("in", true),
            col("out", true),
            col("why", false),
        ],
        rows: ranking
            .iter()
            .take(bmax)
            .map(|r| {
                let u = org.handoffs.unit(r.node);
                vec![
                    r.rank.to_string(),
                    names.id(u),
                    names.unit(u),
                    names.id(names.silo_of(u)),
                    number(r.betweenness),
                    number(r.in_volume),
                    number(r.out_volume),
                    r.reasons.join("; "),
                ]
            })
            .collect(),
        note: truncated(bmax.min(ranking.len()), ranking.len(), "ranked units"),
    });

    // Congruence gaps.
    let gaps = &a.conway.gaps;
    out.push(ReportTable {
        id: "congruence-gaps".to_string(),
        title: "Congruence gaps".to_string(),
        intro: "Team pairs whose systems depend on each other but who never hand work over, heaviest first. Dependencies counts the system dependencies between them.".to_string(),
        columns: vec![
            key("team a"),
            key("silo a"),
            key("team b"),
            key("silo b"),
            col("dependencies", true),
        ],
        rows: gaps
            .iter()
            .take(max)
            .map(|&i| {
                let p = &a.conway.required[i];
                vec![
                    names.id(p.team_a),
                    names.id(names.silo_of(p.team_a)),
                    names.id(p.team_b),
                    names.id(names.silo_of(p.team_b)),
                    p.weight.to_string(),
                ]
            })
            .collect(),
        note: truncated(max.min(gaps.len()), gaps.len(), "gaps"),
    });

    // Journeys.
    out.push(ReportTable {
        id: "journeys".to_string(),
        title: "Journeys".to_string(),
        intro: "By seams × volume, as charted. Seam wait is the sum of the known waits before steps that follow a seam.".to_string(),
        columns: vec![
            key("journey"),
            col("volume", true),
            col("steps", true),
            col("teams", true),
            col("silos", true),
            col("seams", true),
            col("between silos", true),
            col("across visibility", true),
            col("seam wait (h)", true),
            col("waits unknown", true),
            col("seam ratio", true),
        ],
        rows: journey_order
            .iter()
            .take(max)
            .map(|&j| {
                let js = &a.seams.journeys[j];
                vec![
                    org.export.journeys[js.journey].id.clone(),
                    number(js.volume),
                    js.steps.to_string(),
                    js.distinct_teams.to_string(),
                    js.distinct_silos.to_string(),
                    js.seams.to_string(),
                    js.cross_silo_seams.to_string(),
                    js.visibility_crossings.to_string(),
                    opt(js.total_seam_wait),
                    js.seam_waits_unknown.to_string(),
                    opt(js.seam_ratio),
                ]
            })
            .collect(),
        note: truncated(max.min(journey_order.len()), journey_order.len(), "journeys"),
    });

    // Seams felt most.
    let pairs = &a.seams.team_pairs;
    let pmax = max.min(15);
    out.push(ReportTable {
        id: "seams-felt-most".to_string(),
        title: "Seams felt most".to_string(),
        intro: "Team → team seams over all journeys, weighted by journey volume.".to_string(),
        columns: vec![
            key("from"),
            key("to"),
            col("between silos", false),
            col("seams", true),
            col("weighted", true),
        ],
        rows: pairs
            .iter()
            .take(pmax)
            .map(|p| {
                vec![
                    names.id(p.from),
                    names.id(p.to),
                    if names.silo_of(p.from) != names.silo_of(p.to) {
                        "yes"
                    } else {
                        "no"
                    }
                    .to_string(),
                    p.seams.to_string(),
                    number(p.weighted_seams),
                ]
            })
            .collect(),
        note: truncated(pmax.min(pairs.len()), pairs.len(), "team pairs"),
    });
    out
}

/// The rendered charts of a report: (file name under `charts/`, bytes), SVG then PNG per
/// chart, in report order. Rendering runs on the rayon pool; the order is fixed.
pub fn render_charts(report: &SeamReport, png_scale: f64) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    let all: Vec<&Chart> = report.journeys.iter().chain(report.charts.iter()).collect();
    all.par_iter()
        .map(|c| {
            vec![
                (format!("{}.svg", c.file), svg_file(&c.scene).into_bytes()),
                (format!("{}.png", c.file), c.scene.to_png(png_scale)),
            ]
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The SVG of a chart with the report's font stack instead of the bare `sans-serif`.
pub fn svg_file(scene: &Scene) -> String {
    let stack = crate::plot::font::CSS_FONT_STACK.replace('"', "'");
    scene.to_svg().replace(
        "font-family=\"sans-serif\"",
        &format!("font-family=\"{stack}\""),
    )
}

/// Writes `report.html`, `report.md` and `charts/*.svg|png` into `dir` (which must exist),
/// each file atomically.
pub fn write(report: &SeamReport, dir: &Path, options: &ReportOptions) -> Result<(), SeamsError> {
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(|e| SeamsError::Io {
        path: charts_dir.clone(),
        source: e,
    })?;
    for (name, bytes) in render_charts(report, options.png_scale) {
        crate::output::write_atomic(&charts_dir.join(name), |w| w.write_all(&bytes))?;
    }
    let html = super::html::render(report).map_err(|e| SeamsError::Io {
        path: dir.join("report.html"),
        source: std::io::Error::other(format!("report template: {e:#}")),
    })?;
    crate::output::write_atomic(&dir.join("report.html"), |w| w.write_all(html.as_bytes()))?;
    let md = super::markdown::render(report);
    crate::output::write_atomic(&dir.join("report.md"), |w| w.write_all(md.as_bytes()))?;
    Ok(())
}
