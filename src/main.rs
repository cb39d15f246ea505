//! The `seams` binary: parses arguments, runs the command, maps the outcome to an exit code
//! (0 success, 1 a check rule failed, 2 bad input or usage). All logic lives in the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
