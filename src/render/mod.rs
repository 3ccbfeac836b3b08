//! Rendering: turn the validated model into the site's pages with the theme's templates.
//!
//! Templates get a few values per page (plus the site-wide ones, set once as Tera's global
//! context), never the whole site. [`kinds`] lists the kinds of page; each kind's context is
//! built by its module under [`pages`] (the planning sections by [`plan`]), from the shared
//! [`views`] and the words and numbers of [`crate::i18n`].

mod changes;
mod kinds;
pub mod packed;
mod pages;
pub mod plan;
mod rebase;
mod rerender;
mod sitemap;
mod stage_diagram;
mod templates;
pub mod theme;
pub mod views;

use crate::base_url::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::markdown::RenderedDocs;
use crate::model::Site;
use kinds::{Inputs, PageKind};
use rayon::prelude::*;
pub use rerender::{Shows, rerender};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use templates::{Globals, compile, template_error};
use tera::Tera;
use theme::Theme;

/// One file of the output: a path relative to the output root and its bytes.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents, shared with the render cache.
    pub bytes: Arc<Vec<u8>>,
}

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
    /// Every logged change, newest first.
    pub changes: Arc<crate::changes::ChangeLog>,
    /// The language rendered: where its pages go, the links to the other languages, and
    /// what a translated page adds.
    pub language: Arc<crate::translate::LanguageContext>,
}

/// Pages kept from the previous render, so that a rebuild renders only the pages whose
/// inputs changed. A fresh cache renders everything.
#[derive(Default)]
pub struct RenderCache {
    tera: Option<(u64, Tera)>,
    pages: rustc_hash::FxHashMap<String, (u64, Arc<Vec<u8>>)>,
    /// How many pages the last render actually rendered (the rest were reused).
    pub rendered: usize,
    /// Keep (and return) pages compressed with [`packed::pack`], as `serve` does.
    pub compress_pages: bool,
}

/// A page's path, fingerprint, bytes, and whether it was rendered now (not reused).
type PageResult = (String, u64, Arc<Vec<u8>>, bool);

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
    let (base_url, globals, common) = shared(site, theme, opts);
    if cache.tera.as_ref().is_none_or(|(key, _)| *key != common) {
        cache.tera = Some((common, compile(theme, &globals)?));
        cache.pages.clear();
    }
    let Some((_, tera)) = &cache.tera else {
        unreachable!("compiled above")
    };
    let inputs = inputs(site, docs, theme, opts, base_url.as_ref());
    let kinds = PageKind::all(site);
    let pack = cache.compress_pages;
    let language = &*opts.language;
    let rendered = render_pages(kinds, &inputs, tera, &cache.pages, common, sink, pack);
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
    if let Some(url) = base_url.as_ref().and_then(BaseUrl::absolute)
        && language.prefix.is_empty()
    {
        files.push(
            sitemap::sitemap(tera, url, &files, &language.links)
                .map_err(|e| vec![template_error("sitemap.xml", "sitemap.xml", &e)])?,
        );
    }
    // Each language has its own feed, and the notes its pages' notices load.
    let change_files = changes::files(
        site,
        &opts.changes,
        tera,
        base_url.as_ref(),
        opts.today,
        &theme.strings,
        &language.prefix,
    )?;
    files.extend(change_files.into_iter().map(|f| OutputFile {
        path: language.out_path(&f.path),
        ..f
    }));
    // Each language's folder holds the theme's assets and the static files too, so that the
    // pages of every language link them the same way.
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: language.out_path(path),
            bytes: Arc::clone(bytes),
        });
    }
    for f in &site.static_files {
        let bytes = std::fs::read(root.join("content/static").join(f)).map_err(|e| {
            vec![Diagnostic::file_error(
                format!("content/static/{f}"),
                format!("cannot read: {e}"),
            )]
        })?;
        files.push(OutputFile {
            path: language.out_path(f),
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

/// What every page shares: the base URL, the site-wide template values, and the
/// fingerprint of both with the theme and site.yaml.
fn shared<'a>(
    site: &'a Site,
    theme: &Theme,
    opts: &'a RenderOptions,
) -> (Option<BaseUrl>, Globals<'a>, u64) {
    let base_url = opts
        .base_url
        .as_deref()
        .or(site.config.base_url.as_deref())
        .and_then(|u| BaseUrl::parse(u).ok());
    let language = &*opts.language;
    let globals = Globals::of(site, &language.links);
    let common = fingerprint(|h| {
        theme.hash.hash(h);
        site.config_hash.hash(h);
        globals.hash.hash(h);
        base_url.hash(h);
        language.fingerprint().hash(h);
    });
    (base_url, globals, common)
}

/// What the pages' contexts are made from.
fn inputs<'a>(
    site: &'a Site,
    docs: &'a RenderedDocs,
    theme: &'a Theme,
    opts: &'a RenderOptions,
    base_url: Option<&BaseUrl>,
) -> Inputs<'a> {
    Inputs {
        site,
        docs,
        t: &theme.strings,
        base_path: format!(
            "{}{}",
            base_url.map_or("/".to_string(), BaseUrl::path),
            opts.language.prefix
        ),
        find_root: pages::not_found::InlineScript::of(theme, pages::not_found::FIND_ROOT),
        today: opts.today,
        changes: &opts.changes,
        language: &opts.language,
    }
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
    pack: bool,
) -> Vec<Result<PageResult, Box<Diagnostic>>> {
    let language = inputs.language;
    kinds
        .into_par_iter()
        .map(|kind| {
            let page = inputs.path(kind);
            let path = language.out_path(&page);
            let print = inputs.fingerprint(kind, common);
            if let Some((old, bytes)) = previous.get(&path)
                && *old == print
            {
                return Ok((path, print, Arc::clone(bytes), false));
            }
            let (template, mut context) = inputs.context(kind, &page);
            context.insert("changed", &inputs.changes.latest_for(&page));
            let html = tera
                .render(template, &context)
                .map_err(|e| Box::new(template_error(template, &path, &e)))?;
            let html = language.finish(&page, html);
            match sink {
                Some(write) => {
                    write(&path, html.as_bytes()).map_err(|e| Box::new(sink_error(&path, &e)))?;
                    Ok((path, print, Arc::new(Vec::new()), true))
                }
                None if pack => Ok((path, print, Arc::new(packed::pack(html.as_bytes())), true)),
                None => {
                    // Kept until the page changes: give back the slack of the growing buffer.
                    let mut bytes = html.into_bytes();
                    bytes.shrink_to_fit();
                    Ok((path, print, Arc::new(bytes), true))
                }
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
