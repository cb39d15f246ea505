//! The seam report of `seams report`: everything `report.html` and `report.md` show, built once
//! from the model and the analysis — headline figures, the charts (laid out and rendered to SVG
//! and PNG), the sentences that say what each chart shows (generated from the data), and the
//! tables.
//!
//! The layers, each reading only the ones above it:
//!
//! * [`model`]: the view-model types ([`SeamReport`], [`Rich`] sentences, [`Chart`],
//!   [`ReportTable`]…) and the [`ReportOptions`] caps. It knows neither the metrics nor the
//!   renderers.
//! * The builder, [`build`] (`build.rs`), from `labels` (display names and colours of units and
//!   silos), `select` (what is shown: the most closed silo, the journeys by seams × volume, the
//!   silos of the matrix), `findings` (the headline cards and the sentences), `journey_chart`
//!   and `charts` (each chart's plain description for `src/plot`) and `tables`.
//! * The renderers, [`html`] and [`markdown`]: they read the model types only and hold no logic
//!   of their own, so the two always say the same thing.
//! * The writer, [`write`] (`write.rs`): renders the charts, the page and the Markdown and writes
//!   every file.
//!
//! Nothing here computes a metric: the silo × silo handoff volume of the silo matrix comes from
//! [`crate::metrics::silo::SiloVolumeMatrix`]; the report only sums the silos it does not show
//! into "other silos".

mod build;
mod charts;
mod findings;
pub mod html;
mod journey_chart;
mod labels;
pub mod markdown;
pub mod model;
mod select;
mod tables;
mod write;

pub use build::build;
pub use labels::slug;
pub use model::{
    svg_file, Card, Chart, Column, ReportOptions, ReportTable, Rich, SeamReport, Span,
};
pub use write::{render_charts, write};
