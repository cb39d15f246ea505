//! What the seam report shows of the analysis: the silos of the silo matrix (the busiest, the
//! rest summed as "other silos"), the most closed silo, the most divided journey (the first of
//! the journey ranking). Picking and ordering only; every figure comes from the metrics.

use super::labels::busiest_silos;
use crate::metrics::silo::SiloVolumeMatrix;
use crate::metrics::Analysis;
use crate::model::Org;

/// Most silos for which the sentences look at every pair of silos (whom the most closed silo
/// works with, how many pairs exchange no work); above it they are left out.
const SENTENCE_MAX_SILOS: usize = 400;

/// The silo matrix as drawn: the silos shown (by index in `org.silos.list()`; `None` = "other
/// silos", the rest summed) and volume[from][to] between them, from the silo × silo volume
/// metric.
pub(super) struct SiloMatrix<'a> {
    pub(super) shown: Vec<Option<usize>>,
    pub(super) volume: Vec<Vec<f64>>,
    /// The metric over every silo, for the sentences; only up to [`SENTENCE_MAX_SILOS`] silos.
    pub(super) full: Option<&'a SiloVolumeMatrix>,
}

/// The silos shown in the silo matrix (all of them up to `max`, otherwise the `max − 1` with
/// the most handoff volume, ties by id, in id order, then "other silos") and the volumes
/// between them.
pub(super) fn silo_matrix<'a>(org: &Org, a: &'a Analysis, max: usize) -> SiloMatrix<'a> {
    let k = org.silos.list().len();
    let mut shown: Vec<Option<usize>> = if k <= max {
        (0..k).map(Some).collect()
    } else {
        let mut top: Vec<usize> = busiest_silos(a).into_iter().take(max - 1).collect();
        top.sort_unstable();
        top.into_iter().map(Some).collect()
    };
    if k > max {
        shown.push(None);
    }
    let mut index = vec![shown.len().saturating_sub(1); k];
    for (pos, s) in shown.iter().enumerate() {
        if let Some(i) = s {
            index[*i] = pos;
        }
    }
    let m = shown.len();
    let mut volume = vec![vec![0.0; m]; m];
    let matrix = &a.silo.matrix;
    for c in &matrix.cells {
        let (from, to) = (c.from as usize, c.to as usize);
        if from < k && to < k {
            volume[index[from]][index[to]] += c.volume;
        }
    }
    SiloMatrix {
        shown,
        volume,
        full: (k <= SENTENCE_MAX_SILOS).then_some(matrix),
    }
}

/// Index (in `org.silos.list()` order) of the silo with the lowest E-I (ties by id).
pub(super) fn most_closed_silo(a: &Analysis) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, row) in a.silo.silos.iter().enumerate() {
        if let Some(ei) = row.ei_index {
            if best.map_or(true, |(_, b)| ei < b) {
                best = Some((i, ei));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// The most divided journey: the first of the journey ranking
/// ([`crate::metrics::seams::rank_journeys`]) when it has a seam.
pub(super) fn most_divided(a: &Analysis) -> Option<usize> {
    a.seams
        .ranking
        .first()
        .copied()
        .filter(|&j| a.seams.journeys[j].seams > 0)
}

/// For each journey (by export index), the range of its seams in `a.seams.seams`.
pub(super) fn seam_ranges(a: &Analysis, journeys: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = vec![0..0; journeys];
    let seams = &a.seams.seams;
    let mut i = 0;
    while i < seams.len() {
        let j = seams[i].journey;
        let start = i;
        while i < seams.len() && seams[i].journey == j {
            i += 1;
        }
        if j < journeys {
            ranges[j] = start..i;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::super::fixture::small;
    use super::*;

    #[test]
    fn silo_matrix_sums_the_silos_left_out() {
        let (org, a) = small();
        // All three silos fit: the metric's cells as they are (rows hand over, columns
        // receive): Sales→Sales 8, Sales→Ops 3, Ops→Finance 1.
        let m = silo_matrix(&org, &a, 12);
        assert_eq!(m.shown, [Some(0), Some(1), Some(2)]);
        assert_eq!(
            m.volume,
            [[8.0, 3.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]
        );
        assert!(m.full.is_some());
        // Two places: the busiest silo (Sales, 11) and "other silos" (Ops and Finance summed).
        let m = silo_matrix(&org, &a, 2);
        assert_eq!(m.shown, [Some(0), None]);
        assert_eq!(m.volume, [[8.0, 3.0], [0.0, 1.0]]);
    }

    #[test]
    fn picks() {
        let (org, a) = small();
        assert_eq!(most_closed_silo(&a), Some(0));
        assert_eq!(a.seams.ranking, [0]);
        assert_eq!(most_divided(&a), Some(0));
        // The journey's three seams are the first three of the seams list.
        let ranges = seam_ranges(&a, org.export.journeys.len());
        assert_eq!((ranges.len(), ranges[0].clone()), (1, 0..3));
    }
}
