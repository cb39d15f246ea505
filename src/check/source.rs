//! Where an export of `seams check` comes from: a directory, or `REV:PATH`, the export at
//! `PATH` in git revision `REV` of the repository around the current directory (so a CI job
//! needs no second checkout). An existing directory named like the argument wins (docs/ci.md).
//!
//! A revision's files are read with `git cat-file blob REV:PATH/FILE` into a temporary
//! directory that lives as long as the [`ExportSource`]. Only the five export files are read;
//! the optional ones may be missing. Diagnostics about those files are relabelled
//! `REV:PATH/teams.csv:LINE`, so they name what the user gave, not the temporary copy.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::format::one_line;
use crate::error::SeamsError;

/// The files of an export (teams.csv is required; ingest reports it when missing).
pub const EXPORT_FILES: [&str; 5] = [
    "teams.csv",
    "systems.csv",
    "dependencies.csv",
    "handoffs.csv",
    "journeys.csv",
];

/// The name prefix of the temporary directory a `REV:PATH` export is copied into (in the
/// system's temporary directory).
pub const TEMP_PREFIX: &str = "seams-baseline-";

/// An export to read: a directory on disk, possibly a temporary copy of a git revision's.
#[derive(Debug)]
pub struct ExportSource {
    dir: PathBuf,
    label: String,
    /// The export's directory from the repository root (None: outside the repository and the
    /// current directory).
    repo_dir: Option<String>,
    /// Keeps the temporary copy alive (None for a directory given as such).
    temp: Option<tempfile::TempDir>,
}

impl ExportSource {
    /// Resolves a `--baseline` / `--candidate` argument.
    ///
    /// # Arguments
    /// * `arg` – a directory, or `REV:PATH` (`PATH` as git reads it: from the repository root,
    ///   or from the current directory when it starts with `./`; empty for the root).
    /// * `flag` – the flag's name, for messages.
    ///
    /// # Errors
    /// [`SeamsError::Usage`] when the argument is neither an existing directory nor `REV:PATH`,
    /// when git cannot be run, when the current directory is not in a git repository, when
    /// the revision is unknown or when `PATH` is not a directory at that revision;
    /// [`SeamsError::Io`] when the temporary copy cannot be written.
    pub fn resolve(arg: &str, flag: &str) -> Result<ExportSource, SeamsError> {
        let as_dir = Path::new(arg);
        if as_dir.is_dir() {
            return Ok(ExportSource {
                dir: as_dir.to_path_buf(),
                label: display_path(arg),
                repo_dir: repo_relative(as_dir),
                temp: None,
            });
        }
        let Some((rev, path)) = arg.split_once(':').filter(|(rev, _)| !rev.is_empty()) else {
            let arg = one_line(arg);
            return Err(SeamsError::Usage(if as_dir.exists() {
                format!("{flag} {arg}: not a directory (an export is a directory of CSV files)")
            } else {
                format!(
                    "{flag} {arg}: no such directory (to read an export from git, write REV:PATH, e.g. origin/main:org)"
                )
            }));
        };
        from_git(arg, rev, path, flag)
    }

    /// The directory to read.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The argument as the user gave it.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The export's directory as a path from the repository root (`git rev-parse
    /// --show-toplevel`; outside a repository, from the current directory), `/`-separated,
    /// empty for the root itself: what GitHub annotations need. For `REV:PATH`, `PATH` as git
    /// reads it. None when the directory is outside both.
    pub fn repo_dir(&self) -> Option<&str> {
        self.repo_dir.as_deref()
    }

    /// The path of one of the export's files from the repository root (`org/teams.csv`), as
    /// [`ExportSource::repo_dir`].
    pub fn repo_file(&self, name: &str) -> Option<String> {
        self.repo_dir.as_deref().map(|d| join(d, name))
    }

    /// True when the export was read from a git revision.
    pub fn from_git(&self) -> bool {
        self.temp.is_some()
    }

    /// Rewrites the file names of an error's diagnostics from the temporary copy to
    /// `REV:PATH/FILE`, so they name what the user gave. Other errors pass unchanged.
    pub fn relabel(&self, err: SeamsError) -> SeamsError {
        if self.temp.is_none() {
            return err;
        }
        match err {
            SeamsError::InvalidInput(mut d) => {
                for item in &mut d.items {
                    if let Some(file) = &item.file {
                        if let Ok(rest) = file.strip_prefix(&self.dir) {
                            let label = self.label.trim_end_matches('/');
                            let sep = if label.ends_with(':') { "" } else { "/" };
                            item.file =
                                Some(PathBuf::from(format!("{label}{sep}{}", rest.display())));
                        }
                    }
                }
                SeamsError::InvalidInput(d)
            }
            other => other,
        }
    }
}

/// `dir/name`, or `name` when `dir` is the root.
fn join(dir: &str, name: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// The root of the git repository around the current directory, canonical; None outside one
/// (or without git).
pub fn repo_root() -> Option<PathBuf> {
    let out = git(&["rev-parse", "--show-toplevel"]).ok()?;
    let root = PathBuf::from(String::from_utf8_lossy(&out).trim());
    root.canonicalize().ok()
}

/// An existing path as a path from the repository root (outside a repository: from the
/// current directory), `/`-separated, empty for the root itself; None when it is outside
/// both, or does not exist.
pub fn repo_relative(path: &Path) -> Option<String> {
    let abs = path.canonicalize().ok()?;
    let bases = [
        repo_root(),
        std::env::current_dir()
            .ok()
            .and_then(|d| d.canonicalize().ok()),
    ];
    bases.into_iter().flatten().find_map(|base| {
        let rest = abs.strip_prefix(&base).ok()?;
        let parts: Vec<String> = rest
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    })
}

/// How a path the user gave is shown in every output: as given, unless it is absolute (the
/// runner's checkout, a temporary directory), then from the repository root when it is inside
/// it (or the current directory). Outputs never carry the runner's absolute paths.
pub fn display_path(arg: &str) -> String {
    if !Path::new(arg).is_absolute() {
        return arg.to_string();
    }
    match repo_relative(Path::new(arg)) {
        Some(p) if p.is_empty() => ".".to_string(),
        Some(p) => p,
        None => arg.to_string(),
    }
}

/// True when git reads this `REV:PATH` path relative to the current directory.
fn is_relative(path: &str) -> bool {
    path == "." || path == ".." || path.starts_with("./") || path.starts_with("../")
}

/// A path relative to the current directory (`prefix`, its path from the repository root as
/// `git rev-parse --show-prefix` gives it) as a path from the root, `.` and `..` resolved.
fn from_root(prefix: &str, path: &str) -> String {
    let mut parts: Vec<&str> = prefix.trim().split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Runs git with these arguments; Ok(stdout) on success, Err(stderr) otherwise.
fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git ({e}); is git installed?"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn from_git(arg: &str, rev: &str, path: &str, flag: &str) -> Result<ExportSource, SeamsError> {
    // The argument (and git's words, which may quote it) on one line: see docs/ci.md.
    let usage =
        |m: String| SeamsError::Usage(format!("{flag} {}: {}", one_line(arg), one_line(&m)));
    git(&["rev-parse", "--git-dir"]).map_err(|e| {
        if e.starts_with("cannot run git") {
            usage(format!("not a directory, and {e}"))
        } else {
            usage(
                "not a directory, and the current directory is not inside a git repository (REV:PATH reads the export from a git revision of the repository you are in)"
                    .to_string(),
            )
        }
    })?;
    let commit = format!("{rev}^{{commit}}");
    git(&["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
        usage(format!(
            "git has no revision `{rev}` (a branch, tag or commit; in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)"
        ))
    })?;
    let path = path.trim_end_matches('/');
    let object = |name: &str| -> String {
        match (path.is_empty(), name.is_empty()) {
            (true, _) => format!("{rev}:{name}"),
            (false, true) => format!("{rev}:{path}"),
            (false, false) => format!("{rev}:{path}/{name}"),
        }
    };
    let tree = object("");
    // As git reads REV:PATH: from the repository root, except a PATH that starts with ./ or
    // ../, which is relative to the current directory.
    let relative = is_relative(path);
    let repo_dir = if relative {
        let prefix = git(&["rev-parse", "--show-prefix"]).unwrap_or_default();
        from_root(&String::from_utf8_lossy(&prefix), path)
    } else {
        from_root("", path)
    };
    let shown = if relative {
        let from_root = repo_dir.clone();
        if from_root.is_empty() {
            "the repository root".to_string()
        } else {
            from_root
        }
    } else if path.is_empty() {
        "the repository root".to_string()
    } else {
        path.to_string()
    };
    match git(&["cat-file", "-t", &tree]) {
        Ok(t) if t.trim_ascii() == b"tree" => {}
        Ok(_) => return Err(usage(format!("`{shown}` is a file at {rev}, not a directory"))),
        Err(_) if relative => {
            return Err(usage(format!(
                "there is no directory `{shown}` at revision {rev} (a PATH that starts with ./ or ../ is read relative to the current directory; without it, from the repository root)"
            )))
        }
        Err(_) => {
            return Err(usage(format!(
                "there is no directory `{shown}` at revision {rev} (PATH is read from the repository root; start it with ./ for a path relative to the current directory)"
            )))
        }
    }
    // --full-tree: without it, ls-tree keeps only the entries under the current directory's
    // path, so nothing is found when seams runs in a subdirectory of the repository.
    let listing = git(&["ls-tree", "--full-tree", "--name-only", "-z", &tree])
        .map_err(|e| usage(format!("cannot list {tree}: {e}")))?;
    let present: Vec<&[u8]> = listing.split(|&b| b == 0).collect();
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir()
        .map_err(|e| SeamsError::Io {
            path: std::env::temp_dir(),
            source: e,
        })?;
    for name in EXPORT_FILES {
        if !present.contains(&name.as_bytes()) {
            continue;
        }
        let target = temp.path().join(name);
        let io = |e: std::io::Error| SeamsError::Io {
            path: target.clone(),
            source: e,
        };
        let file = fs::File::create(&target).map_err(io)?;
        // Streamed straight into the file: a large export is never held in memory.
        let status = Command::new("git")
            .args(["cat-file", "blob", &object(name)])
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(Stdio::piped())
            .output()
            .map_err(io)?;
        if !status.status.success() {
            return Err(usage(format!(
                "cannot read {}: {}",
                object(name),
                String::from_utf8_lossy(&status.stderr).trim()
            )));
        }
    }
    Ok(ExportSource {
        dir: temp.path().to_path_buf(),
        label: arg.to_string(),
        repo_dir: Some(repo_dir),
        temp: Some(temp),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_from_the_current_directory() {
        assert!(is_relative("./org") && is_relative("../org") && is_relative("."));
        assert!(!is_relative("org") && !is_relative(".org") && !is_relative(""));
        assert_eq!(from_root("docs/deep/\n", "./org"), "docs/deep/org");
        assert_eq!(from_root("docs/deep/", "../../org/"), "org");
        assert_eq!(from_root("", "./org"), "org");
        assert_eq!(from_root("docs/", ".."), "");
        assert_eq!(join("", "teams.csv"), "teams.csv");
        assert_eq!(join("org/", "teams.csv"), "org/teams.csv");
        assert_eq!(display_path("org"), "org");
    }
}
