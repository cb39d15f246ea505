//! `--format text`: for a terminal, coloured only when asked (docs/ci.md).

use std::fmt::Write as _;

use super::{
    figure_change, headline, impact_count, journey_columns, journey_rows, limit_suffix, line_start,
    more_line, one_line, sentences, shown, GROUPS, SHOWN_JOURNEYS, SHOWN_VIOLATIONS,
};
use crate::check::diff::{Change, Impact};
use crate::check::rules::Severity;
use crate::check::{CheckReport, Verdict};
use crate::text::opt;

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
    let w = r.wording;
    let _ = writeln!(s, "{}: {verdict}: {}", w.command, headline(r));
    let _ = writeln!(
        s,
        "{} {} → {} {}; rules: {}\n",
        w.before,
        one_line(&r.baseline),
        w.after,
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
            one_line(&sentences::summary(res))
        );
        if !res.passed && res.violations.len() > 1 {
            for v in res.violations.iter().take(SHOWN_VIOLATIONS) {
                let _ = writeln!(s, "          - {}", one_line(&sentences::violation(v)));
            }
            more_line(&mut s, "          ", res.violations.len(), SHOWN_VIOLATIONS);
        }
    }

    let _ = writeln!(s, "\n{}", st.bold("Key figures"));
    let mut t = crate::report::terminal_table(&["figure", w.before, w.after, "change"]);
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
