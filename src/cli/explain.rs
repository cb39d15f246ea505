//! `seams explain [METRIC]`: what each figure means, for a reader without the docs at hand.
//! The definitions are the ones of docs/output.md (`seams help output`), in the words of the
//! report.

use clap::Args;
use seams::error::SeamsError;

use super::{print_stdout, Outcome};

/// One figure: its names, definition, formula, range, what good and bad look like, and the
/// idea behind it.
pub struct Explanation {
    /// The name to type (`seams explain ei-index`).
    pub key: &'static str,
    /// Other accepted names.
    pub aliases: &'static [&'static str],
    /// The figure's name in the report.
    pub title: &'static str,
    /// What is measured, in a sentence or two.
    pub definition: &'static str,
    /// The formula.
    pub formula: &'static str,
    /// The range of values.
    pub range: &'static str,
    /// What a good and a bad value look like.
    pub reading: &'static str,
    /// The idea behind it, with its source.
    pub idea: &'static str,
    /// Where it appears.
    pub appears: &'static str,
}

/// Every figure `seams explain` knows, in the order of the report.
pub const EXPLANATIONS: &[Explanation] = &[
    Explanation {
        key: "ei-index",
        aliases: &["ei", "e-i", "e-i-index", "external-internal"],
        title: "E-I index (Krackhardt & Stern)",
        definition: "How much of the handoff volume a silo takes part in crosses its boundary \
            rather than staying inside. Computed per silo and for the whole organisation.",
        formula: "(E − I) / (E + I), E = handoff volume between different silos, I = volume \
            inside one silo (for a silo: over the edges with one or both ends in it).",
        range: "−1 (all work stays inside) … +1 (no work inside); unknown with no handoff.",
        reading: "Around 0 is balanced. Close to −1 is a closed silo: its teams talk to \
            themselves and customer work stalls at its border. Close to +1 means the unit is \
            a pass-through that does little of its own.",
        idea: "Krackhardt & Stern (1988): organisations with more ties across departments \
            cope better with crises. Silos keep customer data and experiments inside.",
        appears: "analyze: org.ei_index, silos.ei_index; report: the headline figures and \
            the silo matrix; check: ei_index, rules min_silo_ei and max_silo_ei.",
    },
    Explanation {
        key: "modularity",
        aliases: &["q", "newman"],
        title: "Modularity of the silo partition (Newman's Q)",
        definition: "How much more of the handoff weight falls inside the formal silos than \
            it would in a random graph with the same degrees.",
        formula: "Q = Σ_c [ L_c / W − (d_c / 2W)² ] on the undirected handoff graph, weight \
            w(a→b) + w(b→a), W = total weight, L_c = weight inside silo c, d_c = its degree sum \
            (= networkx community.modularity).",
        range: "−0.5 … 1; unknown with no handoff.",
        reading: "Above ~0.4 the silos are strongly separated work clusters; near 0 the silos \
            do not shape who works with whom; negative: silos work more across than inside.",
        idea: "Newman (2006). A high Q with a low E-I is the signature of a divided \
            organisation connected only at the top.",
        appears: "analyze: org.modularity; check: modularity (a figure, no rule).",
    },
    Explanation {
        key: "communities",
        aliases: &["louvain", "nmi", "misplaced", "informal-structure"],
        title: "Informal structure: Louvain communities, NMI and misplaced teams",
        definition: "The groups the handoffs actually form (Louvain communities), compared \
            with the formal silos. A team is misplaced when its community has more than half \
            of its teams in one other silo.",
        formula: "Louvain (Blondel et al. 2008, deterministic, resolution 1); NMI = normalised \
            mutual information between silo and community labels (arithmetic mean, = \
            scikit-learn) over non-isolated teams.",
        range: "NMI 0 … 1.",
        reading: "NMI near 1: the org chart matches how work flows. Low NMI and many \
            misplaced teams: the real organisation is not the one on the chart.",
        idea: "Informal networks (Cross & Parker, The Hidden Power of Social Networks).",
        appears: "analyze: communities table, units.community, units.misplaced, \
            org.nmi_silos_communities.",
    },
    Explanation {
        key: "betweenness",
        aliases: &["bottleneck", "bottlenecks", "brandes", "broker"],
        title: "Betweenness centrality (bottlenecks)",
        definition: "The share of shortest handoff paths between other teams that pass \
            through a team: how much work depends on it being there.",
        formula: "C_B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st, directed, normalised by 1/((n−1)(n−2)) \
            (= networkx); edge length hops, 1/volume or wait hours (--weight). Sampled from K \
            sources with --approx K (by itself, 256, when n·m > 2·10¹⁰).",
        range: "0 … 1.",
        reading: "A few teams far above the rest are brokers that everything flows through: \
            single points of failure and queues. A flat distribution is healthy. A sampled run \
            also says how many of their top 10 units the sample's two halves share \
            (betweenness_halves_top10_shared): below 7 of 10, read the values, not the order of \
            the top units.",
        idea: "Freeman (1977), Brandes (2001). 'Connected only vertically at the top of the \
            pyramid': coordination climbs to a few brokers.",
        appears: "analyze: units.betweenness, bottlenecks table; report: bottleneck chart; \
            export: the betweenness attribute; check: top_betweenness (a figure, no rule).",
    },
    Explanation {
        key: "articulation-points",
        aliases: &["articulation", "cut-vertex", "bridges", "bridge"],
        title: "Articulation points and bridges",
        definition: "A team whose removal splits the handoff graph into parts (articulation \
            point); a handoff channel whose removal does (bridge).",
        formula: "Hopcroft–Tarjan on the undirected handoff graph.",
        range: "A count of teams / channels.",
        reading: "Each one is a single point of failure: if that team is on leave or that \
            channel breaks, parts of the organisation stop reaching each other. Zero is best.",
        idea: "Structural holes (Burt, 1992).",
        appears: "analyze: org.articulation_points, bridges table; check: \
            no_new_articulation_points.",
    },
    Explanation {
        key: "customer-distance",
        aliases: &["distance", "distance-from-the-customer", "unreachable"],
        title: "Distance from the customer",
        definition: "How many handoffs separate a team from the customer; customer-facing \
            teams and teams with a customer handoff are at 1.",
        formula: "Breadth-first search from the customer over the undirected handoff graph; \
            unreachable = no path at all.",
        range: "1, 2, 3, … hops, or unreachable.",
        reading: "Most teams within 2–3 hops is a customer-close organisation. Teams at 5+ or \
            unreachable do not see the impact of their work on customers.",
        idea: "The further a team is from the customer, the weaker its sense of urgency.",
        appears: "analyze: units.customer_distance, silos.mean_customer_distance, \
            org.unreachable_from_customer; report: the distance chart; export: the \
            customer_distance attribute; check: no_new_unreachable, max_customer_distance.",
    },
    Explanation {
        key: "congruence",
        aliases: &[
            "conway",
            "socio-technical-congruence",
            "congruence-gaps",
            "gaps",
        ],
        title: "Socio-technical congruence (Conway alignment)",
        definition: "Of the pairs of teams that must coordinate because systems they own \
            depend on each other, the share that actually hand work to each other. A pair that \
            never does is a congruence gap.",
        formula: "Σ weight of required pairs with handoffs / Σ required weight; weight = number \
            of dependencies between the pair's systems (Cataldo et al. 2006).",
        range: "0 … 1; unknown with no cross-team dependency.",
        reading: "Near 1: teams that own coupled systems talk. Low values: dependencies cross \
            team lines that nobody coordinates; integrations break there.",
        idea: "Conway's law (1968): systems mirror the communication structure of the \
            organisation that builds them.",
        appears: "analyze: org.congruence, congruence_gaps table; check: \
            no_new_congruence_gaps, min_congruence.",
    },
    Explanation {
        key: "seams",
        aliases: &["seam", "journey-seams", "cross-silo-seams", "visibility"],
        title: "Journey seams",
        definition: "A seam is a point in a customer journey where the work passes from one \
            team to another. It crosses silos when the teams are in different silos, and the \
            line of visibility when one side faces the customer and the other does not.",
        formula: "Seams of a journey = consecutive steps by different teams; org-wide figures \
            are weighted by journey volume (seam volume = seams × journey volume).",
        range: "0 … steps − 1 per journey.",
        reading: "Every seam is a wait, a repeated question or a dropped ball the customer \
            feels. Cross-silo seams without a handoff channel are where the customer carries \
            the work across.",
        idea: "Service blueprinting (Shostack, 1984); the customer journey crosses the \
            organisation's internal boundaries.",
        appears: "analyze: org.seam_volume, journeys, seams, team_pairs and silo_pairs \
            tables; report: journey seam charts; check: max_seam_increase, \
            max_cross_silo_seams_per_journey.",
    },
    Explanation {
        key: "ping-pong",
        aliases: &["pingpong", "variants", "handover"],
        title: "Ping-pong, variants and handover of work",
        definition: "A journey ping-pongs when it comes back to a team it had left. A variant \
            is a distinct sequence of teams (repeats collapsed); a silo variant the same with \
            silos. The handover matrix counts consecutive step pairs between teams.",
        formula: "Handover share = count of (a → b) consecutive pairs / all consecutive pairs \
            (= pm4py discover_handover_of_work_network, beta = 0).",
        range: "Counts and shares 0 … 1.",
        reading: "Ping-pong is rework and unclear ownership. Few variants covering most \
            journeys is a stable process; thousands of variants is an unmanaged one.",
        idea: "Process mining (van der Aalst).",
        appears: "analyze: variants, silo_variants, handover, ping_pong tables; report: the \
            variant charts of Journeys in aggregate.",
    },
    Explanation {
        key: "journey-flow",
        aliases: &["seam-map", "flows", "positions", "seam-waits", "journeys-in-aggregate"],
        title: "Journeys in aggregate: flows, positions, seam waits",
        definition: "A flow counts consecutive steps from one silo (team) to another along the \
            journeys, plus each journey's start from the customer and end back with it. A \
            unit's position is where it typically acts in a journey. Seam waits are the waits \
            before the receiving step of every seam, by pair of silos.",
        formula: "Position of step i of n = i / (n − 1), volume-weighted mean over the unit's \
            steps (one-step journeys left out); seam wait median and 90th percentile by linear \
            interpolation (numpy's default).",
        range: "Positions 0 (first step) … 1 (last step); flows and waits ≥ 0.",
        reading: "The seam map lays silos out by position: a tidy process runs top left to \
            bottom right; arrows back to the left are work returning to an earlier stage.",
        idea: "Process maps of process mining (directly-follows graphs) drawn between silos.",
        appears: "analyze: journey_flow, journey_positions, seam_waits, seams_per_journey \
            tables; report: Journeys in aggregate (more than 12 journeys).",
    },
    Explanation {
        key: "customer-data",
        aliases: &["customer-data-stores", "stores", "data-silos"],
        title: "Customer data in silos",
        definition: "The systems that hold customer data, per silo, and the separate stores \
            they form: two customer-data systems are one store when one reaches the other \
            along dependency arrows, through any systems.",
        formula: "Stores = connected groups of the relation 'a reaches b or b reaches a' among \
            the customer-data systems; depending on a shared service joins nothing.",
        range: "N silos, M stores (M ≥ 1 when any system holds customer data).",
        reading: "One store shared across silos is a single view of the customer. As many \
            stores as silos means each division keeps its own customer, and the customer \
            repeats themselves at every seam.",
        idea: "'Customer data from each division is still in silos.'",
        appears: "analyze: org.customer_data_silos and customer_data_stores, the customer_data \
            table; report: the Customer data card and sentence.",
    },
    Explanation {
        key: "capabilities",
        aliases: &[
            "duplicated-capabilities",
            "platform",
            "platform-candidates",
            "stacks",
        ],
        title: "Duplicated capabilities and platform candidates",
        definition: "A capability (the capability column of systems.csv) is duplicated when \
            systems of two or more silos provide it with no dependency path between them. A \
            platform candidate is a system that systems of three or more silos depend on.",
        formula: "Duplicated: two systems with the capability, owners in different silos, \
            neither reaching the other along dependency arrows. Platform: distinct silos of the owners of \
            its direct dependents ≥ 3.",
        range: "Lists, ranked by the number of silos.",
        reading: "Duplicated capabilities are vertical stacks built per channel; platform \
            candidates are where one shared service already exists.",
        idea: "'Each channel built as its own vertical system in separate stacks.'",
        appears: "analyze: the duplicated_capabilities and platform_candidates tables (a capability \
            column in systems.csv); report: the platform sentence.",
    },
    Explanation {
        key: "change-agents",
        aliases: &["agents", "coverage"],
        title: "Change agents",
        definition: "K teams that together reach the most of the organisation within one \
            handoff: the people to carry a transformation.",
        formula: "Greedy maximum coverage on the undirected handoff graph (a team covers \
            itself and every team it exchanges work with; each pick adds the most teams not yet \
            covered; at least one in every silo when K ≥ silos; ties by cross-silo volume, then \
            id); within 1 − 1/e of the best cover of that size.",
        range: "Share covered 0 … 1.",
        reading: "A small set covering most teams means the organisation is easy to reach; a \
            large set needed means a fragmented one.",
        idea: "Influence maximisation (Kempe, Kleinberg & Tardos 2003); the 'change agents' of \
            a transformation.",
        appears: "analyze --agents K (also report, export, check): the change_agents table and \
            org.change_agents_share_covered.",
    },
];

/// Explain a figure: what it measures, its formula and range, how to read it, where it appears.
///
/// Without a name, lists every figure seams computes. Names are matched case-insensitively,
/// with `_` and spaces read as `-`, and each figure has aliases (`ei` for `ei-index`).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams explain
  seams explain ei-index
  seams explain congruence

See also: seams help output (every table and column)")]
pub struct ExplainArgs {
    /// The figure to explain (e.g. ei-index, modularity, betweenness, congruence, seams);
    /// without it, the list of figures.
    pub metric: Option<String>,
}

/// Finds a figure by key or alias (case-insensitive, `_` and spaces read as `-`).
pub fn find(name: &str) -> Option<&'static Explanation> {
    let name = normalise(name);
    EXPLANATIONS
        .iter()
        .find(|e| e.key == name || e.aliases.contains(&name.as_str()))
}

fn normalise(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', ' '], "-")
}

/// The closest key or alias to a misspelt name, if any is close.
pub fn closest(name: &str) -> Option<&'static str> {
    let name = normalise(name);
    EXPLANATIONS
        .iter()
        .flat_map(|e| {
            std::iter::once(e.key)
                .chain(e.aliases.iter().copied())
                .map(move |a| (a, e.key))
        })
        .map(|(alias, key)| (strsim::damerau_levenshtein(&name, alias), key))
        .filter(|&(d, _)| d <= 2)
        .min()
        .map(|(_, key)| key)
}

/// The text `seams explain` prints.
pub fn render(args: &ExplainArgs) -> Result<String, String> {
    let Some(name) = &args.metric else {
        let mut s = String::from("Figures seams computes (seams explain NAME for one):\n\n");
        for e in EXPLANATIONS {
            s.push_str(&format!("  {:<22} {}\n", e.key, e.title));
        }
        return Ok(s);
    };
    let Some(e) = find(name) else {
        let hint = closest(name)
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        return Err(format!(
            "no figure is called `{}`{hint}; `seams explain` lists them",
            seams::text::printable(name)
        ));
    };
    let mut s = format!("{}\n\n", e.title);
    for (label, text) in [
        ("What", e.definition),
        ("Formula", e.formula),
        ("Range", e.range),
        ("Reading", e.reading),
        ("Idea", e.idea),
        ("Where", e.appears),
    ] {
        s.push_str(&format!("{label}:\n{}\n\n", wrap(text, 90)));
    }
    Ok(s.trim_end().to_string() + "\n")
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from("  ");
    for word in text.split_whitespace() {
        if line.len() > 2 && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from("  ");
        }
        if line.len() > 2 {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

/// Runs `seams explain`: an unknown name is a usage error (exit 2) with the closest name.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    let text = render(args).map_err(SeamsError::Usage)?;
    print_stdout(&text)?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_is_found_by_key_and_alias() {
        for e in EXPLANATIONS {
            assert_eq!(find(e.key).unwrap().key, e.key);
            for a in e.aliases {
                assert_eq!(find(a).unwrap().key, e.key, "alias {a}");
            }
        }
        assert_eq!(find("E_I Index").unwrap().key, "ei-index");
        assert_eq!(closest("betweeness"), Some("betweenness"));
        assert_eq!(closest("zzzzzz"), None);
    }

    #[test]
    fn keys_and_aliases_are_unique() {
        let mut all: Vec<&str> = EXPLANATIONS
            .iter()
            .flat_map(|e| std::iter::once(e.key).chain(e.aliases.iter().copied()))
            .collect();
        all.sort_unstable();
        let n = all.len();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
