//! Output directories written whole (docs/output.md, "Where outputs go"). The whole set is
//! built in a fresh temporary directory beside `OUT` (same parent, so renames are atomic) and
//! swapped in at the end: on Linux with `renameat2(RENAME_EXCHANGE)`, elsewhere (or on a file
//! system without it) by renaming `OUT` aside, the new set in, and removing the old one. A run
//! that fails or is killed leaves `OUT` as it was; files of the previous run that this run does
//! not write do not survive.
//!
//! `OUT/.seams-output` (the manifest) names the command and every file the set holds. A
//! non-empty `OUT` is replaced only when its manifest says it is the output of the same command
//! and it holds nothing else, or with `--force`: seams never deletes files it did not write
//! unless told to.
//!
//! Temporary directories are named `.OUT.seams-tmp-PID-…` (the set being built) and
//! `.OUT.seams-old-PID-…` (the previous set being removed); the next run removes those of
//! processes that are no longer running (on Linux; elsewhere they are left, clearly named).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::file::write_atomic;
use super::guard::{resolve, Inputs, Target};
use crate::error::SeamsError;

/// The manifest's file name inside an output directory.
pub const MANIFEST: &str = ".seams-output";

/// A checked plan for one output directory, replaced whole by [`OutputSet::write`].
///
/// The pattern every command follows: `OutputSet::plan` before any input is read (so a bad
/// `--out` costs nothing), then `set.write(|dir| writer(…, dir))` once everything is computed.
#[derive(Debug)]
pub struct OutputSet {
    shown: PathBuf,
    target: PathBuf,
    parent: PathBuf,
    name: OsString,
    command: String,
    force: bool,
}

/// What an existing output directory holds.
#[derive(Debug, PartialEq, Eq)]
enum Existing {
    /// Nothing (or no directory at all).
    Empty,
    /// The output of a seams command, with nothing beside its files.
    Output { command: String },
    /// Files seams did not write (the first few, as relative paths).
    Foreign(Vec<String>),
}

impl OutputSet {
    /// Checks `out` for the output of `seams COMMAND`: after symbolic links it must not be or
    /// lie inside an input directory, be an input file, or hold an input or the current
    /// directory; if it exists, it must be a directory that is empty or the previous output of
    /// the same command (unless `force`: then whatever it holds is replaced).
    pub fn plan(
        out: &Path,
        command: &str,
        inputs: &[&Path],
        force: bool,
    ) -> Result<OutputSet, SeamsError> {
        let target = resolve(out);
        let (parent, name) = match (target.parent(), target.file_name()) {
            (Some(p), Some(n)) => (p.to_path_buf(), n.to_os_string()),
            _ => {
                return Err(SeamsError::Usage(format!(
                    "refusing to write to {}: an output directory is replaced whole, and this one has no parent (choose a new subdirectory)",
                    out.display()
                )))
            }
        };
        Inputs::new(inputs).check(out, &target, Target::Directory)?;
        let set = OutputSet {
            shown: out.to_path_buf(),
            target,
            parent,
            name,
            command: command.to_string(),
            force,
        };
        set.check_replaceable()?;
        Ok(set)
    }

    /// The directory as the user gave it.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Builds the set and swaps it in: `fill` writes every file into the empty directory it is
    /// given (creating subdirectories as it needs); then the manifest is added and the
    /// directory replaces `OUT` whole. When `fill` fails, `OUT` is left as it was.
    pub fn write<T, F>(&self, fill: F) -> Result<T, SeamsError>
    where
        F: FnOnce(&Path) -> Result<T, SeamsError>,
    {
        fs::create_dir_all(&self.parent).map_err(|e| self.io(&self.parent, e))?;
        remove_leftovers(&self.parent, &self.name);
        let staging = Scratch::create(&self.parent, &self.name, "tmp")?;
        let value = fill(staging.path())?;
        let files = list_files(staging.path())?;
        let manifest = manifest_text(&self.command, &files);
        write_atomic(&staging.path().join(MANIFEST), |w| {
            w.write_all(manifest.as_bytes())
        })?;
        sync_dir(staging.path());
        self.swap_in(staging)?;
        sync_dir(&self.parent);
        Ok(value)
    }

    /// Errors unless `OUT` may be replaced (see [`OutputSet::plan`]).
    fn check_replaceable(&self) -> Result<(), SeamsError> {
        let meta = match fs::symlink_metadata(&self.target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(self.io(&self.target, e)),
            Ok(m) => m,
        };
        if !meta.is_dir() {
            return Err(SeamsError::Usage(format!(
                "{} exists and is not a directory (expected a directory for the output of `seams {}`)",
                self.shown.display(),
                self.command
            )));
        }
        if self.force {
            return Ok(());
        }
        match existing(&self.target).map_err(|e| self.io(&self.target, e))? {
            Existing::Empty => Ok(()),
            Existing::Output { command } if command == self.command => Ok(()),
            Existing::Output { command } => Err(SeamsError::Usage(format!(
                "refusing to replace {}: it holds the output of `seams {command}`, not of `seams {}` (choose another directory, or pass --force to replace it whole)",
                self.shown.display(),
                self.command
            ))),
            Existing::Foreign(names) => Err(SeamsError::Usage(format!(
                "refusing to replace {}: it holds files seams did not write ({}); an output directory is replaced whole (choose a new or empty directory, or pass --force to replace it and delete what it holds)",
                self.shown.display(),
                names.join(", ")
            ))),
        }
    }

    /// Puts the finished set at `OUT`, whole, and removes the previous one. Concurrent runs into
    /// the same `OUT` each swap a whole set in: the last one wins.
    fn swap_in(&self, staging: Scratch) -> Result<(), SeamsError> {
        let err = |e| self.io(&self.target, e);
        for _ in 0..100 {
            // Checked again just before the swap: OUT may have changed during the run.
            self.check_replaceable()?;
            if fs::symlink_metadata(&self.target).is_err() {
                match fs::rename(staging.path(), &self.target) {
                    Ok(()) => {
                        staging.disarm();
                        return Ok(());
                    }
                    // Another run put a set there first: replace it on the next turn.
                    Err(e) if is_taken(&e) || e.kind() == io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(err(e)),
                }
            }
            match exchange(staging.path(), &self.target) {
                // The scratch directory now holds the previous set; dropping it removes it.
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(err(e)),
            }
            // Portable: the previous set aside, the new one in, the previous one removed.
            let old = Scratch::reserve(&self.parent, &self.name, "old")?;
            match fs::rename(&self.target, old.path()) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(err(e)),
            }
            match fs::rename(staging.path(), &self.target) {
                Ok(()) => {
                    staging.disarm();
                    return Ok(());
                }
                Err(e) if is_taken(&e) => continue,
                Err(e) => return Err(err(e)),
            }
        }
        Err(err(io::Error::other(
            "another process keeps replacing this directory; try again",
        )))
    }

    fn io(&self, path: &Path, source: io::Error) -> SeamsError {
        SeamsError::Io {
            path: if path == self.target {
                self.shown.clone()
            } else {
                path.to_path_buf()
            },
            source,
        }
    }
}

/// `rename` failed because the destination is a non-empty directory.
fn is_taken(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::AlreadyExists || matches!(e.raw_os_error(), Some(39) | Some(66))
}

/// Swaps two existing paths atomically (Linux `renameat2(RENAME_EXCHANGE)`). `Ok(false)` when
/// the system or the file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS) | Some(libc::EINVAL) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A temporary directory beside `OUT`, removed when dropped unless disarmed.
struct Scratch {
    path: PathBuf,
    armed: std::cell::Cell<bool>,
}

impl Scratch {
    fn prefix(name: &OsString, kind: &str) -> String {
        format!(".{}.seams-{kind}-", name.to_string_lossy())
    }

    /// Creates an empty directory `.NAME.seams-KIND-PID-…` in `parent` (mode 0755).
    fn create(parent: &Path, name: &OsString, kind: &str) -> Result<Scratch, SeamsError> {
        let dir = tempfile::Builder::new()
            .prefix(&format!(
                "{}{}-",
                Self::prefix(name, kind),
                std::process::id()
            ))
            .tempdir_in(parent)
            .map_err(|e| SeamsError::Io {
                path: parent.to_path_buf(),
                source: io::Error::new(
                    e.kind(),
                    format!(
                        "cannot create the temporary directory the output set is built in: {e}"
                    ),
                ),
            })?;
        let path = dir.keep();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o755));
        }
        Ok(Scratch {
            path,
            armed: std::cell::Cell::new(true),
        })
    }

    /// A fresh name for the previous set moved aside (created, then removed, so that the
    /// rename onto it cannot meet a directory of someone else's).
    fn reserve(parent: &Path, name: &OsString, kind: &str) -> Result<Scratch, SeamsError> {
        let s = Self::create(parent, name, kind)?;
        let _ = fs::remove_dir(&s.path);
        Ok(s)
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn disarm(&self) {
        self.armed.set(false);
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.armed.get() {
            // remove_dir_all never follows symbolic links: it removes the links themselves.
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Removes the temporary directories beside `OUT` left by runs that were killed (their process
/// is gone). Only on Linux, where a process's liveness is visible in /proc.
fn remove_leftovers(parent: &Path, name: &OsString) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [Scratch::prefix(name, "tmp"), Scratch::prefix(name, "old")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Every regular file under `dir`, as sorted `/`-separated relative paths. A symbolic link or
/// a special file in a set being built is an error (writers create only files and directories).
fn list_files(dir: &Path) -> Result<Vec<String>, SeamsError> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let io = |e| SeamsError::Io {
            path: d.clone(),
            source: e,
        };
        for entry in fs::read_dir(&d).map_err(io)? {
            let entry = entry.map_err(io)?;
            let path = entry.path();
            let t = entry.file_type().map_err(io)?;
            if t.is_dir() {
                stack.push(path);
            } else if t.is_file() {
                files.push(relative(dir, &path));
            } else {
                return Err(SeamsError::Io {
                    path,
                    source: io::Error::other(
                        "not a regular file (an output set holds only files and directories)",
                    ),
                });
            }
        }
    }
    files.sort();
    Ok(files)
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The manifest: a comment, the command, then one file per line.
fn manifest_text(command: &str, files: &[String]) -> String {
    let mut s = format!(
        "# Written by `seams {command}`: the next `seams {command} --out` into this directory replaces it whole (docs/output.md).\ncommand: {command}\nfiles:\n"
    );
    for f in files {
        s.push_str(f);
        s.push('\n');
    }
    s
}

/// Reads a manifest: the command and the files, or `None` when it is not one.
fn parse_manifest(text: &str) -> Option<(String, BTreeSet<String>)> {
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let command = lines.next()?.strip_prefix("command: ")?.to_string();
    if lines.next()? != "files:" {
        return None;
    }
    Some((command, lines.map(str::to_string).collect()))
}

/// What the existing directory `dir` holds.
fn existing(dir: &Path) -> io::Result<Existing> {
    let manifest = dir.join(MANIFEST);
    let listed = match fs::symlink_metadata(&manifest) {
        Ok(m) if m.is_file() => parse_manifest(&fs::read_to_string(&manifest).unwrap_or_default()),
        _ => None,
    };
    let mut foreign = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut any = false;
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&d)?.collect::<io::Result<_>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            any = true;
            let path = entry.path();
            let rel = relative(dir, &path);
            let t = entry.file_type()?;
            let known = match &listed {
                None => false,
                Some(_) if rel == MANIFEST => t.is_file(),
                Some((_, files)) if t.is_file() => files.contains(&rel),
                Some((_, files)) if t.is_dir() => {
                    let prefix = format!("{rel}/");
                    files.iter().any(|f| f.starts_with(&prefix))
                }
                Some(_) => false,
            };
            if known && t.is_dir() {
                stack.push(path);
            } else if !known && foreign.len() < 5 {
                foreign.push(if t.is_symlink() {
                    format!("{rel} (a symbolic link)")
                } else {
                    rel
                });
            }
        }
    }
    Ok(match (any, listed, foreign.is_empty()) {
        (false, _, _) => Existing::Empty,
        (true, Some((command, _)), true) => Existing::Output { command },
        _ => Existing::Foreign(foreign),
    })
}

/// Flushes a directory's entries to disk (best effort; not every platform can).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn write_set(out: &Path, files: &[&str]) -> Result<(), SeamsError> {
        let set = OutputSet::plan(out, "test", &[], false)?;
        set.write(|dir| {
            for f in files {
                let p = dir.join(f);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                write_atomic(&p, |w| w.write_all(f.as_bytes()))?;
            }
            Ok(())
        })
    }

    #[test]
    fn a_set_replaces_the_previous_one_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write_set(&out, &["a.csv", "sub/b.csv"]).unwrap();
        assert_eq!(names(&out), [MANIFEST, "a.csv", "sub"]);
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST)).unwrap(),
            "# Written by `seams test`: the next `seams test --out` into this directory replaces it whole (docs/output.md).\ncommand: test\nfiles:\na.csv\nsub/b.csv\n"
        );
        write_set(&out, &["c.csv"]).unwrap();
        assert_eq!(names(&out), [MANIFEST, "c.csv"], "no stale file survives");
        assert_eq!(names(tmp.path()), ["out"], "no temporary directory is left");
    }

    #[test]
    fn a_failing_writer_leaves_the_previous_set() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write_set(&out, &["a.csv"]).unwrap();
        let set = OutputSet::plan(&out, "test", &[], false).unwrap();
        let r: Result<(), _> = set.write(|dir| {
            fs::write(dir.join("half.csv"), "x").unwrap();
            Err(SeamsError::Usage("boom".into()))
        });
        assert!(r.is_err());
        assert_eq!(names(&out), [MANIFEST, "a.csv"]);
        assert_eq!(names(tmp.path()), ["out"]);
    }

    #[test]
    fn refuses_foreign_files_and_another_commands_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("mine.txt"), "keep").unwrap();
        let e = OutputSet::plan(&out, "test", &[], false).unwrap_err();
        assert!(e.to_string().contains("mine.txt"), "{e}");
        assert!(OutputSet::plan(&out, "test", &[], true).is_ok());
        fs::remove_file(out.join("mine.txt")).unwrap();
        write_set(&out, &["a.csv"]).unwrap();
        let e = OutputSet::plan(&out, "other", &[], false).unwrap_err();
        assert!(e.to_string().contains("`seams test`"), "{e}");
        // a file added beside a previous output makes it foreign
        fs::write(out.join("notes.md"), "mine").unwrap();
        assert!(OutputSet::plan(&out, "test", &[], false).is_err());
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // pid 0 is never a live user process in /proc
        let dead = tmp.path().join(".out.seams-tmp-0-abc");
        fs::create_dir(&dead).unwrap();
        fs::write(dead.join("x"), "x").unwrap();
        let live = tmp
            .path()
            .join(format!(".out.seams-tmp-{}-abc", std::process::id()));
        fs::create_dir(&live).unwrap();
        write_set(&out, &["a.csv"]).unwrap();
        assert!(!dead.exists() || !cfg!(target_os = "linux"));
        assert!(live.exists(), "a live run's directory is never touched");
    }
}
