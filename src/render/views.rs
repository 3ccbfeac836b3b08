//! What templates see: small, display-ready views of the model, one per kind of page.
//! Templates only present; every number is formatted and every link made relative here.

use crate::i18n::{format_number, format_percent};
use crate::markdown::Heading;
use crate::model::{Goal, Kpi, Metric, Roadmap, Stage};
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;

/// A link as templates print it: an `href` relative to the output root, and its text.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Output path, percent-encoded; templates prefix it with `root`.
    pub path: String,
    /// The link text.
    pub title: String,
}

impl LinkView {
    /// A link to output path `path`.
    pub fn new(path: &str, title: &str) -> Self {
        LinkView {
            path: encode_path(path),
            title: title.to_string(),
        }
    }
}

/// A goal with its progress worked out.
#[derive(Debug, Serialize)]
pub struct GoalView {
    /// The goal's id.
    pub id: String,
    /// What the goal is.
    pub label: String,
    /// The metric, as a word in the site's language.
    pub metric: &'static str,
    /// Target, formatted.
    pub target: String,
    /// Unit.
    pub unit: Option<String>,
    /// Deadline.
    pub deadline: String,
    /// Progress so far, formatted.
    pub current: Option<String>,
    /// Progress in percent of target, 0 to 100, rounded.
    pub percent: Option<u32>,
}

/// A KPI, formatted.
#[derive(Debug, Serialize)]
pub struct KpiView {
    /// What is measured.
    pub name: String,
    /// The target with its unit, or empty.
    pub target: String,
}

/// A stage with everything its row, card and page show.
#[derive(Debug, Serialize)]
pub struct StageView {
    /// 1-based position in the process.
    pub number: usize,
    /// The stage id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Summary.
    pub summary: Option<String>,
    /// Owner role id.
    pub owner_id: String,
    /// Owner role name.
    pub owner: String,
    /// Output path of the owner's role view, when the owner is a role of the roadmap.
    pub owner_path: Option<String>,
    /// Typical duration in days.
    pub duration_days: Option<u32>,
    /// Conversion rate as a percentage string ("40%").
    pub conversion: Option<String>,
    /// Entry criteria.
    pub entry_criteria: Vec<String>,
    /// Exit criteria.
    pub exit_criteria: Vec<String>,
    /// Activities.
    pub activities: Vec<String>,
    /// Risks.
    pub risks: Vec<String>,
    /// KPIs.
    pub kpis: Vec<KpiView>,
    /// Output path of the playbook page.
    pub path: String,
    /// Whether a playbook file exists.
    pub has_playbook: bool,
}

/// A paragraph-split block of text (strategy, summaries). Within a paragraph, a run of
/// whitespace next to a CJK character is dropped (a line break in Chinese text is not a
/// space) and any other becomes one space, so English with a dash or a `≥` keeps its words.
pub fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split("\n\n")
            .map(|p| {
                let mut out = String::with_capacity(p.len());
                for word in p.split_whitespace() {
                    let joins = out.chars().next_back().is_some_and(is_cjk)
                        || word.chars().next().is_some_and(is_cjk);
                    if !out.is_empty() && !joins {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
                out
            })
            .filter(|p| !p.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// Whether `c` is a CJK character or CJK punctuation (full-width forms included).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

fn kpi_view(k: &Kpi) -> KpiView {
    let target = match (&k.target, &k.unit) {
        (Some(t), Some(u)) => format!("{} {u}", format_number(*t)),
        (Some(t), None) => format_number(*t),
        (None, Some(u)) => u.clone(),
        (None, None) => String::new(),
    };
    KpiView {
        name: k.name.clone(),
        target,
    }
}

/// Views of a list of KPIs.
pub fn kpi_views(kpis: &[Kpi]) -> Vec<KpiView> {
    kpis.iter().map(kpi_view).collect()
}

/// A goal's view, with its progress worked out.
pub fn goal_view(g: &Goal) -> GoalView {
    let percent = g
        .current
        .map(|c| ((c / g.target) * 100.0).clamp(0.0, 100.0).round() as u32);
    GoalView {
        id: g.id.clone(),
        label: g.label.clone(),
        metric: match g.metric {
            Metric::Revenue => "revenue",
            Metric::Customers => "customers",
            Metric::MarketShare => "market_share",
            Metric::Custom => "custom",
        },
        target: format_number(g.target),
        unit: g.unit.clone(),
        deadline: g.deadline.to_string(),
        current: g.current.map(format_number),
        percent,
    }
}

/// The view of stage `i` of roadmap `rm`.
pub fn stage_view(rm: &Roadmap, i: usize, s: &Stage) -> StageView {
    StageView {
        number: i + 1,
        id: s.id.clone(),
        name: s.name.clone(),
        summary: s.summary.clone(),
        owner_id: s.owner.clone(),
        owner: rm.role_name(&s.owner).to_string(),
        owner_path: role_path(rm, &s.owner),
        duration_days: s.duration_days,
        conversion: s.conversion_rate.map(format_percent),
        entry_criteria: s.entry_criteria.clone(),
        exit_criteria: s.exit_criteria.clone(),
        activities: s.activities.clone(),
        risks: s.risks.clone(),
        kpis: kpi_views(&s.kpis),
        path: encode_path(&routes::stage(&rm.slug, &s.id)),
        has_playbook: rm.playbooks.contains_key(&s.id),
    }
}

/// Output path of the role view of role id `role`, when it is a role of `rm`.
pub fn role_path(rm: &Roadmap, role: &str) -> Option<String> {
    rm.spec
        .roles
        .iter()
        .any(|r| r.id == role)
        .then(|| encode_path(&routes::role_view(&rm.slug, role)))
}

/// A rendered Markdown body with its table of contents.
#[derive(Debug, Serialize)]
pub struct BodyView<'a> {
    /// HTML, already safe.
    pub html: &'a str,
    /// Level-2 and level-3 headings, for "on this page".
    pub toc: Vec<&'a Heading>,
}

/// The body view of rendered Markdown.
pub fn body_view<'a>(html: &'a str, headings: &'a [Heading]) -> BodyView<'a> {
    BodyView {
        html,
        toc: headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(paragraphs(Some("a\nb\n\nc")), vec!["a b", "c"]);
        assert_eq!(
            paragraphs(Some("第一\n段\n\n第二段")),
            vec!["第一段", "第二段"]
        );
        assert_eq!(
            paragraphs(Some("Win 100 — in\nFY2026 (ICP ≥ 70)\n\n2026 年\n4 月起")),
            vec!["Win 100 — in FY2026 (ICP ≥ 70)", "2026年4月起"]
        );
    }
}
