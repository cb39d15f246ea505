//! Process-mining figures of the journeys (docs/output.md): variants, ping-pong journeys and the
//! handover-of-work matrix. They make logs of thousands of cases readable: group the cases
//! that pass through the same teams in the same order, show the cases that bounce back to a
//! team they had left, and count who hands work to whom.
//!
//! Definitions:
//! - a journey's **team sequence** is its steps' teams with consecutive repeats collapsed
//!   (`A A B A` → `A B A`); a **variant** is a distinct team sequence;
//! - a **ping-pong** journey has a team in two separate runs (a team occurring twice in its
//!   sequence: it left and came back);
//! - the **handover-of-work matrix** counts consecutive step pairs by (from, to) team: pm4py's
//!   `discover_handover_of_work_network(beta=0)`. `share` = count / all consecutive pairs of all
//!   journeys (same-team pairs included in the denominator), pm4py's relative value.

use serde::Serialize;

use crate::model::Org;
use crate::records::UnitId;

/// A distinct team sequence and the journeys that follow it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// The team sequence (consecutive repeats collapsed).
    pub teams: Vec<UnitId>,
    /// Number of journeys with this sequence.
    pub journeys: usize,
    /// Their summed volume.
    pub volume: f64,
    /// The first of them in id order (index in `export.journeys`).
    pub example: usize,
}

impl Variant {
    /// Seams of every journey of this variant: team changes = sequence length − 1.
    pub fn seams(&self) -> usize {
        self.teams.len().saturating_sub(1)
    }
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
    let mut sequences: Vec<(Vec<UnitId>, usize)> = Vec::with_capacity(journeys.len());
    let mut ping_pong = Vec::new();
    let mut pairs: Vec<(UnitId, UnitId, f64)> = Vec::new();
    let mut seen: Vec<UnitId> = Vec::new();
    for (ji, j) in journeys.iter().enumerate() {
        let mut seq: Vec<UnitId> = Vec::new();
        for s in &j.steps {
            if seq.last() != Some(&s.team) {
                seq.push(s.team);
            }
        }
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
        sequences.push((seq, ji));
    }

    // Variants: sort by sequence (stable: journeys stay in id order inside a group).
    sequences.sort_by(|a, b| a.0.cmp(&b.0));
    let mut variants: Vec<Variant> = Vec::new();
    for (seq, ji) in sequences {
        match variants.last_mut() {
            Some(v) if v.teams == seq => {
                v.journeys += 1;
                v.volume += journeys[ji].volume;
            }
            _ => variants.push(Variant {
                teams: seq,
                journeys: 1,
                volume: journeys[ji].volume,
                example: ji,
            }),
        }
    }
    variants.sort_by(|a, b| {
        b.volume
            .total_cmp(&a.volume)
            .then_with(|| a.teams.cmp(&b.teams))
    });

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
    fn no_journeys() {
        let o = org(&["a"], "");
        let p = process_mining(&o);
        assert!(p.variants.is_empty() && p.handover.is_empty());
        assert_eq!(p.consecutive_pairs, 0);
    }
}
