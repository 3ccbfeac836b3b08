//! Stage diagrams and plan charts: pure functions from plain input structs to inline SVG.
//!
//! The plan charts ([`render_funnel`], [`render_rate_pairs`], [`render_timeline`],
//! [`render_swimlane`]) share their frame, styles and conventions (see `chart.rs`); the
//! rest of this page is about the stage diagram.
//!
//! [`render_stage_diagram`] returns one HTML fragment (no JavaScript, no
//! external resources) shaped like this:
//!
//! ```text
//! figure.stage-diagram[.compact]             aria-label = title
//!   div.diagram-scroll                       overflow-x:auto wrapper
//!     svg.diagram-h                          horizontal flow, natural size
//!   svg.diagram-v                            vertical flow, width 100%, max 320px
//!   figcaption.visually-hidden > ol > li > a text alternative
//! ```
//!
//! Both SVGs are emitted (the compact variant has only the horizontal one);
//! the site CSS shows `.diagram-h` on wide screens and `.diagram-v` on phones
//! with a media query.
//!
//! Inside each SVG: `g.arrow` (with `path.arrow-head`) between stages, and per
//! stage a `g.node` (plus `.current` for the highlighted stage, `.done` for
//! the ones before it) holding `a > title, rect.node-box` (the title names the link), `g.node-num > circle, text`,
//! `text.node-name`, `text.node-owner` and `text.node-meta`.
//!
//! Colours are never set by attributes. A small `<style>` inside each SVG gives
//! zero-specificity (`:where`) defaults that read these custom properties:
//! `--diagram-node-bg`, `--diagram-node-border`, `--diagram-text`,
//! `--diagram-muted`, `--diagram-accent`, `--diagram-accent-text`,
//! `--diagram-arrow`, `--diagram-done-bg`, `--diagram-done-accent`,
//! `--diagram-current-bg`. Themes (dark, print) set those variables or style
//! the classes directly. Font sizes are fixed by `font-size` attributes
//! because the layout depends on them; the font family is inherited.

mod chart;
mod committee;
mod conversion;
mod funnel;
mod layout;
mod stage_history;
mod stagger;
mod swimlane;
mod text;
mod timeline;

pub use chart::ChartText;

/// The default styles of the plan charts (`:where` rules that read the theme's colour
/// variables), which the default theme's `plan.css` carries once per page.
pub fn chart_styles() -> Vec<&'static str> {
    [
        chart::BASE_STYLE,
        conversion::STYLE,
        funnel::STYLE,
        swimlane::STYLE,
        timeline::STYLE,
        committee::STYLE,
        stage_history::STYLE,
    ]
    .iter()
    .flat_map(|s| s.split_inclusive('}'))
    .collect()
}
pub use committee::{CommitteeLabels, CommitteeNode, render_committee_map};
pub use conversion::{RateLegend, RatePair, render_rate_pairs};
pub use funnel::{FunnelBar, FunnelKind, render_funnel};
pub use stage_history::{HistoryBar, render_stage_history};
pub use swimlane::{SwimStage, SwimlaneOptions, render_swimlane};
pub use text::{escape_xml, wrap_text};
pub use timeline::{MilestoneState, TimelineItem, TimelineOptions, render_timeline};

use layout::{Geometry, write_caption, write_svg};
pub(crate) use text::format_percent;
use text::{is_wide, join_words, push_escaped};

/// One stage node in the diagram.
#[derive(Clone, Copy, Debug)]
pub struct DiagramStage<'a> {
    /// Stage name, e.g. "需求分析"; any length, any script, unescaped.
    pub name: &'a str,
    /// Display name of the owning role, e.g. "Account Executive".
    pub owner: &'a str,
    /// Typical duration of the stage in days, if known.
    pub duration_days: Option<u32>,
    /// Share of deals that move on, `0 < r <= 1`, shown as a percent.
    pub conversion_rate: Option<f64>,
    /// Relative link to the stage's playbook page (an unescaped URL).
    pub href: &'a str,
}

/// Words the diagram prints, in the site's language.
#[derive(Clone, Copy, Debug)]
pub struct DiagramLabels<'a> {
    /// Unit after the duration: "天" or "days".
    pub days: &'a str,
    /// Label before the conversion rate: "转化率" or "conversion".
    pub conversion: &'a str,
    /// Word for the owner in accessible text: "负责人" or "Owner".
    pub owner: &'a str,
    /// Word for a stage in accessible text: "阶段" or "Stage".
    pub stage: &'a str,
}

/// How to draw one diagram.
#[derive(Clone, Copy, Debug)]
pub struct DiagramOptions<'a> {
    /// Id prefix, unique on the page, e.g. "diagram-enterprise".
    pub id: &'a str,
    /// Accessible title, e.g. "企业客户销售流程".
    pub title: &'a str,
    /// Accessible one-sentence description.
    pub description: &'a str,
    /// Index of the stage to highlight as current; out-of-range means none.
    pub highlight: Option<usize>,
    /// Smaller variant for the playbook page header.
    pub compact: bool,
    /// How many stages of the process come before the first one drawn (when only a window
    /// of a long process is drawn); 0 otherwise. Node numbers count from it.
    pub first_index: usize,
    /// Stages in the whole process, for "Stage 3/12"; 0 means `stages.len()`.
    pub total: usize,
    /// Words printed in the diagram.
    pub labels: DiagramLabels<'a>,
}

impl DiagramOptions<'_> {
    /// The number of stages in the whole process.
    pub(crate) fn process_len(&self, drawn: usize) -> usize {
        if self.total == 0 { drawn } else { self.total }
    }
}

/// Duration and conversion of one stage, formatted with their labels.
pub(crate) struct StageFacts {
    pub duration: Option<String>,
    pub conversion: Option<String>,
}

impl StageFacts {
    fn new(stage: &DiagramStage, labels: &DiagramLabels) -> Self {
        StageFacts {
            duration: (stage.duration_days).map(|d| join_words(&d.to_string(), labels.days)),
            conversion: (stage.conversion_rate.and_then(format_percent))
                .map(|p| join_words(labels.conversion, &p)),
        }
    }

    /// The facts that are known, duration first.
    pub(crate) fn parts(&self) -> Vec<&str> {
        [&self.duration, &self.conversion]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect()
    }
}

/// The accessible name of stage `i` of `n`, e.g.
/// "Stage 3/6: Discovery — Owner: Account Executive — 14 days, conversion 40%".
pub(crate) fn accessible_label(
    (i, n): (usize, usize),
    stage: &DiagramStage,
    facts: &StageFacts,
    labels: &DiagramLabels,
) -> String {
    let cjk = labels.stage.chars().any(is_wide) || labels.owner.chars().any(is_wide);
    let (colon, comma) = if cjk { ("：", "，") } else { (": ", ", ") };
    let head = join_words(labels.stage, &format!("{}/{n}", i + 1));
    let mut s = format!("{head}{colon}{}", stage.name.trim());
    if !stage.owner.trim().is_empty() {
        let owner = labels.owner.trim();
        let sep = if owner.is_empty() { "" } else { colon };
        s = format!("{s} — {owner}{sep}{}", stage.owner.trim());
    }
    let parts = facts.parts();
    if !parts.is_empty() {
        s = format!("{s} — {}", parts.join(comma));
    }
    s
}

/// Renders the stage diagram as an HTML fragment containing inline SVG.
///
/// Returns an empty string when there are no stages. The output is a pure
/// function of the input: the same arguments always give the same bytes.
#[must_use]
pub fn render_stage_diagram(stages: &[DiagramStage], opts: &DiagramOptions) -> String {
    if stages.is_empty() {
        return String::new();
    }
    let id = sanitize_id(opts.id);
    let facts: Vec<StageFacts> = stages
        .iter()
        .map(|s| StageFacts::new(s, &opts.labels))
        .collect();
    let mut out = String::with_capacity(6000 + stages.len() * 3200);
    out.push_str("<figure class=\"stage-diagram");
    if opts.compact {
        out.push_str(" compact");
    }
    out.push_str("\" aria-label=\"");
    push_escaped(&mut out, opts.title);
    out.push_str("\"><div class=\"diagram-scroll\">");
    // The compact diagram is a strip that scrolls on phones too: no vertical variant.
    let variants: &[bool] = if opts.compact {
        &[false]
    } else {
        &[false, true]
    };
    for &vertical in variants {
        let g = Geometry::new(vertical, opts.compact);
        write_svg(&mut out, stages, &facts, opts, &id, &g);
        if !vertical {
            out.push_str("</div>");
        }
    }
    write_caption(&mut out, stages, &facts, opts);
    out.push_str("</figure>");
    out
}

/// Makes `id` usable as an HTML id and in `aria-labelledby` lists: characters
/// other than letters, digits, `-` and `_` become `-`.
fn sanitize_id(id: &str) -> String {
    let s = id
        .trim()
        .replace(|c: char| !(c.is_alphanumeric() || "-_".contains(c)), "-");
    if s.is_empty() {
        "stage-diagram".to_string()
    } else {
        s
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::text::{Weight, text_em};
    use super::*;

    const ZH: DiagramLabels<'static> = DiagramLabels {
        days: "天",
        conversion: "转化率",
        owner: "负责人",
        stage: "阶段",
    };
    const EN: DiagramLabels<'static> = DiagramLabels {
        days: "days",
        conversion: "conversion",
        owner: "Owner",
        stage: "Stage",
    };

    fn opts(highlight: Option<usize>, labels: DiagramLabels<'static>) -> DiagramOptions<'static> {
        DiagramOptions {
            id: "diagram-enterprise",
            title: "企业客户销售流程",
            description: "从线索到签约的六个阶段。",
            highlight,
            compact: false,
            first_index: 0,
            total: 0,
            labels,
        }
    }

    fn stage<'a>(name: &'a str, owner: &'a str, href: &'a str) -> DiagramStage<'a> {
        DiagramStage {
            name,
            owner,
            duration_days: Some(14),
            conversion_rate: Some(0.4),
            href,
        }
    }

    #[rustfmt::skip]
    const NAMES: [&str; 6] = ["线索获取", "需求分析", "方案演示", "商务谈判", "合同签署", "交付启动"];
    const HREFS: [&str; 6] = ["../a/", "../b/", "../c/", "../d/", "../e/", "../f/"];

    fn six() -> Vec<DiagramStage<'static>> {
        (0..6)
            .map(|i| stage(NAMES[i], "售前解决方案顾问", HREFS[i]))
            .collect()
    }

    /// Splits the output into (horizontal svg, vertical svg, figcaption); the compact
    /// variant has no vertical svg, and gives an empty one.
    fn parts(html: &str) -> (&str, &str, &str) {
        let h0 = html.find("<svg").unwrap();
        let h1 = html[h0..].find("</svg>").unwrap() + h0 + 6;
        let Some(v0) = html[h1..].find("<svg").map(|i| i + h1) else {
            assert!(
                html.contains("stage-diagram compact"),
                "only the compact variant has one svg"
            );
            return (&html[h0..h1], "", &html[h1..]);
        };
        let v1 = html[v0..].find("</svg>").unwrap() + v0 + 6;
        assert!(html[h0..h1].contains("class=\"diagram-h\""));
        assert!(html[v0..v1].contains("class=\"diagram-v\""));
        (&html[h0..h1], &html[v0..v1], &html[v1..])
    }

    /// Values of every `attr="..."` occurrence, in order.
    pub(crate) fn attr_values<'a>(s: &'a str, attr: &str) -> Vec<&'a str> {
        let pat = format!(" {attr}=\"");
        s.match_indices(&pat)
            .map(|(i, _)| {
                let rest = &s[i + pat.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect()
    }

    /// The names of the stage links: the `<title>` right after each `<a …>`.
    fn link_titles(s: &str) -> Vec<&str> {
        s.split("<a href=")
            .skip(1)
            .filter_map(|a| {
                let rest = &a[a.find("><title>")? + 8..];
                Some(&rest[..rest.find("</title>")?])
            })
            .collect()
    }

    /// Texts of the elements whose start tag contains `pat`, in order.
    fn texts<'a>(s: &'a str, pat: &str) -> Vec<&'a str> {
        let pat = if pat.contains('=') {
            pat.to_string()
        } else {
            format!("class=\"{pat}\"")
        };
        s.match_indices(&pat)
            .map(|(i, _)| {
                let r = &s[i..];
                &r[r.find('>').unwrap() + 1..r.find('<').unwrap()]
            })
            .collect()
    }

    /// Minimal XML well-formedness check: balanced tags, quoted attributes,
    /// no raw `<`, `>` or stray `&` in text or attribute values.
    pub(crate) fn assert_well_formed(s: &str) {
        let check_text = |t: &str| {
            assert!(!t.contains('>'), "raw > in {t:?}");
            for (i, _) in t.match_indices('&') {
                let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];
                assert!(ok.iter().any(|e| t[i..].starts_with(e)), "stray & in {t:?}");
            }
        };
        let mut stack = Vec::new();
        let mut rest = s;
        while let Some(lt) = rest.find('<') {
            check_text(&rest[..lt]);
            let gt = rest[lt..].find('>').expect("unclosed tag") + lt;
            let tag = &rest[lt + 1..gt];
            rest = &rest[gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
                continue;
            }
            let closed = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric()),
                "tag {name:?}"
            );
            let mut seen = Vec::new();
            while !attrs.trim().is_empty() {
                let (key, after) = attrs.trim_start().split_once("=\"").expect("attr");
                assert!(
                    key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                    "{key:?}"
                );
                assert!(!seen.contains(&key), "duplicate attribute {key}");
                seen.push(key);
                let (value, after) = after.split_once('"').expect("unterminated value");
                assert!(!value.contains('<'));
                check_text(value);
                attrs = after;
            }
            if !closed {
                stack.push(name);
            }
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    #[test]
    fn nodes_appear_in_order_with_names_and_links() {
        let html = render_stage_diagram(&six(), &opts(None, ZH));
        assert!(html.starts_with("<figure class=\"stage-diagram\""));
        assert!(html.ends_with("</figure>"));
        assert_well_formed(&html);
        let (h, v, caption) = parts(&html);
        for part in [h, v, caption] {
            assert_eq!(attr_values(part, "href"), HREFS);
        }
        for svg in [h, v] {
            assert_eq!(texts(svg, "node-name"), NAMES);
            let nums = texts(svg, "text-anchor=\"middle\"");
            assert_eq!(nums, ["1", "2", "3", "4", "5", "6"]);
            assert_eq!(texts(svg, "node-owner"), ["售前解决方案顾问"; 6]);
            assert!(
                texts(svg, "node-meta")
                    .iter()
                    .all(|m| *m == "14 天 · 转化率 40%")
            );
            let labels = link_titles(svg);
            assert_eq!(
                labels[2],
                "阶段 3/6：方案演示 — 负责人：售前解决方案顾问 — 14 天，转化率 40%"
            );
            assert!(svg.contains("<title id=\"diagram-enterprise-"));
            assert!(!svg.contains("fill=\"#"), "colours must come from CSS");
        }
        assert!(caption.contains("<ol><li><a href=\"../a/\" tabindex=\"-1\">线索获取</a> — 售前解决方案顾问 (14 天, 转化率 40%)</li>"));
    }

    #[test]
    fn horizontal_svg_has_natural_size_and_vertical_scales() {
        let html = render_stage_diagram(&six(), &opts(None, EN));
        let (h, v, _) = parts(&html);
        let (w, ht) = (attr_values(h, "width")[0], attr_values(h, "height")[0]);
        assert_eq!(attr_values(h, "viewBox")[0], format!("0 0 {w} {ht}"));
        assert!(w.parse::<f64>().unwrap() > 6.0 * 170.0);
        assert_eq!(attr_values(v, "width")[0], "100%");
        assert!(attr_values(v, "viewBox")[0].starts_with("0 0 320 "));
        assert!(v.contains("max-width:320px"));
    }

    #[test]
    fn escapes_names_owners_and_hrefs() {
        let evil = [DiagramStage {
            name: "<script>alert(\"x\")</script> & 'co'",
            owner: "R&D <lead> \"chief\"",
            duration_days: None,
            conversion_rate: Some(f64::NAN),
            href: "../x/index.html?a=1&b=\"2\"><script>",
        }];
        let mut o = opts(Some(0), EN);
        o.title = "T <&> \"";
        o.description = "D </desc>";
        o.id = "my diagram\"x";
        let html = render_stage_diagram(&evil, &o);
        assert_well_formed(&html);
        assert!(!html.contains("<script"));
        assert!(!html.contains("NaN"));
        assert!(
            html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;")
        );
        assert!(html.contains("R&amp;D &lt;lead&gt; &quot;chief&quot;"));
        assert!(
            html.contains("href=\"../x/index.html?a=1&amp;b=&quot;2&quot;&gt;&lt;script&gt;\"")
        );
        assert!(html.contains("id=\"my-diagram-x-h-title\""));
    }

    #[test]
    fn highlight_marks_exactly_one_current_node() {
        let html = render_stage_diagram(&six(), &opts(Some(2), ZH));
        assert_well_formed(&html);
        let (h, v, caption) = parts(&html);
        for svg in [h, v] {
            assert_eq!(svg.matches("aria-current=\"step\"").count(), 1);
            assert_eq!(svg.matches("class=\"node current\"").count(), 1);
            assert_eq!(svg.matches("class=\"node done\"").count(), 2);
            assert_eq!(svg.matches("class=\"node\"").count(), 3);
            let node = &svg[svg.find("class=\"node current\"").unwrap()..];
            let node = &node[..node.find("</a>").unwrap()];
            assert!(node.contains("href=\"../c/\" aria-current=\"step\"><title>阶段 3/6"));
            assert!(node.contains("aria-current=\"step\""));
        }
        assert_eq!(caption.matches("aria-current").count(), 1);
        for bad in [None, Some(6), Some(usize::MAX)] {
            let html = render_stage_diagram(&six(), &opts(bad, ZH));
            assert!(!html.contains("aria-current") && !html.contains(" current"));
            assert!(!html.contains("node done"));
        }
    }

    #[test]
    fn long_names_wrap_inside_nodes() {
        let cjk = "企业级客户需求分析与解决方案设计以及跨部门协同评审和商务谈判准备阶段".repeat(2);
        let cjk = cjk.as_str();
        let en = "Executive alignment, mutual action plan and commercial negotiation with \
                  procurement, legal, security and finance stakeholders"
            .repeat(2);
        let en = en.as_str();
        let owner = "Senior Solutions Engineering Manager, Enterprise Accounts EMEA";
        let stages = [stage(cjk, owner, "a.html"), stage(en, owner, "b.html")];
        for compact in [false, true] {
            let mut o = opts(None, EN);
            o.compact = compact;
            let html = render_stage_diagram(&stages, &o);
            let (h, v, _) = parts(&html);
            assert_eq!(
                v.is_empty(),
                compact,
                "the compact diagram has no vertical variant"
            );
            for (svg, g) in [
                (h, Geometry::new(false, compact)),
                (v, Geometry::new(true, compact)),
            ] {
                if svg.is_empty() {
                    continue;
                }
                let names = texts(svg, "node-name");
                assert_eq!(names.len(), 6, "3 lines per name: {names:?}");
                assert_eq!(names.iter().filter(|l| l.ends_with('…')).count(), 2);
                assert!(
                    names
                        .iter()
                        .all(|l| text_em(l, Weight::Bold) <= g.name_em() + 1e-9)
                );
                for class in ["node-owner", "node-meta"] {
                    for l in texts(svg, class) {
                        assert!(text_em(l, Weight::Regular) <= g.detail_em() + 1e-9, "{l:?}");
                    }
                }
                assert!(
                    link_titles(svg)
                        .iter()
                        .any(|t| t.contains(&format!(": {cjk} — "))),
                    "full name in the link's title (its name and tooltip)"
                );
            }
        }
    }

    #[test]
    fn zero_one_and_many_stages_do_not_panic() {
        assert_eq!(render_stage_diagram(&[], &opts(Some(0), ZH)), "");
        let one = [stage("需求分析", "", "")];
        let html = render_stage_diagram(&one, &opts(Some(0), ZH));
        assert_well_formed(&html);
        assert!(!html.contains("class=\"arrow\""));
        assert!(!html.contains("<a "), "empty href means no link");
        let names: Vec<String> = (0..200).map(|i| format!("Stage number {i}")).collect();
        let many: Vec<DiagramStage> = names.iter().map(|n| stage(n, "AE", "x.html")).collect();
        let html = render_stage_diagram(&many, &opts(Some(150), EN));
        assert_well_formed(&html);
        let (h, v, _) = parts(&html);
        assert_eq!(h.matches("class=\"arrow\"").count(), 199);
        assert_eq!(v.matches("class=\"arrow\"").count(), 199);
        assert!(h.contains(">200</text>"));
    }

    #[test]
    fn twelve_stages_have_eleven_arrows_per_svg() {
        let names: Vec<String> = (1..=12).map(|i| format!("Stage {i}")).collect();
        let stages: Vec<DiagramStage> = names.iter().map(|n| stage(n, "AE", "x.html")).collect();
        let html = render_stage_diagram(&stages, &opts(None, EN));
        let (h, v, _) = parts(&html);
        for svg in [h, v] {
            assert_eq!(svg.matches("class=\"arrow\"").count(), 11);
            assert_eq!(svg.matches("class=\"arrow-head\"").count(), 11);
            assert_eq!(svg.matches("class=\"node-box\"").count(), 12);
        }
    }

    #[test]
    fn ids_are_unique_prefixed_and_referenced() {
        let html = render_stage_diagram(&six(), &opts(Some(1), ZH));
        let ids = attr_values(&html, "id");
        assert_eq!(ids.len(), 4);
        for (k, id) in ids.iter().enumerate() {
            assert!(id.starts_with("diagram-enterprise-"));
            assert!(!ids[k + 1..].contains(id), "duplicate id {id}");
        }
        let refs: Vec<&str> = ["aria-labelledby", "aria-describedby"]
            .iter()
            .flat_map(|a| attr_values(&html, a))
            .collect();
        assert_eq!(refs.len(), 4);
        assert!(refs.iter().all(|r| ids.contains(r)));
    }

    #[test]
    fn meta_line_shows_only_given_facts() {
        let mut s = stage("Discovery", "AE", "d.html");
        s.duration_days = None;
        s.conversion_rate = Some(0.125);
        let mut t = stage("Close", "AE", "c.html");
        t.conversion_rate = None;
        t.duration_days = Some(1);
        let html = render_stage_diagram(&[s, t], &opts(None, EN));
        let (h, _, caption) = parts(&html);
        assert_eq!(texts(h, "node-meta"), ["conversion 12.5%", "1 days"]);
        assert!(caption.contains("(conversion 12.5%)") && caption.contains("(1 days)"));
        let labels = link_titles(h);
        assert_eq!(
            labels[0],
            "Stage 1/2: Discovery — Owner: AE — conversion 12.5%"
        );
    }

    #[test]
    fn output_is_deterministic_and_compact_is_smaller() {
        let a = render_stage_diagram(&six(), &opts(Some(3), ZH));
        assert_eq!(a, render_stage_diagram(&six(), &opts(Some(3), ZH)));
        let mut c = opts(Some(3), ZH);
        c.compact = true;
        let b = render_stage_diagram(&six(), &c);
        assert!(b.starts_with("<figure class=\"stage-diagram compact\""));
        let w = |s: &str| attr_values(parts(s).0, "width")[0].parse::<f64>().unwrap();
        assert!(w(&b) < w(&a));
    }
}
