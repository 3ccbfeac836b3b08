//! The milestone timeline: a horizontal date axis with month ticks, a dashed line for
//! today, and one marker per milestone (✓ done, ○ upcoming, ◆! overdue) with its label
//! above the axis. Labels never overlap: each goes to the row nearest the axis where it
//! fits, and its leader line does not cut through a nearer label when that can be avoided.
//!
//! ```text
//!   Pilot signed            Partner summit
//!   ✓ done · 2026-06-30     ! overdue · 2026-09-30
//!   |           Kick-off    |
//!   |           2026-08-01  |
//! --✓-----------○-----------◆------:-------  (today: dashed)
//!  Jun   Jul   Aug   Sep   Oct   Nov   Dec
//!  2026
//! ```
//!
//! Inside the SVG: `g.ms` per milestone (`.done`, `.upcoming` or `.overdue`) with
//! `line.ms-leader`, the marker, `text.ms-name` and `text.ms-detail`; `line.today` and
//! `text.today-label`; `text.tick-month` and `text.tick-year` under the axis.

use std::fmt::Write as _;

use super::chart::Anchor::{End, Middle, Start};
use super::chart::{self, Anchor, ChartText};
use super::layout::Px;
use super::stagger::{Placed, pick_row};
use super::text::{Weight, fit_line, text_em};
use crate::model::Date;

/// Where a milestone stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilestoneState {
    /// Reached.
    Done,
    /// Not reached, and not yet due.
    Upcoming,
    /// Not reached, and past its date.
    Overdue,
}

/// One milestone on the timeline. Texts are shown as given.
#[derive(Clone, Copy, Debug)]
pub struct TimelineItem<'a> {
    /// What is reached.
    pub name: &'a str,
    /// When.
    pub date: Date,
    /// Where it stands.
    pub state: MilestoneState,
    /// The line under the name, saying the state in words: "✓ done · 2026-06-30".
    pub detail: &'a str,
}

/// How to draw the timeline.
#[derive(Clone, Copy, Debug)]
pub struct TimelineOptions<'a> {
    /// Name, description and id.
    pub text: ChartText<'a>,
    /// The day the timeline is drawn for.
    pub today: Date,
    /// The label of the today line: "Today 2026-11-27".
    pub today_label: &'a str,
    /// Month names, January first ("Jan" or "1月").
    pub months: [&'a str; 12],
}

const MARGIN: f64 = 16.0;
const ROW_H: f64 = 38.0;
const NAME_PX: f64 = 13.0;
const SMALL_PX: f64 = 12.0;
const LABEL_MAX: f64 = 190.0;

pub(crate) const STYLE: &str = "\
:where(.timeline-chart .ms-leader){stroke:var(--border-2,#c5cfdb);stroke-width:1}\
:where(.timeline-chart .done .ms-mark){fill:var(--success,#177245)}\
:where(.timeline-chart .ms-check){fill:none;stroke:var(--surface,#fff);stroke-width:2;stroke-linecap:round;stroke-linejoin:round}\
:where(.timeline-chart .upcoming .ms-mark){fill:var(--surface,#fff);stroke:var(--accent,#1d5fd0);stroke-width:2.5}\
:where(.timeline-chart .overdue .ms-mark){fill:var(--warn,#d06a12)}\
text:where(.timeline-chart .ms-bang){fill:var(--surface,#fff);font-weight:700}\
:where(.timeline-chart .today){stroke:var(--text,#16202e);stroke-width:1.5;stroke-dasharray:4 3}";

/// Month index (year · 12 + month − 1) of a date.
fn month_index(d: Date) -> i64 {
    i64::from(d.year) * 12 + i64::from(d.month) - 1
}

/// The first day of month index `m`.
fn month_start(m: i64) -> Date {
    let year = m.div_euclid(12).clamp(0, 9999) as u16;
    let month = (m.rem_euclid(12) + 1) as u8;
    Date {
        year,
        month,
        day: 1,
    }
}

/// Renders the timeline as an HTML fragment (see the module docs); empty without items.
#[must_use]
pub fn render_timeline(items: &[TimelineItem], opts: &TimelineOptions) -> String {
    if items.is_empty() {
        return String::new();
    }
    let first = items
        .iter()
        .map(|i| i.date)
        .chain([opts.today])
        .min()
        .unwrap_or(opts.today);
    let last = items
        .iter()
        .map(|i| i.date)
        .chain([opts.today])
        .max()
        .unwrap_or(opts.today);
    // Whole months, from the first one to the end of the last one; at most 20 years.
    let m0 = month_index(first);
    let months = (month_index(last) - m0 + 1).clamp(1, 240);
    let min_w = if months > 24 { 16.0 } else { 44.0 };
    let month_w = (860.0 / months as f64).clamp(min_w, 96.0);
    let w = (2.0 * MARGIN + months as f64 * month_w).max(2.0 * MARGIN + 2.0 * LABEL_MAX);
    let span_w = w - 2.0 * MARGIN;
    let (d0, d1) = (
        month_start(m0).days_since_epoch(),
        month_start(m0 + months).days_since_epoch(),
    );
    let x_of = |d: Date| {
        let t = (d.days_since_epoch() - d0) as f64 / (d1 - d0).max(1) as f64;
        MARGIN + span_w * t.clamp(0.0, 1.0)
    };

    // Sort by date, keeping the given order for equal dates, then place the labels.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| items[i].date);
    let mut placed: Vec<Placed> = Vec::with_capacity(items.len());
    let mut texts: Vec<(String, String, Anchor)> = Vec::with_capacity(items.len());
    for &i in &order {
        let it = &items[i];
        let name = fit_line(it.name, LABEL_MAX / NAME_PX);
        let detail = fit_line(it.detail, LABEL_MAX / SMALL_PX);
        let lw = (text_em(&name, Weight::Bold) * NAME_PX)
            .max(text_em(&detail, Weight::Regular) * SMALL_PX);
        let x = x_of(it.date);
        let (left, anchor) = if x + lw <= w - 4.0 {
            (x - 2.0, Start)
        } else {
            (x - lw + 2.0, End)
        };
        let row = pick_row(&placed, left, left + lw, x);
        placed.push(Placed {
            row,
            left,
            right: left + lw,
            x,
        });
        texts.push((name, detail, anchor));
    }
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(1);
    let top = 10.0;
    let axis_y = top + rows as f64 * ROW_H + 14.0;
    let h = axis_y + 66.0;
    let mut out = String::with_capacity(2500 + items.len() * 700 + months as usize * 160);
    let o = &mut out;
    chart::open(o, "timeline-chart", &opts.text, (w, h));

    // Axis and month ticks.
    o.push_str("<g aria-hidden=\"true\">");
    chart::line(o, "axis", (MARGIN, axis_y), (w - MARGIN, axis_y));
    let every = if months > 24 { 3 } else { 1 };
    for k in 0..=months {
        let start = month_start(m0 + k);
        let x = x_of(start);
        chart::line(o, "axis", (x, axis_y), (x, axis_y + 5.0));
        if k == months {
            continue;
        }
        let cx = (x + x_of(month_start(m0 + k + 1))) / 2.0;
        if k % every == 0 {
            let name = opts.months[usize::from(start.month.clamp(1, 12) - 1)];
            chart::text(
                o,
                "tick-month t-muted",
                (cx, axis_y + 18.0),
                SMALL_PX,
                Middle,
                name,
            );
        }
        if start.month == 1 || (k == 0 && (months <= 24 || start.month <= 10)) {
            chart::text(
                o,
                "tick-year t-muted",
                (cx, axis_y + 32.0),
                SMALL_PX,
                Middle,
                &start.year.to_string(),
            );
        }
    }
    o.push_str("</g>");

    // Today.
    let tx = x_of(opts.today);
    chart::line(o, "today", (tx, top - 4.0), (tx, axis_y + 38.0));
    let label = fit_line(opts.today_label, LABEL_MAX / SMALL_PX);
    let lw = text_em(&label, Weight::Regular) * SMALL_PX;
    let (lx, anchor) = if tx + 4.0 + lw <= w - 4.0 {
        (tx + 4.0, Start)
    } else {
        (tx - 4.0, End)
    };
    chart::text(
        o,
        "today-label t-bold halo",
        (lx, axis_y + 52.0),
        SMALL_PX,
        anchor,
        &label,
    );

    // Leaders first, so that every label and marker is drawn over them.
    for p in &placed {
        let label_bottom = top + (rows - 1 - p.row) as f64 * ROW_H + ROW_H - 4.0;
        chart::line(o, "ms-leader", (p.x, label_bottom), (p.x, axis_y));
    }
    for ((&i, p), (name, detail, anchor)) in order.iter().zip(&placed).zip(&texts) {
        let it = &items[i];
        let class = match it.state {
            MilestoneState::Done => "done",
            MilestoneState::Upcoming => "upcoming",
            MilestoneState::Overdue => "overdue",
        };
        let _ = write!(o, "<g class=\"ms {class}\">");
        let (x, y) = (p.x, axis_y);
        match it.state {
            MilestoneState::Done => {
                let _ = write!(
                    o,
                    "<circle class=\"ms-mark\" cx=\"{x}\" cy=\"{y}\" r=\"8\"/>\
                     <path class=\"ms-check\" d=\"M{} {}l3 3l5-6\"/>",
                    Px(x - 4.0),
                    Px(y),
                    x = Px(x),
                    y = Px(y)
                );
            }
            MilestoneState::Upcoming => {
                let _ = write!(
                    o,
                    "<circle class=\"ms-mark\" cx=\"{}\" cy=\"{}\" r=\"6.5\"/>",
                    Px(x),
                    Px(y)
                );
            }
            MilestoneState::Overdue => {
                let _ = write!(
                    o,
                    "<path class=\"ms-mark\" d=\"M{} {}l9 9l-9 9l-9-9Z\"/>",
                    Px(x),
                    Px(y - 9.0)
                );
                chart::text(o, "ms-bang", (x, y + 4.0), 11.0, Middle, "!");
            }
        }
        let row_top = top + (rows - 1 - p.row) as f64 * ROW_H;
        let tx = if *anchor == Start { x - 2.0 } else { x + 2.0 };
        chart::text(
            o,
            "ms-name t-bold halo",
            (tx, row_top + 13.0),
            NAME_PX,
            *anchor,
            name,
        );
        let detail_class = if it.state == MilestoneState::Overdue {
            "ms-detail t-warn halo"
        } else {
            "ms-detail t-muted halo"
        };
        chart::text(
            o,
            detail_class,
            (tx, row_top + 28.0),
            SMALL_PX,
            *anchor,
            detail,
        );
        o.push_str("</g>");
    }
    chart::close(o);
    out
}

#[cfg(test)]
mod tests {
    use super::super::chart::tests::{svg, texts_of};
    use super::super::tests::assert_well_formed;
    use super::*;

    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn opts(today: &str) -> TimelineOptions<'static> {
        TimelineOptions {
            text: ChartText {
                id: "ms",
                title: "Milestones",
                description: "Dated milestones.",
            },
            today: d(today),
            today_label: "Today",
            months: MONTHS,
        }
    }

    fn item<'a>(name: &'a str, date: &str, state: MilestoneState) -> TimelineItem<'a> {
        TimelineItem {
            name,
            date: d(date),
            state,
            detail: "detail",
        }
    }

    #[test]
    fn markers_say_their_state_and_labels_never_overlap() {
        let items = [
            item(
                "Pilot signed with the first customer",
                "2026-06-30",
                MilestoneState::Done,
            ),
            item("Kick-off", "2026-07-05", MilestoneState::Done),
            item("Partner summit", "2026-09-30", MilestoneState::Overdue),
            item(
                "Same day, another one",
                "2026-09-30",
                MilestoneState::Overdue,
            ),
            item("Year-end review", "2026-12-31", MilestoneState::Upcoming),
        ];
        let html = render_timeline(&items, &opts("2026-11-27"));
        assert_well_formed(&html);
        let s = svg(&html);
        assert_eq!(s.matches("class=\"ms done\"").count(), 2);
        assert_eq!(s.matches("class=\"ms overdue\"").count(), 2);
        assert_eq!(s.matches("class=\"ms upcoming\"").count(), 1);
        assert_eq!(s.matches("class=\"ms-check\"").count(), 2);
        assert_eq!(s.matches(">!</text>").count(), 2);
        // Labels in date order, with no two label boxes overlapping.
        let names = texts_of(s, "ms-name");
        assert_eq!(names.len(), 5);
        assert_eq!(names[1].2, "Kick-off");
        let boxes: Vec<(f64, f64, f64)> = names
            .iter()
            .map(|(x, y, t)| {
                let wdt = text_em(t, Weight::Bold) * NAME_PX;
                let anchored_end = s.contains(&format!(
                    "x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\"",
                    Px(*x),
                    Px(*y)
                ));
                let l = if anchored_end { x - wdt } else { *x };
                (l, l + wdt, *y)
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let same_row = (a.2 - b.2).abs() < 1.0;
                assert!(
                    !same_row || a.1 <= b.0 || b.1 <= a.0,
                    "{a:?} overlaps {b:?}"
                );
            }
        }
        // Month ticks from June to December 2026, the year under the first.
        let months: Vec<&str> = texts_of(s, "tick-month").iter().map(|t| t.2).collect();
        assert_eq!(months, ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]);
        let years: Vec<&str> = texts_of(s, "tick-year").iter().map(|t| t.2).collect();
        assert_eq!(years, ["2026"]);
        assert_eq!(s.matches("class=\"today\"").count(), 1);
        assert!(!s.contains("fill=\"#"));
    }

    #[test]
    fn today_outside_the_milestones_widens_the_axis() {
        let items = [item("A", "2026-01-15", MilestoneState::Upcoming)];
        let html = render_timeline(&items, &opts("2025-11-02"));
        let s = svg(&html);
        let months: Vec<&str> = texts_of(s, "tick-month").iter().map(|t| t.2).collect();
        assert_eq!(months, ["Nov", "Dec", "Jan"]);
        let years: Vec<&str> = texts_of(s, "tick-year").iter().map(|t| t.2).collect();
        assert_eq!(years, ["2025", "2026"]);
    }

    #[test]
    fn zero_one_many_and_odd_input_do_not_panic() {
        assert_eq!(render_timeline(&[], &opts("2026-11-27")), "");
        let one = [TimelineItem {
            name: "<One> & \"only\"",
            date: d("2026-11-27"),
            state: MilestoneState::Upcoming,
            detail: "",
        }];
        let html = render_timeline(&one, &opts("2026-11-27"));
        assert_well_formed(&html);
        assert!(html.contains("&lt;One&gt; &amp; &quot;only&quot;"));
        // Years apart: the month count is capped, labels thin out.
        let far = [
            item("Old", "1990-01-01", MilestoneState::Done),
            item("New", "2090-01-01", MilestoneState::Upcoming),
        ];
        let html = render_timeline(&far, &opts("2026-11-27"));
        assert_well_formed(&html);
        let names: Vec<String> = (0..60).map(|i| format!("Milestone {i}")).collect();
        let many: Vec<TimelineItem> = names
            .iter()
            .enumerate()
            .map(|(i, n)| TimelineItem {
                name: n,
                date: Date::from_days_since_epoch(20_500 + i as i64 * 3),
                state: MilestoneState::Overdue,
                detail: "overdue",
            })
            .collect();
        let html = render_timeline(&many, &opts("2026-11-27"));
        assert_well_formed(&html);
        assert_eq!(html.matches("class=\"ms overdue\"").count(), 60);
    }
}
