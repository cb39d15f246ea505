//! `report.md`: the seam report as GitHub-flavoured Markdown for a wiki or a pull request, with
//! the PNG charts linked relative to the file (`charts/…png`). The same content as the HTML
//! page; every user string goes through [`escape`], so a name can neither break a table nor
//! turn into markup.

use std::fmt::Write as _;

use super::model::{Chart, Rich, SeamReport};

pub use crate::text::markdown_escape as escape;

fn rich(r: &Rich) -> String {
    let mut s = String::new();
    for span in &r.0 {
        let text = escape(&span.text);
        if span.strong && !text.trim().is_empty() {
            // Keep surrounding spaces outside the emphasis markers.
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let _ = write!(s, "{lead}**{}**{trail}", text.trim());
        } else {
            s.push_str(&text);
        }
    }
    s
}

fn chart(out: &mut String, c: &Chart, heading: &str) {
    let _ = writeln!(out, "{heading}\n");
    let _ = writeln!(out, "![{}](charts/{}.png)\n", escape(&c.alt), c.file);
    for p in &c.text {
        let _ = writeln!(out, "{}\n", rich(p));
    }
    let _ = writeln!(out, "SVG: [charts/{0}.svg](charts/{0}.svg)\n", c.file);
}

/// One table under a heading of the given level (the aggregate section's tables).
fn table(out: &mut String, t: &super::model::ReportTable, level: &str) {
    let _ = writeln!(out, "{level} {}\n", escape(&t.title));
    let _ = writeln!(out, "{}\n", escape(&t.intro));
    if t.rows.is_empty() {
        let _ = writeln!(out, "None.\n");
    } else {
        let header: Vec<String> = t.columns.iter().map(|c| escape(&c.name)).collect();
        let align: Vec<&str> = t
            .columns
            .iter()
            .map(|c| if c.numeric { "---:" } else { "---" })
            .collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}|", align.join("|"));
        for r in &t.rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| match &c.id {
                    Some(id) => format!("{} ({})", escape(&c.text), escape(id)),
                    None => escape(&c.text),
                })
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    if let Some(n) = &t.note {
        // The tool's own text (with `code` spans), no user string.
        let _ = writeln!(out, "_{n}_\n");
    }
}

/// Renders the Markdown document.
pub fn render(report: &SeamReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&report.title));
    let _ = writeln!(out, "{}\n", escape(&report.subtitle));
    if let Some(line) = &report.source_line {
        let _ = writeln!(out, "{}\n", escape(line));
    }

    let _ = writeln!(out, "## Headline figures\n");
    let _ = writeln!(out, "| headline | figure | value |");
    let _ = writeln!(out, "|---|---|---|");
    for c in &report.cards {
        let _ = writeln!(
            out,
            "| **{}** | {} | {} |",
            escape(&c.value),
            escape(&c.label),
            escape(&c.detail)
        );
    }
    out.push('\n');
    if !report.findings.is_empty() {
        let _ = writeln!(out, "### What the export shows\n");
        for f in &report.findings {
            let _ = writeln!(out, "- {}", rich(f));
        }
        out.push('\n');
    }
    let w = &report.what_to_change;
    if !w.items.is_empty() || !w.notes.is_empty() {
        let _ = writeln!(out, "### What to change\n");
        for f in &w.items {
            let _ = writeln!(out, "- {}", rich(f));
        }
        if !w.items.is_empty() {
            out.push('\n');
        }
        for n in &w.notes {
            // The tool's own text (with `code` spans), no user string.
            let _ = writeln!(out, "{n}\n");
        }
    }
    if !report.journeys.is_empty() {
        let _ = writeln!(out, "## Customer journeys and their seams\n");
        for p in &report.journeys_text {
            let _ = writeln!(out, "{}\n", rich(p));
        }
        let n = report.journeys.len();
        for (i, c) in report.journeys.iter().enumerate() {
            let name = c.title.strip_prefix("Journey: ").unwrap_or(&c.title);
            chart(
                &mut out,
                c,
                &format!("### Journey {} of {n}: {}", i + 1, escape(name)),
            );
        }
    }
    // Journeys in aggregate (aggregate/), when there are more journeys than charted.
    if let Some(g) = &report.aggregate {
        let _ = writeln!(out, "## Journeys in aggregate\n");
        for p in &g.text {
            let _ = writeln!(out, "{}\n", rich(p));
        }
        for c in &g.charts {
            chart(&mut out, c, &format!("### {}", escape(&c.title)));
        }
        for p in &g.distributions_text {
            let _ = writeln!(out, "{}\n", rich(p));
        }
        let _ = writeln!(out, "### The most frequent variants\n");
        for p in &g.variants_text {
            let _ = writeln!(out, "{}\n", rich(p));
        }
        for c in &g.variants {
            chart(&mut out, c, &format!("#### {}", escape(&c.title)));
        }
        for t in &g.tables {
            table(&mut out, t, "###");
        }
    }
    for c in &report.charts {
        chart(&mut out, c, &format!("## {}", escape(&c.title)));
    }
    for s in &report.story {
        let _ = writeln!(out, "## {}\n", escape(&s.title));
        for p in &s.text {
            let _ = writeln!(out, "{}\n", rich(p));
        }
        if let Some(c) = &s.chart {
            let _ = writeln!(out, "![{}](charts/{}.png)\n", escape(&c.alt), c.file);
        }
    }
    let _ = writeln!(out, "## Tables\n");
    for t in &report.tables {
        table(&mut out, t, "###");
    }
    let _ = writeln!(out, "## How to read this report\n");
    for m in &report.method {
        let _ = writeln!(out, "- {m}");
    }
    let _ = writeln!(out, "\n---\n\nGenerated by {}.", escape(&report.generator));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_table_breakers() {
        assert_eq!(escape("a|b*c_"), "a\\|b\\*c\\_");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(escape("[x](y) `z`"), "\\[x\\](y) \\`z\\`");
        assert_eq!(escape("Tills & Front End"), "Tills & Front End");
        assert_eq!(escape("&lt;b&gt;"), "\\&lt;b\\&gt;");
        assert_eq!(escape("two\nlines"), "two lines");
        assert_eq!(escape("=cmd()"), "\\=cmd()");
    }
}
