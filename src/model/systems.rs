//! The systems and their dependencies as a petgraph graph: the structural view of the
//! technical side of the organisation (which system depends on which), read by the Conway
//! family and by the views that follow dependency paths.
//!
//! Node `i` is system `i` of [`Export::systems`] (id order); edge weights index
//! [`Export::dependencies`]. The handoff graph, which is large and read by the hot kernels,
//! stays in the compact CSR arrays of [`super::HandoffGraph`]; this graph is small (one node
//! per system, one edge per distinct dependency), so petgraph's algorithms fit it directly.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;

use crate::records::{Export, SystemId};

/// The dependency graph of the systems: `from → to` for each distinct dependency.
#[derive(Debug, Clone)]
pub struct SystemGraph {
    graph: DiGraph<(), u32, u32>,
}

impl SystemGraph {
    /// Builds the graph from the validated dependencies (identical and self rows are already
    /// dropped by ingest).
    ///
    /// # Complexity
    /// O(S + D) time and space.
    pub fn new(export: &Export) -> SystemGraph {
        let mut graph = DiGraph::with_capacity(export.systems.len(), export.dependencies.len());
        for _ in &export.systems {
            graph.add_node(());
        }
        for (i, d) in export.dependencies.iter().enumerate() {
            graph.add_edge(node(d.from), node(d.to), i as u32);
        }
        SystemGraph { graph }
    }

    /// The petgraph graph (node index = [`SystemId`], edge weight = index of the dependency).
    pub fn graph(&self) -> &DiGraph<(), u32, u32> {
        &self.graph
    }

    /// Number of systems.
    pub fn system_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Every dependency as `(from, to)`, in the order of [`Export::dependencies`].
    pub fn dependencies(&self) -> impl Iterator<Item = (SystemId, SystemId)> + '_ {
        self.graph.edge_references().map(|e| {
            (
                e.source().index() as SystemId,
                e.target().index() as SystemId,
            )
        })
    }

    /// The systems that depend on each other in a cycle: the strongly connected components of
    /// more than one system (petgraph's Tarjan), each sorted by system id, the components in
    /// order of their smallest id.
    ///
    /// # Complexity
    /// O(S + D).
    pub fn dependency_cycles(&self) -> Vec<Vec<SystemId>> {
        let mut cycles: Vec<Vec<SystemId>> = petgraph::algo::tarjan_scc(&self.graph)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut c: Vec<SystemId> = c.into_iter().map(|n| n.index() as SystemId).collect();
                c.sort_unstable();
                c
            })
            .collect();
        cycles.sort_unstable();
        cycles
    }

    /// The groups of systems connected by a dependency path in either direction (the weakly
    /// connected components). Returns each system's group number, groups numbered 0, 1, … in
    /// order of their smallest system id, and the number of groups.
    ///
    /// # Complexity
    /// O((S + D) α(S)) with petgraph's union-find.
    pub fn connected_groups(&self) -> (Vec<u32>, usize) {
        let n = self.graph.node_count();
        let mut uf = UnionFind::<u32>::new(n);
        for e in self.graph.edge_references() {
            uf.union(e.source().index() as u32, e.target().index() as u32);
        }
        let mut number = vec![u32::MAX; n];
        let mut group = vec![0u32; n];
        let mut count = 0usize;
        for (s, g) in group.iter_mut().enumerate() {
            let root = uf.find(s as u32) as usize;
            if number[root] == u32::MAX {
                number[root] = count as u32;
                count += 1;
            }
            *g = number[root];
        }
        (group, count)
    }
}

impl SystemGraph {
    /// Groups `members` by dependency paths: two members are linked when one reaches the
    /// other along dependency arrows (a chain `a → … → b` in either direction, through any
    /// systems), and a group is a connected set of linked members. Two systems that only
    /// depend on a common third one (`a → x ← b`) are *not* linked: nothing flows between them
    /// through `x`.
    ///
    /// # Returns
    /// The group number of each member (aligned with `members`), numbered 0, 1, … in order of
    /// the first member of each group.
    ///
    /// # Complexity
    /// O(M · (S + D)) for M members: one breadth-first search (petgraph's `Bfs`) per member.
    pub fn linked_groups(&self, members: &[SystemId]) -> Vec<u32> {
        let m = members.len();
        let mut position = vec![u32::MAX; self.graph.node_count()];
        for (i, &s) in members.iter().enumerate() {
            position[s as usize] = i as u32;
        }
        let mut uf = UnionFind::<u32>::new(m);
        for (i, &s) in members.iter().enumerate() {
            let mut bfs = petgraph::visit::Bfs::new(&self.graph, node(s));
            while let Some(n) = bfs.next(&self.graph) {
                let j = position[n.index()];
                if j != u32::MAX && j as usize != i {
                    uf.union(i as u32, j);
                }
            }
        }
        let mut number = vec![u32::MAX; m];
        let mut next = 0u32;
        (0..m)
            .map(|i| {
                let root = uf.find(i as u32) as usize;
                if number[root] == u32::MAX {
                    number[root] = next;
                    next += 1;
                }
                number[root]
            })
            .collect()
    }
}

fn node(s: SystemId) -> NodeIndex<u32> {
    NodeIndex::new(s as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Dependency, FilesPresent, HandoffSource, System};

    fn export(systems: usize, deps: &[(u32, u32)]) -> Export {
        Export {
            dir: "mem".into(),
            units: Vec::new(),
            unit_attributes: Vec::new(),
            systems: (0..systems)
                .map(|i| System {
                    id: format!("s{i}"),
                    name: None,
                    owners: Vec::new(),
                    customer_facing: None,
                    holds_customer_data: None,
                    attributes: Vec::new(),
                    line: i as u64 + 2,
                })
                .collect(),
            system_attributes: Vec::new(),
            dependencies: deps
                .iter()
                .map(|&(from, to)| Dependency {
                    from,
                    to,
                    kind: None,
                    line: 0,
                })
                .collect(),
            handoffs: Vec::new(),
            handoff_source: HandoffSource::None,
            handoff_rows: 0,
            journeys: Vec::new(),
            files: FilesPresent::default(),
        }
    }

    #[test]
    fn cycles_and_groups() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 4 a chain; 5 alone.
        let g = SystemGraph::new(&export(6, &[(0, 1), (1, 2), (2, 0), (3, 4)]));
        assert_eq!(g.dependency_cycles(), vec![vec![0, 1, 2]]);
        assert_eq!(g.connected_groups(), (vec![0, 0, 0, 1, 1, 2], 3));
        assert_eq!(
            g.dependencies().collect::<Vec<_>>(),
            vec![(0, 1), (1, 2), (2, 0), (3, 4)]
        );
    }

    #[test]
    fn linked_groups_follow_arrows_not_shared_targets() {
        // 0 → 2 ← 1: 0 and 1 only share a target; 3 → 4 → 5: 3 reaches 5.
        let g = SystemGraph::new(&export(6, &[(0, 2), (1, 2), (3, 4), (4, 5)]));
        assert_eq!(g.linked_groups(&[0, 1, 3, 5]), vec![0, 1, 2, 2]);
        assert_eq!(g.linked_groups(&[5, 3]), vec![0, 0]);
        assert_eq!(g.linked_groups(&[0, 2, 1]), vec![0, 0, 0]);
        assert_eq!(g.linked_groups(&[]), Vec::<u32>::new());
    }

    #[test]
    fn empty() {
        let g = SystemGraph::new(&export(0, &[]));
        assert!(g.dependency_cycles().is_empty());
        assert_eq!(g.connected_groups(), (vec![], 0));
    }
}
