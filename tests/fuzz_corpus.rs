//! Replays the fuzzers' kept corpus (`fuzz/corpus/TARGET/*`) through the same target bodies the
//! AFL binaries run (`fuzz/src/harness.rs`), so every input that ever found a crash, and every
//! seed, stays a regression test on the stable toolchain without AFL installed.
//! docs/fuzzing.md explains how to run the fuzzers themselves.

#[path = "../fuzz/src/harness.rs"]
mod harness;

#[test]
fn every_corpus_input_runs_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut total = 0;
    for (target, name) in harness::TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} has no corpus", dir.display());
        for f in &files {
            let data = std::fs::read(f).unwrap();
            let outcome = std::panic::catch_unwind(|| harness::run(target, &data));
            assert!(outcome.is_ok(), "{name}: {} crashes", f.display());
        }
        total += files.len();
    }
    assert!(total > 50, "only {total} corpus inputs");
}
