//! The evaluation of the rules on the two sides and their diff. It returns typed outcomes: one
//! [`Violation`] (with its numbers) per thing that breaks a rule, and the [`Measure`] the rule
//! took, from which `check::format` writes the sentences people read (docs/ci.md).

use super::{Limit, Rule, RuleKind, RuleSet, Severity, EPSILON};
use crate::check::diff::{ChangeKind, Diff, Facts, Impact, SourceLine, SourceLines};
use crate::value::Cell;

/// One thing that breaks a rule, with the numbers that break it.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// `no_new_unreachable`: a unit the customer cannot reach any more, or a new unit it
    /// cannot reach.
    Unreachable {
        /// The unit.
        unit: String,
        /// Its distance from the customer in the baseline (None: it is new, or was not in the
        /// handoff graph).
        was: Option<u32>,
    },
    /// `no_new_articulation_points`: a unit that became an articulation point.
    ArticulationPoint {
        /// The unit.
        unit: String,
    },
    /// `no_new_congruence_gaps`: two teams with dependent systems that never hand work over.
    CongruenceGap {
        /// The first team (`team_a < team_b`).
        team_a: String,
        /// The second team.
        team_b: String,
        /// The dependencies between their systems.
        dependencies: u64,
    },
    /// `no_new_customer_data_stores`: a customer-data store that split off, or a new one.
    CustomerDataStore {
        /// Its customer-data systems, sorted.
        systems: Vec<String>,
    },
    /// `no_new_duplicated_capabilities`: a capability newly held by unconnected systems of two
    /// or more silos.
    DuplicatedCapability {
        /// The capability.
        capability: String,
        /// The silos holding it, sorted.
        silos: Vec<String>,
    },
    /// `max_customer_data_stores`: customer data sits in more stores than allowed.
    CustomerDataStores {
        /// The candidate's stores.
        stores: usize,
        /// The allowed number.
        allowed: u64,
    },
    /// `max_seam_increase`: a journey that gained more seams than allowed.
    SeamIncrease {
        /// The journey.
        journey: String,
        /// Its seams in the baseline.
        before: usize,
        /// Its seams in the candidate.
        after: usize,
        /// The allowed increase.
        allowed: u64,
    },
    /// `max_cross_silo_seams_per_journey`: a journey with too many cross-silo seams.
    CrossSiloSeams {
        /// The journey.
        journey: String,
        /// Its cross-silo seams in the candidate.
        seams: usize,
        /// The allowed number.
        allowed: u64,
    },
    /// `max_customer_distance`: a unit too far from the customer.
    CustomerDistance {
        /// The unit.
        unit: String,
        /// Its distance in handoffs.
        distance: u32,
        /// The allowed distance.
        allowed: u64,
    },
    /// `min_congruence`: the candidate's congruence is below the minimum.
    Congruence {
        /// The candidate's congruence.
        congruence: f64,
        /// The minimum.
        min: f64,
    },
    /// `max_silo_ei` (`above`) or `min_silo_ei`: a silo whose E-I index is out of bounds.
    SiloEi {
        /// The silo.
        silo: String,
        /// Its E-I index.
        ei: f64,
        /// The bound.
        limit: f64,
        /// True for a maximum (the index is above it), false for a minimum (below it).
        above: bool,
    },
}

impl Violation {
    /// The ids concerned (a journey, a unit, a silo, a pair), or none for an org-wide figure.
    pub fn ids(&self) -> Vec<String> {
        match self {
            Violation::Unreachable { unit, .. }
            | Violation::ArticulationPoint { unit }
            | Violation::CustomerDistance { unit, .. } => vec![unit.clone()],
            Violation::CongruenceGap { team_a, team_b, .. } => {
                vec![team_a.clone(), team_b.clone()]
            }
            Violation::SeamIncrease { journey, .. } | Violation::CrossSiloSeams { journey, .. } => {
                vec![journey.clone()]
            }
            Violation::Congruence { .. } | Violation::CustomerDataStores { .. } => Vec::new(),
            Violation::SiloEi { silo, .. } => vec![silo.clone()],
            Violation::CustomerDataStore { systems } => systems.clone(),
            Violation::DuplicatedCapability { capability, .. } => vec![capability.clone()],
        }
    }

    /// The offending value (the JSON `value`): null for a unit lost to the customer, true for
    /// an articulation point, the number otherwise (a seam increase is after − before).
    pub fn value(&self) -> Cell {
        match self {
            Violation::Unreachable { .. } => Cell::Null,
            Violation::ArticulationPoint { .. } => Cell::Bool(true),
            Violation::CongruenceGap { dependencies, .. } => (*dependencies).into(),
            Violation::SeamIncrease { before, after, .. } => Cell::Int(increase(*before, *after)),
            Violation::CrossSiloSeams { seams, .. } => (*seams).into(),
            Violation::CustomerDistance { distance, .. } => (*distance).into(),
            Violation::Congruence { congruence, .. } => (*congruence).into(),
            Violation::SiloEi { ei, .. } => (*ei).into(),
            Violation::CustomerDataStore { systems } => Cell::List(systems.clone()),
            Violation::DuplicatedCapability { silos, .. } => Cell::List(silos.clone()),
            Violation::CustomerDataStores { stores, .. } => (*stores).into(),
        }
    }

    /// The candidate's row this violation is about: a unit's (or silo's) teams.csv row, a
    /// journey's first step in journeys.csv, the dependencies.csv row that creates a
    /// congruence gap; None for an org-wide figure (congruence).
    pub fn at(&self, lines: &SourceLines) -> Option<SourceLine> {
        match self {
            Violation::Unreachable { unit, .. }
            | Violation::ArticulationPoint { unit }
            | Violation::CustomerDistance { unit, .. } => lines.unit(unit),
            Violation::CongruenceGap { team_a, team_b, .. } => lines.dependency(team_a, team_b),
            Violation::SeamIncrease { journey, .. } | Violation::CrossSiloSeams { journey, .. } => {
                lines.journey(journey)
            }
            Violation::Congruence { .. } | Violation::CustomerDataStores { .. } => None,
            Violation::SiloEi { silo, .. } => lines.unit(silo),
            Violation::CustomerDataStore { systems } => lines.system(systems.first()?),
            Violation::DuplicatedCapability { capability, .. } => lines.capability(capability),
        }
    }

    /// The value as a number, for ordering worst first.
    fn magnitude(&self) -> f64 {
        match self.value() {
            Cell::Int(i) => i as f64,
            Cell::Float(x) => x,
            _ => f64::NAN,
        }
    }
}

/// after − before, as a signed number.
pub fn increase(before: usize, after: usize) -> i64 {
    after as i64 - before as i64
}

/// What a rule measured on the candidate (and the baseline), whether it passed or not: the
/// numbers its summary sentence gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// `no_new_unreachable`: units the customer cannot reach in the candidate.
    Unreachable {
        /// Their number.
        candidate: usize,
    },
    /// `no_new_articulation_points`: articulation points of the candidate.
    ArticulationPoints {
        /// Their number.
        candidate: usize,
    },
    /// `no_new_congruence_gaps`: congruence gaps of the candidate.
    CongruenceGaps {
        /// Their number.
        candidate: usize,
    },
    /// `no_new_customer_data_stores` / `max_customer_data_stores`: customer-data stores of
    /// both sides.
    CustomerDataStores {
        /// The baseline's number.
        baseline: usize,
        /// The candidate's number.
        candidate: usize,
    },
    /// `no_new_duplicated_capabilities`: duplicated capabilities of the candidate.
    DuplicatedCapabilities {
        /// Their number.
        candidate: usize,
    },
    /// `max_seam_increase`: the journey (in both exports) that gained the most seams, first by
    /// id on ties; None when no journey is in both.
    SeamIncrease {
        /// (journey, after − before).
        largest: Option<(String, i64)>,
    },
    /// `max_cross_silo_seams_per_journey`: the candidate's journey with the most cross-silo
    /// seams, first by id on ties; None when it has no journey.
    CrossSiloSeams {
        /// (journey, cross-silo seams).
        most: Option<(String, usize)>,
    },
    /// `max_customer_distance`: the greatest distance of a reachable unit (None: none is).
    CustomerDistance {
        /// In handoffs.
        furthest: Option<u32>,
    },
    /// `min_congruence`: congruence on both sides and the candidate's gaps.
    Congruence {
        /// The baseline's congruence.
        baseline: Option<f64>,
        /// The candidate's congruence (None: no cross-team dependency, nothing to check).
        candidate: Option<f64>,
        /// The candidate's congruence gaps.
        gaps: usize,
    },
    /// `max_silo_ei` / `min_silo_ei`: nothing beyond the violations.
    SiloEi,
}

/// The outcome of one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    /// The rule.
    pub rule: Rule,
    /// True when the candidate satisfies it (no violation).
    pub passed: bool,
    /// What the rule measured.
    pub measure: Measure,
    /// What breaks the rule, worst first (ties by id); empty when it passed.
    pub violations: Vec<Violation>,
    /// The candidate's row of each violation ([`Violation::at`]), aligned with `violations`.
    pub at: Vec<Option<SourceLine>>,
}

impl RuleResult {
    /// True when the rule failed and its severity is error.
    pub fn is_error(&self) -> bool {
        !self.passed && self.rule.severity == Severity::Error
    }
    /// True when the rule failed and its severity is warning.
    pub fn is_warning(&self) -> bool {
        !self.passed && self.rule.severity == Severity::Warning
    }
    /// 0 failed error, 1 failed warning, 2 passed: the listing order.
    pub fn order(&self) -> u8 {
        match (self.passed, self.rule.severity) {
            (false, Severity::Error) => 0,
            (false, Severity::Warning) => 1,
            (true, _) => 2,
        }
    }
}

/// Evaluates every rule on the two sides and their diff.
///
/// # Returns
/// One result per rule, listed failed errors first, then failed warnings, then passed rules;
/// ties in [`RuleKind`] order.
pub fn evaluate(rules: &RuleSet, base: &Facts, cand: &Facts, diff: &Diff) -> Vec<RuleResult> {
    let mut out: Vec<RuleResult> = rules
        .rules
        .iter()
        .map(|r| evaluate_one(r, base, cand, diff))
        .collect();
    out.sort_by_key(|r| (r.order(), r.rule.kind));
    out
}

fn evaluate_one(rule: &Rule, base: &Facts, cand: &Facts, diff: &Diff) -> RuleResult {
    let count = match rule.limit {
        Limit::Count(n) => n,
        _ => 0,
    };
    let number = match rule.limit {
        Limit::Number(x) => x,
        _ => 0.0,
    };
    // The ids of the diff's regressions of one kind, in the diff's order.
    let regressions = |kind: ChangeKind| {
        diff.changes
            .iter()
            .filter(move |c| c.kind == kind && c.impact == Impact::Regression)
            .map(|c| c.ids.clone())
    };
    let mut v: Vec<Violation> = Vec::new();
    let measure = match rule.kind {
        RuleKind::NoNewUnreachable => {
            v.extend(regressions(ChangeKind::Reachability).map(|ids| {
                let unit = ids.concat();
                let was = base.distance.get(&unit).copied().flatten();
                Violation::Unreachable { unit, was }
            }));
            Measure::Unreachable {
                candidate: cand.unreachable().count(),
            }
        }
        RuleKind::NoNewArticulationPoints => {
            v.extend(
                regressions(ChangeKind::ArticulationPoint)
                    .map(|ids| Violation::ArticulationPoint { unit: ids.concat() }),
            );
            Measure::ArticulationPoints {
                candidate: cand.articulation_points.len(),
            }
        }
        RuleKind::NoNewCongruenceGaps => {
            v.extend(regressions(ChangeKind::CongruenceGap).filter_map(|ids| {
                let [a, b] = <[String; 2]>::try_from(ids).ok()?;
                let dependencies = cand.congruence_gaps.get(&(a.clone(), b.clone())).copied()?;
                Some(Violation::CongruenceGap {
                    team_a: a,
                    team_b: b,
                    dependencies,
                })
            }));
            Measure::CongruenceGaps {
                candidate: cand.congruence_gaps.len(),
            }
        }
        RuleKind::NoNewCustomerDataStores => {
            v.extend(
                regressions(ChangeKind::CustomerDataStore)
                    .map(|systems| Violation::CustomerDataStore { systems }),
            );
            stores_measure(base, cand)
        }
        RuleKind::NoNewDuplicatedCapabilities => {
            v.extend(
                regressions(ChangeKind::DuplicatedCapability).filter_map(|ids| {
                    let capability = ids.concat();
                    let silos = cand.duplicated_capabilities.get(&capability)?.silos.clone();
                    Some(Violation::DuplicatedCapability { capability, silos })
                }),
            );
            Measure::DuplicatedCapabilities {
                candidate: cand.duplicated_capabilities.len(),
            }
        }
        RuleKind::MaxCustomerDataStores => {
            let stores = cand.customer_data_stores.len();
            if stores as u64 > count {
                v.push(Violation::CustomerDataStores {
                    stores,
                    allowed: count,
                });
            }
            stores_measure(base, cand)
        }
        RuleKind::MaxSeamIncrease => {
            let mut largest: Option<(String, i64)> = None;
            for j in &diff.journeys {
                if let (Some(b), Some(a)) = (j.before, j.after) {
                    let inc = increase(b.seams, a.seams);
                    if largest.as_ref().map_or(true, |(_, w)| inc > *w) {
                        largest = Some((j.journey.clone(), inc));
                    }
                    if inc > count as i64 {
                        v.push(Violation::SeamIncrease {
                            journey: j.journey.clone(),
                            before: b.seams,
                            after: a.seams,
                            allowed: count,
                        });
                    }
                }
            }
            sort_worst_first(&mut v, true);
            Measure::SeamIncrease { largest }
        }
        RuleKind::MaxCrossSiloSeamsPerJourney => {
            for (id, j) in &cand.journeys {
                if j.cross_silo_seams as u64 > count {
                    v.push(Violation::CrossSiloSeams {
                        journey: id.clone(),
                        seams: j.cross_silo_seams,
                        allowed: count,
                    });
                }
            }
            sort_worst_first(&mut v, true);
            let most = cand.journeys.iter().max_by(|a, b| {
                a.1.cross_silo_seams
                    .cmp(&b.1.cross_silo_seams)
                    .then(b.0.cmp(a.0))
            });
            Measure::CrossSiloSeams {
                most: most.map(|(id, j)| (id.clone(), j.cross_silo_seams)),
            }
        }
        RuleKind::MaxCustomerDistance => {
            for (id, d) in &cand.distance {
                if let Some(d) = d {
                    if u64::from(*d) > count {
                        v.push(Violation::CustomerDistance {
                            unit: id.clone(),
                            distance: *d,
                            allowed: count,
                        });
                    }
                }
            }
            sort_worst_first(&mut v, true);
            Measure::CustomerDistance {
                furthest: cand.max_customer_distance,
            }
        }
        RuleKind::MinCongruence => {
            if let Some(c) = cand.congruence {
                if c + EPSILON < number {
                    v.push(Violation::Congruence {
                        congruence: c,
                        min: number,
                    });
                }
            }
            Measure::Congruence {
                baseline: base.congruence,
                candidate: cand.congruence,
                gaps: cand.congruence_gaps.len(),
            }
        }
        RuleKind::MaxSiloEi | RuleKind::MinSiloEi => {
            let above = rule.kind == RuleKind::MaxSiloEi;
            for (id, s) in &cand.silos {
                if let Some(ei) = s.ei_index {
                    let bad = if above {
                        ei > number + EPSILON
                    } else {
                        ei + EPSILON < number
                    };
                    if bad {
                        v.push(Violation::SiloEi {
                            silo: id.clone(),
                            ei,
                            limit: number,
                            above,
                        });
                    }
                }
            }
            // Worst first: the highest E-I for a maximum, the lowest for a minimum.
            sort_worst_first(&mut v, above);
            Measure::SiloEi
        }
    };
    let at = v.iter().map(|x| x.at(&cand.lines)).collect();
    RuleResult {
        rule: rule.clone(),
        passed: v.is_empty(),
        measure,
        violations: v,
        at,
    }
}

/// The customer-data stores of both sides.
fn stores_measure(base: &Facts, cand: &Facts) -> Measure {
    Measure::CustomerDataStores {
        baseline: base.customer_data_stores.len(),
        candidate: cand.customer_data_stores.len(),
    }
}

/// Largest value first (`largest_first`) or smallest first, ties by ids.
fn sort_worst_first(v: &mut [Violation], largest_first: bool) {
    v.sort_by(|a, b| {
        let (x, y) = (a.magnitude(), b.magnitude());
        let o = if largest_first {
            y.total_cmp(&x)
        } else {
            x.total_cmp(&y)
        };
        o.then_with(|| a.ids().cmp(&b.ids()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::diff::{diff, JourneyFacts, SiloFacts};

    fn rule(kind: RuleKind, limit: Limit) -> RuleSet {
        RuleSet {
            source: super::super::RuleSource::Defaults,
            rules: vec![Rule {
                kind,
                severity: Severity::Error,
                limit,
                line: None,
            }],
        }
    }

    fn run(set: &RuleSet, base: &Facts, cand: &Facts) -> RuleResult {
        evaluate(set, base, cand, &diff(base, cand)).remove(0)
    }

    fn journey(seams: usize, cross_silo_seams: usize) -> JourneyFacts {
        JourneyFacts {
            steps: seams + 1,
            seams,
            cross_silo_seams,
            volume: 1.0,
        }
    }

    #[test]
    fn seam_increase_names_the_journeys_worst_first() {
        let mut base = Facts::default();
        for (id, s) in [("a", 1), ("b", 2), ("c", 3)] {
            base.journeys.insert(id.into(), journey(s, 0));
        }
        let mut cand = base.clone();
        cand.journeys.insert("a".into(), journey(3, 0)); // +2
        cand.journeys.insert("b".into(), journey(6, 0)); // +4
        cand.journeys.insert("c".into(), journey(4, 0)); // +1, allowed
        let r = run(
            &rule(RuleKind::MaxSeamIncrease, Limit::Count(1)),
            &base,
            &cand,
        );
        assert!(!r.passed);
        assert_eq!(
            r.violations,
            vec![
                Violation::SeamIncrease {
                    journey: "b".into(),
                    before: 2,
                    after: 6,
                    allowed: 1
                },
                Violation::SeamIncrease {
                    journey: "a".into(),
                    before: 1,
                    after: 3,
                    allowed: 1
                },
            ]
        );
        assert_eq!(r.violations[0].value(), Cell::Int(4));
        assert_eq!(
            r.measure,
            Measure::SeamIncrease {
                largest: Some(("b".into(), 4))
            }
        );
        let r = run(
            &rule(RuleKind::MaxSeamIncrease, Limit::Count(4)),
            &base,
            &cand,
        );
        assert!(r.passed && r.violations.is_empty());
    }

    #[test]
    fn silo_ei_bounds_list_the_worst_silo_first() {
        let mut cand = Facts::default();
        for (id, ei) in [
            ("x", Some(0.9)),
            ("y", Some(-0.8)),
            ("z", Some(0.7)),
            ("w", None),
        ] {
            cand.silos.insert(
                id.into(),
                SiloFacts {
                    nodes: 2,
                    ei_index: ei,
                },
            );
        }
        let base = Facts::default();
        let max = run(&rule(RuleKind::MaxSiloEi, Limit::Number(0.6)), &base, &cand);
        let ids: Vec<Vec<String>> = max.violations.iter().map(Violation::ids).collect();
        assert_eq!(ids, vec![vec!["x".to_string()], vec!["z".to_string()]]);
        let min = run(
            &rule(RuleKind::MinSiloEi, Limit::Number(-0.5)),
            &base,
            &cand,
        );
        assert_eq!(
            min.violations,
            vec![Violation::SiloEi {
                silo: "y".into(),
                ei: -0.8,
                limit: -0.5,
                above: false
            }]
        );
    }

    #[test]
    fn congruence_within_epsilon_of_the_minimum_passes() {
        let base = Facts::default();
        let mut cand = Facts {
            congruence: Some(4.0 / 5.0),
            ..Facts::default()
        };
        let r = run(
            &rule(RuleKind::MinCongruence, Limit::Number(0.8)),
            &base,
            &cand,
        );
        assert!(r.passed);
        cand.congruence = Some(0.7);
        let r = run(
            &rule(RuleKind::MinCongruence, Limit::Number(0.8)),
            &base,
            &cand,
        );
        assert_eq!(
            r.violations,
            vec![Violation::Congruence {
                congruence: 0.7,
                min: 0.8
            }]
        );
        cand.congruence = None;
        let r = run(
            &rule(RuleKind::MinCongruence, Limit::Number(0.8)),
            &base,
            &cand,
        );
        assert!(r.passed);
    }

    #[test]
    fn a_unit_lost_to_the_customer_keeps_its_old_distance() {
        let mut base = Facts::default();
        base.distance.insert("u".into(), Some(3));
        let mut cand = base.clone();
        cand.distance.insert("u".into(), None);
        cand.distance.insert("new".into(), None);
        let r = run(&rule(RuleKind::NoNewUnreachable, Limit::None), &base, &cand);
        assert_eq!(
            r.violations,
            vec![
                Violation::Unreachable {
                    unit: "new".into(),
                    was: None
                },
                Violation::Unreachable {
                    unit: "u".into(),
                    was: Some(3)
                },
            ]
        );
        assert_eq!(r.measure, Measure::Unreachable { candidate: 2 });
    }

    #[test]
    fn customer_data_store_rules() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut base = Facts::default();
        base.customer_data_stores.insert(ids(&["crm"]));
        let mut cand = base.clone();
        cand.customer_data_stores.insert(ids(&["app-db", "cache"]));
        cand.lines.systems.insert("app-db".into(), 5);
        let r = run(
            &rule(RuleKind::NoNewCustomerDataStores, Limit::None),
            &base,
            &cand,
        );
        assert_eq!(
            r.violations,
            vec![Violation::CustomerDataStore {
                systems: ids(&["app-db", "cache"])
            }]
        );
        assert_eq!(
            r.at,
            vec![Some(SourceLine {
                file: "systems.csv",
                line: 5
            })]
        );
        assert_eq!(
            r.measure,
            Measure::CustomerDataStores {
                baseline: 1,
                candidate: 2
            }
        );
        assert!(
            run(
                &rule(RuleKind::NoNewCustomerDataStores, Limit::None),
                &cand,
                &base
            )
            .passed
        );
        let max = |n| rule(RuleKind::MaxCustomerDataStores, Limit::Count(n));
        assert_eq!(
            run(&max(1), &base, &cand).violations,
            vec![Violation::CustomerDataStores {
                stores: 2,
                allowed: 1
            }]
        );
        assert!(run(&max(2), &base, &cand).passed);
    }

    #[test]
    fn a_newly_duplicated_capability_names_its_silos() {
        let base = Facts::default();
        let mut cand = Facts::default();
        cand.duplicated_capabilities.insert(
            "pricing".into(),
            crate::check::diff::CapabilityFacts {
                systems: vec!["p1".into(), "p2".into()],
                silos: vec!["retail".into(), "web".into()],
            },
        );
        let r = run(
            &rule(RuleKind::NoNewDuplicatedCapabilities, Limit::None),
            &base,
            &cand,
        );
        assert_eq!(
            r.violations,
            vec![Violation::DuplicatedCapability {
                capability: "pricing".into(),
                silos: vec!["retail".into(), "web".into()]
            }]
        );
        assert_eq!(r.measure, Measure::DuplicatedCapabilities { candidate: 1 });
        assert!(
            run(
                &rule(RuleKind::NoNewDuplicatedCapabilities, Limit::None),
                &cand,
                &cand
            )
            .passed
        );
    }
}
