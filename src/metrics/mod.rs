//! Metrics (docs/output.md): one file per family, each a pure function of the model.
//! Metrics never do I/O and never print; every list they return is sorted (by id through the
//! node index, or by rank with ties broken by id), and every parallel reduction runs in a fixed
//! order, so results are bit-identical whatever the number of threads.
//!
//! Node indices of the handoff graph ascend with unit ids, so "sorted by node" is "sorted by id".

pub mod agents;
pub mod analysis;
pub mod articulation;
pub mod betweenness;
pub mod bottleneck;
pub mod capabilities;
pub mod conway;
pub mod customer_data;
pub mod distance;
pub mod journey_flow;
pub mod louvain;
pub mod process;
pub mod seams;
pub mod silo;

pub use analysis::{analyze, analyze_with_progress, Analysis, AnalysisOptions};

/// Edge lengths for betweenness (`--weight`); other metrics always use volume (docs/output.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    /// Every edge has length 1 (hops).
    #[default]
    Hops,
    /// Length 1/volume: heavy channels are short.
    Volume,
    /// Length = merged wait in hours (unknown → mean of known, 0 → 1e-6).
    Wait,
}
