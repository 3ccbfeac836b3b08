//! The index file: units merged into one inverted index and written as a script that assigns
//! `window.stagecraftSearch`, so that it loads with `<script src>` from a server or from disk.
//!
//! ```text
//! window.stagecraftSearch = {
//!   "v": 2,
//!   "stop": ["a", "an", …],                    // words that queries drop
//!   "pages": [                                  // path, title, parent page or -1, docs
//!     ["roadmaps/x/y/index.html", "Title", 0, [["", "", "text"], ["Heading", "anchor", "text"]]],
//!   …],
//!   "terms": ["meet", "需求", …],               // sorted by code point
//!   "post": ["…", …]                           // postings of terms[i], compact
//! };
//! ```
//!
//! Docs are numbered from 0 in page order; a page's first doc is its head (no heading, the
//! page title). Postings list the docs that hold a term, in doc order. Each is the number
//! `(doc - previous doc - 1) * 4 + weight` (the first one's previous doc is -1; weight bits as
//! in [`super::units::IN_HEADING`] and [`super::units::REPEATED`]), written in base 32 with
//! the last digit from [`FINAL`] and the others from [`MORE`]: no separators, one character
//! for most postings of common terms.
//!
//! [`Encoder`] keeps what it wrote, so that after an edit that changes a few pages (and not
//! their number of sections) it patches the postings of their terms instead of redoing all.

use super::tokenize::STOP_WORDS;
use super::units::Unit;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Digits that end a number.
pub const FINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits followed by more digits of the same number.
pub const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_$";

/// The global the index file assigns.
pub const GLOBAL: &str = "window.stagecraftSearch";

/// Appends `n` in the postings' base-32 digits.
pub fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 13];
    let mut len = 0;
    loop {
        digits[len] = (n % 32) as u8;
        len += 1;
        n /= 32;
        if n == 0 {
            break;
        }
    }
    for (k, d) in digits[..len].iter().rev().enumerate() {
        let alphabet = if k + 1 == len { FINAL } else { MORE };
        out.push(char::from(alphabet[usize::from(*d)]));
    }
}

/// Decodes a postings string into `(doc, weight)` pairs (the inverse of the encoding, for
/// tests and tools; the theme's script has its own).
pub fn decode_postings(s: &str) -> Option<Vec<(u32, u8)>> {
    let mut out = Vec::new();
    let (mut n, mut previous, mut open) = (0u64, -1i64, false);
    for b in s.bytes() {
        if let Some(d) = FINAL.iter().position(|&c| c == b) {
            n = n.checked_mul(32)? + d as u64;
            let doc = previous + 1 + i64::try_from(n >> 2).ok()?;
            out.push((u32::try_from(doc).ok()?, (n & 3) as u8));
            (previous, n, open) = (doc, 0, false);
        } else {
            n = n.checked_mul(32)? + MORE.iter().position(|&c| c == b)? as u64;
            open = true;
        }
    }
    (!open).then_some(out)
}

/// JSON text with `<`, `>` and `&` written as escapes (they occur only inside strings), so
/// that no text of the site reads as markup, wherever the file ends up.
fn push_json(out: &mut String, value: &impl serde::Serialize) {
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

/// One term's postings: `doc << 2 | weight` in doc order, and their encoded text.
#[derive(Default)]
struct Postings {
    list: Vec<u32>,
    text: String,
}

impl Postings {
    fn encode(&mut self) {
        self.text.clear();
        let mut previous = -1i64;
        for v in &self.list {
            let doc = i64::from(v >> 2);
            push_number(
                &mut self.text,
                ((doc - previous - 1) as u64) << 2 | u64::from(v & 3),
            );
            previous = doc;
        }
    }

    /// Where doc `doc`'s posting is, or would go.
    fn find(&self, doc: u32) -> Result<usize, usize> {
        self.list.binary_search_by_key(&doc, |v| v >> 2)
    }
}

/// Builds the index file and keeps what it needs to patch it after small changes.
#[derive(Default)]
pub struct Encoder {
    units: Vec<Arc<Unit>>,
    /// First doc of each unit, then the number of docs.
    first: Vec<u32>,
    /// Position of each unit by path.
    position: FxHashMap<String, usize>,
    /// Each unit's entry in `pages`, as JSON.
    pages: Vec<String>,
    terms: FxHashMap<Box<str>, Postings>,
    /// The terms in code point order.
    order: Vec<Box<str>>,
    /// Whether the last [`Encoder::update`] patched the previous index (rather than
    /// building it anew).
    pub patched: bool,
}

impl Encoder {
    /// The index file for `units`, in page order.
    pub fn update(&mut self, units: &[Arc<Unit>]) -> Vec<u8> {
        self.patched = self.patch(units);
        if !self.patched {
            self.rebuild(units);
        }
        self.write().into_bytes()
    }

    fn page_json(&self, unit: &Unit) -> String {
        let parent = unit
            .parent
            .as_deref()
            .and_then(|p| self.position.get(p))
            .map_or(-1, |&i| i as i64);
        let docs: Vec<(&str, &str, &str)> = unit
            .docs
            .iter()
            .map(|d| (d.heading.as_str(), d.anchor.as_str(), d.snippet.as_str()))
            .collect();
        let mut out = String::new();
        push_json(&mut out, &(&unit.path, &unit.title, parent, docs));
        out
    }

    fn rebuild(&mut self, units: &[Arc<Unit>]) {
        self.units = units.to_vec();
        self.position = positions(units.iter().map(|u| u.path.as_str()));
        self.first = Vec::with_capacity(units.len() + 1);
        let mut terms = Collect::default();
        for unit in units {
            self.first.push(terms.docs);
            terms.add(unit);
        }
        self.first.push(terms.docs);
        let this = &*self;
        let pages = units.par_iter().map(|u| this.page_json(u)).collect();
        self.pages = pages;
        (self.terms, self.order) = terms.finish();
    }

    /// Updates the index for the units that changed, if the pages are the same and each
    /// changed page kept its number of docs; returns whether it could.
    fn patch(&mut self, units: &[Arc<Unit>]) -> bool {
        if units.len() != self.units.len() {
            return false;
        }
        let changed: Vec<usize> = (0..units.len())
            .filter(|&i| !Arc::ptr_eq(&units[i], &self.units[i]))
            .collect();
        if changed.len() > units.len() / 10 + 1
            || changed.iter().any(|&i| {
                let (old, new) = (&self.units[i], &units[i]);
                old.path != new.path || old.parent != new.parent || old.docs.len() != new.docs.len()
            })
        {
            return false;
        }
        let mut dirty: Vec<Box<str>> = Vec::new();
        for &i in &changed {
            let first = self.first[i];
            let old = Arc::clone(&self.units[i]);
            for (k, d) in old.docs.iter().enumerate() {
                let doc = first + k as u32;
                for (term, _) in d.terms() {
                    if let Some(p) = self.terms.get_mut(term)
                        && let Ok(at) = p.find(doc)
                    {
                        p.list.remove(at);
                        dirty.push(term.into());
                    }
                }
            }
            for (k, d) in units[i].docs.iter().enumerate() {
                let doc = first + k as u32;
                for (term, w) in d.terms() {
                    let p = match self.terms.get_mut(term) {
                        Some(p) => p,
                        None => {
                            let at = self.order.partition_point(|t| &**t < term);
                            self.order.insert(at, term.into());
                            self.terms.entry(term.into()).or_default()
                        }
                    };
                    if let Err(at) = p.find(doc) {
                        p.list.insert(at, doc << 2 | u32::from(w));
                    }
                    dirty.push(term.into());
                }
            }
            self.units[i] = Arc::clone(&units[i]);
            self.pages[i] = self.page_json(&units[i]);
        }
        dirty.sort_unstable();
        dirty.dedup();
        for term in dirty {
            match self.terms.get_mut(&term) {
                Some(p) if p.list.is_empty() => {
                    self.terms.remove(&term);
                    if let Ok(at) = self.order.binary_search(&term) {
                        self.order.remove(at);
                    }
                }
                Some(p) => p.encode(),
                None => {}
            }
        }
        true
    }

    fn write(&self) -> String {
        let size = self.pages.iter().map(String::len).sum::<usize>()
            + self.order.iter().map(|t| t.len() + 3).sum::<usize>()
            + self.terms.values().map(|p| p.text.len() + 3).sum::<usize>();
        let mut out = String::with_capacity(size + 512);
        out.push_str(GLOBAL);
        out.push_str("={\"v\":2,\"stop\":");
        push_json(&mut out, &STOP_WORDS);
        out.push_str(",\"pages\":[");
        for (i, p) in self.pages.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(p);
        }
        // Terms are letters and digits, and postings the digits above: no escapes needed.
        out.push_str("],\"terms\":[");
        for (i, t) in self.order.iter().enumerate() {
            out.push_str(if i > 0 { ",\"" } else { "\"" });
            out.push_str(t);
            out.push('"');
        }
        out.push_str("],\"post\":[");
        for (i, t) in self.order.iter().enumerate() {
            out.push_str(if i > 0 { ",\"" } else { "\"" });
            out.push_str(self.terms.get(t).map_or("", |p| p.text.as_str()));
            out.push('"');
        }
        out.push_str("]};\n");
        out
    }
}

/// Position of each page by path.
fn positions<'a>(paths: impl Iterator<Item = &'a str>) -> FxHashMap<String, usize> {
    paths.enumerate().map(|(i, p)| (p.to_string(), i)).collect()
}

/// Postings being collected, unit after unit.
#[derive(Default)]
struct Collect {
    /// Terms by the hash each doc computed already; a term whose hash an earlier term has
    /// (a collision) goes by its text.
    by_hash: FxHashMap<u32, usize>,
    by_text: FxHashMap<Box<str>, usize>,
    list: Vec<(Box<str>, Postings)>,
    /// Docs so far.
    docs: u32,
}

impl Collect {
    fn add(&mut self, unit: &Unit) {
        for d in &unit.docs {
            for (term, w, hash) in d.hashed_terms() {
                let at = match self.by_hash.get(&hash) {
                    Some(&i) if &*self.list[i].0 == term => i,
                    Some(_) => match self.by_text.get(term) {
                        Some(&i) => i,
                        None => {
                            self.by_text.insert(term.into(), self.list.len());
                            self.list.push((term.into(), Postings::default()));
                            self.list.len() - 1
                        }
                    },
                    None => {
                        self.by_hash.insert(hash, self.list.len());
                        self.list.push((term.into(), Postings::default()));
                        self.list.len() - 1
                    }
                };
                self.list[at].1.list.push(self.docs << 2 | u32::from(w));
            }
            self.docs += 1;
        }
    }

    /// Every term's postings, encoded, and the terms in order.
    fn finish(mut self) -> (FxHashMap<Box<str>, Postings>, Vec<Box<str>>) {
        self.list.par_iter_mut().for_each(|(_, p)| p.encode());
        let mut order: Vec<Box<str>> = self.list.iter().map(|(t, _)| t.clone()).collect();
        order.par_sort_unstable();
        (self.list.into_iter().collect(), order)
    }
}

/// The index file for the pages at `paths`, made by `unit(i)` for page `i`, a few hundred at
/// a time (in parallel), so that only their postings and their JSON are kept, not the units:
/// the way of a one-off `build`, whose memory stays flat.
pub fn encode_streaming(paths: &[String], unit: impl Fn(usize) -> Unit + Sync) -> Vec<u8> {
    let mut enc = Encoder {
        position: positions(paths.iter().map(String::as_str)),
        ..Encoder::default()
    };
    let mut terms = Collect::default();
    let all: Vec<usize> = (0..paths.len()).collect();
    for chunk in all.chunks(256) {
        let made: Vec<(Unit, String)> = chunk
            .par_iter()
            .map(|&i| {
                let u = unit(i);
                let json = enc.page_json(&u);
                (u, json)
            })
            .collect();
        for (u, json) in made {
            enc.first.push(terms.docs);
            terms.add(&u);
            enc.pages.push(json);
        }
    }
    enc.first.push(terms.docs);
    (enc.terms, enc.order) = terms.finish();
    enc.write().into_bytes()
}

/// The index file for `units`, in page order, built from scratch.
pub fn encode(units: &[Arc<Unit>]) -> Vec<u8> {
    Encoder::default().update(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        let unit = Unit {
            path: "a/index.html".into(),
            title: "a < b && c > d".into(),
            parent: None,
            docs: vec![],
        };
        let text = String::from_utf8(encode(&[Arc::new(unit)])).unwrap();
        assert!(text.starts_with("window.stagecraftSearch={"), "{text}");
        assert!(
            text.contains(r#""a \u003c b \u0026\u0026 c \u003e d""#),
            "{text}"
        );
    }

    fn unit(path: &str, sections: &[(&str, &str)]) -> Arc<Unit> {
        use super::super::units::Doc;
        Arc::new(Unit {
            path: path.into(),
            title: format!("Page {path}"),
            parent: (path != "a").then(|| "a".to_string()),
            docs: sections
                .iter()
                .map(|(h, body)| Doc::new(h.to_string(), h, h, body))
                .collect(),
        })
    }

    #[test]
    fn patching_gives_the_same_file_as_starting_over() {
        let mut units = vec![
            unit(
                "a",
                &[
                    ("", "meetings about pricing"),
                    ("Close", "sign the order form"),
                ],
            ),
            unit("b", &[("", "需求分析 and discovery calls")]),
            unit(
                "c",
                &[("", "pricing 需求"), ("Risks", "discount without return")],
            ),
        ];
        let mut enc = Encoder::default();
        enc.update(&units);
        assert!(!enc.patched);
        // Edit one page: words removed, added, and a new term no other page has.
        units[2] = unit("c", &[("", "pricing zebra"), ("Risks", "discounts")]);
        let patched = enc.update(&units);
        assert!(enc.patched);
        assert_eq!(
            String::from_utf8(patched).unwrap(),
            String::from_utf8(encode(&units)).unwrap()
        );
        // A page with one more section: built anew, with the same result as from scratch.
        units[0] = unit(
            "a",
            &[("", "meetings"), ("Close", "sign"), ("Next", "kick-off")],
        );
        let rebuilt = enc.update(&units);
        assert!(!enc.patched);
        assert_eq!(rebuilt, encode(&units));
        // And the page's last term gone: the term leaves the index.
        units[1] = unit("b", &[("", "需求")]);
        let patched = enc.update(&units);
        assert!(enc.patched);
        assert_eq!(
            String::from_utf8(patched).unwrap(),
            String::from_utf8(encode(&units)).unwrap()
        );
        assert!(!enc.order.iter().any(|t| &**t == "discoveri"));
    }

    #[test]
    fn numbers_use_one_digit_per_five_bits() {
        let mut s = String::new();
        for n in [0, 31, 32, 1023, 1024] {
            push_number(&mut s, n);
            s.push(' ');
        }
        assert_eq!(s, "0 v B0 $v BA0 ");
    }

    #[test]
    fn postings_round_trip() {
        let list = [(0u32, 2u8), (1, 0), (5, 3), (40, 1), (100_000, 0)];
        let mut s = String::new();
        let mut previous = -1i64;
        for (doc, w) in list {
            push_number(
                &mut s,
                ((i64::from(doc) - previous - 1) as u64) << 2 | u64::from(w),
            );
            previous = i64::from(doc);
        }
        assert_eq!(decode_postings(&s).unwrap(), list);
        assert_eq!(decode_postings("A"), None, "a number must end");
        assert_eq!(decode_postings("!"), None);
    }
}
