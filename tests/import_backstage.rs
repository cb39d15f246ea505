//! `seams import-backstage` through the binary: the sample catalog in
//! `sample-data/backstage/` imported into the three CSVs (checked byte for byte), validated
//! and analysed (Conway alignment), and the bad catalogs that must fail with `file:line`.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn seams_cmd() -> Command {
    Command::cargo_bin("seams").expect("the seams binary")
}

fn sample() -> PathBuf {
    common::root().join("sample-data/backstage")
}

fn import(paths: &[&Path], out: &Path) -> assert_cmd::assert::Assert {
    seams_cmd()
        .arg("import-backstage")
        .args(paths)
        .arg("--out")
        .arg(out)
        .assert()
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn the_sample_catalog_becomes_an_export() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("catalog");
    import(&[&sample()], &out)
        .success()
        .stdout(predicate::str::contains(
            "19 entities in 6 files (1 other document skipped) → 6 teams, 8 systems, 8 dependencies (2 users read for owners)",
        ))
        .stderr(predicate::str::contains(
            "ledger/catalog-info.yaml:31: the owner of `resource:ledger-db` is the User `grace`: their first spec.memberOf group `sre` owns it",
        ));
    assert_eq!(
        read(&out, "teams.csv"),
        "id,name,parent,kind\n\
         checkout-team,Checkout,payments,team\n\
         engineering,Engineering,,department\n\
         ledger-team,Ledger,payments,team\n\
         payments,Payments tribe,engineering,tribe\n\
         platform,Platform,engineering,tribe\n\
         sre,Site Reliability,platform,team\n"
    );
    assert_eq!(
        read(&out, "systems.csv"),
        "id,name,owner,type,lifecycle,system,domain\n\
         api:ledger-api,ledger-api,ledger-team,grpc,production,money-movement,commerce\n\
         api:payments-api,Payments API,checkout-team,openapi,production,checkout,commerce\n\
         component:checkout-web,Checkout web app,checkout-team,website,production,checkout,commerce\n\
         component:ledger-service,ledger-service,ledger-team,service,production,money-movement,commerce\n\
         component:payment-service,Payment service,checkout-team,service,production,checkout,commerce\n\
         resource:k8s-cluster,Production Kubernetes cluster,platform,kubernetes-cluster,,,\n\
         resource:ledger-db,Ledger database,sre,database,,money-movement,commerce\n\
         resource:payments-db,Payments database,sre,database,,checkout,commerce\n"
    );
    assert_eq!(
        read(&out, "dependencies.csv"),
        "from,to,kind\n\
         component:checkout-web,api:payments-api,dependsOn;consumesApis\n\
         component:checkout-web,component:payment-service,dependsOn\n\
         component:ledger-service,resource:k8s-cluster,dependsOn\n\
         component:ledger-service,resource:ledger-db,dependsOn\n\
         component:payment-service,api:ledger-api,consumesApis\n\
         component:payment-service,resource:k8s-cluster,dependsOn\n\
         component:payment-service,resource:payments-db,dependsOn\n\
         resource:payments-db,resource:k8s-cluster,dependsOn\n"
    );

    seams_cmd()
        .arg("validate")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("OK: the export is valid."));
    let analysis = seams_cmd()
        .arg("analyze")
        .arg(&out)
        .args(["--format", "json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&analysis.get_output().stdout).unwrap();
    // Conway alignment: the teams whose systems depend on each other's.
    let pairs: Vec<(String, String, u64)> = json["required_coordination"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["team_a"].as_str().unwrap().to_string(),
                p["team_b"].as_str().unwrap().to_string(),
                p["dependencies"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("checkout-team", "ledger-team"),
        ("checkout-team", "platform"),
        ("checkout-team", "sre"),
        ("ledger-team", "platform"),
        ("ledger-team", "sre"),
        ("platform", "sre"),
    ];
    assert_eq!(
        pairs,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string(), 1))
            .collect::<Vec<_>>()
    );
    assert_eq!(json["org"]["required_dependencies"], 6);
    assert_eq!(json["org"]["orphan_systems"], 0);

    // Importing again gives the same bytes, replacing the previous output set.
    let first: Vec<String> = ["teams.csv", "systems.csv", "dependencies.csv"]
        .iter()
        .map(|f| read(&out, f))
        .collect();
    import(&[&sample()], &out).success();
    for (f, before) in ["teams.csv", "systems.csv", "dependencies.csv"]
        .iter()
        .zip(first)
    {
        assert_eq!(read(&out, f), before, "{f}");
    }
}

#[test]
fn files_and_directories_can_be_mixed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("catalog");
    let s = sample();
    import(
        &[
            &s.join("org.yaml"),
            &s.join("systems.yaml"),
            &s.join("infrastructure.yml"),
            &s.join("checkout-web"),
            &s.join("payment-service"),
            &s.join("ledger"),
        ],
        &out,
    )
    .success()
    .stdout(predicate::str::contains(
        "→ 6 teams, 8 systems, 8 dependencies",
    ));
}

/// Writes `files` into a fresh catalog directory and imports it; returns (dir, stderr).
fn import_bad(files: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = tmp.path().join("catalog");
    std::fs::create_dir(&catalog).unwrap();
    for (name, text) in files {
        std::fs::write(catalog.join(name), text).unwrap();
    }
    let out = tmp.path().join("out");
    let assert = import(&[&catalog], &out).code(2);
    assert!(!out.exists(), "nothing may be written on errors");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    (tmp, stderr)
}

const GROUP_A: &str = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n";

#[test]
fn an_unknown_ref_is_an_error_at_its_line() {
    let (_tmp, stderr) = import_bad(&[
        ("groups.yaml", GROUP_A),
        (
            "web.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: website\n  owner: team-b\n  consumesApis: [orders-api]\n",
        ),
    ]);
    assert!(
        stderr.contains("web.yaml:7: spec.owner `team-b` names no entity in the catalog (expected a Group or a User named `team-b` in namespace `default`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("web.yaml:8: spec.consumesApis `orders-api` names no entity in the catalog (expected an API named `orders-api`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 error(s) in the catalog, nothing written"),
        "{stderr}"
    );
}

#[test]
fn a_second_entity_of_the_same_name_is_an_error() {
    let (_tmp, stderr) = import_bad(&[
        ("a.yaml", GROUP_A),
        (
            "b.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: Team-A\n  namespace: default\nspec:\n  type: team\n  children: []\n",
        ),
    ]);
    assert!(
        stderr.contains("b.yaml:4: a second Group `group:default/Team-A` (the first is at "),
        "{stderr}"
    );
    assert!(
        stderr.contains("a.yaml:4; expected one entity per kind, namespace and name)"),
        "{stderr}"
    );
}

#[test]
fn depends_on_must_name_its_kind() {
    let (_tmp, stderr) = import_bad(&[(
        "c.yaml",
        &format!("{GROUP_A}---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  owner: team-a\n  dependsOn:\n    - db\n"),
    )]);
    assert!(
        stderr.contains("c.yaml:16: spec.dependsOn `db` has no kind (expected `kind:name`"),
        "{stderr}"
    );
}

#[test]
fn bad_yaml_is_an_error_with_its_line() {
    let (_tmp, stderr) = import_bad(&[
        ("a.yaml", GROUP_A),
        (
            "broken.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n  title: [unclosed\nspec:\n  owner: team-a\n",
        ),
    ]);
    let line = stderr
        .lines()
        .find(|l| l.contains("broken.yaml:"))
        .unwrap_or_else(|| panic!("{stderr}"));
    let n: u64 = line
        .split("broken.yaml:")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line number: {line}"));
    assert!((5..=8).contains(&n), "{line}");
    assert!(line.contains("(expected a Backstage entity"), "{line}");

    // A value of the wrong shape: one error at its line, the other documents still read.
    let (_tmp, stderr) = import_bad(&[(
        "shape.yaml",
        &format!("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: x\nspec:\n  children: team-a\n---\n{GROUP_A}---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  owner: nobody\n"),
    )]);
    assert!(
        stderr.contains("shape.yaml:6: cannot read this YAML document"),
        "{stderr}"
    );
    assert!(
        stderr.contains("shape.yaml:21: spec.owner `nobody` names no entity"),
        "{stderr}"
    );
}

#[test]
fn a_user_owner_without_groups_is_an_error() {
    let (_tmp, stderr) = import_bad(&[(
        "c.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: jdoe\nspec:\n  memberOf: []\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  owner: user:jdoe\n",
    )]);
    assert!(
        stderr.contains("c.yaml:13: spec.owner `user:jdoe` is a User who is a member of no group (expected a Group, or a User with spec.memberOf"),
        "{stderr}"
    );
}

#[test]
fn a_parent_cycle_is_an_error() {
    let (_tmp, stderr) = import_bad(&[(
        "g.yaml",
        "kind: Group\nmetadata:\n  name: a\nspec:\n  parent: b\n---\nkind: Group\nmetadata:\n  name: b\nspec:\n  children: [a]\n  parent: a\n",
    )]);
    assert!(
        stderr.contains("g.yaml:3: the Groups `a`, `b` form a parent cycle"),
        "{stderr}"
    );
}

#[test]
fn the_output_may_not_be_inside_the_catalog() {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = tmp.path().join("catalog");
    std::fs::create_dir(&catalog).unwrap();
    std::fs::write(catalog.join("a.yaml"), GROUP_A).unwrap();
    import(&[&catalog], &catalog.join("out")).code(2);
    assert!(!catalog.join("out").exists());
    // A missing path is an error naming it.
    import(&[&tmp.path().join("missing")], &tmp.path().join("out"))
        .code(2)
        .stderr(predicate::str::contains("missing cannot be read"));
}

#[test]
fn hostile_names_are_neutralised_and_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = tmp.path().join("catalog");
    std::fs::create_dir(&catalog).unwrap();
    std::fs::write(
        catalog.join("a.yaml"),
        "kind: Group\nmetadata:\n  name: team-a\n  title: \"=HYPERLINK(\\\"http://x\\\")\"\nspec:\n  type: \"+team\"\n  children: []\n---\n\
         kind: Group\nmetadata:\n  name: customer\nspec:\n  children: [team-a]\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    import(&[&catalog], &out)
        .success()
        .stderr(predicate::str::contains(
            "is written as unit `group:customer`",
        ));
    assert_eq!(
        read(&out, "teams.csv"),
        "id,name,parent,kind\ngroup:customer,customer,,\nteam-a,\"'=HYPERLINK(\"\"http://x\"\")\",group:customer,'+team\n"
    );
    seams_cmd().arg("validate").arg(&out).assert().success();
}

#[test]
fn a_catalog_without_groups_or_files_is_refused() {
    let (_tmp, stderr) = import_bad(&[(
        "c.yaml",
        "kind: Location\nmetadata:\n  name: l\nspec:\n  targets: []\n",
    )]);
    assert!(
        stderr.contains(
            "c.yaml: the catalog (1 file read) has no Group (expected at least one Group entity"
        ),
        "{stderr}"
    );
    let (_tmp, stderr) = import_bad(&[("notes.txt", "not yaml")]);
    assert!(stderr.contains("no *.yaml or *.yml file in"), "{stderr}");
}
