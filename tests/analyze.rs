//! `seams analyze` and `seams validate` end to end: the sample organisation's story, real
//! GOV.UK data, determinism across thread counts, CSV output and its safety rules.

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn seams() -> Command {
    Command::cargo_bin("seams").expect("binary built")
}

fn analyze_json(dir: &Path, extra: &[&str]) -> Value {
    let out = seams()
        .arg("analyze")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn row<'a>(table: &'a Value, key: &str, id: &str) -> &'a Value {
    table
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == id)
        .unwrap_or_else(|| panic!("no row {key} = {id}"))
}

/// Everything sample-data/README.md promises a reader, checked on the real output.
#[test]
fn sample_data_tells_its_story() {
    let doc = analyze_json(&common::root().join("sample-data"), &[]);
    assert_eq!(doc["schema_version"], 2);
    let org = &doc["org"];
    assert_eq!(org["silo_level"], 1);
    assert_eq!(org["silos"], 6);
    // 1. Digital is cut off from the stores: no handoff between the two silos, E-I strongly negative.
    let digital = row(&doc["silos"], "silo", "digital");
    let ei = digital["ei_index"].as_f64().unwrap();
    assert!((ei - (-0.7124)).abs() < 1e-4, "digital E-I {ei}");
    let model = common::load(&common::root().join("sample-data"), &Default::default());
    let g = &model.handoffs;
    let silo = |v: u32| model.unit_id(model.silos.silo_of(g.unit(v))).to_string();
    let between: f64 = (0..g.node_count() as u32)
        .flat_map(|a| (0..g.node_count() as u32).map(move |b| (a, b)))
        .filter(|&(a, b)| {
            let (sa, sb) = (silo(a), silo(b));
            (sa == "digital" && sb == "stores") || (sa == "stores" && sb == "digital")
        })
        .map(|(a, b)| g.volume(a, b))
        .sum();
    assert_eq!(between, 0.0, "handoff volume between digital and stores");
    // 2. Customer data in separate silos: four systems, four different silos.
    let mut owners_silos: Vec<String> = doc["systems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["holds_customer_data"] == true)
        .map(|s| {
            let owner = s["owners"][0].as_str().unwrap();
            row(&doc["units"], "unit", owner)["silo"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    owners_silos.sort();
    owners_silos.dedup();
    assert!(
        owners_silos.len() >= 3,
        "customer data silos {owners_silos:?}"
    );
    // 3. One shared-service team everything flows through.
    let top = &doc["bottlenecks"][0];
    assert_eq!(top["unit"], "it-integration");
    assert_eq!(top["articulation_point"], true);
    let b1 = top["betweenness"].as_f64().unwrap();
    let b2 = doc["bottlenecks"][1]["betweenness"].as_f64().unwrap();
    assert!(
        (b1 - 0.418).abs() < 5e-4 && b1 > 2.0 * b2,
        "betweenness {b1} vs {b2}"
    );
    // 4. Two teams own dependent systems and never talk: the heaviest congruence gap.
    let gap = &doc["congruence_gaps"][0];
    assert_eq!(
        (
            gap["team_a"].as_str(),
            gap["team_b"].as_str(),
            gap["dependencies"].as_u64()
        ),
        (Some("digital-web-shop"), Some("sc-pricing"), Some(2))
    );
    assert!((org["congruence"].as_f64().unwrap() - 29.0 / 34.0).abs() < 1e-12);
    // 5. A back-office team five handoffs from the customer, the farthest; one unreachable team.
    let units = doc["units"].as_array().unwrap();
    let max = units
        .iter()
        .filter_map(|u| u["customer_distance"].as_u64())
        .max();
    assert_eq!(max, Some(5));
    assert_eq!(
        row(&doc["units"], "unit", "fin-reconciliation")["customer_distance"],
        5
    );
    assert_eq!(org["unreachable_from_customer"], 1);
    assert_eq!(org["isolated"], 1);
    let treasury = row(&doc["units"], "unit", "fin-treasury");
    assert_eq!(treasury["customer_distance"], Value::Null);
    assert_eq!(treasury["isolated"], true);
    // The online return crosses the most silos.
    let journeys = doc["journeys"].as_array().unwrap();
    let most = journeys
        .iter()
        .max_by_key(|j| j["cross_silo_seams"].as_u64())
        .unwrap();
    assert_eq!(most["journey"], "online-return-in-store");
    assert_eq!(most["cross_silo_seams"], 6);
}

#[test]
fn json_is_identical_whatever_the_thread_count() {
    let dir = common::root().join("tests/fixtures/orgs/gen-1000");
    let run = |threads: &str| {
        seams()
            .args(["analyze", "--format", "json", "--threads", threads])
            .arg(&dir)
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"), "JSON differs between 1 and 2 threads");
    let sampled = |threads: &str| {
        seams()
            .args([
                "analyze",
                "--format",
                "json",
                "--approx",
                "64",
                "--seed",
                "3",
                "--threads",
                threads,
            ])
            .arg(&dir)
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(
        sampled("1"),
        sampled("2"),
        "sampled JSON differs between thread counts"
    );
}

#[test]
fn csv_tables_match_json_and_are_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tables");
    let sample = common::root().join("sample-data");
    seams()
        .arg("analyze")
        .arg(&sample)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let doc = analyze_json(&sample, &[]);
    for table in [
        "units",
        "silos",
        "bottlenecks",
        "systems",
        "journeys",
        "seams",
        "team_pairs",
        "silo_pairs",
        "required_coordination",
        "congruence_gaps",
        "bridges",
        "communities",
    ] {
        let text = std::fs::read_to_string(out.join(format!("{table}.csv"))).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        let rows = doc[table].as_array().unwrap();
        if let Some(first) = rows.first() {
            let keys: Vec<String> = first.as_object().unwrap().keys().cloned().collect();
            let mut sorted_header = header.clone();
            sorted_header.sort();
            let mut sorted_keys = keys.clone();
            sorted_keys.sort();
            assert_eq!(
                sorted_header, sorted_keys,
                "{table}: CSV columns = JSON keys"
            );
        }
        assert_eq!(rdr.records().count(), rows.len(), "{table}: row count");
    }
    // Negative numbers stay bare numbers.
    let silos = std::fs::read_to_string(out.join("silos.csv")).unwrap();
    assert!(silos.contains(",-0.7"), "{silos}");
    // Writing twice gives the same bytes.
    let first = std::fs::read(out.join("units.csv")).unwrap();
    seams()
        .arg("analyze")
        .arg(&sample)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(first, std::fs::read(out.join("units.csv")).unwrap());
}

/// The JSON type of every non-null value of one column, as a word.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// Every CSV that `analyze --out` writes, on exports with nulls, lists, sampled betweenness and
/// change agents: the header is the JSON keys (sorted in `org.csv`), each column holds one type (no column
/// mixes numbers with text), every cell of a numeric column parses as the same number as the
/// JSON holds at full precision, and `org.csv` is one header and one row.
#[test]
fn csv_columns_are_typed_like_the_json() {
    let root = common::root();
    let runs: [(std::path::PathBuf, &[&str]); 4] = [
        (root.join("sample-data"), &["--agents", "6"]),
        (root.join("sample-data"), &["--approx", "8", "--seed", "3"]),
        (root.join("tests/fixtures/realdata/govuk"), &[]),
        (root.join("tests/fixtures/orgs/unreachable"), &[]),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (n, (dir, extra)) in runs.iter().enumerate() {
        let out = tmp.path().join(format!("tables-{n}"));
        seams()
            .arg("analyze")
            .arg(dir)
            .args(*extra)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let doc = analyze_json(dir, extra);
        assert_eq!(doc["schema_version"], 2);
        let mut tables: Vec<(String, Vec<Value>)> = vec![("org".into(), vec![doc["org"].clone()])];
        for (name, rows) in doc.as_object().unwrap() {
            if let Value::Array(rows) = rows {
                tables.push((name.clone(), rows.clone()));
            }
        }
        assert!(tables.len() > 20, "{}", tables.len());
        for (name, rows) in &tables {
            let what = format!("{}: {name}.csv", dir.display());
            let text = std::fs::read_to_string(out.join(format!("{name}.csv")))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let mut rdr = csv::Reader::from_reader(text.as_bytes());
            let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
            let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
            assert_eq!(records.len(), rows.len(), "{what}: rows");
            let Some(first) = rows.first() else { continue };
            // serde_json's map sorts keys here: compare the sets (the writer keeps one order).
            let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
            let mut sorted: Vec<&String> = header.iter().collect();
            sorted.sort_unstable();
            assert_eq!(sorted, keys, "{what}: CSV header = JSON keys");
            if name == "org" {
                assert_eq!(header.iter().collect::<Vec<_>>(), keys, "{what}: sorted");
            }
            for (c, key) in header.iter().enumerate() {
                let mut kinds: Vec<&str> = rows
                    .iter()
                    .map(|r| json_kind(&r[key]))
                    .filter(|&k| k != "null")
                    .collect();
                kinds.sort_unstable();
                kinds.dedup();
                assert!(kinds.len() <= 1, "{what}: column {key} mixes {kinds:?}");
                assert!(
                    !kinds.contains(&"object"),
                    "{what}: column {key} holds objects"
                );
                for (row, record) in rows.iter().zip(&records) {
                    let cell = &record[c];
                    match &row[key] {
                        Value::Null => assert_eq!(cell, "", "{what}: {key} null"),
                        Value::Number(x) => {
                            let parsed: f64 = cell.parse().unwrap_or_else(|_| {
                                panic!("{what}: {key} = {cell:?} is not a number")
                            });
                            // serde_json without `float_roundtrip` may read the last digit
                            // one unit off: equal within a few ulps means full precision.
                            let want = x.as_f64().unwrap();
                            assert!(
                                (parsed - want).abs() <= 4.0 * f64::EPSILON * want.abs(),
                                "{what}: {key} = {cell} in CSV, {want} in JSON"
                            );
                        }
                        Value::Bool(b) => assert_eq!(cell, b.to_string(), "{what}: {key}"),
                        Value::String(_) | Value::Array(_) => {
                            // Text never reads as a number in a column the JSON types as text
                            // unless it is one (an id like `2024`): no check beyond the type.
                        }
                        Value::Object(_) => unreachable!(),
                    }
                }
            }
        }
        let org = std::fs::read_to_string(out.join("org.csv")).unwrap();
        assert_eq!(org.lines().count(), 2, "{}: org.csv\n{org}", dir.display());
    }
}

/// The renames of schema version 2 (docs/output.md): the new keys are there, the old ones gone.
#[test]
fn schema_version_2_vocabulary() {
    let doc = analyze_json(&common::root().join("sample-data"), &[]);
    assert_eq!(doc["schema_version"], 2);
    let org = &doc["org"];
    for old in [
        "nodes",
        "edges",
        "weight",
        "seams_total",
        "journeys_with_seam",
        "mean_seams_per_journey",
        "mean_seam_ratio",
        "required_coordination_weight",
        "actual_coordination_weight",
        "shared_ownership",
    ] {
        assert!(org.get(old).is_none(), "org still has {old}");
    }
    assert_eq!(org["teams"], 43);
    assert_eq!(org["handoff_edges"], 133);
    assert_eq!(org["journeys"], 4);
    assert_eq!(org["journey_volume"], 2995);
    assert_eq!(org["journey_volume_with_seam"], 2995);
    assert_eq!(org["seam_volume"], 19370);
    assert_eq!(org["required_dependencies"], 34);
    assert_eq!(org["actual_dependencies"], 29);
    assert_eq!(org["articulation_points"], 3);
    assert_eq!(org["misplaced"], 11);
    assert_eq!(org["shared_systems"], 1);
    assert_eq!(org["betweenness_weight"], "hops");
    let mean = org["volume_weighted_mean_seams"].as_f64().unwrap();
    assert!((mean - 19370.0 / 2995.0).abs() < 1e-12, "{mean}");
    let has = |table: &str, key: &str| doc[table][0].get(key).is_some();
    assert!(has("silos", "teams") && !has("silos", "nodes"));
    assert!(has("units", "in_handoff_graph") && !has("units", "node"));
    assert!(has("journeys", "total_seam_wait_hours") && !has("journeys", "total_seam_wait"));
    assert!(has("journey_kinds", "seam_volume") && !has("journey_kinds", "seams_total"));
    assert!(has("team_pairs", "seam_volume") && !has("team_pairs", "weighted_seams"));
    assert!(has("silo_pairs", "seam_volume"));
    assert!(has("required_coordination", "dependencies"));
    assert!(has("congruence_gaps", "dependencies") && !has("congruence_gaps", "weight"));
    assert!(has("communities", "teams") && !has("communities", "size"));
    assert!(has("bottlenecks", "reasons"));
}

#[test]
fn refuses_to_write_inside_the_input() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export");
    std::fs::create_dir(&export).unwrap();
    for f in ["teams.csv", "handoffs.csv"] {
        std::fs::copy(common::root().join("sample-data").join(f), export.join(f)).unwrap();
    }
    let before = std::fs::read_dir(&export).unwrap().count();
    for out in [export.clone(), export.join("results")] {
        seams()
            .arg("analyze")
            .arg(&export)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("inside"));
    }
    assert_eq!(std::fs::read_dir(&export).unwrap().count(), before);
}

#[test]
fn usage_errors_exit_2_before_reading() {
    let sample = common::root().join("sample-data");
    seams()
        .arg("analyze")
        .arg(&sample)
        .args(["--approx", "1"])
        .assert()
        .code(2);
    seams()
        .arg("analyze")
        .arg(&sample)
        .args(["--silo-level", "9"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("deeper"));
    seams()
        .arg("analyze")
        .arg("no/such/dir")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a directory"));
    seams()
        .arg("analyze")
        .arg(&sample)
        .args(["--weight", "fast"])
        .assert()
        .code(2);
}

#[test]
fn weights_and_sampling_are_recorded() {
    let sample = common::root().join("sample-data");
    let doc = analyze_json(
        &sample,
        &["--weight", "wait", "--approx", "8", "--seed", "5"],
    );
    assert_eq!(doc["org"]["betweenness_weight"], "wait");
    assert_eq!(doc["org"]["betweenness_mode"], "sampled");
    assert_eq!(doc["org"]["betweenness_k"], 8);
    assert_eq!(doc["org"]["betweenness_seed"], 5);
    // K ≥ n means exact.
    let doc = analyze_json(&sample, &["--approx", "1000"]);
    assert_eq!(doc["org"]["betweenness_mode"], "exact");
}

/// Real GOV.UK ownership and dependency data: the Conway reference figures.
#[test]
fn govuk_reproduces_reference_figures() {
    let dir = common::root().join("tests/fixtures/realdata/govuk");
    let refs: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("references.json")).unwrap())
            .unwrap();
    let out = seams().arg("validate").arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "validate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = analyze_json(&dir, &[]);
    let conway = &refs["conway"];
    assert_eq!(
        doc["org"]["required_dependencies"],
        conway["required_coordination_total_weight"]
    );
    assert_eq!(doc["org"]["congruence"].as_f64(), Some(0.0));
    let mine = doc["required_coordination"].as_array().unwrap();
    let expected = conway["required_coordination"].as_array().unwrap();
    assert_eq!(
        mine.len() as u64,
        conway["required_coordination_pairs"].as_u64().unwrap()
    );
    for e in expected {
        let m = mine
            .iter()
            .find(|r| r["team_a"] == e["team_a"] && r["team_b"] == e["team_b"])
            .unwrap_or_else(|| panic!("missing pair {e}"));
        assert_eq!(m["dependencies"], e["weight"], "{e}");
    }
    // Heaviest gap first.
    assert_eq!(doc["congruence_gaps"][0]["team_a"], "govuk-content-apis");
    assert_eq!(
        doc["congruence_gaps"][0]["team_b"],
        "govuk-whitehall-experience-tech"
    );
    assert_eq!(doc["congruence_gaps"][0]["dependencies"], 14);
}

#[test]
fn validate_json_and_text() {
    let sample = common::root().join("sample-data");
    let out = seams()
        .arg("validate")
        .arg(&sample)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["summary"]["units"], 64);
    assert_eq!(
        v["summary"]["units_per_depth"],
        serde_json::json!([1, 6, 14, 43])
    );
    assert_eq!(v["summary"]["silo_level"], 1);
    // schema_version 2: the outputs' one vocabulary (docs/output.md).
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["summary"]["teams"], 43);
    assert_eq!(v["summary"]["handoff_edges"], 133);
    assert!(v["summary"]["silos"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["teams"].is_u64() && s.get("nodes").is_none()));
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("fin-treasury")));
    seams()
        .arg("validate")
        .arg(&sample)
        .assert()
        .success()
        .stdout(predicates::str::contains("Silo level 1"))
        .stdout(predicates::str::contains("OK: the export is valid."));
}

#[test]
fn text_summary_snapshot() {
    let out = seams()
        .arg("analyze")
        .arg("sample-data")
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(
        "analyze_sample_data",
        String::from_utf8(out.stdout).unwrap()
    );
}

#[test]
fn broken_pipe_is_not_an_error() {
    // `seams analyze | head -1`: the reader goes away early; seams must not complain.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("seams"))
        .args(["analyze", "--format", "json"])
        .arg(common::root().join("tests/fixtures/orgs/gen-1000"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// sample-data/README.md, story 2: customer data in four silos, in four disconnected stores;
/// the order-management and payment systems are what three silos already build on; with
/// `--agents 6` (six silos) every silo gets a change agent.
#[test]
fn customer_data_platforms_and_change_agents() {
    let doc = analyze_json(&common::root().join("sample-data"), &["--agents", "6"]);
    let org = &doc["org"];
    assert_eq!(org["customer_data_silos"], 4);
    assert_eq!(org["customer_data_stores"], 4);
    let stores: Vec<u64> = doc["customer_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["store"].as_u64().unwrap())
        .collect();
    assert_eq!(stores, [1, 2, 3, 4]);
    let platforms: Vec<&str> = doc["platform_candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["system"].as_str().unwrap())
        .collect();
    assert_eq!(platforms, ["order-management", "payment-gateway"]);
    let agents = doc["change_agents"].as_array().unwrap();
    assert_eq!(agents.len(), 6);
    let mut silos: Vec<&str> = agents.iter().map(|r| r["silo"].as_str().unwrap()).collect();
    silos.sort_unstable();
    silos.dedup();
    assert_eq!(silos.len(), 6, "one agent per silo: {silos:?}");
    assert_eq!(agents[0]["unit"], "it-integration");
    let share = org["change_agents_share_covered"].as_f64().unwrap();
    assert!(share > 0.8 && share <= 1.0, "{share}");
    // Without --agents the table is there and empty.
    let plain = analyze_json(&common::root().join("sample-data"), &[]);
    assert_eq!(plain["change_agents"].as_array().unwrap().len(), 0);
    assert!(plain["org"]["change_agents_share_covered"].is_null());
}
