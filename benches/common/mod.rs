//! Orgs shared by the benchmarks: generated with `seams::generate` (seed 1, 10 handoffs per
//! team) or read from existing exports, loaded once per process, outside the timings.
//!
//! Sizes (teams) come from `SEAMS_BENCH_TEAMS`, comma-separated (default `1000,10000,100000`);
//! `SEAMS_BENCH_ORG=DIR[,DIR…]` adds existing exports, e.g. the peerbench graphs
//! (`gen_org.py --teams 10000 --seed 1 --out DIR`) for side-by-side figures.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use seams::generate::{generate, GenerateConfig};
use seams::model::{ModelOptions, Org};

/// Team counts to benchmark.
pub fn sizes() -> Vec<usize> {
    std::env::var("SEAMS_BENCH_TEAMS")
        .unwrap_or_else(|_| "1000,10000,100000".to_string())
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse()
                .expect("SEAMS_BENCH_TEAMS: comma-separated team counts")
        })
        .collect()
}

/// Existing export directories to benchmark.
pub fn dirs() -> Vec<String> {
    std::env::var("SEAMS_BENCH_ORG")
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// The directory of a generated org of `teams` teams (seed 1), written once per process.
pub fn generated_dir(teams: usize) -> PathBuf {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    static DONE: OnceLock<Mutex<BTreeMap<usize, PathBuf>>> = OnceLock::new();
    let root = ROOT.get_or_init(|| tempfile::tempdir().expect("temporary directory"));
    let mut done = DONE.get_or_init(Default::default).lock().unwrap();
    done.entry(teams)
        .or_insert_with(|| {
            let dir = root.path().join(format!("org-{teams}"));
            std::fs::create_dir_all(&dir).expect("create org dir");
            let config = GenerateConfig {
                teams,
                seed: 1,
                handoffs_per_team: 10.0,
                journeys: None,
                ..GenerateConfig::default()
            };
            generate(&config, &dir).expect("generate");
            dir
        })
        .clone()
}

/// The generated org of `teams` teams, loaded once per process.
pub fn generated(teams: usize) -> &'static Org {
    static CACHE: OnceLock<Mutex<BTreeMap<usize, &'static Org>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache
        .entry(teams)
        .or_insert_with(|| load(&generated_dir(teams)))
}

/// An existing export, loaded once per process.
pub fn existing(dir: &str) -> &'static Org {
    static CACHE: OnceLock<Mutex<BTreeMap<String, &'static Org>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache
        .entry(dir.to_string())
        .or_insert_with(|| load(Path::new(dir)))
}

fn load(dir: &Path) -> &'static Org {
    let (org, _) = seams::load(dir, &ModelOptions::default()).expect("load");
    eprintln!(
        "{}: {} nodes, {} directed edges, {} undirected edges",
        dir.display(),
        org.handoffs.node_count(),
        org.handoffs.edge_count(),
        org.handoffs.undirected_edge_count()
    );
    Box::leak(Box::new(org))
}
