//! What changed between two analysed exports: the structure (units, systems, handoffs,
//! journeys, silos) and, above all, the metrics (seams per journey, congruence and its gaps,
//! reachability and distance from the customer, articulation points, top bottlenecks, org-wide
//! figures).
//!
//! The two exports index their units differently, so everything is compared by **id**: each
//! side is first reduced to [`Facts`] (ordered maps keyed by id), then [`diff`] walks both.
//! Every list it returns is sorted: changes by impact (regressions, improvements, neutral
//! changes, structural changes), then by kind, then by id in byte order.

use std::collections::{BTreeMap, BTreeSet};

use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::Party;
use crate::report::table::Cell;

/// How many of the top-ranked bottlenecks the diff follows.
pub const TOP_BOTTLENECKS: usize = 10;

/// The id the reserved customer party has in handoff pairs.
const CUSTOMER_ID: &str = "customer";

/// A unit as the diff sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFacts {
    /// Display name, when given.
    pub name: Option<String>,
    /// Id of the parent unit; None for a root.
    pub parent: Option<String>,
}

/// One journey's seam counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JourneyFacts {
    /// Number of steps.
    pub steps: usize,
    /// Consecutive steps done by different teams.
    pub seams: usize,
    /// Of them, seams between different silos.
    pub cross_silo_seams: usize,
    /// Journeys per period.
    pub volume: f64,
}

/// One silo's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiloFacts {
    /// Handoff-graph nodes in the silo.
    pub nodes: usize,
    /// Krackhardt's E-I index (None when the silo has no handoff).
    pub ei_index: Option<f64>,
}

/// One export reduced to what `check` compares, keyed by id (never by index).
#[derive(Debug, Clone)]
pub struct Facts {
    /// Every unit, by id.
    pub units: BTreeMap<String, UnitFacts>,
    /// Every system's owners (sorted ids), by system id.
    pub systems: BTreeMap<String, Vec<String>>,
    /// Merged handoffs with volume > 0, by (from, to); the customer is `customer`.
    pub handoffs: BTreeMap<(String, String), f64>,
    /// Seam counts per journey id.
    pub journeys: BTreeMap<String, JourneyFacts>,
    /// Distance from the customer of every handoff-graph node (None = unreachable).
    pub distance: BTreeMap<String, Option<u32>>,
    /// The silo of every handoff-graph node.
    pub silo_of: BTreeMap<String, String>,
    /// Silo figures by silo id.
    pub silos: BTreeMap<String, SiloFacts>,
    /// Depth of the silo level.
    pub silo_level: u32,
    /// Whether the silo level was chosen automatically.
    pub silo_level_automatic: bool,
    /// Articulation points of the undirected handoff graph.
    pub articulation_points: BTreeSet<String>,
    /// Congruence gaps (team_a < team_b) with their weight.
    pub congruence_gaps: BTreeMap<(String, String), u64>,
    /// The top [`TOP_BOTTLENECKS`] bottlenecks in rank order, with their betweenness.
    pub bottlenecks: Vec<(String, f64)>,
    /// Org-wide E-I index.
    pub org_ei_index: Option<f64>,
    /// Modularity of the silo partition.
    pub modularity: Option<f64>,
    /// Socio-technical congruence.
    pub congruence: Option<f64>,
    /// Nodes of the handoff graph.
    pub nodes: usize,
    /// Directed edges of the handoff graph.
    pub edges: usize,
    /// Seams over all journeys, weighted by journey volume.
    pub seams_total: f64,
    /// Cross-silo seams over all journeys, weighted by journey volume.
    pub cross_silo_seams_total: f64,
}

impl Facts {
    /// Reduces an analysed export to its facts.
    ///
    /// # Complexity
    /// O((U + S + H + J) log(U + S + H + J)) for U units, S systems, H handoffs, J journeys.
    pub fn of(org: &Org, a: &Analysis) -> Facts {
        let e = &org.export;
        let g = &org.handoffs;
        let uid = |u: u32| e.units[u as usize].id.clone();
        let nid = |v: u32| uid(g.unit(v));
        let party = |p: Party| match p {
            Party::Customer => CUSTOMER_ID.to_string(),
            Party::Unit(u) => uid(u),
        };
        let units = e
            .units
            .iter()
            .map(|u| {
                (
                    u.id.clone(),
                    UnitFacts {
                        name: u.name.clone(),
                        parent: u.parent.map(uid),
                    },
                )
            })
            .collect();
        let systems = e
            .systems
            .iter()
            .map(|s| {
                let mut owners: Vec<String> = s.owners.iter().map(|&o| uid(o)).collect();
                owners.sort();
                (s.id.clone(), owners)
            })
            .collect();
        let handoffs = e
            .handoffs
            .iter()
            .filter(|h| h.volume > 0.0)
            .map(|h| ((party(h.from), party(h.to)), h.volume))
            .collect();
        let journeys = a
            .seams
            .journeys
            .iter()
            .map(|j| {
                (
                    e.journeys[j.journey].id.clone(),
                    JourneyFacts {
                        steps: j.steps,
                        seams: j.seams,
                        cross_silo_seams: j.cross_silo_seams,
                        volume: j.volume,
                    },
                )
            })
            .collect();
        let cross_silo_seams_total = a
            .seams
            .journeys
            .iter()
            .map(|j| j.cross_silo_seams as f64 * j.volume)
            .sum();
        let n = g.node_count() as u32;
        let distance = (0..n)
            .map(|v| (nid(v), a.distance.customer_distance[v as usize]))
            .collect();
        let silo_of = (0..n)
            .map(|v| (nid(v), uid(org.silos.silo_of(g.unit(v)))))
            .collect();
        let silos = a
            .silo
            .silos
            .iter()
            .map(|s| {
                (
                    uid(s.silo),
                    SiloFacts {
                        nodes: s.nodes,
                        ei_index: s.ei_index,
                    },
                )
            })
            .collect();
        let articulation_points = a
            .bottleneck
            .articulation_points
            .iter()
            .map(|&v| nid(v))
            .collect();
        let congruence_gaps = a
            .conway
            .gaps
            .iter()
            .map(|&i| {
                let p = &a.conway.required[i];
                ((uid(p.team_a), uid(p.team_b)), p.weight)
            })
            .collect();
        let bottlenecks = a
            .bottleneck
            .ranking
            .iter()
            .take(TOP_BOTTLENECKS)
            .map(|r| (nid(r.node), r.betweenness))
            .collect();
        Facts {
            units,
            systems,
            handoffs,
            journeys,
            distance,
            silo_of,
            silos,
            silo_level: org.silos.level,
            silo_level_automatic: org.silos.automatic,
            articulation_points,
            congruence_gaps,
            bottlenecks,
            org_ei_index: a.silo.org_ei_index,
            modularity: a.silo.modularity,
            congruence: a.conway.congruence,
            nodes: g.node_count(),
            edges: g.edge_count(),
            seams_total: a.seams.seams_total,
            cross_silo_seams_total,
        }
    }

    /// Units the customer cannot reach.
    pub fn unreachable(&self) -> impl Iterator<Item = &str> {
        self.distance
            .iter()
            .filter(|(_, d)| d.is_none())
            .map(|(u, _)| u.as_str())
    }

    /// The greatest distance from the customer over the reachable units (None when none is).
    pub fn max_customer_distance(&self) -> Option<u32> {
        self.distance.values().flatten().copied().max()
    }

    /// The mean distance from the customer over the reachable units (None when none is).
    pub fn mean_customer_distance(&self) -> Option<f64> {
        let (sum, count) = self
            .distance
            .values()
            .flatten()
            .fold((0u64, 0u64), |(s, c), &d| (s + d as u64, c + 1));
        (count > 0).then(|| sum as f64 / count as f64)
    }
}

/// Whether a change is good or bad news. The order is the order of importance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Worse for the customer or the organisation (more seams, a new single point of failure…).
    Regression,
    /// Better (fewer seams, a gap closed, a unit closer to the customer…).
    Improvement,
    /// A figure moved; whether that is good depends on the intent (org-wide E-I, a bottleneck's
    /// rank).
    Changed,
    /// The structure changed (a unit added, moved, renamed; a handoff added…).
    Structural,
}

impl Impact {
    /// The JSON name: `regression`, `improvement`, `changed`, `structural`.
    pub fn key(self) -> &'static str {
        match self {
            Impact::Regression => "regression",
            Impact::Improvement => "improvement",
            Impact::Changed => "changed",
            Impact::Structural => "structural",
        }
    }
}

/// What kind of change. Within one impact, changes are listed in this order, then by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A unit the customer could reach (or that is new) is now unreachable; or the reverse.
    Reachability,
    /// A unit is a new articulation point, or no longer one.
    ArticulationPoint,
    /// A journey's cross-silo seams changed.
    JourneyCrossSiloSeams,
    /// A journey's seams changed.
    JourneySeams,
    /// A congruence gap appeared or was closed.
    CongruenceGap,
    /// A unit entered or left the top bottlenecks, or moved within them.
    Bottleneck,
    /// A unit moved further from the customer or closer to it.
    CustomerDistance,
    /// A silo's E-I index changed.
    SiloEi,
    /// The silo level changed.
    SiloLevel,
    /// A silo appeared or disappeared.
    Silo,
    /// A unit was added or removed.
    Unit,
    /// A unit moved to a new parent.
    UnitMoved,
    /// A unit was renamed (same id, new name).
    UnitRenamed,
    /// A system was added or removed.
    System,
    /// A system's owners changed.
    SystemOwners,
    /// A journey was added or removed.
    Journey,
    /// A handoff (from, to) with volume > 0 was added or removed.
    Handoff,
}

impl ChangeKind {
    /// The JSON name of the kind.
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Reachability => "reachability",
            ChangeKind::ArticulationPoint => "articulation_point",
            ChangeKind::JourneyCrossSiloSeams => "journey_cross_silo_seams",
            ChangeKind::JourneySeams => "journey_seams",
            ChangeKind::CongruenceGap => "congruence_gap",
            ChangeKind::Bottleneck => "bottleneck",
            ChangeKind::CustomerDistance => "customer_distance",
            ChangeKind::SiloEi => "silo_ei_index",
            ChangeKind::SiloLevel => "silo_level",
            ChangeKind::Silo => "silo",
            ChangeKind::Unit => "unit",
            ChangeKind::UnitMoved => "unit_moved",
            ChangeKind::UnitRenamed => "unit_renamed",
            ChangeKind::System => "system",
            ChangeKind::SystemOwners => "system_owners",
            ChangeKind::Journey => "journey",
            ChangeKind::Handoff => "handoff",
        }
    }
}

/// One change between the baseline and the candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Good news, bad news, neutral or structural.
    pub impact: Impact,
    /// What changed.
    pub kind: ChangeKind,
    /// The ids concerned: one unit, journey, silo or system; or a (from, to) / (team_a, team_b)
    /// pair.
    pub ids: Vec<String>,
    /// The value in the baseline (Null when absent there).
    pub before: Cell,
    /// The value in the candidate (Null when absent there).
    pub after: Cell,
    /// One plain-text sentence for people (no markup: renderers escape it).
    pub message: String,
}

impl Change {
    /// The ids as one readable subject: `a`, or `a → b` for a directed pair.
    pub fn subject(&self) -> String {
        let sep = match self.kind {
            ChangeKind::CongruenceGap => " — ",
            _ => " → ",
        };
        self.ids.join(sep)
    }
}

/// Whether a higher value of a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Higher is better (congruence).
    Higher,
    /// Lower is better (seams, unreachable units, articulation points…).
    Lower,
    /// Neither: it depends on the intent (size, E-I, modularity).
    Neither,
}

/// One org-wide figure before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The JSON key.
    pub key: &'static str,
    /// A short label for people.
    pub label: &'static str,
    /// Value in the baseline (None = not defined there).
    pub before: Option<f64>,
    /// Value in the candidate.
    pub after: Option<f64>,
    /// Which direction is good news.
    pub better: Better,
}

impl Figure {
    /// after − before, when both are defined.
    pub fn delta(&self) -> Option<f64> {
        Some(self.after? - self.before?)
    }

    /// The impact of the move: None when unchanged.
    pub fn impact(&self) -> Option<Impact> {
        if self.before == self.after {
            return None;
        }
        let up = match self.delta() {
            Some(d) => d > 0.0,
            None => return Some(Impact::Changed),
        };
        Some(match (self.better, up) {
            (Better::Neither, _) => Impact::Changed,
            (Better::Higher, true) | (Better::Lower, false) => Impact::Improvement,
            _ => Impact::Regression,
        })
    }
}

/// One journey before and after (absent on a side = None).
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyDelta {
    /// The journey id.
    pub journey: String,
    /// Its figures in the baseline.
    pub before: Option<JourneyFacts>,
    /// Its figures in the candidate.
    pub after: Option<JourneyFacts>,
}

/// One silo before and after (absent on a side = None).
#[derive(Debug, Clone, PartialEq)]
pub struct SiloDelta {
    /// The silo id.
    pub silo: String,
    /// Its figures in the baseline.
    pub before: Option<SiloFacts>,
    /// Its figures in the candidate.
    pub after: Option<SiloFacts>,
}

/// Everything that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// Org-wide figures, in a fixed order.
    pub figures: Vec<Figure>,
    /// Every journey of either side, by id.
    pub journeys: Vec<JourneyDelta>,
    /// Every silo of either side, by id.
    pub silos: Vec<SiloDelta>,
    /// The changes, most important first (impact, kind, then ids in byte order).
    pub changes: Vec<Change>,
}

impl Diff {
    /// Number of changes with this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }
}

fn fnum(x: f64) -> String {
    crate::text::number(x)
}

fn opt_num(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), fnum)
}

fn opt_cell<T: Into<Cell>>(x: Option<T>) -> Cell {
    x.map_or(Cell::Null, Into::into)
}

/// Compares two exports.
///
/// # Returns
/// The org-wide figures, the journeys and silos of both sides (by id), and every change sorted
/// by impact (regressions first), kind and ids.
///
/// # Complexity
/// O(N log N) over the sizes of both sides' facts.
pub fn diff(base: &Facts, cand: &Facts) -> Diff {
    let mut changes = Vec::new();
    let mut push = |impact, kind, ids: Vec<String>, before: Cell, after: Cell, message: String| {
        changes.push(Change {
            impact,
            kind,
            ids,
            before,
            after,
            message,
        })
    };

    // Reachability and distance from the customer.
    for (unit, after) in &cand.distance {
        let before = base.distance.get(unit);
        match (before, after) {
            (Some(None), None) => {}
            (_, None) => push(
                Impact::Regression,
                ChangeKind::Reachability,
                vec![unit.clone()],
                opt_cell(before.copied().flatten()),
                Cell::Null,
                match before {
                    Some(Some(d)) => format!(
                        "{unit} is now unreachable from the customer (was {d} handoffs away)"
                    ),
                    _ => format!("{unit} is new and unreachable from the customer"),
                },
            ),
            (Some(None), Some(d)) => push(
                Impact::Improvement,
                ChangeKind::Reachability,
                vec![unit.clone()],
                Cell::Null,
                (*d).into(),
                format!("{unit} is reachable from the customer again ({d} handoffs away)"),
            ),
            (Some(Some(b)), Some(a)) if a != b => push(
                if a > b {
                    Impact::Regression
                } else {
                    Impact::Improvement
                },
                ChangeKind::CustomerDistance,
                vec![unit.clone()],
                (*b).into(),
                (*a).into(),
                format!(
                    "{unit} is {} the customer: {b} → {a} handoffs",
                    if a > b { "further from" } else { "closer to" }
                ),
            ),
            _ => {}
        }
    }

    // Articulation points.
    for unit in cand
        .articulation_points
        .difference(&base.articulation_points)
    {
        push(
            Impact::Regression,
            ChangeKind::ArticulationPoint,
            vec![unit.clone()],
            false.into(),
            true.into(),
            format!("{unit} is a new articulation point: removing it would cut the handoff graph in two"),
        );
    }
    for unit in base
        .articulation_points
        .difference(&cand.articulation_points)
    {
        let message = if cand.distance.contains_key(unit) {
            format!("{unit} is no longer an articulation point")
        } else {
            format!("{unit} is no longer an articulation point (it left the handoff graph)")
        };
        push(
            Impact::Improvement,
            ChangeKind::ArticulationPoint,
            vec![unit.clone()],
            true.into(),
            false.into(),
            message,
        );
    }

    // Journeys.
    let mut journeys = Vec::new();
    let journey_ids: BTreeSet<&String> = base.journeys.keys().chain(cand.journeys.keys()).collect();
    for id in journey_ids {
        let (b, a) = (
            base.journeys.get(id).copied(),
            cand.journeys.get(id).copied(),
        );
        match (b, a) {
            (Some(b), Some(a)) => {
                if a.cross_silo_seams != b.cross_silo_seams {
                    push(
                        if a.cross_silo_seams > b.cross_silo_seams {
                            Impact::Regression
                        } else {
                            Impact::Improvement
                        },
                        ChangeKind::JourneyCrossSiloSeams,
                        vec![id.clone()],
                        b.cross_silo_seams.into(),
                        a.cross_silo_seams.into(),
                        format!(
                            "journey {id}: cross-silo seams {} → {}",
                            b.cross_silo_seams, a.cross_silo_seams
                        ),
                    );
                }
                if a.seams != b.seams {
                    push(
                        if a.seams > b.seams {
                            Impact::Regression
                        } else {
                            Impact::Improvement
                        },
                        ChangeKind::JourneySeams,
                        vec![id.clone()],
                        b.seams.into(),
                        a.seams.into(),
                        format!(
                            "journey {id}: seams {} → {} ({} → {} steps)",
                            b.seams, a.seams, b.steps, a.steps
                        ),
                    );
                }
            }
            (None, Some(a)) => push(
                Impact::Structural,
                ChangeKind::Journey,
                vec![id.clone()],
                Cell::Null,
                a.seams.into(),
                format!(
                    "journey {id} added ({} steps, {} seams, {} cross-silo)",
                    a.steps, a.seams, a.cross_silo_seams
                ),
            ),
            (Some(b), None) => push(
                Impact::Structural,
                ChangeKind::Journey,
                vec![id.clone()],
                b.seams.into(),
                Cell::Null,
                format!("journey {id} removed (it had {} seams)", b.seams),
            ),
            (None, None) => {}
        }
        journeys.push(JourneyDelta {
            journey: id.clone(),
            before: b,
            after: a,
        });
    }

    // Congruence gaps.
    for (pair, w) in &cand.congruence_gaps {
        if !base.congruence_gaps.contains_key(pair) {
            push(
                Impact::Regression,
                ChangeKind::CongruenceGap,
                vec![pair.0.clone(), pair.1.clone()],
                Cell::Null,
                (*w).into(),
                format!(
                    "new congruence gap: {} and {} own dependent systems ({w} {}) but never hand work over",
                    pair.0,
                    pair.1,
                    if *w == 1 { "dependency" } else { "dependencies" }
                ),
            );
        }
    }
    for (pair, w) in &base.congruence_gaps {
        if !cand.congruence_gaps.contains_key(pair) {
            let why = if cand.units.contains_key(&pair.0) && cand.units.contains_key(&pair.1) {
                "closed"
            } else {
                "gone (a team was removed)"
            };
            push(
                Impact::Improvement,
                ChangeKind::CongruenceGap,
                vec![pair.0.clone(), pair.1.clone()],
                (*w).into(),
                Cell::Null,
                format!("congruence gap {why}: {} and {}", pair.0, pair.1),
            );
        }
    }

    // Top bottlenecks.
    let rank = |list: &[(String, f64)], u: &str| list.iter().position(|(id, _)| id == u);
    for (i, (unit, bc)) in cand.bottlenecks.iter().enumerate() {
        match rank(&base.bottlenecks, unit) {
            None => push(
                Impact::Regression,
                ChangeKind::Bottleneck,
                vec![unit.clone()],
                Cell::Null,
                (i + 1).into(),
                format!(
                    "{unit} is a new top-{TOP_BOTTLENECKS} bottleneck: #{} (betweenness {})",
                    i + 1,
                    fnum(*bc)
                ),
            ),
            Some(j) if j != i => push(
                Impact::Changed,
                ChangeKind::Bottleneck,
                vec![unit.clone()],
                (j + 1).into(),
                (i + 1).into(),
                format!(
                    "{unit} moved from #{} to #{} of the bottlenecks (betweenness {} → {})",
                    j + 1,
                    i + 1,
                    fnum(base.bottlenecks[j].1),
                    fnum(*bc)
                ),
            ),
            Some(_) => {}
        }
    }
    for (j, (unit, bc)) in base.bottlenecks.iter().enumerate() {
        if rank(&cand.bottlenecks, unit).is_none() {
            push(
                Impact::Improvement,
                ChangeKind::Bottleneck,
                vec![unit.clone()],
                (j + 1).into(),
                Cell::Null,
                format!(
                    "{unit} left the top-{TOP_BOTTLENECKS} bottlenecks (was #{}, betweenness {})",
                    j + 1,
                    fnum(*bc)
                ),
            );
        }
    }

    // Silos.
    if (base.silo_level, base.silo_level_automatic) != (cand.silo_level, cand.silo_level_automatic)
    {
        push(
            Impact::Structural,
            ChangeKind::SiloLevel,
            Vec::new(),
            base.silo_level.into(),
            cand.silo_level.into(),
            format!(
                "silo level {} → {}: silos are compared by id at different depths",
                base.silo_level, cand.silo_level
            ),
        );
    }
    let mut silos = Vec::new();
    let silo_ids: BTreeSet<&String> = base.silos.keys().chain(cand.silos.keys()).collect();
    for id in silo_ids {
        let (b, a) = (base.silos.get(id).copied(), cand.silos.get(id).copied());
        match (b, a) {
            (Some(b), Some(a)) if b.ei_index != a.ei_index => push(
                Impact::Changed,
                ChangeKind::SiloEi,
                vec![id.clone()],
                opt_cell(b.ei_index),
                opt_cell(a.ei_index),
                format!(
                    "silo {id}: E-I index {} → {}",
                    opt_num(b.ei_index),
                    opt_num(a.ei_index)
                ),
            ),
            (None, Some(a)) => push(
                Impact::Structural,
                ChangeKind::Silo,
                vec![id.clone()],
                Cell::Null,
                a.nodes.into(),
                format!("silo {id} added ({} teams in the handoff graph)", a.nodes),
            ),
            (Some(b), None) => push(
                Impact::Structural,
                ChangeKind::Silo,
                vec![id.clone()],
                b.nodes.into(),
                Cell::Null,
                format!(
                    "silo {id} removed (it had {} teams in the handoff graph)",
                    b.nodes
                ),
            ),
            _ => {}
        }
        silos.push(SiloDelta {
            silo: id.clone(),
            before: b,
            after: a,
        });
    }

    // Units.
    let name_of = |u: &UnitFacts| u.name.clone().map_or(Cell::Null, Cell::Text);
    let parent_text = |p: &Option<String>| p.clone().unwrap_or_else(|| "(root)".to_string());
    for (id, a) in &cand.units {
        match base.units.get(id) {
            None => push(
                Impact::Structural,
                ChangeKind::Unit,
                vec![id.clone()],
                Cell::Null,
                name_of(a),
                format!(
                    "unit {id} added{} under {}",
                    a.name
                        .as_ref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default(),
                    parent_text(&a.parent)
                ),
            ),
            Some(b) => {
                if b.parent != a.parent {
                    push(
                        Impact::Structural,
                        ChangeKind::UnitMoved,
                        vec![id.clone()],
                        opt_cell(b.parent.clone()),
                        opt_cell(a.parent.clone()),
                        format!(
                            "unit {id} moved from {} to {}",
                            parent_text(&b.parent),
                            parent_text(&a.parent)
                        ),
                    );
                }
                if b.name != a.name {
                    let shown =
                        |n: &Option<String>| n.clone().unwrap_or_else(|| "(no name)".into());
                    push(
                        Impact::Structural,
                        ChangeKind::UnitRenamed,
                        vec![id.clone()],
                        name_of(b),
                        name_of(a),
                        format!(
                            "unit {id} renamed from {} to {}",
                            shown(&b.name),
                            shown(&a.name)
                        ),
                    );
                }
            }
        }
    }
    for (id, b) in &base.units {
        if !cand.units.contains_key(id) {
            push(
                Impact::Structural,
                ChangeKind::Unit,
                vec![id.clone()],
                name_of(b),
                Cell::Null,
                format!(
                    "unit {id} removed (it was under {})",
                    parent_text(&b.parent)
                ),
            );
        }
    }

    // Systems.
    let owners_text = |o: &[String]| {
        if o.is_empty() {
            "(none)".to_string()
        } else {
            o.join(", ")
        }
    };
    for (id, a) in &cand.systems {
        match base.systems.get(id) {
            None => push(
                Impact::Structural,
                ChangeKind::System,
                vec![id.clone()],
                Cell::Null,
                Cell::List(a.clone()),
                format!("system {id} added (owner: {})", owners_text(a)),
            ),
            Some(b) if b != a => push(
                Impact::Structural,
                ChangeKind::SystemOwners,
                vec![id.clone()],
                Cell::List(b.clone()),
                Cell::List(a.clone()),
                format!("system {id}: owner {} → {}", owners_text(b), owners_text(a)),
            ),
            Some(_) => {}
        }
    }
    for (id, b) in &base.systems {
        if !cand.systems.contains_key(id) {
            push(
                Impact::Structural,
                ChangeKind::System,
                vec![id.clone()],
                Cell::List(b.clone()),
                Cell::Null,
                format!("system {id} removed (owner was {})", owners_text(b)),
            );
        }
    }

    // Handoffs.
    for ((from, to), v) in &cand.handoffs {
        if !base.handoffs.contains_key(&(from.clone(), to.clone())) {
            push(
                Impact::Structural,
                ChangeKind::Handoff,
                vec![from.clone(), to.clone()],
                Cell::Null,
                (*v).into(),
                format!("handoff {from} → {to} added (volume {})", fnum(*v)),
            );
        }
    }
    for ((from, to), v) in &base.handoffs {
        if !cand.handoffs.contains_key(&(from.clone(), to.clone())) {
            push(
                Impact::Structural,
                ChangeKind::Handoff,
                vec![from.clone(), to.clone()],
                (*v).into(),
                Cell::Null,
                format!("handoff {from} → {to} removed (volume was {})", fnum(*v)),
            );
        }
    }

    changes.sort_by(|x, y| (x.impact, x.kind, &x.ids).cmp(&(y.impact, y.kind, &y.ids)));
    Diff {
        figures: figures(base, cand),
        journeys,
        silos,
        changes,
    }
}

/// The org-wide figures of both sides.
fn figures(base: &Facts, cand: &Facts) -> Vec<Figure> {
    let count = |x: usize| Some(x as f64);
    let top = |f: &Facts| f.bottlenecks.first().map(|b| b.1);
    let fig = |key, label, before, after, better| Figure {
        key,
        label,
        before,
        after,
        better,
    };
    vec![
        fig(
            "seams_total",
            "journey seams (weighted by volume)",
            Some(base.seams_total),
            Some(cand.seams_total),
            Better::Lower,
        ),
        fig(
            "cross_silo_seams_total",
            "cross-silo seams (weighted by volume)",
            Some(base.cross_silo_seams_total),
            Some(cand.cross_silo_seams_total),
            Better::Lower,
        ),
        fig(
            "congruence",
            "Conway congruence",
            base.congruence,
            cand.congruence,
            Better::Higher,
        ),
        fig(
            "congruence_gaps",
            "congruence gaps",
            count(base.congruence_gaps.len()),
            count(cand.congruence_gaps.len()),
            Better::Lower,
        ),
        fig(
            "unreachable_from_customer",
            "units unreachable from the customer",
            count(base.unreachable().count()),
            count(cand.unreachable().count()),
            Better::Lower,
        ),
        fig(
            "max_customer_distance",
            "max distance from the customer",
            base.max_customer_distance().map(f64::from),
            cand.max_customer_distance().map(f64::from),
            Better::Lower,
        ),
        fig(
            "mean_customer_distance",
            "mean distance from the customer",
            base.mean_customer_distance(),
            cand.mean_customer_distance(),
            Better::Lower,
        ),
        fig(
            "articulation_points",
            "articulation points",
            count(base.articulation_points.len()),
            count(cand.articulation_points.len()),
            Better::Lower,
        ),
        fig(
            "top_betweenness",
            "top bottleneck's betweenness",
            top(base),
            top(cand),
            Better::Lower,
        ),
        fig(
            "ei_index",
            "org-wide E-I index",
            base.org_ei_index,
            cand.org_ei_index,
            Better::Neither,
        ),
        fig(
            "modularity",
            "silo modularity",
            base.modularity,
            cand.modularity,
            Better::Neither,
        ),
        fig(
            "silos",
            "silos",
            count(base.silos.len()),
            count(cand.silos.len()),
            Better::Neither,
        ),
        fig(
            "units",
            "units",
            count(base.units.len()),
            count(cand.units.len()),
            Better::Neither,
        ),
        fig(
            "handoff_edges",
            "handoff edges",
            count(base.edges),
            count(cand.edges),
            Better::Neither,
        ),
    ]
}
