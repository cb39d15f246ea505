//! Entity refs resolved across the catalog, and the mapping to export records
//! (docs/input-format.md, "Backstage catalogs").
//!
//! A ref is `[kind:][namespace/]name`, matched case-insensitively; without a namespace it
//! takes the referencing entity's namespace (`default` for nearly every catalog), as Backstage
//! resolves it. Without a kind it takes the kind its field implies: `spec.owner` a Group, or a
//! User when no Group has that name; `parent`, `children`, `memberOf` a Group; `consumesApis`
//! an API; `system` a System; `domain` a Domain. `dependsOn` must name its kind. A ref naming
//! no entity read is an error at its line.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::read::ReadCatalog;
use super::{
    CatalogDependency, CatalogExport, CatalogSummary, CatalogSystem, CatalogUnit, Entity,
    EntityKind, Located, Place, DEFAULT_NAMESPACE,
};
use crate::error::{Diagnostic, DiagnosticKind};
use crate::records::is_customer;
use crate::text::printable;

/// Lookup key: kind, lower-cased namespace and name.
type Key = (EntityKind, String, String);

struct Resolver<'a> {
    read: &'a ReadCatalog,
    index: FxHashMap<Key, usize>,
    diagnostics: Vec<Diagnostic>,
}

/// Maps the entities read to export records; returns them with every diagnostic (reading's
/// first). The records are meaningful only when no diagnostic is an error.
pub(super) fn resolve(read: &ReadCatalog) -> (CatalogExport, Vec<Diagnostic>) {
    let mut r = Resolver {
        read,
        index: FxHashMap::default(),
        diagnostics: read.diagnostics.clone(),
    };
    r.index_entities();
    let units = r.units();
    let owners = r.user_groups();
    r.check_systems_and_domains();
    let systems = r.systems(&owners);
    let dependencies = r.dependencies();
    let summary = CatalogSummary {
        files: read.files.len(),
        entities: read.entities.len(),
        skipped: read.skipped,
        users: read
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::User)
            .count(),
    };
    let export = CatalogExport {
        units,
        systems,
        dependencies,
        summary,
    };
    (export, r.diagnostics)
}

/// `name`, or `namespace/name` outside the default namespace.
fn qualified(e: &Entity) -> String {
    if e.namespace.eq_ignore_ascii_case(DEFAULT_NAMESPACE) {
        e.name.clone()
    } else {
        format!("{}/{}", e.namespace, e.name)
    }
}

/// The id of a Component, API or Resource: `kind:` + [`qualified`].
fn system_id(e: &Entity) -> String {
    format!("{}:{}", e.kind.prefix(), qualified(e))
}

/// "a Group or a User", "an API".
fn kinds_text(kinds: &[EntityKind]) -> String {
    let with_article = |k: &EntityKind| {
        let l = k.label();
        if matches!(k, EntityKind::Api) {
            format!("an {l}")
        } else {
            format!("a {l}")
        }
    };
    let words: Vec<String> = kinds.iter().map(with_article).collect();
    match words.len() {
        0 => String::new(),
        1 => words[0].clone(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

impl Resolver<'_> {
    fn entity(&self, i: usize) -> &Entity {
        &self.read.entities[i]
    }

    fn error(&mut self, at: Place, kind: DiagnosticKind, message: String) {
        let file = self.read.files[at.file as usize].clone();
        self.diagnostics
            .push(Diagnostic::error(file, Some(at.line), message).with_kind(kind));
    }

    fn warning(&mut self, at: Place, message: String) {
        let file = self.read.files[at.file as usize].clone();
        self.diagnostics
            .push(Diagnostic::warning(file, Some(at.line), message));
    }

    fn place_text(&self, at: Place) -> String {
        format!(
            "{}:{}",
            self.read.files[at.file as usize].display(),
            at.line
        )
    }

    /// Indexes every entity by kind, namespace and name; a second one of a key is an error.
    fn index_entities(&mut self) {
        for (i, e) in self.read.entities.iter().enumerate() {
            let key = (e.kind, e.namespace.to_lowercase(), e.name.to_lowercase());
            if let Some(&first) = self.index.get(&key) {
                let message = format!(
                    "a second {} `{}:{}/{}` (the first is at {}; expected one entity per kind, namespace and name)",
                    e.kind.label(),
                    e.kind.prefix(),
                    e.namespace,
                    e.name,
                    self.place_text(self.entity(first).at)
                );
                self.error(e.at, DiagnosticKind::Duplicate, message);
            } else {
                self.index.insert(key, i);
            }
        }
    }

    /// Resolves the ref `r` in field `field` of entity `from`. Without a kind in the ref,
    /// `implied` are tried in order (none: the ref must carry its kind); with one, it must be
    /// in `allowed`. Errors are reported at the ref's line.
    fn resolve_ref(
        &mut self,
        from: usize,
        field: &str,
        r: &Located,
        implied: &[EntityKind],
        allowed: &[EntityKind],
    ) -> Option<usize> {
        let text = r.value.as_str();
        let (kind, rest) = match text.split_once(':') {
            Some((k, rest)) if !k.contains('/') => (Some(k.trim()), rest.trim()),
            _ => (None, text),
        };
        let (namespace, name) = match rest.split_once('/') {
            Some((ns, name)) => (ns.trim(), name.trim()),
            None => (self.entity(from).namespace.as_str(), rest),
        };
        let (ns_shown, name_shown) = (
            printable(namespace).into_owned(),
            printable(name).into_owned(),
        );
        let (namespace, name) = (namespace.to_lowercase(), name.to_lowercase());
        let shown = printable(text).into_owned();
        let candidates: Vec<EntityKind> = match kind {
            None if implied.is_empty() => {
                let message = format!(
                    "{field} `{shown}` has no kind (expected `kind:name`, such as `component:{shown}` or `resource:{shown}`: Backstage requires the kind in {field})"
                );
                self.error(r.at, DiagnosticKind::BadValue, message);
                return None;
            }
            None => implied.to_vec(),
            Some(k) => match EntityKind::parse(k).filter(|k| allowed.contains(k)) {
                Some(k) => vec![k],
                None => {
                    let message = format!(
                        "{field} `{shown}` names a {} (expected {})",
                        printable(k),
                        kinds_text(allowed)
                    );
                    self.error(r.at, DiagnosticKind::BadValue, message);
                    return None;
                }
            },
        };
        let found = candidates.iter().find_map(|&k| {
            self.index
                .get(&(k, namespace.clone(), name.clone()))
                .copied()
        });
        if found.is_none() {
            let message = format!(
                "{field} `{shown}` names no entity in the catalog (expected {} named `{}` in namespace `{}`, defined in one of the files read)",
                kinds_text(&candidates),
                name_shown,
                ns_shown
            );
            self.error(r.at, DiagnosticKind::UnknownReference, message);
        }
        found
    }

    /// The Groups as units, sorted by id, with their parents.
    fn units(&mut self) -> Vec<CatalogUnit> {
        let read = self.read;
        let groups: Vec<usize> = (0..read.entities.len())
            .filter(|&i| read.entities[i].kind == EntityKind::Group)
            .collect();
        let mut ids: FxHashMap<usize, String> = FxHashMap::default();
        for &g in &groups {
            let e = &read.entities[g];
            let mut id = qualified(e);
            if is_customer(&id) {
                self.warning(
                    e.at,
                    format!("the Group `{id}` is written as unit `group:{id}` (`customer` is the id seams reserves for the customer)"),
                );
                id = format!("group:{id}");
            }
            ids.insert(g, id);
        }
        let group = [EntityKind::Group];
        // Who lists each group in spec.children.
        let mut listed_by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &g in &groups {
            for child in &read.entities[g].spec.children {
                if let Some(c) = self.resolve_ref(g, "spec.children", child, &group, &group) {
                    listed_by.entry(c).or_default().push(g);
                }
            }
        }
        let mut parents: FxHashMap<usize, usize> = FxHashMap::default();
        for &g in &groups {
            let e = &read.entities[g];
            let listers = listed_by.remove(&g).unwrap_or_default();
            let declared = e
                .spec
                .parent
                .as_ref()
                .map(|p| (p, self.resolve_ref(g, "spec.parent", p, &group, &group)));
            let parent = match declared {
                Some((_, None)) => None, // reported
                Some((p, Some(parent))) => {
                    let others: Vec<&str> = listers
                        .iter()
                        .filter(|&&l| l != parent)
                        .map(|l| ids[l].as_str())
                        .collect();
                    if !others.is_empty() {
                        let message = format!(
                            "the Group `{}` is listed in spec.children of {} but its spec.parent is `{}`: spec.parent is used",
                            ids[&g],
                            others.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "),
                            ids[&parent]
                        );
                        self.warning(p.at, message);
                    }
                    Some(parent)
                }
                None => {
                    let mut listers = listers;
                    listers.sort_by(|a, b| ids[a].cmp(&ids[b]));
                    listers.dedup();
                    if listers.len() > 1 {
                        let names: Vec<String> =
                            listers.iter().map(|l| format!("`{}`", ids[l])).collect();
                        let message = format!(
                            "the Group `{}` is listed in spec.children of {}: it is placed under {} (set spec.parent to choose)",
                            ids[&g],
                            names.join(", "),
                            names[0]
                        );
                        self.warning(e.at, message);
                    }
                    listers.first().copied()
                }
            };
            if let Some(p) = parent {
                if p == g {
                    let message = format!(
                        "the Group `{}` is its own parent (expected another Group)",
                        ids[&g]
                    );
                    self.error(e.at, DiagnosticKind::Cycle, message);
                } else {
                    parents.insert(g, p);
                }
            }
        }
        self.check_cycles(&groups, &parents, &ids);
        let mut units: Vec<CatalogUnit> = groups
            .iter()
            .map(|&g| {
                let e = &read.entities[g];
                CatalogUnit {
                    id: ids[&g].clone(),
                    name: e
                        .spec
                        .display_name
                        .as_ref()
                        .map(|d| d.value.clone())
                        .or_else(|| e.title.clone())
                        .unwrap_or_else(|| e.name.clone()),
                    parent: parents.get(&g).map(|p| ids[p].clone()),
                    kind: e.spec.kind.as_ref().map(|k| k.value.clone()),
                }
            })
            .collect();
        units.sort_by(|a, b| a.id.cmp(&b.id));
        units
    }

    /// Reports each parent cycle once, at the line of its group with the smallest id.
    ///
    /// # Complexity
    /// O(G): each group is walked once (colours: unvisited, on the current path, done).
    fn check_cycles(
        &mut self,
        groups: &[usize],
        parents: &FxHashMap<usize, usize>,
        ids: &FxHashMap<usize, String>,
    ) {
        let mut state: FxHashMap<usize, u8> = FxHashMap::default(); // 1 on path, 2 done
        for &start in groups {
            let mut path = Vec::new();
            let mut g = start;
            loop {
                match state.get(&g) {
                    Some(2) => break,
                    Some(_) => {
                        let at = path.iter().position(|&p| p == g).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[at..].to_vec();
                        cycle.sort_by(|a, b| ids[a].cmp(&ids[b]));
                        let names: Vec<String> =
                            cycle.iter().map(|c| format!("`{}`", ids[c])).collect();
                        let message = format!(
                            "the Groups {} form a parent cycle (expected a hierarchy: follow spec.parent and spec.children to a root)",
                            names.join(", ")
                        );
                        self.error(self.entity(cycle[0]).at, DiagnosticKind::Cycle, message);
                        break;
                    }
                    None => {}
                }
                state.insert(g, 1);
                path.push(g);
                match parents.get(&g) {
                    Some(&p) => g = p,
                    None => break,
                }
            }
            for p in path {
                state.insert(p, 2);
            }
        }
    }

    /// Each User's first resolvable `spec.memberOf` group (as a unit id); every memberOf ref
    /// is checked.
    fn user_groups(&mut self) -> FxHashMap<usize, String> {
        let read = self.read;
        let group = [EntityKind::Group];
        let mut first = FxHashMap::default();
        for (u, e) in read.entities.iter().enumerate() {
            if e.kind != EntityKind::User {
                continue;
            }
            for m in &e.spec.member_of {
                if let Some(g) = self.resolve_ref(u, "spec.memberOf", m, &group, &group) {
                    first.entry(u).or_insert_with(|| self.unit_id(g));
                }
            }
        }
        first
    }

    /// The unit id of Group `g` (as [`Resolver::units`] writes it).
    fn unit_id(&self, g: usize) -> String {
        let id = qualified(self.entity(g));
        if is_customer(&id) {
            format!("group:{id}")
        } else {
            id
        }
    }

    /// Checks the refs of Systems and Domains (owner, domain) that the mapping reads.
    fn check_systems_and_domains(&mut self) {
        let read = self.read;
        for (i, e) in read.entities.iter().enumerate() {
            if !matches!(e.kind, EntityKind::System | EntityKind::Domain) {
                continue;
            }
            if let Some(owner) = &e.spec.owner {
                let kinds = [EntityKind::Group, EntityKind::User];
                self.resolve_ref(i, "spec.owner", owner, &kinds, &kinds);
            }
        }
    }

    /// The Components, APIs and Resources as systems, sorted by id.
    fn systems(&mut self, user_groups: &FxHashMap<usize, String>) -> Vec<CatalogSystem> {
        let read = self.read;
        let owner_kinds = [EntityKind::Group, EntityKind::User];
        let mut domains: FxHashMap<usize, Option<String>> = FxHashMap::default();
        let mut systems = Vec::new();
        for (i, e) in read.entities.iter().enumerate() {
            if !is_system(e.kind) {
                continue;
            }
            let id = system_id(e);
            let owner = match &e.spec.owner {
                None => {
                    let message = format!(
                        "the {} `{id}` has no spec.owner (expected a Group or a User: Backstage requires an owner)",
                        e.kind.label()
                    );
                    self.error(e.at, DiagnosticKind::BadValue, message);
                    None
                }
                Some(o) => match self.resolve_ref(i, "spec.owner", o, &owner_kinds, &owner_kinds) {
                    None => None,
                    Some(g) if self.entity(g).kind == EntityKind::Group => Some(self.unit_id(g)),
                    Some(u) => match user_groups.get(&u) {
                        Some(g) => {
                            let message = format!(
                                "the owner of `{id}` is the User `{}`: their first spec.memberOf group `{g}` owns it",
                                qualified(self.entity(u))
                            );
                            self.warning(o.at, message);
                            Some(g.clone())
                        }
                        None => {
                            let message = format!(
                                "spec.owner `{}` is a User who is a member of no group (expected a Group, or a User with spec.memberOf: users are not units)",
                                printable(&o.value)
                            );
                            self.error(o.at, DiagnosticKind::BadValue, message);
                            None
                        }
                    },
                },
            };
            let mut system = None;
            let mut domain = None;
            if let Some(s) = &e.spec.system {
                let kinds = [EntityKind::System];
                if let Some(s) = self.resolve_ref(i, "spec.system", s, &kinds, &kinds) {
                    system = Some(qualified(self.entity(s)));
                    domain = match domains.get(&s) {
                        Some(d) => d.clone(),
                        None => {
                            let d = self.system_domain(s);
                            domains.insert(s, d.clone());
                            d
                        }
                    };
                }
            }
            systems.push(CatalogSystem {
                id,
                name: e.title.clone().unwrap_or_else(|| e.name.clone()),
                owner,
                kind: e.spec.kind.as_ref().map(|k| k.value.clone()),
                lifecycle: e.spec.lifecycle.as_ref().map(|l| l.value.clone()),
                system,
                domain,
            });
        }
        // Systems used by no component still have their domain checked.
        for (i, e) in read.entities.iter().enumerate() {
            if e.kind == EntityKind::System && !domains.contains_key(&i) {
                self.system_domain(i);
            }
        }
        systems.sort_by(|a, b| a.id.cmp(&b.id));
        systems
    }

    /// The name of System `s`'s `spec.domain` (its ref checked).
    fn system_domain(&mut self, s: usize) -> Option<String> {
        let d = self.entity(s).spec.domain.clone()?;
        let kinds = [EntityKind::Domain];
        let d = self.resolve_ref(s, "spec.domain", &d, &kinds, &kinds)?;
        Some(qualified(self.entity(d)))
    }

    /// `spec.dependsOn` and `spec.consumesApis` of Components and Resources, each pair once,
    /// sorted by (from, to).
    fn dependencies(&mut self) -> Vec<CatalogDependency> {
        let read = self.read;
        let targets = [EntityKind::Component, EntityKind::Api, EntityKind::Resource];
        let api = [EntityKind::Api];
        let mut pairs: BTreeMap<(String, String), BTreeSet<&'static str>> = BTreeMap::new();
        for (i, e) in read.entities.iter().enumerate() {
            if !matches!(e.kind, EntityKind::Component | EntityKind::Resource) {
                continue;
            }
            let from = system_id(e);
            let fields: [(&str, &[Located], &[EntityKind], &'static str); 2] = [
                ("spec.dependsOn", &e.spec.depends_on, &[], "dependsOn"),
                (
                    "spec.consumesApis",
                    &e.spec.consumes_apis,
                    &api,
                    "consumesApis",
                ),
            ];
            for (field, refs, implied, kind) in fields {
                let allowed: &[EntityKind] = if implied.is_empty() { &targets } else { &api };
                for r in refs {
                    let Some(t) = self.resolve_ref(i, field, r, implied, allowed) else {
                        continue;
                    };
                    if t == i {
                        let message = format!("`{from}` lists itself in {field}: ignored");
                        self.warning(r.at, message);
                        continue;
                    }
                    let to = system_id(self.entity(t));
                    pairs.entry((from.clone(), to)).or_default().insert(kind);
                }
            }
        }
        pairs
            .into_iter()
            .map(|((from, to), kinds)| CatalogDependency {
                from,
                to,
                // BTreeSet order: "consumesApis" < "dependsOn"; written dependsOn first.
                kind: kinds.into_iter().rev().collect::<Vec<_>>().join(";"),
            })
            .collect()
    }
}

/// True for the kinds that become systems.
fn is_system(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Component | EntityKind::Api | EntityKind::Resource
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;

    /// Reads `text` as the one file `c.yaml` and resolves it.
    fn run(text: &str) -> (CatalogExport, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(&path, text).unwrap();
        let read = super::super::read::read_paths(&[&path]);
        resolve(&read)
    }

    fn errors(d: &[Diagnostic]) -> Vec<String> {
        d.iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn namespaces_qualify_ids_and_refs_default_to_their_entitys_namespace() {
        let (e, d) = run("kind: Group\nmetadata:\n  name: ops\n  namespace: infra\n---\n\
             kind: Group\nmetadata:\n  name: Ops\n---\n\
             kind: Resource\nmetadata:\n  name: db\n  namespace: infra\nspec:\n  owner: ops\n---\n\
             kind: Component\nmetadata:\n  name: app\nspec:\n  owner: GROUP:Default/OPS\n  dependsOn: [Resource:infra/DB]\n");
        assert!(errors(&d).is_empty(), "{d:?}");
        let units: Vec<&str> = e.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(units, ["Ops", "infra/ops"]);
        let owners: Vec<(&str, &str)> = e
            .systems
            .iter()
            .map(|s| (s.id.as_str(), s.owner.as_deref().unwrap()))
            .collect();
        assert_eq!(
            owners,
            [("component:app", "Ops"), ("resource:infra/db", "infra/ops")]
        );
        assert_eq!(e.dependencies[0].to, "resource:infra/db");
    }

    #[test]
    fn an_owner_without_kind_is_a_group_before_a_user() {
        let (e, d) = run("kind: Group\nmetadata:\n  name: sam\n---\n\
             kind: Group\nmetadata:\n  name: g2\n---\n\
             kind: User\nmetadata:\n  name: sam\nspec:\n  memberOf: [g2]\n---\n\
             kind: Component\nmetadata:\n  name: a\nspec:\n  owner: sam\n---\n\
             kind: Component\nmetadata:\n  name: b\nspec:\n  owner: user:sam\n");
        assert!(errors(&d).is_empty(), "{d:?}");
        assert_eq!(e.systems[0].owner.as_deref(), Some("sam"));
        assert_eq!(e.systems[1].owner.as_deref(), Some("g2"));
        assert_eq!(d.len(), 1, "one warning for the User owner: {d:?}");
    }

    #[test]
    fn parents_from_children_and_conflicts() {
        let (e, d) = run(
            "kind: Group\nmetadata:\n  name: r\nspec:\n  children: [a, b]\n---\n\
             kind: Group\nmetadata:\n  name: q\nspec:\n  children: [a, b]\n---\n\
             kind: Group\nmetadata:\n  name: a\n---\n\
             kind: Group\nmetadata:\n  name: b\nspec:\n  parent: r\n",
        );
        assert!(errors(&d).is_empty(), "{d:?}");
        let parents: Vec<(&str, Option<&str>)> = e
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.parent.as_deref()))
            .collect();
        assert_eq!(
            parents,
            [("a", Some("q")), ("b", Some("r")), ("q", None), ("r", None)]
        );
        let warnings: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("it is placed under `q`"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("spec.parent is used"), "{warnings:?}");
    }

    #[test]
    fn wrong_kinds_and_missing_owners_are_errors() {
        let (_, d) = run("kind: Group\nmetadata:\n  name: g\n---\n\
             kind: System\nmetadata:\n  name: s\nspec:\n  owner: g\n  domain: nowhere\n---\n\
             kind: API\nmetadata:\n  name: x\n---\n\
             kind: Component\nmetadata:\n  name: c\nspec:\n  owner: g\n  system: s\n  consumesApis: [component:c2]\n  dependsOn: [system:s]\n");
        let mut e = errors(&d);
        e.sort_by_key(|m| m.split(':').next().and_then(|n| n.parse::<u64>().ok()));
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(
            e[0].starts_with("10: spec.domain `nowhere` names no entity"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("14: the API `api:x` has no spec.owner"),
            "{e:?}"
        );
        assert!(
            e[2].starts_with(
                "22: spec.consumesApis `component:c2` names a component (expected an API)"
            ),
            "{e:?}"
        );
        assert!(
            e[3].starts_with("23: spec.dependsOn `system:s` names a system (expected a Component, an API or a Resource)"),
            "{e:?}"
        );
    }

    #[test]
    fn kinds_in_words() {
        assert_eq!(kinds_text(&[EntityKind::Api]), "an API");
        assert_eq!(
            kinds_text(&[EntityKind::Group, EntityKind::User]),
            "a Group or a User"
        );
    }
}
