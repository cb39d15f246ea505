//! teams.csv: every unit of the hierarchy, sorted by id, parents resolved, cycles rejected.

use rayon::prelude::*;

use super::blocks;
use super::files::ExportFiles;
use super::table::{self, Column, FileDiagnostics, Opened, Row, Schema};
use super::IdIndex;
use crate::error::{Diagnostic, DiagnosticKind};
use crate::records::{is_customer, Unit, UnitId};

const ID: usize = 0;
const NAME: usize = 1;
const PARENT: usize = 2;
const KIND: usize = 3;
const CUSTOMER_FACING: usize = 4;
const HEADCOUNT: usize = 5;

/// Largest headcount of one unit: far above any real team, and small enough that the
/// headcounts of 2³² units sum within a `u64` (`docs/input-format.md`, "Limits").
pub(super) const MAX_HEADCOUNT: u64 = 1_000_000_000;

/// Units of a cycle named in its message; the rest are counted.
const CYCLE_SHOWN: usize = 10;

pub(super) const SCHEMA: Schema = Schema {
    file: "teams.csv",
    singular: "team",
    columns: &[
        Column::required("id"),
        Column::optional("name"),
        Column::required("parent").with_aliases(&["manager", "reports_to"]),
        Column::optional("kind"),
        Column::optional("customer_facing"),
        Column::optional("headcount"),
    ],
};

pub(super) struct Units {
    pub units: Vec<Unit>,
    pub attributes: Vec<String>,
    /// Id → unit, excusing the ids of rows rejected as unreadable or reserved (other files'
    /// references to them are not reported again as unknown) and every id when rows may be
    /// missing (no unit at all, or a quote left open).
    pub index: IdIndex,
}

struct RawUnit {
    unit: Unit,
    parent: String,
}

/// Reads teams.csv. Returns None when the file is missing or unusable (errors recorded);
/// otherwise the units (possibly with errors recorded, e.g. an unknown parent).
pub(super) fn read(src: &ExportFiles, out: &mut Vec<Diagnostic>) -> Option<Units> {
    let path = src.path(SCHEMA.file);
    let mut diags = FileDiagnostics::new(&path, out);
    let mut table = match table::open(src, &SCHEMA, &mut diags) {
        Opened::Table(t) => t,
        Opened::Missing => {
            diags.report(
                None,
                DiagnosticKind::Io,
                None,
                "missing: every export needs teams.csv (columns id,name,parent,kind,customer_facing,headcount; id and parent required)",
            );
            diags.finish();
            return None;
        }
        Opened::Broken => {
            diags.finish();
            return None;
        }
    };
    let attributes: Vec<String> = table.extra.iter().map(|(n, _)| n.clone()).collect();
    let extra: Vec<usize> = table.extra.iter().map(|(_, i)| *i).collect();
    let mut parser = RowReader {
        extra: &extra,
        raw: Vec::new(),
        reserved: Vec::new(),
    };
    blocks::read_rows(&mut table, &mut diags, &mut parser);
    let RowReader {
        mut raw, reserved, ..
    } = parser;
    let mut skipped = std::mem::take(&mut table.skipped_keys);
    skipped.extend(reserved);
    let incomplete = table.incomplete || raw.is_empty();
    if raw.is_empty() && diags.error_count() == 0 {
        diags.report(
            Some(1),
            DiagnosticKind::Syntax,
            None,
            "the file has a header but no units (teams.csv must list at least one unit)",
        );
    }
    // Sort by id (stable: the first of duplicates stays first), reject duplicates. The
    // records are sorted as an index and then moved in place (no second vector of them: each
    // would be 160 bytes per unit of fresh pages).
    let mut order: Vec<u32> = (0..raw.len() as u32).collect();
    order.par_sort_by(|&a, &b| raw[a as usize].unit.id.cmp(&raw[b as usize].unit.id));
    permute(&mut raw, &mut order);
    drop(order);
    raw.dedup_by(|r, prev| {
        let duplicate = prev.unit.id == r.unit.id;
        if duplicate {
            diags.report(
                Some(r.unit.line),
                DiagnosticKind::Duplicate,
                Some("id"),
                format!(
                    "duplicate id `{}` (first defined on line {}; ids must be unique)",
                    r.unit.id, prev.unit.line
                ),
            );
        }
        duplicate
    });
    let keep = raw;
    let index =
        IdIndex::new(keep.iter().map(|r| r.unit.id.as_str())).excusing(&skipped, incomplete);
    // RawUnit → Unit reuses the vector (a map over `into_iter` collects in place).
    let units: Vec<Unit> = keep
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut unit = r.unit;
            if !r.parent.is_empty() {
                // A parent's id mostly sorts just before its units' ids.
                match index.get_near(&r.parent, i as u32) {
                    Some(p) => unit.parent = Some(p),
                    None if index.excuses(&r.parent) => {}
                    None => {
                        let hint = index.did_you_mean(&r.parent, &diags);
                        diags.unknown(
                            unit.line,
                            "parent",
                            format!(
                                "parent `{}` of `{}` is not an id in teams.csv{hint} (expected the id of another unit, or blank for a root)",
                                table::shorten(&r.parent),
                                unit.id
                            ),
                        )
                    }
                }
            }
            unit
        })
        .collect();
    report_cycles(&units, &mut diags);
    diags.finish();
    Some(Units {
        units,
        attributes,
        index,
    })
}

/// Puts `items` in the order `order` gives (item `k` becomes the one at `order[k]`) by swaps,
/// in place; `order` is left as the identity.
///
/// # Complexity
/// O(N) swaps, no allocation.
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..order.len() {
        let mut j = start;
        // Follow the cycle through `start`: position j takes the item at order[j], and the
        // item first at `start` travels along until its place comes.
        while order[j] as usize != start {
            let k = order[j] as usize;
            items.swap(j, k);
            order[j] = j as u32;
            j = k;
        }
        order[j] = j as u32;
    }
}

/// The rows of teams.csv as read, in file order (blocks of clean rows parsed in parallel by
/// [`blocks`]; every row with something to say through [`RowReader::exact`]).
struct RowReader<'e> {
    /// Field indices of the extra columns.
    extra: &'e [usize],
    raw: Vec<RawUnit>,
    /// Ids refused as reserved (`customer`).
    reserved: Vec<String>,
}

impl RowReader<'_> {
    /// The unit of a row whose id is neither blank nor reserved.
    fn unit(
        &self,
        row: &Row<'_>,
        customer_facing: Option<bool>,
        headcount: Option<u64>,
    ) -> RawUnit {
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        RawUnit {
            unit: Unit {
                id: row.get(ID).to_string(),
                name: text(row.get(NAME)),
                parent: None,
                kind: text(row.get(KIND)),
                customer_facing,
                headcount,
                attributes: self
                    .extra
                    .iter()
                    .map(|&i| row.field(i).to_string())
                    .collect(),
                line: row.line,
            },
            parent: row.get(PARENT).to_string(),
        }
    }
}

impl blocks::RowParser for RowReader<'_> {
    type Block = Vec<RawUnit>;

    fn block(&self) -> Vec<RawUnit> {
        Vec::new()
    }

    fn clean(&self, row: &Row<'_>, block: &mut Vec<RawUnit>) -> bool {
        let id = row.get(ID);
        if id.is_empty() || is_customer(id) {
            return false;
        }
        let Ok(customer_facing) = table::parse_bool(row.get(CUSTOMER_FACING)) else {
            return false;
        };
        let headcount = match table::parse_count(row.get(HEADCOUNT)) {
            Ok(Some(n)) if n > MAX_HEADCOUNT => return false,
            Ok(v) => v,
            Err(_) => return false,
        };
        block.push(self.unit(row, customer_facing, headcount));
        true
    }

    fn absorb(&mut self, block: &mut Vec<RawUnit>) {
        self.raw.append(block);
    }

    fn clear(&self, block: &mut Vec<RawUnit>) {
        block.clear();
    }

    fn reserve_rows(&mut self, rows: usize) {
        self.raw.reserve(rows.saturating_sub(self.raw.len()));
    }

    fn exact(&mut self, row: &Row<'_>, diags: &mut FileDiagnostics<'_>) {
        let id = row.get(ID);
        if id.is_empty() {
            diags.bad_value(row.line, "id", "the id is blank (every unit needs an id)");
            return;
        }
        if is_customer(id) {
            diags.bad_value(
                row.line,
                "id",
                format!("`{id}` is reserved for the customer (rename this unit; leave the customer's own actions out of the export)"),
            );
            self.reserved.push(id.to_string());
            return;
        }
        // A bad value is an error, but the unit is kept so that references to it are not
        // reported as unknown ids as well.
        let customer_facing = match table::parse_bool(row.get(CUSTOMER_FACING)) {
            Ok(v) => v,
            Err(e) => {
                diags.bad_value(row.line, "customer_facing", format!("customer_facing: {e}"));
                None
            }
        };
        let headcount = match table::parse_count(row.get(HEADCOUNT)) {
            Ok(Some(n)) if n > MAX_HEADCOUNT => {
                diags.bad_value(
                    row.line,
                    "headcount",
                    format!("headcount: `{n}` is more than {MAX_HEADCOUNT}, the largest headcount accepted (expected the number of people in the unit)"),
                );
                None
            }
            Ok(v) => v,
            Err(e) => {
                diags.bad_value(row.line, "headcount", format!("headcount: {e}"));
                None
            }
        };
        let unit = self.unit(row, customer_facing, headcount);
        self.raw.push(unit);
    }
}

/// Finds every cycle of the parent relation (iteratively) and reports each once, at the line of
/// its smallest id, naming its first [`CYCLE_SHOWN`] units (from the smallest id, in parent
/// order) and counting the rest, so a cycle of 200 000 units is still a one-line message.
fn report_cycles(units: &[Unit], diags: &mut FileDiagnostics<'_>) {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; units.len()];
    let mut path: Vec<UnitId> = Vec::new();
    for start in 0..units.len() {
        if state[start] != 0 {
            continue;
        }
        path.clear();
        let mut cur = Some(start as UnitId);
        while let Some(u) = cur {
            match state[u as usize] {
                0 => {
                    state[u as usize] = 1;
                    path.push(u);
                    cur = units[u as usize].parent;
                }
                1 => {
                    // u is on the path: the cycle is path[pos..].
                    let pos = path.iter().position(|&p| p == u).unwrap_or(0);
                    let cycle = &path[pos..];
                    let first = cycle.iter().copied().min().unwrap_or(u);
                    let start_at = cycle.iter().position(|&p| p == first).unwrap_or(0);
                    let name = |p: UnitId| table::shorten(&units[p as usize].id);
                    let mut names: Vec<String> = cycle[start_at..]
                        .iter()
                        .chain(cycle[..start_at].iter())
                        .take(CYCLE_SHOWN)
                        .map(|&p| name(p))
                        .collect();
                    let message = if cycle.len() == 1 {
                        format!(
                            "`{}` is its own parent (a unit cannot report to itself; leave parent blank for a root, or give it another parent)",
                            names[0]
                        )
                    } else {
                        let units_of = if cycle.len() > CYCLE_SHOWN {
                            names.push(format!("… ({} more)", cycle.len() - CYCLE_SHOWN));
                            format!(" of {} units", cycle.len())
                        } else {
                            String::new()
                        };
                        names.push(name(first));
                        format!(
                            "the parent hierarchy has a cycle{units_of}: {} (a unit cannot report to itself, directly or through others; make one of them a root or give it another parent)",
                            names.join(" → ")
                        )
                    };
                    diags.report(
                        Some(units[first as usize].line),
                        DiagnosticKind::Cycle,
                        Some("parent"),
                        message,
                    );
                    break;
                }
                _ => break,
            }
        }
        for &p in &path {
            state[p as usize] = 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_puts_items_where_the_order_says() {
        let mut rng = crate::rng::Rng::new(5);
        for n in [0usize, 1, 2, 3, 10, 257] {
            let mut order: Vec<u32> = (0..n as u32).collect();
            rng.shuffle(&mut order);
            let items: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i as usize].clone()).collect();
            let mut got = items.clone();
            permute(&mut got, &mut order);
            assert_eq!(got, expected, "n = {n}");
            assert!(order.iter().enumerate().all(|(k, &o)| o as usize == k));
        }
    }
}
