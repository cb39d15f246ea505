//! The value type of every machine output: one typed cell of a table (`report::table`) and
//! the before/after values of `seams check`. A leaf module: it depends on nothing in the crate.

use serde::{Serialize, Serializer};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Unknown / not applicable: JSON `null`, empty CSV cell.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A real number (non-finite values are written as null).
    Float(f64),
    /// Text.
    Text(String),
    /// A list of texts: a JSON array; joined with `; ` in CSV.
    List(Vec<String>),
}

impl From<bool> for Cell {
    fn from(v: bool) -> Cell {
        Cell::Bool(v)
    }
}
impl From<f64> for Cell {
    fn from(v: f64) -> Cell {
        Cell::Float(v)
    }
}
impl From<usize> for Cell {
    fn from(v: usize) -> Cell {
        Cell::Int(v as i64)
    }
}
impl From<u32> for Cell {
    fn from(v: u32) -> Cell {
        Cell::Int(v as i64)
    }
}
impl From<u64> for Cell {
    fn from(v: u64) -> Cell {
        Cell::Int(v as i64)
    }
}
impl From<&str> for Cell {
    fn from(v: &str) -> Cell {
        Cell::Text(v.to_string())
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(v)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Null, Into::into)
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_none(),
            Cell::Bool(b) => s.serialize_bool(*b),
            Cell::Int(i) => s.serialize_i64(*i),
            Cell::Float(f) if f.is_finite() => {
                // Whole numbers print without ".0" so counts read as counts.
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    s.serialize_i64(*f as i64)
                } else {
                    s.serialize_f64(*f)
                }
            }
            Cell::Float(_) => s.serialize_none(),
            Cell::Text(t) => s.serialize_str(t),
            Cell::List(l) => l.serialize(s),
        }
    }
}

/// Neutralises a text cell that a spreadsheet would evaluate (docs/output.md: every CSV the tool writes): a leading
/// `= + - @`, tab or carriage return gets a `'` prefix, so `=cmd()` shows as text.
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}
