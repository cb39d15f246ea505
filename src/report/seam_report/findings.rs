//! The headline cards and the sentences of the seam report ("Digital is the most closed silo…",
//! "… is the team most work flows through…"), written from the analysis.

use super::labels::Names;
use super::model::{Card, Rich};
use super::select::{most_cross_silo, SiloMatrix};
use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::{JourneyKind, UnitId};
use crate::report::summary::Headlines;
use crate::text::{number, opt, percent, plural};

/// The headline cards: org-wide E-I, the most closed silo, the top bottleneck, single points
/// of failure, the most divided journey, journey seams, the farthest team, Conway congruence.
pub(super) fn cards(
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
    let cd = &a.customer_data;
    if !cd.systems.is_empty() {
        cards.push(Card {
            label: "Customer data".to_string(),
            value: format!(
                "{} · {}",
                plural(cd.silo_count(), "silo", "silos"),
                plural(cd.store_count(), "store", "stores")
            ),
            detail: format!(
                "{} hold customer data; no dependency path joins separate stores",
                plural(cd.systems.len(), "system", "systems")
            ),
        });
    }
    cards
}

/// "What the export shows": the most closed silo, the top bottleneck, the most divided
/// journey, the farthest team and the heaviest congruence gap, each when there is one.
pub(super) fn findings(
    org: &Org,
    a: &Analysis,
    names: &Names,
    h: &Headlines,
    closed: Option<usize>,
    matrix: &SiloMatrix,
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
    out.extend(symmetry_sentence(a));
    out
}

/// "Employees' own journeys have 0.667 seams per step against 1 for customers'" (symmetry of
/// attention, docs/output.md `journey_kinds`); None without employee journeys.
pub(super) fn symmetry_sentence(a: &Analysis) -> Option<Rich> {
    let of = |kind: JourneyKind| a.seams.by_kind.iter().find(|k| k.kind == kind);
    let employee = of(JourneyKind::Employee)?;
    let customer = of(JourneyKind::Customer).and_then(|k| k.seams_per_step);
    Some(
        Rich::new()
            .t("Employees' own journeys have ")
            .b(format!("{} seams per step", opt(employee.seams_per_step)))
            .t(" against ")
            .b(opt(customer))
            .t(" for customers' (symmetry of attention)."),
    )
}

/// "Digital is the most closed silo: E-I −0.712; 1,298 of its 1,516 … It exchanges no work
/// with A, B or C."
pub(super) fn closed_silo_sentence(
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
    if let Some(full) = matrix.full {
        let partners: Vec<usize> = (0..list.len())
            .filter(|&j| j != i && full.exchanged(i, j) > 0.0)
            .collect();
        let strangers: Vec<usize> = (0..list.len())
            .filter(|&j| j != i && full.exchanged(i, j) == 0.0)
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

/// "X is the team most work flows through: betweenness …", when anyone has betweenness.
pub(super) fn bottleneck_sentence(a: &Analysis, names: &Names) -> Option<Rich> {
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

#[cfg(test)]
mod tests {
    use super::super::fixture::small;
    use super::super::select::{journey_order, most_closed_silo, silo_matrix};
    use super::*;
    use crate::report::summary::headlines;

    #[test]
    fn the_story_of_a_small_org() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let h = headlines(&org, &a);
        let closed = most_closed_silo(&a);
        assert_eq!(closed, Some(0), "Sales, E-I −0.455");
        let matrix = silo_matrix(&org, &a, 12);
        let said: Vec<String> = findings(&org, &a, &names, &h, closed, &matrix)
            .iter()
            .map(Rich::plain)
            .collect();
        assert_eq!(
            said,
            [
                // 8 of the 11 it takes part in stay inside: 73%; its one partner is Ops.
                "Sales is the most closed silo (E-I −0.455): 73% of the handoff volume it takes \
                 part in (8 of 11) stays inside; all of its work with other silos goes through \
                 Ops. It exchanges no work at all with Finance.",
                "Orders is the team most work flows through: betweenness 0.333, level with \
                 Warehouse. It is an articulation point: without it the handoff graph falls \
                 apart.",
                "The order journey crosses between silos 2 times in 3 seams over 4 steps.",
                "Billing is the farthest from the customer, 4 handoffs away.",
            ]
        );
        // Names and figures are set in bold.
        let first = &findings(&org, &a, &names, &h, closed, &matrix)[0];
        let bold: Vec<&str> = first
            .0
            .iter()
            .filter(|s| s.strong)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(bold, ["Sales", "−0.455", "Ops", "Finance"]);
    }

    #[test]
    fn headline_cards() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let h = headlines(&org, &a);
        let cards = cards(
            &org,
            &a,
            &names,
            &h,
            most_closed_silo(&a),
            &journey_order(&a),
        );
        let shown: Vec<(&str, &str)> = cards
            .iter()
            .map(|c| (c.label.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                // E = 4 (b→c 3, c→d 1), I = 8: (4 − 8)/12.
                ("Silo E-I index, org-wide", "−0.333"),
                ("Most closed silo", "Sales"),
                ("Top bottleneck", "Orders"),
                ("Single points of failure", "2"),
                ("Most divided journey", "order"),
                // 3 seams × 5 journeys per period.
                ("Journey seams", "15"),
                ("Farthest from the customer", "4 hops"),
                ("Conway congruence", "n/a"),
            ]
        );
        assert_eq!(cards[4].detail, "2 of 3 seams cross silos");
        assert_eq!(cards[6].detail, "Billing");
    }

    #[test]
    fn a_lone_team_has_no_story_to_tell() {
        // One team, no handoff: no closed silo, no bottleneck, nobody far from the customer.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("teams.csv"), "id,parent\nt,\n").unwrap();
        let (org, _) = crate::load(dir.path(), &Default::default()).unwrap();
        let a = crate::metrics::analyze(&org, &Default::default()).unwrap();
        let names = Names::new(&org, &a);
        let h = headlines(&org, &a);
        let matrix = silo_matrix(&org, &a, 12);
        let f = findings(&org, &a, &names, &h, most_closed_silo(&a), &matrix);
        assert!(
            f.iter().all(|r| !r.plain().contains("most closed")),
            "{f:?}"
        );
        assert!(bottleneck_sentence(&a, &names).is_none());
    }

    #[test]
    fn employees_journeys_are_set_beside_customers() {
        // Small org: no employee journey, no sentence.
        let (_, a) = small();
        assert!(symmetry_sentence(&a).is_none());
        // Customer c: a→b→a, 2 seams over 2 steps (1 per step); employee e: a→a→b, 1 over 2.
        let org = crate::model::testing::org_from_csv(&[
            ("teams.csv", "id,parent\nhq,\na,hq\nb,hq\n"),
            (
                "journeys.csv",
                "journey,step,team,kind\nc,1,a,\nc,2,b,\nc,3,a,\ne,1,a,employee\ne,2,a,employee\ne,3,b,employee\n",
            ),
        ]);
        let a = crate::metrics::analyze(&org, &Default::default()).unwrap();
        let r = symmetry_sentence(&a).expect("an employee journey exists");
        assert_eq!(
            r.plain(),
            "Employees' own journeys have 0.5 seams per step against 1 for customers' \
             (symmetry of attention)."
        );
        let bold: Vec<&str> =
            r.0.iter()
                .filter(|s| s.strong)
                .map(|s| s.text.as_str())
                .collect();
        assert_eq!(bold, ["0.5 seams per step", "1"]);
    }
}
