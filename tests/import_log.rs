//! `seams import-log` through the binary: the WABO receipt log (a real municipality's
//! building-permit process) against pm4py's figures in `references.json`, and the command's
//! contract (valid export, determinism, errors with file:line, refusal to write near the input).

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use seams::metrics::process::process_mining;
use seams::metrics::seams::journey_seams;
use seams::model::{ModelOptions, Org};
use serde_json::Value;

fn wabo_dir() -> PathBuf {
    common::root().join("tests/fixtures/realdata/wabo-receipt")
}

fn seams_cmd() -> Command {
    Command::cargo_bin("seams").expect("the seams binary")
}

fn references() -> Value {
    let text = std::fs::read_to_string(wabo_dir().join("references.json")).expect("references");
    serde_json::from_str(&text).expect("references.json is JSON")
}

fn id(org: &Org, u: u32) -> &str {
    &org.export.units[u as usize].id
}

#[test]
fn wabo_agrees_with_pm4py() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("wabo");
    common::import_wabo(&out, &[]).success().stdout(predicate::str::contains(
        "8577 events in 1434 cases → 10 teams, 8577 journey steps, 5440 seams over 43 handoff pairs",
    ));
    let org = common::load(&out, &ModelOptions::default());
    let r = &references()["seams"]["group"];
    let int = |v: &Value| v.as_u64().expect("integer") as usize;

    assert_eq!(org.export.units.len(), int(&r["distinct_teams"]));
    assert_eq!(org.export.journeys.len(), int(&r["cases"]));
    let steps: usize = org.export.journeys.iter().map(|j| j.steps.len()).sum();
    assert_eq!(steps, int(&r["events"]));

    let s = journey_seams(&org);
    assert_eq!(
        s.seams_total,
        r["seams_total"].as_f64().unwrap(),
        "seams_total"
    );
    assert_eq!(
        s.journeys_with_seam,
        r["cases_with_seam"].as_f64().unwrap(),
        "cases with a seam"
    );
    let max = s.journeys.iter().map(|j| j.seams).max().unwrap();
    assert_eq!(max, int(&r["max_seams_per_case"]), "max seams per case");
    common::close(
        "mean seams per case",
        s.mean_seams_per_journey,
        &r["mean_seams_per_case"],
    );
    common::close(
        "mean seam ratio",
        s.mean_seam_ratio,
        &r["mean_seam_ratio_over_cases_with_2plus_steps"],
    );
    let one_step = s.journeys.iter().filter(|j| j.steps == 1).count();
    assert_eq!(one_step, int(&r["one_step_cases"]), "one-step cases");
    assert_eq!(
        s.team_pairs.len(),
        int(&r["distinct_seam_pairs"]),
        "distinct seam pairs"
    );
    for (k, want) in r["top_seam_pairs"].as_array().unwrap().iter().enumerate() {
        let got = &s.team_pairs[k];
        assert_eq!(
            (id(&org, got.from), id(&org, got.to), got.seams),
            (
                want["from"].as_str().unwrap(),
                want["to"].as_str().unwrap(),
                int(&want["seams"])
            ),
            "seam pair #{}",
            k + 1
        );
    }

    // pm4py's handover-of-work network (beta = 0): counts and relative values.
    let h = &r["pm4py_handover_of_work"];
    let p = process_mining(&org);
    assert_eq!(p.consecutive_pairs, int(&r["consecutive_pairs"]));
    assert_eq!(
        p.consecutive_pairs,
        int(&h["denominator_pairs_used_to_scale"])
    );
    assert_eq!(p.handover.len(), int(&h["arcs_excluding_self"]));
    assert_eq!(
        p.handover.len() + p.repeats.len(),
        int(&h["arcs_including_self"])
    );
    let cross: usize = p.handover.iter().map(|c| c.count).sum();
    assert_eq!(cross, int(&h["cross_pairs_total_from_pm4py"]));
    let shares: f64 = p
        .handover
        .iter()
        .chain(&p.repeats)
        .filter_map(|c| c.share)
        .sum();
    common::close("sum of shares", Some(shares), &h["sum_of_relative_values"]);
    for (k, want) in h["top_cross_arcs"].as_array().unwrap().iter().enumerate() {
        let got = &p.handover[k];
        assert_eq!(
            (id(&org, got.from), id(&org, got.to), got.count),
            (
                want["from"].as_str().unwrap(),
                want["to"].as_str().unwrap(),
                int(&want["count"])
            ),
            "handover arc #{}",
            k + 1
        );
        // references.json rounds the relative value to 9 decimals.
        let rel = want["relative"].as_f64().unwrap();
        assert!(
            (got.share.unwrap() - rel).abs() < 6e-10,
            "arc #{}: share {:?} vs {rel}",
            k + 1,
            got.share
        );
    }
    for (k, want) in h["top_self_pairs"].as_array().unwrap().iter().enumerate() {
        let got = &p.repeats[k];
        assert_eq!(
            (id(&org, got.from), got.count),
            (want["team"].as_str().unwrap(), int(&want["count"])),
            "self pair #{}",
            k + 1
        );
        let rel = want["relative"].as_f64().unwrap();
        assert!(
            (got.share.unwrap() - rel).abs() < 6e-10,
            "self pair #{}",
            k + 1
        );
    }
    // Every journey in a variant; no case is lost.
    let in_variants: usize = p.variants.iter().map(|v| v.journeys).sum();
    assert_eq!(in_variants, org.export.journeys.len());

    // Variants and ping-pong are not in references.json; these figures come from an independent
    // Python count over events.csv (group sequence per case sorted by (timestamp, row), repeats
    // collapsed; `collections.Counter` of the sequences; ping-pong = a group twice in one).
    assert_eq!(p.variants.len(), 182, "variants");
    let top: Vec<(usize, String)> = p
        .variants
        .iter()
        .take(5)
        .map(|v| {
            let names: Vec<&str> = v.teams.iter().map(|&u| id(&org, u)).collect();
            (v.journeys, names.join(" → "))
        })
        .collect();
    let want = [
        (486, "EMPTY → Group 4 → Group 3 → Group 2 → Group 1"),
        (100, "Group 1 → Group 4 → Group 3 → Group 2 → Group 1"),
        (86, "EMPTY"),
        (43, "EMPTY → Group 4 → Group 1 → Group 3 → Group 2"),
        (39, "EMPTY → Group 1 → EMPTY → Group 3 → Group 2"),
    ];
    let want: Vec<(usize, String)> = want.iter().map(|&(n, s)| (n, s.to_string())).collect();
    assert_eq!(top, want, "top variants");
    assert_eq!(p.ping_pong_journeys, 577, "ping-pong cases");
    assert_eq!(
        p.ping_pong.iter().map(|x| x.returns).sum::<usize>(),
        951,
        "returns"
    );
}

#[test]
fn output_is_a_valid_deterministic_export() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    common::import_wabo(&a, &["--collapse-repeats"]).success();
    common::import_wabo(&b, &["--collapse-repeats"]).success();
    for f in ["teams.csv", "handoffs.csv", "journeys.csv", "export.toml"] {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs between two runs");
    }
    seams_cmd().arg("validate").arg(&a).assert().success();
    // Collapsing repeats leaves handoffs and seams unchanged and removes the same-team pairs:
    // 8,577 events − 1,346 − 353 − 3 − 1 = 6,874 steps.
    let org = common::load(&a, &ModelOptions::default());
    let steps: usize = org.export.journeys.iter().map(|j| j.steps.len()).sum();
    assert_eq!(steps, 8577 - 1346 - 353 - 3 - 1);
    assert_eq!(journey_seams(&org).seams_total, 5440.0);
    assert!(process_mining(&org).repeats.is_empty());
}

#[test]
fn silo_column_builds_a_hierarchy() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("wabo-silo");
    // `case_department` as the silo column: departments become roots, groups their children.
    common::import_wabo(&out, &["--silo", "case_department"])
        .success()
        .stdout(predicate::str::contains("under"));
    seams_cmd().arg("validate").arg(&out).assert().success();
    let org = common::load(&out, &ModelOptions::default());
    let roots = org
        .export
        .units
        .iter()
        .filter(|u| u.parent.is_none())
        .count();
    assert!(roots >= 1 && roots < org.export.units.len());
}

/// Writes `log` as `dir/log.csv` and returns the path.
fn write_log(dir: &Path, log: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("log.csv");
    std::fs::write(&path, log).unwrap();
    path
}

fn import(file: &Path, out: &Path) -> assert_cmd::assert::Assert {
    seams_cmd()
        .arg("import-log")
        .arg(file)
        .args([
            "--case",
            "case",
            "--activity",
            "act",
            "--time",
            "t",
            "--team",
            "team",
            "--out",
        ])
        .arg(out)
        .assert()
}

#[test]
fn errors_are_listed_with_file_and_line_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let log = write_log(
        &tmp.path().join("in"),
        "case,act,t,team\nc,a,2024-01-01T00:00:00Z,A\nc,b,tomorrow,B\nc,c,2024-01-01T00:00:00Z,customer\n",
    );
    let out = tmp.path().join("out");
    import(&log, &out)
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:3: `t`: `tomorrow` is not a timestamp",
            log.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}:4: `team` is `customer`",
            log.display()
        )))
        .stderr(predicate::str::contains("2 error(s)"));
    assert!(!out.exists(), "nothing may be written on error");
}

#[test]
fn refuses_to_write_over_the_log_but_not_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    let log = write_log(&dir, "case,act,t,team\nc,a,1,A\n");
    // An output directory holding the log would replace it (docs/output.md).
    import(&log, &dir)
        .code(2)
        .stderr(predicate::str::contains("refusing to write"));
    assert!(log.is_file());
    // Beside the log is normal.
    import(&log, &dir.join("export")).success();
    import(&log, &tmp.path().join("export")).success();
    seams_cmd()
        .arg("validate")
        .arg(tmp.path().join("export"))
        .assert()
        .success();
}

#[test]
fn help_teaches_with_an_example() {
    seams_cmd()
        .args(["import-log", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "seams import-log tests/fixtures/realdata/wabo-receipt/events.csv",
        ))
        .stdout(predicate::str::contains("--collapse-repeats"));
}

/// Case, team and activity values a spreadsheet would run as formulas.
const HOSTILE_LOG: &str = "case,act,t,team\n\
    \"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",+cmd,2024-01-01T00:00:00Z,@SUM(1)\n\
    \"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-2+3,2024-01-01T01:00:00Z,=A1\n\
    \"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",@me,2024-01-01T02:00:00Z,'=already quoted\n\
    -2+3,=cmd|' /C calc'!A0,2024-01-01T00:00:00Z,=A1\n\
    -2+3,plain,2024-01-01T00:30:00Z,+cmd\n";

#[test]
fn formula_like_values_are_neutralised_and_read_back_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let log = write_log(&tmp.path().join("in"), HOSTILE_LOG);
    let out = tmp.path().join("out");
    import(&log, &out).success();

    // No cell of any written file starts like a formula.
    for f in ["teams.csv", "handoffs.csv", "journeys.csv"] {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(out.join(f))
            .unwrap();
        let mut cells = 0;
        for record in r.records() {
            for cell in record.unwrap().iter() {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{f}: {cell:?} starts like a formula"
                );
            }
        }
        assert!(cells > 4, "{f} is empty");
    }
    let journeys = std::fs::read_to_string(out.join("journeys.csv")).unwrap();
    assert!(
        journeys.contains("'-2+3,1,'=A1,'=cmd|' /C calc'!A0,\n"),
        "{journeys}"
    );

    // validate and analyze read the original values back.
    seams_cmd().arg("validate").arg(&out).assert().success();
    let analyzed = seams_cmd()
        .arg("analyze")
        .arg(&out)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(analyzed.status.success());
    let doc: Value = serde_json::from_slice(&analyzed.stdout).unwrap();
    let strings = |table: &str, key: &str| -> Vec<String> {
        let mut v: Vec<String> = doc[table]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row[key].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        strings("units", "unit"),
        ["'=already quoted", "+cmd", "=A1", "@SUM(1)"]
    );
    assert_eq!(
        strings("journeys", "journey"),
        ["-2+3", "=HYPERLINK(\"http://evil\",\"x\")"]
    );
    assert_eq!(
        strings("seams", "activity"),
        ["-2+3", "@me", "plain"],
        "the activity of each seam's receiving step"
    );
}

#[test]
fn two_roles_on_one_column_are_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let log = write_log(&tmp.path().join("in"), "case,act,t,team\nc,a,1,A\n");
    let out = tmp.path().join("out");
    seams_cmd()
        .arg("import-log")
        .arg(&log)
        .args(["--case", "case", "--activity", "act", "--time", "t"])
        .args(["--team", "Case", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--case and --team both name column `Case`",
        ));
    assert!(!out.exists());
}

/// `import-log FILE` with the columns `case,act,t,team` and `args` (no --out).
fn import_with(file: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    seams_cmd()
        .arg("import-log")
        .arg(file)
        .args(["--case", "case", "--activity", "act", "--time", "t"])
        .args(["--team", "team"])
        .args(args)
        .assert()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn a_missing_log_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    import(&tmp.path().join("absent.csv"), &out)
        .code(2)
        .stderr(predicate::str::contains("absent.csv: no such file"));
    assert!(!out.exists());
}

#[test]
fn day_first_times_need_and_take_a_time_format() {
    let tmp = tempfile::tempdir().unwrap();
    let log = write_log(
        tmp.path(),
        "case,act,t,team\nc,a,31.03.2010 14:59,A\nc,b,31.03.2010 16:29,B\n",
    );
    let out = tmp.path().join("out");
    import(&log, &out).code(2).stderr(predicate::str::contains(
        "this looks day-first: try --time-format \"%d.%m.%Y %H:%M\")",
    ));
    assert!(!out.exists());
    import_with(
        &log,
        &["--time-format", "%d.%m.%Y %H:%M", "--out", path_str(&out)],
    )
    .success();
    let handoffs = std::fs::read_to_string(out.join("handoffs.csv")).unwrap();
    assert_eq!(handoffs, "from,to,volume,wait_hours\nA,B,1,1.5\n");
    // With a zone, the offset-less times are local: 14:59 in Amsterdam (summer time) is 12:59Z.
    let zoned = tmp.path().join("zoned");
    import_with(
        &log,
        &[
            "--time-format",
            "%d.%m.%Y %H:%M",
            "--timezone",
            "Europe/Amsterdam",
            "--until",
            "2010-03-31T13:00:00Z",
            "--out",
            path_str(&zoned),
        ],
    )
    .success();
    let meta = std::fs::read_to_string(zoned.join("export.toml")).unwrap();
    assert!(
        meta.contains("first_event = \"2010-03-31T12:59:00Z\""),
        "{meta}"
    );
    // A pattern jiff cannot use is refused before the log is read.
    import_with(
        &log,
        &["--time-format", "%Y-%m-%d %!", "--out", path_str(&out)],
    )
    .code(2)
    .stderr(predicate::str::contains("is not a pattern"));
    import_with(
        &log,
        &["--timezone", "Mars/Olympus", "--out", path_str(&out)],
    )
    .code(2)
    .stderr(predicate::str::contains("is not a time zone"));
}

/// An HR-style hierarchy: a company, two departments, their teams (no handoffs yet).
const HR_TEAMS: &str = "id,parent,kind,name\n\
    acme,,company,Acme\n\
    support,acme,department,Support\n\
    service-desk-emea,support,team,Service desk EMEA\n\
    service-desk-apac,support,team,Service desk APAC\n\
    it,acme,department,IT\n\
    network-ops,it,team,Network operations\n";

fn hr_export(dir: &Path) -> PathBuf {
    let export = dir.join("hr");
    std::fs::create_dir_all(&export).unwrap();
    std::fs::write(export.join("teams.csv"), HR_TEAMS).unwrap();
    std::fs::write(
        export.join("systems.csv"),
        "id,owner\ncrm,service-desk-emea\n",
    )
    .unwrap();
    std::fs::write(export.join("journeys.csv"), "journey,step,team\nold,1,it\n").unwrap();
    export
}

#[test]
fn into_an_existing_export_with_a_map() {
    let tmp = tempfile::tempdir().unwrap();
    let export = hr_export(tmp.path());
    let log = write_log(
        &tmp.path().join("logs"),
        "case,act,t,team\n\
         1,Customer calls,2024-01-01T08:00:00Z,SD-EMEA-2nd\n\
         1,Fix,2024-01-01T09:00:00Z,NetOps\n\
         2,Customer calls,2024-01-02T08:00:00Z,SD-EMEA-1st\n\
         2,Escalate,2024-01-02T08:30:00Z,SD-EMEA-2nd\n\
         2,Fix,2024-01-02T10:00:00Z,servce-desk-apac\n",
    );
    let map = tmp.path().join("map.csv");
    std::fs::write(
        &map,
        "value,unit\nSD-EMEA-1st,service-desk-emea\nSD-EMEA-2nd,service-desk-emea\nNetOps,network-ops\nHR-Payroll,service-desk-apac\n",
    )
    .unwrap();
    let before = std::fs::read(export.join("teams.csv")).unwrap();
    let systems_before = std::fs::read(export.join("systems.csv")).unwrap();
    let old_journeys = std::fs::read(export.join("journeys.csv")).unwrap();
    // The misspelt group is not a unit: an error at its first event, with the closest id.
    let into = ["--into", path_str(&export), "--map", path_str(&map)];
    import_with(&log, &into)
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:6: team `servce-desk-apac` (first event here) is not a unit of",
            log.display()
        )))
        .stderr(predicate::str::contains(
            "did you mean `service-desk-apac`?",
        ))
        .stderr(predicate::str::contains(format!(
            "{}:5: `HR-Payroll` is not a team of the log: the row is unused",
            map.display()
        )));
    assert_eq!(
        std::fs::read(export.join("journeys.csv")).unwrap(),
        old_journeys
    );
    assert!(
        !export.join("handoffs.csv").exists(),
        "nothing written on error"
    );
    // Fixed in the map: the two EMEA groups are one unit, so 1st → 2nd is no handoff.
    std::fs::write(
        &map,
        "value,unit\nSD-EMEA-1st,service-desk-emea\nSD-EMEA-2nd,service-desk-emea\nNetOps,network-ops\nservce-desk-apac,service-desk-apac\n",
    )
    .unwrap();
    import_with(&log, &into)
        .success()
        .stdout(predicate::str::contains("3 teams"));
    assert_eq!(std::fs::read(export.join("teams.csv")).unwrap(), before);
    assert_eq!(
        std::fs::read(export.join("systems.csv")).unwrap(),
        systems_before
    );
    assert_eq!(
        std::fs::read_to_string(export.join("handoffs.csv")).unwrap(),
        "from,to,volume,wait_hours\nservice-desk-emea,network-ops,1,1\nservice-desk-emea,service-desk-apac,1,1.5\n"
    );
    let journeys = std::fs::read_to_string(export.join("journeys.csv")).unwrap();
    assert!(
        journeys.contains("2,2,service-desk-emea,Escalate,0.5\n"),
        "{journeys}"
    );
    assert!(export.join("export.toml").exists());
    // No temporary or backup file is left behind.
    let names: Vec<String> = std::fs::read_dir(&export)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    seams_cmd().arg("validate").arg(&export).assert().success();
    // --into and --out exclude each other; --silo is refused with --into; --map needs --into.
    import_with(
        &log,
        &[
            "--into",
            path_str(&export),
            "--out",
            path_str(&tmp.path().join("o")),
        ],
    )
    .code(2);
    import_with(&log, &["--into", path_str(&export), "--silo", "act"]).code(2);
    import_with(
        &log,
        &[
            "--map",
            path_str(&map),
            "--out",
            path_str(&tmp.path().join("o")),
        ],
    )
    .code(2);
    // Without the map the log's values are no units: each is listed once.
    import_with(&log, &["--into", path_str(&export)])
        .code(2)
        .stderr(predicate::str::contains("team `SD-EMEA-1st`"))
        .stderr(predicate::str::contains("4 error(s)"));
    // The log may not be one of the files --into replaces.
    let inside = export.join("journeys.csv");
    std::fs::write(&inside, "case,act,t,team\nc,a,1,network-ops\n").unwrap();
    import_with(&inside, &["--into", path_str(&export)])
        .code(2)
        .stderr(predicate::str::contains("refusing to write"));
    assert_eq!(
        std::fs::read_to_string(&inside).unwrap(),
        "case,act,t,team\nc,a,1,network-ops\n"
    );
    // A directory without teams.csv is no export.
    import_with(&log, &["--into", path_str(&tmp.path().join("logs"))])
        .code(2)
        .stderr(predicate::str::contains("it has no teams.csv"));
}

#[test]
fn customer_marking_makes_distance_defined() {
    let tmp = tempfile::tempdir().unwrap();
    let log = write_log(
        tmp.path(),
        "case,act,t,team\n\
         x,Customer calls,1,front\nx,Check,2,back\nx,Call customer,3,back\nx,Fix,4,ops\nx,Customer informed,5,front\n\
         y,Fix,1,ops\n",
    );
    // Without marking, nobody is reachable from the customer.
    let plain = tmp.path().join("plain");
    import_with(&log, &["--out", path_str(&plain)]).success();
    let org = common::load(&plain, &ModelOptions::default());
    let d = seams::metrics::distance::customer_distance(&org);
    assert_eq!(d.unreachable.len(), 3);

    let out = tmp.path().join("marked");
    import_with(
        &log,
        &[
            "--customer-activity",
            "Customer.*|Call.*",
            "--out",
            path_str(&out),
        ],
    )
    .success()
    .stdout(predicate::str::contains("4 handoffs with the customer"));
    // customer → front (starts x), back ⇄ customer (round trip), front → customer (ends x).
    assert_eq!(
        std::fs::read_to_string(out.join("handoffs.csv")).unwrap(),
        "from,to,volume,wait_hours\n\
         customer,back,1,\ncustomer,front,1,\n\
         back,customer,1,\nback,ops,1,0.0002777777777777778\n\
         front,customer,1,\nfront,back,1,0.0002777777777777778\n\
         ops,front,1,0.0002777777777777778\n"
    );
    seams_cmd().arg("validate").arg(&out).assert().success();
    let org = common::load(&out, &ModelOptions::default());
    let d = seams::metrics::distance::customer_distance(&org);
    assert!(d.unreachable.is_empty());
    assert_eq!(d.max_distance, Some(2));

    // --customer-team marks teams customer-facing instead.
    let facing = tmp.path().join("facing");
    import_with(
        &log,
        &["--customer-team", "front", "--out", path_str(&facing)],
    )
    .success();
    assert_eq!(
        std::fs::read_to_string(facing.join("teams.csv")).unwrap(),
        "id,parent,kind,events,customer_facing\nback,,team,2,\nfront,,team,2,true\nops,,team,2,\n"
    );
    let org = common::load(&facing, &ModelOptions::default());
    assert!(seams::metrics::distance::customer_distance(&org)
        .unreachable
        .is_empty());
    import_with(
        &log,
        &["--customer-team", "frnt", "--out", path_str(&facing)],
    )
    .code(2)
    .stderr(predicate::str::contains("did you mean `front`?"));
}

#[test]
fn a_period_keeps_the_cases_that_start_in_it_and_is_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let log = write_log(
        tmp.path(),
        "case,act,t,team\n\
         jan,a,2010-01-31T23:00:00Z,A\njan,b,2010-02-01T01:00:00Z,B\n\
         feb,a,2010-02-01T00:00:00Z,A\nfeb,b,2010-03-05T00:00:00Z,C\n\
         mar,a,2010-03-01T00:00:00Z,D\n",
    );
    let out = tmp.path().join("feb");
    import_with(
        &log,
        &[
            "--from",
            "2010-02-01",
            "--until",
            "2010-03-01",
            "--out",
            path_str(&out),
        ],
    )
    .success()
    .stdout(predicate::str::contains("1 cases → 2 teams"))
    .stdout(predicate::str::contains(
        "2 cases (3 events) starting outside the period left out",
    ));
    assert_eq!(
        std::fs::read_to_string(out.join("teams.csv")).unwrap(),
        "id,parent,kind,events\nA,,team,1\nC,,team,1\n"
    );
    let meta = std::fs::read_to_string(out.join("export.toml")).unwrap();
    for line in [
        "source = \"log.csv\"",
        "period_from = \"2010-02-01T00:00:00Z\"",
        "period_until = \"2010-03-01T00:00:00Z\"",
        "first_event = \"2010-02-01T00:00:00Z\"",
        "last_event = \"2010-03-05T00:00:00Z\"",
        "cases = 1",
        "generated_by = \"seams import-log ",
    ] {
        assert!(meta.contains(line), "{line} in {meta}");
    }
    // Ingest ignores export.toml; the metadata reader reads it back.
    seams_cmd().arg("validate").arg(&out).assert().success();
    let read = seams::import::metadata::read_metadata(&out).unwrap();
    assert_eq!(read.period_until.as_deref(), Some("2010-03-01T00:00:00Z"));
    // An empty or reversed period is refused.
    import_with(
        &log,
        &[
            "--from",
            "2010-03-01",
            "--until",
            "2010-02-01",
            "--out",
            path_str(&out),
        ],
    )
    .code(2)
    .stderr(predicate::str::contains("is not before --until"));
    import_with(&log, &["--from", "2011-01-01", "--out", path_str(&out)])
        .code(2)
        .stderr(predicate::str::contains("no case starts in the period"));
    import_with(&log, &["--from", "February", "--out", path_str(&out)])
        .code(2)
        .stderr(predicate::str::contains("--from: `February` is not a date"));
}
