//! An account's stage history as a small chart: one row per stage it entered, in order,
//! with a bar as long as the days spent there and a tick at the stage's planned duration.
//! A bar past its tick is drawn in the warning colour; the current stage's bar is open
//! (it is still growing).
//!
//! ```text
//!   Identify      ██████▏            12 days · planned 14
//!   Needs         █████████████|██   30 days · planned 21
//! ```
//!
//! Inside the SVG: `g.sh-row` per entry (`.over` when past plan, `.current` for the last),
//! with `rect.sh-bar`, `line.sh-plan` and the texts `sh-name` and `sh-days`.

use super::chart::Anchor::{End, Start};
use super::chart::{self, ChartText};
use super::text::fit_line;
use std::fmt::Write as _;

/// One stage the account entered. Texts are shown as given.
#[derive(Clone, Copy, Debug)]
pub struct HistoryBar<'a> {
    /// The stage's name.
    pub name: &'a str,
    /// Days spent in it (so far, for the current stage).
    pub days: i64,
    /// The stage's planned `duration_days`, if any.
    pub planned: Option<u32>,
    /// Whether it is the stage the account is in now.
    pub current: bool,
    /// The words after the bar: "30 days · planned 21".
    pub detail: &'a str,
}

/// Default colours of the chart (`:where` rules, in `plan.css` with the other charts').
pub(crate) const STYLE: &str = "\
:where(.history-chart .sh-bar){fill:var(--accent,#1f5fae)}\
:where(.history-chart .over .sh-bar){fill:var(--warn,#d06a12)}\
:where(.history-chart .current .sh-bar){fill-opacity:.75}\
:where(.history-chart .sh-plan){stroke:var(--text,#16202e);stroke-width:2}";

const NAME_W: f64 = 120.0;
const BAR_W: f64 = 300.0;
const ROW_H: f64 = 28.0;
const DETAIL_W: f64 = 190.0;

/// The stage-history chart of `bars` as an SVG figure.
pub fn render_stage_history(bars: &[HistoryBar], text: &ChartText) -> String {
    let (w, h) = (
        NAME_W + BAR_W + DETAIL_W,
        ROW_H * bars.len().max(1) as f64 + 8.0,
    );
    let scale = bars
        .iter()
        .flat_map(|b| [b.days.max(0) as f64, f64::from(b.planned.unwrap_or(0))])
        .fold(1.0, f64::max);
    let x_of = |days: f64| NAME_W + days / scale * BAR_W;
    let mut out = String::with_capacity(1024 + bars.len() * 400);
    chart::open(&mut out, "history-chart", text, (w, h));
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + i as f64 * ROW_H;
        let over = b.planned.is_some_and(|p| b.days > i64::from(p));
        let _ = write!(
            out,
            "<g class=\"sh-row{}{}\">",
            if over { " over" } else { "" },
            if b.current { " current" } else { "" }
        );
        chart::text(
            &mut out,
            "sh-name",
            (NAME_W - 8.0, y + 18.0),
            12.0,
            End,
            &fit_line(b.name, 9.0),
        );
        let end = x_of(b.days.max(0) as f64);
        chart::rect(
            &mut out,
            "sh-bar",
            (NAME_W, y + 6.0, (end - NAME_W).max(2.0), ROW_H - 12.0),
            3.0,
        );
        if let Some(p) = b.planned {
            let x = x_of(f64::from(p));
            chart::line(&mut out, "sh-plan", (x, y + 2.0), (x, y + ROW_H - 2.0));
        }
        chart::text(
            &mut out,
            if over { "sh-days t-warn" } else { "sh-days" },
            (NAME_W + BAR_W + 10.0, y + 18.0),
            12.0,
            Start,
            b.detail,
        );
        out.push_str("</g>");
    }
    chart::close(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::tests::{assert_well_formed, attr_values};

    #[test]
    fn bars_grow_with_the_days_and_past_plan_is_flagged() {
        let bars = [
            HistoryBar {
                name: "Identify",
                days: 10,
                planned: Some(20),
                current: false,
                detail: "10 days",
            },
            HistoryBar {
                name: "Needs",
                days: 40,
                planned: Some(20),
                current: true,
                detail: "40 days",
            },
        ];
        let svg = render_stage_history(
            &bars,
            &ChartText {
                id: "h",
                title: "History",
                description: "Days per stage",
            },
        );
        assert_well_formed(&svg);
        assert_eq!(svg.matches("class=\"sh-row\"").count(), 1);
        assert_eq!(svg.matches("class=\"sh-row over current\"").count(), 1);
        let widths: Vec<f64> = attr_values(&svg, "width")
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect();
        // The svg's own width first, then the bars: 40 days is the scale's whole length.
        assert_eq!(widths[1], BAR_W / 4.0);
        assert_eq!(widths[2], BAR_W);
        // Both planned ticks at 20 days: half the bar.
        let x1: Vec<f64> = attr_values(&svg, "x1")
            .iter()
            .map(|v| v.parse().unwrap())
            .collect();
        assert_eq!(x1, vec![NAME_W + BAR_W / 2.0; 2]);
    }
}
