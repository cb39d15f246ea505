//! `--format junit` (and `--junit FILE`): one test case per rule (docs/ci.md).

use std::time::Duration;

use super::{one_line, sentences};
use crate::check::CheckReport;

/// Renders the report as JUnit XML: one `<testsuite name="seams check">` with one test case per
/// rule (classname `seams.check`, name = the rule's key). A failed error rule is a
/// `<failure>` whose message is the rule's summary and whose text lists the violations.
///
/// A failed warning rule is a **passing** test case (a warning does not fail the check, and
/// the test report must agree with the exit code) that still shows as a warning in CI
/// dashboards: its name is `warning: RULE` (GitLab shows nothing but the name of a passing
/// test), its summary and violations are in `<system-out>` and `<system-err>` (Jenkins shows
/// both on the test's page), and every test case carries the property `seams.severity`
/// (`error` or `warning`). docs/ci.md explains the choice. No timestamps: the same input gives
/// the same bytes.
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
        let name = if res.is_warning() {
            format!("warning: {}", res.rule.kind.key())
        } else {
            res.rule.kind.key().to_string()
        };
        let mut case = TestCase::new(name, status);
        case.set_classname(w.classname());
        case.set_time(Duration::ZERO);
        case.add_property(Property::new("seams.severity", res.rule.severity.key()));
        if res.is_warning() {
            let text = format!("warning: {summary}\n{}", details());
            case.set_system_out(text.as_str());
            case.set_system_err(text);
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
