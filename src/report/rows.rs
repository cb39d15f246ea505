//! The rows of the tables that both `seams analyze` and the seam report show — silos,
//! bottlenecks, congruence gaps, journeys and team pairs — resolved once from the analysis, as
//! typed values in the analysis document's order (docs/output.md). The analysis document
//! ([`super::analysis`]) writes every row and column; the terminal summary ([`super::summary`])
//! and the seam report ([`super::seam_report`]) order, cap and format a view of the same rows.
//!
//! Also the words of a bottleneck's reasons ([`reason_text`]), the one place they are written.

use crate::metrics::bottleneck::BottleneckReason;
use crate::metrics::seams::{JourneySeams, SeamPair};
use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::UnitId;
use crate::text::{number, share};

/// The five shared tables, each in the analysis document's order.
#[derive(Debug, Clone)]
pub struct Rows<'a> {
    /// One row per silo, in silo id order.
    pub silos: Vec<SiloLine>,
    /// The ranked bottlenecks, in rank order.
    pub bottlenecks: Vec<BottleneckLine>,
    /// The congruence gaps, heaviest first (rank order).
    pub gaps: Vec<GapLine>,
    /// One row per journey, in export order.
    pub journeys: Vec<JourneyLine<'a>>,
    /// Team → team seams over all journeys, in the seams family's order (weighted seams
    /// descending).
    pub team_pairs: Vec<PairLine>,
}

impl<'a> Rows<'a> {
    /// Resolves the five tables from the analysis.
    ///
    /// # Complexity
    /// O(S + B·R + G + J + P): one pass over each result.
    pub fn new(org: &'a Org, a: &'a Analysis) -> Rows<'a> {
        Rows {
            silos: silo_lines(a),
            bottlenecks: bottleneck_lines(org, a),
            gaps: gap_lines(org, a),
            journeys: journey_lines(org, a),
            team_pairs: pair_lines(org, &a.seams.team_pairs),
        }
    }
}

/// A silo's E-I figures joined with its distance from the customer (`silos` table).
#[derive(Debug, Clone, PartialEq)]
pub struct SiloLine {
    /// The silo unit.
    pub silo: UnitId,
    /// Handoff-graph nodes in the silo.
    pub nodes: usize,
    /// I: handoff volume inside the silo.
    pub internal_volume: f64,
    /// E: handoff volume with one end in the silo.
    pub external_volume: f64,
    /// (E − I)/(E + I).
    pub ei_index: Option<f64>,
    /// Mean distance from the customer of its reachable nodes.
    pub mean_distance: Option<f64>,
    /// Greatest distance from the customer of its reachable nodes.
    pub max_distance: Option<u32>,
    /// Share of its nodes the customer cannot reach.
    pub share_unreachable: Option<f64>,
}

/// A ranked bottleneck with its unit, silo and reasons in words (`bottlenecks` table).
#[derive(Debug, Clone, PartialEq)]
pub struct BottleneckLine {
    /// 1-based rank.
    pub rank: usize,
    /// Handoff-graph node.
    pub node: u32,
    /// The unit.
    pub unit: UnitId,
    /// Its silo.
    pub silo: UnitId,
    /// Normalised betweenness.
    pub betweenness: f64,
    /// Volume received from other units.
    pub in_volume: f64,
    /// Volume passed to other units.
    pub out_volume: f64,
    /// Whether it is an articulation point.
    pub articulation_point: bool,
    /// Why it ranks, in words ([`reason_text`]).
    pub reasons: Vec<String>,
}

/// A congruence gap: two teams owning dependent systems that never hand work over
/// (`congruence_gaps` table).
#[derive(Debug, Clone, PartialEq)]
pub struct GapLine {
    /// 1-based rank (heaviest first).
    pub rank: usize,
    /// First team (smaller id).
    pub team_a: UnitId,
    /// Its silo.
    pub silo_a: UnitId,
    /// Second team.
    pub team_b: UnitId,
    /// Its silo.
    pub silo_b: UnitId,
    /// Number of system dependencies between them.
    pub weight: u64,
}

/// A journey's id with its seam figures (`journeys` table).
#[derive(Debug, Clone, Copy)]
pub struct JourneyLine<'a> {
    /// The journey id.
    pub journey: &'a str,
    /// Its figures.
    pub figures: &'a JourneySeams,
    /// Its place in the journey ranking (1 = most divided; `metrics::seams::rank_journeys`).
    pub rank: usize,
}

/// A from → to pair of seams over all journeys (`team_pairs` and `silo_pairs` tables).
#[derive(Debug, Clone, PartialEq)]
pub struct PairLine {
    /// Handing-over unit.
    pub from: UnitId,
    /// Receiving unit.
    pub to: UnitId,
    /// Whether the two are in different silos.
    pub cross_silo: bool,
    /// Number of seams.
    pub seams: usize,
    /// Seams weighted by journey volume.
    pub weighted_seams: f64,
}

/// The silo rows: E-I figures and distance, zipped in silo order.
/// One row per journey, in the seams family's order, with the journey's id and its place in
/// the journey ranking (docs/output.md).
pub(crate) fn journey_lines<'a>(org: &'a Org, a: &'a Analysis) -> Vec<JourneyLine<'a>> {
    let mut rank = vec![0; a.seams.journeys.len()];
    for (r, &j) in a.seams.ranking.iter().enumerate() {
        rank[j] = r + 1;
    }
    a.seams
        .journeys
        .iter()
        .zip(rank)
        .map(|(figures, rank)| JourneyLine {
            journey: org.export.journeys[figures.journey].id.as_str(),
            figures,
            rank,
        })
        .collect()
}

pub(crate) fn silo_lines(a: &Analysis) -> Vec<SiloLine> {
    a.silo
        .silos
        .iter()
        .zip(&a.distance.silos)
        .map(|(row, d)| SiloLine {
            silo: row.silo,
            nodes: row.nodes,
            internal_volume: row.internal_volume,
            external_volume: row.external_volume,
            ei_index: row.ei_index,
            mean_distance: d.mean,
            max_distance: d.max,
            share_unreachable: d.share_unreachable,
        })
        .collect()
}

pub(crate) fn bottleneck_lines(org: &Org, a: &Analysis) -> Vec<BottleneckLine> {
    a.bottleneck
        .ranking
        .iter()
        .map(|r| {
            let unit = org.handoffs.unit(r.node);
            BottleneckLine {
                rank: r.rank,
                node: r.node,
                unit,
                silo: org.silos.silo_of(unit),
                betweenness: r.betweenness,
                in_volume: r.in_volume,
                out_volume: r.out_volume,
                articulation_point: r.articulation_point,
                reasons: reason_texts(&r.reasons),
            }
        })
        .collect()
}

pub(crate) fn gap_lines(org: &Org, a: &Analysis) -> Vec<GapLine> {
    a.conway
        .gaps
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            let p = &a.conway.required[i];
            GapLine {
                rank: rank + 1,
                team_a: p.team_a,
                silo_a: org.silos.silo_of(p.team_a),
                team_b: p.team_b,
                silo_b: org.silos.silo_of(p.team_b),
                weight: p.weight,
            }
        })
        .collect()
}

/// The rows of a list of seam pairs (team pairs or silo pairs).
pub fn pair_lines(org: &Org, pairs: &[SeamPair]) -> Vec<PairLine> {
    pairs
        .iter()
        .map(|p| PairLine {
            from: p.from,
            to: p.to,
            cross_silo: org.silos.silo_of(p.from) != org.silos.silo_of(p.to),
            seams: p.seams,
            weighted_seams: p.weighted_seams,
        })
        .collect()
}

/// The phrase of one reason, as in the `reasons` column of `bottlenecks` (docs/output.md):
/// `articulation point: removing it disconnects the handoff graph`,
/// `top-decile betweenness (0.418)`, `betweenness 0.0123`,
/// `receives 23% of all handoff volume`. Figures follow the rounding of [`crate::text`]
/// (betweenness as an index, the share as a percentage), so a reason shows the same digits as
/// the betweenness column beside it.
pub fn reason_text(reason: &BottleneckReason) -> String {
    match *reason {
        BottleneckReason::ArticulationPoint => {
            "articulation point: removing it disconnects the handoff graph".to_string()
        }
        BottleneckReason::TopDecileBetweenness { betweenness } => {
            format!("top-decile betweenness ({})", number(betweenness))
        }
        BottleneckReason::Betweenness { betweenness } => {
            format!("betweenness {}", number(betweenness))
        }
        BottleneckReason::ReceivesShare { share: s } => {
            format!("receives {} of all handoff volume", share(s))
        }
    }
}

/// The phrases of a row's reasons, in order.
pub fn reason_texts(reasons: &[BottleneckReason]) -> Vec<String> {
    reasons.iter().map(reason_text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::seam_report::fixture::small;

    #[test]
    fn reasons_in_words() {
        assert_eq!(
            reason_text(&BottleneckReason::ArticulationPoint),
            "articulation point: removing it disconnects the handoff graph"
        );
        assert_eq!(
            reason_text(&BottleneckReason::TopDecileBetweenness { betweenness: 0.25 }),
            "top-decile betweenness (0.25)"
        );
        assert_eq!(
            reason_text(&BottleneckReason::TopDecileBetweenness {
                betweenness: 0.41849
            }),
            "top-decile betweenness (0.418)"
        );
        assert_eq!(
            reason_text(&BottleneckReason::Betweenness {
                betweenness: 0.000123
            }),
            "betweenness 0.000123"
        );
        assert_eq!(
            reason_text(&BottleneckReason::Betweenness {
                betweenness: 28.0 / 110.0
            }),
            "betweenness 0.255"
        );
        // The digits of the betweenness column beside it (text::number), not three decimals.
        let b = 0.099_36;
        assert_eq!(
            reason_text(&BottleneckReason::Betweenness { betweenness: b }),
            format!("betweenness {}", number(b))
        );
        assert_eq!(number(b), "0.0994");
        let receives = |share| reason_text(&BottleneckReason::ReceivesShare { share });
        assert_eq!(receives(6.0 / 11.0), "receives 55% of all handoff volume");
        assert_eq!(receives(0.0234), "receives 2.3% of all handoff volume");
        assert_eq!(receives(0.000234), "receives 0.02% of all handoff volume");
        assert_eq!(receives(0.0000001), "receives <0.01% of all handoff volume");
    }

    #[test]
    fn rows_of_a_small_org() {
        let (org, a) = small();
        let rows = Rows::new(&org, &a);
        let id = |u: UnitId| org.unit_id(u);
        // Silos in id order, E-I joined with distance.
        let silos: Vec<(&str, usize, Option<f64>, Option<u32>)> = rows
            .silos
            .iter()
            .map(|s| (id(s.silo), s.nodes, s.mean_distance, s.max_distance))
            .collect();
        assert_eq!(
            silos,
            [
                ("s1", 2, Some(1.5), Some(2)),
                ("s2", 1, Some(3.0), Some(3)),
                ("s3", 1, Some(4.0), Some(4))
            ]
        );
        // Bottlenecks resolved to unit and silo, reasons in words.
        let b: Vec<(usize, &str, &str)> = rows
            .bottlenecks
            .iter()
            .map(|r| (r.rank, id(r.unit), id(r.silo)))
            .collect();
        assert_eq!(b, [(1, "b", "s1"), (2, "c", "s2")]);
        // Warehouse receives b→c 3 of 12.
        assert_eq!(
            rows.bottlenecks[1].reasons,
            [
                "articulation point: removing it disconnects the handoff graph",
                "top-decile betweenness (0.333)",
                "receives 25% of all handoff volume"
            ]
        );
        assert!(rows.gaps.is_empty());
        assert_eq!(rows.journeys.len(), 1);
        assert_eq!(rows.journeys[0].journey, "order");
        let pairs: Vec<(&str, &str, bool)> = rows
            .team_pairs
            .iter()
            .map(|p| (id(p.from), id(p.to), p.cross_silo))
            .collect();
        assert_eq!(
            pairs,
            [("a", "b", false), ("b", "c", true), ("c", "d", true)]
        );
    }
}
