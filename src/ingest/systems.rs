//! systems.csv (systems and their owners) and dependencies.csv (system → system).

use super::files::ExportFiles;
use super::table::{self, Column, FileDiagnostics, Opened, Schema};
use super::IdIndex;
use crate::error::{Diagnostic, DiagnosticKind};
use crate::records::{Dependency, System};

const S_ID: usize = 0;
const S_NAME: usize = 1;
const S_OWNER: usize = 2;
const S_CUSTOMER_FACING: usize = 3;
const S_HOLDS: usize = 4;

pub(super) const SYSTEMS: Schema = Schema {
    file: "systems.csv",
    singular: "system",
    columns: &[
        Column::required("id"),
        Column::optional("name"),
        Column::required("owner").with_aliases(&["owner_team", "owned_by"]),
        Column::optional("customer_facing"),
        Column::optional("holds_customer_data"),
    ],
};

const D_FROM: usize = 0;
const D_TO: usize = 1;
const D_KIND: usize = 2;

pub(super) const DEPENDENCIES: Schema = Schema {
    file: "dependencies.csv",
    singular: "dependency",
    columns: &[
        Column::required("from").with_aliases(&["source"]),
        Column::required("to").with_aliases(&["target"]),
        Column::optional("kind"),
    ],
};

#[derive(Default)]
pub(super) struct Systems {
    pub systems: Vec<System>,
    pub attributes: Vec<String>,
    /// Ids of rows rejected as unreadable (their references are not reported again).
    pub skipped: Vec<String>,
    /// The file is unusable or lost rows: unknown system ids prove nothing.
    pub incomplete: bool,
}

pub(super) struct Dependencies {
    pub dependencies: Vec<Dependency>,
    pub present: bool,
}

/// Reads systems.csv; None when absent or unusable.
pub(super) fn read_systems(
    src: &ExportFiles,
    units: Option<&IdIndex>,
    out: &mut Vec<Diagnostic>,
) -> Option<Systems> {
    let path = src.path(SYSTEMS.file);
    let mut diags = FileDiagnostics::new(&path, out);
    let mut table = match table::open(src, &SYSTEMS, &mut diags) {
        Opened::Table(t) => t,
        Opened::Missing => return None,
        Opened::Broken => {
            diags.finish();
            // Present but unusable: keep going as if empty, the error is recorded, and do not
            // report every system id of the other files as unknown.
            return Some(Systems {
                incomplete: true,
                ..Systems::default()
            });
        }
    };
    let attributes: Vec<String> = table.extra.iter().map(|(n, _)| n.clone()).collect();
    let extra: Vec<usize> = table.extra.iter().map(|(_, i)| *i).collect();
    let mut systems: Vec<System> = Vec::new();
    table.for_each_row(&mut diags, |row, diags| {
        let id = row.get(S_ID);
        if id.is_empty() {
            diags.bad_value(row.line, "id", "the id is blank (every system needs an id)");
            return;
        }
        // Bad values are errors, but the system is kept so that references to it are not
        // reported as unknown ids as well.
        let mut owners = Vec::new();
        for owner in row.get(S_OWNER).split(';').map(str::trim).filter(|o| !o.is_empty()) {
            // Without a usable teams.csv owners cannot be checked (that file's errors say why).
            if let Some(index) = units {
                match index.get(owner) {
                    Some(u) => owners.push(u),
                    None if index.excuses(owner) => {}
                    None => {
                        let hint = index.did_you_mean(owner, diags);
                        diags.unknown(
                            row.line,
                            "owner",
                            format!(
                                "owner `{}` of system `{}` is not an id in teams.csv{hint} (expected unit ids separated by `;`, or blank when the owner is unknown)",
                                table::shorten(owner),
                                id
                            ),
                        );
                    }
                }
            }
        }
        owners.sort_unstable();
        owners.dedup();
        let mut flag = |col: usize, name: &str| match table::parse_bool(row.get(col)) {
            Ok(v) => v,
            Err(e) => {
                diags.bad_value(row.line, name, format!("{name}: {e}"));
                None
            }
        };
        let customer_facing = flag(S_CUSTOMER_FACING, "customer_facing");
        let holds_customer_data = flag(S_HOLDS, "holds_customer_data");
        let name = row.get(S_NAME);
        systems.push(System {
            id: id.to_string(),
            name: (!name.is_empty()).then(|| name.to_string()),
            owners,
            customer_facing,
            holds_customer_data,
            attributes: extra.iter().map(|&i| row.field(i).to_string()).collect(),
            line: row.line,
        });
    });
    systems.sort_by(|a, b| a.id.cmp(&b.id));
    let mut unique: Vec<System> = Vec::with_capacity(systems.len());
    for s in systems {
        if let Some(prev) = unique.last() {
            if prev.id == s.id {
                diags.report(
                    Some(s.line),
                    DiagnosticKind::Duplicate,
                    Some("id"),
                    format!(
                        "duplicate id `{}` (first defined on line {}; ids must be unique)",
                        s.id, prev.line
                    ),
                );
                continue;
            }
        }
        unique.push(s);
    }
    diags.finish();
    Some(Systems {
        systems: unique,
        attributes,
        skipped: std::mem::take(&mut table.skipped_keys),
        incomplete: table.incomplete,
    })
}

/// Reads dependencies.csv. Identical rows count once and `from` = `to` rows are ignored, each
/// with a warning (docs/input-format.md).
pub(super) fn read_dependencies(
    src: &ExportFiles,
    systems: Option<&IdIndex>,
    systems_present: bool,
    out: &mut Vec<Diagnostic>,
) -> Dependencies {
    let path = src.path(DEPENDENCIES.file);
    let mut diags = FileDiagnostics::new(&path, out);
    let mut table = match table::open(src, &DEPENDENCIES, &mut diags) {
        Opened::Table(t) => t,
        Opened::Missing => {
            return Dependencies {
                dependencies: Vec::new(),
                present: false,
            }
        }
        Opened::Broken => {
            diags.finish();
            return Dependencies {
                dependencies: Vec::new(),
                present: true,
            };
        }
    };
    if !systems_present {
        diags.report(
            None,
            DiagnosticKind::Io,
            None,
            "needs systems.csv, which is missing (dependencies link system ids: add systems.csv with columns id,name,owner, or remove dependencies.csv)",
        );
        diags.finish();
        return Dependencies {
            dependencies: Vec::new(),
            present: true,
        };
    }
    let mut deps: Vec<Dependency> = Vec::new();
    table.for_each_row(&mut diags, |row, diags| {
        let mut ends = [0u32; 2];
        let mut ok = true;
        for (k, (col, name)) in [(D_FROM, "from"), (D_TO, "to")].into_iter().enumerate() {
            let id = row.get(col);
            if id.is_empty() {
                diags.bad_value(row.line, name, format!("`{name}` is blank (expected a system id)"));
                ok = false;
                continue;
            }
            if let Some(index) = systems {
                match index.get(id) {
                    Some(s) => ends[k] = s,
                    None if index.excuses(id) => ok = false,
                    None => {
                        let hint = index.did_you_mean(id, diags);
                        diags.unknown(
                            row.line,
                            name,
                            format!(
                                "`{name}` system `{}` is not an id in systems.csv{hint} (add the system there, or fix the id)",
                                table::shorten(id)
                            ),
                        );
                        ok = false;
                    }
                }
            } else {
                ok = false;
            }
        }
        if !ok {
            return;
        }
        if ends[0] == ends[1] {
            diags.warning(
                Some(row.line),
                format!("system `{}` depends on itself: row ignored", row.get(D_FROM)),
            );
            return;
        }
        let kind = row.get(D_KIND);
        deps.push(Dependency {
            from: ends[0],
            to: ends[1],
            kind: (!kind.is_empty()).then(|| kind.to_string()),
            line: row.line,
        });
    });
    // Rows naming the same (from, to) are one dependency (the first row's kind is kept).
    let mut order: Vec<usize> = (0..deps.len()).collect();
    order.sort_by_key(|&i| (deps[i].from, deps[i].to, deps[i].line));
    let mut drop = vec![false; deps.len()];
    let mut first = 0;
    for w in 1..order.len() {
        let (a, b) = (&deps[order[first]], &deps[order[w]]);
        if a.from == b.from && a.to == b.to {
            diags.warning(
                Some(b.line),
                format!("the same dependency as line {}: counted once", a.line),
            );
            drop[order[w]] = true;
        } else {
            first = w;
        }
    }
    let dependencies = deps
        .into_iter()
        .zip(drop)
        .filter_map(|(d, dropped)| (!dropped).then_some(d))
        .collect();
    diags.finish();
    Dependencies {
        dependencies,
        present: true,
    }
}
