//! A roadmap's review page ("how are we doing"): planned against actual, the forecast, the
//! milestone timeline and the RACI swimlane, from [`crate::render::plan`].

use crate::i18n::{Strings, t_of};
use crate::model::{Date, Roadmap, Site};
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
    // Without a `pipeline:` block, the key accounts on the roadmap are the live pipeline.
    match super::accounts::live_pipeline(site, rm, today) {
        Some((pipeline, names)) => {
            let mut live = rm.clone();
            live.spec.pipeline = Some(pipeline);
            let view = plan::plan_view(&live, threshold, today, t, PlanPage::Review);
            c.insert("plan", &view);
            let names = crate::i18n::names(t, &names);
            c.insert(
                "pipeline_accounts",
                &crate::i18n::tr(
                    t,
                    "acct_forecast_counts",
                    &[("n", &view_count(&live)), ("names", &names)],
                ),
            );
        }
        None => c.insert(
            "plan",
            &plan::plan_view(rm, threshold, today, t, PlanPage::Review),
        ),
    }
    c
}

fn view_count(rm: &Roadmap) -> String {
    let n: f64 = rm
        .spec
        .pipeline
        .as_ref()
        .map_or(0.0, |p| p.stages.values().sum());
    n.to_string()
}

/// Whether roadmap `rm` has a review page: something to review in it (see
/// [`plan::has_review`]), or key accounts to count as its pipeline.
pub(crate) fn has_review(site: &Site, rm: &Roadmap) -> bool {
    plan::has_review(rm) || site.accounts.iter().any(|a| a.spec.roadmap == rm.slug)
}
