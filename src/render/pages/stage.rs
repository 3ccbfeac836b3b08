//! A stage's playbook page: the stage's facts, its playbook, previous and next, a small
//! diagram with the stage highlighted, and the onboarding modules that cover it.

use super::segment;
use crate::i18n::{Strings, date_text, fill, t_of};
use crate::markdown::RenderedDocs;
use crate::model::{Date, Roadmap, Site};
use crate::render::stage_diagram::diagram;
use crate::render::templates::page_context;
use crate::render::views::{LinkView, body_view, stage_view};
use crate::routes;
use tera::Context;

/// The context of stage `i` of roadmap `r`'s page as of `today`, with its "needs review" notice and its
/// segment sections marked.
pub(crate) fn context(
    site: &Site,
    (r, i): (usize, usize),
    docs: &RenderedDocs,
    today: Date,
    t: &Strings,
) -> Context {
    let rm = &site.roadmaps[r];
    let mut c = stage_context(site, rm, i, docs, t);
    c.insert("stale", &stale_notice(site, (r, i), today, t));
    segment::decorate_stage(&mut c, rm, i, docs, t);
    c
}

/// The "needs review" sentence for the playbook of stage `i` of roadmap `r` when it is stale
/// on `today`, or `None`.
pub(crate) fn stale_notice(
    site: &Site,
    (r, i): (usize, usize),
    today: Date,
    t: &Strings,
) -> Option<String> {
    let rm = &site.roadmaps[r];
    let doc = rm.playbooks.get(&rm.spec.stages[i].id)?;
    let every = site.config.review_every();
    Some(
        match crate::freshness::playbook_staleness(&doc.front, every, today)? {
            crate::freshness::Staleness::ReviewOverdue(due) => {
                t_of(t, "stale_overdue").replace("{date}", &due.to_string())
            }
            crate::freshness::Staleness::NotUpdatedSince(updated, days) => t_of(t, "stale_old")
                .replace("{date}", &updated.to_string())
                .replace("{n}", &days.to_string()),
        },
    )
}

/// The context of stage `i` of roadmap `rm`'s page, without the notices.
fn stage_context(site: &Site, rm: &Roadmap, i: usize, docs: &RenderedDocs, t: &Strings) -> Context {
    let stages = &rm.spec.stages;
    let s = &stages[i];
    let path = routes::stage(&rm.slug, &s.id);
    let playbook = rm.playbooks.get(&s.id);
    let title = playbook
        .and_then(|p| p.front.title.clone())
        .unwrap_or_else(|| s.name.clone());
    let mut c = page_context(&path, &title);
    c.insert("stage", &stage_view(rm, i, s));
    c.insert("stage_of", &fill(t_of(t, "stage_of"), i + 1, stages.len()));
    c.insert(
        "roadmap",
        &LinkView::new(&routes::roadmap(&rm.slug), &rm.spec.title),
    );
    let neighbour =
        |j: usize| LinkView::new(&routes::stage(&rm.slug, &stages[j].id), &stages[j].name);
    c.insert("previous", &i.checked_sub(1).map(neighbour));
    c.insert("next", &(i + 1 < stages.len()).then(|| neighbour(i + 1)));
    c.insert("diagram", &diagram(rm, &path, Some(i), true, t));
    let rendered = playbook.and_then(|p| docs.get(&p.file));
    c.insert("body", &rendered.map(|r| body_view(&r.html, &r.headings)));
    c.insert(
        "updated",
        &playbook.and_then(|p| date_text(p.front.updated)),
    );
    c.insert(
        "review_by",
        &playbook.and_then(|p| date_text(p.front.review_by)),
    );
    c.insert(
        "verified_by",
        &playbook.and_then(|p| p.front.verified_by.clone()),
    );
    let segments: Vec<&str> = playbook
        .map(|p| {
            p.front
                .segments
                .iter()
                .filter_map(|id| rm.spec.segments.iter().find(|s| &s.id == id))
                .map(|s| s.name.as_str())
                .collect()
        })
        .unwrap_or_default();
    c.insert("segments", &segments);
    let reference = format!("{}/{}", rm.slug, s.id);
    let modules: Vec<LinkView> = site
        .onboarding
        .iter()
        .filter(|m| m.front.stages.contains(&reference))
        .map(|m| LinkView::new(&routes::module(&m.slug), &m.front.title))
        .collect();
    c.insert("modules", &modules);
    c
}
