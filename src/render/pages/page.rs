//! A free page (glossary, FAQ): its Markdown with a table of contents.

use crate::markdown::RenderedDocs;
use crate::model::{Document, PageFront};
use crate::render::templates::page_context;
use crate::render::views::body_view;
use tera::Context;

/// The context of free page `p`, at output path `path`.
pub(crate) fn context(p: &Document<PageFront>, path: &str, docs: &RenderedDocs) -> Context {
    let mut c = page_context(path, &p.front.title);
    let r = docs.get(&p.file);
    c.insert("description", &p.front.description);
    c.insert(
        "body",
        &body_view(
            r.map_or("", |r| r.html.as_str()),
            r.map_or(&[], |r| r.headings.as_slice()),
        ),
    );
    c
}
