//! The sections of the diff, one function each: every function compares one aspect of the two
//! sides' [`Facts`] and adds its [`Change`]s (unsorted; [`super::diff`] sorts them).

use std::collections::{BTreeMap, BTreeSet};

use super::facts::{Facts, UnitFacts, TOP_BOTTLENECKS};
use super::{Change, ChangeKind, Impact, JourneyDelta, SiloDelta};
use crate::check::format::sentences;
use crate::text::{number, opt};
use crate::value::Cell;

/// The changes found so far.
#[derive(Debug, Default)]
pub(super) struct Changes(pub(super) Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        ids: Vec<String>,
        before: Cell,
        after: Cell,
        message: String,
    ) {
        self.0.push(Change {
            impact,
            kind,
            ids,
            before,
            after,
            message,
            at: None,
        });
    }
}

fn opt_cell<T: Into<Cell>>(x: Option<T>) -> Cell {
    x.map_or(Cell::Null, Into::into)
}

/// Reachability and distance from the customer: a unit that became unreachable (or is new and
/// unreachable), reachable again, further from the customer or closer to it.
pub(super) fn customer(base: &Facts, cand: &Facts, out: &mut Changes) {
    for (unit, after) in &cand.distance {
        let before = base.distance.get(unit);
        match (before, after) {
            (Some(None), None) => {}
            (_, None) => out.push(
                Impact::Regression,
                ChangeKind::Reachability,
                vec![unit.clone()],
                opt_cell(before.copied().flatten()),
                Cell::Null,
                sentences::unreachable(unit, before.copied().flatten()),
            ),
            (Some(None), Some(d)) => out.push(
                Impact::Improvement,
                ChangeKind::Reachability,
                vec![unit.clone()],
                Cell::Null,
                (*d).into(),
                format!("{unit} is reachable from the customer again ({d} handoffs away)"),
            ),
            (Some(Some(b)), Some(a)) if a != b => out.push(
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
}

/// Units that became articulation points of the handoff graph, or stopped being one.
pub(super) fn articulation_points(base: &Facts, cand: &Facts, out: &mut Changes) {
    for unit in cand
        .articulation_points
        .difference(&base.articulation_points)
    {
        out.push(
            Impact::Regression,
            ChangeKind::ArticulationPoint,
            vec![unit.clone()],
            false.into(),
            true.into(),
            sentences::new_articulation_point(unit),
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
        out.push(
            Impact::Improvement,
            ChangeKind::ArticulationPoint,
            vec![unit.clone()],
            true.into(),
            false.into(),
            message,
        );
    }
}

/// Journeys: seams and cross-silo seams that moved, journeys added or removed. Returns every
/// journey of either side, by id.
pub(super) fn journeys(base: &Facts, cand: &Facts, out: &mut Changes) -> Vec<JourneyDelta> {
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
                    out.push(
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
                    out.push(
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
            (None, Some(a)) => out.push(
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
            (Some(b), None) => out.push(
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
    journeys
}

/// Congruence gaps that appeared or were closed.
pub(super) fn congruence_gaps(base: &Facts, cand: &Facts, out: &mut Changes) {
    for (pair, w) in &cand.congruence_gaps {
        if !base.congruence_gaps.contains_key(pair) {
            out.push(
                Impact::Regression,
                ChangeKind::CongruenceGap,
                vec![pair.0.clone(), pair.1.clone()],
                Cell::Null,
                (*w).into(),
                sentences::new_congruence_gap(&pair.0, &pair.1, *w),
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
            out.push(
                Impact::Improvement,
                ChangeKind::CongruenceGap,
                vec![pair.0.clone(), pair.1.clone()],
                (*w).into(),
                Cell::Null,
                format!("congruence gap {why}: {} and {}", pair.0, pair.1),
            );
        }
    }
}

/// Customer-data stores split off or joined (docs/ci.md). Each baseline store continues in the
/// candidate store that holds its first system still present (in id order); a candidate store
/// that continues no baseline store is new — split off, or a new system's — (a regression),
/// and one that continues two or more baseline stores joined them (an improvement).
///
/// # Complexity
/// O(C log C) for C customer-data systems on both sides.
pub(super) fn customer_data_stores(base: &Facts, cand: &Facts, out: &mut Changes) {
    let store_of: BTreeMap<&String, &Vec<String>> = cand
        .customer_data_stores
        .iter()
        .flat_map(|s| s.iter().map(move |x| (x, s)))
        .collect();
    let mut continues: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = BTreeMap::new();
    for b in &base.customer_data_stores {
        if let Some(c) = b.iter().find_map(|x| store_of.get(x)) {
            continues.entry(*c).or_default().push(b);
        }
    }
    for c in &cand.customer_data_stores {
        match continues.get(c).map_or(0, Vec::len) {
            0 => out.push(
                Impact::Regression,
                ChangeKind::CustomerDataStore,
                c.clone(),
                Cell::Null,
                Cell::List(c.clone()),
                sentences::new_customer_data_store(c),
            ),
            1 => {}
            _ => out.push(
                Impact::Improvement,
                ChangeKind::CustomerDataStore,
                c.clone(),
                Cell::Int(continues[c].len() as i64),
                Cell::List(c.clone()),
                format!(
                    "customer-data stores joined: {} are now one store ({})",
                    continues[c]
                        .iter()
                        .map(|s| format!("[{}]", s.join(", ")))
                        .collect::<Vec<_>>()
                        .join(" and "),
                    c.join(", ")
                ),
            ),
        }
    }
}

/// Capabilities newly duplicated (a regression) or no longer duplicated (an improvement).
pub(super) fn duplicated_capabilities(base: &Facts, cand: &Facts, out: &mut Changes) {
    for (name, c) in &cand.duplicated_capabilities {
        if !base.duplicated_capabilities.contains_key(name) {
            out.push(
                Impact::Regression,
                ChangeKind::DuplicatedCapability,
                vec![name.clone()],
                Cell::Null,
                Cell::List(c.silos.clone()),
                sentences::new_duplicated_capability(name, &c.silos),
            );
        }
    }
    for (name, c) in &base.duplicated_capabilities {
        if !cand.duplicated_capabilities.contains_key(name) {
            out.push(
                Impact::Improvement,
                ChangeKind::DuplicatedCapability,
                vec![name.clone()],
                Cell::List(c.silos.clone()),
                Cell::Null,
                format!("capability {name} is no longer duplicated across silos"),
            );
        }
    }
}

/// Units that entered or left the top bottlenecks, or moved within them.
pub(super) fn bottlenecks(base: &Facts, cand: &Facts, out: &mut Changes) {
    let rank = |list: &[(String, f64)], u: &str| list.iter().position(|(id, _)| id == u);
    for (i, (unit, bc)) in cand.bottlenecks.iter().enumerate() {
        match rank(&base.bottlenecks, unit) {
            None => out.push(
                Impact::Regression,
                ChangeKind::Bottleneck,
                vec![unit.clone()],
                Cell::Null,
                (i + 1).into(),
                format!(
                    "{unit} is a new top-{TOP_BOTTLENECKS} bottleneck: #{} (betweenness {})",
                    i + 1,
                    number(*bc)
                ),
            ),
            Some(j) if j != i => out.push(
                Impact::Changed,
                ChangeKind::Bottleneck,
                vec![unit.clone()],
                (j + 1).into(),
                (i + 1).into(),
                format!(
                    "{unit} moved from #{} to #{} of the bottlenecks (betweenness {} → {})",
                    j + 1,
                    i + 1,
                    number(base.bottlenecks[j].1),
                    number(*bc)
                ),
            ),
            Some(_) => {}
        }
    }
    for (j, (unit, bc)) in base.bottlenecks.iter().enumerate() {
        if rank(&cand.bottlenecks, unit).is_none() {
            out.push(
                Impact::Improvement,
                ChangeKind::Bottleneck,
                vec![unit.clone()],
                (j + 1).into(),
                Cell::Null,
                format!(
                    "{unit} left the top-{TOP_BOTTLENECKS} bottlenecks (was #{}, betweenness {})",
                    j + 1,
                    number(*bc)
                ),
            );
        }
    }
}

/// The silo level, silos added or removed, and silos whose E-I index moved. Returns every silo
/// of either side, by id.
pub(super) fn silos(base: &Facts, cand: &Facts, out: &mut Changes) -> Vec<SiloDelta> {
    if (base.silo_level, base.silo_level_automatic) != (cand.silo_level, cand.silo_level_automatic)
    {
        out.push(
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
            (Some(b), Some(a)) if b.ei_index != a.ei_index => out.push(
                Impact::Changed,
                ChangeKind::SiloEi,
                vec![id.clone()],
                opt_cell(b.ei_index),
                opt_cell(a.ei_index),
                format!(
                    "silo {id}: E-I index {} → {}",
                    opt(b.ei_index),
                    opt(a.ei_index)
                ),
            ),
            (None, Some(a)) => out.push(
                Impact::Structural,
                ChangeKind::Silo,
                vec![id.clone()],
                Cell::Null,
                a.nodes.into(),
                format!("silo {id} added ({} teams in the handoff graph)", a.nodes),
            ),
            (Some(b), None) => out.push(
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
    silos
}

/// Units added, removed, moved to a new parent or renamed.
pub(super) fn units(base: &Facts, cand: &Facts, out: &mut Changes) {
    let name_of = |u: &UnitFacts| u.name.clone().map_or(Cell::Null, Cell::Text);
    let parent_text = |p: &Option<String>| p.clone().unwrap_or_else(|| "(root)".to_string());
    for (id, a) in &cand.units {
        match base.units.get(id) {
            None => out.push(
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
                    out.push(
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
                    out.push(
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
            out.push(
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
}

/// Systems added or removed, and systems whose owners changed.
pub(super) fn systems(base: &Facts, cand: &Facts, out: &mut Changes) {
    let owners_text = |o: &[String]| {
        if o.is_empty() {
            "(none)".to_string()
        } else {
            o.join(", ")
        }
    };
    for (id, a) in &cand.systems {
        match base.systems.get(id) {
            None => out.push(
                Impact::Structural,
                ChangeKind::System,
                vec![id.clone()],
                Cell::Null,
                Cell::List(a.clone()),
                format!("system {id} added (owner: {})", owners_text(a)),
            ),
            Some(b) if b != a => out.push(
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
            out.push(
                Impact::Structural,
                ChangeKind::System,
                vec![id.clone()],
                Cell::List(b.clone()),
                Cell::Null,
                format!("system {id} removed (owner was {})", owners_text(b)),
            );
        }
    }
}

/// Handoffs (with volume > 0) added or removed.
pub(super) fn handoffs(base: &Facts, cand: &Facts, out: &mut Changes) {
    for (from, to, v) in cand.handoffs.missing_from(&base.handoffs) {
        out.push(
            Impact::Structural,
            ChangeKind::Handoff,
            vec![from.to_string(), to.to_string()],
            Cell::Null,
            v.into(),
            format!("handoff {from} → {to} added (volume {})", number(v)),
        );
    }
    for (from, to, v) in base.handoffs.missing_from(&cand.handoffs) {
        out.push(
            Impact::Structural,
            ChangeKind::Handoff,
            vec![from.to_string(), to.to_string()],
            v.into(),
            Cell::Null,
            format!("handoff {from} → {to} removed (volume was {})", number(v)),
        );
    }
}
