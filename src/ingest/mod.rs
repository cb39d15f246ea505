//! Ingest: an export directory of CSV files → validated, id-resolved records ([`Export`]).
//!
//! Owns the input format (docs/input-format.md) and its rules: header aliases, blank = unknown,
//! booleans, numbers, merging of repeated handoffs, derivation of handoffs from journeys. It
//! never stops at the first problem: [`read_export`] returns the export and its warnings, or
//! every error of the run (and the warnings) at once. It does not build graphs (that is
//! `model`) and never prints.
//!
//! Units are stored sorted by id (byte order), so a [`UnitId`] order is the id order and every
//! later table can be ordered by index.

#[cfg(feature = "backstage")]
pub mod backstage;
mod blocks;
pub mod dialect;
pub mod encoding;
pub mod eventlog;
mod files;
mod handoffs;
mod header;
mod journeys;
pub mod metadata;
mod printable;
mod stream;
mod suggest;
mod systems;
pub mod table;
mod units;
mod values;

use std::path::Path;

use rustc_hash::FxHashSet;

use crate::error::{Diagnostic, DiagnosticKind, Diagnostics, SeamsError};
use crate::records::{Export, FilesPresent, HandoffSource, Party};

pub use dialect::{Delimiter, FileDialect, ReadOptions};
pub use encoding::Encoding;
pub use files::ExportFiles;
pub use handoffs::{merge_handoffs, Merged, Overflow};

/// A validated export together with the warnings found while reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The export.
    pub export: Export,
    /// Warnings (never fatal), in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Id → index lookup used while reading (never iterated).
///
/// Open addressing with linear probing on a hash of the id's bytes: a slot is 8 bytes (the
/// index + 1, 0 for empty, and 32 more bits of the hash), at most half the slots are used, and
/// the ids themselves lie in one buffer in index order. A lookup reads one slot (rarely two)
/// and the id's bytes, which for units sorted by id and rows that name nearby units are
/// mostly in cache already. No allocation per id.
pub(crate) struct IdIndex {
    slots: Vec<u64>,
    /// Ids concatenated in index order; id `i` is `bytes[starts[i]..starts[i + 1]]`.
    bytes: Vec<u8>,
    starts: Vec<usize>,
    /// The ids are strictly increasing in byte order (units and systems are sorted by id), so
    /// [`IdIndex::get_near`] may search a window of them.
    sorted: bool,
    /// Ids of rows that were rejected with an error of their own.
    skipped: FxHashSet<Box<str>>,
    /// The file may have lost rows without a trace: no unknown id is reported.
    incomplete: bool,
    /// Built on the first unknown id, for "did you mean".
    suggestions: std::sync::OnceLock<suggest::Suggestions>,
}

/// What [`IdIndex::find_near`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Near {
    /// The id's index.
    Found(u32),
    /// The id is not indexed.
    Absent,
    /// The id sorts outside the window searched: look it up in the table.
    Outside,
}

/// The hash of an id: FxHash of its bytes, then a 64-bit finaliser (murmur3's) so that both
/// the low bits (the slot) and the high bits (the tag) depend on every byte. Fixed, so runs
/// are reproducible (the index is never iterated anyway).
#[inline]
fn id_hash(id: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(id);
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// `a == b` for short byte strings, compared 8 bytes at a time without a call to `memcmp`.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return a == b;
    }
    let word = |s: &[u8], i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[i..i + 8]);
        u64::from_ne_bytes(w)
    };
    let mut i = 0;
    while i + 8 < n {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    // The last 8 bytes (overlapping the previous word when n is not a multiple of 8).
    word(a, n - 8) == word(b, n - 8)
}

impl IdIndex {
    /// An index of no id.
    fn empty() -> Self {
        IdIndex::new(std::iter::empty())
    }

    /// Indexes `ids` by position; of equal ids the first is kept.
    ///
    /// # Complexity
    /// O(N + total id bytes), one allocation per buffer.
    fn new<'a>(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut bytes = Vec::new();
        let mut starts = vec![0];
        for id in ids {
            bytes.extend_from_slice(id.as_bytes());
            starts.push(bytes.len());
        }
        let n = starts.len() - 1;
        let cap = (2 * n).next_power_of_two().max(2);
        let sorted =
            (1..n).all(|i| bytes[starts[i - 1]..starts[i]] < bytes[starts[i]..starts[i + 1]]);
        let mut index = IdIndex {
            slots: vec![0; cap],
            bytes,
            starts,
            sorted,
            skipped: FxHashSet::default(),
            incomplete: false,
            suggestions: std::sync::OnceLock::new(),
        };
        let mask = cap - 1;
        for i in 0..n {
            let id = index.id_bytes(i);
            let h = id_hash(id);
            let tag = h >> 32;
            let mut p = h as usize & mask;
            loop {
                let s = index.slots[p];
                if s == 0 {
                    index.slots[p] = (tag << 32) | (i as u64 + 1);
                    break;
                }
                if s >> 32 == tag && same(index.id_bytes((s & 0xffff_ffff) as usize - 1), id) {
                    break; // a duplicate: the first stays
                }
                p = (p + 1) & mask;
            }
        }
        index
    }

    /// The bytes of id `i`.
    #[inline]
    fn id_bytes(&self, i: usize) -> &[u8] {
        &self.bytes[self.starts[i]..self.starts[i + 1]]
    }

    /// Number of ids indexed (duplicates counted).
    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Marks ids whose rows were rejected (already reported), and whether the file may have
    /// lost rows, so references to them do not repeat the error as "unknown id".
    fn excusing(mut self, skipped: &[String], incomplete: bool) -> Self {
        self.skipped = skipped.iter().map(|s| s.as_str().into()).collect();
        self.incomplete = incomplete;
        self
    }

    /// The index of `id`, if indexed.
    #[inline]
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        let id = id.as_bytes();
        self.get_bytes(id, id_hash(id))
    }

    /// [`IdIndex::get`] of an id's bytes whose hash is `h`.
    #[inline]
    fn get_bytes(&self, id: &[u8], h: u64) -> Option<u32> {
        let tag = h >> 32;
        let mask = self.slots.len() - 1;
        let mut p = h as usize & mask;
        loop {
            let s = self.slots[p];
            if s == 0 {
                return None;
            }
            if s >> 32 == tag {
                let i = (s & 0xffff_ffff) as usize - 1;
                if same(self.id_bytes(i), id) {
                    return Some(i as u32);
                }
            }
            p = (p + 1) & mask;
        }
    }

    /// Like [`IdIndex::get`], looking first among the ids next to index `near` in id order
    /// (a handoff's receiver is mostly a unit of the sender's department, whose ids sort next
    /// to the sender's): a few comparisons in memory just read instead of a hash-table slot
    /// far away. Falls back to [`IdIndex::get`] when `id` sorts outside that window.
    #[inline]
    pub(crate) fn get_near(&self, id: &str, near: u32) -> Option<u32> {
        match self.find_near(id, near) {
            Near::Found(i) => Some(i),
            Near::Absent => None,
            Near::Outside => self.get(id),
        }
    }

    /// The window search of [`IdIndex::get_near`] alone: found, known to be absent, or
    /// sorting outside the window (the caller looks it up in the table, perhaps in a batch).
    #[inline]
    pub(crate) fn find_near(&self, id: &str, near: u32) -> Near {
        const WINDOW: usize = 16;
        let n = self.len();
        let a = near as usize;
        if self.sorted && a < n {
            let (lo, hi) = (a.saturating_sub(WINDOW), (a + WINDOW).min(n - 1));
            let key = id.as_bytes();
            if self.id_bytes(lo) <= key && key <= self.id_bytes(hi) {
                // Strictly increasing ids: if `id` is indexed at all, it is in [lo, hi].
                let (mut l, mut h) = (lo, hi + 1);
                while l < h {
                    let m = l + (h - l) / 2;
                    match self.id_bytes(m).cmp(key) {
                        std::cmp::Ordering::Less => l = m + 1,
                        std::cmp::Ordering::Greater => h = m,
                        std::cmp::Ordering::Equal => return Near::Found(m as u32),
                    }
                }
                return Near::Absent;
            }
        }
        Near::Outside
    }

    /// [`IdIndex::get`] of many ids at once: `out[k]` is the index of the id at
    /// `bytes[start..start + len]` of `spans[k]`. The ids are taken [`BATCH`] at a time, each
    /// step for all of them before the next (hash, slot, bounds, bytes), so the cache misses
    /// of one id's slot and bytes overlap those of the others instead of following them.
    pub(crate) fn get_batch(&self, bytes: &[u8], spans: &[(u32, u32)], out: &mut Vec<Option<u32>>) {
        const BATCH: usize = 16;
        out.clear();
        let mask = self.slots.len() - 1;
        let id = |&(a, l): &(u32, u32)| &bytes[a as usize..a as usize + l as usize];
        for chunk in spans.chunks(BATCH) {
            let mut hash = [0u64; BATCH];
            let mut slot = [0u64; BATCH];
            let mut cand = [usize::MAX; BATCH];
            let mut bounds = [(0usize, 0usize); BATCH];
            for (k, span) in chunk.iter().enumerate() {
                hash[k] = id_hash(id(span));
            }
            for k in 0..chunk.len() {
                slot[k] = self.slots[hash[k] as usize & mask];
            }
            for k in 0..chunk.len() {
                let s = slot[k];
                if s != 0 && s >> 32 == hash[k] >> 32 {
                    let i = (s & 0xffff_ffff) as usize - 1;
                    cand[k] = i;
                    bounds[k] = (self.starts[i], self.starts[i + 1]);
                }
            }
            for (k, span) in chunk.iter().enumerate() {
                let key = id(span);
                let (a, b) = bounds[k];
                let hit = if cand[k] != usize::MAX && same(&self.bytes[a..b], key) {
                    Some(cand[k] as u32)
                } else if slot[k] == 0 {
                    None
                } else {
                    // Another id in the first slot: probe on as `get` does.
                    self.get_bytes(key, hash[k])
                };
                out.push(hit);
            }
        }
    }

    /// The ids, in index order.
    fn ids(&self) -> impl Iterator<Item = &str> {
        // Built from `&str`s cut at their own ends: every id is UTF-8.
        (0..self.len()).filter_map(|i| std::str::from_utf8(self.id_bytes(i)).ok())
    }

    /// `; did you mean `x`?` for an unknown `id` when a known id is close to it, shown only
    /// while `diags` still shows errors (so a file of a million unknown ids costs 200 searches).
    pub(crate) fn did_you_mean(&self, id: &str, diags: &table::FileDiagnostics<'_>) -> String {
        if !diags.shows_next() {
            return String::new();
        }
        let s = self
            .suggestions
            .get_or_init(|| suggest::Suggestions::new(self.ids()));
        suggest::did_you_mean(s.closest(id))
    }

    /// The id whose index is `index`.
    pub(crate) fn id_of(&self, index: u32) -> Option<&str> {
        let i = index as usize;
        (i < self.len())
            .then(|| std::str::from_utf8(self.id_bytes(i)).ok())
            .flatten()
    }

    /// True when a missing `id` must not be reported: its row was rejected with an error of
    /// its own, or the file is incomplete. The reference is still unresolved.
    pub(crate) fn excuses(&self, id: &str) -> bool {
        self.incomplete || self.skipped.contains(id)
    }
}

/// How each file of the export that exists is read: its delimiter (forced, or detected from
/// its header as the readers detect it), encoding and whether numbers may use a decimal comma,
/// in file order (teams, systems, dependencies, handoffs, journeys). A file that cannot be
/// opened or decoded is left out (reading it reports why).
pub fn read_dialects(src: &ExportFiles) -> Vec<FileDialect> {
    let schemas = [
        &units::SCHEMA,
        &systems::SYSTEMS,
        &systems::DEPENDENCIES,
        &handoffs::SCHEMA,
        &journeys::SCHEMA,
    ];
    let mut out = Vec::new();
    for schema in schemas {
        let stream::Opening::File(file) = src.open(schema.file) else {
            continue;
        };
        let mut sink = Vec::new();
        let path = src.path(schema.file);
        let mut diags = table::FileDiagnostics::new(&path, &mut sink);
        if let Some(p) = table::prepare(file, schema, src.options(), &mut diags) {
            out.push(p.dialect);
        }
    }
    out
}

/// Reads and validates the export in `dir`: teams.csv (required), then the optional
/// systems.csv, dependencies.csv, handoffs.csv and journeys.csv.
///
/// # Returns
/// The export and its warnings, or [`SeamsError::InvalidInput`] with every error and warning
/// of the run; [`SeamsError::Usage`] when `dir` is not a directory.
pub fn read_export(dir: &Path) -> Result<Loaded, SeamsError> {
    read_export_from(&ExportFiles::dir(dir))
}

/// Reads and validates an export from any source: a directory or files held in memory.
///
/// # Examples
/// ```
/// use seams::ingest::{read_export_from, ExportFiles};
/// let src = ExportFiles::memory("acme", [
///     ("teams.csv", "id,parent\nhq,\nsales,hq\n"),
///     ("handoffs.csv", "from,to,volume\ncustomer,sales,10\n"),
/// ]);
/// let loaded = read_export_from(&src).unwrap();
/// assert_eq!(loaded.export.units.len(), 2);
/// assert_eq!(loaded.export.handoffs[0].volume, 10.0);
/// ```
///
/// # Returns
/// As [`read_export`].
pub fn read_export_from(src: &ExportFiles) -> Result<Loaded, SeamsError> {
    let dir = src.label();
    if !src.is_usable() {
        return Err(SeamsError::Usage(format!(
            "{} is not a directory (expected an export directory holding teams.csv and the other CSV files)",
            dir.display()
        )));
    }
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut units = units::read(src, &mut diags);
    let unit_index = units
        .as_mut()
        .map(|u| std::mem::replace(&mut u.index, IdIndex::empty()));
    // Every other file needs only the unit ids (dependencies and journeys also need the system
    // ids): read systems, dependencies and journeys on one side and handoffs (the big file) on
    // the other, in parallel. Diagnostics are kept per file and appended in file order, so the
    // report does not depend on scheduling.
    let (
        (systems, dependencies, journeys, mut d_sys, mut d_journeys),
        (handoff_file, mut d_handoffs),
    ) = rayon::join(
        || {
            let (mut d, mut dj) = (Vec::new(), Vec::new());
            let systems = systems::read_systems(src, unit_index.as_ref(), &mut d);
            let system_index = systems.as_ref().map(|s| {
                IdIndex::new(s.systems.iter().map(|s| s.id.as_str()))
                    .excusing(&s.skipped, s.incomplete)
            });
            let dependencies =
                systems::read_dependencies(src, system_index.as_ref(), systems.is_some(), &mut d);
            let journeys = journeys::read(src, unit_index.as_ref(), system_index.as_ref(), &mut dj);
            (systems, dependencies, journeys, d, dj)
        },
        || {
            let mut d = Vec::new();
            let handoff_file = handoffs::read(src, unit_index.as_ref(), &mut d);
            (handoff_file, d)
        },
    );
    diags.append(&mut d_sys);
    diags.append(&mut d_handoffs);
    diags.append(&mut d_journeys);

    if diags.iter().any(|d| d.is_error()) {
        return Err(SeamsError::InvalidInput(Diagnostics { items: diags }));
    }
    let (Some(units), Some(journeys)) = (units, journeys) else {
        // Unreachable in practice: a missing result always comes with an error.
        return Err(SeamsError::InvalidInput(Diagnostics { items: diags }));
    };
    let (handoffs, channel_lists, handoff_source, handoff_rows) = match handoff_file {
        Some(h) => (h.merged, h.channel_lists, HandoffSource::File, h.rows),
        None if journeys.present => {
            let derived = handoffs::derive_from_journeys(&journeys.journeys);
            if !derived.overflows.is_empty() {
                let path = dir.join(journeys::SCHEMA.file);
                for o in &derived.overflows {
                    let name = |p: Party| match p {
                        Party::Customer => "customer".to_string(),
                        Party::Unit(u) => units.units[u as usize].id.clone(),
                    };
                    diags.push(
                        Diagnostic::error(&path, o.lines.first().copied(), o.message(name))
                            .with_kind(DiagnosticKind::Limit)
                            .with_column("volume"),
                    );
                }
                return Err(SeamsError::InvalidInput(Diagnostics { items: diags }));
            }
            (derived.handoffs, Vec::new(), HandoffSource::Journeys, 0)
        }
        None => (Vec::new(), Vec::new(), HandoffSource::None, 0),
    };
    let files = FilesPresent {
        systems: systems.is_some(),
        dependencies: dependencies.present,
        handoffs: handoff_source == HandoffSource::File,
        journeys: journeys.present,
    };
    let systems = systems.unwrap_or_default();
    let export = Export {
        dir: dir.to_path_buf(),
        units: units.units,
        unit_attributes: units.attributes,
        systems: systems.systems,
        system_attributes: systems.attributes,
        dependencies: dependencies.dependencies,
        handoffs,
        channel_lists,
        handoff_source,
        handoff_rows,
        journeys: journeys.journeys,
        files,
    };
    Ok(Loaded {
        export,
        warnings: diags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_index_finds_every_id_and_nothing_else() {
        let ids: Vec<String> = (0..5000)
            .map(|i| format!("d{:02}-t{i:04}", i % 7))
            .collect();
        let mut with_dup: Vec<&str> = ids.iter().map(String::as_str).collect();
        with_dup.push("d00-t0000"); // a duplicate: the first index stays
        let index = IdIndex::new(with_dup.into_iter());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32), "{id}");
            assert_eq!(index.id_of(i as u32), Some(id.as_str()));
        }
        for miss in ["", "d00", "d00-t00000", "D00-t0000", "x", "d01-t0000 "] {
            assert_eq!(index.get(miss), None, "{miss}");
        }
        assert_eq!(index.id_of(9999), None);
        // Sorted ids: the window search agrees with the hash lookup from any starting point.
        let mut sorted_ids = ids.clone();
        sorted_ids.sort();
        let sorted = IdIndex::new(sorted_ids.iter().map(String::as_str));
        assert!(sorted.sorted && !index.sorted);
        let probes = sorted_ids.iter().map(String::as_str).chain([
            "",
            "d00-t00000",
            "d03-",
            "zz",
            "d06-t4999x",
        ]);
        for (k, probe) in probes.enumerate() {
            for near in [0, (k * 7) % 5000, 4999, 6000] {
                assert_eq!(
                    sorted.get_near(probe, near as u32),
                    sorted.get(probe),
                    "{probe} near {near}"
                );
            }
            assert_eq!(index.get_near(probe, 3), index.get(probe));
        }
        // The batched lookup agrees with one lookup at a time (hits, misses, collisions).
        let probes: Vec<String> = ids
            .iter()
            .step_by(3)
            .cloned()
            .chain(["", "d00", "zz", "d01-t0000 "].map(String::from))
            .chain(ids.iter().rev().step_by(5).cloned())
            .collect();
        let mut bytes = Vec::new();
        let mut spans = Vec::new();
        for p in &probes {
            spans.push((bytes.len() as u32, p.len() as u32));
            bytes.extend_from_slice(p.as_bytes());
        }
        for idx in [&index, &sorted, &IdIndex::empty()] {
            let mut out = Vec::new();
            idx.get_batch(&bytes, &spans, &mut out);
            let one: Vec<Option<u32>> = probes.iter().map(|p| idx.get(p)).collect();
            assert_eq!(out, one);
        }
        assert_eq!(IdIndex::empty().get("a"), None);
        for (a, b) in [
            ("", ""),
            ("abcdefgh", "abcdefgh"),
            ("abcdefghi", "abcdefghj"),
            ("abcdefghijklmnopq", "abcdefghijklmnopq"),
            ("xbcdefghijklmnopq", "abcdefghijklmnopq"),
            ("abc", "abd"),
        ] {
            assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
        }
        let one = IdIndex::new(["é"].into_iter());
        assert_eq!(one.get("é"), Some(0));
        assert_eq!(one.ids().collect::<Vec<_>>(), vec!["é"]);
    }
}
