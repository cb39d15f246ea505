//! The tables and the org-wide section of `seams analyze` (docs/output.md), as one JSON
//! document (`schema_version`) or one CSV file per table. Layout documented in docs/output.md.
//! The silos, bottlenecks, journeys, team pairs and congruence gaps come from [`super::rows`],
//! the same rows the terminal summary and the seam report show a view of.

use serde::Serialize;
use serde_json::{json, Value};

use super::rows::{
    bottleneck_lines, gap_lines, journey_lines, pair_lines, silo_lines, JourneyLine, PairLine,
    SiloLine,
};
use super::table::{Cell, StreamedTable, Table};
use crate::metrics::bottleneck::BetweennessMode;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::{JourneyKind, UnitId};

/// Version of the analysis JSON document; bumped on any incompatible change (the changes of
/// each version: docs/output.md, "Schema version 2").
pub const ANALYSIS_SCHEMA_VERSION: u32 = 2;

/// The whole analysis in machine form: org-wide figures plus the tables.
#[derive(Debug)]
pub struct AnalysisDocument<'a> {
    /// The org-wide figures: a table named `org` with one row, one column per figure (keys
    /// sorted), every cell a scalar. JSON writes it as one object, CSV as `org.csv`.
    pub org: Table,
    /// The tables in a fixed order; the large ones make their rows as they are written.
    pub tables: Vec<StreamedTable<'a>>,
}

impl AnalysisDocument<'_> {
    /// The org-wide figure under `key` (None when there is no such figure).
    pub fn org_figure(&self, key: &str) -> Option<&Cell> {
        let i = self.org.columns.iter().position(|&c| c == key)?;
        self.org.rows.first().map(|row| &row[i])
    }
}

impl Serialize for AnalysisDocument<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Figures<'a>(&'a Table);
        impl Serialize for Figures<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let row: &[Cell] = self.0.rows.first().map_or(&[], |r| r.as_slice());
                let mut m = s.serialize_map(Some(row.len()))?;
                for (k, v) in self.0.columns.iter().zip(row) {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(3 + self.tables.len()))?;
        m.serialize_entry("schema_version", &ANALYSIS_SCHEMA_VERSION)?;
        m.serialize_entry("tool", &format!("seams {}", env!("CARGO_PKG_VERSION")))?;
        m.serialize_entry("org", &Figures(&self.org))?;
        for t in &self.tables {
            m.serialize_entry(t.name, t)?;
        }
        m.end()
    }
}

/// Builds the document.
pub fn document<'a>(org: &'a Org, a: &'a Analysis) -> AnalysisDocument<'a> {
    let e = &org.export;
    let g = &org.handoffs;
    let b = &a.bottleneck;
    let (mode, k, seed, automatic) = match b.mode {
        BetweennessMode::Exact => ("exact", Cell::Null, Cell::Null, false),
        BetweennessMode::Sampled { k, seed, automatic } => {
            ("sampled", k.into(), seed.into(), automatic)
        }
    };
    let s = &a.seams;
    let c = &a.conway;
    let text = |v: serde_json::Value| v.as_str().map_or(Cell::Null, Cell::from);
    let mut figures: Vec<(&'static str, Cell)> = vec![
        ("units", e.units.len().into()),
        ("teams", g.node_count().into()),
        ("handoff_edges", g.edge_count().into()),
        (
            "handoff_source",
            text(serde_json::to_value(e.handoff_source).unwrap_or(Value::Null)),
        ),
        ("silo_level", org.silos.level.into()),
        ("silo_level_automatic", org.silos.automatic.into()),
        ("silos", org.silos.list().len().into()),
        ("ei_index", a.silo.org_ei_index.into()),
        ("external_volume", a.silo.org_external_volume.into()),
        ("internal_volume", a.silo.org_internal_volume.into()),
        ("modularity", a.silo.modularity.into()),
        ("communities", a.silo.communities.list.len().into()),
        ("community_modularity", a.silo.communities.modularity.into()),
        ("nmi_silos_communities", a.silo.communities.nmi.into()),
        ("misplaced", a.silo.communities.misplaced.len().into()),
        ("isolated", a.silo.isolated.len().into()),
        (
            "betweenness_weight",
            text(serde_json::to_value(b.weight).unwrap_or(Value::Null)),
        ),
        ("betweenness_mode", mode.into()),
        ("betweenness_k", k),
        ("betweenness_seed", seed),
        ("betweenness_sampled_automatically", automatic.into()),
        (
            "betweenness_halves_top10_shared",
            b.sample_halves.map_or(Cell::Null, |h| h.shared.into()),
        ),
        ("articulation_points", b.articulation_points.len().into()),
        ("bridges", b.bridges.len().into()),
        (
            "unreachable_from_customer",
            a.distance.unreachable.len().into(),
        ),
        ("congruence", c.congruence.into()),
        ("required_dependencies", c.required_weight.into()),
        ("actual_dependencies", c.actual_weight.into()),
        ("congruence_gaps", c.gaps.len().into()),
        ("shared_systems", c.shared_ownership.len().into()),
        ("orphan_systems", c.orphan_systems.len().into()),
        ("journeys", e.journeys.len().into()),
        (
            "employee_journeys",
            e.journeys
                .iter()
                .filter(|j| j.kind == JourneyKind::Employee)
                .count()
                .into(),
        ),
        ("journey_volume", s.journey_volume.into()),
        ("seam_volume", s.seams_total.into()),
        ("journey_volume_with_seam", s.journeys_with_seam.into()),
        (
            "volume_weighted_mean_seams",
            s.mean_seams_per_journey.into(),
        ),
        ("volume_weighted_mean_seam_ratio", s.mean_seam_ratio.into()),
        ("variants", a.process.variants.len().into()),
        ("ping_pong_journeys", a.process.ping_pong_journeys.into()),
        ("ping_pong_volume", a.process.ping_pong_volume.into()),
        ("silo_variants", a.process.silo_variants.len().into()),
        ("consecutive_step_pairs", a.process.consecutive_pairs.into()),
        ("customer_data_silos", a.customer_data.silo_count().into()),
        ("customer_data_stores", a.customer_data.store_count().into()),
        (
            "duplicated_capabilities",
            a.capabilities.duplicated.len().into(),
        ),
        ("platform_candidates", a.capabilities.platforms.len().into()),
        (
            "change_agents_share_covered",
            a.change_agents
                .as_ref()
                .and_then(|c| c.share_covered)
                .into(),
        ),
    ];
    figures.sort_by_key(|&(k, _)| k);
    let columns: Vec<&'static str> = figures.iter().map(|&(k, _)| k).collect();
    let mut orgt = Table::new("org", &columns);
    orgt.push(figures.into_iter().map(|(_, v)| v).collect());

    let journey_lines = journey_lines(org, a);
    let tables = vec![
        units_table(org, a),
        silos_table(org, &silo_lines(a)).into(),
        bottlenecks_table(org, a),
        systems_table(org, a),
        journeys_table(&journey_lines).into(),
        journey_kinds_table(a).into(),
        seams_table(org, a).into(),
        pairs_table("team_pairs", org, &pair_lines(org, &a.seams.team_pairs)).into(),
        pairs_table("silo_pairs", org, &pair_lines(org, &a.seams.silo_pairs)).into(),
        required_table(org, a),
        gaps_table(org, a),
        bridges_table(org, a).into(),
        communities_table(org, a).into(),
        variants_table(org, a).into(),
        handover_table(org, a).into(),
        ping_pong_table(org, a).into(),
        // Journeys in aggregate (aggregate_tables.rs).
        super::aggregate_tables::journey_flow_table(org, a).into(),
        super::aggregate_tables::journey_positions_table(org, a).into(),
        super::aggregate_tables::seam_waits_table(org, a).into(),
        super::aggregate_tables::seams_per_journey_table(a).into(),
        super::aggregate_tables::silo_variants_table(org, a).into(),
        customer_data_table(org, a),
        capabilities_table(org, a).into(),
        platforms_table(org, a).into(),
        change_agents_table(org, a).into(),
    ];
    AnalysisDocument { org: orgt, tables }
}

fn units_table<'a>(org: &'a Org, a: &'a Analysis) -> StreamedTable<'a> {
    StreamedTable::new(
        "units",
        &[
            "unit",
            "name",
            "parent",
            "depth",
            "kind",
            "silo",
            "customer_facing",
            "in_handoff_graph",
            "customer_distance",
            "betweenness",
            "in_volume",
            "out_volume",
            "distinct_upstream",
            "distinct_downstream",
            "from_customer_volume",
            "to_customer_volume",
            "articulation_point",
            "isolated",
            "community",
            "misplaced",
            "congruence",
        ],
        move |push| {
            let e = &org.export;
            let g = &org.handoffs;
            let mut art = vec![false; g.node_count()];
            for &v in &a.bottleneck.articulation_points {
                art[v as usize] = true;
            }
            let mut iso = vec![false; g.node_count()];
            for &v in &a.silo.isolated {
                iso[v as usize] = true;
            }
            let mut mis = vec![false; g.node_count()];
            for &v in &a.silo.communities.misplaced {
                mis[v as usize] = true;
            }
            let mut cong: Vec<Option<f64>> = vec![None; e.units.len()];
            for tc in &a.conway.teams {
                cong[tc.team as usize] = tc.congruence;
            }
            for (u, unit) in e.units.iter().enumerate() {
                let u = u as UnitId;
                let node = g.node(u);
                let per = |f: &dyn Fn(usize) -> Cell| node.map_or(Cell::Null, |v| f(v as usize));
                push(&[
                    unit.id.as_str().into(),
                    unit.name.clone().into(),
                    unit.parent.map(|p| e.units[p as usize].id.clone()).into(),
                    org.hierarchy.depth(u).into(),
                    unit.kind.clone().into(),
                    e.units[org.silos.silo_of(u) as usize].id.as_str().into(),
                    unit.customer_facing.into(),
                    node.is_some().into(),
                    per(&|v| a.distance.customer_distance[v].into()),
                    per(&|v| a.bottleneck.betweenness[v].into()),
                    per(&|v| a.bottleneck.in_volume[v].into()),
                    per(&|v| a.bottleneck.out_volume[v].into()),
                    per(&|v| a.bottleneck.distinct_upstream[v].into()),
                    per(&|v| a.bottleneck.distinct_downstream[v].into()),
                    per(&|v| g.from_customer_volume()[v].into()),
                    per(&|v| g.to_customer_volume()[v].into()),
                    per(&|v| art[v].into()),
                    per(&|v| iso[v].into()),
                    per(&|v| a.silo.communities.community_of[v].into()),
                    per(&|v| mis[v].into()),
                    cong[u as usize].into(),
                ]);
            }
        },
    )
}

fn silos_table(org: &Org, rows: &[SiloLine]) -> Table {
    let e = &org.export;
    let mut t = Table::new(
        "silos",
        &[
            "silo",
            "name",
            "teams",
            "internal_volume",
            "external_volume",
            "ei_index",
            "mean_customer_distance",
            "max_customer_distance",
            "share_unreachable",
        ],
    );
    for row in rows {
        let unit = &e.units[row.silo as usize];
        t.push(vec![
            unit.id.as_str().into(),
            unit.name.clone().into(),
            row.nodes.into(),
            row.internal_volume.into(),
            row.external_volume.into(),
            row.ei_index.into(),
            row.mean_distance.into(),
            row.max_distance.into(),
            row.share_unreachable.into(),
        ]);
    }
    t
}

fn bottlenecks_table<'a>(org: &'a Org, a: &'a Analysis) -> StreamedTable<'a> {
    StreamedTable::new(
        "bottlenecks",
        &[
            "rank",
            "unit",
            "silo",
            "betweenness",
            "in_volume",
            "out_volume",
            "articulation_point",
            "reasons",
        ],
        move |push| {
            for r in &bottleneck_lines(org, a) {
                push(&[
                    r.rank.into(),
                    org.unit_id(r.unit).into(),
                    org.unit_id(r.silo).into(),
                    r.betweenness.into(),
                    r.in_volume.into(),
                    r.out_volume.into(),
                    r.articulation_point.into(),
                    Cell::List(r.reasons.clone()),
                ]);
            }
        },
    )
}

fn systems_table<'a>(org: &'a Org, a: &'a Analysis) -> StreamedTable<'a> {
    StreamedTable::new(
        "systems",
        &[
            "system",
            "name",
            "owners",
            "customer_facing",
            "holds_customer_data",
            "customer_distance",
            "orphan",
            "shared",
        ],
        move |push| {
            for (i, s) in org.export.systems.iter().enumerate() {
                push(&[
                    s.id.as_str().into(),
                    s.name.clone().into(),
                    unit_ids(org, &s.owners),
                    s.customer_facing.into(),
                    s.holds_customer_data.into(),
                    a.distance.systems[i].into(),
                    s.owners.is_empty().into(),
                    (s.owners.len() > 1).into(),
                ]);
            }
        },
    )
}

fn journeys_table(rows: &[JourneyLine]) -> Table {
    let mut t = Table::new(
        "journeys",
        &[
            "journey",
            "volume",
            "steps",
            "distinct_teams",
            "distinct_silos",
            "seams",
            "cross_silo_seams",
            "visibility_crossings",
            "max_hierarchy_distance",
            "total_seam_wait_hours",
            "seam_waits_unknown",
            "seam_ratio",
            "kind",
            "rank",
        ],
    );
    for line in rows {
        let j = line.figures;
        t.push(vec![
            line.journey.into(),
            j.volume.into(),
            j.steps.into(),
            j.distinct_teams.into(),
            j.distinct_silos.into(),
            j.seams.into(),
            j.cross_silo_seams.into(),
            j.visibility_crossings.into(),
            j.max_hierarchy_distance.into(),
            j.total_seam_wait.into(),
            j.seam_waits_unknown.into(),
            j.seam_ratio.into(),
            j.kind.as_str().into(),
            line.rank.into(),
        ]);
    }
    t
}

/// Customers' and employees' journeys side by side (docs/output.md, `journey_kinds`).
fn journey_kinds_table(a: &Analysis) -> Table {
    let mut t = Table::new(
        "journey_kinds",
        &[
            "kind",
            "journeys",
            "seam_volume",
            "seams_per_step",
            "cross_silo_seams_per_step",
        ],
    );
    for k in &a.seams.by_kind {
        t.push(vec![
            k.kind.as_str().into(),
            k.journeys.into(),
            k.seams_total.into(),
            k.seams_per_step.into(),
            k.cross_silo_seams_per_step.into(),
        ]);
    }
    t
}

fn seams_table(org: &Org, a: &Analysis) -> Table {
    let e = &org.export;
    let mut t = Table::new(
        "seams",
        &[
            "journey",
            "from_step",
            "to_step",
            "from",
            "to",
            "from_silo",
            "to_silo",
            "cross_silo",
            "hierarchy_distance",
            "crosses_visibility",
            "wait_hours",
            "known_handoff",
            "activity",
        ],
    );
    for s in &a.seams.seams {
        let j = &e.journeys[s.journey];
        let (x, y) = (&j.steps[s.step_index], &j.steps[s.step_index + 1]);
        t.push(vec![
            j.id.as_str().into(),
            Cell::Int(x.step),
            Cell::Int(y.step),
            org.unit_id(s.from).into(),
            org.unit_id(s.to).into(),
            org.unit_id(org.silos.silo_of(s.from)).into(),
            org.unit_id(org.silos.silo_of(s.to)).into(),
            s.cross_silo.into(),
            s.hierarchy_distance.into(),
            s.crosses_visibility.into(),
            s.wait_hours.into(),
            s.known_handoff.into(),
            y.activity.clone().into(),
        ]);
    }
    t
}

fn pairs_table(name: &'static str, org: &Org, rows: &[PairLine]) -> Table {
    let mut t = Table::new(name, &["from", "to", "seams", "seam_volume"]);
    for p in rows {
        t.push(vec![
            org.unit_id(p.from).into(),
            org.unit_id(p.to).into(),
            p.seams.into(),
            p.weighted_seams.into(),
        ]);
    }
    t
}

fn required_table<'a>(org: &'a Org, a: &'a Analysis) -> StreamedTable<'a> {
    StreamedTable::new(
        "required_coordination",
        &[
            "team_a",
            "team_b",
            "dependencies",
            "handoff_volume",
            "actual",
        ],
        move |push| {
            for p in &a.conway.required {
                push(&[
                    org.unit_id(p.team_a).into(),
                    org.unit_id(p.team_b).into(),
                    p.weight.into(),
                    p.handoff_volume.into(),
                    p.actual.into(),
                ]);
            }
        },
    )
}

fn gaps_table<'a>(org: &'a Org, a: &'a Analysis) -> StreamedTable<'a> {
    StreamedTable::new(
        "congruence_gaps",
        &[
            "rank",
            "team_a",
            "team_b",
            "dependencies",
            "team_a_silo",
            "team_b_silo",
        ],
        move |push| {
            for g in &gap_lines(org, a) {
                push(&[
                    g.rank.into(),
                    org.unit_id(g.team_a).into(),
                    org.unit_id(g.team_b).into(),
                    g.weight.into(),
                    org.unit_id(g.silo_a).into(),
                    org.unit_id(g.silo_b).into(),
                ]);
            }
        },
    )
}

fn bridges_table(org: &Org, a: &Analysis) -> Table {
    let g = &org.handoffs;
    let mut t = Table::new("bridges", &["from", "to", "volume"]);
    for &(x, y) in &a.bottleneck.bridges {
        t.push(vec![
            org.node_id(x).into(),
            org.node_id(y).into(),
            (g.volume(x, y) + g.volume(y, x)).into(),
        ]);
    }
    t
}

fn communities_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new(
        "communities",
        &[
            "community",
            "teams",
            "dominant_silo",
            "dominant_share",
            "silos",
        ],
    );
    for c in &a.silo.communities.list {
        t.push(vec![
            c.community.into(),
            c.size.into(),
            org.unit_id(c.dominant_silo).into(),
            c.dominant_share.into(),
            c.silos.into(),
        ]);
    }
    t
}

/// The document as pretty JSON text with a trailing newline.
pub fn to_json(doc: &AnalysisDocument) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_else(|_| json!(null).to_string());
    s.push('\n');
    s
}

/// Writes the document as [`to_json`] does, streamed: at a million units the text would be
/// about a gigabyte, so it is never held whole (docs/performance.md, "Memory").
pub fn write_json(doc: &AnalysisDocument, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut w, doc).map_err(std::io::Error::from)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// One row per system holding customer data: its owners' silos and its store (1-based, in
/// the order of the stores' smallest system id).
fn customer_data_table<'a>(org: &'a Org, a: &'a Analysis) -> StreamedTable<'a> {
    StreamedTable::new(
        "customer_data",
        &["system", "name", "owners", "silos", "store", "store_size"],
        move |push| {
            let e = &org.export;
            let cd = &a.customer_data;
            // Each system's store, found once (a search per row would cost systems × stores).
            let mut store_of: Vec<Option<usize>> = vec![None; e.systems.len()];
            for (i, st) in cd.stores.iter().enumerate() {
                for &s in &st.systems {
                    store_of[s as usize].get_or_insert(i);
                }
            }
            for &s in &cd.systems {
                let store = store_of[s as usize];
                let sys = &e.systems[s as usize];
                let mut silos: Vec<UnitId> =
                    sys.owners.iter().map(|&o| org.silos.silo_of(o)).collect();
                silos.sort_unstable();
                silos.dedup();
                push(&[
                    sys.id.as_str().into(),
                    sys.name.clone().into(),
                    unit_ids(org, &sys.owners),
                    unit_ids(org, &silos),
                    store.map(|i| (i + 1) as u64).into(),
                    store.map(|i| cd.stores[i].systems.len() as u64).into(),
                ]);
            }
        },
    )
}

fn capabilities_table(org: &Org, a: &Analysis) -> Table {
    let e = &org.export;
    let mut t = Table::new(
        "duplicated_capabilities",
        &["rank", "capability", "silos", "systems", "stacks"],
    );
    for (i, d) in a.capabilities.duplicated.iter().enumerate() {
        t.push(vec![
            ((i + 1) as u64).into(),
            d.capability.as_str().into(),
            unit_ids(org, &d.silos),
            Cell::List(
                d.systems
                    .iter()
                    .map(|&s| e.systems[s as usize].id.clone())
                    .collect(),
            ),
            (d.stacks as u64).into(),
        ]);
    }
    t
}

fn platforms_table(org: &Org, a: &Analysis) -> Table {
    let e = &org.export;
    let mut t = Table::new(
        "platform_candidates",
        &[
            "rank",
            "system",
            "name",
            "dependent_silos",
            "silos",
            "dependents",
        ],
    );
    for (i, p) in a.capabilities.platforms.iter().enumerate() {
        let sys = &e.systems[p.system as usize];
        t.push(vec![
            ((i + 1) as u64).into(),
            sys.id.as_str().into(),
            sys.name.clone().into(),
            (p.dependent_silos.len() as u64).into(),
            unit_ids(org, &p.dependent_silos),
            (p.dependents as u64).into(),
        ]);
    }
    t
}

/// Empty unless `--agents K` was given.
fn change_agents_table(org: &Org, a: &Analysis) -> Table {
    let e = &org.export;
    let mut t = Table::new(
        "change_agents",
        &[
            "rank",
            "unit",
            "name",
            "silo",
            "newly_covered",
            "covered",
            "share_covered",
            "cross_silo_volume",
        ],
    );
    if let Some(c) = &a.change_agents {
        for (i, ag) in c.agents.iter().enumerate() {
            let unit = &e.units[ag.unit as usize];
            t.push(vec![
                ((i + 1) as u64).into(),
                unit.id.as_str().into(),
                unit.name.clone().into(),
                e.units[ag.silo as usize].id.as_str().into(),
                (ag.newly_covered as u64).into(),
                (ag.covered as u64).into(),
                (c.teams > 0)
                    .then(|| ag.covered as f64 / c.teams as f64)
                    .into(),
                ag.cross_silo_volume.into(),
            ]);
        }
    }
    t
}

/// Writes `org.csv` (one header row and one row of figures: a column per org-wide figure, so
/// every column has one type; docs/output.md) and one `<table>.csv` per table into `dir`, each
/// atomically.
pub fn write_csv_tables(
    doc: &AnalysisDocument,
    dir: &std::path::Path,
) -> Result<(), crate::error::SeamsError> {
    let org = &doc.org;
    crate::output::write_atomic(&dir.join(format!("{}.csv", org.name)), |w| org.write_csv(w))?;
    for t in &doc.tables {
        crate::output::write_atomic(&dir.join(format!("{}.csv", t.name)), |w| t.write_csv(w))?;
    }
    Ok(())
}

fn variants_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new(
        "variants",
        &[
            "rank",
            "teams",
            "steps",
            "seams",
            "journeys",
            "volume",
            "example_journey",
            "share",
            "cross_silo_seams",
        ],
    );
    for (i, v) in a.process.variants.iter().enumerate() {
        t.push(vec![
            (i + 1).into(),
            unit_ids(org, &v.teams),
            v.teams.len().into(),
            v.seams().into(),
            v.journeys.into(),
            v.volume.into(),
            org.export.journeys[v.example].id.as_str().into(),
            v.share.into(),
            v.cross_silo_seams.into(),
        ]);
    }
    t
}

fn handover_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new("handover", &["from", "to", "count", "volume", "share"]);
    for h in &a.process.handover {
        t.push(vec![
            org.unit_id(h.from).into(),
            org.unit_id(h.to).into(),
            h.count.into(),
            h.volume.into(),
            h.share.into(),
        ]);
    }
    t
}

/// A list cell of units' ids, in the order given (`owners`, `teams`, `silos`, …).
pub(super) fn unit_ids(org: &Org, units: &[UnitId]) -> Cell {
    Cell::List(units.iter().map(|&u| org.unit_id(u).to_string()).collect())
}

fn ping_pong_table(org: &Org, a: &Analysis) -> Table {
    let mut t = Table::new("ping_pong", &["journey", "volume", "returns", "teams"]);
    for p in &a.process.ping_pong {
        t.push(vec![
            org.export.journeys[p.journey].id.as_str().into(),
            p.volume.into(),
            p.returns.into(),
            unit_ids(org, &p.teams),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::seam_report::fixture::small;

    #[test]
    fn shared_rows_in_the_document() {
        let (org, a) = small();
        let doc = serde_json::to_value(document(&org, &a)).unwrap();
        // Reasons are written as words, in order.
        assert_eq!(
            doc["bottlenecks"][0]["reasons"],
            json!([
                "articulation point: removing it disconnects the handoff graph",
                "top-decile betweenness (0.333)",
                "receives 50% of all handoff volume"
            ])
        );
        assert_eq!(doc["bottlenecks"][1]["unit"], "c");
        assert_eq!(doc["bottlenecks"][1]["silo"], "s2");
        // Silos in id order, every one of them, with their distance joined in.
        let silos: Vec<&str> = doc["silos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["silo"].as_str().unwrap())
            .collect();
        assert_eq!(silos, ["s1", "s2", "s3"]);
        assert_eq!(doc["silos"][0]["mean_customer_distance"], json!(1.5));
        assert_eq!(doc["silos"][2]["max_customer_distance"], json!(4));
        assert_eq!(doc["journeys"][0]["journey"], "order");
        assert_eq!(doc["team_pairs"].as_array().unwrap().len(), 3);
        assert_eq!(doc["congruence_gaps"], json!([]));
    }

    #[test]
    fn org_figures_are_one_row_of_scalars() {
        let (org, a) = small();
        let d = document(&org, &a);
        assert_eq!(d.org.rows.len(), 1);
        let mut sorted = d.org.columns.clone();
        sorted.sort_unstable();
        assert_eq!(d.org.columns, sorted, "keys sorted");
        assert!(
            d.org.rows[0].iter().all(|c| !matches!(c, Cell::List(_))),
            "no lists in org: {:?}",
            d.org.rows[0]
        );
        assert_eq!(d.org_figure("teams"), Some(&Cell::Int(4)));
        assert_eq!(d.org_figure("nodes"), None);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["schema_version"], 2);
        assert_eq!(json["org"]["teams"], 4);
        assert_eq!(json["org"]["articulation_points"], 2);
        // One journey of volume 5 with three seams.
        assert_eq!(json["org"]["journey_volume"], 5);
        assert_eq!(json["org"]["journey_volume_with_seam"], 5);
        assert_eq!(json["org"]["seam_volume"], 15);
        let mut csv = Vec::new();
        d.org.write_csv(&mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(
            csv.starts_with("actual_dependencies,articulation_points,"),
            "{csv}"
        );
    }
}
