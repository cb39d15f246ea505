//! Properties that must hold for any valid export (proptest). Each case writes a random,
//! valid organisation as CSV files into a temporary directory, loads it through the library
//! and checks an invariant of the metrics (definitions in docs/output.md):
//!
//! - the E-I index lies in [−1, 1] for every silo and org-wide; modularity ≤ 1;
//! - betweenness is ≥ 0 and bit-identical with 1 and 2 threads;
//! - removing a handoff never brings a team closer to the customer;
//! - a journey's seam count is the number of team changes between consecutive steps;
//! - journeys in aggregate: the team-level flows between units are the seams, every journey
//!   starts and ends once, positions lie in [0, 1] and the seams-per-journey bars count every
//!   journey;
//! - `seams check` of an export against itself reports no change;
//! - exact betweenness with degree-1 folding equals plain Brandes (small shaped graphs).

use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use seams::metrics::{analyze, Analysis, AnalysisOptions, Weight};
use seams::model::{ModelOptions, Org};

/// A random valid organisation, as rows.
#[derive(Debug, Clone)]
struct RandomOrg {
    /// Parent of unit i: None for a root, else an index < i.
    parents: Vec<Option<usize>>,
    /// (from, to, volume): index into units, or `units.len()` for the customer.
    handoffs: Vec<(usize, usize, u32)>,
    /// Journeys: the team of each step.
    journeys: Vec<Vec<usize>>,
}

fn random_org() -> impl Strategy<Value = RandomOrg> {
    (1usize..28).prop_flat_map(|n| {
        let parents = (0..n)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    prop_oneof![1 => Just(None), 6 => (0..i).prop_map(Some)].boxed()
                }
            })
            .collect::<Vec<_>>();
        let handoffs = proptest::collection::vec((0..=n, 0..=n, 0u32..60), 0..(3 * n + 2));
        let journeys = proptest::collection::vec(proptest::collection::vec(0..n, 1..9), 0..5);
        (parents, handoffs, journeys).prop_map(|(parents, handoffs, journeys)| RandomOrg {
            parents,
            handoffs,
            journeys,
        })
    })
}

impl RandomOrg {
    fn id(&self, i: usize) -> String {
        if i == self.parents.len() {
            "customer".to_string()
        } else {
            format!("u{i:02}")
        }
    }

    /// Writes teams.csv, handoffs.csv and journeys.csv; `skip` leaves out one handoff row.
    fn write(&self, dir: &Path, skip: Option<usize>) {
        let mut teams = String::from("id,parent,name,headcount\n");
        for (i, p) in self.parents.iter().enumerate() {
            let parent = p.map(|p| self.id(p)).unwrap_or_default();
            let _ = writeln!(teams, "{},{parent},Unit {i},{}", self.id(i), 1 + i % 7);
        }
        let mut handoffs = String::from("from,to,volume\n");
        for (k, &(a, b, v)) in self.handoffs.iter().enumerate() {
            if Some(k) == skip || a == b {
                continue;
            }
            let _ = writeln!(handoffs, "{},{},{v}", self.id(a), self.id(b));
        }
        let mut journeys = String::from("journey,step,team\n");
        for (j, steps) in self.journeys.iter().enumerate() {
            for (s, &t) in steps.iter().enumerate() {
                let _ = writeln!(journeys, "j{j},{},{}", s + 1, self.id(t));
            }
        }
        std::fs::write(dir.join("teams.csv"), teams).unwrap();
        std::fs::write(dir.join("handoffs.csv"), handoffs).unwrap();
        std::fs::write(dir.join("journeys.csv"), journeys).unwrap();
    }

    fn load(&self, skip: Option<usize>) -> (tempfile::TempDir, Org) {
        let dir = tempfile::tempdir().unwrap();
        self.write(dir.path(), skip);
        let org = match seams::load(dir.path(), &ModelOptions::default()) {
            Ok((org, _)) => org,
            Err(e) => panic!("a generated export must be valid: {e}\n{self:?}"),
        };
        (dir, org)
    }
}

fn options() -> AnalysisOptions {
    AnalysisOptions {
        weight: Weight::Hops,
        approx: None,
        exact: true,
        seed: 1,
        agents: None,
    }
}

fn analysis_with_threads(org: &Org, threads: usize) -> Analysis {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| analyze(org, &options())).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn ei_index_and_modularity_stay_in_range(org in random_org()) {
        let (_dir, model) = org.load(None);
        let a = analysis_with_threads(&model, 1);
        let in_range = |x: Option<f64>| x.map_or(true, |x| (-1.0..=1.0).contains(&x));
        prop_assert!(in_range(a.silo.org_ei_index), "org E-I {:?}", a.silo.org_ei_index);
        for row in &a.silo.silos {
            prop_assert!(in_range(row.ei_index), "silo E-I {:?}", row.ei_index);
        }
        for q in [a.silo.modularity, a.silo.communities.modularity].into_iter().flatten() {
            prop_assert!((-0.5 - 1e-12..=1.0 + 1e-12).contains(&q), "modularity {q}");
        }
    }

    #[test]
    fn betweenness_is_non_negative_and_thread_independent(org in random_org()) {
        let (_dir, model) = org.load(None);
        let one = analysis_with_threads(&model, 1);
        let two = analysis_with_threads(&model, 2);
        for (x, y) in one.bottleneck.betweenness.iter().zip(&two.bottleneck.betweenness) {
            prop_assert!(*x >= 0.0, "betweenness {x}");
            prop_assert_eq!(x.to_bits(), y.to_bits());
        }
        prop_assert_eq!(one.bottleneck.betweenness.len(), two.bottleneck.betweenness.len());
    }

    #[test]
    fn removing_a_handoff_never_brings_a_team_closer(org in random_org(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!org.handoffs.is_empty());
        let skip = pick.index(org.handoffs.len());
        let (_d1, before) = org.load(None);
        let (_d2, after) = org.load(Some(skip));
        let db = seams::metrics::distance::customer_distance(&before);
        let da = seams::metrics::distance::customer_distance(&after);
        for u in 0..org.parents.len() as u32 {
            let dist = |m: &Org, d: &seams::metrics::distance::DistanceMetrics| {
                m.handoffs.node(u).and_then(|v| d.customer_distance[v as usize])
            };
            match (dist(&before, &db), dist(&after, &da)) {
                (Some(b), Some(a)) => prop_assert!(a >= b, "unit {u}: {b} → {a}"),
                (None, Some(a)) => prop_assert!(false, "unit {u}: unreachable → {a}"),
                _ => {}
            }
        }
    }

    #[test]
    fn seams_are_the_team_changes_of_a_journey(org in random_org()) {
        let (_dir, model) = org.load(None);
        let s = seams::metrics::seams::journey_seams(&model);
        for js in &s.journeys {
            let journey = &model.export.journeys[js.journey];
            let teams: Vec<u32> = journey.steps.iter().map(|s| s.team).collect();
            let changes = teams.windows(2).filter(|w| w[0] != w[1]).count();
            prop_assert_eq!(js.seams, changes);
            prop_assert_eq!(js.steps, teams.len());
        }
        prop_assert_eq!(s.journeys.len(), org.journeys.len());
    }

    #[test]
    fn journey_flows_add_up(org in random_org()) {
        use seams::records::Party;
        let (_dir, model) = org.load(None);
        let s = seams::metrics::seams::journey_seams(&model);
        let f = seams::metrics::journey_flow::journey_flow(&model);
        let n = model.export.journeys.len();
        let unit_flows: usize = f
            .teams
            .flows
            .iter()
            .filter(|x| x.from != Party::Customer && x.to != Party::Customer)
            .map(|x| x.transitions)
            .sum();
        prop_assert_eq!(unit_flows, s.seams.len());
        let cross: usize = f
            .silos
            .flows
            .iter()
            .filter(|x| x.from != Party::Customer && x.to != Party::Customer)
            .map(|x| x.transitions)
            .sum();
        // Consecutive steps in different silos are exactly the seams between silos.
        prop_assert_eq!(cross, s.seams.iter().filter(|x| x.cross_silo).count());
        for level in [&f.silos, &f.teams] {
            prop_assert_eq!(level.nodes.iter().map(|x| x.starts).sum::<usize>(), n);
            prop_assert_eq!(level.nodes.iter().map(|x| x.ends).sum::<usize>(), n);
            for node in &level.nodes {
                if let Some(p) = node.mean_position {
                    prop_assert!((0.0..=1.0 + 1e-12).contains(&p), "position {}", p);
                }
            }
        }
        prop_assert_eq!(f.seams_per_journey.iter().map(|c| c.journeys).sum::<usize>(), n);
    }
}

proptest! {
    // Each case runs the binary: fewer cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn check_of_an_export_against_itself_reports_no_change(org in random_org()) {
        let dir = tempfile::tempdir().unwrap();
        org.write(dir.path(), None);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_seams"))
            .args(["check", "--format", "json", "--baseline"])
            .arg(dir.path())
            .arg("--candidate")
            .arg(dir.path())
            .output()
            .unwrap();
        prop_assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let changes = json["changes"].as_array().map_or(0, Vec::len);
        prop_assert_eq!(changes, 0, "{}", json["changes"]);
    }
}

/// A small directed graph of a chosen shape (tree, star, path, cycle, random) on each of one or
/// two parts (disconnected), with random extra edges, self-loops (ingest drops them) and volumes.
#[derive(Debug, Clone)]
struct Shaped {
    n: usize,
    /// (from, to, volume), node indices.
    edges: Vec<(usize, usize, u32)>,
}

fn shaped_graph() -> impl Strategy<Value = Shaped> {
    // Per part: shape 0 tree, 1 star, 2 path, 3 cycle, 4 random; each edge one way, the other
    // or both (direction code 0, 1, 2).
    let part = (2usize..9, 0u8..5, proptest::collection::vec(0u8..3, 9));
    (part.clone(), proptest::option::of(part), any::<u64>()).prop_flat_map(
        |((n1, s1, d1), second, seed)| {
            let mut edges = Vec::new();
            let add = |a: usize, b: usize, dir: u8, edges: &mut Vec<(usize, usize, u32)>| {
                if dir != 1 {
                    edges.push((a, b, 1 + (a * 7 + b) as u32 % 5));
                }
                if dir != 0 {
                    edges.push((b, a, 1 + (b * 3 + a) as u32 % 5));
                }
            };
            let build = |offset: usize, n: usize, shape: u8, dirs: &[u8], edges: &mut Vec<_>| {
                let mut state = seed | 1;
                for i in 1..n {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let (a, b) = match shape {
                        0 => ((state >> 33) as usize % i, i),
                        1 => (0, i),
                        2 | 3 => (i - 1, i),
                        _ => ((state >> 33) as usize % n, (state >> 17) as usize % n),
                    };
                    add(offset + a, offset + b, dirs[i % dirs.len()], edges);
                }
                if shape == 3 && n > 2 {
                    add(offset + n - 1, offset, dirs[0], edges);
                }
            };
            build(0, n1, s1, &d1, &mut edges);
            let mut n = n1;
            if let Some((n2, s2, d2)) = second {
                build(n1, n2, s2, &d2, &mut edges);
                n += n2;
            }
            let extra = proptest::collection::vec((0..n, 0..n, 1u32..9), 0..4);
            extra.prop_map(move |extra| {
                let mut edges = edges.clone();
                edges.extend(extra);
                Shaped { n, edges }
            })
        },
    )
}

impl Shaped {
    fn load(&self) -> (tempfile::TempDir, Org) {
        let dir = tempfile::tempdir().unwrap();
        let mut teams = String::from("id,parent\n");
        for i in 0..self.n {
            let _ = writeln!(teams, "n{i:02},");
        }
        let mut handoffs = String::from("from,to,volume\n");
        for &(a, b, v) in &self.edges {
            let _ = writeln!(handoffs, "n{a:02},n{b:02},{v}");
        }
        std::fs::write(dir.path().join("teams.csv"), teams).unwrap();
        std::fs::write(dir.path().join("handoffs.csv"), handoffs).unwrap();
        let (org, _) = seams::load(dir.path(), &ModelOptions::default())
            .unwrap_or_else(|e| panic!("a generated export must be valid: {e}\n{self:?}"));
        (dir, org)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Exact betweenness folds out-degree-1 nodes into their neighbour's search; with every
    /// node passed as a "sample" nothing is folded (plain Brandes, same normalisation). Both
    /// must agree to 1e-9, unweighted and weighted (1/volume).
    #[test]
    fn folded_betweenness_equals_plain_brandes(g in shaped_graph()) {
        use seams::metrics::betweenness::{betweenness, edge_lengths, EdgeLengths};
        let (_dir, org) = g.load();
        let h = &org.handoffs;
        let all: Vec<u32> = (0..h.node_count() as u32).collect();
        let volume = edge_lengths(h, Weight::Volume).unwrap();
        for lengths in [EdgeLengths::Hops, EdgeLengths::PerEdge(&volume)] {
            let folded = betweenness(h, lengths, None);
            let plain = betweenness(h, lengths, Some(&all));
            for (v, (a, b)) in folded.iter().zip(&plain).enumerate() {
                prop_assert!((a - b).abs() <= 1e-9, "node {v}: folded {a} vs plain {b}");
            }
        }
    }
}
