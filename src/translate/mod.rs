//! Translations: one source tree, several languages. A site's `translations:` (site.yaml)
//! names its other languages; a translation sits beside its original (`roadmap.en.yaml`
//! laid over `roadmap.yaml`, `qualify.en.md` beside `qualify.md`) and holds text only.
//!
//! This step checks every translation against its original (unknown ids, lists of another
//! length, fields that only the original may set) and makes, per language, a [`Site`] of
//! the same shape with the text replaced. Text a translation leaves out falls back to the
//! original, marked ([`marks`]) so that pages show it in the original's language; the
//! record of what fell back gives `check` its coverage figures ([`report`]). Rendering then
//! runs once per language, with a [`LanguageContext`].

mod context;
mod documents;
pub(crate) mod marks;
mod overlay;
pub mod report;

pub use context::{LanguageContext, LanguageLink};

use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::model::{Date, Language, Site, TranslationSource, TranslationTarget};
use crate::source::SourceMap;
use overlay::{ROADMAP, Walk};
use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// The site in one of its translations.
pub struct Translated {
    /// The language.
    pub language: Language,
    /// Where its pages go: `en/`.
    pub prefix: String,
    /// The site with the translated text, fallback text marked for the pages.
    pub site: Site,
    /// The same, without marks, for the search index.
    pub plain: Site,
    /// Originals whose Markdown body is shown untranslated.
    pub fallback_bodies: Vec<PathBuf>,
    /// Page notes, by output path: a stale translation's original changed on that day.
    pub stale: BTreeMap<String, Date>,
    /// How much of the site is translated.
    pub coverage: report::Coverage,
}

/// Every translation of a site, and what is wrong with them.
#[derive(Default)]
pub struct Translations {
    /// One per language of `translations:` in site.yaml, in its order.
    pub languages: Vec<Translated>,
    /// Errors: translations that do not fit their originals.
    pub errors: Vec<Diagnostic>,
    /// Warnings: what is not translated, and stale translations (errors with
    /// `--require-translations`).
    pub findings: Vec<Diagnostic>,
}

/// Marks the Markdown bodies that `translated` shows in the original's language.
pub fn mark_fallback_bodies(translated: &Translated, docs: &mut crate::markdown::RenderedDocs) {
    for file in &translated.fallback_bodies {
        if let Some(r) = docs.get_mut(file) {
            let mut marked = crate::markdown::Rendered::clone(r);
            marked.html = marks::block(&r.html);
            *r = std::sync::Arc::new(marked);
        }
    }
}

/// A hash of `parts`.
fn hash_of(parts: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// A warning about translations.
fn finding(d: Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..d
    }
}

/// Checks the translations of `site` and makes the site in each of its languages.
pub fn translate(site: &Site, sources: &SourceMap) -> Translations {
    let mut out = Translations::default();
    let configured = &site.config.translations;
    let mut by_language: BTreeMap<Language, Vec<&TranslationSource>> = BTreeMap::new();
    for t in &site.translations {
        match Language::from_tag(&t.tag).filter(|l| configured.contains_key(l)) {
            Some(l) if l != site.config.language => by_language.entry(l).or_default().push(t),
            _ => out.errors.push(unknown_language(site, t)),
        }
    }
    for (&language, config) in configured {
        if language == site.config.language {
            out.errors.push(
                sources
                    .error_at_key(
                        Path::new("content/site.yaml"),
                        &format!("translations.{}", language.tag()),
                        format!(
                            "`{}` is the site's own language (`language`), not a translation",
                            language.tag()
                        ),
                    )
                    .with_hint("list only the other languages under `translations:`"),
            );
            continue;
        }
        let files = by_language.remove(&language).unwrap_or_default();
        let mut tr = Translator {
            site,
            sources,
            language,
            files: files.iter().map(|t| (&t.target, *t)).collect(),
            used: HashSet::new(),
            errors: Vec::new(),
            findings: Vec::new(),
            coverage: report::Coverage::default(),
            fallback_bodies: Vec::new(),
            stale: BTreeMap::new(),
        };
        let (marked, plain) = tr.site_in(config);
        for t in &files {
            if !tr.used.contains(&t.file) {
                tr.errors.push(orphan(site, t));
            }
        }
        out.errors.append(&mut tr.errors);
        out.findings.append(&mut tr.findings);
        out.languages.push(Translated {
            language,
            prefix: format!("{}/", language.tag()),
            site: marked,
            plain,
            fallback_bodies: tr.fallback_bodies,
            stale: tr.stale,
            coverage: tr.coverage,
        });
    }
    out
}

/// A translation in a language that `translations:` does not name.
fn unknown_language(site: &Site, t: &TranslationSource) -> Diagnostic {
    let tags: Vec<&str> = site.config.translations.keys().map(|l| l.tag()).collect();
    let message = if t.tag == site.config.language.tag() {
        format!(
            "`{}` is the site's own language: the original is the file without `.{}`",
            t.tag, t.tag
        )
    } else {
        format!(
            "this file is a translation into `{}`, which is not a language of this site",
            t.tag
        )
    };
    let hint = match did_you_mean(&t.tag, tags.iter().copied()) {
        Some(near) => format!("did you mean `.{near}.`?"),
        None => format!(
            "add `{}: {{title: …}}` under `translations:` in content/site.yaml (the theme \
             has UI strings for {}; another language needs themes/<name>/i18n/{}.yaml)",
            t.tag,
            Language::BUILT_IN.map(Language::tag).join(" and "),
            t.tag
        ),
    };
    Diagnostic::error(&t.file, 1, 1, message).with_hint(hint)
}

/// A translation whose original does not exist.
fn orphan(site: &Site, t: &TranslationSource) -> Diagnostic {
    let (what, name, names): (&str, &str, Vec<&str>) = match &t.target {
        TranslationTarget::Roadmap(r) => (
            "roadmap",
            r,
            site.roadmaps.iter().map(|r| r.slug.as_str()).collect(),
        ),
        TranslationTarget::Playbook(r, s) => (
            "playbook",
            s,
            site.roadmaps
                .iter()
                .filter(|rm| rm.slug == *r)
                .flat_map(|rm| rm.playbooks.keys().map(String::as_str))
                .collect(),
        ),
        TranslationTarget::Module(m) => (
            "onboarding module",
            m,
            site.onboarding.iter().map(|d| d.slug.as_str()).collect(),
        ),
        TranslationTarget::Page(p) => (
            "page",
            p,
            site.pages.iter().map(|d| d.slug.as_str()).collect(),
        ),
    };
    let hint = match did_you_mean(name, names.iter().copied()) {
        Some(near) => format!("did you mean `{near}.{}`?", t.tag),
        None => "a translation sits beside its original, with the same name before the language"
            .to_string(),
    };
    Diagnostic::error(
        &t.file,
        1,
        1,
        format!("this translates the {what} `{name}`, but there is no such {what} to translate"),
    )
    .with_hint(hint)
}

/// The work of making one language's site.
struct Translator<'a> {
    site: &'a Site,
    sources: &'a SourceMap,
    language: Language,
    files: BTreeMap<&'a TranslationTarget, &'a TranslationSource>,
    used: HashSet<PathBuf>,
    errors: Vec<Diagnostic>,
    findings: Vec<Diagnostic>,
    coverage: report::Coverage,
    fallback_bodies: Vec<PathBuf>,
    stale: BTreeMap<String, Date>,
}

impl<'a> Translator<'a> {
    /// The translation of `target`, if there is one.
    fn file(&mut self, target: TranslationTarget) -> Option<&'a TranslationSource> {
        let t = self.files.get(&target).copied()?;
        self.used.insert(t.file.clone());
        Some(t)
    }

    /// Lays `translation`'s tree over `orig` by `shape`: the translated tree (fallbacks
    /// marked) and the plain one, or `None` when the translation does not fit.
    fn overlay(
        &mut self,
        shape: &overlay::Shape,
        orig: &serde_json::Value,
        original: &Path,
        translation: Option<&TranslationSource>,
    ) -> Option<(serde_json::Value, serde_json::Value)> {
        let file = translation.map_or(original, |t| t.file.as_path());
        let mut walk = Walk::new(file, original, self.sources);
        walk.walk(shape, orig, translation.map(|t| &t.tree), ("", "", ""));
        let failed = !walk.errors.is_empty();
        self.errors.append(&mut walk.errors);
        self.coverage
            .count(original, translation.is_some(), &walk.leaves);
        if translation.is_some() {
            let missing: Vec<&str> = walk
                .leaves
                .iter()
                .filter(|l| l.text.is_none())
                .map(|l| l.path.as_str())
                .collect();
            if let Some(first) = missing.first() {
                self.findings.push(report::missing_fields(
                    self.sources,
                    original,
                    self.language,
                    first,
                    &missing,
                ));
            }
        } else if !walk.leaves.is_empty() {
            self.findings.push(report::untranslated(
                original,
                self.language,
                walk.leaves.len(),
            ));
        }
        if failed {
            return None;
        }
        Some((
            overlay::apply(orig, &walk, true),
            overlay::apply(orig, &walk, false),
        ))
    }

    /// Notes a stale translation: its original's `updated` is later than its own.
    fn check_stale(
        &mut self,
        original: Option<Date>,
        translation: &TranslationSource,
        page: String,
    ) {
        let own = translation
            .tree
            .get("updated")
            .and_then(serde_json::Value::as_str)
            .and_then(Date::parse);
        if let (Some(orig), Some(own)) = (original, own)
            && orig > own
        {
            self.findings.push(finding(
                self.sources
                    .error_at(
                        &translation.file,
                        "updated",
                        format!(
                            "this translation is stale: the original changed on {orig}, after the translation's `updated` ({own})"
                        ),
                    )
                    .with_hint("bring the translation up to date, then set its `updated` to the day you did"),
            ));
            self.stale.insert(page, orig);
        }
    }

    /// Marks the text of every account of `marked` as shown in the original's language:
    /// account plans are kept in one language (a deal's notes change weekly), and their
    /// pages say so like any page with untranslated parts.
    fn accounts_in_original(&mut self, marked: &mut Site) {
        for a in &mut marked.accounts {
            let Ok(orig) = serde_json::to_value(&a.spec) else {
                continue;
            };
            let mut walk = Walk::new(&a.file, &a.file, self.sources);
            walk.walk(&overlay::ACCOUNT, &orig, None, ("", "", ""));
            if let Ok(spec) = serde_json::from_value(overlay::apply(&orig, &walk, true)) {
                a.spec = spec;
            }
            if let Some(n) = &mut a.narrative {
                if let Some(title) = &mut n.front.title {
                    *title = marks::inline(title);
                }
                if !n.body.trim().is_empty() {
                    self.fallback_bodies.push(n.file.clone());
                }
            }
            let page = crate::routes::account(&a.slug);
            self.coverage.untranslated_pages.insert(page);
        }
    }

    /// The site in this language: marked for pages, and plain for the search index.
    fn site_in(&mut self, config: &crate::model::TranslationConfig) -> (Site, Site) {
        let site = self.site;
        let mut marked = site.clone();
        marked.config.id = Some(site.config.site_id());
        marked.config.language = self.language;
        marked.config.title = config.title.clone();
        marked.config.description = config.description.clone();
        marked.config_hash = hash_of((site.config_hash, self.language, config));
        let mut plain = marked.clone();
        for (r, rm) in site.roadmaps.iter().enumerate() {
            let t = self.file(TranslationTarget::Roadmap(rm.slug.clone()));
            match t {
                Some(t) => self.check_stale(rm.spec.updated, t, crate::routes::roadmap(&rm.slug)),
                None => {
                    use crate::routes;
                    let spec = &rm.spec;
                    let pages = &mut self.coverage.untranslated_pages;
                    pages.extend([
                        routes::roadmap(&rm.slug),
                        routes::summary(&rm.slug),
                        routes::review(&rm.slug),
                    ]);
                    pages.extend(
                        spec.roles
                            .iter()
                            .map(|x| routes::role_view(&rm.slug, &x.id)),
                    );
                    pages.extend(
                        spec.segments
                            .iter()
                            .map(|x| routes::segment_view(&rm.slug, &x.id)),
                    );
                    for stage in &spec.stages {
                        let has = self.files.contains_key(&TranslationTarget::Playbook(
                            rm.slug.clone(),
                            stage.id.clone(),
                        ));
                        if !has {
                            pages.insert(routes::stage(&rm.slug, &stage.id));
                        }
                    }
                }
            }
            let orig = serde_json::to_value(&rm.spec).unwrap_or_default();
            if let Some((m, p)) = self.overlay(&ROADMAP, &orig, &rm.file, t) {
                let hash = hash_of((rm.hash, t.map(|t| t.hash)));
                if let (Ok(m), Ok(p)) = (serde_json::from_value(m), serde_json::from_value(p)) {
                    (marked.roadmaps[r].spec, plain.roadmaps[r].spec) = (m, p);
                }
                marked.roadmaps[r].hash = hash;
                plain.roadmaps[r].hash = hash;
            }
            for stage in rm.playbooks.keys() {
                let target = TranslationTarget::Playbook(rm.slug.clone(), stage.clone());
                let t = self.file(target);
                let (doc_m, doc_p) = (
                    marked.roadmaps[r].playbooks.get_mut(stage),
                    plain.roadmaps[r].playbooks.get_mut(stage),
                );
                if let (Some(doc_m), Some(doc_p)) = (doc_m, doc_p) {
                    if let Some(t) = t {
                        let page = crate::routes::stage(&rm.slug, stage);
                        self.check_stale(doc_m.front.updated, t, page);
                    }
                    self.document(&overlay::PLAYBOOK, doc_m, doc_p, t);
                }
            }
        }
        for i in 0..site.onboarding.len() {
            let t = self.file(TranslationTarget::Module(site.onboarding[i].slug.clone()));
            if t.is_none() {
                let page = crate::routes::module(&site.onboarding[i].slug);
                self.coverage.untranslated_pages.insert(page);
            }
            self.document(
                &overlay::MODULE,
                &mut marked.onboarding[i],
                &mut plain.onboarding[i],
                t,
            );
        }
        for i in 0..site.pages.len() {
            let t = self.file(TranslationTarget::Page(site.pages[i].slug.clone()));
            if t.is_none() {
                let page = crate::routes::page(&site.pages[i].slug);
                self.coverage.untranslated_pages.insert(page);
            }
            self.document(&overlay::PAGE, &mut marked.pages[i], &mut plain.pages[i], t);
        }
        self.accounts_in_original(&mut marked);
        (marked, plain)
    }
}
