//! AFL target: `eventlog` (see src/harness.rs).
#[path = "../harness.rs"]
#[allow(dead_code)]
mod harness;

fn main() {
    afl::fuzz!(|data: &[u8]| harness::run(harness::Target::EventLog, data));
}
