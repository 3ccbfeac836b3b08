//! The build pipeline: load → validate → render Markdown → render pages → write.

use crate::base_url::BaseUrl;
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::RenderedDocs;
use crate::markdown::{self, Rendered};
use crate::model::Date;
use crate::model::Site;
use crate::render::{self, OutputFile, RenderOptions};
use crate::routes::Routes;
use crate::source::{self, SourceCache, SourceMap};
use crate::validate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod checks;
mod patch;

pub use patch::Update;

/// What `stagecraft build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: the folder holding `content/`.
    pub root: PathBuf,
    /// Where the site is written.
    pub output: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// The date that review dates are checked against (default: today), for reproducible
    /// builds.
    pub as_of: Option<Date>,
    /// Take each source's `updated` from its last commit where the front matter gives none.
    pub git_dates: bool,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files of the site.
    pub files: usize,
    /// Files actually written; the others were already right in the reused staging folder.
    pub rewritten: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// A failed build: every problem found, errors first.
#[derive(Debug)]
pub struct BuildFailure {
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.col).cmp(&(b.severity, &b.file, b.line, b.col))
        });
        BuildFailure { diagnostics }
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// A site rendered in memory.
#[derive(Debug)]
pub struct RenderedSite {
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// Pages rendered this time (the others were reused from the previous render).
    pub rendered_pages: usize,
    /// Why there is no `sitemap.xml` (no absolute base URL), for `build` to say once.
    pub sitemap_warning: Option<Diagnostic>,
    /// How much of each translation is done, and what is missing, for `check`.
    pub translations: Box<crate::translate::report::Outcome>,
}

/// Times the phases of a render when `STAGECRAFT_TIMINGS` is set (for profiling).
struct PhaseClock {
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration, u64)>,
}

/// The resident memory of this process in MB (0 where `/proc` is missing).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / 1_000_000)
}

impl PhaseClock {
    fn new() -> Self {
        PhaseClock {
            on: std::env::var_os("STAGECRAFT_TIMINGS").is_some(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = Instant::now();
            self.laps.push((name, now - self.last, resident_mb()));
            self.last = now;
        }
    }

    fn report(&self) {
        if self.on {
            let parts: Vec<String> = self
                .laps
                .iter()
                .map(|(n, d, mb)| format!("{n} {:.1} ms ({mb} MB)", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings: {}", parts.join(", "));
        }
    }
}

/// A site kept in memory between builds, so that a rebuild only redoes the work that its
/// changes call for: unchanged files are not re-parsed, unchanged Markdown is not
/// re-rendered, and pages whose inputs did not change are reused.
pub struct Session {
    root: PathBuf,
    base_url: Option<String>,
    as_of: Option<Date>,
    sources: SourceCache,
    markdown: FxHashMap<PathBuf, (u64, u64, Arc<Rendered>)>,
    pages: render::RenderCache,
    search: crate::search::SearchCache,
    /// The last routes, by [`Routes::shape`], with their fingerprint.
    routes: Option<(u64, Arc<Routes>, u64)>,
    /// Whether dates come from `git log` too (`--git-dates`).
    git_dates: bool,
    /// What the Markdown bodies were last rendered with (the routes and the HTML policy).
    markdown_key: u64,
    /// Whether a body of the last render links to another page's anchor.
    any_anchor_links: bool,
    /// The last good site as assembled and checked, for [`Session::update`] to patch.
    last: Option<patch::Last>,
    /// Rendered Markdown of this render, in every language, kept for the next.
    markdown_next: FxHashMap<PathBuf, (u64, u64, Arc<Rendered>)>,
    /// The pages and search index of each translation, kept from the last render.
    translations:
        FxHashMap<crate::model::Language, (render::RenderCache, crate::search::SearchCache)>,
    /// Translation findings are errors, not warnings.
    require_translations: bool,
}

impl Session {
    /// A session for the site at `root`; nothing is read until [`Session::render`].
    pub fn new(root: &Path, base_url: Option<String>) -> Self {
        Session {
            root: root.to_path_buf(),
            base_url,
            as_of: None,
            sources: SourceCache::default(),
            markdown: FxHashMap::default(),
            pages: render::RenderCache::default(),
            search: crate::search::SearchCache::default(),
            routes: None,
            git_dates: false,
            markdown_key: 0,
            any_anchor_links: false,
            last: None,
            markdown_next: FxHashMap::default(),
            translations: FxHashMap::default(),
            require_translations: false,
        }
    }

    /// Makes what is untranslated or stale an error instead of a warning.
    pub fn require_translations(&mut self, require: bool) {
        self.require_translations = require;
    }

    /// Takes `updated` dates from the Git history too (`--git-dates`).
    pub fn set_git_dates(&mut self, on: bool) {
        self.git_dates = on;
    }

    /// Checks review dates against `date` instead of today.
    pub fn set_as_of(&mut self, date: Option<Date>) {
        self.as_of = date;
    }

    /// The date review dates are checked against.
    pub fn today(&self) -> Date {
        self.as_of.unwrap_or_else(Date::today)
    }

    /// Sizes the search index's files by `layout` (tests use small ones to split small
    /// sites into many files).
    pub fn set_search_layout(&mut self, layout: crate::search::Layout) {
        self.search.set_layout(layout);
    }

    /// The search index work kept from the last render.
    pub fn search_cache(&self) -> &crate::search::SearchCache {
        &self.search
    }

    /// Makes this session render once only: it keeps no parses, routes or Markdown for a
    /// next render. (Freeing each Markdown source once its HTML is made would save a tenth
    /// of the peak memory, but the freed blocks slow every later allocation: a 100,000-page
    /// build took 82 s instead of 48 s.)
    pub fn one_off(&mut self) {
        self.sources.one_off = true;
    }

    /// Keeps the rendered pages compressed (see [`render::packed`]): the HTML files that
    /// renders return are then gzip streams, for a server holding a large site.
    pub fn keep_pages_compressed(&mut self) {
        self.pages.compress_pages = true;
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// From now on, trust [`Session::invalidate`] to name every changed file (as a file
    /// watcher does) instead of checking each file's time stamp on every render.
    pub fn trust_invalidations(&mut self, trust: bool) {
        self.sources.trust_invalidations = trust;
    }

    /// Marks files (or whole folders) as changed, whatever their time stamps say.
    pub fn invalidate<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        for p in paths {
            self.sources.invalidate(&self.root, p);
        }
    }

    /// Loads, checks and renders the site in memory, reusing what did not change.
    pub fn render(&mut self) -> Result<RenderedSite, BuildFailure> {
        self.render_into(None)
    }

    /// Like [`Session::render`], but hands every file to `sink` as soon as it is rendered
    /// instead of keeping it (the returned files have empty contents).
    pub fn render_into(
        &mut self,
        sink: Option<render::Sink>,
    ) -> Result<RenderedSite, BuildFailure> {
        let root = self.root.clone();
        // The site kept for patching is freed beside loading the new one.
        if let Some(last) = self.last.take() {
            std::thread::spawn(move || drop(last));
        }
        let mut clock = PhaseClock::new();
        let loaded = source::load_site_cached(&root, &mut self.sources);
        clock.lap("load");
        let mut diagnostics = loaded.diagnostics;
        let sources = loaded.sources;
        let Some(mut site) = loaded.site else {
            return Err(BuildFailure::new(diagnostics));
        };
        let (git, git_problems) = crate::changes::prepare(&mut site, &root, self.git_dates);
        diagnostics.extend(git_problems);
        diagnostics.extend(validate::validate(&site, &sources));
        diagnostics.extend(render::theme::languages_without_strings(
            &root, &site, &sources,
        ));
        if let Some(url) = &self.base_url
            && let Err(why) = BaseUrl::parse(url)
        {
            diagnostics.push(
                Diagnostic::file_error("--base-url", format!("`--base-url` cannot be read: {why}"))
                    .with_hint(crate::base_url::HINT),
            );
        }
        let today = self.today();
        diagnostics.extend(crate::freshness::warnings(&site, &sources, today));
        diagnostics.extend(crate::changes::checks(
            &site,
            &sources,
            &root,
            today,
            git.as_ref(),
        ));
        clock.lap("validate");
        let (routes, routes_print) = self.routes_of(&site);
        clock.lap("routes");
        let checked = diagnostics.len();
        let docs = self.render_markdown(&site, &routes, routes_print, &sources, &mut diagnostics);
        let markdown_end = diagnostics.len();
        let (changes, note_problems) =
            crate::changes::ChangeLog::collect(&site, &docs, &routes, &sources);
        let notes_end = markdown_end + note_problems.len();
        diagnostics.extend(note_problems);
        clock.lap("markdown");
        let (languages, findings) =
            self.translate(&site, &routes, routes_print, &sources, &mut diagnostics);
        if self.sources.one_off {
            self.markdown_next.clear();
        } else {
            self.markdown = std::mem::take(&mut self.markdown_next);
        }
        clock.lap("translations");
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(BuildFailure::new(diagnostics));
        }
        let theme = render::theme::load(&root, site.config.theme.as_deref(), site.config.language)
            .map_err(|mut e| {
                e.extend(diagnostics.iter().cloned());
                BuildFailure::new(e)
            })?;
        let opts = RenderOptions {
            base_url: self.base_url.clone(),
            today,
            changes: Arc::new(changes),
            language: Arc::new(crate::translate::LanguageContext::original(&site)),
        };
        // The search index is built beside the pages, so that its serial parts overlap them.
        let (files, index) = rayon::join(
            || render::render_site(&root, &site, &docs, &theme, &opts, &mut self.pages, sink),
            || {
                crate::search::index_files(
                    &site,
                    &docs,
                    &theme.strings,
                    theme.hash,
                    &crate::search::Analysis::new(&site, site.config.language, &theme.strings),
                    &mut self.search,
                    sink.map(|s| s as crate::search::Sink),
                )
            },
        );
        let mut files = files.map_err(BuildFailure::new)?;
        let index = index.map_err(|e| {
            BuildFailure::new(vec![Diagnostic::file_error(
                crate::search::MANIFEST_PATH,
                format!("cannot write the search index: {e}"),
            )])
        })?;
        files.extend(
            index
                .into_iter()
                .map(|(path, bytes)| OutputFile { path, bytes }),
        );
        // Each translation is rendered like the original, into its own folder.
        let mut summaries = Vec::new();
        for (t, docs) in &languages {
            let (more, summary) = self.render_translation(&site, t, docs, &opts, sink)?;
            files.extend(more);
            summaries.push(summary);
        }
        clock.lap("pages");
        let sitemap_warning = sitemap_warning(self.base_url.as_deref(), &site, &sources);
        if self.sources.one_off || sink.is_some() || !languages.is_empty() {
            // The model and Markdown are freed beside the next steps (swapping the output
            // in), not before them.
            std::thread::spawn(move || drop((site, docs, sources, routes, languages)));
        } else {
            self.last = Some(patch::Last {
                site,
                sources,
                docs,
                routes,
                theme,
                opts,
                checked: diagnostics[..checked].to_vec(),
                markdown: diagnostics[checked..markdown_end].to_vec(),
                notes: diagnostics[markdown_end..notes_end].to_vec(),
            });
        }
        clock.lap("drop");
        clock.report();
        Ok(RenderedSite {
            files,
            warnings: diagnostics,
            rendered_pages: self.pages.rendered,
            sitemap_warning,
            translations: Box::new(crate::translate::report::Outcome {
                summaries,
                findings,
            }),
        })
    }

    /// The site in each of its translations, with their Markdown: the translations'
    /// problems go into `diagnostics` (what is untranslated or stale as warnings, or errors
    /// with `--require-translations`), which are also returned as the findings of `check`.
    fn translate(
        &mut self,
        site: &Site,
        routes: &Routes,
        routes_print: u64,
        sources: &SourceMap,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (
        Vec<(crate::translate::Translated, RenderedDocs)>,
        Vec<Diagnostic>,
    ) {
        let translations = crate::translate::translate(site, sources);
        diagnostics.extend(translations.errors);
        let findings = translations.findings;
        let severity = match self.require_translations {
            true => Severity::Error,
            false => Severity::Warning,
        };
        diagnostics.extend(findings.iter().map(|d| Diagnostic {
            severity,
            ..d.clone()
        }));
        // Each translation's Markdown: its own bodies (their problems reported at the
        // translation), and the originals it falls back to, marked.
        let mut languages = Vec::new();
        for t in translations.languages {
            let mut found = Vec::new();
            let mut docs = self.render_markdown(&t.site, routes, routes_print, sources, &mut found);
            // Problems of the originals it shows are reported once, by the original's
            // render; one that only this language has (a link from an untranslated page to
            // an anchor its translated target lacks) is reported as the language's.
            let tag = t.language.tag();
            for d in found {
                let own = site.translations.iter().any(|t| t.file == d.file);
                let seen = diagnostics.iter().any(|o| {
                    (&o.file, o.line, o.col, &o.message) == (&d.file, d.line, d.col, &d.message)
                });
                if own {
                    diagnostics.push(d);
                } else if !seen {
                    let message = format!("in the `{tag}` translation: {}", d.message);
                    diagnostics.push(Diagnostic { message, ..d });
                }
            }
            crate::translate::mark_fallback_bodies(&t, &mut docs);
            languages.push((t, docs));
        }
        (languages, findings)
    }

    /// Renders the pages and search index of translation `t` under its folder, with the
    /// theme's strings of its language.
    fn render_translation(
        &mut self,
        site: &Site,
        t: &crate::translate::Translated,
        docs: &RenderedDocs,
        opts: &RenderOptions,
        sink: Option<render::Sink>,
    ) -> Result<(Vec<OutputFile>, crate::translate::report::Summary), BuildFailure> {
        let theme = render::theme::load(&self.root, site.config.theme.as_deref(), t.language)
            .map_err(BuildFailure::new)?;
        let language = Arc::new(crate::translate::LanguageContext::translation(
            site,
            t,
            &theme.strings,
        ));
        // The notes are the original's; the translated pages have anchors of their own.
        let opts = RenderOptions {
            language: Arc::clone(&language),
            changes: Arc::new(opts.changes.for_translation(site.config.language.tag())),
            ..opts.clone()
        };
        let (pages, search) = self.translations.entry(t.language).or_default();
        let prefixed = |path: &str, bytes: &[u8]| match sink {
            Some(write) => write(&language.out_path(path), bytes),
            None => Ok(()),
        };
        let search_sink = sink.map(|_| &prefixed as crate::search::Sink);
        let root = &self.root;
        let (files, index) = rayon::join(
            || render::render_site(root, &t.site, docs, &theme, &opts, pages, sink),
            || {
                let strings = &theme.strings;
                let analysis = crate::search::Analysis::new(&t.plain, t.language, strings);
                crate::search::index_files(
                    &t.plain,
                    docs,
                    strings,
                    theme.hash,
                    &analysis,
                    search,
                    search_sink,
                )
            },
        );
        let mut files = files.map_err(BuildFailure::new)?;
        let index = index.map_err(|e| {
            BuildFailure::new(vec![Diagnostic::file_error(
                language.out_path(crate::search::MANIFEST_PATH),
                format!("cannot write the search index: {e}"),
            )])
        })?;
        files.extend(index.into_iter().map(|(path, bytes)| OutputFile {
            path: language.out_path(&path),
            bytes,
        }));
        self.pages.rendered += pages.rendered;
        let summary =
            crate::translate::report::Summary::new(t.language, &t.coverage, language.page_counts());
        Ok((files, summary))
    }

    /// The routes of `site` and their fingerprint, reused from the last render when the site
    /// has the same shape (the same pages and files).
    fn routes_of(&mut self, site: &Site) -> (Arc<Routes>, u64) {
        let shape = Routes::shape(site);
        if let Some((last, routes, print)) = &self.routes
            && *last == shape
        {
            return (Arc::clone(routes), *print);
        }
        let routes = Arc::new(Routes::of(site));
        let print = routes.fingerprint();
        if !self.sources.one_off {
            self.routes = Some((shape, Arc::clone(&routes), print));
        }
        (routes, print)
    }

    /// Renders the Markdown bodies that changed (all of them when the set of pages changed),
    /// turning broken links into diagnostics.
    fn render_markdown(
        &mut self,
        site: &Site,
        routes: &Routes,
        routes_print: u64,
        sources: &SourceMap,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> RenderedDocs {
        let md_opts = markdown::MarkdownOptions::of(&site.config);
        // Markdown depends on the set of pages (links) and on the HTML policy.
        let routes_hash = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            routes_print.hash(&mut h);
            md_opts.hash(&mut h);
            h.finish()
        };
        self.markdown_key = routes_hash;
        let mut jobs: Vec<(&Path, &str, u64, String)> = Vec::new();
        for rm in &site.roadmaps {
            let listed: HashSet<&str> = rm.spec.stages.iter().map(|s| s.id.as_str()).collect();
            for (stage, doc) in &rm.playbooks {
                // A playbook whose stage failed to parse is still checked for broken links.
                if listed.contains(stage.as_str()) || rm.may_have_stage(stage) {
                    jobs.push((
                        &doc.file,
                        &doc.body,
                        doc.hash,
                        crate::routes::stage(&rm.slug, stage),
                    ));
                }
            }
        }
        for m in &site.onboarding {
            jobs.push((&m.file, &m.body, m.hash, crate::routes::module(&m.slug)));
        }
        for p in &site.pages {
            jobs.push((&p.file, &p.body, p.hash, crate::routes::page(&p.slug)));
        }
        for (a, n) in site
            .accounts
            .iter()
            .filter_map(|a| Some((a, a.narrative.as_ref()?)))
        {
            jobs.push((&n.file, &n.body, n.hash, crate::routes::account(&a.slug)));
        }
        let (previous, this_render) = (&self.markdown, &self.markdown_next);
        let rendered: Vec<(PathBuf, String, u64, Arc<Rendered>, usize)> = jobs
            .into_par_iter()
            .map(|(file, body, hash, page)| {
                let r = match this_render.get(file).or_else(|| previous.get(file)) {
                    Some((h, rh, r)) if *h == hash && *rh == routes_hash => Arc::clone(r),
                    _ => Arc::new(markdown::render(
                        body,
                        &source_name(file),
                        &page,
                        routes,
                        &md_opts,
                    )),
                };
                (file.to_path_buf(), page, hash, r, body.len())
            })
            .collect();
        // Most pages have no problems and no links to other pages' anchors: the maps below
        // are only built when something needs them.
        let needs_anchors = rendered.iter().any(|(.., r, _)| !r.anchor_links.is_empty());
        let by_page: FxHashMap<&str, &Rendered> = if needs_anchors {
            rendered
                .iter()
                .map(|(_, page, _, r, _)| (page.as_str(), r.as_ref()))
                .collect()
        } else {
            FxHashMap::default()
        };
        for (file, _, _, r, body_len) in &rendered {
            diagnostics.extend(checks::markdown_problems(
                site, sources, file, r, *body_len, &by_page,
            ));
        }
        self.any_anchor_links = needs_anchors;
        {
            self.markdown_next.extend(
                rendered.iter().map(|(file, _, hash, r, _)| {
                    (file.clone(), (*hash, routes_hash, Arc::clone(r)))
                }),
            );
        }
        rendered
            .into_iter()
            .map(|(file, _, _, r, _)| (file, r))
            .collect()
    }
}

/// Why `sitemap.xml` is left out, when the base URL (`--base-url`, else `base_url` in
/// site.yaml) is not absolute: its addresses must be.
fn sitemap_warning(cli: Option<&str>, site: &Site, sources: &SourceMap) -> Option<Diagnostic> {
    let file = Path::new("content/site.yaml");
    let written = cli.or(site.config.base_url.as_deref());
    let parsed = written.map(BaseUrl::parse);
    if matches!(&parsed, Some(Ok(BaseUrl::Absolute(_))) | Some(Err(_))) {
        return None;
    }
    let message = match written {
        Some(url) => format!(
            "no sitemap.xml: its addresses must be absolute, and the base URL `{url}` is only a path"
        ),
        None => "no sitemap.xml: its addresses must be absolute, and the site has no `base_url`"
            .to_string(),
    };
    let at = if cli.is_none() && written.is_some() {
        sources.error_at(file, "base_url", message)
    } else {
        Diagnostic::file_error(file, message)
    };
    Some(Diagnostic {
        severity: Severity::Warning,
        ..at.with_hint(
            "build with `--base-url https://intranet.example.com/sales/` (the address the site is published at), or write that address as `base_url` in content/site.yaml",
        )
    })
}

/// The name of a source file relative to `content/`, with `/` separators
/// (`content/pages/faq.md` → `pages/faq.md`), as links and routes name it.
fn source_name(file: &Path) -> String {
    let rel = file.strip_prefix("content").unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Loads, checks and renders the site in memory, without writing anything.
pub fn render(root: &Path, base_url: Option<String>) -> Result<RenderedSite, BuildFailure> {
    Session::new(root, base_url).render()
}

/// Every problem in the site at `root`, errors and warnings, without writing anything.
pub fn check(root: &Path, as_of: Option<Date>) -> Vec<Diagnostic> {
    check_with_git_dates(root, as_of, false)
}

/// Like [`check`], with `updated` dates and the unlogged-change baseline from Git when
/// `git_dates` is set.
pub fn check_with_git_dates(root: &Path, as_of: Option<Date>, git_dates: bool) -> Vec<Diagnostic> {
    check_report(
        root,
        &CheckOptions {
            as_of,
            git_dates,
            require_translations: false,
        },
    )
    .diagnostics
}

/// How `stagecraft check` is asked to look at a site.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The date review dates are checked against (default: today).
    pub as_of: Option<Date>,
    /// Take `updated` dates and the unlogged-change baseline from Git (`--git-dates`).
    pub git_dates: bool,
    /// Untranslated and stale text are errors, not warnings (`--require-translations`).
    pub require_translations: bool,
}

/// What `stagecraft check` reports.
pub struct CheckReport {
    /// Every problem, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The translations' summaries and findings.
    pub translations: crate::translate::report::Outcome,
}

/// Every problem in the site at `root` and how far its translations are, without writing
/// anything; with `require_translations`, untranslated and stale text are errors.
pub fn check_report(root: &Path, opts: &CheckOptions) -> CheckReport {
    let mut session = Session::new(root, None);
    session.set_as_of(opts.as_of);
    session.set_git_dates(opts.git_dates);
    session.require_translations(opts.require_translations);
    match session.render() {
        Ok(site) => CheckReport {
            diagnostics: site.warnings,
            translations: *site.translations,
        },
        Err(failure) => CheckReport {
            diagnostics: failure.diagnostics,
            translations: Default::default(),
        },
    }
}

/// Builds the site described by `opts` and writes it to the output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    crate::output::check_output_dir(&opts.root, &opts.output)
        .map_err(|m| BuildFailure::new(vec![Diagnostic::file_error(&opts.output, m)]))?;
    let mut session = Session::new(&opts.root, opts.base_url.clone());
    session.set_as_of(opts.as_of);
    session.set_git_dates(opts.git_dates);
    session.one_off();
    let cannot_write = |e: std::io::Error| {
        BuildFailure::new(vec![Diagnostic::file_error(
            &opts.output,
            format!("cannot write the site: {e}"),
        )])
    };
    // Pages go to disk as they are rendered; the new output replaces the old one only once
    // it is complete (dropping `staging` on an error deletes it).
    let staging = crate::output::Staging::new(&opts.output).map_err(cannot_write)?;
    let write = |path: &str, bytes: &[u8]| staging.write(path, bytes);
    let mut site = session.render_into(Some(&write))?;
    site.warnings.extend(site.sitemap_warning.take());
    let rewritten = staging.rewritten();
    staging.commit().map_err(cannot_write)?;
    Ok(BuildReport {
        pages: site
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count(),
        files: site.files.len(),
        rewritten,
        elapsed: start.elapsed(),
        warnings: site.warnings,
    })
}
