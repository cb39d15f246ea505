//! Line numbers for XES diagnostics (docs/event-logs.md, "XES logs"): the XML passes through
//! [`LineTracker`] on its way to `process_mining`'s streaming reader, which keeps no positions
//! it would hand out. This is not an XML parser: it recognises only the start of `<trace` and
//! `<event` tags outside comments and CDATA sections (to give each trace and event the line it
//! starts on), an empty `<event/>` (which `process_mining` 0.5 cannot read: it stops the stream
//! there with an I/O error that `xes.rs` turns into a diagnostic), and how many lines the reader has consumed (the position
//! of an XML or gzip error) and the last bytes it consumed (whether the log ends with `</log>`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// Bytes read from the source at a time.
const CHUNK: usize = 64 * 1024;

/// What the tracker learnt, shared with the code consuming the reader's traces.
#[derive(Debug, Default)]
pub(super) struct Positions {
    /// Newlines in the bytes the XML reader has consumed (its line is this + 1). Counted a
    /// chunk at a time: complete once the tracker is dropped (with the XML reader owning it).
    pub(super) consumed_lines: u64,
    /// Lines of the `<trace` tags seen, not yet claimed by a parsed trace.
    pub(super) trace_lines: VecDeque<u64>,
    /// Lines of the `<event` tags seen inside traces, not yet claimed.
    pub(super) event_lines: VecDeque<u64>,
    /// Line of an empty `<event/>`, where the stream was stopped.
    pub(super) empty_event: Option<u64>,
    /// The last (at most 8) bytes consumed, trailing whitespace left out; complete once the
    /// tracker is dropped, like `consumed_lines`.
    tail: Vec<u8>,
}

impl Positions {
    /// Whether the consumed text ends with `</log>` (or a comment after it).
    pub(super) fn ends_with_log_end(&self) -> bool {
        self.tail.ends_with(b"</log>") || self.tail.ends_with(b"-->")
    }
}

/// Where the byte scanner is inside the markup.
#[derive(Debug, Clone, Copy)]
enum Scan {
    /// Outside any tag.
    Text,
    /// Reading a tag's name (`len` bytes kept in `name`, up to 8).
    Name { len: usize, name: [u8; 8] },
    /// Inside a comment or CDATA section, until `end` (`-->`, `]]>`); `matched` bytes of it
    /// seen.
    Skip { end: &'static [u8], matched: usize },
    /// Inside an `<event` tag's attributes: `quote` is the open quote, `slash` whether the
    /// last byte was `/` (outside quotes).
    EventTag { quote: u8, slash: bool },
}

/// A [`BufRead`] over the XML text that records positions in a shared [`Positions`].
pub(super) struct LineTracker<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    filled: usize,
    /// Bytes up to which the reader may go (set at an empty `<event/>`'s closing `>`).
    limit: Option<usize>,
    scan: Scan,
    /// Line (1-based) of the next byte to scan.
    scan_line: u64,
    /// Line of the `<` that opened the tag being scanned.
    tag_line: u64,
    in_trace: bool,
    /// `buf[..counted]` is accounted for in the shared `consumed_lines` and `tail`; the bytes
    /// from there to `pos` are consumed but counted only when the chunk is replaced or the
    /// tracker dropped ([`LineTracker::settle`]), so `consume` costs nothing per call.
    counted: usize,
    shared: Rc<RefCell<Positions>>,
}

impl<R: Read> LineTracker<R> {
    /// A tracker over `inner`, reporting into `shared`.
    pub(super) fn new(inner: R, shared: Rc<RefCell<Positions>>) -> Self {
        LineTracker {
            inner,
            buf: vec![0; CHUNK],
            pos: 0,
            filled: 0,
            limit: None,
            scan: Scan::Text,
            scan_line: 1,
            tag_line: 1,
            in_trace: false,
            counted: 0,
            shared,
        }
    }

    /// Scans `buf[from..filled]`; returns the index of an empty event's `>` if one closes here.
    fn scan_new(&mut self, from: usize) -> Option<usize> {
        let mut shared = self.shared.borrow_mut();
        let mut i = from;
        while i < self.filled {
            let b = self.buf[i];
            match &mut self.scan {
                Scan::Text => {
                    // Skip to the next `<`, counting lines.
                    let rest = &self.buf[i..self.filled];
                    let next = memchr::memchr(b'<', rest);
                    let upto = next.unwrap_or(rest.len());
                    self.scan_line += count_newlines(&rest[..upto]);
                    i += upto;
                    if next.is_some() {
                        self.tag_line = self.scan_line;
                        self.scan = Scan::Name {
                            len: 0,
                            name: [0; 8],
                        };
                        i += 1;
                    }
                    continue;
                }
                Scan::Name { len, name } => {
                    let ends = b.is_ascii_whitespace() || b == b'>' || (b == b'/' && *len > 0);
                    if !ends {
                        if *len < name.len() {
                            name[*len] = b;
                        }
                        *len += 1;
                        // A comment or CDATA section: no tag in it counts.
                        let end: Option<&'static [u8]> = match (*len, &name[..]) {
                            (3, [b'!', b'-', b'-', ..]) => Some(b"-->"),
                            (8, b"![CDATA[") => Some(b"]]>"),
                            _ => None,
                        };
                        if let Some(end) = end {
                            self.scan = Scan::Skip { end, matched: 0 };
                        }
                    } else {
                        let tag = &name[..(*len).min(name.len())];
                        let is_event = *len == 5 && tag == b"event";
                        if *len == 5 && tag == b"trace" {
                            shared.trace_lines.push_back(self.tag_line);
                            self.in_trace = b != b'/';
                        } else if *len == 6 && tag == b"/trace" {
                            self.in_trace = false;
                        } else if is_event && self.in_trace {
                            shared.event_lines.push_back(self.tag_line);
                        }
                        self.scan = if is_event && b != b'>' {
                            Scan::EventTag {
                                quote: 0,
                                slash: b == b'/',
                            }
                        } else {
                            Scan::Text
                        };
                    }
                }
                Scan::Skip { end, matched } => {
                    if b == end[*matched] {
                        *matched += 1;
                        if *matched == end.len() {
                            self.scan = Scan::Text;
                        }
                    } else if !(*matched == 2 && b == end[0]) {
                        // (`--->`, `]]]>`: the terminators start with a repeated byte.)
                        *matched = usize::from(b == end[0]);
                    }
                }
                Scan::EventTag { quote, slash } => {
                    if *quote != 0 {
                        if b == *quote {
                            *quote = 0;
                        }
                    } else if b == b'"' || b == b'\'' {
                        *quote = b;
                        *slash = false;
                    } else if b == b'>' {
                        if *slash {
                            shared.empty_event = Some(self.tag_line);
                            return Some(i);
                        }
                        self.scan = Scan::Text;
                    } else {
                        *slash = b == b'/';
                    }
                }
            }
            if b == b'\n' {
                self.scan_line += 1;
            }
            i += 1;
        }
        None
    }
}

/// Newlines in `bytes` (a loop the compiler vectorises).
pub(super) fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for LineTracker<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if let Some(limit) = self.limit {
            if self.pos >= limit {
                return Err(io::Error::new(io::ErrorKind::InvalidData, EMPTY_EVENT));
            }
            return Ok(&self.buf[self.pos..limit]);
        }
        if self.pos == self.filled {
            self.settle();
            self.pos = 0;
            self.filled = 0;
            self.counted = 0;
            let n = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.filled = n;
            self.limit = self.scan_new(0);
            if let Some(limit) = self.limit {
                if limit == 0 {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, EMPTY_EVENT));
                }
                return Ok(&self.buf[..limit]);
            }
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, amount: usize) {
        // Counted in bulk by `settle` (when the chunk is replaced, and on drop).
        self.pos = (self.pos + amount).min(self.filled);
    }
}

impl<R> LineTracker<R> {
    /// Accounts the bytes consumed since the last call in the shared [`Positions`]: their
    /// newlines, and the last non-whitespace bytes (`tail`).
    fn settle(&mut self) {
        let consumed = &self.buf[self.counted..self.pos];
        self.counted = self.pos;
        if consumed.is_empty() {
            return;
        }
        let mut shared = self.shared.borrow_mut();
        shared.consumed_lines += count_newlines(consumed);
        let trimmed = consumed.trim_ascii_end();
        if !trimmed.is_empty() {
            let keep = &trimmed[trimmed.len().saturating_sub(8)..];
            let tail = &mut shared.tail;
            tail.extend_from_slice(keep);
            let excess = tail.len().saturating_sub(8);
            tail.drain(..excess);
        }
    }
}

impl<R> Drop for LineTracker<R> {
    /// Settles the last chunk, so the shared [`Positions`] are complete once the XML reader
    /// that owns the tracker is gone.
    fn drop(&mut self) {
        self.settle();
    }
}

/// The message of the I/O error that stops the XML reader at an empty `<event/>`.
pub(super) const EMPTY_EVENT: &str = "seams: empty <event/> element";

#[cfg(test)]
mod tests {
    use super::*;

    fn track(xml: &str, chunk: usize) -> (Rc<RefCell<Positions>>, io::Result<Vec<u8>>) {
        let shared = Rc::new(RefCell::new(Positions::default()));
        let mut t = LineTracker::new(xml.as_bytes(), shared.clone());
        t.buf = vec![0; chunk];
        let mut out = Vec::new();
        let r = loop {
            match t.fill_buf() {
                Ok([]) => break Ok(out),
                Ok(b) => {
                    let n = b.len().min(3);
                    out.extend_from_slice(&b[..n]);
                    t.consume(n);
                }
                Err(e) => break Err(e),
            }
        };
        drop(t);
        (shared, r)
    }

    #[test]
    fn trace_and_event_lines_in_any_chunking() {
        let xml = "<log>\n<trace>\n<string key=\"concept:name\" value=\"c\"/>\n<event>\n</event>\n\
                   <event\n></event>\n</trace>\n<event></event>\n<trace/>\n</log>\n";
        for chunk in [1, 2, 5, 64] {
            let (p, r) = track(xml, chunk);
            assert_eq!(r.unwrap(), xml.as_bytes());
            let p = p.borrow();
            assert_eq!(p.trace_lines, [2, 10]);
            // The event outside a trace (line 9) is not counted.
            assert_eq!(p.event_lines, [4, 6]);
            assert_eq!(p.consumed_lines, 11);
            assert!(p.ends_with_log_end());
            assert!(p.empty_event.is_none());
        }
    }

    #[test]
    fn tags_in_comments_and_cdata_do_not_count() {
        let xml = "<log>\n<!-- <trace> --->\n<trace>\n<!--\n<event>-- -->\n<event>\n\
                   <string key=\"a\"><![CDATA[ <event> ]] ]]]></string>\n</event>\n</trace>\n</log>\n";
        for chunk in [1, 2, 3, 64] {
            let (p, r) = track(xml, chunk);
            assert_eq!(r.unwrap(), xml.as_bytes());
            let p = p.borrow();
            assert_eq!(p.trace_lines, [3]);
            assert_eq!(p.event_lines, [6]);
            assert!(p.ends_with_log_end());
        }
    }

    #[test]
    fn an_empty_event_stops_the_stream_before_its_end() {
        let xml = "<log>\n<trace>\n<event a=\"/>\" />\n</trace></log>";
        for chunk in [1, 4, 64] {
            let (p, r) = track(xml, chunk);
            assert!(r.unwrap_err().to_string().contains("empty <event/>"));
            let p = p.borrow();
            assert_eq!(p.empty_event, Some(3));
            assert!(!p.ends_with_log_end());
        }
    }
}
