//! The tables of the seam report: ordered, capped and formatted views of the rows `seams
//! analyze` writes in full ([`crate::report::rows`]): silos, bottlenecks, congruence gaps,
//! journeys, the seams felt most.

use super::labels::Names;
use super::model::{Column, ReportOptions, ReportTable};
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
        format!(
            "{} of {} {what} shown; `seams analyze DIR --out DIR` writes them all.",
            number(shown as f64),
            number(total as f64)
        )
    })
}

/// The five tables, from the shared rows: silos most closed first, the top 25 bottlenecks, the
/// heaviest gaps, the journeys as charted (`journey_order`, indices into `rows.journeys`) and the
/// 15 team pairs felt most; each capped at `options.max_rows`, with a note when rows are left
/// out.
pub(super) fn tables(
    rows: &Rows,
    names: &Names,
    journey_order: &[usize],
    options: &ReportOptions,
) -> Vec<ReportTable> {
    let max = options.max_rows.max(1);
    vec![
        silos_table(&rows.silos, names, max),
        bottlenecks_table(&rows.bottlenecks, names, max.min(25)),
        gaps_table(&rows.gaps, names, max),
        journeys_table(&rows.journeys, journey_order, max),
        pairs_table(&rows.team_pairs, names, max.min(15)),
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
                let row = &silos[i];
                vec![
                    names.id(row.silo),
                    names.unit(row.silo),
                    number(row.nodes as f64),
                    number(row.internal_volume),
                    number(row.external_volume),
                    opt(row.ei_index),
                    opt(row.mean_distance),
                    row.max_distance.map_or("n/a".to_string(), |m| m.to_string()),
                    opt_share(row.share_unreachable),
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
            key("unit"),
            col("name", false),
            key("silo"),
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
                    r.rank.to_string(),
                    names.id(r.unit),
                    names.unit(r.unit),
                    names.id(r.silo),
                    number(r.betweenness),
                    number(r.in_volume),
                    number(r.out_volume),
                    r.reasons.join("; "),
                ]
            })
            .collect(),
        note: truncated(max.min(ranking.len()), ranking.len(), "ranked units"),
    }
}

fn gaps_table(gaps: &[GapLine], names: &Names, max: usize) -> ReportTable {
    ReportTable {
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
            .map(|g| {
                vec![
                    names.id(g.team_a),
                    names.id(g.silo_a),
                    names.id(g.team_b),
                    names.id(g.silo_b),
                    g.weight.to_string(),
                ]
            })
            .collect(),
        note: truncated(max.min(gaps.len()), gaps.len(), "gaps"),
    }
}

fn journeys_table(journeys: &[JourneyLine], order: &[usize], max: usize) -> ReportTable {
    ReportTable {
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
        rows: order
            .iter()
            .take(max)
            .map(|&j| {
                let (id, js) = (journeys[j].journey, journeys[j].figures);
                vec![
                    id.to_string(),
                    number(js.volume),
                    js.steps.to_string(),
                    js.distinct_teams.to_string(),
                    js.distinct_silos.to_string(),
                    js.seams.to_string(),
                    js.cross_silo_seams.to_string(),
                    js.visibility_crossings.to_string(),
                    js.total_seam_wait
                        .map_or_else(|| "n/a".to_string(), hours_value),
                    js.seam_waits_unknown.to_string(),
                    opt(js.seam_ratio),
                ]
            })
            .collect(),
        note: truncated(max.min(order.len()), order.len(), "journeys"),
    }
}

fn pairs_table(pairs: &[PairLine], names: &Names, max: usize) -> ReportTable {
    ReportTable {
        id: "seams-felt-most".to_string(),
        title: "Seams felt most".to_string(),
        intro: "Team → team seams over all journeys; seam volume is seams × journey volume."
            .to_string(),
        columns: vec![
            key("from"),
            key("to"),
            col("between silos", false),
            col("seams", true),
            col("seam volume", true),
        ],
        rows: pairs
            .iter()
            .take(max)
            .map(|p| {
                vec![
                    names.id(p.from),
                    names.id(p.to),
                    if p.cross_silo { "yes" } else { "no" }.to_string(),
                    p.seams.to_string(),
                    number(p.weighted_seams),
                ]
            })
            .collect(),
        note: truncated(max.min(pairs.len()), pairs.len(), "team pairs"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::small;
    use super::super::select::journey_order;
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
        let t = tables(&rows, &names, &journey_order(&a), &options);
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
        assert_eq!(
            silos.rows,
            [
                ["s1", "Sales", "2", "8", "3", "−0.455", "1.5", "2", "0%"],
                ["s2", "Ops", "1", "0", "4", "1", "3", "3", "0%"],
            ]
        );
        assert_eq!(
            silos.note.as_deref(),
            Some("2 of 3 silos shown; `seams analyze DIR --out DIR` writes them all.")
        );
        // Bottlenecks in rank order with their reasons in words; nothing left out, no note.
        let b = &t[1];
        assert_eq!(b.rows.len(), 2);
        assert_eq!(b.rows[0][..5], ["1", "b", "Orders", "s1", "0.333"]);
        // Orders receives a→b 6 of the 12 unit-to-unit volume.
        assert_eq!(
            b.rows[0][7],
            "articulation point: removing it disconnects the handoff graph; \
             top-decile betweenness (0.333); receives 50% of all handoff volume"
        );
        assert_eq!(b.note, None);
        assert!(t[2].rows.is_empty(), "no systems, no gaps");
        assert_eq!(t[3].rows[0][..6], ["order", "5", "4", "4", "3", "3"]);
        // Seams felt most: a→b inside Sales, b→c and c→d between silos, each 5 per period
        // (ties by id); capped at 2.
        assert_eq!(
            t[4].rows,
            [["a", "b", "no", "1", "5"], ["b", "c", "yes", "1", "5"]]
        );
        assert_eq!(
            t[4].note.as_deref(),
            Some("2 of 3 team pairs shown; `seams analyze DIR --out DIR` writes them all.")
        );
    }

    #[test]
    fn caps_never_go_below_one_row() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let options = ReportOptions {
            max_rows: 0,
            ..Default::default()
        };
        let t = tables(&Rows::new(&org, &a), &names, &journey_order(&a), &options);
        assert_eq!(t[0].rows.len(), 1);
        assert_eq!(t[1].rows.len(), 1);
        assert_eq!(truncated(3, 3, "silos"), None);
    }
}
