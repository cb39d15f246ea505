//! The tables of the seam report: capped, formatted views of the analysis (silos, bottlenecks,
//! congruence gaps, journeys, the seams felt most).

use super::labels::Names;
use super::model::{Column, ReportOptions, ReportTable};
use crate::metrics::Analysis;
use crate::model::Org;
use crate::report::rows::reason_texts;
use crate::text::{number, opt};

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

pub(super) fn tables(
    org: &Org,
    a: &Analysis,
    names: &Names,
    journey_order: &[usize],
    options: &ReportOptions,
) -> Vec<ReportTable> {
    let max = options.max_rows.max(1);
    let mut out = Vec::new();

    // Silos, most closed first.
    let mut order: Vec<usize> = (0..a.silo.silos.len()).collect();
    order.sort_by(|&x, &y| {
        let (p, q) = (&a.silo.silos[x], &a.silo.silos[y]);
        match (p.ei_index, q.ei_index) {
            (Some(u), Some(v)) => u.total_cmp(&v),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(x.cmp(&y))
    });
    out.push(ReportTable {
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
                let (row, dist) = (&a.silo.silos[i], &a.distance.silos[i]);
                vec![
                    names.id(row.silo),
                    names.unit(row.silo),
                    number(row.nodes as f64),
                    number(row.internal_volume),
                    number(row.external_volume),
                    opt(row.ei_index),
                    opt(dist.mean),
                    dist.max.map_or("n/a".to_string(), |m| m.to_string()),
                    dist.share_unreachable
                        .map_or("n/a".to_string(), |x| format!("{}%", number((1000.0 * x).round() / 10.0))),
                ]
            })
            .collect(),
        note: truncated(max.min(order.len()), order.len(), "silos"),
    });

    // Bottlenecks.
    let ranking = &a.bottleneck.ranking;
    let bmax = max.min(25);
    out.push(ReportTable {
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
            col("why", false),
        ],
        rows: ranking
            .iter()
            .take(bmax)
            .map(|r| {
                let u = org.handoffs.unit(r.node);
                vec![
                    r.rank.to_string(),
                    names.id(u),
                    names.unit(u),
                    names.id(names.silo_of(u)),
                    number(r.betweenness),
                    number(r.in_volume),
                    number(r.out_volume),
                    reason_texts(&r.reasons).join("; "),
                ]
            })
            .collect(),
        note: truncated(bmax.min(ranking.len()), ranking.len(), "ranked units"),
    });

    // Congruence gaps.
    let gaps = &a.conway.gaps;
    out.push(ReportTable {
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
            .map(|&i| {
                let p = &a.conway.required[i];
                vec![
                    names.id(p.team_a),
                    names.id(names.silo_of(p.team_a)),
                    names.id(p.team_b),
                    names.id(names.silo_of(p.team_b)),
                    p.weight.to_string(),
                ]
            })
            .collect(),
        note: truncated(max.min(gaps.len()), gaps.len(), "gaps"),
    });

    // Journeys.
    out.push(ReportTable {
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
        rows: journey_order
            .iter()
            .take(max)
            .map(|&j| {
                let js = &a.seams.journeys[j];
                vec![
                    org.export.journeys[js.journey].id.clone(),
                    number(js.volume),
                    js.steps.to_string(),
                    js.distinct_teams.to_string(),
                    js.distinct_silos.to_string(),
                    js.seams.to_string(),
                    js.cross_silo_seams.to_string(),
                    js.visibility_crossings.to_string(),
                    opt(js.total_seam_wait),
                    js.seam_waits_unknown.to_string(),
                    opt(js.seam_ratio),
                ]
            })
            .collect(),
        note: truncated(max.min(journey_order.len()), journey_order.len(), "journeys"),
    });

    // Seams felt most.
    let pairs = &a.seams.team_pairs;
    let pmax = max.min(15);
    out.push(ReportTable {
        id: "seams-felt-most".to_string(),
        title: "Seams felt most".to_string(),
        intro: "Team → team seams over all journeys, weighted by journey volume.".to_string(),
        columns: vec![
            key("from"),
            key("to"),
            col("between silos", false),
            col("seams", true),
            col("weighted", true),
        ],
        rows: pairs
            .iter()
            .take(pmax)
            .map(|p| {
                vec![
                    names.id(p.from),
                    names.id(p.to),
                    if names.silo_of(p.from) != names.silo_of(p.to) {
                        "yes"
                    } else {
                        "no"
                    }
                    .to_string(),
                    p.seams.to_string(),
                    number(p.weighted_seams),
                ]
            })
            .collect(),
        note: truncated(pmax.min(pairs.len()), pairs.len(), "team pairs"),
    });
    out
}
