//! The build pipeline: load → validate → render Markdown → render pages → write.

use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{self, Rendered};
use crate::model::Site;
use crate::render::{self, OutputFile, RenderOptions, RenderedDocs};
use crate::routes::Routes;
use crate::source::{self, SourceMap};
use crate::validate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `stagecraft build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: the folder holding `content/`.
    pub root: PathBuf,
    /// Where the site is written.
    pub output: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
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

/// Loads, checks and renders the site in memory, without writing anything.
pub fn render(
    root: &Path,
    base_url: Option<String>,
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>), BuildFailure> {
    let loaded = source::load_site(root);
    let mut diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return Err(BuildFailure::new(diagnostics));
    };
    diagnostics.extend(validate::validate(&site, &loaded.sources));
    let routes = Routes::of(&site);
    let docs = render_markdown(&site, &routes, &loaded.sources, &mut diagnostics);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(BuildFailure::new(diagnostics));
    }
    let theme = render::theme::load(root, site.config.theme.as_deref(), site.config.language)
        .map_err(|mut e| {
            e.extend(diagnostics.iter().cloned());
            BuildFailure::new(e)
        })?;
    let files = render::render_site(root, &site, &docs, &theme, &RenderOptions { base_url })
        .map_err(BuildFailure::new)?;
    Ok((files, diagnostics))
}

/// Builds the site described by `opts` and writes it to the output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    crate::output::check_output_dir(&opts.root, &opts.output)
        .map_err(|m| BuildFailure::new(vec![Diagnostic::file_error(&opts.output, m)]))?;
    let (files, warnings) = render(&opts.root, opts.base_url.clone())?;
    crate::output::write_site(&opts.output, &files).map_err(|e| {
        BuildFailure::new(vec![Diagnostic::file_error(
            &opts.output,
            format!("cannot write the site: {e}"),
        )])
    })?;
    Ok(BuildReport {
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        files: files.len(),
        elapsed: start.elapsed(),
        warnings,
    })
}

/// Renders every Markdown body in parallel, turning broken links into diagnostics.
fn render_markdown(
    site: &Site,
    routes: &Routes,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> RenderedDocs {
    let mut jobs: Vec<(&Path, &str, String)> = Vec::new();
    for rm in &site.roadmaps {
        for (stage, doc) in &rm.playbooks {
            if rm.spec.stages.iter().any(|s| &s.id == stage) {
                jobs.push((&doc.file, &doc.body, crate::routes::stage(&rm.slug, stage)));
            }
        }
    }
    for m in &site.onboarding {
        jobs.push((&m.file, &m.body, crate::routes::module(&m.slug)));
    }
    for p in &site.pages {
        jobs.push((&p.file, &p.body, crate::routes::page(&p.slug)));
    }
    let rendered: Vec<(PathBuf, String, Rendered)> = jobs
        .into_par_iter()
        .map(|(file, body, page)| {
            (
                file.to_path_buf(),
                page.clone(),
                markdown::render(body, &page, routes),
            )
        })
        .collect();
    let body_offset = |file: &Path, body_len: usize| {
        sources
            .text_len(file)
            .map_or(0, |n| n.saturating_sub(body_len))
    };
    let bodies: HashMap<&Path, usize> = site
        .roadmaps
        .iter()
        .flat_map(|r| {
            r.playbooks
                .values()
                .map(|d| (d.file.as_path(), d.body.len()))
        })
        .chain(
            site.onboarding
                .iter()
                .map(|d| (d.file.as_path(), d.body.len())),
        )
        .chain(site.pages.iter().map(|d| (d.file.as_path(), d.body.len())))
        .collect();
    let anchors: HashMap<&str, HashSet<&str>> = rendered
        .iter()
        .map(|(_, page, r)| {
            (
                page.as_str(),
                r.headings.iter().map(|h| h.id.as_str()).collect(),
            )
        })
        .collect();
    for (file, _, r) in &rendered {
        let base = body_offset(file, bodies.get(file.as_path()).copied().unwrap_or(0));
        let mut report = |p: &markdown::Problem| {
            let mut d = sources.error_at_offset(file, base + p.offset, p.message.clone());
            if let Some(h) = &p.hint {
                d = d.with_hint(h.clone());
            }
            diagnostics.push(d);
        };
        for p in &r.problems {
            report(p);
        }
        for link in &r.anchor_links {
            if let Some(ids) = anchors.get(link.page.as_str())
                && !ids.contains(link.anchor.as_str())
            {
                report(&markdown::missing_anchor(link, ids.iter().copied()));
            }
        }
    }
    rendered.into_iter().map(|(file, _, r)| (file, r)).collect()
}
