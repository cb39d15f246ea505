//! "Journeys in aggregate": the section of the seam report shown when an export has more
//! journeys than are charted one by one (more than `ReportOptions::max_journeys`, docs/output.md
//! "Journeys in aggregate"). Plain descriptions for `src/plot` of the seam map (silo and team
//! level), the journey seam charts of the most frequent variants (silo and team level) and the
//! seams-per-journey histogram, with the sentences under them and three tables (variants, seam
//! waits by silo pair, the journeys that cross the most silos). Every figure comes from
//! [`crate::metrics::journey_flow`], [`crate::metrics::process`] and
//! [`crate::metrics::seams`]; this file selects, caps, sums the units not shown into "other"
//! and orders them for display. Cost: a few passes over the flows and variants (never over the
//! journeys' steps, except the example journey of each charted variant).

use std::collections::BTreeMap;

use super::charted::Charted;
use super::labels::Names;
use super::model::{Aggregate, Cell, Chart, Column, ReportOptions, ReportTable, Rich};
use crate::metrics::journey_flow::{FlowLevel, FlowNode};
use crate::metrics::process::Variant;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot;
use crate::plot::flow::{Edge, End, FlowChart, Node};
use crate::plot::journey::{self, Band, JourneyChart, Lane};
use crate::plot::palette::{Color, CATEGORY};
use crate::plot::stacked::{Series, StackedChart};
use crate::records::{Party, UnitId};
use crate::text::{compact, hours, number, plural, share};

mod seam_map;
mod tables;

use seam_map::seam_map;
pub(super) use tables::crossing_order;
use tables::{crossing_table, seam_wait_table, variant_table};

/// Lanes of a seam map; more units are summed into one "other" lane.
pub const MAP_LANES: usize = 12;
/// Arrows of a seam map (the heaviest); the rest are left out and counted in the note.
pub const MAP_EDGES: usize = 40;
/// Variant charts per level (silo, team).
pub const VARIANT_CHARTS: usize = 4;
/// Rows of the variant tables.
pub const VARIANT_ROWS: usize = 10;
/// Rows of the table of journeys that cross the most silos.
pub const CROSSING_ROWS: usize = 10;
/// Rows of the seam-wait table.
pub const WAIT_ROWS: usize = 15;
/// Columns of a variant chart: 16 fill the chart's 1280 pixels at the journey chart's narrowest
/// column, so its text stays at full size on the page; longer variants are cut (and say so).
pub const VARIANT_COLUMNS: usize = 16;

/// Whether the section draws the team level (seam map, variants): not when every team doing
/// steps is alone in its silo (an event log without `--silo`: every team is a root), where the
/// team level would repeat the silo level.
pub(super) fn team_level(a: &Analysis) -> bool {
    let f = &a.journey_flow;
    f.teams.nodes.len() > f.silos.nodes.len()
}

/// The section, or None when every journey is charted one by one (`journeys ≤ max_journeys`).
/// `charted` says which journeys are charted one by one and where the others are drawn.
pub(super) fn aggregate(
    org: &Org,
    a: &Analysis,
    names: &Names,
    charted: &Charted,
    options: &ReportOptions,
) -> Option<Aggregate> {
    let e = &org.export;
    if e.journeys.len() <= options.max_journeys {
        return None;
    }
    let total: f64 = e.journeys.iter().map(|j| j.volume).sum();
    let f = &a.journey_flow;
    let p = &a.process;
    let text = vec![Rich::new()
        .t("The export has ")
        .b(plural(e.journeys.len(), "journey", "journeys"))
        .t(format!(
            ", more than the {} charted one by one above: these views sum them all up. The seam map shows how work flows \
             between silos, the variants the paths most journeys take, and the distributions how many seams journeys have \
             and how long work waits at them.",
            number(options.max_journeys as f64)
        ))];
    let team_level = team_level(a);
    let mut charts = Vec::new();
    charts.push(seam_map(org, names, &f.silos, Level::Silo, total));
    if team_level {
        charts.push(seam_map(org, names, &f.teams, Level::Team, total));
    }
    charts.push(seams_histogram(a, total));

    // Variants.
    let mut variants = Vec::new();
    for (rank, v) in p.silo_variants.iter().take(VARIANT_CHARTS).enumerate() {
        variants.push(variant_chart(
            org,
            names,
            v,
            rank,
            Level::Silo,
            p.silo_variants.len(),
            options,
        ));
    }
    for (rank, v) in p
        .variants
        .iter()
        .take(if team_level { VARIANT_CHARTS } else { 0 })
        .enumerate()
    {
        variants.push(variant_chart(
            org,
            names,
            v,
            rank,
            Level::Team,
            p.variants.len(),
            options,
        ));
    }
    let covered = |vs: &[Variant], k: usize| vs.iter().take(k).filter_map(|v| v.share).sum::<f64>();
    let mut vtext = if team_level {
        Rich::new()
            .t("Journeys through the same silos in the same order (a silo's consecutive steps counted once) form a ")
            .b("silo variant")
            .t(format!(
                "; through the same teams, a team variant. There are {} silo variants and {} team variants; the {} most frequent of each cover ",
                number(p.silo_variants.len() as f64),
                number(p.variants.len() as f64),
                VARIANT_CHARTS
            ))
            .b(share(covered(&p.silo_variants, VARIANT_CHARTS)))
            .t(" and ")
            .b(share(covered(&p.variants, VARIANT_CHARTS)))
            .t(" of all journeys. Each is charted like a journey, one column per silo (or team) visited, with the median wait at each seam over its journeys.")
    } else {
        Rich::new()
            .t("Journeys through the same silos in the same order (a silo's consecutive steps counted once) form a ")
            .b("variant")
            .t(format!(
                " (every team of this export is a silo of its own, so team and silo variants are the same). There are {} variants; the {} most frequent cover ",
                number(p.silo_variants.len() as f64),
                VARIANT_CHARTS
            ))
            .b(share(covered(&p.silo_variants, VARIANT_CHARTS)))
            .t(" of all journeys. Each is charted like a journey, one column per silo visited, with the median wait at each seam over its journeys.")
    };
    if p.variants.len() as f64 > 0.5 * e.journeys.len() as f64 {
        vtext = vtext.t(" Most journeys take a path of their own: the silo variants and the seam map tell the story better than any single path.");
    }
    let variants_text = vec![vtext];

    // Distributions.
    let mut dist = Vec::new();
    if total > 0.0 {
        let none = f
            .seams_per_journey
            .iter()
            .find(|c| c.seams == 0)
            .map_or(0.0, |c| c.volume);
        let mut r = Rich::new()
            .b(share(none / total))
            .t(" of journeys have no seam at all; on average a journey has ")
            .b(crate::text::opt(a.seams.mean_seams_per_journey))
            .t(" seams. ");
        r = r.b(share(p.ping_pong_volume / total)).t(format!(
            " of journeys ping-pong: they come back to a team they had left ({}).",
            plural(p.ping_pong_journeys, "journey", "journeys")
        ));
        dist.push(r);
    }
    let waits = seam_wait_table(org, a, names);
    if let Some(w) = a
        .journey_flow
        .seam_waits
        .iter()
        .take(WAIT_ROWS)
        .filter(|w| w.from != w.to)
        .filter_map(|w| w.median_hours.map(|m| (w, m)))
        .max_by(|x, y| {
            x.1.total_cmp(&y.1)
                .then(y.0.from.cmp(&x.0.from))
                .then(y.0.to.cmp(&x.0.to))
        })
    {
        dist.push(
            Rich::new()
                .t("Of the busiest pairs of silos, work waits longest from ")
                .b(format!(
                    "{} to {}",
                    names.unit(w.0.from),
                    names.unit(w.0.to)
                ))
                .t(": a median of ")
                .b(hours(w.1))
                .t(format!(
                    " at the seam, and {} for the slowest tenth.",
                    w.0.p90_hours.map_or_else(|| "n/a".to_string(), hours)
                )),
        );
    }
    let mut tables = vec![variant_table(org, names, &p.silo_variants, Level::Silo)];
    if team_level {
        tables.push(variant_table(org, names, &p.variants, Level::Team));
    }
    tables.push(waits);
    tables.push(crossing_table(org, a, names, charted));
    Some(Aggregate {
        text,
        charts,
        variants_text,
        variants,
        distributions_text: dist,
        tables,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Silo,
    Team,
}

impl Level {
    fn word(self) -> &'static str {
        match self {
            Level::Silo => "silo",
            Level::Team => "team",
        }
    }
}

/// Seams per journey as a histogram (volume of journeys per number of seams; wide ranges are
/// grouped into bins of a round width).
fn seams_histogram(a: &Analysis, total: f64) -> Chart {
    let counts = &a.journey_flow.seams_per_journey;
    let max = counts.last().map_or(0, |c| c.seams);
    // One bar per count up to 19 seams; beyond, counts from 15 up in at most 5 bins of a round
    // width, so the chart keeps to 20 bars (its full width).
    let (single, width) = if max < 20 {
        (max + 1, 1)
    } else {
        let w = [2usize, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000, 100_000]
            .into_iter()
            .find(|w| (max - 15) / w < 5)
            .unwrap_or(usize::MAX / 8);
        (15, w)
    };
    let bin_of = |k: usize| {
        if k < single {
            k
        } else {
            single + (k - single) / width
        }
    };
    let bins = bin_of(max) + 1;
    let mut values = vec![0.0; bins];
    for c in counts {
        values[bin_of(c.seams)] += c.volume;
    }
    let categories: Vec<String> = (0..bins)
        .map(|b| {
            if b < single {
                b.to_string()
            } else {
                let lo = single + (b - single) * width;
                format!("{}–{}", lo, lo + width - 1)
            }
        })
        .collect();
    let chart = StackedChart {
        title: "Seams per journey".to_string(),
        subtitle: "How many journeys (volume per period) have each number of seams.".to_string(),
        note: (width > 1)
            .then(|| format!("From 15 seams up, counts are grouped in bins of {width}.")),
        categories,
        set_apart: 0,
        series: vec![Series {
            label: "journeys".to_string(),
            color: Color::SEAM,
            values,
        }],
        x_label: "seams in the journey".to_string(),
        y_label: "journeys".to_string(),
    };
    let scene = plot::stacked::draw(&chart);
    let mut text = vec![];
    if total > 0.0 {
        let many = counts
            .iter()
            .filter(|c| c.seams >= 10)
            .map(|c| c.volume)
            .sum::<f64>();
        text.push(
            Rich::new()
                .t("Each bar counts the journeys with that many changes of team. ")
                .b(share(many / total))
                .t(" of journeys have 10 seams or more."),
        );
    }
    Chart {
        file: "seams-per-journey".to_string(),
        title: "Seams per journey".to_string(),
        alt: "Histogram of the number of seams per journey.".to_string(),
        text,
        scene,
    }
}

/// The journey seam chart of one variant: one column per run of a silo (or team), weighted by
/// its journeys; activities from its first journey, waits the medians over its journeys.
fn variant_chart(
    org: &Org,
    names: &Names,
    v: &Variant,
    rank: usize,
    which: Level,
    count: usize,
    options: &ReportOptions,
) -> Chart {
    let e = &org.export;
    let example = &e.journeys[v.example];
    let unit_of = |u: UnitId| match which {
        Level::Silo => org.silos.silo_of(u),
        Level::Team => u,
    };
    // The activity that starts each run of the example journey.
    let mut labels: Vec<String> = Vec::new();
    let mut prev: Option<UnitId> = None;
    for s in &example.steps {
        let u = unit_of(s.team);
        if prev != Some(u) {
            labels.push(match &s.activity {
                Some(act) if !act.trim().is_empty() => act.clone(),
                _ => names.unit(u),
            });
        }
        prev = Some(u);
    }
    let shown = v
        .teams
        .len()
        .min(options.max_steps.clamp(2, VARIANT_COLUMNS));
    let seq = &v.teams[..shown];
    // Lanes in order of first appearance, capped with one "other" lane.
    let mut distinct: Vec<UnitId> = Vec::new();
    for &u in seq {
        if !distinct.contains(&u) {
            distinct.push(u);
        }
    }
    let max_lanes = options.max_lanes.max(2);
    let others = distinct.len().saturating_sub(max_lanes - 1);
    let kept: Vec<UnitId> = if others > 0 {
        distinct[..max_lanes - 1].to_vec()
    } else {
        distinct.clone()
    };
    let silo_order: Vec<UnitId> = {
        let mut o: Vec<UnitId> = Vec::new();
        for &u in &kept {
            let s = org.silos.silo_of(u);
            if !o.contains(&s) {
                o.push(s);
            }
        }
        o
    };
    let mut spare = CATEGORY
        .iter()
        .copied()
        .filter(|c| !silo_order.iter().any(|&s| names.color_of_silo(s) == *c))
        .collect::<Vec<_>>()
        .into_iter();
    let colors: Vec<(UnitId, Color)> = silo_order
        .iter()
        .map(|&s| {
            let c = names.color_of_silo(s);
            (
                s,
                if c == Color::OTHER {
                    spare.next().unwrap_or(c)
                } else {
                    c
                },
            )
        })
        .collect();
    let color_of = |u: UnitId| {
        let s = org.silos.silo_of(u);
        colors
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(Color::OTHER, |c| c.1)
    };
    let band_of = |u: UnitId| match (which, e.units[u as usize].customer_facing) {
        (Level::Silo, _) => Band::Unknown,
        (_, Some(true)) => Band::Front,
        (_, Some(false)) => Band::Back,
        (_, None) => Band::Unknown,
    };
    let mut lane_units: Vec<(Band, usize, usize, UnitId)> = kept
        .iter()
        .enumerate()
        .map(|(first, &u)| {
            let g = silo_order
                .iter()
                .position(|&s| s == org.silos.silo_of(u))
                .unwrap_or(0);
            (band_of(u), g, first, u)
        })
        .collect();
    lane_units.sort();
    let mut lanes: Vec<Lane> = lane_units
        .iter()
        .map(|&(band, group, _, u)| Lane {
            team: names.unit(u),
            silo: match which {
                Level::Silo => String::new(),
                Level::Team => names.silo_name(u),
            },
            color: color_of(u),
            band,
            group,
        })
        .collect();
    if others > 0 {
        lanes.push(Lane {
            team: format!("{} other {}s", others, which.word()),
            silo: String::new(),
            color: Color::OTHER,
            band: Band::Other,
            group: usize::MAX,
        });
    }
    let lane_of = |u: UnitId| {
        lane_units
            .iter()
            .position(|l| l.3 == u)
            .unwrap_or(lanes.len() - 1)
    };
    let steps: Vec<journey::Step> = seq
        .iter()
        .enumerate()
        .map(|(i, &u)| journey::Step {
            lane: lane_of(u),
            label: labels.get(i).cloned().unwrap_or_else(|| names.unit(u)),
            number: i + 1,
            count: 1,
        })
        .collect();
    let seams: Vec<journey::Seam> = (0..shown.saturating_sub(1))
        .map(|i| journey::Seam {
            after: i,
            cross_silo: org.silos.silo_of(seq[i]) != org.silos.silo_of(seq[i + 1]),
            wait_hours: v.seam_waits.get(i).copied().flatten(),
            known_handoff: None,
        })
        .collect();
    let word = which.word();
    let share_text = v.share.map_or_else(|| "n/a".to_string(), share);
    let counts = match which {
        Level::Silo => format!(
            "{} · {} · {} silo changes",
            plural(v.journeys, "journey", "journeys"),
            share_text,
            number(v.seams() as f64)
        ),
        Level::Team => format!(
            "{} · {} · {} · {} between silos",
            plural(v.journeys, "journey", "journeys"),
            share_text,
            plural(v.seams(), "seam", "seams"),
            number(v.cross_silo_seams as f64)
        ),
    };
    let mut notes = vec![format!(
        "Activities are those of its first journey, {}; waits are medians over its journeys.",
        example.id
    )];
    if shown < v.teams.len() {
        notes.push(format!(
            "First {} of {} {word}s drawn.",
            shown,
            v.teams.len()
        ));
    }
    let chart = JourneyChart {
        journey: format!("{} variant {}", capitalise(word), rank + 1),
        counts,
        subtitle: format!(
            "Variant {} of {} at {word} level: the journeys that pass through these {word}s in this order (a {word}'s consecutive steps drawn once)",
            rank + 1,
            number(count as f64)
        ),
        note: Some(notes.join(" ")),
        lanes,
        steps,
        seams,
    };
    let scene = journey::draw(&chart);
    let path: Vec<String> = v.teams.iter().take(8).map(|&u| names.unit(u)).collect();
    let mut r = Rich::new()
        .b(plural(v.journeys, "journey", "journeys"))
        .t(format!(" ({share_text}) go "))
        .t(path.join(" → "));
    if v.teams.len() > path.len() {
        r = r.t(format!(" → … ({} {word}s in all)", v.teams.len()));
    }
    r = r.t(format!(
        ": {} between silos, {} on average.",
        plural(v.cross_silo_seams, "change", "changes"),
        plural_f(v.mean_seams, "seam")
    ));
    Chart {
        file: format!("variant-{word}-{:02}", rank + 1),
        title: format!(
            "{} variant {}: {}",
            capitalise(word),
            rank + 1,
            plural(v.journeys, "journey", "journeys")
        ),
        alt: format!(
            "Journey seam chart of {word} variant {}: {} in order, {}.",
            rank + 1,
            plural(v.teams.len(), word, &format!("{word}s")),
            plural(v.journeys, "journey", "journeys")
        ),
        text: vec![r],
        scene,
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn plural_f(x: f64, one: &str) -> String {
    if x == 1.0 {
        format!("1 {one}")
    } else {
        format!("{} {one}s", number(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::seam_report::fixture::small;

    #[test]
    fn shown_above_the_threshold_with_lanes_in_position_order() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        // One journey: charted one by one, no aggregate.
        let defaults = ReportOptions::default();
        let charted = Charted::new(&org, &a, &defaults);
        assert!(aggregate(&org, &a, &names, &charted, &defaults).is_none());
        let options = ReportOptions {
            max_journeys: 0,
            ..ReportOptions::default()
        };
        let charted = Charted::new(&org, &a, &options);
        let g = aggregate(&org, &a, &names, &charted, &options).expect("1 journey > 0");
        let files: Vec<&str> = g.all_charts().map(|c| c.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "seam-map-silos",
                "seam-map-teams",
                "seams-per-journey",
                "variant-silo-01",
                "variant-team-01"
            ]
        );
        // Silo lanes by typical position: Sales (steps 1–2 of 4: (0 + 1/3)/2 = 1/6), Ops (2/3),
        // Finance (1).
        let map = &g.charts[0].scene;
        let lanes: Vec<String> = map
            .text_boxes()
            .into_iter()
            .map(|(t, _)| t)
            .filter(|t| ["Sales", "Ops", "Finance"].contains(&t.as_str()))
            .collect();
        assert_eq!(lanes, ["Sales", "Ops", "Finance"]);
        // The journey is its team variant's only journey: the table says where it is charted.
        let crossing = g.tables.iter().find(|t| t.id == "most-silos").unwrap();
        assert_eq!(crossing.rows[0][0], "order");
        assert_eq!(crossing.rows[0][1], "3");
        assert_eq!(crossing.rows[0][5].text, "Team variant 1");
        assert_eq!(crossing.rows[0][5].link.as_deref(), Some("variant-team-01"));
        // The silo variant: Sales → Ops → Finance, 100 % of journeys, 2 silo changes.
        let silo_variants = &g.tables[0];
        assert_eq!(silo_variants.rows[0][1], "Sales → Ops → Finance");
        assert_eq!(silo_variants.rows[0][3], "100%");
        assert_eq!(silo_variants.rows[0][5], "2");
        // The waits of the team variant are those of its one journey (2, 5 and 1 h).
        let seams_text = g
            .distributions_text
            .iter()
            .map(|r| r.plain())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            seams_text.contains("0% of journeys have no seam"),
            "{seams_text}"
        );
        assert!(
            seams_text.contains("from Sales to Ops: a median of 5 h"),
            "{seams_text}"
        );
    }
}
