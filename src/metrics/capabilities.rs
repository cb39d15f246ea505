//! Duplicated capabilities and platform candidates (docs/output.md, "Capabilities"): where each
//! channel or division built its own vertical stack, and which systems already serve many silos.
//!
//! - A **capability** is the value of the optional `capability` column of systems.csv
//!   (matched exactly after trimming; blank = none). It is **duplicated** when two of its
//!   systems are owned in different silos and no dependency path joins them (neither reaches
//!   the other along dependency arrows, through any systems: two systems that merely depend on
//!   one shared service are still two stacks; [`crate::model::SystemGraph::linked_groups`]): two stacks doing the same thing side by side. "Owned in
//!   different silos" means both systems have an owner and no silo owns both (the silos of
//!   their owners are disjoint): two systems co-owned by the same silos, or a silo's own system
//!   beside one it co-owns, are not two silos' stacks; an orphan system belongs to no silo.
//! - A **platform candidate** is a system that systems owned in three or more distinct silos
//!   depend on directly (the dependents' owners' silos, the system's own silo included when
//!   one of its dependents is there), ranked by that number of silos, then by id.

use serde::Serialize;

use crate::model::Org;
use crate::records::{SystemId, UnitId};

/// The smallest number of silos whose systems depend on a system for it to be a platform
/// candidate.
pub const PLATFORM_MIN_SILOS: usize = 3;

/// A capability held by unconnected systems of two or more silos.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DuplicatedCapability {
    /// The capability's name.
    pub capability: String,
    /// Every system with this capability, in id order.
    pub systems: Vec<SystemId>,
    /// The silos owning them, in id order.
    pub silos: Vec<UnitId>,
    /// Number of separate dependency groups its systems fall in (≥ 2).
    pub stacks: usize,
}

/// A system many silos depend on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PlatformCandidate {
    /// The system.
    pub system: SystemId,
    /// Distinct silos of the owners of the systems that depend on it directly, in id order.
    pub dependent_silos: Vec<UnitId>,
    /// Number of systems that depend on it directly.
    pub dependents: usize,
}

/// The capability measures.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CapabilityMetrics {
    /// Whether systems.csv has a `capability` column.
    pub column_present: bool,
    /// Duplicated capabilities, the most silos first, then by name (byte order).
    pub duplicated: Vec<DuplicatedCapability>,
    /// Platform candidates, the most dependent silos first, then by system id.
    pub platforms: Vec<PlatformCandidate>,
}

/// Computes duplicated capabilities and platform candidates.
///
/// # Complexity
/// O((S + D) α(S) + D·o + S log S + Σ c²·o) for S systems, D dependencies, o owners per
/// system and c systems per capability (each capability's pairs are scanned until one is
/// duplicated; a capability is held by a handful of systems in practice).
///
/// # Determinism
/// Ordered by the documented keys with ties by name or id.
pub fn capabilities(org: &Org) -> CapabilityMetrics {
    let e = &org.export;
    // The distinct silos of each system's owners, sorted (empty for an orphan).
    let owner_silos: Vec<Vec<UnitId>> = e
        .systems
        .iter()
        .map(|s| {
            let mut v: Vec<UnitId> = s.owners.iter().map(|&o| org.silos.silo_of(o)).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let silos_of = |s: SystemId| owner_silos[s as usize].iter().copied();
    let column = e
        .system_attributes
        .iter()
        .position(|a| a.trim().eq_ignore_ascii_case("capability"));
    let mut duplicated = Vec::new();
    if let Some(col) = column {
        let mut by_capability: Vec<(&str, SystemId)> = e
            .systems
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let c = s.attributes.get(col).map(|c| c.trim()).unwrap_or("");
                (!c.is_empty()).then_some((c, i as SystemId))
            })
            .collect();
        by_capability.sort_unstable();
        let mut linker = org.systems.linker();
        for chunk in by_capability.chunk_by(|a, b| a.0 == b.0) {
            let systems: Vec<SystemId> = chunk.iter().map(|&(_, s)| s).collect();
            let group = linker.groups(&systems);
            // Duplicated: two systems in different groups owned in different silos. Systems
            // with the same group and owner silos answer alike, so each pair of distinct
            // (group, silos) kinds is tried once: O(K²) for K kinds instead of O(M²).
            let mut kinds: Vec<(u32, &[UnitId])> = systems
                .iter()
                .zip(&group)
                .map(|(&s, &g)| (g, owner_silos[s as usize].as_slice()))
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            let found = kinds.iter().enumerate().any(|(i, &(ga, a))| {
                kinds[i + 1..]
                    .iter()
                    .any(|&(gb, b)| ga != gb && owned_in_different_silos(a, b))
            });
            if !found {
                continue;
            }
            let mut silos: Vec<UnitId> = systems.iter().flat_map(|&s| silos_of(s)).collect();
            silos.sort_unstable();
            silos.dedup();
            let stacks = group.iter().max().map_or(0, |&g| g as usize + 1);
            duplicated.push(DuplicatedCapability {
                capability: chunk[0].0.to_string(),
                systems,
                silos,
                stacks,
            });
        }
        duplicated.sort_by(|a, b| {
            b.silos
                .len()
                .cmp(&a.silos.len())
                .then_with(|| a.capability.cmp(&b.capability))
        });
    }
    let mut dependents: Vec<Vec<SystemId>> = vec![Vec::new(); e.systems.len()];
    for (from, to) in org.systems.dependencies() {
        dependents[to as usize].push(from);
    }
    let mut platforms: Vec<PlatformCandidate> = dependents
        .iter()
        .enumerate()
        .filter_map(|(s, deps)| {
            let mut silos: Vec<UnitId> = deps.iter().flat_map(|&d| silos_of(d)).collect();
            silos.sort_unstable();
            silos.dedup();
            (silos.len() >= PLATFORM_MIN_SILOS).then_some(PlatformCandidate {
                system: s as SystemId,
                dependent_silos: silos,
                dependents: deps.len(),
            })
        })
        .collect();
    platforms.sort_by(|a, b| {
        b.dependent_silos
            .len()
            .cmp(&a.dependent_silos.len())
            .then(a.system.cmp(&b.system))
    });
    CapabilityMetrics {
        column_present: column.is_some(),
        duplicated,
        platforms,
    }
}

/// Whether two systems with these (sorted) owner silos are owned in different silos: both
/// have an owner and no silo owns both.
fn owned_in_different_silos(a: &[UnitId], b: &[UnitId]) -> bool {
    !a.is_empty() && !b.is_empty() && a.iter().all(|x| b.binary_search(x).is_err())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::org_from_csv;

    const TEAMS: &str = "id,parent\nhq,\na,hq\nb,hq\nc,hq\nd,hq\na1,a\nb1,b\nc1,c\nd1,d\n";

    #[test]
    fn duplicated_stacks_and_platforms() {
        // payments: pay-a (silo a) and pay-b (silo b), unconnected → duplicated, 2 stacks.
        // search: s-a (a) → s-c (c) connected → not duplicated.
        // auth is depended on by systems of silos a, b and c → platform candidate (3 silos);
        // bus only by a and d → not.
        let org = org_from_csv(&[
            ("teams.csv", TEAMS),
            (
                "systems.csv",
                "id,owner,capability\nauth,d1,identity\nbus,d1,\npay-a,a1,payments\npay-b,b1,payments\ns-a,a1,search\ns-c,c1,search\n",
            ),
            (
                "dependencies.csv",
                "from,to\ns-a,s-c\npay-a,auth\npay-b,auth\ns-c,auth\ns-a,bus\n",
            ),
        ]);
        let m = capabilities(&org);
        let sys = |id: &str| org.export.system_id(id).unwrap();
        let unit = |id: &str| org.export.unit_id(id).unwrap();
        assert!(m.column_present);
        // pay-a and pay-b only share the auth service: still two payment stacks. The search
        // systems are linked (s-a → s-c).
        assert_eq!(m.duplicated.len(), 1, "{:?}", m.duplicated);
        assert_eq!(m.duplicated[0].capability, "payments");
        assert_eq!(m.duplicated[0].stacks, 2);
        assert_eq!(m.platforms.len(), 1);
        assert_eq!(m.platforms[0].system, sys("auth"));
        assert_eq!(
            m.platforms[0].dependent_silos,
            vec![unit("a"), unit("b"), unit("c")]
        );
        assert_eq!(m.platforms[0].dependents, 3);

        // Without the auth dependencies the two payment stacks are apart.
        let org = org_from_csv(&[
            ("teams.csv", TEAMS),
            (
                "systems.csv",
                "id,owner,capability\npay-a,a1,payments\npay-b,b1,payments\npay-b2,b1,payments\n",
            ),
            ("dependencies.csv", "from,to\npay-b,pay-b2\n"),
        ]);
        let m = capabilities(&org);
        assert_eq!(m.duplicated.len(), 1);
        let d = &m.duplicated[0];
        assert_eq!(d.capability, "payments");
        assert_eq!(d.silos, vec![unit("a"), unit("b")]);
        assert_eq!(d.stacks, 2);
        assert_eq!(d.systems.len(), 3);
        assert!(m.platforms.is_empty());
    }

    #[test]
    fn co_owned_systems_are_duplicates_only_of_other_silos() {
        // Nothing depends on anything, so every system is its own stack.
        // docs: d-ab (silos a, b) beside d-ab2 (a, b) and d-b (b): a silo in common each time.
        // forms: f-ab (a, b) beside f-c (c): disjoint silos → duplicated.
        // ids: an orphan beside i-a: the orphan belongs to no silo.
        let org = org_from_csv(&[
            ("teams.csv", TEAMS),
            (
                "systems.csv",
                "id,owner,Capability\nd-ab,a1;b1,docs\nd-ab2,b1; a1,docs\nd-b,b1,docs\n\
                 f-ab,a1;b1,forms\nf-c,c1, forms \ni-a,a1,ids\ni-none,,ids\n",
            ),
        ]);
        let m = capabilities(&org);
        let unit = |id: &str| org.export.unit_id(id).unwrap();
        let names: Vec<&str> = m.duplicated.iter().map(|d| d.capability.as_str()).collect();
        assert_eq!(names, ["forms"]);
        assert_eq!(m.duplicated[0].silos, vec![unit("a"), unit("b"), unit("c")]);
        assert_eq!(m.duplicated[0].stacks, 2);
        assert!(owned_in_different_silos(&[1, 2], &[3]));
        assert!(!owned_in_different_silos(&[1, 2], &[2, 5]));
        assert!(!owned_in_different_silos(&[], &[3]));
    }

    #[test]
    fn without_the_column() {
        let org = org_from_csv(&[("teams.csv", TEAMS), ("systems.csv", "id,owner\nx,a1\n")]);
        let m = capabilities(&org);
        assert!(!m.column_present);
        assert!(m.duplicated.is_empty());
    }
}
