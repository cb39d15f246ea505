//! The fuzz targets' bodies, shared by the AFL binaries (`fuzz/src/bin/*.rs`) and by the main
//! crate's corpus replay (`tests/fuzz_corpus.rs` includes this file). Each target turns the
//! fuzzer's bytes into one file of an export beside small valid fixed files, runs the whole
//! `validate` path (ingest + model) and, when the export is valid, the whole analysis; it
//! panics only on a broken invariant (a crash for AFL).

use std::path::Path;

use seams::model::ModelOptions;

/// Which file of the export the bytes become.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// teams.csv alone.
    Teams,
    /// systems.csv beside a fixed teams.csv.
    Systems,
    /// dependencies.csv beside fixed teams.csv and systems.csv.
    Dependencies,
    /// handoffs.csv beside a fixed teams.csv.
    Handoffs,
    /// journeys.csv beside fixed teams.csv and systems.csv.
    Journeys,
    /// A whole export: the bytes split at `\x00` into teams, systems, dependencies, handoffs
    /// and journeys (missing parts = file absent).
    Export,
}

/// Every target, with the name of its corpus directory.
pub const TARGETS: [(Target, &str); 6] = [
    (Target::Teams, "teams"),
    (Target::Systems, "systems"),
    (Target::Dependencies, "dependencies"),
    (Target::Handoffs, "handoffs"),
    (Target::Journeys, "journeys"),
    (Target::Export, "export"),
];

const TEAMS: &str = "id,parent,name,customer_facing,headcount\nhq,,HQ,,\nsales,hq,Sales,yes,12\nops,hq,Ops,no,30\nsupport,sales,Support,yes,8\n";
const SYSTEMS: &str = "id,owner,holds_customer_data\ncrm,sales,yes\nerp,ops,no\ndesk,support,yes\n";

/// Runs one input through the target's path.
pub fn run(target: Target, data: &[u8]) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).expect("write");
    match target {
        Target::Teams => write("teams.csv", data),
        Target::Systems => {
            write("teams.csv", TEAMS.as_bytes());
            write("systems.csv", data);
        }
        Target::Dependencies => {
            write("teams.csv", TEAMS.as_bytes());
            write("systems.csv", SYSTEMS.as_bytes());
            write("dependencies.csv", data);
        }
        Target::Handoffs => {
            write("teams.csv", TEAMS.as_bytes());
            write("handoffs.csv", data);
        }
        Target::Journeys => {
            write("teams.csv", TEAMS.as_bytes());
            write("systems.csv", SYSTEMS.as_bytes());
            write("journeys.csv", data);
        }
        Target::Export => {
            let names = [
                "teams.csv",
                "systems.csv",
                "dependencies.csv",
                "handoffs.csv",
                "journeys.csv",
            ];
            for (name, part) in names.iter().zip(data.split(|&b| b == 0)) {
                write(name, part);
            }
        }
    }
    check(d);
}

fn check(dir: &Path) {
    let options = ModelOptions::default();
    let validation = match seams::validate(dir, &options) {
        Ok(v) => v,
        // A usage error (e.g. no teams.csv) is a fine answer to garbage.
        Err(_) => return,
    };
    for diag in validation.errors.iter().chain(&validation.warnings) {
        let text = diag.to_string();
        assert!(!text.is_empty(), "empty diagnostic");
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\t' && c != '\n'),
            "a diagnostic carries a raw control character: {text:?}"
        );
    }
    if !validation.valid {
        assert!(!validation.errors.is_empty(), "invalid without an error");
        return;
    }
    let (org, _) = seams::load(dir, &options).expect("validate said valid, load must agree");
    let analysis_options = seams::metrics::AnalysisOptions {
        weight: seams::metrics::Weight::Hops,
        approx: None,
        exact: true,
        seed: 1,
    };
    let a = seams::metrics::analyze(&org, &analysis_options, &|_, _| {}).expect("analysis");
    for x in &a.bottleneck.betweenness {
        assert!(x.is_finite() && *x >= 0.0, "betweenness {x}");
    }
    if let Some(ei) = a.silo.org_ei_index {
        assert!((-1.0..=1.0).contains(&ei), "E-I {ei}");
    }
}
