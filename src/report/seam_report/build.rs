//! Builds the [`SeamReport`] from the model and the analysis.

use super::actions::what_to_change;
use super::aggregate::aggregate;
use super::charted::Charted;
use super::charts::{bottleneck_chart, distance_chart, matrix_chart};
use super::findings::{cards, findings};
use super::journey_chart::journey_chart;
use super::labels::Names;
use super::model::{Chart, ReportHeader, ReportOptions, Rich, SeamReport};
use super::select::{most_closed_silo, seam_ranges, silo_matrix};
use super::story::story;
use super::tables::tables;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::report::rows::Rows;
use crate::report::summary::headlines;
use crate::text::{number, plural};

/// Builds the report, titled after the organisation's root unit.
pub fn build(org: &Org, a: &Analysis, options: &ReportOptions) -> SeamReport {
    build_with(org, a, options, &ReportHeader::default())
}

/// The report's name: `--title`, else the export's title, else the name of the file it was
/// imported from, else the root unit's name, else "an organisation of N root units".
fn report_name(org: &Org, names: &Names, header: &ReportHeader) -> String {
    fn given(t: &Option<String>) -> Option<&str> {
        t.as_deref().map(str::trim).filter(|t| !t.is_empty())
    }
    if let Some(t) = given(&header.title) {
        return t.to_string();
    }
    if let Some(meta) = &header.export {
        if let Some(t) = given(&meta.title) {
            return t.to_string();
        }
        if !meta.source.trim().is_empty() {
            return meta.source.trim().to_string();
        }
    }
    let roots = org.hierarchy.roots();
    if roots.len() == 1 {
        names.unit(roots[0])
    } else {
        format!("an organisation of {} root units", roots.len())
    }
}

/// "Imported from tickets.csv (event log (CSV)) · events from 2010-03-31 to 2012-05-22 ·
/// 7,554 cases, 65,533 events": what `export.toml` says, dates to the day.
fn source_line(header: &ReportHeader) -> Option<String> {
    let meta = header.export.as_ref()?;
    let day = |t: &str| t.get(..10).unwrap_or(t).to_string();
    let mut parts = Vec::new();
    if !meta.source.trim().is_empty() {
        let mut p = format!("Imported from {}", meta.source.trim());
        if !meta.source_format.trim().is_empty() {
            p.push_str(&format!(" ({})", meta.source_format.trim()));
        }
        parts.push(p);
    }
    match (&meta.period_from, &meta.period_until) {
        (Some(f), Some(u)) => parts.push(format!("period {} to {} (exclusive)", day(f), day(u))),
        (Some(f), None) => parts.push(format!("period from {}", day(f))),
        (None, Some(u)) => parts.push(format!("period until {} (exclusive)", day(u))),
        (None, None) => {}
    }
    if let (Some(f), Some(l)) = (&meta.first_event, &meta.last_event) {
        parts.push(format!("events from {} to {}", day(f), day(l)));
    }
    if meta.cases > 0 {
        parts.push(format!(
            "{}, {}",
            plural(meta.cases as usize, "case", "cases"),
            plural(meta.events as usize, "event", "events")
        ));
    }
    if let Some(by) = Some(meta.generated_by.trim()).filter(|b| !b.is_empty()) {
        parts.push(format!("written by {by}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Builds the report with its title and the export's metadata ([`ReportHeader`]).
pub fn build_with(
    org: &Org,
    a: &Analysis,
    options: &ReportOptions,
    header: &ReportHeader,
) -> SeamReport {
    let names = Names::new(org, a);
    let h = headlines(org, a);
    let e = &org.export;
    let g = &org.handoffs;

    let org_name = report_name(org, &names, header);
    let title = format!("Seam report: {org_name}");
    let subtitle = format!(
        "{} in the handoff graph · {} (hierarchy level {}) · {} · {}",
        plural(g.node_count(), "team", "teams"),
        plural(org.silos.list().len(), "silo", "silos"),
        org.silos.level,
        plural(g.edge_count(), "handoff channel", "handoff channels"),
        plural(e.journeys.len(), "customer journey", "customer journeys"),
    );

    let matrix = silo_matrix(org, a, options.max_silos.max(2));
    let closed = most_closed_silo(a);
    let top = a.bottleneck.ranking.first();
    // One order everywhere: the journeys charted one by one are the top of the journey ranking,
    // plus the journeys the text names that no variant chart shows (charted.rs).
    let charted = Charted::new(org, a, options);

    let cards = cards(org, a, &names, &h, closed, &charted);
    let findings = findings(org, a, &names, &h, closed, &matrix, &charted);
    let what_to_change = what_to_change(org, a, &names);

    let mut journeys_text = vec![Rich::new().t(
        "Each chart follows one customer journey step by step, left to right. Lanes are the teams \
         doing the steps, grouped and coloured by silo; customer-facing teams sit above the dashed \
         line of visibility, backstage teams below it. Every change of team is a seam, marked with \
         the wait before the next step; seams between silos are vermillion, and a dashed crossing \
         means no handoff channel is on record for it.",
    )];
    let top_n = charted.journeys.len() - charted.named;
    if e.journeys.len() > 1 {
        let mut r = Rich::new().t(if e.journeys.len() > charted.journeys.len() {
            "Charted: the "
        } else {
            "In order: the "
        });
        if e.journeys.len() > charted.journeys.len() {
            r = r.b(number(top_n as f64)).t(format!(
                " most divided of the {} journeys in the export",
                number(e.journeys.len() as f64)
            ));
        } else {
            r = r.t("most divided first");
        }
        r = r.t(
            " (the journey ranking: most seams between silos, then most seams, then most volume; \
             the order of the headline, the tables and the rank column of seams analyze)",
        );
        if charted.named > 0 {
            r = r
                .t(", and ")
                .b(number(charted.named as f64))
                .t(if charted.named == 1 {
                    " more journey the text below names, which no variant chart shows"
                } else {
                    " more journeys the text below names, which no variant chart shows"
                });
        }
        journeys_text.push(r.t("."));
    }
    let seam_ranges = seam_ranges(a, e.journeys.len());
    let journeys: Vec<Chart> = charted
        .journeys
        .iter()
        .enumerate()
        .map(|(k, &j)| {
            let mut c = journey_chart(org, a, &names, j, k, &seam_ranges[j], options);
            debug_assert_eq!(c.file, charted.anchor(k));
            if k >= top_n || e.journeys.len() > charted.journeys.len() {
                c.text.insert(
                    0,
                    Rich::new().t(format!(
                        "Ranked {} of {} in the journey ranking{}.",
                        number(charted.ranks[k] as f64),
                        number(e.journeys.len() as f64),
                        if charted.ranks[k] > top_n {
                            "; charted because the text names it"
                        } else {
                            ""
                        }
                    )),
                );
            }
            c
        })
        .collect();

    let mut charts = Vec::new();
    if !org.silos.list().is_empty() {
        charts.push(matrix_chart(org, a, &names, &matrix, closed));
    }
    if top.is_some() {
        charts.push(bottleneck_chart(a, &names, options));
    }
    if g.node_count() > 0 {
        charts.push(distance_chart(org, a, &names, &h));
    }

    let story = story(org, a, &names, &header.warnings, &charted);
    // Journeys in aggregate (aggregate/), when there are more than are charted one by one.
    let aggregate = aggregate(org, a, &names, &charted, options);

    let tables = tables(&Rows::new(org, a), &names, &charted, options);
    let mut method = vec![
        format!(
            "Silos are the units at depth {} of the reporting hierarchy ({}); a unit above that level that hands work over is its own silo.",
            org.silos.level,
            if org.silos.automatic {
                "chosen automatically: the shallowest level with at least two units"
            } else {
                "set with --silo-level"
            }
        ),
        "The handoff graph links teams that hand work to each other (handoffs.csv, or derived from consecutive journey steps); volumes are per period as exported, waits in hours.".to_string(),
        format!(
            "E-I index (Krackhardt & Stern) = (external − internal) / (external + internal) handoff volume: −1 means every handoff stays inside the silo. Betweenness is {}, with edge length = {}, normalised as networkx does.",
            h.betweenness_mode, h.weight
        ),
        "Customer distance counts handoffs from the customer in the undirected handoff graph; customer-facing teams and teams with a customer handoff are at 1. Congruence (after Cataldo et al.) is the share of required coordination — team pairs owning systems that depend on each other — that has any handoff.".to_string(),
        format!(
            "Tables show at most {} rows; `seams analyze DIR --out DIR` writes every table in full as CSV. The same export always gives a byte-identical report.",
            options.max_rows
        ),
    ];
    if e.journeys.is_empty() {
        method.push(
            "The export has no journeys.csv rows, so there are no journey charts.".to_string(),
        );
    }
    SeamReport {
        title,
        org_name,
        subtitle,
        source_line: source_line(header),
        cards,
        findings,
        what_to_change,
        journeys_text,
        journeys,
        charts,
        story,
        aggregate,
        tables,
        method,
        generator: format!("seams {}", env!("CARGO_PKG_VERSION")),
    }
}
