//! What `seams validate` shows: the summary of a readable export, then its errors and warnings.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::ingest::FileDialect;
use crate::model::summary::OrgSummary;

/// The outcome of validating an export.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Validation {
    /// Format version of this JSON document.
    pub schema_version: u32,
    /// The directory validated.
    pub export: String,
    /// True when there is no error.
    pub valid: bool,
    /// The summary (None when the export could not be read).
    pub summary: Option<OrgSummary>,
    /// Errors, in file order.
    pub errors: Vec<Diagnostic>,
    /// Warnings, in file order.
    pub warnings: Vec<Diagnostic>,
    /// How each file was read (delimiter, encoding, decimal comma), in file order.
    pub files: Vec<FileDialect>,
}

/// Version of the validate JSON document.
pub const VALIDATE_SCHEMA_VERSION: u32 = 2;

/// One line per way of reading: `Read teams.csv, handoffs.csv as comma-separated UTF-8
/// (delimiter detected).`
#[cfg(feature = "terminal")]
fn render_files(s: &mut String, files: &[FileDialect]) {
    use std::fmt::Write as _;
    let mut groups: Vec<(&FileDialect, Vec<&str>)> = Vec::new();
    for f in files {
        let same = |g: &FileDialect| {
            (g.delimiter, g.delimiter_detected, g.encoding)
                == (f.delimiter, f.delimiter_detected, f.encoding)
        };
        match groups.iter_mut().find(|(g, _)| same(g)) {
            Some((_, names)) => names.push(&f.file),
            None => groups.push((f, vec![&f.file])),
        }
    }
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(s);
    for (g, names) in groups {
        let how = if g.delimiter_detected {
            "delimiter detected from the header"
        } else {
            "set with --delimiter"
        };
        let decimal = if g.decimal_comma {
            "; numbers may use a decimal comma"
        } else {
            ""
        };
        let encoding = match g.encoding {
            crate::ingest::Encoding::Utf8 => "UTF-8",
            crate::ingest::Encoding::Windows1252 => "Windows-1252",
            crate::ingest::Encoding::Latin1 => "Latin-1 (as Windows-1252)",
            crate::ingest::Encoding::Utf16 => "UTF-16",
        };
        let _ = writeln!(
            s,
            "Read {} as {} {encoding} ({how}{decimal}).",
            names.join(", "),
            g.delimiter.describe()
        );
    }
}

/// Renders the validation for a terminal.
#[cfg(feature = "terminal")]
pub fn render_text(v: &Validation) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    if let Some(sum) = &v.summary {
        let _ = writeln!(s, "Export {}", v.export);
        let mut t = super::terminal_table(&["", "count"]);
        let depths = sum
            .units_per_depth
            .iter()
            .enumerate()
            .map(|(d, c)| format!("depth {d}: {c}"))
            .collect::<Vec<_>>()
            .join(", ");
        t.add_row(vec![
            "units".to_string(),
            format!("{} ({depths})", sum.units),
        ]);
        t.add_row(vec![
            "customer-facing units".to_string(),
            sum.customer_facing_units.to_string(),
        ]);
        t.add_row(vec![
            "systems".to_string(),
            format!("{} ({} without owner)", sum.systems, sum.orphan_systems),
        ]);
        t.add_row(vec![
            "dependencies".to_string(),
            sum.dependencies.to_string(),
        ]);
        let source = match sum.handoff_source {
            crate::records::HandoffSource::File => {
                format!("{} rows in handoffs.csv", sum.handoff_rows)
            }
            crate::records::HandoffSource::Journeys => "derived from journeys".to_string(),
            crate::records::HandoffSource::None => "none".to_string(),
        };
        t.add_row(vec![
            "handoffs".to_string(),
            format!("{} (from, to) pairs; {source}", sum.handoff_pairs),
        ]);
        t.add_row(vec![
            "handoff graph".to_string(),
            format!(
                "{} teams, {} handoff edges",
                sum.handoff_graph_nodes, sum.handoff_graph_edges
            ),
        ]);
        t.add_row(vec![
            "journeys".to_string(),
            format!("{} ({} steps)", sum.journeys, sum.journey_steps),
        ]);
        let _ = writeln!(s, "{t}");
        let how = if sum.silo_level_automatic {
            "automatic: the shallowest depth with at least two units"
        } else {
            "set with --silo-level"
        };
        let _ = writeln!(
            s,
            "\nSilo level {} ({how}): {} silos",
            sum.silo_level,
            sum.silos.len()
        );
        let mut t = super::terminal_table(&["silo", "name", "units", "teams"]);
        const SHOWN: usize = 25;
        for silo in sum.silos.iter().take(SHOWN) {
            t.add_row(vec![
                super::clip(&silo.silo),
                super::clip(silo.name.as_deref().unwrap_or_default()),
                silo.units.to_string(),
                silo.nodes.to_string(),
            ]);
        }
        let _ = writeln!(s, "{t}");
        if sum.silos.len() > SHOWN {
            let _ = writeln!(
                s,
                "… and {} more silos (use --format json for all)",
                sum.silos.len() - SHOWN
            );
        }
    }
    render_files(&mut s, &v.files);
    if !v.errors.is_empty() {
        // The count of errors not shown is one line, standing for that many errors.
        let _ = writeln!(s, "\n{} error(s):", crate::error::count_errors(&v.errors));
        for d in &v.errors {
            let _ = writeln!(s, "  error: {d}");
        }
    }
    if !v.warnings.is_empty() {
        let _ = writeln!(s, "\n{} warning(s):", v.warnings.len());
        for d in &v.warnings {
            let _ = writeln!(s, "  warning: {d}");
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        if v.valid {
            "OK: the export is valid."
        } else {
            "FAILED: fix the errors above and run `seams validate` again."
        }
    );
    s
}
