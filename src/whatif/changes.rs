//! Reading a changes file (`changes.toml`, docs/whatif.md): TOML with spans, every entry read
//! on its own with `deny_unknown_fields`, so every problem of the file is reported at once as
//! `changes.toml:LINE: … (expected …)`. Ids are checked later, against the export
//! ([`super::apply`]).

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use crate::error::{Diagnostic, Diagnostics, SeamsError};
use crate::ingest::table::MAX_NUMBER;

/// The kinds of change, as the changes file names them (`[[move]]`, …).
pub const KINDS: [&str; 4] = ["move", "merge", "channel", "owner"];

/// One proposed change, with the line of its table in the changes file.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Line of the change's `[[kind]]` header (or inline table) in the changes file.
    pub line: u64,
    /// What to change.
    pub what: What,
}

/// An id given in the changes file, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Id {
    /// The id as written (trimmed).
    pub id: String,
    /// Its line in the changes file.
    pub line: u64,
}

/// What a change does (docs/whatif.md).
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// `[[move]] unit = "…", parent = "…"`: the unit and its subtree get a new parent (None:
    /// the unit becomes a root).
    Move {
        /// The unit moved.
        unit: Id,
        /// Its new parent; None for `parent = ""`.
        parent: Option<Id>,
    },
    /// `[[merge]] units = [...], into = "…"`: the units become `into`.
    Merge {
        /// The units merged, as listed.
        units: Vec<Id>,
        /// The unit they become.
        into: Id,
    },
    /// `[[channel]] from = "…", to = "…", volume = N`: sets the handoff from → to to one
    /// channel of `volume` (0 closes it).
    Channel {
        /// Who hands over (a unit id or `customer`).
        from: Id,
        /// Who receives.
        to: Id,
        /// The new volume (≥ 0; 0 removes the handoff).
        volume: f64,
        /// The new wait, when given.
        wait_hours: Option<f64>,
    },
    /// `[[owner]] system = "…", owner = "…"`: the system's owners become `owner` (unit ids
    /// separated by `;`; empty: no owner).
    Owner {
        /// The system.
        system: Id,
        /// The new owners, in the order given (blank entries dropped).
        owners: Vec<Id>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveEntry {
    unit: Spanned<String>,
    parent: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeEntry {
    units: Vec<Spanned<String>>,
    into: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelEntry {
    from: Spanned<String>,
    to: Spanned<String>,
    volume: Spanned<f64>,
    wait_hours: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnerEntry {
    system: Spanned<String>,
    owner: Spanned<String>,
}

/// What each kind expects, for messages.
fn expected(kind: &str) -> &'static str {
    match kind {
        "move" => "unit = \"ID\", parent = \"ID\" (or \"\" for a root)",
        "merge" => "units = [\"ID\", \"ID\"], into = \"ID\"",
        "channel" => "from = \"ID\", to = \"ID\", volume = N, and optionally wait_hours = N",
        _ => "system = \"ID\", owner = \"ID;ID\" (or \"\" for no owner)",
    }
}

/// Reads and parses a changes file.
///
/// # Errors
/// [`SeamsError::InvalidInput`] with every problem as `file:line` (a TOML syntax error is one
/// problem: the rest of the file cannot be read); [`SeamsError::Io`] when it cannot be read.
pub fn read(path: &Path) -> Result<Vec<Change>, SeamsError> {
    let bytes = std::fs::read(path).map_err(|e| SeamsError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + upto.iter().filter(|&&b| b == b'\n').count() as u64;
        invalid(vec![Diagnostic::error(
            path,
            Some(line),
            "invalid UTF-8 (expected a changes file in UTF-8 text)".to_string(),
        )])
    })?;
    parse(&text, path)
}

/// Parses the text of a changes file (`path` names it in messages).
///
/// # Returns
/// The changes in file order (by the position of their tables, whatever their kind).
///
/// # Errors
/// As [`read`], without the I/O.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Change>, SeamsError> {
    let mut diags = Vec::new();
    let mut bad = |span: Option<Range<usize>>, message: String| {
        diags.push(Diagnostic::error(
            path,
            span.map(|s| line_of(text, s.start)),
            message,
        ));
    };
    let doc = match DeTable::parse(text) {
        Ok(d) => d,
        Err(e) => {
            bad(
                e.span(),
                format!(
                    "{} (expected TOML: docs/whatif.md shows a changes file)",
                    one_line(e.message())
                ),
            );
            return Err(invalid(diags));
        }
    };
    let mut changes: Vec<(usize, Change)> = Vec::new();
    for (key, value) in doc.into_inner() {
        let kind = key.get_ref().as_ref();
        let Some(kind) = KINDS.iter().copied().find(|k| *k == kind) else {
            bad(
                Some(key.span()),
                format!(
                    "unknown change `{kind}` (expected [[move]], [[merge]], [[channel]] or [[owner]]{})",
                    suggestion(kind, KINDS.iter().copied())
                ),
            );
            continue;
        };
        let span = value.span();
        let DeValue::Array(entries) = value.into_inner() else {
            bad(
                Some(span),
                format!("`{kind}` must be an array of tables: write [[{kind}]] (expected [[{kind}]] then {})", expected(kind)),
            );
            continue;
        };
        for entry in entries {
            let start = entry.span().start;
            let line = line_of(text, start);
            if !entry.get_ref().is_table() {
                bad(
                    Some(entry.span()),
                    format!(
                        "[[{kind}]]: expected a table ({}), found a {}",
                        expected(kind),
                        entry.get_ref().type_str()
                    ),
                );
                continue;
            }
            match entry_of(kind, entry, text) {
                Ok(what) => changes.push((start, Change { line, what })),
                Err((span, message)) => bad(span.or(Some(start..start)), message),
            }
        }
    }
    if !diags.is_empty() {
        diags.sort_by_key(|d| d.line);
        return Err(invalid(diags));
    }
    changes.sort_by_key(|(start, _)| *start);
    Ok(changes.into_iter().map(|(_, c)| c).collect())
}

type EntryError = (Option<Range<usize>>, String);

/// One `[[kind]]` table → its [`What`].
fn entry_of(kind: &str, entry: Spanned<DeValue<'_>>, text: &str) -> Result<What, EntryError> {
    let id = |s: Spanned<String>| Id {
        line: line_of(text, s.span().start),
        id: s.into_inner().trim().to_string(),
    };
    let de = ValueDeserializer::from(entry);
    let serde_error = |e: toml::de::Error| -> EntryError {
        (
            e.span(),
            format!(
                "[[{kind}]]: {} (expected {})",
                one_line(e.message()),
                expected(kind)
            ),
        )
    };
    let blank = |s: &Spanned<String>, key: &str| -> Result<(), EntryError> {
        if s.get_ref().trim().is_empty() {
            Err((
                Some(s.span()),
                format!("[[{kind}]]: `{key}` is blank (expected {})", expected(kind)),
            ))
        } else {
            Ok(())
        }
    };
    match kind {
        "move" => {
            let e = MoveEntry::deserialize(de).map_err(serde_error)?;
            blank(&e.unit, "unit")?;
            let parent = (!e.parent.get_ref().trim().is_empty()).then(|| id(e.parent));
            Ok(What::Move {
                unit: id(e.unit),
                parent,
            })
        }
        "merge" => {
            let e = MergeEntry::deserialize(de).map_err(serde_error)?;
            blank(&e.into, "into")?;
            for u in &e.units {
                blank(u, "units")?;
            }
            Ok(What::Merge {
                units: e.units.into_iter().map(id).collect(),
                into: id(e.into),
            })
        }
        "channel" => {
            let e = ChannelEntry::deserialize(de).map_err(serde_error)?;
            blank(&e.from, "from")?;
            blank(&e.to, "to")?;
            let number = |n: &Spanned<f64>, key: &str| -> Result<f64, EntryError> {
                let x = *n.get_ref();
                if (0.0..=MAX_NUMBER).contains(&x) {
                    Ok(x)
                } else {
                    Err((
                        Some(n.span()),
                        format!(
                            "[[channel]]: `{key}` = {x} is out of range (expected a number from 0 to {MAX_NUMBER:e})"
                        ),
                    ))
                }
            };
            let volume = number(&e.volume, "volume")?;
            let wait_hours = match &e.wait_hours {
                Some(w) => Some(number(w, "wait_hours")?),
                None => None,
            };
            Ok(What::Channel {
                from: id(e.from),
                to: id(e.to),
                volume,
                wait_hours,
            })
        }
        _ => {
            let e = OwnerEntry::deserialize(de).map_err(serde_error)?;
            blank(&e.system, "system")?;
            let owner_line = line_of(text, e.owner.span().start);
            let owners = e
                .owner
                .get_ref()
                .split(';')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| Id {
                    id: o.to_string(),
                    line: owner_line,
                })
                .collect();
            Ok(What::Owner {
                system: id(e.system),
                owners,
            })
        }
    }
}

/// ` (did you mean `x`?)` when one of `known` is close to `given`, else nothing.
pub fn suggestion<'a>(given: &str, known: impl Iterator<Item = &'a str>) -> String {
    let best = known
        .map(|k| (strsim::normalized_damerau_levenshtein(given, k), k))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    match best {
        Some((_, k)) => format!("; did you mean `{k}`?"),
        None => String::new(),
    }
}

fn invalid(items: Vec<Diagnostic>) -> SeamsError {
    SeamsError::InvalidInput(Diagnostics { items })
}

/// toml's message on one line.
fn one_line(message: &str) -> String {
    message.trim().replace('\n', " ")
}

/// 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> u64 {
    let upto = &text.as_bytes()[..offset.min(text.len())];
    1 + upto.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        match parse(text, Path::new("changes.toml")) {
            Err(SeamsError::InvalidInput(d)) => d.items.iter().map(|d| d.to_string()).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn changes_come_in_file_order_whatever_their_kind() {
        let text = r#"
[[merge]]
units = ["a", "b"]
into = "a"

[[move]]
unit = "c"
parent = ""

[[merge]]
units = ["d", "e"]
into = "e"

[[channel]]
from = "customer"
to = "x"
volume = 3
wait_hours = 0.5

[[owner]]
system = "s"
owner = "a; b ;"
"#;
        let got = parse(text, Path::new("changes.toml")).unwrap();
        let lines: Vec<u64> = got.iter().map(|c| c.line).collect();
        assert_eq!(lines, vec![2, 6, 10, 14, 20]);
        assert!(matches!(&got[1].what, What::Move { parent: None, .. }));
        match &got[3].what {
            What::Channel {
                volume, wait_hours, ..
            } => assert_eq!((*volume, *wait_hours), (3.0, Some(0.5))),
            w => panic!("{w:?}"),
        }
        match &got[4].what {
            What::Owner { owners, .. } => {
                let ids: Vec<&str> = owners.iter().map(|o| o.id.as_str()).collect();
                assert_eq!(ids, vec!["a", "b"]);
            }
            w => panic!("{w:?}"),
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = r#"[[move]]
unit = "a"
parnet = "b"

[[mvoe]]
unit = "x"

[[channel]]
from = "a"
to = "b"
volume = -1

[[merge]]
units = ["a"]
"#;
        let m = messages(text);
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(
            m[0].starts_with("changes.toml:3: [[move]]: unknown field `parnet`"),
            "{m:?}"
        );
        assert!(
            m[1].starts_with("changes.toml:5: unknown change `mvoe`"),
            "{m:?}"
        );
        assert!(m[1].contains("did you mean `move`?"), "{m:?}");
        assert!(
            m[2].starts_with("changes.toml:11: [[channel]]: `volume` = -1 is out of range"),
            "{m:?}"
        );
        assert!(
            m[3].starts_with("changes.toml:13: [[merge]]: missing field `into`"),
            "{m:?}"
        );
    }

    #[test]
    fn a_syntax_error_is_one_error() {
        let m = messages("[[move]\nunit = \"a\"\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("changes.toml:1: "), "{m:?}");
    }

    #[test]
    fn a_plain_table_is_not_an_array_of_tables() {
        let m = messages("[move]\nunit = \"a\"\nparent = \"b\"\n");
        assert!(m[0].contains("write [[move]]"), "{m:?}");
    }
}
