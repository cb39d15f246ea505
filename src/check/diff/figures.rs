//! The org-wide figures `check` compares: one table of descriptors ([`FIGURES`]), each saying
//! the figure's JSON key, its label, which direction is good news, and how to read it from a
//! side's [`Facts`]. The text, Markdown and JSON outputs list them in this order (docs/ci.md).

use super::facts::Facts;
use super::{Better, Figure};

/// How one org-wide figure is named, judged and read.
#[derive(Debug, Clone, Copy)]
pub struct FigureDef {
    /// The JSON key (`figures[].figure`), in the analysis document's vocabulary (docs/output.md).
    pub key: &'static str,
    /// A short label for people.
    pub label: &'static str,
    /// Which direction is good news.
    pub better: Better,
    /// The figure on one side (None = not defined there).
    pub read: fn(&Facts) -> Option<f64>,
}

/// A count as a figure.
fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

/// Every org-wide figure, in listing order.
pub static FIGURES: [FigureDef; 17] = [
    FigureDef {
        key: "seam_volume",
        label: "seam volume (journey seams × volume)",
        better: Better::Lower,
        read: |f| Some(f.seams_total),
    },
    FigureDef {
        key: "cross_silo_seam_volume",
        label: "cross-silo seam volume",
        better: Better::Lower,
        read: |f| Some(f.cross_silo_seams_total),
    },
    FigureDef {
        key: "congruence",
        label: "Conway congruence",
        better: Better::Higher,
        read: |f| f.congruence,
    },
    FigureDef {
        key: "congruence_gaps",
        label: "congruence gaps",
        better: Better::Lower,
        read: |f| count(f.congruence_gaps.len()),
    },
    FigureDef {
        key: "unreachable_from_customer",
        label: "units unreachable from the customer",
        better: Better::Lower,
        read: |f| count(f.unreachable().count()),
    },
    FigureDef {
        key: "max_customer_distance",
        label: "max distance from the customer",
        better: Better::Lower,
        read: |f| f.max_customer_distance.map(f64::from),
    },
    FigureDef {
        key: "mean_customer_distance",
        label: "mean distance from the customer",
        better: Better::Lower,
        read: |f| f.mean_customer_distance,
    },
    FigureDef {
        key: "articulation_points",
        label: "articulation points",
        better: Better::Lower,
        read: |f| count(f.articulation_points.len()),
    },
    FigureDef {
        key: "top_betweenness",
        label: "top bottleneck's betweenness",
        better: Better::Lower,
        read: |f| f.bottlenecks.first().map(|b| b.1),
    },
    FigureDef {
        key: "customer_data_stores",
        label: "customer-data stores",
        better: Better::Lower,
        read: |f| count(f.customer_data_stores.len()),
    },
    FigureDef {
        key: "duplicated_capabilities",
        label: "duplicated capabilities",
        better: Better::Lower,
        read: |f| count(f.duplicated_capabilities.len()),
    },
    FigureDef {
        key: "platform_candidates",
        label: "platform candidates",
        better: Better::Neither,
        read: |f| count(f.platform_candidates.len()),
    },
    FigureDef {
        key: "ei_index",
        label: "org-wide E-I index",
        better: Better::Neither,
        read: |f| f.org_ei_index,
    },
    FigureDef {
        key: "modularity",
        label: "silo modularity",
        better: Better::Neither,
        read: |f| f.modularity,
    },
    FigureDef {
        key: "silos",
        label: "silos",
        better: Better::Neither,
        read: |f| count(f.silos.len()),
    },
    FigureDef {
        key: "units",
        label: "units",
        better: Better::Neither,
        read: |f| count(f.units.len()),
    },
    FigureDef {
        key: "handoff_edges",
        label: "handoff edges",
        better: Better::Neither,
        read: |f| count(f.edges),
    },
];

/// The org-wide figures of both sides, in [`FIGURES`] order.
pub fn figures(base: &Facts, cand: &Facts) -> Vec<Figure> {
    FIGURES
        .iter()
        .map(|d| Figure {
            key: d.key,
            label: d.label,
            before: (d.read)(base),
            after: (d.read)(cand),
            better: d.better,
        })
        .collect()
}
