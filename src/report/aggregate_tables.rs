//! The `analyze` tables of journeys in aggregate (docs/output.md): `journey_flow`,
//! `journey_positions`, `seam_waits`, `seams_per_journey` (from
//! [`crate::metrics::journey_flow`]) and `silo_variants` (from [`crate::metrics::process`]).
//! Every row in full, ids as in the export; the seam report shows a capped view of them.

use super::analysis::unit_ids;
use super::table::{Cell, Table};
use crate::metrics::journey_flow::FlowLevel;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::Party;

fn party(org: &Org, p: Party) -> Cell {
    match p {
        Party::Customer => "customer".into(),
        Party::Unit(u) => org.unit_id(u).into(),
    }
}

/// `journey_flow`: every flow at silo level, then at team level, each by volume descending.
pub(super) fn journey_flow_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new(
        "journey_flow",
        &[
            "level",
            "from",
            "to",
            "transitions",
            "volume",
            "journeys",
            "cross_silo",
        ],
    );
    let levels: [(&str, &FlowLevel); 2] = [
        ("silo", &a.journey_flow.silos),
        ("team", &a.journey_flow.teams),
    ];
    for (level, l) in levels {
        for f in &l.flows {
            let cross = match (f.from, f.to) {
                (Party::Unit(x), Party::Unit(y)) => {
                    Cell::Bool(org.silos.silo_of(x) != org.silos.silo_of(y))
                }
                _ => Cell::Null,
            };
            t.push(vec![
                level.into(),
                party(org, f.from),
                party(org, f.to),
                f.transitions.into(),
                f.volume.into(),
                f.journeys.into(),
                cross,
            ]);
        }
    }
    t
}

/// `journey_positions`: every silo, then every team, doing steps (id order).
pub(super) fn journey_positions_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new(
        "journey_positions",
        &[
            "level",
            "unit",
            "steps",
            "volume",
            "mean_position",
            "starts",
            "ends",
        ],
    );
    let levels: [(&str, &FlowLevel); 2] = [
        ("silo", &a.journey_flow.silos),
        ("team", &a.journey_flow.teams),
    ];
    for (level, l) in levels {
        for n in &l.nodes {
            t.push(vec![
                level.into(),
                org.unit_id(n.unit).into(),
                n.steps.into(),
                n.volume.into(),
                n.mean_position.into(),
                n.starts.into(),
                n.ends.into(),
            ]);
        }
    }
    t
}

/// `seam_waits`: per directed silo pair, most seams first.
pub(super) fn seam_waits_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new(
        "seam_waits",
        &[
            "from_silo",
            "to_silo",
            "seams",
            "known_waits",
            "median_wait_hours",
            "p90_wait_hours",
        ],
    );
    for w in &a.journey_flow.seam_waits {
        t.push(vec![
            org.unit_id(w.from).into(),
            org.unit_id(w.to).into(),
            w.seams.into(),
            w.known.into(),
            w.median_hours.into(),
            w.p90_hours.into(),
        ]);
    }
    t
}

/// `seams_per_journey`: journeys by number of seams.
pub(super) fn seams_per_journey_table(a: &Analysis) -> Table {
    let mut t = Table::new("seams_per_journey", &["seams", "journeys", "volume"]);
    for c in &a.journey_flow.seams_per_journey {
        t.push(vec![c.seams.into(), c.journeys.into(), c.volume.into()]);
    }
    t
}

/// `silo_variants`: distinct silo sequences, most volume first.
pub(super) fn silo_variants_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new(
        "silo_variants",
        &[
            "rank",
            "silos",
            "length",
            "journeys",
            "volume",
            "share",
            "mean_seams",
            "example_journey",
        ],
    );
    for (i, v) in a.process.silo_variants.iter().enumerate() {
        t.push(vec![
            (i + 1).into(),
            unit_ids(org, &v.teams),
            v.teams.len().into(),
            v.journeys.into(),
            v.volume.into(),
            v.share.into(),
            v.mean_seams.into(),
            org.export.journeys[v.example].id.as_str().into(),
        ]);
    }
    t
}
