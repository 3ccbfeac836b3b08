//! Loading: read a site's `content/` folder into the typed model.
//!
//! Every file is read and parsed even after an error, so that one run reports every
//! problem. Nothing here panics on bad input.

mod accounts;
pub mod frontmatter;
mod history;
mod reload;
mod source_map;
mod translations;
pub mod yaml;

pub use reload::{Reloaded, reload_body_edit};
pub use source_map::{SourceInfo, SourceMap};

use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::model::{
    Body, Document, History, OnboardingFront, PageFront, PlaybookFront, Roadmap, RoadmapSpec,
    SetAside, Site, SiteConfig,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;
use yaml::Locations;

/// The result of loading: the site, with whatever could be parsed, and what went wrong.
#[derive(Debug)]
pub struct Loaded {
    /// The site, with whatever could be loaded; `None` when there is no `content/` folder.
    /// Files that failed are listed in [`Site::unloaded`]; a YAML file or front matter
    /// with type errors gives the parts that parsed (see [`crate::model::SetAside`]).
    pub site: Option<Site>,
    /// Source texts for later diagnostics.
    pub sources: SourceMap,
    /// Every problem found while loading.
    pub diagnostics: Vec<Diagnostic>,
}

/// What one source file is, by where it stands under `content/`.
#[derive(Debug, Clone)]
enum Kind {
    SiteConfig,
    Roadmap {
        roadmap: String,
    },
    History {
        roadmap: String,
    },
    Playbook {
        roadmap: String,
        stage: String,
    },
    Onboarding {
        slug: String,
    },
    Page {
        slug: String,
    },
    Account {
        slug: String,
    },
    AccountNarrative {
        slug: String,
    },
    Static {
        rel: String,
    },
    /// A translation beside its original: the language tag and what it translates.
    Translation {
        tag: String,
        target: crate::model::TranslationTarget,
    },
}

/// A parsed source, before it is put in its place in the site.
#[derive(Clone)]
enum Parsed {
    SiteConfig(SiteConfig, SetAside, u64),
    Roadmap(String, Box<RoadmapSpec>, SetAside, u64),
    History(String, History),
    Playbook(String, Document<PlaybookFront>),
    Onboarding(Document<OnboardingFront>),
    Page(Document<PageFront>),
    Account(Box<crate::model::Account>),
    AccountNarrative(Document<crate::model::AccountNarrativeFront>),
    Static(String),
    Translation(Box<crate::model::TranslationSource>),
}

/// What parsing one file gave: what can be used of it, with its text, and its problems. A
/// file with type errors still gives the parts that parsed.
#[derive(Clone)]
struct ParseResult {
    /// The file's content, whole or in part; `None` when nothing of it can be used.
    parsed: Option<(Parsed, Option<Arc<SourceInfo>>)>,
    /// Its problems.
    diagnostics: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for ParseResult {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        ParseResult {
            parsed: None,
            diagnostics,
        }
    }
}

impl From<(Parsed, Option<Arc<SourceInfo>>)> for ParseResult {
    fn from(parsed: (Parsed, Option<Arc<SourceInfo>>)) -> Self {
        ParseResult {
            parsed: Some(parsed),
            diagnostics: Vec::new(),
        }
    }
}

/// The files found under `content/`, and the problems found while walking it.
type Walk = (Vec<(PathBuf, Kind)>, Vec<Diagnostic>);

/// Parsed files kept between loads, so that reloading a site re-reads only what changed.
#[derive(Default)]
pub struct SourceCache {
    files: FxHashMap<PathBuf, (Stamp, ParseResult)>,
    /// The last walk of `content/`, reused while only known files change.
    walk: Option<Walk>,
    /// A file or folder was created, removed or renamed since the last walk.
    tree_changed: bool,
    /// Reuse cached files without looking at their time stamps: set when a watcher reports
    /// every change through [`SourceCache::invalidate`], which saves a `stat` per file.
    pub trust_invalidations: bool,
    /// Keep nothing for a next load: a one-off build moves each parse into the site
    /// instead of keeping a copy.
    pub one_off: bool,
}

/// What a file looked like when it was parsed: modification time and length.
type Stamp = (Option<std::time::SystemTime>, u64);

impl SourceCache {
    /// Forgets `path` (absolute or relative to the site root), so the next load re-reads it
    /// even when its time stamp and length did not change.
    /// A folder (or the root) forgets everything under it.
    pub fn invalidate(&mut self, root: &Path, path: &Path) {
        let shown = display_path(path, root);
        let abs = root.join(&shown);
        // Anything but a change to a file we know (and that still exists) may change the
        // folder tree: walk again.
        if !abs.is_file() || !self.files.contains_key(&shown) {
            self.tree_changed = true;
        }
        if self.files.remove(&shown).is_none() {
            self.files.retain(|p, _| !p.starts_with(&shown));
        }
    }

    /// Forgets every file.
    pub fn clear(&mut self) {
        self.files.clear();
        self.walk = None;
    }
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// Loads `root/content/` into a [`Site`], collecting every problem on the way.
pub fn load_site(root: &Path) -> Loaded {
    load_site_cached(root, &mut SourceCache::default())
}

/// Like [`load_site`], reusing what `cache` parsed before for files that did not change.
pub fn load_site_cached(root: &Path, cache: &mut SourceCache) -> Loaded {
    let content = root.join("content");
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::file_error(&content, "no `content/` folder here")
                .with_hint("run stagecraft in a site's root folder, pass --root DIR, or create a site with `stagecraft init DIR`"),
        );
        return Loaded {
            site: None,
            sources: SourceMap::default(),
            diagnostics,
        };
    }
    let (found, walk_diagnostics) = match cache.walk.take() {
        // The watcher reported only changes to files we know: the folder tree is as it was.
        Some(walk) if cache.trust_invalidations && !cache.tree_changed => walk,
        _ => walk_content(root, &content),
    };
    cache.tree_changed = false;
    cache.walk = Some((found.clone(), walk_diagnostics.clone()));
    diagnostics.extend(walk_diagnostics);
    load_found(root, cache, found, diagnostics)
}

/// Every source file under `content/` with what it is, and problems with files that have
/// no place (warnings) or cannot be used.
fn walk_content(root: &Path, content: &Path) -> Walk {
    let mut diagnostics = Vec::new();
    let content_real = std::fs::canonicalize(content).ok();
    let mut found: Vec<(PathBuf, Kind)> = Vec::new();
    for entry in WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| content.to_path_buf(), Path::to_path_buf);
                diagnostics.push(Diagnostic::file_error(
                    display_path(&path, root),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(content).unwrap_or(entry.path());
        let shown = display_path(entry.path(), root);
        if is_editor_litter(rel) {
            continue;
        }
        if entry.file_type().is_symlink() {
            // A link to a file inside content/ is fine; anything else could pull files from
            // elsewhere on the machine into the site.
            let inside = std::fs::canonicalize(entry.path())
                .ok()
                .zip(content_real.as_ref())
                .is_some_and(|(target, base)| target.starts_with(base) && target.is_file());
            if !inside {
                diagnostics.push(
                    Diagnostic::file_error(&shown, "this symbolic link points outside `content/` (or to a folder), so it is not used")
                        .with_hint("copy the file into the site instead"),
                );
                continue;
            }
        }
        match classify(rel) {
            Some(kind) => found.push((shown, kind)),
            None => diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                ..Diagnostic::file_error(&shown, "this file is not part of any page and is ignored")
                    .with_hint("pages live in roadmaps/<roadmap>/roadmap.yaml, roadmaps/<roadmap>/history.csv, roadmaps/<roadmap>/stages/<stage>.md, onboarding/<module>.md, pages/<page>.md, accounts/<account>.yaml (and .md); other files go in static/")
            }),
        }
    }
    (found, diagnostics)
}

/// Parses (or takes from the cache) every file of `found` and assembles the site.
fn load_found(
    root: &Path,
    cache: &mut SourceCache,
    found: Vec<(PathBuf, Kind)>,
    mut diagnostics: Vec<Diagnostic>,
) -> Loaded {
    let content = root.join("content");
    let mut previous = std::mem::take(&mut cache.files);
    let trust = cache.trust_invalidations;
    // `None`: the cached parse is still good.
    let parsed: Vec<(PathBuf, Option<(Stamp, ParseResult)>)> = found
        .into_par_iter()
        .map(|(shown, kind)| {
            if trust && previous.contains_key(&shown) {
                return (shown, None);
            }
            let abs = root.join(&shown);
            let now = stamp(&abs).unwrap_or((None, 0));
            if let Some((then, _)) = previous.get(&shown)
                && *then == now
                && now.0.is_some()
            {
                return (shown, None);
            }
            let res = parse_file(&abs, &shown, &kind);
            (shown, Some((now, res)))
        })
        .collect();
    // One copy goes into the site, the other stays in the cache.
    let results: Vec<(PathBuf, ParseResult)> = parsed
        .into_iter()
        .filter_map(|(shown, fresh)| {
            let entry = match fresh {
                Some(entry) => entry,
                None => previous.remove(&shown)?,
            };
            if cache.one_off {
                return Some((shown, entry.1));
            }
            let res = entry.1.clone();
            cache.files.insert(shown.clone(), entry);
            Some((shown, res))
        })
        .collect();

    let mut sources = SourceMap::default();
    let mut config = None;
    let mut roadmaps: BTreeMap<String, (PathBuf, RoadmapSpec, SetAside, u64)> = BTreeMap::new();
    let mut playbooks: BTreeMap<String, BTreeMap<String, Document<PlaybookFront>>> =
        BTreeMap::new();
    let mut histories: BTreeMap<String, History> = BTreeMap::new();
    let mut onboarding = Vec::new();
    let mut pages = Vec::new();
    let mut static_files = Vec::new();
    let (mut accounts, mut narratives) = (Vec::new(), Vec::new());
    let mut unloaded = Vec::new();
    let mut translations = Vec::new();
    for (shown, res) in results {
        diagnostics.extend(res.diagnostics);
        match res.parsed {
            None => {
                let rel = shown.strip_prefix("content").unwrap_or(&shown);
                unloaded.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
            Some((parsed, info)) => {
                if let Some(info) = info {
                    sources.files.insert(shown.clone(), info);
                }
                match parsed {
                    Parsed::SiteConfig(c, set_aside, hash) => config = Some((c, set_aside, hash)),
                    Parsed::Roadmap(slug, spec, set_aside, hash) => {
                        roadmaps.insert(slug, (shown, *spec, set_aside, hash));
                    }
                    Parsed::History(roadmap, history) => {
                        histories.insert(roadmap, history);
                    }
                    Parsed::Playbook(roadmap, doc) => {
                        playbooks
                            .entry(roadmap)
                            .or_default()
                            .insert(doc.slug.clone(), doc);
                    }
                    Parsed::Onboarding(doc) => onboarding.push(doc),
                    Parsed::Page(doc) => pages.push(doc),
                    Parsed::Account(a) => accounts.push(*a),
                    Parsed::AccountNarrative(doc) => narratives.push(doc),
                    Parsed::Static(rel) => static_files.push(rel),
                    Parsed::Translation(t) => translations.push(*t),
                }
            }
        }
    }
    let site_yaml = display_path(&content.join("site.yaml"), root);
    if config.is_none() && !diagnostics.iter().any(|d| d.file == site_yaml) {
        diagnostics.push(
            Diagnostic::file_error(&site_yaml, "missing `content/site.yaml`")
                .with_hint("create it with at least `title: <your site's name>`"),
        );
    }
    // Playbooks whose roadmap.yaml is missing entirely.
    for (roadmap, docs) in &playbooks {
        if !roadmaps.contains_key(roadmap) {
            let yaml = display_path(
                &content.join("roadmaps").join(roadmap).join("roadmap.yaml"),
                root,
            );
            if !diagnostics.iter().any(|d| d.file == yaml) {
                let first = docs
                    .values()
                    .next()
                    .map_or_else(|| yaml.clone(), |d| d.file.clone());
                diagnostics.push(
                    Diagnostic::file_error(
                        first,
                        format!("roadmap `{roadmap}` has playbooks but no roadmap.yaml"),
                    )
                    .with_hint(format!("create {}", yaml.display())),
                );
            }
        }
    }
    // Without a usable site.yaml, go on with a stand-in so the other files are still checked.
    let (config, config_set_aside, config_hash) = config.unwrap_or_else(|| {
        let stand_in = SiteConfig {
            title: String::from("(site.yaml did not load)"),
            id: None,
            description: None,
            language: Default::default(),
            base_url: None,
            theme: None,
            review_every: None,
            allow_html: false,
            iframe_hosts: Vec::new(),
            shortfall_threshold: None,
            contact_stale_days: None,
            accounts_in_search: None,
            whats_new_days: None,
            warn_unlogged_changes: false,
            translations: Default::default(),
            search: None,
        };
        (stand_in, SetAside::default(), 0)
    });
    let roadmaps = roadmaps
        .into_iter()
        .map(|(slug, (file, spec, set_aside, hash))| Roadmap {
            hash,
            set_aside,
            history: histories.remove(&slug),
            playbooks: playbooks.remove(&slug).unwrap_or_default(),
            slug,
            file,
            spec,
        })
        .collect();
    let by_order =
        |a: &Option<f64>, b: &Option<f64>| a.unwrap_or(f64::MAX).total_cmp(&b.unwrap_or(f64::MAX));
    onboarding.sort_by(|a: &Document<OnboardingFront>, b| {
        by_order(&a.front.order, &b.front.order).then(a.slug.cmp(&b.slug))
    });
    pages.sort_by(|a: &Document<PageFront>, b| {
        by_order(&a.front.order, &b.front.order).then(a.slug.cmp(&b.slug))
    });
    static_files.sort();
    let accounts = accounts::assemble(accounts, narratives, &unloaded, &mut diagnostics);
    Loaded {
        site: Some(Site {
            config,
            config_hash,
            config_set_aside,
            roadmaps,
            onboarding,
            pages,
            accounts,
            static_files,
            unloaded,
            translations,
        }),
        sources,
        diagnostics,
    }
}

/// A fast fingerprint of a text, to notice changes.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A path as shown to authors: relative to the site root.
fn display_path(path: &Path, root: &Path) -> PathBuf {
    crate::diagnostics::relative_to(path, root)
}

/// Files that editors and operating systems leave beside sources.
pub fn is_editor_litter(rel: &Path) -> bool {
    rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.ends_with(".tmp")
            || name.starts_with("#")
            || name == "Thumbs.db"
            || name == "4913" // vim's probe that a folder is writable
    })
}

/// What a file under `content/` is, from its path, or `None` when it has no place.
fn classify(rel: &Path) -> Option<Kind> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let md_slug = |name: &str| {
        name.strip_suffix(".md")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    // `qualify.en.md` beside `qualify.md`, `roadmap.en.yaml` beside `roadmap.yaml`.
    let tagged = |name: &str, ext: &str| {
        let (stem, tag) = translations::split_tag(name.strip_suffix(ext)?)?;
        Some((stem.to_string(), tag.to_string()))
    };
    use crate::model::TranslationTarget as T;
    let translation = |tag: &str, target: T| {
        Some(Kind::Translation {
            tag: tag.to_string(),
            target,
        })
    };
    match parts.as_slice() {
        ["roadmaps", roadmap, file]
            if tagged(file, ".yaml").is_some_and(|(s, _)| s == "roadmap") =>
        {
            let (_, tag) = tagged(file, ".yaml")?;
            translation(&tag, T::Roadmap(roadmap.to_string()))
        }
        ["roadmaps", roadmap, "stages", file] if tagged(file, ".md").is_some() => {
            let (stem, tag) = tagged(file, ".md")?;
            translation(&tag, T::Playbook(roadmap.to_string(), stem))
        }
        ["onboarding", file] if tagged(file, ".md").is_some() => {
            let (stem, tag) = tagged(file, ".md")?;
            translation(&tag, T::Module(stem))
        }
        ["pages", file] if tagged(file, ".md").is_some() => {
            let (stem, tag) = tagged(file, ".md")?;
            translation(&tag, T::Page(stem))
        }
        ["site.yaml"] => Some(Kind::SiteConfig),
        ["roadmaps", roadmap, "roadmap.yaml"] => Some(Kind::Roadmap {
            roadmap: roadmap.to_string(),
        }),
        ["roadmaps", roadmap, "history.csv"] => Some(Kind::History {
            roadmap: roadmap.to_string(),
        }),
        ["roadmaps", roadmap, "stages", file] => Some(Kind::Playbook {
            roadmap: roadmap.to_string(),
            stage: md_slug(file)?,
        }),
        ["onboarding", file] => Some(Kind::Onboarding {
            slug: md_slug(file)?,
        }),
        ["pages", file] => Some(Kind::Page {
            slug: md_slug(file)?,
        }),
        ["accounts", file] => match file.strip_suffix(".yaml").filter(|s| !s.is_empty()) {
            Some(slug) => Some(Kind::Account { slug: slug.into() }),
            None => Some(Kind::AccountNarrative {
                slug: md_slug(file)?,
            }),
        },
        ["static", rest @ ..] if !rest.is_empty() => Some(Kind::Static {
            rel: rest.join("/"),
        }),
        _ => None,
    }
}

/// Reads a source as UTF-8 text, without a byte-order mark.
fn read_text(abs: &Path, shown: &Path) -> Result<Arc<str>, Vec<Diagnostic>> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::file_error(shown, format!("cannot read the file: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let (line, col) = LineIndex::new(&text).position(text.len());
            Err(
                Diagnostic::error(shown, line, col, "this file is not valid UTF-8 text")
                    .with_hint(
                        "save it as UTF-8 (in most editors: File › Save with Encoding › UTF-8)",
                    )
                    .into(),
            )
        }
    }
}

fn parse_file(abs: &Path, shown: &Path, kind: &Kind) -> ParseResult {
    if let Kind::Static { rel } = kind {
        return (Parsed::Static(rel.clone()), None).into();
    }
    let text = match read_text(abs, shown) {
        Ok(text) => text,
        Err(d) => return d.into(),
    };
    match kind {
        Kind::SiteConfig => {
            parse_yaml_file::<SiteConfig>(text, shown, |config, set_aside, hash| {
                Parsed::SiteConfig(config, set_aside, hash)
            })
        }
        Kind::Roadmap { roadmap } => {
            parse_yaml_file::<RoadmapSpec>(text, shown, |spec, set_aside, hash| {
                Parsed::Roadmap(roadmap.clone(), Box::new(spec), set_aside, hash)
            })
        }
        Kind::History { roadmap } => match history::parse(&text, shown) {
            Ok(history) => (
                Parsed::History(roadmap.clone(), history),
                Some(Arc::new(SourceInfo {
                    text,
                    locations: Locations::default(),
                    line_starts: Default::default(),
                })),
            )
                .into(),
            Err(d) => d.into(),
        },
        Kind::Playbook { roadmap, stage } => {
            parse_document::<PlaybookFront>(text, shown, stage, true, |doc| {
                Parsed::Playbook(roadmap.clone(), doc)
            })
        }
        Kind::Onboarding { slug } => {
            parse_document::<OnboardingFront>(text, shown, slug, false, Parsed::Onboarding)
        }
        Kind::Page { slug } => parse_document::<PageFront>(text, shown, slug, false, Parsed::Page),
        Kind::Account { slug } => accounts::parse_account(text, shown, slug),
        Kind::AccountNarrative { slug } => accounts::parse_narrative(text, shown, slug),
        Kind::Translation { tag, target } => translations::parse(text, shown, tag, target),
        Kind::Static { .. } => unreachable!("handled above"),
    }
}

/// Parses a whole-file YAML source (site.yaml, roadmap.yaml), keeping the parts that parsed
/// when some did not.
fn parse_yaml_file<T: DeserializeOwned>(
    text: Arc<str>,
    shown: &Path,
    wrap: impl FnOnce(T, SetAside, u64) -> Parsed,
) -> ParseResult {
    let parsed = yaml::parse::<T>(&text, shown, 1, &text);
    let Some(value) = parsed.value else {
        return parsed.errors.into();
    };
    let hash = text_hash(&text);
    ParseResult {
        parsed: Some((
            wrap(value, parsed.set_aside, hash),
            Some(Arc::new(SourceInfo {
                text,
                locations: parsed.locations,
                line_starts: Default::default(),
            })),
        )),
        diagnostics: parsed.errors,
    }
}

/// Parses a Markdown file with front matter, keeping the parts of the front matter that
/// parsed when some did not. `optional_front` allows a file with none.
fn parse_document<F: DeserializeOwned>(
    text: Arc<str>,
    shown: &Path,
    slug: &str,
    optional_front: bool,
    wrap: impl FnOnce(Document<F>) -> Parsed,
) -> ParseResult {
    let Ok(split) = frontmatter::split(&text) else {
        return vec![unclosed_front_matter(shown, &text)].into();
    };
    if split.yaml.is_empty() && split.body_line == 1 && !optional_front {
        return vec![
            Diagnostic::error(shown, 1, 1, "this file needs front matter with a `title`")
                .with_hint("start the file with:\n---\ntitle: <the title>\n---")
                .with_source(&text),
        ]
        .into();
    }
    let parsed = yaml::parse::<F>(split.yaml, shown, split.yaml_line, &text);
    let Some(front) = parsed.value else {
        return parsed.errors.into();
    };
    let doc = Document {
        file: shown.to_path_buf(),
        slug: slug.to_string(),
        front,
        // The body is the end of the text: share it rather than copy it.
        body: Body::new(Arc::clone(&text), text.len() - split.body.len()),
        body_line: split.body_line,
        hash: text_hash(&text),
        set_aside: parsed.set_aside,
    };
    ParseResult {
        parsed: Some((
            wrap(doc),
            Some(Arc::new(SourceInfo {
                text,
                locations: parsed.locations,
                line_starts: Default::default(),
            })),
        )),
        diagnostics: parsed.errors,
    }
}

/// The error of a Markdown file whose front matter has no closing `---`.
pub(super) fn unclosed_front_matter(shown: &Path, text: &Arc<str>) -> Diagnostic {
    Diagnostic::error(
        shown,
        1,
        1,
        "the front matter that starts here is never closed",
    )
    .with_hint("end the front matter with a line that holds only `---`")
    .with_source(text)
}
