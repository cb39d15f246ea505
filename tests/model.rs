//! The model against the networkx reference fixtures (`tests/fixtures/reference`, made by
//! `tests/reference/make_fixtures.py`): the node set and its order, the edge count, the silo
//! level and silos, each unit's depth, silo and leafness, and the customer volumes.

mod common;

use common::{close, references};

#[test]
fn model_matches_reference_node_set_and_silos() {
    for r in references() {
        let org = r.org();
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
