//! Benchmarks of `seams suggest` (docs/suggest.md, "Cost"): building the incremental gain
//! structure, and the whole suggestion (search, baseline, one re-analysis per accepted move with
//! sampled betweenness, channels) on generated orgs (`seams::generate`).
//!
//! Sizes (teams) come from `SEAMS_BENCH_TEAMS`, comma-separated (default `1000,10000,100000`):
//! `SEAMS_BENCH_TEAMS=1000 cargo bench --bench suggest`. `SEAMS_BENCH_ORG=DIR[,DIR…]` adds
//! existing exports. Orgs are generated, loaded and analysed once, outside the timings.

#[path = "common/mod.rs"]
mod common;

use common::{existing, generated};
use seams::metrics::{analyze, Analysis, AnalysisOptions};
use seams::model::Org;
use seams::suggest::gains::Placement;
use seams::suggest::{objective_graph, suggest, Objective, SuggestOptions};

fn main() {
    divan::main();
}

fn options() -> SuggestOptions {
    SuggestOptions {
        analysis: AnalysisOptions {
            approx: Some(64),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn today(org: &Org) -> Analysis {
    analyze(org, &options().analysis).expect("analysis")
}

fn placement(org: &Org) -> Placement {
    let parents = org.export.units.iter().map(|u| u.parent).collect();
    let size = vec![1.0; org.export.units.len()];
    let never = vec![false; org.export.units.len()];
    let graph = objective_graph(org, Objective::Handoffs);
    Placement::new(parents, org.silos.level, graph, size, &never)
}

#[divan::bench(args = common::sizes(), sample_count = 10)]
fn gains_generated(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    bencher.bench(|| placement(divan::black_box(org)));
}

#[divan::bench(args = common::sizes(), sample_count = 3)]
fn suggest_generated(bencher: divan::Bencher, teams: usize) {
    let org = generated(teams);
    let a = today(org);
    bencher.bench(|| suggest(divan::black_box(org), &a, &options()));
}

#[divan::bench(args = common::dirs(), sample_count = 3)]
fn suggest_existing(bencher: divan::Bencher, dir: &str) {
    let org = existing(dir);
    let a = today(org);
    bencher.bench(|| suggest(divan::black_box(org), &a, &options()));
}
