//! `seams suggest` (docs/suggest.md): the inverse Conway manoeuvre, computed. Searches for the
//! reorganisation — units moved to other silos — that most reduces the work crossing silo
//! boundaries within the user's limits, checks it against the community baseline, and
//! re-runs the full analysis after every accepted move so each step shows recomputed figures.
//! Also proposes the channels that close the heaviest congruence gaps.
//!
//! `gains.rs` keeps the exact gains incrementally, `search.rs` runs the passes, `baseline.rs`
//! the baseline, `render.rs` writes the result (text, Markdown, JSON, the changes file).

pub mod baseline;
pub mod gains;
pub mod render;
pub mod search;

use serde::Serialize;

use crate::error::SeamsError;
use crate::metrics::{analyze, conway, Analysis, AnalysisOptions};
use crate::model::{ModelOptions, Org};
use crate::records::{Export, Handoff, Party, UnitId};

use gains::{Placement, UnitGraph};
use search::{Ledger, Limits};

/// What the search reduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Cross-silo handoff volume: the E of the org-wide E-I.
    #[default]
    Handoffs,
    /// Volume-weighted cross-silo journey seams.
    Journeys,
}

/// How silo sizes are measured for `--balance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SizeMeasure {
    /// Σ headcount (every node of the handoff graph has one).
    Headcount,
    /// Number of handoff-graph nodes: teams (JSON `teams`, the outputs' word).
    #[serde(rename = "teams")]
    Nodes,
}

/// The user's limits and choices (`seams suggest`'s flags).
#[derive(Debug, Clone)]
pub struct SuggestOptions {
    /// What to reduce.
    pub objective: Objective,
    /// `--max-moves K`.
    pub max_moves: usize,
    /// `--balance B`: every silo keeps its size within ±B of today.
    pub balance: f64,
    /// `--fixed`: units that never move.
    pub fixed: Vec<UnitId>,
    /// `--move-customer-facing`: customer-facing units may move.
    pub move_customer_facing: bool,
    /// `--channels N`: how many congruence gaps to close.
    pub channels: usize,
    /// How each step is re-analysed.
    pub analysis: AnalysisOptions,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            objective: Objective::Handoffs,
            max_moves: 5,
            balance: 0.2,
            fixed: Vec::new(),
            move_customer_facing: false,
            channels: 3,
            analysis: AnalysisOptions::default(),
        }
    }
}

/// The size of one silo.
#[derive(Debug, Clone, Serialize)]
pub struct SiloSize {
    /// The silo.
    pub silo: UnitId,
    /// Its size (headcount or nodes, see [`SizeMeasure`]).
    pub size: f64,
}

/// Figures of one state of the organisation, recomputed by the full analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// The objective's value.
    pub objective: f64,
    /// Org-wide E-I index.
    pub org_ei_index: Option<f64>,
    /// Cross-silo handoff volume (E).
    pub cross_silo_volume: f64,
    /// Modularity of the silo partition.
    pub modularity: Option<f64>,
    /// Σ cross-silo seams × journey volume.
    pub cross_silo_seams: f64,
    /// Socio-technical congruence.
    pub congruence: Option<f64>,
    /// Every silo's size, in silo id order.
    pub silo_sizes: Vec<SiloSize>,
}

/// One accepted move and the figures after it.
#[derive(Debug, Clone, Serialize)]
pub struct MoveStep {
    /// The unit that moves (its subtree goes with it).
    pub unit: UnitId,
    /// Its parent before.
    pub from_parent: Option<UnitId>,
    /// Its new parent.
    pub to_parent: UnitId,
    /// The silo it leaves.
    pub from_silo: UnitId,
    /// The silo it joins.
    pub to_silo: UnitId,
    /// Units moving (the subtree).
    pub units_moved: usize,
    /// How much the objective fell (recomputed: before − after).
    pub gain: f64,
    /// Figures after the move.
    pub after: Figures,
}

/// One proposed channel and the congruence after it.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelStep {
    /// The handing-over unit (the pair's smaller id).
    pub from: UnitId,
    /// The receiving unit.
    pub to: UnitId,
    /// Volume of the new channel.
    pub volume: f64,
    /// Dependencies between their systems (the gap's weight).
    pub dependencies: u64,
    /// Congruence after this channel (recomputed).
    pub congruence: Option<f64>,
}

/// The community baseline and how the search compares with it.
#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    /// Its moves: (unit, new parent).
    pub moves: Vec<(UnitId, UnitId)>,
    /// The objective after them.
    pub objective: f64,
    /// The objective the search reached on its own.
    pub search_objective: f64,
    /// Whether the search did worse and the baseline's moves were taken instead.
    pub used: bool,
}

/// What `seams suggest` found.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// What was reduced.
    pub objective: Objective,
    /// The silo level.
    pub silo_level: u32,
    /// How silo sizes are measured.
    pub size_measure: SizeMeasure,
    /// The limits: `--max-moves`, `--balance`.
    pub max_moves: usize,
    /// `--balance`.
    pub balance: f64,
    /// Figures today.
    pub before: Figures,
    /// The accepted moves, in order.
    pub moves: Vec<MoveStep>,
    /// The baseline.
    pub baseline: Baseline,
    /// Channels closing congruence gaps (after the moves).
    pub channels: Vec<ChannelStep>,
}

/// Runs the search, the baseline and the re-analysis of every step.
///
/// # Errors
/// Only what the analysis itself can return.
///
/// # Complexity
/// O(U + P·D) to build the gains, the passes (see [`search::refine`]), then one model build
/// and full analysis per accepted move and one model build per channel.
pub fn suggest(
    org: &Org,
    today: &Analysis,
    options: &SuggestOptions,
) -> Result<Suggestion, SeamsError> {
    let units = &org.export.units;
    let n = units.len();
    let level = org.silos.level;
    let parents: Vec<Option<UnitId>> = units.iter().map(|u| u.parent).collect();
    let size_measure = size_measure(org);
    let size = unit_sizes(org, size_measure);
    let mut never = vec![false; n];
    for &f in &options.fixed {
        never[f as usize] = true;
    }
    if !options.move_customer_facing {
        for (u, unit) in units.iter().enumerate() {
            never[u] |= unit.customer_facing == Some(true);
        }
    }
    let graph = objective_graph(org, options.objective);
    let fresh = || Placement::new(parents.clone(), level, graph.clone(), size.clone(), &never);

    let mut search = fresh();
    let mut limits = Limits {
        max_moves: options.max_moves,
        min_size: vec![0.0; n],
        max_size: vec![0.0; n],
    };
    for s in 0..n as UnitId {
        let today_size = search.silo_size(s);
        limits.min_size[s as usize] = today_size * (1.0 - options.balance);
        limits.max_size[s as usize] = today_size * (1.0 + options.balance);
    }
    let mut ledger = Ledger::new(parents.clone());
    search::refine(&mut search, &mut ledger, &limits);
    let search_moves = ledger.moves(&search);

    let mut base = fresh();
    let mut base_ledger = Ledger::new(parents.clone());
    let misplaced: Vec<(UnitId, UnitId)> = today
        .silo
        .communities
        .misplaced
        .iter()
        .filter_map(|&v| {
            let c = today.silo.communities.community_of[v as usize]?;
            let row = today.silo.communities.list.get(c as usize)?;
            Some((org.handoffs.unit(v), row.dominant_silo))
        })
        .collect();
    baseline::community_baseline(&mut base, &mut base_ledger, &limits, &misplaced);
    let base_moves = base_ledger.moves(&base);
    let used = base.objective() < search.objective() - 1e-9;
    let chosen = if used { &base_moves } else { &search_moves };
    let (chosen_placement, chosen_ledger) = if used {
        (&base, &base_ledger)
    } else {
        (&search, &ledger)
    };
    let _ = chosen_ledger;

    // Re-analysis of every prefix.
    let model = ModelOptions {
        silo_level: Some(level),
    };
    let before = figures(org, today, options.objective, size_measure);
    let mut export = org.export.clone();
    let mut moves = Vec::with_capacity(chosen.len());
    let mut current = before.clone();
    let mut replay = fresh();
    for &(u, parent) in chosen {
        let from_parent = export.units[u as usize].parent;
        let from_silo = replay.silo(u);
        let units_moved = replay.subtree(u).len();
        replay.apply_move(u, parent);
        export.units[u as usize].parent = Some(parent);
        let (next, _) = Org::build(export.clone(), &model)?;
        let analysis = analyze(&next, &options.analysis)?;
        let after = figures(&next, &analysis, options.objective, size_measure);
        moves.push(MoveStep {
            unit: u,
            from_parent,
            to_parent: parent,
            from_silo,
            to_silo: replay.silo(u),
            units_moved,
            gain: current.objective - after.objective,
            after: after.clone(),
        });
        current = after;
    }
    debug_assert!((replay.objective() - chosen_placement.objective()).abs() < 1e-6);

    // Channels for the heaviest congruence gaps, on top of the moves.
    let mut channels = Vec::new();
    for &gap in today.conway.gaps.iter().take(options.channels) {
        let pair = &today.conway.required[gap];
        let volume = 1.0;
        add_handoff(&mut export, pair.team_a, pair.team_b, volume);
        let (next, _) = Org::build(export.clone(), &model)?;
        channels.push(ChannelStep {
            from: pair.team_a,
            to: pair.team_b,
            volume,
            dependencies: pair.weight,
            congruence: conway::conway_alignment(&next).congruence,
        });
    }

    Ok(Suggestion {
        objective: options.objective,
        silo_level: level,
        size_measure,
        max_moves: options.max_moves,
        balance: options.balance,
        before,
        moves,
        baseline: Baseline {
            moves: base_moves.clone(),
            objective: base.objective(),
            search_objective: search.objective(),
            used,
        },
        channels,
    })
}

/// Headcounts when every node of the handoff graph has one, else node counts.
fn size_measure(org: &Org) -> SizeMeasure {
    let units = &org.export.units;
    let all = org.handoffs.node_count() > 0
        && org
            .handoffs
            .units()
            .iter()
            .all(|&u| units[u as usize].headcount.is_some());
    if all {
        SizeMeasure::Headcount
    } else {
        SizeMeasure::Nodes
    }
}

/// Each unit's own size: its headcount (0 when unknown), or 1 for a node of the handoff graph.
fn unit_sizes(org: &Org, measure: SizeMeasure) -> Vec<f64> {
    let units = &org.export.units;
    (0..units.len() as UnitId)
        .map(|u| match measure {
            SizeMeasure::Headcount => units[u as usize].headcount.unwrap_or(0) as f64,
            SizeMeasure::Nodes => org.handoffs.node(u).is_some() as u8 as f64,
        })
        .collect()
}

/// The unit graph the objective counts: handoff volume between units (both directions
/// summed), or journey volume × seams between consecutive steps by different units.
pub fn objective_graph(org: &Org, objective: Objective) -> UnitGraph {
    let e = &org.export;
    match objective {
        Objective::Handoffs => UnitGraph::from_pairs(
            e.units.len(),
            e.handoffs.iter().filter_map(|h| match (h.from, h.to) {
                (Party::Unit(a), Party::Unit(b)) if h.volume > 0.0 => Some((a, b, h.volume)),
                _ => None,
            }),
        ),
        Objective::Journeys => UnitGraph::from_pairs(
            e.units.len(),
            e.journeys.iter().flat_map(|j| {
                j.steps
                    .windows(2)
                    .map(move |w| (w[0].team, w[1].team, j.volume))
            }),
        ),
    }
}

/// The figures of one analysed state.
fn figures(org: &Org, a: &Analysis, objective: Objective, measure: SizeMeasure) -> Figures {
    let cross_silo_seams: f64 = a
        .seams
        .journeys
        .iter()
        .map(|j| j.cross_silo_seams as f64 * j.volume)
        .sum();
    let size = unit_sizes(org, measure);
    let mut by_silo = vec![0.0; org.export.units.len()];
    for (u, s) in size.iter().enumerate() {
        by_silo[org.silos.silo_of(u as UnitId) as usize] += s;
    }
    let silo_sizes = org
        .silos
        .list()
        .iter()
        .map(|&s| SiloSize {
            silo: s,
            size: by_silo[s as usize],
        })
        .collect();
    Figures {
        objective: match objective {
            Objective::Handoffs => a.silo.org_external_volume,
            Objective::Journeys => cross_silo_seams,
        },
        org_ei_index: a.silo.org_ei_index,
        cross_silo_volume: a.silo.org_external_volume,
        modularity: a.silo.modularity,
        cross_silo_seams,
        congruence: a.conway.congruence,
        silo_sizes,
    }
}

/// Adds `volume` to the handoff a → b (a new merged record when there is none), keeping the
/// records sorted by (from, to).
fn add_handoff(export: &mut Export, a: UnitId, b: UnitId, volume: f64) {
    let key = (Party::Unit(a), Party::Unit(b));
    match export
        .handoffs
        .binary_search_by(|h| (h.from, h.to).cmp(&key))
    {
        Ok(i) => export.handoffs[i].volume += volume,
        Err(i) => export.handoffs.insert(
            i,
            Handoff {
                from: key.0,
                to: key.1,
                volume,
                wait_hours: None,
                rows: 1,
                channels: None,
                line: 0,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::org_from_csv;

    const TEAMS: &str = "id,parent,customer_facing,headcount
hq,,,
a,hq,,
a1,a,false,10
a2,a,true,10
a3,a,false,10
b,hq,,
b1,b,false,10
b2,b,false,10
b3,b,false,10
";
    const HANDOFFS: &str = "from,to,volume
a1,b1,9
b1,a1,1
a2,b2,8
a3,a1,1
b1,b2,2
";

    fn run(options: SuggestOptions) -> (Org, Suggestion) {
        let org = org_from_csv(&[("teams.csv", TEAMS), ("handoffs.csv", HANDOFFS)]);
        let a = analyze(&org, &options.analysis).unwrap();
        let s = suggest(&org, &a, &options).unwrap();
        (org, s)
    }

    #[test]
    fn moves_reduce_cross_volume_and_figures_are_recomputed() {
        let (org, s) = run(SuggestOptions {
            balance: 1.0,
            ..Default::default()
        });
        assert_eq!(s.size_measure, SizeMeasure::Headcount);
        assert_eq!(s.before.objective, 18.0);
        // a1 → b gains 10 − 1; a2 is customer-facing and stays.
        let first = &s.moves[0];
        assert_eq!(org.unit_id(first.unit), "a1");
        assert_eq!(org.unit_id(first.to_parent), "b");
        assert_eq!(first.after.objective, 9.0);
        assert_eq!(first.gain, 9.0);
        assert!(s.moves.iter().all(|m| org.unit_id(m.unit) != "a2"));
        let last = s.moves.last().unwrap();
        assert!(last.after.objective <= s.baseline.objective);
    }

    #[test]
    fn limits_hold() {
        // Balance 0: no silo may change size, so nothing moves.
        let (_, s) = run(SuggestOptions {
            balance: 0.0,
            ..Default::default()
        });
        assert!(s.moves.is_empty());
        // a1 fixed, customer-facing allowed: a2 moves instead.
        let org = org_from_csv(&[("teams.csv", TEAMS), ("handoffs.csv", HANDOFFS)]);
        let a1 = org.export.units.iter().position(|u| u.id == "a1").unwrap() as UnitId;
        let (org, s) = run(SuggestOptions {
            balance: 1.0,
            fixed: vec![a1],
            move_customer_facing: true,
            max_moves: 1,
            ..Default::default()
        });
        assert_eq!(s.moves.len(), 1);
        assert_eq!(org.unit_id(s.moves[0].unit), "a2");
    }
}
