//! Renders a [`CheckReport`]: `text` (a terminal, coloured on request), `markdown` (a pull
//! request comment or a CI job summary), `json` (`schema_version`, for machines), `junit` (one
//! test case per rule, for CI test reports) and GitHub Actions workflow annotations.
//!
//! Every renderer lists rules first (failed errors, failed warnings, passed), then the org-wide
//! figures and journeys, then the changes grouped by impact (regressions, improvements,
//! neutral changes, structural changes). Renderers return strings; they never print.

//!
//! One file per renderer (`text.rs`, `markdown.rs`, `json.rs`, `junit.rs`,
//! `annotations.rs`); [`sentences`] writes every sentence from the typed rule outcomes; this
//! file holds what they share, and [`one_line`], the escaping of user strings for human output.

mod annotations;
mod json;
mod junit;
mod markdown;
pub mod sentences;
mod text;

use std::fmt::Write as _;

pub use annotations::{
    github_annotations, github_escape_data, github_escape_property, ANNOTATIONS_PER_RULE,
};
pub use json::{json, CHECK_SCHEMA_VERSION};
pub use junit::junit;
pub use markdown::{markdown, markdown_escape, STICKY_MARKER};
pub use text::text;

use super::diff::{Figure, Impact, JourneyDelta};
use super::rules::RuleResult;
use super::CheckReport;
use crate::text::{group, number, plural};

/// Text and Markdown list at most this many regressions, and as many improvements (JSON lists
/// every change).
pub const SHOWN_JUDGED: usize = 100;

/// Text and Markdown list at most this many changes of the neutral and structural groups.
pub const SHOWN_PER_GROUP: usize = 30;

/// The journey table lists every journey up to this many; beyond, only those that changed.
pub const ALL_JOURNEYS_UP_TO: usize = 20;

/// The journey table shows at most this many rows.
pub const SHOWN_JOURNEYS: usize = 50;

/// Text and Markdown list at most this many violations under a failed rule.
pub(super) const SHOWN_VIOLATIONS: usize = 20;

/// The groups of changes, in listing order, with their headings.
pub const GROUPS: [(Impact, &str); 4] = [
    (Impact::Regression, "Regressions"),
    (Impact::Improvement, "Improvements"),
    (Impact::Changed, "Other changed figures"),
    (Impact::Structural, "Structural changes"),
];

/// A user string, or a sentence that holds one, made safe for one line of human output (text,
/// JUnit, workflow annotations; docs/ci.md): line breaks, tabs and every other control
/// character are shown escaped where they are (`\n`, `\r`, `\t`, `\u{1b}`), as are the
/// Unicode line and paragraph separators, so a name can neither start a new line nor send a
/// terminal escape; and `##[`, which the GitHub Actions runner reads as a command anywhere in a
/// line, is shown as `##\[`. Ordinary names are unchanged.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    if out.contains("##[") {
        out = out.replace("##[", "##\\[");
    }
    out
}

/// [`one_line`] for a string that starts a line (a table's first column): a leading `::`,
/// which the GitHub Actions runner would read as a workflow command (it ignores leading
/// spaces), is shown as `\::`.
pub fn line_start(s: &str) -> String {
    let out = one_line(s);
    if out.trim_start().starts_with("::") {
        format!("\\{out}")
    } else {
        out
    }
}

fn signed(d: f64) -> String {
    if d > 0.0 {
        format!("+{}", number(d))
    } else {
        number(d)
    }
}

/// The change column of a figure: `-840 (better)`, `n/a → 0.5`, or empty when unchanged.
pub fn figure_change(f: &Figure) -> String {
    let Some(impact) = f.impact() else {
        return String::new();
    };
    let word = match impact {
        Impact::Improvement => " (better)",
        Impact::Regression => " (worse)",
        _ => "",
    };
    match f.delta() {
        Some(d) => format!("{}{word}", signed(d)),
        None => "changed".to_string(),
    }
}

/// The verdict in numbers: `2 rules failed, 1 warning, 6 passed`.
pub fn headline(r: &CheckReport) -> String {
    let (e, w, p) = (r.errors(), r.warnings(), r.passed());
    let mut parts = Vec::new();
    if e > 0 {
        parts.push(plural(e, "rule failed", "rules failed"));
    }
    if w > 0 {
        parts.push(plural(w, "warning", "warnings"));
    }
    parts.push(format!("{} passed", group(p as u64)));
    parts.join(", ")
}

pub(super) fn impact_count(r: &CheckReport) -> String {
    GROUPS
        .iter()
        .map(|(i, label)| {
            format!(
                "{} {}",
                group(r.diff.count(*i) as u64),
                label.to_lowercase()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The journeys the journey table shows, and its title: every journey of a small export; of
/// a larger one, only those whose steps, seams or cross-silo seams changed (or that were added
/// or removed).
pub(super) fn journey_rows(r: &CheckReport) -> (Vec<&JourneyDelta>, String) {
    let all = &r.diff.journeys;
    if all.len() <= ALL_JOURNEYS_UP_TO {
        return (all.iter().collect(), "Journeys".to_string());
    }
    let changed: Vec<_> = all.iter().filter(|j| j.before != j.after).collect();
    let title = format!("Journeys that changed ({} of {})", changed.len(), all.len());
    (changed, title)
}

pub(super) fn shown(impact: Impact, len: usize) -> usize {
    len.min(match impact {
        Impact::Regression | Impact::Improvement => SHOWN_JUDGED,
        _ => SHOWN_PER_GROUP,
    })
}

pub(super) fn more_line(s: &mut String, indent: &str, len: usize, cap: usize) {
    if len > cap {
        let _ = writeln!(
            s,
            "{indent}… and {} more (`--format json` lists them all)",
            len - cap
        );
    }
}

pub(super) fn limit_suffix(res: &RuleResult) -> String {
    let l = res.rule.limit.to_string();
    if l.is_empty() {
        String::new()
    } else {
        format!(", value {l}")
    }
}

/// "before → after" columns of a journey (steps, seams, cross-silo seams).
pub(super) fn journey_columns(j: &JourneyDelta) -> (String, String, String) {
    let n = |x: usize| group(x as u64);
    let pair = |b: Option<usize>, a: Option<usize>| match (b, a) {
        (Some(b), Some(a)) if a == b => n(a),
        (Some(b), Some(a)) => format!("{} → {}", n(b), n(a)),
        (None, Some(a)) => format!("new: {}", n(a)),
        (Some(b), None) => format!("{} (removed)", n(b)),
        (None, None) => String::new(),
    };
    (
        pair(j.before.map(|x| x.steps), j.after.map(|x| x.steps)),
        pair(j.before.map(|x| x.seams), j.after.map(|x| x.seams)),
        pair(
            j.before.map(|x| x.cross_silo_seams),
            j.after.map(|x| x.cross_silo_seams),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_keeps_tables_intact() {
        assert_eq!(markdown_escape("a|b"), "a\\|b");
        assert_eq!(
            markdown_escape("<script>*x*_y_"),
            "\\<script\\>\\*x\\*\\_y\\_"
        );
        assert_eq!(markdown_escape("line\nbreak"), "line break");
        assert_eq!(markdown_escape("-team"), "\\-team");
        assert_eq!(markdown_escape("digital-web-shop"), "digital-web-shop");
        assert_eq!(markdown_escape("[x](http://e)"), "\\[x\\](http://e)");
    }

    #[test]
    fn one_line_shows_control_characters_and_keeps_names() {
        assert_eq!(one_line("digital-web-shop"), "digital-web-shop");
        assert_eq!(one_line("Ünïcode — team → x"), "Ünïcode — team → x");
        assert_eq!(one_line("a\n::error::b"), "a\\n::error::b");
        assert_eq!(
            one_line("a\r\tb\u{1b}[1m\u{85}\u{2028}"),
            "a\\r\\tb\\u{1b}[1m\\u{85}\\u{2028}"
        );
        assert_eq!(one_line("x ##[add-mask]y"), "x ##\\[add-mask]y");
        assert_eq!(line_start("::add-mask::x"), "\\::add-mask::x");
        assert_eq!(line_start("a::b"), "a::b");
    }

    #[test]
    fn github_escapes() {
        assert_eq!(github_escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(github_escape_property("a: b, c"), "a%3A b%2C c");
    }
}
