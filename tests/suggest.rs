//! `seams suggest` through the binary (docs/suggest.md): deterministic, within every limit,
//! never worse than today nor than the community baseline, figures that match a model
//! rebuilt from the suggested moves, and a changes file of the documented shape.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use seams::model::{ModelOptions, Org};
use serde_json::Value;

fn seams() -> Command {
    Command::cargo_bin("seams").expect("binary built")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// A generated org (400 teams), written once per test into its own directory.
fn generated(dir: &Path) -> PathBuf {
    let out = dir.join("org");
    seams()
        .args(["generate", "--teams", "400", "--seed", "3", "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

fn run_json(dir: &Path, extra: &[&str]) -> Value {
    let out = seams()
        .arg("suggest")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn load(dir: &Path) -> Org {
    seams::load(dir, &ModelOptions::default()).unwrap().0
}

fn unit_index(org: &Org, id: &str) -> u32 {
    org.export
        .units
        .binary_search_by(|u| u.id.as_str().cmp(id))
        .unwrap_or_else(|_| panic!("unknown unit {id}")) as u32
}

/// Applies the suggested moves to the export and rebuilds the model at the same silo level.
fn after_moves(org: &Org, doc: &Value) -> Org {
    let mut export = org.export.clone();
    for m in doc["moves"].as_array().unwrap() {
        let u = unit_index(org, m["unit"].as_str().unwrap());
        let p = unit_index(org, m["to_parent"].as_str().unwrap());
        export.units[u as usize].parent = Some(p);
    }
    let options = ModelOptions {
        silo_level: Some(org.silos.level),
    };
    Org::build(export, &options).unwrap().0
}

fn silo_of(org: &Org, id: &str) -> String {
    let u = unit_index(org, id);
    org.unit_id(org.silos.silo_of(u)).to_string()
}

/// Every limit and guarantee of one run.
fn check_run(dir: &Path, doc: &Value, max_moves: usize, balance: f64, fixed: &[&str], cf: bool) {
    let org = load(dir);
    let moves = doc["moves"].as_array().unwrap();
    assert!(
        moves.len() <= max_moves,
        "{} moves > {max_moves}",
        moves.len()
    );
    let before = doc["before"]["objective"].as_f64().unwrap();
    let last = moves
        .last()
        .map_or(before, |m| m["after"]["objective"].as_f64().unwrap());
    assert!(last <= before + 1e-9, "worse than today: {last} > {before}");
    let baseline = doc["baseline"]["objective"].as_f64().unwrap();
    assert!(
        last <= baseline + 1e-6,
        "worse than the baseline: {last} > {baseline}"
    );
    // Balance: every silo within ±B of today after every step.
    let today: Vec<(String, f64)> = doc["before"]["silo_sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["silo"].as_str().unwrap().to_string(),
                s["size"].as_f64().unwrap(),
            )
        })
        .collect();
    for m in moves {
        for (s, size) in m["after"]["silo_sizes"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&today)
        {
            assert_eq!(s["silo"].as_str().unwrap(), size.0);
            let now = s["size"].as_f64().unwrap();
            assert!(
                (now - size.1).abs() <= balance * size.1 + 1e-6,
                "silo {} from {} to {now} (balance {balance})",
                size.0,
                size.1
            );
        }
    }
    // The figures are those of the model rebuilt from the moves.
    let next = after_moves(&org, doc);
    if doc["objective"] == "handoffs" {
        let e = seams::metrics::silo::silo_metrics(&next).org_external_volume;
        assert!((e - last).abs() < 1e-6, "rebuilt E {e} vs reported {last}");
    }
    // Fixed units and (unless allowed) customer-facing units keep their place.
    let mut stay: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    if !cf {
        stay.extend(
            org.export
                .units
                .iter()
                .filter(|u| u.customer_facing == Some(true))
                .map(|u| u.id.clone()),
        );
    }
    for id in &stay {
        assert_eq!(silo_of(&org, id), silo_of(&next, id), "{id} moved");
        let u = unit_index(&org, id) as usize;
        assert_eq!(
            org.export.units[u].parent, next.export.units[u].parent,
            "{id} moved"
        );
    }
}

#[test]
fn sample_data_defaults() {
    let doc = run_json(&sample(), &[]);
    assert!(!doc["moves"].as_array().unwrap().is_empty());
    check_run(&sample(), &doc, 5, 0.2, &[], false);
}

#[test]
fn sample_data_every_limit() {
    let fixed = ["merchandising", "risk-credit-decisions"];
    let doc = run_json(
        &sample(),
        &[
            "--max-moves",
            "2",
            "--balance",
            "0.1",
            "--fixed",
            "merchandising,risk-credit-decisions",
        ],
    );
    check_run(&sample(), &doc, 2, 0.1, &fixed, false);
    let doc = run_json(&sample(), &["--balance", "1", "--move-customer-facing"]);
    check_run(&sample(), &doc, 5, 1.0, &[], true);
    let doc = run_json(&sample(), &["--objective", "journeys", "--balance", "0.5"]);
    check_run(&sample(), &doc, 5, 0.5, &[], false);
    let doc = run_json(&sample(), &["--max-moves", "0"]);
    assert!(doc["moves"].as_array().unwrap().is_empty());
}

#[test]
fn generated_org_is_deterministic_and_within_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = generated(tmp.path());
    let a = seams()
        .arg("suggest")
        .arg(&dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let b = seams()
        .arg("suggest")
        .arg(&dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout, "two runs differ");
    let doc: Value = serde_json::from_slice(&a.stdout).unwrap();
    check_run(&dir, &doc, 5, 0.2, &[], false);
    let doc = run_json(&dir, &["--max-moves", "8", "--balance", "0.05"]);
    check_run(&dir, &doc, 8, 0.05, &[], false);
    let text1 = seams().arg("suggest").arg(&dir).output().unwrap();
    let text2 = seams().arg("suggest").arg(&dir).output().unwrap();
    assert_eq!(text1.stdout, text2.stdout);
}

#[test]
fn changes_file_has_the_documented_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("changes.toml");
    seams()
        .arg("suggest")
        .arg(sample())
        .arg("--write-changes")
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# Changes suggested by `seams suggest"));
    let doc: toml::Table = text.parse().unwrap();
    let doc_keys: Vec<&String> = doc.keys().collect();
    assert_eq!(doc_keys, ["channel", "move"]);
    let org = load(&sample());
    let json = run_json(&sample(), &[]);
    let moves = doc["move"].as_array().unwrap();
    assert_eq!(moves.len(), json["moves"].as_array().unwrap().len());
    for (m, j) in moves.iter().zip(json["moves"].as_array().unwrap()) {
        let t = m.as_table().unwrap();
        assert_eq!(t.keys().collect::<Vec<_>>(), ["parent", "unit"]);
        assert_eq!(t["unit"].as_str(), j["unit"].as_str());
        assert_eq!(t["parent"].as_str(), j["to_parent"].as_str());
        unit_index(&org, t["parent"].as_str().unwrap());
    }
    for c in doc["channel"].as_array().unwrap() {
        let t = c.as_table().unwrap();
        assert_eq!(t.keys().collect::<Vec<_>>(), ["from", "to", "volume"]);
        unit_index(&org, t["from"].as_str().unwrap());
        unit_index(&org, t["to"].as_str().unwrap());
        assert!(t["volume"].as_integer().unwrap() > 0);
    }
}

#[test]
fn bad_flags_exit_2() {
    seams()
        .arg("suggest")
        .arg(sample())
        .args(["--fixed", "no-such-team"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no-such-team"));
    seams()
        .arg("suggest")
        .arg(sample())
        .args(["--balance", "-1"])
        .assert()
        .code(2);
    // The changes file may not land inside the export.
    seams()
        .arg("suggest")
        .arg(sample())
        .arg("--write-changes")
        .arg(sample().join("changes.toml"))
        .assert()
        .code(2);
    assert!(!sample().join("changes.toml").exists());
}

/// The suggestion's changes file round-trips through `seams whatif` to the figures `suggest`
/// printed: with moves only, the org-wide E-I and modularity after the last move; with the
/// channels, the congruence after the last channel.
#[test]
fn write_changes_round_trips_through_whatif() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_seams");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let json = |args: &[&std::ffi::OsStr]| -> serde_json::Value {
        let out = std::process::Command::new(bin).args(args).output().unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let figure = |doc: &serde_json::Value, key: &str| -> f64 {
        doc["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["figure"] == key)
            .unwrap_or_else(|| panic!("no figure {key}"))["candidate"]
            .as_f64()
            .unwrap()
    };
    for channels in ["0", "3"] {
        let changes = tmp.path().join(format!("changes-{channels}.toml"));
        let s = json(&[
            "suggest".as_ref(),
            sample.as_os_str(),
            "--channels".as_ref(),
            channels.as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--write-changes".as_ref(),
            changes.as_os_str(),
        ]);
        let w = json(&[
            "whatif".as_ref(),
            sample.as_os_str(),
            "--changes".as_ref(),
            changes.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        let last = &s["moves"].as_array().unwrap().last().expect("a move")["after"];
        if channels == "0" {
            for (ours, theirs) in [("ei_index", "ei_index"), ("modularity", "modularity")] {
                let a = last[ours].as_f64().unwrap();
                let b = figure(&w, theirs);
                assert!((a - b).abs() < 1e-12, "{ours}: suggest {a}, whatif {b}");
            }
        } else {
            let c = s["channels"].as_array().unwrap().last().unwrap()["congruence"]
                .as_f64()
                .unwrap();
            let b = figure(&w, "congruence");
            assert!((c - b).abs() < 1e-12, "congruence: suggest {c}, whatif {b}");
        }
    }
}
