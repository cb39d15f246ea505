//! Louvain community detection and Newman's modularity on the undirected weighted handoff
//! graph (docs/output.md): the informal structure of the organisation, to compare with
//! its formal silos.
//!
//! The undirected graph is the simple graph of [`HandoffGraph::neighbors`]: the weight of
//! {a, b} is w(a→b) + w(b→a). Local moving is sequential and visits nodes in a fixed order;
//! only the aggregation of a level runs on the rayon pool, and it computes each community's
//! neighbour list and sums the same way whatever the split, so results are bit-identical
//! whatever the number of threads.

use crate::model::HandoffGraph;
use crate::rng::Rng;

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
/// See [`louvain`]: two triangles joined by one edge, all weights 1, split in two: m = 7, each
/// side has L = 3 and d = 7, so Q = 2 · (3/7 − (7/14)²) = 5/14.
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
/// 2008) with multilevel refinement, resolution 1, deterministic.
///
/// * Local moving: each node, in index order (= id order), moves to the neighbouring
///   community D of largest gain(D) = w(v, D) − k_v · Σ_tot(D) / 2m (the move C → D changes Q
///   by (gain(D) − gain(C)) / m) if that is strictly more than staying; ties between
///   destinations go to the smallest community id. Sweeps repeat over the nodes with a
///   neighbour that moved until no node moves.
/// * Aggregation: communities become nodes (summed weights, internal weight as a self-loop)
///   and local moving starts again from singletons, until a level raises Q by no more than
///   1e-7 (networkx's threshold).
/// * Refinement: the final partition is projected back level by level, and at each level
///   single nodes move again the same way (as networkit's `PLM(refine=True)`); this only
///   raises Q.
///
/// Index order rather than a random one: on the reference fixtures and the 100k-team peer
/// graph it is as good or better, and, ids being grouped by department in most exports, it is
/// kinder to the cache.
///
/// # Returns
/// A community label per node, canonical: labels are `0..k`, numbered by their smallest node
/// (community 0 holds node 0; the next label goes to the first node not yet labelled, …).
/// An isolated node is alone in its own community (as in networkx).
///
/// # Complexity
/// O(m) per sweep, a few sweeps per level, O(log n) levels in practice; O(n + m) space
/// (flat vectors; per community one slot holding both the weight from the visited node and
/// Σ_tot, a touched list, no hashing; the aggregate built from members grouped by a counting
/// sort). On the 100k-team peer graph (100,000 nodes, 642,279 undirected edges) the whole run
/// visits 19.4 M edges (3.9 M at the first level, 7.6 M at the third, 5,658 nodes of degree
/// 116 on average, 5 M in the refinement) and takes about 0.1 s of CPU; docs/performance.md
/// has the figures side by side with networkit's `PLM` and igraph.
///
/// Local moving is one core (the result of a move depends on every move before it); the
/// aggregation of each level is split over the rayon pool.
///
/// # Determinism
/// Local moving is sequential and in a fixed order, and the aggregation computes each
/// community's sums in member order whatever the split over threads: the same graph always
/// gives the same partition, bit for bit, whatever the number of threads.
///
/// # Examples
/// ```
/// use seams::metrics::louvain::{louvain, modularity};
/// // Two triangles {a, b, c} and {d, e, f} joined by c→d.
/// let dir = tempfile::tempdir().unwrap();
/// let teams = "id,parent\nco,\na,co\nb,co\nc,co\nd,co\ne,co\nf,co\n";
/// std::fs::write(dir.path().join("teams.csv"), teams).unwrap();
/// std::fs::write(
///     dir.path().join("handoffs.csv"),
///     "from,to,volume\na,b,1\nb,c,1\nc,a,1\nc,d,1\nd,e,1\ne,f,1\nf,d,1\n",
/// )
/// .unwrap();
/// let (org, _) = seams::load(dir.path(), &Default::default()).unwrap();
/// let labels = louvain(&org.handoffs);
/// assert_eq!(labels, [0, 0, 0, 1, 1, 1]);
/// // m = 7; each triangle has L = 3 and d = 7: Q = 2 · (3/7 − (7/14)²) = 5/14.
/// let q = modularity(&org.handoffs, &labels).unwrap();
/// assert!((q - 5.0 / 14.0).abs() < 1e-12);
/// ```
pub fn louvain(graph: &HandoffGraph) -> Vec<u32> {
    louvain_csr(&Csr::of(graph), None)
}

/// [`louvain`] with nodes visited in a random order, shuffled at each level by
/// [`crate::rng::Rng`] seeded with `seed` (for studies of stability; the product uses
/// [`louvain`]'s index order). The refinement still visits nodes in index order.
///
/// # Complexity
/// As [`louvain`].
///
/// # Determinism
/// The same (graph, seed) always gives the same partition.
pub fn louvain_seeded(graph: &HandoffGraph, seed: u64) -> Vec<u32> {
    louvain_csr(&Csr::of(graph), Some(seed))
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
        .checked()
    }

    /// Asserts the invariants the unchecked indexing of [`local_move`] and [`aggregate`] rely
    /// on: offsets ascending from 0 to the edge count, one weight per edge, every target a
    /// node, loops empty or one per node. O(n + m).
    fn checked(self) -> Self {
        let n = self.node_count();
        assert!(self.offsets.first().map_or(true, |&o| o == 0));
        assert!(self.offsets.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(
            self.offsets.last().map_or(0, |&o| o as usize),
            self.targets.len()
        );
        assert_eq!(self.weights.len(), self.targets.len());
        assert!(self.targets.iter().all(|&u| (u as usize) < n));
        assert!(self.loops.is_empty() || self.loops.len() == n);
        self
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
        (
            labels.iter().map(|&l| id[l as usize]).collect(),
            count as usize,
        )
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

/// What the local-moving phase keeps per community: the weight from the node being visited
/// (0 = not touched yet: weights are > 0) and Σ_tot, the sum of the degrees of its nodes. Side
/// by side, so the gain of a destination reads one cache line.
#[derive(Clone, Copy, Default)]
struct Slot {
    weight: f64,
    total: f64,
}

/// Scratch of the local-moving phase, sized for the original graph and reused at every level:
/// one [`Slot`] per community, the communities touched by the current node (to clear them in
/// O(degree)), and the nodes to visit in the next sweep.
struct Scratch {
    slots: Vec<Slot>,
    touched: Vec<u32>,
    dirty: Vec<bool>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            slots: vec![Slot::default(); n],
            touched: Vec::new(),
            dirty: vec![false; n],
        }
    }
}

/// Moves single nodes of `g` between communities while some move raises modularity. `comm`
/// (community of each node, ids < n) is updated in place; `s.slots[..n].total` must hold Σ_tot
/// of each community on entry and holds it on return. Returns the number of moves.
///
/// The first sweep visits every node of `order`; later sweeps visit, in the same order, only
/// the nodes with a neighbour that moved since their last visit. It stops when a sweep moves
/// nothing: no single move can then raise Q.
///
/// # Complexity
/// O(Σ degree of the visited nodes) per sweep: one pass over the node's edges (community of
/// each neighbour, weight added to its slot) and one over the distinct communities touched.
fn local_move(
    g: &Csr,
    k: &[f64],
    two_m: f64,
    comm: &mut [u32],
    order: Option<&[u32]>,
    s: &mut Scratch,
) -> usize {
    let n = g.node_count();
    let (offsets, all_targets, all_weights) = (&g.offsets[..], &g.targets[..], &g.weights[..]);
    assert!(comm.len() == n && k.len() == n && s.slots.len() >= n && s.dirty.len() >= n);
    assert!(order.map_or(true, |o| o.len() == n));
    assert!(comm.iter().all(|&c| (c as usize) < n), "community ids < n");
    let max_degree = (0..n)
        .map(|v| (offsets[v + 1] - offsets[v]) as usize)
        .max()
        .unwrap_or(0);
    s.touched.clear();
    s.touched.resize(max_degree, 0);
    let (slots, touched, dirty) = (&mut s.slots[..n], &mut s.touched[..], &mut s.dirty[..n]);
    dirty.fill(true);
    let mut moves = 0;
    for _ in 0..MAX_SWEEPS {
        let mut moved = 0;
        for i in 0..n {
            let v = match order {
                Some(o) => o[i] as usize,
                None => i,
            };
            if !dirty[v] {
                continue;
            }
            dirty[v] = false;
            let (a, b) = (offsets[v] as usize, offsets[v + 1] as usize);
            if a == b {
                continue;
            }
            let targets = &all_targets[a..b];
            let weights = &all_weights[a..b];
            let c = comm[v];
            let mut len = 0;
            for (&u, &w) in targets.iter().zip(weights) {
                // SAFETY: every target is < n = comm.len() (`Csr::checked`, asserted above);
                // communities are < n = slots.len() (asserted on entry; a move only copies an
                // existing id); `len` grows by at most 1 per edge, so before the write it is
                // < the degree ≤ max_degree = touched.len().
                unsafe {
                    let cu = *comm.get_unchecked(u as usize);
                    let slot = slots.get_unchecked_mut(cu as usize);
                    // Written every time, kept (by advancing) only on first contact: no branch.
                    *touched.get_unchecked_mut(len) = cu;
                    len += (slot.weight == 0.0) as usize;
                    slot.weight += w;
                }
            }
            let kv = k[v];
            let scale = kv / two_m;
            let own = &mut slots[c as usize];
            own.total -= kv;
            // gain(D) = w(v, D) − k_v · Σ_tot(D) / 2m: ΔQ of a move C → D is (gain(D) − gain(C)) / m.
            // The own community may be untouched (no neighbour in it); its weight is 0 then.
            let mut best = c;
            let mut best_gain = own.weight - own.total * scale;
            for &d in &touched[..len] {
                // SAFETY: touched communities are < n (as above).
                let slot = unsafe { slots.get_unchecked_mut(d as usize) };
                let gain = std::mem::take(&mut slot.weight) - slot.total * scale;
                // Leaving needs a strict gain; between two destinations, the smaller id wins a tie.
                let take =
                    d != c && (gain > best_gain || (best != c && gain == best_gain && d < best));
                best = if take { d } else { best };
                best_gain = if take { gain } else { best_gain };
            }
            slots[best as usize].total += kv;
            if best != c {
                comm[v] = best;
                moved += 1;
                for &u in targets {
                    dirty[u as usize] = true;
                }
            }
        }
        moves += moved;
        if moved == 0 {
            break;
        }
    }
    moves
}

#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
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
/// a self-loop (each internal edge once). Neighbour lists are in order of first contact, the
/// members of a community taken in ascending order (deterministic).
///
/// The communities are cut into ranges of about equal edge counts, one or two per thread of
/// the rayon pool, built side by side and concatenated: each community's list and sums are
/// computed the same way whatever the cut, so the result is the same at any thread count.
///
/// # Complexity
/// O(n + m) work: members grouped by a counting sort, then one pass over each community's
/// edges with a dense weight array and a touched list; O(n + m) space.
fn aggregate(g: &Csr, comm: &[u32], count: usize) -> Csr<'static> {
    let pieces = if g.targets.len() < 1 << 16 {
        1
    } else {
        2 * rayon::current_num_threads()
    };
    aggregate_in(g, comm, count, pieces)
}

/// [`aggregate`] with the communities cut into `pieces` ranges (≥ 1; the result does not
/// depend on it).
fn aggregate_in(g: &Csr, comm: &[u32], count: usize, pieces: usize) -> Csr<'static> {
    let n = g.node_count();
    assert!(comm.len() == n && comm.iter().all(|&c| (c as usize) < count));
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
    drop(fill);
    // Ranges of communities with about equal numbers of edges.
    let per_piece = g.targets.len() / pieces + 1;
    let mut cuts = vec![0usize];
    let mut edges = 0usize;
    for c in 0..count {
        for &v in &members[start[c] as usize..start[c + 1] as usize] {
            edges += g.range(v as usize).len();
        }
        if edges >= per_piece * cuts.len() && c + 1 < count {
            cuts.push(c + 1);
        }
    }
    cuts.push(count);
    let parts: Vec<Piece> = {
        use rayon::prelude::*;
        cuts.par_windows(2)
            .map(|w| aggregate_range(g, comm, &start, &members, w[0]..w[1], count))
            .collect()
    };
    let mut offsets = Vec::with_capacity(count + 1);
    offsets.push(0u32);
    let (targets, weights, loops) = if parts.len() == 1 {
        // One piece (one thread, or a small graph): its vectors are the result, no copy.
        let p = parts.into_iter().next().expect("one piece");
        offsets.extend_from_slice(&p.ends);
        (p.targets, p.weights, p.loops)
    } else {
        let total: usize = parts.iter().map(|p| p.targets.len()).sum();
        let mut targets = Vec::with_capacity(total);
        let mut weights = Vec::with_capacity(total);
        let mut loops = Vec::with_capacity(count);
        for p in parts {
            let base = targets.len() as u32;
            offsets.extend(p.ends.iter().map(|&e| base + e));
            targets.extend_from_slice(&p.targets);
            weights.extend_from_slice(&p.weights);
            loops.extend_from_slice(&p.loops);
        }
        (targets, weights, loops)
    };
    Csr {
        offsets: offsets.into(),
        targets: targets.into(),
        weights: weights.into(),
        loops,
    }
    .checked()
}

/// The communities `range` of [`aggregate`]: their neighbour lists one after the other, the
/// end of each list (from the start of the piece), and their self-loops.
struct Piece {
    targets: Vec<u32>,
    weights: Vec<f64>,
    ends: Vec<u32>,
    loops: Vec<f64>,
}

/// Builds the [`Piece`] of the communities in `range` (members of c: `members[start[c]..start[c + 1]]`).
fn aggregate_range(
    g: &Csr,
    comm: &[u32],
    start: &[u32],
    members: &[u32],
    range: std::ops::Range<usize>,
    count: usize,
) -> Piece {
    let first = members[start[range.start] as usize..start[range.end] as usize]
        .iter()
        .map(|&v| g.range(v as usize).len())
        .sum::<usize>();
    let mut p = Piece {
        targets: Vec::with_capacity(first),
        weights: Vec::with_capacity(first),
        ends: Vec::with_capacity(range.len()),
        loops: Vec::with_capacity(range.len()),
    };
    let mut weight_to = vec![0.0f64; count];
    let mut touched: Vec<u32> = Vec::new();
    for c in range {
        let mut internal = 0.0;
        let mut own_loops = 0.0;
        let (ma, mb) = (start[c] as usize, start[c + 1] as usize);
        for i in ma..mb {
            let v = members[i] as usize;
            if let Some(&next) = members.get(i + 2) {
                let o = g.offsets[next as usize] as usize;
                prefetch(g.targets.as_ptr().wrapping_add(o));
                prefetch(g.weights.as_ptr().wrapping_add(o));
            }
            own_loops += g.self_loop(v);
            let r = g.range(v);
            for (&u, &w) in g.targets[r.clone()].iter().zip(&g.weights[r]) {
                // SAFETY: targets are < n = comm.len() (`Csr::checked`), communities < count =
                // weight_to.len() (asserted in `aggregate_in`).
                let cu = unsafe { *comm.get_unchecked(u as usize) };
                if cu as usize == c {
                    internal += w;
                } else {
                    let slot = unsafe { weight_to.get_unchecked_mut(cu as usize) };
                    if *slot == 0.0 {
                        touched.push(cu);
                    }
                    *slot += w;
                }
            }
        }
        // Each internal edge was seen from both ends.
        p.loops.push(own_loops + internal / 2.0);
        for &d in &touched {
            p.targets.push(d);
            p.weights.push(std::mem::take(&mut weight_to[d as usize]));
        }
        touched.clear();
        p.ends.push(p.targets.len() as u32);
    }
    p
}

/// Modularity of the partition whose communities are the nodes of `agg` (its aggregate):
/// Σ_c [loop_c / m − (k_c / 2m)²], O(count).
fn aggregate_modularity(agg: &Csr, k: &[f64], two_m: f64) -> f64 {
    let m = two_m / 2.0;
    let mut q = 0.0;
    for (c, &kc) in k.iter().enumerate() {
        let d = kc / two_m;
        q += agg.self_loop(c) / m - d * d;
    }
    q
}

/// Louvain on a CSR graph; canonical labels per node. `seed`: None visits nodes in index
/// order, Some(s) in an order shuffled once per level by [`Rng::new`]`(s)`.
fn louvain_csr(original: &Csr, seed: Option<u64>) -> Vec<u32> {
    let n = original.node_count();
    let k0 = original.degrees();
    let mut two_m = 0.0;
    for &k in &k0 {
        two_m += k;
    }
    if n == 0 || two_m <= 0.0 {
        return (0..n as u32).collect();
    }
    let mut rng = seed.map(Rng::new);
    let mut scratch = Scratch::new(n);
    // Descent. levels[i] is the graph of level i + 1 with its degrees; maps[i] maps the nodes
    // of level i (0 = the original graph) to those of level i + 1.
    let mut levels: Vec<(Csr<'static>, Vec<f64>)> = Vec::new();
    let mut maps: Vec<Vec<u32>> = Vec::new();
    let mut q = {
        let mut q = 0.0;
        for &k in &k0 {
            let d = k / two_m;
            q -= d * d;
        }
        q
    };
    // The partition of the top level's nodes when the descent stops (a local optimum there).
    let top: Vec<u32> = loop {
        let (g, k): (&Csr, &[f64]) = match levels.last() {
            Some((g, k)) => (g, k),
            None => (original, &k0),
        };
        let ln = g.node_count();
        let mut comm: Vec<u32> = (0..ln as u32).collect();
        for (slot, &kv) in scratch.slots.iter_mut().zip(k) {
            slot.total = kv;
        }
        let order: Option<Vec<u32>> = rng.as_mut().map(|rng| {
            let mut order: Vec<u32> = (0..ln as u32).collect();
            rng.shuffle(&mut order);
            order
        });
        let moves = local_move(g, k, two_m, &mut comm, order.as_deref(), &mut scratch);
        if moves == 0 {
            break comm;
        }
        let count = renumber(&mut comm);
        let agg = aggregate(g, &comm, count);
        let agg_k = agg.degrees();
        let new_q = aggregate_modularity(&agg, &agg_k, two_m);
        if new_q - q <= LEVEL_THRESHOLD || count == 1 {
            break comm;
        }
        q = new_q;
        maps.push(comm);
        levels.push((agg, agg_k));
    };
    // Ascent: project the partition one level down and refine it there by single-node moves
    // (in index order), down to the original nodes.
    let mut part = top;
    for i in (0..maps.len()).rev() {
        let mut below: Vec<u32> = maps[i].iter().map(|&c| part[c as usize]).collect();
        let (g, k): (&Csr, &[f64]) = if i == 0 {
            (original, &k0)
        } else {
            (&levels[i - 1].0, &levels[i - 1].1)
        };
        renumber(&mut below);
        let slots = &mut scratch.slots[..below.len()];
        slots.fill(Slot::default());
        for (v, &c) in below.iter().enumerate() {
            slots[c as usize].total += k[v];
        }
        local_move(g, k, two_m, &mut below, None, &mut scratch);
        part = below;
    }
    renumber(&mut part);
    part
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
        assert_eq!(louvain_csr(&g, None), vec![0, 0, 0, 1, 1, 1]);
        for seed in 0..5 {
            assert_eq!(
                louvain_csr(&g, Some(seed)),
                vec![0, 0, 0, 1, 1, 1],
                "seed {seed}"
            );
        }
    }

    #[test]
    fn louvain_ties_go_to_the_smallest_community_id() {
        // Triangles {0, 1, 2} and {3, 4, 5}, and node 6 linked to 0 and to 3. Node 6 is worth
        // exactly as much to either triangle: weight 1 to each, and both have Σ_tot = 2 + 2 + 3
        // = 7. Community ids are node indices at the first level, so the triangle of 0, 1, 2
        // has the smaller id and gets node 6 (both answers have the same Q).
        let g = csr(
            7,
            &[
                (0, 1, 1.0),
                (0, 2, 1.0),
                (1, 2, 1.0),
                (3, 4, 1.0),
                (3, 5, 1.0),
                (4, 5, 1.0),
                (6, 0, 1.0),
                (6, 3, 1.0),
            ],
        );
        let labels = louvain_csr(&g, None);
        assert_eq!(labels, vec![0, 0, 0, 1, 1, 1, 0]);
        let other = [0, 0, 0, 1, 1, 1, 1];
        assert_eq!(q(&g, &labels), q(&g, &other));
    }

    #[test]
    fn louvain_edge_cases() {
        assert!(louvain_csr(&csr(0, &[]), None).is_empty());
        assert_eq!(louvain_csr(&csr(1, &[]), None), vec![0]);
        // No edge: every node alone, canonical labels.
        assert_eq!(louvain_csr(&csr(3, &[]), None), vec![0, 1, 2]);
        // One edge and an isolated node.
        assert_eq!(louvain_csr(&csr(3, &[(0, 2, 5.0)]), None), vec![0, 1, 0]);
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
        let expected: Vec<u32> = (0..cliques * size).map(|v| v / size).collect();
        assert_eq!(louvain_csr(&g, None), expected);
        assert_eq!(louvain_csr(&g, Some(3)), expected);
    }

    /// A seeded random graph: `groups` planted groups of `size` nodes, dense inside, sparse
    /// between, integer weights 1–5.
    fn planted(groups: u32, size: u32, seed: u64) -> Csr<'static> {
        let mut rng = Rng::new(seed);
        let n = groups * size;
        let mut edges = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let p = if a / size == b / size { 0.5 } else { 0.02 };
                if rng.chance(p) {
                    edges.push((a, b, 1.0 + rng.below(5) as f64));
                }
            }
        }
        csr(n as usize, &edges)
    }

    #[test]
    fn louvain_result_is_canonical_and_a_local_optimum() {
        for seed in 0..4 {
            let g = planted(6, 12, seed);
            let labels = louvain_csr(&g, None);
            // Canonical: labels appear in ascending order of first occurrence.
            let mut next = 0;
            for &l in &labels {
                assert!(l <= next);
                if l == next {
                    next += 1;
                }
            }
            // No single node can raise Q by moving to another existing community.
            let base = q(&g, &labels).unwrap();
            for v in 0..labels.len() {
                for c in 0..next {
                    let mut moved = labels.clone();
                    moved[v] = c;
                    let after = q(&g, &moved).unwrap();
                    assert!(
                        after <= base + 1e-12,
                        "seed {seed}: node {v} → {c} raises Q"
                    );
                }
            }
            // At least as good as the planted groups.
            let planted: Vec<u32> = (0..72).map(|v| v / 12).collect();
            assert!(base >= q(&g, &planted).unwrap() - 1e-12, "seed {seed}");
            // Deterministic.
            assert_eq!(labels, louvain_csr(&g, None));
        }
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
    fn aggregation_does_not_depend_on_the_split() {
        // A planted graph and a partition that mixes neighbours and strangers: the aggregate
        // is the same, bit for bit, whatever the number of pieces (threads) it is built in.
        let g = planted(8, 25, 7);
        let n = g.node_count();
        let mut comm: Vec<u32> = (0..n as u32).map(|v| (v * 7 + v / 13) % 37).collect();
        let count = renumber(&mut comm);
        let one = aggregate_in(&g, &comm, count, 1);
        for pieces in [2, 3, 5, 64, 1000] {
            let other = aggregate_in(&g, &comm, count, pieces);
            assert_eq!(other.offsets, one.offsets, "{pieces} pieces");
            assert_eq!(other.targets, one.targets, "{pieces} pieces");
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&other.weights), bits(&one.weights), "{pieces} pieces");
            assert_eq!(bits(&other.loops), bits(&one.loops), "{pieces} pieces");
        }
        // And it keeps modularity.
        let on_agg = csr_modularity(&one, &(0..count as u32).collect::<Vec<_>>(), count);
        let on_g = csr_modularity(&g, &comm, count);
        assert!((on_agg.unwrap() - on_g.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn louvain_is_the_same_at_any_thread_count() {
        // Large enough (> 2^16 directed edge entries) for the aggregation to be split.
        let g = planted(40, 60, 11);
        assert!(g.targets.len() >= 1 << 16, "{}", g.targets.len());
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| louvain_csr(&g, None))
        };
        let one = run(1);
        assert_eq!(run(2), one);
        assert_eq!(run(3), one);
    }

    #[test]
    fn compact_labels_orders_by_label() {
        assert_eq!(compact_labels(&[5, 2, 5, 9]), (vec![1, 0, 1, 2], 3));
        assert_eq!(compact_labels(&[u32::MAX, 0, u32::MAX]), (vec![1, 0, 1], 2));
    }
}
