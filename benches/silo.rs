//! Benchmarks of the Silo family: Louvain, modularity and the whole `silo_metrics`, on
//! generated orgs (`seams::generate`).
//!
//! Sizes (teams) come from `SEAMS_BENCH_TEAMS`, comma-separated (default `1000,10000,100000`):
//! `SEAMS_BENCH_TEAMS=1000 cargo bench --bench silo`. `SEAMS_BENCH_ORG=DIR[,DIR…]` adds
//! existing exports (e.g. `../shared/peerbench/gen_org.py --teams 100000 --seed 1 --out DIR`,
//! the graph of the peer timings). Orgs are generated and loaded once, outside the timings.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use seams::generate::{generate, GenerateConfig};
use seams::metrics::louvain::{louvain, modularity};
use seams::metrics::silo::silo_metrics;
use seams::model::{ModelOptions, Org};

fn main() {
    divan::main();
}

/// Team counts to benchmark.
fn sizes() -> Vec<usize> {
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
fn dirs() -> Vec<String> {
    std::env::var("SEAMS_BENCH_ORG")
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// The generated org of `teams` teams (seed 1), built once per process.
fn generated(teams: usize) -> &'static Org {
    static CACHE: OnceLock<Mutex<BTreeMap<usize, &'static Org>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache.entry(teams).or_insert_with(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let config = GenerateConfig {
            teams,
            seed: 1,
            handoffs_per_team: 10.0,
            journeys: None,
        };
        generate(&config, dir.path()).expect("generate");
        load(dir.path())
    })
}

/// An existing export, loaded once per process.
fn existing(dir: &str) -> &'static Org {
    static CACHE: OnceLock<Mutex<BTreeMap<String, &'static Org>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache
        .entry(dir.to_string())
        .or_insert_with(|| load(Path::new(dir)))
}

fn load(dir: &Path) -> &'static Org {
    let (org, _) = seams::load(dir, &ModelOptions::default()).expect("load");
    eprintln!(
        "{}: {} nodes, {} undirected edges",
        dir.display(),
        org.handoffs.node_count(),
        org.handoffs.undirected_edge_count()
    );
    Box::leak(Box::new(org))
}

fn silo_labels(org: &Org) -> Vec<u32> {
    let g = &org.handoffs;
    g.units().iter().map(|&u| org.silos.silo_of(u)).collect()
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn louvain_generated(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    bencher.bench(|| louvain(divan::black_box(&org.handoffs)));
}

#[divan::bench(args = sizes(), sample_count = 20)]
fn modularity_of_silos(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    let labels = silo_labels(org);
    bencher.bench(|| modularity(divan::black_box(&org.handoffs), divan::black_box(&labels)));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn silo_metrics_generated(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    bencher.bench(|| silo_metrics(divan::black_box(org)));
}

#[divan::bench(args = dirs(), sample_count = 10)]
fn louvain_existing(bencher: divan::Bencher, dir: &str) {
    let org = existing(dir);
    bencher.bench(|| louvain(divan::black_box(&org.handoffs)));
}

#[divan::bench(args = dirs(), sample_count = 20)]
fn modularity_existing(bencher: divan::Bencher, dir: &str) {
    let org = existing(dir);
    let labels = silo_labels(org);
    bencher.bench(|| modularity(divan::black_box(&org.handoffs), divan::black_box(&labels)));
}
