//! Journeys in aggregate (docs/output.md, tables `journey_flow`, `seam_waits`,
//! `seams_per_journey`): how work flows between silos (and teams) along the journeys, where in a
//! journey each silo typically acts, how many seams journeys have, and how long work waits at
//! each pair of silos. The figures behind the seam report's seam map and distributions, all
//! computed in one pass over the journeys' steps.
//!
//! Definitions (journeys of both kinds; `v` is a journey's volume):
//! - a **flow** from A to B at silo level counts consecutive steps whose teams are in silo A then
//!   silo B, A ≠ B (at team level: teams A then B, A ≠ B: the journey's seams). Every journey also
//!   flows from the **customer** to the unit of its first step and from the unit of its last step
//!   back to the customer. `transitions` counts flows unweighted, `volume` = Σ v, `journeys` the
//!   distinct journeys with that flow at least once;
//! - the **position** of step i (0-based) of a journey of n ≥ 2 steps is i / (n − 1) (0 the first
//!   step, 1 the last); a unit's **mean position** is the v-weighted mean over its steps (one-step
//!   journeys have no order and are left out of it);
//! - **seam waits** by silo pair: every seam (consecutive steps by different teams, same-silo
//!   pairs included) with a known wait counts once (unweighted); median and 90th percentile by
//!   linear interpolation between closest ranks (numpy's default: rank q·(k − 1) of k sorted
//!   values);
//! - **seams per journey**: journeys (and their volume) by their number of seams.

use crate::model::Org;
use crate::records::{Party, UnitId};

/// A unit (silo or team) doing steps of the journeys.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowNode {
    /// The silo or team.
    pub unit: UnitId,
    /// Steps it does (unweighted).
    pub steps: usize,
    /// Σ journey volume over its steps.
    pub volume: f64,
    /// v-weighted mean normalised step position in [0, 1]; None when all its steps are in
    /// one-step journeys.
    pub mean_position: Option<f64>,
    /// Σ v over the steps that have a position (the weight of `mean_position`, for combining
    /// units into one).
    pub position_weight: f64,
    /// Journeys that start with it.
    pub starts: usize,
    /// Journeys that end with it.
    pub ends: usize,
}

/// A flow between two units (or the customer) along the journeys.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// Handing over (the customer for a journey's start).
    pub from: Party,
    /// Receiving (the customer for a journey's end).
    pub to: Party,
    /// Number of times (unweighted).
    pub transitions: usize,
    /// Σ journey volume over them.
    pub volume: f64,
    /// Distinct journeys with this flow.
    pub journeys: usize,
}

/// The flows of one level (silos or teams).
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLevel {
    /// Every unit doing a step, in id order.
    pub nodes: Vec<FlowNode>,
    /// Every flow, by volume descending, then transitions descending, then from, then to
    /// (the customer before units, units in id order).
    pub flows: Vec<Flow>,
}

/// Waits at the seams between two silos.
#[derive(Debug, Clone, PartialEq)]
pub struct SeamWait {
    /// Silo handing over.
    pub from: UnitId,
    /// Silo receiving (equal to `from` for seams inside a silo).
    pub to: UnitId,
    /// Seams between them (unweighted).
    pub seams: usize,
    /// Of them, with a known wait.
    pub known: usize,
    /// Median known wait in hours; None when no wait is known.
    pub median_hours: Option<f64>,
    /// 90th percentile of the known waits in hours; None when no wait is known.
    pub p90_hours: Option<f64>,
}

/// One bar of the seams-per-journey distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct SeamCount {
    /// Number of seams.
    pub seams: usize,
    /// Journeys with exactly that many seams.
    pub journeys: usize,
    /// Their summed volume.
    pub volume: f64,
}

/// The journeys-in-aggregate family.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JourneyFlow {
    /// Flows between silos.
    pub silos: FlowLevel,
    /// Flows between teams.
    pub teams: FlowLevel,
    /// Seam waits per directed silo pair, by seams descending, then from, then to.
    pub seam_waits: Vec<SeamWait>,
    /// Journeys by number of seams, ascending, only counts that occur.
    pub seams_per_journey: Vec<SeamCount>,
}

/// The `q` quantile (0 ≤ q ≤ 1) of `sorted` (ascending) by linear interpolation between closest
/// ranks (numpy's default); None when empty.
///
/// # Examples
/// ```
/// use seams::metrics::journey_flow::quantile;
/// assert_eq!(quantile(&[1.0, 2.0, 4.0, 10.0], 0.5), Some(3.0));
/// // Rank 0.9 × 3 = 2.7: 4 + 0.7 × (10 − 4).
/// let p90 = quantile(&[1.0, 2.0, 4.0, 10.0], 0.9).unwrap();
/// assert!((p90 - 8.2).abs() < 1e-12);
/// ```
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let t = rank - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * t)
}

/// Accumulates one level.
struct LevelBuilder {
    steps: Vec<usize>,
    volume: Vec<f64>,
    pos_sum: Vec<f64>,
    pos_weight: Vec<f64>,
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// (from, to, journey, volume) of every flow, in journey order.
    flows: Vec<(Party, Party, usize, f64)>,
}

impl LevelBuilder {
    fn new(units: usize) -> LevelBuilder {
        LevelBuilder {
            steps: vec![0; units],
            volume: vec![0.0; units],
            pos_sum: vec![0.0; units],
            pos_weight: vec![0.0; units],
            starts: vec![0; units],
            ends: vec![0; units],
            flows: Vec::new(),
        }
    }

    /// One journey, given the unit of each step.
    fn journey(&mut self, ji: usize, v: f64, units: impl Iterator<Item = UnitId> + Clone) {
        let n = units.clone().count();
        let mut prev: Option<UnitId> = None;
        for (i, u) in units.enumerate() {
            let k = u as usize;
            self.steps[k] += 1;
            self.volume[k] += v;
            if n >= 2 {
                self.pos_sum[k] += v * i as f64 / (n - 1) as f64;
                self.pos_weight[k] += v;
            }
            match prev {
                None => {
                    self.starts[k] += 1;
                    self.flows.push((Party::Customer, Party::Unit(u), ji, v));
                }
                Some(p) if p != u => self.flows.push((Party::Unit(p), Party::Unit(u), ji, v)),
                Some(_) => {}
            }
            prev = Some(u);
        }
        if let Some(p) = prev {
            self.ends[p as usize] += 1;
            self.flows.push((Party::Unit(p), Party::Customer, ji, v));
        }
    }

    fn finish(mut self) -> FlowLevel {
        let nodes = (0..self.steps.len())
            .filter(|&k| self.steps[k] > 0)
            .map(|k| FlowNode {
                unit: k as UnitId,
                steps: self.steps[k],
                volume: self.volume[k],
                mean_position: (self.pos_weight[k] > 0.0)
                    .then(|| self.pos_sum[k] / self.pos_weight[k]),
                position_weight: self.pos_weight[k],
                starts: self.starts[k],
                ends: self.ends[k],
            })
            .collect();
        // Stable: journey order inside a pair, so sums and distinct counts are reproducible.
        self.flows.sort_by_key(|f| (f.0, f.1));
        let mut flows: Vec<Flow> = self
            .flows
            .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
            .map(|c| Flow {
                from: c[0].0,
                to: c[0].1,
                transitions: c.len(),
                volume: c.iter().map(|f| f.3).sum(),
                journeys: 1 + c.windows(2).filter(|w| w[0].2 != w[1].2).count(),
            })
            .collect();
        flows.sort_by(|a, b| {
            b.volume
                .total_cmp(&a.volume)
                .then(b.transitions.cmp(&a.transitions))
                .then(a.from.cmp(&b.from))
                .then(a.to.cmp(&b.to))
        });
        FlowLevel { nodes, flows }
    }
}

/// Computes the journeys-in-aggregate family.
///
/// # Returns
/// [`JourneyFlow`], every list sorted as documented on its field.
///
/// # Complexity
/// One pass over the S steps of all journeys, then sorts: O(S log S) time, O(S + U) space for U
/// units.
///
/// # Determinism
/// Journeys are read in id order; pairs are sorted stably, so sums run in journey order.
///
/// # Examples
/// ```no_run
/// use seams::model::ModelOptions;
/// let (org, _) = seams::load("sample-data".as_ref(), &ModelOptions::default()).unwrap();
/// let f = seams::metrics::journey_flow::journey_flow(&org);
/// let starts: usize = f.silos.nodes.iter().map(|n| n.starts).sum();
/// assert_eq!(starts, org.export.journeys.len());
/// ```
pub fn journey_flow(org: &Org) -> JourneyFlow {
    let e = &org.export;
    let units = e.units.len();
    let mut silos = LevelBuilder::new(units);
    let mut teams = LevelBuilder::new(units);
    let mut waits: Vec<(UnitId, UnitId, Option<f64>)> = Vec::new();
    let mut per_journey: Vec<(usize, f64)> = Vec::with_capacity(e.journeys.len());
    for (ji, j) in e.journeys.iter().enumerate() {
        let v = j.volume;
        teams.journey(ji, v, j.steps.iter().map(|s| s.team));
        silos.journey(ji, v, j.steps.iter().map(|s| org.silos.silo_of(s.team)));
        let mut seams = 0;
        for w in j.steps.windows(2) {
            if w[0].team != w[1].team {
                seams += 1;
                waits.push((
                    org.silos.silo_of(w[0].team),
                    org.silos.silo_of(w[1].team),
                    w[1].wait_hours,
                ));
            }
        }
        per_journey.push((seams, v));
    }

    waits.sort_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then(
            a.2.unwrap_or(f64::INFINITY)
                .total_cmp(&b.2.unwrap_or(f64::INFINITY)),
        )
    });
    let mut seam_waits: Vec<SeamWait> = waits
        .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
        .map(|c| {
            let known: Vec<f64> = c.iter().filter_map(|w| w.2).collect();
            SeamWait {
                from: c[0].0,
                to: c[0].1,
                seams: c.len(),
                known: known.len(),
                median_hours: quantile(&known, 0.5),
                p90_hours: quantile(&known, 0.9),
            }
        })
        .collect();
    seam_waits.sort_by(|a, b| {
        b.seams
            .cmp(&a.seams)
            .then(a.from.cmp(&b.from))
            .then(a.to.cmp(&b.to))
    });

    per_journey.sort_by_key(|p| p.0);
    let seams_per_journey = per_journey
        .chunk_by(|x, y| x.0 == y.0)
        .map(|c| SeamCount {
            seams: c[0].0,
            journeys: c.len(),
            volume: c.iter().map(|p| p.1).sum(),
        })
        .collect();

    JourneyFlow {
        silos: silos.finish(),
        teams: teams.finish(),
        seam_waits,
        seams_per_journey,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::org_from_csv;

    /// Company `co`; silo `s1` with teams a, b; silo `s2` with team c.
    ///
    /// j1 (volume 2): a, b, c, a — waits before steps 2–4: 1, 3, 5 h
    /// j2 (volume 1): a, c, c    — waits 2, (none)
    /// j3 (volume 1): c          — one step
    fn org() -> Org {
        org_from_csv(&[
            (
                "teams.csv",
                "id,parent\nco,\ns1,co\ns2,co\na,s1\nb,s1\nc,s2\n",
            ),
            (
                "journeys.csv",
                "journey,step,team,wait_hours,volume\n\
             j1,1,a,,2\nj1,2,b,1,2\nj1,3,c,3,2\nj1,4,a,5,2\n\
             j2,1,a,,1\nj2,2,c,2,1\nj2,3,c,,1\n\
             j3,1,c,,1\n",
            ),
        ])
    }

    fn id(o: &Org, s: &str) -> UnitId {
        o.export.units.iter().position(|u| u.id == s).unwrap() as UnitId
    }

    #[test]
    fn flows_positions_waits_and_counts_by_hand() {
        let o = org();
        let f = journey_flow(&o);
        let (a, b, c, s1, s2) = (
            id(&o, "a"),
            id(&o, "b"),
            id(&o, "c"),
            id(&o, "s1"),
            id(&o, "s2"),
        );
        let u = Party::Unit;
        let cu = Party::Customer;

        // Silo level. j1: s1 s1 s2 s1 → cust→s1, s1→s2, s2→s1, s1→cust (each ×2 volume);
        // j2: s1 s2 s2 → cust→s1, s1→s2, s2→cust; j3: s2 → cust→s2, s2→cust.
        let flows: Vec<(Party, Party, usize, f64, usize)> = f
            .silos
            .flows
            .iter()
            .map(|x| (x.from, x.to, x.transitions, x.volume, x.journeys))
            .collect();
        assert_eq!(
            flows,
            vec![
                (cu, u(s1), 2, 3.0, 2),
                (u(s1), u(s2), 2, 3.0, 2),
                (u(s2), cu, 2, 2.0, 2),
                (u(s1), cu, 1, 2.0, 1),
                (u(s2), u(s1), 1, 2.0, 1),
                (cu, u(s2), 1, 1.0, 1),
            ]
        );
        // Positions. s1: j1 steps 0, 1, 3 of 4 (0, 1/3, 1) ×2, j2 step 0 ×1:
        // (2·(0 + 1/3 + 1) + 0) / (2·3 + 1) = (8/3) / 7 = 8/21.
        // s2: j1 step 2 (2/3) ×2, j2 steps 1, 2 (1/2, 1) ×1, j3 none:
        // (4/3 + 3/2) / 4 = 17/24.
        let s1n = &f.silos.nodes[0];
        assert_eq!((s1n.unit, s1n.steps, s1n.volume), (s1, 4, 7.0));
        assert!((s1n.mean_position.unwrap() - 8.0 / 21.0).abs() < 1e-12);
        assert_eq!((s1n.starts, s1n.ends), (2, 1));
        let s2n = &f.silos.nodes[1];
        assert_eq!((s2n.unit, s2n.steps, s2n.volume), (s2, 4, 5.0));
        assert!((s2n.mean_position.unwrap() - 17.0 / 24.0).abs() < 1e-12);
        assert_eq!(s2n.position_weight, 4.0);
        assert_eq!((s2n.starts, s2n.ends), (1, 2));

        // Team level: seams a→b, b→c, c→a (j1 ×2), a→c (j2).
        let team: Vec<(Party, Party, f64)> = f
            .teams
            .flows
            .iter()
            .map(|x| (x.from, x.to, x.volume))
            .collect();
        assert_eq!(
            team,
            vec![
                (cu, u(a), 3.0),
                (u(c), cu, 2.0),
                (u(a), cu, 2.0),
                (u(a), u(b), 2.0),
                (u(b), u(c), 2.0),
                (u(c), u(a), 2.0),
                (cu, u(c), 1.0),
                (u(a), u(c), 1.0),
            ]
        );
        assert_eq!(f.teams.nodes.len(), 3);

        // Seam waits: s1→s1 (a→b: 1), s1→s2 (b→c: 3, a→c: 2), s2→s1 (c→a: 5).
        let w = |i: usize| {
            let x = &f.seam_waits[i];
            (x.from, x.to, x.seams, x.median_hours, x.p90_hours)
        };
        assert_eq!(f.seam_waits.len(), 3);
        assert_eq!(w(0), (s1, s2, 2, Some(2.5), Some(2.9)));
        assert_eq!(w(1), (s1, s1, 1, Some(1.0), Some(1.0)));
        assert_eq!(w(2), (s2, s1, 1, Some(5.0), Some(5.0)));

        // Seams per journey: j3 0, j2 1, j1 3.
        let h: Vec<(usize, usize, f64)> = f
            .seams_per_journey
            .iter()
            .map(|x| (x.seams, x.journeys, x.volume))
            .collect();
        assert_eq!(h, vec![(0, 1, 1.0), (1, 1, 1.0), (3, 1, 2.0)]);
    }

    #[test]
    fn quantiles() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile(&[1.0, 3.0], 0.5), Some(2.0));
        let q = quantile(&[0.0, 10.0, 20.0, 30.0, 40.0, 50.0], 0.9).unwrap();
        assert!((q - 45.0).abs() < 1e-12);
    }
}
