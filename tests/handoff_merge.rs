//! Merged handoffs (ingest's merge of rows per (from, to): volumes add, waits are
//! volume-weighted, docs/input-format.md) against the reference fixtures that list them
//! (`tests/fixtures/reference`, made by `tests/reference/make_fixtures.py`).

mod common;

use common::references;

#[test]
fn merged_handoffs_match_reference_where_listed() {
    for r in references() {
        let Some(list) = r.json["merged_handoffs"].as_array() else {
            continue;
        };
        let org = r.org();
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
