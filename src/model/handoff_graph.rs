//! The handoff graph between units in compressed sparse row (CSR) form: the view every metric
//! reads. Directed out- and in-adjacency with volumes and waits, and the simple undirected
//! graph with summed weights w(a→b) + w(b→a) (docs/output.md).

use crate::records::{Export, Party, UnitId};

use super::hierarchy::Hierarchy;

/// Marks "no node" in [`HandoffGraph::node_of_unit`].
pub const NOT_A_NODE: u32 = u32::MAX;

/// The undirected simple graph of a [`HandoffGraph`] in CSR form.
#[derive(Debug, Clone, Default)]
struct Undirected {
    offsets: Vec<u32>,
    neighbors: Vec<u32>,
    /// w(a→b) + w(b→a).
    weight: Vec<f64>,
}

/// The directed weighted handoff graph between units, customer excluded, as CSR arrays.
///
/// Node indices are dense `0..n` in unit-id order, so ascending node index is ascending id.
/// Edges are unit-to-unit merged handoffs with volume > 0; out-edges of a node are sorted by
/// target. Memory: 4 B per node per offset array (3 arrays), per directed edge 4 (target) +
/// 8 (volume) + 8 (wait) + 8 (in-adjacency) bytes, per undirected edge 2 × (4 + 8) bytes.
#[derive(Debug, Clone, Default)]
pub struct HandoffGraph {
    /// Node → unit.
    nodes: Vec<UnitId>,
    /// Unit → node, or [`NOT_A_NODE`].
    node_of_unit: Vec<u32>,
    out_offsets: Vec<u32>,
    out_targets: Vec<u32>,
    out_volume: Vec<f64>,
    /// Merged wait of each edge; NaN when unknown.
    out_wait: Vec<f64>,
    in_offsets: Vec<u32>,
    in_sources: Vec<u32>,
    /// For each in-edge, its index in the out arrays.
    in_edge: Vec<u32>,
    /// The undirected view, built on first use (`seams validate` never needs it).
    und: std::sync::OnceLock<Undirected>,
    from_customer: Vec<f64>,
    to_customer: Vec<f64>,
}

impl HandoffGraph {
    /// Builds the graph from a validated export and its hierarchy.
    ///
    /// # Complexity
    /// O(U + H) time and memory (U units, H merged handoffs); handoffs arrive sorted by
    /// (from, to), so no sort is needed.
    pub fn new(export: &Export, hierarchy: &Hierarchy) -> HandoffGraph {
        let u_count = export.units.len();
        let mut is_node: Vec<bool> = (0..u_count as UnitId)
            .map(|u| hierarchy.is_leaf(u))
            .collect();
        for h in &export.handoffs {
            if let (Party::Unit(a), Party::Unit(b)) = (h.from, h.to) {
                is_node[a as usize] = true;
                is_node[b as usize] = true;
            }
        }
        for j in &export.journeys {
            for s in &j.steps {
                is_node[s.team as usize] = true;
            }
        }
        let mut nodes = Vec::new();
        let mut node_of_unit = vec![NOT_A_NODE; u_count];
        for u in 0..u_count {
            if is_node[u] {
                node_of_unit[u] = nodes.len() as u32;
                nodes.push(u as UnitId);
            }
        }
        let n = nodes.len();
        let mut from_customer = vec![0.0; n];
        let mut to_customer = vec![0.0; n];
        let mut out_offsets = vec![0u32; n + 1];
        // The out-arrays are filled directly (no intermediate edge list: at 10 M handoffs that
        // list alone was 240 MB).
        // Reserved for every handoff (the pages of customer handoffs are never touched, and
        // shrinking gives them back): growing would copy them and touch fresh pages each time.
        let h_count = export.handoffs.len();
        let mut out_targets: Vec<u32> = Vec::with_capacity(h_count);
        let mut out_volume: Vec<f64> = Vec::with_capacity(h_count);
        let mut out_wait: Vec<f64> = Vec::with_capacity(h_count);
        #[cfg(debug_assertions)]
        let mut previous: Option<(u32, u32)> = None;
        for h in &export.handoffs {
            match (h.from, h.to) {
                (Party::Unit(a), Party::Unit(b)) => {
                    if h.volume > 0.0 {
                        let (na, nb) = (node_of_unit[a as usize], node_of_unit[b as usize]);
                        // Handoffs are sorted by (from unit, to unit) and node order follows
                        // unit order, so the edges arrive in CSR order.
                        #[cfg(debug_assertions)]
                        {
                            debug_assert!(previous < Some((na, nb)));
                            previous = Some((na, nb));
                        }
                        out_targets.push(nb);
                        out_volume.push(h.volume);
                        out_wait.push(h.wait_hours.unwrap_or(f64::NAN));
                        out_offsets[na as usize + 1] += 1;
                    }
                }
                (Party::Customer, Party::Unit(b)) => {
                    let nb = node_of_unit[b as usize];
                    if nb != NOT_A_NODE {
                        from_customer[nb as usize] += h.volume;
                    }
                }
                (Party::Unit(a), Party::Customer) => {
                    let na = node_of_unit[a as usize];
                    if na != NOT_A_NODE {
                        to_customer[na as usize] += h.volume;
                    }
                }
                (Party::Customer, Party::Customer) => {}
            }
        }
        for i in 0..n {
            out_offsets[i + 1] += out_offsets[i];
        }
        let m = out_targets.len();
        out_targets.shrink_to_fit();
        out_volume.shrink_to_fit();
        out_wait.shrink_to_fit();
        // In-adjacency by counting sort (sources ascending within each target).
        let mut in_offsets = vec![0u32; n + 1];
        for &t in &out_targets {
            in_offsets[t as usize + 1] += 1;
        }
        for i in 0..n {
            in_offsets[i + 1] += in_offsets[i];
        }
        let mut fill = in_offsets.clone();
        let mut in_sources = vec![0u32; m];
        let mut in_edge = vec![0u32; m];
        for s in 0..n {
            let (a, b) = (out_offsets[s] as usize, out_offsets[s + 1] as usize);
            for (idx, &t) in out_targets[a..b]
                .iter()
                .enumerate()
                .map(|(k, t)| (a + k, t))
            {
                let t = t as usize;
                let slot = fill[t] as usize;
                in_sources[slot] = s as u32;
                in_edge[slot] = idx as u32;
                fill[t] += 1;
            }
        }
        drop(fill);
        HandoffGraph {
            nodes,
            node_of_unit,
            out_offsets,
            out_targets,
            out_volume,
            out_wait,
            in_offsets,
            in_sources,
            in_edge,
            und: std::sync::OnceLock::new(),
            from_customer,
            to_customer,
        }
    }

    /// The undirected view, built the first time it is asked for.
    fn und(&self) -> &Undirected {
        self.und.get_or_init(|| self.build_undirected())
    }

    /// The undirected simple graph: the out- and in-neighbours of each node merged (both
    /// sorted), weights summed over both directions.
    ///
    /// # Complexity
    /// O(n + m).
    fn build_undirected(&self) -> Undirected {
        let n = self.nodes.len();
        let m = self.out_targets.len();
        let (out_offsets, out_targets, out_volume) =
            (&self.out_offsets, &self.out_targets, &self.out_volume);
        let (in_offsets, in_sources, in_edge) = (&self.in_offsets, &self.in_sources, &self.in_edge);
        let mut und_offsets = vec![0u32; n + 1];
        let mut und_neighbors = Vec::with_capacity(2 * m);
        let mut und_weight = Vec::with_capacity(2 * m);
        for v in 0..n {
            let (oa, ob) = (out_offsets[v] as usize, out_offsets[v + 1] as usize);
            let (ia, ib) = (in_offsets[v] as usize, in_offsets[v + 1] as usize);
            let (mut i, mut j) = (oa, ia);
            while i < ob || j < ib {
                let t_out = if i < ob { out_targets[i] } else { u32::MAX };
                let t_in = if j < ib { in_sources[j] } else { u32::MAX };
                if t_out == t_in {
                    und_neighbors.push(t_out);
                    und_weight.push(out_volume[i] + out_volume[in_edge[j] as usize]);
                    i += 1;
                    j += 1;
                } else if t_out < t_in {
                    und_neighbors.push(t_out);
                    und_weight.push(out_volume[i]);
                    i += 1;
                } else {
                    und_neighbors.push(t_in);
                    und_weight.push(out_volume[in_edge[j] as usize]);
                    j += 1;
                }
            }
            und_offsets[v + 1] = und_neighbors.len() as u32;
        }
        // Reciprocal pairs make the undirected view smaller than 2m: give back the rest.
        und_neighbors.shrink_to_fit();
        und_weight.shrink_to_fit();
        Undirected {
            offsets: und_offsets,
            neighbors: und_neighbors,
            weight: und_weight,
        }
    }

    /// Number of nodes n (the n of every normalisation).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of directed edges m.
    pub fn edge_count(&self) -> usize {
        self.out_targets.len()
    }

    /// Number of undirected edges (pairs {a, b} with an edge in either direction).
    pub fn undirected_edge_count(&self) -> usize {
        self.und().neighbors.len() / 2
    }

    /// The unit of node `v`.
    pub fn unit(&self, v: u32) -> UnitId {
        self.nodes[v as usize]
    }

    /// Node → unit, for all nodes.
    pub fn units(&self) -> &[UnitId] {
        &self.nodes
    }

    /// The node of a unit, if the unit is a node.
    pub fn node(&self, u: UnitId) -> Option<u32> {
        let v = self.node_of_unit[u as usize];
        (v != NOT_A_NODE).then_some(v)
    }

    /// Range of node `v`'s out-edges in [`Self::out_targets`] / volumes / waits.
    pub fn out_range(&self, v: u32) -> std::ops::Range<usize> {
        self.out_offsets[v as usize] as usize..self.out_offsets[v as usize + 1] as usize
    }

    /// Out-neighbours of `v` (sorted).
    pub fn successors(&self, v: u32) -> &[u32] {
        &self.out_targets[self.out_range(v)]
    }

    /// Range of node `v`'s in-edges in [`Self::in_sources`] / [`Self::in_edges`].
    pub fn in_range(&self, v: u32) -> std::ops::Range<usize> {
        self.in_offsets[v as usize] as usize..self.in_offsets[v as usize + 1] as usize
    }

    /// In-neighbours of `v` (sorted).
    pub fn predecessors(&self, v: u32) -> &[u32] {
        &self.in_sources[self.in_range(v)]
    }

    /// Undirected neighbours of `v` (sorted, no self, each once).
    pub fn neighbors(&self, v: u32) -> &[u32] {
        let und = self.und();
        let (a, b) = (
            und.offsets[v as usize] as usize,
            und.offsets[v as usize + 1] as usize,
        );
        &und.neighbors[a..b]
    }

    /// Undirected weights aligned with [`Self::neighbors`]: w(v→u) + w(u→v).
    pub fn neighbor_weights(&self, v: u32) -> &[f64] {
        let und = self.und();
        let (a, b) = (
            und.offsets[v as usize] as usize,
            und.offsets[v as usize + 1] as usize,
        );
        &und.weight[a..b]
    }

    /// All out-offsets (length n + 1): the CSR row index.
    pub fn out_offsets(&self) -> &[u32] {
        &self.out_offsets
    }
    /// All out-targets (length m).
    pub fn out_targets(&self) -> &[u32] {
        &self.out_targets
    }
    /// Volume of every directed edge (length m, > 0).
    pub fn out_volumes(&self) -> &[f64] {
        &self.out_volume
    }
    /// Merged wait of every directed edge (length m; NaN when unknown).
    pub fn out_waits(&self) -> &[f64] {
        &self.out_wait
    }
    /// All in-offsets (length n + 1).
    pub fn in_offsets(&self) -> &[u32] {
        &self.in_offsets
    }
    /// All in-sources (length m).
    pub fn in_sources(&self) -> &[u32] {
        &self.in_sources
    }
    /// For each in-edge slot, the index of the same edge in the out arrays.
    pub fn in_edges(&self) -> &[u32] {
        &self.in_edge
    }
    /// All undirected offsets (length n + 1).
    pub fn undirected_offsets(&self) -> &[u32] {
        &self.und().offsets
    }
    /// All undirected neighbour lists, concatenated.
    pub fn undirected_neighbors(&self) -> &[u32] {
        &self.und().neighbors
    }
    /// All undirected weights, concatenated.
    pub fn undirected_weights(&self) -> &[f64] {
        &self.und().weight
    }
    /// Merged volume of the customer's handoffs to each node.
    pub fn from_customer_volume(&self) -> &[f64] {
        &self.from_customer
    }
    /// Merged volume of each node's handoffs to the customer.
    pub fn to_customer_volume(&self) -> &[f64] {
        &self.to_customer
    }

    /// Volume of the directed edge a→b (0 when absent).
    pub fn volume(&self, a: u32, b: u32) -> f64 {
        let r = self.out_range(a);
        match self.out_targets[r.clone()].binary_search(&b) {
            Ok(i) => self.out_volume[r.start + i],
            Err(_) => 0.0,
        }
    }

    /// The effective edge lengths for `--weight wait` (docs/output.md): the merged wait, unknown
    /// waits replaced by the plain mean of the known ones (1 when none is known), and 0 by 1e-6.
    pub fn wait_lengths(&self) -> Vec<f64> {
        let fill = self.wait_fill();
        self.out_wait
            .iter()
            .map(|&w| wait_length(if w.is_nan() { fill } else { w }))
            .collect()
    }

    /// The length [`Self::wait_lengths`] gives an edge of unknown wait, without building the
    /// lengths of every edge.
    pub fn unknown_wait_length(&self) -> f64 {
        wait_length(self.wait_fill())
    }

    /// The plain mean of the known waits, summed in edge order; 1 when none is known.
    fn wait_fill(&self) -> f64 {
        let (mut sum, mut known) = (0.0, 0usize);
        for &w in &self.out_wait {
            if !w.is_nan() {
                sum += w;
                known += 1;
            }
        }
        if known == 0 {
            1.0
        } else {
            sum / known as f64
        }
    }
}

/// The length of an edge of wait `w` for `--weight wait`: 0 counts as 1e-6.
fn wait_length(w: f64) -> f64 {
    if w == 0.0 {
        1e-6
    } else {
        w
    }
}
