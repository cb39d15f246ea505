//! Writes the seam report: the charts rendered to SVG and PNG, `report.html` and `report.md`,
//! each file atomically. The top layer of the report: it builds ([`super::build`]), renders
//! ([`super::html`], [`super::markdown`], `src/plot`) and writes.

use std::path::Path;

use super::model::{svg_file, Chart, ReportHeader, ReportOptions, SeamReport};
use crate::error::SeamsError;
use crate::metrics::Analysis;
use crate::model::Org;

/// Builds the report of an analysed organisation and writes it into `dir` (which must exist):
/// `report.html`, `report.md` and `charts/*.svg|png`. Returns the report (what was written).
///
/// # Errors
/// [`SeamsError::Io`] when a file cannot be written.
pub fn build_and_write(
    org: &Org,
    a: &Analysis,
    options: &ReportOptions,
    dir: &Path,
) -> Result<SeamReport, SeamsError> {
    build_and_write_with(org, a, options, &ReportHeader::default(), dir)
}

/// [`build_and_write`] with a title and the export's metadata ([`ReportHeader`]).
///
/// # Errors
/// [`SeamsError::Io`] when a file cannot be written.
pub fn build_and_write_with(
    org: &Org,
    a: &Analysis,
    options: &ReportOptions,
    header: &ReportHeader,
    dir: &Path,
) -> Result<SeamReport, SeamsError> {
    let report = super::build_with(org, a, options, header);
    write(&report, dir, options)?;
    Ok(report)
}

/// The rendered charts of a report: (file name under `charts/`, bytes), SVG then PNG per
/// chart, in report order. Rendering runs on the rayon pool; the order is fixed.
pub fn render_charts(report: &SeamReport, png_scale: f64) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    let all: Vec<&Chart> = report
        .journeys
        .iter()
        .chain(report.aggregate.iter().flat_map(|g| g.all_charts()))
        .chain(report.charts.iter())
        .chain(report.story.iter().filter_map(|s| s.chart.as_ref()))
        .collect();
    all.par_iter()
        .map(|c| {
            vec![
                (format!("{}.svg", c.file), svg_file(&c.scene).into_bytes()),
                (format!("{}.png", c.file), c.scene.to_png(png_scale)),
            ]
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// Writes `report.html`, `report.md` and `charts/*.svg|png` into `dir` (which must exist),
/// each file atomically.
pub fn write(report: &SeamReport, dir: &Path, options: &ReportOptions) -> Result<(), SeamsError> {
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(|e| SeamsError::Io {
        path: charts_dir.clone(),
        source: e,
    })?;
    for (name, bytes) in render_charts(report, options.png_scale) {
        crate::output::write_atomic(&charts_dir.join(name), |w| w.write_all(&bytes))?;
    }
    let html = super::html::render(report).map_err(|e| SeamsError::Io {
        path: dir.join("report.html"),
        source: std::io::Error::other(format!("report template: {e:#}")),
    })?;
    crate::output::write_atomic(&dir.join("report.html"), |w| w.write_all(html.as_bytes()))?;
    let md = super::markdown::render(report);
    crate::output::write_atomic(&dir.join("report.md"), |w| w.write_all(md.as_bytes()))?;
    Ok(())
}
