//! Shared helpers for the integration tests: the one loader of fixtures and reference JSON,
//! float comparison, and the browser the report test needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use seams::model::{ModelOptions, Org};
use serde_json::Value;

/// Imports the real WABO event log into `out` with the mapping of its README, as a user would
/// (`seams import-log … --team group --out OUT`), with `extra` arguments after.
pub fn import_wabo(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    use assert_cmd::assert::OutputAssertExt;
    use assert_cmd::cargo::CommandCargoExt;
    Command::cargo_bin("seams")
        .expect("the seams binary")
        .arg("import-log")
        .arg(root().join("tests/fixtures/realdata/wabo-receipt/events.csv"))
        .args([
            "--case",
            "case_id",
            "--activity",
            "activity",
            "--time",
            "timestamp",
        ])
        .args(["--team", "group", "--out"])
        .arg(out)
        .args(extra)
        .assert()
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One reference fixture, `tests/fixtures/reference/<name>.json` (made by
/// `tests/reference/make_fixtures.py`; layout in `tests/reference/README.md`): the org it was
/// made from, the model options it was made with and the networkx values.
pub struct Reference {
    /// The file name without `.json`: `<org>` or `<org>.silo-level-<N>`.
    pub name: String,
    /// `tests/fixtures/orgs/<org>`.
    pub dir: PathBuf,
    /// Default options, or `silo_level: Some(N)` for a `<org>.silo-level-<N>` fixture.
    pub options: ModelOptions,
    /// The reference values.
    pub json: Value,
}

impl Reference {
    /// The model of the fixture's org, built with the fixture's options.
    pub fn org(&self) -> Org {
        load(&self.dir, &self.options)
    }
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// Every reference fixture under `tests/fixtures/reference`, sorted by file name: the one
/// loader of the reference fixtures, so every test file reads them by the same rule.
///
/// The rule, checked for every file: its JSON's `org` names the directory under
/// `tests/fixtures/orgs/` and is the file name up to any `.silo-level-N`; a file named
/// `<org>.silo-level-N.json` was made with `--silo-level N` (its `silo_level` says N) and is
/// loaded with that silo level; any other file is loaded with the default options.
pub fn references() -> Vec<Reference> {
    let dir = fixtures().join("reference");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/reference exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the reference fixtures, found {}",
        files.len()
    );
    files
        .into_iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy().to_string();
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&f).expect("read fixture"))
                    .unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
            let org = json["org"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: no `org`"))
                .to_string();
            let (stem, silo_level) = match name.split_once(".silo-level-") {
                Some((stem, level)) => {
                    let level: u32 = level
                        .parse()
                        .unwrap_or_else(|_| panic!("{name}: silo level is not a number"));
                    assert_eq!(
                        json["silo_level"].as_u64(),
                        Some(u64::from(level)),
                        "{name}: `silo_level` differs from the file name"
                    );
                    (stem, Some(level))
                }
                None => (name.as_str(), None),
            };
            assert_eq!(org, stem, "{name}: `org` differs from the file name");
            Reference {
                dir: fixtures().join("orgs").join(&org),
                options: ModelOptions { silo_level },
                name,
                json,
            }
        })
        .collect()
}

/// Every reference fixture with its model: (name, reference JSON, org), by [`references`].
pub fn reference_orgs() -> Vec<(String, Value, Org)> {
    references()
        .into_iter()
        .map(|r| {
            let org = r.org();
            (r.name, r.json, org)
        })
        .collect()
}

/// The model of `tests/fixtures/orgs/<name>` with the default options.
pub fn fixture_org(name: &str) -> Org {
    load(
        &fixtures().join("orgs").join(name),
        &ModelOptions::default(),
    )
}

/// Loads an org (panics with the diagnostics if it is invalid).
pub fn load(dir: &Path, options: &ModelOptions) -> Org {
    match seams::load(dir, options) {
        Ok((org, _)) => org,
        Err(seams::error::SeamsError::InvalidInput(d)) => {
            panic!("{} is invalid:\n{d}", dir.display())
        }
        Err(e) => panic!("{}: {e}", dir.display()),
    }
}

/// Asserts two optional floats are equal within 1e-9 (relative for large values).
pub fn close(what: &str, actual: Option<f64>, expected: &Value) {
    match (actual, expected.as_f64()) {
        (None, None) => {}
        (Some(a), Some(e)) => assert!(
            (a - e).abs() <= 1e-9 * e.abs().max(1.0),
            "{what}: expected {e}, got {a}"
        ),
        (a, _) => panic!("{what}: expected {expected}, got {a:?}"),
    }
}

/// The path to Debian's `chromium` (or `chromium-browser`, `google-chrome`) on `PATH`.
///
/// Never installs anything: when no browser is found the calling test fails with a message
/// that says how to install one (`.ci/run` installs `chromium` before the tests). The report
/// test needs a real browser, so it fails rather than skips.
pub fn chromium() -> PathBuf {
    find_browser().unwrap_or_else(|| {
        panic!(
            "chromium is not installed, and this test needs a real browser: install it first \
             (Debian's `chromium` package; `.ci/run` puts it there)"
        )
    })
}

/// What headless Chromium made of a page: its screenshot (PNG bytes), the DOM after loading,
/// and the browser's log.
pub struct Rendered {
    pub png: Vec<u8>,
    pub html: String,
    pub log: String,
}

/// Opens `page` (an HTML file) in headless Chromium, as a person would at 1400 × 2000: takes a
/// screenshot (kept in the target directory as `shot_name` for a person to look at) and dumps
/// the DOM with the browser's log. Asserts that the screenshot is a real, non-blank PNG and
/// that the log has no failed load, script error, blocked resource or console message (the
/// pages are self-contained: no network, no script).
pub fn render_in_chromium(page: &Path, shot_name: &str) -> Rendered {
    let browser = chromium();
    let profile = tempfile::tempdir().expect("profile dir");
    let url = format!(
        "file://{}",
        page.canonicalize().expect("page exists").display()
    );
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ];
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(shot_name);
    let _ = std::fs::remove_file(&shot);
    let run = Command::new(&browser)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,2000")
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(
        run.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        png.len() > 50_000,
        "the screenshot is blank ({} bytes)",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
    let dom = Command::new(&browser)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom"])
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(dom.status.success());
    let html = String::from_utf8_lossy(&dom.stdout).into_owned();
    let log = String::from_utf8_lossy(&dom.stderr).into_owned();
    for bad in [
        "Failed to load resource",
        "Uncaught",
        "net::ERR_",
        "Refused to",
        "CONSOLE(",
    ] {
        assert!(!log.contains(bad), "browser log has {bad:?}:\n{log}");
    }
    Rendered { png, html, log }
}

fn find_browser() -> Option<PathBuf> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {c}"))
            .output()
        {
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !p.is_empty() {
                return Some(PathBuf::from(p));
            }
        }
    }
    None
}

/// An optional count as the reference JSON writes it: a number, or `null` when absent.
pub fn opt_u32(v: Option<u32>) -> Value {
    v.map_or(Value::Null, |x| Value::from(u64::from(x)))
}
