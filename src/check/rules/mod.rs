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

//!
//! - [`read`]: the rules file, with spans (`file:line` errors);
//! - [`evaluate`](mod@evaluate): the evaluation, which returns typed [`Violation`]s and the [`Measure`] each
//!   rule took; the sentences people read are written by `check::format`.

pub mod evaluate;
pub mod read;

use std::fmt;
use std::path::PathBuf;

pub use evaluate::{evaluate, Measure, RuleResult, Violation};

use crate::value::Cell;

/// Two numbers closer than this compare equal (so `value = 0.8` accepts a congruence of 4/5).
pub(crate) const EPSILON: f64 = 1e-9;

/// Every rule `check` knows. The order is the order in which results are listed on ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    /// No unit the customer could reach (or a new unit) becomes unreachable.
    NoNewUnreachable,
    /// No unit becomes an articulation point (a single point of failure).
    NoNewArticulationPoints,
    /// No new congruence gap (teams with dependent systems that never hand work over).
    NoNewCongruenceGaps,
    /// No new customer-data store (one split off, or a new system's, joined to no other).
    NoNewCustomerDataStores,
    /// No capability becomes duplicated across silos.
    NoNewDuplicatedCapabilities,
    /// No journey gains more than N seams.
    MaxSeamIncrease,
    /// No journey has more than N cross-silo seams.
    MaxCrossSiloSeamsPerJourney,
    /// No unit is more than N handoffs from the customer.
    MaxCustomerDistance,
    /// Customer data sits in at most N stores.
    MaxCustomerDataStores,
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
    pub const ALL: [RuleKind; 12] = [
        RuleKind::NoNewUnreachable,
        RuleKind::NoNewArticulationPoints,
        RuleKind::NoNewCongruenceGaps,
        RuleKind::NoNewCustomerDataStores,
        RuleKind::NoNewDuplicatedCapabilities,
        RuleKind::MaxSeamIncrease,
        RuleKind::MaxCrossSiloSeamsPerJourney,
        RuleKind::MaxCustomerDistance,
        RuleKind::MaxCustomerDataStores,
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
            RuleKind::NoNewCustomerDataStores => "no_new_customer_data_stores",
            RuleKind::NoNewDuplicatedCapabilities => "no_new_duplicated_capabilities",
            RuleKind::MaxSeamIncrease => "max_seam_increase",
            RuleKind::MaxCrossSiloSeamsPerJourney => "max_cross_silo_seams_per_journey",
            RuleKind::MaxCustomerDistance => "max_customer_distance",
            RuleKind::MaxCustomerDataStores => "max_customer_data_stores",
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
            | RuleKind::NoNewCongruenceGaps
            | RuleKind::NoNewCustomerDataStores
            | RuleKind::NoNewDuplicatedCapabilities => ValueKind::Flag,
            RuleKind::MaxSeamIncrease
            | RuleKind::MaxCrossSiloSeamsPerJourney
            | RuleKind::MaxCustomerDistance
            | RuleKind::MaxCustomerDataStores => ValueKind::Count,
            RuleKind::MinCongruence => ValueKind::Number { min: 0, max: 1 },
            RuleKind::MaxSiloEi | RuleKind::MinSiloEi => ValueKind::Number { min: -1, max: 1 },
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
            Limit::Count(n) => write!(f, "{}", crate::text::group(*n)),
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
    /// `no_new_congruence_gaps` (warning), `no_new_customer_data_stores` (warning),
    /// `no_new_duplicated_capabilities` (warning), `max_seam_increase = 0` (warning).
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
                    RuleKind::NoNewCustomerDataStores,
                    Severity::Warning,
                    Limit::None,
                ),
                rule(
                    RuleKind::NoNewDuplicatedCapabilities,
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
}
