//! `seams import-log` throughput on a generated event log (docs/event-logs.md: 4 columns, 10
//! events per case). The target is at least 1,000,000 events per second, reading and writing
//! included.
//!
//! Run: `cargo bench --bench import_log` (divan reports events/s as item throughput).
//!
//! The log imitates a ticketing export sorted by time: cases open in waves of 500 and their
//! events interleave (so consecutive rows rarely share a case), 300 teams, 40 activities,
//! ISO 8601 timestamps with milliseconds and `Z`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use seams::import::writer;
use seams::ingest::eventlog::{read_log, ImportOptions, LogColumns};
use seams::rng::Rng;

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

/// Writes a log of `events` events (once per size) and returns its path.
fn log(events: usize) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let root = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let path = root.path().join(format!("log-{events}.csv"));
    if path.exists() {
        return path;
    }
    let mut rng = Rng::new(7);
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).expect("create log"));
    writeln!(w, "case,activity,timestamp,team").unwrap();
    let cases = events / EVENTS_PER_CASE;
    let mut ms: i64 = 1_600_000_000_000;
    for wave in (0..cases).step_by(WAVE) {
        for _k in 0..EVENTS_PER_CASE {
            for c in wave..(wave + WAVE).min(cases) {
                ms += 1 + rng.below(20_000) as i64;
                let (secs, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
                let (y, mo, d) = civil(secs.div_euclid(86_400));
                let s = secs.rem_euclid(86_400);
                writeln!(
                    w,
                    "case-{c:07},Activity {},{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z,team-{:03}",
                    rng.below(40),
                    s / 3600,
                    s / 60 % 60,
                    s % 60,
                    rng.below(300)
                )
                .unwrap();
            }
        }
    }
    w.flush().unwrap();
    path
}

fn options() -> ImportOptions {
    ImportOptions {
        columns: LogColumns {
            case: "case".into(),
            activity: "activity".into(),
            time: "timestamp".into(),
            team: "team".into(),
            silo: None,
        },
        collapse_repeats: false,
        read: Default::default(),
    }
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
