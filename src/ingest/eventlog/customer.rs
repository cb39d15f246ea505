//! Where the customer touches the journeys (docs/event-logs.md, "The customer"), so that the
//! distance from the customer is defined for an imported log:
//!
//! - `--customer-activity REGEX`: an event whose activity matches the whole pattern is one the
//!   customer takes part in, with the event's team T. If it is its case's **first** event the
//!   customer starts the case: 1 is added to `customer → T`. If it is the case's **last** event
//!   the case ends with the customer: 1 is added to `T → customer`. An event in between is a
//!   round trip: 1 to `T → customer` and 1 to `customer → T`. A one-event case adds both. Team
//!   handoffs, journeys and seams do not change (the customer is never a journey step).
//! - `--customer-team ID,…`: those teams are customer-facing (`customer_facing=true` in
//!   teams.csv; no handoff is added).

use std::path::Path;

use regex::Regex;

use super::reader::{Event, ReadEvents, NO_ACTIVITY};
use super::table;
use crate::error::Diagnostic;

/// How the customer is marked (both parts optional).
#[derive(Debug, Clone, Default)]
pub struct CustomerMarking {
    /// `--customer-activity`, anchored to match a whole activity ([`activity_pattern`]).
    pub activity: Option<Regex>,
    /// `--customer-team`: team ids (values of the team column) that face the customer.
    pub teams: Vec<String>,
}

/// Compiles `--customer-activity`: the pattern must match the **whole** activity
/// (`Customer.*|Call.*` matches `Customer calls` and `Call back`, not `Recall`).
///
/// # Returns
/// The regex, or the syntax error as a usage message.
pub fn activity_pattern(pattern: &str) -> Result<Regex, String> {
    Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
        format!(
            "--customer-activity `{}` is not a regular expression ({}; expected e.g. `Customer.*|Call.*`)",
            table::shorten(pattern),
            e.to_string().lines().last().unwrap_or("invalid")
        )
    })
}

/// Handoff volumes between the customer and each team (by team index).
#[derive(Debug, Clone, Default)]
pub(super) struct Touches {
    /// `customer → team`.
    pub(super) from_customer: Vec<u64>,
    /// `team → customer`.
    pub(super) to_customer: Vec<u64>,
    /// Which activities (by interned index) match.
    matching: Vec<bool>,
}

impl Touches {
    /// The touches to count with `re` over `activities`, for `teams` teams; None without a
    /// pattern.
    pub(super) fn new(re: Option<&Regex>, activities: &[Box<str>], teams: usize) -> Option<Self> {
        let re = re?;
        Some(Touches {
            from_customer: vec![0; teams],
            to_customer: vec![0; teams],
            matching: activities.iter().map(|a| re.is_match(a)).collect(),
        })
    }

    /// Counts one case's events (in time order).
    pub(super) fn case(&mut self, evs: &[Event]) {
        let last = evs.len().saturating_sub(1);
        for (i, e) in evs.iter().enumerate() {
            if e.activity == NO_ACTIVITY || !self.matching[e.activity as usize] {
                continue;
            }
            let t = e.team as usize;
            if i != last || i == 0 {
                self.from_customer[t] += 1;
            }
            if i != 0 || i == last {
                self.to_customer[t] += 1;
            }
        }
    }
}

/// Checks `--customer-team` against the teams of the log.
///
/// # Returns
/// One error per id that is no team, with the closest team ids.
pub(super) fn check_teams(read: &ReadEvents, teams: &[String], log: &Path) -> Vec<Diagnostic> {
    let ids: Vec<String> = read.teams.iter().map(|t| t.to_string()).collect();
    teams
        .iter()
        .filter(|t| !ids.contains(t))
        .map(|t| {
            Diagnostic::error(
                log,
                None,
                format!(
                    "--customer-team `{}` is not a team of the log (expected a value of the team column; {})",
                    table::shorten(t),
                    super::mapping::did_you_mean(t, &ids)
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, errors, import};
    use super::*;

    #[test]
    fn matching_events_link_their_teams_to_the_customer() {
        // x: starts with the customer (A), a round trip in the middle (B), ends with it (C).
        // y: one event, matching: both directions. z: no match.
        let log = "case,activity,time,team\n\
                   x,Customer calls,1,A\nx,Call back,2,B\nx,Fix,3,B\nx,Customer informed,4,C\n\
                   y,Call,1,B\n\
                   z,Recall,1,A\nz,Fix,2,C\n";
        let mut o = columns(None);
        o.customer.activity = Some(activity_pattern("Customer.*|Call.*").unwrap());
        let e = import(log, &o).unwrap().export;
        // Teams A, B, C.
        assert_eq!(e.customer_from, vec![1, 2, 0]);
        assert_eq!(e.customer_to, vec![0, 2, 1]);
        assert_eq!(e.summary.customer_handoffs, 6);
        // Team handoffs are those of the log alone.
        assert_eq!(e.handoffs.len(), 3);
        assert!(activity_pattern("(")
            .unwrap_err()
            .contains("is not a regular expression"));
    }

    #[test]
    fn customer_teams_must_be_teams_of_the_log() {
        let log = "case,activity,time,team\nx,a,1,front-desk\nx,b,2,back\n";
        let mut o = columns(None);
        o.customer.teams = vec!["front-desk".into(), "frontdesk".into()];
        let e = errors(log, &o);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].contains("`frontdesk` is not a team of the log"),
            "{e:?}"
        );
        assert!(e[0].contains("did you mean `front-desk`?"), "{e:?}");
        o.customer.teams.pop();
        let ex = import(log, &o).unwrap().export;
        assert_eq!(ex.customer_facing, vec![false, true]);
    }
}
