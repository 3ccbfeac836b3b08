//! The inverted index in memory: every key's postings, built page after page (keeping only
//! the encoded postings) and patched one page at a time after an edit.
//!
//! A key with many postings is cut into blocks of `2^shift` pages ([`shift_for`]), so that
//! a query can load the part of a common word's postings it needs; the others keep one list.
//! Both depend only on the key's postings and the number of pages, so that a patched index
//! equals one built anew.

use super::keys::PageKeys;
use super::postings::{self, Posting, Writer, weight_bits};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Sizes that shape the index files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Pages per chunk of the document table.
    pub chunk_pages: u32,
    /// The average size of a term shard, in bytes.
    pub shard_bytes: usize,
    /// Keys with more postings than this are cut into blocks of about this many postings.
    pub block_postings: u32,
    /// The average size of a part of the typo vocabulary, in bytes.
    pub vocabulary_bytes: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            chunk_pages: 16,
            shard_bytes: 16 * 1024,
            block_postings: 4096,
            vocabulary_bytes: 4096,
        }
    }
}

/// How a key with `count` postings on a site of `pages` pages is cut: `None` for one list,
/// else `Some(shift)` for blocks of `2^shift` pages (about `block_postings` postings each).
pub fn shift_for(count: u32, pages: u32, layout: &Layout) -> Option<u32> {
    if count <= layout.block_postings {
        return None;
    }
    let pages_per_block = u64::from(pages) * u64::from(layout.block_postings) / u64::from(count);
    Some(pages_per_block.max(1).ilog2())
}

/// Part of a key's postings: pages `k << shift` to `(k + 1) << shift` (all pages, with
/// `k` 0, for a key in one list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's number.
    pub k: u32,
    /// Its postings, encoded from its first page.
    pub text: String,
    /// The highest [`postings::score`] among them (for a key cut into blocks; 0 for a key
    /// in one list, whose postings the search box reads at once).
    pub max: u8,
}

/// One key of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyList {
    /// Docs that hold the key.
    pub count: u32,
    /// `None` when the postings are one list (one block from page 0).
    pub shift: Option<u32>,
    /// The postings, block by block in page order.
    pub blocks: Vec<Block>,
}

impl KeyList {
    fn new(key: &str, whole: String, count: u32, shift: Option<u32>) -> KeyList {
        let bits = weight_bits(key);
        let blocks = match shift {
            None => vec![Block {
                k: 0,
                max: 0,
                text: whole,
            }],
            Some(shift) => postings::cut(&whole, bits, shift)
                .into_iter()
                .map(|(k, text)| Block {
                    k,
                    max: postings::max_score(&text, k << shift, bits),
                    text,
                })
                .collect(),
        };
        KeyList {
            count,
            shift,
            blocks,
        }
    }

    /// The postings as one list from page 0.
    fn whole(&self, bits: u32) -> String {
        match self.shift {
            None => self
                .blocks
                .first()
                .map(|b| b.text.clone())
                .unwrap_or_default(),
            Some(shift) => {
                let parts: Vec<(u32, String)> =
                    self.blocks.iter().map(|b| (b.k, b.text.clone())).collect();
                postings::join(&parts, bits, shift)
            }
        }
    }
}

/// Postings being collected, page after page: each key's list is encoded as it grows.
#[derive(Default)]
pub struct Collector {
    /// Keys by the hash each page computed already; a key whose hash an earlier key has (a
    /// collision) goes by its text.
    by_hash: FxHashMap<u32, usize>,
    by_text: FxHashMap<Box<str>, usize>,
    lists: Vec<(Box<str>, String, Writer, u32)>,
    pages: u32,
    /// Docs, over all pages.
    docs: u32,
    vocabulary: FxHashMap<Box<str>, u32>,
}

impl Collector {
    /// Adds the next page's keys.
    pub fn add(&mut self, page: &PageKeys) {
        let number = self.pages;
        self.pages += 1;
        self.docs += docs_of(page);
        for &w in &page.words {
            match self.vocabulary.get_mut(w) {
                Some(n) => *n += 1,
                None => {
                    self.vocabulary.insert(w.into(), 1);
                }
            }
        }
        for &(key, section, weight, hash) in &page.postings {
            let at = match self.by_hash.get(&hash) {
                Some(&i) if &*self.lists[i].0 == key => i,
                Some(_) => match self.by_text.get(key) {
                    Some(&i) => i,
                    None => {
                        self.by_text.insert(key.into(), self.lists.len());
                        self.push(key)
                    }
                },
                None => {
                    self.by_hash.insert(hash, self.lists.len());
                    self.push(key)
                }
            };
            let (_, text, writer, count) = &mut self.lists[at];
            writer.push(
                text,
                Posting {
                    page: number,
                    section,
                    weight,
                },
            );
            *count += 1;
        }
    }

    fn push(&mut self, key: &str) -> usize {
        let writer = Writer::new(0, weight_bits(key));
        self.lists.push((key.into(), String::new(), writer, 0));
        self.lists.len() - 1
    }

    /// The index of the pages added.
    pub fn finish(self, layout: Layout) -> Index {
        let pages = self.pages;
        let mut list: Vec<(Box<str>, String, u32)> = self
            .lists
            .into_iter()
            .map(|(k, text, _, count)| (k, text, count))
            .collect();
        list.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let lists: Vec<(Box<str>, KeyList)> = list
            .into_par_iter()
            .map(|(key, text, count)| {
                let shift = shift_for(count, pages, &layout);
                let list = KeyList::new(&key, text, count, shift);
                (key, list)
            })
            .collect();
        Index {
            layout,
            pages,
            docs: self.docs,
            keys: lists.into_iter().collect(),
            vocabulary: self.vocabulary.into_iter().collect(),
        }
    }
}

/// The inverted index: every key's postings, in key order (code point order, as the search
/// box compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// The sizes it was built for.
    pub layout: Layout,
    /// Pages indexed.
    pub pages: u32,
    /// Docs with at least one key, over all pages (for the search box's term weights).
    pub docs: u32,
    /// Keys and their postings.
    pub keys: BTreeMap<Box<str>, KeyList>,
    /// The typo vocabulary: every word of the pages with the number of pages holding it.
    pub vocabulary: BTreeMap<Box<str>, u32>,
}

/// Docs of a page with keys: one more than its last section with a posting.
fn docs_of(keys: &PageKeys) -> u32 {
    keys.postings.iter().map(|p| p.1 + 1).max().unwrap_or(0)
}

/// A page's postings by key: `(section, weight)` in section order.
fn by_key<'a>(keys: &PageKeys<'a>) -> BTreeMap<&'a str, Vec<(u32, u8)>> {
    let mut out: BTreeMap<&str, Vec<(u32, u8)>> = BTreeMap::new();
    for &(key, section, weight, _) in &keys.postings {
        out.entry(key).or_default().push((section, weight));
    }
    out
}

impl Index {
    /// Replaces page `page`'s keys `old` by `new`; returns the keys whose postings changed,
    /// sorted, each with the one block that changed (`None` when the key came, went, or was
    /// cut anew, and for a key in one list).
    pub fn patch(
        &mut self,
        page: u32,
        old: &PageKeys,
        new: &PageKeys,
    ) -> Vec<(Box<str>, Option<u32>)> {
        self.docs = self.docs + docs_of(new) - docs_of(old);
        for &w in &old.words {
            if let Some(n) = self.vocabulary.get_mut(w) {
                *n -= 1;
                if *n == 0 {
                    self.vocabulary.remove(w);
                }
            }
        }
        for &w in &new.words {
            *self.vocabulary.entry(w.into()).or_insert(0) += 1;
        }
        let (old_keys, new_keys) = (by_key(old), by_key(new));
        let mut dirty: Vec<(Box<str>, Option<u32>)> = Vec::new();
        let empty = Vec::new();
        let all: std::collections::BTreeSet<&str> =
            old_keys.keys().chain(new_keys.keys()).copied().collect();
        for key in all {
            let (was, is) = (
                old_keys.get(key).unwrap_or(&empty),
                new_keys.get(key).unwrap_or(&empty),
            );
            if was == is {
                continue;
            }
            let bits = weight_bits(key);
            let mut fresh = false;
            let list = self.keys.entry(key.into()).or_insert_with(|| {
                fresh = true;
                KeyList::new(key, String::new(), 0, None)
            });
            list.count = list.count + is.len() as u32 - was.len() as u32;
            let (k, first) = match list.shift {
                None => (0, 0),
                Some(shift) => (page >> shift, (page >> shift) << shift),
            };
            let at = match list.blocks.binary_search_by_key(&k, |b| b.k) {
                Ok(at) => at,
                Err(at) => {
                    list.blocks.insert(
                        at,
                        Block {
                            k,
                            text: String::new(),
                            max: 0,
                        },
                    );
                    at
                }
            };
            let cut = list.shift.is_some();
            let block = &mut list.blocks[at];
            postings::splice(&mut block.text, first, bits, page, is);
            if cut {
                block.max = postings::max_score(&block.text, first, bits);
            }
            if block.text.is_empty() && list.shift.is_some() {
                list.blocks.remove(at);
            }
            if list.count == 0 {
                self.keys.remove(key);
                dirty.push((key.into(), None));
                continue;
            }
            let shift = shift_for(list.count, self.pages, &self.layout);
            if shift != list.shift {
                *list = KeyList::new(key, list.whole(bits), list.count, shift);
                fresh = true;
            }
            let block = (!fresh && list.shift.is_some()).then_some(k);
            dirty.push((key.into(), block));
        }
        dirty.sort_unstable();
        dirty.dedup();
        dirty
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys::page_keys;
    use super::super::units::{Doc, Unit};
    use super::*;

    fn unit(sections: &[(&str, &str)]) -> Unit {
        Unit {
            path: "p".into(),
            title: "Page".into(),
            crumb: None,
            docs: sections
                .iter()
                .map(|(h, body)| Doc::new(h.to_string(), h, h, body))
                .collect(),
            changed: None,
        }
    }

    fn build(units: &[Unit], layout: Layout) -> Index {
        let mut c = Collector::default();
        for u in units {
            c.add(&page_keys(u));
        }
        c.finish(layout)
    }

    #[test]
    fn patching_a_page_gives_the_index_built_anew() {
        let layout = Layout {
            chunk_pages: 2,
            shard_bytes: 64,
            block_postings: 3,
            vocabulary_bytes: 256,
        };
        let mut units: Vec<Unit> = (0..12)
            .map(|i| {
                unit(&[
                    ("", &format!("pricing meetings page{i} 需求分析")),
                    (
                        "Close",
                        if i % 3 == 0 {
                            "sign 访 the order"
                        } else {
                            "sign"
                        },
                    ),
                ])
            })
            .collect();
        let mut index = build(&units, layout);
        assert!(index.keys["sign"].shift.is_some(), "a common key is cut");
        let edits: Vec<(usize, Vec<(&str, &str)>)> = vec![
            // Words removed, added, a new term no other page has, a section added.
            (
                4,
                vec![
                    ("", "pricing zebra 需要"),
                    ("Close", "sign"),
                    ("Next", "kick-off"),
                ],
            ),
            // The last 访 and the last 需要 go; a section less.
            (0, vec![("", "pricing")]),
            (3, vec![("", "meetings")]),
            (6, vec![("", "pricing 需要")]),
            (9, vec![("", "sign")]),
            (4, vec![("", "pricing")]),
        ];
        for (page, sections) in edits {
            let old = std::mem::replace(&mut units[page], unit(&sections));
            let dirty = index.patch(page as u32, &page_keys(&old), &page_keys(&units[page]));
            assert!(!dirty.is_empty());
            assert_eq!(index, build(&units, layout), "after editing page {page}");
        }
        assert!(!index.keys.contains_key("访"));
        assert!(!index.keys.contains_key("zebra"));
    }

    #[test]
    fn common_keys_are_cut_into_blocks_of_about_the_same_size() {
        let layout = Layout::default();
        assert_eq!(shift_for(4096, 10_000, &layout), None);
        // 50,000 postings over 10,000 pages: 512 pages (about 2,560 postings) a block.
        assert_eq!(shift_for(50_000, 10_000, &layout), Some(9));
        assert_eq!(shift_for(500_000, 100_000, &layout), Some(9));
        assert_eq!(shift_for(1_000_000, 1_000, &layout), Some(2));
        assert_eq!(shift_for(1_000_000, 10, &layout), Some(0));
    }
}
