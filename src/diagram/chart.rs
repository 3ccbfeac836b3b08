//! What the plan charts share: the frame around each SVG, text runs, and default styles.
//!
//! Every chart is an HTML fragment shaped like this:
//!
//! ```text
//! figure.plan-chart.<kind>
//!   div.chart-scroll[tabindex=0]       scrolls sideways on narrow screens
//!     svg[role=img]                    natural size, shrinks to 85 % before scrolling
//!       title, desc                    its accessible name and description
//!   svg.chart-narrow[role=img]         charts made of rows only: a phone-sized drawing
//! ```
//!
//! A chart with a narrow drawing marks its wide one `svg.chart-wide` (in
//! `div.chart-scroll.wide`); the site CSS shows one of the two by screen width (both are
//! complete pictures).
//!
//! The drawing is one picture for assistive technology (`role="img"`); the page puts a
//! table beside each chart with the same numbers, which is the accessible alternative.
//!
//! Colours come only from CSS: the theme's `plan.css` holds zero-specificity (`:where`)
//! defaults, [`chart_styles`] here, written once per page rather than in every SVG. They
//! read the theme's custom properties (`--text`, `--muted`, `--accent`,
//! `--accent-soft-2`, `--success`, `--warn`, `--warn-text`, `--warn-bg`, `--surface`,
//! `--surface-2`, `--border`, `--border-2`), each with a light fallback. Font sizes are fixed
//! by attributes because the layout depends on them.
//!
//! A chart's own rules for `<text>` are written `text:where(…)` (specificity 0,0,1) to beat
//! the shared zero-specificity text rules wherever they come, and still lose to any rule of
//! the site's CSS that names a class.

use std::fmt::Write as _;

use super::layout::Px;
use super::sanitize_id;
use super::text::push_escaped;

/// The name, description and id of one chart.
#[derive(Clone, Copy, Debug)]
pub struct ChartText<'a> {
    /// Id prefix, unique on the page (made safe for HTML ids).
    pub id: &'a str,
    /// The chart's accessible name, e.g. "Pipeline needed for 100 customers".
    pub title: &'a str,
    /// One or two sentences on what the chart shows.
    pub description: &'a str,
}

/// Styles every chart uses: text colours, the halo that keeps labels readable over lines.
pub(crate) const BASE_STYLE: &str = "\
:where(.plan-chart svg){display:block;font-family:inherit}\
:where(.plan-chart text){fill:var(--text,#16202e)}\
:where(.plan-chart .t-bold){font-weight:600}\
:where(.plan-chart .t-muted){fill:var(--muted,#5a6676)}\
:where(.plan-chart .t-warn){fill:var(--warn-text,#86380b);font-weight:600}\
:where(.plan-chart .t-ok){fill:var(--success,#177245);font-weight:600}\
:where(.plan-chart .halo){paint-order:stroke;stroke:var(--surface,#fff);stroke-width:4px;stroke-linejoin:round}\
:where(.plan-chart .grid){stroke:var(--border,#e1e6ed);stroke-width:1}\
:where(.plan-chart .axis){stroke:var(--border-2,#c5cfdb);stroke-width:1.5}\
:where(.plan-chart .swatch-box){stroke:var(--border-2,#c5cfdb)}";

/// How text is anchored at its x position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// Which of a chart's drawings an `<svg>` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    /// The only drawing: natural size, shrinks to 85 % and then scrolls.
    Only,
    /// The wide drawing of a chart that also has a narrow one (shown on wide screens).
    Wide,
    /// The phone-sized drawing: scales to the width of its container.
    Narrow,
}

/// Opens the figure, the scroll wrapper and the `<svg>` of a `w` × `h` chart of `kind`,
/// with its title and description. Returns the sanitized id prefix.
pub(crate) fn open(out: &mut String, kind: &str, text: &ChartText, size: (f64, f64)) -> String {
    open_figure(out, kind);
    open_svg(out, text, Variant::Only, size)
}

/// Closes what [`open`] opened.
pub(crate) fn close(out: &mut String) {
    close_svg(out, Variant::Only);
    out.push_str("</figure>");
}

/// Opens the `<figure>` of a chart of `kind`.
pub(crate) fn open_figure(out: &mut String, kind: &str) {
    let _ = write!(out, "<figure class=\"plan-chart {kind}\">");
}

/// Opens one `<svg>` drawing of a chart (in its scroll wrapper unless narrow), with its
/// title and description. Returns the sanitized id prefix (without the variant).
pub(crate) fn open_svg(
    out: &mut String,
    text: &ChartText,
    variant: Variant,
    (w, h): (f64, f64),
) -> String {
    let id = sanitize_id(text.id);
    let (class, sid) = match variant {
        Variant::Only => ("", id.clone()),
        Variant::Wide => (" class=\"chart-wide\"", format!("{id}-w")),
        Variant::Narrow => (" class=\"chart-narrow\"", format!("{id}-n")),
    };
    if variant == Variant::Narrow {
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\"{class} width=\"100%\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" style=\"max-width:{w}px;height:auto\" ",
            w = Px(w),
            h = Px(h),
        );
    } else {
        let wrap = if variant == Variant::Wide {
            "chart-scroll wide"
        } else {
            "chart-scroll"
        };
        let _ = write!(
            out,
            "<div class=\"{wrap}\" tabindex=\"0\"><svg xmlns=\"http://www.w3.org/2000/svg\"{class} \
             width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             style=\"max-width:100%;height:auto;min-width:{min}px\" ",
            w = Px(w),
            h = Px(h),
            min = Px((w * 0.85).floor()),
        );
    }
    let _ = write!(
        out,
        "role=\"img\" aria-labelledby=\"{sid}-title\" aria-describedby=\"{sid}-desc\">\
         <title id=\"{sid}-title\">"
    );
    push_escaped(out, text.title);
    let _ = write!(out, "</title><desc id=\"{sid}-desc\">");
    push_escaped(out, text.description);
    out.push_str("</desc>");
    id
}

/// Closes what [`open_svg`] opened.
pub(crate) fn close_svg(out: &mut String, variant: Variant) {
    out.push_str(if variant == Variant::Narrow {
        "</svg>"
    } else {
        "</svg></div>"
    });
}

/// Writes one `<text>` run.
pub(crate) fn text(
    out: &mut String,
    class: &str,
    (x, y): (f64, f64),
    px: f64,
    anchor: Anchor,
    s: &str,
) {
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\" font-size=\"{}\"",
        Px(x),
        Px(y),
        Px(px)
    );
    match anchor {
        Anchor::Start => {}
        Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
        Anchor::End => out.push_str(" text-anchor=\"end\""),
    }
    out.push('>');
    push_escaped(out, s);
    out.push_str("</text>");
}

/// Writes a `<rect>` of class `class`, with rounded corners of radius `r`.
pub(crate) fn rect(out: &mut String, class: &str, (x, y, w, h): (f64, f64, f64, f64), r: f64) {
    let _ = write!(
        out,
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        Px(x),
        Px(y),
        Px(w.max(0.0)),
        Px(h.max(0.0))
    );
    if r > 0.0 {
        let _ = write!(out, " rx=\"{}\"", Px(r));
    }
    out.push_str("/>");
}

/// Writes a straight `<line>` of class `class`.
pub(crate) fn line(out: &mut String, class: &str, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
    let _ = write!(
        out,
        "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        Px(x1),
        Px(y1),
        Px(x2),
        Px(y2)
    );
}

/// A finite, non-negative number, or 0.
pub(crate) fn finite(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 { x } else { 0.0 }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The `<svg>…</svg>` of a chart.
    pub(crate) fn svg(html: &str) -> &str {
        let a = html.find("<svg").expect("an svg");
        let b = html.rfind("</svg>").expect("a closed svg") + 6;
        &html[a..b]
    }

    /// The `<svg>…</svg>` with class `class` (`chart-wide` or `chart-narrow`).
    pub(crate) fn drawing<'a>(html: &'a str, class: &str) -> &'a str {
        let at = html
            .find(&format!("class=\"{class}\""))
            .unwrap_or_else(|| panic!("no {class}"));
        let a = html[..at].rfind("<svg").unwrap();
        let b = html[at..].find("</svg>").unwrap() + at + 6;
        &html[a..b]
    }

    /// The `(x, y)` attributes of every `<text>` whose class list contains `class`, with
    /// its text, in order.
    pub(crate) fn texts_of<'a>(s: &'a str, class: &str) -> Vec<(f64, f64, &'a str)> {
        s.split("<text class=\"")
            .skip(1)
            .filter(|t| t[..t.find('"').unwrap()].split(' ').any(|c| c == class))
            .map(|t| {
                let num = |attr: &str| -> f64 {
                    let p = format!(" {attr}=\"");
                    let r = &t[t.find(&p).unwrap() + p.len()..];
                    r[..r.find('"').unwrap()].parse().unwrap()
                };
                let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                (num("x"), num("y"), body)
            })
            .collect()
    }

    #[test]
    fn the_frame_names_the_picture_and_escapes() {
        let mut out = String::new();
        let id = open(
            &mut out,
            "x-chart",
            &ChartText {
                id: "a b\"c",
                title: "T <&>",
                description: "D \"q\"",
            },
            (100.0, 50.5),
        );
        text(&mut out, "t-bold", (1.0, 2.0), 13.0, Anchor::End, "<b>");
        close(&mut out);
        assert_eq!(id, "a-b-c");
        super::super::tests::assert_well_formed(&out);
        assert!(out.contains("role=\"img\" aria-labelledby=\"a-b-c-title\""));
        assert!(out.contains("<title id=\"a-b-c-title\">T &lt;&amp;&gt;</title>"));
        assert!(out.contains("min-width:85px"));
        assert!(
            !out.contains("<style"),
            "chart defaults live in plan.css, once per page"
        );
        assert!(out.contains("text-anchor=\"end\">&lt;b&gt;</text>"));
        assert_eq!(finite(f64::NAN), 0.0);
        assert_eq!(finite(-1.0), 0.0);
    }
}
