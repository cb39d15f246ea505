//! Brandes betweenness centrality on the directed handoff graph (docs/output.md),
//! exact or from a set of sampled sources, unweighted (BFS) or weighted (Dijkstra), in parallel
//! over sources with a reduction whose order never depends on the thread count.
//!
//! Definition (networkx `betweenness_centrality(G, normalized=True)` on a directed graph):
//!
//! ```text
//! raw(v) = Σ_{s ∈ S, t ∈ V, s ≠ v ≠ t} σ(s, t | v) / σ(s, t)
//! ```
//!
//! where σ(s, t) is the number of shortest s→t paths and σ(s, t | v) the number of them through
//! `v`. Exact (S = V): `b(v) = raw(v) / ((n − 1)(n − 2))`. Sampled (S = k distinct sources, the
//! networkx 3.6 rule, which treats sources and non-sources separately because a source can never
//! be an interior node of its own paths): `b(v) = raw(v) / ((k − 1)(n − 2))` for v ∈ S and
//! `raw(v) / (k (n − 2))` for v ∉ S. With S = V both rules coincide. Every value is 0 when n < 3.
//!
//! Speed (the one expensive metric: O(n·m) exact): the unweighted kernel is a level-synchronous,
//! direction-optimising BFS that records the shortest-path DAG edges in a flat list, then counts
//! paths and back-propagates dependencies over that list only (see `Bfs::run`). Exact runs on
//! graphs of at most 65,535 nodes search 32 consecutive sources at a time (see `Batch`): one
//! read of a node's adjacency serves every source of the batch that has it on the level.
//! Measured figures, beside the peer libraries, are in docs/performance.md.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::metrics::Weight;
use crate::model::HandoffGraph;
use crate::rng::Rng;

/// How long each directed edge is for shortest paths.
#[derive(Debug, Clone, Copy)]
pub enum EdgeLengths<'a> {
    /// Every edge has length 1 (breadth-first search).
    Hops,
    /// One positive length per directed edge, aligned with [`HandoffGraph::out_targets`]
    /// (Dijkstra). Path lengths are summed from the source outwards, and two paths tie only when
    /// their sums are exactly equal as `f64`, as networkx does.
    PerEdge(&'a [f64]),
}

/// The per-edge lengths of a `--weight` choice (docs/output.md), aligned with
/// [`HandoffGraph::out_targets`]; `None` for [`Weight::Hops`].
///
/// # Arguments
/// * `graph` – the handoff graph.
/// * `weight` – `Hops` (no lengths), `Volume` (length = 1 / volume: a heavy channel is short) or
///   `Wait` (length = merged wait; unknown → mean of the known waits, or 1; 0 → 1e-6 h; see
///   [`HandoffGraph::wait_lengths`]).
///
/// # Returns
/// One length per directed edge, in out-edge (CSR) order.
///
/// # Complexity
/// O(m) time and memory.
///
/// # Determinism
/// Pure function of the graph.
pub fn edge_lengths(graph: &HandoffGraph, weight: Weight) -> Option<Vec<f64>> {
    match weight {
        Weight::Hops => None,
        Weight::Volume => Some(graph.out_volumes().iter().map(|&v| 1.0 / v).collect()),
        Weight::Wait => Some(graph.wait_lengths()),
    }
}

/// The `k` sources of a seeded sample (`--approx K --seed S`), sorted ascending.
///
/// Drawn with `Rng::new(seed).sample_indices(n, k)` (a partial Fisher–Yates shuffle), then
/// sorted so that processing order, and therefore every floating-point sum, depends only on the
/// set of sources. `k ≥ n` returns every node (exact betweenness). The caller must reject
/// `k < 2` as a usage error (docs/output.md): one source gives no information about itself.
///
/// # Arguments
/// * `n` – number of nodes.
/// * `k` – number of distinct sources wanted.
/// * `seed` – seed of the draw.
///
/// # Returns
/// `min(k, n)` distinct node indices in ascending order.
///
/// # Complexity
/// O(n) time and memory (the shuffle pool) plus O(k log k) for the sort.
///
/// # Determinism
/// The same `(n, k, seed)` gives the same sources on every platform (the stream of
/// [`crate::rng::Rng`] is pinned).
pub fn sample_sources(n: usize, k: usize, seed: u64) -> Vec<u32> {
    let mut s: Vec<u32> = Rng::new(seed)
        .sample_indices(n, k)
        .into_iter()
        .map(|v| v as u32)
        .collect();
    s.sort_unstable();
    s
}

/// Normalised Brandes betweenness of every node of the directed handoff graph.
///
/// Same as [`betweenness_with_progress`] without a progress callback.
///
/// # Examples
/// A chain a → b → c: only the pair (a, c) routes through b, so b = 1 / ((3 − 1)(3 − 2)).
/// ```
/// # use seams::metrics::betweenness::{betweenness, EdgeLengths};
/// # let dir = tempfile::tempdir().unwrap();
/// # std::fs::write(dir.path().join("teams.csv"), "id,parent\na,\nb,\nc,\n").unwrap();
/// # std::fs::write(dir.path().join("handoffs.csv"), "from,to\na,b\nb,c\n").unwrap();
/// let (org, _) = seams::load(dir.path(), &Default::default()).unwrap();
/// let b = betweenness(&org.handoffs, EdgeLengths::Hops, None);
/// assert_eq!(b, vec![0.0, 0.5, 0.0]); // nodes in id order: a, b, c
/// ```
pub fn betweenness(
    graph: &HandoffGraph,
    lengths: EdgeLengths<'_>,
    sources: Option<&[u32]>,
) -> Vec<f64> {
    betweenness_with_progress(graph, lengths, sources, &|_, _| {})
}

/// Normalised Brandes betweenness of every node of the directed handoff graph, exact or from an
/// explicit list of sources, reporting progress.
///
/// # Arguments
/// * `graph` – the handoff graph (n nodes, m directed edges).
/// * `lengths` – [`EdgeLengths::Hops`] (BFS) or per-edge lengths (Dijkstra with a binary heap).
///   Lengths must be > 0; an infinite length never lies on a shortest path.
/// * `sources` – `None`: exact, every node is a source, scaled by 1/((n − 1)(n − 2)).
///   `Some(list)`: sampled; the list is sorted and de-duplicated first (its order does not
///   matter), k = the number of distinct sources, and values are rescaled as networkx 3.6 does:
///   1/((k − 1)(n − 2)) for a source, 1/(k (n − 2)) for any other node. With networkx's sources
///   the result equals `networkx.betweenness_centrality(G, k=k, normalized=True, seed=…)`. With
///   k = 1 the one source gets 0 (networkx: NaN); with k = 0 every value is 0.
/// * `progress` – called with (sources done, sources in total) after each chunk of sources (at
///   most ~64 calls), from worker threads; it cannot change the result.
///
/// # Returns
/// One value per node, indexed by node (= id order). All 0 when n < 3.
///
/// # Complexity
/// Time O(|S| · m) unweighted, O(|S| · (m + n) log n) weighted, |S| = number of sources.
/// Memory O(n + m) scratch per worker thread plus at most 64 partial vectors of n `f64`s
/// (fewer on very large graphs: partial vectors are capped at ~256 MiB in all).
///
/// # Determinism
/// The sources are split into at most 64 contiguous chunks whose boundaries depend only on the
/// number of sources; each chunk is accumulated sequentially into its own vector, and the chunk
/// vectors are summed in chunk order. The result is bit-identical whatever the thread count.
///
/// # Panics
/// If a source is not a node (≥ n), or if `lengths` is per-edge with a length other than m.
pub fn betweenness_with_progress(
    graph: &HandoffGraph,
    lengths: EdgeLengths<'_>,
    sources: Option<&[u32]>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<f64> {
    let n = graph.node_count();
    check_lengths(graph, lengths);
    let list: Vec<u32> = match sources {
        None => (0..n as u32).collect(),
        Some(s) => distinct_sources(s, n),
    };
    if n < 3 || list.is_empty() {
        progress(list.len() as u64, list.len() as u64);
        return vec![0.0; n];
    }
    // Exact unweighted betweenness folds out-degree-1 nodes into their neighbour's source run
    // (`Feeders`); weighted and sampled runs keep one run per source (see `Feeders`).
    let feeders = match (lengths, sources) {
        (EdgeLengths::Hops, None) => Feeders::of(graph),
        _ => Feeders::none(n),
    };
    let list: Vec<u32> = if feeders.any() {
        list.into_iter()
            .filter(|&v| !feeders.is_folded(v))
            .collect()
    } else {
        list
    };
    let mut raw = accumulate(graph, lengths, &list, &feeders, sources.is_none(), progress);
    rescale(&mut raw, sources.map(|_| list.as_slice()));
    raw
}

/// Sampled betweenness with a measure of its own noise: the estimate from all `sources`, and
/// the estimates from each half of them (the sources at even and at odd positions of the
/// sorted, de-duplicated list), at no extra cost (docs/output.md,
/// `betweenness_halves_top10_shared`).
#[derive(Debug, Clone, PartialEq)]
pub struct SampledHalves {
    /// The estimate from every source, as [`betweenness_with_progress`] gives it (summed as
    /// the two halves, so it can differ from that in the last bits).
    pub whole: Vec<f64>,
    /// The estimates from each half alone, each normalised for its own sources.
    pub halves: [Vec<f64>; 2],
}

/// Sampled betweenness from `sources`, computed as two halves ([`SampledHalves`]).
///
/// # Arguments
/// As [`betweenness_with_progress`] with `Some(sources)`; `progress` counts the sources of
/// both halves.
///
/// # Returns
/// The raw sums of the two halves, added, and normalised as networkx 3.6 does for the whole
/// sample; and each half normalised for its own sources. All 0 when n < 3.
///
/// # Complexity
/// As [`betweenness_with_progress`] for the same sources (each source is searched once), plus
/// two vectors of n `f64`s.
///
/// # Determinism
/// Bit-identical for any thread count: each half is reduced as [`betweenness_with_progress`]
/// reduces, and the halves are added in a fixed order.
pub fn sampled_halves(
    graph: &HandoffGraph,
    lengths: EdgeLengths<'_>,
    sources: &[u32],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> SampledHalves {
    let n = graph.node_count();
    check_lengths(graph, lengths);
    let list = distinct_sources(sources, n);
    let total = list.len() as u64;
    if n < 3 || list.is_empty() {
        progress(total, total);
        return SampledHalves {
            whole: vec![0.0; n],
            halves: [vec![0.0; n], vec![0.0; n]],
        };
    }
    let half: [Vec<u32>; 2] = [0, 1].map(|parity| {
        list.iter()
            .skip(parity)
            .step_by(2)
            .copied()
            .collect::<Vec<u32>>()
    });
    let none = Feeders::none(n);
    let first = half[0].len() as u64;
    let raw = |h: usize, before: u64| {
        if half[h].is_empty() {
            return vec![0.0; n];
        }
        accumulate(graph, lengths, &half[h], &none, false, &|done, _| {
            progress(before + done, total)
        })
    };
    let mut a = raw(0, 0);
    let mut b = raw(1, first);
    let mut whole: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
    rescale(&mut whole, Some(&list));
    rescale(&mut a, Some(&half[0]));
    if !half[1].is_empty() {
        // (One source in all: the second half has none, and its estimate stays 0.)
        rescale(&mut b, Some(&half[1]));
    }
    SampledHalves {
        whole,
        halves: [a, b],
    }
}

/// Panics unless per-edge `lengths` have one length per edge of `graph`.
fn check_lengths(graph: &HandoffGraph, lengths: EdgeLengths<'_>) {
    if let EdgeLengths::PerEdge(l) = lengths {
        assert_eq!(l.len(), graph.edge_count(), "one length per directed edge");
    }
}

/// `sources` sorted and de-duplicated. Panics if one is not a node (≥ n).
fn distinct_sources(sources: &[u32], n: usize) -> Vec<u32> {
    let mut list = sources.to_vec();
    list.sort_unstable();
    list.dedup();
    if let Some(&last) = list.last() {
        assert!((last as usize) < n, "source {last} is not a node (n = {n})");
    }
    list
}

/// Applies networkx 3.6's normalisation (directed, endpoints excluded) to raw sums; n ≥ 3.
/// `sampled`: the sorted distinct sources, or `None` for exact.
fn rescale(raw: &mut [f64], sampled: Option<&[u32]>) {
    let n = raw.len() as u64;
    match sampled {
        None => {
            // Python: 1 / (K_source * (N - 1)) with N = n - 1, K_source = N (exact integers).
            let scale = 1.0 / (((n - 1) * (n - 2)) as f64);
            raw.iter_mut().for_each(|x| *x *= scale);
        }
        Some(src) => {
            let k = src.len() as u64;
            let scale_source = if k > 1 {
                1.0 / (((k - 1) * (n - 2)) as f64)
            } else {
                0.0 // networkx: NaN; the raw value of a lone source is 0 anyway.
            };
            let scale_other = 1.0 / ((k * (n - 2)) as f64);
            let mut next = src.iter().peekable();
            for (v, x) in raw.iter_mut().enumerate() {
                if next.peek().is_some_and(|&&s| s as usize == v) {
                    next.next();
                    *x *= scale_source;
                } else {
                    *x *= scale_other;
                }
            }
        }
    }
}

/// Most partial vectors a run keeps at once.
const MAX_CHUNKS: usize = 64;
/// Memory budget for partial vectors (bytes); on huge graphs chunks are reduced in waves.
const PARTIAL_BUDGET: usize = 256 << 20;
/// Raw (unnormalised) sums over `sources` (sorted, distinct, non-empty; each also stands for
/// its `feeders`), in parallel with a thread-count-independent reduction order. `exact`: the
/// sources are every node not folded; only then does the hop kernel batch them ([`Batch`]:
/// consecutive sources share levels, sampled ones rarely).
fn accumulate(
    graph: &HandoffGraph,
    lengths: EdgeLengths<'_>,
    sources: &[u32],
    feeders: &Feeders,
    exact: bool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<f64> {
    let n = graph.node_count();
    // The unweighted kernel indexes its arrays by these without bounds checks.
    assert!(
        graph.out_targets().iter().all(|&w| (w as usize) < n)
            && graph.in_sources().iter().all(|&u| (u as usize) < n),
        "every edge joins two nodes"
    );
    match lengths {
        EdgeLengths::Hops => {
            let nodes = node_edges(graph);
            if exact && batched(n, graph.edge_count()) {
                reduce(n, sources, feeders, progress, || Batch::new(graph, &nodes))
            } else if narrow_positions(n) {
                reduce(n, sources, feeders, progress, || {
                    Bfs::<u16>::new(graph, &nodes)
                })
            } else {
                reduce(n, sources, feeders, progress, || {
                    Bfs::<u32>::new(graph, &nodes)
                })
            }
        }
        EdgeLengths::PerEdge(len) => {
            reduce(n, sources, feeders, progress, || Dijkstra::new(graph, len))
        }
    }
}

/// One source's share of the raw sums, computed by a kernel that keeps its scratch state from
/// one source to the next.
trait SourceRun {
    /// Adds the dependencies of source `s` (and of its `feeders`, see [`Feeders`]) to `acc`.
    fn run(&mut self, s: u32, feeders: &[u32], acc: &mut [f64]);

    /// Adds the dependencies of every source of `chunk` (in order) to `acc`; by default one
    /// [`SourceRun::run`] after the other.
    fn run_chunk(&mut self, chunk: &[u32], feeders: &Feeders, acc: &mut [f64]) {
        for &s in chunk {
            self.run(s, feeders.of_node(s), acc);
        }
    }
}

/// The parallel loop over sources: at most [`MAX_CHUNKS`] contiguous chunks (boundaries fixed
/// by the number of sources), each summed sequentially into its own vector by one kernel per
/// worker (`make`), the vectors then added in chunk order, so the result does not depend on the
/// thread count.
fn reduce<K: SourceRun>(
    n: usize,
    sources: &[u32],
    feeders: &Feeders,
    progress: &(dyn Fn(u64, u64) + Sync),
    make: impl Fn() -> K + Sync + Send,
) -> Vec<f64> {
    let chunk_size = sources.len().div_ceil(MAX_CHUNKS).max(1);
    let chunks: Vec<&[u32]> = sources.chunks(chunk_size).collect();
    let wave = (PARTIAL_BUDGET / (8 * n).max(1)).clamp(1, MAX_CHUNKS);
    let stands_for = |s: u32| 1 + feeders.of_node(s).len() as u64;
    let total: u64 = sources.iter().map(|&s| stands_for(s)).sum();
    let done = AtomicU64::new(0);
    let mut result = vec![0.0f64; n];
    for wave_chunks in chunks.chunks(wave) {
        let partials: Vec<Vec<f64>> = wave_chunks
            .par_iter()
            .map_init(&make, |kernel, chunk| {
                let mut acc = vec![0.0f64; n];
                kernel.run_chunk(chunk, feeders, &mut acc);
                let count: u64 = chunk.iter().map(|&s| stands_for(s)).sum();
                let d = done.fetch_add(count, Ordering::Relaxed) + count;
                progress(d, total);
                acc
            })
            .collect();
        for p in partials {
            for (r, x) in result.iter_mut().zip(&p) {
                *r += *x;
            }
        }
    }
    result
}

/// The exact degree-1 reduction of unweighted betweenness (after Baglioni, Geraci, Pellegrini
/// and Lastres, "Fast exact computation of betweenness centrality in social networks", 2012,
/// adapted to directed graphs): a node f whose only out-edge is f → u with u ≠ f ("a feeder of
/// u") needs no search of its own.
///
/// Why it is exact: every path out of f starts with f → u, and a shortest path from u never
/// comes back through f (f leads only to u, so that would be a cycle). Hence for every target
/// t ∉ {f, u}: d(f, t) = 1 + d(u, t), σ(f, t) = σ(u, t), and f's paths are u's paths with f in
/// front. Per node w, f's dependency is then
///
/// ```text
/// δ_f(w) = Σ_{t ≠ f} σ(u, t | w) / σ(u, t)      for w ∉ {f, u}
/// δ_f(u) = |{t reachable from u : t ∉ {u, f}}|   (u is interior to every path out of f)
/// ```
///
/// so u's one search serves u and all its feeders F at once: Brandes' back-propagation with a
/// weight per target, δ(v) = Σ_w σ(v)/σ(w) · (τ(w) + δ(w)), where τ(t) = 1 + |F| for every
/// target except a feeder, which is not its own target (τ = |F|); plus, for u itself,
/// |F| · (R − 1) − (feeders reached from u), R = nodes reached from u including u. A feeder is
/// interior to no path of the group (its only successor is the source u), so its own δ is 0.
/// Feeders are only those whose u has out-degree ≠ 1, so no feeder's u is folded in turn.
///
/// Applied to exact hop-count betweenness only. With edge lengths, d(f, t) = len(f→u) + d(u, t)
/// in real arithmetic but not always in floating point (ties are exact `f64` equality, as in
/// networkx), so weighted runs keep one search per source; sampled runs keep theirs because the
/// sample is of sources. On the peer-benchmark org about 4 % of the nodes are feeders.
struct Feeders {
    /// Feeders of node u: `list[offsets[u]..offsets[u + 1]]`, ascending; empty when nothing
    /// is folded.
    offsets: Vec<u32>,
    list: Vec<u32>,
    /// Whether a node is folded into its out-neighbour.
    folded: Vec<bool>,
}

impl Feeders {
    /// No folding.
    fn none(n: usize) -> Feeders {
        Feeders {
            offsets: vec![0; n + 1],
            list: Vec::new(),
            folded: Vec::new(),
        }
    }

    /// Every feeder of the graph (O(n + m)).
    fn of(graph: &HandoffGraph) -> Feeders {
        let n = graph.node_count();
        let out = graph.out_offsets();
        let targets = graph.out_targets();
        let degree = |v: usize| out[v + 1] - out[v];
        let host = |f: usize| -> Option<u32> {
            let u = targets.get(out[f] as usize).copied()?;
            (degree(f) == 1 && u as usize != f && degree(u as usize) != 1).then_some(u)
        };
        let mut offsets = vec![0u32; n + 1];
        for f in 0..n {
            if let Some(u) = host(f) {
                offsets[u as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut list = vec![0u32; offsets[n] as usize];
        let mut folded = vec![false; n];
        for (f, is_folded) in folded.iter_mut().enumerate() {
            if let Some(u) = host(f) {
                list[fill[u as usize] as usize] = f as u32;
                fill[u as usize] += 1;
                *is_folded = true;
            }
        }
        Feeders {
            offsets,
            list,
            folded,
        }
    }

    /// Whether any node is folded.
    fn any(&self) -> bool {
        !self.list.is_empty()
    }

    /// Whether `v` is folded (its source run is done by its out-neighbour's).
    fn is_folded(&self, v: u32) -> bool {
        self.folded.get(v as usize).copied().unwrap_or(false)
    }

    /// The feeders of `u`.
    fn of_node(&self, u: u32) -> &[u32] {
        &self.list[self.offsets[u as usize] as usize..self.offsets[u as usize + 1] as usize]
    }
}

/// A node's out-edge and in-edge ranges in the CSR arrays, in one 16-byte record: the BFS reads
/// a node's degrees (to choose the direction of the next level) and then its edges, so one cache
/// line serves both (four nodes per line) instead of three scattered reads (offsets twice,
/// degrees).
#[derive(Debug, Clone, Copy, Default)]
struct NodeEdges {
    out_start: u32,
    out_len: u32,
    in_start: u32,
    in_len: u32,
}

impl NodeEdges {
    fn out_range(self) -> std::ops::Range<usize> {
        self.out_start as usize..(self.out_start + self.out_len) as usize
    }

    fn in_range(self) -> std::ops::Range<usize> {
        self.in_start as usize..(self.in_start + self.in_len) as usize
    }
}

/// The [`NodeEdges`] of every node (O(n)).
fn node_edges(graph: &HandoffGraph) -> Vec<NodeEdges> {
    let (out, inn) = (graph.out_offsets(), graph.in_offsets());
    (0..graph.node_count())
        .map(|v| NodeEdges {
            out_start: out[v],
            out_len: out[v + 1] - out[v],
            in_start: inn[v],
            in_len: inn[v + 1] - inn[v],
        })
        .collect()
}

/// Whether the BFS kernel keeps positions in 16 bits: n ≤ 65,535, so every position
/// (0..n − 1) fits and `u16::MAX` is free to mean "not reached".
fn narrow_positions(n: usize) -> bool {
    n <= u16::MAX as usize
}

/// A node's position in the BFS order, stored as `u16` on graphs of at most 65,535 nodes
/// (half the per-source state of `u32`: the marks fit the L1 cache of org-10k, a DAG edge is
/// 4 bytes instead of 8) and as `u32` above.
trait Position: Copy + Eq + Send + Sync {
    /// "Not reached": never a position (every position is < n ≤ `MAX`).
    const NONE: Self;
    /// Position 0.
    const ZERO: Self;
    /// Position `i`; `i` < n, which the caller guarantees fits.
    fn at(i: usize) -> Self;
    /// As an index (`NONE` gives the type's largest value, ≥ n).
    fn get(self) -> usize;
}

impl Position for u16 {
    const NONE: u16 = u16::MAX;
    const ZERO: u16 = 0;
    fn at(i: usize) -> u16 {
        i as u16
    }
    fn get(self) -> usize {
        self as usize
    }
}

impl Position for u32 {
    const NONE: u32 = u32::MAX;
    const ZERO: u32 = 0;
    fn at(i: usize) -> u32 {
        i as u32
    }
    fn get(self) -> usize {
        self as usize
    }
}

/// The unweighted (BFS) Brandes kernel and its per-worker scratch state, allocated once per
/// worker and reused for every source: nothing is allocated per source. The per-source arrays
/// are indexed by **position** (the order in which the search reaches a node), so each level's
/// nodes are one contiguous range and the path-counting and back-propagation passes touch two
/// neighbouring ranges instead of nodes scattered over the graph.
struct Bfs<'g, P> {
    /// Every node's edge ranges ([`node_edges`]).
    nodes: &'g [NodeEdges],
    /// The graph's out-edge targets and in-edge sources (CSR).
    targets: &'g [u32],
    in_sources: &'g [u32],
    /// Position of every node reached from the current source, `P::NONE` for the others; reset
    /// to `NONE` (over the reached nodes only) before the next source.
    mark: Vec<P>,
    /// By position: σ, the number of shortest paths from the source, during the forward pass;
    /// once back-propagated, (τ + δ) / σ, the share passed back along each path in (τ = 1 but
    /// with feeders, see [`Feeders`]).
    val: Vec<f64>,
    /// By position: Σ over the node's shortest-path successors w of (τ + δ(w)) / σ(w), so that
    /// δ = σ · sum; 0 outside back-propagation.
    sum: Vec<f64>,
    /// Position → node: the BFS queue and, read backwards, the Brandes stack. One slot more
    /// than n (the top-down scan writes a candidate before it knows).
    order: Vec<u32>,
    /// Shortest-path DAG edges as (position of v, position of w), grouped by the level of v;
    /// one slot more than m (written before it is known to be kept).
    dag: Vec<[P; 2]>,
    /// Start of each BFS level in `order`, then its end.
    level_nodes: Vec<u32>,
    /// Start of each level's DAG edges in `dag` (edges out of that level), then the end.
    level_edges: Vec<u32>,
    /// Nodes not reached yet (possibly stale), for bottom-up steps; ascending.
    unseen: Vec<u32>,
    /// Feeders of the current source reached by it: (position, σ), deepest first.
    feeders_reached: Vec<(u32, f64)>,
    /// Number of bottom-up steps taken (tests check that both directions are exercised).
    #[cfg(test)]
    bottom_up_steps: usize,
}

impl<'g, P: Position> Bfs<'g, P> {
    /// The kernel for `graph`, whose [`node_edges`] are `nodes`.
    ///
    /// # Panics
    /// If n does not fit `P` (see [`narrow_positions`]) or `nodes` is not the graph's.
    fn new(graph: &'g HandoffGraph, nodes: &'g [NodeEdges]) -> Self {
        let (n, m) = (graph.node_count(), graph.edge_count());
        assert!(n < P::NONE.get(), "positions of {n} nodes do not fit");
        assert_eq!(nodes.len(), n, "one edge range per node");
        Bfs {
            nodes,
            targets: graph.out_targets(),
            in_sources: graph.in_sources(),
            mark: vec![P::NONE; n],
            val: vec![0.0; n],
            sum: vec![0.0; n],
            order: vec![0; n + 1],
            // Zeroed, so the allocator hands out untouched pages (no memset of m entries per
            // worker); every entry is written before it is read.
            dag: vec![[P::ZERO; 2]; m + 1],
            level_nodes: Vec::new(),
            level_edges: Vec::new(),
            unseen: Vec::with_capacity(n),
            feeders_reached: Vec::new(),
            #[cfg(test)]
            bottom_up_steps: 0,
        }
    }
}

impl<P: Position> SourceRun for Bfs<'_, P> {
    /// One source of unweighted Brandes, level-synchronous and direction-optimising, for `s`
    /// and its [`Feeders`] together.
    ///
    /// Forward: a BFS that records every shortest-path DAG edge (v, w), dist(w) = dist(v) + 1,
    /// in a flat list grouped by the level of v, as positions. Each level is expanded the
    /// cheaper way (Beamer's direction-optimising BFS): top-down over the out-edges of the
    /// level's nodes, or bottom-up over the in-edges of every node not reached yet, whichever
    /// scans fewer edges (on org graphs the last levels are cheaper bottom-up, and about 45% of
    /// the edge scans go). Both find the same levels and the same DAG edges; only their order
    /// inside a level differs. After each level, σ(w) = Σ σ(v) over its DAG edges, in one flat
    /// pass.
    ///
    /// Back-propagation, level by level from the deepest: sum(v) += (τ + δ(w)) / σ(w) over the
    /// level's DAG edges, then δ(v) = σ(v) · sum(v) and raw(v) += δ(v) for the level's nodes.
    /// The flat loops avoid a short, unpredictable inner loop per node, and touch only the DAG
    /// edges (about half of all edges on org graphs). Without feeders (τ = 1) every sum is the
    /// one of plain Brandes, in the same order.
    fn run(&mut self, s: u32, feeders: &[u32], acc: &mut [f64]) {
        let Bfs {
            nodes,
            targets,
            in_sources,
            mark,
            val,
            sum,
            order,
            dag,
            level_nodes,
            level_edges,
            unseen,
            feeders_reached,
            #[cfg(test)]
            bottom_up_steps,
        } = self;
        let (nodes, targets, in_sources) = (*nodes, *targets, *in_sources);
        // As slices, so the hot loops keep their pointers in registers (a store through a
        // `Vec` may, for the compiler, change the pointer of another one).
        let (mark, val, sum) = (mark.as_mut_slice(), val.as_mut_slice(), sum.as_mut_slice());
        let (order, dag) = (order.as_mut_slice(), dag.as_mut_slice());
        if nodes[s as usize].out_len == 0 {
            return; // a sink is interior to no path from itself (nor from its feeders)
        }
        let n = mark.len();
        // Unchecked indexing below relies on these lengths and on every edge endpoint being
        // < n (asserted once in `accumulate`).
        assert!(
            nodes.len() == n
                && order.len() > n
                && dag.len() > targets.len()
                && val.len() >= n
                && sum.len() >= n
        );
        level_nodes.clear();
        level_edges.clear();
        mark[s as usize] = P::at(0);
        val[0] = 1.0;
        order[0] = s;
        let (mut head, mut tail, mut edges) = (0usize, 1usize, 0usize);
        // Σ in-degree of the nodes not reached yet (the cost of a bottom-up step), updated as
        // each level becomes the frontier.
        let mut unseen_in = in_sources.len();
        let mut unseen_listed = false;
        while head < tail {
            let end = tail;
            level_nodes.push(head as u32);
            level_edges.push(edges as u32);
            let mut top_down = 0;
            for &v in &order[head..end] {
                let e = nodes[v as usize];
                top_down += e.out_len as usize;
                unseen_in -= e.in_len as usize;
            }
            if unseen_in + (n - tail) < top_down {
                // Bottom-up: every node not reached yet looks for in-neighbours on this level
                // (positions head..end). It must see all of them (each is a DAG edge), not
                // just the first.
                #[cfg(test)]
                {
                    *bottom_up_steps += 1;
                }
                if !unseen_listed {
                    unseen.clear();
                    unseen.extend((0..n as u32).filter(|&w| mark[w as usize] == P::NONE));
                    unseen_listed = true;
                }
                let width = end - head;
                let mut kept = 0;
                for i in 0..unseen.len() {
                    let w = unseen[i];
                    if mark[w as usize] != P::NONE {
                        continue; // reached by a top-down step since the list was made
                    }
                    let before = edges;
                    let pw = P::at(tail);
                    for &u in &in_sources[nodes[w as usize].in_range()] {
                        // SAFETY: u < n = mark.len() (asserted in `accumulate`); edges ≤ m <
                        // dag.len() (each in-edge of w is kept at most once per source).
                        unsafe {
                            let m = *mark.get_unchecked(u as usize);
                            *dag.get_unchecked_mut(edges) = [m, pw];
                            // On this level iff head ≤ m < end (NONE is ≥ n ≥ end).
                            edges += (m.get().wrapping_sub(head) < width) as usize;
                        }
                    }
                    if edges > before {
                        mark[w as usize] = pw;
                        order[tail] = w;
                        tail += 1;
                    } else {
                        unseen[kept] = w;
                        kept += 1;
                    }
                }
                unseen.truncate(kept);
            } else {
                for i in head..end {
                    let v = order[i];
                    let pv = P::at(i);
                    for &w in &targets[nodes[v as usize].out_range()] {
                        // SAFETY: w < n = mark.len() (asserted in `accumulate`); tail ≤ n <
                        // order.len() (each node is appended once, the extra slot takes the
                        // last write); edges ≤ m < dag.len() (each edge is kept at most once
                        // per source).
                        unsafe {
                            let m = *mark.get_unchecked(w as usize);
                            // Not reached yet: takes the next position. Otherwise its position;
                            // the edge is a DAG edge iff that is on the next level (≥ end).
                            let fresh = m == P::NONE;
                            let pw = if fresh { P::at(tail) } else { m };
                            *mark.get_unchecked_mut(w as usize) = pw;
                            *order.get_unchecked_mut(tail) = w;
                            tail += fresh as usize;
                            // Written every time, kept (by advancing) only for DAG edges: no
                            // branch.
                            *dag.get_unchecked_mut(edges) = [pv, pw];
                            edges += (pw.get() >= end) as usize;
                        }
                    }
                }
            }
            val[end..tail].iter_mut().for_each(|x| *x = 0.0);
            let level_dag = level_edges[level_edges.len() - 1] as usize..edges;
            for &[pv, pw] in &dag[level_dag] {
                // SAFETY: kept DAG edges hold positions < tail ≤ n ≤ val.len().
                unsafe {
                    *val.get_unchecked_mut(pw.get()) += *val.get_unchecked(pv.get());
                }
            }
            head = end;
        }
        level_nodes.push(tail as u32);
        level_edges.push(edges as u32);
        // Feeders (see `Feeders`): τ = 1 + |F| for every target but a feeder (|F|), and u is
        // interior to every path out of a feeder.
        let tau = 1.0 + feeders.len() as f64;
        feeders_reached.clear();
        if !feeders.is_empty() {
            for &f in feeders {
                let m = mark[f as usize];
                if m != P::NONE {
                    feeders_reached.push((m.get() as u32, val[m.get()]));
                }
            }
            feeders_reached.sort_unstable_by_key(|&(p, _)| Reverse(p));
            acc[s as usize] +=
                feeders.len() as f64 * (tail as f64 - 1.0) - feeders_reached.len() as f64;
        }
        // Every node reached is unmarked for the next source (the others still are).
        for &w in &order[..tail] {
            mark[w as usize] = P::NONE;
        }
        back_propagate(
            Search {
                val,
                sum,
                order,
                dag,
                level_nodes,
                level_edges,
            },
            tau,
            feeders_reached,
            acc,
        );
    }
}

/// One search's state after the forward pass, as [`back_propagate`] reads it: by position (the
/// order in which the search reached a node), σ in `val`, zeros in `sum`, position → node in
/// `order`, the shortest-path DAG edges in `dag` grouped by the level of their tail, and the
/// start of each level in `level_nodes` and of its out-edges in `level_edges` (each with a final
/// end).
struct Search<'a, P> {
    val: &'a mut [f64],
    sum: &'a mut [f64],
    order: &'a [u32],
    dag: &'a [[P; 2]],
    level_nodes: &'a [u32],
    level_edges: &'a [u32],
}

/// Brandes' back-propagation of one search, level by level from the deepest: sum(v) += (τ +
/// δ(w)) / σ(w) over the level's DAG edges, then δ(v) = σ(v) · sum(v) and raw(v) += δ(v) for
/// the level's nodes, which leaves (τ + δ) / σ in `val` and zeros in `sum`. `feeders_reached`:
/// the source's feeders that it reached, as (position, σ), deepest first (a feeder passes back
/// τ − 1, see [`Feeders`]). The flat loops avoid a short, unpredictable inner loop per node.
fn back_propagate<P: Position>(
    search: Search<'_, P>,
    tau: f64,
    feeders_reached: &[(u32, f64)],
    acc: &mut [f64],
) {
    let Search {
        val,
        sum,
        order,
        dag,
        level_nodes,
        level_edges,
    } = search;
    let reached = level_nodes[level_nodes.len() - 1] as usize;
    assert!(reached <= val.len() && reached <= sum.len() && reached <= order.len());
    let mut next_feeder = 0;
    // Levels from the deepest up to 1; level 0 is the source, whose δ is not counted.
    for l in (1..level_nodes.len() - 1).rev() {
        let e = level_edges[l] as usize..level_edges[l + 1] as usize;
        for &[pv, pw] in &dag[e] {
            // SAFETY: kept DAG edges hold positions < reached ≤ val.len(), sum.len().
            unsafe {
                *sum.get_unchecked_mut(pv.get()) += *val.get_unchecked(pw.get());
            }
        }
        let nodes = level_nodes[l] as usize..level_nodes[l + 1] as usize;
        let level = val[nodes.clone()]
            .iter_mut()
            .zip(&mut sum[nodes.clone()])
            .zip(&order[nodes]);
        for ((v, s), &w) in level {
            let sigma = *v;
            let delta = sigma * *s;
            *s = 0.0;
            acc[w as usize] += delta;
            *v = (tau + delta) / sigma;
        }
        // A feeder has no successor (δ = 0) and is not its own target: τ − 1.
        while next_feeder < feeders_reached.len()
            && feeders_reached[next_feeder].0 >= level_nodes[l]
        {
            let (p, sigma) = feeders_reached[next_feeder];
            val[p as usize] = (tau - 1.0) / sigma;
            next_feeder += 1;
        }
    }
}

/// Sources searched together by [`Batch`] (one bit each in a [`Lanes`] mask).
const LANES: usize = 32;
/// A set of lanes of a [`Batch`], one bit per lane.
type Lanes = u32;

/// Most directed edges for which [`Batch`] is used: its per-lane DAG lists take up to
/// `LANES · (m + 1) · 4` bytes of address space per worker (128 MiB here; only the pages
/// written are resident). Larger graphs use [`Bfs`].
const BATCH_MAX_EDGES: usize = 1 << 20;

/// Whether the exact hop kernel runs sources in batches ([`Batch`]): n ≤ 65,535 (16-bit
/// node ids and positions) and m ≤ [`BATCH_MAX_EDGES`].
fn batched(n: usize, m: usize) -> bool {
    narrow_positions(n) && m <= BATCH_MAX_EDGES
}

/// A candidate shortest-path DAG edge of a batched level: tail `v`, head `w` (node ids), and
/// the lanes for which it is one (`v` on the level, `w` not reached yet).
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    v: u16,
    w: u16,
    lanes: Lanes,
}

/// The unweighted Brandes kernel for up to [`LANES`] sources at a time (multi-source BFS after
/// Then et al., "The More the Merrier: Efficient Multi-Source Graph Traversal", VLDB 2014), on
/// graphs where [`batched`] holds; used for exact hop betweenness.
///
/// Forward: one level-synchronous search for the whole batch. Per node, a bit per lane says
/// which sources reached it (`seen`) and for which it is on the current level (`cur`). Top-down,
/// a frontier node's out-edges are read **once** for all its lanes, and the lanes for which
/// v → w is a shortest-path DAG edge are `cur(v) & !seen(w)`; bottom-up (when cheaper, as in
/// [`Bfs`]), every node some lane has not reached reads its in-edges once, and the lanes are
/// `cur(u) & !seen(w)`. Consecutive sources are usually one department on org graphs and share
/// many levels: on org-10k, 32 consecutive sources read 7.7× fewer adjacency lists than 32 single
/// searches. After each level the new nodes get their position in each lane's own search order,
/// and the level's DAG edges are split, one bit at a time, into one list per lane, as positions.
///
/// Then each lane is exactly a [`Bfs`] search after its forward pass: the same position-indexed
/// σ summed over its DAG list level by level, and the same [`back_propagate`] (with the lane's
/// [`Feeders`]), one lane after the other, so `val` and `sum` are needed for one lane only. Per
/// lane, the DAG edges and levels are those of the single search; only the order of the edges
/// inside a level differs (σ are integers, so only the back-propagated sums can differ, in the
/// last bits; the order is fixed by the input). A unit test compares it with [`Bfs`].
struct Batch<'g> {
    nodes: &'g [NodeEdges],
    targets: &'g [u32],
    in_sources: &'g [u32],
    /// Nodes not reached by every lane yet (possibly stale), for bottom-up steps; ascending.
    unseen: Vec<u32>,
    /// By node: the lanes that reached it on the current level or earlier.
    seen: Vec<Lanes>,
    /// By node: the lanes for which it is on the current level.
    cur: Vec<Lanes>,
    /// By node: the lanes reaching it on the next level, during a scan; 0 otherwise.
    nxt: Vec<Lanes>,
    /// By node: its position in each lane's search (meaningful for the lanes of `seen`).
    lane_pos: Vec<[u16; LANES]>,
    /// The nodes on the current level of some lane; then the next level's (n + 1 slots each).
    frontier: Vec<u32>,
    next: Vec<u32>,
    /// The nodes reached by some lane (n + 1 slots), to reset `seen`.
    touched: Vec<u32>,
    /// The level's DAG edge candidates, those with lanes kept (m + 1 slots).
    entries: Vec<Entry>,
    /// Per lane (lane-major, lane i at `i · (n + 1)`): position → node, as [`Bfs::order`].
    order: Vec<u32>,
    /// As [`Bfs::val`] and [`Bfs::sum`], for one lane at a time: the forward search does not
    /// use them, and each lane's σ pass and back-propagation run one lane after the other.
    val: Vec<f64>,
    sum: Vec<f64>,
    /// Per lane (at `i · (m + 1)`): shortest-path DAG edges as positions, as [`Bfs::dag`].
    dag: Vec<[u16; 2]>,
    /// Per lane: start of each level in its positions, then the end; start of each level's DAG
    /// edges, then the end.
    level_nodes: Vec<Vec<u32>>,
    level_edges: Vec<Vec<u32>>,
    /// Feeders of the lane's source reached by it: (position, σ), deepest first.
    feeders_reached: Vec<(u32, f64)>,
    /// Number of bottom-up steps taken (tests check that both directions are exercised).
    #[cfg(test)]
    bottom_up_steps: usize,
}

impl<'g> Batch<'g> {
    /// The kernel for `graph`, whose [`node_edges`] are `nodes`.
    ///
    /// # Panics
    /// If [`batched`] does not hold or `nodes` is not the graph's.
    fn new(graph: &'g HandoffGraph, nodes: &'g [NodeEdges]) -> Self {
        let (n, m) = (graph.node_count(), graph.edge_count());
        assert!(batched(n, m), "{n} nodes, {m} edges: not batched");
        assert_eq!(nodes.len(), n, "one edge range per node");
        Batch {
            nodes,
            targets: graph.out_targets(),
            in_sources: graph.in_sources(),
            unseen: Vec::with_capacity(n),
            seen: vec![0; n],
            cur: vec![0; n],
            nxt: vec![0; n],
            lane_pos: vec![[0; LANES]; n],
            frontier: vec![0; n + 1],
            next: vec![0; n + 1],
            touched: vec![0; n + 1],
            entries: vec![Entry::default(); m + 1],
            order: vec![0; LANES * (n + 1)],
            val: vec![0.0; n],
            sum: vec![0.0; n],
            // Zeroed: untouched pages cost nothing; every entry is written before it is read.
            dag: vec![[0; 2]; LANES * (m + 1)],
            level_nodes: vec![Vec::new(); LANES],
            level_edges: vec![Vec::new(); LANES],
            feeders_reached: Vec::new(),
            #[cfg(test)]
            bottom_up_steps: 0,
        }
    }

    /// Adds the dependencies of `sources` (1 to [`LANES`] distinct nodes, none a sink) and of
    /// their feeders (`feeders_of`, see [`Feeders`]) to `acc`, lane by lane in the order of
    /// `sources`.
    fn run_batch<'f>(
        &mut self,
        sources: &[u32],
        feeders_of: &dyn Fn(u32) -> &'f [u32],
        acc: &mut [f64],
    ) {
        let Batch {
            nodes,
            targets,
            in_sources,
            unseen,
            seen,
            cur,
            nxt,
            lane_pos,
            frontier,
            next,
            touched,
            entries,
            order,
            val,
            sum,
            dag,
            level_nodes,
            level_edges,
            feeders_reached,
            #[cfg(test)]
            bottom_up_steps,
        } = self;
        let (nodes, targets, in_sources) = (*nodes, *targets, *in_sources);
        let (seen, cur, nxt) = (seen.as_mut_slice(), cur.as_mut_slice(), nxt.as_mut_slice());
        let (mut frontier, mut next) = (frontier.as_mut_slice(), next.as_mut_slice());
        let (touched, entries) = (touched.as_mut_slice(), entries.as_mut_slice());
        let lane_pos = lane_pos.as_mut_slice();
        let (order, dag) = (order.as_mut_slice(), dag.as_mut_slice());
        let n = seen.len();
        let (stride_n, stride_m) = (n + 1, targets.len() + 1);
        let k = sources.len();
        assert!((1..=LANES).contains(&k));
        // Unchecked indexing below relies on these lengths and on every edge endpoint being
        // < n (asserted once in `accumulate`).
        assert!(
            nodes.len() == n
                && cur.len() == n
                && nxt.len() == n
                && lane_pos.len() == n
                && frontier.len() > n
                && next.len() > n
                && touched.len() > n
                && entries.len() > targets.len()
                && order.len() == LANES * stride_n
                && dag.len() == LANES * stride_m
        );
        // Per lane: nodes reached, start of the current level, DAG edges kept.
        let mut len = [0usize; LANES];
        let mut start = [0usize; LANES];
        let mut edges = [0usize; LANES];
        let (mut nf, mut nt) = (0, 0);
        for (i, &s) in sources.iter().enumerate() {
            let s = s as usize;
            assert!(seen[s] == 0, "sources of a batch are distinct");
            seen[s] = 1 << i;
            cur[s] = 1 << i;
            frontier[nf] = s as u32;
            touched[nt] = s as u32;
            (nf, nt) = (nf + 1, nt + 1);
            lane_pos[s][i] = 0;
            order[i * stride_n] = s as u32;
            len[i] = 1;
        }
        for i in 0..k {
            level_nodes[i].clear();
            level_edges[i].clear();
        }
        // Every lane of the batch; Σ in-degree of the nodes some lane has not reached (the cost
        // of a bottom-up step).
        let all: Lanes = if k == LANES { !0 } else { (1 << k) - 1 };
        let (mut unseen_in, mut full) = (in_sources.len(), 0);
        for &s in sources {
            if seen[s as usize] == all {
                unseen_in -= nodes[s as usize].in_len as usize;
                full += 1;
            }
        }
        let mut unseen_listed = false;
        loop {
            for i in 0..k {
                level_nodes[i].push(start[i] as u32);
                level_edges[i].push(edges[i] as u32);
            }
            if nf == 0 {
                break;
            }
            let (mut ne, mut nn) = (0usize, 0usize);
            let top_down: usize = frontier[..nf]
                .iter()
                .map(|&v| nodes[v as usize].out_len as usize)
                .sum();
            if unseen_in + (n - full) < top_down {
                // Bottom-up: every node some lane has not reached looks at all its in-neighbours
                // (each one on the level, for a lane that has not reached it, is a DAG edge).
                #[cfg(test)]
                {
                    *bottom_up_steps += 1;
                }
                if !unseen_listed {
                    unseen.clear();
                    unseen.extend((0..n as u32).filter(|&w| seen[w as usize] != all));
                    unseen_listed = true;
                }
                let mut kept = 0;
                for i in 0..unseen.len() {
                    let w = unseen[i];
                    let missing = all & !seen[w as usize];
                    if missing == 0 {
                        continue; // reached by every lane since the list was made
                    }
                    unseen[kept] = w;
                    kept += 1;
                    let mut found: Lanes = 0;
                    for &u in &in_sources[nodes[w as usize].in_range()] {
                        // SAFETY: u < n = cur.len() (asserted in `accumulate`); ne ≤ the edges
                        // scanned so far this level ≤ m < entries.len() (each in-edge once).
                        unsafe {
                            let lanes = *cur.get_unchecked(u as usize) & missing;
                            *entries.get_unchecked_mut(ne) = Entry {
                                v: u as u16,
                                w: w as u16,
                                lanes,
                            };
                            ne += (lanes != 0) as usize;
                            found |= lanes;
                        }
                    }
                    nxt[w as usize] = found;
                    next[nn] = w;
                    nn += (found != 0) as usize;
                }
                unseen.truncate(kept);
            } else {
                // Top-down over the union of the lanes' levels: one read of each adjacency list.
                for &v in &frontier[..nf] {
                    let f = cur[v as usize];
                    for &w in &targets[nodes[v as usize].out_range()] {
                        // SAFETY: w < n = seen.len() = nxt.len() (asserted in `accumulate`); ne ≤
                        // the edges scanned so far this level ≤ m < entries.len() (each node is on
                        // the union frontier once per level); nn ≤ n < next.len() (a node is added
                        // only when its `nxt` turns non-zero, once per level).
                        unsafe {
                            let lanes = f & !*seen.get_unchecked(w as usize);
                            *entries.get_unchecked_mut(ne) = Entry {
                                v: v as u16,
                                w: w as u16,
                                lanes,
                            };
                            ne += (lanes != 0) as usize;
                            let old = *nxt.get_unchecked(w as usize);
                            *nxt.get_unchecked_mut(w as usize) = old | lanes;
                            *next.get_unchecked_mut(nn) = w;
                            nn += ((old == 0) & (lanes != 0)) as usize;
                        }
                    }
                }
            }
            for &v in &frontier[..nf] {
                cur[v as usize] = 0;
            }
            // The next level: each new node takes the next position of each lane reaching it.
            start = len;
            for &w in &next[..nn] {
                let w = w as usize;
                let lanes = nxt[w];
                nxt[w] = 0;
                let old = seen[w];
                touched[nt] = w as u32;
                nt += (old == 0) as usize;
                seen[w] = old | lanes;
                if old | lanes == all {
                    unseen_in -= nodes[w].in_len as usize;
                    full += 1;
                }
                cur[w] = lanes;
                let pos = &mut lane_pos[w];
                let mut b = lanes;
                while b != 0 {
                    let i = b.trailing_zeros() as usize;
                    b &= b - 1;
                    // SAFETY: i < LANES (a bit of a mask of LANES bits); len[i] < n + 1 (each
                    // node is reached once per lane), so the index is < LANES · (n + 1).
                    unsafe {
                        let l = *len.get_unchecked(i);
                        *order.get_unchecked_mut(i * stride_n + l) = w as u32;
                        *pos.get_unchecked_mut(i) = l as u16;
                        *len.get_unchecked_mut(i) = l + 1;
                    }
                }
            }
            // The level's DAG edges, one list per lane, as that lane's positions.
            for e in &entries[..ne] {
                let (pv, pw) = (&lane_pos[e.v as usize], &lane_pos[e.w as usize]);
                let mut b = e.lanes;
                while b != 0 {
                    let i = b.trailing_zeros() as usize;
                    b &= b - 1;
                    // SAFETY: i < LANES; edges[i] < m + 1 (each edge is a DAG edge at most once
                    // per lane), so the index is < LANES · (m + 1).
                    unsafe {
                        let c = *edges.get_unchecked(i);
                        *dag.get_unchecked_mut(i * stride_m + c) =
                            [*pv.get_unchecked(i), *pw.get_unchecked(i)];
                        *edges.get_unchecked_mut(i) = c + 1;
                    }
                }
            }
            std::mem::swap(&mut frontier, &mut next);
            nf = nn;
        }
        for i in 0..k {
            let s = sources[i];
            let (lane_nodes, lane_edges) = (&level_nodes[i], &level_edges[i]);
            let reached = len[i];
            let val = val.as_mut_slice();
            val[0] = 1.0;
            let dag = &dag[i * stride_m..i * stride_m + edges[i]];
            // σ, level by level (integers: exact in any order).
            assert!(reached <= val.len());
            for l in 0..lane_nodes.len() - 2 {
                val[lane_nodes[l + 1] as usize..lane_nodes[l + 2] as usize].fill(0.0);
                for &[pv, pw] in &dag[lane_edges[l] as usize..lane_edges[l + 1] as usize] {
                    // SAFETY: the lane's kept DAG edges hold its positions, < reached ≤
                    // val.len().
                    unsafe {
                        *val.get_unchecked_mut(pw as usize) += *val.get_unchecked(pv as usize);
                    }
                }
            }
            let mine = feeders_of(s);
            let tau = 1.0 + mine.len() as f64;
            feeders_reached.clear();
            if !mine.is_empty() {
                for &f in mine {
                    if seen[f as usize] & (1 << i) != 0 {
                        let p = lane_pos[f as usize][i];
                        feeders_reached.push((p as u32, val[p as usize]));
                    }
                }
                feeders_reached.sort_unstable_by_key(|&(p, _)| Reverse(p));
                acc[s as usize] +=
                    mine.len() as f64 * (reached as f64 - 1.0) - feeders_reached.len() as f64;
            }
            back_propagate(
                Search {
                    val,
                    sum,
                    order: &order[i * stride_n..i * stride_n + reached],
                    dag,
                    level_nodes: lane_nodes,
                    level_edges: lane_edges,
                },
                tau,
                feeders_reached,
                acc,
            );
        }
        for &w in &touched[..nt] {
            seen[w as usize] = 0;
        }
    }
}

impl SourceRun for Batch<'_> {
    /// A batch of one.
    fn run(&mut self, s: u32, feeders: &[u32], acc: &mut [f64]) {
        if self.nodes[s as usize].out_len != 0 {
            self.run_batch(&[s], &|_| feeders, acc);
        }
    }

    /// The chunk's sources that are not sinks (a sink is interior to no path from itself, nor
    /// from its feeders), in order, in batches of [`LANES`].
    fn run_chunk(&mut self, chunk: &[u32], feeders: &Feeders, acc: &mut [f64]) {
        let mut batch = [0u32; LANES];
        let mut k = 0;
        for &s in chunk {
            if self.nodes[s as usize].out_len == 0 {
                continue;
            }
            batch[k] = s;
            k += 1;
            if k == LANES {
                self.run_batch(&batch, &|s| feeders.of_node(s), acc);
                k = 0;
            }
        }
        if k > 0 {
            self.run_batch(&batch[..k], &|s| feeders.of_node(s), acc);
        }
    }
}

/// The weighted (Dijkstra) Brandes kernel and its per-worker scratch state, indexed by node.
struct Dijkstra<'g> {
    graph: &'g HandoffGraph,
    /// One length per out-edge.
    len: &'g [f64],
    /// Weighted distance from the source (+∞ when not reached).
    wdist: Vec<f64>,
    /// σ during the forward pass, then (1 + δ) / σ.
    val: Vec<f64>,
    /// Settling order.
    order: Vec<u32>,
    /// The heap of (distance bits, node); distances are ≥ 0, so bit order = value order.
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl<'g> Dijkstra<'g> {
    fn new(graph: &'g HandoffGraph, len: &'g [f64]) -> Self {
        let n = graph.node_count();
        Dijkstra {
            graph,
            len,
            wdist: vec![f64::INFINITY; n],
            val: vec![0.0; n],
            order: vec![0; n],
            heap: BinaryHeap::new(),
        }
    }
}

impl SourceRun for Dijkstra<'_> {
    /// One source of weighted Brandes (Dijkstra with a lazy binary heap), mirroring networkx's
    /// `_single_source_dijkstra_path_basic`: the tentative distance of w through v is
    /// `dist(v) + len(v→w)` (summed in path order), a strictly smaller value replaces σ(w), an
    /// exactly equal one adds to it. Back-propagation follows out-edges with
    /// `dist(w) == dist(v) + len(v→w)`, the same test that made v a predecessor of w. Weighted
    /// runs have no feeders (see [`Feeders`]).
    fn run(&mut self, s: u32, feeders: &[u32], acc: &mut [f64]) {
        debug_assert!(feeders.is_empty(), "weighted runs do not fold");
        let Dijkstra {
            graph,
            len,
            wdist,
            val,
            order,
            heap,
        } = self;
        let len: &[f64] = len;
        let offsets = graph.out_offsets();
        let targets = graph.out_targets();
        if offsets[s as usize] == offsets[s as usize + 1] {
            return;
        }
        heap.clear();
        let mut settled = 0usize;
        wdist[s as usize] = 0.0;
        val[s as usize] = 1.0;
        heap.push(Reverse((0.0f64.to_bits(), s)));
        while let Some(Reverse((bits, v))) = heap.pop() {
            let d = f64::from_bits(bits);
            if d > wdist[v as usize] {
                continue; // stale entry: v was reached more cheaply later
            }
            order[settled] = v;
            settled += 1;
            let sigma = val[v as usize];
            let range = offsets[v as usize] as usize..offsets[v as usize + 1] as usize;
            for (&w, &l) in targets[range.clone()].iter().zip(&len[range]) {
                let nd = d + l;
                let dw = wdist[w as usize];
                if nd < dw {
                    wdist[w as usize] = nd;
                    val[w as usize] = sigma;
                    heap.push(Reverse((nd.to_bits(), w)));
                } else if nd == dw && nd != f64::INFINITY {
                    val[w as usize] += sigma;
                }
            }
        }
        // Reverse settling order. A successor settled before v can pass the test below only if a
        // length vanished in rounding (dist(v) + len == dist(v)); its value is then read as it
        // stands, which is still deterministic (the settling order is fixed by (distance, node)).
        for &v in order[1..settled].iter().rev() {
            let dv = wdist[v as usize];
            let mut sum = 0.0;
            let range = offsets[v as usize] as usize..offsets[v as usize + 1] as usize;
            for (&w, &l) in targets[range.clone()].iter().zip(&len[range]) {
                if wdist[w as usize] == dv + l && dv + l != f64::INFINITY {
                    sum += val[w as usize];
                }
            }
            let sigma = val[v as usize];
            let delta = sigma * sum;
            acc[v as usize] += delta;
            val[v as usize] = (1.0 + delta) / sigma;
        }
        for &v in &order[..settled] {
            wdist[v as usize] = f64::INFINITY;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::HandoffGraph;

    /// Builds a handoff graph from edges (a, b, volume) over nodes `0..n` through the real
    /// ingest + model path, so tests exercise the production CSR layout. Node i is unit `n{i:03}`.
    pub(crate) fn graph(n: usize, edges: &[(u32, u32, f64)]) -> HandoffGraph {
        graph_with_waits(
            n,
            &edges
                .iter()
                .map(|&(a, b, v)| (a, b, v, None))
                .collect::<Vec<_>>(),
        )
    }

    /// Like [`graph`], with an optional wait per edge.
    pub(crate) fn graph_with_waits(
        n: usize,
        edges: &[(u32, u32, f64, Option<f64>)],
    ) -> HandoffGraph {
        let dir = tempfile::tempdir().unwrap();
        let mut teams = String::from("id,parent\nroot,\n");
        for i in 0..n {
            teams.push_str(&format!("n{i:03},root\n"));
        }
        std::fs::write(dir.path().join("teams.csv"), teams).unwrap();
        let mut h = String::from("from,to,volume,wait_hours\n");
        for &(a, b, v, w) in edges {
            let w = w.map(|w| w.to_string()).unwrap_or_default();
            h.push_str(&format!("n{a:03},n{b:03},{v},{w}\n"));
        }
        std::fs::write(dir.path().join("handoffs.csv"), h).unwrap();
        let (org, _) = crate::load(dir.path(), &crate::model::ModelOptions::default()).unwrap();
        assert_eq!(org.handoffs.node_count(), n);
        org.handoffs
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(
                (x - y).abs() < 1e-12,
                "node {i}: got {x}, expected {y} (all: {a:?})"
            );
        }
    }

    #[test]
    fn sampled_halves_add_up_to_the_whole_sample() {
        let g = random_graph(300, 3, 7);
        let sources = sample_sources(300, 41, 3);
        let s = sampled_halves(&g, EdgeLengths::Hops, &sources, &|_, _| {});
        let whole = betweenness(&g, EdgeLengths::Hops, Some(&sources));
        close(&s.whole, &whole);
        // Each half is exactly the run of its own sources.
        let even: Vec<u32> = sources.iter().step_by(2).copied().collect();
        let odd: Vec<u32> = sources.iter().skip(1).step_by(2).copied().collect();
        assert_eq!(s.halves[0], betweenness(&g, EdgeLengths::Hops, Some(&even)));
        assert_eq!(s.halves[1], betweenness(&g, EdgeLengths::Hops, Some(&odd)));
        // One source: the second half is empty and stays 0 (no NaN).
        let one = sampled_halves(&g, EdgeLengths::Hops, &[5], &|_, _| {});
        assert!(one.halves[1].iter().all(|&x| x == 0.0));
        assert!(one.whole.iter().all(|x| x.is_finite()));
        // Progress counts both halves to the total.
        let last = std::sync::atomic::AtomicU64::new(0);
        sampled_halves(&g, EdgeLengths::Hops, &sources, &|d, t| {
            assert_eq!(t, 41);
            last.fetch_max(d, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(last.into_inner(), 41);
    }

    #[test]
    fn directed_path() {
        // a→b→c: the only pair routed through a node is (a, c) via b: raw(b) = 1,
        // b = 1 / ((3−1)(3−2)) = 0.5; the ends are 0.
        let g = graph(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        close(&betweenness(&g, EdgeLengths::Hops, None), &[0.0, 0.5, 0.0]);
    }

    #[test]
    fn out_star_and_in_star_and_two_way_star() {
        // Out-star 0→{1,2,3}: no path has an interior node: all 0.
        let g = graph(4, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]);
        close(&betweenness(&g, EdgeLengths::Hops, None), &[0.0; 4]);
        // Two-way star, centre 0 with leaves 1..=3: every ordered leaf pair (3·2 = 6) goes through
        // 0: raw(0) = 6, normalised 6 / ((4−1)(4−2)) = 1.
        let g = graph(
            4,
            &[
                (0, 1, 1.0),
                (1, 0, 1.0),
                (0, 2, 1.0),
                (2, 0, 1.0),
                (0, 3, 1.0),
                (3, 0, 1.0),
            ],
        );
        close(
            &betweenness(&g, EdgeLengths::Hops, None),
            &[1.0, 0.0, 0.0, 0.0],
        );
    }

    #[test]
    fn directed_cycle() {
        // 0→1→2→3→0: each source s reaches s+2 through s+1 and s+3 through s+1, s+2, so node v
        // is interior to the pairs (v−1, v+1), (v−1, v+2) and (v−2, v+1): raw = 3, normalised
        // 3 / ((4−1)(4−2)) = 0.5.
        let g = graph(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)]);
        close(&betweenness(&g, EdgeLengths::Hops, None), &[0.5; 4]);
    }

    #[test]
    fn ties_split_paths() {
        // Diamond 0→1→3, 0→2→3: two shortest 0→3 paths, each middle node carries half:
        // raw(1) = raw(2) = 0.5; n = 4, so 0.5 / 6 = 1/12.
        let g = graph(4, &[(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)]);
        close(
            &betweenness(&g, EdgeLengths::Hops, None),
            &[0.0, 1.0 / 12.0, 1.0 / 12.0, 0.0],
        );
        // Tail 3→4 adds the pair (0, 4) (halves again through 1 and 2, whole through 3) and
        // (1, 4), (2, 4) through 3: raw(1) = raw(2) = 1, raw(3) = 3; n = 5: divide by 12.
        let g = graph(
            5,
            &[
                (0, 1, 1.0),
                (0, 2, 1.0),
                (1, 3, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
            ],
        );
        close(
            &betweenness(&g, EdgeLengths::Hops, None),
            &[0.0, 1.0 / 12.0, 1.0 / 12.0, 0.25, 0.0],
        );
    }

    #[test]
    fn fewer_than_three_nodes_is_zero() {
        let g = graph(2, &[(0, 1, 1.0), (1, 0, 1.0)]);
        assert_eq!(betweenness(&g, EdgeLengths::Hops, None), vec![0.0, 0.0]);
        let g = graph(1, &[]);
        assert_eq!(betweenness(&g, EdgeLengths::Hops, None), vec![0.0]);
        let g = HandoffGraph::default();
        assert!(betweenness(&g, EdgeLengths::Hops, None).is_empty());
    }

    #[test]
    fn isolated_node_and_disconnected_parts() {
        // Path 0→1→2, path 3→4→5, isolated 6. raw(1) = raw(4) = 1; n = 7: / (6·5) = 1/30.
        let g = graph(7, &[(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0)]);
        let e = 1.0 / 30.0;
        close(
            &betweenness(&g, EdgeLengths::Hops, None),
            &[0.0, e, 0.0, 0.0, e, 0.0, 0.0],
        );
    }

    #[test]
    fn volume_weight_changes_the_shortest_path() {
        // 0→2 directly with volume 1 (length 1), or 0→1→2 with volume 4 each (length 0.25 + 0.25
        // = 0.5 < 1). Hops: the direct edge wins, nobody is interior: all 0. Volume: the path
        // through 1 wins: raw(1) = 1, n = 3: b(1) = 1 / 2.
        let g = graph(3, &[(0, 2, 1.0), (0, 1, 4.0), (1, 2, 4.0)]);
        close(&betweenness(&g, EdgeLengths::Hops, None), &[0.0; 3]);
        let len = edge_lengths(&g, Weight::Volume).unwrap();
        close(
            &betweenness(&g, EdgeLengths::PerEdge(&len), None),
            &[0.0, 0.5, 0.0],
        );
        // Volume 2 each: 0.5 + 0.5 = 1.0 == 1.0 exactly: a tie, each path carries half: 1/4.
        let g = graph(3, &[(0, 2, 1.0), (0, 1, 2.0), (1, 2, 2.0)]);
        let len = edge_lengths(&g, Weight::Volume).unwrap();
        close(
            &betweenness(&g, EdgeLengths::PerEdge(&len), None),
            &[0.0, 0.25, 0.0],
        );
    }

    #[test]
    fn weighted_ties_use_exact_float_equality() {
        // Lengths 0.1 + 0.2 = 0.30000000000000004 ≠ 0.3: no tie, the direct edge (0.3) wins,
        // node 1 gets nothing (networkx behaves the same way). Waits carry the lengths.
        let g = graph_with_waits(
            3,
            &[
                (0, 1, 1.0, Some(0.1)),
                (1, 2, 1.0, Some(0.2)),
                (0, 2, 1.0, Some(0.3)),
            ],
        );
        let len = edge_lengths(&g, Weight::Wait).unwrap();
        close(
            &betweenness(&g, EdgeLengths::PerEdge(&len), None),
            &[0.0; 3],
        );
        // 0.25 + 0.25 == 0.5 exactly: tie, node 1 carries half of (0, 2): 0.5 / 2 = 0.25.
        let g = graph_with_waits(
            3,
            &[
                (0, 1, 1.0, Some(0.25)),
                (1, 2, 1.0, Some(0.25)),
                (0, 2, 1.0, Some(0.5)),
            ],
        );
        let len = edge_lengths(&g, Weight::Wait).unwrap();
        close(
            &betweenness(&g, EdgeLengths::PerEdge(&len), None),
            &[0.0, 0.25, 0.0],
        );
    }

    #[test]
    fn hop_lengths_through_dijkstra_equal_bfs() {
        let edges: Vec<(u32, u32, f64)> = (0..40u32)
            .flat_map(|i| [(i, (i * 7 + 3) % 40, 1.0), (i, (i * 13 + 5) % 40, 1.0)])
            .collect();
        let mut edges: Vec<_> = edges.into_iter().filter(|e| e.0 != e.1).collect();
        edges.sort_by_key(|e| (e.0, e.1));
        edges.dedup_by_key(|e| (e.0, e.1));
        let g = graph(40, &edges);
        let ones = vec![1.0; g.edge_count()];
        let a = betweenness(&g, EdgeLengths::Hops, None);
        let b = betweenness(&g, EdgeLengths::PerEdge(&ones), None);
        close(&a, &b);
        assert!(a.iter().any(|&x| x > 0.0));
    }

    #[test]
    fn sampled_rescaling_follows_networkx_3_6() {
        // Path 0→1→2→3 (n = 4), sources {0, 1}: raw from 0: node 1 on (0,2),(0,3) = 2, node 2 on
        // (0,3) = 1; from 1: node 2 on (1,3) = 1. k = 2, n − 2 = 2: sources scale 1/((k−1)(n−2))
        // = 1/2, others 1/(k(n−2)) = 1/4: b(1) = 2/2 = 1, b(2) = 2/4 = 0.5.
        let g = graph(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        close(
            &betweenness(&g, EdgeLengths::Hops, Some(&[1, 0])),
            &[0.0, 1.0, 0.5, 0.0],
        );
        // All nodes as sources = exact.
        close(
            &betweenness(&g, EdgeLengths::Hops, Some(&[3, 2, 1, 0, 0])),
            &betweenness(&g, EdgeLengths::Hops, None),
        );
        // One source: its own value is 0 (networkx: NaN), others / (1 · 2).
        close(
            &betweenness(&g, EdgeLengths::Hops, Some(&[0])),
            &[0.0, 1.0, 0.5, 0.0],
        );
        close(&betweenness(&g, EdgeLengths::Hops, Some(&[])), &[0.0; 4]);
    }

    #[test]
    fn sample_sources_is_seeded_sorted_and_distinct() {
        let a = sample_sources(100, 10, 7);
        assert_eq!(a, sample_sources(100, 10, 7));
        assert_ne!(a, sample_sources(100, 10, 8));
        assert_eq!(a.len(), 10);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample_sources(5, 9, 1), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn progress_reaches_the_total_without_changing_results() {
        let edges: Vec<(u32, u32, f64)> = (0..199u32).map(|i| (i, i + 1, 1.0)).collect();
        let g = graph(200, &edges);
        let calls = std::sync::Mutex::new(Vec::new());
        let with = betweenness_with_progress(&g, EdgeLengths::Hops, None, &|d, t| {
            calls.lock().unwrap().push((d, t))
        });
        assert_eq!(with, betweenness(&g, EdgeLengths::Hops, None));
        let calls = calls.into_inner().unwrap();
        assert!(calls.len() <= MAX_CHUNKS && !calls.is_empty());
        assert_eq!(calls.iter().map(|c| c.0).max(), Some(200));
        assert!(calls.iter().all(|c| c.1 == 200));
    }

    /// Betweenness by definition, for checking the kernels: all-pairs hop distances and path
    /// counts by BFS, then raw(v) = Σ_{s≠v≠t, d(s,v)+d(v,t)=d(s,t)} σ(s,v)·σ(v,t)/σ(s,t).
    fn by_definition(g: &HandoffGraph) -> Vec<f64> {
        let n = g.node_count();
        let mut d = vec![vec![u32::MAX; n]; n];
        let mut sigma = vec![vec![0.0f64; n]; n];
        for s in 0..n {
            d[s][s] = 0;
            sigma[s][s] = 1.0;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                for &w in g.successors(v as u32) {
                    let w = w as usize;
                    if d[s][w] == u32::MAX {
                        d[s][w] = d[s][v] + 1;
                        queue.push_back(w);
                    }
                    if d[s][w] == d[s][v] + 1 {
                        sigma[s][w] += sigma[s][v];
                    }
                }
            }
        }
        let mut raw = vec![0.0; n];
        for s in 0..n {
            for t in 0..n {
                if s == t || d[s][t] == u32::MAX {
                    continue;
                }
                for v in 0..n {
                    if v != s
                        && v != t
                        && d[s][v] != u32::MAX
                        && d[v][t] != u32::MAX
                        && d[s][v] + d[v][t] == d[s][t]
                    {
                        raw[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                    }
                }
            }
        }
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        raw.iter().map(|x| x * scale).collect()
    }

    fn random_graph(n: u32, out_degree: u32, seed: u64) -> HandoffGraph {
        let mut rng = Rng::new(seed);
        let mut edges = Vec::new();
        for a in 0..n {
            for _ in 0..out_degree {
                let b = rng.below(n as u64) as u32;
                if b != a {
                    edges.push((a, b, 1.0));
                }
            }
        }
        edges.sort_by_key(|e| (e.0, e.1));
        edges.dedup_by_key(|e| (e.0, e.1));
        graph(n as usize, &edges)
    }

    #[test]
    fn bfs_kernel_agrees_with_the_definition_in_both_directions() {
        // Sparse (mostly top-down) to dense (bottom-up from the second level on) random graphs,
        // plus one with unreachable parts (degree 1: many nodes no source reaches).
        for (n, k, seed) in [(60, 1, 1), (60, 2, 2), (60, 4, 3), (50, 12, 4), (40, 25, 5)] {
            let g = random_graph(n, k, seed);
            let expected = by_definition(&g);
            let actual = betweenness(&g, EdgeLengths::Hops, None);
            for (v, (a, e)) in actual.iter().zip(&expected).enumerate() {
                assert!((a - e).abs() < 1e-12, "n={n} k={k}: node {v}: {a} vs {e}");
            }
        }
        // Both directions are taken.
        let mut steps = 0;
        for (n, k, seed) in [(60, 2, 2), (40, 25, 5)] {
            let g = random_graph(n, k, seed);
            let nodes = node_edges(&g);
            let mut kernel = Bfs::<u16>::new(&g, &nodes);
            let mut acc = vec![0.0; n as usize];
            for s in 0..n {
                kernel.run(s, &[], &mut acc);
            }
            steps += kernel.bottom_up_steps;
        }
        assert!(steps > 0, "no bottom-up step was taken");
    }

    #[test]
    fn narrow_and_wide_positions_agree_bit_for_bit() {
        // The 16-bit and 32-bit kernels do the same arithmetic in the same order; after every
        // source all marks are reset (a stale mark would change the next source's search).
        assert!(narrow_positions(65_535) && !narrow_positions(65_536));
        for (n, k, seed) in [(60, 1, 11), (60, 3, 12), (50, 12, 13)] {
            let g = random_graph(n, k, seed);
            let nodes = node_edges(&g);
            let mut narrow = Bfs::<u16>::new(&g, &nodes);
            let mut wide = Bfs::<u32>::new(&g, &nodes);
            let (mut a, mut b) = (vec![0.0; n as usize], vec![0.0; n as usize]);
            for s in 0..n {
                narrow.run(s, &[], &mut a);
                wide.run(s, &[], &mut b);
                assert!(narrow.mark.iter().all(|&m| m == u16::MAX));
                assert!(wide.mark.iter().all(|&m| m == u32::MAX));
            }
            let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b), "n={n} k={k}");
            // Running every source twice gives twice the sums: nothing leaks between sources.
            let mut twice = vec![0.0; n as usize];
            for s in (0..n).chain(0..n) {
                narrow.run(s, &[], &mut twice);
            }
            for (t, x) in twice.iter().zip(&a) {
                assert!((t - 2.0 * x).abs() <= 1e-12 * x.abs().max(1.0));
            }
        }
    }

    #[test]
    fn feeders_are_folded_exactly() {
        // Shapes full of out-degree-1 nodes: two-way star (every leaf feeds the centre), in-star
        // (leaves feed a sink), a path (only the node before the end is folded), a tree with
        // edges both ways plus one-way twigs, a cycle with whiskers, and random sparse graphs.
        type Shape = (u32, Vec<(u32, u32, f64)>);
        let mut shapes: Vec<Shape> = vec![
            (6, (1..6).flat_map(|i| [(0, i, 1.0), (i, 0, 1.0)]).collect()),
            (6, (1..6).map(|i| (i, 0, 1.0)).collect()),
            (6, (0..5).map(|i| (i, i + 1, 1.0)).collect()),
            (
                12,
                (1..8)
                    .flat_map(|i| [((i - 1) / 2, i, 1.0), (i, (i - 1) / 2, 1.0)])
                    .chain([(8, 3, 1.0), (9, 3, 1.0), (10, 5, 1.0), (4, 11, 1.0)])
                    .collect(),
            ),
            (
                9,
                (0..5)
                    .map(|i| (i, (i + 1) % 5, 1.0))
                    .chain([
                        (5, 0, 1.0),
                        (6, 0, 1.0),
                        (7, 2, 1.0),
                        (2, 8, 1.0),
                        (8, 2, 1.0),
                    ])
                    .collect(),
            ),
        ];
        for seed in 0..6 {
            let g = random_graph(40, 1 + (seed % 3) as u32, 20 + seed);
            let mut edges = Vec::new();
            for v in 0..40u32 {
                for &w in g.successors(v) {
                    edges.push((v, w, 1.0));
                }
            }
            shapes.push((40, edges));
        }
        let mut folded = 0;
        for (n, mut edges) in shapes {
            edges.sort_by_key(|e| (e.0, e.1));
            edges.dedup_by_key(|e| (e.0, e.1));
            let g = graph(n as usize, &edges);
            folded += Feeders::of(&g).list.len();
            let expected = by_definition(&g);
            let actual = betweenness(&g, EdgeLengths::Hops, None);
            let plain = betweenness(&g, EdgeLengths::Hops, Some(&(0..n).collect::<Vec<_>>()));
            for v in 0..n as usize {
                assert!(
                    (actual[v] - expected[v]).abs() < 1e-12
                        && (plain[v] - expected[v]).abs() < 1e-12,
                    "n={n} {edges:?}: node {v}: folded {} plain {} expected {}",
                    actual[v],
                    plain[v],
                    expected[v]
                );
            }
        }
        assert!(
            folded >= 20,
            "only {folded} feeders: the test does not exercise the fold"
        );
    }

    #[test]
    fn progress_counts_folded_sources() {
        // A two-way star of 30 leaves: 30 of 31 sources are folded, progress still reaches 31.
        let edges: Vec<(u32, u32, f64)> = (1..31u32)
            .flat_map(|i| [(0, i, 1.0), (i, 0, 1.0)])
            .collect();
        let mut edges = edges;
        edges.sort_by_key(|e| (e.0, e.1));
        let g = graph(31, &edges);
        assert_eq!(Feeders::of(&g).list.len(), 30);
        let last = std::sync::Mutex::new((0, 0));
        betweenness_with_progress(&g, EdgeLengths::Hops, None, &|d, t| {
            let mut l = last.lock().unwrap();
            *l = (*l).max((d, t));
        });
        assert_eq!(*last.lock().unwrap(), (31, 31));
    }

    #[test]
    fn batched_kernel_agrees_with_the_single_source_kernel() {
        // Random graphs from sparse (top-down) to dense (bottom-up), trees with edges both ways,
        // stars, paths, cycles, disconnected parts, isolated nodes, n < 3; every source with its
        // feeders (Feeders::of) and without, in chunks that leave partial batches.
        type Shape = (u32, Vec<(u32, u32, f64)>);
        let mut shapes: Vec<Shape> = vec![
            (1, vec![]),
            (2, vec![(0, 1, 1.0), (1, 0, 1.0)]),
            (3, vec![(0, 1, 1.0), (1, 2, 1.0)]),
            (
                40,
                (1..40).flat_map(|i| [(0, i, 1.0), (i, 0, 1.0)]).collect(),
            ),
            (40, (1..40).map(|i| (i, 0, 1.0)).collect()),
            (40, (0..39).map(|i| (i, i + 1, 1.0)).collect()),
            (40, (0..40).map(|i| (i, (i + 1) % 40, 1.0)).collect()),
            (
                63,
                (1..63)
                    .flat_map(|i| [((i - 1) / 2, i, 1.0), (i, (i - 1) / 2, 1.0)])
                    .collect(),
            ),
            (
                50,
                (0..20)
                    .map(|i| (i, (i + 1) % 20, 1.0))
                    .chain((20..44).map(|i| (i, i + 1, 1.0)))
                    .collect(),
            ),
        ];
        for (n, k, seed) in [
            (70, 1, 31),
            (70, 2, 32),
            (70, 4, 33),
            (60, 12, 34),
            (45, 25, 35),
        ] {
            let g = random_graph(n, k, seed);
            let mut edges = Vec::new();
            for v in 0..n {
                for &w in g.successors(v) {
                    edges.push((v, w, 1.0));
                }
            }
            shapes.push((n, edges));
        }
        let mut bottom_up = 0;
        for (n, mut edges) in shapes {
            edges.sort_by_key(|e| (e.0, e.1));
            edges.dedup_by_key(|e| (e.0, e.1));
            let g = graph(n as usize, &edges);
            let nodes = node_edges(&g);
            for feeders in [Feeders::none(n as usize), Feeders::of(&g)] {
                let sources: Vec<u32> = (0..n).filter(|&v| !feeders.is_folded(v)).collect();
                let mut single = Bfs::<u16>::new(&g, &nodes);
                let mut expected = vec![0.0; n as usize];
                for &s in &sources {
                    single.run(s, feeders.of_node(s), &mut expected);
                }
                let mut batch = Batch::new(&g, &nodes);
                for chunk in [LANES, 5, 1] {
                    let mut actual = vec![0.0; n as usize];
                    for part in sources.chunks(chunk) {
                        batch.run_chunk(part, &feeders, &mut actual);
                        assert!(batch.seen.iter().all(|&m| m == 0), "seen left set");
                    }
                    for v in 0..n as usize {
                        let (a, e) = (actual[v], expected[v]);
                        assert!(
                            (a - e).abs() <= 1e-12 * e.abs().max(1.0),
                            "n={n} chunk={chunk} {edges:?}: node {v}: batched {a}, single {e}"
                        );
                    }
                }
            }
            bottom_up += batch_bottom_up_steps(&g, &nodes);
        }
        assert!(bottom_up > 0, "no bottom-up step was taken");
    }

    /// Bottom-up steps of the batched kernel over every source of `g`.
    fn batch_bottom_up_steps(g: &HandoffGraph, nodes: &[NodeEdges]) -> usize {
        let mut batch = Batch::new(g, nodes);
        let mut acc = vec![0.0; g.node_count()];
        let sources: Vec<u32> = (0..g.node_count() as u32).collect();
        batch.run_chunk(&sources, &Feeders::none(g.node_count()), &mut acc);
        batch.bottom_up_steps
    }

    #[test]
    fn thread_count_does_not_change_a_bit() {
        let mut edges = Vec::new();
        let mut rng = Rng::new(5);
        for a in 0..300u32 {
            for _ in 0..4 {
                let b = rng.below(300) as u32;
                if b != a {
                    edges.push((a, b, 1.0 + rng.below(20) as f64));
                }
            }
        }
        edges.sort_by_key(|e| (e.0, e.1));
        edges.dedup_by_key(|e| (e.0, e.1));
        let g = graph(300, &edges);
        let len = edge_lengths(&g, Weight::Volume).unwrap();
        let run = |threads: usize, l: EdgeLengths<'_>| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| betweenness(&g, l, None))
        };
        for l in [EdgeLengths::Hops, EdgeLengths::PerEdge(&len)] {
            let one: Vec<u64> = run(1, l).iter().map(|x| x.to_bits()).collect();
            let two: Vec<u64> = run(2, l).iter().map(|x| x.to_bits()).collect();
            let three: Vec<u64> = run(3, l).iter().map(|x| x.to_bits()).collect();
            assert_eq!(one, two);
            assert_eq!(one, three);
        }
    }
}
