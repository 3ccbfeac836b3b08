//! The roadmap page's reverse funnels (pipeline needed per goal) and planned against actual
//! (from `history.csv`), ready to print and drawn.

use crate::diagram::{
    ChartText, FunnelBar, FunnelKind, RateLegend, RatePair, render_funnel, render_rate_pairs,
};
use crate::i18n::{Strings, amount, format_number, format_percent, names, t_of, tr, with_unit};
use crate::model::{Date, Goal, Metric, Roadmap};
use crate::plan::{self, Actuals, Need};
use serde::Serialize;

/// One goal's reverse funnel.
#[derive(Debug, Serialize)]
pub struct FunnelView {
    /// The goal's label.
    pub goal: String,
    /// How the number of deals to win follows from the goal.
    pub summary: String,
    /// One row per stage.
    pub rows: Vec<FunnelRow>,
    /// Deals to win, formatted.
    pub won: String,
    /// Why some stages have no number, when they do not.
    pub note: Option<String>,
    /// The SVG chart.
    pub chart: String,
}

/// A stage of a reverse funnel.
#[derive(Debug, PartialEq, Serialize)]
pub struct FunnelRow {
    /// 1-based stage number.
    pub number: usize,
    /// Stage name.
    pub name: String,
    /// Planned conversion rate ("40%"), or "—".
    pub rate: String,
    /// Deals that must enter ("2,084"), or why there is no number.
    pub must_enter: String,
    /// Last day to enter ("2026-12-21"), or "—".
    pub enter_by: String,
    /// Whether that day is already past.
    pub late: bool,
    /// After the sale, or without a number.
    pub muted: bool,
}

/// Planned against actual.
#[derive(Debug, Serialize)]
pub struct ActualsView {
    /// What was measured, over which periods.
    pub intro: String,
    /// The flagging rule, with the threshold.
    pub threshold: String,
    /// One row per stage.
    pub rows: Vec<ActualRow>,
    /// "1 stage converts below plan: Needs analysis", when any does.
    pub flagged: Option<String>,
    /// The SVG chart.
    pub chart: String,
}

/// A stage, planned against actual.
#[derive(Debug, Serialize)]
pub struct ActualRow {
    /// Stage name.
    pub name: String,
    /// Planned rate, or "—".
    pub planned: String,
    /// Actual rate, or "not measured".
    pub actual: String,
    /// Periods the actual rate is measured over.
    pub periods: String,
    /// "24% below plan", "5% above plan", or "—".
    pub shortfall: String,
    /// Planned days, or "—".
    pub planned_days: String,
    /// Actual days, or "—".
    pub actual_days: String,
    /// Whether the stage is flagged.
    pub flagged: bool,
}

/// Goals that need the same deals (100 customers, and 6,000 at 60 a deal) share one funnel:
/// the later one's name and summary join the first's.
pub(crate) fn merge_same_funnels(funnels: Vec<FunnelView>) -> Vec<FunnelView> {
    let mut out: Vec<FunnelView> = Vec::with_capacity(funnels.len());
    for f in funnels {
        match out
            .iter_mut()
            .find(|o| o.won == f.won && o.rows == f.rows && o.note == f.note)
        {
            Some(same) => {
                same.goal = format!("{} · {}", same.goal, f.goal);
                let gap = if same.summary.ends_with('。') {
                    ""
                } else {
                    " "
                };
                same.summary = format!("{}{gap}{}", same.summary, f.summary);
            }
            None => out.push(f),
        }
    }
    out
}

pub(crate) fn funnel_view(rm: &Roadmap, g: &Goal, today: Date, t: &Strings) -> Option<FunnelView> {
    let f = plan::reverse_funnel(&rm.spec, g)?;
    let stages = &rm.spec.stages;
    let name_of = |id: &str| {
        stages
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.name.clone())
    };
    let won = format_number(f.won_needed);
    let target = with_unit(&format_number(g.target), g.unit.as_deref());
    let summary = match (g.metric, rm.spec.average_deal_size) {
        (Metric::Revenue, Some(size)) => tr(
            t,
            "plan_funnel_revenue",
            &[
                ("target", &target),
                ("size", &with_unit(&amount(size), g.unit.as_deref())),
                ("n", &won),
                ("date", &g.deadline.to_string()),
            ],
        ),
        _ => tr(
            t,
            "plan_funnel_customers",
            &[
                ("target", &target),
                ("n", &won),
                ("date", &g.deadline.to_string()),
            ],
        ),
    };
    let mut note = None;
    let mut rows = Vec::with_capacity(f.steps.len());
    // Texts of the chart rows: (name, count, label, detail, step, kind).
    let mut bars: Vec<(String, f64, String, String, String, FunnelKind)> = Vec::new();
    for (i, step) in f.steps.iter().enumerate() {
        let name = stages.get(i).map_or(step.stage.clone(), |s| s.name.clone());
        let rate = step.rate.map_or("—".to_string(), format_percent);
        let (must_enter, count, kind) = match &step.need {
            Need::Deals(n) => (format_number(*n), *n, FunnelKind::Stage),
            Need::PostSale => (
                t_of(t, "plan_post_sale").to_string(),
                0.0,
                FunnelKind::Muted,
            ),
            Need::MissingRate(id) => {
                let s = tr(t, "plan_missing_rate", &[("stage", &name_of(id))]);
                note = Some(s.clone());
                (s, 0.0, FunnelKind::Muted)
            }
            Need::Unreachable(id) => {
                let s = tr(t, "plan_unreachable", &[("stage", &name_of(id))]);
                note = Some(s.clone());
                (s, 0.0, FunnelKind::Muted)
            }
        };
        let enter_by = step.enter_by.filter(|_| kind == FunnelKind::Stage);
        let late = enter_by.is_some_and(|d| d < today);
        let by = enter_by.map(|d| {
            let key = if late { "plan_by_late" } else { "plan_by" };
            tr(t, key, &[("date", &d.to_string())])
        });
        let label = if kind == FunnelKind::Stage {
            tr(t, "plan_must_enter_n", &[("n", &must_enter)])
        } else {
            must_enter.clone()
        };
        let step_text = match step.rate {
            Some(r) if kind == FunnelKind::Stage && i == f.won_stage => {
                tr(t, "plan_step_won", &[("rate", &format_percent(r))])
            }
            Some(r) if kind == FunnelKind::Stage => {
                tr(t, "plan_step", &[("rate", &format_percent(r))])
            }
            _ => String::new(),
        };
        bars.push((
            name.clone(),
            count,
            label,
            by.unwrap_or_default(),
            step_text,
            kind,
        ));
        if i == f.won_stage && kind == FunnelKind::Stage {
            bars.push((
                t_of(t, "plan_won").to_string(),
                f.won_needed,
                tr(t, "plan_won_goal", &[("n", &won)]),
                String::new(),
                String::new(),
                FunnelKind::Won,
            ));
        }
        rows.push(FunnelRow {
            number: i + 1,
            name,
            rate,
            must_enter,
            enter_by: enter_by.map_or("—".to_string(), |d| d.to_string()),
            late,
            muted: kind != FunnelKind::Stage,
        });
    }
    let chart_bars: Vec<FunnelBar> = bars
        .iter()
        .map(|(name, count, label, detail, step, kind)| FunnelBar {
            name,
            count: *count,
            label,
            detail,
            step,
            kind: *kind,
        })
        .collect();
    let title = tr(t, "plan_funnel_title", &[("goal", &g.label)]);
    let chart = render_funnel(
        &chart_bars,
        &ChartText {
            id: &format!("funnel-{}", g.id),
            title: &title,
            description: &summary,
        },
    );
    Some(FunnelView {
        goal: g.label.clone(),
        summary,
        rows,
        won,
        note,
        chart,
    })
}

pub(crate) fn actuals_view(rm: &Roadmap, a: &Actuals, threshold: f64, t: &Strings) -> ActualsView {
    let stages = &rm.spec.stages;
    let quarters = a.periods.first().is_some_and(|p| p.is_quarter());
    let span = match (a.periods.first(), a.periods.last()) {
        (Some(f), Some(l)) => tr(
            t,
            if quarters {
                "plan_actuals_intro_q"
            } else {
                "plan_actuals_intro"
            },
            &[
                ("n", &a.periods.len().to_string()),
                ("first", &f.to_string()),
                ("last", &l.to_string()),
            ],
        ),
        _ => t_of(t, "plan_actuals_empty").to_string(),
    };
    // The `won_value` column, summed, in the unit of the roadmap's revenue goal.
    let span = if a.won_value > 0.0 {
        let unit = rm
            .spec
            .goals
            .iter()
            .find(|g| g.metric == Metric::Revenue)
            .and_then(|g| g.unit.as_deref());
        let won = with_unit(&amount(a.won_value), unit);
        format!("{span}{}", tr(t, "plan_actuals_won", &[("value", &won)]))
    } else {
        span
    };
    let days = |d: Option<f64>| d.map_or("—".to_string(), |d| format_number(d.round()));
    let rows: Vec<ActualRow> = a
        .stages
        .iter()
        .zip(stages)
        .map(|(s, stage)| ActualRow {
            name: stage.name.clone(),
            planned: s.planned_rate.map_or("—".to_string(), format_percent),
            actual: s
                .actual_rate
                .map_or(t_of(t, "plan_not_measured").to_string(), format_percent),
            periods: if s.actual_rate.is_some() {
                s.rate_periods.to_string()
            } else {
                "—".to_string()
            },
            shortfall: match s.shortfall {
                Some(x) if x.abs() < 0.0005 => t_of(t, "plan_on_plan").to_string(),
                Some(x) if x > 0.0 => tr(t, "plan_below", &[("p", &format_percent(x))]),
                Some(x) => tr(t, "plan_above", &[("p", &format_percent(-x))]),
                None => "—".to_string(),
            },
            planned_days: days(s.planned_days.map(f64::from)),
            actual_days: days(s.actual_days),
            flagged: s.flagged,
        })
        .collect();
    let flagged_names: Vec<String> = rows
        .iter()
        .filter(|r| r.flagged)
        .map(|r| r.name.clone())
        .collect();
    let flagged = (!flagged_names.is_empty()).then(|| {
        tr(
            t,
            "plan_flagged_summary",
            &[
                ("n", &flagged_names.len().to_string()),
                ("stages", &names(t, &flagged_names)),
            ],
        )
    });
    let threshold_p = format_percent(threshold);
    let flags: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.flagged.then(|| format!("⚠ {}", r.shortfall)))
        .collect();
    let labels: Vec<(String, String)> = a
        .stages
        .iter()
        .zip(&rows)
        .map(|(s, r)| {
            (
                s.planned_rate
                    .map_or(t_of(t, "plan_no_plan").to_string(), |_| {
                        tr(t, "plan_chart_planned", &[("p", &r.planned)])
                    }),
                s.actual_rate.map_or(r.actual.clone(), |_| {
                    tr(t, "plan_chart_actual", &[("p", &r.actual)])
                }),
            )
        })
        .collect();
    let pairs: Vec<RatePair> = a
        .stages
        .iter()
        .zip(&rows)
        .zip(labels.iter().zip(&flags))
        .map(|((s, r), ((pl, al), flag))| RatePair {
            name: &r.name,
            planned: s.planned_rate,
            actual: s.actual_rate,
            planned_label: pl,
            actual_label: al,
            flag: flag.as_deref(),
        })
        .collect();
    let legend_flag = tr(t, "plan_legend_flagged", &[("p", &threshold_p)]);
    let chart = render_rate_pairs(
        &pairs,
        &ChartText {
            id: &format!("rates-{}", rm.slug),
            title: t_of(t, "plan_actuals"),
            description: &span,
        },
        &RateLegend {
            planned: t_of(t, "plan_planned"),
            actual: t_of(t, "plan_actual"),
            flagged: &legend_flag,
        },
    );
    ActualsView {
        intro: span,
        threshold: tr(t, "plan_threshold", &[("p", &threshold_p)]),
        rows,
        flagged,
        chart,
    }
}
