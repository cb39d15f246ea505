//! GitHub Actions annotations of `seams check` (docs/ci.md, "GitHub Actions annotations"), read
//! back by a parser of the workflow-command syntax written here (not the one that writes them):
//! each `::error file=…,line=…,title=…::message` line is split into its fields with GitHub's
//! escapes undone, and every `file`/`line` is checked against the row it names in the candidate
//! export.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, as the GitHub runner runs it, from `dir`.
fn seams_on_github(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("seams").expect("the seams binary");
    c.current_dir(dir)
        .env("GITHUB_ACTIONS", "true")
        .env_remove("NO_COLOR");
    c
}

/// One workflow command.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Annotation {
    level: String,
    properties: BTreeMap<String, String>,
    message: String,
}

impl Annotation {
    fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(String::as_str)
    }
    fn file(&self) -> Option<&str> {
        self.get("file")
    }
    fn line(&self) -> Option<u64> {
        self.get("line")
            .map(|l| l.parse().expect("line is a number"))
    }
    fn title(&self) -> &str {
        self.get("title").expect("every annotation has a title")
    }
}

/// Undoes GitHub's escapes in one pass: `%25` → `%`, `%0D` → CR, `%0A` → LF, and in a property
/// also `%3A` → `:`, `%2C` → `,`. Anything else after `%` is a bug of the writer.
fn unescape(s: &str, property: bool) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest
            .get(i + 1..i + 3)
            .expect("% is followed by two characters");
        out.push(match code {
            "25" => '%',
            "0D" => '\r',
            "0A" => '\n',
            "3A" if property => ':',
            "2C" if property => ',',
            other => panic!("unexpected escape %{other} in {s:?}"),
        });
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// Parses one workflow command line, `::LEVEL k=v,k=v::MESSAGE` (the properties are
/// optional). None for a line that is not a command.
fn parse(line: &str) -> Option<Annotation> {
    let body = line.strip_prefix("::")?;
    let (head, data) = body.split_once("::")?;
    let (level, props) = head.split_once(' ').unwrap_or((head, ""));
    let mut properties = BTreeMap::new();
    for prop in props.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = prop.split_once('=').expect("a property is key=value");
        // The raw value may hold no `:` or `,`: they would end the properties or the property.
        assert!(!v.contains(':'), "unescaped `:` in {line:?}");
        let old = properties.insert(k.to_string(), unescape(v, true));
        assert!(old.is_none(), "{k} twice in {line:?}");
    }
    Some(Annotation {
        level: level.to_string(),
        properties,
        message: unescape(data, false),
    })
}

fn annotations(stderr: &[u8]) -> Vec<Annotation> {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    text.lines()
        .map(|l| parse(l).unwrap_or_else(|| panic!("not a workflow command: {l:?}")))
        .collect()
}

/// Field `i` of line `line` (1-based, the header is line 1) of a CSV file without quoted
/// fields (the sample data has none).
fn field(file: &Path, line: u64, i: usize) -> String {
    let text = fs::read_to_string(file).unwrap();
    let row = text
        .lines()
        .nth(line as usize - 1)
        .expect("the line exists");
    row.split(',').nth(i).unwrap_or("").to_string()
}

/// The owner of a system in systems.csv.
fn owner(dir: &Path, system: &str) -> String {
    let text = fs::read_to_string(dir.join("systems.csv")).unwrap();
    text.lines()
        .find(|l| l.split(',').next() == Some(system))
        .and_then(|l| l.split(',').nth(2))
        .unwrap_or_else(|| panic!("system {system}"))
        .to_string()
}

/// Checks that an annotation's row is the row of what its message is about: a unit's row
/// in teams.csv, a journey's first step, or a dependency between the two teams' systems.
fn assert_points_at_its_row(a: &Annotation, repo: &Path) {
    let file = repo.join(a.file().unwrap());
    let line = a.line().unwrap();
    let dir = file.parent().unwrap();
    match file.file_name().unwrap().to_str().unwrap() {
        "teams.csv" => {
            let unit = field(&file, line, 0);
            assert!(
                a.message.starts_with(&format!("{unit} ")),
                "{a:?}: row {line} is {unit}"
            );
        }
        "journeys.csv" => {
            let journey = field(&file, line, 0);
            assert!(a.message.contains(&journey), "{a:?}: row {line}");
            let first = fs::read_to_string(&file)
                .unwrap()
                .lines()
                .position(|l| l.split(',').next() == Some(journey.as_str()))
                .unwrap() as u64
                + 1;
            assert_eq!(line, first, "the journey's first row");
        }
        "dependencies.csv" => {
            let (from, to) = (field(&file, line, 0), field(&file, line, 1));
            let (a_team, b_team) = (owner(dir, &from), owner(dir, &to));
            let words: Vec<&str> = a.message.split(' ').collect();
            assert!(
                words.contains(&a_team.as_str()) && words.contains(&b_team.as_str()),
                "{a:?}: row {line} is {from} ({a_team}) → {to} ({b_team})"
            );
        }
        "seams.toml" => {
            let text = fs::read_to_string(&file).unwrap();
            let row = text.lines().nth(line as usize - 1).unwrap();
            let rule = a.title().strip_prefix("seams check: ").unwrap();
            assert_eq!(row, format!("[rules.{rule}]"));
        }
        other => panic!("unexpected file {other}"),
    }
}

const RULES: &str = "sample-data/reorg/seams.toml";

#[test]
fn sample_reorg_annotations_sit_on_the_candidate_rows() {
    let out = seams_on_github(&root())
        .args([
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            "sample-data/reorg",
            "--rules",
            RULES,
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // stdout stays pure Markdown (it goes to $GITHUB_STEP_SUMMARY).
    assert!(!String::from_utf8_lossy(&out.stdout).contains("::error"));
    let got = annotations(&out.stderr);
    let summary: Vec<(&str, Option<&str>, Option<u64>, &str)> = got
        .iter()
        .map(|a| (a.level.as_str(), a.file(), a.line(), a.title()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "error",
                Some("sample-data/reorg/teams.csv"),
                Some(13),
                "seams check: no_new_articulation_points"
            ),
            (
                "error",
                Some(RULES),
                Some(33),
                "seams check: min_congruence"
            ),
            (
                "warning",
                Some("sample-data/reorg/dependencies.csv"),
                Some(16),
                "seams check: no_new_congruence_gaps"
            ),
            (
                "warning",
                Some("sample-data/reorg/dependencies.csv"),
                Some(12),
                "seams check: no_new_congruence_gaps"
            ),
            (
                "warning",
                Some("sample-data/reorg/dependencies.csv"),
                Some(6),
                "seams check: no_new_congruence_gaps"
            ),
        ]
    );
    assert_eq!(
        got[0].message,
        "store-online-orders is a new articulation point: removing it would cut the handoff graph in two"
    );
    assert_eq!(
        got[1].message,
        "congruence 0.778 is below 0.8 (baseline 0.853; 7 congruence gaps)"
    );
    assert_eq!(
        got[2].message,
        "new congruence gap: digital-checkout and it-integration own dependent systems (1 dependency) but never hand work over"
    );
    for a in &got {
        assert_points_at_its_row(a, &root());
    }
    // Not on GitHub: no annotations.
    let out = Command::cargo_bin("seams")
        .unwrap()
        .current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .args([
            "check",
            "--baseline",
            "sample-data",
            "--candidate",
            "sample-data/reorg",
            "--rules",
            RULES,
        ])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn paths_are_from_the_repository_root_wherever_seams_runs() {
    let abs = root().join("sample-data/reorg");
    let cases: [(PathBuf, Vec<String>); 2] = [
        // Absolute paths, as a runner's $GITHUB_WORKSPACE gives them.
        (
            root(),
            vec![
                root().join("sample-data").display().to_string(),
                abs.display().to_string(),
            ],
        ),
        // From a subdirectory.
        (
            root().join("docs"),
            vec!["../sample-data".into(), "../sample-data/reorg".into()],
        ),
    ];
    for (cwd, args) in cases {
        let out = seams_on_github(&cwd)
            .args(["check", "--baseline", &args[0], "--candidate", &args[1]])
            .args(["--format", "json"])
            .output()
            .unwrap();
        let got = annotations(&out.stderr);
        assert!(!got.is_empty());
        for a in &got {
            let file = a.file().unwrap();
            assert!(file.starts_with("sample-data/reorg/"), "{a:?}");
            assert_points_at_its_row(a, &root());
        }
        // No output carries the runner's absolute path.
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains(&root().display().to_string()), "{stdout}");
    }
}

#[test]
fn a_git_revision_candidate_is_annotated_at_its_path() {
    let in_git = std::process::Command::new("git")
        .current_dir(root())
        .args(["cat-file", "-t", "HEAD:sample-data/reorg"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !in_git {
        eprintln!("skipped: not a git checkout with sample-data/reorg committed");
        return;
    }
    let out = seams_on_github(&root().join("docs"))
        .args([
            "check",
            "--baseline",
            "../sample-data",
            "--candidate",
            "HEAD:sample-data/reorg",
        ])
        .output()
        .unwrap();
    let got = annotations(&out.stderr);
    assert!(!got.is_empty());
    for a in &got {
        assert!(a.file().unwrap().starts_with("sample-data/reorg/"), "{a:?}");
        assert_points_at_its_row(a, &root());
    }
}

#[test]
fn hostile_paths_and_names_are_escaped() {
    // Outside any repository: paths from the current directory. The directory name holds
    // every character GitHub's property syntax reserves.
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    let cand = tmp.path().join("we,ird:dir%0A");
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
            // A unit id with reserved characters (`:`, `%`; a comma would need CSV quoting), in
            // every file that names it.
            let text = text.replace("store-online-orders", "store:online%25orders");
            fs::write(to.join(f), text).unwrap();
        }
    }
    let out = seams_on_github(tmp.path())
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap())
        .args([
            "check",
            "--baseline",
            "base",
            "--candidate",
            "we,ird:dir%0A",
        ])
        .output()
        .unwrap();
    let got = annotations(&out.stderr);
    let ap = got
        .iter()
        .find(|a| a.title() == "seams check: no_new_articulation_points")
        .expect("the articulation point");
    assert_eq!(ap.file(), Some("we,ird:dir%0A/teams.csv"));
    assert_eq!(ap.line(), Some(13));
    assert!(ap
        .message
        .starts_with("store:online%25orders is a new articulation point"));
    for a in &got {
        assert_points_at_its_row(a, tmp.path());
    }
}

#[test]
fn the_parser_undoes_every_escape() {
    let a = parse("::warning file=a%2Cb%3Ac%25d,line=3,title=t%3A x::m%25%0Anext%0D").unwrap();
    assert_eq!(a.level, "warning");
    assert_eq!(a.file(), Some("a,b:c%d"));
    assert_eq!(a.line(), Some(3));
    assert_eq!(a.title(), "t: x");
    assert_eq!(a.message, "m%\nnext\r");
    assert!(parse("plain text").is_none());
}
