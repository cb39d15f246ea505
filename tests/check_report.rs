//! `seams check --report OUT`: the before/after page of the sample reorganisation, written as
//! an output set, escaped, self-contained, and rendered by a real browser (headless Chromium,
//! as `tests/report.rs` does; `.ci/run` installs it).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command as Cmd;

fn root() -> PathBuf {
    common::root()
}

/// Runs the check of the sample reorganisation with `--report OUT`; the exit code.
fn check_report(baseline: &Path, candidate: &Path, out: &Path) -> Option<i32> {
    Cmd::cargo_bin("seams")
        .unwrap()
        .current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .arg("check")
        .arg("--baseline")
        .arg(baseline)
        .arg("--candidate")
        .arg(candidate)
        .args(["--rules", "sample-data/reorg/seams.toml", "--report"])
        .arg(out)
        .output()
        .unwrap()
        .status
        .code()
}

#[test]
fn the_page_shows_the_rules_the_figures_and_both_charts_of_each_journey() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("check-report");
    let code = check_report(
        Path::new("sample-data"),
        Path::new("sample-data/reorg"),
        &out,
    );
    assert_eq!(code, Some(1), "the check fails as without --report");
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        out.join(".seams-output").exists(),
        "written as an output set"
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>seams check: failed</title>"));
    // The rules, the figures that moved (numbers as the report writes them).
    assert!(html.contains("<code>min_congruence</code>"));
    assert!(html.contains("19,370") && html.contains("18,530"));
    // The two journeys whose seams moved, each before and after: four charts.
    assert_eq!(html.matches("<svg").count(), 4);
    for j in ["online-return-in-store", "click-and-collect"] {
        assert!(html.contains(&format!("id=\"journey-{j}\"")), "{j}");
    }
    assert_eq!(html.matches("Before (baseline)").count(), 2);
    assert_eq!(html.matches("After (candidate)").count(), 2);
    // Self-contained: no script, nothing fetched (the SVGs name their XML namespace only).
    let mut page = String::new();
    for (i, part) in html.split("<svg").enumerate() {
        page.push_str(if i == 0 {
            part
        } else {
            part.split_once("</svg>").unwrap().1
        });
    }
    for bad in ["<script", "http://", "https://", "<link", "@import", "url("] {
        assert!(!page.contains(bad), "{bad}");
    }
    assert!(!html.contains("<script"));
    // A second run replaces the set; a directory seams did not write is refused.
    assert_eq!(
        check_report(
            Path::new("sample-data"),
            Path::new("sample-data/reorg"),
            &out
        ),
        Some(1)
    );
    let foreign = tmp.path().join("foreign");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "mine").unwrap();
    assert_eq!(
        check_report(
            Path::new("sample-data"),
            Path::new("sample-data/reorg"),
            &foreign
        ),
        Some(2)
    );
    assert_eq!(
        fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );
    // Never inside an export.
    assert_eq!(
        check_report(
            Path::new("sample-data"),
            Path::new("sample-data/reorg"),
            Path::new("sample-data/reorg/out")
        ),
        Some(2)
    );
    assert!(!root().join("sample-data/reorg/out").exists());
}

#[test]
fn user_strings_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let (base, cand) = (tmp.path().join("base"), tmp.path().join("cand"));
    for (from, to) in [("sample-data", &base), ("sample-data/reorg", &cand)] {
        fs::create_dir(to).unwrap();
        for f in [
            "teams.csv",
            "systems.csv",
            "dependencies.csv",
            "handoffs.csv",
            "journeys.csv",
        ] {
            let text = fs::read_to_string(root().join(from).join(f)).unwrap();
            let text = text
                .replace("online-return-in-store", "<b>return</b>&amp;")
                .replace("Online Orders Hub", "\"<img src=x onerror=alert(1)>\"");
            fs::write(to.join(f), text).unwrap();
        }
    }
    let out = tmp.path().join("page");
    assert_eq!(check_report(&base, &cand, &out), Some(1));
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<b>return</b>") && !html.contains("<img"));
    assert!(html.contains("&lt;b&gt;return&lt;/b&gt;&amp;amp;"));
}

#[test]
fn the_page_renders_in_headless_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("check-report");
    check_report(
        Path::new("sample-data"),
        Path::new("sample-data/reorg"),
        &out,
    );
    let rendered =
        common::render_in_chromium(&out.join("report.html"), "check-report-screenshot.png");
    let html = &rendered.html;
    assert!(
        html.contains("Journeys that gained or lost seams"),
        "{html:.300}"
    );
    assert_eq!(
        html.matches("<svg").count(),
        4,
        "every chart is in the page"
    );
}
