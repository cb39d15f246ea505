//! Conway alignment against the networkx reference fixtures (`tests/fixtures/reference`, made by
//! `tests/reference/make_fixtures.py`): congruence, required coordination, gaps heaviest first,
//! per-team congruence, orphan systems and shared ownership.

mod common;

use common::{close, references};

#[test]
fn conway_matches_reference() {
    for r in references() {
        let org = r.org();
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
