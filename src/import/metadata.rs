//! `export.toml`: what an imported export covers and where it came from (docs/input-format.md,
//! "export.toml"). `import-log` writes it beside the files it writes; reading an export ignores
//! it, and [`read_metadata`] (in `ingest::metadata`) reads it tolerantly for `seams report`,
//! which shows its title, source and period in the report's header.

use std::path::Path;

use crate::error::SeamsError;
use crate::ingest::eventlog::{ImportOptions, LogExport, Timestamp};
use crate::output::write_atomic;

pub use crate::ingest::metadata::{read_metadata, METADATA_FILE};
pub use crate::records::ExportMetadata;

/// An instant as RFC 3339 in UTC.
fn rfc3339(t: Timestamp) -> String {
    jiff::Timestamp::new(t.unix_seconds(), t.subsec_nanos() as i32)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

impl ExportMetadata {
    /// The metadata of `export`, imported from `log` with `options`.
    pub fn of_import(log: &Path, options: &ImportOptions, export: &LogExport) -> ExportMetadata {
        ExportMetadata {
            source: log
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            source_format: "event log (CSV)".to_string(),
            period_from: options.period.from.map(rfc3339),
            period_until: options.period.until.map(rfc3339),
            first_event: export.span.map(|s| rfc3339(s.0)),
            last_event: export.span.map(|s| rfc3339(s.1)),
            cases: export.summary.cases as u64,
            events: export.summary.events,
            generated_by: format!("seams import-log {}", env!("CARGO_PKG_VERSION")),
            title: None,
        }
    }

    /// The file's text: a comment line, then the keys.
    pub fn render(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("# What this export covers (docs/input-format.md, \"export.toml\").\n{body}")
    }
}

/// Writes `dir/export.toml` atomically.
pub fn write_metadata(meta: &ExportMetadata, dir: &Path) -> Result<(), SeamsError> {
    let text = meta.render();
    write_atomic(&dir.join(METADATA_FILE), |w| w.write_all(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trips_and_reading_is_tolerant() {
        let meta = ExportMetadata {
            source: "tickets.csv".into(),
            source_format: "event log (CSV)".into(),
            period_from: Some("2010-01-01T00:00:00Z".into()),
            cases: 3,
            generated_by: "seams import-log 0.1.0".into(),
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        write_metadata(&meta, dir.path()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(METADATA_FILE)).unwrap();
        assert!(text.contains("source = \"tickets.csv\"\n"), "{text}");
        assert!(!text.contains("period_until"), "{text}");
        assert_eq!(read_metadata(dir.path()), Some(meta));
        std::fs::write(
            dir.path().join(METADATA_FILE),
            "source = \"x\"\nfuture = 1\n",
        )
        .unwrap();
        assert_eq!(read_metadata(dir.path()).unwrap().source, "x");
        std::fs::write(dir.path().join(METADATA_FILE), "not toml [").unwrap();
        assert_eq!(read_metadata(dir.path()), None);
        assert_eq!(read_metadata(&dir.path().join("none")), None);
    }
}
