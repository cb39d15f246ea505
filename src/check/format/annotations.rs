//! GitHub Actions workflow annotations of the failed rules, placed on the candidate's rows so
//! they appear inline on the pull request's diff (docs/ci.md, "GitHub Actions annotations").

use std::fmt::Write as _;

use super::{one_line, sentences, SHOWN_VIOLATIONS};
use crate::check::rules::{RuleResult, Severity};
use crate::check::CheckReport;

/// At most this many annotations per failed rule: GitHub shows at most 10 error and 10
/// warning annotations of a step, so one rule with many violations must not hide the others.
pub const ANNOTATIONS_PER_RULE: usize = 5;

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

/// One workflow command: `::LEVEL file=F,line=L,title=T::MESSAGE` (file and line only when
/// known).
fn command(s: &mut String, level: &str, at: Option<(&str, u64)>, title: &str, message: &str) {
    let mut props = String::new();
    if let Some((file, line)) = at {
        let _ = write!(props, "file={},line={line},", github_escape_property(file));
    }
    let _ = writeln!(
        s,
        "::{level} {props}title={}::{}",
        github_escape_property(title),
        github_escape_data(message)
    );
}

/// GitHub Actions workflow commands for the failed rules, failed errors first: `::error …`
/// for a rule of severity error, `::warning …` for a warning, one line each.
///
/// A violation about one row of the candidate (a unit's teams.csv row, the dependencies.csv
/// row that creates a congruence gap, a journey's first step in journeys.csv) is annotated on
/// that row, `file=` from the repository root: the first [`ANNOTATIONS_PER_RULE`] of each
/// rule, the last one saying how many more there are. A violation of an org-wide figure
/// (congruence) is annotated on the rule's line in the rules file, or on no file with the
/// defaults.
pub fn github_annotations(r: &CheckReport) -> String {
    let mut s = String::new();
    for res in r.results.iter().filter(|x| !x.passed) {
        let level = match res.rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = format!("{}: {}", r.wording.command, res.rule.kind.key());
        let located: Vec<(usize, String, u64)> = res
            .at
            .iter()
            .enumerate()
            .filter_map(|(i, at)| {
                let at = (*at)?;
                Some((i, r.locations.candidate_file(at.file)?, at.line))
            })
            .collect();
        let shown = located.len().min(ANNOTATIONS_PER_RULE);
        for (k, (i, file, line)) in located.iter().take(shown).enumerate() {
            let mut message = one_line(&sentences::violation(&res.violations[*i]));
            if k + 1 == shown && res.violations.len() > shown {
                let _ = write!(
                    message,
                    "\n… and {} more (the job summary lists them: {})",
                    res.violations.len() - shown,
                    one_line(&sentences::summary(res))
                );
            }
            command(&mut s, level, Some((file, *line)), &title, &message);
        }
        if located.is_empty() {
            rule_annotation(&mut s, r, res, level, &title);
        }
    }
    s
}

/// One annotation for a whole rule: its summary and its violations, on the rule's line in the
/// rules file when there is one.
fn rule_annotation(s: &mut String, r: &CheckReport, res: &RuleResult, level: &str, title: &str) {
    let mut message = one_line(&sentences::summary(res));
    if res.violations.len() > 1 {
        for v in res.violations.iter().take(SHOWN_VIOLATIONS) {
            message.push_str("\n- ");
            message.push_str(&one_line(&sentences::violation(v)));
        }
    }
    let at = match (&r.locations.rules_file, res.rule.line) {
        (Some(file), Some(line)) => Some((file.as_str(), line)),
        _ => None,
    };
    command(s, level, at, title, &message);
}
