//! handoffs.csv: rows resolved to parties and merged per (from, to) (docs/input-format.md), and the
//! derivation of handoffs from journeys when the file is absent.

use rustc_hash::FxHashMap;

use super::blocks;
use super::files::ExportFiles;
use super::table::{self, Column, FileDiagnostics, Opened, Row, Schema};
use super::IdIndex;
use crate::error::{Diagnostic, DiagnosticKind};
use crate::records::{is_customer, ChannelList, Handoff, Journey, Party};

const FROM: usize = 0;
const TO: usize = 1;
const VOLUME: usize = 2;
const WAIT: usize = 3;
const CHANNEL: usize = 4;

pub(super) const SCHEMA: Schema = Schema {
    file: "handoffs.csv",
    singular: "handoff",
    columns: &[
        Column::required("from").with_aliases(&["source"]),
        Column::required("to").with_aliases(&["target"]),
        Column::optional("volume"),
        Column::optional("wait_hours"),
        Column::optional("channel"),
    ],
};

/// Party encoded for sorting: the customer sorts first.
const CUSTOMER_KEY: u32 = 0;

fn key(p: Party) -> u32 {
    match p {
        Party::Customer => CUSTOMER_KEY,
        Party::Unit(u) => u + 1,
    }
}

/// One row (or one derived seam) before merging.
#[derive(Debug, Clone, Copy)]
pub struct HandoffRow {
    /// Who hands over.
    pub from: Party,
    /// Who receives.
    pub to: Party,
    /// Volume (blank = 1 already applied).
    pub volume: f64,
    /// Wait, when known.
    pub wait_hours: Option<f64>,
    /// Interned channel (index into the channel names), if any.
    pub channel: Option<u32>,
    /// Line of the row.
    pub line: u64,
}

/// Rows of one (from, to) pair named in an overflow message; the rest are counted.
const OVERFLOW_LINES_SHOWN: usize = 10;

/// The outcome of [`merge_handoffs`]: the merged handoffs, and the pairs whose sums passed the
/// largest finite number (bad input: reported, never analysed).
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// One handoff per (from, to), sorted with the customer first, then by unit id.
    pub handoffs: Vec<Handoff>,
    /// The distinct channel lists the handoffs index ([`crate::records::Export::channel_lists`]).
    pub channel_lists: Vec<String>,
    /// Pairs whose volume sum, or sum of wait × volume, is not finite.
    pub overflows: Vec<Overflow>,
}

/// A (from, to) pair whose merged figures passed the largest `f64` although each row was finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflow {
    /// Who hands over.
    pub from: Party,
    /// Who receives.
    pub to: Party,
    /// The first lines of the pair's rows, ascending (at most 10).
    pub lines: Vec<u64>,
    /// Number of rows of the pair.
    pub rows: u32,
    /// The volumes themselves overflowed (else the wait × volume products did).
    pub volume: bool,
}

impl Overflow {
    /// The message, naming the parties with `name` and the rows by line.
    pub fn message(&self, name: impl Fn(Party) -> String) -> String {
        let mut lines: Vec<String> = self.lines.iter().map(u64::to_string).collect();
        if self.rows as usize > self.lines.len() {
            lines.push(format!(
                "… ({} more)",
                self.rows as usize - self.lines.len()
            ));
        }
        let what = if self.volume {
            "volumes"
        } else {
            "wait_hours × volume products"
        };
        format!(
            "the {what} of the {} rows of `{}` → `{}` (lines {}) sum past the largest number (expected figures whose sum stays finite: volumes and waits of at most 1e15, over fewer rows)",
            self.rows,
            name(self.from),
            name(self.to),
            lines.join(", ")
        )
    }
}

pub(super) struct HandoffFile {
    pub merged: Vec<Handoff>,
    pub channel_lists: Vec<String>,
    pub rows: u64,
}

/// Reads handoffs.csv; None when absent. Self rows are warned about and dropped.
pub(super) fn read(
    src: &ExportFiles,
    units: Option<&IdIndex>,
    out: &mut Vec<Diagnostic>,
) -> Option<HandoffFile> {
    let path = src.path(SCHEMA.file);
    let mut diags = FileDiagnostics::new(&path, out);
    let mut table = match table::open(src, &SCHEMA, &mut diags) {
        Opened::Table(t) => t,
        Opened::Missing => return None,
        Opened::Broken => {
            diags.finish();
            return Some(HandoffFile {
                merged: Vec::new(),
                channel_lists: Vec::new(),
                rows: 0,
            });
        }
    };
    let mut parser = RowReader {
        units,
        rows: Vec::new(),
        channels: Channels::default(),
        self_rows: 0,
    };
    let n = blocks::read_rows(&mut table, &mut diags, &mut parser);
    let RowReader {
        rows,
        channels,
        self_rows,
        ..
    } = parser;
    if self_rows > 20 {
        diags.warning(
            None,
            format!("{} more self-handoff rows ignored", self_rows - 20),
        );
    }
    let merged = merge_handoffs(rows, &channels.names);
    for o in &merged.overflows {
        let name = |p: Party| match p {
            Party::Customer => "customer".to_string(),
            Party::Unit(u) => units
                .and_then(|index| index.id_of(u))
                .map_or_else(|| format!("unit {u}"), table::shorten),
        };
        diags.report(
            o.lines.first().copied(),
            DiagnosticKind::Limit,
            Some("volume"),
            o.message(name),
        );
    }
    diags.finish();
    Some(HandoffFile {
        merged: merged.handoffs,
        channel_lists: merged.channel_lists,
        rows: n,
    })
}

/// Channel names interned in the order they are first seen.
#[derive(Debug, Default)]
struct Channels {
    names: Vec<String>,
    /// Name → index, once there are more than [`Channels::SCAN`] names (a few channels are
    /// found faster by comparing them all).
    ids: FxHashMap<Box<str>, u32>,
}

impl Channels {
    const SCAN: usize = 16;

    fn intern(&mut self, name: &str) -> u32 {
        if self.names.len() <= Self::SCAN {
            if let Some(i) = self.names.iter().position(|n| n == name) {
                return i as u32;
            }
        } else if let Some(&i) = self.ids.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        if self.names.len() == Self::SCAN + 1 {
            for (k, n) in self.names.iter().enumerate() {
                self.ids.insert(n.as_str().into(), k as u32);
            }
        } else if self.names.len() > Self::SCAN + 1 {
            self.ids.insert(name.into(), i);
        }
        i
    }
}

/// The rows of handoffs.csv as read, before the merge: resolved parties, numbers, interned
/// channels, lines. Blocks of clean rows are parsed in parallel ([`blocks`]); every row with
/// something to say goes through [`RowReader::exact`].
struct RowReader<'u> {
    units: Option<&'u IdIndex>,
    rows: Vec<HandoffRow>,
    channels: Channels,
    self_rows: u64,
}

/// One clean block of rows: channels are numbered in the block and renumbered on absorbing.
#[derive(Default)]
struct RowBlock {
    rows: Vec<HandoffRow>,
    channels: Channels,
    /// The file's number of each of the block's channels, as far as known.
    renumber: Vec<u32>,
    /// The last `from` id resolved, and its party (rows come grouped by sender).
    last_from: Vec<u8>,
    last_party: Option<Party>,
    /// Receivers left to look up for the whole block at once ([`IdIndex::get_batch`]): the
    /// row (in `rows`) and the id's span in `pending_ids`.
    pending: Vec<u32>,
    pending_spans: Vec<(u32, u32)>,
    pending_ids: Vec<u8>,
    found: Vec<Option<u32>>,
}

/// The party an id names, when it resolves without a word to say.
#[inline]
fn resolve(id: &str, units: &IdIndex) -> Option<Party> {
    if id.is_empty() {
        None
    } else if is_customer(id) {
        Some(Party::Customer)
    } else {
        units.get(id).map(Party::Unit)
    }
}

impl RowReader<'_> {
    /// The rest of [`blocks::RowParser::clean`] once the parties are known: the numbers and
    /// the channel, and the row itself.
    #[inline]
    fn push_clean(&self, row: &Row<'_>, block: &mut RowBlock, from: Party, to: Party) -> bool {
        let (Ok(volume), Ok(wait_hours)) = (row.number(VOLUME), row.number(WAIT)) else {
            return false;
        };
        let channel_text = row.get(CHANNEL);
        let channel = (!channel_text.is_empty()).then(|| block.channels.intern(channel_text));
        block.rows.push(HandoffRow {
            from,
            to,
            volume: volume.unwrap_or(1.0),
            wait_hours,
            channel,
            line: row.line,
        });
        true
    }
}

impl blocks::RowParser for RowReader<'_> {
    type Block = RowBlock;

    fn block(&self) -> RowBlock {
        RowBlock::default()
    }

    fn clean(&self, row: &Row<'_>, block: &mut RowBlock) -> bool {
        let Some(units) = self.units else {
            return false;
        };
        let from_id = row.get(FROM);
        let from = match block.last_party {
            Some(p) if super::same(&block.last_from, from_id.as_bytes()) => p,
            _ => {
                let Some(p) = resolve(from_id, units) else {
                    return false;
                };
                block.last_from.clear();
                block.last_from.extend_from_slice(from_id.as_bytes());
                block.last_party = Some(p);
                p
            }
        };
        let to_id = row.get(TO);
        // A receiver that is neither found next to the sender's id nor known to be absent is
        // looked up with the block's others in `finish`; till then `to` holds the customer.
        let to = if to_id.is_empty() {
            return false;
        } else if is_customer(to_id) {
            Party::Customer
        } else {
            let near = match from {
                // The receiver's id mostly sorts next to the sender's.
                Party::Unit(u) => units.find_near(to_id, u),
                Party::Customer => super::Near::Outside,
            };
            match near {
                super::Near::Found(v) => Party::Unit(v),
                super::Near::Absent => return false,
                super::Near::Outside => {
                    let (Ok(row_at), Ok(start), Ok(len)) = (
                        u32::try_from(block.rows.len()),
                        u32::try_from(block.pending_ids.len()),
                        u32::try_from(to_id.len()),
                    ) else {
                        return false;
                    };
                    block.pending.push(row_at);
                    block.pending_spans.push((start, len));
                    block.pending_ids.extend_from_slice(to_id.as_bytes());
                    // Compared with `from` once found.
                    return self.push_clean(row, block, from, Party::Customer);
                }
            }
        };
        if from == to {
            return false;
        }
        self.push_clean(row, block, from, to)
    }

    fn absorb(&mut self, block: &mut RowBlock) {
        // The block keeps its channel numbers from one use to the next: only new names are
        // looked up here.
        while block.renumber.len() < block.channels.names.len() {
            let name = &block.channels.names[block.renumber.len()];
            block.renumber.push(self.channels.intern(name));
        }
        let renumber = &block.renumber;
        self.rows.extend(block.rows.drain(..).map(|mut r| {
            r.channel = r.channel.map(|c| renumber[c as usize]);
            r
        }));
    }

    fn clear(&self, block: &mut RowBlock) {
        block.rows.clear();
        block.pending.clear();
        block.pending_spans.clear();
        block.pending_ids.clear();
    }

    fn finish(&self, block: &mut RowBlock) -> bool {
        let Some(units) = self.units else {
            return block.pending.is_empty();
        };
        units.get_batch(&block.pending_ids, &block.pending_spans, &mut block.found);
        for (&row, &found) in block.pending.iter().zip(&block.found) {
            let r = &mut block.rows[row as usize];
            match found {
                Some(v) if r.from != Party::Unit(v) => r.to = Party::Unit(v),
                // Unknown, or a self-handoff: the exact path reports it.
                _ => return false,
            }
        }
        block.pending.clear();
        block.pending_spans.clear();
        block.pending_ids.clear();
        true
    }

    fn reserve_rows(&mut self, rows: usize) {
        self.rows.reserve(rows.saturating_sub(self.rows.len()));
    }

    fn exact(&mut self, row: &Row<'_>, diags: &mut FileDiagnostics<'_>) {
        let units = self.units;
        let mut ends = [Party::Customer; 2];
        let mut ok = true;
        for (k, (col, name)) in [(FROM, "from"), (TO, "to")].into_iter().enumerate() {
            let id = row.get(col);
            if id.is_empty() {
                diags.bad_value(
                    row.line,
                    name,
                    format!("`{name}` is blank (expected a team id or `customer`)"),
                );
                ok = false;
            } else if is_customer(id) {
                ends[k] = Party::Customer;
            } else if let Some(index) = units {
                match index.get(id) {
                    Some(u) => ends[k] = Party::Unit(u),
                    None if index.excuses(id) => ok = false,
                    None => {
                        let hint = index.did_you_mean(id, diags);
                        diags.unknown(
                            row.line,
                            name,
                            format!(
                                "`{name}` team `{}` is not an id in teams.csv{hint} (expected a unit id or `customer`)",
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
        let volume = match row.number(VOLUME) {
            Ok(v) => v.unwrap_or(1.0),
            Err(e) => {
                diags.bad_value(row.line, "volume", format!("volume: {e}"));
                ok = false;
                1.0
            }
        };
        let wait_hours = match row.number(WAIT) {
            Ok(v) => v,
            Err(e) => {
                diags.bad_value(row.line, "wait_hours", format!("wait_hours: {e}"));
                ok = false;
                None
            }
        };
        if !ok {
            return;
        }
        if ends[0] == ends[1] {
            self.self_rows += 1;
            if self.self_rows <= 20 {
                diags.warning(
                    Some(row.line),
                    format!(
                        "self-handoff `{}` → `{}` ignored (a handoff needs two different parties)",
                        row.get(FROM),
                        row.get(TO)
                    ),
                );
            }
            return;
        }
        let channel_text = row.get(CHANNEL);
        let channel = (!channel_text.is_empty()).then(|| self.channels.intern(channel_text));
        self.rows.push(HandoffRow {
            from: ends[0],
            to: ends[1],
            volume,
            wait_hours,
            channel,
            line: row.line,
        });
    }
}

/// Merges rows with the same (from, to): volumes add; the wait is the volume-weighted mean of
/// the rows with a known wait (plain mean when those volumes sum to 0; None when no row has
/// one). Output is sorted by (from, to) with the customer first, then by unit id.
///
/// A pair whose volume sum or wait × volume sum is not finite is listed in
/// [`Merged::overflows`] (and still merged, with its infinite figures, for the caller to drop):
/// with every number at most 1e15 this cannot happen below ~10²⁹³ rows, but the check makes a
/// NaN in the metrics impossible rather than unlikely (`docs/input-format.md`, "Limits").
///
/// # Determinism
/// Rows are put in (from, to, line) order before summation and each pair is summed in that
/// order, so the float sums do not depend on the input order of equal keys; pairs are merged
/// on the rayon pool, each into its own place, and channel lists are numbered afterwards in
/// pair order, so nothing depends on the thread count either.
///
/// # Complexity
/// O(R + U) for R rows in line order over U units (O(R log R) otherwise), plus 8 bytes per
/// pair while merging.
pub fn merge_handoffs(rows: Vec<HandoffRow>, channel_names: &[String]) -> Merged {
    use rayon::prelude::*;
    let order = merge_order(&rows);
    let pair = |i: u32| pair_key(&rows[i as usize]);
    // Where each pair's rows start in `order` (at most one pair per row).
    let mut starts: Vec<u32> = Vec::with_capacity(order.len() + 1);
    for (j, w) in order.iter().enumerate() {
        if j == 0 || pair(*w) != pair(order[j - 1]) {
            starts.push(j as u32);
        }
    }
    starts.push(order.len() as u32);
    let pair_rows = |k: usize| &order[starts[k] as usize..starts[k + 1] as usize];
    let mut merged: Vec<Handoff> = Vec::new();
    let mut notes: Vec<PairNote> = Vec::new();
    (0..starts.len() - 1)
        .into_par_iter()
        .map(|k| merge_pair(&rows, pair_rows(k)))
        .unzip_into_vecs(&mut merged, &mut notes);
    // Overflows and channel lists, in pair order. Each distinct channel list is kept once
    // (Export::channel_lists); `single` maps a one-channel list (by its channel) straight to
    // its id without building its text.
    let mut overflows: Vec<Overflow> = Vec::new();
    let mut lists: Vec<String> = Vec::new();
    let mut list_ids: FxHashMap<String, ChannelList> = FxHashMap::default();
    let mut single: Vec<Option<ChannelList>> = vec![None; channel_names.len()];
    let mut channels: Vec<u32> = Vec::new();
    for (k, (h, note)) in merged.iter_mut().zip(&notes).enumerate() {
        let idx = pair_rows(k);
        if note.overflow != PairNote::FINITE {
            overflows.push(Overflow {
                from: h.from,
                to: h.to,
                lines: idx
                    .iter()
                    .take(OVERFLOW_LINES_SHOWN)
                    .map(|&o| rows[o as usize].line)
                    .collect(),
                rows: idx.len() as u32,
                volume: note.overflow == PairNote::VOLUME,
            });
        }
        h.channels = match note.channel {
            PairNote::NO_CHANNEL => None,
            PairNote::CHANNELS => {
                channels.clear();
                channels.extend(idx.iter().filter_map(|&o| rows[o as usize].channel));
                channels.sort_unstable();
                channels.dedup();
                let mut names: Vec<&str> = channels
                    .iter()
                    .filter_map(|&c| channel_names.get(c as usize).map(String::as_str))
                    .collect();
                names.sort_unstable();
                names.dedup();
                Some(intern(&mut lists, &mut list_ids, names.join(";")))
            }
            code => {
                // The common case: one channel, whose list is interned once.
                let c = (code - 1) as usize;
                if single.len() <= c {
                    single.resize(c + 1, None);
                }
                Some(*single[c].get_or_insert_with(|| {
                    let text = channel_names.get(c).cloned().unwrap_or_default();
                    intern(&mut lists, &mut list_ids, text)
                }))
            }
        };
    }
    Merged {
        handoffs: merged,
        channel_lists: lists,
        overflows,
    }
}

/// The sort key of a row's (from, to) pair: the customer first, then units by id.
#[inline]
fn pair_key(r: &HandoffRow) -> u64 {
    (u64::from(key(r.from)) << 32) | u64::from(key(r.to))
}

/// What [`merge_pair`] leaves for the pass in pair order: whether the sums overflowed, and
/// the pair's channels (numbered into lists only in that pass, so that list ids follow pair
/// order whatever thread merged which pair).
#[derive(Debug, Clone, Copy)]
struct PairNote {
    /// [`PairNote::NO_CHANNEL`], [`PairNote::CHANNELS`] (two or more), or 1 + the one channel.
    channel: u32,
    /// [`PairNote::FINITE`], [`PairNote::VOLUME`] or [`PairNote::WAIT`].
    overflow: u8,
}

impl PairNote {
    const NO_CHANNEL: u32 = 0;
    const CHANNELS: u32 = u32::MAX;
    const FINITE: u8 = 0;
    const VOLUME: u8 = 1;
    const WAIT: u8 = 2;
}

/// Merges the rows `idx` of one pair (in line order), channels left for the caller.
fn merge_pair(rows: &[HandoffRow], idx: &[u32]) -> (Handoff, PairNote) {
    let first = &rows[idx[0] as usize];
    let mut volume = 0.0;
    let (mut known_v, mut known_vw, mut known_w, mut known_n) = (0.0, 0.0, 0.0, 0u32);
    let mut channel = PairNote::NO_CHANNEL;
    for &o in idx {
        let r = &rows[o as usize];
        volume += r.volume;
        if let Some(w) = r.wait_hours {
            known_v += r.volume;
            known_vw += r.volume * w;
            known_w += w;
            known_n += 1;
        }
        if let Some(c) = r.channel {
            // Channel numbers stay below u32::MAX - 1 (one name per row at most).
            let code = c.saturating_add(1).min(PairNote::CHANNELS - 1);
            channel = match channel {
                PairNote::NO_CHANNEL => code,
                same if same == code => same,
                _ => PairNote::CHANNELS,
            };
        }
    }
    let overflow = if !volume.is_finite() {
        PairNote::VOLUME
    } else if !known_vw.is_finite() {
        PairNote::WAIT
    } else {
        PairNote::FINITE
    };
    let wait_hours = if known_n == 0 {
        None
    } else if known_v > 0.0 {
        Some(known_vw / known_v)
    } else {
        Some(known_w / known_n as f64)
    };
    let handoff = Handoff {
        from: first.from,
        to: first.to,
        volume,
        wait_hours,
        rows: idx.len() as u32,
        channels: None,
        line: first.line,
    };
    (handoff, PairNote { channel, overflow })
}

/// The rows' indices in (from, to, line) order, the order the merge reads them in.
///
/// Rows read from handoffs.csv arrive in line order: a stable counting sort by sender over
/// the U + 1 party keys (O(R + U), 4 bytes per row), then each sender's rows sorted by
/// receiver with the row index breaking ties, in parallel. A sender's rows mostly lie close
/// together in the file, so that second sort reads rows already in cache. Rows in any other
/// order (derived from journeys) are sorted by (pair, line): lines are unique, so the order
/// is total either way.
fn merge_order(rows: &[HandoffRow]) -> Vec<u32> {
    use rayon::prelude::*;
    let in_line_order = rows.windows(2).all(|w| w[0].line < w[1].line);
    if !in_line_order {
        let mut order: Vec<(u64, u64, u32)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (pair_key(r), r.line, i as u32))
            .collect();
        order.sort_unstable();
        return order.into_iter().map(|o| o.2).collect();
    }
    let keys = rows
        .iter()
        .map(|r| key(r.from) as usize + 1)
        .max()
        .unwrap_or(0);
    let mut start = vec![0u32; keys + 1];
    for r in rows {
        start[key(r.from) as usize + 1] += 1;
    }
    for k in 0..keys {
        start[k + 1] += start[k];
    }
    let mut order = vec![0u32; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        let slot = &mut start[key(r.from) as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    let from = |i: u32| key(rows[i as usize].from);
    order
        .par_chunk_by_mut(|&a, &b| from(a) == from(b))
        .for_each(|sender| {
            // Indices are in line order: (receiver, index) is (receiver, line).
            sender.sort_unstable_by_key(|&i| {
                (u64::from(key(rows[i as usize].to)) << 32) | u64::from(i)
            });
        });
    order
}

/// The id of `text` in `lists`, appended when new.
fn intern(
    lists: &mut Vec<String>,
    ids: &mut FxHashMap<String, ChannelList>,
    text: String,
) -> ChannelList {
    if let Some(&id) = ids.get(&text) {
        return id;
    }
    let id = ChannelList::new(lists.len());
    lists.push(text.clone());
    ids.insert(text, id);
    id
}

/// Derives handoffs from journeys (docs/input-format.md): each pair of consecutive steps done by
/// different teams adds the journey's volume to that pair; the pair's wait is the
/// volume-weighted mean of the receiving steps' known waits.
pub(super) fn derive_from_journeys(journeys: &[Journey]) -> Merged {
    let mut rows = Vec::new();
    for j in journeys {
        for w in j.steps.windows(2) {
            if w[0].team != w[1].team {
                rows.push(HandoffRow {
                    from: Party::Unit(w[0].team),
                    to: Party::Unit(w[1].team),
                    volume: j.volume,
                    wait_hours: w[1].wait_hours,
                    channel: None,
                    line: w[1].line,
                });
            }
        }
    }
    merge_handoffs(rows, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(from: u32, to: u32, volume: f64, wait: Option<f64>, line: u64) -> HandoffRow {
        HandoffRow {
            from: Party::Unit(from),
            to: Party::Unit(to),
            volume,
            wait_hours: wait,
            channel: None,
            line,
        }
    }

    #[test]
    fn merge_order_is_pair_then_line_for_any_row_order() {
        // Rows in line order take the counting sort by sender, shuffled rows the comparison sort; both
        // must give the (from, to, line) order.
        let mut rng = crate::rng::Rng::new(3);
        for round in 0..50 {
            let n = (rng.next_u64() % 200) as usize;
            let party = |k: u64| {
                if k == 0 {
                    Party::Customer
                } else {
                    Party::Unit(k as u32 - 1)
                }
            };
            let mut rows: Vec<HandoffRow> = (0..n)
                .map(|i| HandoffRow {
                    from: party(rng.next_u64() % 7),
                    to: party(rng.next_u64() % 7),
                    ..row(0, 0, 1.0, None, 2 + i as u64)
                })
                .collect();
            if round % 2 == 1 {
                rng.shuffle(&mut rows);
            }
            let mut expected: Vec<u32> = (0..n as u32).collect();
            expected.sort_by_key(|&i| {
                let r = &rows[i as usize];
                (key(r.from), key(r.to), r.line)
            });
            assert_eq!(merge_order(&rows), expected, "round {round}");
        }
    }

    #[test]
    fn the_merge_agrees_with_a_plain_one_at_any_thread_count() {
        // Random rows (waits, channels, the customer) merged on a pool of 1 and of 4 threads
        // agree with a plain per-pair fold in (from, to, line) order, channel lists numbered
        // in pair order.
        let names: Vec<String> = ["ticket", "email", "chat"].map(String::from).to_vec();
        let mut rng = crate::rng::Rng::new(11);
        for round in 0..30 {
            let n = (rng.next_u64() % 300) as usize;
            let party = |k: u64| match k {
                0 => Party::Customer,
                k => Party::Unit(k as u32 - 1),
            };
            let rows: Vec<HandoffRow> = (0..n)
                .map(|i| HandoffRow {
                    from: party(rng.next_u64() % 9),
                    to: party(rng.next_u64() % 9),
                    volume: (rng.next_u64() % 5) as f64 * 0.7,
                    wait_hours: (rng.next_u64() % 3 != 0)
                        .then(|| (rng.next_u64() % 90) as f64 * 0.3),
                    channel: (rng.next_u64() % 4).checked_sub(1).map(|c| c as u32),
                    line: 2 + i as u64,
                })
                .collect();
            let mut pairs: std::collections::BTreeMap<(u32, u32), Vec<&HandoffRow>> =
                Default::default();
            for r in &rows {
                pairs.entry((key(r.from), key(r.to))).or_default().push(r);
            }
            let mut lists: Vec<String> = Vec::new();
            let mut expected = Vec::new();
            for rs in pairs.values() {
                let volume: f64 = rs.iter().fold(0.0, |a, r| a + r.volume);
                let known: Vec<&&HandoffRow> =
                    rs.iter().filter(|r| r.wait_hours.is_some()).collect();
                let kv = known.iter().fold(0.0, |a, r| a + r.volume);
                let kvw = known
                    .iter()
                    .fold(0.0, |a, r| a + r.volume * r.wait_hours.unwrap());
                let kw = known.iter().fold(0.0, |a, r| a + r.wait_hours.unwrap());
                let wait = match (known.len(), kv > 0.0) {
                    (0, _) => None,
                    (_, true) => Some(kvw / kv),
                    (k, false) => Some(kw / k as f64),
                };
                let mut ch: Vec<&str> = rs
                    .iter()
                    .filter_map(|r| r.channel)
                    .map(|c| names[c as usize].as_str())
                    .collect();
                ch.sort_unstable();
                ch.dedup();
                let list = (!ch.is_empty()).then(|| {
                    let text = ch.join(";");
                    let i = lists.iter().position(|l| *l == text).unwrap_or_else(|| {
                        lists.push(text);
                        lists.len() - 1
                    });
                    ChannelList::new(i)
                });
                expected.push(Handoff {
                    from: rs[0].from,
                    to: rs[0].to,
                    volume,
                    wait_hours: wait,
                    rows: rs.len() as u32,
                    channels: list,
                    line: rs[0].line,
                });
            }
            for threads in [1, 4] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let m = pool.install(|| merge_handoffs(rows.clone(), &names));
                assert_eq!(
                    format!("{:?}", m.handoffs),
                    format!("{expected:?}"),
                    "round {round}"
                );
                assert_eq!(m.channel_lists, lists, "round {round}");
            }
        }
    }

    #[test]
    fn channel_lists_are_kept_once_each() {
        // Channels: 0 = ticket, 1 = email, 2 = chat. Pairs (1,2) and (3,4) both use only
        // "ticket"; (2,3) uses email and chat on two rows, listed sorted; (4,5) names none.
        let names: Vec<String> = ["ticket", "email", "chat"].map(String::from).to_vec();
        let with = |from, to, c: Option<u32>, line| HandoffRow {
            channel: c,
            ..row(from, to, 1.0, None, line)
        };
        let m = merge_handoffs(
            vec![
                with(1, 2, Some(0), 2),
                with(2, 3, Some(1), 3),
                with(2, 3, Some(2), 4),
                with(3, 4, Some(0), 5),
                with(1, 2, Some(0), 6),
                with(4, 5, None, 7),
            ],
            &names,
        );
        assert_eq!(
            m.channel_lists,
            vec!["ticket".to_string(), "chat;email".into()]
        );
        let lists: Vec<Option<usize>> = m
            .handoffs
            .iter()
            .map(|h| h.channels.map(ChannelList::index))
            .collect();
        assert_eq!(lists, vec![Some(0), Some(1), Some(0), None]);
    }

    fn merge_handoffs_ok(rows: Vec<HandoffRow>, names: &[String]) -> Vec<Handoff> {
        let m = merge_handoffs(rows, names);
        assert!(m.overflows.is_empty());
        m.handoffs
    }

    #[test]
    fn sums_past_the_largest_number_are_reported_with_their_rows() {
        let m = merge_handoffs(
            vec![
                row(0, 1, 1e308, None, 2),
                row(0, 1, 1e308, None, 3),
                row(1, 0, 1e200, Some(1e200), 4),
                row(2, 0, 1.0, None, 5),
            ],
            &[],
        );
        assert_eq!(m.handoffs.len(), 3);
        assert_eq!(m.overflows.len(), 2);
        assert_eq!(m.overflows[0].lines, vec![2, 3]);
        assert!(m.overflows[0].volume);
        assert_eq!(m.overflows[1].lines, vec![4]);
        assert!(!m.overflows[1].volume);
        let text = m.overflows[0].message(|p| format!("{p:?}"));
        assert!(text.contains("the volumes of the 2 rows"), "{text}");
        assert!(
            text.contains("(lines 2, 3) sum past the largest number"),
            "{text}"
        );
    }

    #[test]
    fn merge_weights_waits_by_volume() {
        // (1·2 + 3·6) / (1 + 3) = 5; the third row has no wait and only adds volume.
        let m = merge_handoffs_ok(
            vec![
                row(0, 1, 1.0, Some(2.0), 2),
                row(0, 1, 3.0, Some(6.0), 3),
                row(0, 1, 4.0, None, 4),
                row(1, 0, 2.0, None, 5),
            ],
            &[],
        );
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].volume, 8.0);
        assert_eq!(m[0].wait_hours, Some(5.0));
        assert_eq!(m[0].rows, 3);
        assert_eq!(m[1].wait_hours, None);
    }

    #[test]
    fn merge_zero_volume_uses_plain_mean() {
        let m = merge_handoffs_ok(
            vec![row(0, 1, 0.0, Some(2.0), 2), row(0, 1, 0.0, Some(4.0), 3)],
            &[],
        );
        assert_eq!(m[0].volume, 0.0);
        assert_eq!(m[0].wait_hours, Some(3.0));
    }

    #[test]
    fn customer_sorts_first() {
        let mut r = row(5, 1, 1.0, None, 2);
        r.from = Party::Customer;
        let m = merge_handoffs_ok(vec![row(0, 1, 1.0, None, 3), r], &[]);
        assert_eq!(m[0].from, Party::Customer);
    }
}
