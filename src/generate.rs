//! Synthetic organisations for demos, tests and benchmarks (`seams generate`).
//!
//! [`generate`] writes a complete export (SPEC §1) — `teams.csv`, `systems.csv`,
//! `dependencies.csv`, `handoffs.csv` and `journeys.csv` — for an organisation of any size. The
//! output always passes `seams validate`: every referenced id exists, the hierarchy has no cycle,
//! ids and (journey, step) pairs are unique, numbers are finite and ≥ 0.
//!
//! # Determinism
//!
//! All randomness comes from [`crate::rng::Rng`] seeded by [`GenerateConfig::seed`] (one
//! sub-stream per part: hierarchy, systems, dependencies, handoffs, journeys). The organisation is
//! built sequentially in `Vec`s indexed by position, never by hash order, and only the formatting
//! of the five files runs in parallel; so the same configuration gives byte-identical files on every
//! machine and whatever the thread count.
//!
//! # Shape of a generated organisation (N = `--teams`)
//!
//! **Hierarchy** (`teams.csv`, columns `id,name,parent,kind,customer_facing,headcount`).
//! One company root `org` (depth 0) → 4–9 divisions `d01`… (at least ⌈N / 13,000⌉, fewer for tiny
//! N) → departments `d01-p04` of 4–10 teams (7 on average) → teams `d01-p04-t07`: exactly N leaf
//! teams. When a division has more than 12 departments, balanced *group* levels are inserted
//! (`d01-g02-p04-t07`, `d01-g02-g01-p04-t07`), so that no unit has more than 12 children. Teams sit
//! at depth 3 in divisions of up to ~120 teams, 4 up to ~1,440 and 5 up to ~17,000 teams per
//! division — i.e. depth 3–5 for every N up to 100,000 (larger organisations get more group
//! levels). Divisions get similar shares of the teams (weights 0.85–1.15). Kinds: `company`,
//! `division`, `group`, `department`, and for teams either `team` or a Team Topologies type
//! (`stream-aligned`, `platform`, `enabling`, `complicated-subsystem`). Names come from small word
//! lists ("Stores", "Stores North", "Checkout Operations", "Checkout Squad 3"). `headcount` is 3–12
//! for teams (mean ≈ 7.5) and blank above; `customer_facing` is `false` for every unit above teams.
//!
//! **Customer-facing teams**: ≈ 15 % of the teams. One or two *front* divisions (Stores, Sales,
//! Customer Service, Online) hold most of them (≈ 30–45 % of their teams); every other division has
//! ≈ 5 %. There is always at least one.
//!
//! **Hubs** (shared services): ≈ 2.5 % of the teams (none below 10 teams), half of them in the
//! Technology division when there is one, the rest anywhere; never customer-facing; kind `platform`;
//! named "Service Desk 3", "Identity 2", "Data Platform 5"… They receive cross-division handoffs by
//! preferential attachment, so a few of them carry a large share of the organisation's work.
//!
//! **Systems** (`systems.csv`, `id,name,owner,customer_facing,holds_customer_data`): ≈ 0.6 per
//! team (`s00001`…). Each hub owns 2–6 (platform systems), the rest go to random teams. ≈ 5 % are
//! shared (`owner` = two ids separated by `;`, the second a department sibling or a hub), ≈ 3 %
//! are orphans (blank owner). ≈ 60 % of the systems of customer-facing teams are customer-facing;
//! 15–50 % hold customer data.
//!
//! **Dependencies** (`dependencies.csv`, `from,to,kind`): ≈ 1.5 per system (0–3 each, plus a few
//! integration systems with 5–14): ≈ 55 % to a system of the same division, ≈ 30 % to a hub-owned
//! system (preferential attachment), ≈ 15 % anywhere; kind `api` (60 %), `db` (20 %), `event`
//! (20 %). No self row and no duplicate row.
//!
//! **Handoffs** (`handoffs.csv`, `from,to,volume,wait_hours,channel`): ≈ `handoffs_per_team` × N
//! rows in total (≈ 1,000,000 for 100,000 teams at the default 10). Each team sends a log-normal
//! number of handoffs (σ = 0.75, so a heavy tail of busy teams), at least one, except ≈ 3 % of
//! *peripheral* teams with 0 or 1. Each target is drawn ≈ 70 % in the team's department, ≈ 20 %
//! elsewhere in its division and ≈ 10 % in other divisions (60 % of those to hubs, by preferential
//! attachment), and a team's targets are distinct: a department has only 3–9 other teams, so when
//! it is exhausted the draw moves on to the division. By rows that gives ≈ 45 % department, 45 %
//! division, 10 % elsewhere; by **volume** ≈ 70 % / 20 % / 10 %, because work inside a department is
//! heavier: `volume` is a log-normal integer 1–500 with median ≈ 12 inside the department, ≈ 3
//! elsewhere in the division, ≈ 11 towards a hub and ≈ 6 to other teams. ≈ 1 % of rows repeat a
//! pair through another channel (such rows are merged on ingest). `wait_hours` is log-normal
//! 0.1–200 h with one decimal (median ≈ 6 h), blank (unknown) for ≈ 5 %;
//! `channel` one of ticket, email, chat, meeting, api (mostly ticket towards hubs). Every
//! customer-facing team gets a `customer,<team>` row and 60 % of them a `<team>,customer` row.
//! No row has `from` = `to`.
//!
//! **Journeys** (`journeys.csv`, `journey,step,team,activity,system,wait_hours,volume`):
//! [`GenerateConfig::journeys`] of them (default ⌈clamp(N / 20, 5, 5,000)⌉), ids `j00001`…, each of
//! 5–15 steps numbered 1, 2, 3… (or 10, 20, 30… for ≈ 20 %). The first step is done by a
//! customer-facing team; each next step follows one of the current team's handoffs (55 %), stays in
//! its department (20 %), goes to a hub (12 %) or to any team (13 %); consecutive steps are by
//! different teams except ≈ 5 % of the time; 40 % of journeys end back with the team that started
//! them. `activity` is a verb and a noun ("Verify identity"); `system` is blank or an existing
//! system (preferably one of the step's team); `wait_hours` is blank on step 1, else log-normal
//! (median ≈ 3 h); `volume` (median ≈ 40 per period) is the same on every row of a journey.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use crate::error::SeamsError;
use crate::output::write_atomic;
use crate::rng::Rng;

/// Settings of one generated organisation.
///
/// The defaults (1,000 teams, seed 0, 10 handoffs per team, automatic journey count) give a
/// medium organisation that analyses in well under a second.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateConfig {
    /// Number of leaf teams (exactly this many rows of `teams.csv` are teams); at least 1.
    pub teams: usize,
    /// Seed of every random choice: the same configuration always gives byte-identical files.
    pub seed: u64,
    /// Mean number of `handoffs.csv` rows per team, customer rows included (default 10.0; 0 gives
    /// only the customer rows).
    pub handoffs_per_team: f64,
    /// Number of journeys; `None` = automatic: `teams / 20` clamped to 5–5,000.
    pub journeys: Option<usize>,
}

impl Default for GenerateConfig {
    fn default() -> Self {
        GenerateConfig {
            teams: 1000,
            seed: 0,
            handoffs_per_team: 10.0,
            journeys: None,
        }
    }
}

impl GenerateConfig {
    /// The number of journeys this configuration generates (resolves the automatic default).
    pub fn journey_count(&self) -> usize {
        self.journeys
            .unwrap_or_else(|| (self.teams / 20).clamp(5, 5000))
    }
}

/// What [`generate`] wrote (row counts, headers excluded), for the CLI to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateSummary {
    /// Rows of `teams.csv`: every unit (company, divisions, groups, departments and teams).
    pub units: usize,
    /// Leaf teams among the units (equals [`GenerateConfig::teams`]).
    pub teams: usize,
    /// Rows of `systems.csv`.
    pub systems: usize,
    /// Rows of `dependencies.csv`.
    pub dependencies: usize,
    /// Rows of `handoffs.csv`, customer rows included.
    pub handoffs: usize,
    /// Distinct journeys in `journeys.csv`.
    pub journeys: usize,
    /// Rows of `journeys.csv` (steps of all journeys).
    pub journey_steps: usize,
}

/// Largest accepted `teams` (keeps indices in `u32` and memory reasonable).
const MAX_TEAMS: usize = 50_000_000;
/// Largest accepted `handoffs_per_team`.
const MAX_HANDOFFS_PER_TEAM: f64 = 1000.0;
/// Largest accepted explicit journey count.
const MAX_JOURNEYS: usize = 10_000_000;

/// Generates a synthetic organisation and writes its five CSV files into `out`.
///
/// # Arguments
/// * `config` — size, seed and densities (see [`GenerateConfig`]).
/// * `out` — an existing directory; `teams.csv`, `systems.csv`, `dependencies.csv`,
///   `handoffs.csv` and `journeys.csv` are written there atomically (temporary file + rename),
///   replacing files of those names; nothing else in the directory is touched.
///
/// # Returns
/// The row counts of what was written, or [`SeamsError::Usage`] for an impossible configuration
/// (0 teams, a negative or non-finite handoff density, absurd sizes), or [`SeamsError::Io`].
///
/// # Complexity
/// O(N · handoffs_per_team) time and memory; 100,000 teams (≈ 1,000,000 handoffs) take a few
/// seconds in a release build.
///
/// # Determinism
/// Same `config` → byte-identical files, whatever the thread count (see the module doc).
pub fn generate(config: &GenerateConfig, out: &Path) -> Result<GenerateSummary, SeamsError> {
    check_config(config)?;
    let org = build_org(config);
    let summary = GenerateSummary {
        units: org.units.len(),
        teams: org.teams.len(),
        systems: org.systems.len(),
        dependencies: org.deps.len(),
        handoffs: org.handoffs.len(),
        journeys: org.journey_volumes.len(),
        journey_steps: org.steps.len(),
    };
    type Render = fn(&Org) -> Vec<u8>;
    let files: [(&str, Render); 5] = [
        ("teams.csv", render_teams),
        ("systems.csv", render_systems),
        ("dependencies.csv", render_dependencies),
        ("handoffs.csv", render_handoffs),
        ("journeys.csv", render_journeys),
    ];
    let results: Vec<Result<(), SeamsError>> = files
        .as_slice()
        .par_iter()
        .map(|(name, render)| {
            let buf = render(&org);
            write_atomic(&out.join(name), |w| w.write_all(&buf))
        })
        .collect();
    // Report the first failure in file order, so the error does not depend on scheduling.
    for r in results {
        r?;
    }
    Ok(summary)
}

fn check_config(config: &GenerateConfig) -> Result<(), SeamsError> {
    if config.teams == 0 {
        return Err(SeamsError::Usage(
            "--teams must be at least 1 (the number of leaf teams to generate)".into(),
        ));
    }
    if config.teams > MAX_TEAMS {
        return Err(SeamsError::Usage(format!(
            "--teams {} is too large (at most {MAX_TEAMS})",
            config.teams
        )));
    }
    let h = config.handoffs_per_team;
    if !h.is_finite() || !(0.0..=MAX_HANDOFFS_PER_TEAM).contains(&h) {
        return Err(SeamsError::Usage(format!(
            "handoffs per team must be a number from 0 to {MAX_HANDOFFS_PER_TEAM}, got {h}"
        )));
    }
    if let Some(j) = config.journeys {
        if j > MAX_JOURNEYS {
            return Err(SeamsError::Usage(format!(
                "--journeys {j} is too large (at most {MAX_JOURNEYS})"
            )));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

/// A division's name and the themes its departments are named after.
struct Profile {
    name: &'static str,
    themes: &'static [&'static str],
}

/// Front divisions: where most customer-facing teams are.
const FRONT: &[Profile] = &[
    Profile {
        name: "Stores",
        themes: &[
            "Checkout",
            "Store",
            "Click and Collect",
            "Fresh Food",
            "Store Service",
            "Pharmacy",
        ],
    },
    Profile {
        name: "Sales",
        themes: &[
            "Accounts",
            "Quotes",
            "Key Accounts",
            "Inside Sales",
            "Partners",
            "Renewals",
        ],
    },
    Profile {
        name: "Customer Service",
        themes: &[
            "Contact Centre",
            "Complaints",
            "Returns",
            "Claims",
            "Aftercare",
            "Live Chat",
        ],
    },
    Profile {
        name: "Online",
        themes: &[
            "Web Shop",
            "Mobile App",
            "Search",
            "Basket",
            "Personalisation",
            "Content",
        ],
    },
];

/// The shared-services division (home of half of the hubs).
const TECH: Profile = Profile {
    name: "Technology",
    themes: &[
        "Cloud",
        "Identity",
        "Data",
        "Integration",
        "Security",
        "Developer Experience",
        "Networks",
    ],
};

/// The other divisions.
const BACK: &[Profile] = &[
    Profile {
        name: "Operations",
        themes: &[
            "Fulfilment",
            "Scheduling",
            "Quality",
            "Field Service",
            "Facilities",
            "Planning",
        ],
    },
    Profile {
        name: "Finance",
        themes: &[
            "Billing",
            "Payments",
            "Accounting",
            "Treasury",
            "Collections",
            "Tax",
        ],
    },
    Profile {
        name: "Supply Chain",
        themes: &[
            "Inventory",
            "Procurement",
            "Transport",
            "Warehousing",
            "Demand Planning",
            "Suppliers",
        ],
    },
    Profile {
        name: "People",
        themes: &[
            "Payroll",
            "Recruiting",
            "Learning",
            "Benefits",
            "HR Services",
            "Workplace",
        ],
    },
    Profile {
        name: "Marketing",
        themes: &[
            "Campaigns",
            "Brand",
            "Loyalty",
            "Pricing",
            "Insights",
            "Promotions",
        ],
    },
    Profile {
        name: "Risk",
        themes: &[
            "Fraud",
            "Compliance",
            "Credit",
            "Audit",
            "Privacy",
            "Controls",
        ],
    },
    Profile {
        name: "Legal",
        themes: &[
            "Contracts",
            "Regulatory",
            "Litigation",
            "Licensing",
            "Policy",
        ],
    },
    Profile {
        name: "Product",
        themes: &[
            "Catalogue",
            "Product Data",
            "Assortment",
            "Design",
            "Research",
            "Offers",
        ],
    },
];

/// Second word of a group name ("Stores North"); 12 entries, one per possible sibling.
const AREAS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Online",
    "Enterprise",
    "Consumer",
    "International",
    "Core",
    "Growth",
    "Partners",
];

/// Second word of a department name ("Checkout Operations").
const DEPT_SUFFIXES: &[&str] = &[
    "Operations",
    "Management",
    "Services",
    "Engineering",
    "Support",
    "Office",
    "Delivery",
    "Solutions",
];

/// Names of hub teams ("Service Desk 3").
const HUB_NAMES: &[&str] = &[
    "Service Desk",
    "Identity",
    "Data Platform",
    "Integration",
    "Cloud Platform",
    "Security Operations",
    "Payments Platform",
    "Customer Data",
    "HR Shared Services",
    "Finance Shared Services",
    "Procurement Desk",
    "Billing Platform",
];

/// Words naming a stream-aligned team ("Checkout Squad 3").
const STREAM_WORDS: &[&str] = &["Squad", "Stream", "Crew"];

/// Last word of a system name ("Checkout Service").
const SYSTEM_SUFFIXES: &[&str] = &[
    "Service",
    "Portal",
    "Engine",
    "Database",
    "API",
    "App",
    "Gateway",
    "Ledger",
    "Scheduler",
    "Hub",
];

/// Journey activity verbs and nouns ("Verify identity").
const VERBS: &[&str] = &[
    "Verify", "Check", "Approve", "Review", "Update", "Create", "Schedule", "Ship", "Register",
    "Assess", "Confirm", "Resolve", "Escalate", "Record", "Quote", "Invoice", "Refund", "Validate",
];
const NOUNS: &[&str] = &[
    "identity",
    "stock",
    "order",
    "payment",
    "address",
    "contract",
    "claim",
    "request",
    "account",
    "delivery",
    "invoice",
    "complaint",
    "eligibility",
    "credit limit",
    "appointment",
    "return",
];

const CHANNELS: [&str; 5] = ["ticket", "email", "chat", "meeting", "api"];
const DEP_KINDS: [&str; 3] = ["api", "db", "event"];

// ---------------------------------------------------------------------------------------------
// The in-memory organisation
// ---------------------------------------------------------------------------------------------

/// Marks "no value" / "the customer" in `u32` index fields.
const NONE: u32 = u32::MAX;
/// The customer in a handoff's `from` / `to`.
const CUSTOMER: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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
    fn as_str(self) -> &'static str {
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

struct Unit {
    id: String,
    name: String,
    /// Index of the parent unit, `NONE` for the root.
    parent: u32,
    kind: Kind,
    customer_facing: bool,
    /// 0 = blank (units above teams).
    headcount: u8,
}

struct TeamRec {
    unit: u32,
    dept: u32,
    division: u32,
    /// 1-based position in its department (the `tNN` of its id).
    pos: u8,
    cf: bool,
    hub: bool,
}

struct DeptRec {
    /// Range of team indices (teams are numbered in depth-first order, so it is contiguous).
    teams: (u32, u32),
    theme: &'static str,
}

struct DivisionRec {
    /// Range of team indices.
    teams: (u32, u32),
    front: bool,
    tech: bool,
}

struct System {
    /// Team the system belongs to structurally (also for orphans, whose owner cell is blank).
    home: u32,
    owner: u32,
    second_owner: u32,
    name: String,
    customer_facing: bool,
    customer_data: bool,
}

struct Handoff {
    from: u32,
    to: u32,
    volume: u32,
    /// Tenths of an hour; `NONE` = unknown.
    wait: u32,
    channel: u8,
}

struct Step {
    journey: u32,
    step: u32,
    team: u32,
    verb: u8,
    noun: u8,
    system: u32,
    /// Tenths of an hour; `NONE` = blank.
    wait: u32,
}

struct Org {
    units: Vec<Unit>,
    teams: Vec<TeamRec>,
    depts: Vec<DeptRec>,
    divisions: Vec<DivisionRec>,
    hubs: Vec<u32>,
    systems: Vec<System>,
    /// `systems_of[t]..systems_of[t + 1]` = systems whose home is team `t`.
    systems_of: Vec<u32>,
    deps: Vec<(u32, u32, u8)>,
    handoffs: Vec<Handoff>,
    /// `out_of[t]..out_of[t + 1]` = handoff rows generated for team `t` (customer rows included).
    out_of: Vec<u32>,
    steps: Vec<Step>,
    journey_volumes: Vec<u32>,
    id_width_system: usize,
    id_width_journey: usize,
}

fn build_org(config: &GenerateConfig) -> Org {
    // One independent stream per part, drawn in a fixed order from the master seed.
    let mut master = Rng::new(config.seed);
    let mut rng_hier = Rng::new(master.next_u64());
    let mut rng_sys = Rng::new(master.next_u64());
    let mut rng_dep = Rng::new(master.next_u64());
    let mut rng_hand = Rng::new(master.next_u64());
    let mut rng_jour = Rng::new(master.next_u64());

    let mut org = build_hierarchy(config.teams, &mut rng_hier);
    build_systems(&mut org, &mut rng_sys);
    build_dependencies(&mut org, &mut rng_dep);
    build_handoffs(&mut org, config.handoffs_per_team, &mut rng_hand);
    build_journeys(&mut org, config.journey_count(), &mut rng_jour);
    org
}

// ---------------------------------------------------------------------------------------------
// Hierarchy
// ---------------------------------------------------------------------------------------------

/// Most children any unit gets.
const MAX_CHILDREN: usize = 12;
/// Team count range of a department.
const DEPT_MIN: usize = 4;
const DEPT_MAX: usize = 10;
/// Divisions: at least one per this many teams (keeps teams at depth ≤ 5 up to 100,000 teams).
const TEAMS_PER_DIVISION_CAP: usize = 13_000;

fn build_hierarchy(n: usize, rng: &mut Rng) -> Org {
    let d_random = 4 + rng.index(6); // 4..=9
    let d_min = n.div_ceil(TEAMS_PER_DIVISION_CAP).min(9);
    let d = d_random.max(d_min).min((n / 6).max(1));

    // Division profiles: 1–2 front divisions, Technology, then the others.
    let mut fronts: Vec<usize> = (0..FRONT.len()).collect();
    rng.shuffle(&mut fronts);
    let mut backs: Vec<usize> = (0..BACK.len()).collect();
    rng.shuffle(&mut backs);
    let n_front = if d >= 5 { 2 } else { 1 };
    let mut profiles: Vec<(&Profile, bool, bool)> = Vec::with_capacity(d);
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
    b.units.push(Unit {
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
            name: profile.name,
        };
        let division = DivisionCtx {
            profile,
            index: di as u32,
        };
        b.emit_groups(rng, parent, division, &dept_sizes, levels, 1);
        b.divisions.push(DivisionRec {
            teams: (first_team, b.teams.len() as u32),
            front,
            tech,
        });
    }
    debug_assert_eq!(b.teams.len(), n);

    let mut org = Org {
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
    };
    assign_roles(&mut org, rng);
    org
}

/// A unit under which groups or departments are emitted.
#[derive(Clone, Copy)]
struct Parent<'a> {
    unit: u32,
    id: &'a str,
    name: &'a str,
}

/// The division being built.
#[derive(Clone, Copy)]
struct DivisionCtx<'a> {
    profile: &'a Profile,
    index: u32,
}

struct HierarchyBuilder {
    units: Vec<Unit>,
    teams: Vec<TeamRec>,
    depts: Vec<DeptRec>,
    divisions: Vec<DivisionRec>,
}

impl HierarchyBuilder {
    fn push_unit(&mut self, id: &str, name: String, parent: u32, kind: Kind) -> u32 {
        self.units.push(Unit {
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
        division: DivisionCtx<'_>,
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
            let name = match group_level {
                1 => format!("{} {}", parent.name, AREAS[areas[j % AREAS.len()]]),
                2 => format!("{} {}", parent.name, j + 1),
                _ => format!("{}.{}", parent.name, j + 1),
            };
            let unit = self.push_unit(&id, name.clone(), parent.unit, Kind::Group);
            let group = Parent {
                unit,
                id: &id,
                name: &name,
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
        division: DivisionCtx<'_>,
        size: usize,
    ) {
        let DivisionCtx {
            profile,
            index: division,
        } = division;
        let theme = profile.themes[rng.index(profile.themes.len())];
        let suffix = DEPT_SUFFIXES[rng.index(DEPT_SUFFIXES.len())];
        let id = format!("{}-p{index:02}", parent.id);
        let unit = self.push_unit(
            &id,
            format!("{theme} {suffix}"),
            parent.unit,
            Kind::Department,
        );
        let dept = self.depts.len() as u32;
        let first = self.teams.len() as u32;
        for pos in 1..=size {
            // Kind, name and headcount are filled in by `assign_roles`.
            let team_unit =
                self.push_unit(&format!("{id}-t{pos:02}"), String::new(), unit, Kind::Team);
            self.teams.push(TeamRec {
                unit: team_unit,
                dept,
                division,
                pos: pos as u8,
                cf: false,
                hub: false,
            });
        }
        self.depts.push(DeptRec {
            teams: (first, self.teams.len() as u32),
            theme,
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

/// Customer-facing teams, hubs, team kinds, names and headcounts.
fn assign_roles(org: &mut Org, rng: &mut Rng) {
    let n = org.teams.len();
    // Customer-facing: ≈ 15 % overall, concentrated in the front divisions.
    let front_teams: usize = org
        .divisions
        .iter()
        .filter(|d| d.front)
        .map(|d| (d.teams.1 - d.teams.0) as usize)
        .sum();
    let f = front_teams as f64 / n as f64;
    let p_other = if f >= 1.0 { 0.15 } else { 0.05 };
    let p_front = if f > 0.0 {
        ((0.15 - p_other * (1.0 - f)) / f).clamp(0.05, 0.9)
    } else {
        0.0
    };
    for t in 0..n {
        let div = &org.divisions[org.teams[t].division as usize];
        let p = if div.front { p_front } else { p_other };
        org.teams[t].cf = rng.chance(p);
    }
    if !org.teams.iter().any(|t| t.cf) {
        let first_front = org
            .divisions
            .iter()
            .find(|d| d.front)
            .map_or(0, |d| d.teams.0);
        org.teams[first_front as usize].cf = true;
    }

    // Hubs: ≈ 2.5 % of the teams, half in Technology, never customer-facing.
    let wanted = ((n as f64 * 0.025).round() as usize).max(usize::from(n >= 10));
    let tech_candidates: Vec<u32> = (0..n as u32)
        .filter(|&t| {
            !org.teams[t as usize].cf && org.divisions[org.teams[t as usize].division as usize].tech
        })
        .collect();
    let in_tech = wanted.div_ceil(2).min(tech_candidates.len());
    let mut hubs: Vec<u32> = rng
        .sample_indices(tech_candidates.len(), in_tech)
        .into_iter()
        .map(|i| tech_candidates[i])
        .collect();
    for &h in &hubs {
        org.teams[h as usize].hub = true;
    }
    let other_candidates: Vec<u32> = (0..n as u32)
        .filter(|&t| !org.teams[t as usize].cf && !org.teams[t as usize].hub)
        .collect();
    let rest = (wanted - in_tech).min(other_candidates.len());
    for i in rng.sample_indices(other_candidates.len(), rest) {
        let h = other_candidates[i];
        org.teams[h as usize].hub = true;
        hubs.push(h);
    }
    hubs.sort_unstable();
    org.hubs = hubs;

    // Kinds, names, headcounts.
    for t in 0..n {
        let team = &org.teams[t];
        let tech = org.divisions[team.division as usize].tech;
        let theme = org.depts[team.dept as usize].theme;
        let (kind, name) = if team.hub {
            let base = HUB_NAMES[rng.index(HUB_NAMES.len())];
            (Kind::Platform, format!("{base} {}", team.pos))
        } else {
            let kind = if team.cf {
                if rng.chance(0.75) {
                    Kind::StreamAligned
                } else {
                    Kind::Team
                }
            } else {
                let r = rng.next_f64();
                let (a, b, c, d) = if tech {
                    (0.30, 0.45, 0.80, 0.90)
                } else {
                    (0.45, 0.70, 0.82, 0.91)
                };
                if r < a {
                    Kind::Team
                } else if r < b {
                    Kind::StreamAligned
                } else if r < c {
                    Kind::Platform
                } else if r < d {
                    Kind::Enabling
                } else {
                    Kind::ComplicatedSubsystem
                }
            };
            let word = match kind {
                Kind::StreamAligned => STREAM_WORDS[rng.index(STREAM_WORDS.len())],
                Kind::Platform => "Platform",
                Kind::Enabling => "Enablement",
                Kind::ComplicatedSubsystem => "Engine",
                _ => "Team",
            };
            (kind, format!("{theme} {word} {}", team.pos))
        };
        let headcount = (7.5 + 2.2 * rng.normal() + if team.hub { 2.0 } else { 0.0 })
            .round()
            .clamp(3.0, 12.0) as u8;
        let cf = team.cf;
        let unit = &mut org.units[team.unit as usize];
        unit.kind = kind;
        unit.name = name;
        unit.headcount = headcount;
        unit.customer_facing = cf;
    }
}

// ---------------------------------------------------------------------------------------------
// Systems and dependencies
// ---------------------------------------------------------------------------------------------

fn build_systems(org: &mut Org, rng: &mut Rng) {
    let n = org.teams.len();
    let total = ((n as f64 * 0.6).round() as usize).max(1);
    let mut counts = vec![0u32; n];
    let mut assigned = 0usize;
    for &h in &org.hubs {
        if assigned >= total {
            break;
        }
        let c = (2 + rng.index(5)).min(total - assigned);
        counts[h as usize] += c as u32;
        assigned += c;
    }
    while assigned < total {
        counts[rng.index(n)] += 1;
        assigned += 1;
    }

    org.systems = Vec::with_capacity(total);
    org.systems_of = Vec::with_capacity(n + 1);
    for (t, &count) in counts.iter().enumerate() {
        org.systems_of.push(org.systems.len() as u32);
        let team = &org.teams[t];
        let front = org.divisions[team.division as usize].front;
        let (d0, d1) = org.depts[team.dept as usize].teams;
        for _ in 0..count {
            let owner = if rng.chance(0.03) { NONE } else { t as u32 };
            let mut second_owner = NONE;
            if owner != NONE && rng.chance(0.05) {
                // A department sibling, or a hub.
                let cand = if d1 - d0 > 1 && (org.hubs.is_empty() || rng.chance(0.6)) {
                    d0 + rng.below(u64::from(d1 - d0)) as u32
                } else if !org.hubs.is_empty() {
                    org.hubs[rng.index(org.hubs.len())]
                } else {
                    t as u32
                };
                if cand != t as u32 {
                    second_owner = cand;
                }
            }
            let base = if team.hub {
                org.units[team.unit as usize]
                    .name
                    .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
                    .to_string()
            } else {
                org.depts[team.dept as usize].theme.to_string()
            };
            let name = format!(
                "{base} {}",
                SYSTEM_SUFFIXES[rng.index(SYSTEM_SUFFIXES.len())]
            );
            let p_cf = if team.cf {
                0.6
            } else if front {
                0.15
            } else {
                0.04
            };
            let customer_facing = rng.chance(p_cf);
            let p_data = if customer_facing {
                0.5
            } else if team.hub {
                0.35
            } else {
                0.15
            };
            let customer_data = rng.chance(p_data);
            org.systems.push(System {
                home: t as u32,
                owner,
                second_owner,
                name,
                customer_facing,
                customer_data,
            });
        }
    }
    org.systems_of.push(org.systems.len() as u32);
    org.id_width_system = digits(org.systems.len()).max(5);
}

fn build_dependencies(org: &mut Org, rng: &mut Rng) {
    let s = org.systems.len();
    if s < 2 {
        return;
    }
    // Hub-owned systems, as a preferential-attachment urn.
    let mut urn: Vec<u32> = (0..s as u32)
        .filter(|&i| org.teams[org.systems[i as usize].home as usize].hub)
        .collect();
    let mut deps = Vec::with_capacity(s * 3 / 2 + 16);
    let mut chosen: Vec<u32> = Vec::new();
    for from in 0..s as u32 {
        const TABLE: [usize; 10] = [0, 0, 1, 1, 1, 1, 2, 2, 2, 3];
        let mut k = TABLE[rng.index(TABLE.len())];
        if rng.chance(0.02) {
            k += 5 + rng.index(10); // an integration system
        }
        let home = org.systems[from as usize].home;
        let div = &org.divisions[org.teams[home as usize].division as usize];
        let (s0, s1) = (
            org.systems_of[div.teams.0 as usize],
            org.systems_of[div.teams.1 as usize],
        );
        chosen.clear();
        for _ in 0..k {
            let mut picked = None;
            for _attempt in 0..8 {
                let r = rng.next_f64();
                let cand = if r < 0.55 && s1 - s0 > 1 {
                    s0 + rng.below(u64::from(s1 - s0)) as u32
                } else if r < 0.85 && !urn.is_empty() {
                    urn[rng.index(urn.len())]
                } else {
                    rng.index(s) as u32
                };
                if cand != from && !chosen.contains(&cand) {
                    picked = Some(cand);
                    break;
                }
            }
            let Some(to) = picked else { continue };
            if org.teams[org.systems[to as usize].home as usize].hub {
                urn.push(to);
            }
            chosen.push(to);
            let r = rng.next_f64();
            let kind = if r < 0.6 {
                0
            } else if r < 0.8 {
                1
            } else {
                2
            };
            deps.push((from, to, kind));
        }
    }
    org.deps = deps;
}

// ---------------------------------------------------------------------------------------------
// Handoffs
// ---------------------------------------------------------------------------------------------

/// Expected customer rows per team (15 % customer-facing × (1 + 0.6)).
const CUSTOMER_ROWS_PER_TEAM: f64 = 0.24;
/// Share of peripheral teams (0 or 1 out-handoff).
const PERIPHERAL: f64 = 0.03;
/// Share of rows repeated through a second channel.
const REPEAT: f64 = 0.01;
/// σ of the log-normal number of out-handoffs per team.
const OUT_SIGMA: f64 = 0.75;

fn build_handoffs(org: &mut Org, per_team: f64, rng: &mut Rng) {
    let n = org.teams.len();
    // Mean out-degree of ordinary teams such that all rows together average `per_team`.
    let mean_out = if per_team > 0.0 {
        ((per_team - CUSTOMER_ROWS_PER_TEAM - PERIPHERAL * 0.5)
            / ((1.0 - PERIPHERAL) * (1.0 + REPEAT)))
            .max(0.05)
    } else {
        0.0
    };
    let mu = mean_out.max(1e-9).ln() - OUT_SIGMA * OUT_SIGMA / 2.0;
    let cap = (mean_out * 20.0).ceil() as usize + 1;

    let mut rows: Vec<Handoff> = Vec::with_capacity((per_team * n as f64 * 1.05) as usize + 16);
    let mut out_of = Vec::with_capacity(n + 1);
    // Hubs as a preferential-attachment urn: each received handoff adds a ball.
    let mut urn: Vec<u32> = org.hubs.clone();
    let mut chosen: Vec<u32> = Vec::new();
    let ndiv = org.divisions.len();

    for t in 0..n as u32 {
        out_of.push(rows.len() as u32);
        let team = &org.teams[t as usize];
        let (p0, p1) = org.depts[team.dept as usize].teams;
        let (v0, v1) = org.divisions[team.division as usize].teams;
        if team.cf {
            rows.push(Handoff {
                from: CUSTOMER,
                to: t,
                volume: volume(rng, 3.0, 1.0),
                wait: wait(rng),
                channel: customer_channel(rng),
            });
        }
        let k = if mean_out <= 0.0 {
            0
        } else if rng.chance(PERIPHERAL) {
            rng.index(2)
        } else {
            (rng.lognormal(mu, OUT_SIGMA).round() as usize).clamp(1, cap)
        };
        chosen.clear();
        for _ in 0..k {
            let r = rng.next_f64();
            // Class 0 = department, 1 = division, 2 = elsewhere; fall through when exhausted.
            let mut class = if r < 0.7 {
                0
            } else if r < 0.9 {
                1
            } else {
                2
            };
            let mut picked = None;
            while picked.is_none() && class < 4 {
                for _attempt in 0..6 {
                    let cand = match class {
                        0 => p0 + rng.below(u64::from(p1 - p0)) as u32,
                        1 => v0 + rng.below(u64::from(v1 - v0)) as u32,
                        2 => {
                            if !urn.is_empty() && rng.chance(0.6) {
                                urn[rng.index(urn.len())]
                            } else if ndiv > 1 {
                                // A team outside the division: skip over its range.
                                let c = rng.below((n as u32 - (v1 - v0)) as u64) as u32;
                                if c >= v0 {
                                    c + (v1 - v0)
                                } else {
                                    c
                                }
                            } else {
                                rng.index(n) as u32
                            }
                        }
                        _ => rng.index(n) as u32,
                    };
                    if cand != t && !chosen.contains(&cand) {
                        picked = Some(cand);
                        break;
                    }
                }
                class += 1;
            }
            let Some(to) = picked else { continue };
            chosen.push(to);
            let to_hub = org.teams[to as usize].hub;
            if to_hub {
                urn.push(to);
            }
            let channel = if to_hub && rng.chance(0.65) {
                0
            } else {
                team_channel(rng)
            };
            // Daily work inside a department is heavier than occasional work further away, so
            // that by volume ≈ 70 % stays in the department although its teams run out sooner.
            let mu = if (p0..p1).contains(&to) {
                2.5
            } else if (v0..v1).contains(&to) {
                1.2
            } else if to_hub {
                2.4
            } else {
                1.8
            };
            rows.push(Handoff {
                from: t,
                to,
                volume: volume(rng, mu, 1.0),
                wait: wait(rng),
                channel,
            });
            if rng.chance(REPEAT) {
                // The same pair through another channel (merged on ingest).
                let other = (channel + 1 + rng.index(4) as u8) % 5;
                rows.push(Handoff {
                    from: t,
                    to,
                    volume: volume(rng, 0.7, 0.9),
                    wait: wait(rng),
                    channel: other,
                });
            }
        }
        if team.cf && rng.chance(0.6) {
            rows.push(Handoff {
                from: t,
                to: CUSTOMER,
                volume: volume(rng, 2.5, 1.0),
                wait: wait(rng),
                channel: customer_channel(rng),
            });
        }
    }
    out_of.push(rows.len() as u32);
    org.handoffs = rows;
    org.out_of = out_of;
}

/// A heavy-tailed integer volume in 1..=500.
fn volume(rng: &mut Rng, mu: f64, sigma: f64) -> u32 {
    (rng.lognormal(mu, sigma).round() as u32).clamp(1, 500)
}

/// A wait in tenths of an hour, 0.1–200 h (median ≈ 6 h), or unknown (≈ 5 %).
fn wait(rng: &mut Rng) -> u32 {
    if rng.chance(0.05) {
        NONE
    } else {
        ((rng.lognormal(6f64.ln(), 1.2) * 10.0).round() as u32).clamp(1, 2000)
    }
}

/// Channel between teams: ticket 35 %, email 25 %, chat 20 %, meeting 10 %, api 10 %.
fn team_channel(rng: &mut Rng) -> u8 {
    let r = rng.next_f64();
    if r < 0.35 {
        0
    } else if r < 0.60 {
        1
    } else if r < 0.80 {
        2
    } else if r < 0.90 {
        3
    } else {
        4
    }
}

/// Channel with the customer: email 35 %, chat 35 %, meeting 15 %, ticket 10 %, api 5 %.
fn customer_channel(rng: &mut Rng) -> u8 {
    let r = rng.next_f64();
    if r < 0.35 {
        1
    } else if r < 0.70 {
        2
    } else if r < 0.85 {
        3
    } else if r < 0.95 {
        0
    } else {
        4
    }
}

// ---------------------------------------------------------------------------------------------
// Journeys
// ---------------------------------------------------------------------------------------------

fn build_journeys(org: &mut Org, count: usize, rng: &mut Rng) {
    let n = org.teams.len();
    let front_door: Vec<u32> = (0..n as u32)
        .filter(|&t| org.teams[t as usize].cf)
        .collect();
    let s = org.systems.len();
    let mut steps = Vec::with_capacity(count * 10);
    let mut volumes = Vec::with_capacity(count);
    for j in 0..count as u32 {
        let len = 5 + rng.index(11); // 5..=15
        let tens = rng.chance(0.2);
        let volume = (rng.lognormal(40f64.ln(), 1.2).round() as u32).clamp(1, 100_000);
        volumes.push(volume);
        let first = front_door[rng.index(front_door.len())];
        let mut cur = first;
        for k in 0..len {
            // The first step, and the last one of 40 % of journeys, by the front-door team.
            let team = if k == 0 || (k == len - 1 && cur != first && rng.chance(0.4)) {
                first
            } else {
                next_step_team(org, cur, rng)
            };
            cur = team;
            let r = rng.next_f64();
            let (o0, o1) = (
                org.systems_of[team as usize],
                org.systems_of[team as usize + 1],
            );
            let system = if r < 0.55 && o1 > o0 {
                o0 + rng.below(u64::from(o1 - o0)) as u32
            } else if r < 0.70 {
                rng.index(s) as u32
            } else {
                NONE
            };
            let wait = if k == 0 {
                NONE
            } else {
                ((rng.lognormal(3f64.ln(), 1.3) * 10.0).round() as u32).clamp(1, 2000)
            };
            steps.push(Step {
                journey: j,
                step: if tens {
                    10 * (k as u32 + 1)
                } else {
                    k as u32 + 1
                },
                team,
                verb: rng.index(VERBS.len()) as u8,
                noun: rng.index(NOUNS.len()) as u8,
                system,
                wait,
            });
        }
    }
    org.steps = steps;
    org.journey_volumes = volumes;
    org.id_width_journey = digits(count).max(5);
}

/// The team doing the step after one by `cur`: mostly along a handoff, within the department,
/// to a hub or anywhere; a different team except now and then.
fn next_step_team(org: &Org, cur: u32, rng: &mut Rng) -> u32 {
    let n = org.teams.len();
    let allow_repeat = rng.chance(0.05);
    let mut cand = cur;
    for _attempt in 0..4 {
        let r = rng.next_f64();
        let (h0, h1) = (org.out_of[cur as usize], org.out_of[cur as usize + 1]);
        cand = if r < 0.55 && h1 > h0 {
            let to = org.handoffs[(h0 + rng.below(u64::from(h1 - h0)) as u32) as usize].to;
            if to == CUSTOMER {
                continue;
            }
            to
        } else if r < 0.75 {
            let (p0, p1) = org.depts[org.teams[cur as usize].dept as usize].teams;
            p0 + rng.below(u64::from(p1 - p0)) as u32
        } else if r < 0.87 && !org.hubs.is_empty() {
            org.hubs[rng.index(org.hubs.len())]
        } else {
            rng.index(n) as u32
        };
        if cand != cur || allow_repeat {
            return cand;
        }
    }
    cand
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

fn digits(mut x: usize) -> usize {
    let mut d = 1;
    while x >= 10 {
        x /= 10;
        d += 1;
    }
    d
}

/// Writes tenths of an hour as a decimal ("12.3"), or nothing for `NONE`.
fn push_tenths(buf: &mut Vec<u8>, tenths: u32) {
    if tenths != NONE {
        let _ = write!(buf, "{}.{}", tenths / 10, tenths % 10);
    }
}

fn render_teams(org: &Org) -> Vec<u8> {
    let mut buf = Vec::with_capacity(org.units.len() * 64);
    buf.extend_from_slice(b"id,name,parent,kind,customer_facing,headcount\n");
    for u in &org.units {
        let parent = if u.parent == NONE {
            ""
        } else {
            org.units[u.parent as usize].id.as_str()
        };
        let _ = write!(
            buf,
            "{},{},{},{},{},",
            u.id,
            u.name,
            parent,
            u.kind.as_str(),
            u.customer_facing
        );
        if u.headcount > 0 {
            let _ = write!(buf, "{}", u.headcount);
        }
        buf.push(b'\n');
    }
    buf
}

fn team_id(org: &Org, t: u32) -> &str {
    &org.units[org.teams[t as usize].unit as usize].id
}

fn push_system_id(buf: &mut Vec<u8>, width: usize, s: u32) {
    let _ = write!(buf, "s{:0width$}", s + 1);
}

fn render_systems(org: &Org) -> Vec<u8> {
    let mut buf = Vec::with_capacity(org.systems.len() * 64);
    buf.extend_from_slice(b"id,name,owner,customer_facing,holds_customer_data\n");
    for (i, s) in org.systems.iter().enumerate() {
        push_system_id(&mut buf, org.id_width_system, i as u32);
        let _ = write!(buf, ",{},", s.name);
        if s.owner != NONE {
            buf.extend_from_slice(team_id(org, s.owner).as_bytes());
            if s.second_owner != NONE {
                buf.push(b';');
                buf.extend_from_slice(team_id(org, s.second_owner).as_bytes());
            }
        }
        let _ = writeln!(buf, ",{},{}", s.customer_facing, s.customer_data);
    }
    buf
}

fn render_dependencies(org: &Org) -> Vec<u8> {
    let mut buf = Vec::with_capacity(org.deps.len() * 24);
    buf.extend_from_slice(b"from,to,kind\n");
    for &(from, to, kind) in &org.deps {
        push_system_id(&mut buf, org.id_width_system, from);
        buf.push(b',');
        push_system_id(&mut buf, org.id_width_system, to);
        let _ = writeln!(buf, ",{}", DEP_KINDS[kind as usize]);
    }
    buf
}

fn render_handoffs(org: &Org) -> Vec<u8> {
    // The biggest file: formatted in parallel chunks, concatenated in order.
    const CHUNK: usize = 1 << 16;
    let chunks: Vec<Vec<u8>> = org
        .handoffs
        .par_chunks(CHUNK)
        .map(|rows| {
            let mut buf = Vec::with_capacity(rows.len() * 48);
            for h in rows {
                let from = if h.from == CUSTOMER {
                    "customer"
                } else {
                    team_id(org, h.from)
                };
                let to = if h.to == CUSTOMER {
                    "customer"
                } else {
                    team_id(org, h.to)
                };
                let _ = write!(buf, "{from},{to},{},", h.volume);
                push_tenths(&mut buf, h.wait);
                buf.push(b',');
                buf.extend_from_slice(CHANNELS[h.channel as usize].as_bytes());
                buf.push(b'\n');
            }
            buf
        })
        .collect();
    let header = b"from,to,volume,wait_hours,channel\n";
    let mut buf = Vec::with_capacity(header.len() + chunks.iter().map(Vec::len).sum::<usize>());
    buf.extend_from_slice(header);
    for c in chunks {
        buf.extend_from_slice(&c);
    }
    buf
}

fn render_journeys(org: &Org) -> Vec<u8> {
    let mut buf = Vec::with_capacity(org.steps.len() * 64);
    buf.extend_from_slice(b"journey,step,team,activity,system,wait_hours,volume\n");
    let w = org.id_width_journey;
    for s in &org.steps {
        let _ = write!(
            buf,
            "j{:0w$},{},{},{} {},",
            s.journey + 1,
            s.step,
            team_id(org, s.team),
            VERBS[s.verb as usize],
            NOUNS[s.noun as usize]
        );
        if s.system != NONE {
            push_system_id(&mut buf, org.id_width_system, s.system);
        }
        buf.push(b',');
        push_tenths(&mut buf, s.wait);
        let _ = writeln!(buf, ",{}", org.journey_volumes[s.journey as usize]);
    }
    buf
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

    #[test]
    fn tiny_orgs_are_well_formed() {
        for n in 1..40 {
            let org = build_org(&GenerateConfig {
                teams: n,
                ..GenerateConfig::default()
            });
            assert_eq!(org.teams.len(), n);
            assert!(org.teams.iter().any(|t| t.cf));
            assert!(org.handoffs.iter().all(|h| h.from != h.to));
            assert_eq!(org.journey_volumes.len(), 5);
        }
    }

    #[test]
    fn bad_configs_are_usage_errors() {
        let dir = std::env::temp_dir();
        for c in [
            GenerateConfig {
                teams: 0,
                ..Default::default()
            },
            GenerateConfig {
                handoffs_per_team: f64::NAN,
                ..Default::default()
            },
            GenerateConfig {
                handoffs_per_team: -1.0,
                ..Default::default()
            },
        ] {
            assert!(matches!(generate(&c, &dir), Err(SeamsError::Usage(_))));
        }
    }
}
