//! `seams import-backstage PATH... --out DIR`.

use std::path::{Path, PathBuf};

use clap::Args;
use seams::error::{Diagnostics, SeamsError};
use seams::import::backstage::import_backstage;
use seams::ingest::backstage::CatalogExport;
use seams::output::OutputSet;
use seams::text::plural;

use super::{print_stdout, Outcome};

/// Turn a Backstage software catalog into an export
///
/// Reads catalog descriptor files (catalog-info.yaml, multi-document YAML): the files named,
/// and every *.yaml / *.yml file under the directories named. Groups become units (parent
/// from spec.parent, or the group listing them in spec.children), Components, APIs and
/// Resources become systems owned by their spec.owner group (a User owner stands for the
/// user's first spec.memberOf group, with a warning), and spec.dependsOn and
/// spec.consumesApis become dependencies. Writes teams.csv, systems.csv and dependencies.csv
/// into --out, ready for `seams validate` and `seams analyze` (Conway alignment: which teams
/// must coordinate because their systems depend on each other).
///
/// Entity refs are [kind:][namespace/]name, case-insensitive. A ref naming no entity of the
/// catalog, a second entity of the same kind, namespace and name, a dependsOn without a kind
/// and unreadable YAML are errors at their file and line: all are listed at once and nothing
/// is written (exit 2). Kinds other than Group, User, Component, API, Resource, System and
/// Domain (Location, Template, …) are skipped. `seams help input-format` explains the mapping.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
#[command(after_help = "Examples:
  seams import-backstage sample-data/backstage --out /tmp/catalog
  seams validate /tmp/catalog && seams analyze /tmp/catalog
  seams import-backstage services/ org/groups.yaml catalog-info.yaml \\
      --out catalog/
  seams import-backstage repo/ --out catalog/ --force

See also: seams help input-format (\"Backstage catalogs\": the mapping)")]
pub struct ImportBackstageArgs {
    /// Catalog files, or directories searched recursively for *.yaml and *.yml files.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub paths: Vec<PathBuf>,
    /// Output directory (created if missing, replaced whole: `seams help output`, "Where
    /// outputs go"); it must not hold or lie inside a catalog path.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace --out even when it holds files seams did not write (they are deleted).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ImportBackstageArgs) -> anyhow::Result<Outcome> {
    let inputs: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
    // The plan is checked before any file is opened.
    let out = OutputSet::plan(&args.out, "import-backstage", &inputs, args.force)?;
    let imported = match import_backstage(&inputs, &out) {
        Ok(i) => i,
        Err(SeamsError::InvalidInput(mut d)) => {
            Diagnostics::sort_for_reading(&mut d.items);
            super::print_invalid_input(
                &d,
                Some("the catalog"),
                "each line names the file and line",
            );
            return Ok(Outcome::InvalidInput);
        }
        Err(e) => return Err(e.into()),
    };
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    print_stdout(&summary_line(out.path(), &imported.export))?;
    Ok(Outcome::Success)
}

fn summary_line(out: &Path, e: &CatalogExport) -> String {
    let s = &e.summary;
    let skipped = if s.skipped > 0 {
        format!(
            " ({} skipped)",
            plural(s.skipped, "other document", "other documents")
        )
    } else {
        String::new()
    };
    format!(
        "wrote {}: {} entities in {} files{skipped} → {} teams, {} systems, {} dependencies \
         ({} users read for owners)\nnext: seams validate {}\n",
        out.display(),
        s.entities,
        s.files,
        e.units.len(),
        e.systems.len(),
        e.dependencies.len(),
        s.users,
        out.display()
    )
}
