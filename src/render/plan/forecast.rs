//! The roadmap page's forecast per goal, with the assumptions it rests on in words.

use crate::i18n::{
    Strings, amount, format_number, format_percent, list, names, t_of, tr, with_unit,
};
use crate::model::{Goal, Metric, Roadmap};
use crate::plan::{self, Actuals, RateSource};
use serde::Serialize;

/// A goal's forecast.
#[derive(Debug, Serialize)]
pub struct ForecastView {
    /// The goal's label.
    pub goal: String,
    /// The forecast with its unit ("96 customers").
    pub value: String,
    /// The target with its unit.
    pub target: String,
    /// The forecast as a share of target ("96%").
    pub share: String,
    /// The same in words ("96% of the target").
    pub share_text: String,
    /// `ok` (reaches the target), `at-risk` (90 % or more) or `behind`.
    pub status: &'static str,
    /// "Reaches the target" or "4 customers short".
    pub verdict: String,
    /// Where the forecast comes from: won so far, open deals, new deals.
    pub parts: Vec<ForecastPart>,
    /// Where the target sits on the bar, in percent of its length.
    pub target_percent: f64,
    /// The assumptions, in words.
    pub assumptions: String,
    /// Open deals that cannot close in time, in words.
    pub too_late: Option<String>,
    /// "Pipeline as of 2026-11-20".
    pub as_of: String,
}

/// One part of a forecast.
#[derive(Debug, Serialize)]
pub struct ForecastPart {
    /// What it is ("won so far").
    pub label: String,
    /// How much, with the unit.
    pub value: String,
    /// Its length on the bar, in percent.
    pub percent: f64,
}

pub(crate) fn forecast_view(
    rm: &Roadmap,
    g: &Goal,
    actuals: Option<&Actuals>,
    t: &Strings,
) -> Option<ForecastView> {
    let spec = &rm.spec;
    let f = plan::forecast(spec, g, actuals)?;
    let pipeline = spec.pipeline.as_ref()?;
    let unit = g.unit.as_deref();
    let value_of = |deals: f64| -> String {
        let v = deals * f.deal_size.unwrap_or(1.0);
        if g.metric == Metric::Customers {
            format_number(v.round())
        } else {
            amount(v)
        }
    };
    let name_of = |id: &str| {
        spec.stages
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.name.clone())
    };
    let quarters = actuals
        .and_then(|a| a.periods.first())
        .is_some_and(|p| p.is_quarter());
    let mut parts: Vec<String> = Vec::new();
    let measured = f.rates.iter().any(|r| r.2 == RateSource::Actual);
    let months = actuals.map_or(0, |a| a.periods.len());
    if measured {
        let mut s = tr(
            t,
            if quarters {
                "plan_assume_actual_q"
            } else {
                "plan_assume_actual"
            },
            &[("n", &months.to_string())],
        );
        if f.rates.iter().any(|r| r.2 == RateSource::Planned) {
            s.push_str(t_of(t, "plan_assume_partly"));
        }
        parts.push(s);
    } else {
        parts.push(t_of(t, "plan_assume_planned").to_string());
    }
    let won_stage = plan::won_stage(&spec.stages).unwrap_or(0);
    let open: f64 = spec.stages[..=won_stage.min(spec.stages.len().saturating_sub(1))]
        .iter()
        .filter_map(|s| pipeline.stages.get(&s.id))
        .sum();
    parts.push(tr(
        t,
        "plan_assume_open",
        &[("n", &format_number(open.round()))],
    ));
    if f.new_per_day > 0.0 {
        let per = f.new_per_day
            * if quarters {
                365.25 / 4.0
            } else {
                365.25 / 12.0
            };
        parts.push(tr(
            t,
            if quarters {
                "plan_assume_new_q"
            } else {
                "plan_assume_new"
            },
            &[("n", &amount(per))],
        ));
    } else {
        parts.push(t_of(t, "plan_assume_no_new").to_string());
    }
    parts.push(tr(
        t,
        "plan_assume_cycle",
        &[("n", &format_number(f.cycle_days.round()))],
    ));
    if let Some(size) = f.deal_size {
        parts.push(tr(
            t,
            "plan_assume_deal",
            &[("n", &with_unit(&amount(size), unit))],
        ));
    }
    let assumptions = tr(t, "plan_assume", &[("parts", &list(t, &parts))]);
    let too_late = (!f.too_late.is_empty()).then(|| {
        let n: f64 = f
            .too_late
            .iter()
            .filter_map(|id| pipeline.stages.get(id))
            .sum();
        let late: Vec<String> = f.too_late.iter().map(|id| name_of(id)).collect();
        tr(
            t,
            "plan_too_late",
            &[
                ("n", &format_number(n.round())),
                ("stages", &names(t, &late)),
            ],
        )
    });
    let share = f.share_of_target;
    let (status, verdict) = if share >= 1.0 - 1e-9 {
        ("ok", t_of(t, "plan_forecast_reaches").to_string())
    } else {
        let short = (g.target - f.value).max(0.0);
        let short = if g.metric == Metric::Customers {
            format_number(short.ceil())
        } else {
            amount(short)
        };
        (
            if share >= 0.9 { "at-risk" } else { "behind" },
            tr(t, "plan_forecast_short", &[("n", &with_unit(&short, unit))]),
        )
    };
    // The bar is as long as the larger of the forecast and the target.
    let target_deals = plan::deals_needed(g, spec.average_deal_size)?;
    let scale = f.won.max(target_deals).max(1e-9);
    let on_bar = |deals: f64| (deals / scale * 1000.0).round().clamp(0.0, 1000.0) / 10.0;
    let part = |key: &str, deals: f64| ForecastPart {
        label: t_of(t, key).to_string(),
        value: with_unit(&value_of(deals), unit),
        percent: on_bar(deals),
    };
    Some(ForecastView {
        goal: g.label.clone(),
        value: with_unit(&value_of(f.won), unit),
        target: with_unit(&format_number(g.target), unit),
        share: format_percent(share),
        share_text: tr(t, "plan_share", &[("p", &format_percent(share))]),
        status,
        verdict,
        parts: vec![
            part("plan_part_won", f.won_so_far),
            part("plan_part_pipeline", f.from_pipeline),
            part("plan_part_new", f.from_new),
        ],
        target_percent: on_bar(target_deals),
        assumptions,
        too_late,
        as_of: tr(
            t,
            "plan_as_of_pipeline",
            &[("date", &pipeline.as_of.to_string())],
        ),
    })
}
