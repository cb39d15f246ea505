//! `seams export DIR --format graphml|gexf|dot|json [--out FILE]`.

use std::path::PathBuf;

use clap::Args;
use seams::error::SeamsError;
use seams::metrics::{analyze, AnalysisOptions};
use seams::model::ModelOptions;
use seams::output::OutputFile;
use seams::report::export::{graph_document, write_graph, GraphFormat};

use super::Outcome;

/// Write the handoff graph for Gephi, yEd, Graphviz or networkx.
///
/// Nodes are the teams of the handoff graph, identified by unit id, with the attributes name,
/// silo, customer_distance (absent when the customer cannot reach the team) and betweenness
/// (as `seams analyze` computes it); edges are the directed handoffs with volume and
/// wait_hours (absent when unknown). DOT output groups the teams of each silo in a cluster
/// named and coloured after the silo, with edge widths by volume (log scale) and a legend.
/// The same export always gives a byte-identical file.
///
/// Examples:
///
///     seams export sample-data --format graphml --out org.graphml   # Gephi, yEd, networkx
///     seams export sample-data --format gexf --out org.gexf         # Gephi
///     seams export sample-data --format dot | dot -Tsvg > org.svg   # Graphviz
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    /// The export directory.
    pub dir: PathBuf,
    /// File format.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Write to this file (atomically; never inside the export) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Depth of the hierarchy whose units are the silos (0 = roots). Default: the shallowest
    /// depth with at least two units.
    #[arg(long, value_name = "N")]
    pub silo_level: Option<u32>,
    /// Estimate betweenness from K sampled sources (K ≥ 2), for very large graphs.
    #[arg(long, value_name = "K")]
    pub approx: Option<usize>,
    /// Seed for sampled betweenness.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// GraphML (yEd, Gephi, networkx, igraph, Cytoscape).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// Graphviz DOT, teams clustered by silo.
    Dot,
    /// JSON: {schema_version, directed, nodes, edges}.
    Json,
}

pub fn run(args: ExportArgs) -> anyhow::Result<Outcome> {
    // The plan: flags and the output path are checked before the export is read.
    if let Some(k) = args.approx {
        if k < 2 {
            return Err(SeamsError::Usage(format!(
                "--approx {k}: sampling needs at least 2 sources (or leave --approx out for exact betweenness)"
            ))
            .into());
        }
    }
    let out_file = match &args.out {
        Some(out) => Some(OutputFile::plan(out, &[args.dir.as_path()])),
        None => None,
    };
    if let Some(out) = &args.out {
        if out.is_dir() {
            return Err(SeamsError::Usage(format!(
                "--out {} is a directory (expected a file name, e.g. org.{})",
                out.display(),
                format_of(args.format).extension()
            ))
            .into());
        }
    }
    let out_file = out_file.transpose()?;
    let format = format_of(args.format);
    let options = ModelOptions {
        silo_level: args.silo_level,
    };
    let (org, warnings) = match seams::load(&args.dir, &options) {
        Ok(loaded) => loaded,
        Err(SeamsError::InvalidInput(d)) => {
            eprint!("{d}");
            eprintln!(
                "seams: {} error(s) in {}; fix them and run again (`seams validate {}` lists them all)",
                d.error_count(),
                args.dir.display(),
                args.dir.display()
            );
            return Ok(Outcome::InvalidInput);
        }
        Err(e) => return Err(e.into()),
    };
    if !warnings.is_empty() {
        eprintln!(
            "seams: {} warning(s) in {} (`seams validate {}` lists them)",
            warnings.len(),
            args.dir.display(),
            args.dir.display()
        );
    }
    let analysis_options = AnalysisOptions {
        approx: args.approx,
        seed: args.seed,
        ..AnalysisOptions::default()
    };
    let analysis = analyze(&org, &analysis_options)?;
    let doc = graph_document(&org, &analysis);
    match &out_file {
        Some(out) => {
            out.write(|w| write_graph(&doc, format, w))?;
            eprintln!(
                "wrote {}: {} nodes, {} edges",
                out.path().display(),
                doc.nodes.len(),
                doc.edges.len()
            );
        }
        None => {
            let mut text = Vec::new();
            write_graph(&doc, format, &mut text)?;
            super::print_stdout(&String::from_utf8_lossy(&text))?;
        }
    }
    Ok(Outcome::Success)
}

fn format_of(f: FormatArg) -> GraphFormat {
    match f {
        FormatArg::Graphml => GraphFormat::Graphml,
        FormatArg::Gexf => GraphFormat::Gexf,
        FormatArg::Dot => GraphFormat::Dot,
        FormatArg::Json => GraphFormat::Json,
    }
}
