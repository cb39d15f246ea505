//! XES logs parsed in parallel (docs/event-logs.md, "XES logs"). The XML is cut into chunks of
//! whole traces; each chunk is parsed by `process_mining` on a worker thread as a small document
//! of its own — the log's header (everything before the first `<trace`), the chunk, and
//! `</log>` — and the traces come back in file order, with the lines they have in the file.
//!
//! A chunk is cut only just before a `<trace` tag that follows a `</trace>` and nothing but
//! whitespace. A cut made in the wrong place (inside a comment, a CDATA section or an attribute
//! value that happens to hold those bytes) leaves the chunk before it ending inside that
//! construct, which the XML reader reports as an error; and any chunk that does not parse
//! cleanly (an XML error, an empty `<event/>`, a missing `</log>`) sends the whole log back to
//! the sequential reader, which re-reads the file and gives its exact diagnostics. So the
//! traces, their lines and every message are the sequential reader's; only the speed differs.
//! The cut points depend on the bytes alone (not on the number of workers).

use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use memchr::memmem;
use process_mining::core::event_data::case_centric::xes::XESImportOptions;

use super::xes::{parse_traces, SlimTraces};
use super::xes_lines::count_newlines;
use super::LogColumns;

/// Bytes of XML read before a chunk is cut (at the last trace boundary in them).
const CHUNK_BYTES: usize = 256 << 10;
/// A chunk that finds no trace boundary in this many bytes (a giant trace, or no traces at
/// all) gives up the parallel reading.
const MAX_CHUNK_BYTES: usize = 64 << 20;

/// One chunk of the document for a worker.
struct Job {
    /// The chunk's bytes, whole traces (the first chunk also holds the header, the last the end
    /// of the document).
    bytes: Vec<u8>,
    first: bool,
    last: bool,
}

/// What a worker made of a chunk.
struct Parsed {
    /// The chunk's traces, with lines counted in the chunk's own document.
    traces: SlimTraces,
    /// Newlines in the chunk's bytes (not counting the header or the `</log>` added).
    newlines: u64,
    /// Whether the chunk's document parsed without an error and ended with `</log>`.
    clean: bool,
    last: bool,
}

/// Why the parallel reading stopped before the end: the log goes to the sequential reader.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Fallback;

/// Parses the XES document `source` on `workers` threads (at least 1), calling `emit` with
/// the traces (reduced to the attributes `cols` names) chunk by chunk in file order, lines as
/// in the file.
///
/// # Returns
/// `Ok(())` when every chunk parsed cleanly and the document ended with `</log>`; otherwise
/// [`Fallback`], possibly after some traces were emitted: the caller discards what it built and
/// reads the log sequentially (which also reports the error).
///
/// # Complexity
/// One pass over the bytes to find the cut points (memchr), the parsing spread over the
/// workers. Memory: about `CHUNK_BYTES` per chunk in flight (at most 2 per worker) and the
/// parsed traces of those chunks.
pub(super) fn parse_chunked(
    source: impl Read + Send,
    options: &XESImportOptions,
    cols: &LogColumns,
    workers: usize,
    emit: &mut dyn FnMut(SlimTraces),
) -> Result<(), Fallback> {
    parse_in_chunks_of(source, options, cols, workers, CHUNK_BYTES, emit)
}

/// [`parse_chunked`] with chunks cut after `chunk_bytes` (tests use small ones).
fn parse_in_chunks_of(
    source: impl Read + Send,
    options: &XESImportOptions,
    cols: &LogColumns,
    workers: usize,
    chunk_bytes: usize,
    emit: &mut dyn FnMut(SlimTraces),
) -> Result<(), Fallback> {
    let workers = workers.max(1);
    let header = std::sync::OnceLock::<Vec<u8>>::new();
    let header = &header;
    std::thread::scope(|scope| {
        let mut jobs: Vec<SyncSender<Job>> = Vec::with_capacity(workers);
        let mut results: Vec<Receiver<Parsed>> = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (job_tx, job_rx) = sync_channel::<Job>(1);
            let (result_tx, result_rx) = sync_channel::<Parsed>(1);
            jobs.push(job_tx);
            results.push(result_rx);
            let options = options.clone();
            scope.spawn(move || {
                for job in job_rx {
                    let parsed = parse_job(job, header, &options, cols);
                    if result_tx.send(parsed).is_err() {
                        break;
                    }
                }
            });
        }
        let cutter = scope.spawn(move || cut_chunks(source, header, chunk_bytes, jobs));
        let mut outcome = Err(Fallback);
        // Chunk k went to worker k % workers: reading the workers in turn keeps file order.
        let mut base = 0u64;
        let mut header_lines = None;
        'chunks: for k in 0.. {
            let Ok(parsed) = results[k % workers].recv() else {
                break; // the cutter gave up (no cut point, a read error)
            };
            if !parsed.clean {
                break;
            }
            // A line l of chunk k's document is line l − shift + base of the file.
            let shift = if k == 0 {
                0
            } else {
                *header_lines.get_or_insert_with(|| {
                    count_newlines(header.get().map_or(&[][..], Vec::as_slice))
                })
            };
            let mut traces = parsed.traces;
            traces.map_lines(|l| (l + base).saturating_sub(shift));
            emit(traces);
            base += parsed.newlines;
            if parsed.last {
                outcome = Ok(());
                break 'chunks;
            }
        }
        // Dropping the receivers stops the workers, whose job receivers then stop the cutter.
        drop(results);
        let _ = cutter.join();
        outcome
    })
}

/// The cutter: reads `source`, finds the header (sets `header`) and sends chunks of whole
/// traces (about `chunk_bytes` each) to the workers in turn. Stops at the end of the document,
/// at a read error or when a chunk finds no cut point (the workers' channels close, so the
/// reader sees a missing chunk and falls back), or when a worker is gone.
fn cut_chunks(
    mut source: impl Read,
    header: &std::sync::OnceLock<Vec<u8>>,
    chunk_bytes: usize,
    jobs: Vec<SyncSender<Job>>,
) {
    let mut pending: Vec<u8> = Vec::with_capacity(chunk_bytes + chunk_bytes / 4);
    let mut at_end = false;
    let mut first = true;
    let mut k = 0usize;
    loop {
        // Fill to at least `chunk_bytes` (or the end).
        let mut want = chunk_bytes.max(1);
        let cut = loop {
            if !at_end && pending.len() < want {
                // Into the spare capacity, without zeroing it first (read_to_end also retries
                // an interrupted read).
                let missing = want - pending.len();
                match (&mut source).take(missing as u64).read_to_end(&mut pending) {
                    Ok(n) => at_end = n < missing,
                    Err(_) => return, // the sequential reader reports it
                }
            }
            if first && header.get().is_none() {
                let Some(h) = find_header(&pending) else {
                    if at_end || pending.len() >= MAX_CHUNK_BYTES {
                        return;
                    }
                    want = pending.len() * 2;
                    continue;
                };
                let _ = header.set(pending[..h].to_vec());
            }
            if at_end {
                break pending.len();
            }
            let from = if first {
                header.get().map_or(0, Vec::len)
            } else {
                0
            };
            match last_cut(&pending, from) {
                Some(c) => break c,
                None if pending.len() >= MAX_CHUNK_BYTES => return,
                None => want = pending.len() * 2,
            }
        };
        // At the end the chunk takes everything left.
        let last = at_end;
        let rest = pending.split_off(cut);
        let job = Job {
            bytes: std::mem::replace(&mut pending, rest),
            first,
            last,
        };
        if jobs[k % jobs.len()].send(job).is_err() || last {
            return;
        }
        first = false;
        k += 1;
    }
}

/// The end of the header: the offset of the first `<trace` tag outside comments, when the
/// bytes before it hold the `<log` tag, no CDATA section or document type, and end outside
/// any tag, comment or processing instruction. None when there is no such tag in `bytes`
/// (yet), or the header is not that plain (the log is then read sequentially).
fn find_header(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    let at = loop {
        let tag = find_trace_tag(bytes, from)?;
        match memmem::find(&bytes[from..tag], b"<!--") {
            None => break tag,
            Some(c) => {
                let open = from + c + 4;
                from = open + memmem::find(&bytes[open..], b"-->")? + 3;
            }
        }
    };
    let head = &bytes[..at];
    let closed = |open: &[u8], close: &[u8]| {
        memmem::rfind(head, open).map_or(true, |o| memmem::find(&head[o..], close).is_some())
    };
    let plain = memmem::find(head, b"<![").is_none()
        && memmem::find(head, b"<!D").is_none()
        && memmem::find(head, b"<log").is_some()
        && closed(b"<?", b"?>")
        && head.iter().rposition(|&b| b == b'>') >= head.iter().rposition(|&b| b == b'<');
    plain.then_some(at)
}

/// The first `<trace` tag (followed by whitespace, `>` or `/`) at or after `from`.
fn find_trace_tag(bytes: &[u8], from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(p) = memmem::find(&bytes[start..], b"<trace") {
        let at = start + p;
        match bytes.get(at + 6) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') => return Some(at),
            Some(_) => start = at + 6,
            None => return None,
        }
    }
    None
}

/// The last cut point after `from`: the offset of a `<trace` tag preceded by `</trace>` and
/// whitespace only.
fn last_cut(bytes: &[u8], from: usize) -> Option<usize> {
    const END: &[u8] = b"</trace>";
    let mut upto = bytes.len();
    while let Some(p) = memmem::rfind(&bytes[from..upto], END) {
        let end = from + p + END.len();
        let next = end
            + bytes[end..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if find_trace_tag(&bytes[..bytes.len().min(next + 7)], next) == Some(next) {
            return Some(next);
        }
        upto = from + p;
    }
    None
}

/// Parses one chunk as its own document: header (for all but the first chunk), the chunk,
/// and `</log>` (for all but the last).
fn parse_job(
    job: Job,
    header: &std::sync::OnceLock<Vec<u8>>,
    options: &XESImportOptions,
    cols: &LogColumns,
) -> Parsed {
    let head: &[u8] = if job.first {
        &[]
    } else {
        header.get().map_or(&[][..], Vec::as_slice)
    };
    let tail: &[u8] = if job.last { &[] } else { b"</log>\n" };
    let document = head.chain(&job.bytes[..]).chain(tail);
    let mut traces = SlimTraces::default();
    let ending = parse_traces(document, options.clone(), &mut |t| {
        traces.push(t, cols);
        true
    });
    Parsed {
        traces,
        newlines: count_newlines(&job.bytes),
        clean: ending.failure.is_none() && ending.ends_with_log_end,
        last: job.last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::eventlog::xes::{parse_traces, DEFAULT_TIME};

    fn cols() -> LogColumns {
        LogColumns {
            case: "concept:name".into(),
            activity: "concept:name".into(),
            time: DEFAULT_TIME.into(),
            team: "org:group".into(),
            silo: Some("org:role".into()),
        }
    }

    fn options() -> XESImportOptions {
        XESImportOptions {
            verbose: false,
            ..XESImportOptions::default()
        }
    }

    /// The sequential reading of `xml`: every trace, or None when it does not end cleanly.
    fn sequential(xml: &[u8]) -> Option<Vec<String>> {
        let mut slim = SlimTraces::default();
        let ending = parse_traces(xml, options(), &mut |t| {
            slim.push(t, &cols());
            true
        });
        (ending.failure.is_none() && ending.ends_with_log_end).then(|| slim.describe())
    }

    fn chunked(xml: &[u8], workers: usize, chunk: usize) -> Result<Vec<String>, Fallback> {
        let mut all = Vec::new();
        parse_in_chunks_of(xml, &options(), &cols(), workers, chunk, &mut |s| {
            all.extend(s.describe())
        })?;
        Ok(all)
    }

    /// A seeded XES document: traces of events, with whitespace, comments and escaped text
    /// that look like trace tags when `tricky`.
    fn document(seed: u64, traces: usize, tricky: bool) -> String {
        let mut rng = crate::rng::Rng::new(seed);
        let mut x = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!-- made by <trace> tests -->\n\
             <log xes.version=\"1.0\">\n<extension name=\"Concept\" prefix=\"concept\" uri=\"x\"/>\n\
             <global scope=\"event\">\n<string key=\"org:group\" value=\"g\"/>\n</global>\n",
        );
        for c in 0..traces {
            let gap = ["\n", "", " ", "\n\n\t", "\r\n"][rng.below(5) as usize];
            x.push_str(gap);
            if tricky && rng.below(4) == 0 {
                x.push_str("<!-- </trace> <trace> -->\n");
            }
            x.push_str(&format!(
                "<trace>\n<string key=\"concept:name\" value=\"case {c} &lt;/trace&gt; &lt;trace&gt;\"/>\n"
            ));
            for e in 0..rng.below(4) {
                let team = if rng.below(6) == 0 {
                    String::new()
                } else {
                    format!(
                        "<string key=\"org:group\" value=\"team {}\"/>",
                        rng.below(5)
                    )
                };
                let time = if rng.below(9) == 0 {
                    "<string key=\"time:timestamp\" value=\"soon\"/>".to_string()
                } else {
                    format!(
                        "<date key=\"time:timestamp\" value=\"2024-01-0{}T10:00:0{e}+02:00\"/>",
                        1 + rng.below(9)
                    )
                };
                x.push_str(&format!(
                    "<event>\n<string key=\"concept:name\" value=\"act {e}\"/>\n{team}\n{time}\n<string key=\"org:role\" value=\"r\"/>\n</event>\n"
                ));
            }
            x.push_str("</trace>");
        }
        x.push_str("\n</log>\n");
        x
    }

    #[test]
    fn chunks_read_what_the_sequential_reader_reads() {
        for seed in 0..12 {
            let tricky = seed % 3 == 0;
            let xml = document(seed, 1 + seed as usize * 7, tricky);
            let expected = sequential(xml.as_bytes()).expect("a well-formed document");
            for chunk in [1, 50, 300, 2_000, 1 << 20] {
                for workers in [1, 2, 3] {
                    match chunked(xml.as_bytes(), workers, chunk) {
                        Ok(got) => assert_eq!(got, expected, "seed {seed} chunk {chunk}"),
                        // A cut inside a comment is caught by the chunk's XML reader; a plain
                        // document always goes through.
                        Err(Fallback) => assert!(tricky, "seed {seed} chunk {chunk} fell back"),
                    }
                }
            }
        }
    }

    #[test]
    fn bad_documents_fall_back() {
        let xml = document(5, 30, false);
        let cut = &xml[..xml.len() * 2 / 3];
        let misspelt = xml.replacen("</event>", "</evnt>", 3);
        let empty_event = xml.replacen("<event>", "<event/>\n<event>", 2);
        let cdata = xml.replacen("<log", "<![CDATA[x]]><log", 1);
        for bad in [cut, &misspelt, &empty_event, &cdata, "", "<log>", "garbage"] {
            for chunk in [1, 300, 1 << 20] {
                assert_eq!(chunked(bad.as_bytes(), 2, chunk), Err(Fallback));
            }
        }
    }

    #[test]
    fn headers_end_at_the_first_trace_outside_comments() {
        let h = |s: &str| find_header(s.as_bytes());
        assert_eq!(h("<log>\n<trace>"), Some(6));
        assert_eq!(h("<?xml ?><!-- <trace> --><log><trace/>"), Some(29));
        assert_eq!(h("<log><tracer/><trace\n>"), Some(14));
        assert_eq!(h("<log><!-- <trace> "), None); // the comment is still open
        assert_eq!(h("<trace>"), None); // no <log
        assert_eq!(h("<log><![CDATA[x]]><trace>"), None);
        assert_eq!(h("<!DOCTYPE log><log><trace>"), None);
        assert_eq!(h("<log><? pi <trace>"), None);
        assert_eq!(h("<log>"), None);
    }

    #[test]
    fn cuts_fall_between_traces_only() {
        let c = |s: &str| last_cut(s.as_bytes(), 0);
        assert_eq!(c("<trace></trace>\n <trace>x"), Some(17));
        assert_eq!(c("</trace><trace></trace><traces>"), Some(8));
        assert_eq!(c("</trace><!-- --><trace>"), None);
        assert_eq!(c("</trace>"), None);
        assert_eq!(c("</trace>  <trace"), None); // the tag may go on
    }
}
