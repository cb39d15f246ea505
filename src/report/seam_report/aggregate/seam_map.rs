//! The seam map of the "Journeys in aggregate" section: one lane per unit (silo or busiest
//! team), placed by where it typically acts in a journey (docs/output.md).

use super::*;

/// A seam map lane: a unit, or the units not shown (None).
struct MapLane {
    unit: Option<UnitId>,
    volume: f64,
    position: f64,
    starts: usize,
    ends: usize,
    units: usize,
}

/// The seam map of one level: the `MAP_LANES − 1` busiest units (by step volume) and the rest
/// summed into one lane, ordered by typical position; the `MAP_EDGES` heaviest flows.
pub(super) fn seam_map(
    org: &Org,
    names: &Names,
    level: &FlowLevel,
    which: Level,
    total: f64,
) -> Chart {
    let mut by_volume: Vec<&FlowNode> = level.nodes.iter().collect();
    by_volume.sort_by(|x, y| y.volume.total_cmp(&x.volume).then(x.unit.cmp(&y.unit)));
    let keep = if by_volume.len() > MAP_LANES {
        MAP_LANES - 1
    } else {
        by_volume.len()
    };
    let lane_of_unit = |u: UnitId| by_volume[..keep].iter().position(|n| n.unit == u);
    let mut lanes: Vec<MapLane> = by_volume[..keep]
        .iter()
        .map(|n| MapLane {
            unit: Some(n.unit),
            volume: n.volume,
            position: n.mean_position.unwrap_or(0.5),
            starts: n.starts,
            ends: n.ends,
            units: 1,
        })
        .collect();
    let rest = &by_volume[keep..];
    if !rest.is_empty() {
        let w: f64 = rest.iter().map(|n| n.position_weight).sum();
        let ws: f64 = rest
            .iter()
            .map(|n| n.mean_position.unwrap_or(0.5) * n.position_weight)
            .sum();
        lanes.push(MapLane {
            unit: None,
            volume: rest.iter().map(|n| n.volume).sum(),
            position: if w > 0.0 { ws / w } else { 0.5 },
            starts: rest.iter().map(|n| n.starts).sum(),
            ends: rest.iter().map(|n| n.ends).sum(),
            units: rest.len(),
        });
    }
    let other = keep; // index of the "other" lane when present
                      // Lane order: by typical position, then by id (other last among equals).
    let mut order: Vec<usize> = (0..lanes.len()).collect();
    order.sort_by(|&x, &y| {
        lanes[x].position.total_cmp(&lanes[y].position).then(
            lanes[x]
                .unit
                .unwrap_or(UnitId::MAX)
                .cmp(&lanes[y].unit.unwrap_or(UnitId::MAX)),
        )
    });
    let mut row_of = vec![0usize; lanes.len()];
    for (row, &l) in order.iter().enumerate() {
        row_of[l] = row;
    }
    let journeys = org.export.journeys.len().max(1) as f64;
    let nodes: Vec<Node> = order
        .iter()
        .map(|&l| {
            let lane = &lanes[l];
            let (label, sublabel, color) = match (lane.unit, which) {
                (Some(u), Level::Silo) => (
                    names.unit(u),
                    format!(
                        "starts {} · ends {} of journeys",
                        share(lane.starts as f64 / journeys),
                        share(lane.ends as f64 / journeys)
                    ),
                    names.color_of_silo(u),
                ),
                (Some(u), Level::Team) => (names.unit(u), names.silo_name(u), names.color(u)),
                (None, _) => (
                    format!("{} other {}s", number(lane.units as f64), which.word()),
                    "summed into one lane".to_string(),
                    Color::OTHER,
                ),
            };
            Node {
                label,
                sublabel,
                color,
                position: lane.position,
                figure: format!("{} steps", compact(lane.volume)),
            }
        })
        .collect();
    // Flows onto lanes; flows inside one lane (the "other" lane) are left out.
    let end_of = |p: Party, start: bool| -> Option<End> {
        match p {
            Party::Customer => Some(if start { End::Start } else { End::Finish }),
            Party::Unit(u) => Some(End::Node(
                row_of[lane_of_unit(u).unwrap_or(other).min(lanes.len() - 1)],
            )),
        }
    };
    let mut sums: BTreeMap<(u8, usize, u8, usize), (f64, f64)> = BTreeMap::new();
    let key = |e: End| match e {
        End::Start => (0u8, 0usize),
        End::Node(i) => (1, i),
        End::Finish => (2, 0),
    };
    let mut cross_total = 0.0;
    let mut heaviest_cross: Option<(Party, Party, f64)> = None;
    for fl in &level.flows {
        let (Some(from), Some(to)) = (end_of(fl.from, true), end_of(fl.to, false)) else {
            continue;
        };
        let cross = match (fl.from, fl.to) {
            (Party::Unit(x), Party::Unit(y)) => org.silos.silo_of(x) != org.silos.silo_of(y),
            _ => false,
        };
        if cross {
            cross_total += fl.volume;
            if heaviest_cross.is_none() {
                heaviest_cross = Some((fl.from, fl.to, fl.volume));
            }
        }
        if from == to {
            continue;
        }
        let (a, b) = (key(from), key(to));
        let s = sums.entry((a.0, a.1, b.0, b.1)).or_insert((0.0, 0.0));
        s.0 += fl.volume;
        if cross {
            s.1 += fl.volume;
        }
    }
    let unkey = |k: u8, i: usize| match k {
        0 => End::Start,
        1 => End::Node(i),
        _ => End::Finish,
    };
    let mut edges: Vec<Edge> = sums
        .iter()
        .map(|(&(ka, ia, kb, ib), &(v, c))| Edge {
            from: unkey(ka, ia),
            to: unkey(kb, ib),
            volume: v,
            cross_silo: c * 2.0 >= v && c > 0.0,
        })
        .collect();
    edges.sort_by(|x, y| y.volume.total_cmp(&x.volume));
    let all_edges = edges.len();
    edges.truncate(MAP_EDGES);
    let mut notes = Vec::new();
    if !rest.is_empty() {
        notes.push(format!(
            "The {} busiest {}s have a lane each; the other {} share the last one.",
            keep,
            which.word(),
            number(rest.len() as f64)
        ));
    }
    if all_edges > edges.len() {
        notes.push(format!(
            "The {} heaviest flows are drawn; {} lighter ones are left out.",
            edges.len(),
            number((all_edges - edges.len()) as f64)
        ));
    }
    let (title, file, subtitle) = match which {
        Level::Silo => (
            "The seam map: how journeys flow between silos".to_string(),
            "seam-map-silos",
            "Each silo sits where it typically acts in a journey (mean position of its steps); arrows: steps from silo to silo, wider for more volume.",
        ),
        Level::Team => (
            "The seam map at team level".to_string(),
            "seam-map-teams",
            "The busiest teams, each where it typically acts in a journey; arrows: seams from team to team, vermillion between silos.",
        ),
    };
    let chart = FlowChart {
        title: title.clone(),
        subtitle: subtitle.to_string(),
        note: (!notes.is_empty()).then(|| notes.join(" ")),
        nodes,
        edges,
        unit_word: which.word().to_string(),
        labelled: 10,
    };
    let scene = plot::flow::draw(&chart);
    let mut t = vec![Rich::new().t(
        "Read it left to right: the customer starts every journey at the left bar and receives its outcome at the right one. \
         Lanes are ordered by where their work typically happens, so a tidy process runs from top left to bottom right; \
         arrows running back to the left are work returning to an earlier stage.",
    )];
    if let Some((from, to, v)) = heaviest_cross {
        let name = |p: Party| match p {
            Party::Unit(u) => names.unit(u),
            Party::Customer => "the customer".to_string(),
        };
        t.push(
            Rich::new()
                .t("The heaviest flow between silos is ")
                .b(format!("{} → {}", name(from), name(to)))
                .t(": ")
                .b(compact(v))
                .t(format!(
                    " of {} steps between silos ({}).",
                    compact(cross_total),
                    share(if cross_total > 0.0 {
                        v / cross_total
                    } else {
                        0.0
                    })
                )),
        );
    }
    if which == Level::Silo && total > 0.0 {
        if let Some(first) = level
            .nodes
            .iter()
            .max_by(|x, y| x.starts.cmp(&y.starts).then(y.unit.cmp(&x.unit)))
        {
            t.push(
                Rich::new()
                    .t("Most journeys start in ")
                    .b(names.unit(first.unit))
                    .t(format!(" ({})", share(first.starts as f64 / journeys)))
                    .t("; the journey_flow table of seams analyze lists every flow."),
            );
        }
    }
    Chart {
        file: file.to_string(),
        title,
        alt: format!(
            "Seam map: {} as lanes ordered by their typical position in a journey, arrows weighted by volume.",
            plural(chart.nodes.len(), which.word(), &format!("{}s", which.word()))
        ),
        text: t,
        scene,
    }
}
