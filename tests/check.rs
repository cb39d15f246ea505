//! `seams check`, driven through the binary: every rule passing and failing on small exports
//! built in temporary directories, every format (insta snapshots of sample-data against
//! sample-data/reorg), JUnit parsed back with quick-junit's reader, rules-file errors with
//! `file:line`, the baseline read from a git revision of a repository made in the test, and
//! GitHub workflow annotations.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root, without GitHub's environment.
fn seams() -> Command {
    let mut c = Command::cargo_bin("seams").expect("the seams binary");
    c.current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR");
    c
}

// ---------------------------------------------------------------------------------------------
// A small export and its variants.
//
// Two silos (sales, ops), four teams. Base handoffs form the 4-cycle
// s-desk — s-support — o-billing — o-fulfil — s-desk, so there is no articulation point;
// the customer reaches s-desk (1), s-support and o-fulfil (2), o-billing (3).
// E-I: sales I = 10 + 5, E = 20 (s-desk→o-fulfil) + 5 (o-billing→s-support) → (25−15)/40 = 0.25;
//      ops   I = 20,     E = 25                                             → (25−20)/45 = 0.111.
// Conway: crm (s-desk) → orders (o-fulfil) → billing (o-billing): pairs {o-fulfil, s-desk} and
// {o-billing, o-fulfil}, both with handoffs: congruence 1.
// Journey `order`: s-desk → o-fulfil → o-billing: 2 seams, 1 cross-silo.

const TEAMS: &str = "id,name,parent,kind,customer_facing
co,Company,,company,
sales,Sales,co,division,
ops,Operations,co,division,
s-desk,Front Desk,sales,team,true
s-support,Sales Support,sales,team,false
o-fulfil,Fulfilment,ops,team,false
o-billing,Billing,ops,team,false
";
const SYSTEMS: &str = "id,name,owner
crm,CRM,s-desk
orders,Orders,o-fulfil
billing,Billing,o-billing
";
const DEPENDENCIES: &str = "from,to
crm,orders
orders,billing
";
const HANDOFFS: &str = "from,to,volume
customer,s-desk,100
s-desk,s-support,10
s-support,s-desk,5
s-desk,o-fulfil,20
o-fulfil,o-billing,20
o-billing,s-support,5
";
const JOURNEYS: &str = "journey,step,team
order,1,s-desk
order,2,o-fulfil
order,3,o-billing
";

/// Writes an export into `dir`.
fn write_export(dir: &Path, handoffs: &str, journeys: &str) {
    fs::create_dir_all(dir).unwrap();
    for (name, text) in [
        ("teams.csv", TEAMS),
        ("systems.csv", SYSTEMS),
        ("dependencies.csv", DEPENDENCIES),
        ("handoffs.csv", handoffs),
        ("journeys.csv", journeys),
    ] {
        fs::write(dir.join(name), text).unwrap();
    }
}

/// The candidates: each changes the base in one way.
fn candidate(name: &str) -> (String, String) {
    let h = HANDOFFS.to_string();
    let j = JOURNEYS.to_string();
    match name {
        "same" => (h, j),
        // o-billing loses both its handoffs: unreachable from the customer (and a new gap, and
        // s-desk becomes an articulation point).
        "unreachable" => (
            h.replace("o-fulfil,o-billing,20\n", "")
                .replace("o-billing,s-support,5\n", ""),
            "journey,step,team\norder,1,s-desk\norder,2,o-fulfil\n".to_string(),
        ),
        // The cycle opens into a path: s-desk and o-fulfil become articulation points.
        "chain" => (h.replace("o-billing,s-support,5\n", ""), j),
        // Fulfilment stops handing work to Billing (their systems still depend on each other),
        // and the graph stays 2-connected: only a new congruence gap (congruence 1 → 0.5).
        "gap" => (
            h.replace(
                "o-fulfil,o-billing,20\n",
                "o-fulfil,s-support,20\no-billing,s-desk,5\n",
            ),
            j,
        ),
        // The journey gains a step done by Sales Support: 3 seams (+1), 2 cross-silo.
        "longer" => (h, format!("{j}order,4,s-support\n")),
        other => panic!("no candidate {other}"),
    }
}

struct Case {
    _tmp: tempfile::TempDir,
    base: PathBuf,
    cand: PathBuf,
    dir: PathBuf,
}

fn case(name: &str) -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    let cand = tmp.path().join("cand");
    write_export(&base, HANDOFFS, JOURNEYS);
    let (h, j) = candidate(name);
    write_export(&cand, &h, &j);
    Case {
        dir: tmp.path().to_path_buf(),
        _tmp: tmp,
        base,
        cand,
    }
}

/// Runs `check --format json` with an optional rules file; returns (exit code, document).
fn run_json(c: &Case, rules: Option<&str>) -> (i32, Value) {
    let mut cmd = seams();
    cmd.arg("check")
        .arg("--baseline")
        .arg(&c.base)
        .arg("--candidate")
        .arg(&c.cand)
        .args(["--format", "json"]);
    if let Some(text) = rules {
        let path = c.dir.join("seams.toml");
        fs::write(&path, text).unwrap();
        cmd.arg("--rules").arg(&path);
    }
    let out = cmd.output().unwrap();
    let code = out.status.code().expect("an exit code");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); exit {code}; stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, doc)
}

fn rule<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == key)
        .unwrap_or_else(|| panic!("rule {key} not in {:#}", doc["rules"]))
}

/// One rule, one candidate, the expected outcome.
struct RuleCase {
    candidate: &'static str,
    rules: &'static str,
    rule: &'static str,
    passed: bool,
    exit: i32,
    /// The first violation's ids, when it fails.
    ids: &'static [&'static str],
}

#[test]
fn every_rule_passes_and_fails() {
    let off_defaults = "[rules.no_new_unreachable]\nseverity = \"off\"\n[rules.no_new_articulation_points]\nseverity = \"off\"\n[rules.no_new_congruence_gaps]\nseverity = \"off\"\n[rules.no_new_customer_data_stores]\nseverity = \"off\"\n[rules.no_new_duplicated_capabilities]\nseverity = \"off\"\n[rules.max_seam_increase]\nseverity = \"off\"\n";
    let cases = [
        // Defaults.
        RuleCase {
            candidate: "same",
            rules: "",
            rule: "no_new_unreachable",
            passed: true,
            exit: 0,
            ids: &[],
        },
        RuleCase {
            candidate: "unreachable",
            rules: "",
            rule: "no_new_unreachable",
            passed: false,
            exit: 1,
            ids: &["o-billing"],
        },
        RuleCase {
            candidate: "same",
            rules: "",
            rule: "no_new_articulation_points",
            passed: true,
            exit: 0,
            ids: &[],
        },
        // A warning: reported, exit 0.
        RuleCase {
            candidate: "chain",
            rules: "",
            rule: "no_new_articulation_points",
            passed: false,
            exit: 0,
            ids: &["o-fulfil"],
        },
        RuleCase {
            candidate: "chain",
            rules: "[rules.no_new_articulation_points]\nseverity = \"error\"\n",
            rule: "no_new_articulation_points",
            passed: false,
            exit: 1,
            ids: &["o-fulfil"],
        },
        RuleCase {
            candidate: "same",
            rules: "",
            rule: "no_new_congruence_gaps",
            passed: true,
            exit: 0,
            ids: &[],
        },
        RuleCase {
            candidate: "gap",
            rules: "",
            rule: "no_new_congruence_gaps",
            passed: false,
            exit: 0,
            ids: &["o-billing", "o-fulfil"],
        },
        RuleCase {
            candidate: "gap",
            rules: "[rules.no_new_congruence_gaps]\n",
            rule: "no_new_congruence_gaps",
            passed: false,
            exit: 1,
            ids: &["o-billing", "o-fulfil"],
        },
        RuleCase {
            candidate: "same",
            rules: "",
            rule: "max_seam_increase",
            passed: true,
            exit: 0,
            ids: &[],
        },
        RuleCase {
            candidate: "longer",
            rules: "",
            rule: "max_seam_increase",
            passed: false,
            exit: 0,
            ids: &["order"],
        },
        RuleCase {
            candidate: "longer",
            rules: "[rules.max_seam_increase]\nvalue = 0\nseverity = \"error\"\n",
            rule: "max_seam_increase",
            passed: false,
            exit: 1,
            ids: &["order"],
        },
        RuleCase {
            candidate: "longer",
            rules: "[rules.max_seam_increase]\nvalue = 1\nseverity = \"error\"\n",
            rule: "max_seam_increase",
            passed: true,
            exit: 0,
            ids: &[],
        },
        // Absolute rules on the candidate.
        RuleCase {
            candidate: "longer",
            rules: "[rules.max_cross_silo_seams_per_journey]\nvalue = 1\n",
            rule: "max_cross_silo_seams_per_journey",
            passed: false,
            exit: 1,
            ids: &["order"],
        },
        RuleCase {
            candidate: "longer",
            rules: "[rules.max_cross_silo_seams_per_journey]\nvalue = 2\n",
            rule: "max_cross_silo_seams_per_journey",
            passed: true,
            exit: 0,
            ids: &[],
        },
        RuleCase {
            candidate: "same",
            rules: "[rules.max_customer_distance]\nvalue = 2\n",
            rule: "max_customer_distance",
            passed: false,
            exit: 1,
            ids: &["o-billing"],
        },
        RuleCase {
            candidate: "same",
            rules: "[rules.max_customer_distance]\nvalue = 3\n",
            rule: "max_customer_distance",
            passed: true,
            exit: 0,
            ids: &[],
        },
        RuleCase {
            candidate: "same",
            rules: "[rules.max_customer_distance]\nvalue = 2\nseverity = \"warning\"\n",
            rule: "max_customer_distance",
            passed: false,
            exit: 0,
            ids: &["o-billing"],
        },
        RuleCase {
            candidate: "gap",
            rules: "[rules.min_congruence]\nvalue = 0.8\n",
            rule: "min_congruence",
            passed: false,
            exit: 1,
            ids: &[],
        },
        // 1/2 is exactly 0.5: the limit is inclusive.
        RuleCase {
            candidate: "gap",
            rules: "[rules.min_congruence]\nvalue = 0.5\n",
            rule: "min_congruence",
            passed: true,
            exit: 0,
            ids: &[],
        },
        RuleCase {
            candidate: "same",
            rules: "[rules.max_silo_ei]\nvalue = 0.2\n",
            rule: "max_silo_ei",
            passed: false,
            exit: 1,
            ids: &["sales"],
        },
        RuleCase {
            candidate: "same",
            rules: "[rules.max_silo_ei]\nvalue = 0.25\n",
            rule: "max_silo_ei",
            passed: true,
            exit: 0,
            ids: &[],
        },
        RuleCase {
            candidate: "same",
            rules: "[rules.min_silo_ei]\nvalue = 0.2\n",
            rule: "min_silo_ei",
            passed: false,
            exit: 1,
            ids: &["ops"],
        },
        RuleCase {
            candidate: "same",
            rules: "[rules.min_silo_ei]\nvalue = 0.1\n",
            rule: "min_silo_ei",
            passed: true,
            exit: 0,
            ids: &[],
        },
    ];
    let mut failures = Vec::new();
    for (i, rc) in cases.iter().enumerate() {
        let c = case(rc.candidate);
        let rules = (!rc.rules.is_empty()).then_some(rc.rules);
        let (code, doc) = run_json(&c, rules);
        let r = rule(&doc, rc.rule);
        let ids: Vec<&str> = r["violations"]
            .get(0)
            .map(|v| {
                v["ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let want_ids: Vec<&str> = rc.ids.to_vec();
        if r["passed"] != rc.passed || code != rc.exit || ids != want_ids {
            failures.push(format!(
                "case {i} ({} on `{}` with {:?}): expected passed={} exit={} ids={want_ids:?}, got passed={} exit={code} ids={ids:?}: {}",
                rc.rule, rc.candidate, rc.rules, rc.passed, rc.exit, r["passed"], r["summary"]
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // With every default off, a broken export passes.
    let (code, doc) = run_json(&case("unreachable"), Some(off_defaults));
    assert_eq!((code, doc["rules"].as_array().unwrap().len()), (0, 0));
}

#[test]
fn diff_lists_changes_by_importance() {
    let c = case("unreachable");
    let (code, doc) = run_json(&c, None);
    assert_eq!(code, 1);
    assert_eq!(doc["status"], "fail");
    let changes = doc["changes"].as_array().unwrap();
    let order = ["regression", "improvement", "changed", "structural"];
    let ranks: Vec<usize> = changes
        .iter()
        .map(|c| order.iter().position(|o| c["impact"] == *o).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    let first = &changes[0];
    assert_eq!(
        (first["kind"].as_str(), first["ids"][0].as_str()),
        (Some("reachability"), Some("o-billing"))
    );
    assert_eq!(first["baseline"], 3);
    assert_eq!(first["candidate"], Value::Null);
    let kinds: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["message"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&(
        "handoff",
        "handoff o-fulfil → o-billing removed (volume was 20)"
    )));
    assert!(kinds.contains(&("journey_seams", "journey order: seams 2 → 1 (3 → 2 steps)")));
    let fig = |k: &str| {
        doc["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["figure"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(fig("unreachable_from_customer")["change"], 1);
    assert_eq!(fig("unreachable_from_customer")["impact"], "regression");
    assert_eq!(fig("congruence")["candidate"], 0.5);
}

#[test]
fn structural_changes_units_and_systems() {
    let tmp = tempfile::tempdir().unwrap();
    let (base, cand) = (tmp.path().join("base"), tmp.path().join("cand"));
    write_export(&base, HANDOFFS, JOURNEYS);
    write_export(&cand, HANDOFFS, JOURNEYS);
    // Billing moves to Sales and is renamed; a team is added; the CRM changes owner.
    fs::write(
        cand.join("teams.csv"),
        TEAMS
            .replace("o-billing,Billing,ops", "o-billing,Billing & Credit,sales")
            .replace(
                "o-fulfil,Fulfilment,ops,team,false\n",
                "o-fulfil,Fulfilment,ops,team,false\no-returns,Returns,ops,team,false\n",
            ),
    )
    .unwrap();
    fs::write(
        cand.join("systems.csv"),
        SYSTEMS.replace("crm,CRM,s-desk", "crm,CRM,s-desk;s-support"),
    )
    .unwrap();
    let out = seams()
        .args(["check", "--format", "json", "--baseline"])
        .arg(&base)
        .arg("--candidate")
        .arg(&cand)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let structural: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["impact"] == "structural")
        .map(|c| c["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        structural,
        [
            "unit o-returns added (Returns) under ops",
            "unit o-billing moved from ops to sales",
            "unit o-billing renamed from Billing to Billing & Credit",
            "system crm: owner s-desk → s-desk, s-support",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Formats on sample-data → sample-data/reorg.

fn sample(format: &str, rules: Option<&str>) -> (i32, String, String) {
    let mut cmd = seams();
    cmd.args([
        "check",
        "--baseline",
        "sample-data",
        "--candidate",
        "sample-data/reorg",
        "--format",
        format,
    ]);
    if let Some(r) = rules {
        cmd.args(["--rules", r]);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn sample_reorg_text() {
    let (code, text, _) = sample("text", None);
    assert_eq!(
        code, 0,
        "the defaults only warn on the sample reorganisation"
    );
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!("text", text);
}

#[test]
fn sample_reorg_markdown() {
    let (code, md, _) = sample("markdown", Some("sample-data/reorg/seams.toml"));
    assert_eq!(code, 1);
    insta::assert_snapshot!("markdown", md);
}

#[test]
fn sample_reorg_json() {
    let (code, json, _) = sample("json", Some("sample-data/reorg/seams.toml"));
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema_version"], 2);
    // The analysis document's vocabulary (docs/output.md, "Schema version 2").
    assert_eq!(doc["figures"][0]["figure"], "seam_volume");
    assert_eq!(doc["figures"][1]["figure"], "cross_silo_seam_volume");
    assert!(doc["silos"][0].get("baseline_teams").is_some());
    assert!(doc["silos"][0].get("baseline_nodes").is_none());
    assert_eq!(
        (doc["status"].as_str(), doc["errors"].as_u64()),
        (Some("fail"), Some(2))
    );
    let json = json.replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("json", json);
}

#[test]
fn sample_reorg_junit_parses_back() {
    let (code, xml, _) = sample("junit", Some("sample-data/reorg/seams.toml"));
    assert_eq!(code, 1);
    insta::assert_snapshot!("junit", xml);
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("valid JUnit XML");
    assert_eq!(report.test_suites.len(), 1);
    let suite = &report.test_suites[0];
    assert_eq!(suite.test_cases.len(), 11, "one test case per rule");
    assert_eq!((suite.tests, suite.failures, suite.errors), (11, 2, 0));
    let failed: Vec<&str> = suite
        .test_cases
        .iter()
        .filter(|c| !matches!(c.status, quick_junit::TestCaseStatus::Success { .. }))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failed, ["no_new_articulation_points", "min_congruence"]);
    // A failed warning passes but shows as one: its name, its property, its system-err.
    let warning = suite
        .test_cases
        .iter()
        .find(|c| c.name.as_str() == "warning: no_new_congruence_gaps")
        .expect("the failed warning, named warning: RULE");
    assert!(matches!(
        warning.status,
        quick_junit::TestCaseStatus::Success { .. }
    ));
    assert!(xml.contains(r#"<property name="seams.severity" value="warning"/>"#));
    assert!(warning
        .system_err
        .as_ref()
        .is_some_and(|e| e.as_str().starts_with("warning: 3 new congruence gaps")));
    let min = suite
        .test_cases
        .iter()
        .find(|c| c.name.as_str() == "min_congruence")
        .unwrap();
    match &min.status {
        quick_junit::TestCaseStatus::NonSuccess { message, .. } => assert_eq!(
            message.as_ref().map(|m| m.as_str()),
            Some("congruence 0.778 is below 0.8 (baseline 0.853; 7 congruence gaps)")
        ),
        other => panic!("min_congruence should fail: {other:?}"),
    }
}

#[test]
fn junit_file_beside_another_format() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("seams-junit.xml");
    let out = seams()
        .args([
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            "sample-data/reorg",
            "--format",
            "markdown",
            "--junit",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("<!-- seams-check -->\n## seams check: ⚠️ passed with warnings"));
    let report =
        quick_junit::Report::deserialize_from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!((report.tests, report.failures), (6, 0));
    // Never inside an input directory.
    seams()
        .args([
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            "sample-data/reorg",
            "--junit",
            "sample-data/reorg/junit.xml",
        ])
        .assert()
        .code(2);
    assert!(!root().join("sample-data/reorg/junit.xml").exists());
}

#[test]
fn colour_only_on_request_and_markdown_escapes_user_strings() {
    let c = case("same");
    // A journey id with Markdown in it.
    let j = "journey,step,team\na|b *c*,1,s-desk\na|b *c*,2,o-fulfil\n";
    write_export(&c.cand, HANDOFFS, j);
    let out = seams()
        .args(["check", "--format", "markdown", "--baseline"])
        .arg(&c.base)
        .arg("--candidate")
        .arg(&c.cand)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| a\\|b \\*c\\* | new: 2 | new: 1 | new: 1 |"),
        "{md}"
    );
    assert!(
        md.contains("- journey a\\|b \\*c\\* added (2 steps, 1 seams, 1 cross-silo)"),
        "{md}"
    );
    // Text: ANSI colours only when asked (the CLI asks when stdout is a terminal, NO_COLOR unset).
    let facts = |dir: &Path| {
        let (org, _) = seams::load(dir, &Default::default()).unwrap();
        let a = seams::metrics::analyze(&org, &Default::default()).unwrap();
        seams::check::diff::Facts::of(&org, &a)
    };
    let (b, k) = (facts(&c.base), facts(&c.cand));
    let report = seams::check::check(
        (&b, "base"),
        (&k, "cand"),
        &seams::check::rules::RuleSet::defaults(),
    );
    assert!(seams::check::format::text(&report, true).contains("\x1b[1;32mPASS\x1b[0m"));
    assert!(!seams::check::format::text(&report, false).contains('\x1b'));
}

// ---------------------------------------------------------------------------------------------
// Bad input: exit 2.

#[test]
fn unknown_rules_key_names_file_and_line() {
    let c = case("same");
    fs::write(
        c.dir.join("seams.toml"),
        "# strict rules\n[rules.min_congruence]\nvalue = 0.8\n\n[rules.max_silo_eii]\nvalue = 0.5\n",
    )
    .unwrap();
    let out = seams()
        .current_dir(&c.dir)
        .args([
            "check",
            "--baseline",
            "base",
            "--candidate",
            "cand",
            "--rules",
            "seams.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: seams.toml:5: unknown field `max_silo_eii`, expected one of"),
        "{err}"
    );
    for (text, line, what) in [
        (
            "[rules.min_congruence]\nvalue = 0.8\nseverty = \"error\"\n",
            3,
            "unknown field `severty`",
        ),
        ("[rules.min_congruence]\nvalue = 2\n", 2, "out of range"),
        (
            "[rules.min_congruence]\nvalue = 0.5\nseverity = \"fatal\"\n",
            3,
            "unknown variant `fatal`",
        ),
        ("[rulez]\n", 1, "unknown field `rulez`"),
        (
            "[rules.max_customer_distance]\nseverity = \"error\"\n",
            1,
            "missing `value`",
        ),
        ("[rules.min_congruence\n", 1, ""),
    ] {
        fs::write(c.dir.join("seams.toml"), text).unwrap();
        let out = seams()
            .current_dir(&c.dir)
            .args([
                "check",
                "--baseline",
                "base",
                "--candidate",
                "cand",
                "--rules",
                "seams.toml",
            ])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(
            err.starts_with(&format!("error: seams.toml:{line}: ")),
            "{text}: {err}"
        );
        assert!(err.contains(what), "{text}: {err}");
    }
}

#[test]
fn invalid_export_exits_2() {
    let c = case("same");
    fs::write(
        c.cand.join("handoffs.csv"),
        "from,to,volume\ns-desk,nobody,1\n",
    )
    .unwrap();
    let out = seams()
        .current_dir(&c.dir)
        .args(["check", "--baseline", "base", "--candidate", "cand"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cand/handoffs.csv:2: "), "{err}");
    seams()
        .args([
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            "no-such-dir",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--candidate no-such-dir: no such directory",
        ));
}

// ---------------------------------------------------------------------------------------------
// The baseline from a git revision.

fn git(dir: &Path, args: &[&str]) {
    let out = StdCommand::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=seams test",
            "-c",
            "user.email=seams@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_export(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for name in [
        "teams.csv",
        "systems.csv",
        "dependencies.csv",
        "handoffs.csv",
        "journeys.csv",
    ] {
        fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

/// The JSON document without the names of the two sides.
fn without_labels(json: &[u8]) -> Value {
    let mut doc: Value = serde_json::from_slice(json).unwrap();
    doc["baseline"] = Value::Null;
    doc["candidate"] = Value::Null;
    doc
}

#[test]
fn baseline_from_a_git_revision() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    copy_export(&root().join("sample-data"), &repo.join("org"));
    git(&repo, &["add", "org"]);
    git(&repo, &["commit", "-q", "-m", "the org as it is"]);
    // The working tree becomes the reorganisation (not committed).
    copy_export(&root().join("sample-data/reorg"), &repo.join("org"));

    let from_git = seams()
        .current_dir(&repo)
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .args([
            "check",
            "--baseline",
            "HEAD:org",
            "--candidate",
            "org",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        from_git.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_git.stderr)
    );
    let direct = seams()
        .args([
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            "sample-data/reorg",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        without_labels(&from_git.stdout),
        without_labels(&direct.stdout)
    );
    let doc: Value = serde_json::from_slice(&from_git.stdout).unwrap();
    assert_eq!(doc["baseline"], "HEAD:org");

    // A second commit: HEAD~1 is the first, and an optional file missing there is fine.
    fs::remove_file(repo.join("org/dependencies.csv")).unwrap();
    git(&repo, &["add", "-A", "org"]);
    git(&repo, &["commit", "-q", "-m", "reorganise"]);
    let out = seams()
        .current_dir(&repo)
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .args([
            "check",
            "--baseline",
            "HEAD:org",
            "--candidate",
            "HEAD~1:org",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // An invalid export at a revision is reported with REV:PATH/file:line.
    fs::write(repo.join("org/handoffs.csv"), "from,to\nnobody,cs-phone\n").unwrap();
    git(&repo, &["commit", "-q", "-am", "broken"]);
    let out = seams()
        .current_dir(&repo)
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .args([
            "check",
            "--baseline",
            "HEAD:org",
            "--candidate",
            "HEAD~1:org",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error: HEAD:org/handoffs.csv:2: "), "{err}");

    // Clear errors for an unknown revision or path.
    for (arg, what) in [
        ("HEAD~9:org", "git has no revision `HEAD~9`"),
        (
            "HEAD:nowhere",
            "there is no directory `nowhere` at revision HEAD",
        ),
        (
            "HEAD:org/teams.csv",
            "`org/teams.csv` is a file at HEAD, not a directory",
        ),
    ] {
        seams()
            .current_dir(&repo)
            .env("GIT_CEILING_DIRECTORIES", tmp.path())
            .args(["check", "--baseline", arg, "--candidate", "org"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(what));
    }

    // An existing directory named like the argument wins (SPEC §5.24).
    copy_export(&root().join("sample-data/reorg"), &repo.join("HEAD:org"));
    let out = seams()
        .current_dir(&repo)
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .args([
            "check",
            "--baseline",
            "HEAD:org",
            "--candidate",
            "HEAD:org",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["changes"].as_array().unwrap().len(),
        0,
        "both sides read the directory"
    );
}

#[test]
fn rev_path_outside_a_repository() {
    let tmp = tempfile::tempdir().unwrap();
    seams()
        .current_dir(tmp.path())
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap())
        .env_remove("GIT_DIR")
        .args(["check", "--baseline", "main:org", "--candidate", "org"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--baseline main:org: not a directory, and the current directory is not inside a git repository",
        ));
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions.

// The annotations (file and line on the candidate's rows) are tested in tests/annotations.rs.

#[test]
fn sample_data_still_validates_with_reorg_inside() {
    for dir in ["sample-data", "sample-data/reorg"] {
        seams().args(["validate", dir]).assert().code(0);
        seams().args(["analyze", dir]).assert().code(0);
    }
}

#[test]
fn rev_path_from_a_subdirectory_and_relative_to_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    copy_export(&root().join("sample-data"), &repo.join("org"));
    fs::create_dir_all(repo.join("docs/deep")).unwrap();
    fs::write(repo.join("docs/deep/keep.txt"), "x").unwrap();
    git(&repo, &["add", "org", "docs"]);
    git(&repo, &["commit", "-q", "-m", "the org as it is"]);
    let run = |cwd: &Path, baseline: &str, candidate: &str| {
        seams()
            .current_dir(cwd)
            .env("GIT_CEILING_DIRECTORIES", tmp.path())
            .args([
                "check",
                "--baseline",
                baseline,
                "--candidate",
                candidate,
                "--format",
                "json",
            ])
            .output()
            .unwrap()
    };
    // PATH is read from the repository root, wherever seams runs (as git's own REV:PATH).
    let sub = repo.join("docs/deep");
    let out = run(&sub, "HEAD:org", "../../org");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["changes"].as_array().unwrap().len(), 0);
    // REV:./PATH is relative to the current directory, at the root and below it.
    let out = run(&repo, "HEAD:./org", "org");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&repo.join("docs"), "HEAD:../org", "../org");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A ./PATH that is not there: the hint names the directory it was read from.
    let out = run(&sub, "HEAD:./org", "../../org");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("there is no directory `docs/deep/org` at revision HEAD")
            && err.contains("relative to the current directory"),
        "{err}"
    );
    assert!(!err.contains("start it with ./"), "{err}");
}

#[test]
fn junit_refused_inside_a_baseline_copy_or_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let c = case("same");
    // Inside an input directory (either side).
    for (inside, side) in [(&c.base, "baseline"), (&c.cand, "candidate")] {
        let target = inside.join("seams-junit.xml");
        seams()
            .arg("check")
            .arg("--baseline")
            .arg(&c.base)
            .arg("--candidate")
            .arg(&c.cand)
            .arg("--junit")
            .arg(&target)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "--junit {}: refusing to write inside the {side} export",
                target.display()
            )));
        assert!(!target.exists());
    }
    // Inside the temporary copy of a REV:PATH baseline (under the system's temporary
    // directory, named seams-baseline-*): any path below the temporary directory's
    // seams-baseline-* folders is refused.
    let repo = tmp.path().join("repo");
    fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    copy_export(&root().join("sample-data"), &repo.join("org"));
    git(&repo, &["add", "org"]);
    git(&repo, &["commit", "-q", "-m", "org"]);
    let private_tmp = tmp.path().join("tmp");
    fs::create_dir(&private_tmp).unwrap();
    let guess = private_tmp.join("seams-baseline-XXXX/seams-junit.xml");
    let out = seams()
        .current_dir(&repo)
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .env("TMPDIR", &private_tmp)
        .args([
            "check",
            "--baseline",
            "HEAD:org",
            "--candidate",
            "org",
            "--junit",
            guess.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--junit ") && err.contains("inside the temporary copy of a REV:PATH export"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile names: no user string may start a line (the GitHub runner runs `::command::` lines
// and `##[command]` anywhere in a line, on stdout and stderr alike).

const EVIL_UNIT: &str = "x\n::error title=X::y";
const EVIL_JOURNEY: &str = "::add-mask::secret";
// (No ESC or other control character: ingest rejects those, tests/bad-inputs/control-character-*.)
const EVIL_NAME: &str = "y\r::warning::z ##[add-mask]v1 red";

/// A CSV field, quoted.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Base and candidate where the candidate adds an unreachable unit with a hostile id, a
/// journey with a hostile id, and renames a unit to a hostile name.
fn hostile_case() -> Case {
    let c = case("same");
    let teams = format!(
        "{}{},Evil,sales,team,false\nlonely,Lonely,ops,team,false\n",
        TEAMS.replace("Sales Support", &quoted(EVIL_NAME)),
        quoted(EVIL_UNIT)
    );
    fs::write(c.cand.join("teams.csv"), teams).unwrap();
    // The hostile unit and `lonely` hand work to each other only: unreachable.
    let evil = quoted(EVIL_UNIT);
    let handoffs = format!("{HANDOFFS}{evil},lonely,5\nlonely,{evil},5\n");
    fs::write(c.cand.join("handoffs.csv"), handoffs).unwrap();
    let j = quoted(EVIL_JOURNEY);
    let journeys = format!("{JOURNEYS}{j},1,s-desk\n{j},2,o-fulfil\n");
    fs::write(c.cand.join("journeys.csv"), journeys).unwrap();
    c
}

/// Fails when a line (split as the runner splits: CR or LF) starts with a workflow command
/// other than seams' own annotations, or holds a `##[` command.
fn assert_no_injected_command(what: &str, out: &str) {
    for line in out.split(['\n', '\r']) {
        let t = line.trim_start();
        if t.starts_with("::") {
            assert!(
                t.starts_with("::error title=seams check%3A ")
                    || t.starts_with("::warning title=seams check%3A "),
                "{what}: a line starts a workflow command: {line:?}\n{out}"
            );
        }
        assert!(!t.contains("##["), "{what}: `##[` in {line:?}\n{out}");
        assert!(
            !t.contains('\u{1b}'),
            "{what}: an escape character in {line:?}"
        );
        for evil in ["secret", "y", "red"] {
            assert!(
                !t.starts_with(evil),
                "{what}: a user string starts a line: {line:?}\n{out}"
            );
        }
    }
}

#[test]
fn hostile_names_never_start_a_line() {
    let c = hostile_case();
    let rules = c.dir.join("seams.toml");
    fs::write(
        &rules,
        "[rules.max_cross_silo_seams_per_journey]\nvalue = 0\nseverity = \"warning\"\n",
    )
    .unwrap();
    for format in ["text", "markdown", "json", "junit"] {
        let junit = c.dir.join(format!("out-{format}.xml"));
        let out = seams()
            .env("GITHUB_ACTIONS", "true")
            .arg("check")
            .arg("--baseline")
            .arg(&c.base)
            .arg("--candidate")
            .arg(&c.cand)
            .arg("--rules")
            .arg(&rules)
            .args(["--format", format, "--junit"])
            .arg(&junit)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}\n{stdout}");
        assert_no_injected_command(&format!("{format} stdout"), &stdout);
        assert_no_injected_command(&format!("{format} stderr"), &stderr);
        assert_no_injected_command("junit file", &fs::read_to_string(&junit).unwrap());
        assert!(
            stderr.starts_with("::error title=seams check%3A no_new_unreachable::"),
            "{stderr}"
        );
        match format {
            // Control characters are shown, escaped, where they are.
            "text" => {
                assert!(stdout.contains(r"x\n::error title=X::y"), "{stdout}");
                assert!(
                    // (ingest reads a CR inside a quoted field as a line break)
                    stdout.contains(r"y\n::warning::z ##\[add-mask]v1 red"),
                    "{stdout}"
                );
                assert!(stdout.contains(r"\::add-mask::secret"), "{stdout}");
            }
            // JSON keeps the ids as they are (escaped by JSON itself).
            "json" => {
                let doc: Value = serde_json::from_str(&stdout).unwrap();
                let ids: Vec<&str> = doc["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|ch| ch["ids"].as_array().unwrap())
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert!(ids.contains(&EVIL_UNIT) && ids.contains(&EVIL_JOURNEY));
            }
            _ => {}
        }
    }
    // A hostile argument is echoed on one line too.
    for arg in ["nowhere\n::error::x", "rev\n::error::x:org"] {
        let out = seams()
            .env("GITHUB_ACTIONS", "true")
            .args(["check", "--baseline", arg, "--candidate"])
            .arg(&c.cand)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_no_injected_command("usage error", &err);
        assert!(err.contains(r"\n::error::x"), "{err}");
    }
}

/// A candidate that adds a customer-data system in a new silo, joined to no other by a
/// dependency path: `no_new_customer_data_stores` warns (exit 0), and fails the check when the
/// rules file raises it to an error (exit 1).
#[test]
fn a_new_customer_data_store_warns_and_can_fail() {
    let tmp = tempfile::tempdir().unwrap();
    let (base, cand) = (tmp.path().join("base"), tmp.path().join("cand"));
    write_export(&base, HANDOFFS, JOURNEYS);
    let systems = "id,name,owner,holds_customer_data\ncrm,CRM,s-desk,true\norders,Orders,o-fulfil,false\nbilling,Billing,o-billing,false\n";
    fs::write(base.join("systems.csv"), systems).unwrap();
    write_export(&cand, &format!("{HANDOFFS}customer,m-web,30\n"), JOURNEYS);
    fs::write(
        cand.join("teams.csv"),
        format!("{TEAMS}mkt,Marketing,co,division,\nm-web,Web Shop,mkt,team,true\n"),
    )
    .unwrap();
    fs::write(
        cand.join("systems.csv"),
        format!("{systems}shop-db,Shop Customers,m-web,true\n"),
    )
    .unwrap();
    let run = |rules: Option<&str>| {
        let mut cmd = seams();
        cmd.arg("check")
            .arg("--baseline")
            .arg(&base)
            .arg("--candidate")
            .arg(&cand)
            .args(["--format", "json"]);
        if let Some(text) = rules {
            let path = tmp.path().join("seams.toml");
            fs::write(&path, text).unwrap();
            cmd.arg("--rules").arg(&path);
        }
        let out = cmd.output().unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap(), doc)
    };
    let (code, doc) = run(None);
    let r = rule(&doc, "no_new_customer_data_stores");
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(r["passed"], false);
    assert_eq!(r["severity"], "warning");
    assert_eq!(
        r["summary"],
        "1 new customer-data store (joined to no other by a dependency path): [shop-db]"
    );
    assert_eq!(r["violations"][0]["ids"], serde_json::json!(["shop-db"]));
    assert_eq!(
        r["violations"][0]["message"],
        "new customer-data store: shop-db (no dependency path joins it to the other stores)"
    );
    let stores = doc["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "customer_data_stores")
        .unwrap();
    assert_eq!(
        (&stores["baseline"], &stores["candidate"]),
        (&1.into(), &2.into())
    );
    let (code, doc) = run(Some(
        "[rules.no_new_customer_data_stores]\nseverity = \"error\"\n",
    ));
    assert_eq!(code, 1);
    assert_eq!(
        rule(&doc, "no_new_customer_data_stores")["severity"],
        "error"
    );
    let (code, doc) = run(Some("[rules.max_customer_data_stores]\nvalue = 1\n"));
    assert_eq!(code, 1);
    assert_eq!(
        rule(&doc, "max_customer_data_stores")["violations"][0]["message"],
        "customer data sits in 2 stores (at most 1 allowed)"
    );
}
