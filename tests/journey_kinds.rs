//! Employee journeys beside customer journeys ("symmetry of attention"): the `kind` column of
//! journeys.csv, the `journey_kinds` table, the org key and the report sentence, end to end
//! (docs/output.md, docs/input-format.md).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn seams() -> Command {
    Command::cargo_bin("seams").expect("binary built")
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/good-inputs/employee-journeys")
}

fn analyze_json(dir: &Path) -> Value {
    let out = seams()
        .arg("analyze")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn kinds_are_reported_side_by_side() {
    let doc = analyze_json(&fixture());
    // Customer: order 1 seam × 80 (1 gap × 80), return 1 seam × 10 (2 gaps × 10), both
    // crossing silos: 90 / 100. Employee: onboarding hr→it→hr→warehouse 3 seams × 2 (one,
    // hr→warehouse, crosses silos) over 3 gaps × 2; expenses hr→hr 0 seams over 1 gap × 4:
    // 6 / 10 and 2 / 10.
    assert_eq!(
        doc["journey_kinds"],
        json!([
            {"kind": "customer", "journeys": 2, "seam_volume": 90, "seams_per_step": 0.9,
             "cross_silo_seams_per_step": 0.9},
            {"kind": "employee", "journeys": 2, "seam_volume": 6, "seams_per_step": 0.6,
             "cross_silo_seams_per_step": 0.2},
        ])
    );
    assert_eq!(doc["org"]["employee_journeys"], 2);
    let kinds: Vec<(&str, &str)> = doc["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| (j["journey"].as_str().unwrap(), j["kind"].as_str().unwrap()))
        .collect();
    // A blank cell means customer; `Employee` is read in any case.
    assert_eq!(
        kinds,
        [
            ("expenses", "employee"),
            ("onboarding", "employee"),
            ("order", "customer"),
            ("return", "customer"),
        ]
    );
}

#[test]
fn csv_tables_carry_the_kind() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("tables");
    seams()
        .arg("analyze")
        .arg(fixture())
        .arg("--out")
        .arg(&dir)
        .assert()
        .success();
    let kinds = std::fs::read_to_string(dir.join("journey_kinds.csv")).unwrap();
    assert_eq!(
        kinds.lines().collect::<Vec<_>>(),
        [
            "kind,journeys,seam_volume,seams_per_step,cross_silo_seams_per_step",
            "customer,2,90,0.9,0.9",
            "employee,2,6,0.6,0.2",
        ]
    );
    let journeys = std::fs::read_to_string(dir.join("journeys.csv")).unwrap();
    let mut lines = journeys.lines();
    // `kind`, then `rank` (the journey ranking) last.
    assert!(lines.next().unwrap().ends_with(",seam_ratio,kind,rank"));
    assert!(lines.next().unwrap().starts_with("expenses,"));
    let kind_of = |n: usize| {
        let line = journeys.lines().nth(n).unwrap().to_string();
        let cells: Vec<&str> = line.split(',').collect();
        cells[cells.len() - 2].to_string()
    };
    assert_eq!(kind_of(1), "employee");
    assert_eq!(kind_of(3), "customer");
}

#[test]
fn the_report_compares_employees_with_customers() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("report");
    seams()
        .arg("report")
        .arg(fixture())
        .arg("--out")
        .arg(&dir)
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        md.contains(
            "Employees' own journeys have **0.6 seams per step** against **0.9** for \
             customers' (symmetry of attention)."
        ),
        "{md}"
    );
}

#[test]
fn bad_and_changing_kinds_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture().join("teams.csv"), dir.path().join("teams.csv")).unwrap();
    std::fs::write(
        dir.path().join("journeys.csv"),
        "journey,step,team,kind\norder,1,web,partner\nclaim,1,hr,employee\nclaim,2,it,\n",
    )
    .unwrap();
    let out = seams().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("journeys.csv:2:"), "{text}");
    assert!(
        text.contains("kind `partner` is not a journey kind (expected customer or employee)"),
        "{text}"
    );
    assert!(text.contains("journeys.csv:4:"), "{text}");
    assert!(text.contains("differs from employee on line 3"), "{text}");
}
