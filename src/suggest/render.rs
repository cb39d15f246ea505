//! What `seams suggest` shows (docs/suggest.md, "Output"): a terminal table with readable
//! names, the same as Markdown, a JSON document with ids, and the changes file (`whatif`
//! format: TOML `[[move]]` and `[[channel]]` tables). Renders what [`super::suggest`] found;
//! computes nothing.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{json, Value};

use crate::model::Org;
use crate::records::UnitId;
use crate::report::{clip, terminal_table};
use crate::text::{markdown_escape, number, opt, printable};

use super::{Figures, Objective, SizeMeasure, Suggestion};

/// Version of the JSON document's shape.
pub const SCHEMA_VERSION: u32 = 2;

fn label(org: &Org, u: UnitId) -> String {
    printable(org.export.units[u as usize].label()).into_owned()
}

fn objective_words(o: Objective) -> &'static str {
    match o {
        Objective::Handoffs => "cross-silo handoff volume (the E of the org-wide E-I)",
        Objective::Journeys => "volume-weighted cross-silo journey seams",
    }
}

fn measure_words(m: SizeMeasure) -> &'static str {
    match m {
        SizeMeasure::Headcount => "headcount",
        SizeMeasure::Nodes => "teams (handoff-graph nodes)",
    }
}

fn size_of(f: &Figures, silo: UnitId) -> f64 {
    f.silo_sizes
        .iter()
        .find(|s| s.silo == silo)
        .map_or(0.0, |s| s.size)
}

/// The sentences above and below the tables, shared by text and Markdown (`esc` escapes a
/// user string for the target).
fn preamble(s: &Suggestion) -> Vec<String> {
    vec![
        format!("Objective: {}.", objective_words(s.objective)),
        format!(
            "Limits: at most {}; every silo (level {}) keeps its {} within ±{} of today.",
            crate::text::plural(s.max_moves, "move", "moves"),
            s.silo_level,
            measure_words(s.size_measure),
            crate::text::share(s.balance)
        ),
        format!(
            "Today: objective {}, org E-I {}, modularity {}, cross-silo journey seams {}, congruence {}.",
            number(s.before.objective),
            opt(s.before.org_ei_index),
            opt(s.before.modularity),
            number(s.before.cross_silo_seams),
            opt(s.before.congruence)
        ),
    ]
}

fn legend(s: &Suggestion) -> String {
    format!(
        "Sizes: the {} of the silo left / the silo joined, after the move. E-I: org-wide E-I index. Q: modularity of the silos. Seams: cross-silo journey seams × journey volume. Congr.: congruence.",
        measure_words(s.size_measure)
    )
}

fn verdict(s: &Suggestion) -> String {
    let b = &s.baseline;
    let moves = crate::text::plural(b.moves.len(), "move", "moves");
    if b.used {
        format!(
            "Baseline (misplaced teams into their community's majority silo, same limits): objective {} with {moves}; the search alone reached {}, worse, so the baseline's moves are shown.",
            number(b.objective),
            number(b.search_objective)
        )
    } else {
        format!(
            "Baseline (misplaced teams into their community's majority silo, same limits): objective {} with {moves}; the search reaches {}.",
            number(b.objective),
            number(b.search_objective)
        )
    }
}

const MOVE_HEADER: [&str; 10] = [
    "#",
    "Move (unit → new parent)",
    "Silos (from → to)",
    "Sizes",
    "Gain",
    "Objective",
    "E-I",
    "Q",
    "Seams",
    "Congr.",
];

fn move_rows(org: &Org, s: &Suggestion, esc: &dyn Fn(&str) -> String) -> Vec<Vec<String>> {
    s.moves
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let with = if m.units_moved > 1 {
                format!(" (+{} below)", m.units_moved - 1)
            } else {
                String::new()
            };
            vec![
                (i + 1).to_string(),
                format!(
                    "{}{with} → {}",
                    esc(&label(org, m.unit)),
                    esc(&label(org, m.to_parent))
                ),
                format!(
                    "{} → {}",
                    esc(&label(org, m.from_silo)),
                    esc(&label(org, m.to_silo))
                ),
                format!(
                    "{} / {}",
                    number(size_of(&m.after, m.from_silo)),
                    number(size_of(&m.after, m.to_silo))
                ),
                number(m.gain),
                number(m.after.objective),
                opt(m.after.org_ei_index),
                opt(m.after.modularity),
                number(m.after.cross_silo_seams),
                opt(m.after.congruence),
            ]
        })
        .collect()
}

const CHANNEL_HEADER: [&str; 5] = ["#", "From", "To", "Dependencies", "Congruence after"];

fn channel_rows(org: &Org, s: &Suggestion, esc: &dyn Fn(&str) -> String) -> Vec<Vec<String>> {
    s.channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                esc(&label(org, c.from)),
                esc(&label(org, c.to)),
                c.dependencies.to_string(),
                opt(c.congruence),
            ]
        })
        .collect()
}

/// The terminal text.
pub fn text(org: &Org, s: &Suggestion) -> String {
    let mut out = String::new();
    for line in preamble(s) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
    if s.moves.is_empty() {
        let _ = writeln!(out, "No move within the limits reduces the objective.");
    } else {
        let _ = writeln!(
            out,
            "Moves (figures recomputed by the full analysis after each):"
        );
        let mut t = terminal_table(&MOVE_HEADER);
        for r in move_rows(org, s, &|x| clip(x)) {
            t.add_row(r);
        }
        let _ = writeln!(out, "{t}");
        let _ = writeln!(out, "{}", legend(s));
    }
    let _ = writeln!(out, "{}", verdict(s));
    if !s.channels.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Channels closing the heaviest congruence gaps (after the moves; congruence recomputed):"
        );
        let mut t = terminal_table(&CHANNEL_HEADER);
        for r in channel_rows(org, s, &|x| clip(x)) {
            t.add_row(r);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}

fn markdown_table(out: &mut String, header: &[&str], rows: Vec<Vec<String>>) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        header.iter().map(|_| " --- |").collect::<String>()
    );
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
}

/// The Markdown page (every user string escaped).
pub fn markdown(org: &Org, s: &Suggestion) -> String {
    let esc = |x: &str| markdown_escape(x);
    let mut out = String::from("# Suggested reorganisation\n\n");
    for line in preamble(s) {
        let _ = writeln!(out, "{line}\n");
    }
    if s.moves.is_empty() {
        let _ = writeln!(out, "No move within the limits reduces the objective.\n");
    } else {
        let _ = writeln!(out, "## Moves\n");
        markdown_table(&mut out, &MOVE_HEADER, move_rows(org, s, &esc));
        let _ = writeln!(out, "\n{}\n", legend(s));
    }
    let _ = writeln!(out, "{}\n", verdict(s));
    if !s.channels.is_empty() {
        let _ = writeln!(out, "## Channels\n");
        markdown_table(&mut out, &CHANNEL_HEADER, channel_rows(org, s, &esc));
    }
    out
}

fn figures_json(org: &Org, f: &Figures) -> Value {
    json!({
        "objective": f.objective,
        "ei_index": f.org_ei_index,
        "cross_silo_volume": f.cross_silo_volume,
        "modularity": f.modularity,
        "cross_silo_seam_volume": f.cross_silo_seams,
        "congruence": f.congruence,
        "silo_sizes": f.silo_sizes.iter().map(|s| json!({
            "silo": org.unit_id(s.silo),
            "size": s.size,
        })).collect::<Vec<_>>(),
    })
}

/// The JSON document (ids, not names; docs/suggest.md).
pub fn json(org: &Org, s: &Suggestion) -> String {
    let id = |u: UnitId| org.unit_id(u).to_string();
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "objective": s.objective,
        "silo_level": s.silo_level,
        "size_measure": s.size_measure,
        "max_moves": s.max_moves,
        "balance": s.balance,
        "before": figures_json(org, &s.before),
        "moves": s.moves.iter().map(|m| json!({
            "unit": id(m.unit),
            "from_parent": m.from_parent.map(id),
            "to_parent": id(m.to_parent),
            "from_silo": id(m.from_silo),
            "to_silo": id(m.to_silo),
            "units_moved": m.units_moved,
            "gain": m.gain,
            "after": figures_json(org, &m.after),
        })).collect::<Vec<_>>(),
        "baseline": {
            "moves": s.baseline.moves.iter().map(|&(u, p)| json!({
                "unit": id(u),
                "parent": id(p),
            })).collect::<Vec<_>>(),
            "objective": s.baseline.objective,
            "search_objective": s.baseline.search_objective,
            "used": s.baseline.used,
        },
        "channels": s.channels.iter().map(|c| json!({
            "from": id(c.from),
            "to": id(c.to),
            "volume": c.volume,
            "dependencies": c.dependencies,
            "congruence": c.congruence,
        })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Changes {
    #[serde(rename = "move", skip_serializing_if = "Vec::is_empty")]
    moves: Vec<MoveChange>,
    #[serde(rename = "channel", skip_serializing_if = "Vec::is_empty")]
    channels: Vec<ChannelChange>,
}

#[derive(Serialize)]
struct MoveChange {
    unit: String,
    parent: String,
}

#[derive(Serialize)]
struct ChannelChange {
    from: String,
    to: String,
    volume: Volume,
}

/// A whole volume is written as a TOML integer (`volume = 1`), any other as a float.
#[derive(Serialize)]
#[serde(untagged)]
enum Volume {
    Whole(u64),
    Fraction(f64),
}

impl Volume {
    fn of(v: f64) -> Volume {
        if v.fract() == 0.0 && (0.0..9.0e15).contains(&v) {
            Volume::Whole(v as u64)
        } else {
            Volume::Fraction(v)
        }
    }
}

/// The changes file for `seams whatif`: a header comment, then `[[move]]` tables (`unit`,
/// `parent`) in order and `[[channel]]` tables (`from`, `to`, `volume`).
pub fn changes_toml(org: &Org, s: &Suggestion, command: &str) -> String {
    let changes = Changes {
        moves: s
            .moves
            .iter()
            .map(|m| MoveChange {
                unit: org.unit_id(m.unit).to_string(),
                parent: org.unit_id(m.to_parent).to_string(),
            })
            .collect(),
        channels: s
            .channels
            .iter()
            .map(|c| ChannelChange {
                from: org.unit_id(c.from).to_string(),
                to: org.unit_id(c.to).to_string(),
                volume: Volume::of(c.volume),
            })
            .collect(),
    };
    let mut out = String::new();
    let _ = writeln!(out, "# Changes suggested by `{}`", printable(command));
    let _ = writeln!(
        out,
        "# (seams {}; objective: {}).",
        env!("CARGO_PKG_VERSION"),
        objective_words(s.objective)
    );
    let _ = writeln!(
        out,
        "# Review and edit them, then check their effect with `seams whatif`."
    );
    let _ = writeln!(
        out,
        "# [[move]]: `unit` moves (with its subtree) under `parent`, in this order."
    );
    let _ = writeln!(
        out,
        "# [[channel]]: a new handoff channel `from` → `to` with `volume` handoffs per period."
    );
    let _ = writeln!(out);
    out.push_str(&toml::to_string(&changes).unwrap_or_default());
    out
}
