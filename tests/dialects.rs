//! Spreadsheet dialects through the binary (docs/input-format.md, "Dialects"): `sample-data/`
//! re-saved the way Excel saves it on Windows must analyse exactly like the original.
//!
//! The converted copies are built at test time from `sample-data/`: `;`-separated Windows-1252
//! with decimal commas, and tab-separated UTF-16 LE with a byte-order mark. The sample is ASCII,
//! so the copies rename one team with characters Windows-1252 holds in 0x80–0x9F and above
//! (`–`, `é`, `€`); the original's JSON gets the same rename before the comparison.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const NAME: &str = "Tills & Front End";
const RENAMED: &str = "Tills – Front End, Café €";

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// `text` as `delimiter`-separated CSV: numbers with a decimal point in `volume`, `wait_hours`
/// and `headcount` get a decimal comma, and the team [`NAME`] becomes [`RENAMED`].
fn convert(text: &str, delimiter: u8) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut numeric: Vec<bool> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.expect("sample CSV");
        if i == 0 {
            numeric = record
                .iter()
                .map(|h| matches!(h, "volume" | "wait_hours" | "headcount"))
                .collect();
            out.write_record(&record).expect("write");
            continue;
        }
        let row: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(j, v)| {
                if numeric[j] && v.parse::<f64>().is_ok() {
                    v.replace('.', ",")
                } else if v == NAME {
                    RENAMED.to_string()
                } else {
                    v.to_string()
                }
            })
            .collect();
        out.write_record(&row).expect("write");
    }
    String::from_utf8(out.into_inner().expect("flush")).expect("UTF-8")
}

/// A copy of `sample-data/` converted with `delimiter` and encoded by `encode`.
fn converted(delimiter: u8, encode: impl Fn(&str) -> Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut saw_decimal_comma = false;
    for file in [
        "teams.csv",
        "systems.csv",
        "dependencies.csv",
        "handoffs.csv",
        "journeys.csv",
    ] {
        let text = fs::read_to_string(sample().join(file)).expect("sample file");
        let csv = convert(&text, delimiter);
        saw_decimal_comma |= file == "handoffs.csv" && csv.contains("0,1");
        fs::write(dir.path().join(file), encode(&csv)).expect("write");
    }
    assert!(saw_decimal_comma, "the conversion wrote no decimal comma");
    dir
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(
        !unmappable,
        "the sample holds a character Windows-1252 lacks"
    );
    bytes.into_owned()
}

fn utf16_le_with_bom(text: &str) -> Vec<u8> {
    [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

/// stdout of `seams ARGS`, which must succeed.
fn seams<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::cargo_bin("seams")
        .expect("the seams binary")
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run seams");
    assert!(
        out.status.success(),
        "exit {:?}; stderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

/// The original's analysis JSON with the rename the copies carry.
fn expected_analysis() -> String {
    let original = seams([
        OsStr::new("analyze"),
        sample().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert_eq!(
        original.matches(NAME).count(),
        1,
        "the renamed team is named once"
    );
    original.replace(NAME, RENAMED)
}

fn analysis(dir: &Path, flags: &[&str]) -> String {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("analyze"),
        dir.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ];
    args.extend(flags.iter().map(OsStr::new));
    seams(args)
}

#[test]
fn semicolon_windows_1252_with_decimal_commas_analyses_like_the_original() {
    let dir = converted(b';', windows_1252);
    let teams = fs::read(dir.path().join("teams.csv")).expect("read");
    assert!(
        teams.contains(&0x96) && teams.contains(&0x80),
        "the copy holds Windows-1252 bytes 0x80–0x9F"
    );
    let want = expected_analysis();
    // Delimiter detected from each header, encoding named.
    assert_eq!(analysis(dir.path(), &["--encoding", "windows-1252"]), want);
    // Both forced.
    assert_eq!(
        analysis(
            dir.path(),
            &["--encoding", "windows-1252", "--delimiter", ";"]
        ),
        want
    );
    // validate says how it read them.
    let v = seams([
        OsStr::new("validate"),
        dir.path().as_os_str(),
        OsStr::new("--encoding"),
        OsStr::new("windows-1252"),
    ]);
    assert!(
        v.contains("Read teams.csv, systems.csv, dependencies.csv, handoffs.csv, journeys.csv as `;`-separated Windows-1252 (delimiter detected from the header; numbers may use a decimal comma)."),
        "{v}"
    );
}

#[test]
fn tab_separated_utf16_analyses_like_the_original() {
    let dir = converted(b'\t', utf16_le_with_bom);
    assert_eq!(
        analysis(dir.path(), &["--encoding", "utf-16"]),
        expected_analysis()
    );
    let v = seams([
        OsStr::new("validate"),
        dir.path().as_os_str(),
        OsStr::new("--encoding"),
        OsStr::new("utf-16"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    let json: serde_json::Value = serde_json::from_str(&v).expect("JSON");
    for f in json["files"].as_array().expect("files") {
        assert_eq!(f["delimiter"], "tab", "{f}");
        assert_eq!(f["encoding"], "utf-16", "{f}");
        assert_eq!(f["delimiter_detected"], true, "{f}");
        assert_eq!(f["decimal_comma"], true, "{f}");
    }
    assert_eq!(json["files"].as_array().map(Vec::len), Some(5));
}

#[test]
fn without_the_flag_the_message_names_the_encoding_to_use() {
    for (dir, flag) in [
        (converted(b';', windows_1252), "--encoding windows-1252"),
        (converted(b'\t', utf16_le_with_bom), "--encoding utf-16"),
    ] {
        let out = Command::cargo_bin("seams")
            .expect("the seams binary")
            .args([OsStr::new("validate"), dir.path().as_os_str()])
            .output()
            .expect("run seams");
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(flag), "{stderr}");
        assert!(stderr.contains("teams.csv:"), "{stderr}");
    }
}

#[test]
fn every_command_that_reads_an_export_takes_the_dialect_flags() {
    let dir = converted(b';', windows_1252);
    let flags = ["--encoding", "windows-1252", "--delimiter", ";"];
    let out = tempfile::tempdir().expect("temp dir");
    let d = dir.path().to_str().expect("UTF-8 path");
    let report = out.path().join("report");
    let report = report.to_str().expect("UTF-8 path");
    for cmd in [
        vec!["validate", d],
        vec!["export", d, "--format", "json"],
        vec!["report", d, "--out", report],
        vec!["check", "--baseline", d, "--candidate", d],
    ] {
        let args: Vec<&str> = cmd.iter().copied().chain(flags).collect();
        seams(args);
    }
}

#[test]
fn an_event_log_is_read_in_its_dialect() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("events.csv");
    let text = "case;activity;time;team\r\n1;Order;2024-01-01T10:00:00Z;Café\r\n1;Ship;2024-01-01T12:00:00Z;Warehouse\r\n";
    fs::write(&log, windows_1252(text)).expect("write");
    let out = dir.path().join("out");
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = [
            "import-log",
            log.to_str().unwrap(),
            "--case",
            "case",
            "--activity",
            "activity",
            "--time",
            "time",
            "--team",
            "team",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    seams(args(&["--encoding", "windows-1252"]));
    let teams = fs::read_to_string(out.join("teams.csv")).expect("teams.csv");
    assert!(teams.contains("Café"), "{teams}");
    let bad = Command::cargo_bin("seams")
        .expect("the seams binary")
        .args(args(&[]))
        .output()
        .expect("run seams");
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("events.csv:2:"), "{stderr}");
    assert!(stderr.contains("--encoding windows-1252"), "{stderr}");
}
