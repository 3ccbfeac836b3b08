//! A roadmap's page: the stage diagram, goals, the stage table, market, segments, strategy,
//! KPIs and roles, with the planning sections of [`crate::render::plan`].

use super::{role, segment};
use crate::i18n::{Strings, date_text, t_of};
use crate::model::{Date, Roadmap, Site};
use crate::render::plan::{self, PlanPage};
use crate::render::stage_diagram::diagram;
use crate::render::templates::page_context;
use crate::render::views::{goal_view, kpi_views, paragraphs, role_path, stage_view};
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct Para {
    label: String,
    paragraphs: Vec<String>,
}

/// The context of roadmap `r`'s page as of `today`, with the planning sections and the way
/// to its review page.
pub(crate) fn context(site: &Site, r: usize, today: Date, t: &Strings) -> Context {
    let (rm, threshold) = (&site.roadmaps[r], site.config.shortfall_threshold());
    let mut c = roadmap_context(rm, t);
    c.insert(
        "plan",
        &plan::plan_view(rm, threshold, today, t, PlanPage::Roadmap),
    );
    c.insert(
        "review_path",
        &super::review::has_review(site, rm).then(|| encode_path(&routes::review(&rm.slug))),
    );
    c.insert("accounts_path", &super::accounts::board_path(site, rm));
    c
}

/// The context of roadmap `rm`'s page, without its planning sections.
fn roadmap_context(rm: &Roadmap, t: &Strings) -> Context {
    let path = routes::roadmap(&rm.slug);
    let mut c = page_context(&path, &rm.spec.title);
    let spec = &rm.spec;
    c.insert("summary", &paragraphs(spec.summary.as_deref()));
    c.insert("owner", &spec.owner.as_deref().map(|o| rm.role_name(o)));
    c.insert("updated", &date_text(spec.updated));
    c.insert("review_by", &date_text(spec.review_by));
    c.insert(
        "goals",
        &spec.goals.iter().map(goal_view).collect::<Vec<_>>(),
    );
    c.insert("market", &spec.market);
    c.insert("segments", &spec.segments);
    let strategy: Vec<Para> = spec
        .strategy
        .iter()
        .flat_map(|s| {
            [
                ("pricing", &s.pricing),
                ("promotion", &s.promotion),
                ("channel", &s.channel),
            ]
        })
        .filter_map(|(k, v)| {
            v.as_deref().map(|v| Para {
                label: t_of(t, k).to_string(),
                paragraphs: paragraphs(Some(v)),
            })
        })
        .collect();
    c.insert("strategy", &strategy);
    c.insert("roles", &role::role_links(rm, None, t));
    c.insert("segment_views", &segment::segment_links(rm, None));
    c.insert(
        "owner_path",
        &spec.owner.as_deref().and_then(|o| role_path(rm, o)),
    );
    c.insert(
        "stages",
        &spec
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| stage_view(rm, i, s))
            .collect::<Vec<_>>(),
    );
    c.insert("kpis", &kpi_views(&spec.kpis));
    c.insert("summary_path", &encode_path(&routes::summary(&rm.slug)));
    c.insert("diagram", &diagram(rm, &path, None, false, t));
    c
}
