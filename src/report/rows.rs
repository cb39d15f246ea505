//! The rows of the tables that both `seams analyze` and the seam report show — silos,
//! bottlenecks, congruence gaps, journeys and team pairs — resolved once from the analysis, as
//! typed values in the analysis document's order (docs/output.md). The analysis document
//! ([`super::analysis`]) writes every row and column; the terminal summary ([`super::summary`])
//! and the seam report ([`super::seam_report`]) order, cap and format a view of the same rows.
//!
//! Also the words of a bottleneck's reasons ([`reason_text`]), the one place they are written.

use crate::metrics::bottleneck::BottleneckReason;
use crate::text::share;

/// The phrase of one reason, as in the `reasons` column of `bottlenecks` (docs/output.md):
/// `articulation point: removing it disconnects the handoff graph`,
/// `top-decile betweenness (0.418)`, `betweenness 0.0123`,
/// `receives 23% of all handoff volume`.
pub fn reason_text(reason: &BottleneckReason) -> String {
    match *reason {
        BottleneckReason::ArticulationPoint => {
            "articulation point: removing it disconnects the handoff graph".to_string()
        }
        BottleneckReason::TopDecileBetweenness { betweenness } => {
            format!(
                "top-decile betweenness ({})",
                betweenness_figure(betweenness)
            )
        }
        BottleneckReason::Betweenness { betweenness } => {
            format!("betweenness {}", betweenness_figure(betweenness))
        }
        BottleneckReason::ReceivesShare { share: s } => {
            format!("receives {} of all handoff volume", share(s))
        }
    }
}

/// The phrases of a row's reasons, in order.
pub fn reason_texts(reasons: &[BottleneckReason]) -> Vec<String> {
    reasons.iter().map(reason_text).collect()
}

/// A betweenness value in a reason: 3 decimals (`0.250`), or 3 significant digits in
/// scientific notation below 0.001 (`1.23e-4`). Kept apart from [`crate::text::number`], which
/// trims zeros: the `reasons` column has always been written this way.
fn betweenness_figure(x: f64) -> String {
    if x >= 0.001 {
        format!("{x:.3}")
    } else {
        format!("{x:.2e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_in_words() {
        assert_eq!(
            reason_text(&BottleneckReason::ArticulationPoint),
            "articulation point: removing it disconnects the handoff graph"
        );
        assert_eq!(
            reason_text(&BottleneckReason::TopDecileBetweenness { betweenness: 0.25 }),
            "top-decile betweenness (0.250)"
        );
        assert_eq!(
            reason_text(&BottleneckReason::TopDecileBetweenness {
                betweenness: 0.41849
            }),
            "top-decile betweenness (0.418)"
        );
        assert_eq!(
            reason_text(&BottleneckReason::Betweenness {
                betweenness: 0.000123
            }),
            "betweenness 1.23e-4"
        );
        assert_eq!(
            reason_text(&BottleneckReason::Betweenness {
                betweenness: 28.0 / 110.0
            }),
            "betweenness 0.255"
        );
        let receives = |share| reason_text(&BottleneckReason::ReceivesShare { share });
        assert_eq!(receives(6.0 / 11.0), "receives 55% of all handoff volume");
        assert_eq!(receives(0.0234), "receives 2.3% of all handoff volume");
        assert_eq!(receives(0.000234), "receives 0.02% of all handoff volume");
        assert_eq!(receives(0.0000001), "receives <0.01% of all handoff volume");
    }
}
