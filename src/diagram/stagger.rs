//! Staggering labels into rows so that none overlaps another, and no leader line from a
//! marker on the axis to its label runs through another label when that can be avoided.

/// Space kept between two labels in a row, in px.
const PAD: f64 = 10.0;

/// A label placed in a row: its horizontal extent and its marker's x.
pub(crate) struct Placed {
    /// Row, 0 nearest the axis.
    pub row: usize,
    /// Left edge of the label.
    pub left: f64,
    /// Right edge of the label.
    pub right: f64,
    /// The marker's x, where the leader line runs.
    pub x: f64,
}

/// The row for a label spanning `left..right` with its marker at `x`: the nearest row to
/// the axis where it overlaps no label and no leader line crosses a label; failing that,
/// the nearest row where it overlaps no label.
pub(crate) fn pick_row(placed: &[Placed], left: f64, right: f64, x: f64) -> usize {
    let overlaps = |p: &Placed| left < p.right + PAD && p.left < right + PAD;
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    let free = |r: usize| !placed.iter().any(|p| p.row == r && overlaps(p));
    let clean = |r: usize| {
        placed.iter().all(|p| {
            let covers = |l: f64, rt: f64, at: f64| at > l - 4.0 && at < rt + 4.0;
            let crosses = (p.row > r && covers(left, right, p.x))
                || (p.row < r && covers(p.left, p.right, x));
            !crosses
        })
    };
    (0..=rows)
        .find(|&r| free(r) && clean(r))
        .or_else(|| (0..=rows).find(|&r| free(r)))
        .unwrap_or(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_picked_nearest_the_axis_without_overlap() {
        let p = |row, left, right, x| Placed {
            row,
            left,
            right,
            x,
        };
        assert_eq!(pick_row(&[], 0.0, 100.0, 0.0), 0);
        let placed = [p(0, 0.0, 100.0, 2.0)];
        assert_eq!(pick_row(&placed, 50.0, 150.0, 52.0), 1);
        assert_eq!(pick_row(&placed, 200.0, 300.0, 202.0), 0);
        // A label further out whose leader would cross row 0's label goes below it, when
        // row 0 is free there… here it is not, so it still goes to row 1.
        let placed = [p(0, 0.0, 100.0, 2.0), p(1, 120.0, 200.0, 122.0)];
        assert_eq!(pick_row(&placed, 105.0, 118.0, 107.0), 2);
    }
}
