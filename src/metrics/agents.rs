//! Change agents (docs/output.md, "Change agents"): the few teams that together reach most of
//! the organisation within one handoff, so a transformation carried by them is heard
//! everywhere.
//!
//! Greedy maximum coverage on the undirected handoff graph: a team *covers* itself and every
//! team it exchanges work with (either direction, volume > 0). Each pick adds the team that
//! covers the most teams not yet covered. When K ≥ the number of silos that have teams in
//! the graph, at least one agent is picked in every such silo: once the picks left equal the
//! silos still without an agent, only teams of those silos are candidates. Ties: more
//! cross-silo handoff volume first, then unit id. The greedy choice is within a factor
//! 1 − 1/e of the best cover of that size (Nemhauser, Wolsey & Fisher, 1978).

use serde::Serialize;

use crate::model::Org;
use crate::records::UnitId;

/// One picked change agent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ChangeAgent {
    /// The team (unit).
    pub unit: UnitId,
    /// Its silo.
    pub silo: UnitId,
    /// Teams newly covered by this pick.
    pub newly_covered: usize,
    /// Teams covered after this pick (cumulative).
    pub covered: usize,
    /// Its handoff volume with teams of other silos (both directions).
    pub cross_silo_volume: f64,
}

/// The change-agent set.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ChangeAgents {
    /// The picks, in pick order.
    pub agents: Vec<ChangeAgent>,
    /// Teams of the handoff graph.
    pub teams: usize,
    /// Covered / teams (None for an empty graph).
    pub share_covered: Option<f64>,
}

/// Picks `k` change agents.
///
/// # Complexity
/// O(k · (n + m)) time for n teams and m undirected edges (each pick rescans the gains), O(n)
/// extra space.
///
/// # Determinism
/// Ties by cross-silo volume (summed in CSR order), then unit id.
pub fn change_agents(org: &Org, k: usize) -> ChangeAgents {
    let g = &org.handoffs;
    let n = g.node_count();
    let silo = |v: u32| org.silos.silo_of(g.unit(v));
    let cross: Vec<f64> = (0..n as u32)
        .map(|v| {
            g.neighbors(v)
                .iter()
                .zip(g.neighbor_weights(v))
                .filter(|(&w, _)| silo(w) != silo(v))
                .map(|(_, &x)| x)
                .sum()
        })
        .collect();
    let mut silos: Vec<UnitId> = (0..n as u32).map(silo).collect();
    silos.sort_unstable();
    silos.dedup();
    let must_cover_silos = k >= silos.len();
    let mut silo_has_agent = vec![false; silos.len()];
    let silo_index = |s: UnitId| silos.binary_search(&s).expect("silo of a node");
    let mut covered = vec![false; n];
    let mut picked = vec![false; n];
    let mut covered_count = 0usize;
    let mut agents = Vec::new();
    for pick in 0..k.min(n) {
        let missing = silo_has_agent.iter().filter(|&&h| !h).count();
        let restrict = must_cover_silos && k - pick <= missing;
        let mut best: Option<(usize, u32)> = None;
        for v in 0..n as u32 {
            if picked[v as usize] || (restrict && silo_has_agent[silo_index(silo(v))]) {
                continue;
            }
            let gain = usize::from(!covered[v as usize])
                + g.neighbors(v)
                    .iter()
                    .filter(|&&w| !covered[w as usize])
                    .count();
            let better = match best {
                None => true,
                Some((bg, bv)) => {
                    gain > bg
                        || (gain == bg
                            && (cross[v as usize] > cross[bv as usize]
                                || (cross[v as usize] == cross[bv as usize]
                                    && g.unit(v) < g.unit(bv))))
                }
            };
            if better {
                best = Some((gain, v));
            }
        }
        let Some((gain, v)) = best else { break };
        picked[v as usize] = true;
        for w in std::iter::once(v).chain(g.neighbors(v).iter().copied()) {
            if !covered[w as usize] {
                covered[w as usize] = true;
                covered_count += 1;
            }
        }
        silo_has_agent[silo_index(silo(v))] = true;
        agents.push(ChangeAgent {
            unit: g.unit(v),
            silo: silo(v),
            newly_covered: gain,
            covered: covered_count,
            cross_silo_volume: cross[v as usize],
        });
    }
    ChangeAgents {
        agents,
        teams: n,
        share_covered: (n > 0).then(|| covered_count as f64 / n as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::org_from_csv;

    // Silo x: x1 – x2 – x3 (a path) and x1 – y1; silo y: y1 – y2, y1 – y3.
    const TEAMS: &str = "id,parent\nx,\ny,\nx1,x\nx2,x\nx3,x\ny1,y\ny2,y\ny3,y\n";
    const HANDOFFS: &str = "from,to,volume\nx1,x2,5\nx2,x3,5\nx1,y1,2\ny1,y2,1\ny3,y1,1\n";

    #[test]
    fn greedy_cover_with_one_agent_per_silo() {
        let org = org_from_csv(&[("teams.csv", TEAMS), ("handoffs.csv", HANDOFFS)]);
        let unit = |id: &str| org.export.unit_id(id).unwrap();
        // Gains: y1 covers {y1, x1, y2, y3} = 4; x1 covers {x1, x2, y1} = 3; x2 covers 3.
        let one = change_agents(&org, 1);
        assert_eq!(one.agents.len(), 1);
        assert_eq!(one.agents[0].unit, unit("y1"));
        assert_eq!(one.agents[0].newly_covered, 4);
        // K = 2 ≥ 2 silos: the second pick must be in silo x. x2 adds {x2, x3} = 2 (x1 adds
        // only x2 = 1).
        let two = change_agents(&org, 2);
        assert_eq!(two.agents[1].unit, unit("x2"));
        assert_eq!(two.agents[1].covered, 6);
        assert_eq!(two.share_covered, Some(1.0));
        assert_eq!(two.agents[0].cross_silo_volume, 2.0);
    }

    #[test]
    fn ties_by_cross_silo_volume_then_id() {
        // a1 – b1 and a2 – a3: every team covers 2; a1 and b1 have cross-silo volume.
        let org = org_from_csv(&[
            ("teams.csv", "id,parent\na,\nb,\na1,a\na2,a\na3,a\nb1,b\n"),
            ("handoffs.csv", "from,to,volume\na1,b1,1\na2,a3,9\n"),
        ]);
        let m = change_agents(&org, 1);
        assert_eq!(m.agents[0].unit, org.export.unit_id("a1").unwrap());
    }

    #[test]
    fn empty_graph() {
        let org = org_from_csv(&[("teams.csv", "id,parent\na,\n")]);
        let m = change_agents(&org, 3);
        assert!(m.agents.len() <= 1);
    }
}
