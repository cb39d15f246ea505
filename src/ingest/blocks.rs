//! The block reader: a table's rows read in blocks of whole lines, parsed on the rayon pool and
//! kept in file order, with exactly the rows, lines and diagnostics of the one-row-at-a-time
//! csv reader ([`Table::for_each_row`]).
//!
//! A block (about 1 MiB of lines) is parsed without the csv crate when it can be: no `"` in
//! it (so every `\n` ends a row and every separator ends a field), UTF-8, printable, and every
//! row of the header's width with a value the file's [`RowParser`] takes without a word to say.
//! Such a *clean* block needs no diagnostic, so where it was cut and which thread parsed it
//! change nothing. A block with anything to report (a bad value, a blank line, a ragged row,
//! a self-handoff) is *replayed* through the csv reader, in order, on the one thread that
//! owns the diagnostics; and from the first block holding a `"` (a quoted value may hold line
//! breaks, so lines no longer tell where rows end) the rest of the file is read by the csv
//! reader alone. Line numbers are counted from the header, so every `file:line` stays exact.
//!
//! Reading the next blocks from the file overlaps parsing the current ones. Memory: two
//! batches of [`BATCH_BYTES`] and what the parser keeps.

use std::io::{self, Read};

use rayon::prelude::*;

use super::printable;
use super::stream::{self, Source};
use super::table::{FileDiagnostics, Row, Table, MAX_FIELD_BYTES};

/// Bytes of lines per block.
const BLOCK_BYTES: usize = 1 << 19;

/// Bytes read ahead per batch (blocks parsed together).
const BATCH_BYTES: usize = 8 * BLOCK_BYTES;

/// What a file's rows become, block by block.
pub(super) trait RowParser: Sync {
    /// What one clean block parses into.
    type Block: Send;

    /// An empty block.
    fn block(&self) -> Self::Block;

    /// Parses a row that passed the row checks into `block` when the exact path
    /// ([`RowParser::exact`]) would take it as it is, without a diagnostic; false otherwise
    /// (the block is then replayed through `exact`).
    fn clean(&self, row: &Row<'_>, block: &mut Self::Block) -> bool;

    /// Parses one row with every diagnostic (the rows of blocks that are not clean, and of
    /// the file from its first `"` on).
    fn exact(&mut self, row: &Row<'_>, diags: &mut FileDiagnostics<'_>);

    /// Moves the rows of a clean block out (blocks and exact rows arrive in file order),
    /// leaving it empty for the next one.
    fn absorb(&mut self, block: &mut Self::Block);

    /// Empties a block that was not clean, for the next one.
    fn clear(&self, block: &mut Self::Block);

    /// About `rows` rows will be read in all (estimated once, from the file's size and the
    /// first batch): a parser that keeps a vector per row reserves it here, so that it is
    /// written once instead of grown and copied (each copy also touches fresh pages).
    fn reserve_rows(&mut self, _rows: usize) {}

    /// Completes a block whose rows all passed [`RowParser::clean`] (a parser may leave work
    /// to do for the whole block at once, such as id lookups batched so that their cache
    /// misses overlap); false sends the block to be replayed like any block not clean.
    fn finish(&self, _block: &mut Self::Block) -> bool {
        true
    }
}

/// The rows a file of `size` bytes holds when its first `bytes` held `lines` lines: a little
/// more than the proportion (rows vary in length), at most one per two bytes.
fn estimate_rows(size: u64, bytes: usize, lines: u64) -> usize {
    if bytes == 0 {
        return 0;
    }
    let rows = u128::from(size) * u128::from(lines) / bytes as u128;
    let rows = rows + rows / 50 + 16;
    rows.min(u128::from(size / 2)) as usize
}

/// How a block was parsed.
enum Parsed {
    /// Every row parsed without a diagnostic.
    Clean { rows: u64 },
    /// Something to report, or a row to drop: replay through the csv reader.
    Dirty,
    /// It holds a `"`: the csv reader reads the rest of the file from here.
    Quoted,
}

/// What the block parser needs of the table.
struct Layout<'t> {
    index: &'t [Option<usize>],
    width: usize,
    delimiter: u8,
    decimal_comma: bool,
}

/// Reads every data row of `table` through `parser`; the number of data rows seen (as
/// [`Table::for_each_row`] counts them). Falls back to [`Table::for_each_row`] when the
/// table's rows were already read.
pub(super) fn read_rows<P: RowParser>(
    table: &mut Table<'_>,
    diags: &mut FileDiagnostics<'_>,
    parser: &mut P,
) -> u64 {
    read_rows_in(table, diags, parser, BLOCK_BYTES, BATCH_BYTES)
}

/// [`read_rows`] with other block and batch sizes (tests cut tiny blocks).
fn read_rows_in<P: RowParser>(
    table: &mut Table<'_>,
    diags: &mut FileDiagnostics<'_>,
    parser: &mut P,
    block_bytes: usize,
    batch_bytes: usize,
) -> u64 {
    let (Some(resume), Some(mut header_reader)) = (table.resume.take(), table.take_reader()) else {
        return table.for_each_row(diags, |row, d| parser.exact(row, d));
    };
    let inner = header_reader.get_mut().inner_mut();
    let mut input = Input {
        inner,
        after_cr: resume.after_cr,
        eof: false,
        failure: None,
    };
    let mut cur = resume.pending;
    let mut next = Vec::new();
    let mut line = resume.line;
    input.fill(&mut cur, batch_bytes);
    let mut size_hint = table.size_hint;
    let mut rows = 0;
    // Blocks are reused (their buffers keep their capacity), one per block of a batch.
    let mut pool: Vec<P::Block> = Vec::new();
    loop {
        // After a read error the last line may be cut short: only whole lines are blocks.
        let blocks = cut(&cur, input.eof, block_bytes);
        let used = blocks.last().map_or(0, |b| b.1);
        if blocks.is_empty() {
            if cur.is_empty() && input.eof {
                break;
            }
            // A line longer than a whole batch, or a read error: the csv reader takes the rest
            // (and reports its limit, or the error, where it always did).
            rows += finish_exact(table, diags, parser, cur, line, input);
            return rows;
        }
        let mut firsts = Vec::with_capacity(blocks.len());
        for &(a, b) in &blocks {
            firsts.push(line);
            line += cur[a..b].iter().filter(|&&c| c == b'\n').count() as u64;
        }
        if let Some(size) = size_hint.take() {
            parser.reserve_rows(estimate_rows(size, used, line - firsts[0]));
        }
        next.clear();
        next.extend_from_slice(&cur[used..]);
        while pool.len() < blocks.len() {
            pool.push(parser.block());
        }
        let layout = Layout {
            index: &table.index,
            width: table.width(),
            delimiter: table.dialect.delimiter.byte(),
            decimal_comma: table.dialect.decimal_comma,
        };
        let shared: &P = parser;
        let (parsed, ()) = rayon::join(
            || {
                pool[..blocks.len()]
                    .par_iter_mut()
                    .zip(blocks.par_iter())
                    .zip(firsts.par_iter())
                    .map(|((block, &(a, b)), &first)| {
                        parse_block(&cur[a..b], first, &layout, shared, block)
                    })
                    .collect::<Vec<_>>()
            },
            || {
                if !input.done() {
                    input.fill(&mut next, batch_bytes);
                }
            },
        );
        for (k, parsed) in parsed.into_iter().enumerate() {
            let ((a, b), first) = (blocks[k], firsts[k]);
            match parsed {
                Parsed::Clean { rows: n } => {
                    parser.absorb(&mut pool[k]);
                    rows += n;
                }
                Parsed::Dirty => {
                    parser.clear(&mut pool[k]);
                    rows += replay(table, diags, parser, &cur[a..b], first);
                }
                Parsed::Quoted => {
                    // `next` starts where the last block ended.
                    let mut rest = cur[a..used].to_vec();
                    rest.extend_from_slice(&next);
                    rows += finish_exact(table, diags, parser, rest, first, input);
                    return rows;
                }
            }
        }
        std::mem::swap(&mut cur, &mut next);
    }
    rows
}

/// The rest of the file after the block reader's buffers: its bytes (`pending`, starting at
/// line `line`) and the file it reads from.
struct Input<'r, R: ?Sized> {
    inner: &'r mut R,
    /// The last byte read was a `\r` (a `\n` read next belongs to it).
    after_cr: bool,
    eof: bool,
    /// A read failed: the csv reader reports it where it would have.
    failure: Option<io::Error>,
}

impl<R: Read + ?Sized> Input<'_, R> {
    /// Nothing more will be read (the end, or a read error).
    fn done(&self) -> bool {
        self.eof || self.failure.is_some()
    }

    /// Reads (line breaks normalised) until `buf` holds `want` bytes or the file ends.
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) {
        let mut chunk = vec![0u8; stream::READ_AHEAD];
        while buf.len() < want && !self.done() {
            match self.inner.read(&mut chunk) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    let w = stream::normalise_breaks(&mut chunk[..n], &mut self.after_cr);
                    buf.extend_from_slice(&chunk[..w]);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => self.failure = Some(e),
            }
        }
    }
}

/// Reads the rest of the file with the csv reader: `pending` (normalised, starting at `line`),
/// then what `input` has not read yet, then its read error if it had one.
fn finish_exact<P: RowParser, R: Read + ?Sized>(
    table: &mut Table<'_>,
    diags: &mut FileDiagnostics<'_>,
    parser: &mut P,
    mut pending: Vec<u8>,
    line: u64,
    mut input: Input<'_, R>,
) -> u64 {
    // A `\r` that ended `pending` must still swallow a `\n` that starts the rest.
    while input.after_cr && !input.done() {
        let want = pending.len() + 1;
        input.fill(&mut pending, want);
    }
    let failure = input.failure.take();
    let rest = Failing(failure);
    let source = Source::resuming(
        io::Cursor::new(pending).chain(rest).chain(input.inner),
        stream::MAX_ROW_BYTES,
        line,
        false,
    );
    let mut reader = table.csv_reader(source);
    table.records(&mut reader, diags, |row, d| parser.exact(row, d))
}

/// A reader that fails once with its error (then ends), or ends at once.
struct Failing(Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// The rows of a block that is not clean, through the csv reader with every diagnostic.
fn replay<P: RowParser>(
    table: &mut Table<'_>,
    diags: &mut FileDiagnostics<'_>,
    parser: &mut P,
    bytes: &[u8],
    line: u64,
) -> u64 {
    let source = Source::resuming(bytes, stream::MAX_ROW_BYTES, line, false);
    let mut reader = table.csv_reader(source);
    table.records(&mut reader, diags, |row, d| parser.exact(row, d))
}

/// Cuts `buf` into blocks of whole lines of about `block_bytes`: (start, end) ranges, the
/// last ending at the last line break unless `at_end` (then it takes everything).
fn cut(buf: &[u8], at_end: bool, block_bytes: usize) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut pos = 0;
    while pos < buf.len() {
        let target = pos + block_bytes.max(1);
        let end = if target >= buf.len() {
            if at_end {
                Some(buf.len())
            } else {
                buf[pos..]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map(|k| pos + k + 1)
            }
        } else {
            match buf[pos..target].iter().rposition(|&b| b == b'\n') {
                Some(k) => Some(pos + k + 1),
                None => match buf[target..].iter().position(|&b| b == b'\n') {
                    Some(k) => Some(target + k + 1),
                    None => at_end.then_some(buf.len()),
                },
            }
        };
        let Some(end) = end else {
            break;
        };
        blocks.push((pos, end));
        pos = end;
    }
    blocks
}

/// Parses one block of whole lines starting at line `first` (see the module's comment).
fn parse_block<P: RowParser>(
    bytes: &[u8],
    first: u64,
    layout: &Layout<'_>,
    parser: &P,
    block: &mut P::Block,
) -> Parsed {
    if bytes.contains(&b'"') {
        return Parsed::Quoted;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Parsed::Dirty;
    };
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(layout.width);
    let (mut line, mut rows, mut start) = (first, 0u64, 0usize);
    let n = bytes.len();
    while start < n {
        spans.clear();
        let mut field = start;
        let mut i = start;
        // A byte that may start a character a text cell may not hold (a control, DEL, or a
        // non-ASCII byte): the line is then checked in full.
        let mut odd = false;
        while i < n {
            let b = bytes[i];
            if b == b'\n' {
                break;
            }
            if b == layout.delimiter {
                spans.push((field - start, i - start));
                field = i + 1;
            }
            odd |= !(0x20..0x7f).contains(&b);
            i += 1;
        }
        spans.push((field - start, i - start));
        if odd && printable::first_refused(&text[start..i]).is_some() {
            return Parsed::Dirty;
        }
        // A blank line (skipped, or a row of one blank cell), a ragged row or a field that may
        // be too long: the csv reader decides and reports.
        if i == start || spans.len() != layout.width || i - start > MAX_FIELD_BYTES {
            return Parsed::Dirty;
        }
        let row = Row::new(
            &text[start..i],
            &spans,
            layout.index,
            layout.decimal_comma,
            line,
        );
        if !parser.clean(&row, block) {
            return Parsed::Dirty;
        }
        rows += 1;
        line += 1;
        start = i + 1;
    }
    if !parser.finish(block) {
        return Parsed::Dirty;
    }
    Parsed::Clean { rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::files::ExportFiles;
    use crate::ingest::table::{self, Column, Opened, Schema};

    #[test]
    fn the_row_estimate_scales_the_first_batch_and_stays_bounded() {
        assert_eq!(estimate_rows(1000, 0, 0), 0);
        // 100 lines in the first 1,000 of 10,000 bytes: ~1,000 rows, and a little more.
        assert_eq!(estimate_rows(10_000, 1000, 100), 1000 + 20 + 16);
        // Never more than one row per two bytes, whatever the first batch says.
        assert_eq!(estimate_rows(100, 10, 10), 50);
    }

    const SCHEMA: Schema = Schema {
        file: "t.csv",
        singular: "row",
        columns: &[Column::required("a"), Column::optional("n")],
    };

    /// Keeps `a` and the number `n`; a value `bad` is reported, `drop` is dropped silently.
    #[derive(Default)]
    struct Keep {
        rows: Vec<(String, Option<f64>, u64)>,
    }

    impl RowParser for Keep {
        type Block = Vec<(String, Option<f64>, u64)>;
        fn block(&self) -> Self::Block {
            Vec::new()
        }
        fn clean(&self, row: &Row<'_>, block: &mut Self::Block) -> bool {
            let a = row.get(0);
            match row.number(1) {
                Ok(n) if !a.is_empty() && a != "bad" && a != "drop" => {
                    block.push((a.to_string(), n, row.line));
                    true
                }
                _ => false,
            }
        }
        fn exact(&mut self, row: &Row<'_>, diags: &mut FileDiagnostics<'_>) {
            let a = row.get(0);
            if a == "drop" {
                return;
            }
            if a.is_empty() || a == "bad" {
                diags.bad_value(row.line, "a", format!("bad `{a}`"));
                return;
            }
            match row.number(1) {
                Ok(n) => self.rows.push((a.to_string(), n, row.line)),
                Err(e) => diags.bad_value(row.line, "n", e),
            }
        }
        fn absorb(&mut self, block: &mut Self::Block) {
            self.rows.append(block);
        }
        fn clear(&self, block: &mut Self::Block) {
            block.clear();
        }
    }

    type Outcome = (Vec<(String, Option<f64>, u64)>, u64, Vec<String>, bool);

    fn read(bytes: &[u8], blocks: Option<(usize, usize)>) -> Outcome {
        let src = ExportFiles::memory("x", [("t.csv", bytes.to_vec())]);
        let mut out = Vec::new();
        let path = src.path("t.csv");
        let mut diags = FileDiagnostics::new(&path, &mut out);
        let mut keep = Keep::default();
        let mut n = 0;
        let mut incomplete = false;
        if let Opened::Table(mut t) = table::open(&src, &SCHEMA, &mut diags) {
            n = match blocks {
                Some((block, batch)) => read_rows_in(&mut t, &mut diags, &mut keep, block, batch),
                None => t.for_each_row(&mut diags, |row, d| keep.exact(row, d)),
            };
            incomplete = t.incomplete;
        }
        diags.finish();
        let messages = out
            .iter()
            .map(|d| format!("{:?}:{:?}: {}", d.severity, d.line, d.message))
            .collect();
        (keep.rows, n, messages, incomplete)
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn blocks_read_exactly_what_the_csv_reader_reads() {
        let pieces: &[&[u8]] = &[
            b"x,1\n",
            b"y,2.5\n",
            b"z,\n",
            b"bad,1\n",
            b"drop,1\n",
            b",3\n",
            b"w,ten\n",
            b"\n",
            b"  \n",
            b"a,1,2\n",
            b"\"q\",4\n",
            b"\"multi\nline\",5\n",
            b"r,6\r\n",
            b"s,7\r",
            b"caf\xe9,1\n",
            b"e\x1b,1\n",
            b"'=x,1\n",
            b"long,12345678901234567\n",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..420 {
            let mut file = b"a,n\n".to_vec();
            // Small files fit the header reader's buffer; the last 20 are far larger (so rows
            // come from the file itself), mostly clean with some dirt.
            let big = case >= 400;
            let rows = if big { 20_000 } else { 1 + rng.next() % 40 };
            let clean_only = case % 3 == 0;
            for _ in 0..rows {
                let k = if clean_only || (big && rng.next() % 500 != 0) {
                    (rng.next() % 3) as usize
                } else {
                    (rng.next() % pieces.len() as u64) as usize
                };
                file.extend_from_slice(pieces[k]);
            }
            if rng.next() % 2 == 0 && file.last() == Some(&b'\n') {
                file.pop(); // no final line break
            }
            let want = read(&file, None);
            for (block, batch) in [(1, 1), (3, 7), (64, 64), (1000, 5000), (1 << 20, 1 << 23)] {
                let got = read(&file, Some((block, batch)));
                assert_eq!(
                    got,
                    want,
                    "blocks of {block}: {:?}",
                    String::from_utf8_lossy(&file)
                );
            }
        }
    }

    #[test]
    fn a_header_ended_by_cr_keeps_its_lf_out_of_the_rows() {
        for file in [
            &b"a,n\r\nx,1\r\ny,2\r\n"[..],
            b"a,n\rx,1\r\ry,2\r",
            b"a,n\r\n\r\nx,1",
        ] {
            assert_eq!(read(file, Some((2, 4))), read(file, None));
        }
    }

    #[test]
    fn cut_keeps_whole_lines() {
        assert_eq!(cut(b"ab\ncd\nef", false, 4), vec![(0, 3), (3, 6)]);
        assert_eq!(cut(b"ab\ncd\nef", true, 4), vec![(0, 3), (3, 6), (6, 8)]);
        assert_eq!(cut(b"abcdef\ng\n", false, 2), vec![(0, 7), (7, 9)]);
        assert_eq!(cut(b"abcdef", false, 2), vec![]);
    }
}
