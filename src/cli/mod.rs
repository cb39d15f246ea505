//! Command-line parsing (clap) and dispatch. One file per subcommand, each with its
//! `#[derive(Args)]` struct and a `run` function that turns flags into a plan, calls the
//! library and writes what it returns. No metric or validation logic lives here.

mod analyze;
mod check;
mod completions;
mod explain;
mod export;
mod generate;
mod help;
mod import_backstage;
mod import_log;
mod man;
mod options;
pub(crate) mod phases;
mod report;
mod suggest;
mod validate;
mod whatif;

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use seams::error::{Diagnostics, OptionError, SeamsError};

/// seams: shows an organisation where it is divided.
///
/// Reads a directory of CSV files exported from HR, CMDB or ticketing systems (teams.csv,
/// systems.csv, dependencies.csv, handoffs.csv, journeys.csv) and measures its silos,
/// bottlenecks, distance from the customer, Conway alignment and the seams a customer feels
/// along each journey.
///
/// Start with `seams validate DIR`, then `seams analyze DIR`. Exit codes: 0 success,
/// 1 a check rule failed, 2 bad input or usage.
//
// Help layout, the same for every command: the description (doc comment), Usage, the flags,
// then `after_help` = `Examples:` (one example a line, each at most 80 characters, long ones
// continued with ` \` so that they paste) and `See also:` (a `seams help TOPIC` or
// `seams explain`). Help is wrapped at the terminal's width, at most 100 columns, so the
// examples stay whole on any terminal of 80 columns or more. The unit tests below hold every
// command to it and parse every example.
#[derive(Debug, Parser)]
#[command(
    name = "seams",
    version,
    about,
    long_about,
    max_term_width = 100,
    disable_help_subcommand = true,
    after_help = top_after_help()
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::ValidateArgs),
    Analyze(analyze::AnalyzeArgs),
    Report(report::ReportArgs),
    Check(check::CheckArgs),
    Explain(explain::ExplainArgs),
    Whatif(whatif::WhatifArgs),
    Suggest(suggest::SuggestArgs),
    ImportLog(Box<import_log::ImportLogArgs>),
    ImportBackstage(import_backstage::ImportBackstageArgs),
    Export(export::ExportArgs),
    Generate(generate::GenerateArgs),
    Help(help::HelpArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
}

/// The examples of `seams --help`, and where to read on: the guide pages by name.
fn top_after_help() -> String {
    let topics: Vec<&str> = help::TOPICS.iter().map(|t| t.name).collect();
    format!(
        "Examples:
  seams validate sample-data
  seams analyze sample-data
  seams report sample-data --out report
  seams explain ei-index

See also: seams help TOPIC, the guide ({}), seams explain (what each figure means),
seams man (the manual page)",
        topics.join(", ")
    )
}

/// The whole command-line definition, as `--help`, completions and manual pages see it.
pub fn command() -> clap::Command {
    Cli::command()
}

/// What a command ended with.
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: a `seams check` rule of severity error failed; the report has been printed.
    RuleFailed,
    /// Exit 2: the input was invalid; the report has been printed already (`seams validate`,
    /// whose summary is its output; every other command returns an [`InvalidInputIn`] error).
    InvalidInput,
}

/// Parses the command line, runs it and returns the exit code.
pub fn main() -> ExitCode {
    phases::start();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let result = match cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Analyze(a) => analyze::run(a),
        Command::Report(a) => report::run(a),
        Command::Check(a) => check::run(a),
        Command::Explain(a) => explain::run(&a),
        Command::Whatif(a) => whatif::run(a),
        Command::ImportLog(a) => import_log::run(*a),
        Command::ImportBackstage(a) => import_backstage::run(a),
        Command::Export(a) => export::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Help(a) => help::run(&a),
        Command::Completions(a) => completions::run(&a),
        Command::Man(a) => man::run(&a),
        Command::Suggest(a) => suggest::run(a),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::RuleFailed) => ExitCode::from(1),
        Ok(Outcome::InvalidInput) => ExitCode::from(2),
        Err(e) => report_error(&e),
    }
}

/// Prints an error to stderr (unless it is a closed pipe) and picks the exit code.
fn report_error(e: &anyhow::Error) -> ExitCode {
    if let Some(io) = e.downcast_ref::<io::Error>() {
        if io.kind() == io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS; // `seams analyze | head` is not an error
        }
    }
    if let Some(SeamsError::Io { source, .. }) = e.downcast_ref::<SeamsError>() {
        if source.kind() == io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS; // `--out /dev/stdout | head`, a FIFO whose reader left
        }
    }
    if let Some(invalid) = e.downcast_ref::<InvalidInputIn>() {
        print_invalid_input(&invalid.diagnostics, Some(&invalid.input), &invalid.hint);
        return ExitCode::from(2);
    }
    match e.downcast_ref::<SeamsError>() {
        Some(SeamsError::InvalidInput(d)) => {
            print_invalid_input(d, None, "`seams validate DIR` lists them all");
        }
        // The path and the system's message once (the source is already in the text).
        Some(io @ SeamsError::Io { .. }) => {
            eprintln!("seams: error: {io}");
        }
        Some(SeamsError::Option(option)) => {
            eprintln!("seams: error: {}", flag_words(option));
        }
        _ => {
            eprintln!("seams: error: {e:#}");
        }
    }
    ExitCode::from(2)
}

/// A library option error in the words of the command line (its flags).
fn flag_words(e: &OptionError) -> String {
    match e {
        OptionError::SiloLevelTooDeep { level, deepest } => format!(
            "--silo-level {level} is deeper than every unit (the deepest unit is at depth {deepest}; depth 0 = a root)"
        ),
        OptionError::TooFewSources { k } => format!(
            "--approx {k}: sampling needs at least 2 sources (or leave --approx out for exact betweenness)"
        ),
        OptionError::SampledAndExact => {
            "--approx and --exact contradict each other (give one of them)".to_string()
        }
        OptionError::NoAgents => "--agents must be at least 1".to_string(),
        other => other.to_string(),
    }
}

/// Prints the diagnostics of an invalid input and the one closing line every command ends
/// such a run with (exit 2 follows): how many errors, in what, that nothing was written, and
/// where to look. `seams validate` prints its own summary instead (its report is the output).
pub fn print_invalid_input(diagnostics: &Diagnostics, input: Option<&str>, hint: &str) {
    let mut err = io::stderr().lock();
    let _ = write!(err, "{diagnostics}");
    let input = input.map(|i| format!(" in {i}")).unwrap_or_default();
    let _ = writeln!(
        err,
        "seams: {} error(s){input}, nothing written; fix them and run again ({hint})",
        diagnostics.error_count()
    );
}

/// An invalid input, named for [`print_invalid_input`]: made by [`name_invalid_input`] where a
/// command reads something, reported by [`main`].
#[derive(Debug)]
pub struct InvalidInputIn {
    /// Every error and warning found.
    pub diagnostics: Diagnostics,
    /// What was read, as the user named it (`sample-data`, `the rules file seams.toml`).
    pub input: String,
    /// Where to look next (`` `seams validate sample-data` lists them all ``).
    pub hint: String,
}

impl fmt::Display for InvalidInputIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} error(s) in {}",
            self.diagnostics.error_count(),
            self.input
        )
    }
}

impl std::error::Error for InvalidInputIn {}

/// Names the input of an invalid-input error (any other error passes unchanged).
pub fn name_invalid_input(e: impl Into<anyhow::Error>, input: &str, hint: &str) -> anyhow::Error {
    match e.into().downcast::<SeamsError>() {
        Ok(SeamsError::InvalidInput(diagnostics)) => InvalidInputIn {
            diagnostics,
            input: input.to_string(),
            hint: hint.to_string(),
        }
        .into(),
        Ok(other) => other.into(),
        Err(e) => e,
    }
}

/// The hint for an invalid export directory: validate lists every error and warning.
pub fn validate_hint(dir: &std::path::Path) -> String {
    format!("`seams validate {}` lists them all", dir.display())
}

/// Writes text to stdout, treating a closed pipe as success.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Streams to stdout through `write`, treating a closed pipe as success.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match write(&mut out).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Output formats for reports to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable terminal tables.
    Text,
    /// One JSON document.
    Json,
}

/// Sizes the global rayon pool (`--threads`); results never depend on it.
pub fn set_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| anyhow::anyhow!("cannot start {n} worker threads: {e}"))?;
    }
    Ok(())
}

/// A progress bar on stderr; indicatif draws nothing when stderr is not a terminal.
pub fn progress_bar(what: &str) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg:>12} [{bar:40}] {pos}/{len} sources, {eta} left",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every visible subcommand, built (bin names set), with its name.
    fn subcommands() -> Vec<clap::Command> {
        let mut cmd = command();
        cmd.build();
        let mut all = vec![cmd.clone()];
        all.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        all
    }

    /// The examples of an `after_help`, each as one line (` \` continuations joined).
    fn examples(after: &str) -> Vec<String> {
        let block = after
            .strip_prefix("Examples:\n")
            .and_then(|rest| rest.split("\n\n").next())
            .unwrap_or_default();
        let mut out: Vec<String> = Vec::new();
        let mut continued = false;
        for line in block.lines() {
            let text = line.trim().trim_end_matches('\\').trim_end().to_string();
            if continued {
                let last = out.last_mut().unwrap();
                last.push(' ');
                last.push_str(&text);
            } else {
                out.push(text);
            }
            continued = line.ends_with(" \\");
        }
        out
    }

    /// The `seams …` commands of one example line: pipes, `&&`, `<( )`, redirections and
    /// comments cut away; words split on spaces (quotes only around redirections here).
    fn invocations(example: &str) -> Vec<Vec<String>> {
        let example = example.split(" # ").next().unwrap_or_default();
        example
            .split(['|', '(', ')', ';'])
            .flat_map(|s| s.split("&&"))
            .map(str::trim)
            .filter(|s| s.starts_with("seams"))
            .map(|s| {
                s.split_whitespace()
                    .take_while(|w| !w.starts_with('>') && !w.starts_with('<'))
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_command_has_its_examples_in_one_place_and_shape() {
        for cmd in subcommands() {
            let name = cmd.get_bin_name().unwrap_or(cmd.get_name()).to_string();
            let after = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_else(|| panic!("{name}: no after_help"));
            assert!(
                after.starts_with("Examples:\n  seams") || after.starts_with("Examples:\n  source"),
                "{name}: after_help must start with the examples"
            );
            assert!(after.contains("\n\nSee also: "), "{name}: no `See also:`");
            assert!(!examples(&after).is_empty(), "{name}: no example");
            for line in after.split("\n\nSee also").next().unwrap().lines().skip(1) {
                assert!(
                    line.chars().count() <= 80,
                    "{name}: example line over 80 characters: {line}"
                );
                assert!(
                    line.starts_with("  "),
                    "{name}: example not indented: {line}"
                );
            }
            for text in [cmd.get_about(), cmd.get_long_about()]
                .into_iter()
                .flatten()
            {
                let text = text.to_string();
                assert!(
                    !text.contains("Example"),
                    "{name}: an example in the description"
                );
                assert!(
                    !text.contains("docs/"),
                    "{name}: a repository path in the description"
                );
            }
            for arg in cmd.get_arguments() {
                for help in [arg.get_help(), arg.get_long_help()].into_iter().flatten() {
                    assert!(
                        !help.to_string().contains("docs/"),
                        "{name} {}: a repository path",
                        arg.get_id()
                    );
                }
            }
        }
    }

    #[test]
    fn every_example_is_a_valid_command_line() {
        let mut parsed = 0;
        for cmd in subcommands() {
            let after = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            for example in examples(&after) {
                let runs = invocations(&example);
                assert!(!runs.is_empty(), "no seams command in {example:?}");
                for words in runs {
                    if let Err(e) = Cli::try_parse_from(&words) {
                        panic!("example {example:?} does not parse:\n{e}");
                    }
                    parsed += 1;
                }
            }
        }
        assert!(parsed >= 30, "only {parsed} examples parsed");
    }

    #[test]
    fn examples_stay_whole_on_an_80_column_terminal() {
        for cmd in subcommands() {
            let name = cmd.get_name().to_string();
            let after = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            for width in [80, 200] {
                let help = cmd.clone().term_width(width).render_help().to_string();
                for line in after.split("\n\nSee also").next().unwrap().lines() {
                    assert!(
                        help.lines().any(|l| l.trim_end() == line),
                        "{name} at {width} columns: example line wrapped: {line:?}\n{help}"
                    );
                }
            }
        }
    }

    #[test]
    fn see_also_names_existing_commands_and_pages() {
        let cmd = command();
        for sub in subcommands() {
            let after = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let see = after
                .split("See also:")
                .nth(1)
                .unwrap_or_default()
                .to_string();
            for (i, _) in see.match_indices("seams help ") {
                let topic: String = see[i + 11..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                    .collect();
                if topic.is_empty() || topic == "topic" {
                    continue;
                }
                assert!(
                    help::topic(&topic).is_some() || cmd.find_subcommand(&topic).is_some(),
                    "{}: `seams help {topic}` names nothing",
                    sub.get_name()
                );
            }
        }
    }

    #[test]
    fn directories_are_dir_and_files_are_file() {
        for cmd in subcommands() {
            for arg in cmd.get_arguments() {
                let names: Vec<String> = arg
                    .get_value_names()
                    .unwrap_or_default()
                    .iter()
                    .map(|n| n.to_string())
                    .collect();
                assert!(
                    !names
                        .iter()
                        .any(|n| n == "OUT" || n == "PATH" || n == "DIRECTORY"),
                    "{} {}: {names:?} (use DIR or FILE)",
                    cmd.get_name(),
                    arg.get_id()
                );
                if arg.get_long() == Some("out") && !arg.is_hide_set() {
                    assert_eq!(
                        names,
                        ["DIR"],
                        "{}: --out names a directory",
                        cmd.get_name()
                    );
                }
            }
        }
    }
}
