//! `seams export DIR --format graphml|gexf|dot|json [--output FILE]`.

use std::path::PathBuf;

use clap::Args;
use seams::error::SeamsError;
use seams::output::OutputFile;
use seams::report::export::{graph_document, write_graph, GraphFormat};

use super::options::AnalysisArgs;
use super::{name_invalid_input, validate_hint, Outcome};

/// Write the handoff graph for Gephi, yEd, Graphviz or networkx.
///
/// Nodes are the teams of the handoff graph, identified by unit id, with the attributes name,
/// silo, customer_distance (absent when the customer cannot reach the team) and betweenness
/// (as `seams analyze` computes it with the same --weight, --approx and --seed); edges are the
/// directed handoffs with volume and wait_hours (absent when unknown). DOT output groups the
/// teams of each silo in a cluster named and coloured after the silo, with edge widths by
/// volume (log scale) and a legend. The same export always gives a byte-identical file.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams export sample-data --format graphml --output org.graphml  # Gephi, yEd
  seams export sample-data --format gexf --output org.gexf        # Gephi
  seams export sample-data --format dot | dot -Tsvg > org.svg     # Graphviz
  seams export export/ --format json --weight volume > graph.json

See also: seams help graph-export (every attribute, per format)")]
pub struct ExportArgs {
    /// The export directory.
    pub dir: PathBuf,
    /// File format.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Write to this file (atomically; never inside the export) instead of stdout. `--out FILE`,
    /// its old name, still works but is deprecated (--out names a directory everywhere else).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Deprecated spelling of --output (hidden).
    #[arg(long, value_name = "FILE", hide = true, conflicts_with = "output")]
    pub out: Option<PathBuf>,
    // Analysis options, shared with `seams analyze`: the betweenness attribute is the one
    // `analyze` prints for the same flags.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
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
    let plan = args.analysis.plan()?;
    let (output, flag) = match (&args.output, &args.out) {
        (Some(o), _) => (Some(o), "--output"),
        (None, Some(o)) => {
            eprintln!("seams: warning: `export --out FILE` is deprecated; use --output FILE");
            (Some(o), "--out")
        }
        (None, None) => (None, "--output"),
    };
    let format = format_of(args.format);
    let out_file = match output {
        Some(out) => Some(OutputFile::plan(out, &[args.dir.as_path()])),
        None => None,
    };
    if let Some(out) = output {
        if out.is_dir() {
            return Err(SeamsError::Usage(format!(
                "{flag} {} is a directory (expected a file name, e.g. org.{})",
                out.display(),
                format.extension()
            ))
            .into());
        }
    }
    let out_file = out_file.transpose()?;
    super::set_threads(plan.threads)?;
    let dir = args.dir.display().to_string();
    let (org, warnings) = seams::load_from(&plan.dialect.files(&args.dir), &plan.model)
        .map_err(|e| name_invalid_input(e, &dir, &validate_hint(&args.dir)))?;
    if !warnings.is_empty() {
        eprintln!(
            "seams: {} warning(s) in {dir} (`seams validate {dir}` lists them)",
            warnings.len(),
        );
    }
    let bar = super::progress_bar("betweenness");
    let analysis = seams::metrics::analyze_with_progress(&org, &plan.analysis, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
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
        None => super::write_stdout(|out| {
            // Streamed (a 10M-edge graph is gigabytes of text), buffered (stdout flushes
            // every line).
            let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
            write_graph(&doc, format, &mut out)?;
            std::io::Write::flush(&mut out)
        })?,
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
