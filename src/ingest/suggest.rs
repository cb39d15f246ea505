//! "Did you mean `store-operations`?": the known name closest to an unknown id or column
//! (`docs/input-format.md`, "Errors and warnings").
//!
//! A name is close when it matches ignoring case, spaces, `-` and `_`, or when its
//! Damerau–Levenshtein distance is at most 1 (names of 3–4 characters) or 2 (5 or more).
//! The closest wins (a loose match first, then distance 1, then 2), ties going to the smaller
//! name in byte order, so the suggestion never depends on file order or hashing.

use rustc_hash::FxHashMap;

/// Largest edit distance suggested.
const MAX_DISTANCE: usize = 2;

/// Most distance the name `query` may be from a suggestion, by its length.
fn allowed(query: &str) -> usize {
    match query.chars().count() {
        0..=2 => 0,
        3..=4 => 1,
        _ => MAX_DISTANCE,
    }
}

/// The loose form of a name: lower case, without spaces, `-` and `_`.
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The closest of a few `candidates` (column names) to `query`, if close.
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let q = loose(query);
    let limit = allowed(&q);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = if loose(c) == q {
            0
        } else if limit == 0 {
            continue;
        } else {
            strsim::damerau_levenshtein(&q, &loose(c))
        };
        if d <= limit && best.map_or(true, |(bd, bc)| (d, c) < (bd, bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// One id of the index: its length in characters and a folded histogram of its bytes.
struct Entry {
    chars: u32,
    /// Count of each byte value modulo 16 (saturating): the L1 distance of two histograms is
    /// at most the bag distance of the strings, which is at most twice their edit distance.
    histogram: [u8; 16],
    id: u32,
}

fn histogram(s: &str) -> [u8; 16] {
    let mut h = [0u8; 16];
    for b in s.bytes() {
        let slot = &mut h[(b & 15) as usize];
        *slot = slot.saturating_add(1);
    }
    h
}

/// The ids of one file, indexed for suggestions: built on the first unknown id (never for a
/// valid export).
///
/// # Complexity
/// Building: O(N) for N ids. A query: O(1) for the loose match, then a scan of the ids whose
/// length is within 2 of the query's, each rejected by a 16-byte histogram comparison unless
/// its bag of bytes is close, and only those survivors get the O(l²) edit distance.
pub struct Suggestions {
    ids: Vec<Box<str>>,
    /// Loose form → the smallest id of that form.
    loose: FxHashMap<String, u32>,
    /// Sorted by (length, id).
    entries: Vec<Entry>,
}

impl Suggestions {
    /// Indexes `ids` (any order).
    pub fn new<'a>(ids: impl Iterator<Item = &'a str>) -> Suggestions {
        let mut ids: Vec<Box<str>> = ids.map(Box::from).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut loose_map: FxHashMap<String, u32> = FxHashMap::default();
        for (i, id) in ids.iter().enumerate() {
            loose_map.entry(loose(id)).or_insert(i as u32);
        }
        let mut entries: Vec<Entry> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Entry {
                chars: id.chars().count() as u32,
                histogram: histogram(id),
                id: i as u32,
            })
            .collect();
        entries.sort_by_key(|e| (e.chars, e.id));
        Suggestions {
            ids,
            loose: loose_map,
            entries,
        }
    }

    /// The known id closest to `query`, if close.
    pub fn closest(&self, query: &str) -> Option<&str> {
        if let Some(&i) = self.loose.get(&loose(query)) {
            return Some(&self.ids[i as usize]);
        }
        let limit = allowed(query);
        if limit == 0 {
            return None;
        }
        let len = query.chars().count() as u32;
        let lo = len.saturating_sub(limit as u32);
        let hi = len + limit as u32;
        let start = self.entries.partition_point(|e| e.chars < lo);
        let q = histogram(query);
        let mut best: Option<(usize, u32)> = None;
        for e in self.entries[start..].iter().take_while(|e| e.chars <= hi) {
            let bag: u32 = q
                .iter()
                .zip(&e.histogram)
                .map(|(&a, &b)| u32::from(a.abs_diff(b)))
                .sum();
            if bag > 2 * limit as u32 {
                continue;
            }
            let Some(d) = within(query, &self.ids[e.id as usize], limit) else {
                continue;
            };
            if d <= limit && best.map_or(true, |(bd, bi)| (d, e.id) < (bd, bi)) {
                best = Some((d, e.id));
            }
        }
        best.map(|(_, i)| &*self.ids[i as usize])
    }
}

/// The Damerau–Levenshtein distance of `a` and `b` when at most `limit` (1 or 2), else None.
/// ASCII pairs are first checked by a banded optimal-string-alignment (OSA) distance that stops
/// as soon as every cell of a row passes `limit + 1` (O(l · limit), no hashing). That bound is
/// safe: an optimal Damerau–Levenshtein script of at most 2 operations holds at most one
/// transposition that another operation touches again, and replacing that transposition by
/// two plain edits gives an OSA script one longer (two transpositions, overlapping or not,
/// OSA does in 2), so OSA ≤ DL + 1. Only pairs within the bound get the exact distance
/// (strsim).
fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() && osa_above(a.as_bytes(), b.as_bytes(), limit + 1) {
        return None;
    }
    let d = strsim::damerau_levenshtein(a, b);
    (d <= limit).then_some(d)
}

/// True when the optimal-string-alignment distance of `a` and `b` is above `bound`.
fn osa_above(a: &[u8], b: &[u8], bound: usize) -> bool {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > bound {
        return true;
    }
    const BIG: usize = usize::MAX / 4;
    let mut prev2 = vec![BIG; m + 1];
    let mut prev: Vec<usize> = (0..=m).map(|j| if j <= bound { j } else { BIG }).collect();
    let mut cur = vec![BIG; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(bound).max(1);
        let hi = (i + bound).min(m);
        cur.iter_mut().for_each(|c| *c = BIG);
        cur[0] = if i <= bound { i } else { BIG };
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > bound {
            return true;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] > bound
}

/// `; did you mean `x`?` for a message, or nothing.
pub fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{}`?", super::table::shorten(s)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns() {
        let cols = ["id", "name", "parent", "customer_facing"];
        assert_eq!(closest("prent", cols), Some("parent"));
        assert_eq!(closest("custmer_facing", cols), Some("customer_facing"));
        assert_eq!(closest("CustomerFacing", cols), Some("customer_facing"));
        assert_eq!(closest("nme", cols), Some("name"));
        assert_eq!(closest("xy", cols), None);
        assert_eq!(closest("owner", cols), None);
    }

    #[test]
    fn ids() {
        let ids = [
            "store-operations",
            "store-tills",
            "digital-web-shop",
            "web",
            "team-000123",
            "team-000132",
            "team-000124",
        ];
        let s = Suggestions::new(ids.iter().copied());
        assert_eq!(s.closest("store-opertions"), Some("store-operations"));
        assert_eq!(s.closest("Store Operations"), Some("store-operations"));
        assert_eq!(s.closest("storeoperations"), Some("store-operations"));
        assert_eq!(s.closest("stroe-tills"), Some("store-tills"));
        assert_eq!(s.closest("wbe"), Some("web"));
        assert_eq!(s.closest("xx"), None);
        assert_eq!(s.closest("finance"), None);
        // Ties go to the smaller id.
        assert_eq!(s.closest("team-000122"), Some("team-000123"));
        assert_eq!(s.closest("team-00013"), Some("team-000123"));
    }

    #[test]
    fn the_banded_check_agrees_with_the_exact_distance() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "ca",
            "abcd",
            "badc",
            "store-ops",
            "stroe-ops",
            "store-opsx",
            "tsore-pos",
            "team-000123",
            "team-001023",
            "team-00123",
            "cab",
            "bca",
            "xabc",
            "abxc",
            "acbx",
        ];
        for a in words {
            for b in words {
                let d = strsim::damerau_levenshtein(a, b);
                for limit in 0..=2 {
                    assert_eq!(
                        within(a, b, limit),
                        (d <= limit).then_some(d),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_histogram_filter_never_drops_a_close_id() {
        let ids: Vec<String> = (0..2000).map(|i| format!("unit-{i:05}")).collect();
        let s = Suggestions::new(ids.iter().map(String::as_str));
        for q in [
            "unit-01234",
            "unti-01234",
            "unit-0123",
            "unit-012345",
            "uni-01234x",
        ] {
            let want = ids
                .iter()
                .map(|id| (strsim::damerau_levenshtein(q, id), id.as_str()))
                .filter(|&(d, _)| d <= 2)
                .min();
            assert_eq!(s.closest(q), want.map(|(_, id)| id), "{q}");
        }
    }
}
