//! "The rest of the story": short sections on what `analyze` knows beyond the headline — the
//! systems nobody owns and the ones many teams own, the informal structure (communities of
//! teams who work together against the silos, with the silo × community chart), the journeys
//! that ping-pong, and the data-quality caveats (validate's warnings, values not recorded).
//! Each section is a few sentences, names before figures, lists capped at [`LISTED`].

use super::charted::Charted;
use super::labels::Names;
use super::model::{Chart, Rich, StorySection};
use crate::error::Diagnostic;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot;
use crate::plot::matrix::MatrixChart;
use crate::plot::palette::Color;
use crate::records::UnitId;
use crate::text::{number, opt, percent, plural};

/// Names listed in one sentence; the rest are counted ("and 12 more").
pub(super) const LISTED: usize = 8;
/// Columns (communities) of the silo × community chart; the smaller ones are summed.
const MAX_COMMUNITIES: usize = 10;
/// Rows (silos) of the silo × community chart; the smaller ones are summed.
const MAX_SILO_ROWS: usize = 12;
/// Warnings quoted in the data-quality section.
const QUOTED_WARNINGS: usize = 3;

/// The sections, each only when it has something to say.
pub(super) fn story(
    org: &Org,
    a: &Analysis,
    names: &Names,
    warnings: &[Diagnostic],
    charted: &Charted,
) -> Vec<StorySection> {
    let mut out = Vec::new();
    out.extend(systems_section(org, a, names));
    out.extend(informal_section(org, a, names));
    out.extend(ping_pong_section(org, a, names, charted));
    out.extend(quality_section(org, a, warnings));
    out
}

/// `items` in bold, the first [`LISTED`], then "and K more".
fn capped(r: Rich, items: &[String]) -> Rich {
    let shown: Vec<String> = items.iter().take(LISTED).cloned().collect();
    if items.len() > shown.len() {
        let mut r = r;
        for (i, item) in shown.iter().enumerate() {
            if i > 0 {
                r = r.t(", ");
            }
            r = r.b(item.clone());
        }
        r.t(format!(
            " and {} more",
            number((items.len() - shown.len()) as f64)
        ))
    } else {
        r.list(&shown, "and")
    }
}

fn system_name(org: &Org, s: usize) -> String {
    let sys = &org.export.systems[s];
    match &sys.name {
        Some(n) if !n.trim().is_empty() => n.clone(),
        _ => sys.id.clone(),
    }
}

fn systems_section(org: &Org, a: &Analysis, names: &Names) -> Option<StorySection> {
    let systems = &org.export.systems;
    if systems.is_empty() {
        return None;
    }
    let c = &a.conway;
    let mut text = Vec::new();
    if c.orphan_systems.is_empty() {
        text.push(
            Rich::new()
                .t("Every one of the ")
                .b(plural(systems.len(), "system", "systems"))
                .t(" has an owner on record."),
        );
    } else {
        let orphans: Vec<String> = c
            .orphan_systems
            .iter()
            .map(|&s| system_name(org, s as usize))
            .collect();
        let r = Rich::new()
            .b(format!(
                "{} of {}",
                number(orphans.len() as f64),
                plural(systems.len(), "system", "systems")
            ))
            .t(if orphans.len() == 1 {
                " has no owner on record: "
            } else {
                " have no owner on record: "
            });
        text.push(capped(r, &orphans).t(
            ". Nobody is asked when they change or break, and no handoff can be expected around them.",
        ));
    }
    if !c.shared_ownership.is_empty() {
        let shared: Vec<String> = c
            .shared_ownership
            .iter()
            .map(|&s| {
                let sys = &systems[s as usize];
                let owners: Vec<String> = sys.owners.iter().map(|&u| names.unit(u)).collect();
                let silos = {
                    let mut v: Vec<UnitId> = sys.owners.iter().map(|&u| names.silo_of(u)).collect();
                    v.sort_unstable();
                    v.dedup();
                    v.len()
                };
                format!(
                    "{} ({}{})",
                    system_name(org, s as usize),
                    owners.join(", "),
                    if silos > 1 {
                        format!("; {} silos", silos)
                    } else {
                        String::new()
                    }
                )
            })
            .collect();
        let r = Rich::new()
            .b(plural(shared.len(), "system has", "systems have"))
            .t(" more than one owner: ");
        text.push(capped(r, &shared).t(
            ". Shared ownership is coordination the owners need whether or not they hand work to each other.",
        ));
    }
    Some(StorySection {
        id: "systems".to_string(),
        title: "Systems nobody owns, systems several teams own".to_string(),
        text,
        chart: None,
    })
}

fn informal_section(org: &Org, a: &Analysis, names: &Names) -> Option<StorySection> {
    let com = &a.silo.communities;
    let list = org.silos.list();
    if com.list.is_empty() || list.is_empty() {
        return None;
    }
    let g = &org.handoffs;
    let mut text = vec![Rich::new()
        .t("Teams that hand work to each other form ")
        .b(plural(com.list.len(), "community", "communities"))
        .t(" (Louvain on the handoff graph) against ")
        .b(plural(list.len(), "silo", "silos"))
        .t(format!(
            " on the chart. How far the two agree: NMI {} (1 = the communities are the silos, 0 = unrelated).",
            opt(com.nmi)
        ))];
    let mixed = com.list.iter().filter(|c| c.silos > 1).count();
    if mixed > 0 {
        text.push(
            Rich::new()
                .b(format!(
                    "{} of the {} communities",
                    number(mixed as f64),
                    number(com.list.len() as f64)
                ))
                .t(" bring teams of several silos together: the organisation as it works, not as it is drawn."),
        );
    }
    if !com.misplaced.is_empty() {
        let items: Vec<String> = com
            .misplaced
            .iter()
            .map(|&v| {
                let u = g.unit(v);
                let home = com.community_of[v as usize]
                    .and_then(|c| com.list.get(c as usize))
                    .map(|c| names.unit(c.dominant_silo))
                    .unwrap_or_default();
                format!("{} ({} → {})", names.unit(u), names.silo_name(u), home)
            })
            .collect();
        let r = Rich::new()
            .b(plural(items.len(), "team works", "teams work"))
            .t(if items.len() == 1 {
                " mostly with another silo than its own (its silo → the silo of most of its community): "
            } else {
                " mostly with another silo than their own (own silo → the silo of most of their community): "
            });
        text.push(capped(r, &items).t("."));
    }

    // The chart: teams per silo (rows) and community (columns), the largest shown.
    let mut comm_order: Vec<usize> = (0..com.list.len()).collect();
    comm_order.sort_by(|&x, &y| com.list[y].size.cmp(&com.list[x].size).then(x.cmp(&y)));
    let shown_comms: Vec<usize> = comm_order.iter().copied().take(MAX_COMMUNITIES).collect();
    let other_comms = com.list.len() > shown_comms.len();
    let mut silo_teams = vec![0usize; list.len()];
    // A unit's silo as its position in `list` (O(1): the names keep the slots).
    let slot_of = |u: UnitId| {
        let i = names
            .slot
            .get(names.silo_of(u) as usize)
            .copied()
            .unwrap_or(usize::MAX);
        (i != usize::MAX).then_some(i)
    };
    for v in 0..g.node_count() as u32 {
        if com.community_of[v as usize].is_some() {
            if let Some(i) = slot_of(g.unit(v)) {
                silo_teams[i] += 1;
            }
        }
    }
    let mut silo_order: Vec<usize> = (0..list.len()).filter(|&i| silo_teams[i] > 0).collect();
    silo_order.sort_by(|&x, &y| silo_teams[y].cmp(&silo_teams[x]).then(x.cmp(&y)));
    let other_silos = silo_order.len() > MAX_SILO_ROWS;
    let shown_silos: Vec<usize> = silo_order
        .iter()
        .copied()
        .take(if other_silos {
            MAX_SILO_ROWS - 1
        } else {
            MAX_SILO_ROWS
        })
        .collect();
    // Communities in the order of the silo most of them belong to, so agreement shows as a
    // diagonal; larger first within a silo.
    let mut shown_comms = shown_comms;
    shown_comms.sort_by_key(|&k| {
        let c = &com.list[k];
        let row = slot_of(c.dominant_silo)
            .and_then(|i| shown_silos.iter().position(|&s| s == i))
            .unwrap_or(usize::MAX);
        (row, std::cmp::Reverse(c.size), k)
    });
    let rows = shown_silos.len() + usize::from(other_silos);
    let cols = shown_comms.len() + usize::from(other_comms);
    let mut values = vec![vec![0.0f64; cols]; rows];
    for v in 0..g.node_count() as u32 {
        let Some(c) = com.community_of[v as usize] else {
            continue;
        };
        let Some(si) = slot_of(g.unit(v)) else {
            continue;
        };
        let row = shown_silos
            .iter()
            .position(|&s| s == si)
            .or(other_silos.then_some(rows - 1));
        let col = shown_comms
            .iter()
            .position(|&k| k == c as usize)
            .or(other_comms.then_some(cols - 1));
        if let (Some(r), Some(k)) = (row, col) {
            values[r][k] += 1.0;
        }
    }
    let mut labels: Vec<String> = shown_silos.iter().map(|&i| names.unit(list[i])).collect();
    let mut colors: Vec<Color> = shown_silos.iter().map(|&i| names.colors[i]).collect();
    if other_silos {
        labels.push(format!(
            "{} other silos",
            number((silo_order.len() - shown_silos.len()) as f64)
        ));
        colors.push(Color::OTHER);
    }
    let mut columns: Vec<String> = shown_comms
        .iter()
        .map(|&k| {
            let c = &com.list[k];
            format!("#{} mostly {}", k + 1, names.unit(c.dominant_silo))
        })
        .collect();
    if other_comms {
        columns.push(format!(
            "{} others",
            number((com.list.len() - shown_comms.len()) as f64)
        ));
    }
    let note = (other_silos || other_comms).then(|| {
        "The largest silos and communities are shown; the rest are summed in the last row and column.".to_string()
    });
    let chart = MatrixChart {
        title: "Silos and the communities that actually work together".to_string(),
        subtitle: "Teams of each silo (row) in each community (column); a silo spread over several columns, or a column with several silos, is the informal structure.".to_string(),
        note,
        labels,
        colors,
        values,
        other_last: other_silos,
        columns: Some((columns, other_comms)),
        captions: Some((
            "community →".to_string(),
            "silo ↓".to_string(),
            "teams".to_string(),
        )),
    };
    let scene = plot::matrix::draw(&chart);
    Some(StorySection {
        id: "informal-structure".to_string(),
        title: "The informal structure: communities against silos".to_string(),
        text,
        chart: Some(Chart {
            file: "silo-communities".to_string(),
            title: "Silos and communities".to_string(),
            alt: format!(
                "Teams per silo and community: {} communities across {} silos, NMI {}.",
                com.list.len(),
                list.len(),
                opt(com.nmi)
            ),
            text: Vec::new(),
            scene,
        }),
    })
}

/// Journeys the ping-pong section names: the first [`PING_PONG_LISTED`] of [`ping_pong_order`].
pub(super) const PING_PONG_LISTED: usize = 5;

/// The ping-pong journeys (indices into `a.process.ping_pong`) by returns × volume descending,
/// then journey order.
pub(super) fn ping_pong_order(a: &Analysis) -> Vec<usize> {
    let p = &a.process;
    let mut order: Vec<usize> = (0..p.ping_pong.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&p.ping_pong[x], &p.ping_pong[y]);
        (b.returns as f64 * b.volume)
            .total_cmp(&(a.returns as f64 * a.volume))
            .then(x.cmp(&y))
    });
    order
}

fn ping_pong_section(
    org: &Org,
    a: &Analysis,
    names: &Names,
    charted: &Charted,
) -> Option<StorySection> {
    let p = &a.process;
    let journeys = org.export.journeys.len();
    if journeys == 0 {
        return None;
    }
    let mut text = Vec::new();
    if p.ping_pong.is_empty() {
        text.push(
            Rich::new()
                .t("No journey comes back to a team it has already left: work does not ping-pong."),
        );
    } else {
        text.push(
            Rich::new()
                .b(format!(
                    "{} of {}",
                    number(p.ping_pong_journeys as f64),
                    plural(journeys, "journey", "journeys")
                ))
                .t(format!(
                    " ({}) come back to a team they had already handed over to another: work bounces between teams instead of moving on.",
                    percent(p.ping_pong_journeys as f64, journeys as f64)
                )),
        );
        let mut r = Rich::new().t("The most returns × volume: ");
        let order = ping_pong_order(a);
        let shown: Vec<usize> = order.iter().copied().take(PING_PONG_LISTED).collect();
        for (k, &i) in shown.iter().enumerate() {
            let pp = &p.ping_pong[i];
            let teams: Vec<String> = pp.teams.iter().take(3).map(|&u| names.unit(u)).collect();
            if k > 0 {
                r = r.t(if k + 1 == shown.len() { " and " } else { ", " });
            }
            r = r
                .linked(
                    org.export.journeys[pp.journey].id.clone(),
                    charted.link(org, a, pp.journey).map(|l| l.anchor),
                )
                .t(format!(
                    " ({} to {}{})",
                    plural(pp.returns, "return", "returns"),
                    teams.join(", "),
                    if pp.teams.len() > 3 { "…" } else { "" }
                ));
        }
        text.push(r.t("."));
    }
    Some(StorySection {
        id: "ping-pong".to_string(),
        title: "Ping-pong: work that comes back".to_string(),
        text,
        chart: None,
    })
}

fn quality_section(org: &Org, a: &Analysis, warnings: &[Diagnostic]) -> Option<StorySection> {
    let e = &org.export;
    let g = &org.handoffs;
    let mut text = Vec::new();
    if !warnings.is_empty() {
        let total: u64 = warnings.iter().map(|w| 1 + w.omitted).sum();
        let quoted: Vec<String> = warnings
            .iter()
            .take(QUOTED_WARNINGS)
            .map(|w| {
                let at = match (&w.file, w.line) {
                    (Some(f), Some(l)) => format!(
                        "{}:{l}: ",
                        f.file_name()
                            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
                    ),
                    (Some(f), None) => format!(
                        "{}: ",
                        f.file_name()
                            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
                    ),
                    _ => String::new(),
                };
                crate::text::printable(&format!("{at}{}", w.message)).into_owned()
            })
            .collect();
        let mut r = Rich::new()
            .t("Reading the export gave ")
            .b(plural(total as usize, "warning", "warnings"))
            .t(" (seams validate lists them): ")
            .t(quoted.join("; "));
        if warnings.len() > quoted.len() || total > quoted.len() as u64 {
            r = r.t("; …");
        }
        text.push(r.t("."));
    }
    let nodes = g.node_count();
    if nodes > 0 && a.distance.unreachable.len() == nodes {
        text.push(
            Rich::new()
                .t("No handoff with the customer is on record, so no team's distance from the customer is known: mark the customer-facing teams in teams.csv, add customer rows to handoffs.csv, or import an event log with --customer-activity."),
        );
    }
    let unknown_facing = (0..nodes as u32)
        .filter(|&v| e.units[g.unit(v) as usize].customer_facing.is_none())
        .count();
    if unknown_facing > 0 {
        text.push(
            Rich::new()
                .b(format!(
                    "{} of {}",
                    number(unknown_facing as f64),
                    plural(nodes, "team", "teams")
                ))
                .t(" have no customer_facing value: the journey charts put them in their own band, and seams across the line of visibility are undercounted."),
        );
    }
    let unnamed = (0..nodes as u32)
        .filter(|&v| {
            e.units[g.unit(v) as usize]
                .name
                .as_deref()
                .map_or(true, |n| n.trim().is_empty())
        })
        .count();
    if unnamed > 0 {
        text.push(
            Rich::new()
                .b(format!(
                    "{} of {}",
                    number(unnamed as f64),
                    plural(nodes, "team", "teams")
                ))
                .t(" have no name in teams.csv and are shown by their id."),
        );
    }
    let seams: usize = a.seams.journeys.iter().map(|j| j.seams).sum();
    let unknown_waits: usize = a.seams.journeys.iter().map(|j| j.seam_waits_unknown).sum();
    if seams > 0 && unknown_waits > 0 {
        text.push(
            Rich::new()
                .b(format!(
                    "{} of {}",
                    number(unknown_waits as f64),
                    plural(seams, "seam", "seams")
                ))
                .t(" have no wait recorded; the waits the report sums leave them out."),
        );
    }
    if text.is_empty() {
        return None;
    }
    Some(StorySection {
        id: "data-quality".to_string(),
        title: "What the data leaves open".to_string(),
        text,
        chart: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixture::small;
    use super::*;

    #[test]
    fn the_rest_of_the_story_of_a_small_org() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let warning = Diagnostic::warning("/private/dir/teams.csv", Some(3), "a warning");
        let charted = Charted::new(
            &org,
            &a,
            &crate::report::seam_report::ReportOptions::default(),
        );
        let sections = story(&org, &a, &names, &[warning], &charted);
        let ids: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
        // No systems.csv: no systems section.
        assert_eq!(ids, ["informal-structure", "ping-pong", "data-quality"]);
        let informal = &sections[0];
        let chart = informal.chart.as_ref().expect("the silo × community chart");
        assert_eq!(chart.file, "silo-communities");
        let texts: Vec<String> = chart.scene.text_boxes().into_iter().map(|t| t.0).collect();
        for silo in ["Sales", "Ops", "Finance"] {
            assert!(
                texts.iter().any(|t| t == silo),
                "{silo} is a row: {texts:?}"
            );
        }
        assert!(informal.text[0].plain().contains("against 3 silos"));
        // The one journey never comes back to a team.
        assert!(sections[1].text[0]
            .plain()
            .starts_with("No journey comes back"));
        // Warnings quoted by file name (never the directory); every team's customer_facing is
        // recorded, so nothing else is said.
        let quality: Vec<String> = sections[2].text.iter().map(Rich::plain).collect();
        assert!(quality[0].contains("1 warning"), "{quality:?}");
        assert!(quality[0].contains("teams.csv:3: a warning"), "{quality:?}");
        assert!(!quality[0].contains("/private"), "{quality:?}");
        assert_eq!(quality.len(), 1, "{quality:?}");
    }

    #[test]
    fn lists_are_capped() {
        let items: Vec<String> = (0..12).map(|i| format!("s{i}")).collect();
        let r = capped(Rich::new(), &items);
        assert!(r.plain().ends_with("s7 and 4 more"), "{}", r.plain());
        let r = capped(Rich::new(), &items[..2]);
        assert_eq!(r.plain(), "s0 and s1");
    }
}
