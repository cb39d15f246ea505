//! Customer distance (BFS from the customer) against the networkx reference fixtures
//! (`tests/fixtures/reference`, made by `tests/reference/make_fixtures.py`): per unit, the
//! unreachable nodes, per silo and per system.

mod common;

use common::{close, opt_u32, references};

#[test]
fn customer_distance_matches_reference() {
    for r in references() {
        let org = r.org();
        let d = seams::metrics::distance::customer_distance(&org);
        let cd = &r.json["customer_distance"];
        for (id, expected) in cd["units"].as_object().unwrap() {
            let v = org.handoffs.node(org.export.unit_id(id).unwrap()).unwrap();
            assert_eq!(
                opt_u32(d.customer_distance[v as usize]),
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
            assert_eq!(opt_u32(s.max), e["max"], "{}: silo max", r.name);
            close(
                &format!("{}: silo share", r.name),
                s.share_unreachable,
                &e["share_unreachable"],
            );
        }
        for (i, sys) in org.export.systems.iter().enumerate() {
            assert_eq!(
                opt_u32(d.systems[i]),
                cd["systems"][&sys.id],
                "{}: system {}",
                r.name,
                sys.id
            );
        }
    }
}
