//! The view-model of the seam report: what `report.html` and `report.md` show, as plain data
//! (user strings kept as given; the renderers escape them), and the caps of what is drawn and
//! listed. Knows neither the metrics nor the renderers.

use serde::Serialize;

use crate::plot::Scene;

/// Limits of what the report draws and lists (large organisations are aggregated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportOptions {
    /// Journeys charted one by one: the top of the journey ranking (most divided first); the
    /// journeys the text names that no variant chart shows are charted too.
    pub max_journeys: usize,
    /// Lanes of one journey chart; more teams are drawn as one "other teams" lane.
    pub max_lanes: usize,
    /// Columns of one journey chart (a column is one step, or a run of consecutive steps by
    /// one team, drawn "×N"); later steps are left out (and the chart says so). Columns wrap
    /// onto rows of [`crate::plot::journey::columns_per_row`] − 1.
    pub max_steps: usize,
    /// Silos of the silo matrix; more are summed into "other silos".
    pub max_silos: usize,
    /// Bars of the bottleneck chart.
    pub max_bars: usize,
    /// Rows of each table (15: a table a person reads; the rest is counted under it).
    pub max_rows: usize,
    /// Device pixels per chart pixel in the PNG files.
    pub png_scale: f64,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            max_journeys: 12,
            max_lanes: 12,
            max_steps: 60,
            max_silos: 12,
            max_bars: 15,
            max_rows: 15,
            png_scale: 2.0,
        }
    }
}

/// A piece of running text; `strong` pieces are names and figures set in bold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// The text (a user string is kept as given; renderers escape it).
    pub text: String,
    /// Set in bold.
    pub strong: bool,
    /// An anchor on the page it links to (`#journey-01-…`, the tool's own ASCII), if any.
    pub link: Option<String>,
}

/// A sentence or paragraph made of spans.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rich(pub Vec<Span>);

impl Rich {
    pub(crate) fn new() -> Rich {
        Rich(Vec::new())
    }
    /// Plain text.
    pub(crate) fn t(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Span {
            text: text.into(),
            strong: false,
            link: None,
        });
        self
    }
    /// Bold text.
    pub(crate) fn b(mut self, text: impl Into<String>) -> Rich {
        self.0.push(Span {
            text: text.into(),
            strong: true,
            link: None,
        });
        self
    }
    /// Bold text linking to an anchor of the page (`href` without the `#`), when there is one.
    pub(crate) fn linked(mut self, text: impl Into<String>, href: Option<String>) -> Rich {
        self.0.push(Span {
            text: text.into(),
            strong: true,
            link: href,
        });
        self
    }
    /// Items in bold, joined by commas and `conj` ("and", "or") in plain text.
    pub(crate) fn list(mut self, items: &[String], conj: &str) -> Rich {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self = self.t(if i + 1 == items.len() {
                    format!(" {conj} ")
                } else {
                    ", ".to_string()
                });
            }
            self = self.b(item.clone());
        }
        self
    }

    /// The plain text of the whole sentence.
    pub fn plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
}

/// One chart: its file name, what it shows, and its renderings.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File stem under `charts/` (ASCII, safe on every file system).
    pub file: String,
    /// Heading.
    pub title: String,
    /// Alternative text of the image.
    pub alt: String,
    /// Two or three sentences: what it shows and what to look at.
    pub text: Vec<Rich>,
    /// The laid-out chart.
    pub scene: Scene,
}

/// A headline figure: what it means in plain words, then the metric in small print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    /// The metric's name (small print).
    pub label: String,
    /// What it means, in words ("Digital keeps 86% of its work inside").
    pub value: String,
    /// The metric's figure and context (small print).
    pub detail: String,
    /// The anchor of the chart that shows it (without the `#`), if any.
    pub link: Option<String>,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Header.
    pub name: String,
    /// Right-aligned figures.
    pub numeric: bool,
    /// Identifiers: never wrapped.
    pub key: bool,
}

/// A table cell: what a person reads, and the identifier behind it when that is not the same
/// (shown in small print in the page, in parentheses in the Markdown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The text (a name, a figure).
    pub text: String,
    /// The id behind a name, when it differs from the name.
    pub id: Option<String>,
    /// The anchor of the chart that shows it (without the `#`), if any.
    pub link: Option<String>,
}

impl Cell {
    /// A cell of plain text.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            id: None,
            link: None,
        }
    }

    /// A name with its id (dropped when the two are the same).
    pub fn named(name: String, id: String) -> Cell {
        let id = (id != name).then_some(id);
        Cell {
            text: name,
            id,
            link: None,
        }
    }

    /// Plain text linking to an anchor of the page, when there is one.
    pub fn linked(text: impl Into<String>, link: Option<String>) -> Cell {
        Cell {
            text: text.into(),
            id: None,
            link,
        }
    }
}

impl PartialEq<&str> for Cell {
    fn eq(&self, other: &&str) -> bool {
        self.id.is_none() && self.text == *other
    }
}

/// A table of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTable {
    /// Anchor id (ASCII).
    pub id: String,
    /// Heading.
    pub title: String,
    /// What it lists and in which order.
    pub intro: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows of formatted cells.
    pub rows: Vec<Vec<Cell>>,
    /// What was left out, if anything (the tool's own words, never a user string; `code`
    /// in backticks).
    pub note: Option<String>,
}

/// "What to change": the moves, channels, duplicated capabilities, customer-data islands and
/// change agents, each with the figure behind it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhatToChange {
    /// One sentence per suggested action.
    pub items: Vec<Rich>,
    /// The tool's own lines under them (how to try the moves, what was skipped for size;
    /// never a user string; `code` in backticks).
    pub notes: Vec<String>,
}

/// What the report is titled and what it says of its export: `seams report --title` and the
/// export's `export.toml` (docs/input-format.md), when there is one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportHeader {
    /// `--title`: the report's title (the export's own title otherwise).
    pub title: Option<String>,
    /// The export's metadata, read by the caller (`ingest::metadata::read_metadata`).
    pub export: Option<crate::records::ExportMetadata>,
    /// The warnings reading the export gave (what `seams validate` shows), for the
    /// data-quality section.
    pub warnings: Vec<crate::error::Diagnostic>,
}

/// One short section of the rest of the story (systems, informal structure, ping-pong, data
/// quality): a few sentences and at most one chart.
#[derive(Debug, Clone, PartialEq)]
pub struct StorySection {
    /// Anchor id (ASCII).
    pub id: String,
    /// Heading.
    pub title: String,
    /// The sentences.
    pub text: Vec<Rich>,
    /// Its chart, if any.
    pub chart: Option<Chart>,
}

/// "Journeys in aggregate": shown when there are more journeys than are charted one by one
/// (docs/output.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// Introduction.
    pub text: Vec<Rich>,
    /// The seam maps (silo, team level) and the seams-per-journey histogram.
    pub charts: Vec<Chart>,
    /// Introduction to the variants.
    pub variants_text: Vec<Rich>,
    /// The journey seam charts of the most frequent silo variants, then team variants.
    pub variants: Vec<Chart>,
    /// Sentences on the distributions (seams per journey, ping-pong, seam waits).
    pub distributions_text: Vec<Rich>,
    /// Variants (silo, team), seam waits by silo pair, the journeys that cross the most silos.
    pub tables: Vec<ReportTable>,
}

impl Aggregate {
    /// Every chart of the section, in page order.
    pub fn all_charts(&self) -> impl Iterator<Item = &Chart> {
        self.charts.iter().chain(self.variants.iter())
    }
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SeamReport {
    /// Page title.
    pub title: String,
    /// The organisation's name (its root unit's).
    pub org_name: String,
    /// What was analysed, in one line.
    pub subtitle: String,
    /// Where the export came from and the period it covers (from `export.toml`), if known.
    pub source_line: Option<String>,
    /// Headline figures.
    pub cards: Vec<Card>,
    /// The story in a few sentences.
    pub findings: Vec<Rich>,
    /// What to change, after the findings.
    pub what_to_change: WhatToChange,
    /// Introduction to the journey charts.
    pub journeys_text: Vec<Rich>,
    /// One chart per charted journey.
    pub journeys: Vec<Chart>,
    /// Silo matrix, bottlenecks, customer distance.
    pub charts: Vec<Chart>,
    /// The rest of the story: systems, informal structure, ping-pong, data quality.
    pub story: Vec<StorySection>,
    /// Journeys in aggregate, when there are more journeys than are charted one by one.
    pub aggregate: Option<Aggregate>,
    /// The tables.
    pub tables: Vec<ReportTable>,
    /// How the figures were computed (the tool's own words, never a user string; `code` in
    /// backticks).
    pub method: Vec<String>,
    /// "seams 0.1.0".
    pub generator: String,
}

/// The SVG of a chart with the report's font stack instead of the bare `sans-serif`.
pub fn svg_file(scene: &Scene) -> String {
    let stack = crate::plot::font::CSS_FONT_STACK.replace('"', "'");
    scene.to_svg().replace(
        "font-family=\"sans-serif\"",
        &format!("font-family=\"{stack}\""),
    )
}
