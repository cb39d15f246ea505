//! The bad-input corpus: `seams validate` on every export under `tests/bad-inputs/` must exit 2
//! with the expected `file:line: message` lines on stderr, and on every export under
//! `tests/good-inputs/` must exit 0. Data-driven: a new case is a new directory with an
//! `expected.txt`, no code (see `tests/bad-inputs/README.md`). Cases too big to commit (a
//! multi-MB field) or that need special files are generated at run time in a temp directory.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use assert_cmd::Command;

/// Fewest committed bad cases the corpus may shrink to.
const MIN_BAD_CASES: usize = 30;

fn corpus(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(kind)
}

/// The case directories of `tests/<kind>/`, sorted by name.
fn cases(kind: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(corpus(kind))
        .unwrap_or_else(|e| panic!("cannot list tests/{kind}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The non-blank, non-comment lines of `dir/expected.txt`.
fn expected(dir: &Path) -> Vec<String> {
    let path = dir.join("expected.txt");
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Every file under `dir` with its size and modification time, to prove nothing was written.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("list case directory") {
            let entry = entry.expect("directory entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                stack.push(entry.path());
            }
            out.insert(entry.path(), (meta.len(), meta.modified().ok()));
        }
    }
    out
}

/// What one run of the binary gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn seams<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::cargo_bin("seams")
        .expect("the seams binary")
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run seams");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn validate(dir: &Path) -> Run {
    let mut args = vec![
        OsStr::new("validate").to_os_string(),
        dir.as_os_str().to_os_string(),
    ];
    args.extend(flags(dir));
    seams(args)
}

/// The flags a case is read with: the words of `dir/flags.txt` (e.g. `--encoding utf-16`),
/// passed to every command the case is run through.
fn flags(dir: &Path) -> Vec<std::ffi::OsString> {
    fs::read_to_string(dir.join("flags.txt"))
        .map(|t| t.split_whitespace().map(Into::into).collect())
        .unwrap_or_default()
}

/// The `error:` lines of an output, without the `error:` prefix (and without the directory, so
/// two commands' messages compare equal whatever the path).
fn error_lines(text: &str, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("error:"))
        .map(|l| l.trim().replace(&prefix, ""))
        .collect()
}

/// Checks one bad case, returning every problem found (empty = pass).
fn check_bad_case(dir: &Path, expected: &[String], run: &Run) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code != Some(2) {
        problems.push(format!("exit code {:?}, expected 2", run.code));
    }
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
            problems.push(format!("{name} shows a panic"));
        }
    }
    if run.stdout.contains("OK") {
        problems.push("stdout shows a success message".to_string());
    }
    for e in expected {
        if !run.stderr.contains(e.as_str()) {
            problems.push(format!("stderr lacks: {e}"));
        }
    }
    let errors = error_lines(&run.stderr, dir);
    if errors.is_empty() {
        problems.push("no `error:` line on stderr".to_string());
    }
    for line in &errors {
        if !line.contains(".csv") {
            problems.push(format!("error names no file: {line}"));
        }
        if line.contains(".csv:0:") {
            problems.push(format!("line 0 (lines are 1-based): {line}"));
        }
        if !expected.iter().any(|e| line.contains(e.as_str())) {
            problems.push(format!(
                "unexpected error (a knock-on error, or add it to expected.txt): {line}"
            ));
        }
    }
    problems
}

fn fail_with(problems: BTreeMap<String, Vec<String>>) {
    if problems.is_empty() {
        return;
    }
    let mut report = String::new();
    for (case, ps) in &problems {
        report.push_str(&format!("\n{case}:\n"));
        for p in ps {
            report.push_str(&format!("  - {p}\n"));
        }
    }
    panic!("{} case(s) failed:{report}", problems.len());
}

#[test]
fn every_bad_input_is_rejected_with_its_messages() {
    let dirs = cases("bad-inputs");
    assert!(
        dirs.len() >= MIN_BAD_CASES,
        "only {} bad cases (at least {MIN_BAD_CASES} expected)",
        dirs.len()
    );
    let mut problems = BTreeMap::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.join("expected.txt").is_file() {
            problems.insert(name, vec!["no expected.txt".to_string()]);
            continue;
        }
        let expected = expected(dir);
        let before = snapshot(dir);
        let run = validate(dir);
        let mut ps = check_bad_case(dir, &expected, &run);
        if expected.is_empty() {
            ps.push("expected.txt lists no message".to_string());
        }
        if snapshot(dir) != before {
            ps.push("files in the case directory were created or changed".to_string());
        }
        if !ps.is_empty() {
            ps.push(format!("stderr was:\n{}", run.stderr));
            problems.insert(name, ps);
        }
    }
    fail_with(problems);
}

/// `expected.txt` of a good case: `/json/pointer = value` lines are checked against
/// `validate --format json`; other lines are substrings of the text output.
#[test]
fn every_good_input_is_accepted() {
    let dirs = cases("good-inputs");
    assert!(!dirs.is_empty(), "no good cases");
    let mut problems = BTreeMap::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut ps = Vec::new();
        let before = snapshot(dir);
        let run = validate(dir);
        if run.code != Some(0) {
            ps.push(format!(
                "exit code {:?}, expected 0; stderr:\n{}",
                run.code, run.stderr
            ));
        }
        if run.stderr.contains("panicked") {
            ps.push("stderr shows a panic".to_string());
        }
        let mut json_args = vec![
            OsStr::new("validate").to_os_string(),
            "--format".into(),
            "json".into(),
            dir.as_os_str().to_os_string(),
        ];
        json_args.extend(flags(dir));
        let json_run = seams(json_args);
        let json: serde_json::Value = match serde_json::from_str(&json_run.stdout) {
            Ok(v) => v,
            Err(e) => {
                ps.push(format!("validate --format json is not JSON: {e}"));
                serde_json::Value::Null
            }
        };
        let expected = if dir.join("expected.txt").is_file() {
            expected(dir)
        } else {
            Vec::new()
        };
        for e in &expected {
            if let Some((pointer, value)) = e.strip_prefix('/').and_then(|_| e.split_once(" = ")) {
                let want: serde_json::Value = serde_json::from_str(value.trim())
                    .unwrap_or_else(|err| panic!("{name}: bad JSON value in `{e}`: {err}"));
                match json.pointer(pointer.trim()) {
                    Some(got) if *got == want => {}
                    got => ps.push(format!("{pointer} is {got:?}, expected {want}")),
                }
            } else if !run.stdout.contains(e.as_str()) {
                ps.push(format!("stdout lacks: {e}"));
            }
        }
        if snapshot(dir) != before {
            ps.push("files in the case directory were created or changed".to_string());
        }
        if !ps.is_empty() {
            problems.insert(name, ps);
        }
    }
    fail_with(problems);
}

/// The same errors whatever the way they are asked for: text and JSON from `validate`, and
/// `analyze` once it exists (which must also write nothing to its `--out` directory).
#[test]
fn every_command_reports_the_same_errors() {
    let analyze_exists = seams(["analyze", "--help"]).code == Some(0);
    if !analyze_exists {
        eprintln!("`seams analyze` does not exist yet: comparing validate's text and JSON only");
    }
    let mut problems = BTreeMap::new();
    for dir in cases("bad-inputs") {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = error_lines(&validate(&dir).stderr, &dir);
        let mut ps = Vec::new();

        let mut json_args = vec![
            OsStr::new("validate").to_os_string(),
            "--format".into(),
            "json".into(),
            dir.as_os_str().to_os_string(),
        ];
        json_args.extend(flags(&dir));
        let json_run = seams(json_args);
        if json_run.code != Some(2) {
            ps.push(format!(
                "validate --format json exit code {:?}",
                json_run.code
            ));
        }
        match serde_json::from_str::<serde_json::Value>(&json_run.stdout) {
            Ok(v) => {
                let prefix = format!("{}/", dir.display());
                let from_json: Vec<String> = v["errors"]
                    .as_array()
                    .map(|a| a.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .map(|d| {
                        let file = d["file"].as_str().unwrap_or_default().replace(&prefix, "");
                        let message = d["message"].as_str().unwrap_or_default();
                        match d["line"].as_u64() {
                            Some(line) => format!("{file}:{line}: {message}"),
                            None => format!("{file}: {message}"),
                        }
                    })
                    .collect();
                if from_json != text {
                    ps.push(format!(
                        "JSON errors differ from text:\n{from_json:#?}\nvs\n{text:#?}"
                    ));
                }
            }
            Err(e) => ps.push(format!("validate --format json is not JSON: {e}")),
        }

        if analyze_exists {
            let before = snapshot(&dir);
            let out = tempfile::tempdir().expect("temp dir");
            let out_dir = out.path().join("out");
            let mut args = vec![
                OsStr::new("analyze").to_os_string(),
                dir.as_os_str().to_os_string(),
                "--out".into(),
                out_dir.as_os_str().to_os_string(),
            ];
            args.extend(flags(&dir));
            let run = seams(args);
            if out_dir.exists() && fs::read_dir(&out_dir).map_or(true, |mut d| d.next().is_some()) {
                ps.push("analyze --out wrote output for a bad export".to_string());
            }
            if run.code != Some(2) {
                ps.push(format!("analyze exit code {:?}, expected 2", run.code));
            }
            if run.stderr.contains("panicked") {
                ps.push("analyze panicked".to_string());
            }
            let mut got = error_lines(&run.stderr, &dir);
            let mut want = text.clone();
            got.sort();
            want.sort();
            if got != want {
                ps.push(format!(
                    "analyze errors differ from validate:\n{got:#?}\nvs\n{want:#?}"
                ));
            }
            if snapshot(&dir) != before {
                ps.push("analyze wrote into the case directory".to_string());
            }
        }
        if !ps.is_empty() {
            problems.insert(name, ps);
        }
    }
    fail_with(problems);
}

// ---- cases generated at run time ----

const TEAMS_HEADER: &str = "id,name,parent,kind,customer_facing,headcount\n";

/// A temp export holding only `teams.csv` with `rows` after the header.
fn temp_export(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("teams.csv"),
        format!("{TEAMS_HEADER}{rows}"),
    )
    .expect("write");
    dir
}

fn assert_bad(dir: &Path, expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    let before = snapshot(dir);
    let run = validate(dir);
    let mut problems = check_bad_case(dir, &expected, &run);
    if snapshot(dir) != before {
        problems.push("files in the export directory were created or changed".to_string());
    }
    assert!(
        problems.is_empty(),
        "{problems:#?}\nstderr was:\n{}",
        run.stderr
    );
}

#[test]
fn a_field_of_several_megabytes_is_an_error() {
    let big = "x".repeat(2 << 20);
    let dir = temp_export(&format!(
        "acme,Acme,,company,,\nsales,{big},acme,division,,\nweb,Web,sales,team,true,3\n"
    ));
    // The row is rejected, but `web` (whose parent is `sales`) is not reported as well.
    assert_bad(
        dir.path(),
        &["teams.csv:3: field 2 (`name`) is 2097152 bytes long (at most 1 MiB per field"],
    );
}

#[test]
fn an_open_quote_running_over_megabytes_is_one_error() {
    let lines: String = (0..200_000)
        .map(|i| format!("team{i},Team {i},acme,team,,\n"))
        .collect();
    let dir = temp_export(&format!(
        "acme,Acme,,company,,\nsales,\"Sales,acme,division,,\n{lines}"
    ));
    assert_bad(
        dir.path(),
        &["teams.csv:3: a quoted value that starts on this line is never closed, so lines 3-200003 were read as one row"],
    );
}

#[test]
fn a_field_of_exactly_one_mebibyte_is_accepted() {
    let name = "x".repeat(1 << 20);
    let dir = temp_export(&format!("acme,{name},,company,,\n"));
    // JSON: the text summary puts the name in a terminal table, which is slow for a
    // megabyte-long cell (a report concern, not an ingest one).
    let run = seams([
        OsStr::new("validate"),
        OsStr::new("--format"),
        OsStr::new("json"),
        dir.path().as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(run.stdout.contains(&name), "the name is kept whole");
}

#[test]
fn teams_csv_that_is_a_directory_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("teams.csv")).expect("mkdir");
    assert_bad(
        dir.path(),
        &["teams.csv: is a directory (expected a CSV file)"],
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_export("acme,Acme,,company,,\n");
    let teams = dir.path().join("teams.csv");
    fs::set_permissions(&teams, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&teams).is_ok() {
        // Running as root: permissions are not enforced, the test means nothing.
        eprintln!("skipped: the file is readable despite mode 000 (running as root?)");
        return;
    }
    assert_bad(dir.path(), &["teams.csv: cannot be read:"]);
    fs::set_permissions(&teams, fs::Permissions::from_mode(0o644)).expect("chmod back");
}

#[test]
fn a_path_that_is_not_a_directory_is_a_usage_error() {
    let dir = temp_export("acme,Acme,,company,,\n");
    for path in [dir.path().join("teams.csv"), dir.path().join("no-such-dir")] {
        let run = validate(&path);
        assert_eq!(
            run.code,
            Some(2),
            "{}: stderr:\n{}",
            path.display(),
            run.stderr
        );
        assert!(
            run.stderr.contains("is not a directory"),
            "{}: stderr:\n{}",
            path.display(),
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"));
    }
}

// ---- limits, file types and messages (docs/input-format.md, "Limits" and "Text") ----

/// Runs `validate` and checks it finished within `secs` seconds.
fn validate_quickly(dir: &Path, secs: u64) -> Run {
    let start = std::time::Instant::now();
    let run = validate(dir);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(secs),
        "validate took {:?}",
        start.elapsed()
    );
    run
}

#[cfg(unix)]
#[test]
fn teams_csv_linked_to_dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("teams.csv")).expect("symlink");
    let run = validate_quickly(dir.path(), 20);
    assert_bad(
        dir.path(),
        &["teams.csv: is a character device (such as /dev/zero), not a regular file (expected a CSV file"],
    );
    assert_eq!(run.code, Some(2));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_blocking() {
    let dir = temp_export("acme,Acme,,company,,\n");
    let fifo = dir.path().join("handoffs.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Opening a FIFO with no writer would block: the 60 s timeout of `seams` would fail this.
    validate_quickly(dir.path(), 20);
    assert_bad(
        dir.path(),
        &["handoffs.csv: is a named pipe (FIFO), not a regular file (expected a CSV file"],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_regular_file_is_read() {
    let data = tempfile::tempdir().expect("temp dir");
    let real = data.path().join("real-teams.csv");
    fs::write(&real, format!("{TEAMS_HEADER}acme,Acme,,company,,\n")).expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(&real, dir.path().join("teams.csv")).expect("symlink");
    let run = validate(dir.path());
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    // A link to nothing is named as such, not as a missing file.
    fs::remove_file(&real).expect("remove");
    assert_bad(dir.path(), &["teams.csv: is a symbolic link to nothing"]);
}

#[test]
fn a_row_without_line_breaks_stops_at_the_row_limit() {
    // 20 MiB of NUL bytes and no line break (what /dev/zero copied to a file gives): reading
    // stops at the 16 MiB row limit instead of growing without bound.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut data = format!("{TEAMS_HEADER}acme,Acme,,company,,\n\n").into_bytes();
    data.resize(data.len() + (20 << 20), 0);
    fs::write(dir.path().join("teams.csv"), data).expect("write");
    validate_quickly(dir.path(), 30);
    assert_bad(
        dir.path(),
        &["teams.csv:4: this row is longer than 16 MiB, the most a row may hold, so reading stopped here"],
    );
}

#[test]
fn the_count_of_errors_not_shown_is_counted_and_comes_last() {
    let rows: String = (0..1000)
        .map(|i| format!("team{i},Team {i},,team,maybe,\n"))
        .collect();
    let dir = temp_export(&rows);
    let run = validate(dir.path());
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("\n1000 error(s):\n"),
        "the count is of real errors:\n{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    let errors = error_lines(&run.stderr, dir.path());
    assert_eq!(errors.len(), 201, "200 shown and one count");
    assert_eq!(
        errors.last().map(String::as_str),
        Some("teams.csv: 800 more error(s) not shown (fix the ones above and run again)")
    );
    assert!(errors[0].starts_with("teams.csv:2: customer_facing:"));
    // JSON says the same, and marks the count as such.
    let json = seams([
        OsStr::new("validate"),
        OsStr::new("--format"),
        OsStr::new("json"),
        dir.path().as_os_str(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let errors = v["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 201);
    assert_eq!(errors[200]["kind"], "omitted");
    assert_eq!(errors[0]["kind"], "bad_value");
    assert_eq!(errors[0]["column"], "customer_facing");
}

#[test]
fn a_cycle_of_200000_units_is_one_short_message() {
    let n = 200_000;
    let rows: String = (0..n)
        .map(|i| format!("u{i:06},,u{:06},team,,\n", (i + 1) % n))
        .collect();
    let dir = temp_export(&rows);
    let run = validate(dir.path());
    assert_eq!(run.code, Some(2));
    let errors = error_lines(&run.stderr, dir.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert!(e.len() < 600, "{} bytes: {e}", e.len());
    assert!(
        e.starts_with(
            "teams.csv:2: the parent hierarchy has a cycle of 200000 units: u000000 → u000001 → "
        ),
        "{e}"
    );
    assert!(
        e.contains("→ u000009 → … (199990 more) → u000000 (a unit cannot"),
        "{e}"
    );
}

#[test]
fn an_io_error_is_shown_once_with_a_hint() {
    let dir = temp_export("acme,Acme,,company,,\n");
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("taken");
    fs::write(&file, "").expect("write");
    let run = seams([
        OsStr::new("analyze"),
        dir.path().as_os_str(),
        OsStr::new("--out"),
        file.as_os_str(),
    ]);
    assert_eq!(run.code, Some(2), "stderr:\n{}", run.stderr);
    // The output set refuses the file before anything is read: one line, with what to do.
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "one message:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("exists and is not a directory (expected a directory"),
        "a hint:\n{}",
        run.stderr
    );
}

#[test]
fn validate_json_gives_the_kind_and_column_of_each_error() {
    let run = seams([
        OsStr::new("validate"),
        OsStr::new("--format"),
        OsStr::new("json"),
        corpus("bad-inputs")
            .join("many-errors-many-files")
            .as_os_str(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let got: Vec<(String, String, serde_json::Value)> = v["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            let file = e["file"].as_str().unwrap_or_default();
            let file = file.rsplit('/').next().unwrap_or_default().to_string();
            (
                file,
                e["kind"].as_str().unwrap_or("?").to_string(),
                e["column"].clone(),
            )
        })
        .collect();
    let want = |f: &str, k: &str, c: Option<&str>| {
        (
            f.to_string(),
            k.to_string(),
            c.map_or(serde_json::Value::Null, Into::into),
        )
    };
    assert_eq!(
        got,
        vec![
            want("teams.csv", "duplicate", Some("id")),
            want("teams.csv", "unknown_reference", Some("parent")),
            want("systems.csv", "unknown_reference", Some("owner")),
            want("dependencies.csv", "unknown_reference", Some("to")),
            want("handoffs.csv", "bad_value", Some("volume")),
            want("journeys.csv", "bad_value", Some("step")),
            want("journeys.csv", "bad_value", Some("team")),
        ]
    );
    // The existing fields keep their order; the new ones follow (serde_json's map sorts its
    // keys, so the order is read from the text).
    let text = &run.stdout[run.stdout.find("\"errors\"").expect("errors")..];
    let at = |key: &str| text.find(&format!("\"{key}\":")).expect(key);
    let order = ["severity", "file", "line", "message", "kind", "column"].map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}
