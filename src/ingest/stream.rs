//! The bytes of one input file as the csv reader sees them: only regular files are opened, every
//! line break (`\r\n`, lone `\r`, `\n`) becomes `\n`, physical lines are counted here (not by the
//! csv crate), and the row-length limit is enforced while the bytes arrive, so a file without
//! line breaks (`/dev/zero` copied to teams.csv) costs at most [`MAX_ROW_BYTES`] of memory.
//! See `docs/input-format.md` ("Limits").

use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Largest accepted row, in bytes of the file (line breaks inside quoted values included).
/// Checked as bytes arrive: reading stops once a row passes it.
pub const MAX_ROW_BYTES: u64 = 16 << 20;

/// The csv reader's buffer. It never holds more than this many bytes it has not parsed yet,
/// which is what lets [`Source`] forget line breaks it has handed out long ago.
pub(super) const READ_AHEAD: usize = 1 << 16;

/// What opening an input path gives.
pub(super) enum Opening<F = File> {
    /// A regular file (possibly reached through a symbolic link), ready to read.
    File(F),
    /// Nothing of that name.
    Missing,
    /// Something that is not a readable regular file: the message says what and what to do.
    Refused(String),
}

/// Opens `path` if it is a regular file (a symbolic link to one is fine). A directory, a named
/// pipe, a device or a socket is refused before it is opened (opening a FIFO would block, and a
/// device such as `/dev/zero` never ends).
pub(super) fn open_regular(path: &Path) -> Opening {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return if fs::symlink_metadata(path).is_ok() {
                Opening::Refused(
                    "is a symbolic link to nothing (expected a CSV file: fix or remove the link)"
                        .to_string(),
                )
            } else {
                Opening::Missing
            };
        }
        Err(e) => return Opening::Refused(format!("cannot be read: {}", describe_io(&e))),
    };
    if !meta.is_file() {
        return Opening::Refused(not_regular(&meta.file_type()));
    }
    match File::open(path) {
        Ok(f) => Opening::File(f),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Opening::Missing,
        Err(e) => Opening::Refused(format!("cannot be read: {}", describe_io(&e))),
    }
}

/// An I/O error once, with a hint when one helps.
fn describe_io(e: &io::Error) -> String {
    match crate::error::io_hint(e) {
        Some(hint) => format!("{e} ({hint})"),
        None => e.to_string(),
    }
}

/// The message for a file type that is not a regular file.
fn not_regular(t: &fs::FileType) -> String {
    if t.is_dir() {
        return "is a directory (expected a CSV file)".to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if t.is_fifo() {
            Some("a named pipe (FIFO)")
        } else if t.is_char_device() {
            Some("a character device (such as /dev/zero)")
        } else if t.is_block_device() {
            Some("a block device")
        } else if t.is_socket() {
            Some("a socket")
        } else {
            None
        };
        if let Some(what) = what {
            return format!(
                "is {what}, not a regular file (expected a CSV file: save the data to a file first)"
            );
        }
    }
    "is not a regular file (expected a CSV file)".to_string()
}

/// A reader that turns every line break (`\r\n`, lone `\r`, `\n`) into `\n`, counts physical
/// lines and enforces [`MAX_ROW_BYTES`].
///
/// The csv crate counts lines by `\n` only, dates a record before the `\n` of a previous `\r\n`
/// (rust-csv issue #395) and does not count the blank lines it skips: its `Position::line()` is
/// never used. Lines are counted here instead: [`Source::begin_row`] is told where the csv reader
/// stands after each record, skips the blank lines that follow (each exactly one `\n` byte once
/// line breaks are normalised) and fixes the first line of the next row. Only the line breaks
/// of the last `2 × READ_AHEAD` bytes are kept: the csv reader never stands further back.
pub(super) struct Source<R> {
    inner: R,
    /// The previous byte was `\r` (its `\n`, if next, is dropped).
    after_cr: bool,
    /// Bytes handed to the csv reader so far.
    pub(super) out: u64,
    /// The underlying reader is exhausted.
    pub(super) eof: bool,
    /// The last byte handed out.
    pub(super) last: Option<u8>,
    /// Offsets of the recent line breaks handed out, ascending.
    breaks: VecDeque<u64>,
    /// Line breaks before the first one in `breaks`.
    forgotten: u64,
    /// Where the current row's content starts, once known (the blank lines before it skipped).
    row_start: u64,
    /// The blank lines before the current row reach the end of what was handed out: the row's
    /// start is not known yet.
    in_blank_run: bool,
    /// 1-based line of the current row's first byte.
    row_line: u64,
    /// Largest row accepted.
    limit: u64,
    /// Reading stopped because the current row passed `limit`.
    pub(super) too_long: bool,
    /// A copy of every byte handed out, while kept ([`Source::keeping`]): the header's reader
    /// uses it to hand the bytes the csv reader buffered past the header to the block reader.
    kept: Option<Vec<u8>>,
}

/// Turns every line break of `buf` (`\r\n`, lone `\r`, `\n`) into `\n` in place and returns the
/// new length; `after_cr` carries a `\r` that ended the previous buffer (its `\n` is dropped).
pub(super) fn normalise_breaks(buf: &mut [u8], after_cr: &mut bool) -> usize {
    if !*after_cr && !buf.contains(&b'\r') {
        return buf.len();
    }
    let mut w = 0;
    for r in 0..buf.len() {
        let b = buf[r];
        if b == b'\n' && *after_cr {
            *after_cr = false;
            continue;
        }
        *after_cr = b == b'\r';
        buf[w] = if b == b'\r' { b'\n' } else { b };
        w += 1;
    }
    w
}

impl<R: Read> Source<R> {
    /// A source reading `inner`, before its first row (the header).
    pub(super) fn new(inner: R) -> Self {
        Source::with_limit(inner, MAX_ROW_BYTES)
    }

    /// Like [`Source::new`] with another row limit (tests).
    pub(super) fn with_limit(inner: R, limit: u64) -> Self {
        Source::resuming(inner, limit, 1, false)
    }

    /// A source whose first byte starts line `first_line`, before a row; `after_cr` when the
    /// bytes before it ended with a `\r` (a `\n` first in `inner` then belongs to it). Rows
    /// read from the middle of a file (the block reader's fallback) keep their real lines.
    pub(super) fn resuming(inner: R, limit: u64, first_line: u64, after_cr: bool) -> Self {
        Source {
            inner,
            after_cr,
            out: 0,
            eof: false,
            last: None,
            breaks: VecDeque::new(),
            forgotten: first_line.saturating_sub(1),
            row_start: 0,
            in_blank_run: true,
            row_line: first_line.max(1),
            limit,
            too_long: false,
            kept: None,
        }
    }

    /// Starts keeping a copy of the bytes handed out from now on.
    pub(super) fn keeping(mut self) -> Self {
        self.kept = Some(Vec::new());
        self
    }

    /// Stops keeping and returns the kept bytes (empty when nothing was kept).
    pub(super) fn take_kept(&mut self) -> Vec<u8> {
        self.kept.take().unwrap_or_default()
    }

    /// Whether the last byte handed out was a `\r` turned into `\n` (a `\n` read next belongs to it).
    pub(super) fn after_cr(&self) -> bool {
        self.after_cr
    }

    /// The reader the bytes come from (the block reader takes over from here).
    pub(super) fn inner_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The csv reader has finished a record and stands at byte `at`: the next row starts
    /// there, after any blank lines.
    pub(super) fn begin_row(&mut self, at: u64) {
        let mut start = at;
        let mut i = self.breaks.partition_point(|&b| b < at);
        while self.breaks.get(i) == Some(&start) {
            start += 1;
            i += 1;
        }
        self.row_start = start;
        self.in_blank_run = start >= self.out;
        self.row_line = self.forgotten + i as u64 + 1;
    }

    /// 1-based line where the current row starts (valid once its first byte was read, i.e.
    /// after the csv reader returned it).
    pub(super) fn row_line(&self) -> u64 {
        self.row_line
    }

    /// Records the bytes `buf` just handed out (already normalised), starting at offset `at`.
    fn note(&mut self, buf: &[u8], at: u64) {
        // The csv reader holds at most READ_AHEAD unread bytes, so it never again asks about
        // a line break this far back.
        let keep_from = at.saturating_sub(2 * READ_AHEAD as u64);
        while self.breaks.front().is_some_and(|&b| b < keep_from) {
            self.breaks.pop_front();
            self.forgotten += 1;
        }
        for (i, &b) in buf.iter().enumerate() {
            let offset = at + i as u64;
            if self.in_blank_run {
                if b == b'\n' && offset == self.row_start {
                    self.row_start += 1;
                } else {
                    self.in_blank_run = false;
                    self.row_line = self.forgotten + self.breaks.len() as u64 + 1;
                }
            }
            if b == b'\n' {
                self.breaks.push_back(offset);
            }
        }
        if self.in_blank_run {
            self.row_line = self.forgotten + self.breaks.len() as u64 + 1;
        }
    }

    /// Stops reading when the current row is longer than the limit. What was handed out but
    /// not parsed is at most READ_AHEAD bytes, so passing `limit + READ_AHEAD` proves the row
    /// itself passed `limit`.
    fn check_limit(&mut self) -> io::Result<()> {
        if !self.in_blank_run && self.out - self.row_start > self.limit + READ_AHEAD as u64 {
            self.too_long = true;
            return Err(io::Error::other(format!(
                "a row is longer than the limit of {} bytes",
                self.limit
            )));
        }
        Ok(())
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.too_long {
            return Err(io::Error::other("reading stopped at a row past the limit"));
        }
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                self.eof = true;
                return Ok(0);
            }
            let w = normalise_breaks(&mut buf[..n], &mut self.after_cr);
            if w > 0 {
                let at = self.out;
                if let Some(kept) = &mut self.kept {
                    kept.extend_from_slice(&buf[..w]);
                }
                self.note(&buf[..w], at);
                self.out += w as u64;
                self.last = Some(buf[w - 1]);
                self.check_limit()?;
                return Ok(w);
            }
            // Only the `\n` of a `\r\n` split across two reads: read on.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte per read, so a `\r\n` is always split.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((&b, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = b;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn line_breaks_become_lf_even_split_across_reads() {
        let mut r = Source::new(Trickle(b"a\r\nb\rc\n\r\n\"d\r\ne\"\r"));
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"a\nb\nc\n\n\"d\ne\"\n");
        assert_eq!(r.out, out.len() as u64);
        assert!(r.eof);
        assert_eq!(r.last, Some(b'\n'));
    }

    /// The first line of every record the csv reader returns, as ingest computes it.
    fn record_lines(data: &[u8], trickle: bool) -> Vec<(u64, String)> {
        let src: Box<dyn Read> = if trickle {
            Box::new(Trickle(data))
        } else {
            Box::new(data)
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(READ_AHEAD)
            .from_reader(Source::new(src));
        let mut rec = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let line = rdr.get_ref().row_line();
            lines.push((line, String::from_utf8_lossy(&rec[0]).into_owned()));
            let at = rdr.position().byte();
            rdr.get_mut().begin_row(at);
        }
        lines
    }

    #[test]
    fn lines_are_physical_lines_with_blank_lines_and_any_line_break() {
        for (data, want) in [
            (&b"h\nroot\n\n\n\nx\n"[..], vec![1, 2, 6]),
            (b"\n\nh\nroot\n\n\n\nx", vec![3, 4, 8]),
            (b"h\r\nroot\r\n\r\n\r\n\r\nx\r\n", vec![1, 2, 6]),
            (b"h\rroot\r\r\r\rx\r", vec![1, 2, 6]),
            (b"h\n\"a\nb\"\n\nx\n", vec![1, 2, 5]),
            (b"h\r\n\"a\r\nb\"\r\n\r\nx\r\n", vec![1, 2, 5]),
        ] {
            for trickle in [false, true] {
                let got: Vec<u64> = record_lines(data, trickle).iter().map(|r| r.0).collect();
                assert_eq!(
                    got,
                    want,
                    "{:?} trickle={trickle}",
                    String::from_utf8_lossy(data)
                );
            }
        }
    }

    #[test]
    fn lines_stay_right_past_the_kept_window() {
        // Far more bytes than the kept window, with blank lines everywhere.
        let mut data = b"h\n".to_vec();
        let mut want = vec![1];
        let mut line = 2;
        for i in 0..40_000u64 {
            data.extend(std::iter::repeat(b'\n').take((i % 3) as usize));
            line += i % 3;
            data.extend_from_slice(
                format!("row{i},{}\n", "x".repeat((i % 50) as usize)).as_bytes(),
            );
            want.push(line);
            line += 1;
        }
        let got: Vec<u64> = record_lines(&data, false).iter().map(|r| r.0).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_row_past_the_limit_stops_reading() {
        let mut data = b"h\nok\n\n".to_vec();
        data.resize(data.len() + 200_000, b'x');
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .buffer_capacity(READ_AHEAD)
            .from_reader(Source::with_limit(&data[..], 1000));
        let mut rec = csv::ByteRecord::new();
        let mut seen = 0;
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {
                    seen += 1;
                    let at = rdr.position().byte();
                    rdr.get_mut().begin_row(at);
                }
                Ok(false) => panic!("the long row was read whole"),
                Err(_) => break,
            }
        }
        assert_eq!(seen, 2);
        assert!(rdr.get_ref().too_long);
        assert_eq!(rdr.get_ref().row_line(), 4);
        assert!(rdr.get_ref().out < 1000 + 3 * READ_AHEAD as u64);
    }
}
