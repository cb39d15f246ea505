//! Display names of departments and teams (module doc of `generate`, **Names**): every unit's
//! name is unique in the organisation and made of its division's domain words
//! (`words::Profile`), with the qualifiers of its place in the hierarchy added only when the
//! plain name is taken.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashSet};

use super::blueprint::Blueprint;
use super::words::DEPT_SUFFIXES;
use crate::rng::Rng;

/// The names already given, as 64-bit hashes of their text (an exact name always hashes the
/// same, so a taken name is never given twice; the rare false "taken" of a hash collision only
/// moves a unit on to its next candidate, the same on every machine). Membership only: never
/// iterated.
struct NameBook {
    taken: FxHashSet<u64>,
}

impl NameBook {
    fn with_capacity(n: usize) -> NameBook {
        NameBook {
            taken: FxHashSet::with_capacity_and_hasher(n, FxBuildHasher),
        }
    }

    /// Claims `name` if it is free.
    fn try_claim(&mut self, name: &str) -> bool {
        self.taken.insert(FxBuildHasher.hash_one(name))
    }

    /// The first free name among `candidates` (tried lazily, in order), else the last candidate
    /// with the smallest free number appended ("… 2"), which always exists.
    fn claim(&mut self, candidates: impl IntoIterator<Item = String>) -> String {
        let mut last = String::new();
        for c in candidates {
            if self.try_claim(&c) {
                return c;
            }
            last = c;
        }
        (2u64..)
            .map(|k| format!("{last} {k}"))
            .find(|c| self.try_claim(c))
            .expect("an unbounded sequence has a free name")
    }
}

/// `a – q` (an en dash), or `a` when `q` is empty. Not `a (q)`: the report adds a team's silo
/// in parentheses ("Marketing Operations – West (Marketing)"), and two parenthesised groups
/// in a row ("Marketing Operations (West) (Marketing)") read as a typo.
fn qualified(a: &str, q: &str) -> String {
    if q.is_empty() {
        a.to_string()
    } else {
        format!("{a} – {q}")
    }
}

/// Names every department and team (the company, divisions and groups are named by
/// `hierarchy`, uniquely by construction, and are claimed first). The qualifier `q` of a
/// department is what its parent group's name adds to the division's ("North Grocery").
///
/// A **department** is "{theme} {suffix}" ("Inventory Operations"), else "{theme} {suffix}
/// – q" ("Inventory Operations – North Grocery"), else another theme and suffix of its domain
/// with the qualifier. A **team** has a focus of its domain, distinct within its department
/// (drawn from `rng`), and its kind's word: "{focus} {word}" ("Replenishment Squad"), else
/// "{theme} {focus} {word}", else either with " – q", else "{focus} {word} of {department}",
/// free because department names are unique and focuses distinct in a department. A **hub** is
/// its shared-service name ("Logistics Service Desk"), else with " – q", else another shared
/// service of its domain, else "{hub name} of {department}". A number is appended only if
/// every candidate is taken (not seen in practice: none up to 1,000,000 teams).
///
/// # Complexity
/// O(units) expected time: a bounded number of candidates per unit, each hashed once.
pub(super) fn name_units(plan: &mut Blueprint, rng: &mut Rng) {
    let mut book = NameBook::with_capacity(plan.units.len());
    for u in &plan.units {
        if !u.name.is_empty() {
            let fresh = book.try_claim(&u.name);
            debug_assert!(fresh, "hierarchy names are unique: {}", u.name);
        }
    }
    let mut candidates: Vec<String> = Vec::with_capacity(8);
    for d in 0..plan.depts.len() {
        let dept = &plan.depts[d];
        let (t0, t1) = dept.teams;
        let profile = plan.divisions[plan.teams[t0 as usize].division as usize].profile;
        let q = dept.qualifier.clone();
        let q = q.as_str();

        // "{theme} {suffix}", with the qualifier, then every other theme and suffix of the
        // domain with the qualifier: a parent has at most 12 departments, a domain ≥ 8 × 8 pairs.
        let (themes, suffixes) = (profile.themes, DEPT_SUFFIXES);
        let ti = themes.iter().position(|&t| t == dept.theme).unwrap_or(0);
        let si = suffixes.iter().position(|&s| s == dept.suffix).unwrap_or(0);
        let (nt, ns) = (themes.len(), suffixes.len());
        let plain = format!("{} {}", dept.theme, dept.suffix);
        let with_q = (!q.is_empty()).then(|| qualified(&plain, q));
        let others = (1..nt * ns).map(|k| {
            let pair = format!("{} {}", themes[(ti + k / ns) % nt], suffixes[(si + k) % ns]);
            qualified(&pair, q)
        });
        let dept_name = book.claim(std::iter::once(plain).chain(with_q).chain(others));
        let theme = dept.theme;
        let dept_unit = dept.unit;

        // Distinct focuses for the department's teams (at most 10 teams, ≥ 10 focuses).
        let focuses = rng.sample_indices(profile.focuses.len(), (t1 - t0) as usize);
        for t in t0..t1 {
            let team = &plan.teams[t as usize];
            candidates.clear();
            if team.hub {
                // Its shared service, then the division's others (two hubs of one department
                // may have drawn the same), plain, qualified, then with the department's name.
                let hubs = profile.hubs;
                let at = hubs.iter().position(|&h| h == team.hub_name).unwrap_or(0);
                let rotation = (0..hubs.len()).map(|k| hubs[(at + k) % hubs.len()]);
                for hub in rotation.clone() {
                    candidates.push(hub.to_string());
                    if !q.is_empty() {
                        candidates.push(qualified(hub, q));
                    }
                }
                candidates.extend(rotation.map(|hub| format!("{hub} of {dept_name}")));
            } else {
                let slot = usize::from(team.pos) - 1;
                let focus = profile.focuses[focuses[slot % focuses.len()]];
                let word = team.kind_word;
                candidates.push(format!("{focus} {word}"));
                candidates.push(format!("{theme} {focus} {word}"));
                if !q.is_empty() {
                    candidates.push(qualified(&format!("{focus} {word}"), q));
                    candidates.push(qualified(&format!("{theme} {focus} {word}"), q));
                }
                candidates.push(format!("{focus} {word} of {dept_name}"));
            }
            let name = book.claim(candidates.drain(..));
            let unit = team.unit as usize;
            if team.hub {
                // The service it was named after (another one when its own was taken), which
                // also names its systems: the longest hub name its name starts with.
                let service = profile
                    .hubs
                    .iter()
                    .filter(|h| name.starts_with(**h))
                    .max_by_key(|h| h.len());
                if let Some(&service) = service {
                    plan.teams[t as usize].hub_name = service;
                }
            }
            plan.units[unit].name = name;
        }
        plan.units[dept_unit as usize].name = dept_name;
    }
}

#[cfg(test)]
mod tests {
    use super::super::hierarchy::build_hierarchy;
    use super::super::roles::assign_roles;
    use super::super::words::{Profile, BACK, FRONT, TECH};
    use super::*;
    use std::collections::HashSet;

    /// The named units of an organisation of `n` teams (hierarchy, roles and names: the parts
    /// names depend on), drawn as `generate` draws them.
    fn named(n: usize, seed: u64) -> Blueprint {
        let mut master = Rng::new(seed);
        let mut rng_hier = Rng::new(master.next_u64());
        let mut rng_names = Rng::new(master.next_u64());
        let mut plan = build_hierarchy(n, &mut rng_hier);
        assign_roles(&mut plan, &mut rng_hier);
        name_units(&mut plan, &mut rng_names);
        plan
    }

    fn profiles() -> Vec<&'static Profile> {
        FRONT.iter().chain([&TECH]).chain(BACK).collect()
    }

    #[test]
    fn every_unit_has_its_own_name_without_numbers() {
        for (n, seed) in [
            (1, 0),
            (7, 1),
            (30, 2),
            (1000, 3),
            (10_000, 4),
            (100_000, 5),
        ] {
            let plan = named(n, seed);
            let mut seen = HashSet::new();
            for u in &plan.units {
                assert!(!u.name.is_empty(), "{n} teams: {} has no name", u.id);
                assert!(seen.insert(u.name.as_str()), "{n} teams: {} twice", u.name);
                // Up to 100,000 teams no name needs a number (module doc, **Names**).
                assert!(
                    !u.name.bytes().any(|b| b.is_ascii_digit()),
                    "{n} teams: {} has a number",
                    u.name
                );
            }
        }
    }

    #[test]
    fn units_are_named_from_their_divisions_domain() {
        for (n, seed) in [(12, 0), (1000, 1), (20_000, 2)] {
            let plan = named(n, seed);
            for dept in &plan.depts {
                let (t0, t1) = dept.teams;
                let division = &plan.divisions[plan.teams[t0 as usize].division as usize];
                let profile = division.profile;
                let dept_name = &plan.units[dept.unit as usize].name;
                assert!(
                    profile.themes.iter().any(|t| dept_name.starts_with(t)),
                    "{dept_name} is not a {} department",
                    profile.name
                );
                for t in t0..t1 {
                    let team = &plan.teams[t as usize];
                    let name = &plan.units[team.unit as usize].name;
                    let words = if team.hub {
                        profile.hubs
                    } else {
                        profile.focuses
                    };
                    assert!(
                        words.iter().any(|w| name.contains(w)),
                        "{name} is not a {} team",
                        profile.name
                    );
                    if team.hub {
                        // Its systems are named after the service its name says.
                        assert!(name.starts_with(team.hub_name), "{name}: {}", team.hub_name);
                    }
                }
            }
            // Groups carry their division's name.
            for (i, u) in plan.units.iter().enumerate() {
                if u.kind == super::super::blueprint::Kind::Group {
                    let mut top = i;
                    while plan.units[top].parent != 0 {
                        top = plan.units[top].parent as usize;
                    }
                    assert!(u.name.starts_with(&plan.units[top].name), "{}", u.name);
                }
            }
        }
    }

    #[test]
    fn domains_have_their_own_words_and_enough_of_them() {
        let mut seen = HashSet::new();
        for p in profiles() {
            assert!(
                p.focuses.len() >= 10,
                "{}: a department has up to 10 teams",
                p.name
            );
            assert!(p.themes.len() * DEPT_SUFFIXES.len() >= 12, "{}", p.name);
            assert!(!p.hubs.is_empty(), "{}", p.name);
            for w in [p.name]
                .iter()
                .chain(p.themes)
                .chain(p.focuses)
                .chain(p.hubs)
            {
                assert!(seen.insert(*w), "{w} is in two domains (or twice in one)");
                assert!(!w.contains([',', '"']), "{w} needs CSV quoting");
            }
        }
    }

    #[test]
    fn no_name_has_a_parenthesised_group() {
        // The report adds a team's silo in parentheses: a qualifier in parentheses too gave
        // "Complaints (North) (Customer Service)". Qualifiers follow an en dash instead.
        for (n, seed) in [(3000, 1), (100_000, 5)] {
            let plan = named(n, seed);
            let bad: Vec<&str> = plan
                .units
                .iter()
                .map(|u| u.name.as_str())
                .filter(|name| name.contains(['(', ')']))
                .take(5)
                .collect();
            assert!(bad.is_empty(), "{n} teams: {bad:?}");
            // Qualified names are there (the test would pass vacuously otherwise).
            assert!(
                plan.units.iter().any(|u| u.name.contains(" – ")),
                "{n} teams"
            );
        }
    }

    #[test]
    fn names_are_deterministic() {
        let (a, b) = (named(5000, 9), named(5000, 9));
        assert!(a.units.iter().zip(&b.units).all(|(x, y)| x.name == y.name));
    }
}
