//! The header of an export file matched against its schema: names normalised (case, spaces,
//! hyphens, BOM), the generic forms `X`, `X_id`, `<singular>_X`, the aliases other tools write
//! (`source`/`target`, `manager`, `owned_by`, …: one table in `docs/input-format.md`, "Header
//! aliases"), duplicates, missing required columns and "did you mean" for names close to a
//! column.

use super::suggest;
use super::table::FileDiagnostics;
use crate::error::DiagnosticKind;

/// One column a file understands.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Canonical (normalised) name, e.g. `customer_facing`.
    pub name: &'static str,
    /// Whether the file is rejected without it.
    pub required: bool,
    /// Names other tools give it (normalised, e.g. `reports_to`), used only when no header
    /// names the column itself.
    pub aliases: &'static [&'static str],
}

impl Column {
    /// A required column without aliases.
    pub const fn required(name: &'static str) -> Column {
        Column {
            name,
            required: true,
            aliases: &[],
        }
    }

    /// An optional column without aliases.
    pub const fn optional(name: &'static str) -> Column {
        Column {
            name,
            required: false,
            aliases: &[],
        }
    }

    /// The same column with the names other tools give it.
    pub const fn with_aliases(self, aliases: &'static [&'static str]) -> Column {
        Column { aliases, ..self }
    }
}

/// The columns of one file kind.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// File name inside the export, e.g. `teams.csv`.
    pub file: &'static str,
    /// Singular used in `<singular>_X` header aliases, e.g. `team`.
    pub singular: &'static str,
    /// Known columns.
    pub columns: &'static [Column],
}

impl Schema {
    /// `id,name,parent,…`: the columns, for messages.
    pub(super) fn expected_header(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Normalises a header name: trim, lowercase, spaces and hyphens to `_`.
pub fn normalise_header(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// Which known column a normalised header names by a generic form: `X`, `X_id`, `<singular>_X`.
pub(super) fn match_column(schema: &Schema, header: &str) -> Option<usize> {
    schema.columns.iter().position(|c| {
        header == c.name
            || header.strip_suffix("_id") == Some(c.name)
            || header
                .strip_prefix(schema.singular)
                .and_then(|rest| rest.strip_prefix('_'))
                == Some(c.name)
    })
}

/// Which known column a normalised header names by an alias of another tool (`A` or `A_id`).
fn match_alias(schema: &Schema, header: &str) -> Option<usize> {
    let bare = header.strip_suffix("_id").unwrap_or(header);
    schema
        .columns
        .iter()
        .position(|c| c.aliases.iter().any(|&a| a == header || a == bare))
}

/// Whether a normalised header names a column of `schema` (a generic form or an alias).
pub fn names_column(schema: &Schema, header: &str) -> bool {
    match_column(schema, header).is_some() || match_alias(schema, header).is_some()
}

/// What the header gives: for each schema column its field, the extra columns, and the
/// canonical column of each field.
pub(super) struct Matched {
    /// For each schema column, the field index holding it.
    pub index: Vec<Option<usize>>,
    /// Extra columns kept as attributes: (header as written, field index).
    pub extra: Vec<(String, usize)>,
}

/// Matches the header fields `texts` (as written, UTF-8; None for a field already reported as
/// unreadable) against `schema`. Errors (duplicates, missing required columns) are recorded at
/// `line`; a column written close to a known one gets "did you mean" (an error when the column
/// is required and missing, a warning when the field is kept as an extra column).
pub(super) fn match_header(
    schema: &Schema,
    texts: &[Option<&str>],
    line: u64,
    diags: &mut FileDiagnostics<'_>,
) -> Option<Matched> {
    let mut ok = true;
    let norms: Vec<Option<String>> = texts.iter().map(|t| t.map(normalise_header)).collect();
    let mut index: Vec<Option<usize>> = vec![None; schema.columns.len()];
    let mut taken = vec![false; texts.len()];
    // Generic forms first: they win over another tool's alias.
    for (i, norm) in norms.iter().enumerate() {
        let Some(norm) = norm else { continue };
        let Some(c) = match_column(schema, norm) else {
            continue;
        };
        taken[i] = true;
        match index[c] {
            Some(prev) => {
                report_duplicate(schema, c, prev, i, texts, line, diags);
                ok = false;
            }
            None => index[c] = Some(i),
        }
    }
    let strong = index.clone();
    for (i, norm) in norms.iter().enumerate() {
        let Some(norm) = norm else { continue };
        if taken[i] {
            continue;
        }
        let Some(c) = match_alias(schema, norm) else {
            continue;
        };
        if strong[c].is_some() {
            continue; // the column is named itself: this one is an extra column
        }
        taken[i] = true;
        match index[c] {
            Some(prev) => {
                report_duplicate(schema, c, prev, i, texts, line, diags);
                ok = false;
            }
            None => index[c] = Some(i),
        }
    }
    let mut extra: Vec<(String, usize)> = Vec::new();
    for (i, norm) in norms.iter().enumerate() {
        let (Some(norm), Some(text)) = (norm, texts[i]) else {
            continue;
        };
        if taken[i] || norm.is_empty() {
            continue; // an unnamed column carries nothing we could show
        }
        if extra.iter().any(|(n, _)| normalise_header(n) == *norm) {
            diags.report(
                Some(line),
                DiagnosticKind::Duplicate,
                Some(text.trim()),
                format!("column `{}` appears twice (keep one of them)", text.trim()),
            );
            ok = false;
            continue;
        }
        extra.push((text.trim().trim_start_matches('\u{feff}').to_string(), i));
    }
    let absent: Vec<&'static str> = schema
        .columns
        .iter()
        .zip(&index)
        .filter(|(_, f)| f.is_none())
        .map(|(c, _)| c.name)
        .collect();
    // The closest absent column of each extra field, if close.
    let close: Vec<(usize, &'static str)> = extra
        .iter()
        .filter_map(|(text, i)| {
            suggest::closest(&normalise_header(text), absent.iter().copied()).map(|c| (*i, c))
        })
        .collect();
    for (c, col) in schema.columns.iter().enumerate() {
        if index[c].is_some() || !col.required {
            continue;
        }
        let hint = match close.iter().find(|&&(_, name)| name == col.name) {
            Some(&(i, _)) => format!(
                "; did you mean column {} (`{}`)?",
                i + 1,
                texts[i].unwrap_or_default().trim()
            ),
            None => String::new(),
        };
        diags.report(
            Some(line),
            DiagnosticKind::MissingColumn,
            Some(col.name),
            format!(
                "missing required column `{}`{hint} (the header must name it; expected columns: {})",
                col.name,
                schema.expected_header()
            ),
        );
        ok = false;
    }
    for &(i, name) in &close {
        let required = schema.columns.iter().any(|c| c.name == name && c.required);
        if !required {
            diags.warning(
                Some(line),
                format!(
                    "column {} (`{}`) is not a column of {} and is kept as an extra column; did you mean `{name}`?",
                    i + 1,
                    texts[i].unwrap_or_default().trim(),
                    schema.file
                ),
            );
        }
    }
    ok.then_some(Matched { index, extra })
}

/// Two fields name column `c`: says which names matched, so an alias is not a mystery.
fn report_duplicate(
    schema: &Schema,
    c: usize,
    prev: usize,
    i: usize,
    texts: &[Option<&str>],
    line: u64,
    diags: &mut FileDiagnostics<'_>,
) {
    let name = schema.columns[c].name;
    let shown = |f: usize| {
        texts[f]
            .unwrap_or_default()
            .trim()
            .trim_start_matches('\u{feff}')
    };
    let is_name = |f: usize| normalise_header(shown(f)) == name;
    let message = if is_name(prev) && is_name(i) {
        format!(
            "columns {} and {} both name column `{name}` (keep one of them)",
            prev + 1,
            i + 1
        )
    } else if is_name(prev) {
        format!(
            "column {} (`{}`) is an alias of `{name}`, which column {} already is (keep one of them)",
            i + 1,
            shown(i),
            prev + 1
        )
    } else {
        format!(
            "columns {} (`{}`) and {} (`{}`) are both aliases of `{name}` (keep one of them)",
            prev + 1,
            shown(prev),
            i + 1,
            shown(i)
        )
    };
    diags.report(Some(line), DiagnosticKind::Duplicate, Some(name), message);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        file: "teams.csv",
        singular: "team",
        columns: &[
            Column::required("id"),
            Column::required("parent").with_aliases(&["manager", "reports_to"]),
            Column::optional("customer_facing"),
        ],
    };

    #[test]
    fn header_aliases() {
        assert_eq!(normalise_header("\u{feff} Team ID "), "team_id");
        assert_eq!(normalise_header("Customer-Facing"), "customer_facing");
        assert_eq!(match_column(&SCHEMA, "team_id"), Some(0));
        assert_eq!(match_column(&SCHEMA, "id"), Some(0));
        assert_eq!(match_column(&SCHEMA, "parent_id"), Some(1));
        assert_eq!(match_column(&SCHEMA, "team_parent"), Some(1));
        assert_eq!(match_column(&SCHEMA, "customer_facing"), Some(2));
        assert_eq!(match_column(&SCHEMA, "owner"), None);
        assert_eq!(match_alias(&SCHEMA, "reports_to"), Some(1));
        assert_eq!(match_alias(&SCHEMA, "manager_id"), Some(1));
        assert!(names_column(&SCHEMA, "manager"));
        assert!(!names_column(&SCHEMA, "boss"));
    }

    fn matched(header: &[&str]) -> (Option<Matched>, Vec<String>) {
        let mut out = Vec::new();
        let path = std::path::Path::new("teams.csv");
        let mut diags = FileDiagnostics::new(path, &mut out);
        let texts: Vec<Option<&str>> = header.iter().map(|h| Some(*h)).collect();
        let m = match_header(&SCHEMA, &texts, 1, &mut diags);
        diags.finish();
        (m, out.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn an_alias_is_used_only_when_the_column_itself_is_absent() {
        let (m, msgs) = matched(&["id", "Reports To"]);
        assert_eq!(m.unwrap().index, vec![Some(0), Some(1), None]);
        assert!(msgs.is_empty(), "{msgs:?}");
        // `manager` beside `parent` is a person's name: an extra column.
        let (m, msgs) = matched(&["id", "parent", "manager"]);
        let m = m.unwrap();
        assert_eq!(m.index, vec![Some(0), Some(1), None]);
        assert_eq!(m.extra, vec![("manager".to_string(), 2)]);
        assert!(msgs.is_empty(), "{msgs:?}");
    }

    #[test]
    fn duplicates_name_the_alias_they_matched() {
        let (m, msgs) = matched(&["id", "parent", "Team ID"]);
        assert!(m.is_none());
        assert_eq!(
            msgs,
            ["column 3 (`Team ID`) is an alias of `id`, which column 1 already is (keep one of them)"]
        );
        let (_, msgs) = matched(&["id", "manager", "reports_to"]);
        assert_eq!(
            msgs,
            ["columns 2 (`manager`) and 3 (`reports_to`) are both aliases of `parent` (keep one of them)"]
        );
    }

    #[test]
    fn a_close_name_gets_did_you_mean() {
        let (m, msgs) = matched(&["id", "prent"]);
        assert!(m.is_none());
        assert!(
            msgs[0].starts_with("missing required column `parent`; did you mean column 2 (`prent`)? (the header must name it"),
            "{msgs:?}"
        );
        let (m, msgs) = matched(&["id", "parent", "Custmer Facing"]);
        assert!(m.is_some());
        assert_eq!(
            msgs,
            ["column 3 (`Custmer Facing`) is not a column of teams.csv and is kept as an extra column; did you mean `customer_facing`?"]
        );
    }
}
