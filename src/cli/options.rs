//! The analysis flags shared by `analyze`, `report`, `check` and `export`
//! (`#[command(flatten)]`), turned into a checked plan before any file is opened, and the one
//! place that loads and analyses an export for a command.

use std::path::Path;

use clap::Args;
use seams::error::SeamsError;
use seams::ingest::{Delimiter, Encoding, ExportFiles, ReadOptions};
use seams::metrics::{Analysis, AnalysisOptions, Weight};
use seams::model::{ModelOptions, Org};

/// `--delimiter` and `--encoding`: how the CSV files are read (every command that reads an
/// export or an event log; docs/input-format.md, "Dialects").
#[derive(Debug, Clone, Args)]
pub struct DialectArgs {
    /// Field separator of every file: `,` `;` `tab` or `|` (default: detected from each
    /// file's header). With `;` or tab, numbers may use a decimal comma (2,5).
    #[arg(long, value_name = "SEP", value_parser = parse_delimiter)]
    pub delimiter: Option<Delimiter>,
    /// Text encoding of every file (default: UTF-8). utf-16 needs a byte-order mark (Excel's
    /// "Unicode Text"); latin-1 is read as windows-1252.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,
}

/// `--encoding` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EncodingArg {
    /// UTF-8 (a BOM is fine).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1252 (Excel's "CSV" on Western European Windows).
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
    /// Latin-1 (ISO-8859-1), read as Windows-1252.
    #[value(name = "latin-1", alias = "latin1", alias = "iso-8859-1")]
    Latin1,
    /// UTF-16 with a byte-order mark, little- or big-endian.
    #[value(name = "utf-16", alias = "utf16")]
    Utf16,
}

fn parse_delimiter(text: &str) -> Result<Delimiter, String> {
    Delimiter::parse(text).ok_or_else(|| {
        format!("`{text}` is not a delimiter (expected `,` `;` `tab` or `|`; quote `;` and `|` in a shell)")
    })
}

impl DialectArgs {
    /// The library's read options.
    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            delimiter: self.delimiter,
            encoding: self.encoding.map(|e| match e {
                EncodingArg::Utf8 => Encoding::Utf8,
                EncodingArg::Windows1252 => Encoding::Windows1252,
                EncodingArg::Latin1 => Encoding::Latin1,
                EncodingArg::Utf16 => Encoding::Utf16,
            }),
        }
    }

    /// The export in `dir`, read with these options.
    pub fn files(&self, dir: &Path) -> ExportFiles {
        ExportFiles::dir(dir).with_options(self.options())
    }
}

/// `--silo-level`, `--weight`, `--approx`, `--exact`, `--seed`, `--threads`, and the dialect
/// flags.
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
    // `--delimiter`, `--encoding`.
    #[command(flatten)]
    pub dialect: DialectArgs,
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
    /// How the files are read.
    pub dialect: DialectArgs,
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
            dialect: self.dialect.clone(),
        })
    }
}

impl AnalysisPlan {
    /// Sizes the thread pool, loads the export and runs every metric (with a progress bar on
    /// a terminal).
    pub fn run(&self, dir: &Path) -> anyhow::Result<(Org, Analysis)> {
        self.run_with_warnings(dir).map(|(org, a, _)| (org, a))
    }

    /// [`Plan::run`], keeping the warnings reading the export gave (the seam report's
    /// data-quality section shows them).
    pub fn run_with_warnings(
        &self,
        dir: &Path,
    ) -> anyhow::Result<(Org, Analysis, Vec<seams::error::Diagnostic>)> {
        super::set_threads(self.threads)?;
        // seams::load_from, in its two steps so that SEAMS_PHASES can time each.
        let loaded = seams::ingest::read_export_from(&self.dialect.files(dir))?;
        super::phases::phase("read");
        let mut warnings = loaded.warnings;
        let (org, more) = seams::Org::build(loaded.export, &self.model)?;
        warnings.extend(more);
        super::phases::phase("model");
        let bar = super::progress_bar("betweenness");
        let analysis =
            seams::metrics::analyze_with_progress(&org, &self.analysis, &|done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
        bar.finish_and_clear();
        super::phases::phase("metrics");
        Ok((org, analysis, warnings))
    }
}
