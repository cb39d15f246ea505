//! Distance, Conway, journey seams, hierarchy and the model's node set compared with the
//! networkx reference fixtures (tests/fixtures/reference, made by tests/reference/make_fixtures.py).

mod common;

use common::{close, load, references};
use serde_json::Value;

fn opt_u(v: Option<u32>) -> Value {
    v.map_or(Value::Null, |x| Value::from(x as u64))
}

#[test]
fn model_matches_reference_node_set_and_silos() {
    for r in references() {
        let org = load(&r.dir, &r.options);
        let g = &org.handoffs;
        let nodes: Vec<&str> = (0..g.node_count() as u32).map(|v| org.node_id(v)).collect();
        let expected: Vec<&str> = r.json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(nodes, expected, "{}: nodes", r.name);
        assert_eq!(
            g.edge_count() as u64,
            r.json["m"].as_u64().unwrap(),
            "{}: m",
            r.name
        );
        assert_eq!(
            org.silos.level as u64,
            r.json["silo_level"].as_u64().unwrap(),
            "{}: silo level",
            r.name
        );
        let silos: Vec<&str> = org.silos.list().iter().map(|&s| org.unit_id(s)).collect();
        let expected: Vec<&str> = r.json["silos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(silos, expected, "{}: silos", r.name);
        for (id, h) in r.json["hierarchy"].as_object().unwrap() {
            let u = org.export.unit_id(id).unwrap();
            assert_eq!(
                org.hierarchy.depth(u) as u64,
                h["depth"].as_u64().unwrap(),
                "{}: depth {id}",
                r.name
            );
            assert_eq!(
                org.unit_id(org.silos.silo_of(u)),
                h["silo"].as_str().unwrap(),
                "{}: silo of {id}",
                r.name
            );
            assert_eq!(
                org.hierarchy.is_leaf(u),
                h["is_leaf"].as_bool().unwrap(),
                "{}: leaf {id}",
                r.name
            );
        }
        // Per-node customer volumes.
        for (id, row) in r.json["units"].as_object().unwrap() {
            let v = g.node(org.export.unit_id(id).unwrap()).unwrap() as usize;
            close(
                &format!("{}: from_customer {id}", r.name),
                Some(g.from_customer_volume()[v]),
                &row["from_customer_volume"],
            );
            close(
                &format!("{}: to_customer {id}", r.name),
                Some(g.to_customer_volume()[v]),
                &row["to_customer_volume"],
            );
        }
    }
}

#[test]
fn customer_distance_matches_reference() {
    for r in references() {
        let org = load(&r.dir, &r.options);
        let d = seams::metrics::distance::customer_distance(&org);
        let cd = &r.json["customer_distance"];
        for (id, expected) in cd["units"].as_object().unwrap() {
            let v = org.handoffs.node(org.export.unit_id(id).unwrap()).unwrap();
            assert_eq!(
                opt_u(d.customer_distance[v as usize]),
                *expected,
                "{}: distance of {id}",
                r.name
            );
        }
        let unreachable: Vec<&str> = d.unreachable.iter().map(|&v| org.node_id(v)).collect();
        let expected: Vec<&str> = cd["unreachable_from_customer"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(unreachable, expected, "{}: unreachable", r.name);
        for s in &d.silos {
            let e = &cd["silos"][org.unit_id(s.silo)];
            assert_eq!(
                s.nodes as u64,
                e["nodes"].as_u64().unwrap(),
                "{}: silo nodes",
                r.name
            );
            close(&format!("{}: silo mean", r.name), s.mean, &e["mean"]);
            assert_eq!(opt_u(s.max), e["max"], "{}: silo max", r.name);
            close(
                &format!("{}: silo share", r.name),
                s.share_unreachable,
                &e["share_unreachable"],
            );
        }
        for (i, sys) in org.export.systems.iter().enumerate() {
            assert_eq!(
                opt_u(d.systems[i]),
                cd["systems"][&sys.id],
                "{}: system {}",
                r.name,
                sys.id
            );
        }
    }
}

#[test]
fn conway_matches_reference() {
    for r in references() {
        let org = load(&r.dir, &r.options);
        let c = seams::metrics::conway::conway_alignment(&org);
        let e = &r.json["conway"];
        close(
            &format!("{}: congruence", r.name),
            c.congruence,
            &e["congruence"],
        );
        assert_eq!(
            c.required_weight,
            e["required_weight"].as_u64().unwrap(),
            "{}",
            r.name
        );
        assert_eq!(
            c.actual_weight,
            e["actual_weight"].as_u64().unwrap(),
            "{}",
            r.name
        );
        let req: Vec<(String, String, u64, bool)> = c
            .required
            .iter()
            .map(|p| {
                (
                    org.unit_id(p.team_a).into(),
                    org.unit_id(p.team_b).into(),
                    p.weight,
                    p.actual,
                )
            })
            .collect();
        let exp: Vec<(String, String, u64, bool)> = e["required_coordination"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["team_a"].as_str().unwrap().into(),
                    p["team_b"].as_str().unwrap().into(),
                    p["weight"].as_u64().unwrap(),
                    p["actual"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(req, exp, "{}: required coordination", r.name);
        let gaps: Vec<(String, String, u64)> = c
            .gaps
            .iter()
            .map(|&i| {
                let p = &c.required[i];
                (
                    org.unit_id(p.team_a).into(),
                    org.unit_id(p.team_b).into(),
                    p.weight,
                )
            })
            .collect();
        let exp: Vec<(String, String, u64)> = e["congruence_gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["team_a"].as_str().unwrap().into(),
                    p["team_b"].as_str().unwrap().into(),
                    p["weight"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(gaps, exp, "{}: gaps heaviest first", r.name);
        for t in &c.teams {
            close(
                &format!("{}: team congruence", r.name),
                t.congruence,
                &e["team_congruence"][org.unit_id(t.team)]["congruence"],
            );
        }
        assert_eq!(
            c.teams.len(),
            e["team_congruence"].as_object().unwrap().len(),
            "{}",
            r.name
        );
        let orphans: Vec<&str> = c
            .orphan_systems
            .iter()
            .map(|&s| org.export.systems[s as usize].id.as_str())
            .collect();
        let exp: Vec<&str> = e["orphan_systems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(orphans, exp, "{}: orphans", r.name);
        assert_eq!(
            c.shared_ownership.len(),
            e["shared_ownership"].as_array().unwrap().len(),
            "{}",
            r.name
        );
    }
}

#[test]
fn journey_seams_match_reference() {
    for r in references() {
        let org = load(&r.dir, &r.options);
        let s = seams::metrics::seams::journey_seams(&org);
        let e = &r.json["journeys"];
        let o = &e["org"];
        close(
            &format!("{}: seams_total", r.name),
            Some(s.seams_total),
            &o["seams_total"],
        );
        close(
            &format!("{}: with seam", r.name),
            Some(s.journeys_with_seam),
            &o["journeys_with_seam"],
        );
        close(
            &format!("{}: mean seams", r.name),
            s.mean_seams_per_journey,
            &o["mean_seams_per_journey"],
        );
        close(
            &format!("{}: mean ratio", r.name),
            s.mean_seam_ratio,
            &o["mean_seam_ratio"],
        );
        for j in &s.journeys {
            let id = &org.export.journeys[j.journey].id;
            let x = &e["journeys"][id];
            let what = format!("{}: journey {id}", r.name);
            assert_eq!(j.steps as u64, x["steps"].as_u64().unwrap(), "{what}");
            assert_eq!(
                j.distinct_teams as u64,
                x["distinct_teams"].as_u64().unwrap(),
                "{what}"
            );
            assert_eq!(
                j.distinct_silos as u64,
                x["distinct_silos"].as_u64().unwrap(),
                "{what}"
            );
            assert_eq!(j.seams as u64, x["seams"].as_u64().unwrap(), "{what}");
            assert_eq!(
                j.cross_silo_seams as u64,
                x["cross_silo_seams"].as_u64().unwrap(),
                "{what}"
            );
            assert_eq!(
                opt_u(j.max_hierarchy_distance),
                x["max_hierarchy_distance"],
                "{what}"
            );
            close(&what, j.total_seam_wait, &x["total_seam_wait"]);
            assert_eq!(
                j.seam_waits_unknown as u64,
                x["seam_waits_unknown"].as_u64().unwrap(),
                "{what}"
            );
            close(&what, j.seam_ratio, &x["seam_ratio"]);
        }
        let seams = e["seams"].as_array().unwrap();
        assert_eq!(s.seams.len(), seams.len(), "{}: seam count", r.name);
        for (a, x) in s.seams.iter().zip(seams) {
            let what = format!("{}: seam {:?}", r.name, x);
            assert_eq!(org.unit_id(a.from), x["from"].as_str().unwrap(), "{what}");
            assert_eq!(org.unit_id(a.to), x["to"].as_str().unwrap(), "{what}");
            assert_eq!(a.cross_silo, x["cross_silo"].as_bool().unwrap(), "{what}");
            assert_eq!(
                a.hierarchy_distance as u64,
                x["hierarchy_distance"].as_u64().unwrap(),
                "{what}"
            );
            assert_eq!(
                a.crosses_visibility.map(Value::from).unwrap_or(Value::Null),
                x["crosses_visibility"],
                "{what}"
            );
            assert_eq!(
                a.known_handoff.map(Value::from).unwrap_or(Value::Null),
                x["known_handoff"],
                "{what}"
            );
            close(&what, a.wait_hours, &x["wait_hours"]);
        }
        for (mine, key) in [(&s.team_pairs, "team_pairs"), (&s.silo_pairs, "silo_pairs")] {
            let exp = e[key].as_array().unwrap();
            assert_eq!(mine.len(), exp.len(), "{}: {key}", r.name);
            for (p, x) in mine.iter().zip(exp) {
                assert_eq!(
                    org.unit_id(p.from),
                    x["from"].as_str().unwrap(),
                    "{}: {key} order",
                    r.name
                );
                assert_eq!(
                    org.unit_id(p.to),
                    x["to"].as_str().unwrap(),
                    "{}: {key} order",
                    r.name
                );
                close(
                    &format!("{}: {key}", r.name),
                    Some(p.weighted_seams),
                    &x["weight"],
                );
                assert_eq!(
                    p.seams as u64,
                    x["count"].as_u64().unwrap(),
                    "{}: {key}",
                    r.name
                );
            }
        }
    }
}

#[test]
fn merged_handoffs_match_reference_where_listed() {
    for r in references() {
        let Some(list) = r.json["merged_handoffs"].as_array() else {
            continue;
        };
        let org = load(&r.dir, &r.options);
        let e = &org.export;
        assert_eq!(
            e.handoffs.len(),
            list.len(),
            "{}: merged handoff count",
            r.name
        );
        let id = |p: seams::records::Party| match p {
            seams::records::Party::Customer => "customer".to_string(),
            seams::records::Party::Unit(u) => e.units[u as usize].id.clone(),
        };
        let mut mine: Vec<(String, String, f64, Option<f64>)> = e
            .handoffs
            .iter()
            .map(|h| (id(h.from), id(h.to), h.volume, h.wait_hours))
            .collect();
        mine.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut exp: Vec<(String, String, f64, Option<f64>)> = list
            .iter()
            .map(|h| {
                (
                    h["from"].as_str().unwrap().into(),
                    h["to"].as_str().unwrap().into(),
                    h["volume"].as_f64().unwrap(),
                    h["wait_hours"].as_f64(),
                )
            })
            .collect();
        exp.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        for (a, b) in mine.iter().zip(&exp) {
            assert_eq!((&a.0, &a.1), (&b.0, &b.1), "{}", r.name);
            assert!(
                (a.2 - b.2).abs() < 1e-9,
                "{}: volume {a:?} vs {b:?}",
                r.name
            );
            match (a.3, b.3) {
                (None, None) => {}
                (Some(x), Some(y)) => {
                    assert!((x - y).abs() < 1e-9, "{}: wait {a:?} vs {b:?}", r.name)
                }
                _ => panic!("{}: wait {a:?} vs {b:?}", r.name),
            }
        }
    }
}
