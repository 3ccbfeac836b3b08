//! The RACI swimlane: the stage diagram redrawn with one lane per role. Each stage is a
//! box in the lane of the role accountable for it (A), in process order from left to
//! right, with arrows from stage to stage; the roles responsible (R), consulted (C) or
//! informed (I) get a lettered marker in the stage's column of their lane.
//!
//! ```text
//!             ①           ②           ③
//! SDR       [A Identify]→[A Contact] ┐   (R)
//! AE          (C)          (R)       └→[A Needs]
//! Director    (I)                       (C)
//! [A] accountable  (R) responsible  (C) consulted  (I) informed
//! ```
//!
//! Inside the SVG: `rect.lane-band` and `text.lane-name` per role; per stage `text.col-num`,
//! and a `g.swim-node` with `rect.node-box`, `circle.node-a`, `text.node-a-letter` and
//! `text.node-name`; `g.swim-mark.mark-r` (or `mark-c`, `mark-i`) with `rect` and
//! `text.mark-letter`; `path.swim-arrow` between stages; `g.legend` at the bottom.

use std::fmt::Write as _;

use super::chart::Anchor::{Middle, Start};
use super::chart::{self, ChartText};
use super::layout::Px;
use super::text::{Weight, fit_line, text_em, wrap};

/// One stage column of the swimlane. Texts are shown as given.
#[derive(Clone, Copy, Debug)]
pub struct SwimStage<'a> {
    /// Stage name.
    pub name: &'a str,
    /// Index of the lane holding the stage's box: its accountable role.
    pub lane: usize,
    /// The other roles' parts in the stage: lane index and letter (`"R"`, `"C"`, `"I"`).
    pub marks: &'a [(usize, &'a str)],
}

/// How to draw the swimlane.
#[derive(Clone, Copy, Debug)]
pub struct SwimlaneOptions<'a> {
    /// Name, description and id.
    pub text: ChartText<'a>,
    /// Lane names (role names), top to bottom.
    pub lanes: &'a [&'a str],
    /// The legend's words for A, R, C and I: "accountable", "responsible", …
    pub legend: [&'a str; 4],
}

const MARGIN: f64 = 8.0;
const HEAD_W: f64 = 160.0;
const COL_W: f64 = 152.0;
const NODE_W: f64 = 132.0;
const NODE_H: f64 = 46.0;
const LANE_H: f64 = 62.0;
const TOP_H: f64 = 30.0;
const PX: f64 = 13.0;
const NODE_PX: f64 = 12.5;
const SMALL_PX: f64 = 12.0;

pub(crate) const STYLE: &str = "\
:where(.swimlane-chart .lane-band){fill:var(--surface,#fff)}\
:where(.swimlane-chart .lane-band.alt){fill:var(--surface-2,#f0f3f7)}\
:where(.swimlane-chart .lane-line){stroke:var(--border,#e1e6ed);stroke-width:1}\
:where(.swimlane-chart .node-box){fill:var(--accent-soft,#ebf2fd);stroke:var(--accent,#1d5fd0);stroke-width:1.5}\
:where(.swimlane-chart .node-a){fill:var(--accent,#1d5fd0)}\
text:where(.swimlane-chart .node-a-letter){fill:var(--on-accent,#fff);font-weight:700}\
:where(.swimlane-chart .swim-arrow){fill:none;stroke:var(--muted,#5a6676);stroke-width:1.5}\
:where(.swimlane-chart .swim-head){fill:var(--muted,#5a6676)}\
:where(.swimlane-chart .swim-mark rect){fill:var(--surface,#fff);stroke:var(--border-2,#c5cfdb);stroke-width:1.5}\
:where(.swimlane-chart .mark-r rect){stroke:var(--accent,#1d5fd0);stroke-width:2}\
:where(.swimlane-chart .mark-i rect){stroke-dasharray:3 2}\
text:where(.swimlane-chart .mark-letter){font-weight:700}\
text:where(.swimlane-chart .col-num){fill:var(--muted,#5a6676);font-weight:600}";

/// Writes a lettered marker centred on `(cx, cy)`.
fn mark(o: &mut String, letter: &str, (cx, cy): (f64, f64)) {
    let class = match letter {
        "R" => "swim-mark mark-r",
        "C" => "swim-mark mark-c",
        "I" => "swim-mark mark-i",
        _ => "swim-mark",
    };
    let _ = write!(o, "<g class=\"{class}\">");
    chart::rect(o, "", (cx - 13.0, cy - 11.0, 26.0, 22.0), 11.0);
    chart::text(
        o,
        "mark-letter",
        (cx, cy + 4.5),
        SMALL_PX,
        Middle,
        &fit_line(letter, 1.5),
    );
    o.push_str("</g>");
}

/// Renders the swimlane as an HTML fragment (see the module docs); empty without stages
/// or lanes. Stages whose lane is out of range are drawn without a box.
#[must_use]
pub fn render_swimlane(stages: &[SwimStage], opts: &SwimlaneOptions) -> String {
    let lanes = opts.lanes;
    if stages.is_empty() || lanes.is_empty() {
        return String::new();
    }
    let n = stages.len();
    let w = 2.0 * MARGIN + HEAD_W + n as f64 * COL_W;
    let lanes_y = MARGIN + TOP_H;
    let lanes_bottom = lanes_y + lanes.len() as f64 * LANE_H;
    // The legend: items laid out left to right, wrapping.
    let letters = ["A", "R", "C", "I"];
    let mut legend: Vec<(f64, f64, &str, String)> = Vec::new();
    let (mut lx, mut ly) = (MARGIN, lanes_bottom + 24.0);
    for (letter, word) in letters.iter().zip(opts.legend) {
        let word = fit_line(word, (w - 2.0 * MARGIN - 34.0) / SMALL_PX);
        let iw = 34.0 + text_em(&word, Weight::Regular) * SMALL_PX + 22.0;
        if lx + iw > w - MARGIN && lx > MARGIN {
            lx = MARGIN;
            ly += 28.0;
        }
        legend.push((lx, ly, letter, word));
        lx += iw;
    }
    let h = ly + 16.0 + MARGIN;
    let mut out = String::with_capacity(3000 + n * 900 + lanes.len() * 300);
    let o = &mut out;
    chart::open(o, "swimlane-chart", &opts.text, (w, h));
    let col_x = |i: usize| MARGIN + HEAD_W + i as f64 * COL_W;
    let lane_mid = |l: usize| lanes_y + l as f64 * LANE_H + LANE_H / 2.0;

    o.push_str("<g class=\"lanes\">");
    for (l, name) in lanes.iter().enumerate() {
        let y = lanes_y + l as f64 * LANE_H;
        let class = if l % 2 == 1 {
            "lane-band alt"
        } else {
            "lane-band"
        };
        chart::rect(o, class, (MARGIN, y, w - 2.0 * MARGIN, LANE_H), 0.0);
        chart::line(o, "lane-line", (MARGIN, y), (w - MARGIN, y));
        let lines = wrap(name, (HEAD_W - 12.0) / PX, 2, Weight::Bold);
        let first = lane_mid(l) + 0.35 * PX - (lines.len().max(1) - 1) as f64 * 8.0;
        for (k, line) in lines.iter().enumerate() {
            chart::text(
                o,
                "lane-name t-bold",
                (MARGIN + 8.0, first + k as f64 * 16.0),
                PX,
                Start,
                line,
            );
        }
    }
    chart::line(
        o,
        "lane-line",
        (MARGIN, lanes_bottom),
        (w - MARGIN, lanes_bottom),
    );
    o.push_str("</g>");

    // Arrows between the boxes of consecutive stages, underneath everything else.
    o.push_str("<g aria-hidden=\"true\">");
    for i in 1..n {
        let (a, b) = (stages[i - 1].lane, stages[i].lane);
        if a >= lanes.len() || b >= lanes.len() {
            continue;
        }
        let x1 = col_x(i - 1) + (COL_W + NODE_W) / 2.0;
        let x2 = col_x(i) + (COL_W - NODE_W) / 2.0 - 1.0;
        let xm = (x1 + x2) / 2.0;
        let (y1, y2) = (lane_mid(a), lane_mid(b));
        let _ = write!(
            o,
            "<path class=\"swim-arrow\" d=\"M{} {}H{}V{}H{}\"/>\
             <path class=\"swim-head\" d=\"M{} {}L{} {}L{} {}Z\"/>",
            Px(x1),
            Px(y1),
            Px(xm),
            Px(y2),
            Px(x2 - 5.0),
            Px(x2 - 6.0),
            Px(y2 - 4.0),
            Px(x2),
            Px(y2),
            Px(x2 - 6.0),
            Px(y2 + 4.0),
        );
    }
    o.push_str("</g>");

    for (i, st) in stages.iter().enumerate() {
        let cx = col_x(i) + COL_W / 2.0;
        chart::text(
            o,
            "col-num",
            (cx, MARGIN + 18.0),
            SMALL_PX,
            Middle,
            &(i + 1).to_string(),
        );
        for &(lane, letter) in st.marks {
            if lane < lanes.len() && lane != st.lane {
                mark(o, letter, (cx, lane_mid(lane)));
            }
        }
        if st.lane >= lanes.len() {
            continue;
        }
        o.push_str("<g class=\"swim-node\">");
        let (x, y) = (cx - NODE_W / 2.0, lane_mid(st.lane) - NODE_H / 2.0);
        chart::rect(o, "node-box", (x, y, NODE_W, NODE_H), 8.0);
        let _ = write!(
            o,
            "<circle class=\"node-a\" cx=\"{}\" cy=\"{}\" r=\"9\"/>",
            Px(x + 2.0),
            Px(y + 2.0)
        );
        chart::text(o, "node-a-letter", (x + 2.0, y + 6.0), 11.0, Middle, "A");
        let lines = wrap(st.name, (NODE_W - 20.0) / NODE_PX, 2, Weight::Bold);
        let first = y + NODE_H / 2.0 + 0.35 * NODE_PX - (lines.len().max(1) - 1) as f64 * 8.0;
        for (k, line) in lines.iter().enumerate() {
            chart::text(
                o,
                "node-name t-bold",
                (cx, first + k as f64 * 16.0),
                NODE_PX,
                Middle,
                line,
            );
        }
        o.push_str("</g>");
    }

    o.push_str("<g class=\"legend\">");
    for (x, y, letter, word) in &legend {
        if *letter == "A" {
            chart::rect(o, "node-box", (*x, y - 11.0, 26.0, 22.0), 5.0);
            chart::text(o, "mark-letter", (x + 13.0, y + 4.5), SMALL_PX, Middle, "A");
        } else {
            mark(o, letter, (x + 13.0, *y));
        }
        chart::text(o, "legend-word", (x + 34.0, y + 4.5), SMALL_PX, Start, word);
    }
    o.push_str("</g>");
    chart::close(o);
    out
}

#[cfg(test)]
mod tests {
    use super::super::chart::tests::{svg, texts_of};
    use super::super::tests::assert_well_formed;
    use super::*;

    const LANES: [&str; 3] = ["SDR", "Account Executive", "Director"];

    fn opts<'a>(lanes: &'a [&'a str]) -> SwimlaneOptions<'a> {
        SwimlaneOptions {
            text: ChartText {
                id: "raci",
                title: "Who does what",
                description: "Stages by accountable role.",
            },
            lanes,
            legend: ["accountable", "responsible", "consulted", "informed"],
        }
    }

    #[test]
    fn boxes_sit_in_the_accountable_lane_and_letters_in_the_others() {
        let m0 = [(1, "C"), (2, "I")];
        let m1 = [(1, "R")];
        let m2 = [(0, "R"), (2, "C")];
        let stages = [
            SwimStage {
                name: "Identify",
                lane: 0,
                marks: &m0,
            },
            SwimStage {
                name: "Contact",
                lane: 0,
                marks: &m1,
            },
            SwimStage {
                name: "Needs analysis",
                lane: 1,
                marks: &m2,
            },
        ];
        let html = render_swimlane(&stages, &opts(&LANES));
        assert_well_formed(&html);
        let s = svg(&html);
        let lanes: Vec<(f64, f64, &str)> = texts_of(s, "lane-name");
        assert_eq!(lanes.iter().map(|t| t.2).collect::<Vec<_>>(), LANES);
        let nodes = texts_of(s, "node-name");
        assert_eq!(
            nodes.iter().map(|t| t.2).collect::<Vec<_>>(),
            ["Identify", "Contact", "Needs analysis"]
        );
        // Columns go right; each box is in its lane (same baseline as the lane name).
        assert!(nodes[0].0 < nodes[1].0 && nodes[1].0 < nodes[2].0);
        assert!((nodes[0].1 - lanes[0].1).abs() < 1.0);
        assert!((nodes[2].1 - lanes[1].1).abs() < 1.0);
        assert_eq!(s.matches("class=\"swim-node\"").count(), 3);
        // R, C, I markers in the stage columns (legend markers come after).
        let letters: Vec<&str> = texts_of(s, "mark-letter").iter().map(|t| t.2).collect();
        assert_eq!(letters, ["C", "I", "R", "R", "C", "A", "R", "C", "I"]);
        assert_eq!(s.matches("class=\"swim-mark mark-r\"").count(), 3);
        // Two arrows; the second changes lanes.
        assert_eq!(s.matches("class=\"swim-arrow\"").count(), 2);
        let nums: Vec<&str> = texts_of(s, "col-num").iter().map(|t| t.2).collect();
        assert_eq!(nums, ["1", "2", "3"]);
        let legend: Vec<&str> = texts_of(s, "legend-word").iter().map(|t| t.2).collect();
        assert_eq!(
            legend,
            ["accountable", "responsible", "consulted", "informed"]
        );
        assert!(!s.contains("fill=\"#"));
    }

    #[test]
    fn zero_one_many_and_out_of_range_do_not_panic() {
        assert_eq!(render_swimlane(&[], &opts(&LANES)), "");
        let one = [SwimStage {
            name: "<b> & \"",
            lane: 0,
            marks: &[(0, "R"), (7, "C")],
        }];
        assert_eq!(render_swimlane(&one, &opts(&[])), "");
        let html = render_swimlane(&one, &opts(&["<Role>"]));
        assert_well_formed(&html);
        assert!(html.contains("&lt;b&gt; &amp; &quot;"));
        assert!(html.contains("&lt;Role&gt;"));
        assert!(!html.contains("class=\"swim-arrow\""));
        assert_eq!(html.matches("class=\"swim-mark").count(), 3, "legend only");
        let lost = [
            SwimStage {
                name: "a",
                lane: 9,
                marks: &[],
            },
            SwimStage {
                name: "b",
                lane: 0,
                marks: &[],
            },
        ];
        let html = render_swimlane(&lost, &opts(&LANES));
        assert_well_formed(&html);
        assert_eq!(html.matches("class=\"swim-node\"").count(), 1);
        assert!(!html.contains("class=\"swim-arrow\""));
        let names: Vec<String> = (0..100).map(|i| format!("Stage {i}")).collect();
        let many: Vec<SwimStage> = names
            .iter()
            .enumerate()
            .map(|(i, n)| SwimStage {
                name: n,
                lane: i % 3,
                marks: &[(0, "I")],
            })
            .collect();
        let html = render_swimlane(&many, &opts(&LANES));
        assert_well_formed(&html);
        assert_eq!(html.matches("class=\"swim-arrow\"").count(), 99);
    }
}
