//! The what's-new page: every change of the last `whats_new_days` days, newest first,
//! grouped by week, with filters by roadmap and by role that run in the page.

use crate::changes::{ChangeEntry, ChangeLog, Owner, rebase_note, week_start};
use crate::i18n::{Strings, t_of, tr};
use crate::model::{Date, Site};
use crate::render::templates::page_context;
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use tera::Context;

/// The most changes the page lists (the newest), to keep it within the page budget on a
/// large site; the feed and the notices have the others.
const MAX_CHANGES: usize = 100;

/// One change as the page and the home page show it.
#[derive(Debug, Serialize)]
pub(crate) struct ChangeView {
    /// The date, `YYYY-MM-DD`.
    pub(crate) date: String,
    /// The note's HTML, its links made relative to the showing page.
    pub(crate) note: String,
    /// Whether readers must re-read.
    pub(crate) major: bool,
    /// Link to the changed page (and section), relative to the output root.
    pub(crate) path: String,
    /// The changed page's title.
    pub(crate) title: String,
    /// The roadmap or module it belongs to, in words.
    pub(crate) context: Option<String>,
    /// Roadmaps it concerns, space-separated (for the filter).
    pub(crate) roadmaps: String,
    /// Roles it concerns, as `<roadmap>/<role>`, space-separated (for the filter).
    pub(crate) roles: String,
}

/// The view of `e` on a page whose way back to the output root is `root`.
pub(crate) fn change_view(e: &ChangeEntry, root: &str, t: &Strings) -> ChangeView {
    let mut path = encode_path(&e.page);
    if let Some(a) = &e.anchor {
        path.push('#');
        path.push_str(&encode_path(a));
    }
    let context = match &e.owner {
        Owner::Playbook { .. } => e.roadmap_title.clone(),
        Owner::Module { .. } => Some(t_of(t, "onboarding").to_string()),
        Owner::Roadmap { .. } | Owner::Page => None,
    };
    ChangeView {
        date: e.date.to_string(),
        note: rebase_note(&e.note_html, root),
        major: e.major,
        path,
        title: e.title.clone(),
        context,
        roadmaps: e.roadmaps.join(" "),
        roles: e.roles.join(" "),
    }
}

#[derive(Serialize)]
struct WeekView {
    label: String,
    changes: Vec<ChangeView>,
}

#[derive(Serialize)]
struct FilterOption {
    value: String,
    label: String,
}

/// The context of the what's-new page.
pub(crate) fn context(site: &Site, log: &ChangeLog, today: Date, t: &Strings) -> Context {
    let path = routes::WHATS_NEW;
    let root = routes::root_prefix(path);
    let mut c = page_context(path, t_of(t, "whats_new"));
    let days = site.config.whats_new_days();
    let mut weeks: Vec<WeekView> = Vec::new();
    let mut last_week = None;
    let recent = log.recent(today, days);
    for e in recent.iter().take(MAX_CHANGES) {
        let week = week_start(e.date);
        if last_week != Some(week) {
            weeks.push(WeekView {
                label: tr(t, "week_of", &[("date", &week.to_string())]),
                changes: Vec::new(),
            });
            last_week = Some(week);
        }
        if let Some(w) = weeks.last_mut() {
            w.changes.push(change_view(e, &root, t));
        }
    }
    let roadmaps: Vec<FilterOption> = site
        .roadmaps
        .iter()
        .map(|rm| FilterOption {
            value: rm.slug.clone(),
            label: rm.spec.title.clone(),
        })
        .collect();
    let roles: Vec<FilterOption> = site
        .roadmaps
        .iter()
        .flat_map(|rm| {
            rm.spec.roles.iter().map(move |r| FilterOption {
                value: format!("{}/{}", rm.slug, r.id),
                label: format!("{} · {}", rm.spec.title, r.name),
            })
        })
        .collect();
    c.insert(
        "intro",
        &tr(t, "whats_new_intro", &[("days", &days.to_string())]),
    );
    c.insert("weeks", &weeks);
    let more = (recent.len() > MAX_CHANGES).then(|| {
        tr(
            t,
            "whats_new_more",
            &[
                ("n", &MAX_CHANGES.to_string()),
                ("total", &recent.len().to_string()),
            ],
        )
    });
    c.insert("more", &more);
    c.insert("filter_roadmaps", &roadmaps);
    c.insert("filter_roles", &roles);
    c
}
