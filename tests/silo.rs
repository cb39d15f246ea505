//! The Silo family against the networkx / scikit-learn reference fixtures
//! (`tests/fixtures/reference/<org>.json`, made by `tests/reference/make_fixtures.py` from
//! `tests/fixtures/orgs/<org>/`; layout in `tests/reference/README.md`).

mod common;

use std::collections::BTreeMap;

use serde_json::Value;

use seams::metrics::louvain::{louvain, modularity};
use seams::metrics::silo::{communities_of, normalized_mutual_information, silo_metrics};
use seams::model::Org;

const TOL: f64 = 1e-9;
/// Our Louvain must reach networkx's best modularity over seeds 0–9 minus this.
const LOUVAIN_SLACK: f64 = 0.01;

fn num(v: &Value) -> Option<f64> {
    if v.is_null() {
        None
    } else {
        Some(v.as_f64().expect("a number or null"))
    }
}

#[track_caller]
fn assert_close(what: &str, actual: Option<f64>, expected: Option<f64>) {
    match (actual, expected) {
        (None, None) => {}
        (Some(a), Some(e)) if (a - e).abs() <= TOL => {}
        _ => panic!("{what}: expected {expected:?}, got {actual:?}"),
    }
}

fn ids(org: &Org, nodes: &[u32]) -> Vec<String> {
    nodes.iter().map(|&v| org.node_id(v).to_string()).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Node index of every node id.
fn node_index(org: &Org) -> BTreeMap<String, u32> {
    (0..org.handoffs.node_count() as u32)
        .map(|v| (org.node_id(v).to_string(), v))
        .collect()
}

#[test]
fn nodes_and_isolated_match() {
    for (name, json, org) in common::reference_orgs() {
        let all: Vec<u32> = (0..org.handoffs.node_count() as u32).collect();
        assert_eq!(ids(&org, &all), strings(&json["nodes"]), "{name}: nodes");
        let m = silo_metrics(&org);
        assert_eq!(
            ids(&org, &m.isolated),
            strings(&json["isolated"]),
            "{name}: isolated"
        );
    }
}

#[test]
fn ei_index_matches_reference() {
    for (name, json, org) in common::reference_orgs() {
        let m = silo_metrics(&org);
        let ei = &json["ei"];
        assert_close(
            &format!("{name}: org external"),
            Some(m.org_external_volume),
            num(&ei["org"]["external"]),
        );
        assert_close(
            &format!("{name}: org internal"),
            Some(m.org_internal_volume),
            num(&ei["org"]["internal"]),
        );
        assert_close(
            &format!("{name}: org EI"),
            m.org_ei_index,
            num(&ei["org"]["ei_index"]),
        );
        let silo_ids: Vec<String> = m
            .silos
            .iter()
            .map(|r| org.unit_id(r.silo).to_string())
            .collect();
        assert_eq!(silo_ids, strings(&json["silos"]), "{name}: silo list");
        for row in &m.silos {
            let id = org.unit_id(row.silo);
            let want = &ei["silos"][id];
            assert_close(
                &format!("{name}: {id} E"),
                Some(row.external_volume),
                num(&want["external"]),
            );
            assert_close(
                &format!("{name}: {id} I"),
                Some(row.internal_volume),
                num(&want["internal"]),
            );
            assert_close(
                &format!("{name}: {id} EI"),
                row.ei_index,
                num(&want["ei_index"]),
            );
            let nodes = json["units"]
                .as_object()
                .unwrap()
                .values()
                .filter(|u| u["silo"].as_str() == Some(id))
                .count();
            assert_eq!(row.nodes, nodes, "{name}: {id} node count");
        }
    }
}

#[test]
fn silo_modularity_matches_networkx() {
    for (name, json, org) in common::reference_orgs() {
        let m = silo_metrics(&org);
        assert_close(
            &format!("{name}: modularity of the silo partition"),
            m.modularity,
            num(&json["undirected"]["modularity_silo"]),
        );
    }
}

/// The parent-label partition (each node's parent id, a root's own id) is a fixed second
/// partition: it checks NMI, modularity and misplaced on something other than Louvain.
#[test]
fn parent_partition_matches_networkx_and_scikit_learn() {
    for (name, json, org) in common::reference_orgs() {
        let und = &json["undirected"];
        let parent_labels = und["parent_labels"].as_object().unwrap();
        let units: BTreeMap<&str, u32> = org
            .export
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i as u32))
            .collect();
        let n = org.handoffs.node_count() as u32;
        // Isolated nodes are absent from parent_labels; give them their own unit as label.
        let partition: Vec<u32> = (0..n)
            .map(|v| match parent_labels.get(org.node_id(v)) {
                Some(p) => units[p.as_str().unwrap()],
                None => org.handoffs.unit(v),
            })
            .collect();
        let isolated = silo_metrics(&org).isolated;
        let (silo_labels, parent): (Vec<u32>, Vec<u32>) = (0..n)
            .filter(|v| isolated.binary_search(v).is_err())
            .map(|v| {
                (
                    org.silos.silo_of(org.handoffs.unit(v)),
                    partition[v as usize],
                )
            })
            .unzip();
        assert_close(
            &format!("{name}: NMI(silo, parent)"),
            normalized_mutual_information(&silo_labels, &parent),
            num(&und["nmi_silo_parent"]),
        );
        let c = communities_of(&org, &partition);
        assert_close(
            &format!("{name}: NMI(silo, parent) via communities_of"),
            c.nmi,
            num(&und["nmi_silo_parent"]),
        );
        assert_close(
            &format!("{name}: modularity of the parent partition"),
            c.modularity,
            num(&und["modularity_parent_partition"]),
        );
        assert_eq!(
            ids(&org, &c.misplaced),
            strings(&und["misplaced_parent_partition"]),
            "{name}: misplaced (parent partition)"
        );
    }
}

/// networkx's best Louvain partition, fed to our functions, gives networkx's modularity and
/// scikit-learn's NMI, and the reference's misplaced list.
#[test]
fn networkx_louvain_partition_is_described_like_the_reference() {
    for (name, json, org) in common::reference_orgs() {
        let louv = &json["undirected"]["louvain"];
        if louv["communities"].is_null() {
            assert!(louv["best_modularity"].is_null(), "{name}");
            continue;
        }
        let index = node_index(&org);
        let mut partition = vec![u32::MAX; org.handoffs.node_count()];
        for (c, members) in louv["communities"].as_array().unwrap().iter().enumerate() {
            for id in strings(members) {
                partition[index[&id] as usize] = c as u32;
            }
        }
        assert!(
            partition.iter().all(|&c| c != u32::MAX),
            "{name}: partition covers all"
        );
        let c = communities_of(&org, &partition);
        assert_close(
            &format!("{name}: modularity of networkx's partition"),
            c.modularity,
            num(&louv["best_modularity"]),
        );
        assert_close(
            &format!("{name}: modularity()"),
            modularity(&org.handoffs, &partition),
            num(&louv["best_modularity"]),
        );
        assert_close(
            &format!("{name}: NMI(silo, louvain)"),
            c.nmi,
            num(&louv["nmi_silo"]),
        );
        assert_eq!(
            ids(&org, &c.misplaced),
            strings(&louv["misplaced"]),
            "{name}: misplaced (networkx's partition)"
        );
    }
}

#[test]
fn louvain_reaches_networkx_best_modularity() {
    for (name, json, org) in common::reference_orgs() {
        let m = silo_metrics(&org);
        let best = num(&json["undirected"]["louvain"]["best_modularity"]);
        let ours = m.communities.modularity;
        match (ours, best) {
            (None, None) => {}
            (Some(q), Some(b)) => {
                assert!(
                    q >= b - LOUVAIN_SLACK,
                    "{name}: Louvain modularity {q} < networkx best {b} − {LOUVAIN_SLACK}"
                );
                eprintln!(
                    "{name}: ours {q:.6}, networkx best {b:.6}, diff {:+.6}",
                    q - b
                );
            }
            _ => panic!("{name}: modularity {ours:?}, networkx {best:?}"),
        }
        // The reported modularity is the modularity of the reported partition.
        let labels = louvain(&org.handoffs);
        assert_eq!(m.communities.modularity, modularity(&org.handoffs, &labels));
    }
}

#[test]
fn communities_are_canonical_and_consistent() {
    for (name, _json, org) in common::reference_orgs() {
        let m = silo_metrics(&org);
        let c = &m.communities;
        // Isolated nodes have no community; the others do.
        for (v, label) in c.community_of.iter().enumerate() {
            let isolated = m.isolated.binary_search(&(v as u32)).is_ok();
            assert_eq!(label.is_none(), isolated, "{name}: node {v}");
        }
        // Labels first appear in ascending order (community 0 holds the smallest node, …).
        let mut next = 0;
        for label in c.community_of.iter().flatten() {
            assert!(*label <= next, "{name}: label {label} before {next}");
            if *label == next {
                next += 1;
            }
        }
        assert_eq!(next as usize, c.list.len(), "{name}: community count");
        let sizes: usize = c.list.iter().map(|r| r.size).sum();
        assert_eq!(
            sizes + m.isolated.len(),
            org.handoffs.node_count(),
            "{name}"
        );
        for (i, row) in c.list.iter().enumerate() {
            assert_eq!(row.community as usize, i, "{name}");
            assert!(
                row.dominant_share > 0.0 && row.dominant_share <= 1.0,
                "{name}"
            );
            assert!(row.silos >= 1, "{name}");
        }
        assert!(
            c.misplaced.windows(2).all(|w| w[0] < w[1]),
            "{name}: sorted"
        );
        let nmi_none = c.nmi.is_none();
        assert_eq!(
            nmi_none,
            c.list.is_empty(),
            "{name}: NMI null iff no community"
        );
    }
}

#[test]
fn same_result_with_one_and_two_threads() {
    let run = |threads: usize, org: &Org| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| silo_metrics(org))
    };
    for (name, _json, org) in common::reference_orgs() {
        let one = run(1, &org);
        let two = run(2, &org);
        assert_eq!(one, two, "{name}: thread count changed the result");
        // Bit-identical floats, not just ==.
        assert_eq!(
            one.modularity.map(f64::to_bits),
            two.modularity.map(f64::to_bits),
            "{name}"
        );
        assert_eq!(
            one.communities.modularity.map(f64::to_bits),
            two.communities.modularity.map(f64::to_bits),
            "{name}"
        );
        // And the same on a second run.
        assert_eq!(one, silo_metrics(&org), "{name}: not repeatable");
    }
}
