//! The tables of the seam report: ordered, capped and formatted views of the rows `seams
//! analyze` writes in full ([`crate::report::rows`]): silos, bottlenecks, congruence gaps,
//! journeys, the seams felt most.

use super::charted::Charted;
use super::labels::Names;
use super::model::{Cell, Column, ReportOptions, ReportTable};
use crate::records::UnitId;
use crate::report::rows::{BottleneckLine, GapLine, JourneyLine, PairLine, Rows, SiloLine};
use crate::text::{hours_value, number, opt, opt_share};

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
        let more = total - shown;
        // "silos" → "silo", "team pairs" → "team pair" when one is left out.
        let what = if more == 1 {
            what.strip_suffix('s').unwrap_or(what)
        } else {
            what
        };
        format!(
            "And {} more {what} (the top {} of {} are shown); `seams analyze DIR --out DIR` writes the full table as CSV and JSON.",
            number(more as f64),
            number(shown as f64),
            number(total as f64)
        )
    })
}

/// A unit's name, its id in small print.
/// A unit's name with its id in small print, unless the id only spells the name
/// (`Digital` / `digital`, `Customer Service` / `customer-service`): then the name alone.
fn named(names: &Names, u: UnitId) -> Cell {
    let (name, id) = (names.unit(u), names.id(u));
    if super::labels::slug(&name) == id {
        Cell::text(name)
    } else {
        Cell::named(name, id)
    }
}

fn t(text: String) -> Cell {
    Cell::text(text)
}

/// The five tables, from the shared rows: silos most closed first, the top bottlenecks, the
/// heaviest gaps, the journeys charted one by one (in the journey ranking's order, each linked
/// to its chart) and the team pairs felt most; each capped at `options.max_rows` (15: a table a person reads), with
/// "and K more" when rows are left out. Units are named, their ids in small print.
pub(super) fn tables(
    rows: &Rows,
    names: &Names,
    charted: &Charted,
    options: &ReportOptions,
) -> Vec<ReportTable> {
    let max = options.max_rows.max(1);
    vec![
        silos_table(&rows.silos, names, max),
        bottlenecks_table(&rows.bottlenecks, names, max),
        gaps_table(&rows.gaps, names, max),
        journeys_table(&rows.journeys, charted, max),
        pairs_table(&rows.team_pairs, names, max),
    ]
}

/// Silo indices, most closed first: E-I ascending, silos without E-I last, ties by id.
fn most_closed_first(silos: &[SiloLine]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..silos.len()).collect();
    order.sort_by(|&x, &y| {
        match (silos[x].ei_index, silos[y].ei_index) {
            (Some(u), Some(v)) => u.total_cmp(&v),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(x.cmp(&y))
    });
    order
}

fn silos_table(silos: &[SiloLine], names: &Names, max: usize) -> ReportTable {
    let order = most_closed_first(silos);
    ReportTable {
        id: "silos".to_string(),
        title: "Silos".to_string(),
        intro: "Most closed first (lowest E-I). Internal and external are handoff volumes per period; distances are handoffs from the customer over the silo's teams that can be reached.".to_string(),
        columns: vec![
            col("silo", false),
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
                let row = &silos[i];
                vec![
                    named(names, row.silo),
                    t(number(row.nodes as f64)),
                    t(number(row.internal_volume)),
                    t(number(row.external_volume)),
                    t(opt(row.ei_index)),
                    t(opt(row.mean_distance)),
                    t(row.max_distance.map_or("n/a".to_string(), |m| m.to_string())),
                    t(opt_share(row.share_unreachable)),
                ]
            })
            .collect(),
        note: truncated(max.min(order.len()), order.len(), "silos"),
    }
}

fn bottlenecks_table(ranking: &[BottleneckLine], names: &Names, max: usize) -> ReportTable {
    ReportTable {
        id: "bottlenecks".to_string(),
        title: "Bottlenecks".to_string(),
        intro: "Ranked by betweenness, then handoff volume; each row says why it ranks."
            .to_string(),
        columns: vec![
            col("#", true),
            col("team", false),
            col("silo", false),
            col("betweenness", true),
            col("in", true),
            col("out", true),
            col("reasons", false),
        ],
        rows: ranking
            .iter()
            .take(max)
            .map(|r| {
                vec![
                    t(r.rank.to_string()),
                    named(names, r.unit),
                    named(names, r.silo),
                    t(number(r.betweenness)),
                    t(number(r.in_volume)),
                    t(number(r.out_volume)),
                    t(r.reasons.join("; ")),
                ]
            })
            .collect(),
        note: truncated(max.min(ranking.len()), ranking.len(), "ranked teams"),
    }
}

fn gaps_table(gaps: &[GapLine], names: &Names, max: usize) -> ReportTable {
    ReportTable {
        id: "congruence-gaps".to_string(),
        title: "Congruence gaps".to_string(),
        intro: "Team pairs whose systems depend on each other but who never hand work over, heaviest first. Dependencies counts the system dependencies between them.".to_string(),
        columns: vec![
            col("team a", false),
            col("silo a", false),
            col("team b", false),
            col("silo b", false),
            col("dependencies", true),
        ],
        rows: gaps
            .iter()
            .take(max)
            .map(|g| {
                vec![
                    named(names, g.team_a),
                    named(names, g.silo_a),
                    named(names, g.team_b),
                    named(names, g.silo_b),
                    t(g.weight.to_string()),
                ]
            })
            .collect(),
        note: truncated(max.min(gaps.len()), gaps.len(), "gaps"),
    }
}

fn journeys_table(journeys: &[JourneyLine], charted: &Charted, max: usize) -> ReportTable {
    let shown = charted.journeys.len().min(max);
    ReportTable {
        id: "journeys".to_string(),
        title: "Journeys".to_string(),
        intro: "The journeys charted above, in the journey ranking's order (most seams between silos, then most seams, then most volume). Seam wait is the sum of the known waits before steps that follow a seam.".to_string(),
        columns: vec![
            col("rank", true),
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
        rows: charted
            .journeys
            .iter()
            .enumerate()
            .take(max)
            .map(|(k, &j)| {
                let line = &journeys[j];
                let (id, js) = (line.journey, line.figures);
                vec![
                    t(number(line.rank as f64)),
                    Cell::linked(id, Some(charted.anchor(k).to_string())),
                    t(number(js.volume)),
                    t(js.steps.to_string()),
                    t(js.distinct_teams.to_string()),
                    t(js.distinct_silos.to_string()),
                    t(js.seams.to_string()),
                    t(js.cross_silo_seams.to_string()),
                    t(js.visibility_crossings.to_string()),
                    t(js.total_seam_wait
                        .map_or_else(|| "n/a".to_string(), hours_value)),
                    t(js.seam_waits_unknown.to_string()),
                    t(opt(js.seam_ratio)),
                ]
            })
            .collect(),
        note: (journeys.len() > shown).then(|| {
            format!(
                "{} of the {} journeys are listed (those charted above); `seams analyze DIR --out DIR` writes every journey with its `rank`.",
                number(shown as f64),
                number(journeys.len() as f64)
            )
        }),
    }
}

fn pairs_table(pairs: &[PairLine], names: &Names, max: usize) -> ReportTable {
    ReportTable {
        id: "seams-felt-most".to_string(),
        title: "Seams felt most".to_string(),
        intro: "Team → team seams over all journeys; seam volume is seams × journey volume."
            .to_string(),
        columns: vec![
            col("from", false),
            col("to", false),
            col("between silos", false),
            col("seams", true),
            col("seam volume", true),
        ],
        rows: pairs
            .iter()
            .take(max)
            .map(|p| {
                vec![
                    named(names, p.from),
                    named(names, p.to),
                    t(if p.cross_silo { "yes" } else { "no" }.to_string()),
                    t(p.seams.to_string()),
                    t(number(p.weighted_seams)),
                ]
            })
            .collect(),
        note: truncated(max.min(pairs.len()), pairs.len(), "team pairs"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::charted::Charted;
    use super::super::fixture::small;
    use super::*;

    #[test]
    fn tables_select_order_and_cap() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let rows = Rows::new(&org, &a);
        let options = ReportOptions {
            max_rows: 2,
            ..Default::default()
        };
        let t = tables(&rows, &names, &Charted::new(&org, &a, &options), &options);
        let ids: Vec<&str> = t.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "silos",
                "bottlenecks",
                "congruence-gaps",
                "journeys",
                "seams-felt-most"
            ]
        );
        // Silos most closed first: Sales (−0.455), then Ops and Finance (+1) by id; capped at 2.
        let silos = &t[0];
        assert_eq!(silos.rows[0][0], Cell::named("Sales".into(), "s1".into()));
        assert_eq!(silos.rows[0][0].id.as_deref(), Some("s1"));
        assert_eq!(
            silos.rows[0][1..],
            ["2", "8", "3", "−0.455", "1.5", "2", "0%"]
        );
        assert_eq!(silos.rows[1][0].text, "Ops");
        assert_eq!(silos.rows[1][1..], ["1", "0", "4", "1", "3", "3", "0%"]);
        assert_eq!(
            silos.note.as_deref(),
            Some("And 1 more silo (the top 2 of 3 are shown); `seams analyze DIR --out DIR` writes the full table as CSV and JSON.")
        );
        // Bottlenecks in rank order with their reasons in words; nothing left out, no note.
        let b = &t[1];
        assert_eq!(b.rows.len(), 2);
        assert_eq!(b.rows[0][0], "1");
        assert_eq!(b.rows[0][1], Cell::named("Orders".into(), "b".into()));
        assert_eq!(b.rows[0][2], Cell::named("Sales".into(), "s1".into()));
        assert_eq!(b.rows[0][3], "0.333");
        // Orders receives a→b 6 of the 12 unit-to-unit volume.
        assert_eq!(
            b.rows[0][6],
            "articulation point: removing it disconnects the handoff graph; \
             top-decile betweenness (0.333); receives 50% of all handoff volume"
        );
        assert_eq!(b.note, None);
        assert!(t[2].rows.is_empty(), "no systems, no gaps");
        assert_eq!(t[3].rows[0][..7], ["1", "order", "5", "4", "4", "3", "3"]);
        // Seams felt most: a→b inside Sales, b→c and c→d between silos, each 5 per period
        // (ties by id); capped at 2.
        let pairs: Vec<Vec<String>> = t[4]
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .collect();
        assert_eq!(
            pairs,
            [
                ["Shop", "Orders", "no", "1", "5"],
                ["Orders", "Warehouse", "yes", "1", "5"]
            ]
        );
        assert_eq!(t[4].rows[0][0].id.as_deref(), Some("a"));
        assert!(t[4]
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("And 1 more team pair (the top 2 of 3")));
    }

    #[test]
    fn caps_never_go_below_one_row() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let options = ReportOptions {
            max_rows: 0,
            ..Default::default()
        };
        let t = tables(
            &Rows::new(&org, &a),
            &names,
            &Charted::new(&org, &a, &options),
            &options,
        );
        assert_eq!(t[0].rows.len(), 1);
        assert_eq!(t[1].rows.len(), 1);
        assert_eq!(truncated(3, 3, "silos"), None);
    }
}
