//! The Silo family (docs/output.md): E-I index per silo and org-wide,
//! modularity of the silo partition, the informal communities found by Louvain with their
//! agreement with the silos (NMI) and the misplaced teams, and the isolated nodes.
//!
//! All figures use unit-to-unit handoff edges only (customer rows never count, self-handoffs
//! are not edges) and always weigh edges by volume (docs/output.md).

use crate::model::Org;
use crate::records::UnitId;

use super::louvain;

/// The Silo family of an organisation. Everything is ordered by id (node index order is id
/// order); nothing depends on the number of threads.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SiloMetrics {
    /// Org-wide Krackhardt–Stern E-I index: (E − I)/(E + I) with E the volume between
    /// different silos and I the volume inside one silo; None when there is no edge.
    pub org_ei_index: Option<f64>,
    /// E: total volume of the directed edges whose ends are in different silos.
    pub org_external_volume: f64,
    /// I: total volume of the directed edges whose ends are in the same silo.
    pub org_internal_volume: f64,
    /// One row per silo, in [`crate::model::Silos::list`] order (= id order).
    pub silos: Vec<SiloRow>,
    /// Newman's Q of the silo partition (each node labelled by its silo); None without edges.
    pub modularity: Option<f64>,
    /// The informal structure found by Louvain.
    pub communities: Communities,
    /// Nodes with no unit-to-unit edge in either direction, ascending.
    pub isolated: Vec<u32>,
    /// Handoff volume from each silo to each silo (the silo matrix of the seam report).
    pub matrix: SiloVolumeMatrix,
}

/// The silo × silo handoff-volume matrix, sparse: for silos S and T (indices into
/// [`crate::model::Silos::list`]),
///
/// volume(S → T) = Σ volume(a → b) over the directed unit-to-unit edges with a in S and b in T,
///
/// so volume(S → S) is the internal volume I of S, and Σ_{T ≠ S} volume(S → T) +
/// volume(T → S) its external volume E. Only pairs with at least one edge are stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiloVolumeMatrix {
    /// Number of silos (rows and columns).
    pub silos: usize,
    /// The pairs with an edge, sorted by (from, to).
    pub cells: Vec<SiloFlow>,
}

/// One cell of the [`SiloVolumeMatrix`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiloFlow {
    /// Handing-over silo (index into [`crate::model::Silos::list`]).
    pub from: u32,
    /// Receiving silo.
    pub to: u32,
    /// Σ volume of the edges from `from` to `to`, summed in edge order.
    pub volume: f64,
}

impl SiloVolumeMatrix {
    /// Builds the matrix from (from silo, to silo, volume) per directed edge, in edge order.
    ///
    /// # Complexity
    /// O(m log m) for m edges (a stable sort keeps each cell's sum in edge order).
    fn from_edges(silos: usize, mut edges: Vec<(u32, u32, f64)>) -> SiloVolumeMatrix {
        edges.sort_by_key(|&(a, b, _)| (a, b));
        let cells = edges
            .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
            .map(|run| SiloFlow {
                from: run[0].0,
                to: run[0].1,
                volume: run.iter().fold(0.0, |sum, e| sum + e.2),
            })
            .collect();
        SiloVolumeMatrix { silos, cells }
    }

    /// volume(from → to); 0 when no edge goes that way.
    ///
    /// # Complexity
    /// O(log c) for c stored cells.
    pub fn volume(&self, from: usize, to: usize) -> f64 {
        let key = (from as u64, to as u64);
        self.cells
            .binary_search_by_key(&key, |c| (u64::from(c.from), u64::from(c.to)))
            .map_or(0.0, |i| self.cells[i].volume)
    }

    /// volume(a → b) + volume(b → a): the work the two silos exchange.
    pub fn exchanged(&self, a: usize, b: usize) -> f64 {
        self.volume(a, b) + self.volume(b, a)
    }
}

/// E-I figures of one silo.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SiloRow {
    /// The silo (a unit at the silo level, or a node above it).
    pub silo: UnitId,
    /// Number of handoff-graph nodes in the silo.
    pub nodes: usize,
    /// I: volume of the directed edges with both ends in the silo.
    pub internal_volume: f64,
    /// E: volume of the directed edges with exactly one end in the silo.
    pub external_volume: f64,
    /// (E − I)/(E + I); −1 = closed silo, +1 = no internal handoff; None when E + I = 0.
    pub ei_index: Option<f64>,
}

/// A partition of the non-isolated nodes into communities, compared with the silos.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Communities {
    /// Community of each node; None for isolated nodes (they belong to no community).
    /// Labels are `0..list.len()`, numbered by their smallest node.
    pub community_of: Vec<Option<u32>>,
    /// One row per community, in community id order.
    pub list: Vec<CommunityRow>,
    /// Newman's Q of the partition (isolated nodes add nothing); None without edges.
    pub modularity: Option<f64>,
    /// NMI(silo, community) over the non-isolated nodes, arithmetic normalisation
    /// ([`normalized_mutual_information`]); None when every node is isolated.
    pub nmi: Option<f64>,
    /// Nodes whose community has more than half of its nodes in one silo other than their
    /// own, ascending.
    pub misplaced: Vec<u32>,
}

/// One community and how it sits across the silos.
#[derive(Debug, Clone, PartialEq)]
pub struct CommunityRow {
    /// Community id.
    pub community: u32,
    /// Number of nodes.
    pub size: usize,
    /// The silo holding most of its nodes (ties: the smallest silo id).
    pub dominant_silo: UnitId,
    /// Nodes in the dominant silo / size.
    pub dominant_share: f64,
    /// Number of distinct silos among its nodes.
    pub silos: usize,
}

/// Computes the Silo family of an organisation.
///
/// * E-I per silo S: E = Σ volume of directed edges with exactly one end in S,
///   I = Σ volume of directed edges with both ends in S, EI = (E − I)/(E + I).
///   Org-wide: E = Σ volume between different silos, I = Σ volume inside one silo.
/// * Modularity: Newman's Q of the silo partition on the undirected graph
///   w({a, b}) = w(a→b) + w(b→a) ([`louvain::modularity`]).
/// * Communities: [`louvain::louvain`] on the same graph, described by [`communities_of`].
/// * The silo × silo volume matrix ([`SiloVolumeMatrix`]).
///
/// # Returns
/// Silo rows in silo id order, node lists ascending.
///
/// # Complexity
/// O(n + m) for E-I, modularity and isolated nodes; O(m log m) for the silo matrix; Louvain
/// O(m) per sweep. O(n + m + U) space (U = units).
///
/// # Determinism
/// Sums run sequentially in edge order ((from, to) ascending); Louvain is deterministic; the
/// result is identical whatever the number of threads.
pub fn silo_metrics(org: &Org) -> SiloMetrics {
    let g = &org.handoffs;
    let n = g.node_count();
    let silo_of = node_silos(org);

    // Row of each silo, indexed by unit.
    let list = org.silos.list();
    let mut row_of = vec![u32::MAX; org.export.units.len()];
    for (i, &s) in list.iter().enumerate() {
        row_of[s as usize] = i as u32;
    }
    let mut rows: Vec<SiloRow> = list
        .iter()
        .map(|&s| SiloRow {
            silo: s,
            nodes: 0,
            internal_volume: 0.0,
            external_volume: 0.0,
            ei_index: None,
        })
        .collect();
    for &s in &silo_of {
        rows[row_of[s as usize] as usize].nodes += 1;
    }
    let (mut org_e, mut org_i) = (0.0, 0.0);
    let (offsets, targets, volumes) = (g.out_offsets(), g.out_targets(), g.out_volumes());
    let mut flows: Vec<(u32, u32, f64)> = Vec::with_capacity(volumes.len());
    for a in 0..n {
        let ra = row_of[silo_of[a] as usize] as usize;
        for e in offsets[a] as usize..offsets[a + 1] as usize {
            let b = targets[e] as usize;
            let v = volumes[e];
            let rb = row_of[silo_of[b] as usize] as usize;
            flows.push((ra as u32, rb as u32, v));
            if ra == rb {
                rows[ra].internal_volume += v;
                org_i += v;
            } else {
                rows[ra].external_volume += v;
                rows[rb].external_volume += v;
                org_e += v;
            }
        }
    }
    for r in &mut rows {
        r.ei_index = ei_index(r.external_volume, r.internal_volume);
    }

    let isolated: Vec<u32> = (0..n as u32)
        .filter(|&v| g.successors(v).is_empty() && g.predecessors(v).is_empty())
        .collect();
    let modularity = louvain::modularity(g, &silo_of);
    let communities = communities_of(org, &louvain::louvain(g));
    SiloMetrics {
        org_ei_index: ei_index(org_e, org_i),
        org_external_volume: org_e,
        org_internal_volume: org_i,
        silos: rows,
        modularity,
        communities,
        isolated,
        matrix: SiloVolumeMatrix::from_edges(list.len(), flows),
    }
}

/// Describes a partition of the handoff graph's nodes against the silos: the community rows,
/// modularity, NMI with the silos and the misplaced nodes.
///
/// Isolated nodes (no unit-to-unit edge) are left out of every community whatever their
/// label; the other nodes' labels are renumbered `0..k` by smallest node.
///
/// # Arguments
/// * `partition` — a label per node (any `u32`s; equal labels = same community), e.g. from
///   [`louvain::louvain`].
///
/// # Panics
/// When `partition.len()` is not the number of nodes.
///
/// # Complexity
/// O(n log n + m) time, O(n + U) space.
///
/// # Determinism
/// Sequential; rows in community id order, misplaced nodes ascending; dominant-silo ties go to
/// the smallest silo id.
pub fn communities_of(org: &Org, partition: &[u32]) -> Communities {
    let g = &org.handoffs;
    let n = g.node_count();
    assert_eq!(
        partition.len(),
        n,
        "one label per node of the handoff graph"
    );
    let silo_of = node_silos(org);
    let is_isolated = |v: u32| g.successors(v).is_empty() && g.predecessors(v).is_empty();

    // Canonical renumbering over the non-isolated nodes, by first occurrence.
    let mut community_of: Vec<Option<u32>> = vec![None; n];
    let mut members: Vec<Vec<u32>> = Vec::new();
    {
        let mut sorted: Vec<(u32, u32)> = (0..n as u32)
            .filter(|&v| !is_isolated(v))
            .map(|v| (partition[v as usize], v))
            .collect();
        // Group by label; groups ordered by their smallest node.
        sorted.sort_unstable();
        let mut groups: Vec<&[(u32, u32)]> = sorted.chunk_by(|a, b| a.0 == b.0).collect();
        groups.sort_unstable_by_key(|grp| grp[0].1);
        for grp in groups {
            let id = members.len() as u32;
            let nodes: Vec<u32> = grp.iter().map(|&(_, v)| v).collect();
            for &v in &nodes {
                community_of[v as usize] = Some(id);
            }
            members.push(nodes);
        }
    }

    let mut list = Vec::with_capacity(members.len());
    let mut misplaced = Vec::new();
    let mut silos_in: Vec<UnitId> = Vec::new();
    for (id, nodes) in members.iter().enumerate() {
        silos_in.clear();
        silos_in.extend(nodes.iter().map(|&v| silo_of[v as usize]));
        silos_in.sort_unstable();
        // Runs of equal silos, ascending: the first longest run is the dominant silo.
        let (mut dominant, mut best, mut distinct) = (silos_in[0], 0usize, 0usize);
        for run in silos_in.chunk_by(|a, b| a == b) {
            distinct += 1;
            if run.len() > best {
                best = run.len();
                dominant = run[0];
            }
        }
        if 2 * best > nodes.len() {
            misplaced.extend(
                nodes
                    .iter()
                    .copied()
                    .filter(|&v| silo_of[v as usize] != dominant),
            );
        }
        list.push(CommunityRow {
            community: id as u32,
            size: nodes.len(),
            dominant_silo: dominant,
            dominant_share: best as f64 / nodes.len() as f64,
            silos: distinct,
        });
    }
    misplaced.sort_unstable();

    let modularity = louvain::modularity(g, partition);
    let (silo_labels, community_labels): (Vec<u32>, Vec<u32>) = (0..n)
        .filter_map(|v| community_of[v].map(|c| (silo_of[v], c)))
        .unzip();
    let nmi = normalized_mutual_information(&silo_labels, &community_labels);
    Communities {
        community_of,
        list,
        modularity,
        nmi,
        misplaced,
    }
}

/// Normalised mutual information of two labelings, arithmetic normalisation: exactly
/// scikit-learn's `normalized_mutual_info_score(a, b, average_method="arithmetic")`.
///
/// NMI = MI(a, b) / ((H(a) + H(b)) / 2), natural logarithms, with
/// MI = Σ_ij (n_ij/N) · (ln n_ij − ln N + ln N + ln N − ln(a_i · b_j)) over the non-zero cells
/// n_ij of the contingency table (a_i, b_j its margins; terms below machine epsilon count as
/// 0; MI clipped at 0) and H = −Σ_i (a_i/N)(ln a_i − ln N). Special cases, as scikit-learn:
/// both labelings a single cluster → 1.0; otherwise MI = 0 (including when exactly one side is
/// a single cluster) → 0.0.
///
/// # Returns
/// None when the inputs are empty (docs/output.md: NMI over no node is null; scikit-learn would
/// say 1.0) or of different lengths.
///
/// # Complexity
/// O(N log N) time (sorting the label pairs), O(N) space.
///
/// # Determinism
/// Sums in ascending (a, b) order of the contingency cells, like scikit-learn's sparse matrix.
///
/// # Examples
/// ```
/// use seams::metrics::silo::normalized_mutual_information as nmi;
/// assert_eq!(nmi(&[0, 0, 1, 1], &[1, 1, 0, 0]), Some(1.0));
/// assert_eq!(nmi(&[0, 0, 0, 0], &[0, 1, 2, 3]), Some(0.0));
/// assert_eq!(nmi(&[], &[]), None);
/// ```
pub fn normalized_mutual_information(a: &[u32], b: &[u32]) -> Option<f64> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let total = a.len();
    let counts = |labels: &[u32]| -> Vec<(u32, usize)> {
        let mut sorted = labels.to_vec();
        sorted.sort_unstable();
        sorted
            .chunk_by(|x, y| x == y)
            .map(|run| (run[0], run.len()))
            .collect()
    };
    let (classes, clusters) = (counts(a), counts(b));
    if classes.len() == 1 && clusters.len() == 1 {
        return Some(1.0);
    }
    if classes.len() == 1 || clusters.len() == 1 {
        return Some(0.0);
    }
    let margin = |table: &[(u32, usize)], label: u32| -> usize {
        let i = table
            .binary_search_by_key(&label, |&(l, _)| l)
            .expect("label present");
        table[i].1
    };
    let mut pairs: Vec<(u32, u32)> = a.iter().copied().zip(b.iter().copied()).collect();
    pairs.sort_unstable();
    let n = total as f64;
    let ln_n = n.ln();
    let mut mi = 0.0;
    for run in pairs.chunk_by(|x, y| x == y) {
        let nij = run.len() as f64;
        let (ai, bj) = (margin(&classes, run[0].0), margin(&clusters, run[0].1));
        let outer = (ai as f64) * (bj as f64);
        let share = nij / n;
        let log_outer = -outer.ln() + ln_n + ln_n;
        let term = share * (nij.ln() - ln_n) + share * log_outer;
        if term.abs() >= f64::EPSILON {
            mi += term;
        }
    }
    let mi = mi.max(0.0);
    if mi == 0.0 {
        return Some(0.0);
    }
    let entropy = |table: &[(u32, usize)]| -> f64 {
        let mut h = 0.0;
        for &(_, c) in table {
            let c = c as f64;
            h += (c / n) * (c.ln() - ln_n);
        }
        -h
    };
    let normalizer = (entropy(&classes) + entropy(&clusters)) / 2.0;
    Some(mi / normalizer)
}

/// (E − I)/(E + I), None when E + I = 0.
fn ei_index(external: f64, internal: f64) -> Option<f64> {
    let sum = external + internal;
    (sum != 0.0).then(|| (external - internal) / sum)
}

/// The silo (a unit id) of every node.
fn node_silos(org: &Org) -> Vec<UnitId> {
    org.handoffs
        .units()
        .iter()
        .map(|&u| org.silos.silo_of(u))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Writes an export (teams and handoffs CSV text) into a temporary directory and loads it.
    fn org(teams: &str, handoffs: &str) -> Org {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "teams.csv", teams);
        write(dir.path(), "handoffs.csv", handoffs);
        let (org, _) = crate::load(dir.path(), &crate::model::ModelOptions::default())
            .unwrap_or_else(|e| panic!("fixture does not load: {e:?}"));
        org
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    /// Company `co`, silos `s1` (teams a, b, c) and `s2` (teams d, e), and an unconnected
    /// team `z` of s2.
    const TEAMS: &str = "id,parent\nco,\ns1,co\ns2,co\na,s1\nb,s1\nc,s1\nd,s2\ne,s2\nz,s2\n";

    fn close(x: Option<f64>, want: f64) -> bool {
        x.is_some_and(|x| (x - want).abs() < 1e-12)
    }

    #[test]
    fn ei_by_hand() {
        // Directed edges (volume): a→b 4, b→a 1, b→c 2, c→d 3, d→e 5, e→a 1, a→a 9 (self:
        // ignored), customer→a 7 (customer: ignored).
        // s1 = {a, b, c}: I = a→b 4 + b→a 1 + b→c 2 = 7; E = c→d 3 + e→a 1 = 4.
        //   EI = (4 − 7)/11 = −3/11.
        // s2 = {d, e, z}: I = d→e 5; E = c→d 3 + e→a 1 = 4. EI = (4 − 5)/9 = −1/9.
        // Org: E = 4, I = 12, EI = (4 − 12)/16 = −1/2.
        let o = org(
            TEAMS,
            "from,to,volume\na,b,4\nb,a,1\nb,c,2\nc,d,3\nd,e,5\ne,a,1\na,a,9\ncustomer,a,7\n",
        );
        let m = silo_metrics(&o);
        assert_eq!(m.org_external_volume, 4.0);
        assert_eq!(m.org_internal_volume, 12.0);
        assert!(close(m.org_ei_index, -0.5));
        let ids: Vec<&str> = m.silos.iter().map(|r| o.unit_id(r.silo)).collect();
        assert_eq!(ids, ["s1", "s2"]);
        let (s1, s2) = (&m.silos[0], &m.silos[1]);
        assert_eq!(
            (s1.nodes, s1.internal_volume, s1.external_volume),
            (3, 7.0, 4.0)
        );
        assert!(close(s1.ei_index, -3.0 / 11.0));
        assert_eq!(
            (s2.nodes, s2.internal_volume, s2.external_volume),
            (3, 5.0, 4.0)
        );
        assert!(close(s2.ei_index, -1.0 / 9.0));
        // z has no unit-to-unit edge.
        let isolated: Vec<&str> = m.isolated.iter().map(|&v| o.node_id(v)).collect();
        assert_eq!(isolated, ["z"]);
        let z = (0..o.handoffs.node_count() as u32)
            .find(|&v| o.node_id(v) == "z")
            .unwrap();
        assert_eq!(m.communities.community_of[z as usize], None);
    }

    #[test]
    fn silo_matrix_by_hand() {
        // The edges of `ei_by_hand` plus b→d 2 and a second s1 → s2 edge a→e 0.5.
        // s1 = {a, b, c} (index 0), s2 = {d, e, z} (index 1).
        // s1→s1: a→b 4 + b→a 1 + b→c 2 = 7; s1→s2: c→d 3 + b→d 2 + a→e 0.5 = 5.5;
        // s2→s1: e→a 1; s2→s2: d→e 5. Self-handoffs and customer rows are no edges.
        let o = org(
            TEAMS,
            "from,to,volume\na,b,4\nb,a,1\nb,c,2\nc,d,3\nd,e,5\ne,a,1\na,a,9\ncustomer,a,7\nb,d,2\na,e,0.5\n",
        );
        let m = silo_metrics(&o).matrix;
        assert_eq!(m.silos, 2);
        let cells: Vec<(u32, u32, f64)> =
            m.cells.iter().map(|c| (c.from, c.to, c.volume)).collect();
        assert_eq!(
            cells,
            vec![(0, 0, 7.0), (0, 1, 5.5), (1, 0, 1.0), (1, 1, 5.0)]
        );
        assert_eq!(m.volume(0, 1), 5.5);
        assert_eq!(m.exchanged(0, 1), 6.5);
        // The matrix agrees with the E-I rows: I = the diagonal, E = the off-diagonal sums.
        let rows = &silo_metrics(&o).silos;
        assert_eq!(rows[0].internal_volume, m.volume(0, 0));
        assert_eq!(rows[0].external_volume, m.exchanged(0, 1));
        // No edge between two silos: nothing stored, volume 0.
        let o = org(TEAMS, "from,to,volume\na,b,2\n");
        let m = silo_metrics(&o).matrix;
        assert_eq!(m.cells.len(), 1);
        assert_eq!(
            (m.volume(0, 1), m.volume(1, 1), m.volume(0, 0)),
            (0.0, 0.0, 2.0)
        );
    }

    #[test]
    fn closed_silo_and_silo_without_internal_edges() {
        // s1 only talks to itself (a→b 2, b→c 3): E = 0, I = 5, EI = −1.
        // s2: d→e 0 is a record, not an edge, so s2 has no edge at all: E = I = 0 → None.
        let o = org(TEAMS, "from,to,volume\na,b,2\nb,c,3\nd,e,0\n");
        let m = silo_metrics(&o);
        assert!(close(m.silos[0].ei_index, -1.0));
        assert_eq!(m.silos[1].ei_index, None);
        assert!(close(m.org_ei_index, -1.0));
        // Silos with no internal edge: d→a 2, e→b 1. s1: E = 3, I = 0 → +1; s2: E = 3, I = 0
        // → +1; org: E = 3, I = 0 → +1.
        let o = org(TEAMS, "from,to,volume\nd,a,2\ne,b,1\n");
        let m = silo_metrics(&o);
        assert!(close(m.silos[0].ei_index, 1.0));
        assert!(close(m.silos[1].ei_index, 1.0));
        assert!(close(m.org_ei_index, 1.0));
    }

    #[test]
    fn empty_graph_gives_none() {
        let o = org(TEAMS, "from,to,volume\n");
        let m = silo_metrics(&o);
        assert_eq!(m.org_ei_index, None);
        assert_eq!(m.modularity, None);
        assert!(m.silos.iter().all(|r| r.ei_index.is_none()));
        assert_eq!(m.isolated.len(), o.handoffs.node_count());
        assert_eq!(m.communities.modularity, None);
        assert_eq!(m.communities.nmi, None);
        assert!(m.communities.list.is_empty());
        assert!(m.communities.community_of.iter().all(Option::is_none));
        assert!(m.communities.misplaced.is_empty());
    }

    #[test]
    fn one_node() {
        let o = org("id,parent\nsolo,\n", "from,to,volume\nsolo,solo,3\n");
        let m = silo_metrics(&o);
        assert_eq!(o.handoffs.node_count(), 1);
        assert_eq!(m.isolated, vec![0]);
        assert_eq!(m.silos.len(), 1);
        assert_eq!(m.silos[0].nodes, 1);
        assert_eq!(m.silos[0].ei_index, None);
        assert_eq!(m.modularity, None);
        assert_eq!(m.communities.community_of, vec![None]);
    }

    #[test]
    fn two_triangles_modularity_communities_and_misplaced() {
        // Triangles {a, b, c} and {d, e, z}, joined by c→d; all volumes 1, one direction each.
        // Silos: s1 = {a, b, c}, s2 = {d, e, z}: the silo partition is the triangle split,
        // Q = 2 · (3/7 − (7/14)²) = 5/14 (m = 7, L = 3 and d = 7 on each side).
        let o = org(
            TEAMS,
            "from,to,volume\na,b,1\nb,c,1\nc,a,1\nc,d,1\nd,e,1\ne,z,1\nz,d,1\n",
        );
        let m = silo_metrics(&o);
        assert!(close(m.modularity, 5.0 / 14.0));
        let c = &m.communities;
        // Louvain finds the two triangles: community 0 holds node 0 (a).
        let labels: Vec<Option<u32>> = c.community_of.clone();
        assert_eq!(
            labels,
            [0, 0, 0, 1, 1, 1].map(Some).to_vec(),
            "{:?}",
            c.community_of
        );
        assert!(close(c.modularity, 5.0 / 14.0));
        assert!(close(c.nmi, 1.0));
        assert!(c.misplaced.is_empty());
        assert_eq!(c.list.len(), 2);
        assert_eq!(o.unit_id(c.list[1].dominant_silo), "s2");
        assert_eq!((c.list[1].size, c.list[1].silos), (3, 1));
        assert_eq!(c.list[1].dominant_share, 1.0);

        // Another partition: {a, b, c, d} and {e, z}. Community 0 is 3/4 s1, so d (s2) is
        // misplaced; community 1 is all s2.
        let p = communities_of(&o, &[4, 4, 4, 4, 2, 2]);
        let misplaced: Vec<&str> = p.misplaced.iter().map(|&v| o.node_id(v)).collect();
        assert_eq!(misplaced, ["d"]);
        assert_eq!(p.list[0].dominant_share, 0.75);
        assert_eq!(p.list[0].silos, 2);
        // Half and half is not "more than half": {a, b, d, e} has two of each silo, and the
        // tie for dominant silo goes to the smaller id (s1).
        let p = communities_of(&o, &[0, 0, 1, 0, 0, 1]);
        assert!(p.misplaced.is_empty(), "{:?}", p.misplaced);
        assert_eq!(o.unit_id(p.list[0].dominant_silo), "s1");
        assert_eq!(p.list[0].dominant_share, 0.5);
    }

    #[test]
    fn nmi_identical_and_relabelled_partitions_are_one() {
        let nmi = normalized_mutual_information;
        assert_eq!(nmi(&[0, 0, 1, 1, 2], &[0, 0, 1, 1, 2]), Some(1.0));
        let v = nmi(&[0, 0, 1, 1, 2], &[7, 7, 3, 3, 9]).unwrap();
        assert!((v - 1.0).abs() < 1e-15, "{v}");
    }

    #[test]
    fn nmi_independent_partitions_are_zero() {
        // Every (a, b) cell has 1 of 4: MI = Σ ¼ ln(¼ · 4 · 4 / (2 · 2)) = Σ ¼ ln 1 = 0.
        assert_eq!(
            normalized_mutual_information(&[0, 0, 1, 1], &[0, 1, 0, 1]),
            Some(0.0)
        );
    }

    #[test]
    fn nmi_special_cases() {
        let nmi = normalized_mutual_information;
        // Both a single cluster: 1 (scikit-learn's convention).
        assert_eq!(nmi(&[3, 3, 3], &[5, 5, 5]), Some(1.0));
        // One side a single cluster: MI = 0 → 0.
        assert_eq!(nmi(&[0, 0, 0, 0], &[0, 1, 2, 3]), Some(0.0));
        assert_eq!(nmi(&[0, 1], &[0, 0]), Some(0.0));
        // Empty or mismatched: None.
        assert_eq!(nmi(&[], &[]), None);
        assert_eq!(nmi(&[0], &[0, 1]), None);
    }

    #[test]
    fn nmi_by_hand() {
        // a = [0, 0, 1, 1], b = [0, 0, 0, 1]. Cells: (0,0) 2, (1,0) 1, (1,1) 1; N = 4.
        // MI = ½ ln(2·4/(2·3)) + ¼ ln(1·4/(2·3)) + ¼ ln(1·4/(2·1))
        //    = ½ ln(4/3) + ¼ ln(2/3) + ¼ ln 2.
        // H(a) = ln 2; H(b) = −(¾ ln ¾ + ¼ ln ¼).
        // NMI = MI / ((H(a) + H(b)) / 2) ≈ 0.34371101848545077 (scikit-learn 1.9.1).
        let mi = 0.5 * (4.0f64 / 3.0).ln() + 0.25 * (2.0f64 / 3.0).ln() + 0.25 * 2.0f64.ln();
        let ha = 2.0f64.ln();
        let hb = -(0.75 * 0.75f64.ln() + 0.25 * 0.25f64.ln());
        let want = mi / ((ha + hb) / 2.0);
        let got = normalized_mutual_information(&[0, 0, 1, 1], &[0, 0, 0, 1]).unwrap();
        assert!((got - want).abs() < 1e-15, "{got} vs {want}");
        assert!((got - 0.343_711_018_485_450_77).abs() < 1e-12, "{got}");
        // Symmetric.
        let back = normalized_mutual_information(&[0, 0, 0, 1], &[0, 0, 1, 1]).unwrap();
        assert!((back - got).abs() < 1e-15);
    }
}
