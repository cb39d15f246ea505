//! The bottleneck family on generated orgs: exact betweenness (1k and 10k teams), `--approx 256`
//! (every size, the point of it is 100k), articulation points + bridges, and the whole family.
//! Peer figures to beat (the shared peerbench RESULTS.md, 2 cores): exact betweenness at 10k
//! teams rustworkx 7.4 s (2 threads) / igraph 9.1 s (1 thread); k = 256 at 100k igraph 9.2 s;
//! articulation points + bridges at 100k igraph 0.13 s.
//!
//! Sizes come from `SEAMS_BENCH_TEAMS` (comma-separated, default `1000,10000,100000`; exact
//! betweenness only runs for sizes up to 10,000), e.g.
//! `SEAMS_BENCH_TEAMS=1000 cargo bench --bench bottleneck` for a quick run;
//! `SEAMS_BENCH_ORG=DIR` adds an existing export (e.g. peerbench's graph); `RAYON_NUM_THREADS`
//! sets the thread count. Orgs are generated and loaded once, outside the timings.

#[path = "common/mod.rs"]
mod common;

use seams::metrics::articulation::cut_structure;
use seams::metrics::betweenness::{betweenness, sample_sources, EdgeLengths};
use seams::metrics::bottleneck::{bottlenecks, BottleneckOptions};

fn main() {
    divan::main();
}

/// Sizes for which exact betweenness is affordable in a benchmark.
fn exact_sizes() -> Vec<usize> {
    common::sizes()
        .into_iter()
        .filter(|&t| t <= 10_000)
        .collect()
}

#[divan::bench(args = exact_sizes(), sample_count = 3, sample_size = 1)]
fn exact_betweenness(bencher: divan::Bencher, teams: usize) {
    let g = &common::generated(teams).handoffs;
    bencher.bench(|| betweenness(divan::black_box(g), EdgeLengths::Hops, None));
}

#[divan::bench(args = common::sizes(), sample_count = 3, sample_size = 1)]
fn approx_256_betweenness(bencher: divan::Bencher, teams: usize) {
    let g = &common::generated(teams).handoffs;
    let sources = sample_sources(g.node_count(), 256, 0);
    bencher.bench(|| betweenness(divan::black_box(g), EdgeLengths::Hops, Some(&sources)));
}

#[divan::bench(args = common::sizes(), sample_count = 10)]
fn articulation_points_and_bridges(bencher: divan::Bencher, teams: usize) {
    let g = &common::generated(teams).handoffs;
    bencher.bench(|| cut_structure(divan::black_box(g)));
}

/// The whole family as `analyze` runs it: exact up to 10k teams, `--approx 256` above.
#[divan::bench(args = common::sizes(), sample_count = 3, sample_size = 1)]
fn bottleneck_family(bencher: divan::Bencher, teams: usize) {
    let g = &common::generated(teams).handoffs;
    let options = BottleneckOptions {
        approx: (teams > 10_000).then_some(256),
        ..Default::default()
    };
    bencher.bench(|| bottlenecks(divan::black_box(g), &options).expect("bottlenecks"));
}

#[divan::bench(args = common::dirs(), sample_count = 3, sample_size = 1)]
fn exact_betweenness_existing(bencher: divan::Bencher, dir: &str) {
    let g = &common::existing(dir).handoffs;
    bencher.bench(|| betweenness(divan::black_box(g), EdgeLengths::Hops, None));
}

#[divan::bench(args = common::dirs(), sample_count = 3, sample_size = 1)]
fn approx_256_betweenness_existing(bencher: divan::Bencher, dir: &str) {
    let g = &common::existing(dir).handoffs;
    let sources = sample_sources(g.node_count(), 256, 0);
    bencher.bench(|| betweenness(divan::black_box(g), EdgeLengths::Hops, Some(&sources)));
}
