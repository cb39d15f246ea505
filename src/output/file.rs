//! Single output files (docs/output.md, "Where outputs go"). A regular file or a new path is
//! written to a temporary file beside it, synced and renamed over it, so a crash or an error
//! never leaves a half-written file. Anything else (a FIFO, a character device such as
//! `/dev/null`, or a path through `/dev/` or `/proc/` such as `/dev/stdout`) is what a user
//! piping output means: it is opened and written in place, never replaced.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::guard::{resolve, Inputs, Target};
use crate::error::SeamsError;

/// One output file named on the command line, checked against the inputs before anything is
/// read or computed.
#[derive(Debug)]
pub struct OutputFile {
    shown: PathBuf,
    inputs: Inputs,
}

impl OutputFile {
    /// Checks `path` (as the user gave it) against `inputs`: it must not be a directory, an
    /// input file, or inside an input directory (after following symbolic links).
    pub fn plan(path: &Path, inputs: &[&Path]) -> Result<OutputFile, SeamsError> {
        if path.is_dir() {
            return Err(SeamsError::Usage(format!(
                "{} is a directory (expected a file name)",
                path.display()
            )));
        }
        let inputs = Inputs::new(inputs);
        inputs.check(path, &resolve(path), Target::File)?;
        Ok(OutputFile {
            shown: path.to_path_buf(),
            inputs,
        })
    }

    /// The path as the user gave it.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Writes the file: `fill` writes the whole content (see [`write_atomic`]). The path is
    /// checked against the inputs again first: links may have changed since the plan.
    pub fn write<F>(&self, fill: F) -> Result<(), SeamsError>
    where
        F: FnOnce(&mut dyn Write) -> io::Result<()>,
    {
        self.inputs
            .check(&self.shown, &resolve(&self.shown), Target::File)?;
        write_atomic(&self.shown, fill)
    }
}

/// How a path is written.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    /// Temporary file beside `PathBuf` (the target after symbolic links), then rename.
    Replace(PathBuf),
    /// Open and write in place (appending when it is a regular file reached through `/dev/`
    /// or `/proc/`, such as `/dev/stdout` redirected to a file).
    InPlace { append: bool },
    /// Refused (a block device or a socket): the message says why.
    Refuse(&'static str),
}

/// Decides how `path` is written: in place when it is (or leads through a symbolic link to)
/// anything but a regular file or a new path, or goes through `/dev/` or `/proc/`.
fn destination(path: &Path) -> Destination {
    let mut special = is_special_path(path);
    // Follow the chain of symbolic links by hand, to see whether it passes through /dev or /proc.
    let mut hop = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&hop) {
            Ok(next) => {
                let next = match hop.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
                special |= is_special_path(&next);
                hop = next;
            }
            Err(_) => break,
        }
    }
    match fs::metadata(path) {
        Err(_) if special => Destination::InPlace { append: false },
        Err(_) => Destination::Replace(resolve(path)),
        Ok(m) if m.is_file() && special => Destination::InPlace { append: true },
        Ok(m) if m.is_file() => {
            Destination::Replace(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
        }
        Ok(m) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let t = m.file_type();
                if t.is_block_device() {
                    return Destination::Refuse("is a block device (expected a file name)");
                }
                if t.is_socket() {
                    return Destination::Refuse("is a socket (expected a file name)");
                }
            }
            if m.is_dir() {
                return Destination::Refuse("is a directory (expected a file name)");
            }
            Destination::InPlace { append: false }
        }
    }
}

fn is_special_path(p: &Path) -> bool {
    p.starts_with("/dev") || p.starts_with("/proc")
}

/// Writes `path` whole: `fill` writes the content into a buffered temporary file created next
/// to the target (after symbolic links), which is then flushed, synced and renamed over it; a
/// failing `fill` leaves the old file and no temporary one. A FIFO, a character device or a
/// path through `/dev/` or `/proc/` (`/dev/stdout`) is written in place instead, never
/// replaced; a write error there (`/dev/full`: no space left on device) is an error too.
///
/// This checks no input: commands name their outputs with [`OutputFile`] or
/// [`super::OutputSet`], which do.
pub fn write_atomic<F>(path: &Path, fill: F) -> Result<(), SeamsError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let io_err = |e: io::Error| SeamsError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let target = match destination(path) {
        Destination::Replace(t) => t,
        Destination::InPlace { append } => {
            return write_in_place(path, append, fill).map_err(io_err)
        }
        Destination::Refuse(why) => {
            return Err(SeamsError::Usage(format!("{} {why}", path.display())));
        }
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
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
        let mode = fs::metadata(&target)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o644);
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))
            .map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(&target).map_err(|e| io_err(e.error))?;
    Ok(())
}

fn write_in_place<F>(path: &Path, append: bool, fill: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let file = fs::OpenOptions::new()
        .write(true)
        .append(append)
        .open(path)?;
    let mut writer = BufWriter::with_capacity(1 << 16, file);
    fill(&mut writer)?;
    writer.flush()?;
    Ok(())
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

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_file_keeps_the_link_and_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, |w| w.write_all(b"new")).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_proc_paths_are_written_in_place() {
        assert_eq!(
            destination(Path::new("/dev/null")),
            Destination::InPlace { append: false }
        );
        assert!(matches!(
            destination(Path::new("/dev/stdout")),
            Destination::InPlace { .. }
        ));
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out");
        std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
        assert!(matches!(destination(&link), Destination::InPlace { .. }));
        assert!(matches!(destination(dir.path()), Destination::Refuse(_)));
        // Writing is tested on private device nodes in tests/output_safety.rs: a regression
        // here, run as root, would replace the machine's /dev/null.
    }
}
