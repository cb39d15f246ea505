//! Text encodings of the files Excel saves on Windows (`--encoding windows-1252|latin-1|utf-16`),
//! decoded to UTF-8 in chunks as the bytes stream in, so memory stays bounded whatever the file
//! size; and the hint naming the encoding that bytes which are not UTF-8 look like
//! (`docs/input-format.md`, "Dialects").

use std::io::{self, Read};

use serde::Serialize;

/// The encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// UTF-8 (a BOM is accepted and ignored): the default.
    #[serde(rename = "utf-8")]
    Utf8,
    /// Windows-1252 (Western European Windows, Excel's "CSV (Comma delimited)").
    #[serde(rename = "windows-1252")]
    Windows1252,
    /// Latin-1, read as Windows-1252 (its superset as every browser reads it: the WHATWG
    /// Encoding Standard; bytes 0x80–0x9F are C1 controls in ISO-8859-1, never meant in a name).
    #[serde(rename = "latin-1")]
    Latin1,
    /// UTF-16 with a byte-order mark, little- or big-endian (Excel's "Unicode text").
    #[serde(rename = "utf-16")]
    Utf16,
}

impl Encoding {
    /// The name `validate` shows and `--encoding` takes.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Latin1 => "latin-1",
            Encoding::Utf16 => "utf-16",
        }
    }
}

/// The bytes read to decide how a file starts (a BOM is at most 3 bytes).
const BOM_BYTES: usize = 3;

/// Bytes read from the file per decoding step.
const CHUNK: usize = 1 << 15;

/// The first bytes of `file` (up to a BOM's length) and whether the file ended within them.
fn read_start(file: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut start = vec![0; BOM_BYTES];
    let mut n = 0;
    while n < BOM_BYTES {
        match file.read(&mut start[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    start.truncate(n);
    Ok(start)
}

fn has_utf16_bom(start: &[u8]) -> bool {
    start.starts_with(&[0xff, 0xfe]) || start.starts_with(&[0xfe, 0xff])
}

/// Why a file cannot be decoded as asked, for a message at line 1.
#[derive(Debug)]
pub(super) enum Refusal {
    /// The message (a syntax problem of the file).
    Syntax(String),
    /// Reading failed.
    Io(io::Error),
}

/// `file` as UTF-8 bytes: UTF-8 as it is (a UTF-16 BOM is refused with the flag to use), any
/// other encoding decoded in chunks of 32 KiB. A byte-order mark, when present, decides the
/// encoding over `--encoding windows-1252|latin-1` (so a UTF-8 file with BOM reads right);
/// `--encoding utf-16` needs one.
pub(super) fn decoded<'a>(
    mut file: Box<dyn Read + Send + 'a>,
    encoding: Encoding,
) -> Result<Box<dyn Read + Send + 'a>, Refusal> {
    let start = read_start(&mut *file).map_err(Refusal::Io)?;
    match encoding {
        Encoding::Utf8 => {
            if has_utf16_bom(&start) {
                return Err(Refusal::Syntax(
                    "the file is UTF-16 encoded (it starts with a UTF-16 byte-order mark): run with --encoding utf-16, or save it as UTF-8".to_string(),
                ));
            }
            Ok(Box::new(io::Cursor::new(start).chain(file)))
        }
        Encoding::Utf16 => {
            if !has_utf16_bom(&start) {
                return Err(Refusal::Syntax(
                    "--encoding utf-16: the file does not start with a UTF-16 byte-order mark (expected a file saved as UTF-16, e.g. Excel's \"Unicode Text\"; leave --encoding out for UTF-8)".to_string(),
                ));
            }
            Ok(Box::new(Decode::new(start, file, encoding_rs::UTF_16LE)))
        }
        Encoding::Windows1252 | Encoding::Latin1 => Ok(Box::new(Decode::new(
            start,
            file,
            encoding_rs::WINDOWS_1252,
        ))),
    }
}

/// A reader handing out the UTF-8 text of a file in another encoding, decoded chunk by chunk
/// (at most [`CHUNK`] bytes of input and their decoding held at a time).
struct Decode<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    /// Undecoded input: `input[input_at..]`.
    input: Vec<u8>,
    input_at: usize,
    /// Decoded output not yet handed out: `output[output_at..]`.
    output: Vec<u8>,
    output_at: usize,
    /// The inner reader is exhausted.
    ended: bool,
    /// The decoder has been flushed.
    finished: bool,
}

impl<R: Read> Decode<R> {
    /// Decodes `start` (bytes already read) then the rest of `inner`, as `encoding` unless a
    /// BOM says otherwise (the BOM itself is dropped).
    fn new(start: Vec<u8>, inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Decode {
            inner,
            decoder: encoding.new_decoder(),
            input: start,
            input_at: 0,
            output: Vec::new(),
            output_at: 0,
            ended: false,
            finished: false,
        }
    }

    /// Decodes more input into `output`; false when everything has been decoded.
    fn refill(&mut self) -> io::Result<bool> {
        loop {
            if self.finished {
                return Ok(false);
            }
            if self.input_at == self.input.len() && !self.ended {
                self.input.resize(CHUNK, 0);
                self.input_at = 0;
                let n = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                self.input.truncate(n);
                self.ended = n == 0;
            }
            let src = &self.input[self.input_at..];
            let room = self
                .decoder
                .max_utf8_buffer_length_without_replacement(src.len())
                .unwrap_or(CHUNK * 3)
                .max(16);
            self.output.clear();
            self.output.resize(room, 0);
            self.output_at = 0;
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(src, &mut self.output, self.ended);
            self.input_at += read;
            self.output.truncate(written);
            if let encoding_rs::DecoderResult::Malformed(..) = result {
                return Err(io::Error::other(format!(
                    "the bytes are not valid {} here (an unpaired surrogate, or an odd number of bytes: is the file cut short?)",
                    self.decoder.encoding().name()
                )));
            }
            if self.ended
                && self.input_at == self.input.len()
                && result == encoding_rs::DecoderResult::InputEmpty
            {
                self.finished = true;
            }
            if written > 0 {
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.output_at == self.output.len() && !self.refill()? {
            return Ok(0);
        }
        let pending = &self.output[self.output_at..];
        let n = pending.len().min(buf.len());
        buf[..n].copy_from_slice(&pending[..n]);
        self.output_at += n;
        Ok(n)
    }
}

/// What bytes that are not UTF-8 look like, for the message: `: the bytes look like
/// Windows-1252 (run with --encoding windows-1252, or save the file as UTF-8)`. `bytes` is the
/// field or record holding them.
pub fn not_utf8_hint(bytes: &[u8]) -> String {
    // The five bytes Windows-1252 leaves undefined.
    let undefined = |b: u8| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d);
    let high: Vec<u8> = bytes.iter().copied().filter(|&b| b >= 0x80).collect();
    if high.is_empty() || high.iter().any(|&b| undefined(b)) {
        return " (expected UTF-8: save the file as UTF-8, or name its encoding with --encoding windows-1252, latin-1 or utf-16)".to_string();
    }
    if high.iter().any(|&b| (0x80..=0x9f).contains(&b)) {
        " (the bytes look like Windows-1252: run with --encoding windows-1252, or save the file as UTF-8)".to_string()
    } else {
        " (the bytes look like Windows-1252 or Latin-1: run with --encoding windows-1252, or save the file as UTF-8)".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out `step` bytes per read.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn decode(bytes: &[u8], encoding: Encoding, step: usize) -> Result<String, String> {
        let file: Box<dyn Read + Send> = Box::new(io::Cursor::new(bytes.to_vec()));
        let mut r = match decoded(file, encoding) {
            Ok(r) => r,
            Err(Refusal::Syntax(m)) => return Err(m),
            Err(Refusal::Io(e)) => return Err(e.to_string()),
        };
        // Read in small pieces too, so characters split across reads are exercised.
        let mut out = Vec::new();
        let mut buf = vec![0; step];
        loop {
            match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return Err(e.to_string()),
            }
        }
        String::from_utf8(out).map_err(|e| e.to_string())
    }

    #[test]
    fn windows_1252_is_decoded_whatever_the_read_sizes() {
        let bytes = b"id;name\nx;Caf\xe9 \x96 \x80 5\n";
        for step in [1, 2, 3, 7, 4096] {
            assert_eq!(
                decode(bytes, Encoding::Windows1252, step).unwrap(),
                "id;name\nx;Café – € 5\n"
            );
        }
        assert_eq!(decode(b"\xe9", Encoding::Latin1, 1).unwrap(), "é");
        // A UTF-8 BOM wins over the flag.
        assert_eq!(
            decode("\u{feff}Zoë".as_bytes(), Encoding::Windows1252, 1).unwrap(),
            "Zoë"
        );
    }

    #[test]
    fn utf16_needs_a_bom_and_reads_both_byte_orders() {
        let text = "id\tname\nx\tZoë – 日本\n";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for step in [1, 3, 4096] {
            assert_eq!(decode(&le, Encoding::Utf16, step).unwrap(), text);
            assert_eq!(decode(&be, Encoding::Utf16, step).unwrap(), text);
        }
        assert!(decode(b"id\n", Encoding::Utf16, 10)
            .unwrap_err()
            .contains("does not start with a UTF-16 byte-order mark"));
        assert!(decode(&le, Encoding::Utf8, 10)
            .unwrap_err()
            .contains("run with --encoding utf-16"));
        // An odd number of bytes: an error, not a silent replacement character.
        let mut cut = le.clone();
        cut.push(0x41);
        assert!(decode(&cut, Encoding::Utf16, 4096)
            .unwrap_err()
            .contains("not valid UTF-16"));
    }

    #[test]
    fn a_large_file_streams_through_bounded_buffers() {
        let row = "x;Caf\u{e9}\n".repeat(100_000);
        let bytes: Vec<u8> = row.chars().map(|c| c as u32 as u8).collect();
        let mut r = Decode::new(
            Vec::new(),
            Trickle(&bytes, 100_000),
            encoding_rs::WINDOWS_1252,
        );
        let mut buf = vec![0; 1 << 16];
        let mut total = 0;
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            total += n;
            assert!(r.output.capacity() <= 4 * CHUNK + 64);
            assert!(r.input.capacity() <= CHUNK);
        }
        assert_eq!(total, row.len());
    }

    #[test]
    fn hints_name_the_encoding_the_bytes_look_like() {
        assert!(not_utf8_hint(b"Caf\x96")
            .contains("look like Windows-1252: run with --encoding windows-1252"));
        assert!(not_utf8_hint(b"Caf\xe9").contains("Windows-1252 or Latin-1"));
        assert!(not_utf8_hint(b"\x81").contains("expected UTF-8"));
    }
}
