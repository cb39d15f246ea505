//! Distance from the customer (docs/output.md): hops in the undirected handoff graph from a
//! synthetic customer node linked to every customer-facing node and to every node with a
//! customer handoff of merged volume > 0 (either direction). Customer-facing units are at
//! distance 1; units the customer cannot reach are `None` and listed as unreachable.

use serde::Serialize;

use crate::model::Org;
use crate::records::UnitId;

/// Distance figures of one silo, over the silo's handoff-graph nodes.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SiloDistance {
    /// The silo unit.
    pub silo: UnitId,
    /// Nodes in the silo.
    pub nodes: usize,
    /// Mean distance of the reachable nodes (None when none is reachable).
    pub mean: Option<f64>,
    /// Greatest distance of the reachable nodes (None when none is reachable).
    pub max: Option<u32>,
    /// unreachable / nodes (None for a silo with no node).
    pub share_unreachable: Option<f64>,
}

/// The distance family.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DistanceMetrics {
    /// Per node: hops from the customer, None when unreachable.
    pub customer_distance: Vec<Option<u32>>,
    /// Per node: whether the customer is linked to it directly (distance 1).
    pub linked_to_customer: Vec<bool>,
    /// Nodes the customer cannot reach, sorted (= id order).
    pub unreachable: Vec<u32>,
    /// Org-wide greatest distance over the reachable nodes: max_v d(v); None when none is
    /// reachable.
    pub max_distance: Option<u32>,
    /// Org-wide mean distance over the reachable nodes: Σ d(v) / |reachable|; None when none
    /// is reachable.
    pub mean_distance: Option<f64>,
    /// The nodes at the greatest distance, sorted (= id order); empty when none is reachable.
    pub farthest: Vec<u32>,
    /// Per silo, in `org.silos.list()` order.
    pub silos: Vec<SiloDistance>,
    /// Per system (in system order): the least distance of its owners that are nodes; None
    /// for an orphan system or when no owner is reachable.
    pub systems: Vec<Option<u32>>,
}

/// Computes the distance family.
///
/// # Complexity
/// O(n + m): one breadth-first search from the customer over the undirected graph.
///
/// # Determinism
/// BFS distances do not depend on visiting order; tables follow node and silo order.
pub fn customer_distance(org: &Org) -> DistanceMetrics {
    let g = &org.handoffs;
    let n = g.node_count();
    let from_c = g.from_customer_volume();
    let to_c = g.to_customer_volume();
    let linked: Vec<bool> = (0..n)
        .map(|v| {
            let unit = &org.export.units[g.unit(v as u32) as usize];
            unit.customer_facing == Some(true) || from_c[v] > 0.0 || to_c[v] > 0.0
        })
        .collect();
    let mut dist: Vec<Option<u32>> = vec![None; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    for v in 0..n {
        if linked[v] {
            dist[v] = Some(1);
            queue.push(v as u32);
        }
    }
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        let d = dist[v as usize].unwrap_or(0) + 1;
        for &w in g.neighbors(v) {
            if dist[w as usize].is_none() {
                dist[w as usize] = Some(d);
                queue.push(w);
            }
        }
    }
    let unreachable: Vec<u32> = (0..n as u32)
        .filter(|&v| dist[v as usize].is_none())
        .collect();
    let (sum_all, reached) = dist
        .iter()
        .flatten()
        .fold((0u64, 0u64), |(s, c), &d| (s + u64::from(d), c + 1));
    let max_distance = dist.iter().flatten().max().copied();
    let mean_distance = (reached > 0).then(|| sum_all as f64 / reached as f64);
    let farthest: Vec<u32> = match max_distance {
        Some(m) => (0..n as u32)
            .filter(|&v| dist[v as usize] == Some(m))
            .collect(),
        None => Vec::new(),
    };
    // Per silo: index silos by unit for O(n) accumulation.
    let silo_list = org.silos.list();
    let mut slot = vec![usize::MAX; org.export.units.len()];
    for (i, &s) in silo_list.iter().enumerate() {
        slot[s as usize] = i;
    }
    let mut nodes = vec![0usize; silo_list.len()];
    let mut reach = vec![0usize; silo_list.len()];
    let mut sum = vec![0u64; silo_list.len()];
    let mut max: Vec<Option<u32>> = vec![None; silo_list.len()];
    for v in 0..n {
        let s = slot[org.silos.silo_of(g.unit(v as u32)) as usize];
        if s == usize::MAX {
            continue;
        }
        nodes[s] += 1;
        if let Some(d) = dist[v] {
            reach[s] += 1;
            sum[s] += d as u64;
            max[s] = Some(max[s].map_or(d, |m| m.max(d)));
        }
    }
    let silos = silo_list
        .iter()
        .enumerate()
        .map(|(i, &silo)| SiloDistance {
            silo,
            nodes: nodes[i],
            mean: (reach[i] > 0).then(|| sum[i] as f64 / reach[i] as f64),
            max: max[i],
            share_unreachable: (nodes[i] > 0)
                .then(|| (nodes[i] - reach[i]) as f64 / nodes[i] as f64),
        })
        .collect();
    let systems = org
        .export
        .systems
        .iter()
        .map(|s| {
            s.owners
                .iter()
                .filter_map(|&o| g.node(o).and_then(|v| dist[v as usize]))
                .min()
        })
        .collect();
    DistanceMetrics {
        customer_distance: dist,
        linked_to_customer: linked,
        unreachable,
        max_distance,
        mean_distance,
        farthest,
        silos,
        systems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(teams: &str, handoffs: &str) -> Org {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("teams.csv"), teams).unwrap();
        std::fs::write(dir.path().join("handoffs.csv"), handoffs).unwrap();
        let (org, _) = crate::load(dir.path(), &crate::model::ModelOptions::default())
            .unwrap_or_else(|e| panic!("fixture does not load: {e:?}"));
        org
    }

    #[test]
    fn org_wide_distance_by_hand() {
        // customer→a; a→b, b→c, d→c; e alone with f (e→f), unreachable.
        // Undirected: a 1, b 2, c 3, d 4; e and f unreachable.
        // Max 4 (d); mean (1 + 2 + 3 + 4) / 4 = 2.5.
        let o = org(
            "id,parent\nco,\na,co\nb,co\nc,co\nd,co\ne,co\nf,co\n",
            "from,to,volume\ncustomer,a,1\na,b,1\nb,c,1\nd,c,1\ne,f,1\n",
        );
        let d = customer_distance(&o);
        let by_id = |id: &str| {
            let v = (0..o.handoffs.node_count() as u32)
                .find(|&v| o.node_id(v) == id)
                .unwrap();
            d.customer_distance[v as usize]
        };
        assert_eq!(
            ["a", "b", "c", "d", "e", "f"].map(by_id),
            [Some(1), Some(2), Some(3), Some(4), None, None]
        );
        assert_eq!(d.max_distance, Some(4));
        assert_eq!(d.mean_distance, Some(2.5));
        let far: Vec<&str> = d.farthest.iter().map(|&v| o.node_id(v)).collect();
        assert_eq!(far, ["d"]);
        let unreachable: Vec<&str> = d.unreachable.iter().map(|&v| o.node_id(v)).collect();
        assert_eq!(unreachable, ["e", "f"]);
    }

    #[test]
    fn nobody_reachable_gives_none() {
        let o = org("id,parent\nco,\na,co\nb,co\n", "from,to,volume\na,b,1\n");
        let d = customer_distance(&o);
        assert_eq!((d.max_distance, d.mean_distance), (None, None));
        assert!(d.farthest.is_empty());
        assert_eq!(d.unreachable.len(), 2);
    }
}
