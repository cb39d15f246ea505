//! Command-line parsing (clap) and dispatch. One file per subcommand, each with its
//! `#[derive(Args)]` struct and a `run` function that turns flags into a plan, calls the
//! library and writes what it returns. No metric or validation logic lives here.

mod analyze;
mod check;
mod export;
mod generate;
mod import_backstage;
mod import_log;
mod options;
mod report;
mod validate;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use seams::error::SeamsError;

/// seams: shows an organisation where it is divided.
///
/// Reads a directory of CSV files exported from HR, CMDB or ticketing systems (teams.csv,
/// systems.csv, dependencies.csv, handoffs.csv, journeys.csv) and measures its silos,
/// bottlenecks, distance from the customer, Conway alignment and the seams a customer feels
/// along each journey.
///
/// Start with `seams validate DIR`, then `seams analyze DIR`. Exit codes: 0 success,
/// 1 a check rule failed, 2 bad input or usage.
#[derive(Debug, Parser)]
#[command(name = "seams", version, about, long_about, max_term_width = 100)]
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
    Generate(generate::GenerateArgs),
    ImportLog(import_log::ImportLogArgs),
    ImportBackstage(import_backstage::ImportBackstageArgs),
    Export(export::ExportArgs),
}

/// What a command ended with.
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: a `seams check` rule of severity error failed; the report has been printed.
    RuleFailed,
    /// Exit 2: the input was invalid; the report has been printed already.
    InvalidInput,
}

/// Parses the command line, runs it and returns the exit code.
pub fn main() -> ExitCode {
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
        Command::Generate(a) => generate::run(a),
        Command::ImportLog(a) => import_log::run(a),
        Command::ImportBackstage(a) => import_backstage::run(a),
        Command::Export(a) => export::run(a),
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
    match e.downcast_ref::<SeamsError>() {
        Some(SeamsError::InvalidInput(d)) => {
            let mut err = io::stderr().lock();
            let _ = write!(err, "{d}");
            let _ = writeln!(
                err,
                "seams: {} error(s); fix them and run again (`seams validate DIR` lists them all)",
                d.error_count()
            );
        }
        // The path and the system's message once (the source is already in the text).
        Some(io @ SeamsError::Io { .. }) => {
            eprintln!("seams: error: {io}");
        }
        _ => {
            eprintln!("seams: error: {e:#}");
        }
    }
    ExitCode::from(2)
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
