//! Planned against actual: conversion rates and cycle times from `history.csv`.

use crate::model::{History, Period, RoadmapSpec};
use std::collections::{BTreeMap, BTreeSet};

/// One stage, planned against actual.
#[derive(Debug, Clone, PartialEq)]
pub struct StageActual {
    /// Stage id.
    pub stage: String,
    /// Deals that entered the stage, over every period in the history.
    pub entered: f64,
    /// Planned conversion rate.
    pub planned_rate: Option<f64>,
    /// Deals entering the next stage divided by deals entering this one, over the periods
    /// that count both; `None` for the last stage, or without such periods.
    pub actual_rate: Option<f64>,
    /// The periods the actual rate is measured over.
    pub rate_periods: usize,
    /// How far the actual rate falls below plan, as a share of plan (0.25 = a quarter short;
    /// negative when above plan).
    pub shortfall: Option<f64>,
    /// Whether the shortfall is beyond the site's threshold.
    pub flagged: bool,
    /// Planned days in the stage.
    pub planned_days: Option<u32>,
    /// Average days in the stage, weighted by deals entered, from the `days` column.
    pub actual_days: Option<f64>,
}

/// What the history says about a roadmap.
#[derive(Debug, Clone, PartialEq)]
pub struct Actuals {
    /// Every period with at least one row, in order.
    pub periods: Vec<Period>,
    /// One entry per stage of the roadmap, in order.
    pub stages: Vec<StageActual>,
    /// Average deals entering the first stage per period.
    pub first_stage_per_period: Option<f64>,
    /// Sum of the `won_value` column.
    pub won_value: f64,
}

/// Planned against actual for `spec`, from its `history`. Rows naming unknown stages are
/// ignored (validation reports them).
pub fn actuals(spec: &RoadmapSpec, history: &History, threshold: f64) -> Actuals {
    let mut by_stage: BTreeMap<&str, BTreeMap<Period, (f64, Option<f64>)>> = BTreeMap::new();
    let mut periods = BTreeSet::new();
    let mut won_value = 0.0;
    for row in &history.rows {
        by_stage
            .entry(row.stage.as_str())
            .or_default()
            .insert(row.period, (row.entered, row.days));
        periods.insert(row.period);
        won_value += row.won_value.unwrap_or(0.0);
    }
    let empty = BTreeMap::new();
    let rows_of = |id: &str| by_stage.get(id).unwrap_or(&empty);
    let stages = spec
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let here = rows_of(&stage.id);
            let entered = here.values().map(|(n, _)| n).sum();
            let (mut from, mut to, mut n) = (0.0, 0.0, 0);
            if let Some(next) = spec.stages.get(i + 1) {
                let next = rows_of(&next.id);
                for (p, (a, _)) in here {
                    if let Some((b, _)) = next.get(p) {
                        from += a;
                        to += b;
                        n += 1;
                    }
                }
            }
            let actual_rate = (from > 0.0).then(|| to / from);
            let shortfall = match (stage.conversion_rate, actual_rate) {
                (Some(plan), Some(actual)) if plan > 0.0 => Some((plan - actual) / plan),
                _ => None,
            };
            let (days_sum, days_weight) = here
                .values()
                .filter_map(|(n, d)| d.map(|d| (d * n, *n)))
                .fold((0.0, 0.0), |(s, w), (x, n)| (s + x, w + n));
            StageActual {
                stage: stage.id.clone(),
                entered,
                planned_rate: stage.conversion_rate,
                actual_rate,
                rate_periods: n,
                shortfall,
                flagged: shortfall.is_some_and(|s| s > threshold + 1e-12),
                planned_days: stage.duration_days,
                actual_days: (days_weight > 0.0).then(|| days_sum / days_weight),
            }
        })
        .collect();
    let first_stage_per_period = spec.stages.first().and_then(|s| {
        let rows = rows_of(&s.id);
        (!rows.is_empty()).then(|| rows.values().map(|(n, _)| n).sum::<f64>() / rows.len() as f64)
    });
    Actuals {
        periods: periods.into_iter().collect(),
        stages,
        first_stage_per_period,
        won_value,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::HistoryRow;
    use crate::plan::funnel::tests::{spec, stage};

    pub(crate) fn history(rows: &[(&str, &str, f64, Option<f64>)]) -> History {
        History {
            file: "h.csv".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (p, s, n, d))| HistoryRow {
                    period: Period::parse(p).unwrap(),
                    stage: s.to_string(),
                    entered: *n,
                    won_value: None,
                    days: *d,
                    line: i + 2,
                    stage_col: 9,
                })
                .collect(),
            hash: 0,
        }
    }

    #[test]
    fn actual_rates_divide_the_next_stage_by_this_one_over_shared_periods() {
        let s = spec(vec![
            stage("a", Some(0.5), Some(10)),
            stage("b", Some(0.5), Some(20)),
            stage("c", None, None),
        ]);
        let h = history(&[
            ("2026-04", "a", 100.0, Some(8.0)),
            ("2026-04", "b", 40.0, None),
            ("2026-05", "a", 100.0, Some(12.0)),
            ("2026-05", "b", 50.0, Some(30.0)),
            ("2026-05", "c", 20.0, None),
            // A gap: June counts `a` only, so June is left out of a → b.
            ("2026-06", "a", 300.0, None),
        ]);
        let a = actuals(&s, &h, 0.1);
        assert_eq!(a.periods.len(), 3);
        let st = &a.stages;
        assert_eq!(st[0].entered, 500.0);
        assert_eq!((st[0].actual_rate, st[0].rate_periods), (Some(0.45), 2));
        assert!((st[0].shortfall.unwrap() - 0.1).abs() < 1e-12);
        assert!(!st[0].flagged, "exactly at the threshold is not flagged");
        // b → c over May only: 20 / 50.
        assert_eq!((st[1].actual_rate, st[1].rate_periods), (Some(0.4), 1));
        assert!(st[1].flagged, "20 % short of plan");
        assert_eq!(st[2].actual_rate, None, "the last stage has no next stage");
        // Days weighted by deals: (8·100 + 12·100) / 200.
        assert_eq!(st[0].actual_days, Some(10.0));
        assert_eq!(st[1].actual_days, Some(30.0));
        assert_eq!(a.first_stage_per_period, Some(500.0 / 3.0));
    }

    #[test]
    fn an_empty_history_and_a_stage_with_no_rows() {
        let s = spec(vec![stage("a", Some(0.5), None), stage("b", None, None)]);
        let a = actuals(&s, &history(&[]), 0.1);
        assert!(a.periods.is_empty());
        assert_eq!(a.stages[0].actual_rate, None);
        assert_eq!(a.first_stage_per_period, None);
        let a = actuals(
            &s,
            &history(&[("2026-Q1", "a", 0.0, None), ("2026-Q1", "b", 3.0, None)]),
            0.1,
        );
        assert_eq!(
            a.stages[0].actual_rate, None,
            "nothing entered: no rate, not infinity"
        );
    }
}
