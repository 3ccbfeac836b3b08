//! A built site's search index (the files under `assets/search/`) read back whole, checking
//! on the way that every file the manifest and the shards name exists, holds what its name
//! says, and that no other file is there.

use serde_json::Value;
use stagecraft::search::files::{
    DIR, MANIFEST, REGISTER, block_id, chunk_id, path_of, reversed_vocabulary_id, shard_id,
    vocabulary_id,
};
use stagecraft::search::postings::{Posting, decode, max_score, weight_bits};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The index, whole.
pub struct SearchIndex {
    /// The manifest's data.
    pub manifest: Value,
    /// Every page as `[path, title, crumb, [[heading, anchor, snippet], …]]`.
    pub pages: Vec<Value>,
    /// Every key with its postings, in doc order.
    pub keys: BTreeMap<String, Vec<Posting>>,
    /// The first key of each shard.
    pub shards: Vec<String>,
    /// Every index file by path, with its text.
    pub files: BTreeMap<String, String>,
    /// The typo vocabulary, in code point order.
    pub vocabulary: Vec<String>,
}

/// The data a file registers, checking that it registers under its own id.
pub fn data_of(path: &str, text: &str) -> Value {
    let id = path
        .strip_prefix(DIR)
        .and_then(|p| p.strip_suffix(".js"))
        .unwrap_or_else(|| panic!("{path} is not an index file"));
    let json = text
        .strip_prefix(REGISTER)
        .and_then(|t| t.strip_prefix(&format!("\"{id}\",")))
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{path} does not register as {id}: {text:.80}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"))
}

impl SearchIndex {
    /// The index written into the output folder `out`.
    pub fn of_dir(out: &Path) -> SearchIndex {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(out.join(DIR)) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(out).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        SearchIndex::of_files(files)
    }

    /// The index among the files of a site rendered in memory.
    pub fn of_rendered(site: &stagecraft::build::RenderedSite) -> SearchIndex {
        SearchIndex::of_files(
            site.files
                .iter()
                .filter(|f| f.path.starts_with(DIR))
                .map(|f| (f.path.clone(), String::from_utf8(f.bytes.to_vec()).unwrap()))
                .collect(),
        )
    }

    /// The index made of `files` (path → text).
    pub fn of_files(files: BTreeMap<String, String>) -> SearchIndex {
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut read = |path: String| -> Value {
            let text = files
                .get(&path)
                .unwrap_or_else(|| panic!("the index names {path}, which is missing"));
            used.insert(path.clone());
            data_of(&path, text)
        };
        let manifest = read(MANIFEST.to_string());
        assert_eq!(manifest["v"], 4);
        let shards: Vec<String> = manifest["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        assert!(
            shards.windows(2).all(|w| w[0] < w[1]),
            "shards are in key order"
        );
        let mut keys = BTreeMap::new();
        for (i, first) in shards.iter().enumerate() {
            let shard = read(path_of(&shard_id(first)));
            let names = shard["k"].as_array().unwrap();
            let entries = shard["p"].as_array().unwrap();
            assert_eq!(names.len(), entries.len());
            assert_eq!(
                names[0],
                first.as_str(),
                "a shard starts with its first key"
            );
            for (name, entry) in names.iter().zip(entries) {
                let name = name.as_str().unwrap();
                assert!(
                    shards.get(i + 1).is_none_or(|next| name < next.as_str()),
                    "{name} is in the shard before {:?}",
                    shards.get(i + 1)
                );
                let bits = weight_bits(name);
                let list = match entry {
                    Value::String(text) => decode(text, 0, bits)
                        .unwrap_or_else(|| panic!("{name}: bad postings {text}")),
                    Value::Object(cut) => {
                        let shift = cut["r"].as_u64().unwrap() as u32;
                        let blocks = cut["b"].as_array().unwrap();
                        let mut list = Vec::new();
                        for pair in blocks.chunks(2) {
                            let k = pair[0].as_u64().unwrap() as u32;
                            let Value::String(text) = read(path_of(&block_id(name, k))) else {
                                panic!("block {k} of {name} is not a string")
                            };
                            let part = decode(&text, k << shift, bits)
                                .unwrap_or_else(|| panic!("{name}: bad block {k}"));
                            assert!(!part.is_empty());
                            assert!(part.iter().all(|p| p.page >> shift == k));
                            assert_eq!(pair[1], max_score(&text, k << shift, bits));
                            list.extend(part);
                        }
                        assert_eq!(cut["n"], list.len(), "{name}: the count of its postings");
                        list
                    }
                    other => panic!("{name}: unexpected entry {other}"),
                };
                assert!(!list.is_empty(), "{name} has postings");
                assert!(
                    list.windows(2)
                        .all(|w| (w[0].page, w[0].section) < (w[1].page, w[1].section)),
                    "{name}: postings in doc order"
                );
                keys.insert(name.to_string(), list);
            }
        }
        let count = manifest["pages"].as_u64().unwrap() as usize;
        let per = manifest["chunk"].as_u64().unwrap() as usize;
        let mut pages = Vec::new();
        for k in 0..count.div_ceil(per) {
            let chunk = read(path_of(&chunk_id(k as u32)));
            pages.extend(chunk.as_array().unwrap().iter().cloned());
        }
        assert_eq!(pages.len(), count);
        for (key, list) in &keys {
            for p in list {
                let docs = pages[p.page as usize][3].as_array().unwrap();
                assert!((p.section as usize) < docs.len(), "{key}: no doc {p:?}");
            }
        }
        // The vocabulary's parts, in both orders, hold the same words.
        let mut parts = |field: &str, id: fn(&str) -> String| -> Vec<String> {
            let mut words = Vec::new();
            let starts = manifest[field].as_array().unwrap();
            for (i, first) in starts.iter().enumerate() {
                let first = first.as_str().unwrap();
                let part = read(path_of(&id(first)));
                let part: Vec<String> = serde_json::from_value(part).unwrap();
                assert_eq!(part[0], first, "a part starts with its first word");
                let next = starts.get(i + 1).and_then(Value::as_str);
                assert!(part.iter().all(|w| next.is_none_or(|n| w.as_str() < n)));
                words.extend(part);
            }
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{field} in order");
            words
        };
        let vocabulary = parts("vocab", vocabulary_id);
        let mut reversed: Vec<String> = parts("rvocab", reversed_vocabulary_id)
            .iter()
            .map(|w| w.chars().rev().collect())
            .collect();
        reversed.sort();
        assert_eq!(vocabulary, reversed);
        let unused: Vec<&String> = files.keys().filter(|p| !used.contains(*p)).collect();
        assert!(
            unused.is_empty(),
            "files the index does not name: {unused:?}"
        );
        SearchIndex {
            manifest,
            pages,
            keys,
            shards,
            files,
            vocabulary,
        }
    }

    /// The postings of `key` (which must be in the index).
    pub fn postings(&self, key: &str) -> &[Posting] {
        self.keys
            .get(key)
            .unwrap_or_else(|| panic!("no key {key:?} in the index"))
    }

    /// The position of the page at `path`, and its docs.
    pub fn page(&self, path: &str) -> (u32, &Vec<Value>) {
        let at = self
            .pages
            .iter()
            .position(|p| p[0] == path)
            .unwrap_or_else(|| panic!("no page {path} in the index"));
        (at as u32, self.pages[at][3].as_array().unwrap())
    }
}
