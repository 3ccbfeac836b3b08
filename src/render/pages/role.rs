//! Role views: one page per role of a roadmap (`roadmaps/<roadmap>/role-<id>.html`) with
//! the stages it owns or takes part in, so that each role reads only its own work.

use crate::i18n::{Strings, fill, t_of};
use crate::model::{Date, Part, Raci, Roadmap, Site};
use crate::render::templates::page_context;
use crate::render::views::{LinkView, StageView, stage_view};
use crate::routes;
use serde::Serialize;
use tera::Context;

/// One of a role's parts in a stage, in words.
#[derive(Debug, Serialize)]
pub struct PartView {
    /// `owner`, `r`, `a`, `c` or `i`: for styling.
    pub key: &'static str,
    /// The letter (`R`), or empty for the owner.
    pub letter: &'static str,
    /// The part in words ("Responsible").
    pub label: String,
}

/// A role's parts in words: owner first, then its RACI letter.
pub fn part_views(part: Part, t: &Strings) -> Vec<PartView> {
    let owner = part.owner.then(|| PartView {
        key: "owner",
        letter: "",
        label: t_of(t, "part_owner").to_string(),
    });
    let raci = part.raci.map(|r| {
        let (key, letter) = match r {
            Raci::R => ("r", "R"),
            Raci::A => ("a", "A"),
            Raci::C => ("c", "C"),
            Raci::I => ("i", "I"),
        };
        PartView {
            key,
            letter,
            label: t_of(t, &format!("raci_{key}")).to_string(),
        }
    });
    owner.into_iter().chain(raci).collect()
}

/// A stage as a role's page shows it.
#[derive(Debug, Serialize)]
struct RoleStageView {
    stage: StageView,
    parts: Vec<PartView>,
    /// Whether the role owns the stage (its owner then goes without saying).
    owns: bool,
}

/// A link to a role's view, with how many stages the role takes part in.
#[derive(Debug, Serialize)]
pub struct RoleLink {
    /// The role's view.
    pub link: LinkView,
    /// How many stages the role owns or takes part in, in words ("3 stages").
    pub stages: String,
    /// Whether this is the page being shown.
    pub current: bool,
}

/// Links to the views of every role of `rm`, with role `current` marked.
pub fn role_links(rm: &Roadmap, current: Option<usize>, t: &Strings) -> Vec<RoleLink> {
    rm.spec
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| RoleLink {
            link: LinkView::new(&routes::role_view(&rm.slug, &r.id), &r.name),
            stages: fill(t_of(t, "stage_count"), rm.stages_of_role(&r.id).count(), 0),
            current: current == Some(i),
        })
        .collect()
}

/// The context of role `i`'s view of `rm`.
pub fn role_context(site: &Site, rm: &Roadmap, i: usize, today: Date, t: &Strings) -> Context {
    let role = &rm.spec.roles[i];
    let path = routes::role_view(&rm.slug, &role.id);
    let mut c = page_context(&path, &role.name);
    let stages: Vec<RoleStageView> = rm
        .stages_of_role(&role.id)
        .map(|(n, s, part)| RoleStageView {
            stage: stage_view(rm, n, s),
            parts: part_views(part, t),
            owns: part.owner,
        })
        .collect();
    c.insert(
        "lead",
        &t_of(t, "role_view_lead").replace("{roadmap}", &rm.spec.title),
    );
    c.insert(
        "stage_count",
        &t_of(t, "role_stage_count")
            .replace("{n}", &stages.len().to_string())
            .replace("{total}", &rm.spec.stages.len().to_string()),
    );
    c.insert("stages", &stages);
    c.insert(
        "roadmap",
        &LinkView::new(&routes::roadmap(&rm.slug), &rm.spec.title),
    );
    c.insert("roles", &role_links(rm, Some(i), t));
    c.insert(
        "accounts",
        &super::accounts::owned_by(site, rm, &role.id, today, t),
    );
    c
}
