//! Journey seams (docs/output.md): where a customer journey passes from one team to
//! another. A seam is a pair of consecutive steps done by different units.

use serde::Serialize;

use crate::model::Org;
use crate::records::{HandoffSource, JourneyKind, Party, UnitId};

/// One seam of one journey.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Seam {
    /// Index of the journey in `export.journeys`.
    pub journey: usize,
    /// Index in the journey's steps of the step handing over (the receiving step is +1).
    pub step_index: usize,
    /// The unit handing over.
    pub from: UnitId,
    /// The unit receiving.
    pub to: UnitId,
    /// Whether the two units are in different silos.
    pub cross_silo: bool,
    /// Reporting-line hops between the two units through their lowest common ancestor.
    pub hierarchy_distance: u32,
    /// One side customer-facing, the other not; None when either side is unknown.
    pub crosses_visibility: Option<bool>,
    /// Wait before the receiving step, when known.
    pub wait_hours: Option<f64>,
    /// Whether handoffs.csv has a from→to row; None when handoffs were derived or absent.
    pub known_handoff: Option<bool>,
}

/// Figures of one journey.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct JourneySeams {
    /// Index of the journey in `export.journeys`.
    pub journey: usize,
    /// Journeys per period.
    pub volume: f64,
    /// Customer or employee journey.
    pub kind: JourneyKind,
    /// Number of steps.
    pub steps: usize,
    /// Distinct units doing steps.
    pub distinct_teams: usize,
    /// Distinct silos of those units.
    pub distinct_silos: usize,
    /// Consecutive steps by different units.
    pub seams: usize,
    /// Of them, between different silos.
    pub cross_silo_seams: usize,
    /// Of them, crossing the line of visibility (known cases only).
    pub visibility_crossings: usize,
    /// Greatest hierarchy distance of a seam; None with no seam.
    pub max_hierarchy_distance: Option<u32>,
    /// Sum of the known seam waits; None when no seam wait is known.
    pub total_seam_wait: Option<f64>,
    /// Seams whose wait is unknown.
    pub seam_waits_unknown: usize,
    /// seams / (steps − 1); None for a journey of one step.
    pub seam_ratio: Option<f64>,
}

/// A directed pair (of units or of silos) with the seams it produces.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SeamPair {
    /// Handing-over side.
    pub from: UnitId,
    /// Receiving side.
    pub to: UnitId,
    /// Number of seams (unweighted).
    pub seams: usize,
    /// Seams weighted by journey volume.
    pub weighted_seams: f64,
}

/// Seam figures of one kind of journey (customers' or employees'), for the "symmetry of
/// attention" comparison (docs/output.md, table `journey_kinds`).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct KindSeams {
    /// The kind.
    pub kind: JourneyKind,
    /// Number of journeys of this kind (unweighted).
    pub journeys: usize,
    /// Σ seams × volume over these journeys.
    pub seams_total: f64,
    /// Σ seams × volume / Σ (steps − 1) × volume; None when that denominator is 0.
    pub seams_per_step: Option<f64>,
    /// Σ cross-silo seams × volume / Σ (steps − 1) × volume; None when the denominator is 0.
    pub cross_silo_seams_per_step: Option<f64>,
}

/// The journey-seam family.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SeamMetrics {
    /// Every seam, by journey (id order) then step order.
    pub seams: Vec<Seam>,
    /// Per journey, in journey id order.
    pub journeys: Vec<JourneySeams>,
    /// Σ seams × volume.
    pub seams_total: f64,
    /// Σ volume of journeys with at least one seam.
    pub journeys_with_seam: f64,
    /// Σ volume of all journeys (the journeys taken per period).
    pub journey_volume: f64,
    /// seams_total / Σ volume (None when Σ volume = 0).
    pub mean_seams_per_journey: Option<f64>,
    /// Volume-weighted mean seam ratio over journeys with ≥ 2 steps.
    pub mean_seam_ratio: Option<f64>,
    /// Directed team pairs, by weighted seams desc, then from, then to.
    pub team_pairs: Vec<SeamPair>,
    /// Directed silo pairs (same-silo included), same order.
    pub silo_pairs: Vec<SeamPair>,
    /// Per kind of journey present: customer first, then employee.
    pub by_kind: Vec<KindSeams>,
    /// The journey ranking (indices into `journeys`, most divided first; [`rank_journeys`]):
    /// the one order of the `journeys` table's `rank`, the terminal summary and the seam report.
    pub ranking: Vec<usize>,
}

/// Computes the journey-seam family.
///
/// # Complexity
/// O(S log S) for S steps (sorting the pairs); hierarchy distance O(log depth) per seam.
///
/// # Determinism
/// Journeys in id order, pairs sorted with ties by id; sums run in journey order.
pub fn journey_seams(org: &Org) -> SeamMetrics {
    let e = &org.export;
    let known_source = e.handoff_source == HandoffSource::File;
    let has_row = |a: UnitId, b: UnitId| -> bool {
        e.handoffs
            .binary_search_by(|h| (h.from, h.to).cmp(&(Party::Unit(a), Party::Unit(b))))
            .is_ok()
    };
    let mut seams = Vec::new();
    let mut journeys = Vec::with_capacity(e.journeys.len());
    let mut team_seams: Vec<(UnitId, UnitId, f64)> = Vec::new();
    let mut silo_seams: Vec<(UnitId, UnitId, f64)> = Vec::new();
    let (mut seams_total, mut with_seam, mut volume_total) = (0.0, 0.0, 0.0);
    let (mut ratio_sum, mut ratio_volume) = (0.0, 0.0);
    let mut teams: Vec<UnitId> = Vec::new();
    let mut silos: Vec<UnitId> = Vec::new();
    for (ji, j) in e.journeys.iter().enumerate() {
        let first = seams.len();
        for (k, w) in j.steps.windows(2).enumerate() {
            let (a, b) = (w[0].team, w[1].team);
            if a == b {
                continue;
            }
            let (sa, sb) = (org.silos.silo_of(a), org.silos.silo_of(b));
            let cf = |u: UnitId| e.units[u as usize].customer_facing;
            let crosses_visibility = match (cf(a), cf(b)) {
                (Some(x), Some(y)) => Some(x != y),
                _ => None,
            };
            seams.push(Seam {
                journey: ji,
                step_index: k,
                from: a,
                to: b,
                cross_silo: sa != sb,
                hierarchy_distance: org.hierarchy.hierarchy_distance(a, b),
                crosses_visibility,
                wait_hours: w[1].wait_hours,
                known_handoff: known_source.then(|| has_row(a, b)),
            });
            team_seams.push((a, b, j.volume));
            silo_seams.push((sa, sb, j.volume));
        }
        let js = &seams[first..];
        teams.clear();
        teams.extend(j.steps.iter().map(|s| s.team));
        teams.sort_unstable();
        teams.dedup();
        silos.clear();
        silos.extend(teams.iter().map(|&t| org.silos.silo_of(t)));
        silos.sort_unstable();
        silos.dedup();
        let known: Vec<f64> = js.iter().filter_map(|s| s.wait_hours).collect();
        let seam_ratio = (j.steps.len() >= 2).then(|| js.len() as f64 / (j.steps.len() - 1) as f64);
        seams_total += js.len() as f64 * j.volume;
        volume_total += j.volume;
        if !js.is_empty() {
            with_seam += j.volume;
        }
        if let Some(r) = seam_ratio {
            ratio_sum += r * j.volume;
            ratio_volume += j.volume;
        }
        journeys.push(JourneySeams {
            journey: ji,
            kind: j.kind,
            volume: j.volume,
            steps: j.steps.len(),
            distinct_teams: teams.len(),
            distinct_silos: silos.len(),
            seams: js.len(),
            cross_silo_seams: js.iter().filter(|s| s.cross_silo).count(),
            visibility_crossings: js
                .iter()
                .filter(|s| s.crosses_visibility == Some(true))
                .count(),
            max_hierarchy_distance: js.iter().map(|s| s.hierarchy_distance).max(),
            total_seam_wait: (!known.is_empty()).then(|| known.iter().sum()),
            seam_waits_unknown: js.len() - known.len(),
            seam_ratio,
        });
    }
    let by_kind = kind_summaries(&journeys);
    let ranking = rank_journeys(&journeys);
    SeamMetrics {
        seams,
        journeys,
        seams_total,
        journeys_with_seam: with_seam,
        journey_volume: volume_total,
        mean_seams_per_journey: (volume_total > 0.0).then(|| seams_total / volume_total),
        mean_seam_ratio: (ratio_volume > 0.0).then(|| ratio_sum / ratio_volume),
        team_pairs: rank_pairs(team_seams),
        silo_pairs: rank_pairs(silo_seams),
        by_kind,
        ranking,
    }
}

/// The journey ranking, most divided first (docs/output.md, "The journey ranking"): cross-silo
/// seams descending, then seams descending, then volume descending, then id. Returns indices
/// into `journeys`.
///
/// # Complexity
/// O(J log J) for J journeys.
pub fn rank_journeys(journeys: &[JourneySeams]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..journeys.len()).collect();
    order.sort_by(|&x, &y| {
        let (p, q) = (&journeys[x], &journeys[y]);
        q.cross_silo_seams
            .cmp(&p.cross_silo_seams)
            .then(q.seams.cmp(&p.seams))
            .then(q.volume.total_cmp(&p.volume))
            .then(p.journey.cmp(&q.journey))
    });
    order
}

/// Sums the per-journey figures by kind (only the kinds present, customer first).
///
/// seams_per_step = Σ seams × volume / Σ (steps − 1) × volume, and likewise for cross-silo
/// seams; sums run in journey order.
///
/// # Complexity
/// O(J) for J journeys.
fn kind_summaries(journeys: &[JourneySeams]) -> Vec<KindSeams> {
    JourneyKind::ALL
        .iter()
        .filter_map(|&kind| {
            let (mut n, mut seams, mut cross, mut gaps) = (0, 0.0, 0.0, 0.0);
            for j in journeys.iter().filter(|j| j.kind == kind) {
                n += 1;
                seams += j.seams as f64 * j.volume;
                cross += j.cross_silo_seams as f64 * j.volume;
                gaps += j.steps.saturating_sub(1) as f64 * j.volume;
            }
            (n > 0).then(|| KindSeams {
                kind,
                journeys: n,
                seams_total: seams,
                seams_per_step: (gaps > 0.0).then(|| seams / gaps),
                cross_silo_seams_per_step: (gaps > 0.0).then(|| cross / gaps),
            })
        })
        .collect()
}

/// Groups (from, to, weight) triples into pairs sorted by weighted count desc, then from, to.
/// Weights are summed in input order (journey order), so the sums are reproducible.
pub fn rank_pairs(mut items: Vec<(UnitId, UnitId, f64)>) -> Vec<SeamPair> {
    // Stable sort keeps journey order inside a pair, so summation order is fixed.
    items.sort_by_key(|&(a, b, _)| (a, b));
    let mut pairs: Vec<SeamPair> = Vec::new();
    for (a, b, w) in items {
        match pairs.last_mut() {
            Some(p) if p.from == a && p.to == b => {
                p.seams += 1;
                p.weighted_seams += w;
            }
            _ => pairs.push(SeamPair {
                from: a,
                to: b,
                seams: 1,
                weighted_seams: w,
            }),
        }
    }
    pairs.sort_by(|p, q| {
        q.weighted_seams
            .total_cmp(&p.weighted_seams)
            .then(p.from.cmp(&q.from))
            .then(p.to.cmp(&q.to))
    });
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::org_from_csv;

    const TEAMS: &str = "id,name,parent\nhq,HQ,\nsales,Sales,hq\nops,Ops,hq\nhr,HR,hq\nit,IT,hq\n";

    #[test]
    fn kinds_are_summed_apart_customer_first() {
        // Customer c1 (volume 2): sales→ops→sales, 2 seams over 2 gaps.
        // Employee e1 (volume 1): hr→hr→it→it, 1 seam over 3 gaps; e2 (volume 3): hr→it, 1 over 1.
        // Employee: seams_total = 1×1 + 1×3 = 4; seams per step = 4 / (3×1 + 1×3) = 4/6.
        let journeys = "journey,step,team,volume,kind\n\
            e1,1,hr,1,employee\ne1,2,hr,1,Employee\ne1,3,it,1,employee\ne1,4,it,1,employee\n\
            c1,1,sales,2,\nc1,2,ops,2,customer\nc1,3,sales,2,\n\
            e2,1,hr,3,employee\ne2,2,it,3,employee\n";
        let org = org_from_csv(&[("teams.csv", TEAMS), ("journeys.csv", journeys)]);
        let m = journey_seams(&org);
        let kinds: Vec<JourneyKind> = m.by_kind.iter().map(|k| k.kind).collect();
        assert_eq!(kinds, [JourneyKind::Customer, JourneyKind::Employee]);
        let (c, e) = (&m.by_kind[0], &m.by_kind[1]);
        assert_eq!(
            (c.journeys, c.seams_total, c.seams_per_step),
            (1, 4.0, Some(1.0))
        );
        assert_eq!((e.journeys, e.seams_total), (2, 4.0));
        assert!((e.seams_per_step.unwrap() - 4.0 / 6.0).abs() < 1e-12);
        assert!(
            m.journeys
                .iter()
                .filter(|j| j.kind == JourneyKind::Employee)
                .count()
                == 2
        );
    }

    #[test]
    fn journeys_rank_by_cross_silo_seams_then_seams_then_volume_then_id() {
        // Silos are Sales and Ops (ops2, ops3 inside it). a, f: one cross-silo seam, volume 9;
        // b: sales → ops2 → sales, two; c: one cross-silo seam and one inside Ops; d: like a,
        // volume 1; e: one step, no seam.
        let teams =
            "id,name,parent\nhq,HQ,\nsales,Sales,hq\nops,Ops,hq\nops2,Ops 2,ops\nops3,Ops 3,ops\n";
        let journeys = "journey,step,team,volume\n\
            a,1,sales,9\na,2,ops2,9\n\
            b,1,sales,1\nb,2,ops2,1\nb,3,sales,1\n\
            c,1,sales,9\nc,2,ops2,9\nc,3,ops3,9\n\
            d,1,sales,1\nd,2,ops2,1\n\
            e,1,sales,50\n\
            f,1,sales,9\nf,2,ops2,9\n";
        let org = org_from_csv(&[("teams.csv", teams), ("journeys.csv", journeys)]);
        let m = journey_seams(&org);
        let ids: Vec<&str> = m
            .ranking
            .iter()
            .map(|&i| org.export.journeys[m.journeys[i].journey].id.as_str())
            .collect();
        // b crosses twice; c crosses once with two seams; a and f (volume 9) before d (1), a
        // before f by id; e has no seam.
        assert_eq!(ids, ["b", "c", "a", "f", "d", "e"]);
    }

    #[test]
    fn only_the_kinds_present_are_listed() {
        let journeys = "journey,step,team\nc1,1,sales\nc1,2,ops\n";
        let org = org_from_csv(&[("teams.csv", TEAMS), ("journeys.csv", journeys)]);
        let m = journey_seams(&org);
        assert_eq!(m.by_kind.len(), 1);
        assert_eq!(m.by_kind[0].kind, JourneyKind::Customer);
        assert_eq!(m.by_kind[0].seams_per_step, Some(1.0));
    }

    #[test]
    fn a_bad_or_changing_kind_is_an_error() {
        let files = [
            ("teams.csv", TEAMS),
            (
                "journeys.csv",
                "journey,step,team,kind\nc1,1,sales,partner\ne1,1,hr,employee\ne1,2,it,\n",
            ),
        ];
        let files = crate::ExportFiles::memory("test", files.iter().copied());
        let err = match crate::load_from(&files, &crate::model::ModelOptions::default()) {
            Err(crate::SeamsError::InvalidInput(d)) => {
                d.errors().map(|e| format!("{e}\n")).collect::<String>()
            }
            _ => panic!("invalid kinds must be rejected"),
        };
        assert!(err.contains("journeys.csv:2:"), "{err}");
        assert!(err.contains("(expected customer or employee)"), "{err}");
        assert!(err.contains("journeys.csv:4:"), "{err}");
        assert!(err.contains("differs from employee on line 3"), "{err}");
    }
}
