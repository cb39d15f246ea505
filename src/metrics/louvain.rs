//! Louvain community detection and Newman's modularity on the undirected weighted handoff
//! graph (SPEC §3 "Silo", §5.9): the informal structure of the organisation, to compare with
//! its formal silos.
//!
//! The undirected graph is the simple graph of [`HandoffGraph::neighbors`]: the weight of
//! {a, b} is w(a→b) + w(b→a). Everything here is sequential and visits nodes in a fixed order,
//! so results are bit-identical whatever the number of threads.

use crate::model::HandoffGraph;
use crate::rng::Rng;

/// Seed of the node order of [`louvain`]: the order is a part of the result, so it is fixed.
pub const LOUVAIN_SEED: u64 = 0;

/// A level stops the descent when it raises modularity by no more than this (as networkx's
/// `louvain_communities(threshold=1e-7)` does).
const LEVEL_THRESHOLD: f64 = 1e-7;

/// Upper bound on the sweeps of one local-moving phase (a guard against rounding cycles; real
/// graphs converge in a few dozen).
const MAX_SWEEPS: usize = 1000;

/// Newman's modularity Q of a partition of the undirected weighted handoff graph, resolution 1.
///
/// Q = Σ_c [ L_c / m − (d_c / 2m)² ], where m is the total undirected edge weight, L_c the
/// weight of the edges with both ends in community c (each edge once) and d_c the sum of the
/// weighted degrees of c's nodes. Equals networkx `community.modularity(G, partition,
/// weight="weight")` on the undirected graph G with weight(a, b) = w(a→b) + w(b→a).
///
/// # Arguments
/// * `community_of` — a label per node (any `u32`s; equal labels = same community). Isolated
///   nodes add nothing whatever their label.
///
/// # Returns
/// `None` when the graph has no edge (m = 0), else Q in [−1/2, 1).
///
/// # Panics
/// When `community_of.len()` is not the number of nodes.
///
/// # Complexity
/// O(n + m) time (O(n log n) when labels are far larger than n), O(n) extra space.
///
/// # Determinism
/// Sequential sums in node order, then over labels in ascending order.
///
/// # Examples
/// Two triangles {0,1,2} and {3,4,5} joined by the edge 2–3, all weights 1, split in two:
/// m = 7, each side has L = 3 and d = 7, so Q = 2 · (3/7 − (7/14)²) = 5/14.
pub fn modularity(graph: &HandoffGraph, community_of: &[u32]) -> Option<f64> {
    let csr = Csr::of(graph);
    assert_eq!(
        community_of.len(),
        csr.node_count(),
        "one label per node of the handoff graph"
    );
    let (labels, count) = compact_labels(community_of);
    csr_modularity(&csr, &labels, count)
}

/// Communities of the undirected weighted handoff graph by the Louvain method (Blondel et al.
/// 2008), resolution 1, deterministic.
///
/// Local moving: each node, in a fixed order (a shuffle seeded with [`LOUVAIN_SEED`], drawn
/// once per level), moves to the neighbouring community of largest modularity gain
/// ΔQ ∝ w(v, D) − k_v · Σ_tot(D) / 2m, if that beats staying; ties between communities go to
/// the smallest community id. Sweeps repeat over the nodes whose neighbourhood changed until
/// no node moves. Then communities become nodes (aggregation) and the phase repeats until a
/// level raises Q by no more than 1e-7. A final refinement sweep moves single original nodes
/// between the found communities (it can only raise Q).
///
/// # Returns
/// A community label per node, canonical: labels are `0..k` and numbered by their smallest
/// node (community 0 holds node 0, the next new label goes to the first node not in it, …).
/// An isolated node is alone in its own community (as in networkx).
///
/// # Complexity
/// O(m) per sweep, a few sweeps per level, O(log n) levels in practice; O(n + m) space
/// (flat vectors; a neighbour-community weight array with a touched list, no hashing).
///
/// # Determinism
/// Sequential, fixed order, fixed seed: the same graph always gives the same partition,
/// whatever the number of threads.
pub fn louvain(graph: &HandoffGraph) -> Vec<u32> {
    louvain_seeded(graph, LOUVAIN_SEED)
}

/// [`louvain`] with another seed for the node order (for studies of stability; the product
/// uses [`LOUVAIN_SEED`]).
///
/// # Complexity
/// As [`louvain`].
///
/// # Determinism
/// The same (graph, seed) always gives the same partition.
pub fn louvain_seeded(graph: &HandoffGraph, seed: u64) -> Vec<u32> {
    louvain_csr(&Csr::of(graph), seed)
}

/// An undirected weighted graph in CSR form with self-loops held apart. Level 0 borrows the
/// handoff graph's arrays; aggregated levels own theirs.
struct Csr<'a> {
    offsets: std::borrow::Cow<'a, [u32]>,
    targets: std::borrow::Cow<'a, [u32]>,
    weights: std::borrow::Cow<'a, [f64]>,
    /// Weight of each node's self-loop (internal weight of an aggregated community, each
    /// internal edge once); empty = all zero.
    loops: Vec<f64>,
}

impl<'a> Csr<'a> {
    fn of(graph: &'a HandoffGraph) -> Csr<'a> {
        Csr {
            offsets: graph.undirected_offsets().into(),
            targets: graph.undirected_neighbors().into(),
            weights: graph.undirected_weights().into(),
            loops: Vec::new(),
        }
    }

    fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    #[inline]
    fn range(&self, v: usize) -> std::ops::Range<usize> {
        self.offsets[v] as usize..self.offsets[v + 1] as usize
    }

    #[inline]
    fn self_loop(&self, v: usize) -> f64 {
        if self.loops.is_empty() {
            0.0
        } else {
            self.loops[v]
        }
    }

    /// Weighted degrees (a self-loop counts twice, as in networkx).
    fn degrees(&self) -> Vec<f64> {
        (0..self.node_count())
            .map(|v| {
                let mut k = 0.0;
                for &w in &self.weights[self.range(v)] {
                    k += w;
                }
                k + 2.0 * self.self_loop(v)
            })
            .collect()
    }
}

/// Maps arbitrary labels to dense ones `0..count`, in ascending label order.
fn compact_labels(labels: &[u32]) -> (Vec<u32>, usize) {
    let n = labels.len();
    let max = labels.iter().copied().max().map_or(0, |m| m as usize);
    if max < 4 * n + 64 {
        let mut id = vec![u32::MAX; max + 1];
        for &l in labels {
            id[l as usize] = 0;
        }
        let mut count = 0u32;
        for slot in id.iter_mut() {
            if *slot == 0 {
                *slot = count;
                count += 1;
            }
        }
        (labels.iter().map(|&l| id[l as usize]).collect(), count as usize)
    } else {
        let mut distinct = labels.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let dense = labels
            .iter()
            .map(|l| distinct.binary_search(l).expect("label present") as u32)
            .collect();
        (dense, distinct.len())
    }
}

/// Modularity of dense labels `0..count` on `g`; None when g has no edge weight.
fn csr_modularity(g: &Csr, labels: &[u32], count: usize) -> Option<f64> {
    let n = g.node_count();
    let mut internal = vec![0.0f64; count];
    let mut degree = vec![0.0f64; count];
    let mut two_m = 0.0;
    for v in 0..n {
        let c = labels[v] as usize;
        let r = g.range(v);
        let mut k = 0.0;
        for (&u, &w) in g.targets[r.clone()].iter().zip(&g.weights[r]) {
            k += w;
            if (u as usize) > v && labels[u as usize] as usize == c {
                internal[c] += w;
            }
        }
        let l = g.self_loop(v);
        internal[c] += l;
        k += 2.0 * l;
        degree[c] += k;
        two_m += k;
    }
    if two_m <= 0.0 {
        return None;
    }
    let m = two_m / 2.0;
    let mut q = 0.0;
    for c in 0..count {
        let d = degree[c] / two_m;
        q += internal[c] / m - d * d;
    }
    Some(q)
}

/// Scratch of the local-moving phase: weight from the current node to each community, and the
/// communities touched (to clear them in O(degree)).
struct Scratch {
    weight_to: Vec<f64>,
    touched: Vec<u32>,
    dirty: Vec<bool>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            weight_to: vec![0.0; n],
            touched: Vec::new(),
            dirty: vec![false; n],
        }
    }
}

/// Moves single nodes of `g` between communities while some move raises modularity. `comm`
/// and `tot` (sum of degrees per community) are updated in place. Returns the number of moves.
fn local_move(
    g: &Csr,
    k: &[f64],
    two_m: f64,
    comm: &mut [u32],
    tot: &mut [f64],
    order: &[u32],
    s: &mut Scratch,
) -> usize {
    let mut moves = 0;
    s.dirty.iter_mut().for_each(|d| *d = true);
    for _ in 0..MAX_SWEEPS {
        let mut moved_this_sweep = 0;
        for &v in order {
            let v = v as usize;
            if !s.dirty[v] {
                continue;
            }
            s.dirty[v] = false;
            let kv = k[v];
            let r = g.range(v);
            if r.is_empty() {
                continue;
            }
            let c = comm[v];
            let targets = &g.targets[r.clone()];
            for (&u, &w) in targets.iter().zip(&g.weights[r]) {
                let cu = comm[u as usize];
                let slot = &mut s.weight_to[cu as usize];
                if *slot == 0.0 {
                    s.touched.push(cu);
                }
                *slot += w;
            }
            tot[c as usize] -= kv;
            let scale = kv / two_m;
            let mut best = c;
            let mut best_gain = s.weight_to[c as usize] - tot[c as usize] * scale;
            for &d in &s.touched {
                if d == c {
                    continue;
                }
                let gain = s.weight_to[d as usize] - tot[d as usize] * scale;
                // Leaving needs a strict gain; between two destinations, the smaller id wins a tie.
                if gain > best_gain || (best != c && gain == best_gain && d < best) {
                    best = d;
                    best_gain = gain;
                }
            }
            for &d in &s.touched {
                s.weight_to[d as usize] = 0.0;
            }
            s.touched.clear();
            tot[best as usize] += kv;
            if best != c {
                comm[v] = best;
                moved_this_sweep += 1;
                for &u in targets {
                    s.dirty[u as usize] = true;
                }
            }
        }
        moves += moved_this_sweep;
        if moved_this_sweep == 0 {
            break;
        }
    }
    moves
}

/// Renumbers labels `comm` (values < comm.len()) to `0..count` by first occurrence.
fn renumber(comm: &mut [u32]) -> usize {
    let mut id = vec![u32::MAX; comm.len()];
    let mut count = 0u32;
    for c in comm.iter_mut() {
        let slot = &mut id[*c as usize];
        if *slot == u32::MAX {
            *slot = count;
            count += 1;
        }
        *c = *slot;
    }
    count as usize
}

/// The graph of communities: one node per community, edge weights summed, internal weight as
/// a self-loop.
fn aggregate(g: &Csr, comm: &[u32], count: usize) -> Csr<'static> {
    let n = g.node_count();
    let mut start = vec![0u32; count + 1];
    for &c in comm {
        start[c as usize + 1] += 1;
    }
    for c in 0..count {
        start[c + 1] += start[c];
    }
    let mut fill = start.clone();
    let mut members = vec![0u32; n];
    for (v, &c) in comm.iter().enumerate() {
        members[fill[c as usize] as usize] = v as u32;
        fill[c as usize] += 1;
    }
    let mut offsets = Vec::with_capacity(count + 1);
    offsets.push(0u32);
    let mut targets = Vec::new();
    let mut weights = Vec::new();
    let mut loops = vec![0.0; count];
    let mut weight_to = vec![0.0f64; count];
    let mut touched: Vec<u32> = Vec::new();
    for c in 0..count {
        let mut internal = 0.0;
        let mut own_loops = 0.0;
        for &v in &members[start[c] as usize..start[c + 1] as usize] {
            let v = v as usize;
            own_loops += g.self_loop(v);
            let r = g.range(v);
            for (&u, &w) in g.targets[r.clone()].iter().zip(&g.weights[r]) {
                let cu = comm[u as usize];
                if cu as usize == c {
                    internal += w;
                } else {
                    if weight_to[cu as usize] == 0.0 {
                        touched.push(cu);
                    }
                    weight_to[cu as usize] += w;
                }
            }
        }
        // Each internal edge was seen from both ends.
        loops[c] = own_loops + internal / 2.0;
        touched.sort_unstable();
        for &d in &touched {
            targets.push(d);
            weights.push(weight_to[d as usize]);
            weight_to[d as usize] = 0.0;
        }
        touched.clear();
        offsets.push(targets.len() as u32);
    }
    Csr {
        offsets: offsets.into(),
        targets: targets.into(),
        weights: weights.into(),
        loops,
    }
}

/// Louvain on a CSR graph; canonical labels per node.
fn louvain_csr(original: &Csr, seed: u64) -> Vec<u32> {
    let n = original.node_count();
    let mut node_comm: Vec<u32> = (0..n as u32).collect();
    let k0 = original.degrees();
    let mut two_m = 0.0;
    for &k in &k0 {
        two_m += k;
    }
    if n == 0 || two_m <= 0.0 {
        return node_comm;
    }
    let mut rng = Rng::new(seed);
    let mut owned: Option<Csr<'static>> = None;
    let mut q = {
        let singletons: Vec<u32> = (0..n as u32).collect();
        csr_modularity(original, &singletons, n).unwrap_or(0.0)
    };
    loop {
        let g: &Csr = owned.as_ref().unwrap_or(original);
        let ln = g.node_count();
        let k = if owned.is_some() {
            g.degrees()
        } else {
            k0.clone()
        };
        let mut comm: Vec<u32> = (0..ln as u32).collect();
        let mut tot = k.clone();
        let mut order: Vec<u32> = (0..ln as u32).collect();
        rng.shuffle(&mut order);
        let mut scratch = Scratch::new(ln);
        let moves = local_move(g, &k, two_m, &mut comm, &mut tot, &order, &mut scratch);
        if moves == 0 {
            break;
        }
        let count = renumber(&mut comm);
        for c in node_comm.iter_mut() {
            *c = comm[*c as usize];
        }
        let new_q = csr_modularity(g, &comm, count).unwrap_or(q);
        if new_q - q <= LEVEL_THRESHOLD || count == 1 {
            break;
        }
        q = new_q;
        owned = Some(aggregate(g, &comm, count));
    }
    // Refinement: single original nodes between the final communities, in index order.
    let count = renumber(&mut node_comm);
    let mut tot = vec![0.0; n.max(count)];
    for (v, &c) in node_comm.iter().enumerate() {
        tot[c as usize] += k0[v];
    }
    let order: Vec<u32> = (0..n as u32).collect();
    let mut scratch = Scratch::new(n);
    local_move(
        original,
        &k0,
        two_m,
        &mut node_comm,
        &mut tot,
        &order,
        &mut scratch,
    );
    renumber(&mut node_comm);
    node_comm
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CSR graph from undirected edges (a, b, w), a ≠ b, each pair once.
    fn csr(n: usize, edges: &[(u32, u32, f64)]) -> Csr<'static> {
        let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for &(a, b, w) in edges {
            adj[a as usize].push((b, w));
            adj[b as usize].push((a, w));
        }
        let mut offsets = vec![0u32];
        let (mut targets, mut weights) = (Vec::new(), Vec::new());
        for list in &mut adj {
            list.sort_by_key(|e| e.0);
            for &(u, w) in list.iter() {
                targets.push(u);
                weights.push(w);
            }
            offsets.push(targets.len() as u32);
        }
        Csr {
            offsets: offsets.into(),
            targets: targets.into(),
            weights: weights.into(),
            loops: Vec::new(),
        }
    }

    fn two_triangles() -> Csr<'static> {
        csr(
            6,
            &[
                (0, 1, 1.0),
                (0, 2, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
                (3, 5, 1.0),
                (4, 5, 1.0),
            ],
        )
    }

    fn q(g: &Csr, labels: &[u32]) -> Option<f64> {
        let (dense, count) = compact_labels(labels);
        csr_modularity(g, &dense, count)
    }

    #[test]
    fn modularity_of_two_triangles_by_hand() {
        let g = two_triangles();
        // m = 7. Split {0,1,2} | {3,4,5}: L = 3 each, d = 2+2+3 = 7 each.
        // Q = 2 · (3/7 − (7/14)²) = 6/7 − 1/2 = 5/14.
        let split = q(&g, &[0, 0, 0, 1, 1, 1]).unwrap();
        assert!((split - 5.0 / 14.0).abs() < 1e-15, "{split}");
        // One community: Q = 7/7 − (14/14)² = 0.
        assert!(q(&g, &[9; 6]).unwrap().abs() < 1e-15);
        // Singletons: Q = −Σ (d_v/14)² = −(4·4 + 2·9)/196 = −34/196.
        let single = q(&g, &[0, 1, 2, 3, 4, 5]).unwrap();
        assert!((single + 34.0 / 196.0).abs() < 1e-15, "{single}");
        // Labels far larger than n take the sorting path and give the same value.
        let big = q(&g, &[7, 7, 7, u32::MAX, u32::MAX, u32::MAX]).unwrap();
        assert_eq!(big, split);
    }

    #[test]
    fn modularity_weighted_by_hand() {
        // Path 0 –(3)– 1 –(1)– 2, split {0,1} | {2}: m = 4, d = (3, 4, 1).
        // Q = [3/4 − (7/8)²] + [0 − (1/8)²] = 3/4 − 49/64 − 1/64 = −2/64.
        let g = csr(3, &[(0, 1, 3.0), (1, 2, 1.0)]);
        let v = q(&g, &[0, 0, 1]).unwrap();
        assert!((v + 2.0 / 64.0).abs() < 1e-15, "{v}");
    }

    #[test]
    fn modularity_without_edges_is_none() {
        assert_eq!(q(&csr(0, &[]), &[]), None);
        assert_eq!(q(&csr(1, &[]), &[0]), None);
        assert_eq!(q(&csr(3, &[]), &[0, 1, 2]), None);
    }

    #[test]
    fn louvain_finds_the_two_triangles() {
        let g = two_triangles();
        for seed in 0..5 {
            assert_eq!(louvain_csr(&g, seed), vec![0, 0, 0, 1, 1, 1], "seed {seed}");
        }
    }

    #[test]
    fn louvain_edge_cases() {
        assert!(louvain_csr(&csr(0, &[]), 0).is_empty());
        assert_eq!(louvain_csr(&csr(1, &[]), 0), vec![0]);
        // No edge: every node alone, canonical labels.
        assert_eq!(louvain_csr(&csr(3, &[]), 0), vec![0, 1, 2]);
        // One edge and an isolated node.
        assert_eq!(louvain_csr(&csr(3, &[(0, 2, 5.0)]), 0), vec![0, 1, 0]);
    }

    #[test]
    fn louvain_ring_of_cliques_is_optimal() {
        // 8 cliques of 5 nodes in a ring: the cliques are the best partition.
        let (cliques, size) = (8u32, 5u32);
        let mut edges = Vec::new();
        for c in 0..cliques {
            for i in 0..size {
                for j in i + 1..size {
                    edges.push((c * size + i, c * size + j, 1.0));
                }
            }
            edges.push((c * size, ((c + 1) % cliques) * size + 1, 1.0));
        }
        let g = csr((cliques * size) as usize, &edges);
        let labels = louvain_csr(&g, LOUVAIN_SEED);
        let expected: Vec<u32> = (0..cliques * size).map(|v| v / size).collect();
        assert_eq!(labels, expected);
    }

    #[test]
    fn aggregation_keeps_modularity() {
        let g = two_triangles();
        let mut comm = vec![0, 0, 0, 1, 1, 1];
        let count = renumber(&mut comm);
        let agg = aggregate(&g, &comm, count);
        // Loops hold the 3 internal edges of each triangle; one edge of weight 1 between.
        assert_eq!(agg.loops, vec![3.0, 3.0]);
        assert_eq!(&agg.targets[..], &[1, 0]);
        let on_agg = csr_modularity(&agg, &[0, 1], 2).unwrap();
        let on_g = csr_modularity(&g, &comm, count).unwrap();
        assert!((on_agg - on_g).abs() < 1e-15);
    }

    #[test]
    fn compact_labels_orders_by_label() {
        assert_eq!(compact_labels(&[5, 2, 5, 9]), (vec![1, 0, 1, 2], 3));
        assert_eq!(
            compact_labels(&[u32::MAX, 0, u32::MAX]),
            (vec![1, 0, 1], 2)
        );
    }
}
