//! Benchmarks of the Silo family: Louvain, modularity and the whole `silo_metrics`, on
//! generated orgs (`seams::generate`).
//!
//! Sizes (teams) come from `SEAMS_BENCH_TEAMS`, comma-separated (default `1000,10000,100000`):
//! `SEAMS_BENCH_TEAMS=1000 cargo bench --bench silo`. `SEAMS_BENCH_ORG=DIR[,DIR…]` adds
//! existing exports (e.g. the peerbench generator `gen_org.py --teams 100000 --seed 1 --out DIR`,
//! the graph of the peer timings). Orgs are generated and loaded once, outside the timings.

#[path = "common/mod.rs"]
mod common;

use common::{existing, generated};
use seams::metrics::louvain::{louvain, modularity};
use seams::metrics::silo::silo_metrics;
use seams::model::Org;

fn main() {
    divan::main();
}

fn silo_labels(org: &Org) -> Vec<u32> {
    let g = &org.handoffs;
    g.units().iter().map(|&u| org.silos.silo_of(u)).collect()
}

#[divan::bench(args = common::sizes(), sample_count = 10)]
fn louvain_generated(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    bencher.bench(|| louvain(divan::black_box(&org.handoffs)));
}

#[divan::bench(args = common::sizes(), sample_count = 20)]
fn modularity_of_silos(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    let labels = silo_labels(org);
    bencher.bench(|| modularity(divan::black_box(&org.handoffs), divan::black_box(&labels)));
}

#[divan::bench(args = common::sizes(), sample_count = 10)]
fn silo_metrics_generated(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    bencher.bench(|| silo_metrics(divan::black_box(org)));
}

#[divan::bench(args = common::dirs(), sample_count = 10)]
fn louvain_existing(bencher: divan::Bencher, dir: &str) {
    let org = existing(dir);
    bencher.bench(|| louvain(divan::black_box(&org.handoffs)));
}

#[divan::bench(args = common::dirs(), sample_count = 20)]
fn modularity_existing(bencher: divan::Bencher, dir: &str) {
    let org = existing(dir);
    let labels = silo_labels(org);
    bencher.bench(|| modularity(divan::black_box(&org.handoffs), divan::black_box(&labels)));
}
