//! `report.html`: the seam report as one self-contained page (inline CSS and SVG, no script,
//! no external resource), rendered with minijinja from `templates/report.html`. Auto-escaping
//! is on for the whole template, so every user string (team, silo, journey and activity
//! names) shows as text; the charts' SVG is the only markup inserted as is, and plotters
//! escapes the text inside it.

use minijinja::value::{Serde, Value};
use minijinja::Environment;
use serde::Serialize;

use super::model::{svg_file, Aggregate, Card, Chart, ReportTable, Rich, SeamReport, Span};
use crate::plot::font::CSS_FONT_STACK;

const TEMPLATE: &str = include_str!("../templates/report.html");
const CSS: &str = include_str!("../templates/report.css");

#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    org_name: &'a str,
    subtitle: &'a str,
    source_line: Option<&'a str>,
    generator: &'a str,
    font_stack: &'a str,
    cards: &'a [Card],
    findings: Vec<&'a [Span]>,
    what_to_change: Vec<&'a [Span]>,
    what_to_change_notes: &'a [String],
    journeys_text: Vec<&'a [Span]>,
    journeys: Vec<ChartView<'a>>,
    charts: Vec<ChartView<'a>>,
    story: Vec<StoryView<'a>>,
    aggregate: Option<AggregateView<'a>>,
    tables: &'a [ReportTable],
    method: &'a [String],
}

/// The "Journeys in aggregate" section.
#[derive(Serialize)]
struct AggregateView<'a> {
    text: Vec<&'a [Span]>,
    charts: Vec<ChartView<'a>>,
    variants_text: Vec<&'a [Span]>,
    variants: Vec<ChartView<'a>>,
    distributions_text: Vec<&'a [Span]>,
    tables: &'a [ReportTable],
}

fn aggregate_view(g: &Aggregate) -> AggregateView<'_> {
    AggregateView {
        text: spans(&g.text),
        charts: g.charts.iter().map(chart_view).collect(),
        variants_text: spans(&g.variants_text),
        variants: g.variants.iter().map(chart_view).collect(),
        distributions_text: spans(&g.distributions_text),
        tables: &g.tables,
    }
}

#[derive(Serialize)]
struct ChartView<'a> {
    file: &'a str,
    /// The journey a journey seam chart follows (its `data-journey`), else empty.
    journey: &'a str,
    title: &'a str,
    nav: &'a str,
    alt: &'a str,
    text: Vec<&'a [Span]>,
    svg: String,
    /// For print: the pieces a tall chart is cut into between its rows (each an SVG showing
    /// one band of the chart through `<use>`); empty for a chart printed whole.
    pieces: Vec<String>,
}

#[derive(Serialize)]
struct StoryView<'a> {
    id: &'a str,
    title: &'a str,
    nav: &'a str,
    text: Vec<&'a [Span]>,
    chart: Option<ChartView<'a>>,
}

fn chart_view(c: &Chart) -> ChartView<'_> {
    // The chart's file name is its anchor; the navigation uses the first words of its title.
    let nav = c.title.split(':').next().unwrap_or(&c.title);
    ChartView {
        file: &c.file,
        journey: c.title.strip_prefix("Journey: ").unwrap_or(""),
        title: &c.title,
        nav,
        alt: &c.alt,
        text: c.text.iter().map(|r| r.0.as_slice()).collect(),
        svg: inline_svg(&svg_file(&c.scene), &c.file),
        pieces: print_pieces(c),
    }
}

/// The bands of a chart cut at its `breaks` (between the rows of a wrapped journey chart), each
/// an SVG whose view box shows one band of the inline chart (`<use>`, so the drawing is in the
/// page once). Printed instead of the whole chart, so each keeps the page's width.
fn print_pieces(c: &Chart) -> Vec<String> {
    let scene = &c.scene;
    if scene.breaks.is_empty() {
        return Vec::new();
    }
    let (w, h) = (f64::from(scene.width), f64::from(scene.height));
    let mut edges = vec![0.0];
    edges.extend(scene.breaks.iter().copied().filter(|&y| y > 0.0 && y < h));
    edges.push(h);
    edges
        .windows(2)
        .map(|e| {
            let (top, height) = (e[0], e[1] - e[0]);
            format!(
                "<svg viewBox=\"0 {top} {w} {height}\" width=\"{w}\" height=\"{height}\" focusable=\"false\"><use href=\"#svg-{}\"/></svg>",
                c.file
            )
        })
        .collect()
}

/// The SVG as an inline element: its fixed size becomes a ratio (the CSS scales it to the
/// page), and it is hidden from screen readers (the frame around it carries the description).
fn inline_svg(svg: &str, file: &str) -> String {
    // `file` is the tool's own ASCII file stem (labels::slug), safe in an attribute.
    svg.replacen(
        "<svg ",
        &format!("<svg id=\"svg-{file}\" aria-hidden=\"true\" focusable=\"false\" "),
        1,
    )
}

/// The `code` filter: text with `backtick` spans set as `<code>`, everything escaped.
fn code(text: &str) -> Value {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        let escaped = escape_html(part);
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&escaped);
            out.push_str("</code>");
        } else {
            out.push_str(&escaped);
        }
    }
    Value::from_safe_string(out)
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

fn spans(items: &[Rich]) -> Vec<&[Span]> {
    items.iter().map(|r| r.0.as_slice()).collect()
}

/// Renders the page.
///
/// # Errors
/// Only a bug in the template (it is compiled into the binary and covered by tests).
pub fn render(report: &SeamReport) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.add_filter("code", code);
    env.add_template("report.html", TEMPLATE)?;
    env.add_template("report.css", CSS)?;
    let tmpl = env.get_template("report.html")?;
    let page = Page {
        title: &report.title,
        org_name: &report.org_name,
        subtitle: &report.subtitle,
        source_line: report.source_line.as_deref(),
        generator: &report.generator,
        font_stack: CSS_FONT_STACK,
        cards: &report.cards,
        findings: spans(&report.findings),
        what_to_change: spans(&report.what_to_change.items),
        what_to_change_notes: &report.what_to_change.notes,
        journeys_text: spans(&report.journeys_text),
        journeys: report.journeys.iter().map(chart_view).collect(),
        charts: report.charts.iter().map(chart_view).collect(),
        story: report
            .story
            .iter()
            .map(|s| StoryView {
                id: &s.id,
                title: &s.title,
                // The navigation uses the title's first words (before a colon or comma).
                nav: s.title.split([':', ',']).next().unwrap_or(&s.title),
                text: spans(&s.text),
                chart: s.chart.as_ref().map(chart_view),
            })
            .collect(),
        aggregate: report.aggregate.as_ref().map(aggregate_view),
        tables: &report.tables,
        method: &report.method,
    };
    let mut html = tmpl.render(Value::from(Serde(&page)))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}
