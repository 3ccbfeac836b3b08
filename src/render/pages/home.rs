//! The home page: the site's description, every roadmap as a card with its goals and
//! first stages, and the way into onboarding.

use super::onboarding::phases;
use super::whats_new::{ChangeView, change_view};
use crate::changes::ChangeLog;
use crate::i18n::{Strings, fill, t_of};
use crate::model::Site;
use crate::render::templates::page_context;
use crate::render::views::{GoalView, LinkView, goal_view, paragraphs};
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use tera::Context;

/// Stage links on a roadmap's card on the home page; the roadmap page lists them all.
const CARD_STAGES: usize = 12;

#[derive(Serialize)]
struct RoadmapCard {
    title: String,
    summary: Vec<String>,
    path: String,
    stage_count: String,
    goals: Vec<GoalView>,
    stages: Vec<LinkView>,
    more_stages: usize,
}

/// Changes named on the home page; the what's-new page lists the rest.
const HOME_CHANGES: usize = 3;

/// The context of the home page.
pub(crate) fn home_context(site: &Site, log: &ChangeLog, t: &Strings) -> Context {
    let path = routes::HOME.to_string();
    let mut c = page_context(&path, &site.config.title);
    let latest: Vec<ChangeView> = log
        .entries
        .iter()
        .take(HOME_CHANGES)
        .map(|e| change_view(e, "", t))
        .collect();
    c.insert("latest_changes", &latest);
    let cards: Vec<RoadmapCard> = site
        .roadmaps
        .iter()
        .map(|rm| RoadmapCard {
            title: rm.spec.title.clone(),
            summary: paragraphs(rm.spec.summary.as_deref()),
            path: encode_path(&routes::roadmap(&rm.slug)),
            stage_count: fill(t_of(t, "stage_count"), rm.spec.stages.len(), 0),
            goals: rm.spec.goals.iter().map(goal_view).collect(),
            stages: rm
                .spec
                .stages
                .iter()
                .take(CARD_STAGES)
                .map(|s| LinkView::new(&routes::stage(&rm.slug, &s.id), &s.name))
                .collect(),
            more_stages: rm.spec.stages.len().saturating_sub(CARD_STAGES),
        })
        .collect();
    c.insert(
        "description",
        &paragraphs(site.config.description.as_deref()),
    );
    c.insert("roadmaps", &cards);
    c.insert("phases", &phases(site, t));
    c.insert(
        "module_count",
        &fill(t_of(t, "module_count"), site.onboarding.len(), 0),
    );
    let first = site
        .onboarding
        .first()
        .map(|m| encode_path(&routes::module(&m.slug)));
    c.insert("first_module", &first);
    c
}
