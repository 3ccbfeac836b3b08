//! The roadmap page's planning sections, ready to print: goals with their pace (here), the
//! pipeline each goal needs and planned against actual ([`super::plan_numbers`]), the
//! forecast ([`super::plan_forecast`]), who does what and the milestones
//! ([`super::plan_people`]). The numbers come from [`crate::plan`]; these modules format
//! them, put them in words, and draw them.
//!
//! Templates see it all as `plan` (see [`PlanView`]).

mod forecast;
mod numbers;
mod people;

use crate::i18n::{Strings, amount, format_number, format_percent, t_of, tr, with_unit};
use crate::model::{Date, Goal, Metric, Roadmap};
use crate::plan::{self, PaceStatus};
use crate::render::views::{GoalView, goal_view};
use forecast::{ForecastView, forecast_view};
use numbers::{ActualsView, FunnelView, actuals_view, funnel_view, merge_same_funnels};
use people::{MilestonesView, RaciView, milestones_view, raci_view};
use serde::Serialize;

/// Everything the planning sections show. Each part is empty (or `None`) when the roadmap
/// does not give what it needs, and the template then leaves its section out.
#[derive(Debug, Serialize)]
pub struct PlanView {
    /// Every goal, with its progress and pace.
    pub goals: Vec<GoalPace>,
    /// Whether any goal's bar has an expected-position tick (to explain it once).
    pub has_pace_tick: bool,
    /// One reverse funnel per goal that counts deals (customers, or revenue with a deal size).
    pub funnels: Vec<FunnelView>,
    /// Planned against actual, when there is a `history.csv`.
    pub actuals: Option<ActualsView>,
    /// One forecast per goal that counts deals, when there is a `pipeline`.
    pub forecasts: Vec<ForecastView>,
    /// The RACI matrix and swimlane, when any stage has a `raci`.
    pub raci: Option<RaciView>,
    /// The milestone timeline and table, when there are milestones.
    pub milestones: Option<MilestonesView>,
}

/// A goal with its pace.
#[derive(Debug, Serialize)]
pub struct GoalPace {
    /// The goal as the home page shows it too.
    #[serde(flatten)]
    pub goal: GoalView,
    /// `achieved`, `on-track`, `at-risk`, `behind`, `missed`, `not-started` or `unknown`.
    pub status: &'static str,
    /// The status in words ("On track").
    pub status_label: String,
    /// A symbol shown before the status words (✓, !, ▼, ✗, ○, ?).
    pub status_icon: &'static str,
    /// Where the goal should be today, in percent of target (0–100), for the tick.
    pub expected_percent: Option<f64>,
    /// "Expected by 2026-11-27: 66 customers".
    pub expected: Option<String>,
    /// "At this pace: 56 customers by 2027-03-31".
    pub projected: Option<String>,
    /// "124 days left".
    pub days_left: String,
    /// The bar's accessible name: progress, expected position and status.
    pub bar_label: String,
}

/// Whether roadmap `rm` has anything for its review page: a history, a pipeline,
/// milestones, or RACI letters.
pub fn has_review(rm: &Roadmap) -> bool {
    let spec = &rm.spec;
    rm.history.is_some()
        || spec.pipeline.is_some()
        || !spec.milestones.is_empty()
        || spec.stages.iter().any(|s| !s.raci.is_empty())
}

/// Which page a planning view is for: each shows only some of the sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanPage {
    /// The roadmap page: goals with their pace, the reverse funnels, the RACI matrix.
    Roadmap,
    /// The review page: planned against actual, forecasts, milestones, the RACI swimlane.
    Review,
}

/// The planning view of roadmap `rm` as of `today`, with the sections `page` shows (the
/// others are left empty, so neither page computes what only the other draws).
pub fn plan_view(
    rm: &Roadmap,
    threshold: f64,
    today: Date,
    t: &Strings,
    page: PlanPage,
) -> PlanView {
    let spec = &rm.spec;
    let raci = raci_view(rm, t);
    if page == PlanPage::Roadmap {
        let goals: Vec<GoalPace> = spec.goals.iter().map(|g| goal_pace(g, today, t)).collect();
        return PlanView {
            has_pace_tick: goals.iter().any(|g| g.expected_percent.is_some()),
            goals,
            funnels: merge_same_funnels(
                spec.goals
                    .iter()
                    .filter_map(|g| funnel_view(rm, g, today, t))
                    .collect(),
            ),
            actuals: None,
            forecasts: Vec::new(),
            raci,
            milestones: None,
        };
    }
    let actuals = rm
        .history
        .as_ref()
        .map(|h| plan::actuals(spec, h, threshold));
    PlanView {
        goals: Vec::new(),
        has_pace_tick: false,
        funnels: Vec::new(),
        actuals: actuals.as_ref().map(|a| actuals_view(rm, a, threshold, t)),
        forecasts: spec
            .goals
            .iter()
            .filter_map(|g| forecast_view(rm, g, actuals.as_ref(), t))
            .collect(),
        raci,
        milestones: milestones_view(rm, today, t),
    }
}

fn goal_pace(g: &Goal, today: Date, t: &Strings) -> GoalPace {
    let p = plan::pace(g, today);
    let unit = g.unit.as_deref();
    // Customers come whole; other measures keep a decimal where it matters.
    let amount = |x: f64| {
        if g.metric == Metric::Customers {
            format_number(x.round())
        } else {
            amount(x)
        }
    };
    let (status, key, icon) = match p.status {
        PaceStatus::Achieved => ("achieved", "pace_achieved", "✓"),
        PaceStatus::OnTrack => ("on-track", "pace_on_track", "✓"),
        PaceStatus::AtRisk => ("at-risk", "pace_at_risk", "!"),
        PaceStatus::Behind => ("behind", "pace_behind", "▼"),
        PaceStatus::Missed => ("missed", "pace_missed", "✗"),
        PaceStatus::NotStarted => ("not-started", "pace_not_started", "○"),
        PaceStatus::Unknown => ("unknown", "pace_unknown", "?"),
    };
    let show_line = !matches!(p.status, PaceStatus::Achieved | PaceStatus::Missed);
    let expected = p.expected.filter(|_| show_line).map(|x| {
        tr(
            t,
            "pace_expected",
            &[
                ("date", &today.to_string()),
                ("value", &with_unit(&amount(x), unit)),
            ],
        )
    });
    let projected = p
        .projected
        .filter(|_| show_line && p.status != PaceStatus::NotStarted)
        .map(|x| {
            tr(
                t,
                "pace_projected",
                &[
                    ("value", &with_unit(&amount(x), unit)),
                    ("date", &g.deadline.to_string()),
                ],
            )
        });
    let days_left = if p.days_left >= 0 {
        tr(t, "pace_days_left", &[("n", &p.days_left.to_string())])
    } else {
        t_of(t, "pace_deadline_passed").to_string()
    };
    let goal = goal_view(g);
    let status_label = t_of(t, key).to_string();
    let expected_percent = p
        .elapsed
        .filter(|_| show_line && goal.percent.is_some())
        .map(|e| (e * 1000.0).round() / 10.0);
    let mut bar_label = format!(
        "{} {}%",
        t_of(t, "progress"),
        goal.percent.unwrap_or_default()
    );
    if let Some(e) = expected_percent {
        bar_label.push_str(&format!(
            ", {} {}",
            t_of(t, "pace_expected_short"),
            format_percent(e / 100.0)
        ));
    }
    bar_label.push_str(&format!(" — {status_label}"));
    GoalPace {
        goal,
        status,
        status_label,
        status_icon: icon,
        expected_percent,
        expected,
        projected,
        days_left,
        bar_label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(amount(4512.37), "4,512");
        assert_eq!(amount(56.117), "56.1");
        assert_eq!(amount(3.456), "3.46");
        assert_eq!(with_unit("8", Some("%")), "8%");
        assert_eq!(with_unit("96", Some("家")), "96 家");
        assert_eq!(with_unit("96", None), "96");
    }
}
