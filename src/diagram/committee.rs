//! The buying-committee map: the customer's committee placed by stance (columns, opponent
//! on the left to supporter on the right) and influence (rows, high at the top), one marker
//! per member with the first letter of its part and the member's name.
//!
//! ```text
//!            Opponent   Sceptic   Neutral   Supporter
//!   High   |  (B) Li  |         | (E) Wang |          |
//!   Medium |          | (T) Zhou|          | (C) Chen |
//!   Low    |          |         |          | (U) Xu   |
//! ```
//!
//! Inside the SVG: `rect.cm-cell.stance-<stance>` per cell, `g.cm-member.part-<part>` per
//! member with `circle.cm-mark`, `text.cm-letter` and `text.cm-name`. The page puts the
//! committee table beside it as its text alternative.

use super::chart::Anchor::{End, Middle, Start};
use super::chart::{self, ChartText};
use super::layout::Px;
use super::text::fit_line;
use crate::model::{CommitteePart, Influence, Stance};
use std::fmt::Write as _;

/// One committee member on the map. Texts are shown as given.
#[derive(Clone, Copy, Debug)]
pub struct CommitteeNode<'a> {
    /// The member's name.
    pub name: &'a str,
    /// Their part (sets the marker's class).
    pub part: CommitteePart,
    /// The letter in the marker, standing for the part ("E").
    pub mark: &'a str,
    /// The map's row.
    pub influence: Influence,
    /// The map's column.
    pub stance: Stance,
}

/// The words around the map.
#[derive(Clone, Copy, Debug)]
pub struct CommitteeLabels<'a> {
    /// Name, description and id.
    pub text: ChartText<'a>,
    /// Column headings: opponent, sceptic, neutral, supporter.
    pub stances: [&'a str; 4],
    /// Row headings: high, medium, low.
    pub influences: [&'a str; 3],
}

/// Default colours of the map (`:where` rules, in `plan.css` with the other charts').
pub(crate) const STYLE: &str = "\
:where(.committee-chart .cm-cell){fill:var(--surface-2,#f4f6f9);stroke:var(--border,#e1e6ed)}\
:where(.committee-chart .cm-cell.stance-supporter){fill:var(--accent-soft-2,#e3f0ea)}\
:where(.committee-chart .cm-cell.stance-opponent){fill:var(--warn-bg,#fdf0e6)}\
:where(.committee-chart .cm-mark){fill:var(--accent,#1f5fae)}\
:where(.committee-chart .part-blocker .cm-mark){fill:var(--warn,#d06a12)}\
:where(.committee-chart .part-economic_buyer .cm-mark){fill:var(--success,#177245)}\
text:where(.committee-chart .cm-letter){fill:#fff;font-weight:700}";

const LEFT: f64 = 72.0;
const TOP: f64 = 28.0;
const CELL_W: f64 = 136.0;
const CELL_H: f64 = 100.0;
const SLOT_W: f64 = 68.0;
const SLOT_H: f64 = 30.0;
/// Members shown per cell (two columns of three); more are counted as "+n".
const PER_CELL: usize = 6;

fn column(s: Stance) -> usize {
    match s {
        Stance::Opponent => 0,
        Stance::Sceptic => 1,
        Stance::Neutral => 2,
        Stance::Supporter => 3,
    }
}

fn row(i: Influence) -> usize {
    match i {
        Influence::High => 0,
        Influence::Medium => 1,
        Influence::Low => 2,
    }
}

/// The committee map of `members` as an SVG figure.
pub fn render_committee_map(members: &[CommitteeNode], labels: &CommitteeLabels) -> String {
    let (w, h) = (LEFT + 4.0 * CELL_W + 8.0, TOP + 3.0 * CELL_H + 8.0);
    let mut out = String::with_capacity(2048 + members.len() * 300);
    chart::open(&mut out, "committee-chart", &labels.text, (w, h));
    const STANCES: [Stance; 4] = [
        Stance::Opponent,
        Stance::Sceptic,
        Stance::Neutral,
        Stance::Supporter,
    ];
    for (c, stance) in STANCES.iter().enumerate() {
        let x = LEFT + c as f64 * CELL_W;
        chart::text(
            &mut out,
            "t-bold",
            (x + CELL_W / 2.0, TOP - 10.0),
            12.0,
            Middle,
            labels.stances[c],
        );
        for r in 0..3 {
            let y = TOP + r as f64 * CELL_H;
            chart::rect(
                &mut out,
                &format!("cm-cell stance-{}", stance.key()),
                (x + 2.0, y + 2.0, CELL_W - 4.0, CELL_H - 4.0),
                6.0,
            );
        }
    }
    for (r, label) in labels.influences.iter().enumerate() {
        chart::text(
            &mut out,
            "t-bold",
            (LEFT - 8.0, TOP + r as f64 * CELL_H + CELL_H / 2.0 + 4.0),
            12.0,
            End,
            label,
        );
    }
    let mut filled = [[0usize; 4]; 3];
    for m in members {
        let (r, c) = (row(m.influence), column(m.stance));
        let n = filled[r][c];
        filled[r][c] += 1;
        if n >= PER_CELL {
            continue;
        }
        let x = LEFT + c as f64 * CELL_W + 4.0 + (n % 2) as f64 * SLOT_W;
        let y = TOP + r as f64 * CELL_H + 4.0 + (n / 2) as f64 * SLOT_H;
        let _ = write!(out, "<g class=\"cm-member part-{}\">", m.part.key());
        let _ = write!(
            out,
            "<circle class=\"cm-mark\" cx=\"{}\" cy=\"{}\" r=\"10\"/>",
            Px(x + 12.0),
            Px(y + 15.0)
        );
        chart::text(
            &mut out,
            "cm-letter",
            (x + 12.0, y + 19.0),
            11.0,
            Middle,
            m.mark,
        );
        chart::text(
            &mut out,
            "cm-name",
            (x + 25.0, y + 19.0),
            11.0,
            Start,
            &fit_line(m.name, 3.9),
        );
        out.push_str("</g>");
    }
    for (r, cells) in filled.iter().enumerate() {
        for (c, &n) in cells.iter().enumerate() {
            if n > PER_CELL {
                let x = LEFT + (c + 1) as f64 * CELL_W - 8.0;
                let y = TOP + (r + 1) as f64 * CELL_H - 8.0;
                chart::text(
                    &mut out,
                    "t-muted",
                    (x, y),
                    11.0,
                    End,
                    &format!("+{}", n - PER_CELL),
                );
            }
        }
    }
    chart::close(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::tests::{assert_well_formed, attr_values};

    fn labels() -> CommitteeLabels<'static> {
        CommitteeLabels {
            text: ChartText {
                id: "cm",
                title: "Buying committee",
                description: "Who decides",
            },
            stances: ["Opponent", "Sceptic", "Neutral", "Supporter"],
            influences: ["High", "Medium", "Low"],
        }
    }

    fn node(
        name: &'static str,
        part: CommitteePart,
        influence: Influence,
        stance: Stance,
    ) -> CommitteeNode<'static> {
        CommitteeNode {
            name,
            part,
            mark: "X",
            influence,
            stance,
        }
    }

    #[test]
    fn members_sit_in_the_cell_of_their_stance_and_influence() {
        let svg = render_committee_map(
            &[
                node(
                    "Wang",
                    CommitteePart::EconomicBuyer,
                    Influence::High,
                    Stance::Supporter,
                ),
                node(
                    "A&B",
                    CommitteePart::Blocker,
                    Influence::Low,
                    Stance::Opponent,
                ),
            ],
            &labels(),
        );
        assert_well_formed(&svg);
        assert_eq!(svg.matches("class=\"cm-cell").count(), 12);
        assert!(svg.contains("part-economic_buyer") && svg.contains("part-blocker"));
        assert!(svg.contains(">A&amp;B<"), "names are escaped");
        let cx: Vec<f64> = attr_values(&svg, "cx")
            .iter()
            .map(|v| v.parse().unwrap())
            .collect();
        let cy: Vec<f64> = attr_values(&svg, "cy")
            .iter()
            .map(|v| v.parse().unwrap())
            .collect();
        // Supporter is the last column, opponent the first; high is the top row, low the last.
        assert!(cx[0] > LEFT + 3.0 * CELL_W && cx[1] < LEFT + CELL_W);
        assert!(cy[0] < TOP + CELL_H && cy[1] > TOP + 2.0 * CELL_H);
    }

    #[test]
    fn a_crowded_cell_counts_the_members_it_cannot_show() {
        let many: Vec<CommitteeNode> = (0..8)
            .map(|_| node("N", CommitteePart::User, Influence::Medium, Stance::Neutral))
            .collect();
        let svg = render_committee_map(&many, &labels());
        assert_eq!(svg.matches("<circle").count(), PER_CELL);
        assert!(svg.contains(">+2</text>"));
    }
}
