//! `seams import-log` on XES and XES.gz logs through the binary (docs/event-logs.md, "XES
//! logs"): the WABO receipt log as published (`receipt.xes.gz`) gives byte for byte the export
//! of the CSV converted from it, plain or compressed, detected by extension or by content; bad
//! XES files give `file:line:` errors, exit 2, and nothing written.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn wabo_dir() -> PathBuf {
    common::root().join("tests/fixtures/realdata/wabo-receipt")
}

fn seams_cmd() -> Command {
    Command::cargo_bin("seams").expect("the seams binary")
}

/// Every file of `dir` (hidden ones included), by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Asserts that two output directories hold the same files, byte for byte.
fn assert_same_files(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fa), names(&fb));
    assert_eq!(
        names(&fa),
        [
            ".seams-output",
            "export.toml",
            "handoffs.csv",
            "journeys.csv",
            "teams.csv"
        ]
    );
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        if name == "export.toml" {
            // The metadata names its source file (events.csv or receipt.xes.gz): the rest
            // (period, first and last event) is the same.
            let rest = |b: &[u8]| {
                String::from_utf8_lossy(b)
                    .lines()
                    .filter(|l| !l.starts_with("source ="))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            assert_eq!(rest(x), rest(y), "export.toml differs beyond its source");
            continue;
        }
        assert!(x == y, "{name} differs between {a:?} and {b:?}");
    }
}

fn import_csv(out: &Path, extra: &[&str]) {
    seams_cmd()
        .arg("import-log")
        .arg(wabo_dir().join("events.csv"))
        .args(["--case", "case_id", "--activity", "activity"])
        .args(["--time", "timestamp", "--team", "group", "--out"])
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

fn import_xes(log: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    seams_cmd()
        .arg("import-log")
        .arg(log)
        .args(["--team", "org:group", "--out"])
        .arg(out)
        .args(extra)
        .assert()
}

/// The WABO log decompressed.
fn wabo_xml() -> Vec<u8> {
    let gz = std::fs::read(wabo_dir().join("receipt.xes.gz")).unwrap();
    let mut xml = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut xml)
        .unwrap();
    xml
}

#[test]
fn wabo_as_xes_and_as_csv_give_byte_identical_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("csv");
    import_csv(&csv, &[]);
    let xes = tmp.path().join("xes-gz");
    import_xes(&wabo_dir().join("receipt.xes.gz"), &xes, &[])
        .success()
        .stdout(predicate::str::contains(
            "8577 events in 1434 cases → 10 teams, 8577 journey steps, 5440 seams over 43 handoff pairs",
        ));
    assert_same_files(&csv, &xes);

    // Plain XES, and both forms under names that do not say XES (detected by content).
    let xml = wabo_xml();
    let gz = std::fs::read(wabo_dir().join("receipt.xes.gz")).unwrap();
    for (name, bytes) in [
        ("receipt.xes", &xml),
        ("receipt.log", &xml),
        ("receipt.bin", &gz),
    ] {
        let log = tmp.path().join(name);
        std::fs::write(&log, bytes).unwrap();
        let out = tmp.path().join(format!("out-{name}"));
        import_xes(&log, &out, &[]).success();
        assert_same_files(&csv, &out);
    }

    // The defaults are the standard attributes: naming them changes nothing.
    let named = tmp.path().join("named");
    import_xes(
        &wabo_dir().join("receipt.xes.gz"),
        &named,
        &[
            "--case",
            "concept:name",
            "--activity",
            "concept:name",
            "--time",
            "time:timestamp",
        ],
    )
    .success();
    assert_same_files(&csv, &named);

    // So is --collapse-repeats.
    let (csv_c, xes_c) = (tmp.path().join("csv-c"), tmp.path().join("xes-c"));
    import_csv(&csv_c, &["--collapse-repeats"]);
    import_xes(
        &wabo_dir().join("receipt.xes.gz"),
        &xes_c,
        &["--collapse-repeats"],
    )
    .success();
    assert_same_files(&csv_c, &xes_c);
}

#[test]
fn wabo_by_resource_reads_another_attribute() {
    let tmp = tempfile::tempdir().unwrap();
    let (csv, xes) = (tmp.path().join("csv"), tmp.path().join("xes"));
    seams_cmd()
        .arg("import-log")
        .arg(wabo_dir().join("events.csv"))
        .args(["--case", "case_id", "--activity", "activity"])
        .args(["--time", "timestamp", "--team", "resource", "--out"])
        .arg(&csv)
        .assert()
        .success();
    seams_cmd()
        .arg("import-log")
        .arg(wabo_dir().join("receipt.xes.gz"))
        .args(["--team", "org:resource", "--out"])
        .arg(&xes)
        .assert()
        .success();
    assert_same_files(&csv, &xes);
}

/// A small XES log: trace c1 with events out of time order and one event without a team (a
/// `<global>` default exists), trace c2 with one event.
const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0">
	<global scope="event">
		<string key="org:group" value="UNKNOWN"/>
	</global>
	<trace>
		<string key="concept:name" value="c1"/>
		<event>
			<string key="concept:name" value="b"/>
			<date key="time:timestamp" value="2011-10-11T13:00:00.000+02:00"/>
			<string key="org:group" value="B"/>
		</event>
		<event>
			<string key="concept:name" value="a"/>
			<date key="time:timestamp" value="2011-10-11T10:00:00.000Z"/>
			<string key="org:group" value="A"/>
		</event>
		<event>
			<string key="concept:name" value="x"/>
			<date key="time:timestamp" value="2011-10-11T10:30:00.000Z"/>
		</event>
	</trace>
	<trace>
		<string key="concept:name" value="c2"/>
		<event>
			<string key="concept:name" value="a"/>
			<date key="time:timestamp" value="2011-10-11T10:00:00Z"/>
			<string key="org:group" value="A"/>
		</event>
	</trace>
</log>
"#;

#[test]
fn events_are_ordered_by_time_and_globals_are_not_values() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("small.xes");
    std::fs::write(&log, SMALL).unwrap();
    let out = tmp.path().join("out");
    import_xes(&log, &out, &[])
        .success()
        .stdout(predicate::str::contains("3 events"))
        .stderr(predicate::str::contains(
            "small.xes:18: the event has no `org:group`: it is skipped",
        ));
    let journeys = std::fs::read_to_string(out.join("journeys.csv")).unwrap();
    assert_eq!(
        journeys,
        "journey,step,team,activity,wait_hours\nc1,1,A,a,\nc1,2,B,b,1\nc2,1,A,a,\n"
    );
    let teams = std::fs::read_to_string(out.join("teams.csv")).unwrap();
    assert!(
        teams.starts_with("id,parent,kind,events\nA,,group,2\n"),
        "{teams}"
    );
}

/// Writes `bytes` as `name` in a fresh directory, imports it, and checks that it fails with
/// exit 2, nothing written, and stderr containing every one of `expected`.
fn assert_fails(name: &str, bytes: &[u8], expected: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join(name);
    std::fs::write(&log, bytes).unwrap();
    let out = tmp.path().join("out");
    let assert = import_xes(&log, &out, &[]).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for e in expected {
        assert!(stderr.contains(e), "{name}: expected {e:?} in\n{stderr}");
    }
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(!out.exists(), "{name}: the output was created");
}

#[test]
fn bad_xes_files_give_file_line_errors_and_write_nothing() {
    // A truncated gzip: the line the XML had reached.
    let gz = std::fs::read(wabo_dir().join("receipt.xes.gz")).unwrap();
    assert_fails(
        "cut.xes.gz",
        &gz[..100_000],
        &[
            "cut.xes.gz:",
            "the gzip data is corrupt or cut short",
            "expected a complete .xes.gz file",
        ],
    );
    // Not gzip at all, under a .gz name.
    assert_fails(
        "not.xes.gz",
        b"case,activity\n",
        &["not.xes.gz:", "not an XES document"],
    );
    // Malformed XML: a misspelt end tag on line 12.
    let malformed = SMALL.replacen("</event>", "</evnt>", 1);
    assert_fails(
        "malformed.xes",
        malformed.as_bytes(),
        &["malformed.xes:12: the XML is malformed: ill-formed document: expected `</event>`, but `</evnt>` was found (expected a well-formed XES document)"],
    );
    // A plain XES cut short inside a tag, and one cut between tags.
    assert_fails(
        "cut.xes",
        &SMALL.as_bytes()[..600],
        &["cut.xes:20: the XML is malformed"],
    );
    let between = &SMALL[..SMALL
        .find("\t<trace>\n\t\t<string key=\"concept:name\" value=\"c2\"")
        .unwrap()];
    assert_fails(
        "between.xes",
        between.as_bytes(),
        &["between.xes:", "the file ends before `</log>`"],
    );
    // A trace without concept:name (line 23) and an unparseable timestamp (the event on line 8).
    let bad = SMALL
        .replace(r#"<string key="concept:name" value="c2"/>"#, "")
        .replace("2011-10-11T13:00:00.000+02:00", "soon");
    assert_fails(
        "bad.xes",
        bad.as_bytes(),
        &[
            "bad.xes:8: `time:timestamp` is not a timestamp the XES reader can read (expected an xs:dateTime",
            "bad.xes:23: the trace has no `concept:name` (expected the case id as a trace attribute",
            "2 error(s) in",
        ],
    );
    // A string timestamp is read like a CSV one, with the CSV route's messages.
    let string_time = SMALL.replace(
        r#"<date key="time:timestamp" value="2011-10-11T13:00:00.000+02:00"/>"#,
        r#"<string key="time:timestamp" value="2024-02-30T00:00:00Z"/>"#,
    );
    assert_fails(
        "string-time.xes",
        string_time.as_bytes(),
        &["string-time.xes:8: `time:timestamp`: `2024-02-30T00:00:00Z` has day 30"],
    );
    // An empty <event/> (which the XES reader cannot read) is an error at its line.
    let empty = SMALL.replacen("<event>", "<event/>\n<event>", 1);
    assert_fails(
        "empty.xes",
        empty.as_bytes(),
        &["empty.xes:8: an empty `<event/>` element"],
    );
    // The reserved team name and a log without any event.
    assert_fails(
        "customer.xes",
        SMALL
            .replace("value=\"B\"", "value=\"Customer\"")
            .as_bytes(),
        &["customer.xes:8: `org:group` is `Customer`, which is reserved for the customer"],
    );
    assert_fails(
        "none.xes",
        b"<?xml version=\"1.0\"?>\n<log xes.version=\"1.0\">\n</log>\n",
        &["none.xes: the log has no events"],
    );
}

#[test]
fn flags_are_checked_per_format() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("log.csv");
    std::fs::write(&csv, "case,activity,time,team\nc,a,1,A\n").unwrap();
    seams_cmd()
        .arg("import-log")
        .arg(&csv)
        .args(["--team", "team", "--case", "case", "--out"])
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is a CSV log: --activity, --time must name its columns",
        ));
    let xes = tmp.path().join("small.xes");
    std::fs::write(&xes, SMALL).unwrap();
    seams_cmd()
        .arg("import-log")
        .arg(&xes)
        .args(["--team", "concept:name", "--out"])
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--activity and --team both name attribute `concept:name`",
        ));
    assert!(!tmp.path().join("out").exists());
}
