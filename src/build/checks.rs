//! The problems found while rendering one Markdown body: broken links, links to missing
//! anchors, and segment sections that name no segment of the roadmap.

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::model::Site;
use crate::source::SourceMap;
use rustc_hash::FxHashMap;
use std::path::Path;

/// The problems of `file`'s rendered body `r` (whose Markdown is `body_len` bytes long, at
/// the end of the file), with the rendered bodies of the pages it may link to by anchor.
pub(super) fn markdown_problems(
    site: &Site,
    sources: &SourceMap,
    file: &Path,
    r: &Rendered,
    body_len: usize,
    by_page: &FxHashMap<&str, &Rendered>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if r.problems.is_empty() && r.anchor_links.is_empty() && r.segments.is_empty() {
        return out;
    }
    let base = sources
        .text_len(file)
        .map_or(0, |n| n.saturating_sub(body_len));
    let mut report = |p: &markdown::Problem| {
        let mut d = sources.error_at_offset(file, base + p.offset, p.message.clone());
        if let Some(h) = &p.hint {
            d = d.with_hint(h.clone());
        }
        out.push(d);
    };
    r.problems.iter().for_each(&mut report);
    if !r.segments.is_empty() {
        let roadmap = site
            .roadmaps
            .iter()
            .find(|rm| rm.playbooks.values().any(|d| d.file == *file));
        markdown::segments::check(&r.segments, roadmap)
            .iter()
            .for_each(&mut report);
    }
    for link in &r.anchor_links {
        if let Some(target) = by_page.get(link.page.as_str())
            && !target.headings.iter().any(|h| h.id == link.anchor)
        {
            report(&markdown::missing_anchor(
                link,
                target.headings.iter().map(|h| h.id.as_str()),
            ));
        }
    }
    out
}
