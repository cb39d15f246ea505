//! Display names and colours of units and silos in the seam report: a unit's name (or its id),
//! its silo's name, and one colour per silo (the busiest silos get the palette when there are
//! more silos than colours); and safe file stems for chart files.

use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot::palette::{Color, CATEGORY};
use crate::records::UnitId;

/// Display names and colours of units and silos.
pub(crate) struct Names<'a> {
    /// The organisation whose units are named.
    pub(super) org: &'a Org,
    /// Position of each unit in `org.silos.list()`, `usize::MAX` for units that are no silo.
    pub(super) slot: Vec<usize>,
    /// Colour of each silo, in `org.silos.list()` order.
    pub(super) colors: Vec<Color>,
}

impl<'a> Names<'a> {
    pub(crate) fn new(org: &'a Org, a: &Analysis) -> Names<'a> {
        let list = org.silos.list();
        let mut slot = vec![usize::MAX; org.export.units.len()];
        for (i, &s) in list.iter().enumerate() {
            slot[s as usize] = i;
        }
        // Few silos: one colour each, in id order. Many: the busiest (by handoff volume, as
        // in the silo matrix; ties by id) get the colours, the rest share grey and are told
        // apart by their labels.
        let colors = if list.len() <= CATEGORY.len() {
            (0..list.len()).map(|i| CATEGORY[i]).collect()
        } else {
            let mut colors = vec![Color::OTHER; list.len()];
            for (rank, &i) in busiest_silos(a).iter().take(CATEGORY.len() - 1).enumerate() {
                colors[i] = CATEGORY[rank];
            }
            colors
        };
        Names { org, slot, colors }
    }

    /// A unit's name, or its id when it has none.
    pub(super) fn unit(&self, u: UnitId) -> String {
        let unit = &self.org.export.units[u as usize];
        match &unit.name {
            Some(n) if !n.trim().is_empty() => n.clone(),
            _ => unit.id.clone(),
        }
    }

    pub(super) fn id(&self, u: UnitId) -> String {
        self.org.unit_id(u).to_string()
    }

    pub(super) fn node(&self, v: u32) -> String {
        self.unit(self.org.handoffs.unit(v))
    }

    pub(super) fn silo_of(&self, u: UnitId) -> UnitId {
        self.org.silos.silo_of(u)
    }

    pub(super) fn silo_name(&self, u: UnitId) -> String {
        self.unit(self.silo_of(u))
    }

    pub(crate) fn color_of_silo(&self, silo: UnitId) -> Color {
        self.slot
            .get(silo as usize)
            .and_then(|&i| self.colors.get(i))
            .copied()
            .unwrap_or(Color::OTHER)
    }

    pub(super) fn color(&self, u: UnitId) -> Color {
        self.color_of_silo(self.silo_of(u))
    }
}

/// A file stem from a user string: lowercase ASCII letters, digits and single dashes, at most
/// 48 characters, never empty.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "journey".to_string()
    } else {
        out
    }
}

/// Silo indices (in `org.silos.list()` order) by total handoff volume, busiest first, ties by
/// id.
pub(super) fn busiest_silos(a: &Analysis) -> Vec<usize> {
    let rows = &a.silo.silos;
    let total = |i: usize| rows[i].internal_volume + rows[i].external_volume;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&x, &y| total(y).total_cmp(&total(x)).then(x.cmp(&y)));
    order
}

#[cfg(test)]
mod tests {
    use super::super::fixture::small;
    use super::*;

    #[test]
    fn slugs_are_safe_file_stems() {
        assert_eq!(slug("<script>j</script>"), "script-j-script");
        assert_eq!(slug("Online return: in store!"), "online-return-in-store");
        assert_eq!(slug("ÄÖÜ"), "journey");
        assert_eq!(slug(&"x".repeat(100)).len(), 48);
    }

    #[test]
    fn names_and_colours() {
        let (org, a) = small();
        let names = Names::new(&org, &a);
        let unit = |id: &str| org.export.units.iter().position(|u| u.id == id).unwrap() as UnitId;
        assert_eq!(names.unit(unit("b")), "Orders");
        assert_eq!(names.id(unit("b")), "b");
        assert_eq!(names.silo_name(unit("b")), "Sales");
        // Three silos, one palette colour each in id order.
        assert_eq!(names.colors, CATEGORY[..3]);
        assert_eq!(names.color(unit("c")), CATEGORY[1]);
        assert_eq!(busiest_silos(&a), [0, 1, 2]);
    }
}
