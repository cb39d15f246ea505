//! `seams import-log` throughput on a generated event log (docs/event-logs.md: 4 columns, 10
//! events per case). The target is at least 1,000,000 events per second, reading and writing
//! included.
//!
//! Run: `cargo bench --bench import_log` (divan reports events/s as item throughput).
//!
//! The log imitates a ticketing export sorted by time: cases open in waves of 500 and their
//! events interleave (so consecutive rows rarely share a case), 300 teams, 40 activities,
//! ISO 8601 timestamps with milliseconds and `Z`.
//!
//! The same events are also written as XES (each case a `<trace>` holding its events, with
//! `concept:name`, `org:group` and `time:timestamp`, as an XES export lays them out), plain and
//! gzip-compressed, for `import_xes` and `import_xes_gz` (docs/event-logs.md, "XES logs").

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use seams::import::writer;
use seams::ingest::eventlog::{read_log, read_xes, ImportOptions, LogColumns};

fn main() {
    divan::main();
}

const EVENTS_PER_CASE: usize = 10;
const WAVE: usize = 500;

/// Civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The temporary directory holding the generated logs.
fn root() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

/// Generates `events` events in time order, calling `emit(wave, case, activity, timestamp,
/// team)`; a wave's events all come before the next wave's.
fn generate(events: usize, mut emit: impl FnMut(usize, usize, u64, &str, u64)) {
    let mut rng = Rng::new(7);
    let cases = events / EVENTS_PER_CASE;
    let mut ms: i64 = 1_600_000_000_000;
    let mut time = String::new();
    for wave in (0..cases).step_by(WAVE) {
        for _k in 0..EVENTS_PER_CASE {
            for c in wave..(wave + WAVE).min(cases) {
                ms += 1 + rng.below(20_000) as i64;
                let (secs, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
                let (y, mo, d) = civil(secs.div_euclid(86_400));
                let s = secs.rem_euclid(86_400);
                time.clear();
                use std::fmt::Write as _;
                write!(
                    time,
                    "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
                    s / 3600,
                    s / 60 % 60,
                    s % 60
                )
                .unwrap();
                let activity = rng.below(40);
                emit(wave, c, activity, &time, rng.below(300));
            }
        }
    }
}

/// Writes a log of `events` events (once per size) and returns its path.
fn log(events: usize) -> PathBuf {
    let path = root().join(format!("log-{events}.csv"));
    if path.exists() {
        return path;
    }
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).expect("create log"));
    writeln!(w, "case,activity,timestamp,team").unwrap();
    generate(events, |_, c, activity, time, team| {
        writeln!(w, "case-{c:07},Activity {activity},{time},team-{team:03}").unwrap();
    });
    w.flush().unwrap();
    path
}

/// Writes the same log as XES (gzip-compressed, at the fastest level, when `gzip`), once per
/// size, and returns its path.
fn xes_log(events: usize, gzip: bool) -> PathBuf {
    let path = root().join(format!("log-{events}.xes{}", if gzip { ".gz" } else { "" }));
    if path.exists() {
        return path;
    }
    let file = std::fs::File::create(&path).expect("create log");
    let mut w: Box<dyn Write> = if gzip {
        Box::new(flate2::write::GzEncoder::new(
            std::io::BufWriter::new(file),
            flate2::Compression::fast(),
        ))
    } else {
        Box::new(std::io::BufWriter::new(file))
    };
    writeln!(
        w,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<log xes.version=\"1.0\">"
    )
    .unwrap();
    // A wave's cases, each with its events as XML (written when the wave is complete).
    let mut traces: Vec<(usize, String)> = Vec::new();
    let mut current_wave = 0;
    let flush = |traces: &mut Vec<(usize, String)>, w: &mut Box<dyn Write>| {
        for (c, body) in traces.drain(..) {
            write!(
                w,
                "\t<trace>\n\t\t<string key=\"concept:name\" value=\"case-{c:07}\"/>\n{body}\t</trace>\n"
            )
            .unwrap();
        }
    };
    generate(events, |wave, c, activity, time, team| {
        if wave != current_wave {
            flush(&mut traces, &mut w);
            current_wave = wave;
        }
        let k = c - wave;
        if k == traces.len() {
            traces.push((c, String::new()));
        }
        use std::fmt::Write as _;
        write!(
            traces[k].1,
            "\t\t<event>\n\t\t\t<string key=\"concept:name\" value=\"Activity {activity}\"/>\n\t\t\t<string key=\"org:group\" value=\"team-{team:03}\"/>\n\t\t\t<date key=\"time:timestamp\" value=\"{time}\"/>\n\t\t</event>\n"
        )
        .unwrap();
    });
    flush(&mut traces, &mut w);
    writeln!(w, "</log>").unwrap();
    w.flush().unwrap();
    drop(w);
    path
}

fn options() -> ImportOptions {
    ImportOptions::new(LogColumns {
        case: "case".into(),
        activity: "activity".into(),
        time: "timestamp".into(),
        team: "team".into(),
        silo: None,
    })
}

/// Read the log, build the export and write its three files.
#[divan::bench(args = [100_000, 1_000_000], sample_count = 5)]
fn import_log(bencher: Bencher, events: usize) {
    let path = log(events);
    let out = tempfile::tempdir().expect("out dir");
    let options = options();
    bencher.counter(ItemsCount::new(events)).bench(|| {
        let imported = read_log(&path, &options).expect("valid log");
        writer::write(&imported.export, out.path()).expect("written");
    });
}

/// Reading and building only (no output files).
#[divan::bench(args = [1_000_000], sample_count = 5)]
fn read_only(bencher: Bencher, events: usize) {
    let path = log(events);
    let options = options();
    bencher
        .counter(ItemsCount::new(events))
        .bench(|| read_log(&path, &options).expect("valid log"));
}

/// The XES options: the standard attributes, `org:group` as the team.
fn xes_options() -> ImportOptions {
    ImportOptions::new(LogColumns {
        case: "concept:name".into(),
        activity: "concept:name".into(),
        time: "time:timestamp".into(),
        team: "org:group".into(),
        silo: None,
    })
}

/// The same log as XES: read, build and write the three files.
#[divan::bench(args = [100_000, 1_000_000], sample_count = 5)]
fn import_xes(bencher: Bencher, events: usize) {
    let path = xes_log(events, false);
    let out = tempfile::tempdir().expect("out dir");
    let options = xes_options();
    bencher.counter(ItemsCount::new(events)).bench(|| {
        let imported = read_xes(&path, &options).expect("valid log");
        writer::write(&imported.export, out.path()).expect("written");
    });
}

/// The same log as XES.gz: decompress, read, build and write the three files.
#[divan::bench(args = [100_000, 1_000_000], sample_count = 5)]
fn import_xes_gz(bencher: Bencher, events: usize) {
    let path = xes_log(events, true);
    let out = tempfile::tempdir().expect("out dir");
    let options = xes_options();
    bencher.counter(ItemsCount::new(events)).bench(|| {
        let imported = read_xes(&path, &options).expect("valid log");
        writer::write(&imported.export, out.path()).expect("written");
    });
}

/// A small seeded generator for the synthetic log (the crate's own PRNG is internal).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Uniform in 0..n (xorshift64*; the slight modulo bias does not matter for a benchmark).
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}
