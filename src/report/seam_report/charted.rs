//! Which journeys the seam report charts one by one, and where each journey it names is drawn.
//!
//! One order everywhere (docs/output.md, "The journey ranking"): the journeys are charted in
//! the ranking's order ([`crate::metrics::seams::rank_journeys`]), the top
//! [`ReportOptions::max_journeys`] of it, and every journey the text names elsewhere (the
//! ping-pong section's five, the table of journeys that cross the most silos) points to a
//! chart: its own when it is charted, else its team variant's or silo variant's chart when
//! that is among the variants charted, else it is charted one by one too (after the top ones,
//! still in ranking order). Selection only; nothing here computes a figure.

use super::aggregate::{crossing_order, team_level, CROSSING_ROWS, VARIANT_CHARTS};
use super::labels::slug;
use super::model::ReportOptions;
use super::story::{ping_pong_order, PING_PONG_LISTED};
use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::UnitId;

/// The journeys charted one by one and the charts the named ones point to.
pub(super) struct Charted {
    /// Journeys charted one by one (indices into `a.seams.journeys`), in ranking order.
    pub(super) journeys: Vec<usize>,
    /// Of them, how many are charted because the text names them (outside the top of the
    /// ranking).
    pub(super) named: usize,
    /// Each charted journey's place in the ranking (1-based), parallel to `journeys`.
    pub(super) ranks: Vec<usize>,
    /// Each charted journey's anchor (its chart's file stem), parallel to `journeys`.
    anchors: Vec<String>,
    /// Variant charts are drawn (the "Journeys in aggregate" section is shown).
    variants_drawn: bool,
    /// Team variants are drawn (not every team is a silo of its own).
    team_variants: bool,
}

/// Where a journey is drawn: what to call the chart and its anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ChartLink {
    /// "Journey 3", "Silo variant 2".
    pub(super) label: String,
    /// The chart's anchor (its file stem, without `#`).
    pub(super) anchor: String,
}

impl Charted {
    /// Picks the charted journeys (see the module's doc).
    ///
    /// # Complexity
    /// O(J) for the ranks, plus the steps of the (at most 15) named journeys.
    pub(super) fn new(org: &Org, a: &Analysis, options: &ReportOptions) -> Charted {
        let ranking = &a.seams.ranking;
        let mut rank = vec![0usize; ranking.len()];
        for (r, &j) in ranking.iter().enumerate() {
            rank[j] = r;
        }
        let variants_drawn = org.export.journeys.len() > options.max_journeys;
        let team_variants = variants_drawn && team_level(a);
        let mut charted = Charted {
            journeys: ranking.iter().copied().take(options.max_journeys).collect(),
            named: 0,
            ranks: Vec::new(),
            anchors: Vec::new(),
            variants_drawn,
            team_variants,
        };
        let mut named: Vec<usize> = ping_pong_order(a)
            .into_iter()
            .take(PING_PONG_LISTED)
            .map(|i| a.process.ping_pong[i].journey)
            .collect();
        if variants_drawn {
            named.extend(crossing_order(a).into_iter().take(CROSSING_ROWS));
        }
        for j in named {
            if j < rank.len()
                && !charted.journeys.contains(&j)
                && charted.variant_link(org, a, j).is_none()
            {
                charted.journeys.push(j);
                charted.named += 1;
            }
        }
        charted.journeys.sort_by_key(|&j| rank[j]);
        charted.ranks = charted.journeys.iter().map(|&j| rank[j] + 1).collect();
        charted.anchors = charted
            .journeys
            .iter()
            .enumerate()
            .map(|(k, &j)| {
                let id = &org.export.journeys[a.seams.journeys[j].journey].id;
                format!("journey-{:02}-{}", k + 1, slug(id))
            })
            .collect();
        charted
    }

    /// The anchor of the `k`-th charted journey's chart (its file stem).
    pub(super) fn anchor(&self, k: usize) -> &str {
        &self.anchors[k]
    }

    /// Where journey `j` (index into `a.seams.journeys`) is drawn: its own chart, else its
    /// variant's; None when neither is on the page.
    pub(super) fn link(&self, org: &Org, a: &Analysis, j: usize) -> Option<ChartLink> {
        match self.journeys.iter().position(|&c| c == j) {
            Some(k) => Some(ChartLink {
                label: format!("Journey {}", k + 1),
                anchor: self.anchors[k].clone(),
            }),
            None => self.variant_link(org, a, j),
        }
    }

    /// The chart of journey `j`'s team variant (when team variants are drawn), else of its
    /// silo variant, when that variant is among those charted.
    fn variant_link(&self, org: &Org, a: &Analysis, j: usize) -> Option<ChartLink> {
        if !self.variants_drawn {
            return None;
        }
        let journey = &org.export.journeys[a.seams.journeys[j].journey];
        let runs = |unit_of: &dyn Fn(UnitId) -> UnitId| {
            let mut seq: Vec<UnitId> = Vec::new();
            for s in &journey.steps {
                let u = unit_of(s.team);
                if seq.last() != Some(&u) {
                    seq.push(u);
                }
            }
            seq
        };
        let p = &a.process;
        if self.team_variants {
            let seq = runs(&|u| u);
            if let Some(r) = p
                .variants
                .iter()
                .take(VARIANT_CHARTS)
                .position(|v| v.teams == seq)
            {
                return Some(ChartLink {
                    label: format!("Team variant {}", r + 1),
                    anchor: format!("variant-team-{:02}", r + 1),
                });
            }
        }
        let seq = runs(&|u| org.silos.silo_of(u));
        p.silo_variants
            .iter()
            .take(VARIANT_CHARTS)
            .position(|v| v.teams == seq)
            .map(|r| ChartLink {
                label: format!("Silo variant {}", r + 1),
                anchor: format!("variant-silo-{:02}", r + 1),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::small;
    use super::*;

    #[test]
    fn the_top_of_the_ranking_is_charted_and_linked() {
        let (org, a) = small();
        let c = Charted::new(&org, &a, &ReportOptions::default());
        assert_eq!(
            (c.journeys.as_slice(), c.named, c.ranks.as_slice()),
            (&[0][..], 0, &[1][..])
        );
        let link = c.link(&org, &a, 0).unwrap();
        assert_eq!(link.label, "Journey 1");
        assert_eq!(link.anchor, c.anchor(0));
        assert!(link.anchor.starts_with("journey-01-"));
        // Nothing charted one by one: the journey points to its team variant's chart.
        let none = ReportOptions {
            max_journeys: 0,
            ..ReportOptions::default()
        };
        let c = Charted::new(&org, &a, &none);
        assert!(c.journeys.is_empty());
        assert_eq!(c.link(&org, &a, 0).unwrap().anchor, "variant-team-01");
    }
}
