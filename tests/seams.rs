//! Journey seams against the networkx reference fixtures (`tests/fixtures/reference`, made by
//! `tests/reference/make_fixtures.py`): org-wide figures, each journey, each seam, and the team
//! and silo pairs in order.

mod common;

use common::{close, opt_u32, references};
use serde_json::Value;

#[test]
fn journey_seams_match_reference() {
    for r in references() {
        let org = r.org();
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
                opt_u32(j.max_hierarchy_distance),
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
