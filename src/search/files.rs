//! The index as files under `assets/search/`, each a script that hands its part to the
//! search box: `window.stagecraftSearch.add("<id>", <data>);`, loaded with a `<script>` tag
//! (so it works from `file://` and under any subpath). `<id>` is the file's path under
//! `assets/search/` without `.js`.
//!
//! ```text
//! manifest            {"v":4, "lang":"en", "stop":[…], "fn":"的了…", "pages":N, "docs":D,
//!                      "chunk":P, "shards":[first key, …], "syn":[[[term, …], …], …],
//!                      "notes":[showing results for, no page has every word],
//!                      "vocab":[first word, …], "rvocab":[first reversed word, …]}
//! t/<hex of a key>    a term shard: the keys from this one to the next shard's first key
//!                     {"k":[keys], "p":[postings | {"n":docs,"r":shift,"b":[k,max,…]}]}
//! b/<hex of key>.<k>  pages k·2^shift to (k+1)·2^shift of a cut key's postings: "…"
//! d/<k>               pages k·P to (k+1)·P of the document table:
//!                     [[path, title, crumb, [[heading, anchor, snippet], …]], …]
//! v/<hex of a word>   a part of the typo vocabulary: the words from this one to the next
//!                     part's first, in code point order: [word, …]
//! w/<hex of a word>   the same words by their reversed spelling, from this reversed word to
//!                     the next part's first: [reversed word, …]
//! ```
//!
//! The search box corrects a query word of five letters or more to the vocabulary's words
//! one or two edits away. Such a word keeps its first two letters or its last two (three
//! from 8 letters on; with two edits, unless both ends changed), so it loads the parts of
//! `v/` that hold the words starting like the query word and those of `w/` that hold the
//! words ending like it.
//!
//! A shard's fields are parallel arrays indexed like `k`: data that later
//! versions add for each key goes into new fields, which older readers ignore. A key starts
//! a new shard when a hash of it falls below its share of [`super::Layout::shard_bytes`]
//! (or when the shard would grow past four times that): shards are about that size, and an
//! edit that changes a key's size moves at most the boundaries next to it.

use super::Analysis;
use super::index::{Block, Index, KeyList};
use super::postings::MAX_SECTION;
use super::tokenize::STOP_WORDS;
use super::units::Unit;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Bound;
use std::sync::Arc;

/// The folder of the index files.
pub const DIR: &str = "assets/search/";
/// The manifest, which the search box loads first.
pub const MANIFEST: &str = "assets/search/manifest.js";
/// The format version, in the manifest.
pub const FORMAT: u32 = 4;
/// What each file calls.
pub const REGISTER: &str = "window.stagecraftSearch.add(";

/// A key's UTF-8 bytes in hex: a file name that any file system and URL take as it is.
pub fn hex(key: &str) -> String {
    let mut out = String::with_capacity(key.len() * 2);
    for b in key.bytes() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The path of the file `id`.
pub fn path_of(id: &str) -> String {
    format!("{DIR}{id}.js")
}

/// The id of the shard whose first key is `first`.
pub fn shard_id(first: &str) -> String {
    format!("t/{}", hex(first))
}

/// The id of block `k` of `key`'s postings.
pub fn block_id(key: &str, k: u32) -> String {
    format!("b/{}.{k}", hex(key))
}

/// The id of the part of the typo vocabulary whose first word is `first`.
pub fn vocabulary_id(first: &str) -> String {
    format!("v/{}", hex(first))
}

/// The id of the part of the reversed typo vocabulary whose first reversed word is `first`.
pub fn reversed_vocabulary_id(first: &str) -> String {
    format!("w/{}", hex(first))
}

/// The id of chunk `k` of the document table.
pub fn chunk_id(k: u32) -> String {
    format!("d/{k}")
}

/// The script that registers `json` as file `id`.
fn script(id: &str, json: &str) -> Vec<u8> {
    let mut out = String::with_capacity(json.len() + id.len() + 40);
    out.push_str(REGISTER);
    out.push('"');
    out.push_str(id);
    out.push_str("\",");
    out.push_str(json);
    out.push_str(");\n");
    out.into_bytes()
}

/// JSON text with `<`, `>` and `&` written as escapes (they occur only inside strings), so
/// that no text of the site reads as markup, wherever the file ends up.
pub fn push_json(out: &mut String, value: &impl serde::Serialize) {
    // Serializing strings and numbers into memory cannot fail.
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut rest = text.as_str();
    while let Some(i) = rest.find(['<', '>', '&']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// A key as a JSON string (keys are letters and digits: no escapes, as a rule).
fn push_key(out: &mut String, key: &str) {
    if key.chars().all(char::is_alphanumeric) {
        out.push('"');
        out.push_str(key);
        out.push('"');
    } else {
        push_json(out, &key);
    }
}

/// A key's entry in its shard's `p` array.
fn push_entry(out: &mut String, list: &KeyList) {
    match list.shift {
        None => {
            // Postings are base-32 digits: no escapes.
            out.push('"');
            out.push_str(list.blocks.first().map_or("", |b| b.text.as_str()));
            out.push('"');
        }
        Some(shift) => {
            let _ = write!(out, "{{\"n\":{},\"r\":{shift},\"b\":[", list.count);
            for (i, b) in list.blocks.iter().enumerate() {
                let _ = write!(out, "{}{},{}", if i > 0 { "," } else { "" }, b.k, b.max);
            }
            out.push_str("]}");
        }
    }
}

/// About the bytes a key takes in its shard.
fn entry_size(key: &str, list: &KeyList) -> usize {
    let postings = match list.shift {
        None => list.blocks.first().map_or(0, |b| b.text.len()),
        Some(_) => 24 + list.blocks.len() * 8,
    };
    key.len() + postings + 6
}

/// Whether `key`, taking `size` bytes, starts a shard of about `target` bytes: with
/// probability `size / target`, decided by a hash of the key.
fn starts_shard(key: &str, size: usize, target: usize) -> bool {
    let h = xxhash_rust::xxh3::xxh3_64(key.as_bytes()) >> 32;
    u128::from(h) * (target as u128) < (size as u128) << 32
}

/// The first key of each shard.
pub fn shard_starts(index: &Index) -> Vec<Box<str>> {
    let target = index.layout.shard_bytes.max(1);
    let mut starts: Vec<Box<str>> = Vec::new();
    let mut size = 0;
    for (key, list) in &index.keys {
        let bytes = entry_size(key, list);
        if starts.is_empty() || starts_shard(key, bytes, target) || size + bytes > 4 * target {
            starts.push(key.clone());
            size = 0;
        }
        size += bytes;
    }
    starts
}

/// The keys from `first` up to `next` (or the end).
fn shard_keys<'a>(
    index: &'a Index,
    first: &str,
    next: Option<&str>,
) -> impl Iterator<Item = (&'a Box<str>, &'a KeyList)> {
    let end = next.map_or(Bound::Unbounded, Bound::Excluded);
    index.keys.range::<str, _>((Bound::Included(first), end))
}

/// The shard file from `first` up to `next`.
fn shard_file(index: &Index, first: &str, next: Option<&str>) -> (String, Vec<u8>) {
    let mut keys = String::from("{\"k\":[");
    let mut entries = String::from("],\"p\":[");
    for (i, (key, list)) in shard_keys(index, first, next).enumerate() {
        if i > 0 {
            keys.push(',');
            entries.push(',');
        }
        push_key(&mut keys, key);
        push_entry(&mut entries, list);
    }
    keys.push_str(&entries);
    keys.push_str("]}");
    let id = shard_id(first);
    (path_of(&id), script(&id, &keys))
}

/// The file of one block of a cut key.
fn block_file(key: &str, block: &Block) -> (String, Vec<u8>) {
    let id = block_id(key, block.k);
    let json = format!("\"{}\"", block.text);
    (path_of(&id), script(&id, &json))
}

/// The block files of a cut key.
fn block_files(key: &str, list: &KeyList) -> Vec<(String, Vec<u8>)> {
    if list.shift.is_none() {
        return Vec::new();
    }
    list.blocks.iter().map(|b| block_file(key, b)).collect()
}

/// The manifest.
fn manifest_file(
    index: &Index,
    analysis: &Analysis,
    starts: &[Box<str>],
    vocabulary: &Vocabulary,
) -> (String, Vec<u8>) {
    let mut json = format!("{{\"v\":{FORMAT},\"lang\":");
    push_json(&mut json, &analysis.language.tag());
    json.push_str(",\"stop\":");
    push_json(&mut json, &STOP_WORDS);
    json.push_str(",\"fn\":");
    push_json(&mut json, &analysis.function_chars());
    let _ = write!(
        json,
        ",\"pages\":{},\"docs\":{},\"chunk\":{},\"shards\":[",
        index.pages, index.docs, index.layout.chunk_pages
    );
    for (i, s) in starts.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        push_key(&mut json, s);
    }
    json.push_str("],\"syn\":");
    push_json(&mut json, &analysis.synonyms.groups());
    json.push_str(",\"notes\":");
    push_json(&mut json, &analysis.notes);
    json.push_str(",\"vocab\":");
    push_json(&mut json, &vocabulary.starts);
    json.push_str(",\"rvocab\":");
    push_json(&mut json, &vocabulary.reversed_starts);
    json.push('}');
    (MANIFEST.to_string(), script("manifest", &json))
}

/// The typo vocabulary cut into parts, in both orders.
struct Vocabulary {
    starts: Vec<String>,
    reversed_starts: Vec<String>,
    files: Vec<(String, Vec<u8>)>,
}

/// Cuts `words` (sorted) into parts of about `target` bytes, where a hash of a word says so
/// (as shards are cut); returns each part's first word and its file.
fn vocabulary_parts(
    words: &[String],
    target: usize,
    id: fn(&str) -> String,
) -> (Vec<String>, Vec<(String, Vec<u8>)>) {
    let mut parts: Vec<Vec<&str>> = Vec::new();
    let mut size = 0;
    for w in words {
        let bytes = w.len() + 3;
        if parts.is_empty()
            || starts_shard(w, bytes, target)
            || size + bytes > target.saturating_mul(4)
        {
            parts.push(Vec::new());
            size = 0;
        }
        size += bytes;
        if let Some(p) = parts.last_mut() {
            p.push(w);
        }
    }
    let starts = parts.iter().map(|p| p[0].to_string()).collect();
    let files = parts
        .iter()
        .map(|p| {
            let mut json = String::new();
            push_json(&mut json, p);
            let id = id(p[0]);
            (path_of(&id), script(&id, &json))
        })
        .collect();
    (starts, files)
}

/// The typo vocabulary of `index` in parts.
fn vocabulary(index: &Index) -> Vocabulary {
    let words: Vec<String> = index.vocabulary.keys().map(|w| w.to_string()).collect();
    let mut reversed: Vec<String> = words.iter().map(|w| w.chars().rev().collect()).collect();
    reversed.sort_unstable();
    let target = index.layout.vocabulary_bytes.max(1);
    let ((starts, mut files), (reversed_starts, more)) = rayon::join(
        || vocabulary_parts(&words, target, vocabulary_id),
        || vocabulary_parts(&reversed, target, reversed_vocabulary_id),
    );
    files.extend(more);
    Vocabulary {
        starts,
        reversed_starts,
        files,
    }
}

/// A page's entry in the document table.
fn page_json(out: &mut String, unit: &Unit) {
    let docs: Vec<(&str, &str, &str)> = unit
        .docs
        .iter()
        .take(MAX_SECTION as usize + 1)
        .map(|d| (d.heading.as_str(), d.anchor.as_str(), d.snippet.as_str()))
        .collect();
    let crumb = unit.crumb.as_deref().unwrap_or("");
    match &unit.changed {
        // A changed page also says when: [path, title, crumb, docs, changed].
        Some(changed) => push_json(out, &(&unit.path, &unit.title, crumb, docs, changed)),
        None => push_json(out, &(&unit.path, &unit.title, crumb, docs)),
    }
}

/// Chunk `k` of the document table, holding `units` (pages `k · chunk_pages` on).
pub fn chunk_file<'a>(k: u32, units: impl IntoIterator<Item = &'a Unit>) -> (String, Vec<u8>) {
    let mut json = String::from("[");
    for (i, u) in units.into_iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        page_json(&mut json, u);
    }
    json.push(']');
    let id = chunk_id(k);
    (path_of(&id), script(&id, &json))
}

/// The index files other than the document table: manifest, shards and blocks, each handed
/// to `emit` as soon as it is made (in parallel, a shard and its blocks at a time); returns
/// the first key of each shard and the paths.
pub fn term_files(
    index: &Index,
    analysis: &Analysis,
    emit: &(dyn Fn(String, Vec<u8>) -> std::io::Result<()> + Sync),
) -> std::io::Result<(Vec<Box<str>>, Vec<String>)> {
    let starts = shard_starts(index);
    let vocabulary = vocabulary(index);
    let (path, bytes) = manifest_file(index, analysis, &starts, &vocabulary);
    let mut paths = vec![path.clone()];
    emit(path, bytes)?;
    for (path, bytes) in vocabulary.files {
        paths.push(path.clone());
        emit(path, bytes)?;
    }
    let made: Vec<Vec<String>> = (0..starts.len())
        .into_par_iter()
        .map(|i| {
            let next = starts.get(i + 1).map(|s| &**s);
            let mut files = vec![shard_file(index, &starts[i], next)];
            for (key, list) in shard_keys(index, &starts[i], next) {
                files.extend(block_files(key, list));
            }
            files
                .into_iter()
                .map(|(path, bytes)| emit(path.clone(), bytes).map(|()| path))
                .collect()
        })
        .collect::<std::io::Result<_>>()?;
    paths.extend(made.into_iter().flatten());
    Ok((starts, paths))
}

/// The files of an index kept between builds, to patch them after an edit: files whose
/// contents did not change keep their bytes (and their `Arc`).
#[derive(Default)]
pub struct Files {
    /// Every file by path.
    pub map: BTreeMap<String, Arc<Vec<u8>>>,
    starts: Vec<Box<str>>,
}

impl Files {
    /// Sets file `path`, keeping the old bytes if they are the same.
    pub fn put(&mut self, path: String, bytes: Vec<u8>) {
        match self.map.get(&path) {
            Some(old) if **old == bytes => {}
            _ => {
                self.map.insert(path, Arc::new(bytes));
            }
        }
    }

    /// All the files of `index` and of the document table of `units` anew.
    pub fn rebuild(index: &Index, analysis: &Analysis, units: &[Arc<Unit>]) -> Files {
        let made = std::sync::Mutex::new(Vec::new());
        let emit = |path: String, bytes: Vec<u8>| {
            made.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path, Arc::new(bytes)));
            Ok(())
        };
        // Writing into memory cannot fail.
        let (starts, _) = term_files(index, analysis, &emit).unwrap_or_default();
        let per = index.layout.chunk_pages.max(1) as usize;
        let chunks: Vec<(String, Vec<u8>)> = units
            .par_chunks(per)
            .enumerate()
            .map(|(k, part)| chunk_file(k as u32, part.iter().map(|u| &**u)))
            .collect();
        let mut map: BTreeMap<String, Arc<Vec<u8>>> = made
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .collect();
        map.extend(chunks.into_iter().map(|(p, b)| (p, Arc::new(b))));
        Files { map, starts }
    }

    /// Rewrites what a patch of `index` changed: the shards holding the `dirty` keys (or
    /// whose bounds moved), those keys' changed blocks (all of them for `None`), the
    /// manifest, and the chunks of the `pages` that changed. `dirty` is sorted.
    pub fn update(
        &mut self,
        index: &Index,
        analysis: &Analysis,
        dirty: &[(Box<str>, Option<u32>)],
        pages: &[u32],
        units: &[Arc<Unit>],
    ) {
        for (key, block) in dirty {
            let list = index.keys.get(key);
            if let Some(k) = block {
                let path = path_of(&block_id(key, *k));
                let made = list.and_then(|list| {
                    let at = list.blocks.binary_search_by_key(k, |b| b.k).ok()?;
                    Some(block_file(key, &list.blocks[at]))
                });
                match made {
                    Some((path, bytes)) => self.put(path, bytes),
                    None => {
                        self.map.remove(&path);
                    }
                }
                continue;
            }
            let prefix = path_of(&block_id(key, 0));
            let prefix = &prefix[..prefix.len() - "0.js".len()];
            let old: Vec<String> = self
                .map
                .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                .take_while(|(p, _)| p.starts_with(prefix))
                .map(|(p, _)| p.clone())
                .collect();
            let new = list.map(|list| block_files(key, list)).unwrap_or_default();
            for path in old {
                if !new.iter().any(|(p, _)| *p == path) {
                    self.map.remove(&path);
                }
            }
            for (path, bytes) in new {
                self.put(path, bytes);
            }
        }
        let mut keys: Vec<&str> = dirty.iter().map(|(k, _)| &**k).collect();
        keys.dedup();
        let starts = shard_starts(index);
        let old_next: BTreeMap<&str, Option<&str>> = self
            .starts
            .iter()
            .enumerate()
            .map(|(i, s)| (&**s, self.starts.get(i + 1).map(|n| &**n)))
            .collect();
        let mut fresh: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, first) in starts.iter().enumerate() {
            let next = starts.get(i + 1).map(|s| &**s);
            let from = keys.partition_point(|d| *d < &**first);
            let touched = keys.get(from).is_some_and(|d| next.is_none_or(|n| *d < n));
            if touched || old_next.get(&**first) != Some(&next) {
                fresh.push(shard_file(index, first, next));
            }
        }
        for s in &self.starts {
            if starts.binary_search(s).is_err() {
                self.map.remove(&path_of(&shard_id(s)));
            }
        }
        for (path, bytes) in fresh {
            self.put(path, bytes);
        }

        // The vocabulary's parts are made anew; those whose words did not change keep their
        // bytes.
        let vocabulary = vocabulary(index);
        let (path, bytes) = manifest_file(index, analysis, &starts, &vocabulary);
        self.put(path, bytes);
        self.starts = starts;
        let made: std::collections::BTreeSet<&String> =
            vocabulary.files.iter().map(|(p, _)| p).collect();
        let gone: Vec<String> = self
            .map
            .keys()
            .filter(|p| {
                (p.starts_with(&format!("{DIR}v/")) || p.starts_with(&format!("{DIR}w/")))
                    && !made.contains(p)
            })
            .cloned()
            .collect();
        for p in gone {
            self.map.remove(&p);
        }
        for (path, bytes) in vocabulary.files {
            self.put(path, bytes);
        }
        let per = index.layout.chunk_pages.max(1);
        let mut chunks: Vec<u32> = pages.iter().map(|p| p / per).collect();
        chunks.dedup();
        for k in chunks {
            let from = (k * per) as usize;
            let to = (from + per as usize).min(units.len());
            let (path, bytes) = chunk_file(k, units[from..to].iter().map(|u| &**u));
            self.put(path, bytes);
        }
    }
}
