//! The org-wide charts of the seam report, as plain descriptions for `src/plot` with the
//! sentences under each: the silo matrix, the bottlenecks and the distance from the customer.

use super::findings::{bottleneck_sentence, closed_silo_sentence};
use super::labels::Names;
use super::model::{Chart, ReportOptions, Rich};
use super::select::SiloMatrix;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot;
use crate::plot::bars::{Bar, BarChart};
use crate::plot::matrix::MatrixChart;
use crate::plot::palette::Color;
use crate::plot::stacked::{Series, StackedChart};
use crate::records::UnitId;
use crate::report::summary::Headlines;
use crate::text::{number, opt, plural};

/// The silo matrix: handoff volume from each shown silo to each, with the closed-silo sentence
/// and how many pairs of silos exchange no work.
pub(super) fn matrix_chart(
    org: &Org,
    a: &Analysis,
    names: &Names,
    m: &SiloMatrix,
    closed: Option<usize>,
) -> Chart {
    let list = org.silos.list();
    let labels: Vec<String> = m
        .shown
        .iter()
        .map(|s| match s {
            Some(i) => names.unit(list[*i]),
            None => format!("{} other silos", list.len() + 1 - m.shown.len()),
        })
        .collect();
    let colors: Vec<Color> = m
        .shown
        .iter()
        .map(|s| s.map_or(Color::OTHER, |i| names.colors[i]))
        .collect();
    let note = (m.shown.last() == Some(&None)).then(|| {
        format!(
            "The {} silos with the most handoff volume are shown; the other {} are summed in the last row and column.",
            m.shown.len() - 1,
            list.len() + 1 - m.shown.len()
        )
    });
    let chart = MatrixChart {
        title: "Handoffs between silos".to_string(),
        subtitle: "Handoff volume per period from each silo (row) to each silo (column); the framed diagonal stays inside one silo.".to_string(),
        note,
        labels,
        colors,
        values: m.volume.clone(),
        other_last: m.shown.last() == Some(&None),
        columns: None,
        captions: None,
    };
    let scene = plot::matrix::draw(&chart);
    let mut text = vec![Rich::new().t(
        "Rows hand work over and columns receive it. The framed diagonal is work that stays inside a silo; \
         a white cell is a pair of silos with no handoff at all, in that direction.",
    )];
    if let Some(i) = closed {
        text.push(closed_silo_sentence(a, names, list, i, m));
    }
    if let Some(full) = m.full {
        let k = list.len();
        let pairs = k * k.saturating_sub(1) / 2;
        let silent = (0..k)
            .flat_map(|x| (x + 1..k).map(move |y| (x, y)))
            .filter(|&(x, y)| full.exchanged(x, y) == 0.0)
            .count();
        if pairs > 0 {
            text.push(
                Rich::new()
                    .b(format!(
                        "{} of the {} pairs of silos",
                        number(silent as f64),
                        number(pairs as f64)
                    ))
                    .t(" exchange no work in either direction; the org-wide E-I index is ")
                    .b(opt(a.silo.org_ei_index))
                    .t("."),
            );
        }
    }
    Chart {
        file: "silo-matrix".to_string(),
        title: "Silos: who hands work to whom".to_string(),
        alt: "Heatmap of handoff volume between silos, with every value printed.".to_string(),
        text,
        scene,
    }
}

/// The bottleneck bars: the top `max_bars` by betweenness, coloured by silo, articulation
/// points marked.
pub(super) fn bottleneck_chart(a: &Analysis, names: &Names, options: &ReportOptions) -> Chart {
    let ranking = &a.bottleneck.ranking;
    let rows: Vec<&crate::metrics::bottleneck::BottleneckRow> =
        ranking.iter().take(options.max_bars).collect();
    let g_unit = |v: u32| names.org.handoffs.unit(v);
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| {
            let u = g_unit(r.node);
            Bar {
                label: names.unit(u),
                sublabel: names.silo_name(u),
                value: r.betweenness,
                color: names.color(u),
                marked: r.articulation_point,
            }
        })
        .collect();
    let mut legend: Vec<(String, Color)> = Vec::new();
    for r in &rows {
        let u = g_unit(r.node);
        let entry = (names.silo_name(u), names.color(u));
        if !legend.contains(&entry) {
            legend.push(entry);
        }
    }
    let note = (ranking.len() > rows.len()).then(|| {
        format!(
            "The top {} of {} ranked units; the bottlenecks table lists more.",
            rows.len(),
            number(ranking.len() as f64)
        )
    });
    let chart = BarChart {
        title: "Bottlenecks".to_string(),
        subtitle: "Betweenness: the share of shortest handoff routes between other teams that pass through each team.".to_string(),
        note,
        bars,
        marker_label: "articulation point: removing it splits the handoff graph".to_string(),
        legend,
        axis_label: "betweenness (0 = no route passes through, 1 = every route does)".to_string(),
    };
    let scene = plot::bars::draw(&chart);
    let mut text = vec![Rich::new().t(
        "A team with high betweenness is a broker: work between other teams has to pass through it, \
         so it sets the pace of everything that crosses it.",
    )];
    if let Some(s) = bottleneck_sentence(a, names) {
        text.push(s);
    }
    let aps: Vec<String> = a
        .bottleneck
        .articulation_points
        .iter()
        .take(5)
        .map(|&v| names.node(v))
        .collect();
    if !aps.is_empty() {
        let more = a.bottleneck.articulation_points.len() - aps.len();
        let mut r = Rich::new()
            .t("Diamonds mark articulation points, single points of failure: ")
            .list(&aps, "and");
        if more > 0 {
            r = r.t(format!(" and {more} more"));
        }
        text.push(r.t("."));
    }
    Chart {
        file: "bottlenecks".to_string(),
        title: "Bottlenecks: who everything waits on".to_string(),
        alt: "Horizontal bar chart of the units with the highest betweenness, coloured by silo."
            .to_string(),
        text,
        scene,
    }
}

/// Teams at each distance from the customer (and unreachable), stacked by silo.
pub(super) fn distance_chart(org: &Org, a: &Analysis, names: &Names, h: &Headlines) -> Chart {
    let g = &org.handoffs;
    let d = &a.distance;
    let list = org.silos.list();
    let max = h.max_distance.unwrap_or(0) as usize;
    let has_unreachable = !d.unreachable.is_empty();
    let mut categories: Vec<String> = (1..=max).map(|k| k.to_string()).collect();
    if has_unreachable {
        categories.push("unreachable".to_string());
    }
    let cats = categories.len();
    // Series: coloured silos each, grey silos summed as "other silos".
    // One series per coloured silo (id order), then the grey ones summed, on top.
    let mut series_of_slot = vec![usize::MAX; list.len()];
    let mut series: Vec<Series> = Vec::new();
    for (i, &silo) in list.iter().enumerate() {
        if names.colors[i] != Color::OTHER {
            series.push(Series {
                label: names.unit(silo),
                color: names.colors[i],
                values: vec![0.0; cats],
            });
            series_of_slot[i] = series.len() - 1;
        }
    }
    let greys = names.colors.iter().filter(|&&c| c == Color::OTHER).count();
    if greys > 0 {
        series.push(Series {
            label: format!("{greys} other silos"),
            color: Color::OTHER,
            values: vec![0.0; cats],
        });
        for (i, slot) in series_of_slot.iter_mut().enumerate() {
            if names.colors[i] == Color::OTHER {
                *slot = series.len() - 1;
            }
        }
    }
    for v in 0..g.node_count() {
        let slot = names.slot[names.silo_of(g.unit(v as u32)) as usize];
        if slot == usize::MAX {
            continue;
        }
        let c = match d.customer_distance[v] {
            Some(k) if k >= 1 => k as usize - 1,
            Some(_) => continue,
            None => cats - 1,
        };
        series[series_of_slot[slot]].values[c] += 1.0;
    }
    series.retain(|s| s.values.iter().any(|&v| v > 0.0));
    let chart = StackedChart {
        title: "Distance from the customer".to_string(),
        subtitle: "Number of teams at each distance (handoffs from the customer), stacked by silo."
            .to_string(),
        note: None,
        categories,
        set_apart: usize::from(has_unreachable),
        series,
        x_label: "handoffs between the team and the customer".to_string(),
        y_label: "teams".to_string(),
    };
    let scene = plot::stacked::draw(&chart);
    let mut text = vec![Rich::new().t(
        "Customer-facing teams, and teams with a handoff from or to the customer, are 1 handoff away; \
         every further hop is one more team between this one and the people it serves.",
    )];
    if let Some(m) = h.max_distance {
        let far: Vec<String> = h
            .farthest
            .iter()
            .filter_map(|id| org.export.units.iter().position(|u| &u.id == id))
            .map(|u| names.unit(u as UnitId))
            .collect();
        let mut r = Rich::new()
            .t("The farthest ")
            .t(if far.len() == 1 { "is " } else { "are " })
            .list(&far, "and")
            .t(format!(
                ", {} away",
                plural(m as usize, "handoff", "handoffs")
            ));
        if has_unreachable {
            let names_u: Vec<String> = d
                .unreachable
                .iter()
                .take(3)
                .map(|&v| names.node(v))
                .collect();
            r = r
                .t("; the last bar, ")
                .b(plural(d.unreachable.len(), "team", "teams"))
                .t(format!(
                    " ({}{}), has no handoff path to the customer at all",
                    names_u.join(", "),
                    if d.unreachable.len() > 3 { ", …" } else { "" }
                ));
        }
        text.push(r.t("."));
    }
    if let Some((i, mean)) = d
        .silos
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.mean.map(|m| (i, m)))
        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
    {
        text.push(
            Rich::new()
                .t("By silo, ")
                .b(names.unit(list[i]))
                .t(" sits farthest on average, ")
                .b(format!("{} handoffs", number(mean)))
                .t(" from the customer."),
        );
    }
    Chart {
        file: "customer-distance".to_string(),
        title: "Distance from the customer".to_string(),
        alt:
            "Stacked bar chart of the number of teams at each distance from the customer, by silo."
                .to_string(),
        text,
        scene,
    }
}
