//! A short, serialisable description of a model: what `validate` prints.

use serde::Serialize;

use super::Org;
use crate::records::HandoffSource;

/// Counts that describe an export at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct OrgSummary {
    /// Number of units at each hierarchy depth (index = depth, 0 = roots).
    pub units_per_depth: Vec<usize>,
    /// All units.
    pub units: usize,
    /// Leaf units (no child).
    pub leaf_units: usize,
    /// Units marked customer_facing = true.
    pub customer_facing_units: usize,
    /// Systems.
    pub systems: usize,
    /// Systems without a known owner.
    pub orphan_systems: usize,
    /// Distinct dependencies.
    pub dependencies: usize,
    /// Where handoffs came from.
    pub handoff_source: HandoffSource,
    /// Data rows of handoffs.csv.
    pub handoff_rows: u64,
    /// Merged (from, to) handoff records, customer ones included.
    pub handoff_pairs: usize,
    /// Nodes of the handoff graph (n): the teams (JSON key `teams`, the outputs' word).
    #[serde(rename = "teams")]
    pub handoff_graph_nodes: usize,
    /// Directed unit-to-unit edges (m) (JSON key `handoff_edges`).
    #[serde(rename = "handoff_edges")]
    pub handoff_graph_edges: usize,
    /// Journeys.
    pub journeys: usize,
    /// Journey steps.
    pub journey_steps: usize,
    /// The silo level used.
    pub silo_level: u32,
    /// Whether it was chosen automatically.
    pub silo_level_automatic: bool,
    /// The silos with their size.
    pub silos: Vec<SiloSummary>,
}

/// One silo in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct SiloSummary {
    /// Silo unit id.
    pub silo: String,
    /// Its name, when known.
    pub name: Option<String>,
    /// Units in the silo (itself and everything below it).
    pub units: usize,
    /// Of them, nodes of the handoff graph: the silo's teams (JSON key `teams`).
    #[serde(rename = "teams")]
    pub nodes: usize,
}

impl OrgSummary {
    /// Summarises a model.
    pub fn of(org: &Org) -> OrgSummary {
        let e = &org.export;
        let h = &org.hierarchy;
        let mut silo_units = vec![0usize; e.units.len()];
        let mut silo_nodes = vec![0usize; e.units.len()];
        for u in 0..e.units.len() as u32 {
            let s = org.silos.silo_of(u) as usize;
            silo_units[s] += 1;
            if org.handoffs.node(u).is_some() {
                silo_nodes[s] += 1;
            }
        }
        OrgSummary {
            units_per_depth: h.units_per_depth(),
            units: e.units.len(),
            leaf_units: (0..e.units.len() as u32).filter(|&u| h.is_leaf(u)).count(),
            customer_facing_units: e
                .units
                .iter()
                .filter(|u| u.customer_facing == Some(true))
                .count(),
            systems: e.systems.len(),
            orphan_systems: e.systems.iter().filter(|s| s.owners.is_empty()).count(),
            dependencies: e.dependencies.len(),
            handoff_source: e.handoff_source,
            handoff_rows: e.handoff_rows,
            handoff_pairs: e.handoffs.len(),
            handoff_graph_nodes: org.handoffs.node_count(),
            handoff_graph_edges: org.handoffs.edge_count(),
            journeys: e.journeys.len(),
            journey_steps: e.journeys.iter().map(|j| j.steps.len()).sum(),
            silo_level: org.silos.level,
            silo_level_automatic: org.silos.automatic,
            silos: org
                .silos
                .list()
                .iter()
                .map(|&s| SiloSummary {
                    silo: e.units[s as usize].id.clone(),
                    name: e.units[s as usize].name.clone(),
                    units: silo_units[s as usize],
                    nodes: silo_nodes[s as usize],
                })
                .collect(),
        }
    }
}
