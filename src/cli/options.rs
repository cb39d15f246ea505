//! The analysis flags shared by `analyze`, `report`, `check` and `export`
//! (`#[command(flatten)]`), turned into a checked plan before any file is opened, and the one
//! place that loads and analyses an export for a command.

use std::path::Path;

use clap::Args;
use seams::error::SeamsError;
use seams::metrics::{Analysis, AnalysisOptions, Weight};
use seams::model::{ModelOptions, Org};

/// `--silo-level`, `--weight`, `--approx`, `--exact`, `--seed`, `--threads`.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// Depth of the hierarchy whose units are the silos (0 = roots). Default: the shallowest
    /// depth with at least two units.
    #[arg(long, value_name = "N")]
    pub silo_level: Option<u32>,
    /// Edge length for betweenness: hops (1 per handoff), volume (1/volume: busy channels are
    /// short) or wait (hours).
    #[arg(long, value_enum, default_value_t = WeightArg::Hops)]
    pub weight: WeightArg,
    /// Estimate betweenness from K sampled sources (K ≥ 2; K ≥ nodes means exact).
    #[arg(long, value_name = "K", conflicts_with = "exact")]
    pub approx: Option<usize>,
    /// Compute exact betweenness even on a very large graph.
    #[arg(long)]
    pub exact: bool,
    /// Seed for sampled betweenness.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Also pick K change agents: the teams that together reach the most of the organisation
    /// within one handoff, at least one per silo when K ≥ the number of silos (`seams explain
    /// change-agents`).
    #[arg(long, value_name = "K")]
    pub agents: Option<usize>,
    /// Worker threads (default: all cores; at most 4 × the cores, or 256). Results do not
    /// depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// `--threads` may always go up to this many, whatever the machine.
const THREADS_FLOOR: usize = 256;

/// The largest `--threads`: 4 × the cores available, at least [`THREADS_FLOOR`]. Ten thousand
/// threads on a small export spend half a minute starting and stopping, and compute nothing
/// faster.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_mul(4).max(THREADS_FLOOR)
}

/// `--weight` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WeightArg {
    /// Every handoff has length 1.
    Hops,
    /// Length 1/volume.
    Volume,
    /// Length = wait hours.
    Wait,
}

/// The checked plan of the analysis flags.
pub struct AnalysisPlan {
    /// How the model is built.
    pub model: ModelOptions,
    /// What the metrics compute.
    pub analysis: AnalysisOptions,
    /// Worker threads.
    pub threads: Option<usize>,
}

impl AnalysisArgs {
    /// Checks the flags (before any file is opened).
    pub fn plan(&self) -> Result<AnalysisPlan, SeamsError> {
        if self.threads == Some(0) {
            return Err(SeamsError::Usage(
                "--threads must be at least 1".to_string(),
            ));
        }
        if let Some(n) = self.threads {
            let cap = max_threads();
            if n > cap {
                return Err(SeamsError::Usage(format!(
                    "--threads {n}: at most {cap} (4 × the cores available, and never fewer than {THREADS_FLOOR}; more threads only add start-up time)"
                )));
            }
        }
        let analysis = AnalysisOptions {
            weight: match self.weight {
                WeightArg::Hops => Weight::Hops,
                WeightArg::Volume => Weight::Volume,
                WeightArg::Wait => Weight::Wait,
            },
            approx: self.approx,
            exact: self.exact,
            seed: self.seed,
            agents: self.agents,
        };
        // The library validates its own options (one place); the CLI words the error.
        analysis.validate()?;
        Ok(AnalysisPlan {
            model: ModelOptions {
                silo_level: self.silo_level,
            },
            analysis,
            threads: self.threads,
        })
    }
}

impl AnalysisPlan {
    /// Sizes the thread pool, loads the export and runs every metric (with a progress bar on
    /// a terminal).
    pub fn run(&self, dir: &Path) -> anyhow::Result<(Org, Analysis)> {
        super::set_threads(self.threads)?;
        let (org, _warnings) = seams::load(dir, &self.model)?;
        let bar = super::progress_bar("betweenness");
        let analysis =
            seams::metrics::analyze_with_progress(&org, &self.analysis, &|done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
        bar.finish_and_clear();
        Ok((org, analysis))
    }
}
