//! The one-page summary of a roadmap, "for the wall": its goals (target, deadline, progress),
//! then its stages in order with owner, duration, exit criteria and KPIs, and the roadmap's
//! own KPIs. The theme lays it out to print on one A4 landscape page.

use crate::i18n::{Strings, fill, t_of};
use crate::model::Roadmap;
use crate::render::templates::page_context;
use crate::render::views::{
    GoalView, KpiView, LinkView, StageView, goal_view, kpi_views, stage_view,
};
use crate::routes;
use serde::Serialize;
use tera::Context;

/// Most stage columns side by side; a longer process wraps into rows of equal length.
const MAX_COLUMNS: usize = 8;

/// A process of at most this many stages, each with at most [`ROOMY_ITEMS`] exit criteria
/// and KPIs, leaves room on the page for larger type.
const ROOMY_STAGES: usize = 4;
/// See [`ROOMY_STAGES`].
const ROOMY_ITEMS: usize = 6;

/// What the summary template shows, besides the common page values.
#[derive(Debug, Serialize)]
struct SummaryView {
    /// The roadmap's title.
    roadmap_title: String,
    /// Link to the full roadmap page.
    roadmap: LinkView,
    /// The roadmap's owner, by role name.
    owner: Option<String>,
    /// When the roadmap was last updated.
    updated: Option<String>,
    /// When the roadmap is next reviewed.
    review_by: Option<String>,
    /// "6 stages".
    stage_count: String,
    /// "About 178 days end to end", when every stage has a duration.
    total_days: Option<String>,
    /// Goals with their progress.
    goals: Vec<GoalView>,
    /// Every stage, in order.
    stages: Vec<StageView>,
    /// How many stage columns a row holds.
    columns: usize,
    /// Whether the page has room for larger type (few stages with short lists).
    roomy: bool,
    /// The roadmap's own KPIs.
    kpis: Vec<KpiView>,
}

/// How many stage columns fit a row: all of them up to [`MAX_COLUMNS`], else rows of
/// nearly equal length (12 stages → 2 rows of 6).
pub(crate) fn columns(stages: usize) -> usize {
    if stages <= MAX_COLUMNS {
        return stages.max(1);
    }
    let rows = stages.div_ceil(MAX_COLUMNS);
    stages.div_ceil(rows)
}

/// The context of the summary page of roadmap `rm`.
pub(crate) fn summary_context(rm: &Roadmap, t: &Strings) -> Context {
    let path = routes::summary(&rm.slug);
    let spec = &rm.spec;
    let title = format!("{} · {}", spec.title, t_of(t, "summary_title"));
    let mut c = page_context(&path, &title);
    let total_days: Option<u32> = spec
        .stages
        .iter()
        .map(|s| s.duration_days)
        .try_fold(0u32, |sum, d| d.map(|d| sum.saturating_add(d)));
    let view = SummaryView {
        roadmap_title: spec.title.clone(),
        roadmap: LinkView::new(&routes::roadmap(&rm.slug), &spec.title),
        owner: spec.owner.as_deref().map(|o| rm.role_name(o).to_string()),
        updated: spec.updated.map(|d| d.to_string()),
        review_by: spec.review_by.map(|d| d.to_string()),
        stage_count: fill(t_of(t, "stage_count"), spec.stages.len(), 0),
        total_days: total_days
            .filter(|_| !spec.stages.is_empty())
            .map(|n| fill(t_of(t, "summary_total_days"), n as usize, 0)),
        goals: spec.goals.iter().map(goal_view).collect(),
        stages: spec
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| stage_view(rm, i, s))
            .collect(),
        columns: columns(spec.stages.len()),
        roomy: spec.stages.len() <= ROOMY_STAGES
            && spec
                .stages
                .iter()
                .all(|s| s.exit_criteria.len() + s.kpis.len() <= ROOMY_ITEMS),
        kpis: kpi_views(&spec.kpis),
    };
    c.insert("summary", &view);
    c
}

#[cfg(test)]
mod tests {
    use super::columns;

    #[test]
    fn long_processes_wrap_into_even_rows() {
        assert_eq!(columns(0), 1);
        assert_eq!(columns(6), 6);
        assert_eq!(columns(8), 8);
        assert_eq!(columns(9), 5);
        assert_eq!(columns(12), 6);
        assert_eq!(columns(200), 8);
    }
}
