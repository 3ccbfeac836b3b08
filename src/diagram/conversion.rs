//! Planned against actual conversion: per stage, a hollow bar for the plan and a solid bar
//! for what happened, on one percentage scale.
//!
//! ```text
//! [□] Planned  [■] Actual  [▨] More than 10% below plan
//! Identify           [□□□□□□□□□□□□]          plan 40%
//!                    [■■■■■■■■■■■■■]         actual 42%
//! Needs analysis     [□□□□□□□□□□□□□□□]       plan 50%
//! ⚠ 24% below plan   [▨▨▨▨▨▨▨▨▨]             actual 38%
//!                    0%   20%   40%   60% …
//! ```
//!
//! Two drawings: this one (`svg.chart-wide`), and for phones `svg.chart-narrow`, with each
//! stage's name (and flag) on a line above its bars.
//!
//! A flagged stage is marked three ways: the warning colour, a hatch pattern on its actual
//! bar, and a text marker under its name. Inside the SVG: a `g.rate-row` per stage
//! (`.flagged` when flagged) with `text.r-name`, `text.r-flag`, `rect.plan-bar`,
//! `rect.actual-bar`, `text.r-plan` and `text.r-actual`.

use std::fmt::Write as _;

use super::chart::Anchor::{End, Middle, Start};
use super::chart::{self, ChartText, Variant, finite};
use super::layout::Px;
use super::text::{Weight, fit_line, text_em, wrap};

/// One stage, planned against actual. Texts are shown as given (already formatted).
#[derive(Clone, Copy, Debug)]
pub struct RatePair<'a> {
    /// Stage name.
    pub name: &'a str,
    /// Planned conversion rate (0–1), if any.
    pub planned: Option<f64>,
    /// Measured conversion rate (0–1 or more), if measured.
    pub actual: Option<f64>,
    /// Text after the planned bar: "plan 40%" (or "no plan").
    pub planned_label: &'a str,
    /// Text after the actual bar: "actual 30%" (or "not measured").
    pub actual_label: &'a str,
    /// The warning text of a flagged stage ("⚠ 24% below plan"); `None` when not flagged.
    pub flag: Option<&'a str>,
}

/// The legend's words.
#[derive(Clone, Copy, Debug)]
pub struct RateLegend<'a> {
    /// "Planned".
    pub planned: &'a str,
    /// "Actual".
    pub actual: &'a str,
    /// "More than 10% below plan".
    pub flagged: &'a str,
}

/// Sizes (px) of one drawing.
struct Geometry {
    variant: Variant,
    w: f64,
    /// Left edge and length of the 100 % (or scale top) bar.
    bar_x: f64,
    bar_w: f64,
    /// Distance between the tops of two rows.
    row_h: f64,
    /// Top of the first bar below the top of its row.
    bars_dy: f64,
}

/// Names in a column on the left, bars on the right.
const WIDE: Geometry = Geometry {
    variant: Variant::Wide,
    w: 660.0,
    bar_x: NAME_W + 20.0,
    bar_w: 300.0,
    row_h: 2.0 * BAR_H + 26.0,
    bars_dy: 0.0,
};

/// Phones: the name (and flag) on a line above the two bars.
const NARROW: Geometry = Geometry {
    variant: Variant::Narrow,
    w: 320.0,
    bar_x: MARGIN,
    bar_w: 196.0,
    row_h: 2.0 * BAR_H + 40.0,
    bars_dy: 16.0,
};

const MARGIN: f64 = 8.0;
const NAME_W: f64 = 160.0;
const BAR_H: f64 = 14.0;
const PX: f64 = 13.0;
const SMALL_PX: f64 = 12.0;

pub(crate) const STYLE: &str = "\
:where(.rate-chart .plan-bar){fill:var(--surface,#fff);stroke:var(--accent,#1d5fd0);stroke-width:1.5}\
:where(.rate-chart .actual-bar){fill:var(--accent,#1d5fd0)}\
:where(.rate-chart .flagged .actual-bar,.rate-chart .swatch-flag){fill:var(--warn,#d06a12)}\
:where(.rate-chart .r-band){fill:none}\
:where(.rate-chart .flagged .r-band){fill:var(--warn-bg,#fff7ed)}\
:where(.rate-chart .hatch-line){stroke:var(--surface,#fff);stroke-width:2}";

/// The scale's top: the first of a few round shares at or above the largest value.
fn scale_max(largest: f64) -> f64 {
    [0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.8, 1.0]
        .into_iter()
        .find(|m| largest <= m + 1e-9)
        .unwrap_or_else(|| (largest / 0.5).ceil().min(20.0) * 0.5)
}

/// Renders the chart as an HTML fragment (see the module docs); empty without rows.
#[must_use]
pub fn render_rate_pairs(rows: &[RatePair], text: &ChartText, legend: &RateLegend) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(5000 + rows.len() * 1800);
    chart::open_figure(&mut out, "rate-chart");
    draw(&mut out, rows, text, legend, &WIDE);
    draw(&mut out, rows, text, legend, &NARROW);
    out.push_str("</figure>");
    out
}

/// Writes one drawing of the chart.
fn draw(out: &mut String, rows: &[RatePair], text: &ChartText, legend: &RateLegend, g: &Geometry) {
    let narrow = g.variant == Variant::Narrow;
    let largest = rows
        .iter()
        .flat_map(|r| [r.planned, r.actual])
        .flatten()
        .map(finite)
        .fold(0.0, f64::max);
    let top = scale_max(largest);
    let ticks = if top <= 0.25 + 1e-9 { 5 } else { 4 };
    let x_of = |rate: f64| g.bar_x + g.bar_w * (finite(rate) / top).min(1.0);

    // Legend: swatch and word, left to right, wrapping.
    let mut items: Vec<(f64, f64, &str, String)> = Vec::with_capacity(3);
    let (mut x, mut ly) = (MARGIN, MARGIN + 4.0);
    for (class, word) in [
        ("plan-bar", legend.planned),
        ("actual-bar", legend.actual),
        ("swatch-flag", legend.flagged),
    ] {
        let word = fit_line(word, (g.w - 2.0 * MARGIN - 28.0) / SMALL_PX);
        let iw = 28.0 + text_em(&word, Weight::Regular) * SMALL_PX + 20.0;
        if x + iw > g.w - MARGIN + 20.0 && x > MARGIN {
            x = MARGIN;
            ly += 22.0;
        }
        items.push((x, ly, class, word));
        x += iw;
    }
    let rows_y = ly + 30.0;
    let axis_y = rows_y + rows.len() as f64 * g.row_h;
    let h = axis_y + 22.0 + MARGIN;
    let id = chart::open_svg(out, text, g.variant, (g.w, h));
    let hatch = format!("{id}-{}-hatch", if narrow { "n" } else { "w" });
    let _ = write!(
        out,
        "<defs><pattern id=\"{hatch}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><line class=\"hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/>\
         </pattern></defs>"
    );
    let hatched = |out: &mut String, (x, y, w, h): (f64, f64, f64, f64)| {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" fill=\"url(#{hatch})\"/>",
            Px(x),
            Px(y),
            Px(w),
            Px(h)
        );
    };
    out.push_str("<g class=\"legend\">");
    for (x, y, class, word) in &items {
        chart::rect(out, class, (*x, *y, 22.0, 12.0), 2.0);
        if *class == "swatch-flag" {
            hatched(out, (*x, *y, 22.0, 12.0));
        }
        chart::text(
            out,
            "legend-word",
            (x + 28.0, y + 10.5),
            SMALL_PX,
            Start,
            word,
        );
    }
    out.push_str("</g>");

    // Grid and scale.
    out.push_str("<g aria-hidden=\"true\">");
    for k in 0..=ticks {
        let share = top * k as f64 / ticks as f64;
        let gx = x_of(share);
        let class = if k == 0 { "axis" } else { "grid" };
        chart::line(out, class, (gx, rows_y - 4.0), (gx, axis_y));
        let label = format!("{}%", (share * 1000.0).round() / 10.0);
        let anchor = if k == 0 && narrow { Start } else { Middle };
        chart::text(
            out,
            "r-tick t-muted",
            (gx, axis_y + 16.0),
            SMALL_PX,
            anchor,
            &label,
        );
    }
    out.push_str("</g>");

    for (i, r) in rows.iter().enumerate() {
        let y = rows_y + i as f64 * g.row_h + 8.0;
        let flagged = r.flag.is_some();
        let _ = write!(
            out,
            "<g class=\"rate-row{}\">",
            if flagged { " flagged" } else { "" }
        );
        let band = (
            MARGIN - 4.0,
            y - 6.0,
            g.w - 2.0 * MARGIN + 8.0,
            g.row_h - 8.0,
        );
        chart::rect(out, "r-band", band, 4.0);
        let flag = r.flag.map(|f| {
            let room = if narrow { g.w * 0.5 } else { NAME_W };
            fit_line(f, room / SMALL_PX)
        });
        if narrow {
            // Name on the left of the row's first line, the flag on its right.
            let flag_w = flag
                .as_deref()
                .map_or(0.0, |f| text_em(f, Weight::Regular) * SMALL_PX + 10.0);
            let room = (g.w - 2.0 * MARGIN - flag_w) / PX;
            if let Some(n) = wrap(r.name, room, 1, Weight::Bold).first() {
                chart::text(out, "r-name t-bold", (MARGIN, y + 6.0), PX, Start, n);
            }
            if let Some(f) = &flag {
                let at = (g.w - MARGIN, y + 6.0);
                chart::text(out, "r-flag t-warn", at, SMALL_PX, End, f);
            }
        } else {
            let lines = wrap(
                r.name,
                NAME_W / PX,
                if flagged { 1 } else { 2 },
                Weight::Bold,
            );
            for (k, l) in lines.iter().enumerate() {
                let at = (MARGIN, y + 10.5 + k as f64 * 16.0);
                chart::text(out, "r-name t-bold", at, PX, Start, l);
            }
            if let Some(f) = &flag {
                chart::text(out, "r-flag t-warn", (MARGIN, y + 27.0), SMALL_PX, Start, f);
            }
        }
        for (k, (class, rate, label)) in [
            ("plan-bar", r.planned, r.planned_label),
            ("actual-bar", r.actual, r.actual_label),
        ]
        .into_iter()
        .enumerate()
        {
            let by = y + g.bars_dy + k as f64 * (BAR_H + 4.0);
            let end = match rate {
                Some(rate) => {
                    let end = x_of(rate).max(g.bar_x + 2.0);
                    let bar = (g.bar_x, by, end - g.bar_x, BAR_H);
                    chart::rect(out, class, bar, 2.0);
                    if class == "actual-bar" && flagged {
                        hatched(out, bar);
                    }
                    end
                }
                None => g.bar_x,
            };
            let class = if k == 0 { "r-plan" } else { "r-actual" };
            let class = match (k, rate, flagged) {
                (_, None, _) => format!("{class} t-muted"),
                (1, _, true) => format!("{class} t-warn"),
                (1, _, false) => format!("{class} t-bold"),
                _ => class.to_string(),
            };
            let room = (g.w - MARGIN - end - 6.0) / SMALL_PX;
            let at = (end + 6.0, by + 11.0);
            chart::text(out, &class, at, SMALL_PX, Start, &fit_line(label, room));
        }
        out.push_str("</g>");
    }
    chart::close_svg(out, g.variant);
}

#[cfg(test)]
mod tests {
    use super::super::chart::tests::{drawing, texts_of};
    use super::super::tests::assert_well_formed;
    use super::*;

    const TEXT: ChartText<'static> = ChartText {
        id: "rates",
        title: "Planned vs actual conversion",
        description: "Per stage.",
    };
    const LEGEND: RateLegend<'static> = RateLegend {
        planned: "Planned",
        actual: "Actual",
        flagged: "More than 10% below plan",
    };

    fn pair<'a>(
        name: &'a str,
        planned: f64,
        actual: Option<f64>,
        flag: Option<&'a str>,
    ) -> RatePair<'a> {
        RatePair {
            name,
            planned: Some(planned),
            actual,
            planned_label: "plan",
            actual_label: if actual.is_some() {
                "actual"
            } else {
                "not measured"
            },
            flag,
        }
    }

    #[test]
    fn pairs_in_order_with_the_flagged_stage_marked_in_text_and_pattern() {
        let rows = [
            pair("Identify", 0.4, Some(0.42), None),
            pair("Needs", 0.5, Some(0.38), Some("⚠ 24% below plan")),
            pair("Close", 0.8, None, None),
        ];
        let html = render_rate_pairs(&rows, &TEXT, &LEGEND);
        assert_well_formed(&html);
        let s = drawing(&html, "chart-wide");
        let names: Vec<&str> = texts_of(s, "r-name").iter().map(|t| t.2).collect();
        assert_eq!(names, ["Identify", "Needs", "Close"]);
        assert_eq!(s.matches("class=\"rate-row flagged\"").count(), 1);
        let flagged = &s[s.find("rate-row flagged").unwrap()..];
        let flagged = &flagged[..flagged.find("</g>").unwrap()];
        assert!(flagged.contains(">⚠ 24% below plan</text>"));
        assert!(flagged.contains("fill=\"url(#rates-w-hatch)\""));
        assert!(flagged.contains("class=\"r-actual t-warn\""));
        assert!(s.contains("<pattern id=\"rates-w-hatch\""));
        assert_eq!(
            s.matches("class=\"plan-bar\"").count(),
            4,
            "3 rows + legend"
        );
        assert_eq!(
            s.matches("class=\"actual-bar\"").count(),
            3,
            "2 rows + legend"
        );
        assert!(s.contains("class=\"r-actual t-muted\""), "not measured");
        let legend: Vec<&str> = texts_of(s, "legend-word").iter().map(|t| t.2).collect();
        assert_eq!(legend, ["Planned", "Actual", "More than 10% below plan"]);
        // Scale 0–80 % for a largest value of 0.8, in 4 steps.
        let ticks: Vec<&str> = texts_of(s, "r-tick").iter().map(|t| t.2).collect();
        assert_eq!(ticks, ["0%", "20%", "40%", "60%", "80%"]);
        assert!(!s.contains("fill=\"#"));
        // The phone drawing has the same rows and marks, with its own pattern id.
        let n = drawing(&html, "chart-narrow");
        let names: Vec<&str> = texts_of(n, "r-name").iter().map(|t| t.2).collect();
        assert_eq!(names, ["Identify", "Needs", "Close"]);
        assert!(n.contains(">⚠ 24% below plan</text>"));
        assert!(n.contains("fill=\"url(#rates-n-hatch)\""));
        assert_eq!(texts_of(n, "legend-word").len(), 3);
    }

    #[test]
    fn the_scale_fits_the_largest_rate() {
        assert_eq!(scale_max(0.0), 0.1);
        assert_eq!(scale_max(0.18), 0.2);
        assert_eq!(scale_max(0.6), 0.6);
        assert_eq!(scale_max(0.61), 0.8);
        assert_eq!(scale_max(1.3), 1.5);
        assert_eq!(scale_max(1e9), 10.0);
    }

    #[test]
    fn zero_one_many_and_bad_numbers_do_not_panic() {
        assert_eq!(render_rate_pairs(&[], &TEXT, &LEGEND), "");
        let one = [pair("<Only> & \"one\"", 0.5, Some(0.5), None)];
        let html = render_rate_pairs(&one, &TEXT, &LEGEND);
        assert_well_formed(&html);
        assert!(html.contains("&lt;Only&gt; &amp; &quot;one&quot;"));
        let bad = [
            pair("nan", f64::NAN, Some(f64::INFINITY), Some("<flag>")),
            RatePair {
                name: "",
                planned: None,
                actual: Some(-1.0),
                planned_label: "",
                actual_label: "",
                flag: None,
            },
        ];
        let html = render_rate_pairs(&bad, &TEXT, &LEGEND);
        assert_well_formed(&html);
        assert!(!html.contains("NaN") && !html.contains("inf"));
        let names: Vec<String> = (0..200).map(|i| format!("Stage {i}")).collect();
        let many: Vec<RatePair> = names
            .iter()
            .map(|n| pair(n, 0.3, Some(0.2), Some("!")))
            .collect();
        let html = render_rate_pairs(&many, &TEXT, &LEGEND);
        assert_well_formed(&html);
        assert_eq!(
            html.matches("rate-row flagged").count(),
            400,
            "200 in each drawing"
        );
    }
}
