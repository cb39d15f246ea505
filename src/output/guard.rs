//! Which paths a command may write (docs/output.md, "Where outputs go"): never an input file
//! itself, never into or below an input directory, and, for an output directory (which is
//! replaced whole), never a directory that holds an input or the current directory. Every
//! comparison is made on canonical paths, after symbolic links and `..`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::SeamsError;

/// What an output path will be: one file, or a directory replaced whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A single file (`export --out FILE`, `check --junit FILE`).
    File,
    /// An output directory, replaced whole (`analyze`, `report`, `import-log --out DIR`).
    Directory,
}

/// The inputs of a command as they are on disk: each canonicalised once, and known to be a
/// directory (an export) or a file (an event log, a rules file). An input that does not exist
/// is left out: nothing can harm it, and reading it will say "no such file".
#[derive(Debug, Default)]
pub struct Inputs {
    items: Vec<Input>,
}

#[derive(Debug)]
struct Input {
    shown: PathBuf,
    real: PathBuf,
    is_dir: bool,
    #[cfg(unix)]
    identity: (u64, u64),
}

impl Inputs {
    /// Looks every input up on disk (following symbolic links).
    pub fn new(paths: &[&Path]) -> Inputs {
        let items = paths
            .iter()
            .filter_map(|p| {
                let real = p.canonicalize().ok()?;
                let meta = fs::metadata(&real).ok()?;
                Some(Input {
                    shown: p.to_path_buf(),
                    real,
                    is_dir: meta.is_dir(),
                    #[cfg(unix)]
                    identity: {
                        use std::os::unix::fs::MetadataExt;
                        (meta.dev(), meta.ino())
                    },
                })
            })
            .collect();
        Inputs { items }
    }

    /// Errors when writing `real` (the canonical form of the path `shown` the user gave, see
    /// [`resolve`]) would write an input: `real` is an input file (or a hard link to it), is an
    /// input directory or lies below one, or (for a [`Target::Directory`], which is replaced
    /// whole) holds an input or the current directory.
    pub fn check(&self, shown: &Path, real: &Path, target: Target) -> Result<(), SeamsError> {
        let refuse = |why: String| {
            Err(SeamsError::Usage(format!(
                "refusing to write to {}: {why}",
                shown.display()
            )))
        };
        for input in &self.items {
            if input.is_dir && real.starts_with(&input.real) {
                let what = if target == Target::Directory {
                    "directory"
                } else {
                    "file"
                };
                return refuse(format!(
                    "it is the input directory {} or inside it (choose an output {what} outside the export)",
                    input.shown.display()
                ));
            }
            if !input.is_dir && (real == input.real || self.same_file(input, real)) {
                return refuse(format!(
                    "it is the input file {} (choose another name)",
                    input.shown.display()
                ));
            }
            if target == Target::Directory && input.real.starts_with(real) {
                return refuse(format!(
                    "it holds the input {}, and an output directory is replaced whole (choose a directory that holds no input)",
                    input.shown.display()
                ));
            }
        }
        if target == Target::Directory {
            if let Ok(cwd) = std::env::current_dir().and_then(|c| c.canonicalize()) {
                if cwd.starts_with(real) {
                    return refuse(
                        "it holds the current directory, and an output directory is replaced whole (choose a new subdirectory, e.g. --out results)"
                            .to_string(),
                    );
                }
            }
        }
        Ok(())
    }

    #[cfg(unix)]
    fn same_file(&self, input: &Input, real: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(real).is_ok_and(|m| (m.dev(), m.ino()) == input.identity)
    }

    #[cfg(not(unix))]
    fn same_file(&self, _input: &Input, _real: &Path) -> bool {
        false
    }
}

/// Absolute, canonical form of a path whose tail may not exist yet: the longest existing
/// prefix is canonicalised (symbolic links and `..` resolved), the rest appended lexically.
pub fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(p)
    };
    let mut existing = abs.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                if part == ".." {
                    out.pop();
                } else if part != "." {
                    out.push(part);
                }
            }
            return out;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(out: &Path, inputs: &[&Path], target: Target) -> Result<(), SeamsError> {
        Inputs::new(inputs).check(out, &resolve(out), target)
    }

    #[test]
    fn refuses_input_dir_and_children() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("export");
        fs::create_dir(&input).unwrap();
        for t in [Target::File, Target::Directory] {
            assert!(check(&input, &[&input], t).is_err());
            assert!(check(&input.join("out/deeper"), &[&input], t).is_err());
            assert!(check(&input.join("sub/../"), &[&input], t).is_err());
            assert!(check(&dir.path().join("out"), &[&input], t).is_ok());
            assert!(check(&dir.path().join("export-out"), &[&input], t).is_ok());
        }
        // a directory replaced whole must not hold the input
        assert!(check(dir.path(), &[&input], Target::Directory).is_err());
    }

    #[test]
    fn a_file_input_only_forbids_itself() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("events.csv");
        fs::write(&log, "x\n").unwrap();
        assert!(check(&dir.path().join("export"), &[&log], Target::Directory).is_ok());
        assert!(check(&dir.path().join("e.graphml"), &[&log], Target::File).is_ok());
        assert!(check(&log, &[&log], Target::File).is_err());
        assert!(check(dir.path(), &[&log], Target::Directory).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&log, &link).unwrap();
            assert!(check(&link, &[&log], Target::File).is_err());
            let hard = dir.path().join("hard.csv");
            fs::hard_link(&log, &hard).unwrap();
            assert!(check(&hard, &[&log], Target::File).is_err());
        }
    }

    #[test]
    fn a_missing_input_forbids_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Path::new("/no-such-seams-input.csv");
        assert!(check(&dir.path().join("out"), &[missing], Target::Directory).is_ok());
    }
}
