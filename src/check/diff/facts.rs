//! Each side of a check reduced to what the diff compares, keyed by id: the two exports index
//! their units differently, so nothing is ever compared by index (docs/ci.md).

use std::collections::{BTreeMap, BTreeSet};

use crate::metrics::Analysis;
use crate::model::Org;
use crate::records::Party;

/// How many of the top-ranked bottlenecks the diff follows.
pub const TOP_BOTTLENECKS: usize = 10;

/// The id the reserved customer party has in handoff pairs.
const CUSTOMER_ID: &str = "customer";

/// A unit as the diff sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFacts {
    /// Display name, when given.
    pub name: Option<String>,
    /// Id of the parent unit; None for a root.
    pub parent: Option<String>,
}

/// One journey's seam counts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct JourneyFacts {
    /// Number of steps.
    pub steps: usize,
    /// Consecutive steps done by different teams.
    pub seams: usize,
    /// Of them, seams between different silos.
    pub cross_silo_seams: usize,
    /// Journeys per period.
    pub volume: f64,
}

/// One silo's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiloFacts {
    /// Handoff-graph nodes in the silo.
    pub nodes: usize,
    /// Krackhardt's E-I index (None when the silo has no handoff).
    pub ei_index: Option<f64>,
}

/// A row of an export file: where a finding is, for annotations on a pull request's diff
/// (docs/ci.md, "GitHub Actions annotations").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceLine {
    /// The export file (`teams.csv`, `dependencies.csv`, `journeys.csv`).
    pub file: &'static str,
    /// 1-based line of the row in that file.
    pub line: u64,
}

/// Where the things `check` talks about are written in the export, by id. Kept apart from
/// the facts that are compared, so a row that moved in its file is no change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceLines {
    /// The row of every unit in teams.csv.
    pub units: BTreeMap<String, u64>,
    /// The row of every journey's first step in journeys.csv.
    pub journeys: BTreeMap<String, u64>,
    /// For every pair of teams (team_a < team_b) whose systems depend on each other, the first
    /// row of dependencies.csv that makes them depend (the row that creates a congruence gap).
    pub team_dependencies: BTreeMap<(String, String), u64>,
    /// The row of every system in systems.csv.
    pub systems: BTreeMap<String, u64>,
    /// For every capability, the systems.csv row of its first system (in id order).
    pub capabilities: BTreeMap<String, u64>,
}

impl SourceLines {
    /// The teams.csv row of a unit.
    pub fn unit(&self, id: &str) -> Option<SourceLine> {
        self.units.get(id).map(|&line| SourceLine {
            file: "teams.csv",
            line,
        })
    }

    /// The journeys.csv row of a journey's first step.
    pub fn journey(&self, id: &str) -> Option<SourceLine> {
        self.journeys.get(id).map(|&line| SourceLine {
            file: "journeys.csv",
            line,
        })
    }

    /// The first dependencies.csv row that makes two teams' systems depend on each other.
    pub fn dependency(&self, team_a: &str, team_b: &str) -> Option<SourceLine> {
        let key = if team_a <= team_b {
            (team_a.to_string(), team_b.to_string())
        } else {
            (team_b.to_string(), team_a.to_string())
        };
        self.team_dependencies.get(&key).map(|&line| SourceLine {
            file: "dependencies.csv",
            line,
        })
    }

    /// The systems.csv row of a system.
    pub fn system(&self, id: &str) -> Option<SourceLine> {
        self.systems.get(id).map(|&line| SourceLine {
            file: "systems.csv",
            line,
        })
    }

    /// The systems.csv row of a capability's first system.
    pub fn capability(&self, name: &str) -> Option<SourceLine> {
        self.capabilities.get(name).map(|&line| SourceLine {
            file: "systems.csv",
            line,
        })
    }

    fn of(e: &crate::records::Export, a: &Analysis) -> SourceLines {
        let uid = |u: u32| e.units[u as usize].id.as_str();
        let units = e.units.iter().map(|u| (u.id.clone(), u.line)).collect();
        let journeys = e
            .journeys
            .iter()
            .filter_map(|j| Some((j.id.clone(), j.steps.iter().map(|s| s.line).min()?)))
            .collect();
        // As metrics::conway pairs the owners of both ends of a dependency.
        let mut team_dependencies: BTreeMap<(String, String), u64> = BTreeMap::new();
        for d in &e.dependencies {
            let from = &e.systems[d.from as usize].owners;
            let to = &e.systems[d.to as usize].owners;
            for &a in from {
                for &b in to {
                    if a != b {
                        let (x, y) = (uid(a.min(b)), uid(a.max(b)));
                        let (x, y) = if x <= y { (x, y) } else { (y, x) };
                        let line = team_dependencies
                            .entry((x.to_string(), y.to_string()))
                            .or_insert(d.line);
                        *line = (*line).min(d.line);
                    }
                }
            }
        }
        let systems = e.systems.iter().map(|s| (s.id.clone(), s.line)).collect();
        let capabilities = a
            .capabilities
            .duplicated
            .iter()
            .filter_map(|c| {
                let first = *c.systems.first()?;
                Some((c.capability.clone(), e.systems[first as usize].line))
            })
            .collect();
        SourceLines {
            units,
            journeys,
            team_dependencies,
            systems,
            capabilities,
        }
    }
}

/// The merged handoffs of one export (volume > 0) in (from, to) id order, their ends named by
/// position in a table of the export's ids (the customer is `customer`): 16 bytes per handoff
/// instead of two id strings and a tree node, so two 10M-handoff exports fit beside each other.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HandoffFacts {
    /// The unit ids and `customer`, sorted.
    ids: Vec<String>,
    /// (from, to, volume), ends as positions in `ids`, sorted (so in id order).
    pairs: Vec<(u32, u32, f64)>,
}

impl HandoffFacts {
    /// The handoffs of `org`'s export.
    ///
    /// # Complexity
    /// O(U log U + H log H) for U units and H handoffs (both usually come sorted).
    pub fn of(org: &Org) -> HandoffFacts {
        let units = &org.export.units;
        let customer = units.len() as u32;
        let id = |i: u32| {
            units
                .get(i as usize)
                .map_or(CUSTOMER_ID, |u: &crate::records::Unit| u.id.as_str())
        };
        let mut order: Vec<u32> = (0..=customer).collect();
        order.sort_by(|&a, &b| id(a).cmp(id(b)));
        let mut rank = vec![0u32; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let end = |p: Party| match p {
            Party::Customer => rank[customer as usize],
            Party::Unit(u) => rank[u as usize],
        };
        let mut pairs: Vec<(u32, u32, f64)> = org
            .export
            .handoffs
            .iter()
            .filter(|h| h.volume > 0.0)
            .map(|h| (end(h.from), end(h.to), h.volume))
            .collect();
        pairs.sort_unstable_by_key(|&(f, t, _)| (f, t));
        HandoffFacts {
            ids: order.iter().map(|&i| id(i).to_string()).collect(),
            pairs,
        }
    }

    /// Builds the facts from (from, to, volume) triples (tests; a later pair replaces an
    /// earlier one with the same ends).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str, f64)>) -> Self {
        let map: BTreeMap<(&str, &str), f64> =
            pairs.into_iter().map(|(f, t, v)| ((f, t), v)).collect();
        let ids: BTreeSet<&str> = map.keys().flat_map(|&(f, t)| [f, t]).collect();
        let ids: Vec<String> = ids.into_iter().map(str::to_string).collect();
        let pos = |x: &str| ids.binary_search_by(|i| i.as_str().cmp(x)).unwrap_or(0) as u32;
        let pairs = map
            .iter()
            .map(|(&(f, t), &v)| (pos(f), pos(t), v))
            .collect();
        HandoffFacts { ids, pairs }
    }

    /// Number of handoffs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Every handoff as (from, to, volume), in (from, to) id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, f64)> + '_ {
        self.pairs.iter().map(|&(f, t, v)| {
            (
                self.ids[f as usize].as_str(),
                self.ids[t as usize].as_str(),
                v,
            )
        })
    }

    /// The handoffs of `self` whose (from, to) `other` does not have, in (from, to) order.
    ///
    /// # Complexity
    /// O(H₁ + H₂) comparisons of ids (one merge of two sorted lists).
    pub fn missing_from<'a>(&'a self, other: &HandoffFacts) -> Vec<(&'a str, &'a str, f64)> {
        let mut theirs = other.iter().peekable();
        let mut out = Vec::new();
        for (f, t, v) in self.iter() {
            while theirs.next_if(|&(of, ot, _)| (of, ot) < (f, t)).is_some() {}
            if theirs.peek().is_some_and(|&(of, ot, _)| (of, ot) == (f, t)) {
                continue;
            }
            out.push((f, t, v));
        }
        out
    }
}

/// A duplicated capability as the diff sees it (docs/output.md, "duplicated_capabilities").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CapabilityFacts {
    /// Its systems' ids, sorted.
    pub systems: Vec<String>,
    /// The silos owning them, sorted.
    pub silos: Vec<String>,
}

/// One export reduced to what `check` compares, keyed by id (never by index). The default is
/// an empty export.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Every unit, by id.
    pub units: BTreeMap<String, UnitFacts>,
    /// Every system's owners (sorted ids), by system id.
    pub systems: BTreeMap<String, Vec<String>>,
    /// Merged handoffs with volume > 0, by (from, to); the customer is `customer`.
    pub handoffs: HandoffFacts,
    /// Seam counts per journey id.
    pub journeys: BTreeMap<String, JourneyFacts>,
    /// Distance from the customer of every handoff-graph node (None = unreachable).
    pub distance: BTreeMap<String, Option<u32>>,
    /// The silo of every handoff-graph node.
    pub silo_of: BTreeMap<String, String>,
    /// Silo figures by silo id.
    pub silos: BTreeMap<String, SiloFacts>,
    /// Depth of the silo level.
    pub silo_level: u32,
    /// Whether the silo level was chosen automatically.
    pub silo_level_automatic: bool,
    /// Articulation points of the undirected handoff graph.
    pub articulation_points: BTreeSet<String>,
    /// Congruence gaps (team_a < team_b) with their weight.
    pub congruence_gaps: BTreeMap<(String, String), u64>,
    /// The top [`TOP_BOTTLENECKS`] bottlenecks in rank order, with their betweenness.
    pub bottlenecks: Vec<(String, f64)>,
    /// Org-wide E-I index.
    pub org_ei_index: Option<f64>,
    /// Modularity of the silo partition.
    pub modularity: Option<f64>,
    /// Socio-technical congruence.
    pub congruence: Option<f64>,
    /// Nodes of the handoff graph.
    pub nodes: usize,
    /// Directed edges of the handoff graph.
    pub edges: usize,
    /// Seams over all journeys, weighted by journey volume.
    pub seams_total: f64,
    /// Cross-silo seams over all journeys, weighted by journey volume.
    pub cross_silo_seams_total: f64,
    /// The greatest distance from the customer (metrics::distance, None when none is reachable).
    pub max_customer_distance: Option<u32>,
    /// The mean distance from the customer over the reachable nodes (metrics::distance).
    pub mean_customer_distance: Option<f64>,
    /// Customer-data stores (docs/output.md, "customer_data"): each the sorted ids of its
    /// customer-data systems.
    pub customer_data_stores: BTreeSet<Vec<String>>,
    /// Duplicated capabilities, by name.
    pub duplicated_capabilities: BTreeMap<String, CapabilityFacts>,
    /// Platform candidates (systems three or more silos depend on), by system id.
    pub platform_candidates: BTreeSet<String>,
    /// Where units, journeys and team dependencies are written in the export.
    pub lines: SourceLines,
}

impl Facts {
    /// Reduces an analysed export to its facts.
    ///
    /// # Complexity
    /// O((U + S + H + J) log(U + S + H + J)) for U units, S systems, H handoffs, J journeys.
    pub fn of(org: &Org, a: &Analysis) -> Facts {
        let e = &org.export;
        let g = &org.handoffs;
        let uid = |u: u32| e.units[u as usize].id.clone();
        let nid = |v: u32| uid(g.unit(v));
        let units = e
            .units
            .iter()
            .map(|u| {
                (
                    u.id.clone(),
                    UnitFacts {
                        name: u.name.clone(),
                        parent: u.parent.map(uid),
                    },
                )
            })
            .collect();
        let systems = e
            .systems
            .iter()
            .map(|s| {
                let mut owners: Vec<String> = s.owners.iter().map(|&o| uid(o)).collect();
                owners.sort();
                (s.id.clone(), owners)
            })
            .collect();
        let handoffs = HandoffFacts::of(org);
        let journeys = a
            .seams
            .journeys
            .iter()
            .map(|j| {
                (
                    e.journeys[j.journey].id.clone(),
                    JourneyFacts {
                        steps: j.steps,
                        seams: j.seams,
                        cross_silo_seams: j.cross_silo_seams,
                        volume: j.volume,
                    },
                )
            })
            .collect();
        let cross_silo_seams_total = a
            .seams
            .journeys
            .iter()
            .map(|j| j.cross_silo_seams as f64 * j.volume)
            .sum();
        let n = g.node_count() as u32;
        let distance = (0..n)
            .map(|v| (nid(v), a.distance.customer_distance[v as usize]))
            .collect();
        let silo_of = (0..n)
            .map(|v| (nid(v), uid(org.silos.silo_of(g.unit(v)))))
            .collect();
        let silos = a
            .silo
            .silos
            .iter()
            .map(|s| {
                (
                    uid(s.silo),
                    SiloFacts {
                        nodes: s.nodes,
                        ei_index: s.ei_index,
                    },
                )
            })
            .collect();
        let articulation_points = a
            .bottleneck
            .articulation_points
            .iter()
            .map(|&v| nid(v))
            .collect();
        let congruence_gaps = a
            .conway
            .gaps
            .iter()
            .map(|&i| {
                let p = &a.conway.required[i];
                ((uid(p.team_a), uid(p.team_b)), p.weight)
            })
            .collect();
        let bottlenecks = a
            .bottleneck
            .ranking
            .iter()
            .take(TOP_BOTTLENECKS)
            .map(|r| (nid(r.node), r.betweenness))
            .collect();
        let sid = |s: u32| e.systems[s as usize].id.clone();
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let customer_data_stores = a
            .customer_data
            .stores
            .iter()
            .map(|s| sorted(s.systems.iter().map(|&x| sid(x)).collect()))
            .collect();
        let duplicated_capabilities = a
            .capabilities
            .duplicated
            .iter()
            .map(|c| {
                (
                    c.capability.clone(),
                    CapabilityFacts {
                        systems: sorted(c.systems.iter().map(|&x| sid(x)).collect()),
                        silos: sorted(c.silos.iter().map(|&u| uid(u)).collect()),
                    },
                )
            })
            .collect();
        let platform_candidates = a
            .capabilities
            .platforms
            .iter()
            .map(|p| sid(p.system))
            .collect();
        Facts {
            units,
            systems,
            handoffs,
            journeys,
            distance,
            silo_of,
            silos,
            silo_level: org.silos.level,
            silo_level_automatic: org.silos.automatic,
            articulation_points,
            congruence_gaps,
            bottlenecks,
            org_ei_index: a.silo.org_ei_index,
            modularity: a.silo.modularity,
            congruence: a.conway.congruence,
            nodes: g.node_count(),
            edges: g.edge_count(),
            seams_total: a.seams.seams_total,
            cross_silo_seams_total,
            max_customer_distance: a.distance.max_distance,
            mean_customer_distance: a.distance.mean_distance,
            customer_data_stores,
            duplicated_capabilities,
            platform_candidates,
            lines: SourceLines::of(e, a),
        }
    }

    /// Units the customer cannot reach.
    pub fn unreachable(&self) -> impl Iterator<Item = &str> {
        self.distance
            .iter()
            .filter(|(_, d)| d.is_none())
            .map(|(u, _)| u.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoffs_are_in_id_order_with_the_customer_among_the_ids() {
        let org = crate::model::testing::org_from_csv(&[
            ("teams.csv", "id,parent\nb,\nd,\na,\n"),
            (
                "handoffs.csv",
                "from,to,volume\nd,a,1\ncustomer,b,2\nb,d,3\na,customer,4\nb,a,0\n",
            ),
        ]);
        let h = HandoffFacts::of(&org);
        let got: Vec<_> = h.iter().collect();
        // The zero-volume handoff b → a is not one.
        assert_eq!(
            got,
            [
                ("a", "customer", 4.0),
                ("b", "d", 3.0),
                ("customer", "b", 2.0),
                ("d", "a", 1.0)
            ]
        );
        assert_eq!(h.len(), 4);
    }

    #[test]
    fn missing_from_is_the_sorted_difference() {
        let a = HandoffFacts::from_pairs([("a", "b", 1.0), ("a", "c", 2.0), ("c", "a", 3.0)]);
        let b = HandoffFacts::from_pairs([("a", "c", 9.0), ("b", "a", 1.0), ("c", "a", 3.0)]);
        assert_eq!(a.missing_from(&b), [("a", "b", 1.0)]);
        assert_eq!(b.missing_from(&a), [("b", "a", 1.0)]);
        assert!(a.missing_from(&a).is_empty());
        assert_eq!(a.missing_from(&HandoffFacts::default()).len(), 3);
        assert!(HandoffFacts::default().missing_from(&a).is_empty());
    }
}
