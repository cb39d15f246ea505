//! Case building: events → journeys, handoffs, teams and silos (docs/event-logs.md).
//!
//! [`build`] runs four steps, one function each: [`rank_teams`] (teams in id order),
//! [`group_by_case`] (a counting sort keeping file order), [`journeys`] (each case ordered by
//! time, its steps and its seams), [`handoffs`] (seams merged per (from, to) pair) and, with a
//! silo column, [`vote_silos`] (each team's parent is the silo value it appears under most).

use std::path::Path;

use rayon::slice::ParallelSliceMut;
use rustc_hash::{FxHashMap, FxHashSet};

use super::customer::Touches;
use super::reader::{Event, ReadEvents, NO_ACTIVITY, NO_SILO};
use super::timestamp::{nanos_to_hours, Timestamp};
use super::{
    ImportOptions, ImportSummary, LogExport, LogHandoff, LogJourney, LogSilo, LogStep, LogTeam,
    SILO_PREFIX,
};
use crate::error::Diagnostic;

/// One seam while building: the (from, to) pair packed in a u64 (from in the high half, so the
/// order is (from, to)) and the gap as whole seconds + nanoseconds (no overflow for any gap).
struct SeamGap {
    pair: u64,
    secs: i64,
    nanos: u32,
}

impl SeamGap {
    fn new(from: u32, to: u32, gap_ns: i128) -> SeamGap {
        SeamGap {
            pair: (from as u64) << 32 | to as u64,
            secs: gap_ns.div_euclid(1_000_000_000) as i64,
            nanos: gap_ns.rem_euclid(1_000_000_000) as u32,
        }
    }

    fn nanos(&self) -> i128 {
        self.secs as i128 * 1_000_000_000 + self.nanos as i128
    }
}

/// A team seen under several silo values.
pub(super) struct SeveralSilos {
    team: u32,
    /// The unit id of the chosen parent.
    parent: String,
    /// (value, events), most frequent first (ties by unit id).
    values: Vec<(String, u64)>,
}

/// The export built from the events, and what the silo vote has to say about it.
pub(super) struct Built {
    /// The export (its `kinds` and the row counts are filled in by the reader).
    pub(super) export: LogExport,
    /// Teams seen under several silo values.
    several_silos: Vec<SeveralSilos>,
    /// Teams with no silo value at all (only when a silo column is given).
    no_silo: Vec<u32>,
}

impl Built {
    /// The warnings of the silo vote: one per team seen under several values, one listing the
    /// teams that never had one. `silo_label` is the silo column's header.
    pub(super) fn silo_warnings(&self, path: &Path, silo_label: &str) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for several in &self.several_silos {
            let listed: Vec<String> = several
                .values
                .iter()
                .take(5)
                .map(|(v, n)| format!("`{v}` ({n} events)"))
                .collect();
            warnings.push(Diagnostic::warning(
                path,
                None,
                format!(
                    "team `{}` appears under {} values of `{silo_label}`: {}{}; its parent is `{}`, the most frequent",
                    self.export.teams[several.team as usize].id,
                    several.values.len(),
                    listed.join(", "),
                    if several.values.len() > 5 { ", …" } else { "" },
                    several.parent,
                ),
            ));
        }
        if !self.no_silo.is_empty() {
            let listed: Vec<String> = self
                .no_silo
                .iter()
                .take(10)
                .map(|&t| format!("`{}`", self.export.teams[t as usize].id))
                .collect();
            warnings.push(Diagnostic::warning(
                path,
                None,
                format!(
                    "{} team(s) have a blank `{silo_label}` on every event and become root units: {}{}",
                    self.no_silo.len(),
                    listed.join(", "),
                    if self.no_silo.len() > 10 {
                        ", …"
                    } else {
                        ""
                    },
                ),
            ));
        }
        warnings
    }
}

/// Sorts the read events into journeys, handoffs, teams and silos.
///
/// # Complexity
/// O(E + C log C + S log S + T log T) for E events, C cases, S seams and T teams: counting sort
/// by case, a stable sort per case (linear on a log already in time order), one sort of the
/// seams by (from, to).
pub(super) fn build(read: ReadEvents, has_silo: bool, options: &ImportOptions) -> Built {
    let collapse_repeats = options.collapse_repeats;
    let ReadEvents {
        mut events,
        cases: case_names,
        teams: team_names,
        activities: activity_names,
        silo_values: silo_names,
        event_silo,
        dropped,
        ..
    } = read;
    let mut silo_votes: FxHashMap<(u32, u32), u64> = FxHashMap::default();
    for (e, &s) in events.iter().zip(&event_silo) {
        if s != NO_SILO {
            *silo_votes.entry((e.team, s)).or_insert(0) += 1;
        }
    }
    let (mut teams, rank) = rank_teams(team_names, &mut events);
    let n_cases = case_names.len();
    let (grouped, start) = group_by_case(events, n_cases);
    let mut summary = ImportSummary {
        events: grouped.len() as u64,
        cases: n_cases,
        teams: teams.len(),
        cases_outside_period: dropped.cases,
        events_outside_period: dropped.events,
        ..ImportSummary::default()
    };
    let mut touches = Touches::new(
        options.customer.activity.as_ref(),
        &activity_names,
        teams.len(),
    );
    let customer_facing: Vec<bool> = if options.customer.teams.is_empty() {
        Vec::new()
    } else {
        teams
            .iter()
            .map(|t| options.customer.teams.contains(&t.id))
            .collect()
    };
    let (journeys, seams, span) = journeys(
        grouped,
        &start,
        case_names,
        collapse_repeats,
        &mut summary,
        &mut touches,
    );
    let touches = touches.unwrap_or_default();
    summary.customer_handoffs =
        touches.from_customer.iter().sum::<u64>() + touches.to_customer.iter().sum::<u64>();
    summary.seams = seams.len() as u64;
    let handoffs = handoffs(seams);
    summary.handoff_pairs = handoffs.len();
    let vote = if has_silo {
        vote_silos(&mut teams, &silo_names, silo_votes, &rank)
    } else {
        SiloVote::default()
    };
    summary.silos = vote.silos.len();
    Built {
        export: LogExport {
            teams,
            silos: vote.silos,
            activities: activity_names.into_iter().map(String::from).collect(),
            journeys,
            handoffs,
            customer_from: touches.from_customer,
            customer_to: touches.to_customer,
            customer_facing,
            span,
            kinds: (String::new(), None),
            collapse_repeats,
            summary,
        },
        several_silos: vote.several_silos,
        no_silo: vote.no_silo,
    }
}

/// The teams sorted by id, with their event counts; renumbers `events` to the sorted order.
///
/// # Returns
/// The teams (parents unset) and `rank`: interned team index → index in the sorted teams.
fn rank_teams(team_names: Vec<Box<str>>, events: &mut [Event]) -> (Vec<LogTeam>, Vec<u32>) {
    let mut team_order: Vec<u32> = (0..team_names.len() as u32).collect();
    team_order.sort_unstable_by(|&a, &b| team_names[a as usize].cmp(&team_names[b as usize]));
    let mut rank = vec![0u32; team_names.len()];
    for (new, &old) in team_order.iter().enumerate() {
        rank[old as usize] = new as u32;
    }
    let mut team_events = vec![0u64; team_names.len()];
    for e in events.iter_mut() {
        e.team = rank[e.team as usize];
        team_events[e.team as usize] += 1;
    }
    let mut team_names: Vec<Option<Box<str>>> = team_names.into_iter().map(Some).collect();
    let teams = team_order
        .iter()
        .zip(&team_events)
        .map(|(&old, &n)| LogTeam {
            id: team_names[old as usize]
                .take()
                .map(String::from)
                .unwrap_or_default(),
            parent: None,
            events: n,
        })
        .collect();
    (teams, rank)
}

/// Groups the events by case, keeping file order inside a case (a counting sort).
///
/// # Returns
/// The grouped events and `start`: case `c`'s events are `grouped[start[c]..start[c + 1]]`.
fn group_by_case(events: Vec<Event>, n_cases: usize) -> (Vec<Event>, Vec<usize>) {
    let mut start = vec![0usize; n_cases + 1];
    for e in &events {
        start[e.case as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut grouped: Vec<Event> = match events.first() {
        Some(&first) => vec![first; events.len()],
        None => Vec::new(),
    };
    let mut next = start.clone();
    for e in &events {
        let slot = &mut next[e.case as usize];
        grouped[*slot] = *e;
        *slot += 1;
    }
    (grouped, start)
}

/// One journey per case, in case-id order: its events ordered by time with a stable sort (ties
/// keep file order), each event a step (or each run of one team's events, with
/// `collapse_repeats`). Counts steps, transitions and one-event cases into `summary`.
///
/// # Returns
/// The journeys, one [`SeamGap`] per change of team between consecutive events, and the
/// first and last instants. Counts the customer's touches into `touches` when given.
fn journeys(
    mut grouped: Vec<Event>,
    start: &[usize],
    case_names: Vec<Box<str>>,
    collapse_repeats: bool,
    summary: &mut ImportSummary,
    touches: &mut Option<Touches>,
) -> (
    Vec<LogJourney>,
    Vec<SeamGap>,
    Option<(Timestamp, Timestamp)>,
) {
    let mut span: Option<(Timestamp, Timestamp)> = None;
    let mut case_order: Vec<u32> = (0..case_names.len() as u32).collect();
    case_order.sort_unstable_by(|&a, &b| case_names[a as usize].cmp(&case_names[b as usize]));
    let mut case_names: Vec<Option<Box<str>>> = case_names.into_iter().map(Some).collect();
    // One record per seam, sorted by (from, to) afterwards: with many distinct pairs this is
    // much faster than a hash-map update per seam (sequential writes, no cache misses).
    let mut seams: Vec<SeamGap> = Vec::new();
    let mut journeys: Vec<LogJourney> = Vec::with_capacity(case_order.len());
    for &c in &case_order {
        let evs = &mut grouped[start[c as usize]..start[c as usize + 1]];
        evs.sort_by_key(|e| (e.secs, e.nanos));
        if let (Some(first), Some(last)) = (evs.first(), evs.last()) {
            let (a, b) = (first.time(), last.time());
            span = Some(span.map_or((a, b), |(lo, hi)| (lo.min(a), hi.max(b))));
        }
        if let Some(t) = touches.as_mut() {
            t.case(evs);
        }
        if evs.len() == 1 {
            summary.one_event_cases += 1;
        }
        let steps = steps(evs, collapse_repeats, &mut seams);
        summary.transitions += evs.len().saturating_sub(1) as u64;
        summary.steps += steps.len() as u64;
        journeys.push(LogJourney {
            id: case_names[c as usize]
                .take()
                .map(String::from)
                .unwrap_or_default(),
            steps,
        });
    }
    (journeys, seams, span)
}

/// The steps of one case's events (in time order), pushing its seams onto `seams`.
fn steps(evs: &[Event], collapse_repeats: bool, seams: &mut Vec<SeamGap>) -> Vec<LogStep> {
    let mut steps: Vec<LogStep> = Vec::with_capacity(evs.len());
    let mut prev: Option<&Event> = None;
    for e in evs {
        let activity = (e.activity != NO_ACTIVITY).then_some(e.activity);
        match prev {
            None => steps.push(LogStep {
                team: e.team,
                activity,
                events: 1,
                wait_hours: None,
            }),
            Some(p) => {
                let gap = e.time().nanos_since(p.time());
                if p.team != e.team {
                    seams.push(SeamGap::new(p.team, e.team, gap));
                }
                match steps.last_mut() {
                    Some(last) if collapse_repeats && last.team == e.team => last.events += 1,
                    _ => steps.push(LogStep {
                        team: e.team,
                        activity,
                        events: 1,
                        wait_hours: Some(nanos_to_hours(gap)),
                    }),
                }
            }
        }
        prev = Some(e);
    }
    steps
}

/// Merges the seams into handoffs, sorted by (from, to): `volume` = how many seams, and
/// `wait_hours` = their mean gap (summed exactly in integer nanoseconds).
fn handoffs(mut seams: Vec<SeamGap>) -> Vec<LogHandoff> {
    seams.par_sort_unstable_by_key(|g| g.pair);
    seams
        .chunk_by(|a, b| a.pair == b.pair)
        .map(|run| {
            // Integer sum: exact, whatever the order.
            let sum: i128 = run.iter().map(|g| g.nanos()).sum();
            LogHandoff {
                from: (run[0].pair >> 32) as u32,
                to: run[0].pair as u32,
                volume: run.len() as u64,
                wait_hours: nanos_to_hours(sum) / run.len() as f64,
            }
        })
        .collect()
}

/// What the silo vote decided.
#[derive(Default)]
struct SiloVote {
    /// The silo units that are some team's parent, sorted by unit id.
    silos: Vec<LogSilo>,
    several_silos: Vec<SeveralSilos>,
    no_silo: Vec<u32>,
}

/// Unit ids of the silo values (by interned index): the value, or `silo:` + the value when it
/// is also a team id (the prefix repeated until the id is free).
fn silo_unit_ids(silo_names: &[Box<str>], teams: &[LogTeam]) -> Vec<String> {
    let team_ids: FxHashSet<&str> = teams.iter().map(|t| t.id.as_str()).collect();
    let mut used: FxHashSet<String> = silo_names
        .iter()
        .filter(|v| !team_ids.contains(&v[..]))
        .map(|v| v.to_string())
        .collect();
    used.extend(team_ids.iter().map(|t| t.to_string()));
    let mut by_value: Vec<u32> = (0..silo_names.len() as u32).collect();
    by_value.sort_unstable_by(|&a, &b| silo_names[a as usize].cmp(&silo_names[b as usize]));
    let mut unit_id: Vec<String> = vec![String::new(); silo_names.len()];
    for &s in &by_value {
        let v = &silo_names[s as usize];
        unit_id[s as usize] = if team_ids.contains(&**v) {
            let mut id = format!("{SILO_PREFIX}{v}");
            while used.contains(&id) {
                id.insert_str(0, SILO_PREFIX);
            }
            used.insert(id.clone());
            id
        } else {
            v.to_string()
        };
    }
    unit_id
}

/// Each team's parent: its most frequent silo value (ties → the smaller unit id). Sets
/// [`LogTeam::parent`] and returns the silo units that are some team's parent, with the teams
/// seen under several values and those seen under none.
///
/// `rank` maps interned team indices (the keys of `silo_votes`) to indices in `teams`.
fn vote_silos(
    teams: &mut [LogTeam],
    silo_names: &[Box<str>],
    silo_votes: FxHashMap<(u32, u32), u64>,
    rank: &[u32],
) -> SiloVote {
    let mut unit_id = silo_unit_ids(silo_names, teams);
    // Votes per team, in team order; hash order never reaches the result (sorted here).
    let mut votes: Vec<(u32, u32, u64)> = silo_votes
        .into_iter()
        .map(|((t, s), n)| (rank[t as usize], s, n))
        .collect();
    votes.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.2.cmp(&a.2))
            .then_with(|| unit_id[a.1 as usize].cmp(&unit_id[b.1 as usize]))
    });
    let mut vote = SiloVote::default();
    // Parent (interned silo index) per team.
    let mut parent_of: Vec<Option<u32>> = vec![None; teams.len()];
    for run in votes.chunk_by(|a, b| a.0 == b.0) {
        let t = run[0].0;
        parent_of[t as usize] = Some(run[0].1);
        if run.len() > 1 {
            vote.several_silos.push(SeveralSilos {
                team: t,
                parent: unit_id[run[0].1 as usize].clone(),
                values: run
                    .iter()
                    .map(|v| (silo_names[v.1 as usize].to_string(), v.2))
                    .collect(),
            });
        }
    }
    // Silo units = the parents, sorted by unit id; renumber.
    let mut chosen: Vec<u32> = parent_of.iter().flatten().copied().collect();
    chosen.sort_unstable_by(|&a, &b| unit_id[a as usize].cmp(&unit_id[b as usize]));
    chosen.dedup();
    let mut silo_rank: FxHashMap<u32, u32> = FxHashMap::default();
    for (new, &old) in chosen.iter().enumerate() {
        silo_rank.insert(old, new as u32);
        vote.silos.push(LogSilo {
            id: std::mem::take(&mut unit_id[old as usize]),
            value: silo_names[old as usize].to_string(),
            events: 0,
        });
    }
    for (t, team) in teams.iter_mut().enumerate() {
        match parent_of[t] {
            Some(old) => {
                let s = silo_rank[&old];
                team.parent = Some(s);
                vote.silos[s as usize].events += team.events;
            }
            None => vote.no_silo.push(t as u32),
        }
    }
    vote
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, import};
    use super::*;

    /// (team id, activity, wait) of each step of journey `j`.
    fn steps(e: &LogExport, j: usize) -> Vec<(String, String, Option<f64>, u32)> {
        e.journeys[j]
            .steps
            .iter()
            .map(|s| {
                (
                    e.teams[s.team as usize].id.clone(),
                    s.activity
                        .map_or(String::new(), |a| e.activities[a as usize].clone()),
                    s.wait_hours,
                    s.events,
                )
            })
            .collect()
    }

    #[test]
    fn journeys_in_time_order_ties_in_file_order() {
        // Case c2 is listed out of order; its events 2 and 3 share a timestamp (file order wins:
        // `second` before `third`). Case c1 comes after c2 in the file but first in the output.
        let log = "case,activity,time,team,extra\n\
                   c2,third,2024-01-01T12:00:00Z,B,x\n\
                   c2,first,2024-01-01T10:00:00Z,A,x\n\
                   c1,only,1704067200,A,x\n\
                   c2,tie-1,2024-01-01T12:00:00Z,A,x\n\
                   c2,tie-2,2024-01-01 12:00:00,C,x\n";
        let e = import(log, &columns(None)).unwrap().export;
        assert_eq!(
            e.journeys.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
            ["c1", "c2"]
        );
        let h = |x: f64| Some(x);
        assert_eq!(
            steps(&e, 1),
            vec![
                ("A".into(), "first".into(), None, 1),
                ("B".into(), "third".into(), h(2.0), 1),
                ("A".into(), "tie-1".into(), h(0.0), 1),
                ("C".into(), "tie-2".into(), h(0.0), 1),
            ]
        );
        // Handoffs A→B (2 h), B→A (0 h), A→C (0 h), sorted by (from, to).
        let hs: Vec<(&str, &str, u64, f64)> = e
            .handoffs
            .iter()
            .map(|x| {
                (
                    e.teams[x.from as usize].id.as_str(),
                    e.teams[x.to as usize].id.as_str(),
                    x.volume,
                    x.wait_hours,
                )
            })
            .collect();
        assert_eq!(
            hs,
            vec![("A", "B", 1, 2.0), ("A", "C", 1, 0.0), ("B", "A", 1, 0.0)]
        );
        let s = e.summary;
        assert_eq!(
            (s.rows, s.events, s.cases, s.teams, s.one_event_cases),
            (5, 5, 2, 3, 1)
        );
        assert_eq!((s.transitions, s.seams, s.handoff_pairs), (3, 3, 3));
    }

    #[test]
    fn ties_keep_file_order_in_long_cases() {
        // 90 events cycling through three timestamps (t2, t1, t3, t2, …): a stable order puts
        // the 30 events of t1 first in file order, then t2's, then t3's. An unstable sort of a
        // slice this long scrambles equal keys.
        let mut log = String::from("case,activity,time,team\n");
        for i in 0..90 {
            let t = [2, 1, 3][i % 3];
            log.push_str(&format!("c,e{i:02},{t},T{}\n", i % 2));
        }
        let e = import(&log, &columns(None)).unwrap().export;
        let got: Vec<String> = steps(&e, 0).into_iter().map(|s| s.1).collect();
        let mut want: Vec<String> = Vec::new();
        for t in [1, 2, 3] {
            for i in 0..90 {
                if [2, 1, 3][i % 3] == t {
                    want.push(format!("e{i:02}"));
                }
            }
        }
        assert_eq!(got, want);
    }

    #[test]
    fn handoff_wait_is_the_mean_gap_and_repeats_are_not_handoffs() {
        // A→B with gaps 1 h and 3 h (mean 2 h); A→A is no handoff.
        let log = "case,activity,time,team\n\
                   x,a,2024-01-01T00:00:00Z,A\n\
                   x,b,2024-01-01T01:00:00Z,B\n\
                   y,a,2024-01-01T00:00:00Z,A\n\
                   y,a,2024-01-01T00:30:00Z,A\n\
                   y,b,2024-01-01T03:30:00Z,B\n";
        let e = import(log, &columns(None)).unwrap().export;
        assert_eq!(e.handoffs.len(), 1);
        assert_eq!((e.handoffs[0].volume, e.handoffs[0].wait_hours), (2, 2.0));
        assert_eq!((e.summary.transitions, e.summary.seams), (3, 2));
    }

    #[test]
    fn collapse_repeats_merges_runs_but_not_handoffs() {
        let log = "case,activity,time,team\n\
                   x,a1,2024-01-01T00:00:00Z,A\n\
                   x,a2,2024-01-01T01:00:00Z,A\n\
                   x,b1,2024-01-01T03:00:00Z,B\n\
                   x,a3,2024-01-01T04:00:00Z,A\n\
                   x,a4,2024-01-01T04:30:00Z,A\n";
        let plain = import(log, &columns(None)).unwrap().export;
        let mut options = columns(None);
        options.collapse_repeats = true;
        let collapsed = import(log, &options).unwrap().export;
        assert_eq!(plain.journeys[0].steps.len(), 5);
        // Runs A(a1,a2) B(b1) A(a3,a4); a run's wait runs from the previous run's last event.
        assert_eq!(
            steps(&collapsed, 0),
            vec![
                ("A".into(), "a1".into(), None, 2),
                ("B".into(), "b1".into(), Some(2.0), 1),
                ("A".into(), "a3".into(), Some(1.0), 2),
            ]
        );
        assert_eq!(plain.handoffs, collapsed.handoffs);
        assert_eq!(collapsed.summary.steps, 3);
        let mut out = Vec::new();
        crate::import::writer::write_journeys(&collapsed, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "journey,step,team,activity,wait_hours,events\nx,1,A,a1,,2\nx,2,B,b1,2,1\nx,3,A,a3,1,2\n"
        );
    }

    #[test]
    fn silo_parent_is_the_most_frequent_value_ties_to_the_smaller_id() {
        // T1: ops ×2, sales ×1 → ops (warned). T2: sales ×1, ops ×1 → tie → ops (smaller id).
        // T3: its silo value `T1` is a team id → unit `silo:T1`. T4: blank silo → root.
        let log = "case,activity,time,team,dept\n\
                   c,a,1,T1,ops\nc,a,2,T1,ops\nc,a,3,T1,sales\n\
                   d,a,1,T2,sales\nd,a,2,T2,ops\n\
                   e,a,1,T3,T1\n\
                   f,a,1,T4,\n";
        let imported = import(log, &columns(Some("dept"))).unwrap();
        let e = &imported.export;
        let silos: Vec<(&str, u64)> = e.silos.iter().map(|s| (s.id.as_str(), s.events)).collect();
        assert_eq!(silos, vec![("ops", 5), ("silo:T1", 1)]);
        let parents: Vec<(&str, Option<&str>)> = e
            .teams
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.parent.map(|p| e.silos[p as usize].id.as_str()),
                )
            })
            .collect();
        assert_eq!(
            parents,
            vec![
                ("T1", Some("ops")),
                ("T2", Some("ops")),
                ("T3", Some("silo:T1")),
                ("T4", None)
            ]
        );
        let warnings: Vec<&str> = imported
            .warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].starts_with(
            "team `T1` appears under 2 values of `dept`: `ops` (2 events), `sales` (1 events)"
        ));
        assert!(warnings[1].starts_with("team `T2` appears under 2 values of `dept`: `ops` (1 events), `sales` (1 events); its parent is `ops`"));
        assert!(warnings[2].contains("`T4`"));
        let mut out = Vec::new();
        crate::import::writer::write_teams(e, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,parent,kind,events\nops,,dept,5\nsilo:T1,,dept,1\nT1,ops,team,3\nT2,ops,team,2\nT3,silo:T1,team,1\nT4,,team,1\n"
        );
    }
}
