//! The onboarding pages: the path (modules grouped by phase) and each module with its
//! checklist and quiz, plus the data `site.js` needs to save a reader's progress.
//!
//! Progress is kept in the reader's browser only. Each page that shows progress carries a
//! JSON data block (`<script type="application/json" id="progress-data">`, which is not
//! executed, so the CSP allows it) with the ids of the items and questions it covers and
//! the UI strings the script writes.

use crate::i18n::{Strings, fill, t_of};
use crate::markdown::RenderedDocs;
use crate::model::{Document, OnboardingFront, Site};
use crate::render::templates::page_context;
use crate::render::views::{LinkView, body_view};
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

/// The UI strings `site.js` uses for progress and quizzes (keys of the theme's i18n files).
const SCRIPT_STRINGS: &[&str] = &[
    "progress_done",
    "progress_skipped",
    "quiz_score",
    "quiz_right",
    "quiz_wrong",
    "quiz_choose",
    "reset_confirm",
    "import_done",
    "import_bad",
    "import_other_site",
    "review_again",
    "review_notice",
];

/// A module as a card on the path page.
#[derive(Serialize)]
pub(super) struct ModuleCard {
    number: usize,
    /// The module's key in saved progress (its file name without `.md`).
    key: String,
    title: String,
    path: String,
    duration: Option<String>,
    checklist_count: usize,
    quiz_count: usize,
    stages: Vec<String>,
}

/// One phase of the path and its modules.
#[derive(Serialize)]
pub(crate) struct PhaseView {
    label: String,
    modules: Vec<ModuleCard>,
}

/// A phase label in words: `week-2` → "Week 2".
fn phase_label(phase: Option<&str>, t: &Strings) -> String {
    let Some(p) = phase else {
        return t_of(t, "phase_other").to_string();
    };
    let lower = p.to_ascii_lowercase();
    for (prefix, key) in [
        ("week-", "phase_week"),
        ("month-", "phase_month"),
        ("week", "phase_week"),
        ("month", "phase_month"),
    ] {
        if let Some(n) = lower
            .strip_prefix(prefix)
            .and_then(|n| n.trim().parse::<usize>().ok())
        {
            return fill(t_of(t, key), n, 0);
        }
    }
    p.to_string()
}

/// Onboarding modules grouped by phase, phases in order of first appearance.
pub(crate) fn phases(site: &Site, t: &Strings) -> Vec<PhaseView> {
    let mut out: Vec<(Option<&str>, PhaseView)> = Vec::new();
    for (i, m) in site.onboarding.iter().enumerate() {
        let key = m.front.phase.as_deref();
        let stages = m
            .front
            .stages
            .iter()
            .filter_map(|r| {
                let (rm, st) = r.split_once('/')?;
                site.roadmaps
                    .iter()
                    .find(|x| x.slug == rm)?
                    .spec
                    .stages
                    .iter()
                    .find(|s| s.id == st)
                    .map(|s| s.name.clone())
            })
            .collect();
        let card = ModuleCard {
            number: i + 1,
            key: m.slug.clone(),
            title: m.front.title.clone(),
            path: encode_path(&routes::module(&m.slug)),
            duration: m.front.duration.clone(),
            checklist_count: m.front.checklist.len(),
            quiz_count: m.front.quiz.len(),
            stages,
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, phase)) => phase.modules.push(card),
            None => out.push((
                key,
                PhaseView {
                    label: phase_label(key, t),
                    modules: vec![card],
                },
            )),
        }
    }
    out.into_iter().map(|(_, p)| p).collect()
}

/// What `site.js` knows of one module: ids and texts of its checklist items (texts go into
/// the export file), and each question's id with the id of its right option.
#[derive(Serialize)]
struct ModuleData<'a> {
    key: &'a str,
    title: &'a str,
    items: Vec<(String, &'a str)>,
    quiz: Vec<(String, String)>,
    /// The date of the module's latest `major` change: a rep who completed it before must
    /// confirm the new version.
    major: Option<String>,
}

/// The JSON data block of a page that shows progress.
#[derive(Serialize)]
struct ProgressData<'a> {
    title: &'a str,
    t: BTreeMap<&'static str, &'a str>,
    modules: Vec<ModuleData<'a>>,
}

fn module_data(m: &Document<OnboardingFront>) -> ModuleData<'_> {
    ModuleData {
        key: &m.slug,
        title: &m.front.title,
        items: m
            .front
            .checklist
            .iter()
            .map(|i| (i.key(), i.text.as_str()))
            .collect(),
        quiz: m
            .front
            .quiz
            .iter()
            .map(|q| (q.key(), q.option_key(q.answer)))
            .collect(),
        major: m
            .front
            .changes
            .iter()
            .filter(|c| c.major)
            .map(|c| c.date)
            .max()
            .map(|d| d.to_string()),
    }
}

/// The progress data of `modules` as JSON that is safe inside a `<script>` element: `<`,
/// `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`.
fn progress_json<'a>(
    site: &'a Site,
    modules: impl Iterator<Item = &'a Document<OnboardingFront>>,
    t: &'a Strings,
) -> String {
    let data = ProgressData {
        title: &site.config.title,
        t: SCRIPT_STRINGS.iter().map(|k| (*k, t_of(t, k))).collect(),
        modules: modules.map(module_data).collect(),
    };
    serde_json::to_string(&data)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The onboarding path page.
pub(crate) fn onboarding_context(site: &Site, t: &Strings) -> Context {
    let path = routes::ONBOARDING.to_string();
    let mut c = page_context(&path, t_of(t, "onboarding_path"));
    c.insert("phases", &phases(site, t));
    c.insert(
        "module_count",
        &fill(t_of(t, "module_count"), site.onboarding.len(), 0),
    );
    c.insert(
        "progress_json",
        &progress_json(site, site.onboarding.iter(), t),
    );
    c
}

#[derive(Serialize)]
struct ChecklistItemView {
    id: String,
    text: String,
}

#[derive(Serialize)]
struct OptionView {
    id: String,
    text: String,
}

#[derive(Serialize)]
struct QuizView {
    number: usize,
    id: String,
    q: String,
    options: Vec<OptionView>,
    answer: usize,
    answer_id: String,
    answer_text: String,
}

/// An onboarding module's page.
pub(crate) fn module_context(site: &Site, i: usize, docs: &RenderedDocs, t: &Strings) -> Context {
    let m = &site.onboarding[i];
    let path = routes::module(&m.slug);
    let mut c = page_context(&path, &m.front.title);
    c.insert("number", &(i + 1));
    c.insert("module_key", &m.slug);
    c.insert("phase", &m.front.phase);
    c.insert("duration", &m.front.duration);
    let checklist: Vec<ChecklistItemView> = m
        .front
        .checklist
        .iter()
        .map(|item| ChecklistItemView {
            id: item.key(),
            text: item.text.clone(),
        })
        .collect();
    c.insert("checklist", &checklist);
    let quiz: Vec<QuizView> = m
        .front
        .quiz
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let answer_text = q.options.get(q.answer).cloned().unwrap_or_default();
            QuizView {
                number: n + 1,
                id: q.key(),
                q: q.q.clone(),
                options: q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| OptionView {
                        id: q.option_key(i),
                        text: o.clone(),
                    })
                    .collect(),
                answer: q.answer,
                answer_id: q.option_key(q.answer),
                answer_text,
            }
        })
        .collect();
    c.insert("quiz", &quiz);
    let stages: Vec<LinkView> = m
        .front
        .stages
        .iter()
        .filter_map(|r| {
            let (rm, st) = r.split_once('/')?;
            let roadmap = site.roadmaps.iter().find(|x| x.slug == rm)?;
            let stage = roadmap.spec.stages.iter().find(|s| s.id == st)?;
            Some(LinkView::new(
                &routes::stage(rm, st),
                &format!("{} · {}", roadmap.spec.title, stage.name),
            ))
        })
        .collect();
    c.insert("stages", &stages);
    let r = docs.get(&m.file);
    c.insert(
        "body",
        &body_view(
            r.map_or("", |r| r.html.as_str()),
            r.map_or(&[], |r| r.headings.as_slice()),
        ),
    );
    let neighbour = |j: usize| {
        LinkView::new(
            &routes::module(&site.onboarding[j].slug),
            &site.onboarding[j].front.title,
        )
    };
    c.insert("previous", &i.checked_sub(1).map(neighbour));
    c.insert(
        "next",
        &(i + 1 < site.onboarding.len()).then(|| neighbour(i + 1)),
    );
    c.insert("progress_json", &progress_json(site, std::iter::once(m), t));
    c
}
