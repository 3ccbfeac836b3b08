//! The index file: units merged into one inverted index and written as a script that assigns
//! `window.stagecraftSearch`, so that it loads with `<script src>` from a server or from disk.
//!
//! ```text
//! window.stagecraftSearch = {
//!   "v": 1,
//!   "stop": ["a", "an", …],                        // words queries drop
//!   "pages": [["roadmaps/x/index.html", "Title", -1], …],  // path, title, parent page or -1
//!   "docs": [[page, "Heading", "anchor", "text"], …],      // a page's head has no heading
//!   "terms": ["meet", "需求", …],                   // sorted by UTF-16 code units
//!   "post": ["…", …]                               // postings of terms[i], compact
//! };
//! ```
//!
//! Postings list the docs that hold a term, in doc order. Each is the number
//! `(doc - previous doc - 1) * 4 + weight` (the first one's previous doc is -1; weight bits
//! as in [`super::units::IN_HEADING`] and [`super::units::REPEATED`]), written in base 32 with
//! the last digit from [`FINAL`] and the others from [`MORE`]: no separators, one character
//! for most postings of common terms.

use super::tokenize::STOP_WORDS;
use super::units::Unit;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::Arc;

/// Digits that end a number.
pub const FINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits followed by more digits of the same number.
pub const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_$";

/// The global the index file assigns.
pub const GLOBAL: &str = "window.stagecraftSearch";

#[derive(Serialize)]
struct IndexJson<'a> {
    v: u32,
    stop: &'a [&'a str],
    pages: Vec<(&'a str, &'a str, i64)>,
    docs: Vec<(u32, &'a str, &'a str, &'a str)>,
    terms: Vec<&'a str>,
    post: Vec<String>,
}

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

/// The index file for `units`, in page order.
pub fn encode(units: &[Arc<Unit>]) -> Vec<u8> {
    let page_of: FxHashMap<&str, i64> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.path.as_str(), i as i64))
        .collect();
    let pages = units
        .iter()
        .map(|u| {
            let parent = u.parent.as_deref().and_then(|p| page_of.get(p).copied());
            (u.path.as_str(), u.title.as_str(), parent.unwrap_or(-1))
        })
        .collect();
    let mut docs = Vec::new();
    let mut postings: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (p, unit) in units.iter().enumerate() {
        for d in &unit.docs {
            let id = docs.len() as u32;
            docs.push((
                p as u32,
                d.heading.as_str(),
                d.anchor.as_str(),
                d.snippet.as_str(),
            ));
            for (term, w) in d.terms() {
                postings
                    .entry(term)
                    .or_default()
                    .push(id << 2 | u32::from(w));
            }
        }
    }
    let mut terms: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
    // The script binary-searches the terms with JavaScript's string order (UTF-16 code
    // units), which differs from Rust's only for characters beyond U+FFFF.
    terms.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let post = terms
        .iter()
        .map(|(_, list)| {
            let mut s = String::with_capacity(list.len() * 2);
            let mut previous = -1i64;
            for v in list {
                let doc = i64::from(v >> 2);
                push_number(
                    &mut s,
                    ((doc - previous - 1) as u64) << 2 | u64::from(v & 3),
                );
                previous = doc;
            }
            s
        })
        .collect();
    let json = IndexJson {
        v: 1,
        stop: STOP_WORDS,
        pages,
        docs,
        terms: terms.iter().map(|(t, _)| *t).collect(),
        post,
    };
    // Serializing plain strings and numbers into memory cannot fail.
    let text = serde_json::to_vec(&json).unwrap_or_else(|_| b"null".to_vec());
    let mut out = Vec::with_capacity(text.len() + GLOBAL.len() + 64);
    out.extend_from_slice(GLOBAL.as_bytes());
    out.push(b'=');
    // `<`, `>` and `&` occur only inside strings: written as escapes, no text of the site
    // reads as markup, wherever the file ends up.
    for b in text {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(b),
        }
    }
    out.extend_from_slice(b";\n");
    out
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
