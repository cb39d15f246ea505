//! The hierarchy of a generated organisation (module doc of `generate`, **Hierarchy**): divisions,
//! balanced group levels so that no unit has more than 12 children, departments of 4–10 teams.

use super::blueprint::{
    Blueprint, Kind, PlannedDepartment, PlannedDivision, PlannedTeam, PlannedUnit, NONE,
};
use super::words::{Profile, AREAS, BACK, DEPT_SUFFIXES, FRONT, LINES, SITES, TECH};
use crate::rng::Rng;

/// Most children any unit gets.
const MAX_CHILDREN: usize = 12;
/// Team count range of a department.
const DEPT_MIN: usize = 4;
const DEPT_MAX: usize = 10;
/// Divisions: at least one per this many teams (keeps teams at depth ≤ 5 up to 100,000 teams).
const TEAMS_PER_DIVISION_CAP: usize = 13_000;

/// The units of an organisation of `n` teams: company, divisions (with their profiles and
/// shares), groups, departments and teams, all numbered depth-first so that a department's or
/// a division's teams are a contiguous index range. Team kinds, headcounts, customer facing and
/// hubs are left for [`super::roles::assign_roles`]; department and team names for
/// [`super::names::name_units`] (this names the company, the divisions and the groups, and
/// draws each department's theme and suffix).
///
/// # Complexity
/// O(n) time and memory.
pub(super) fn build_hierarchy(n: usize, rng: &mut Rng) -> Blueprint {
    let d_random = 4 + rng.index(6); // 4..=9
    let d_min = n.div_ceil(TEAMS_PER_DIVISION_CAP).min(9);
    let d = d_random.max(d_min).min((n / 6).max(1));

    // Division profiles: 1–2 front divisions, Technology, then the others.
    let mut fronts: Vec<usize> = (0..FRONT.len()).collect();
    rng.shuffle(&mut fronts);
    let mut backs: Vec<usize> = (0..BACK.len()).collect();
    rng.shuffle(&mut backs);
    let n_front = if d >= 5 { 2 } else { 1 };
    let mut profiles: Vec<(&'static Profile, bool, bool)> = Vec::with_capacity(d);
    for &f in fronts.iter().take(n_front.min(d)) {
        profiles.push((&FRONT[f], true, false));
    }
    if d >= 2 {
        profiles.push((&TECH, false, true));
    }
    for &b in &backs {
        if profiles.len() >= d {
            break;
        }
        profiles.push((&BACK[b], false, false));
    }
    rng.shuffle(&mut profiles);

    let weights: Vec<f64> = (0..d).map(|_| 0.85 + 0.3 * rng.next_f64()).collect();
    let sizes = apportion(n, &weights);

    let mut b = HierarchyBuilder {
        units: Vec::with_capacity(n + n / 5 + 16),
        teams: Vec::with_capacity(n),
        depts: Vec::with_capacity(n / 6 + 1),
        divisions: Vec::with_capacity(d),
    };
    b.units.push(PlannedUnit {
        id: "org".into(),
        name: "Northwind Group".into(),
        parent: NONE,
        kind: Kind::Company,
        customer_facing: false,
        headcount: 0,
    });
    for (di, (&(profile, front, tech), &size)) in profiles.iter().zip(&sizes).enumerate() {
        let id = format!("d{:02}", di + 1);
        let unit = b.push_unit(&id, profile.name.to_string(), 0, Kind::Division);
        let first_team = b.teams.len() as u32;
        let dept_sizes = split_departments(size, rng);
        let levels = group_levels(dept_sizes.len());
        let parent = Parent {
            unit,
            id: &id,
            qualifier: "",
        };
        let division = DivisionCtx {
            profile,
            index: di as u32,
        };
        b.emit_groups(rng, parent, division, &dept_sizes, levels, 1);
        b.divisions.push(PlannedDivision {
            teams: (first_team, b.teams.len() as u32),
            front,
            tech,
            profile,
        });
    }
    debug_assert_eq!(b.teams.len(), n);

    Blueprint {
        units: b.units,
        teams: b.teams,
        depts: b.depts,
        divisions: b.divisions,
        hubs: Vec::new(),
        systems: Vec::new(),
        systems_of: Vec::new(),
        deps: Vec::new(),
        handoffs: Vec::new(),
        out_of: Vec::new(),
        steps: Vec::new(),
        journey_volumes: Vec::new(),
        id_width_system: 5,
        id_width_journey: 5,
    }
}

/// A unit under which groups or departments are emitted.
#[derive(Clone, Copy)]
struct Parent<'a> {
    unit: u32,
    id: &'a str,
    /// What the unit's name adds to its division's name ("North Grocery"; "" for the division).
    qualifier: &'a str,
}

/// The division being built.
#[derive(Clone, Copy)]
struct DivisionCtx {
    profile: &'static Profile,
    index: u32,
}

struct HierarchyBuilder {
    units: Vec<PlannedUnit>,
    teams: Vec<PlannedTeam>,
    depts: Vec<PlannedDepartment>,
    divisions: Vec<PlannedDivision>,
}

impl HierarchyBuilder {
    fn push_unit(&mut self, id: &str, name: String, parent: u32, kind: Kind) -> u32 {
        self.units.push(PlannedUnit {
            id: id.to_string(),
            name,
            parent,
            kind,
            customer_facing: false,
            headcount: 0,
        });
        (self.units.len() - 1) as u32
    }

    /// Emits the departments `sizes` under `parent`, through `levels` balanced group levels.
    /// `group_level` is 1 for groups directly under the division.
    fn emit_groups(
        &mut self,
        rng: &mut Rng,
        parent: Parent<'_>,
        division: DivisionCtx,
        sizes: &[usize],
        levels: u32,
        group_level: u32,
    ) {
        if levels == 0 {
            for (k, &size) in sizes.iter().enumerate() {
                self.emit_department(rng, parent, k + 1, division, size);
            }
            return;
        }
        // k groups with k^(levels+1) ≥ m: each group then needs at most `levels - 1` more levels.
        let m = sizes.len();
        let mut k = 1usize;
        while k.pow(levels + 1) < m {
            k += 1;
        }
        let k = k.clamp(1, MAX_CHILDREN).min(m);
        // Even split; which groups get the extra department is random.
        let base = m / k;
        let mut extra: Vec<bool> = (0..k).map(|i| i < m % k).collect();
        rng.shuffle(&mut extra);
        let mut areas: Vec<usize> = (0..AREAS.len()).collect();
        rng.shuffle(&mut areas);
        let mut start = 0;
        for (j, &has_extra) in extra.iter().enumerate() {
            let len = base + usize::from(has_extra);
            let id = format!("{}-g{:02}", parent.id, j + 1);
            // Siblings take distinct entries of one shuffled permutation of 12 (k ≤ 12).
            let word = |list: &[&str]| list[areas[j] % list.len()].to_string();
            let qualifier = match group_level {
                1 => word(AREAS),
                2 => format!("{} {}", parent.qualifier, word(LINES)),
                3 => format!("{} {}", parent.qualifier, word(SITES)),
                _ => format!("{} Cluster {}", parent.qualifier, j + 1),
            };
            let name = format!("{} {qualifier}", division.profile.name);
            let unit = self.push_unit(&id, name, parent.unit, Kind::Group);
            let group = Parent {
                unit,
                id: &id,
                qualifier: &qualifier,
            };
            self.emit_groups(
                rng,
                group,
                division,
                &sizes[start..start + len],
                levels - 1,
                group_level + 1,
            );
            start += len;
        }
    }

    /// Emits department number `index` of `size` teams under `parent`.
    fn emit_department(
        &mut self,
        rng: &mut Rng,
        parent: Parent<'_>,
        index: usize,
        division: DivisionCtx,
        size: usize,
    ) {
        let DivisionCtx {
            profile,
            index: division,
        } = division;
        let theme = profile.themes[rng.index(profile.themes.len())];
        let suffix = DEPT_SUFFIXES[rng.index(DEPT_SUFFIXES.len())];
        let id = format!("{}-p{index:02}", parent.id);
        // Named by `names::name_units`, once every unit exists.
        let unit = self.push_unit(&id, String::new(), parent.unit, Kind::Department);
        let dept = self.depts.len() as u32;
        let first = self.teams.len() as u32;
        for pos in 1..=size {
            // Kind and headcount are filled in by `roles::assign_roles`, the name by `names`.
            let team_unit =
                self.push_unit(&format!("{id}-t{pos:02}"), String::new(), unit, Kind::Team);
            self.teams.push(PlannedTeam {
                unit: team_unit,
                dept,
                division,
                pos: pos as u8,
                cf: false,
                hub: false,
                kind_word: "",
                hub_name: "",
            });
        }
        self.depts.push(PlannedDepartment {
            unit,
            teams: (first, self.teams.len() as u32),
            theme,
            suffix,
            qualifier: parent.qualifier.to_string(),
        });
    }
}

/// Splits `total` into shares proportional to `weights` (largest remainder, ties by index).
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut out: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let assigned: usize = out.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - out[a] as f64;
        let rb = exact[b] - out[b] as f64;
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for i in 0..total.saturating_sub(assigned) {
        out[order[i % order.len()]] += 1;
    }
    out
}

/// Department sizes of a division of `n` teams: 4–10 each, 7 on average, but never more
/// departments than `MAX_CHILDREN`^(levels + 1) allows for the fewest group levels possible.
fn split_departments(n: usize, rng: &mut Rng) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let min_p = n.div_ceil(DEPT_MAX);
    let mut cap = MAX_CHILDREN;
    while cap < min_p {
        cap *= MAX_CHILDREN;
    }
    let p = ((n as f64 / 7.0).round() as usize).clamp(min_p.max(1), cap);
    let lo = if n >= DEPT_MIN * p { DEPT_MIN } else { n / p };
    let hi = DEPT_MAX.max(n.div_ceil(p));
    let mut sizes = vec![lo; p];
    let mut rest = n - lo * p;
    while rest > 0 {
        let i = rng.index(p);
        if sizes[i] < hi {
            sizes[i] += 1;
            rest -= 1;
        }
    }
    sizes
}

/// Group levels needed so that `departments` fit under a division with ≤ 12 children per unit.
fn group_levels(departments: usize) -> u32 {
    let mut levels = 0;
    let mut cap = MAX_CHILDREN;
    while cap < departments {
        cap *= MAX_CHILDREN;
        levels += 1;
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_sums_to_total() {
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(apportion(7, &[1.0]), vec![7]);
        let v = apportion(1000, &[0.9, 1.1, 1.0, 0.95]);
        assert_eq!(v.iter().sum::<usize>(), 1000);
    }

    #[test]
    fn departments_hold_four_to_ten_teams() {
        let mut rng = Rng::new(1);
        for n in [1, 3, 4, 9, 10, 11, 50, 121, 1000, 17_000, 40_000] {
            let sizes = split_departments(n, &mut rng);
            assert_eq!(sizes.iter().sum::<usize>(), n, "n = {n}");
            if n >= DEPT_MIN {
                assert!(
                    sizes.iter().all(|&s| (DEPT_MIN..=DEPT_MAX).contains(&s)),
                    "n = {n}: {sizes:?}"
                );
            }
        }
    }
}
