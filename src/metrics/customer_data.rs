//! Customer data in silos (docs/output.md, "Customer data"): which silos hold customer data,
//! and how many separate stores it sits in.
//!
//! The systems with `holds_customer_data = true` are grouped by the silos of their owners,
//! and into *stores*: two customer-data systems are in one store when one reaches the other
//! along dependency arrows (a chain `a → … → b`, either way round, through any systems), and
//! a store is a connected set of such systems ([`crate::model::SystemGraph::linked_groups`]).
//! Two systems that only depend on a shared service (`a → pricing ← b`) do not share their
//! data through it, so they stay two stores. "Customer data in N silos, in
//! M disconnected stores": N = distinct silos owning a customer-data system, M = stores.

use serde::Serialize;

use crate::model::Org;
use crate::records::{SystemId, UnitId};

/// One store: the customer-data systems one connected group of systems holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CustomerDataStore {
    /// The customer-data systems of the group, in id order.
    pub systems: Vec<SystemId>,
    /// The silos owning them, in id order (empty when all are orphans).
    pub silos: Vec<UnitId>,
}

/// The customer-data measure.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CustomerDataMetrics {
    /// Systems holding customer data, in id order.
    pub systems: Vec<SystemId>,
    /// Per silo holding customer data (id order): its customer-data systems (id order).
    pub silos: Vec<(UnitId, Vec<SystemId>)>,
    /// The disconnected stores, ordered by their smallest system id.
    pub stores: Vec<CustomerDataStore>,
}

impl CustomerDataMetrics {
    /// N of the headline: silos that hold customer data.
    pub fn silo_count(&self) -> usize {
        self.silos.len()
    }

    /// M of the headline: disconnected stores.
    pub fn store_count(&self) -> usize {
        self.stores.len()
    }
}

/// Computes where customer data is held.
///
/// # Complexity
/// O((S + D) α(S) + C·o log C) for S systems, D dependencies, C customer-data systems with at
/// most o owners each.
///
/// # Determinism
/// Everything is ordered by system or unit index (= id order).
pub fn customer_data(org: &Org) -> CustomerDataMetrics {
    let e = &org.export;
    let systems: Vec<SystemId> = (0..e.systems.len() as SystemId)
        .filter(|&s| e.systems[s as usize].holds_customer_data == Some(true))
        .collect();
    let silos_of = |s: SystemId| -> Vec<UnitId> {
        let mut v: Vec<UnitId> = e.systems[s as usize]
            .owners
            .iter()
            .map(|&o| org.silos.silo_of(o))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut pairs: Vec<(UnitId, SystemId)> = systems
        .iter()
        .flat_map(|&s| silos_of(s).into_iter().map(move |silo| (silo, s)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut silos: Vec<(UnitId, Vec<SystemId>)> = Vec::new();
    for (silo, s) in pairs {
        match silos.last_mut() {
            Some((last, list)) if *last == silo => list.push(s),
            _ => silos.push((silo, vec![s])),
        }
    }
    let group = org.systems.linked_groups(&systems);
    let mut stores: Vec<CustomerDataStore> = Vec::new();
    for (&s, &g) in systems.iter().zip(&group) {
        if g as usize == stores.len() {
            stores.push(CustomerDataStore {
                systems: Vec::new(),
                silos: Vec::new(),
            });
        }
        let store = &mut stores[g as usize];
        store.systems.push(s);
        store.silos.extend(silos_of(s));
    }
    for store in &mut stores {
        store.silos.sort_unstable();
        store.silos.dedup();
    }
    stores.sort_by(|a, b| a.systems.cmp(&b.systems));
    CustomerDataMetrics {
        systems,
        silos,
        stores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::org_from_csv;

    const TEAMS: &str = "id,parent\nhq,\na,hq\nb,hq\nc,hq\na1,a\nb1,b\nc1,c\n";

    #[test]
    fn stores_follow_dependency_paths() {
        // Customer data in crm (silo a), profile (b), cases (c). profile → bus → crm joins
        // profile and crm through a system without customer data; cases only shares a
        // dependency with crm (crm → hub ← cases), which joins nothing.
        let org = org_from_csv(&[
            ("teams.csv", TEAMS),
            (
                "systems.csv",
                "id,owner,holds_customer_data\nbus,a1,no\ncases,c1,yes\ncrm,a1,yes\nhub,a1,no\nprofile,b1,true\n",
            ),
            ("dependencies.csv", "from,to\nprofile,bus\nbus,crm\ncrm,hub\ncases,hub\n"),
        ]);
        let m = customer_data(&org);
        let sys = |id: &str| org.export.system_id(id).unwrap();
        let unit = |id: &str| org.export.unit_id(id).unwrap();
        assert_eq!(m.systems, vec![sys("cases"), sys("crm"), sys("profile")]);
        assert_eq!(m.silo_count(), 3);
        assert_eq!(m.store_count(), 2);
        assert_eq!(m.stores[0].systems, vec![sys("cases")]);
        assert_eq!(m.stores[0].silos, vec![unit("c")]);
        assert_eq!(m.stores[1].systems, vec![sys("crm"), sys("profile")]);
        assert_eq!(m.stores[1].silos, vec![unit("a"), unit("b")]);
    }

    #[test]
    fn no_systems_no_stores() {
        let org = org_from_csv(&[("teams.csv", TEAMS)]);
        let m = customer_data(&org);
        assert_eq!((m.silo_count(), m.store_count()), (0, 0));
    }
}
