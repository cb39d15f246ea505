//! Writes a Backstage catalog read by `ingest::backstage` as an export: `teams.csv`,
//! `systems.csv` and `dependencies.csv` (docs/input-format.md, "Backstage catalogs"), as one
//! output set, every text cell neutralised against spreadsheet formulas exactly as
//! `import-log` writes it ([`cell`]).

use std::io::{self, Write};
use std::path::Path;

use super::writer::cell;
use crate::error::SeamsError;
use crate::ingest::backstage::{read_catalog, CatalogExport, ImportedCatalog};
use crate::output::{write_atomic, OutputSet};

/// Converts the Backstage catalog in `paths` into an export in `out` (what
/// `seams import-backstage` runs).
///
/// Reads the whole catalog first ([`read_catalog`]): when it has errors nothing is created or
/// written. Then writes the three files as one output set: they replace `out` whole, or
/// nothing changes (docs/output.md, "Where outputs go").
///
/// # Returns
/// The imported catalog (its records, counts and warnings); every error of the catalog
/// ([`SeamsError::InvalidInput`]); or the I/O error that stopped writing.
///
/// # Complexity
/// That of [`read_catalog`], plus one pass over the records to write them.
pub fn import_backstage(paths: &[&Path], out: &OutputSet) -> Result<ImportedCatalog, SeamsError> {
    let imported = read_catalog(paths)?;
    out.write(|dir| write(&imported.export, dir))?;
    Ok(imported)
}

/// Writes `teams.csv`, `systems.csv` and `dependencies.csv` into `dir`, each atomically.
///
/// - `teams.csv`: `id,name,parent,kind`, by id;
/// - `systems.csv`: `id,name,owner,type,lifecycle,system,domain`, by id;
/// - `dependencies.csv`: `from,to,kind`, by (from, to).
pub fn write(export: &CatalogExport, dir: &Path) -> Result<(), SeamsError> {
    write_atomic(&dir.join("teams.csv"), |w| write_teams(export, w))?;
    write_atomic(&dir.join("systems.csv"), |w| write_systems(export, w))?;
    write_atomic(&dir.join("dependencies.csv"), |w| {
        write_dependencies(export, w)
    })
}

/// teams.csv (every text through [`cell`]).
pub fn write_teams(export: &CatalogExport, w: &mut dyn Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["id", "name", "parent", "kind"])?;
    for u in &export.units {
        record(&mut out, [&u.id, &u.name, opt(&u.parent), opt(&u.kind)])?;
    }
    out.flush()
}

/// systems.csv (every text through [`cell`]); `type`, `lifecycle`, `system` and `domain` are
/// extra columns, kept as attributes by the export reader.
pub fn write_systems(export: &CatalogExport, w: &mut dyn Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "id",
        "name",
        "owner",
        "type",
        "lifecycle",
        "system",
        "domain",
    ])?;
    for s in &export.systems {
        record(
            &mut out,
            [
                &s.id,
                &s.name,
                opt(&s.owner),
                opt(&s.kind),
                opt(&s.lifecycle),
                opt(&s.system),
                opt(&s.domain),
            ],
        )?;
    }
    out.flush()
}

/// dependencies.csv (every text through [`cell`]).
pub fn write_dependencies(export: &CatalogExport, w: &mut dyn Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["from", "to", "kind"])?;
    for d in &export.dependencies {
        record(&mut out, [&d.from, &d.to, &d.kind])?;
    }
    out.flush()
}

/// One row, every field through [`cell`].
fn record<const N: usize>(
    out: &mut csv::Writer<&mut dyn Write>,
    fields: [&str; N],
) -> io::Result<()> {
    out.write_record(fields.map(|f| cell(f).into_owned()))?;
    Ok(())
}

/// An optional text as a cell: blank when unknown.
fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}
