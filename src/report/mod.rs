//! Outputs for people and machines: terminal summaries, JSON documents and CSV tables. Renders
//! what the library computed; never computes a metric and never prints (it returns strings or
//! writes to a writer the caller gives).

pub mod analysis;
pub mod check_report;
pub mod export;
pub mod rows;
pub mod seam_report;
pub mod summary;
pub mod table;
pub mod validate;

use comfy_table::{presets, ContentArrangement, Table, TableComponent};

/// A plain, readable terminal table with the given header (no colours, so it pipes cleanly).
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
pub fn clip(text: &str) -> String {
    if text.chars().count() <= CELL_CHARS {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(CELL_CHARS - 1).collect();
        s.push('…');
        s
    }
}
