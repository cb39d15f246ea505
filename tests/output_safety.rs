//! Where outputs go (docs/output.md, "Where outputs go"), driven through the binary: whole
//! output sets or none, never a write into an input, never a replaced device.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{symlink, FileTypeExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command as BinCommand;
use common::root;
use predicates::prelude::*;

const MANIFEST: &str = ".seams-output";

fn seams() -> BinCommand {
    BinCommand::cargo_bin("seams").unwrap()
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("seams")
}

/// Every file and symbolic link under `dir` (relative path → bytes, or the link's target).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let t = fs::symlink_metadata(&p).unwrap().file_type();
            if t.is_symlink() {
                let target = fs::read_link(&p).unwrap();
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if t.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                stack.push(p);
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A copy of the sample export (teams, handoffs, journeys, systems, dependencies).
fn sample_copy(dir: &Path) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    for e in fs::read_dir(root().join("sample-data")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir.to_path_buf()
}

/// Names beside `out` other than `out` itself (temporary directories left behind).
fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&format!(".{name}.seams-")))
        .collect();
    v.sort();
    v
}

// 1. Never into an input through a symbolic link.

#[test]
fn report_never_writes_into_the_input_through_a_symlink() {
    let tmp = tempfile::tempdir().unwrap();
    let input = sample_copy(&tmp.path().join("in"));
    let before = snapshot(&input);
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    symlink("../in", out.join("charts")).unwrap();
    seams()
        .arg("report")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("charts (a symbolic link)"));
    assert_eq!(snapshot(&input), before, "nothing written into the input");
    // Forced, the link is replaced by the report's own charts/ (the link is removed, never
    // followed).
    seams()
        .arg("report")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(snapshot(&input), before, "nothing written into the input");
    let charts = fs::symlink_metadata(out.join("charts")).unwrap();
    assert!(charts.is_dir(), "charts/ is a real directory now");
    assert!(out.join("charts/silo-matrix.svg").is_file());
}

#[test]
fn an_out_that_is_a_link_to_the_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = sample_copy(&tmp.path().join("in"));
    let before = snapshot(&input);
    let link = tmp.path().join("out");
    symlink(&input, &link).unwrap();
    for cmd in ["report", "analyze"] {
        seams()
            .arg(cmd)
            .arg(&input)
            .arg("--out")
            .arg(&link)
            .arg("--force")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write"));
    }
    seams()
        .args(["export", "--format", "dot"])
        .arg(&input)
        .arg("--out")
        .arg(link.join("org.dot"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to write"));
    assert_eq!(snapshot(&input), before);
}

// 2. Special files are written in place, never replaced.

fn export_dot(out: &Path) -> assert_cmd::assert::Assert {
    seams()
        .arg("export")
        .arg(root().join("sample-data"))
        .args(["--format", "dot", "--out"])
        .arg(out)
        .assert()
}

fn expected_dot() -> Vec<u8> {
    seams()
        .arg("export")
        .arg(root().join("sample-data"))
        .args(["--format", "dot"])
        .output()
        .unwrap()
        .stdout
}

#[test]
fn export_onto_a_fifo_writes_into_it() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("graph.fifo");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    // A writer end held open by the test itself, so the reader never blocks in open() and
    // sees the end of the data only once it is dropped: a run that replaced the FIFO instead
    // of writing into it makes this test fail, not hang.
    let keep = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(&fifo).unwrap())
    };
    export_dot(&fifo).success();
    drop(keep);
    let got = reader.join().unwrap();
    assert_eq!(got, expected_dot());
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no temporary file"
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map_or(true, |o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The device to write to. As root, a private node (`mknod`, same major and minor as the
/// system's) in `tmp`: a regression that renames over its output then replaces this copy,
/// never the machine's /dev/null. Otherwise the system's own, which an ordinary user cannot
/// replace. `None` when neither is safe (root without the right to make a node).
fn device(tmp: &Path, system: &str, minor: &str) -> Option<PathBuf> {
    if !is_root() {
        return Some(PathBuf::from(system));
    }
    let node = tmp.join(Path::new(system).file_name().unwrap());
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", minor])
        .status()
        .is_ok_and(|s| s.success());
    let usable = made && fs::OpenOptions::new().write(true).open(&node).is_ok();
    if !usable {
        eprintln!("skipped: running as root and cannot make a private copy of {system}");
        return None;
    }
    Some(node)
}

fn is_char_device(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

#[test]
fn export_onto_dev_null_keeps_the_device() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(null) = device(tmp.path(), "/dev/null", "3") else {
        return;
    };
    export_dot(&null).success();
    assert!(
        is_char_device(&null),
        "{} is still a device",
        null.display()
    );
    // the JUnit report of check too
    seams()
        .args(["check", "--baseline"])
        .arg(root().join("sample-data"))
        .arg("--candidate")
        .arg(root().join("sample-data"))
        .arg("--junit")
        .arg(&null)
        .assert()
        .success();
    assert!(
        is_char_device(&null),
        "{} is still a device",
        null.display()
    );
}

#[test]
fn export_onto_dev_full_fails_with_no_space() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(full) = device(tmp.path(), "/dev/full", "7") else {
        return;
    };
    export_dot(&full)
        .code(2)
        .stderr(predicate::str::contains("No space left on device"));
    assert!(
        is_char_device(&full),
        "{} is still a device",
        full.display()
    );
    seams()
        .args(["check", "--baseline"])
        .arg(root().join("sample-data"))
        .arg("--candidate")
        .arg(root().join("sample-data"))
        .arg("--junit")
        .arg(&full)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("No space left on device"));
    assert!(
        is_char_device(&full),
        "{} is still a device",
        full.display()
    );
}

#[test]
fn export_onto_a_link_to_stdout_writes_stdout() {
    let expected = expected_dot();
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("to-stdout");
    symlink("/proc/self/fd/1", &link).unwrap();
    let out = export_dot(&link).success();
    assert_eq!(out.get_output().stdout, expected);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // stdout redirected to a file: written in place (appended), the file keeps its inode
    let file = tmp.path().join("redirected.dot");
    let status = Command::new(bin())
        .arg("export")
        .arg(root().join("sample-data"))
        .args(["--format", "dot", "--out"])
        .arg(&link)
        .stdout(fs::File::create(&file).unwrap())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::read(&file).unwrap(), expected);
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        2,
        "no temporary file"
    );
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // The literal /dev/stdout only when an ordinary user: a regression run as root would
    // replace the machine's /dev/stdout.
    if !is_root() {
        let out = export_dot(Path::new("/dev/stdout")).success();
        assert_eq!(out.get_output().stdout, expected);
    }
}

// 3. Whole output sets or none.

fn analyze_out(input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    seams()
        .arg("analyze")
        .arg(input)
        .arg("--out")
        .arg(out)
        .assert()
}

fn report_out(input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    seams()
        .arg("report")
        .arg(input)
        .arg("--out")
        .arg(out)
        .assert()
}

#[test]
fn analyze_into_a_sabotaged_out_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    analyze_out(&root().join("sample-data"), &out).success();
    fs::remove_file(out.join("units.csv")).unwrap();
    fs::create_dir(out.join("units.csv")).unwrap();
    let before = snapshot(&out);
    analyze_out(&root().join("sample-data"), &out)
        .code(2)
        .stderr(predicate::str::contains("units.csv"));
    assert_eq!(snapshot(&out), before, "OUT is left exactly as it was");
    // forced: one whole, fresh set
    seams()
        .arg("analyze")
        .arg(root().join("sample-data"))
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    let fresh = tmp.path().join("fresh");
    analyze_out(&root().join("sample-data"), &fresh).success();
    assert_eq!(snapshot(&out), snapshot(&fresh));
    assert!(beside(&out).is_empty());
}

#[test]
fn report_into_a_sabotaged_out_changes_nothing_and_sets_are_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    report_out(&root().join("sample-data"), &out).success();
    fs::remove_file(out.join("charts/silo-matrix.svg")).unwrap();
    fs::create_dir(out.join("charts/silo-matrix.svg")).unwrap();
    let before = snapshot(&out);
    report_out(&root().join("sample-data"), &out).code(2);
    assert_eq!(snapshot(&out), before, "no half-written report");
    fs::remove_dir(out.join("charts/silo-matrix.svg")).unwrap();
    // The manifest names every file of the set; a later run with fewer charts leaves no stale one.
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(manifest.contains("command: report\n"), "{manifest}");
    assert!(manifest.contains("\nreport.html\n"), "{manifest}");
    let fewer = sample_copy(&tmp.path().join("fewer"));
    fs::remove_file(fewer.join("journeys.csv")).unwrap();
    report_out(&fewer, &out).success();
    let alone = tmp.path().join("alone");
    report_out(&fewer, &alone).success();
    assert_eq!(snapshot(&out), snapshot(&alone), "no stale chart survives");
    assert!(beside(&out).is_empty());
}

#[test]
fn another_commands_output_and_foreign_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    analyze_out(&root().join("sample-data"), &out).success();
    report_out(&root().join("sample-data"), &out)
        .code(2)
        .stderr(predicate::str::contains("`seams analyze`"));
    fs::write(out.join("notes.txt"), "mine").unwrap();
    analyze_out(&root().join("sample-data"), &out)
        .code(2)
        .stderr(predicate::str::contains("notes.txt"));
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn concurrent_runs_into_one_out_leave_one_whole_set() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = [root().join("sample-data"), root().join("sample-data/reorg")];
    let refs: Vec<_> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let r = tmp.path().join(format!("ref{i}"));
            analyze_out(input, &r).success();
            snapshot(&r)
        })
        .collect();
    assert_ne!(refs[0], refs[1]);
    let out = tmp.path().join("out");
    for _round in 0..3 {
        let children: Vec<_> = inputs
            .iter()
            .map(|input| {
                Command::new(bin())
                    .arg("analyze")
                    .arg(input)
                    .arg("--out")
                    .arg(&out)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let got = snapshot(&out);
        assert!(got == refs[0] || got == refs[1], "OUT is one whole set");
        assert!(beside(&out).is_empty(), "{:?}", beside(&out));
    }
}

/// Sends `signal` to a `report` of a generated 3,000-team org while it writes its output set,
/// then checks OUT is the previous set (or the complete new one), and that a rerun succeeds
/// and leaves nothing beside OUT.
fn interrupted_report(signal: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    seams()
        .args(["generate", "--teams", "3000", "--seed", "7", "--out"])
        .arg(&org)
        .assert()
        .success();
    let out = tmp.path().join("out");
    report_out(&root().join("sample-data"), &out).success();
    let old = snapshot(&out);
    let mut child = Command::new(bin())
        .arg("report")
        .arg(&org)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the set being built to appear beside OUT, then interrupt.
    let start = Instant::now();
    while beside(&out).is_empty() && start.elapsed() < Duration::from_secs(300) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let seen = !beside(&out).is_empty();
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = child.wait().unwrap();
    assert!(
        seen,
        "the run is interrupted while it builds its set beside OUT"
    );
    let got = snapshot(&out);
    if status.success() {
        // the signal came after the swap: the complete new set
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.contains("journey-"), "{manifest}");
    } else {
        assert_eq!(got, old, "OUT is the previous set, whole");
    }
    assert!(!got.keys().any(|k| k.contains(".seams-tmp")));
    report_out(&org, &out).success();
    assert!(
        beside(&out).is_empty(),
        "leftovers removed: {:?}",
        beside(&out)
    );
    let fresh = tmp.path().join("fresh");
    report_out(&org, &fresh).success();
    assert_eq!(snapshot(&out), snapshot(&fresh));
}

#[test]
fn a_killed_report_leaves_the_previous_set() {
    interrupted_report("-KILL");
}

#[test]
fn a_terminated_report_leaves_the_previous_set() {
    interrupted_report("-TERM");
}

// 4. A single-file input: writing beside it is normal.

fn import(dir: Option<&Path>, log: &str, out: &str) -> assert_cmd::assert::Assert {
    let mut cmd = seams();
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    cmd.args(["import-log", log])
        .args(["--case", "case", "--activity", "act", "--time", "t"])
        .args(["--team", "team", "--out", out])
        .assert()
}

#[test]
fn import_log_writes_beside_the_log() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = tmp.path().join("logs");
    fs::create_dir(&logs).unwrap();
    let text = "case,act,t,team\nc,a,1,A\nc,b,2,B\n";
    fs::write(logs.join("events.csv"), text).unwrap();
    import(Some(&logs), "events.csv", "export").success();
    assert!(logs.join("export/teams.csv").is_file());
    seams()
        .arg("validate")
        .arg(logs.join("export"))
        .assert()
        .success();
    // again: the previous import is replaced
    import(Some(&logs), "events.csv", "export").success();
    // never over the log itself, never a directory that holds it
    for out in ["events.csv", ".", "../logs"] {
        import(Some(&logs), "events.csv", out).code(2);
    }
    assert_eq!(fs::read_to_string(logs.join("events.csv")).unwrap(), text);
}

#[test]
fn a_missing_log_says_no_such_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("export");
    let out = out.to_str().unwrap();
    import(None, "/seams-no-such-log.csv", out)
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    import(Some(tmp.path()), "missing.csv", "export")
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    assert!(!tmp.path().join("export").exists());
}

// 5. --threads is bounded.

#[test]
fn threads_above_the_cap_is_a_usage_error() {
    let start = Instant::now();
    seams()
        .arg("analyze")
        .arg(root().join("sample-data"))
        .args(["--threads", "10000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--threads 10000: at most"));
    assert!(start.elapsed() < Duration::from_secs(10));
    seams()
        .arg("analyze")
        .arg(root().join("sample-data"))
        .args(["--threads", "3"])
        .assert()
        .success();
}
