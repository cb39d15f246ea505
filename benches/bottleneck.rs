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
//!
//! `SEAMS_BENCH_AGREEMENT=DIR cargo bench --bench bottleneck` runs, instead of the divan
//! benchmarks, the sampling study of docs/performance.md ("Sampled betweenness at 1M units"):
//! betweenness of the export in DIR from the automatic sample (256 sources, seed 0), from 256
//! sources of seed 1, and from longer runs of seed 0 (`SEAMS_BENCH_AGREEMENT_K`, comma-separated,
//! default `1024,4096`), each timed; then the top-10 overlap and the rank correlation of the
//! top 100 of every run against the longest one.

#[path = "common/mod.rs"]
mod common;

use std::time::Instant;

use seams::metrics::articulation::cut_structure;
use seams::metrics::betweenness::{betweenness, sample_sources, EdgeLengths};
use seams::metrics::bottleneck::{bottlenecks, BottleneckOptions, AUTO_SAMPLE_K};

fn main() {
    if let Ok(dir) = std::env::var("SEAMS_BENCH_AGREEMENT") {
        sample_agreement(&dir);
        return;
    }
    divan::main();
}

/// Nodes by betweenness descending, ties by node index (the order of the `bottlenecks` table
/// up to its volume tie-break).
fn ranked(b: &[f64]) -> Vec<u32> {
    let mut nodes: Vec<u32> = (0..b.len() as u32).collect();
    nodes.sort_by(|&x, &y| b[y as usize].total_cmp(&b[x as usize]).then(x.cmp(&y)));
    nodes
}

/// Spearman's ρ between `reference` and `other` over the top `top` nodes of `reference`
/// (ranked among themselves in each run; no ties in practice, ties ranked by node index).
fn spearman_of_top(reference: &[f64], other: &[f64], top: usize) -> f64 {
    let nodes: Vec<u32> = ranked(reference).into_iter().take(top).collect();
    let mut by_other = nodes.clone();
    by_other.sort_by(|&x, &y| {
        other[y as usize]
            .total_cmp(&other[x as usize])
            .then(x.cmp(&y))
    });
    let k = nodes.len() as f64;
    let d2: f64 = nodes
        .iter()
        .enumerate()
        .map(|(r, v)| {
            let r2 = by_other.iter().position(|x| x == v).unwrap();
            (r as f64 - r2 as f64).powi(2)
        })
        .sum();
    1.0 - 6.0 * d2 / (k * (k * k - 1.0))
}

/// The sampling study (see the crate comment): prints one line per run and per comparison.
fn sample_agreement(dir: &str) {
    let longer: Vec<usize> = std::env::var("SEAMS_BENCH_AGREEMENT_K")
        .unwrap_or_else(|_| "1024,4096".to_string())
        .split(',')
        .map(|k| {
            k.trim()
                .parse()
                .expect("SEAMS_BENCH_AGREEMENT_K: source counts")
        })
        .collect();
    let start = Instant::now();
    let g = &common::existing(dir).handoffs;
    let (n, m) = (g.node_count(), g.edge_count());
    println!(
        "{dir}: {n} nodes, {m} directed edges, loaded in {:.1} s; {} threads",
        start.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    let run = |k: usize, seed: u64| {
        let sources = sample_sources(n, k, seed);
        let start = Instant::now();
        let b = betweenness(g, EdgeLengths::Hops, Some(&sources));
        let secs = start.elapsed().as_secs_f64();
        println!(
            "K = {k:>5}, seed {seed}: {secs:7.2} s wall, {:.2} s per 256 sources",
            secs * 256.0 / k as f64
        );
        (format!("K = {k}, seed {seed}"), b)
    };
    let mut runs = vec![run(AUTO_SAMPLE_K, 0), run(AUTO_SAMPLE_K, 1)];
    runs.extend(longer.iter().map(|&k| run(k, 0)));
    let (reference_name, reference) = runs.last().expect("at least one run");
    let top10: Vec<u32> = ranked(reference).into_iter().take(10).collect();
    println!("top 10 of {reference_name}: {top10:?}");
    for (name, b) in &runs[..runs.len() - 1] {
        let mine: Vec<u32> = ranked(b).into_iter().take(10).collect();
        let shared = mine.iter().filter(|v| top10.contains(v)).count();
        println!(
            "{name} against {reference_name}: top 10 share {shared} of 10; \
             Spearman ρ of the top 100: {:.3}",
            spearman_of_top(reference, b, 100)
        );
    }
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
