//! Site search: the index that the default theme's search box queries, built with the site.
//!
//! Every roadmap, playbook, onboarding module and free page is cut into docs: the page's head
//! (title, and facts such as a stage's criteria) and one doc per heading section, so that a
//! result links to `page#anchor`. Their text is cut into terms ([`tokenize`]: CJK bigrams,
//! stemmed English words), which become the keys of an inverted index ([`keys`], [`index`]).
//! The index is written as many small scripts under `assets/search/` ([`files`]): a
//! manifest, term shards (with common terms' postings in blocks of pages) and the document
//! table in chunks, so that a query loads only the parts it needs, from a server or from
//! disk alike.
//!
//! The manifest also carries what the search box needs to forgive a query ([`Analysis`]):
//! the index's language, the site's synonym groups ([`synonyms`]) and the notes it shows;
//! and the site's words are written as a typo vocabulary in parts, by spelling and by
//! spelling backwards, so that a mistyped word loads only the parts near it.
//!
//! Rebuilds redo only the pages whose sources changed, and patch only the files that those
//! pages' terms and docs are in ([`SearchCache`]).

pub mod extract;
pub mod files;
pub mod index;
pub mod keys;
pub mod postings;
mod reindex;
pub mod stem;
pub mod synonyms;
pub mod tokenize;
pub mod units;

use crate::markdown::RenderedDocs;
use crate::model::{Language, Site};
use files::Files;
pub use index::Layout;
use index::{Collector, Index};
use rayon::prelude::*;
pub use reindex::{FilesChanged, IndexedPage, reindex};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use units::Unit;

/// The manifest of the index: the file the search box loads first.
pub const MANIFEST_PATH: &str = files::MANIFEST;

/// Where index files go when they are not kept in memory: `(path, bytes)`.
pub type Sink<'a> = &'a (dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync);

/// How an index reads its text and its queries, recorded in its manifest: the language of
/// its pages and the site's synonyms. A site with pages in several languages builds one index
/// per language, each with its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The language of the pages indexed.
    pub language: Language,
    /// The site's synonym groups.
    pub synonyms: synonyms::Synonyms,
    /// The search box's notes in the language: `search_fixed` ("showing results for …")
    /// and `search_partial` ("no page has every word …"), loaded with the manifest rather
    /// than with every page.
    pub notes: [String; 2],
}

impl Analysis {
    /// The analysis of a site's pages in `language`, with the synonyms of its `site.yaml`
    /// and the theme's UI `strings` in that language.
    pub fn new(site: &Site, language: Language, strings: &HashMap<String, String>) -> Analysis {
        let groups = site.config.search.as_ref().map(|s| &s.synonyms[..]);
        let note = |key: &str| strings.get(key).cloned().unwrap_or_default();
        Analysis {
            language,
            synonyms: synonyms::Synonyms::new(groups.unwrap_or_default()),
            notes: [note("search_fixed"), note("search_partial")],
        }
    }

    /// CJK characters that a query holds only to join words (的, 了, 是): the search box
    /// does not count the pairs that hold them against a page.
    pub fn function_chars(&self) -> &'static str {
        // Chinese pages, and Chinese quoted on pages in other languages, use the same ones.
        "的了是着过吗呢吧啊么和与及或在把被"
    }
}

/// Index work kept from the previous build: each page's unit by output path, with the
/// fingerprint of its sources, and the last index with its files.
#[derive(Default)]
pub struct SearchCache {
    units: FxHashMap<String, (u64, Arc<Unit>)>,
    kept: Option<Kept>,
    layout: Layout,
    /// How many units the last build made (the others were reused).
    pub rebuilt: usize,
    /// Whether the last build patched the previous index (rather than building it anew).
    pub patched: bool,
}

/// The last index, its files and its pages' units in index order.
struct Kept {
    index: Index,
    analysis: Analysis,
    files: Files,
    units: Vec<Arc<Unit>>,
}

impl SearchCache {
    /// Sizes the index files by `layout` from now on (the default suits sites of any size;
    /// tests use small ones).
    pub fn set_layout(&mut self, layout: Layout) {
        if layout != self.layout {
            *self = SearchCache {
                layout,
                ..SearchCache::default()
            };
        }
    }

    /// The units of the last build that kept them, in index order.
    pub fn units(&self) -> &[Arc<Unit>] {
        self.kept.as_ref().map_or(&[], |k| &k.units)
    }
}

/// A page that goes into the index.
#[derive(Clone, Copy)]
enum Source {
    Roadmap(usize),
    Stage(usize, usize),
    Onboarding,
    Module(usize),
    Page(usize),
    Account(usize),
}

fn hash_of(feed: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    feed(&mut h);
    h.finish()
}

/// Every page that goes into the index, in index order.
fn sources(site: &Site) -> Vec<Source> {
    let mut sources = Vec::new();
    for (r, rm) in site.roadmaps.iter().enumerate() {
        sources.push(Source::Roadmap(r));
        sources.extend((0..rm.spec.stages.len()).map(|i| Source::Stage(r, i)));
    }
    if !site.onboarding.is_empty() {
        sources.push(Source::Onboarding);
    }
    sources.extend((0..site.onboarding.len()).map(Source::Module));
    sources.extend((0..site.pages.len()).map(Source::Page));
    if site.config.accounts_in_search() {
        sources.extend((0..site.accounts.len()).map(Source::Account));
    }
    sources
}

/// What the index needs to make a page's unit.
struct Inputs<'a> {
    site: &'a Site,
    docs: &'a RenderedDocs,
    strings: &'a HashMap<String, String>,
    strings_hash: u64,
}

impl Inputs<'_> {
    /// The page's output path.
    fn path(&self, source: Source) -> String {
        let site = self.site;
        match source {
            Source::Roadmap(r) => crate::routes::roadmap(&site.roadmaps[r].slug),
            Source::Stage(r, i) => {
                let rm = &site.roadmaps[r];
                crate::routes::stage(&rm.slug, &rm.spec.stages[i].id)
            }
            Source::Onboarding => crate::routes::ONBOARDING.to_string(),
            Source::Module(i) => crate::routes::module(&site.onboarding[i].slug),
            Source::Page(i) => crate::routes::page(&site.pages[i].slug),
            Source::Account(i) => crate::routes::account(&site.accounts[i].slug),
        }
    }

    /// A hash of everything the page's unit is made from (with its path, it names the unit).
    fn fingerprint(&self, source: Source) -> u64 {
        let (site, strings_hash) = (self.site, self.strings_hash);
        let rendered = |file: &std::path::Path| self.docs.get(file).map(|r| r.hash);
        hash_of(|h| match source {
            Source::Roadmap(r) => (0u8, site.roadmaps[r].hash, strings_hash).hash(h),
            Source::Stage(r, i) => {
                let rm = &site.roadmaps[r];
                (1u8, rm.hash, i, strings_hash).hash(h);
                let playbook = rm.playbooks.get(&rm.spec.stages[i].id);
                playbook.map(|p| (p.hash, rendered(&p.file))).hash(h);
            }
            Source::Module(i) => {
                let m = &site.onboarding[i];
                (2u8, m.hash, rendered(&m.file), strings_hash).hash(h);
            }
            Source::Page(i) => {
                let p = &site.pages[i];
                (3u8, p.hash, rendered(&p.file)).hash(h);
            }
            Source::Onboarding => (4u8, strings_hash).hash(h),
            Source::Account(i) => {
                let a = &site.accounts[i];
                let n = a.narrative.as_ref().map(|n| (n.hash, rendered(&n.file)));
                (5u8, a.hash, n).hash(h);
            }
        })
    }

    fn unit(&self, source: Source) -> Unit {
        let (site, docs, strings) = (self.site, self.docs, self.strings);
        let mut unit = match source {
            Source::Roadmap(r) => units::roadmap(&site.roadmaps[r], strings),
            Source::Stage(r, i) => units::stage(&site.roadmaps[r], i, docs, strings),
            Source::Onboarding => units::onboarding(strings),
            Source::Module(i) => units::module(site, i, docs, strings),
            Source::Page(i) => units::page(site, i, docs),
            Source::Account(i) => units::account(site, i, docs, strings),
        };
        unit.changed = self.changed(source);
        unit
    }

    /// When the page of `source` last changed, from its `changes` list, as results show it.
    fn changed(&self, source: Source) -> Option<String> {
        let site = self.site;
        let changes = match source {
            Source::Roadmap(r) => &site.roadmaps[r].spec.changes,
            Source::Stage(r, i) => {
                let rm = &site.roadmaps[r];
                &rm.playbooks.get(&rm.spec.stages[i].id)?.front.changes
            }
            Source::Module(i) => &site.onboarding[i].front.changes,
            Source::Page(i) => &site.pages[i].front.changes,
            Source::Onboarding | Source::Account(_) => return None,
        };
        let date = crate::model::latest_change(changes)?.to_string();
        Some(crate::i18n::tr(
            self.strings,
            "search_changed",
            &[("date", &date)],
        ))
    }
}

/// The index files of `site`, read as `analysis` says. `strings` are the theme's UI strings
/// (they name some sections) and `strings_hash` their fingerprint.
///
/// With a `sink`, builds the index a few hundred pages at a time and hands every file to the
/// sink as soon as it is made, keeping only postings (as `build` does, to keep its memory
/// flat); returns the paths with empty contents. Without, reuses what `cache` holds for
/// unchanged pages, patches the files their edits touch, and returns every file (as `serve`
/// does).
pub fn index_files(
    site: &Site,
    docs: &RenderedDocs,
    strings: &HashMap<String, String>,
    strings_hash: u64,
    analysis: &Analysis,
    cache: &mut SearchCache,
    sink: Option<Sink>,
) -> std::io::Result<Vec<(String, Arc<Vec<u8>>)>> {
    let inputs = Inputs {
        site,
        docs,
        strings,
        strings_hash,
    };
    let sources = sources(site);
    if let Some(sink) = sink {
        *cache = SearchCache {
            layout: cache.layout,
            rebuilt: sources.len(),
            ..SearchCache::default()
        };
        return index_streaming(&sources, &inputs, analysis, cache.layout, sink);
    }
    let previous = &cache.units;
    let made: Vec<(String, u64, Arc<Unit>, bool)> = sources
        .into_par_iter()
        .map(|source| {
            let path = inputs.path(source);
            let print = inputs.fingerprint(source);
            match previous.get(&path) {
                Some((old, unit)) if *old == print => (path, print, Arc::clone(unit), false),
                _ => (path, print, Arc::new(inputs.unit(source)), true),
            }
        })
        .collect();
    cache.rebuilt = made.iter().filter(|m| m.3).count();
    let units: Vec<Arc<Unit>> = made.iter().map(|m| Arc::clone(&m.2)).collect();
    cache.units = made.into_iter().map(|(p, f, u, _)| (p, (f, u))).collect();
    cache.patched = match &mut cache.kept {
        Some(kept) => patch(kept, analysis, units.clone()),
        None => false,
    };
    if !cache.patched {
        let mut collector = Collector::default();
        // A few hundred pages' keys at a time: all of them at once would take several times
        // the memory of the index they make.
        for part in units.chunks(256) {
            let keys: Vec<keys::PageKeys> = part.par_iter().map(|u| keys::page_keys(u)).collect();
            for k in &keys {
                collector.add(k);
            }
        }
        let index = collector.finish(cache.layout);
        let files = Files::rebuild(&index, analysis, &units);
        cache.kept = Some(Kept {
            index,
            analysis: analysis.clone(),
            files,
            units,
        });
    }
    let files = cache.kept.as_ref().map(|k| &k.files.map);
    Ok(files
        .into_iter()
        .flatten()
        .map(|(p, b)| (p.clone(), Arc::clone(b)))
        .collect())
}

/// Updates `kept` for `units` if they are the same pages and few of them changed; returns
/// whether it could.
fn patch(kept: &mut Kept, analysis: &Analysis, units: Vec<Arc<Unit>>) -> bool {
    if *analysis != kept.analysis
        || units.len() != kept.units.len()
        || units
            .iter()
            .zip(&kept.units)
            .any(|(new, old)| new.path != old.path)
    {
        return false;
    }
    let changed: Vec<u32> = (0..units.len())
        .filter(|&i| !Arc::ptr_eq(&units[i], &kept.units[i]))
        .map(|i| i as u32)
        .collect();
    if changed.len() > units.len() / 10 + 1 {
        return false;
    }
    if changed.is_empty() {
        return true;
    }
    let mut dirty: Vec<(Box<str>, Option<u32>)> = Vec::new();
    for &page in &changed {
        let i = page as usize;
        let (old, new) = (keys::page_keys(&kept.units[i]), keys::page_keys(&units[i]));
        dirty.extend(kept.index.patch(page, &old, &new));
    }
    dirty.sort_unstable();
    dirty.dedup();
    kept.units = units;
    kept.files
        .update(&kept.index, analysis, &dirty, &changed, &kept.units);

    true
}

/// The index of the pages `sources`, made a few hundred at a time (in parallel) so that only
/// their postings are kept, with every file handed to `sink` as soon as it is made. The
/// postings of one batch are collected while the next batch is made.
fn index_streaming(
    sources: &[Source],
    inputs: &Inputs,
    analysis: &Analysis,
    layout: Layout,
    sink: Sink,
) -> std::io::Result<Vec<(String, Arc<Vec<u8>>)>> {
    let per = layout.chunk_pages.max(1) as usize;
    let batch = per * (256 / per).max(1);
    let mut paths: Vec<String> = Vec::new();
    let mut collector = Collector::default();
    // Writes the doc-table chunks of the batch starting at page `from` and collects its
    // postings.
    let take = |collector: &mut Collector, units: &[Unit], from: usize| {
        let (chunks, keys) = rayon::join(
            || {
                units
                    .par_chunks(per)
                    .enumerate()
                    .map(|(j, us)| {
                        let (path, bytes) = files::chunk_file((from / per + j) as u32, us);
                        sink(&path, &bytes).map(|()| path)
                    })
                    .collect::<std::io::Result<Vec<String>>>()
            },
            || units.par_iter().map(keys::page_keys).collect::<Vec<_>>(),
        );
        for k in &keys {
            collector.add(k);
        }
        chunks
    };
    let mut previous: Option<(Vec<Unit>, usize)> = None;
    for (b, part) in sources.chunks(batch).enumerate() {
        let (units, done) = rayon::join(
            || {
                part.par_iter()
                    .map(|&s| inputs.unit(s))
                    .collect::<Vec<Unit>>()
            },
            || match &previous {
                Some((units, from)) => take(&mut collector, units, *from),
                None => Ok(Vec::new()),
            },
        );
        paths.extend(done?);
        previous = Some((units, b * batch));
    }
    if let Some((units, from)) = &previous {
        paths.extend(take(&mut collector, units, *from)?);
    }
    drop(previous);
    let index = collector.finish(layout);
    let (_, written) = files::term_files(&index, analysis, &|path, bytes| sink(&path, &bytes))?;
    paths.extend(written);
    let empty = Arc::new(Vec::new());
    Ok(paths.into_iter().map(|p| (p, Arc::clone(&empty))).collect())
}
