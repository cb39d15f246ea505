//! The synthetic organisation generator, through the library API: determinism, exact team count,
//! referential integrity, and the documented shape (customer-facing share, journeys, handoff
//! count, at most 12 children per unit).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use seams::generate::{generate, GenerateConfig, GenerateError, GenerateSummary, JourneyStyle};

const FILES: [&str; 5] = [
    "teams.csv",
    "systems.csv",
    "dependencies.csv",
    "handoffs.csv",
    "journeys.csv",
];

/// One parsed CSV file: header and rows (all fields as strings).
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Table {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
            .collect();
        Table { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }
}

struct Export {
    teams: Table,
    systems: Table,
    dependencies: Table,
    handoffs: Table,
    journeys: Table,
}

fn generate_into(dir: &Path, teams: usize, seed: u64) -> (GenerateSummary, Export) {
    let config = GenerateConfig {
        teams,
        seed,
        ..GenerateConfig::default()
    };
    let summary = generate(&config, dir).expect("generate");
    let export = Export {
        teams: Table::read(&dir.join("teams.csv")),
        systems: Table::read(&dir.join("systems.csv")),
        dependencies: Table::read(&dir.join("dependencies.csv")),
        handoffs: Table::read(&dir.join("handoffs.csv")),
        journeys: Table::read(&dir.join("journeys.csv")),
    };
    (summary, export)
}

/// Ids of the leaf units (units that are nobody's parent).
fn leaves(teams: &Table) -> HashSet<String> {
    let (id, parent) = (teams.col("id"), teams.col("parent"));
    let parents: HashSet<&str> = teams.rows.iter().map(|r| r[parent].as_str()).collect();
    teams
        .rows
        .iter()
        .filter(|r| !parents.contains(r[id].as_str()))
        .map(|r| r[id].clone())
        .collect()
}

#[test]
fn same_seed_gives_byte_identical_files_and_another_seed_differs() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let config = GenerateConfig {
        teams: 1500,
        seed: 42,
        ..GenerateConfig::default()
    };
    let sa = generate(&config, a.path()).unwrap();
    let sb = generate(&config, b.path()).unwrap();
    assert_eq!(sa, sb);
    let other = GenerateConfig { seed: 43, ..config };
    generate(&other, c.path()).unwrap();
    for f in FILES {
        let fa = fs::read(a.path().join(f)).unwrap();
        let fb = fs::read(b.path().join(f)).unwrap();
        let fc = fs::read(c.path().join(f)).unwrap();
        assert!(fa == fb, "{f} differs between two runs with the same seed");
        assert!(fa != fc, "{f} is the same for seeds 42 and 43");
    }
    // Nothing but the five files (no temporary file left behind).
    assert_eq!(fs::read_dir(a.path()).unwrap().count(), FILES.len());
}

#[test]
fn determinism_does_not_depend_on_thread_count() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = GenerateConfig {
        teams: 3000,
        seed: 7,
        ..GenerateConfig::default()
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    one.install(|| generate(&config, a.path())).unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    four.install(|| generate(&config, b.path())).unwrap();
    for f in FILES {
        assert!(
            fs::read(a.path().join(f)).unwrap() == fs::read(b.path().join(f)).unwrap(),
            "{f} depends on the thread count"
        );
    }
}

#[test]
fn export_is_consistent_and_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let n = 2000;
    let (summary, x) = generate_into(dir.path(), n, 1);

    // Counts match the summary.
    assert_eq!(summary.units, x.teams.rows.len());
    assert_eq!(summary.systems, x.systems.rows.len());
    assert_eq!(summary.dependencies, x.dependencies.rows.len());
    assert_eq!(summary.handoffs, x.handoffs.rows.len());
    assert_eq!(summary.journey_steps, x.journeys.rows.len());
    assert_eq!(summary.teams, n);

    // Units: unique ids, one root, parents exist, exactly n leaf teams, never `customer`.
    let t = &x.teams;
    let (id, parent, kind, cf, head) = (
        t.col("id"),
        t.col("parent"),
        t.col("kind"),
        t.col("customer_facing"),
        t.col("headcount"),
    );
    let ids: HashSet<&str> = t.rows.iter().map(|r| r[id].as_str()).collect();
    assert_eq!(ids.len(), t.rows.len(), "duplicate unit id");
    assert!(!ids.iter().any(|i| i.eq_ignore_ascii_case("customer")));
    assert_eq!(t.rows.iter().filter(|r| r[parent].is_empty()).count(), 1);
    for r in &t.rows {
        assert!(
            r[parent].is_empty() || ids.contains(r[parent].as_str()),
            "unknown parent {}",
            r[parent]
        );
    }
    let leaf = leaves(t);
    assert_eq!(leaf.len(), n);
    let team_rows: Vec<&Vec<String>> = t.rows.iter().filter(|r| leaf.contains(&r[id])).collect();
    for r in &team_rows {
        assert!(
            [
                "team",
                "stream-aligned",
                "platform",
                "enabling",
                "complicated-subsystem"
            ]
            .contains(&r[kind].as_str()),
            "leaf kind {}",
            r[kind]
        );
        let h: u32 = r[head].parse().unwrap();
        assert!((3..=12).contains(&h));
    }
    for r in t.rows.iter().filter(|r| !leaf.contains(&r[id])) {
        assert!(["company", "division", "group", "department"].contains(&r[kind].as_str()));
        assert!(r[head].is_empty());
    }
    // No cycle: every unit reaches the root within a few steps.
    let parent_of: HashMap<&str, &str> = t
        .rows
        .iter()
        .map(|r| (r[id].as_str(), r[parent].as_str()))
        .collect();
    for r in &t.rows {
        let (mut u, mut hops) = (r[id].as_str(), 0);
        while !parent_of[u].is_empty() {
            u = parent_of[u];
            hops += 1;
            assert!(hops < 10, "cycle or too deep at {}", r[id]);
        }
    }

    // ~15 % of teams are customer-facing.
    let cf_teams: HashSet<&str> = team_rows
        .iter()
        .filter(|r| r[cf] == "true")
        .map(|r| r[id].as_str())
        .collect();
    let share = cf_teams.len() as f64 / n as f64;
    assert!(
        (0.10..=0.20).contains(&share),
        "customer-facing share {share}"
    );
    assert!(team_rows
        .iter()
        .all(|r| r[cf] == "true" || r[cf] == "false"));

    // Systems: unique ids, owners exist (`;`-separated), some shared, some orphans.
    let s = &x.systems;
    let (sid, owner) = (s.col("id"), s.col("owner"));
    let system_ids: HashSet<&str> = s.rows.iter().map(|r| r[sid].as_str()).collect();
    assert_eq!(system_ids.len(), s.rows.len(), "duplicate system id");
    let (mut shared, mut orphan) = (0, 0);
    for r in &s.rows {
        if r[owner].is_empty() {
            orphan += 1;
            continue;
        }
        let owners: Vec<&str> = r[owner].split(';').collect();
        if owners.len() > 1 {
            shared += 1;
        }
        for o in owners {
            assert!(ids.contains(o), "unknown owner {o}");
        }
        for c in ["customer_facing", "holds_customer_data"] {
            assert!(["true", "false"].contains(&r[s.col(c)].as_str()));
        }
    }
    assert!(shared > 0 && orphan > 0, "shared {shared}, orphan {orphan}");
    let per_team = s.rows.len() as f64 / n as f64;
    assert!(
        (0.5..=0.7).contains(&per_team),
        "systems per team {per_team}"
    );

    // Dependencies: known systems, no self row, no duplicate row.
    let d = &x.dependencies;
    let (from, to, dkind) = (d.col("from"), d.col("to"), d.col("kind"));
    let mut seen = HashSet::new();
    for r in &d.rows {
        assert!(system_ids.contains(r[from].as_str()) && system_ids.contains(r[to].as_str()));
        assert_ne!(r[from], r[to]);
        assert!(
            seen.insert((r[from].clone(), r[to].clone())),
            "duplicate dependency"
        );
        assert!(["api", "db", "event"].contains(&r[dkind].as_str()));
    }
    let per_system = d.rows.len() as f64 / s.rows.len() as f64;
    assert!(
        (1.2..=1.8).contains(&per_system),
        "dependencies per system {per_system}"
    );

    // Handoffs: ±20 % of 10 × n rows, known ends, no self rows, customer rows for every
    // customer-facing team, numbers in range, duplicates rare.
    let h = &x.handoffs;
    let (hf, ht, vol, wait, chan) = (
        h.col("from"),
        h.col("to"),
        h.col("volume"),
        h.col("wait_hours"),
        h.col("channel"),
    );
    let rows = h.rows.len() as f64;
    assert!(
        (rows - 10.0 * n as f64).abs() <= 0.2 * 10.0 * n as f64,
        "{rows} handoffs"
    );
    let mut from_customer = HashSet::new();
    let mut pairs = HashSet::new();
    let mut duplicates = 0;
    for r in &h.rows {
        assert_ne!(r[hf], r[ht], "self-handoff");
        for end in [&r[hf], &r[ht]] {
            assert!(
                end == "customer" || leaf.contains(end),
                "unknown handoff end {end}"
            );
        }
        if r[hf] == "customer" {
            from_customer.insert(r[ht].clone());
        }
        if !pairs.insert((r[hf].clone(), r[ht].clone())) {
            duplicates += 1;
        }
        let v: u32 = r[vol].parse().unwrap();
        assert!((1..=500).contains(&v));
        if !r[wait].is_empty() {
            let w: f64 = r[wait].parse().unwrap();
            assert!(w.is_finite() && (0.1..=200.0).contains(&w), "wait {w}");
        }
        assert!(["ticket", "email", "chat", "meeting", "api"].contains(&r[chan].as_str()));
    }
    for c in &cf_teams {
        assert!(from_customer.contains(*c), "no customer row for {c}");
    }
    // By volume, most work stays inside the department (the parent of both teams).
    let (mut same_dept, mut between_teams) = (0u64, 0u64);
    for r in h
        .rows
        .iter()
        .filter(|r| r[hf] != "customer" && r[ht] != "customer")
    {
        let v: u64 = r[vol].parse().unwrap();
        between_teams += v;
        if parent_of[r[hf].as_str()] == parent_of[r[ht].as_str()] {
            same_dept += v;
        }
    }
    let dept_share = same_dept as f64 / between_teams as f64;
    assert!(
        (0.6..=0.8).contains(&dept_share),
        "same-department volume share {dept_share}"
    );
    assert!(
        duplicates as f64 <= 0.03 * rows,
        "{duplicates} duplicate pairs"
    );

    // Journeys: 5–15 steps, unique (journey, step), first step customer-facing, constant volume,
    // known teams and systems, blank wait on the first step only.
    let j = &x.journeys;
    let (jj, js, jt, jsys, jw, jv, ja) = (
        j.col("journey"),
        j.col("step"),
        j.col("team"),
        j.col("system"),
        j.col("wait_hours"),
        j.col("volume"),
        j.col("activity"),
    );
    let mut by_journey: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    let mut steps_seen = HashSet::new();
    for r in &j.rows {
        assert!(
            steps_seen.insert((r[jj].clone(), r[js].clone())),
            "duplicate step"
        );
        assert!(ids.contains(r[jt].as_str()), "unknown step team {}", r[jt]);
        assert!(r[jsys].is_empty() || system_ids.contains(r[jsys].as_str()));
        assert!(!r[ja].is_empty());
        by_journey.entry(r[jj].as_str()).or_default().push(r);
    }
    assert_eq!(by_journey.len(), summary.journeys);
    assert_eq!(summary.journeys, 100); // n / 20
    let mut seams = 0;
    for (name, mut steps) in by_journey {
        assert!(
            (5..=15).contains(&steps.len()),
            "{name}: {} steps",
            steps.len()
        );
        steps.sort_by_key(|r| r[js].parse::<u32>().unwrap());
        assert!(
            cf_teams.contains(steps[0][jt].as_str()),
            "{name} starts backstage"
        );
        assert!(steps[0][jw].is_empty());
        let volume: u32 = steps[0][jv].parse().unwrap();
        assert!(volume > 0);
        for (k, r) in steps.iter().enumerate() {
            assert_eq!(
                r[jv].parse::<u32>().unwrap(),
                volume,
                "{name}: volume changes"
            );
            if k > 0 {
                let w: f64 = r[jw].parse().unwrap();
                assert!(w.is_finite() && w >= 0.0);
                if r[jt] != steps[k - 1][jt] {
                    seams += 1;
                }
            }
        }
    }
    // Consecutive steps are mostly by different teams.
    assert!(seams as f64 >= 0.8 * (j.rows.len() - summary.journeys) as f64);
}

#[test]
fn no_unit_has_more_than_twelve_children_and_teams_sit_at_depth_three_to_five() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let config = GenerateConfig {
        teams: n,
        seed: 3,
        // Few handoffs: this test is about the hierarchy, keep it fast in debug builds.
        handoffs_per_team: 1.0,
        journeys: Some(5),
        ..GenerateConfig::default()
    };
    generate(&config, dir.path()).unwrap();
    let t = Table::read(&dir.path().join("teams.csv"));
    let (id, parent) = (t.col("id"), t.col("parent"));
    let mut children: HashMap<&str, usize> = HashMap::new();
    for r in &t.rows {
        *children.entry(r[parent].as_str()).or_default() += 1;
    }
    children.remove("");
    let max = children.values().copied().max().unwrap();
    assert!(max <= 12, "a unit has {max} children");
    let leaf = leaves(&t);
    assert_eq!(leaf.len(), n);
    let parent_of: HashMap<&str, &str> = t
        .rows
        .iter()
        .map(|r| (r[id].as_str(), r[parent].as_str()))
        .collect();
    let mut depths = HashSet::new();
    for l in &leaf {
        let (mut u, mut depth) = (l.as_str(), 0);
        while !parent_of[u].is_empty() {
            u = parent_of[u];
            depth += 1;
        }
        depths.insert(depth);
    }
    assert!(
        depths.iter().all(|d| (3..=5).contains(d)),
        "team depths {depths:?}"
    );
    assert!(*depths.iter().max().unwrap() >= 4, "{depths:?}");
}

#[test]
fn explicit_journey_count_and_zero_handoff_density() {
    let dir = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        teams: 50,
        seed: 9,
        handoffs_per_team: 0.0,
        journeys: Some(3),
        ..GenerateConfig::default()
    };
    let s = generate(&config, dir.path()).unwrap();
    assert_eq!(s.journeys, 3);
    let h = Table::read(&dir.path().join("handoffs.csv"));
    // Only customer rows remain.
    assert!(h
        .rows
        .iter()
        .all(|r| r[0] == "customer" || r[1] == "customer"));
    assert!(!h.rows.is_empty());
}

#[test]
fn bad_options_are_worded_for_the_flags_and_create_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("org");
    for (args, expected) in [
        (
            vec!["--teams", "0"],
            "--teams must be at least 1 (the number of leaf teams to generate)",
        ),
        (
            vec!["--teams", "50000001"],
            "--teams 50000001 is too large (at most 50000000)",
        ),
        (
            // The typed integer, not the nearest float's 18446744073709552000.
            vec!["--teams", "5", "--handoffs-per-team", "18446744073709551615"],
            "--handoffs-per-team 18446744073709551615 is out of range (expected a number from 0 to 1000)",
        ),
        (
            vec!["--teams", "5", "--handoffs-per-team=-1"],
            "--handoffs-per-team -1 is out of range (expected a number from 0 to 1000)",
        ),
        (
            vec!["--teams", "5", "--handoffs-per-team", "NaN"],
            "--handoffs-per-team NaN is out of range (expected a number from 0 to 1000)",
        ),
        (
            vec!["--teams", "5", "--journeys", "18446744073709551615"],
            "--journeys 18446744073709551615 is too large (at most 10000000)",
        ),
        (
            vec!["--teams", "50000000", "--handoffs-per-team", "100"],
            "--teams 50000000 with --handoffs-per-team 100 is too many handoff rows (at most 1000000000 in all: lower one of them)",
        ),
    ] {
        let output = assert_cmd::Command::cargo_bin("seams")
            .unwrap()
            .arg("generate")
            .args(&args)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end(), format!("seams: error: {expected}"), "{args:?}");
        assert!(!out.exists(), "{args:?} created the output directory");
    }
}

#[test]
fn library_errors_name_no_flags() {
    let dir = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        handoffs_per_team: u64::MAX as f64,
        ..GenerateConfig::default()
    };
    assert_eq!(
        config.validate(),
        Err(GenerateError::HandoffsPerTeamOutOfRange {
            got: u64::MAX as f64,
            max: 1000.0
        })
    );
    let e = generate(&config, dir.path()).unwrap_err().to_string();
    assert!(!e.contains("--"), "{e}");
    assert!(e.contains("18446744073709551616"), "{e}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn log_style_is_deterministic_whatever_the_thread_count() {
    let config = GenerateConfig {
        teams: 800,
        seed: 5,
        journeys: Some(1500),
        journey_style: JourneyStyle::Log,
        ..GenerateConfig::default()
    };
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    for (dir, threads) in dirs.iter().zip([1, 4, 2]) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let s = pool.install(|| generate(&config, dir.path())).unwrap();
        assert_eq!(s.journeys, 1500);
        assert!(s.journey_steps >= 20 * 1500);
    }
    for f in FILES {
        let a = fs::read(dirs[0].path().join(f)).unwrap();
        for d in &dirs[1..] {
            assert!(a == fs::read(d.path().join(f)).unwrap(), "{f} differs");
        }
    }
    // The style changes only the journeys: the organisation is the short style's.
    let short = tempfile::tempdir().unwrap();
    let short_config = GenerateConfig {
        journey_style: JourneyStyle::Short,
        ..config
    };
    generate(&short_config, short.path()).unwrap();
    for f in FILES.iter().filter(|f| **f != "journeys.csv") {
        assert!(
            fs::read(short.path().join(f)).unwrap() == fs::read(dirs[0].path().join(f)).unwrap(),
            "{f} depends on the journey style"
        );
    }
}

/// `seams validate` accepts what `seams generate` writes, in both styles and at odd sizes.
#[test]
fn validate_accepts_every_generated_export() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, args) in [
        vec!["--teams", "1"],
        vec![
            "--teams",
            "13",
            "--journey-style",
            "log",
            "--journeys",
            "40",
        ],
        vec!["--teams", "700", "--seed", "3", "--handoffs-per-team", "0"],
        vec!["--teams", "2500", "--seed", "8", "--journey-style", "log"],
    ]
    .into_iter()
    .enumerate()
    {
        let out = tmp.path().join(format!("org{i}"));
        assert_cmd::Command::cargo_bin("seams")
            .unwrap()
            .arg("generate")
            .args(&args)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let output = assert_cmd::Command::cargo_bin("seams")
            .unwrap()
            .arg("validate")
            .arg(&out)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stdout}");
        assert!(
            stdout.contains("OK: the export is valid"),
            "{args:?}: {stdout}"
        );
    }
}
