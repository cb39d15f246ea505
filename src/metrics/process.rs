//! Process-mining figures of the journeys (docs/output.md): variants, ping-pong journeys and the
//! handover-of-work matrix. They make logs of thousands of cases readable: group the cases
//! that pass through the same teams in the same order, show the cases that bounce back to a
//! team they had left, and count who hands work to whom.
//!
//! Definitions:
//! - a journey's **team sequence** is its steps' teams with consecutive repeats collapsed
//!   (`A A B A` → `A B A`); a **variant** is a distinct team sequence; a **silo variant** is a
//!   distinct **silo sequence** (the steps' silos, consecutive repeats collapsed);
//! - a variant's **share** is its volume / the volume of all journeys; its **seam waits** are,
//!   for each change of team (of silo) along the sequence, the median of the waits recorded
//!   before the receiving step over its journeys (linear interpolation, as
//!   [`super::journey_flow::quantile`]);
//! - a **ping-pong** journey has a team in two separate runs (a team occurring twice in its
//!   sequence: it left and came back);
//! - the **handover-of-work matrix** counts consecutive step pairs by (from, to) team: pm4py's
//!   `discover_handover_of_work_network(beta=0)`. `share` = count / all consecutive pairs of all
//!   journeys (same-team pairs included in the denominator), pm4py's relative value.

use serde::Serialize;

use crate::model::Org;
use crate::records::UnitId;

/// A distinct team (or silo) sequence and the journeys that follow it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// The team sequence (consecutive repeats collapsed); silo ids for a silo variant.
    pub teams: Vec<UnitId>,
    /// Number of journeys with this sequence.
    pub journeys: usize,
    /// Their summed volume.
    pub volume: f64,
    /// volume / Σ volume of all journeys; None when that is 0.
    pub share: Option<f64>,
    /// The first of them in id order (index in `export.journeys`).
    pub example: usize,
    /// Changes of silo along the sequence (the same for every journey of the variant).
    pub cross_silo_seams: usize,
    /// Mean number of seams (changes of team) of its journeys, unweighted: sequence length − 1
    /// for a team variant.
    pub mean_seams: f64,
    /// Per change along the sequence (length − 1 entries), the median known wait in hours
    /// before the receiving step over its journeys; None where no journey records one.
    pub seam_waits: Vec<Option<f64>>,
}

impl Variant {
    /// Changes along the sequence = sequence length − 1: the seams of every journey of a team
    /// variant, the silo changes of a silo variant.
    pub fn seams(&self) -> usize {
        self.teams.len().saturating_sub(1)
    }
}

/// One journey's collapsed sequence, for grouping into variants.
struct Sequence {
    units: Vec<UnitId>,
    /// Wait before the first step of each run after the first.
    waits: Vec<Option<f64>>,
    journey: usize,
    seams: usize,
    cross_silo: usize,
}

/// Groups sequences into variants, by volume descending, then by sequence.
fn group_variants(
    mut sequences: Vec<Sequence>,
    journeys: &[crate::records::Journey],
) -> Vec<Variant> {
    let total: f64 = journeys.iter().map(|j| j.volume).sum();
    // Stable sort: journeys stay in id order inside a group.
    sequences.sort_by(|a, b| a.units.cmp(&b.units));
    let mut variants: Vec<Variant> = Vec::new();
    let mut column: Vec<f64> = Vec::new();
    for group in sequences.chunk_by(|a, b| a.units == b.units) {
        let first = &group[0];
        let volume: f64 = group.iter().map(|s| journeys[s.journey].volume).sum();
        let seam_waits = (0..first.waits.len())
            .map(|k| {
                column.clear();
                column.extend(group.iter().filter_map(|s| s.waits[k]));
                column.sort_by(f64::total_cmp);
                super::journey_flow::quantile(&column, 0.5)
            })
            .collect();
        variants.push(Variant {
            teams: first.units.clone(),
            journeys: group.len(),
            volume,
            share: (total > 0.0).then(|| volume / total),
            example: first.journey,
            cross_silo_seams: first.cross_silo,
            mean_seams: group.iter().map(|s| s.seams as f64).sum::<f64>() / group.len() as f64,
            seam_waits,
        });
    }
    variants.sort_by(|a, b| {
        b.volume
            .total_cmp(&a.volume)
            .then_with(|| a.teams.cmp(&b.teams))
    });
    variants
}

/// A journey that returns to a team it had left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PingPong {
    /// Index of the journey in `export.journeys`.
    pub journey: usize,
    /// Its volume.
    pub volume: f64,
    /// The teams with two or more separate runs, sorted by id.
    pub teams: Vec<UnitId>,
    /// Returns: Σ over those teams of (runs − 1).
    pub returns: usize,
}

/// One cell of the handover-of-work matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handover {
    /// The team handing over.
    pub from: UnitId,
    /// The team receiving (equal to `from` in [`ProcessMetrics::repeats`]).
    pub to: UnitId,
    /// Consecutive step pairs (from, to), unweighted, as pm4py counts them.
    pub count: usize,
    /// The same pairs weighted by journey volume.
    pub volume: f64,
    /// count / [`ProcessMetrics::consecutive_pairs`]; None when there is no pair at all.
    pub share: Option<f64>,
}

/// The process-mining family.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ProcessMetrics {
    /// Variants by volume descending, then by sequence (team ids in order).
    pub variants: Vec<Variant>,
    /// Silo variants, same order (silo ids in order).
    pub silo_variants: Vec<Variant>,
    /// Ping-pong journeys, in journey id order.
    pub ping_pong: Vec<PingPong>,
    /// Number of ping-pong journeys.
    pub ping_pong_journeys: usize,
    /// Their summed volume.
    pub ping_pong_volume: f64,
    /// Cross-team cells of the handover matrix, by count descending, then from, then to.
    pub handover: Vec<Handover>,
    /// Same-team cells (a team followed by itself), same order: pm4py's self arcs.
    pub repeats: Vec<Handover>,
    /// All consecutive step pairs of all journeys (Σ (steps − 1)): the share's denominator.
    pub consecutive_pairs: usize,
}

/// Computes variants, ping-pong journeys and the handover-of-work matrix of the org's journeys.
///
/// # Arguments
/// * `org` - the model; only `org.export.journeys` is read.
///
/// # Returns
/// [`ProcessMetrics`], every list sorted as documented on its field.
///
/// # Complexity
/// O(S log S) time for S steps (sorting sequences and pairs), O(S) space.
///
/// # Determinism
/// Journeys are read in id order and every list is sorted with ties broken by id; volume sums
/// run in journey order.
///
/// # Examples
/// ```no_run
/// use seams::model::ModelOptions;
/// let (org, _) = seams::load("sample-data".as_ref(), &ModelOptions::default()).unwrap();
/// let p = seams::metrics::process::process_mining(&org);
/// let cross: usize = p.handover.iter().map(|h| h.count).sum();
/// let same: usize = p.repeats.iter().map(|h| h.count).sum();
/// assert_eq!(cross + same, p.consecutive_pairs);
/// ```
pub fn process_mining(org: &Org) -> ProcessMetrics {
    let journeys = &org.export.journeys;
    let mut sequences: Vec<Sequence> = Vec::with_capacity(journeys.len());
    let mut silo_sequences: Vec<Sequence> = Vec::with_capacity(journeys.len());
    let mut ping_pong = Vec::new();
    let mut pairs: Vec<(UnitId, UnitId, f64)> = Vec::new();
    let mut seen: Vec<UnitId> = Vec::new();
    for (ji, j) in journeys.iter().enumerate() {
        let mut seq: Vec<UnitId> = Vec::new();
        let mut waits: Vec<Option<f64>> = Vec::new();
        let mut silo_seq: Vec<UnitId> = Vec::new();
        let mut silo_waits: Vec<Option<f64>> = Vec::new();
        for s in &j.steps {
            if seq.last() != Some(&s.team) {
                if !seq.is_empty() {
                    waits.push(s.wait_hours);
                }
                seq.push(s.team);
            }
            let silo = org.silos.silo_of(s.team);
            if silo_seq.last() != Some(&silo) {
                if !silo_seq.is_empty() {
                    silo_waits.push(s.wait_hours);
                }
                silo_seq.push(silo);
            }
        }
        let seams = seq.len().saturating_sub(1);
        let cross_silo = silo_seq.len().saturating_sub(1);
        for w in j.steps.windows(2) {
            pairs.push((w[0].team, w[1].team, j.volume));
        }
        seen.clear();
        seen.extend_from_slice(&seq);
        seen.sort_unstable();
        let mut teams: Vec<UnitId> = Vec::new();
        let mut returns = 0;
        for run in seen.chunk_by(|a, b| a == b) {
            if run.len() > 1 {
                teams.push(run[0]);
                returns += run.len() - 1;
            }
        }
        if !teams.is_empty() {
            ping_pong.push(PingPong {
                journey: ji,
                volume: j.volume,
                teams,
                returns,
            });
        }
        sequences.push(Sequence {
            units: seq,
            waits,
            journey: ji,
            seams,
            cross_silo,
        });
        silo_sequences.push(Sequence {
            units: silo_seq,
            waits: silo_waits,
            journey: ji,
            seams,
            cross_silo,
        });
    }

    let variants = group_variants(sequences, journeys);
    let silo_variants = group_variants(silo_sequences, journeys);

    let consecutive_pairs = pairs.len();
    // Stable sort keeps journey order inside a cell, so volume sums are reproducible.
    pairs.sort_by_key(|&(a, b, _)| (a, b));
    let mut handover: Vec<Handover> = Vec::new();
    let mut repeats: Vec<Handover> = Vec::new();
    for cell in pairs.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (from, to) = (cell[0].0, cell[0].1);
        let h = Handover {
            from,
            to,
            count: cell.len(),
            volume: cell.iter().map(|c| c.2).sum(),
            share: (consecutive_pairs > 0).then(|| cell.len() as f64 / consecutive_pairs as f64),
        };
        if from == to {
            repeats.push(h);
        } else {
            handover.push(h);
        }
    }
    let by_rank = |p: &Handover, q: &Handover| {
        q.count
            .cmp(&p.count)
            .then(p.from.cmp(&q.from))
            .then(p.to.cmp(&q.to))
    };
    handover.sort_by(by_rank);
    repeats.sort_by(by_rank);

    ProcessMetrics {
        variants,
        silo_variants,
        ping_pong_journeys: ping_pong.len(),
        ping_pong_volume: ping_pong.iter().map(|p| p.volume).sum(),
        ping_pong,
        handover,
        repeats,
        consecutive_pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::org_from_csv;
    use crate::model::ModelOptions;

    /// Builds an org from a teams list and journeys given as `journey,step,team[,volume]` lines.
    fn org(teams: &[&str], journeys: &str) -> Org {
        let dir = tempfile::tempdir().unwrap();
        let mut t = String::from("id,parent\n");
        for id in teams {
            t.push_str(&format!("{id},\n"));
        }
        std::fs::write(dir.path().join("teams.csv"), t).unwrap();
        std::fs::write(
            dir.path().join("journeys.csv"),
            format!("journey,step,team,volume\n{journeys}"),
        )
        .unwrap();
        crate::load(dir.path(), &ModelOptions::default()).unwrap().0
    }

    #[test]
    fn variants_ping_pong_and_matrix_by_hand() {
        // j1: a a b a    → sequence a b a (ping-pong: a twice), pairs aa ab ba
        // j2: a b b a    → a b a (same variant),               pairs ab bb ba
        // j3: b c, vol 5 → b c,                                pairs bc
        // j4: c          → c (one step, no pair)
        let o = org(
            &["a", "b", "c"],
            "j1,1,a,1\nj1,2,a,1\nj1,3,b,1\nj1,4,a,1\n\
             j2,1,a,1\nj2,2,b,1\nj2,3,b,1\nj2,4,a,1\n\
             j3,1,b,5\nj3,2,c,5\n\
             j4,1,c,1\n",
        );
        let p = process_mining(&o);
        let (a, b, c) = (0, 1, 2);
        // Variants by volume: b c (5), then a b a (2), then c (1).
        let v: Vec<(Vec<UnitId>, usize, f64)> = p
            .variants
            .iter()
            .map(|v| (v.teams.clone(), v.journeys, v.volume))
            .collect();
        assert_eq!(
            v,
            vec![
                (vec![b, c], 1, 5.0),
                (vec![a, b, a], 2, 2.0),
                (vec![c], 1, 1.0)
            ]
        );
        assert_eq!(p.variants[1].example, 0);
        assert_eq!(p.variants[1].seams(), 2);
        // Ping-pong: j1 and j2, each returning to a once.
        assert_eq!(p.ping_pong_journeys, 2);
        assert_eq!(p.ping_pong[0].teams, vec![a]);
        assert_eq!(p.ping_pong[1].returns, 1);
        // Pairs: 3 + 3 + 1 = 7. Cross: ab 2, ba 2, bc 1 (volume 5). Same: aa 1, bb 1.
        assert_eq!(p.consecutive_pairs, 7);
        let cells: Vec<(UnitId, UnitId, usize, f64)> = p
            .handover
            .iter()
            .map(|h| (h.from, h.to, h.count, h.volume))
            .collect();
        assert_eq!(cells, vec![(a, b, 2, 2.0), (b, a, 2, 2.0), (b, c, 1, 5.0)]);
        assert_eq!(p.handover[0].share, Some(2.0 / 7.0));
        let same: Vec<(UnitId, usize)> = p.repeats.iter().map(|h| (h.from, h.count)).collect();
        assert_eq!(same, vec![(a, 1), (b, 1)]);
    }

    #[test]
    fn variant_ties_break_by_sequence() {
        // Equal volumes: sequences in id order (a c < b).
        let o = org(&["a", "b", "c"], "x,1,b,1\ny,1,a,1\ny,2,c,1\n");
        let p = process_mining(&o);
        assert_eq!(p.variants[0].teams, vec![0, 2]);
        assert_eq!(p.variants[1].teams, vec![1]);
        assert!(p.ping_pong.is_empty());
        assert!(p.handover[0].share == Some(1.0));
    }

    #[test]
    fn silo_variants_shares_and_waits_by_hand() {
        // Silo s1 holds a and b, s2 holds c.
        // j1: a a b c, waits before steps 2–4: 1, 2, 4  → teams a b c, silos s1 s2
        // j2: a b c, waits 3, 6                         → teams a b c, silos s1 s2
        // j3: c a, volume 3, no waits                   → teams c a,   silos s2 s1
        let o = org_from_csv(&[
            (
                "teams.csv",
                "id,parent\nco,\ns1,co\ns2,co\na,s1\nb,s1\nc,s2\n",
            ),
            (
                "journeys.csv",
                "journey,step,team,wait_hours,volume\n\
             j1,1,a,,1\nj1,2,a,1,1\nj1,3,b,2,1\nj1,4,c,4,1\n\
             j2,1,a,,1\nj2,2,b,3,1\nj2,3,c,6,1\n\
             j3,1,c,,3\nj3,2,a,,3\n",
            ),
        ]);
        let id = |s: &str| o.export.units.iter().position(|u| u.id == s).unwrap() as UnitId;
        let p = process_mining(&o);
        // Team variants: c a (volume 3, share 3/5), then a b c (2 journeys, share 2/5).
        assert_eq!(p.variants[0].teams, vec![id("c"), id("a")]);
        assert_eq!(p.variants[0].share, Some(0.6));
        assert_eq!(p.variants[0].seam_waits, vec![None]);
        assert_eq!(p.variants[0].cross_silo_seams, 1);
        let abc = &p.variants[1];
        assert_eq!(abc.teams, vec![id("a"), id("b"), id("c")]);
        assert_eq!((abc.journeys, abc.volume, abc.share), (2, 2.0, Some(0.4)));
        // Waits at a→b: j1 2, j2 3 → 2.5; at b→c: 4, 6 → 5.
        assert_eq!(abc.seam_waits, vec![Some(2.5), Some(5.0)]);
        assert_eq!((abc.cross_silo_seams, abc.mean_seams), (1, 2.0));
        // Silo variants: s2 s1 (3), then s1 s2 (2 journeys, silo change waits 4 and 6 → 5).
        assert_eq!(p.silo_variants.len(), 2);
        assert_eq!(p.silo_variants[0].teams, vec![id("s2"), id("s1")]);
        let s12 = &p.silo_variants[1];
        assert_eq!(s12.teams, vec![id("s1"), id("s2")]);
        assert_eq!((s12.journeys, s12.example, s12.share), (2, 0, Some(0.4)));
        assert_eq!(s12.seam_waits, vec![Some(5.0)]);
        assert_eq!(
            (s12.seams(), s12.cross_silo_seams, s12.mean_seams),
            (1, 1, 2.0)
        );
    }

    #[test]
    fn no_journeys() {
        let o = org(&["a"], "");
        let p = process_mining(&o);
        assert!(p.variants.is_empty() && p.handover.is_empty());
        assert_eq!(p.consecutive_pairs, 0);
    }
}
