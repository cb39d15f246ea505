//! The sentences `seams check` says: each rule's summary and each violation, written from the
//! typed outcomes of `check::rules::evaluate`, and the change sentences the diff shares with
//! them. Plain text (no markup): each renderer escapes them its own way (docs/ci.md).

use crate::check::rules::evaluate::increase;
use crate::check::rules::{Limit, Measure, RuleKind, RuleResult, Violation};
use crate::text::{group, number, opt, plural};

/// Lists at most this many ids in a summary sentence.
const LIST_IN_SUMMARY: usize = 5;

/// `a, b, c, d, e, and 2 more`.
fn listing(v: &[Violation], show: impl Fn(&Violation) -> String) -> String {
    let mut s: Vec<String> = v.iter().take(LIST_IN_SUMMARY).map(show).collect();
    if v.len() > LIST_IN_SUMMARY {
        s.push(format!(
            "and {} more",
            group((v.len() - LIST_IN_SUMMARY) as u64)
        ));
    }
    s.join(", ")
}

/// A unit the customer cannot reach any more (`was`: its distance before), or a new one.
pub(crate) fn unreachable(unit: &str, was: Option<u32>) -> String {
    match was {
        Some(d) => format!("{unit} is now unreachable from the customer (was {d} handoffs away)"),
        None => format!("{unit} is new and unreachable from the customer"),
    }
}

/// A unit that became an articulation point.
pub(crate) fn new_articulation_point(unit: &str) -> String {
    format!("{unit} is a new articulation point: removing it would cut the handoff graph in two")
}

/// A congruence gap that appeared.
pub(crate) fn new_congruence_gap(team_a: &str, team_b: &str, dependencies: u64) -> String {
    format!(
        "new congruence gap: {team_a} and {team_b} own dependent systems ({}) but never hand work over",
        plural(dependencies as usize, "dependency", "dependencies")
    )
}

/// A customer-data store that split off or is new.
pub(crate) fn new_customer_data_store(systems: &[String]) -> String {
    format!(
        "new customer-data store: {} (no dependency path joins it to the other stores)",
        systems.join(", ")
    )
}

/// A capability that became duplicated.
pub(crate) fn new_duplicated_capability(capability: &str, silos: &[String]) -> String {
    format!(
        "capability {capability} is newly duplicated: unconnected systems in silos {}",
        silos.join(", ")
    )
}

/// What a rule demands, in words, for its limit.
pub fn demand(kind: RuleKind, limit: Limit) -> String {
    let l = limit.to_string();
    match kind {
        RuleKind::NoNewUnreachable => "no unit becomes unreachable from the customer".into(),
        RuleKind::NoNewArticulationPoints => "no new articulation point".into(),
        RuleKind::NoNewCongruenceGaps => "no new congruence gap".into(),
        RuleKind::NoNewCustomerDataStores => "no new customer-data store".into(),
        RuleKind::NoNewDuplicatedCapabilities => "no capability becomes duplicated".into(),
        RuleKind::MaxCustomerDataStores => {
            format!("customer data sits in at most {l} stores")
        }
        RuleKind::MaxSeamIncrease => format!("no journey gains more than {l} seams"),
        RuleKind::MaxCrossSiloSeamsPerJourney => {
            format!("every journey has at most {l} cross-silo seams")
        }
        RuleKind::MaxCustomerDistance => {
            format!("every reachable unit is at most {l} handoffs from the customer")
        }
        RuleKind::MinCongruence => format!("Conway congruence is at least {l}"),
        RuleKind::MaxSiloEi => format!("every silo's E-I index is at most {l}"),
        RuleKind::MinSiloEi => format!("every silo's E-I index is at least {l}"),
    }
}

/// One sentence for one violation.
pub fn violation(v: &Violation) -> String {
    match v {
        Violation::Unreachable { unit, was } => unreachable(unit, *was),
        Violation::ArticulationPoint { unit } => new_articulation_point(unit),
        Violation::CongruenceGap {
            team_a,
            team_b,
            dependencies,
        } => new_congruence_gap(team_a, team_b, *dependencies),
        Violation::CustomerDataStore { systems } => new_customer_data_store(systems),
        Violation::DuplicatedCapability { capability, silos } => {
            new_duplicated_capability(capability, silos)
        }
        Violation::CustomerDataStores { stores, allowed } => format!(
            "customer data sits in {} (at most {} allowed)",
            plural(*stores, "store", "stores"),
            group(*allowed)
        ),
        Violation::SeamIncrease {
            journey,
            before,
            after,
            allowed,
        } => format!(
            "journey {journey}: seams {before} → {after} (+{}, at most +{} allowed)",
            increase(*before, *after),
            group(*allowed)
        ),
        Violation::CrossSiloSeams {
            journey,
            seams,
            allowed,
        } => format!(
            "journey {journey} has {} cross-silo seams (at most {} allowed)",
            group(*seams as u64),
            group(*allowed)
        ),
        Violation::CustomerDistance {
            unit,
            distance,
            allowed,
        } => format!(
            "{unit} is {distance} handoffs from the customer (at most {} allowed)",
            group(*allowed)
        ),
        Violation::Congruence { congruence, min } => {
            format!(
                "congruence {} is below {}",
                number(*congruence),
                number(*min)
            )
        }
        Violation::SiloEi {
            silo,
            ei,
            limit,
            above,
        } => format!(
            "silo {silo} has E-I index {} ({} {})",
            number(*ei),
            if *above {
                "above the maximum"
            } else {
                "below the minimum"
            },
            number(*limit)
        ),
    }
}

/// The id a violation names, with its number in brackets: `checkout (+2)`, `ops (0.7)`.
fn id_and_value(v: &Violation) -> String {
    match v {
        Violation::SeamIncrease {
            journey,
            before,
            after,
            ..
        } => {
            format!("{journey} (+{})", increase(*before, *after))
        }
        Violation::CrossSiloSeams { journey, seams, .. } => {
            format!("{journey} ({})", group(*seams as u64))
        }
        Violation::CustomerDistance { unit, distance, .. } => format!("{unit} ({distance})"),
        Violation::SiloEi { silo, ei, .. } => format!("{silo} ({})", number(*ei)),
        Violation::CustomerDataStore { systems } => format!("[{}]", systems.join(", ")),
        other => other.ids().join(" — "),
    }
}

/// One sentence for a rule's outcome: why it passed, or what fails.
pub fn summary(r: &RuleResult) -> String {
    let v = &r.violations;
    let n = v.len();
    let limit = match r.rule.limit {
        Limit::Count(c) => group(c),
        Limit::Number(x) => number(x),
        Limit::None => String::new(),
    };
    match &r.measure {
        Measure::Unreachable { candidate } if v.is_empty() => format!(
            "no unit became unreachable from the customer ({} unreachable, as before)",
            group(*candidate as u64)
        ),
        Measure::Unreachable { .. } => format!(
            "{} now unreachable from the customer: {}",
            plural(n, "unit is", "units are"),
            listing(v, |x| x.ids().concat())
        ),
        Measure::ArticulationPoints { candidate } if v.is_empty() => format!(
            "no new articulation point ({} in the candidate)",
            group(*candidate as u64)
        ),
        Measure::ArticulationPoints { .. } => format!(
            "{}: {} (removing one cuts the handoff graph in two)",
            plural(n, "new articulation point", "new articulation points"),
            listing(v, |x| x.ids().concat())
        ),
        Measure::CongruenceGaps { candidate } if v.is_empty() => format!(
            "no new congruence gap ({} in the candidate)",
            group(*candidate as u64)
        ),
        Measure::CongruenceGaps { .. } => format!(
            "{} (teams with dependent systems that never hand work over): {}",
            plural(n, "new congruence gap", "new congruence gaps"),
            listing(v, |x| x.ids().join(" — "))
        ),
        Measure::CustomerDataStores {
            baseline,
            candidate,
        } if r.rule.kind == RuleKind::MaxCustomerDataStores => {
            if v.is_empty() {
                format!(
                    "customer data sits in {} (at most {limit}; baseline {})",
                    plural(*candidate, "store", "stores"),
                    group(*baseline as u64)
                )
            } else {
                format!(
                    "customer data sits in {}, more than {limit} (baseline {})",
                    plural(*candidate, "store", "stores"),
                    group(*baseline as u64)
                )
            }
        }
        Measure::CustomerDataStores { candidate, .. } if v.is_empty() => format!(
            "no new customer-data store ({} in the candidate)",
            group(*candidate as u64)
        ),
        Measure::CustomerDataStores { .. } => format!(
            "{} (joined to no other by a dependency path): {}",
            plural(n, "new customer-data store", "new customer-data stores"),
            listing(v, id_and_value)
        ),
        Measure::DuplicatedCapabilities { candidate } if v.is_empty() => format!(
            "no capability became duplicated ({} duplicated in the candidate)",
            group(*candidate as u64)
        ),
        Measure::DuplicatedCapabilities { .. } => format!(
            "{} (unconnected systems of several silos): {}",
            plural(
                n,
                "newly duplicated capability",
                "newly duplicated capabilities"
            ),
            listing(v, |x| x.ids().concat())
        ),
        Measure::SeamIncrease { largest } if v.is_empty() => match largest {
            Some((j, w)) if *w > 0 => {
                format!("no journey gained more than {limit} seams (most: {j}, +{w})")
            }
            Some(_) => "no journey gained a seam".to_string(),
            None => "no journey is in both exports".to_string(),
        },
        Measure::SeamIncrease { .. } => format!(
            "{} gained more than {limit} seams: {}",
            plural(n, "journey", "journeys"),
            listing(v, id_and_value)
        ),
        Measure::CrossSiloSeams { most } if v.is_empty() => match most {
            Some((id, s)) => format!(
                "every journey has at most {limit} cross-silo seams (most: {id}, {})",
                group(*s as u64)
            ),
            None => "the candidate has no journey".to_string(),
        },
        Measure::CrossSiloSeams { .. } => format!(
            "{} more than {limit} cross-silo seams: {}",
            plural(n, "journey has", "journeys have"),
            listing(v, id_and_value)
        ),
        Measure::CustomerDistance { furthest } if v.is_empty() => match furthest {
            Some(m) => format!(
                "every reachable unit is at most {limit} handoffs from the customer (furthest: {m})"
            ),
            None => "no unit is reachable from the customer".to_string(),
        },
        Measure::CustomerDistance { .. } => format!(
            "{} more than {limit} handoffs from the customer: {}",
            plural(n, "unit is", "units are"),
            listing(v, id_and_value)
        ),
        Measure::Congruence {
            baseline,
            candidate,
            gaps,
        } => match candidate {
            None => {
                "no cross-team dependency: congruence is not defined, nothing to check".to_string()
            }
            Some(c) if !v.is_empty() => format!(
                "congruence {} is below {limit} (baseline {}; {} congruence gaps)",
                number(*c),
                opt(*baseline),
                group(*gaps as u64)
            ),
            Some(c) => format!("congruence {} is at least {limit}", number(*c)),
        },
        Measure::SiloEi => {
            let max = r.rule.kind == RuleKind::MaxSiloEi;
            if v.is_empty() {
                format!(
                    "every silo's E-I index is {} {limit}",
                    if max { "at most" } else { "at least" }
                )
            } else {
                format!(
                    "{} an E-I index {} {limit}: {}",
                    plural(n, "silo has", "silos have"),
                    if max { "above" } else { "below" },
                    listing(v, id_and_value)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::{Rule, Severity};

    fn result(
        kind: RuleKind,
        limit: Limit,
        measure: Measure,
        violations: Vec<Violation>,
    ) -> RuleResult {
        RuleResult {
            rule: Rule {
                kind,
                severity: Severity::Error,
                limit,
                line: None,
            },
            passed: violations.is_empty(),
            measure,
            at: vec![None; violations.len()],
            violations,
        }
    }

    #[test]
    fn summaries_give_the_numbers() {
        let seams = |journey: &str, before, after| Violation::SeamIncrease {
            journey: journey.into(),
            before,
            after,
            allowed: 0,
        };
        let r = result(
            RuleKind::MaxSeamIncrease,
            Limit::Count(0),
            Measure::SeamIncrease {
                largest: Some(("b".into(), 3)),
            },
            vec![seams("b", 1, 4), seams("a", 2, 3)],
        );
        assert_eq!(
            summary(&r),
            "2 journeys gained more than 0 seams: b (+3), a (+1)"
        );
        assert_eq!(
            violation(&r.violations[0]),
            "journey b: seams 1 → 4 (+3, at most +0 allowed)"
        );
        let many: Vec<Violation> = (0..7)
            .map(|i| Violation::ArticulationPoint {
                unit: format!("u{i}"),
            })
            .collect();
        let r = result(
            RuleKind::NoNewArticulationPoints,
            Limit::None,
            Measure::ArticulationPoints { candidate: 9 },
            many,
        );
        assert_eq!(
            summary(&r),
            "7 new articulation points: u0, u1, u2, u3, u4, and 2 more (removing one cuts the handoff graph in two)"
        );
        let r = result(
            RuleKind::MinSiloEi,
            Limit::Number(-0.5),
            Measure::SiloEi,
            Vec::new(),
        );
        assert_eq!(summary(&r), "every silo's E-I index is at least −0.5");

        let r = result(
            RuleKind::NoNewCustomerDataStores,
            Limit::None,
            Measure::CustomerDataStores {
                baseline: 1,
                candidate: 2,
            },
            vec![Violation::CustomerDataStore {
                systems: vec!["a".into(), "b".into()],
            }],
        );
        assert_eq!(
            summary(&r),
            "1 new customer-data store (joined to no other by a dependency path): [a, b]"
        );
        let r = result(
            RuleKind::MaxCustomerDataStores,
            Limit::Count(3),
            Measure::CustomerDataStores {
                baseline: 1,
                candidate: 2,
            },
            Vec::new(),
        );
        assert_eq!(
            summary(&r),
            "customer data sits in 2 stores (at most 3; baseline 1)"
        );
    }
}
