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

// ---------------------------------------------------------------------------------------------
// The files as their tools read them: Graphviz draws the DOT, XML parsers read GraphML and
// GEXF, whatever the names hold.

/// An export whose ids and names hold every character the formats reserve: quotes, backslash
/// (and `\N`, a DOT label escape), `<`, `&`, a line break, `{}`, `;`, `--`, `->`, `]`, and
/// HTML's and XML's entity syntax.
fn hostile_export(dir: &Path) {
    let teams = "id,name,parent
co,\"Co \"\"quoted\"\" \\N <b>bold</b> &amp;\",
\"s\"\"1\",\"Silo \\\\ one\n{ } ; -- -> ]\",co
s2,\"<TABLE> & ]]> '\",co
\"a\\\\b\",\"Team \"\"A\"\" <&>\",\"s\"\"1\"
\"c->d\",\"seams:legend\",s2
seams:legend,\"x\",s2
";
    let handoffs = "from,to,volume
customer,\"a\\\\b\",10
\"a\\\\b\",\"c->d\",1000
\"c->d\",seams:legend,3
seams:legend,\"a\\\\b\",3
";
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("teams.csv"), teams).unwrap();
    std::fs::write(dir.join("handoffs.csv"), handoffs).unwrap();
}

fn export_stdout(dir: &Path, format: &str) -> String {
    let out = seams_cmd()
        .arg("export")
        .arg(dir)
        .args(["--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Graphviz's SVG (it starts with a DOCTYPE).
fn svg_document(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(svg, options).expect("SVG")
}

/// Runs `dot -Tsvg` on the text; the SVG it draws. Graphviz is installed by `.ci/run`.
fn graphviz_svg(dot: &str) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("Graphviz's dot on the PATH (Debian's graphviz package; .ci/run puts it there)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot -Tsvg failed: {err}\n{dot}");
    assert!(
        !err.contains("Error") && !err.contains("syntax"),
        "dot complained: {err}"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn graphviz_draws_the_dot_of_sample_data_with_silo_names_colours_and_a_legend() {
    let dot = export_stdout(&common::root().join("sample-data"), "dot");
    let svg = graphviz_svg(&dot);
    let xml = svg_document(&svg);
    let texts: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    // Clusters are labelled with silo names, not ids; the legend names them too.
    assert_eq!(
        texts.iter().filter(|t| **t == "Customer Service").count(),
        2
    );
    assert!(!texts.contains(&"customer-service"));
    assert!(texts.contains(&"Legend: silos"));
    assert!(texts
        .iter()
        .any(|t| t.starts_with("line width: handoff volume, log scale")));
    // The report's silo colour (Paul Tol's indigo) and log-scaled edge widths.
    assert!(svg.contains("#332288"));
    let widths: std::collections::BTreeSet<&str> = dot
        .lines()
        .filter(|l| l.contains(" -> "))
        .map(|l| l.split("penwidth=").nth(1).unwrap().trim_end_matches("];"))
        .collect();
    assert!(widths.contains("1") && widths.contains("6"), "{widths:?}");
}

#[test]
fn hostile_names_survive_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("org");
    hostile_export(&dir);
    // DOT: Graphviz accepts it and draws each name as written.
    let dot = export_stdout(&dir, "dot");
    let svg = graphviz_svg(&dot);
    let xml = svg_document(&svg);
    let texts: Vec<String> = xml
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    assert!(texts.contains(&"Team \"A\" <&>".to_string()), "{texts:?}");
    assert!(texts.contains(&"<TABLE> & ]]> '".to_string()), "{texts:?}");
    // One node per unit of the handoff graph, plus the legend (its id is taken, so it
    // takes another).
    let titles: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    // DOT keeps `\\` in an id as written (only labels read escapes), the same in every
    // statement: `a\\b` (the unit id, two backslashes) is one node, with its edges.
    assert!(titles.contains(&"a\\\\\\\\b"), "{titles:?}");
    assert!(titles.contains(&"seams:legend_"), "{titles:?}");
    // GraphML and GEXF: well-formed, every attribute declared with its type, names intact.
    for format in ["graphml", "gexf"] {
        let text = export_stdout(&dir, format);
        let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{format}: {e}"));
        let declared: BTreeMap<&str, &str> = xml
            .descendants()
            .filter(|n| n.has_tag_name("key") || n.has_tag_name("attribute"))
            .map(|n| {
                let ty = n
                    .attribute("attr.type")
                    .or(n.attribute("type"))
                    .expect("a declared type");
                (n.attribute("id").unwrap(), ty)
            })
            .collect();
        let used: std::collections::BTreeSet<&str> = xml
            .descendants()
            .filter(|n| n.has_tag_name("data") || n.has_tag_name("attvalue"))
            .filter_map(|n| n.attribute("key").or(n.attribute("for")))
            .collect();
        for key in &used {
            assert!(
                declared.contains_key(key),
                "{format}: {key} is not declared"
            );
        }
        let int = if format == "graphml" {
            "int"
        } else {
            "integer"
        };
        assert_eq!(declared["customer_distance"], int, "{format}");
        for key in ["betweenness", "volume", "wait_hours"] {
            assert_eq!(declared[key], "double", "{format}: {key}");
        }
        let ids: Vec<&str> = xml
            .descendants()
            .filter(|n| n.has_tag_name("node"))
            .map(|n| n.attribute("id").unwrap())
            .collect();
        assert_eq!(ids, ["a\\\\b", "c->d", "seams:legend"], "{format}");
        assert!(
            text.contains("Team &quot;A&quot; &lt;&amp;&gt;"),
            "{format}"
        );
    }
}
