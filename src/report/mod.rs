//! Outputs for people and machines: terminal summaries, JSON documents and CSV tables. Renders
//! what the library computed; never computes a metric and never prints (it returns strings or
//! writes to a writer the caller gives).

mod aggregate_tables;
pub mod analysis;
#[cfg(all(feature = "report", feature = "check"))]
pub mod check_report;
#[cfg(feature = "report")]
pub mod export;
pub mod rows;
#[cfg(feature = "report")]
pub mod seam_report;
#[cfg(feature = "terminal")]
pub mod summary;
pub mod table;
pub mod validate;

#[cfg(feature = "terminal")]
use comfy_table::{presets, ContentArrangement, Table, TableComponent};

/// A plain, readable terminal table with the given header (no colours, so it pipes cleanly).
#[cfg(feature = "terminal")]
pub fn terminal_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    for c in [
        TableComponent::HorizontalLines,
        TableComponent::MiddleIntersections,
        TableComponent::LeftBorderIntersections,
        TableComponent::RightBorderIntersections,
    ] {
        t.remove_style(c);
    }
    // Off a terminal (pipes, files, CI logs) wrap to 100 columns instead of never wrapping.
    if t.width().is_none() {
        t.set_width(100);
    }
    t
}

/// Most characters of a user string shown in a terminal cell; longer ones end in `…`.
const CELL_CHARS: usize = 48;

/// A user string cut for a terminal cell (very long names would make tables unreadable and
/// slow to lay out).
///
/// Control characters and line breaks are shown escaped ([`crate::text::printable`]), so a
/// name can neither send a terminal escape sequence nor start a line of its own.
pub fn clip(text: &str) -> String {
    let text = crate::text::printable(text);
    if text.chars().count() <= CELL_CHARS {
        text.into_owned()
    } else {
        let mut s: String = text.chars().take(CELL_CHARS - 1).collect();
        s.push('…');
        s
    }
}
