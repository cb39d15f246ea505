//! The generated organisation in memory: plain `Vec`s of planned rows indexed by position, with
//! `u32` indices between them. Named `Planned*` so as not to be confused with the domain's records
//! (`crate::records`), which are what ingest makes of the rendered files.

/// Marks "no value" / "the customer" in `u32` index fields.
pub(super) const NONE: u32 = u32::MAX;
/// The customer in a handoff's `from` / `to`.
pub(super) const CUSTOMER: u32 = u32::MAX;

/// The `kind` of a generated unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Company,
    Division,
    Group,
    Department,
    Team,
    StreamAligned,
    Platform,
    Enabling,
    ComplicatedSubsystem,
}

impl Kind {
    /// The `kind` cell of `teams.csv`.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Company => "company",
            Kind::Division => "division",
            Kind::Group => "group",
            Kind::Department => "department",
            Kind::Team => "team",
            Kind::StreamAligned => "stream-aligned",
            Kind::Platform => "platform",
            Kind::Enabling => "enabling",
            Kind::ComplicatedSubsystem => "complicated-subsystem",
        }
    }
}

/// One row of `teams.csv` (every unit, teams included), in output order.
pub(super) struct PlannedUnit {
    pub(super) id: String,
    pub(super) name: String,
    /// Index of the parent unit, `NONE` for the root.
    pub(super) parent: u32,
    pub(super) kind: Kind,
    pub(super) customer_facing: bool,
    /// 0 = blank (units above teams).
    pub(super) headcount: u8,
}

/// What the generator knows about a leaf team beyond its unit row.
pub(super) struct PlannedTeam {
    pub(super) unit: u32,
    pub(super) dept: u32,
    pub(super) division: u32,
    /// 1-based position in its department (the `tNN` of its id).
    pub(super) pos: u8,
    pub(super) cf: bool,
    pub(super) hub: bool,
    /// The word of the team's kind in its name ("Squad", "Platform"…), set by `roles`.
    pub(super) kind_word: &'static str,
    /// A hub's shared-service name from its division's domain ("Logistics Service Desk"), set
    /// by `roles`; "" for other teams.
    pub(super) hub_name: &'static str,
}

/// A department: its teams and the words it is named from.
pub(super) struct PlannedDepartment {
    /// Index of its unit.
    pub(super) unit: u32,
    /// Range of team indices (teams are numbered in depth-first order, so it is contiguous).
    pub(super) teams: (u32, u32),
    /// Its theme, from its division's domain ("Inventory"); also names its teams' systems.
    pub(super) theme: &'static str,
    /// The second word of its name ("Operations").
    pub(super) suffix: &'static str,
    /// What its parent group's name adds to the division's name ("North Grocery"), "" directly
    /// under the division: the qualifier that keeps its and its teams' names unique.
    pub(super) qualifier: String,
}

/// A division: its teams and whether it is a front or the Technology division.
pub(super) struct PlannedDivision {
    /// Range of team indices.
    pub(super) teams: (u32, u32),
    pub(super) front: bool,
    pub(super) tech: bool,
    /// The domain its units are named from.
    pub(super) profile: &'static super::words::Profile,
}

/// One row of `systems.csv`.
pub(super) struct PlannedSystem {
    /// Team the system belongs to structurally (also for orphans, whose owner cell is blank).
    pub(super) home: u32,
    pub(super) owner: u32,
    pub(super) second_owner: u32,
    pub(super) name: String,
    pub(super) customer_facing: bool,
    pub(super) customer_data: bool,
}

/// One row of `handoffs.csv` (team indices, or `CUSTOMER`).
pub(super) struct PlannedHandoff {
    pub(super) from: u32,
    pub(super) to: u32,
    pub(super) volume: u32,
    /// Tenths of an hour; `NONE` = unknown.
    pub(super) wait: u32,
    pub(super) channel: u8,
}

/// One row of `journeys.csv`.
pub(super) struct PlannedStep {
    pub(super) journey: u32,
    pub(super) step: u32,
    pub(super) team: u32,
    pub(super) verb: u8,
    pub(super) noun: u8,
    pub(super) system: u32,
    /// Tenths of an hour; `NONE` = blank.
    pub(super) wait: u32,
}

/// The whole generated organisation in memory, indexed by position (never by hash), before it
/// is rendered: filled part by part by `hierarchy`, `roles`, `systems`, `handoffs` and `journeys`.
pub(super) struct Blueprint {
    pub(super) units: Vec<PlannedUnit>,
    pub(super) teams: Vec<PlannedTeam>,
    pub(super) depts: Vec<PlannedDepartment>,
    pub(super) divisions: Vec<PlannedDivision>,
    pub(super) hubs: Vec<u32>,
    pub(super) systems: Vec<PlannedSystem>,
    /// `systems_of[t]..systems_of[t + 1]` = systems whose home is team `t`.
    pub(super) systems_of: Vec<u32>,
    pub(super) deps: Vec<(u32, u32, u8)>,
    pub(super) handoffs: Vec<PlannedHandoff>,
    /// `out_of[t]..out_of[t + 1]` = handoff rows generated for team `t` (customer rows included).
    pub(super) out_of: Vec<u32>,
    pub(super) steps: Vec<PlannedStep>,
    pub(super) journey_volumes: Vec<u32>,
    pub(super) id_width_system: usize,
    pub(super) id_width_journey: usize,
}
