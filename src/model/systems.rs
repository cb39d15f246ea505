//! The systems and their dependencies as a petgraph graph: the structural view of the
//! technical side of the organisation (which system depends on which), read by the Conway
//! family and by the views that follow dependency paths.
//!
//! Node `i` is system `i` of [`Export::systems`] (id order); edge weights index
//! [`Export::dependencies`]. The handoff graph, which is large and read by the hot kernels,
//! stays in the compact CSR arrays of [`super::HandoffGraph`]; this graph is small (one node
//! per system, one edge per distinct dependency), so petgraph's algorithms fit it directly.

use petgraph::graph::{DiGraph, Neighbors, NodeIndex};
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
    /// O(S) to set up, then as [`Linker::groups`]. To group many member sets of one graph,
    /// make one [`Linker`] with [`SystemGraph::linker`] and reuse it.
    pub fn linked_groups(&self, members: &[SystemId]) -> Vec<u32> {
        self.linker().groups(members)
    }

    /// Scratch space for [`Linker::groups`], sized once for this graph (O(S) memory).
    pub fn linker(&self) -> Linker<'_> {
        let n = self.graph.node_count();
        Linker {
            graph: &self.graph,
            index: vec![UNSEEN; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            scc: vec![UNSEEN; n],
            member: vec![UNSEEN; n],
            touched: Vec::new(),
        }
    }
}

const UNSEEN: u32 = u32::MAX;

/// Groups member sets of one [`SystemGraph`] by dependency paths
/// ([`SystemGraph::linked_groups`]), reusing its scratch arrays between calls.
#[derive(Debug)]
pub struct Linker<'g> {
    graph: &'g DiGraph<(), u32, u32>,
    /// Tarjan's discovery index of each visited system, `UNSEEN` otherwise.
    index: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    /// The strongly connected component of each visited system (numbered as they complete).
    scc: Vec<u32>,
    /// The position of each system in `members`, `UNSEEN` for other systems.
    member: Vec<u32>,
    /// Systems whose scratch entries must be reset after a call.
    touched: Vec<u32>,
}

impl Linker<'_> {
    /// The group number of each member, as [`SystemGraph::linked_groups`].
    ///
    /// The algorithm: the strongly connected components of the part of the graph the members
    /// reach (Tarjan, iterative) complete sinks first. A component holding members unites
    /// them (they reach each other) with every member group it reaches; a component without
    /// members only passes on the groups it reaches, because two members that merely reach a
    /// common system are not linked. A member reaching another through a chain of members is
    /// linked to it through the first member on the chain, so following each component's
    /// first members reached is enough.
    ///
    /// # Complexity
    /// O(R + E_R + H) for the R systems and E_R dependencies reachable from the members, where
    /// H is the total size of the member groups passed on by member-less components (at most
    /// M per component; in practice a few). Scratch entries are reset in O(R).
    pub fn groups(&mut self, members: &[SystemId]) -> Vec<u32> {
        let m = members.len();
        let mut uf = UnionFind::<u32>::new(m);
        for (i, &s) in members.iter().enumerate() {
            match self.member[s as usize] {
                // A system listed twice is one member: its two positions share a group.
                UNSEEN => self.member[s as usize] = i as u32,
                first => {
                    uf.union(first, i as u32);
                }
            }
        }
        // Per completed component: the member it holds (any one), or the member groups it
        // reaches through member-less paths.
        let mut holder: Vec<u32> = Vec::new();
        let mut reaches: Vec<Vec<u32>> = Vec::new();
        let mut counter = 0u32;
        let mut stack: Vec<u32> = Vec::new();
        let mut calls: Vec<(u32, Neighbors<'_, u32, u32>)> = Vec::new();
        let graph = self.graph;
        for &start in members {
            if self.index[start as usize] != UNSEEN {
                continue;
            }
            let mut enter = Some(start);
            loop {
                if let Some(w) = enter.take() {
                    let wi = w as usize;
                    self.index[wi] = counter;
                    self.low[wi] = counter;
                    counter += 1;
                    self.on_stack[wi] = true;
                    self.touched.push(w);
                    stack.push(w);
                    calls.push((w, graph.neighbors(NodeIndex::new(wi))));
                }
                let Some((v, next)) = calls.last_mut() else {
                    break;
                };
                let v = *v as usize;
                if let Some(w) = next.next() {
                    let w = w.index();
                    if self.index[w] == UNSEEN {
                        enter = Some(w as u32);
                    } else if self.on_stack[w] {
                        self.low[v] = self.low[v].min(self.index[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    self.low[u as usize] = self.low[u as usize].min(self.low[v]);
                }
                if self.low[v] != self.index[v] {
                    continue;
                }
                // v is the root of a component: pop it and settle its groups.
                let c = holder.len() as u32;
                let first = stack
                    .iter()
                    .rposition(|&x| x as usize == v)
                    .expect("a component's root is on the stack");
                let component: Vec<u32> = stack.drain(first..).collect();
                let mut held = UNSEEN;
                for &x in &component {
                    self.on_stack[x as usize] = false;
                    self.scc[x as usize] = c;
                    let i = self.member[x as usize];
                    if i != UNSEEN {
                        if held == UNSEEN {
                            held = i;
                        } else {
                            uf.union(held, i);
                        }
                    }
                }
                let mut reached: Vec<u32> = Vec::new();
                for &x in &component {
                    for w in graph.neighbors(NodeIndex::new(x as usize)) {
                        let d = self.scc[w.index()];
                        if d == c {
                            continue;
                        }
                        if holder[d as usize] != UNSEEN {
                            reached.push(holder[d as usize]);
                        } else {
                            reached.extend_from_slice(&reaches[d as usize]);
                        }
                    }
                }
                if held != UNSEEN {
                    for &r in &reached {
                        uf.union(held, r);
                    }
                    reached = Vec::new();
                } else {
                    for r in &mut reached {
                        *r = uf.find(*r);
                    }
                    reached.sort_unstable();
                    reached.dedup();
                }
                holder.push(held);
                reaches.push(reached);
            }
        }
        for &x in &self.touched {
            let x = x as usize;
            self.index[x] = UNSEEN;
            self.scc[x] = UNSEEN;
        }
        self.touched.clear();
        for &s in members {
            self.member[s as usize] = UNSEEN;
        }
        let mut number = vec![UNSEEN; m];
        let mut next = 0u32;
        (0..m)
            .map(|i| {
                let root = uf.find(i as u32) as usize;
                if number[root] == UNSEEN {
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
            channel_lists: Vec::new(),
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

    /// The definition, directly: one breadth-first search per member.
    fn linked_groups_by_search(g: &SystemGraph, members: &[SystemId]) -> Vec<u32> {
        let m = members.len();
        let mut uf = UnionFind::<u32>::new(m);
        for (i, &s) in members.iter().enumerate() {
            let mut bfs = petgraph::visit::Bfs::new(&g.graph, node(s));
            while let Some(n) = bfs.next(&g.graph) {
                for (j, &t) in members.iter().enumerate() {
                    if t as usize == n.index() {
                        uf.union(i as u32, j as u32);
                    }
                }
            }
        }
        let mut number = vec![u32::MAX; m];
        let mut next = 0;
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

    #[test]
    fn linked_groups_equal_one_search_per_member() {
        // Random graphs with cycles, chains and shared targets; member sets of every size, with
        // repeats; one linker reused across calls (its scratch must reset).
        let mut rng = crate::rng::Rng::new(7);
        for round in 0..300 {
            let n = 1 + (rng.next_u64() % 30) as usize;
            let edges = (rng.next_u64() % (2 * n as u64 + 1)) as usize;
            let deps: Vec<(u32, u32)> = (0..edges)
                .map(|_| {
                    (
                        (rng.next_u64() % n as u64) as u32,
                        (rng.next_u64() % n as u64) as u32,
                    )
                })
                .filter(|(a, b)| a != b)
                .collect();
            let g = SystemGraph::new(&export(n, &deps));
            let mut linker = g.linker();
            for _ in 0..5 {
                let k = (rng.next_u64() % (n as u64 + 2)) as usize;
                let members: Vec<SystemId> =
                    (0..k).map(|_| (rng.next_u64() % n as u64) as u32).collect();
                assert_eq!(
                    linker.groups(&members),
                    linked_groups_by_search(&g, &members),
                    "round {round}: {deps:?} {members:?}"
                );
            }
        }
    }

    #[test]
    fn empty() {
        let g = SystemGraph::new(&export(0, &[]));
        assert!(g.dependency_cycles().is_empty());
        assert_eq!(g.connected_groups(), (vec![], 0));
    }
}
