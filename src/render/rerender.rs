//! Re-rendering only the pages that can show an edited Markdown body, for live preview: the
//! other pages' fingerprints are not even computed.

use super::kinds::PageKind;
use super::theme::Theme;
use super::{OutputFile, RenderCache, RenderOptions, inputs, render_pages, shared};
use crate::diagnostics::Diagnostic;
use crate::markdown::RenderedDocs;
use crate::model::Site;

/// The pages that can show the body of one source file.
#[derive(Debug, Clone, Copy)]
pub enum Shows {
    /// A playbook of roadmap `r`: its stage page and the roadmap's segment views.
    Roadmap(usize),
    /// An onboarding module: the home page, the onboarding index and the modules.
    Onboarding,
    /// Free page `i`.
    Page(usize),
}

/// Renders again the pages `shows` names whose fingerprints changed, and updates `cache`.
/// Returns the files rendered, or `None` when what every page shares (theme, site.yaml,
/// navigation) is not what `cache` was rendered with, so the whole site must be rendered.
pub fn rerender(
    site: &Site,
    docs: &RenderedDocs,
    theme: &Theme,
    opts: &RenderOptions,
    cache: &mut RenderCache,
    shows: Shows,
) -> Result<Option<Vec<OutputFile>>, Vec<Diagnostic>> {
    let (base_url, _, common) = shared(site, theme, opts);
    let Some((key, tera)) = &cache.tera else {
        return Ok(None);
    };
    if *key != common || cache.pages.is_empty() {
        return Ok(None);
    }
    let kinds = match shows {
        Shows::Roadmap(r) => PageKind::of_roadmap(site, r),
        Shows::Onboarding => PageKind::of_onboarding(site),
        Shows::Page(i) => vec![PageKind::Page(i)],
    };
    let inputs = inputs(site, docs, theme, opts, base_url.as_ref());
    let pack = cache.compress_pages;
    let rendered = render_pages(kinds, &inputs, tera, &cache.pages, common, None, pack);
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok((path, print, bytes, true)) => {
                cache.pages.insert(path.clone(), (print, bytes.clone()));
                files.push(OutputFile { path, bytes });
            }
            Ok(_) => {}
            Err(e) => errors.push(*e),
        }
    }
    if !errors.is_empty() {
        errors.truncate(20);
        return Err(errors);
    }
    cache.rendered = files.len();
    Ok(Some(files))
}
