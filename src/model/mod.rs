//! The model (SPEC §2): one petgraph graph of the organisation (customer, units, systems;
//! reports-to, owns, depends-on and handoff edges), the hierarchy with its silos, and the
//! compact handoff graph the metrics read.
//!
//! Owns the node set of the handoff graph, the silo assignment and the views metrics need. It
//! reads the validated [`Export`] and never touches files.

pub mod handoff_graph;
pub mod hierarchy;
pub mod summary;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::{Diagnostic, SeamsError};
use crate::records::{Export, HandoffSource, Party, SystemId, UnitId};

pub use handoff_graph::HandoffGraph;
pub use hierarchy::Hierarchy;

/// A node of the organisation graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgNode {
    /// The one synthetic customer.
    Customer,
    /// A unit (index into [`Export::units`]).
    Unit(UnitId),
    /// A system (index into [`Export::systems`]).
    System(SystemId),
}

/// An edge of the organisation graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OrgEdge {
    /// Unit → its parent.
    ReportsTo,
    /// Unit → a system it owns.
    Owns,
    /// System → a system it depends on.
    DependsOn,
    /// A merged handoff with volume > 0 (unit or customer at either end).
    Handoff {
        /// Merged volume.
        volume: f64,
        /// Merged wait, when known.
        wait_hours: Option<f64>,
    },
}

/// The whole organisation as one petgraph graph. Node 0 is the customer, nodes 1..=U the units
/// (in id order), then the systems (in id order).
pub type OrgGraph = DiGraph<OrgNode, OrgEdge, u32>;

/// Options that change the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// `--silo-level N`; None = automatic (the shallowest depth with at least two units).
    pub silo_level: Option<u32>,
}

/// The silo partition: each unit's ancestor at the silo level (SPEC §2, §5.10).
#[derive(Debug, Clone)]
pub struct Silos {
    /// Depth of the silo level (0 = roots).
    pub level: u32,
    /// Whether the level was chosen automatically.
    pub automatic: bool,
    silo_of: Vec<UnitId>,
    list: Vec<UnitId>,
}

impl Silos {
    /// Assigns silos. Silos = the units at `level` plus the units above it that are nodes of
    /// the handoff graph.
    pub fn new(hierarchy: &Hierarchy, graph: &HandoffGraph, level: u32, automatic: bool) -> Silos {
        let n = hierarchy.len();
        let silo_of: Vec<UnitId> = (0..n as UnitId)
            .map(|u| hierarchy.ancestor_at_depth(u, level))
            .collect();
        let list: Vec<UnitId> = (0..n as UnitId)
            .filter(|&u| {
                let d = hierarchy.depth(u);
                d == level || (d < level && graph.node(u).is_some())
            })
            .collect();
        Silos {
            level,
            automatic,
            silo_of,
            list,
        }
    }

    /// The silo of a unit (itself when at or above the silo level).
    pub fn silo_of(&self, u: UnitId) -> UnitId {
        self.silo_of[u as usize]
    }

    /// All silos in id order.
    pub fn list(&self) -> &[UnitId] {
        &self.list
    }
}

/// The shallowest depth with at least two units; 0 when there is none (SPEC §2, §5.10).
pub fn automatic_silo_level(hierarchy: &Hierarchy) -> u32 {
    hierarchy
        .units_per_depth()
        .iter()
        .position(|&c| c >= 2)
        .unwrap_or(0) as u32
}

/// The organisation model every metric reads.
#[derive(Debug, Clone)]
pub struct Org {
    /// The validated records.
    pub export: Export,
    /// The reporting hierarchy.
    pub hierarchy: Hierarchy,
    /// The handoff graph between units (CSR).
    pub handoffs: HandoffGraph,
    /// The silo partition.
    pub silos: Silos,
    /// Everything as one petgraph graph.
    pub graph: OrgGraph,
}

impl Org {
    /// Builds the model. Fails (exit 2) when `--silo-level` is deeper than every unit. Returns
    /// the model's own warnings (units with no handoff, systems without owner, unknown waits).
    pub fn build(
        export: Export,
        options: &ModelOptions,
    ) -> Result<(Org, Vec<Diagnostic>), SeamsError> {
        let hierarchy = Hierarchy::new(&export.units);
        let (level, automatic) = match options.silo_level {
            Some(l) if l > hierarchy.max_depth() => {
                return Err(SeamsError::Usage(format!(
                    "--silo-level {l} is deeper than every unit (the deepest unit is at depth {}; depth 0 = a root)",
                    hierarchy.max_depth()
                )))
            }
            Some(l) => (l, false),
            None => (automatic_silo_level(&hierarchy), true),
        };
        let handoffs = HandoffGraph::new(&export, &hierarchy);
        let silos = Silos::new(&hierarchy, &handoffs, level, automatic);
        let graph = build_graph(&export);
        let warnings = model_warnings(&export, &handoffs);
        Ok((
            Org {
                export,
                hierarchy,
                handoffs,
                silos,
                graph,
            },
            warnings,
        ))
    }

    /// The petgraph node of a unit.
    pub fn unit_node(&self, u: UnitId) -> NodeIndex<u32> {
        NodeIndex::new(1 + u as usize)
    }

    /// The petgraph node of a system.
    pub fn system_node(&self, s: SystemId) -> NodeIndex<u32> {
        NodeIndex::new(1 + self.export.units.len() + s as usize)
    }

    /// The id of a unit.
    pub fn unit_id(&self, u: UnitId) -> &str {
        &self.export.units[u as usize].id
    }

    /// The id of a handoff-graph node's unit.
    pub fn node_id(&self, v: u32) -> &str {
        self.unit_id(self.handoffs.unit(v))
    }
}

fn build_graph(export: &Export) -> OrgGraph {
    let units = export.units.len();
    let edges = units + export.dependencies.len() + export.handoffs.len();
    let mut g = OrgGraph::with_capacity(1 + units + export.systems.len(), edges);
    g.add_node(OrgNode::Customer);
    for u in 0..units {
        g.add_node(OrgNode::Unit(u as UnitId));
    }
    for s in 0..export.systems.len() {
        g.add_node(OrgNode::System(s as SystemId));
    }
    let unit = |u: UnitId| NodeIndex::new(1 + u as usize);
    let system = |s: SystemId| NodeIndex::new(1 + units + s as usize);
    let party = |p: Party| match p {
        Party::Customer => NodeIndex::new(0),
        Party::Unit(u) => unit(u),
    };
    for (u, rec) in export.units.iter().enumerate() {
        if let Some(p) = rec.parent {
            g.add_edge(unit(u as UnitId), unit(p), OrgEdge::ReportsTo);
        }
    }
    for (s, rec) in export.systems.iter().enumerate() {
        for &o in &rec.owners {
            g.add_edge(unit(o), system(s as SystemId), OrgEdge::Owns);
        }
    }
    for d in &export.dependencies {
        g.add_edge(system(d.from), system(d.to), OrgEdge::DependsOn);
    }
    for h in &export.handoffs {
        if h.volume > 0.0 {
            g.add_edge(
                party(h.from),
                party(h.to),
                OrgEdge::Handoff {
                    volume: h.volume,
                    wait_hours: h.wait_hours,
                },
            );
        }
    }
    g
}

/// Most warnings of one kind listed one by one; the rest are summarised in one line.
const WARNINGS_PER_KIND: usize = 20;

fn model_warnings(export: &Export, graph: &HandoffGraph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let teams_csv = export.dir.join("teams.csv");
    if export.handoff_source != HandoffSource::None {
        let lonely: Vec<u32> = (0..graph.node_count() as u32)
            .filter(|&v| {
                graph.successors(v).is_empty()
                    && graph.predecessors(v).is_empty()
                    && graph.from_customer_volume()[v as usize] == 0.0
                    && graph.to_customer_volume()[v as usize] == 0.0
            })
            .collect();
        for &v in lonely.iter().take(WARNINGS_PER_KIND) {
            let unit = &export.units[graph.unit(v) as usize];
            out.push(Diagnostic::warning(
                &teams_csv,
                Some(unit.line),
                format!(
                    "team `{}` has no handoffs (it is isolated and unreachable from the customer)",
                    unit.id
                ),
            ));
        }
        if lonely.len() > WARNINGS_PER_KIND {
            out.push(Diagnostic::warning(
                &teams_csv,
                None,
                format!(
                    "{} more teams have no handoffs",
                    lonely.len() - WARNINGS_PER_KIND
                ),
            ));
        }
    }
    let systems_csv = export.dir.join("systems.csv");
    let orphans: Vec<&crate::records::System> = export
        .systems
        .iter()
        .filter(|s| s.owners.is_empty())
        .collect();
    for s in orphans.iter().take(WARNINGS_PER_KIND) {
        out.push(Diagnostic::warning(
            &systems_csv,
            Some(s.line),
            format!(
                "system `{}` has no owner (it is an orphan: its dependencies require no team to coordinate)",
                s.id
            ),
        ));
    }
    if orphans.len() > WARNINGS_PER_KIND {
        out.push(Diagnostic::warning(
            &systems_csv,
            None,
            format!(
                "{} more systems have no owner",
                orphans.len() - WARNINGS_PER_KIND
            ),
        ));
    }
    let m = graph.edge_count();
    let unknown = graph.out_waits().iter().filter(|w| w.is_nan()).count();
    if m > 0 && unknown > 0 && export.handoff_source == HandoffSource::File {
        let lengths = graph.wait_lengths();
        let fill = graph
            .out_waits()
            .iter()
            .zip(&lengths)
            .find(|(w, _)| w.is_nan())
            .map(|(_, l)| *l)
            .unwrap_or(1.0);
        out.push(Diagnostic::warning(
            export.dir.join("handoffs.csv"),
            None,
            format!(
                "{unknown} of {m} handoffs have no wait_hours: `--weight wait` gives them the mean known wait ({} h)",
                crate::text::number(fill)
            ),
        ));
    }
    out
}
