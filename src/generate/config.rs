//! What a generated organisation looks like ([`GenerateConfig`]) and the one place its limits
//! are checked ([`GenerateConfig::validate`], failing with a [`GenerateError`]).

use std::fmt;

use crate::error::SeamsError;

/// Settings of one generated organisation.
///
/// The defaults (1,000 teams, seed 0, 10 handoffs per team, automatic journey count) give a
/// medium organisation that analyses in well under a second.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateConfig {
    /// Number of leaf teams (exactly this many rows of `teams.csv` are teams); at least 1.
    pub teams: usize,
    /// Seed of every random choice: the same configuration always gives byte-identical files.
    pub seed: u64,
    /// Mean number of `handoffs.csv` rows per team, customer rows included (default 10.0; 0 gives
    /// only the customer rows).
    pub handoffs_per_team: f64,
    /// Number of journeys; `None` = automatic: `teams / 20` clamped to 5–5,000 for
    /// [`JourneyStyle::Short`], `teams / 10` clamped to 1,000–10,000 for [`JourneyStyle::Log`].
    pub journeys: Option<usize>,
    /// What the journeys look like (default [`JourneyStyle::Short`]).
    pub journey_style: JourneyStyle,
}

/// The shape of generated journeys (`seams generate --journey-style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JourneyStyle {
    /// Customer journeys of 5–15 steps, each step mostly by a different team (the default,
    /// unchanged since the first version: the benchmarks' orgs use it).
    #[default]
    Short,
    /// Cases of a ticketing log: 20–120 steps, a team often doing several steps in a row,
    /// work going back and forth between two teams, a few dominant variants and a long tail
    /// (module doc of `generate`, **Journeys in the log style**).
    Log,
}

impl Default for GenerateConfig {
    fn default() -> Self {
        GenerateConfig {
            teams: 1000,
            seed: 0,
            handoffs_per_team: 10.0,
            journeys: None,
            journey_style: JourneyStyle::Short,
        }
    }
}

impl GenerateConfig {
    /// The number of journeys this configuration generates (resolves the automatic default).
    pub fn journey_count(&self) -> usize {
        self.journeys.unwrap_or_else(|| match self.journey_style {
            JourneyStyle::Short => (self.teams / 20).clamp(5, 5000),
            JourneyStyle::Log => (self.teams / 10).clamp(1000, 10_000),
        })
    }

    /// The largest explicit journey count of this configuration's style: [`MAX_JOURNEYS`], or
    /// [`MAX_LOG_JOURNEYS`] for log-style journeys (≈ 8 times longer).
    pub fn max_journeys(&self) -> usize {
        match self.journey_style {
            JourneyStyle::Short => MAX_JOURNEYS,
            JourneyStyle::Log => MAX_LOG_JOURNEYS,
        }
    }

    /// Checks that this configuration can be generated: 1 to [`MAX_TEAMS`] teams, a handoff
    /// density from 0 to [`MAX_HANDOFFS_PER_TEAM`], at most [`MAX_JOURNEYS`] journeys
    /// ([`MAX_LOG_JOURNEYS`] in the log style) and at
    /// most [`MAX_HANDOFF_ROWS`] handoff rows in all (`teams × handoffs_per_team`, which keeps
    /// every row index in a `u32`).
    ///
    /// The one place these limits are checked: [`super::generate`] calls it first, and the CLI
    /// calls it before it creates the output directory.
    ///
    /// # Returns
    /// The first broken limit, in the order above.
    pub fn validate(&self) -> Result<(), GenerateError> {
        if self.teams == 0 {
            return Err(GenerateError::NoTeams);
        }
        if self.teams > MAX_TEAMS {
            return Err(GenerateError::TooManyTeams {
                teams: self.teams,
                max: MAX_TEAMS,
            });
        }
        let h = self.handoffs_per_team;
        if !(h.is_finite() && (0.0..=MAX_HANDOFFS_PER_TEAM).contains(&h)) {
            return Err(GenerateError::HandoffsPerTeamOutOfRange {
                got: h,
                max: MAX_HANDOFFS_PER_TEAM,
            });
        }
        if let Some(journeys) = self.journeys {
            if journeys > self.max_journeys() {
                return Err(GenerateError::TooManyJourneys {
                    journeys,
                    max: self.max_journeys(),
                });
            }
        }
        if self.teams as f64 * h > MAX_HANDOFF_ROWS as f64 {
            return Err(GenerateError::TooManyHandoffs {
                teams: self.teams,
                handoffs_per_team: h,
                max: MAX_HANDOFF_ROWS,
            });
        }
        Ok(())
    }
}

/// Largest accepted [`GenerateConfig::teams`] (keeps indices in `u32` and memory reasonable).
pub const MAX_TEAMS: usize = 50_000_000;
/// Largest accepted [`GenerateConfig::handoffs_per_team`].
pub const MAX_HANDOFFS_PER_TEAM: f64 = 1000.0;
/// Largest accepted explicit [`GenerateConfig::journeys`].
pub const MAX_JOURNEYS: usize = 10_000_000;
/// Largest accepted explicit [`GenerateConfig::journeys`] in [`JourneyStyle::Log`] (up to 120
/// steps each: at most 120 million rows of `journeys.csv`).
pub const MAX_LOG_JOURNEYS: usize = 1_000_000;
/// Largest accepted `teams × handoffs_per_team`, the expected number of `handoffs.csv` rows
/// (rows are indexed by `u32`; this leaves room for the heavy tail and the repeated rows).
pub const MAX_HANDOFF_ROWS: usize = 1_000_000_000;

/// Why a [`GenerateConfig`] cannot be generated ([`GenerateConfig::validate`]).
///
/// Displays in plain words, without naming command-line flags: the CLI words it for its own
/// flags (`src/cli/generate.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum GenerateError {
    /// `teams` is 0.
    NoTeams,
    /// `teams` is above `max` ([`MAX_TEAMS`]).
    TooManyTeams {
        /// The number asked for.
        teams: usize,
        /// The largest accepted.
        max: usize,
    },
    /// `handoffs_per_team` is negative, not a finite number, or above `max`
    /// ([`MAX_HANDOFFS_PER_TEAM`]).
    HandoffsPerTeamOutOfRange {
        /// The density asked for.
        got: f64,
        /// The largest accepted.
        max: f64,
    },
    /// An explicit journey count above `max` ([`MAX_JOURNEYS`], or [`MAX_LOG_JOURNEYS`] in the
    /// log style).
    TooManyJourneys {
        /// The number asked for.
        journeys: usize,
        /// The largest accepted.
        max: usize,
    },
    /// `teams × handoffs_per_team` is above `max` ([`MAX_HANDOFF_ROWS`]).
    TooManyHandoffs {
        /// The number of teams asked for.
        teams: usize,
        /// The density asked for.
        handoffs_per_team: f64,
        /// The largest accepted product.
        max: usize,
    },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::NoTeams => {
                write!(f, "the number of teams must be at least 1")
            }
            GenerateError::TooManyTeams { teams, max } => {
                write!(f, "{teams} teams is too many (at most {max})")
            }
            GenerateError::HandoffsPerTeamOutOfRange { got, max } => write!(
                f,
                "handoffs per team must be a number from 0 to {}, got {}",
                plain_number(*max),
                plain_number(*got)
            ),
            GenerateError::TooManyJourneys { journeys, max } => {
                write!(f, "{journeys} journeys is too many (at most {max})")
            }
            GenerateError::TooManyHandoffs {
                teams,
                handoffs_per_team,
                max,
            } => write!(
                f,
                "{teams} teams with {} handoffs per team is too many handoff rows (at most {max} in all)",
                plain_number(*handoffs_per_team)
            ),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<GenerateError> for SeamsError {
    fn from(e: GenerateError) -> Self {
        SeamsError::Usage(e.to_string())
    }
}

/// A number as typed: an integer-valued one as an integer (`18446744073709551616`, not
/// `18446744073709552000`), a huge one in scientific notation (`1e300`), others as the shortest
/// decimal that reads back the same (`1000.5`, `NaN`, `inf`).
fn plain_number(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e21 {
        format!("{x:e}")
    } else if x.is_finite() && x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut GenerateConfig)) -> GenerateConfig {
        let mut c = GenerateConfig::default();
        f(&mut c);
        c
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(GenerateConfig::default().validate(), Ok(()));
        assert_eq!(with(|c| c.handoffs_per_team = 0.0).validate(), Ok(()));
        assert_eq!(with(|c| c.teams = MAX_TEAMS).validate(), Ok(()));
    }

    #[test]
    fn each_limit_gives_its_error() {
        assert_eq!(
            with(|c| c.teams = 0).validate(),
            Err(GenerateError::NoTeams)
        );
        assert_eq!(
            with(|c| c.teams = MAX_TEAMS + 1).validate(),
            Err(GenerateError::TooManyTeams {
                teams: MAX_TEAMS + 1,
                max: MAX_TEAMS
            })
        );
        for h in [-1.0, 1000.5, f64::INFINITY] {
            assert_eq!(
                with(|c| c.handoffs_per_team = h).validate(),
                Err(GenerateError::HandoffsPerTeamOutOfRange {
                    got: h,
                    max: MAX_HANDOFFS_PER_TEAM
                })
            );
        }
        assert!(matches!(
            with(|c| c.handoffs_per_team = f64::NAN).validate(),
            Err(GenerateError::HandoffsPerTeamOutOfRange { .. })
        ));
        assert_eq!(
            with(|c| c.journeys = Some(MAX_JOURNEYS + 1)).validate(),
            Err(GenerateError::TooManyJourneys {
                journeys: MAX_JOURNEYS + 1,
                max: MAX_JOURNEYS
            })
        );
        assert_eq!(
            with(|c| {
                c.journey_style = JourneyStyle::Log;
                c.journeys = Some(MAX_LOG_JOURNEYS + 1);
            })
            .validate(),
            Err(GenerateError::TooManyJourneys {
                journeys: MAX_LOG_JOURNEYS + 1,
                max: MAX_LOG_JOURNEYS
            })
        );
        assert_eq!(
            with(|c| {
                c.journey_style = JourneyStyle::Log;
                c.journeys = Some(MAX_LOG_JOURNEYS);
            })
            .validate(),
            Ok(())
        );
        assert!(matches!(
            with(|c| {
                c.teams = MAX_TEAMS;
                c.handoffs_per_team = 100.0;
            })
            .validate(),
            Err(GenerateError::TooManyHandoffs { .. })
        ));
    }

    #[test]
    fn messages_are_plain_words_without_flags() {
        let errors = [
            GenerateError::NoTeams,
            GenerateError::TooManyTeams {
                teams: 60_000_000,
                max: MAX_TEAMS,
            },
            GenerateError::HandoffsPerTeamOutOfRange {
                got: u64::MAX as f64,
                max: 1000.0,
            },
            GenerateError::TooManyJourneys {
                journeys: 20_000_000,
                max: MAX_JOURNEYS,
            },
            GenerateError::TooManyHandoffs {
                teams: 50_000_000,
                handoffs_per_team: 100.0,
                max: MAX_HANDOFF_ROWS,
            },
        ];
        for e in &errors {
            assert!(!e.to_string().contains("--"), "{e}");
        }
        assert_eq!(
            errors[2].to_string(),
            "handoffs per team must be a number from 0 to 1000, got 18446744073709551616"
        );
        assert_eq!(
            errors[1].to_string(),
            "60000000 teams is too many (at most 50000000)"
        );
    }

    #[test]
    fn plain_numbers_print_integers_as_integers() {
        assert_eq!(plain_number(u64::MAX as f64), "18446744073709551616");
        assert_eq!(plain_number(1000.0), "1000");
        assert_eq!(plain_number(-1.0), "-1");
        assert_eq!(plain_number(1000.5), "1000.5");
        assert_eq!(plain_number(1e300), "1e300");
        assert_eq!(plain_number(f64::NAN), "NaN");
        assert_eq!(plain_number(f64::INFINITY), "inf");
    }
}
