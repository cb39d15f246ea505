//! Renders a [`CheckReport`]: `text` (a terminal, coloured on request), `markdown` (a pull
//! request comment or a CI job summary), `json` (`schema_version`, for machines), `junit` (one
//! test case per rule, for CI test reports) and GitHub Actions workflow annotations.
//!
//! Every renderer lists rules first (failed errors, failed warnings, passed), then the org-wide
//! figures and journeys, then the changes grouped by impact (regressions, improvements,
//! neutral changes, structural changes). Renderers return strings; they never print.

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use super::diff::{Change, Figure, Impact};
use super::rules::{RuleResult, Severity};
use super::{CheckReport, Verdict};
use crate::text::number as fnum;
use crate::value::Cell;

/// Version of the check JSON document; bumped on any incompatible change.
pub const CHECK_SCHEMA_VERSION: u32 = 1;

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
const SHOWN_VIOLATIONS: usize = 20;

const GROUPS: [(Impact, &str); 4] = [
    (Impact::Regression, "Regressions"),
    (Impact::Improvement, "Improvements"),
    (Impact::Changed, "Other changed figures"),
    (Impact::Structural, "Structural changes"),
];

use crate::text::opt;

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
        format!("+{}", fnum(d))
    } else {
        fnum(d)
    }
}

/// The change column of a figure: `-840 (better)`, `n/a → 0.5`, or empty when unchanged.
fn figure_change(f: &Figure) -> String {
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

fn headline(r: &CheckReport) -> String {
    let (e, w, p) = (r.errors(), r.warnings(), r.passed());
    let mut parts = Vec::new();
    if e > 0 {
        parts.push(format!("{e} rule{} failed", if e == 1 { "" } else { "s" }));
    }
    if w > 0 {
        parts.push(format!("{w} warning{}", if w == 1 { "" } else { "s" }));
    }
    parts.push(format!("{p} passed"));
    parts.join(", ")
}

fn impact_count(r: &CheckReport) -> String {
    GROUPS
        .iter()
        .map(|(i, label)| format!("{} {}", r.diff.count(*i), label.to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// text

/// ANSI styles, or nothing when colour is off.
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn red(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("1;33", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("1;32", s)
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
}

/// Renders the report for a terminal. `colour` adds ANSI colours (the caller decides: stdout
/// is a terminal and `NO_COLOR` is unset); without it the text is plain and pipes cleanly.
pub fn text(r: &CheckReport, colour: bool) -> String {
    let st = Style { on: colour };
    let mut s = String::new();
    let verdict = match r.verdict() {
        Verdict::Pass => st.green("PASS"),
        Verdict::PassWithWarnings => st.yellow("PASS with warnings"),
        Verdict::Fail => st.red("FAIL"),
    };
    let _ = writeln!(s, "seams check: {verdict}: {}", headline(r));
    let _ = writeln!(
        s,
        "baseline {} → candidate {}; rules: {}\n",
        one_line(&r.baseline),
        one_line(&r.candidate),
        one_line(&r.rules_label())
    );

    let _ = writeln!(s, "{}", st.bold("Rules"));
    if r.results.is_empty() {
        let _ = writeln!(s, "  (every rule is off)");
    }
    for res in &r.results {
        let tag = match (res.passed, res.rule.severity) {
            (false, Severity::Error) => st.red("FAIL"),
            (false, Severity::Warning) => st.yellow("WARN"),
            (true, _) => st.green(" ok "),
        };
        let _ = writeln!(
            s,
            "  {tag}  {} ({}{}): {}",
            res.rule.kind.key(),
            res.rule.severity.key(),
            limit_suffix(res),
            one_line(&res.summary)
        );
        if !res.passed && res.violations.len() > 1 {
            for v in res.violations.iter().take(SHOWN_VIOLATIONS) {
                let _ = writeln!(s, "          - {}", one_line(&v.message));
            }
            more_line(&mut s, "          ", res.violations.len(), SHOWN_VIOLATIONS);
        }
    }

    let _ = writeln!(s, "\n{}", st.bold("Key figures"));
    let mut t = crate::report::terminal_table(&["figure", "baseline", "candidate", "change"]);
    for f in &r.diff.figures {
        t.add_row(vec![
            f.label.to_string(),
            opt(f.before),
            opt(f.after),
            figure_change(f),
        ]);
    }
    let _ = writeln!(s, "{t}");

    let (journeys, title) = journey_rows(r);
    if !journeys.is_empty() {
        let _ = writeln!(s, "\n{}", st.bold(&title));
        let mut t =
            crate::report::terminal_table(&["journey", "steps", "seams", "cross-silo seams"]);
        // Never wrapped: a wrapped id would start a line of its own.
        t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        for j in journeys.iter().take(SHOWN_JOURNEYS) {
            let cols = journey_columns(j);
            t.add_row(vec![line_start(&j.journey), cols.0, cols.1, cols.2]);
        }
        let _ = writeln!(s, "{t}");
        more_line(&mut s, "", journeys.len(), SHOWN_JOURNEYS);
    }

    let _ = writeln!(s, "\n{} ({})", st.bold("Changes"), impact_count(r));
    for (impact, label) in GROUPS {
        let group: Vec<&Change> = r
            .diff
            .changes
            .iter()
            .filter(|c| c.impact == impact)
            .collect();
        if group.is_empty() {
            continue;
        }
        let (mark, title) = match impact {
            Impact::Regression => ("-", st.red(label)),
            Impact::Improvement => ("+", st.green(label)),
            _ => ("·", st.bold(label)),
        };
        let _ = writeln!(s, "{title} ({})", group.len());
        let cap = shown(impact, group.len());
        for c in group.iter().take(cap) {
            let _ = writeln!(s, "  {mark} {}", one_line(&c.message));
        }
        more_line(&mut s, "  ", group.len(), cap);
    }
    if r.diff.changes.is_empty() {
        let _ = writeln!(s, "  nothing changed");
    }
    s
}

/// The journeys the journey table shows, and its title: every journey of a small export; of
/// a larger one, only those whose steps, seams or cross-silo seams changed (or that were added
/// or removed).
fn journey_rows(r: &CheckReport) -> (Vec<&super::diff::JourneyDelta>, String) {
    let all = &r.diff.journeys;
    if all.len() <= ALL_JOURNEYS_UP_TO {
        return (all.iter().collect(), "Journeys".to_string());
    }
    let changed: Vec<_> = all.iter().filter(|j| j.before != j.after).collect();
    let title = format!("Journeys that changed ({} of {})", changed.len(), all.len());
    (changed, title)
}

fn shown(impact: Impact, len: usize) -> usize {
    len.min(match impact {
        Impact::Regression | Impact::Improvement => SHOWN_JUDGED,
        _ => SHOWN_PER_GROUP,
    })
}

fn more_line(s: &mut String, indent: &str, len: usize, cap: usize) {
    if len > cap {
        let _ = writeln!(
            s,
            "{indent}… and {} more (`--format json` lists them all)",
            len - cap
        );
    }
}

fn limit_suffix(res: &RuleResult) -> String {
    let l = res.rule.limit.to_string();
    if l.is_empty() {
        String::new()
    } else {
        format!(", value {l}")
    }
}

/// "before → after" columns of a journey (steps, seams, cross-silo seams).
fn journey_columns(j: &super::diff::JourneyDelta) -> (String, String, String) {
    let pair = |b: Option<usize>, a: Option<usize>| match (b, a) {
        (Some(b), Some(a)) if a == b => a.to_string(),
        (Some(b), Some(a)) => format!("{b} → {a}"),
        (None, Some(a)) => format!("new: {a}"),
        (Some(b), None) => format!("{b} (removed)"),
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

// ---------------------------------------------------------------------------------------------
// markdown

pub use crate::text::markdown_escape;

/// Renders the report as GitHub-flavoured Markdown, for a pull-request comment or a job
/// summary (`>> $GITHUB_STEP_SUMMARY`). Every user string is escaped.
pub fn markdown(r: &CheckReport) -> String {
    let md = markdown_escape;
    let mut s = String::new();
    let verdict = match r.verdict() {
        Verdict::Pass => "✅ passed",
        Verdict::PassWithWarnings => "⚠️ passed with warnings",
        Verdict::Fail => "❌ failed",
    };
    let _ = writeln!(s, "## seams check: {verdict}\n");
    let _ = writeln!(
        s,
        "{} · baseline **{}** → candidate **{}** · rules: {}\n",
        headline(r),
        md(&r.baseline),
        md(&r.candidate),
        md(&r.rules_label())
    );

    let _ = writeln!(s, "| | rule | severity | value | result |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for res in &r.results {
        let icon = match (res.passed, res.rule.severity) {
            (false, Severity::Error) => "❌",
            (false, Severity::Warning) => "⚠️",
            (true, _) => "✅",
        };
        let _ = writeln!(
            s,
            "| {icon} | `{}` | {} | {} | {} |",
            res.rule.kind.key(),
            res.rule.severity.key(),
            res.rule.limit,
            md(&res.summary)
        );
    }
    if r.results.is_empty() {
        let _ = writeln!(s, "| | (every rule is off) | | | |");
    }
    let failed: Vec<&RuleResult> = r
        .results
        .iter()
        .filter(|x| !x.passed && x.violations.len() > 1)
        .collect();
    for res in failed {
        let _ = writeln!(
            s,
            "\n<details><summary><code>{}</code>: {} violations</summary>\n",
            res.rule.kind.key(),
            res.violations.len()
        );
        for v in res.violations.iter().take(SHOWN_VIOLATIONS) {
            let _ = writeln!(s, "- {}", md(&v.message));
        }
        if res.violations.len() > SHOWN_VIOLATIONS {
            let _ = writeln!(
                s,
                "- … and {} more",
                res.violations.len() - SHOWN_VIOLATIONS
            );
        }
        let _ = writeln!(s, "\n</details>");
    }

    let _ = writeln!(s, "\n### Key figures\n");
    let _ = writeln!(s, "| figure | baseline | candidate | change |");
    let _ = writeln!(s, "|---|--:|--:|---|");
    for f in &r.diff.figures {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            f.label,
            opt(f.before),
            opt(f.after),
            figure_change(f)
        );
    }

    let (journeys, title) = journey_rows(r);
    if !journeys.is_empty() {
        let _ = writeln!(s, "\n### {title}\n");
        let _ = writeln!(s, "| journey | steps | seams | cross-silo seams |");
        let _ = writeln!(s, "|---|--:|--:|--:|");
        for j in journeys.iter().take(SHOWN_JOURNEYS) {
            let (a, b, c) = journey_columns(j);
            let _ = writeln!(s, "| {} | {a} | {b} | {c} |", md(&j.journey));
        }
        if journeys.len() > SHOWN_JOURNEYS {
            let _ = writeln!(
                s,
                "\n… and {} more (`--format json` lists them all)",
                journeys.len() - SHOWN_JOURNEYS
            );
        }
    }

    let _ = writeln!(s, "\n### Changes\n");
    let _ = writeln!(s, "{}.", impact_count(r));
    for (impact, label) in GROUPS {
        let group: Vec<&Change> = r
            .diff
            .changes
            .iter()
            .filter(|c| c.impact == impact)
            .collect();
        if group.is_empty() {
            continue;
        }
        let folded = matches!(impact, Impact::Changed | Impact::Structural);
        if folded {
            let _ = writeln!(
                s,
                "\n<details><summary>{label} ({})</summary>\n",
                group.len()
            );
        } else {
            let _ = writeln!(s, "\n**{label} ({})**\n", group.len());
        }
        let cap = shown(impact, group.len());
        for c in group.iter().take(cap) {
            let _ = writeln!(s, "- {}", md(&c.message));
        }
        if group.len() > cap {
            let _ = writeln!(
                s,
                "- … and {} more (`--format json` lists them all)",
                group.len() - cap
            );
        }
        if folded {
            let _ = writeln!(s, "\n</details>");
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// json

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
    rules: Vec<JsonRule<'a>>,
    figures: Vec<JsonFigure>,
    journeys: Vec<JsonJourney<'a>>,
    silos: Vec<JsonSilo<'a>>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    rule: &'static str,
    severity: &'static str,
    value: Cell,
    line: Option<u64>,
    passed: bool,
    summary: &'a str,
    violations: Vec<JsonViolation<'a>>,
}

#[derive(Serialize)]
struct JsonViolation<'a> {
    ids: &'a [String],
    value: &'a Cell,
    message: &'a str,
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
    baseline_nodes: Option<usize>,
    candidate_nodes: Option<usize>,
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
                summary: &x.summary,
                violations: x
                    .violations
                    .iter()
                    .map(|v| JsonViolation {
                        ids: &v.ids,
                        value: &v.value,
                        message: &v.message,
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
                baseline_nodes: x.before.map(|s| s.nodes),
                candidate_nodes: x.after.map(|s| s.nodes),
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

// ---------------------------------------------------------------------------------------------
// junit

/// Renders the report as JUnit XML: one `<testsuite name="seams check">` with one test case per
/// rule (classname `seams.check`, name = the rule's key). A failed error rule is a
/// `<failure>` whose message is the rule's summary and whose text lists the violations; a
/// failed warning rule passes and says so in its `<system-out>` (JUnit has no warnings, and a
/// warning does not fail the check). No timestamps: the same input gives the same bytes.
pub fn junit(r: &CheckReport) -> String {
    use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("seams check");
    suite.set_time(Duration::ZERO);
    suite.add_property(Property::new("baseline", one_line(&r.baseline)));
    suite.add_property(Property::new("candidate", one_line(&r.candidate)));
    suite.add_property(Property::new("rules", one_line(&r.rules_label())));
    for res in &r.results {
        let summary = one_line(&res.summary);
        // One violation a line, each behind `- `: no user string starts a line.
        let details = || {
            res.violations
                .iter()
                .map(|v| format!("- {}", one_line(&v.message)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let status = if res.is_error() {
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
            st.set_message(summary.as_str());
            st.set_type(res.rule.severity.key());
            st.set_description(details());
            st
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(res.rule.kind.key(), status);
        case.set_classname("seams.check");
        case.set_time(Duration::ZERO);
        if res.is_warning() {
            case.set_system_out(format!("warning: {summary}\n{}", details()));
        } else if res.passed {
            case.set_system_out(summary.as_str());
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("seams");
    report.set_time(Duration::ZERO);
    report.add_test_suite(suite);
    let mut out = report.to_string().unwrap_or_default();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// GitHub annotations

/// Escapes the message of a GitHub workflow command (`%`, CR, LF).
pub fn github_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub workflow command (as data, plus `:` and `,`).
pub fn github_escape_property(s: &str) -> String {
    github_escape_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// GitHub Actions workflow commands for the failed rules: `::error title=…::message` for an
/// error rule, `::warning …` for a warning rule, one line each, in listing order.
pub fn github_annotations(r: &CheckReport) -> String {
    let mut s = String::new();
    for res in r.results.iter().filter(|x| !x.passed) {
        let level = match res.rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = format!("seams check: {}", res.rule.kind.key());
        let mut message = one_line(&res.summary);
        if res.violations.len() > 1 {
            for v in res.violations.iter().take(SHOWN_VIOLATIONS) {
                message.push_str("\n- ");
                message.push_str(&one_line(&v.message));
            }
        }
        let _ = writeln!(
            s,
            "::{level} title={}::{}",
            github_escape_property(&title),
            github_escape_data(&message)
        );
    }
    s
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
