//! Site search: the index that the default theme's search box queries, built with the site.
//!
//! Every roadmap, playbook, onboarding module and free page is cut into docs: the page's head
//! (title, and facts such as a stage's criteria) and one doc per heading section, so that a
//! result links to `page#anchor`. Their text is cut into terms ([`tokenize`]: CJK bigrams,
//! stemmed English words) and written to [`INDEX_PATH`] as a script ([`encode`]), which the
//! search box loads on first use: it works from a server and from disk alike.
//!
//! Rebuilds redo only the pages whose sources changed ([`SearchCache`]).

pub mod encode;
pub mod extract;
pub mod stem;
pub mod tokenize;
pub mod units;

use crate::markdown::RenderedDocs;
use crate::model::Site;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use units::Unit;

/// Where the index goes in the output.
pub const INDEX_PATH: &str = "assets/search-index.js";

/// Index work kept from the previous build: each page's unit by output path, with the
/// fingerprint of its sources, and the last index file.
#[derive(Default)]
pub struct SearchCache {
    units: FxHashMap<String, (u64, Arc<Unit>)>,
    output: Option<(u64, Arc<Vec<u8>>)>,
    encoder: encode::Encoder,
    /// How many units the last build made (the others were reused).
    pub rebuilt: usize,
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
        match source {
            Source::Roadmap(r) => units::roadmap(&site.roadmaps[r], strings),
            Source::Stage(r, i) => units::stage(&site.roadmaps[r], i, docs, strings),
            Source::Onboarding => units::onboarding(strings),
            Source::Module(i) => units::module(site, i, docs, strings),
            Source::Page(i) => units::page(site, i, docs),
            Source::Account(i) => units::account(site, i, docs),
        }
    }
}

/// The index file of `site`. `strings` are the theme's UI strings (they name some sections)
/// and `strings_hash` their fingerprint.
///
/// With `keep`, reuses what `cache` holds for unchanged pages and updates it (as `serve`
/// does); without, builds the index a few pages at a time and keeps nothing (as `build`
/// does, to keep its memory flat).
pub fn index_file(
    site: &Site,
    docs: &RenderedDocs,
    strings: &HashMap<String, String>,
    strings_hash: u64,
    cache: &mut SearchCache,
    keep: bool,
) -> Arc<Vec<u8>> {
    let inputs = Inputs {
        site,
        docs,
        strings,
        strings_hash,
    };
    let sources = sources(site);
    if !keep {
        *cache = SearchCache::default();
        let paths: Vec<String> = sources
            .iter()
            .map(|&s| crate::slug::encode_path(&inputs.path(s)))
            .collect();
        cache.rebuilt = paths.len();
        return Arc::new(encode::encode_streaming(&paths, |i| {
            inputs.unit(sources[i])
        }));
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
    let print = hash_of(|h| made.iter().for_each(|(p, f, ..)| (p, f).hash(h)));
    let bytes = match &cache.output {
        Some((old, bytes)) if *old == print => Arc::clone(bytes),
        _ => {
            let list: Vec<Arc<Unit>> = made.iter().map(|m| Arc::clone(&m.2)).collect();
            Arc::new(cache.encoder.update(&list))
        }
    };

    cache.units = made.into_iter().map(|(p, f, u, _)| (p, (f, u))).collect();
    cache.output = Some((print, Arc::clone(&bytes)));
    bytes
}
