//! The reverse funnel: one bar per stage, top to bottom, as wide as the deals that must
//! enter it, centred so the bars narrow like a funnel down to the deals won.
//!
//! ```text
//! Identify      [==========================]   2,084 must enter
//!                 \                        /    by 2026-12-21
//!                  \                      / ↓ 40% move on
//! Contact           [==============]           834 must enter
//! …
//! Won                    [===]                 100 won = the goal
//! After-sales                                  after the sale
//! ```
//!
//! Two drawings: this one (`svg.chart-wide`), and for phones `svg.chart-narrow`, where
//! each bar has its name and number on a line above it and its date and step below.
//!
//! Inside each SVG: per row a `g.funnel-row` (`.won` for the goal row, `.muted` for rows
//! without a number) holding `text.f-name`, `rect.funnel-bar` (when there is a number),
//! `text.f-label`, `text.f-detail`; between two bars, `path.funnel-link` and `text.f-step`.

use std::fmt::Write as _;

use super::chart::Anchor::{End, Start};
use super::chart::{self, ChartText, Variant, finite};
use super::layout::Px;
use super::text::{Weight, fit_line, text_em, wrap};

/// What a row of the funnel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunnelKind {
    /// A stage that feeds the goal: drawn as a bar.
    Stage,
    /// The deals won: the goal, drawn as the last, differently coloured bar.
    Won,
    /// A stage without a number (after the sale, or no conversion rate): no bar, muted text.
    Muted,
}

/// One row of the funnel chart. Every text is shown as given (unescaped, already formatted).
#[derive(Clone, Copy, Debug)]
pub struct FunnelBar<'a> {
    /// Stage name (or "Won" for the goal row).
    pub name: &'a str,
    /// Deals that must enter; the bar's width is proportional to it.
    pub count: f64,
    /// The main text beside the bar: "2,084 must enter".
    pub label: &'a str,
    /// A second, muted line: "by 2026-12-21"; empty for none.
    pub detail: &'a str,
    /// Printed on the way down to the next row: "40% move on"; empty for none.
    pub step: &'a str,
    /// What the row is.
    pub kind: FunnelKind,
}

/// Sizes (px) of one drawing.
struct Geometry {
    variant: Variant,
    w: f64,
    /// Left edge and width of the area the bars are centred in.
    bar_x: f64,
    bar_w: f64,
    bar_h: f64,
    /// Distance between the tops of two rows.
    pitch: f64,
    /// Top of the bar below the top of its row.
    bar_dy: f64,
}

/// Names in a column on the left, bars in the middle, labels on the right.
const WIDE: Geometry = Geometry {
    variant: Variant::Wide,
    w: 660.0,
    bar_x: NAME_W + 20.0,
    bar_w: 250.0,
    bar_h: 36.0,
    pitch: 62.0,
    bar_dy: 0.0,
};

/// Phones: name and label on a line above each bar, date and step below it.
const NARROW: Geometry = Geometry {
    variant: Variant::Narrow,
    w: 320.0,
    bar_x: MARGIN,
    bar_w: 320.0 - 2.0 * MARGIN,
    bar_h: 20.0,
    pitch: 70.0,
    bar_dy: 21.0,
};

const MARGIN: f64 = 6.0;
const NAME_W: f64 = 150.0;
const NAME_PX: f64 = 13.0;
const LABEL_PX: f64 = 14.0;
const SMALL_PX: f64 = 12.0;

pub(crate) const STYLE: &str = "\
:where(.funnel-chart .funnel-bar){fill:var(--accent,#1d5fd0)}\
:where(.funnel-chart .won .funnel-bar){fill:var(--success,#177245)}\
:where(.funnel-chart .funnel-link){fill:var(--accent-soft-2,#d4e3fa)}";

/// Renders the funnel chart as an HTML fragment (see the module docs); empty without rows.
#[must_use]
pub fn render_funnel(bars: &[FunnelBar], text: &ChartText) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(3000 + bars.len() * 1400);
    chart::open_figure(&mut out, "funnel-chart");
    draw(&mut out, bars, text, &WIDE);
    draw(&mut out, bars, text, &NARROW);
    out.push_str("</figure>");
    out
}

/// Writes one drawing of the funnel.
fn draw(out: &mut String, bars: &[FunnelBar], text: &ChartText, g: &Geometry) {
    let narrow = g.variant == Variant::Narrow;
    let max = bars
        .iter()
        .filter(|b| b.kind != FunnelKind::Muted)
        .map(|b| finite(b.count))
        .fold(0.0, f64::max);
    let width = |b: &FunnelBar| -> Option<f64> {
        (b.kind != FunnelKind::Muted).then(|| {
            let share = if max > 0.0 {
                finite(b.count) / max
            } else {
                0.0
            };
            (g.bar_w * share).max(4.0)
        })
    };
    let h = MARGIN * 2.0 + bars.len() as f64 * g.pitch - (g.pitch - g.bar_dy - g.bar_h);
    let h = if narrow { h + 18.0 } else { h };
    chart::open_svg(out, text, g.variant, (g.w, h));
    let cx = g.bar_x + g.bar_w / 2.0;
    let label_x = g.bar_x + g.bar_w + 40.0;

    // The links between bars first, underneath (the narrow drawing has no room for them).
    if !narrow {
        out.push_str("<g aria-hidden=\"true\">");
        for (i, pair) in bars.windows(2).enumerate() {
            let (Some(a), Some(b)) = (width(&pair[0]), width(&pair[1])) else {
                continue;
            };
            let y1 = MARGIN + i as f64 * g.pitch + g.bar_h;
            let y2 = y1 + g.pitch - g.bar_h;
            let _ = write!(
                out,
                "<path class=\"funnel-link\" d=\"M{} {}L{} {}L{} {}L{} {}Z\"/>",
                Px(cx - a / 2.0),
                Px(y1),
                Px(cx + a / 2.0),
                Px(y1),
                Px(cx + b / 2.0),
                Px(y2),
                Px(cx - b / 2.0),
                Px(y2),
            );
        }
        out.push_str("</g>");
    }

    for (i, bar) in bars.iter().enumerate() {
        let y = MARGIN + i as f64 * g.pitch;
        let bar_y = y + g.bar_dy;
        let class = match bar.kind {
            FunnelKind::Stage => "funnel-row",
            FunnelKind::Won => "funnel-row won",
            FunnelKind::Muted => "funnel-row muted",
        };
        let _ = write!(out, "<g class=\"{class}\">");
        let name_class = if bar.kind == FunnelKind::Muted {
            "f-name t-muted"
        } else {
            "f-name t-bold"
        };
        let label_class = match bar.kind {
            FunnelKind::Muted => "f-label t-muted",
            FunnelKind::Won => "f-label t-ok",
            FunnelKind::Stage => "f-label t-bold",
        };
        // Narrow: name and label share the line above the bar. Wide: the name in its column,
        // the label on the right, raised when a detail line goes under it.
        let mid = bar_y + g.bar_h / 2.0;
        let (label_at, label_anchor, label) = if narrow {
            let label = fit_line(bar.label, (g.w * 0.55) / LABEL_PX);
            let room = g.w - 2.0 * MARGIN - text_em(&label, Weight::Regular) * LABEL_PX - 10.0;
            if let Some(n) = wrap(bar.name, room / NAME_PX, 1, Weight::Bold).first() {
                chart::text(out, name_class, (MARGIN, y + 14.0), NAME_PX, Start, n);
            }
            ((g.w - MARGIN, y + 14.0), End, label)
        } else {
            let name = wrap(bar.name, NAME_W / NAME_PX, 2, Weight::Bold);
            let first = mid + 0.35 * NAME_PX - (name.len().max(1) - 1) as f64 * 8.0;
            for (k, l) in name.iter().enumerate() {
                let at = (MARGIN, first + k as f64 * 16.0);
                chart::text(out, name_class, at, NAME_PX, Start, l);
            }
            let raised = !bar.detail.trim().is_empty();
            let label_y = if raised {
                mid - 2.0
            } else {
                mid + 0.35 * LABEL_PX
            };
            let label = fit_line(bar.label, (g.w - MARGIN - label_x) / LABEL_PX);
            ((label_x, label_y), Start, label)
        };
        chart::text(out, label_class, label_at, LABEL_PX, label_anchor, &label);
        if let Some(w) = width(bar) {
            let r = 3.0_f64.min(w / 2.0);
            chart::rect(out, "funnel-bar", (cx - w / 2.0, bar_y, w, g.bar_h), r);
        }
        let (detail_at, detail_em) = if narrow {
            ((MARGIN, bar_y + g.bar_h + 14.0), g.w * 0.5 / SMALL_PX)
        } else {
            ((label_x, mid + 14.0), (g.w - MARGIN - label_x) / SMALL_PX)
        };
        let detail = fit_line(bar.detail, detail_em);
        if !detail.is_empty() {
            chart::text(out, "f-detail t-muted", detail_at, SMALL_PX, Start, &detail);
        }
        out.push_str("</g>");
        // The step down to the next row: beside the link between the two bars, or on the
        // right under the bar.
        if let Some(next) = bars.get(i + 1)
            && !bar.step.trim().is_empty()
        {
            let (at, anchor, room) = if narrow {
                let at = (g.w - MARGIN, bar_y + g.bar_h + 14.0);
                (at, End, g.w * 0.45)
            } else {
                let half = width(bar).unwrap_or(0.0).max(width(next).unwrap_or(0.0)) / 2.0;
                let x = cx + half + 10.0;
                let at = (x, y + g.bar_h + (g.pitch - g.bar_h) / 2.0 + 0.35 * SMALL_PX);
                (at, Start, g.w - MARGIN - x)
            };
            let step = fit_line(bar.step, room / SMALL_PX);
            chart::text(out, "f-step t-muted", at, SMALL_PX, anchor, &step);
        }
    }
    chart::close_svg(out, g.variant);
}

#[cfg(test)]
mod tests {
    use super::super::chart::tests::{drawing, texts_of};
    use super::super::tests::assert_well_formed;
    use super::*;

    fn text() -> ChartText<'static> {
        ChartText {
            id: "funnel-logos",
            title: "Pipeline needed",
            description: "Deals that must enter each stage.",
        }
    }

    fn bar<'a>(name: &'a str, count: f64, label: &'a str, kind: FunnelKind) -> FunnelBar<'a> {
        FunnelBar {
            name,
            count,
            label,
            detail: "by 2026-12-21",
            step: "40% move on",
            kind,
        }
    }

    fn example() -> Vec<FunnelBar<'static>> {
        vec![
            bar("Identify", 2084.0, "2,084 must enter", FunnelKind::Stage),
            bar("Contact", 834.0, "834 must enter", FunnelKind::Stage),
            bar("Close", 125.0, "125 must enter", FunnelKind::Stage),
            bar("Won", 100.0, "100 won = the goal", FunnelKind::Won),
            bar("After-sales", 0.0, "after the sale", FunnelKind::Muted),
        ]
    }

    /// Widths of the bars, in order.
    fn bar_widths(s: &str) -> Vec<f64> {
        s.split("class=\"funnel-bar\"")
            .skip(1)
            .map(|r| {
                let r = &r[r.find("width=\"").unwrap() + 7..];
                r[..r.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn bars_narrow_in_proportion_and_keep_their_order_and_labels() {
        let html = render_funnel(&example(), &text());
        assert_well_formed(&html);
        let s = drawing(&html, "chart-wide");
        let names: Vec<&str> = texts_of(s, "f-name").iter().map(|t| t.2).collect();
        assert_eq!(
            names,
            ["Identify", "Contact", "Close", "Won", "After-sales"]
        );
        let labels: Vec<&str> = texts_of(s, "f-label").iter().map(|t| t.2).collect();
        assert_eq!(
            labels,
            [
                "2,084 must enter",
                "834 must enter",
                "125 must enter",
                "100 won = the goal",
                "after the sale"
            ]
        );
        let w = bar_widths(s);
        assert_eq!(w.len(), 4, "no bar for the post-sale stage");
        assert_eq!(w[0], WIDE.bar_w);
        assert!((w[1] - WIDE.bar_w * 834.0 / 2084.0).abs() < 0.1);
        assert!(w.windows(2).all(|p| p[0] > p[1]));
        // Three links between four bars; none to the muted row.
        assert_eq!(s.matches("class=\"funnel-link\"").count(), 3);
        assert_eq!(s.matches("class=\"funnel-row won\"").count(), 1);
        assert_eq!(s.matches("class=\"funnel-row muted\"").count(), 1);
        // Rows go down the page.
        let ys: Vec<f64> = texts_of(s, "f-label").iter().map(|t| t.1).collect();
        assert!(ys.windows(2).all(|p| p[0] < p[1]));
        assert_eq!(texts_of(s, "f-detail").len(), 5);
        // No step text after the last row.
        assert_eq!(texts_of(s, "f-step").len(), 4);
        assert!(!s.contains("fill=\"#"), "colours come from CSS");
        // The phone drawing: the same rows, numbers and steps, scaled to its container.
        let n = drawing(&html, "chart-narrow");
        assert!(n.contains("width=\"100%\"") && n.contains("max-width:320px"));
        let names: Vec<&str> = texts_of(n, "f-name").iter().map(|t| t.2).collect();
        assert_eq!(
            names,
            ["Identify", "Contact", "Close", "Won", "After-sales"]
        );
        let labels: Vec<&str> = texts_of(n, "f-label").iter().map(|t| t.2).collect();
        assert_eq!(labels[0], "2,084 must enter");
        assert_eq!(texts_of(n, "f-step").len(), 4);
        let nw = bar_widths(n);
        assert_eq!(nw[0], NARROW.bar_w);
        assert!(!n.contains("class=\"funnel-link\""), "no links on phones");
        // Distinct ids for the two drawings.
        assert!(
            html.contains("id=\"funnel-logos-w-title\"")
                && html.contains("id=\"funnel-logos-n-title\"")
        );
    }

    #[test]
    fn zero_one_and_many_rows_and_bad_numbers_do_not_panic() {
        assert_eq!(render_funnel(&[], &text()), "");
        let one = [bar("Only", 12.0, "12 must enter", FunnelKind::Stage)];
        let html = render_funnel(&one, &text());
        assert_well_formed(&html);
        assert!(!html.contains("class=\"funnel-link\""));
        assert!(!html.contains("f-step"), "no step after the last row");
        let zeros = [
            bar("A", 0.0, "0", FunnelKind::Stage),
            bar("B", f64::NAN, "?", FunnelKind::Stage),
            bar("C", f64::INFINITY, "?", FunnelKind::Won),
            bar("D", -5.0, "?", FunnelKind::Stage),
        ];
        let html = render_funnel(&zeros, &text());
        assert_well_formed(&html);
        assert!(!html.contains("NaN") && !html.contains("inf"));
        assert!(bar_widths(&html).iter().all(|w| *w == 4.0));
        assert_eq!(bar_widths(&html).len(), 8, "4 bars in each drawing");
        let names: Vec<String> = (0..300).map(|i| format!("Stage {i}")).collect();
        let many: Vec<FunnelBar> = names
            .iter()
            .enumerate()
            .map(|(i, n)| bar(n, 3000.0 - i as f64, "x", FunnelKind::Stage))
            .collect();
        let html = render_funnel(&many, &text());
        assert_well_formed(&html);
        assert_eq!(bar_widths(drawing(&html, "chart-wide")).len(), 300);
    }

    #[test]
    fn escapes_and_shortens_long_text() {
        let long = "A very long stage name that goes on and on <script> & \"more\" words";
        let rows = [FunnelBar {
            name: long,
            count: 10.0,
            label: "<b>2,084</b> & must enter, and a very long explanation that cannot fit",
            detail: "by 'soon'",
            step: "",
            kind: FunnelKind::Stage,
        }];
        let html = render_funnel(&rows, &text());
        assert_well_formed(&html);
        assert!(!html.contains("<script") && !html.contains("<b>"));
        let s = drawing(&html, "chart-wide");
        let names = texts_of(s, "f-name");
        assert_eq!(names.len(), 2, "names wrap to two lines");
        assert!(names[1].2.ends_with('…'));
        assert!(texts_of(s, "f-label")[0].2.ends_with('…'));
        assert!(s.contains("by &#39;soon&#39;"));
        let cjk = [bar(
            "需求分析与方案设计阶段",
            5.0,
            "需进入 2,084",
            FunnelKind::Stage,
        )];
        assert!(render_funnel(&cjk, &text()).contains(">需进入 2,084</text>"));
    }
}
