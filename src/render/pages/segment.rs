//! Segment variants: on a stage page, the playbook's segment sections get a badge and a
//! switcher to show one segment's; each segment also gets a view of the whole roadmap
//! (`roadmaps/<roadmap>/segment-<id>.html`) with only the content that applies to it.

use crate::diagram::escape_xml;
use crate::i18n::{Strings, t_of};
use crate::markdown::Rendered;
use crate::markdown::RenderedDocs;
use crate::markdown::segments::filter;
use crate::model::Roadmap;
use crate::render::rebase::rebase;
use crate::render::templates::page_context;
use crate::render::views::{LinkView, StageView, body_view, paragraphs, stage_view};
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use tera::Context;

/// The badge at the start of a section for segment `id`: "Only for: <name>".
fn badge(rm: &Roadmap, id: &str, t: &Strings) -> String {
    let name = rm
        .spec
        .segments
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.name.as_str());
    format!(
        "<p class=\"segment-badge\"><span class=\"segment-badge-label\">{}</span> {}</p>",
        escape_xml(t_of(t, "segment_only")),
        escape_xml(name)
    )
}

/// A segment a switcher can show.
#[derive(Debug, Serialize)]
struct SegmentOption<'a> {
    id: &'a str,
    name: &'a str,
}

/// The segment switcher of a stage page: every segment of the roadmap.
#[derive(Debug, Serialize)]
struct Switcher<'a> {
    /// The roadmap's slug: the choice is remembered per roadmap.
    roadmap: &'a str,
    segments: Vec<SegmentOption<'a>>,
}

/// Adds to stage `i`'s page context its playbook with a badge on every segment section,
/// and the switcher when there are such sections (the page then loads `segments.js`).
pub fn decorate_stage(c: &mut Context, rm: &Roadmap, i: usize, docs: &RenderedDocs, t: &Strings) {
    let Some((doc, r)) = rm
        .playbooks
        .get(&rm.spec.stages[i].id)
        .and_then(|p| docs.get(&p.file).map(|r| (p, r)))
        .filter(|(_, r)| !r.segment_sections.is_empty())
    else {
        c.insert("switcher", &None::<()>);
        return;
    };
    let html = filter(&r.html, &r.segment_sections, None, |id| badge(rm, id, t));
    c.insert("body", &body_view(&html, &r.headings));
    // The segments the playbook is written for (all when it names none), and any that has
    // a section in it.
    let offered =
        |id: &str| doc.front.applies_to(id) || r.segment_sections.iter().any(|s| s.segment == id);
    let switcher = Switcher {
        roadmap: &rm.slug,
        segments: rm
            .spec
            .segments
            .iter()
            .filter(|s| offered(&s.id))
            .map(|s| SegmentOption {
                id: &s.id,
                name: &s.name,
            })
            .collect(),
    };
    c.insert("switcher", &switcher);
}

/// A link to a segment's view of a roadmap.
#[derive(Debug, Serialize)]
pub struct SegmentLink {
    /// The segment's id (for the roadmap page's anchors).
    pub id: String,
    /// The view.
    pub link: LinkView,
    /// Whether this is the page being shown.
    pub current: bool,
}

/// Links to the views of every segment of `rm`, with segment `current` marked.
pub fn segment_links(rm: &Roadmap, current: Option<usize>) -> Vec<SegmentLink> {
    rm.spec
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| SegmentLink {
            id: s.id.clone(),
            link: LinkView::new(&routes::segment_view(&rm.slug, &s.id), &s.name),
            current: current == Some(i),
        })
        .collect()
}

/// A stage as a segment's view shows it.
#[derive(Debug, Serialize)]
struct SegmentStageView {
    stage: StageView,
    /// Anchor of the stage on the page.
    anchor: String,
    /// The playbook content for the segment, rebased onto the view; `None` when there is
    /// none.
    body: Option<String>,
    /// When the playbook is written for other segments only: their names.
    written_for: Option<String>,
}

/// The playbook of stage `i` as segment `segment`'s view shows it, or the names of the
/// segments it is written for when it does not apply.
fn stage_body(
    rm: &Roadmap,
    i: usize,
    segment: &str,
    docs: &RenderedDocs,
    t: &Strings,
) -> (Option<String>, Option<String>) {
    let stage = &rm.spec.stages[i];
    let Some(doc) = rm.playbooks.get(&stage.id) else {
        return (None, None);
    };
    if !doc.front.applies_to(segment) {
        let names = doc
            .front
            .segments
            .iter()
            .map(|id| {
                rm.spec
                    .segments
                    .iter()
                    .find(|s| &s.id == id)
                    .map_or(id.clone(), |s| s.name.clone())
            })
            .collect::<Vec<_>>()
            .join(t_of(t, "list_separator"));
        return (None, Some(names));
    }
    let Some(r): Option<&std::sync::Arc<Rendered>> = docs.get(&doc.file) else {
        return (None, None);
    };
    let html = filter(&r.html, &r.segment_sections, Some(segment), |id| {
        badge(rm, id, t)
    });
    if html.trim().is_empty() {
        return (None, None);
    }
    let folder = routes::segment(&stage.id);
    let html = rebase(&html, &encode_path(&folder), &format!("{folder}--"));
    (Some(html), None)
}

/// The context of segment `i`'s view of `rm`.
pub fn segment_context(rm: &Roadmap, i: usize, docs: &RenderedDocs, t: &Strings) -> Context {
    let seg = &rm.spec.segments[i];
    let path = routes::segment_view(&rm.slug, &seg.id);
    let mut c = page_context(&path, &seg.name);
    c.insert("description", &paragraphs(seg.description.as_deref()));
    c.insert("criteria", &seg.criteria);
    c.insert(
        "lead",
        &t_of(t, "segment_view_lead").replace("{roadmap}", &rm.spec.title),
    );
    c.insert(
        "roadmap",
        &LinkView::new(&routes::roadmap(&rm.slug), &rm.spec.title),
    );
    c.insert("segments", &segment_links(rm, Some(i)));
    let stages: Vec<SegmentStageView> = rm
        .spec
        .stages
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let (body, written_for) = stage_body(rm, n, &seg.id, docs, t);
            SegmentStageView {
                stage: stage_view(rm, n, s),
                anchor: format!("stage-{}", routes::segment(&s.id)),
                body,
                written_for,
            }
        })
        .collect();
    c.insert("stages", &stages);
    c
}
