//! Geometry and SVG drawing for the two diagram orientations.
//!
//! Horizontal nodes share one height (the tallest content decides) so the row
//! lines up; stacked nodes take the height of their own content. Coordinates
//! are rounded to 0.1 px.

use std::fmt::{self, Display, Write as _};

use super::text::{Weight, fit_line, push_escaped, text_em, wrap_text};
use super::{DiagramOptions, DiagramStage, StageFacts, accessible_label};

/// Maximum number of lines a stage name may take.
pub(crate) const MAX_NAME_LINES: usize = 3;

/// Width of the vertical (phone) SVG's viewBox, in px.
pub(crate) const VERTICAL_WIDTH: f64 = 320.0;

/// Separator between duration and conversion on the meta line.
const META_SEP: &str = " · ";

/// Default styles; `:where()` keeps their specificity at zero so that any
/// site rule wins, and the custom properties let a theme recolour everything.
const STYLE: &str = "<style>\
:where(.stage-diagram svg){display:block;font-family:inherit}\
:where(.stage-diagram .diagram-scroll){overflow-x:auto}\
:where(.stage-diagram .node-box){fill:var(--diagram-node-bg,#fff);stroke:var(--diagram-node-border,#c8d1dc);stroke-width:1.25}\
:where(.stage-diagram .node-num circle){fill:var(--diagram-accent,#2f5d9e)}\
:where(.stage-diagram .node-num text){fill:var(--diagram-accent-text,#fff);font-weight:700}\
:where(.stage-diagram .node-name){fill:var(--diagram-text,#1f2937);font-weight:600}\
:where(.stage-diagram .node-owner){fill:var(--diagram-muted,#4b5563)}\
:where(.stage-diagram .node-meta){fill:var(--diagram-muted,#4b5563)}\
:where(.stage-diagram .arrow){fill:none;stroke:var(--diagram-arrow,#808c9c);stroke-width:1.5;stroke-linecap:round}\
:where(.stage-diagram .arrow-head){fill:var(--diagram-arrow,#808c9c);stroke:none}\
:where(.stage-diagram .done .node-box){fill:var(--diagram-done-bg,#f6f8fa)}\
:where(.stage-diagram .done .node-num circle){fill:var(--diagram-done-accent,#687384)}\
:where(.stage-diagram .current .node-box){fill:var(--diagram-current-bg,#eef4fc);stroke:var(--diagram-accent,#2f5d9e);stroke-width:2}\
:where(.stage-diagram a:hover .node-box,.stage-diagram a:focus-visible .node-box){stroke:var(--diagram-accent,#2f5d9e)}\
:where(.stage-diagram a:focus-visible .node-box){stroke-width:3}\
:where(.stage-diagram .visually-hidden){position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}\
</style>";

/// Sizes (px) of one diagram variant.
pub(crate) struct Geometry {
    /// True for the stacked, phone-sized layout.
    pub vertical: bool,
    pub node_w: f64,
    pad: f64,
    badge_r: f64,
    badge_gap: f64,
    pub name_px: f64,
    name_lh: f64,
    pub small_px: f64,
    small_lh: f64,
    gap: f64,
    margin: f64,
    radius: f64,
}

impl Geometry {
    /// The geometry for one orientation, normal or compact.
    pub(crate) fn new(vertical: bool, compact: bool) -> Self {
        let margin = 4.0;
        let (node_w, gap) = match (vertical, compact) {
            (false, false) => (188.0, 40.0),
            (false, true) => (156.0, 30.0),
            (true, false) => (VERTICAL_WIDTH - 2.0 * margin, 28.0),
            (true, true) => (VERTICAL_WIDTH - 2.0 * margin, 20.0),
        };
        let (pad, badge_r, name_px, name_lh, small_px, small_lh) = match (vertical, compact) {
            (false, false) => (13.0, 11.0, 14.0, 18.0, 12.0, 16.0),
            (false, true) => (10.0, 9.0, 12.0, 15.0, 11.0, 14.0),
            (true, false) => (14.0, 12.0, 15.0, 20.0, 13.0, 18.0),
            (true, true) => (11.0, 10.0, 14.0, 18.0, 12.0, 16.0),
        };
        Geometry {
            vertical,
            node_w,
            pad,
            badge_r,
            badge_gap: if vertical { 12.0 } else { 8.0 },
            name_px,
            name_lh,
            small_px,
            small_lh,
            gap,
            margin,
            radius: if compact { 8.0 } else { 10.0 },
        }
    }

    /// Left edge of the name, relative to the node.
    fn name_x(&self) -> f64 {
        self.pad + 2.0 * self.badge_r + self.badge_gap
    }

    /// Left edge of the owner and meta lines, relative to the node.
    fn detail_x(&self) -> f64 {
        if self.vertical {
            self.name_x()
        } else {
            self.pad
        }
    }

    /// Width available to the name, in em of the name font.
    pub(crate) fn name_em(&self) -> f64 {
        (self.node_w - self.name_x() - self.pad) / self.name_px
    }

    /// Width available to the owner and meta lines, in em of the small font.
    pub(crate) fn detail_em(&self) -> f64 {
        (self.node_w - self.detail_x() - self.pad) / self.small_px
    }
}

/// The wrapped text of one node.
pub(crate) struct NodeText {
    pub name: Vec<String>,
    pub owner: Option<String>,
    pub meta: Vec<String>,
}

impl NodeText {
    /// Wraps and shortens a stage's texts to fit a node of geometry `g`.
    pub(crate) fn new(stage: &DiagramStage, facts: &StageFacts, g: &Geometry) -> Self {
        let name = wrap_text(stage.name, g.name_em(), MAX_NAME_LINES);
        let owner = Some(fit_line(stage.owner, g.detail_em())).filter(|s| !s.is_empty());
        let detail_em = g.detail_em();
        let meta = match (&facts.duration, &facts.conversion) {
            (Some(d), Some(c)) => {
                let both = format!("{d}{META_SEP}{c}");
                if text_em(&both, Weight::Regular) <= detail_em {
                    vec![both]
                } else {
                    vec![fit_line(d, detail_em), fit_line(c, detail_em)]
                }
            }
            (Some(one), None) | (None, Some(one)) => vec![fit_line(one, detail_em)],
            (None, None) => Vec::new(),
        };
        NodeText { name, owner, meta }
    }
}

/// Where one node goes: its top-left corner and its inner positions.
struct NodeBox {
    x: f64,
    y: f64,
    slots: Slots,
}

/// Height of a node and the baselines of its first name and detail lines.
#[derive(Clone, Copy)]
struct Slots {
    height: f64,
    name_y: f64,
    detail_y: f64,
}

impl Slots {
    fn new(g: &Geometry, name_lines: usize, detail_lines: usize) -> Self {
        let badge_cy = g.pad + g.badge_r;
        let name_y = badge_cy + 0.36 * g.name_px;
        let last_name = name_y + (name_lines.max(1) - 1) as f64 * g.name_lh;
        let name_bottom = (last_name + 0.3 * g.name_px).max(g.pad + 2.0 * g.badge_r);
        let top = name_bottom + 0.4 * g.small_lh;
        let detail_y = top + 0.5 * g.small_lh + 0.36 * g.small_px;
        let height = top + detail_lines as f64 * g.small_lh + g.pad - 0.2 * g.small_lh;
        Slots {
            height: height.max(2.0 * (g.pad + g.badge_r)).round(),
            name_y,
            detail_y,
        }
    }
}

/// A length in px, printed with at most one decimal.
pub(super) struct Px(pub(super) f64);

impl Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, frac) = (tenths.abs() / 10, tenths.abs() % 10);
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{frac}")
        }
    }
}

/// Writes one complete `<svg>` (horizontal or vertical) into `out`.
pub(crate) fn write_svg(
    out: &mut String,
    stages: &[DiagramStage],
    facts: &[StageFacts],
    opts: &DiagramOptions,
    id: &str,
    g: &Geometry,
) {
    let texts: Vec<NodeText> = stages
        .iter()
        .zip(facts)
        .map(|(s, f)| NodeText::new(s, f, g))
        .collect();
    let name_lines = texts.iter().map(|t| t.name.len()).max().unwrap_or(1);
    let has_owner = texts.iter().any(|t| t.owner.is_some());
    let meta_lines = texts.iter().map(|t| t.meta.len()).max().unwrap_or(0);
    let row = Slots::new(g, name_lines, usize::from(has_owner) + meta_lines);
    // Horizontal nodes share one height so the row lines up; stacked nodes
    // take only the height their own content needs.
    let mut boxes: Vec<NodeBox> = Vec::with_capacity(texts.len());
    let mut cursor = g.margin;
    for t in &texts {
        let (x, y, slots) = if g.vertical {
            let lines = usize::from(t.owner.is_some()) + t.meta.len();
            (g.margin, cursor, Slots::new(g, t.name.len(), lines))
        } else {
            (cursor, g.margin, row)
        };
        cursor += g.gap + if g.vertical { slots.height } else { g.node_w };
        boxes.push(NodeBox { x, y, slots });
    }
    let span = cursor - g.gap + g.margin;
    let (w, h) = if g.vertical {
        (VERTICAL_WIDTH, span)
    } else {
        (span, row.height + 2.0 * g.margin)
    };
    let suffix = if g.vertical { "v" } else { "h" };
    let class = if g.vertical { "diagram-v" } else { "diagram-h" };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" "
    );
    if g.vertical {
        let _ = write!(
            out,
            "width=\"100%\" height=\"{}\" style=\"max-width:{}px;height:auto\" ",
            Px(h),
            Px(w)
        );
    } else {
        // Shrinks to fit its container down to 80% of its natural size (text stays
        // legible); narrower than that, it keeps that size and the wrapper scrolls.
        let _ = write!(
            out,
            "width=\"{}\" height=\"{}\" style=\"max-width:100%;height:auto;min-width:{}px\" ",
            Px(w),
            Px(h),
            Px(w * 0.8)
        );
    }
    let _ = write!(
        out,
        "viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"{id}-{suffix}-title\" \
         aria-describedby=\"{id}-{suffix}-desc\"><title id=\"{id}-{suffix}-title\">",
        w = Px(w),
        h = Px(h),
    );
    push_escaped(out, opts.title);
    let _ = write!(out, "</title><desc id=\"{id}-{suffix}-desc\">");
    push_escaped(out, opts.description);
    out.push_str("</desc>");
    out.push_str(STYLE);

    // Arrows first, so that they are drawn underneath the nodes.
    if stages.len() > 1 {
        out.push_str("<g aria-hidden=\"true\">");
        for i in 1..stages.len() {
            write_arrow(out, g, &boxes[i - 1], &boxes[i]);
        }
        out.push_str("</g>");
    }
    out.push_str("<g role=\"list\">");
    for (i, (stage, text)) in stages.iter().zip(&texts).enumerate() {
        write_node(out, stages, facts, opts, i, stage, text, g, &boxes[i]);
    }
    out.push_str("</g></svg>");
}

/// Writes the arrow leading from node box `a` to the next node box `b`.
fn write_arrow(out: &mut String, g: &Geometry, a: &NodeBox, b: &NodeBox) {
    let (head, half) = (7.0, 4.5);
    out.push_str("<g class=\"arrow\">");
    if g.vertical {
        let x = a.x + g.pad + g.badge_r;
        let y1 = a.y + a.slots.height + 4.0;
        let y2 = b.y - 4.0;
        let _ = write!(
            out,
            "<path d=\"M{x} {y1}V{yl}\"/><path class=\"arrow-head\" d=\"M{xl} {yh}L{x} {y2}L{xr} {yh}Z\"/>",
            x = Px(x),
            y1 = Px(y1),
            yl = Px(y2 - head + 1.0),
            y2 = Px(y2),
            yh = Px(y2 - head),
            xl = Px(x - half),
            xr = Px(x + half),
        );
    } else {
        let y = a.y + a.slots.height / 2.0;
        let x1 = a.x + g.node_w + 5.0;
        let x2 = b.x - 5.0;
        let _ = write!(
            out,
            "<path d=\"M{x1} {y}H{xl}\"/><path class=\"arrow-head\" d=\"M{xh} {yt}L{x2} {y}L{xh} {yb}Z\"/>",
            x1 = Px(x1),
            y = Px(y),
            xl = Px(x2 - head + 1.0),
            x2 = Px(x2),
            xh = Px(x2 - head),
            yt = Px(y - half),
            yb = Px(y + half),
        );
    }
    out.push_str("</g>");
}

/// Writes node `i`: box, number badge, name, owner and meta, inside its link.
#[allow(clippy::too_many_arguments)]
fn write_node(
    out: &mut String,
    stages: &[DiagramStage],
    facts: &[StageFacts],
    opts: &DiagramOptions,
    i: usize,
    stage: &DiagramStage,
    text: &NodeText,
    g: &Geometry,
    NodeBox { x, y, slots }: &NodeBox,
) {
    let state = match opts.highlight {
        Some(h) if h < stages.len() && h == i => " current",
        Some(h) if h < stages.len() && i < h => " done",
        _ => "",
    };
    let _ = write!(
        out,
        "<g class=\"node{state}\" role=\"listitem\" transform=\"translate({},{})\">",
        Px(*x),
        Px(*y)
    );
    let linked = !stage.href.trim().is_empty();
    if linked {
        out.push_str("<a href=\"");
        push_escaped(out, stage.href.trim());
        out.push('"');
        if state == " current" {
            out.push_str(" aria-current=\"step\"");
        }
        // The link's name, and its tooltip: a `<title>` rather than `aria-label`, so that
        // the name may say more than the drawn words (position, "Owner") without hiding them
        // (WCAG 2.5.3 holds `aria-label` to contain the visible text).
        out.push_str("><title>");
        push_escaped(
            out,
            &accessible_label(
                (opts.first_index + i, opts.process_len(stages.len())),
                stage,
                &facts[i],
                &opts.labels,
            ),
        );
        out.push_str("</title>");
    }
    let _ = write!(
        out,
        "<rect class=\"node-box\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
        Px(g.node_w),
        Px(slots.height),
        Px(g.radius)
    );
    let number = opts.first_index + i + 1;
    let num_px = if number >= 100 {
        g.badge_r * 0.85
    } else {
        g.badge_r * 1.05
    };
    let (cx, cy) = (g.pad + g.badge_r, g.pad + g.badge_r);
    let _ = write!(
        out,
        "<g class=\"node-num\" aria-hidden=\"true\"><circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\"/>\
         <text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"{fs}\">{number}</text></g>",
        cx = Px(cx),
        cy = Px(cy),
        r = Px(g.badge_r),
        ty = Px(cy + 0.36 * num_px),
        fs = Px(num_px),
    );
    let name_x = g.name_x();
    for (k, line) in text.name.iter().enumerate() {
        write_text(
            out,
            "node-name",
            name_x,
            slots.name_y + k as f64 * g.name_lh,
            g.name_px,
            line,
        );
    }
    let detail_x = g.detail_x();
    let mut dy = slots.detail_y;
    if let Some(owner) = &text.owner {
        write_text(out, "node-owner", detail_x, dy, g.small_px, owner);
        dy += g.small_lh;
    }
    for line in &text.meta {
        write_text(out, "node-meta", detail_x, dy, g.small_px, line);
        dy += g.small_lh;
    }
    out.push_str(if linked { "</a></g>" } else { "</g>" });
}

/// Writes one `<text>` line with the given class, position and font size.
fn write_text(out: &mut String, class: &str, x: f64, y: f64, px: f64, s: &str) {
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\" font-size=\"{}\">",
        Px(x),
        Px(y),
        Px(px)
    );
    push_escaped(out, s);
    out.push_str("</text>");
}

/// Writes the visually hidden `<figcaption>` list that mirrors the diagram.
pub(crate) fn write_caption(
    out: &mut String,
    stages: &[DiagramStage],
    facts: &[StageFacts],
    opts: &DiagramOptions,
) {
    if opts.first_index > 0 {
        let _ = write!(
            out,
            "<figcaption class=\"visually-hidden\"><ol start=\"{}\">",
            opts.first_index + 1
        );
    } else {
        out.push_str("<figcaption class=\"visually-hidden\"><ol>");
    }
    for (i, (stage, fact)) in stages.iter().zip(facts).enumerate() {
        out.push_str("<li>");
        let href = stage.href.trim();
        if href.is_empty() {
            push_escaped(out, stage.name.trim());
        } else {
            out.push_str("<a href=\"");
            push_escaped(out, href);
            // The visible SVG links are in the tab order already.
            out.push_str("\" tabindex=\"-1\"");
            if opts.highlight == Some(i) {
                out.push_str(" aria-current=\"step\"");
            }
            out.push('>');
            push_escaped(out, stage.name.trim());
            out.push_str("</a>");
        }
        if !stage.owner.trim().is_empty() {
            out.push_str(" — ");
            push_escaped(out, stage.owner.trim());
        }
        let parts = fact.parts();
        if !parts.is_empty() {
            out.push_str(" (");
            push_escaped(out, &parts.join(", "));
            out.push(')');
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></figcaption>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizontal_nodes_are_fixed_width_and_vertical_fits_320() {
        for compact in [false, true] {
            let h = Geometry::new(false, compact);
            assert!((150.0..=190.0).contains(&h.node_w));
            assert!(h.name_em() >= 6.0, "room for at least 6 CJK chars");
            let v = Geometry::new(true, compact);
            assert!(v.node_w + 2.0 * v.margin <= VERTICAL_WIDTH);
            assert!(v.name_em() >= 12.0);
        }
    }

    #[test]
    fn slots_grow_with_content() {
        let g = Geometry::new(false, false);
        let small = Slots::new(&g, 1, 0);
        let big = Slots::new(&g, 3, 3);
        assert!(big.height > small.height);
        assert!(big.detail_y + 2.0 * g.small_lh < big.height);
        assert!(small.height >= 2.0 * (g.pad + g.badge_r));
    }

    #[test]
    fn px_prints_at_most_one_decimal() {
        assert_eq!(Px(12.0).to_string(), "12");
        assert_eq!(Px(12.04).to_string(), "12");
        assert_eq!(Px(12.25).to_string(), "12.3");
        assert_eq!(Px(-3.5).to_string(), "-3.5");
        assert_eq!(Px(-0.2).to_string(), "-0.2");
    }
}
