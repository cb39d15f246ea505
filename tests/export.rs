//! `seams export` through the binary: the GraphML and GEXF files are read back with a real XML
//! parser (roxmltree) and compared with the networkx reference fixtures (nodes, silos, customer
//! distances, betweenness, edges with volume and wait); DOT and JSON are checked for shape;
//! output is deterministic and never written inside the export.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn seams_cmd() -> Command {
    Command::cargo_bin("seams").expect("the seams binary")
}

/// Runs `seams export` for a reference fixture and returns the file's text.
fn export(r: &common::Reference, format: &str, out: &Path) -> String {
    let mut cmd = seams_cmd();
    cmd.arg("export")
        .arg(&r.dir)
        .args(["--format", format, "--out"])
        .arg(out);
    if let Some(level) = r.options.silo_level {
        cmd.args(["--silo-level", &level.to_string()]);
    }
    cmd.assert().success();
    std::fs::read_to_string(out).expect("export file")
}

/// The `<data key=…>` children of a GraphML element, by key.
fn data<'a>(n: roxmltree::Node<'a, 'a>) -> BTreeMap<&'a str, &'a str> {
    n.children()
        .filter(|c| c.has_tag_name("data"))
        .map(|c| (c.attribute("key").unwrap(), c.text().unwrap_or("")))
        .collect()
}

fn close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: expected {want}, got {got}"
    );
}

#[test]
fn graphml_matches_the_networkx_references() {
    let tmp = tempfile::tempdir().unwrap();
    for r in common::references() {
        let what = |s: &str| format!("{}: {s}", r.name);
        let text = export(
            &r,
            "graphml",
            &tmp.path().join(format!("{}.graphml", r.name)),
        );
        let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", r.name));
        let root = xml.root_element();
        assert!(root.has_tag_name(("http://graphml.graphdrawing.org/xmlns", "graphml")));
        let graph = root.children().find(|c| c.has_tag_name("graph")).unwrap();
        assert_eq!(graph.attribute("edgedefault"), Some("directed"));

        let nodes: Vec<_> = graph
            .children()
            .filter(|c| c.has_tag_name("node"))
            .collect();
        let ids: Vec<&str> = nodes.iter().map(|n| n.attribute("id").unwrap()).collect();
        let want_ids: Vec<&str> = r.json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(ids, want_ids, "{}", what("nodes"));
        for n in &nodes {
            let id = n.attribute("id").unwrap();
            let d = data(*n);
            assert_eq!(
                d["silo"],
                r.json["units"][id]["silo"].as_str().unwrap(),
                "{}",
                what(&format!("silo of {id}"))
            );
            match r.json["customer_distance"]["units"][id].as_u64() {
                Some(want) => assert_eq!(
                    d.get("customer_distance")
                        .map(|s| s.parse::<u64>().unwrap()),
                    Some(want),
                    "{}",
                    what(&format!("distance of {id}"))
                ),
                None => assert!(!d.contains_key("customer_distance"), "{}", what(id)),
            }
            close(
                &what(&format!("betweenness of {id}")),
                d["betweenness"].parse().unwrap(),
                r.json["betweenness"]["hops"][id].as_f64().unwrap(),
            );
        }

        let edges: Vec<(String, String, f64, Option<f64>)> = graph
            .children()
            .filter(|c| c.has_tag_name("edge"))
            .map(|e| {
                let d = data(e);
                (
                    e.attribute("source").unwrap().to_string(),
                    e.attribute("target").unwrap().to_string(),
                    d["volume"].parse().unwrap(),
                    d.get("wait_hours").map(|w| w.parse().unwrap()),
                )
            })
            .collect();
        assert_eq!(
            edges.len() as u64,
            r.json["m"].as_u64().unwrap(),
            "{}",
            what("m")
        );
        // Large fixtures omit the edge list (`omitted`); the count is checked above.
        let Some(want_edges) = r.json["edges"].as_array() else {
            continue;
        };
        let want: Vec<(String, String, f64, Option<f64>)> = want_edges
            .iter()
            .map(|e| {
                (
                    e["from"].as_str().unwrap().to_string(),
                    e["to"].as_str().unwrap().to_string(),
                    e["volume"].as_f64().unwrap(),
                    e["wait_hours"].as_f64(),
                )
            })
            .collect();
        assert_eq!(edges.len(), want.len(), "{}", what("edge count"));
        for (got, want) in edges.iter().zip(&want) {
            assert_eq!(
                (&got.0, &got.1),
                (&want.0, &want.1),
                "{}",
                what("edge order")
            );
            close(&what("edge volume"), got.2, want.2);
            match (got.3, want.3) {
                (Some(g), Some(w)) => close(&what("edge wait"), g, w),
                (g, w) => assert_eq!(g, w, "{}", what("edge wait known")),
            }
        }
    }
}

#[test]
fn gexf_parses_and_agrees_with_graphml() {
    let tmp = tempfile::tempdir().unwrap();
    let r = common::references()
        .into_iter()
        .find(|r| r.name == "unreachable")
        .unwrap();
    let text = export(&r, "gexf", &tmp.path().join("u.gexf"));
    let xml = roxmltree::Document::parse(&text).expect("GEXF is XML");
    assert!(xml
        .root_element()
        .has_tag_name(("http://gexf.net/1.3", "gexf")));
    let nodes: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    assert_eq!(nodes.len(), r.json["n"].as_u64().unwrap() as usize);
    let b1 = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("b1"))
        .unwrap();
    assert_eq!(b1.attribute("label"), Some("Billing"));
    let att: BTreeMap<&str, &str> = b1
        .descendants()
        .filter(|a| a.has_tag_name("attvalue"))
        .map(|a| (a.attribute("for").unwrap(), a.attribute("value").unwrap()))
        .collect();
    assert_eq!(att["silo"], "back");
    assert_eq!(att["customer_distance"], "2");
    close(
        "b1 betweenness",
        att["betweenness"].parse().unwrap(),
        0.047619047619047616,
    );
    let edges = xml.descendants().filter(|n| n.has_tag_name("edge")).count();
    assert_eq!(edges, r.json["m"].as_u64().unwrap() as usize);
}

#[test]
fn dot_and_json_on_stdout() {
    let dot = seams_cmd()
        .args(["export", "sample-data", "--format", "dot"])
        .current_dir(common::root())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let dot = String::from_utf8(dot).unwrap();
    assert!(dot.starts_with("digraph handoffs {\n"));
    assert!(dot.contains("subgraph cluster_0 {"));
    assert!(dot.trim_end().ends_with('}'));
    let json = seams_cmd()
        .args(["export", "sample-data", "--format", "json"])
        .current_dir(common::root())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["directed"], true);
    let arrows = dot.matches(" -> ").count();
    assert_eq!(json["edges"].as_array().unwrap().len(), arrows);
    let n = &json["nodes"][0];
    for key in ["id", "name", "silo", "customer_distance", "betweenness"] {
        assert!(n.get(key).is_some(), "node key {key}");
    }
}

#[test]
fn deterministic_and_never_inside_the_export() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = common::root().join("sample-data");
    let run = |out: &Path| {
        seams_cmd()
            .arg("export")
            .arg(&sample)
            .args(["--format", "graphml", "--out"])
            .arg(out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    assert!(run(&tmp.path().join("a.graphml")) == run(&tmp.path().join("b.graphml")));
    seams_cmd()
        .arg("export")
        .arg(&sample)
        .args(["--format", "graphml", "--out"])
        .arg(sample.join("org.graphml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to write"));
    assert!(!sample.join("org.graphml").exists());
}
