//! The bottleneck family (docs/output.md): betweenness,
//! articulation points and bridges, per-unit handoff volumes and distinct partners, and the
//! ranked `bottlenecks` table that says why each unit ranks.

use crate::error::{OptionError, SeamsError};
use crate::metrics::articulation::cut_structure;
use crate::metrics::betweenness::{
    betweenness_with_progress, edge_lengths, sample_sources, sampled_halves, EdgeLengths,
};
use crate::metrics::Weight;
use crate::model::HandoffGraph;

/// Above this n·m, betweenness switches to sampling by itself (docs/output.md).
pub const AUTO_SAMPLE_ABOVE: u128 = 20_000_000_000;
/// Number of sources of automatic sampling (docs/output.md).
pub const AUTO_SAMPLE_K: usize = 256;

/// What the user asked for (`--weight`, `--approx K`, `--exact`, `--seed S`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BottleneckOptions {
    /// Edge lengths of betweenness (hops by default).
    pub weight: Weight,
    /// `--approx K`: sample K sources (K ≥ 2; K ≥ n means exact).
    pub approx: Option<usize>,
    /// `--exact`: never switch to sampling by itself (conflicts with `approx`).
    pub exact: bool,
    /// `--seed S` of the source draw (default 0).
    pub seed: u64,
}

/// How betweenness was computed; recorded in the output as `betweenness_mode`, K and the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase", tag = "mode")]
pub enum BetweennessMode {
    /// Every node was a source.
    Exact,
    /// `k` sources drawn with `seed`; `automatic` when the graph was too large for exact
    /// betweenness (n·m > 2·10¹⁰) and no `--approx` / `--exact` was given.
    Sampled {
        /// Number of sources.
        k: usize,
        /// Seed of the draw.
        seed: u64,
        /// Switched on by itself rather than by `--approx`.
        automatic: bool,
    },
}

impl BetweennessMode {
    /// `"exact"` or `"sampled"` (the JSON value of `betweenness_mode`).
    pub fn label(&self) -> &'static str {
        match self {
            BetweennessMode::Exact => "exact",
            BetweennessMode::Sampled { .. } => "sampled",
        }
    }

    /// Decides the mode from the options and the graph size (docs/output.md).
    ///
    /// # Errors
    /// [`OptionError`] when `approx` < 2, or when both `approx` and `exact` are set.
    pub fn resolve(options: &BottleneckOptions, n: usize, m: usize) -> Result<Self, SeamsError> {
        match (options.approx, options.exact) {
            (Some(_), true) => Err(OptionError::SampledAndExact.into()),
            (Some(k), false) if k < 2 => Err(OptionError::TooFewSources { k }.into()),
            (Some(k), false) if k >= n => Ok(BetweennessMode::Exact),
            (Some(k), false) => Ok(BetweennessMode::Sampled {
                k,
                seed: options.seed,
                automatic: false,
            }),
            (None, true) => Ok(BetweennessMode::Exact),
            (None, false) => {
                if (n as u128) * (m as u128) > AUTO_SAMPLE_ABOVE && AUTO_SAMPLE_K < n {
                    Ok(BetweennessMode::Sampled {
                        k: AUTO_SAMPLE_K,
                        seed: options.seed,
                        automatic: true,
                    })
                } else {
                    Ok(BetweennessMode::Exact)
                }
            }
        }
    }
}

/// The bottleneck metrics of every node of the handoff graph (vectors indexed by node, so in id
/// order) and the ranked table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct BottleneckMetrics {
    /// Edge lengths betweenness used.
    pub weight: Weight,
    /// Exact or sampled (with K and seed).
    pub mode: BetweennessMode,
    /// Normalised betweenness per node (docs/output.md).
    pub betweenness: Vec<f64>,
    /// Handoff volume received from other units (unit-to-unit edges only, docs/output.md).
    pub in_volume: Vec<f64>,
    /// Handoff volume passed to other units.
    pub out_volume: Vec<f64>,
    /// Number of distinct units handing work to this one (its in-neighbours).
    pub distinct_upstream: Vec<u32>,
    /// Number of distinct units this one hands work to (its out-neighbours).
    pub distinct_downstream: Vec<u32>,
    /// Articulation points of the undirected handoff graph, ascending.
    pub articulation_points: Vec<u32>,
    /// Bridges (a, b), a < b, ascending.
    pub bridges: Vec<(u32, u32)>,
    /// Every node with betweenness > 0 or that is an articulation point, ranked (docs/output.md).
    pub ranking: Vec<BottleneckRow>,
    /// For a sampled run, how much the two halves of the sample agree on their top units;
    /// None when exact.
    pub sample_halves: Option<HalvesAgreement>,
}

/// One row of the ranked `bottlenecks` table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct BottleneckRow {
    /// Node index (the report maps it to the unit id).
    pub node: u32,
    /// 1-based rank.
    pub rank: usize,
    /// Normalised betweenness.
    pub betweenness: f64,
    /// Volume received from other units.
    pub in_volume: f64,
    /// Volume passed to other units.
    pub out_volume: f64,
    /// Whether removing the unit disconnects the undirected handoff graph.
    pub articulation_point: bool,
    /// Why it ranks, in this order: articulation point; top-decile betweenness (or, outside
    /// the top decile, its betweenness); share of all handoff volume it receives. The words
    /// are the output layer's (`crate::report::rows::reason_text`).
    pub reasons: Vec<BottleneckReason>,
}

/// One reason a unit ranks as a bottleneck (a typed value; the report writes the words).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum BottleneckReason {
    /// Removing the unit disconnects the undirected handoff graph.
    ArticulationPoint,
    /// Betweenness > 0 and at least the ⌈n/10⌉-th largest value (ties at the threshold are
    /// all in).
    TopDecileBetweenness {
        /// The unit's normalised betweenness.
        betweenness: f64,
    },
    /// Betweenness > 0 but below the top decile.
    Betweenness {
        /// The unit's normalised betweenness.
        betweenness: f64,
    },
    /// The unit receives a share of all handoff volume: in_volume / Σ volume of all edges,
    /// when both are > 0.
    ReceivesShare {
        /// in_volume / total volume, in (0, 1].
        share: f64,
    },
}

/// The bottleneck family without progress reporting; see [`bottlenecks_with_progress`].
///
/// # Examples
/// Handoffs a → b → c: b carries the one routed pair and cuts the graph.
/// ```
/// # use seams::metrics::bottleneck::{bottlenecks, BottleneckOptions, BottleneckReason};
/// # let dir = tempfile::tempdir().unwrap();
/// # std::fs::write(dir.path().join("teams.csv"), "id,parent\na,\nb,\nc,\n").unwrap();
/// # std::fs::write(dir.path().join("handoffs.csv"), "from,to,volume\na,b,3\nb,c,1\n").unwrap();
/// let (org, _) = seams::load(dir.path(), &Default::default()).unwrap();
/// let m = bottlenecks(&org.handoffs, &BottleneckOptions::default()).unwrap();
/// assert_eq!(m.ranking.len(), 1);
/// assert_eq!((m.ranking[0].node, m.ranking[0].betweenness), (1, 0.5));
/// assert!(m.ranking[0].articulation_point);
/// assert_eq!(m.ranking[0].reasons[2], BottleneckReason::ReceivesShare { share: 0.75 });
/// ```
pub fn bottlenecks(
    graph: &HandoffGraph,
    options: &BottleneckOptions,
) -> Result<BottleneckMetrics, SeamsError> {
    bottlenecks_with_progress(graph, options, &|_, _| {})
}

/// Computes the bottleneck family of the handoff graph.
///
/// # Arguments
/// * `graph` – the handoff graph (unit-to-unit edges only: customer handoffs never count here).
/// * `options` – `weight` (betweenness edge lengths: hops, 1/volume or wait), `approx` (K ≥ 2
///   sampled sources; K ≥ n = exact), `exact` (forbid automatic sampling), `seed` (the draw:
///   `Rng::new(seed).sample_indices(n, K)`). With neither `approx` nor `exact`, sampling with
///   K = 256 switches on by itself when n·m > 2·10¹⁰.
/// * `progress` – called with (sources done, sources in total) after each chunk of betweenness
///   sources (≤ ~64 calls, from worker threads). It cannot change the result.
///
/// # Returns
/// Per-node vectors (betweenness; in/out volume = Σ of merged volumes of in/out-edges;
/// distinct up/downstream = in/out-degree), articulation points and bridges (ascending), and the
/// ranking: every node with betweenness > 0 or that is an articulation point, ordered by
/// betweenness descending, then in + out volume descending, then node index (= id byte order,
/// docs/output.md). Reasons ([`BottleneckReason`]), in this order:
/// * [`BottleneckReason::ArticulationPoint`];
/// * [`BottleneckReason::TopDecileBetweenness`] when betweenness > 0 and ≥ the ⌈n/10⌉-th
///   largest value (ties at the threshold are all in), otherwise
///   [`BottleneckReason::Betweenness`] when > 0;
/// * [`BottleneckReason::ReceivesShare`] = in_volume / Σ volume of all edges, when > 0.
///
/// # Errors
/// [`OptionError`] when `approx` < 2 or when `approx` and `exact` are both given.
///
/// # Complexity
/// Betweenness dominates: O(K·m) hops or O(K·(m + n) log n) weighted, K = n when exact; the rest
/// is O(n log n + m). Memory O(n + m) per worker thread plus ≤ 64 vectors of n `f64`s.
///
/// # Determinism
/// Bit-identical for any thread count (see
/// [`crate::metrics::betweenness::betweenness_with_progress`]); ties in the ranking break by id.
pub fn bottlenecks_with_progress(
    graph: &HandoffGraph,
    options: &BottleneckOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<BottleneckMetrics, SeamsError> {
    let n = graph.node_count();
    let mode = BetweennessMode::resolve(options, n, graph.edge_count())?;
    let lengths = edge_lengths(graph, options.weight);
    let lengths = match &lengths {
        None => EdgeLengths::Hops,
        Some(l) => EdgeLengths::PerEdge(l),
    };
    let (betweenness, sample_halves) = match mode {
        BetweennessMode::Exact => (
            betweenness_with_progress(graph, lengths, None, progress),
            None,
        ),
        BetweennessMode::Sampled { k, seed, .. } => {
            let sources = sample_sources(n, k, seed);
            let s = sampled_halves(graph, lengths, &sources, progress);
            let agreement = HalvesAgreement::of(&s.halves[0], &s.halves[1]);
            (s.whole, Some(agreement))
        }
    };

    let volumes = graph.out_volumes();
    let in_edges = graph.in_edges();
    let mut in_volume = vec![0.0; n];
    let mut out_volume = vec![0.0; n];
    let mut distinct_upstream = vec![0u32; n];
    let mut distinct_downstream = vec![0u32; n];
    for v in 0..n as u32 {
        let i = v as usize;
        let out = graph.out_range(v);
        distinct_downstream[i] = out.len() as u32;
        out_volume[i] = volumes[out].iter().sum();
        let inn = graph.in_range(v);
        distinct_upstream[i] = inn.len() as u32;
        in_volume[i] = in_edges[inn].iter().map(|&e| volumes[e as usize]).sum();
    }

    let cuts = cut_structure(graph);
    let ranking = rank(
        &betweenness,
        &in_volume,
        &out_volume,
        &cuts.articulation_points,
        volumes.iter().sum(),
    );
    Ok(BottleneckMetrics {
        weight: options.weight,
        mode,
        betweenness,
        in_volume,
        out_volume,
        distinct_upstream,
        distinct_downstream,
        articulation_points: cuts.articulation_points,
        bridges: cuts.bridges,
        ranking,
        sample_halves,
    })
}

/// How far a sample's ranking can be trusted: the top units of the estimates from each half
/// of the sources ([`crate::metrics::betweenness::SampledHalves`]) compared (docs/output.md,
/// `betweenness_halves_top10_shared`). Two independent halves that agree on most of their top
/// 10 mean the whole sample ranks its top units steadily; halves that share few mean the order
/// of the top units is noise at this sample size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HalvesAgreement {
    /// Units in both halves' top [`HalvesAgreement::TOP`] (highest betweenness, ties by id).
    pub shared: usize,
    /// How many were compared: [`HalvesAgreement::TOP`], or n when smaller.
    pub of: usize,
}

impl HalvesAgreement {
    /// The size of the top lists compared.
    pub const TOP: usize = 10;

    /// The agreement of two estimates of the same nodes.
    ///
    /// # Complexity
    /// O(n) (a partial selection of each top list).
    pub fn of(a: &[f64], b: &[f64]) -> HalvesAgreement {
        let of = Self::TOP.min(a.len());
        let top = |x: &[f64]| -> Vec<u32> {
            let mut v: Vec<u32> = (0..x.len() as u32).collect();
            let order = |p: &u32, q: &u32| x[*q as usize].total_cmp(&x[*p as usize]).then(p.cmp(q));
            if of > 0 && of < v.len() {
                v.select_nth_unstable_by(of - 1, order);
            }
            v.truncate(of);
            v.sort_unstable();
            v
        };
        let (ta, tb) = (top(a), top(b));
        let shared = ta.iter().filter(|v| tb.binary_search(v).is_ok()).count();
        HalvesAgreement { shared, of }
    }

    /// Whether the top units' order is to be read from the sample: at least 7 of 10 shared.
    pub fn steady(&self) -> bool {
        self.shared * 10 >= self.of * 7
    }
}

/// The ranked table (docs/output.md): see [`bottlenecks_with_progress`] for order and reasons.
fn rank(
    betweenness: &[f64],
    in_volume: &[f64],
    out_volume: &[f64],
    articulation_points: &[u32],
    total_volume: f64,
) -> Vec<BottleneckRow> {
    let n = betweenness.len();
    let mut is_cut = vec![false; n];
    for &v in articulation_points {
        is_cut[v as usize] = true;
    }
    // Top decile: at least the ⌈n/10⌉-th largest betweenness (and > 0).
    let threshold = if n == 0 {
        f64::INFINITY
    } else {
        let mut sorted = betweenness.to_vec();
        sorted.sort_unstable_by(|a, b| b.total_cmp(a));
        sorted[n.div_ceil(10) - 1]
    };
    let mut nodes: Vec<u32> = (0..n as u32)
        .filter(|&v| betweenness[v as usize] > 0.0 || is_cut[v as usize])
        .collect();
    let traffic = |v: u32| in_volume[v as usize] + out_volume[v as usize];
    nodes.sort_by(|&a, &b| {
        betweenness[b as usize]
            .total_cmp(&betweenness[a as usize])
            .then_with(|| traffic(b).total_cmp(&traffic(a)))
            .then_with(|| a.cmp(&b))
    });
    nodes
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let b = betweenness[v as usize];
            let mut reasons = Vec::new();
            if is_cut[v as usize] {
                reasons.push(BottleneckReason::ArticulationPoint);
            }
            if b > 0.0 && b >= threshold {
                reasons.push(BottleneckReason::TopDecileBetweenness { betweenness: b });
            } else if b > 0.0 {
                reasons.push(BottleneckReason::Betweenness { betweenness: b });
            }
            let inv = in_volume[v as usize];
            if inv > 0.0 && total_volume > 0.0 {
                reasons.push(BottleneckReason::ReceivesShare {
                    share: inv / total_volume,
                });
            }
            BottleneckRow {
                node: v,
                rank: i + 1,
                betweenness: b,
                in_volume: inv,
                out_volume: out_volume[v as usize],
                articulation_point: is_cut[v as usize],
                reasons,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::betweenness::tests::graph;

    #[test]
    fn halves_agreement_counts_the_shared_top_units() {
        let a: Vec<f64> = (0..20).map(f64::from).collect(); // top 10: nodes 10..19
        let mut b = a.clone();
        b.reverse(); // top 10: nodes 0..9
        assert_eq!(
            HalvesAgreement::of(&a, &a),
            HalvesAgreement { shared: 10, of: 10 }
        );
        assert_eq!(HalvesAgreement::of(&a, &b).shared, 0);
        b[0] = 100.0; // node 0 now leads b; b's top 10 is 0..9 still
        b[15] = 50.0; // node 15 enters b's top 10 (node 9 leaves it)
        assert_eq!(HalvesAgreement::of(&a, &b).shared, 1);
        // Ties break by id, so all-zero estimates share their first ten nodes.
        let zeros = vec![0.0; 30];
        assert_eq!(HalvesAgreement::of(&zeros, &zeros).shared, 10);
        // Fewer than ten nodes: all of them are compared.
        assert_eq!(
            HalvesAgreement::of(&[1.0, 2.0], &[2.0, 1.0]),
            HalvesAgreement { shared: 2, of: 2 }
        );
        assert!(HalvesAgreement { shared: 7, of: 10 }.steady());
        assert!(!HalvesAgreement { shared: 6, of: 10 }.steady());
    }

    #[test]
    fn mode_resolution() {
        let o = |approx, exact| BottleneckOptions {
            approx,
            exact,
            seed: 7,
            ..Default::default()
        };
        let r = |opts: BottleneckOptions, n, m| BetweennessMode::resolve(&opts, n, m);
        assert!(matches!(
            r(o(Some(1), false), 100, 10),
            Err(SeamsError::Option(_))
        ));
        assert!(matches!(
            r(o(Some(0), false), 100, 10),
            Err(SeamsError::Option(_))
        ));
        assert!(matches!(
            r(o(Some(5), true), 100, 10),
            Err(SeamsError::Option(_))
        ));
        assert_eq!(
            r(o(Some(100), false), 100, 10).unwrap(),
            BetweennessMode::Exact
        );
        assert_eq!(
            r(o(Some(2), false), 100, 10).unwrap(),
            BetweennessMode::Sampled {
                k: 2,
                seed: 7,
                automatic: false
            }
        );
        // n·m = 2·10¹⁰ exactly: still exact; one more edge: sampled by itself.
        assert_eq!(
            r(o(None, false), 100_000, 200_000).unwrap(),
            BetweennessMode::Exact
        );
        assert_eq!(
            r(o(None, false), 100_000, 200_001).unwrap(),
            BetweennessMode::Sampled {
                k: 256,
                seed: 7,
                automatic: true
            }
        );
        assert_eq!(
            r(o(None, true), 100_000, 200_001).unwrap(),
            BetweennessMode::Exact
        );
        assert_eq!(BetweennessMode::Exact.label(), "exact");
    }

    #[test]
    fn volumes_partners_and_ranking() {
        // 0→1 (5), 1→2 (3), 2→1 (1), 1→3 (2), 4 isolated. n = 5.
        // Betweenness: 1 is interior to (0,2), (0,3), (2,3): raw 3, / (4·3) = 0.25; nobody else.
        // Articulation point: 1 (joins 0, 2 and 3). Total volume 11; 1 receives 5 + 1 = 6:
        // 6/11 = 54.5% → "55%".
        let g = graph(5, &[(0, 1, 5.0), (1, 2, 3.0), (2, 1, 1.0), (1, 3, 2.0)]);
        let m = bottlenecks(&g, &BottleneckOptions::default()).unwrap();
        assert_eq!(m.mode, BetweennessMode::Exact);
        assert_eq!(m.betweenness, vec![0.0, 0.25, 0.0, 0.0, 0.0]);
        assert_eq!(m.in_volume, vec![0.0, 6.0, 3.0, 2.0, 0.0]);
        assert_eq!(m.out_volume, vec![5.0, 5.0, 1.0, 0.0, 0.0]);
        assert_eq!(m.distinct_upstream, vec![0, 2, 1, 1, 0]);
        assert_eq!(m.distinct_downstream, vec![1, 2, 1, 0, 0]);
        assert_eq!(m.articulation_points, vec![1]);
        assert_eq!(m.bridges, vec![(0, 1), (1, 2), (1, 3)]);
        assert_eq!(m.ranking.len(), 1);
        let row = &m.ranking[0];
        assert_eq!((row.node, row.rank, row.articulation_point), (1, 1, true));
        assert_eq!(
            row.reasons,
            vec![
                BottleneckReason::ArticulationPoint,
                BottleneckReason::TopDecileBetweenness { betweenness: 0.25 },
                BottleneckReason::ReceivesShare { share: 6.0 / 11.0 },
            ]
        );
    }

    #[test]
    fn ranking_ties_break_by_volume_then_id() {
        // Two disjoint two-way paths with equal betweenness for their middles 1 and 4, and
        // a third, 7, with equal betweenness and the same volume as 4.
        // 0⇄1⇄2 volumes 1; 3⇄4⇄5 volumes 2; 6⇄7⇄8 volumes 2. Middles: raw 2 each.
        let mut e = Vec::new();
        for (base, vol) in [(0u32, 1.0), (3, 2.0), (6, 2.0)] {
            e.extend([
                (base, base + 1, vol),
                (base + 1, base, vol),
                (base + 1, base + 2, vol),
                (base + 2, base + 1, vol),
            ]);
        }
        let g = graph(9, &e);
        let m = bottlenecks(&g, &BottleneckOptions::default()).unwrap();
        let order: Vec<u32> = m.ranking.iter().map(|r| r.node).collect();
        assert_eq!(order, vec![4, 7, 1]);
        assert_eq!(
            m.ranking.iter().map(|r| r.rank).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        // ⌈9/10⌉ = 1: the largest value is the threshold, all three tie on it.
        assert!(m
            .ranking
            .iter()
            .all(|r| matches!(r.reasons[1], BottleneckReason::TopDecileBetweenness { .. })));
    }

    #[test]
    fn articulation_point_without_betweenness_is_ranked_last() {
        // 0→1, 2→1: 1 is an articulation point but no directed path passes through it.
        // 3→4→5 gives 4 betweenness 1 / (5·4) = 0.05. Threshold ⌈6/10⌉ = 1st value = 0.05.
        let g = graph(6, &[(0, 1, 1.0), (2, 1, 1.0), (3, 4, 1.0), (4, 5, 1.0)]);
        let m = bottlenecks(&g, &BottleneckOptions::default()).unwrap();
        let order: Vec<(u32, bool)> = m
            .ranking
            .iter()
            .map(|r| (r.node, r.articulation_point))
            .collect();
        assert_eq!(order, vec![(4, true), (1, true)]);
        assert_eq!(m.ranking[1].reasons.len(), 2);
        assert_eq!(
            m.ranking[1].reasons[1],
            BottleneckReason::ReceivesShare { share: 0.5 }
        );
    }

    #[test]
    fn below_the_decile_betweenness_is_stated() {
        // Path 0→1→…→11 (n = 12): raw(i) = i·(11 − i): 10, 18, 24, 28, 30, 30, 28, …
        // ⌈12/10⌉ = 2: threshold = 2nd largest = 30: nodes 5 and 6 are top decile, 4 is not.
        let e: Vec<(u32, u32, f64)> = (0..11u32).map(|i| (i, i + 1, 1.0)).collect();
        let g = graph(12, &e);
        let m = bottlenecks(&g, &BottleneckOptions::default()).unwrap();
        assert_eq!(m.ranking[0].node, 5);
        assert_eq!(m.ranking[1].node, 6);
        // 30 / (11·10) = 0.2727…
        assert!(matches!(
            m.ranking[1].reasons[1],
            BottleneckReason::TopDecileBetweenness { betweenness } if (betweenness - 30.0 / 110.0).abs() < 1e-12
        ));
        let four = m.ranking.iter().find(|r| r.node == 4).unwrap();
        // 28 / (11·10) = 0.2545…: below the threshold.
        assert!(matches!(
            four.reasons[1],
            BottleneckReason::Betweenness { betweenness } if (betweenness - 28.0 / 110.0).abs() < 1e-12
        ));
    }

    #[test]
    fn sampled_mode_uses_the_seeded_sources() {
        let e: Vec<(u32, u32, f64)> = (0..29u32).map(|i| (i, i + 1, 1.0)).collect();
        let g = graph(30, &e);
        let opts = BottleneckOptions {
            approx: Some(5),
            seed: 3,
            ..Default::default()
        };
        let m = bottlenecks(&g, &opts).unwrap();
        assert_eq!(
            m.mode,
            BetweennessMode::Sampled {
                k: 5,
                seed: 3,
                automatic: false
            }
        );
        let sources = sample_sources(30, 5, 3);
        let expect =
            crate::metrics::betweenness::betweenness(&g, EdgeLengths::Hops, Some(&sources));
        assert_eq!(m.betweenness, expect);
        assert_ne!(
            m.betweenness,
            crate::metrics::betweenness::betweenness(&g, EdgeLengths::Hops, None)
        );
        assert!(bottlenecks(
            &g,
            &BottleneckOptions {
                approx: Some(1),
                ..Default::default()
            }
        )
        .is_err());
    }
}
