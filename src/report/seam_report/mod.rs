//! The seam report of `seams report`: everything `report.html` and `report.md` show, built once
//! from the model and the analysis — headline figures, the charts (laid out and rendered to SVG
//! and PNG), the sentences that say what each chart shows (generated from the data), and the
//! tables.
//!
//! The layers, each reading only the layers listed before it:
//!
//! * [`model`]: the view-model types ([`SeamReport`], [`Rich`] sentences, [`Chart`],
//!   [`ReportTable`]…) and the [`ReportOptions`] caps. It knows neither the metrics nor the
//!   renderers.
//! * The builder, [`build`] (`build.rs`), from `labels` (display names and colours of units and
//!   silos), `select` (what is shown: the most closed silo, the most divided journey, the
//!   silos of the matrix), `findings` (the headline cards and the sentences), `actions` (the
//!   "What to change" section: suggested moves and channels, duplicated capabilities,
//!   customer-data islands, change agents; gated on the graph's size), `journey_chart`
//!   and `charts` (each chart's plain description for `src/plot`) and `tables`; `aggregate`
//!   the "Journeys in aggregate" section (seam maps, variants, distributions) of large exports.
//! * The renderers, [`html`] and [`markdown`]: they read the model types only and hold no logic
//!   of their own, so the two always say the same thing.
//! * The writer (`write.rs`): [`build_and_write`] builds the report, renders the charts, the
//!   page and the Markdown, and writes every file ([`write`] for a report already built).
//!
//! Nothing here computes a metric: the silo × silo handoff volume of the silo matrix comes from
//! [`crate::metrics::silo::SiloVolumeMatrix`]; the report only sums the silos it does not show
//! into "other silos".

mod actions;
mod aggregate;
mod build;
mod charted;
mod charts;
mod findings;
pub mod html;
mod journey_chart;
pub(crate) mod labels;
pub mod markdown;
pub mod model;
mod select;
mod story;
mod tables;
mod write;

pub use actions::ACTION_MAX_NODES;
pub use build::{build, build_with};
pub use labels::slug;
pub use model::{
    svg_file, Aggregate, Card, Cell, Chart, Column, ReportHeader, ReportOptions, ReportTable, Rich,
    SeamReport, Span, WhatToChange,
};
pub use write::{build_and_write, build_and_write_with, render_charts, write};

/// The journey seam chart of one journey (its id), drawn as the seam report draws it (default
/// [`ReportOptions`]); None when the export has no such journey. `seams check --report` uses
/// it for the before and after of a journey whose seams changed.
pub fn journey_chart_of(
    org: &crate::model::Org,
    a: &crate::metrics::Analysis,
    journey: &str,
) -> Option<Chart> {
    let e = &org.export;
    let index = e.journeys.iter().position(|j| j.id == journey)?;
    let j = a.seams.journeys.iter().position(|s| s.journey == index)?;
    let names = labels::Names::new(org, a);
    let ranges = select::seam_ranges(a, e.journeys.len());
    Some(journey_chart::journey_chart(
        org,
        a,
        &names,
        j,
        0,
        &ranges[index],
        &ReportOptions::default(),
    ))
}

/// A small organisation for the builders' unit tests, with its figures worked out by hand.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::metrics::Analysis;
    use crate::model::Org;

    /// Company `co` with silos Sales (`s1`: Shop `a`, customer-facing, and Orders `b`), Ops
    /// (`s2`: Warehouse `c`) and Finance (`s3`: Billing `d`); handoffs customer→a 10, a→b 6,
    /// b→a 2, b→c 3, c→d 1; one journey `order` of 5 per period through a, b, c, d (waits 2,
    /// 5, 1 h before steps 2–4).
    ///
    /// By hand: E-I Sales (3 − 8)/11 = −0.455, Ops and Finance +1; betweenness (directed,
    /// normalised by (n − 1)(n − 2) = 6) Orders 2/6 (a→c, a→d) and Warehouse 2/6 (a→d, b→d),
    /// Orders first on volume (11 against 4); articulation points Orders and Warehouse;
    /// customer distance Shop 1, Orders 2, Warehouse 3, Billing 4; the journey has 3 seams,
    /// 2 between silos.
    pub(crate) fn small() -> (Org, Analysis) {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "teams.csv",
            "id,name,parent,customer_facing\nco,Company,,\ns1,Sales,co,\ns2,Ops,co,\n\
             s3,Finance,co,\na,Shop,s1,true\nb,Orders,s1,false\nc,Warehouse,s2,false\n\
             d,Billing,s3,false\n",
        );
        write(
            "handoffs.csv",
            "from,to,volume\ncustomer,a,10\na,b,6\nb,a,2\nb,c,3\nc,d,1\n",
        );
        write(
            "journeys.csv",
            "journey,step,team,wait_hours,volume\norder,1,a,,5\norder,2,b,2,5\n\
             order,3,c,5,5\norder,4,d,1,5\n",
        );
        let (org, _) = crate::load(dir.path(), &Default::default())
            .unwrap_or_else(|e| panic!("fixture does not load: {e:?}"));
        let a = crate::metrics::analyze(&org, &Default::default()).unwrap();
        (org, a)
    }
}
