//! Applying [`Change`]s to an export's CSV rows (docs/whatif.md), in file order, each checked
//! against the export as the changes before it left it. Every row keeps every column of the
//! original (extra columns included); only the cells a change names are rewritten.
//!
//! Working on rows rather than on the analysed model is what makes `whatif` exact: the changed
//! rows are read back by the real ingest, so merging repeated handoffs, dropping self-handoffs,
//! deriving handoffs from journeys and every validation rule are ingest's own, and the result
//! is the analysis of the same edit made by hand to the files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::changes::{suggestion, Change, Id, What};
use crate::error::{Diagnostic, Diagnostics, SeamsError};
use crate::import::writer::cell;
use crate::ingest::table::{normalise_header, parse_count, strip_formula_quote};
use crate::ingest::{read_export_from, ExportFiles};
use crate::records::is_customer;
use crate::value::neutralise;

/// The files of an export, in the order they are written.
pub const FILES: [&str; 5] = [
    "teams.csv",
    "systems.csv",
    "dependencies.csv",
    "handoffs.csv",
    "journeys.csv",
];

/// Largest headcount of one unit (ingest's limit, docs/input-format.md "Limits"): a merge
/// whose summed headcount passes it is refused.
const MAX_HEADCOUNT: u64 = 1_000_000_000;

/// One CSV file as rows of trimmed cells, exactly as written (formula quotes kept).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvTable {
    /// The header's names, trimmed, without a byte-order mark.
    pub header: Vec<String>,
    /// The data rows (blank lines dropped), each as wide as the header.
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Parses CSV text (the first row is the header). Lines of only spaces are dropped, as
    /// ingest drops them.
    ///
    /// # Errors
    /// The csv crate's error (only for a file ingest would have rejected).
    pub fn parse(bytes: &[u8]) -> Result<CsvTable, csv::Error> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = reader.records();
        let header: Vec<String> = match records.next() {
            Some(r) => r?
                .iter()
                .map(|f| f.trim().trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
            None => Vec::new(),
        };
        let mut rows = Vec::new();
        for r in records {
            let r = r?;
            if r.len() == 1 && r[0].trim().is_empty() && header.len() > 1 {
                continue;
            }
            let mut row: Vec<String> = r.iter().map(|f| f.trim().to_string()).collect();
            row.resize(header.len().max(row.len()), String::new());
            rows.push(row);
        }
        Ok(CsvTable { header, rows })
    }

    /// Writes the table as CSV, every cell (and header name) neutralised against spreadsheet
    /// formulas ([`neutralise`]: a value that starts with `=`, `+`, `-` or `@` gets a leading
    /// `'`). For the columns ingest knows this reads back as the same value (ingest drops that
    /// `'`, docs/input-format.md); cells already neutralised are left as they are.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut write = |cells: &[String]| {
            let _ = w.write_record(cells.iter().map(|c| neutralise(c)));
        };
        write(&self.header);
        for r in &self.rows {
            write(r);
        }
        w.into_inner().unwrap_or_default()
    }

    /// The field index of column `name` of a file whose rows are `singular`s, matched as ingest
    /// matches headers: `X`, `X_id` or `<singular>_X` after normalising (docs/input-format.md).
    pub fn column(&self, name: &str, singular: &str) -> Option<usize> {
        self.header.iter().position(|h| {
            let n = normalise_header(h);
            n == name
                || n.strip_suffix("_id") == Some(name)
                || n.strip_prefix(singular).and_then(|r| r.strip_prefix('_')) == Some(name)
        })
    }

    /// The index of column `name`, added at the end (blank in every row) when missing.
    fn ensure_column(&mut self, name: &str, singular: &str) -> usize {
        if let Some(c) = self.column(name, singular) {
            return c;
        }
        self.header.push(name.to_string());
        for r in &mut self.rows {
            r.push(String::new());
        }
        self.header.len() - 1
    }
}

/// The value of a cell as ingest reads it in a known column.
fn value(cell: &str) -> &str {
    strip_formula_quote(cell)
}

/// An export's files as rows.
#[derive(Debug, Clone, Default)]
pub struct ExportRows {
    /// The files present, by name (one of [`FILES`]).
    pub tables: BTreeMap<&'static str, CsvTable>,
}

impl ExportRows {
    /// Reads the files of the export in `dir` (only regular files: ingest has refused the rest).
    ///
    /// # Errors
    /// [`SeamsError::Io`] when a file cannot be read, [`SeamsError::InvalidInput`] when it is
    /// not CSV (an export ingest has accepted always is).
    pub fn read(dir: &Path) -> Result<ExportRows, SeamsError> {
        let mut tables = BTreeMap::new();
        for name in FILES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| SeamsError::Io {
                path: path.clone(),
                source: e,
            })?;
            let table = CsvTable::parse(&bytes).map_err(|e| {
                SeamsError::InvalidInput(Diagnostics {
                    items: vec![Diagnostic::error(
                        &path,
                        e.position().map(|p| p.line()),
                        format!("cannot be read as CSV: {e} (expected comma-separated text)"),
                    )],
                })
            })?;
            tables.insert(name, table);
        }
        Ok(ExportRows { tables })
    }

    /// The files as CSV bytes, in [`FILES`] order: what `--write` writes and what the
    /// after-analysis reads.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        FILES
            .iter()
            .filter_map(|name| Some((name.to_string(), self.tables.get(name)?.to_csv())))
            .collect()
    }

    /// The export in memory, for ingest (`label` names it in diagnostics).
    pub fn export_files(&self, label: impl Into<PathBuf>) -> ExportFiles {
        ExportFiles::memory(label, self.files())
    }
}

/// The export's hierarchy and systems as the changes so far left them, for checking the next
/// change.
struct State {
    /// Every unit's parent (None: a root), by id.
    parent: BTreeMap<String, Option<String>>,
    /// Every system id.
    systems: BTreeSet<String>,
    /// Units merged away: (the unit they became, the line of that merge).
    gone: BTreeMap<String, (String, u64)>,
}

impl State {
    fn of(rows: &ExportRows) -> State {
        let mut parent = BTreeMap::new();
        if let Some(t) = rows.tables.get("teams.csv") {
            if let (Some(i), Some(p)) = (t.column("id", "team"), t.column("parent", "team")) {
                for r in &t.rows {
                    let p = value(&r[p]);
                    parent.insert(
                        value(&r[i]).to_string(),
                        (!p.is_empty()).then(|| p.to_string()),
                    );
                }
            }
        }
        let mut systems = BTreeSet::new();
        if let Some(t) = rows.tables.get("systems.csv") {
            if let Some(i) = t.column("id", "system") {
                systems.extend(t.rows.iter().map(|r| value(&r[i]).to_string()));
            }
        }
        State {
            parent,
            systems,
            gone: BTreeMap::new(),
        }
    }

    /// The chain from `unit` up to its root, `unit` first.
    fn ancestors(&self, unit: &str) -> Vec<String> {
        let mut chain = vec![unit.to_string()];
        let mut at = unit;
        while let Some(Some(p)) = self.parent.get(at) {
            if chain.len() > self.parent.len() {
                break; // never loops: ingest rejected cycles, and moves never make one
            }
            chain.push(p.clone());
            at = p;
        }
        chain
    }

    /// Checks that `id` names a unit (`key` is the field it was given in).
    fn unit(&self, id: &Id, key: &str, kind: &str) -> Result<(), (u64, String)> {
        if self.parent.contains_key(&id.id) {
            return Ok(());
        }
        let message = match self.gone.get(&id.id) {
            Some((into, line)) => format!(
                "[[{kind}]]: `{key}` unit `{}` was merged into `{into}` by the change at line {line} (expected a unit that still exists, e.g. `{into}`)",
                id.id
            ),
            None => format!(
                "[[{kind}]]: `{key}` unit `{}` is not in teams.csv (expected a unit id of the export{})",
                id.id,
                suggestion(&id.id, self.parent.keys().map(String::as_str))
            ),
        };
        Err((id.line, message))
    }
}

/// Applies the changes to the rows, in order.
///
/// # Errors
/// [`SeamsError::InvalidInput`] with one `changes:LINE` diagnostic per change that cannot be
/// applied (an unknown id, a move that would make a cycle, a unit merged into its descendant or
/// twice, …), all of them: a change that fails is skipped and the next ones are checked
/// against the export without it.
///
/// # Complexity
/// O(C × R) for C changes over an export of R rows (each change scans the rows it may touch),
/// plus one ingest of the export for a `[[channel]]` on an export without handoffs.csv.
pub fn apply(rows: &mut ExportRows, changes: &[Change], path: &Path) -> Result<(), SeamsError> {
    let mut state = State::of(rows);
    let mut diags = Vec::new();
    for change in changes {
        let outcome = match &change.what {
            What::Move { unit, parent } => apply_move(rows, &mut state, unit, parent.as_ref()),
            What::Merge { units, into } => apply_merge(rows, &mut state, units, into, change.line),
            What::Channel {
                from,
                to,
                volume,
                wait_hours,
            } => apply_channel(rows, &state, change.line, (from, to), *volume, *wait_hours),
            What::Owner { system, owners } => apply_owner(rows, &state, system, owners),
        };
        if let Err(errors) = outcome {
            for (line, message) in errors {
                diags.push(Diagnostic::error(path, Some(line), message));
            }
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(SeamsError::InvalidInput(Diagnostics { items: diags }))
    }
}

type Problems = Vec<(u64, String)>;

fn teams(rows: &mut ExportRows) -> (&mut CsvTable, usize, usize) {
    let t = rows.tables.entry("teams.csv").or_default();
    let id = t.column("id", "team").unwrap_or(0);
    let parent = t.ensure_column("parent", "team");
    (t, id, parent)
}

fn apply_move(
    rows: &mut ExportRows,
    state: &mut State,
    unit: &Id,
    parent: Option<&Id>,
) -> Result<(), Problems> {
    let mut problems = Vec::new();
    if let Err(p) = state.unit(unit, "unit", "move") {
        problems.push(p);
    }
    if let Some(parent) = parent {
        if let Err(p) = state.unit(parent, "parent", "move") {
            problems.push(p);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(p) = parent {
        let chain = state.ancestors(&p.id);
        if let Some(at) = chain.iter().position(|u| *u == unit.id) {
            let path: Vec<&str> = chain[..=at].iter().rev().map(String::as_str).collect();
            let message = if at == 0 {
                format!(
                    "[[move]]: `{}` cannot be its own parent (expected a parent outside its subtree, or \"\" for a root)",
                    unit.id
                )
            } else {
                format!(
                    "[[move]]: moving `{}` under `{}` would make a cycle: `{}` is inside its subtree ({}) (expected a parent outside the subtree of `{}`, or \"\" for a root)",
                    unit.id,
                    p.id,
                    p.id,
                    path.join(" > "),
                    unit.id
                )
            };
            return Err(vec![(p.line, message)]);
        }
    }
    let new_parent = parent.map(|p| p.id.clone());
    let (t, id, pc) = teams(rows);
    for r in &mut t.rows {
        if value(&r[id]) == unit.id {
            r[pc] = cell(new_parent.as_deref().unwrap_or("")).into_owned();
        }
    }
    state.parent.insert(unit.id.clone(), new_parent);
    Ok(())
}

fn apply_merge(
    rows: &mut ExportRows,
    state: &mut State,
    units: &[Id],
    into: &Id,
    line: u64,
) -> Result<(), Problems> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for u in units {
        if let Err(p) = state.unit(u, "units", "merge") {
            if !problems.contains(&p) {
                problems.push(p);
            }
        }
    }
    if !units.iter().any(|u| u.id == into.id) {
        if let Err(p) = state.unit(into, "into", "merge") {
            problems.push(p);
        }
    }
    for u in units {
        if !seen.insert(u.id.as_str()) {
            problems.push((
                u.line,
                format!(
                    "[[merge]]: unit `{}` is listed twice (expected each unit once)",
                    u.id
                ),
            ));
        }
    }
    let absorbed: BTreeSet<&str> = seen.iter().copied().filter(|u| *u != into.id).collect();
    if absorbed.is_empty() && problems.is_empty() {
        problems.push((
            into.line,
            format!(
                "[[merge]]: nothing to merge into `{}` (expected `units` to list at least one other unit)",
                into.id
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let chain = state.ancestors(&into.id);
    if let Some(above) = chain.iter().find(|a| absorbed.contains(a.as_str())) {
        return Err(vec![(
            into.line,
            format!(
                "[[merge]]: `{}` is inside the subtree of `{above}`, which it would absorb: a unit cannot be merged into its descendant (expected `into` to be `{above}` or a unit outside the subtrees of the others)",
                into.id
            ),
        )]);
    }
    let relabel =
        |v: &str| -> Option<String> { absorbed.contains(v).then(|| cell(&into.id).into_owned()) };

    // teams.csv: headcounts summed into `into`, children re-parented, merged rows removed.
    let (t, id, pc) = teams(rows);
    if let Some(hc) = t.column("headcount", "team") {
        let mut known = None::<u64>;
        for r in t.rows.iter() {
            let v = value(&r[id]);
            if v == into.id || absorbed.contains(v) {
                if let Ok(Some(n)) = parse_count(value(&r[hc])) {
                    known = Some(known.unwrap_or(0).saturating_add(n));
                }
            }
        }
        if let Some(total) = known {
            if total > MAX_HEADCOUNT {
                return Err(vec![(
                    line,
                    format!("[[merge]]: the merged headcount {total} is more than {MAX_HEADCOUNT}, the largest headcount of one unit (expected units whose headcounts sum to at most that)"),
                )]);
            }
            for r in &mut t.rows {
                if value(&r[id]) == into.id {
                    r[hc] = total.to_string();
                }
            }
        }
    }
    t.rows.retain(|r| !absorbed.contains(value(&r[id])));
    for r in &mut t.rows {
        if let Some(new) = relabel(value(&r[pc])) {
            r[pc] = new;
        }
    }

    // systems.csv: owners relabelled, each listed once.
    if let Some(t) = rows.tables.get_mut("systems.csv") {
        if let Some(oc) = t.column("owner", "system") {
            for r in &mut t.rows {
                let owners: Vec<&str> = value(&r[oc])
                    .split(';')
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .collect();
                if !owners.iter().any(|o| absorbed.contains(o)) {
                    continue;
                }
                let mut out: Vec<&str> = Vec::new();
                for o in owners {
                    let o = if absorbed.contains(o) {
                        into.id.as_str()
                    } else {
                        o
                    };
                    if !out.contains(&o) {
                        out.push(o);
                    }
                }
                r[oc] = cell(&out.join(";")).into_owned();
            }
        }
    }

    // handoffs.csv: both ends relabelled; handoffs that became self-handoffs dropped.
    if let Some(t) = rows.tables.get_mut("handoffs.csv") {
        if let (Some(fc), Some(tc)) = (t.column("from", "handoff"), t.column("to", "handoff")) {
            t.rows.retain_mut(|r| {
                let mut changed = false;
                for c in [fc, tc] {
                    if let Some(new) = relabel(value(&r[c])) {
                        r[c] = new;
                        changed = true;
                    }
                }
                !(changed && party(value(&r[fc])) == party(value(&r[tc])))
            });
        }
    }

    // journeys.csv: steps relabelled.
    if let Some(t) = rows.tables.get_mut("journeys.csv") {
        if let Some(tc) = t.column("team", "journey") {
            for r in &mut t.rows {
                if let Some(new) = relabel(value(&r[tc])) {
                    r[tc] = new;
                }
            }
        }
    }

    for u in &absorbed {
        state.parent.remove(*u);
        state.gone.insert(u.to_string(), (into.id.clone(), line));
    }
    for p in state.parent.values_mut() {
        if p.as_deref().is_some_and(|p| absorbed.contains(p)) {
            *p = Some(into.id.clone());
        }
    }
    for (target, _) in state.gone.values_mut() {
        if absorbed.contains(target.as_str()) {
            *target = into.id.clone();
        }
    }
    Ok(())
}

/// A handoff party as ingest compares them: `customer` in any case is the customer.
fn party(id: &str) -> &str {
    if is_customer(id) {
        "customer"
    } else {
        id
    }
}

fn apply_channel(
    rows: &mut ExportRows,
    state: &State,
    line: u64,
    (from, to): (&Id, &Id),
    volume: f64,
    wait_hours: Option<f64>,
) -> Result<(), Problems> {
    let mut problems = Vec::new();
    for (end, key) in [(from, "from"), (to, "to")] {
        if !is_customer(&end.id) {
            if let Err((l, m)) = state.unit(end, key, "channel") {
                problems.push((
                    l,
                    m.replace("(expected a unit id", "(expected `customer` or a unit id"),
                ));
            }
        }
    }
    if problems.is_empty() && party(&from.id) == party(&to.id) {
        problems.push((
            to.line,
            format!(
                "[[channel]]: `from` and `to` are both `{}` (expected two different parties: a handoff needs someone to hand over to)",
                to.id
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if !rows.tables.contains_key("handoffs.csv") {
        let table = derived_handoffs(rows).map_err(|m| vec![(line, m)])?;
        rows.tables.insert("handoffs.csv", table);
    }
    let t = rows.tables.entry("handoffs.csv").or_default();
    let fc = t.ensure_column("from", "handoff");
    let tc = t.ensure_column("to", "handoff");
    let before = t.rows.len();
    let pair = (party(&from.id), party(&to.id));
    t.rows
        .retain(|r| (party(value(&r[fc])), party(value(&r[tc]))) != pair);
    let removed = before - t.rows.len();
    if volume == 0.0 {
        if removed == 0 {
            return Err(vec![(
                line,
                format!(
                    "[[channel]]: there is no handoff from `{}` to `{}` to close (expected a pair with a handoff, or a volume above 0 to open one)",
                    from.id, to.id
                ),
            )]);
        }
        return Ok(());
    }
    let vc = t.ensure_column("volume", "handoff");
    let wc = wait_hours.map(|_| t.ensure_column("wait_hours", "handoff"));
    let mut row = vec![String::new(); t.header.len()];
    row[fc] = cell(&from.id).into_owned();
    row[tc] = cell(&to.id).into_owned();
    row[vc] = volume.to_string();
    if let (Some(wc), Some(w)) = (wc, wait_hours) {
        row[wc] = w.to_string();
    }
    t.rows.push(row);
    Ok(())
}

/// The handoffs ingest derives from the journeys (docs/input-format.md, "How rows combine"),
/// as handoffs.csv rows: one per pair of consecutive steps by different teams, with the
/// journey's volume and the receiving step's wait, in the order of the receiving steps' lines,
/// so that ingest merges them exactly as it merged the derived ones (empty without journeys).
fn derived_handoffs(rows: &ExportRows) -> Result<CsvTable, String> {
    let mut table = CsvTable {
        header: ["from", "to", "volume", "wait_hours"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
    };
    if !rows.tables.contains_key("journeys.csv") {
        return Ok(table);
    }
    let loaded = read_export_from(&rows.export_files("export")).map_err(|e| {
        format!("[[channel]]: the handoffs derived from journeys.csv cannot be read before this change: {e}")
    })?;
    let e = loaded.export;
    let id = |u: u32| e.units[u as usize].id.as_str();
    let mut seams: Vec<(u64, [String; 4])> = Vec::new();
    for j in &e.journeys {
        for w in j.steps.windows(2) {
            if w[0].team != w[1].team {
                seams.push((
                    w[1].line,
                    [
                        cell(id(w[0].team)).into_owned(),
                        cell(id(w[1].team)).into_owned(),
                        j.volume.to_string(),
                        w[1].wait_hours.map_or(String::new(), |x| x.to_string()),
                    ],
                ));
            }
        }
    }
    seams.sort_by_key(|(line, _)| *line);
    table.rows = seams.into_iter().map(|(_, r)| r.to_vec()).collect();
    Ok(table)
}

fn apply_owner(
    rows: &mut ExportRows,
    state: &State,
    system: &Id,
    owners: &[Id],
) -> Result<(), Problems> {
    let mut problems = Vec::new();
    if !state.systems.contains(&system.id) {
        problems.push((
            system.line,
            format!(
                "[[owner]]: system `{}` is not in systems.csv (expected a system id of the export{})",
                system.id,
                suggestion(&system.id, state.systems.iter().map(String::as_str))
            ),
        ));
    }
    for o in owners {
        if let Err(p) = state.unit(o, "owner", "owner") {
            problems.push(p);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut list: Vec<&str> = Vec::new();
    for o in owners {
        if !list.contains(&o.id.as_str()) {
            list.push(&o.id);
        }
    }
    let new = cell(&list.join(";")).into_owned();
    if let Some(t) = rows.tables.get_mut("systems.csv") {
        if let (Some(ic), Some(oc)) = (t.column("id", "system"), t.column("owner", "system")) {
            for r in &mut t.rows {
                if value(&r[ic]) == system.id {
                    r[oc] = new.clone();
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatif::changes::parse;

    fn rows(files: &[(&'static str, &str)]) -> ExportRows {
        ExportRows {
            tables: files
                .iter()
                .map(|(n, t)| (*n, CsvTable::parse(t.as_bytes()).unwrap()))
                .collect(),
        }
    }

    fn run(r: &mut ExportRows, changes: &str) -> Result<(), Vec<String>> {
        let c = parse(changes, Path::new("c.toml")).unwrap();
        apply(r, &c, Path::new("c.toml")).map_err(|e| match e {
            SeamsError::InvalidInput(d) => d.items.iter().map(|d| d.to_string()).collect(),
            e => vec![e.to_string()],
        })
    }

    fn text(r: &ExportRows, file: &str) -> String {
        String::from_utf8(r.tables[file].to_csv()).unwrap()
    }

    const TEAMS: &str = "id,parent,headcount,extra\nhq,,,x\na,hq,3,\nb,hq,4,=y\nc,b,,\n";

    #[test]
    fn a_merge_relabels_everything_and_keeps_extra_columns() {
        let mut r = rows(&[
            ("teams.csv", TEAMS),
            ("systems.csv", "id,owner\ns,b;a\nt,c\n"),
            (
                "handoffs.csv",
                "from,to,volume\na,b,2\ncustomer,b,1\nc,a,1\n",
            ),
            ("journeys.csv", "journey,step,team\nj,1,b\nj,2,c\n"),
        ]);
        run(&mut r, "[[merge]]\nunits = [\"a\", \"b\"]\ninto = \"a\"\n").unwrap();
        assert_eq!(
            text(&r, "teams.csv"),
            "id,parent,headcount,extra\nhq,,,x\na,hq,7,\nc,a,,\n"
        );
        assert_eq!(text(&r, "systems.csv"), "id,owner\ns,a\nt,c\n");
        assert_eq!(
            text(&r, "handoffs.csv"),
            "from,to,volume\ncustomer,a,1\nc,a,1\n"
        );
        assert_eq!(
            text(&r, "journeys.csv"),
            "journey,step,team\nj,1,a\nj,2,c\n"
        );
    }

    #[test]
    fn cells_are_neutralised_and_read_back_the_same() {
        let r = rows(&[("teams.csv", "id,parent,note\n=a,,'=x\n'-b,=a,+1\n")]);
        assert_eq!(
            text(&r, "teams.csv"),
            "id,parent,note\n'=a,,'=x\n'-b,'=a,'+1\n"
        );
    }

    #[test]
    fn a_channel_replaces_the_rows_of_its_pair() {
        let mut r = rows(&[
            ("teams.csv", TEAMS),
            ("handoffs.csv", "from,to\na,b\nCustomer,b\na,b\n"),
        ]);
        run(
            &mut r,
            "[[channel]]\nfrom = \"a\"\nto = \"b\"\nvolume = 2.5\nwait_hours = 1\n[[channel]]\nfrom = \"customer\"\nto = \"b\"\nvolume = 0\n",
        )
        .unwrap();
        assert_eq!(
            text(&r, "handoffs.csv"),
            "from,to,volume,wait_hours\na,b,2.5,1\n"
        );
    }

    #[test]
    fn a_channel_on_derived_handoffs_writes_them_out_first() {
        let mut r = rows(&[
            ("teams.csv", TEAMS),
            (
                "journeys.csv",
                "journey,step,team,wait_hours,volume\nj,1,a,,3\nj,2,b,2,3\nj,3,c,,3\n",
            ),
        ]);
        run(
            &mut r,
            "[[channel]]\nfrom = \"c\"\nto = \"a\"\nvolume = 1\n",
        )
        .unwrap();
        assert_eq!(
            text(&r, "handoffs.csv"),
            "from,to,volume,wait_hours\na,b,3,2\nb,c,3,\nc,a,1,\n"
        );
    }

    #[test]
    fn every_bad_change_is_reported() {
        let mut r = rows(&[("teams.csv", TEAMS), ("systems.csv", "id,owner\ns,a\n")]);
        let errors = run(
            &mut r,
            r#"[[move]]
unit = "b"
parent = "c"
[[merge]]
units = ["a", "hq"]
into = "a"
[[merge]]
units = ["a", "b"]
into = "a"
[[move]]
unit = "b"
parent = ""
[[owner]]
system = "z"
owner = "a;q"
[[channel]]
from = "customer"
to = "Customer"
volume = 1
"#,
        )
        .unwrap_err();
        assert_eq!(errors.len(), 6, "{errors:#?}");
        assert!(
            errors[0].starts_with("c.toml:3: [[move]]: moving `b` under `c` would make a cycle"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("c.toml:6: [[merge]]: `a` is inside the subtree of `hq`"),
            "{errors:?}"
        );
        assert!(
            errors[2].starts_with(
                "c.toml:11: [[move]]: `unit` unit `b` was merged into `a` by the change at line 7"
            ),
            "{errors:?}"
        );
        assert!(
            errors[3].starts_with("c.toml:14: [[owner]]: system `z` is not in systems.csv"),
            "{errors:?}"
        );
        assert!(
            errors[4].contains("`owner` unit `q` is not in teams.csv"),
            "{errors:?}"
        );
        assert!(errors[5].contains("`from` and `to` are both"), "{errors:?}");
    }

    #[test]
    fn unknown_ids_get_the_closest_suggestion() {
        let mut r = rows(&[("teams.csv", "id,parent\nhq,\nstore-tills,hq\n")]);
        let e = run(&mut r, "[[move]]\nunit = \"store-tils\"\nparent = \"\"\n").unwrap_err();
        assert!(e[0].contains("did you mean `store-tills`?"), "{e:?}");
    }
}
