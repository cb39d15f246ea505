//! `import-log --into DIR` (docs/event-logs.md, "Into an existing export"): the log's
//! `handoffs.csv` and `journeys.csv` (and `export.toml`) go into an existing export whose
//! `teams.csv` — and every other file — is kept. [`read_units`] reads the export's unit ids and
//! the `--map` file; [`write_into`] replaces the files as a set.
//!
//! How the set is replaced: every new file is written whole to a temporary name in `DIR`
//! (`.handoffs.csv.seams-tmp-…`) and synced; only when all are complete is each existing file
//! hard-linked to a backup name and the new files renamed over the old ones, one after the
//! other; if a rename fails, the files already renamed are put back from their backups. So an
//! error or a kill while writing (a full disk, a bad log) leaves `DIR` as it was; only a crash
//! of the machine between two renames (microseconds apart) can leave a new `handoffs.csv`
//! beside the old `journeys.csv`. Run the command again to repair that.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::SeamsError;
use crate::ingest::eventlog::mapping::read_map;
use crate::ingest::eventlog::{KnownUnits, LogExport};
use crate::ingest::{read_export_from, ExportFiles};
use crate::output::{resolve, Inputs, Target};

use super::metadata::{ExportMetadata, METADATA_FILE};
use super::writer;

/// The files `--into` replaces.
pub const INTO_FILES: [&str; 3] = ["handoffs.csv", "journeys.csv", METADATA_FILE];

/// Reads the unit ids of `dir/teams.csv` (validated like any export's teams.csv) and the map.
///
/// # Returns
/// The units; [`SeamsError::Usage`] when `dir` is not a directory holding teams.csv;
/// [`SeamsError::InvalidInput`] with the errors of teams.csv or of the map file.
pub fn read_units(dir: &Path, map: Option<&Path>) -> Result<KnownUnits, SeamsError> {
    let teams_file = dir.join("teams.csv");
    if !dir.is_dir() || !teams_file.is_file() {
        return Err(SeamsError::Usage(format!(
            "--into {}: {} (expected an existing export directory holding teams.csv; to create a new export use --out)",
            dir.display(),
            if dir.is_dir() { "it has no teams.csv" } else { "no such directory" }
        )));
    }
    let bytes = fs::read(&teams_file).map_err(|e| SeamsError::Io {
        path: teams_file.clone(),
        source: e,
    })?;
    // teams.csv alone, by the export's own reader: the other files are not the log's business
    // (handoffs.csv and journeys.csv are about to be replaced).
    let loaded = read_export_from(&ExportFiles::memory(dir, [("teams.csv", bytes)]))?;
    let ids: Vec<String> = loaded.export.units.iter().map(|u| u.id.clone()).collect();
    let map = match map {
        Some(m) => Some(read_map(m, &ids)?),
        None => None,
    };
    Ok(KnownUnits {
        teams_file,
        ids,
        map,
    })
}

/// Checks that no file `--into` writes is an input (the log, the map), after symbolic links.
pub fn check_targets(dir: &Path, inputs: &[&Path]) -> Result<(), SeamsError> {
    let inputs = Inputs::new(inputs);
    for f in INTO_FILES {
        let target = dir.join(f);
        inputs.check(&target, &resolve(&target), Target::File)?;
    }
    Ok(())
}

/// Writes `handoffs.csv`, `journeys.csv` and `export.toml` of `export` into `dir`, replacing
/// them as a set (see the module doc for the guarantee).
pub fn write_into(export: &LogExport, meta: &ExportMetadata, dir: &Path) -> Result<(), SeamsError> {
    let meta_text = meta.render();
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |e: io::Error| SeamsError::Io { path, source: e }
    };
    let mut staged: Vec<(tempfile::NamedTempFile, PathBuf)> = Vec::new();
    for f in INTO_FILES {
        let target = dir.join(f);
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{f}.seams-tmp-"))
            .tempfile_in(dir)
            .map_err(io_err(&target))?;
        let mut w = BufWriter::with_capacity(1 << 16, tmp);
        match f {
            "handoffs.csv" => writer::write_handoffs(export, &mut w),
            "journeys.csv" => writer::write_journeys(export, &mut w),
            _ => w.write_all(meta_text.as_bytes()),
        }
        .map_err(io_err(&target))?;
        let tmp = w
            .into_inner()
            .map_err(|e| io_err(&target)(e.into_error()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target)
                .map(|m| m.permissions().mode() & 0o7777)
                .unwrap_or(0o644);
            tmp.as_file()
                .set_permissions(fs::Permissions::from_mode(mode))
                .map_err(io_err(&target))?;
        }
        tmp.as_file().sync_all().map_err(io_err(&target))?;
        staged.push((tmp, target));
    }
    // Backups of the files being replaced (hard links: no copy), so a failed rename can be
    // undone.
    let pid = std::process::id();
    let mut backups: Vec<Option<PathBuf>> = Vec::new();
    for (_, target) in &staged {
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let backup = dir.join(format!(".{name}.seams-old-{pid}"));
        let _ = fs::remove_file(&backup);
        backups.push(fs::hard_link(target, &backup).ok().map(|()| backup));
    }
    let mut renamed: Vec<usize> = Vec::new();
    let mut failure: Option<SeamsError> = None;
    for (i, (tmp, target)) in staged.into_iter().enumerate() {
        match tmp.persist(&target) {
            Ok(_) => renamed.push(i),
            Err(e) => {
                failure = Some(io_err(&target)(e.error));
                break;
            }
        }
    }
    if let Some(err) = failure {
        for &i in &renamed {
            let target = dir.join(INTO_FILES[i]);
            match &backups[i] {
                Some(b) => {
                    let _ = fs::rename(b, &target);
                }
                None => {
                    let _ = fs::remove_file(&target);
                }
            }
        }
        for b in backups.iter().flatten() {
            let _ = fs::remove_file(b);
        }
        return Err(err);
    }
    for b in backups.iter().flatten() {
        let _ = fs::remove_file(b);
    }
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
