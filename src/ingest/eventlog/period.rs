//! `import-log --from DATE --until DATE` (docs/event-logs.md, "A period"): only the cases that
//! **start** in the period are kept (`from` ≤ first event < `until`), with all their events,
//! even those after `until`, so no journey is cut. Teams, silo values and cases are renumbered
//! so those of dropped cases disappear.

use super::reader::{Event, ReadEvents};
use super::timestamp::Timestamp;

/// The period of `--from` / `--until` (either may be open).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    /// Inclusive start.
    pub from: Option<Timestamp>,
    /// Exclusive end.
    pub until: Option<Timestamp>,
}

impl Period {
    /// Whether no bound is set (every case is kept).
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// Whether a case starting at `start` is kept.
    pub fn contains(&self, start: Timestamp) -> bool {
        self.from.map_or(true, |f| start >= f) && self.until.map_or(true, |u| start < u)
    }
}

/// What the period dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    /// Cases starting outside the period.
    pub cases: usize,
    /// Their events.
    pub events: u64,
}

/// Keeps the cases of `read` that start in `period`.
///
/// # Complexity
/// O(E + C + T + S): one pass for each case's first instant, one to compact the events.
pub(super) fn keep_period(read: &mut ReadEvents, period: &Period) -> Dropped {
    if period.is_open() {
        return Dropped::default();
    }
    let mut start: Vec<Option<Timestamp>> = vec![None; read.cases.len()];
    for e in &read.events {
        let s = &mut start[e.case as usize];
        let t = e.time();
        if s.map_or(true, |s| t < s) {
            *s = Some(t);
        }
    }
    let kept_case: Vec<bool> = start
        .iter()
        .map(|s| s.is_some_and(|s| period.contains(s)))
        .collect();
    let dropped_cases = kept_case.iter().filter(|k| !**k).count();
    if dropped_cases == 0 {
        return Dropped::default();
    }
    let case_index = renumber(&kept_case);
    let mut team_used = vec![false; read.teams.len()];
    let mut events: Vec<Event> = Vec::with_capacity(read.events.len());
    let mut event_silo: Vec<u32> = Vec::new();
    let has_silo = !read.event_silo.is_empty();
    for (i, e) in read.events.iter().enumerate() {
        if kept_case[e.case as usize] {
            let mut e = *e;
            e.case = case_index[e.case as usize];
            team_used[e.team as usize] = true;
            events.push(e);
            if has_silo {
                event_silo.push(read.event_silo[i]);
            }
        }
    }
    let dropped_events = (read.events.len() - events.len()) as u64;
    let team_index = renumber(&team_used);
    for e in &mut events {
        e.team = team_index[e.team as usize];
    }
    read.cases = keep(std::mem::take(&mut read.cases), &kept_case);
    read.teams = keep(std::mem::take(&mut read.teams), &team_used);
    read.team_first_line = keep(std::mem::take(&mut read.team_first_line), &team_used);
    read.events = events;
    read.event_silo = event_silo;
    Dropped {
        cases: dropped_cases,
        events: dropped_events,
    }
}

/// New index of each kept item (kept items in their old order).
fn renumber(kept: &[bool]) -> Vec<u32> {
    let mut next = 0u32;
    kept.iter()
        .map(|&k| {
            let i = next;
            if k {
                next += 1;
            }
            i
        })
        .collect()
}

fn keep<T>(items: Vec<T>, kept: &[bool]) -> Vec<T> {
    items
        .into_iter()
        .zip(kept)
        .filter_map(|(x, &k)| k.then_some(x))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, import};
    use super::*;
    use crate::ingest::eventlog::parse_timestamp;

    #[test]
    fn cases_are_kept_by_their_start() {
        // a starts before the period, b inside (and ends after it), c at `until` (excluded).
        let log = "case,activity,time,team\n\
                   a,x,2010-01-31T23:00:00Z,A\na,y,2010-02-01T01:00:00Z,B\n\
                   b,x,2010-02-01T00:00:00Z,B\nb,y,2010-03-05T00:00:00Z,C\n\
                   c,x,2010-03-01T00:00:00Z,D\n";
        let mut o = columns(None);
        o.period = Period {
            from: Some(parse_timestamp("2010-02-01T00:00:00Z").unwrap()),
            until: Some(parse_timestamp("2010-03-01T00:00:00Z").unwrap()),
        };
        let e = import(log, &o).unwrap().export;
        let ids: Vec<&str> = e.journeys.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, ["b"]);
        let teams: Vec<&str> = e.teams.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(teams, ["B", "C"]);
        assert_eq!(e.journeys[0].steps.len(), 2);
        assert_eq!(
            (
                e.summary.cases_outside_period,
                e.summary.events_outside_period
            ),
            (2, 3)
        );
        o.period.from = Some(parse_timestamp("2011-01-01T00:00:00Z").unwrap());
        o.period.until = None;
        let err = super::super::testing::errors(log, &o);
        assert!(err[0].contains("no case starts in the period"), "{err:?}");
    }
}
