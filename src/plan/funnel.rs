//! The reverse funnel: from a goal back to how many deals must enter each stage, and by when.

use super::ceil_count;
use crate::model::{Date, Goal, Metric, RoadmapSpec, Stage};

/// What a stage needs for a goal.
#[derive(Debug, Clone, PartialEq)]
pub enum Need {
    /// This many deals must enter the stage.
    Deals(f64),
    /// A stage between here and the close has no `conversion_rate` (its id).
    MissingRate(String),
    /// A stage between here and the close converts nothing (its id): no number is enough.
    Unreachable(String),
    /// The stage comes after the sale (after-sales service): it does not feed the goal.
    PostSale,
}

/// One stage of a reverse funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStep {
    /// Stage id.
    pub stage: String,
    /// Planned share of deals that go on to the next stage.
    pub rate: Option<f64>,
    /// How many deals must enter.
    pub need: Need,
    /// The last day deals can enter and still close by the deadline, when every stage
    /// from here to the close has a `duration_days`.
    pub enter_by: Option<Date>,
}

/// The reverse funnel of one goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// The goal's id.
    pub goal: String,
    /// Deals that must be won to reach the goal.
    pub won_needed: f64,
    /// Index of the stage whose conversions are won deals.
    pub won_stage: usize,
    /// One step per stage, in order.
    pub steps: Vec<FunnelStep>,
}

/// The stage whose conversions are won deals: the last one with a `conversion_rate`.
pub fn won_stage(stages: &[Stage]) -> Option<usize> {
    stages.iter().rposition(|s| s.conversion_rate.is_some())
}

/// How many won deals reach `goal`: its target for a count of customers, or its target
/// divided by the average deal size for revenue. `None` for other metrics, or for revenue
/// without a usable deal size.
pub fn deals_needed(goal: &Goal, average_deal_size: Option<f64>) -> Option<f64> {
    if goal.funnel == Some(false) {
        return None;
    }
    match goal.metric {
        Metric::Customers => Some(ceil_count(goal.target.max(0.0))),
        Metric::Revenue => average_deal_size
            .filter(|a| *a > 0.0 && a.is_finite())
            .map(|a| ceil_count(goal.target.max(0.0) / a)),
        _ => None,
    }
}

/// The reverse funnel of `goal` through the stages of `spec`, or `None` when the goal is
/// not a count of deals (see [`deals_needed`]) or no stage has a conversion rate.
pub fn reverse_funnel(spec: &RoadmapSpec, goal: &Goal) -> Option<Funnel> {
    let won_needed = deals_needed(goal, spec.average_deal_size)?;
    let won = won_stage(&spec.stages)?;
    let stages = &spec.stages;
    let mut steps: Vec<FunnelStep> = Vec::with_capacity(stages.len());
    // Walk back from the close, carrying the deals needed and the days left.
    let mut need = Need::Deals(won_needed);
    let mut days: Option<i64> = Some(0);
    for (i, stage) in stages.iter().enumerate().rev() {
        if i > won {
            steps.push(FunnelStep {
                stage: stage.id.clone(),
                rate: stage.conversion_rate,
                need: Need::PostSale,
                enter_by: None,
            });
            continue;
        }
        need = match (need, stage.conversion_rate) {
            (Need::Deals(n), Some(r)) if r > 0.0 && r.is_finite() => Need::Deals(n / r),
            (Need::Deals(_), Some(_)) => Need::Unreachable(stage.id.clone()),
            (Need::Deals(_), None) => Need::MissingRate(stage.id.clone()),
            (other, _) => other,
        };
        days = days.and_then(|d| stage.duration_days.map(|s| d + i64::from(s)));
        steps.push(FunnelStep {
            stage: stage.id.clone(),
            rate: stage.conversion_rate,
            need: match &need {
                Need::Deals(n) => Need::Deals(ceil_count(*n)),
                other => other.clone(),
            },
            enter_by: days
                .map(|d| Date::from_days_since_epoch(goal.deadline.days_since_epoch() - d)),
        });
    }
    steps.reverse();
    Some(Funnel {
        goal: goal.id.clone(),
        won_needed,
        won_stage: won,
        steps,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn stage(id: &str, rate: Option<f64>, days: Option<u32>) -> Stage {
        Stage {
            id: id.into(),
            name: id.into(),
            summary: None,
            owner: "ae".into(),
            duration_days: days,
            conversion_rate: rate,
            entry_criteria: vec![],
            exit_criteria: vec![],
            activities: vec![],
            risks: vec![],
            kpis: vec![],
            raci: Default::default(),
            requires: vec![],
        }
    }

    pub(crate) fn goal(metric: Metric, target: f64, deadline: &str) -> Goal {
        Goal {
            id: "g".into(),
            label: "goal".into(),
            metric,
            target,
            unit: None,
            deadline: Date::parse(deadline).unwrap(),
            start: None,
            current: None,
            funnel: None,
        }
    }

    pub(crate) fn spec(stages: Vec<Stage>) -> RoadmapSpec {
        serde_yaml::from_str::<RoadmapSpec>("title: t\nstages: []\n")
            .map(|mut s| {
                s.stages = stages;
                s
            })
            .unwrap()
    }

    fn needs(f: &Funnel) -> Vec<Need> {
        f.steps.iter().map(|s| s.need.clone()).collect()
    }

    #[test]
    fn the_worked_example_needs_2084_prospects() {
        // 100 / (0.4 · 0.5 · 0.5 · 0.6 · 0.8) = 100 / 0.048 = 2083.3…, rounded up.
        let s = spec(vec![
            stage("identify", Some(0.4), Some(14)),
            stage("contact", Some(0.5), Some(14)),
            stage("needs", Some(0.5), Some(21)),
            stage("solution", Some(0.6), Some(30)),
            stage("close", Some(0.8), Some(21)),
            stage("after-sales", None, Some(365)),
        ]);
        let f = reverse_funnel(&s, &goal(Metric::Customers, 100.0, "2027-03-31")).unwrap();
        assert_eq!(f.won_stage, 4);
        assert_eq!(
            needs(&f),
            [
                Need::Deals(2084.0),
                Need::Deals(834.0),
                Need::Deals(417.0),
                Need::Deals(209.0),
                Need::Deals(125.0),
                Need::PostSale,
            ]
        );
        // Deals entering `close` need its 21 days; `identify` needs all 100 days.
        let by: Vec<String> = f
            .steps
            .iter()
            .map(|s| s.enter_by.map(|d| d.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(
            by,
            [
                "2026-12-21",
                "2027-01-04",
                "2027-01-18",
                "2027-02-08",
                "2027-03-10",
                ""
            ]
        );
    }

    #[test]
    fn revenue_goals_count_deals_through_the_average_deal_size() {
        let mut s = spec(vec![
            stage("a", Some(0.5), None),
            stage("b", Some(0.25), None),
        ]);
        let g = goal(Metric::Revenue, 6000.0, "2027-03-31");
        assert_eq!(reverse_funnel(&s, &g), None, "no deal size, no funnel");
        s.average_deal_size = Some(60.0);
        let f = reverse_funnel(&s, &g).unwrap();
        assert_eq!(f.won_needed, 100.0);
        assert_eq!(needs(&f), [Need::Deals(800.0), Need::Deals(400.0)]);
        assert_eq!(f.steps[0].enter_by, None, "no durations, no dates");
        s.average_deal_size = Some(0.0);
        assert_eq!(reverse_funnel(&s, &g), None);
        assert_eq!(
            reverse_funnel(&s, &goal(Metric::MarketShare, 8.0, "2027-03-31")),
            None
        );
    }

    #[test]
    fn missing_and_zero_rates_stop_the_funnel_above_them() {
        let s = spec(vec![
            stage("a", Some(0.5), Some(5)),
            stage("b", None, Some(5)),
            stage("c", Some(0.5), Some(5)),
        ]);
        let f = reverse_funnel(&s, &goal(Metric::Customers, 10.0, "2027-01-31")).unwrap();
        assert_eq!(
            needs(&f),
            [
                Need::MissingRate("b".into()),
                Need::MissingRate("b".into()),
                Need::Deals(20.0)
            ]
        );
        assert_eq!(
            f.steps[0].enter_by.unwrap().to_string(),
            "2027-01-16",
            "dates still known"
        );
        let s = spec(vec![
            stage("a", Some(0.5), None),
            stage("b", Some(0.0), None),
        ]);
        let f = reverse_funnel(&s, &goal(Metric::Customers, 10.0, "2027-01-31")).unwrap();
        assert_eq!(
            needs(&f),
            [Need::Unreachable("b".into()), Need::Unreachable("b".into())]
        );
    }

    #[test]
    fn a_single_stage_and_no_rates_at_all() {
        let s = spec(vec![stage("only", Some(0.25), Some(10))]);
        let f = reverse_funnel(&s, &goal(Metric::Customers, 3.0, "2027-01-31")).unwrap();
        assert_eq!(needs(&f), [Need::Deals(12.0)]);
        assert_eq!(f.steps[0].enter_by.unwrap().to_string(), "2027-01-21");
        let s = spec(vec![stage("a", None, None), stage("b", None, None)]);
        assert_eq!(
            reverse_funnel(&s, &goal(Metric::Customers, 3.0, "2027-01-31")),
            None
        );
        assert_eq!(won_stage(&[]), None);
    }

    #[test]
    fn counts_round_up_but_not_on_float_noise() {
        assert_eq!(ceil_count(100.0 / 0.5), 200.0);
        assert_eq!(ceil_count(0.1 + 0.2), 1.0);
        assert_eq!(ceil_count(2083.33), 2084.0);
        assert_eq!(ceil_count(7.0 / 0.7), 10.0);
    }
}
