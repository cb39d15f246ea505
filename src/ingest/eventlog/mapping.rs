//! `import-log --into DIR [--map FILE]` (docs/event-logs.md, "Into an existing export"): the
//! log's team values must name units of `DIR/teams.csv`, directly or through a map file
//! (`value,unit` rows: `SD-EMEA-2nd,service-desk-emea`). [`read_map`] reads and checks the map;
//! [`resolve_teams`] renames the log's teams to unit ids (several values may name one unit:
//! their events then belong to one team) and reports every value that names no unit at the
//! line of its first event, with the closest unit ids.

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use super::reader::ReadEvents;
use super::table::{self, Column, FileDiagnostics, Opened, Schema};
use crate::error::{Diagnostic, Diagnostics, SeamsError};

/// The units of the export the log goes into, and the map from log values to them.
#[derive(Debug, Clone)]
pub struct KnownUnits {
    /// `DIR/teams.csv`, for messages.
    pub teams_file: PathBuf,
    /// The unit ids, sorted (byte order).
    pub ids: Vec<String>,
    /// `--map`, when given.
    pub map: Option<TeamMap>,
}

/// A map file: log value → unit id.
#[derive(Debug, Clone)]
pub struct TeamMap {
    /// The file, for messages.
    pub path: PathBuf,
    /// Its rows, in file order (values distinct).
    pub rows: Vec<MapRow>,
}

/// One row of a map file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapRow {
    /// 1-based line.
    pub line: u64,
    /// The log value.
    pub value: String,
    /// The unit id it stands for.
    pub unit: String,
}

const MAP_COLUMNS: [Column; 2] = [
    Column {
        name: "value",
        required: true,
        aliases: &[],
    },
    Column {
        name: "unit",
        required: true,
        aliases: &[],
    },
];

/// Up to three unit ids closest to `value` (Jaro-Winkler similarity of the lower-cased texts,
/// ties by id), formatted as ` (did you mean `a`?)`; empty when there are no units. One id
/// when it is clearly the closest (similarity ≥ 0.9).
pub fn did_you_mean(value: &str, ids: &[String]) -> String {
    let lower = value.to_lowercase();
    let mut scored: Vec<(f64, &str)> = ids
        .iter()
        .map(|id| {
            (
                strsim::jaro_winkler(&lower, &id.to_lowercase()),
                id.as_str(),
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let take = match scored.first() {
        None => return String::new(),
        Some(&(s, _)) if s >= 0.9 => 1,
        Some(_) => 3,
    };
    let names: Vec<String> = scored
        .iter()
        .take(take)
        .map(|(_, id)| format!("`{id}`"))
        .collect();
    let list = match names.len() {
        1 => names[0].clone(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    };
    format!("did you mean {list}?")
}

/// Reads the map file `path` (a CSV with the columns `value` and `unit`).
///
/// # Returns
/// The map and its warnings; or [`SeamsError::InvalidInput`] with every error, each at its
/// `map.csv:line`: a blank value or unit, a value given twice, a unit that is not in `ids`
/// (with the closest ids), and the file's own syntax errors.
pub fn read_map(path: &Path, ids: &[String]) -> Result<TeamMap, SeamsError> {
    let schema = Schema {
        file: "map",
        singular: "map",
        columns: &MAP_COLUMNS,
    };
    let mut items: Vec<Diagnostic> = Vec::new();
    let mut diags = FileDiagnostics::new(path, &mut items);
    let mut rows: Vec<MapRow> = Vec::new();
    match table::open_file(
        path,
        &schema,
        &crate::ingest::ReadOptions::default(),
        &mut diags,
    ) {
        Opened::Table(mut t) => {
            let known: FxHashSet<&str> = ids.iter().map(String::as_str).collect();
            let mut seen: FxHashMap<String, u64> = FxHashMap::default();
            t.for_each_row(&mut diags, |row, diags| {
                let (value, unit) = (row.get(0), row.get(1));
                if value.is_empty() || unit.is_empty() {
                    diags.bad_value(
                        row.line,
                        if value.is_empty() { "value" } else { "unit" },
                        "is blank (expected a log value and the unit id it stands for, e.g. `SD-EMEA-2nd,service-desk-emea`)",
                    );
                    return;
                }
                if let Some(first) = seen.get(value) {
                    diags.error(
                        Some(row.line),
                        format!("`{value}` is mapped again (first on line {first}; expected each log value once)"),
                    );
                    return;
                }
                seen.insert(value.to_string(), row.line);
                if !known.contains(unit) {
                    diags.unknown(
                        row.line,
                        "unit",
                        format!(
                            "`{unit}` is not a unit of the export (expected an id of its teams.csv; {})",
                            did_you_mean(unit, ids)
                        ),
                    );
                    return;
                }
                rows.push(MapRow {
                    line: row.line,
                    value: value.to_string(),
                    unit: unit.to_string(),
                });
            });
        }
        Opened::Missing => diags.error(
            None,
            "no such file (expected the --map CSV file with the columns value,unit)",
        ),
        Opened::Broken => {}
    }
    let failed = diags.error_count() > 0;
    diags.finish();
    if failed {
        return Err(SeamsError::InvalidInput(Diagnostics { items }));
    }
    Ok(TeamMap {
        path: path.to_path_buf(),
        rows,
    })
}

/// Renames the log's teams to unit ids of `units` (through the map when given), merging values
/// that name the same unit.
///
/// # Returns
/// The warnings (map rows no team of the log used); or the errors: each team value naming no
/// unit, at `log:line` of its first event.
pub(super) fn resolve_teams(
    read: &mut ReadEvents,
    log: &Path,
    units: &KnownUnits,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let known: FxHashSet<&str> = units.ids.iter().map(String::as_str).collect();
    let map: FxHashMap<&str, &MapRow> = units
        .map
        .iter()
        .flat_map(|m| m.rows.iter().map(|r| (r.value.as_str(), r)))
        .collect();
    let mut used: FxHashSet<u64> = FxHashSet::default();
    let mut new_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut new_names: Vec<Box<str>> = Vec::new();
    let mut new_first: Vec<u64> = Vec::new();
    let mut renumber: Vec<u32> = Vec::with_capacity(read.teams.len());
    for (t, value) in read.teams.iter().enumerate() {
        let first = read.team_first_line.get(t).copied().unwrap_or(0);
        let unit = match map.get(&**value) {
            Some(row) => {
                used.insert(row.line);
                row.unit.as_str()
            }
            None if known.contains(&**value) => value,
            None => {
                let map_hint = if units.map.is_some() {
                    format!("a row `{value},UNIT` in the --map file")
                } else {
                    format!("--map FILE with a row `{value},UNIT`")
                };
                errors.push(Diagnostic::error(
                    log,
                    Some(first),
                    format!(
                        "team `{value}` (first event here) is not a unit of {} (expected a unit id, or {map_hint}; {})",
                        units.teams_file.display(),
                        did_you_mean(value, &units.ids)
                    ),
                ));
                renumber.push(u32::MAX);
                continue;
            }
        };
        let index = match new_index.get(unit) {
            Some(&i) => {
                new_first[i as usize] = new_first[i as usize].min(first);
                i
            }
            None => {
                let i = new_names.len() as u32;
                new_index.insert(unit.to_string(), i);
                new_names.push(unit.into());
                new_first.push(first);
                i
            }
        };
        renumber.push(index);
    }
    if let Some(m) = &units.map {
        for row in m.rows.iter().filter(|r| !used.contains(&r.line)) {
            warnings.push(Diagnostic::warning(
                &m.path,
                Some(row.line),
                format!(
                    "`{}` is not a team of the log: the row is unused",
                    row.value
                ),
            ));
        }
    }
    if errors.is_empty() {
        for e in &mut read.events {
            e.team = renumber[e.team as usize];
        }
        read.teams = new_names;
        read.team_first_line = new_first;
    }
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ids_are_proposed() {
        let ids: Vec<String> = ["service-desk-emea", "service-desk-apac", "payroll"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            did_you_mean("servce-desk-emea", &ids),
            "did you mean `service-desk-emea`?"
        );
        assert!(did_you_mean("SD-EMEA", &ids).contains("`service-desk-emea`"));
        assert_eq!(did_you_mean("x", &[]), "");
    }

    #[test]
    fn map_errors_are_at_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.csv");
        std::fs::write(
            &path,
            "value,unit\nSD-EMEA-2nd,service-desk-emea\nSD-EMEA-2nd,payroll\nHR,payrol\n,payroll\n",
        )
        .unwrap();
        let ids: Vec<String> = ["payroll", "service-desk-emea"].map(String::from).to_vec();
        let Err(SeamsError::InvalidInput(d)) = read_map(&path, &ids) else {
            panic!("expected errors");
        };
        let e: Vec<(Option<u64>, &str)> =
            d.errors().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(e.len(), 3, "{e:?}");
        assert_eq!(e[0].0, Some(3));
        assert!(e[0].1.contains("mapped again (first on line 2"));
        assert_eq!(e[1].0, Some(4));
        assert!(
            e[1].1.contains("`payrol` is not a unit of the export"),
            "{}",
            e[1].1
        );
        assert!(e[1].1.contains("did you mean `payroll`?"));
        assert_eq!(e[2].0, Some(5));
        std::fs::write(&path, "value,unit\nSD-EMEA-2nd,service-desk-emea\n").unwrap();
        let m = read_map(&path, &ids).unwrap();
        assert_eq!(m.rows[0].unit, "service-desk-emea");
    }
}
