//! journeys.csv: customer journeys as ordered steps (docs/input-format.md).

use rustc_hash::{FxHashMap, FxHashSet};

use super::files::ExportFiles;
use super::table::{self, Column, FileDiagnostics, Opened, Schema};
use super::IdIndex;
use crate::error::{Diagnostic, DiagnosticKind};
use crate::records::{is_customer, Journey, JourneyKind, Step};

const JOURNEY: usize = 0;
const STEP: usize = 1;
const TEAM: usize = 2;
const ACTIVITY: usize = 3;
const SYSTEM: usize = 4;
const WAIT: usize = 5;
const VOLUME: usize = 6;
const KIND: usize = 7;

pub(super) const SCHEMA: Schema = Schema {
    file: "journeys.csv",
    singular: "journey",
    columns: &[
        Column::required("journey"),
        Column::required("step"),
        Column::required("team"),
        Column::optional("activity"),
        Column::optional("system"),
        Column::optional("wait_hours"),
        Column::optional("volume"),
        Column::optional("kind"),
    ],
};

pub(super) struct Journeys {
    pub journeys: Vec<Journey>,
    pub present: bool,
}

/// Reads journeys.csv; `present` is false when the file is absent. Returns None only when
/// teams.csv could not be read (nothing can be resolved).
pub(super) fn read(
    src: &ExportFiles,
    units: Option<&IdIndex>,
    systems: Option<&IdIndex>,
    out: &mut Vec<Diagnostic>,
) -> Option<Journeys> {
    let path = src.path(SCHEMA.file);
    let mut diags = FileDiagnostics::new(&path, out);
    let mut table = match table::open(src, &SCHEMA, &mut diags) {
        Opened::Table(t) => t,
        Opened::Missing => {
            return units.map(|_| Journeys {
                journeys: Vec::new(),
                present: false,
            })
        }
        Opened::Broken => {
            diags.finish();
            return units.map(|_| Journeys {
                journeys: Vec::new(),
                present: true,
            });
        }
    };
    let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
    let mut journeys: Vec<Journey> = Vec::new();
    // Line of the row that fixed each journey's volume (and kind).
    let mut volume_line: Vec<u64> = Vec::new();
    // Journeys with a rejected row: their step count is not known, so no single-step warning.
    let mut rejected: FxHashSet<String> = FxHashSet::default();
    table.for_each_row(&mut diags, |row, diags| {
        let id = row.get(JOURNEY);
        let mut ok = true;
        if id.is_empty() {
            diags.bad_value(row.line, "journey", "`journey` is blank (expected a journey id)");
            ok = false;
        }
        let step_text = row.get(STEP);
        let step = match step_text.parse::<i64>() {
            Ok(s) => s,
            Err(_) => {
                diags.bad_value(
                    row.line,
                    "step",
                    if step_text.is_empty() {
                        "`step` is blank (expected an integer step number, e.g. 1, 2, 3)".to_string()
                    } else {
                        format!(
                            "step `{}` is not an integer (expected a whole number giving the order, e.g. 1, 2, 3)",
                            table::shorten(step_text)
                        )
                    },
                );
                ok = false;
                0
            }
        };
        let team_text = row.get(TEAM);
        let mut team = 0;
        if team_text.is_empty() {
            diags.bad_value(row.line, "team", "`team` is blank (expected the id of the unit doing the step)");
            ok = false;
        } else if is_customer(team_text) {
            diags.bad_value(
                row.line,
                "team",
                "the team is `customer`, which is reserved (leave the customer's own actions out of journeys; list only the steps your units do)",
            );
            ok = false;
        } else if let Some(index) = units {
            match index.get(team_text) {
                Some(u) => team = u,
                None if index.excuses(team_text) => ok = false,
                None => {
                    let hint = index.did_you_mean(team_text, diags);
                    diags.unknown(
                        row.line,
                        "team",
                        format!(
                            "team `{}` is not an id in teams.csv{hint} (expected the id of the unit doing the step)",
                            table::shorten(team_text)
                        ),
                    );
                    ok = false;
                }
            }
        }
        let system = row.get(SYSTEM);
        if !system.is_empty() {
            if let Some(index) = systems {
                if index.get(system).is_none() {
                    if !index.excuses(system) {
                        let hint = index.did_you_mean(system, diags);
                        diags.unknown(
                            row.line,
                            "system",
                            format!(
                                "system `{}` is not an id in systems.csv{hint} (expected a system id, or blank)",
                                table::shorten(system)
                            ),
                        );
                    }
                    ok = false;
                }
            }
        }
        let wait_hours = match row.number(WAIT) {
            Ok(v) => v,
            Err(e) => {
                diags.bad_value(row.line, "wait_hours", format!("wait_hours: {e}"));
                ok = false;
                None
            }
        };
        let volume = match row.number(VOLUME) {
            Ok(v) => v.unwrap_or(1.0),
            Err(e) => {
                diags.bad_value(row.line, "volume", format!("volume: {e}"));
                ok = false;
                1.0
            }
        };
        let kind_text = row.get(KIND);
        let kind = match JourneyKind::parse(kind_text) {
            Some(k) => k,
            None => {
                diags.bad_value(
                    row.line,
                    "kind",
                    format!(
                        "kind `{}` is not a journey kind (expected customer or employee)",
                        table::shorten(kind_text)
                    ),
                );
                ok = false;
                JourneyKind::Customer
            }
        };
        if !ok {
            if !id.is_empty() {
                rejected.insert(id.to_string());
            }
            return;
        }
        let j = match by_id.get(id) {
            Some(&j) => j,
            None => {
                journeys.push(Journey {
                    id: id.to_string(),
                    kind,
                    volume,
                    steps: Vec::new(),
                });
                volume_line.push(row.line);
                by_id.insert(id.to_string(), journeys.len() - 1);
                journeys.len() - 1
            }
        };
        if journeys[j].volume != volume {
            diags.bad_value(
                row.line,
                "volume",
                format!(
                    "volume {} of journey `{}` differs from {} on line {} (a journey's volume must be the same on all its rows; a blank volume means 1)",
                    volume, journeys[j].id, journeys[j].volume, volume_line[j]
                ),
            );
            rejected.insert(journeys[j].id.clone());
            return;
        }
        if journeys[j].kind != kind {
            diags.bad_value(
                row.line,
                "kind",
                format!(
                    "kind {} of journey `{}` differs from {} on line {} (a journey's kind must be the same on all its rows; a blank kind means customer; expected customer or employee)",
                    kind.as_str(),
                    journeys[j].id,
                    journeys[j].kind.as_str(),
                    volume_line[j]
                ),
            );
            rejected.insert(journeys[j].id.clone());
            return;
        }
        let activity = row.get(ACTIVITY);
        journeys[j].steps.push(Step {
            step,
            team,
            activity: (!activity.is_empty()).then(|| activity.to_string()),
            system: (!system.is_empty()).then(|| system.to_string()),
            wait_hours,
            line: row.line,
        });
    });
    for j in &mut journeys {
        j.steps.sort_by_key(|s| (s.step, s.line));
        for w in j.steps.windows(2) {
            if w[0].step == w[1].step {
                diags.report(
                    Some(w[1].line),
                    DiagnosticKind::Duplicate,
                    Some("step"),
                    format!(
                        "journey `{}` has step {} twice (also on line {}; each step number appears once per journey)",
                        j.id, w[1].step, w[0].line
                    ),
                );
            }
        }
        if j.steps.len() == 1 && !rejected.contains(&j.id) {
            diags.warning(
                Some(j.steps[0].line),
                format!("journey `{}` has a single step (it can have no seam)", j.id),
            );
        }
    }
    journeys.sort_by(|a, b| a.id.cmp(&b.id));
    diags.finish();
    units.map(|_| Journeys {
        journeys,
        present: true,
    })
}
