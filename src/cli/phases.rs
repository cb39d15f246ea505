//! `SEAMS_PHASES=1`: one stderr line per phase of a command (wall time since start, resident
//! memory now and at its peak), for the measurements in docs/performance.md. Silent unless the
//! variable is set; never changes what a command writes to stdout or to files.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

/// Starts the clock (called first thing in `main`).
pub fn start() {
    START.get_or_init(Instant::now);
}

/// Prints `seams: phase NAME: 12.3 s, 812 MiB resident, 1,024 MiB peak` when `SEAMS_PHASES`
/// is set. Memory comes from `/proc/self/status` (Linux); elsewhere only the time is shown.
pub fn phase(name: &str) {
    if std::env::var_os("SEAMS_PHASES").is_none() {
        return;
    }
    let elapsed = START.get().map_or(0.0, |s| s.elapsed().as_secs_f64());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    match (kib("VmRSS:"), kib("VmHWM:")) {
        (Some(now), Some(peak)) => eprintln!(
            "seams: phase {name}: {elapsed:.1} s, {} MiB resident, {} MiB peak",
            now / 1024,
            peak / 1024
        ),
        _ => eprintln!("seams: phase {name}: {elapsed:.1} s"),
    }
}
