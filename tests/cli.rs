//! The command line as its users meet it: help with examples for every command, the guide
//! pages (`seams help TOPIC`), `seams explain`, shell completions, manual pages, flags that
//! mean one thing, and one closing line for invalid input.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use common::root;
use predicates::prelude::*;
use serde_json::Value;

fn seams() -> Command {
    let mut cmd = Command::cargo_bin("seams").expect("the seams binary");
    cmd.current_dir(root());
    cmd
}

/// What one run printed.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = seams().args(args).output().expect("run seams");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The commands `seams --help` lists.
fn commands() -> Vec<String> {
    let help = run(&["--help"]).stdout;
    let list = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a Commands: section");
    let names: Vec<String> = list
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    for expected in [
        "validate", "analyze", "report", "check", "explain", "export", "man",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    names
}

#[test]
fn every_command_shows_examples_with_h_and_with_help() {
    for name in commands() {
        for flag in ["-h", "--help"] {
            let r = run(&[&name, flag]);
            assert_eq!(r.code, Some(0), "seams {name} {flag}");
            let examples = r.stdout.split("\nExamples:\n").nth(1);
            let examples = examples.unwrap_or_else(|| panic!("seams {name} {flag}: no Examples:"));
            assert!(
                examples.trim_start().starts_with("seams ")
                    || examples.trim_start().starts_with("source "),
                "seams {name} {flag}: examples start with {examples:?}"
            );
            assert!(
                r.stdout.contains("\nSee also: "),
                "seams {name} {flag}: no See also"
            );
            assert!(
                !r.stdout.contains("docs/"),
                "seams {name} {flag} names a repository path:\n{}",
                r.stdout
            );
            // Examples come last, after the flags: never before Usage.
            let usage = r.stdout.find("Usage:").expect("Usage");
            assert!(
                r.stdout.find("Examples:").unwrap() > usage,
                "seams {name} {flag}"
            );
        }
    }
}

#[test]
fn help_names_every_directory_dir_and_every_file_file() {
    for name in commands() {
        let help = run(&[&name, "--help"]).stdout;
        assert!(!help.contains("<OUT>"), "seams {name}: <OUT>");
        if help.contains("--out <") {
            assert!(
                help.contains("--out <DIR>"),
                "seams {name}: --out is a directory"
            );
        }
    }
    let export = run(&["export", "--help"]).stdout;
    assert!(export.contains("--output <FILE>"));
    for flag in ["--weight", "--exact", "--threads", "--seed", "--approx"] {
        assert!(export.contains(flag), "export lacks {flag}");
    }
}

#[test]
fn help_topics_print_the_guide() {
    let list = run(&["help"]);
    assert_eq!(list.code, Some(0));
    for topic in ["input-format", "output", "ci", "event-logs", "graph-export"] {
        assert!(
            list.stdout.contains(&format!("  {topic} ")),
            "{topic} not listed"
        );
        let page = run(&["help", topic]);
        assert_eq!(page.code, Some(0), "seams help {topic}");
        assert!(
            page.stdout.starts_with("# "),
            "seams help {topic}: {}",
            page.stdout
        );
        assert!(
            !page.stdout.contains("docs/output.md"),
            "seams help {topic}"
        );
    }
    let page = run(&["help", "output"]).stdout;
    let doc = std::fs::read_to_string(root().join("docs/output.md")).unwrap();
    assert_eq!(page.lines().next(), doc.lines().next());
    assert!(page.contains("## Where outputs go"));
}

#[test]
fn help_of_a_command_is_its_long_help() {
    for name in ["analyze", "export", "explain"] {
        let a = run(&["help", name]);
        let b = run(&[name, "--help"]);
        assert_eq!(a.code, Some(0));
        assert_eq!(
            a.stdout, b.stdout,
            "seams help {name} vs seams {name} --help"
        );
    }
}

#[test]
fn help_of_an_unknown_name_suggests_the_closest() {
    let r = run(&["help", "anaylze"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("did you mean `analyze`?"), "{}", r.stderr);
    let r = run(&["help", "ouput"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("did you mean `output`?"), "{}", r.stderr);
}

#[test]
fn explain_lists_every_figure_and_explains_one() {
    let list = run(&["explain"]);
    assert_eq!(list.code, Some(0));
    for key in [
        "ei-index",
        "modularity",
        "betweenness",
        "congruence",
        "seams",
    ] {
        assert!(
            list.stdout.contains(&format!("  {key} ")),
            "{key} not listed"
        );
    }
    let ei = run(&["explain", "ei"]);
    assert_eq!(ei.code, Some(0));
    assert!(ei.stdout.starts_with("E-I index"), "{}", ei.stdout);
    for label in ["What:", "Formula:", "Range:", "Reading:", "Idea:", "Where:"] {
        assert!(ei.stdout.contains(label), "no {label}");
    }
    assert!(ei.stdout.contains("(E − I) / (E + I)"));
    assert_eq!(run(&["explain", "E_I_Index"]).stdout, ei.stdout);
    let typo = run(&["explain", "betweeness"]);
    assert_eq!(typo.code, Some(2));
    assert!(typo.stdout.is_empty());
    assert!(
        typo.stderr.contains("did you mean `betweenness`?"),
        "{}",
        typo.stderr
    );
    let nothing = run(&["explain", "zzzzzzzz"]);
    assert_eq!(nothing.code, Some(2));
    assert!(!nothing.stderr.contains("did you mean"));
}

#[test]
fn completions_are_generated_for_every_shell_and_name_every_command() {
    let names = commands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, Some(0), "completions {shell}: {}", r.stderr);
        assert!(r.stdout.len() > 1000, "completions {shell} is short");
        for name in &names {
            assert!(
                r.stdout.contains(name.as_str()),
                "completions {shell} lack {name}"
            );
        }
    }
    assert_eq!(run(&["completions", "tcsh"]).code, Some(2));
}

#[test]
fn bash_loads_the_completion() {
    if Process::new("bash").arg("--version").output().is_err() {
        eprintln!("bash is not installed: skipping");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("seams");
    let out = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "source <('{}' completions bash) && complete -p seams",
            bin.display()
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("complete") && stdout.contains(" seams"),
        "{stdout}"
    );
}

/// `man -l FILE` rendered as text, or None when `man` is not installed (the only reason to
/// skip; `.ci/run` installs man-db, so CI always renders).
fn render_man(file: &Path) -> Option<String> {
    let out = match Process::new("man")
        .arg("-l")
        .arg(file)
        .env("MANWIDTH", "100")
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("man is not installed: not rendering {}", file.display());
            return None;
        }
        Err(e) => panic!("man: {e}"),
    };
    assert!(
        out.status.success(),
        "man -l {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn man_prints_the_top_page_listing_every_command() {
    let names = commands();
    let r = run(&["man"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.contains(".TH seams 1"), "{}", r.stdout);
    for name in &names {
        let roff_name = format!("seams\\-{}(1)", name.replace('-', "\\-"));
        assert!(r.stdout.contains(&roff_name), "seams.1 lacks {roff_name}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("seams.1");
    std::fs::write(&file, &r.stdout).unwrap();
    if let Some(text) = render_man(&file) {
        assert!(
            text.contains("SUBCOMMANDS") && text.contains("EXAMPLES"),
            "{text}"
        );
        for name in &names {
            assert!(
                text.contains(&format!("seams-{name}(1)")),
                "rendered seams.1 lacks {name}"
            );
        }
    }
}

#[test]
fn man_out_writes_a_page_per_command() {
    let names = commands();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("man1");
    let r = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("manual pages to"), "{}", r.stderr);
    let top = std::fs::read_to_string(out.join("seams.1")).unwrap();
    assert!(!top.is_empty());
    for name in &names {
        let page = out.join(format!("seams-{name}.1"));
        let text = std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("no {page:?}"));
        assert!(text.contains(".SH EXAMPLES"), "{name}: no examples");
        assert!(
            text.contains(&format!("seams {name}").replace('-', "\\-")),
            "{name}"
        );
    }
    if let Some(text) = render_man(&out.join("seams-check.1")) {
        assert!(text.contains("--baseline"), "{text}");
        // The examples are set line by line, as --help shows them.
        assert!(
            text.lines()
                .any(|l| l.trim() == "--rules sample-data/reorg/seams.toml"),
            "{text}"
        );
    }
    // Written through an output set: a second run replaces it, a foreign directory is refused.
    assert_eq!(run(&["man", "--out", out.to_str().unwrap()]).code, Some(0));
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    assert_eq!(
        run(&["man", "--out", foreign.to_str().unwrap()]).code,
        Some(2)
    );
    assert!(foreign.join("notes.txt").is_file());
}

/// Betweenness per unit from a JSON graph export or an analysis document.
fn betweenness(doc: &Value, list: &str, id: &str) -> BTreeMap<String, f64> {
    doc[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list}"))
        .iter()
        .filter_map(|n| Some((n[id].as_str()?.to_string(), n["betweenness"].as_f64()?)))
        .collect()
}

#[test]
fn export_betweenness_follows_the_shared_analysis_flags() {
    for weight in ["hops", "volume", "wait"] {
        let exported = run(&[
            "export",
            "sample-data",
            "--format",
            "json",
            "--weight",
            weight,
        ]);
        assert_eq!(exported.code, Some(0), "{}", exported.stderr);
        let graph: Value = serde_json::from_str(&exported.stdout).unwrap();
        let analysed = run(&[
            "analyze",
            "sample-data",
            "--format",
            "json",
            "--weight",
            weight,
        ]);
        let analysis: Value = serde_json::from_str(&analysed.stdout).unwrap();
        let from_export = betweenness(&graph, "nodes", "id");
        let from_analyze = betweenness(&analysis, "units", "unit");
        assert!(from_export.len() > 10);
        for (unit, b) in &from_export {
            assert_eq!(
                Some(b),
                from_analyze.get(unit),
                "{unit} with --weight {weight}"
            );
        }
    }
    // The weight changes the figures (else the test above proves nothing).
    let hops = run(&["export", "sample-data", "--format", "json"]).stdout;
    let volume = run(&[
        "export",
        "sample-data",
        "--format",
        "json",
        "--weight",
        "volume",
    ])
    .stdout;
    assert_ne!(hops, volume);
    // The flags are checked as analyze checks them.
    let r = run(&[
        "export",
        "sample-data",
        "--format",
        "json",
        "--threads",
        "0",
    ]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("--threads must be at least 1"));
}

#[test]
fn export_writes_to_output_and_still_accepts_the_old_out() {
    let tmp = tempfile::tempdir().unwrap();
    let new = tmp.path().join("new.dot");
    let old = tmp.path().join("old.dot");
    let r = run(&[
        "export",
        "sample-data",
        "--format",
        "dot",
        "--output",
        new.to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(!r.stderr.contains("deprecated"));
    let r = run(&[
        "export",
        "sample-data",
        "--format",
        "dot",
        "--out",
        old.to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("deprecated; use --output FILE"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&new).unwrap(), std::fs::read(&old).unwrap());
    let both = run(&[
        "export",
        "sample-data",
        "--format",
        "dot",
        "--output",
        new.to_str().unwrap(),
        "--out",
        old.to_str().unwrap(),
    ]);
    assert_eq!(both.code, Some(2));
    let dir = run(&[
        "export",
        "sample-data",
        "--format",
        "dot",
        "--output",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(dir.code, Some(2));
    assert!(dir.stderr.contains("--output"), "{}", dir.stderr);
    assert!(dir.stderr.contains("is a directory"), "{}", dir.stderr);
}

#[test]
fn analyze_out_says_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tables");
    let r = run(&["analyze", "sample-data", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let files = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "csv")
        })
        .count();
    assert!(files > 10);
    assert!(
        r.stderr.contains(&format!(
            "seams: wrote {files} tables to {}/ (org.csv, units.csv,",
            out.display()
        )),
        "{}",
        r.stderr
    );
}

/// The closing line of an invalid-input run, with the input's name replaced by INPUT.
fn closing_line(r: &Run, input: &str) -> String {
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let last = r.stderr.lines().last().unwrap_or_default();
    last.replace(input, "INPUT")
}

#[test]
fn every_command_closes_invalid_input_with_the_same_line() {
    let bad = "tests/bad-inputs/bad-boolean";
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();
    let runs = [
        run(&["analyze", bad]),
        run(&["analyze", bad, "--out", out]),
        run(&["report", bad, "--out", out]),
        run(&["export", bad, "--format", "dot"]),
        run(&["check", "--baseline", bad, "--candidate", "sample-data"]),
        run(&["check", "--baseline", "sample-data", "--candidate", bad]),
    ];
    let want = "seams: 1 error(s) in INPUT, nothing written; fix them and run again \
                (`seams validate INPUT` lists them all)";
    for r in &runs {
        assert_eq!(closing_line(r, bad), want, "{}", r.stderr);
        assert!(r
            .stderr
            .contains("error: tests/bad-inputs/bad-boolean/teams.csv:"));
    }
    assert!(!Path::new(out).exists());

    // Other inputs, the same shape: what, where, nothing written, where to look.
    let rules = tmp.path().join("seams.toml");
    std::fs::write(&rules, "[rules.no_such_rule]\nvalue = 1\n").unwrap();
    let r = run(&[
        "check",
        "--baseline",
        "sample-data",
        "--candidate",
        "sample-data",
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert!(
        closing_line(&r, rules.to_str().unwrap()).starts_with(
            "seams: 1 error(s) in the rules file INPUT, nothing written; fix them and run again ("
        ),
        "{}",
        r.stderr
    );
    let log = tmp.path().join("events.csv");
    std::fs::write(&log, "case,act,t,team\nc,a,tomorrow,A\nc,b,never,B\n").unwrap();
    let r = run(&[
        "import-log",
        log.to_str().unwrap(),
        "--case",
        "case",
        "--activity",
        "act",
        "--time",
        "t",
        "--team",
        "team",
        "--out",
        out,
    ]);
    assert!(
        closing_line(&r, log.to_str().unwrap())
            .starts_with("seams: 2 error(s) in INPUT, nothing written; fix them and run again ("),
        "{}",
        r.stderr
    );
    assert!(!Path::new(out).exists());

    // validate keeps its own summary.
    let v = run(&["validate", bad]);
    assert_eq!(v.code, Some(2));
    assert!(
        v.stderr.contains("FAILED: fix the errors above"),
        "{}",
        v.stderr
    );
}

#[test]
fn the_old_help_subcommand_forms_still_work() {
    seams()
        .args(["help", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: seams check"));
    seams()
        .arg("help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: seams <COMMAND>"));
}
