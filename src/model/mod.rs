//! The model (docs/output.md, "The model"): the reporting hierarchy with its silos, the compact
//! handoff graph the metrics read (CSR arrays), and the systems' dependency graph (petgraph).
//!
//! Owns the node set of the handoff graph, the silo assignment and the views metrics need. It
//! reads the validated [`Export`] and never touches files.

pub mod handoff_graph;
pub mod hierarchy;
pub mod summary;
pub mod systems;
#[cfg(test)]
pub(crate) mod testing;

use crate::error::{Diagnostic, OptionError, SeamsError};
use crate::records::{Export, HandoffSource, UnitId};

pub use handoff_graph::HandoffGraph;
pub use hierarchy::Hierarchy;
pub use systems::SystemGraph;

/// Options that change the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// `--silo-level N`; None = automatic (the shallowest depth with at least two units).
    pub silo_level: Option<u32>,
}

/// The silo partition: each unit's ancestor at the silo level (docs/output.md).
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

/// The shallowest depth with at least two units; 0 when there is none (docs/output.md).
pub fn automatic_silo_level(hierarchy: &Hierarchy) -> u32 {
    hierarchy
        .units_per_depth()
        .iter()
        .position(|&c| c >= 2)
        .unwrap_or(0) as u32
}

/// The organisation model every metric reads.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Org {
    /// The validated records.
    pub export: Export,
    /// The reporting hierarchy.
    pub hierarchy: Hierarchy,
    /// The handoff graph between units (CSR).
    pub handoffs: HandoffGraph,
    /// The silo partition.
    pub silos: Silos,
    /// The systems and their dependencies (petgraph).
    pub systems: SystemGraph,
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
                return Err(OptionError::SiloLevelTooDeep {
                    level: l,
                    deepest: hierarchy.max_depth(),
                }
                .into())
            }
            Some(l) => (l, false),
            None => (automatic_silo_level(&hierarchy), true),
        };
        let handoffs = HandoffGraph::new(&export, &hierarchy);
        let silos = Silos::new(&hierarchy, &handoffs, level, automatic);
        let systems = SystemGraph::new(&export);
        let warnings = model_warnings(&export, &handoffs);
        Ok((
            Org {
                export,
                hierarchy,
                handoffs,
                silos,
                systems,
            },
            warnings,
        ))
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
        let fill = graph.unknown_wait_length();
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
