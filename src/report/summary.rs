//! The terminal summary of `seams analyze`: headline figures, then the top rows of each table,
//! with a pointer to the full machine output.

use std::fmt::Write as _;

use super::rows::{JourneyLine, Rows};
use super::{clip, terminal_table};
use crate::metrics::bottleneck::BetweennessMode;
use crate::metrics::{Analysis, Weight};
use crate::model::Org;
use crate::text::number as f;

/// Rows shown per table in the terminal.
const TOP: usize = 10;

use crate::text::{hours_value, opt, opt_share};

/// The org-wide headline figures, shared by the terminal summary and the seam report.
#[derive(Debug, Clone, PartialEq)]
pub struct Headlines {
    /// Org-wide E-I index.
    pub ei_index: Option<f64>,
    /// Modularity of the silo partition.
    pub modularity: Option<f64>,
    /// Number of informal communities.
    pub communities: usize,
    /// Their modularity.
    pub community_modularity: Option<f64>,
    /// NMI of communities and silos.
    pub nmi: Option<f64>,
    /// Teams whose community is mostly another silo.
    pub misplaced: usize,
    /// Number of articulation points.
    pub articulation_points: usize,
    /// Number of bridges.
    pub bridges: usize,
    /// How betweenness was computed ("exact" or "sampled from K sources, seed S …").
    pub betweenness_mode: String,
    /// Edge length of betweenness ("hops", "1/volume", "wait hours").
    pub weight: &'static str,
    /// Greatest customer distance.
    pub max_distance: Option<u32>,
    /// Up to three units at that distance, by id.
    pub farthest: Vec<String>,
    /// Number of units the customer cannot reach.
    pub unreachable: usize,
    /// Conway congruence.
    pub congruence: Option<f64>,
    /// Required coordination weight that is actual.
    pub actual_weight: u64,
    /// Required coordination weight.
    pub required_weight: u64,
    /// Number of congruence gaps.
    pub gaps: usize,
    /// Seams weighted by journey volume.
    pub seams_total: f64,
    /// Number of journeys.
    pub journeys: usize,
    /// Σ journey volume: the journeys taken per period.
    pub journey_volume: f64,
    /// Mean seams per journey (volume-weighted).
    pub mean_seams_per_journey: Option<f64>,
}

/// Computes the headline figures.
pub fn headlines(org: &Org, a: &Analysis) -> Headlines {
    let b = &a.bottleneck;
    let betweenness_mode = match b.mode {
        BetweennessMode::Exact => "exact".to_string(),
        BetweennessMode::Sampled { k, seed, automatic } => {
            let halves = b.sample_halves.map_or(String::new(), |h| {
                let reading = if h.steady() {
                    "the order of the top units is steady"
                } else {
                    "the order of the top units is not to be read from it: a larger --approx K \
                     steadies it, --exact forces exact"
                };
                format!(
                    "; the sample's two halves share {} of their top {} units, so {reading}",
                    h.shared, h.of
                )
            });
            format!(
                "sampled from {k} sources, seed {seed} ({}the values are estimates{halves})",
                if automatic {
                    "chosen automatically for this graph size; "
                } else {
                    ""
                }
            )
        }
    };
    let weight = match b.weight {
        Weight::Hops => "hops",
        Weight::Volume => "1/volume",
        Weight::Wait => "wait hours",
    };
    let d = &a.distance;
    let farthest: Vec<String> = d
        .farthest
        .iter()
        .take(3)
        .map(|&v| org.node_id(v).to_string())
        .collect();
    let com = &a.silo.communities;
    let c = &a.conway;
    Headlines {
        ei_index: a.silo.org_ei_index,
        modularity: a.silo.modularity,
        communities: com.list.len(),
        community_modularity: com.modularity,
        nmi: com.nmi,
        misplaced: com.misplaced.len(),
        articulation_points: b.articulation_points.len(),
        bridges: b.bridges.len(),
        betweenness_mode,
        weight,
        max_distance: d.max_distance,
        farthest,
        unreachable: d.unreachable.len(),
        congruence: c.congruence,
        actual_weight: c.actual_weight,
        required_weight: c.required_weight,
        gaps: c.gaps.len(),
        seams_total: a.seams.seams_total,
        journeys: org.export.journeys.len(),
        journey_volume: a.seams.journey_volume,
        mean_seams_per_journey: a.seams.mean_seams_per_journey,
    }
}

/// Renders the summary for a terminal.
pub fn render(org: &Org, a: &Analysis, dir: &str) -> String {
    let e = &org.export;
    let g = &org.handoffs;
    let h = headlines(org, a);
    let rows = Rows::new(org, a);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "seams analysis of {dir}: {} units, {} in the handoff graph with {} handoff edges; {} silos at level {}\n",
        e.units.len(),
        g.node_count(),
        g.edge_count(),
        org.silos.list().len(),
        org.silos.level
    );
    let mut t = terminal_table(&["headline", "value", "what it means"]);
    t.add_row(vec![
        "org-wide E-I index".to_string(),
        opt(h.ei_index),
        "−1: all handoffs stay inside silos; +1: all cross silos".to_string(),
    ]);
    t.add_row(vec![
        "silo modularity".to_string(),
        opt(h.modularity),
        "how strongly handoffs cluster inside the formal silos (0.3+ is strong)".to_string(),
    ]);
    t.add_row(vec![
        "informal communities".to_string(),
        format!(
            "{} (modularity {}, NMI with silos {})",
            h.communities,
            opt(h.community_modularity),
            opt(h.nmi)
        ),
        format!(
            "{} teams work mostly with another silo's community",
            h.misplaced
        ),
    ]);
    t.add_row(vec![
        "bottlenecks".to_string(),
        format!(
            "{} articulation points, {} bridges",
            h.articulation_points, h.bridges
        ),
        format!(
            "betweenness {}, edge length = {}",
            h.betweenness_mode, h.weight
        ),
    ]);
    t.add_row(vec![
        "distance from the customer".to_string(),
        format!(
            "max {} hops{}; {} unreachable",
            h.max_distance.map_or("n/a".to_string(), |m| m.to_string()),
            if h.farthest.is_empty() {
                String::new()
            } else {
                format!(" ({})", h.farthest.join(", "))
            },
            h.unreachable
        ),
        "handoffs between the customer and a team, customer-facing teams at 1".to_string(),
    ]);
    t.add_row(vec![
        "Conway congruence".to_string(),
        format!(
            "{} ({} of {} required dependencies have handoffs)",
            opt(h.congruence),
            f(h.actual_weight as f64),
            f(h.required_weight as f64)
        ),
        format!(
            "{} pairs own dependent systems but never hand work over",
            h.gaps
        ),
    ]);
    t.add_row(vec![
        "journey seams".to_string(),
        format!(
            "{} over {} journeys taken ({} each)",
            f(h.seams_total),
            f(h.journey_volume),
            opt(h.mean_seams_per_journey)
        ),
        format!(
            "seam volume: seams × journey volume per period, over {}",
            crate::text::plural(h.journeys, "journey", "journeys")
        ),
    ]);
    let _ = writeln!(s, "{t}");

    // Silos.
    let _ = writeln!(s, "\nSilos");
    let mut t = terminal_table(&[
        "silo",
        "teams",
        "internal",
        "external",
        "E-I",
        "mean dist.",
        "max dist.",
        "unreachable",
    ]);
    for row in rows.silos.iter().take(2 * TOP) {
        t.add_row(vec![
            clip(org.unit_id(row.silo)),
            row.nodes.to_string(),
            f(row.internal_volume),
            f(row.external_volume),
            opt(row.ei_index),
            opt(row.mean_distance),
            row.max_distance
                .map_or("n/a".to_string(), |m| m.to_string()),
            opt_share(row.share_unreachable),
        ]);
    }
    let _ = writeln!(s, "{t}");
    if rows.silos.len() > 2 * TOP {
        let _ = writeln!(s, "… {} more silos", rows.silos.len() - 2 * TOP);
    }

    // Bottlenecks.
    let _ = writeln!(s, "\nTop bottlenecks");
    let mut t = terminal_table(&["#", "unit", "silo", "betweenness", "reasons"]);
    for r in rows.bottlenecks.iter().take(TOP) {
        t.add_row(vec![
            r.rank.to_string(),
            clip(org.unit_id(r.unit)),
            clip(org.unit_id(r.silo)),
            f(r.betweenness),
            r.reasons.join("; "),
        ]);
    }
    let _ = writeln!(s, "{t}");

    // Congruence gaps.
    if !rows.gaps.is_empty() {
        let _ = writeln!(s, "\nCongruence gaps (own dependent systems, no handoffs)");
        let mut t = terminal_table(&["team a", "team b", "dependencies"]);
        for gap in rows.gaps.iter().take(TOP) {
            t.add_row(vec![
                clip(org.unit_id(gap.team_a)),
                clip(org.unit_id(gap.team_b)),
                f(gap.weight as f64),
            ]);
        }
        let _ = writeln!(s, "{t}");
    }

    // Journeys.
    if !rows.journeys.is_empty() {
        let _ = writeln!(
            s,
            "\nJourneys (most divided first: seams between silos, then seams, then volume)"
        );
        let order: Vec<&JourneyLine> = a.seams.ranking.iter().map(|&j| &rows.journeys[j]).collect();
        let mut t = terminal_table(&[
            "journey",
            "steps",
            "teams",
            "silos",
            "seams",
            "between silos",
            "seam wait (h)",
        ]);
        for line in order.iter().take(TOP) {
            let j = line.figures;
            t.add_row(vec![
                clip(line.journey),
                j.steps.to_string(),
                j.distinct_teams.to_string(),
                j.distinct_silos.to_string(),
                j.seams.to_string(),
                j.cross_silo_seams.to_string(),
                j.total_seam_wait
                    .map_or_else(|| "n/a".to_string(), hours_value),
            ]);
        }
        let _ = writeln!(s, "{t}");
        let _ = writeln!(
            s,
            "\nSeams felt most (team → team; seam volume = seams × journey volume)"
        );
        let mut t = terminal_table(&["from", "to", "seams", "seam volume"]);
        for p in rows.team_pairs.iter().take(TOP) {
            t.add_row(vec![
                clip(org.unit_id(p.from)),
                clip(org.unit_id(p.to)),
                p.seams.to_string(),
                f(p.weighted_seams),
            ]);
        }
        let _ = writeln!(s, "{t}");
    }
    let _ = writeln!(
        s,
        "\nFull tables: `seams analyze {dir} --format json`, or `--out DIR` for one CSV per table (see docs/output.md)."
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::seam_report::fixture::small;

    #[test]
    fn headlines_and_summary_of_a_small_org() {
        let (org, a) = small();
        let h = headlines(&org, &a);
        assert_eq!(h.max_distance, Some(4));
        assert_eq!(h.farthest, ["d"]);
        assert_eq!((h.articulation_points, h.unreachable), (2, 0));
        // Table cells wrap to the terminal's width: look for single words only.
        let text = render(&org, &a, "export");
        for word in ["articulation", "top-decile", "receives", "order"] {
            assert!(text.contains(word), "{word} missing:\n{text}");
        }
        assert!(
            text.contains(
                "\nJourneys (most divided first: seams between silos, then seams, then volume)\n"
            ),
            "{text}"
        );
        assert!(text.contains("\nSeams felt most"), "{text}");
    }
}
