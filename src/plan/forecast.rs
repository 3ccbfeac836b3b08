//! Where a goal lands at its deadline, from the pipeline now and the rates seen so far.

use super::{Actuals, deals_needed, won_stage};
use crate::model::{Goal, Metric, RoadmapSpec};

/// Where a stage's conversion rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateSource {
    /// Measured in `history.csv`.
    Actual,
    /// Taken from the plan, because the history does not measure it.
    Planned,
}

/// A forecast for one goal, with the numbers its assumptions rest on.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The goal's id.
    pub goal: String,
    /// Deals won by the deadline, in all.
    pub won: f64,
    /// Already won (the goal's `current`, in deals).
    pub won_so_far: f64,
    /// Expected from deals open now.
    pub from_pipeline: f64,
    /// Expected from deals that have not entered the first stage yet.
    pub from_new: f64,
    /// The forecast in the goal's own unit (deals for customers, money for revenue).
    pub value: f64,
    /// `value / target`.
    pub share_of_target: f64,
    /// The rate used for each stage up to the close, and where it came from.
    pub rates: Vec<(String, f64, RateSource)>,
    /// Days from the pipeline snapshot to the deadline.
    pub days_left: i64,
    /// Days a new deal takes from the first stage to the close.
    pub cycle_days: f64,
    /// New deals expected to enter the first stage per day.
    pub new_per_day: f64,
    /// Stages whose open deals cannot close in time (ids).
    pub too_late: Vec<String>,
    /// Money per won deal, for revenue goals.
    pub deal_size: Option<f64>,
}

/// Forecasts `goal` from the roadmap's pipeline and actuals. `None` when the roadmap has
/// no pipeline, no conversion rates, or the goal is not a count of deals.
pub fn forecast(spec: &RoadmapSpec, goal: &Goal, actuals: Option<&Actuals>) -> Option<Forecast> {
    let pipeline = spec.pipeline.as_ref()?;
    let won = won_stage(&spec.stages)?;
    deals_needed(goal, spec.average_deal_size)?;
    let deal_size = match goal.metric {
        Metric::Revenue => spec.average_deal_size,
        _ => None,
    };
    let stages = &spec.stages[..=won];
    let rates: Vec<(String, f64, RateSource)> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let actual = actuals
                .and_then(|a| a.stages.get(i))
                .and_then(|a| a.actual_rate);
            match (actual, s.conversion_rate) {
                (Some(r), _) => (s.id.clone(), r, RateSource::Actual),
                (None, Some(r)) => (s.id.clone(), r, RateSource::Planned),
                (None, None) => (s.id.clone(), 0.0, RateSource::Planned),
            }
        })
        .collect();
    let days: Vec<f64> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            actuals
                .and_then(|a| a.stages.get(i))
                .and_then(|a| a.actual_days)
                .or(s.duration_days.map(f64::from))
                .unwrap_or(0.0)
        })
        .collect();
    let days_left = goal.deadline.days_since_epoch() - pipeline.as_of.days_since_epoch();
    // From stage i to the close: the product of the rates, and the days still needed
    // (half of stage i, on average, and all of the later ones).
    let to_close = |i: usize| -> (f64, f64) {
        let p = rates[i..].iter().map(|(_, r, _)| r).product();
        let d = days[i] / 2.0 + days[i + 1..].iter().sum::<f64>();
        (p, d)
    };
    let mut from_pipeline = 0.0;
    let mut too_late = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        let Some(open) = pipeline.stages.get(&s.id) else {
            continue;
        };
        let (p, d) = to_close(i);
        if d <= days_left as f64 {
            from_pipeline += open * p;
        } else if *open > 0.0 {
            too_late.push(s.id.clone());
        }
    }
    let cycle_days: f64 = days.iter().sum();
    let period_days = actuals
        .and_then(|a| a.periods.first())
        .map_or(365.25 / 12.0, |p| p.days());
    let new_per_day = actuals
        .and_then(|a| a.first_stage_per_period)
        .map_or(0.0, |n| n / period_days);
    let window = (days_left as f64 - cycle_days).max(0.0);
    let from_new = new_per_day * window * to_close(0).0;
    let per_deal = deal_size.unwrap_or(1.0);
    let won_so_far = goal.current.unwrap_or(0.0).max(0.0) / per_deal;
    let total = won_so_far + from_pipeline + from_new;
    let value = total * per_deal;
    Some(Forecast {
        goal: goal.id.clone(),
        won: total,
        won_so_far,
        from_pipeline,
        from_new,
        value,
        share_of_target: if goal.target > 0.0 {
            value / goal.target
        } else {
            0.0
        },
        rates,
        days_left,
        cycle_days,
        new_per_day,
        too_late,
        deal_size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Pipeline};
    use crate::plan::actuals::{actuals, tests::history};
    use crate::plan::funnel::tests::{goal, spec, stage};

    fn roadmap() -> RoadmapSpec {
        let mut s = spec(vec![
            stage("a", Some(0.5), Some(20)),
            stage("b", Some(0.5), Some(40)),
            stage("post", None, None),
        ]);
        s.pipeline = Some(Pipeline {
            as_of: Date::parse("2027-01-01").unwrap(),
            stages: [("a".to_string(), 100.0), ("b".to_string(), 10.0)].into(),
        });
        s
    }

    #[test]
    fn pipeline_and_new_deals_forecast_with_planned_rates() {
        let s = roadmap();
        let mut g = goal(Metric::Customers, 100.0, "2027-03-31");
        g.current = Some(60.0);
        let f = forecast(&s, &g, None).unwrap();
        // 89 days left. From a: 10 + 40 = 50 days ≤ 89, so 100 · 0.25 = 25; from b: 20 days,
        // 10 · 0.5 = 5. No history, so no new deals.
        assert_eq!(f.days_left, 89);
        assert_eq!(
            (f.won_so_far, f.from_pipeline, f.from_new),
            (60.0, 30.0, 0.0)
        );
        assert_eq!((f.value, f.share_of_target), (90.0, 0.9));
        assert!(
            f.rates
                .iter()
                .all(|(_, _, src)| *src == RateSource::Planned)
        );
        assert_eq!(f.cycle_days, 60.0);
    }

    #[test]
    fn actual_rates_and_entry_pace_replace_the_plan_where_measured() {
        let s = roadmap();
        let mut g = goal(Metric::Customers, 100.0, "2027-03-31");
        g.current = Some(60.0);
        let h = history(&[
            ("2026-10", "a", 60.0, None),
            ("2026-10", "b", 24.0, None),
            ("2026-11", "a", 60.0, None),
        ]);
        let a = actuals(&s, &h, 0.1);
        let f = forecast(&s, &g, Some(&a)).unwrap();
        // a → b measured at 0.4 (October only); b → post not measured: plan 0.5.
        assert_eq!(f.rates[0], ("a".into(), 0.4, RateSource::Actual));
        assert_eq!(f.rates[1], ("b".into(), 0.5, RateSource::Planned));
        // Pipeline: 100 · 0.2 + 10 · 0.5 = 25. New: 60 a month = 60 / 30.4375 a day, for
        // 89 − 60 = 29 days, · 0.2.
        assert!((f.from_pipeline - 25.0).abs() < 1e-9);
        let new = 60.0 / (365.25 / 12.0) * 29.0 * 0.2;
        assert!((f.from_new - new).abs() < 1e-9, "{}", f.from_new);
    }

    #[test]
    fn deals_that_cannot_close_in_time_are_left_out_and_named() {
        let s = roadmap();
        let g = goal(Metric::Customers, 100.0, "2027-01-31");
        let f = forecast(&s, &g, None).unwrap();
        // 30 days left: a needs 50, b needs 20.
        assert_eq!(f.too_late, ["a"]);
        assert_eq!(f.from_pipeline, 5.0);
    }

    #[test]
    fn revenue_forecasts_in_money_and_no_pipeline_means_no_forecast() {
        let mut s = roadmap();
        s.average_deal_size = Some(50.0);
        let mut g = goal(Metric::Revenue, 6000.0, "2027-03-31");
        g.current = Some(3000.0);
        let f = forecast(&s, &g, None).unwrap();
        assert_eq!((f.won_so_far, f.from_pipeline), (60.0, 30.0));
        assert_eq!((f.value, f.share_of_target), (4500.0, 0.75));
        s.pipeline = None;
        assert_eq!(forecast(&s, &g, None), None);
    }
}
