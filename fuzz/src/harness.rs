//! The fuzz targets' bodies, shared by the AFL binaries (`fuzz/src/bin/*.rs`) and by the main
//! crate's corpus replay (`tests/fuzz_corpus.rs` includes this file). Each target turns the
//! fuzzer's bytes into one file of an export beside small valid fixed files, runs the whole
//! `validate` path (ingest + model) and, when the export is valid, the whole analysis; it
//! panics only on a broken invariant (a crash for AFL).

use seams::ingest::ExportFiles;
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
    /// An event log (`seams import-log`): the bytes as a CSV log with the columns case,
    /// activity, time, team, silo; or as an XES log when they start like one.
    EventLog,
    /// A rules file (`seams check --rules`): the bytes as seams.toml.
    Rules,
}

/// Every target, with the name of its corpus directory.
pub const TARGETS: [(Target, &str); 8] = [
    (Target::Teams, "teams"),
    (Target::Systems, "systems"),
    (Target::Dependencies, "dependencies"),
    (Target::Handoffs, "handoffs"),
    (Target::Journeys, "journeys"),
    (Target::Export, "export"),
    (Target::EventLog, "eventlog"),
    (Target::Rules, "rules"),
];

const TEAMS: &str = "id,parent,name,customer_facing,headcount\nhq,,HQ,,\nsales,hq,Sales,yes,12\nops,hq,Ops,no,30\nsupport,sales,Support,yes,8\n";
const SYSTEMS: &str = "id,owner,holds_customer_data\ncrm,sales,yes\nerp,ops,no\ndesk,support,yes\n";

/// Runs one input through the target's path (the export is read from memory).
pub fn run(target: Target, data: &[u8]) {
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    let fixed = |files: &mut Vec<(&str, Vec<u8>)>, systems: bool| {
        files.push(("teams.csv", TEAMS.as_bytes().to_vec()));
        if systems {
            files.push(("systems.csv", SYSTEMS.as_bytes().to_vec()));
        }
    };
    match target {
        Target::Teams => files.push(("teams.csv", data.to_vec())),
        Target::Systems => {
            fixed(&mut files, false);
            files.push(("systems.csv", data.to_vec()));
        }
        Target::Dependencies => {
            fixed(&mut files, true);
            files.push(("dependencies.csv", data.to_vec()));
        }
        Target::Handoffs => {
            fixed(&mut files, false);
            files.push(("handoffs.csv", data.to_vec()));
        }
        Target::Journeys => {
            fixed(&mut files, true);
            files.push(("journeys.csv", data.to_vec()));
        }
        Target::EventLog => return event_log(data),
        Target::Rules => return rules(data),
        Target::Export => {
            let names = [
                "teams.csv",
                "systems.csv",
                "dependencies.csv",
                "handoffs.csv",
                "journeys.csv",
            ];
            for (name, part) in names.iter().zip(data.split(|&b| b == 0)) {
                files.push((name, part.to_vec()));
            }
        }
    }
    check(&ExportFiles::memory("fuzz", files));
}

fn check(files: &ExportFiles) {
    let options = ModelOptions::default();
    let validation = match seams::validate_from(files, &options) {
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
    let (org, _) = seams::load_from(files, &options).expect("validate said valid, load must agree");
    let analysis_options = seams::metrics::AnalysisOptions {
        weight: seams::metrics::Weight::Hops,
        approx: None,
        exact: true,
        seed: 1,
        agents: None,
    };
    let a = seams::metrics::analyze(&org, &analysis_options).expect("analysis");
    for x in &a.bottleneck.betweenness {
        assert!(x.is_finite() && *x >= 0.0, "betweenness {x}");
    }
    if let Some(ei) = a.silo.org_ei_index {
        assert!((-1.0..=1.0).contains(&ei), "E-I {ei}");
    }
}

/// The event-log route: every error is a diagnostic, never a panic; an import that succeeds
/// has as many journeys as distinct cases kept.
fn event_log(data: &[u8]) {
    use seams::ingest::eventlog::{
        detect_format, read_log, read_xes, ImportOptions, LogColumns, LogFormat,
    };
    let dir = tempfile::tempdir().expect("temporary directory");
    let xes = data.starts_with(b"<") || data.starts_with(&[0x1f, 0x8b]);
    let path = dir.path().join(if xes { "log.xes" } else { "log.csv" });
    std::fs::write(&path, data).expect("write");
    let options = if xes {
        ImportOptions::new(LogColumns {
            case: "concept:name".into(),
            activity: "concept:name".into(),
            time: "time:timestamp".into(),
            team: "org:group".into(),
            silo: None,
        })
    } else {
        ImportOptions::new(LogColumns {
            case: "case".into(),
            activity: "activity".into(),
            time: "time".into(),
            team: "team".into(),
            silo: Some("silo".into()),
        })
    };
    let result = match detect_format(&path) {
        LogFormat::Xes => read_xes(&path, &options),
        LogFormat::Csv => read_log(&path, &options),
    };
    if let Err(seams::SeamsError::InvalidInput(d)) = &result {
        assert!(d.error_count() > 0, "an invalid log without an error");
    }
}

/// The rules file: read or refused with positioned diagnostics, never a panic.
fn rules(data: &[u8]) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("seams.toml");
    std::fs::write(&path, data).expect("write");
    if let Err(seams::SeamsError::InvalidInput(d)) = seams::check::rules::RuleSet::from_file(&path)
    {
        assert!(
            d.error_count() > 0,
            "an invalid rules file without an error"
        );
    }
}
