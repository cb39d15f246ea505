//! A machine table: named columns and typed cells, written identically as JSON (an array of
//! objects, keys in column order) and as CSV (RFC 4180, injection-safe). One definition per
//! table guarantees that JSON and CSV use the same column names.

use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

pub use crate::value::Cell;

/// A named table.
#[derive(Debug, Clone)]
pub struct Table {
    /// Table name (the JSON key and the CSV file stem).
    pub name: &'static str,
    /// Column names.
    pub columns: Vec<&'static str>,
    /// Rows; each has one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(name: &'static str, columns: &[&'static str]) -> Table {
        Table {
            name,
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (must have one cell per column).
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "table {}", self.name);
        self.rows.push(row);
    }

    /// Writes the table as CSV (RFC 4180; text cells that a spreadsheet would run as a formula
    /// are neutralised, numbers are written bare).
    pub fn write_csv(&self, w: &mut dyn Write) -> io::Result<()> {
        write_csv(&self.columns, w, &mut |row| {
            self.rows.iter().for_each(|r| row(r))
        })
    }
}

/// Hands each row of a table to the callback it is given.
type EachRow<'r> = &'r mut dyn FnMut(&mut dyn FnMut(&[Cell]));

/// The CSV writer both kinds of table share: the header, then each row `rows` hands over.
fn write_csv(columns: &[&'static str], w: &mut dyn Write, rows: EachRow<'_>) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    out.write_record(columns)?;
    let mut record: Vec<String> = Vec::with_capacity(columns.len());
    let mut result = Ok(());
    rows(&mut |row| {
        if result.is_ok() {
            record.clear();
            record.extend(row.iter().map(csv_cell));
            result = out.write_record(&record);
        }
    });
    result?;
    out.flush()?;
    Ok(())
}

/// A table whose rows are made while it is written, one at a time: the large tables of a
/// million-unit analysis (units, bottlenecks, congruence gaps) are never held whole, so the
/// document costs the memory of one row (docs/performance.md, "Memory"). JSON and CSV read
/// it exactly as they read a [`Table`]; each write makes the rows again.
pub struct StreamedTable<'a> {
    /// Table name (the JSON key and the CSV file stem).
    pub name: &'static str,
    /// Column names.
    pub columns: Vec<&'static str>,
    rows: Source<'a>,
}

/// Makes a table's rows, handing each to the callback.
type Fill<'a> = Box<dyn Fn(&mut dyn FnMut(&[Cell])) + Sync + 'a>;

enum Source<'a> {
    Built(Vec<Vec<Cell>>),
    Made(Fill<'a>),
}

impl std::fmt::Debug for StreamedTable<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamedTable")
            .field("name", &self.name)
            .field("columns", &self.columns)
            .finish_non_exhaustive()
    }
}

impl<'a> StreamedTable<'a> {
    /// A table whose rows `fill` makes, in order, each time the table is read (each row must
    /// have one cell per column).
    pub fn new(
        name: &'static str,
        columns: &[&'static str],
        fill: impl Fn(&mut dyn FnMut(&[Cell])) + Sync + 'a,
    ) -> StreamedTable<'a> {
        StreamedTable {
            name,
            columns: columns.to_vec(),
            rows: Source::Made(Box::new(fill)),
        }
    }

    /// Calls `f` with every row, in order.
    pub fn for_each_row(&self, f: &mut dyn FnMut(&[Cell])) {
        match &self.rows {
            Source::Built(rows) => rows.iter().for_each(|r| f(r)),
            Source::Made(fill) => fill(&mut |r: &[Cell]| {
                debug_assert_eq!(r.len(), self.columns.len(), "table {}", self.name);
                f(r)
            }),
        }
    }

    /// The rows made into a [`Table`] (for tests and small tables).
    pub fn collect(&self) -> Table {
        let mut t = Table::new(self.name, &self.columns);
        self.for_each_row(&mut |r| t.push(r.to_vec()));
        t
    }

    /// Writes the table as CSV, as [`Table::write_csv`] does.
    pub fn write_csv(&self, w: &mut dyn Write) -> io::Result<()> {
        write_csv(&self.columns, w, &mut |row| self.for_each_row(row))
    }
}

impl From<Table> for StreamedTable<'_> {
    fn from(t: Table) -> Self {
        StreamedTable {
            name: t.name,
            columns: t.columns,
            rows: Source::Built(t.rows),
        }
    }
}

impl Serialize for StreamedTable<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut result = Ok(());
        self.for_each_row(&mut |r| {
            if result.is_ok() {
                result = seq.serialize_element(&Row(&self.columns, r));
            }
        });
        result?;
        seq.end()
    }
}

/// A row as a JSON object, keys in column order.
struct Row<'a>(&'a [&'static str], &'a [Cell]);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter().zip(self.1) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Renders one cell for CSV.
fn csv_cell(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Bool(b) => b.to_string(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) if f.is_finite() => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                (*f as i64).to_string()
            } else {
                // serde_json's shortest round-trip form, identical to the JSON output.
                serde_json::to_string(f).unwrap_or_default()
            }
        }
        Cell::Float(_) => String::new(),
        Cell::Text(t) => neutralise(t),
        Cell::List(l) => neutralise(&l.join("; ")),
    }
}

pub use crate::value::neutralise;

impl Serialize for Table {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.rows.len()))?;
        for r in &self.rows {
            seq.serialize_element(&Row(&self.columns, r))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_table_writes_what_the_built_one_writes() {
        let cells = |i: u64| vec![Cell::from(format!("=u{i}")), Cell::from(i), Cell::Null];
        let mut built = Table::new("t", &["unit", "n", "x"]);
        for i in 0..3 {
            built.push(cells(i));
        }
        let streamed = StreamedTable::new("t", &["unit", "n", "x"], move |push| {
            for i in 0..3 {
                push(&cells(i));
            }
        });
        let empty = StreamedTable::new("e", &["a"], |_| {});
        let (mut a, mut b) = (Vec::new(), Vec::new());
        built.write_csv(&mut a).unwrap();
        streamed.write_csv(&mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string_pretty(&built).unwrap(),
            serde_json::to_string_pretty(&streamed).unwrap()
        );
        assert_eq!(streamed.collect().rows, built.rows);
        assert_eq!(serde_json::to_string_pretty(&empty).unwrap(), "[]");
        assert_eq!(
            serde_json::to_string_pretty(&StreamedTable::from(Table::new("e", &["a"]))).unwrap(),
            "[]"
        );
    }

    #[test]
    fn csv_is_injection_safe_and_numbers_bare() {
        let mut t = Table::new("t", &["unit", "ei_index", "n", "tags"]);
        t.push(vec![
            Cell::from("=cmd()"),
            Cell::from(-0.3),
            Cell::from(Some(2usize)),
            Cell::List(vec!["@a".into(), "b".into()]),
        ]);
        t.push(vec![
            Cell::from("a,b \"q\""),
            Cell::Null,
            Cell::from(f64::NAN),
            Cell::List(vec![]),
        ]);
        let mut out = Vec::new();
        t.write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "unit,ei_index,n,tags\r\n'=cmd(),-0.3,2,'@a; b\r\n\"a,b \"\"q\"\"\",,,\r\n"
        );
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"[{"unit":"=cmd()","ei_index":-0.3,"n":2,"tags":["@a","b"]},{"unit":"a,b \"q\"","ei_index":null,"n":null,"tags":[]}]"#
        );
    }
}
