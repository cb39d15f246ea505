//! Writes a [`LogExport`] as an export: `teams.csv`, `handoffs.csv`, `journeys.csv`
//! (docs/event-logs.md), each atomically, every text cell neutralised against spreadsheet
//! formulas in a way the export reader undoes ([`cell`]; docs/input-format.md).

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc;

use rayon::iter::ParallelIterator;
use rayon::slice::ParallelSlice;

use crate::error::SeamsError;
use crate::ingest::eventlog::{LogExport, LogJourney};
use crate::output::write_atomic;
use crate::value::neutralise;

/// A text cell as written: a value a spreadsheet would run as a formula gets a leading `'`,
/// and so does a value that only `'`s separate from such a start, so the export reader
/// (`ingest::table::strip_formula_quote`) can drop exactly one `'` and get the value back.
///
/// The formula starts (`=`, `+`, `-`, `@`, tab, carriage return) are those of
/// [`neutralise`], which `analyze --out` uses; the rule is in docs/input-format.md.
///
/// # Examples
/// ```
/// use seams::import::writer::cell;
/// assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(cell("'-2"), "''-2");
/// assert_eq!(cell("it's"), "it's");
/// assert_eq!(cell("'quoted'"), "'quoted'");
/// ```
pub fn cell(text: &str) -> Cow<'_, str> {
    let after_quotes = text.trim_start_matches('\'');
    if neutralise(after_quotes).len() == after_quotes.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("'{text}"))
    }
}

/// Export files another export may hold that `import-log` does not write: their presence in the
/// output directory would mix two organisations.
const FOREIGN_FILES: [&str; 2] = ["systems.csv", "dependencies.csv"];

/// Writes `teams.csv`, `handoffs.csv` and `journeys.csv` into `dir` (which must exist), each
/// atomically (temporary file, then rename), journeys.csv beside the other two.
///
/// - `teams.csv`: `id,parent,kind,events`; silo units first (roots, kind = the silo
///   column's name), then the teams (kind = the team column's name), each sorted by id.
/// - `handoffs.csv`: `from,to,volume,wait_hours`, sorted by (from, to).
/// - `journeys.csv`: `journey,step,team,activity,wait_hours` (plus `events` when repeats are
///   collapsed), by case id then step; `wait_hours` blank on step 1.
///
/// # Returns
/// [`SeamsError::Usage`] when `dir` already holds `systems.csv` or `dependencies.csv` (they
/// would belong to another export); [`SeamsError::Io`] when writing fails.
pub fn write(export: &LogExport, dir: &Path) -> Result<(), SeamsError> {
    let foreign: Vec<&str> = FOREIGN_FILES
        .iter()
        .copied()
        .filter(|f| dir.join(f).exists())
        .collect();
    if !foreign.is_empty() {
        return Err(SeamsError::Usage(format!(
            "{} already holds {} from another export; the imported log would be mixed with it (choose an empty directory, or remove those files)",
            dir.display(),
            foreign.join(" and ")
        )));
    }
    // The two small files on a thread of their own, beside the big journeys.csv: their fsyncs
    // overlap, and the rayon pool stays free for encoding journeys.csv.
    std::thread::scope(|scope| {
        let small = scope.spawn(|| {
            write_atomic(&dir.join("teams.csv"), |w| write_teams(export, w))?;
            write_atomic(&dir.join("handoffs.csv"), |w| write_handoffs(export, w))
        });
        let journeys = write_atomic(&dir.join("journeys.csv"), |w| write_journeys(export, w));
        let small = match small.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        journeys.and(small)
    })
}

/// teams.csv (every text through [`cell`]).
/// With `--customer-team` a `customer_facing` column is added: `true` for those teams, blank
/// (unknown) for the others and for silo units.
pub fn write_teams(export: &LogExport, w: &mut dyn Write) -> io::Result<()> {
    let mut out = csv_writer(w);
    let facing = !export.customer_facing.is_empty();
    let mut header = vec!["id", "parent", "kind", "events"];
    if facing {
        header.push("customer_facing");
    }
    out.write_record(&header)?;
    let silo_kind = export.kinds.1.as_deref().unwrap_or("silo");
    let mut n = Num::default();
    for s in &export.silos {
        out.write_field(cell(&s.id).as_bytes())?;
        out.write_field(b"")?;
        out.write_field(cell(silo_kind).as_bytes())?;
        out.write_field(n.int(s.events))?;
        if facing {
            out.write_field(b"")?;
        }
        out.write_record(None::<&[u8]>)?;
    }
    for (i, t) in export.teams.iter().enumerate() {
        let parent = t
            .parent
            .map_or("", |p| export.silos[p as usize].id.as_str());
        out.write_field(cell(&t.id).as_bytes())?;
        out.write_field(cell(parent).as_bytes())?;
        out.write_field(cell(&export.kinds.0).as_bytes())?;
        out.write_field(n.int(t.events))?;
        if facing {
            let yes = export.customer_facing.get(i).copied().unwrap_or(false);
            out.write_field(if yes { &b"true"[..] } else { b"" })?;
        }
        out.write_record(None::<&[u8]>)?;
    }
    out.flush()
}

/// handoffs.csv (every text through [`cell`]).
///
/// With `--customer-activity` the customer's rows are added (`wait_hours` blank: the log does
/// not say how long the customer took), in the order export readers sort handoffs: the
/// customer first, then by unit id: every `customer → T` row, then per team its
/// `T → customer` row followed by its team handoffs.
pub fn write_handoffs(export: &LogExport, w: &mut dyn Write) -> io::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(["from", "to", "volume", "wait_hours"])?;
    let (mut n, mut x) = (Num::default(), Num::default());
    let id = |t: u32| cell(&export.teams[t as usize].id);
    for (t, &v) in export.customer_from.iter().enumerate() {
        if v > 0 {
            out.write_record([b"customer", id(t as u32).as_bytes(), n.int(v), b""])?;
        }
    }
    let mut next = export.handoffs.iter().peekable();
    for t in 0..export.teams.len() as u32 {
        if let Some(&v) = export.customer_to.get(t as usize).filter(|&&v| v > 0) {
            out.write_record([id(t).as_bytes(), b"customer", n.int(v), b""])?;
        }
        while let Some(h) = next.next_if(|h| h.from == t) {
            out.write_record([
                id(h.from).as_bytes(),
                id(h.to).as_bytes(),
                n.int(h.volume),
                x.float(h.wait_hours),
            ])?;
        }
    }
    out.flush()
}

/// journeys.csv. Rows are assembled as bytes: each distinct case, team and activity is
/// neutralised ([`cell`]) and CSV-encoded once, and numbers are formatted without `fmt` (the
/// file has a row per event).
/// Windows of journeys are encoded in parallel (rayon) on a helper thread while this one
/// writes the previous window, so the output is the same bytes as a sequential encoding.
pub fn write_journeys(export: &LogExport, w: &mut dyn Write) -> io::Result<()> {
    /// Journeys encoded as one buffer, and per window (in parallel).
    const CHUNK: usize = 1024;
    const WINDOW: usize = 16 * CHUNK;
    let teams: Vec<Vec<u8>> = export.teams.iter().map(|t| csv_field(&t.id)).collect();
    let activities: Vec<Vec<u8>> = export.activities.iter().map(|a| csv_field(a)).collect();
    let mut header = b"journey,step,team,activity,wait_hours".to_vec();
    if export.collapse_repeats {
        header.extend_from_slice(b",events");
    }
    header.push(b'\n');
    w.write_all(&header)?;
    let (teams, activities) = (&teams, &activities);
    let (tx, rx) = mpsc::sync_channel::<Vec<Vec<u8>>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for window in export.journeys.chunks(WINDOW) {
                let encoded: Vec<Vec<u8>> = window
                    .par_chunks(CHUNK)
                    .map(|js| encode_journeys(export.collapse_repeats, js, teams, activities))
                    .collect();
                if tx.send(encoded).is_err() {
                    break; // the writer stopped on an error
                }
            }
        });
        for encoded in rx {
            for buf in encoded {
                w.write_all(&buf)?;
            }
        }
        w.flush()
    })
}

/// The journeys.csv rows of `journeys` (`teams` and `activities` CSV-encoded by index).
fn encode_journeys(
    collapse_repeats: bool,
    journeys: &[LogJourney],
    teams: &[Vec<u8>],
    activities: &[Vec<u8>],
) -> Vec<u8> {
    let mut buf: Vec<u8> = Vec::with_capacity(journeys.len() * 256);
    let mut n = Num::default();
    for j in journeys {
        let case = csv_field(&j.id);
        for (k, s) in j.steps.iter().enumerate() {
            buf.extend_from_slice(&case);
            buf.push(b',');
            buf.extend_from_slice(n.int(k as u64 + 1));
            buf.push(b',');
            buf.extend_from_slice(&teams[s.team as usize]);
            buf.push(b',');
            if let Some(a) = s.activity {
                buf.extend_from_slice(&activities[a as usize]);
            }
            buf.push(b',');
            if let Some(h) = s.wait_hours {
                buf.extend_from_slice(n.float(h));
            }
            if collapse_repeats {
                buf.push(b',');
                buf.extend_from_slice(n.int(s.events as u64));
            }
            buf.push(b'\n');
        }
    }
    buf
}

/// One CSV field as written: neutralised ([`cell`]), then (RFC 4180) quoted, with `"` doubled,
/// when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> Vec<u8> {
    let text = cell(text);
    if !text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        return text.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'"');
    for b in text.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
    out
}

fn csv_writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(w)
}

/// Reusable buffers for formatting one number.
#[derive(Default)]
struct Num {
    int: itoa::Buffer,
    float: ryu::Buffer,
}

impl Num {
    fn int(&mut self, v: u64) -> &[u8] {
        self.int.format(v).as_bytes()
    }

    /// The shortest text that reads back as the same f64, without a trailing `.0` (`2`, `0.5`,
    /// `1e-7`).
    fn float(&mut self, v: f64) -> &[u8] {
        let s = self.float.format(v);
        s.strip_suffix(".0").unwrap_or(s).as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::eventlog::testing::{columns, import};

    #[test]
    fn parallel_journeys_csv_equals_a_sequential_encoding() {
        // 40,000 cases span three windows of 16,384 journeys (and many chunks of 1,024).
        let mut log = String::from("case,activity,time,team\n");
        for c in 0..40_000 {
            log.push_str(&format!(
                "k{c:05},a,{},T{}\nk{c:05},\"b,c\",{}.5,U\n",
                c,
                c % 7,
                c + 60
            ));
        }
        let e = import(&log, &columns(None)).unwrap().export;
        let mut parallel = Vec::new();
        write_journeys(&e, &mut parallel).unwrap();
        let teams: Vec<Vec<u8>> = e.teams.iter().map(|t| csv_field(&t.id)).collect();
        let activities: Vec<Vec<u8>> = e.activities.iter().map(|a| csv_field(a)).collect();
        let mut sequential = b"journey,step,team,activity,wait_hours\n".to_vec();
        sequential.extend(encode_journeys(false, &e.journeys, &teams, &activities));
        assert!(parallel == sequential);
        let text = String::from_utf8(parallel).unwrap();
        assert_eq!(text.lines().count(), 80_001);
        assert!(
            text.ends_with("k39999,2,U,\"b,c\",0.016805555555555556\n"),
            "{}",
            &text[text.len() - 60..]
        );
    }

    #[test]
    fn written_files() {
        let log = "case,activity,time,team\n\
                   \"c,1\",\"say \"\"hi\"\"\",2024-01-01T00:00:00Z,A\n\
                   \"c,1\",,2024-01-01T00:00:01Z,B\n";
        let e = import(log, &columns(None)).unwrap().export;
        let dir = tempfile::tempdir().unwrap();
        write(&e, dir.path()).unwrap();
        let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert_eq!(
            read("teams.csv"),
            "id,parent,kind,events\nA,,team,1\nB,,team,1\n"
        );
        assert_eq!(
            read("handoffs.csv"),
            "from,to,volume,wait_hours\nA,B,1,0.0002777777777777778\n"
        );
        assert_eq!(
            read("journeys.csv"),
            "journey,step,team,activity,wait_hours\n\"c,1\",1,A,\"say \"\"hi\"\"\",\n\"c,1\",2,B,,0.0002777777777777778\n"
        );
        // The written files are a valid export.
        let (org, _) = crate::load(dir.path(), &Default::default()).unwrap();
        assert_eq!(org.export.journeys[0].steps.len(), 2);
        // Another export's files in the output directory are refused.
        std::fs::write(dir.path().join("systems.csv"), "id,owner\n").unwrap();
        assert!(matches!(write(&e, dir.path()), Err(SeamsError::Usage(_))));
    }

    #[test]
    fn cell_and_the_readers_quote_rule_are_inverse() {
        use crate::ingest::table::strip_formula_quote;
        for v in [
            "=1+1", "+cmd", "-2+3", "@SUM(1)", "\tx", "\rx", "'=x", "''+x", "'", "''", "'a",
            "it's", "a=b", "", "plain", "-", "'-",
        ] {
            let written = cell(v);
            assert_eq!(
                strip_formula_quote(&written),
                v,
                "{v:?} written as {written:?}"
            );
            let first = written.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "{written:?}"
            );
        }
        // Values no writer neutralised are read as written.
        assert_eq!(strip_formula_quote("'abc"), "'abc");
        assert_eq!(cell("'abc"), "'abc");
    }

    #[test]
    fn hostile_values_are_neutralised_and_read_back_equal() {
        let log = "case,activity,time,team\n\
                   \"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-2+3,1,+cmd\n\
                   \"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@SUM(1),2,'=quoted\n\
                   -1,=A1,1,@SUM(1)\n\
                   -1,ok,2,+cmd\n";
        let e = import(log, &columns(None)).unwrap().export;
        let dir = tempfile::tempdir().unwrap();
        write(&e, dir.path()).unwrap();
        for f in ["teams.csv", "handoffs.csv", "journeys.csv"] {
            let text = std::fs::read(dir.path().join(f)).unwrap();
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(&text[..]);
            for record in r.records() {
                for field in record.unwrap().iter() {
                    assert!(
                        !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{f}: {field:?}"
                    );
                }
            }
        }
        let teams = std::fs::read_to_string(dir.path().join("teams.csv")).unwrap();
        assert_eq!(
            teams,
            "id,parent,kind,events\n''=quoted,,team,1\n'+cmd,,team,2\n'@SUM(1),,team,1\n"
        );
        let (org, _) = crate::load(dir.path(), &Default::default()).unwrap();
        let ids: Vec<&str> = org.export.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["'=quoted", "+cmd", "@SUM(1)"]);
        let journeys: Vec<&str> = org.export.journeys.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(journeys, ["-1", "=HYPERLINK(\"http://x\",\"y\")"]);
    }
}
