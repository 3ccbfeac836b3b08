//! Whether a goal is on pace for its deadline.

use crate::model::{Date, Goal};

/// Where a goal stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaceStatus {
    /// The target is reached.
    Achieved,
    /// At or above the straight line from start to target.
    OnTrack,
    /// Below the line, but by less than a tenth of where it should be.
    AtRisk,
    /// More than a tenth below the line.
    Behind,
    /// The deadline has passed without reaching the target.
    Missed,
    /// The goal has not started yet.
    NotStarted,
    /// No progress reported, or no start date to measure the pace from.
    Unknown,
}

/// A goal's progress and pace.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// `current / target`, 0 when unknown (may exceed 1).
    pub progress: f64,
    /// Share of the time from start to deadline that has passed (0–1), when `start` is known.
    pub elapsed: Option<f64>,
    /// Where the goal should be today on a straight line from start to target.
    pub expected: Option<f64>,
    /// Where the goal lands at the deadline if it keeps its pace so far.
    pub projected: Option<f64>,
    /// Days from `today` to the deadline (negative once past).
    pub days_left: i64,
    /// The verdict.
    pub status: PaceStatus,
}

/// The pace of `goal` as of `today`.
pub fn pace(goal: &Goal, today: Date) -> Pace {
    let target = goal.target;
    let progress = match goal.current {
        Some(c) if target > 0.0 => c / target,
        _ => 0.0,
    };
    let days_left = goal.deadline.days_since_epoch() - today.days_since_epoch();
    let elapsed = goal.start.and_then(|start| {
        let total = goal.deadline.days_since_epoch() - start.days_since_epoch();
        (total > 0).then(|| {
            ((today.days_since_epoch() - start.days_since_epoch()) as f64 / total as f64)
                .clamp(0.0, 1.0)
        })
    });
    let expected = elapsed.map(|e| target * e);
    let projected = match (goal.current, elapsed) {
        (Some(c), Some(e)) if e > 0.0 => Some(c / e),
        _ => None,
    };
    let status = match goal.current {
        None => PaceStatus::Unknown,
        Some(c) if c >= target => PaceStatus::Achieved,
        Some(_) if days_left < 0 => PaceStatus::Missed,
        Some(_) if goal.start.is_some_and(|s| today < s) => PaceStatus::NotStarted,
        Some(c) => match expected {
            None => PaceStatus::Unknown,
            Some(x) if c >= x => PaceStatus::OnTrack,
            Some(x) if c >= 0.9 * x => PaceStatus::AtRisk,
            Some(_) => PaceStatus::Behind,
        },
    };
    Pace {
        progress,
        elapsed,
        expected,
        projected,
        days_left,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metric;
    use crate::plan::funnel::tests::goal;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn g(current: Option<f64>, start: Option<&str>) -> Goal {
        let mut g = goal(Metric::Customers, 100.0, "2027-03-31");
        g.current = current;
        g.start = start.map(d);
        g
    }

    #[test]
    fn pace_compares_progress_with_the_straight_line_from_start_to_deadline() {
        // 2026-04-01 → 2027-03-31 is 364 days; 2026-11-27 is day 240: 65.9 % of the way.
        let p = pace(&g(Some(37.0), Some("2026-04-01")), d("2026-11-27"));
        assert!((p.elapsed.unwrap() - 240.0 / 364.0).abs() < 1e-12);
        assert!((p.expected.unwrap() - 65.934).abs() < 1e-3);
        assert!((p.projected.unwrap() - 56.117).abs() < 1e-3);
        assert_eq!((p.status, p.days_left), (PaceStatus::Behind, 124));
        assert_eq!(
            pace(&g(Some(60.0), Some("2026-04-01")), d("2026-11-27")).status,
            PaceStatus::AtRisk
        );
        assert_eq!(
            pace(&g(Some(66.0), Some("2026-04-01")), d("2026-11-27")).status,
            PaceStatus::OnTrack
        );
    }

    #[test]
    fn edges_of_the_pace() {
        let day = d("2026-11-27");
        assert_eq!(
            pace(&g(None, Some("2026-04-01")), day).status,
            PaceStatus::Unknown
        );
        assert_eq!(
            pace(&g(Some(10.0), None), day).status,
            PaceStatus::Unknown,
            "no start"
        );
        assert_eq!(
            pace(&g(Some(100.0), None), day).status,
            PaceStatus::Achieved
        );
        assert_eq!(
            pace(&g(Some(99.0), None), d("2027-04-01")).status,
            PaceStatus::Missed
        );
        assert_eq!(
            pace(&g(Some(0.0), Some("2026-12-01")), day).status,
            PaceStatus::NotStarted
        );
        let p = pace(&g(Some(0.0), Some("2027-03-31")), day);
        assert_eq!(
            (p.elapsed, p.projected),
            (None, None),
            "start on the deadline"
        );
        let mut zero = g(Some(5.0), None);
        zero.target = 0.0;
        assert_eq!(pace(&zero, day).progress, 0.0);
    }
}
