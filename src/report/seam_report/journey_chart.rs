//! The journey seam chart of one journey: lanes (teams, grouped and coloured by silo, capped with
//! an "other teams" lane), steps and seams handed to [`crate::plot::journey`], and the sentences
//! under it.

use super::labels::{slug, Names};
use super::model::{Chart, ReportOptions, Rich};
use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot::journey::{self, Band, JourneyChart, Lane};
use crate::plot::palette::{Color, CATEGORY};
use crate::records::UnitId;
use crate::text::{hours, number, plural};

/// Lanes, steps and seams of one journey, aggregated to `max_lanes` lanes.
#[allow(clippy::too_many_arguments)]
pub(super) fn journey_chart(
    org: &Org,
    a: &Analysis,
    names: &Names,
    j: usize,
    rank: usize,
    seams: &std::ops::Range<usize>,
    options: &ReportOptions,
) -> Chart {
    let js = &a.seams.journeys[j];
    let journey = &org.export.journeys[js.journey];
    let steps_all = &journey.steps;
    // Columns: a journey that fits one row shows every step; a longer one draws each run of
    // consecutive steps by one team as one column with its count.
    let collapse = steps_all.len() > journey::columns_per_row();
    let mut runs: Vec<(usize, usize)> = Vec::new(); // steps start..end
    for (i, st) in steps_all.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if collapse && steps_all[r.0].team == st.team => r.1 = i + 1,
            _ => runs.push((i, i + 1)),
        }
    }
    runs.truncate(options.max_steps.max(2));
    let shown_steps = runs.last().map_or(0, |r| r.1);
    let steps = &steps_all[..shown_steps];
    let mut column_of = vec![0usize; shown_steps];
    for (c, &(from, to)) in runs.iter().enumerate() {
        column_of[from..to].fill(c);
    }

    // Teams in order of first appearance, with their step counts.
    let mut teams: Vec<(UnitId, usize, usize)> = Vec::new(); // (team, first index, steps)
    for (i, s) in steps.iter().enumerate() {
        match teams.iter_mut().find(|t| t.0 == s.team) {
            Some(t) => t.2 += 1,
            None => teams.push((s.team, i, 1)),
        }
    }
    let max_lanes = options.max_lanes.max(2);
    let mut kept: Vec<(UnitId, usize, usize)> = teams.clone();
    let mut others = 0usize;
    if teams.len() > max_lanes {
        kept.sort_by(|x, y| y.2.cmp(&x.2).then(x.1.cmp(&y.1)));
        kept.truncate(max_lanes - 1);
        kept.sort_by_key(|t| t.1);
        others = teams.len() - kept.len();
    }
    // Silo order: first appearance in the journey.
    let mut silo_order: Vec<UnitId> = Vec::new();
    for s in steps {
        let silo = names.silo_of(s.team);
        if !silo_order.contains(&silo) {
            silo_order.push(silo);
        }
    }
    let band_of = |u: UnitId| match org.export.units[u as usize].customer_facing {
        Some(true) => Band::Front,
        Some(false) => Band::Back,
        None => Band::Unknown,
    };
    let mut lane_teams: Vec<(Band, usize, usize, UnitId)> = kept
        .iter()
        .map(|&(u, first, _)| {
            let silo = names.silo_of(u);
            let group = silo_order.iter().position(|&s| s == silo).unwrap_or(0);
            (band_of(u), group, first, u)
        })
        .collect();
    lane_teams.sort();
    // Silos grey in the org-wide colouring (many silos) borrow a colour no other silo of this
    // journey uses, in order of appearance; their lane labels name them either way.
    let mut journey_colors: Vec<(UnitId, Color)> = silo_order
        .iter()
        .map(|&s| (s, names.color_of_silo(s)))
        .collect();
    let mut spare = CATEGORY
        .iter()
        .copied()
        .filter(|c| !journey_colors.iter().any(|(_, x)| x == c))
        .collect::<Vec<_>>()
        .into_iter();
    for (_, c) in journey_colors.iter_mut() {
        if *c == Color::OTHER {
            if let Some(next) = spare.next() {
                *c = next;
            }
        }
    }
    let color_of = |u: UnitId| {
        let silo = names.silo_of(u);
        journey_colors
            .iter()
            .find(|(s, _)| *s == silo)
            .map_or(Color::OTHER, |(_, c)| *c)
    };
    let mut lanes: Vec<Lane> = lane_teams
        .iter()
        .map(|&(band, group, _, u)| Lane {
            team: names.unit(u),
            silo: names.silo_name(u),
            color: color_of(u),
            band,
            group,
        })
        .collect();
    let other_lane = (others > 0).then(|| {
        let mut silos: Vec<UnitId> = teams
            .iter()
            .filter(|t| !kept.iter().any(|k| k.0 == t.0))
            .map(|t| names.silo_of(t.0))
            .collect();
        silos.sort_unstable();
        silos.dedup();
        lanes.push(Lane {
            team: format!("{others} other teams"),
            silo: if silos.len() == 1 {
                names.unit(silos[0])
            } else {
                format!("{} silos", silos.len())
            },
            color: Color::OTHER,
            band: Band::Other,
            group: usize::MAX,
        });
        lanes.len() - 1
    });
    let lane_of = |u: UnitId| {
        lane_teams
            .iter()
            .position(|t| t.3 == u)
            .or(other_lane)
            .unwrap_or(0)
    };
    let chart_steps: Vec<journey::Step> = runs
        .iter()
        .map(|&(from, to)| {
            let mut acts: Vec<&str> = Vec::new();
            for st in &steps[from..to] {
                if let Some(act) = st.activity.as_deref().filter(|a| !a.trim().is_empty()) {
                    if !acts.contains(&act) {
                        acts.push(act);
                    }
                }
            }
            journey::Step {
                lane: lane_of(steps[from].team),
                label: if acts.is_empty() {
                    names.unit(steps[from].team)
                } else {
                    acts.join(", ")
                },
                number: from + 1,
                count: to - from,
            }
        })
        .collect();
    let seam_list = &a.seams.seams[seams.clone()];
    let chart_seams: Vec<journey::Seam> = seam_list
        .iter()
        .filter(|s| s.step_index + 1 < shown_steps)
        .map(|s| journey::Seam {
            after: column_of[s.step_index],
            cross_silo: s.cross_silo,
            wait_hours: s.wait_hours,
            known_handoff: s.known_handoff,
        })
        .collect();

    let counts = format!(
        "{} · {} · {} between silos",
        plural(js.steps, "step", "steps"),
        plural(js.seams, "seam", "seams"),
        number(js.cross_silo_seams as f64)
    );
    let mut sub = vec![format!(
        "{} in {}",
        plural(js.distinct_teams, "team", "teams"),
        plural(js.distinct_silos, "silo", "silos")
    )];
    sub.push(format!(
        "{} the line of visibility",
        if js.visibility_crossings == 1 {
            "1 seam crosses".to_string()
        } else {
            format!("{} seams cross", js.visibility_crossings)
        }
    ));
    if let Some(w) = js.total_seam_wait {
        let mut t = format!("{} of waiting at seams", hours(w));
        if js.seam_waits_unknown > 0 {
            t.push_str(&format!(" ({} unknown)", js.seam_waits_unknown));
        }
        sub.push(t);
    }
    sub.push(format!(
        "{} {} per period",
        number(js.volume),
        if js.volume == 1.0 {
            "journey"
        } else {
            "journeys"
        }
    ));
    let mut notes = Vec::new();
    if shown_steps < steps_all.len() {
        notes.push(format!(
            "First {} columns ({} of {} steps) drawn; the seams table of `seams analyze` lists them all.",
            runs.len(),
            shown_steps,
            steps_all.len()
        ));
    }
    if others > 0 {
        notes.push(format!(
            "The {} teams with the most steps have a lane each; {} others share the bottom lane.",
            max_lanes - 1,
            others
        ));
    }
    let chart = JourneyChart {
        journey: journey.id.clone(),
        counts,
        subtitle: sub.join("  ·  "),
        note: (!notes.is_empty()).then(|| notes.join(" ")),
        lanes,
        steps: chart_steps,
        seams: chart_seams,
    };
    let scene = journey::draw(&chart);

    // The sentences.
    let mut text = vec![Rich::new()
        .b(plural(js.steps, "step", "steps"))
        .t(format!(
            " by {} in {}; ",
            plural(js.distinct_teams, "team", "teams"),
            plural(js.distinct_silos, "silo", "silos")
        ))
        .b(plural(js.seams, "seam", "seams"))
        .t(", ")
        .b(format!(
            "{} between silos",
            number(js.cross_silo_seams as f64)
        ))
        .t(format!(
            ", {} across the line of visibility.",
            number(js.visibility_crossings as f64)
        ))];
    if let Some(longest) = seam_list
        .iter()
        .filter(|s| s.wait_hours.is_some())
        .max_by(|x, y| {
            x.wait_hours
                .unwrap_or(0.0)
                .total_cmp(&y.wait_hours.unwrap_or(0.0))
                .then(y.step_index.cmp(&x.step_index))
        })
    {
        let step = &steps_all[longest.step_index + 1];
        let mut r = Rich::new()
            .t("The longest wait at a seam is ")
            .b(hours(longest.wait_hours.unwrap_or(0.0)))
            .t(format!(
                ", from {} to {} before step {}",
                names.unit(longest.from),
                names.unit(longest.to),
                longest.step_index + 2
            ));
        if let Some(act) = step.activity.as_ref().filter(|s| !s.trim().is_empty()) {
            r = r.t(format!(" (“{act}”)"));
        }
        r = r.t(".");
        text.push(r);
    }
    let unknown: Vec<String> = seam_list
        .iter()
        .filter(|s| s.known_handoff == Some(false))
        .map(|s| format!("{} → {}", names.unit(s.from), names.unit(s.to)))
        .collect();
    if !unknown.is_empty() {
        let shown: Vec<String> = unknown.iter().take(3).cloned().collect();
        let mut r = Rich::new()
            .b(plural(unknown.len(), "seam", "seams"))
            .t(if unknown.len() == 1 { " has" } else { " have" })
            .t(" no handoff channel on record (")
            .t(shown.join("; "));
        if unknown.len() > shown.len() {
            r = r.t(format!("; {} more", unknown.len() - shown.len()));
        }
        r = r.t("): nobody hands the work over, the customer carries it.");
        text.push(r);
    }
    Chart {
        file: format!("journey-{:02}-{}", rank + 1, slug(&journey.id)),
        title: format!("Journey: {}", journey.id),
        alt: format!(
            "Journey seam chart of {}: {}, {}, {} between silos.",
            journey.id,
            plural(js.steps, "step", "steps"),
            plural(js.seams, "seam", "seams"),
            js.cross_silo_seams
        ),
        text,
        scene,
    }
}
