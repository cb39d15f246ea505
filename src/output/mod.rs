//! Where outputs go, and how (docs/output.md, "Where outputs go"). No command ever writes an
//! input: every path written is compared, after symbolic links, with every input
//! ([`guard`]). An output directory is built beside `OUT` and swapped in whole, with a
//! manifest naming what it holds ([`OutputSet`], `set.rs`); a single output file is written to
//! a temporary name and renamed, unless it is a FIFO, a device or `/dev/stdout`, which are
//! written in place ([`OutputFile`], `file.rs`).
//!
//! The pattern of every command: `plan` the output before reading any input, then `write` it
//! once everything is computed:
//!
//! ```no_run
//! # use seams::output::OutputSet;
//! # use std::path::Path;
//! # use std::io::Write;
//! let set = OutputSet::plan(Path::new("results"), "analyze", &[Path::new("export")], false)?;
//! // … load and analyse …
//! set.write(|dir| {
//!     seams::output::write_atomic(&dir.join("org.csv"), |w| w.write_all(b"key,value\n"))
//! })?;
//! # Ok::<(), seams::error::SeamsError>(())
//! ```

mod file;
mod guard;
mod set;

use std::fs;
use std::path::{Path, PathBuf};

pub use file::{write_atomic, OutputFile};
pub use guard::{resolve, Inputs, Target};
pub use set::{OutputSet, MANIFEST};

use crate::error::SeamsError;

/// Creates the output directory `out` (and its parents) in place after checking that it is
/// neither an input directory nor inside one; files are then written into it one by one
/// (`seams generate`). Commands whose output must appear whole use [`OutputSet`].
pub fn prepare_output_dir(out: &Path, inputs: &[&Path]) -> Result<PathBuf, SeamsError> {
    refuse_inside_inputs(out, inputs)?;
    fs::create_dir_all(out).map_err(|e| SeamsError::Io {
        path: out.to_path_buf(),
        source: e,
    })?;
    Ok(out.to_path_buf())
}

/// Errors when writing the file `out` would write an input: `out` is an input file, or is or
/// lies inside an input directory (compared after resolving symbolic links and `..`).
pub fn refuse_inside_inputs(out: &Path, inputs: &[&Path]) -> Result<(), SeamsError> {
    Inputs::new(inputs).check(out, &resolve(out), Target::File)
}
