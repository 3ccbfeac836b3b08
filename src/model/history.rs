//! `content/roadmaps/<roadmap>/history.csv`: what actually happened, per period and stage.

use std::fmt;
use std::path::PathBuf;

/// A reporting period: a month (`2026-04`) or a quarter (`2026-Q2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// Year and month (1–12).
    Month(i32, u32),
    /// Year and quarter (1–4).
    Quarter(i32, u32),
}

impl Period {
    /// Parses `YYYY-MM` or `YYYY-Qn`.
    pub fn parse(s: &str) -> Option<Period> {
        let (y, rest) = s.trim().split_once('-')?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        if let Some(q) = rest.strip_prefix(['Q', 'q']) {
            let q: u32 = (q.len() == 1).then(|| q.parse().ok()).flatten()?;
            return (1..=4).contains(&q).then_some(Period::Quarter(year, q));
        }
        let m: u32 = (rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()))
            .then(|| rest.parse().ok())
            .flatten()?;
        (1..=12).contains(&m).then_some(Period::Month(year, m))
    }

    /// Whether this is a quarter (not a month).
    pub fn is_quarter(self) -> bool {
        matches!(self, Period::Quarter(..))
    }

    /// Average length in days (30.4 for a month, 91.3 for a quarter).
    pub fn days(self) -> f64 {
        if self.is_quarter() {
            365.25 / 4.0
        } else {
            365.25 / 12.0
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

/// One row of `history.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// The period counted.
    pub period: Period,
    /// Stage id.
    pub stage: String,
    /// Deals that entered the stage in the period.
    pub entered: f64,
    /// Value of the deals won in the period (only on the won stage's rows, usually).
    pub won_value: Option<f64>,
    /// Average days the deals that left the stage in the period had spent in it.
    pub days: Option<f64>,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column of the `stage` field on that line.
    pub stage_col: usize,
}

/// The parsed `history.csv` of a roadmap.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// Path relative to the site root.
    pub file: PathBuf,
    /// Rows in file order.
    pub rows: Vec<HistoryRow>,
    /// Hash of the file's text.
    pub hash: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_months_and_quarters_only() {
        assert_eq!(Period::parse("2026-04"), Some(Period::Month(2026, 4)));
        assert_eq!(Period::parse("2026-Q3"), Some(Period::Quarter(2026, 3)));
        assert_eq!(Period::parse(" 2026-q1 "), Some(Period::Quarter(2026, 1)));
        for bad in [
            "2026-13", "2026-4", "2026-Q5", "26-04", "2026/04", "2026-Q", "", "2026-00",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert!(Period::Month(2026, 12) < Period::Month(2027, 1));
        assert_eq!(Period::Quarter(2027, 1).to_string(), "2027-Q1");
    }
}
