//! The headline cards and the sentences of the seam report ("Digital is the most closed silo…",
//! "… is the team most work flows through…"), written from the analysis.

use super::charted::Charted;
use super::labels::Names;
use super::model::{Card, Rich};
use super::select::{most_divided, SiloMatrix};
use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::{JourneyKind, UnitId};
use crate::report::summary::Headlines;
use crate::text::{number, opt, percent, plural};

/// The headline cards: org-wide E-I, the most closed silo, the top bottleneck, single points
/// of failure, the most divided journey, journey seams, the farthest team, Conway congruence.
/// Each says what it means in plain words first (`value`: "Digital keeps 71% of its work
/// inside"); the metric's name (`label`) and figure (`detail`) follow in small print.
pub(super) fn cards(
    org: &Org,
    a: &Analysis,
    names: &Names,
    h: &Headlines,
    closed: Option<usize>,
    charted: &Charted,
) -> Vec<Card> {
    let s = &a.silo;
    let total = s.org_internal_volume + s.org_external_volume;
    let mut cards = vec![Card {
        label: "Silo E-I index, org-wide".to_string(),
        value: if total > 0.0 {
            format!(
                "{} of all handoffs stay inside a silo",
                percent(s.org_internal_volume, total)
            )
        } else {
            "No handoffs on record".to_string()
        },
        detail: format!(
            "{} (−1 = all handoffs stay inside silos) · modularity {}",
            opt(h.ei_index),
            opt(h.modularity)
        ),
        link: None,
    }];
    if let Some(i) = closed {
        let row = &a.silo.silos[i];
        cards.push(Card {
            label: "Most closed silo".to_string(),
            value: format!(
                "{} keeps {} of its work inside",
                names.unit(row.silo),
                percent(
                    row.internal_volume,
                    row.internal_volume + row.external_volume
                )
            ),
            detail: format!("E-I {}", opt(row.ei_index)),
            link: None,
        });
    }
    if let Some(r) = a.bottleneck.ranking.first() {
        cards.push(Card {
            label: "Top bottleneck".to_string(),
            value: format!("Most work flows through {}", names.node(r.node)),
            detail: format!(
                "betweenness {}{}{}",
                number(r.betweenness),
                if r.articulation_point {
                    " · articulation point"
                } else {
                    ""
                },
                if unsteady_sample(a).is_some() {
                    " · a sampled estimate: another sample may name another team"
                } else {
                    ""
                }
            ),
            link: None,
        });
    }
    cards.push(Card {
        label: "Single points of failure".to_string(),
        value: match h.articulation_points {
            0 => "No single team's absence splits the handoff graph".to_string(),
            1 => "1 team's absence would split the handoff graph".to_string(),
            n => format!(
                "{} teams would each split the handoff graph if absent",
                number(n as f64)
            ),
        },
        detail: format!(
            "{} · {}",
            plural(
                h.articulation_points,
                "articulation point",
                "articulation points"
            ),
            plural(h.bridges, "bridge", "bridges")
        ),
        link: None,
    });
    if let Some(j) = most_divided(a) {
        let js = &a.seams.journeys[j];
        cards.push(Card {
            label: "Most divided journey".to_string(),
            value: format!(
                "{} crosses between silos {}",
                org.export.journeys[js.journey].id,
                plural(js.cross_silo_seams, "time", "times")
            ),
            detail: format!("{} of {} seams cross silos", js.cross_silo_seams, js.seams),
            link: charted.link(org, a, j).map(|l| l.anchor),
        });
    } else if let Some(&j) = a.seams.ranking.first() {
        let js = &a.seams.journeys[j];
        cards.push(Card {
            label: "Busiest journey".to_string(),
            value: format!("{} never changes hands", org.export.journeys[js.journey].id),
            detail: "no seams".to_string(),
            link: charted.link(org, a, j).map(|l| l.anchor),
        });
    }
    cards.push(Card {
        label: "Journey seams".to_string(),
        value: match h.mean_seams_per_journey {
            Some(m) => format!(
                "A journey changes hands {} times on average",
                number((m * 10.0).round() / 10.0)
            ),
            None => "No journeys on record".to_string(),
        },
        detail: format!("{} per period, weighted by volume", number(h.seams_total)),
        link: None,
    });
    let far: Vec<String> = h
        .farthest
        .iter()
        .filter_map(|id| org.export.units.iter().position(|u| &u.id == id))
        .map(|u| names.unit(u as UnitId))
        .collect();
    cards.push(Card {
        label: "Farthest from the customer".to_string(),
        value: match (h.max_distance, far.first()) {
            (Some(m), Some(first)) => format!(
                "{}{} {} from the customer",
                first,
                if far.len() > 1 {
                    format!(" and {} more are", far.len() - 1)
                } else {
                    " is".to_string()
                },
                plural(m as usize, "handoff", "handoffs")
            ),
            _ => "The customer reaches no team".to_string(),
        },
        detail: {
            let mut d = h
                .max_distance
                .map_or("n/a".to_string(), |m| plural(m as usize, "hop", "hops"));
            if h.unreachable > 0 {
                d.push_str(&format!(" · {} unreachable", number(h.unreachable as f64)));
            }
            d
        },
        link: None,
    });
    cards.push(Card {
        label: "Conway congruence".to_string(),
        value: match h.congruence {
            Some(_) => format!(
                "Teams hand work over on {} of the system dependencies between them",
                percent(h.actual_weight as f64, h.required_weight as f64)
            ),
            None => "No system dependencies between teams on record".to_string(),
        },
        detail: format!(
            "{} · {} of {} required coordination · {}",
            opt(h.congruence),
            number(h.actual_weight as f64),
            number(h.required_weight as f64),
            plural(h.gaps, "gap", "gaps")
        ),
        link: None,
    });
    let cd = &a.customer_data;
    if !cd.systems.is_empty() {
        cards.push(Card {
            label: "Customer data".to_string(),
            value: format!(
                "Customer data sits in {} across {}",
                plural(cd.store_count(), "separate store", "separate stores"),
                plural(cd.silo_count(), "silo", "silos")
            ),
            detail: format!(
                "{} hold customer data; no dependency path joins separate stores",
                plural(cd.systems.len(), "system", "systems")
            ),
            link: None,
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
    charted: &Charted,
) -> Vec<Rich> {
    let mut out = Vec::new();
    let list = org.silos.list();
    if let Some(i) = closed {
        out.push(closed_silo_sentence(a, names, list, i, matrix));
    }
    if let Some(s) = bottleneck_sentence(a, names) {
        out.push(s);
    }
    if let Some(j) = most_divided(a) {
        let js = &a.seams.journeys[j];
        let unknown: usize = a
            .seams
            .seams
            .iter()
            .filter(|s| s.journey == js.journey && s.known_handoff == Some(false))
            .count();
        let mut r = Rich::new()
            .t("The ")
            .linked(
                org.export.journeys[js.journey].id.clone(),
                charted.link(org, a, j).map(|l| l.anchor),
            )
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
    if let Some((k, h)) = unsteady_sample(a) {
        r = r.t(format!(
            " This is an estimate from {k} sampled sources whose two halves share {} of their \
             top {} units: another sample may name another team (a larger --approx K steadies \
             the order).",
            h.shared, h.of
        ));
    }
    Some(r)
}

/// The number of sources and the halves' agreement of a sampled betweenness whose top units'
/// order is not steady (docs/output.md, `betweenness_halves_top10_shared`); None otherwise.
fn unsteady_sample(a: &Analysis) -> Option<(usize, crate::metrics::bottleneck::HalvesAgreement)> {
    let h = a.bottleneck.sample_halves.filter(|h| !h.steady())?;
    match a.bottleneck.mode {
        crate::metrics::bottleneck::BetweennessMode::Sampled { k, .. } => Some((k, h)),
        crate::metrics::bottleneck::BetweennessMode::Exact => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::charted::Charted;
    use super::super::fixture::small;
    use super::super::model::ReportOptions;
    use super::super::select::{most_closed_silo, silo_matrix};
    use super::*;
    use crate::report::summary::headlines;

    #[test]
    fn an_unsteady_sample_says_its_top_team_is_an_estimate() {
        use crate::metrics::bottleneck::{BetweennessMode, HalvesAgreement};
        let (org, mut a) = small();
        let names = Names::new(&org, &a);
        let exact = bottleneck_sentence(&a, &names).unwrap().plain();
        a.bottleneck.mode = BetweennessMode::Sampled {
            k: 256,
            seed: 0,
            automatic: true,
        };
        a.bottleneck.sample_halves = Some(HalvesAgreement { shared: 8, of: 10 });
        assert_eq!(bottleneck_sentence(&a, &names).unwrap().plain(), exact);
        a.bottleneck.sample_halves = Some(HalvesAgreement { shared: 1, of: 10 });
        let said = bottleneck_sentence(&a, &names).unwrap().plain();
        assert!(
            said.starts_with(&exact)
                && said.ends_with(
                    " This is an estimate from 256 sampled sources whose two halves share 1 of \
                     their top 10 units: another sample may name another team (a larger \
                     --approx K steadies the order)."
                ),
            "{said}"
        );
        let h = headlines(&org, &a);
        let charted = Charted::new(&org, &a, &ReportOptions::default());
        let card = cards(&org, &a, &names, &h, most_closed_silo(&a), &charted)
            .into_iter()
            .find(|c| c.label == "Top bottleneck")
            .unwrap();
        assert!(card
            .detail
            .ends_with("a sampled estimate: another sample may name another team"));
    }

    #[test]
    fn the_story_of_a_small_org() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let h = headlines(&org, &a);
        let closed = most_closed_silo(&a);
        assert_eq!(closed, Some(0), "Sales, E-I −0.455");
        let matrix = silo_matrix(&org, &a, 12);
        let charted = Charted::new(&org, &a, &ReportOptions::default());
        let said: Vec<String> = findings(&org, &a, &names, &h, closed, &matrix, &charted)
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
        let first = &findings(&org, &a, &names, &h, closed, &matrix, &charted)[0];
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
            &Charted::new(&org, &a, &ReportOptions::default()),
        );
        let shown: Vec<(&str, &str)> = cards
            .iter()
            .map(|c| (c.label.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                // E = 4 (b→c 3, c→d 1), I = 8 of 12.
                (
                    "Silo E-I index, org-wide",
                    "67% of all handoffs stay inside a silo"
                ),
                // Sales: internal 8 of 11.
                ("Most closed silo", "Sales keeps 73% of its work inside"),
                ("Top bottleneck", "Most work flows through Orders"),
                (
                    "Single points of failure",
                    "2 teams would each split the handoff graph if absent"
                ),
                (
                    "Most divided journey",
                    "order crosses between silos 2 times"
                ),
                // 3 seams per journey.
                (
                    "Journey seams",
                    "A journey changes hands 3 times on average"
                ),
                (
                    "Farthest from the customer",
                    "Billing is 4 handoffs from the customer"
                ),
                (
                    "Conway congruence",
                    "No system dependencies between teams on record"
                ),
            ]
        );
        // The metrics in small print.
        assert_eq!(
            cards[0].detail,
            "−0.333 (−1 = all handoffs stay inside silos) · modularity 0.0104"
        );
        assert_eq!(cards[4].detail, "2 of 3 seams cross silos");
        assert_eq!(cards[5].detail, "15 per period, weighted by volume");
        assert_eq!(cards[6].detail, "4 hops");
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
        let charted = Charted::new(&org, &a, &ReportOptions::default());
        let f = findings(
            &org,
            &a,
            &names,
            &h,
            most_closed_silo(&a),
            &matrix,
            &charted,
        );
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
