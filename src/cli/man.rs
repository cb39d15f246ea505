//! `seams man [--out DIR]`: manual pages (roff) generated from the same clap definitions as
//! `--help`, so they never drift from it.
//!
//! Without `--out`, prints `seams.1`: the top command, its flags and the list of subcommands.
//! With `--out DIR`, writes `seams.1` and one page per subcommand (`seams-analyze.1`, …) into
//! DIR, through an [`OutputSet`] like every output directory. Each page is clap_mangen's
//! (NAME, SYNOPSIS, DESCRIPTION, OPTIONS, SUBCOMMANDS, VERSION) followed by EXAMPLES, set
//! line by line as `--help` shows them (no-fill, so a `\` continuation stays where it is), and
//! SEE ALSO.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;
use seams::error::SeamsError;
use seams::output::{write_atomic, OutputSet};

use super::Outcome;

/// Print the manual page seams.1 (roff), or write one page per command into a directory.
///
/// The pages are generated from the same definitions as --help. Read one without installing
/// it with `man -l`; install them by copying the --out directory's files into a man1
/// directory on MANPATH.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams man | man -l -
  seams man --out man1 && man -l man1/seams-analyze.1

See also: seams help (the guide pages), seams completions (shell completion)")]
pub struct ManArgs {
    /// Write seams.1 and seams-COMMAND.1 for every command into this directory (created if
    /// missing, replaced whole: `seams help output`, "Where outputs go") instead of printing
    /// seams.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace --out even when it holds files seams did not write (they are deleted).
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// One manual page: its file name and its roff text.
pub struct ManPage {
    /// `seams.1`, `seams-analyze.1`, …
    pub file: String,
    /// The page (roff).
    pub text: Vec<u8>,
}

/// `seams.1` and a page per visible subcommand, in the order of `seams --help`.
pub fn pages() -> Result<Vec<ManPage>, SeamsError> {
    let mut cmd = super::command();
    cmd.build();
    let mut pages = vec![page(&cmd)?];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(page(sub)?);
    }
    Ok(pages)
}

/// The manual page of one (built) command.
fn page(cmd: &clap::Command) -> Result<ManPage, SeamsError> {
    let after = cmd
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    let (examples, see_also) = split_after_help(&after);
    // clap_mangen would set the examples as one filled paragraph: they get their own section.
    let man = Man::new(cmd.clone().after_help(None::<&str>))
        .source(concat!("seams ", env!("CARGO_PKG_VERSION")));
    let file = man.get_filename();
    let mut rendered = Vec::new();
    man.render(&mut rendered).map_err(|e| io_error(&file, e))?;
    let rendered = String::from_utf8_lossy(&rendered).into_owned();

    let mut roff = Roff::new();
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", []);
        for line in &examples {
            roff.text([roman(line.as_str())]);
        }
        roff.control("fi", []);
    }
    // A subcommand's page points back to seams(1), which lists every command.
    let top = cmd.get_display_name().map_or(true, |n| n == cmd.get_name());
    if !see_also.is_empty() || !top {
        roff.control("SH", ["SEE ALSO"]);
        if !top {
            roff.text([roman("seams(1)")]);
            roff.control("PP", []);
        }
        if !see_also.is_empty() {
            roff.text([roman(see_also)]);
        }
    }
    // EXAMPLES and SEE ALSO before VERSION, where man pages have them.
    let sections = roff.to_roff();
    let text = match rendered.find(".SH VERSION") {
        Some(at) => format!("{}{sections}{}", &rendered[..at], &rendered[at..]),
        None => rendered + &sections,
    };
    Ok(ManPage {
        file,
        text: text.into_bytes(),
    })
}

/// The example lines of an `after_help` (after `Examples:`, without their indentation's
/// first two spaces) and the text after `See also:`.
fn split_after_help(after: &str) -> (Vec<String>, String) {
    let mut examples = Vec::new();
    let mut see_also = String::new();
    let mut in_examples = false;
    for line in after.lines() {
        if line.trim_end() == "Examples:" {
            in_examples = true;
        } else if let Some(rest) = line.strip_prefix("See also:") {
            in_examples = false;
            see_also.push_str(rest.trim());
        } else if !see_also.is_empty() {
            see_also.push(' ');
            see_also.push_str(line.trim());
        } else if in_examples && !line.trim().is_empty() {
            examples.push(line.strip_prefix("  ").unwrap_or(line).to_string());
        }
    }
    (examples, see_also)
}

fn io_error(file: &str, source: std::io::Error) -> SeamsError {
    SeamsError::Io {
        path: PathBuf::from(file),
        source,
    }
}

/// Runs `seams man`.
pub fn run(args: &ManArgs) -> anyhow::Result<Outcome> {
    let Some(out) = &args.out else {
        let pages = pages()?;
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(&pages[0].text)
            .and_then(|_| stdout.flush())
        {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
            _ => return Ok(Outcome::Success),
        }
    };
    let set = OutputSet::plan(out, "man", &[], args.force)?;
    let pages = pages()?;
    set.write(|dir| {
        for p in &pages {
            write_atomic(&dir.join(&p.file), |w| w.write_all(&p.text))?;
        }
        Ok(())
    })?;
    let names: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    eprintln!(
        "seams: wrote {} manual pages to {} ({}, …)",
        pages.len(),
        set.path().display(),
        names[..names.len().min(3)].join(", ")
    );
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_and_see_also_are_split() {
        let (ex, see) = split_after_help(
            "Examples:\n  seams a \\\n      --b c\n  seams d\n\nSee also: seams help x,\nseams y",
        );
        assert_eq!(ex, ["seams a \\", "    --b c", "seams d"]);
        assert_eq!(see, "seams help x, seams y");
    }

    #[test]
    fn every_command_has_a_page_with_its_examples() {
        let pages = pages().unwrap();
        let top = String::from_utf8(pages[0].text.clone()).unwrap();
        assert_eq!(pages[0].file, "seams.1");
        for p in &pages[1..] {
            let sub = p.file.trim_start_matches("seams-").trim_end_matches(".1");
            assert!(
                top.contains(&format!("seams\\-{}(1)", sub.replace('-', "\\-"))),
                "{sub}"
            );
            let text = String::from_utf8(p.text.clone()).unwrap();
            assert!(
                text.contains(".SH EXAMPLES\n.nf\n"),
                "{} has no examples",
                p.file
            );
        }
    }
}
