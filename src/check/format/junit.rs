//! `--format junit` (and `--junit FILE`): one test case per rule; and the GitHub Actions
//! workflow annotations of the failed rules (docs/ci.md).

use std::fmt::Write as _;
use std::time::Duration;

use super::{one_line, sentences, SHOWN_VIOLATIONS};
use crate::check::rules::Severity;
use crate::check::CheckReport;

/// Renders the report as JUnit XML: one `<testsuite name="seams check">` with one test case per
/// rule (classname `seams.check`, name = the rule's key). A failed error rule is a
/// `<failure>` whose message is the rule's summary and whose text lists the violations; a
/// failed warning rule passes and says so in its `<system-out>` (JUnit has no warnings, and a
/// warning does not fail the check). No timestamps: the same input gives the same bytes.
pub fn junit(r: &CheckReport) -> String {
    use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};
    let w = r.wording;
    let mut suite = TestSuite::new(w.command);
    suite.set_time(Duration::ZERO);
    suite.add_property(Property::new(w.before, one_line(&r.baseline)));
    suite.add_property(Property::new(w.after, one_line(&r.candidate)));
    suite.add_property(Property::new("rules", one_line(&r.rules_label())));
    for res in &r.results {
        let summary = one_line(&sentences::summary(res));
        // One violation a line, each behind `- `: no user string starts a line.
        let details = || {
            res.violations
                .iter()
                .map(|v| format!("- {}", one_line(&sentences::violation(v))))
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
        case.set_classname(w.classname());
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
        let title = format!("{}: {}", r.wording.command, res.rule.kind.key());
        let mut message = one_line(&sentences::summary(res));
        if res.violations.len() > 1 {
            for v in res.violations.iter().take(SHOWN_VIOLATIONS) {
                message.push_str("\n- ");
                message.push_str(&one_line(&sentences::violation(v)));
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
