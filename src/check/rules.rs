//! The rules of `seams check`: what a candidate export must satisfy, read from a `seams.toml`
//! (documented in docs/ci.md) or the built-in defaults, and their evaluation.
//!
//! A rules file has one table per rule:
//!
//! ```toml
//! [rules.min_congruence]
//! value = 0.8
//! severity = "error"   # "error" (fails the check, exit 1), "warning" (reported) or "off"
//! ```
//!
//! The file overrides the defaults rule by rule ([`RuleSet::defaults`]); `severity = "off"`
//! turns a rule off. Unknown keys, wrong types and out-of-range values are errors that name
//! the file and the 1-based line.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diff::{ChangeKind, Diff, Facts, Impact};
use crate::error::{Diagnostic, Diagnostics, SeamsError};
use crate::value::Cell;

/// Two numbers closer than this compare equal (so `value = 0.8` accepts a congruence of 4/5).
const EPSILON: f64 = 1e-9;

/// Every rule `check` knows. The order is the order in which results are listed on ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    /// No unit the customer could reach (or a new unit) becomes unreachable.
    NoNewUnreachable,
    /// No unit becomes an articulation point (a single point of failure).
    NoNewArticulationPoints,
    /// No new congruence gap (teams with dependent systems that never hand work over).
    NoNewCongruenceGaps,
    /// No journey gains more than N seams.
    MaxSeamIncrease,
    /// No journey has more than N cross-silo seams.
    MaxCrossSiloSeamsPerJourney,
    /// No unit is more than N handoffs from the customer.
    MaxCustomerDistance,
    /// Congruence is at least x.
    MinCongruence,
    /// No silo has an E-I index above x (most of its handoffs cross its boundary).
    MaxSiloEi,
    /// No silo has an E-I index below x (a closed silo).
    MinSiloEi,
}

/// What a rule's `value` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// No value: the rule compares the candidate with the baseline (`value = false` = off).
    Flag,
    /// A whole number ≥ 0.
    Count,
    /// A real number in a closed range.
    Number {
        /// Smallest allowed.
        min: i8,
        /// Largest allowed.
        max: i8,
    },
}

impl RuleKind {
    /// Every rule, in listing order.
    pub const ALL: [RuleKind; 9] = [
        RuleKind::NoNewUnreachable,
        RuleKind::NoNewArticulationPoints,
        RuleKind::NoNewCongruenceGaps,
        RuleKind::MaxSeamIncrease,
        RuleKind::MaxCrossSiloSeamsPerJourney,
        RuleKind::MaxCustomerDistance,
        RuleKind::MinCongruence,
        RuleKind::MaxSiloEi,
        RuleKind::MinSiloEi,
    ];

    /// The key in `seams.toml` and in every output.
    pub fn key(self) -> &'static str {
        match self {
            RuleKind::NoNewUnreachable => "no_new_unreachable",
            RuleKind::NoNewArticulationPoints => "no_new_articulation_points",
            RuleKind::NoNewCongruenceGaps => "no_new_congruence_gaps",
            RuleKind::MaxSeamIncrease => "max_seam_increase",
            RuleKind::MaxCrossSiloSeamsPerJourney => "max_cross_silo_seams_per_journey",
            RuleKind::MaxCustomerDistance => "max_customer_distance",
            RuleKind::MinCongruence => "min_congruence",
            RuleKind::MaxSiloEi => "max_silo_ei",
            RuleKind::MinSiloEi => "min_silo_ei",
        }
    }

    /// The type of the rule's `value`.
    pub fn value_kind(self) -> ValueKind {
        match self {
            RuleKind::NoNewUnreachable
            | RuleKind::NoNewArticulationPoints
            | RuleKind::NoNewCongruenceGaps => ValueKind::Flag,
            RuleKind::MaxSeamIncrease
            | RuleKind::MaxCrossSiloSeamsPerJourney
            | RuleKind::MaxCustomerDistance => ValueKind::Count,
            RuleKind::MinCongruence => ValueKind::Number { min: 0, max: 1 },
            RuleKind::MaxSiloEi | RuleKind::MinSiloEi => ValueKind::Number { min: -1, max: 1 },
        }
    }

    /// What the rule demands, in words, for its limit.
    pub fn describe(self, limit: Limit) -> String {
        let l = limit.to_string();
        match self {
            RuleKind::NoNewUnreachable => "no unit becomes unreachable from the customer".into(),
            RuleKind::NoNewArticulationPoints => "no new articulation point".into(),
            RuleKind::NoNewCongruenceGaps => "no new congruence gap".into(),
            RuleKind::MaxSeamIncrease => format!("no journey gains more than {l} seams"),
            RuleKind::MaxCrossSiloSeamsPerJourney => {
                format!("every journey has at most {l} cross-silo seams")
            }
            RuleKind::MaxCustomerDistance => {
                format!("every reachable unit is at most {l} handoffs from the customer")
            }
            RuleKind::MinCongruence => format!("Conway congruence is at least {l}"),
            RuleKind::MaxSiloEi => format!("every silo's E-I index is at most {l}"),
            RuleKind::MinSiloEi => format!("every silo's E-I index is at least {l}"),
        }
    }
}

/// How serious a failed rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A failure fails the check (exit 1).
    Error,
    /// A failure is reported; the check still passes.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A rule's threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// A flag rule (no threshold).
    None,
    /// A whole number.
    Count(u64),
    /// A real number.
    Number(f64),
}

impl Limit {
    /// The limit as a table cell (Null for a flag rule).
    pub fn cell(self) -> Cell {
        match self {
            Limit::None => Cell::Null,
            Limit::Count(n) => n.into(),
            Limit::Number(x) => x.into(),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::None => Ok(()),
            Limit::Count(n) => write!(f, "{n}"),
            Limit::Number(x) => write!(f, "{}", crate::text::number(*x)),
        }
    }
}

/// One rule to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Which rule.
    pub kind: RuleKind,
    /// Error or warning.
    pub severity: Severity,
    /// Its threshold.
    pub limit: Limit,
    /// 1-based line of its table in the rules file (None for a default).
    pub line: Option<u64>,
}

/// Where the rules came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSource {
    /// The built-in defaults.
    Defaults,
    /// A rules file (merged over the defaults).
    File(PathBuf),
}

/// The rules of one run, in [`RuleKind`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// Defaults or a file.
    pub source: RuleSource,
    /// The rules that are on.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The defaults, which fail only on regressions against the baseline:
    /// `no_new_unreachable` (error), `no_new_articulation_points` (warning),
    /// `no_new_congruence_gaps` (warning), `max_seam_increase = 0` (warning).
    pub fn defaults() -> RuleSet {
        let rule = |kind, severity, limit| Rule {
            kind,
            severity,
            limit,
            line: None,
        };
        RuleSet {
            source: RuleSource::Defaults,
            rules: vec![
                rule(RuleKind::NoNewUnreachable, Severity::Error, Limit::None),
                rule(
                    RuleKind::NoNewArticulationPoints,
                    Severity::Warning,
                    Limit::None,
                ),
                rule(
                    RuleKind::NoNewCongruenceGaps,
                    Severity::Warning,
                    Limit::None,
                ),
                rule(
                    RuleKind::MaxSeamIncrease,
                    Severity::Warning,
                    Limit::Count(0),
                ),
            ],
        }
    }

    /// Reads a rules file and merges it over the defaults.
    ///
    /// # Errors
    /// [`SeamsError::InvalidInput`] with one `file:line:` diagnostic for a syntax error, an
    /// unknown key, a wrong type or a value out of range; [`SeamsError::Io`] when the file
    /// cannot be read.
    pub fn from_file(path: &Path) -> Result<RuleSet, SeamsError> {
        let bytes = std::fs::read(path).map_err(|e| SeamsError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + upto.iter().filter(|&&b| b == b'\n').count() as u64;
            invalid(
                path,
                Some(line),
                "invalid UTF-8 (a rules file is UTF-8 text)".into(),
            )
        })?;
        RuleSet::from_toml(&text, path)
    }

    /// Parses the text of a rules file (`path` names it in errors) and merges it over the
    /// defaults.
    ///
    /// # Errors
    /// As [`RuleSet::from_file`], without the I/O.
    pub fn from_toml(text: &str, path: &Path) -> Result<RuleSet, SeamsError> {
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = match (line, too_large(&e, text)) {
                (Some(l), Some(number)) => too_large_message(text, l, number),
                _ => toml_message(&e),
            };
            invalid(path, line, message)
        })?;
        let mut set = RuleSet::defaults();
        set.source = RuleSource::File(path.to_path_buf());
        let Some(tables) = file.rules else {
            return Ok(set);
        };
        let given = [
            (RuleKind::NoNewUnreachable, tables.no_new_unreachable),
            (
                RuleKind::NoNewArticulationPoints,
                tables.no_new_articulation_points,
            ),
            (RuleKind::NoNewCongruenceGaps, tables.no_new_congruence_gaps),
            (RuleKind::MaxSeamIncrease, tables.max_seam_increase),
            (
                RuleKind::MaxCrossSiloSeamsPerJourney,
                tables.max_cross_silo_seams_per_journey,
            ),
            (RuleKind::MaxCustomerDistance, tables.max_customer_distance),
            (RuleKind::MinCongruence, tables.min_congruence),
            (RuleKind::MaxSiloEi, tables.max_silo_ei),
            (RuleKind::MinSiloEi, tables.min_silo_ei),
        ];
        for (kind, table) in given {
            let Some(table) = table else { continue };
            let line = line_of(text, table.span().start);
            let table = table.into_inner();
            let severity = match table.severity.unwrap_or(SeverityOrOff::Error) {
                SeverityOrOff::Error => Severity::Error,
                SeverityOrOff::Warning => Severity::Warning,
                SeverityOrOff::Off => {
                    set.rules.retain(|r| r.kind != kind);
                    continue;
                }
            };
            let at = |span: Option<std::ops::Range<usize>>| {
                span.map_or(line, |s| line_of(text, s.start))
            };
            let value_span = table.value.as_ref().map(|v| v.span());
            let bad = |msg: String| invalid(path, Some(at(value_span.clone())), msg);
            let limit = match (
                kind.value_kind(),
                table.value.map(toml::Spanned::into_inner),
            ) {
                (ValueKind::Flag, None) | (ValueKind::Flag, Some(toml::Value::Boolean(true))) => {
                    Some(Limit::None)
                }
                (ValueKind::Flag, Some(toml::Value::Boolean(false))) => None,
                (ValueKind::Flag, Some(v)) => {
                    return Err(bad(format!(
                        "rules.{}.value: expected true or false (or leave `value` out), found {}",
                        kind.key(),
                        v.type_str()
                    )))
                }
                (_, None) => {
                    return Err(invalid(
                        path,
                        Some(line),
                        format!(
                            "rules.{}: missing `value` (e.g. value = {})",
                            kind.key(),
                            example(kind)
                        ),
                    ))
                }
                (ValueKind::Count, Some(toml::Value::Integer(n))) if n >= 0 => {
                    Some(Limit::Count(n as u64))
                }
                (ValueKind::Count, Some(v)) => {
                    return Err(bad(format!(
                        "rules.{}.value: expected a whole number >= 0, found {}",
                        kind.key(),
                        describe_value(&v)
                    )))
                }
                (ValueKind::Number { min, max }, Some(v)) => {
                    let x = match v {
                        toml::Value::Integer(n) => n as f64,
                        toml::Value::Float(x) => x,
                        other => {
                            return Err(bad(format!(
                                "rules.{}.value: expected a number from {min} to {max}, found {}",
                                kind.key(),
                                describe_value(&other)
                            )))
                        }
                    };
                    if !(x >= f64::from(min) && x <= f64::from(max)) {
                        return Err(bad(format!(
                            "rules.{}.value: {} is out of range (expected a number from {min} to {max})",
                            kind.key(),
                            describe_value(&v)
                        )));
                    }
                    Some(Limit::Number(x))
                }
            };
            set.rules.retain(|r| r.kind != kind);
            if let Some(limit) = limit {
                set.rules.push(Rule {
                    kind,
                    severity,
                    limit,
                    line: Some(line),
                });
            }
        }
        set.rules.sort_by_key(|r| r.kind);
        Ok(set)
    }
}

fn example(kind: RuleKind) -> &'static str {
    match kind.value_kind() {
        ValueKind::Flag => "true",
        ValueKind::Count => "2",
        ValueKind::Number { min: 0, .. } => "0.8",
        ValueKind::Number { .. } => "-0.5",
    }
}

fn describe_value(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        other => other.type_str().to_string(),
    }
}

fn invalid(path: &Path, line: Option<u64>, message: String) -> SeamsError {
    SeamsError::InvalidInput(Diagnostics {
        items: vec![Diagnostic::error(path, line, message)],
    })
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u64 {
    let upto = &text.as_bytes()[..offset.min(text.len())];
    1 + upto.iter().filter(|&&b| b == b'\n').count() as u64
}

/// toml's message without its own position header and excerpt (we give file:line instead),
/// with the list of known keys completed by the sentence that says where they are documented.
fn toml_message(e: &toml::de::Error) -> String {
    let msg = e.message().trim().replace('\n', " ");
    if msg.starts_with("unknown field") {
        format!("{msg} (the rules are documented in docs/ci.md)")
    } else {
        msg
    }
}

/// For a toml error about a number that does not fit (an integer beyond i64, which toml and
/// serde report as "invalid type: integer `N` as i128" or "u64 value was too large", or a
/// float beyond f64): the words that name it (`the number N` when the literal can be read).
fn too_large(e: &toml::de::Error, text: &str) -> Option<String> {
    let msg = e.message();
    let fits_not = msg.starts_with("invalid type: integer `")
        || msg.contains("value was too large")
        || msg.contains("number overflowed");
    if !fits_not {
        return None;
    }
    let literal = e
        .span()
        .and_then(|s| text.get(s))
        .map(|t| {
            t.trim()
                .trim_start_matches("value")
                .trim()
                .trim_start_matches('=')
                .trim()
        })
        .filter(|t| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_'))
        });
    Some(match literal {
        Some(n) => format!("the number {n}"),
        None => "the number".to_string(),
    })
}

/// `rules.KEY.value: N is too large (expected …)`, for the rule whose table holds `line`.
fn too_large_message(text: &str, line: u64, shown: String) -> String {
    let kind = text
        .lines()
        .take(line as usize)
        .filter_map(|l| {
            let key = l.trim().strip_prefix("[rules.")?.split(']').next()?.trim();
            RuleKind::ALL.into_iter().find(|k| k.key() == key)
        })
        .last();
    match kind {
        Some(kind) => {
            let expected = match kind.value_kind() {
                ValueKind::Flag => "true or false".to_string(),
                ValueKind::Count => format!("a whole number from 0 to {}", i64::MAX),
                ValueKind::Number { min, max } => format!("a number from {min} to {max}"),
            };
            format!(
                "rules.{}.value: {shown} is too large (expected {expected})",
                kind.key()
            )
        }
        None => format!(
            "{shown} is too large (expected a whole number up to {})",
            i64::MAX
        ),
    }
}

/// The file's shape. Unknown keys anywhere are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rules: Option<RuleTables>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleTables {
    no_new_unreachable: Option<toml::Spanned<RuleTable>>,
    no_new_articulation_points: Option<toml::Spanned<RuleTable>>,
    no_new_congruence_gaps: Option<toml::Spanned<RuleTable>>,
    max_seam_increase: Option<toml::Spanned<RuleTable>>,
    max_cross_silo_seams_per_journey: Option<toml::Spanned<RuleTable>>,
    max_customer_distance: Option<toml::Spanned<RuleTable>>,
    min_congruence: Option<toml::Spanned<RuleTable>>,
    max_silo_ei: Option<toml::Spanned<RuleTable>>,
    min_silo_ei: Option<toml::Spanned<RuleTable>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleTable {
    value: Option<toml::Spanned<toml::Value>>,
    severity: Option<SeverityOrOff>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SeverityOrOff {
    Error,
    Warning,
    Off,
}

/// One thing that breaks a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The ids concerned (a journey, a unit, a silo, a pair), or empty for an org-wide figure.
    pub ids: Vec<String>,
    /// The offending value.
    pub value: Cell,
    /// One plain-text sentence.
    pub message: String,
}

/// The outcome of one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    /// The rule.
    pub rule: Rule,
    /// True when the candidate satisfies it.
    pub passed: bool,
    /// One plain-text sentence: why it passed, or what fails.
    pub summary: String,
    /// What breaks the rule, worst first (ties by id); empty when it passed.
    pub violations: Vec<Violation>,
}

impl RuleResult {
    /// True when the rule failed and its severity is error.
    pub fn is_error(&self) -> bool {
        !self.passed && self.rule.severity == Severity::Error
    }
    /// True when the rule failed and its severity is warning.
    pub fn is_warning(&self) -> bool {
        !self.passed && self.rule.severity == Severity::Warning
    }
    /// 0 failed error, 1 failed warning, 2 passed: the listing order.
    pub fn order(&self) -> u8 {
        match (self.passed, self.rule.severity) {
            (false, Severity::Error) => 0,
            (false, Severity::Warning) => 1,
            (true, _) => 2,
        }
    }
}

/// Lists at most this many ids in a summary sentence.
const LIST_IN_SUMMARY: usize = 5;

fn listing(v: &[Violation], show: impl Fn(&Violation) -> String) -> String {
    let mut s: Vec<String> = v.iter().take(LIST_IN_SUMMARY).map(show).collect();
    if v.len() > LIST_IN_SUMMARY {
        s.push(format!("and {} more", v.len() - LIST_IN_SUMMARY));
    }
    s.join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Evaluates every rule on the two sides and their diff.
///
/// # Returns
/// One result per rule, listed failed errors first, then failed warnings, then passed rules;
/// ties in [`RuleKind`] order.
pub fn evaluate(rules: &RuleSet, base: &Facts, cand: &Facts, diff: &Diff) -> Vec<RuleResult> {
    let mut out: Vec<RuleResult> = rules
        .rules
        .iter()
        .map(|r| evaluate_one(r, base, cand, diff))
        .collect();
    out.sort_by_key(|r| (r.order(), r.rule.kind));
    out
}

fn evaluate_one(rule: &Rule, base: &Facts, cand: &Facts, diff: &Diff) -> RuleResult {
    let count = match rule.limit {
        Limit::Count(n) => n,
        _ => 0,
    };
    let number = match rule.limit {
        Limit::Number(x) => x,
        _ => 0.0,
    };
    let changes = |kind: ChangeKind| {
        diff.changes
            .iter()
            .filter(move |c| c.kind == kind && c.impact == Impact::Regression)
    };
    let mut v: Vec<Violation> = Vec::new();
    let summary;
    match rule.kind {
        RuleKind::NoNewUnreachable => {
            v.extend(changes(ChangeKind::Reachability).map(|c| Violation {
                ids: c.ids.clone(),
                value: Cell::Null,
                message: c.message.clone(),
            }));
            summary = if v.is_empty() {
                format!(
                    "no unit became unreachable from the customer ({} unreachable, as before)",
                    cand.unreachable().count()
                )
            } else {
                format!(
                    "{} now unreachable from the customer: {}",
                    plural(v.len(), "unit is", "units are"),
                    listing(&v, |x| x.ids.join(""))
                )
            };
        }
        RuleKind::NoNewArticulationPoints => {
            v.extend(changes(ChangeKind::ArticulationPoint).map(|c| Violation {
                ids: c.ids.clone(),
                value: Cell::Bool(true),
                message: c.message.clone(),
            }));
            summary = if v.is_empty() {
                format!(
                    "no new articulation point ({} in the candidate)",
                    cand.articulation_points.len()
                )
            } else {
                format!(
                    "{}: {} (removing one cuts the handoff graph in two)",
                    plural(v.len(), "new articulation point", "new articulation points"),
                    listing(&v, |x| x.ids.join(""))
                )
            };
        }
        RuleKind::NoNewCongruenceGaps => {
            v.extend(changes(ChangeKind::CongruenceGap).map(|c| Violation {
                ids: c.ids.clone(),
                value: c.after.clone(),
                message: c.message.clone(),
            }));
            summary = if v.is_empty() {
                format!(
                    "no new congruence gap ({} in the candidate)",
                    cand.congruence_gaps.len()
                )
            } else {
                format!(
                    "{} (teams with dependent systems that never hand work over): {}",
                    plural(v.len(), "new congruence gap", "new congruence gaps"),
                    listing(&v, |x| x.ids.join(" — "))
                )
            };
        }
        RuleKind::MaxSeamIncrease => {
            let mut worst: Option<(i64, &str)> = None;
            for j in &diff.journeys {
                if let (Some(b), Some(a)) = (j.before, j.after) {
                    let inc = a.seams as i64 - b.seams as i64;
                    if worst.map_or(true, |(w, _)| inc > w) {
                        worst = Some((inc, &j.journey));
                    }
                    if inc > count as i64 {
                        v.push(Violation {
                            ids: vec![j.journey.clone()],
                            value: Cell::Int(inc),
                            message: format!(
                                "journey {}: seams {} → {} (+{inc}, at most +{count} allowed)",
                                j.journey, b.seams, a.seams
                            ),
                        });
                    }
                }
            }
            sort_worst_first(&mut v);
            summary = if v.is_empty() {
                match worst {
                    Some((w, j)) if w > 0 => {
                        format!("no journey gained more than {count} seams (most: {j}, +{w})")
                    }
                    Some(_) => "no journey gained a seam".to_string(),
                    None => "no journey is in both exports".to_string(),
                }
            } else {
                format!(
                    "{} gained more than {count} seams: {}",
                    plural(v.len(), "journey", "journeys"),
                    listing(&v, |x| format!("{} (+{})", x.ids[0], cell_text(&x.value)))
                )
            };
        }
        RuleKind::MaxCrossSiloSeamsPerJourney => {
            for (id, j) in &cand.journeys {
                if j.cross_silo_seams as u64 > count {
                    v.push(Violation {
                        ids: vec![id.clone()],
                        value: j.cross_silo_seams.into(),
                        message: format!(
                            "journey {id} has {} cross-silo seams (at most {count} allowed)",
                            j.cross_silo_seams
                        ),
                    });
                }
            }
            sort_worst_first(&mut v);
            let most = cand.journeys.iter().max_by(|a, b| {
                a.1.cross_silo_seams
                    .cmp(&b.1.cross_silo_seams)
                    .then(b.0.cmp(a.0))
            });
            summary = if v.is_empty() {
                match most {
                    Some((id, j)) => format!(
                        "every journey has at most {count} cross-silo seams (most: {id}, {})",
                        j.cross_silo_seams
                    ),
                    None => "the candidate has no journey".to_string(),
                }
            } else {
                format!(
                    "{} more than {count} cross-silo seams: {}",
                    plural(v.len(), "journey has", "journeys have"),
                    listing(&v, |x| format!("{} ({})", x.ids[0], cell_text(&x.value)))
                )
            };
        }
        RuleKind::MaxCustomerDistance => {
            for (id, d) in &cand.distance {
                if let Some(d) = d {
                    if u64::from(*d) > count {
                        v.push(Violation {
                            ids: vec![id.clone()],
                            value: (*d).into(),
                            message: format!(
                                "{id} is {d} handoffs from the customer (at most {count} allowed)"
                            ),
                        });
                    }
                }
            }
            sort_worst_first(&mut v);
            summary = if v.is_empty() {
                match cand.max_customer_distance() {
                    Some(m) => format!(
                        "every reachable unit is at most {count} handoffs from the customer (furthest: {m})"
                    ),
                    None => "no unit is reachable from the customer".to_string(),
                }
            } else {
                format!(
                    "{} more than {count} handoffs from the customer: {}",
                    plural(v.len(), "unit is", "units are"),
                    listing(&v, |x| format!("{} ({})", x.ids[0], cell_text(&x.value)))
                )
            };
        }
        RuleKind::MinCongruence => {
            let f = crate::text::number;
            summary = match cand.congruence {
                None => "no cross-team dependency: congruence is not defined, nothing to check"
                    .to_string(),
                Some(c) if c + EPSILON < number => {
                    v.push(Violation {
                        ids: Vec::new(),
                        value: c.into(),
                        message: format!("congruence {} is below {}", f(c), f(number)),
                    });
                    format!(
                        "congruence {} is below {} (baseline {}; {} congruence gaps)",
                        f(c),
                        f(number),
                        base.congruence.map_or_else(|| "n/a".to_string(), f),
                        cand.congruence_gaps.len()
                    )
                }
                Some(c) => format!("congruence {} is at least {}", f(c), f(number)),
            };
        }
        RuleKind::MaxSiloEi | RuleKind::MinSiloEi => {
            let max = rule.kind == RuleKind::MaxSiloEi;
            let f = crate::text::number;
            for (id, s) in &cand.silos {
                if let Some(ei) = s.ei_index {
                    let bad = if max {
                        ei > number + EPSILON
                    } else {
                        ei + EPSILON < number
                    };
                    if bad {
                        v.push(Violation {
                            ids: vec![id.clone()],
                            value: ei.into(),
                            message: format!(
                                "silo {id} has E-I index {} ({} {})",
                                f(ei),
                                if max {
                                    "above the maximum"
                                } else {
                                    "below the minimum"
                                },
                                f(number)
                            ),
                        });
                    }
                }
            }
            // Worst first: the highest E-I for a maximum, the lowest for a minimum.
            v.sort_by(|a, b| {
                let (x, y) = (cell_f64(&a.value), cell_f64(&b.value));
                let o = if max {
                    y.total_cmp(&x)
                } else {
                    x.total_cmp(&y)
                };
                o.then_with(|| a.ids.cmp(&b.ids))
            });
            summary = if v.is_empty() {
                format!(
                    "every silo's E-I index is {} {}",
                    if max { "at most" } else { "at least" },
                    f(number)
                )
            } else {
                format!(
                    "{} an E-I index {} {}: {}",
                    plural(v.len(), "silo has", "silos have"),
                    if max { "above" } else { "below" },
                    f(number),
                    listing(&v, |x| format!("{} ({})", x.ids[0], cell_text(&x.value)))
                )
            };
        }
    }
    RuleResult {
        rule: rule.clone(),
        passed: v.is_empty(),
        summary,
        violations: v,
    }
}

fn cell_f64(c: &Cell) -> f64 {
    match c {
        Cell::Int(i) => *i as f64,
        Cell::Float(x) => *x,
        _ => f64::NAN,
    }
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Int(i) => i.to_string(),
        Cell::Float(x) => crate::text::number(*x),
        Cell::Text(t) => t.clone(),
        Cell::Bool(b) => b.to_string(),
        Cell::List(l) => l.join(", "),
        Cell::Null => "n/a".to_string(),
    }
}

/// Largest value first, ties by ids.
fn sort_worst_first(v: &mut [Violation]) {
    v.sort_by(|a, b| {
        cell_f64(&b.value)
            .total_cmp(&cell_f64(&a.value))
            .then_with(|| a.ids.cmp(&b.ids))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RuleSet, String> {
        RuleSet::from_toml(text, Path::new("seams.toml")).map_err(|e| match e {
            SeamsError::InvalidInput(d) => d.items[0].to_string(),
            other => other.to_string(),
        })
    }

    #[test]
    fn file_overrides_defaults_rule_by_rule() {
        let set = parse(
            "[rules.min_congruence]\nvalue = 1\n\n[rules.max_seam_increase]\nvalue = 2\nseverity = \"error\"\n\n[rules.no_new_congruence_gaps]\nseverity = \"off\"\n",
        )
        .unwrap();
        let keys: Vec<(&str, Severity, Limit, Option<u64>)> = set
            .rules
            .iter()
            .map(|r| (r.kind.key(), r.severity, r.limit, r.line))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("no_new_unreachable", Severity::Error, Limit::None, None),
                (
                    "no_new_articulation_points",
                    Severity::Warning,
                    Limit::None,
                    None
                ),
                (
                    "max_seam_increase",
                    Severity::Error,
                    Limit::Count(2),
                    Some(4)
                ),
                (
                    "min_congruence",
                    Severity::Error,
                    Limit::Number(1.0),
                    Some(1)
                ),
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("# strict\n[rules.min_congruence]\nvalue = 0.8\nseverty = \"error\"\n").unwrap_err(),
            "seams.toml:4: unknown field `severty`, expected `value` or `severity` (the rules are documented in docs/ci.md)"
        );
        assert!(parse("[rules.min_congruenc]\nvalue = 1\n")
            .unwrap_err()
            .starts_with("seams.toml:1: unknown field `min_congruenc`"));
        assert_eq!(
            parse("[rules.min_congruence]\n\nvalue = 1.5\n").unwrap_err(),
            "seams.toml:3: rules.min_congruence.value: 1.5 is out of range (expected a number from 0 to 1)"
        );
        assert_eq!(
            parse("\n[rules.max_customer_distance]\nseverity = \"warning\"\n").unwrap_err(),
            "seams.toml:2: rules.max_customer_distance: missing `value` (e.g. value = 2)"
        );
        assert_eq!(
            parse("[rules.max_customer_distance]\nvalue = -1\n").unwrap_err(),
            "seams.toml:2: rules.max_customer_distance.value: expected a whole number >= 0, found -1"
        );
        assert!(
            parse("[rules.min_silo_ei]\nvalue = -0.5\nseverity = \"fatal\"\n")
                .unwrap_err()
                .starts_with("seams.toml:3: unknown variant `fatal`")
        );
        assert!(parse("[rules.min_silo_ei\n")
            .unwrap_err()
            .starts_with("seams.toml:1: "));
        assert!(parse("[rules.no_new_unreachable]\nvalue = 3\n")
            .unwrap_err()
            .starts_with("seams.toml:2: rules.no_new_unreachable.value: expected true or false"));
    }

    #[test]
    fn numbers_too_large_for_toml_name_the_rule() {
        assert_eq!(
            parse("[rules.max_customer_distance]\nvalue = 99999999999999999999\n").unwrap_err(),
            "seams.toml:2: rules.max_customer_distance.value: the number 99999999999999999999 is too large (expected a whole number from 0 to 9223372036854775807)"
        );
        assert_eq!(
            parse("[rules.min_congruence]\n\nvalue = 1e999\n").unwrap_err(),
            "seams.toml:3: rules.min_congruence.value: the number 1e999 is too large (expected a number from 0 to 1)"
        );
        let (ok, too_big) = (i64::MAX, i64::MAX as u128 + 1);
        assert!(parse(&format!("[rules.max_seam_increase]\nvalue = {ok}\n")).is_ok());
        assert!(
            parse(&format!("[rules.max_seam_increase]\nvalue = {too_big}\n"))
                .unwrap_err()
                .starts_with("seams.toml:2: rules.max_seam_increase.value: the number 9223372036854775808 is too large")
        );
    }

    #[test]
    fn flags_can_be_turned_off_by_value() {
        let set = parse("[rules.no_new_unreachable]\nvalue = false\n").unwrap();
        assert!(set
            .rules
            .iter()
            .all(|r| r.kind != RuleKind::NoNewUnreachable));
        assert!(parse("").unwrap().rules.len() == 4);
    }
}
