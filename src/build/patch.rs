//! Live preview's fast path: after an edit to the body of known Markdown sources, patch the
//! site that the [`Session`] keeps instead of loading, checking and rendering it again.
//!
//! What an edit to a body (the front matter left byte for byte as it was) can change is
//! known: that body's HTML and its link problems, the pages that show it, and its page in
//! the search index. Everything else (the model's front matter, every check of it and
//! where they point, the routes, the other pages) stays. Any other edit, or a body edit that
//! could reach further (new links to anchors, changed headings where anchors are linked, a
//! body that becomes empty or stops being empty), goes the whole way through
//! [`Session::render`], which reuses what did not change.

use super::checks::markdown_problems;
use super::{BuildFailure, RenderedSite, Session, source_name};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{self, RenderedDocs};
use crate::model::{Body, Site};
use crate::render::theme::Theme;
use crate::render::{self, OutputFile, RenderOptions, Shows};
use crate::routes::Routes;
use crate::search::IndexedPage;
use crate::source::{self, Reloaded, SourceInfo, SourceMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The last good site as assembled, checked and rendered.
pub(super) struct Last {
    pub(super) site: Site,
    pub(super) sources: SourceMap,
    pub(super) docs: RenderedDocs,
    pub(super) routes: Arc<Routes>,
    pub(super) theme: Theme,
    pub(super) opts: RenderOptions,
    /// The problems found before the Markdown was rendered (loading, checks, dates).
    pub(super) checked: Vec<Diagnostic>,
    /// The problems found in the Markdown bodies.
    pub(super) markdown: Vec<Diagnostic>,
    /// The problems found in the change notes (links to sections of the pages).
    pub(super) notes: Vec<Diagnostic>,
}

impl Last {
    /// Every problem of the site, as a fresh render finds them.
    fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.checked.iter().chain(&self.notes).chain(&self.markdown)
    }
}

/// What a rebuild after a change gives.
#[derive(Debug)]
pub enum Update {
    /// The whole site, loaded and rendered again (reusing what did not change).
    Whole(RenderedSite),
    /// Only these files changed: the rest of the last site stands.
    Patched {
        /// Files rendered again (some may have the same bytes as before).
        files: Vec<OutputFile>,
        /// Files no longer part of the site.
        removed: Vec<String>,
        /// Every warning of the site.
        warnings: Vec<Diagnostic>,
        /// Pages rendered.
        rendered_pages: usize,
    },
}

/// One source patched into the site: the pages that show it and its page in the index.
struct Placed {
    shows: Shows,
    indexed: Option<IndexedPage>,
    /// The file's hash and its Markdown body.
    hash: u64,
    body: Body,
    /// The output path of the page its body is rendered for.
    page: String,
}

impl Session {
    /// Rebuilds after the files `paths` (absolute, or relative to the root) changed: patches
    /// the last site when only bodies of known Markdown sources changed, and otherwise
    /// renders the whole site again as [`Session::render`] does.
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<Update, BuildFailure> {
        if let Some(done) = self.patch(paths) {
            return done;
        }
        self.invalidate(paths.iter().map(PathBuf::as_path));
        self.render().map(Update::Whole)
    }

    /// The fast path, or `None` when the edit needs the whole way (the session is then
    /// ready for it: the caches it updated on the way are keyed by what they were made of).
    fn patch(&mut self, paths: &[PathBuf]) -> Option<Result<Update, BuildFailure>> {
        let today = self.today();
        if paths.is_empty() || self.last.as_ref()?.opts.today != today {
            return None;
        }
        let mut last = self.last.take()?;
        let mut files = Vec::new();
        let mut removed = Vec::new();
        let mut rendered_pages = 0;
        for path in paths {
            let shown = crate::diagnostics::relative_to(path, &self.root);
            let (doc, info) = source::reload_body_edit(&self.root, &mut self.sources, &shown)?;
            let placed = place(&mut last, &shown, doc, info)?;
            if let Err(failure) = self.patch_markdown(&mut last, &shown, &placed)? {
                return Some(Err(failure));
            }
            let (site, docs, theme) = (&last.site, &last.docs, &last.theme);
            match render::rerender(site, docs, theme, &last.opts, &mut self.pages, placed.shows) {
                Ok(Some(pages)) => {
                    rendered_pages += pages.len();
                    files.extend(pages);
                }
                Ok(None) => return None,
                Err(mut errors) => {
                    errors.extend(last.problems().cloned());
                    return Some(Err(BuildFailure::new(errors)));
                }
            }
            if let Some(page) = placed.indexed {
                let (strings, hash) = (&theme.strings, theme.hash);
                let changed =
                    crate::search::reindex(site, docs, strings, hash, &mut self.search, page)?;
                files.extend(
                    changed
                        .written
                        .into_iter()
                        .map(|(path, bytes)| OutputFile { path, bytes }),
                );
                removed.extend(changed.removed);
            }
        }
        self.pages.rendered = rendered_pages;
        let warnings = last.problems().cloned().collect();
        self.last = Some(last);
        Some(Ok(Update::Patched {
            files,
            removed,
            warnings,
            rendered_pages,
        }))
    }

    /// Renders the body of `file` again and replaces its problems. `None` when the edit
    /// reaches further than the file (links to anchors, or moved headings on a site that
    /// links to anchors); `Some(Err)` when the body now has errors. Change notes may name a
    /// section of any page, so moved headings check the notes again.
    fn patch_markdown(
        &mut self,
        last: &mut Last,
        file: &Path,
        placed: &Placed,
    ) -> Option<Result<(), BuildFailure>> {
        let Some(old) = last.docs.get(file) else {
            // Not a page's body (a playbook whose stage is not listed): nothing to render.
            return Some(Ok(()));
        };
        let md_opts = markdown::MarkdownOptions::of(&last.site.config);
        let name = source_name(file);
        let r = markdown::render(&placed.body, &name, &placed.page, &last.routes, &md_opts);
        let headings_moved = r.headings.len() != old.headings.len()
            || r.headings
                .iter()
                .zip(&old.headings)
                .any(|(a, b)| a.id != b.id);
        if !r.anchor_links.is_empty() || (headings_moved && self.any_anchor_links) {
            return None;
        }
        let none = Default::default();
        let problems = markdown_problems(
            &last.site,
            &last.sources,
            file,
            &r,
            placed.body.len(),
            &none,
        );
        let r = Arc::new(r);
        self.markdown.insert(
            file.to_path_buf(),
            (placed.hash, self.markdown_key, Arc::clone(&r)),
        );
        last.docs.insert(file.to_path_buf(), r);
        last.markdown.retain(|d| d.file != file);
        last.markdown.extend(problems);
        if headings_moved && !last.opts.changes.entries.is_empty() {
            let (_, notes) = crate::changes::ChangeLog::collect(
                &last.site,
                &last.docs,
                &last.routes,
                &last.sources,
            );
            last.notes = notes;
        }
        let errors = last.markdown.iter().chain(&last.notes);
        if errors.into_iter().any(|d| d.severity == Severity::Error) {
            let all = last.problems().cloned().collect();
            return Some(Err(BuildFailure::new(all)));
        }
        Some(Ok(()))
    }
}

/// Puts the re-read source `doc` in the place of the one it replaces in `last`, or `None`
/// when that changes more than its body's pages (the body became empty, or stopped being).
fn place(last: &mut Last, file: &Path, doc: Reloaded, info: Arc<SourceInfo>) -> Option<Placed> {
    let emptied = |old: &str, new: &str| old.trim().is_empty() != new.trim().is_empty();
    let site = &mut last.site;
    let placed = match doc {
        Reloaded::Playbook(roadmap, mut doc) => {
            let r = site.roadmaps.iter().position(|rm| rm.slug == roadmap)?;
            let rm = &mut site.roadmaps[r];
            let old = rm.playbooks.get(&doc.slug)?;
            if old.file != file || emptied(&old.body, &doc.body) {
                return None;
            }
            // The same front matter: the `updated` worked out at load (from the change log
            // and Git) stands.
            doc.front.updated = old.front.updated;
            let stage = rm.spec.stages.iter().position(|s| s.id == doc.slug);
            let placed = Placed {
                shows: Shows::Roadmap(r),
                indexed: stage.map(|i| IndexedPage::Stage(r, i)),
                hash: doc.hash,
                body: doc.body.clone(),
                page: crate::routes::stage(&rm.slug, &doc.slug),
            };
            rm.playbooks.insert(doc.slug.clone(), doc);
            placed
        }
        Reloaded::Module(doc) => {
            let i = site.onboarding.iter().position(|m| m.file == file)?;
            if emptied(&site.onboarding[i].body, &doc.body) {
                return None;
            }
            let placed = Placed {
                shows: Shows::Onboarding,
                indexed: Some(IndexedPage::Module(i)),
                hash: doc.hash,
                body: doc.body.clone(),
                page: crate::routes::module(&doc.slug),
            };
            site.onboarding[i] = doc;
            placed
        }
        Reloaded::Page(doc) => {
            let i = site.pages.iter().position(|p| p.file == file)?;
            if emptied(&site.pages[i].body, &doc.body) {
                return None;
            }
            let placed = Placed {
                shows: Shows::Page(i),
                indexed: Some(IndexedPage::Page(i)),
                hash: doc.hash,
                body: doc.body.clone(),
                page: crate::routes::page(&doc.slug),
            };
            site.pages[i] = doc;
            placed
        }
    };
    last.sources.replace(file, info);
    Some(placed)
}
