//! Runs every family: the analysis of one export.

use super::{
    agents, bottleneck, capabilities, conway, customer_data, distance, journey_flow, process,
    seams, silo, Weight,
};
use crate::error::{OptionError, SeamsError};
use crate::model::Org;

/// What `analyze` computes and how (the validated plan of `seams analyze`'s flags).
#[derive(Debug, Clone, Copy, Default)]
pub struct AnalysisOptions {
    /// Edge lengths for betweenness.
    pub weight: Weight,
    /// `--approx K`: sample K sources (K ≥ 2).
    pub approx: Option<usize>,
    /// `--exact`: never switch to sampling by itself.
    pub exact: bool,
    /// Seed for sampling.
    pub seed: u64,
    /// `--agents K`: pick K change agents ([`super::agents`]); None = not computed.
    pub agents: Option<usize>,
}

impl AnalysisOptions {
    /// Checks the options before any work: sampling needs at least 2 sources and cannot be
    /// combined with `exact`. The one place these are checked (the CLI words the error).
    pub fn validate(&self) -> Result<(), OptionError> {
        match (self.approx, self.exact) {
            (Some(_), true) => Err(OptionError::SampledAndExact),
            (Some(k), false) if k < 2 => Err(OptionError::TooFewSources { k }),
            _ if self.agents == Some(0) => Err(OptionError::NoAgents),
            _ => Ok(()),
        }
    }
}

/// Every metric family of one export.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Analysis {
    /// The options used.
    pub options: AnalysisOptions,
    /// Silo family: E-I, modularity, communities, isolated units.
    pub silo: silo::SiloMetrics,
    /// Bottleneck family: betweenness, articulation points, bridges, volumes, ranking.
    pub bottleneck: bottleneck::BottleneckMetrics,
    /// Distance from the customer.
    pub distance: distance::DistanceMetrics,
    /// Conway alignment.
    pub conway: conway::ConwayMetrics,
    /// Journey seams.
    pub seams: seams::SeamMetrics,
    /// Process-mining figures of the journeys: variants, ping-pong, handover matrix.
    pub process: process::ProcessMetrics,
    /// Journeys in aggregate: flows between silos and teams, positions, seam waits by silo
    /// pair, seams per journey.
    pub journey_flow: journey_flow::JourneyFlow,
    /// Where customer data is held: per silo, and in how many disconnected stores.
    pub customer_data: customer_data::CustomerDataMetrics,
    /// Duplicated capabilities and platform candidates.
    pub capabilities: capabilities::CapabilityMetrics,
    /// The change agents, when asked for ([`AnalysisOptions::agents`]).
    pub change_agents: Option<agents::ChangeAgents>,
}

/// Computes every family (see [`analyze_with_progress`], which this calls without a progress
/// callback).
///
/// # Examples
/// ```
/// use seams::ingest::ExportFiles;
/// let files = ExportFiles::memory("mem", [
///     ("teams.csv", "id,parent\nhq,\na,hq\nb,hq\n"),
///     ("handoffs.csv", "from,to,volume\na,b,3\nb,a,1\n"),
/// ]);
/// let (org, _) = seams::load_from(&files, &Default::default()).unwrap();
/// let a = seams::metrics::analyze(&org, &Default::default()).unwrap();
/// // Silos are the units at depth 1 (a and b): every handoff crosses between them.
/// assert_eq!(a.silo.org_ei_index, Some(1.0));
/// ```
pub fn analyze(org: &Org, options: &AnalysisOptions) -> Result<Analysis, SeamsError> {
    analyze_with_progress(org, options, &|_, _| {})
}

/// Computes every family. Betweenness (the only costly one) runs on the rayon pool while the
/// cheap families run beside it; `progress(done, total)` is called as betweenness sources
/// complete.
pub fn analyze_with_progress(
    org: &Org,
    options: &AnalysisOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Analysis, SeamsError> {
    let bottleneck_options = bottleneck::BottleneckOptions {
        weight: options.weight,
        approx: options.approx,
        exact: options.exact,
        seed: options.seed,
    };
    let (
        bottleneck,
        (silo, (distance, (conway, (seams, (process, journey_flow, customer_data, capabilities))))),
    ) = rayon::join(
        || bottleneck::bottlenecks_with_progress(&org.handoffs, &bottleneck_options, progress),
        || {
            rayon::join(
                || silo::silo_metrics(org),
                || {
                    rayon::join(
                        || distance::customer_distance(org),
                        || {
                            rayon::join(
                                || conway::conway_alignment(org),
                                || {
                                    rayon::join(
                                        || seams::journey_seams(org),
                                        || {
                                            (
                                                process::process_mining(org),
                                                journey_flow::journey_flow(org),
                                                customer_data::customer_data(org),
                                                capabilities::capabilities(org),
                                            )
                                        },
                                    )
                                },
                            )
                        },
                    )
                },
            )
        },
    );
    Ok(Analysis {
        options: *options,
        silo,
        bottleneck: bottleneck?,
        distance,
        conway,
        seams,
        process,
        journey_flow,
        customer_data,
        capabilities,
        change_agents: options.agents.map(|k| agents::change_agents(org, k)),
    })
}
