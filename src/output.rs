//! Safe output: every file is written to a temporary name in its target directory and renamed
//! into place, so a crash or an error never leaves a half-written file; and no command ever
//! writes into (or below) the input directory.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::SeamsError;

/// Writes `path` atomically: `fill` writes the content into a buffered temporary file created
/// next to `path`, which is then flushed, synced and renamed over `path`.
pub fn write_atomic<F>(path: &Path, fill: F) -> Result<(), SeamsError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io_err = |e: io::Error| SeamsError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let tmp = tempfile::Builder::new()
        .prefix(".seams-tmp-")
        .tempfile_in(&dir)
        .map_err(io_err)?;
    let mut writer = BufWriter::with_capacity(1 << 16, tmp);
    fill(&mut writer).map_err(io_err)?;
    let tmp = writer.into_inner().map_err(|e| io_err(e.into_error()))?;
    // A temporary file is created 0600; outputs are ordinary files (keep an existing file's
    // permissions, else 0644).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o644);
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))
            .map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

/// Creates the output directory `out` (and its parents) after checking that it is neither the
/// input directory nor inside it (SPEC §5.23). Returns the directory.
pub fn prepare_output_dir(out: &Path, inputs: &[&Path]) -> Result<PathBuf, SeamsError> {
    refuse_inside_inputs(out, inputs)?;
    fs::create_dir_all(out).map_err(|e| SeamsError::Io {
        path: out.to_path_buf(),
        source: e,
    })?;
    Ok(out.to_path_buf())
}

/// Errors when `out` is one of `inputs` or lies inside one of them (compared after resolving
/// symbolic links and `..` for the part of `out` that exists).
pub fn refuse_inside_inputs(out: &Path, inputs: &[&Path]) -> Result<(), SeamsError> {
    let out_abs = resolve(out);
    for input in inputs {
        let in_abs = resolve(input);
        if out_abs.starts_with(&in_abs) {
            return Err(SeamsError::Usage(format!(
                "refusing to write to {}: it is the input directory {} or inside it (choose an output directory outside the export)",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Absolute, canonical form of a path whose tail may not exist yet.
fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(p)
    };
    // Canonicalise the longest existing prefix, then append the rest lexically.
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

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, |w| w.write_all(b"one")).unwrap();
        write_atomic(&p, |w| w.write_all(b"two")).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
        // a failing writer leaves the old content and no temporary file
        let r = write_atomic(&p, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_input_dir_and_children() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("export");
        fs::create_dir(&input).unwrap();
        assert!(refuse_inside_inputs(&input, &[&input]).is_err());
        assert!(refuse_inside_inputs(&input.join("out/deeper"), &[&input]).is_err());
        assert!(refuse_inside_inputs(&input.join("sub/../"), &[&input]).is_err());
        assert!(refuse_inside_inputs(&dir.path().join("out"), &[&input]).is_ok());
        assert!(refuse_inside_inputs(&dir.path().join("export-out"), &[&input]).is_ok());
    }
}
