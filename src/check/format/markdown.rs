//! `--format markdown`: GitHub-flavoured Markdown for a pull-request comment or a job summary,
//! every user string escaped (docs/ci.md).

use std::fmt::Write as _;

use super::{
    figure_change, headline, impact_count, journey_columns, journey_rows, sentences, shown, GROUPS,
    SHOWN_JOURNEYS, SHOWN_VIOLATIONS,
};
use crate::check::diff::{Change, Impact};
use crate::check::rules::{RuleResult, Severity};
use crate::check::{CheckReport, Verdict};
use crate::text::opt;

pub use crate::text::markdown_escape;

/// The first line of the Markdown report, hidden when rendered: a bot finds the comment it
/// posted before by it and updates that one sticky comment (docs/ci.md).
pub const STICKY_MARKER: &str = "<!-- seams-check -->";

/// Renders the report as GitHub-flavoured Markdown, for a pull-request comment or a job
/// summary (`>> $GITHUB_STEP_SUMMARY`), starting with [`STICKY_MARKER`]. Every user string is
/// escaped; numbers are written as the report writes them (`19,370`: `crate::text`).
pub fn markdown(r: &CheckReport) -> String {
    let md = markdown_escape;
    let mut s = String::new();
    let verdict = match r.verdict() {
        Verdict::Pass => "✅ passed",
        Verdict::PassWithWarnings => "⚠️ passed with warnings",
        Verdict::Fail => "❌ failed",
    };
    let w = r.wording;
    let _ = writeln!(s, "{}", w.marker);
    let _ = writeln!(s, "## {}: {verdict}\n", w.command);
    let _ = writeln!(
        s,
        "{} · {} **{}** → {} **{}** · rules: {}\n",
        headline(r),
        w.before,
        md(&r.baseline),
        w.after,
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
            md(&sentences::summary(res))
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
            let _ = writeln!(s, "- {}", md(&sentences::violation(v)));
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
    let _ = writeln!(s, "| figure | {} | {} | change |", w.before, w.after);
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
