//! Spreadsheet dialects: which delimiter separates the fields of a file (`,`, `;`, tab or `|`,
//! detected from the header line or forced with `--delimiter`), whether its numbers may use a
//! decimal comma, and the [`ReadOptions`] every CSV reader of ingest is given
//! (`docs/input-format.md`, "Dialects").

use serde::Serialize;

use super::encoding::Encoding;
use super::table::{self, Schema};

/// What separates the fields of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    /// `,` (RFC 4180).
    Comma,
    /// `;` (Excel in locales whose decimal mark is a comma).
    Semicolon,
    /// A tab (Excel's "Unicode text").
    Tab,
    /// `|`.
    Pipe,
}

impl Delimiter {
    /// Every delimiter, in the order detection prefers them on a tie.
    pub const ALL: [Delimiter; 4] = [
        Delimiter::Comma,
        Delimiter::Semicolon,
        Delimiter::Tab,
        Delimiter::Pipe,
    ];

    /// The byte.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
            Delimiter::Pipe => b'|',
        }
    }

    /// How messages and `validate` name it: `comma-separated`, `tab-separated`, …
    pub fn describe(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma-separated",
            Delimiter::Semicolon => "`;`-separated",
            Delimiter::Tab => "tab-separated",
            Delimiter::Pipe => "`|`-separated",
        }
    }

    /// Numbers may use a decimal comma: the delimiter is not a comma itself.
    pub fn allows_decimal_comma(self) -> bool {
        matches!(self, Delimiter::Semicolon | Delimiter::Tab)
    }

    /// Parses a `--delimiter` value: `,` `;` `|` a tab, or `comma`, `semicolon`, `tab`, `pipe`.
    pub fn parse(text: &str) -> Option<Delimiter> {
        match text {
            "," | "comma" => Some(Delimiter::Comma),
            ";" | "semicolon" => Some(Delimiter::Semicolon),
            "\t" | "tab" | "\\t" => Some(Delimiter::Tab),
            "|" | "pipe" => Some(Delimiter::Pipe),
            _ => None,
        }
    }
}

/// How the CSV files of an export (or an event log) are read. The default reads UTF-8 and
/// detects the delimiter of each file from its header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The delimiter of every file (`--delimiter`); None = detected per file.
    pub delimiter: Option<Delimiter>,
    /// The encoding of every file (`--encoding`); None = UTF-8, with a hint naming the
    /// encoding the bytes look like when they are not UTF-8.
    pub encoding: Option<Encoding>,
}

/// How one file was read, as `seams validate` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDialect {
    /// The file name inside the export, e.g. `teams.csv`.
    pub file: String,
    /// The delimiter used.
    pub delimiter: Delimiter,
    /// True when detected from the header (false: set with `--delimiter`).
    pub delimiter_detected: bool,
    /// The encoding read.
    pub encoding: Encoding,
    /// Numbers may use a decimal comma (the delimiter is `;` or a tab).
    pub decimal_comma: bool,
}

/// The delimiter of a file whose first line (the header, without its line break and BOM) is
/// `header`: the one that splits it into the most fields naming columns of `schema` (a column
/// name or one of its aliases), else into the most fields; on a tie, the first of `,` `;` tab
/// `|`. A header of one field is comma-separated.
///
/// # Complexity
/// O(4 · h) for a header of h bytes.
pub fn detect(header: &[u8], schema: &Schema) -> Delimiter {
    let mut best = (Delimiter::Comma, 0usize, 0usize);
    for d in Delimiter::ALL {
        let fields = split_header(header, d.byte());
        let known = fields
            .iter()
            .filter(|f| {
                std::str::from_utf8(f)
                    .is_ok_and(|t| table::names_column(schema, &table::normalise_header(t)))
            })
            .count();
        if (known, fields.len()) > (best.1, best.2) {
            best = (d, known, fields.len());
        }
    }
    best.0
}

/// The fields of one header line split on `delimiter`, honouring RFC 4180 quotes.
fn split_header(line: &[u8], delimiter: u8) -> Vec<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(<[u8]>::to_vec).collect(),
        _ => Vec::new(),
    }
}

/// The first line of `head` that is not blank, without its line break and a UTF-8 BOM: the
/// header a delimiter is detected from. A line break inside a quoted value does not end it.
pub(super) fn first_line(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|&b| b != b'\n' && b != b'\r')
        .unwrap_or(head.len());
    let mut quoted = false;
    for (i, &b) in head[start..].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => return &head[start..start + i],
            _ => {}
        }
    }
    &head[start..]
}

/// Whether `head` (the bytes read so far) holds the whole header line.
pub(super) fn has_header_line(head: &[u8]) -> bool {
    let line = first_line(head);
    let end = line.as_ptr() as usize - head.as_ptr() as usize + line.len();
    end < head.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::Column;

    const TEAMS: Schema = Schema {
        file: "teams.csv",
        singular: "team",
        columns: &[
            Column::required("id"),
            Column::optional("name"),
            Column::required("parent").with_aliases(&["manager", "reports_to"]),
        ],
    };

    #[test]
    fn the_delimiter_naming_the_most_columns_wins() {
        assert_eq!(detect(b"id,name,parent", &TEAMS), Delimiter::Comma);
        assert_eq!(detect(b"id;name;parent", &TEAMS), Delimiter::Semicolon);
        assert_eq!(detect(b"id\tname\tparent", &TEAMS), Delimiter::Tab);
        assert_eq!(detect(b"Team ID|Name|Reports To", &TEAMS), Delimiter::Pipe);
        // A `;` inside a comma-separated header does not win: `;` names no column.
        assert_eq!(
            detect(b"id,name,parent,a;b;c;d;e", &TEAMS),
            Delimiter::Comma
        );
        // A quoted `,` inside a `;` header.
        assert_eq!(
            detect(b"id;\"name, full\";parent", &TEAMS),
            Delimiter::Semicolon
        );
        // No known column: the most fields.
        assert_eq!(detect(b"a;b;c,d", &TEAMS), Delimiter::Semicolon);
        // One field, or a tie: comma.
        assert_eq!(detect(b"id", &TEAMS), Delimiter::Comma);
        assert_eq!(detect(b"a;b,c", &TEAMS), Delimiter::Comma);
    }

    #[test]
    fn the_header_line_skips_bom_and_blank_lines_and_quoted_breaks() {
        assert_eq!(first_line(b"\xef\xbb\xbf\n\r\nid;x\nrow"), b"id;x");
        assert_eq!(first_line(b"\"a\nb\";c\r\n1;2"), b"\"a\nb\";c");
        assert_eq!(first_line(b"id;x"), b"id;x");
        assert!(has_header_line(b"id;x\n"));
        assert!(!has_header_line(b"id;x"));
        assert!(!has_header_line(b"\n\n"));
    }

    #[test]
    fn delimiter_flag_values() {
        assert_eq!(Delimiter::parse(";"), Some(Delimiter::Semicolon));
        assert_eq!(Delimiter::parse("tab"), Some(Delimiter::Tab));
        assert_eq!(Delimiter::parse("\t"), Some(Delimiter::Tab));
        assert_eq!(Delimiter::parse("colon"), None);
        assert!(Delimiter::Semicolon.allows_decimal_comma());
        assert!(!Delimiter::Comma.allows_decimal_comma());
        assert!(!Delimiter::Pipe.allows_decimal_comma());
    }
}
