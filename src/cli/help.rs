//! `seams help [COMMAND|TOPIC]`: a command's full help, or one page of the user guide.
//!
//! The guide is `docs/*.md`, compiled into the binary, so a user who installed only the binary
//! has it: `seams help output` prints docs/output.md. References between pages
//! (`docs/ci.md`, `[event-logs.md](event-logs.md)`) are printed as `seams help ci` and
//! `seams help event-logs`. This command replaces clap's own `help` subcommand (which knows
//! commands only) and keeps what it did: `seams help analyze` = `seams analyze --help`.

use clap::Args;
use seams::error::SeamsError;

use super::{print_stdout, Outcome};

/// One page of the user guide.
pub struct Topic {
    /// The name to type: `seams help NAME`.
    pub name: &'static str,
    /// What the page is about, for the list.
    pub about: &'static str,
    /// The page's file name in docs/.
    pub file: &'static str,
    /// The page (Markdown).
    pub text: &'static str,
}

/// Every page of the guide, in reading order.
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "input-format",
        about: "the export: every CSV file, column, alias and limit",
        file: "input-format.md",
        text: include_str!("../../docs/input-format.md"),
    },
    Topic {
        name: "output",
        about: "analyze's JSON document and CSV tables; where outputs go",
        file: "output.md",
        text: include_str!("../../docs/output.md"),
    },
    Topic {
        name: "ci",
        about: "seams check in CI: every rule, seams.toml, a workflow",
        file: "ci.md",
        text: include_str!("../../docs/ci.md"),
    },
    Topic {
        name: "event-logs",
        about: "seams import-log: from a process-mining event log to an export",
        file: "event-logs.md",
        text: include_str!("../../docs/event-logs.md"),
    },
    Topic {
        name: "graph-export",
        about: "seams export: the handoff graph for Gephi, yEd, Graphviz, networkx",
        file: "graph-export.md",
        text: include_str!("../../docs/graph-export.md"),
    },
    Topic {
        name: "whatif",
        about: "seams whatif: the changes file (move, merge, channel, owner)",
        file: "whatif.md",
        text: include_str!("../../docs/whatif.md"),
    },
    Topic {
        name: "suggest",
        about: "seams suggest: the objective, the moves, the limits and the search",
        file: "suggest.md",
        text: include_str!("../../docs/suggest.md"),
    },
    Topic {
        name: "fuzzing",
        about: "how every reader is fuzzed (AFL++ on stable Rust) and the last campaign",
        file: "fuzzing.md",
        text: include_str!("../../docs/fuzzing.md"),
    },
    Topic {
        name: "performance",
        about: "how fast, on how large an organisation, and how it was measured",
        file: "performance.md",
        text: include_str!("../../docs/performance.md"),
    },
];

/// Show the full help of a command, or a page of the user guide.
///
/// Without a name, the help of seams itself and the list of guide pages. With a command's
/// name, the same as `seams COMMAND --help`. With a topic, that page of the guide, in Markdown
/// (the same pages as the docs directory of the source).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams help analyze
  seams help input-format
  seams help output | less

See also: seams explain (what each figure means), seams man (the manual page)")]
pub struct HelpArgs {
    /// A command (analyze, check, …) or a guide page (input-format, output, ci, event-logs,
    /// graph-export, whatif, suggest, fuzzing, performance).
    #[arg(value_name = "COMMAND|TOPIC")]
    pub name: Option<String>,
}

/// Finds a guide page by name (case-insensitive; `input_format` and `output.md` also work).
pub fn topic(name: &str) -> Option<&'static Topic> {
    let name = name.trim().to_ascii_lowercase().replace('_', "-");
    let name = name.strip_suffix(".md").unwrap_or(&name);
    TOPICS.iter().find(|t| t.name == name)
}

/// A page as printed: references to other pages become the command that prints them.
pub fn page(t: &Topic) -> String {
    let mut text = t.text.to_string();
    for other in TOPICS {
        let command = format!("seams help {}", other.name);
        text = text
            .replace(&format!("[{0}]({0})", other.file), &format!("`{command}`"))
            .replace(
                &format!("[docs/{0}](docs/{0})", other.file),
                &format!("`{command}`"),
            )
            .replace(&format!("`docs/{}`", other.file), &format!("`{command}`"))
            .replace(&format!("docs/{}", other.file), &command);
    }
    text
}

/// The list of guide pages, as `seams help` ends.
pub fn topic_list() -> String {
    let mut s = String::from("Guide pages (seams help TOPIC):\n");
    for t in TOPICS {
        s.push_str(&format!("  {:<14} {}\n", t.name, t.about));
    }
    s
}

/// Runs `seams help`.
pub fn run(args: &HelpArgs) -> anyhow::Result<Outcome> {
    let mut cmd = super::command();
    cmd.build();
    let Some(name) = &args.name else {
        let help = cmd.render_long_help().to_string();
        print_stdout(&format!("{}\n\n{}", help.trim_end(), topic_list()))?;
        return Ok(Outcome::Success);
    };
    if let Some(t) = topic(name) {
        print_stdout(&page(t))?;
        return Ok(Outcome::Success);
    }
    if let Some(sub) = cmd.find_subcommand_mut(name) {
        // What `seams NAME --help` prints: clap's own styles on a terminal, plain text otherwise.
        sub.print_long_help()?;
        return Ok(Outcome::Success);
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .chain(TOPICS.iter().map(|t| t.name.to_string()))
        .collect();
    let hint = names
        .iter()
        .map(|n| {
            (
                strsim::damerau_levenshtein(&name.to_ascii_lowercase(), n),
                n,
            )
        })
        .filter(|&(d, _)| d <= 2)
        .min()
        .map(|(_, n)| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    Err(SeamsError::Usage(format!(
        "no command or guide page is called `{}`{hint}; `seams help` lists them",
        seams::text::printable(name)
    ))
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_found_and_names_no_repository_path_of_another_page() {
        for t in TOPICS {
            assert_eq!(topic(t.name).unwrap().name, t.name);
            assert_eq!(topic(t.file).unwrap().name, t.name);
            assert!(!t.text.is_empty());
            let printed = page(t);
            for other in TOPICS {
                assert!(
                    !printed.contains(&format!("docs/{}", other.file))
                        && !printed.contains(&format!("]({})", other.file)),
                    "{} still points to {}",
                    t.name,
                    other.file
                );
            }
        }
        assert!(page(topic("event-logs").unwrap()).contains("seams help output"));
        assert!(topic("nope").is_none());
    }

    #[test]
    fn every_page_of_docs_is_a_topic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") {
                assert!(
                    topic(&name).is_some(),
                    "docs/{name} is not a `seams help` topic"
                );
            }
        }
    }
}
