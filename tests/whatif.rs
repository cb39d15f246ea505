//! `seams whatif`, driven through the binary: each kind of change gives exactly the analysis of
//! the same edit made by hand to a copy of sample-data (`seams analyze --format json` of the
//! hand-edited copy equals that of `--write`'s export, and `seams check` of the hand edit says
//! what `whatif` says); bad changes files report every problem at once with `file:line`;
//! `--write` round-trips; exit codes 0/1/2.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seams() -> Command {
    let mut c = Command::cargo_bin("seams").expect("the seams binary");
    c.current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR");
    c
}

const FILES: [&str; 5] = [
    "teams.csv",
    "systems.csv",
    "dependencies.csv",
    "handoffs.csv",
    "journeys.csv",
];

fn sample(file: &str) -> String {
    fs::read_to_string(root().join("sample-data").join(file)).unwrap()
}

/// Writes sample-data, with `edit` applied to each file's text, into `dir`.
fn hand_edit(dir: &Path, edit: impl Fn(&str, String) -> String) {
    fs::create_dir_all(dir).unwrap();
    for f in FILES {
        fs::write(dir.join(f), edit(f, sample(f))).unwrap();
    }
}

/// Removes the line that is exactly `line`; panics when it is not there (the edit would test
/// nothing).
fn drop_line(text: &str, line: &str) -> String {
    let before = text.lines().count();
    let out: String = text
        .lines()
        .filter(|l| *l != line)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(out.lines().count(), before - 1, "no line `{line}`");
    out
}

/// Replaces `from` (which must occur) with `to`.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no `{from}`");
    text.replace(from, to)
}

fn analyze(dir: &Path) -> String {
    let out = seams()
        .args(["analyze", dir.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The check-style JSON report, without the field naming the changed side.
fn report(args: &[&str], code: i32) -> Value {
    let out = seams()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_object_mut().unwrap().remove("candidate");
    v
}

/// Applies `changes` with `whatif --write`, and checks that the written export and the
/// report equal the hand edit's.
fn same_as_by_hand(changes: &str, edit: impl Fn(&str, String) -> String) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let hand = tmp.path().join("hand");
    hand_edit(&hand, edit);
    let file = tmp.path().join("changes.toml");
    fs::write(&file, changes).unwrap();
    let out = tmp.path().join("out");
    let whatif = report(
        &[
            "whatif",
            "sample-data",
            "--changes",
            file.to_str().unwrap(),
            "--write",
            out.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(
        analyze(&hand),
        analyze(&out),
        "analysis of --write ≠ hand edit"
    );
    let check = report(
        &[
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            hand.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(whatif, check, "whatif's report ≠ check's of the hand edit");
    // The written export is the in-memory one: check of it says the same.
    let written = report(
        &[
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            out.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(whatif, written);
    whatif
}

fn kinds(report: &Value) -> Vec<String> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", c["kind"].as_str().unwrap(), c["ids"]))
        .collect()
}

#[test]
fn a_move_equals_the_hand_edit() {
    let r = same_as_by_hand(
        "[[move]]\nunit = \"sc-home-delivery\"\nparent = \"customer-service\"\n",
        |f, t| match f {
            "teams.csv" => replace(
                &t,
                "sc-home-delivery,Home Delivery & Carriers,logistics,",
                "sc-home-delivery,Home Delivery & Carriers,customer-service,",
            ),
            _ => t,
        },
    );
    assert!(kinds(&r).contains(&"unit_moved [\"sc-home-delivery\"]".to_string()));
}

#[test]
fn a_move_to_the_root_equals_the_hand_edit() {
    same_as_by_hand(
        "[[move]]\nunit = \"data-analytics\"\nparent = \"\"\n",
        |f, t| match f {
            "teams.csv" => replace(
                &t,
                "data-analytics,Data & Analytics,shared-services,",
                "data-analytics,Data & Analytics,,",
            ),
            _ => t,
        },
    );
}

#[test]
fn a_merge_of_teams_equals_the_hand_edit() {
    // cs-chat into cs-phone: every reference relabelled, the cs-chat → cs-phone handoff becomes
    // a self-handoff and is dropped, repeated pairs (cs-phone → cs-complaints twice) merge in
    // ingest, headcounts add (140 + 55).
    let r = same_as_by_hand(
        "[[merge]]\nunits = [\"cs-phone\", \"cs-chat\"]\ninto = \"cs-phone\"\n",
        |f, t| match f {
            "teams.csv" => replace(
                &drop_line(&t, "cs-chat,Chat & Email,contact-centre,team,true,55"),
                "cs-phone,Phone Advisors,contact-centre,team,true,140",
                "cs-phone,Phone Advisors,contact-centre,team,true,195",
            ),
            "handoffs.csv" => {
                drop_line(&t, "cs-chat,cs-phone,70,1,teams-chat").replace("cs-chat", "cs-phone")
            }
            "journeys.csv" => replace(&t, ",cs-chat,", ",cs-phone,"),
            _ => t,
        },
    );
    assert!(
        kinds(&r).contains(&"unit [\"cs-chat\"]".to_string()),
        "{:?}",
        kinds(&r)
    );
}

#[test]
fn a_merge_of_departments_reparents_their_children() {
    same_as_by_hand(
        "[[merge]]\nunits = [\"complaints-quality\"]\ninto = \"contact-centre\"\n",
        |f, t| match f {
            "teams.csv" => replace(
                &drop_line(
                    &t,
                    "complaints-quality,Complaints & Quality,customer-service,department,,",
                ),
                ",complaints-quality,",
                ",contact-centre,",
            ),
            _ => t,
        },
    );
}

#[test]
fn channels_opened_replaced_and_closed_equal_the_hand_edit() {
    let r = same_as_by_hand(
        r#"
[[channel]]
from = "digital-web-shop"
to = "sc-pricing"
volume = 40
wait_hours = 8

[[channel]]
from = "Customer"
to = "cs-chat"
volume = 5000

[[channel]]
from = "store-customer-desk"
to = "digital-web-shop"
volume = 0
"#,
        |f, t| match f {
            "handoffs.csv" => {
                let t = drop_line(&t, "store-customer-desk,digital-web-shop,0,,email");
                let t = replace(
                    &t,
                    "customer,cs-chat,3900,0.1,chat",
                    "customer,cs-chat,5000,,",
                );
                t + "digital-web-shop,sc-pricing,40,8,\n"
            }
            _ => t,
        },
    );
    let k = kinds(&r);
    assert!(
        k.contains(&"congruence_gap [\"digital-web-shop\",\"sc-pricing\"]".to_string()),
        "{k:?}"
    );
    assert!(
        k.contains(&"handoff [\"digital-web-shop\",\"sc-pricing\"]".to_string()),
        "{k:?}"
    );
}

#[test]
fn an_owner_change_equals_the_hand_edit() {
    let r = same_as_by_hand(
        "[[owner]]\nsystem = \"legacy-returns-portal\"\nowner = \"store-customer-desk; it-integration\"\n\n[[owner]]\nsystem = \"store-crm\"\nowner = \"\"\n",
        |f, t| match f {
            "systems.csv" => replace(
                &replace(
                    &t,
                    "legacy-returns-portal,Legacy Online Returns Portal,,",
                    "legacy-returns-portal,Legacy Online Returns Portal,store-customer-desk;it-integration,",
                ),
                "store-crm,Northwind Rewards Store CRM,store-loyalty,",
                "store-crm,Northwind Rewards Store CRM,,",
            ),
            _ => t,
        },
    );
    assert!(kinds(&r).contains(&"system_owners [\"legacy-returns-portal\"]".to_string()));
}

#[test]
fn the_sample_changes_equal_the_hand_edit() {
    let changes = fs::read_to_string(root().join("sample-data/whatif/changes.toml")).unwrap();
    let r = same_as_by_hand(&changes, |f, t| match f {
        "teams.csv" => replace(
            &replace(
                &drop_line(&t, "fin-treasury,Treasury,financial-control,team,false,4"),
                "fin-reporting,Group Reporting,financial-control,team,false,7",
                "fin-reporting,Group Reporting,financial-control,team,false,11",
            ),
            "sc-home-delivery,Home Delivery & Carriers,logistics,",
            "sc-home-delivery,Home Delivery & Carriers,customer-service,",
        ),
        "handoffs.csv" => t + "digital-web-shop,sc-pricing,40,8,\n",
        _ => t,
    });
    assert_eq!(r["status"], "pass");
}

#[test]
fn the_written_export_keeps_extra_columns_and_neutralises_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("org");
    fs::create_dir(&dir).unwrap();
    fs::write(
        dir.join("teams.csv"),
        "id,parent,Cost Centre\nhq,,=SUM(A1)\na,hq,'=x\nb,hq,CC-2\n",
    )
    .unwrap();
    fs::write(dir.join("handoffs.csv"), "from,to\ncustomer,a\na,b\n").unwrap();
    let changes = tmp.path().join("c.toml");
    fs::write(&changes, "[[move]]\nunit = \"b\"\nparent = \"a\"\n").unwrap();
    let out = tmp.path().join("out");
    seams()
        .args([
            "whatif",
            dir.to_str().unwrap(),
            "--changes",
            changes.to_str().unwrap(),
        ])
        .args(["--write", out.to_str().unwrap()])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(out.join("teams.csv")).unwrap(),
        "id,parent,Cost Centre\nhq,,'=SUM(A1)\na,hq,'=x\nb,a,CC-2\n"
    );
    assert_eq!(
        fs::read_to_string(out.join("handoffs.csv")).unwrap(),
        "from,to\ncustomer,a\na,b\n"
    );
    // Only the export's own files: no systems.csv appears.
    assert!(!out.join("systems.csv").exists());
}

#[test]
fn a_bad_changes_file_reports_every_problem_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("changes.toml");
    fs::write(
        &file,
        r#"[[move]]
unit = "sc-home-delivery"
parnet = "customer-service"

[[mrege]]
units = ["a"]

[[channel]]
from = "digital-web-shop"
to = "sc-pricing"
volume = -4
"#,
    )
    .unwrap();
    let out = seams()
        .args(["whatif", "sample-data", "--changes", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let f = file.display();
    for want in [
        format!("{f}:3: [[move]]: unknown field `parnet`, expected `unit` or `parent`"),
        format!("{f}:5: unknown change `mrege` (expected [[move]], [[merge]], [[channel]] or [[owner]]; did you mean `merge`?)"),
        format!("{f}:11: [[channel]]: `volume` = -4 is out of range"),
        "seams help whatif".to_string(),
    ] {
        assert!(err.contains(&want), "missing {want:?} in\n{err}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn changes_that_cannot_be_applied_are_all_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("changes.toml");
    fs::write(
        &file,
        r#"[[move]]
unit = "store-tils"
parent = "stores"

[[move]]
unit = "stores"
parent = "store-tills"

[[merge]]
units = ["cs-chat", "cs-phone"]
into = "cs-phone"

[[merge]]
units = ["cs-chat", "cs-social-care"]
into = "cs-social-care"

[[merge]]
units = ["customer-service", "cs-quality"]
into = "cs-quality"

[[owner]]
system = "store-crm"
owner = "nobody"
"#,
    )
    .unwrap();
    let out = seams()
        .args(["whatif", "sample-data", "--changes", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let f = file.display();
    for want in [
        format!("{f}:2: [[move]]: `unit` unit `store-tils` is not in teams.csv (expected a unit id of the export; did you mean `store-tills`?)"),
        format!("{f}:7: [[move]]: moving `stores` under `store-tills` would make a cycle"),
        format!("{f}:14: [[merge]]: `units` unit `cs-chat` was merged into `cs-phone` by the change at line 9"),
        format!("{f}:19: [[merge]]: `cs-quality` is inside the subtree of `customer-service`"),
        format!("{f}:23: [[owner]]: `owner` unit `nobody` is not in teams.csv"),
    ] {
        assert!(err.contains(&want), "missing {want:?} in\n{err}");
    }
    assert_eq!(err.matches("changes.toml:").count(), 5, "{err}");
}

#[test]
fn a_failing_rule_exits_1_and_junit_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("seams.toml");
    fs::write(&rules, "[rules.min_congruence]\nvalue = 0.95\n").unwrap();
    let junit = tmp.path().join("junit.xml");
    let r = report(
        &[
            "whatif",
            "sample-data",
            "--changes",
            "sample-data/whatif/changes.toml",
            "--rules",
            rules.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
        ],
        1,
    );
    assert_eq!(r["status"], "fail");
    assert_eq!(r["baseline"], "sample-data");
    let xml = fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite name=\"seams whatif\""), "{xml}");
    assert!(xml.contains("classname=\"seams.whatif\""), "{xml}");
    assert!(xml.contains("<failure"), "{xml}");
}

#[test]
fn text_and_markdown_name_the_sides_before_and_after() {
    let out = seams()
        .args([
            "whatif",
            "sample-data",
            "--changes",
            "sample-data/whatif/changes.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("seams whatif: PASS"), "{text}");
    assert!(
        text.contains("before sample-data → after sample-data + sample-data/whatif/changes.toml"),
        "{text}"
    );
    assert!(
        text.contains("congruence gap closed: digital-web-shop and sc-pricing"),
        "{text}"
    );
    let out = seams()
        .args([
            "whatif",
            "sample-data",
            "--changes",
            "sample-data/whatif/changes.toml",
        ])
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("<!-- seams-whatif -->\n## seams whatif: ✅ passed"),
        "{md}"
    );
    assert!(md.contains("| figure | before | after | change |"), "{md}");
}

#[test]
fn write_refuses_the_input_directory() {
    seams()
        .args([
            "whatif",
            "sample-data",
            "--changes",
            "sample-data/whatif/changes.toml",
        ])
        .args(["--write", "sample-data"])
        .assert()
        .code(2);
}
