//! Rendering: turn the validated model into the site's pages with the theme's templates.
//!
//! Templates get a few values per page (plus the site-wide ones, set once as Tera's global
//! context), never the whole site.

mod not_found;
mod onboarding;
mod pages;
pub mod plan_forecast;
pub mod plan_numbers;
pub mod plan_people;
pub mod plan_views;
mod rebase;
mod role_views;
mod segment_views;
mod summary;
pub mod theme;
pub mod views;

use crate::base_url::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::diagram::{DiagramLabels, DiagramOptions, DiagramStage, render_stage_diagram};
use crate::markdown::Rendered;
use crate::model::{Roadmap, Site};
use crate::routes;
use crate::slug::encode_path;
use onboarding::{module_context, onboarding_context, phases};
use pages::{home_context, roadmap_context, stage_context};
use plan_views::PlanPage;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera};
use theme::Theme;
use views::*;

/// One file of the output: a path relative to the output root and its bytes.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents, shared with the render cache.
    pub bytes: Arc<Vec<u8>>,
}

/// Markdown bodies rendered ahead of the pages, by source file.
pub type RenderedDocs = rustc_hash::FxHashMap<PathBuf, Arc<Rendered>>;

/// Where rendered files go when they are not kept in memory.
pub type Sink<'a> = &'a (dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync);

fn sink_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::file_error(path, format!("cannot write {path}: {e}"))
}

/// Options that change the output.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// The date review dates are checked against.
    pub today: crate::model::Date,
}

/// Which page of the site a job renders.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Home,
    Roadmap(usize),
    /// A roadmap's one-page printable summary.
    Summary(usize),
    Review(usize),
    Stage(usize, usize),
    /// A role's view of a roadmap: roadmap index, role index.
    Role(usize, usize),
    /// A customer segment's view of a roadmap: roadmap index, segment index.
    Segment(usize, usize),
    Onboarding,
    Module(usize),
    Page(usize),
    NotFound,
}

/// Pages kept from the previous render, so that a rebuild renders only the pages whose
/// inputs changed. A fresh cache renders everything.
#[derive(Default)]
pub struct RenderCache {
    tera: Option<(u64, Tera)>,
    pages: rustc_hash::FxHashMap<String, (u64, Arc<Vec<u8>>)>,
    /// How many pages the last render actually rendered (the rest were reused).
    pub rendered: usize,
    /// The search index's per-page work.
    pub search: crate::search::SearchCache,
}

/// A page's path, fingerprint, bytes, and whether it was rendered now (not reused).
type PageResult = (String, u64, Arc<Vec<u8>>, bool);

/// Everything a page's context is made from.
struct Inputs<'a> {
    site: &'a Site,
    docs: &'a RenderedDocs,
    t: &'a HashMap<String, String>,
    /// Where the 404 page's links start: the path of `base_url`, or `/` without one.
    base_path: String,
    /// The 404 page's script that finds the site's root at run time.
    find_root: Option<not_found::InlineScript>,
    today: crate::model::Date,
}

/// Renders every page of `site`, plus the theme's assets and the site's static files.
///
/// With a `sink`, every file is handed to it as soon as it is rendered and not kept: the
/// returned files then carry their paths with empty contents, and `cache` is left empty.
/// This is how `build` keeps its memory flat on large sites.
pub fn render_site(
    root: &Path,
    site: &Site,
    docs: &RenderedDocs,
    theme: &Theme,
    opts: &RenderOptions,
    cache: &mut RenderCache,
    sink: Option<Sink>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let base_url = opts
        .base_url
        .as_deref()
        .or(site.config.base_url.as_deref())
        .and_then(|u| BaseUrl::parse(u).ok());
    let globals = Globals::of(site);
    let common = fingerprint(|h| {
        theme.hash.hash(h);
        site.config_hash.hash(h);
        globals.hash.hash(h);
        base_url.hash(h);
    });
    if cache.tera.as_ref().is_none_or(|(key, _)| *key != common) {
        cache.tera = Some((common, compile(theme, &globals)?));
        cache.pages.clear();
    }
    let Some((_, tera)) = &cache.tera else {
        unreachable!("compiled above")
    };
    let inputs = Inputs {
        site,
        docs,
        t: &theme.strings,
        base_path: base_url.as_ref().map_or("/".to_string(), BaseUrl::path),
        find_root: not_found::InlineScript::of(theme, not_found::FIND_ROOT),
        today: opts.today,
    };

    let mut kinds = vec![PageKind::Home, PageKind::Onboarding, PageKind::NotFound];
    for (r, rm) in site.roadmaps.iter().enumerate() {
        kinds.push(PageKind::Roadmap(r));
        kinds.push(PageKind::Summary(r));
        if plan_views::has_review(rm) {
            kinds.push(PageKind::Review(r));
        }
        kinds.extend((0..rm.spec.stages.len()).map(|i| PageKind::Stage(r, i)));
        kinds.extend((0..rm.spec.roles.len()).map(|i| PageKind::Role(r, i)));
        kinds.extend((0..rm.spec.segments.len()).map(|i| PageKind::Segment(r, i)));
    }
    kinds.extend((0..site.onboarding.len()).map(PageKind::Module));
    kinds.extend((0..site.pages.len()).map(PageKind::Page));

    let previous = &cache.pages;
    let search = &mut cache.search;
    // The search index is built beside the pages, so that its serial parts overlap them.
    let (rendered, index) = rayon::join(
        || render_pages(kinds, &inputs, tera, previous, common, sink),
        || {
            let keep = sink.is_none();
            crate::search::index_file(site, docs, &theme.strings, theme.hash, search, keep)
        },
    );
    let mut files = Vec::with_capacity(rendered.len() + 8);
    let mut errors = Vec::new();
    let mut pages =
        rustc_hash::FxHashMap::with_capacity_and_hasher(rendered.len(), Default::default());
    let mut count = 0;
    for r in rendered {
        match r {
            Ok((path, print, bytes, fresh)) => {
                count += usize::from(fresh);
                pages.insert(path.clone(), (print, Arc::clone(&bytes)));
                files.push(OutputFile { path, bytes });
            }
            Err(e) => errors.push(*e),
        }
    }
    if !errors.is_empty() {
        errors.truncate(20);
        return Err(errors);
    }
    cache.pages = if sink.is_some() {
        Default::default()
    } else {
        pages
    };
    cache.rendered = count;
    let first_extra = files.len();
    if let Some(url) = base_url.as_ref().and_then(BaseUrl::absolute) {
        files.push(
            sitemap(tera, url, &files)
                .map_err(|e| vec![template_error("sitemap.xml", "sitemap.xml", &e)])?,
        );
    }
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: path.clone(),
            bytes: Arc::clone(bytes),
        });
    }
    files.push(OutputFile {
        path: crate::search::INDEX_PATH.to_string(),
        bytes: index,
    });
    for f in &site.static_files {
        let bytes = std::fs::read(root.join("content/static").join(f)).map_err(|e| {
            vec![Diagnostic::file_error(
                format!("content/static/{f}"),
                format!("cannot read: {e}"),
            )]
        })?;
        files.push(OutputFile {
            path: f.clone(),
            bytes: Arc::new(bytes),
        });
    }
    if let Some(write) = sink {
        for f in &mut files[first_extra..] {
            write(&f.path, &f.bytes).map_err(|e| vec![sink_error(&f.path, &e)])?;
            f.bytes = Arc::new(Vec::new());
        }
    }
    Ok(files)
}

/// Renders the pages of `kinds` (reusing those of `previous` whose fingerprint did not
/// change), handing each to `sink` if there is one.
fn render_pages(
    kinds: Vec<PageKind>,
    inputs: &Inputs,
    tera: &Tera,
    previous: &rustc_hash::FxHashMap<String, (u64, Arc<Vec<u8>>)>,
    common: u64,
    sink: Option<Sink>,
) -> Vec<Result<PageResult, Box<Diagnostic>>> {
    kinds
        .into_par_iter()
        .map(|kind| {
            let path = inputs.path(kind);
            let print = inputs.fingerprint(kind, common);
            if let Some((old, bytes)) = previous.get(&path)
                && *old == print
            {
                return Ok((path, print, Arc::clone(bytes), false));
            }
            let (template, context) = inputs.context(kind, &path);
            let html = tera
                .render(template, &context)
                .map_err(|e| Box::new(template_error(template, &path, &e)))?;
            match sink {
                Some(write) => {
                    write(&path, html.as_bytes()).map_err(|e| Box::new(sink_error(&path, &e)))?;
                    Ok((path, print, Arc::new(Vec::new()), true))
                }
                None => Ok((path, print, Arc::new(html.into_bytes()), true)),
            }
        })
        .collect()
}

/// A hash built by `feed`.
fn fingerprint(feed: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    feed(&mut h);
    h.finish()
}

impl Inputs<'_> {
    fn path(&self, kind: PageKind) -> String {
        let site = self.site;
        match kind {
            PageKind::Home => routes::HOME.to_string(),
            PageKind::Roadmap(r) => routes::roadmap(&site.roadmaps[r].slug),
            PageKind::Summary(r) => routes::summary(&site.roadmaps[r].slug),
            PageKind::Review(r) => routes::review(&site.roadmaps[r].slug),
            PageKind::Stage(r, i) => {
                let rm = &site.roadmaps[r];
                routes::stage(&rm.slug, &rm.spec.stages[i].id)
            }
            PageKind::Role(r, i) => {
                let rm = &site.roadmaps[r];
                routes::role_view(&rm.slug, &rm.spec.roles[i].id)
            }
            PageKind::Segment(r, i) => {
                let rm = &site.roadmaps[r];
                routes::segment_view(&rm.slug, &rm.spec.segments[i].id)
            }
            PageKind::Onboarding => routes::ONBOARDING.to_string(),
            PageKind::Module(i) => routes::module(&site.onboarding[i].slug),
            PageKind::Page(i) => routes::page(&site.pages[i].slug),
            PageKind::NotFound => "404.html".to_string(),
        }
    }

    /// A hash of everything the page shows, from the sources' hashes: equal fingerprints
    /// mean the page would render the same.
    fn fingerprint(&self, kind: PageKind, common: u64) -> u64 {
        let site = self.site;
        let all_roadmaps =
            |h: &mut DefaultHasher| site.roadmaps.iter().for_each(|r| (&r.slug, r.hash).hash(h));
        let all_modules = |h: &mut DefaultHasher| {
            site.onboarding
                .iter()
                .for_each(|m| (&m.slug, m.hash).hash(h))
        };
        let body = |h: &mut DefaultHasher, file: &Path| self.docs.get(file).map(|r| r.hash).hash(h);
        fingerprint(|h| {
            common.hash(h);
            std::mem::discriminant(&kind).hash(h);
            match kind {
                PageKind::Home | PageKind::Onboarding => {
                    all_roadmaps(h);
                    all_modules(h);
                }
                PageKind::Roadmap(r) => {
                    let rm = &site.roadmaps[r];
                    rm.hash.hash(h);
                    rm.playbooks.keys().for_each(|k| k.hash(h));
                    // Pace and late enter-by dates depend on the day.
                    self.today.hash(h);
                }
                PageKind::Review(r) => {
                    let rm = &site.roadmaps[r];
                    rm.hash.hash(h);
                    // Overdue milestones, actuals and the forecast: the day and history.csv.
                    (self.today, rm.history.as_ref().map(|x| x.hash)).hash(h);
                }
                // Everything the summary shows comes from roadmap.yaml.
                PageKind::Summary(r) => (&site.roadmaps[r].slug, site.roadmaps[r].hash).hash(h),
                PageKind::Stage(r, i) => {
                    let rm = &site.roadmaps[r];
                    (i, rm.hash).hash(h);
                    if let Some(doc) = rm.playbooks.get(&rm.spec.stages[i].id) {
                        doc.hash.hash(h);
                        body(h, &doc.file);
                    }
                    self.stale_notice(r, i).hash(h);
                    let reference = format!("{}/{}", rm.slug, rm.spec.stages[i].id);
                    for m in site
                        .onboarding
                        .iter()
                        .filter(|m| m.front.stages.contains(&reference))
                    {
                        (&m.slug, &m.front.title).hash(h);
                    }
                }
                PageKind::Role(r, i) => {
                    let rm = &site.roadmaps[r];
                    (i, rm.hash).hash(h);
                    rm.playbooks.keys().for_each(|k| k.hash(h));
                }
                PageKind::Segment(r, i) => {
                    let rm = &site.roadmaps[r];
                    (i, rm.hash).hash(h);
                    for (stage, doc) in &rm.playbooks {
                        (stage, doc.hash).hash(h);
                        body(h, &doc.file);
                    }
                }
                PageKind::Module(i) => {
                    i.hash(h);
                    all_roadmaps(h);
                    all_modules(h);
                    body(h, &site.onboarding[i].file);
                }
                PageKind::Page(i) => {
                    let p = &site.pages[i];
                    p.hash.hash(h);
                    body(h, &p.file);
                }
                PageKind::NotFound => self.base_path.hash(h),
            }
        })
    }

    /// The "needs review" sentence for a stale playbook, or `None`.
    fn stale_notice(&self, r: usize, i: usize) -> Option<String> {
        let rm = &self.site.roadmaps[r];
        let doc = rm.playbooks.get(&rm.spec.stages[i].id)?;
        let every = self.site.config.review_every();
        Some(
            match crate::freshness::playbook_staleness(&doc.front, every, self.today)? {
                crate::freshness::Staleness::ReviewOverdue(due) => {
                    t_of(self.t, "stale_overdue").replace("{date}", &due.to_string())
                }
                crate::freshness::Staleness::NotUpdatedSince(updated, days) => {
                    t_of(self.t, "stale_old")
                        .replace("{date}", &updated.to_string())
                        .replace("{n}", &days.to_string())
                }
            },
        )
    }

    fn context(&self, kind: PageKind, path: &str) -> (&'static str, Context) {
        let (site, docs, t) = (self.site, self.docs, self.t);
        match kind {
            PageKind::Home => ("home.html", home_context(site, t)),
            PageKind::Roadmap(r) => {
                let (rm, threshold) = (&site.roadmaps[r], site.config.shortfall_threshold());
                let mut c = roadmap_context(rm, t);
                c.insert(
                    "plan",
                    &plan_views::plan_view(rm, threshold, self.today, t, PlanPage::Roadmap),
                );
                c.insert(
                    "review_path",
                    &plan_views::has_review(rm).then(|| encode_path(&routes::review(&rm.slug))),
                );
                ("roadmap.html", c)
            }
            PageKind::Review(r) => {
                let (rm, threshold) = (&site.roadmaps[r], site.config.shortfall_threshold());
                let title = format!("{} · {}", t_of(t, "review_title"), rm.spec.title);
                let mut c = page_context(&routes::review(&rm.slug), &title);
                c.insert("roadmap_title", &rm.spec.title);
                c.insert("roadmap_path", &encode_path(&routes::roadmap(&rm.slug)));
                c.insert(
                    "plan",
                    &plan_views::plan_view(rm, threshold, self.today, t, PlanPage::Review),
                );
                ("review.html", c)
            }
            PageKind::Summary(r) => (
                "summary.html",
                summary::summary_context(&site.roadmaps[r], t),
            ),
            PageKind::Stage(r, i) => {
                let mut c = stage_context(site, &site.roadmaps[r], i, docs, t);
                c.insert("stale", &self.stale_notice(r, i));
                segment_views::decorate_stage(&mut c, &site.roadmaps[r], i, docs, t);
                ("stage.html", c)
            }
            PageKind::Role(r, i) => (
                "role.html",
                role_views::role_context(&site.roadmaps[r], i, t),
            ),
            PageKind::Segment(r, i) => (
                "segment.html",
                segment_views::segment_context(&site.roadmaps[r], i, docs, t),
            ),
            PageKind::Onboarding => ("onboarding.html", onboarding_context(site, t)),
            PageKind::Module(i) => ("module.html", module_context(site, i, docs, t)),
            PageKind::Page(i) => {
                let p = &site.pages[i];
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
                ("page.html", c)
            }
            PageKind::NotFound => (
                "404.html",
                not_found::not_found_context(path, t, &self.base_path, self.find_root.as_ref()),
            ),
        }
    }
}

fn template_error(template: &str, page: &str, e: &tera::Error) -> Diagnostic {
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

/// Stage links on a roadmap's card on the home page; the roadmap page lists them all.
const CARD_STAGES: usize = 12;

/// The values every page shares, set once as Tera's global context.
#[derive(Serialize)]
struct Globals<'a> {
    site: SiteView<'a>,
    nav_roadmaps: Vec<LinkView>,
    nav_more_roadmaps: usize,
    nav_pages: Vec<LinkView>,
    has_onboarding: bool,
    #[serde(skip)]
    hash: u64,
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
    fn of(site: &'a Site) -> Self {
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
        let hash = fingerprint(|h| {
            site_view.hash(h);
            nav_roadmaps
                .iter()
                .chain(&nav_pages)
                .for_each(|l| (&l.path, &l.title).hash(h));
            nav_more_roadmaps.hash(h);
            has_onboarding.hash(h);
        });
        Globals {
            site: site_view,
            nav_roadmaps,
            nav_more_roadmaps,
            nav_pages,
            has_onboarding,
            hash,
        }
    }
}

/// Compiles the templates and sets the site-wide values.
fn compile(theme: &Theme, globals: &Globals) -> Result<Tera, Vec<Diagnostic>> {
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
    g.insert(
        "generator",
        concat!("Stagecraft ", env!("CARGO_PKG_VERSION")),
    );
    Ok(tera)
}

fn page_context(path: &str, title: &str) -> Context {
    let mut c = Context::new();
    c.insert("root", &routes::root_prefix(path));
    c.insert("page_path", &encode_path(path));
    c.insert("title", title);
    c
}

/// UI string `key` of the theme, or an empty string when the theme has none.
pub(crate) fn t_of<'a>(t: &'a HashMap<String, String>, key: &str) -> &'a str {
    t.get(key).map_or("", String::as_str)
}

/// `sitemap.xml` with absolute URLs under `base_url`, pretty (without `index.html`).
fn sitemap(tera: &Tera, base_url: &str, files: &[OutputFile]) -> Result<OutputFile, tera::Error> {
    let base = base_url.trim_end_matches('/');
    let urls: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
        .map(|f| {
            format!(
                "{base}/{}",
                encode_path(f.path.trim_end_matches("index.html"))
            )
        })
        .collect();
    let mut c = Context::new();
    c.insert("urls", &urls);
    let xml = tera.render("sitemap.xml", &c)?;
    Ok(OutputFile {
        path: "sitemap.xml".into(),
        bytes: Arc::new(xml.into_bytes()),
    })
}
