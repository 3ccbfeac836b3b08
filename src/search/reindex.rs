//! Re-indexing one page after an edit to its Markdown body, for live preview: only that
//! page's unit is made again, and only the index files it is in are rewritten.

use super::{Inputs, SearchCache, Source, patch};
use crate::markdown::RenderedDocs;
use crate::model::Site;
use std::collections::HashMap;
use std::sync::Arc;

/// A page of the index whose source can be edited alone.
#[derive(Debug, Clone, Copy)]
pub enum IndexedPage {
    /// Stage `i` of roadmap `r`.
    Stage(usize, usize),
    /// Onboarding module `i`.
    Module(usize),
    /// Free page `i`.
    Page(usize),
}

/// What re-indexing a page changed in the index's files.
#[derive(Debug, Default)]
pub struct FilesChanged {
    /// Files written or rewritten, with their bytes.
    pub written: Vec<(String, Arc<Vec<u8>>)>,
    /// Files that are no longer part of the index.
    pub removed: Vec<String>,
}

/// Makes `page`'s unit again if its sources changed and patches the index that `cache`
/// keeps. Returns the files that changed, or `None` when `cache` keeps no index of the same
/// pages (the whole index must be made).
pub fn reindex(
    site: &Site,
    docs: &RenderedDocs,
    strings: &HashMap<String, String>,
    strings_hash: u64,
    cache: &mut SearchCache,
    page: IndexedPage,
) -> Option<FilesChanged> {
    let inputs = Inputs {
        site,
        docs,
        strings,
        strings_hash,
    };
    let source = match page {
        IndexedPage::Stage(r, i) => Source::Stage(r, i),
        IndexedPage::Module(i) => Source::Module(i),
        IndexedPage::Page(i) => Source::Page(i),
    };
    let path = inputs.path(source);
    let print = inputs.fingerprint(source);
    let kept = cache.kept.as_mut()?;
    let at = kept.units.iter().position(|u| u.path == path)?;
    match cache.units.get(&path) {
        Some((old, _)) if *old == print => {
            cache.rebuilt = 0;
            cache.patched = true;
            return Some(FilesChanged::default());
        }
        Some(_) => {}
        None => return None,
    }
    let unit = Arc::new(inputs.unit(source));
    let before: Vec<(String, Arc<Vec<u8>>)> = kept
        .files
        .map
        .iter()
        .map(|(p, b)| (p.clone(), Arc::clone(b)))
        .collect();
    let mut units = kept.units.clone();
    units[at] = Arc::clone(&unit);
    let analysis = kept.analysis.clone();
    if !patch(kept, &analysis, units) {
        return None;
    }
    cache.units.insert(path, (print, unit));
    cache.rebuilt = 1;
    cache.patched = true;
    let mut changed = FilesChanged::default();
    for (p, old) in &before {
        match kept.files.map.get(p) {
            Some(new) if Arc::ptr_eq(old, new) => {}
            Some(new) => changed.written.push((p.clone(), Arc::clone(new))),
            None => changed.removed.push(p.clone()),
        }
    }
    let known: std::collections::BTreeSet<&str> = before.iter().map(|(p, _)| p.as_str()).collect();
    for (p, b) in &kept.files.map {
        if !known.contains(p.as_str()) {
            changed.written.push((p.clone(), Arc::clone(b)));
        }
    }
    Some(changed)
}
