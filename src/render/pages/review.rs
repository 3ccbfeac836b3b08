//! A roadmap's review page ("how are we doing"): planned against actual, the forecast, the
//! milestone timeline and the RACI swimlane, from [`crate::render::plan`].

use crate::i18n::{Strings, t_of};
use crate::model::{Date, Site};
use crate::render::plan::{self, PlanPage};
use crate::render::templates::page_context;
use crate::routes;
use crate::slug::encode_path;
use tera::Context;

/// The context of roadmap `r`'s review page as of `today`.
pub(crate) fn context(site: &Site, r: usize, today: Date, t: &Strings) -> Context {
    let (rm, threshold) = (&site.roadmaps[r], site.config.shortfall_threshold());
    let title = format!("{} · {}", t_of(t, "review_title"), rm.spec.title);
    let mut c = page_context(&routes::review(&rm.slug), &title);
    c.insert("roadmap_title", &rm.spec.title);
    c.insert("roadmap_path", &encode_path(&routes::roadmap(&rm.slug)));
    c.insert(
        "plan",
        &plan::plan_view(rm, threshold, today, t, PlanPage::Review),
    );
    c
}
