//! "What to change" (docs/output.md, "The seam report"): the report's turn from diagnosis to
//! action, every sentence backed by a figure of the analysis — the top moves and channels of
//! [`crate::suggest`] with their exact effect, the duplicated capabilities, the customer-data
//! islands and the platform candidate, and the change agents.
//!
//! The suggestion and the change agents are computed only when the handoff graph has at most
//! [`ACTION_MAX_NODES`] teams, so the report of a very large organisation costs no more than
//! before; the section then says so in one line.

use super::labels::Names;
use super::model::{Rich, WhatToChange};
use crate::metrics::agents::change_agents;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::suggest::{suggest, SuggestOptions};
use crate::text::{number, opt, plural, share};

/// The largest handoff graph (teams) for which the report runs `seams suggest` and picks the
/// change agents (docs/suggest.md).
pub const ACTION_MAX_NODES: usize = 20_000;

/// Moves the report shows (the suggestion's other limits are its defaults).
pub const REPORT_MAX_MOVES: usize = 3;

/// Duplicated capabilities the report names.
const MAX_CAPABILITIES: usize = 3;

/// Change agents picked: one per silo, at most this many.
const MAX_AGENTS: usize = 12;

/// Builds the "What to change" section.
///
/// # Complexity
/// Up to [`REPORT_MAX_MOVES`] re-analyses and a few model builds (see [`suggest`]) plus
/// O(k · (n + m)) for the change agents, only when n ≤ [`ACTION_MAX_NODES`]; otherwise
/// linear in what is listed.
pub(super) fn what_to_change(org: &Org, a: &Analysis, names: &Names) -> WhatToChange {
    let mut out = WhatToChange::default();
    let small = org.handoffs.node_count() <= ACTION_MAX_NODES;
    if small && org.handoffs.node_count() > 0 {
        suggestion(org, a, names, &mut out);
    }
    out.items.extend(capability_sentences(org, a, names));
    out.items.extend(customer_data_sentences(org, a, names));
    if small {
        if let Some(r) = agents_sentence(org, names) {
            out.items.push(r);
        }
    } else {
        out.notes.push(format!(
            "Suggested moves, channels and change agents are left out: the handoff graph has {} teams, more than the {} for which the report computes them; run `seams suggest DIR` and `seams analyze DIR --out DIR` for them.",
            number(org.handoffs.node_count() as f64),
            number(ACTION_MAX_NODES as f64)
        ));
    }
    out
}

/// The moves and channels of the suggestion, each with its effect.
fn suggestion(org: &Org, a: &Analysis, names: &Names, out: &mut WhatToChange) {
    let options = SuggestOptions {
        max_moves: REPORT_MAX_MOVES,
        ..SuggestOptions::default()
    };
    let Ok(s) = suggest(org, a, &options) else {
        return;
    };
    let mut prev = &s.before;
    for m in &s.moves {
        let mut r = Rich::new().t("Move ").b(names.unit(m.unit));
        if m.units_moved > 1 {
            r = r.t(format!(
                " (with its {})",
                plural(m.units_moved - 1, "unit", "units")
            ));
        }
        r = r
            .t(" from ")
            .t(names.unit(m.from_silo))
            .t(" to ")
            .t(names.unit(m.to_silo))
            .t(": cross-silo handoff volume ")
            .b(format!(
                "{} → {}",
                number(prev.cross_silo_volume),
                number(m.after.cross_silo_volume)
            ))
            .t(format!(
                " ({})",
                signed(m.after.cross_silo_volume - prev.cross_silo_volume)
            ))
            .t(", org E-I ")
            .b(format!(
                "{} → {}",
                opt(prev.org_ei_index),
                opt(m.after.org_ei_index)
            ))
            .t(".");
        out.items.push(r);
        prev = &m.after;
    }
    let mut congruence = prev.congruence;
    for c in &s.channels {
        out.items.push(
            Rich::new()
                .t("Open a handoff channel ")
                .b(format!("{} → {}", names.unit(c.from), names.unit(c.to)))
                .t(format!(
                    " (their teams' systems share {}): congruence ",
                    plural(c.dependencies as usize, "dependency", "dependencies")
                ))
                .b(format!("{} → {}", opt(congruence), opt(c.congruence)))
                .t("."),
        );
        congruence = c.congruence;
    }
    if !s.moves.is_empty() || !s.channels.is_empty() {
        out.notes.push(
            "Try them: `seams suggest DIR --write-changes changes.toml`, then `seams whatif DIR --changes changes.toml`."
                .to_string(),
        );
    }
}

/// A signed difference: `−117`, `+4`.
fn signed(d: f64) -> String {
    if d > 0.0 {
        format!("+{}", number(d))
    } else {
        number(d)
    }
}

/// "**Payments** is built 3 times, in Retail, Business and Digital: 3 separate stacks that no
/// dependency joins." for the top duplicated capabilities.
fn capability_sentences(org: &Org, a: &Analysis, names: &Names) -> Vec<Rich> {
    let caps = &a.capabilities;
    if !caps.column_present {
        return Vec::new();
    }
    let mut out: Vec<Rich> = caps
        .duplicated
        .iter()
        .take(MAX_CAPABILITIES)
        .map(|d| {
            let silos: Vec<String> = d.silos.iter().map(|&u| names.unit(u)).collect();
            Rich::new()
                .t("The capability ")
                .b(d.capability.clone())
                .t(" is built in ")
                .b(plural(silos.len(), "silo", "silos"))
                .t(" (")
                .t(silos.join(", "))
                .t("), as ")
                .b(plural(d.stacks, "separate stack", "separate stacks"))
                .t(" that no dependency joins: one of them could serve the others.")
        })
        .collect();
    let more = caps.duplicated.len().saturating_sub(MAX_CAPABILITIES);
    if more > 0 {
        out.push(
            Rich::new()
                .b(number(more as f64))
                .t(if more == 1 {
                    " more capability is duplicated"
                } else {
                    " more capabilities are duplicated"
                })
                .t(format!(
                    " ({} systems in the export).",
                    number(org.export.systems.len() as f64)
                )),
        );
    }
    out
}

/// "Customer data sits in 4 silos, in 4 separate stores that no dependency path joins: …",
/// and the systems three or more silos already build on; None when neither applies.
fn customer_data_sentences(org: &Org, a: &Analysis, names: &Names) -> Vec<Rich> {
    let e = &org.export;
    let system = |s: u32| {
        let sys = &e.systems[s as usize];
        sys.name.clone().unwrap_or_else(|| sys.id.clone())
    };
    let mut out = Vec::new();
    let cd = &a.customer_data;
    if cd.store_count() > 1 {
        let stores: Vec<String> = cd
            .stores
            .iter()
            .take(6)
            .map(|st| {
                let silos: Vec<String> = st.silos.iter().map(|&u| names.unit(u)).collect();
                let held: Vec<String> = st.systems.iter().take(3).map(|&s| system(s)).collect();
                if silos.is_empty() {
                    held.join(", ")
                } else {
                    in_silo(&held.join(", "), &silos.join(", "))
                }
            })
            .collect();
        let mut r = Rich::new()
            .t("Customer data sits in ")
            .b(plural(cd.silo_count(), "silo", "silos"))
            .t(", in ")
            .b(plural(
                cd.store_count(),
                "separate store",
                "separate stores",
            ))
            .t(" that no dependency path joins: ")
            .t(stores.join("; "));
        if cd.store_count() > stores.len() {
            r = r.t(format!(
                " and {} more",
                number((cd.store_count() - stores.len()) as f64)
            ));
        }
        out.push(r.t(". Each division keeps its own customer; the customer repeats themselves at every seam between them."));
    }
    if let Some(p) = a.capabilities.platforms.first() {
        let silos: Vec<String> = p.dependent_silos.iter().map(|&u| names.unit(u)).collect();
        let mut r = Rich::new()
            .b(system(p.system))
            .t(" is what ")
            .b(plural(silos.len(), "silo", "silos"))
            .t(format!(" already build on ({})", silos.join(", ")));
        let more = a.capabilities.platforms.len() - 1;
        if more > 0 {
            r = r.t(format!(
                ", with {} more platform {}",
                number(more as f64),
                if more == 1 { "candidate" } else { "candidates" }
            ));
        }
        out.push(r.t(": a shared platform to grow instead of another stack per channel."));
    }
    out
}

/// "**4 teams** reach **86%** of the organisation within one handoff: A (Silo), …".
/// "Phone Advisors (Customer Service)"; "Integration & Middleware in Shared Services (IT &
/// Data)" when a name has parentheses of its own (two groups of parentheses read as a typo).
fn in_silo(what: &str, silo: &str) -> String {
    if what.contains('(') || silo.contains('(') {
        format!("{what} in {silo}")
    } else {
        format!("{what} ({silo})")
    }
}

fn agents_sentence(org: &Org, names: &Names) -> Option<Rich> {
    let k = org.silos.list().len().clamp(1, MAX_AGENTS);
    let ca = change_agents(org, k);
    let covered = ca.share_covered?;
    if ca.agents.is_empty() {
        return None;
    }
    let who: Vec<String> = ca
        .agents
        .iter()
        .map(|g| {
            // A team that is its own silo is named once.
            let (team, silo) = (names.unit(g.unit), names.unit(g.silo));
            if team == silo {
                team
            } else {
                in_silo(&team, &silo)
            }
        })
        .collect();
    Some(
        Rich::new()
            .b(plural(ca.agents.len(), "team", "teams"))
            .t(if ca.agents.len() == 1 {
                " reaches "
            } else {
                " reach "
            })
            .b(share(covered))
            .t(" of the organisation within one handoff: ")
            .t(who.join(", "))
            .t(". A change carried by them is heard everywhere."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::seam_report::fixture;

    #[test]
    fn what_to_change_in_a_small_org() {
        let (org, a) = fixture::small();
        let names = Names::new(&org, &a);
        let w = what_to_change(&org, &a, &names);
        let plain: Vec<String> = w.items.iter().map(Rich::plain).collect();
        // Four teams, three silos: three agents, one per silo, cover every team.
        let agents = plain.last().expect("an agents sentence");
        assert!(
            agents.starts_with("3 teams reach 100% of the organisation within one handoff: "),
            "{agents}"
        );
        assert!(
            agents.contains("(Sales)") && agents.contains("(Ops)") && agents.contains("(Finance)"),
            "{agents}"
        );
        // No capability column, no customer data, no platform: nothing else but the moves.
        for p in &plain[..plain.len() - 1] {
            assert!(
                p.starts_with("Move ") || p.starts_with("Open a handoff channel "),
                "{p}"
            );
        }
        if plain.len() > 1 {
            assert_eq!(w.notes.len(), 1);
            assert!(w.notes[0].starts_with("Try them: `seams suggest DIR"));
        }
    }

    #[test]
    fn a_silo_in_parentheses_only_once() {
        assert_eq!(in_silo("Web Shop", "Digital"), "Web Shop (Digital)");
        assert_eq!(
            in_silo("Integration & Middleware", "Shared Services (IT & Data)"),
            "Integration & Middleware in Shared Services (IT & Data)"
        );
        assert_eq!(
            in_silo("Rewards (CRM)", "Stores"),
            "Rewards (CRM) in Stores"
        );
    }

    #[test]
    fn signed_differences() {
        assert_eq!(signed(-117.0), "−117");
        assert_eq!(signed(4.0), "+4");
        assert_eq!(signed(0.0), "0");
    }
}
