//! The bottleneck family against networkx 3.6.1 reference fixtures
//! (`tests/fixtures/reference/*.json`, made by `tests/reference/make_fixtures.py` from
//! `tests/fixtures/orgs/*`): betweenness (hops, 1/volume, wait; exact and with networkx's sampled
//! sources) to 1e-9, articulation points and bridges exactly, per-unit volumes and partners;
//! plus thread-count determinism and the quality of `--approx 256` (docs/output.md).

mod common;

use std::collections::HashMap;

use serde_json::Value;

use seams::metrics::betweenness::{betweenness, edge_lengths, sample_sources, EdgeLengths};
use seams::metrics::bottleneck::{bottlenecks, BetweennessMode, BottleneckOptions};
use seams::metrics::Weight;
use seams::model::{ModelOptions, Org};

const TOLERANCE: f64 = 1e-9;

/// Node index of every id, checking that the node set is the reference's.
fn node_index(name: &str, reference: &Value, org: &Org) -> HashMap<String, u32> {
    let ids: Vec<String> = (0..org.handoffs.node_count() as u32)
        .map(|v| org.node_id(v).to_string())
        .collect();
    let expected: Vec<String> = reference["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, expected, "{name}: node set or order differs");
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| (id, i as u32))
        .collect()
}

fn compare(what: &str, org: &Org, actual: &[f64], expected: &Value) {
    let expected = expected.as_object().unwrap();
    assert_eq!(actual.len(), expected.len(), "{what}: node count");
    for (v, &a) in actual.iter().enumerate() {
        let id = org.node_id(v as u32);
        let e = expected[id].as_f64().unwrap();
        assert!(
            (a - e).abs() <= TOLERANCE,
            "{what}: node `{id}`: expected {e}, got {a} (difference {})",
            (a - e).abs()
        );
    }
}

fn weight_of(name: &str) -> Weight {
    match name {
        "hops" => Weight::Hops,
        "volume" => Weight::Volume,
        "wait" => Weight::Wait,
        other => panic!("unknown weight {other}"),
    }
}

fn run(org: &Org, weight: Weight, sources: Option<&[u32]>) -> Vec<f64> {
    let lengths = edge_lengths(&org.handoffs, weight);
    let l = match &lengths {
        None => EdgeLengths::Hops,
        Some(l) => EdgeLengths::PerEdge(l),
    };
    betweenness(&org.handoffs, l, sources)
}

#[test]
fn exact_betweenness_matches_networkx() {
    let mut checked = 0;
    for (name, reference, org) in common::reference_orgs() {
        node_index(&name, &reference, &org);
        for w in ["hops", "volume", "wait"] {
            let actual = run(&org, weight_of(w), None);
            compare(
                &format!("{name} {w}"),
                &org,
                &actual,
                &reference["betweenness"][w],
            );
            checked += 1;
        }
    }
    assert!(checked >= 30);
}

#[test]
fn sampled_betweenness_with_networkx_sources_matches_networkx() {
    let mut checked = 0;
    for (name, reference, org) in common::reference_orgs() {
        let index = node_index(&name, &reference, &org);
        for run_ref in reference["betweenness_sampled"].as_array().unwrap() {
            let k = run_ref["k"].as_u64().unwrap();
            let seed = run_ref["seed"].as_u64().unwrap();
            let w = run_ref["weight"].as_str().unwrap();
            let sources: Vec<u32> = run_ref["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| index[s.as_str().unwrap()])
                .collect();
            assert_eq!(sources.len() as u64, k);
            let actual = run(&org, weight_of(w), Some(&sources));
            compare(
                &format!("{name} sampled k={k} seed={seed} {w}"),
                &org,
                &actual,
                &run_ref["values"],
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} sampled runs checked");
}

#[test]
fn articulation_points_bridges_and_volumes_match_networkx() {
    for (name, reference, org) in common::reference_orgs() {
        node_index(&name, &reference, &org);
        let m = bottlenecks(&org.handoffs, &BottleneckOptions::default()).unwrap();
        let ids = |vs: &[u32]| -> Vec<String> {
            vs.iter().map(|&v| org.node_id(v).to_string()).collect()
        };
        let und = &reference["undirected"];
        let expected_points: Vec<String> = und["articulation_points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            ids(&m.articulation_points),
            expected_points,
            "{name}: articulation points"
        );
        let expected_bridges: Vec<(String, String)> = und["bridges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b[0].as_str().unwrap().to_string(),
                    b[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let bridges: Vec<(String, String)> = m
            .bridges
            .iter()
            .map(|&(a, b)| (org.node_id(a).to_string(), org.node_id(b).to_string()))
            .collect();
        assert_eq!(bridges, expected_bridges, "{name}: bridges");
        for v in 0..org.handoffs.node_count() {
            let id = org.node_id(v as u32);
            let u = &reference["units"][id];
            let ctx = format!("{name}: unit `{id}`");
            assert!(
                (m.in_volume[v] - u["in_volume"].as_f64().unwrap()).abs() <= TOLERANCE,
                "{ctx} in_volume"
            );
            assert!(
                (m.out_volume[v] - u["out_volume"].as_f64().unwrap()).abs() <= TOLERANCE,
                "{ctx} out_volume"
            );
            assert_eq!(
                m.distinct_upstream[v] as u64,
                u["distinct_upstream"].as_u64().unwrap(),
                "{ctx} distinct_upstream"
            );
            assert_eq!(
                m.distinct_downstream[v] as u64,
                u["distinct_downstream"].as_u64().unwrap(),
                "{ctx} distinct_downstream"
            );
        }
        // The ranking: exactly the nodes with betweenness > 0 or that are articulation points,
        // ordered by betweenness desc, in + out volume desc, id.
        let hops = &reference["betweenness"]["hops"];
        let mut expected: Vec<(f64, f64, String)> = (0..org.handoffs.node_count())
            .filter_map(|v| {
                let id = org.node_id(v as u32).to_string();
                let b = hops[&id].as_f64().unwrap();
                let ap = expected_points.contains(&id);
                (b > 0.0 || ap).then(|| (b, m.in_volume[v] + m.out_volume[v], id))
            })
            .collect();
        expected.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(&b.2))
        });
        // Values are compared rank by rank (node order may differ where values differ only by
        // floating-point noise); the exact tie-break order is checked on our own values below.
        assert_eq!(m.ranking.len(), expected.len(), "{name}: ranking length");
        for (row, e) in m.ranking.iter().zip(&expected) {
            assert!(
                (row.betweenness - e.0).abs() <= TOLERANCE,
                "{name}: ranking order at rank {}",
                row.rank
            );
        }
        for w in m.ranking.windows(2) {
            let key = |r: &seams::metrics::bottleneck::BottleneckRow| {
                (r.betweenness, r.in_volume + r.out_volume, r.node)
            };
            let (a, b) = (key(&w[0]), key(&w[1]));
            assert!(
                a.0 > b.0 || (a.0 == b.0 && (a.1 > b.1 || (a.1 == b.1 && a.2 < b.2))),
                "{name}: ranking not ordered at rank {}",
                w[0].rank
            );
        }
    }
}

#[test]
fn known_values_of_edge_case_orgs() {
    // Spot checks that do not depend on the fixtures being regenerated.
    let org = common::fixture_org("ties");
    let b = run(&org, Weight::Hops, None);
    let ring: Vec<f64> = (0..org.handoffs.node_count() as u32)
        .filter(|&v| org.node_id(v).starts_with('r'))
        .map(|v| b[v as usize])
        .collect();
    assert_eq!(ring.len(), 6);
    assert!(
        ring.iter().all(|&x| x == ring[0] && x > 0.0),
        "six-ring values all equal: {ring:?}"
    );
    let org = common::fixture_org("one-unit");
    assert_eq!(run(&org, Weight::Hops, None), vec![0.0]);
}

#[test]
fn thread_count_does_not_change_a_bit() {
    let org = common::fixture_org("gen-1000");
    let sources = sample_sources(org.handoffs.node_count(), 100, 3);
    for (weight, sources) in [
        (Weight::Hops, None),
        (Weight::Volume, None),
        (Weight::Hops, Some(sources.as_slice())),
    ] {
        let bits = |threads: usize| -> Vec<u64> {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| run(&org, weight, sources))
                .iter()
                .map(|x| x.to_bits())
                .collect()
        };
        let one = bits(1);
        assert_eq!(one, bits(2), "{weight:?}: 1 vs 2 threads");
        assert_eq!(one, bits(4), "{weight:?}: 1 vs 4 threads");
    }
}

/// Nodes of the ten highest values (ties by node index).
fn top10(values: &[f64]) -> Vec<u32> {
    let mut v: Vec<u32> = (0..values.len() as u32).collect();
    v.sort_by(|&a, &b| {
        values[b as usize]
            .total_cmp(&values[a as usize])
            .then(a.cmp(&b))
    });
    v.truncate(10);
    v
}

/// docs/output.md: on a generated org (seed 11), the `--approx 256` top-10 shares nodes with the
/// exact top-10 for every draw seed 0–4: at least `min_each` for each seed and at least
/// `min_mean` on average.
fn check_approx_quality(teams: usize, min_each: usize, min_mean: f64, min_halves: usize) {
    let dir = tempfile::tempdir().unwrap();
    let config = seams::generate::GenerateConfig {
        teams,
        seed: 11,
        ..Default::default()
    };
    seams::generate::generate(&config, dir.path()).unwrap();
    let org = common::load(dir.path(), &ModelOptions::default());
    let g = &org.handoffs;
    assert!(g.node_count() >= teams);
    let exact = bottlenecks(g, &BottleneckOptions::default()).unwrap();
    assert_eq!(exact.mode, BetweennessMode::Exact);
    assert_eq!(exact.sample_halves, None);
    let exact_top = top10(&exact.betweenness);
    let mut shared = Vec::new();
    let mut halves = Vec::new();
    for seed in 0..5u64 {
        let opts = BottleneckOptions {
            approx: Some(256),
            seed,
            ..Default::default()
        };
        let sampled = bottlenecks(g, &opts).unwrap();
        assert_eq!(
            sampled.mode,
            BetweennessMode::Sampled {
                k: 256,
                seed,
                automatic: false
            }
        );
        let top = top10(&sampled.betweenness);
        shared.push(top.iter().filter(|v| exact_top.contains(v)).count());
        halves.push(sampled.sample_halves.expect("a sampled run").shared);
    }
    let mean = shared.iter().sum::<usize>() as f64 / shared.len() as f64;
    assert!(
        shared.iter().all(|&s| s >= min_each) && mean >= min_mean,
        "{teams} teams: exact top-10 found in the sampled top-10 for seeds 0-4: {shared:?} \
         (wanted each >= {min_each}, mean >= {min_mean})"
    );
    // A sample that ranks well says so: its halves (128 sources each) agree on most of their
    // top 10 too (docs/output.md, `betweenness_halves_top10_shared`).
    assert!(
        halves.iter().all(|&h| h >= min_halves),
        "{teams} teams: the halves' top-10 agreement for seeds 0-4: {halves:?} (wanted each >= {min_halves})"
    );
}

#[test]
fn approx_256_finds_the_exact_top_10_over_seeds_0_to_4() {
    // 2,000 teams keeps the debug test fast. Measured: [9, 8, 10, 9, 8]; the halves' top-10
    // agreement [9, 8, 9, 9, 7] (a sample that ranks steadily, and says so).
    check_approx_quality(2000, 8, 8.0, 7);
}

/// At 10,000 teams the rank-10 and rank-11 values are close and one draw of five finds only 7
/// of the exact top-10 (measured: [9, 10, 8, 7, 9]): the networkx 3.6 estimator that sampled
/// values must equal cannot promise 8 for every seed, so this check asks for a mean of 8.
#[test]
#[ignore = "10,000 teams: run with `cargo test --release --test bottleneck -- --ignored`"]
fn approx_256_finds_the_exact_top_10_at_10k_teams() {
    // (The halves' agreement is not asserted at this size.)
    check_approx_quality(10_000, 7, 8.0, 0);
}
