//! `seams check --report OUT`: the before and after of a check as one self-contained HTML page
//! in the seam report's style (docs/ci.md, "The before/after page"): the verdict and the rules,
//! the figures that moved, each journey that gained or lost seams with its journey seam chart
//! before and after, and the changes.
//!
//! Rendered with minijinja from `templates/check.html`, which includes the seam report's
//! `report.css` and adds a few rules of its own (`check.css`). HTML auto-escaping is on: every
//! user string shows as text; the charts' SVG (drawn by `crate::plot`, which escapes its text)
//! is the only markup inserted as is. No script, no external resource.

use std::path::Path;

use minijinja::value::{Serde, Value};
use minijinja::Environment;
use serde::Serialize;

use crate::check::diff::{Impact, JourneyDelta};
use crate::check::format::{figure_change, headline, sentences};
use crate::check::rules::Severity;
use crate::check::{CheckReport, Verdict};
use crate::error::SeamsError;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot::font::CSS_FONT_STACK;
use crate::report::seam_report::{journey_chart_of, svg_file, Chart};
use crate::text::{group, opt};

const TEMPLATE: &str = include_str!("../templates/check.html");
const CSS: &str = include_str!("../templates/report.css");
const CHECK_CSS: &str = include_str!("../templates/check.css");

/// The page shows the charts of at most this many journeys (those whose seams moved most).
pub const CHARTED_JOURNEYS: usize = 12;

/// The page lists at most this many changes per group.
pub const LISTED_CHANGES: usize = 100;

/// The file written inside the output directory.
pub const PAGE: &str = "report.html";

/// One analysed side: what the charts are drawn from.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The model.
    pub org: &'a Org,
    /// Its analysis.
    pub analysis: &'a Analysis,
}

#[derive(Serialize)]
struct Page {
    title: String,
    verdict: &'static str,
    verdict_class: &'static str,
    headline: String,
    baseline: String,
    candidate: String,
    rules_label: String,
    generator: String,
    font_stack: &'static str,
    rules: Vec<RuleRow>,
    figures: Vec<FigureRow>,
    unchanged_figures: usize,
    journeys: Vec<JourneyView>,
    journeys_changed: usize,
    groups: Vec<ChangeGroup>,
}

#[derive(Serialize)]
struct RuleRow {
    status: &'static str,
    class: &'static str,
    rule: &'static str,
    severity: &'static str,
    value: String,
    summary: String,
    violations: Vec<String>,
}

#[derive(Serialize)]
struct FigureRow {
    label: &'static str,
    baseline: String,
    candidate: String,
    change: String,
    class: &'static str,
}

#[derive(Serialize)]
struct ChartView {
    side: &'static str,
    alt: String,
    svg: String,
}

#[derive(Serialize)]
struct JourneyView {
    id: String,
    anchor: String,
    class: &'static str,
    summary: String,
    charts: Vec<ChartView>,
}

#[derive(Serialize)]
struct ChangeGroup {
    label: &'static str,
    class: &'static str,
    items: Vec<String>,
    more: usize,
}

fn impact_class(i: Option<Impact>) -> &'static str {
    match i {
        Some(Impact::Regression) => "worse",
        Some(Impact::Improvement) => "better",
        _ => "",
    }
}

/// The journeys present on both sides whose seams or cross-silo seams moved, the largest move
/// first (cross-silo seams, then seams, by absolute change), ties by id.
fn moved_journeys(r: &CheckReport) -> Vec<&JourneyDelta> {
    let mut moved: Vec<(&JourneyDelta, i64, i64)> = r
        .diff
        .journeys
        .iter()
        .filter_map(|j| {
            let (b, a) = (j.before?, j.after?);
            let cross = a.cross_silo_seams as i64 - b.cross_silo_seams as i64;
            let seams = a.seams as i64 - b.seams as i64;
            (cross != 0 || seams != 0).then_some((j, cross, seams))
        })
        .collect();
    moved.sort_by(|x, y| {
        (y.1.abs(), y.2.abs())
            .cmp(&(x.1.abs(), x.2.abs()))
            .then(x.0.journey.cmp(&y.0.journey))
    });
    moved.into_iter().map(|m| m.0).collect()
}

fn chart_view(side: &'static str, chart: &Chart) -> ChartView {
    ChartView {
        side,
        alt: chart.alt.clone(),
        svg: svg_file(&chart.scene).replacen(
            "<svg ",
            "<svg aria-hidden=\"true\" focusable=\"false\" ",
            1,
        ),
    }
}

fn journey_view(j: &JourneyDelta, base: Side, cand: Side) -> JourneyView {
    let (b, a) = (j.before.unwrap_or_default(), j.after.unwrap_or_default());
    let worse = (a.cross_silo_seams, a.seams) > (b.cross_silo_seams, b.seams);
    let summary = format!(
        "seams {} → {}, cross-silo seams {} → {}, steps {} → {}",
        group(b.seams as u64),
        group(a.seams as u64),
        group(b.cross_silo_seams as u64),
        group(a.cross_silo_seams as u64),
        group(b.steps as u64),
        group(a.steps as u64)
    );
    let charts = [("Before (baseline)", base), ("After (candidate)", cand)]
        .into_iter()
        .filter_map(|(label, side)| {
            let c = journey_chart_of(side.org, side.analysis, &j.journey)?;
            Some(chart_view(label, &c))
        })
        .collect();
    JourneyView {
        id: j.journey.clone(),
        anchor: format!("journey-{}", crate::report::seam_report::slug(&j.journey)),
        class: if worse { "worse" } else { "better" },
        summary,
        charts,
    }
}

/// Renders the before/after page of a check.
///
/// # Errors
/// Only a bug in the template (it is compiled into the binary and covered by tests).
pub fn render(r: &CheckReport, base: Side, cand: Side) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("check.html", TEMPLATE)?;
    env.add_template("report.css", CSS)?;
    env.add_template("check.css", CHECK_CSS)?;
    let (verdict, verdict_class) = match r.verdict() {
        Verdict::Pass => ("passed", "pass"),
        Verdict::PassWithWarnings => ("passed with warnings", "warn"),
        Verdict::Fail => ("failed", "fail"),
    };
    let rules = r
        .results
        .iter()
        .map(|res| {
            let (status, class) = match (res.passed, res.rule.severity) {
                (false, Severity::Error) => ("failed", "worse"),
                (false, Severity::Warning) => ("warning", "warn"),
                (true, _) => ("passed", "better"),
            };
            RuleRow {
                status,
                class,
                rule: res.rule.kind.key(),
                severity: res.rule.severity.key(),
                value: res.rule.limit.to_string(),
                summary: sentences::summary(res),
                violations: if res.violations.len() > 1 {
                    res.violations.iter().map(sentences::violation).collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let figures: Vec<FigureRow> = r
        .diff
        .figures
        .iter()
        .filter(|f| f.impact().is_some())
        .map(|f| FigureRow {
            label: f.label,
            baseline: opt(f.before),
            candidate: opt(f.after),
            change: figure_change(f),
            class: impact_class(f.impact()),
        })
        .collect();
    let moved = moved_journeys(r);
    let journeys = moved
        .iter()
        .take(CHARTED_JOURNEYS)
        .map(|j| journey_view(j, base, cand))
        .collect();
    let groups = crate::check::format::GROUPS
        .iter()
        .filter_map(|&(impact, label)| {
            let all: Vec<String> = r
                .diff
                .changes
                .iter()
                .filter(|c| c.impact == impact)
                .map(|c| c.message.clone())
                .collect();
            if all.is_empty() {
                return None;
            }
            let more = all.len().saturating_sub(LISTED_CHANGES);
            Some(ChangeGroup {
                label,
                class: impact_class(Some(impact)),
                items: all.into_iter().take(LISTED_CHANGES).collect(),
                more,
            })
        })
        .collect();
    let page = Page {
        title: format!("seams check: {verdict}"),
        verdict,
        verdict_class,
        headline: headline(r),
        baseline: r.baseline.clone(),
        candidate: r.candidate.clone(),
        rules_label: r.rules_label(),
        generator: format!("seams {}", env!("CARGO_PKG_VERSION")),
        font_stack: CSS_FONT_STACK,
        rules,
        unchanged_figures: r.diff.figures.len() - figures.len(),
        figures,
        journeys,
        journeys_changed: moved.len(),
        groups,
    };
    let mut html = env
        .get_template("check.html")?
        .render(Value::from(Serde(&page)))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

/// Writes the page as [`PAGE`] into `dir` (the staging directory of the output set).
///
/// # Errors
/// [`SeamsError::Io`] when the file cannot be written.
pub fn write(dir: &Path, html: &str) -> Result<(), SeamsError> {
    let path = dir.join(PAGE);
    std::fs::write(&path, html).map_err(|e| SeamsError::Io { path, source: e })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::diff::{Diff, JourneyFacts};
    use crate::check::rules::RuleSource;
    use crate::check::Locations;

    fn journey(id: &str, before: (usize, usize), after: Option<(usize, usize)>) -> JourneyDelta {
        let facts = |(seams, cross_silo_seams)| JourneyFacts {
            steps: seams + 1,
            seams,
            cross_silo_seams,
            volume: 1.0,
        };
        JourneyDelta {
            journey: id.into(),
            before: Some(facts(before)),
            after: after.map(facts),
        }
    }

    #[test]
    fn journeys_that_moved_most_come_first() {
        let r = CheckReport {
            baseline: "a".into(),
            candidate: "b".into(),
            rules_source: RuleSource::Defaults,
            results: Vec::new(),
            wording: crate::check::Wording::CHECK,
            diff: Diff {
                figures: Vec::new(),
                journeys: vec![
                    journey("same", (3, 1), Some((3, 1))),
                    journey("seams-only", (3, 1), Some((6, 1))),
                    journey("cross-b", (3, 1), Some((3, 3))),
                    journey("cross-a", (5, 3), Some((5, 1))),
                    journey("removed", (3, 1), None),
                ],
                silos: Vec::new(),
                changes: Vec::new(),
            },
            locations: Locations::default(),
        };
        let ids: Vec<&str> = moved_journeys(&r)
            .iter()
            .map(|j| j.journey.as_str())
            .collect();
        assert_eq!(ids, ["cross-a", "cross-b", "seams-only"]);
    }
}
