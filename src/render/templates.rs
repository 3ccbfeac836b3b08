//! The theme's templates, compiled once per theme and site settings, with the values every
//! page shares set as Tera's global context; and the few values each page context starts
//! with.

use super::theme::Theme;
use super::views::LinkView;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use std::hash::Hash;
use tera::{Context, Tera};

/// A template failure as a diagnostic that names the template and the page.
pub(crate) fn template_error(template: &str, page: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    Diagnostic::file_error(
        format!("templates/{template}"),
        format!("template error while rendering {page}: {msg}"),
    )
}

/// Roadmaps named in every page's header; more are reached through the home page.
const NAV_ROADMAPS: usize = 6;

/// The values every page shares, set once as Tera's global context.
#[derive(Serialize)]
pub(crate) struct Globals<'a> {
    site: SiteView<'a>,
    nav_roadmaps: Vec<LinkView>,
    nav_more_roadmaps: usize,
    nav_pages: Vec<LinkView>,
    has_onboarding: bool,
    /// Whether the site has key accounts (the header links their board).
    has_accounts: bool,
    /// The site's languages, with the way from a page to its copy in each; empty for a
    /// site in one language.
    languages: &'a [crate::translate::LanguageLink],
    /// A hash of all of the above, part of every page's fingerprint.
    #[serde(skip)]
    pub(crate) hash: u64,
}

#[derive(Serialize, Hash)]
struct SiteView<'a> {
    /// The key of readers' saved progress (`data-site` on `<html>`).
    id: String,
    title: &'a str,
    description: Option<&'a str>,
    lang: &'static str,
}

impl<'a> Globals<'a> {
    /// The shared values of `site`.
    pub(crate) fn of(site: &'a Site, languages: &'a [crate::translate::LanguageLink]) -> Self {
        // A site with many roadmaps names the first few in the header and links the rest
        // through the home page, so that every page does not carry hundreds of links.
        let nav_roadmaps: Vec<LinkView> = site
            .roadmaps
            .iter()
            .take(NAV_ROADMAPS)
            .map(|r| LinkView::new(&routes::roadmap(&r.slug), &r.spec.title))
            .collect();
        let nav_more_roadmaps = site.roadmaps.len().saturating_sub(NAV_ROADMAPS);
        let nav_pages: Vec<LinkView> = site
            .pages
            .iter()
            .map(|p| LinkView::new(&routes::page(&p.slug), &p.front.title))
            .collect();
        let site_view = SiteView {
            id: site.config.site_id(),
            title: &site.config.title,
            description: site.config.description.as_deref(),
            lang: site.config.language.tag(),
        };
        let has_onboarding = !site.onboarding.is_empty();
        let has_accounts = !site.accounts.is_empty();
        let hash = super::fingerprint(|h| {
            site_view.hash(h);
            nav_roadmaps
                .iter()
                .chain(&nav_pages)
                .for_each(|l| (&l.path, &l.title).hash(h));
            nav_more_roadmaps.hash(h);
            has_onboarding.hash(h);
            has_accounts.hash(h);
            languages.hash(h);
        });
        Globals {
            site: site_view,
            nav_roadmaps,
            nav_more_roadmaps,
            nav_pages,
            has_onboarding,
            has_accounts,
            languages,
            hash,
        }
    }
}

/// Compiles the templates and sets the site-wide values.
pub(crate) fn compile(theme: &Theme, globals: &Globals) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
    .map_err(|e| {
        vec![Diagnostic::file_error(
            "templates",
            format!("a template does not compile: {e}"),
        )]
    })?;
    let g = tera.global_context();
    g.insert("site", &globals.site);
    g.insert("t", &theme.strings);
    g.insert("nav_roadmaps", &globals.nav_roadmaps);
    g.insert("nav_more_roadmaps", &globals.nav_more_roadmaps);
    g.insert("nav_pages", &globals.nav_pages);
    g.insert("has_onboarding", &globals.has_onboarding);
    g.insert("has_accounts", &globals.has_accounts);
    g.insert("languages", &globals.languages);
    g.insert(
        "generator",
        concat!("Stagecraft ", env!("CARGO_PKG_VERSION")),
    );
    Ok(tera)
}

/// A page context with the values every template needs: `root` (the relative way back to
/// the output root), `page_path` and `title`.
pub(crate) fn page_context(path: &str, title: &str) -> Context {
    let mut c = Context::new();
    c.insert("root", &routes::root_prefix(path));
    c.insert("page_path", &encode_path(path));
    c.insert("title", title);
    c
}
