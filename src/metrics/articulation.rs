//! Articulation points and bridges of the undirected simple handoff graph (docs/output.md,
//! §5.9): the single points of failure of the organisation's handoffs.
//!
//! A node is an **articulation point** when removing it (with its edges) increases the number of
//! connected components; an edge {a, b} is a **bridge** when removing it does. Found with
//! Hopcroft–Tarjan low-links over an iterative depth-first search (an explicit stack, so a path
//! of millions of nodes cannot overflow the call stack):
//!
//! ```text
//! low(v) = min(disc(v), disc(w) for every back edge v–w, low(c) for every DFS child c)
//! v (not a DFS root) is an articulation point ⇔ some child c has low(c) ≥ disc(v)
//! a DFS root is an articulation point ⇔ it has ≥ 2 DFS children
//! tree edge v–c is a bridge ⇔ low(c) > disc(v)
//! ```
//!
//! The undirected graph is simple (a→b and b→a are one edge, docs/output.md), so skipping the edge
//! back to the DFS parent by node is exact. Isolated nodes are neither.

use crate::model::HandoffGraph;

/// Articulation points and bridges of the undirected handoff graph.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CutStructure {
    /// Articulation points as node indices, ascending (= id order).
    pub articulation_points: Vec<u32>,
    /// Bridges as (a, b) node indices with a < b, ascending by (a, b) (= `from` < `to` by id).
    pub bridges: Vec<(u32, u32)>,
}

/// Marks "no parent" (a DFS root).
const NO_PARENT: u32 = u32::MAX;

/// Articulation points and bridges of the undirected simple handoff graph
/// ([`HandoffGraph::neighbors`]).
///
/// # Arguments
/// * `graph` – the handoff graph; its undirected view is used (customer excluded, docs/output.md).
///
/// # Returns
/// Articulation points ascending; bridges as (a, b) with a < b, ascending by (a, b). Node order
/// is id byte order, so both lists are sorted by id.
///
/// # Complexity
/// O(n + m) time; O(n) memory (five arrays of n `u32`s, including the explicit DFS stack).
///
/// # Determinism
/// Sequential and independent of visiting order: the sets are properties of the graph and are
/// sorted before they are returned.
///
/// # Examples
/// Handoffs a → b and c → b: undirected, a path a – b – c; b cuts it and both edges are bridges.
/// ```
/// # use seams::metrics::articulation::cut_structure;
/// # let dir = tempfile::tempdir().unwrap();
/// # std::fs::write(dir.path().join("teams.csv"), "id,parent\na,\nb,\nc,\n").unwrap();
/// # std::fs::write(dir.path().join("handoffs.csv"), "from,to\na,b\nc,b\n").unwrap();
/// let (org, _) = seams::load(dir.path(), &Default::default()).unwrap();
/// let cuts = cut_structure(&org.handoffs);
/// assert_eq!(cuts.articulation_points, vec![1]); // b
/// assert_eq!(cuts.bridges, vec![(0, 1), (1, 2)]); // a–b, b–c
/// ```
pub fn cut_structure(graph: &HandoffGraph) -> CutStructure {
    let n = graph.node_count();
    let offsets = graph.undirected_offsets();
    let neighbors = graph.undirected_neighbors();
    // disc = 0: not visited yet; discovery times start at 1.
    let mut disc = vec![0u32; n];
    let mut low = vec![0u32; n];
    let mut parent = vec![NO_PARENT; n];
    // Next neighbour position to look at, per node on the stack.
    let mut cursor: Vec<u32> = offsets[..n.min(offsets.len())].to_vec();
    let mut is_cut = vec![false; n];
    let mut bridges = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let mut time = 0u32;
    for root in 0..n {
        if disc[root] != 0 || offsets[root] == offsets[root + 1] {
            continue; // visited, or isolated (neither an articulation point nor on a bridge)
        }
        time += 1;
        disc[root] = time;
        low[root] = time;
        stack.push(root as u32);
        let mut root_children = 0u32;
        while let Some(&v) = stack.last() {
            let v = v as usize;
            let c = cursor[v] as usize;
            if c < offsets[v + 1] as usize {
                cursor[v] += 1;
                let w = neighbors[c] as usize;
                if disc[w] == 0 {
                    parent[w] = v as u32;
                    time += 1;
                    disc[w] = time;
                    low[w] = time;
                    stack.push(w as u32);
                    if v == root {
                        root_children += 1;
                    }
                } else if w as u32 != parent[v] {
                    low[v] = low[v].min(disc[w]);
                }
            } else {
                stack.pop();
                let p = parent[v];
                if p != NO_PARENT {
                    let p = p as usize;
                    low[p] = low[p].min(low[v]);
                    if low[v] > disc[p] {
                        bridges.push((p.min(v) as u32, p.max(v) as u32));
                    }
                    if p != root && low[v] >= disc[p] {
                        is_cut[p] = true;
                    }
                }
            }
        }
        if root_children >= 2 {
            is_cut[root] = true;
        }
    }
    bridges.sort_unstable();
    CutStructure {
        articulation_points: (0..n as u32).filter(|&v| is_cut[v as usize]).collect(),
        bridges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::betweenness::tests::graph;

    fn cuts(n: usize, edges: &[(u32, u32)]) -> CutStructure {
        let e: Vec<(u32, u32, f64)> = edges.iter().map(|&(a, b)| (a, b, 1.0)).collect();
        cut_structure(&graph(n, &e))
    }

    #[test]
    fn path() {
        // 0–1–2–3: the inner nodes cut it, every edge is a bridge. Direction does not matter.
        let c = cuts(4, &[(0, 1), (2, 1), (2, 3)]);
        assert_eq!(c.articulation_points, vec![1, 2]);
        assert_eq!(c.bridges, vec![(0, 1), (1, 2), (2, 3)]);
    }

    #[test]
    fn star() {
        // Centre 2 with leaves 0, 1, 3, 4: the centre is the only articulation point, every
        // spoke a bridge; a→b plus b→a is still one edge.
        let c = cuts(5, &[(2, 0), (0, 2), (2, 1), (3, 2), (2, 4)]);
        assert_eq!(c.articulation_points, vec![2]);
        assert_eq!(c.bridges, vec![(0, 2), (1, 2), (2, 3), (2, 4)]);
    }

    #[test]
    fn cycle_with_a_tail() {
        // Cycle 0–1–2–3–0 with tail 3–4–5: the cycle's edges are on a cycle (no bridges);
        // 3 joins the tail, 4 is inside it; bridges 3–4 and 4–5.
        let c = cuts(6, &[(0, 1), (1, 2), (2, 3), (3, 0), (3, 4), (4, 5)]);
        assert_eq!(c.articulation_points, vec![3, 4]);
        assert_eq!(c.bridges, vec![(3, 4), (4, 5)]);
        // A plain cycle has neither.
        let c = cuts(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        assert_eq!(c, CutStructure::default());
    }

    #[test]
    fn two_triangles_joined_by_an_edge() {
        // Triangles {0,1,2} and {3,4,5} joined by 2–3: 2 and 3 are articulation points, 2–3 the
        // only bridge. The DFS starts at 0, which is not a cut (one DFS child).
        let c = cuts(6, &[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]);
        assert_eq!(c.articulation_points, vec![2, 3]);
        assert_eq!(c.bridges, vec![(2, 3)]);
        // Root is the cut: triangles joined at node 0 (0–1–2–0 and 0–3–4–0).
        let c = cuts(5, &[(0, 1), (1, 2), (2, 0), (0, 3), (3, 4), (4, 0)]);
        assert_eq!(c.articulation_points, vec![0]);
        assert!(c.bridges.is_empty());
    }

    #[test]
    fn isolated_nodes_and_separate_parts() {
        // 0 isolated; 1–2 an edge (bridge, no articulation point); 3–4–5 a path; 6 isolated.
        let c = cuts(7, &[(1, 2), (3, 4), (5, 4)]);
        assert_eq!(c.articulation_points, vec![4]);
        assert_eq!(c.bridges, vec![(1, 2), (3, 4), (4, 5)]);
        assert_eq!(cuts(3, &[]), CutStructure::default());
    }

    #[test]
    fn long_path_does_not_overflow_the_stack() {
        // An iterative DFS: a recursive one would overflow the 2 MiB test-thread stack long
        // before 200,000 levels. Built directly (not through CSV) to keep the test fast.
        let n: u32 = if cfg!(debug_assertions) {
            200_000
        } else {
            1_000_000
        };
        let dir = tempfile::tempdir().unwrap();
        let mut teams = String::from("id,parent\nroot,\n");
        let mut hand = String::from("from,to\n");
        for i in 0..n {
            teams.push_str(&format!("t{i:07},root\n"));
            if i + 1 < n {
                hand.push_str(&format!("t{i:07},t{:07}\n", i + 1));
            }
        }
        std::fs::write(dir.path().join("teams.csv"), teams).unwrap();
        std::fs::write(dir.path().join("handoffs.csv"), hand).unwrap();
        let (org, _) = crate::load(dir.path(), &crate::model::ModelOptions::default()).unwrap();
        let c = cut_structure(&org.handoffs);
        assert_eq!(c.articulation_points.len(), n as usize - 2);
        assert_eq!(c.articulation_points[0], 1);
        assert_eq!(c.bridges.len(), n as usize - 1);
        assert_eq!(c.bridges[n as usize - 2], (n - 2, n - 1));
    }
}
