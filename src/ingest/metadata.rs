//! `export.toml`, read: what an export covers and where it came from (docs/input-format.md,
//! "export.toml"). Import commands write it (`import::metadata`); reading an export's tables
//! ignores it, and `seams report` reads it with [`read_metadata`] to title the report and show
//! the source and period in its header.

use std::path::Path;

use crate::records::ExportMetadata;

/// The file's name inside the export.
pub const METADATA_FILE: &str = "export.toml";

/// Reads `dir/export.toml`, tolerantly: `None` when it is missing, unreadable or not TOML;
/// unknown keys are ignored and missing ones take their defaults (the file is a description
/// for people, never needed to analyse the export). O(file size).
pub fn read_metadata(dir: &Path) -> Option<ExportMetadata> {
    let text = std::fs::read_to_string(dir.join(METADATA_FILE)).ok()?;
    toml::from_str(&text).ok()
}
