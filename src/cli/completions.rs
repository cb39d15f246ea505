//! `seams completions SHELL`: the shell completion script, generated from the same clap
//! definitions as `--help`.

use clap::Args;
use clap_complete::Shell;

use super::{print_stdout, Outcome};

/// Print the shell completion script for bash, zsh, fish, PowerShell or elvish.
///
/// The script completes commands, flags and the values of flags that take a fixed set
/// (--format, --weight, …). Load it in the running shell, or save it where the shell looks
/// for completions.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  source <(seams completions bash)
  seams completions bash > ~/.local/share/bash-completion/completions/seams
  seams completions zsh > \"${fpath[1]}/_seams\"
  seams completions fish > ~/.config/fish/completions/seams.fish

See also: seams man (the manual page)")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = super::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "seams", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs `seams completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    print_stdout(&script(args.shell))?;
    Ok(Outcome::Success)
}
