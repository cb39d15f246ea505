//! `--format json`: one document with a `schema_version`, for machines (docs/ci.md).

use serde::Serialize;

use super::sentences;
use crate::check::diff::Impact;
use crate::check::CheckReport;
use crate::value::Cell;

/// Version of the check JSON document; bumped on any incompatible change.
pub const CHECK_SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct JsonDoc<'a> {
    schema_version: u32,
    tool: String,
    baseline: &'a str,
    candidate: &'a str,
    rules_source: String,
    status: &'static str,
    errors: usize,
    warnings: usize,
    passed: usize,
    rules: Vec<JsonRule>,
    figures: Vec<JsonFigure>,
    journeys: Vec<JsonJourney<'a>>,
    silos: Vec<JsonSilo<'a>>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonRule {
    rule: &'static str,
    severity: &'static str,
    value: Cell,
    line: Option<u64>,
    passed: bool,
    summary: String,
    violations: Vec<JsonViolation>,
}

#[derive(Serialize)]
struct JsonViolation {
    ids: Vec<String>,
    value: Cell,
    message: String,
}

#[derive(Serialize)]
struct JsonFigure {
    figure: &'static str,
    baseline: Cell,
    candidate: Cell,
    change: Cell,
    impact: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonJourney<'a> {
    journey: &'a str,
    baseline_steps: Option<usize>,
    candidate_steps: Option<usize>,
    baseline_seams: Option<usize>,
    candidate_seams: Option<usize>,
    baseline_cross_silo_seams: Option<usize>,
    candidate_cross_silo_seams: Option<usize>,
}

#[derive(Serialize)]
struct JsonSilo<'a> {
    silo: &'a str,
    baseline_teams: Option<usize>,
    candidate_teams: Option<usize>,
    baseline_ei_index: Cell,
    candidate_ei_index: Cell,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    impact: &'static str,
    kind: &'static str,
    ids: &'a [String],
    baseline: &'a Cell,
    candidate: &'a Cell,
    message: &'a str,
}

/// Renders the report as one JSON document (`schema_version` [`CHECK_SCHEMA_VERSION`]; layout
/// in docs/ci.md), pretty-printed, ending with a newline.
pub fn json(r: &CheckReport) -> String {
    let doc = JsonDoc {
        schema_version: CHECK_SCHEMA_VERSION,
        tool: format!("seams {}", env!("CARGO_PKG_VERSION")),
        baseline: &r.baseline,
        candidate: &r.candidate,
        rules_source: r.rules_label(),
        status: r.verdict().key(),
        errors: r.errors(),
        warnings: r.warnings(),
        passed: r.passed(),
        rules: r
            .results
            .iter()
            .map(|x| JsonRule {
                rule: x.rule.kind.key(),
                severity: x.rule.severity.key(),
                value: x.rule.limit.cell(),
                line: x.rule.line,
                passed: x.passed,
                summary: sentences::summary(x),
                violations: x
                    .violations
                    .iter()
                    .map(|v| JsonViolation {
                        ids: v.ids(),
                        value: v.value(),
                        message: sentences::violation(v),
                    })
                    .collect(),
            })
            .collect(),
        figures: r
            .diff
            .figures
            .iter()
            .map(|f| JsonFigure {
                figure: f.key,
                baseline: f.before.into(),
                candidate: f.after.into(),
                change: f.delta().into(),
                impact: f.impact().map(Impact::key),
            })
            .collect(),
        journeys: r
            .diff
            .journeys
            .iter()
            .map(|j| JsonJourney {
                journey: &j.journey,
                baseline_steps: j.before.map(|x| x.steps),
                candidate_steps: j.after.map(|x| x.steps),
                baseline_seams: j.before.map(|x| x.seams),
                candidate_seams: j.after.map(|x| x.seams),
                baseline_cross_silo_seams: j.before.map(|x| x.cross_silo_seams),
                candidate_cross_silo_seams: j.after.map(|x| x.cross_silo_seams),
            })
            .collect(),
        silos: r
            .diff
            .silos
            .iter()
            .map(|x| JsonSilo {
                silo: &x.silo,
                baseline_teams: x.before.map(|s| s.nodes),
                candidate_teams: x.after.map(|s| s.nodes),
                baseline_ei_index: x.before.and_then(|s| s.ei_index).into(),
                candidate_ei_index: x.after.and_then(|s| s.ei_index).into(),
            })
            .collect(),
        changes: r
            .diff
            .changes
            .iter()
            .map(|c| JsonChange {
                impact: c.impact.key(),
                kind: c.kind.key(),
                ids: &c.ids,
                baseline: &c.before,
                candidate: &c.after,
                message: &c.message,
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    // `##[` can only occur inside a string here: written `##\u005b`, it reads back the same
    // and the GitHub Actions runner does not take it for a command.
    if out.contains("##[") {
        out = out.replace("##[", "##\\u005b");
    }
    out.push('\n');
    out
}
