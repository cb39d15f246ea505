//! What changed between two analysed exports: the structure (units, systems, handoffs,
//! journeys, silos) and, above all, the metrics (seams per journey, congruence and its gaps,
//! reachability and distance from the customer, articulation points, top bottlenecks, org-wide
//! figures).
//!
//! The two exports index their units differently, so everything is compared by **id**: each
//! side is first reduced to [`Facts`] (ordered maps keyed by id), then [`diff`] walks both.
//! Every list it returns is sorted: changes by impact (regressions, improvements, neutral
//! changes, structural changes), then by kind, then by id in byte order.
//!
//! - [`facts`]: each side reduced to id-keyed [`Facts`];
//! - [`figures`]: the org-wide figures, one table of descriptors ([`figures::FIGURES`]);
//! - `sections`: one function per section of the diff (customer, articulation points,
//!   journeys, congruence gaps, customer-data stores, duplicated capabilities, bottlenecks,
//!   silos, units, systems, handoffs).

pub mod facts;
pub mod figures;
mod sections;

pub use facts::{
    CapabilityFacts, Facts, HandoffFacts, JourneyFacts, SiloFacts, SourceLine, SourceLines,
    UnitFacts, TOP_BOTTLENECKS,
};

use crate::value::Cell;

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
    /// A customer-data store split off (or a new one appeared), or stores were joined.
    CustomerDataStore,
    /// A capability became duplicated, or is no longer.
    DuplicatedCapability,
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
            ChangeKind::CustomerDataStore => "customer_data_store",
            ChangeKind::DuplicatedCapability => "duplicated_capability",
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
    /// The candidate's row the change is about (None when it is not in the candidate, or is
    /// not one row: a removed unit, a handoff, a system, the silo level).
    pub at: Option<SourceLine>,
}

impl Change {
    /// The candidate's row a change is about, from its kind and ids: a unit's teams.csv row,
    /// a journey's first step in journeys.csv, the dependencies.csv row that creates a
    /// congruence gap; a silo is its unit's row.
    pub fn locate(kind: ChangeKind, ids: &[String], lines: &SourceLines) -> Option<SourceLine> {
        let first = ids.first()?;
        match kind {
            ChangeKind::Reachability
            | ChangeKind::ArticulationPoint
            | ChangeKind::Bottleneck
            | ChangeKind::CustomerDistance
            | ChangeKind::SiloEi
            | ChangeKind::Silo
            | ChangeKind::Unit
            | ChangeKind::UnitMoved
            | ChangeKind::UnitRenamed => lines.unit(first),
            ChangeKind::JourneyCrossSiloSeams | ChangeKind::JourneySeams | ChangeKind::Journey => {
                lines.journey(first)
            }
            ChangeKind::CongruenceGap => lines.dependency(first, ids.get(1)?),
            ChangeKind::CustomerDataStore => lines.system(first),
            ChangeKind::DuplicatedCapability => lines.capability(first),
            ChangeKind::SiloLevel
            | ChangeKind::System
            | ChangeKind::SystemOwners
            | ChangeKind::Handoff => None,
        }
    }

    /// The ids as one readable subject: `a`, or `a → b` for a directed pair.
    pub fn subject(&self) -> String {
        let sep = match self.kind {
            ChangeKind::CongruenceGap => " — ",
            ChangeKind::CustomerDataStore => ", ",
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

/// Compares two exports.
///
/// # Returns
/// The org-wide figures, the journeys and silos of both sides (by id), and every change sorted
/// by impact (regressions first), kind and ids.
///
/// # Complexity
/// O(N log N) over the sizes of both sides' facts.
pub fn diff(base: &Facts, cand: &Facts) -> Diff {
    let mut out = sections::Changes::default();
    sections::customer(base, cand, &mut out);
    sections::articulation_points(base, cand, &mut out);
    let journeys = sections::journeys(base, cand, &mut out);
    sections::congruence_gaps(base, cand, &mut out);
    sections::customer_data_stores(base, cand, &mut out);
    sections::duplicated_capabilities(base, cand, &mut out);
    sections::bottlenecks(base, cand, &mut out);
    let silos = sections::silos(base, cand, &mut out);
    sections::units(base, cand, &mut out);
    sections::systems(base, cand, &mut out);
    sections::handoffs(base, cand, &mut out);
    let mut changes = out.0;
    for c in &mut changes {
        c.at = Change::locate(c.kind, &c.ids, &cand.lines);
    }
    changes.sort_by(|x, y| (x.impact, x.kind, &x.ids).cmp(&(y.impact, y.kind, &y.ids)));
    Diff {
        figures: figures::figures(base, cand),
        journeys,
        silos,
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: Option<&str>, parent: Option<&str>) -> UnitFacts {
        UnitFacts {
            name: name.map(str::to_string),
            parent: parent.map(str::to_string),
        }
    }

    fn journey(steps: usize, seams: usize, cross_silo_seams: usize) -> JourneyFacts {
        JourneyFacts {
            steps,
            seams,
            cross_silo_seams,
            volume: 10.0,
        }
    }

    /// Base: units a > b, journey j with 1 seam. Candidate: unit c added under a, congruence
    /// up (better), seams total up (worse), journey j with 3 seams, one across silos.
    fn pair() -> (Facts, Facts) {
        let mut base = Facts::default();
        base.units.insert("a".into(), unit(Some("A"), None));
        base.units.insert("b".into(), unit(None, Some("a")));
        base.journeys.insert("j".into(), journey(3, 1, 0));
        base.congruence = Some(0.5);
        base.seams_total = 10.0;
        let mut cand = base.clone();
        cand.units.insert("c".into(), unit(Some("Cee"), Some("a")));
        cand.journeys.insert("j".into(), journey(4, 3, 1));
        cand.congruence = Some(0.8);
        cand.seams_total = 30.0;
        (base, cand)
    }

    fn figure<'a>(d: &'a Diff, key: &str) -> &'a Figure {
        d.figures.iter().find(|f| f.key == key).unwrap()
    }

    #[test]
    fn figures_are_judged_by_their_direction() {
        let (base, cand) = pair();
        let d = diff(&base, &cand);
        assert_eq!(d.figures.len(), figures::FIGURES.len());
        let congruence = figure(&d, "congruence");
        assert_eq!(
            (congruence.before, congruence.after),
            (Some(0.5), Some(0.8))
        );
        assert_eq!(congruence.impact(), Some(Impact::Improvement));
        let seams = figure(&d, "seam_volume");
        assert_eq!(seams.delta(), Some(20.0));
        assert_eq!(seams.impact(), Some(Impact::Regression));
        let units = figure(&d, "units");
        assert_eq!((units.before, units.after), (Some(2.0), Some(3.0)));
        assert_eq!(units.impact(), Some(Impact::Changed));
        assert_eq!(figure(&d, "modularity").impact(), None);
    }

    #[test]
    fn changes_are_listed_regressions_first_with_their_values() {
        let (base, cand) = pair();
        let d = diff(&base, &cand);
        let got: Vec<(Impact, ChangeKind, Vec<String>, Cell, Cell)> = d
            .changes
            .iter()
            .map(|c| {
                (
                    c.impact,
                    c.kind,
                    c.ids.clone(),
                    c.before.clone(),
                    c.after.clone(),
                )
            })
            .collect();
        let ids = |s: &str| vec![s.to_string()];
        assert_eq!(
            got,
            vec![
                (
                    Impact::Regression,
                    ChangeKind::JourneyCrossSiloSeams,
                    ids("j"),
                    Cell::Int(0),
                    Cell::Int(1)
                ),
                (
                    Impact::Regression,
                    ChangeKind::JourneySeams,
                    ids("j"),
                    Cell::Int(1),
                    Cell::Int(3)
                ),
                (
                    Impact::Structural,
                    ChangeKind::Unit,
                    ids("c"),
                    Cell::Null,
                    Cell::Text("Cee".into())
                ),
            ]
        );
        assert_eq!(d.count(Impact::Regression), 2);
        assert_eq!(
            d.journeys,
            vec![JourneyDelta {
                journey: "j".into(),
                before: Some(journey(3, 1, 0)),
                after: Some(journey(4, 3, 1)),
            }]
        );
    }

    #[test]
    fn nothing_changes_between_equal_sides() {
        let (base, _) = pair();
        let d = diff(&base, &base);
        assert!(d.changes.is_empty());
        assert!(d.figures.iter().all(|f| f.impact().is_none()));
    }

    #[test]
    fn changes_point_at_the_candidates_rows() {
        let mut lines = SourceLines::default();
        lines.units.insert("u".into(), 7);
        lines.journeys.insert("j".into(), 3);
        lines.team_dependencies.insert(("a".into(), "b".into()), 12);
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let at = |file, line| Some(SourceLine { file, line });
        assert_eq!(
            Change::locate(ChangeKind::ArticulationPoint, &ids(&["u"]), &lines),
            at("teams.csv", 7)
        );
        assert_eq!(
            Change::locate(ChangeKind::JourneySeams, &ids(&["j"]), &lines),
            at("journeys.csv", 3)
        );
        // A gap is found whichever way round its teams are named.
        assert_eq!(
            Change::locate(ChangeKind::CongruenceGap, &ids(&["b", "a"]), &lines),
            at("dependencies.csv", 12)
        );
        // Not in the candidate, or not one row: no location.
        assert_eq!(
            Change::locate(ChangeKind::Unit, &ids(&["gone"]), &lines),
            None
        );
        assert_eq!(
            Change::locate(ChangeKind::Handoff, &ids(&["u", "j"]), &lines),
            None
        );
    }

    #[test]
    fn a_unit_lost_to_the_customer_is_a_regression() {
        let (mut base, _) = pair();
        base.distance.insert("b".into(), Some(2));
        let mut cand = base.clone();
        cand.distance.insert("b".into(), None);
        let d = diff(&base, &cand);
        assert_eq!(d.changes.len(), 1);
        let c = &d.changes[0];
        assert_eq!(
            (c.impact, c.kind),
            (Impact::Regression, ChangeKind::Reachability)
        );
        assert_eq!((&c.before, &c.after), (&Cell::Int(2), &Cell::Null));
        assert_eq!(figure(&d, "unreachable_from_customer").delta(), Some(1.0));
    }

    fn store(systems: &[&str]) -> Vec<String> {
        systems.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn customer_data_stores_split_off_and_joined() {
        let mut base = Facts::default();
        base.customer_data_stores.insert(store(&["a", "b"]));
        base.customer_data_stores.insert(store(&["c"]));
        base.customer_data_stores.insert(store(&["d"]));
        let mut cand = Facts::default();
        // a keeps the first store, b split off, c and d joined, e is new.
        for s in [&["a"][..], &["b"], &["c", "d"], &["e"]] {
            cand.customer_data_stores.insert(store(s));
        }
        cand.lines.systems.insert("b".into(), 4);
        let d = diff(&base, &cand);
        let got: Vec<(Impact, ChangeKind, Vec<String>)> = d
            .changes
            .iter()
            .map(|c| (c.impact, c.kind, c.ids.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Impact::Regression,
                    ChangeKind::CustomerDataStore,
                    store(&["b"])
                ),
                (
                    Impact::Regression,
                    ChangeKind::CustomerDataStore,
                    store(&["e"])
                ),
                (
                    Impact::Improvement,
                    ChangeKind::CustomerDataStore,
                    store(&["c", "d"])
                ),
            ]
        );
        assert_eq!(
            d.changes[0].at,
            Some(SourceLine {
                file: "systems.csv",
                line: 4
            })
        );
        assert_eq!(
            d.changes[0].message,
            "new customer-data store: b (no dependency path joins it to the other stores)"
        );
        assert_eq!(
            d.changes[2].message,
            "customer-data stores joined: [c] and [d] are now one store (c, d)"
        );
        let stores = figure(&d, "customer_data_stores");
        assert_eq!((stores.before, stores.after), (Some(3.0), Some(4.0)));
        assert_eq!(stores.impact(), Some(Impact::Regression));
    }

    #[test]
    fn capabilities_newly_duplicated_or_no_longer() {
        let cap = |silos: &[&str]| CapabilityFacts {
            systems: store(&["s1", "s2"]),
            silos: store(silos),
        };
        let mut base = Facts::default();
        base.duplicated_capabilities
            .insert("billing".into(), cap(&["x", "y"]));
        base.platform_candidates.insert("p".into());
        let mut cand = Facts::default();
        cand.duplicated_capabilities
            .insert("search".into(), cap(&["x", "z"]));
        cand.lines.capabilities.insert("search".into(), 9);
        let d = diff(&base, &cand);
        let got: Vec<(Impact, Vec<String>, &str)> = d
            .changes
            .iter()
            .map(|c| (c.impact, c.ids.clone(), c.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Impact::Regression,
                    store(&["search"]),
                    "capability search is newly duplicated: unconnected systems in silos x, z"
                ),
                (
                    Impact::Improvement,
                    store(&["billing"]),
                    "capability billing is no longer duplicated across silos"
                ),
            ]
        );
        assert_eq!(
            d.changes[0].at,
            Some(SourceLine {
                file: "systems.csv",
                line: 9
            })
        );
        assert_eq!(d.changes[1].at, None);
        assert_eq!(figure(&d, "duplicated_capabilities").impact(), None);
        assert_eq!(
            figure(&d, "platform_candidates").impact(),
            Some(Impact::Changed)
        );
    }
}
