//! Backstage software catalogs → export records (docs/input-format.md, "Backstage catalogs"):
//! the third ingest route, read by `seams import-backstage`.
//!
//! A catalog is a set of descriptor files (`catalog-info.yaml`, multi-document YAML), each
//! document an entity with `kind`, `metadata` and `spec`. Two steps, one file each:
//!
//! - `read`: the paths (files, or directories searched for `*.yaml` / `*.yml`) → [`Entity`]s,
//!   every value with its file and line; kinds seams does not map (Location, Template, …) are
//!   skipped;
//! - `resolve`: entity refs (`[kind:][namespace/]name`, case-insensitive) resolved across the
//!   whole catalog into a [`CatalogExport`]: **Groups** become units (parent from
//!   `spec.parent` or the group listing it in `spec.children`), **Components, APIs and
//!   Resources** become systems (owner `spec.owner`; a User owner stands for the user's first
//!   `spec.memberOf` group), **`spec.dependsOn` and `spec.consumesApis`** become dependencies.
//!   Users, Systems and Domains are read for owners and for the `system` and `domain` columns.
//!
//! Writing the export is `crate::import`'s job. Like the rest of ingest, reading never stops at
//! the first problem and never prints: every error of the catalog is returned at once.

mod read;
mod resolve;

use std::path::Path;

use crate::error::{Diagnostic, DiagnosticKind, Diagnostics, SeamsError};

/// The namespace of an entity that names none.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The entity kinds the mapping reads; every other kind is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// An organisational unit: becomes a unit.
    Group,
    /// A person: stands for their first group when they own something.
    User,
    /// A piece of software: becomes a system.
    Component,
    /// An interface a component provides: becomes a system.
    Api,
    /// Infrastructure (a database, a bucket): becomes a system.
    Resource,
    /// A collection of components: the `system` column.
    System,
    /// A business area: the `domain` column (through the System).
    Domain,
}

impl EntityKind {
    /// The kind named `s` (any case), None for a kind the mapping does not read.
    pub fn parse(s: &str) -> Option<EntityKind> {
        Some(match s.to_ascii_lowercase().as_str() {
            "group" => EntityKind::Group,
            "user" => EntityKind::User,
            "component" => EntityKind::Component,
            "api" => EntityKind::Api,
            "resource" => EntityKind::Resource,
            "system" => EntityKind::System,
            "domain" => EntityKind::Domain,
            _ => return None,
        })
    }

    /// The kind as Backstage writes it (`Group`, `API`).
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Group => "Group",
            EntityKind::User => "User",
            EntityKind::Component => "Component",
            EntityKind::Api => "API",
            EntityKind::Resource => "Resource",
            EntityKind::System => "System",
            EntityKind::Domain => "Domain",
        }
    }

    /// The kind as a ref and a system id prefix write it (`component`, `api`).
    pub fn prefix(self) -> &'static str {
        match self {
            EntityKind::Group => "group",
            EntityKind::User => "user",
            EntityKind::Component => "component",
            EntityKind::Api => "api",
            EntityKind::Resource => "resource",
            EntityKind::System => "system",
            EntityKind::Domain => "domain",
        }
    }
}

/// Where a value was read: an index into the files read, and a 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of the file in the order read.
    pub file: u32,
    /// 1-based line.
    pub line: u64,
}

/// A text value (trimmed, printable, not blank) and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The value.
    pub value: String,
    /// Its place.
    pub at: Place,
}

/// The `spec` fields the mapping reads (absent or blank = None / empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spec {
    /// `spec.type`.
    pub kind: Option<Located>,
    /// `spec.lifecycle`.
    pub lifecycle: Option<Located>,
    /// `spec.owner`: a ref to a Group or User.
    pub owner: Option<Located>,
    /// `spec.system`: a ref to a System.
    pub system: Option<Located>,
    /// `spec.domain` (of a System): a ref to a Domain.
    pub domain: Option<Located>,
    /// `spec.parent` (of a Group): a ref to a Group.
    pub parent: Option<Located>,
    /// `spec.profile.displayName`.
    pub display_name: Option<Located>,
    /// `spec.children` (of a Group): refs to Groups.
    pub children: Vec<Located>,
    /// `spec.memberOf` (of a User): refs to Groups.
    pub member_of: Vec<Located>,
    /// `spec.dependsOn`: refs with their kind.
    pub depends_on: Vec<Located>,
    /// `spec.consumesApis`: refs to APIs.
    pub consumes_apis: Vec<Located>,
}

/// One entity of a mapped kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Its kind.
    pub kind: EntityKind,
    /// `metadata.namespace`, or [`DEFAULT_NAMESPACE`].
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.title`.
    pub title: Option<String>,
    /// Where `metadata.name` was read.
    pub at: Place,
    /// The spec fields read.
    pub spec: Spec,
}

/// A Group as a unit of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogUnit {
    /// The group's name (`namespace/name` outside the default namespace).
    pub id: String,
    /// `spec.profile.displayName`, else `metadata.title`, else the name.
    pub name: String,
    /// The parent unit's id; None for a root.
    pub parent: Option<String>,
    /// `spec.type`.
    pub kind: Option<String>,
}

/// A Component, API or Resource as a system of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogSystem {
    /// `component:name`, `api:name`, `resource:name` (`namespace/` before the name outside the
    /// default namespace).
    pub id: String,
    /// `metadata.title`, else the name.
    pub name: String,
    /// The owning unit's id.
    pub owner: Option<String>,
    /// `spec.type`.
    pub kind: Option<String>,
    /// `spec.lifecycle`.
    pub lifecycle: Option<String>,
    /// The System it belongs to (`spec.system`), as a name.
    pub system: Option<String>,
    /// That System's `spec.domain`, as a name.
    pub domain: Option<String>,
}

/// `from` depends on `to` (system ids).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CatalogDependency {
    /// The depending system.
    pub from: String,
    /// The system depended on.
    pub to: String,
    /// The fields it came from: `dependsOn`, `consumesApis`, or both (`dependsOn;consumesApis`).
    pub kind: String,
}

/// Counts for the summary line of `seams import-backstage`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatalogSummary {
    /// Files read.
    pub files: usize,
    /// Entities of mapped kinds.
    pub entities: usize,
    /// Documents skipped (other kinds, or not entities).
    pub skipped: usize,
    /// Users read.
    pub users: usize,
}

/// A catalog as export records, each table sorted by id (dependencies by `from`, `to`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogExport {
    /// teams.csv.
    pub units: Vec<CatalogUnit>,
    /// systems.csv.
    pub systems: Vec<CatalogSystem>,
    /// dependencies.csv.
    pub dependencies: Vec<CatalogDependency>,
    /// What was read.
    pub summary: CatalogSummary,
}

/// A catalog read without errors, and its warnings.
#[derive(Debug, Clone)]
pub struct ImportedCatalog {
    /// The records to write.
    pub export: CatalogExport,
    /// Warnings (never fatal), in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Reads the Backstage catalog in `paths` (files, or directories searched recursively for
/// `*.yaml` and `*.yml`, in path order) and maps it to export records.
///
/// # Returns
/// The records and their warnings, or [`SeamsError::InvalidInput`] with every error of the
/// catalog (`file:line: … (expected …)`) and its warnings.
///
/// # Complexity
/// One pass over the files, then O(E log E + R) for E entities and R refs (hash lookups).
pub fn read_catalog(paths: &[&Path]) -> Result<ImportedCatalog, SeamsError> {
    let read = read::read_paths(paths);
    if read.files.is_empty() && read.diagnostics.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(SeamsError::Usage(format!(
            "no *.yaml or *.yml file in {} (expected Backstage catalog descriptor files)",
            shown.join(", ")
        )));
    }
    let (export, mut diagnostics) = resolve::resolve(&read);
    if export.units.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.push(
            Diagnostic::error(
                &read.files[0],
                None,
                format!(
                    "the catalog ({} read) has no Group (expected at least one Group entity: Groups become the units of teams.csv)",
                    crate::text::plural(read.files.len(), "file", "files")
                ),
            )
            .with_kind(DiagnosticKind::Other),
        );
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(SeamsError::InvalidInput(Diagnostics { items: diagnostics }));
    }
    Ok(ImportedCatalog {
        export,
        warnings: diagnostics,
    })
}
