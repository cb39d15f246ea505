//! The domain records: an organisation's export as validated, id-resolved data — units,
//! systems, dependencies, handoffs and journeys.
//!
//! `ingest` (and the importers) *build* these; `model`, `metrics`, `report` and `check` only
//! *read* them. Nothing here reads files. The input format they come from is documented in
//! `docs/input-format.md`.
//!
//! Units are stored sorted by id (byte order), so a [`UnitId`] order is the id order and every
//! later table can be ordered by index.

use std::path::PathBuf;

/// Index of a unit in [`Export::units`] (units are sorted by id).
pub type UnitId = u32;
/// Index of a system in [`Export::systems`] (systems are sorted by id).
pub type SystemId = u32;

/// The reserved id of the synthetic customer (matched case-insensitively).
pub const CUSTOMER: &str = "customer";

/// True when `id` is the reserved customer id (any case).
pub fn is_customer(id: &str) -> bool {
    id.eq_ignore_ascii_case(CUSTOMER)
}

/// A unit of the organisation at any depth (company, division, department, team).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Unique id (trimmed, case-sensitive).
    pub id: String,
    /// Display name; None when blank.
    pub name: Option<String>,
    /// The unit it reports to; None for a root.
    pub parent: Option<UnitId>,
    /// Free text kind (division, team, stream-aligned, …).
    pub kind: Option<String>,
    /// Whether the unit itself deals with customers; None = unknown. Not inherited.
    pub customer_facing: Option<bool>,
    /// Number of people, when known.
    pub headcount: Option<u64>,
    /// Values of the extra columns, aligned with [`Export::unit_attributes`].
    pub attributes: Vec<String>,
    /// Line of the unit in teams.csv.
    pub line: u64,
}

impl Unit {
    /// The name when known, else the id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// A system (application, service, database) and who owns it.
#[derive(Debug, Clone, PartialEq)]
pub struct System {
    /// Unique id.
    pub id: String,
    /// Display name; None when blank.
    pub name: Option<String>,
    /// Owning units, sorted and distinct; empty = owner unknown (an orphan system).
    pub owners: Vec<UnitId>,
    /// Whether customers use the system directly; None = unknown.
    pub customer_facing: Option<bool>,
    /// Whether it stores customer data; None = unknown.
    pub holds_customer_data: Option<bool>,
    /// Values of the extra columns, aligned with [`Export::system_attributes`].
    pub attributes: Vec<String>,
    /// Line in systems.csv.
    pub line: u64,
}

/// `from` depends on `to` (both systems).
#[derive(Debug, Clone, PartialEq)]
pub struct Dependency {
    /// The depending system.
    pub from: SystemId,
    /// The system depended on.
    pub to: SystemId,
    /// Free text kind, when given.
    pub kind: Option<String>,
    /// Line in dependencies.csv.
    pub line: u64,
}

/// One end of a handoff: the customer or a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    /// The synthetic customer node.
    Customer,
    /// A unit of the organisation.
    Unit(UnitId),
}

impl Party {
    /// The unit, unless this is the customer.
    pub fn unit(self) -> Option<UnitId> {
        match self {
            Party::Unit(u) => Some(u),
            Party::Customer => None,
        }
    }
}

/// A merged handoff channel: all rows with the same (from, to).
#[derive(Debug, Clone, PartialEq)]
pub struct Handoff {
    /// Who hands the work over.
    pub from: Party,
    /// Who receives it.
    pub to: Party,
    /// Sum of the rows' volumes (blank = 1 per row).
    pub volume: f64,
    /// Volume-weighted mean wait of the rows with a known wait (plain mean if those volumes sum
    /// to 0); None when no row has one (docs/input-format.md).
    pub wait_hours: Option<f64>,
    /// Number of rows merged.
    pub rows: u32,
    /// The distinct channels named on the rows ([`Export::channels`] gives them as text);
    /// None when no row names one.
    pub channels: Option<ChannelList>,
    /// Line of the first row.
    pub line: u64,
}

/// The channels of a merged handoff: an index into [`Export::channel_lists`], which holds each
/// distinct list once (a million handoffs over a dozen channels keep a dozen strings, not a
/// million; docs/performance.md, "Memory").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChannelList(std::num::NonZeroU32);

impl ChannelList {
    /// The list at `index` of [`Export::channel_lists`].
    pub fn new(index: usize) -> ChannelList {
        let n = u32::try_from(index + 1).expect("fewer than 2^32 channel lists");
        ChannelList(std::num::NonZeroU32::new(n).expect("index + 1 > 0"))
    }

    /// Its index in [`Export::channel_lists`].
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Where the handoffs came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffSource {
    /// handoffs.csv.
    File,
    /// Derived from consecutive journey steps (handoffs.csv absent).
    Journeys,
    /// Neither handoffs.csv nor journeys.csv.
    None,
}

/// One step of a customer journey.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The step number (steps run in ascending order; gaps allowed).
    pub step: i64,
    /// The unit doing it.
    pub team: UnitId,
    /// What is done, when given.
    pub activity: Option<String>,
    /// The system used (an id of systems.csv when that file exists, else free text).
    pub system: Option<String>,
    /// Wait before this step starts, when known.
    pub wait_hours: Option<f64>,
    /// Line in journeys.csv.
    pub line: u64,
}

/// Whose journey it is (the optional `kind` column of journeys.csv, docs/input-format.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JourneyKind {
    /// A customer's journey (the default, also when the cell is blank).
    #[default]
    Customer,
    /// An employee's own journey: onboarding, expense claims, equipment requests.
    Employee,
}

impl JourneyKind {
    /// Both kinds, in reporting order (customer first).
    pub const ALL: [JourneyKind; 2] = [JourneyKind::Customer, JourneyKind::Employee];

    /// The word used in journeys.csv and in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            JourneyKind::Customer => "customer",
            JourneyKind::Employee => "employee",
        }
    }

    /// Parses a `kind` cell, case-insensitively; blank means customer. None for any other word.
    pub fn parse(cell: &str) -> Option<JourneyKind> {
        let cell = cell.trim();
        if cell.is_empty() || cell.eq_ignore_ascii_case("customer") {
            Some(JourneyKind::Customer)
        } else if cell.eq_ignore_ascii_case("employee") {
            Some(JourneyKind::Employee)
        } else {
            None
        }
    }
}

/// A journey (a customer's or an employee's): steps in ascending order.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// Journey id.
    pub id: String,
    /// Customer or employee journey, the same on every row.
    pub kind: JourneyKind,
    /// Journeys per period (blank = 1), the same on every row.
    pub volume: f64,
    /// Steps sorted by step number.
    pub steps: Vec<Step>,
}

/// A validated export: every reference resolved, every number checked.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Export {
    /// The directory read.
    pub dir: PathBuf,
    /// All units, sorted by id.
    pub units: Vec<Unit>,
    /// Names of the extra columns of teams.csv.
    pub unit_attributes: Vec<String>,
    /// All systems, sorted by id (empty without systems.csv).
    pub systems: Vec<System>,
    /// Names of the extra columns of systems.csv.
    pub system_attributes: Vec<String>,
    /// Distinct dependencies in file order (identical rows and self rows dropped).
    pub dependencies: Vec<Dependency>,
    /// Merged handoffs sorted by (from, to), customer first; includes volume-0 records.
    pub handoffs: Vec<Handoff>,
    /// The distinct channel lists of the handoffs (each: channels sorted, joined by `;`), in
    /// order of first use along [`Export::handoffs`]; [`Handoff::channels`] indexes it.
    pub channel_lists: Vec<String>,
    /// Where the handoffs came from.
    pub handoff_source: HandoffSource,
    /// Number of data rows in handoffs.csv (0 when derived or absent).
    pub handoff_rows: u64,
    /// Journeys sorted by id.
    pub journeys: Vec<Journey>,
    /// Which optional files were present.
    pub files: FilesPresent,
}

/// Which optional files an export has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct FilesPresent {
    /// systems.csv exists.
    pub systems: bool,
    /// dependencies.csv exists.
    pub dependencies: bool,
    /// handoffs.csv exists.
    pub handoffs: bool,
    /// journeys.csv exists.
    pub journeys: bool,
}

impl Export {
    /// A handoff's channels as text (sorted, joined by `;`), None when no row names one.
    pub fn channels(&self, h: &Handoff) -> Option<&str> {
        h.channels
            .and_then(|c| self.channel_lists.get(c.index()))
            .map(String::as_str)
    }

    /// The unit with this id, by binary search on the sorted ids.
    pub fn unit_id(&self, id: &str) -> Option<UnitId> {
        self.units
            .binary_search_by(|u| u.id.as_str().cmp(id))
            .ok()
            .map(|i| i as UnitId)
    }

    /// The unit with this index.
    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id as usize]
    }

    /// The system with this id, by binary search on the sorted ids.
    pub fn system_id(&self, id: &str) -> Option<SystemId> {
        self.systems
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| i as SystemId)
    }
}

/// The contents of an export's `export.toml` (docs/input-format.md, "export.toml"): what an
/// imported export covers and where it came from. Written by the import commands, read by
/// `ingest::metadata::read_metadata`, shown in the seam report's header. Instants are RFC 3339
/// in UTC (`2010-01-01T00:00:00Z`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportMetadata {
    /// A title for the report (optional; `seams report --title` overrides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The log's file name (not its directory: exports are shared, paths are private).
    #[serde(default)]
    pub source: String,
    /// What kind of file the source is (`event log (CSV)`).
    #[serde(default)]
    pub source_format: String,
    /// `--from`: the inclusive start of the period whose cases were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_from: Option<String>,
    /// `--until`: the exclusive end of that period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_until: Option<String>,
    /// The earliest event kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_event: Option<String>,
    /// The latest event kept (a case started in the period may end after it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event: Option<String>,
    /// Cases (journeys) written.
    #[serde(default)]
    pub cases: u64,
    /// Events kept.
    #[serde(default)]
    pub events: u64,
    /// The program that wrote it (`seams import-log 0.1.0`).
    #[serde(default)]
    pub generated_by: String,
}
