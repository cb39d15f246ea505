//! `seams check`: compares a candidate export with a baseline, says what the change does to
//! silos, seams and the customer, and checks rules (docs/ci.md).
//!
//! - [`source`] resolves `--baseline` / `--candidate`: a directory, or `REV:PATH` read from a
//!   git revision of the current repository into a temporary directory (`PATH` from the
//!   repository root, `./PATH` from the current directory, as git reads them), and knows each
//!   export's path from the repository root ([`Locations`], for annotations).
//! - [`diff`] reduces each analysed side to id-keyed [`diff::Facts`] (with the rows of units,
//!   journeys and team dependencies, [`diff::SourceLines`]) and lists what changed, most
//!   important first, each change on its candidate row; the org-wide figures are one table
//!   ([`diff::figures::FIGURES`]).
//! - [`rules`] reads `seams.toml` (or the defaults) and evaluates the rules into typed
//!   [`rules::Violation`]s and [`rules::Measure`]s.
//! - [`format`](mod@format) writes the sentences and renders the [`CheckReport`] as text, Markdown, JSON or
//!   JUnit, and GitHub workflow annotations; no user string starts or breaks a line of human
//!   output ([`format::one_line`]).
//!
//! Like the rest of the library, this module never prints: the CLI writes what it returns.

pub mod diff;
pub mod format;
pub mod rules;
pub mod source;

use diff::{Diff, Facts};
use rules::{RuleResult, RuleSet, RuleSource};

/// The outcome of a check: the rule results and the diff.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    /// How the baseline was named (a directory or `REV:PATH`).
    pub baseline: String,
    /// How the candidate was named.
    pub candidate: String,
    /// Where the rules came from.
    pub rules_source: RuleSource,
    /// One result per rule: failed errors, failed warnings, then passed rules.
    pub results: Vec<RuleResult>,
    /// What changed.
    pub diff: Diff,
    /// How the human outputs name the command and the two sides.
    pub wording: Wording,
    /// Where the candidate and the rules file are in the repository, for annotations.
    pub locations: Locations,
}

/// How a report names its command and its two sides in human output (text, Markdown, JUnit):
/// `seams check` compares a baseline with a candidate, `seams whatif` an export before and
/// after proposed changes (docs/whatif.md). The JSON keys stay `baseline` and `candidate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// The command, e.g. `seams check` (the JUnit suite; its classname with `.` for spaces).
    pub command: &'static str,
    /// The first side, e.g. `baseline`.
    pub before: &'static str,
    /// The second side, e.g. `candidate`.
    pub after: &'static str,
    /// The hidden first line of the Markdown, by which a bot finds its sticky comment.
    pub marker: &'static str,
}

impl Wording {
    /// `seams check`: baseline → candidate.
    pub const CHECK: Wording = Wording {
        command: "seams check",
        before: "baseline",
        after: "candidate",
        marker: format::STICKY_MARKER,
    };
    /// `seams whatif`: before → after.
    pub const WHATIF: Wording = Wording {
        command: "seams whatif",
        before: "before",
        after: "after",
        marker: "<!-- seams-whatif -->",
    };

    /// The JUnit classname: the command with `.` for spaces (`seams.check`).
    pub fn classname(&self) -> String {
        self.command.replace(' ', ".")
    }
}

/// Where the inputs are, as paths from the repository root (what GitHub annotations need:
/// docs/ci.md). None when unknown (outside the repository and the current directory): the
/// annotations then name no file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locations {
    /// The candidate export's directory (empty for the root), e.g. `org`; for `REV:PATH`,
    /// `PATH`.
    pub candidate_dir: Option<String>,
    /// The rules file, e.g. `seams.toml`.
    pub rules_file: Option<String>,
}

impl Locations {
    /// The path of one of the candidate's files from the repository root.
    pub fn candidate_file(&self, name: &str) -> Option<String> {
        let dir = self.candidate_dir.as_deref()?.trim_end_matches('/');
        Some(if dir.is_empty() || dir == "." {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        })
    }
}

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every rule holds.
    Pass,
    /// Only rules of severity warning failed: the check passes.
    PassWithWarnings,
    /// A rule of severity error failed: the check fails (exit 1).
    Fail,
}

impl Verdict {
    /// `pass`, `warn` or `fail` (the JSON value of `status`).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::PassWithWarnings => "warn",
            Verdict::Fail => "fail",
        }
    }
}

impl CheckReport {
    /// Failed rules of severity error.
    pub fn errors(&self) -> usize {
        self.results.iter().filter(|r| r.is_error()).count()
    }

    /// Failed rules of severity warning.
    pub fn warnings(&self) -> usize {
        self.results.iter().filter(|r| r.is_warning()).count()
    }

    /// Rules that hold.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed).count()
    }

    /// Fail when an error rule failed, else pass (with warnings when a warning rule failed).
    pub fn verdict(&self) -> Verdict {
        if self.errors() > 0 {
            Verdict::Fail
        } else if self.warnings() > 0 {
            Verdict::PassWithWarnings
        } else {
            Verdict::Pass
        }
    }

    /// The rules file, or `defaults`.
    pub fn rules_label(&self) -> String {
        match &self.rules_source {
            RuleSource::Defaults => "defaults".to_string(),
            RuleSource::File(p) => source::display_path(&p.display().to_string()),
        }
    }
}

/// Compares the candidate with the baseline and evaluates the rules.
///
/// # Arguments
/// * `baseline`, `candidate` – each side's facts ([`Facts::of`] an analysed export) and the
///   name it was given on the command line.
/// * `rules` – the rules to check.
///
/// # Returns
/// The report; its [`CheckReport::verdict`] decides the exit code.
pub fn check(baseline: (&Facts, &str), candidate: (&Facts, &str), rules: &RuleSet) -> CheckReport {
    let d = diff::diff(baseline.0, candidate.0);
    let results = rules::evaluate(rules, baseline.0, candidate.0, &d);
    CheckReport {
        baseline: baseline.1.to_string(),
        candidate: candidate.1.to_string(),
        rules_source: rules.source.clone(),
        results,
        diff: d,
        wording: Wording::CHECK,
        locations: Locations::default(),
    }
}
