//! The tables of the "Journeys in aggregate" section: variants, seam waits by silo pair, the
//! journeys that cross the most silos (names, not ids; docs/output.md).

use super::*;

pub(super) fn col(name: &str, numeric: bool) -> Column {
    Column {
        name: name.to_string(),
        numeric,
        key: false,
    }
}

pub(super) fn more_note(shown: usize, total: usize, what: &str, table: &str) -> Option<String> {
    (total > shown).then(|| {
        format!(
            "{} of {} {what} shown; `seams analyze DIR --out DIR` writes them all (`{table}`).",
            number(shown as f64),
            number(total as f64)
        )
    })
}

/// A sequence of names, the first six and then how many more.
pub(super) fn path(names: &Names, units: &[UnitId]) -> String {
    let mut s: Vec<String> = units.iter().take(6).map(|&u| names.unit(u)).collect();
    if units.len() > 6 {
        s.push(format!("… {} more", units.len() - 6));
    }
    s.join(" → ")
}

pub(super) fn variant_table(
    _org: &Org,
    names: &Names,
    vs: &[Variant],
    which: Level,
) -> ReportTable {
    let word = which.word();
    let rows = vs
        .iter()
        .take(VARIANT_ROWS)
        .enumerate()
        .map(|(i, v)| {
            vec![
                (i + 1).to_string(),
                path(names, &v.teams),
                number(v.journeys as f64),
                v.share.map_or_else(|| "n/a".to_string(), share),
                number(v.mean_seams),
                number(v.cross_silo_seams as f64),
            ]
        })
        .map(|r: Vec<String>| r.into_iter().map(Cell::text).collect())
        .collect();
    ReportTable {
        id: format!("{word}-variants"),
        title: format!("The most frequent {word} variants"),
        intro: format!(
            "Journeys through the same {word}s in the same order, a {word}'s consecutive steps counted once; most volume first."
        ),
        columns: vec![
            col("#", true),
            col(&format!("{word}s in order"), false),
            col("journeys", true),
            col("share", true),
            col("seams (mean)", true),
            col("between silos", true),
        ],
        rows,
        note: more_note(
            VARIANT_ROWS.min(vs.len()),
            vs.len(),
            "variants",
            if which == Level::Silo { "silo_variants" } else { "variants" },
        ),
    }
}

pub(super) fn seam_wait_table(_org: &Org, a: &Analysis, names: &Names) -> ReportTable {
    let all = &a.journey_flow.seam_waits;
    let opt_h = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), hours);
    let rows = all
        .iter()
        .take(WAIT_ROWS)
        .map(|w| {
            vec![
                names.unit(w.from),
                names.unit(w.to),
                number(w.seams as f64),
                number(w.known as f64),
                opt_h(w.median_hours),
                opt_h(w.p90_hours),
            ]
        })
        .map(|r: Vec<String>| r.into_iter().map(Cell::text).collect())
        .collect();
    ReportTable {
        id: "seam-waits".to_string(),
        title: "Seam waits by pair of silos".to_string(),
        intro: "Every seam (change of team) by the silos on either side, most seams first; the median and 90th percentile of the waits recorded before the receiving step.".to_string(),
        columns: vec![
            col("from silo", false),
            col("to silo", false),
            col("seams", true),
            col("with a wait", true),
            col("median wait", true),
            col("90th percentile", true),
        ],
        rows,
        note: more_note(WAIT_ROWS.min(all.len()), all.len(), "pairs", "seam_waits"),
    }
}

/// The journeys that cross the most silos: distinct silos descending, then seams between silos,
/// then volume, then id (indices into `a.seams.journeys`).
///
/// # Complexity
/// O(J log J) for J journeys.
pub(in crate::report::seam_report) fn crossing_order(a: &Analysis) -> Vec<usize> {
    let js = &a.seams.journeys;
    let mut order: Vec<usize> = (0..js.len()).collect();
    order.sort_by(|&x, &y| {
        let (p, q) = (&js[x], &js[y]);
        q.distinct_silos
            .cmp(&p.distinct_silos)
            .then(q.cross_silo_seams.cmp(&p.cross_silo_seams))
            .then(q.volume.total_cmp(&p.volume))
            .then(p.journey.cmp(&q.journey))
    });
    order
}

/// The table of the journeys that cross the most silos ([`crossing_order`]), each with a link
/// to the chart that shows it (its own, or its variant's: [`Charted`]).
pub(super) fn crossing_table(
    org: &Org,
    a: &Analysis,
    names: &Names,
    charted: &Charted,
) -> ReportTable {
    let js = &a.seams.journeys;
    let order = crossing_order(a);
    let rows = order
        .iter()
        .take(CROSSING_ROWS)
        .map(|&i| {
            let s = &js[i];
            let journey = &org.export.journeys[s.journey];
            let mut silos: Vec<UnitId> = Vec::new();
            for st in &journey.steps {
                let silo = org.silos.silo_of(st.team);
                if !silos.contains(&silo) {
                    silos.push(silo);
                }
            }
            let link = charted.link(org, a, i);
            vec![
                Cell::linked(journey.id.clone(), link.as_ref().map(|l| l.anchor.clone())),
                Cell::text(number(s.distinct_silos as f64)),
                Cell::text(number(s.cross_silo_seams as f64)),
                Cell::text(number(s.steps as f64)),
                Cell::text({
                    let mut n: Vec<String> = silos.iter().take(5).map(|&u| names.unit(u)).collect();
                    if silos.len() > 5 {
                        n.push(format!("{} more", silos.len() - 5));
                    }
                    n.join(", ")
                }),
                match link {
                    Some(l) => Cell::linked(l.label, Some(l.anchor)),
                    None => Cell::text("not charted"),
                },
            ]
        })
        .collect();
    ReportTable {
        id: "most-silos".to_string(),
        title: "The journeys that cross the most silos".to_string(),
        intro: "Most distinct silos first, then most seams between silos, then volume; with the chart that shows each.".to_string(),
        columns: vec![
            Column {
                name: "journey".to_string(),
                numeric: false,
                key: true,
            },
            col("silos", true),
            col("seams between silos", true),
            col("steps", true),
            col("silos in order of first visit", false),
            col("charted as", false),
        ],
        rows,
        note: more_note(CROSSING_ROWS.min(js.len()), js.len(), "journeys", "journeys"),
    }
}
